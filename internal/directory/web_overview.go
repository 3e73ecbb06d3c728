package directory

import (
	"net/http"
	"net/url"

	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/ui"
)

// overviewData is .Page.Data of directory/overview.html.
type overviewData struct {
	Totals              struct{ Agencies, People, ContactPoints, Networks int }
	PeopleByCountry     []ui.Bar
	AgenciesByCountry   []ui.Bar
	AgenciesByType      []ui.Bar
	PeopleBySex         []ui.Bar
	ContactPointsByKind []ui.Bar
	MembersByNetwork    []ui.Bar
	SeesPeople          bool // links to people lists lead somewhere
	CanEdit             bool
}

// overview shows the directory's totals and charts (Service.Stats, open
// to observers: aggregated figures only). Each bar links to the list it
// counts; the network bars need the networks' ids, hence ListNetworks.
func (w *Web) overview(rw http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	l := localizer(r)
	st, err := w.svc.Stats(ctx)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	nets, err := w.svc.ListNetworks(ctx, NetworkFilter{}, core.PageRequest{Limit: optionLimit})
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	netIDs := map[string]string{}
	for _, n := range nets.Items {
		netIDs[n.Code] = n.ID
	}
	d := overviewData{SeesPeople: seesPeople(core.ActorFrom(ctx)), CanEdit: w.svc.CanEditSome(ctx)}
	d.Totals.Agencies, d.Totals.People = st.Totals.Agencies, st.Totals.People
	d.Totals.ContactPoints, d.Totals.Networks = st.Totals.ContactPoints, st.Totals.Networks
	link := func(path, key, value string) string {
		if value == "" {
			return ""
		}
		return path + "?" + url.Values{key: {value}}.Encode()
	}
	d.PeopleByCountry = bars(st.PeopleByCountry, func(c Count) (string, string) {
		return countryName(l, c.Key, c.Label), link("/directory/people", "country", c.Key)
	})
	d.AgenciesByCountry = bars(st.AgenciesByCountry, func(c Count) (string, string) {
		return countryName(l, c.Key, c.Label), link("/directory/agencies", "country", c.Key)
	})
	d.AgenciesByType = bars(st.AgenciesByType, func(c Count) (string, string) {
		return agencyTypeLabel(l, AgencyType(c.Key)), link("/directory/agencies", "type", c.Key)
	})
	d.PeopleBySex = bars(st.PeopleBySex, func(c Count) (string, string) {
		// People whose sex is not recorded cannot be filtered for: no link.
		return sexLabel(l, Sex(c.Key)), link("/directory/people", "sex", c.Key)
	})
	d.ContactPointsByKind = bars(st.ContactPointsByKind, func(c Count) (string, string) {
		return contactKindLabel(l, ContactKind(c.Key)), link("/directory/contact-points", "kind", c.Key)
	})
	d.MembersByNetwork = bars(st.MembersByNetwork, func(c Count) (string, string) {
		if id := netIDs[c.Key]; id != "" {
			return c.Label, "/directory/networks/" + id
		}
		return c.Label, ""
	})
	if !d.SeesPeople { // observers: the people lists would refuse them
		for _, bs := range [][]ui.Bar{d.PeopleByCountry, d.PeopleBySex, d.ContactPointsByKind} {
			for i := range bs {
				bs[i].URL = ""
			}
		}
	}
	w.render.Render(rw, r, http.StatusOK, "directory/overview.html", ui.Page{
		Title: l.T("dir.overview.title"), Section: "directory", Data: d,
		Breadcrumbs: []ui.Crumb{{Label: l.T("dir.overview.title")}},
	})
}

// bars turns counts into chart bars with a label and link each.
func bars(cs []Count, f func(Count) (label, url string)) []ui.Bar {
	out := make([]ui.Bar, 0, len(cs))
	for _, c := range cs {
		label, u := f(c)
		out = append(out, ui.Bar{Label: label, Value: c.Value, URL: u})
	}
	return out
}
