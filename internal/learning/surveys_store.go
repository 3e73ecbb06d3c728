package learning

import (
	"context"
	"time"

	"github.com/topcop-platform/topcop/internal/db"
	"github.com/topcop-platform/topcop/internal/training"
)

const surveyCols = `id, activity_id, kind, opens_at, closes_at, created_by, created_at`

func scanSurvey(sc interface{ Scan(...any) error }) (Survey, error) {
	var sv Survey
	err := sc.Scan(&sv.ID, &sv.ActivityID, &sv.Kind, db.T(&sv.OpensAt), db.T(&sv.ClosesAt), &sv.CreatedBy, db.T(&sv.CreatedAt))
	return sv, err
}

func (st *store) insertSurvey(ctx context.Context, sv Survey) error {
	_, err := st.db.Exec(ctx, `INSERT INTO surveys (`+surveyCols+`) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		sv.ID, sv.ActivityID, string(sv.Kind), db.T(&sv.OpensAt), db.T(&sv.ClosesAt), sv.CreatedBy, db.T(&sv.CreatedAt))
	return err
}

func (st *store) survey(ctx context.Context, id string) (Survey, error) {
	sv, err := scanSurvey(st.db.QueryRow(ctx, `SELECT `+surveyCols+` FROM surveys WHERE id = ?`, id))
	if err != nil {
		return sv, db.NotFound(err, "survey")
	}
	return sv, nil
}

// surveys are an activity's surveys, satisfaction first.
func (st *store) surveys(ctx context.Context, activityID string) ([]Survey, error) {
	rows, err := st.db.Query(ctx, `SELECT `+surveyCols+` FROM surveys WHERE activity_id = ? ORDER BY opens_at, kind`, activityID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Survey{}
	for rows.Next() {
		sv, err := scanSurvey(rows)
		if err != nil {
			return nil, db.Err(err)
		}
		out = append(out, sv)
	}
	return out, db.Err(rows.Err())
}

// answered reports whether personID has answered surveyID.
func (st *store) answered(ctx context.Context, surveyID, personID string) (bool, error) {
	var n int
	err := st.db.QueryRow(ctx, `SELECT count(*) FROM survey_respondents WHERE survey_id = ? AND person_id = ?`, surveyID, personID).Scan(&n)
	return n > 0, db.Err(err)
}

// markAnswered records that personID answered surveyID; false when they
// had already (a racing second answer).
func (st *store) markAnswered(ctx context.Context, surveyID, personID string, now time.Time) (bool, error) {
	res, err := st.db.Exec(ctx, `INSERT INTO survey_respondents (survey_id, person_id, answered_at) VALUES (?, ?, ?)
		ON CONFLICT (survey_id, person_id) DO NOTHING`, surveyID, personID, db.T(&now))
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, db.Err(err)
}

func (st *store) insertResponse(ctx context.Context, id, surveyID, role string, answers map[string]int, texts map[string]string) error {
	_, err := st.db.Exec(ctx, `INSERT INTO survey_responses (id, survey_id, role, answers, texts) VALUES (?, ?, ?, ?, ?)`,
		id, surveyID, role, encode(answers), encode(texts))
	return err
}

// storedResponse is one anonymous response.
type storedResponse struct {
	role    string
	answers map[string]int
	texts   map[string]string
}

// responses are a survey's responses, in the order of their random ids.
func (st *store) responses(ctx context.Context, surveyID string) ([]storedResponse, error) {
	rows, err := st.db.Query(ctx, `SELECT role, answers, texts FROM survey_responses WHERE survey_id = ? ORDER BY id`, surveyID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []storedResponse
	for rows.Next() {
		var r storedResponse
		var answers, texts string
		if err := rows.Scan(&r.role, &answers, &texts); err != nil {
			return nil, db.Err(err)
		}
		if err := decode(answers, &r.answers); err != nil {
			return nil, err
		}
		if err := decode(texts, &r.texts); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, db.Err(rows.Err())
}

// surveyRates are, per role, how many were asked to answer sv (the seat
// holders; the trainers for a satisfaction survey) and how many did.
func (st *store) surveyRates(ctx context.Context, sv Survey, act training.Activity) (invited, respondents map[string]int, err error) {
	invited, respondents = map[string]int{}, map[string]int{}
	var n int
	if err := st.db.QueryRow(ctx, `SELECT count(*) FROM nominations WHERE activity_id = ? AND status IN (?, ?)`,
		act.ID, string(training.NomSelected), string(training.NomAccepted)).Scan(&n); err != nil {
		return nil, nil, db.Err(err)
	}
	invited[RoleParticipant] = n
	if sv.Kind == SurveySatisfaction {
		invited[RoleTrainer] = len(act.Trainers)
	}
	rows, err := st.db.Query(ctx, `SELECT role, count(*) FROM survey_responses WHERE survey_id = ? GROUP BY role`, sv.ID)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var role string
		var c int
		if err := rows.Scan(&role, &c); err != nil {
			return nil, nil, db.Err(err)
		}
		respondents[role] = c
	}
	return invited, respondents, db.Err(rows.Err())
}
