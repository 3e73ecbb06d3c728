package web_test

// The shared harness of the web tests: a real server (real services on a
// fresh database of each engine, behind httptest.NewServer), accounts
// made through the auth service, browser-like clients that sign in through
// the real forms (cookie jar, Sec-Fetch-Site, the TOTP step), API tokens
// from POST /api/v1/auth/token, and small request helpers. Later suites
// (the route × role matrix, directory pages, browser tests) build on it.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/pquerna/otp/totp"

	"github.com/topcop-platform/topcop/internal/audit"
	"github.com/topcop-platform/topcop/internal/auth"
	"github.com/topcop-platform/topcop/internal/config"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
	"github.com/topcop-platform/topcop/internal/db/dbtest"
	"github.com/topcop-platform/topcop/internal/directory"
	"github.com/topcop-platform/topcop/internal/i18n"
	"github.com/topcop-platform/topcop/internal/ui/uitest"
	"github.com/topcop-platform/topcop/internal/web"
)

// testPassword is the password of every account the harness creates.
const testPassword = "correct horse battery staple"

// testClock is the auth service's clock. A TOTP code is accepted once
// per 30-second step, so the harness moves the clock a step forward for
// every code; tests move it further to expire sessions and tokens.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock forward by d.
func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// testEnv is one running server over one fresh database.
type testEnv struct {
	t      testing.TB
	Engine string
	DB     *db.DB
	Audit  *audit.Log
	Auth   *auth.Service
	Dir    *directory.Service
	Bundle *i18n.Bundle // fresh per server: Bundle.Missing reflects this test only
	Server *web.Server
	HTTP   *httptest.Server
	URL    string
	Clock  *testClock

	mu       sync.Mutex
	secrets  map[string]string       // e-mail → TOTP secret, for accounts enrolled here
	accounts map[string]auth.Account // e-mail → account made by createAccount
}

// forEachEngine runs fn as a subtest on each engine with its own server.
func forEachEngine(t *testing.T, fn func(t *testing.T, e *testEnv)) {
	t.Helper()
	for _, engine := range dbtest.Engines {
		t.Run(engine, func(t *testing.T) {
			fn(t, newTestServer(t, engine))
		})
	}
}

// sysCtx is a context of the system actor (the CLI's rights).
func sysCtx() context.Context {
	return core.WithActor(context.Background(), core.SystemActor("webtest"))
}

// newTestServer builds the real dependencies on a fresh, migrated and
// seeded database of engine and serves them over httptest.
func newTestServer(t testing.TB, engine string) *testEnv {
	t.Helper()
	d := dbtest.Open(t, engine)
	if err := directory.SeedReference(sysCtx(), d); err != nil {
		t.Fatalf("seed reference data: %v", err)
	}
	log := audit.New(d)
	t.Cleanup(log.Close)
	dir := directory.NewService(d, log)
	clock := &testClock{t: time.Now().UTC().Truncate(time.Second)}
	authSvc := auth.NewService(d, log, auth.Options{
		Now:    clock.Now,
		Issuer: "TOPCOP test",
		CountryExists: func(_ context.Context, code string) (bool, error) {
			cs, err := dir.Countries(sysCtx())
			if err != nil {
				return false, err
			}
			return slices.ContainsFunc(cs, func(c directory.Country) bool { return c.Code == code }), nil
		},
		AgencyCountry: func(_ context.Context, id string) (string, error) {
			a, err := dir.Agency(sysCtx(), id)
			return a.CountryCode, err
		},
	})
	b, err := i18n.Load()
	if err != nil {
		t.Fatalf("i18n.Load: %v", err)
	}
	srv, err := web.New(web.Deps{
		Config: config.Default(), DB: d, Audit: log, Auth: authSvc, Directory: dir, Bundle: b,
		Logger: slog.New(slog.NewTextHandler(newTestLogWriter(t), &slog.HandlerOptions{Level: slog.LevelWarn})),
	})
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	return &testEnv{t: t, Engine: engine, DB: d, Audit: log, Auth: authSvc, Dir: dir, Bundle: b, Server: srv,
		HTTP: hs, URL: hs.URL, Clock: clock, secrets: map[string]string{}, accounts: map[string]auth.Account{}}
}

// testLogWriter sends the server's warnings and errors to the test log
// until the test ends.
type testLogWriter struct {
	mu   sync.Mutex
	t    testing.TB
	done bool
}

