package training

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/topcop-platform/topcop/internal/api"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/i18n"
	"github.com/topcop-platform/topcop/internal/ui"
)

// dayTab is one day of an activity in the attendance page's tabs.
type dayTab struct {
	Date, Label, Sub, URL string
	Current, Future       bool
}

// attendanceRow is one participant on the attendance page.
type attendanceRow struct {
	PersonID, Name, Agency, Country string
	Present, Marked                 bool
}

// attendanceData is .Page.Data of training/attendance.html.
type attendanceData struct {
	activityRow
	Title           string
	Day, DayLabel   string
	Tabs            []dayTab
	Rows            []attendanceRow
	Count           string // "12 of 15 present"
	CanMark         bool
	Notice          string // why the sheet is read-only, if it is
	ParticipantsURL string
	StyleURL        string
}

// attendance shows one day's attendance sheet of an activity
// (?day=YYYY-MM-DD; default today if it is one of the activity's days,
// else the first): day tabs, one row per participant with a large
// present/absent checkbox, "Mark all present" and Save, for the
// activity's trainers and coordinators while it is confirmed or
// delivered; read-only otherwise, and for those the participants list
// admits (an ncp their country's, a participant their own row).
func (w *Web) attendance(rw http.ResponseWriter, r *http.Request) {
	w.renderAttendance(rw, r, r.PathValue("id"), r.URL.Query().Get("day"), http.StatusOK, nil, nil)
}

// renderAttendance renders the sheet of day; posted, after an error, is
// what the form sent (person → present) and shows instead of the marks.
func (w *Web) renderAttendance(rw http.ResponseWriter, r *http.Request, id, day string, status int, posted map[string]bool, fe *ui.FormErrors) {
	ctx, l := r.Context(), localizer(r)
	a, ok := w.activityOf(rw, r, id)
	if !ok {
		return
	}
	list, err := w.svc.Participants(ctx, id)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	rights, err := w.svc.AttendanceRights(ctx, a)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	days, today := a.Days(), w.svc.today(a)
	if !slices.Contains(days, day) {
		day = ""
		if slices.Contains(days, today) {
			day = today
		} else if len(days) > 0 {
			day = days[0]
		}
	}
	base := "/training/activities/" + a.ID + "/attendance"
	d := attendanceData{activityRow: activityRowOf(l, a), Title: l.T("training.attendance.title"), Day: day,
		CanMark: rights.Mark && day != "" && day <= today, StyleURL: styleURL()}
	d.ParticipantsURL = "/training/activities/" + a.ID + "/participants"
	for i, dd := range days {
		t := dayTab{Date: dd, Label: l.T("training.attendance.day_n", "N", strconv.Itoa(i+1)), Sub: dayText(l, dd),
			URL: base + "?day=" + dd, Current: dd == day, Future: dd > today}
		if t.Current {
			d.DayLabel = t.Label + " · " + t.Sub
		}
		d.Tabs = append(d.Tabs, t)
	}
	present := 0
	for _, p := range list.Items {
		row := attendanceRow{PersonID: p.PersonID, Name: p.Name, Agency: p.Agency, Country: p.CountryCode}
		row.Present, row.Marked = p.Attendance[day]
		if posted != nil {
			row.Present = posted[p.PersonID]
		}
		if p.Attendance[day] {
			present++
		}
		d.Rows = append(d.Rows, row)
	}
	d.Count = l.T("training.attendance.count", "Present", l.Number(present), "Total", l.Number(len(list.Items)))
	switch {
	case !rights.Marker:
		d.Notice = l.T("training.attendance.read_only")
	case a.Status == StatusClosed || a.Status == StatusCancelled:
		d.Notice = l.T("training.attendance.closed", "Status", statusLabel(l, a.Status))
	case !markable(a.Status):
		d.Notice = l.T("training.attendance.not_yet", "Status", statusLabel(l, a.Status))
	case day > today:
		d.Notice = l.T("training.attendance.future")
	case !rights.Mark:
		d.Notice = l.T("training.attendance.read_only")
	}
	title := a.CourseTitle
	w.render.Render(rw, r, status, "training/attendance.html", ui.Page{
		Title: d.Title, Section: "training", Data: d, Errors: fe, Flash: flashes.Message(r),
		Breadcrumbs: crumbs(l, ui.Crumb{Label: l.T("training.activities.title"), URL: "/training/activities"},
			ui.Crumb{Label: title + " (" + d.Dates + ")", URL: "/training/activities/" + a.ID}, ui.Crumb{Label: d.Title}),
	})
}

