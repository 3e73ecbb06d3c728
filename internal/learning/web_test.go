package learning_test

// Learning's pages through the real server on both engines: the test
// page in every language for each kind of reader, taking a test (saved
// as one goes, with and without htmx; submitted once; refused outside
// the window and a second time, with the localised message and nothing
// changed), who gets 404, what managers see, the results page, the home
// panel, and the pages' catalogues. The phone-sized browser flow is in
// browser_test.go. The world (setup) is learning_test.go's.

import (
	"fmt"
	"io/fs"
	"maps"
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

	"github.com/topcop-platform/topcop/internal/app/apptest"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/i18n"
	"github.com/topcop-platform/topcop/internal/learning"
	"github.com/topcop-platform/topcop/internal/ui/uitest"
)

func testPage(id string) string { return "/learning/tests/" + id }

// progressOf reads the test page's status line.
func progressOf(t *testing.T, doc *goquery.Document) string {
	t.Helper()
	return uitest.Squash(doc.Find("#test-progress").Text())
}

// summaryOf reads the page's error summary.
func summaryOf(doc *goquery.Document) string {
	return uitest.Squash(doc.Find(".error-summary").Text())
}

// fieldMessage is the service's message for code in lang.
func fieldMessage(e *apptest.Env, lang, code string) string {
	return learning.FieldMessage(e.Bundle.Localizer(lang), core.FieldError{Field: "status", Code: code})
}

// TestTestPagesRender renders the test page for each kind of reader
// (a participant before, inside and after the window, one who submitted,
// a coordinator, a trainer), the results page and the home page in every
// language: 200, the page's language, a heading, no accessibility or CSP
// problem, no message key on the page and none missing from the
// catalogues. A question without a text in the page's language shows
// its English text, marked as English.
func TestTestPagesRender(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		w := setup(t, e)
		open := w.newTest(t, "pre", "", -time.Hour, 2*time.Hour, w.q1, w.q2, w.q3)
		// Parallel forms: Ana (nominated first) takes B after, Eka A.
		later := w.newTest(t, "post", "B", 3*24*time.Hour, 4*24*time.Hour, w.q1)
		past := w.newTest(t, "post", "A", -2*time.Hour, -time.Hour, w.q1)
		apptest.WantStatus(t, e.DoJSON(t, http.MethodPut, "/api/v1/tests/"+open+"/answers", w.ana,
			map[string]any{"answers": map[string][]int{w.q1: {1}}}), http.StatusOK)
		apptest.WantStatus(t, e.DoJSON(t, http.MethodPost, "/api/v1/tests/"+open+"/submissions", w.eka,
			map[string]any{"answers": map[string][]int{w.q1: {1}, w.q2: {0, 2}, w.q3: {1}}}), http.StatusCreated)

		ana, eka := e.SignIn(t, "ana@example.org"), e.SignIn(t, "eka@example.org")
		coord, tudor := e.SignIn(t, e.AccountFor(t, core.RoleCoordinator).Email), e.SignIn(t, "tudor@example.org")
		pages := []struct {
			who  string
			c    *apptest.Client
			path string
		}{
			{"ana", ana, "/"},
			{"ana", ana, testPage(open)},
			{"ana", ana, testPage(open) + "?done=saved"},
			{"ana", ana, testPage(later)},
			{"eka", eka, testPage(past)},
			{"eka", eka, testPage(open) + "?done=submitted"},
			{"eka", eka, testPage(open) + "/results"},
			{"coordinator", coord, testPage(open)},
			{"coordinator", coord, testPage(open) + "/results"},
			{"tudor", tudor, testPage(later)},
		}
		key := regexp.MustCompile(`learning\.[a-z_]+\.[a-z_.]*[a-z]`)
		for _, lang := range i18n.Languages {
			for _, p := range pages {
				p.c.Lang = lang.Code
				res, doc := p.c.GetDoc(t, p.path, http.StatusOK)
				where := lang.Code + " " + p.who + " " + p.path
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
			}
		}
		ana.Lang = "ro"
		_, doc := ana.GetDoc(t, testPage(open), http.StatusOK)
		if got := uitest.Squash(doc.Find("#question-" + w.q1 + " legend").Text()); !strings.Contains(got, "Ce instrument face o imagine criminalistică?") {
			t.Errorf("ro: the first question reads %q, want its Romanian text", got)
		}
		if got := doc.Find("#question-" + w.q2 + ` legend span[lang="en"]`).Text(); got != "Which are payment rails?" {
			t.Errorf("ro: a question without Romanian text shows %q in English", got)
		}
		if h := uitest.Text(t, doc, "main h1"); h != "Test inițial" {
			t.Errorf("ro heading %q", h)
		}
		uitest.CheckNoMissingMessages(t, e.Bundle)
	})
}

