package training

import (
	"html/template"
	"net/http"
	"slices"
	"strings"

	"github.com/topcop-platform/topcop/internal/api"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/i18n"
	"github.com/topcop-platform/topcop/internal/ui"
)

// courseRow is a course as the pages show it.
type courseRow struct {
	Course
	// Shown is the title in the viewer's language (Lang its language when
	// that is not English), English the English one when it differs.
	Shown, Lang, English    string
	LevelLabel, FormatLabel string
	AreaNames               []string
}

func courseRowOf(l *i18n.Localizer, c Course, areas []CrimeArea) courseRow {
	row := courseRow{Course: c, Shown: c.TitleIn(l.Lang()), LevelLabel: levelLabel(l, c.Level), FormatLabel: formatLabel(l, c.Format),
		AreaNames: areaLabels(l, areas, c.Areas)}
	if row.Shown != c.Title {
		row.Lang, row.English = l.Lang(), c.Title
	}
	return row
}

// coursesData is .Page.Data of training/courses.html.
type coursesData struct {
	Q, Area, Level, Format, Target string
	// Sort is the requested order (?sort=), Order the one shown.
	Sort, Order              string
	AreaOptions              template.HTML
	Levels, Formats, Targets []ui.Option
	// Archived lists archived courses too (?archived=true); ArchivedOption
	// offers the filter to staff.
	Archived, ArchivedOption bool
	List                     core.List[courseRow]
	CanEdit                  bool
}

var courseFilterFields = map[string]string{"q": "q", "area": "area", "level": "level", "format": "format", "target_group": "target", "sort": "sort"}

// courses lists the portfolio (every signed-in actor) with a live search
// and filters by crime area (grouped by cycle), level, format and target
// group; staff may list archived courses too, with a restore button. htmx
// requests get the results region only. A bad filter re-renders with the
// error (422).
func (w *Web) courses(rw http.ResponseWriter, r *http.Request) {
	ctx, l, q := r.Context(), localizer(r), r.URL.Query()
	d := coursesData{Q: strings.TrimSpace(q.Get("q")), Area: strings.ToUpper(strings.TrimSpace(q.Get("area"))), Level: q.Get("level"),
		Format: q.Get("format"), Target: q.Get("target"), Sort: q.Get("sort"), CanEdit: w.svc.CanManage(ctx), ArchivedOption: w.svc.CanManage(ctx)}
	d.Order = cmpOr(d.Sort, SortTitle)
	d.Archived = d.ArchivedOption && q.Get("archived") == "true"
	areas, err := w.allAreas(ctx)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	list, err := w.svc.ListCourses(ctx, CourseFilter{Query: d.Q, Area: d.Area, Level: Level(d.Level), Format: Format(d.Format),
		TargetType: d.Target, IncludeArchived: d.Archived, Sort: d.Sort}, pageReqOf(r, listLimit))
	status, fe := http.StatusOK, (*ui.FormErrors)(nil)
	switch {
	case ui.HasFields(err):
		status, fe = api.StatusOf(err), formErrors(l, err, courseFilterFields)
	case err != nil:
		w.fail(rw, r, err)
		return
	}
	d.AreaOptions = areaSelect(l, areas, l.T("training.filter.any_area"), d.Area)
	d.Levels, d.Formats = levelOptions(l, l.T("training.filter.any_level")), formatOptions(l, l.T("training.filter.any_format"))
	d.Targets = agencyTypeOptions(l, l.T("training.filter.any_target"))
	d.List = core.List[courseRow]{Items: make([]courseRow, len(list.Items)), Total: list.Total, Next: list.Next, Prev: list.Prev, Start: list.Start}
	for i, c := range list.Items {
		d.List.Items[i] = courseRowOf(l, c, areas)
	}
	w.render.Render(rw, r, status, "training/courses.html", ui.Page{
		Title: l.T("training.courses.title"), Section: "courses", Data: d, Errors: fe, Flash: flashes.Message(r),
		Breadcrumbs: crumbs(l, ui.Crumb{Label: l.T("training.courses.title")}),
	})
}

// courseData is .Page.Data of training/course.html.
type courseData struct {
	courseRow
	Titles      []titleIn // the titles in every language there is one
	Targets     []string
	Paragraphs  []string
	Activities  core.List[activityRow]
	CanEdit     bool
	NewActivity string
}

type titleIn struct {
	Lang, Language, Title string
}

