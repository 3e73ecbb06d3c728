package directory_test

// The directory's pages and API through the real server, built by
// internal/app on a fresh database of each engine (harness:
// internal/app/apptest): rendering in every language, the main write
// flows, authorization by country, contact-detail visibility, import and
// export, htmx partials, and the JSON API's conventions.

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/topcop-platform/topcop/internal/app/apptest"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/directory"
	"github.com/topcop-platform/topcop/internal/i18n"
	"github.com/topcop-platform/topcop/internal/tabular"
	"github.com/topcop-platform/topcop/internal/ui/uitest"
)

// dir is the directory service of the platform e runs.
func dir(e *apptest.Env) *directory.Service { return apptest.Use[*directory.Service](e) }

// serverFixture is a small directory written through the service.
//
//	geMIA (GE) — nino (Georgian native name), member of SCF
//	uaNPU (UA) — olena (Cyrillic native name), SPOC 24/7 for ONLINE
type serverFixture struct {
	geMIA, uaNPU directory.Agency
	geUnit       directory.Unit
	nino, olena  directory.Person
	cpOlena      directory.ContactPoint
	scf          directory.Network
	mNino        directory.Member
}

func seedServer(t *testing.T, e *apptest.Env) serverFixture {
	t.Helper()
	ctx := apptest.SysCtx()
	d := dir(e)
	var f serverFixture
	var err error
	must := func(what string) {
		t.Helper()
		if err != nil {
			t.Fatalf("seed %s: %v", what, err)
		}
	}
	f.geMIA, err = d.CreateAgency(ctx, directory.AgencyInput{Code: "GE-MIA", CountryCode: "GE", Name: "Ministry of Internal Affairs of Georgia",
		NameNative: "საქართველოს შინაგან საქმეთა სამინისტრო", Acronym: "MIA", Type: directory.AgencyPolice, City: "Tbilisi"})
	must("GE-MIA")
	f.uaNPU, err = d.CreateAgency(ctx, directory.AgencyInput{Code: "UA-NPU", CountryCode: "UA", Name: "National Police of Ukraine",
		NameNative: "Національна поліція України", Acronym: "NPU", Type: directory.AgencyPolice, City: "Kyiv"})
	must("UA-NPU")
	f.geUnit, err = d.CreateUnit(ctx, f.geMIA.ID, directory.UnitInput{Name: "International Relations Department"})
	must("unit")
	f.nino, _, err = d.CreatePerson(ctx, directory.PersonInput{AgencyID: f.geMIA.ID, UnitID: f.geUnit.ID, GivenName: "Nino", FamilyName: "Beridze",
		GivenNameNative: "ნინო", FamilyNameNative: "ბერიძე", Sex: directory.SexFemale, Position: "Chief inspector",
		Languages: []string{"ka", "en"}, Email: "n.beridze@mia.example.org", Phone: "+995 32 555 0101"})
	must("nino")
	f.olena, _, err = d.CreatePerson(ctx, directory.PersonInput{AgencyID: f.uaNPU.ID, GivenName: "Olena", FamilyName: "Kovalenko",
		GivenNameNative: "Олена", FamilyNameNative: "Коваленко", Sex: directory.SexFemale, Position: "Senior analyst",
		Languages: []string{"uk", "en"}, Email: "o.kovalenko@npu.example.org", Phone: "+380 44 555 0101"})
	must("olena")
	f.cpOlena, err = d.CreateContactPoint(ctx, directory.ContactPointInput{PersonID: f.olena.ID, Kind: directory.ContactSPOC, Area: "ONLINE", Available247: true})
	must("contact point")
	f.scf, err = d.CreateNetwork(ctx, directory.NetworkInput{Code: "scf", Name: "Strategic Cooperation Forum", Kind: directory.NetworkForum,
		Description: "Heads of agencies of the partner countries.\n\nMeets twice a year."})
	must("network")
	f.mNino, err = d.AddMember(ctx, f.scf.ID, directory.MemberInput{PersonID: f.nino.ID, Role: directory.RoleChair})
	must("member")
	return f
}

