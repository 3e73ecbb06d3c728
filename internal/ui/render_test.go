package ui_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/PuerkitoBio/goquery"

	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/i18n"
	"github.com/topcop-platform/topcop/internal/ui"
	"github.com/topcop-platform/topcop/internal/ui/uitest"
)

// testMenu is a navigation like the platform's, each entry with its access.
var testMenu = []ui.MenuItem{
	{Section: "directory", URL: "/directory/agencies", Key: "nav.directory", Access: core.Member, Order: 100},
	{Section: "people", URL: "/directory/people", Key: "nav.people", Access: core.Member.Personal(), Order: 110},
	{Section: "networks", URL: "/directory/networks", Key: "nav.networks", Access: core.Member, Order: 120},
	{Section: "contact-points", URL: "/directory/contact-points", Key: "nav.contact_points", Access: core.Member.Personal(), Order: 130},
	{Section: "users", URL: "/admin/users", Key: "nav.users", Access: core.Admin, Order: 900},
	{Section: "audit", URL: "/admin/audit", Key: "nav.audit", Access: core.Admin, Order: 910},
	{Section: "account", URL: "/account", Key: "nav.account", Access: core.Member, Order: 950},
	{Section: "login", URL: "/login", Key: "auth.sign_in", Access: core.Public, Order: 960, AnonymousOnly: true},
}

// actor is a signed-in account holding role everywhere.
func actor(name string, r core.Role) core.Actor {
	return core.Actor{AccountID: "id-" + name, Name: name, Grants: []core.Grant{{Role: r, ScopeKind: core.ScopeGlobal}}}
}

var coordinator = actor("Coordinator", core.RoleCoordinator)

// testModule is a capability's template FS as it would embed it.
func testModule(pages map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for name, src := range pages {
		fsys["templates/"+name] = &fstest.MapFile{Data: []byte(src)}
	}
	return fsys
}

const helloPage = `
{{define "content"}}
<h1>{{.Page.Title}}</h1>
<p id="before">Before the list</p>
{{template "partial" .}}
{{end}}
{{define "partial"}}<div id="results"><h2>{{.L.T "common.actions"}}</h2><ul>{{range .Page.Data}}<li>{{.}}</li>{{end}}</ul></div>{{end}}
`

const brokenPage = `
{{define "content"}}
<p id="before">This must not reach the client</p>
{{index .Page.Data 5}}
{{end}}
`

func newTestRenderer(t *testing.T) (*ui.Renderer, *i18n.Bundle) {
	t.Helper()
	return uitest.NewMenuRenderer(t, testMenu, testModule(map[string]string{
		"test/hello.html":  helloPage,
		"test/broken.html": brokenPage,
		"test/all.html":    allPage,
	}))
}

func TestRenderFullPage(t *testing.T) {
	r, b := newTestRenderer(t)
	rec := httptest.NewRecorder()
	req := uitest.As(uitest.Request("GET", "/directory/people?q=ana&page=2", ""), coordinator)
	r.Render(rec, req, http.StatusOK, "test/hello.html", ui.Page{
		Title:       "People",
		Section:     "people",
		Data:        []string{"Ana", "<script>alert(1)</script>"},
		Flash:       "Saved.",
		Breadcrumbs: []ui.Crumb{{Label: "Directory", URL: "/directory/agencies"}, {Label: "People"}},
	})
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d", rec.Code)
	}
	if ct := rec.Header().Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	if got := rec.Header().Get("Content-Language"); got != "en" {
		t.Errorf("Content-Language %q", got)
	}
	if !slices.Contains(rec.Header().Values("Vary"), "HX-Request") {
		t.Errorf("Vary %q lacks HX-Request", rec.Header().Values("Vary"))
	}
	body := rec.Body.String()
	if strings.Contains(body, "<script>alert(1)</script>") {
		t.Error("page data was not escaped")
	}
	doc := uitest.Doc(t, body)
	if got := uitest.Text(t, doc, "title"); got != "People · TOPCOP" {
		t.Errorf("title %q", got)
	}
	uitest.Find(t, doc, "main#main[tabindex='-1'] h1")
	uitest.Find(t, doc, "#results li")
	if got := uitest.Text(t, doc, ".flash[role=status]"); got != "Saved." {
		t.Errorf("flash %q", got)
	}
	if got := uitest.Text(t, doc, ".primary-nav a[aria-current]"); got != "People" {
		t.Errorf("current nav %q", got)
	}
	if got := uitest.Attr(t, doc, ".primary-nav a[aria-current]", "aria-current"); got != "page" {
		t.Errorf("aria-current %q, want page (path equals the link)", got)
	}
	if got := uitest.Text(t, doc, `.breadcrumbs [aria-current="page"]`); got != "People" {
		t.Errorf("breadcrumb current %q", got)
	}
	if got := uitest.Attr(t, doc, ".breadcrumbs a", "href"); got != "/directory/agencies" {
		t.Errorf("breadcrumb link %q", got)
	}
	if got := uitest.Attr(t, doc, `.lang-switch input[name="next"]`, "value"); got != "/directory/people?q=ana&page=2" {
		t.Errorf("next %q", got)
	}
	uitest.CheckPage(t, doc)
	uitest.CheckNoMissingMessages(t, b)
}

