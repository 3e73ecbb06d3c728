package directory_test

import (
	"cmp"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/topcop-platform/topcop/internal/app/apptest"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
	"github.com/topcop-platform/topcop/internal/directory"
	"github.com/topcop-platform/topcop/internal/tabular"
	"github.com/topcop-platform/topcop/internal/ui/uitest"
)

// The directory's lists as users hit them (issue 7): "show archived" on
// every list, a pager that says where it is and goes both ways, and
// headings that sort either way.

// seedLists adds to the fixture agencies, people, contact points and
// networks whose sort values tie (the same name in several countries and
// agencies, names equal once folded: "Ștefan"/"Stefan", "POLICE"/"police"),
// so that only the id decides between some rows.
func seedLists(t *testing.T, f *fixture) {
	t.Helper()
	ctx := f.as("coordinator")
	countries := []string{"GE", "UA", "MD", "AM", "AZ", "RO", "DE", "FR"}
	names := []string{"Police Academy", "police academy", "Ștefan cel Mare Academy", "Stefan cel Mare Academy", "Border Police", "Customs Service", "Zoo Unit"}
	var agencies [][]string
	for i := range 24 {
		agencies = append(agencies, []string{fmt.Sprintf("%s-L%02d", countries[i%len(countries)], i), countries[i%len(countries)], names[i%len(names)], "police"})
	}
	rep := must[tabular.Report](t)(f.svc.ImportAgencies(ctx, file(t, tabular.CSV, []string{"code", "country", "name", "type"}, agencies...), tabular.CSV, false))
	if len(rep.Errors) != 0 {
		t.Fatalf("import agencies: %+v", rep.Errors)
	}
	given := []string{"Aram", "Ana", "Zoe", "Ştefan", "Stefan", "Nino"}
	family := []string{"Petrosyan", "De", "De La Cruz", "Avakyan", "Popescu", "Beridze", "Petrosyan"}
	var people [][]string
	for i := range 60 {
		people = append(people, []string{agencies[(i*5)%len(agencies)][0], given[i%len(given)], family[(i/2)%len(family)]})
	}
	rep = must[tabular.Report](t)(f.svc.ImportPeople(ctx, file(t, tabular.CSV, []string{"agency_code", "given_name", "family_name"}, people...), tabular.CSV, false))
	if len(rep.Errors) != 0 {
		t.Fatalf("import people: %+v", rep.Errors)
	}
	all := must[core.List[directory.Person]](t)(f.svc.ListPeople(ctx, directory.PersonFilter{}, core.PageRequest{Limit: core.MaxLimit}))
	all.Items = slices.DeleteFunc(all.Items, func(p directory.Person) bool { return !strings.Contains(p.AgencyCode, "-L") }) // the imported ones
	// Some changed later, so that "updated" is not only the id.
	for _, p := range all.Items[:4] {
		time.Sleep(2 * time.Millisecond)
		in := directory.PersonInput{AgencyID: p.AgencyID, GivenName: p.GivenName, FamilyName: p.FamilyName, Position: "Inspector"}
		must3[directory.Person, []directory.Duplicate](t)(f.svc.UpdatePerson(ctx, p.ID, in))
	}
	kinds := directory.ContactKinds
	for i, p := range all.Items[:16] {
		must[directory.ContactPoint](t)(f.svc.CreateContactPoint(ctx, directory.ContactPointInput{PersonID: p.ID, Kind: kinds[i%len(kinds)]}))
		if i%5 == 0 { // a second contact point of the same person: only the id orders them
			must[directory.ContactPoint](t)(f.svc.CreateContactPoint(ctx, directory.ContactPointInput{PersonID: p.ID, Kind: kinds[(i+1)%len(kinds)]}))
		}
	}
	for i, n := range []string{"Forum", "forum", "Ștefan Network", "Stefan Network", "Alpha", "Zulu", "Alpha", "Beta", "beta", "Omega", "Ärzte Forum", "Arzte Forum", "Kappa", "Zulu"} {
		must[directory.Network](t)(f.svc.CreateNetwork(ctx, directory.NetworkInput{Code: fmt.Sprintf("net-%d", i), Name: n, Kind: directory.NetworkForum}))
	}
}