// peopleCount is the number of people, archived included.
func peopleCount(t *testing.T, e *apptest.Env) int {
	t.Helper()
	l, err := dir(e).ListPeople(apptest.SysCtx(), directory.PersonFilter{IncludeArchived: true}, core.PageRequest{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	return l.Total
}

func agencyCount(t *testing.T, e *apptest.Env) int {
	t.Helper()
	l, err := dir(e).ListAgencies(apptest.SysCtx(), directory.AgencyFilter{IncludeArchived: true}, core.PageRequest{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	return l.Total
}

// upload posts, as c, a multipart form with fields and a file to path.
func upload(t testing.TB, c *apptest.Client, path string, fields map[string]string, filename, content string) *apptest.Response {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		_ = mw.WriteField(k, v)
	}
	if filename != "" {
		fw, err := mw.CreateFormFile("file", filename)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = fw.Write([]byte(content))
	}
	_ = mw.Close()
	req := c.NewRequest(t, http.MethodPost, path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.Do(t, req)
}

// apiUpload posts a multipart file to the API with a bearer token.
func apiUpload(t testing.TB, e *apptest.Env, path, token, filename, content string, dryRun bool) *apptest.Response {
	t.Helper()
	c := &apptest.Client{Env: e, HC: &http.Client{Timeout: 30 * time.Second}}
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	_ = mw.WriteField("dry_run", fmt.Sprint(dryRun))
	fw, _ := mw.CreateFormFile("file", filename)
	_, _ = fw.Write([]byte(content))
	_ = mw.Close()
	req := c.NewRequest(t, http.MethodPost, path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+token)
	return c.Do(t, req)
}

func TestHTTPPagesRender(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		f := seedServer(t, e)
		coord := e.SignIn(t, e.AccountFor(t, core.RoleCoordinator).Email)
		pages := []string{
			"/directory",
			"/directory/agencies",
			"/directory/agencies?q=Ministry&country=GE&type=police&sort=country",
			"/directory/agencies/new",
			"/directory/agencies/" + f.geMIA.ID + "?done=created",
			"/directory/agencies/" + f.geMIA.ID + "/edit",
			"/directory/people",
			"/directory/people?q=" + url.QueryEscape("Коваленко") + "&sex=female&role=spoc",
			"/directory/people/new?agency_id=" + f.geMIA.ID,
			"/directory/people/" + f.nino.ID,
			"/directory/people/" + f.olena.ID + "?done=saved",
			"/directory/people/" + f.olena.ID + "/edit",
			"/directory/contact-points",
			"/directory/contact-points?only247=true&kind=spoc",
			"/directory/contact-points/new?find=Beridze",
			"/directory/contact-points/" + f.cpOlena.ID + "/edit",
			"/directory/networks",
			"/directory/networks/new",
			"/directory/networks/" + f.scf.ID + "?find=olena&done=member_added",
			"/directory/networks/" + f.scf.ID + "/edit",
			"/directory/import",
			"/directory/people/picker?find=Beridze",
		}
		for _, lang := range i18n.Languages {
			coord.Lang = lang.Code
			for _, p := range pages {
				res, doc := coord.GetDoc(t, p, http.StatusOK)
				if got := doc.Find("html").AttrOr("lang", ""); got != lang.Code {
					t.Errorf("%s %s: <html lang=%q>", lang.Code, p, got)
				}
				if doc.Find("main h1").Length() == 0 {
					t.Errorf("%s %s: no heading", lang.Code, p)
				}
				for _, pr := range uitest.PageProblems(doc) {
					t.Errorf("%s %s: %s", lang.Code, p, pr)
				}
				if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
					t.Errorf("%s: CSP %q", p, csp)
				}
			}
		}
		coord.Lang = ""
		// The Georgian overview is in Georgian.
		coord.Lang = "ka"
		_, doc := coord.GetDoc(t, "/directory", http.StatusOK)
		if h := uitest.Text(t, doc, "main h1"); h != "ცნობარი" {
			t.Errorf("ka overview heading %q", h)
		}
		uitest.CheckNoMissingMessages(t, e.Bundle)
	})
}

func TestHTTPAgencyFlow(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		f := seedServer(t, e)
		coord := e.SignIn(t, e.AccountFor(t, core.RoleCoordinator).Email)

		// Create.
		res := coord.Post(t, "/directory/agencies", url.Values{"code": {"GE-PSG"}, "country_code": {"GE"},
			"name": {"Prosecution Service of Georgia"}, "name_native": {"საქართველოს პროკურატურა"}, "type": {"prosecution"}})
		apptest.WantRedirect(t, res, "/directory/agencies/")
		loc := res.Location()
		id := strings.TrimSuffix(strings.TrimPrefix(loc, "/directory/agencies/"), "?done=created")
		if !core.ValidID(id) {
			t.Fatalf("redirect to %q", loc)
		}
		_, doc := coord.GetDoc(t, loc, http.StatusOK)
		if got := uitest.Text(t, doc, ".flash"); got != "The record has been created." {
			t.Errorf("flash %q", got)
		}
		if got := uitest.Attr(t, doc, "main p.lead", "lang"); got != "ka" {
			t.Errorf("native name lang %q", got)
		}
		// Listed.
		_, doc = coord.GetDoc(t, "/directory/agencies?q=Prosecution", http.StatusOK)
		if doc.Find(`#results a[href="/directory/agencies/`+id+`"]`).Length() != 1 {
			t.Error("the new agency is not listed")
		}
		// Edit.
		_, doc = coord.GetDoc(t, "/directory/agencies/"+id+"/edit", http.StatusOK)
		if v := uitest.Attr(t, doc, "#field-code", "value"); v != "GE-PSG" {
			t.Errorf("edit form code %q", v)
		}
		res = coord.Post(t, "/directory/agencies/"+id, url.Values{"code": {"GE-PSG"}, "country_code": {"GE"},
			"name": {"Prosecutor's Office of Georgia"}, "type": {"prosecution"}, "city": {"Tbilisi"}})
		apptest.WantRedirect(t, res, "/directory/agencies/"+id+"?done=saved")
		ag, err := dir(e).Agency(apptest.SysCtx(), id)
		if err != nil || ag.Name != "Prosecutor's Office of Georgia" || ag.City != "Tbilisi" {
			t.Fatalf("after edit: %+v, %v", ag, err)
		}
		// Units: add, rename, archive.
		apptest.WantRedirect(t, coord.Post(t, "/directory/agencies/"+id+"/units", url.Values{"unit_name": {"Cybercrime Division"}}), "/directory/agencies/"+id)
		units, _ := dir(e).Units(apptest.SysCtx(), id, false)
		if len(units) != 1 {
			t.Fatalf("units %v", units)
		}
		apptest.WantRedirect(t, coord.Post(t, "/directory/units/"+units[0].ID, url.Values{"name": {"Cyber Division"}}), "/directory/agencies/"+id)
		apptest.WantRedirect(t, coord.Post(t, "/directory/units/"+units[0].ID+"/archive", nil), "/directory/agencies/"+id)
		// Archive: refused while people work there (the Georgian MIA), done for the new one.
		res = coord.Post(t, "/directory/agencies/"+f.geMIA.ID+"/archive", nil)
		apptest.WantStatus(t, res, http.StatusConflict)
		if s := uitest.Text(t, res.Doc(t), ".error-summary"); !strings.Contains(s, "people still work there") {
			t.Errorf("refusal reason %q", s)
		}
		apptest.WantRedirect(t, coord.Post(t, "/directory/agencies/"+id+"/archive", nil), "/directory/agencies/"+id+"?done=archived")
		if ag, _ := dir(e).Agency(apptest.SysCtx(), id); !ag.Archived {
			t.Error("not archived")
		}
		_, doc = coord.GetDoc(t, "/directory/agencies?q=Prosecutor", http.StatusOK)
		if doc.Find(`#results a[href="/directory/agencies/`+id+`"]`).Length() != 0 {
			t.Error("an archived agency is listed")
		}

		// Field errors: 422, the form again with the values, nothing created.
		before := agencyCount(t, e)
		res = coord.Post(t, "/directory/agencies", url.Values{"code": {"bad code"}, "country_code": {"GE"}, "name": {""}, "type": {"police"}, "email": {"nope"}})
		apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
		doc = res.Doc(t)
		for _, fld := range []string{"code", "name", "email"} {
			apptest.WantFieldError(t, doc, fld)
		}
		if v := uitest.Attr(t, doc, "#field-code", "value"); v != "bad code" {
			t.Errorf("the form lost the value: %q", v)
		}
		if after := agencyCount(t, e); after != before {
			t.Errorf("agencies %d → %d after a refused form", before, after)
		}
		// A code in use: 409 on the code field.
		res = coord.Post(t, "/directory/agencies", url.Values{"code": {"UA-NPU"}, "country_code": {"UA"}, "name": {"Again"}, "type": {"police"}})
		apptest.WantStatus(t, res, http.StatusConflict)
		apptest.WantFieldError(t, res.Doc(t), "code")
	})
}

