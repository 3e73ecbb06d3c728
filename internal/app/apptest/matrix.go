package apptest

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/danielgtaylor/huma/v2"

	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/demo"
	"github.com/topcop-platform/topcop/internal/web"
)

// The route × role matrix: every page route and API operation the server
// lists (web.Server.Routes, each with the core.Access it declared), walked
// by every role and anonymously, over the demo data. It checks, from the
// declarations alone, so that a new capability is covered with no edit
// here:
//
//   - every route declares an access, and a route that changes data
//     (any method but GET, not public, not an enrolment step) declares
//     Writes;
//   - nothing answers 5xx;
//   - anonymous requests reach only public routes (pages redirect to
//     sign-in or answer 401, the API answers 401);
//   - a signed-in role the declaration does not admit gets 403, and one
//     it admits is not sent back to sign in; a role held in every scope
//     that the declaration admits is not refused by the service either
//     (403), so that no declaration is wider than the rule behind it
//     (roles held in one country may be: the service narrows to it; and
//     so may a role linked to a person on a relation-scoped write, one
//     declared for every member but observers, core.Member.Personal().
//     Writes(), where the service admits people by their relations, such
//     as a network's chair, which no declaration can name);
//   - observers get 403 on personal routes;
//   - read-only API tokens get 403 on every write route;
//   - the refusals come before the input is parsed: a refused API call
//     carries malformed JSON and still gets 401 or 403, not 400 or 422;
//   - only admins reach routes declared core.Admin, and every route under
//     an administration area (AdminAreas) is declared so;
//   - no response shows the e-mail address or the phone number of a
//     demo person the role may not see (an oracle computed from the demo
//     data set, independently of the service: staff see all, an ncp their
//     country's people, a network member their co-members, a person
//     themself). Roles linked to a demo person (a participant, a trainer,
//     a mentor and an ncp) exercise the co-member rule.
//
// Path parameters are filled generically: {id} after a collection segment
// ("/people/{id}") becomes the id of a real record of it, found as the
// coordinator through GET /api/v1/<segment>?limit=1 (or a nested list
// ".../{x}/<segment>"); any other parameter a fresh UUID. API requests
// carry a body built from the operation's request schema, page posts the
// fields of the form the role was shown for that path (or none); either
// with the values of MatrixOptions.Fields over them, so that a test can
// send valid input that reaches the service's scope checks.

// MatrixRole is one column of the matrix: a signed-in account holding one
// grant (nil: anonymous), possibly a demo person.
type MatrixRole struct {
	Name   string
	Grant  *core.Grant
	Person string // demo person key the account is ("p007"), if any
}

// Actor is the role as the access declarations see it.
func (r MatrixRole) Actor() core.Actor {
	if r.Grant == nil {
		return core.Actor{}
	}
	return core.Actor{AccountID: "matrix-" + r.Name, PersonID: r.Person, Grants: []core.Grant{*r.Grant}}
}

// Anonymous reports whether the role is the anonymous caller.
func (r MatrixRole) Anonymous() bool { return r.Grant == nil }

// Email is the role's account.
func (r MatrixRole) Email() string { return r.Name + "@matrix.example.org" }

func grant(r core.Role, country string) *core.Grant {
	if country != "" {
		g := CountryGrant(r, country)
		return &g
	}
	g := GlobalGrant(r)
	return &g
}

// MatrixRoles are the matrix's roles, in the order they are walked.
var MatrixRoles = []MatrixRole{
	{Name: "anonymous"},
	{Name: "observer", Grant: grant(core.RoleObserver, "")},
	{Name: "participant", Grant: grant(core.RoleParticipant, ""), Person: "p001"},
	{Name: "trainer", Grant: grant(core.RoleTrainer, ""), Person: "p007"},
	{Name: "mentor", Grant: grant(core.RoleMentor, ""), Person: "p031"},
	{Name: "analyst", Grant: grant(core.RoleAnalyst, "MD")},
	{Name: "ncp", Grant: grant(core.RoleNCP, "GE"), Person: "p060"},
	{Name: "coordinator", Grant: grant(core.RoleCoordinator, "")},
	{Name: "admin", Grant: grant(core.RoleAdmin, "")},
}

