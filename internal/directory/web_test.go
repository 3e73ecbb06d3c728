package directory

// In-package tests of the directory's pages: handlers wired to a real
// Service on both engines, behind a minimal stand-in for internal/web's
// middleware (actor, language, the access guard, error pages). The tests
// through the real server, with sign-in and sessions, are in http_test.go.

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/topcop-platform/topcop/internal/api"
	"github.com/topcop-platform/topcop/internal/audit"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
	"github.com/topcop-platform/topcop/internal/db/dbtest"
	"github.com/topcop-platform/topcop/internal/i18n"
	"github.com/topcop-platform/topcop/internal/tabular"
	"github.com/topcop-platform/topcop/internal/ui"
	"github.com/topcop-platform/topcop/internal/ui/uitest"
)

// eachEngine runs fn on every engine with a fresh database that has the
// foundation's and the directory's tables.
func eachEngine(t *testing.T, fn func(t *testing.T, d *db.DB)) {
	t.Helper()
	dbtest.Each(t, fn, Module.Migrations)
}

// guardMux is a ui.Router over an http.ServeMux that checks each route's
// declared access before its handler runs, as internal/web's central
// guard does.
type guardMux struct {
	mux  *http.ServeMux
	fail func(http.ResponseWriter, *http.Request, error)
}

func (g guardMux) Handle(pattern string, access core.Access, h http.Handler) {
	g.mux.Handle(pattern, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := access.Check(core.ActorFrom(r.Context())); err != nil {
			g.fail(w, r, err)
			return
		}
		h.ServeHTTP(w, r)
	}))
}

func (g guardMux) HandleFunc(pattern string, access core.Access, h func(http.ResponseWriter, *http.Request)) {
	g.Handle(pattern, access, http.HandlerFunc(h))
}

// webEnv is the directory's pages over a fresh database.
type webEnv struct {
	t      *testing.T
	svc    *Service
	bundle *i18n.Bundle
	mux    *http.ServeMux
	render *ui.Renderer

	ge, ua          Agency
	geUnit          Unit
	nino, olena     Person
	cpOlena         ContactPoint
	scf             Network
	ninoInSCF       Member
	coordinator     core.Actor
	ncpGE, observer core.Actor
}

func sysCtx() context.Context { return core.WithActor(context.Background(), core.SystemActor("test")) }