// dayText is a day as the tabs show it: its weekday and date.
func dayText(l *i18n.Localizer, day string) string {
	t := dateOf(day)
	wd := weekdayKeys[(int(t.Weekday())+6)%7]
	return l.T("training.weekday_short."+wd) + " " + l.Date(t)
}

// attendanceSave saves one day's sheet (Service.MarkAttendance): every
// participant of the form (person) present if their box is checked
// (present: the row's index, or the person's id), or all present with
// intent=all. It redirects back to the day with a
// confirmation; errors re-render the sheet with what was sent and the
// localised messages (422), and nothing is written.
func (w *Web) attendanceSave(rw http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if err := validID(id, "activity"); err != nil {
		w.fail(rw, r, err)
		return
	}
	if err := ui.ParseForm(rw, r); err != nil {
		w.fail(rw, r, err)
		return
	}
	f := r.PostForm
	day, all := strings.TrimSpace(f.Get("day")), f.Get("intent") == "all"
	people := f["person"]
	// A box's value is its row's index in the persons posted (short, so
	// that the sheet of a large activity fits in a form), or a person id.
	checked := map[string]bool{}
	for _, v := range f["present"] {
		if i, err := strconv.Atoi(v); err == nil && i >= 0 && i < len(people) {
			v = people[i]
		}
		checked[v] = true
	}
	records := make([]AttendanceRecord, len(people))
	posted := make(map[string]bool, len(people))
	for i, p := range people {
		records[i] = AttendanceRecord{PersonID: p, Date: day, Present: all || checked[p]}
		posted[p] = records[i].Present
	}
	_, err := w.svc.MarkAttendance(r.Context(), id, records)
	if ui.HasFields(err) {
		fe, err2 := w.attendanceErrors(r, id, err, records)
		if err2 != nil {
			w.fail(rw, r, err2)
			return
		}
		w.renderAttendance(rw, r, id, day, api.StatusOf(err), posted, fe)
		return
	}
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	ui.SeeOther(rw, r, ui.Done("/training/activities/"+id+"/attendance?day="+url.QueryEscape(day), "saved"))
}

// attendanceErrors localises MarkAttendance's field errors for the
// sheet: each distinct message once, naming the person where it concerns
// one.
func (w *Web) attendanceErrors(r *http.Request, id string, err error, records []AttendanceRecord) (*ui.FormErrors, error) {
	l := localizer(r)
	names := map[string]string{}
	if list, err := w.svc.Participants(r.Context(), id); err == nil {
		for _, p := range list.Items {
			names[p.PersonID] = p.Name
		}
	} else if !core.IsCode(err, core.NotFound) {
		return nil, err
	}
	var msgs []string
	add := func(m string) {
		if !slices.Contains(msgs, m) {
			msgs = append(msgs, m)
		}
	}
	for _, f := range core.AsError(err).Fields {
		field, code := f.Field, f.Code
		name := ""
		if rest, ok := strings.CutPrefix(field, "records["); ok {
			if i, err := strconv.Atoi(rest[:max(strings.IndexByte(rest, ']'), 0)]); err == nil && i >= 0 && i < len(records) {
				name = cmpOr(names[records[i].PersonID], l.T("training.attendance.someone"))
			}
			field = rest[strings.IndexByte(rest, '.')+1:]
		}
		switch {
		case field == "status":
			add(l.T("training.attendance.error.not_allowed", "Status", statusLabel(l, Status(f.Param))))
		case field == "records":
			add(l.T("training.attendance.error.too_many", "Max", l.Number(MaxAttendanceRecords)))
		case field == "person_id" && code == CodeNotParticipant:
			add(l.T("training.attendance.error.not_participant", "Name", name))
		case field == "person_id":
			add(l.T("training.attendance.error.unknown_person"))
		case field == "date" && code == CodeFutureDay:
			add(l.T("training.attendance.error.future_day"))
		case field == "date" && code == CodeOutOfRange:
			add(l.T("training.attendance.error.out_of_range"))
		case field == "date" && code == CodeDuplicate:
			add(l.T("training.attendance.error.duplicate", "Name", name))
		default:
			add(l.T("training.attendance.error.invalid_day"))
		}
	}
	return &ui.FormErrors{Summary: strings.Join(msgs, " ")}, nil
}

// participantRow is one participant on the participants page.
type participantRow struct {
	Participant
	StatusLabel, StatusClass string
	Rate                     string
	Outcome, OutcomeClass    string
	Unmet                    string // the rule's conditions not met yet, named
}

