// Package example is a complete, tiny capability that exists only for
// tests: one table, one page with a menu entry, one API operation, a
// catalogue in all seven languages and a little demo data. It is never
// listed in app.Capabilities; internal/app/example_test.go builds the
// platform with it added and checks that the route × role matrix and the
// page checks cover it with no edit to them. Copy its shape to start a
// new capability (docs/architecture.md).
package example

import (
	"context"
	"embed"
	"net/http"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/topcop-platform/topcop/internal/api"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
	"github.com/topcop-platform/topcop/internal/module"
	"github.com/topcop-platform/topcop/internal/ui"
)

//go:embed migrations
var migrations embed.FS

//go:embed templates
var templates embed.FS

//go:embed locales
var locales embed.FS

// Access of the example's routes: every signed-in account reads the page;
// the API answers the project's staff and trainers only.
var (
	readers   = core.Member
	apiAccess = core.RolesIn(core.RoleAdmin, core.RoleCoordinator, core.RoleTrainer)
)

// Module declares the example capability.
var Module = module.Module{
	Name:       "example",
	Migrations: module.Sub(migrations, "migrations"),
	Templates:  templates,
	Locales:    module.Sub(locales, "locales"),
	Tables:     []string{"example_notes"},
	Menu: []ui.MenuItem{
		{Section: "example", URL: "/example/notes", Key: "example.nav", Access: readers, Order: 500},
	},
	Build: func(_ context.Context, env *module.Env) error {
		module.Provide(env, &Service{db: env.DB})
		return nil
	},
	Pages: func(env *module.Env, web module.Web, r ui.Router) {
		svc := module.Use[*Service](env)
		r.HandleFunc("GET /example/notes", readers, func(w http.ResponseWriter, req *http.Request) {
			notes, err := svc.Notes(req.Context(), core.PageRequest{Limit: core.MaxLimit})
			if err != nil {
				web.Fail(w, req, err)
				return
			}
			l := ui.LocalizerFrom(req.Context())
			web.Render.Render(w, req, http.StatusOK, "example/notes.html", ui.Page{Title: l.T("example.title"), Section: "example", Data: notes})
		})
	},
	API: func(env *module.Env, a huma.API) {
		svc := module.Use[*Service](env)
		api.Register(a, apiAccess, huma.Operation{
			OperationID: "list-example-notes",
			Method:      http.MethodGet,
			Path:        "/api/v1/example-notes",
			Summary:     "List example notes",
			Description: "The notes of the example capability, newest first. It exists only in tests.",
			Tags:        []string{"Example"},
		}, func(ctx context.Context, in *struct{ api.PageInput }) (*api.ListOutput[Note], error) {
			notes, err := svc.Notes(ctx, in.Page())
			if err != nil {
				return nil, api.Err(ctx, err)
			}
			return &api.ListOutput[Note]{Body: notes}, nil
		})
	},
	Demo: &module.Demo{
		Empty: func(ctx context.Context, env *module.Env) (bool, error) {
			n, err := module.Use[*Service](env).count(ctx)
			return n == 0, err
		},
		Load: func(ctx context.Context, env *module.Env, run *module.DemoRun) error {
			svc := module.Use[*Service](env)
			for _, body := range []string{"The first note.", "A second note."} {
				if _, err := svc.Add(ctx, body); err != nil {
					return err
				}
				run.Add("example notes", 1)
			}
			return nil
		},
	},
}

// Note is one note.
type Note struct {
	ID        string    `json:"id"`
	Body      string    `json:"body"`
	CreatedAt time.Time `json:"created_at"`
}

// Service reads and writes notes; it decides who may, whatever the route
// declared.
type Service struct {
	db *db.DB
}

// Notes lists notes, newest first, to any signed-in account. Errors:
// core.Unauthenticated.
func (s *Service) Notes(ctx context.Context, p core.PageRequest) (core.List[Note], error) {
	if !core.ActorFrom(ctx).Authenticated() {
		return core.List[Note]{}, core.Errorf(core.Unauthenticated, "sign in first")
	}
	limit := p.Limit
	if limit <= 0 || limit > core.MaxLimit {
		limit = core.DefaultLimit
	}
	rows, err := s.db.Query(ctx, `SELECT id, body, created_at FROM example_notes ORDER BY created_at DESC, id LIMIT ?`, limit)
	if err != nil {
		return core.List[Note]{}, err
	}
	defer rows.Close()
	out := core.List[Note]{Items: []Note{}}
	for rows.Next() {
		var n Note
		if err := rows.Scan(&n.ID, &n.Body, db.T(&n.CreatedAt)); err != nil {
			return core.List[Note]{}, err
		}
		out.Items = append(out.Items, n)
	}
	if err := rows.Err(); err != nil {
		return core.List[Note]{}, err
	}
	n, err := s.count(ctx)
	out.Total = n
	return out, err
}

// Add writes a note; administrators (and the system) only. Errors:
// core.Invalid [{body required}], core.Forbidden, core.Unauthenticated.
func (s *Service) Add(ctx context.Context, body string) (Note, error) {
	a := core.ActorFrom(ctx)
	switch {
	case !a.Authenticated():
		return Note{}, core.Errorf(core.Unauthenticated, "sign in first")
	case !a.IsAdmin():
		return Note{}, core.Errorf(core.Forbidden, "only administrators write example notes")
	}
	n := Note{ID: core.NewID(), Body: strings.TrimSpace(body), CreatedAt: db.Now()}
	if n.Body == "" {
		var v core.Validation
		v.Add("body", "required")
		return Note{}, v.Err()
	}
	err := s.db.Write(ctx, func(ctx context.Context) error {
		_, err := s.db.Exec(ctx, `INSERT INTO example_notes (id, body, created_at) VALUES (?, ?, ?)`, n.ID, n.Body, db.T(&n.CreatedAt))
		return err
	})
	return n, err
}

func (s *Service) count(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM example_notes`).Scan(&n)
	return n, err
}
