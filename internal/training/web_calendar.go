package training

import (
	"bytes"
	"context"
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/i18n"
	"github.com/topcop-platform/topcop/internal/ui"
)

// calEvent is an activity as the calendar shows it.
type calEvent struct {
	ID, Title, Code, Dates, Venue string
	Status, StatusLabel, StatusCl string
	// Before and After say that the activity goes on before the first or
	// after the last day of the bar (it spans weeks).
	Before, After bool
}

// calCell is one cell of a lane of a week: Span days, with an event or
// empty.
type calCell struct {
	Span  int
	Event *calEvent
}

// calDay is one day of the month grid.
type calDay struct {
	Date           string
	Num            int
	InMonth, Today bool
	Label          string // the full date, for screen readers
}

// calWeek is one row of the month grid: its days, and the lanes of the
// activities that touch it, each a row of cells spanning their days.
type calWeek struct {
	Days  []calDay
	Lanes [][]calCell
}

// weekday is a column heading: the short name shown, the full one for
// screen readers.
type weekday struct {
	Short, Full string
}

// calendarData is .Page.Data of training/calendar.html.
type calendarData struct {
	View                string // "month" or "list"
	Month               string // YYYY-MM
	Title               string // the month's name and year
	Prev, Next          string // links to the months before and after
	PrevLabel, NextLbl  string
	ThisMonth           string // a link to the current month, "" on it
	MonthURL, ListURL   string
	Weekdays            []weekday
	Weeks               []calWeek
	Agenda              []calEvent
	More                bool          // more activities than the calendar shows
	Body                template.HTML // the month: the "calbody" block, cached
	StyleURL            string
	Feed                Feed
	FeedURL             string // right after a reset, once
	CanFeed, FeedAction bool
}

// calendarMax caps the activities a month view reads.
const calendarMax = 1000

// calendar shows the activities of a month (every signed-in actor): as a
// month grid of weeks (?view=month, the default), each activity a link
// spanning its days with its status in words and colour, that turns into
// an agenda list on narrow screens; or as the agenda list alone
// (?view=list). ?month=YYYY-MM picks the month. Below it, the account's
// private calendar feed.
func (w *Web) calendar(rw http.ResponseWriter, r *http.Request) {
	w.renderCalendar(rw, r, "")
}

func (w *Web) renderCalendar(rw http.ResponseWriter, r *http.Request, feedToken string) {
	ctx, l, q := r.Context(), localizer(r), r.URL.Query()
	now := time.Now().UTC()
	status, fe := http.StatusOK, (*ui.FormErrors)(nil)
	month := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	if m := strings.TrimSpace(q.Get("month")); m != "" {
		t, err := time.Parse("2006-01", m)
		if err != nil || t.Year() < 2000 || t.Year() > 2100 {
			status, fe = http.StatusUnprocessableEntity, &ui.FormErrors{}
			fe.Add("month", l.T("training.calendar.bad_month"))
		} else {
			month = t
		}
	}
	view := "month"
	if q.Get("view") == "list" {
		view = "list"
	}
	d := calendarData{View: view, Month: month.Format("2006-01"), Title: monthTitle(l, month), StyleURL: styleURL(),
		CanFeed: feedOwners.Allows(core.ActorFrom(ctx))}
	prev, next := month.AddDate(0, -1, 0), month.AddDate(0, 1, 0)
	link := func(m time.Time, v string) string {
		u := "/training/calendar?month=" + m.Format("2006-01")
		if v == "list" {
			u += "&view=list"
		}
		return u
	}
	d.Prev, d.Next = link(prev, view), link(next, view)
	d.PrevLabel, d.NextLbl = monthTitle(l, prev), monthTitle(l, next)
	if cur := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC); !cur.Equal(month) {
		d.ThisMonth = link(cur, view)
	}
	d.MonthURL, d.ListURL = link(month, "month"), link(month, "list")

	// The grid runs Monday to Sunday, from the week of the 1st to the
	// week of the last day.
	gridStart := month.AddDate(0, 0, -((int(month.Weekday()) + 6) % 7))
	last := next.AddDate(0, 0, -1)
	gridEnd := last.AddDate(0, 0, 6-((int(last.Weekday())+6)%7))
	today := now.Format(time.DateOnly)
	// The month is the same for every signed-in actor (the calendar is
	// public within the platform): rendered once per language, month,
	// view and day, and kept until a write commits. Built on its own
	// copy of the page data (it may be refreshed after this request).
	month1, d1 := month, d
	body, err := w.render.CachedFragment(r, w.svc.fragments, []string{d.Month, d.View, today}, "training/calendar.html", "calbody", fe,
		func(ctx context.Context) (ui.Page, error) {
			d := d1
			if err := w.calendarMonth(ctx, l, &d, month1, gridStart, gridEnd, today); err != nil {
				return ui.Page{}, err
			}
			return ui.Page{Data: d}, nil
		})
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	d.Body = body
	if d.CanFeed {
		if feedToken != "" {
			d.FeedURL = w.absolute(r, "/training/calendar/feed/"+feedToken+".ics")
		}
		f, err := w.feeds.Status(ctx)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		d.Feed = f
	}
	w.render.Render(rw, r, status, "training/calendar.html", ui.Page{
		Title: l.T("training.calendar.title"), Section: "calendar", Data: d, Errors: fe, Flash: flashes.Message(r),
		Breadcrumbs: crumbs(l, ui.Crumb{Label: l.T("training.calendar.title"), URL: "/training/calendar"}, ui.Crumb{Label: d.Title}),
	})
}