// participantsData is .Page.Data of training/participants.html.
type participantsData struct {
	activityRow
	Title          string
	Rows           []participantRow
	AggregateOnly  bool
	Final          bool
	Rule           string
	Participants   int
	Completed      string
	Chart          []ui.Bar
	ChartTitle     string
	ChartSummary   string
	AttendanceURL  string
	StyleURL       string
	CompletionRate int
}

// participants shows an activity's participants with the days present,
// the attendance rate and whether they completed, for everyone
// Service.Participants admits (an observer: the summary and the chart
// only), and a chart of how many were present each day.
func (w *Web) participants(rw http.ResponseWriter, r *http.Request) {
	ctx, l := r.Context(), localizer(r)
	id := r.PathValue("id")
	a, ok := w.activityOf(rw, r, id)
	if !ok {
		return
	}
	list, err := w.svc.Participants(ctx, id)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	rights, err := w.svc.AttendanceRights(ctx, a)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	d := participantsData{activityRow: activityRowOf(l, a), Title: l.T("training.participants.title"), AggregateOnly: list.AggregateOnly,
		Final: list.Final, CompletionRate: list.CompletionRate, Participants: list.Summary.Participants, StyleURL: styleURL(),
		Rule: l.T("training.activity.completion_value", "Rate", list.CompletionRate)}
	for _, c := range list.Conditions {
		d.Rule += "; " + w.svc.completionLabel(l, c)
	}
	if list.Final {
		d.Completed = l.T("training.participants.completed_count", "Completed", l.Number(list.Summary.Completed),
			"Total", l.Number(list.Summary.Participants))
	}
	if rights.Marker {
		d.AttendanceURL = "/training/activities/" + a.ID + "/attendance"
	}
	for _, p := range list.Items {
		row := participantRow{Participant: p, StatusLabel: nominationStatusLabel(l, p.Status), StatusClass: nominationStatusClass(p.Status),
			Rate: rateText(l, p.Rate)}
		switch {
		case !list.Final:
			row.Outcome, row.OutcomeClass = l.T("training.participants.pending"), "badge-gold"
		case p.Completed:
			row.Outcome, row.OutcomeClass = l.T("training.participants.completed"), "badge-green"
		default:
			row.Outcome, row.OutcomeClass = l.T("training.participants.not_completed"), "badge-grey"
		}
		var unmet []string
		for _, c := range p.Unmet {
			unmet = append(unmet, w.svc.completionLabel(l, c))
		}
		row.Unmet = strings.Join(unmet, "; ")
		d.Rows = append(d.Rows, row)
	}
	d.ChartTitle = l.T("training.participants.chart_title")
	most, mostDay := -1, ""
	for i, c := range list.Summary.PerDay {
		label := l.T("training.attendance.day_n", "N", strconv.Itoa(i+1)) + " · " + dayText(l, c.Date)
		d.Chart = append(d.Chart, ui.Bar{Label: label, Value: c.Present, URL: w.attendanceLink(rights, a.ID, c.Date)})
		if c.Present > most {
			most, mostDay = c.Present, label
		}
	}
	if len(list.Summary.PerDay) > 0 {
		d.ChartSummary = l.T("training.participants.chart_summary", "Days", l.Number(len(list.Summary.PerDay)),
			"Total", l.Number(list.Summary.Participants), "Most", l.Number(most), "Day", mostDay)
	}
	title := a.CourseTitle
	w.render.Render(rw, r, http.StatusOK, "training/participants.html", ui.Page{
		Title: d.Title, Section: "training", Data: d, Flash: flashes.Message(r),
		Breadcrumbs: crumbs(l, ui.Crumb{Label: l.T("training.activities.title"), URL: "/training/activities"},
			ui.Crumb{Label: title + " (" + d.Dates + ")", URL: "/training/activities/" + a.ID}, ui.Crumb{Label: d.Title}),
	})
}

// attendanceLink is the attendance sheet of day, for those who reach it.
func (w *Web) attendanceLink(rights AttendanceRights, id, day string) string {
	if !rights.Marker {
		return ""
	}
	return "/training/activities/" + id + "/attendance?day=" + day
}

// rateText is an attendance rate in percent as the UI language writes
// it (CLDR): a decimal comma but in English, and a no-break space before
// the sign in Romanian and Russian ("66.7%", "66,7 %").
func rateText(l *i18n.Localizer, rate float64) string {
	s := strconv.FormatFloat(rate, 'f', -1, 64)
	if l.Lang() != "en" {
		s = strings.Replace(s, ".", ",", 1)
	}
	if l.Lang() == "ro" || l.Lang() == "ru" {
		return s + "\u00a0%"
	}
	return s + "%"
}