func TestRenderPartialForHTMX(t *testing.T) {
	r, _ := newTestRenderer(t)
	rec := httptest.NewRecorder()
	r.Render(rec, uitest.HTMX(uitest.Request("GET", "/x", "uk")), http.StatusOK, "test/hello.html", ui.Page{Title: "T", Data: []string{"a", "b"}})
	body := rec.Body.String()
	if !strings.HasPrefix(strings.TrimSpace(body), `<div id="results">`) {
		t.Fatalf("partial body = %q", body)
	}
	for _, notWant := range []string{"<html", "<head", "Before the list", "skip-link"} {
		if strings.Contains(body, notWant) {
			t.Errorf("partial contains %q", notWant)
		}
	}
	if !strings.Contains(body, "Дії") {
		t.Errorf("partial not localised: %q", body)
	}
	// A history restore needs the whole page even though htmx sends it.
	rec = httptest.NewRecorder()
	req := uitest.HTMX(uitest.Request("GET", "/x", ""))
	req.Header.Set("HX-History-Restore-Request", "true")
	r.Render(rec, req, http.StatusOK, "test/hello.html", ui.Page{Title: "T"})
	if !strings.Contains(rec.Body.String(), "<html") {
		t.Error("history restore did not get the full page")
	}
	// A page without a "partial" block renders whole for htmx too.
	rec = httptest.NewRecorder()
	r.Error(rec, uitest.HTMX(uitest.Request("GET", "/x", "")), 404, "not_found", "")
	if strings.Contains(rec.Body.String(), "<html") {
		t.Error("error page should answer htmx with its partial")
	}
}

func TestRenderTemplateErrorIsClean500(t *testing.T) {
	r, _ := newTestRenderer(t)
	rec := httptest.NewRecorder()
	r.Render(rec, uitest.Request("GET", "/broken", "ka"), http.StatusOK, "test/broken.html", ui.Page{Title: "Broken", Data: []int{1}})
	if rec.Code != http.StatusInternalServerError {
		t.Fatalf("status %d, want 500", rec.Code)
	}
	body := rec.Body.String()
	if strings.Contains(body, "must not reach the client") {
		t.Error("the half-rendered page leaked into the response")
	}
	doc := uitest.Doc(t, body)
	if got := uitest.Text(t, doc, "h1"); got != "დაფიქსირდა შეცდომა" {
		t.Errorf("error title %q, want the Georgian internal-error title", got)
	}
	ref := uitest.Text(t, doc, ".error-id")
	if !strings.HasPrefix(ref, "შეცდომის კოდი: ") || len(strings.TrimPrefix(ref, "შეცდომის კოდი: ")) != 16 {
		t.Errorf("error reference %q", ref)
	}
	if got := uitest.Attr(t, doc, "html", "lang"); got != "ka" {
		t.Errorf("lang %q", got)
	}

	// An unknown page name is a 500 too, not a panic.
	rec = httptest.NewRecorder()
	r.Render(rec, uitest.Request("GET", "/", ""), http.StatusOK, "no/such.html", ui.Page{})
	if rec.Code != http.StatusInternalServerError {
		t.Errorf("unknown page: status %d", rec.Code)
	}
}

