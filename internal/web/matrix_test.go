package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/topcop-platform/topcop/internal/auth"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/demo"
	"github.com/topcop-platform/topcop/internal/directory"
)

// The route × role matrix: every registered page route and every API
// operation, walked by every role and anonymously. It checks that
//   - nothing answers 5xx;
//   - anonymous requests reach only the public routes (pages redirect to
//     sign-in, the API answers 401);
//   - roles without editing rights get 403 from every directory write,
//     and the ncp of Georgia gets 403 when writing Ukrainian records;
//   - only admins reach /admin and the accounts and audit API;
//   - observers never reach people or contact points;
//   - no response carries the e-mail of a person the role may not see
//     (computed here independently of the service: staff see all, an ncp
//     their country's people, a network member their co-members, a
//     person themself).

type matrixRole struct {
	name   string
	grant  *core.Grant
	person string // demo person key the account is
}

var matrixRoles = []matrixRole{
	{name: "anonymous"},
	{name: "observer", grant: &core.Grant{Role: core.RoleObserver, ScopeKind: core.ScopeGlobal}},
	{name: "participant", grant: &core.Grant{Role: core.RoleParticipant, ScopeKind: core.ScopeGlobal}},
	{name: "trainer", grant: &core.Grant{Role: core.RoleTrainer, ScopeKind: core.ScopeGlobal}, person: "p007"},
	{name: "analyst", grant: &core.Grant{Role: core.RoleAnalyst, ScopeKind: core.ScopeCountry, Country: "MD"}},
	{name: "ncp-ge", grant: &core.Grant{Role: core.RoleNCP, ScopeKind: core.ScopeCountry, Country: "GE"}, person: "p060"},
	{name: "coordinator", grant: &core.Grant{Role: core.RoleCoordinator, ScopeKind: core.ScopeGlobal}},
	{name: "admin", grant: &core.Grant{Role: core.RoleAdmin, ScopeKind: core.ScopeGlobal}},
}

// publicRoutes answer anonymous requests.
var publicRoutes = []string{
	"GET /healthz", "GET /readyz", "GET /metrics", "GET /static/", "GET /lang", "GET /{$}",
	"GET /login", "POST /login", "POST /api/v1/auth/token", "GET /api/openapi.json",
	"GET /api/openapi.yaml", "GET /api/openapi-3.0.json", "GET /api/openapi-3.0.yaml",
}

// skipped routes end the caller's session or are covered elsewhere.
var skippedRoutes = []string{"POST /logout", "GET /login/totp", "POST /login/totp"}

var personEmail = regexp.MustCompile(`[a-z0-9._%+-]+@[a-z0-9-]+\.demo\.example\.org`)

func TestRouteRoleMatrix(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *testEnv) {
		ctx := sysCtx()
		if _, err := demo.Load(ctx, demo.Deps{Directory: e.Dir, Auth: e.Auth}, 1, nil); err != nil {
			t.Fatal(err)
		}
		ids := matrixIDs(t, e)
		allowed := emailOracle(t, e)

		type session struct {
			web   *client
			token string
		}
		sessions := map[string]session{}
		for _, r := range matrixRoles {
			if r.grant == nil {
				sessions[r.name] = session{web: e.newClient()}
				continue
			}
			email := r.name + "@matrix.example.org"
			acc := e.createAccount(t, email, *r.grant)
			if r.person != "" {
				in := auth.AccountInput{Email: acc.Email, Name: acc.Name, PersonID: ids.people[r.person], Grants: acc.Grants}
				if _, err := e.Auth.UpdateAccount(ctx, acc.ID, in); err != nil {
					t.Fatalf("link %s to %s: %v", email, r.person, err)
				}
			}
			sessions[r.name] = session{web: e.signIn(t, email), token: e.apiToken(t, email)}
		}

		routes := e.Server.Routes()
		if len(routes) < 60 {
			t.Fatalf("only %d routes registered; the matrix must see them all", len(routes))
		}
		checked := 0
		for _, route := range routes {
			if slices.Contains(skippedRoutes, route) {
				continue
			}
			method, pattern, _ := strings.Cut(route, " ")
			path := fillPattern(pattern, ids)
			for _, r := range matrixRoles {
				s := sessions[r.name]
				var res *response
				api := strings.HasPrefix(path, "/api/")
				switch {
				case api:
					var body any
					if method == http.MethodPost || method == http.MethodPatch || method == http.MethodPut {
						body = map[string]any{}
					}
					res = e.doJSON(t, method, path, s.token, body)
				case method == http.MethodGet:
					res = s.web.get(t, path)
				default:
					res = s.web.post(t, path, url.Values{})
				}
				checked++
				where := r.name + " " + method + " " + path
				if res.StatusCode >= 500 {
					t.Errorf("%s: status %d\n%s", where, res.StatusCode, excerpt(res.Body))
					continue
				}
				public := slices.Contains(publicRoutes, route)
				if r.grant == nil && !public {
					if api && res.StatusCode != http.StatusUnauthorized {
						t.Errorf("%s: anonymous API call answered %d, want 401", where, res.StatusCode)
					}
					if !api && !(res.StatusCode == http.StatusSeeOther && strings.HasPrefix(res.Location(), "/login")) && res.StatusCode != http.StatusUnauthorized && res.StatusCode != http.StatusForbidden {
						t.Errorf("%s: anonymous page answered %d (Location %q), want a redirect to /login or 401/403", where, res.StatusCode, res.Location())
					}
				}
				if r.grant != nil && r.name != "admin" && adminRoute(path) && res.StatusCode != http.StatusForbidden {
					t.Errorf("%s: non-admin reached an admin route: %d", where, res.StatusCode)
				}
				if readOnlyRole(r.name) && directoryWrite(method, path) && res.StatusCode != http.StatusForbidden {
					t.Errorf("%s: a %s changed the directory? status %d, want 403", where, r.name, res.StatusCode)
				}
				// 404 only where an earlier route (an admin's DELETE) removed the record.
				if r.name == "ncp-ge" && directoryWrite(method, path) && ukrainianRecord(path, ids) && res.StatusCode != http.StatusForbidden &&
					(res.StatusCode != http.StatusNotFound || e.recordExists(t, path, ids)) {
					t.Errorf("%s: the ncp of Georgia wrote a Ukrainian record: status %d, want 403", where, res.StatusCode)
				}
				if r.name == "observer" && method == http.MethodGet && personalRoute(path) && res.StatusCode != http.StatusForbidden {
					t.Errorf("%s: an observer reached personal data: status %d, want 403", where, res.StatusCode)
				}
				for _, m := range personEmail.FindAllString(res.Body, -1) {
					if !allowed(r, m) {
						t.Errorf("%s: response shows %s, which %s may not see", where, m, r.name)
					}
				}
			}
		}
		t.Logf("%s: %d routes × %d roles = %d requests checked", e.Engine, len(routes), len(matrixRoles), checked)
		// The directory pages did render contact details to someone, so the
		// leak check above had something to find.
		res := sessions["coordinator"].web.get(t, "/directory/people/"+ids.people["p002"])
		if res.StatusCode != http.StatusOK || !personEmail.MatchString(res.Body) {
			t.Fatalf("coordinator sees no e-mail on a person page (status %d)", res.StatusCode)
		}
	})
}

