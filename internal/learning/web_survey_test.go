package learning_test

// The survey pages through the real server on both engines: the survey
// page for each kind of reader and state, the results page for each
// reader, and the home panel, in every language (no accessibility or CSP
// problem, no message missing); answering (refused answers localised
// beside their questions, what was typed kept, nothing recorded; the
// thank-you; a second answer refused); the results scoped (a participant
// 404, a trainer with fewer than five answers the withheld note, the
// coordinator everything, an observer no free text); the "Surveys to
// answer" panel; the pages' catalogues; and the phone-sized browser flow.
// The world is surveys_test.go's (surveySetup).

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
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/topcop-platform/topcop/internal/app/apptest"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/directory"
	"github.com/topcop-platform/topcop/internal/i18n"
	"github.com/topcop-platform/topcop/internal/learning"
	"github.com/topcop-platform/topcop/internal/training"
	"github.com/topcop-platform/topcop/internal/ui/uitest"
)

func surveyPage(id string) string { return "/learning/surveys/" + id }

// surveyPages is surveySetup's world with surveys in every state:
//   - sat: the satisfaction survey of w.act, open now, closing in 50
//     hours (urgent on the home page);
//   - follow: the follow-up of w.act, opening tomorrow;
//   - past: an activity that ended eight days ago, with the same people:
//     its satisfaction survey closed an hour ago (pastSat), its
//     follow-up open for ten days (pastFollow).
type surveyPages struct {
	*surveyWorld
	past                             training.Activity
	sat, follow, pastSat, pastFollow string
}

func surveyPagesSetup(t *testing.T, e *apptest.Env) *surveyPages {
	t.Helper()
	w := &surveyPages{surveyWorld: surveySetup(t, e)}
	now := time.Now().UTC()
	w.past = w.activity(t, now.AddDate(0, 0, -10), now.AddDate(0, 0, -8))
	w.sat = w.openSurvey(t, w.act.ID, learning.SurveySatisfaction, now.Add(-time.Hour), now.Add(50*time.Hour))
	w.follow = w.openSurvey(t, w.act.ID, learning.SurveyFollowUp, now.Add(24*time.Hour), now.AddDate(0, 0, 30))
	w.pastSat = w.openSurvey(t, w.past.ID, learning.SurveySatisfaction, now.AddDate(0, 0, -7), now.Add(-time.Hour))
	w.pastFollow = w.openSurvey(t, w.past.ID, learning.SurveyFollowUp, now.Add(-time.Hour), now.AddDate(0, 0, 10))
	return w
}

// activity is another activity of w's course from starts to ends, with
// the same six participants and trainer.
func (w *surveyPages) activity(t *testing.T, starts, ends time.Time) training.Activity {
	t.Helper()
	sys := apptest.SysCtx()
	tr := apptest.Use[*training.Service](w.e)
	now := time.Now().UTC()
	then := tr.At(now.AddDate(0, 0, -40))
	act := must[training.Activity](t)(then.CreateActivity(sys, training.ActivityInput{CourseID: w.act.CourseID,
		StartsOn: starts.Format(time.DateOnly), EndsOn: ends.Format(time.DateOnly), TimeZone: "Asia/Tbilisi", City: "Batumi", CountryCode: "GE",
		Languages: []string{"en"}, Capacity: 10, Seats: map[string]int{"GE": 6}, TrainerIDs: []string{w.trainer.ID}}))
	must[training.Activity](t)(then.OpenCall(sys, act.ID, training.CallInput{Deadline: now.AddDate(0, 0, -30)}))
	for _, p := range w.p {
		must[training.Nomination](t)(then.Nominate(sys, act.ID, training.NominationInput{PersonID: p.ID}))
	}
	conf := tr.At(now.AddDate(0, 0, -29))
	must[training.Activity](t)(conf.CloseCall(sys, act.ID))
	if p := must[training.Proposal](t)(conf.Confirm(sys, act.ID, training.ConfirmInput{})); p.Selected != 6 {
		t.Fatalf("confirmed %d selected", p.Selected)
	}
	return act
}

// openSurvey opens a survey through the API as the coordinator.
func (w *surveyPages) openSurvey(t *testing.T, activityID string, kind learning.SurveyKind, opens, closes time.Time) string {
	t.Helper()
	res := w.e.DoJSON(t, http.MethodPost, "/api/v1/activities/"+activityID+"/surveys", w.coord, map[string]any{"kind": kind,
		"opens_at": opens.Format(time.RFC3339), "closes_at": closes.Format(time.RFC3339)})
	apptest.WantStatus(t, res, http.StatusCreated)
	var sv learning.Survey
	res.JSON(t, &sv)
	return sv.ID
}

// answer answers survey id through the API with token.
func (w *surveyPages) answer(t *testing.T, id, token string, body map[string]any) {
	t.Helper()
	apptest.WantStatus(t, w.e.DoJSON(t, http.MethodPost, "/api/v1/surveys/"+id+"/responses", token, body), http.StatusNoContent)
}