func newWebEnv(t *testing.T, d *db.DB) *webEnv {
	t.Helper()
	log := audit.New(d)
	t.Cleanup(log.Close)
	if err := SeedReference(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	svc := NewService(d, log)
	r, b := uitest.ModuleRenderer(t, Module)
	e := &webEnv{t: t, svc: svc, bundle: b, render: r, mux: http.NewServeMux()}
	fail := func(w http.ResponseWriter, req *http.Request, err error) {
		ce := core.AsError(err)
		r.Error(w, req, api.Status(ce.Code, len(ce.Fields) > 0), string(ce.Code), "")
	}
	NewWeb(svc, r, fail).Routes(guardMux{mux: e.mux, fail: fail})

	ctx := sysCtx()
	var err error
	check := func() {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	e.ge, err = svc.CreateAgency(ctx, AgencyInput{Code: "GE-MIA", CountryCode: "GE", Name: "Ministry of Internal Affairs of Georgia",
		NameNative: "საქართველოს შინაგან საქმეთა სამინისტრო", Acronym: "MIA", Type: AgencyPolice, City: "Tbilisi"})
	check()
	e.ua, err = svc.CreateAgency(ctx, AgencyInput{Code: "UA-NPU", CountryCode: "UA", Name: "National Police of Ukraine",
		NameNative: "Національна поліція України", Type: AgencyPolice, City: "Kyiv"})
	check()
	e.geUnit, err = svc.CreateUnit(ctx, e.ge.ID, UnitInput{Name: "International Relations Department"})
	check()
	e.nino, _, err = svc.CreatePerson(ctx, PersonInput{AgencyID: e.ge.ID, UnitID: e.geUnit.ID, GivenName: "Nino", FamilyName: "Beridze",
		GivenNameNative: "ნინო", FamilyNameNative: "ბერიძე", Sex: SexFemale, Languages: []string{"ka", "en"}, Email: "n.beridze@example.org"})
	check()
	e.olena, _, err = svc.CreatePerson(ctx, PersonInput{AgencyID: e.ua.ID, GivenName: "Olena", FamilyName: "Kovalenko",
		GivenNameNative: "Олена", FamilyNameNative: "Коваленко", Sex: SexFemale, Email: "o.kovalenko@example.org", Phone: "+380 44 555 0101"})
	check()
	e.cpOlena, err = svc.CreateContactPoint(ctx, ContactPointInput{PersonID: e.olena.ID, Kind: ContactSPOC, Area: "ONLINE", Available247: true})
	check()
	e.scf, err = svc.CreateNetwork(ctx, NetworkInput{Code: "scf", Name: "Strategic Cooperation Forum", Kind: NetworkForum,
		Description: "The forum of the heads of agencies.\n\nIt meets twice a year."})
	check()
	e.ninoInSCF, err = svc.AddMember(ctx, e.scf.ID, MemberInput{PersonID: e.nino.ID, Role: RoleChair})
	check()
	e.coordinator = core.Actor{AccountID: core.NewID(), Email: "coordinator@example.org", Name: "Coordinator",
		Grants: []core.Grant{{Role: core.RoleCoordinator, ScopeKind: core.ScopeGlobal}}}
	e.ncpGE = core.Actor{AccountID: core.NewID(), Email: "ncp.ge@example.org", Name: "NCP GE",
		Grants: []core.Grant{{Role: core.RoleNCP, ScopeKind: core.ScopeCountry, Country: "GE"}}}
	e.observer = core.Actor{AccountID: core.NewID(), Email: "observer@example.org", Name: "Observer",
		Grants: []core.Grant{{Role: core.RoleObserver, ScopeKind: core.ScopeGlobal}}}
	return e
}

// do serves a request as actor in lang and returns the recorded answer.
func (e *webEnv) do(actor core.Actor, lang string, req *http.Request) *httptest.ResponseRecorder {
	e.t.Helper()
	ctx := core.WithActor(req.Context(), actor)
	if actor.AccountID != "" {
		ctx = ui.WithUser(ctx, &ui.User{ID: actor.AccountID, Name: actor.Name, Roles: actor.RoleNames(), IsAdmin: actor.IsAdmin()})
	}
	ctx = ui.WithLang(ctx, e.bundle.Localizer(lang))
	rec := httptest.NewRecorder()
	e.mux.ServeHTTP(rec, req.WithContext(ctx))
	return rec
}

func (e *webEnv) get(actor core.Actor, lang, target string) *httptest.ResponseRecorder {
	return e.do(actor, lang, httptest.NewRequest(http.MethodGet, target, nil))
}

func (e *webEnv) post(actor core.Actor, target string, form url.Values) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodPost, target, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return e.do(actor, "en", req)
}

func doc(t *testing.T, rec *httptest.ResponseRecorder) *goquery.Document {
	t.Helper()
	return uitest.Doc(t, rec.Body.String())
}

func wantCode(t *testing.T, rec *httptest.ResponseRecorder, want int, what string) {
	t.Helper()
	if rec.Code != want {
		body := rec.Body.String()
		if len(body) > 1500 {
			body = body[:1500]
		}
		t.Fatalf("%s: status %d, want %d (Location %q)\n%s", what, rec.Code, want, rec.Header().Get("Location"), body)
	}
}

// pagePaths are the GET pages of the directory with the status a
// coordinator gets.
func (e *webEnv) pagePaths() []string {
	return []string{
		"/directory",
		"/directory/agencies",
		"/directory/agencies?q=mia&country=GE&type=police&sort=country",
		"/directory/agencies/new",
		"/directory/agencies/" + e.ge.ID,
		"/directory/agencies/" + e.ge.ID + "/edit",
		"/directory/people",
		"/directory/people?q=Коваленко&sex=female&language=uk&role=spoc",
		"/directory/people/new",
		"/directory/people/new?agency_id=" + e.ge.ID,
		"/directory/people/" + e.nino.ID,
		"/directory/people/" + e.olena.ID,
		"/directory/people/" + e.nino.ID + "/edit",
		"/directory/contact-points",
		"/directory/contact-points?only247=true&area=ONLINE",
		"/directory/contact-points/new?find=nino",
		"/directory/contact-points/" + e.cpOlena.ID + "/edit",
		"/directory/networks",
		"/directory/networks/new",
		"/directory/networks/" + e.scf.ID,
		"/directory/networks/" + e.scf.ID + "?find=olena",
		"/directory/networks/" + e.scf.ID + "/edit",
		"/directory/import",
		"/directory/people/picker?find=" + url.QueryEscape("ბერიძე"),
	}
}

// TestPagesRender renders every page for a coordinator in the seven
// languages: 200, no missing message, and the accessibility and CSP lint.
func TestPagesRender(t *testing.T) {
	eachEngine(t, func(t *testing.T, d *db.DB) {
		e := newWebEnv(t, d)
		for _, lang := range i18n.Languages {
			for _, p := range e.pagePaths() {
				rec := e.get(e.coordinator, lang.Code, p)
				wantCode(t, rec, http.StatusOK, lang.Code+" "+p)
				dd := doc(t, rec)
				for _, pr := range uitest.PageProblems(dd) {
					t.Errorf("%s %s: %s", lang.Code, p, pr)
				}
				if got := dd.Find("html").AttrOr("lang", ""); got != lang.Code {
					t.Errorf("%s %s: html lang %q", lang.Code, p, got)
				}
			}
		}
		uitest.CheckNoMissingMessages(t, e.bundle)
	})
}

// TestObserverPages: observers see the overview, agencies and networks,
// never people.
func TestObserverPages(t *testing.T) {
	eachEngine(t, func(t *testing.T, d *db.DB) {
		e := newWebEnv(t, d)
		for _, p := range []string{"/directory", "/directory/agencies", "/directory/agencies/" + e.ge.ID, "/directory/networks", "/directory/networks/" + e.scf.ID} {
			rec := e.get(e.observer, "en", p)
			wantCode(t, rec, http.StatusOK, p)
			if strings.Contains(rec.Body.String(), "Beridze") {
				t.Errorf("%s shows a person's name to an observer", p)
			}
		}
		for _, p := range []string{"/directory/people", "/directory/people/" + e.nino.ID, "/directory/contact-points", "/directory/agencies/new", "/directory/import"} {
			wantCode(t, e.get(e.observer, "en", p), http.StatusForbidden, p)
		}
		// Observers get no links to people lists from the charts.
		dd := doc(t, e.get(e.observer, "en", "/directory"))
		if n := dd.Find(`a[href^="/directory/people?"]`).Length(); n > 0 {
			t.Errorf("overview: %d links to people lists for an observer", n)
		}
	})
}

func TestBadIDs(t *testing.T) {
	eachEngine(t, func(t *testing.T, d *db.DB) {
		e := newWebEnv(t, d)
		for _, p := range []string{"/directory/agencies/nope", "/directory/agencies/" + core.NewID(), "/directory/people/x'--",
			"/directory/networks/" + core.NewID(), "/directory/contact-points/1/edit", "/directory/people/" + core.NewID() + "/edit"} {
			wantCode(t, e.get(e.coordinator, "en", p), http.StatusNotFound, p)
		}
		wantCode(t, e.post(e.coordinator, "/directory/units/zzz", url.Values{"name": {"x"}}), http.StatusNotFound, "unit")
		wantCode(t, e.post(e.coordinator, "/directory/members/zzz/remove", nil), http.StatusNotFound, "member")
	})
}

func TestAgencyAndUnitForms(t *testing.T) {
	eachEngine(t, func(t *testing.T, d *db.DB) {
		e := newWebEnv(t, d)
		// Field errors: 422, the form again, nothing created.
		rec := e.post(e.coordinator, "/directory/agencies", url.Values{"code": {"bad code"}, "country_code": {"GE"}, "name": {""}, "type": {"police"}, "email": {"nope"}})
		wantCode(t, rec, http.StatusUnprocessableEntity, "invalid agency")
		dd := doc(t, rec)
		for _, f := range []string{"code", "name", "email"} {
			if dd.Find("#field-"+f+`[aria-invalid="true"]`).Length() == 0 {
				t.Errorf("field %s not marked invalid", f)
			}
		}
		if v, _ := dd.Find("#field-code").Attr("value"); v != "bad code" {
			t.Errorf("the form lost the value: %q", v)
		}
		// A good one redirects to the agency with a confirmation.
		rec = e.post(e.coordinator, "/directory/agencies", url.Values{"code": {"GE-PS"}, "country_code": {"GE"}, "name": {"Prosecution Service of Georgia"}, "type": {"prosecution"}})
		wantCode(t, rec, http.StatusSeeOther, "create agency")
		loc := rec.Header().Get("Location")
		if !strings.HasPrefix(loc, "/directory/agencies/") || !strings.HasSuffix(loc, "?done=created") {
			t.Fatalf("redirect to %q", loc)
		}
		rec = e.get(e.coordinator, "en", loc)
		wantCode(t, rec, http.StatusOK, "new agency page")
		if got := uitest.Text(t, doc(t, rec), ".flash"); got != "The record has been created." {
			t.Errorf("flash %q", got)
		}
		id := strings.TrimSuffix(strings.TrimPrefix(loc, "/directory/agencies/"), "?done=created")
		// A unit with no name: 422 on the agency page.
		rec = e.post(e.coordinator, "/directory/agencies/"+id+"/units", url.Values{"unit_name": {""}})
		wantCode(t, rec, http.StatusUnprocessableEntity, "empty unit")
		if doc(t, rec).Find(`#field-unit_name[aria-invalid="true"]`).Length() == 0 {
			t.Error("unit name not marked invalid")
		}
		rec = e.post(e.coordinator, "/directory/agencies/"+id+"/units", url.Values{"unit_name": {"Cybercrime Division"}})
		wantCode(t, rec, http.StatusSeeOther, "add unit")
		units, _ := e.svc.Units(sysCtx(), id, false)
		if len(units) != 1 {
			t.Fatalf("units: %v", units)
		}
		wantCode(t, e.post(e.coordinator, "/directory/units/"+units[0].ID, url.Values{"name": {"Cyber Division"}}), http.StatusSeeOther, "rename unit")
		wantCode(t, e.post(e.coordinator, "/directory/units/"+units[0].ID, url.Values{"name": {"<b>"}}), http.StatusUnprocessableEntity, "bad unit name")
		wantCode(t, e.post(e.coordinator, "/directory/units/"+units[0].ID+"/archive", nil), http.StatusSeeOther, "archive unit")
		wantCode(t, e.post(e.coordinator, "/directory/units/"+units[0].ID+"/restore", nil), http.StatusSeeOther, "restore unit")
		// The Georgian agency has people: archiving is refused with the reason.
		rec = e.post(e.coordinator, "/directory/agencies/"+e.ge.ID+"/archive", nil)
		wantCode(t, rec, http.StatusConflict, "archive agency with people")
		if !strings.Contains(uitest.Text(t, doc(t, rec), ".error-summary"), "people still work there") {
			t.Error("no reason for the refusal")
		}
		wantCode(t, e.post(e.coordinator, "/directory/agencies/"+id+"/archive", nil), http.StatusSeeOther, "archive empty agency")
		a, _ := e.svc.Agency(sysCtx(), id)
		if !a.Archived {
			t.Error("not archived")
		}
		// The ncp of Georgia may not edit a Ukrainian agency.
		wantCode(t, e.get(e.ncpGE, "en", "/directory/agencies/"+e.ua.ID+"/edit"), http.StatusForbidden, "ncp edit UA")
		wantCode(t, e.post(e.ncpGE, "/directory/agencies/"+e.ua.ID, url.Values{"code": {"UA-NPU"}, "country_code": {"UA"}, "name": {"X"}, "type": {"police"}}),
			http.StatusForbidden, "ncp update UA")
	})
}

func TestPersonDuplicateFlow(t *testing.T) {
	eachEngine(t, func(t *testing.T, d *db.DB) {
		e := newWebEnv(t, d)
		form := url.Values{"agency_id": {e.ua.ID}, "given_name": {"Olena"}, "family_name": {"Kovalenko"},
			"given_name_native": {"Олена"}, "family_name_native": {"Коваленко"}, "sex": {"female"}, "languages": {"uk, en"}}
		rec := e.post(e.coordinator, "/directory/people", form)
		wantCode(t, rec, http.StatusConflict, "duplicate")
		dd := doc(t, rec)
		if dd.Find(`a[href="/directory/people/`+e.olena.ID+`"]`).Length() == 0 {
			t.Error("the duplicate is not linked")
		}
		if dd.Find(`#field-confirm_new[type="checkbox"]`).Length() == 0 {
			t.Error("no confirmation checkbox")
		}
		form.Set("confirm_new", "true")
		wantCode(t, e.post(e.coordinator, "/directory/people", form), http.StatusSeeOther, "confirmed")
	})
}

func TestImportAndExportPages(t *testing.T) {
	eachEngine(t, func(t *testing.T, d *db.DB) {
		e := newWebEnv(t, d)
		bad := "code,country,name,type\nGE-X,GE,Good,police\nbad code,GE,Bad,police\nGE-Y,XX,Bad country,police\n"
		rec := e.upload(e.coordinator, "agencies", "a.csv", bad, false)
		wantCode(t, rec, http.StatusUnprocessableEntity, "bad import")
		rows := doc(t, rec).Find("table.import-errors tbody tr")
		if rows.Length() != 2 {
			t.Fatalf("%d error rows, want 2", rows.Length())
		}
		if got := uitest.Squash(rows.Eq(0).Find("td").First().Text()); got != "3" {
			t.Errorf("first error on line %q", got)
		}
		if _, err := e.svc.AgencyByCode(sysCtx(), "GE-X"); !core.IsCode(err, core.NotFound) {
			t.Error("a failed import wrote something")
		}
		good := "code,country,name,type\nGE-X,GE,Good,police\n"
		rec = e.upload(e.coordinator, "agencies", "a.csv", good, true)
		wantCode(t, rec, http.StatusOK, "dry run")
		dd := doc(t, rec)
		carry, ok := dd.Find(`input[name="carry"]`).Attr("value")
		if !ok {
			t.Fatal("no carried file after a clean dry run")
		}
		if _, err := e.svc.AgencyByCode(sysCtx(), "GE-X"); !core.IsCode(err, core.NotFound) {
			t.Error("a dry run wrote something")
		}
		// The real run with the carried file.
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		_ = mw.WriteField("kind", "agencies")
		_ = mw.WriteField("carry_name", "a.csv")
		_ = mw.WriteField("carry", carry)
		_ = mw.Close()
		req := httptest.NewRequest(http.MethodPost, "/directory/import", &buf)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		wantCode(t, e.do(e.coordinator, "en", req), http.StatusOK, "real run")
		if _, err := e.svc.AgencyByCode(sysCtx(), "GE-X"); err != nil {
			t.Errorf("not imported: %v", err)
		}
		// Too large.
		big := "code,country,name,type\n" + strings.Repeat("x", 12<<20)
		wantCode(t, e.upload(e.coordinator, "agencies", "big.csv", big, true), http.StatusRequestEntityTooLarge, "too large")
		// Unknown format.
		rec = e.upload(e.coordinator, "agencies", "a.pdf", "%PDF", true)
		wantCode(t, rec, http.StatusUnprocessableEntity, "unknown format")
		// Export with a BOM.
		rec = e.get(e.coordinator, "en", "/directory/agencies/export?format=csv&country=GE")
		wantCode(t, rec, http.StatusOK, "export")
		if !strings.HasPrefix(rec.Body.String(), "\uFEFFcode,country") {
			t.Errorf("export starts %q", rec.Body.String()[:20])
		}
		if cd := rec.Header().Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") {
			t.Errorf("Content-Disposition %q", cd)
		}
		wantCode(t, e.get(e.coordinator, "en", "/directory/people/export?format=pdf"), http.StatusUnprocessableEntity, "bad format")
		rec = e.get(e.coordinator, "en", "/directory/import/template?kind=people&format=xlsx")
		wantCode(t, rec, http.StatusOK, "template")
		if ct := rec.Header().Get("Content-Type"); !strings.Contains(ct, "spreadsheetml") {
			t.Errorf("template content type %q", ct)
		}
	})
}