// listCase is one list for TestListSortsBothWays: its sort keys, how to
// read a page of its ids, and each key's order as a comparison of ids (in
// the key's natural direction).
type listCase struct {
	name  string
	page  func(sort string, p core.PageRequest) (core.List[string], error)
	order map[string]func(a, b string) int
}

func idsOf[T any](l core.List[T], err error, id func(T) string) (core.List[string], error) {
	out := core.List[string]{Total: l.Total, Next: l.Next, Prev: l.Prev, Start: l.Start}
	for _, v := range l.Items {
		out.Items = append(out.Items, id(v))
	}
	return out, err
}

// TestListSortsBothWays: every sort key of every list, either way round,
// paged 7 rows at a time forward and then backward from the last page,
// gives each row once, in the order a sort in Go gives (by the same sort
// values, the id last), with the position of each page.
func TestListSortsBothWays(t *testing.T) {
	eachEngine(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		seedLists(t, f)
		ctx := f.as("coordinator")
		agencies := map[string]directory.Agency{}
		for _, a := range must[core.List[directory.Agency]](t)(f.svc.ListAgencies(ctx, directory.AgencyFilter{}, core.PageRequest{Limit: core.MaxLimit})).Items {
			agencies[a.ID] = a
		}
		people := map[string]directory.Person{}
		for _, p := range must[core.List[directory.Person]](t)(f.svc.ListPeople(ctx, directory.PersonFilter{}, core.PageRequest{Limit: core.MaxLimit})).Items {
			people[p.ID] = p
		}
		cps := map[string]directory.ContactPoint{}
		for _, c := range must[core.List[directory.ContactPoint]](t)(f.svc.ListContactPoints(ctx, directory.ContactPointFilter{}, core.PageRequest{Limit: core.MaxLimit})).Items {
			cps[c.ID] = c
		}
		networks := map[string]directory.Network{}
		for _, n := range must[core.List[directory.Network]](t)(f.svc.ListNetworks(ctx, directory.NetworkFilter{}, core.PageRequest{Limit: core.MaxLimit})).Items {
			networks[n.ID] = n
		}
		name := directory.NameSortKey
		person := func(id string) string { p := people[id]; return directory.PersonSortKey(p.FamilyName, p.GivenName) }
		newest := func(x, y time.Time) int { return y.Compare(x) } // "updated" is newest first

		cases := []listCase{
			{
				name: "agencies",
				page: func(sort string, p core.PageRequest) (core.List[string], error) {
					l, err := f.svc.ListAgencies(ctx, directory.AgencyFilter{Sort: sort}, p)
					return idsOf(l, err, func(a directory.Agency) string { return a.ID })
				},
				order: map[string]func(a, b string) int{
					"name": func(a, b string) int {
						return cmp.Or(cmp.Compare(name(agencies[a].Name), name(agencies[b].Name)), cmp.Compare(a, b))
					},
					"country": func(a, b string) int {
						return cmp.Or(cmp.Compare(agencies[a].CountryCode, agencies[b].CountryCode), cmp.Compare(name(agencies[a].Name), name(agencies[b].Name)), cmp.Compare(a, b))
					},
					"updated": func(a, b string) int {
						return cmp.Or(newest(agencies[a].UpdatedAt, agencies[b].UpdatedAt), -cmp.Compare(a, b))
					},
				},
			},
			{
				name: "people",
				page: func(sort string, p core.PageRequest) (core.List[string], error) {
					l, err := f.svc.ListPeople(ctx, directory.PersonFilter{Sort: sort}, p)
					return idsOf(l, err, func(p directory.Person) string { return p.ID })
				},
				order: map[string]func(a, b string) int{
					"name": func(a, b string) int { return cmp.Or(cmp.Compare(person(a), person(b)), cmp.Compare(a, b)) },
					"agency": func(a, b string) int {
						return cmp.Or(cmp.Compare(name(people[a].AgencyName), name(people[b].AgencyName)), cmp.Compare(person(a), person(b)), cmp.Compare(a, b))
					},
					"country": func(a, b string) int {
						return cmp.Or(cmp.Compare(people[a].CountryCode, people[b].CountryCode), cmp.Compare(person(a), person(b)), cmp.Compare(a, b))
					},
					"updated": func(a, b string) int {
						return cmp.Or(newest(people[a].UpdatedAt, people[b].UpdatedAt), -cmp.Compare(a, b))
					},
				},
			},
			{
				name: "contact points",
				page: func(sort string, p core.PageRequest) (core.List[string], error) {
					l, err := f.svc.ListContactPoints(ctx, directory.ContactPointFilter{Sort: sort}, p)
					return idsOf(l, err, func(c directory.ContactPoint) string { return c.ID })
				},
				order: map[string]func(a, b string) int{
					"country": func(a, b string) int {
						return cmp.Or(cmp.Compare(cps[a].CountryCode, cps[b].CountryCode), cmp.Compare(person(cps[a].PersonID), person(cps[b].PersonID)), cmp.Compare(a, b))
					},
					"name": func(a, b string) int {
						return cmp.Or(cmp.Compare(person(cps[a].PersonID), person(cps[b].PersonID)), cmp.Compare(a, b))
					},
					"agency": func(a, b string) int {
						return cmp.Or(cmp.Compare(name(cps[a].AgencyName), name(cps[b].AgencyName)), cmp.Compare(person(cps[a].PersonID), person(cps[b].PersonID)), cmp.Compare(a, b))
					},
				},
			},
			{
				name: "networks",
				page: func(sort string, p core.PageRequest) (core.List[string], error) {
					l, err := f.svc.ListNetworks(ctx, directory.NetworkFilter{Sort: sort}, p)
					return idsOf(l, err, func(n directory.Network) string { return n.ID })
				},
				order: map[string]func(a, b string) int{
					"name": func(a, b string) int {
						return cmp.Or(cmp.Compare(name(networks[a].Name), name(networks[b].Name)), cmp.Compare(a, b))
					},
				},
			},
		}
		sorts := map[string][]string{"agencies": directory.AgencySorts, "people": directory.PersonSorts,
			"contact points": directory.ContactPointSorts, "networks": directory.NetworkSorts}
		for _, lc := range cases {
			if len(lc.order) != len(sorts[lc.name]) {
				t.Fatalf("%s: the test covers %d sort keys, the list has %v", lc.name, len(lc.order), sorts[lc.name])
			}
			for _, key := range sorts[lc.name] {
				for _, sort := range []string{key, "-" + key} {
					t.Run(lc.name+" "+sort, func(t *testing.T) {
						first := must[core.List[string]](t)(lc.page(sort, core.PageRequest{Limit: core.MaxLimit}))
						want := slices.SortedFunc(slices.Values(first.Items), lc.order[key])
						if strings.HasPrefix(sort, "-") {
							slices.Reverse(want)
						}
						if len(want) <= 14 || len(want) != first.Total {
							t.Fatalf("%d rows, total %d: too few to page", len(want), first.Total)
						}
						checkPaging(t, lc.page, sort, want)
					})
				}
			}
			t.Run(lc.name+" default order", func(t *testing.T) {
				def := sorts[lc.name][0]
				a := must[core.List[string]](t)(lc.page("", core.PageRequest{Limit: core.MaxLimit}))
				b := must[core.List[string]](t)(lc.page(def, core.PageRequest{Limit: core.MaxLimit}))
				if !slices.Equal(a.Items, b.Items) {
					t.Errorf("no sort is not %q", def)
				}
			})
		}
	})
}