func (w *surveyPages) signIn(t *testing.T, i int) *apptest.Client {
	t.Helper()
	return w.e.SignIn(t, fmt.Sprintf("p%d@accounts.example.org", i))
}

func trainerAnswers() map[string]any {
	return map[string]any{"answers": map[string]int{"objectives": 4, "participants_engaged": 5, "materials": 4, "organisation": 5, "overall": 5}}
}

func followUpAnswers(applied int) map[string]any {
	return map[string]any{"answers": map[string]int{"applied": applied, "useful_at_work": 4, "shared": 0},
		"texts": map[string]string{"example": "Traced a wallet in a fraud case"}}
}

// respondents is the number of respondents of a role, read by the
// coordinator through the API.
func (w *surveyPages) respondents(t *testing.T, id, role string) int {
	t.Helper()
	for _, r := range surveyResults(t, w.e, id, w.coord).Rates {
		if r.Role == role {
			return r.Respondents
		}
	}
	t.Fatalf("no rate for %s", role)
	return 0
}

// fullForm is a complete, valid form of the participant's satisfaction
// survey.
func fullForm() url.Values {
	return url.Values{"answer-relevance": {"5"}, "answer-objectives": {"4"}, "answer-trainers": {"5"}, "answer-materials": {"3"},
		"answer-organisation": {"4"}, "answer-overall": {"4"}, "text-best": {"The case study"}, "text-improve": {""}}
}

// TestSurveyPagesRender renders the survey page for each kind of reader
// and state (a participant inside the window, with refused answers,
// after answering and on a later visit, before and after the window; the
// trainer; the coordinator, who reads), the results pages (coordinator,
// trainer with answers withheld, observer; a follow-up's) and the home
// page, in every language: the status wanted, the page's language, a
// heading, no accessibility or CSP problem, no message key on the page
// and none missing from the catalogues.
func TestSurveyPagesRender(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		w := surveyPagesSetup(t, e)
		for i := 1; i < 5; i++ {
			w.answer(t, w.sat, w.tok[i], satisfied(1+i))
			w.answer(t, w.pastFollow, w.tok[i], followUpAnswers(i%4))
		}
		w.answer(t, w.sat, w.trainTok, trainerAnswers())

		p0, p1 := w.signIn(t, 0), w.signIn(t, 1)
		tudor := e.SignIn(t, "tudor@accounts.example.org")
		coord := e.SignIn(t, e.AccountFor(t, core.RoleCoordinator).Email)
		obs := e.SignIn(t, e.AccountFor(t, core.RoleObserver).Email)
		pages := []struct {
			who  string
			c    *apptest.Client
			path string
			form url.Values // POSTed when set
			want int
		}{
			{"p0", p0, "/", nil, http.StatusOK},
			{"p0", p0, surveyPage(w.sat), nil, http.StatusOK},
			{"p0", p0, surveyPage(w.sat) + "/responses", url.Values{"answer-relevance": {"5"}, "text-best": {strings.Repeat("é", 2001)}}, http.StatusUnprocessableEntity},
			{"p0", p0, surveyPage(w.follow), nil, http.StatusOK},
			{"p0", p0, surveyPage(w.pastSat), nil, http.StatusOK},
			{"p0", p0, surveyPage(w.pastFollow), nil, http.StatusOK},
			{"p1", p1, surveyPage(w.sat) + "?done=answered", nil, http.StatusOK},
			{"p1", p1, surveyPage(w.sat), nil, http.StatusOK},
			{"tudor", tudor, "/", nil, http.StatusOK},
			{"tudor", tudor, surveyPage(w.pastFollow), nil, http.StatusOK},
			{"tudor", tudor, surveyPage(w.sat) + "/results", nil, http.StatusOK},
			{"coordinator", coord, surveyPage(w.sat), nil, http.StatusOK},
			{"coordinator", coord, surveyPage(w.sat) + "/results", nil, http.StatusOK},
			{"coordinator", coord, surveyPage(w.pastFollow) + "/results", nil, http.StatusOK},
			{"coordinator", coord, surveyPage(w.pastSat) + "/results", nil, http.StatusOK},
			{"observer", obs, surveyPage(w.pastFollow) + "/results", nil, http.StatusOK},
		}
		key := regexp.MustCompile(`learning\.[a-z_]+\.[a-z_.]*[a-z]`)
		for _, lang := range i18n.Languages {
			for _, p := range pages {
				p.c.Lang = lang.Code
				var res *apptest.Response
				if p.form != nil {
					res = p.c.Post(t, p.path, p.form)
				} else {
					res = p.c.Get(t, p.path)
				}
				where := lang.Code + " " + p.who + " " + p.path
				if res.StatusCode != p.want {
					t.Fatalf("%s: status %d, want %d\n%s", where, res.StatusCode, p.want, apptest.Excerpt(res.Body))
				}
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
			}
		}
		if n := w.respondents(t, w.sat, "participant"); n != 4 {
			t.Errorf("%d participants answered after the refused forms, want 4", n)
		}
		coord.Lang = "uk"
		_, doc := coord.GetDoc(t, surveyPage(w.sat)+"/results", http.StatusOK)
		if h := uitest.Text(t, doc, "main h1"); h != "Результати: Опитування щодо задоволеності" {
			t.Errorf("uk heading %q", h)
		}
		if got := uitest.Squash(doc.Find("#rate-participant .rate-figure").Text()); got != "Відповіли 4 з 6 (66,7%)" {
			t.Errorf("uk rate %q", got)
		}
		uitest.CheckNoMissingMessages(t, e.Bundle)
	})
}