func TestErrorPageLocalised(t *testing.T) {
	r, b := newTestRenderer(t)
	cases := []struct {
		lang, code string
		status     int
		title      string
	}{
		{"uk", "not_found", 404, "Сторінку не знайдено"},
		{"ka", "not_found", 404, "გვერდი ვერ მოიძებნა"},
		{"uk", "forbidden", 403, "Доступ заборонено"},
		{"ka", "rate_limited", 429, "ძალიან ბევრი მოთხოვნა"},
		{"ro", "conflict", 409, "Înregistrarea s-a modificat"},
		{"en", "bogus_code", 500, "Something went wrong"},
	}
	for _, c := range cases {
		t.Run(c.lang+"/"+c.code, func(t *testing.T) {
			rec := httptest.NewRecorder()
			// Language from the context (the middleware's job) wins over the cookie.
			req := uitest.Request("GET", "/missing", "ru")
			req = req.WithContext(ui.WithLang(req.Context(), b.Localizer(c.lang)))
			r.Error(rec, req, c.status, c.code, "")
			if rec.Code != c.status {
				t.Errorf("status %d", rec.Code)
			}
			doc := uitest.Doc(t, rec.Body.String())
			if got := uitest.Text(t, doc, "h1"); got != c.title {
				t.Errorf("h1 %q, want %q", got, c.title)
			}
			if got := uitest.Attr(t, doc, "html", "lang"); got != c.lang {
				t.Errorf("lang %q", got)
			}
			if doc.Find(".error-id").Length() != 0 {
				t.Error("error id shown without one")
			}
			uitest.CheckPage(t, doc)
		})
	}
	// Unauthenticated offers sign-in and comes back here afterwards.
	rec := httptest.NewRecorder()
	r.Error(rec, uitest.Request("GET", "/directory/people?q=x", "en"), 401, "unauthenticated", "")
	doc := uitest.Doc(t, rec.Body.String())
	if got := uitest.Attr(t, doc, ".error-page a.button", "href"); got != "/login?next=%2fdirectory%2fpeople%3fq%3dx" {
		t.Errorf("sign-in link %q", got)
	}
	uitest.CheckNoMissingMessages(t, b)
}

func TestLayoutAccessibility(t *testing.T) {
	r, _ := newTestRenderer(t)
	for _, lang := range i18n.Languages {
		rec := httptest.NewRecorder()
		req := uitest.As(uitest.Request("GET", "/directory/agencies/42", lang.Code), coordinator)
		r.Render(rec, req, 200, "test/hello.html", ui.Page{Title: "X", Section: "directory"})
		doc := uitest.Doc(t, rec.Body.String())
		if got := uitest.Attr(t, doc, "html", "lang"); got != lang.Code {
			t.Errorf("%s: html lang %q", lang.Code, got)
		}
		// The skip link is the first focusable element and points at main.
		first := doc.Find("body a, body button, body input, body select").First()
		if href, _ := first.Attr("href"); href != "#main" || !first.HasClass("skip-link") {
			t.Errorf("%s: first focusable element is %v, want the skip link", lang.Code, first.Nodes)
		}
		uitest.Find(t, doc, "main#main")
		// The language select is labelled and each option names its language in itself.
		if got := uitest.Attr(t, doc, ".lang-switch label", "for"); got != "lang-select" {
			t.Errorf("%s: language label for=%q", lang.Code, got)
		}
		if got := uitest.Attr(t, doc, "#lang-select", "name"); got != "lang" {
			t.Errorf("select name %q", got)
		}
		if got := uitest.Attr(t, doc, ".lang-switch", "action"); got != "/lang" {
			t.Errorf("form action %q", got)
		}
		if got := uitest.Attr(t, doc, ".lang-switch", "method"); got != "get" {
			t.Errorf("form method %q", got)
		}
		opts := doc.Find("#lang-select option")
		if opts.Length() != 7 {
			t.Fatalf("%d language options", opts.Length())
		}
		for i, l := range i18n.Languages {
			o := opts.Eq(i)
			if v, _ := o.Attr("value"); v != l.Code {
				t.Errorf("option %d value %q", i, v)
			}
			if v, _ := o.Attr("lang"); v != l.Code {
				t.Errorf("option %d lang %q", i, v)
			}
			if uitest.Squash(o.Text()) != l.Native {
				t.Errorf("option %d text %q", i, o.Text())
			}
			_, selected := o.Attr("selected")
			if selected != (l.Code == lang.Code) {
				t.Errorf("%s: option %s selected=%v", lang.Code, l.Code, selected)
			}
		}
		// On a page below the section, the section link is current ("true").
		if got := uitest.Attr(t, doc, `.primary-nav a[href="/directory/agencies"]`, "aria-current"); got != "true" {
			t.Errorf("%s: directory aria-current %q", lang.Code, got)
		}
		uitest.Find(t, doc, "details.nav-menu > summary")
		uitest.Find(t, doc, "footer")
		uitest.Find(t, doc, `meta[name="htmx-config"]`)
		uitest.CheckPage(t, doc)
	}
}