// TestTakeTest walks a participant through a test on the pages: the
// form without answers, saving without JavaScript and over htmx (the
// status line moves), refused answers, submitting once, the score and
// the key afterwards, a second submission refused with its localised
// message and nothing changed.
func TestTakeTest(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		w := setup(t, e)
		id := w.newTest(t, "pre", "", -time.Hour, 2*time.Hour, w.q1, w.q2, w.q3)
		page := testPage(id)
		ana := e.SignIn(t, "ana@example.org")

		res, doc := ana.GetDoc(t, page, http.StatusOK)
		if n := doc.Find("#test-form fieldset").Length(); n != 3 {
			t.Fatalf("%d questions on the form, want 3", n)
		}
		if n := doc.Find(`#question-` + w.q1 + ` input[type=radio]`).Length(); n != 3 {
			t.Errorf("single choice: %d radio buttons", n)
		}
		if n := doc.Find(`#question-` + w.q2 + ` input[type=checkbox]`).Length(); n != 3 {
			t.Errorf("multiple choice: %d checkboxes", n)
		}
		if n := doc.Find(`#question-` + w.q3 + ` input[type=radio]`).Length(); n != 2 {
			t.Errorf("true/false: %d radio buttons", n)
		}
		if doc.Find(".is-correct").Length() != 0 || strings.Contains(res.Body, "Correct answer") || doc.Find("#key, #review").Length() != 0 {
			t.Error("the participant's page carries the answers before submission")
		}
		if got := progressOf(t, doc); got != "0 of 3 answered" {
			t.Errorf("progress %q", got)
		}
		if got := uitest.Squash(doc.Find("#test-closes").Text()); !strings.HasPrefix(got, "Closes in 1 hour") && !strings.HasPrefix(got, "Closes in 2 hours") {
			t.Errorf("the window: %q", got)
		}
		if doc.Find(`#submit-step button[formaction="`+page+`/submit"]`).Length() != 1 {
			t.Error("no submit step")
		}

		// Without JavaScript: the Save button.
		res = ana.Post(t, page+"/answers", url.Values{"q-" + w.q1: {"1"}, "clear": {w.q2}})
		apptest.WantRedirect(t, res, page+"?done=saved")
		_, doc = ana.GetDoc(t, res.Location(), http.StatusOK)
		if got := progressOf(t, doc); got != "1 of 3 answered" {
			t.Errorf("after saving: %q", got)
		}
		if !doc.Find(`#choice-` + w.q1 + `-1`).Is("[checked]") {
			t.Error("the saved answer is not checked")
		}
		if f := uitest.Squash(doc.Find(".flash").Text()); f != "Your answers are saved." {
			t.Errorf("flash %q", f)
		}

		// Over htmx: the status line comes back.
		htmx := func(path string, form url.Values) *apptest.Response {
			t.Helper()
			req := ana.NewRequest(t, http.MethodPost, path, strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("HX-Request", "true")
			return ana.Do(t, req)
		}
		res = htmx(page+"/answers", url.Values{"q-" + w.q1: {"1"}, "q-" + w.q2: {"0", "2"}, "clear": {w.q2}})
		apptest.WantStatus(t, res, http.StatusOK)
		doc = res.Doc(t)
		if doc.Find("main").Length() != 0 || progressOf(t, doc) != "2 of 3 answered" || doc.Find("#test-saved").Length() != 1 {
			t.Errorf("htmx save answered %s", apptest.Excerpt(res.Body))
		}
		// Unticking every box of a multiple-choice question clears it.
		res = htmx(page+"/answers", url.Values{"q-" + w.q1: {"1"}, "clear": {w.q2}})
		if got := progressOf(t, res.Doc(t)); got != "1 of 3 answered" {
			t.Errorf("after clearing: %q", got)
		}
		res = htmx(page+"/answers", url.Values{"q-" + w.q2: {"0", "2"}, "clear": {w.q2}})
		if got := progressOf(t, res.Doc(t)); got != "2 of 3 answered" {
			t.Errorf("after answering again: %q", got)
		}

		// Refused: a question of another test, a choice that does not
		// exist; nothing changes.
		for _, form := range []url.Values{{"q-" + w.foreign: {"0"}}, {"q-" + w.q1: {"7"}}, {"q-" + w.q1: {"x"}}} {
			res = ana.Post(t, page+"/answers", form)
			apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
			if s := summaryOf(res.Doc(t)); !strings.Contains(s, "Your answers were not saved.") {
				t.Errorf("%v: summary %q", form, s)
			}
		}
		res = htmx(page+"/answers", url.Values{"q-" + w.foreign: {"0"}})
		apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
		if s := summaryOf(res.Doc(t)); !strings.Contains(s, fieldMessage(e, "en", learning.CodeNotInTest)) {
			t.Errorf("htmx: summary %q", s)
		}
		if v := view(t, w, id, w.ana); len(v.Submission.Answers) != 2 || !slices.Equal(v.Submission.Answers[w.q1], []int{1}) ||
			!slices.Equal(v.Submission.Answers[w.q2], []int{0, 2}) {
			t.Fatalf("after refused saves: %+v", v.Submission.Answers)
		}

		// Submit, with the last answer on the form: 2 of 3 right.
		res = ana.Post(t, page+"/submit", url.Values{"q-" + w.q3: {"1"}})
		apptest.WantRedirect(t, res, page+"?done=submitted")
		res, doc = ana.GetDoc(t, res.Location(), http.StatusOK)
		if got := uitest.Text(t, doc, "#score-value"); got != "66.7%" {
			t.Errorf("score %q", got)
		}
		if got := uitest.Text(t, doc, "#score-right"); got != "2 of 3 questions answered right" {
			t.Errorf("right %q", got)
		}
		if n := doc.Find("#review .is-correct").Length(); n != 4 {
			t.Errorf("%d correct answers marked, want 4 (one, two, one)", n)
		}
		if got := uitest.Squash(doc.Find("#question-" + w.q3 + " .verdict").Text()); got != "Wrong" {
			t.Errorf("q3 verdict %q", got)
		}
		if doc.Find("#question-"+w.q3+" .is-chosen:not(.is-correct)").Length() != 1 {
			t.Error("the wrong choice is not marked as Ana's")
		}
		if doc.Find("#test-form").Length() != 0 {
			t.Error("a form after submission")
		}

		// A second submission, and a late save: refused, localised, nothing changes.
		for _, lang := range []string{"en", "uk"} {
			ana.Lang = lang
			for _, path := range []string{page + "/submit", page + "/answers"} {
				res = ana.Post(t, path, url.Values{"q-" + w.q3: {"0"}})
				apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
				doc = res.Doc(t)
				if s := summaryOf(doc); !strings.Contains(s, fieldMessage(e, lang, learning.CodeAlreadySubmitted)) {
					t.Errorf("%s %s: summary %q", lang, path, s)
				}
				if got := uitest.Text(t, doc, "#score-value"); got != map[string]string{"en": "66.7%", "uk": "66,7%"}[lang] {
					t.Errorf("%s: the page after a refused second submission shows %q", lang, got)
				}
			}
		}
		ana.Lang = ""
		if v := view(t, w, id, w.ana); *v.Submission.Score != 66.7 || !slices.Equal(v.Submission.Answers[w.q3], []int{1}) {
			t.Errorf("a refused second submission changed %+v", v.Submission)
		}
		n := 0
		for _, a := range e.AuditActions(t) {
			if a == "learning.submission.submit" {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%d submissions audited, want 1", n)
		}
	})
}