// checkPaging pages through a list 7 rows at a time forward, then
// backward from the last page, and compares both with want.
func checkPaging(t *testing.T, page func(sort string, p core.PageRequest) (core.List[string], error), sort string, want []string) {
	t.Helper()
	const limit = 7
	var got []string
	var pages []core.List[string]
	for cursor := ""; ; {
		p := must[core.List[string]](t)(page(sort, core.PageRequest{Limit: limit, Cursor: cursor}))
		if p.Start != len(got)+1 {
			t.Errorf("page %d starts at %d, want %d", len(pages)+1, p.Start, len(got)+1)
		}
		if (len(pages) == 0) != (p.Prev == "") {
			t.Errorf("page %d: prev %q", len(pages)+1, p.Prev)
		}
		got = append(got, p.Items...)
		pages = append(pages, p)
		if cursor = p.Next; cursor == "" {
			break
		}
		if len(pages) > len(want) {
			t.Fatal("paging does not end")
		}
	}
	seen := map[string]bool{}
	for _, id := range got {
		if seen[id] {
			t.Errorf("row %s on two pages", id)
		}
		seen[id] = true
	}
	if !slices.Equal(got, want) {
		t.Fatalf("forward:\n%v\nwant\n%v", got, want)
	}
	var back []string
	p := pages[len(pages)-1]
	for n := len(pages) - 1; ; n-- {
		if p.Start != pages[n].Start || !slices.Equal(p.Items, pages[n].Items) {
			t.Errorf("backward, page %d: %v at %d; forward it was %v at %d", n+1, p.Items, p.Start, pages[n].Items, pages[n].Start)
		}
		back = append(slices.Clone(p.Items), back...)
		if p.Prev == "" {
			break
		}
		if n == 0 {
			t.Fatal("backward paging goes beyond the first page")
		}
		p = must[core.List[string]](t)(page(sort, core.PageRequest{Limit: limit, Cursor: p.Prev}))
	}
	if !slices.Equal(back, want) {
		t.Errorf("backward:\n%v\nwant\n%v", back, want)
	}
}

