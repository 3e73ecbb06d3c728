package web_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/topcop-platform/topcop/internal/api"
	"github.com/topcop-platform/topcop/internal/app/apptest"
	"github.com/topcop-platform/topcop/internal/config"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/module"
	"github.com/topcop-platform/topcop/internal/ui"
)

// TestUnmatchedRoutes: an unknown URL answers the localised 404 page, or
// on the API a problem document; a known path with another method a 405
// of the same kinds; the mux's redirects still work.
func TestUnmatchedRoutes(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		anon := e.NewClient()
		anon.Lang = "ka"
		member := e.SignIn(t, e.AccountFor(t, core.RoleTrainer).Email)
		member.Lang = "hy"
		token := e.APIToken(t, e.AccountFor(t, core.RoleCoordinator).Email)
		for _, tc := range []struct {
			name   string
			c      *apptest.Client
			method string
			path   string
			status int
			key    string // the error page's title
		}{
			{"anonymous unknown page", anon, "GET", "/no/such/page", 404, "error.not_found.title"},
			{"signed-in unknown page", member, "GET", "/directory/nowhere", 404, "error.not_found.title"},
			{"favicon.ico", anon, "GET", "/favicon.ico", 404, "error.not_found.title"},
			{"page method not allowed", member, "DELETE", "/login", 405, "error.invalid.title"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				res := tc.c.Do(t, tc.c.NewRequest(t, tc.method, tc.path, nil))
				apptest.WantStatus(t, res, tc.status)
				if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
					t.Fatalf("Content-Type %q, want the error page", ct)
				}
				want := e.Bundle.Localizer(tc.c.Lang).T(tc.key)
				if h := res.Doc(t).Find("h1").First().Text(); !strings.Contains(h, want) {
					t.Errorf("heading %q, want %q", h, want)
				}
				if res.Header.Get("Content-Security-Policy") == "" {
					t.Error("the error page lacks the security headers")
				}
			})
		}
		for _, tc := range []struct {
			name, method, path, tok string
			status                  int
			typ                     string
		}{
			{"unknown API path", "GET", "/api/v1/nothing", token, 404, "/problems/not_found"},
			{"unknown API path anonymous", "GET", "/api/v2/people", "", 404, "/problems/not_found"},
			{"API method not allowed", "PUT", "/api/v1/me", token, 405, "/problems/method_not_allowed"},
			{"oversized cursor", "GET", "/api/v1/people?cursor=" + strings.Repeat("A", 4096), token, 422, "/problems/validation"},
			{"undecodable cursor", "GET", "/api/v1/people?cursor=" + strings.Repeat("~", 40), token, 422, "/problems/validation"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				res := e.DoJSON(t, tc.method, tc.path, tc.tok, nil)
				apptest.WantStatus(t, res, tc.status)
				if p := res.Problem(t); p.Type != tc.typ || p.Status != tc.status || p.Title == "" {
					t.Fatalf("problem %+v, want %s", p, tc.typ)
				}
				if tc.status == 405 && !strings.Contains(res.Header.Get("Allow"), "GET") {
					t.Errorf("Allow %q, want GET", res.Header.Get("Allow"))
				}
			})
		}
		res := anon.Get(t, "/static")
		if res.StatusCode/100 != 3 || res.Location() != "/static/" {
			t.Errorf("GET /static: %d to %q, want the mux's redirect to /static/", res.StatusCode, res.Location())
		}
	})
}

// TestFavicon: every page links an SVG icon by its content-hashed URL,
// which is served as an image the CSP allows.
func TestFavicon(t *testing.T) {
	e := apptest.New(t, config.SQLite)
	c := e.NewClient()
	_, doc := c.GetDoc(t, "/login", http.StatusOK)
	href, ok := doc.Find(`head link[rel="icon"]`).Attr("href")
	if !ok || !regexp.MustCompile(`^/static/favicon\.[0-9a-f]{8}\.svg$`).MatchString(href) {
		t.Fatalf("icon link %q, want /static/favicon.<hash>.svg", href)
	}
	res := c.Get(t, href)
	apptest.WantStatus(t, res, http.StatusOK)
	if ct := res.Header.Get("Content-Type"); ct != "image/svg+xml" || !strings.Contains(res.Body, "<svg") {
		t.Errorf("Content-Type %q, body %q", ct, apptest.Excerpt(res.Body))
	}
	if !strings.Contains(res.Header.Get("Cache-Control"), "immutable") {
		t.Errorf("Cache-Control %q, want immutable", res.Header.Get("Cache-Control"))
	}
	if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "img-src 'self'") {
		t.Errorf("CSP %q does not allow the icon", csp)
	}
}

