package training

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/topcop-platform/topcop/internal/api"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/directory"
	"github.com/topcop-platform/topcop/internal/i18n"
	"github.com/topcop-platform/topcop/internal/ui"
)

// activityRow is an activity as the lists show it.
type activityRow struct {
	Activity
	Dates, Venue             string
	StatusLabel, StatusClass string
	FormatLabel              string
}

func dateOf(s string) time.Time {
	t, _ := time.Parse(time.DateOnly, s)
	return t
}

// dateRange is an activity's days in the UI language's date format.
func dateRange(l *i18n.Localizer, from, to string) string {
	if from == to {
		return l.Date(dateOf(from))
	}
	return l.T("training.dates.range", "From", l.Date(dateOf(from)), "To", l.Date(dateOf(to)))
}

// venueText is "Online", or the venue's city and country (and the venue
// itself with full).
func venueText(l *i18n.Localizer, a Activity, full bool) string {
	var parts []string
	if full && a.Venue != "" {
		parts = append(parts, a.Venue)
	}
	if a.City != "" {
		parts = append(parts, a.City)
	}
	if a.CountryCode != "" {
		parts = append(parts, countryName(l, a.CountryCode, ""))
	}
	place := strings.Join(parts, ", ")
	switch {
	case a.Online && place != "":
		return l.T("training.activity.online_and", "Place", place)
	case a.Online:
		return l.T("training.activity.online")
	}
	return place
}

func activityRowOf(l *i18n.Localizer, a Activity) activityRow {
	return activityRow{Activity: a, Dates: dateRange(l, a.StartsOn, a.EndsOn), Venue: venueText(l, a, false),
		StatusLabel: statusLabel(l, a.Status), StatusClass: statusClass(a.Status), FormatLabel: formatLabel(l, a.Format)}
}

// activityRows is a page of activities as the lists show them.
func activityRows(l *i18n.Localizer, list core.List[Activity]) core.List[activityRow] {
	out := core.List[activityRow]{Items: make([]activityRow, len(list.Items)), Total: list.Total, Next: list.Next, Prev: list.Prev, Start: list.Start}
	for i, a := range list.Items {
		out.Items[i] = activityRowOf(l, a)
	}
	return out
}

// activitiesData is .Page.Data of training/activities.html.
type activitiesData struct {
	From, To, Status, CourseID, Country, Format, Area, Online string
	Statuses, Courses, Countries, Formats, Onlines            []ui.Option
	AreaOptions                                               template.HTML
	List                                                      core.List[activityRow]
	CanEdit                                                   bool
	Today                                                     string
	// Filters and Rows are the "filters" and "rows" blocks, rendered once
	// per language and filter and kept in the read cache (activities).
	Filters, Rows template.HTML
}

var activityFilterFields = same("from", "to", "status", "course_id", "country", "format", "area", "online")

