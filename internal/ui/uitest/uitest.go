// Package uitest has small helpers for testing pages rendered with ui:
// parsing HTML and asserting by CSS selector (goquery), building a Renderer
// with the real catalogues, making requests in a given language, and a basic
// accessibility and CSP lint that every page test can run.
//
//	r, b := uitest.NewRenderer(t, directory.TemplatesFS)
//	rec := httptest.NewRecorder()
//	r.Render(rec, uitest.Request("GET", "/directory/agencies", "ka"), 200, "directory/agencies.html", page)
//	doc := uitest.Doc(t, rec.Body.String())
//	uitest.Find(t, doc, "table tbody tr")
//	uitest.CheckPage(t, doc)
//	uitest.CheckNoMissingMessages(t, b)
package uitest

import (
	"io/fs"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/i18n"
	"github.com/topcop-platform/topcop/internal/module"
	"github.com/topcop-platform/topcop/internal/ui"
)

// Doc parses body as an HTML document, failing the test if it cannot.
func Doc(t testing.TB, body string) *goquery.Document {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatalf("uitest.Doc: parse HTML: %v", err)
	}
	return doc
}

// Find returns the elements matching selector, failing the test if there are
// none.
func Find(t testing.TB, doc *goquery.Document, selector string) *goquery.Selection {
	t.Helper()
	s := doc.Find(selector)
	if s.Length() == 0 {
		t.Fatalf("uitest.Find: no element matches %q", selector)
	}
	return s
}

// Text returns the text of the first element matching selector, with runs of
// white space collapsed to one space and trimmed; it fails the test if
// nothing matches.
func Text(t testing.TB, doc *goquery.Document, selector string) string {
	t.Helper()
	return Squash(Find(t, doc, selector).First().Text())
}

// Attr returns attribute name of the first element matching selector,
// failing the test if nothing matches or the attribute is absent.
func Attr(t testing.TB, doc *goquery.Document, selector, name string) string {
	t.Helper()
	v, ok := Find(t, doc, selector).First().Attr(name)
	if !ok {
		t.Fatalf("uitest.Attr: %q has no attribute %q", selector, name)
	}
	return v
}

var spaces = regexp.MustCompile(`\s+`)

// Squash collapses white space runs to one space and trims.
func Squash(s string) string { return strings.TrimSpace(spaces.ReplaceAllString(s, " ")) }

// NewRenderer builds a Renderer from the real embedded catalogues and the
// given module FSs, failing the test on any error. The Bundle is fresh, so
// Bundle.Missing reflects only this test.
func NewRenderer(t testing.TB, modules ...fs.FS) (*ui.Renderer, *i18n.Bundle) {
	t.Helper()
	b, err := i18n.Load()
	if err != nil {
		t.Fatalf("i18n.Load: %v", err)
	}
	r, err := ui.NewRenderer(b, nil, modules...)
	if err != nil {
		t.Fatalf("ui.NewRenderer: %v", err)
	}
	return r, b
}

// NewMenuRenderer is NewRenderer with a primary navigation.
func NewMenuRenderer(t testing.TB, menu []ui.MenuItem, modules ...fs.FS) (*ui.Renderer, *i18n.Bundle) {
	t.Helper()
	b, err := i18n.Load()
	if err != nil {
		t.Fatalf("i18n.Load: %v", err)
	}
	r, err := ui.NewRenderer(b, menu, modules...)
	if err != nil {
		t.Fatalf("ui.NewRenderer: %v", err)
	}
	return r, b
}

// As returns req signed in as actor, as the server's authentication
// leaves it: the actor (which the navigation and the services read) and
// the user the layout greets.
func As(req *http.Request, actor core.Actor) *http.Request {
	ctx := core.WithActor(req.Context(), actor)
	if actor.AccountID != "" {
		ctx = ui.WithUser(ctx, &ui.User{ID: actor.AccountID, Name: actor.Name, Email: actor.Email,
			Roles: actor.RoleNames(), IsAdmin: actor.IsAdmin()})
	}
	return req.WithContext(ctx)
}

// ModuleRenderer builds a Renderer for one capability: its templates, its
// menu and its catalogues beside the shared ones, failing the test on any
// error.
func ModuleRenderer(t testing.TB, m module.Module) (*ui.Renderer, *i18n.Bundle) {
	t.Helper()
	var locales []fs.FS
	if m.Locales != nil {
		locales = append(locales, m.Locales)
	}
	b, err := i18n.Load(locales...)
	if err != nil {
		t.Fatalf("i18n.Load: %v", err)
	}
	var templates []fs.FS
	if m.Templates != nil {
		templates = append(templates, m.Templates)
	}
	r, err := ui.NewRenderer(b, m.Menu, templates...)
	if err != nil {
		t.Fatalf("ui.NewRenderer: %v", err)
	}
	return r, b
}

