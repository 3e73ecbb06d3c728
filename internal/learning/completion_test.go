package learning_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/topcop-platform/topcop/internal/app/apptest"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/learning"
	"github.com/topcop-platform/topcop/internal/training"
)

// TestCompletionConditions: an activity's completion rule gains the
// post-test, a minimum score and the survey; training's participants list
// (API and page) applies them beside attendance and names what is
// missing, on both engines.
func TestCompletionConditions(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		w := surveySetup(t, e)
		sys := apptest.SysCtx()
		tr := apptest.Use[*training.Service](e)

		// Everyone attended every day; the activity is delivered.
		var records []training.AttendanceRecord
		for _, day := range w.act.Days() {
			for _, p := range w.p {
				records = append(records, training.AttendanceRecord{PersonID: p.ID, Date: day, Present: true})
			}
		}
		must[int](t)(tr.MarkAttendance(sys, w.act.ID, records))
		must[training.Activity](t)(tr.Move(sys, w.act.ID, training.StatusDelivered, ""))

		// A post-test scored on paper: 80 for the first, 50 for the second,
		// none for the others; the first answers the survey.
		q := must[learning.Question](t)(w.svc.CreateQuestion(sys, w.act.CourseID, learning.QuestionInput{Kind: learning.KindTrueFalse,
			Texts: map[string]string{"en": "Cash couriers must declare over 10,000 EUR."}, Choices: []learning.Choice{{Texts: map[string]string{"en": "True"}},
				{Texts: map[string]string{"en": "False"}}}, Correct: []int{0}}))
		now := time.Now().UTC()
		post := must[learning.Test](t)(w.svc.CreateTest(sys, w.act.ID, learning.TestInput{Kind: learning.TestPost, OpensAt: now.Add(-time.Hour),
			ClosesAt: now.Add(time.Hour), QuestionIDs: []string{q.ID}}))
		must[int](t)(w.svc.EnterScores(sys, post.ID, []learning.ScoreInput{{PersonID: w.p[0].ID, Score: 80}, {PersonID: w.p[1].ID, Score: 50}}))
		if _, _, err := w.svc.RunSurveys(sys); err != nil {
			t.Fatal(err)
		}
		sv := must[[]learning.Survey](t)(w.svc.Surveys(sys, w.act.ID))[0]
		apptest.WantStatus(t, e.DoJSON(t, http.MethodPost, "/api/v1/surveys/"+sv.ID+"/responses", w.tok[0], satisfied(5)), http.StatusNoContent)

		path := "/api/v1/activities/" + w.act.ID + "/completion"
		wantField(t, e.DoJSON(t, http.MethodPut, path, w.coord, map[string]any{"min_post_score": 120}), "min_post_score", "out_of_range")
		apptest.WantStatus(t, e.DoJSON(t, http.MethodPut, path, w.tok[0], map[string]any{"survey": true}), http.StatusForbidden)

		participants := func() map[string]training.Participant {
			t.Helper()
			res := e.DoJSON(t, http.MethodGet, "/api/v1/activities/"+w.act.ID+"/participants", w.coord, nil)
			apptest.WantStatus(t, res, http.StatusOK)
			var l training.ParticipantList
			res.JSON(t, &l)
			out := map[string]training.Participant{}
			for _, p := range l.Items {
				out[p.PersonID] = p
			}
			return out
		}
		if ps := participants(); !ps[w.p[1].ID].Completed || !ps[w.p[5].ID].Completed {
			t.Errorf("without conditions, full attendance completes: %+v", ps[w.p[1].ID])
		}

		res := e.DoJSON(t, http.MethodPut, path, w.coord, map[string]any{"min_post_score": 60, "survey": true})
		apptest.WantStatus(t, res, http.StatusOK)
		var c learning.Completion
		res.JSON(t, &c)
		if !c.PostTest || c.MinPostScore == nil || *c.MinPostScore != 60 || !c.Survey {
			t.Errorf("conditions: %+v", c)
		}
		ps := participants()
		if p := ps[w.p[0].ID]; !p.Completed || len(p.Unmet) != 0 {
			t.Errorf("scored 80 and answered: %+v", p)
		}
		if p := ps[w.p[1].ID]; p.Completed || !slices.Equal(p.Unmet, []string{"post_score:60", "survey"}) {
			t.Errorf("scored 50, no survey: %+v", p)
		}
		if p := ps[w.p[2].ID]; p.Completed || !slices.Equal(p.Unmet, []string{"post_score:60", "survey"}) {
			t.Errorf("no post-test, no survey: %+v", p)
		}

		// The page names the rule and what is missing, in the language.
		c2 := e.SignIn(t, e.AccountFor(t, core.RoleCoordinator).Email)
		_, doc := c2.GetDoc(t, "/training/activities/"+w.act.ID+"/participants", http.StatusOK)
		rule := doc.Find("dd").FilterFunction(func(_ int, s *goquery.Selection) bool {
			return strings.Contains(s.Text(), "satisfaction survey answered")
		})
		if rule.Length() != 1 || !strings.Contains(rule.Text(), "post-test score of at least 60") {
			t.Errorf("the rule on the page does not name the conditions")
		}
		row := doc.Find(`tr[data-person="` + w.p[1].ID + `"] .unmet`).Text()
		if !strings.Contains(row, "Not met yet") || !strings.Contains(row, "post-test score of at least 60") {
			t.Errorf("the second participant's row: %q", row)
		}
		c2.Lang = "uk"
		_, doc = c2.GetDoc(t, "/training/activities/"+w.act.ID+"/participants", http.StatusOK)
		if row := doc.Find(`tr[data-person="` + w.p[1].ID + `"] .unmet`).Text(); !strings.Contains(row, "Ще не виконано") || !strings.Contains(row, "опитування") {
			t.Errorf("in Ukrainian: %q", row)
		}
	})
}
