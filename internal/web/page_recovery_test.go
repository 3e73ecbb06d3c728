package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/topcop-platform/topcop/internal/app/apptest"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/ui/uitest"
)

var recoveryCode = regexp.MustCompile(`^[2-9a-hjkmnp-z]{4}-[2-9a-hjkmnp-z]{4}$`)

// secretOn returns the TOTP secret the enrolment page shows.
func secretOn(t *testing.T, c *apptest.Client, path string) string {
	t.Helper()
	_, doc := c.GetDoc(t, path, http.StatusOK)
	return strings.ReplaceAll(uitest.Text(t, doc, "#totp-secret"), " ", "")
}

// codesOn returns the recovery codes a page shows.
func codesOn(t *testing.T, doc *goquery.Document) []string {
	t.Helper()
	var codes []string
	doc.Find("#recovery-codes li code").Each(func(_ int, s *goquery.Selection) { codes = append(codes, s.Text()) })
	return codes
}

// TestEnrolmentKeepsItsSecret: the enrolment page shows the same secret
// at every visit, and after a wrong code, until the user asks for a new
// one; the old one then no longer confirms.
func TestEnrolmentKeepsItsSecret(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		acc := e.AccountFor(t, core.RoleNCP)
		c := e.NewClient()
		apptest.WantRedirect(t, c.Login(t, acc.Email, apptest.Password, "/account"), "/account/totp")
		first := secretOn(t, c, "/account/totp?next=/account")
		if again := secretOn(t, c, "/account/totp?next=/account"); again != first {
			t.Fatalf("second visit shows %q, first showed %q", again, first)
		}
		res := c.Post(t, "/account/totp/confirm", url.Values{"code": {"000000"}, "next": {"/account"}})
		apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
		doc := res.Doc(t)
		apptest.WantFieldError(t, doc, "code")
		if got := strings.ReplaceAll(uitest.Text(t, doc, "#totp-secret"), " ", ""); got != first {
			t.Fatalf("after a wrong code the page shows %q, want the same %q", got, first)
		}

		// Asking for a new key: a new secret, kept in turn.
		_, doc = c.GetDoc(t, "/account/totp", http.StatusOK)
		uitest.CheckPage(t, doc)
		form := uitest.Find(t, doc, `form[action="/account/totp/new"]`)
		if _, ok := form.Attr("data-confirm"); !ok {
			t.Error("the new-key form asks no confirmation")
		}
		apptest.WantRedirect(t, c.Post(t, "/account/totp/new", url.Values{"next": {"/account"}}), "/account/totp?next=%2Faccount")
		fresh := secretOn(t, c, "/account/totp")
		if fresh == first {
			t.Fatal("a new key was asked for, the old one is shown")
		}
		if again := secretOn(t, c, "/account/totp"); again != fresh {
			t.Fatalf("the new key is not kept: %q then %q", fresh, again)
		}
		apptest.WantStatus(t, c.Post(t, "/account/totp/confirm", url.Values{"code": {e.CodeFor(t, first)}}), http.StatusUnprocessableEntity)
		// Still enrolling: nothing else is reachable.
		apptest.WantRedirect(t, c.Get(t, "/account/recovery-codes"), "/login/totp")
		apptest.WantRedirect(t, c.Post(t, "/account/recovery-codes", nil), "/login/totp")
		apptest.WantRedirect(t, c.Post(t, "/account/totp/confirm", url.Values{"code": {e.CodeFor(t, fresh)}, "next": {"/account"}}),
			"/account/recovery-codes?next=%2Faccount")
	})
}