// TestTestWindowAndAccess: before and after the window a participant
// reads when, without a form, and answers are refused with the
// service's message; someone without a seat (or a trainer of another
// activity) gets 404 and an observer 403; managers read the key and the
// results and cannot take the test.
func TestTestWindowAndAccess(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		w := setup(t, e)
		open := w.newTest(t, "pre", "", -time.Hour, 2*time.Hour, w.q1, w.q2, w.q3)
		// Parallel forms: Ana (nominated first) takes B after, Eka A.
		later := w.newTest(t, "post", "B", 3*24*time.Hour, 4*24*time.Hour, w.q1)
		past := w.newTest(t, "post", "A", -2*time.Hour, -time.Hour, w.q1)
		ana, eka := e.SignIn(t, "ana@example.org"), e.SignIn(t, "eka@example.org")
		apptest.WantStatus(t, ana.Get(t, testPage(past)), http.StatusNotFound)

		for _, c := range []struct {
			id, code, notice string
			who              *apptest.Client
			token            string
		}{
			{later, learning.CodeNotOpen, "This test opens on ", ana, w.ana},
			{past, learning.CodeWindowClosed, "This test closed on ", eka, w.eka},
		} {
			ana := c.who
			_, doc := ana.GetDoc(t, testPage(c.id), http.StatusOK)
			if got := uitest.Text(t, doc, "#not-open"); !strings.HasPrefix(got, c.notice) {
				t.Errorf("%s: notice %q", c.code, got)
			}
			if doc.Find("form#test-form, input[type=radio]").Length() != 0 {
				t.Errorf("%s: a form outside the window", c.code)
			}
			for _, path := range []string{"/answers", "/submit"} {
				res := ana.Post(t, testPage(c.id)+path, url.Values{"q-" + w.q1: {"1"}})
				apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
				if s := summaryOf(res.Doc(t)); !strings.Contains(s, fieldMessage(e, "en", c.code)) {
					t.Errorf("%s %s: summary %q", c.code, path, s)
				}
			}
			if v := view(t, w, c.id, c.token); v.Submission != nil {
				t.Errorf("%s: answers kept outside the window: %+v", c.code, v.Submission)
			}
		}

		nika := e.SignIn(t, "nika@example.org")
		nino := e.SignIn(t, "nino@example.org")
		for _, c := range []*apptest.Client{nika, nino} {
			for _, id := range []string{open, core.NewID()} {
				apptest.WantStatus(t, c.Get(t, testPage(id)), http.StatusNotFound)
				apptest.WantStatus(t, c.Post(t, testPage(id)+"/answers", url.Values{"q-" + w.q1: {"1"}}), http.StatusNotFound)
				apptest.WantStatus(t, c.Post(t, testPage(id)+"/submit", url.Values{"q-" + w.q1: {"1"}}), http.StatusNotFound)
			}
		}
		apptest.WantStatus(t, nika.Get(t, testPage("not-an-id")), http.StatusNotFound)
		obs := e.SignIn(t, e.AccountFor(t, core.RoleObserver).Email)
		apptest.WantStatus(t, obs.Get(t, testPage(open)), http.StatusForbidden)
		if v := view(t, w, open, w.coord); len(v.Items) != 3 {
			t.Fatal("the test vanished")
		}

		// Eka submits; managers read the key and the results.
		apptest.WantStatus(t, e.DoJSON(t, http.MethodPost, "/api/v1/tests/"+open+"/submissions", w.eka,
			map[string]any{"answers": map[string][]int{w.q1: {1}, w.q2: {0, 2}, w.q3: {0}}}), http.StatusCreated)
		coord := e.SignIn(t, e.AccountFor(t, core.RoleCoordinator).Email)
		tudor := e.SignIn(t, "tudor@example.org")
		for name, c := range map[string]*apptest.Client{"coordinator": coord, "trainer": tudor} {
			_, doc := c.GetDoc(t, testPage(open), http.StatusOK)
			if n := doc.Find("#key .question").Length(); n != 3 {
				t.Errorf("%s: %d questions in the key", name, n)
			}
			correct := []string{}
			doc.Find("#key .is-correct .answer-text").Each(func(_ int, s *goquery.Selection) { correct = append(correct, s.Text()) })
			if want := []string{"A write blocker and imager", "SWIFT", "SEPA", "True"}; !slices.Equal(correct, want) {
				t.Errorf("%s: correct answers %v, want %v", name, correct, want)
			}
			if doc.Find("main #test-form, main input").Length() != 0 {
				t.Errorf("%s: a form on the manager's page", name)
			}
			if href := doc.Find("#results-link").AttrOr("href", ""); href != testPage(open)+"/results" {
				t.Errorf("%s: results link %q", name, href)
			}
			_, doc = c.GetDoc(t, testPage(open)+"/results", http.StatusOK)
			if got := uitest.Squash(doc.Find(`table.results tr[data-person="` + w.ekaID + `"] .score`).Text()); got != "100%" {
				t.Errorf("%s: Eka's score on the results page %q", name, got)
			}
			apptest.WantStatus(t, c.Post(t, testPage(open)+"/submit", url.Values{"q-" + w.q1: {"1"}}), http.StatusForbidden)
		}
		// A participant's results page shows their own score only.
		_, doc := ana.GetDoc(t, testPage(open)+"/results", http.StatusOK)
		if n := doc.Find("table.results tbody tr").Length(); n != 0 || doc.Find("p.empty").Length() != 1 {
			t.Errorf("Ana, who has not submitted, sees %d scores", n)
		}
		eka = e.SignIn(t, "eka@example.org")
		_, doc = eka.GetDoc(t, testPage(open)+"/results", http.StatusOK)
		if rows := doc.Find("table.results tbody tr"); rows.Length() != 1 || rows.AttrOr("data-person", "") != w.ekaID {
			t.Errorf("Eka sees %d scores", rows.Length())
		}
	})
}

