package auth

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/topcop-platform/topcop/internal/api"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/i18n"
	"github.com/topcop-platform/topcop/internal/ui"
)

// userRow is one account in the list, put into words.
type userRow struct {
	Account
	Roles string
}

// usersData is .Page.Data of admin/users.html.
type usersData struct {
	Query           string
	Role            string
	IncludeDisabled bool
	Roles           []ui.Option
	List            core.List[userRow]
}

// usersPage lists accounts (Service.ListAccounts, admins only) with a
// search, a role filter and cursor paging (?limit=, default 50, and
// ?cursor=). A bad filter, limit or cursor re-renders the filters with the
// error (422).
func (s *pages) usersPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	l := localizer(r)
	q := r.URL.Query()
	d := usersData{
		Query:           strings.TrimSpace(q.Get("q")),
		Role:            q.Get("role"),
		IncludeDisabled: q.Get("disabled") == "true",
		Roles:           roleOptions(l, l.T("admin.users.filter.any_role")),
	}
	d.List.Items = []userRow{}
	var list core.List[Account]
	page, err := core.ParsePage(q.Get("limit"), q.Get("cursor"))
	if err == nil {
		list, err = s.svc.ListAccounts(ctx, AccountFilter{Query: d.Query, Role: d.Role, IncludeDisabled: d.IncludeDisabled}, page)
	}
	var fe *ui.FormErrors
	status := http.StatusOK
	switch {
	case ui.HasFields(err):
		fe = formErrors(l, err, map[string]string{"role": "role"})
		status = api.StatusOf(err)
	case err != nil:
		s.fail(w, r, err)
		return
	}
	d.List.Total, d.List.Next = list.Total, list.Next
	for _, a := range list.Items {
		names := make([]string, 0, len(a.Grants))
		for _, g := range a.Grants {
			if n := roleLabel(l, g.Role); !slices.Contains(names, n) {
				names = append(names, n)
			}
		}
		d.List.Items = append(d.List.Items, userRow{Account: a, Roles: strings.Join(names, ", ")})
	}
	s.render.Render(w, r, status, "admin/users.html", ui.Page{
		Title: l.T("admin.users.title"), Section: "users", Data: d, Errors: fe,
		Breadcrumbs: []ui.Crumb{{Label: l.T("admin.users.title")}},
	})
}

// grantForm is the state of a form's one new grant.
type grantForm struct {
	Role    string
	Scope   string
	Country string
	ScopeID string
}

func (g grantForm) grant() core.Grant {
	out := core.Grant{Role: core.Role(strings.TrimSpace(g.Role)), ScopeKind: strings.TrimSpace(g.Scope)}
	switch out.ScopeKind {
	case core.ScopeCountry:
		out.Country = strings.TrimSpace(g.Country)
	case core.ScopeAgency, core.ScopeActivity, core.ScopeNetwork:
		out.ScopeID = strings.TrimSpace(g.ScopeID)
	}
	return out
}

// userForm is the state of the create and edit forms.
type userForm struct {
	Email    string
	Name     string
	Lang     string
	PersonID string
	Grant    grantForm
}

// userFormData is what admin/user_new.html and the edit form of
// admin/user.html need besides the form state.
type userFormData struct {
	Form      userForm
	Roles     []ui.Option
	Scopes    []ui.Option
	Countries []ui.Option // nil: the directory did not answer; a text input is shown
	Langs     []ui.Option
}

func (s *pages) userFormData(ctx context.Context, l *i18n.Localizer, f userForm, chooseRole string) userFormData {
	d := userFormData{Form: f, Roles: roleOptions(l, chooseRole)}
	for _, k := range scopeKinds {
		d.Scopes = append(d.Scopes, ui.Option{Value: k, Label: l.T("admin.users.scope_kind." + k)})
	}
	if cs, err := s.countryList(ctx); err == nil {
		d.Countries = []ui.Option{{Value: "", Label: l.T("admin.users.choose_country")}}
		for _, c := range cs {
			d.Countries = append(d.Countries, ui.Option{Value: c.Code, Label: c.Name + " (" + c.Code + ")"})
		}
	}
	d.Langs = []ui.Option{{Value: "", Label: l.T("admin.users.lang_browser")}}
	for _, lg := range i18n.Languages {
		d.Langs = append(d.Langs, ui.Option{Value: lg.Code, Label: lg.Native})
	}
	return d
}

// newGrantFields maps the service's field names of grant i to the inputs
// of the new-grant controls.
func newGrantFields(m map[string]string, i int) map[string]string {
	p := fmt.Sprintf("grants[%d].", i)
	m[p+"role"] = "role"
	m[p+"scope_kind"] = "scope"
	m[p+"country"] = "country"
	m[p+"scope_id"] = "scope_id"
	m[fmt.Sprintf("grants[%d]", i)] = "role"
	return m
}

func readGrantForm(f url.Values) grantForm {
	return grantForm{Role: f.Get("role"), Scope: f.Get("scope"), Country: f.Get("country"), ScopeID: f.Get("scope_id")}
}