// TestNoStoreOnPersonalData: API answers with personal data (routes
// declared Personal, the account and audit endpoints) carry
// Cache-Control: no-store; reference data does not need to.
func TestNoStoreOnPersonalData(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		admin := e.AccountFor(t, core.RoleAdmin)
		token := e.APIToken(t, admin.Email)
		personal := 0
		for _, r := range e.Server.Routes() {
			if !r.API || r.Method != http.MethodGet || strings.Contains(r.Pattern, "{") || !r.Access.IsPersonal() {
				continue
			}
			personal++
			res := e.DoJSON(t, r.Method, r.Pattern, token, nil)
			if res.StatusCode == http.StatusOK && res.Header.Get("Cache-Control") != "no-store" {
				t.Errorf("%s (personal): Cache-Control %q, want no-store", r, res.Header.Get("Cache-Control"))
			}
		}
		if personal == 0 {
			t.Fatal("no personal API route to check")
		}
		for _, path := range []string{"/api/v1/me", "/api/v1/me/tokens", "/api/v1/me/sessions", "/api/v1/accounts", "/api/v1/audit", "/api/v1/people"} {
			res := e.DoJSON(t, http.MethodGet, path, token, nil)
			apptest.WantStatus(t, res, http.StatusOK)
			if res.Header.Get("Cache-Control") != "no-store" {
				t.Errorf("%s: Cache-Control %q, want no-store", path, res.Header.Get("Cache-Control"))
			}
		}
		// The token itself.
		res := e.DoJSON(t, http.MethodPost, "/api/v1/auth/token", "", map[string]string{"email": admin.Email, "password": apptest.Password, "totp": e.CodeFor(t, e.Secret(admin.Email))})
		apptest.WantStatus(t, res, http.StatusCreated)
		if res.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("token: Cache-Control %q, want no-store", res.Header.Get("Cache-Control"))
		}
		if cc := e.DoJSON(t, http.MethodGet, "/api/v1/countries", token, nil).Header.Get("Cache-Control"); cc == "no-store" {
			t.Logf("countries: %q (reference data may be cached)", cc)
		}
	})
}

// TestMetricsRestricted: with a metrics token, /metrics answers only to
// it (not to an account's API token); with a metrics address, the main
// address does not serve /metrics at all, and Metrics serves it there.
func TestMetricsRestricted(t *testing.T) {
	const secret = "metrics-secret-0123456789"
	e := apptest.New(t, config.SQLite, apptest.Config(func(c *config.Config) { c.MetricsToken = secret }))
	apiToken := e.APIToken(t, e.AccountFor(t, core.RoleAdmin).Email)
	c := e.NewClient()
	for _, tc := range []struct {
		name, auth string
		want       int
	}{
		{"no token", "", http.StatusUnauthorized},
		{"wrong token", "Bearer metrics-secret-0123456780", http.StatusUnauthorized},
		{"an account's API token", "Bearer " + apiToken, http.StatusUnauthorized},
		{"the metrics token", "Bearer " + secret, http.StatusOK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := c.Get(t, "/metrics", "Authorization", tc.auth)
			apptest.WantStatus(t, res, tc.want)
			if tc.want == http.StatusOK && !strings.Contains(res.Body, "topcop_http_requests_total") {
				t.Errorf("metrics body %q", apptest.Excerpt(res.Body))
			}
			if tc.want == http.StatusUnauthorized && strings.Contains(res.Body, "topcop_") {
				t.Error("metrics served without the token")
			}
		})
	}

	e = apptest.New(t, config.SQLite, apptest.Config(func(c *config.Config) { c.MetricsAddr = "127.0.0.1:0" }))
	apptest.WantStatus(t, e.NewClient().Get(t, "/metrics"), http.StatusNotFound)
	ms := httptest.NewServer(e.Server.Metrics())
	defer ms.Close()
	res, err := http.Get(ms.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("metrics address: status %d", res.StatusCode)
	}
}

