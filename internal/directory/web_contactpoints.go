package directory

import (
	"net/http"
	"strings"

	"github.com/topcop-platform/topcop/internal/api"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/i18n"
	"github.com/topcop-platform/topcop/internal/ui"
)

// contactPointRow is a contact point as the list shows it.
type contactPointRow struct {
	ContactPoint
	CountryName, KindLabel, AreaLabel string
	CanEdit                           bool
}

// contactPointsData is .Page.Data of directory/contact_points.html.
type contactPointsData struct {
	Q, Country, Kind, Area, Sort string
	Order                        string // the order the list is in: Sort, or the default
	Only247                      bool
	// Archived lists archived contact points too (?archived=true);
	// ArchivedOption offers the filter (Service.CanSeeArchived).
	Archived, ArchivedOption bool
	Countries, Kinds, Areas  []ui.Option
	List                     core.List[contactPointRow]
	CanEdit                  bool
}

// contactPointFilterFields maps the service's filter fields to the inputs;
// a bad sort (there is no input for it: the headings sort) goes to the
// error summary.
var contactPointFilterFields = map[string]string{"query": "q", "country": "country", "kind": "kind", "area": "area"}

// contactPoints lists the active contact points (Service.ListContactPoints:
// not observers) by country, kind, crime area and 24/7 availability,
// sorted by the column headings (country, name, agency) either way.
func (w *Web) contactPoints(rw http.ResponseWriter, r *http.Request) {
	ctx, l, q := r.Context(), localizer(r), r.URL.Query()
	d := contactPointsData{Q: strings.TrimSpace(q.Get("q")), Country: strings.ToUpper(strings.TrimSpace(q.Get("country"))),
		Kind: q.Get("kind"), Area: q.Get("area"), Sort: q.Get("sort"), Only247: q.Get("only247") == "true", CanEdit: w.svc.CanEditSome(ctx),
		ArchivedOption: w.svc.CanSeeArchived(ctx)}
	d.Archived = showArchived(q, "archived", d.ArchivedOption)
	d.Order = orderOf(d.Sort, ContactPointSorts)
	list, err := w.svc.ListContactPoints(ctx, ContactPointFilter{Query: d.Q, Country: d.Country, Kind: ContactKind(d.Kind),
		Area: d.Area, Only247: d.Only247, IncludeArchived: d.Archived, Sort: d.Sort}, pageReqOf(r, listLimit))
	status, fe := http.StatusOK, (*ui.FormErrors)(nil)
	switch {
	case ui.HasFields(err):
		status, fe = api.StatusOf(err), formErrors(l, err, contactPointFilterFields)
	case err != nil:
		w.fail(rw, r, err)
		return
	}
	countries, byCode, err := w.countryOptions(ctx, l, l.T("dir.filter.any_country"))
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	d.Countries, d.Kinds, d.Areas = countries, contactKindOptions(l, l.T("dir.filter.any_kind")), areaOptions(l, l.T("dir.filter.any_area"))
	d.List = records(list, func(c ContactPoint) contactPointRow {
		return contactPointRowOf(l, c, byCode, w.svc.CanEdit(ctx, c.CountryCode))
	})
	w.render.Render(rw, r, status, "directory/contact_points.html", ui.Page{
		Title: l.T("dir.contact_points.title"), Section: "contact-points", Data: d, Errors: fe, Flash: flashes.Message(r),
		Breadcrumbs: crumbs(l, ui.Crumb{Label: l.T("dir.contact_points.title")}),
	})
}

func contactPointRowOf(l *i18n.Localizer, c ContactPoint, countries map[string]Country, canEdit bool) contactPointRow {
	return contactPointRow{ContactPoint: c, CountryName: countryName(l, c.CountryCode, countries[c.CountryCode].NameEN),
		KindLabel: contactKindLabel(l, c.Kind), AreaLabel: areaLabel(l, c.Area), CanEdit: canEdit}
}

// personChoice is a person offered by a person picker (a radio button).
type personChoice struct {
	ID, Name, Agency, Country string
}

// contactPointFormData is .Page.Data of directory/contact_point_form.html.
type contactPointFormData struct {
	ID, Action, Cancel, Self string
	In                       ContactPointInput
	Find                     string
	Searched                 bool
	Candidates               []personChoice
	Kinds, Areas             []ui.Option
}