func newTestLogWriter(t testing.TB) *testLogWriter {
	w := &testLogWriter{t: t}
	t.Cleanup(func() {
		w.mu.Lock()
		w.done = true
		w.mu.Unlock()
	})
	return w
}

func (w *testLogWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.done {
		w.t.Log(strings.TrimSpace(string(p)))
	}
	return len(p), nil
}

// Grant helpers.

func globalGrant(r core.Role) core.Grant { return core.Grant{Role: r, ScopeKind: core.ScopeGlobal} }

func countryGrant(r core.Role, cc string) core.Grant {
	return core.Grant{Role: r, ScopeKind: core.ScopeCountry, Country: cc}
}

// roleGrant is the usual grant of role in tests: global where the role
// allows it, Georgia for ncp and analyst.
func roleGrant(r core.Role) core.Grant {
	if r == core.RoleNCP || r == core.RoleAnalyst {
		return countryGrant(r, "GE")
	}
	return globalGrant(r)
}

// createAccount makes an account with testPassword and grants, as the
// system actor (like `topcop user create`).
func (e *testEnv) createAccount(t testing.TB, email string, grants ...core.Grant) auth.Account {
	t.Helper()
	name := "Test " + strings.Split(email, "@")[0]
	a, err := e.Auth.CreateAccount(sysCtx(), auth.AccountInput{Email: email, Name: name, Password: testPassword, Grants: grants})
	if err != nil {
		t.Fatalf("create account %s: %v", email, err)
	}
	e.mu.Lock()
	e.accounts[a.Email] = a
	e.mu.Unlock()
	return a
}

// accountFor returns the account "<role>@example.org" holding roleGrant(r),
// creating it on first use.
func (e *testEnv) accountFor(t testing.TB, r core.Role) auth.Account {
	t.Helper()
	email := string(r) + "@example.org"
	e.mu.Lock()
	a, ok := e.accounts[email]
	e.mu.Unlock()
	if ok {
		return a
	}
	return e.createAccount(t, email, roleGrant(r))
}

// secret returns the TOTP secret the harness enrolled for email, or "".
func (e *testEnv) secret(email string) string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.secrets[auth.NormalizeEmail(email)]
}

func (e *testEnv) setSecret(email, secret string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.secrets[auth.NormalizeEmail(email)] = secret
}

// codeFor moves the clock to the next 30-second step and returns the
// TOTP code of secret at that time (a code is accepted once per step).
func (e *testEnv) codeFor(t testing.TB, secret string) string {
	t.Helper()
	e.Clock.Advance(30 * time.Second)
	code, err := totp.GenerateCode(secret, e.Clock.Now())
	if err != nil {
		t.Fatalf("totp.GenerateCode: %v", err)
	}
	return code
}

// enrolTOTP enrols a second factor for acc through the service (as the
// account itself) and remembers the secret.
func (e *testEnv) enrolTOTP(t testing.TB, acc auth.Account) string {
	t.Helper()
	ctx := core.WithActor(context.Background(), core.Actor{AccountID: acc.ID, Email: acc.Email, Name: acc.Name, Grants: acc.Grants})
	en, err := e.Auth.BeginTOTP(ctx)
	if err != nil {
		t.Fatalf("BeginTOTP %s: %v", acc.Email, err)
	}
	if err := e.Auth.ConfirmTOTP(ctx, e.codeFor(t, en.Secret)); err != nil {
		t.Fatalf("ConfirmTOTP %s: %v", acc.Email, err)
	}
	e.setSecret(acc.Email, en.Secret)
	return en.Secret
}

// response is a finished HTTP exchange with its body read.
type response struct {
	*http.Response
	Body string
}

// Location is the redirect target, relative to the server.
func (r *response) Location() string { return r.Header.Get("Location") }

// doc parses the body as HTML.
func (r *response) doc(t testing.TB) *goquery.Document {
	t.Helper()
	return uitest.Doc(t, r.Body)
}

// json decodes the body into v.
func (r *response) json(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(r.Body), v); err != nil {
		t.Fatalf("decode JSON %q: %v", r.Body, err)
	}
}

// problem is an RFC 9457 problem as the API writes it.
type problem struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail"`
	Code   string `json:"code"`
	Errors []struct {
		Field string `json:"field"`
		Code  string `json:"code"`
	} `json:"errors"`
}

// problem decodes the body as a problem, failing unless its content type
// is application/problem+json.
func (r *response) problem(t testing.TB) problem {
	t.Helper()
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/problem+json") {
		t.Fatalf("Content-Type = %q, want application/problem+json; body %s", ct, r.Body)
	}
	var p problem
	r.json(t, &p)
	return p
}

