package directory

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/i18n"
	"github.com/topcop-platform/topcop/internal/ui"
)

// Web serves the directory's pages: server-rendered html/template pages
// (templates/directory/*.html) that htmx only enhances. Handlers are thin:
// they parse the request, call the Service (which decides who may see and
// do what), and render or hand the error to fail. Writes answer with a
// redirect (303) to a page that shows a localised confirmation chosen by
// ?done=<name> (see flashKeys); invalid input re-renders the form with
// field errors (422, or 409 for a duplicate) and changes nothing.
type Web struct {
	svc    *Service
	render *ui.Renderer
	fail   func(http.ResponseWriter, *http.Request, error)
}

// NewWeb returns the directory's pages over svc, rendered with r. fail
// answers a request with an error: a localised error page, or a redirect
// to sign in for anonymous GETs (internal/web supplies it).
func NewWeb(svc *Service, r *ui.Renderer, fail func(http.ResponseWriter, *http.Request, error)) *Web {
	return &Web{svc: svc, render: r, fail: fail}
}

// cachedForm returns the filter form of a list page: rendered once per
// language and filter values, then reused until the directory's data
// changes (ui.Renderer.CachedFragment over the directory's form cache). A
// filter form is the same for every actor (it holds the search text, the
// chosen filters and option lists of reference data and networks that
// every signed-in member sees), and with hundreds of networks and
// agencies it costs more to render than the rest of the page. key holds
// the filter values; build returns the page whose data the form reads (on
// its own copies: it may run after the request has ended). A form with
// errors is not cached.
func (w *Web) cachedForm(r *http.Request, key []string, name, block string, errs *ui.FormErrors, build func(context.Context) (ui.Page, error)) (template.HTML, error) {
	return w.render.CachedFragment(r, w.svc.st.cache.forms, key, name, block, errs, build)
}

// Routes registers the directory's page routes on mux. This is the one
// list of them.
func (w *Web) Routes(mux ui.Router) {
	mux.HandleFunc("GET /directory", core.Member, w.overview)

	mux.HandleFunc("GET /directory/agencies", core.Member, w.agencies)
	mux.HandleFunc("GET /directory/agencies/new", editorForms, w.agencyNew)
	mux.HandleFunc("POST /directory/agencies", editors, w.agencyCreate)
	mux.HandleFunc("GET /directory/agencies/export", core.Member, w.agenciesExport)
	mux.HandleFunc("GET /directory/agencies/{id}", core.Member, w.agency)
	mux.HandleFunc("GET /directory/agencies/{id}/edit", editorForms, w.agencyEdit)
	mux.HandleFunc("POST /directory/agencies/{id}", editors, w.agencyUpdate)
	mux.HandleFunc("POST /directory/agencies/{id}/archive", editors, w.agencyArchive)
	mux.HandleFunc("POST /directory/agencies/{id}/restore", editors, w.agencyRestore)
	mux.HandleFunc("POST /directory/agencies/{id}/units", editors, w.unitCreate)
	mux.HandleFunc("POST /directory/units/{id}", editors, w.unitUpdate)
	mux.HandleFunc("POST /directory/units/{id}/archive", editors, w.unitArchive)
	mux.HandleFunc("POST /directory/units/{id}/restore", editors, w.unitRestore)

	mux.HandleFunc("GET /directory/people", personal, w.people)
	mux.HandleFunc("GET /directory/people/new", editorForms, w.personNew)
	mux.HandleFunc("POST /directory/people", editors, w.personCreate)
	mux.HandleFunc("GET /directory/people/export", personal, w.peopleExport)
	mux.HandleFunc("GET /directory/people/picker", personal, w.peoplePicker)
	mux.HandleFunc("GET /directory/people/{id}", personal, w.person)
	mux.HandleFunc("GET /directory/people/{id}/edit", editorForms, w.personEdit)
	mux.HandleFunc("POST /directory/people/{id}", editors, w.personUpdate)
	mux.HandleFunc("POST /directory/people/{id}/archive", editors, w.personArchive)
	mux.HandleFunc("POST /directory/people/{id}/restore", editors, w.personRestore)

	mux.HandleFunc("GET /directory/contact-points", personal, w.contactPoints)
	mux.HandleFunc("GET /directory/contact-points/new", editorForms, w.contactPointNew)
	mux.HandleFunc("POST /directory/contact-points", editors, w.contactPointCreate)
	mux.HandleFunc("GET /directory/contact-points/{id}/edit", editorForms, w.contactPointEdit)
	mux.HandleFunc("POST /directory/contact-points/{id}", editors, w.contactPointUpdate)
	mux.HandleFunc("POST /directory/contact-points/{id}/archive", editors, w.contactPointArchive)
	mux.HandleFunc("POST /directory/contact-points/{id}/restore", editors, w.contactPointRestore)

	mux.HandleFunc("GET /directory/networks", core.Member, w.networks)
	mux.HandleFunc("GET /directory/networks/new", staffForms, w.networkNew)
	mux.HandleFunc("POST /directory/networks", staff, w.networkCreate)
	mux.HandleFunc("GET /directory/networks/{id}", core.Member, w.network)
	mux.HandleFunc("GET /directory/networks/{id}/edit", staffForms, w.networkEdit)
	mux.HandleFunc("POST /directory/networks/{id}", staff, w.networkUpdate)
	mux.HandleFunc("POST /directory/networks/{id}/archive", staff, w.networkArchive)
	mux.HandleFunc("POST /directory/networks/{id}/restore", staff, w.networkRestore)
	mux.HandleFunc("POST /directory/networks/{id}/members", memberEditors, w.memberAdd)
	mux.HandleFunc("POST /directory/members/{id}", memberEditors, w.memberUpdate)
	mux.HandleFunc("POST /directory/members/{id}/remove", memberEditors, w.memberRemove)

	mux.HandleFunc("GET /directory/import", editorForms, w.importPage)
	mux.HandleFunc("POST /directory/import", editors, w.importSubmit)
	mux.HandleFunc("GET /directory/import/template", editorForms, w.importTemplate)
}