// TestAnswerSurvey walks a participant through a survey on the pages:
// the form (Likert fieldsets of five radio buttons in words, texts with
// their limit, the note that answers are anonymous), refused answers
// (each message beside its question, in the page's language, what was
// typed kept, nothing recorded), the answer, the thank-you, a later
// visit, a second answer refused; the trainer's own items; the windows;
// who gets 404 and 403.
func TestAnswerSurvey(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		w := surveyPagesSetup(t, e)
		page := surveyPage(w.sat)
		p0 := w.signIn(t, 0)

		_, doc := p0.GetDoc(t, page, http.StatusOK)
		likert := doc.Find(`#survey-form li[data-kind="likert"] fieldset`)
		if likert.Length() != 6 {
			t.Fatalf("%d Likert questions, want 6", likert.Length())
		}
		likert.Each(func(_ int, fs *goquery.Selection) {
			var labels []string
			fs.Find("input[type=radio]").Each(func(_ int, in *goquery.Selection) {
				labels = append(labels, uitest.Squash(doc.Find(`label[for="`+in.AttrOr("id", "")+`"]`).Text()))
			})
			want := []string{"Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"}
			if !slices.Equal(labels, want) || uitest.Squash(fs.Find("legend").Text()) == "" {
				t.Errorf("a Likert question: legend %q, labels %v", fs.Find("legend").Text(), labels)
			}
		})
		if doc.Find(`#item-participants_engaged`).Length() != 0 {
			t.Error("the participant is asked the trainers' question")
		}
		texts := doc.Find(`#survey-form textarea`)
		if texts.Length() != 2 || texts.AttrOr("maxlength", "") != "2000" {
			t.Errorf("%d textareas, maxlength %q", texts.Length(), texts.AttrOr("maxlength", ""))
		}
		if hint := uitest.Text(t, doc, "#field-text-best-hint"); hint != "Optional. At most 2,000 characters." {
			t.Errorf("text hint %q", hint)
		}
		if !strings.Contains(uitest.Text(t, doc, "#anonymous-note"), "anonymous") {
			t.Error("no note that the answers are anonymous")
		}
		if got := uitest.Text(t, doc, "#survey-closes"); !strings.HasPrefix(got, "Closes in 2 days (") {
			t.Errorf("closes %q", got)
		}
		if doc.Find("#results-link").Length() != 0 {
			t.Error("a participant is offered the results")
		}

		// Refused: a question left out, a text too long; in English and
		// Ukrainian, each message beside its question, the typed answers
		// kept, nothing recorded.
		for _, lang := range []string{"en", "uk"} {
			l := e.Bundle.Localizer(lang)
			p0.Lang = lang
			form := fullForm()
			form.Del("answer-overall")
			form.Set("text-best", strings.Repeat("x", 2001))
			form.Set("text-improve", "More practice, please")
			res := p0.Post(t, page+"/responses", form)
			apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
			doc := res.Doc(t)
			if got := uitest.Squash(doc.Find("#item-overall .error-message").Text()); !strings.HasSuffix(got, l.T("learning.surveypage.error.choose")) {
				t.Errorf("%s: overall's message %q", lang, got)
			}
			if doc.Find("#item-overall fieldset").AttrOr("aria-describedby", "") != "field-answer-overall-error" {
				t.Errorf("%s: the fieldset does not point to its message", lang)
			}
			tooLong := l.T("learning.surveypage.error.too_long", "Max", l.Number(2000))
			if got := uitest.Squash(doc.Find("#item-best .error-message").Text()); !strings.HasSuffix(got, tooLong) {
				t.Errorf("%s: best's message %q, want %q", lang, got, tooLong)
			}
			if doc.Find("#field-text-best").AttrOr("aria-invalid", "") != "true" {
				t.Errorf("%s: the long text is not marked invalid", lang)
			}
			if s, want := summaryOf(doc), l.T("learning.surveypage.error.item", "Number", "6", "Message", l.T("learning.surveypage.error.choose")); !strings.Contains(s, want) {
				t.Errorf("%s: summary %q, want %q in it", lang, s, want)
			}
			var links []string
			doc.Find(".error-summary a").Each(func(_ int, a *goquery.Selection) { links = append(links, a.AttrOr("href", "")) })
			if !slices.Equal(links, []string{"#field-answer-overall", "#field-text-best"}) {
				t.Errorf("%s: the summary links to %v", lang, links)
			}
			if !doc.Find(`input[name="answer-relevance"][value="5"]`).Is("[checked]") || !doc.Find(`input[name="answer-materials"][value="3"]`).Is("[checked]") ||
				doc.Find(`input[name="answer-overall"][checked]`).Length() != 0 {
				t.Errorf("%s: the chosen answers are not kept", lang)
			}
			if got := doc.Find("#field-text-improve").Text(); got != "More practice, please" {
				t.Errorf("%s: the typed text is %q", lang, got)
			}
		}
		p0.Lang = ""
		// A question the participant is not asked, an answer off the scale.
		for field, form := range map[string]url.Values{
			learning.CodeNotAsked:   {"answer-participants_engaged": {"4"}},
			learning.CodeOutOfRange: {"answer-overall": {"9"}},
		} {
			f := fullForm()
			for k, v := range form {
				f[k] = v
			}
			res := p0.Post(t, page+"/responses", f)
			apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
			if s := summaryOf(res.Doc(t)); !strings.Contains(s, fieldMessage(e, "en", field)) {
				t.Errorf("%s: summary %q", field, s)
			}
		}
		if n := w.respondents(t, w.sat, "participant"); n != 0 {
			t.Fatalf("refused answers were kept: %d respondents", n)
		}

		// The answer, the thank-you, a later visit.
		res := p0.Post(t, page+"/responses", fullForm())
		apptest.WantRedirect(t, res, page+"?done=answered")
		_, doc = p0.GetDoc(t, res.Location(), http.StatusOK)
		if doc.Find("#thanks").Length() != 1 || doc.Find("#survey-form").Length() != 0 {
			t.Error("no thank-you after answering, or a form")
		}
		if got := uitest.Text(t, doc, "#survey-state"); got != "Answered" {
			t.Errorf("state %q", got)
		}
		_, doc = p0.GetDoc(t, page, http.StatusOK)
		if doc.Find("#already-answered").Length() != 1 || doc.Find("#thanks, #survey-form").Length() != 0 {
			t.Error("a later visit does not say the survey is answered")
		}
		c := surveyResults(t, e, w.sat, w.coord)
		if d, ok := itemOf(c, "overall", "participant"); !ok || d.N != 1 || d.Counts[3] != 1 || len(c.Texts["best"]) != 1 || len(c.Texts["improve"]) != 0 {
			t.Errorf("the answer recorded: %+v, texts %v", d, c.Texts)
		}
		// A second answer: refused, localised, nothing changes.
		for _, lang := range []string{"en", "ka"} {
			p0.Lang = lang
			res = p0.Post(t, page+"/responses", fullForm())
			apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
			doc = res.Doc(t)
			if s := summaryOf(doc); !strings.Contains(s, fieldMessage(e, lang, learning.CodeAlreadyAnswered)) {
				t.Errorf("%s: summary %q", lang, s)
			}
			if doc.Find("#survey-form").Length() != 0 {
				t.Errorf("%s: a form after a refused second answer", lang)
			}
		}
		p0.Lang = ""
		if n := w.respondents(t, w.sat, "participant"); n != 1 {
			t.Errorf("%d respondents after a second answer, want 1", n)
		}
		n := 0
		for _, a := range e.AuditActions(t) {
			if a == "learning.survey.answer" {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%d answers audited, want 1", n)
		}

		// The trainer answers their own items, and may read the results.
		tudor := e.SignIn(t, "tudor@accounts.example.org")
		_, doc = tudor.GetDoc(t, page, http.StatusOK)
		if doc.Find("#as-trainer").Length() != 1 || doc.Find("#item-participants_engaged fieldset").Length() != 1 || doc.Find("#item-relevance").Length() != 0 {
			t.Error("the trainer's form does not have the trainers' items")
		}
		res = tudor.Post(t, page+"/responses", url.Values{"answer-objectives": {"4"}, "answer-participants_engaged": {"5"},
			"answer-materials": {"4"}, "answer-organisation": {"5"}, "answer-overall": {"5"}})
		apptest.WantRedirect(t, res, page+"?done=answered")
		_, doc = tudor.GetDoc(t, res.Location(), http.StatusOK)
		if doc.Find("#thanks").Length() != 1 || doc.Find("#results-link").AttrOr("href", "") != page+"/results" {
			t.Error("the trainer's thank-you has no link to the results")
		}
		// A follow-up is not the trainer's to answer: they read it.
		_, doc = tudor.GetDoc(t, surveyPage(w.pastFollow), http.StatusOK)
		if doc.Find("#reader-note").Length() != 1 || doc.Find("form#survey-form, main input").Length() != 0 {
			t.Error("the trainer is offered the follow-up")
		}

		// Before and after the window: when, no form, answers refused.
		for _, c := range []struct {
			id, code, notice string
		}{
			{w.follow, learning.CodeSurveyNotOpen, "This survey opens on "},
			{w.pastSat, learning.CodeSurveyClosed, "This survey closed on "},
		} {
			_, doc := p0.GetDoc(t, surveyPage(c.id), http.StatusOK)
			if got := uitest.Text(t, doc, "#not-open"); !strings.HasPrefix(got, c.notice) {
				t.Errorf("%s: notice %q", c.code, got)
			}
			if doc.Find("form#survey-form, main input[type=radio]").Length() != 0 {
				t.Errorf("%s: a form outside the window", c.code)
			}
			res := p0.Post(t, surveyPage(c.id)+"/responses", url.Values{"answer-useful_at_work": {"4"}})
			apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
			if s := summaryOf(res.Doc(t)); !strings.Contains(s, fieldMessage(e, "en", c.code)) {
				t.Errorf("%s: summary %q", c.code, s)
			}
		}

		// Staff read the questions; others without a seat get 404;
		// observers and staff may not answer.
		coord := e.SignIn(t, e.AccountFor(t, core.RoleCoordinator).Email)
		_, doc = coord.GetDoc(t, page, http.StatusOK)
		if doc.Find("#instrument .question").Length() != 9 || doc.Find("main input").Length() != 0 {
			t.Errorf("the coordinator sees %d questions, or a form", doc.Find("#instrument .question").Length())
		}
		apptest.WantStatus(t, coord.Post(t, page+"/responses", fullForm()), http.StatusForbidden)
		obs := e.SignIn(t, e.AccountFor(t, core.RoleObserver).Email)
		apptest.WantStatus(t, obs.Post(t, page+"/responses", fullForm()), http.StatusForbidden)
		stranger := e.SignIn(t, e.AccountFor(t, core.RoleParticipant).Email)
		for _, id := range []string{w.sat, core.NewID()} {
			apptest.WantStatus(t, stranger.Get(t, surveyPage(id)), http.StatusNotFound)
			apptest.WantStatus(t, stranger.Post(t, surveyPage(id)+"/responses", fullForm()), http.StatusNotFound)
			apptest.WantStatus(t, stranger.Get(t, surveyPage(id)+"/results"), http.StatusNotFound)
		}
		apptest.WantStatus(t, p0.Get(t, surveyPage("not-an-id")), http.StatusNotFound)
		if n := w.respondents(t, w.sat, "participant"); n != 1 {
			t.Errorf("%d respondents at the end, want 1", n)
		}
	})
}