// TestTestsPanel: the home page lists a participant's tests open now
// (first, marked urgent, with the window and progress) and soon, and
// the done ones with their score; not the closed ones, not others'.
func TestTestsPanel(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		w := setup(t, e)
		open := w.newTest(t, "pre", "", -time.Hour, 80*time.Hour, w.q1, w.q2, w.q3)
		// Ana (nominated first) takes form B after; Eka A.
		later := w.newTest(t, "post", "B", 3*24*time.Hour, 4*24*time.Hour, w.q1)
		past := w.newTest(t, "post", "A", -2*time.Hour, -time.Hour, w.q1)
		apptest.WantStatus(t, e.DoJSON(t, http.MethodPut, "/api/v1/tests/"+open+"/answers", w.ana,
			map[string]any{"answers": map[string][]int{w.q1: {1}}}), http.StatusOK)
		apptest.WantStatus(t, e.DoJSON(t, http.MethodPost, "/api/v1/tests/"+open+"/submissions", w.eka,
			map[string]any{"answers": map[string][]int{w.q1: {1}, w.q2: {0, 2}, w.q3: {1}}}), http.StatusCreated)

		type item struct{ href, label, badge, meta string }
		panel := func(c *apptest.Client) []item {
			t.Helper()
			_, doc := c.GetDoc(t, "/", http.StatusOK)
			var out []item
			doc.Find("#learning-tests .home-items > li").Each(func(_ int, s *goquery.Selection) {
				a := s.Find("a")
				out = append(out, item{href: a.AttrOr("href", ""), label: uitest.Squash(a.Text()),
					badge: uitest.Squash(s.Find(".badge").Text()), meta: uitest.Squash(s.Find(".home-meta").Text())})
			})
			return out
		}
		got := panel(e.SignIn(t, "ana@example.org"))
		if len(got) != 2 {
			t.Fatalf("Ana's panel: %+v", got)
		}
		if got[0].href != testPage(open) || got[0].label != "Pre-test: Cybercrime investigations" || got[0].badge != "Open" ||
			!strings.HasPrefix(got[0].meta, "Closes in 3 days (") || !strings.HasSuffix(got[0].meta, "· 1 of 3 answered") {
			t.Errorf("Ana's open test: %+v", got[0])
		}
		if got[1].href != testPage(later) || got[1].label != "Post-test, form B: Cybercrime investigations" || got[1].badge != "Not open yet" ||
			!strings.HasPrefix(got[1].meta, "Opens in 2 days (") && !strings.HasPrefix(got[1].meta, "Opens in 3 days (") {
			t.Errorf("Ana's test to come: %+v", got[1])
		}
		got = panel(e.SignIn(t, "eka@example.org"))
		// Eka takes form A after, which has closed: only her pre-test.
		if len(got) != 1 || got[0].href != testPage(open) || got[0].badge != "Submitted" || !strings.HasPrefix(got[0].meta, "Score 66.7% · Submitted ") {
			t.Errorf("Eka's panel: %+v", got)
		}
		for _, it := range got {
			if it.href == testPage(past) {
				t.Error("a closed test is listed")
			}
		}
		_, doc := e.SignIn(t, "nika@example.org").GetDoc(t, "/", http.StatusOK)
		if doc.Find("#learning-tests").Length() != 0 {
			t.Error("Nika, who holds no seat, has a panel of tests")
		}
		coord := e.SignIn(t, e.AccountFor(t, core.RoleCoordinator).Email)
		if _, doc := coord.GetDoc(t, "/", http.StatusOK); doc.Find("#learning-tests").Length() != 0 {
			t.Error("the coordinator has a panel of tests to take")
		}
	})
}

