package learning_test

import (
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

func must[T any](t testing.TB) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err, core.AsError(err).Fields)
		}
		return v
	}
}

// world is a confirmed activity of the course "Cyber" delivered by Tudor,
// with Ana and Eka (Georgia) and Olena (Ukraine) holding seats; another
// activity of the same course delivered by Nino; Nika, who holds no seat;
// and a second course. Each person has an API token.
type world struct {
	e                     *apptest.Env
	coord, obs            string
	ana, eka, olena, nika string // tokens
	tudor, nino           string // trainer tokens
	anaID, ekaID, olenaID string
	course, other         training.Course
	act, otherAct         training.Activity
	q1, q2, q3, foreign   string // question ids; foreign is of the other course
}

func setup(t *testing.T, e *apptest.Env) *world {
	t.Helper()
	sys := apptest.SysCtx()
	dir := apptest.Use[*directory.Service](e)
	tr := apptest.Use[*training.Service](e)
	w := &world{e: e}
	ge := must[directory.Agency](t)(dir.CreateAgency(sys, directory.AgencyInput{Code: "GE-MIA", CountryCode: "GE", Name: "Ministry of Internal Affairs", Type: directory.AgencyPolice}))
	ua := must[directory.Agency](t)(dir.CreateAgency(sys, directory.AgencyInput{Code: "UA-NPU", CountryCode: "UA", Name: "National Police", Type: directory.AgencyPolice}))
	person := func(ag directory.Agency, given, family string) directory.Person {
		t.Helper()
		p, _, err := dir.CreatePerson(sys, directory.PersonInput{AgencyID: ag.ID, GivenName: given, FamilyName: family, Sex: directory.SexFemale})
		if err != nil {
			t.Fatal(err, core.AsError(err).Fields)
		}
		return p
	}
	ana, eka, olena, nika := person(ge, "Ana", "Abashidze"), person(ge, "Eka", "Bolkvadze"), person(ua, "Olena", "Bondar"), person(ge, "Nika", "Eristavi")
	tudor, nino := person(ge, "Tudor", "Rusu"), person(ge, "Nino", "Beridze")
	w.anaID, w.ekaID, w.olenaID = ana.ID, eka.ID, olena.ID

	call := tr.At(time.Date(2030, 1, 10, 9, 0, 0, 0, time.UTC))
	w.course = must[training.Course](t)(call.CreateCourse(sys, training.CourseInput{Code: "CYB-101", Title: "Cybercrime investigations",
		Areas: []string{"ONLINE"}, Level: training.LevelBasic, Format: training.FormatResidential, Hours: 16,
		Outcomes: []string{"Seize digital evidence", "Trace a payment"}}))
	w.other = must[training.Course](t)(call.CreateCourse(sys, training.CourseInput{Code: "THB-201", Title: "Trafficking",
		Areas: []string{"ONLINE"}, Level: training.LevelBasic, Format: training.FormatWebinar, Hours: 4}))
	w.act = must[training.Activity](t)(call.CreateActivity(sys, training.ActivityInput{CourseID: w.course.ID, StartsOn: "2030-03-04", EndsOn: "2030-03-08",
		TimeZone: "Europe/Kyiv", City: "Kyiv", CountryCode: "UA", Languages: []string{"en"}, Capacity: 5, Seats: map[string]int{"GE": 3, "UA": 2},
		TrainerIDs: []string{tudor.ID}}))
	w.otherAct = must[training.Activity](t)(call.CreateActivity(sys, training.ActivityInput{CourseID: w.course.ID, StartsOn: "2030-03-04", EndsOn: "2030-03-05",
		Online: true, Languages: []string{"en"}, Capacity: 10, TrainerIDs: []string{nino.ID}}))
	must[training.Activity](t)(call.OpenCall(sys, w.act.ID, training.CallInput{Deadline: time.Date(2030, 2, 1, 12, 0, 0, 0, time.UTC)}))
	for _, p := range []directory.Person{ana, eka, olena} {
		must[training.Nomination](t)(call.Nominate(sys, w.act.ID, training.NominationInput{PersonID: p.ID}))
	}
	conf := tr.At(time.Date(2030, 2, 2, 9, 0, 0, 0, time.UTC))
	must[training.Activity](t)(conf.CloseCall(sys, w.act.ID))
	if p := must[training.Proposal](t)(conf.Confirm(sys, w.act.ID, training.ConfirmInput{})); p.Selected != 3 {
		t.Fatalf("confirmed %d selected", p.Selected)
	}

	token := func(email string, r core.Role, personID string) string {
		t.Helper()
		acc := e.CreateAccount(t, email, apptest.RoleGrant(r))
		e.LinkPerson(t, acc, personID)
		return e.APIToken(t, email)
	}
	w.coord = e.APIToken(t, e.AccountFor(t, core.RoleCoordinator).Email)
	w.obs = e.APIToken(t, e.AccountFor(t, core.RoleObserver).Email)
	w.ana = token("ana@example.org", core.RoleParticipant, ana.ID)
	w.eka = token("eka@example.org", core.RoleParticipant, eka.ID)
	w.olena = token("olena@example.org", core.RoleParticipant, olena.ID)
	w.nika = token("nika@example.org", core.RoleParticipant, nika.ID)
	w.tudor = token("tudor@example.org", core.RoleTrainer, tudor.ID)
	w.nino = token("nino@example.org", core.RoleTrainer, nino.ID)

	w.q1 = w.question(t, w.course.ID, map[string]any{"kind": "single", "outcome": "Seize digital evidence",
		"texts":   map[string]string{"en": "Which tool makes a forensic image?", "ro": "Ce instrument face o imagine criminalistică?"},
		"choices": choices("A text editor", "A write blocker and imager", "A spreadsheet"), "correct": []int{1}})
	w.q2 = w.question(t, w.course.ID, map[string]any{"kind": "multiple", "texts": map[string]string{"en": "Which are payment rails?"},
		"choices": choices("SWIFT", "HTTP", "SEPA"), "correct": []int{0, 2}})
	w.q3 = w.question(t, w.course.ID, map[string]any{"kind": "true_false", "texts": map[string]string{"en": "A hash proves integrity."},
		"choices": choices("True", "False"), "correct": []int{0}})
	w.foreign = w.question(t, w.other.ID, map[string]any{"kind": "true_false", "texts": map[string]string{"en": "Victims are always foreign."},
		"choices": choices("True", "False"), "correct": []int{1}})
	return w
}

