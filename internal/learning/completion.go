package learning

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"time"

	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
	"github.com/topcop-platform/topcop/internal/i18n"
	"github.com/topcop-platform/topcop/internal/training"
)

// The completion rule's conditions (issue 9 item 2). Training decides
// completion by attendance (at least the activity's rate of days); an
// activity may add, here, that the participant took the post-test,
// scored at least a minimum on it, and answered the satisfaction survey.
// Learning plugs them into training (training.CompletionRule), so that
// the participants list, its page and the certificates to come see one
// rule.

// Condition codes, as training's participants list names them.
const (
	CondPostTest  = "post_test"
	CondPostScore = "post_score" // written "post_score:<minimum>"
	CondSurvey    = "survey"
)

// Completion is the conditions an activity's completion rule adds to
// attendance.
type Completion struct {
	ActivityID   string    `json:"activity_id"`
	PostTest     bool      `json:"post_test" doc:"The post-test must be taken (submitted online or scored on paper)"`
	MinPostScore *float64  `json:"min_post_score,omitempty" doc:"The lowest post-test score (0–100) that completes; implies post_test"`
	Survey       bool      `json:"survey" doc:"The satisfaction survey must be answered"`
	UpdatedAt    time.Time `json:"updated_at,omitzero"`
}

// codes are c's conditions as training lists them.
func (c Completion) codes() []string {
	var out []string
	if c.PostTest && c.MinPostScore == nil {
		out = append(out, CondPostTest)
	}
	if c.MinPostScore != nil {
		out = append(out, CondPostScore+":"+strconv.FormatFloat(*c.MinPostScore, 'f', -1, 64))
	}
	if c.Survey {
		out = append(out, CondSurvey)
	}
	return out
}

// CompletionInput sets an activity's conditions.
type CompletionInput struct {
	PostTest     bool
	MinPostScore *float64
	Survey       bool
}

// SetCompletion sets the conditions an activity's completion rule adds
// to attendance: coordinators and admins. A minimum score implies the
// post-test. Errors: invalid (min_post_score: out_of_range), forbidden,
// not_found (activity).
func (s *Service) SetCompletion(ctx context.Context, activityID string, in CompletionInput) (Completion, error) {
	a, err := staffWriter(ctx)
	if err != nil {
		return Completion{}, err
	}
	if !core.ValidID(activityID) {
		return Completion{}, notFound("activity")
	}
	act, err := s.training.Activity(ctx, activityID, "")
	if err != nil {
		return Completion{}, err
	}
	var v core.Validation
	if m := in.MinPostScore; m != nil && (*m < 0 || *m > 100) {
		v.Add("min_post_score", CodeOutOfRange, "100")
	}
	if err := v.Err(); err != nil {
		return Completion{}, err
	}
	c := Completion{ActivityID: act.ID, PostTest: in.PostTest || in.MinPostScore != nil, MinPostScore: in.MinPostScore, Survey: in.Survey,
		UpdatedAt: s.now()}
	err = s.db.Write(ctx, func(ctx context.Context) error {
		if err := s.st.saveCompletion(ctx, c, a.Label()); err != nil {
			return err
		}
		return s.record(ctx, "completion", "set", act.ID, map[string]any{"post_test": c.PostTest, "min_post_score": c.MinPostScore, "survey": c.Survey})
	})
	return c, err
}

// Completion returns an activity's conditions (none set: all false):
// every signed-in actor, like the activity. Errors: not_found,
// unauthenticated.
func (s *Service) Completion(ctx context.Context, activityID string) (Completion, error) {
	if _, err := reader(ctx); err != nil {
		return Completion{}, err
	}
	if !core.ValidID(activityID) {
		return Completion{}, notFound("activity")
	}
	if _, err := s.training.Activity(ctx, activityID, ""); err != nil {
		return Completion{}, err
	}
	c, _, err := s.st.completion(ctx, activityID)
	return c, err
}

// completionRule is learning's part of training's completion rule.
type completionRule struct{ st *store }

