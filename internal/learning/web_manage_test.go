package learning_test

// The manager pages through the real server on both engines: the
// question bank, an activity's tests and surveys with their forms and
// completion conditions, and a test's paper scores (the sheet and the
// file); every page in every language, forms valid and refused (nothing
// written), who is refused, and their catalogues. The world (setup) is
// learning_test.go's. The phone-sized browser flow is at the end.

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io/fs"
	"maps"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/BurntSushi/toml"
	"github.com/PuerkitoBio/goquery"
	"github.com/chromedp/chromedp"

	"github.com/topcop-platform/topcop/internal/app/apptest"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/directory"
	"github.com/topcop-platform/topcop/internal/i18n"
	"github.com/topcop-platform/topcop/internal/learning"
	"github.com/topcop-platform/topcop/internal/ui/uitest"
)

func bankPage(courseID string) string { return "/learning/courses/" + courseID + "/questions" }
func managePage(actID string) string  { return "/learning/activities/" + actID }
func scoresPage(testID string) string { return "/learning/tests/" + testID + "/scores" }
func fieldError(doc *goquery.Document, name string) string {
	return uitest.Squash(doc.Find("#field-" + name + "-error").Text())
}

// upload posts a file as the scores form does (multipart, field "file").
func upload(t *testing.T, c *apptest.Client, path, name string, data []byte) *apptest.Response {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, err := mw.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = fw.Write(data)
	_ = mw.Close()
	req := c.NewRequest(t, http.MethodPost, path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.Do(t, req)
}

// courseQuestions reads a course's bank through the service.
func courseQuestions(t *testing.T, e *apptest.Env, courseID string) []learning.Question {
	t.Helper()
	_, qs, err := apptest.Use[*learning.Service](e).CourseQuestions(apptest.SysCtx(), courseID)
	if err != nil {
		t.Fatal(err)
	}
	return qs
}

// activityTests reads an activity's tests through the service.
func activityTests(t *testing.T, e *apptest.Env, actID string) []learning.TestSummary {
	t.Helper()
	_, ts, err := apptest.Use[*learning.Service](e).ActivityTests(apptest.SysCtx(), actID)
	if err != nil {
		t.Fatal(err)
	}
	return ts
}

// scoresOf maps a test's results to person → score.
func scoresOf(t *testing.T, w *world, testID string) map[string]float64 {
	t.Helper()
	out := map[string]float64{}
	for _, r := range results(t, w, testID, w.coord) {
		out[r.PersonID] = r.Score
	}
	return out
}

// setEmail gives a person of the world an e-mail address.
func setEmail(t *testing.T, e *apptest.Env, personID, email string) {
	t.Helper()
	dir := apptest.Use[*directory.Service](e)
	p, err := dir.Person(apptest.SysCtx(), personID)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := dir.UpdatePerson(apptest.SysCtx(), personID, directory.PersonInput{AgencyID: p.AgencyID, GivenName: p.GivenName,
		FamilyName: p.FamilyName, Sex: p.Sex, Email: email}); err != nil {
		t.Fatal(err, core.AsError(err).Fields)
	}
}

// kyiv is the world's activity's time zone: the forms' dates and times
// are in it.
func kyiv(t *testing.T, d time.Duration) (date, clock string) {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Kyiv")
	if err != nil {
		t.Fatal(err)
	}
	at := time.Now().Add(d).In(loc)
	return at.Format(time.DateOnly), at.Format("15:04")
}

// badQuestion is a question form with no English text, a choice with a
// Romanian text only and none marked correct.
func badQuestion() url.Values {
	return url.Values{"rows": {"4"}, "kind": {"single"}, "text_en": {" "}, "choice_0_en": {"Yes"}, "choice_2_ro": {"Nu"}}
}

// TestManagePagesRender renders the bank, the activity's page (for a
// coordinator and for its trainer) and the score sheet, as shown and
// with a refused form or file, in every language: the page's language, a
// heading, no accessibility or CSP problem, no message key and no
// missing value on the page, and none missing from the catalogues.
func TestManagePagesRender(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		w := setup(t, e)
		pre := w.newTest(t, "pre", "", -time.Hour, 2*time.Hour, w.q1, w.q2, w.q3)
		apptest.WantStatus(t, e.DoJSON(t, http.MethodPost, "/api/v1/tests/"+pre+"/submissions", w.ana,
			map[string]any{"answers": map[string][]int{w.q1: {1}}}), http.StatusCreated)
		apptest.WantStatus(t, e.DoJSON(t, http.MethodPut, "/api/v1/tests/"+pre+"/answers", w.olena,
			map[string]any{"answers": map[string][]int{w.q1: {0}}}), http.StatusOK)
		apptest.WantStatus(t, e.DoJSON(t, http.MethodPost, "/api/v1/activities/"+w.act.ID+"/surveys", w.coord,
			map[string]any{"kind": "satisfaction", "opens_at": "2030-03-08T10:00:00Z", "closes_at": "2030-03-22T10:00:00Z"}), http.StatusCreated)
		apptest.WantStatus(t, e.DoJSON(t, http.MethodPut, "/api/v1/activities/"+w.act.ID+"/completion", w.coord,
			map[string]any{"post_test": true, "min_post_score": 62.5, "survey": true}), http.StatusOK)

		coord, tudor := e.SignIn(t, e.AccountFor(t, core.RoleCoordinator).Email), e.SignIn(t, "tudor@example.org")
		type page struct {
			who    string
			c      *apptest.Client
			status int
			do     func() *apptest.Response
		}
		get := func(c *apptest.Client, path string) func() *apptest.Response {
			return func() *apptest.Response { return c.Get(t, path) }
		}
		opens, _ := kyiv(t, time.Hour)
		pages := []page{
			{"coordinator bank", coord, http.StatusOK, get(coord, bankPage(w.course.ID))},
			{"coordinator bank ?done", coord, http.StatusOK, get(coord, bankPage(w.course.ID)+"?done=question_added")},
			{"coordinator bank refused", coord, http.StatusUnprocessableEntity, func() *apptest.Response {
				return coord.Post(t, bankPage(w.course.ID), badQuestion())
			}},
			{"coordinator activity", coord, http.StatusOK, get(coord, managePage(w.act.ID)+"?done=test_set")},
			{"coordinator activity refused", coord, http.StatusUnprocessableEntity, func() *apptest.Response {
				return coord.Post(t, managePage(w.act.ID)+"/tests", url.Values{"kind": {"post"}, "opens_date": {opens}, "closes_date": {"2030-02-30"}})
			}},
			{"coordinator activity refused conditions", coord, http.StatusUnprocessableEntity, func() *apptest.Response {
				return coord.Post(t, managePage(w.act.ID)+"/completion", url.Values{"min_post_score": {"150"}})
			}},
			{"trainer activity", tudor, http.StatusOK, get(tudor, managePage(w.act.ID))},
			{"trainer scores", tudor, http.StatusOK, get(tudor, scoresPage(pre)+"?done=scores_saved")},
			{"trainer scores refused", tudor, http.StatusUnprocessableEntity, func() *apptest.Response {
				return tudor.Post(t, scoresPage(pre), url.Values{"score_" + w.ekaID: {"abc"}, "score_" + w.olenaID: {"7"}, "score_" + w.anaID: {"9"}})
			}},
			{"trainer scores refused file", tudor, http.StatusUnprocessableEntity, func() *apptest.Response {
				return upload(t, tudor, scoresPage(pre)+"/file", "scores.csv", []byte("email,score\nnobody@example.org,50\nx,101\n"))
			}},
		}
		key := regexp.MustCompile(`learning\.[a-z_]+\.[a-z_.]*[a-z]`)
		for _, lang := range i18n.Languages {
			for _, p := range pages {
				p.c.Lang = lang.Code
				res := p.do()
				where := lang.Code + " " + p.who
				apptest.WantStatus(t, res, p.status)
				doc := res.Doc(t)
				if got := doc.Find("html").AttrOr("lang", ""); got != lang.Code {
					t.Errorf("%s: <html lang=%q>", where, got)
				}
				if doc.Find("main h1").Length() == 0 {
					t.Errorf("%s: no heading", where)
				}
				for _, pr := range uitest.PageProblems(doc) {
					t.Errorf("%s: %s", where, pr)
				}
				if m := key.FindString(res.Body); m != "" {
					t.Errorf("%s: shows a message key: %s", where, m)
				}
				if strings.Contains(res.Body, "no value") {
					t.Errorf("%s: a message lacks a value", where)
				}
				if p.status == http.StatusUnprocessableEntity && doc.Find(".error-summary").Length() != 1 {
					t.Errorf("%s: no error summary", where)
				}
			}
		}
		if n := len(courseQuestions(t, e, w.course.ID)); n != 3 {
			t.Errorf("refused questions were written: %d in the bank", n)
		}
		if n := len(activityTests(t, e, w.act.ID)); n != 1 {
			t.Errorf("refused tests were written: %d", n)
		}
		if s := scoresOf(t, w, pre); len(s) != 1 {
			t.Errorf("refused scores were written: %v", s)
		}
		uitest.CheckNoMissingMessages(t, e.Bundle)
	})
}

