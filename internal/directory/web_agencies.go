package directory

import (
	"net/http"
	"strings"

	"github.com/topcop-platform/topcop/internal/api"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/i18n"
	"github.com/topcop-platform/topcop/internal/ui"
)

// agencyRow is an agency as the pages show it.
type agencyRow struct {
	Agency
	CountryName string
	TypeLabel   string
	NativeLang  string
	CanRestore  bool // archived, and the actor may restore it
}

func agencyRowOf(l *i18n.Localizer, a Agency, countries map[string]Country) agencyRow {
	return agencyRow{Agency: a, CountryName: countryName(l, a.CountryCode, countries[a.CountryCode].NameEN),
		TypeLabel: agencyTypeLabel(l, a.Type), NativeLang: nativeLang(a.CountryCode)}
}

// agenciesData is .Page.Data of directory/agencies.html.
type agenciesData struct {
	Q, Country, Type, Sort  string
	Order                   string // the order the list is in: Sort, or the default
	Countries, Types, Sorts []ui.Option
	// Archived lists archived agencies too (?archived=true); ArchivedOption
	// offers the filter (Service.CanSeeArchived).
	Archived, ArchivedOption     bool
	List                         core.List[agencyRow]
	CanEdit                      bool
	ExportCSV, ExportXLSX, Reset string
}

// agencyFilterFields maps the service's filter fields to the inputs.
var agencyFilterFields = map[string]string{"query": "q", "country": "country", "type": "type", "sort": "sort"}

// agencies lists agencies (Service.ListAgencies: any signed-in actor) with
// a live search, filters, sort (also by the column headings) and cursor
// paging; those who may see archived agencies may list them too, with a
// restore button. htmx requests get the results region only. A bad filter
// re-renders with the error (422).
func (w *Web) agencies(rw http.ResponseWriter, r *http.Request) {
	ctx, l, q := r.Context(), localizer(r), r.URL.Query()
	d := agenciesData{Q: strings.TrimSpace(q.Get("q")), Country: strings.ToUpper(strings.TrimSpace(q.Get("country"))),
		Type: q.Get("type"), Sort: q.Get("sort"), CanEdit: w.svc.CanEditSome(ctx), ArchivedOption: w.svc.CanSeeArchived(ctx)}
	d.Archived = showArchived(q, "archived", d.ArchivedOption)
	d.Order = orderOf(d.Sort, AgencySorts)
	list, err := w.svc.ListAgencies(ctx, AgencyFilter{Query: d.Q, Country: d.Country, Type: AgencyType(d.Type), Sort: d.Sort,
		IncludeArchived: d.Archived}, pageReqOf(r, listLimit))
	status, fe := http.StatusOK, (*ui.FormErrors)(nil)
	switch {
	case ui.HasFields(err):
		status, fe = api.StatusOf(err), formErrors(l, err, agencyFilterFields)
	case err != nil:
		w.fail(rw, r, err)
		return
	}
	countries, byCode, err := w.countryOptions(ctx, l, l.T("dir.filter.any_country"))
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	d.Countries, d.Types = countries, agencyTypeOptions(l, l.T("dir.filter.any_type"))
	d.Sorts = sortOptions(l, AgencySorts)
	d.List = records(list, func(a Agency) agencyRow {
		row := agencyRowOf(l, a, byCode)
		row.CanRestore = a.Archived && w.svc.CanEdit(ctx, a.CountryCode)
		return row
	})
	eq := filterQuery(q, "q", "country", "type", "sort")
	if d.Archived {
		eq.Set("archived", "true")
	}
	eq.Set("format", "csv")
	d.ExportCSV = "/directory/agencies/export?" + eq.Encode()
	eq.Set("format", "xlsx")
	d.ExportXLSX = "/directory/agencies/export?" + eq.Encode()
	w.render.Render(rw, r, status, "directory/agencies.html", ui.Page{
		Title: l.T("dir.agencies.title"), Section: "directory", Data: d, Errors: fe, Flash: flashes.Message(r),
		Breadcrumbs: crumbs(l, ui.Crumb{Label: l.T("dir.agencies.title")}),
	})
}

