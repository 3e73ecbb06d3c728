package learning

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/topcop-platform/topcop/internal/api"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/i18n"
	"github.com/topcop-platform/topcop/internal/training"
	"github.com/topcop-platform/topcop/internal/ui"
)

// The test page (/learning/tests/{id}): a participant takes a test on
// it, a manager (coordinator, admin, the activity's trainer) reads it
// with its key; and its results page.

// stateManager is the test page's state for those who manage the test:
// they read it with its key and take nothing.
const stateManager TestState = "manager"

// takeData is .Page.Data of learning/take.html.
type takeData struct {
	ID, Title          string
	Course, Dates      string
	ActivityURL        string
	State              TestState // or stateManager
	StateLabel         string
	StateClass         string
	Window             string // "From … to …"
	Notice             string // why there is no form (not open yet, closed)
	Closes             string // "Closes in 2 hours (…)"
	Progress           string // "2 of 5 answered"
	Answered, Total    int
	Questions          []questionView
	Score, Right       string // once submitted
	Submitted          string // "Submitted on …"
	Paper              bool   // the score was entered from a paper test
	Saved              string // after a save over htmx
	SaveURL, SubmitURL string
	ResultsURL         string
	StyleURL           string
}

// questionView is one question on the test page. Correct choices are
// filled only for a manager and after the participant submitted: the
// page never carries them before.
type questionView struct {
	ID, Number string
	Text, Lang string // Lang: the language shown when it is not the page's
	Hint       string // "Choose one answer."
	Outcome    string // managers: the learning outcome it tests
	Multiple   bool
	Choices    []choiceView
	// After submission (online): whether the chosen set was right.
	Verdict      string
	Right, Blank bool
}

// choiceView is one choice of a question.
type choiceView struct {
	Index           int
	InputID         string
	Text, Lang      string
	Chosen, Correct bool
}

// take shows a test as the actor may see it (Service.Test): a manager
// the questions with their correct answers and a link to the results; a
// participant, while the window is open and before submitting, the form
// (answers saved as they go); before the window or after it a message;
// once submitted the score and, per question, the correct answer. Anyone
// else: 404.
func (w *Web) take(rw http.ResponseWriter, r *http.Request) {
	w.renderTake(rw, r, r.PathValue("id"), http.StatusOK, nil, "")
}

// renderTake renders the test page with status, form errors fe and
// saved, the confirmation of a save over htmx.
func (w *Web) renderTake(rw http.ResponseWriter, r *http.Request, id string, status int, fe *ui.FormErrors, saved string) {
	ctx, l := r.Context(), localizer(r)
	if !core.ValidID(id) {
		w.fail(rw, r, notFound("test"))
		return
	}
	v, err := w.svc.Test(ctx, id)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	act, err := w.svc.training.Activity(ctx, v.ActivityID, l.Lang())
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	d := takeDataOf(l, v, act, w.svc.now())
	d.Saved = saved
	w.render.Render(rw, r, status, "learning/take.html", ui.Page{
		Title: d.Title, Section: "training", Data: d, Errors: fe, Flash: flashes.Message(r),
		Breadcrumbs: []ui.Crumb{{Label: l.T("learning.crumb.activities"), URL: "/training/activities"},
			{Label: act.CourseTitle + " (" + d.Dates + ")", URL: d.ActivityURL}, {Label: d.Title}},
	})
}