// TestListSortInvalid: a sort the list does not have (a key of another
// list, a key with two minus signs, a different case) is the field error
// sort:invalid.
func TestListSortInvalid(t *testing.T) {
	eachEngine(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := f.as("coordinator")
		p := core.PageRequest{Limit: 5}
		for _, sort := range []string{"bogus", "-bogus", "--name", "-", "Name", "name ", "updated,name"} {
			for what, err := range map[string]error{
				"agencies":       second(f.svc.ListAgencies(ctx, directory.AgencyFilter{Sort: sort}, p)),
				"people":         second(f.svc.ListPeople(ctx, directory.PersonFilter{Sort: sort}, p)),
				"contact points": second(f.svc.ListContactPoints(ctx, directory.ContactPointFilter{Sort: sort}, p)),
				"networks":       second(f.svc.ListNetworks(ctx, directory.NetworkFilter{Sort: sort}, p)),
			} {
				if !core.IsCode(err, core.Invalid) || !slices.Equal(fieldErrs(err), []string{"sort:invalid"}) {
					t.Errorf("%s sorted by %q: %v, want sort:invalid", what, sort, err)
				}
			}
		}
		// Keys of other lists are unknown too.
		for what, err := range map[string]error{
			"networks by country":       second(f.svc.ListNetworks(ctx, directory.NetworkFilter{Sort: "country"}, p)),
			"contact points by updated": second(f.svc.ListContactPoints(ctx, directory.ContactPointFilter{Sort: "-updated"}, p)),
			"agencies by agency":        second(f.svc.ListAgencies(ctx, directory.AgencyFilter{Sort: "agency"}, p)),
		} {
			if !slices.Equal(fieldErrs(err), []string{"sort:invalid"}) {
				t.Errorf("%s: %v, want sort:invalid", what, err)
			}
		}
	})
}

// TestListSortInvalidPages: an unknown sort is the localised field error
// on the sort select of the pages that have one, in the error summary of
// the others, and 422 from the API.
func TestListSortInvalidPages(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		seedServer(t, e)
		coord := e.SignIn(t, e.AccountFor(t, core.RoleCoordinator).Email)
		coord.Lang = "ro"
		res := coord.Get(t, "/directory/agencies?sort=-bogus")
		apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
		doc := res.Doc(t)
		if got := uitest.Squash(doc.Find("#field-sort-error").Text()); got != "Eroare: Această valoare nu este validă." {
			t.Errorf("agencies: sort error %q", got)
		}
		res = coord.Get(t, "/directory/people?sort=bogus")
		apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
		if res.Doc(t).Find(`#field-sort[aria-invalid="true"]`).Length() != 1 {
			t.Error("people: the sort select is not marked invalid")
		}
		for _, path := range []string{"/directory/contact-points?sort=bogus", "/directory/networks?sort=-country"} {
			res = coord.Get(t, path)
			apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
			if got := uitest.Squash(res.Doc(t).Find(".error-summary").Text()); !strings.Contains(got, "Această valoare nu este validă.") {
				t.Errorf("%s: error summary %q", path, got)
			}
		}
		tok := e.APIToken(t, e.AccountFor(t, core.RoleCoordinator).Email)
		for _, path := range []string{"/api/v1/people?sort=bogus", "/api/v1/agencies?sort=agency", "/api/v1/networks?sort=--name", "/api/v1/contact-points?sort=updated"} {
			apptest.WantStatus(t, e.DoJSON(t, http.MethodGet, path, tok, nil), http.StatusUnprocessableEntity)
		}
		for _, path := range []string{"/api/v1/people?sort=-agency", "/api/v1/agencies?sort=-updated", "/api/v1/networks?sort=-name", "/api/v1/contact-points?sort=-country"} {
			apptest.WantStatus(t, e.DoJSON(t, http.MethodGet, path, tok, nil), http.StatusOK)
		}
	})
}

