package learning_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/topcop-platform/topcop/internal/app/apptest"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/directory"
	"github.com/topcop-platform/topcop/internal/learning"
	"github.com/topcop-platform/topcop/internal/training"
)

// surveyWorld is an activity that ends today, confirmed weeks ago, with
// six participants (p[0..5], Georgia) and a trainer, each with an account
// and an API token.
type surveyWorld struct {
	e        *apptest.Env
	act      training.Activity
	p        []directory.Person
	tok      []string // the participants' tokens
	trainer  directory.Person
	trainTok string
	coord    string
	obs      string
	svc      *learning.Service
}

func surveySetup(t *testing.T, e *apptest.Env) *surveyWorld {
	t.Helper()
	sys := apptest.SysCtx()
	dir := apptest.Use[*directory.Service](e)
	tr := apptest.Use[*training.Service](e)
	w := &surveyWorld{e: e, svc: apptest.Use[*learning.Service](e)}
	ge := must[directory.Agency](t)(dir.CreateAgency(sys, directory.AgencyInput{Code: "GE-MIA", CountryCode: "GE", Name: "Ministry of Internal Affairs", Type: directory.AgencyPolice}))
	person := func(given, family string) directory.Person {
		t.Helper()
		p, _, err := dir.CreatePerson(sys, directory.PersonInput{AgencyID: ge.ID, GivenName: given, FamilyName: family, Sex: directory.SexMale,
			Email: strings.ToLower(given) + "@example.org"})
		if err != nil {
			t.Fatal(err, core.AsError(err).Fields)
		}
		return p
	}
	for _, n := range []string{"Giorgi", "Levan", "Mariam", "Salome", "Irakli", "Tamar"} {
		w.p = append(w.p, person(n, "Kapanadze"))
	}
	w.trainer = person("Tudor", "Rusu")
	now := time.Now().UTC()
	today := now.Format(time.DateOnly)
	then := tr.At(now.AddDate(0, 0, -40))
	course := must[training.Course](t)(then.CreateCourse(sys, training.CourseInput{Code: "AML-301", Title: "Anti-money laundering",
		Areas: []string{"ONLINE"}, Level: training.LevelAdvanced, Format: training.FormatResidential, Hours: 24}))
	w.act = must[training.Activity](t)(then.CreateActivity(sys, training.ActivityInput{CourseID: course.ID,
		StartsOn: now.AddDate(0, 0, -2).Format(time.DateOnly), EndsOn: today, TimeZone: "Asia/Tbilisi", City: "Tbilisi", CountryCode: "GE",
		Languages: []string{"en"}, Capacity: 10, Seats: map[string]int{"GE": 6}, TrainerIDs: []string{w.trainer.ID}}))
	must[training.Activity](t)(then.OpenCall(sys, w.act.ID, training.CallInput{Deadline: now.AddDate(0, 0, -30)}))
	for _, p := range w.p {
		must[training.Nomination](t)(then.Nominate(sys, w.act.ID, training.NominationInput{PersonID: p.ID}))
	}
	conf := tr.At(now.AddDate(0, 0, -29))
	must[training.Activity](t)(conf.CloseCall(sys, w.act.ID))
	if p := must[training.Proposal](t)(conf.Confirm(sys, w.act.ID, training.ConfirmInput{})); p.Selected != 6 {
		t.Fatalf("confirmed %d selected", p.Selected)
	}
	for i, p := range w.p {
		acc := e.CreateAccount(t, fmt.Sprintf("p%d@accounts.example.org", i), apptest.RoleGrant(core.RoleParticipant))
		e.LinkPerson(t, acc, p.ID)
		w.tok = append(w.tok, e.APIToken(t, acc.Email))
	}
	acc := e.CreateAccount(t, "tudor@accounts.example.org", apptest.RoleGrant(core.RoleTrainer))
	e.LinkPerson(t, acc, w.trainer.ID)
	w.trainTok = e.APIToken(t, acc.Email)
	w.coord = e.APIToken(t, e.AccountFor(t, core.RoleCoordinator).Email)
	w.obs = e.APIToken(t, e.AccountFor(t, core.RoleObserver).Email)
	return w
}