// TestQuestionBankPage: the bank lists a course's questions with kind,
// outcome, texts per language and the correct choices; the form adds one
// (blank rows left out, the correct ones kept in order), grows by two
// rows without writing, and refuses bad input beside its inputs with
// nothing written; trainers are refused.
func TestQuestionBankPage(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		w := setup(t, e)
		coord := e.SignIn(t, e.AccountFor(t, core.RoleCoordinator).Email)
		page := bankPage(w.course.ID)

		_, doc := coord.GetDoc(t, page, http.StatusOK)
		if got := uitest.Text(t, doc, "#bank-count"); got != "3 questions" {
			t.Errorf("count %q", got)
		}
		q1 := doc.Find("#question-" + w.q1)
		if got := uitest.Squash(q1.Find(".question-hint").Text()); got != "Single choice · Learning outcome: Seize digital evidence" {
			t.Errorf("q1 kind and outcome %q", got)
		}
		if got := uitest.Squash(q1.Find(`dd[lang="ro"]`).Text()); got != "Ce instrument face o imagine criminalistică?" {
			t.Errorf("q1 in Romanian %q", got)
		}
		var correct []string
		doc.Find("#question-" + w.q2 + " .is-correct .answer-text").Each(func(_ int, s *goquery.Selection) { correct = append(correct, s.Text()) })
		if !slices.Equal(correct, []string{"SWIFT", "SEPA"}) {
			t.Errorf("q2 correct choices %v", correct)
		}
		if doc.Find("#question-"+w.foreign).Length() != 0 {
			t.Error("a question of another course is listed")
		}
		if n := doc.Find(`#question-form input[name="correct"]`).Length(); n != 4 {
			t.Errorf("%d choice rows", n)
		}
		opts := doc.Find(`#field-outcome option`).Map(func(_ int, s *goquery.Selection) string { return s.AttrOr("value", "") })
		if !slices.Equal(opts, []string{"", "Seize digital evidence", "Trace a payment"}) {
			t.Errorf("outcomes offered %v", opts)
		}

		// Two more rows, nothing written, what was typed kept.
		res := coord.Post(t, page, url.Values{"rows": {"4"}, "intent": {"more"}, "text_en": {"Kept?"}, "choice_3_en": {"D"}})
		apptest.WantStatus(t, res, http.StatusOK)
		doc = res.Doc(t)
		if n := doc.Find(`#question-form input[name="correct"]`).Length(); n != 6 {
			t.Errorf("after 'more': %d rows", n)
		}
		if doc.Find("#field-text_en").Text() != "Kept?" || doc.Find("#field-choice_3_en").AttrOr("value", "") != "D" {
			t.Error("'more' lost what was typed")
		}

		// Refused: messages beside the inputs, nothing written.
		res = coord.Post(t, page, badQuestion())
		apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
		doc = res.Doc(t)
		for name, want := range map[string]string{"text_en": "Write the question in English.", "choice_2_en": "Write this choice in English."} {
			if got := fieldError(doc, name); !strings.HasSuffix(got, want) {
				t.Errorf("%s: error %q, want %q", name, got, want)
			}
		}
		if got := uitest.Squash(doc.Find("#field-correct").Text()); !strings.HasSuffix(got, "Mark at least one choice as correct.") {
			t.Errorf("correct: %q", got)
		}
		if doc.Find("#choice-row-2 details[open]").Length() != 1 {
			t.Error("the translations holding the refused text are closed")
		}
		if n := len(courseQuestions(t, e, w.course.ID)); n != 3 {
			t.Fatalf("a refused question was written: %d", n)
		}

		// Added: a blank row left out, the correct choices renumbered.
		res = coord.Post(t, page, url.Values{"rows": {"4"}, "kind": {"multiple"}, "outcome": {"Trace a payment"},
			"text_en": {"Which are payment rails?"}, "text_uk": {"Що є платіжними системами?"},
			"choice_0_en": {"SWIFT"}, "choice_2_en": {"SEPA"}, "choice_2_ro": {"SEPA (RO)"}, "choice_3_en": {"HTTP"}, "correct": {"0", "2"}})
		apptest.WantRedirect(t, res, page+"?done=question_added")
		qs := courseQuestions(t, e, w.course.ID)
		if len(qs) != 4 {
			t.Fatalf("%d questions after adding one", len(qs))
		}
		q := qs[3]
		if q.Kind != learning.KindMultiple || q.Outcome != "Trace a payment" || q.Texts["uk"] != "Що є платіжними системами?" ||
			len(q.Choices) != 3 || q.Choices[1].Texts["ro"] != "SEPA (RO)" || !slices.Equal(q.Correct, []int{0, 1}) {
			t.Errorf("added %+v", q)
		}
		_, doc = coord.GetDoc(t, res.Location(), http.StatusOK)
		if got := uitest.Squash(doc.Find(".flash").Text()); got != "The question is added to the bank." {
			t.Errorf("flash %q", got)
		}
		if doc.Find("#question-"+q.ID+" .is-correct").Length() != 2 {
			t.Error("the new question's correct choices are not marked")
		}

		// Trainers keep no bank; a course that does not exist is not found.
		for _, c := range []*apptest.Client{e.SignIn(t, "tudor@example.org"), e.SignIn(t, "ana@example.org")} {
			apptest.WantStatus(t, c.Get(t, page), http.StatusForbidden)
			apptest.WantStatus(t, c.Post(t, page, url.Values{"kind": {"single"}}), http.StatusForbidden)
		}
		apptest.WantStatus(t, coord.Get(t, bankPage(core.NewID())), http.StatusNotFound)
		apptest.WantStatus(t, coord.Get(t, bankPage("x")), http.StatusNotFound)
		if n := len(courseQuestions(t, e, w.course.ID)); n != 4 {
			t.Errorf("%d questions after refused posts", n)
		}
	})
}

