package mytraining

import (
	"bytes"
	"embed"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/topcop-platform/topcop/internal/certs/cert"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/i18n"
	"github.com/topcop-platform/topcop/internal/learning"
	"github.com/topcop-platform/topcop/internal/training"
	"github.com/topcop-platform/topcop/internal/ui"
)

// Templates holds the pages (templates/mytraining/*.html).
//
//go:embed templates
var Templates embed.FS

// Access of the pages and operations. Every signed-in account has a My
// training page and its data (observers too: it is their own); the
// service scopes everything to the account's own person. The correction
// requests of everyone are for coordinators and admins.
var (
	members      = core.Member
	memberWrites = core.Member.Writes()
	staffReaders = core.RolesIn(core.RoleAdmin, core.RoleCoordinator).Personal()
	staffWriters = staffReaders.Writes()
)

// Web serves My training's pages: server-rendered, thin handlers over
// the Service. Writes answer with a redirect (303) to the page with a
// localised confirmation (?done=<name>); refused input re-renders the
// page with the messages beside the fields (422) and saves nothing.
type Web struct {
	svc    *Service
	render *ui.Renderer
	fail   func(http.ResponseWriter, *http.Request, error)
	public string // the platform's public URL, for the calendar files
}

// NewWeb returns the pages over svc, rendered with r; fail answers a
// request with an error; publicURL makes the calendar files' links
// absolute ("" for the host of the request).
func NewWeb(svc *Service, r *ui.Renderer, fail func(http.ResponseWriter, *http.Request, error), publicURL string) *Web {
	return &Web{svc: svc, render: r, fail: fail, public: strings.TrimRight(publicURL, "/")}
}

// Routes registers the page routes on mux: the one list of them.
func (w *Web) Routes(mux ui.Router) {
	mux.HandleFunc("GET /my/training", members, w.page)
	mux.HandleFunc("GET /my/training/data.json", members, w.data)
	mux.HandleFunc("GET /my/training/activities/{id}/calendar.ics", members, w.calendar)
	mux.HandleFunc("POST /my/training/corrections", memberWrites, w.requestCorrection)
	mux.HandleFunc("GET /my/training/corrections", staffReaders, w.corrections)
	mux.HandleFunc("POST /my/training/corrections/{id}/resolve", staffWriters, w.resolve)
}

// flashes are the confirmations after a redirect (?done=<name>).
var flashes = ui.Flashes{
	"requested": "mytraining.flash.requested",
	"resolved":  "mytraining.flash.resolved",
}

// --- the page ---

// pageData is .Page.Data of mytraining/mine.html.
type pageData struct {
	Linked           bool
	Name, NativeName string
	Nominations      []itemView
	Upcoming         []itemView
	Tests            []itemView
	Surveys          []itemView
	Certificates     []certificateView
	Corrections      []correctionView
	CalendarURL      string
	DataURL          string
	Text             string // the correction form's text, kept when refused
	MaxText          int
	CanResolve       bool // the staff list of everyone's requests
}

// itemView is one line of a list: a title linked, facts, a badge and
// what to do next.
type itemView struct {
	ID         string
	Title, URL string
	Meta       []string
	Badge      string
	BadgeClass string
	Next       string // what to do next, in words
	NextURL    string // where to do it (may be empty)
	NextLabel  string // the link's text
	Extra      string // a second link (the calendar file)
	ExtraURL   string
	Urgent     bool
}

// certificateView is one certificate with its three links.
type certificateView struct {
	Code, Title, Dates         string
	Status, StatusClass        string
	Issued, Revoked            string
	PDFURL, BadgeURL, ShareURL string
	Valid                      bool
}

// correctionView is one correction request.
type correctionView struct {
	ID, Name, Text      string
	Status, StatusClass string
	Created, Resolved   string
	Note                string
	Open                bool
}

// page shows the signed-in account's My training page.
func (w *Web) page(rw http.ResponseWriter, r *http.Request) {
	w.renderPage(rw, r, http.StatusOK, nil, "")
}

