package auth

import (
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"github.com/topcop-platform/topcop/internal/api"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/ui"
)

// recoveryData is .Page.Data of account/recovery.html.
type recoveryData struct {
	Status RecoveryStatus
	// Next is where "Continue" leads after the codes are saved.
	Next string
	// Codes are a set just made, shown this once; Text is the same as the
	// downloadable text file, and Download that file as a data: URL.
	Codes    []string
	Text     string
	Download template.URL
}

// recoveryPath is the recovery codes page, going on to next afterwards.
func recoveryPath(next string) string {
	return withNext("/account/recovery-codes", next)
}

func (s *pages) renderRecovery(w http.ResponseWriter, r *http.Request, status int, d recoveryData, fe *ui.FormErrors) {
	l := localizer(r)
	st, err := s.svc.RecoveryCodes(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d.Status = st
	s.render.Render(w, r, status, "account/recovery.html", ui.Page{
		Title: l.T("auth.recovery.title"), Section: "account", Data: d, Errors: fe,
		Breadcrumbs: []ui.Crumb{{Label: l.T("auth.account.title"), URL: "/account"}, {Label: l.T("auth.recovery.title")}},
	})
}

// recoveryPage shows how many recovery codes the actor's account has left
// (Service.RecoveryCodes) and the form that makes a new set: right after
// enrolment a single button, later with the password or an authenticator
// code to confirm.
func (s *pages) recoveryPage(w http.ResponseWriter, r *http.Request) {
	s.renderRecovery(w, r, http.StatusOK, recoveryData{Next: ui.SafeNext(r.URL.Query().Get("next"))}, nil)
}

// recoveryCreate makes a new set of recovery codes (Service.NewRecoveryCodes)
// and shows them this once (201), with a text file to download. A wrong
// password or code re-renders the form with the error (422; 429 when the
// sign-in throttle refuses); without a second factor, or when a set was
// made meanwhile, it goes back to the page, which says what to do.
func (s *pages) recoveryCreate(w http.ResponseWriter, r *http.Request) {
	if err := ui.ParseForm(w, r); err != nil {
		s.fail(w, r, err)
		return
	}
	ctx := r.Context()
	l := localizer(r)
	d := recoveryData{Next: ui.SafeNext(r.PostForm.Get("next"))}
	codes, err := s.svc.NewRecoveryCodes(ctx, RecoveryInput{Password: r.PostForm.Get("password"), TOTP: r.PostForm.Get("totp")})
	switch {
	case ui.HasFields(err):
		fe := formErrors(l, err, map[string]string{"password": "password", "totp": "totp"})
		if hasFieldCode(err, "password", "required") {
			fe = &ui.FormErrors{}
			fe.Add("password", l.T("auth.recovery.confirm_required"))
		}
		if hasFieldCode(err, "password", "invalid") {
			fe.Add("password", l.T("auth.tokens.password_wrong"))
		}
		if hasFieldCode(err, "totp", "invalid") {
			fe.Add("totp", l.T("auth.totp.wrong_code"))
		}
		s.renderRecovery(w, r, api.StatusOf(err), d, fe)
		return
	case core.IsCode(err, core.RateLimited):
		s.renderRecovery(w, r, http.StatusTooManyRequests, d, throttledForm(w, l, err))
		return
	case core.IsCode(err, core.Conflict):
		ui.SeeOther(w, r, recoveryPath(d.Next))
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	a := core.ActorFrom(ctx)
	d.Codes = codes
	d.Text = l.T("auth.recovery.file_title", "Email", a.Email) + "\n" + l.T("auth.recovery.file_hint") + "\n\n" +
		strings.Join(codes, "\n") + "\n"
	d.Download = template.URL("data:text/plain;charset=utf-8," + url.PathEscape(d.Text))
	s.renderRecovery(w, r, http.StatusCreated, d, nil)
}
