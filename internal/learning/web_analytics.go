package learning

import (
	"bytes"
	"cmp"
	"context"
	"log/slog"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/topcop-platform/topcop/internal/api"
	"github.com/topcop-platform/topcop/internal/i18n"
	"github.com/topcop-platform/topcop/internal/tabular"
	"github.com/topcop-platform/topcop/internal/training"
	"github.com/topcop-platform/topcop/internal/ui"
)

// The learning results pages (issue 9 item 4): /learning/analytics, the
// portfolio's figures with the API's filters (a GET form), charts and the
// table of activities (sortable, 50 a page); /learning/analytics/
// activities/{id}, one activity's figures and charts; and each of their
// tables as CSV or XLSX (…/export?table=…&file=csv|xlsx, with the
// filters). Pages and files take their figures from the same Service
// calls as the API, so they have its scope and suppression: a suppressed
// figure reads "fewer than 5", never 0. The figures are cached by the
// Service; the pages are rendered per request (the audit records a read
// each time).

// analyticsRoutes registers the results pages on mux (web.go's Routes
// calls it).
func (w *Web) analyticsRoutes(mux ui.Router) {
	mux.HandleFunc("GET /learning/analytics", analyticsReaders, w.portfolioPage)
	mux.HandleFunc("GET /learning/analytics/export", analyticsReaders, w.portfolioExport)
	mux.HandleFunc("GET /learning/analytics/activities/{id}", analyticsReaders, w.activityAnalyticsPage)
	mux.HandleFunc("GET /learning/analytics/activities/{id}/export", analyticsReaders, w.activityAnalyticsExport)
}

const (
	analyticsURL = "/learning/analytics"
	// analyticsPageSize is the activities of the table on one page.
	analyticsPageSize = 50
)

func activityAnalyticsURL(id string) string { return analyticsURL + "/activities/" + id }

// analyticsFilterFields are the filter's inputs, named as the service's
// fields.
var analyticsFilterFields = map[string]string{"from": "from", "to": "to", "country": "country", "area": "area", "format": "format", "level": "level"}

// analyticsData is .Page.Data of learning/analytics.html, for the
// portfolio (Portfolio) or one activity.
type analyticsData struct {
	Portfolio bool
	// Ready says there are figures to show (not with a bad filter).
	Ready bool
	// The filter form.
	From, To, Country, Area, Format, Level string
	Countries, Formats, Levels             []ui.Option
	Areas                                  []anOptionGroup
	// One activity.
	ActivityURL, Dates, StatusLabel, StatusClass string
	// What the figures are.
	Notes   []string
	Figures []anFigure
	Charts  []anChart
	// The table of activities (portfolio): a page of rows.
	Rows                []anRow
	Sort                string
	Next, Prev          string
	Start, Shown, Total int
	Downloads           []anDownload
}

// anOptionGroup is an <optgroup> of a select.
type anOptionGroup struct {
	Label   string
	Options []ui.Option
}

// anFigure is one headline figure: its value and its n, as text.
type anFigure struct {
	ID, Label, Value, N string
	Suppressed          bool
}

// anCell is one figure of the table, with its n.
type anCell struct {
	Value, N   string
	Suppressed bool
}

// anRow is one activity of the table.
type anRow struct {
	ID, URL, Dates, Code, Title string
	StatusLabel, StatusClass    string
	Participants, Completed     anCell
	Pre, Post, Gain             anCell
	Satisfaction, Application   anCell
}

// anDownload is one table that can be downloaded, and its two files.
type anDownload struct {
	Label, CSV, XLSX string
}

// --- numbers as the UI language writes them ---

