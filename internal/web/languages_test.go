package web_test

import (
	"net/url"
	"testing"
	"time"

	"github.com/topcop-platform/topcop/internal/app/apptest"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/i18n"
	"github.com/topcop-platform/topcop/internal/ui/uitest"
)

// TestPagesInEveryLanguage renders every page of this package, in its
// usual states, in all seven languages: each must be in that language
// (<html lang>, a localised heading), ask no catalogue for a missing key,
// and pass the accessibility and CSP lint.
func TestPagesInEveryLanguage(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		adminAcc := e.AccountFor(t, core.RoleAdmin)
		admin := e.SignIn(t, adminAcc.Email)
		user := e.AccountFor(t, core.RoleParticipant)
		pendingCode := e.AccountFor(t, core.RoleCoordinator) // enrolled: asked for a code
		e.EnrolTOTP(t, pendingCode)
		codeStep := e.NewClient()
		apptest.WantRedirect(t, codeStep.Login(t, pendingCode.Email, apptest.Password, ""), "/login/totp")
		enrol := e.NewClient() // must enrol
		apptest.WantRedirect(t, enrol.Login(t, e.AccountFor(t, core.RoleNCP).Email, apptest.Password, ""), "/account/totp")
		anon := e.NewClient()
		// A token that ends with today needs no password (a longer one
		// does, and its single-use code could not serve every language).
		// Today is the platform clock's, set again for each language: the
		// clock moves on between languages and may pass midnight.
		exp := url.Values{"token_name": {"t"}}

		type page struct {
			name   string
			c      *apptest.Client
			method string
			path   string
			form   url.Values
			status int
			h1     string // English text of the first heading, which must change
		}
		pages := []page{
			{"login", anon, "GET", "/login", nil, 200, "Sign in"},
			{"login failed", anon, "POST", "/login", url.Values{"email": {user.Email}, "password": {"wrong password!!"}}, 401, "Sign in"},
			{"login empty", anon, "POST", "/login", url.Values{}, 422, "Sign in"},
			{"code step", codeStep, "GET", "/login/totp", nil, 200, "Enter your authenticator code"},
			{"code wrong", codeStep, "POST", "/login/totp", url.Values{"code": {"1"}}, 401, "Enter your authenticator code"},
			{"enrol", enrol, "GET", "/account/totp", nil, 200, "Set up two-factor authentication"},
			{"enrol wrong code", enrol, "POST", "/account/totp/confirm", url.Values{"code": {"000000"}}, 422, "Set up two-factor authentication"},
			{"account", admin, "GET", "/account?done=password", nil, 200, "Your account"},
			{"account bad token", admin, "POST", "/account/tokens", url.Values{"token_name": {"<x>"}, "expires": {"soon"}}, 422, "Your account"},
			{"account new token", admin, "POST", "/account/tokens", exp, 201, "Your account"},
			{"account bad password", admin, "POST", "/account/password", url.Values{"password": {"a"}, "password_confirm": {"b"}}, 422, "Your account"},
			{"totp enabled", admin, "GET", "/account/totp", nil, 200, "Set up two-factor authentication"},
			{"users", admin, "GET", "/admin/users", nil, 200, "Users"},
			{"users bad role", admin, "GET", "/admin/users?role=x", nil, 422, "Users"},
			{"users bad cursor", admin, "GET", "/admin/users?cursor=garbage", nil, 422, "Users"},
			{"new user", admin, "GET", "/admin/users/new", nil, 200, "New user"},
			{"new user invalid", admin, "POST", "/admin/users", url.Values{"email": {"x"}, "role": {"ncp"}, "scope": {"global"}}, 422, "New user"},
			{"user", admin, "GET", "/admin/users/" + user.ID + "?done=saved", nil, 200, ""},
			{"self", admin, "GET", "/admin/users/" + adminAcc.ID, nil, 200, ""},
			{"user invalid", admin, "POST", "/admin/users/" + user.ID, url.Values{"email": {user.Email}, "name": {""}, "grant": {"x|y||"}, "role": {"zz"}}, 422, ""},
			{"audit", admin, "GET", "/admin/audit?verify=1", nil, 200, "Audit log"},
			{"audit bad filter", admin, "GET", "/admin/audit?from=x", nil, 422, "Audit log"},
			{"audit bad cursor", admin, "GET", "/admin/audit?cursor=garbage", nil, 422, "Audit log"},
			{"forbidden", e.SignIn(t, user.Email), "GET", "/admin/users", nil, 403, "Access denied"},
		}
		for _, lang := range i18n.Languages {
			t.Run(lang.Code, func(t *testing.T) {
				// Each language repeats the failed sign-ins: start a fresh
				// throttling window so that they stay 401, not 429.
				e.Clock.Advance(16 * time.Minute)
				exp.Set("expires", e.Clock.Now().UTC().Format("2006-01-02"))
				for _, p := range pages {
					p.c.Lang = lang.Code
					var res *apptest.Response
					if p.method == "GET" {
						res = p.c.Get(t, p.path)
					} else {
						res = p.c.Post(t, p.path, p.form)
					}
					p.c.Lang = ""
					if res.StatusCode != p.status {
						t.Errorf("%s: status %d, want %d (Location %q)", p.name, res.StatusCode, p.status, res.Location())
						continue
					}
					doc := res.Doc(t)
					if got, _ := doc.Find("html").Attr("lang"); got != lang.Code {
						t.Errorf("%s: <html lang=%q>, want %q", p.name, got, lang.Code)
					}
					if h1 := uitest.Text(t, doc, "h1"); p.h1 != "" && (lang.Code == "en") != (h1 == p.h1) {
						t.Errorf("%s: heading %q in %s", p.name, h1, lang.Code)
					}
					for _, problem := range uitest.PageProblems(doc) {
						t.Errorf("%s (%s): %s", p.name, lang.Code, problem)
					}
				}
			})
		}
		uitest.CheckNoMissingMessages(t, e.Bundle)
	})
}