func TestHTTPPersonFlow(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		f := seedServer(t, e)
		coord := e.SignIn(t, e.AccountFor(t, core.RoleCoordinator).Email)

		// The native name is Olena Kovalenko's, in Cyrillic; the Latin one differs.
		form := url.Values{"agency_id": {f.uaNPU.ID}, "given_name": {"Elena"}, "family_name": {"Kovalenko"},
			"given_name_native": {"Олена"}, "family_name_native": {"Коваленко"}, "sex": {"female"}, "languages": {"uk, ru"}}
		before := peopleCount(t, e)
		res := coord.Post(t, "/directory/people", form)
		apptest.WantStatus(t, res, http.StatusConflict)
		doc := res.Doc(t)
		dup := doc.Find(`section.notice table tbody tr`)
		if dup.Length() != 1 {
			t.Fatalf("%d duplicates listed, want 1", dup.Length())
		}
		if dup.Find(`a[href="/directory/people/`+f.olena.ID+`"]`).Length() != 1 {
			t.Error("the duplicate is not linked")
		}
		if got := dup.Find(`td[lang="uk"]`).Text(); got != "Олена Коваленко" {
			t.Errorf("native name cell %q", got)
		}
		if pct := uitest.Squash(dup.Find("td.num").Text()); !strings.HasSuffix(pct, "%") {
			t.Errorf("similarity %q", pct)
		}
		if doc.Find(`#field-confirm_new[type="checkbox"]:not([checked])`).Length() != 1 {
			t.Error("no unticked confirmation checkbox")
		}
		if doc.Find(`.error-summary a[href="#field-confirm_new"]`).Length() != 1 {
			t.Error("the error summary does not lead to the checkbox")
		}
		if peopleCount(t, e) != before {
			t.Fatal("a refused duplicate was created")
		}
		form.Set("confirm_new", "true")
		res = coord.Post(t, "/directory/people", form)
		apptest.WantRedirect(t, res, "/directory/people/")
		if peopleCount(t, e) != before+1 {
			t.Error("not created on confirmation")
		}
		_, doc = coord.GetDoc(t, res.Location(), http.StatusOK)
		if got := uitest.Text(t, doc, "main h1"); got != "Elena Kovalenko" {
			t.Errorf("person page heading %q", got)
		}

		// Field errors: 422 and nothing changes.
		before = peopleCount(t, e)
		res = coord.Post(t, "/directory/people", url.Values{"agency_id": {f.uaNPU.ID}, "given_name": {"Петро"}, "family_name": {""},
			"email": {"not-an-address"}, "languages": {"xx"}})
		apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
		doc = res.Doc(t)
		for _, fld := range []string{"given_name", "family_name", "email", "languages"} {
			apptest.WantFieldError(t, doc, fld)
		}
		if peopleCount(t, e) != before {
			t.Error("a refused form created someone")
		}
		// Edit keeps the person's values and saves a change.
		_, doc = coord.GetDoc(t, "/directory/people/"+f.nino.ID+"/edit", http.StatusOK)
		if v := uitest.Attr(t, doc, "#field-email", "value"); v != f.nino.Email {
			t.Errorf("edit form e-mail %q", v)
		}
		upd := url.Values{"agency_id": {f.geMIA.ID}, "unit_id": {f.geUnit.ID}, "given_name": {"Nino"}, "family_name": {"Beridze"},
			"given_name_native": {"ნინო"}, "family_name_native": {"ბერიძე"}, "sex": {"female"}, "position": {"Head of division"},
			"languages": {"ka, en, ru"}, "email": {f.nino.Email}, "phone": {f.nino.Phone}}
		apptest.WantRedirect(t, coord.Post(t, "/directory/people/"+f.nino.ID, upd), "/directory/people/"+f.nino.ID+"?done=saved")
		p, _ := dir(e).Person(apptest.SysCtx(), f.nino.ID)
		if p.Position != "Head of division" || len(p.Languages) != 3 || p.Email != f.nino.Email {
			t.Errorf("after edit: %+v", p)
		}
	})
}