// course shows one course: its titles, crime areas, level, format, hours,
// outcomes and target group, and its activities (every signed-in actor);
// staff get the edit, archive and "plan an activity" buttons.
func (w *Web) course(rw http.ResponseWriter, r *http.Request) {
	ctx, l, id := r.Context(), localizer(r), r.PathValue("id")
	if err := validID(id, "course"); err != nil {
		w.fail(rw, r, err)
		return
	}
	c, err := w.svc.Course(ctx, id)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	areas, err := w.allAreas(ctx)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	d := courseData{courseRow: courseRowOf(l, c, areas), Paragraphs: paragraphs(c.Description), CanEdit: w.svc.CanManage(ctx),
		NewActivity: "/training/activities/new?course_id=" + c.ID}
	for _, lang := range Languages {
		t := c.Titles[lang]
		if lang == "en" {
			t = c.Title
		}
		if t != "" {
			d.Titles = append(d.Titles, titleIn{Lang: lang, Language: languageName(l, lang), Title: t})
		}
	}
	for _, t := range c.TargetTypes {
		d.Targets = append(d.Targets, agencyTypeLabel(l, t))
	}
	acts, err := w.svc.ListActivities(ctx, ActivityFilter{CourseID: id, Lang: l.Lang()}, core.PageRequest{Limit: embeddedLimit})
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	d.Activities = activityRows(l, acts)
	w.render.Render(rw, r, http.StatusOK, "training/course.html", ui.Page{
		Title: d.Shown, Section: "courses", Data: d, Flash: flashes.Message(r),
		Breadcrumbs: crumbs(l, ui.Crumb{Label: l.T("training.courses.title"), URL: "/training/courses"}, ui.Crumb{Label: d.Shown}),
	})
}

// courseFormData is .Page.Data of training/course_form.html.
type courseFormData struct {
	ID, Action, Cancel string
	In                 CourseInput
	Hours, Outcomes    string // as typed
	Titles             []titleField
	AreaGroups         []areaGroup
	Targets            []targetChoice
	Levels, Formats    []ui.Option
	// NewArea is the emerging threat being added from the form.
	NewArea AreaInput
}

type titleField struct {
	Name, Lang, Label, Value string
}

type targetChoice struct {
	Value, Label string
	Checked      bool
}

var courseFields = map[string]string{"code": "code", "title": "title", "titles": "titles", "crime_areas": "crime_areas",
	"level": "level", "format": "format", "learning_outcomes": "outcomes", "target_group": "target_group", "hours": "hours",
	"description": "description"}

// courseForm is a submitted course form: the input, and the number and
// text as typed (to show them again).
type courseForm struct {
	in              CourseInput
	hours, outcomes string
	newArea         AreaInput
	intent          string
}

func courseFormFrom(r *http.Request) courseForm {
	f := r.PostForm
	cf := courseForm{hours: f.Get("hours"), outcomes: f.Get("outcomes"), intent: f.Get("intent"),
		newArea: AreaInput{Code: f.Get("new_area_code"), NameEN: f.Get("new_area_name")}}
	cf.in = CourseInput{Code: f.Get("code"), Title: f.Get("title"), Titles: map[string]string{}, Areas: f["crime_areas"],
		Level: Level(f.Get("level")), Format: Format(f.Get("format")), Outcomes: lines(cf.outcomes), TargetTypes: f["target_group"],
		Hours: floatOf(cf.hours), Description: f.Get("description")}
	for _, lang := range Languages[1:] {
		if t := f.Get("title_" + lang); t != "" {
			cf.in.Titles[lang] = t
		}
	}
	return cf
}

func formOfCourse(c Course) courseForm {
	return courseForm{in: CourseInput{Code: c.Code, Title: c.Title, Titles: c.Titles, Areas: c.Areas, Level: c.Level, Format: c.Format,
		Outcomes: c.Outcomes, TargetTypes: c.TargetTypes, Hours: c.Hours, Description: c.Description, Demo: c.Demo},
		hours: numberText(c.Hours), outcomes: strings.Join(c.Outcomes, "\n")}
}

func (w *Web) renderCourseForm(rw http.ResponseWriter, r *http.Request, status int, id string, cf courseForm, fe *ui.FormErrors) {
	ctx, l := r.Context(), localizer(r)
	areas, err := w.allAreas(ctx)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	d := courseFormData{ID: id, In: cf.in, Hours: cf.hours, Outcomes: cf.outcomes, NewArea: cf.newArea,
		AreaGroups: groupAreas(l, areas, cf.in.Areas, true),
		Levels:     levelOptions(l, l.T("training.form.choose_level")), Formats: formatOptions(l, l.T("training.form.choose_format")),
		Action: "/training/courses", Cancel: "/training/courses"}
	for _, lang := range Languages[1:] {
		d.Titles = append(d.Titles, titleField{Name: "title_" + lang, Lang: lang, Value: cf.in.Titles[lang],
			Label: l.T("training.course.title_in", "Language", languageName(l, lang))})
	}
	for _, t := range agencyTypeOptions(l, "") {
		d.Targets = append(d.Targets, targetChoice{Value: t.Value, Label: t.Label, Checked: slices.Contains(cf.in.TargetTypes, t.Value)})
	}
	title := l.T("training.course.new_title")
	trail := []ui.Crumb{{Label: l.T("training.courses.title"), URL: "/training/courses"}}
	if id != "" {
		d.Action, d.Cancel = "/training/courses/"+id, "/training/courses/"+id
		title = l.T("training.course.edit_title")
		trail = append(trail, ui.Crumb{Label: cf.in.Title, URL: d.Cancel})
	}
	w.render.Render(rw, r, status, "training/course_form.html", ui.Page{
		Title: title, Section: "courses", Data: d, Errors: fe,
		Breadcrumbs: crumbs(l, append(trail, ui.Crumb{Label: title})...),
	})
}