// chartOf reads one item's chart on the results page: its caption and
// its data table (answer → count).
func chartOf(doc *goquery.Document, id string) (caption string, counts map[string]string) {
	sel := doc.Find("#" + id)
	counts = map[string]string{}
	sel.Find("table.chart-data tbody tr").Each(func(_ int, tr *goquery.Selection) {
		counts[uitest.Squash(tr.Find("th").Text())] = uitest.Squash(tr.Find("td").Text())
	})
	return uitest.Squash(sel.Find("figcaption").Text()), counts
}

// TestSurveyResultsPages: a participant gets 404; with four participants
// and one trainer answered, the trainer sees the rates and, for both
// roles, the note that their answers are withheld; the coordinator sees
// every chart with n and the mean, and the free texts; with five, the
// trainer sees the participants' charts and texts, an observer the
// charts without texts; a follow-up shows its application rate with n.
func TestSurveyResultsPages(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		w := surveyPagesSetup(t, e)
		results := surveyPage(w.sat) + "/results"
		for i := range 4 {
			w.answer(t, w.sat, w.tok[i], satisfied(2+i))
		}
		w.answer(t, w.sat, w.trainTok, trainerAnswers())

		p0 := w.signIn(t, 0)
		apptest.WantStatus(t, p0.Get(t, results), http.StatusNotFound)

		tudor := e.SignIn(t, "tudor@accounts.example.org")
		_, doc := tudor.GetDoc(t, results, http.StatusOK)
		if got := uitest.Squash(doc.Find("#rate-participant .rate-figure").Text()); got != "4 of 6 answered (66.7%)" {
			t.Errorf("participants' rate %q", got)
		}
		if got := doc.Find("#rate-participant rect.chart-bar").AttrOr("width", ""); got != "66.7%" {
			t.Errorf("participants' rate bar %q", got)
		}
		if got := uitest.Squash(doc.Find("#rate-trainer .rate-figure").Text()); got != "1 of 1 answered (100%)" {
			t.Errorf("trainers' rate %q", got)
		}
		for _, role := range []string{"participant", "trainer"} {
			if got := uitest.Squash(doc.Find("#hidden-" + role).Text()); !strings.HasPrefix(got, "Fewer than 5 have answered") {
				t.Errorf("the trainer's note on the %ss: %q", role, got)
			}
		}
		if n := doc.Find(".survey-item, .survey-role figure.chart, .survey-texts li").Length(); n != 0 {
			t.Errorf("the trainer sees %d charts or texts of fewer than five answers", n)
		}
		if got := uitest.Text(t, doc, "#responses-count"); got != "5 responses in all" {
			t.Errorf("responses %q", got)
		}

		coord := e.SignIn(t, e.AccountFor(t, core.RoleCoordinator).Email)
		_, doc = coord.GetDoc(t, results, http.StatusOK)
		if doc.Find(".hidden-note").Length() != 0 {
			t.Error("the coordinator is told answers are withheld")
		}
		caption, counts := chartOf(doc, "item-participant-overall")
		if caption != "Answers: n = 4 · mean 3.5 of 5" {
			t.Errorf("overall's caption %q", caption)
		}
		want := map[string]string{"Strongly disagree": "0", "Disagree": "1", "Neither agree nor disagree": "1", "Agree": "1", "Strongly agree": "1"}
		if !maps.Equal(counts, want) {
			t.Errorf("overall's counts %v", counts)
		}
		if n := doc.Find("#role-participant figure.chart svg[role=img]").Length(); n != 6 {
			t.Errorf("%d participant charts, want 6", n)
		}
		if caption, _ := chartOf(doc, "item-trainer-participants_engaged"); caption != "Answers: n = 1 · mean 5 of 5" {
			t.Errorf("the trainers' item: %q", caption)
		}
		if n := doc.Find("#texts-best li").Length(); n != 4 {
			t.Errorf("%d texts of 'best', want 4", n)
		}
		if doc.Find("#application").Length() != 0 {
			t.Error("a satisfaction survey shows an application rate")
		}

		w.answer(t, w.sat, w.tok[4], satisfied(5))
		_, doc = tudor.GetDoc(t, results, http.StatusOK)
		if caption, _ := chartOf(doc, "item-participant-overall"); caption != "Answers: n = 5 · mean 3.8 of 5" {
			t.Errorf("the trainer's overall with five answers: %q", caption)
		}
		if doc.Find("#hidden-participant").Length() != 0 || doc.Find("#hidden-trainer").Length() != 1 {
			t.Error("the trainer's notes with five participants answered")
		}
		if n := doc.Find("#texts-best li").Length(); n != 5 {
			t.Errorf("the trainer sees %d texts, want 5", n)
		}
		obs := e.SignIn(t, e.AccountFor(t, core.RoleObserver).Email)
		_, doc = obs.GetDoc(t, results, http.StatusOK)
		if doc.Find("#item-participant-overall figure.chart").Length() != 1 || doc.Find("#texts-withheld").Length() != 1 || doc.Find(".survey-texts").Length() != 0 {
			t.Error("the observer's view: a chart and no texts wanted")
		}

		// The follow-up: three of five apply it.
		for i, applied := range []int{0, 1, 2, 3, 0} {
			w.answer(t, w.pastFollow, w.tok[i], followUpAnswers(applied))
		}
		_, doc = coord.GetDoc(t, surveyPage(w.pastFollow)+"/results", http.StatusOK)
		if got := uitest.Text(t, doc, "#application-rate"); got != "60% apply what they learned (n = 5)" {
			t.Errorf("application %q", got)
		}
		if _, counts := chartOf(doc, "item-participant-applied"); counts["Yes, often"] != "2" || counts["No, I have had no opportunity"] != "1" {
			t.Errorf("applied's counts %v", counts)
		}
		if doc.Find("#rate-trainer").Length() != 0 {
			t.Error("a follow-up has a trainers' rate")
		}
		// A survey nobody answered: one line per role, no empty charts.
		_, doc = coord.GetDoc(t, surveyPage(w.pastSat)+"/results", http.StatusOK)
		if n := doc.Find(".survey-role > p.empty").Length(); n != 2 || doc.Find(".survey-item").Length() != 0 {
			t.Errorf("an unanswered survey: %d empty notes, %d items", n, doc.Find(".survey-item").Length())
		}
		if got := uitest.Squash(doc.Find("#rate-participant .rate-figure").Text()); got != "0 of 6 answered (0%)" {
			t.Errorf("an unanswered survey's rate %q", got)
		}
		reads := 0
		for _, a := range e.AuditActions(t) {
			if a == "learning.survey_results_read" {
				reads++
			}
		}
		if reads < 6 {
			t.Errorf("%d reads of results audited", reads)
		}
	})
}

