package directory

import (
	"context"
	"errors"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/topcop-platform/topcop/internal/api"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/i18n"
	"github.com/topcop-platform/topcop/internal/ui"
)

// personView is a person as the pages show it.
type personView struct {
	Person
	CountryName string
	NativeLang  string
}

func personViewOf(l *i18n.Localizer, p Person, countries map[string]Country) personView {
	return personView{Person: p, CountryName: countryName(l, p.CountryCode, countries[p.CountryCode].NameEN), NativeLang: nativeLang(p.CountryCode)}
}

// peopleRowsHTML renders the body rows of the people table. It is written
// in Go, not as a template range, because html/template runs each of a
// row's dozen values through escaping functions called by reflection: on
// a 50-row page that was most of the time the page took. Every value is
// escaped here; identifiers are path-escaped inside links. When actions is
// not nil, each row ends with a cell of what it returns (markup of a
// template: the restore button of an archived person).
func peopleRowsHTML(l *i18n.Localizer, people []Person, countries map[string]Country, actions func(Person) template.HTML) template.HTML {
	esc := template.HTMLEscapeString
	archived, hidden := esc(l.T("dir.status.archived")), esc(l.T("dir.person.contact_hidden_short"))
	var b strings.Builder
	b.Grow(len(people) * 512)
	for _, r := range people {
		b.WriteString(`<tr><th scope="row"><a href="/directory/people/`)
		b.WriteString(esc(url.PathEscape(r.ID)))
		b.WriteString(`">`)
		b.WriteString(esc(r.Name()))
		b.WriteString(`</a>`)
		if native := r.NativeName(); native != "" {
			b.WriteString(`<br><span class="muted"`)
			if lang := nativeLang(r.CountryCode); lang != "" {
				b.WriteString(` lang="`)
				b.WriteString(esc(lang))
				b.WriteByte('"')
			}
			b.WriteByte('>')
			b.WriteString(esc(native))
			b.WriteString(`</span>`)
		}
		if r.Archived {
			b.WriteString(` <span class="badge badge-archived">`)
			b.WriteString(archived)
			b.WriteString(`</span>`)
		}
		b.WriteString(`</th><td><a href="/directory/agencies/`)
		b.WriteString(esc(url.PathEscape(r.AgencyID)))
		b.WriteString(`">`)
		b.WriteString(esc(r.AgencyName))
		b.WriteString(`</a></td><td>`)
		b.WriteString(esc(countryName(l, r.CountryCode, countries[r.CountryCode].NameEN)))
		b.WriteString(`</td><td>`)
		b.WriteString(esc(r.Position))
		b.WriteString(`</td><td>`)
		switch {
		case !r.ContactVisible:
			b.WriteString(`<span class="muted">`)
			b.WriteString(hidden)
			b.WriteString(`</span>`)
		case r.Email != "":
			b.WriteString(`<a href="mailto:`)
			b.WriteString(esc(r.Email))
			b.WriteString(`">`)
			b.WriteString(esc(r.Email))
			b.WriteString(`</a>`)
		}
		b.WriteString("</td>")
		if actions != nil {
			b.WriteString(`<td class="actions">`)
			b.WriteString(string(actions(r)))
			b.WriteString("</td>")
		}
		b.WriteString("</tr>\n")
	}
	return template.HTML(b.String()) //nolint:gosec // every value is escaped above
}

// peopleData is .Page.Data of directory/people.html.
type peopleData struct {
	Q, Country, Agency, Sex, Language, Role, Network, Sort string
	Order                                                  string // the order the list is in: Sort, or the default
	// Archived lists archived people too (?archived=true); ArchivedOption
	// offers the filter (Service.CanSeeArchived).
	Archived, ArchivedOption bool

	Countries, Agencies, Sexes, Languages, Roles, Networks, Sorts []ui.Option

	Filters                      template.HTML // the filter form (Web.cachedForm)
	List                         core.List[Person]
	Rows                         template.HTML // peopleRowsHTML(List.Items)
	CanEdit                      bool
	ExportCSV, ExportXLSX, Reset string
}

// personFilterFields maps the service's filter fields to the inputs.
var personFilterFields = map[string]string{"query": "q", "country": "country", "agency_id": "agency", "sex": "sex",
	"language": "language", "role": "role", "network_id": "network", "sort": "sort"}

