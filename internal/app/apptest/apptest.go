// Package apptest is the shared harness of the platform's integration
// tests: a real platform, built only through app.Build on a fresh
// database of each engine (dbtest), served over httptest; accounts of
// every role made through the accounts service; browser-like clients that
// sign in through the real forms (cookie jar, Sec-Fetch-Site, the TOTP
// step); API tokens from POST /api/v1/auth/token; request helpers and
// assertions; a headless Chromium for browser tests; and the route × role
// matrix (RouteRoleMatrix) that every capability's test runs.
//
//	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
//		e.LoadDemo(t)
//		c := e.SignIn(t, e.AccountFor(t, core.RoleCoordinator).Email)
//		res := c.Get(t, "/directory/people")
//		apptest.WantStatus(t, res, http.StatusOK)
//	})
//
// A capability under development adds itself with Extra(mod), or replaces
// the list with Modules(…); nothing here names a capability's package
// except the demo data the matrix's leak oracle reads.
package apptest

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/topcop-platform/topcop/internal/app"
	"github.com/topcop-platform/topcop/internal/audit"
	"github.com/topcop-platform/topcop/internal/auth"
	"github.com/topcop-platform/topcop/internal/config"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
	"github.com/topcop-platform/topcop/internal/db/dbtest"
	"github.com/topcop-platform/topcop/internal/i18n"
	"github.com/topcop-platform/topcop/internal/module"
	"github.com/topcop-platform/topcop/internal/web"
)

// Password is the password of every account the harness creates.
const Password = "correct horse battery staple"

// Issuer is the TOTP issuer of the platforms the harness builds.
const Issuer = "TOPCOP test"