// TestSurveysPanel: the home page lists a person's open surveys not
// answered, closing soonest first, the one closing within three days
// marked urgent; not those to come or closed, not the answered ones; a
// trainer their satisfaction surveys only; the coordinator none.
func TestSurveysPanel(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		w := surveyPagesSetup(t, e)
		type item struct {
			href, label, badge, meta string
			urgent                   bool
		}
		panel := func(c *apptest.Client) []item {
			t.Helper()
			_, doc := c.GetDoc(t, "/", http.StatusOK)
			var out []item
			doc.Find("#learning-surveys .home-items > li").Each(func(_ int, s *goquery.Selection) {
				a := s.Find("a")
				out = append(out, item{href: a.AttrOr("href", ""), label: uitest.Squash(a.Text()), badge: uitest.Squash(s.Find(".badge").Text()),
					meta: uitest.Squash(s.Find(".home-meta").Text()), urgent: s.HasClass("urgent")})
			})
			return out
		}
		p0 := w.signIn(t, 0)
		got := panel(p0)
		if len(got) != 2 {
			t.Fatalf("p0's panel: %+v", got)
		}
		if got[0].href != surveyPage(w.sat) || got[0].label != "Satisfaction survey: Anti-money laundering" || !got[0].urgent ||
			got[0].badge != "Closes soon" || !strings.HasPrefix(got[0].meta, "Closes in 2 days (") {
			t.Errorf("the satisfaction survey: %+v", got[0])
		}
		if got[1].href != surveyPage(w.pastFollow) || got[1].label != "Follow-up survey: Anti-money laundering" || got[1].urgent ||
			got[1].badge != "Open" || !strings.HasPrefix(got[1].meta, "Closes in 9 days (") && !strings.HasPrefix(got[1].meta, "Closes in 10 days (") {
			t.Errorf("the follow-up: %+v", got[1])
		}
		w.answer(t, w.sat, w.tok[0], satisfied(4))
		if got := panel(p0); len(got) != 1 || got[0].href != surveyPage(w.pastFollow) {
			t.Errorf("after answering: %+v", got)
		}
		tudor := e.SignIn(t, "tudor@accounts.example.org")
		if got := panel(tudor); len(got) != 1 || got[0].href != surveyPage(w.sat) {
			t.Errorf("the trainer's panel: %+v", got)
		}
		coord := e.SignIn(t, e.AccountFor(t, core.RoleCoordinator).Email)
		if _, doc := coord.GetDoc(t, "/", http.StatusOK); doc.Find("#learning-surveys").Length() != 0 {
			t.Error("the coordinator has surveys to answer")
		}
		// Someone without a seat has none either.
		dir := apptest.Use[*directory.Service](e)
		other := must[directory.Person](t)(func() (directory.Person, error) {
			p, _, err := dir.CreatePerson(apptest.SysCtx(), directory.PersonInput{AgencyID: w.p[0].AgencyID, GivenName: "Nodar", FamilyName: "Gelashvili",
				Sex: directory.SexMale})
			return p, err
		}())
		acc := e.CreateAccount(t, "nodar@accounts.example.org", apptest.RoleGrant(core.RoleParticipant))
		e.LinkPerson(t, acc, other.ID)
		if _, doc := e.SignIn(t, acc.Email).GetDoc(t, "/", http.StatusOK); doc.Find("#learning-surveys").Length() != 0 {
			t.Error("a person without a seat has surveys to answer")
		}
	})
}

