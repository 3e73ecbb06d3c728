package web

import (
	"io/fs"
	"net/http"
	"slices"

	"github.com/danielgtaylor/huma/v2"

	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/directory"
	"github.com/topcop-platform/topcop/internal/ui"
)

// templateModules lists the embedded template trees of every module with
// pages; the renderer parses them all at start-up.
func templateModules() []fs.FS {
	return []fs.FS{Templates, directory.Templates}
}

// routes is the one list of every route of the platform. Each capability
// contributes its pages and API operations here, nowhere else.
func (s *Server) routes() {
	m := &recorder{mux: s.mux, patterns: &s.patterns}

	// Operations.
	m.HandleFunc("GET /healthz", s.healthz)
	m.HandleFunc("GET /readyz", s.readyz)
	m.Handle("GET /metrics", s.metricsHandler())
	m.Handle("GET /static/", s.render.StaticHandler())
	m.Handle("GET /lang", ui.LanguageHandler(s.deps.Bundle))
	m.HandleFunc("GET /{$}", s.home)

	// Sign-in, second factor, own account.
	m.HandleFunc("GET /login", s.loginPage)
	m.HandleFunc("POST /login", s.loginSubmit)
	m.HandleFunc("GET /login/totp", s.loginTOTPPage)
	m.HandleFunc("POST /login/totp", s.loginTOTPSubmit)
	m.HandleFunc("POST /logout", s.logout)
	m.HandleFunc("GET /account", s.accountPage)
	m.HandleFunc("GET /account/totp", s.totpEnrolPage)
	m.HandleFunc("POST /account/totp/confirm", s.totpConfirm)
	m.HandleFunc("POST /account/password", s.accountPassword)
	m.HandleFunc("POST /account/sessions/{id}/revoke", s.sessionRevoke)
	m.HandleFunc("POST /account/tokens", s.tokenCreate)
	m.HandleFunc("POST /account/tokens/{id}/revoke", s.tokenRevoke)

	// Administration.
	m.HandleFunc("GET /admin/users", s.usersPage)
	m.HandleFunc("GET /admin/users/new", s.userNewPage)
	m.HandleFunc("POST /admin/users", s.userCreate)
	m.HandleFunc("GET /admin/users/{id}", s.userPage)
	m.HandleFunc("POST /admin/users/{id}", s.userUpdate)
	m.HandleFunc("POST /admin/users/{id}/disable", s.userDisable)
	m.HandleFunc("POST /admin/users/{id}/totp-reset", s.userTOTPReset)
	m.HandleFunc("POST /admin/users/{id}/sessions/{sid}/revoke", s.userSessionRevoke)
	m.HandleFunc("GET /admin/audit", s.auditPage)

	// The network directory.
	dw := directory.NewWeb(s.deps.Directory, s.render, s.fail)
	dw.Routes(m)

	// JSON API: /api/v1/…; the OpenAPI document is served at /api/openapi.json.
	s.registerAuthAPI()
	s.registerAuditAPI()
	directory.RegisterAPI(s.api, s.deps.Directory)
}

// home sends signed-in users to the directory overview, others to sign in.
func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	if core.ActorFrom(r.Context()).Authenticated() {
		http.Redirect(w, r, "/directory", http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// recorder registers page routes on the mux and remembers their patterns.
type recorder struct {
	mux      *http.ServeMux
	patterns *[]string
}

func (r *recorder) Handle(pattern string, h http.Handler) {
	*r.patterns = append(*r.patterns, pattern)
	r.mux.Handle(pattern, h)
}

func (r *recorder) HandleFunc(pattern string, h func(http.ResponseWriter, *http.Request)) {
	r.Handle(pattern, http.HandlerFunc(h))
}

var _ ui.Router = (*recorder)(nil)

// Routes lists every route as "METHOD /pattern": the page routes as
// registered, and the API operations from the OpenAPI document, so that
// the route × role matrix test walks them all.
func (s *Server) Routes() []string {
	out := slices.Clone(s.patterns)
	for path, item := range s.api.OpenAPI().Paths {
		for method, op := range map[string]*huma.Operation{
			http.MethodGet: item.Get, http.MethodPost: item.Post, http.MethodPut: item.Put,
			http.MethodPatch: item.Patch, http.MethodDelete: item.Delete,
		} {
			if op != nil {
				out = append(out, method+" "+path)
			}
		}
	}
	out = append(out, "GET /api/openapi.json")
	slices.Sort(out)
	return out
}