// renderPage renders the page with status, form errors fe of the
// correction form and the text typed into it.
func (w *Web) renderPage(rw http.ResponseWriter, r *http.Request, status int, fe *ui.FormErrors, text string) {
	ctx, l := r.Context(), ui.LocalizerFrom(r.Context())
	ov, err := w.svc.Overview(ctx, l.Lang())
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	d := pageData{Linked: ov.Linked, CalendarURL: ov.CalendarURL, DataURL: ov.DataURL, Text: text, MaxText: MaxText,
		CanResolve: w.svc.CanResolve(ctx)}
	if ov.Person != nil {
		d.Name, d.NativeName = ov.Person.Name, ov.Person.NativeName
	}
	for _, n := range ov.Nominations {
		d.Nominations = append(d.Nominations, nominationView(l, n))
	}
	for _, u := range ov.Upcoming {
		d.Upcoming = append(d.Upcoming, upcomingView(l, u))
	}
	for _, t := range ov.Tests {
		d.Tests = append(d.Tests, testView(l, t))
	}
	for _, sv := range ov.Surveys {
		d.Surveys = append(d.Surveys, surveyView(l, sv))
	}
	for _, c := range ov.Certificates {
		d.Certificates = append(d.Certificates, certView(l, c))
	}
	for _, c := range ov.Corrections {
		d.Corrections = append(d.Corrections, correctionViewOf(l, c))
	}
	w.render.Render(rw, r, status, "mytraining/mine.html", ui.Page{Title: l.T("mytraining.title"), Section: "mytraining", Data: d,
		Errors: fe, Flash: flashes.Message(r)})
}

func nominationView(l *i18n.Localizer, n NominationEntry) itemView {
	v := itemView{ID: n.ID, Title: n.CourseTitle, URL: n.ActivityURL, Meta: []string{dateRange(l, n.StartsOn, n.EndsOn), place(l, n.Online, n.City)},
		Badge: l.T("training.nomination_status." + string(n.Status)), BadgeClass: nominationClass(n.Status)}
	if n.ActivityStatus == training.StatusCancelled {
		v.Meta = append(v.Meta, l.T("mytraining.nominations.cancelled"))
	}
	switch n.Next {
	case NextAnswer:
		v.Urgent, v.NextURL, v.NextLabel = true, n.AnswerURL, l.T("mytraining.next.answer_link")
		if by, ok := ui.ParseDate(n.AnswerBy); ok {
			v.Next = l.T("mytraining.next.answer_by", "Date", l.Date(by))
		} else {
			v.Next = l.T("mytraining.next.answer")
		}
	case NextWait:
		v.Next = l.T("mytraining.next.wait")
	case NextReserve:
		v.Next = l.T("mytraining.next.reserve_plain")
		if n.ReserveRank > 0 {
			v.Next = l.T("mytraining.next.reserve", "Rank", l.Number(n.ReserveRank))
		}
	case NextAttend:
		v.Next = l.T("mytraining.next.attend")
	}
	return v
}

// nominationClass is the badge colour of a nomination's status (its name
// is always written too).
func nominationClass(s training.NominationStatus) string {
	switch s {
	case training.NomSelected, training.NomReserve:
		return "badge-gold"
	case training.NomAccepted:
		return "badge-green"
	case training.NomDeclined, training.NomWithdrawn:
		return "badge-grey"
	}
	return ""
}

func upcomingView(l *i18n.Localizer, u UpcomingEntry) itemView {
	hours := l.T("mytraining.upcoming.hours", "From", u.DayStarts, "To", u.DayEnds, "Zone", u.TimeZone)
	v := itemView{ID: u.ActivityID, Title: u.CourseTitle, URL: u.ActivityURL,
		Meta:  []string{dateRange(l, u.StartsOn, u.EndsOn), hours, place(l, u.Online, strings.TrimSpace(strings.Join(nonEmpty(u.Venue, u.City), ", ")))},
		Badge: l.T("mytraining.role." + u.Role), Extra: l.T("mytraining.upcoming.ics"), ExtraURL: u.CalendarURL}
	switch {
	case u.Status == training.StatusCancelled:
		v.Badge, v.BadgeClass = l.T("training.status.cancelled"), "badge-red"
	case u.UnderWay:
		v.Next, v.Urgent = l.T("mytraining.upcoming.running"), true
	}
	return v
}

func testView(l *i18n.Localizer, t TestEntry) itemView {
	kind := l.T("learning.kind." + string(t.Kind))
	if t.Form != "" {
		kind = l.T("learning.kind.with_form", "Kind", kind, "Form", t.Form)
	}
	v := itemView{ID: t.ID, Title: l.T("mytraining.tests.item", "Test", kind, "Course", t.CourseTitle), URL: t.URL,
		Badge: l.T("learning.state." + string(t.State))}
	switch t.State {
	case learning.StateOpen:
		v.Urgent, v.BadgeClass = true, "badge-gold"
		v.Meta = []string{l.T("mytraining.tests.closes", "When", l.DateTime(t.ClosesAt)),
			l.T("mytraining.tests.progress", "Answered", l.Number(t.Answered), "Total", l.Number(t.Questions))}
		v.NextURL, v.NextLabel = t.URL, l.T("mytraining.tests.take")
	case learning.StateUpcoming:
		v.Meta = []string{l.T("mytraining.tests.opens", "When", l.DateTime(t.OpensAt))}
	case learning.StateDone:
		v.BadgeClass = "badge-green"
		if t.Score != nil {
			v.Meta = append(v.Meta, l.T("mytraining.tests.score", "Score", scoreText(l, *t.Score)))
		}
		if t.SubmittedAt != nil {
			v.Meta = append(v.Meta, l.T("mytraining.tests.submitted", "When", l.DateTime(*t.SubmittedAt)))
		}
	}
	return v
}