func choices(texts ...string) []map[string]any {
	out := make([]map[string]any, len(texts))
	for i, s := range texts {
		out[i] = map[string]any{"texts": map[string]string{"en": s}}
	}
	return out
}

func (w *world) question(t *testing.T, courseID string, body map[string]any) string {
	t.Helper()
	res := w.e.DoJSON(t, http.MethodPost, "/api/v1/courses/"+courseID+"/questions", w.coord, body)
	apptest.WantStatus(t, res, http.StatusCreated)
	var q learning.Question
	res.JSON(t, &q)
	return q.ID
}

// newTest sets a test on the activity with a window relative to now.
func (w *world) newTest(t *testing.T, kind, form string, opens, closes time.Duration, ids ...string) string {
	t.Helper()
	now := time.Now().UTC()
	res := w.e.DoJSON(t, http.MethodPost, "/api/v1/activities/"+w.act.ID+"/tests", w.coord, map[string]any{"kind": kind, "form": form,
		"opens_at": now.Add(opens).Format(time.RFC3339), "closes_at": now.Add(closes).Format(time.RFC3339), "question_ids": ids})
	apptest.WantStatus(t, res, http.StatusCreated)
	var out learning.Test
	res.JSON(t, &out)
	return out.ID
}

func wantField(t *testing.T, res *apptest.Response, field, code string) {
	t.Helper()
	apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
	if !res.Problem(t).HasFieldError(field, code) {
		t.Errorf("%s %s: want %s/%s, got %s", res.Request.Method, res.Request.URL.Path, field, code, res.Body)
	}
}

