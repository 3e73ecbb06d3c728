package learning

import (
	"context"
	"database/sql"
	"maps"
	"slices"
	"time"

	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
)

// What "My training" (internal/mytraining) reads of learning for the
// person linked to the signed-in account, to hand them everything the
// platform holds on them: their test submissions with their answers, and
// which surveys they answered. The person is always the actor's own
// (a.PersonID, in the SQL). What they answered in a survey is not here:
// the answers are stored apart from who answered (survey_responses has no
// person), so they cannot be told apart from anyone else's.

// MySubmission is one of the person's tests as they took it: their
// answers (with the texts of the questions and of the choices they
// picked, never which are correct) and, once submitted, the score.
type MySubmission struct {
	TestID      string     `json:"test_id"`
	ActivityID  string     `json:"activity_id"`
	Kind        TestKind   `json:"kind"`
	Form        string     `json:"form,omitempty"`
	Score       *float64   `json:"score,omitempty"`
	SubmittedAt *time.Time `json:"submitted_at,omitempty"`
	Source      Source     `json:"source"`
	UpdatedAt   time.Time  `json:"updated_at"`
	Answers     []MyAnswer `json:"answers"`
}

// MyAnswer is the person's answer to one question of a test.
type MyAnswer struct {
	QuestionID string              `json:"question_id"`
	Question   map[string]string   `json:"question" doc:"The question by language code"`
	Chosen     []int               `json:"chosen" doc:"Indexes (from 0) of the choices picked"`
	Choices    []map[string]string `json:"chosen_texts" doc:"The choices picked, by language code"`
}

// AnsweredSurvey is a survey the person answered: when, never what.
type AnsweredSurvey struct {
	SurveyID   string     `json:"survey_id"`
	ActivityID string     `json:"activity_id"`
	Kind       SurveyKind `json:"kind"`
	AnsweredAt time.Time  `json:"answered_at"`
}

// MySubmissions lists every test submission of the person linked to the
// signed-in account (saved answers and submitted tests, online or on
// paper), in the order the tests open, with their answers. An account
// linked to no person has none. Errors: unauthenticated.
func (s *Service) MySubmissions(ctx context.Context) ([]MySubmission, error) {
	a, err := reader(ctx)
	if err != nil || !core.ValidID(a.PersonID) {
		return []MySubmission{}, err
	}
	out := []MySubmission{}
	err = s.db.Read(ctx, func(ctx context.Context) error {
		subs, questionIDs, err := s.st.mySubmissions(ctx, a.PersonID)
		if err != nil {
			return err
		}
		qs, err := s.st.questionsByID(ctx, questionIDs)
		if err != nil {
			return err
		}
		for _, sub := range subs {
			for _, id := range slices.Sorted(maps.Keys(sub.answers)) {
				q := qs[id]
				ans := MyAnswer{QuestionID: id, Question: q.Texts, Chosen: sub.answers[id], Choices: []map[string]string{}}
				for _, c := range ans.Chosen {
					if c >= 0 && c < len(q.Choices) {
						ans.Choices = append(ans.Choices, q.Choices[c].Texts)
					}
				}
				sub.Answers = append(sub.Answers, ans)
			}
			out = append(out, sub.MySubmission)
		}
		return nil
	})
	return out, err
}

// MySurveysAnswered lists the surveys the person linked to the signed-in
// account answered, by when: the fact and its time, which is all that
// links them to a survey. An account linked to no person has none.
// Errors: unauthenticated.
func (s *Service) MySurveysAnswered(ctx context.Context) ([]AnsweredSurvey, error) {
	a, err := reader(ctx)
	if err != nil || !core.ValidID(a.PersonID) {
		return []AnsweredSurvey{}, err
	}
	rows, err := s.db.Query(ctx, `SELECT s.id, s.activity_id, s.kind, r.answered_at FROM survey_respondents r
		JOIN surveys s ON s.id = r.survey_id WHERE r.person_id = ? ORDER BY r.answered_at, s.id`, a.PersonID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []AnsweredSurvey{}
	for rows.Next() {
		var sv AnsweredSurvey
		if err := rows.Scan(&sv.SurveyID, &sv.ActivityID, &sv.Kind, db.T(&sv.AnsweredAt)); err != nil {
			return nil, db.Err(err)
		}
		out = append(out, sv)
	}
	return out, db.Err(rows.Err())
}

// mySubmission is a submission as read, with its answers by question.
type mySubmission struct {
	MySubmission
	answers map[string][]int
}

// mySubmissions reads personID's submissions with their tests, and the
// ids of the questions they answered.
func (st *store) mySubmissions(ctx context.Context, personID string) ([]mySubmission, []string, error) {
	rows, err := st.db.Query(ctx, `SELECT t.id, t.activity_id, t.kind, t.form, s.answers, s.score, s.submitted_at, s.source, s.updated_at
		FROM submissions s JOIN tests t ON t.id = s.test_id WHERE s.person_id = ? ORDER BY t.opens_at, t.id`, personID)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var out []mySubmission
	seen := map[string]bool{}
	var ids []string
	for rows.Next() {
		var sub mySubmission
		var answers string
		var score sql.NullFloat64
		var at time.Time
		if err := rows.Scan(&sub.TestID, &sub.ActivityID, &sub.Kind, &sub.Form, &answers, &score, db.T(&at), &sub.Source,
			db.T(&sub.UpdatedAt)); err != nil {
			return nil, nil, db.Err(err)
		}
		if score.Valid {
			sub.Score = &score.Float64
		}
		if !at.IsZero() {
			sub.SubmittedAt = &at
		}
		sub.answers, sub.Answers = map[string][]int{}, []MyAnswer{}
		if err := decode(answers, &sub.answers); err != nil {
			return nil, nil, err
		}
		for id := range sub.answers {
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
		out = append(out, sub)
	}
	return out, ids, db.Err(rows.Err())
}