// --- request helpers shared by the pages (the rest is ui's form kit) ---

// listLimit is the page size of the directory's list pages; embedded lists
// (an agency's people) show fewer.
const (
	listLimit     = 50
	embeddedLimit = 20
	// optionLimit caps the records offered in a select (agencies, people):
	// one page of the service's maximum.
	optionLimit = core.MaxLimit
)

func localizer(r *http.Request) *i18n.Localizer { return ui.LocalizerFrom(r.Context()) }

// flashes are the confirmations a page shows after a redirect
// (?done=<name>).
var flashes = ui.Flashes{
	"created":        "flash.created",
	"saved":          "flash.saved",
	"archived":       "flash.archived",
	"restored":       "dir.flash.restored",
	"unit_added":     "dir.flash.unit_added",
	"unit_saved":     "dir.flash.unit_saved",
	"unit_archived":  "dir.flash.unit_archived",
	"unit_restored":  "dir.flash.unit_restored",
	"member_added":   "dir.flash.member_added",
	"member_saved":   "dir.flash.member_saved",
	"member_removed": "dir.flash.member_removed",
}

// fieldKeys are the directory's own messages for its validation codes;
// every other code takes the shared "validation.<code>" message.
var fieldKeys = map[string]string{
	CodeUnknownUnit: "dir.validation.unknown_unit",
	CodeForbidden:   "dir.validation.forbidden",
	"out_of_range":  "dir.validation.out_of_range",
}

// fieldMessage localises one field error (see ui.FieldMessage).
func fieldMessage(l *i18n.Localizer, f core.FieldError) string {
	return ui.FieldMessage(l, f, fieldKeys)
}

// formErrors turns a service error's field errors into a form's errors
// (see ui.Errors).
func formErrors(l *i18n.Localizer, err error, fields map[string]string) *ui.FormErrors {
	return ui.Errors(l, err, fields, fieldKeys, "dir.form.problem")
}

// fieldMessages joins the localised messages of every field error of err.
func fieldMessages(l *i18n.Localizer, err error) string {
	var out []string
	for _, f := range core.AsError(err).Fields {
		out = append(out, fieldMessage(l, f))
	}
	return strings.Join(out, " ")
}

// same maps each name to itself (ui.Same).
var same = ui.Same

// summaryError is a form error with only a summary: for errors that no
// input causes (a conflict when archiving, say).
func summaryError(msg string) *ui.FormErrors { return &ui.FormErrors{Summary: msg} }

// defaultCountry is the country a "new" form starts with: the ncp's own
// when they have exactly one.
func defaultCountry(ctx context.Context) string {
	if cs := core.ActorFrom(ctx).Countries(core.RoleNCP); len(cs) == 1 && !core.ActorFrom(ctx).IsStaff() {
		return cs[0]
	}
	return ""
}

// --- labels and options ---

// countryLangs is the language of each country's native names, for lang
// attributes (names keep their native script; screen readers need the
// language). Countries with several official languages are left out.
var countryLangs = map[string]string{
	"AM": "hy", "AZ": "az", "GE": "ka", "MD": "ro", "UA": "uk",
	"AT": "de", "BG": "bg", "HR": "hr", "CY": "el", "CZ": "cs", "DK": "da", "EE": "et", "FI": "fi",
	"FR": "fr", "DE": "de", "GR": "el", "HU": "hu", "IE": "ga", "IT": "it", "LV": "lv", "LT": "lt",
	"LU": "lb", "MT": "mt", "NL": "nl", "PL": "pl", "PT": "pt", "RO": "ro", "SK": "sk", "SI": "sl",
	"ES": "es", "SE": "sv", "EU": "en",
}

