package training

import (
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"html/template"
	"io/fs"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/topcop-platform/topcop/internal/auth"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/directory"
	"github.com/topcop-platform/topcop/internal/i18n"
	"github.com/topcop-platform/topcop/internal/ui"
)

// Templates holds training's page templates (templates/training/*.html)
// and the small stylesheet of the calendar and the activity form
// (templates/training/training.css, served by Web.stylesheet; the
// renderer reads only the .html files).
//
//go:embed templates
var Templates embed.FS

//go:embed locales
var locales embed.FS

// Access of training's pages (staff, the API's write access, is in
// api.go). They are a first line only: the Service decides again.
var (
	// staffForms are the empty "new" and "edit" forms and their helpers
	// (seat total, trainer search): coordinators and admins.
	staffForms = core.RolesIn(core.RoleAdmin, core.RoleCoordinator)
	// feedOwners get and reset their own private calendar feed: every
	// signed-in account, with a session or a token that may write.
	feedOwners = core.Member.Writes()
	// nominationReaders see an activity's nominations page: every member
	// but observers (the service shows each what they may see: staff
	// all, an ncp their country's, a nominee their own).
	nominationReaders = core.Member.Personal()
	// nominatorSearch is the nominate form's person search: ncps and
	// staff (nominators, who nominate, reorder and withdraw, and
	// answerers, who accept or decline a seat, are declared in
	// api_nominations.go for the pages and the API alike).
	nominatorSearch = core.RolesIn(core.RoleAdmin, core.RoleCoordinator, core.RoleNCP).Personal()
)

// Web serves training's pages: server-rendered html/template pages
// (templates/training/*.html) that htmx only enhances, as the directory's
// do. Handlers are thin: they parse the request, call the Service (which
// decides who may see and do what), and render or hand the error to fail.
// Writes answer with a redirect (303) to a page that shows a localised
// confirmation (?done=<name>, see flashes); invalid input re-renders the
// form with field errors (422, or 409 for a code in use) and changes
// nothing.
type Web struct {
	svc    *Service
	feeds  *Feeds
	dir    *directory.Service
	render *ui.Renderer
	fail   func(http.ResponseWriter, *http.Request, error)
	// public is the platform's public URL (config), for the absolute
	// links of the calendar feed; "" takes them from the request.
	public string
}

// NewWeb returns training's pages over svc (and the directory's people,
// for the trainer picker, and the accounts, for the calendar feeds),
// rendered with r. fail answers a request with an error (internal/web
// supplies it). publicURL is config.Config.PublicURL.
func NewWeb(svc *Service, accounts *auth.Service, dir *directory.Service, r *ui.Renderer, fail func(http.ResponseWriter, *http.Request, error), publicURL string) *Web {
	return &Web{svc: svc, feeds: NewFeeds(svc, accounts), dir: dir, render: r, fail: fail, public: strings.TrimSuffix(publicURL, "/")}
}