func TestHTTPCountryScope(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		f := seedServer(t, e)
		ncp := e.SignIn(t, e.AccountFor(t, core.RoleNCP).Email) // ncp of GE
		edit := func(a directory.Agency, city string) url.Values {
			return url.Values{"code": {a.Code}, "country_code": {a.CountryCode}, "name": {a.Name}, "name_native": {a.NameNative},
				"acronym": {a.Acronym}, "type": {string(a.Type)}, "city": {city}}
		}
		apptest.WantStatus(t, ncp.Get(t, "/directory/agencies/"+f.uaNPU.ID+"/edit"), http.StatusForbidden)
		apptest.WantStatus(t, ncp.Post(t, "/directory/agencies/"+f.uaNPU.ID, edit(f.uaNPU, "Lviv")), http.StatusForbidden)
		if ag, _ := dir(e).Agency(apptest.SysCtx(), f.uaNPU.ID); ag.City != "Kyiv" {
			t.Error("the ncp of Georgia changed a Ukrainian agency")
		}
		_, doc := ncp.GetDoc(t, "/directory/agencies/"+f.uaNPU.ID, http.StatusOK)
		if doc.Find(`a[href$="/edit"]`).Length() != 0 {
			t.Error("edit offered on a Ukrainian agency")
		}
		_, doc = ncp.GetDoc(t, "/directory/agencies/"+f.geMIA.ID+"/edit", http.StatusOK)
		apptest.WantRedirect(t, ncp.Post(t, "/directory/agencies/"+f.geMIA.ID, edit(f.geMIA, "Batumi")), "/directory/agencies/"+f.geMIA.ID)
		if ag, _ := dir(e).Agency(apptest.SysCtx(), f.geMIA.ID); ag.City != "Batumi" {
			t.Error("the ncp of Georgia could not edit a Georgian agency")
		}
		// A trainer edits nothing and gets no edit controls.
		tr := e.SignIn(t, e.AccountFor(t, core.RoleTrainer).Email)
		apptest.WantStatus(t, tr.Get(t, "/directory/agencies/new"), http.StatusForbidden)
		apptest.WantStatus(t, tr.Post(t, "/directory/agencies/"+f.geMIA.ID, edit(f.geMIA, "Kutaisi")), http.StatusForbidden)
		_, doc = tr.GetDoc(t, "/directory/agencies", http.StatusOK)
		if doc.Find(`a[href="/directory/agencies/new"]`).Length() != 0 {
			t.Error("a trainer is offered a new agency")
		}
	})
}

func TestHTTPContactVisibility(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		f := seedServer(t, e)
		ncp := e.SignIn(t, e.AccountFor(t, core.RoleNCP).Email)
		tr := e.SignIn(t, e.AccountFor(t, core.RoleTrainer).Email)

		_, doc := ncp.GetDoc(t, "/directory/people/"+f.nino.ID, http.StatusOK)
		if doc.Find(`a[href="mailto:`+f.nino.Email+`"]`).Length() != 1 {
			t.Error("the ncp of Georgia does not see a Georgian person's e-mail")
		}
		res, doc := tr.GetDoc(t, "/directory/people/"+f.nino.ID, http.StatusOK)
		if strings.Contains(res.Body, f.nino.Email) || strings.Contains(res.Body, f.nino.Phone) {
			t.Error("a trainer who shares no network sees the contact details")
		}
		if doc.Find("#contact-hidden").Length() != 1 {
			t.Error("no note about hidden contact details")
		}
		// The same rule in the lists and the network page.
		for _, p := range []string{"/directory/people?q=Beridze", "/directory/networks/" + f.scf.ID, "/directory/contact-points"} {
			if res := tr.Get(t, p); res.StatusCode != http.StatusOK || strings.Contains(res.Body, "@mia.example.org") || strings.Contains(res.Body, "@npu.example.org") {
				t.Errorf("%s: status %d or a hidden address shown", p, res.StatusCode)
			}
		}
		// The ncp of Georgia does not see the Ukrainian contact point's address.
		if res := ncp.Get(t, "/directory/contact-points"); strings.Contains(res.Body, f.olena.Email) || !strings.Contains(res.Body, "Olena Kovalenko") {
			t.Error("contact points list: wrong visibility for the ncp of Georgia")
		}
		// Observers: overview yes, people no.
		obs := e.SignIn(t, e.AccountFor(t, core.RoleObserver).Email)
		apptest.WantStatus(t, obs.Get(t, "/directory"), http.StatusOK)
		apptest.WantStatus(t, obs.Get(t, "/directory/people"), http.StatusForbidden)
		apptest.WantStatus(t, obs.Get(t, "/directory/people/"+f.nino.ID), http.StatusForbidden)
		if res := obs.Get(t, "/directory/networks/"+f.scf.ID); res.StatusCode != http.StatusOK || strings.Contains(res.Body, "Beridze") {
			t.Errorf("network page for an observer: status %d, or a member's name shown", res.StatusCode)
		}
	})
}