func TestNavigationByUser(t *testing.T) {
	r, _ := newTestRenderer(t)
	render := func(a core.Actor) string {
		req := uitest.As(uitest.Request("GET", "/", "en"), a)
		rec := httptest.NewRecorder()
		r.Render(rec, req, 200, "test/hello.html", ui.Page{Title: "Home"})
		return rec.Body.String()
	}
	anon := uitest.Doc(t, render(core.Actor{}))
	if anon.Find(`.primary-nav a[href="/login"]`).Length() != 1 || anon.Find(`form[action="/logout"]`).Length() != 0 {
		t.Error("anonymous: want Sign in, no Sign out")
	}
	if n := anon.Find(`.primary-nav a`).Length(); n != 1 {
		t.Errorf("anonymous sees %d links, want only Sign in", n)
	}
	user := uitest.Doc(t, render(actor("Nino Beridze", core.RoleParticipant)))
	if user.Find(`.primary-nav form[action="/logout"][method="post"] button`).Length() != 1 {
		t.Error("signed in: no sign-out form")
	}
	if user.Find(`.primary-nav a[href="/account"]`).Length() != 1 || user.Find(`a[href="/login"]`).Length() != 0 {
		t.Error("signed in: want Account, no Sign in")
	}
	if user.Find(`a[href="/admin/audit"]`).Length() != 0 || user.Find(`a[href="/admin/users"]`).Length() != 0 {
		t.Error("non-admin sees admin links")
	}
	if user.Find(`.primary-nav a[href="/directory/people"]`).Length() != 1 {
		t.Error("a participant does not see the people link")
	}
	if got := uitest.Text(t, user, ".signed-in"); got != "Signed in as Nino Beridze" {
		t.Errorf("greeting %q", got)
	}
	// Observers see aggregated figures only: no links to personal data.
	obs := uitest.Doc(t, render(actor("Observer", core.RoleObserver)))
	if obs.Find(`a[href="/directory/people"]`).Length() != 0 || obs.Find(`a[href="/directory/contact-points"]`).Length() != 0 {
		t.Error("an observer sees links to personal data")
	}
	if obs.Find(`.primary-nav a[href="/directory/agencies"]`).Length() != 1 {
		t.Error("an observer does not see the directory link")
	}
	admin := uitest.Doc(t, render(actor("Admin", core.RoleAdmin)))
	for _, href := range []string{"/directory/agencies", "/directory/people", "/directory/networks", "/directory/contact-points", "/admin/users", "/admin/audit", "/account"} {
		if admin.Find(`.primary-nav a[href="`+href+`"]`).Length() != 1 {
			t.Errorf("admin nav lacks %s", href)
		}
	}
	// In menu order, whatever order the capabilities declared them in.
	var hrefs []string
	admin.Find(`.primary-nav a`).Each(func(_ int, s *goquery.Selection) { hrefs = append(hrefs, s.AttrOr("href", "")) })
	if want := []string{"/directory/agencies", "/directory/people", "/directory/networks", "/directory/contact-points", "/admin/users", "/admin/audit", "/account"}; !slices.Equal(hrefs, want) {
		t.Errorf("admin nav order %v, want %v", hrefs, want)
	}
}