// agencyData is .Page.Data of directory/agency.html.
type agencyData struct {
	agencyRow
	Units         []Unit
	People        core.List[Person]
	PeopleHidden  bool // observers: people are personal data
	ContactPoints []ContactPoint
	CanEdit       bool
	Staff         bool
	UnitForm      UnitInput // the add-unit form after an error
	PeopleURL     string
	// ArchivedUnits lists archived units too (?archived=true);
	// ArchivedOption offers the filter (Service.CanSeeArchived).
	ArchivedUnits, ArchivedOption bool
}

// agency shows one agency with its units, first people and contact
// points. Observers see the agency and its units only.
func (w *Web) agency(rw http.ResponseWriter, r *http.Request) {
	w.renderAgency(rw, r, r.PathValue("id"), http.StatusOK, nil, UnitInput{})
}

// renderAgency renders the agency page with status and form errors (of
// the unit forms, or a summary for a refused archive).
func (w *Web) renderAgency(rw http.ResponseWriter, r *http.Request, id string, status int, fe *ui.FormErrors, unit UnitInput) {
	ctx, l := r.Context(), localizer(r)
	if err := validID(id, "agency"); err != nil {
		w.fail(rw, r, err)
		return
	}
	a, err := w.svc.Agency(ctx, id)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	seeArchived := w.svc.CanSeeArchived(ctx)
	archivedUnits := showArchived(r.URL.Query(), "archived", seeArchived)
	units, err := w.svc.Units(ctx, id, archivedUnits)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	_, byCode, err := w.countryOptions(ctx, l, "")
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	d := agencyData{agencyRow: agencyRowOf(l, a, byCode), Units: units, CanEdit: w.svc.CanEdit(ctx, a.CountryCode),
		ArchivedUnits: archivedUnits, ArchivedOption: seeArchived,
		Staff: w.svc.CanManageNetworks(ctx), UnitForm: unit, PeopleURL: "/directory/people?agency=" + a.ID}
	d.People, err = w.svc.ListPeople(ctx, PersonFilter{AgencyID: id}, core.PageRequest{Limit: embeddedLimit})
	switch {
	case core.IsCode(err, core.Forbidden):
		d.PeopleHidden = true
	case err != nil:
		w.fail(rw, r, err)
		return
	}
	if !d.PeopleHidden {
		cps, err := w.svc.ListContactPoints(ctx, ContactPointFilter{AgencyID: id}, core.PageRequest{Limit: optionLimit})
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		d.ContactPoints = cps.Items
	}
	w.render.Render(rw, r, status, "directory/agency.html", ui.Page{
		Title: a.Name, Section: "directory", Data: d, Errors: fe, Flash: flashes.Message(r),
		Breadcrumbs: crumbs(l, ui.Crumb{Label: l.T("dir.agencies.title"), URL: "/directory/agencies"}, ui.Crumb{Label: a.Name}),
	})
}

// agencyFormData is .Page.Data of directory/agency_form.html.
type agencyFormData struct {
	ID, Action, Cancel string
	In                 AgencyInput
	Countries, Types   []ui.Option
	NativeLang         string
}

var agencyFields = same("code", "country_code", "name", "name_native", "acronym", "type", "city", "website", "email", "phone")

func (w *Web) renderAgencyForm(rw http.ResponseWriter, r *http.Request, status int, id string, in AgencyInput, fe *ui.FormErrors) {
	ctx, l := r.Context(), localizer(r)
	countries, _, err := w.countryOptions(ctx, l, l.T("dir.form.choose_country"))
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	d := agencyFormData{ID: id, In: in, Countries: countries, Types: agencyTypeOptions(l, l.T("dir.form.choose_type")),
		NativeLang: nativeLang(in.CountryCode), Action: "/directory/agencies", Cancel: "/directory/agencies"}
	title := l.T("dir.agency.new_title")
	trail := []ui.Crumb{{Label: l.T("dir.agencies.title"), URL: "/directory/agencies"}}
	if id != "" {
		d.Action, d.Cancel = "/directory/agencies/"+id, "/directory/agencies/"+id
		title = l.T("dir.agency.edit_title")
		trail = append(trail, ui.Crumb{Label: in.Name, URL: d.Cancel})
	}
	w.render.Render(rw, r, status, "directory/agency_form.html", ui.Page{
		Title: title, Section: "directory", Data: d, Errors: fe,
		Breadcrumbs: crumbs(l, append(trail, ui.Crumb{Label: title})...),
	})
}

