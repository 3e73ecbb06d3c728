package learning

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/topcop-platform/topcop/internal/audit"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
	"github.com/topcop-platform/topcop/internal/training"
)

// What the manager pages (web_manage.go) read beyond service.go: a
// course's question bank, an activity's tests with their counts, the
// score sheet of a test and the seat holders behind the e-mail addresses
// of a scores file; and their SQL, kept beside them.

// TestSummary is a test of an activity as its managers list it: the
// test, the number of its questions and of its final submissions (online
// or on paper).
type TestSummary struct {
	Test
	Questions   int
	Submissions int
}

// ScoreRow is one participant (a seat holder) of a test's activity on
// its score sheet, with their submission of the test if any.
type ScoreRow struct {
	PersonID    string
	Name        string
	CountryCode string
	// Score and Source are those of the final submission; Submitted
	// false with Draft true when the participant has saved answers online
	// without submitting them.
	Score     *float64
	Source    Source
	Submitted bool
	Draft     bool
}

// ScoreSheet is a test with its activity's participants, for entering
// paper scores.
type ScoreSheet struct {
	Test     Test
	Activity training.Activity
	Rows     []ScoreRow
}

// managesActivity reports whether a managesActivity act: staff, or one of its trainers.
func managesActivity(a core.Actor, act training.Activity) bool {
	return a.IsStaff() || trains(act, a.PersonID)
}

// CourseQuestions lists a course's question bank, oldest first, with the
// correct choices: coordinators and admins. Errors: forbidden,
// not_found (course), unauthenticated.
func (s *Service) CourseQuestions(ctx context.Context, courseID string) (training.Course, []Question, error) {
	a, err := reader(ctx)
	if err != nil {
		return training.Course{}, nil, err
	}
	if !a.IsStaff() {
		return training.Course{}, nil, core.Errorf(core.Forbidden, "only coordinators keep question banks")
	}
	if !core.ValidID(courseID) {
		return training.Course{}, nil, notFound("course")
	}
	c, err := s.training.Course(ctx, courseID)
	if err != nil {
		return c, nil, err
	}
	var qs []Question
	err = s.db.Read(ctx, func(ctx context.Context) error {
		qs, err = s.st.courseQuestions(ctx, c.ID)
		return err
	})
	return c, qs, err
}

// ActivityTests lists an activity's tests (pre before post, form A
// before B) with their counts: coordinators, admins and the activity's
// trainers. Errors: not_found (the activity; and for anyone else, whose
// business its tests are not), unauthenticated.
func (s *Service) ActivityTests(ctx context.Context, activityID string) (training.Activity, []TestSummary, error) {
	a, err := reader(ctx)
	if err != nil {
		return training.Activity{}, nil, err
	}
	if !core.ValidID(activityID) {
		return training.Activity{}, nil, notFound("activity")
	}
	act, err := s.training.Activity(ctx, activityID, "")
	if err != nil {
		return act, nil, err
	}
	if !managesActivity(a, act) {
		return training.Activity{}, nil, notFound("activity")
	}
	var out []TestSummary
	err = s.db.Read(ctx, func(ctx context.Context) error {
		out, err = s.st.activityTests(ctx, act.ID)
		return err
	})
	return act, out, err
}

// ScoreSheet reads a test with its activity's participants (by country
// and name) and their scores on it, for entering paper scores: the
// activity's trainers, coordinators and admins. The people listed are
// recorded as a read of personal data. Errors: not_found (the test; and
// for anyone else, as Test answers them), unauthenticated.
func (s *Service) ScoreSheet(ctx context.Context, testID string) (ScoreSheet, error) {
	a, err := reader(ctx)
	if err != nil {
		return ScoreSheet{}, err
	}
	t, act, role, err := s.access(ctx, a, testID)
	if err != nil {
		return ScoreSheet{}, err
	}
	if role != roleManager {
		return ScoreSheet{}, notFound("test")
	}
	sheet := ScoreSheet{Test: t, Activity: act}
	err = s.db.Read(ctx, func(ctx context.Context) error {
		sheet.Rows, err = s.st.scoreSheet(ctx, t.ID, act.ID)
		return err
	})
	if err != nil {
		return ScoreSheet{}, err
	}
	if len(sheet.Rows) > 0 {
		ids := make([]string, len(sheet.Rows))
		for i, r := range sheet.Rows {
			ids[i] = r.PersonID
		}
		if err := s.log.RecordRead(ctx, audit.Event{Action: "learning.score_sheet_read", Entity: "test", EntityID: t.ID,
			Details: map[string]any{"person_ids": ids, "count": len(ids)}}); err != nil {
			return ScoreSheet{}, err
		}
	}
	return sheet, nil
}