// people lists people (Service.ListPeople: not observers) with a live
// search in any script, filters, sort (also by the column headings) and
// paging both ways; those who may see archived people may list them too,
// with a restore button on those they may edit. htmx requests get the
// results region only.
func (w *Web) people(rw http.ResponseWriter, r *http.Request) {
	ctx, l, q := r.Context(), localizer(r), r.URL.Query()
	d := peopleData{Q: strings.TrimSpace(q.Get("q")), Country: strings.ToUpper(strings.TrimSpace(q.Get("country"))),
		Agency: q.Get("agency"), Sex: q.Get("sex"), Language: q.Get("language"), Role: q.Get("role"),
		Network: q.Get("network"), Sort: q.Get("sort"), CanEdit: w.svc.CanEditSome(ctx), ArchivedOption: w.svc.CanSeeArchived(ctx)}
	d.Archived = showArchived(q, "archived", d.ArchivedOption)
	d.Order = orderOf(d.Sort, PersonSorts)
	list, err := w.svc.ListPeople(ctx, PersonFilter{Query: d.Q, Country: d.Country, AgencyID: d.Agency, Sex: Sex(d.Sex),
		Language: d.Language, Role: ContactKind(d.Role), NetworkID: d.Network, Sort: d.Sort, IncludeArchived: d.Archived}, pageReqOf(r, listLimit))
	status, fe := http.StatusOK, (*ui.FormErrors)(nil)
	switch {
	case ui.HasFields(err):
		status, fe = api.StatusOf(err), formErrors(l, err, personFilterFields)
	case err != nil:
		w.fail(rw, r, err)
		return
	}
	cs, err := w.svc.Countries(ctx)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	byCode := make(map[string]Country, len(cs))
	for _, c := range cs {
		byCode[c.Code] = c
	}
	page := ui.Page{
		Title: l.T("dir.people.title"), Section: "people", Errors: fe, Flash: flashes.Message(r),
		Breadcrumbs: crumbs(l, ui.Crumb{Label: l.T("dir.people.title")}),
	}
	// The form is built from copies: it may be rendered in the background,
	// after this request has ended (see cachedForm).
	form, formPage := d, page
	d.Filters, err = w.cachedForm(r, []string{d.Q, d.Country, d.Agency, d.Sex, d.Language, d.Role, d.Network, d.Order,
		strconv.FormatBool(d.ArchivedOption), strconv.FormatBool(d.Archived)},
		"directory/people.html", "peoplefilters", fe, func(ctx context.Context) (ui.Page, error) {
			if err := w.peopleFilterOptions(ctx, l, &form); err != nil {
				return formPage, err
			}
			formPage.Data = form
			return formPage, nil
		})
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	var actions func(Person) template.HTML
	if d.Archived {
		// The restore buttons are the shared archiveform partial; the
		// rest of each row is written in Go (peopleRowsHTML).
		restore := map[string]template.HTML{}
		for _, p := range list.Items {
			if p.Archived && w.svc.CanEdit(ctx, p.CountryCode) {
				if restore[p.ID], err = w.render.Fragment(r, "directory/people.html", "personrestore", ui.Page{Data: p}); err != nil {
					w.fail(rw, r, err)
					return
				}
			}
		}
		actions = func(p Person) template.HTML { return restore[p.ID] }
	}
	d.List, d.Rows = list, peopleRowsHTML(l, list.Items, byCode, actions)
	eq := filterQuery(q, "q", "country", "agency", "sex", "language", "role", "network", "sort")
	if d.Archived {
		eq.Set("archived", "true")
	}
	eq.Set("format", "csv")
	d.ExportCSV = "/directory/people/export?" + eq.Encode()
	eq.Set("format", "xlsx")
	d.ExportXLSX = "/directory/people/export?" + eq.Encode()
	page.Data = d
	w.render.Render(rw, r, status, "directory/people.html", page)
}