func view(t *testing.T, w *world, testID, token string) learning.TestView {
	t.Helper()
	res := w.e.DoJSON(t, http.MethodGet, "/api/v1/tests/"+testID, token, nil)
	apptest.WantStatus(t, res, http.StatusOK)
	var v learning.TestView
	res.JSON(t, &v)
	return v
}

func results(t *testing.T, w *world, testID, token string) []learning.Result {
	t.Helper()
	res := w.e.DoJSON(t, http.MethodGet, "/api/v1/tests/"+testID+"/results", token, nil)
	apptest.WantStatus(t, res, http.StatusOK)
	var l struct {
		Items []learning.Result `json:"items"`
	}
	res.JSON(t, &l)
	return l.Items
}

// TestLearningAPI walks issue 9's first increment through the API on
// both engines: the bank, tests, a participant saving and submitting
// once, the window, paper scores and who sees what.
func TestLearningAPI(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		w := setup(t, e)
		qpath := "/api/v1/courses/" + w.course.ID + "/questions"

		t.Run("bad questions", func(t *testing.T) {
			wantField(t, e.DoJSON(t, http.MethodPost, qpath, w.coord, map[string]any{"kind": "single", "texts": map[string]string{"en": "Q?"},
				"choices": choices("a", "b"), "correct": []int{0, 1}}), "correct", "correct_count")
			wantField(t, e.DoJSON(t, http.MethodPost, qpath, w.coord, map[string]any{"kind": "true_false", "texts": map[string]string{"en": "Q?"},
				"choices": choices("a", "b", "c"), "correct": []int{0}}), "choices", "choice_count")
			wantField(t, e.DoJSON(t, http.MethodPost, qpath, w.coord, map[string]any{"kind": "single", "texts": map[string]string{"ro": "Î?"},
				"choices": choices("a", "b"), "correct": []int{0}}), "texts.en", "required")
			wantField(t, e.DoJSON(t, http.MethodPost, qpath, w.coord, map[string]any{"kind": "single", "texts": map[string]string{"en": "Q?"},
				"choices": choices("a", "b"), "correct": []int{2}}), "correct", "out_of_range")
			wantField(t, e.DoJSON(t, http.MethodPost, qpath, w.coord, map[string]any{"kind": "single", "outcome": "Bake bread", "texts": map[string]string{"en": "Q?"},
				"choices": choices("a", "b"), "correct": []int{0}}), "outcome", "unknown")
			apptest.WantStatus(t, e.DoJSON(t, http.MethodPost, qpath, w.tudor, map[string]any{"kind": "single", "texts": map[string]string{"en": "Q?"},
				"choices": choices("a", "b"), "correct": []int{0}}), http.StatusForbidden)
		})

		tpath := "/api/v1/activities/" + w.act.ID + "/tests"
		now := time.Now().UTC()
		t.Run("a test with another course's question is refused", func(t *testing.T) {
			body := map[string]any{"kind": "pre", "opens_at": now.Add(-time.Hour).Format(time.RFC3339), "closes_at": now.Add(time.Hour).Format(time.RFC3339),
				"question_ids": []string{w.q1, w.foreign}}
			wantField(t, e.DoJSON(t, http.MethodPost, tpath, w.coord, body), "question_ids", "other_course")
			body["question_ids"] = []string{w.q1, w.q1}
			wantField(t, e.DoJSON(t, http.MethodPost, tpath, w.coord, body), "question_ids", "duplicate")
			body["question_ids"], body["closes_at"] = []string{w.q1}, now.Add(-2*time.Hour).Format(time.RFC3339)
			wantField(t, e.DoJSON(t, http.MethodPost, tpath, w.coord, body), "closes_at", "ends_before_start")
			body["closes_at"] = "2030-04-09T00:00:00Z" // 31 days after the last day
			wantField(t, e.DoJSON(t, http.MethodPost, tpath, w.coord, body), "closes_at", "out_of_range")
		})

		pre := w.newTest(t, "pre", "", -time.Hour, time.Hour, w.q1, w.q2, w.q3)
		apptest.WantStatus(t, e.DoJSON(t, http.MethodPost, tpath, w.coord, map[string]any{"kind": "pre", "opens_at": now.Format(time.RFC3339),
			"closes_at": now.Add(time.Hour).Format(time.RFC3339), "question_ids": []string{w.q1}}), http.StatusConflict)
		base := "/api/v1/tests/" + pre

		t.Run("a participant sees no correct answers before submitting", func(t *testing.T) {
			res := e.DoJSON(t, http.MethodGet, base, w.ana, nil)
			apptest.WantStatus(t, res, http.StatusOK)
			if strings.Contains(res.Body, "correct") || strings.Contains(res.Body, `"key"`) || strings.Contains(res.Body, "coordinator@") {
				t.Errorf("the participant's view holds the answers: %s", res.Body)
			}
			var v learning.TestView
			res.JSON(t, &v)
			if len(v.Items) != 3 || !v.Open || v.Submission != nil {
				t.Errorf("participant's view: %+v", v)
			}
			if k := view(t, w, pre, w.tudor).Key; len(k) != 3 || !slices.Equal(k[1].Correct, []int{0, 2}) {
				t.Errorf("trainer's key: %+v", k)
			}
			apptest.WantStatus(t, e.DoJSON(t, http.MethodGet, base, w.nika, nil), http.StatusNotFound)
			apptest.WantStatus(t, e.DoJSON(t, http.MethodGet, base, w.nino, nil), http.StatusNotFound)
			apptest.WantStatus(t, e.DoJSON(t, http.MethodGet, base, w.obs, nil), http.StatusForbidden)
		})

		t.Run("save, submit once, score", func(t *testing.T) {
			apptest.WantStatus(t, e.DoJSON(t, http.MethodPut, base+"/answers", w.ana, map[string]any{"answers": map[string][]int{w.q1: {1}}}), http.StatusOK)
			wantField(t, e.DoJSON(t, http.MethodPut, base+"/answers", w.ana, map[string]any{"answers": map[string][]int{w.q2: {0}, w.foreign: {0}}}), "answers", "not_in_test")
			wantField(t, e.DoJSON(t, http.MethodPost, base+"/submissions", w.ana, map[string]any{"answers": map[string][]int{w.foreign: {1}}}), "answers", "not_in_test")
			if v := view(t, w, pre, w.ana); v.Submission == nil || len(v.Submission.Answers) != 1 || v.Submission.Submitted() {
				t.Fatalf("after a refused save: %+v", v.Submission)
			}
			apptest.WantStatus(t, e.DoJSON(t, http.MethodPost, base+"/submissions", w.nika, map[string]any{"answers": map[string][]int{}}), http.StatusNotFound)

			res := e.DoJSON(t, http.MethodPost, base+"/submissions", w.ana, map[string]any{"answers": map[string][]int{w.q2: {2, 0}, w.q3: {1}}})
			apptest.WantStatus(t, res, http.StatusCreated)
			var sub learning.Submission
			res.JSON(t, &sub)
			if sub.Score == nil || *sub.Score != 66.7 || !sub.Submitted() {
				t.Fatalf("submitted: %+v", sub)
			}
			wantField(t, e.DoJSON(t, http.MethodPost, base+"/submissions", w.ana, map[string]any{"answers": map[string][]int{w.q3: {0}}}), "status", "already_submitted")
			wantField(t, e.DoJSON(t, http.MethodPut, base+"/answers", w.ana, map[string]any{"answers": map[string][]int{w.q3: {0}}}), "status", "already_submitted")
			v := view(t, w, pre, w.ana)
			if v.Submission == nil || *v.Submission.Score != 66.7 || !slices.Equal(v.Submission.Answers[w.q3], []int{1}) || len(v.Key) != 3 {
				t.Errorf("after a second submission: %+v, key %d", v.Submission, len(v.Key))
			}
		})

		t.Run("the window", func(t *testing.T) {
			// Parallel forms: Ana (nominated first) takes B after, Eka A.
			later := w.newTest(t, "post", "B", time.Hour, 2*time.Hour, w.q1)
			wantField(t, e.DoJSON(t, http.MethodPost, "/api/v1/tests/"+later+"/submissions", w.ana, map[string]any{"answers": map[string][]int{w.q1: {1}}}), "status", "not_open")
			wantField(t, e.DoJSON(t, http.MethodPut, "/api/v1/tests/"+later+"/answers", w.ana, map[string]any{"answers": map[string][]int{w.q1: {1}}}), "status", "not_open")
			past := w.newTest(t, "post", "A", -2*time.Hour, -time.Hour, w.q1)
			wantField(t, e.DoJSON(t, http.MethodPost, "/api/v1/tests/"+past+"/submissions", w.eka, map[string]any{"answers": map[string][]int{w.q1: {1}}}), "status", "window_closed")
			// The other form is not Ana's: she neither sees nor answers it.
			apptest.WantStatus(t, e.DoJSON(t, http.MethodGet, "/api/v1/tests/"+past, w.ana, nil), http.StatusNotFound)
			apptest.WantStatus(t, e.DoJSON(t, http.MethodPut, "/api/v1/tests/"+past+"/answers", w.ana, map[string]any{"answers": map[string][]int{w.q1: {1}}}), http.StatusNotFound)
			// One form, or parallel forms A and B: not both for one kind.
			for kind, form := range map[string]string{"post": "", "pre": "A"} {
				wantField(t, e.DoJSON(t, http.MethodPost, tpath, w.coord, map[string]any{"kind": kind, "form": form, "opens_at": now.Format(time.RFC3339),
					"closes_at": now.Add(time.Hour).Format(time.RFC3339), "question_ids": []string{w.q1}}), "form", "taken")
			}
			for id, token := range map[string]string{later: w.ana, past: w.eka} {
				if v := view(t, w, id, token); v.Submission != nil {
					t.Errorf("a refused submission was kept: %+v", v.Submission)
				}
			}
		})

		t.Run("paper scores", func(t *testing.T) {
			spath := base + "/scores"
			wantField(t, e.DoJSON(t, http.MethodPut, spath, w.tudor, map[string]any{"scores": []map[string]any{
				{"person_id": w.ekaID, "score": 80}, {"person_id": w.olenaID, "score": 101}}}), "scores[1].score", "out_of_range")
			wantField(t, e.DoJSON(t, http.MethodPut, spath, w.coord, map[string]any{"scores": []map[string]any{
				{"person_id": w.ekaID, "score": -1}}}), "scores[0].score", "out_of_range")
			wantField(t, e.DoJSON(t, http.MethodPut, spath, w.tudor, map[string]any{"scores": []map[string]any{
				{"person_id": w.anaID, "score": 50}}}), "scores[0].person_id", "already_submitted")
			if r := results(t, w, pre, w.coord); len(r) != 1 || r[0].PersonID != w.anaID {
				t.Fatalf("refused scores were written: %+v", r)
			}
			apptest.WantStatus(t, e.DoJSON(t, http.MethodPut, spath, w.nino, map[string]any{"scores": []map[string]any{
				{"person_id": w.ekaID, "score": 80}}}), http.StatusForbidden)
			apptest.WantStatus(t, e.DoJSON(t, http.MethodPut, spath, w.ana, map[string]any{"scores": []map[string]any{
				{"person_id": w.ekaID, "score": 100}}}), http.StatusForbidden)
			apptest.WantStatus(t, e.DoJSON(t, http.MethodPut, spath, w.tudor, map[string]any{"scores": []map[string]any{
				{"person_id": w.ekaID, "score": 80}, {"person_id": w.olenaID, "score": 45.5}}}), http.StatusOK)
			wantField(t, e.DoJSON(t, http.MethodPost, base+"/submissions", w.eka, map[string]any{"answers": map[string][]int{}}), "status", "already_submitted")
		})

		t.Run("who sees whose scores", func(t *testing.T) {
			if r := results(t, w, pre, w.coord); len(r) != 3 {
				t.Errorf("coordinator sees %d scores", len(r))
			}
			if r := results(t, w, pre, w.tudor); len(r) != 3 {
				t.Errorf("the trainer sees %d scores", len(r))
			}
			if r := results(t, w, pre, w.eka); len(r) != 1 || r[0].PersonID != w.ekaID || r[0].Score != 80 || r[0].Source != learning.SourcePaper {
				t.Errorf("Eka sees %+v", r)
			}
			if r := results(t, w, pre, w.ana); len(r) != 1 || r[0].PersonID != w.anaID {
				t.Errorf("Ana sees %+v", r)
			}
			if r := results(t, w, pre, w.nino); len(r) != 0 {
				t.Errorf("a trainer of another activity sees %+v", r)
			}
			ncp := e.APIToken(t, e.AccountFor(t, core.RoleNCP).Email) // Georgia
			if r := results(t, w, pre, ncp); len(r) != 2 || slices.ContainsFunc(r, func(x learning.Result) bool { return x.CountryCode != "GE" }) {
				t.Errorf("Georgia's ncp sees %+v", r)
			}
			apptest.WantStatus(t, e.DoJSON(t, http.MethodGet, base+"/results", w.obs, nil), http.StatusForbidden)
			if v := view(t, w, pre, w.olena); v.Submission == nil || v.Submission.PersonID != w.olenaID {
				t.Errorf("Olena's view: %+v", v.Submission)
			}
		})

		actions := e.AuditActions(t)
		for _, a := range []string{"learning.question.create", "learning.test.create", "learning.submission.save", "learning.submission.submit",
			"learning.scores.enter", "learning.results_listed"} {
			if !slices.Contains(actions, a) {
				t.Errorf("audit has no %s", a)
			}
		}
	})
}

