package app_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/danielgtaylor/huma/v2"

	"github.com/topcop-platform/topcop/internal/app"
	"github.com/topcop-platform/topcop/internal/app/apptest"
	"github.com/topcop-platform/topcop/internal/config"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db/dbtest"
	"github.com/topcop-platform/topcop/internal/module"
	"github.com/topcop-platform/topcop/internal/ui"
)

func ok(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) }

// serverOf builds the platform with mods only (besides the foundation)
// on a fresh database of engine and returns the error of building its
// server.
func serverOf(t *testing.T, engine string, mods ...module.Module) error {
	t.Helper()
	p, err := app.Build(context.Background(), config.Default(), dbtest.Open(t, engine),
		app.Options{Modules: mods, Logger: apptest.TestLogger(t)})
	if err != nil {
		t.Fatalf("app.Build: %v", err)
	}
	t.Cleanup(p.Audit.Close)
	_, err = p.Server()
	return err
}

// TestServerRefusesUndeclaredAccess: the server does not start when a
// capability registers a page route without an access (the zero
// core.Access), or an API operation with huma.Register directly (no
// access recorded); a well-declared capability starts.
func TestServerRefusesUndeclaredAccess(t *testing.T) {
	for _, engine := range dbtest.Engines {
		t.Run(engine, func(t *testing.T) {
			declared := module.Module{Name: "declared", Pages: func(_ *module.Env, _ module.Web, r ui.Router) {
				r.HandleFunc("GET /declared", core.Member, ok)
			}}
			if err := serverOf(t, engine, declared); err != nil {
				t.Fatalf("a well-declared capability was refused: %v", err)
			}

			page := module.Module{Name: "undeclared-page", Pages: func(_ *module.Env, _ module.Web, r ui.Router) {
				r.HandleFunc("GET /declared", core.Member, ok)
				r.HandleFunc("POST /undeclared/{id}", core.Access{}, ok)
			}}
			err := serverOf(t, engine, page)
			if err == nil || !strings.Contains(err.Error(), "POST /undeclared/{id}") || !strings.Contains(err.Error(), "without an access declaration") {
				t.Errorf("a page route with a zero access: err = %v, want a refusal naming it", err)
			}

			op := module.Module{Name: "undeclared-operation", API: func(_ *module.Env, a huma.API) {
				huma.Register(a, huma.Operation{
					OperationID: "undeclared", Method: http.MethodGet, Path: "/api/v1/undeclared", Summary: "Undeclared",
				}, func(context.Context, *struct{}) (*struct{}, error) { return nil, nil })
			}}
			err = serverOf(t, engine, op)
			if err == nil || !strings.Contains(err.Error(), "GET /api/v1/undeclared") || !strings.Contains(err.Error(), "api.Register") {
				t.Errorf("an operation registered with huma.Register: err = %v, want a refusal naming it", err)
			}
		})
	}
}

// TestServerRefusesDuplicates: a route registered twice (here one the
// foundation serves) stops the server; a capability listed twice, or
// without a name, stops the build.
func TestServerRefusesDuplicates(t *testing.T) {
	engine := dbtest.Engines[0]
	dup := module.Module{Name: "duplicate", Pages: func(_ *module.Env, _ module.Web, r ui.Router) {
		r.HandleFunc("GET /login", core.Public, ok)
	}}
	if err := serverOf(t, engine, dup); err == nil || !strings.Contains(err.Error(), "GET /login") {
		t.Errorf("a route registered twice: err = %v", err)
	}
	for name, mods := range map[string][]module.Module{
		"listed twice": {{Name: "twice"}, {Name: "twice"}},
		"no name":      {{}},
	} {
		_, err := app.Build(context.Background(), config.Default(), dbtest.Open(t, engine), app.Options{Modules: mods, Logger: apptest.TestLogger(t)})
		if err == nil {
			t.Errorf("%s: the build succeeded", name)
		}
	}
}
