package db

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"testing/fstest"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

// foundation holds the platform's own migrations: accounts, grants,
// sessions, tokens, login throttling and the audit chain. Capabilities
// bring theirs (module.Module.Migrations) through AddMigrations.
//
//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var foundation embed.FS

// Foundation returns the platform's own migration set (sqlite/ and
// postgres/ folders).
func Foundation() fs.FS {
	sub, err := fs.Sub(foundation, "migrations")
	if err != nil {
		panic(err)
	}
	return sub
}

type migrationSet struct {
	name string
	fsys fs.FS
}

// AddMigrations adds a named migration set (a capability's), whose
// sqlite/ and postgres/ folders hold goose files with the same versions
// on both engines. Call it before Migrate, Ready or Version. Versions must
// be unique across all sets: new migrations are numbered by their UTC
// creation time (YYYYMMDDhhmmss_what.sql), so capabilities built side by
// side do not collide, and they may apply out of order. Errors: a set
// whose engines differ, or a version another set already has.
func (d *DB) AddMigrations(name string, fsys fs.FS) error {
	set := migrationSet{name: name, fsys: fsys}
	if _, err := MigrationFiles(append(slices.Clone(d.sets), set)...); err != nil {
		return err
	}
	d.sets = append(d.sets, set)
	return nil
}

// MigrationFiles merges the foundation's migrations and sets into one
// folder per engine ("sqlite", "postgres"), checking that every set has
// the same versions on both engines and that no version is used twice.
func MigrationFiles(sets ...migrationSet) (map[string]fs.FS, error) {
	all := append([]migrationSet{{name: "foundation", fsys: Foundation()}}, sets...)
	out := map[string]fs.FS{}
	owner := map[int64]string{} // version → set name
	versions := map[string][]int64{}
	for _, engine := range []string{"sqlite", "postgres"} {
		merged := fstest.MapFS{}
		for _, s := range all {
			files, err := fs.Glob(s.fsys, engine+"/*.sql")
			if err != nil {
				return nil, err
			}
			var vs []int64
			for _, f := range files {
				base := path.Base(f)
				v, err := goose.NumericComponent(base)
				if err != nil {
					return nil, fmt.Errorf("db: migrations of %s: %s: %w", s.name, f, err)
				}
				if engine == "sqlite" {
					if o, dup := owner[v]; dup {
						return nil, fmt.Errorf("db: migration version %d of %s is also used by %s", v, s.name, o)
					}
					owner[v] = s.name
				}
				data, err := fs.ReadFile(s.fsys, f)
				if err != nil {
					return nil, err
				}
				merged[base] = &fstest.MapFile{Data: data}
				vs = append(vs, v)
			}
			key := s.name
			if engine == "sqlite" {
				versions[key] = vs
			} else if !slices.Equal(versions[key], vs) {
				return nil, fmt.Errorf("db: migrations of %s differ between engines: sqlite %v, postgres %v", s.name, versions[key], vs)
			}
		}
		out[engine] = merged
	}
	return out, nil
}

// migrationSets returns the merged migrations of d's engine.
func (d *DB) migrationFS() (fs.FS, error) {
	m, err := MigrationFiles(d.sets...)
	if err != nil {
		return nil, err
	}
	return m[d.Dialect.String()], nil
}

// MigrationSet names a migration set for MigrationFiles (tests).
func MigrationSet(name string, fsys fs.FS) migrationSet { return migrationSet{name: name, fsys: fsys} }

func (d *DB) provider() (*goose.Provider, error) {
	sub, err := d.migrationFS()
	if err != nil {
		return nil, err
	}
	// Migrations of capabilities developed side by side carry timestamps
	// that may land in any order.
	opts := []goose.ProviderOption{goose.WithAllowOutofOrder(true)}
	dialect := goose.DialectSQLite3
	if d.Dialect == Postgres {
		dialect = goose.DialectPostgres
		// Replicas starting together must not migrate twice.
		locker, err := lock.NewPostgresSessionLocker()
		if err != nil {
			return nil, err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	return goose.NewProvider(dialect, d.write, sub, opts...)
}

// Migrate applies pending migrations and returns the schema version.
func (d *DB) Migrate(ctx context.Context) (int64, error) {
	p, err := d.provider()
	if err != nil {
		return 0, err
	}
	if _, err := p.Up(ctx); err != nil {
		return 0, fmt.Errorf("db: migrate: %w", err)
	}
	return p.GetDBVersion(ctx)
}

// Ready reports whether the database answers and has no pending
// migrations; /readyz uses it.
func (d *DB) Ready(ctx context.Context) error {
	if err := d.Ping(ctx); err != nil {
		return err
	}
	p, err := d.provider()
	if err != nil {
		return err
	}
	pending, err := p.HasPending(ctx)
	if err != nil {
		return fmt.Errorf("db: migration status: %w", err)
	}
	if pending {
		return fmt.Errorf("db: migrations pending")
	}
	return nil
}

// Version returns the current schema version and the newest known one.
func (d *DB) Version(ctx context.Context) (current, latest int64, err error) {
	p, err := d.provider()
	if err != nil {
		return 0, 0, err
	}
	current, err = p.GetDBVersion(ctx)
	if err != nil {
		return 0, 0, err
	}
	srcs := p.ListSources()
	if len(srcs) > 0 {
		latest = srcs[len(srcs)-1].Version
	}
	return current, latest, nil
}
