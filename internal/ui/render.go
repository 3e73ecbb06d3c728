package ui

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"path"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/i18n"
)

//go:embed templates static
var embedded embed.FS

// ErrorCodes are the error codes Error has a localised page for (the
// core.Error codes plus rate_limited). Any other code renders as "internal".
var ErrorCodes = []string{"invalid", "not_found", "conflict", "forbidden", "unauthenticated", "unavailable", "internal", "rate_limited"}

// View is the data every template receives: the layout, page templates and
// the "partial" block alike.
//
//	.Page        the Page the handler passed (.Page.Data is the page's own data)
//	.L           *i18n.Localizer: {{.L.T "key" "Name" value}}, {{.L.N "key" n}},
//	             {{.L.Date t}}, {{.L.DateTime t}}, {{.L.Number n}}
//	.User        *User, nil when anonymous
//	.Lang        the page language code ("uk")
//	.Languages   []i18n.Language for the language switcher
//	.Path        the request's URL path
//	.Query       the request's url.Values (a fresh copy per request)
//	.RequestURI  path?query, e.g. for a "next" parameter
//	.Nav         []NavLink, the primary navigation for this user and page
//	.Partial     true when only the "partial" block is rendered (htmx)
type View struct {
	Page       Page
	L          *i18n.Localizer
	User       *User
	Lang       string
	Languages  []i18n.Language
	Path       string
	Query      url.Values
	RequestURI string
	Nav        []NavLink
	Partial    bool
}

// ErrorData is .Page.Data of the error page.
type ErrorData struct {
	Status  int
	Code    string
	Text    string
	ErrorID string
}

// page is one parsed page: the layout clone plus the page's templates.
type page struct {
	t       *template.Template
	partial bool
}

// Renderer renders pages inside the shared layout. Build it once at start-up
// with NewRenderer; it is immutable afterwards and safe for concurrent use.
type Renderer struct {
	bundle *i18n.Bundle
	assets *assets
	pages  map[string]*page
	keys   []string
	menu   []MenuItem
	// counts are the navigation's counters by section (SetCount).
	counts map[string]func(context.Context) int
}

// SetCount gives the navigation entry of section a counter ("3" beside
// "Notifications"), asked on every page for the actor of the request; 0
// shows nothing. It must be quick and must not fail loudly (a counter
// that cannot count returns 0). Capabilities call it from their Pages,
// before the server serves.
func (r *Renderer) SetCount(section string, count func(context.Context) int) {
	if r.counts == nil {
		r.counts = map[string]func(context.Context) int{}
	}
	r.counts[section] = count
}

const (
	layoutName   = "layout.html"
	partialBlock = "partial"
	contentBlock = "content"
)