// TestScore is the scoring rule: a question counts only when the chosen
// set is exactly the correct set.
func TestScore(t *testing.T) {
	qs := []learning.Question{{ID: "a", Correct: []int{1}}, {ID: "b", Correct: []int{0, 2}}, {ID: "c", Correct: []int{0}}}
	for _, tc := range []struct {
		answers map[string][]int
		want    float64
	}{
		{map[string][]int{"a": {1}, "b": {2, 0}, "c": {0}}, 100},
		{map[string][]int{"a": {1}, "b": {0}, "c": {0}}, 66.7},       // one correct choice missing
		{map[string][]int{"a": {1}, "b": {0, 1, 2}, "c": {0}}, 66.7}, // one wrong choice added
		{map[string][]int{"a": {1}}, 33.3},
		{map[string][]int{}, 0},
	} {
		if got := learning.Score(qs, tc.answers); got != tc.want {
			t.Errorf("Score(%v) = %v, want %v", tc.answers, got, tc.want)
		}
	}
}

// TestCatalogues: every message key of learning exists in all seven
// languages, and each validation code has its message.
func TestCatalogues(t *testing.T) {
	e := apptest.New(t, "sqlite")
	en := e.Bundle.Keys("en")
	var own []string
	for _, k := range en {
		if strings.HasPrefix(k, "learning.") {
			own = append(own, k)
		}
	}
	if len(own) < 12 {
		t.Fatalf("learning has %d keys", len(own))
	}
	for _, lang := range learning.Languages {
		keys := e.Bundle.Keys(lang)
		for _, k := range own {
			if !slices.Contains(keys, k) {
				t.Errorf("%s: no %s", lang, k)
			}
		}
		l := e.Bundle.Localizer(lang)
		for _, code := range []string{"other_course", "not_in_test", "already_submitted", "window_closed", "not_open", "out_of_range"} {
			if m := learning.FieldMessage(l, core.FieldError{Field: "x", Code: code}); m == "" || strings.HasPrefix(m, "learning.") {
				t.Errorf("%s: %s has no message (%q)", lang, code, m)
			}
		}
	}
}
