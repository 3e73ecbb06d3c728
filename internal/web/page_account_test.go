package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/topcop-platform/topcop/internal/app/apptest"
	"github.com/topcop-platform/topcop/internal/auth"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/ui/uitest"
)

// tokenCount is the number of acc's active API tokens.
func tokenCount(t *testing.T, e *apptest.Env, acc auth.Account) int {
	t.Helper()
	ts, err := e.Auth.Tokens(apptest.SysCtx(), acc.ID)
	if err != nil {
		t.Fatal(err)
	}
	return len(ts)
}

func TestAccountPage(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		acc := e.CreateAccount(t, "nino@example.org", apptest.CountryGrant(core.RoleNCP, "GE"), apptest.GlobalGrant(core.RoleTrainer))
		c := e.SignIn(t, acc.Email)
		_, doc := c.GetDoc(t, "/account", http.StatusOK)
		uitest.CheckPage(t, doc)
		roles := uitest.Text(t, doc, "main dl.details")
		for _, want := range []string{"National contact point", "Georgia (GE)", "Trainer", "all countries", acc.Name} {
			if !strings.Contains(roles, want) {
				t.Errorf("profile lacks %q: %q", want, roles)
			}
		}
		for _, sel := range []string{`form[action="/account/password"]`, `form[action="/account/tokens"]`, "#field-current_password", "#field-token_name", "#field-expires", "#field-read_only"} {
			uitest.Find(t, doc, sel)
		}
		exp := uitest.Attr(t, doc, "#field-expires", "value")
		want := time.Now().UTC().AddDate(0, 0, 90).Format("2006-01-02")
		if exp != want {
			t.Errorf("default expiry %q, want %q (+90 days)", exp, want)
		}
		if doc.Find("[tabindex]").FilterFunction(func(_ int, s *goquery.Selection) bool {
			v, _ := s.Attr("tabindex")
			return v != "-1" && v != "0"
		}).Length() > 0 {
			t.Error("positive tabindex on the page")
		}
	})
}

func TestTokensUI(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		acc := e.AccountFor(t, core.RoleTrainer)
		c := e.SignIn(t, acc.Email)
		exp := time.Now().UTC().AddDate(0, 0, 30).Format("2006-01-02")

		// Bad input: a field error each, nothing created.
		for _, tc := range []struct {
			name  string
			form  url.Values
			field string
		}{
			{"empty name", url.Values{"token_name": {""}, "expires": {exp}}, "token_name"},
			{"markup", url.Values{"token_name": {"<b>x</b>"}, "expires": {exp}}, "token_name"},
			{"too long", url.Values{"token_name": {strings.Repeat("n", 101)}, "expires": {exp}}, "token_name"},
			{"no date", url.Values{"token_name": {"ci"}, "expires": {""}}, "expires"},
			{"bad date", url.Values{"token_name": {"ci"}, "expires": {"31/12/2026"}}, "expires"},
			{"past", url.Values{"token_name": {"ci"}, "expires": {"2020-01-01"}}, "expires"},
			{"too far", url.Values{"token_name": {"ci"}, "expires": {time.Now().AddDate(2, 0, 0).Format("2006-01-02")}}, "expires"},
			{"no password", url.Values{"token_name": {"ci"}, "expires": {exp}}, "token_password"},
			{"wrong password", url.Values{"token_name": {"ci"}, "expires": {exp}, "token_password": {"not my password"}}, "token_password"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				res := c.Post(t, "/account/tokens", tc.form)
				apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
				doc := res.Doc(t)
				apptest.WantFieldError(t, doc, tc.field)
				uitest.CheckPage(t, doc)
				if doc.Find("#new-token").Length() != 0 {
					t.Error("a token is shown")
				}
			})
		}
		if n := tokenCount(t, e, acc); n != 0 {
			t.Fatalf("%d tokens after bad input", n)
		}

		// A read-only token, shown once.
		res := c.Post(t, "/account/tokens", url.Values{"token_name": {"Monthly export"}, "expires": {exp}, "read_only": {"true"}, "token_password": {apptest.Password}})
		apptest.WantStatus(t, res, http.StatusCreated)
		doc := res.Doc(t)
		uitest.CheckPage(t, doc)
		field := uitest.Find(t, doc, "#new-token")
		if _, ok := field.Attr("readonly"); !ok {
			t.Error("token field not read-only")
		}
		token, _ := field.Attr("value")
		if !strings.HasPrefix(token, "tk_") {
			t.Fatalf("token %q", token)
		}
		uitest.Find(t, doc, "#new-token-warning")
		if !strings.Contains(uitest.Text(t, doc, "#tokens-title ~ .table-scroll tbody"), "Monthly export") {
			t.Error("new token not listed")
		}
		_, doc = c.GetDoc(t, "/account", http.StatusOK)
		if doc.Find("#new-token").Length() != 0 || strings.Contains(doc.Text(), token) {
			t.Error("the token is shown again")
		}

		// It works, read-only.
		apptest.WantStatus(t, e.DoJSON(t, http.MethodGet, "/api/v1/me", token, nil), http.StatusOK)
		res = e.DoJSON(t, http.MethodPost, "/api/v1/me/tokens", token, map[string]any{"name": "x", "expires_at": time.Now().Add(time.Hour)})
		if p := res.Problem(t); res.StatusCode != http.StatusForbidden || p.Code != "forbidden" {
			t.Errorf("read-only token created a token: %d %+v", res.StatusCode, p)
		}

		// Revoke through the page.
		form := uitest.Find(t, doc, `form[action^="/account/tokens/"][action$="/revoke"]`)
		if _, ok := form.Attr("data-confirm"); !ok {
			t.Error("revoke without data-confirm")
		}
		action, _ := form.Attr("action")
		apptest.WantRedirect(t, c.Post(t, action, nil), "/account?done=token_revoked")
		apptest.WantStatus(t, e.DoJSON(t, http.MethodGet, "/api/v1/me", token, nil), http.StatusUnauthorized)
		if n := tokenCount(t, e, acc); n != 0 {
			t.Errorf("%d tokens after revoking", n)
		}
		apptest.WantStatus(t, c.Post(t, "/account/tokens/nonsense/revoke", nil), http.StatusNotFound)
	})
}

