package app_test

import (
	"net/http"
	"slices"
	"testing"

	"github.com/topcop-platform/topcop/internal/app"
	"github.com/topcop-platform/topcop/internal/app/apptest"
	"github.com/topcop-platform/topcop/internal/app/example"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/i18n"
	"github.com/topcop-platform/topcop/internal/module"
	"github.com/topcop-platform/topcop/internal/ui/uitest"
	"github.com/topcop-platform/topcop/internal/web"
)

// withExample is the platform as it ships plus the example capability.
func withExample() apptest.Option {
	return apptest.Modules(append(slices.Clone(app.Capabilities), example.Module)...)
}

// TestExampleCapability: a capability added to the list brings its
// routes, with their declared access, into Server.Routes; the same route
// × role matrix covers them with no edit; its table joins the backup plan.
func TestExampleCapability(t *testing.T) {
	if slices.ContainsFunc(app.Capabilities, func(m module.Module) bool { return m.Name == example.Module.Name }) {
		t.Fatal("the example capability is listed in app.Capabilities: it exists for tests only")
	}
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		want := map[string]core.Access{
			"GET /example/notes":        core.Member,
			"GET /api/v1/example-notes": core.RolesIn(core.RoleAdmin, core.RoleCoordinator, core.RoleTrainer),
		}
		routes := e.Server.Routes()
		for key, acc := range want {
			i := slices.IndexFunc(routes, func(r web.Route) bool { return r.String() == key })
			if i < 0 {
				t.Fatalf("%s is not among the server's routes", key)
			}
			if !routes[i].Access.Equal(acc) {
				t.Errorf("%s declares %s, want %s", key, routes[i].Access, acc)
			}
		}
		if !slices.Contains(e.Platform.BackupPlan().Tables, "example_notes") {
			t.Error("the backup plan lacks example_notes")
		}

		res := apptest.RouteRoleMatrix(t, e, apptest.MatrixOptions{})
		if len(res.Routes) != len(routes) {
			t.Errorf("the matrix walked %d of %d routes", len(res.Routes), len(routes))
		}
		// The example's routes were walked by every role, and answered as
		// declared.
		wantStatus := map[string]int{
			"anonymous GET /example/notes":          http.StatusSeeOther,
			"observer GET /example/notes":           http.StatusOK,
			"participant GET /example/notes":        http.StatusOK,
			"admin GET /example/notes":              http.StatusOK,
			"anonymous GET /api/v1/example-notes":   http.StatusUnauthorized,
			"observer GET /api/v1/example-notes":    http.StatusForbidden,
			"participant GET /api/v1/example-notes": http.StatusForbidden,
			"mentor GET /api/v1/example-notes":      http.StatusForbidden,
			"trainer GET /api/v1/example-notes":     http.StatusOK,
			"coordinator GET /api/v1/example-notes": http.StatusOK,
		}
		for key, status := range wantStatus {
			if got, ok := res.Status[key]; !ok || got != status {
				t.Errorf("%s: status %d (walked: %v), want %d", key, got, ok, status)
			}
		}
		for _, r := range apptest.MatrixRoles {
			for key := range want {
				if _, ok := res.Status[r.Name+" "+key]; !ok {
					t.Errorf("the matrix did not walk %s as %s", key, r.Name)
				}
			}
		}
	}, withExample())
}

// TestExamplePageInEveryLanguage: the example's page and its menu entry
// render in all seven languages from its own catalogue, with the notes of
// its demo data, and pass the accessibility and CSP lint.
func TestExamplePageInEveryLanguage(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		e.LoadDemo(t)
		c := e.SignIn(t, e.AccountFor(t, core.RoleParticipant).Email)
		english := e.Bundle.Localizer("en").T("example.title")
		for _, lang := range i18n.Languages {
			c.Lang = lang.Code
			_, doc := c.GetDoc(t, "/example/notes", http.StatusOK)
			l := e.Bundle.Localizer(lang.Code)
			if got := uitest.Attr(t, doc, "html", "lang"); got != lang.Code {
				t.Errorf("%s: <html lang=%q>", lang.Code, got)
			}
			h1 := uitest.Text(t, doc, "h1")
			if h1 != l.T("example.title") || (lang.Code != "en") == (h1 == english) {
				t.Errorf("%s: heading %q, want the %s title %q", lang.Code, h1, lang.Code, l.T("example.title"))
			}
			if got := uitest.Text(t, doc, `.primary-nav a[href="/example/notes"]`); got != l.T("example.nav") {
				t.Errorf("%s: menu entry %q, want %q", lang.Code, got, l.T("example.nav"))
			}
			if got := uitest.Attr(t, doc, `.primary-nav a[href="/example/notes"]`, "aria-current"); got != "page" {
				t.Errorf("%s: menu entry aria-current %q, want page", lang.Code, got)
			}
			if n := doc.Find("main tbody tr").Length(); n != 2 {
				t.Errorf("%s: %d notes listed, want the 2 of the demo data", lang.Code, n)
			}
			for _, p := range uitest.PageProblems(doc) {
				t.Errorf("%s: %s", lang.Code, p)
			}
		}
		uitest.CheckNoMissingMessages(t, e.Bundle)
		// Anonymous visitors do not see the entry.
		_, doc := e.NewClient().GetDoc(t, "/login", http.StatusOK)
		if doc.Find(`a[href="/example/notes"]`).Length() != 0 {
			t.Error("anonymous visitors see the example's menu entry")
		}
	}, withExample())
}