func TestHTTPImportExport(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		seedServer(t, e)
		coord := e.SignIn(t, e.AccountFor(t, core.RoleCoordinator).Email)

		bad := "code,country,name,type\r\nGE-IMP1,GE,Good Row,police\r\nbad code,GE,Bad Code,police\r\nGE-IMP2,XX,Bad Country,customs\r\n"
		before := agencyCount(t, e)
		res := upload(t, coord, "/directory/import", map[string]string{"kind": "agencies"}, "agencies.csv", bad)
		apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
		rows := res.Doc(t).Find("table.import-errors tbody tr")
		if rows.Length() != 2 {
			t.Fatalf("%d errors listed, want 2\n%s", rows.Length(), apptest.Excerpt(res.Body))
		}
		for i, want := range []struct{ line, column string }{{"3", "code"}, {"4", "country"}} {
			cells := rows.Eq(i).Find("td")
			if got := uitest.Squash(cells.Eq(0).Text()); got != want.line {
				t.Errorf("error %d on line %q, want %s", i, got, want.line)
			}
			if got := uitest.Squash(cells.Eq(1).Text()); got != want.column {
				t.Errorf("error %d in column %q, want %s", i, got, want.column)
			}
			if uitest.Squash(cells.Eq(2).Text()) == "" {
				t.Errorf("error %d has no message", i)
			}
		}
		if agencyCount(t, e) != before {
			t.Fatal("an import with errors wrote something")
		}

		good := "code,country,name,type,city\r\nGE-IMP1,GE,Good Row,police,Tbilisi\r\nUA-IMP2,UA,Another Good Row,customs,Odesa\r\n"
		// A dry run writes nothing and offers to run with the same file.
		res = upload(t, coord, "/directory/import", map[string]string{"kind": "agencies", "dry_run": "true"}, "agencies.csv", good)
		apptest.WantStatus(t, res, http.StatusOK)
		doc := res.Doc(t)
		carry := uitest.Attr(t, doc, `#import-report input[name="carry"]`, "value")
		if agencyCount(t, e) != before {
			t.Fatal("a dry run wrote something")
		}
		res = upload(t, coord, "/directory/import", map[string]string{"kind": "agencies", "carry": carry, "carry_name": "agencies.csv"}, "", "")
		apptest.WantStatus(t, res, http.StatusOK)
		if agencyCount(t, e) != before+2 {
			t.Fatalf("agencies %d, want %d after the import", agencyCount(t, e), before+2)
		}

		// Export: CSV with a byte order mark, as an attachment.
		res = coord.Get(t, "/directory/agencies/export?format=csv&country=GE")
		apptest.WantStatus(t, res, http.StatusOK)
		if !strings.HasPrefix(res.Body, "\uFEFFcode,country,name") {
			t.Errorf("export starts %q", res.Body[:min(40, len(res.Body))])
		}
		if cd := res.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") || !strings.Contains(cd, ".csv") {
			t.Errorf("Content-Disposition %q", cd)
		}
		if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
			t.Errorf("Content-Type %q", ct)
		}
		if !strings.Contains(res.Body, "GE-IMP1") || strings.Contains(res.Body, "UA-IMP2") {
			t.Error("the export ignores the filter")
		}
		res = coord.Get(t, "/directory/people/export?format=xlsx")
		apptest.WantStatus(t, res, http.StatusOK)
		if !strings.HasPrefix(res.Body, "PK") {
			t.Error("the XLSX export is not a zip file")
		}
		apptest.WantStatus(t, coord.Get(t, "/directory/people/export?format=pdf"), http.StatusUnprocessableEntity)
	})
}

func TestHTTPLiveSearchPartial(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		f := seedServer(t, e)
		coord := e.SignIn(t, e.AccountFor(t, core.RoleCoordinator).Email)
		res := coord.Get(t, "/directory/people?q="+url.QueryEscape("Коваленко"), "HX-Request", "true")
		apptest.WantStatus(t, res, http.StatusOK)
		if strings.Contains(res.Body, "<html") || strings.Contains(res.Body, "<header") || strings.Contains(res.Body, `class="filters"`) {
			t.Errorf("the partial answer has more than the results region:\n%s", apptest.Excerpt(res.Body))
		}
		doc := res.Doc(t)
		if doc.Find(`tbody a[href="/directory/people/`+f.olena.ID+`"]`).Length() != 1 || doc.Find("tbody tr").Length() != 1 {
			t.Errorf("a Cyrillic query should find exactly Kovalenko:\n%s", apptest.Excerpt(res.Body))
		}
		if doc.Find("nav.pager").Length() != 1 {
			t.Error("no pager in the partial")
		}
		// The full page carries the live-search wiring.
		_, doc = coord.GetDoc(t, "/directory/people", http.StatusOK)
		in := doc.Find(`#field-q`)
		if in.AttrOr("hx-get", "") != "/directory/people" || in.AttrOr("hx-target", "") != "#results" || !strings.Contains(in.AttrOr("hx-trigger", ""), "delay:300ms") {
			t.Error("the search box is not wired for live search")
		}
		if doc.Find(`#results`).Length() != 1 {
			t.Error("no results region")
		}
		// The person pickers' live search answers the radio buttons only.
		res = coord.Get(t, "/directory/people/picker?find="+url.QueryEscape("ბერიძე"), "HX-Request", "true")
		apptest.WantStatus(t, res, http.StatusOK)
		doc = res.Doc(t)
		if strings.Contains(res.Body, "<html") || doc.Find(`fieldset#candidates input[type="radio"][value="`+f.nino.ID+`"]`).Length() != 1 ||
			doc.Find(`input[type="radio"]`).Length() != 1 {
			t.Errorf("picker partial:\n%s", apptest.Excerpt(res.Body))
		}
		_, doc = coord.GetDoc(t, "/directory/networks/"+f.scf.ID, http.StatusOK)
		if doc.Find(`#find[hx-get="/directory/people/picker"][hx-target="#candidates"]`).Length() != 1 {
			t.Error("the network page's person search is not wired to the picker")
		}
	})
}