// peopleFilterOptions fills the option lists of the people filter form.
func (w *Web) peopleFilterOptions(ctx context.Context, l *i18n.Localizer, d *peopleData) error {
	countries, _, err := w.countryOptions(ctx, l, l.T("dir.filter.any_country"))
	if err != nil {
		return err
	}
	agencyCountry := d.Country
	if !countryCodeRE.MatchString(agencyCountry) {
		agencyCountry = ""
	}
	// The agency filter lists the agencies of the chosen country: a select
	// of every agency of the region would be long to render and to use.
	agencies := []ui.Option{{Value: "", Label: l.T("dir.filter.any_agency")}}
	if agencyCountry != "" {
		if agencies, err = w.agencyOptions(ctx, agencyCountry, l.T("dir.filter.any_agency")); err != nil {
			return err
		}
	} else if core.ValidID(d.Agency) {
		if a, err := w.svc.Agency(ctx, d.Agency); err == nil {
			agencies = append(agencies, ui.Option{Value: a.ID, Label: a.Code + " — " + a.Name})
		}
	}
	nets, err := w.svc.NetworkNames(ctx)
	if err != nil {
		return err
	}
	d.Countries, d.Agencies = countries, agencies
	d.Networks = []ui.Option{{Value: "", Label: l.T("dir.filter.any_network")}}
	for _, n := range nets {
		d.Networks = append(d.Networks, ui.Option{Value: n.Key, Label: n.Label})
	}
	d.Sexes = sexOptions(l, l.T("dir.filter.any_sex"))
	d.Languages = languageOptions(l, l.T("dir.filter.any_language"))
	d.Roles = contactKindOptions(l, l.T("dir.filter.any_role"))
	d.Sorts = sortOptions(l, PersonSorts)
	return nil
}

// membership is one of a person's network memberships.
type membership struct {
	Network Network
	Member  Member
	Role    string
}

// personData is .Page.Data of directory/person.html.
type personData struct {
	personView
	SexLabel      string
	LanguageNames string
	ContactPoints []ContactPoint
	Memberships   []membership
	CanEdit       bool
}

// person shows one person: names in both scripts, agency, position,
// languages, contact details only where the service returns them, and
// the person's contact-point roles and network memberships
// (Service.PersonRoles).
func (w *Web) person(rw http.ResponseWriter, r *http.Request) {
	w.renderPerson(rw, r, r.PathValue("id"), http.StatusOK, nil)
}

// renderPerson renders the person page with status and a refusal's
// reason, if any.
func (w *Web) renderPerson(rw http.ResponseWriter, r *http.Request, id string, status int, fe *ui.FormErrors) {
	ctx, l := r.Context(), localizer(r)
	if err := validID(id, "person"); err != nil {
		w.fail(rw, r, err)
		return
	}
	p, err := w.svc.Person(ctx, id)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	_, byCode, err := w.countryOptions(ctx, l, "")
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	d := personData{personView: personViewOf(l, p, byCode), SexLabel: sexLabel(l, p.Sex),
		LanguageNames: languageNames(l, p.Languages), CanEdit: w.svc.CanEdit(ctx, p.CountryCode)}
	roles, err := w.svc.PersonRoles(ctx, id)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	d.ContactPoints = roles.ContactPoints
	for _, m := range roles.Memberships {
		d.Memberships = append(d.Memberships, membership{Network: m.Network, Member: m.Member, Role: memberRoleLabel(l, m.Member.Role)})
	}
	w.render.Render(rw, r, status, "directory/person.html", ui.Page{
		Title: p.Name(), Section: "people", Data: d, Flash: flashes.Message(r), Errors: fe,
		Breadcrumbs: crumbs(l, ui.Crumb{Label: l.T("dir.people.title"), URL: "/directory/people"}, ui.Crumb{Label: p.Name()}),
	})
}

// personForm is the state of the person form, as submitted.
type personForm struct {
	AgencyID, UnitID, GivenName, FamilyName, GivenNameNative, FamilyNameNative string
	Sex, Position, Languages, Email, Phone                                     string
	Demo, ConfirmNew                                                           bool
}

func (f personForm) input() PersonInput {
	return PersonInput{AgencyID: f.AgencyID, UnitID: f.UnitID, GivenName: f.GivenName, FamilyName: f.FamilyName,
		GivenNameNative: f.GivenNameNative, FamilyNameNative: f.FamilyNameNative, Sex: Sex(f.Sex), Position: f.Position,
		Languages: splitLanguageList(f.Languages), Email: f.Email, Phone: f.Phone, Demo: f.Demo, RejectDuplicates: !f.ConfirmNew}
}

