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

// The survey pages (issue 9 item 3): /learning/surveys/{id}, where a
// respondent (a participant; a trainer for a satisfaction survey)
// answers a survey on their phone, the link of the invitation mails; and
// /learning/surveys/{id}/results, the anonymous figures for those
// Service.SurveyResults admits.

// surveyRespondents may send answers on the survey page: the roles of those
// who attend or deliver activities. Coordinators, admins and observers
// read results and answer no survey (Service.Respond refuses them), so
// the guard refuses them first; an account of staff that also trains
// holds the trainer role.
var surveyRespondents = core.RolesIn(core.RoleParticipant, core.RoleTrainer, core.RoleNCP, core.RoleMentor, core.RoleAnalyst).Personal().Writes()

// surveyRoutes registers the survey pages on mux (Routes calls it).
// surveyReaders (surveys_api.go) read a survey and its results,
// respondents answer; the Service decides again who may.
func (w *Web) surveyRoutes(mux ui.Router) {
	mux.HandleFunc("GET /learning/surveys/{id}", surveyReaders, w.surveyPage)
	mux.HandleFunc("POST /learning/surveys/{id}/responses", surveyRespondents, w.answerSurvey)
	mux.HandleFunc("GET /learning/surveys/{id}/results", surveyReaders, w.surveyResultsPage)
}

// doneAnswered is the ?done= name of the redirect after an answer: the
// page then thanks the respondent.
const doneAnswered = "answered"

// The states of the survey page (surveyData.State).
const (
	surveyOpen     = "open"     // a respondent inside the window: the form
	surveyAnswered = "answered" // a respondent who answered: thanks
	surveyUpcoming = "upcoming" // a respondent before the window
	surveyClosed   = "closed"   // a respondent after it, who did not answer
	surveyReader   = "reader"   // staff, observers, a trainer of a follow-up: the questions, no form
)

// surveyData is .Page.Data of learning/survey.html.
type surveyData struct {
	ID, Title              string
	Course, Dates          string
	ActivityURL            string
	State                  string
	StateLabel, StateClass string
	Window                 string // "Open from … to …"
	Notice                 string // why there is no form
	Closes                 string // "Closes in 2 days (…)"
	Thanks                 bool   // just answered (?done=answered)
	AsTrainer              bool   // the respondent answers as a trainer
	Items                  []surveyItemView
	ActionURL, ResultsURL  string // ResultsURL: for those who read the results
	StyleURL               string
	MaxText                string // "2,000"
	MaxLen                 int    // the textareas' maxlength
	QuestionCount          string // "9 questions"
}

// surveyItemView is one item of the survey page.
type surveyItemView struct {
	Key    string
	Name   string // the form's input name: answer-<key> or text-<key>
	ID     string // the id of its (first) control, where the error summary leads
	Number string
	Text   string
	Kind   string // likert, choice or text
	// Required: a Likert or choice item the respondent must answer.
	Required bool
	Options  []surveyOption
	Value    string // a text item's typed text
	Hint     string
	Error    string // the service's message, localised
	Roles    string // the reader's view: whom it is asked of
}

// surveyOption is one radio button of a Likert or choice item.
type surveyOption struct {
	ID, Value, Label string
	Checked          bool
}

// surveyKindLabel names a kind of survey ("Satisfaction survey").
func surveyKindLabel(l *i18n.Localizer, k SurveyKind) string {
	if !k.Valid() {
		return string(k)
	}
	return l.T("learning.survey.kind." + string(k))
}

// roleLabel names a role of respondents ("Participants").
func roleLabel(l *i18n.Localizer, role string) string {
	if role != RoleParticipant && role != RoleTrainer {
		return role
	}
	return l.T("learning.survey.role." + role)
}

// optionLabels are the words of an item's answers, in the order of their
// values: the Likert scale (1–5) or the item's choices (0…).
func optionLabels(l *i18n.Localizer, it SurveyItem) []string {
	var out []string
	switch it.Type {
	case ItemLikert:
		for v := 1; v <= 5; v++ {
			out = append(out, l.T("learning.survey.likert."+strconv.Itoa(v)))
		}
	case ItemChoice:
		for _, c := range it.Choices {
			out = append(out, l.T("learning.survey.choice."+it.Key+"."+c))
		}
	}
	return out
}