// nativeLang is the lang attribute for a native-script name of a record of
// country, or "" when unknown.
func nativeLang(country string) string { return countryLangs[country] }

// countryName is a country's name in the UI language (CLDR, through
// golang.org/x/text), falling back to its English name.
func countryName(l *i18n.Localizer, code, nameEN string) string {
	// The key holds the English name, so a renamed country gets a new
	// entry (countries are reference data: a small, fixed set).
	return memoName(&countryNames, l.Lang()+"\x00"+code+"\x00"+nameEN, func() string { return lookupCountryName(l.Lang(), code, nameEN) })
}

// countryNames and languageNamesByCode memoise countryName and languageName:
// CLDR's names do not change while the process runs, a list page names a
// country on every row, and the keys come from bounded sets (reference
// countries, validated ISO 639-1 codes).
var countryNames, languageNamesByCode sync.Map

func memoName(m *sync.Map, key string, lookup func() string) string {
	if n, ok := m.Load(key); ok {
		return n.(string)
	}
	n := lookup()
	m.Store(key, n)
	return n
}

func lookupCountryName(lang, code, nameEN string) string {
	r, err := language.ParseRegion(code)
	if err == nil {
		if n := display.Regions(language.Make(lang)).Name(r); n != "" {
			return n
		}
	}
	if nameEN != "" {
		return nameEN
	}
	return code
}

// countryLabel is a country's name in the UI language followed by its
// native name when that differs.
func countryLabel(l *i18n.Localizer, c Country) string {
	n := countryName(l, c.Code, c.NameEN)
	if c.Kind != CountryEUBody && c.NameNative != "" && c.NameNative != n {
		return n + " (" + c.NameNative + ")"
	}
	return n
}

// languageName is an ISO 639-1 language's name in the UI language.
func languageName(l *i18n.Localizer, code string) string {
	return memoName(&languageNamesByCode, l.Lang()+"\x00"+code, func() string { return lookupLanguageName(l.Lang(), code) })
}

func lookupLanguageName(lang, code string) string {
	t, err := language.Parse(code)
	if err != nil {
		return code
	}
	if n := display.Languages(language.Make(lang)).Name(t); n != "" {
		return n
	}
	return code
}

// languageNames lists codes by name in the UI language.
func languageNames(l *i18n.Localizer, codes []string) string {
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = languageName(l, c)
	}
	return strings.Join(out, ", ")
}

// filterLanguages are the languages the people filter offers: those of the
// region and the EU's most used ones.
var filterLanguages = []string{"en", "ro", "uk", "ka", "hy", "az", "ru", "de", "fr", "es", "it", "pl", "tr", "bg", "el", "lt", "lv", "et"}

func agencyTypeKey(t AgencyType) string {
	if t == AgencyOther {
		return "dir.agency_type.other_type" // a key may not end in "other" (go-i18n plural form)
	}
	return "dir.agency_type." + string(t)
}

func agencyTypeLabel(l *i18n.Localizer, t AgencyType) string {
	if !t.Valid() {
		return string(t)
	}
	return l.T(agencyTypeKey(t))
}

func sexLabel(l *i18n.Localizer, s Sex) string {
	switch s {
	case SexFemale:
		return l.T("dir.sex.female")
	case SexMale:
		return l.T("dir.sex.male")
	}
	return l.T("dir.sex.not_recorded")
}

func contactKindLabel(l *i18n.Localizer, k ContactKind) string {
	if !k.Valid() {
		return string(k)
	}
	return l.T("dir.contact_kind." + string(k))
}

func areaKey(a string) string {
	return "dir.area." + strings.ReplaceAll(strings.ToLower(a), "-", "_")
}

// areaLabel is "CODE — name" of a crime area, "" for none.
func areaLabel(l *i18n.Localizer, a string) string {
	if a == "" || !ValidArea(a) {
		return a
	}
	return a + " — " + l.T(areaKey(a))
}

func networkKindLabel(l *i18n.Localizer, k NetworkKind) string {
	if !k.Valid() {
		return string(k)
	}
	return l.T("dir.network_kind." + string(k))
}

func memberRoleLabel(l *i18n.Localizer, r MemberRole) string {
	if !r.Valid() {
		return string(r)
	}
	return l.T("dir.member_role." + string(r))
}

func agencyTypeOptions(l *i18n.Localizer, first string) []ui.Option {
	return ui.Options(first, AgencyTypes, func(t AgencyType) string { return agencyTypeLabel(l, t) })
}

