package web

import (
	"context"
	"embed"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/topcop-platform/topcop/internal/api"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/i18n"
	"github.com/topcop-platform/topcop/internal/ui"
)

// Templates holds the pages this package renders itself: sign-in and the
// second factor (templates/account/login*.html), the own account
// (templates/account/…) and administration (templates/admin/…). The
// renderer parses them at start-up, with every module's pages.
//
//go:embed templates
var Templates embed.FS

// maxFormBytes bounds a submitted form; no form of these pages comes near
// it, so a larger body is refused before it is parsed.
const maxFormBytes = 64 << 10

// dateLayout is the value format of <input type="date">.
const dateLayout = "2006-01-02"

// parseForm reads a POSTed form into r.PostForm, at most maxFormBytes.
// A body that does not parse is core.Invalid.
func parseForm(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		return core.Errorf(core.Invalid, "malformed form: %v", err)
	}
	return nil
}

// localizer is the request's localizer (chosen by the language middleware).
func localizer(r *http.Request) *i18n.Localizer { return ui.LocalizerFrom(r.Context()) }

// fieldMessage localises one field error with "validation.<code>" (the
// shared validation messages), falling back to "validation.invalid" for a
// code no catalogue knows, so that a new service code never shows a key.
func (s *Server) fieldMessage(l *i18n.Localizer, f core.FieldError) string {
	key := "validation." + f.Code
	if !s.deps.Bundle.Has(key) {
		key = "validation.invalid"
	}
	return l.T(key, "Max", f.Param, "Min", f.Param)
}

// formErrors turns a service error's field errors into the form's errors.
// fields maps the service's field names ("grants[0].role") to the names of
// the form's inputs ("role"); a field the form has no input for goes to the
// summary, so the error summary never links to a missing control.
func (s *Server) formErrors(l *i18n.Localizer, err error, fields map[string]string) *ui.FormErrors {
	fe := &ui.FormErrors{}
	for _, f := range core.AsError(err).Fields {
		name, ok := fields[f.Field]
		switch {
		case f.Field == "cursor":
			fe.Summary = l.T("admin.bad_cursor")
			continue
		case !ok:
			fe.Summary = l.T("auth.form.other_problem")
			continue
		}
		if fe.Get(name) == "" {
			fe.Add(name, s.fieldMessage(l, f))
		}
	}
	if !fe.Any() {
		fe.Summary = l.T("auth.form.other_problem")
	}
	return fe
}

// hasFields reports whether err is a validation error a form can show
// next to its inputs (core.Invalid or core.Conflict with field errors).
func hasFields(err error) bool {
	ce := core.AsError(err)
	return (ce.Code == core.Invalid || ce.Code == core.Conflict) && len(ce.Fields) > 0
}

// errorStatus is the HTTP status of err, from the one status table.
func errorStatus(err error) int {
	ce := core.AsError(err)
	return api.Status(ce.Code, len(ce.Fields) > 0)
}

// flashKeys are the confirmations a page shows after a redirect
// (?done=<name>); only these names are accepted, so a crafted link cannot
// put text on the page.
var flashKeys = map[string]string{
	"password":        "auth.flash.password_changed",
	"session_revoked": "auth.flash.session_revoked",
	"token_revoked":   "auth.flash.token_revoked",
	"created":         "admin.users.flash.created",
	"saved":           "flash.saved",
	"disabled":        "admin.users.flash.disabled",
	"enabled":         "admin.users.flash.enabled",
	"totp_reset":      "admin.users.flash.totp_reset",
}

// flash returns the localised confirmation named by ?done=, or "".
func flash(r *http.Request) string {
	key, ok := flashKeys[r.URL.Query().Get("done")]
	if !ok {
		return ""
	}
	return localizer(r).T(key)
}

// seeOther redirects a form submission (303, so the browser GETs target).
func seeOther(w http.ResponseWriter, r *http.Request, target string) {
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// withNext appends ?next= to path when next is not the default "/".
func withNext(path, next string) string {
	next = ui.SafeNext(next)
	if next == "/" {
		return path
	}
	return path + "?next=" + url.QueryEscape(next)
}

// adminOnly is a presentation guard for pages that call no admin-only
// service before they show a form (an empty "new account" form) and for
// audit.Log.Verify, which checks no actor itself. Whatever the guard lets
// through, the service still decides on submit. Errors:
// core.Unauthenticated, core.Forbidden.
func adminOnly(ctx context.Context) error {
	a := core.ActorFrom(ctx)
	switch {
	case !a.Authenticated():
		return core.Errorf(core.Unauthenticated, "sign in first")
	case !a.IsAdmin():
		return core.Errorf(core.Forbidden, "only admins may do this")
	}
	return nil
}

// parseDate reads a YYYY-MM-DD date as midnight UTC; ok is false for
// anything else.
func parseDate(s string) (time.Time, bool) {
	t, err := time.Parse(dateLayout, strings.TrimSpace(s))
	return t, err == nil
}

// roleLabel is the localised name of a role (role.<name>), or the raw name
// for a role no catalogue knows.
func (s *Server) roleLabel(l *i18n.Localizer, role core.Role) string {
	if key := "role." + string(role); s.deps.Bundle.Has(key) {
		return l.T(key)
	}
	return string(role)
}

// roleOptions lists every role as select options, localised, optionally
// headed by an "any"/"choose" entry.
func (s *Server) roleOptions(l *i18n.Localizer, first string) []ui.Option {
	var out []ui.Option
	if first != "" {
		out = append(out, ui.Option{Value: "", Label: first})
	}
	for _, r := range core.Roles {
		out = append(out, ui.Option{Value: string(r), Label: s.roleLabel(l, r)})
	}
	return out
}