// anDecimal is x with places decimals, with the language's decimal
// separator (a comma but in English).
func anDecimal(l *i18n.Localizer, x float64, places int) string {
	s := strconv.FormatFloat(x, 'f', places, 64)
	if l.Lang() != "en" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// anTexts are the words a figure is shown with in one language.
type anTexts struct {
	l             *i18n.Localizer
	fewer, none   string
	suppressedSet []string
}

func newAnTexts(l *i18n.Localizer, suppressed []string) anTexts {
	return anTexts{l: l, fewer: l.T("learning.analytics.fewer"), none: l.T("learning.analytics.none"), suppressedSet: suppressed}
}

// hidden reports whether the figure named name was suppressed.
func (t anTexts) hidden(name string) bool { return slices.Contains(t.suppressedSet, name) }

// count is a count, "fewer than 5" when suppressed, "—" when absent.
func (t anTexts) count(p *int, name string) (string, bool) {
	switch {
	case p != nil:
		return t.l.Number(*p), false
	case t.hidden(name):
		return t.fewer, true
	}
	return t.none, false
}

// nText is "n = 14" for a count, suppressed or absent as count.
func (t anTexts) nText(p *int, name string) string {
	s, _ := t.count(p, name)
	return t.l.T("learning.analytics.n", "N", s)
}

// value formats x as format does, suppressed or absent as count.
func (t anTexts) value(x *float64, name string, format func(float64) string) (string, bool) {
	switch {
	case x != nil:
		return format(*x), false
	case t.hidden(name):
		return t.fewer, true
	}
	return t.none, false
}

// Formats of the figures: scores to one decimal, gains to three (as the
// API gives them), rates as percentages, satisfaction out of 5.
func (t anTexts) mean(x float64) string    { return anDecimal(t.l, x, 1) }
func (t anTexts) gain(x float64) string    { return anDecimal(t.l, x, 3) }
func (t anTexts) percent(x float64) string { return scoreText(t.l, x) }
func (t anTexts) likert(x float64) string {
	return t.l.T("learning.analytics.out_of_5", "Mean", anDecimal(t.l, x, 2))
}

// --- labels ---

// anStatusLabel names an activity's status (training's catalogue).
func anStatusLabel(l *i18n.Localizer, s training.Status) string {
	if !s.Valid() {
		return string(s)
	}
	return l.T("training.status." + string(s))
}

// anStatusClass is the badge colour of a status (the badge says its
// name too), as training's lists show it.
func anStatusClass(s training.Status) string {
	switch s {
	case training.StatusCallOpen, training.StatusSelection:
		return "badge-gold"
	case training.StatusConfirmed, training.StatusDelivered:
		return "badge-green"
	case training.StatusCancelled:
		return "badge-red"
	}
	return "badge-grey"
}

// anAgencyType names an agency type (the directory's catalogue).
func anAgencyType(l *i18n.Localizer, t string) string {
	switch {
	case t == "other":
		return l.T("dir.agency_type.other_type")
	case l.Has("dir.agency_type." + t):
		return l.T("dir.agency_type." + t)
	}
	return t
}

// anSex names a sex as the breakdowns key it (female, male,
// unspecified: "not recorded").
func anSex(l *i18n.Localizer, s string) string {
	if s == "female" || s == "male" {
		return l.T("dir.sex." + s)
	}
	return l.T("dir.sex.not_recorded")
}

// anRegionNames memoises country names per language and code (CLDR, through
// golang.org/x/text): a bounded set that does not change while the
// process runs.
var anRegionNames sync.Map

// anCountry is a country's name in the UI language, else its English
// name from the directory, else its code.
func anCountry(l *i18n.Localizer, code, nameEN string) string {
	key := l.Lang() + "\x00" + code
	if n, ok := anRegionNames.Load(key); ok {
		return n.(string)
	}
	n := nameEN
	if r, err := language.ParseRegion(code); err == nil && code != "EU" {
		if s := display.Regions(language.Make(l.Lang())).Name(r); s != "" {
			n = s
		}
	}
	if n == "" {
		n = code
	}
	anRegionNames.Store(key, n)
	return n
}

// anArea is a crime area's name in the UI language (training's
// catalogue), else its English name.
func anArea(l *i18n.Localizer, a training.CrimeArea) string {
	key := "training.area." + strings.ReplaceAll(strings.ToLower(a.Code), "-", "_")
	if l.Has(key) {
		return l.T(key)
	}
	return a.NameEN
}

// --- the filter ---

// anFilterOf reads the filter of the request's query.
func anFilterOf(q url.Values) PortfolioFilter {
	return PortfolioFilter{From: strings.TrimSpace(q.Get("from")), To: strings.TrimSpace(q.Get("to")),
		Country: strings.ToUpper(strings.TrimSpace(q.Get("country"))), Area: strings.ToUpper(strings.TrimSpace(q.Get("area"))),
		Format: training.Format(q.Get("format")), Level: training.Level(q.Get("level"))}
}

// anFilterQuery is f as a query, for links that keep it.
func anFilterQuery(f PortfolioFilter) url.Values {
	q := url.Values{}
	for k, v := range map[string]string{"from": f.From, "to": f.To, "country": f.Country, "area": f.Area, "format": string(f.Format), "level": string(f.Level)} {
		if v != "" {
			q.Set(k, v)
		}
	}
	return q
}

// anCycles are the cycles of the crime areas, the latest first, and
// their catalogue keys (training.cycle.<key>).
var anCycles = []struct{ code, key string }{{training.Cycle2026, "c2026"}, {training.Cycle2022, "c2022"}, {training.CycleEmerging, "emerging"}}

// analyticsFilterOptions fills the filter form's choices.
func (w *Web) analyticsFilterOptions(ctx context.Context, l *i18n.Localizer, d *analyticsData) error {
	countries, err := w.svc.analyticsCountries(ctx)
	if err != nil {
		return err
	}
	d.Countries = []ui.Option{{Value: "", Label: l.T("learning.analytics.any_country")}}
	for _, c := range countries {
		d.Countries = append(d.Countries, ui.Option{Value: c.code, Label: anCountry(l, c.code, c.nameEN)})
	}
	areas, err := w.svc.training.Areas(ctx)
	if err != nil {
		return err
	}
	d.Areas = []anOptionGroup{{Options: []ui.Option{{Value: "", Label: l.T("learning.analytics.any_area")}}}}
	for _, cycle := range anCycles {
		g := anOptionGroup{Label: l.T("training.cycle." + cycle.key)}
		for _, a := range areas {
			// An area of several cycles is listed under the latest.
			if i := slices.IndexFunc(anCycles, func(c struct{ code, key string }) bool { return slices.Contains(a.Cycles, c.code) }); i >= 0 &&
				anCycles[i].code == cycle.code {
				g.Options = append(g.Options, ui.Option{Value: a.Code, Label: anArea(l, a)})
			}
		}
		if len(g.Options) > 0 {
			d.Areas = append(d.Areas, g)
		}
	}
	d.Formats = ui.Options(l.T("learning.analytics.any_format"), []training.Format{training.FormatResidential, training.FormatOnline,
		training.FormatWebinar, training.FormatTrainTrainers, training.FormatMultiplication, training.FormatExchange, training.FormatMentoring},
		func(f training.Format) string { return l.T("training.format." + string(f)) })
	d.Levels = ui.Options(l.T("learning.analytics.any_level"), []training.Level{training.LevelAwareness, training.LevelBasic,
		training.LevelAdvanced, training.LevelSpecialised}, func(v training.Level) string { return l.T("training.level." + string(v)) })
	return nil
}

// --- the pages ---

// portfolioPage shows the portfolio's figures as the actor may see them
// (Service.Portfolio), filtered by the form; a bad filter shows the form
// with its errors (422) and no figures.
func (w *Web) portfolioPage(rw http.ResponseWriter, r *http.Request) {
	ctx, l, q := r.Context(), localizer(r), r.URL.Query()
	f := anFilterOf(q)
	d := analyticsData{Portfolio: true, From: f.From, To: f.To, Country: f.Country, Area: f.Area, Format: string(f.Format), Level: string(f.Level)}
	page := ui.Page{Title: l.T("learning.analytics.title"), Section: "learning-results",
		Breadcrumbs: []ui.Crumb{{Label: l.T("learning.analytics.title")}}}
	status := http.StatusOK
	p, err := w.svc.Portfolio(ctx, f)
	switch {
	case ui.HasFields(err):
		status, page.Errors = api.StatusOf(err), ui.Errors(l, err, analyticsFilterFields, fieldKeys, "learning.analytics.bad_filter")
	case err != nil:
		w.fail(rw, r, err)
		return
	default:
		d.Ready = true
		w.analyticsPortfolioView(l, q, p, &d)
	}
	if err := w.analyticsFilterOptions(ctx, l, &d); err != nil {
		w.fail(rw, r, err)
		return
	}
	page.Data = d
	w.render.Render(rw, r, status, "learning/analytics.html", page)
}

// analyticsPortfolioView fills d with the portfolio's figures, charts, a
// page of its table and the downloads.
func (w *Web) analyticsPortfolioView(l *i18n.Localizer, q url.Values, p Portfolio, d *analyticsData) {
	d.Notes = anNotes(l, p.View, p.SurveyScope)
	d.Figures = anFigures(l, p.Figures, p.SurveyScope)
	d.Charts = anCharts(l, p.Figures, p.Breakdowns, p.SurveyScope, anCountryNames(l))
	d.Sort = q.Get("sort")
	if _, ok := anRowOrders[strings.TrimPrefix(d.Sort, "-")]; !ok {
		d.Sort = "start"
	}
	rows := make([]*PortfolioRow, len(p.Activities))
	for i := range p.Activities {
		rows[i] = &p.Activities[i]
	}
	anSortRows(rows, d.Sort)
	start, _ := strconv.Atoi(q.Get("cursor"))
	start = max(0, min(start, len(rows)))
	end := min(start+analyticsPageSize, len(rows))
	t := anTexts{l: l, fewer: l.T("learning.analytics.fewer"), none: l.T("learning.analytics.none")}
	for _, row := range rows[start:end] {
		d.Rows = append(d.Rows, anRowOf(t, *row))
	}
	d.Total, d.Shown, d.Start = len(rows), end-start, start+1
	if end < len(rows) {
		d.Next = strconv.Itoa(end)
	}
	if start > 0 {
		d.Prev = strconv.Itoa(max(0, start-analyticsPageSize))
	}
	fq := anFilterQuery(p.Filter)
	tables := []string{"figures", "activities", "country", "agency_type", "sex"}
	if p.SurveyScope != SurveysWithheld {
		tables = append(tables, "satisfaction")
	}
	d.Downloads = anDownloads(l, analyticsURL+"/export", fq, tables)
}

// activityAnalyticsPage shows one activity's figures as the actor may
// see them (Service.ActivityAnalytics).
func (w *Web) activityAnalyticsPage(rw http.ResponseWriter, r *http.Request) {
	ctx, l := r.Context(), localizer(r)
	a, err := w.svc.ActivityAnalytics(ctx, r.PathValue("id"))
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	d := analyticsData{Ready: true, ActivityURL: "/training/activities/" + a.ActivityID, Dates: dateRange(l, a.StartsOn, a.EndsOn),
		StatusLabel: anStatusLabel(l, a.Status), StatusClass: anStatusClass(a.Status)}
	d.Notes = anNotes(l, a.View, a.SurveyScope)
	d.Figures = anFigures(l, a.Figures, a.SurveyScope)
	d.Charts = anCharts(l, a.Figures, a.Breakdowns, a.SurveyScope, anCountryNames(l))
	tables := []string{"figures", "country", "agency_type", "sex"}
	if a.SurveyScope != SurveysWithheld {
		tables = append(tables, "satisfaction")
	}
	d.Downloads = anDownloads(l, activityAnalyticsURL(a.ActivityID)+"/export", url.Values{}, tables)
	title := l.T("learning.analytics.activity_title", "Code", a.CourseCode, "Course", a.CourseTitle)
	w.render.Render(rw, r, http.StatusOK, "learning/analytics.html", ui.Page{Title: title, Section: "learning-results", Data: d,
		Breadcrumbs: []ui.Crumb{{Label: l.T("learning.analytics.title"), URL: analyticsURL}, {Label: a.CourseCode + " · " + d.Dates}}})
}

// anCountryNames names country codes in the UI language (the code where
// CLDR has no name).
func anCountryNames(l *i18n.Localizer) func(string) string {
	return func(code string) string { return anCountry(l, code, "") }
}

// anNotes say what the figures are: whose (the view), whose survey
// answers, and what "fewer than 5" means.
func anNotes(l *i18n.Localizer, view, surveys string) []string {
	var notes []string
	switch view {
	case ViewScoped:
		notes = append(notes, l.T("learning.analytics.note.scoped"))
	case ViewAggregate:
		notes = append(notes, l.T("learning.analytics.note.aggregate"))
	}
	switch surveys {
	case SurveysUnnarrowed:
		notes = append(notes, l.T("learning.analytics.note.unnarrowed"))
	case SurveysDelivered:
		notes = append(notes, l.T("learning.analytics.note.delivered"))
	case SurveysWithheld:
		notes = append(notes, l.T("learning.analytics.note.withheld"))
	}
	return notes
}

// anFigures are the headline figures of f.
func anFigures(l *i18n.Localizer, f Figures, surveys string) []anFigure {
	t := newAnTexts(l, f.Suppressed)
	fig := func(id, label string, value string, hidden bool, n string) anFigure {
		return anFigure{ID: id, Label: l.T("learning.analytics.figure." + label), Value: value, N: n, Suppressed: hidden}
	}
	var out []anFigure
	v, h := t.count(f.Participants, "participants")
	out = append(out, fig("participants", "participants", v, h, ""))
	v, h = t.value(f.AttendanceRate, "attendance_rate", t.percent)
	out = append(out, fig("attendance", "attendance", v, h, t.nText(f.AttendanceN, "attendance_n")))
	v, h = t.count(f.Completed, "completed")
	out = append(out, fig("completed", "completed", v, h, t.nText(f.CompletedN, "completed_n")))
	v, h = t.value(f.PreMean, "pre_mean", t.mean)
	out = append(out, fig("pre", "pre", v, h, t.nText(f.PreN, "pre_n")))
	v, h = t.value(f.PostMean, "post_mean", t.mean)
	out = append(out, fig("post", "post", v, h, t.nText(f.PostN, "post_n")))
	v, h = t.count(f.MatchedPairs, "matched_pairs")
	pairs := fig("pairs", "pairs", v, h, "")
	if f.MatchedPreMean != nil && f.MatchedPostMean != nil {
		pairs.N = l.T("learning.analytics.pairs_means", "Pre", t.mean(*f.MatchedPreMean), "Post", t.mean(*f.MatchedPostMean))
	}
	out = append(out, pairs)
	v, h = t.value(f.GainMeanIndividual, "gain_mean_individual", t.gain)
	out = append(out, fig("gain-individual", "gain_individual", v, h, t.nText(f.GainIndividualN, "gain_individual_n")))
	v, h = t.value(f.GainOfMeans, "gain_of_means", t.gain)
	out = append(out, fig("gain-of-means", "gain_of_means", v, h, t.nText(f.GainOfMeansN, "gain_of_means_n")))
	if surveys != SurveysWithheld {
		v, h = t.value(f.SatisfactionMean, "satisfaction_mean", t.likert)
		out = append(out, fig("satisfaction", "satisfaction", v, h, t.nText(f.SatisfactionN, "satisfaction_n")))
		v, h = t.value(f.ApplicationRate, "application_rate", t.percent)
		out = append(out, fig("application", "application", v, h, t.nText(f.ApplicationN, "application_n")))
	}
	return out
}

// anRowOf is one activity of the table.
func anRowOf(t anTexts, r PortfolioRow) anRow {
	t.suppressedSet = r.Suppressed
	cell := func(v string, hidden bool, n string) anCell { return anCell{Value: v, N: n, Suppressed: hidden} }
	out := anRow{ID: r.ActivityID, URL: activityAnalyticsURL(r.ActivityID), Dates: dateRange(t.l, r.StartsOn, r.EndsOn), Code: r.CourseCode,
		Title: r.CourseTitle, StatusLabel: anStatusLabel(t.l, r.Status), StatusClass: anStatusClass(r.Status)}
	v, h := t.count(r.Participants, "participants")
	out.Participants = cell(v, h, "")
	v, h = t.count(r.Completed, "completed")
	out.Completed = cell(v, h, t.nText(r.CompletedN, "completed_n"))
	v, h = t.value(r.PreMean, "pre_mean", t.mean)
	out.Pre = cell(v, h, t.nText(r.PreN, "pre_n"))
	v, h = t.value(r.PostMean, "post_mean", t.mean)
	out.Post = cell(v, h, t.nText(r.PostN, "post_n"))
	v, h = t.value(r.GainMeanIndividual, "gain_mean_individual", t.gain)
	out.Gain = cell(v, h, t.nText(r.GainIndividualN, "gain_individual_n"))
	if r.SatisfactionN != nil || t.hidden("satisfaction_n") {
		v, h = t.value(r.SatisfactionMean, "satisfaction_mean", func(x float64) string { return anDecimal(t.l, x, 2) })
		out.Satisfaction = cell(v, h, t.nText(r.SatisfactionN, "satisfaction_n"))
	} else {
		out.Satisfaction = cell(t.none, false, "")
	}
	if r.ApplicationN != nil || t.hidden("application_n") {
		v, h = t.value(r.ApplicationRate, "application_rate", t.percent)
		out.Application = cell(v, h, t.nText(r.ApplicationN, "application_n"))
	} else {
		out.Application = cell(t.none, false, "")
	}
	return out
}

// --- sorting the table ---

// anRowOrders are the table's sort keys: a value of a row (nil: none to
// compare). Rows without the value (none, or suppressed) come last in
// either direction, so that the order tells nothing about a suppressed
// figure.
var anRowOrders = map[string]func(r *PortfolioRow) *float64{
	"start":        nil,
	"course":       nil,
	"participants": func(r *PortfolioRow) *float64 { return anFloat(r.Participants) },
	"completion": func(r *PortfolioRow) *float64 {
		if r.Completed == nil || r.CompletedN == nil || *r.CompletedN == 0 {
			return nil
		}
		x := float64(*r.Completed) / float64(*r.CompletedN)
		return &x
	},
	"pre":          func(r *PortfolioRow) *float64 { return r.PreMean },
	"post":         func(r *PortfolioRow) *float64 { return r.PostMean },
	"gain":         func(r *PortfolioRow) *float64 { return r.GainMeanIndividual },
	"satisfaction": func(r *PortfolioRow) *float64 { return r.SatisfactionMean },
	"application":  func(r *PortfolioRow) *float64 { return r.ApplicationRate },
}

func anFloat(p *int) *float64 {
	if p == nil {
		return nil
	}
	x := float64(*p)
	return &x
}

// anSortRows orders rows by sort ("key" or "-key" for descending), then by
// start date and id.
func anSortRows(rows []*PortfolioRow, sort string) {
	key, desc := strings.CutPrefix(sort, "-")
	value := anRowOrders[key]
	slices.SortStableFunc(rows, func(a, b *PortfolioRow) int {
		c := 0
		switch {
		case key == "course":
			c = cmp.Or(strings.Compare(a.CourseCode, b.CourseCode), strings.Compare(a.CourseTitle, b.CourseTitle))
		case value != nil:
			x, y := value(a), value(b)
			switch {
			case x == nil && y == nil:
			case x == nil:
				return 1
			case y == nil:
				return -1
			default:
				c = cmp.Compare(*x, *y)
			}
		}
		if desc {
			c = -c
		}
		return cmp.Or(c, strings.Compare(a.StartsOn, b.StartsOn), strings.Compare(a.ActivityID, b.ActivityID))
	})
}

// --- charts ---

// anChart is a horizontal bar chart (learning/analytics.html's "chart"
// block): the ui kit's geometry (ui.NewBarChart: labels wrapped to fit a
// phone) with bars scaled to the chart's own maximum (100 for scores,
// the largest count for counts) and values written in the UI language.
// Suppressed rows have no bar, and say "fewer than 5" in their label.
// Its text alternative is the aria-label's summary and a data table,
// visually hidden until focused, with every value and its n.
type anChart struct {
	ID, Title, Summary                   string
	LabelHeading, ValueHeading, NHeading string
	Height, TextX, BarHeight             int
	Rows                                 []anChartRow
}

// anChartRow is one bar of a chart.
type anChartRow struct {
	ui.BarGeom
	Name, Shown, N string
	Suppressed     bool
}

// anChartInput is one bar before layout: its label, its value as text and
// as a number, and its n.
type anChartInput struct {
	Label, Shown, N string
	X               float64
	Suppressed      bool
}

// newAnChart lays out rows; scale is the value of a full bar (0: the
// largest value).
func newAnChart(l *i18n.Localizer, id, title, valueHeading string, scale float64, rows []anChartInput) anChart {
	fewer := l.T("learning.analytics.fewer")
	bars := make([]ui.Bar, len(rows))
	for i, r := range rows {
		label := r.Label
		if r.Suppressed {
			label = l.T("learning.analytics.chart_hidden", "Label", r.Label, "Fewer", fewer)
		}
		// The value shares the label's first line: as wide as its text.
		proxy := 0
		if !r.Suppressed {
			proxy = int(math.Pow10(min(15, max(0, utf8.RuneCountInString(r.Shown)-1))))
		}
		bars[i] = ui.Bar{Label: label, Value: proxy}
	}
	if scale == 0 {
		for _, r := range rows {
			if !r.Suppressed {
				scale = max(scale, r.X)
			}
		}
	}
	g := ui.NewBarChart(bars)
	c := anChart{ID: id, Title: title, LabelHeading: l.T("chart.label_heading"), ValueHeading: valueHeading, NHeading: l.T("learning.analytics.n_heading"),
		Height: g.Height, TextX: g.TextX, BarHeight: g.BarHeight}
	best := -1
	for i, r := range rows {
		row := anChartRow{BarGeom: g.Rows[i], Name: r.Label, Shown: r.Shown, N: r.N, Suppressed: r.Suppressed}
		row.Width = 0
		if !r.Suppressed && r.X > 0 && scale > 0 {
			row.Width = max(1, min(g.PlotWidth, int(r.X/scale*float64(g.PlotWidth))))
		}
		if r.Suppressed {
			row.Shown = fewer
		} else if best < 0 || r.X > rows[best].X {
			best = i
		}
		c.Rows = append(c.Rows, row)
	}
	if best >= 0 {
		c.Summary = l.N("chart.summary", len(rows), "Label", rows[best].Label, "Value", rows[best].Shown)
	}
	return c
}

// anCharts are the charts of a group's figures: participants by
// country, agency type and sex; pre- and post-test means; the gain by
// country; the satisfaction distribution.
func anCharts(l *i18n.Localizer, f Figures, b Breakdowns, surveys string, country func(string) string) []anChart {
	t := newAnTexts(l, f.Suppressed)
	participants := l.T("learning.analytics.chart.participants_heading")
	counts := func(cells []Cell, name func(string) string, order func([]Cell)) []anChartInput {
		cells = slices.Clone(cells)
		order(cells)
		out := make([]anChartInput, len(cells))
		for i, c := range cells {
			out[i] = anChartInput{Label: name(c.Key), Suppressed: c.Suppressed}
			if c.Count != nil {
				out[i].Shown, out[i].X = l.Number(*c.Count), float64(*c.Count)
			}
		}
		return out
	}
	// byCount puts the largest groups first and the suppressed last.
	byCount := func(cs []Cell) {
		slices.SortStableFunc(cs, func(a, b Cell) int {
			switch {
			case a.Count == nil && b.Count == nil:
				return strings.Compare(a.Key, b.Key)
			case a.Count == nil:
				return 1
			case b.Count == nil:
				return -1
			}
			return cmp.Or(cmp.Compare(*b.Count, *a.Count), strings.Compare(a.Key, b.Key))
		})
	}
	bySex := func(cs []Cell) {
		rank := func(k string) int {
			switch k {
			case "female":
				return 0
			case "male":
				return 1
			}
			return 2
		}
		slices.SortStableFunc(cs, func(a, b Cell) int { return cmp.Compare(rank(a.Key), rank(b.Key)) })
	}
	out := []anChart{
		newAnChart(l, "chart-country", l.T("learning.analytics.chart.by_country"), participants, 0, counts(b.Country, country, byCount)),
		newAnChart(l, "chart-agency", l.T("learning.analytics.chart.by_agency_type"), participants, 0,
			counts(b.AgencyType, func(k string) string { return anAgencyType(l, k) }, byCount)),
		newAnChart(l, "chart-sex", l.T("learning.analytics.chart.by_sex"), participants, 0,
			counts(b.Sex, func(k string) string { return anSex(l, k) }, bySex)),
	}
	// Means on the 0–100 scale: all scores, then the matched pairs.
	var means []anChartInput
	for _, m := range []struct {
		label  string
		x      *float64
		name   string
		n      *int
		nName  string
		hidden bool
	}{
		{"pre_all", f.PreMean, "pre_mean", f.PreN, "pre_n", false},
		{"post_all", f.PostMean, "post_mean", f.PostN, "post_n", false},
		{"pre_matched", f.MatchedPreMean, "matched_pre_mean", f.MatchedPairs, "matched_pairs", false},
		{"post_matched", f.MatchedPostMean, "matched_post_mean", f.MatchedPairs, "matched_pairs", false},
	} {
		in := anChartInput{Label: l.T("learning.analytics.chart.mean." + m.label), N: t.nText(m.n, m.nName), Suppressed: m.x == nil && t.hidden(m.name)}
		switch {
		case m.x != nil:
			in.Shown, in.X = t.mean(*m.x), *m.x
		case !in.Suppressed:
			in.Shown = t.none
		}
		means = append(means, in)
	}
	out = append(out, newAnChart(l, "chart-means", l.T("learning.analytics.chart.means"), l.T("learning.analytics.chart.mean_heading"), 100, means))
	// The gain of each country's matched pairs (0 to 1; a loss draws no bar).
	cells := slices.Clone(b.GainCountry)
	slices.SortStableFunc(cells, func(a, b GainCell) int {
		switch {
		case a.GainOfMeans == nil && b.GainOfMeans == nil:
			return strings.Compare(a.Key, b.Key)
		case a.GainOfMeans == nil:
			return 1
		case b.GainOfMeans == nil:
			return -1
		}
		return cmp.Or(cmp.Compare(*b.GainOfMeans, *a.GainOfMeans), strings.Compare(a.Key, b.Key))
	})
	var gains []anChartInput
	for _, c := range cells {
		in := anChartInput{Label: country(c.Key), Suppressed: c.Suppressed}
		if c.Pairs != nil {
			in.N = l.T("learning.analytics.n", "N", l.Number(*c.Pairs))
		} else {
			in.N = l.T("learning.analytics.n", "N", t.fewer)
		}
		switch {
		case c.GainOfMeans != nil:
			in.Shown, in.X = t.gain(*c.GainOfMeans), max(0, *c.GainOfMeans)
		case !c.Suppressed:
			in.Shown = t.none
		}
		gains = append(gains, in)
	}
	out = append(out, newAnChart(l, "chart-gain", l.T("learning.analytics.chart.gain_by_country"), l.T("learning.analytics.chart.gain_heading"), 1, gains))
	if surveys != SurveysWithheld && (f.SatisfactionN != nil || t.hidden("satisfaction_n")) {
		var sat []anChartInput
		for i := len(f.Satisfaction) - 1; i >= 0; i-- {
			c := f.Satisfaction[i]
			in := anChartInput{Label: l.T("learning.analytics.chart.rating", "Rating", c.Key, "Label", l.T("learning.survey.likert."+c.Key)),
				Suppressed: c.Suppressed}
			if c.Count != nil {
				in.Shown, in.X = l.Number(*c.Count), float64(*c.Count)
			}
			sat = append(sat, in)
		}
		out = append(out, newAnChart(l, "chart-satisfaction", l.T("learning.analytics.chart.satisfaction"), l.T("learning.analytics.chart.answers_heading"), 0, sat))
	}
	return out
}

// --- downloads ---

// anTableTitle is the name of a downloadable table.
func anTableTitle(l *i18n.Localizer, table string) string {
	return l.T("learning.analytics.table." + table)
}

// anDownloads are the links to each table's files.
func anDownloads(l *i18n.Localizer, base string, filter url.Values, tables []string) []anDownload {
	out := make([]anDownload, len(tables))
	for i, table := range tables {
		link := func(file string) string {
			q := url.Values{}
			for k, v := range filter {
				q[k] = v
			}
			q.Set("table", table)
			q.Set("file", file)
			return base + "?" + q.Encode()
		}
		out[i] = anDownload{Label: anTableTitle(l, table), CSV: link("csv"), XLSX: link("xlsx")}
	}
	return out
}

// anExportTables are the tables a download may ask for, of the portfolio
// (all) and of an activity (all but activities).
var anExportTables = []string{"figures", "activities", "country", "agency_type", "sex", "satisfaction"}

// anExportRequest reads ?table= and ?file=; a bad one is a not_found (there
// is no such file).
func anExportRequest(q url.Values, activity bool) (string, tabular.Format, error) {
	table, file := q.Get("table"), tabular.Format(q.Get("file"))
	if !slices.Contains(anExportTables, table) || (activity && table == "activities") || (file != tabular.CSV && file != tabular.XLSX) {
		return "", "", notFound("table")
	}
	return table, file, nil
}

// portfolioExport downloads one table of the portfolio as filtered
// (Service.PortfolioExport: the same scope and suppression, recorded).
func (w *Web) portfolioExport(rw http.ResponseWriter, r *http.Request) {
	ctx, l, q := r.Context(), localizer(r), r.URL.Query()
	table, file, err := anExportRequest(q, false)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	p, err := w.svc.PortfolioExport(ctx, anFilterOf(q), table)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	header, rows := anExportRows(l, table, p.Figures, p.Breakdowns, p.Activities, p.SurveyScope)
	w.sendAnalyticsTable(rw, r, file, table, header, rows)
}

// activityAnalyticsExport downloads one table of an activity's figures.
func (w *Web) activityAnalyticsExport(rw http.ResponseWriter, r *http.Request) {
	ctx, l := r.Context(), localizer(r)
	table, file, err := anExportRequest(r.URL.Query(), true)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	a, err := w.svc.ActivityAnalyticsExport(ctx, r.PathValue("id"), table)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	header, rows := anExportRows(l, table, a.Figures, a.Breakdowns, nil, a.SurveyScope)
	w.sendAnalyticsTable(rw, r, file, table, header, rows)
}

// sendAnalyticsTable writes a table as a file: CSV (UTF-8 with a byte order mark)
// or XLSX, named topcop-learning-<table>-YYYYMMDD.<ext>.
func (w *Web) sendAnalyticsTable(rw http.ResponseWriter, r *http.Request, file tabular.Format, table string, header []string, rows [][]string) {
	var buf bytes.Buffer
	if err := tabular.WriteSheet(&buf, file, anTableTitle(localizer(r), table), header, rows); err != nil {
		w.fail(rw, r, err)
		return
	}
	h := rw.Header()
	h.Set("Content-Type", tabular.ContentType(file))
	h.Set("Content-Disposition", `attachment; filename="topcop-learning-`+strings.ReplaceAll(table, "_", "-")+"-"+
		time.Now().UTC().Format("20060102")+tabular.Extension(file)+`"`)
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	rw.WriteHeader(http.StatusOK)
	if _, err := rw.Write(buf.Bytes()); err != nil {
		slog.DebugContext(r.Context(), "learning: anDownload cut short", "table", table, "err", err)
	}
}

// anExportRows are a table's header and rows in the UI language. Numbers
// are written plainly (a dot before decimals, no grouping) for
// spreadsheets; a suppressed figure reads "fewer than 5", an absent one
// is empty.
func anExportRows(l *i18n.Localizer, table string, f Figures, b Breakdowns, acts []PortfolioRow, surveys string) ([]string, [][]string) {
	fewer := l.T("learning.analytics.fewer")
	h := func(keys ...string) []string {
		out := make([]string, len(keys))
		for i, k := range keys {
			out[i] = l.T("learning.analytics.column." + k)
		}
		return out
	}
	in := func(suppressed []string) func(p *int, name string) string {
		return func(p *int, name string) string {
			switch {
			case p != nil:
				return strconv.Itoa(*p)
			case slices.Contains(suppressed, name):
				return fewer
			}
			return ""
		}
	}
	fl := func(suppressed []string) func(p *float64, name string) string {
		return func(p *float64, name string) string {
			switch {
			case p != nil:
				return strconv.FormatFloat(*p, 'f', -1, 64)
			case slices.Contains(suppressed, name):
				return fewer
			}
			return ""
		}
	}
	var rows [][]string
	switch table {
	case "figures":
		n, x := in(f.Suppressed), fl(f.Suppressed)
		add := func(key, value, count string) {
			rows = append(rows, []string{l.T("learning.analytics.figure." + key), value, count})
		}
		add("participants", n(f.Participants, "participants"), "")
		add("attendance", x(f.AttendanceRate, "attendance_rate"), n(f.AttendanceN, "attendance_n"))
		add("completed", n(f.Completed, "completed"), n(f.CompletedN, "completed_n"))
		add("pre", x(f.PreMean, "pre_mean"), n(f.PreN, "pre_n"))
		add("post", x(f.PostMean, "post_mean"), n(f.PostN, "post_n"))
		add("pairs", n(f.MatchedPairs, "matched_pairs"), "")
		add("pre_matched", x(f.MatchedPreMean, "matched_pre_mean"), n(f.MatchedPairs, "matched_pairs"))
		add("post_matched", x(f.MatchedPostMean, "matched_post_mean"), n(f.MatchedPairs, "matched_pairs"))
		add("gain_individual", x(f.GainMeanIndividual, "gain_mean_individual"), n(f.GainIndividualN, "gain_individual_n"))
		add("gain_of_means", x(f.GainOfMeans, "gain_of_means"), n(f.GainOfMeansN, "gain_of_means_n"))
		if surveys != SurveysWithheld {
			add("satisfaction", x(f.SatisfactionMean, "satisfaction_mean"), n(f.SatisfactionN, "satisfaction_n"))
			add("application", x(f.ApplicationRate, "application_rate"), n(f.ApplicationN, "application_n"))
		}
		return h("figure", "value", "n"), rows
	case "activities":
		for _, r := range acts {
			n, x := in(r.Suppressed), fl(r.Suppressed)
			rows = append(rows, []string{r.StartsOn, r.EndsOn, r.CourseCode, r.CourseTitle, anStatusLabel(l, r.Status),
				n(r.Participants, "participants"), x(r.AttendanceRate, "attendance_rate"), n(r.AttendanceN, "attendance_n"),
				n(r.Completed, "completed"), n(r.CompletedN, "completed_n"), x(r.PreMean, "pre_mean"), n(r.PreN, "pre_n"),
				x(r.PostMean, "post_mean"), n(r.PostN, "post_n"), n(r.MatchedPairs, "matched_pairs"),
				x(r.GainMeanIndividual, "gain_mean_individual"), n(r.GainIndividualN, "gain_individual_n"), x(r.GainOfMeans, "gain_of_means"),
				x(r.SatisfactionMean, "satisfaction_mean"), n(r.SatisfactionN, "satisfaction_n"), x(r.ApplicationRate, "application_rate"),
				n(r.ApplicationN, "application_n")})
		}
		return h("starts_on", "ends_on", "course_code", "course_title", "status", "participants", "attendance_rate", "attendance_n",
			"completed", "completed_n", "pre_mean", "pre_n", "post_mean", "post_n", "matched_pairs", "gain_individual", "gain_individual_n",
			"gain_of_means", "satisfaction_mean", "satisfaction_n", "application_rate", "application_n"), rows
	case "satisfaction":
		for i := len(f.Satisfaction) - 1; i >= 0; i-- {
			c := f.Satisfaction[i]
			count := fewer
			if c.Count != nil {
				count = strconv.Itoa(*c.Count)
			}
			rows = append(rows, []string{c.Key, l.T("learning.survey.likert." + c.Key), count})
		}
		return h("rating", "answer", "answers"), rows
	}
	// A breakdown: the participants of each group, and their gain.
	var cells []Cell
	var gains []GainCell
	var name func(string) string
	switch table {
	case "country":
		cells, gains, name = b.Country, b.GainCountry, func(k string) string { return anCountry(l, k, "") }
	case "agency_type":
		cells, gains, name = b.AgencyType, b.GainAgencyType, func(k string) string { return anAgencyType(l, k) }
	default:
		cells, gains, name = b.Sex, b.GainSex, func(k string) string { return anSex(l, k) }
	}
	for _, c := range cells {
		count := fewer
		if c.Count != nil {
			count = strconv.Itoa(*c.Count)
		}
		pairs, gain := "", ""
		if i := slices.IndexFunc(gains, func(g GainCell) bool { return g.Key == c.Key }); i >= 0 {
			g := gains[i]
			switch {
			case g.Suppressed:
				pairs, gain = fewer, fewer
			case g.Pairs != nil:
				pairs = strconv.Itoa(*g.Pairs)
				if g.GainOfMeans != nil {
					gain = strconv.FormatFloat(*g.GainOfMeans, 'f', -1, 64)
				}
			}
		} else {
			pairs = "0"
		}
		rows = append(rows, []string{c.Key, name(c.Key), count, pairs, gain})
	}
	return h("key", "group", "participants", "matched_pairs", "gain_of_means"), rows
}