// calendarMonth fills d with the weeks of the grid from gridStart to
// gridEnd and the agenda of month: the activities that overlap them, at
// most calendarMax.
func (w *Web) calendarMonth(ctx context.Context, l *i18n.Localizer, d *calendarData, month, gridStart, gridEnd time.Time, today string) error {
	var acts []Activity
	p := core.PageRequest{Limit: core.MaxLimit}
	for len(acts) < calendarMax {
		list, err := w.svc.ListActivities(ctx, ActivityFilter{From: gridStart.Format(time.DateOnly), To: gridEnd.Format(time.DateOnly),
			Lang: l.Lang()}, p)
		if err != nil {
			return err
		}
		acts = append(acts, list.Items...)
		if list.Next == "" {
			break
		}
		p.Cursor = list.Next
	}
	d.More = len(acts) >= calendarMax
	for _, k := range weekdayKeys {
		d.Weekdays = append(d.Weekdays, weekday{Short: l.T("training.weekday_short." + k), Full: l.T("training.weekday." + k)})
	}
	for ws := gridStart; !ws.After(gridEnd); ws = ws.AddDate(0, 0, 7) {
		d.Weeks = append(d.Weeks, calendarWeek(l, ws, month, today, acts))
	}
	mFrom, mTo := month.Format(time.DateOnly), month.AddDate(0, 1, -1).Format(time.DateOnly)
	for _, a := range acts {
		if a.EndsOn >= mFrom && a.StartsOn <= mTo {
			d.Agenda = append(d.Agenda, eventOf(l, a))
		}
	}
	return nil
}

var weekdayKeys = []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}

// monthTitle is "September 2026" in the UI language.
func monthTitle(l *i18n.Localizer, m time.Time) string {
	return l.T("training.calendar.month_title", "Month", l.T("training.month.m"+strconv.Itoa(int(m.Month()))), "Year", strconv.Itoa(m.Year()))
}

func eventOf(l *i18n.Localizer, a Activity) calEvent {
	return calEvent{ID: a.ID, Title: a.CourseTitle, Code: a.CourseCode, Dates: dateRange(l, a.StartsOn, a.EndsOn), Venue: venueText(l, a, false),
		Status: string(a.Status), StatusLabel: statusLabel(l, a.Status), StatusCl: statusClass(a.Status)}
}

