package directory_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/topcop-platform/topcop/internal/audit"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
	"github.com/topcop-platform/topcop/internal/db/dbtest"
	"github.com/topcop-platform/topcop/internal/directory"
)

// eachEngine runs fn on every engine with a fresh database that has the
// foundation's and the directory's tables.
func eachEngine(t *testing.T, fn func(t *testing.T, d *db.DB)) {
	t.Helper()
	dbtest.Each(t, fn, directory.Module.Migrations)
}

// openDB returns a fresh database of engine with the foundation's and the
// directory's tables.
func openDB(tb testing.TB, engine string) *db.DB {
	tb.Helper()
	return dbtest.Open(tb, engine, directory.Module.Migrations)
}

// Roles of the scenario tables, in the order the tables list them.
var roles = []string{"admin", "coordinator", "ncp_ge", "ncp_ua", "trainer", "participant", "analyst", "observer",
	"anonymous", "mfa_pending_ncp", "read_only_token", "mentor"}

// fixture is a small directory: Georgia, Ukraine and Moldova, a person in
// each, contact points, and two networks.
//
//	nino   (GE-MIA, Georgian native name)  member of SCF
//	giorgi (GE-MIA)                        member of ESN
//	olena  (UA-NPU, Cyrillic native name)  member of ESN, contact point (ncp)
//	tudor  (MD-IGP)                        member of SCF; the trainer actor is tudor
//
// So the trainer sees nino's contact details (co-member of SCF) but not
// olena's or giorgi's.
type fixture struct {
	d   *db.DB
	log *audit.Log
	svc *directory.Service

	geMIA, uaNPU, mdIGP         directory.Agency
	geUnit, uaUnit              directory.Unit
	nino, giorgi, olena, tudor  directory.Person
	cpNino, cpOlena, cpTudor    directory.ContactPoint
	scf, esn                    directory.Network
	mNino, mTudor, mOlena, mGio directory.Member

	actors map[string]core.Actor
}

func sys() context.Context {
	return core.WithActor(context.Background(), core.SystemActor("test"))
}

func (f *fixture) as(role string) context.Context {
	a, ok := f.actors[role]
	if !ok {
		panic("unknown role " + role)
	}
	return core.WithActor(context.Background(), a)
}

func grant(r core.Role, country string) core.Grant {
	if country == "" {
		return core.Grant{Role: r, ScopeKind: core.ScopeGlobal}
	}
	return core.Grant{Role: r, ScopeKind: core.ScopeCountry, Country: country}
}

func account(email string, personID string, grants ...core.Grant) core.Actor {
	return core.Actor{AccountID: core.NewID(), Email: email, Name: email, PersonID: personID, Grants: grants, IP: "192.0.2.1"}
}

func must[T any](t testing.TB) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