// Routes registers training's page routes on mux. This is the one list of
// them.
func (w *Web) Routes(mux ui.Router) {
	mux.HandleFunc("GET /training/courses", core.Member, w.courses)
	mux.HandleFunc("GET /training/courses/new", staffForms, w.courseNew)
	mux.HandleFunc("POST /training/courses", staff, w.courseCreate)
	mux.HandleFunc("GET /training/courses/{id}", core.Member, w.course)
	mux.HandleFunc("GET /training/courses/{id}/edit", staffForms, w.courseEdit)
	mux.HandleFunc("POST /training/courses/{id}", staff, w.courseUpdate)
	mux.HandleFunc("POST /training/courses/{id}/archive", staff, w.courseArchive)
	mux.HandleFunc("POST /training/courses/{id}/restore", staff, w.courseRestore)

	mux.HandleFunc("GET /training/crime-areas", core.Member, w.areas)
	mux.HandleFunc("POST /training/crime-areas", staff, w.areaCreate)

	mux.HandleFunc("GET /training/activities", core.Member, w.activities)
	mux.HandleFunc("GET /training/activities/new", staffForms, w.activityNew)
	mux.HandleFunc("POST /training/activities", staff, w.activityCreate)
	mux.HandleFunc("GET /training/activities/seats", staffForms, w.seatsTotal)
	mux.HandleFunc("GET /training/activities/trainers", staffForms, w.trainerPicker)
	mux.HandleFunc("GET /training/activities/{id}", core.Member, w.activity)
	mux.HandleFunc("GET /training/activities/{id}/edit", staffForms, w.activityEdit)
	mux.HandleFunc("POST /training/activities/{id}", staff, w.activityUpdate)
	mux.HandleFunc("POST /training/activities/{id}/status", staff, w.activityMove)
	mux.HandleFunc("POST /training/activities/{id}/call", staff, w.activityCallOpen)
	mux.HandleFunc("POST /training/activities/{id}/call/close", staff, w.activityCallClose)

	mux.HandleFunc("GET /training/activities/{id}/nominations", nominationReaders, w.nominations)
	mux.HandleFunc("POST /training/activities/{id}/nominations", nominators, w.nominate)
	mux.HandleFunc("GET /training/activities/{id}/nominations/people", nominatorSearch, w.nomineePicker)
	mux.HandleFunc("POST /training/activities/{id}/nominations/order", nominators, w.nominationsReorder)
	mux.HandleFunc("POST /training/nominations/{id}/withdraw", nominators, w.nominationWithdraw)
	mux.HandleFunc("POST /training/nominations/{id}/answer", answerers, w.nominationAnswer)
	mux.HandleFunc("POST /training/nominations/{id}/invite", nominators, w.nominationResend)

	mux.HandleFunc("GET /training/activities/{id}/attendance", attendanceReaders, w.attendance)
	mux.HandleFunc("POST /training/activities/{id}/attendance", markers, w.attendanceSave)
	mux.HandleFunc("GET /training/activities/{id}/participants", core.Member, w.participants)

	mux.HandleFunc("GET /training/activities/{id}/selection", staffForms, w.selection)
	mux.HandleFunc("POST /training/activities/{id}/selection/override", staff, w.selectionOverride)
	mux.HandleFunc("POST /training/activities/{id}/selection/confirm", staff, w.selectionConfirm)

	mux.HandleFunc("GET /training/calendar", core.Member, w.calendar)
	mux.HandleFunc("POST /training/calendar/feed", feedOwners, w.feedReset)
	mux.HandleFunc("POST /training/calendar/feed/revoke", feedOwners, w.feedRevoke)
	// The feed itself is fetched by calendar clients without a session:
	// public, and the secret token in the path decides (Feeds.Calendar).
	mux.HandleFunc("GET /training/calendar/feed/{file}", core.Public.SecretPath(), w.feed)
	mux.HandleFunc("GET /training/style.css", core.Public, w.stylesheet)
}

// --- request helpers ---

const (
	// listLimit is the page size of the list pages; embedded lists (a
	// course's activities) show fewer.
	listLimit     = 50
	embeddedLimit = 20
	// optionLimit caps the records offered in a select (courses).
	optionLimit = core.MaxLimit
)

func localizer(r *http.Request) *i18n.Localizer { return ui.LocalizerFrom(r.Context()) }

// pageReqOf reads ?cursor= into a page request of limit.
func pageReqOf(r *http.Request, limit int) core.PageRequest {
	return core.PageRequest{Limit: limit, Cursor: r.URL.Query().Get("cursor")}
}

// validID answers not_found for an id that is not a UUID before any
// service call.
func validID(id, what string) error {
	if !core.ValidID(id) {
		return notFound(what)
	}
	return nil
}

// flashes are the confirmations a page shows after a redirect
// (?done=<name>).
var flashes = ui.Flashes{
	"created":    "flash.created",
	"saved":      "flash.saved",
	"archived":   "flash.archived",
	"restored":   "training.flash.restored",
	"area_added": "training.flash.area_added",
	"moved":      "training.flash.moved",
	"feed_off":   "training.flash.feed_off",
	// calls, nominations and selection
	"call_opened": "training.flash.call_opened",
	"call_closed": "training.flash.call_closed",
	"nominated":   "training.flash.nominated",
	"reordered":   "training.flash.reordered",
	"withdrawn":   "training.flash.withdrawn",
	"accepted":    "training.flash.accepted",
	"declined":    "training.flash.declined",
	"overridden":  "training.flash.overridden",
	"confirmed":   "training.flash.confirmed",
	"resent":      "training.flash.resent",
}