// inputName is the name of an item's input on the form.
func inputName(it SurveyItem) string {
	if it.Type == ItemText {
		return "text-" + it.Key
	}
	return "answer-" + it.Key
}

// surveyFields maps the service's field names to the form's inputs.
func surveyFields(items []SurveyItem) map[string]string {
	m := map[string]string{}
	for _, it := range items {
		if it.Type == ItemText {
			m["texts."+it.Key] = inputName(it)
		} else {
			m["answers."+it.Key] = inputName(it)
		}
	}
	return m
}

// surveyMessage localises a field error of Service.Respond: a plain
// "choose an answer" for a question left out, the limit of a text in the
// language's digits, else the service's own message.
func surveyMessage(l *i18n.Localizer, f core.FieldError) string {
	switch {
	case f.Code == CodeRequired && strings.HasPrefix(f.Field, "answers."):
		return l.T("learning.surveypage.error.choose")
	case f.Code == CodeTooLong:
		return l.T("learning.surveypage.error.too_long", "Max", l.Number(MaxSurveyText))
	}
	return FieldMessage(l, f)
}

// responseOf reads the survey form: the value of answer-<key> (a number,
// else -1, which the service refuses as out of range; none when empty)
// and the text of text-<key> (line breaks as the service counts them).
// Keys the form did not show are passed on for the service to refuse.
func responseOf(f url.Values) ResponseInput {
	in := ResponseInput{Answers: map[string]int{}, Texts: map[string]string{}}
	for k, vs := range f {
		if len(vs) == 0 {
			continue
		}
		if key, ok := strings.CutPrefix(k, "answer-"); ok && key != "" {
			v := strings.TrimSpace(vs[0])
			if v == "" {
				continue
			}
			n, err := strconv.Atoi(v)
			if err != nil {
				n = -1
			}
			in.Answers[key] = n
		} else if key, ok := strings.CutPrefix(k, "text-"); ok && key != "" {
			in.Texts[key] = strings.ReplaceAll(vs[0], "\r\n", "\n")
		}
	}
	return in
}

// surveyPage shows a survey as the actor may see it (Service.Survey): a
// respondent inside the window the form, once answered a thank-you (just
// after) or "already answered", before or after the window a message;
// those who read its results the questions and a link to them. Anyone
// else: 404.
func (w *Web) surveyPage(rw http.ResponseWriter, r *http.Request) {
	w.renderSurvey(rw, r, r.PathValue("id"), http.StatusOK, nil, nil)
}

// renderSurvey renders the survey page with status, the field errors of
// refused (an error of Service.Respond, or nil), each beside its question
// (those of no question on the form in the summary), and what the
// respondent typed (nil: nothing).
func (w *Web) renderSurvey(rw http.ResponseWriter, r *http.Request, id string, status int, refused error, typed url.Values) {
	ctx, l := r.Context(), localizer(r)
	if !core.ValidID(id) {
		w.fail(rw, r, notFound("survey"))
		return
	}
	v, err := w.svc.Survey(ctx, id)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	act, err := w.svc.training.Activity(ctx, v.ActivityID, l.Lang())
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	fe, beside := surveyErrors(l, v.Items, refused)
	d := surveyDataOf(l, v, act, w.svc.now(), beside, typed)
	d.Thanks = d.State == surveyAnswered && r.URL.Query().Get("done") == doneAnswered
	w.render.Render(rw, r, status, "learning/survey.html", ui.Page{
		Title: d.Title, Section: "training", Data: d, Errors: fe,
		Breadcrumbs: []ui.Crumb{{Label: l.T("learning.crumb.activities"), URL: "/training/activities"},
			{Label: act.CourseTitle + " (" + d.Dates + ")", URL: d.ActivityURL}, {Label: d.Title}},
	})
}

