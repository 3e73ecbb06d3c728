package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/topcop-platform/topcop/internal/app/apptest"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/ui/uitest"
)

func TestLoginSuccess(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		acc := e.AccountFor(t, core.RoleParticipant)
		c := e.NewClient()

		_, doc := c.GetDoc(t, "/login?next=/account", http.StatusOK)
		uitest.CheckPage(t, doc)
		if got := uitest.Attr(t, doc, `form[action="/login"] input[name="next"]`, "value"); got != "/account" {
			t.Errorf("next = %q, want /account", got)
		}
		if got := uitest.Attr(t, doc, "#field-password", "autocomplete"); got != "current-password" {
			t.Errorf("password autocomplete = %q", got)
		}

		res := c.Login(t, strings.ToUpper(acc.Email), apptest.Password, "/account")
		apptest.WantRedirect(t, res, "/account")
		var session *http.Cookie
		for _, ck := range res.Cookies() {
			if ck.Name == "topcop_session" {
				session = ck
			}
		}
		if session == nil || !session.HttpOnly || session.SameSite != http.SameSiteLaxMode || session.Path != "/" {
			t.Fatalf("session cookie = %+v, want HttpOnly, SameSite=Lax, Path=/", session)
		}
		_, doc = c.GetDoc(t, "/account", http.StatusOK)
		if got := uitest.Text(t, doc, "main dl.details"); !strings.Contains(got, acc.Email) {
			t.Errorf("account page does not show %s: %q", acc.Email, got)
		}
		// Signed in, the sign-in page moves on.
		apptest.WantRedirect(t, c.Get(t, "/login?next=/account"), "/account")
	})
}

func TestLoginNextIsLocalOnly(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		acc := e.AccountFor(t, core.RoleTrainer)
		for _, next := range []string{"https://evil.example/", "//evil.example/x", `/\evil.example`, "javascript:alert(1)"} {
			res := e.NewClient().Login(t, acc.Email, apptest.Password, next)
			apptest.WantStatus(t, res, http.StatusSeeOther)
			if loc := res.Location(); loc != "/" {
				t.Errorf("next %q: redirect to %q, want /", next, loc)
			}
		}
	})
}

func TestLoginFailure(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		acc := e.AccountFor(t, core.RoleParticipant)
		c := e.NewClient()

		wrong := c.Login(t, acc.Email, "not the password at all", "")
		apptest.WantStatus(t, wrong, http.StatusUnauthorized)
		unknown := c.Login(t, "nobody@example.org", "not the password at all", "")
		apptest.WantStatus(t, unknown, http.StatusUnauthorized)
		d1, d2 := wrong.Doc(t), unknown.Doc(t)
		uitest.CheckPage(t, d1)
		msg1, msg2 := uitest.Text(t, d1, ".error-summary"), uitest.Text(t, d2, ".error-summary")
		if msg1 != msg2 {
			t.Errorf("wrong password and unknown e-mail answer differently: %q vs %q", msg1, msg2)
		}
		if got := uitest.Attr(t, d1, "#field-email", "value"); got != acc.Email {
			t.Errorf("e-mail not kept: %q", got)
		}
		if got, _ := d1.Find("#field-password").Attr("value"); got != "" {
			t.Errorf("password echoed back: %q", got)
		}
		if c.Cookie("topcop_session") != "" {
			t.Error("a failed sign-in set a session cookie")
		}

		empty := c.Login(t, "", "", "")
		apptest.WantStatus(t, empty, http.StatusUnprocessableEntity)
		doc := empty.Doc(t)
		apptest.WantFieldError(t, doc, "email")
		apptest.WantFieldError(t, doc, "password")
		uitest.CheckPage(t, doc)
	})
}

func TestLoginRateLimit(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		acc := e.AccountFor(t, core.RoleParticipant)
		c := e.NewClient()
		for i := 1; i <= 5; i++ {
			apptest.WantStatus(t, c.Login(t, acc.Email, "wrong password number", ""), http.StatusUnauthorized)
		}
		res := c.Login(t, acc.Email, "wrong password number", "")
		apptest.WantStatus(t, res, http.StatusTooManyRequests)
		doc := res.Doc(t)
		uitest.CheckPage(t, doc)
		if uitest.Text(t, doc, ".error-summary") == "" {
			t.Error("429 page without a message")
		}
		// Even the right password is refused while the limit holds…
		apptest.WantStatus(t, c.Login(t, acc.Email, apptest.Password, ""), http.StatusTooManyRequests)
		// …and works again once the window has passed.
		e.Clock.Advance(16 * time.Minute)
		apptest.WantStatus(t, c.Login(t, acc.Email, apptest.Password, ""), http.StatusSeeOther)
	})
}