// activities lists activities by start date (every signed-in actor),
// filtered by period, status, course, venue country, format, crime area
// and online; htmx requests get the results region only. A bad filter
// re-renders with the error (422).
//
// The filter form and the rows are the same for every signed-in actor
// (the activities are public within the platform; only the "new" button
// depends on who asks, and the form's course list on whether archived
// courses are shown): both are rendered once per language and query and
// kept in the read cache until a write commits.
func (w *Web) activities(rw http.ResponseWriter, r *http.Request) {
	ctx, l, q := r.Context(), localizer(r), r.URL.Query()
	d := activitiesData{From: strings.TrimSpace(q.Get("from")), To: strings.TrimSpace(q.Get("to")), Status: q.Get("status"),
		CourseID: q.Get("course_id"), Country: strings.ToUpper(strings.TrimSpace(q.Get("country"))), Format: q.Get("format"),
		Area: strings.ToUpper(strings.TrimSpace(q.Get("area"))), Online: q.Get("online"), CanEdit: w.svc.CanManage(ctx),
		Today: time.Now().UTC().Format(time.DateOnly)}
	f := ActivityFilter{From: d.From, To: d.To, Status: Status(d.Status), CourseID: d.CourseID,
		Country: d.Country, Format: Format(d.Format), Area: d.Area, Online: d.Online, Lang: l.Lang()}
	status, fe := http.StatusOK, (*ui.FormErrors)(nil)
	if err := f.check(); err != nil {
		status, fe = api.StatusOf(err), formErrors(l, err, activityFilterFields)
	}
	page := ui.Page{
		Title: l.T("training.activities.title"), Section: "training", Errors: fe, Flash: flashes.Message(r),
		Breadcrumbs: crumbs(l, ui.Crumb{Label: l.T("training.activities.title")}),
	}
	// Both blocks are built from copies: they may be rendered again in the
	// background after this request has ended (ui.Renderer.CachedFragment).
	form, rows, formPage, rowsPage := d, d, page, page
	var err error
	d.Filters, err = w.render.CachedFragment(r, w.svc.fragments, []string{d.From, d.To, d.Status, d.CourseID, d.Country, d.Format, d.Area,
		d.Online, strconv.FormatBool(d.CanEdit)}, "training/activities.html", "filters", fe, func(ctx context.Context) (ui.Page, error) {
		if err := w.activityFilterOptions(ctx, l, &form); err != nil {
			return formPage, err
		}
		formPage.Data = form
		return formPage, nil
	})
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	pr := pageReqOf(r, listLimit)
	d.Rows, err = w.render.CachedFragment(r, w.svc.fragments, []string{q.Encode()}, "training/activities.html", "rows", fe,
		func(ctx context.Context) (ui.Page, error) {
			if fe == nil {
				list, err := w.svc.ListActivities(ctx, f, pr)
				if err != nil {
					return rowsPage, err
				}
				rows.List = activityRows(l, list)
			}
			rowsPage.Data = rows
			return rowsPage, nil
		})
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	page.Data = d
	w.render.Render(rw, r, status, "training/activities.html", page)
}

// activityFilterOptions fills the option lists of the activities filter.
func (w *Web) activityFilterOptions(ctx context.Context, l *i18n.Localizer, d *activitiesData) error {
	areas, err := w.allAreas(ctx)
	if err != nil {
		return err
	}
	countries, _, err := w.countryOptions(ctx, l, l.T("training.filter.any_country"))
	if err != nil {
		return err
	}
	courses, err := w.courseOptions(ctx, l, l.T("training.filter.any_course"), d.CourseID, d.CanEdit)
	if err != nil {
		return err
	}
	d.Countries, d.Courses = countries, courses
	d.Statuses, d.Formats = statusOptions(l, l.T("training.filter.any_status")), formatOptions(l, l.T("training.filter.any_format"))
	d.Onlines = []ui.Option{{Value: "", Label: l.T("training.filter.online_any")}, {Value: "true", Label: l.T("training.filter.online_yes")},
		{Value: "false", Label: l.T("training.filter.online_no")}}
	d.AreaOptions = areaSelect(l, areas, l.T("training.filter.any_area"), d.Area)
	return nil
}

// courseOptions lists up to optionLimit courses as "CODE — title"
// (archived ones too with all), headed by first; the course current is
// kept even when the list would not have it.
func (w *Web) courseOptions(ctx context.Context, l *i18n.Localizer, first, current string, all bool) ([]ui.Option, error) {
	list, err := w.svc.ListCourses(ctx, CourseFilter{IncludeArchived: all}, core.PageRequest{Limit: optionLimit})
	if err != nil {
		return nil, err
	}
	out := []ui.Option{{Value: "", Label: first}}
	found := current == ""
	for _, c := range list.Items {
		out = append(out, ui.Option{Value: c.ID, Label: c.Code + " — " + c.TitleIn(l.Lang())})
		found = found || c.ID == current
	}
	if !found && core.ValidID(current) {
		if c, err := w.svc.Course(ctx, current); err == nil {
			out = append(out, ui.Option{Value: c.ID, Label: c.Code + " — " + c.TitleIn(l.Lang())})
		}
	}
	return out, nil
}

// trainerLink is a trainer on the activity page: linked to their
// directory page for those who may see people.
type trainerLink struct {
	Name, URL string
}

// moveButton is one allowed next status of an activity.
type moveButton struct {
	Status, Label string
}

// historyRow is one line of an activity's status timeline.
type historyRow struct {
	At                   time.Time
	From, To, Reason     string
	FromClass, ToClass   string
	HasFrom, IsCancelled bool
}