// Request returns a test request whose language cookie is lang (no cookie if
// lang is "").
func Request(method, target, lang string) *http.Request {
	req := httptest.NewRequest(method, target, nil)
	if lang != "" {
		req.AddCookie(&http.Cookie{Name: i18n.CookieName, Value: lang})
	}
	return req
}

// HTMX marks req as an htmx request (HX-Request: true) and returns it.
func HTMX(req *http.Request) *http.Request {
	req.Header.Set("HX-Request", "true")
	return req
}

// CheckNoMissingMessages fails the test if any Localizer of b was asked for a
// key its catalogue lacks (typically a key built at run time, which
// NewRenderer cannot check).
func CheckNoMissingMessages(t testing.TB, b *i18n.Bundle) {
	t.Helper()
	if m := b.Missing(); len(m) > 0 {
		t.Errorf("messages missing from the catalogues (lang:key): %s", strings.Join(m, ", "))
	}
}

// CheckPage runs a basic accessibility and Content-Security-Policy lint over
// a rendered page (full page or htmx fragment) and reports every problem:
//
//   - <html> has a lang attribute (full pages only)
//   - id attributes are unique
//   - every visible form control has a label (label[for], aria-label or
//     aria-labelledby) and every aria-describedby/aria-labelledby id exists
//   - every in-page link (href="#id") has a target
//   - every <img> has an alt attribute
//   - no inline style attributes, <style> elements, inline <script> or on*
//     event-handler attributes (the CSP forbids them)
func CheckPage(t testing.TB, doc *goquery.Document) {
	t.Helper()
	for _, p := range PageProblems(doc) {
		t.Error(p)
	}
}

// PageProblems is CheckPage returning the problems instead of failing.
func PageProblems(doc *goquery.Document) []string {
	var out []string
	if html := doc.Find("html"); html.Length() > 0 && doc.Find("head").Children().Length() > 0 {
		if lang, _ := html.Attr("lang"); strings.TrimSpace(lang) == "" {
			out = append(out, "<html> has no lang attribute")
		}
	}
	ids := map[string]int{}
	doc.Find("[id]").Each(func(_ int, s *goquery.Selection) {
		id, _ := s.Attr("id")
		ids[id]++
	})
	for id, n := range ids {
		if n > 1 {
			out = append(out, "id "+quote(id)+" is used "+strconv.Itoa(n)+" times")
		}
	}
	doc.Find("input, select, textarea").Each(func(_ int, s *goquery.Selection) {
		typ, _ := s.Attr("type")
		switch typ {
		case "hidden", "submit", "button", "reset", "image":
			return
		}
		if _, ok := s.Attr("aria-label"); ok {
			return
		}
		if _, ok := s.Attr("aria-labelledby"); ok {
			return
		}
		id, _ := s.Attr("id")
		if id == "" || doc.Find(`label[for="`+id+`"]`).Length() == 0 {
			name, _ := s.Attr("name")
			out = append(out, "form control "+goquery.NodeName(s)+" name="+quote(name)+" has no label")
		}
	})
	for _, attr := range []string{"aria-describedby", "aria-labelledby", "aria-controls"} {
		doc.Find("[" + attr + "]").Each(func(_ int, s *goquery.Selection) {
			v, _ := s.Attr(attr)
			for _, id := range strings.Fields(v) {
				if ids[id] == 0 {
					out = append(out, attr+" refers to missing id "+quote(id))
				}
			}
		})
	}
	doc.Find(`a[href^="#"]`).Each(func(_ int, s *goquery.Selection) {
		href, _ := s.Attr("href")
		if id := strings.TrimPrefix(href, "#"); id != "" && ids[id] == 0 {
			out = append(out, "link "+quote(href)+" has no target")
		}
	})
	doc.Find("img:not([alt])").Each(func(_ int, s *goquery.Selection) {
		src, _ := s.Attr("src")
		out = append(out, "img "+quote(src)+" has no alt")
	})
	if n := doc.Find("[style]").Length(); n > 0 {
		out = append(out, strconv.Itoa(n)+" element(s) with an inline style attribute (CSP)")
	}
	if n := doc.Find("style").Length(); n > 0 {
		out = append(out, "<style> element (CSP): use app.css")
	}
	doc.Find("script").Each(func(_ int, s *goquery.Selection) {
		if _, ok := s.Attr("src"); !ok {
			if typ, _ := s.Attr("type"); typ != "application/json" {
				out = append(out, "inline <script> (CSP)")
			}
		}
	})
	doc.Find("*").Each(func(_ int, s *goquery.Selection) {
		for _, a := range s.Nodes[0].Attr {
			if strings.HasPrefix(strings.ToLower(a.Key), "on") {
				out = append(out, "event handler attribute "+a.Key+" on <"+goquery.NodeName(s)+"> (CSP)")
			}
			if strings.HasPrefix(strings.ToLower(a.Key), "hx-on") {
				out = append(out, "hx-on attribute on <"+goquery.NodeName(s)+"> needs eval (CSP): use app.js")
			}
		}
	})
	return out
}

func quote(s string) string { return `"` + s + `"` }