func TestNCPMustEnrolBeforeData(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		acc := e.AccountFor(t, core.RoleNCP)
		c := e.NewClient()
		res := c.Login(t, acc.Email, apptest.Password, "/account")
		apptest.WantRedirect(t, res, "/account/totp?next=%2Faccount")

		// Pending: every page leads to the second factor, the API refuses.
		apptest.WantRedirect(t, c.Get(t, "/account"), "/login/totp")
		apptest.WantRedirect(t, c.Get(t, "/admin/users"), "/login/totp")
		_, doc := c.GetDoc(t, "/login/totp", http.StatusOK)
		uitest.Find(t, doc, `a[href^="/account/totp"]`) // the way to enrol
		p := c.Get(t, "/api/v1/me").Problem(t)
		if p.Status != http.StatusForbidden || p.Code != "totp_required" {
			t.Fatalf("/api/v1/me while pending: %+v", p)
		}

		// The enrolment page: QR code (same secret, as a data: URI), the
		// secret in groups of four, a code field for phones.
		_, doc = c.GetDoc(t, "/account/totp?next=/account", http.StatusOK)
		uitest.CheckPage(t, doc)
		img := uitest.Find(t, doc, "img.totp-qr")
		if src, _ := img.Attr("src"); !strings.HasPrefix(src, "data:image/png;base64,") {
			t.Errorf("QR src = %.40q…", src)
		}
		if alt, _ := img.Attr("alt"); alt == "" {
			t.Error("QR code without alt text")
		}
		secret := uitest.Text(t, doc, "#totp-secret")
		for _, g := range strings.Fields(secret) {
			if len(g) > 4 {
				t.Errorf("secret %q not in groups of 4", secret)
			}
		}
		code := uitest.Find(t, doc, "#field-code")
		if v, _ := code.Attr("autocomplete"); v != "one-time-code" {
			t.Errorf("code autocomplete = %q", v)
		}
		if v, _ := code.Attr("inputmode"); v != "numeric" {
			t.Errorf("code inputmode = %q", v)
		}

		// A wrong code: a field error, still pending.
		res = c.Post(t, "/account/totp/confirm", url.Values{"code": {"000000"}, "next": {"/account"}})
		apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
		doc = res.Doc(t)
		apptest.WantFieldError(t, doc, "code")
		uitest.CheckPage(t, doc)
		apptest.WantRedirect(t, c.Get(t, "/account"), "/login/totp")

		// The right code completes the session.
		plain := strings.ReplaceAll(secret, " ", "")
		res = c.Post(t, "/account/totp/confirm", url.Values{"code": {e.CodeFor(t, plain)}, "next": {"/account"}})
		apptest.WantRedirect(t, res, "/account/recovery-codes?next=%2Faccount") // then on to /account
		_, doc = c.GetDoc(t, "/account", http.StatusOK)
		uitest.Find(t, doc, ".badge-green") // second factor on
		apptest.WantStatus(t, c.Get(t, "/api/v1/me"), http.StatusOK)

		// Enrolled, the enrolment page says so instead of starting over.
		_, doc = c.GetDoc(t, "/account/totp", http.StatusOK)
		if doc.Find("#totp-secret").Length() != 0 {
			t.Error("enrolment page shows a new secret to an enrolled account")
		}
	})
}

func TestTOTPLogin(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		acc := e.AccountFor(t, core.RoleCoordinator)
		secret := e.EnrolTOTP(t, acc)
		c := e.NewClient()
		apptest.WantRedirect(t, c.Login(t, acc.Email, apptest.Password, "/account"), "/login/totp?next=%2Faccount")
		_, doc := c.GetDoc(t, "/login/totp?next=/account", http.StatusOK)
		uitest.CheckPage(t, doc)
		if v := uitest.Attr(t, doc, "#field-code", "autocomplete"); v != "one-time-code" {
			t.Errorf("autocomplete = %q", v)
		}

		res := c.Post(t, "/login/totp", url.Values{"code": {"12345"}, "next": {"/account"}})
		apptest.WantStatus(t, res, http.StatusUnauthorized)
		apptest.WantFieldError(t, res.Doc(t), "code")
		apptest.WantRedirect(t, c.Get(t, "/account"), "/login/totp")

		code := e.CodeFor(t, secret)
		apptest.WantRedirect(t, c.Post(t, "/login/totp", url.Values{"code": {code}, "next": {"/account"}}), "/account")
		apptest.WantStatus(t, c.Get(t, "/account"), http.StatusOK)

		// The same code cannot sign in a second browser.
		c2 := e.NewClient()
		apptest.WantRedirect(t, c2.Login(t, acc.Email, apptest.Password, ""), "/login/totp")
		apptest.WantStatus(t, c2.Post(t, "/login/totp", url.Values{"code": {code}}), http.StatusUnauthorized)

		// No session: the code step sends the browser to sign in.
		apptest.WantRedirect(t, e.NewClient().Get(t, "/login/totp"), "/login")
		apptest.WantRedirect(t, e.NewClient().Post(t, "/login/totp", url.Values{"code": {code}}), "/login")
	})
}

