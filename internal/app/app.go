// Package app is the one wiring point of the platform: from a
// configuration it opens the database, migrates it with the foundation's
// and every capability's migrations, builds the audit log, the accounts
// service and every capability, and serves them. `topcop serve`, every
// other command and every test harness build the platform here, and
// nowhere else.
package app

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"slices"
	"time"

	"github.com/topcop-platform/topcop/internal/audit"
	"github.com/topcop-platform/topcop/internal/auth"
	"github.com/topcop-platform/topcop/internal/backup"
	"github.com/topcop-platform/topcop/internal/config"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
	"github.com/topcop-platform/topcop/internal/i18n"
	"github.com/topcop-platform/topcop/internal/module"
	"github.com/topcop-platform/topcop/internal/notify"
	"github.com/topcop-platform/topcop/internal/web"
)

// foundation are the platform's own pages and API, declared like
// capabilities: the accounts (own account, users, identity API), the
// audit log and notifications (mail, the outbox, in-app notifications).
// Their services are built before any capability; they come first in
// every platform, whatever Options.Modules says.
var foundation = []module.Module{auth.Module, audit.Module, notify.Module}

// Options adjust how a platform is built; the zero value is production.
type Options struct {
	// Modules replaces Capabilities (tests add an example capability).
	Modules []module.Module
	// Logger (nil: slog.Default()).
	Logger *slog.Logger
	// Now is the accounts service's clock (nil: time.Now); tests move it.
	Now func() time.Time
	// Issuer is the TOTP issuer name (default "TOPCOP").
	Issuer string
	// NoMigrate opens the database as it is (backup and audit verify read
	// a database without changing it).
	NoMigrate bool
	// Bare builds no capability, so nothing is written: no reference data
	// (restore wants an empty database; backup and audit verify only read).
	Bare bool
}

// Platform is a built platform: the database, the foundation's services
// and every capability, ready to serve or to run a command.
type Platform struct {
	Config  config.Config
	DB      *db.DB
	Audit   *audit.Log
	Auth    *auth.Service
	Env     *module.Env
	Modules []module.Module
	Logger  *slog.Logger
}

// Open builds the platform from cfg: it connects, adds every capability's
// migrations and applies them, then builds the audit log, the accounts
// service and each capability in list order. Close releases it.
func Open(ctx context.Context, cfg config.Config, opts Options) (*Platform, error) {
	d, err := db.Open(ctx, cfg.DB)
	if err != nil {
		return nil, err
	}
	p, err := Build(ctx, cfg, d, opts)
	if err != nil {
		d.Close()
		return nil, err
	}
	return p, nil
}

// Build is Open on a database the caller has opened (and closes):
// test harnesses open theirs through dbtest.
func Build(ctx context.Context, cfg config.Config, d *db.DB, opts Options) (*Platform, error) {
	mods := opts.Modules
	if mods == nil {
		mods = Capabilities
	}
	mods = append(slices.Clone(foundation), mods...)
	if err := checkModules(mods); err != nil {
		return nil, err
	}
	logger := opts.Logger
	if logger == nil {
		logger = slog.Default()
	}
	for _, m := range mods {
		if m.Migrations == nil {
			continue
		}
		if err := d.AddMigrations(m.Name, m.Migrations); err != nil {
			return nil, err
		}
	}
	if !opts.NoMigrate {
		if _, err := d.Migrate(ctx); err != nil {
			return nil, err
		}
	}
	env := &module.Env{Config: cfg, DB: d, Logger: logger}
	log := audit.New(d)
	issuer := opts.Issuer
	if issuer == "" {
		issuer = "TOPCOP"
	}
	// The accounts service checks grant scopes against the directory,
	// which is built after it: it asks for it when it needs it.
	directory := func() (auth.Directory, bool) { return module.Lookup[auth.Directory](env) }
	authSvc := auth.NewService(d, log, auth.Options{
		SessionTTL: cfg.SessionTTL,
		Issuer:     issuer,
		Now:        opts.Now,
		CountryExists: func(ctx context.Context, code string) (bool, error) {
			if dir, ok := directory(); ok {
				return dir.CountryExists(ctx, code)
			}
			return len(code) == 2, nil
		},
		AgencyCountry: func(ctx context.Context, id string) (string, error) {
			if dir, ok := directory(); ok {
				return dir.AgencyCountry(ctx, id)
			}
			return "", core.Errorf(core.NotFound, "no directory to find agency %s", id)
		},
	})
	module.Provide(env, log)
	module.Provide(env, authSvc)
	p := &Platform{Config: cfg, DB: d, Audit: log, Auth: authSvc, Env: env, Modules: mods, Logger: logger}
	if opts.Bare {
		return p, nil
	}
	for _, m := range mods {
		if m.Build == nil {
			continue
		}
		if err := m.Build(ctx, env); err != nil {
			stopMail(env)
			log.Close()
			return nil, fmt.Errorf("build %s: %w", m.Name, err)
		}
	}
	return p, nil
}