// takeDataOf builds the page of v (of act) at now.
func takeDataOf(l *i18n.Localizer, v TestView, act training.Activity, now time.Time) takeData {
	zone := zoneOf(act)
	at := func(t time.Time) string { return l.DateTime(t.In(zone)) }
	d := takeData{ID: v.ID, Title: kindLabel(l, v.Kind, v.Form), Course: act.CourseTitle, Dates: dateRange(l, act.StartsOn, act.EndsOn),
		ActivityURL: "/training/activities/" + act.ID, SaveURL: testURL(v.ID) + "/answers", SubmitURL: testURL(v.ID) + "/submit",
		ResultsURL: testURL(v.ID) + "/results", StyleURL: styleURL(), Total: len(v.Items),
		Window: l.T("learning.take.window", "From", at(v.OpensAt), "To", at(v.ClosesAt))}
	sub := v.Submission
	var submittedAt *time.Time
	if sub != nil {
		submittedAt = sub.SubmittedAt
	}
	// Service.Test gives a manager the key and no submission; a
	// participant the key only with a final submission.
	manager := v.Key != nil && sub == nil
	d.State = stateAt(now, v.OpensAt, v.ClosesAt, submittedAt)
	switch stateAt(now, v.OpensAt, v.ClosesAt, nil) {
	case StateUpcoming:
		d.StateLabel, d.StateClass = l.T("learning.state.upcoming"), "badge-grey"
		d.Notice = l.T("learning.take.not_open", "When", at(v.OpensAt), "In", inText(l, v.OpensAt.Sub(now)))
	case StateOpen:
		d.StateLabel, d.StateClass = l.T("learning.state.open"), "badge-green"
		d.Closes = l.T("learning.take.closes", "In", inText(l, v.ClosesAt.Sub(now)), "When", at(v.ClosesAt))
	default:
		d.StateLabel, d.StateClass = l.T("learning.state.closed"), "badge-grey"
		d.Notice = l.T("learning.take.closed", "When", at(v.ClosesAt), "Ago", agoText(l, now.Sub(v.ClosesAt)))
	}
	if d.State == StateDone {
		d.StateLabel, d.StateClass = l.T("learning.state.done"), "badge-green"
		d.Paper = sub.Source == SourcePaper
		if sub.Score != nil {
			d.Score = scoreText(l, *sub.Score)
		}
		d.Submitted = l.T("learning.take.submitted_at", "When", at(*sub.SubmittedAt))
	}

	key := map[string]Question{}
	if manager || d.State == StateDone {
		for _, q := range v.Key {
			key[q.ID] = q
		}
	}
	var answers map[string][]int
	if sub != nil {
		answers = sub.Answers
	}
	right := 0
	for i, it := range v.Items {
		q := questionView{ID: it.ID, Number: l.Number(i + 1), Multiple: it.Kind == KindMultiple}
		q.Text, q.Lang = textIn(it.Texts, l.Lang())
		q.Hint = l.T("learning.take.hint_one")
		if q.Multiple {
			q.Hint = l.T("learning.take.hint_many")
		}
		chosen := answers[it.ID]
		if len(chosen) > 0 {
			d.Answered++
		}
		var correct []int
		if k, ok := key[it.ID]; ok {
			correct = k.Correct
			if manager {
				q.Outcome = k.Outcome
			}
		}
		for c, ch := range it.Choices {
			cv := choiceView{Index: c, InputID: "choice-" + it.ID + "-" + strconv.Itoa(c), Chosen: slices.Contains(chosen, c),
				Correct: slices.Contains(correct, c)}
			cv.Text, cv.Lang = textIn(ch.Texts, l.Lang())
			q.Choices = append(q.Choices, cv)
		}
		if d.State == StateDone && !d.Paper {
			q.Right, q.Blank = sameSet(correct, chosen), len(chosen) == 0
			switch {
			case q.Right:
				right++
				q.Verdict = l.T("learning.take.verdict.right")
			case q.Blank:
				q.Verdict = l.T("learning.take.verdict.blank")
			default:
				q.Verdict = l.T("learning.take.verdict.wrong")
			}
		}
		d.Questions = append(d.Questions, q)
	}
	d.Progress = l.T("learning.take.progress", "Answered", l.Number(d.Answered), "Total", l.Number(d.Total))
	if d.State == StateDone && !d.Paper {
		d.Right = l.T("learning.take.right_count", "Right", l.Number(right), "Total", l.Number(d.Total))
	}
	if manager {
		d.State = stateManager
	}
	return d
}

// answersOf reads a test form: the chosen choices of question <id> in
// q-<id> (a radio button or checkboxes), and in clear every
// multiple-choice question shown, so that unticking all its boxes saves
// "no answer". A value that is not a number is passed on as -1, which
// the service refuses (answers: invalid).
func answersOf(f url.Values) map[string][]int {
	out := map[string][]int{}
	for _, id := range f["clear"] {
		if id != "" {
			out[id] = []int{}
		}
	}
	for k, vs := range f {
		id, ok := strings.CutPrefix(k, "q-")
		if !ok || id == "" {
			continue
		}
		chosen := make([]int, 0, len(vs))
		for _, v := range vs {
			n, err := strconv.Atoi(strings.TrimSpace(v))
			if err != nil {
				n = -1
			}
			chosen = append(chosen, n)
		}
		out[id] = chosen
	}
	return out
}