// activityData is .Page.Data of training/activity.html.
type activityData struct {
	activityRow
	CourseTitle          string
	Hours, Zone          string
	DayCount             int
	Languages, Interpret string
	Seats                []ui.Bar
	SeatsTotal           int
	Trainers             []trainerLink
	TrainersHidden       bool
	Staff, CanEdit       bool
	Next                 []moveButton
	CanCancel            bool
	Reason               string // the cancel form after an error
	History              []historyRow
	// The call for nominations: the form to open it (staff, planned),
	// its deadline and time left, whether staff may close it, and the
	// links to the nominations and selection pages.
	Call                *callFormData
	Deadline, TimeLeft  string
	CanClose, CanSelect bool
	NominationsURL      string
	Eligibility         string
	// The attendance sheet (trainers and staff) and the participants
	// list (those Service.Participants admits), once there are seats.
	AttendanceURL, ParticipantsURL string
	// More are the links of the capabilities built on training.
	More     []ActivityLink
	StyleURL string
}

// activityState is what the activity page's forms keep after an error.
type activityState struct {
	Reason string    // the cancel form
	Call   *callForm // the "Open the call" form
}

// activity shows one activity: dates with their time zone, venue or
// online, languages, capacity, seats per country as a bar chart, trainers
// (linked to the directory for those who may see people), the status
// with, for staff, the allowed next steps as buttons (cancelling asks for
// a reason), and the timeline of its status changes.
func (w *Web) activity(rw http.ResponseWriter, r *http.Request) {
	w.renderActivity(rw, r, r.PathValue("id"), http.StatusOK, activityState{}, nil)
}

// activityOf reads the activity of a page, in the page's language; on an
// id that is not a UUID, or an error, it has answered the request and ok
// is false.
func (w *Web) activityOf(rw http.ResponseWriter, r *http.Request, id string) (Activity, bool) {
	if err := validID(id, "activity"); err != nil {
		w.fail(rw, r, err)
		return Activity{}, false
	}
	a, err := w.svc.Activity(r.Context(), id, localizer(r).Lang())
	if err != nil {
		w.fail(rw, r, err)
		return Activity{}, false
	}
	return a, true
}

