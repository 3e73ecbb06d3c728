package db

import (
	"context"
	"embed"
	"fmt"
	"io/fs"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var migrations embed.FS

// MigrationsFS returns the migrations of one engine ("sqlite" or
// "postgres"), for tests that compare the two sets.
func MigrationsFS(engine string) (fs.FS, error) {
	return fs.Sub(migrations, "migrations/"+engine)
}

func (d *DB) provider() (*goose.Provider, error) {
	sub, err := MigrationsFS(d.Dialect.String())
	if err != nil {
		return nil, err
	}
	var opts []goose.ProviderOption
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