// TestSurveyPageCatalogues checks the survey pages' catalogues
// (<lang>.surveypages.toml): every key of en in each language and no
// other, non-empty, the same placeholders, the plural forms each language
// needs, text in the language's script and not the English text.
func TestSurveyPageCatalogues(t *testing.T) {
	plural := map[string][]string{"en": {"one", "other"}, "ka": {"one", "other"}, "hy": {"one", "other"}, "az": {"one", "other"},
		"ro": {"few", "one", "other"}, "uk": {"few", "many", "one", "other"}, "ru": {"few", "many", "one", "other"}}
	load := func(lang string) map[string]any {
		b, err := fs.ReadFile(learning.Module.Locales, lang+".surveypages.toml")
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]any{}
		if err := toml.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s.surveypages.toml: %v", lang, err)
		}
		return flattenTOML("", m)
	}
	ph := regexp.MustCompile(`\{\{\s*\.([A-Za-z]+)\s*\}\}`)
	placeholders := func(v any) []string {
		set := map[string]bool{}
		for _, m := range ph.FindAllStringSubmatch(fmt.Sprint(v), -1) {
			set[m[1]] = true
		}
		return slices.Sorted(maps.Keys(set))
	}
	en := load("en")
	if len(en) < 40 {
		t.Fatalf("en.surveypages.toml has %d keys", len(en))
	}
	neutral := []string{"learning.surveypage.home.item"}
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
			if lang.Code != "en" && !slices.Contains(neutral, k) && fmt.Sprint(m) == fmt.Sprint(src) {
				t.Errorf("%s: %s is the English text", lang.Code, k)
			}
		}
		for k := range msgs {
			if _, ok := en[k]; !ok {
				t.Errorf("%s: %s is not in en.surveypages.toml", lang.Code, k)
			}
		}
	}
}