func agencyInputFrom(r *http.Request) AgencyInput {
	f := r.PostForm
	return AgencyInput{Code: f.Get("code"), CountryCode: f.Get("country_code"), Name: f.Get("name"), NameNative: f.Get("name_native"),
		Acronym: f.Get("acronym"), Type: AgencyType(f.Get("type")), City: f.Get("city"), Website: f.Get("website"),
		Email: f.Get("email"), Phone: f.Get("phone")}
}

// agencyNew shows the empty form (to editors; CreateAgency decides).
func (w *Web) agencyNew(rw http.ResponseWriter, r *http.Request) {
	w.renderAgencyForm(rw, r, http.StatusOK, "", AgencyInput{CountryCode: defaultCountry(r.Context())}, nil)
}

// agencyCreate creates an agency and shows it; invalid input re-renders
// the form (422, 409 for a code in use) and creates nothing.
func (w *Web) agencyCreate(rw http.ResponseWriter, r *http.Request) {
	if err := ui.ParseForm(rw, r); err != nil {
		w.fail(rw, r, err)
		return
	}
	in := agencyInputFrom(r)
	a, err := w.svc.CreateAgency(r.Context(), in)
	if ui.HasFields(err) {
		w.renderAgencyForm(rw, r, api.StatusOf(err), "", in, formErrors(localizer(r), err, agencyFields))
		return
	}
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	ui.SeeOther(rw, r, ui.Done("/directory/agencies/"+a.ID, "created"))
}

// agencyEdit shows the edit form of an agency.
func (w *Web) agencyEdit(rw http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if err := validID(id, "agency"); err != nil {
		w.fail(rw, r, err)
		return
	}
	a, err := w.svc.Agency(r.Context(), id)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	if !w.svc.CanEdit(r.Context(), a.CountryCode) {
		w.fail(rw, r, forbiddenCountry(a.CountryCode))
		return
	}
	in := agencyInputOf(a)
	w.renderAgencyForm(rw, r, http.StatusOK, id, in, nil)
}

// agencyUpdate saves the edit form (Service.UpdateAgency).
func (w *Web) agencyUpdate(rw http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if err := validID(id, "agency"); err != nil {
		w.fail(rw, r, err)
		return
	}
	if err := ui.ParseForm(rw, r); err != nil {
		w.fail(rw, r, err)
		return
	}
	in := agencyInputFrom(r)
	in.Demo = r.PostForm.Get("demo") == "true"
	_, err := w.svc.UpdateAgency(r.Context(), id, in)
	if ui.HasFields(err) {
		w.renderAgencyForm(rw, r, api.StatusOf(err), id, in, formErrors(localizer(r), err, agencyFields))
		return
	}
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	ui.SeeOther(rw, r, ui.Done("/directory/agencies/"+id, "saved"))
}

func (w *Web) agencyArchive(rw http.ResponseWriter, r *http.Request) {
	w.agencySetArchived(rw, r, true)
}
func (w *Web) agencyRestore(rw http.ResponseWriter, r *http.Request) {
	w.agencySetArchived(rw, r, false)
}

// agencySetArchived archives or restores an agency. A refusal (active
// people) re-renders the agency page with the reason (409).
func (w *Web) agencySetArchived(rw http.ResponseWriter, r *http.Request, archived bool) {
	id := r.PathValue("id")
	if err := validID(id, "agency"); err != nil {
		w.fail(rw, r, err)
		return
	}
	err := w.svc.ArchiveAgency(r.Context(), id, archived)
	if core.IsCode(err, core.Conflict) {
		w.renderAgency(rw, r, id, http.StatusConflict, summaryError(localizer(r).T("dir.agency.archive_conflict")), UnitInput{})
		return
	}
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	ui.SeeOther(rw, r, ui.Done("/directory/agencies/"+id, map[bool]string{true: "archived", false: "restored"}[archived]))
}