type matrixIDSet struct {
	people map[string]string // demo key → id
	byPath map[string]string // collection segment → an id in it (Ukrainian where it matters)
	ua     map[string]bool   // ids of Ukrainian records
}

// matrixIDs picks real ids for path parameters: a Ukrainian agency, unit,
// person and contact point, a network and a membership.
func matrixIDs(t *testing.T, e *testEnv) matrixIDSet {
	ctx := sysCtx()
	set := matrixIDSet{people: map[string]string{}, byPath: map[string]string{}, ua: map[string]bool{}}
	ppl, err := e.Dir.ListPeople(ctx, directory.PersonFilter{}, core.PageRequest{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	emails := map[string]string{}
	for _, p := range demo.People {
		emails[p.Email] = p.Key
	}
	for _, p := range ppl.Items {
		if k, ok := emails[p.Email]; ok {
			set.people[k] = p.ID
		}
	}
	ag, err := e.Dir.AgencyByCode(ctx, "UA-NPU")
	if err != nil {
		t.Fatal(err)
	}
	units, err := e.Dir.Units(ctx, ag.ID, false)
	if err != nil || len(units) == 0 {
		t.Fatalf("units of UA-NPU: %v", err)
	}
	cps, err := e.Dir.ListContactPoints(ctx, directory.ContactPointFilter{Country: "UA"}, core.PageRequest{Limit: 1})
	if err != nil || len(cps.Items) == 0 {
		t.Fatalf("contact points: %v", err)
	}
	nets, err := e.Dir.ListNetworks(ctx, directory.NetworkFilter{}, core.PageRequest{Limit: 1})
	if err != nil || len(nets.Items) == 0 {
		t.Fatalf("networks: %v", err)
	}
	members, err := e.Dir.Members(ctx, nets.Items[0].ID, directory.MemberFilter{Country: "UA"}, core.PageRequest{Limit: 1})
	if err != nil || len(members.Items) == 0 {
		t.Fatalf("members: %v", err)
	}
	accs, err := e.Auth.ListAccounts(ctx, auth.AccountFilter{}, core.PageRequest{Limit: 1})
	if err != nil || len(accs.Items) == 0 {
		t.Fatalf("accounts: %v", err)
	}
	set.byPath = map[string]string{
		"agencies": ag.ID, "units": units[0].ID, "people": set.people["p002"], "contact-points": cps.Items[0].ID,
		"networks": nets.Items[0].ID, "members": members.Items[0].ID, "memberships": members.Items[0].ID,
		"users": accs.Items[0].ID, "accounts": accs.Items[0].ID,
	}
	for _, k := range []string{"agencies", "units", "people", "contact-points", "members", "memberships"} {
		set.ua[set.byPath[k]] = true
	}
	return set
}

var wildcard = regexp.MustCompile(`\{[a-z_]+(\.\.\.)?\}`)

// fillPattern turns a route pattern into a concrete path: {id} after a
// known collection becomes a real id of it, any other wildcard a fresh
// (unknown) UUID.
func fillPattern(pattern string, ids matrixIDSet) string {
	pattern = strings.TrimSuffix(pattern, "{$}")
	segs := strings.Split(pattern, "/")
	for i, s := range segs {
		if !wildcard.MatchString(s) {
			continue
		}
		if i > 0 {
			if id, ok := ids.byPath[segs[i-1]]; ok {
				segs[i] = id
				continue
			}
		}
		segs[i] = core.NewID()
	}
	return strings.Join(segs, "/")
}

func readOnlyRole(name string) bool {
	return name == "observer" || name == "participant" || name == "trainer" || name == "analyst"
}

func adminRoute(path string) bool {
	return strings.HasPrefix(path, "/admin/") || strings.HasPrefix(path, "/api/v1/accounts") || strings.HasPrefix(path, "/api/v1/audit")
}

// directoryWrite reports whether method and path change directory data.
func directoryWrite(method, path string) bool {
	if method == http.MethodGet || method == http.MethodHead {
		return false
	}
	if strings.HasPrefix(path, "/directory/") {
		// The import form validates (dry run) before it writes; it is
		// checked by its own tests.
		return !strings.HasPrefix(path, "/directory/import")
	}
	for _, p := range []string{"/api/v1/agencies", "/api/v1/units", "/api/v1/people", "/api/v1/contact-points", "/api/v1/networks", "/api/v1/memberships"} {
		if strings.HasPrefix(path, p) {
			return true
		}
	}
	return false
}

// ukrainianRecord reports whether path names one of the Ukrainian records
// matrixIDs picked.
func ukrainianRecord(path string, ids matrixIDSet) bool {
	for id := range ids.ua {
		if strings.Contains(path, id) {
			return true
		}
	}
	return false
}

// personalRoute reports whether a GET of path returns personal data.
func personalRoute(path string) bool {
	for _, p := range []string{"/directory/people", "/directory/contact-points", "/api/v1/people", "/api/v1/contact-points", "/api/v1/memberships"} {
		if strings.HasPrefix(path, p) {
			return true
		}
	}
	return strings.HasSuffix(path, "/members")
}

// emailOracle returns whether role r may see the e-mail address m, from
// the demo data alone (not from the service under test).
func emailOracle(t *testing.T, e *testEnv) func(r matrixRole, m string) bool {
	country := map[string]string{} // e-mail → country
	key := map[string]string{}     // e-mail → person key
	agencyCountry := map[string]string{}
	for _, a := range demo.Agencies {
		agencyCountry[a.Key] = a.Country
	}
	for _, p := range demo.People {
		country[p.Email] = agencyCountry[p.Agency]
		key[p.Email] = p.Key
	}
	coMembers := map[string]map[string]bool{} // person → people sharing a network
	for _, n := range demo.Networks {
		for _, a := range n.Members {
			for _, b := range n.Members {
				if coMembers[a.Person] == nil {
					coMembers[a.Person] = map[string]bool{}
				}
				coMembers[a.Person][b.Person] = true
			}
		}
	}
	return func(r matrixRole, m string) bool {
		if r.grant == nil {
			return false
		}
		switch r.grant.Role {
		case core.RoleAdmin, core.RoleCoordinator:
			return true
		case core.RoleNCP:
			if country[m] == r.grant.Country {
				return true
			}
		}
		k, known := key[m]
		if !known {
			return false // an address the demo does not have: never expected
		}
		return r.person != "" && (k == r.person || coMembers[r.person][k])
	}
}

// recordExists reports whether the Ukrainian record that path names still
// exists (for the system actor).
func (e *testEnv) recordExists(t *testing.T, path string, ids matrixIDSet) bool {
	ctx := sysCtx()
	for seg, id := range ids.byPath {
		if !strings.Contains(path, id) {
			continue
		}
		var err error
		switch seg {
		case "members", "memberships":
			var found bool
			nets, lerr := e.Dir.ListNetworks(ctx, directory.NetworkFilter{}, core.PageRequest{Limit: 50})
			if lerr != nil {
				t.Fatal(lerr)
			}
			for _, n := range nets.Items {
				ms, merr := e.Dir.Members(ctx, n.ID, directory.MemberFilter{}, core.PageRequest{Limit: 500})
				if merr != nil {
					t.Fatal(merr)
				}
				found = found || slices.ContainsFunc(ms.Items, func(m directory.Member) bool { return m.ID == id })
			}
			return found
		case "agencies":
			_, err = e.Dir.Agency(ctx, id)
		case "people":
			_, err = e.Dir.Person(ctx, id)
		case "contact-points":
			_, err = e.Dir.ContactPoint(ctx, id)
		case "units":
			_, err = e.Dir.Unit(ctx, id)
		default:
			return true
		}
		return err == nil
	}
	return true
}