func must3[T, U any](t testing.TB) func(T, U, error) T {
	return func(v T, _ U, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

func newService(t testing.TB, d *db.DB) (*directory.Service, *audit.Log) {
	t.Helper()
	log := audit.New(d)
	t.Cleanup(log.Close)
	if err := directory.SeedReference(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	return directory.NewService(d, log), log
}

func newFixture(t testing.TB, d *db.DB) *fixture {
	t.Helper()
	svc, log := newService(t, d)
	f := &fixture{d: d, log: log, svc: svc}
	ctx := sys()
	ag := must[directory.Agency](t)
	f.geMIA = ag(svc.CreateAgency(ctx, directory.AgencyInput{Code: "GE-MIA", CountryCode: "GE", Name: "Ministry of Internal Affairs of Georgia",
		NameNative: "საქართველოს შინაგან საქმეთა სამინისტრო", Acronym: "MIA", Type: directory.AgencyPolice, City: "Tbilisi",
		Website: "https://police.ge", Email: "info@mia.example.org", Phone: "+995 32 555 0100"}))
	f.uaNPU = ag(svc.CreateAgency(ctx, directory.AgencyInput{Code: "UA-NPU", CountryCode: "UA", Name: "National Police of Ukraine",
		NameNative: "Національна поліція України", Acronym: "NPU", Type: directory.AgencyPolice, City: "Kyiv"}))
	f.mdIGP = ag(svc.CreateAgency(ctx, directory.AgencyInput{Code: "MD-IGP", CountryCode: "MD", Name: "General Police Inspectorate",
		NameNative: "Inspectoratul General al Poliției", Acronym: "IGP", Type: directory.AgencyPolice, City: "Chișinău"}))
	un := must[directory.Unit](t)
	f.geUnit = un(svc.CreateUnit(ctx, f.geMIA.ID, directory.UnitInput{Name: "International Relations Department"}))
	f.uaUnit = un(svc.CreateUnit(ctx, f.uaNPU.ID, directory.UnitInput{Name: "Cyber Police Department", NameNative: "Департамент кіберполіції"}))
	pe := must3[directory.Person, []directory.Duplicate](t)
	f.nino = pe(svc.CreatePerson(ctx, directory.PersonInput{AgencyID: f.geMIA.ID, UnitID: f.geUnit.ID, GivenName: "Nino", FamilyName: "Beridze",
		GivenNameNative: "ნინო", FamilyNameNative: "ბერიძე", Sex: directory.SexFemale, Position: "Chief inspector",
		Languages: []string{"ka", "en", "ru"}, Email: "n.beridze@mia.demo.example.org", Phone: "+995 32 555 0101"}))
	f.giorgi = pe(svc.CreatePerson(ctx, directory.PersonInput{AgencyID: f.geMIA.ID, GivenName: "Giorgi", FamilyName: "Kapanadze",
		GivenNameNative: "გიორგი", FamilyNameNative: "კაპანაძე", Sex: directory.SexMale, Position: "Head of unit",
		Languages: []string{"ka", "en"}, Email: "g.kapanadze@mia.demo.example.org", Phone: "+995 32 555 0102"}))
	f.olena = pe(svc.CreatePerson(ctx, directory.PersonInput{AgencyID: f.uaNPU.ID, UnitID: f.uaUnit.ID, GivenName: "Olena", FamilyName: "Kovalenko",
		GivenNameNative: "Олена", FamilyNameNative: "Коваленко", Sex: directory.SexFemale, Position: "Senior analyst",
		Languages: []string{"uk", "en"}, Email: "o.kovalenko@npu.demo.example.org", Phone: "+380 44 555 0101"}))
	f.tudor = pe(svc.CreatePerson(ctx, directory.PersonInput{AgencyID: f.mdIGP.ID, GivenName: "Tudor", FamilyName: "Rusu",
		Sex: directory.SexMale, Position: "Trainer", Languages: []string{"ro", "ru", "en"},
		Email: "t.rusu@igp.demo.example.org", Phone: "+373 22 555 0100"}))
	cp := must[directory.ContactPoint](t)
	f.cpNino = cp(svc.CreateContactPoint(ctx, directory.ContactPointInput{PersonID: f.nino.ID, Kind: directory.ContactNCP}))
	f.cpOlena = cp(svc.CreateContactPoint(ctx, directory.ContactPointInput{PersonID: f.olena.ID, Kind: directory.ContactSPOC, Area: "ONLINE", Available247: true}))
	f.cpTudor = cp(svc.CreateContactPoint(ctx, directory.ContactPointInput{PersonID: f.tudor.ID, Kind: directory.ContactTrainer, Area: "DRUGS"}))
	nw := must[directory.Network](t)
	f.scf = nw(svc.CreateNetwork(ctx, directory.NetworkInput{Code: "scf", Name: "Strategic Cooperation Forum", Kind: directory.NetworkForum}))
	f.esn = nw(svc.CreateNetwork(ctx, directory.NetworkInput{Code: "esn", Name: "EMPACT Support Network", Kind: directory.NetworkSupport}))
	mb := must[directory.Member](t)
	f.mNino = mb(svc.AddMember(ctx, f.scf.ID, directory.MemberInput{PersonID: f.nino.ID, Role: directory.RoleChair}))
	f.mTudor = mb(svc.AddMember(ctx, f.scf.ID, directory.MemberInput{PersonID: f.tudor.ID, Role: directory.RoleMember}))
	f.mOlena = mb(svc.AddMember(ctx, f.esn.ID, directory.MemberInput{PersonID: f.olena.ID, Role: directory.RoleMember}))
	f.mGio = mb(svc.AddMember(ctx, f.esn.ID, directory.MemberInput{PersonID: f.giorgi.ID, Role: directory.RoleSecretariat}))

	ncpGE := account("ncp.ge@example.org", "", grant(core.RoleNCP, "GE"))
	readOnly := account("coordinator.token@example.org", "", grant(core.RoleCoordinator, ""))
	readOnly.ReadOnly, readOnly.TokenID = true, core.NewID()
	mfa := ncpGE
	mfa.MFAPending = true
	f.actors = map[string]core.Actor{
		"admin":           account("admin@example.org", "", grant(core.RoleAdmin, "")),
		"coordinator":     account("coordinator@example.org", "", grant(core.RoleCoordinator, "")),
		"ncp_ge":          ncpGE,
		"ncp_ua":          account("ncp.ua@example.org", "", core.Grant{Role: core.RoleNCP, ScopeKind: core.ScopeAgency, ScopeID: f.uaNPU.ID, Country: "UA"}),
		"trainer":         account("trainer@example.org", f.tudor.ID, grant(core.RoleTrainer, "")),
		"participant":     account("participant@example.org", "", grant(core.RoleParticipant, "")),
		"analyst":         account("analyst@example.org", "", grant(core.RoleAnalyst, "GE")),
		"observer":        account("observer@example.org", "", grant(core.RoleObserver, "")),
		"anonymous":       {},
		"mfa_pending_ncp": mfa,
		"read_only_token": readOnly,
		"mentor":          account("mentor@example.org", "", grant(core.RoleMentor, "")),
		// self is olena signed in as a participant.
		"self": account("olena@example.org", f.olena.ID, grant(core.RoleParticipant, "")),
	}
	return f
}

// tables are the directory's tables, for counting rows.
var tables = []string{"countries", "agencies", "units", "people", "person_name_blocks", "contact_points", "networks", "network_members"}

// rowCounts counts the rows of the directory's tables and the audit log.
func rowCounts(t testing.TB, d *db.DB) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, tbl := range append(tables, "audit_log") {
		var n int
		if err := d.QueryRow(context.Background(), "SELECT count(*) FROM "+tbl).Scan(&n); err != nil {
			t.Fatal(err)
		}
		out[tbl] = n
	}
	return out
}

func sameCounts(t testing.TB, before, after map[string]int) {
	t.Helper()
	for k, v := range before {
		if after[k] != v {
			t.Errorf("%s: %d rows before, %d after", k, v, after[k])
		}
	}
}

// auditEntry is a stored audit entry, as tests look at it.
type auditEntry struct {
	Action, Entity, EntityID, Actor, Details string
}

// auditSince returns the entries after seq.
func auditSince(t testing.TB, d *db.DB, seq int64) []auditEntry {
	t.Helper()
	rows, err := d.Query(context.Background(), `SELECT action, entity, entity_id, actor_label, details FROM audit_log WHERE seq > ? ORDER BY seq`, seq)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []auditEntry
	for rows.Next() {
		var e auditEntry
		if err := rows.Scan(&e.Action, &e.Entity, &e.EntityID, &e.Actor, &e.Details); err != nil {
			t.Fatal(err)
		}
		out = append(out, e)
	}
	return out
}

func auditHead(t testing.TB, d *db.DB) int64 {
	t.Helper()
	var seq int64
	if err := d.QueryRow(context.Background(), `SELECT seq FROM audit_head WHERE id = 1`).Scan(&seq); err != nil {
		t.Fatal(err)
	}
	return seq
}

func verifyChain(t testing.TB, log *audit.Log) {
	t.Helper()
	res, err := log.Verify(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !res.OK() {
		t.Fatalf("audit chain broken at %d: %s", res.Bad, res.Problem)
	}
}

// fieldErr returns the field errors of err as "field:code" strings.
func fieldErrs(err error) []string {
	var e *core.Error
	if !errors.As(err, &e) {
		return nil
	}
	var out []string
	for _, f := range e.Fields {
		out = append(out, f.Field+":"+f.Code)
	}
	return out
}

func ids[T any](items []T, id func(T) string) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = id(it)
	}
	return out
}

func personID(p directory.Person) string { return p.ID }

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func hasAll(s, sub string) bool { return strings.Contains(s, sub) }
