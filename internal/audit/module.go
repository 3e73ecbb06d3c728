package audit

import (
	"context"
	"embed"
	"log/slog"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/module"
	"github.com/topcop-platform/topcop/internal/ui"
)

//go:embed templates
var templates embed.FS

//go:embed locales
var locales embed.FS

// Module declares the audit log's pages and API to the platform: the
// browsable, filterable log and the chain check, for admins. The Log
// itself is built by internal/app before any capability, since every
// capability writes to it.
var Module = module.Module{
	Name:      "audit",
	Templates: templates,
	Locales:   module.Sub(locales, "locales"),
	Tables:    []string{"audit_log", "audit_head", "audit_checkpoints"},
	Reference: []string{"audit_head"},
	Menu: []ui.MenuItem{
		{Section: "audit", URL: "/admin/audit", Key: "nav.audit", Access: core.Admin, Order: 910},
	},
	// Build loads the checkpoint key and, with one, starts signing the
	// chain head every DefaultCheckpointEvery until the log is closed;
	// without one it says that checkpoints are off.
	Build: func(ctx context.Context, env *module.Env) error {
		l := module.Use[*Log](env)
		key, err := LoadKey(env.Config.AuditKeyFile, env.Config.AuditKey)
		if err != nil {
			return err
		}
		if key == nil {
			env.Logger.Warn(CheckpointsOff)
			return nil
		}
		l.UseKey(key)
		l.StartCheckpoints(CheckpointOptions{Logger: env.Logger})
		env.Logger.Info("audit checkpoints on", "key_id", key.ID(), "every", DefaultCheckpointEvery.String())
		return nil
	},
	Pages: func(env *module.Env, web module.Web, r ui.Router) {
		p := &pages{log: module.Use[*Log](env), render: web.Render, fail: web.Fail, logger: env.Logger}
		r.HandleFunc("GET /admin/audit", core.Admin, p.auditPage)
		r.HandleFunc("GET /admin/audit/export", core.Admin, p.exportCSV)
	},
	API: func(env *module.Env, a huma.API) { registerAPI(a, module.Use[*Log](env)) },
}

// pages serves the audit log page.
type pages struct {
	log    *Log
	render *ui.Renderer
	fail   func(http.ResponseWriter, *http.Request, error)
	logger *slog.Logger
}