// TestBrowserSurvey is the survey flow in a real browser (headless
// Chromium) on a phone's screen (390 × 844): a participant finds the
// survey on her home page, answers every question with the keyboard
// alone (Tab to each group, arrow keys to choose, typing the texts,
// Enter to send) and reads the thank-you; then the coordinator opens the
// results page and sees its charts. No page scrolls sideways or leaves
// blank space below its footer.
func TestBrowserSurvey(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		w := surveyPagesSetup(t, e)
		for i := 1; i < 5; i++ {
			w.answer(t, w.sat, w.tok[i], satisfied(1+i))
		}
		page := surveyPage(w.sat)

		b := apptest.OpenBrowser(t)
		b.Viewport(390, 844)
		b.SignIn(e, "p0@accounts.example.org")
		layout := func(where string) {
			t.Helper()
			for _, problem := range b.MeasureLayout().Problems() {
				t.Errorf("%s at 390 px: %s", where, problem)
			}
		}
		b.Open(e, "/")
		layout("the home page")
		b.Run("find the survey on the home page",
			chromedp.WaitVisible(chromedp.CSS(`#learning-surveys li.urgent a[href="`+page+`"]`)),
			chromedp.Focus(chromedp.CSS(`#learning-surveys li.urgent a[href="`+page+`"]`)),
			chromedp.KeyEvent(kb.Enter),
		)
		b.WaitLeave("/")
		b.Run("see the form", chromedp.WaitVisible(chromedp.CSS(`#survey-form`)))
		layout("the survey")

		// The Likert questions in order, each chosen with the arrow keys
		// from the first answer of its group (Tab lands there when none is
		// chosen): relevance 5, objectives 4, trainers 5, materials 3,
		// organisation 4, overall 4.
		type step struct {
			key    string
			choice int
		}
		steps := []step{{"relevance", 5}, {"objectives", 4}, {"trainers", 5}, {"materials", 3}, {"organisation", 4}, {"overall", 4}}
		b.Run("focus the first question", chromedp.Focus(chromedp.CSS(`input[name="answer-relevance"][value="1"]`)))
		for i, s := range steps {
			if i > 0 {
				b.Run("tab to "+s.key, chromedp.KeyEvent(kb.Tab))
			}
			var at string
			b.Eval("where the focus is", `document.activeElement.name + "=" + document.activeElement.value`, &at)
			if at != "answer-"+s.key+"=1" {
				t.Fatalf("Tab led to %q, want the first answer of %s", at, s.key)
			}
			b.Run("choose with the space bar and the arrows", chromedp.KeyEvent(" "+strings.Repeat(kb.ArrowDown, s.choice-1)))
		}
		b.Run("write the texts",
			chromedp.KeyEvent(kb.Tab), chromedp.KeyEvent("The case study on crypto exchanges"),
			chromedp.KeyEvent(kb.Tab), chromedp.KeyEvent("More time for practice"),
		)
		var chosen []string
		b.Eval("read the answers", `[...document.querySelectorAll("#survey-form input:checked")].map(i => i.name + "=" + i.value)`, &chosen)
		want := []string{"answer-relevance=5", "answer-objectives=4", "answer-trainers=5", "answer-materials=3", "answer-organisation=4", "answer-overall=4"}
		if !slices.Equal(chosen, want) {
			t.Fatalf("answers chosen by keyboard: %v, want %v", chosen, want)
		}
		layout("the survey answered")
		b.Run("send with the keyboard",
			chromedp.KeyEvent(kb.Tab),
			chromedp.KeyEvent(kb.Enter),
			chromedp.WaitVisible(chromedp.CSS(`#thanks`)),
		)
		layout("the thank-you")
		if got := strings.TrimSpace(b.Get("read the state", chromedp.Text(chromedp.CSS(`#survey-state`)))); got != "Answered" {
			t.Errorf("state after sending: %q", got)
		}
		c := surveyResults(t, e, w.sat, w.coord)
		if d, ok := itemOf(c, "materials", "participant"); !ok || d.N != 5 || d.Counts[2] != 5 || !slices.Contains(c.Texts["improve"], "More time for practice") {
			t.Errorf("the answers sent from the browser: %+v, texts %v", d, c.Texts)
		}

		// The coordinator reads the results on a phone.
		b.Viewport(1366, 844)
		here := b.Get("where we are", chromedp.Evaluate[string](`location.pathname`))
		b.Run("sign out", chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)))
		b.WaitLeave(here)
		b.SignIn(e, e.AccountFor(t, core.RoleCoordinator).Email)
		b.Viewport(390, 844)
		b.Open(e, page+"/results")
		var charts int
		b.Eval("count the charts", `[...document.querySelectorAll("#role-participant figure.chart svg")].filter(s => s.getBoundingClientRect().width > 0).length`, &charts)
		if charts != 6 {
			t.Errorf("%d participant charts shown, want 6", charts)
		}
		caption := b.Get("read a caption", chromedp.Text(chromedp.CSS(`#item-participant-overall figcaption`)))
		if strings.TrimSpace(caption) != "Answers: n = 5 · mean 3.6 of 5" {
			t.Errorf("overall's caption %q", caption)
		}
		layout("the results")
	})
}
