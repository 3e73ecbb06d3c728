package auth

import (
	"context"
	"encoding/base64"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/topcop-platform/topcop/internal/api"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/i18n"
	"github.com/topcop-platform/topcop/internal/ui"
)

// defaultTokenDays is the expiry the token form proposes.
const defaultTokenDays = 90

// grantView is a grant in words: "National contact point" in "Georgia".
type grantView struct {
	Role  string
	Scope string
	// Value encodes the grant for the admin edit form's checkboxes
	// (role|scope_kind|scope_id|country); parseGrant reads it back.
	Value   string
	Checked bool
}

// grantViews puts grants into words. Country and agency names come from
// the directory when it answers; otherwise codes and ids are shown.
func (s *pages) grantViews(ctx context.Context, l *i18n.Localizer, gs []core.Grant) []grantView {
	var names map[string]string
	out := make([]grantView, 0, len(gs))
	for _, g := range gs {
		v := grantView{Role: roleLabel(l, g.Role), Value: encodeGrant(g), Checked: true}
		switch g.ScopeKind {
		case core.ScopeGlobal:
			v.Scope = l.T("auth.scope.global")
		case core.ScopeCountry:
			if names == nil {
				names = s.countryNames(ctx)
			}
			v.Scope = l.T("auth.scope.country", "Country", countryLabel(names, g.Country))
		case core.ScopeAgency:
			name := g.ScopeID
			if s.dir != nil {
				if n, err := s.dir.AgencyName(ctx, g.ScopeID); err == nil {
					name = n
				}
			}
			v.Scope = l.T("auth.scope.agency", "Agency", name)
		case core.ScopeActivity:
			v.Scope = l.T("auth.scope.activity", "ID", g.ScopeID)
		case core.ScopeNetwork:
			v.Scope = l.T("auth.scope.network", "ID", g.ScopeID)
		default:
			v.Scope = g.ScopeKind
		}
		out = append(out, v)
	}
	return out
}

// countryNames maps country codes to their English names, or is empty if
// the directory cannot answer (the codes are shown then).
func (s *pages) countryNames(ctx context.Context) map[string]string {
	out := map[string]string{}
	if s.dir == nil {
		return out
	}
	cs, err := s.dir.CountryNames(ctx)
	if err != nil {
		return out
	}
	for _, c := range cs {
		out[c.Code] = c.Name
	}
	return out
}

func countryLabel(names map[string]string, code string) string {
	if n, ok := names[code]; ok {
		return n + " (" + code + ")"
	}
	return code
}

func encodeGrant(g core.Grant) string {
	return strings.Join([]string{string(g.Role), g.ScopeKind, g.ScopeID, g.Country}, "|")
}

// parseGrant reads encodeGrant's form; anything else becomes a grant the
// service rejects field by field, never a panic.
func parseGrant(s string) core.Grant {
	p := strings.SplitN(s, "|", 4)
	for len(p) < 4 {
		p = append(p, "")
	}
	return core.Grant{Role: core.Role(p[0]), ScopeKind: p[1], ScopeID: p[2], Country: p[3]}
}

// tokenForm is the state of the new-token form. The password and code
// are never sent back.
type tokenForm struct {
	Name     string
	Expires  string
	ReadOnly bool
}

// accountData is .Page.Data of account/account.html.
type accountData struct {
	Account  Account
	Grants   []grantView
	Sessions []Session
	Tokens   []APIToken
	Token    tokenForm
	// NewToken is a token just created, shown this once.
	NewToken     string
	NewTokenName string
	// MinExpiry and MaxExpiry bound the expiry date input.
	MinExpiry, MaxExpiry string
	// Recovery is the state of the account's recovery codes.
	Recovery RecoveryStatus
}