// NewRenderer parses the layout (templates/layout.html) and the shared
// partials (templates/partials/*.html) once, then, for every *.html under
// templates/ of ui itself (the error page) and of each module, clones the
// layout and adds the page. The page's name is its path under templates/,
// e.g. "directory/agencies.html".
//
// It returns an error, and the server must refuse to start, if any template
// fails to parse or to escape, a module has no templates/ directory, two
// modules define the same page, a page does not define "content", a template
// names an unknown asset, or a template (or the navigation) uses a message
// key that is not in the English catalogue.
//
// menu is the primary navigation, in display order (see MenuItem).
func NewRenderer(b *i18n.Bundle, menu []MenuItem, modules ...fs.FS) (*Renderer, error) {
	if b == nil {
		return nil, errors.New("ui: NewRenderer: nil i18n bundle")
	}
	as, err := loadAssets(embedded, "static")
	if err != nil {
		return nil, err
	}
	r := &Renderer{bundle: b, assets: as, pages: map[string]*page{}, menu: slices.Clone(menu)}
	slices.SortStableFunc(r.menu, func(a, b MenuItem) int { return a.Order - b.Order })

	base, err := r.parseBase()
	if err != nil {
		return nil, err
	}
	uiPages := filterFS{FS: embedded, skip: func(p string) bool {
		return p == "templates/"+layoutName || strings.HasPrefix(p, "templates/partials/")
	}}
	var errs []error
	for i, m := range append([]fs.FS{uiPages}, modules...) {
		if err := r.addModule(base, m); err != nil {
			errs = append(errs, fmt.Errorf("ui: module %d: %w", i, err))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	if err := r.check(); err != nil {
		return nil, err
	}
	return r, nil
}

func (r *Renderer) parseBase() (*template.Template, error) {
	base := template.New(layoutName).Funcs(r.funcMap())
	src, err := fs.ReadFile(embedded, "templates/"+layoutName)
	if err != nil {
		return nil, fmt.Errorf("ui: layout: %w", err)
	}
	if _, err := base.Parse(string(src)); err != nil {
		return nil, fmt.Errorf("ui: layout: %w", err)
	}
	partials, err := fs.Glob(embedded, "templates/partials/*.html")
	if err != nil {
		return nil, err
	}
	for _, p := range partials {
		src, err := fs.ReadFile(embedded, p)
		if err != nil {
			return nil, err
		}
		if _, err := base.New(path.Base(p)).Parse(string(src)); err != nil {
			return nil, fmt.Errorf("ui: %s: %w", p, err)
		}
	}
	if base.Lookup(contentBlock) == nil {
		return nil, errors.New(`ui: layout defines no "content" block`)
	}
	if base.Lookup(partialBlock) != nil {
		return nil, errors.New(`ui: layout or a partial defines "partial"; only pages may`)
	}
	return base, nil
}

func (r *Renderer) addModule(base *template.Template, m fs.FS) error {
	if _, err := fs.Stat(m, "templates"); err != nil {
		return fmt.Errorf("no templates/ directory (embed it with //go:embed templates): %w", err)
	}
	var errs []error
	err := fs.WalkDir(m, "templates", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(p, ".html") {
			return nil
		}
		name := strings.TrimPrefix(p, "templates/")
		if _, dup := r.pages[name]; dup {
			errs = append(errs, fmt.Errorf("page %q defined twice", name))
			return nil
		}
		src, err := fs.ReadFile(m, p)
		if err != nil {
			return err
		}
		pg, err := newPage(base, name, string(src))
		if err != nil {
			errs = append(errs, err)
			return nil
		}
		r.pages[name] = pg
		return nil
	})
	return errors.Join(append(errs, err)...)
}

func newPage(base *template.Template, name, src string) (*page, error) {
	t, err := base.Clone()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if _, err := t.New(name).Parse(src); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	// The layout's default (empty) block has ParseName "layout.html"; a page
	// that defines its own content replaces it with one parsed from name.
	if t.Lookup(contentBlock).Tree.ParseName != name {
		return nil, fmt.Errorf(`%s: defines no {{define "content"}}`, name)
	}
	return &page{t: t, partial: t.Lookup(partialBlock) != nil}, nil
}

// check escapes every page now rather than on its first request (html/template
// escapes lazily and reports context errors only then), validates asset names
// and message keys, and records the keys for MessageKeys.
func (r *Renderer) check() error {
	var errs []error
	keys := map[string][]string{} // key → templates using it
	for _, name := range r.Pages() {
		pg := r.pages[name]
		entry := []string{layoutName}
		if pg.partial {
			entry = append(entry, partialBlock)
		}
		for _, e := range entry {
			// Executing with nil data makes html/template escape everything
			// reachable from e (the escaper works on the parse trees, not the
			// data); with no data there is no Localizer or page data to touch,
			// so nothing observable runs. Escaping errors (*template.Error)
			// are template bugs; execution errors are expected and ignored.
			err := pg.t.ExecuteTemplate(io.Discard, e, nil)
			var te *template.Error
			if errors.As(err, &te) {
				errs = append(errs, fmt.Errorf("ui: %s: %w", name, err))
			}
		}
		refs := templateRefs(pg.t)
		for _, a := range refs.assets {
			if _, ok := r.assets.byName[a.value]; !ok {
				errs = append(errs, fmt.Errorf("ui: %s (%s): unknown asset %q", name, a.template, a.value))
			}
		}
		for _, k := range refs.keys {
			if !slices.Contains(keys[k.value], name) {
				keys[k.value] = append(keys[k.value], name)
			}
		}
	}
	for _, it := range r.menu {
		if !it.Access.Declared() {
			errs = append(errs, fmt.Errorf("ui: menu entry %s declares no access", it.URL))
		}
		keys[it.Key] = append(keys[it.Key], "menu "+it.URL)
	}
	for _, code := range ErrorCodes {
		keys["error."+code+".title"] = append(keys["error."+code+".title"], "render.go")
		keys["error."+code+".text"] = append(keys["error."+code+".text"], "render.go")
	}
	var missing []string
	for k, where := range keys {
		r.keys = append(r.keys, k)
		if !r.bundle.Has(k) {
			missing = append(missing, fmt.Sprintf("%s (used in %s)", k, strings.Join(where, ", ")))
		}
	}
	sort.Strings(r.keys)
	if len(missing) > 0 {
		sort.Strings(missing)
		errs = append(errs, fmt.Errorf("ui: message keys not in internal/i18n/locales/en.toml:\n  %s", strings.Join(missing, "\n  ")))
	}
	return errors.Join(errs...)
}

// Pages returns the sorted names of all pages ("directory/agencies.html", …).
func (r *Renderer) Pages() []string {
	names := make([]string, 0, len(r.pages))
	for n := range r.pages {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Has reports whether a page called name exists.
func (r *Renderer) Has(name string) bool {
	_, ok := r.pages[name]
	return ok
}

// MessageKeys returns the sorted message keys the templates pass as literals
// to .L.T / .L.N, plus those the navigation and error pages use. Keys built at
// run time (printf) are not included; Bundle.Missing catches those in tests.
func (r *Renderer) MessageKeys() []string { return slices.Clone(r.keys) }

// AssetURL returns the content-hashed URL of a static file ("app.css" →
// "/static/app.3f2a9c1e.css"), or "" if there is no such file.
func (r *Renderer) AssetURL(name string) string {
	u, _ := r.assets.url(name)
	return u
}

// StaticHandler serves the embedded static files; mount it at /static/.
// Hashed URLs get "Cache-Control: public, max-age=31536000, immutable",
// plain names "no-cache"; unknown names 404.
func (r *Renderer) StaticHandler() http.Handler { return r.assets }

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// Render executes page name with p into a pooled buffer and, only if that
// succeeds, writes it with status and "Content-Type: text/html;
// charset=utf-8". On an htmx request (HX-Request: true, not a history
// restore) for a page that defines a "partial" block, only that block is
// rendered. A template error is logged with an error id and answered with the
// localised 500 page; no part of the failed page is sent.
func (r *Renderer) Render(w http.ResponseWriter, req *http.Request, status int, name string, p Page) {
	pg, ok := r.pages[name]
	if !ok {
		id := core.NewErrorID()
		slog.ErrorContext(req.Context(), "ui: unknown page template", "template", name, "error_id", id)
		r.Error(w, req, http.StatusInternalServerError, "internal", id)
		return
	}
	l := r.localizer(req)
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer putBuf(buf)
	if err := r.execute(buf, req, l, pg, p); err != nil {
		id := core.NewErrorID()
		slog.ErrorContext(req.Context(), "ui: render failed", "template", name, "error_id", id, "err", err)
		r.Error(w, req, http.StatusInternalServerError, "internal", id)
		return
	}
	write(w, l, status, buf.Bytes())
}

// Fragment renders one named template (block) of page name with the View
// the page itself would get, and returns its HTML. A handler uses it to
// keep an expensive, request-independent part of a page (a filter form
// with long option lists) in a cache and pass it back in its page data;
// the key of such a cache must hold everything the block reads.
func (r *Renderer) Fragment(req *http.Request, name, block string, p Page) (template.HTML, error) {
	pg, ok := r.pages[name]
	if !ok {
		return "", fmt.Errorf("ui: unknown page template %q", name)
	}
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer putBuf(buf)
	if err := pg.t.ExecuteTemplate(buf, block, r.view(req, r.localizer(req), p)); err != nil {
		return "", err
	}
	return template.HTML(buf.String()), nil //nolint:gosec // output of html/template
}

func putBuf(buf *bytes.Buffer) {
	if buf.Cap() > 1<<20 { // do not keep huge buffers alive
		return
	}
	bufPool.Put(buf)
}

// Error renders the localised error page for code (one of ErrorCodes; any
// other code is shown as "internal") with status. errorID, if not empty, is
// shown as a reference the user can quote; it must be the id that was
// logged. If even the error page fails, a plain-text answer is sent.
func (r *Renderer) Error(w http.ResponseWriter, req *http.Request, status int, code string, errorID string) {
	if !slices.Contains(ErrorCodes, code) {
		code = "internal"
	}
	l := r.localizer(req)
	p := Page{
		Title: l.T("error." + code + ".title"),
		Data:  ErrorData{Status: status, Code: code, Text: l.T("error." + code + ".text"), ErrorID: errorID},
	}
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer putBuf(buf)
	if err := r.execute(buf, req, l, r.pages["error.html"], p); err != nil {
		slog.ErrorContext(req.Context(), "ui: error page failed", "error_id", errorID, "err", err)
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.WriteHeader(status)
		fmt.Fprintf(w, "%d %s\n%s\n", status, http.StatusText(status), errorID)
		return
	}
	write(w, l, status, buf.Bytes())
}

func (r *Renderer) execute(w io.Writer, req *http.Request, l *i18n.Localizer, pg *page, p Page) error {
	if pg == nil {
		return errors.New("ui: no such page")
	}
	v := r.view(req, l, p)
	entry := layoutName
	if pg.partial && wantsPartial(req) {
		entry, v.Partial = partialBlock, true
	}
	return pg.t.ExecuteTemplate(w, entry, v)
}

func write(w http.ResponseWriter, l *i18n.Localizer, status int, body []byte) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Language", l.Lang())
	h.Add("Vary", "HX-Request")
	if h.Get("Cache-Control") == "" {
		// Pages carry personal and operational data: keep them out of shared
		// and back-button caches unless the handler says otherwise.
		h.Set("Cache-Control", "no-store")
	}
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// wantsPartial: htmx sends HX-Request on its own requests; a history restore
// or a boosted link needs the whole page.
func wantsPartial(req *http.Request) bool {
	return req.Header.Get("HX-Request") == "true" &&
		req.Header.Get("HX-History-Restore-Request") != "true" &&
		req.Header.Get("HX-Boosted") != "true"
}

// localizer is the request's Localizer: the one the language middleware put
// in the context, else chosen from the language cookie and Accept-Language.
func (r *Renderer) localizer(req *http.Request) *i18n.Localizer {
	if l, ok := localizerIn(req.Context()); ok {
		return l
	}
	var cookie string
	if c, err := req.Cookie(i18n.CookieName); err == nil {
		cookie = c.Value
	}
	return r.bundle.Localizer(r.bundle.Match(cookie, req.Header.Get("Accept-Language")))
}

func (r *Renderer) view(req *http.Request, l *i18n.Localizer, p Page) View {
	u := UserFrom(req.Context())
	return View{
		Page:       p,
		L:          l,
		User:       u,
		Lang:       l.Lang(),
		Languages:  i18n.Languages,
		Path:       req.URL.Path,
		Query:      req.URL.Query(),
		RequestURI: req.URL.RequestURI(),
		Nav:        r.counted(req.Context(), navLinks(r.menu, l, core.ActorFrom(req.Context()), p.Section, req.URL.Path)),
	}
}

// counted fills the counters of the links shown.
func (r *Renderer) counted(ctx context.Context, links []NavLink) []NavLink {
	if len(r.counts) == 0 || !core.ActorFrom(ctx).Authenticated() {
		return links
	}
	for i := range links {
		if f := r.counts[links[i].Section]; f != nil {
			links[i].Count = f(ctx)
		}
	}
	return links
}

// filterFS hides some paths of an FS (ui's own layout and partials are not
// pages).
type filterFS struct {
	fs.FS
	skip func(path string) bool
}

func (f filterFS) ReadDir(name string) ([]fs.DirEntry, error) {
	entries, err := fs.ReadDir(f.FS, name)
	if err != nil {
		return nil, err
	}
	out := entries[:0:0]
	for _, e := range entries {
		if !f.skip(path.Join(name, e.Name())) {
			out = append(out, e)
		}
	}
	return out, nil
}