// --- API ---

func TestHTTPAPI(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		f := seedServer(t, e)
		tok := e.APIToken(t, e.AccountFor(t, core.RoleCoordinator).Email)

		// Create 201.
		res := e.DoJSON(t, http.MethodPost, "/api/v1/agencies", tok, map[string]any{"code": "MD-IGP", "country_code": "MD",
			"name": "General Police Inspectorate", "name_native": "Inspectoratul General al Poliției", "type": "police", "city": "Chișinău"})
		apptest.WantStatus(t, res, http.StatusCreated)
		var ag directory.Agency
		res.JSON(t, &ag)
		if !core.ValidID(ag.ID) || ag.CountryCode != "MD" {
			t.Fatalf("created %+v", ag)
		}
		for _, code := range []string{"MD-BP", "MD-CNA", "MD-PG"} {
			apptest.WantStatus(t, e.DoJSON(t, http.MethodPost, "/api/v1/agencies", tok, map[string]any{"code": code, "country_code": "MD", "name": "Agency " + code, "type": "other"}), http.StatusCreated)
		}

		// List envelope and paging: limit=2 walks all, next empty on the last page.
		var seen []string
		cursor := ""
		total := -1
		for range 10 {
			res = e.DoJSON(t, http.MethodGet, "/api/v1/agencies?limit=2&cursor="+url.QueryEscape(cursor), tok, nil)
			apptest.WantStatus(t, res, http.StatusOK)
			var page struct {
				Items []directory.Agency `json:"items"`
				Total int                `json:"total"`
				Next  *string            `json:"next"`
			}
			res.JSON(t, &page)
			if page.Next == nil {
				t.Fatal("the envelope has no next member")
			}
			total = page.Total
			for _, a := range page.Items {
				seen = append(seen, a.ID)
			}
			if len(page.Items) > 2 {
				t.Fatalf("page of %d", len(page.Items))
			}
			if *page.Next == "" {
				break
			}
			cursor = *page.Next
		}
		if total != 6 || len(seen) != 6 {
			t.Errorf("walked %d agencies of %d, want 6", len(seen), total)
		}
		res = e.DoJSON(t, http.MethodGet, "/api/v1/agencies?limit=501", tok, nil)
		apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
		res.Problem(t)

		// PATCH merges: fields not sent keep their values.
		res = e.DoJSON(t, http.MethodPatch, "/api/v1/agencies/"+ag.ID, tok, map[string]any{"city": "Bălți"})
		apptest.WantStatus(t, res, http.StatusOK)
		var patched directory.Agency
		res.JSON(t, &patched)
		if patched.City != "Bălți" || patched.Name != ag.Name || patched.NameNative != ag.NameNative || patched.Type != ag.Type || patched.Code != ag.Code {
			t.Errorf("PATCH did not merge: %+v", patched)
		}

		// Invalid body: 422 with field errors, nothing created.
		before := agencyCount(t, e)
		res = e.DoJSON(t, http.MethodPost, "/api/v1/agencies", tok, map[string]any{"code": "bad code", "country_code": "GE", "name": "", "type": "police", "email": "nope"})
		apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
		p := res.Problem(t)
		for _, fe := range [][2]string{{"code", "invalid"}, {"name", "required"}, {"email", "invalid_email"}} {
			if !p.HasFieldError(fe[0], fe[1]) {
				t.Errorf("no field error %s/%s in %+v", fe[0], fe[1], p.Errors)
			}
		}
		apptest.WantStatus(t, e.DoJSON(t, http.MethodPost, "/api/v1/agencies", tok, `{"code": 7}`), http.StatusUnprocessableEntity)
		apptest.WantStatus(t, e.DoJSON(t, http.MethodPost, "/api/v1/agencies", tok, map[string]any{"type": "spaceship"}), http.StatusUnprocessableEntity)
		if agencyCount(t, e) != before {
			t.Error("an invalid body created an agency")
		}

		// Unknown and malformed ids: 404.
		for _, path := range []string{"/api/v1/agencies/" + core.NewID(), "/api/v1/agencies/not-a-uuid", "/api/v1/people/1%27%20OR%201=1",
			"/api/v1/networks/" + core.NewID() + "/members", "/api/v1/contact-points/xyz"} {
			res = e.DoJSON(t, http.MethodGet, path, tok, nil)
			apptest.WantStatus(t, res, http.StatusNotFound)
			if p := res.Problem(t); p.Code != "not_found" {
				t.Errorf("%s: problem code %q", path, p.Code)
			}
		}
		apptest.WantStatus(t, e.DoJSON(t, http.MethodPatch, "/api/v1/units/nope", tok, map[string]any{"name": "x"}), http.StatusNotFound)
		apptest.WantStatus(t, e.DoJSON(t, http.MethodDelete, "/api/v1/memberships/"+core.NewID(), tok, nil), http.StatusNotFound)

		// Units.
		res = e.DoJSON(t, http.MethodPost, "/api/v1/agencies/"+ag.ID+"/units", tok, map[string]any{"name": "Criminal Investigation Department"})
		apptest.WantStatus(t, res, http.StatusCreated)
		res = e.DoJSON(t, http.MethodGet, "/api/v1/agencies/"+ag.ID+"/units", tok, nil)
		apptest.WantStatus(t, res, http.StatusOK)
		if !strings.Contains(res.Body, `"total":1`) {
			t.Errorf("units: %s", res.Body)
		}

		// People: duplicates as a warning, or 409 with them on request.
		person := map[string]any{"agency_id": f.uaNPU.ID, "given_name": "Elena", "family_name": "Kovalenko",
			"given_name_native": "Олена", "family_name_native": "Коваленко", "reject_duplicates": true}
		res = e.DoJSON(t, http.MethodPost, "/api/v1/people", tok, person)
		apptest.WantStatus(t, res, http.StatusConflict)
		var dp struct {
			Code       string                `json:"code"`
			Duplicates []directory.Duplicate `json:"duplicates"`
		}
		res.JSON(t, &dp)
		if dp.Code != "conflict" || len(dp.Duplicates) != 1 || dp.Duplicates[0].Person.ID != f.olena.ID {
			t.Errorf("409 problem: %s", res.Body)
		}
		delete(person, "reject_duplicates")
		person["email"] = "e.kovalenko@npu.example.org"
		res = e.DoJSON(t, http.MethodPost, "/api/v1/people", tok, person)
		apptest.WantStatus(t, res, http.StatusCreated)
		var saved struct {
			Person struct {
				ID    string  `json:"id"`
				Email *string `json:"email"`
			} `json:"person"`
			Duplicates []directory.Duplicate `json:"duplicates"`
		}
		res.JSON(t, &saved)
		if saved.Person.Email == nil || *saved.Person.Email != "e.kovalenko@npu.example.org" || len(saved.Duplicates) != 1 {
			t.Errorf("201 body: %s", res.Body)
		}
		res = e.DoJSON(t, http.MethodPatch, "/api/v1/people/"+saved.Person.ID, tok, map[string]any{"position": "Inspector"})
		apptest.WantStatus(t, res, http.StatusOK)
		pp, _ := dir(e).Person(apptest.SysCtx(), saved.Person.ID)
		if pp.Position != "Inspector" || pp.Email != "e.kovalenko@npu.example.org" || pp.GivenNameNative != "Олена" {
			t.Errorf("PATCH person did not merge: %+v", pp)
		}

		// Contact points, networks and memberships.
		res = e.DoJSON(t, http.MethodPost, "/api/v1/contact-points", tok, map[string]any{"person_id": f.nino.ID, "kind": "ncp", "available_247": true})
		apptest.WantStatus(t, res, http.StatusCreated)
		res = e.DoJSON(t, http.MethodGet, "/api/v1/contact-points?only_247=true&country=GE", tok, nil)
		apptest.WantStatus(t, res, http.StatusOK)
		if !strings.Contains(res.Body, `"total":1`) {
			t.Errorf("contact points: %s", res.Body)
		}
		res = e.DoJSON(t, http.MethodPost, "/api/v1/networks/"+f.scf.ID+"/members", tok, map[string]any{"person_id": f.olena.ID, "role": "member"})
		apptest.WantStatus(t, res, http.StatusCreated)
		var m struct {
			ID string `json:"id"`
		}
		res.JSON(t, &m)
		apptest.WantStatus(t, e.DoJSON(t, http.MethodPatch, "/api/v1/memberships/"+m.ID, tok, map[string]any{"role": "secretariat"}), http.StatusOK)
		res = e.DoJSON(t, http.MethodGet, "/api/v1/networks/"+f.scf.ID+"/members?role=secretariat", tok, nil)
		if !strings.Contains(res.Body, f.olena.ID) {
			t.Errorf("members: %s", res.Body)
		}
		apptest.WantStatus(t, e.DoJSON(t, http.MethodDelete, "/api/v1/memberships/"+m.ID, tok, nil), http.StatusNoContent)
		apptest.WantStatus(t, e.DoJSON(t, http.MethodPost, "/api/v1/agencies/"+f.geMIA.ID+"/archive", tok, nil), http.StatusConflict)

		// A read-only token reads but never writes.
		res = e.DoJSON(t, http.MethodPost, "/api/v1/me/tokens", tok, map[string]any{"name": "read only",
			"expires_at": e.Clock.Now().Add(12 * time.Hour).Format(time.RFC3339), "read_only": true})
		apptest.WantStatus(t, res, http.StatusCreated)
		var ro struct {
			Token string `json:"token"`
		}
		res.JSON(t, &ro)
		apptest.WantStatus(t, e.DoJSON(t, http.MethodGet, "/api/v1/agencies", ro.Token, nil), http.StatusOK)
		res = e.DoJSON(t, http.MethodPost, "/api/v1/agencies", ro.Token, map[string]any{"code": "MD-RO", "country_code": "MD", "name": "Read only", "type": "other"})
		apptest.WantStatus(t, res, http.StatusForbidden)
		apptest.WantStatus(t, e.DoJSON(t, http.MethodPatch, "/api/v1/agencies/"+ag.ID, ro.Token, map[string]any{"city": "x"}), http.StatusForbidden)
		apptest.WantStatus(t, apiUpload(t, e, "/api/v1/agencies/import", ro.Token, "a.csv", "code,country,name,type\n", true), http.StatusForbidden)

		// Observers: figures yes, people no.
		obs := e.APIToken(t, e.AccountFor(t, core.RoleObserver).Email)
		apptest.WantStatus(t, e.DoJSON(t, http.MethodGet, "/api/v1/people", obs, nil), http.StatusForbidden)
		res = e.DoJSON(t, http.MethodGet, "/api/v1/directory/stats", obs, nil)
		apptest.WantStatus(t, res, http.StatusOK)
		var st directory.Stats
		res.JSON(t, &st)
		if st.Totals.People == 0 || len(st.PeopleByCountry) == 0 {
			t.Errorf("stats: %s", res.Body)
		}

		// E-mail hidden from a reader who may not see it, shown to one who may.
		trainer := e.APIToken(t, e.AccountFor(t, core.RoleTrainer).Email)
		res = e.DoJSON(t, http.MethodGet, "/api/v1/people/"+f.nino.ID, trainer, nil)
		apptest.WantStatus(t, res, http.StatusOK)
		if !strings.Contains(res.Body, `"email":null`) || !strings.Contains(res.Body, `"contact_visible":false`) || strings.Contains(res.Body, f.nino.Email) {
			t.Errorf("trainer sees: %s", res.Body)
		}
		res = e.DoJSON(t, http.MethodGet, "/api/v1/people?q=Beridze", trainer, nil)
		if strings.Contains(res.Body, f.nino.Email) {
			t.Error("the list shows a hidden address")
		}
		ncp := e.APIToken(t, e.AccountFor(t, core.RoleNCP).Email)
		res = e.DoJSON(t, http.MethodGet, "/api/v1/people/"+f.nino.ID, ncp, nil)
		if !strings.Contains(res.Body, `"email":"`+f.nino.Email+`"`) || !strings.Contains(res.Body, `"contact_visible":true`) {
			t.Errorf("ncp of GE sees: %s", res.Body)
		}
		// … and the ncp of Georgia may not change Ukrainian records.
		apptest.WantStatus(t, e.DoJSON(t, http.MethodPatch, "/api/v1/agencies/"+f.uaNPU.ID, ncp, map[string]any{"city": "Lviv"}), http.StatusForbidden)
		apptest.WantStatus(t, e.DoJSON(t, http.MethodPatch, "/api/v1/agencies/"+f.geMIA.ID, ncp, map[string]any{"city": "Batumi"}), http.StatusOK)

		// Anonymous: 401.
		apptest.WantStatus(t, e.DoJSON(t, http.MethodGet, "/api/v1/countries", "", nil), http.StatusUnauthorized)
		res = e.DoJSON(t, http.MethodGet, "/api/v1/countries", tok, nil)
		if !strings.Contains(res.Body, `"code":"GE"`) || !strings.Contains(res.Body, `"total":33`) {
			t.Errorf("countries: %s", apptest.Excerpt(res.Body))
		}
	})
}