func second[T any](_ T, err error) error { return err }

// TestListPagerPages: on page 2 of 172 agencies the pager says "Showing
// 51–100 of 172 results" and links to the first, previous and next pages;
// the previous page is exactly page 1; the headings keep the filters.
func TestListPagerPages(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		var rows [][]string
		for i := range 172 {
			rows = append(rows, []string{fmt.Sprintf("MD-P%03d", i), "MD", fmt.Sprintf("Agency %03d", (i*37)%172), "police"})
		}
		rep, err := dir(e).ImportAgencies(apptest.SysCtx(), file(t, tabular.CSV, []string{"code", "country", "name", "type"}, rows...), tabular.CSV, false)
		if err != nil || len(rep.Errors) != 0 {
			t.Fatalf("import: %v %+v", err, rep.Errors)
		}
		coord := e.SignIn(t, e.AccountFor(t, core.RoleCoordinator).Email)
		const list = "/directory/agencies"
		names := func(doc *goquery.Document) []string {
			var out []string
			doc.Find("#results tbody th a").Each(func(_ int, s *goquery.Selection) { out = append(out, s.Text()) })
			return out
		}
		link := func(doc *goquery.Document, sel string) string {
			t.Helper()
			href, ok := doc.Find(sel).Attr("href")
			if !ok {
				t.Fatalf("no %s", sel)
			}
			return list + href
		}
		_, doc := coord.GetDoc(t, list+"?country=MD", http.StatusOK)
		page1 := names(doc)
		if got := uitest.Text(t, doc, ".pager-status"); got != "Showing 1–50 of 172 results" || len(page1) != 50 || page1[0] != "Agency 000" {
			t.Fatalf("page 1: %q, %d rows from %v", got, len(page1), page1[:1])
		}
		if doc.Find(`.pager a[rel="prev"]`).Length() != 0 || doc.Find(".pager-links a").Length() != 1 {
			t.Error("page 1 offers more than the next page")
		}
		_, doc = coord.GetDoc(t, link(doc, `.pager a[rel="next"]`), http.StatusOK)
		page2 := names(doc)
		if got := uitest.Text(t, doc, ".pager-status"); got != "Showing 51–100 of 172 results" {
			t.Errorf("page 2 status %q", got)
		}
		if len(page2) != 50 || page2[0] != "Agency 050" {
			t.Errorf("page 2 rows from %v", page2[:1])
		}
		texts := uitest.Squash(doc.Find(".pager-links").Text())
		if texts != "First page Previous page Next page" {
			t.Errorf("page 2 links %q", texts)
		}
		// The country filter stays in every link, the cursor leaves the sort links.
		sortHref, _ := doc.Find(`thead th[aria-sort="ascending"] a`).Attr("href")
		if sortHref != "?country=MD&sort=-name" {
			t.Errorf("name heading on page 2: %q", sortHref)
		}
		prev := link(doc, `.pager a[rel="prev"]`)
		if !strings.Contains(prev, "country=MD") {
			t.Errorf("previous link %q lost the filter", prev)
		}
		_, back := coord.GetDoc(t, prev, http.StatusOK)
		if got := names(back); !slices.Equal(got, page1) {
			t.Errorf("previous page of page 2:\n%v\nwant page 1:\n%v", got, page1)
		}
		if got := uitest.Text(t, back, ".pager-status"); got != "Showing 1–50 of 172 results" || back.Find(`.pager a[rel="prev"]`).Length() != 0 {
			t.Errorf("back on page 1: %q", got)
		}
		// The last page, sorted Z to A from its heading; an htmx request
		// gets the results region with the same pager.
		_, doc = coord.GetDoc(t, list+"?country=MD&sort=-name", http.StatusOK)
		if first := names(doc); first[0] != "Agency 171" {
			t.Errorf("Z to A starts with %q", first[0])
		}
		next := link(doc, `.pager a[rel="next"]`)
		_, doc = coord.GetDoc(t, next, http.StatusOK)
		_, doc = coord.GetDoc(t, link(doc, `.pager a[rel="next"]`), http.StatusOK)
		_, doc = coord.GetDoc(t, link(doc, `.pager a[rel="next"]`), http.StatusOK)
		if got := uitest.Text(t, doc, ".pager-status"); got != "Showing 151–172 of 172 results" || doc.Find(`.pager a[rel="next"]`).Length() != 0 {
			t.Errorf("last page: %q", got)
		}
		res := coord.Get(t, next, "HX-Request", "true")
		apptest.WantStatus(t, res, http.StatusOK)
		part := res.Doc(t)
		if part.Find("h1").Length() != 0 || uitest.Squash(part.Find(".pager-status").Text()) != "Showing 51–100 of 172 results" {
			t.Errorf("htmx page 2: %q", uitest.Squash(part.Find(".pager-status").Text()))
		}
	})
}