// TestActivityLearningPage: coordinators set tests, open surveys and set
// the completion conditions on the page, refused input comes back as
// typed with the Service's messages and writes nothing; the activity's
// trainer reads the lists without forms; a trainer of another activity
// gets 404, participants and observers 403.
func TestActivityLearningPage(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		w := setup(t, e)
		coord := e.SignIn(t, e.AccountFor(t, core.RoleCoordinator).Email)
		page := managePage(w.act.ID)

		_, doc := coord.GetDoc(t, page, http.StatusOK)
		if doc.Find("#set-test, #open-survey, #completion-form").Length() != 3 {
			t.Fatal("the coordinator lacks a form")
		}
		offered := doc.Find(`#set-test input[name="question_ids"]`).Map(func(_ int, s *goquery.Selection) string { return s.AttrOr("value", "") })
		if !slices.Equal(offered, []string{w.q1, w.q2, w.q3}) {
			t.Errorf("questions offered %v, want the course's three", offered)
		}
		if got := uitest.Text(t, doc, "#completion-rule"); got != "Completion depends on attendance only." {
			t.Errorf("conditions %q", got)
		}

		opens, opensAt := kyiv(t, -time.Hour)
		closes, closesAt := kyiv(t, 2*time.Hour)
		valid := url.Values{"kind": {"pre"}, "form": {""}, "opens_date": {opens}, "opens_time": {opensAt}, "closes_date": {closes},
			"closes_time": {closesAt}, "question_ids": {w.q1, w.q3}}
		with := func(kv ...string) url.Values {
			v := url.Values{}
			for k, vs := range valid {
				v[k] = slices.Clone(vs)
			}
			for i := 0; i+1 < len(kv); i += 2 {
				if kv[i+1] == "" {
					v.Del(kv[i])
				} else {
					v.Set(kv[i], kv[i+1])
				}
			}
			return v
		}
		for _, c := range []struct {
			name  string
			form  url.Values
			field string
			want  string
		}{
			{"no question", with("question_ids", ""), "question_ids", "Choose at least one question."},
			{"another course's question", with("question_ids", w.foreign), "question_ids", "Choose questions of this activity's course only."},
			{"closes before it opens", with("closes_date", opens, "closes_time", "00:00", "opens_time", "23:59"), "closes_date", "The window must close after it opens."},
			{"not a date", with("opens_date", "2030-02-30"), "opens_date", "Enter a date like 2030-03-04 and a time like 09:30."},
			{"closes too late", with("closes_date", "2030-05-01"), "closes_date", "The window must close by 2030-04-07."},
		} {
			res := coord.Post(t, page+"/tests", c.form)
			apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
			doc := res.Doc(t)
			if got := fieldError(doc, c.field); !strings.HasSuffix(got, c.want) {
				t.Errorf("%s: %s error %q, want %q", c.name, c.field, got, c.want)
			}
			if doc.Find(`#set-test select[name="kind"] option[value="pre"][selected]`).Length() != 1 {
				t.Errorf("%s: the form lost what was typed", c.name)
			}
		}
		if n := len(activityTests(t, e, w.act.ID)); n != 0 {
			t.Fatalf("refused tests were written: %d", n)
		}

		res := coord.Post(t, page+"/tests", valid)
		apptest.WantRedirect(t, res, page+"?done=test_set")
		ts := activityTests(t, e, w.act.ID)
		if len(ts) != 1 || ts[0].Kind != learning.TestPre || ts[0].Questions != 2 ||
			!slices.Equal(view(t, w, ts[0].ID, w.coord).QuestionIDs, []string{w.q1, w.q3}) {
			t.Fatalf("set %+v", ts)
		}
		pre := ts[0].ID
		apptest.WantStatus(t, e.DoJSON(t, http.MethodPost, "/api/v1/tests/"+pre+"/submissions", w.eka,
			map[string]any{"answers": map[string][]int{w.q1: {1}}}), http.StatusCreated)
		res = coord.Post(t, page+"/tests", with("form", "A", "kind", "pre"))
		apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
		if got := fieldError(res.Doc(t), "form"); !strings.Contains(got, "either as one form or as forms A and B") {
			t.Errorf("forms mixed: %q", got)
		}
		_, doc = coord.GetDoc(t, page+"?done=test_set", http.StatusOK)
		if got := uitest.Squash(doc.Find(".flash").Text()); got != "The test is set." {
			t.Errorf("flash %q", got)
		}
		row := doc.Find("#test-" + pre)
		cells := row.Find("td").Map(func(_ int, s *goquery.Selection) string { return uitest.Squash(s.Text()) })
		if uitest.Squash(row.Find("th").Text()) != "Pre-test" || len(cells) != 5 || cells[1] != "Open" || cells[2] != "2" || cells[3] != "1" {
			t.Errorf("the test's row: %v", cells)
		}
		for _, href := range []string{testPage(pre), testPage(pre) + "/results", scoresPage(pre)} {
			if row.Find(`a[href="`+href+`"]`).Length() != 1 {
				t.Errorf("no link to %s", href)
			}
		}

		// Surveys.
		surveys := func() int {
			t.Helper()
			res := e.DoJSON(t, http.MethodGet, "/api/v1/activities/"+w.act.ID+"/surveys", w.coord, nil)
			apptest.WantStatus(t, res, http.StatusOK)
			var l struct {
				Items []learning.Survey `json:"items"`
			}
			res.JSON(t, &l)
			return len(l.Items)
		}
		res = coord.Post(t, page+"/surveys", url.Values{"survey_kind": {"followup"}, "survey_opens_date": {"2030-03-01"}, "survey_closes_date": {"2030-04-01"}})
		apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
		if got := fieldError(res.Doc(t), "survey_opens_date"); !strings.HasSuffix(got, "The window may open no earlier than 2030-03-08.") {
			t.Errorf("a follow-up opening early: %q", got)
		}
		survey := url.Values{"survey_kind": {"satisfaction"}, "survey_opens_date": {"2030-03-08"}, "survey_opens_time": {"12:00"},
			"survey_closes_date": {"2030-03-22"}, "survey_closes_time": {"23:59"}}
		apptest.WantRedirect(t, coord.Post(t, page+"/surveys", survey), page+"?done=survey_opened")
		res = coord.Post(t, page+"/surveys", survey)
		apptest.WantStatus(t, res, http.StatusConflict)
		if got := fieldError(res.Doc(t), "survey_kind"); !strings.HasSuffix(got, "This activity already has this survey.") {
			t.Errorf("a second satisfaction survey: %q", got)
		}
		if n := surveys(); n != 1 {
			t.Errorf("%d surveys", n)
		}

		// Completion conditions.
		cond := func() learning.Completion {
			t.Helper()
			res := e.DoJSON(t, http.MethodGet, "/api/v1/activities/"+w.act.ID+"/completion", w.coord, nil)
			apptest.WantStatus(t, res, http.StatusOK)
			var c learning.Completion
			res.JSON(t, &c)
			return c
		}
		for value, want := range map[string]string{"abc": "Enter a number from 0 to 100, like 72 or 72.5.", "150": "Enter a score from 0 to 100."} {
			res := coord.Post(t, page+"/completion", url.Values{"post_test": {"true"}, "min_post_score": {value}})
			apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
			doc := res.Doc(t)
			if got := fieldError(doc, "min_post_score"); !strings.HasSuffix(got, want) {
				t.Errorf("min %q: %q", value, got)
			}
			if doc.Find("#field-min_post_score").AttrOr("value", "") != value || doc.Find("#field-post_test[checked]").Length() != 1 {
				t.Errorf("min %q: the form lost what was typed", value)
			}
		}
		if c := cond(); c.PostTest || c.MinPostScore != nil || c.Survey {
			t.Fatalf("refused conditions were written: %+v", c)
		}
		coord.Lang = "ro"
		apptest.WantRedirect(t, coord.Post(t, page+"/completion", url.Values{"min_post_score": {"60,5"}, "survey": {"true"}}), page+"?done=completion_saved")
		coord.Lang = ""
		if c := cond(); !c.PostTest || c.MinPostScore == nil || *c.MinPostScore != 60.5 || !c.Survey {
			t.Errorf("conditions %+v", c)
		}
		_, doc = coord.GetDoc(t, page, http.StatusOK)
		if got := uitest.Text(t, doc, "#completion-rule"); got != "Besides attendance, completing the activity requires: post-test score of at least 60.5; satisfaction survey answered." {
			t.Errorf("conditions %q", got)
		}
		if doc.Find("#field-min_post_score").AttrOr("value", "") != "60.5" || doc.Find("#field-survey[checked]").Length() != 1 {
			t.Error("the form does not show the conditions set")
		}

		// The activity's trainer reads; others are refused.
		_, doc = e.SignIn(t, "tudor@example.org").GetDoc(t, page, http.StatusOK)
		if doc.Find("main form").Length() != 0 {
			t.Error("the trainer is shown a form")
		}
		if doc.Find("#test-"+pre).Length() != 1 || doc.Find("#surveys tbody tr").Length() != 1 {
			t.Error("the trainer does not see the tests and surveys")
		}
		tudor := e.SignIn(t, "tudor@example.org")
		apptest.WantStatus(t, tudor.Post(t, page+"/tests", valid), http.StatusForbidden)
		apptest.WantStatus(t, tudor.Post(t, page+"/completion", url.Values{"survey": {"true"}}), http.StatusForbidden)
		apptest.WantStatus(t, e.SignIn(t, "nino@example.org").Get(t, page), http.StatusNotFound)
		apptest.WantStatus(t, e.SignIn(t, "ana@example.org").Get(t, page), http.StatusForbidden)
		apptest.WantStatus(t, e.SignIn(t, e.AccountFor(t, core.RoleObserver).Email).Get(t, page), http.StatusForbidden)
		apptest.WantStatus(t, coord.Get(t, managePage(core.NewID())), http.StatusNotFound)
		if n := len(activityTests(t, e, w.act.ID)); n != 1 {
			t.Errorf("%d tests after refused posts", n)
		}
	})
}

