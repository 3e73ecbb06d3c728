package apptest_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/topcop-platform/topcop/internal/app/apptest"
	"github.com/topcop-platform/topcop/internal/core"
)

// TestHarness checks the harness itself: accounts made here and demo
// accounts sign in on the web (with their second factor) and to the API,
// and a read-only token is refused a write.
func TestHarness(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		if len(e.Server.Routes()) == 0 {
			t.Fatal("no routes")
		}
		e.LoadDemo(t)
		for _, email := range []string{"coordinator@demo.example.org", "observer@demo.example.org", e.AccountFor(t, core.RoleNCP).Email} {
			c := e.SignIn(t, email)
			apptest.WantStatus(t, c.Get(t, "/account"), http.StatusOK)
			tok := e.APIToken(t, email)
			apptest.WantStatus(t, e.DoJSON(t, http.MethodGet, "/api/v1/me", tok, nil), http.StatusOK)
		}
		ro := e.ReadOnlyAPIToken(t, "coordinator@demo.example.org")
		apptest.WantStatus(t, e.DoJSON(t, http.MethodGet, "/api/v1/me", ro, nil), http.StatusOK)
		res := e.DoJSON(t, http.MethodPost, "/api/v1/me/tokens", ro, map[string]any{"name": "x", "expires_at": e.Clock.Now().Add(3600e9)})
		apptest.WantStatus(t, res, http.StatusForbidden)
		anon := e.NewClient()
		apptest.WantRedirect(t, anon.Get(t, "/account"), "/login")
	})
}

// TestBrowserSignIn checks the browser helpers: a coordinator signs in
// and enrols a second factor on the page, then, in a fresh browser, signs
// in again with a code.
func TestBrowserSignIn(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		acc := e.AccountFor(t, core.RoleCoordinator)
		b := apptest.OpenBrowser(t)
		if path := b.SignIn(e, acc.Email); path == "/login" || path == "/account/totp" {
			t.Fatalf("after signing in and enrolling: at %s", path)
		}
		if e.Secret(acc.Email) == "" {
			t.Fatal("the harness did not learn the secret enrolled on the page")
		}
		b2 := apptest.OpenBrowser(t)
		if path := b2.SignIn(e, acc.Email); path == "/login" || path == "/login/totp" {
			t.Fatalf("after signing in with a code: at %s", path)
		}
		if path := b2.Get("where are we", chromedp.Location()); !strings.HasPrefix(path, e.URL+"/") {
			t.Fatalf("at %s", path)
		}
	})
}