// save saves the answers of the form as the participant goes
// (Service.SaveAnswers): over htmx (on every change) it answers with the
// page's status line ("2 of 5 answered", saved); without JavaScript (the
// Save button) it redirects back to the page with a confirmation.
// Refused answers (the window closed, already submitted, a question not
// in the test) show the service's messages (422) and change nothing.
func (w *Web) save(rw http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if !core.ValidID(id) {
		w.fail(rw, r, notFound("test"))
		return
	}
	if err := ui.ParseForm(rw, r); err != nil {
		w.fail(rw, r, err)
		return
	}
	l := localizer(r)
	_, err := w.svc.SaveAnswers(r.Context(), id, answersOf(r.PostForm))
	switch {
	case ui.HasFields(err):
		w.renderTake(rw, r, id, api.StatusOf(err), pageErrors(l, err, "learning.take.not_saved"), "")
	case err != nil:
		w.fail(rw, r, err)
	case r.Header.Get("HX-Request") == "true":
		w.renderTake(rw, r, id, http.StatusOK, nil, l.T("learning.take.saved"))
	default:
		ui.SeeOther(rw, r, ui.Done(testURL(id), "saved"))
	}
}

// submit submits the test (Service.Submit, once) with the answers of the
// form merged into those saved, after the confirmation step of the page
// (a <details> the participant opens), and redirects to the page, which
// then shows the score and the correct answers. A second submission, or
// one outside the window, shows the service's message (422) and changes
// nothing.
func (w *Web) submit(rw http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if !core.ValidID(id) {
		w.fail(rw, r, notFound("test"))
		return
	}
	if err := ui.ParseForm(rw, r); err != nil {
		w.fail(rw, r, err)
		return
	}
	_, err := w.svc.Submit(r.Context(), id, answersOf(r.PostForm))
	switch {
	case ui.HasFields(err):
		w.renderTake(rw, r, id, api.StatusOf(err), pageErrors(localizer(r), err, "learning.take.not_submitted"), "")
	case err != nil:
		w.fail(rw, r, err)
	default:
		ui.SeeOther(rw, r, ui.Done(testURL(id), "submitted"))
	}
}

// resultsData is .Page.Data of learning/results.html.
type resultsData struct {
	Title       string
	Course      string
	Dates       string
	ActivityURL string
	TestURL     string
	Rows        []resultRow
	Count       string
	StyleURL    string
}

// resultRow is one score on the results page.
type resultRow struct {
	PersonID, Name, Country string
	Score, Source, When     string
}

// results lists a test's scores as the actor may see them
// (Service.Results: coordinators and the activity's trainers all, an ncp
// their country's participants, a participant their own), read-only.
// The test's heading (and the time zone of the times, the activity's)
// comes from Service.Test where the actor may read the test (an ncp may
// not: a plain heading then, times in UTC).
func (w *Web) results(rw http.ResponseWriter, r *http.Request) {
	ctx, l := r.Context(), localizer(r)
	id := r.PathValue("id")
	if !core.ValidID(id) {
		w.fail(rw, r, notFound("test"))
		return
	}
	list, err := w.svc.Results(ctx, id)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	d := resultsData{Title: l.T("learning.results.title_plain"), StyleURL: styleURL(),
		Count: l.N("learning.results.count", list.Total)}
	crumbs := []ui.Crumb{{Label: l.T("learning.crumb.activities"), URL: "/training/activities"}}
	zone := time.UTC
	v, err := w.svc.Test(ctx, id)
	switch {
	case err == nil:
		act, err := w.svc.training.Activity(ctx, v.ActivityID, l.Lang())
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		test := kindLabel(l, v.Kind, v.Form)
		zone = zoneOf(act)
		d.Title = l.T("learning.results.title", "Test", test)
		d.Course, d.Dates, d.ActivityURL, d.TestURL = act.CourseTitle, dateRange(l, act.StartsOn, act.EndsOn), "/training/activities/"+act.ID, testURL(id)
		crumbs = append(crumbs, ui.Crumb{Label: act.CourseTitle + " (" + d.Dates + ")", URL: d.ActivityURL}, ui.Crumb{Label: test, URL: d.TestURL})
	case !core.IsCode(err, core.NotFound):
		w.fail(rw, r, err)
		return
	}
	for _, res := range list.Items {
		src := l.T("learning.source.online")
		if res.Source == SourcePaper {
			src = l.T("learning.source.paper")
		}
		d.Rows = append(d.Rows, resultRow{PersonID: res.PersonID, Name: res.Name, Country: res.CountryCode, Score: scoreText(l, res.Score),
			Source: src, When: l.DateTime(res.SubmittedAt.In(zone))})
	}
	w.render.Render(rw, r, http.StatusOK, "learning/results.html", ui.Page{
		Title: d.Title, Section: "training", Data: d, Breadcrumbs: append(crumbs, ui.Crumb{Label: d.Title}),
	})
}