// TestPaperScoresPage: the activity's trainer enters paper scores on the
// sheet (a decimal comma accepted, corrections allowed), all or nothing,
// with refused scores named beside their participant and nothing
// written; those who took the test online keep their score; a trainer of
// another activity gets 404 and a participant 403.
func TestPaperScoresPage(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		w := setup(t, e)
		pre := w.newTest(t, "pre", "", -time.Hour, 2*time.Hour, w.q1, w.q2, w.q3)
		apptest.WantStatus(t, e.DoJSON(t, http.MethodPost, "/api/v1/tests/"+pre+"/submissions", w.ana,
			map[string]any{"answers": map[string][]int{w.q1: {1}, w.q2: {0, 2}, w.q3: {1}}}), http.StatusCreated) // 66.7
		tudor := e.SignIn(t, "tudor@example.org")
		page := scoresPage(pre)

		_, doc := tudor.GetDoc(t, page, http.StatusOK)
		var names []string
		doc.Find("table.score-sheet tbody tr th").Each(func(_ int, s *goquery.Selection) { names = append(names, s.Text()) })
		if !slices.Equal(names, []string{"Ana Abashidze", "Eka Bolkvadze", "Olena Bondar"}) {
			t.Errorf("the sheet lists %v", names)
		}
		ana := doc.Find(`tr[data-person="` + w.anaID + `"]`)
		if ana.Find("input").Length() != 0 || !strings.Contains(ana.Text(), "Online: 66.7%") {
			t.Errorf("Ana, who submitted online: %q", uitest.Squash(ana.Text()))
		}
		if doc.Find("#field-score_"+w.ekaID).Length() != 1 || doc.Find(`label[for="field-score_`+w.ekaID+`"]`).Text() != "Score of Eka Bolkvadze" {
			t.Error("Eka has no labelled input")
		}
		if got := uitest.Text(t, doc, "#scores-entered"); got != "1 of 3 participants have a score." {
			t.Errorf("entered %q", got)
		}

		// Refused, nothing written: not a number (on the page), out of
		// range (the Service), a participant who took it online (crafted).
		for _, c := range []struct {
			form   url.Values
			person string
			want   string
		}{
			{url.Values{"score_" + w.ekaID: {"eighty"}, "score_" + w.olenaID: {"50"}}, w.ekaID, "Eka Bolkvadze: Enter a number from 0 to 100, like 72 or 72.5."},
			{url.Values{"score_" + w.ekaID: {"80"}, "score_" + w.olenaID: {"100,5"}}, w.olenaID, "Olena Bondar: Enter a score from 0 to 100."},
		} {
			res := tudor.Post(t, page, c.form)
			apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
			doc := res.Doc(t)
			if got := fieldError(doc, "score_"+c.person); !strings.HasSuffix(got, c.want) {
				t.Errorf("%v: error %q, want %q", c.form, got, c.want)
			}
			if !strings.Contains(uitest.Squash(doc.Find(".error-summary").Text()), c.want) {
				t.Errorf("%v: the summary does not name the row", c.form)
			}
			if doc.Find("#field-score_"+w.olenaID).AttrOr("value", "") != c.form.Get("score_"+w.olenaID) {
				t.Errorf("%v: the sheet lost what was typed", c.form)
			}
		}
		res := tudor.Post(t, page, url.Values{"score_" + w.ekaID: {"80"}, "score_" + w.anaID: {"10"}})
		apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
		if got := summaryOf(res.Doc(t)); !strings.Contains(got, "Ana Abashidze: This participant took the test online") {
			t.Errorf("a score over an online one: %q", got)
		}
		if s := scoresOf(t, w, pre); len(s) != 1 || s[w.anaID] != 66.7 {
			t.Fatalf("refused scores were written: %v", s)
		}

		// Saved, then corrected.
		tudor.Lang = "uk"
		apptest.WantRedirect(t, tudor.Post(t, page, url.Values{"score_" + w.ekaID: {"80"}, "score_" + w.olenaID: {"45,5"}}), page+"?done=scores_saved")
		tudor.Lang = ""
		if s := scoresOf(t, w, pre); s[w.ekaID] != 80 || s[w.olenaID] != 45.5 || s[w.anaID] != 66.7 {
			t.Fatalf("scores %v", s)
		}
		_, doc = tudor.GetDoc(t, page+"?done=scores_saved", http.StatusOK)
		if got := uitest.Squash(doc.Find(".flash").Text()); got != "The scores are saved." {
			t.Errorf("flash %q", got)
		}
		if doc.Find("#field-score_"+w.olenaID).AttrOr("value", "") != "45.5" {
			t.Error("the sheet does not show Olena's paper score")
		}
		apptest.WantRedirect(t, tudor.Post(t, page, url.Values{"score_" + w.ekaID: {"82"}, "score_" + w.olenaID: {""}}), page+"?done=scores_saved")
		if s := scoresOf(t, w, pre); s[w.ekaID] != 82 || s[w.olenaID] != 45.5 {
			t.Errorf("after a correction %v", s)
		}
		res = tudor.Post(t, page, url.Values{"score_" + w.ekaID: {" "}})
		apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
		if got := summaryOf(res.Doc(t)); !strings.Contains(got, "Enter at least one score.") {
			t.Errorf("nothing typed: %q", got)
		}

		// Who is refused.
		nino := e.SignIn(t, "nino@example.org")
		apptest.WantStatus(t, nino.Get(t, page), http.StatusNotFound)
		apptest.WantStatus(t, nino.Post(t, page, url.Values{"score_" + w.ekaID: {"1"}}), http.StatusNotFound)
		apptest.WantStatus(t, nino.Get(t, page+".csv"), http.StatusNotFound)
		eka := e.SignIn(t, "eka@example.org")
		apptest.WantStatus(t, eka.Get(t, page), http.StatusForbidden)
		apptest.WantStatus(t, eka.Post(t, page, url.Values{"score_" + w.ekaID: {"100"}}), http.StatusNotFound)
		if s := scoresOf(t, w, pre); s[w.ekaID] != 82 {
			t.Errorf("a refused post changed Eka's score: %v", s)
		}
		coord := e.SignIn(t, e.AccountFor(t, core.RoleCoordinator).Email)
		apptest.WantStatus(t, coord.Get(t, page), http.StatusOK)
		apptest.WantStatus(t, coord.Get(t, scoresPage(core.NewID())), http.StatusNotFound)
		var reads int
		for _, a := range e.AuditActions(t) {
			if a == "learning.score_sheet_read" {
				reads++
			}
		}
		if reads == 0 {
			t.Error("reading the score sheet is not audited")
		}
	})
}