func TestHTTPAPIFiles(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		seedServer(t, e)
		tok := e.APIToken(t, e.AccountFor(t, core.RoleCoordinator).Email)
		before := agencyCount(t, e)
		bad := "code,country,name,type\nGE-A1,GE,Good,police\nbad code,GE,Bad,police\nGE-A2,GE,,police\n"
		res := apiUpload(t, e, "/api/v1/agencies/import", tok, "agencies.csv", bad, false)
		apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
		p := res.Problem(t)
		fields := map[string]bool{}
		for _, fe := range p.Errors {
			fields[fe.Field+"/"+fe.Code] = true
		}
		if !fields["line 3: code/invalid"] || !fields["line 4: name/required"] || len(p.Errors) != 2 {
			t.Errorf("import problem errors: %+v", p.Errors)
		}
		if !strings.Contains(res.Body, `"report"`) {
			t.Error("no report in the problem")
		}
		if agencyCount(t, e) != before {
			t.Fatal("a failed import wrote something")
		}
		res = apiUpload(t, e, "/api/v1/agencies/import", tok, "agencies.csv", "code,country,name,type\nGE-A1,GE,Good,police\n", true)
		apptest.WantStatus(t, res, http.StatusOK)
		var rep tabular.Report
		res.JSON(t, &rep)
		if !rep.DryRun || rep.Created != 1 || agencyCount(t, e) != before {
			t.Errorf("dry run: %+v", rep)
		}
		res = apiUpload(t, e, "/api/v1/people/import", tok, "people.csv",
			"agency_code,given_name,family_name,email\nGE-MIA,Levan,Gelashvili,l.gelashvili@mia.example.org\n", false)
		apptest.WantStatus(t, res, http.StatusOK)
		if n := peopleCount(t, e); n != 3 {
			t.Errorf("%d people after the import, want 3", n)
		}
		apptest.WantStatus(t, apiUpload(t, e, "/api/v1/people/import", tok, "people.pdf", "%PDF-1.4", true), http.StatusUnprocessableEntity)

		res = e.DoJSON(t, http.MethodGet, "/api/v1/agencies/export?format=csv", tok, nil)
		apptest.WantStatus(t, res, http.StatusOK)
		if !strings.HasPrefix(res.Body, "\uFEFFcode,") || !strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment;") {
			t.Errorf("CSV export: %q, %q", res.Body[:min(20, len(res.Body))], res.Header.Get("Content-Disposition"))
		}
		res = e.DoJSON(t, http.MethodGet, "/api/v1/people/export?format=xlsx", tok, nil)
		apptest.WantStatus(t, res, http.StatusOK)
		if ct := res.Header.Get("Content-Type"); !strings.Contains(ct, "spreadsheetml") || !strings.HasPrefix(res.Body, "PK") {
			t.Errorf("XLSX export: %q", ct)
		}
		apptest.WantStatus(t, e.DoJSON(t, http.MethodGet, "/api/v1/people/export?format=pdf", tok, nil), http.StatusUnprocessableEntity)
	})
}