// fieldKeys are training's own messages for its validation codes; every
// other code takes the shared "validation.<code>" message. A message for
// one field and code, "training.validation.<field>.<code>", wins over
// both (see fieldMessage).
var fieldKeys = map[string]string{
	CodeTaken:         "training.validation.taken",
	CodeUnknown:       "training.validation.unknown",
	CodeOutOfRange:    "training.validation.out_of_range",
	CodeEndsBefore:    "training.validation.ends_before_start",
	CodeSeatsOverCap:  "training.validation.seats_over_capacity",
	CodeNotAllowed:    "training.validation.transition_not_allowed",
	CodeUnknownArea:   "training.validation.unknown_area",
	CodeUnknownCourse: "training.validation.unknown_course",
	CodeCallClosed:    "training.validation.call_closed",
	CodeNotEligible:   "training.validation.not_eligible",
	CodeOtherCountry:  "training.validation.other_country",
	CodeAlreadyExists: "training.validation.already_nominated",
	CodeTooLate:       "training.validation.too_late",
	CodeOverCapacity:  "training.validation.over_capacity",
}

// fieldMessage localises one field error of the service: the message for
// the field and code if the catalogue has one, else as ui.FieldMessage.
func fieldMessage(l *i18n.Localizer, f core.FieldError) string {
	field := strings.ReplaceAll(f.Field, "-", "_")
	if k := "training.validation." + field + "." + f.Code; validKey(field) && l.Has(k) {
		return l.T(k, "Max", f.Param, "Min", f.Param)
	}
	return ui.FieldMessage(l, f, fieldKeys)
}

// validKey reports whether a field name can be part of a message key
// (service fields are lower_snake_case).
func validKey(s string) bool {
	for _, r := range s {
		if (r < 'a' || r > 'z') && r != '_' {
			return false
		}
	}
	return s != ""
}

// formErrors turns a service error's field errors into a form's errors
// (ui.ErrorsWith, with training's messages per field and code).
func formErrors(l *i18n.Localizer, err error, fields map[string]string) *ui.FormErrors {
	return ui.ErrorsWith(l, err, fields, func(f core.FieldError) string { return fieldMessage(l, f) }, "training.form.problem")
}

// same maps each name to itself (ui.Same).
var same = ui.Same

// intOf reads a whole number typed into a form: "" is 0, anything that is
// not a number -1, which every range check of the service refuses (so the
// form shows the field's error and nothing is written).
func intOf(s string) int {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return -1
	}
	return n
}