// TestConcurrentRender renders in all seven languages at once; run with -race.
func TestConcurrentRender(t *testing.T) {
	r, b := newTestRenderer(t)
	var wg sync.WaitGroup
	errs := make(chan error, 70)
	for i := range 70 {
		lang := i18n.Languages[i%7].Code
		wg.Go(func() {
			req := uitest.Request("GET", fmt.Sprintf("/directory/people?n=%d", i), lang)
			if i%2 == 0 {
				req = req.WithContext(ui.WithLang(context.Background(), b.Localizer(lang)))
			}
			if i%3 == 0 {
				uitest.HTMX(req)
			}
			rec := httptest.NewRecorder()
			r.Render(rec, req, 200, "test/hello.html", ui.Page{Title: lang, Data: []string{lang}})
			want := b.Localizer(lang).T("common.actions")
			if rec.Code != 200 || !strings.Contains(rec.Body.String(), want) {
				errs <- fmt.Errorf("%s: status %d, body lacks %q", lang, rec.Code, want)
			}
			if i%3 != 0 && !strings.Contains(rec.Body.String(), `lang="`+lang+`"`) {
				errs <- fmt.Errorf("%s: wrong html lang", lang)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestNewRendererRejects(t *testing.T) {
	b := i18n.MustLoad()
	cases := map[string]struct {
		pages map[string]string
		want  string
	}{
		"parse error":        {map[string]string{"x/a.html": `{{define "content"}}{{.Page.Title}{{end}}`}, "x/a.html"},
		"no content block":   {map[string]string{"x/a.html": `<p>hi</p>`}, `defines no {{define "content"}}`},
		"unknown asset":      {map[string]string{"x/a.html": `{{define "content"}}<img alt="" src="{{asset "nope.png"}}">{{end}}`}, `unknown asset "nope.png"`},
		"unknown message":    {map[string]string{"x/a.html": `{{define "content"}}{{.L.T "no.such.key"}}{{end}}`}, "no.such.key (used in x/a.html)"},
		"unknown in partial": {map[string]string{"x/a.html": `{{define "content"}}x{{end}}{{define "partial"}}{{$.L.N "nope.plural" 3}}{{end}}`}, "nope.plural"},
		"missing template":   {map[string]string{"x/a.html": `{{define "content"}}{{template "pagr" .}}{{end}}`}, "pagr"},
		"escaping error":     {map[string]string{"x/a.html": `{{define "content"}}<a href="{{if .Page.Data}}/a?x={{else}}/b{{end}}{{.Page.Title}}">x</a>{{end}}`}, "ambiguous"},
		"unclosed tag":       {map[string]string{"x/a.html": `{{define "content"}}<a href="{{.Page.Title}}{{end}}`}, "x/a.html"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := ui.NewRenderer(b, testMenu, testModule(c.pages))
			if err == nil {
				t.Fatal("NewRenderer accepted a broken template")
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q does not mention %q", err, c.want)
			}
		})
	}
	t.Run("duplicate page", func(t *testing.T) {
		m := testModule(map[string]string{"x/a.html": `{{define "content"}}x{{end}}`})
		if _, err := ui.NewRenderer(b, nil, m, m); err == nil || !strings.Contains(err.Error(), "defined twice") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("module without templates dir", func(t *testing.T) {
		if _, err := ui.NewRenderer(b, nil, fstest.MapFS{"a.html": {Data: []byte("x")}}); err == nil {
			t.Error("accepted a module without templates/")
		}
	})
	t.Run("nil bundle", func(t *testing.T) {
		if _, err := ui.NewRenderer(nil, nil); err == nil {
			t.Error("accepted a nil bundle")
		}
	})
	t.Run("menu entry with an unknown message", func(t *testing.T) {
		menu := []ui.MenuItem{{URL: "/x", Key: "nav.no_such_entry", Access: core.Member}}
		if _, err := ui.NewRenderer(b, menu); err == nil || !strings.Contains(err.Error(), "nav.no_such_entry") {
			t.Errorf("err = %v, want it to name the unknown key", err)
		}
	})
}

func TestRendererInventory(t *testing.T) {
	r, _ := newTestRenderer(t)
	if got := r.Pages(); !slices.Equal(got, []string{"error.html", "test/all.html", "test/broken.html", "test/hello.html"}) {
		t.Errorf("Pages() = %v", got)
	}
	if !r.Has("test/hello.html") || r.Has("layout.html") || r.Has("partials/pager.html") {
		t.Error("Has() wrong")
	}
	keys := r.MessageKeys()
	for _, want := range []string{"skip.content", "lang.label", "pager.showing", "nav.audit", "error.rate_limited.text", "common.actions", "form.error_prefix", "chart.summary"} {
		if !slices.Contains(keys, want) {
			t.Errorf("MessageKeys lacks %s", want)
		}
	}
}

func TestLanguageMiddleware(t *testing.T) {
	b := i18n.MustLoad()
	var got string
	h := ui.LanguageMiddleware(b)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = ui.LocalizerFrom(r.Context()).Lang()
	}))
	req := httptest.NewRequest("GET", "/", nil)
	req.Header.Set("Accept-Language", "hy-AM,hy;q=0.9")
	h.ServeHTTP(httptest.NewRecorder(), req)
	if got != "hy" {
		t.Errorf("middleware picked %q", got)
	}
	req = uitest.Request("GET", "/", "az")
	req.Header.Set("Accept-Language", "hy")
	h.ServeHTTP(httptest.NewRecorder(), req)
	if got != "az" {
		t.Errorf("cookie: middleware picked %q", got)
	}
	if l := ui.LocalizerFrom(context.Background()); l.Lang() != "en" {
		t.Errorf("default localizer %q", l.Lang())
	}
	if ui.UserFrom(context.Background()) != nil {
		t.Error("UserFrom(empty) != nil")
	}
}

func TestLanguageHandler(t *testing.T) {
	h := ui.LanguageHandler(i18n.MustLoad())
	cases := []struct {
		query, cookie, location string
	}{
		{"lang=uk&next=%2Fdirectory%2Fpeople%3Fq%3Dx", "uk", "/directory/people?q=x"},
		{"lang=ka&next=https%3A%2F%2Fevil.example%2F", "ka", "/"},
		{"lang=ru&next=%2F%2Fevil.example", "ru", "/"},
		{"lang=ru&next=%2F%5Cevil.example", "ru", "/"},
		{"lang=xx&next=%2Fdirectory", "", "/directory"},
		{"", "", "/"},
	}
	for _, c := range cases {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/lang?"+c.query, nil))
		if rec.Code != http.StatusSeeOther {
			t.Errorf("%s: status %d", c.query, rec.Code)
		}
		if loc := rec.Header().Get("Location"); loc != c.location {
			t.Errorf("%s: Location %q, want %q", c.query, loc, c.location)
		}
		var cookie *http.Cookie
		for _, ck := range rec.Result().Cookies() {
			if ck.Name == i18n.CookieName {
				cookie = ck
			}
		}
		switch {
		case c.cookie == "" && cookie != nil:
			t.Errorf("%s: set cookie %q", c.query, cookie.Value)
		case c.cookie != "" && (cookie == nil || cookie.Value != c.cookie || !cookie.HttpOnly || cookie.Path != "/"):
			t.Errorf("%s: cookie %+v", c.query, cookie)
		}
	}
}

func TestSafeNext(t *testing.T) {
	for in, want := range map[string]string{
		"/a/b?c=d#e":          "/a/b?c=d#e",
		"":                    "/",
		"a/b":                 "/",
		"//evil.example":      "/",
		`/\evil.example`:      "/",
		"https://evil":        "/",
		"/ok\r\nSet-Cookie:x": "/",
		"javascript:alert(1)": "/",
	} {
		if got := ui.SafeNext(in); got != want {
			t.Errorf("SafeNext(%q) = %q, want %q", in, got, want)
		}
	}
}

func BenchmarkRenderFullPage(b *testing.B) {
	r, _ := uitest.NewRenderer(b, testModule(map[string]string{"test/all.html": allPage}))
	p := pageWithEverything()
	req := uitest.Request("GET", "/directory/people?q=x", "uk")
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		r.Render(rec, req, 200, "test/all.html", p)
	}
}

func BenchmarkNewRenderer(b *testing.B) {
	bundle := i18n.MustLoad()
	m := testModule(map[string]string{"test/all.html": allPage, "test/hello.html": helloPage})
	for b.Loop() {
		if _, err := ui.NewRenderer(bundle, testMenu, m); err != nil {
			b.Fatal(err)
		}
	}
}
