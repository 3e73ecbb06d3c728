// Package ui is the shared render kit for the server-rendered web pages:
// the layout, shared partials (form field, form and filter actions, list
// table, live search, archive button, pager, bar chart), the form kit
// (form.go), the menu (nav.go), template functions, embedded static assets
// with content-hashed URLs, and the request context values pages need
// (user, language).
//
// Capability packages embed their own page templates (declared in their
// module.Module); internal/web builds one Renderer at start-up from all of
// them and the declared menus, and hands it to each capability's pages:
//
//	//go:embed templates
//	var Templates embed.FS   // holds templates/directory/agencies.html, …
//
//	r, err := ui.NewRenderer(bundle, menu, directory.Templates, training.Templates)
//	…
//	r.Render(w, req, http.StatusOK, "directory/agencies.html", ui.Page{Title: l.T("dir.agencies.title"), Section: "directory", Data: list})
//
// A page template defines the block "content" and, if the page supports htmx
// partial updates, a block "partial"; see templates/layout.html for the
// data every template receives (View) and the partials it may call.
//
// ui imports core, i18n and the standard library only; it must never import
// a capability package or internal/web.
package ui

import (
	"context"
	"slices"
	"sort"
	"sync"

	"github.com/topcop-platform/topcop/internal/i18n"
)

// User is the signed-in account as the UI needs it: enough to greet the user,
// show role badges and decide which navigation links to offer. The
// authorization decisions themselves live in the services, never here.
type User struct {
	ID      string
	Name    string
	Email   string
	Roles   []string
	IsAdmin bool
}

type ctxKey int

const (
	userKey ctxKey = iota
	langKey
)

// WithUser returns ctx carrying u (the session middleware in internal/web
// calls it). A nil u means anonymous.
func WithUser(ctx context.Context, u *User) context.Context {
	return context.WithValue(ctx, userKey, u)
}

// UserFrom returns the user WithUser stored, or nil for an anonymous request.
func UserFrom(ctx context.Context) *User {
	u, _ := ctx.Value(userKey).(*User)
	return u
}

// WithLang returns ctx carrying the request's Localizer (the language
// middleware calls it; see LanguageMiddleware).
func WithLang(ctx context.Context, l *i18n.Localizer) context.Context {
	return context.WithValue(ctx, langKey, l)
}

// LocalizerFrom returns the Localizer WithLang stored, or the English one
// (from the embedded catalogues) if there is none.
func LocalizerFrom(ctx context.Context) *i18n.Localizer {
	if l, ok := localizerIn(ctx); ok {
		return l
	}
	return defaultBundle().Localizer(i18n.Default)
}

func localizerIn(ctx context.Context) (*i18n.Localizer, bool) {
	l, ok := ctx.Value(langKey).(*i18n.Localizer)
	return l, ok && l != nil
}

var defaultBundleOnce = sync.OnceValue(func() *i18n.Bundle { return i18n.MustLoad() })

func defaultBundle() *i18n.Bundle { return defaultBundleOnce() }

// Page is what a handler hands to Render: everything page-specific.
type Page struct {
	// Title is the localised page title; the document title becomes
	// "Title · TOPCOP".
	Title string
	// Section highlights the primary navigation entry (aria-current): one of
	// the NavItem sections, e.g. "directory", "people", "networks",
	// "contact-points", "users", "audit", "account". Empty: derived from the
	// URL path.
	Section string
	// Data is the page's own data, reached in templates as .Page.Data.
	Data any
	// Flash is an already-localised one-line message shown in a
	// role="status" region (e.g. l.T("flash.saved") after a redirect).
	Flash string
	// Errors are form errors: the layout renders an error summary
	// (role="alert") linking to each field, and the field partial shows each
	// message next to its input.
	Errors *FormErrors
	// Breadcrumbs, from the top; the last one is the current page and needs
	// no URL.
	Breadcrumbs []Crumb
}

// Crumb is one breadcrumb link.
type Crumb struct {
	Label string
	URL   string
}

// FormErrors holds a form's validation errors, already localised. Fields maps
// a field name (the input's name attribute) to its message. The zero value
// and a nil *FormErrors are empty and ready to use.
type FormErrors struct {
	Summary string
	Fields  map[string]string
	order   []string
}

// FieldError is one entry of FormErrors.List.
type FieldError struct {
	Field   string
	Message string
}

// Get returns the message for field, or "" (also on a nil receiver, so
// templates can call it without checking).
func (e *FormErrors) Get(field string) string {
	if e == nil {
		return ""
	}
	return e.Fields[field]
}

// Add records msg for field; the error summary lists fields in the order they
// were added (the form's order, if the handler adds them in that order).
func (e *FormErrors) Add(field, msg string) {
	if e.Fields == nil {
		e.Fields = make(map[string]string)
	}
	if _, ok := e.Fields[field]; !ok {
		e.order = append(e.order, field)
	}
	e.Fields[field] = msg
}

// Any reports whether there is a summary or at least one field error.
func (e *FormErrors) Any() bool {
	return e != nil && (e.Summary != "" || len(e.Fields) > 0)
}

// List returns the field errors in the order Add saw them, followed by any
// set directly in Fields, sorted by field name.
func (e *FormErrors) List() []FieldError {
	if e == nil {
		return nil
	}
	out := make([]FieldError, 0, len(e.Fields))
	for _, f := range e.order {
		if msg, ok := e.Fields[f]; ok {
			out = append(out, FieldError{Field: f, Message: msg})
		}
	}
	var rest []string
	for f := range e.Fields {
		if !slices.Contains(e.order, f) {
			rest = append(rest, f)
		}
	}
	sort.Strings(rest)
	for _, f := range rest {
		out = append(out, FieldError{Field: f, Message: e.Fields[f]})
	}
	return out
}

// FieldID is the id attribute of the input for a form field named name, used
// by the field partial and by the error summary's links ("#field-email").
func FieldID(name string) string { return "field-" + name }

// Option is one choice of a select field (field partial, Type "select").
type Option struct {
	Value string
	Label string
}

// Options builds select options from values, labelled by label, headed by
// an entry with the empty value labelled first unless first is "".
func Options[T ~string](first string, values []T, label func(T) string) []Option {
	var out []Option
	if first != "" {
		out = append(out, Option{Value: "", Label: first})
	}
	for _, v := range values {
		out = append(out, Option{Value: string(v), Label: label(v)})
	}
	return out
}