func sexOptions(l *i18n.Localizer, first string) []ui.Option {
	out := ui.Options(first, []Sex{SexFemale, SexMale}, func(s Sex) string { return sexLabel(l, s) })
	if first == "" { // a form: "not recorded" is a value
		out = append(out, ui.Option{Value: "", Label: sexLabel(l, SexNone)})
	}
	return out
}

func contactKindOptions(l *i18n.Localizer, first string) []ui.Option {
	return ui.Options(first, ContactKinds, func(k ContactKind) string { return contactKindLabel(l, k) })
}

func areaOptions(l *i18n.Localizer, first string) []ui.Option {
	return ui.Options(first, CrimeAreas, func(a string) string { return areaLabel(l, a) })
}

func networkKindOptions(l *i18n.Localizer, first string) []ui.Option {
	return ui.Options(first, NetworkKinds, func(k NetworkKind) string { return networkKindLabel(l, k) })
}

func memberRoleOptions(l *i18n.Localizer, first string) []ui.Option {
	return ui.Options(first, MemberRoles, func(r MemberRole) string { return memberRoleLabel(l, r) })
}

func languageOptions(l *i18n.Localizer, first string) []ui.Option {
	return ui.Options(first, filterLanguages, func(c string) string { return languageName(l, c) + " (" + c + ")" })
}

// countryOptions lists the reference countries, localised, headed by an
// entry with the empty value.
func (w *Web) countryOptions(ctx context.Context, l *i18n.Localizer, first string) ([]ui.Option, map[string]Country, error) {
	cs, err := w.svc.Countries(ctx)
	if err != nil {
		return nil, nil, err
	}
	out := []ui.Option{{Value: "", Label: first}}
	byCode := make(map[string]Country, len(cs))
	for _, c := range cs {
		out = append(out, ui.Option{Value: c.Code, Label: countryLabel(l, c)})
		byCode[c.Code] = c
	}
	return out, byCode, nil
}

// agencyOptions lists up to optionLimit active agencies (of country, when
// set) as "CODE — Name", headed by an entry with the empty value.
func (w *Web) agencyOptions(ctx context.Context, country, first string) ([]ui.Option, error) {
	list, err := w.svc.ListAgencies(ctx, AgencyFilter{Country: country, Sort: SortCountry}, core.PageRequest{Limit: optionLimit})
	if err != nil {
		return nil, err
	}
	out := []ui.Option{{Value: "", Label: first}}
	for _, a := range list.Items {
		out = append(out, ui.Option{Value: a.ID, Label: a.Code + " — " + a.Name})
	}
	return out, nil
}

// crumbs is the directory's breadcrumb trail: the overview, then trail.
func crumbs(l *i18n.Localizer, trail ...ui.Crumb) []ui.Crumb {
	return append([]ui.Crumb{{Label: l.T("dir.overview.title"), URL: "/directory"}}, trail...)
}

// filterQuery returns q without the empty values and the cursor, for links
// that keep a list's filters (exports).
func filterQuery(q url.Values, keys ...string) url.Values {
	out := url.Values{}
	for _, k := range keys {
		if v := strings.TrimSpace(q.Get(k)); v != "" {
			out.Set(k, v)
		}
	}
	return out
}

// showArchived reports whether a list shows archived records too: when
// the request asks for them (?param=true) and the actor may see them
// (Service.CanSeeArchived, passed as allowed). Others asking get the
// normal list.
func showArchived(q url.Values, param string, allowed bool) bool {
	return allowed && q.Get(param) == "true"
}

// orderOf is the order a list is in for ?sort=sort: sort itself, or the
// list's default (the first of keys) when none is asked for.
func orderOf(sort string, keys []string) string {
	if sort == "" {
		return keys[0]
	}
	return sort
}

// sortOptions are the choices of a sort select: each key of a list in its
// natural direction, then reversed ("-key").
func sortOptions(l *i18n.Localizer, keys []string) []ui.Option {
	out := make([]ui.Option, 0, 2*len(keys))
	for _, k := range keys {
		out = append(out, ui.Option{Value: k, Label: l.T("dir.sort." + k)},
			ui.Option{Value: "-" + k, Label: l.T("dir.sort." + k + "_reversed")})
	}
	return out
}

// pageReqOf reads ?cursor= into a page request of limit.
func pageReqOf(r *http.Request, limit int) core.PageRequest {
	return core.PageRequest{Limit: limit, Cursor: r.URL.Query().Get("cursor")}
}

// validID answers not_found for an id that is not a UUID before any
// service call, so that nothing but UUIDs reach the database.
func validID(id, what string) error {
	if !core.ValidID(id) {
		return core.Errorf(core.NotFound, "%s not found", what)
	}
	return nil
}
