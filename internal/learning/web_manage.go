package learning

import (
	"errors"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/topcop-platform/topcop/internal/api"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/i18n"
	"github.com/topcop-platform/topcop/internal/tabular"
	"github.com/topcop-platform/topcop/internal/training"
	"github.com/topcop-platform/topcop/internal/ui"
)

// The manager pages (issue 9 items 1–2): a course's question bank, an
// activity's learning page (its tests and surveys, the forms that set
// them, the completion conditions) and a test's paper scores, entered on
// a form or uploaded as a file (scores_csv.go). Handlers parse, call the
// Service and render; the Service decides who may do what.

// Access of the manager pages; the Service decides again (an activity's
// trainers are a relation no role names: the declarations admit every
// trainer, and the Service answers not_found to a trainer of another
// activity).
var (
	// bankReaders read a course's question bank.
	bankReaders = core.RolesIn(core.RoleAdmin, core.RoleCoordinator)
	// managers read an activity's learning page.
	managers = core.RolesIn(core.RoleAdmin, core.RoleCoordinator, core.RoleTrainer)
	// sheetReaders read a test's score sheet: people's names and scores.
	sheetReaders = managers.Personal()
)

// manageRoutes registers the manager pages on mux.
func (w *Web) manageRoutes(mux ui.Router) {
	mux.HandleFunc("GET /learning/courses/{id}/questions", bankReaders, w.bank)
	mux.HandleFunc("POST /learning/courses/{id}/questions", staff, w.bankAdd)
	mux.HandleFunc("GET /learning/activities/{id}", managers, w.activityPage)
	mux.HandleFunc("POST /learning/activities/{id}/tests", staff, w.testCreate)
	mux.HandleFunc("POST /learning/activities/{id}/surveys", staff, w.surveyCreate)
	mux.HandleFunc("POST /learning/activities/{id}/completion", staff, w.completionSave)
	mux.HandleFunc("GET /learning/tests/{id}/scores", sheetReaders, w.scores)
	mux.HandleFunc("POST /learning/tests/{id}/scores", scorers, w.scoresSave)
	mux.HandleFunc("POST /learning/tests/{id}/scores/file", scorers, w.scoresUpload)
	mux.HandleFunc("GET /learning/tests/{id}/scores.csv", sheetReaders, w.scoresDownload)
}

// manageFlashes are the confirmations of the manager pages.
var manageFlashes = ui.Flashes{
	"question_added":   "learning.manage.flash.question_added",
	"test_set":         "learning.manage.flash.test_set",
	"survey_opened":    "learning.manage.flash.survey_opened",
	"completion_saved": "learning.manage.flash.completion_saved",
	"scores_saved":     "learning.manage.flash.scores_saved",
	"file_saved":       "learning.manage.flash.file_saved",
}

func bankPageURL(courseID string) string     { return "/learning/courses/" + courseID + "/questions" }
func managePageURL(activityID string) string { return "/learning/activities/" + activityID }
func scoresPageURL(testID string) string     { return testURL(testID) + "/scores" }

// nativeLangName is a language's own name ("Română"), as the language
// switcher shows it.
func nativeLangName(code string) string {
	for _, l := range i18n.Languages {
		if l.Code == code {
			return l.Native
		}
	}
	return code
}

// manageMessage localises a field error of the Service for the manager
// forms: the pages' own words where the shared message would not fit the
// field, else FieldMessage.
func manageMessage(l *i18n.Localizer, f core.FieldError) string {
	field := f.Field
	if i := strings.LastIndexByte(field, '.'); i >= 0 && strings.HasPrefix(field, "scores[") {
		field = "scores." + field[i+1:]
	}
	if strings.HasPrefix(field, "choices[") && strings.HasSuffix(field, ".texts.en") {
		field = "choices.texts.en"
	}
	switch field + "/" + f.Code {
	case "texts.en/" + CodeRequired:
		return l.T("learning.manage.error.text_en")
	case "choices.texts.en/" + CodeRequired:
		return l.T("learning.manage.error.choice_en")
	case "correct/" + CodeRequired:
		return l.T("learning.manage.error.correct_required")
	case "question_ids/" + CodeRequired:
		return l.T("learning.manage.error.questions_required")
	case "question_ids/" + CodeTooLong:
		return l.T("learning.manage.error.questions_too_many", "Max", l.Number(MaxQuestions))
	case "question_ids/" + CodeUnknown, "question_ids/" + CodeDuplicate:
		return l.T("learning.manage.error.questions_unknown")
	case "form/" + CodeTaken:
		return l.T("learning.manage.error.form_taken")
	case "closes_at/" + CodeOutOfRange:
		if d, err := time.Parse(time.DateOnly, f.Param); err == nil {
			return l.T("learning.manage.error.closes_late", "Date", l.Date(d))
		}
		if days, err := strconv.Atoi(f.Param); err == nil {
			return l.T("learning.manage.error.window_too_long", "Days", l.Number(days))
		}
	case "opens_at/" + CodeOutOfRange:
		if d, err := time.Parse(time.DateOnly, f.Param); err == nil {
			return l.T("learning.manage.error.opens_early", "Date", l.Date(d))
		}
	case "closes_at/" + CodeEndsBefore:
		return l.T("learning.manage.error.ends_before_start")
	case "min_post_score/" + CodeOutOfRange, "scores.score/" + CodeOutOfRange:
		return l.T("learning.manage.error.score_range")
	case "scores.person_id/" + CodeDuplicate:
		return l.T("learning.manage.error.score_twice")
	case "scores.person_id/" + CodeAlreadySubmitted:
		return l.T("learning.manage.error.score_online")
	case "scores/" + CodeRequired:
		return l.T("learning.manage.error.scores_required")
	case "scores/" + CodeTooLong:
		return l.T("learning.manage.error.scores_too_many", "Max", l.Number(MaxScores))
	}
	return FieldMessage(l, f)
}

