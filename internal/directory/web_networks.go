package directory

import (
	"net/http"
	"strings"

	"github.com/topcop-platform/topcop/internal/api"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/ui"
)

// networkRow is a network as the pages show it.
type networkRow struct {
	Network
	KindLabel string
}

// networksData is .Page.Data of directory/networks.html.
type networksData struct {
	Q, Kind, Sort string
	Order         string // the order the list is in: Sort, or the default
	Kinds         []ui.Option
	// Archived lists archived networks too (?archived=true); ArchivedOption
	// offers the filter (Service.CanSeeArchived).
	Archived, ArchivedOption bool
	List                     core.List[networkRow]
	CanEdit                  bool
}

// networks lists the networks with their member counts (any signed-in
// actor, observers included), sorted by name either way; those who may see
// archived networks may list them too, with a restore button for those who
// may restore them (staff).
func (w *Web) networks(rw http.ResponseWriter, r *http.Request) {
	ctx, l, q := r.Context(), localizer(r), r.URL.Query()
	d := networksData{Q: strings.TrimSpace(q.Get("q")), Kind: q.Get("kind"), Sort: q.Get("sort"), CanEdit: w.svc.CanManageNetworks(ctx),
		Kinds: networkKindOptions(l, l.T("dir.filter.any_kind")), ArchivedOption: w.svc.CanSeeArchived(ctx)}
	d.Archived = showArchived(q, "archived", d.ArchivedOption)
	d.Order = orderOf(d.Sort, NetworkSorts)
	list, err := w.svc.ListNetworks(ctx, NetworkFilter{Query: d.Q, Kind: NetworkKind(d.Kind), Sort: d.Sort, IncludeArchived: d.Archived}, pageReqOf(r, listLimit))
	status, fe := http.StatusOK, (*ui.FormErrors)(nil)
	switch {
	case ui.HasFields(err):
		status, fe = api.StatusOf(err), formErrors(l, err, map[string]string{"query": "q", "kind": "kind"})
	case err != nil:
		w.fail(rw, r, err)
		return
	}
	d.List = records(list, func(n Network) networkRow { return networkRow{Network: n, KindLabel: networkKindLabel(l, n.Kind)} })
	w.render.Render(rw, r, status, "directory/networks.html", ui.Page{
		Title: l.T("dir.networks.title"), Section: "networks", Data: d, Errors: fe, Flash: flashes.Message(r),
		Breadcrumbs: crumbs(l, ui.Crumb{Label: l.T("dir.networks.title")}),
	})
}

// memberRow is a member as the network page shows it.
type memberRow struct {
	Member
	CountryName string
	RoleLabel   string
	CanChange   bool // may change the role
	CanRemove   bool
	CanRestore  bool // an archived person the actor may restore
}

// networkData is .Page.Data of directory/network.html.
type networkData struct {
	networkRow
	MCountry, MRole, MQuery string
	Countries, Roles        []ui.Option
	RoleChoices             []ui.Option
	Members                 core.List[memberRow]
	MembersHidden           bool // observers: member lists are personal data
	Staff, CanAdd           bool
	CanChangeSome           bool // some member's role may be changed (the actions column)
	// MArchived lists the members who are archived people too
	// (?marchived=true); ArchivedOption offers the filter
	// (Service.CanSeeArchived).
	MArchived, ArchivedOption bool
	// The add-member form: the search, its results and the chosen values.
	Find       string
	Searched   bool
	Candidates []personChoice
	Add        MemberInput
	// Paragraphs of the description (split on blank lines).
	Paragraphs []string
}

// network shows a network, its members (filtered by country, role and
// name, paged) and, to editors, the forms to add, change and remove
// members.
func (w *Web) network(rw http.ResponseWriter, r *http.Request) {
	w.renderNetwork(rw, r, r.PathValue("id"), http.StatusOK, nil, MemberInput{})
}

var memberFilterFields = map[string]string{"query": "mq", "country": "mcountry", "role": "mrole"}

