package auth

import (
	"embed"
	"log/slog"
	"net/http"
	"net/url"

	"github.com/danielgtaylor/huma/v2"

	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/i18n"
	"github.com/topcop-platform/topcop/internal/module"
	"github.com/topcop-platform/topcop/internal/ui"
)

//go:embed templates
var templates embed.FS

// Module declares the accounts' pages and API to the platform: the own
// account (password, second factor, sessions, API tokens), the
// administration of users, and the identity API. The Service itself is
// built by internal/app before any capability, since the guard needs it;
// sign-in itself is served by internal/web, which owns the session cookie.
var Module = module.Module{
	Name:      "accounts",
	Templates: templates,
	Tables:    []string{"accounts", "invitations", "grants", "sessions", "api_tokens", "recovery_codes", "login_failures"},
	Menu: []ui.MenuItem{
		{Section: "users", URL: "/admin/users", Key: "nav.users", Access: core.Admin, Order: 900},
		{Section: "account", URL: "/account", Key: "nav.account", Access: core.Member, Order: 950},
	},
	Pages: func(env *module.Env, web module.Web, r ui.Router) {
		p := &pages{svc: module.Use[*Service](env), render: web.Render, fail: web.Fail, logger: env.Logger}
		p.dir, _ = module.Lookup[Directory](env)
		p.routes(r)
	},
	API: func(env *module.Env, a huma.API) { registerAPI(a, module.Use[*Service](env)) },
}

// Access of the enrolment steps: reachable while the second factor is
// pending.
var memberEnrolling = core.Member.Enrolling()

// pages serves the own account and the administration of users. Handlers
// are thin: they parse, call the Service (which decides who may do what)
// and render.
type pages struct {
	svc    *Service
	dir    Directory // country and agency names (nil: codes are shown)
	render *ui.Renderer
	fail   func(http.ResponseWriter, *http.Request, error)
	logger *slog.Logger
}

func (s *pages) routes(r ui.Router) {
	r.HandleFunc("GET /account", core.Member, s.accountPage)
	r.HandleFunc("GET /account/totp", memberEnrolling, s.totpEnrolPage)
	r.HandleFunc("POST /account/totp/new", memberEnrolling, s.totpNew)
	r.HandleFunc("POST /account/totp/confirm", memberEnrolling, s.totpConfirm)
	r.HandleFunc("GET /account/recovery-codes", core.Member, s.recoveryPage)
	r.HandleFunc("POST /account/recovery-codes", core.Member.Writes(), s.recoveryCreate)
	r.HandleFunc("POST /account/password", core.Member.Writes(), s.accountPassword)
	r.HandleFunc("POST /account/sessions/{id}/revoke", core.Member.Writes(), s.sessionRevoke)
	r.HandleFunc("POST /account/tokens", core.Member.Writes(), s.tokenCreate)
	r.HandleFunc("POST /account/tokens/{id}/revoke", core.Member.Writes(), s.tokenRevoke)

	r.HandleFunc("GET /admin/users", core.Admin, s.usersPage)
	r.HandleFunc("GET /admin/users/new", core.Admin, s.userNewPage)
	r.HandleFunc("POST /admin/users", core.Admin.Writes(), s.userCreate)
	r.HandleFunc("GET /admin/users/{id}", core.Admin, s.userPage)
	r.HandleFunc("POST /admin/users/{id}", core.Admin.Writes(), s.userUpdate)
	r.HandleFunc("POST /admin/users/{id}/disable", core.Admin.Writes(), s.userDisable)
	r.HandleFunc("POST /admin/users/{id}/totp-reset", core.Admin.Writes(), s.userTOTPReset)
	r.HandleFunc("POST /admin/users/{id}/password", core.Admin.Writes(), s.userPasswordReset)
	r.HandleFunc("POST /admin/users/{id}/sessions/{sid}/revoke", core.Admin.Writes(), s.userSessionRevoke)

	// Invitation links (web_invitation.go): public, the token in the path
	// is the credential and is kept out of the access log.
	r.HandleFunc("GET /invitation/{token}", core.Public.SecretPath(), s.invitationPage)
	r.HandleFunc("POST /invitation/{token}", core.Public.SecretPath(), s.invitationAccept)
}

// flashes are the confirmations the account and users pages show after a
// redirect (?done=<name>).
var flashes = ui.Flashes{
	"password":        "auth.flash.password_changed",
	"session_revoked": "auth.flash.session_revoked",
	"token_revoked":   "auth.flash.token_revoked",
	"created":         "admin.users.flash.created",
	"saved":           "flash.saved",
	"disabled":        "admin.users.flash.disabled",
	"enabled":         "admin.users.flash.enabled",
	"totp_reset":      "admin.users.flash.second_factor_reset",
	"password_reset":  "admin.users.flash.password_reset",
}

func localizer(r *http.Request) *i18n.Localizer { return ui.LocalizerFrom(r.Context()) }

// formErrors turns a service error's field errors into the form's errors
// (see ui.Errors).
func formErrors(l *i18n.Localizer, err error, fields map[string]string) *ui.FormErrors {
	return ui.Errors(l, err, fields, nil, "auth.form.other_problem")
}

// roleLabel is the localised name of a role (role.<name>), or the raw name
// for a role no catalogue knows.
func roleLabel(l *i18n.Localizer, role core.Role) string {
	if key := "role." + string(role); l.Has(key) {
		return l.T(key)
	}
	return string(role)
}

// roleOptions lists every role as select options, localised, optionally
// headed by an "any"/"choose" entry.
func roleOptions(l *i18n.Localizer, first string) []ui.Option {
	var out []ui.Option
	if first != "" {
		out = append(out, ui.Option{Value: "", Label: first})
	}
	for _, r := range core.Roles {
		out = append(out, ui.Option{Value: string(r), Label: roleLabel(l, r)})
	}
	return out
}

// withNext appends ?next= to path when next is not the default "/".
func withNext(path, next string) string {
	next = ui.SafeNext(next)
	if next == "/" {
		return path
	}
	return path + "?next=" + url.QueryEscape(next)
}