// TestAPIPagingBackward: over the API, following prev from the last page
// gives the pages that next gave, in reverse; the first page has no prev;
// a cursor of the first releases (a JSON array of the sort values) still
// opens the page after its row; a malformed cursor is 422.
func TestAPIPagingBackward(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		seedServer(t, e)
		var rows [][]string
		families := []string{"Abashidze", "Babayan", "Ceban", "Dolidze", "Efendiyev", "Frunze", "Gelashvili", "Hovhannisyan", "Ivanenko", "Jafarov", "Kvaratskhelia"}
		for i := range 30 {
			rows = append(rows, []string{"GE-MIA", []string{"Ana", "Zoe", "Ştefan"}[i%3], families[i%len(families)]})
		}
		rep, err := dir(e).ImportPeople(apptest.SysCtx(), file(t, tabular.CSV, []string{"agency_code", "given_name", "family_name"}, rows...), tabular.CSV, false)
		if err != nil || len(rep.Errors) != 0 {
			t.Fatalf("import: %v %+v", err, rep.Errors)
		}
		tok := e.APIToken(t, e.AccountFor(t, core.RoleCoordinator).Email)
		type item struct {
			ID         string `json:"id"`
			GivenName  string `json:"given_name"`
			FamilyName string `json:"family_name"`
		}
		type page struct {
			Items []item  `json:"items"`
			Total int     `json:"total"`
			Next  string  `json:"next"`
			Prev  *string `json:"prev"`
		}
		get := func(query string) page {
			t.Helper()
			res := e.DoJSON(t, http.MethodGet, "/api/v1/people?limit=7&sort=-name&"+query, tok, nil)
			apptest.WantStatus(t, res, http.StatusOK)
			var p page
			res.JSON(t, &p)
			return p
		}
		var forward []page
		for p := get(""); ; p = get("cursor=" + url.QueryEscape(p.Next)) {
			forward = append(forward, p)
			if p.Next == "" || len(forward) > 10 {
				break
			}
		}
		if len(forward) != 5 || forward[0].Total != 32 || forward[0].Prev != nil {
			t.Fatalf("%d pages, total %d, first prev %v", len(forward), forward[0].Total, forward[0].Prev)
		}
		var backward []page
		for p := forward[len(forward)-1]; p.Prev != nil; {
			p = get("cursor=" + url.QueryEscape(*p.Prev))
			backward = append(backward, p)
			if len(backward) > 10 {
				t.Fatal("backward paging does not end")
			}
		}
		if len(backward) != len(forward)-1 {
			t.Fatalf("%d pages backward, want %d", len(backward), len(forward)-1)
		}
		for i, p := range backward {
			want := forward[len(forward)-2-i]
			if !slices.Equal(p.Items, want.Items) || p.Next != want.Next {
				t.Errorf("backward page %d = %v, want %v", i+1, p.Items, want.Items)
			}
		}
		// A cursor of the first releases: the sort values of the last row
		// of page 1, as a JSON array.
		last := forward[0].Items[6]
		old := core.EncodeCursor(directory.PersonSortKey(last.FamilyName, last.GivenName), last.ID)
		if p := get("cursor=" + old); !slices.Equal(p.Items, forward[1].Items) {
			t.Errorf("old cursor: %v, want page 2 %v", p.Items, forward[1].Items)
		}
		res := e.DoJSON(t, http.MethodGet, "/api/v1/people?cursor="+core.EncodeCursor("x", "y", "z"), tok, nil)
		apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
		if !res.Problem(t).HasFieldError("cursor", "invalid") {
			t.Errorf("bad cursor: %s", res.Body)
		}
	})
}