// AdminAreas are path prefixes where every route must be declared for
// administrators only.
var AdminAreas = []string{"/admin/", "/api/v1/accounts", "/api/v1/audit"}

// sessionEnding routes end the caller's session: walked after all others.
var sessionEnding = []string{"POST /logout"}

// MatrixOptions adjust a matrix walk; the zero value walks every route.
type MatrixOptions struct {
	// IDs gives path parameter values by the collection segment before
	// them ("agencies": id); the others are looked up.
	IDs map[string]string
	// Only, if set, limits the walk to the routes it accepts.
	Only func(web.Route) bool
	// Check, if set, runs further checks on every exchange.
	Check func(t *testing.T, c MatrixCase)
	// Fields, if set, gives values for the request's fields by name (nil:
	// none): set in an API body where the operation's schema declares
	// them, and in a page's form. It is called for every write request.
	Fields func(rt web.Route, path string) map[string]string
}

// MatrixCase is one exchange of the walk.
type MatrixCase struct {
	Env      *Env
	Role     MatrixRole
	Route    web.Route
	Path     string // the concrete path requested
	ReadOnly bool   // sent with the role's read-only API token
	Body     string // the request body sent, encoded
	Response *Response
}

// Where names the exchange in failure messages.
func (c MatrixCase) Where() string {
	s := c.Role.Name + " " + c.Route.Method + " " + c.Path
	if c.ReadOnly {
		s += " (read-only token)"
	}
	return s
}

// MatrixResult summarises a walk.
type MatrixResult struct {
	Routes   []web.Route    // the routes walked
	Requests int            // exchanges checked
	Emails   int            // demo e-mail addresses seen (rightly) in responses
	Phones   int            // demo people's phone numbers seen (rightly) in responses
	Status   map[string]int // "role METHOD pattern" (or "role (read-only) METHOD pattern") → status
}

// PersonEmail matches the e-mail addresses of demo people.
var PersonEmail = regexp.MustCompile(`[a-z0-9._%+-]+@[a-z0-9-]+\.demo\.example\.org`)

// Phone matches phone numbers in international format ("+380 44 555
// 0101"), in text, HTML (tel: links) and JSON alike.
var Phone = regexp.MustCompile(`\+[0-9][0-9 ]{6,18}[0-9]`)

type matrixSession struct {
	web      *Client
	token    string
	readOnly string
	forms    map[string]url.Values // path → fields of the form shown for it
}