// surveyErrors localises the field errors of refused (nil: none) for the
// survey page of items: the error summary names each question by its
// number ("Question 6: Choose an answer."), with the errors of no
// question on the form (the window, a second answer, a question not
// asked) after its heading; beside holds each question's own message by
// input name.
func surveyErrors(l *i18n.Localizer, items []SurveyItem, refused error) (fe *ui.FormErrors, beside map[string]string) {
	if refused == nil {
		return nil, nil
	}
	fields := surveyFields(items)
	number := map[string]string{}
	for i, it := range items {
		number[inputName(it)] = l.Number(i + 1)
	}
	beside = map[string]string{}
	for _, f := range core.AsError(refused).Fields {
		if name, ok := fields[f.Field]; ok && beside[name] == "" {
			beside[name] = surveyMessage(l, f)
		}
	}
	fe = ui.ErrorsWith(l, refused, fields, func(f core.FieldError) string {
		m := surveyMessage(l, f)
		if name, ok := fields[f.Field]; ok {
			return l.T("learning.surveypage.error.item", "Number", number[name], "Message", m)
		}
		return m
	}, "learning.surveypage.not_sent")
	return fe, beside
}

// surveyDataOf builds the survey page of v (of act) at now, with the
// messages beside the questions (by input name) and the typed answers.
func surveyDataOf(l *i18n.Localizer, v SurveyView, act training.Activity, now time.Time, beside map[string]string, typed url.Values) surveyData {
	zone := zoneOf(act)
	at := func(t time.Time) string { return l.DateTime(t.In(zone)) }
	d := surveyData{ID: v.ID, Title: surveyKindLabel(l, v.Kind), Course: act.CourseTitle, Dates: dateRange(l, act.StartsOn, act.EndsOn),
		ActivityURL: "/training/activities/" + act.ID, ActionURL: SurveyLink(v.ID) + "/responses", StyleURL: styleURL(),
		Window: l.T("learning.surveypage.window", "From", at(v.OpensAt), "To", at(v.ClosesAt)), MaxText: l.Number(MaxSurveyText),
		MaxLen: MaxSurveyText, QuestionCount: l.N("learning.surveypage.question_count", len(v.Items)), AsTrainer: v.Role == RoleTrainer}
	if v.Role == "" || v.Role == RoleTrainer {
		d.ResultsURL = SurveyLink(v.ID) + "/results"
	}
	switch {
	case now.Before(v.OpensAt):
		d.StateLabel, d.StateClass = l.T("learning.state.upcoming"), "badge-grey"
	case !now.Before(v.ClosesAt):
		d.StateLabel, d.StateClass = l.T("learning.state.closed"), "badge-grey"
	default:
		d.StateLabel, d.StateClass = l.T("learning.state.open"), "badge-green"
	}
	switch {
	case v.Role == "":
		d.State = surveyReader
	case v.Answered:
		d.State = surveyAnswered
		d.StateLabel, d.StateClass = l.T("learning.surveypage.state.answered"), "badge-green"
	case now.Before(v.OpensAt):
		d.State = surveyUpcoming
		d.Notice = l.T("learning.surveypage.not_open", "When", at(v.OpensAt), "In", inText(l, v.OpensAt.Sub(now)))
	case !now.Before(v.ClosesAt):
		d.State = surveyClosed
		d.Notice = l.T("learning.surveypage.closed", "When", at(v.ClosesAt), "Ago", agoText(l, now.Sub(v.ClosesAt)))
	default:
		d.State = surveyOpen
		d.Closes = l.T("learning.surveypage.closes", "In", inText(l, v.ClosesAt.Sub(now)), "When", at(v.ClosesAt))
	}
	for i, it := range v.Items {
		name := inputName(it)
		iv := surveyItemView{Key: it.Key, Name: name, ID: ui.FieldID(name), Number: l.Number(i + 1), Kind: string(it.Type),
			Text: l.T("learning.survey.item." + it.Key), Required: it.Required && it.Type != ItemText, Error: beside[name]}
		if it.Type == ItemText {
			iv.Hint = l.T("learning.surveypage.text_hint", "Max", d.MaxText)
			iv.Value = typed.Get(name)
		} else {
			chosen := typed.Get(name)
			first := 0
			if it.Type == ItemLikert {
				first = 1
			}
			for j, label := range optionLabels(l, it) {
				val := strconv.Itoa(first + j)
				id := iv.ID
				if j > 0 {
					id += "-" + val
				}
				iv.Options = append(iv.Options, surveyOption{ID: id, Value: val, Label: label, Checked: chosen == val})
			}
		}
		if d.State == surveyReader {
			roles := make([]string, len(it.Roles))
			for j, role := range it.Roles {
				roles[j] = roleLabel(l, role)
			}
			iv.Roles = l.T("learning.surveypage.asked_of", "Roles", strings.Join(roles, ", "))
		}
		d.Items = append(d.Items, iv)
	}
	return d
}