func (s *pages) renderUserNew(w http.ResponseWriter, r *http.Request, status int, f userForm, fe *ui.FormErrors) {
	l := localizer(r)
	s.render.Render(w, r, status, "admin/user_new.html", ui.Page{
		Title: l.T("admin.users.new.title"), Section: "users", Errors: fe,
		Data:        s.userFormData(r.Context(), l, f, l.T("admin.users.choose_role")),
		Breadcrumbs: []ui.Crumb{{Label: l.T("admin.users.title"), URL: "/admin/users"}, {Label: l.T("admin.users.new.title")}},
	})
}

// userNewPage shows the form for a new account. Admins only (the form
// shows nothing secret; CreateAccount decides on submit).
func (s *pages) userNewPage(w http.ResponseWriter, r *http.Request) {
	if err := core.Admin.Check(core.ActorFrom(r.Context())); err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderUserNew(w, r, http.StatusOK, userForm{Grant: grantForm{Scope: core.ScopeGlobal}}, nil)
}

// userCreate creates an account with one grant (Service.CreateAccount)
// and goes to its page. Invalid input re-renders the form with field
// errors (422; 409 for an e-mail in use) and creates nothing.
func (s *pages) userCreate(w http.ResponseWriter, r *http.Request) {
	if err := ui.ParseForm(w, r); err != nil {
		s.fail(w, r, err)
		return
	}
	l := localizer(r)
	f := userForm{Email: r.PostForm.Get("email"), Name: r.PostForm.Get("name"), Lang: r.PostForm.Get("lang"), Grant: readGrantForm(r.PostForm)}
	acc, err := s.svc.CreateAccount(r.Context(), AccountInput{
		Email: f.Email, Name: f.Name, Password: r.PostForm.Get("password"), Lang: f.Lang,
		Grants: []core.Grant{f.Grant.grant()},
	})
	if ui.HasFields(err) {
		fields := newGrantFields(map[string]string{"email": "email", "name": "name", "password": "password", "lang": "lang"}, 0)
		s.renderUserNew(w, r, api.StatusOf(err), f, formErrors(l, err, fields))
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ui.SeeOther(w, r, "/admin/users/"+acc.ID+"?done=created")
}

// userData is .Page.Data of admin/user.html.
type userData struct {
	userFormData
	Account  Account
	Grants   []grantView
	Sessions []Session
	Tokens   []APIToken
	Self     bool
}

// renderUser loads account id with its sessions and tokens and renders
// its page; f, when not nil, is a submitted edit form to show instead of
// the stored values, kept the grants the form kept.
func (s *pages) renderUser(w http.ResponseWriter, r *http.Request, status int, id string, f *userForm, kept []string, fe *ui.FormErrors) {
	ctx := r.Context()
	l := localizer(r)
	// auth lets an account read itself; this page is the admin's tool
	// (an account sees itself on /account).
	if err := core.Admin.Check(core.ActorFrom(ctx)); err != nil {
		s.fail(w, r, err)
		return
	}
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
	form := userForm{Email: acc.Email, Name: acc.Name, Lang: acc.Lang, PersonID: acc.PersonID, Grant: grantForm{Scope: core.ScopeGlobal}}
	if f != nil {
		form = *f
	}
	d := userData{
		userFormData: s.userFormData(ctx, l, form, l.T("admin.users.no_new_role")),
		Account:      acc, Sessions: sessions, Tokens: tokens,
		Grants: s.grantViews(ctx, l, acc.Grants),
		Self:   acc.ID == core.ActorFrom(ctx).AccountID,
	}
	if f != nil {
		for i := range d.Grants {
			d.Grants[i].Checked = slices.Contains(kept, d.Grants[i].Value)
		}
	}
	s.render.Render(w, r, status, "admin/user.html", ui.Page{
		Title: acc.Name, Section: "users", Data: d, Errors: fe, Flash: flashes.Message(r),
		Breadcrumbs: []ui.Crumb{{Label: l.T("admin.users.title"), URL: "/admin/users"}, {Label: acc.Name}},
	})
}

// userPage shows one account to an admin: the edit form, its grants,
// sessions and tokens, and the disable and TOTP reset actions.
func (s *pages) userPage(w http.ResponseWriter, r *http.Request) {
	s.renderUser(w, r, http.StatusOK, r.PathValue("id"), nil, nil, nil)
}

// userUpdate saves the edit form (Service.UpdateAccount): profile
// fields, the grants left ticked, and one new grant if a role is chosen.
// Invalid input re-renders the form with field errors and changes nothing.
func (s *pages) userUpdate(w http.ResponseWriter, r *http.Request) {
	if err := ui.ParseForm(w, r); err != nil {
		s.fail(w, r, err)
		return
	}
	l := localizer(r)
	id := r.PathValue("id")
	f := userForm{
		Email: r.PostForm.Get("email"), Name: r.PostForm.Get("name"), Lang: r.PostForm.Get("lang"),
		PersonID: r.PostForm.Get("person_id"), Grant: readGrantForm(r.PostForm),
	}
	kept := r.PostForm["grant"]
	grants := make([]core.Grant, 0, len(kept)+1)
	for _, v := range kept {
		grants = append(grants, parseGrant(v))
	}
	if strings.TrimSpace(f.Grant.Role) != "" {
		grants = append(grants, f.Grant.grant())
	}
	_, err := s.svc.UpdateAccount(r.Context(), id, AccountInput{
		Email: f.Email, Name: f.Name, Lang: f.Lang, PersonID: f.PersonID, Grants: grants,
	})
	if ui.HasFields(err) {
		fields := map[string]string{"email": "email", "name": "name", "lang": "lang", "person_id": "person_id"}
		for i := range kept {
			for _, sub := range []string{"", ".role", ".scope_kind", ".scope_id", ".country"} {
				fields[fmt.Sprintf("grants[%d]%s", i, sub)] = "grants"
			}
		}
		newGrantFields(fields, len(kept))
		s.renderUser(w, r, api.StatusOf(err), id, &f, kept, formErrors(l, err, fields))
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ui.SeeOther(w, r, "/admin/users/"+url.PathEscape(id)+"?done=saved")
}

// userDisable disables (disabled=true) or re-enables an account
// (Service.DisableAccount).
func (s *pages) userDisable(w http.ResponseWriter, r *http.Request) {
	if err := ui.ParseForm(w, r); err != nil {
		s.fail(w, r, err)
		return
	}
	id := r.PathValue("id")
	var disabled bool
	switch r.PostForm.Get("disabled") {
	case "true":
		disabled = true
	case "false":
	default:
		s.fail(w, r, core.Errorf(core.Invalid, "disabled must be true or false"))
		return
	}
	if err := s.svc.DisableAccount(r.Context(), id, disabled); err != nil {
		s.fail(w, r, err)
		return
	}
	done := "disabled"
	if !disabled {
		done = "enabled"
	}
	ui.SeeOther(w, r, "/admin/users/"+url.PathEscape(id)+"?done="+done)
}

// userTOTPReset clears an account's second factor and recovery codes and
// revokes its sessions and tokens (Service.ResetTOTP), with the reason the
// admin gave. A missing or bad reason re-renders the page with the error
// (422); the admin's own account is refused (403).
func (s *pages) userTOTPReset(w http.ResponseWriter, r *http.Request) {
	if err := ui.ParseForm(w, r); err != nil {
		s.fail(w, r, err)
		return
	}
	id := r.PathValue("id")
	err := s.svc.ResetTOTP(r.Context(), id, r.PostForm.Get("totp_reason"))
	if ui.HasFields(err) {
		s.renderUser(w, r, api.StatusOf(err), id, nil, nil, formErrors(localizer(r), err, map[string]string{"reason": "totp_reason"}))
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ui.SeeOther(w, r, "/admin/users/"+url.PathEscape(id)+"?done=totp_reset")
}

// userPasswordReset sets a new password for an account that lost its own
// and revokes every session and token of it (Service.ResetPassword), with
// the reason the admin gave. The password is typed twice; a mismatch, a
// weak password or a missing reason re-renders the page with the errors
// (422) and changes nothing; the admin's own account is refused (403).
func (s *pages) userPasswordReset(w http.ResponseWriter, r *http.Request) {
	if err := ui.ParseForm(w, r); err != nil {
		s.fail(w, r, err)
		return
	}
	l := localizer(r)
	id := r.PathValue("id")
	password, confirm := r.PostForm.Get("new_password"), r.PostForm.Get("new_password_confirm")
	if password != "" && password != confirm {
		fe := &ui.FormErrors{}
		fe.Add("new_password_confirm", l.T("auth.password.mismatch"))
		s.renderUser(w, r, http.StatusUnprocessableEntity, id, nil, nil, fe)
		return
	}
	err := s.svc.ResetPassword(r.Context(), id, password, r.PostForm.Get("password_reason"))
	if ui.HasFields(err) {
		s.renderUser(w, r, api.StatusOf(err), id, nil, nil,
			formErrors(l, err, map[string]string{"password": "new_password", "reason": "password_reason"}))
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ui.SeeOther(w, r, "/admin/users/"+url.PathEscape(id)+"?done=password_reset")
}

// userSessionRevoke ends one session of an account (Service.RevokeSession).
func (s *pages) userSessionRevoke(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if err := s.svc.RevokeSession(r.Context(), r.PathValue("sid")); err != nil {
		s.fail(w, r, err)
		return
	}
	ui.SeeOther(w, r, "/admin/users/"+url.PathEscape(id)+"?done=session_revoked")
}

// countryList is the directory's countries, or an error when no directory
// is wired (the form then shows a text input).
func (s *pages) countryList(ctx context.Context) ([]CodeName, error) {
	if s.dir == nil {
		return nil, core.Errorf(core.Unavailable, "no directory")
	}
	return s.dir.CountryNames(ctx)
}