// checkModules refuses a list with a nameless or repeated capability.
func checkModules(mods []module.Module) error {
	seen := map[string]bool{}
	for _, m := range mods {
		if m.Name == "" {
			return errors.New("app: a capability without a name")
		}
		if seen[m.Name] {
			return fmt.Errorf("app: capability %q listed twice", m.Name)
		}
		seen[m.Name] = true
	}
	return nil
}

// Close stops the mail worker, then releases the audit appender and the
// database.
func (p *Platform) Close() {
	stopMail(p.Env)
	p.Audit.Close()
	p.DB.Close()
}

// stopMail stops the mail worker notify's Build started, if it did.
func stopMail(env *module.Env) {
	if n, ok := module.Lookup[*notify.Service](env); ok {
		n.Close()
	}
}

// Bundle loads the shared message catalogues and every capability's.
func (p *Platform) Bundle() (*i18n.Bundle, error) {
	var locales []fs.FS
	for _, m := range p.Modules {
		if m.Locales != nil {
			locales = append(locales, m.Locales)
		}
	}
	return i18n.Load(locales...)
}

// Server builds the HTTP server over the platform, with a fresh message
// bundle.
func (p *Platform) Server() (*web.Server, error) {
	b, err := p.Bundle()
	if err != nil {
		return nil, err
	}
	return p.ServerWith(b)
}

// ServerWith builds the HTTP server with the message bundle b.
func (p *Platform) ServerWith(b *i18n.Bundle) (*web.Server, error) {
	return web.New(web.Deps{
		Config: p.Config, DB: p.DB, Audit: p.Audit, Auth: p.Auth, Bundle: b, Logger: p.Logger,
		Env: p.Env, Modules: p.Modules,
	})
}

// BackupPlan lists every table in backup order (the foundation's, then
// each capability's, in list order) and those holding reference data.
func (p *Platform) BackupPlan() backup.Plan {
	var plan backup.Plan
	for _, m := range p.Modules {
		plan.Tables = append(plan.Tables, m.Tables...)
		plan.Reference = append(plan.Reference, m.Reference...)
	}
	return plan
}

// Transfer returns the importer/exporter of kind, and the kinds there are.
func (p *Platform) Transfer(kind string) (module.Transfer, []string, bool) {
	var kinds []string
	var found module.Transfer
	ok := false
	for _, m := range p.Modules {
		for _, t := range m.Transfers {
			kinds = append(kinds, t.Kind)
			if t.Kind == kind {
				found, ok = t, true
			}
		}
	}
	return found, kinds, ok
}

// ErrNotEmpty is returned by LoadDemo when the platform holds data.
var ErrNotEmpty = errors.New("the database already holds data; load the demo into an empty database")

// LoadDemo loads every capability's demo data, in list order, scale
// times, as the system. It refuses a platform that already holds data
// (ErrNotEmpty).
func (p *Platform) LoadDemo(ctx context.Context, scale int, progress func(done, total int)) (*module.DemoRun, error) {
	ctx = core.WithActor(ctx, core.SystemActor("demo"))
	for _, m := range p.Modules {
		if m.Demo == nil || m.Demo.Empty == nil {
			continue
		}
		empty, err := m.Demo.Empty(ctx, p.Env)
		if err != nil {
			return nil, err
		}
		if !empty {
			return nil, ErrNotEmpty
		}
	}
	run := &module.DemoRun{Scale: max(scale, 1), Progress: progress, IDs: map[string]string{}}
	for _, m := range p.Modules {
		if m.Demo == nil || m.Demo.Load == nil {
			continue
		}
		if err := m.Demo.Load(ctx, p.Env, run); err != nil {
			return run, fmt.Errorf("demo data of %s: %w", m.Name, err)
		}
	}
	// The planner's statistics must cover every capability's tables, not
	// only those loaded before a capability refreshed them (PostgreSQL's
	// autovacuum lags behind a bulk load).
	if err := p.DB.RefreshStatistics(ctx); err != nil {
		return run, fmt.Errorf("demo data: refresh statistics: %w", err)
	}
	return run, nil
}

// ModuleNames lists the capabilities' names in list order.
func (p *Platform) ModuleNames() []string {
	out := make([]string, len(p.Modules))
	for i, m := range p.Modules {
		out[i] = m.Name
	}
	return slices.Clip(out)
}