// TestPaperScoresFile: the sheet downloads as a file to fill in; a file
// (BOM, semicolons, e-mail addresses in any case, decimal commas, the
// online score's line without a score) enters its scores; a wrong file
// is refused with every error on its line and nothing is written.
func TestPaperScoresFile(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		w := setup(t, e)
		pre := w.newTest(t, "pre", "", -time.Hour, 2*time.Hour, w.q1, w.q2, w.q3)
		apptest.WantStatus(t, e.DoJSON(t, http.MethodPost, "/api/v1/tests/"+pre+"/submissions", w.ana,
			map[string]any{"answers": map[string][]int{w.q1: {1}, w.q2: {0, 2}, w.q3: {0}}}), http.StatusCreated) // 100
		setEmail(t, e, w.ekaID, "eka.bolkvadze@example.org")
		setEmail(t, e, w.olenaID, "olena.bondar@example.org")
		tudor := e.SignIn(t, "tudor@example.org")
		page := scoresPage(pre)

		// The sheet to fill in.
		res := tudor.Get(t, page+".csv")
		apptest.WantStatus(t, res, http.StatusOK)
		if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
			t.Errorf("content type %q", ct)
		}
		recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(res.Body, "\ufeff"))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		want := [][]string{{"person_id", "name", "country", "score", "online_score"}, {w.anaID, "Ana Abashidze", "GE", "", "100"},
			{w.ekaID, "Eka Bolkvadze", "GE", "", ""}, {w.olenaID, "Olena Bondar", "UA", "", ""}}
		if !slices.EqualFunc(recs, want, slices.Equal) {
			t.Errorf("the sheet's file:\n%v\nwant\n%v", recs, want)
		}
		if strings.Contains(res.Body, "@example.org") {
			t.Error("the file shows e-mail addresses")
		}

		// Wrong files: every error on its line, nothing written.
		for _, c := range []struct {
			name, file string
			status     int
			want       []string
		}{
			{"lines wrong", "email,score\nolena.bondar@example.org,101\nnobody@example.org,50\neka.bolkvadze@example.org,x\n", 422,
				[]string{"Line 2: The score must be from 0 to 100.", "Line 3: No participant of the activity has this e-mail address.",
					"Line 4: The score is not a number: write it like 72 or 72.5."}},
			{"refused by the service", "person_id,score\n" + w.ekaID + ",50\n" + w.anaID + ",40\n" + w.ekaID + ",60\n" + w.olenaID + ",1\n", 422,
				[]string{"Line 3: This participant took the test online: their score cannot be replaced.", "Line 4: This participant appears more than once."}},
			{"a stranger", "person_id,score\n" + core.NewID() + ",50\n", 422, []string{"Line 2: This person is not a participant of the activity."}},
			{"no header", w.ekaID + ",50\n", 422, []string{"Line 1: The first line must name the columns: score, and person_id or email."}},
			{"not UTF-8", "email,score\neka.bolkvadze@example.org,5\xb0\n", 422, []string{"Line 3: The file is not in UTF-8"}},
			{"empty", "email;score\r\n", 422, []string{"The file holds no score."}},
		} {
			if c.name == "not UTF-8" {
				c.want = []string{"Line 2: The file is not in UTF-8: save it as “CSV UTF-8”."}
			}
			res := upload(t, tudor, page+"/file", "scores.csv", []byte(c.file))
			apptest.WantStatus(t, res, c.status)
			doc := res.Doc(t)
			var got []string
			doc.Find("#file-errors li").Each(func(_ int, s *goquery.Selection) { got = append(got, uitest.Squash(s.Text())) })
			if !slices.Equal(got, c.want) {
				t.Errorf("%s: errors\n%q\nwant\n%q", c.name, got, c.want)
			}
			if fieldError(doc, "file") == "" || doc.Find(`.error-summary a[href="#field-file"]`).Length() != 1 {
				t.Errorf("%s: no error on the file input", c.name)
			}
		}
		res = tudor.Post(t, page+"/file", url.Values{"file": {"x"}})
		apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
		if got := fieldError(res.Doc(t), "file"); !strings.HasSuffix(got, "Choose a CSV file of scores.") {
			t.Errorf("no file: %q", got)
		}
		big := append([]byte("email,score\n"), bytes.Repeat([]byte("eka.bolkvadze@example.org,1\n"), learning.MaxScoresFileBytes/28+1)...)
		apptest.WantStatus(t, upload(t, tudor, page+"/file", "big.csv", big), http.StatusRequestEntityTooLarge)
		if s := scoresOf(t, w, pre); len(s) != 1 {
			t.Fatalf("a refused file wrote scores: %v", s)
		}
		apptest.WantStatus(t, upload(t, e.SignIn(t, "nino@example.org"), page+"/file", "s.csv", []byte("person_id,score\n"+w.ekaID+",50\n")), http.StatusNotFound)

		// A good file: the downloaded sheet filled in, saved by a
		// spreadsheet in Romanian (semicolons, decimal commas), an e-mail
		// address in capitals.
		file := "\ufeffperson_id;name;country;score;online_score;email\r\n" +
			w.anaID + ";Ana Abashidze;GE;;100;\r\n" +
			";Eka Bolkvadze;GE;72,5;;EKA.Bolkvadze@example.org\r\n" +
			w.olenaID + ";Olena Bondar;UA;90;;\r\n"
		res = upload(t, tudor, page+"/file", "scores.csv", []byte(file))
		apptest.WantRedirect(t, res, page+"?done=file_saved")
		if s := scoresOf(t, w, pre); s[w.anaID] != 100 || s[w.ekaID] != 72.5 || s[w.olenaID] != 90 {
			t.Errorf("scores from the file: %v", s)
		}
		for _, r := range results(t, w, pre, w.coord) {
			if want := map[bool]learning.Source{true: learning.SourceOnline, false: learning.SourcePaper}[r.PersonID == w.anaID]; r.Source != want {
				t.Errorf("%s: source %s", r.Name, r.Source)
			}
		}
	})
}