// TestPageCatalogues checks the pages' catalogues (<lang>.pages.toml)
// the way training checks its own: every key of en in each language and
// no other, non-empty, the same placeholders, the plural forms each
// language needs, and text in the language's script.
func TestPageCatalogues(t *testing.T) {
	plural := map[string][]string{"en": {"one", "other"}, "ka": {"one", "other"}, "hy": {"one", "other"}, "az": {"one", "other"},
		"ro": {"few", "one", "other"}, "uk": {"few", "many", "one", "other"}, "ru": {"few", "many", "one", "other"}}
	load := func(lang string) map[string]any {
		b, err := fs.ReadFile(learning.Module.Locales, lang+".pages.toml")
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]any{}
		if err := toml.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s.pages.toml: %v", lang, err)
		}
		return flattenTOML("", m)
	}
	ph := regexp.MustCompile(`\{\{\s*\.([A-Za-z]+)\s*\}\}`)
	placeholders := func(v any) []string {
		var texts []string
		switch x := v.(type) {
		case string:
			texts = []string{x}
		case map[string]any:
			for _, s := range x {
				texts = append(texts, fmt.Sprint(s))
			}
		}
		set := map[string]bool{}
		for _, s := range texts {
			for _, m := range ph.FindAllStringSubmatch(s, -1) {
				set[m[1]] = true
			}
		}
		return slices.Sorted(maps.Keys(set))
	}
	en := load("en")
	if len(en) < 40 {
		t.Fatalf("en.pages.toml has %d keys", len(en))
	}
	neutral := []string{"learning.dates.range", "learning.home.item"} // the same in every language
	scripts := map[string]*unicode.RangeTable{"ka": unicode.Georgian, "hy": unicode.Armenian, "uk": unicode.Cyrillic, "ru": unicode.Cyrillic}
	for _, lang := range i18n.Languages {
		msgs := load(lang.Code)
		for k, src := range en {
			m, ok := msgs[k]
			if !ok {
				t.Errorf("%s: missing %s", lang.Code, k)
				continue
			}
			if got, want := placeholders(m), placeholders(src); !slices.Equal(got, want) {
				t.Errorf("%s: %s: placeholders %v, en has %v", lang.Code, k, got, want)
			}
			if forms, isPlural := m.(map[string]any); isPlural {
				if have := slices.Sorted(maps.Keys(forms)); !slices.Equal(have, plural[lang.Code]) {
					t.Errorf("%s: plural %s has %v, want %v", lang.Code, k, have, plural[lang.Code])
				}
			} else if s := m.(string); strings.TrimSpace(s) == "" {
				t.Errorf("%s: %s is empty", lang.Code, k)
			} else if sc := scripts[lang.Code]; sc != nil && !slices.Contains(neutral, k) && !strings.ContainsFunc(s, func(r rune) bool { return unicode.Is(sc, r) }) {
				t.Errorf("%s: %s = %q has no letter of the language's script", lang.Code, k, s)
			}
			if lang.Code != "en" && !slices.Contains(neutral, k) && fmt.Sprint(m) == fmt.Sprint(src) && k != "learning.source.online" {
				t.Errorf("%s: %s is the English text", lang.Code, k)
			}
		}
		for k := range msgs {
			if _, ok := en[k]; !ok {
				t.Errorf("%s: %s is not in en.pages.toml", lang.Code, k)
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
}

// flattenTOML turns nested TOML tables into dotted keys; a table of plural
// forms (one, other, …) stays one message.
func flattenTOML(prefix string, m map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range m {
		key := k
		if prefix != "" {
			key = prefix + "." + k
		}
		sub, ok := v.(map[string]any)
		if !ok {
			out[key] = v
			continue
		}
		if _, isPlural := sub["other"]; isPlural {
			out[key] = sub
			continue
		}
		maps.Copy(out, flattenTOML(key, sub))
	}
	return out
}