// calendarWeek lays out the week starting ws: its days, and its
// activities in lanes (each lane a row in which activities do not
// overlap; earlier and longer ones first).
func calendarWeek(l *i18n.Localizer, ws, month time.Time, today string, acts []Activity) calWeek {
	var w calWeek
	we := ws.AddDate(0, 0, 6)
	for i := 0; i < 7; i++ {
		day := ws.AddDate(0, 0, i)
		ds := day.Format(time.DateOnly)
		w.Days = append(w.Days, calDay{Date: ds, Num: day.Day(), InMonth: day.Month() == month.Month(), Today: ds == today,
			Label: l.T("training.calendar.day_label", "Weekday", l.T("training.weekday."+weekdayKeys[i]), "Date", l.Date(day))})
	}
	from, to := ws.Format(time.DateOnly), we.Format(time.DateOnly)
	type bar struct {
		a          Activity
		first, end int // day indexes in the week, inclusive
	}
	var bars []bar
	for _, a := range acts {
		if a.EndsOn < from || a.StartsOn > to {
			continue
		}
		first, end := 0, 6
		if a.StartsOn > from {
			first = int(dateOf(a.StartsOn).Sub(ws).Hours() / 24)
		}
		if a.EndsOn < to {
			end = int(dateOf(a.EndsOn).Sub(ws).Hours() / 24)
		}
		bars = append(bars, bar{a: a, first: first, end: end})
	}
	slices.SortStableFunc(bars, func(x, y bar) int {
		if x.first != y.first {
			return x.first - y.first
		}
		return (y.end - y.first) - (x.end - x.first)
	})
	var lanes [][]bar
	for _, b := range bars {
		placed := false
		for i, lane := range lanes {
			if lane[len(lane)-1].end < b.first {
				lanes[i] = append(lane, b)
				placed = true
				break
			}
		}
		if !placed {
			lanes = append(lanes, []bar{b})
		}
	}
	for _, lane := range lanes {
		var cells []calCell
		day := 0
		for _, b := range lane {
			if b.first > day {
				cells = append(cells, calCell{Span: b.first - day})
			}
			ev := eventOf(l, b.a)
			ev.Before, ev.After = b.a.StartsOn < from, b.a.EndsOn > to
			cells = append(cells, calCell{Span: b.end - b.first + 1, Event: &ev})
			day = b.end + 1
		}
		if day < 7 {
			cells = append(cells, calCell{Span: 7 - day})
		}
		w.Lanes = append(w.Lanes, cells)
	}
	return w
}

// absolute is path as an absolute URL of the platform: on its public URL
// when one is configured, else on the host the request came to.
func (w *Web) absolute(r *http.Request, path string) string {
	if w.public != "" {
		return w.public + path
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host + path
}

// feedReset makes a new private feed URL for the signed-in account,
// revoking the old one, and shows it once on the calendar page (the page
// is not stored by the browser: the URL is a secret).
func (w *Web) feedReset(rw http.ResponseWriter, r *http.Request) {
	if err := ui.ParseForm(rw, r); err != nil {
		w.fail(rw, r, err)
		return
	}
	token, _, err := w.feeds.Reset(r.Context())
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	rw.Header().Set("Cache-Control", "no-store")
	w.renderCalendar(rw, r, token)
}

// feedRevoke turns the signed-in account's feed off.
func (w *Web) feedRevoke(rw http.ResponseWriter, r *http.Request) {
	if err := ui.ParseForm(rw, r); err != nil {
		w.fail(rw, r, err)
		return
	}
	if err := w.feeds.Revoke(r.Context()); err != nil {
		w.fail(rw, r, err)
		return
	}
	ui.SeeOther(rw, r, ui.Done("/training/calendar", "feed_off")+"#feed")
}

// feed serves a private calendar feed, /training/calendar/feed/<token>.ics,
// without a session: the token decides (Feeds.Calendar). Unknown, revoked
// and malformed tokens are 404.
func (w *Web) feed(rw http.ResponseWriter, r *http.Request) {
	token, ok := strings.CutSuffix(r.PathValue("file"), ".ics")
	if !ok {
		w.fail(rw, r, notFound("calendar feed"))
		return
	}
	a := core.ActorFrom(r.Context())
	cal, err := w.feeds.Calendar(r.Context(), token, a.IP, a.UserAgent)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	var buf bytes.Buffer
	if err := writeFeed(&buf, localizer(r), w.absolute(r, ""), cal); err != nil {
		w.fail(rw, r, err)
		return
	}
	h := rw.Header()
	h.Set("Content-Type", "text/calendar; charset=utf-8")
	h.Set("Content-Disposition", `inline; filename="topcop-training.ics"`)
	h.Set("Cache-Control", "private, no-cache")
	h.Set("X-Robots-Tag", "noindex")
	_, _ = rw.Write(buf.Bytes())
}