func (w *Web) renderActivity(rw http.ResponseWriter, r *http.Request, id string, status int, st activityState, fe *ui.FormErrors) {
	ctx, l := r.Context(), localizer(r)
	a, ok := w.activityOf(rw, r, id)
	if !ok {
		return
	}
	_, byCode, err := w.countryOptions(ctx, l, "")
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	history, err := w.svc.ActivityHistory(ctx, id)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	staff := w.svc.CanManage(ctx)
	d := activityData{activityRow: activityRowOf(l, a), CourseTitle: a.CourseTitle, DayCount: len(a.Days()),
		Hours: l.T("training.activity.hours_range", "From", a.DayStarts, "To", a.DayEnds), Zone: zoneText(a),
		Languages: languageList(l, a.Languages), Interpret: languageList(l, a.Interpretation),
		Staff: staff, CanEdit: staff && a.Status.Open(), Reason: st.Reason, StyleURL: styleURL()}
	d.Venue = venueText(l, a, true)
	for _, c := range sortedCountries(a.Seats, byCode) {
		d.Seats = append(d.Seats, ui.Bar{Label: countryName(l, c, byCode[c].NameEN), Value: a.Seats[c]})
		d.SeatsTotal += a.Seats[c]
	}
	// Trainers are people: observers see how many, not who.
	if core.Member.Personal().Allows(core.ActorFrom(ctx)) {
		for _, t := range a.Trainers {
			d.Trainers = append(d.Trainers, trainerLink{Name: t.Name, URL: "/directory/people/" + t.PersonID})
		}
	} else {
		d.TrainersHidden = len(a.Trainers) > 0
	}
	now := time.Now()
	d.Deadline, d.TimeLeft = deadlineText(l, a, now)
	var elig []string
	for _, t := range a.EligibleTypes {
		elig = append(elig, agencyTypeLabel(l, t))
	}
	if a.EligibleLang != "" {
		elig = append(elig, l.T("training.call.speaks", "Language", languageName(l, a.EligibleLang)))
	}
	d.Eligibility = strings.Join(elig, "; ")
	switch a.Status {
	case StatusCallOpen, StatusSelection, StatusConfirmed, StatusDelivered, StatusClosed:
		if canSeeNominations(r) {
			d.NominationsURL = "/training/activities/" + a.ID + "/nominations"
		}
	}
	if a.Status == StatusConfirmed || a.Status == StatusDelivered || a.Status == StatusClosed {
		rights, err := w.svc.AttendanceRights(ctx, a)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		if rights.Marker {
			d.AttendanceURL = "/training/activities/" + a.ID + "/attendance"
		}
		if rights.See {
			d.ParticipantsURL = "/training/activities/" + a.ID + "/participants"
		}
	}
	if d.More, err = w.svc.activityLinks(ctx, l, a); err != nil {
		w.fail(rw, r, err)
		return
	}
	if staff {
		for _, s := range a.Status.Next() {
			switch {
			case s == StatusCancelled:
				d.CanCancel = true
			case ownStep[s]: // their own forms: open or close the call, the selection page
			default:
				d.Next = append(d.Next, moveButton{Status: string(s), Label: l.T("training.move." + string(s))})
			}
		}
		switch a.Status {
		case StatusPlanned:
			cf := callForm{}
			if st.Call != nil {
				cf = *st.Call
			}
			c := callFormOf(l, a, cf, now)
			d.Call = &c
		case StatusCallOpen:
			d.CanClose, d.CanSelect = true, true
		case StatusSelection:
			d.CanSelect = true
		}
	}
	for _, h := range history {
		d.History = append(d.History, historyRow{At: h.At, From: statusLabel(l, h.From), To: statusLabel(l, h.To), Reason: h.Reason,
			FromClass: statusClass(h.From), ToClass: statusClass(h.To), HasFrom: h.From != "", IsCancelled: h.To == StatusCancelled})
	}
	title := a.CourseTitle
	w.render.Render(rw, r, status, "training/activity.html", ui.Page{
		Title: title, Section: "training", Data: d, Errors: fe, Flash: flashes.Message(r),
		Breadcrumbs: crumbs(l, ui.Crumb{Label: l.T("training.activities.title"), URL: "/training/activities"}, ui.Crumb{Label: title + " (" + d.Dates + ")"}),
	})
}

// zoneText is the activity's time zone with its UTC offset on its first
// day ("Europe/Chisinau, UTC+03:00").
func zoneText(a Activity) string {
	loc, err := time.LoadLocation(a.TimeZone)
	if err != nil {
		return a.TimeZone
	}
	start := dateOf(a.StartsOn)
	h, m := 9, 0
	fmt.Sscanf(a.DayStarts, "%d:%d", &h, &m)
	t := time.Date(start.Year(), start.Month(), start.Day(), h, m, 0, 0, loc)
	return a.TimeZone + ", UTC" + t.Format("-07:00")
}

// sortedCountries lists the countries of seats in the reference order
// (partner countries first).
func sortedCountries(seats map[string]int, byCode map[string]directory.Country) []string {
	out := make([]string, 0, len(seats))
	for c := range seats {
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b string) int {
		if oa, ob := byCode[a].SortOrder, byCode[b].SortOrder; oa != ob {
			return oa - ob
		}
		return strings.Compare(a, b)
	})
	return out
}

// activityMove changes an activity's status (staff): one of the allowed
// next steps, or cancelled with a reason. Errors re-render the activity
// page with them (422); a change that is no longer allowed says so.
func (w *Web) activityMove(rw http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if err := validID(id, "activity"); err != nil {
		w.fail(rw, r, err)
		return
	}
	if err := ui.ParseForm(rw, r); err != nil {
		w.fail(rw, r, err)
		return
	}
	to, reason := Status(r.PostForm.Get("status")), r.PostForm.Get("reason")
	_, err := w.svc.Move(r.Context(), id, to, reason)
	if ui.HasFields(err) {
		w.renderActivity(rw, r, id, api.StatusOf(err), activityState{Reason: reason}, formErrors(localizer(r), err, map[string]string{"reason": "reason"}))
		return
	}
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	ui.SeeOther(rw, r, ui.Done("/training/activities/"+id, "moved"))
}