// splitLanguageList splits "uk, en; ru" into codes.
func splitLanguageList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\t' })
}

func personFormOf(p Person) personForm {
	return personForm{AgencyID: p.AgencyID, UnitID: p.UnitID, GivenName: p.GivenName, FamilyName: p.FamilyName,
		GivenNameNative: p.GivenNameNative, FamilyNameNative: p.FamilyNameNative, Sex: string(p.Sex), Position: p.Position,
		Languages: strings.Join(p.Languages, ", "), Email: p.Email, Phone: p.Phone, Demo: p.Demo}
}

func personFormFrom(r *http.Request) personForm {
	f := r.PostForm
	return personForm{AgencyID: f.Get("agency_id"), UnitID: f.Get("unit_id"), GivenName: f.Get("given_name"),
		FamilyName: f.Get("family_name"), GivenNameNative: f.Get("given_name_native"), FamilyNameNative: f.Get("family_name_native"),
		Sex: f.Get("sex"), Position: f.Get("position"), Languages: f.Get("languages"), Email: f.Get("email"), Phone: f.Get("phone"),
		Demo: f.Get("demo") == "true", ConfirmNew: f.Get("confirm_new") == "true"}
}

var personFields = same("agency_id", "unit_id", "given_name", "family_name", "given_name_native", "family_name_native",
	"sex", "position", "languages", "email", "phone")

// duplicateRow is a likely duplicate as the form's warning lists it.
type duplicateRow struct {
	Person
	CountryName string
	NativeLang  string
	Percent     int
}

// personFormData is .Page.Data of directory/person_form.html.
type personFormData struct {
	ID, Action, Cancel, Self string
	Form                     personForm
	Agencies, Units, Sexes   []ui.Option
	NativeLang               string
	Duplicates               []duplicateRow
}

func (w *Web) renderPersonForm(rw http.ResponseWriter, r *http.Request, status int, id string, f personForm, fe *ui.FormErrors, dups []Duplicate) {
	ctx, l := r.Context(), localizer(r)
	agencies, err := w.agencyOptions(ctx, defaultCountry(ctx), l.T("dir.form.choose_agency"))
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	_, byCode, err := w.countryOptions(ctx, l, "")
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	d := personFormData{ID: id, Form: f, Agencies: agencies, Sexes: sexOptions(l, ""),
		Action: "/directory/people", Cancel: "/directory/people", Self: "/directory/people/new"}
	d.Units = []ui.Option{{Value: "", Label: l.T("dir.form.no_unit")}}
	if core.ValidID(f.AgencyID) {
		if a, err := w.svc.Agency(ctx, f.AgencyID); err == nil {
			d.NativeLang = nativeLang(a.CountryCode)
			units, err := w.svc.Units(ctx, a.ID, false)
			if err != nil {
				w.fail(rw, r, err)
				return
			}
			for _, u := range units {
				d.Units = append(d.Units, ui.Option{Value: u.ID, Label: u.Name})
			}
		}
	}
	for _, dp := range dups {
		d.Duplicates = append(d.Duplicates, duplicateRow{Person: dp.Person,
			CountryName: countryName(l, dp.Person.CountryCode, byCode[dp.Person.CountryCode].NameEN),
			NativeLang:  nativeLang(dp.Person.CountryCode), Percent: int(math.Round(dp.Score * 100))})
	}
	title := l.T("dir.person.new_title")
	trail := []ui.Crumb{{Label: l.T("dir.people.title"), URL: "/directory/people"}}
	if id != "" {
		d.Action, d.Cancel, d.Self = "/directory/people/"+id, "/directory/people/"+id, "/directory/people/"+id+"/edit"
		title = l.T("dir.person.edit_title")
		trail = append(trail, ui.Crumb{Label: strings.TrimSpace(f.GivenName + " " + f.FamilyName), URL: d.Cancel})
	}
	w.render.Render(rw, r, status, "directory/person_form.html", ui.Page{
		Title: title, Section: "people", Data: d, Errors: fe,
		Breadcrumbs: crumbs(l, append(trail, ui.Crumb{Label: title})...),
	})
}