// TestRecoveryCodesOnTheWeb: enrolment leads to the first set of codes
// (one button, no password), shown once with a text file to download; the
// account page counts them; one signs in instead of the authenticator
// code, once; a new set needs the password or a code.
func TestRecoveryCodesOnTheWeb(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		acc := e.AccountFor(t, core.RoleCoordinator)
		c := e.NewClient()
		apptest.WantRedirect(t, c.Login(t, acc.Email, apptest.Password, "/account"), "/account/totp")
		secret := secretOn(t, c, "/account/totp?next=/account")
		res := c.Post(t, "/account/totp/confirm", url.Values{"code": {e.CodeFor(t, secret)}, "next": {"/account"}})
		apptest.WantRedirect(t, res, "/account/recovery-codes?next=%2Faccount")
		e.SetSecret(acc.Email, secret)

		_, doc := c.GetDoc(t, res.Location(), http.StatusOK)
		uitest.CheckPage(t, doc)
		form := uitest.Find(t, doc, `form[action="/account/recovery-codes"]`)
		if form.Find(`input[type="password"]`).Length() != 0 {
			t.Error("the first set right after enrolment asks for the password")
		}
		res = c.Post(t, "/account/recovery-codes", url.Values{"next": {"/account"}})
		apptest.WantStatus(t, res, http.StatusCreated)
		doc = res.Doc(t)
		uitest.CheckPage(t, doc)
		codes := codesOn(t, doc)
		if len(codes) != 10 {
			t.Fatalf("%d codes shown, want 10", len(codes))
		}
		for _, code := range codes {
			if !recoveryCode.MatchString(code) {
				t.Errorf("code %q has not the shape xxxx-xxxx", code)
			}
		}
		dl := uitest.Find(t, doc, "#recovery-download")
		href, _ := dl.Attr("href")
		if name, _ := dl.Attr("download"); !strings.HasSuffix(name, ".txt") || !strings.HasPrefix(href, "data:text/plain") {
			t.Errorf("download link %q (%q)", href, name)
		}
		if text, err := url.PathUnescape(strings.TrimPrefix(href, "data:text/plain;charset=utf-8,")); err != nil || !strings.Contains(text, codes[9]) {
			t.Errorf("the text file lacks the codes: %q %v", text, err)
		}
		if !strings.Contains(uitest.Text(t, doc, "#recovery-text"), codes[0]) {
			t.Error("no copyable text of the codes")
		}
		if next, _ := doc.Find(`main a[href="/account"]`).Attr("href"); next != "/account" {
			t.Error("no way on to next")
		}
		// The page never shows them again.
		res = c.Get(t, "/account/recovery-codes")
		if strings.Contains(res.Body, codes[0]) {
			t.Fatal("the recovery page shows a code again")
		}
		_, doc = c.GetDoc(t, "/account", http.StatusOK)
		if got := uitest.Text(t, doc, "#recovery-summary"); !strings.Contains(got, "10 of 10") {
			t.Errorf("account page: %q, want 10 of 10 codes left", got)
		}

		// Sign in with a recovery code instead of the authenticator code.
		b := e.NewClient()
		apptest.WantRedirect(t, b.Login(t, acc.Email, apptest.Password, "/account"), "/login/totp")
		apptest.WantRedirect(t, b.Post(t, "/login/totp", url.Values{"code": {strings.ToUpper(codes[4])}, "next": {"/account"}}), "/account")
		apptest.WantStatus(t, b.Get(t, "/account"), http.StatusOK)
		// Once only.
		b2 := e.NewClient()
		apptest.WantRedirect(t, b2.Login(t, acc.Email, apptest.Password, ""), "/login/totp")
		res = b2.Post(t, "/login/totp", url.Values{"code": {codes[4]}})
		apptest.WantStatus(t, res, http.StatusUnauthorized)
		apptest.WantFieldError(t, res.Doc(t), "code")
		_, doc = c.GetDoc(t, "/account/recovery-codes", http.StatusOK)
		if got := uitest.Text(t, doc, "#recovery-remaining"); !strings.Contains(got, "9 of 10") {
			t.Errorf("remaining %q, want 9 of 10", got)
		}
		if !slicesContain(e.AuditActions(t), "auth.recovery_code.use") {
			t.Error("no auth.recovery_code.use in the audit log")
		}

		// A new set needs confirmation now.
		uitest.Find(t, doc, `form[action="/account/recovery-codes"] #field-password`)
		res = c.Post(t, "/account/recovery-codes", url.Values{})
		apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
		apptest.WantFieldError(t, res.Doc(t), "password")
		res = c.Post(t, "/account/recovery-codes", url.Values{"password": {"a wrong password here"}})
		apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
		apptest.WantFieldError(t, res.Doc(t), "password")
		res = c.Post(t, "/account/recovery-codes", url.Values{"totp": {e.CodeFor(t, secret)}})
		apptest.WantStatus(t, res, http.StatusCreated)
		fresh := codesOn(t, res.Doc(t))
		if len(fresh) != 10 || fresh[0] == codes[0] {
			t.Fatalf("new set %v", fresh)
		}
		b3 := e.NewClient()
		apptest.WantRedirect(t, b3.Login(t, acc.Email, apptest.Password, ""), "/login/totp")
		apptest.WantStatus(t, b3.Post(t, "/login/totp", url.Values{"code": {codes[5]}}), http.StatusUnauthorized)
		apptest.WantRedirect(t, b3.Post(t, "/login/totp", url.Values{"code": {fresh[5]}}), "/")

		// An account without a second factor is told to set one up.
		other := e.SignIn(t, e.AccountFor(t, core.RoleTrainer).Email)
		_, doc = other.GetDoc(t, "/account/recovery-codes", http.StatusOK)
		uitest.Find(t, doc, `main a[href="/account/totp"]`)
		apptest.WantRedirect(t, other.Post(t, "/account/recovery-codes", nil), "/account/recovery-codes")
	})
}

