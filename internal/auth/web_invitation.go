package auth

import (
	"net/http"
	"net/url"

	"github.com/topcop-platform/topcop/internal/api"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/i18n"
	"github.com/topcop-platform/topcop/internal/ui"
)

// invitationData is .Page.Data of invitation/accept.html.
type invitationData struct {
	Invitation
	// Action is the form's target: the page's own path, token included.
	Action string
	// Lang is the language chosen in the form (first: the invitation's).
	Lang  string
	Langs []ui.Option
}

// invitationGoneData is .Page.Data of invitation/gone.html: why the link
// does not work (the catalogue keys of a heading and a text).
type invitationGoneData struct {
	Title, Text string
	Login       bool // offer the sign-in page (an account exists already)
}

// invitationPath is the page of a token; the token is URL-safe base64.
func invitationPath(token string) string { return "/invitation/" + url.PathEscape(token) }

// privateLink keeps the token of the page's address out of the Referer
// of anything the page loads or links to.
func privateLink(w http.ResponseWriter) { w.Header().Set("Referrer-Policy", "no-referrer") }

func (s *pages) renderInvitation(w http.ResponseWriter, r *http.Request, status int, token string, inv Invitation, lang string, fe *ui.FormErrors) {
	l := localizer(r)
	d := invitationData{Invitation: inv, Action: invitationPath(token), Lang: lang}
	for _, lg := range i18n.Languages {
		d.Langs = append(d.Langs, ui.Option{Value: lg.Code, Label: lg.Native})
	}
	privateLink(w)
	s.render.Render(w, r, status, "invitation/accept.html", ui.Page{
		Title: l.T("auth.invitation.title"), Section: "login", Data: d, Errors: fe,
	})
}

// invitationGone answers a link that does not (or no longer) work with a
// page saying why and what to do: 404 for an unknown link, 410 Gone for
// one used, replaced or expired, 409 when an account exists already. Other
// errors go to the error page.
func (s *pages) invitationGone(w http.ResponseWriter, r *http.Request, err error) {
	var d invitationGoneData
	status := http.StatusGone
	switch p := InvitationProblem(err); {
	case core.IsCode(err, core.NotFound):
		status, d = http.StatusNotFound, invitationGoneData{Title: "auth.invitation.unknown_title", Text: "auth.invitation.unknown_text"}
	case p == InvitationUsed:
		d = invitationGoneData{Title: "auth.invitation.used_title", Text: "auth.invitation.used_text", Login: true}
	case p == InvitationReplaced:
		d = invitationGoneData{Title: "auth.invitation.replaced_title", Text: "auth.invitation.replaced_text"}
	case p == InvitationExpired:
		d = invitationGoneData{Title: "auth.invitation.expired_title", Text: "auth.invitation.expired_text"}
	case core.IsCode(err, core.Conflict):
		status, d = http.StatusConflict, invitationGoneData{Title: "auth.invitation.taken_title", Text: "auth.invitation.taken_text", Login: true}
	default:
		s.fail(w, r, err)
		return
	}
	privateLink(w)
	s.render.Render(w, r, status, "invitation/gone.html", ui.Page{
		Title: localizer(r).T(d.Title), Section: "login", Data: d,
	})
}

// signedIn answers a link opened in a signed-in browser (409) with a page
// asking to sign out first, and reports whether it did: an invitation is
// someone's own, and a browser left signed in is not where it is
// accepted. Nothing about the invitation is read.
func (s *pages) signedIn(w http.ResponseWriter, r *http.Request) bool {
	a := core.ActorFrom(r.Context())
	if !a.Authenticated() && !a.MFAPending {
		return false
	}
	privateLink(w)
	d := invitationGoneData{Title: "auth.invitation.signed_in_title", Text: "auth.invitation.signed_in_text"}
	s.render.Render(w, r, http.StatusConflict, "invitation/gone.html", ui.Page{
		Title: localizer(r).T(d.Title), Section: "login", Data: d,
	})
	return true
}

// invitationPage shows the invitation of the link (Service.Invitation):
// who it is for, what account it makes, and the form that sets the
// password and language. A link that does not work gets a page saying
// why (invitationGone).
func (s *pages) invitationPage(w http.ResponseWriter, r *http.Request) {
	if s.signedIn(w, r) {
		return
	}
	token := r.PathValue("token")
	inv, err := s.svc.Invitation(r.Context(), token)
	if err != nil {
		s.invitationGone(w, r, err)
		return
	}
	s.renderInvitation(w, r, http.StatusOK, token, inv, inv.Lang, nil)
}

// invitationAccept creates the account of the invitation
// (Service.Redeem) and sends the browser to sign in with its e-mail.
// Passwords that differ or fail the policy re-render the form with field
// errors (422) and create nothing; a link that stopped working meanwhile,
// or an e-mail taken meanwhile, gets the page saying so.
func (s *pages) invitationAccept(w http.ResponseWriter, r *http.Request) {
	if s.signedIn(w, r) {
		return
	}
	if err := ui.ParseForm(w, r); err != nil {
		s.fail(w, r, err)
		return
	}
	ctx := r.Context()
	l := localizer(r)
	token := r.PathValue("token")
	password, confirm, lang := r.PostForm.Get("password"), r.PostForm.Get("password_confirm"), r.PostForm.Get("lang")
	again := func(status int, fe *ui.FormErrors) {
		inv, err := s.svc.Invitation(ctx, token)
		if err != nil {
			s.invitationGone(w, r, err)
			return
		}
		s.renderInvitation(w, r, status, token, inv, lang, fe)
	}
	fe := &ui.FormErrors{}
	switch {
	case password == "":
		fe.Add("password", l.T("validation.required"))
	case password != confirm:
		fe.Add("password_confirm", l.T("auth.password.mismatch"))
	}
	if fe.Any() {
		again(http.StatusUnprocessableEntity, fe)
		return
	}
	acc, err := s.svc.Redeem(ctx, token, password, lang)
	switch {
	case err == nil:
	case InvitationProblem(err) != "" || core.IsCode(err, core.NotFound) || core.IsCode(err, core.Conflict):
		s.invitationGone(w, r, err)
		return
	case ui.HasFields(err):
		again(api.StatusOf(err), formErrors(l, err, map[string]string{"password": "password", "lang": "lang"}))
		return
	default:
		s.fail(w, r, err)
		return
	}
	ui.SeeOther(w, r, "/login?email="+url.QueryEscape(acc.Email)+"&done=invited")
}
