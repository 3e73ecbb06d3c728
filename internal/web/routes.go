package web

import (
	"cmp"
	"errors"
	"fmt"
	"net/http"
	"slices"

	"github.com/topcop-platform/topcop/internal/api"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/module"
	"github.com/topcop-platform/topcop/internal/ui"
)

// foundationMenu is the navigation of the pages this package serves
// itself (sign-in); the account, users and audit pages declare theirs in
// their packages' Module, like every capability.
var foundationMenu = []ui.MenuItem{
	{Section: "home", URL: "/", Key: "nav.home", Access: core.Member, Order: 10},
	{Section: "login", URL: "/login", Key: "auth.sign_in", Access: core.Public, Order: 960, AnonymousOnly: true},
}

// Access of the sign-in and enrolment steps: reachable while the second
// factor is pending.
var publicEnrolling = core.Public.Enrolling()

// routes registers the foundation's routes, then every capability's pages
// and API operations, each with its declared access. It fails if any
// route or operation declares none.
func (s *Server) routes() error {
	m := &recorder{s: s}

	// Operations.
	m.HandleFunc("GET /healthz", publicEnrolling, s.healthz)
	m.HandleFunc("GET /readyz", publicEnrolling, s.readyz)
	s.metrics = s.metricsHandler()
	if s.deps.Config.MetricsAddr == "" {
		m.Handle("GET /metrics", core.Public, s.metrics) // else on its own address: Metrics
	}
	m.Handle("GET /static/", publicEnrolling, s.render.StaticHandler())
	m.Handle("GET /lang", publicEnrolling, ui.LanguageHandler(s.deps.Bundle))
	m.HandleFunc("GET /{$}", core.Public, s.home)

	// Sign-in and its second-factor step (the session cookie is ours).
	m.HandleFunc("GET /login", core.Public, s.loginPage)
	m.HandleFunc("POST /login", core.Public, s.loginSubmit)
	m.HandleFunc("GET /login/totp", publicEnrolling, s.loginTOTPPage)
	m.HandleFunc("POST /login/totp", publicEnrolling, s.loginTOTPSubmit)
	m.HandleFunc("POST /logout", publicEnrolling, s.logout)

	// The OpenAPI document of the whole API, at /api/openapi.json (and
	// .yaml, and the 3.0 downgrades).
	for _, p := range []string{"/api/openapi.json", "/api/openapi.yaml", "/api/openapi-3.0.json", "/api/openapi-3.0.yaml"} {
		m.err = errors.Join(m.err, s.declare("GET "+p, core.Public))
	}

	// Every capability: its pages and its API operations.
	web := module.Web{Render: s.render, Fail: s.fail}
	for _, mod := range s.deps.Modules {
		if mod.Pages != nil {
			mod.Pages(s.deps.Env, web, m)
		}
		if mod.API != nil {
			mod.API(s.deps.Env, s.api)
		}
	}

	for _, op := range api.Operations(s.api) {
		if !op.Declared {
			m.err = errors.Join(m.err, fmt.Errorf("web: API operation %s %s registered without an access declaration (use api.Register)", op.Method, op.Path))
			continue
		}
		m.err = errors.Join(m.err, s.declare(op.Method+" "+op.Path, op.Access))
	}
	return m.err
}

// home shows a signed-in account the work waiting for it: every
// capability's panels for them (module.Module's Panels), by order. With
// none to show it leads to the landing page; others go to sign in.
func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	a := core.ActorFrom(r.Context())
	if !a.Authenticated() {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	}
	var panels []ui.Panel
	for _, m := range s.deps.Modules {
		if m.Panels == nil {
			continue
		}
		ps, err := m.Panels(r.Context(), s.deps.Env)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		for _, p := range ps {
			if p.Shown() {
				panels = append(panels, p)
			}
		}
	}
	if len(panels) == 0 {
		http.Redirect(w, r, s.landing(r), http.StatusSeeOther)
		return
	}
	slices.SortStableFunc(panels, func(x, y ui.Panel) int { return x.Order - y.Order })
	l := localizer(r)
	s.render.Render(w, r, http.StatusOK, "home/home.html", ui.Page{
		Title: l.T("home.title"), Section: "home", Data: homeData{Name: cmp.Or(a.Name, a.Email), Panels: panels},
	})
}

// homeData is .Page.Data of home/home.html.
type homeData struct {
	Name   string
	Panels []ui.Panel
}

// landing is where "/" leads a signed-in account: the home page of the
// first capability that declares one, else the account page.
func (s *Server) landing(*http.Request) string {
	for _, m := range s.deps.Modules {
		if m.Home != "" {
			return m.Home
		}
	}
	return "/account"
}

// recorder registers page routes on the mux with their access.
type recorder struct {
	s   *Server
	err error
}

func (m *recorder) Handle(pattern string, access core.Access, h http.Handler) {
	if err := m.s.declare(pattern, access); err != nil {
		m.err = errors.Join(m.err, err)
		return
	}
	m.s.pages = append(m.s.pages, pattern)
	m.s.mux.Handle(pattern, h)
}

func (m *recorder) HandleFunc(pattern string, access core.Access, h func(http.ResponseWriter, *http.Request)) {
	m.Handle(pattern, access, http.HandlerFunc(h))
}

var _ ui.Router = (*recorder)(nil)