func (e *webEnv) upload(actor core.Actor, kind, name, content string, dryRun bool) *httptest.ResponseRecorder {
	e.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	_ = mw.WriteField("kind", kind)
	if dryRun {
		_ = mw.WriteField("dry_run", "true")
	}
	fw, _ := mw.CreateFormFile("file", name)
	_, _ = io.WriteString(fw, content)
	_ = mw.Close()
	req := httptest.NewRequest(http.MethodPost, "/directory/import", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return e.do(actor, "en", req)
}

// TestFieldMessages: every validation code the service uses has a
// message in every language.
func TestFieldMessages(t *testing.T) {
	_, b := uitest.ModuleRenderer(t, Module)
	codes := []string{CodeRequired, CodeTooLong, CodeInvalidEmail, CodeInvalidPhone, CodeInvalid, CodeUnknownCountry,
		CodeUnknownAgency, CodeUnknownUnit, CodeMarkup, CodeDuplicate, CodeForbidden, "out_of_range", "something_new"}
	for _, lang := range i18n.Languages {
		l := b.Localizer(lang.Code)
		for _, c := range codes {
			if m := fieldMessage(l, core.FieldError{Code: c, Param: "5"}); m == "" || strings.HasPrefix(m, "validation.") || strings.HasPrefix(m, "dir.") {
				t.Errorf("%s %s: %q", lang.Code, c, m)
			}
		}
		for _, k := range []string{"encoding", "malformed", "header", "too_large", "too_many_rows", "empty", "unknown_format"} {
			importErrorMessage(l, tabular.RowError{Code: k})
		}
		importErrorMessage(l, tabular.RowError{Line: 1, Column: "code", Code: CodeRequired})
		for _, a := range CrimeAreas {
			areaLabel(l, a)
		}
		for _, t := range AgencyTypes {
			agencyTypeLabel(l, t)
		}
		for _, k := range ContactKinds {
			contactKindLabel(l, k)
		}
		for _, k := range NetworkKinds {
			networkKindLabel(l, k)
		}
		for _, r := range MemberRoles {
			memberRoleLabel(l, r)
		}
		for _, s := range []Sex{SexFemale, SexMale, SexNone} {
			sexLabel(l, s)
		}
		for _, k := range flashes {
			l.T(k)
		}
	}
	uitest.CheckNoMissingMessages(t, b)
}

func TestPersonRoles(t *testing.T) {
	eachEngine(t, func(t *testing.T, d *db.DB) {
		e := newWebEnv(t, d)
		ctx := core.WithActor(context.Background(), e.ncpGE)
		r, err := e.svc.PersonRoles(ctx, e.olena.ID)
		if err != nil || len(r.ContactPoints) != 1 || r.ContactPoints[0].Kind != ContactSPOC || len(r.Memberships) != 0 {
			t.Fatalf("olena: %+v, %v", r, err)
		}
		if r.ContactPoints[0].Email != "" || r.ContactPoints[0].ContactVisible {
			t.Error("roles carry contact details")
		}
		r, err = e.svc.PersonRoles(ctx, e.nino.ID)
		if err != nil || len(r.Memberships) != 1 || r.Memberships[0].Network.ID != e.scf.ID || r.Memberships[0].Member.Role != RoleChair {
			t.Fatalf("nino: %+v, %v", r, err)
		}
		if _, err := e.svc.PersonRoles(core.WithActor(context.Background(), e.observer), e.nino.ID); !core.IsCode(err, core.Forbidden) {
			t.Errorf("observer: %v", err)
		}
		for _, id := range []string{"x", core.NewID()} {
			if _, err := e.svc.PersonRoles(ctx, id); !core.IsCode(err, core.NotFound) {
				t.Errorf("%s: %v", id, err)
			}
		}
		if err := e.svc.ArchiveNetwork(sysCtx(), e.scf.ID, true); err != nil {
			t.Fatal(err)
		}
		if r, _ := e.svc.PersonRoles(ctx, e.nino.ID); len(r.Memberships) != 0 {
			t.Error("an archived network is listed")
		}
		// The person page lists the roles.
		dd := doc(t, e.get(e.coordinator, "en", "/directory/people/"+e.olena.ID))
		if !strings.Contains(dd.Find(`section[aria-labelledby="roles-title"]`).Text(), "Single point of contact") {
			t.Error("the person page does not list the contact-point role")
		}
	})
}

// TestPeopleFilterFormCache checks the cached filter form of the people
// page: it shows the chosen values, follows the language, shows a new
// network at once, and a form with an error is rendered afresh.
func TestPeopleFilterFormCache(t *testing.T) {
	eachEngine(t, func(t *testing.T, d *db.DB) {
		e := newWebEnv(t, d)
		options := func(lang, target string) (selected string, networks []string) {
			t.Helper()
			rec := e.get(e.coordinator, lang, target)
			wantCode(t, rec, http.StatusOK, target)
			dd := doc(t, rec)
			selected = dd.Find("#field-network option[selected]").AttrOr("value", "")
			dd.Find("#field-network option").Each(func(_ int, s *goquery.Selection) { networks = append(networks, s.Text()) })
			return selected, networks
		}
		sel, nets := options("en", "/directory/people")
		if sel != "" || len(nets) != 2 || nets[1] != "Strategic Cooperation Forum" {
			t.Fatalf("form: selected %q, networks %q", sel, nets)
		}
		if sel, _ := options("en", "/directory/people?network="+e.scf.ID); sel != e.scf.ID {
			t.Fatalf("network filter chosen, form selects %q", sel)
		}
		_, kaNets := options("ka", "/directory/people")
		if kaNets[0] == nets[0] {
			t.Fatalf("Georgian form shows the English %q", kaNets[0])
		}
		if _, err := e.svc.CreateNetwork(sysCtx(), NetworkInput{Code: "esn", Name: "EMPACT Support Network", Kind: NetworkSupport}); err != nil {
			t.Fatal(err)
		}
		if _, nets := options("en", "/directory/people"); len(nets) != 3 {
			t.Fatalf("after a new network the form offers %q", nets)
		}
		rec := e.get(e.coordinator, "en", "/directory/people?q="+strings.Repeat("x", 300))
		if rec.Code == http.StatusOK || !strings.Contains(rec.Body.String(), `id="field-q-error"`) {
			t.Fatalf("over-long search: status %d, no field error in the form", rec.Code)
		}
		if rec := e.get(e.coordinator, "en", "/directory/people"); strings.Contains(rec.Body.String(), `id="field-q-error"`) {
			t.Fatal("a form with an error was cached")
		}
	})
}
