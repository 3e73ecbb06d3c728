// Package module is the contract between the platform and its
// capabilities. A capability (directory, training, certificates, …) is one
// package under internal/ that exports one Module value saying everything
// the platform needs to know about it; internal/app lists those values in
// one place and builds the platform from them. Nothing outside a
// capability's package names its routes, tables, templates or messages.
//
// How to add a capability: docs/architecture.md.
package module

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"reflect"
	"sync"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/topcop-platform/topcop/internal/config"
	"github.com/topcop-platform/topcop/internal/db"
	"github.com/topcop-platform/topcop/internal/tabular"
	"github.com/topcop-platform/topcop/internal/ui"
)

// Module declares a capability. Only Name is required; every other field
// is what the capability has of that kind.
type Module struct {
	// Name is the capability's short name ("directory"): unique, lower
	// case; it names its catalogue folder and its log lines.
	Name string

	// Migrations holds sqlite/*.sql and postgres/*.sql (goose files), the
	// same versions on both engines. New migrations are numbered by their
	// UTC creation time (YYYYMMDDhhmmss_what.sql), so two capabilities built
	// side by side cannot collide; they may apply out of order.
	Migrations fs.FS

	// Templates holds templates/<name>/*.html, parsed at start-up.
	Templates fs.FS

	// Locales holds <lang>.toml message catalogues for all seven languages.
	Locales fs.FS

	// Tables lists the capability's tables, parents before children, in
	// the order backup writes and restore reads them.
	Tables []string

	// Reference lists the tables (among Tables) that Build seeds with
	// reference data; a restore replaces their rows.
	Reference []string

	// Menu entries, each with the access that shows it.
	Menu []ui.MenuItem

	// Home is the capability's landing page; "/" leads a signed-in account
	// there when no capability has a panel for them (see Panels).
	Home string

	// Panels are the capability's boxes on the home page ("/") for the
	// actor of ctx (its localizer: ui.LocalizerFrom(ctx)): the work
	// waiting for them. None is fine. They must be quick (a few indexed
	// queries) and show only what the actor may see.
	Panels func(ctx context.Context, env *Env) ([]ui.Panel, error)

	// Build makes the capability's services from env and Provides them,
	// and writes reference data the capability cannot work without (it
	// must be idempotent). It runs once per platform, after migrations, in
	// the order of the capability list, so a capability may Use the
	// services of those listed before it.
	Build func(ctx context.Context, env *Env) error

	// Pages registers the page routes, each with its access.
	Pages func(env *Env, web Web, r ui.Router)

	// API registers the JSON API operations (with api.Register, which
	// records each operation's access).
	API func(env *Env, a huma.API)

	// Demo loads the capability's part of the demo data set.
	Demo *Demo

	// Transfers are the kinds of records the capability imports and
	// exports as CSV or XLSX (topcop import KIND / export KIND).
	Transfers []Transfer

	// Jobs run periodically while the platform serves (reminders,
	// follow-ups). Every replica runs them: a job must be idempotent
	// across replicas (claim its work in the database, in the same
	// transaction as its effect).
	Jobs []Job
}

// Job is work a capability does periodically while the platform serves.
type Job struct {
	// Name is unique among jobs ("training.reminders"); logs name it.
	Name string
	// Every is the pause between two runs (the first run comes one pause
	// after start, with jitter so that replicas spread out).
	Every time.Duration
	// Run does one round. Its context carries a system actor named after
	// the job and ends when the platform stops.
	Run func(ctx context.Context, env *Env) error
}

// Web is what page handlers are built with.
type Web struct {
	Render *ui.Renderer
	// Fail answers a request with an error: a localised error page, a
	// problem document on the API, or a redirect to sign in.
	Fail func(http.ResponseWriter, *http.Request, error)
}

// Demo is a capability's part of the demo data set.
type Demo struct {
	// Empty reports whether the capability holds no data yet; the demo is
	// loaded only into an empty platform.
	Empty func(ctx context.Context, env *Env) (bool, error)
	// Load writes the data through the services, scale times. run carries
	// what earlier capabilities loaded (keys to ids) and collects counts.
	Load func(ctx context.Context, env *Env, run *DemoRun) error
}

// DemoRun is one load of the demo data set, shared by the capabilities in
// list order.
type DemoRun struct {
	Scale    int
	Progress func(done, total int) // may be nil
	// IDs maps a demo key ("person:p007") to the id of the record made
	// for it, so that later capabilities can refer to earlier records.
	IDs map[string]string
	// Counts of what was created, by kind ("agencies", "accounts", …), in
	// the order they were first counted.
	Counts []Count
	// Accounts are the demo sign-ins, printed after the load.
	Accounts []DemoAccount
}

// Count is a number of records of one kind.
type Count struct {
	Kind string
	N    int
}

// Add adds n to the count of kind.
func (r *DemoRun) Add(kind string, n int) {
	for i := range r.Counts {
		if r.Counts[i].Kind == kind {
			r.Counts[i].N += n
			return
		}
	}
	r.Counts = append(r.Counts, Count{kind, n})
}

// DemoAccount is a demo sign-in as printed on the console.
type DemoAccount struct {
	Email, Role, Scope, SecondFactor string
}

// Transfer is one kind of record that moves in and out as CSV or XLSX.
type Transfer struct {
	Kind string // "agencies", "people"
	// Import reads f in format; with dryRun it validates only. The report
	// lists every bad row; an error means nothing was written.
	Import func(ctx context.Context, env *Env, r io.Reader, format tabular.Format, dryRun bool) (tabular.Report, error)
	// Export writes every record the caller may see.
	Export func(ctx context.Context, env *Env, w io.Writer, format tabular.Format) error
}

// Env is the running platform as a capability sees it: the shared parts,
// and the services provided by the foundation (*audit.Log, *auth.Service)
// and by the capabilities listed before. It is built once by internal/app.
type Env struct {
	Config config.Config
	DB     *db.DB
	Logger *slog.Logger

	mu       sync.RWMutex
	services map[reflect.Type]any
}

// Provide makes svc available to Use under its static type T. Providing
// the same type twice is a wiring bug and panics.
func Provide[T any](env *Env, svc T) {
	env.mu.Lock()
	defer env.mu.Unlock()
	if env.services == nil {
		env.services = map[reflect.Type]any{}
	}
	t := reflect.TypeFor[T]()
	if _, dup := env.services[t]; dup {
		panic(fmt.Sprintf("module: %v provided twice", t))
	}
	env.services[t] = svc
}

// Lookup returns the service of type T, if one was provided.
func Lookup[T any](env *Env) (T, bool) {
	env.mu.RLock()
	defer env.mu.RUnlock()
	v, ok := env.services[reflect.TypeFor[T]()]
	if !ok {
		var zero T
		return zero, false
	}
	return v.(T), true
}

// Use returns the service of type T. A missing service is a wiring bug
// (a capability listed before the one it needs) and panics.
func Use[T any](env *Env) T {
	v, ok := Lookup[T](env)
	if !ok {
		panic(fmt.Sprintf("module: no %v provided (is the capability that provides it listed first?)", reflect.TypeFor[T]()))
	}
	return v
}

// Sub returns the subtree dir of an embedded fsys, for a Module's
// Migrations and Locales (`Sub(migrations, "migrations")`). A missing
// directory is a build-time mistake and panics at start-up.
func Sub(fsys fs.FS, dir string) fs.FS {
	s, err := fs.Sub(fsys, dir)
	if err != nil {
		panic(fmt.Sprintf("module: %s: %v", dir, err))
	}
	return s
}