// answerSurvey records the respondent's answers (Service.Respond, once)
// and redirects to the survey page, which then thanks them. Refused
// answers (a question left out, a text too long, outside the window, a
// second time) re-render the page with the localised messages, each
// beside its question, and what the respondent typed (422); nothing is
// kept.
func (w *Web) answerSurvey(rw http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if !core.ValidID(id) {
		w.fail(rw, r, notFound("survey"))
		return
	}
	if err := ui.ParseForm(rw, r); err != nil {
		w.fail(rw, r, err)
		return
	}
	err := w.svc.Respond(r.Context(), id, responseOf(r.PostForm))
	switch {
	case ui.HasFields(err):
		w.renderSurvey(rw, r, id, api.StatusOf(err), err, r.PostForm)
	case err != nil:
		w.fail(rw, r, err)
	default:
		ui.SeeOther(rw, r, ui.Done(SurveyLink(id), doneAnswered))
	}
}

// surveyResultsData is .Page.Data of learning/survey_results.html.
type surveyResultsData struct {
	Title, Survey      string
	Course, Dates      string
	ActivityURL        string
	SurveyURL          string
	Window             string
	StyleURL           string
	Responses          string // "7 responses"
	Rates              []rateView
	Roles              []roleResults
	Texts              []textsView
	HasTextItems       bool
	TextsWithheld      bool // the reader is not given free texts
	FollowUp           bool
	Application        string // "60% apply it (n = 5)"
	ApplicationWidth   string // the bar's length ("60%")
	ApplicationPending bool   // a follow-up without answers to count (or withheld)
}

// rateView is the response rate of one role.
type rateView struct {
	Role, Label string
	Figure      string // "4 of 6 answered (66.7%)"
	Width       string // the bar's length ("66.7%")
}

// roleResults are the distributions of one role's answers, or why there
// are none.
type roleResults struct {
	Role, Label string
	Items       []itemChart
	Hidden      string // withheld: fewer than minAnonymous answered
	Empty       string // nobody of the role answered yet
}

// itemChart is one item's distribution: a bar chart of the counts of
// each answer, with n and, for a Likert item, the mean.
type itemChart struct {
	ID, Title string
	Bars      []ui.Bar
	Figures   string // "n = 5 · mean 3.8 of 5"
	None      bool   // nobody answered it
}

// textsView is the free texts of one item.
type textsView struct {
	ID, Question, Count string
	Texts               []string
}

// widthPct is a percent as an SVG length ("66.7%").
func widthPct(p float64) string { return strconv.FormatFloat(min(max(p, 0), 100), 'f', -1, 64) + "%" }