// SeatsByEmail maps the e-mail addresses among emails (compared without
// case) of people holding a seat on a test's activity to their ids, for
// a scores file that names people by e-mail: those who manage the test,
// as ScoreSheet. It reveals no address: the caller gave them. Errors as
// ScoreSheet.
func (s *Service) SeatsByEmail(ctx context.Context, testID string, emails []string) (map[string]string, error) {
	a, err := reader(ctx)
	if err != nil {
		return nil, err
	}
	_, act, role, err := s.access(ctx, a, testID)
	if err != nil {
		return nil, err
	}
	if role != roleManager {
		return nil, notFound("test")
	}
	want := map[string]bool{}
	for _, e := range emails {
		if e = strings.ToLower(strings.TrimSpace(e)); e != "" {
			want[e] = true
		}
	}
	out := map[string]string{}
	if len(want) == 0 {
		return out, nil
	}
	err = s.db.Read(ctx, func(ctx context.Context) error {
		seats, err := s.st.seatEmails(ctx, act.ID)
		for email, id := range seats {
			if want[email] {
				out[email] = id
			}
		}
		return err
	})
	return out, err
}

// --- SQL ---

// courseQuestions reads a course's questions, oldest first.
func (st *store) courseQuestions(ctx context.Context, courseID string) ([]Question, error) {
	rows, err := st.db.Query(ctx, `SELECT `+questionCols+` FROM questions WHERE course_id = ? ORDER BY created_at, id`, courseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Question{}
	for rows.Next() {
		q, err := scanQuestion(rows)
		if err != nil {
			return nil, db.Err(err)
		}
		out = append(out, q)
	}
	return out, db.Err(rows.Err())
}

// activityTests reads an activity's tests with the number of questions
// and of final submissions of each.
func (st *store) activityTests(ctx context.Context, activityID string) ([]TestSummary, error) {
	rows, err := st.db.Query(ctx, `SELECT t.id, t.activity_id, t.kind, t.form, t.opens_at, t.closes_at, t.created_by, t.created_at,
			(SELECT count(*) FROM test_questions q WHERE q.test_id = t.id),
			(SELECT count(*) FROM submissions s WHERE s.test_id = t.id AND s.submitted_at IS NOT NULL)
		FROM tests t WHERE t.activity_id = ?
		ORDER BY CASE t.kind WHEN ? THEN 0 ELSE 1 END, t.form, t.opens_at, t.id`, activityID, string(TestPre))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []TestSummary{}
	for rows.Next() {
		var t TestSummary
		if err := rows.Scan(&t.ID, &t.ActivityID, &t.Kind, &t.Form, db.T(&t.OpensAt), db.T(&t.ClosesAt), &t.CreatedBy, db.T(&t.CreatedAt),
			&t.Questions, &t.Submissions); err != nil {
			return nil, db.Err(err)
		}
		out = append(out, t)
	}
	return out, db.Err(rows.Err())
}

// scoreSheet reads the seat holders of an activity (a nomination
// selected or accepted) with their submission of testID, by country and
// name.
func (st *store) scoreSheet(ctx context.Context, testID, activityID string) ([]ScoreRow, error) {
	rows, err := st.db.Query(ctx, `SELECT n.person_id, p.given_name, p.family_name, n.country_code, s.score, s.source, s.submitted_at, s.test_id
		FROM nominations n JOIN people p ON p.id = n.person_id
		LEFT JOIN submissions s ON s.test_id = ? AND s.person_id = n.person_id
		WHERE n.activity_id = ? AND n.status IN (?, ?)
		ORDER BY n.country_code, p.sort_name, p.id`,
		testID, activityID, string(training.NomSelected), string(training.NomAccepted))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []ScoreRow{}
	for rows.Next() {
		var r ScoreRow
		var given, family string
		var score sql.NullFloat64
		var source, sub sql.NullString
		var at time.Time
		if err := rows.Scan(&r.PersonID, &given, &family, &r.CountryCode, &score, &source, db.T(&at), &sub); err != nil {
			return nil, db.Err(err)
		}
		r.Name = strings.TrimSpace(given + " " + family)
		r.Submitted = !at.IsZero()
		r.Draft = sub.Valid && !r.Submitted
		if r.Submitted {
			r.Source = Source(source.String)
			if score.Valid {
				r.Score = &score.Float64
			}
		}
		out = append(out, r)
	}
	return out, db.Err(rows.Err())
}

// seatEmails maps the lower-cased e-mail addresses of an activity's seat
// holders to their ids (people without one are left out).
func (st *store) seatEmails(ctx context.Context, activityID string) (map[string]string, error) {
	rows, err := st.db.Query(ctx, `SELECT p.email, p.id FROM nominations n JOIN people p ON p.id = n.person_id
		WHERE n.activity_id = ? AND n.status IN (?, ?) AND p.email <> ''`,
		activityID, string(training.NomSelected), string(training.NomAccepted))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var email, id string
		if err := rows.Scan(&email, &id); err != nil {
			return nil, db.Err(err)
		}
		out[strings.ToLower(email)] = id
	}
	return out, db.Err(rows.Err())
}