// TestListsShowArchived: on the agencies, people and networks lists, the
// units of an agency and the members of a network, coordinators may show
// archived records, marked with a badge and a restore button that works;
// an ncp or an observer asking for them gets the normal list and no
// filter.
func TestListsShowArchived(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		f := seedServer(t, e)
		sys, d := apptest.SysCtx(), dir(e)
		oldAgency := must[directory.Agency](t)(d.CreateAgency(sys, directory.AgencyInput{Code: "GE-OLD", CountryCode: "GE", Name: "Old Agency of Georgia", Type: directory.AgencyOther}))
		oldUnit := must[directory.Unit](t)(d.CreateUnit(sys, f.geMIA.ID, directory.UnitInput{Name: "Old Unit"}))
		oldNet := must[directory.Network](t)(d.CreateNetwork(sys, directory.NetworkInput{Code: "old", Name: "Old Network", Kind: directory.NetworkSupport}))
		giorgi := must3[directory.Person, []directory.Duplicate](t)(d.CreatePerson(sys, directory.PersonInput{AgencyID: f.geMIA.ID, GivenName: "Giorgi", FamilyName: "Lomidze"}))
		must[directory.Member](t)(d.AddMember(sys, f.scf.ID, directory.MemberInput{PersonID: giorgi.ID, Role: directory.RoleMember}))
		for _, err := range []error{
			d.ArchiveAgency(sys, oldAgency.ID, true),
			d.ArchiveUnit(sys, oldUnit.ID, true),
			d.ArchiveNetwork(sys, oldNet.ID, true),
			d.ArchivePerson(sys, f.olena.ID, true),
			d.ArchivePerson(sys, f.nino.ID, true), // a member of SCF
		} {
			if err != nil {
				t.Fatal(err)
			}
		}
		type list struct {
			name, path, param, restore string
			restored                   func() bool
			observer                   bool // observers see the list too
		}
		lists := []list{
			{"agencies", "/directory/agencies", "archived", "/directory/agencies/" + oldAgency.ID + "/restore",
				func() bool { a, err := d.Agency(sys, oldAgency.ID); return err == nil && !a.Archived }, true},
			{"people", "/directory/people", "archived", "/directory/people/" + f.olena.ID + "/restore",
				func() bool { p, err := d.Person(sys, f.olena.ID); return err == nil && !p.Archived }, false},
			{"networks", "/directory/networks", "archived", "/directory/networks/" + oldNet.ID + "/restore",
				func() bool { n, err := d.Network(sys, oldNet.ID); return err == nil && !n.Archived }, true},
			{"units", "/directory/agencies/" + f.geMIA.ID, "archived", "/directory/units/" + oldUnit.ID + "/restore",
				func() bool { u, err := d.Unit(sys, oldUnit.ID); return err == nil && !u.Archived }, true},
			{"members", "/directory/networks/" + f.scf.ID, "marchived", "/directory/people/" + f.nino.ID + "/restore",
				func() bool { p, err := d.Person(sys, f.nino.ID); return err == nil && !p.Archived }, false},
		}
		coord := e.SignIn(t, e.AccountFor(t, core.RoleCoordinator).Email)
		ncp := e.SignIn(t, e.AccountFor(t, core.RoleNCP).Email)
		observer := e.SignIn(t, e.AccountFor(t, core.RoleObserver).Email)
		for _, l := range lists {
			t.Run(l.name, func(t *testing.T) {
				row := `tr:has(form[action="` + l.restore + `"])`
				checkbox := `input[type=checkbox][name="` + l.param + `"]`
				_, doc := coord.GetDoc(t, l.path, http.StatusOK)
				if doc.Find(row).Length() != 0 || doc.Find(".badge-archived").Length() != 0 {
					t.Error("an archived record is listed without show archived")
				}
				if doc.Find(checkbox).Length() != 1 {
					t.Error("the coordinator is not offered show archived")
				}
				_, doc = coord.GetDoc(t, l.path+"?"+l.param+"=true", http.StatusOK)
				if doc.Find(row).Length() != 1 || doc.Find(row+" .badge-archived").Length() != 1 {
					t.Fatal("show archived: the record is not listed with an Archived badge and a restore button")
				}
				if got := uitest.Squash(doc.Find(row + " .badge-archived").Text()); got != "Archived" {
					t.Errorf("badge %q", got)
				}
				if doc.Find(checkbox+"[checked]").Length() != 1 {
					t.Error("show archived is not checked on the page it filters")
				}
				for who, c := range map[string]*apptest.Client{"ncp": ncp, "observer": observer} {
					if who == "observer" && !l.observer {
						continue
					}
					_, normal := c.GetDoc(t, l.path, http.StatusOK)
					_, doc := c.GetDoc(t, l.path+"?"+l.param+"=true", http.StatusOK)
					if doc.Find(checkbox).Length() != 0 || doc.Find(".badge-archived").Length() != 0 || doc.Find(`form[action$="/restore"]`).Length() != 0 {
						t.Errorf("%s: offered archived records", who)
					}
					if got, want := mainText(doc), mainText(normal); got != want {
						t.Errorf("%s asking for archived records does not get the normal page:\n%s\nwant\n%s", who, got, want)
					}
				}
				apptest.WantStatus(t, coord.Post(t, l.restore, url.Values{}), http.StatusSeeOther)
				if !l.restored() {
					t.Error("not restored")
				}
			})
		}
		// The service refuses archived members to others.
		_, err := d.Members(core.WithActor(t.Context(), core.Actor{AccountID: "x", Grants: []core.Grant{apptest.RoleGrant(core.RoleNCP)}}),
			f.scf.ID, directory.MemberFilter{IncludeArchived: true}, core.PageRequest{})
		if !core.IsCode(err, core.Forbidden) {
			t.Errorf("an ncp listing archived members: %v, want forbidden", err)
		}
	})
}