// Unmet implements training.CompletionRule.
func (r completionRule) Unmet(ctx context.Context, activityID string, people []string) ([]string, map[string][]string, error) {
	c, found, err := r.st.completion(ctx, activityID)
	if err != nil || !found {
		return nil, nil, err
	}
	codes := c.codes()
	if len(codes) == 0 || len(people) == 0 {
		return codes, nil, nil
	}
	post, err := r.st.postScores(ctx, activityID)
	if err != nil {
		return nil, nil, err
	}
	answered := map[string]bool{}
	if c.Survey {
		if answered, err = r.st.satisfactionRespondents(ctx, activityID); err != nil {
			return nil, nil, err
		}
	}
	unmet := map[string][]string{}
	for _, p := range people {
		score, took := post[p]
		var miss []string
		switch {
		case c.MinPostScore != nil && (!took || score < *c.MinPostScore):
			miss = append(miss, codes[0])
		case c.PostTest && !took:
			miss = append(miss, CondPostTest)
		}
		if c.Survey && !answered[p] {
			miss = append(miss, CondSurvey)
		}
		if len(miss) > 0 {
			unmet[p] = miss
		}
	}
	return codes, unmet, nil
}

// Label implements training.CompletionRule.
func (completionRule) Label(l *i18n.Localizer, condition string) string {
	code, min, _ := strings.Cut(condition, ":")
	switch code {
	case CondPostTest, CondSurvey:
		return l.T("learning.completion." + code)
	case CondPostScore:
		if f, err := strconv.ParseFloat(min, 64); err == nil {
			score := l.Number(int(f))
			if f != float64(int(f)) {
				score = strconv.FormatFloat(f, 'f', 1, 64)
				if l.Lang() != "en" {
					score = strings.Replace(score, ".", ",", 1)
				}
			}
			return l.T("learning.completion.post_score", "Score", score)
		}
	}
	return condition
}

var _ training.CompletionRule = completionRule{}

// --- SQL ---

func (st *store) saveCompletion(ctx context.Context, c Completion, by string) error {
	var min any
	if c.MinPostScore != nil {
		min = *c.MinPostScore
	}
	_, err := st.db.Exec(ctx, `INSERT INTO completion_conditions (activity_id, post_test, min_post_score, survey, updated_by, updated_at)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (activity_id) DO UPDATE SET post_test = excluded.post_test,
		min_post_score = excluded.min_post_score, survey = excluded.survey, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
		c.ActivityID, c.PostTest, min, c.Survey, by, db.T(&c.UpdatedAt))
	return err
}

// completion reads an activity's conditions; found false (and all
// false) when none were set.
func (st *store) completion(ctx context.Context, activityID string) (Completion, bool, error) {
	c := Completion{ActivityID: activityID}
	var min sql.NullFloat64
	err := st.db.QueryRow(ctx, `SELECT post_test, min_post_score, survey, updated_at FROM completion_conditions WHERE activity_id = ?`, activityID).
		Scan(&c.PostTest, &min, &c.Survey, db.T(&c.UpdatedAt))
	if err == sql.ErrNoRows {
		return c, false, nil
	}
	if err != nil {
		return c, false, db.Err(err)
	}
	if min.Valid {
		c.MinPostScore = &min.Float64
	}
	return c, true, nil
}

// postScores are the best submitted post-test score of each person on
// an activity (any form, online or paper).
func (st *store) postScores(ctx context.Context, activityID string) (map[string]float64, error) {
	rows, err := st.db.Query(ctx, `SELECT s.person_id, max(s.score) FROM submissions s JOIN tests t ON t.id = s.test_id
		WHERE t.activity_id = ? AND t.kind = ? AND s.submitted_at IS NOT NULL AND s.score IS NOT NULL GROUP BY s.person_id`,
		activityID, string(TestPost))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]float64{}
	for rows.Next() {
		var p string
		var score float64
		if err := rows.Scan(&p, &score); err != nil {
			return nil, db.Err(err)
		}
		out[p] = score
	}
	return out, db.Err(rows.Err())
}

// satisfactionRespondents are the people who answered an activity's
// satisfaction survey.
func (st *store) satisfactionRespondents(ctx context.Context, activityID string) (map[string]bool, error) {
	rows, err := st.db.Query(ctx, `SELECT r.person_id FROM survey_respondents r JOIN surveys v ON v.id = r.survey_id
		WHERE v.activity_id = ? AND v.kind = ?`, activityID, string(SurveySatisfaction))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			return nil, db.Err(err)
		}
		out[p] = true
	}
	return out, db.Err(rows.Err())
}
