package learning_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/topcop-platform/topcop/internal/app/apptest"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/learning"
)

// personCtx is an account of a participant linked to personID.
func personCtx(personID string) context.Context {
	return core.WithActor(context.Background(), core.Actor{AccountID: core.NewID(), PersonID: personID,
		Grants: []core.Grant{apptest.RoleGrant(core.RoleParticipant)}})
}

// TestMySubmissions: a person's own submissions, with their answers
// (question and choice texts, never which are correct) and the score once
// submitted; nobody else's.
func TestMySubmissions(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		w := setup(t, e)
		svc := apptest.Use[*learning.Service](e)
		pre := w.newTest(t, "pre", "", -time.Hour, 2*time.Hour, w.q1, w.q2, w.q3)
		base := "/api/v1/tests/" + pre
		apptest.WantStatus(t, e.DoJSON(t, http.MethodPost, base+"/submissions", w.ana, map[string]any{"answers": map[string][]int{w.q1: {1}, w.q2: {2, 0}, w.q3: {1}}}), http.StatusCreated)
		apptest.WantStatus(t, e.DoJSON(t, http.MethodPut, base+"/answers", w.eka, map[string]any{"answers": map[string][]int{w.q3: {0}}}), http.StatusOK)

		ana := must[[]learning.MySubmission](t)(svc.MySubmissions(personCtx(w.anaID)))
		if len(ana) != 1 || ana[0].TestID != pre || ana[0].Score == nil || *ana[0].Score != 66.7 || ana[0].SubmittedAt == nil || len(ana[0].Answers) != 3 {
			t.Fatalf("Ana's submissions: %+v", ana)
		}
		for _, a := range ana[0].Answers {
			if a.QuestionID == w.q2 && (len(a.Choices) != 2 || a.Choices[0]["en"] != "SWIFT" || a.Choices[1]["en"] != "SEPA" || a.Question["en"] != "Which are payment rails?") {
				t.Errorf("Ana's answer to the second question: %+v", a)
			}
		}
		eka := must[[]learning.MySubmission](t)(svc.MySubmissions(personCtx(w.ekaID)))
		if len(eka) != 1 || eka[0].Score != nil || eka[0].SubmittedAt != nil || len(eka[0].Answers) != 1 || eka[0].Answers[0].Choices[0]["en"] != "True" {
			t.Errorf("Eka's saved answers: %+v", eka)
		}
		if olena := must[[]learning.MySubmission](t)(svc.MySubmissions(personCtx(w.olenaID))); len(olena) != 0 {
			t.Errorf("Olena, who answered nothing, has %+v", olena)
		}
		if none := must[[]learning.MySubmission](t)(svc.MySubmissions(personCtx(""))); len(none) != 0 {
			t.Errorf("an account linked to no person has %+v", none)
		}
	})
}

// TestMySurveysAnswered: which surveys a person answered and when, not
// what; nobody else's.
func TestMySurveysAnswered(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		w := surveySetup(t, e)
		if _, _, err := w.svc.RunSurveys(apptest.SysCtx()); err != nil {
			t.Fatal(err)
		}
		surveys := must[[]learning.Survey](t)(w.svc.Surveys(apptest.SysCtx(), w.act.ID))
		if len(surveys) != 1 {
			t.Fatalf("surveys: %+v", surveys)
		}
		path := "/api/v1/surveys/" + surveys[0].ID + "/responses"
		apptest.WantStatus(t, e.DoJSON(t, http.MethodPost, path, w.tok[0], satisfied(4)), http.StatusNoContent)

		got := must[[]learning.AnsweredSurvey](t)(w.svc.MySurveysAnswered(personCtx(w.p[0].ID)))
		if len(got) != 1 || got[0].SurveyID != surveys[0].ID || got[0].Kind != learning.SurveySatisfaction || got[0].ActivityID != w.act.ID || got[0].AnsweredAt.IsZero() {
			t.Errorf("the surveys p0 answered: %+v", got)
		}
		if got := must[[]learning.AnsweredSurvey](t)(w.svc.MySurveysAnswered(personCtx(w.p[1].ID))); len(got) != 0 {
			t.Errorf("p1, who answered nothing, has %+v", got)
		}
	})
}