// personSaveFailed re-renders the form after a refused save: likely
// duplicates (409, with the list and the confirmation checkbox), field
// errors (422, or 409 for an e-mail in use); anything else goes to fail.
func (w *Web) personSaveFailed(rw http.ResponseWriter, r *http.Request, id string, f personForm, err error) {
	l := localizer(r)
	var de *DuplicateError
	switch {
	case errors.As(err, &de):
		fe := &ui.FormErrors{Summary: l.T("dir.person.duplicates_summary")}
		fe.Add("confirm_new", l.T("dir.person.duplicates_confirm_error"))
		f.ConfirmNew = false
		w.renderPersonForm(rw, r, http.StatusConflict, id, f, fe, de.Duplicates)
	case ui.HasFields(err):
		w.renderPersonForm(rw, r, api.StatusOf(err), id, f, formErrors(l, err, personFields), nil)
	default:
		w.fail(rw, r, err)
	}
}

// personNew shows the empty form (to editors), with the agency of
// ?agency_id= chosen.
func (w *Web) personNew(rw http.ResponseWriter, r *http.Request) {
	w.renderPersonForm(rw, r, http.StatusOK, "", personForm{AgencyID: r.URL.Query().Get("agency_id")}, nil, nil)
}

// personCreate creates a person. The first submission refuses likely
// duplicates (across scripts) and lists them; ticking "create anyway"
// (confirm_new) creates the person regardless.
func (w *Web) personCreate(rw http.ResponseWriter, r *http.Request) {
	if err := ui.ParseForm(rw, r); err != nil {
		w.fail(rw, r, err)
		return
	}
	f := personFormFrom(r)
	p, _, err := w.svc.CreatePerson(r.Context(), f.input())
	if err != nil {
		w.personSaveFailed(rw, r, "", f, err)
		return
	}
	ui.SeeOther(rw, r, ui.Done("/directory/people/"+p.ID, "created"))
}

// personEdit shows the edit form; ?agency_id= changes the agency shown
// (the htmx unit list reloads that way).
func (w *Web) personEdit(rw http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if err := validID(id, "person"); err != nil {
		w.fail(rw, r, err)
		return
	}
	p, err := w.svc.Person(r.Context(), id)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	if !w.svc.CanEdit(r.Context(), p.CountryCode) || !p.ContactVisible {
		w.fail(rw, r, forbiddenCountry(p.CountryCode))
		return
	}
	f := personFormOf(p)
	if a := r.URL.Query().Get("agency_id"); a != "" && a != f.AgencyID {
		f.AgencyID, f.UnitID = a, ""
	}
	w.renderPersonForm(rw, r, http.StatusOK, id, f, nil, nil)
}

// personUpdate saves the edit form (Service.UpdatePerson), with the same
// duplicate check as creation when a name changes.
func (w *Web) personUpdate(rw http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if err := validID(id, "person"); err != nil {
		w.fail(rw, r, err)
		return
	}
	if err := ui.ParseForm(rw, r); err != nil {
		w.fail(rw, r, err)
		return
	}
	f := personFormFrom(r)
	if _, _, err := w.svc.UpdatePerson(r.Context(), id, f.input()); err != nil {
		w.personSaveFailed(rw, r, id, f, err)
		return
	}
	ui.SeeOther(rw, r, ui.Done("/directory/people/"+id, "saved"))
}

func (w *Web) personArchive(rw http.ResponseWriter, r *http.Request) {
	w.personSetArchived(rw, r, true)
}
func (w *Web) personRestore(rw http.ResponseWriter, r *http.Request) {
	w.personSetArchived(rw, r, false)
}

// personSetArchived archives or restores a person. Restoring a person of
// an archived agency is refused (409) with the reason.
func (w *Web) personSetArchived(rw http.ResponseWriter, r *http.Request, archived bool) {
	id := r.PathValue("id")
	if err := validID(id, "person"); err != nil {
		w.fail(rw, r, err)
		return
	}
	err := w.svc.ArchivePerson(r.Context(), id, archived)
	if core.IsCode(err, core.Conflict) {
		w.renderPerson(rw, r, id, http.StatusConflict, summaryError(localizer(r).T("dir.person.restore_conflict")))
		return
	}
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	ui.SeeOther(rw, r, ui.Done("/directory/people/"+id, map[bool]string{true: "archived", false: "restored"}[archived]))
}
