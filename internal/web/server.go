// Package web serves the platform over HTTP: middleware, the central
// guard that enforces every route's declared access, health and metrics,
// and the mounting of what each capability declares (internal/module).
// Pages and API handlers live in the capability packages; this package
// only serves and wires them.
package web

import (
	"fmt"
	"io/fs"
	"log"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/topcop-platform/topcop/internal/api"
	"github.com/topcop-platform/topcop/internal/audit"
	"github.com/topcop-platform/topcop/internal/auth"
	"github.com/topcop-platform/topcop/internal/config"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
	"github.com/topcop-platform/topcop/internal/i18n"
	"github.com/topcop-platform/topcop/internal/module"
	"github.com/topcop-platform/topcop/internal/ui"
)

// Deps is everything the server needs; internal/app builds it.
type Deps struct {
	Config  config.Config
	DB      *db.DB
	Audit   *audit.Log
	Auth    *auth.Service
	Bundle  *i18n.Bundle
	Logger  *slog.Logger
	Env     *module.Env
	Modules []module.Module
}

// Server is the platform's HTTP handler.
type Server struct {
	deps     Deps
	render   *ui.Renderer
	mux      *http.ServeMux
	api      huma.API
	handler  http.Handler
	sessions sessionCookies
	access   map[string]core.Access // route pattern → its declared access
	pages    []string               // page routes, as registered
	metrics  http.Handler           // /metrics, here or on its own address (Metrics)
}

// New builds the server: it parses every template (and fails if one does
// not parse), registers every route with its access, refuses to start if
// any route or API operation declares none, and wraps them in the
// middleware chain.
func New(deps Deps) (*Server, error) {
	if deps.Logger == nil {
		deps.Logger = slog.Default()
	}
	if deps.Env == nil {
		deps.Env = &module.Env{Config: deps.Config, DB: deps.DB, Logger: deps.Logger}
	}
	templates := []fs.FS{Templates}
	menu := slices.Clone(foundationMenu)
	for _, m := range deps.Modules {
		if m.Templates != nil {
			templates = append(templates, m.Templates)
		}
		menu = append(menu, m.Menu...)
	}
	render, err := ui.NewRenderer(deps.Bundle, menu, templates...)
	if err != nil {
		return nil, err
	}
	s := &Server{deps: deps, render: render, mux: http.NewServeMux(), access: map[string]core.Access{}}
	s.sessions = sessionCookies{secure: deps.Config.SecureCookies()}
	s.api = api.New(s.mux)
	if err := s.routes(); err != nil {
		return nil, err
	}
	s.handler = s.middleware(s.mux)
	return s, nil
}

// MaxHeaderBytes bounds the request line and headers the HTTP server
// reads (Go's default). Longer ones get Go's bare 431, so the limit the
// platform enforces, maxURLBytes, is well below it and answered in the
// platform's own shape.
const MaxHeaderBytes = 1 << 20

// HTTPServer returns the http.Server that serves s at addr, with the
// platform's timeouts and limits; errorLog receives the server's own
// errors (TLS handshakes, malformed requests).
func (s *Server) HTTPServer(addr string, errorLog *log.Logger) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    MaxHeaderBytes,
		ErrorLog:          errorLog,
	}
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// API returns the huma API, for the OpenAPI document in tests and docs.
func (s *Server) API() huma.API { return s.api }

// Route is one registered route with its declared access.
type Route struct {
	Method  string
	Pattern string // as registered: "/directory/people/{id}"
	Access  core.Access
	API     bool // a JSON API operation (or the OpenAPI document)
}

func (r Route) String() string { return r.Method + " " + r.Pattern }

// Routes lists every route of the server, page routes and API operations,
// with the access each declared, sorted by pattern. The route × role
// matrix test walks them all.
func (s *Server) Routes() []Route {
	out := make([]Route, 0, len(s.access))
	for key, acc := range s.access {
		method, pattern, _ := strings.Cut(key, " ")
		out = append(out, Route{Method: method, Pattern: pattern, Access: acc, API: strings.HasPrefix(pattern, "/api/")})
	}
	slices.SortFunc(out, func(a, b Route) int { return strings.Compare(a.String(), b.String()) })
	return out
}

// declare records the access of a route pattern; a pattern registered
// twice, or without access, is a wiring error.
func (s *Server) declare(pattern string, access core.Access) error {
	if !access.Declared() {
		return fmt.Errorf("web: route %q registered without an access declaration", pattern)
	}
	if _, dup := s.access[pattern]; dup {
		return fmt.Errorf("web: route %q registered twice", pattern)
	}
	s.access[pattern] = access
	return nil
}