func slicesContain(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// TestAdminResetsSecondFactorAndPassword: on the user page an admin resets
// a user's second factor and sets a new password, each with a reason;
// both end every session and token of the user; the page confirms; the
// user enrols again; an admin cannot do either to itself.
func TestAdminResetsSecondFactorAndPassword(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		adminAcc := e.AccountFor(t, core.RoleAdmin)
		admin := e.SignIn(t, adminAcc.Email)
		target := e.AccountFor(t, core.RoleAnalyst)
		victim := e.SignIn(t, target.Email)
		token := e.APIToken(t, target.Email)
		apptest.WantStatus(t, e.DoJSON(t, http.MethodGet, "/api/v1/me", token, nil), http.StatusOK)
		page := "/admin/users/" + target.ID

		_, doc := admin.GetDoc(t, page, http.StatusOK)
		uitest.CheckPage(t, doc)
		for _, sel := range []string{`form[action$="/totp-reset"]`, `form[action$="/password"]`} {
			if _, ok := uitest.Find(t, doc, sel).Attr("data-confirm"); !ok {
				t.Errorf("%s asks no confirmation", sel)
			}
		}

		// The second factor: a reason is required.
		res := admin.Post(t, page+"/totp-reset", url.Values{"totp_reason": {"  "}})
		apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
		doc = res.Doc(t)
		uitest.CheckPage(t, doc)
		apptest.WantFieldError(t, doc, "totp_reason")
		apptest.WantStatus(t, victim.Get(t, "/account"), http.StatusOK)

		res = admin.Post(t, page+"/totp-reset", url.Values{"totp_reason": {"Phone stolen; identity confirmed by a call"}})
		apptest.WantRedirect(t, res, page+"?done=totp_reset")
		_, doc = admin.GetDoc(t, res.Location(), http.StatusOK)
		if flash := uitest.Text(t, doc, "main"); !strings.Contains(flash, "sessions and API tokens have been ended") {
			t.Errorf("no confirmation of the reset on the page")
		}
		apptest.WantRedirect(t, victim.Get(t, "/account"), "/login?") // signed out, not merely sent to the code step
		apptest.WantStatus(t, e.DoJSON(t, http.MethodGet, "/api/v1/me", token, nil), http.StatusUnauthorized)
		apptest.WantRedirect(t, e.NewClient().Login(t, target.Email, apptest.Password, ""), "/account/totp")
		var reason string
		if err := e.DB.QueryRow(apptest.SysCtx(), `SELECT reason FROM audit_log WHERE action = 'auth.totp.reset' AND entity_id = ?`, target.ID).Scan(&reason); err != nil ||
			reason != "Phone stolen; identity confirmed by a call" {
			t.Errorf("audited reason %q (%v)", reason, err)
		}

		// The password: typed twice, policy, reason.
		victim = e.SignIn(t, target.Email) // enrols again
		for _, tc := range []struct {
			name  string
			form  url.Values
			field string
		}{
			{"mismatch", url.Values{"new_password": {"a brand new password"}, "new_password_confirm": {"a brand new passw0rd"}, "password_reason": {"forgot"}}, "new_password_confirm"},
			{"weak", url.Values{"new_password": {"short"}, "new_password_confirm": {"short"}, "password_reason": {"forgot"}}, "new_password"},
			{"no reason", url.Values{"new_password": {"a brand new password"}, "new_password_confirm": {"a brand new password"}}, "password_reason"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				res := admin.Post(t, page+"/password", tc.form)
				apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
				doc := res.Doc(t)
				uitest.CheckPage(t, doc)
				apptest.WantFieldError(t, doc, tc.field)
			})
		}
		apptest.WantStatus(t, victim.Get(t, "/account"), http.StatusOK)
		res = admin.Post(t, page+"/password", url.Values{"new_password": {"a brand new password"}, "new_password_confirm": {"a brand new password"},
			"password_reason": {"Forgot it; called back on the office number"}})
		apptest.WantRedirect(t, res, page+"?done=password_reset")
		apptest.WantRedirect(t, victim.Get(t, "/account"), "/login?")
		apptest.WantStatus(t, e.NewClient().Login(t, target.Email, apptest.Password, ""), http.StatusUnauthorized)
		apptest.WantStatus(t, e.NewClient().Login(t, target.Email, "a brand new password", ""), http.StatusSeeOther)

		// Not on oneself: no forms, and the service refuses.
		_, doc = admin.GetDoc(t, "/admin/users/"+adminAcc.ID, http.StatusOK)
		if doc.Find(`form[action$="/totp-reset"], form[action$="/password"]`).Length() != 0 {
			t.Error("the admin's own page offers to reset its second factor or password")
		}
		apptest.WantStatus(t, admin.Post(t, "/admin/users/"+adminAcc.ID+"/totp-reset", url.Values{"totp_reason": {"x"}}), http.StatusForbidden)
		apptest.WantStatus(t, admin.Post(t, "/admin/users/"+adminAcc.ID+"/password",
			url.Values{"new_password": {"a brand new password"}, "new_password_confirm": {"a brand new password"}, "password_reason": {"x"}}), http.StatusForbidden)
		apptest.WantStatus(t, admin.Post(t, "/admin/users/"+core.NewID()+"/totp-reset", url.Values{"totp_reason": {"x"}}), http.StatusNotFound)
	})
}