// RouteRoleMatrix walks every route of e's server with every MatrixRole
// (see the checks above). It loads the demo data unless LoadDemo ran on
// e already, and makes an account per role (MatrixRole.Email), so it runs
// once per Env. Write routes are called for real: the demo data is
// changed afterwards.
func RouteRoleMatrix(t *testing.T, e *Env, opts MatrixOptions) MatrixResult {
	t.Helper()
	if !e.hasDemo() {
		e.LoadDemo(t)
	}
	people := demoPersonIDs(t, e)
	may := contactOracle()

	sessions := map[string]*matrixSession{}
	for _, r := range MatrixRoles {
		if r.Anonymous() {
			sessions[r.Name] = &matrixSession{web: e.NewClient(), forms: map[string]url.Values{}}
			continue
		}
		acc := e.CreateAccount(t, r.Email(), *r.Grant)
		if r.Person != "" {
			id, ok := people[r.Person]
			if !ok {
				t.Fatalf("matrix: no demo person %s for %s", r.Person, r.Name)
			}
			e.LinkPerson(t, acc, id)
		}
		sessions[r.Name] = &matrixSession{web: e.SignIn(t, r.Email()), token: e.APIToken(t, r.Email()),
			readOnly: e.ReadOnlyAPIToken(t, r.Email()), forms: map[string]url.Values{}}
	}

	var routes []web.Route
	for _, rt := range e.Server.Routes() {
		if opts.Only == nil || opts.Only(rt) {
			routes = append(routes, rt)
		}
	}
	if len(routes) == 0 {
		t.Fatal("matrix: no routes to walk")
	}
	// Session-ending routes last, so that every other route sees the
	// sessions alive.
	slices.SortStableFunc(routes, func(a, b web.Route) int {
		ea, eb := slices.Contains(sessionEnding, a.String()), slices.Contains(sessionEnding, b.String())
		switch {
		case ea == eb:
			return 0
		case ea:
			return 1
		}
		return -1
	})

	fill := newFiller(e, sessions["coordinator"].token, opts.IDs)
	res := MatrixResult{Routes: routes, Status: map[string]int{}}
	check := func(c MatrixCase) {
		t.Helper()
		res.Requests++
		key := c.Role.Name + " " + c.Route.String()
		if c.ReadOnly {
			key = c.Role.Name + " (read-only) " + c.Route.String()
		}
		res.Status[key] = c.Response.StatusCode
		emails, phones := checkExchange(t, c, may)
		res.Emails += emails
		res.Phones += phones
		if opts.Check != nil {
			opts.Check(t, c)
		}
	}
	for _, rt := range routes {
		checkDeclaration(t, rt)
		path := fill.path(t, rt.Pattern)
		for _, r := range MatrixRoles {
			s := sessions[r.Name]
			c := MatrixCase{Env: e, Role: r, Route: rt, Path: path}
			c.Body, c.Response = send(t, e, s, rt, path, s.token, !rt.Access.Allows(r.Actor()), opts.Fields)
			check(c)
			if rt.Method == http.MethodGet && c.Response.StatusCode == http.StatusOK {
				harvestForms(c.Response, path, s.forms)
			}
			if rt.Access.IsWrite() && !r.Anonymous() {
				c.ReadOnly = true
				c.Body, c.Response = send(t, e, s, rt, path, s.readOnly, true, opts.Fields)
				check(c)
			}
		}
	}
	var found []string
	for seg := range fill.ids {
		found = append(found, seg)
	}
	slices.Sort(found)
	t.Logf("%s: %d routes × %d roles: %d exchanges checked, %d visible demo e-mail addresses and %d phone numbers seen; real ids for %s",
		e.Engine, len(routes), len(MatrixRoles), res.Requests, res.Emails, res.Phones, strings.Join(found, ", "))
	return res
}