// manageErrors is ui.ErrorsWith for the manager forms.
func manageErrors(l *i18n.Localizer, err error, fields map[string]string, summaryKey string) *ui.FormErrors {
	return ui.ErrorsWith(l, err, fields, func(f core.FieldError) string { return manageMessage(l, f) }, summaryKey)
}

// scoreInput reads a number typed on a form: "72", "72.5" or "72,5"
// (the Service decides the range). ok is false for anything else.
func scoreInput(s string) (float64, bool) { return typedDecimal(strings.TrimSpace(s)) }

// scoreInputText is a score as the UI language writes it in an input: a
// typedDecimal comma but in English.
func scoreInputText(l *i18n.Localizer, f float64) string {
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if l.Lang() != "en" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// ===================================================================
// The question bank: /learning/courses/{id}/questions
// ===================================================================

// Choice rows of the question form: as many as a question usually has,
// two more at a time up to MaxChoices.
const (
	choiceRows     = 4
	choiceRowsStep = 2
)

// bankPageData is .Page.Data of learning/bank.html.
type bankPageData struct {
	CourseID, CourseURL, Course, Code string
	Count                             string
	Questions                         []bankQuestionView
	Form                              bankQuestionForm
	StyleURL                          string
}

// bankQuestionView is one question of the bank as the page lists it.
type bankQuestionView struct {
	ID, Number, Kind, Outcome string
	Text, Lang                string // in the page's language, else English (Lang "en")
	Texts                     []bankLangText
	Choices                   []choiceView
	Archived                  bool
}

// bankLangText is a text in one language.
type bankLangText struct {
	Lang, Name, Text string
}

// bankLangField is an input of a text in one language.
type bankLangField struct {
	Name, Lang, Label, Value string
	Required                 bool
}

// bankQuestionForm is the form to add a question, as typed.
type bankQuestionForm struct {
	Kind, Outcome     string
	Kinds, Outcomes   []ui.Option
	NoOutcomes        bool
	Text              bankLangField   // English
	Translations      []bankLangField // the other languages
	TranslationsOpen  bool
	Choices           []bankChoiceRow
	Rows              int
	MoreRows          bool // the form may grow
	choiceKeep, index []int
}

// bankChoiceRow is one choice on the question form.
type bankChoiceRow struct {
	N                string // 1, 2, …
	Index            int
	Text             bankLangField
	Translations     []bankLangField
	TranslationsOpen bool
	Correct          bool
	CorrectID        string
	CorrectLabel     string // "Choice 2 is correct"
	TranslationsName string // "Choice 2 in other languages"
}

// bankQuestionFormOf reads the question form posted in r (or, when r has no
// form, the empty one) with rows choice rows at least.
func bankQuestionFormOf(l *i18n.Localizer, r *http.Request, c training.Course) bankQuestionForm {
	f := r.PostForm
	qf := bankQuestionForm{Kind: f.Get("kind"), Outcome: f.Get("outcome")}
	qf.Rows, _ = strconv.Atoi(f.Get("rows"))
	if f.Get("intent") == "more" {
		qf.Rows += choiceRowsStep
	}
	qf.Rows = min(max(qf.Rows, choiceRows), MaxChoices)
	qf.MoreRows = qf.Rows < MaxChoices
	qf.Kinds = []ui.Option{{Value: "", Label: l.T("learning.manage.bank.choose_kind")}}
	for _, k := range []QuestionKind{KindSingle, KindMultiple, KindTrueFalse} {
		qf.Kinds = append(qf.Kinds, ui.Option{Value: string(k), Label: l.T("learning.manage.kind." + string(k))})
	}
	qf.Outcomes = []ui.Option{{Value: "", Label: l.T("learning.manage.bank.no_outcome")}}
	for _, o := range c.Outcomes {
		qf.Outcomes = append(qf.Outcomes, ui.Option{Value: o, Label: o})
	}
	qf.NoOutcomes = len(c.Outcomes) == 0
	qf.Text = bankLangField{Name: "text_en", Lang: "en", Label: l.T("learning.manage.bank.text_en"), Value: f.Get("text_en"), Required: true}
	for _, lang := range Languages[1:] {
		v := f.Get("text_" + lang)
		qf.Translations = append(qf.Translations, bankLangField{Name: "text_" + lang, Lang: lang, Value: v,
			Label: l.T("learning.manage.bank.text_in", "Language", nativeLangName(lang))})
		qf.TranslationsOpen = qf.TranslationsOpen || strings.TrimSpace(v) != ""
	}
	correct := f["correct"]
	for i := range qf.Rows {
		n := strconv.Itoa(i)
		row := bankChoiceRow{N: l.Number(i + 1), Index: i, Correct: slices.Contains(correct, n), CorrectID: "correct-" + n,
			CorrectLabel:     l.T("learning.manage.bank.correct_n", "N", l.Number(i+1)),
			TranslationsName: l.T("learning.manage.bank.choice_translations", "N", l.Number(i+1)),
			Text: bankLangField{Name: "choice_" + n + "_en", Lang: "en", Value: f.Get("choice_" + n + "_en"),
				Label: l.T("learning.manage.bank.choice_n", "N", l.Number(i+1))}}
		for _, lang := range Languages[1:] {
			v := f.Get("choice_" + n + "_" + lang)
			row.Translations = append(row.Translations, bankLangField{Name: "choice_" + n + "_" + lang, Lang: lang, Value: v,
				Label: l.T("learning.manage.bank.choice_in", "N", l.Number(i+1), "Language", nativeLangName(lang))})
			row.TranslationsOpen = row.TranslationsOpen || strings.TrimSpace(v) != ""
		}
		qf.Choices = append(qf.Choices, row)
	}
	return qf
}

// input is the question the form describes: its choice rows that are
// not blankRecord (a row with a text in any language, or marked correct), in
// order. It remembers which row each choice came from (keep) so that
// the Service's errors point to the rows.
func (qf *bankQuestionForm) input() QuestionInput {
	in := QuestionInput{Kind: QuestionKind(qf.Kind), Outcome: qf.Outcome, Texts: map[string]string{"en": qf.Text.Value}}
	for _, t := range qf.Translations {
		in.Texts[t.Lang] = t.Value
	}
	qf.choiceKeep = nil
	for _, row := range qf.Choices {
		texts := map[string]string{"en": row.Text.Value}
		used := strings.TrimSpace(row.Text.Value) != "" || row.Correct
		for _, t := range row.Translations {
			texts[t.Lang] = t.Value
			used = used || strings.TrimSpace(t.Value) != ""
		}
		if !used {
			continue
		}
		if row.Correct {
			in.Correct = append(in.Correct, len(in.Choices))
		}
		in.Choices = append(in.Choices, Choice{Texts: texts})
		qf.choiceKeep = append(qf.choiceKeep, row.Index)
	}
	return in
}

// fields maps the Service's field names to the question form's inputs.
func (qf *bankQuestionForm) fields() map[string]string {
	m := map[string]string{"kind": "kind", "outcome": "outcome", "choices": "choices", "correct": "correct"}
	for _, lang := range Languages {
		m["texts."+lang] = "text_" + lang
		for i, row := range qf.choiceKeep {
			m["choices["+strconv.Itoa(i)+"].texts."+lang] = "choice_" + strconv.Itoa(row) + "_" + lang
		}
	}
	return m
}

// bank shows a course's question bank and the form to add a question
// (coordinators and admins: Service.CourseQuestions).
func (w *Web) bank(rw http.ResponseWriter, r *http.Request) {
	w.renderBank(rw, r, r.PathValue("id"), http.StatusOK, nil)
}

func (w *Web) renderBank(rw http.ResponseWriter, r *http.Request, id string, status int, fe *ui.FormErrors) {
	ctx, l := r.Context(), localizer(r)
	if !core.ValidID(id) {
		w.fail(rw, r, notFound("course"))
		return
	}
	c, qs, err := w.svc.CourseQuestions(ctx, id)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	lang := l.Lang()
	d := bankPageData{CourseID: c.ID, CourseURL: "/training/courses/" + c.ID, Course: c.TitleIn(lang), Code: c.Code,
		Count: l.N("learning.manage.bank.count", len(qs)), Form: bankQuestionFormOf(l, r, c), StyleURL: styleURL()}
	for i, q := range qs {
		bq := bankQuestionView{ID: q.ID, Number: l.Number(i + 1), Kind: l.T("learning.manage.kind." + string(q.Kind)), Outcome: q.Outcome,
			Archived: q.Archived}
		bq.Text, bq.Lang = textIn(q.Texts, lang)
		for _, code := range Languages {
			if t := q.Texts[code]; t != "" {
				bq.Texts = append(bq.Texts, bankLangText{Lang: code, Name: nativeLangName(code), Text: t})
			}
		}
		for ci, ch := range q.Choices {
			cv := choiceView{Index: ci, Correct: slices.Contains(q.Correct, ci)}
			cv.Text, cv.Lang = textIn(ch.Texts, lang)
			bq.Choices = append(bq.Choices, cv)
		}
		d.Questions = append(d.Questions, bq)
	}
	title := l.T("learning.manage.bank.title")
	w.render.Render(rw, r, status, "learning/bank.html", ui.Page{
		Title: title, Section: "courses", Data: d, Errors: fe, Flash: manageFlashes.Message(r),
		Breadcrumbs: []ui.Crumb{{Label: l.T("learning.manage.crumb.courses"), URL: "/training/courses"},
			{Label: d.Course, URL: d.CourseURL}, {Label: title}},
	})
}

// bankAdd adds the question of the form (Service.CreateQuestion) and
// redirects to the bank; with intent=more it only shows the form again
// with two more choice rows. Refused input shows the form as typed with
// the messages beside the inputs (422) and writes nothing.
func (w *Web) bankAdd(rw http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if !core.ValidID(id) {
		w.fail(rw, r, notFound("course"))
		return
	}
	if err := ui.ParseForm(rw, r); err != nil {
		w.fail(rw, r, err)
		return
	}
	if r.PostForm.Get("intent") == "more" {
		w.renderBank(rw, r, id, http.StatusOK, nil)
		return
	}
	l := localizer(r)
	c, err := w.svc.training.Course(r.Context(), id)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	qf := bankQuestionFormOf(l, r, c)
	_, err = w.svc.CreateQuestion(r.Context(), id, qf.input())
	switch {
	case ui.HasFields(err):
		w.renderBank(rw, r, id, api.StatusOf(err), manageErrors(l, err, qf.fields(), "learning.manage.bank.not_added"))
	case err != nil:
		w.fail(rw, r, err)
	default:
		ui.SeeOther(rw, r, ui.Done(bankPageURL(id), "question_added"))
	}
}

// ===================================================================
// The activity's learning page: /learning/activities/{id}
// ===================================================================

// manageActivityData is .Page.Data of learning/activity.html.
type manageActivityData struct {
	ID, Course, Dates, ActivityURL, BankURL, Zone string
	CanManage                                     bool
	Tests                                         []manageTestRow
	Surveys                                       []manageSurveyRow
	Conditions                                    string // the completion conditions in words
	TestForm                                      manageTestForm
	SurveyForm                                    manageSurveyForm
	Completion                                    manageCompletionForm
	StyleURL                                      string
}

// manageTestRow is one test on the activity's page.
type manageTestRow struct {
	ID, Label, URL, ResultsURL, ScoresURL string
	Window, StateLabel, StateClass        string
	Questions, Submissions                string
}

// manageSurveyRow is one survey on the activity's page.
type manageSurveyRow struct {
	ID, Label, URL, ResultsURL     string
	Window, StateLabel, StateClass string
}

// manageTestForm is the form to set a test, as typed (or prefilled).
type manageTestForm struct {
	Kind, Form                                   string
	OpensDate, OpensTime, ClosesDate, ClosesTime string
	Kinds, Forms                                 []ui.Option
	Questions                                    []testBankChoice
	chosen                                       []string
}

// testBankChoice is one question of the course's bank offered on the test
// form.
type testBankChoice struct {
	ID, InputID, Text, Lang, Kind, Outcome string
	Checked                                bool
}

// manageSurveyForm is the form to open a survey, as typed (or prefilled).
type manageSurveyForm struct {
	Kind                                         string
	OpensDate, OpensTime, ClosesDate, ClosesTime string
	Kinds                                        []ui.Option
}

// manageCompletionForm is the completion conditions' form.
type manageCompletionForm struct {
	PostTest, Survey bool
	MinScore         string
}

// manageState is what a refused form posted, shown again instead of
// the defaults.
type manageState struct {
	test       *manageTestForm
	survey     *manageSurveyForm
	completion *manageCompletionForm
}

// Field names of the activity page's forms by the Service's names.
var (
	manageTestFields       = map[string]string{"kind": "kind", "form": "form", "opens_at": "opens_date", "closes_at": "closes_date", "question_ids": "question_ids"}
	manageSurveyFields     = map[string]string{"kind": "survey_kind", "opens_at": "survey_opens_date", "closes_at": "survey_closes_date"}
	manageCompletionFields = map[string]string{"min_post_score": "min_post_score"}
)

// activityPage shows an activity's tests and surveys, with the forms to
// set them and the completion conditions for coordinators (the
// activity's trainers read the lists: Service.ActivityTests).
func (w *Web) activityPage(rw http.ResponseWriter, r *http.Request) {
	w.renderActivity(rw, r, r.PathValue("id"), http.StatusOK, manageState{}, nil)
}

func (w *Web) renderActivity(rw http.ResponseWriter, r *http.Request, id string, status int, st manageState, fe *ui.FormErrors) {
	ctx, l := r.Context(), localizer(r)
	if !core.ValidID(id) {
		w.fail(rw, r, notFound("activity"))
		return
	}
	_, tests, err := w.svc.ActivityTests(ctx, id)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	act, err := w.svc.training.Activity(ctx, id, l.Lang())
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	surveys, err := w.svc.Surveys(ctx, id)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	cond, err := w.svc.Completion(ctx, id)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	now, zone := w.svc.now(), zoneOf(act)
	at := func(t time.Time) string { return l.DateTime(t.In(zone)) }
	d := manageActivityData{ID: act.ID, Course: act.CourseTitle, Dates: dateRange(l, act.StartsOn, act.EndsOn), ActivityURL: "/training/activities/" + act.ID,
		Zone: zone.String(), CanManage: core.ActorFrom(ctx).IsStaff(), StyleURL: styleURL()}
	if d.CanManage {
		d.BankURL = bankPageURL(act.CourseID)
	}
	for _, t := range tests {
		row := manageTestRow{ID: t.ID, Label: kindLabel(l, t.Kind, t.Form), URL: testURL(t.ID), ResultsURL: testURL(t.ID) + "/results",
			ScoresURL: scoresPageURL(t.ID), Window: l.T("learning.take.window", "From", at(t.OpensAt), "To", at(t.ClosesAt)),
			Questions: l.Number(t.Questions), Submissions: l.Number(t.Submissions)}
		row.StateLabel, row.StateClass = manageWindowState(l, stateAt(now, t.OpensAt, t.ClosesAt, nil))
		d.Tests = append(d.Tests, row)
	}
	for _, s := range surveys {
		row := manageSurveyRow{ID: s.ID, Label: l.T("learning.survey.kind." + string(s.Kind)), URL: "/learning/surveys/" + s.ID,
			ResultsURL: "/learning/surveys/" + s.ID + "/results", Window: l.T("learning.take.window", "From", at(s.OpensAt), "To", at(s.ClosesAt))}
		row.StateLabel, row.StateClass = manageWindowState(l, stateAt(now, s.OpensAt, s.ClosesAt, nil))
		d.Surveys = append(d.Surveys, row)
	}
	var conds []string
	for _, c := range cond.codes() {
		conds = append(conds, completionRule{}.Label(l, c))
	}
	d.Conditions = strings.Join(conds, "; ")
	if d.CanManage {
		if d.TestForm, err = w.manageTestFormOf(r, act, st.test); err != nil {
			w.fail(rw, r, err)
			return
		}
		d.SurveyForm = manageSurveyFormOf(l, act, st.survey)
		d.Completion = manageCompletionForm{PostTest: cond.PostTest, Survey: cond.Survey}
		if cond.MinPostScore != nil {
			d.Completion.MinScore = scoreInputText(l, *cond.MinPostScore)
		}
		if st.completion != nil {
			d.Completion = *st.completion
		}
	}
	title := l.T("learning.manage.activity.title")
	w.render.Render(rw, r, status, "learning/activity.html", ui.Page{
		Title: title, Section: "training", Data: d, Errors: fe, Flash: manageFlashes.Message(r),
		Breadcrumbs: []ui.Crumb{{Label: l.T("learning.crumb.activities"), URL: "/training/activities"},
			{Label: act.CourseTitle + " (" + d.Dates + ")", URL: d.ActivityURL}, {Label: title}},
	})
}

// manageWindowState names where a window stands now, and its badge's class.
func manageWindowState(l *i18n.Localizer, s TestState) (string, string) {
	switch s {
	case StateUpcoming:
		return l.T("learning.state.upcoming"), "badge-grey"
	case StateOpen:
		return l.T("learning.state.open"), "badge-green"
	}
	return l.T("learning.state.closed"), "badge-grey"
}

// manageTestFormOf builds the test form of act: posted as it was typed, or the
// defaults (one form, open from the first day's start to the last day's
// end), with the course's bank to pick from.
func (w *Web) manageTestFormOf(r *http.Request, act training.Activity, posted *manageTestForm) (manageTestForm, error) {
	l := localizer(r)
	tf := manageTestForm{Kind: string(TestPre), OpensDate: act.StartsOn, OpensTime: orDefault(act.DayStarts, "09:00"),
		ClosesDate: act.EndsOn, ClosesTime: "23:59"}
	if posted != nil {
		tf = *posted
	}
	tf.Kinds = []ui.Option{{Value: string(TestPre), Label: l.T("learning.kind.pre")}, {Value: string(TestPost), Label: l.T("learning.kind.post")}}
	tf.Forms = []ui.Option{{Value: "", Label: l.T("learning.manage.test.one_form")},
		{Value: "A", Label: l.T("learning.manage.test.form_n", "Form", "A")}, {Value: "B", Label: l.T("learning.manage.test.form_n", "Form", "B")}}
	_, qs, err := w.svc.CourseQuestions(r.Context(), act.CourseID)
	if err != nil {
		return tf, err
	}
	for _, q := range qs {
		if q.Archived {
			continue
		}
		bc := testBankChoice{ID: q.ID, InputID: "question-" + q.ID, Kind: l.T("learning.manage.kind." + string(q.Kind)), Outcome: q.Outcome,
			Checked: slices.Contains(tf.chosen, q.ID)}
		bc.Text, bc.Lang = textIn(q.Texts, l.Lang())
		tf.Questions = append(tf.Questions, bc)
	}
	return tf, nil
}

// manageSurveyFormOf builds the survey form of act: posted, or the defaults (a
// satisfaction survey open from noon on the last day for two weeks).
func manageSurveyFormOf(l *i18n.Localizer, act training.Activity, posted *manageSurveyForm) manageSurveyForm {
	sf := manageSurveyForm{Kind: string(SurveySatisfaction), OpensDate: act.EndsOn, OpensTime: "12:00", ClosesTime: "23:59"}
	if end, err := time.Parse(time.DateOnly, act.EndsOn); err == nil {
		sf.ClosesDate = end.AddDate(0, 0, 14).Format(time.DateOnly)
	}
	if posted != nil {
		sf = *posted
	}
	sf.Kinds = []ui.Option{{Value: string(SurveySatisfaction), Label: l.T("learning.survey.kind.satisfaction")},
		{Value: string(SurveyFollowUp), Label: l.T("learning.survey.kind.followup")}}
	return sf
}

func orDefault(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// manageMoment reads a date (YYYY-MM-DD) and a time (HH:MM; blankRecord: dflt) in
// loc. ok is false when the date is blankRecord; bad is true when what is
// typed is not a date and time.
func manageMoment(date, clock, dflt string, loc *time.Location) (t time.Time, ok, bad bool) {
	date, clock = strings.TrimSpace(date), strings.TrimSpace(clock)
	if date == "" {
		return time.Time{}, false, false
	}
	t, err := time.ParseInLocation("2006-01-02 15:04", date+" "+orDefault(clock, dflt), loc)
	if err != nil {
		return time.Time{}, false, true
	}
	return t, true, false
}

// manageActivityFor reads the activity of a form's route, for its time zone.
func (w *Web) manageActivityFor(rw http.ResponseWriter, r *http.Request) (training.Activity, bool) {
	id := r.PathValue("id")
	if !core.ValidID(id) {
		w.fail(rw, r, notFound("activity"))
		return training.Activity{}, false
	}
	if err := ui.ParseForm(rw, r); err != nil {
		w.fail(rw, r, err)
		return training.Activity{}, false
	}
	act, err := w.svc.training.Activity(r.Context(), id, "")
	if err != nil {
		w.fail(rw, r, err)
		return act, false
	}
	return act, true
}

// testCreate sets the test of the form (Service.CreateTest): kind, form,
// window in the activity's time zone and the questions ticked, in the
// bank's order. Refused input shows the page again with the form as
// typed and the messages (422); nothing is written.
func (w *Web) testCreate(rw http.ResponseWriter, r *http.Request) {
	act, ok := w.manageActivityFor(rw, r)
	if !ok {
		return
	}
	l, f := localizer(r), r.PostForm
	tf := manageTestForm{Kind: f.Get("kind"), Form: f.Get("form"), OpensDate: f.Get("opens_date"), OpensTime: f.Get("opens_time"),
		ClosesDate: f.Get("closes_date"), ClosesTime: f.Get("closes_time"), chosen: f["question_ids"]}
	in := TestInput{Kind: TestKind(tf.Kind), Form: tf.Form, QuestionIDs: tf.chosen}
	fe := &ui.FormErrors{}
	zone := zoneOf(act)
	var bad bool
	if in.OpensAt, _, bad = manageMoment(tf.OpensDate, tf.OpensTime, "00:00", zone); bad {
		fe.Add("opens_date", l.T("learning.manage.error.moment"))
	}
	if in.ClosesAt, _, bad = manageMoment(tf.ClosesDate, tf.ClosesTime, "23:59", zone); bad {
		fe.Add("closes_date", l.T("learning.manage.error.moment"))
	}
	if fe.Any() {
		w.renderActivity(rw, r, act.ID, http.StatusUnprocessableEntity, manageState{test: &tf}, fe)
		return
	}
	_, err := w.svc.CreateTest(r.Context(), act.ID, in)
	switch {
	case ui.HasFields(err):
		w.renderActivity(rw, r, act.ID, api.StatusOf(err), manageState{test: &tf}, manageErrors(l, err, manageTestFields, "learning.manage.test.not_set"))
	case err != nil:
		w.fail(rw, r, err)
	default:
		ui.SeeOther(rw, r, ui.Done(managePageURL(act.ID), "test_set"))
	}
}

// surveyCreate opens the survey of the form (Service.OpenSurvey).
// Refused input shows the page again with the form as typed (422).
func (w *Web) surveyCreate(rw http.ResponseWriter, r *http.Request) {
	act, ok := w.manageActivityFor(rw, r)
	if !ok {
		return
	}
	l, f := localizer(r), r.PostForm
	sf := manageSurveyForm{Kind: f.Get("survey_kind"), OpensDate: f.Get("survey_opens_date"), OpensTime: f.Get("survey_opens_time"),
		ClosesDate: f.Get("survey_closes_date"), ClosesTime: f.Get("survey_closes_time")}
	in := SurveyInput{Kind: SurveyKind(sf.Kind)}
	fe := &ui.FormErrors{}
	zone := zoneOf(act)
	var bad bool
	if in.OpensAt, _, bad = manageMoment(sf.OpensDate, sf.OpensTime, "00:00", zone); bad {
		fe.Add("survey_opens_date", l.T("learning.manage.error.moment"))
	}
	if in.ClosesAt, _, bad = manageMoment(sf.ClosesDate, sf.ClosesTime, "23:59", zone); bad {
		fe.Add("survey_closes_date", l.T("learning.manage.error.moment"))
	}
	if fe.Any() {
		w.renderActivity(rw, r, act.ID, http.StatusUnprocessableEntity, manageState{survey: &sf}, fe)
		return
	}
	_, err := w.svc.OpenSurvey(r.Context(), act.ID, in)
	switch {
	case ui.HasFields(err):
		w.renderActivity(rw, r, act.ID, api.StatusOf(err), manageState{survey: &sf}, manageErrors(l, err, manageSurveyFields, "learning.manage.survey.not_opened"))
	case err != nil:
		w.fail(rw, r, err)
	default:
		ui.SeeOther(rw, r, ui.Done(managePageURL(act.ID), "survey_opened"))
	}
}

// completionSave sets the completion conditions of the form
// (Service.SetCompletion): the post-test taken, its lowest score (blankRecord:
// none), the satisfaction survey answered.
func (w *Web) completionSave(rw http.ResponseWriter, r *http.Request) {
	act, ok := w.manageActivityFor(rw, r)
	if !ok {
		return
	}
	l, f := localizer(r), r.PostForm
	cf := manageCompletionForm{PostTest: f.Get("post_test") == "true", Survey: f.Get("survey") == "true", MinScore: strings.TrimSpace(f.Get("min_post_score"))}
	in := CompletionInput{PostTest: cf.PostTest, Survey: cf.Survey}
	if cf.MinScore != "" {
		score, ok := scoreInput(cf.MinScore)
		if !ok {
			fe := &ui.FormErrors{}
			fe.Add("min_post_score", l.T("learning.manage.error.score_number"))
			w.renderActivity(rw, r, act.ID, http.StatusUnprocessableEntity, manageState{completion: &cf}, fe)
			return
		}
		in.MinPostScore = &score
	}
	_, err := w.svc.SetCompletion(r.Context(), act.ID, in)
	switch {
	case ui.HasFields(err):
		w.renderActivity(rw, r, act.ID, api.StatusOf(err), manageState{completion: &cf},
			manageErrors(l, err, manageCompletionFields, "learning.manage.completion.not_saved"))
	case err != nil:
		w.fail(rw, r, err)
	default:
		ui.SeeOther(rw, r, ui.Done(managePageURL(act.ID), "completion_saved"))
	}
}

// ===================================================================
// Paper scores: /learning/tests/{id}/scores
// ===================================================================

// scoresPageData is .Page.Data of learning/scores.html.
type scoresPageData struct {
	ID, Title, Course, Dates, ActivityURL, ManageURL string
	TestURL, ResultsURL, DownloadURL                 string
	Entered                                          string // "3 of 12 have a score"
	Rows                                             []scoresRowView
	Editable                                         int // rows with an input
	File                                             *scoresFileReport
	MaxRows                                          string
	StyleURL                                         string
}

// scoresRowView is one participant on the score sheet.
type scoresRowView struct {
	PersonID, Name, Country string
	Field, Label            string // the input's name, its label
	Value                   string // as typed, or the paper score
	State                   string // "On paper", "Online: 66.7%", "Answers saved online", ""
	Online                  bool   // submitted online: no input
}

// scoresFileReport is the outcome of a scores file that was refused.
type scoresFileReport struct {
	Name   string
	Errors []scoresFileError
}

type scoresFileError struct {
	Line, Message string
}

// scores shows a test's score sheet: each participant with an input for
// their paper score (those who submitted online with their score and no
// input), and the upload of a scores file (the activity's trainers,
// coordinators and admins: Service.ScoreSheet).
func (w *Web) scores(rw http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if !core.ValidID(id) {
		w.fail(rw, r, notFound("test"))
		return
	}
	sheet, err := w.svc.ScoreSheet(r.Context(), id)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	w.renderScores(rw, r, sheet, http.StatusOK, nil, nil, nil)
}

// renderScores renders the sheet; typed (person → value), after a
// refused form, shows what was typed; file the refused file's report.
func (w *Web) renderScores(rw http.ResponseWriter, r *http.Request, sheet ScoreSheet, status int, typed map[string]string, file *scoresFileReport, fe *ui.FormErrors) {
	ctx, l := r.Context(), localizer(r)
	act, err := w.svc.training.Activity(ctx, sheet.Activity.ID, l.Lang())
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	t := sheet.Test
	test := kindLabel(l, t.Kind, t.Form)
	d := scoresPageData{ID: t.ID, Title: l.T("learning.manage.scores.title", "Test", test), Course: act.CourseTitle,
		Dates: dateRange(l, act.StartsOn, act.EndsOn), ActivityURL: "/training/activities/" + act.ID, ManageURL: managePageURL(act.ID),
		TestURL: testURL(t.ID), ResultsURL: testURL(t.ID) + "/results", DownloadURL: testURL(t.ID) + "/scores.csv",
		File: file, MaxRows: l.Number(MaxScores), StyleURL: styleURL()}
	scored := 0
	for _, row := range sheet.Rows {
		v := scoresRowView{PersonID: row.PersonID, Name: row.Name, Country: row.CountryCode, Field: "score_" + row.PersonID,
			Label: l.T("learning.manage.scores.score_of", "Name", row.Name)}
		switch {
		case row.Submitted && row.Source == SourceOnline:
			v.Online = true
			if row.Score != nil {
				v.State = l.T("learning.manage.scores.online", "Score", scoreText(l, *row.Score))
			}
		case row.Submitted:
			v.State = l.T("learning.source.paper")
			if row.Score != nil {
				v.Value = scoreInputText(l, *row.Score)
			}
		case row.Draft:
			v.State = l.T("learning.manage.scores.draft")
		}
		if row.Submitted {
			scored++
		}
		if typed != nil && !v.Online {
			v.Value = typed[row.PersonID]
		}
		if !v.Online {
			d.Editable++
		}
		d.Rows = append(d.Rows, v)
	}
	d.Entered = l.T("learning.manage.scores.entered", "Scored", l.Number(scored), "Total", l.Number(len(sheet.Rows)))
	w.render.Render(rw, r, status, "learning/scores.html", ui.Page{
		Title: d.Title, Section: "training", Data: d, Errors: fe, Flash: manageFlashes.Message(r),
		Breadcrumbs: []ui.Crumb{{Label: l.T("learning.crumb.activities"), URL: "/training/activities"},
			{Label: act.CourseTitle + " (" + d.Dates + ")", URL: d.ActivityURL},
			{Label: l.T("learning.manage.activity.title"), URL: d.ManageURL}, {Label: d.Title}},
	})
}

// scoresSave enters the scores typed on the sheet (Service.EnterScores,
// all or nothing): each input that is not blankRecord. A score that is not a
// number, or one the Service refuses, is named beside its participant's
// input (422), and nothing is written.
func (w *Web) scoresSave(rw http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if !core.ValidID(id) {
		w.fail(rw, r, notFound("test"))
		return
	}
	if err := ui.ParseForm(rw, r); err != nil {
		w.fail(rw, r, err)
		return
	}
	ctx, l := r.Context(), localizer(r)
	sheet, err := w.svc.ScoreSheet(ctx, id)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	// Each participant by name, and whether the sheet has an input for
	// them (not for those who submitted online).
	names, inputs := map[string]string{}, map[string]bool{}
	var people []string
	for _, row := range sheet.Rows {
		names[row.PersonID] = row.Name
		inputs[row.PersonID] = !(row.Submitted && row.Source == SourceOnline)
		people = append(people, row.PersonID)
	}
	// The inputs in the sheet's order, then any other (a crafted form,
	// which the Service refuses: not a participant, or submitted online).
	var others []string
	for k := range r.PostForm {
		if p, ok := strings.CutPrefix(k, "score_"); ok && !inputs[p] && core.ValidID(p) {
			others = append(others, p)
		}
	}
	slices.Sort(others)
	people = append(people, others...)

	typed := map[string]string{}
	fe := &ui.FormErrors{}
	var in []ScoreInput
	for _, p := range people {
		v := strings.TrimSpace(r.PostForm.Get("score_" + p))
		typed[p] = v
		if v == "" {
			continue
		}
		score, ok := scoreInput(v)
		if !ok {
			scoresRowError(l, fe, names, inputs, p, l.T("learning.manage.error.score_number"))
			continue
		}
		in = append(in, ScoreInput{PersonID: p, Score: score})
	}
	if fe.Any() {
		fe.Summary = strings.TrimSpace(l.T("learning.manage.scores.not_saved") + " " + fe.Summary)
		w.renderScores(rw, r, sheet, http.StatusUnprocessableEntity, typed, nil, fe)
		return
	}
	_, err = w.svc.EnterScores(ctx, id, in)
	switch {
	case ui.HasFields(err):
		fe := &ui.FormErrors{}
		for _, f := range core.AsError(err).Fields {
			if i, ok := scoresIndex(f.Field); ok && i < len(in) {
				scoresRowError(l, fe, names, inputs, in[i].PersonID, manageMessage(l, f))
			} else {
				fe.Summary += " " + manageMessage(l, f)
			}
		}
		fe.Summary = strings.TrimSpace(l.T("learning.manage.scores.not_saved") + " " + fe.Summary)
		w.renderScores(rw, r, sheet, api.StatusOf(err), typed, nil, fe)
	case err != nil:
		w.fail(rw, r, err)
	default:
		ui.SeeOther(rw, r, ui.Done(scoresPageURL(id), "scores_saved"))
	}
}

// scoresRowError adds msg about person p to fe, naming them: beside
// their input, or in the summary when the sheet has none for them (a
// crafted form).
func scoresRowError(l *i18n.Localizer, fe *ui.FormErrors, names map[string]string, inputs map[string]bool, p, msg string) {
	name, ok := names[p]
	if !ok {
		name = l.T("learning.manage.scores.someone")
	}
	msg = l.T("learning.manage.scores.row_error", "Name", name, "Message", msg)
	switch {
	case !inputs[p]:
		fe.Summary += " " + msg
	case fe.Get("score_"+p) == "":
		fe.Add("score_"+p, msg)
	}
}

// scoresIndex reads i from the Service's field "scores[i].…".
func scoresIndex(field string) (int, bool) {
	rest, ok := strings.CutPrefix(field, "scores[")
	if !ok {
		return 0, false
	}
	end := strings.IndexByte(rest, ']')
	if end < 0 {
		return 0, false
	}
	i, err := strconv.Atoi(rest[:end])
	return i, err == nil && i >= 0
}

// scoresUpload enters the scores of an uploaded file (ParseScoresCSV,
// then Service.EnterScores: all or nothing). A file that is wrong
// anywhere is refused with every error and the line it is on (422), and
// nothing is written.
func (w *Web) scoresUpload(rw http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if !core.ValidID(id) {
		w.fail(rw, r, notFound("test"))
		return
	}
	ctx, l := r.Context(), localizer(r)
	// Who may not enter the scores learns nothing from their file.
	sheet, err := w.svc.ScoreSheet(ctx, id)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	refuse := func(status int, file *scoresFileReport, msg string) {
		fe := &ui.FormErrors{}
		fe.Add("file", msg)
		if status == http.StatusRequestEntityTooLarge && r.Header.Get("HX-Request") == "true" {
			status = http.StatusUnprocessableEntity // htmx swaps 422s, not 413s
		}
		w.renderScores(rw, r, sheet, status, nil, file, fe)
	}
	r.Body = http.MaxBytesReader(rw, r.Body, MaxScoresFileBytes+ui.MaxFormBytes)
	err = r.ParseMultipartForm(MaxScoresFileBytes + ui.MaxFormBytes)
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		refuse(http.StatusRequestEntityTooLarge, nil, l.T("learning.manage.csv.too_large", "Max", l.Number(MaxScoresFileBytes>>20)))
		return
	case errors.Is(err, http.ErrNotMultipart):
		refuse(http.StatusUnprocessableEntity, nil, l.T("learning.manage.csv.no_file"))
		return
	case err != nil:
		w.fail(rw, r, core.Errorf(core.Invalid, "malformed upload: %v", err))
		return
	}
	defer r.MultipartForm.RemoveAll()
	file, head, err := r.FormFile("file")
	if err != nil {
		refuse(http.StatusUnprocessableEntity, nil, l.T("learning.manage.csv.no_file"))
		return
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, MaxScoresFileBytes+1))
	switch {
	case err != nil:
		w.fail(rw, r, core.Errorf(core.Invalid, "unreadable upload: %v", err))
		return
	case len(data) > MaxScoresFileBytes:
		refuse(http.StatusRequestEntityTooLarge, nil, l.T("learning.manage.csv.too_large", "Max", l.Number(MaxScoresFileBytes>>20)))
		return
	case len(data) == 0:
		refuse(http.StatusUnprocessableEntity, nil, l.T("learning.manage.csv.no_file"))
		return
	}
	report := &scoresFileReport{Name: head.Filename}
	lines, errs := ParseScoresCSV(data)
	for _, e := range errs {
		report.Errors = append(report.Errors, scoresFileErrorOf(l, e))
	}

	// Who each line names: a person id, else the seat holder with the
	// e-mail address.
	var emails []string
	for _, ln := range lines {
		if ln.PersonID == "" {
			emails = append(emails, ln.Email)
		}
	}
	byEmail, err := w.svc.SeatsByEmail(ctx, id, emails)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	in := make([]ScoreInput, 0, len(lines))
	for _, ln := range lines {
		p := ln.PersonID
		if p == "" {
			if p = byEmail[strings.ToLower(ln.Email)]; p == "" {
				report.Errors = append(report.Errors, scoresFileErrorOf(l, LineError{Line: ln.Line, Code: "unknown_email"}))
				continue
			}
		}
		in = append(in, ScoreInput{PersonID: p, Score: ln.Score})
	}
	if len(report.Errors) == 0 {
		_, err = w.svc.EnterScores(ctx, id, in)
		switch {
		case ui.HasFields(err):
			for _, f := range core.AsError(err).Fields {
				e := scoresFileError{Message: manageMessage(l, f)}
				if i, ok := scoresIndex(f.Field); ok && i < len(lines) {
					e.Line = l.Number(lines[i].Line)
				}
				report.Errors = append(report.Errors, e)
			}
		case err != nil:
			w.fail(rw, r, err)
			return
		default:
			ui.SeeOther(rw, r, ui.Done(scoresPageURL(id), "file_saved"))
			return
		}
	}
	slices.SortStableFunc(report.Errors, func(a, b scoresFileError) int { return scoresLineOrder(a.Line) - scoresLineOrder(b.Line) })
	refuse(http.StatusUnprocessableEntity, report, l.N("learning.manage.csv.refused", len(report.Errors)))
}