// unitFormFields maps the unit fields to the add-unit form's inputs.
var unitFormFields = map[string]string{"name": "unit_name", "name_native": "unit_name_native"}

// unitCreate adds a unit to an agency; errors re-render the agency page.
func (w *Web) unitCreate(rw http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if err := validID(id, "agency"); err != nil {
		w.fail(rw, r, err)
		return
	}
	if err := ui.ParseForm(rw, r); err != nil {
		w.fail(rw, r, err)
		return
	}
	in := UnitInput{Name: r.PostForm.Get("unit_name"), NameNative: r.PostForm.Get("unit_name_native")}
	_, err := w.svc.CreateUnit(r.Context(), id, in)
	switch {
	case ui.HasFields(err):
		w.renderAgency(rw, r, id, api.StatusOf(err), formErrors(localizer(r), err, unitFormFields), in)
	case core.IsCode(err, core.Conflict):
		w.renderAgency(rw, r, id, http.StatusConflict, summaryError(localizer(r).T("dir.unit.agency_archived")), in)
	case err != nil:
		w.fail(rw, r, err)
	default:
		ui.SeeOther(rw, r, ui.Done("/directory/agencies/"+id, "unit_added")+"#units")
	}
}

// unitUpdate renames a unit from its inline form; errors re-render the
// agency page with the reason in the error summary.
func (w *Web) unitUpdate(rw http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if err := validID(id, "unit"); err != nil {
		w.fail(rw, r, err)
		return
	}
	if err := ui.ParseForm(rw, r); err != nil {
		w.fail(rw, r, err)
		return
	}
	u, err := w.svc.UpdateUnit(r.Context(), id, UnitInput{Name: r.PostForm.Get("name"), NameNative: r.PostForm.Get("name_native")})
	if err != nil {
		w.unitFailed(rw, r, id, err)
		return
	}
	ui.SeeOther(rw, r, ui.Done("/directory/agencies/"+u.AgencyID, "unit_saved")+"#units")
}

func (w *Web) unitArchive(rw http.ResponseWriter, r *http.Request) { w.unitSetArchived(rw, r, true) }
func (w *Web) unitRestore(rw http.ResponseWriter, r *http.Request) { w.unitSetArchived(rw, r, false) }

// unitSetArchived archives a unit (back to the agency's units, where it no
// longer shows) or restores one (back to the list with the archived units,
// where the restore button was).
func (w *Web) unitSetArchived(rw http.ResponseWriter, r *http.Request, archived bool) {
	id := r.PathValue("id")
	if err := validID(id, "unit"); err != nil {
		w.fail(rw, r, err)
		return
	}
	if err := w.svc.ArchiveUnit(r.Context(), id, archived); err != nil {
		w.unitFailed(rw, r, id, err)
		return
	}
	u, err := w.svc.Unit(r.Context(), id)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	if archived {
		ui.SeeOther(rw, r, ui.Done("/directory/agencies/"+u.AgencyID, "unit_archived")+"#units")
		return
	}
	ui.SeeOther(rw, r, ui.Done("/directory/agencies/"+u.AgencyID+"?archived=true", "unit_restored")+"#units")
}

// unitFailed shows why a unit action was refused on the agency's page
// (field errors and conflicts), or the error page for anything else.
func (w *Web) unitFailed(rw http.ResponseWriter, r *http.Request, id string, err error) {
	l := localizer(r)
	var fe *ui.FormErrors
	switch {
	case ui.HasFields(err):
		fe = summaryError(l.T("dir.unit.not_saved") + " " + fieldMessages(l, err))
	case core.IsCode(err, core.Conflict):
		fe = summaryError(l.T("dir.unit.archive_conflict"))
	default:
		w.fail(rw, r, err)
		return
	}
	u, uerr := w.svc.Unit(r.Context(), id)
	if uerr != nil {
		w.fail(rw, r, err)
		return
	}
	w.renderAgency(rw, r, u.AgencyID, api.StatusOf(err), fe, UnitInput{})
}