// hasFieldError reports whether the problem names field with code.
func (p problem) hasFieldError(field, code string) bool {
	for _, f := range p.Errors {
		if (f.Field == field || strings.HasSuffix(f.Field, "."+field)) && f.Code == code {
			return true
		}
	}
	return false
}

// client is a browser: a cookie jar, no automatic redirects (tests look
// at each 303), an optional language, and Sec-Fetch-Site on every request
// as browsers send it.
type client struct {
	env  *testEnv
	hc   *http.Client
	Lang string
	// Site is the Sec-Fetch-Site value sent ("same-origin" by default;
	// "cross-site" makes a forged cross-origin request).
	Site string
}

// newClient returns a fresh browser without cookies.
func (e *testEnv) newClient() *client {
	jar, _ := cookiejar.New(nil)
	return &client{env: e, Site: "same-origin", hc: &http.Client{
		Jar:           jar,
		Timeout:       30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

// do sends req with the client's cookies and headers and reads the answer.
func (c *client) do(t testing.TB, req *http.Request) *response {
	t.Helper()
	if c.Site != "" && req.Header.Get("Sec-Fetch-Site") == "" {
		req.Header.Set("Sec-Fetch-Site", c.Site)
	}
	if c.Lang != "" {
		req.AddCookie(&http.Cookie{Name: i18n.CookieName, Value: c.Lang})
	}
	res, err := c.hc.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("%s %s: read body: %v", req.Method, req.URL.Path, err)
	}
	return &response{Response: res, Body: string(body)}
}

// get fetches path; headers are name/value pairs.
func (c *client) get(t testing.TB, path string, headers ...string) *response {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, c.env.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return c.do(t, req)
}

// getDoc fetches path, requires status want and returns the parsed page.
func (c *client) getDoc(t testing.TB, path string, want int) (*response, *goquery.Document) {
	t.Helper()
	res := c.get(t, path)
	if res.StatusCode != want {
		t.Fatalf("GET %s: status %d, want %d (Location %q)\n%s", path, res.StatusCode, want, res.Location(), excerpt(res.Body))
	}
	return res, res.doc(t)
}

// post submits an HTML form to path.
func (c *client) post(t testing.TB, path string, form url.Values) *response {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, c.env.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(t, req)
}

// cookie returns the value of the client's cookie name ("" if none).
func (c *client) cookie(name string) string {
	u, _ := url.Parse(c.env.URL)
	for _, ck := range c.hc.Jar.Cookies(u) {
		if ck.Name == name {
			return ck.Value
		}
	}
	return ""
}

// setCookie puts a cookie into the client's jar (forged cookies).
func (c *client) setCookie(name, value string) {
	u, _ := url.Parse(c.env.URL)
	c.hc.Jar.SetCookies(u, []*http.Cookie{{Name: name, Value: value, Path: "/"}})
}

// login submits the sign-in form.
func (c *client) login(t testing.TB, email, password, next string) *response {
	t.Helper()
	return c.post(t, "/login", url.Values{"email": {email}, "password": {password}, "next": {next}})
}

// signIn signs email in through the real forms, including the second
// factor: the code step for an enrolled account, and enrolment on the web
// page for one whose roles require it. It fails unless the session ends
// up complete.
func (e *testEnv) signIn(t testing.TB, email string) *client {
	t.Helper()
	c := e.newClient()
	res := c.login(t, email, testPassword, "")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in %s: status %d\n%s", email, res.StatusCode, excerpt(res.Body))
	}
	switch loc := res.Location(); {
	case strings.HasPrefix(loc, "/login/totp"):
		secret := e.secret(email)
		if secret == "" {
			t.Fatalf("sign in %s: asked for a code, but the harness knows no secret", email)
		}
		res = c.post(t, "/login/totp", url.Values{"code": {e.codeFor(t, secret)}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("sign in %s: code step: status %d\n%s", email, res.StatusCode, excerpt(res.Body))
		}
	case strings.HasPrefix(loc, "/account/totp"):
		c.enrolOnWeb(t, email)
	}
	if res := c.get(t, "/account"); res.StatusCode != http.StatusOK {
		t.Fatalf("sign in %s: GET /account: status %d (Location %q)", email, res.StatusCode, res.Location())
	}
	return c
}

// enrolOnWeb sets up TOTP through the enrolment page: it reads the secret
// the page shows, confirms it with a code, and remembers it.
func (c *client) enrolOnWeb(t testing.TB, email string) string {
	t.Helper()
	_, doc := c.getDoc(t, "/account/totp", http.StatusOK)
	secret := strings.ReplaceAll(uitest.Text(t, doc, "#totp-secret"), " ", "")
	res := c.post(t, "/account/totp/confirm", url.Values{"code": {c.env.codeFor(t, secret)}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("enrol %s: confirm: status %d\n%s", email, res.StatusCode, excerpt(res.Body))
	}
	c.env.setSecret(email, secret)
	return secret
}

// apiToken signs in to the API (POST /api/v1/auth/token) and returns the
// token. An account whose roles require a second factor is enrolled first
// (through the service), so that the token reaches data.
func (e *testEnv) apiToken(t testing.TB, email string) string {
	t.Helper()
	e.mu.Lock()
	acc, known := e.accounts[auth.NormalizeEmail(email)]
	e.mu.Unlock()
	if known && acc.NeedsTOTP() && e.secret(email) == "" {
		e.enrolTOTP(t, acc)
	}
	body := map[string]string{"email": email, "password": testPassword}
	if s := e.secret(email); s != "" {
		body["totp"] = e.codeFor(t, s)
	}
	res := e.doJSON(t, http.MethodPost, "/api/v1/auth/token", "", body)
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("API token for %s: status %d: %s", email, res.StatusCode, res.Body)
	}
	var out struct {
		Token string `json:"token"`
	}
	res.json(t, &out)
	return out.Token
}

// doJSON sends an API request: body is JSON-encoded (a string or []byte
// is sent as is; nil sends no body), token goes into Authorization.
func (e *testEnv) doJSON(t testing.TB, method, path, token string, body any) *response {
	t.Helper()
	var r io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		r = strings.NewReader(b)
	case []byte:
		r = bytes.NewReader(b)
	default:
		buf, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		r = bytes.NewReader(buf)
	}
	req, err := http.NewRequest(method, e.URL+path, r)
	if err != nil {
		t.Fatal(err)
	}
	if r != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	c := &client{env: e, hc: &http.Client{Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	return c.do(t, req)
}

// auditActions returns the actions of the whole audit log, oldest first.
func (e *testEnv) auditActions(t testing.TB) []string {
	t.Helper()
	// Straight from the table: audit.Log.List would itself record a
	// browse entry.
	rows, err := e.DB.Query(context.Background(), `SELECT action FROM audit_log ORDER BY seq`)
	if err != nil {
		t.Fatalf("audit actions: %v", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			t.Fatal(err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// accountCount is the number of accounts, disabled ones included.
func (e *testEnv) accountCount(t testing.TB) int {
	t.Helper()
	l, err := e.Auth.ListAccounts(sysCtx(), auth.AccountFilter{IncludeDisabled: true}, core.PageRequest{Limit: 1})
	if err != nil {
		t.Fatalf("list accounts: %v", err)
	}
	return l.Total
}

// wantStatus fails unless res has status want.
func wantStatus(t testing.TB, res *response, want int) {
	t.Helper()
	if res.StatusCode != want {
		t.Fatalf("%s %s: status %d, want %d (Location %q)\n%s", res.Request.Method, res.Request.URL.Path,
			res.StatusCode, want, res.Location(), excerpt(res.Body))
	}
}

// wantRedirect fails unless res is a 303 to a URL starting with prefix.
func wantRedirect(t testing.TB, res *response, prefix string) {
	t.Helper()
	wantStatus(t, res, http.StatusSeeOther)
	if !strings.HasPrefix(res.Location(), prefix) {
		t.Fatalf("%s %s: redirect to %q, want %q…", res.Request.Method, res.Request.URL.Path, res.Location(), prefix)
	}
}

// wantFieldError fails unless the page marks the input of field invalid
// and links to it from the error summary.
func wantFieldError(t testing.TB, doc *goquery.Document, field string) {
	t.Helper()
	id := "field-" + field
	if doc.Find("#"+id+`[aria-invalid="true"]`).Length() == 0 {
		t.Errorf("input #%s is not marked invalid", id)
	}
	if doc.Find(`.error-summary a[href="#`+id+`"]`).Length() == 0 {
		t.Errorf("the error summary does not link to #%s", id)
	}
}

// excerpt shortens a body for failure messages.
func excerpt(s string) string {
	if len(s) > 2000 {
		return s[:2000] + fmt.Sprintf("… (%d bytes)", len(s))
	}
	return s
}