func TestPasswordChange(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		acc := e.AccountFor(t, core.RoleParticipant)
		c, other := e.SignIn(t, acc.Email), e.SignIn(t, acc.Email)
		const newPassword = "a brand new passphrase"
		for _, tc := range []struct {
			name   string
			form   url.Values
			status int
			field  string
		}{
			{"no current", url.Values{"password": {newPassword}, "password_confirm": {newPassword}}, 422, "current_password"},
			{"mismatch", url.Values{"current_password": {apptest.Password}, "password": {newPassword}, "password_confirm": {"something else entirely"}}, 422, "password_confirm"},
			{"wrong current", url.Values{"current_password": {"not my password!"}, "password": {newPassword}, "password_confirm": {newPassword}}, 422, "current_password"},
			{"weak", url.Values{"current_password": {apptest.Password}, "password": {"short"}, "password_confirm": {"short"}}, 422, "password"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				res := c.Post(t, "/account/password", tc.form)
				apptest.WantStatus(t, res, tc.status)
				doc := res.Doc(t)
				apptest.WantFieldError(t, doc, tc.field)
				uitest.CheckPage(t, doc)
			})
		}
		// Nothing changed: the other session lives, the old password works.
		apptest.WantStatus(t, other.Get(t, "/account"), http.StatusOK)
		ss, err := e.Auth.Sessions(apptest.SysCtx(), acc.ID)
		if err != nil || len(ss) != 2 {
			t.Fatalf("sessions after refused changes: %d (%v), want 2 (the password checks left none behind)", len(ss), err)
		}

		res := c.Post(t, "/account/password", url.Values{"current_password": {apptest.Password}, "password": {newPassword}, "password_confirm": {newPassword}})
		apptest.WantRedirect(t, res, "/account?done=password")
		apptest.WantStatus(t, c.Get(t, "/account"), http.StatusOK)
		apptest.WantRedirect(t, other.Get(t, "/account"), "/login")
		apptest.WantStatus(t, e.NewClient().Login(t, acc.Email, apptest.Password, ""), http.StatusUnauthorized)
		apptest.WantRedirect(t, e.NewClient().Login(t, acc.Email, newPassword, ""), "/")
	})
}

func TestCrossOriginPostRefused(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		acc := e.AccountFor(t, core.RoleTrainer)
		c := e.SignIn(t, acc.Email)
		before := e.AuditActions(t)
		c.Site = "cross-site"
		exp := time.Now().UTC().AddDate(0, 0, 30).Format("2006-01-02")
		for _, tc := range []struct {
			path string
			form url.Values
		}{
			{"/account/tokens", url.Values{"token_name": {"evil"}, "expires": {exp}}},
			{"/account/password", url.Values{"current_password": {apptest.Password}, "password": {"attacker chosen pw"}, "password_confirm": {"attacker chosen pw"}}},
			{"/logout", nil},
			{"/login", url.Values{"email": {acc.Email}, "password": {apptest.Password}}},
		} {
			res := c.Post(t, tc.path, tc.form)
			apptest.WantStatus(t, res, http.StatusForbidden)
		}
		c.Site = "same-origin"
		apptest.WantStatus(t, c.Get(t, "/account"), http.StatusOK)
		if n := tokenCount(t, e, acc); n != 0 {
			t.Errorf("a cross-site POST created %d tokens", n)
		}
		if after := e.AuditActions(t); len(after) != len(before) {
			t.Errorf("cross-site POSTs were audited as changes: %v", after[len(before):])
		}
		// A cross-site API call with a bearer token is not a browser's: it passes.
		tok := e.APIToken(t, acc.Email)
		req := e.DoJSON(t, http.MethodGet, "/api/v1/me", tok, nil)
		apptest.WantStatus(t, req, http.StatusOK)
	})
}