// slowModule has a page and an API operation that wait until their
// client goes away, then fail as a query canceled by it does.
func slowModule(started chan<- struct{}) module.Module {
	wait := func(ctx context.Context) error {
		started <- struct{}{}
		<-ctx.Done()
		return core.Wrap(ctx.Err(), "slow: query")
	}
	return module.Module{
		Name: "slow",
		Pages: func(env *module.Env, web module.Web, r ui.Router) {
			r.HandleFunc("GET /slow", core.Public, func(w http.ResponseWriter, req *http.Request) {
				web.Fail(w, req, wait(req.Context()))
			})
		},
		API: func(env *module.Env, a huma.API) {
			api.Register(a, core.Public, huma.Operation{OperationID: "slow", Method: http.MethodGet, Path: "/api/v1/slow"},
				func(ctx context.Context, _ *struct{}) (*struct{}, error) { return nil, api.Err(ctx, wait(ctx)) })
		},
	}
}

// TestClientDisconnect: a request whose client goes away is logged and
// counted as 499, not as a server error.
func TestClientDisconnect(t *testing.T) {
	var logs bytes.Buffer
	old := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&logs, nil)))
	defer slog.SetDefault(old)
	started := make(chan struct{}, 1)
	e := apptest.New(t, config.SQLite, apptest.Extra(slowModule(started)))
	for _, path := range []string{"/slow", "/api/v1/slow"} {
		t.Run(path, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, e.URL+path, nil)
			done := make(chan error, 1)
			go func() {
				res, err := http.DefaultClient.Do(req)
				if err == nil {
					res.Body.Close()
				}
				done <- err
			}()
			<-started
			cancel()
			if err := <-done; !errors.Is(err, context.Canceled) {
				t.Fatalf("client: %v, want canceled", err)
			}
			// The server finishes the request after the client left.
			route := `route="GET ` + path + `"`
			deadline := time.Now().Add(5 * time.Second)
			var line string
			for time.Now().Before(deadline) && line == "" {
				for _, l := range strings.Split(e.NewClient().Get(t, "/metrics").Body, "\n") {
					if strings.HasPrefix(l, "topcop_http_requests_total{") && strings.Contains(l, route) {
						line = l
					}
				}
				time.Sleep(20 * time.Millisecond)
			}
			if !strings.Contains(line, `code="499"`) {
				t.Errorf("counted as %q, want code 499", line)
			}
		})
	}
	if strings.Contains(logs.String(), "level=ERROR") {
		t.Errorf("a client that went away was logged as an error:\n%s", logs.String())
	}
}

// TestOversizedURL: through the server `topcop serve` runs, a URL longer
// than the platform takes (a forged cursor of 70 KB) answers a problem
// document on the API and the error page elsewhere, not Go's bare 431.
func TestOversizedURL(t *testing.T) {
	e := apptest.New(t, config.SQLite)
	token := e.APIToken(t, e.AccountFor(t, core.RoleCoordinator).Email)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := e.Server.HTTPServer(ln.Addr().String(), nil)
	go hs.Serve(ln)
	defer hs.Close()
	e.URL = "http://" + ln.Addr().String()
	cursor := strings.Repeat("A", 70<<10)
	res := e.DoJSON(t, http.MethodGet, "/api/v1/people?cursor="+cursor, token, nil)
	apptest.WantStatus(t, res, http.StatusBadRequest)
	if p := res.Problem(t); p.Type != "/problems/invalid" {
		t.Fatalf("problem %+v", p)
	}
	res = e.NewClient().Get(t, "/directory/people?cursor="+cursor)
	apptest.WantStatus(t, res, http.StatusBadRequest)
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Fatalf("page: Content-Type %q, want the error page", ct)
	}
}
