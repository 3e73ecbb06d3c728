package ui

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/i18n"
)

// The form kit: what every page that takes a form does the same way.
// Writes answer with a redirect (303) to a page that shows a localised
// confirmation chosen by ?done=<name>; invalid input re-renders the form
// with field errors and changes nothing.

// MaxFormBytes bounds a submitted (non-file) form; no form comes near it,
// so a larger body is refused before it is parsed.
const MaxFormBytes = 64 << 10

// ParseForm reads a POSTed form into r.PostForm, at most MaxFormBytes. A
// body that does not parse is core.Invalid.
func ParseForm(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, MaxFormBytes)
	if err := r.ParseForm(); err != nil {
		return core.Errorf(core.Invalid, "malformed form: %v", err)
	}
	return nil
}

// SeeOther redirects after a write (303, so the browser GETs target).
func SeeOther(w http.ResponseWriter, r *http.Request, target string) {
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// Done is path with the confirmation name appended (?done=name).
func Done(path, name string) string {
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	return path + sep + "done=" + url.QueryEscape(name)
}

// Flashes maps the confirmation names a package's pages accept in
// ?done=<name> to their message keys. Only listed names are shown, so a
// crafted link can never put text of its own on a page.
type Flashes map[string]string

// Message returns the localised confirmation named by ?done=, or "".
func (f Flashes) Message(r *http.Request) string {
	key, ok := f[r.URL.Query().Get("done")]
	if !ok {
		return ""
	}
	return LocalizerFrom(r.Context()).T(key)
}

// FieldMessage localises one field error of a service: the capability's
// own message for its codes (own maps a code to its key, which takes
// "Max"/"Min" from Param), else the shared "validation.<code>", else
// "validation.invalid", so a new service code never shows a key.
func FieldMessage(l *i18n.Localizer, f core.FieldError, own map[string]string) string {
	key, ok := own[f.Code]
	if !ok {
		key = "validation." + f.Code
		if !l.Has(key) {
			key = "validation.invalid"
		}
	}
	return l.T(key, "Max", f.Param, "Min", f.Param)
}

// Errors turns a service error's field errors into a form's errors.
// fields maps the service's field names ("grants[0].role") to the names of
// the form's inputs ("role"); a field the form has no input for goes to
// the summary (summaryKey, followed by those messages), so the error
// summary never links to a missing control. A bad cursor is always a
// summary. own is as for FieldMessage.
func Errors(l *i18n.Localizer, err error, fields map[string]string, own map[string]string, summaryKey string) *FormErrors {
	return ErrorsWith(l, err, fields, func(f core.FieldError) string { return FieldMessage(l, f, own) }, summaryKey)
}

// ErrorsWith is Errors with the capability's own message for each field
// error (say, one that knows messages per field and code).
func ErrorsWith(l *i18n.Localizer, err error, fields map[string]string, message func(core.FieldError) string, summaryKey string) *FormErrors {
	fe := &FormErrors{}
	var other []string
	for _, f := range core.AsError(err).Fields {
		name, ok := fields[f.Field]
		if f.Field == "cursor" && !ok {
			// A stale or edited paging link: say so plainly.
			fe.Summary = l.T("admin.bad_cursor")
			continue
		}
		if !ok {
			other = append(other, message(f))
			continue
		}
		if fe.Get(name) == "" {
			fe.Add(name, message(f))
		}
	}
	if len(other) > 0 || !fe.Any() {
		if fe.Summary == "" || len(other) > 0 {
			fe.Summary = l.T(summaryKey)
		}
		if len(other) > 0 {
			fe.Summary += " " + strings.Join(other, " ")
		}
	}
	return fe
}

// Same maps each name to itself, for forms whose inputs are named like
// the service's fields (the fields argument of Errors).
func Same(names ...string) map[string]string {
	m := make(map[string]string, len(names))
	for _, n := range names {
		m[n] = n
	}
	return m
}

// HasFields reports whether err is a validation error a form can show
// next to its inputs (core.Invalid or core.Conflict with field errors).
func HasFields(err error) bool {
	ce := core.AsError(err)
	return (ce.Code == core.Invalid || ce.Code == core.Conflict) && len(ce.Fields) > 0
}

// DateLayout is the value format of <input type="date">.
const DateLayout = "2006-01-02"

// ParseDate reads a YYYY-MM-DD date as midnight UTC; ok is false for
// anything else.
func ParseDate(s string) (time.Time, bool) {
	t, err := time.Parse(DateLayout, strings.TrimSpace(s))
	return t, err == nil
}