// TestResetsThroughTheAPI: the same resets as operations, admins only.
func TestResetsThroughTheAPI(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		admin := e.APIToken(t, e.AccountFor(t, core.RoleAdmin).Email)
		target := e.AccountFor(t, core.RoleNCP)
		tok := e.APIToken(t, target.Email)
		coordinator := e.APIToken(t, e.AccountFor(t, core.RoleCoordinator).Email)
		for _, p := range []string{"/totp-reset", "/password"} {
			res := e.DoJSON(t, http.MethodPost, "/api/v1/accounts/"+target.ID+p, coordinator, map[string]string{"reason": "x", "password": "a brand new password"})
			apptest.WantStatus(t, res, http.StatusForbidden)
		}
		res := e.DoJSON(t, http.MethodPost, "/api/v1/accounts/"+target.ID+"/totp-reset", admin, map[string]string{"reason": ""})
		apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
		apptest.WantStatus(t, e.DoJSON(t, http.MethodPost, "/api/v1/accounts/"+target.ID+"/totp-reset", admin, map[string]string{"reason": "lost phone"}), http.StatusNoContent)
		apptest.WantStatus(t, e.DoJSON(t, http.MethodGet, "/api/v1/me", tok, nil), http.StatusUnauthorized)
		res = e.DoJSON(t, http.MethodPost, "/api/v1/accounts/"+target.ID+"/password", admin, map[string]string{"password": "weak", "reason": "forgot"})
		if p := res.Problem(t); res.StatusCode != http.StatusUnprocessableEntity || !p.HasFieldError("password", "weak") {
			t.Fatalf("weak password: %d %+v", res.StatusCode, p)
		}
		apptest.WantStatus(t, e.DoJSON(t, http.MethodPost, "/api/v1/accounts/"+target.ID+"/password", admin,
			map[string]string{"password": "a brand new password", "reason": "forgot"}), http.StatusNoContent)

		// Recovery codes through the API: the state, then a set confirmed
		// by the password.
		e.SetPassword(target.Email, "a brand new password")
		e.SetSecret(target.Email, "")
		tok = e.APIToken(t, target.Email) // enrols again through the service
		res = e.DoJSON(t, http.MethodGet, "/api/v1/me/recovery-codes", tok, nil)
		apptest.WantStatus(t, res, http.StatusOK)
		var st struct {
			TOTPEnabled bool `json:"totp_enabled"`
			Remaining   int  `json:"remaining"`
		}
		res.JSON(t, &st)
		if !st.TOTPEnabled || st.Remaining != 0 {
			t.Fatalf("state %+v", st)
		}
		res = e.DoJSON(t, http.MethodPost, "/api/v1/me/recovery-codes", tok, map[string]string{"password": "a brand new password"})
		apptest.WantStatus(t, res, http.StatusCreated)
		var out struct {
			Codes []string `json:"codes"`
		}
		res.JSON(t, &out)
		if len(out.Codes) != 10 || !recoveryCode.MatchString(out.Codes[0]) {
			t.Fatalf("codes %v", out.Codes)
		}
	})
}
