package learning

import (
	"context"
	"time"

	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
	"github.com/topcop-platform/topcop/internal/training"
)

// What the survey pages need of the service beyond surveys.go: the
// surveys a person has still to answer, for the home page's panel, and
// its SQL (kept beside it: surveys_store.go is the API's).

// maxToAnswer bounds the rows read for one person (two surveys an
// activity, a few activities a year, each open for weeks).
const maxToAnswer = 200

// SurveyToAnswer is one open survey the signed-in person has not
// answered: a survey of an activity where they hold a seat, or a
// satisfaction survey of one they train.
type SurveyToAnswer struct {
	ID         string
	ActivityID string
	Kind       SurveyKind
	OpensAt    time.Time
	ClosesAt   time.Time
}

// SurveysToAnswer lists the surveys open now that the signed-in person
// may answer and has not: of the activities where they hold a seat (a
// nomination selected or accepted), and the satisfaction surveys of the
// activities they train, the soonest to close first; at most limit of
// them (0: all), with the number there are. An account linked to no
// person has none. Nothing personal of anyone else is read, so nothing is
// recorded. Errors: unauthenticated.
func (s *Service) SurveysToAnswer(ctx context.Context, limit int) ([]SurveyToAnswer, int, error) {
	a, err := reader(ctx)
	if err != nil {
		return nil, 0, err
	}
	if !core.ValidID(a.PersonID) {
		return nil, 0, nil
	}
	var out []SurveyToAnswer
	err = s.db.Read(ctx, func(ctx context.Context) error {
		out, err = s.st.surveysToAnswer(ctx, a.PersonID, s.now())
		return err
	})
	if err != nil {
		return nil, 0, err
	}
	total := len(out)
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, total, nil
}

// surveysToAnswer reads the surveys open at now that personID may answer
// (a seat on the activity; for a satisfaction survey, training it too)
// and has not, closing soonest first.
func (st *store) surveysToAnswer(ctx context.Context, personID string, now time.Time) ([]SurveyToAnswer, error) {
	rows, err := st.db.Query(ctx, `SELECT s.id, s.activity_id, s.kind, s.opens_at, s.closes_at FROM surveys s
		WHERE s.opens_at <= ? AND s.closes_at > ?
		AND (EXISTS (SELECT 1 FROM nominations n WHERE n.activity_id = s.activity_id AND n.person_id = ? AND n.status IN (?, ?))
			OR (s.kind = ? AND EXISTS (SELECT 1 FROM activity_trainers t WHERE t.activity_id = s.activity_id AND t.person_id = ?)))
		AND NOT EXISTS (SELECT 1 FROM survey_respondents r WHERE r.survey_id = s.id AND r.person_id = ?)
		ORDER BY s.closes_at, s.id LIMIT ?`,
		db.T(&now), db.T(&now), personID, string(training.NomSelected), string(training.NomAccepted),
		string(SurveySatisfaction), personID, personID, maxToAnswer)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []SurveyToAnswer
	for rows.Next() {
		var sv SurveyToAnswer
		if err := rows.Scan(&sv.ID, &sv.ActivityID, &sv.Kind, db.T(&sv.OpensAt), db.T(&sv.ClosesAt)); err != nil {
			return nil, db.Err(err)
		}
		out = append(out, sv)
	}
	return out, db.Err(rows.Err())
}