// scoresLineOrder orders the errors of a file by line (the file as a whole
// first), whatever digits the language writes.
func scoresLineOrder(s string) int {
	n := 0
	for _, c := range s {
		if c >= '0' && c <= '9' {
			n = n*10 + int(c-'0')
		}
	}
	return n
}

// scoresFileErrorOf localises an error of a scores file.
func scoresFileErrorOf(l *i18n.Localizer, e LineError) scoresFileError {
	fe := scoresFileError{Message: l.T("learning.manage.csv.error."+e.Code, "Param", e.Param, "Max", l.Number(MaxScores), "Column", e.Param)}
	if e.Line > 0 {
		fe.Line = l.Number(e.Line)
	}
	return fe
}

// scoresDownload sends the score sheet as a scores file to fill in:
// person_id, name, country, score (paper scores as entered, blankRecord
// otherwise) and online_score (a score submitted online, which the file
// cannot change), for the same readers as the sheet. Uploaded back, its
// lines without a score are skipped.
func (w *Web) scoresDownload(rw http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if !core.ValidID(id) {
		w.fail(rw, r, notFound("test"))
		return
	}
	sheet, err := w.svc.ScoreSheet(r.Context(), id)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	rows := make([][]string, 0, len(sheet.Rows))
	for _, row := range sheet.Rows {
		var paper, online string
		if row.Submitted && row.Score != nil {
			s := strconv.FormatFloat(*row.Score, 'f', -1, 64)
			if row.Source == SourceOnline {
				online = s
			} else {
				paper = s
			}
		}
		rows = append(rows, []string{row.PersonID, row.Name, row.CountryCode, paper, online})
	}
	name := "scores-" + string(sheet.Test.Kind)
	if sheet.Test.Form != "" {
		name += "-" + strings.ToLower(sheet.Test.Form)
	}
	h := rw.Header()
	h.Set("Content-Type", tabular.ContentType(tabular.CSV))
	h.Set("Content-Disposition", `attachment; filename="`+name+`.csv"`)
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	_ = tabular.Write(rw, tabular.CSV, []string{ColPersonID, "name", "country", ColScore, "online_score"}, rows)
}