// TestManageCatalogues checks the manager pages' catalogues
// (<lang>.manage.toml): every key of en in each language and no other,
// the same placeholders, the plural forms each language needs, texts in
// the language's script and not English copies.
func TestManageCatalogues(t *testing.T) {
	plural := map[string][]string{"en": {"one", "other"}, "ka": {"one", "other"}, "hy": {"one", "other"}, "az": {"one", "other"},
		"ro": {"few", "one", "other"}, "uk": {"few", "many", "one", "other"}, "ru": {"few", "many", "one", "other"}}
	load := func(lang string) map[string]any {
		b, err := fs.ReadFile(learning.Module.Locales, lang+".manage.toml")
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]any{}
		if err := toml.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s.manage.toml: %v", lang, err)
		}
		return flattenTOML("", m)
	}
	ph := regexp.MustCompile(`\{\{\s*\.([A-Za-z]+)\s*\}\}`)
	holes := func(v any) []string {
		set := map[string]bool{}
		for _, m := range ph.FindAllStringSubmatch(fmt.Sprint(v), -1) {
			set[m[1]] = true
		}
		return slices.Sorted(maps.Keys(set))
	}
	// The same in every language: a name and a message, "Online: 66.7%".
	neutral := []string{"learning.manage.scores.row_error"}
	scripts := map[string]*unicode.RangeTable{"ka": unicode.Georgian, "hy": unicode.Armenian, "uk": unicode.Cyrillic, "ru": unicode.Cyrillic}
	en := load("en")
	if len(en) < 100 {
		t.Fatalf("en.manage.toml has %d keys", len(en))
	}
	for _, lang := range i18n.Languages {
		msgs := load(lang.Code)
		for k, src := range en {
			m, ok := msgs[k]
			if !ok {
				t.Errorf("%s: missing %s", lang.Code, k)
				continue
			}
			if got, want := holes(m), holes(src); !slices.Equal(got, want) {
				t.Errorf("%s: %s: placeholders %v, en has %v", lang.Code, k, got, want)
			}
			if forms, isPlural := m.(map[string]any); isPlural {
				if have := slices.Sorted(maps.Keys(forms)); !slices.Equal(have, plural[lang.Code]) {
					t.Errorf("%s: plural %s has %v, want %v", lang.Code, k, have, plural[lang.Code])
				}
				continue
			}
			s, _ := m.(string)
			switch {
			case strings.TrimSpace(s) == "":
				t.Errorf("%s: %s is empty", lang.Code, k)
			case slices.Contains(neutral, k):
			case lang.Code != "en" && s == src && !strings.HasPrefix(k, "learning.manage.scores.online") && k != "learning.manage.test.test":
				t.Errorf("%s: %s is the English text", lang.Code, k)
			case scripts[lang.Code] != nil && !strings.ContainsFunc(s, func(r rune) bool { return unicode.Is(scripts[lang.Code], r) }):
				t.Errorf("%s: %s = %q has no letter of the language's script", lang.Code, k, s)
			}
		}
		for k := range msgs {
			if _, ok := en[k]; !ok {
				t.Errorf("%s: %s is not in en.manage.toml", lang.Code, k)
			}
		}
		all := fmt.Sprint(msgs)
		switch lang.Code {
		case "ro":
			if strings.ContainsAny(all, "şţŞŢ") {
				t.Error("ro: cedilla ş/ţ instead of ș/ț")
			}
		case "az":
			if !strings.ContainsRune(all, 'ə') || strings.ContainsAny(all, "șțȘȚ") {
				t.Error("az: expected ə and ş")
			}
		case "uk":
			if strings.ContainsAny(all, "ыэъёЫЭЪЁ") {
				t.Error("uk: Russian-only letters")
			}
		case "ru":
			if strings.ContainsAny(all, "іїєґІЇЄҐ") {
				t.Error("ru: Ukrainian-only letters")
			}
		}
	}
	// Every code of the scores file has its message.
	for _, code := range []string{learning.CSVEncoding, learning.CSVEmpty, learning.CSVMalformed, learning.CSVHeader, learning.CSVDuplicate,
		learning.CSVTooMany, learning.CSVColumns, learning.CSVWho, learning.CSVPersonID, learning.CSVEmail, learning.CSVScore,
		learning.CSVOutOfRange, learning.CSVTooManyErrs, "unknown_email"} {
		if _, ok := en["learning.manage.csv.error."+code]; !ok {
			t.Errorf("no message for the file error %s", code)
		}
	}
}