// mainText is the text of a page's main region, squashed.
func mainText(doc *goquery.Document) string { return uitest.Squash(doc.Find("main").Text()) }

// TestExportKeepsShowArchived: the export links of a list that shows
// archived records export them too; others asking get active ones only.
func TestExportKeepsShowArchived(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		f := seedServer(t, e)
		if err := dir(e).ArchivePerson(apptest.SysCtx(), f.olena.ID, true); err != nil {
			t.Fatal(err)
		}
		coord := e.SignIn(t, e.AccountFor(t, core.RoleCoordinator).Email)
		_, doc := coord.GetDoc(t, "/directory/people?archived=true", http.StatusOK)
		href, _ := doc.Find(`a[href^="/directory/people/export"]`).First().Attr("href")
		if !strings.Contains(href, "archived=true") {
			t.Fatalf("export link %q", href)
		}
		res := coord.Get(t, href)
		apptest.WantStatus(t, res, http.StatusOK)
		if !strings.Contains(res.Body, "Kovalenko") || !strings.Contains(res.Body, "Beridze") {
			t.Errorf("export with archived people:\n%s", res.Body)
		}
		ncp := e.SignIn(t, e.AccountFor(t, core.RoleNCP).Email)
		res = ncp.Get(t, "/directory/people/export?format=csv&archived=true")
		apptest.WantStatus(t, res, http.StatusOK)
		if strings.Contains(res.Body, "Kovalenko") {
			t.Error("an ncp exported an archived person")
		}
	})
}
