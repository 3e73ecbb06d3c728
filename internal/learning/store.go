package learning

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
	"github.com/topcop-platform/topcop/internal/training"
)

// store is learning's SQL. It reads training's seats (nominations) and
// directory's people only to decide and scope, never writes them.
type store struct{ db *db.DB }

func encode(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func decode(s string, v any) error {
	if s == "" {
		return nil
	}
	return json.Unmarshal([]byte(s), v)
}

const questionCols = `id, course_id, outcome, kind, texts, choices, correct, archived_at, created_at, updated_at`

func scanQuestion(sc interface{ Scan(...any) error }) (Question, error) {
	var q Question
	var texts, choices, correct string
	var archived time.Time
	if err := sc.Scan(&q.ID, &q.CourseID, &q.Outcome, &q.Kind, &texts, &choices, &correct, db.T(&archived), db.T(&q.CreatedAt), db.T(&q.UpdatedAt)); err != nil {
		return q, err
	}
	q.Archived = !archived.IsZero()
	if err := errors.Join(decode(texts, &q.Texts), decode(choices, &q.Choices), decode(correct, &q.Correct)); err != nil {
		return q, err
	}
	if q.Correct == nil {
		q.Correct = []int{}
	}
	return q, nil
}

func (st *store) insertQuestion(ctx context.Context, q Question) error {
	_, err := st.db.Exec(ctx, `INSERT INTO questions (id, course_id, outcome, kind, texts, choices, correct, created_at, updated_at)
		VALUES (`+db.Placeholders(9)+`)`, q.ID, q.CourseID, q.Outcome, string(q.Kind), encode(q.Texts), encode(q.Choices), encode(q.Correct),
		db.T(&q.CreatedAt), db.T(&q.UpdatedAt))
	return err
}

func (st *store) question(ctx context.Context, id string) (Question, error) {
	q, err := scanQuestion(st.db.QueryRow(ctx, `SELECT `+questionCols+` FROM questions WHERE id = ?`, id))
	return q, db.NotFound(err, "question")
}

// questionsByID reads the questions of ids that exist.
func (st *store) questionsByID(ctx context.Context, ids []string) (map[string]Question, error) {
	out := map[string]Question{}
	if len(ids) == 0 {
		return out, nil
	}
	in := db.In("id", ids)
	rows, err := st.db.Query(ctx, `SELECT `+questionCols+` FROM questions WHERE `+in.SQL, in.Args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		q, err := scanQuestion(rows)
		if err != nil {
			return nil, db.Err(err)
		}
		out[q.ID] = q
	}
	return out, db.Err(rows.Err())
}

const testCols = `id, activity_id, kind, form, opens_at, closes_at, created_by, created_at`

func (st *store) insertTest(ctx context.Context, t Test) error {
	if _, err := st.db.Exec(ctx, `INSERT INTO tests (`+testCols+`) VALUES (`+db.Placeholders(8)+`)`,
		t.ID, t.ActivityID, string(t.Kind), t.Form, db.T(&t.OpensAt), db.T(&t.ClosesAt), t.CreatedBy, db.T(&t.CreatedAt)); err != nil {
		return err
	}
	for i, q := range t.QuestionIDs {
		if _, err := st.db.Exec(ctx, `INSERT INTO test_questions (test_id, question_id, position) VALUES (?, ?, ?)`, t.ID, q, i+1); err != nil {
			return err
		}
	}
	return nil
}

// formsMixed reports whether t's activity has a test of t's kind with
// the other form scheme: a single form ("") when t is A or B, or A or B
// when t is the single form.
func (st *store) formsMixed(ctx context.Context, t Test) (bool, error) {
	var n int
	err := st.db.QueryRow(ctx, `SELECT count(*) FROM tests WHERE activity_id = ? AND kind = ? AND (form = '') <> (? = '')`,
		t.ActivityID, string(t.Kind), t.Form).Scan(&n)
	return n > 0, db.Err(err)
}

// test reads a test with its question ids in order.
func (st *store) test(ctx context.Context, id string) (Test, error) {
	var t Test
	err := st.db.QueryRow(ctx, `SELECT `+testCols+` FROM tests WHERE id = ?`, id).
		Scan(&t.ID, &t.ActivityID, &t.Kind, &t.Form, db.T(&t.OpensAt), db.T(&t.ClosesAt), &t.CreatedBy, db.T(&t.CreatedAt))
	if err != nil {
		return t, db.NotFound(err, "test")
	}
	rows, err := st.db.Query(ctx, `SELECT question_id FROM test_questions WHERE test_id = ? ORDER BY position`, id)
	if err != nil {
		return t, err
	}
	defer rows.Close()
	t.QuestionIDs = []string{}
	for rows.Next() {
		var q string
		if err := rows.Scan(&q); err != nil {
			return t, db.Err(err)
		}
		t.QuestionIDs = append(t.QuestionIDs, q)
	}
	return t, db.Err(rows.Err())
}

// testQuestions are a test's questions in order.
func (st *store) testQuestions(ctx context.Context, t Test) ([]Question, error) {
	m, err := st.questionsByID(ctx, t.QuestionIDs)
	if err != nil {
		return nil, err
	}
	out := make([]Question, 0, len(t.QuestionIDs))
	for _, id := range t.QuestionIDs {
		if q, ok := m[id]; ok {
			out = append(out, q)
		}
	}
	return out, nil
}

// seatHolders maps the people holding a seat on an activity (a
// nomination selected or accepted) to their country.
func (st *store) seatHolders(ctx context.Context, activityID string) (map[string]string, error) {
	rows, err := st.db.Query(ctx, `SELECT person_id, country_code FROM nominations WHERE activity_id = ? AND status IN (?, ?)`,
		activityID, string(training.NomSelected), string(training.NomAccepted))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var id, c string
		if err := rows.Scan(&id, &c); err != nil {
			return nil, db.Err(err)
		}
		out[id] = c
	}
	return out, db.Err(rows.Err())
}