func (w *Web) renderNetwork(rw http.ResponseWriter, r *http.Request, id string, status int, fe *ui.FormErrors, add MemberInput) {
	ctx, l, q := r.Context(), localizer(r), r.URL.Query()
	if err := validID(id, "network"); err != nil {
		w.fail(rw, r, err)
		return
	}
	n, err := w.svc.Network(ctx, id)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	d := networkData{networkRow: networkRow{Network: n, KindLabel: networkKindLabel(l, n.Kind)},
		MCountry: strings.ToUpper(strings.TrimSpace(q.Get("mcountry"))), MRole: q.Get("mrole"), MQuery: strings.TrimSpace(q.Get("mq")),
		Staff: w.svc.CanManageNetworks(ctx), Add: add,
		Roles: memberRoleOptions(l, l.T("dir.filter.any_role")), RoleChoices: memberRoleOptions(l, ""),
		Paragraphs: paragraphs(n.Description), ArchivedOption: w.svc.CanSeeArchived(ctx)}
	d.MArchived = showArchived(q, "marchived", d.ArchivedOption)
	rights := w.svc.CanManageMembers(ctx, id)
	d.CanAdd = rights.CanAdd() && !n.Archived
	members, err := w.svc.Members(ctx, id, MemberFilter{Query: d.MQuery, Country: d.MCountry, Role: MemberRole(d.MRole),
		IncludeArchived: d.MArchived}, pageReqOf(r, listLimit))
	switch {
	case core.IsCode(err, core.Forbidden):
		d.MembersHidden, d.CanAdd = true, false
	case ui.HasFields(err):
		status, fe = api.StatusOf(err), formErrors(l, err, memberFilterFields)
	case err != nil:
		w.fail(rw, r, err)
		return
	}
	countries, byCode, err := w.countryOptions(ctx, l, l.T("dir.filter.any_country"))
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	d.Countries = countries
	d.Members = records(members, func(m Member) memberRow {
		row := memberRow{Member: m, CountryName: countryName(l, m.CountryCode, byCode[m.CountryCode].NameEN),
			RoleLabel: memberRoleLabel(l, m.Role), CanChange: rights.CanChange(m), CanRemove: rights.CanRemove(m),
			CanRestore: m.PersonArchived && w.svc.CanEdit(ctx, m.CountryCode)}
		d.CanChangeSome = d.CanChangeSome || row.CanChange || row.CanRemove || row.CanRestore
		return row
	})
	if d.CanAdd {
		d.Find = strings.TrimSpace(q.Get("find"))
		d.Searched = d.Find != ""
		d.Candidates, err = w.findPeople(r, d.Find, w.choiceOf(r, add.PersonID))
		switch {
		case ui.HasFields(err):
			fe = summaryError(l.T("dir.picker.bad_search") + " " + fieldMessages(l, err))
		case err != nil:
			w.fail(rw, r, err)
			return
		}
		if d.Add.Role == "" {
			d.Add.Role = RoleMember
		}
	}
	w.render.Render(rw, r, status, "directory/network.html", ui.Page{
		Title: n.Name, Section: "networks", Data: d, Errors: fe, Flash: flashes.Message(r),
		Breadcrumbs: crumbs(l, ui.Crumb{Label: l.T("dir.networks.title"), URL: "/directory/networks"}, ui.Crumb{Label: n.Name}),
	})
}

// networkFormData is .Page.Data of directory/network_form.html.
type networkFormData struct {
	ID, Action, Cancel string
	In                 NetworkInput
	Kinds              []ui.Option
}

var networkFields = same("code", "name", "kind", "description")

func (w *Web) renderNetworkForm(rw http.ResponseWriter, r *http.Request, status int, id string, in NetworkInput, fe *ui.FormErrors) {
	l := localizer(r)
	d := networkFormData{ID: id, In: in, Kinds: networkKindOptions(l, l.T("dir.form.choose_kind")),
		Action: "/directory/networks", Cancel: "/directory/networks"}
	title := l.T("dir.network.new_title")
	trail := []ui.Crumb{{Label: l.T("dir.networks.title"), URL: "/directory/networks"}}
	if id != "" {
		d.Action, d.Cancel = "/directory/networks/"+id, "/directory/networks/"+id
		title = l.T("dir.network.edit_title")
		trail = append(trail, ui.Crumb{Label: in.Name, URL: d.Cancel})
	}
	w.render.Render(rw, r, status, "directory/network_form.html", ui.Page{
		Title: title, Section: "networks", Data: d, Errors: fe,
		Breadcrumbs: crumbs(l, append(trail, ui.Crumb{Label: title})...),
	})
}

func networkInputFrom(r *http.Request) NetworkInput {
	f := r.PostForm
	return NetworkInput{Code: f.Get("code"), Name: f.Get("name"), Kind: NetworkKind(f.Get("kind")), Description: f.Get("description")}
}

// networkNew shows the empty form (to staff; CreateNetwork decides).
func (w *Web) networkNew(rw http.ResponseWriter, r *http.Request) {
	w.renderNetworkForm(rw, r, http.StatusOK, "", NetworkInput{}, nil)
}