// surveyMails counts the queued mails of a template.
func surveyMails(t *testing.T, e *apptest.Env, template string) int {
	t.Helper()
	var n int
	if err := e.DB.QueryRow(context.Background(), `SELECT count(*) FROM mail_outbox WHERE template = ?`, template).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func satisfied(overall int) map[string]any {
	return map[string]any{"answers": map[string]int{"relevance": 5, "objectives": 4, "trainers": 5, "materials": 3, "organisation": 4, "overall": overall},
		"texts": map[string]string{"best": "The case study on crypto exchanges", "improve": ""}}
}

func surveyResults(t *testing.T, e *apptest.Env, id, token string) learning.SurveyResults {
	t.Helper()
	res := e.DoJSON(t, http.MethodGet, "/api/v1/surveys/"+id+"/results", token, nil)
	apptest.WantStatus(t, res, http.StatusOK)
	var r learning.SurveyResults
	res.JSON(t, &r)
	return r
}

func itemOf(r learning.SurveyResults, key, role string) (learning.Distribution, bool) {
	for _, d := range r.Items {
		if d.Key == key && d.Role == role {
			return d, true
		}
	}
	return learning.Distribution{}, false
}

// TestSurveys walks the satisfaction and follow-up surveys on both
// engines: opened and mailed by the job (once, with reminders), answered
// once inside the window by participants and the trainer, bad answers
// refused, anonymous results with small groups withheld from trainers and
// observers, and the follow-up's application rate.
func TestSurveys(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		w := surveySetup(t, e)
		sys := apptest.SysCtx()

		opened, sent, err := w.svc.RunSurveys(sys)
		if err != nil || opened != 1 || sent != 7 {
			t.Fatalf("first run: opened %d, sent %d, %v (want 1 survey, 6 participants and the trainer mailed)", opened, sent, err)
		}
		if n := surveyMails(t, e, "learning.mail.survey_satisfaction"); n != 7 {
			t.Errorf("%d invitations queued", n)
		}
		if opened, sent, err := w.svc.RunSurveys(sys); opened != 0 || sent != 0 || err != nil {
			t.Errorf("second run: opened %d, sent %d, %v", opened, sent, err)
		}

		res := e.DoJSON(t, http.MethodGet, "/api/v1/activities/"+w.act.ID+"/surveys", w.tok[0], nil)
		apptest.WantStatus(t, res, http.StatusOK)
		var list struct{ Items []learning.Survey }
		res.JSON(t, &list)
		if len(list.Items) != 1 || list.Items[0].Kind != learning.SurveySatisfaction {
			t.Fatalf("surveys: %+v", list.Items)
		}
		sv := list.Items[0]
		path := "/api/v1/surveys/" + sv.ID

		keys := func(token string) (string, []string) {
			t.Helper()
			res := e.DoJSON(t, http.MethodGet, path, token, nil)
			apptest.WantStatus(t, res, http.StatusOK)
			var v learning.SurveyView
			res.JSON(t, &v)
			var ks []string
			for _, it := range v.Items {
				ks = append(ks, it.Key)
			}
			return v.Role, ks
		}
		if role, ks := keys(w.tok[0]); role != "participant" || !slices.Contains(ks, "relevance") || slices.Contains(ks, "participants_engaged") {
			t.Errorf("a participant's survey: %s %v", role, ks)
		}
		if role, ks := keys(w.trainTok); role != "trainer" || slices.Contains(ks, "relevance") || !slices.Contains(ks, "participants_engaged") {
			t.Errorf("the trainer's survey: %s %v", role, ks)
		}

		t.Run("bad answers are refused and change nothing", func(t *testing.T) {
			resp := path + "/responses"
			body := satisfied(5)
			delete(body["answers"].(map[string]int), "overall")
			wantField(t, e.DoJSON(t, http.MethodPost, resp, w.tok[0], body), "answers.overall", "required")
			body = satisfied(6)
			wantField(t, e.DoJSON(t, http.MethodPost, resp, w.tok[0], body), "answers.overall", "out_of_range")
			body = satisfied(5)
			body["answers"].(map[string]int)["participants_engaged"] = 4
			wantField(t, e.DoJSON(t, http.MethodPost, resp, w.tok[0], body), "answers.participants_engaged", "not_asked")
			body = satisfied(5)
			body["texts"] = map[string]string{"best": strings.Repeat("x", 2001)}
			wantField(t, e.DoJSON(t, http.MethodPost, resp, w.tok[0], body), "texts.best", "too_long")
			apptest.WantStatus(t, e.DoJSON(t, http.MethodPost, resp, w.coord, satisfied(5)), http.StatusNotFound)
			if r := surveyResults(t, e, sv.ID, w.coord); r.Rates[0].Respondents != 0 {
				t.Errorf("a refused answer was kept: %+v", r.Rates)
			}
		})

		for i := 0; i < 4; i++ {
			apptest.WantStatus(t, e.DoJSON(t, http.MethodPost, path+"/responses", w.tok[i], satisfied(2+i)), http.StatusNoContent)
		}
		wantField(t, e.DoJSON(t, http.MethodPost, path+"/responses", w.tok[0], satisfied(5)), "status", "already_answered")
		apptest.WantStatus(t, e.DoJSON(t, http.MethodPost, path+"/responses", w.trainTok, map[string]any{"answers": map[string]int{
			"objectives": 4, "participants_engaged": 5, "materials": 4, "organisation": 5, "overall": 5}}), http.StatusNoContent)

		t.Run("four answers are too few to show to the trainer", func(t *testing.T) {
			r := surveyResults(t, e, sv.ID, w.trainTok)
			if !slices.Equal(r.Hidden, []string{"participant", "trainer"}) || len(r.Items) != 0 || len(r.Texts) != 0 {
				t.Errorf("trainer sees: hidden %v, %d items, texts %v", r.Hidden, len(r.Items), r.Texts)
			}
			if r.Rates[0].Invited != 6 || r.Rates[0].Respondents != 4 || r.Rates[0].Rate != 66.7 || r.Rates[1].Invited != 1 || r.Rates[1].Respondents != 1 {
				t.Errorf("rates: %+v", r.Rates)
			}
			c := surveyResults(t, e, sv.ID, w.coord)
			d, ok := itemOf(c, "overall", "participant")
			if !ok || d.N != 4 || !slices.Equal(d.Counts, []int{0, 1, 1, 1, 1}) || d.Mean == nil || *d.Mean != 3.5 {
				t.Errorf("coordinator's overall: %+v", d)
			}
			if len(c.Texts["best"]) != 4 {
				t.Errorf("coordinator's texts: %v", c.Texts)
			}
		})

		apptest.WantStatus(t, e.DoJSON(t, http.MethodPost, path+"/responses", w.tok[4], satisfied(5)), http.StatusNoContent)
		t.Run("five answers: the trainer sees them, the observer without texts", func(t *testing.T) {
			r := surveyResults(t, e, sv.ID, w.trainTok)
			if d, ok := itemOf(r, "overall", "participant"); !ok || d.N != 5 || len(r.Texts["best"]) != 5 || !slices.Equal(r.Hidden, []string{"trainer"}) {
				t.Errorf("trainer sees: %+v, texts %d, hidden %v", d, len(r.Texts["best"]), r.Hidden)
			}
			o := surveyResults(t, e, sv.ID, w.obs)
			if _, ok := itemOf(o, "overall", "participant"); !ok || len(o.Texts) != 0 {
				t.Errorf("observer sees texts %v or no distribution", o.Texts)
			}
			apptest.WantStatus(t, e.DoJSON(t, http.MethodGet, path+"/results", w.tok[0], nil), http.StatusNotFound)
		})

		t.Run("answers are not linked to people", func(t *testing.T) {
			rows, err := e.DB.Query(context.Background(), `SELECT id, role, answers, texts FROM survey_responses`)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			for rows.Next() {
				var id, role, answers, texts string
				if err := rows.Scan(&id, &role, &answers, &texts); err != nil {
					t.Fatal(err)
				}
				for _, p := range append(slices.Clone(w.p), w.trainer) {
					if strings.Contains(id+answers+texts, p.ID) {
						t.Errorf("a response names %s", p.ID)
					}
				}
				if id[14] == '7' { // a UUIDv7 is ordered by time
					t.Errorf("response id %s is time-ordered", id)
				}
			}
			for _, a := range e.AuditActions(t) {
				if strings.Contains(a, "survey") && strings.Contains(a, "case study") {
					t.Errorf("the audit holds an answer: %s", a)
				}
			}
		})

		t.Run("reminders go to those who have not answered, once each", func(t *testing.T) {
			later := w.svc.At(sv.OpensAt.AddDate(0, 0, 8))
			if _, sent, err := later.RunSurveys(sys); sent != 1 || err != nil {
				t.Errorf("reminders sent %d, %v (want 1: the sixth participant)", sent, err)
			}
			if _, sent, _ := later.RunSurveys(sys); sent != 0 {
				t.Errorf("reminders sent again: %d", sent)
			}
			last := w.svc.At(sv.ClosesAt.Add(-48 * time.Hour))
			if _, sent, err := last.RunSurveys(sys); sent != 1 || err != nil {
				t.Errorf("last call sent %d, %v", sent, err)
			}
			if n := surveyMails(t, e, "learning.mail.survey_reminder"); n != 2 {
				t.Errorf("%d reminders queued", n)
			}
			ctx := core.WithActor(context.Background(), core.Actor{AccountID: core.NewID(), PersonID: w.p[5].ID, Email: "tamar@example.org",
				Grants: []core.Grant{{Role: core.RoleParticipant}}})
			err := w.svc.At(sv.ClosesAt.Add(time.Minute)).Respond(ctx, sv.ID, learning.ResponseInput{Answers: map[string]int{"overall": 4}})
			if f := core.AsError(err); f == nil || len(f.Fields) == 0 || f.Fields[0].Code != "survey_closed" {
				t.Errorf("an answer after the window: %v", err)
			}
		})

		t.Run("the follow-up opens three months on, for participants", func(t *testing.T) {
			tr := apptest.Use[*training.Service](e)
			must[training.Activity](t)(tr.Move(sys, w.act.ID, training.StatusDelivered, ""))
			ends, _ := time.Parse(time.DateOnly, w.act.EndsOn)
			later := w.svc.At(ends.AddDate(0, learning.FollowUpMonths, 1).Add(9 * time.Hour))
			before := surveyMails(t, e, "learning.mail.survey_followup")
			opened, sent, err := later.RunSurveys(sys)
			if opened != 1 || sent != 6 || err != nil {
				t.Fatalf("follow-up: opened %d, sent %d, %v", opened, sent, err)
			}
			if n := surveyMails(t, e, "learning.mail.survey_followup") - before; n != 6 {
				t.Errorf("%d follow-up invitations", n)
			}
			all := must[[]learning.Survey](t)(w.svc.Surveys(sys, w.act.ID))
			if len(all) != 2 || all[1].Kind != learning.SurveyFollowUp {
				t.Fatalf("surveys: %+v", all)
			}
			follow := all[1]
			for i, applied := range []int{0, 1, 2, 3, 0} {
				ctx := core.WithActor(context.Background(), core.Actor{AccountID: core.NewID(), PersonID: w.p[i].ID, Email: "p@example.org",
					Grants: []core.Grant{{Role: core.RoleParticipant}}})
				if err := later.Respond(ctx, follow.ID, learning.ResponseInput{Answers: map[string]int{"applied": applied, "useful_at_work": 4, "shared": 0}}); err != nil {
					t.Fatal(err, core.AsError(err).Fields)
				}
			}
			r := must[learning.SurveyResults](t)(later.SurveyResults(sys, follow.ID))
			if r.ApplicationRate == nil || *r.ApplicationRate != 60 || r.ApplicationN != 5 {
				t.Errorf("application rate %v of %d", r.ApplicationRate, r.ApplicationN)
			}
			ctx := core.WithActor(context.Background(), core.Actor{AccountID: core.NewID(), PersonID: w.trainer.ID, Email: "t@example.org",
				Grants: []core.Grant{{Role: core.RoleTrainer}}})
			if err := later.Respond(ctx, follow.ID, learning.ResponseInput{Answers: map[string]int{"applied": 0}}); core.AsError(err) == nil || core.AsError(err).Code != core.NotFound {
				t.Errorf("the trainer answered the follow-up: %v", err)
			}
		})
	})
}

// TestSurveysJobConcurrent: two replicas running the surveys job at the
// same moment open the survey once and mail everyone once.
func TestSurveysJobConcurrent(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		w := surveySetup(t, e)
		type result struct{ opened, sent int }
		results := make(chan result, 4)
		errs := make(chan error, 4)
		for range 4 {
			go func() {
				o, s, err := w.svc.RunSurveys(apptest.SysCtx())
				results <- result{o, s}
				errs <- err
			}()
		}
		opened, sent := 0, 0
		for range 4 {
			r := <-results
			opened, sent = opened+r.opened, sent+r.sent
			if err := <-errs; err != nil {
				t.Error(err)
			}
		}
		if opened != 1 || sent != 7 {
			t.Errorf("four concurrent runs opened %d surveys and sent %d mails, want 1 and 7", opened, sent)
		}
		if n := surveyMails(t, e, "learning.mail.survey_satisfaction"); n != 7 {
			t.Errorf("%d invitations queued, want 7", n)
		}
	})
}