func TestLogout(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		acc := e.AccountFor(t, core.RoleTrainer)
		c := e.SignIn(t, acc.Email)
		old := c.Cookie("topcop_session")
		res := c.Post(t, "/logout", nil)
		apptest.WantRedirect(t, res, "/login")
		if c.Cookie("topcop_session") != "" {
			t.Error("cookie not cleared")
		}
		// The old cookie no longer works.
		c2 := e.NewClient()
		c2.SetCookie("topcop_session", old)
		apptest.WantRedirect(t, c2.Get(t, "/account"), "/login?next=%2Faccount")
		// Signing out twice is harmless.
		apptest.WantRedirect(t, c2.Post(t, "/logout", nil), "/login")
	})
}

func TestSessionRevokeEndsOtherSession(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		acc := e.AccountFor(t, core.RoleMentor)
		a, b := e.SignIn(t, acc.Email), e.SignIn(t, acc.Email)
		_, doc := a.GetDoc(t, "/account", http.StatusOK)
		uitest.CheckPage(t, doc)
		rows := doc.Find("#sessions-title ~ .table-scroll tbody tr")
		if rows.Length() != 2 {
			t.Fatalf("%d session rows, want 2", rows.Length())
		}
		if n := doc.Find(`#sessions-title ~ .table-scroll tbody tr[aria-current="true"]`).Length(); n != 1 {
			t.Fatalf("%d rows marked as this session, want 1", n)
		}
		form := doc.Find(`form[action^="/account/sessions/"]`)
		if form.Length() != 1 {
			t.Fatalf("%d revoke forms, want 1 (not for the current session)", form.Length())
		}
		if _, ok := form.Attr("data-confirm"); !ok {
			t.Error("revoke form without data-confirm")
		}
		action, _ := form.Attr("action")
		apptest.WantRedirect(t, a.Post(t, action, nil), "/account?done=session_revoked")
		apptest.WantRedirect(t, b.Get(t, "/account"), "/login")
		_, doc = a.GetDoc(t, "/account?done=session_revoked", http.StatusOK)
		if uitest.Text(t, doc, ".flash") == "" {
			t.Error("no confirmation after revoking")
		}

		// Someone else's session, or garbage: refused, nothing changes.
		other := e.SignIn(t, e.AccountFor(t, core.RoleTrainer).Email)
		apptest.WantStatus(t, other.Post(t, action, nil), http.StatusNotFound) // like an unknown id
		apptest.WantStatus(t, a.Post(t, "/account/sessions/not-an-id/revoke", nil), http.StatusNotFound)
		apptest.WantStatus(t, a.Get(t, "/account"), http.StatusOK)
	})
}

func TestForgedAndExpiredCredentials(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		acc := e.AccountFor(t, core.RoleParticipant)
		// A well-formed but unknown session token, and garbage.
		for _, v := range []string{"ts_" + strings.Repeat("A", 43), "garbage", "ts_x"} {
			c := e.NewClient()
			c.SetCookie("topcop_session", v)
			res := c.Get(t, "/account")
			apptest.WantRedirect(t, res, "/login?next=%2Faccount")
			cleared := false
			for _, ck := range res.Cookies() {
				cleared = cleared || (ck.Name == "topcop_session" && ck.MaxAge < 0)
			}
			if !cleared {
				t.Errorf("cookie %q not cleared", v)
			}
		}
		// Forged and malformed bearer tokens.
		for _, tok := range []string{"tk_" + strings.Repeat("A", 43), "ts_" + strings.Repeat("A", 43), "nonsense"} {
			res := e.DoJSON(t, http.MethodGet, "/api/v1/me", tok, nil)
			p := res.Problem(t)
			if res.StatusCode != http.StatusUnauthorized || p.Type != "/problems/unauthenticated" {
				t.Errorf("token %q: %d %+v", tok, res.StatusCode, p)
			}
			if res.Header.Get("WWW-Authenticate") == "" {
				t.Errorf("token %q: 401 without WWW-Authenticate", tok)
			}
		}
		// Expiry: sessions after 12 idle hours, login tokens after 12 hours.
		c := e.SignIn(t, acc.Email)
		tok := e.APIToken(t, acc.Email)
		apptest.WantStatus(t, e.DoJSON(t, http.MethodGet, "/api/v1/me", tok, nil), http.StatusOK)
		e.Clock.Advance(13 * time.Hour)
		apptest.WantRedirect(t, c.Get(t, "/account"), "/login")
		apptest.WantStatus(t, e.DoJSON(t, http.MethodGet, "/api/v1/me", tok, nil), http.StatusUnauthorized)
	})
}