// TestBrowserManagePages is the coordinator's and the trainer's side on a
// phone's screen (390 × 844) in a real browser: the bank, the activity's
// page and the score sheet in every language without sideways scrolling;
// then, with the keyboard alone, the trainer enters a paper score and the
// coordinator ticks a question and sets the post-test.
func TestBrowserManagePages(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		w := setup(t, e)
		pre := w.newTest(t, "pre", "", -time.Hour, 2*time.Hour, w.q1, w.q2, w.q3)

		var b *apptest.Browser
		layout := func(where string) {
			t.Helper()
			for _, problem := range b.MeasureLayout().Problems() {
				t.Errorf("%s at 390 px: %s", where, problem)
			}
		}
		// A browser for the pages in every language, another for the
		// flows: each has its own time.
		coordEmail := e.AccountFor(t, core.RoleCoordinator).Email
		b = apptest.OpenBrowser(t)
		b.Viewport(390, 844)
		b.SignIn(e, coordEmail)
		for _, lang := range i18n.Languages {
			for _, path := range []string{bankPage(w.course.ID), managePage(w.act.ID), scoresPage(pre)} {
				b.Open(e, "/lang?lang="+lang.Code+"&next="+url.QueryEscape(path))
				got := b.Get("read the page's language", chromedp.Evaluate[string](`document.documentElement.lang`))
				if got != lang.Code {
					t.Fatalf("%s: the page is in %q", path, got)
				}
				layout(lang.Code + " " + path)
			}
		}

		b = apptest.OpenBrowser(t)
		b.Viewport(390, 844)
		b.SignIn(e, coordEmail)
		b.Open(e, managePage(w.act.ID))

		// The coordinator sets the post-test with the keyboard: the kind
		// chosen, the third question ticked with the space bar, Enter on
		// the form's button (the window as prefilled: the activity's days).
		b.Run("set the post-test with the keyboard",
			chromedp.Focus(chromedp.CSS(`#field-kind`)),
			chromedp.SetValue(chromedp.CSS(`#field-kind`), "post"),
			chromedp.Focus(chromedp.CSS(`#question-`+w.q3)), chromedp.KeyEvent(" "),
			chromedp.Focus(chromedp.CSS(`#set-test .form-actions button`)), chromedp.KeyEvent("\r"),
			chromedp.WaitVisible(chromedp.CSS(`.flash`)),
		)
		layout("the activity's page after setting a test")
		var post string
		for _, ts := range activityTests(t, e, w.act.ID) {
			if ts.Kind == learning.TestPost {
				post = ts.ID
				if ids := view(t, w, ts.ID, w.coord).QuestionIDs; !slices.Equal(ids, []string{w.q3}) {
					t.Errorf("the post-test asks %v", ids)
				}
			}
		}
		if post == "" {
			t.Fatal("no post-test set")
		}
		b.Viewport(1366, 844) // the sign-out button is in the bar
		here := b.Get("where we are", chromedp.Evaluate[string](`location.pathname`))
		b.Run("sign out", chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)))
		b.WaitLeave(here)
		b.Viewport(390, 844)

		// The trainer enters Olena's score with the keyboard.
		b.SignIn(e, "tudor@example.org")
		b.Open(e, scoresPage(pre))
		layout("the score sheet")
		b.Run("type a score and press Enter",
			chromedp.Focus(chromedp.CSS(`#field-score_`+w.olenaID)),
			chromedp.KeyEvent("6"), chromedp.KeyEvent("4"), chromedp.KeyEvent(","), chromedp.KeyEvent("5"), chromedp.KeyEvent("\r"),
			chromedp.WaitVisible(chromedp.CSS(`.flash`)),
		)
		layout("the score sheet after saving")
		if s := scoresOf(t, w, pre); s[w.olenaID] != 64.5 || len(s) != 1 {
			t.Errorf("scores after the keyboard entry: %v", s)
		}
	})
}