// holdsSeat reports whether personID holds a seat on activityID.
func (st *store) holdsSeat(ctx context.Context, activityID, personID string) (bool, error) {
	if !core.ValidID(personID) {
		return false, nil
	}
	var n int
	err := st.db.QueryRow(ctx, `SELECT count(*) FROM nominations WHERE activity_id = ? AND person_id = ? AND status IN (?, ?)`,
		activityID, personID, string(training.NomSelected), string(training.NomAccepted)).Scan(&n)
	return n > 0, db.Err(err)
}

const submissionCols = `test_id, person_id, answers, score, submitted_at, source, updated_at`

func scanSubmission(sc interface{ Scan(...any) error }) (Submission, error) {
	var s Submission
	var answers string
	var score sql.NullFloat64
	var at time.Time
	if err := sc.Scan(&s.TestID, &s.PersonID, &answers, &score, db.T(&at), &s.Source, db.T(&s.UpdatedAt)); err != nil {
		return s, err
	}
	if score.Valid {
		s.Score = &score.Float64
	}
	if !at.IsZero() {
		s.SubmittedAt = &at
	}
	s.Answers = map[string][]int{}
	return s, decode(answers, &s.Answers)
}

// submission is personID's submission of testID; found false if none.
func (st *store) submission(ctx context.Context, testID, personID string) (Submission, bool, error) {
	s, err := scanSubmission(st.db.QueryRow(ctx, `SELECT `+submissionCols+` FROM submissions WHERE test_id = ? AND person_id = ?`, testID, personID))
	if errors.Is(err, sql.ErrNoRows) {
		return Submission{}, false, nil
	}
	if err != nil {
		return Submission{}, false, db.Err(err)
	}
	return s, true, nil
}

// saveSubmission writes s (inserting or replacing the unsubmitted row
// of its test and person). A row already submitted is left alone: it
// reports false, and the caller answers already_submitted.
func (st *store) saveSubmission(ctx context.Context, s Submission, by string, now time.Time) (bool, error) {
	var score any
	if s.Score != nil {
		score = *s.Score
	}
	res, err := st.db.Exec(ctx, `INSERT INTO submissions (id, test_id, person_id, answers, score, submitted_at, source, entered_by, created_at, updated_at)
		VALUES (`+db.Placeholders(10)+`)
		ON CONFLICT (test_id, person_id) DO UPDATE SET answers = excluded.answers, score = excluded.score, submitted_at = excluded.submitted_at,
			source = excluded.source, entered_by = excluded.entered_by, updated_at = excluded.updated_at
		WHERE submissions.submitted_at IS NULL OR (submissions.source = ? AND excluded.source = ?)`,
		core.NewID(), s.TestID, s.PersonID, encode(s.Answers), score, db.T(s.SubmittedAt), string(s.Source), by, db.T(&now), db.T(&now),
		string(SourcePaper), string(SourcePaper))
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// results reads a test's final submissions of seat holders matching vis
// (a condition over nominations n), by country and name.
func (st *store) results(ctx context.Context, t Test, vis db.Cond) ([]Result, error) {
	args := append([]any{t.ID, string(training.NomSelected), string(training.NomAccepted)}, vis.Args...)
	rows, err := st.db.Query(ctx, `SELECT s.person_id, p.given_name, p.family_name, n.country_code, s.score, s.source, s.submitted_at
		FROM submissions s JOIN tests t ON t.id = s.test_id
		JOIN nominations n ON n.activity_id = t.activity_id AND n.person_id = s.person_id
		JOIN people p ON p.id = s.person_id
		WHERE s.test_id = ? AND s.submitted_at IS NOT NULL AND n.status IN (?, ?) AND `+vis.SQL+`
		ORDER BY n.country_code, p.sort_name, p.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Result{}
	for rows.Next() {
		var r Result
		var given, family string
		var score sql.NullFloat64
		if err := rows.Scan(&r.PersonID, &given, &family, &r.CountryCode, &score, &r.Source, db.T(&r.SubmittedAt)); err != nil {
			return nil, db.Err(err)
		}
		r.Name, r.Score = strings.TrimSpace(given+" "+family), score.Float64
		out = append(out, r)
	}
	return out, db.Err(rows.Err())
}

// nominationPosition is the position (from 0) of personID's nomination
// among activityID's nominations in the order they were made (their ids
// are time-ordered); ok false when they have none.
func (st *store) nominationPosition(ctx context.Context, activityID, personID string) (int, bool, error) {
	var n, mine int
	err := st.db.QueryRow(ctx, `SELECT (SELECT count(*) FROM nominations m WHERE m.activity_id = n.activity_id AND m.id < n.id), 1
		FROM nominations n WHERE n.activity_id = ? AND n.person_id = ?`, activityID, personID).Scan(&n, &mine)
	if err == sql.ErrNoRows {
		return 0, false, nil
	}
	return n, err == nil, db.Err(err)
}