var contactPointFields = same("person_id", "kind", "area", "available_247", "notes")

// findPeople is the person picker's search: up to embeddedLimit active
// people matching find (an ncp's own country only, since they may not
// designate others), plus the current choice.
func (w *Web) findPeople(r *http.Request, find string, current personChoice) ([]personChoice, error) {
	var out []personChoice
	if current.ID != "" {
		out = append(out, current)
	}
	if strings.TrimSpace(find) == "" {
		return out, nil
	}
	list, err := w.svc.ListPeople(r.Context(), PersonFilter{Query: find, Country: defaultCountry(r.Context())}, core.PageRequest{Limit: embeddedLimit})
	if err != nil {
		return out, err
	}
	for _, p := range list.Items {
		if p.ID != current.ID {
			out = append(out, personChoice{ID: p.ID, Name: p.Name(), Agency: p.AgencyName, Country: p.CountryCode})
		}
	}
	return out, nil
}

// pickerData is .Page.Data of directory/picker.html.
type pickerData struct {
	Candidates []personChoice
	Chosen     string
	Searched   bool
}

// peoplePicker answers the person pickers' live search (htmx swaps the
// "partial" block, the radio buttons, into the form): the active people
// matching ?find=. Without JavaScript the pickers reload their own page
// with ?find= instead. Editors only, like the forms that use it.
func (w *Web) peoplePicker(rw http.ResponseWriter, r *http.Request) {
	l := localizer(r)
	find := strings.TrimSpace(r.URL.Query().Get("find"))
	cands, err := w.findPeople(r, find, personChoice{})
	var fe *ui.FormErrors
	status := http.StatusOK
	switch {
	case ui.HasFields(err):
		fe, status = summaryError(l.T("dir.picker.bad_search")+" "+fieldMessages(l, err)), api.StatusOf(err)
	case err != nil:
		w.fail(rw, r, err)
		return
	}
	w.render.Render(rw, r, status, "directory/picker.html", ui.Page{
		Title: l.T("dir.picker.search_label"), Section: "people", Errors: fe,
		Data: pickerData{Candidates: cands, Searched: find != ""},
	})
}

// choiceOf returns the picker entry for the person with id (nothing when
// there is no such person the actor may see).
func (w *Web) choiceOf(r *http.Request, id string) personChoice {
	if !core.ValidID(id) {
		return personChoice{}
	}
	p, err := w.svc.Person(r.Context(), id)
	if err != nil || p.Archived {
		return personChoice{}
	}
	return personChoice{ID: p.ID, Name: p.Name(), Agency: p.AgencyName, Country: p.CountryCode}
}

func (w *Web) renderContactPointForm(rw http.ResponseWriter, r *http.Request, status int, id string, in ContactPointInput, current personChoice, fe *ui.FormErrors) {
	l := localizer(r)
	find := strings.TrimSpace(r.URL.Query().Get("find"))
	cands, err := w.findPeople(r, find, current)
	switch {
	case ui.HasFields(err): // a search too long or otherwise bad: say so, keep the form
		fe = summaryError(l.T("dir.picker.bad_search") + " " + fieldMessages(l, err))
	case err != nil:
		w.fail(rw, r, err)
		return
	}
	d := contactPointFormData{ID: id, In: in, Find: find, Searched: find != "", Candidates: cands,
		Kinds: contactKindOptions(l, l.T("dir.form.choose_kind")), Areas: areaOptions(l, l.T("dir.form.no_area")),
		Action: "/directory/contact-points", Cancel: "/directory/contact-points", Self: "/directory/contact-points/new"}
	title := l.T("dir.contact_point.new_title")
	if id != "" {
		d.Action, d.Self = "/directory/contact-points/"+id, "/directory/contact-points/"+id+"/edit"
		title = l.T("dir.contact_point.edit_title")
	}
	w.render.Render(rw, r, status, "directory/contact_point_form.html", ui.Page{
		Title: title, Section: "contact-points", Data: d, Errors: fe,
		Breadcrumbs: crumbs(l, ui.Crumb{Label: l.T("dir.contact_points.title"), URL: "/directory/contact-points"}, ui.Crumb{Label: title}),
	})
}