// Clock is the accounts service's clock. A TOTP code is accepted once per
// 30-second step, so the harness moves the clock a step forward for every
// code; tests move it further to expire sessions and tokens.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a clock set to now, truncated to the second.
func NewClock() *Clock { return &Clock{t: time.Now().UTC().Truncate(time.Second)} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// Option adjusts the platform New builds.
type Option func(*options)

type options struct {
	modules []module.Module
	extra   []module.Module
	config  []func(*config.Config)
}

// Modules replaces the capability list (app.Capabilities) with mods.
func Modules(mods ...module.Module) Option {
	return func(o *options) { o.modules = mods }
}

// Extra adds mods after the capability list (a capability under test that
// app.Capabilities does not list).
func Extra(mods ...module.Module) Option {
	return func(o *options) { o.extra = append(o.extra, mods...) }
}

// Config changes the configuration the platform is built with (it starts
// from config.Default()).
func Config(fn func(*config.Config)) Option {
	return func(o *options) { o.config = append(o.config, fn) }
}

// Env is one running platform over one fresh database, served over
// httptest.
type Env struct {
	Engine   string
	Config   config.Config
	DB       *db.DB
	Platform *app.Platform
	// Audit and Auth are the platform's foundation services
	// (Platform.Audit, Platform.Auth).
	Audit *audit.Log
	Auth  *auth.Service
	// Bundle is fresh per server: Bundle.Missing reflects this test only.
	Bundle *i18n.Bundle
	Server *web.Server
	HTTP   *httptest.Server
	URL    string
	Clock  *Clock

	mu        sync.Mutex
	secrets   map[string]string       // e-mail → TOTP secret, for accounts enrolled here
	passwords map[string]string       // e-mail → password other than Password (demo accounts)
	accounts  map[string]auth.Account // e-mail → account made by CreateAccount
	demo      *module.DemoRun         // set by LoadDemo
}

// ForEachEngine runs fn as a subtest on each engine with its own platform
// built by New(t, engine, opts...).
func ForEachEngine(t *testing.T, fn func(t *testing.T, e *Env), opts ...Option) {
	t.Helper()
	for _, engine := range dbtest.Engines {
		t.Run(engine, func(t *testing.T) {
			fn(t, New(t, engine, opts...))
		})
	}
}

// New builds the platform on a fresh database of engine (app.Build, with
// the capabilities of app.Capabilities unless opts say otherwise, the
// harness's clock and a logger that writes warnings to the test log) and
// serves it over httptest until the test ends.
func New(t testing.TB, engine string, opts ...Option) *Env {
	t.Helper()
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	mods := o.modules
	if mods == nil {
		mods = app.Capabilities
	}
	mods = append(append([]module.Module(nil), mods...), o.extra...)
	cfg := config.Default()
	for _, fn := range o.config {
		fn(&cfg)
	}
	d := dbtest.Open(t, engine)
	clock := NewClock()
	p, err := app.Build(context.Background(), cfg, d, app.Options{
		Modules: mods,
		Now:     clock.Now,
		Issuer:  Issuer,
		Logger:  TestLogger(t),
	})
	if err != nil {
		t.Fatalf("app.Build: %v", err)
	}
	// dbtest closes the database; the audit appender stops first.
	t.Cleanup(p.Audit.Close)
	b, err := p.Bundle()
	if err != nil {
		t.Fatalf("message catalogues: %v", err)
	}
	srv, err := p.ServerWith(b)
	if err != nil {
		t.Fatalf("web server: %v", err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	return &Env{
		Engine: engine, Config: cfg, DB: d, Platform: p, Audit: p.Audit, Auth: p.Auth, Bundle: b,
		Server: srv, HTTP: hs, URL: hs.URL, Clock: clock,
		secrets: map[string]string{}, passwords: map[string]string{}, accounts: map[string]auth.Account{},
	}
}

// Use returns the service of type T a capability of e provided
// (module.Use on the platform's Env).
func Use[T any](e *Env) T { return module.Use[T](e.Platform.Env) }

// SysCtx is a context of the system actor (the CLI's rights).
func SysCtx() context.Context {
	return core.WithActor(context.Background(), core.SystemActor("apptest"))
}

// SysCtx is the package's SysCtx, for convenience.
func (e *Env) SysCtx() context.Context { return SysCtx() }

// LoadDemo loads the demo data set (scale 1) through the platform, as
// `topcop demo` does, and makes the harness know the demo accounts'
// password. It returns the run (keys to ids: run.IDs["person:p007"]).
func (e *Env) LoadDemo(t testing.TB) *module.DemoRun {
	t.Helper()
	return e.LoadDemoScale(t, 1)
}

// LoadDemoScale is LoadDemo with the data set copied scale times.
func (e *Env) LoadDemoScale(t testing.TB, scale int) *module.DemoRun {
	t.Helper()
	run, err := e.Platform.LoadDemo(SysCtx(), scale, nil)
	if err != nil {
		t.Fatalf("load demo data: %v", err)
	}
	e.mu.Lock()
	e.demo = run
	for _, a := range run.Accounts {
		e.passwords[auth.NormalizeEmail(a.Email)] = demoPassword
	}
	e.mu.Unlock()
	return run
}

// TestLogger returns a logger that sends warnings and errors to t's log
// until t ends.
func TestLogger(t testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(newLogWriter(t), &slog.HandlerOptions{Level: slog.LevelWarn}))
}

type logWriter struct {
	mu   sync.Mutex
	t    testing.TB
	done bool
}

func newLogWriter(t testing.TB) *logWriter {
	w := &logWriter{t: t}
	t.Cleanup(func() {
		w.mu.Lock()
		w.done = true
		w.mu.Unlock()
	})
	return w
}

func (w *logWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.done {
		w.t.Log(strings.TrimSpace(string(p)))
	}
	return len(p), nil
}

// DemoID returns the id of the demo record key ("person:p007",
// "agency:ua-npu", "network:scf"), failing unless LoadDemo made it.
func (e *Env) DemoID(t testing.TB, key string) string {
	t.Helper()
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.demo == nil {
		t.Fatalf("DemoID %s: the demo data is not loaded (call LoadDemo)", key)
	}
	id, ok := e.demo.IDs[key]
	if !ok {
		t.Fatalf("DemoID %s: no such demo record", key)
	}
	return id
}