// send makes one request of the walk: API operations with token and a
// body from the operation's schema, pages with the role's browser (or,
// for the read-only pass, token) and the fields of the form it was shown;
// fields, if set, gives values over either. A request the declaration
// refuses carries malformed JSON instead: the guard must refuse it before
// any handler parses it. It returns the body sent and the response.
func send(t *testing.T, e *Env, s *matrixSession, rt web.Route, path, token string, refused bool,
	fields func(web.Route, string) map[string]string) (string, *Response) {
	t.Helper()
	var set map[string]string
	if fields != nil && rt.Method != http.MethodGet {
		set = fields(rt, path)
	}
	if rt.API {
		var body any
		switch {
		case rt.Method == http.MethodGet || rt.Method == http.MethodDelete:
		case refused:
			body = `{"malformed": `
		default:
			body = withFields(e, rt, requestExample(e, rt), set)
		}
		sent := ""
		switch b := body.(type) {
		case nil:
		case string:
			sent = b
		default:
			j, _ := json.Marshal(b)
			sent = string(j)
		}
		return sent, e.DoJSON(t, rt.Method, path, token, body)
	}
	c := s.web
	if token != "" && token != s.token {
		// The read-only pass: a bare client with the token.
		c = &Client{Env: e, Site: "same-origin", HC: &http.Client{CheckRedirect: noRedirect}}
	}
	var req *http.Request
	sent := ""
	if rt.Method == http.MethodGet {
		req = c.NewRequest(t, rt.Method, path, nil)
	} else {
		form := url.Values{}
		for k, v := range s.forms[path] {
			form[k] = slices.Clone(v)
		}
		for k, v := range set {
			form.Set(k, v)
		}
		sent = form.Encode()
		req = c.NewRequest(t, rt.Method, path, strings.NewReader(sent))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if c != s.web {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return sent, c.Do(t, req)
}

// withFields sets the values of set in body (an object from
// requestExample) where the operation's schema declares the property.
func withFields(e *Env, rt web.Route, body any, set map[string]string) any {
	obj, ok := body.(map[string]any)
	if !ok || len(set) == 0 {
		return body
	}
	props := requestProperties(e, rt)
	for k, v := range set {
		if ps, ok := props[k]; ok {
			switch ps.Type {
			case "boolean":
				obj[k] = v == "true"
			case "array":
				obj[k] = strings.Split(v, ",")
			default:
				obj[k] = v
			}
		}
	}
	return obj
}

// requestProperties are the properties of rt's JSON request body.
func requestProperties(e *Env, rt web.Route) map[string]*huma.Schema {
	oapi := e.Server.API().OpenAPI()
	item := oapi.Paths[rt.Pattern]
	if item == nil {
		return nil
	}
	op := map[string]*huma.Operation{http.MethodPost: item.Post, http.MethodPut: item.Put, http.MethodPatch: item.Patch}[rt.Method]
	if op == nil || op.RequestBody == nil || op.RequestBody.Content["application/json"] == nil {
		return nil
	}
	sch := op.RequestBody.Content["application/json"].Schema
	if sch != nil && sch.Ref != "" && oapi.Components != nil {
		sch = oapi.Components.Schemas.SchemaFromRef(sch.Ref)
	}
	if sch == nil {
		return nil
	}
	return sch.Properties
}

// checkDeclaration checks what the declaration of rt says by itself.
func checkDeclaration(t *testing.T, rt web.Route) {
	t.Helper()
	a := rt.Access
	if !a.Declared() {
		t.Errorf("%s declares no access", rt)
		return
	}
	if rt.Method != http.MethodGet && rt.Method != http.MethodHead && !a.IsPublic() && !a.DuringEnrolment() && !a.IsWrite() {
		t.Errorf("%s changes data but is not declared Writes (%s): read-only tokens would reach it", rt, a)
	}
	for _, p := range AdminAreas {
		if strings.HasPrefix(rt.Pattern, p) && !adminOnly(a) {
			t.Errorf("%s is in the administration area %s but declared %s, not core.Admin", rt, p, a)
		}
	}
}

// adminOnly reports whether a admits administrators only.
func adminOnly(a core.Access) bool {
	rs := a.Roles()
	return len(rs) == 1 && rs[0] == core.RoleAdmin
}

// relationScoped reports whether a is declared for every member but
// observers on a write: the service admits people by their relations
// (see RouteRoleMatrix).
func relationScoped(a core.Access) bool {
	return a.IsWrite() && a.IsPersonal() && a.Roles() == nil && !a.IsPublic()
}

// checkExchange checks one exchange and returns the number of demo
// e-mail addresses and phone numbers it rightly showed.
func checkExchange(t *testing.T, c MatrixCase, may *oracle) (emails, phones int) {
	t.Helper()
	res, a, where := c.Response, c.Route.Access, c.Where()
	status := res.StatusCode
	if status >= 500 {
		t.Errorf("%s: status %d\n%s", where, status, Excerpt(res.Body))
		return 0, 0
	}
	toLogin := status == http.StatusSeeOther && strings.HasPrefix(res.Location(), "/login")
	switch {
	case c.Role.Anonymous() && !a.IsPublic():
		if c.Route.API && status != http.StatusUnauthorized {
			t.Errorf("%s: anonymous API call answered %d, want 401", where, status)
		}
		if !c.Route.API && !toLogin && status != http.StatusUnauthorized {
			t.Errorf("%s: anonymous page answered %d (Location %q), want a redirect to /login or 401", where, status, res.Location())
		}
	case c.Role.Anonymous():
	case c.ReadOnly:
		if status != http.StatusForbidden {
			t.Errorf("%s: a read-only token on a write route (%s) got %d, want 403", where, a, status)
		}
	case adminOnly(a) && c.Role.Grant.Role != core.RoleAdmin:
		if status != http.StatusForbidden {
			t.Errorf("%s: a non-admin reached an admin route (%s): status %d, want 403", where, a, status)
		}
	case a.IsPersonal() && c.Role.Grant.Role == core.RoleObserver:
		if status != http.StatusForbidden {
			t.Errorf("%s: an observer reached a personal route (%s): status %d, want 403", where, a, status)
		}
	case !a.Allows(c.Role.Actor()):
		if status != http.StatusForbidden {
			t.Errorf("%s: the declaration %s does not admit %s, but the route answered %d, want 403", where, a, c.Role.Name, status)
		}
	case !a.IsPublic() && (status == http.StatusUnauthorized || toLogin):
		t.Errorf("%s: the declaration %s admits %s, but the route asked to sign in (%d, Location %q)", where, a, c.Role.Name, status, res.Location())
	case status == http.StatusForbidden && c.Role.Grant.ScopeKind == core.ScopeGlobal && !(relationScoped(a) && c.Role.Person != ""):
		// A role held everywhere has no scope for the service to narrow:
		// if the service refuses what the declaration admits, the
		// declaration is wider than the rule it stands for.
		t.Errorf("%s: the declaration %s admits %s everywhere, but the service refused (403): declare the access the service enforces\n%s",
			where, a, c.Role.Name, Excerpt(res.Body))
	}
	for _, m := range PersonEmail.FindAllString(res.Body, -1) {
		if may.email(c.Role, m) {
			emails++
			continue
		}
		t.Errorf("%s: the response shows %s, which %s may not see", where, m, c.Role.Name)
	}
	for _, m := range Phone.FindAllString(res.Body, -1) {
		ok, known := may.phone(c.Role, m)
		if !known {
			continue // not a demo person's: an agency's, or one the walk wrote
		}
		if ok {
			phones++
			continue
		}
		t.Errorf("%s: the response shows the phone number %s, which %s may not see", where, m, c.Role.Name)
	}
	return emails, phones
}

// oracle says whose contact details a role may see, from the demo data set
// alone (not from the service under test): admins and coordinators see
// everyone's, an ncp those of their country's people, a person their own
// and their co-members' in a network.
type oracle struct {
	country   map[string]string          // person key → country
	byEmail   map[string]string          // e-mail → person key
	byPhone   map[string]string          // phone digits → person key
	coMembers map[string]map[string]bool // person → people sharing a network
}

func contactOracle() *oracle {
	o := &oracle{country: map[string]string{}, byEmail: map[string]string{}, byPhone: map[string]string{}, coMembers: map[string]map[string]bool{}}
	agencyCountry := map[string]string{}
	for _, a := range demo.Agencies {
		agencyCountry[a.Key] = a.Country
	}
	for _, p := range demo.People {
		o.country[p.Key] = agencyCountry[p.Agency]
		o.byEmail[p.Email] = p.Key
		if p.Phone != "" {
			o.byPhone[digits(p.Phone)] = p.Key
		}
	}
	for _, n := range demo.Networks {
		for _, a := range n.Members {
			for _, b := range n.Members {
				if o.coMembers[a.Person] == nil {
					o.coMembers[a.Person] = map[string]bool{}
				}
				o.coMembers[a.Person][b.Person] = true
			}
		}
	}
	return o
}

func digits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

// sees reports whether r may see the contact details of person k.
func (o *oracle) sees(r MatrixRole, k string) bool {
	if r.Grant == nil {
		return false
	}
	switch r.Grant.Role {
	case core.RoleAdmin, core.RoleCoordinator:
		return true
	case core.RoleNCP:
		if o.country[k] == r.Grant.Country {
			return true
		}
	}
	return r.Person != "" && (k == r.Person || o.coMembers[r.Person][k])
}

// email reports whether r may see the e-mail address m (never one the
// demo does not have: only demo addresses match PersonEmail).
func (o *oracle) email(r MatrixRole, m string) bool {
	if r.Grant != nil && (r.Grant.Role == core.RoleAdmin || r.Grant.Role == core.RoleCoordinator) {
		return true
	}
	k, known := o.byEmail[m]
	return known && o.sees(r, k)
}

// phone reports whether m is a demo person's phone number and whether r
// may see it.
func (o *oracle) phone(r MatrixRole, m string) (ok, known bool) {
	k, known := o.byPhone[digits(m)]
	if !known {
		return false, false
	}
	return o.sees(r, k), true
}
