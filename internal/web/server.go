// Package web assembles the HTTP server: middleware, the one list of
// routes (routes.go), health and metrics endpoints. Pages and API handlers
// live in the capability packages; this package only wires them.
package web

import (
	"log/slog"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/topcop-platform/topcop/internal/api"
	"github.com/topcop-platform/topcop/internal/audit"
	"github.com/topcop-platform/topcop/internal/auth"
	"github.com/topcop-platform/topcop/internal/config"
	"github.com/topcop-platform/topcop/internal/db"
	"github.com/topcop-platform/topcop/internal/directory"
	"github.com/topcop-platform/topcop/internal/i18n"
	"github.com/topcop-platform/topcop/internal/ui"
)

// Deps is everything the server needs, built by the CLI (or a test).
type Deps struct {
	Config    config.Config
	DB        *db.DB
	Audit     *audit.Log
	Auth      *auth.Service
	Directory *directory.Service
	Bundle    *i18n.Bundle
	Logger    *slog.Logger
}

// Server is the platform's HTTP handler.
type Server struct {
	deps     Deps
	render   *ui.Renderer
	mux      *http.ServeMux
	api      huma.API
	handler  http.Handler
	sessions sessionCookies
	patterns []string // page routes, as registered (see Routes)
}

// New builds the server: it parses every template (and fails if one does
// not parse), registers all routes and wraps them in the middleware chain.
func New(deps Deps) (*Server, error) {
	if deps.Logger == nil {
		deps.Logger = slog.Default()
	}
	render, err := ui.NewRenderer(deps.Bundle, templateModules()...)
	if err != nil {
		return nil, err
	}
	s := &Server{deps: deps, render: render, mux: http.NewServeMux()}
	s.sessions = sessionCookies{secure: deps.Config.SecureCookies()}
	s.api = api.New(s.mux)
	s.routes()
	s.handler = s.middleware(s.mux)
	return s, nil
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// API returns the huma API, for the OpenAPI document in tests and docs.
func (s *Server) API() huma.API { return s.api }