func contactPointInputFrom(r *http.Request) ContactPointInput {
	f := r.PostForm
	return ContactPointInput{PersonID: f.Get("person_id"), Kind: ContactKind(f.Get("kind")), Area: f.Get("area"),
		Available247: f.Get("available_247") == "true", Notes: f.Get("notes")}
}

// contactPointNew shows the empty form (to editors), with the person of
// ?person_id= chosen and the people matching ?find= offered.
func (w *Web) contactPointNew(rw http.ResponseWriter, r *http.Request) {
	pid := r.URL.Query().Get("person_id")
	w.renderContactPointForm(rw, r, http.StatusOK, "", ContactPointInput{PersonID: pid}, w.choiceOf(r, pid), nil)
}

// contactPointCreate designates a person as a contact point.
func (w *Web) contactPointCreate(rw http.ResponseWriter, r *http.Request) {
	if err := ui.ParseForm(rw, r); err != nil {
		w.fail(rw, r, err)
		return
	}
	in := contactPointInputFrom(r)
	c, err := w.svc.CreateContactPoint(r.Context(), in)
	if ui.HasFields(err) {
		w.renderContactPointForm(rw, r, api.StatusOf(err), "", in, w.choiceOf(r, in.PersonID), formErrors(localizer(r), err, contactPointFields))
		return
	}
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	ui.SeeOther(rw, r, ui.Done("/directory/people/"+c.PersonID, "created"))
}

// contactPointEdit shows the edit form of a contact point.
func (w *Web) contactPointEdit(rw http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if err := validID(id, "contact point"); err != nil {
		w.fail(rw, r, err)
		return
	}
	c, err := w.svc.ContactPoint(r.Context(), id)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	if !w.svc.CanEdit(r.Context(), c.CountryCode) {
		w.fail(rw, r, forbiddenCountry(c.CountryCode))
		return
	}
	in := ContactPointInput{PersonID: c.PersonID, Kind: c.Kind, Area: c.Area, Available247: c.Available247, Notes: c.Notes}
	w.renderContactPointForm(rw, r, http.StatusOK, id, in,
		personChoice{ID: c.PersonID, Name: c.PersonName, Agency: c.AgencyName, Country: c.CountryCode}, nil)
}

// contactPointUpdate saves the edit form.
func (w *Web) contactPointUpdate(rw http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if err := validID(id, "contact point"); err != nil {
		w.fail(rw, r, err)
		return
	}
	if err := ui.ParseForm(rw, r); err != nil {
		w.fail(rw, r, err)
		return
	}
	in := contactPointInputFrom(r)
	c, err := w.svc.UpdateContactPoint(r.Context(), id, in)
	if ui.HasFields(err) {
		w.renderContactPointForm(rw, r, api.StatusOf(err), id, in, w.choiceOf(r, in.PersonID), formErrors(localizer(r), err, contactPointFields))
		return
	}
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	ui.SeeOther(rw, r, ui.Done("/directory/people/"+c.PersonID, "saved"))
}

// contactPointArchive ends a contact point's designation.
func (w *Web) contactPointArchive(rw http.ResponseWriter, r *http.Request) {
	w.contactPointSetArchived(rw, r, true)
}

// contactPointRestore designates the person again; back to the list of
// archived contact points, where the restored one now shows as active.
func (w *Web) contactPointRestore(rw http.ResponseWriter, r *http.Request) {
	w.contactPointSetArchived(rw, r, false)
}

func (w *Web) contactPointSetArchived(rw http.ResponseWriter, r *http.Request, archived bool) {
	id := r.PathValue("id")
	if err := validID(id, "contact point"); err != nil {
		w.fail(rw, r, err)
		return
	}
	if err := w.svc.ArchiveContactPoint(r.Context(), id, archived); err != nil {
		w.fail(rw, r, err)
		return
	}
	if archived {
		ui.SeeOther(rw, r, ui.Done("/directory/contact-points", "archived"))
		return
	}
	ui.SeeOther(rw, r, ui.Done("/directory/contact-points?archived=true", "restored"))
}