func surveyView(l *i18n.Localizer, sv SurveyEntry) itemView {
	return itemView{ID: sv.ID, Title: l.T("mytraining.surveys.item", "Survey", l.T("learning.survey.kind."+string(sv.Kind)), "Course", sv.CourseTitle),
		URL: sv.URL, Badge: l.T("learning.state.open"), BadgeClass: "badge-gold", Urgent: true,
		Meta:    []string{l.T("mytraining.tests.closes", "When", l.DateTime(sv.ClosesAt))},
		NextURL: sv.URL, NextLabel: l.T("mytraining.surveys.answer")}
}

func certView(l *i18n.Localizer, c CertificateEntry) certificateView {
	v := certificateView{Code: c.Code, Title: c.CourseTitle, Dates: dateRange(l, c.StartsOn, c.EndsOn), Issued: l.Date(c.IssuedAt),
		PDFURL: c.PDFURL, BadgeURL: c.BadgeURL, ShareURL: c.ShareURL, Valid: c.Status == cert.StatusValid,
		Status: l.T("mytraining.certificates.status." + string(c.Status)), StatusClass: "badge-green"}
	if !v.Valid {
		v.StatusClass = "badge-red"
		v.Revoked = l.T("mytraining.certificates.revoked_on", "Date", l.Date(c.RevokedAt), "Reason", c.RevokeReason)
	}
	return v
}

func correctionViewOf(l *i18n.Localizer, c CorrectionRequest) correctionView {
	v := correctionView{ID: c.ID, Name: c.Name, Text: c.Text, Status: l.T("mytraining.corrections.status." + c.Status),
		Created: l.DateTime(c.CreatedAt), Note: c.Note, Open: c.Status == StatusOpen, StatusClass: "badge-gold"}
	if !v.Open {
		v.StatusClass = "badge-green"
		v.Resolved = l.T("mytraining.corrections.resolved_on", "When", l.DateTime(c.ResolvedAt))
	}
	return v
}

// --- labels ---

// dateRange is an activity's days as the UI language writes them.
func dateRange(l *i18n.Localizer, from, to string) string {
	f, okF := ui.ParseDate(from)
	t, okT := ui.ParseDate(to)
	switch {
	case !okF || !okT:
		return from + " – " + to
	case from == to:
		return l.Date(f)
	}
	return l.T("mytraining.dates", "From", l.Date(f), "To", l.Date(t))
}

// place is where an activity happens: "Online" or its place.
func place(l *i18n.Localizer, online bool, where string) string {
	if online || where == "" {
		return l.T("training.home.online")
	}
	return where
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// scoreText is a score in percent as the UI language writes it: the
// decimal comma in every language but English.
func scoreText(l *i18n.Localizer, score float64) string {
	s := strconv.FormatFloat(score, 'f', -1, 64)
	if l.Lang() != "en" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return l.T("mytraining.tests.percent", "Score", s)
}

// --- the export and the calendar files ---

// data downloads everything the platform holds on the signed-in account
// and its person as one JSON file (Service.Export, audited).
func (w *Web) data(rw http.ResponseWriter, r *http.Request) {
	d, err := w.svc.Export(r.Context())
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(d); err != nil {
		w.fail(rw, r, err)
		return
	}
	h := rw.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="topcop-my-data-`+d.GeneratedAt.Format(time.DateOnly)+`.json"`)
	h.Set("Cache-Control", "no-store")
	_, _ = rw.Write(buf.Bytes())
}

// calendar downloads one activity as an iCalendar file, to add to a
// calendar (the private feed, made on the calendar page, carries them
// all).
func (w *Web) calendar(rw http.ResponseWriter, r *http.Request) {
	var buf bytes.Buffer
	id := r.PathValue("id")
	if err := w.svc.ActivityCalendar(r.Context(), &buf, ui.LocalizerFrom(r.Context()), w.absolute(r), id); err != nil {
		w.fail(rw, r, err)
		return
	}
	h := rw.Header()
	h.Set("Content-Type", "text/calendar; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="topcop-`+id+`.ics"`)
	h.Set("Cache-Control", "private, no-cache")
	_, _ = rw.Write(buf.Bytes())
}

// absolute is the platform's absolute URL: its public URL when one is
// configured, else the host the request came to.
func (w *Web) absolute(r *http.Request) string {
	if w.public != "" {
		return w.public
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}