// decimalText is x as the UI language writes a decimal: a comma but in
// English.
func decimalText(l *i18n.Localizer, x float64) string {
	s := strconv.FormatFloat(x, 'f', -1, 64)
	if l.Lang() != "en" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// surveyResultsPage shows a survey's results as Service.SurveyResults
// gives them to the actor: the response rate of each role, each item's
// distribution as a bar chart with n and the mean beside it, the roles
// withheld (fewer than five answers) said plainly, the free texts to
// those who get them and, for a follow-up, the application rate with its
// n. Participants and others: 404.
func (w *Web) surveyResultsPage(rw http.ResponseWriter, r *http.Request) {
	ctx, l := r.Context(), localizer(r)
	id := r.PathValue("id")
	if !core.ValidID(id) {
		w.fail(rw, r, notFound("survey"))
		return
	}
	res, err := w.svc.SurveyResults(ctx, id)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	act, err := w.svc.training.Activity(ctx, res.Survey.ActivityID, l.Lang())
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	a := core.ActorFrom(ctx)
	d := surveyResultsDataOf(l, res, act, !a.IsStaff() && !trains(act, a.PersonID))
	w.render.Render(rw, r, http.StatusOK, "learning/survey_results.html", ui.Page{
		Title: d.Title, Section: "training", Data: d,
		Breadcrumbs: []ui.Crumb{{Label: l.T("learning.crumb.activities"), URL: "/training/activities"},
			{Label: act.CourseTitle + " (" + d.Dates + ")", URL: d.ActivityURL}, {Label: d.Survey, URL: d.SurveyURL}, {Label: d.Title}},
	})
}

// surveyResultsDataOf builds the results page of res (of act);
// textsWithheld says the reader is one the service gives no free texts
// (an observer), so that the page says so rather than "none yet".
func surveyResultsDataOf(l *i18n.Localizer, res SurveyResults, act training.Activity, textsWithheld bool) surveyResultsData {
	sv := res.Survey
	zone := zoneOf(act)
	kind := surveyKindLabel(l, sv.Kind)
	d := surveyResultsData{Title: l.T("learning.surveypage.results.title", "Survey", kind), Survey: kind, Course: act.CourseTitle,
		Dates: dateRange(l, act.StartsOn, act.EndsOn), ActivityURL: "/training/activities/" + act.ID, SurveyURL: SurveyLink(sv.ID),
		StyleURL: styleURL(), FollowUp: sv.Kind == SurveyFollowUp, TextsWithheld: textsWithheld,
		Window: l.T("learning.surveypage.window", "From", l.DateTime(sv.OpensAt.In(zone)), "To", l.DateTime(sv.ClosesAt.In(zone)))}
	total := 0
	for _, rate := range res.Rates {
		total += rate.Respondents
		d.Rates = append(d.Rates, rateView{Role: rate.Role, Label: roleLabel(l, rate.Role), Width: widthPct(rate.Rate),
			Figure: l.T("learning.surveypage.results.rate", "Answered", l.Number(rate.Respondents), "Invited", l.Number(rate.Invited),
				"Rate", scoreText(l, rate.Rate))})
		rr := roleResults{Role: rate.Role, Label: roleLabel(l, rate.Role)}
		for _, dist := range res.Items {
			if dist.Role != rate.Role {
				continue
			}
			rr.Items = append(rr.Items, itemChartOf(l, sv.Kind, dist))
		}
		if !slices.ContainsFunc(rr.Items, func(c itemChart) bool { return !c.None }) {
			rr.Items = nil // nobody of the role answered: one line says so
		}
		switch {
		case slices.Contains(res.Hidden, rate.Role):
			rr.Hidden = l.T("learning.surveypage.results.hidden", "Min", l.Number(minAnonymous))
		case len(rr.Items) == 0:
			rr.Empty = l.T("learning.surveypage.results.no_answers")
		}
		d.Roles = append(d.Roles, rr)
	}
	d.Responses = l.N("learning.surveypage.results.responses", total)
	for _, it := range Instrument(sv.Kind) {
		if it.Type != ItemText {
			continue
		}
		d.HasTextItems = true
		if texts := res.Texts[it.Key]; len(texts) > 0 {
			d.Texts = append(d.Texts, textsView{ID: "texts-" + it.Key, Question: l.T("learning.survey.item." + it.Key),
				Count: l.N("learning.surveypage.results.text_count", len(texts)), Texts: texts})
		}
	}
	if d.FollowUp {
		if res.ApplicationRate != nil {
			d.Application = l.T("learning.surveypage.results.application_value", "Rate", scoreText(l, *res.ApplicationRate),
				"N", l.Number(res.ApplicationN))
			d.ApplicationWidth = widthPct(*res.ApplicationRate)
		} else {
			d.ApplicationPending = true
		}
	}
	return d
}

// itemChartOf is the chart of one distribution: a bar per answer, in the
// scale's order.
func itemChartOf(l *i18n.Localizer, kind SurveyKind, dist Distribution) itemChart {
	var item SurveyItem
	for _, it := range Instrument(kind) {
		if it.Key == dist.Key {
			item = it
		}
	}
	c := itemChart{ID: "item-" + dist.Role + "-" + dist.Key, Title: l.T("learning.survey.item." + dist.Key), None: dist.N == 0}
	labels := optionLabels(l, item)
	for i, n := range dist.Counts {
		label := strconv.Itoa(i)
		if i < len(labels) {
			label = labels[i]
		}
		c.Bars = append(c.Bars, ui.Bar{Label: label, Value: n})
	}
	c.Figures = l.T("learning.surveypage.results.n", "N", l.Number(dist.N))
	if dist.Mean != nil {
		c.Figures = l.T("learning.surveypage.results.n_mean", "N", l.Number(dist.N), "Mean", decimalText(l, *dist.Mean))
	}
	return c
}