// courseNew shows the empty form (staff; CreateCourse decides).
func (w *Web) courseNew(rw http.ResponseWriter, r *http.Request) {
	w.renderCourseForm(rw, r, http.StatusOK, "", courseForm{}, nil)
}

// addAreaFromForm adds the emerging threat typed into the course form
// (intent=add_area): the area is created at once, and the form comes back
// with it ticked and everything else as typed; no course is written.
func (w *Web) addAreaFromForm(rw http.ResponseWriter, r *http.Request, id string, cf courseForm) {
	l := localizer(r)
	a, err := w.svc.AddArea(r.Context(), cf.newArea)
	switch {
	case ui.HasFields(err):
		w.renderCourseForm(rw, r, api.StatusOf(err), id, cf, formErrors(l, err, map[string]string{"code": "new_area_code", "name_en": "new_area_name"}))
		return
	case err != nil:
		w.fail(rw, r, err)
		return
	}
	cf.in.Areas = append(cf.in.Areas, a.Code)
	cf.newArea = AreaInput{}
	w.renderCourseForm(rw, r, http.StatusOK, id, cf, nil)
}

// courseCreate creates a course (or adds an emerging threat, see
// addAreaFromForm).
func (w *Web) courseCreate(rw http.ResponseWriter, r *http.Request) {
	if err := ui.ParseForm(rw, r); err != nil {
		w.fail(rw, r, err)
		return
	}
	cf := courseFormFrom(r)
	if cf.intent == "add_area" {
		w.addAreaFromForm(rw, r, "", cf)
		return
	}
	c, err := w.svc.CreateCourse(r.Context(), cf.in)
	if ui.HasFields(err) {
		w.renderCourseForm(rw, r, api.StatusOf(err), "", cf, formErrors(localizer(r), err, courseFields))
		return
	}
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	ui.SeeOther(rw, r, ui.Done("/training/courses/"+c.ID, "created"))
}

// courseEdit shows the edit form of a course (staff).
func (w *Web) courseEdit(rw http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if err := validID(id, "course"); err != nil {
		w.fail(rw, r, err)
		return
	}
	c, err := w.svc.Course(r.Context(), id)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	w.renderCourseForm(rw, r, http.StatusOK, id, formOfCourse(c), nil)
}

// courseUpdate saves the edit form.
func (w *Web) courseUpdate(rw http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if err := validID(id, "course"); err != nil {
		w.fail(rw, r, err)
		return
	}
	if err := ui.ParseForm(rw, r); err != nil {
		w.fail(rw, r, err)
		return
	}
	cf := courseFormFrom(r)
	if cf.intent == "add_area" {
		w.addAreaFromForm(rw, r, id, cf)
		return
	}
	if cur, err := w.svc.Course(r.Context(), id); err == nil {
		cf.in.Demo = cur.Demo // not on the form: kept as it is
	}
	_, err := w.svc.UpdateCourse(r.Context(), id, cf.in)
	if ui.HasFields(err) {
		w.renderCourseForm(rw, r, api.StatusOf(err), id, cf, formErrors(localizer(r), err, courseFields))
		return
	}
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	ui.SeeOther(rw, r, ui.Done("/training/courses/"+id, "saved"))
}

func (w *Web) courseArchive(rw http.ResponseWriter, r *http.Request) {
	w.courseSetArchived(rw, r, true)
}
func (w *Web) courseRestore(rw http.ResponseWriter, r *http.Request) {
	w.courseSetArchived(rw, r, false)
}

func (w *Web) courseSetArchived(rw http.ResponseWriter, r *http.Request, archived bool) {
	id := r.PathValue("id")
	if err := validID(id, "course"); err != nil {
		w.fail(rw, r, err)
		return
	}
	if _, err := w.svc.SetCourseArchived(r.Context(), id, archived); err != nil {
		w.fail(rw, r, err)
		return
	}
	ui.SeeOther(rw, r, ui.Done("/training/courses/"+id, map[bool]string{true: "archived", false: "restored"}[archived]))
}