// networkCreate creates a network.
func (w *Web) networkCreate(rw http.ResponseWriter, r *http.Request) {
	if err := ui.ParseForm(rw, r); err != nil {
		w.fail(rw, r, err)
		return
	}
	in := networkInputFrom(r)
	n, err := w.svc.CreateNetwork(r.Context(), in)
	if ui.HasFields(err) {
		w.renderNetworkForm(rw, r, api.StatusOf(err), "", in, formErrors(localizer(r), err, networkFields))
		return
	}
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	ui.SeeOther(rw, r, ui.Done("/directory/networks/"+n.ID, "created"))
}

// networkEdit shows the edit form of a network (staff).
func (w *Web) networkEdit(rw http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if err := validID(id, "network"); err != nil {
		w.fail(rw, r, err)
		return
	}
	n, err := w.svc.Network(r.Context(), id)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	w.renderNetworkForm(rw, r, http.StatusOK, id, NetworkInput{Code: n.Code, Name: n.Name, Kind: n.Kind, Description: n.Description}, nil)
}

// networkUpdate saves the edit form.
func (w *Web) networkUpdate(rw http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if err := validID(id, "network"); err != nil {
		w.fail(rw, r, err)
		return
	}
	if err := ui.ParseForm(rw, r); err != nil {
		w.fail(rw, r, err)
		return
	}
	in := networkInputFrom(r)
	_, err := w.svc.UpdateNetwork(r.Context(), id, in)
	if ui.HasFields(err) {
		w.renderNetworkForm(rw, r, api.StatusOf(err), id, in, formErrors(localizer(r), err, networkFields))
		return
	}
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	ui.SeeOther(rw, r, ui.Done("/directory/networks/"+id, "saved"))
}

func (w *Web) networkArchive(rw http.ResponseWriter, r *http.Request) {
	w.networkSetArchived(rw, r, true)
}
func (w *Web) networkRestore(rw http.ResponseWriter, r *http.Request) {
	w.networkSetArchived(rw, r, false)
}

func (w *Web) networkSetArchived(rw http.ResponseWriter, r *http.Request, archived bool) {
	id := r.PathValue("id")
	if err := validID(id, "network"); err != nil {
		w.fail(rw, r, err)
		return
	}
	if err := w.svc.ArchiveNetwork(r.Context(), id, archived); err != nil {
		w.fail(rw, r, err)
		return
	}
	ui.SeeOther(rw, r, ui.Done("/directory/networks/"+id, map[bool]string{true: "archived", false: "restored"}[archived]))
}

// memberAdd adds the chosen person to a network; errors re-render the
// network page (422 for a missing choice, 409 for a member already in).
func (w *Web) memberAdd(rw http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if err := validID(id, "network"); err != nil {
		w.fail(rw, r, err)
		return
	}
	if err := ui.ParseForm(rw, r); err != nil {
		w.fail(rw, r, err)
		return
	}
	in := MemberInput{PersonID: r.PostForm.Get("person_id"), Role: MemberRole(r.PostForm.Get("role"))}
	_, err := w.svc.AddMember(r.Context(), id, in)
	switch {
	case ui.HasFields(err):
		w.renderNetwork(rw, r, id, api.StatusOf(err), formErrors(localizer(r), err, same("person_id", "role")), in)
	case core.IsCode(err, core.Conflict):
		w.renderNetwork(rw, r, id, http.StatusConflict, summaryError(localizer(r).T("dir.member.network_archived")), in)
	case err != nil:
		w.fail(rw, r, err)
	default:
		ui.SeeOther(rw, r, ui.Done("/directory/networks/"+id, "member_added")+"#members")
	}
}

// memberUpdate changes a member's role (staff and the network's managers).
func (w *Web) memberUpdate(rw http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if err := validID(id, "member"); err != nil {
		w.fail(rw, r, err)
		return
	}
	if err := ui.ParseForm(rw, r); err != nil {
		w.fail(rw, r, err)
		return
	}
	m, err := w.svc.UpdateMember(r.Context(), id, r.PostForm.Get("role"))
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	ui.SeeOther(rw, r, ui.Done("/directory/networks/"+m.NetworkID, "member_saved")+"#members")
}

// memberRemove removes a membership; the form's network_id only says
// where to go back to.
func (w *Web) memberRemove(rw http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if err := validID(id, "member"); err != nil {
		w.fail(rw, r, err)
		return
	}
	if err := ui.ParseForm(rw, r); err != nil {
		w.fail(rw, r, err)
		return
	}
	if err := w.svc.RemoveMember(r.Context(), id); err != nil {
		w.fail(rw, r, err)
		return
	}
	back := "/directory/networks"
	if nid := r.PostForm.Get("network_id"); core.ValidID(nid) {
		back += "/" + nid
	}
	ui.SeeOther(rw, r, ui.Done(back, "member_removed")+"#members")
}

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
