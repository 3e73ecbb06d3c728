package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/topcop-platform/topcop/internal/auth"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/i18n"
	"github.com/topcop-platform/topcop/internal/ui"
)

// loginData is .Page.Data of account/login.html and account/login_totp.html.
type loginData struct {
	Email string
	Next  string
	// CanEnrol: the account's roles require a second factor, so a pending
	// session may be one that has yet to enrol rather than to verify;
	// the code page then also offers the way to set one up.
	CanEnrol bool
}

// loginFlashes are the confirmations the sign-in page shows (?done=):
// "invited" after an invitation link created the account.
var loginFlashes = ui.Flashes{"invited": "auth.login.flash.invited"}

func (s *Server) renderLogin(w http.ResponseWriter, r *http.Request, status int, d loginData, fe *ui.FormErrors) {
	s.render.Render(w, r, status, "account/login.html", ui.Page{
		Title: localizer(r).T("auth.login.title"), Section: "login", Data: d, Errors: fe, Flash: loginFlashes.Message(r),
	})
}

// loginPage shows the sign-in form, the e-mail filled in from ?email=
// (an invitation link sends its new account here). Someone already signed
// in goes straight on to next.
func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	next := ui.SafeNext(r.URL.Query().Get("next"))
	if core.ActorFrom(r.Context()).Authenticated() {
		ui.SeeOther(w, r, next)
		return
	}
	email := strings.TrimSpace(r.URL.Query().Get("email"))
	if len(email) > auth.MaxEmailLen {
		email = ""
	}
	s.renderLogin(w, r, http.StatusOK, loginData{Next: next, Email: email}, nil)
}

// loginSubmit checks the e-mail and password (auth.Service.Login), sets
// the session cookie and sends the browser on: to the code step, to TOTP
// enrolment, or to next. A wrong e-mail or password gets one generic
// message (401) that reveals neither; throttling gets 429 saying how many
// seconds to wait (and Retry-After).
func (s *Server) loginSubmit(w http.ResponseWriter, r *http.Request) {
	if err := ui.ParseForm(w, r); err != nil {
		s.fail(w, r, err)
		return
	}
	l := localizer(r)
	d := loginData{Email: strings.TrimSpace(r.PostForm.Get("email")), Next: ui.SafeNext(r.PostForm.Get("next"))}
	password := r.PostForm.Get("password")
	fe := &ui.FormErrors{}
	if d.Email == "" {
		fe.Add("email", l.T("validation.required"))
	}
	if password == "" {
		fe.Add("password", l.T("validation.required"))
	}
	if fe.Any() {
		s.renderLogin(w, r, http.StatusUnprocessableEntity, d, fe)
		return
	}
	a := core.ActorFrom(r.Context())
	login, err := s.deps.Auth.Login(r.Context(), d.Email, password, a.IP, a.UserAgent)
	switch {
	case core.IsCode(err, core.Unauthenticated):
		s.renderLogin(w, r, http.StatusUnauthorized, d, &ui.FormErrors{Summary: l.T("auth.login.failed")})
		return
	case core.IsCode(err, core.RateLimited):
		s.renderLogin(w, r, http.StatusTooManyRequests, d, &ui.FormErrors{Summary: throttled(w, l, err)})
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	s.sessions.set(w, login.Token)
	switch {
	case login.NeedTOTP:
		ui.SeeOther(w, r, withNext("/login/totp", d.Next))
	case login.NeedEnrolment:
		ui.SeeOther(w, r, withNext("/account/totp", d.Next))
	default:
		ui.SeeOther(w, r, d.Next)
	}
}

// throttled is the message of a sign-in the throttle refused, saying how
// long to wait; it sets Retry-After to the same number of seconds.
func throttled(w http.ResponseWriter, l *i18n.Localizer, err error) string {
	secs := int(auth.RetryAfter(err).Seconds())
	if secs <= 0 {
		return l.T("auth.login.rate_limited")
	}
	w.Header().Set("Retry-After", strconv.Itoa(secs))
	return l.N("auth.login.retry_after", secs)
}

func (s *Server) renderLoginTOTP(w http.ResponseWriter, r *http.Request, status int, d loginData, fe *ui.FormErrors) {
	s.render.Render(w, r, status, "account/login_totp.html", ui.Page{
		Title: localizer(r).T("auth.login_totp.title"), Section: "login", Data: d, Errors: fe,
	})
}

// loginTOTPPage asks a signed-in session whose second factor is pending
// for its authenticator code. Without a session it sends the browser to
// sign in; a complete session goes on to next.
func (s *Server) loginTOTPPage(w http.ResponseWriter, r *http.Request) {
	a := core.ActorFrom(r.Context())
	next := ui.SafeNext(r.URL.Query().Get("next"))
	switch {
	case a.AccountID == "":
		ui.SeeOther(w, r, withNext("/login", next))
		return
	case !a.MFAPending:
		ui.SeeOther(w, r, next)
		return
	}
	s.renderLoginTOTP(w, r, http.StatusOK, loginData{Next: next, CanEnrol: a.NeedsTOTP()}, nil)
}

// loginTOTPSubmit checks the code (auth.Service.VerifyLoginTOTP) and
// completes the session. A wrong or reused code re-renders the form with
// a field error (401); throttling gets 429; an account without a second
// factor goes to enrolment; a dead session goes back to sign in.
func (s *Server) loginTOTPSubmit(w http.ResponseWriter, r *http.Request) {
	if err := ui.ParseForm(w, r); err != nil {
		s.fail(w, r, err)
		return
	}
	l := localizer(r)
	a := core.ActorFrom(r.Context())
	d := loginData{Next: ui.SafeNext(r.PostForm.Get("next")), CanEnrol: a.NeedsTOTP()}
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		ui.SeeOther(w, r, withNext("/login", d.Next))
		return
	}
	err = s.deps.Auth.VerifyLoginTOTP(r.Context(), c.Value, r.PostForm.Get("code"))
	switch {
	case err == nil:
		ui.SeeOther(w, r, d.Next)
	case core.IsCode(err, core.Unauthenticated) && len(core.AsError(err).Fields) > 0:
		fe := &ui.FormErrors{}
		fe.Add("code", l.T("auth.totp.wrong_code"))
		s.renderLoginTOTP(w, r, http.StatusUnauthorized, d, fe)
	case core.IsCode(err, core.Unauthenticated):
		s.sessions.clear(w)
		ui.SeeOther(w, r, withNext("/login", d.Next))
	case core.IsCode(err, core.RateLimited):
		s.renderLoginTOTP(w, r, http.StatusTooManyRequests, d, &ui.FormErrors{Summary: throttled(w, l, err)})
	case core.IsCode(err, core.Conflict):
		ui.SeeOther(w, r, withNext("/account/totp", d.Next))
	default:
		s.fail(w, r, err)
	}
}

// logout ends the session of the cookie (auth.Service.Logout), clears
// the cookie and sends the browser to the sign-in page. The cookie is
// cleared even if ending the session fails, so a shared computer is
// signed out either way.
func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	s.sessions.clear(w)
	if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
		if err := s.deps.Auth.Logout(r.Context(), c.Value); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	ui.SeeOther(w, r, "/login")
}