// floatOf is intOf for a decimal number (a comma is taken as the decimal
// mark, as most of the UI languages write it).
func floatOf(s string) float64 {
	s = strings.ReplaceAll(strings.TrimSpace(s), ",", ".")
	if s == "" {
		return 0
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f != f {
		return -1
	}
	return f
}

// numberText is how a number the user typed goes back into its input.
func numberText(f float64) string {
	if f == 0 {
		return ""
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// --- labels ---

func levelLabel(l *i18n.Localizer, v Level) string {
	if !v.Valid() {
		return string(v)
	}
	return l.T("training.level." + string(v))
}

func formatLabel(l *i18n.Localizer, f Format) string {
	if !f.Valid() {
		return string(f)
	}
	return l.T("training.format." + string(f))
}

func statusLabel(l *i18n.Localizer, s Status) string {
	if !s.Valid() {
		return string(s)
	}
	return l.T("training.status." + string(s))
}

// statusClass is the badge colour of a status; the badge always carries
// the status's name too (colour is never the only sign).
func statusClass(s Status) string {
	switch s {
	case StatusCallOpen, StatusSelection:
		return "badge-gold"
	case StatusConfirmed, StatusDelivered:
		return "badge-green"
	case StatusCancelled:
		return "badge-red"
	}
	return "badge-grey"
}

func cycleLabel(l *i18n.Localizer, c string) string {
	switch c {
	case Cycle2022:
		return l.T("training.cycle.c2022")
	case Cycle2026:
		return l.T("training.cycle.c2026")
	case CycleEmerging:
		return l.T("training.cycle.emerging")
	}
	return c
}

// areaKey is the message key of a reference crime area's name.
func areaKey(code string) string {
	return "training.area." + strings.ReplaceAll(strings.ToLower(code), "-", "_")
}

// areaName is a crime area's name in the UI language: the catalogue's for
// the reference taxonomy, the English name a coordinator gave an emerging
// threat otherwise.
func areaName(l *i18n.Localizer, a CrimeArea) string {
	if k := areaKey(a.Code); validAreaKey(a.Code) && l.Has(k) {
		return l.T(k)
	}
	return a.NameEN
}

func validAreaKey(code string) bool {
	return validKey(strings.ReplaceAll(strings.ToLower(code), "-", "_"))
}

// agencyTypeLabel names an agency type with the directory's messages.
func agencyTypeLabel(l *i18n.Localizer, t string) string {
	at := directory.AgencyType(t)
	switch {
	case !at.Valid():
		return t
	case at == directory.AgencyOther:
		return l.T("dir.agency_type.other_type")
	}
	return l.T("dir.agency_type." + t)
}

// languageName is an ISO 639-1 language's name in the UI language (CLDR,
// through golang.org/x/text), memoised: the names do not change while the
// process runs and the keys come from a bounded set.
func languageName(l *i18n.Localizer, code string) string {
	key := l.Lang() + "\x00" + code
	if n, ok := languageNames.Load(key); ok {
		return n.(string)
	}
	n := code
	if t, err := language.Parse(code); err == nil {
		if s := display.Languages(language.Make(l.Lang())).Name(t); s != "" {
			n = s
		}
	}
	languageNames.Store(key, n)
	return n
}

var languageNames, countryNames sync.Map

func languageList(l *i18n.Localizer, codes []string) string {
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = languageName(l, c)
	}
	return strings.Join(out, ", ")
}

// countryName is a country's name in the UI language (CLDR), or its
// English name, or its code.
func countryName(l *i18n.Localizer, code, nameEN string) string {
	key := l.Lang() + "\x00" + code
	if n, ok := countryNames.Load(key); ok {
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
	countryNames.Store(key, n)
	return n
}

// activityLanguages are the working and interpretation languages the
// activity form offers: the UI languages and the EU's most used ones.
var activityLanguages = []string{"en", "ro", "uk", "ka", "hy", "az", "ru", "de", "fr", "es", "it", "pt", "pl", "tr"}

// timeZones are the zones the activity form offers: the partner
// countries', the EU's and UTC (for online activities). The service
// accepts any IANA zone; these are the sensible ones.
var timeZones = []string{
	"Europe/Chisinau", "Europe/Kyiv", "Asia/Tbilisi", "Asia/Yerevan", "Asia/Baku",
	"Europe/Brussels", "Europe/Lisbon", "Europe/Budapest", "Europe/Bucharest", "Europe/Sofia", "Europe/Athens",
	"Europe/Vilnius", "Europe/Riga", "Europe/Tallinn", "Europe/Helsinki", "Europe/Warsaw", "Europe/Berlin",
	"Europe/Paris", "Europe/Rome", "Europe/Madrid", "Europe/Vienna", "Europe/Prague", "Europe/Amsterdam",
	"Europe/The_Hague", "Europe/Dublin", "Europe/Istanbul", "UTC",
}

func levelOptions(l *i18n.Localizer, first string) []ui.Option {
	return ui.Options(first, Levels, func(v Level) string { return levelLabel(l, v) })
}

func formatOptions(l *i18n.Localizer, first string) []ui.Option {
	return ui.Options(first, Formats, func(f Format) string { return formatLabel(l, f) })
}

func statusOptions(l *i18n.Localizer, first string) []ui.Option {
	return ui.Options(first, Statuses, func(s Status) string { return statusLabel(l, s) })
}

func agencyTypeOptions(l *i18n.Localizer, first string) []ui.Option {
	return ui.Options(first, directory.AgencyTypes, func(t directory.AgencyType) string { return agencyTypeLabel(l, string(t)) })
}

// areaGroup is the crime areas of one cycle, for checkboxes grouped by
// cycle and selects with an optgroup per cycle.
type areaGroup struct {
	Cycle, Label string
	Areas        []areaChoice
}

// areaChoice is one crime area of a group; Also names the other cycles
// of an area that belongs to several (shown once, see groupAreas).
type areaChoice struct {
	Code, Name, Also string
	Checked          bool
}

// cycles is the order of the groups.
var cycles = []string{Cycle2022, Cycle2026, CycleEmerging}

// groupAreas groups the taxonomy by cycle, marking the chosen codes. An
// area of both cycles (DRUGS, ENV) is in each group, or, with once (for
// checkboxes, which must be unique), only in its latest cycle's, saying
// which others it belongs to.
func groupAreas(l *i18n.Localizer, areas []CrimeArea, chosen []string, once bool) []areaGroup {
	out := make([]areaGroup, 0, len(cycles))
	for _, c := range cycles {
		g := areaGroup{Cycle: c, Label: cycleLabel(l, c)}
		for _, a := range areas {
			if !slices.Contains(a.Cycles, c) {
				continue
			}
			ch := areaChoice{Code: a.Code, Name: areaName(l, a), Checked: slices.Contains(chosen, a.Code)}
			if once && len(a.Cycles) > 1 {
				if latest := latestCycle(a.Cycles); latest != c {
					continue
				}
				var also []string
				for _, o := range a.Cycles {
					if o != c {
						also = append(also, cycleLabel(l, o))
					}
				}
				ch.Also = l.T("training.areas.also_in", "Cycles", strings.Join(also, ", "))
			}
			g.Areas = append(g.Areas, ch)
		}
		if len(g.Areas) > 0 {
			out = append(out, g)
		}
	}
	return out
}

// latestCycle is the last of cs in the order of cycles.
func latestCycle(cs []string) string {
	latest, at := "", -1
	for _, c := range cs {
		if i := slices.Index(cycles, c); i > at {
			latest, at = c, i
		}
	}
	return latest
}

// areaSelect is the <option>s of a crime-area filter: first (the empty
// value), then an <optgroup> per cycle, the one whose code is selected
// marked. Written in Go, escaped, as ui's options are.
func areaSelect(l *i18n.Localizer, areas []CrimeArea, first, selected string) template.HTML {
	var b strings.Builder
	opt := func(value, label string) {
		b.WriteString(`<option value="`)
		b.WriteString(template.HTMLEscapeString(value))
		b.WriteByte('"')
		if value == selected {
			b.WriteString(" selected")
		}
		b.WriteByte('>')
		b.WriteString(template.HTMLEscapeString(label))
		b.WriteString("</option>")
	}
	opt("", first)
	for _, g := range groupAreas(l, areas, nil, false) {
		b.WriteString(`<optgroup label="`)
		b.WriteString(template.HTMLEscapeString(g.Label))
		b.WriteString(`">`)
		for _, a := range g.Areas {
			opt(a.Code, a.Code+" — "+a.Name)
		}
		b.WriteString("</optgroup>")
	}
	return template.HTML(b.String()) //nolint:gosec // every part is escaped above
}

// areaLabels names codes of crime areas, in taxonomy order as given.
func areaLabels(l *i18n.Localizer, areas []CrimeArea, codes []string) []string {
	out := make([]string, 0, len(codes))
	for _, code := range codes {
		name := code
		if i := slices.IndexFunc(areas, func(a CrimeArea) bool { return a.Code == code }); i >= 0 {
			name = areaName(l, areas[i])
		}
		out = append(out, name)
	}
	return out
}

// allAreas is the whole taxonomy (active areas).
func (w *Web) allAreas(ctx context.Context) ([]CrimeArea, error) { return w.svc.Areas(ctx) }

// countryOptions lists the reference countries, localised, partner
// countries first, headed by an entry with the empty value; byCode names
// them.
func (w *Web) countryOptions(ctx context.Context, l *i18n.Localizer, first string) ([]ui.Option, map[string]directory.Country, error) {
	cs, err := w.dir.Countries(ctx)
	if err != nil {
		return nil, nil, err
	}
	out := []ui.Option{{Value: "", Label: first}}
	byCode := make(map[string]directory.Country, len(cs))
	for _, c := range cs {
		out = append(out, ui.Option{Value: c.Code, Label: countryName(l, c.Code, c.NameEN)})
		byCode[c.Code] = c
	}
	return out, byCode, nil
}

// crumbs is a breadcrumb trail: one of training's lists, then trail.
func crumbs(_ *i18n.Localizer, trail ...ui.Crumb) []ui.Crumb { return trail }

// paragraphs splits text on blank lines, dropping empty ones.
func paragraphs(text string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// lines splits text into its non-empty lines (learning outcomes, one per
// line).
func lines(text string) []string {
	var out []string
	for _, s := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// --- the stylesheet ---

// style is training's stylesheet and its content hash, which its URL
// carries so that browsers may keep it for good.
var style = sync.OnceValue(func() (s struct {
	css  []byte
	hash string
}) {
	b, err := fs.ReadFile(Templates, "templates/training/training.css")
	if err != nil {
		panic("training: templates/training/training.css: " + err.Error())
	}
	sum := sha256.Sum256(b)
	s.css, s.hash = b, hex.EncodeToString(sum[:6])
	return s
})

// styleURL is the stylesheet's URL with its content hash.
func styleURL() string { return "/training/style.css?v=" + style().hash }

// stylesheet serves training's stylesheet (the layout's CSP admits
// stylesheets of the same origin). With the current hash in ?v= it may be
// cached for good; any other request revalidates.
func (w *Web) stylesheet(rw http.ResponseWriter, r *http.Request) {
	s := style()
	h := rw.Header()
	h.Set("Content-Type", "text/css; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	if r.URL.Query().Get("v") == s.hash {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	_, _ = rw.Write(s.css)
}