// renderAccount loads the actor's account, sessions and tokens and renders
// the account page around d's form state.
func (s *pages) renderAccount(w http.ResponseWriter, r *http.Request, status int, d accountData, fe *ui.FormErrors) {
	ctx := r.Context()
	l := localizer(r)
	id := core.ActorFrom(ctx).AccountID
	acc, err := s.svc.Account(ctx, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sessions, err := s.svc.Sessions(ctx, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	tokens, err := s.svc.Tokens(ctx, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if d.Recovery, err = s.svc.RecoveryCodes(ctx); err != nil {
		s.fail(w, r, err)
		return
	}
	today := time.Now().UTC().Truncate(24 * time.Hour)
	d.Account, d.Sessions, d.Tokens = acc, sessions, tokens
	d.Grants = s.grantViews(ctx, l, acc.Grants)
	// A token works through its expiry day (until 00:00 UTC after it), and
	// auth allows at most a year.
	d.MinExpiry = today.Format(ui.DateLayout)
	d.MaxExpiry = today.AddDate(0, 0, 364).Format(ui.DateLayout)
	if d.Token.Expires == "" {
		d.Token.Expires = today.AddDate(0, 0, defaultTokenDays).Format(ui.DateLayout)
	}
	s.render.Render(w, r, status, "account/account.html", ui.Page{
		Title: l.T("auth.account.title"), Section: "account", Data: d, Errors: fe, Flash: flashes.Message(r),
	})
}

// accountPage shows the signed-in account: who it is, its roles, its
// second factor, the password form, its sessions and its API tokens.
func (s *pages) accountPage(w http.ResponseWriter, r *http.Request) {
	s.renderAccount(w, r, http.StatusOK, accountData{}, nil)
}

// accountPassword changes the actor's own password. The current password
// is checked first, by signing in with it: auth has no other way to check
// a password, and this way the check is throttled like any sign-in. The
// session that check opens is revoked by SetPassword (which ends all the
// account's other sessions and all its API tokens, keeping only this
// browser session) or, if the new password is refused, at once.
func (s *pages) accountPassword(w http.ResponseWriter, r *http.Request) {
	if err := ui.ParseForm(w, r); err != nil {
		s.fail(w, r, err)
		return
	}
	ctx := r.Context()
	l := localizer(r)
	a := core.ActorFrom(ctx)
	if !a.Authenticated() || a.AccountID == "" {
		s.fail(w, r, core.Errorf(core.Unauthenticated, "sign in first"))
		return
	}
	current, password, confirm := r.PostForm.Get("current_password"), r.PostForm.Get("password"), r.PostForm.Get("password_confirm")
	fe := &ui.FormErrors{}
	if current == "" {
		fe.Add("current_password", l.T("validation.required"))
	}
	if password == "" {
		fe.Add("password", l.T("validation.required"))
	} else if password != confirm {
		fe.Add("password_confirm", l.T("auth.password.mismatch"))
	}
	if fe.Any() {
		s.renderAccount(w, r, http.StatusUnprocessableEntity, accountData{}, fe)
		return
	}
	check, err := s.svc.Login(ctx, a.Email, current, a.IP, a.UserAgent)
	switch {
	case core.IsCode(err, core.Unauthenticated):
		fe.Add("current_password", l.T("auth.password.wrong_current"))
		s.renderAccount(w, r, http.StatusUnprocessableEntity, accountData{}, fe)
		return
	case core.IsCode(err, core.RateLimited):
		s.renderAccount(w, r, http.StatusTooManyRequests, accountData{}, throttledForm(w, l, err))
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	if err := s.svc.SetPassword(ctx, a.AccountID, password); err != nil {
		if lerr := s.svc.Logout(ctx, check.Token); lerr != nil {
			s.logger.Error("end password-check session", "err", lerr)
		}
		if ui.HasFields(err) {
			s.renderAccount(w, r, api.StatusOf(err), accountData{}, formErrors(l, err, map[string]string{"password": "password"}))
			return
		}
		s.fail(w, r, err)
		return
	}
	ui.SeeOther(w, r, "/account?done=password")
}

// sessionRevoke ends one of the actor's sessions (Service.RevokeSession).
func (s *pages) sessionRevoke(w http.ResponseWriter, r *http.Request) {
	if err := s.svc.RevokeSession(r.Context(), r.PathValue("id")); err != nil {
		s.fail(w, r, err)
		return
	}
	ui.SeeOther(w, r, "/account?done=session_revoked")
}

// tokenCreate issues an API token for the actor (Service.CreateToken)
// and shows it this once on the account page (201). The expiry date is a
// calendar day: the token works through that day, until 00:00 UTC after it.
// Every date the form offers lies more than a day ahead, so the form asks
// for the password (and the authenticator code, when enabled) too.
func (s *pages) tokenCreate(w http.ResponseWriter, r *http.Request) {
	if err := ui.ParseForm(w, r); err != nil {
		s.fail(w, r, err)
		return
	}
	l := localizer(r)
	d := accountData{Token: tokenForm{
		Name:     strings.TrimSpace(r.PostForm.Get("token_name")),
		Expires:  strings.TrimSpace(r.PostForm.Get("expires")),
		ReadOnly: r.PostForm.Get("read_only") == "true",
	}}
	expires, ok := ui.ParseDate(d.Token.Expires)
	if !ok {
		fe := &ui.FormErrors{}
		if d.Token.Name == "" {
			fe.Add("token_name", l.T("validation.required"))
		}
		if d.Token.Expires == "" {
			fe.Add("expires", l.T("validation.required"))
		} else {
			fe.Add("expires", l.T("auth.tokens.expires_invalid"))
		}
		s.renderAccount(w, r, http.StatusUnprocessableEntity, d, fe)
		return
	}
	token, t, err := s.svc.CreateToken(r.Context(), TokenInput{
		Name: d.Token.Name, ExpiresAt: expires.AddDate(0, 0, 1), ReadOnly: d.Token.ReadOnly,
		Password: r.PostForm.Get("token_password"), TOTP: r.PostForm.Get("token_totp"),
	})
	switch {
	case ui.HasFields(err):
		fe := formErrors(l, err, map[string]string{"name": "token_name", "expires": "expires", "password": "token_password", "totp": "token_totp"})
		if fe.Get("expires") != "" {
			fe.Add("expires", l.T("auth.tokens.expires_invalid"))
		}
		if hasFieldCode(err, "password", "invalid") {
			fe.Add("token_password", l.T("auth.tokens.password_wrong"))
		}
		if hasFieldCode(err, "totp", "invalid") {
			fe.Add("token_totp", l.T("auth.totp.wrong_code"))
		}
		s.renderAccount(w, r, api.StatusOf(err), d, fe)
		return
	case core.IsCode(err, core.RateLimited):
		s.renderAccount(w, r, http.StatusTooManyRequests, d, throttledForm(w, l, err))
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	s.renderAccount(w, r, http.StatusCreated, accountData{NewToken: token, NewTokenName: t.Name}, nil)
}

// hasFieldCode reports whether err has a field error code on field.
func hasFieldCode(err error, field, code string) bool {
	for _, f := range core.AsError(err).Fields {
		if f.Field == field && f.Code == code {
			return true
		}
	}
	return false
}

// throttledForm is the form error of a request the sign-in throttle
// refused: how long to wait, in words and as Retry-After.
func throttledForm(w http.ResponseWriter, l *i18n.Localizer, err error) *ui.FormErrors {
	secs := int(RetryAfter(err).Seconds())
	if secs <= 0 {
		return &ui.FormErrors{Summary: l.T("auth.login.rate_limited")}
	}
	w.Header().Set("Retry-After", strconv.Itoa(secs))
	return &ui.FormErrors{Summary: l.N("auth.login.retry_after", secs)}
}

// tokenRevoke revokes one of the actor's API tokens (Service.RevokeToken).
func (s *pages) tokenRevoke(w http.ResponseWriter, r *http.Request) {
	if err := s.svc.RevokeToken(r.Context(), r.PathValue("id")); err != nil {
		s.fail(w, r, err)
		return
	}
	ui.SeeOther(w, r, "/account?done=token_revoked")
}

// totpData is .Page.Data of account/totp.html.
type totpData struct {
	// Enabled: the account already has a second factor; nothing to do.
	Enabled bool
	// Retry: a wrong code was entered; the same secret is shown again.
	Retry bool
	// QR is the otpauth URI as a PNG data: URI (CSP allows img-src data:).
	QR template.URL
	// URI is the otpauth:// link, for authenticator apps on this device.
	URI template.URL
	// Secret is the base32 secret in groups of four, for manual entry.
	Secret string
	Next   string
}

func (s *pages) renderTOTP(w http.ResponseWriter, r *http.Request, status int, d totpData, fe *ui.FormErrors) {
	s.render.Render(w, r, status, "account/totp.html", ui.Page{
		Title: localizer(r).T("auth.totp.title"), Section: "account", Data: d, Errors: fe,
	})
}

// totpEnrolPage shows the enrolment in progress (Service.ResumeTOTP):
// the pending secret as a QR code and as text, the same at every visit
// until enrolment completes or the user asks for a new secret
// (totpNew). The QR code is embedded as a data: URI, so the page needs no
// second request. An account whose second factor is already enabled is
// told so (or, if its session has still to pass it, sent to the code
// step).
func (s *pages) totpEnrolPage(w http.ResponseWriter, r *http.Request) {
	next := ui.SafeNext(r.URL.Query().Get("next"))
	s.showEnrolment(w, r, http.StatusOK, totpData{Next: next}, nil)
}

// showEnrolment renders the enrolment page with the pending secret
// (Service.ResumeTOTP) around d and fe.
func (s *pages) showEnrolment(w http.ResponseWriter, r *http.Request, status int, d totpData, fe *ui.FormErrors) {
	ctx := r.Context()
	e, err := s.svc.ResumeTOTP(ctx)
	switch {
	case core.IsCode(err, core.Conflict):
		if core.ActorFrom(ctx).MFAPending {
			ui.SeeOther(w, r, withNext("/login/totp", d.Next))
			return
		}
		s.renderTOTP(w, r, http.StatusOK, totpData{Enabled: true, Next: d.Next}, nil)
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	d.QR = template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(e.PNG))
	d.URI = template.URL(e.URI)
	d.Secret = groupsOf4(e.Secret)
	s.renderTOTP(w, r, status, d, fe)
}

// totpNew replaces the pending secret with a new one (Service.BeginTOTP),
// when the user asks to start over, and shows it on the enrolment page.
func (s *pages) totpNew(w http.ResponseWriter, r *http.Request) {
	if err := ui.ParseForm(w, r); err != nil {
		s.fail(w, r, err)
		return
	}
	next := ui.SafeNext(r.PostForm.Get("next"))
	if _, err := s.svc.BeginTOTP(r.Context()); err != nil && !core.IsCode(err, core.Conflict) {
		s.fail(w, r, err)
		return
	}
	// Conflict (already enabled): the enrolment page says so.
	ui.SeeOther(w, r, withNext("/account/totp", next))
}

// groupsOf4 spaces a secret as "ABCD EFGH …" for reading and typing.
func groupsOf4(s string) string {
	var b strings.Builder
	for i, c := range s {
		if i > 0 && i%4 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// totpConfirm completes enrolment with the first code from the app
// (Service.ConfirmTOTP) and goes on to the recovery codes page, which
// offers the first set of codes and then leads on to next. A wrong code
// re-renders the page, with the same secret, and a field error (422); an
// enrolment that is gone or already complete goes back to the enrolment
// page, which says which.
func (s *pages) totpConfirm(w http.ResponseWriter, r *http.Request) {
	if err := ui.ParseForm(w, r); err != nil {
		s.fail(w, r, err)
		return
	}
	l := localizer(r)
	next := ui.SafeNext(r.PostForm.Get("next"))
	err := s.svc.ConfirmTOTP(r.Context(), r.PostForm.Get("code"))
	switch {
	case err == nil:
		ui.SeeOther(w, r, recoveryPath(next))
	case ui.HasFields(err):
		fe := &ui.FormErrors{}
		fe.Add("code", l.T("auth.totp.wrong_code"))
		s.showEnrolment(w, r, http.StatusUnprocessableEntity, totpData{Retry: true, Next: next}, fe)
	case core.IsCode(err, core.Conflict):
		ui.SeeOther(w, r, withNext("/account/totp", next))
	default:
		s.fail(w, r, err)
	}
}
