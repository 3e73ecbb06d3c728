// Package dbtest gives tests a fresh, migrated database on each engine:
// a temporary SQLite file, and a private schema on the PostgreSQL at
// TOPCOP_TEST_PG (default postgres://127.0.0.1:5432/test). PostgreSQL tests
// skip with a visible message when the server is unreachable, unless
// TOPCOP_REQUIRE_PG is set, in which case they fail.
package dbtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/topcop-platform/topcop/internal/config"
	"github.com/topcop-platform/topcop/internal/db"
)

// DefaultPG is the server tests use when TOPCOP_TEST_PG is unset.
const DefaultPG = "postgres://127.0.0.1:5432/test?sslmode=disable"

// Engines lists the engine names in the order tests run them.
var Engines = []string{config.SQLite, config.Postgres}

// Each runs fn as a subtest on every engine with a fresh database migrated
// as Open does.
func Each(t *testing.T, fn func(t *testing.T, d *db.DB), migrations ...fs.FS) {
	t.Helper()
	for _, e := range Engines {
		t.Run(e, func(t *testing.T) {
			fn(t, Open(t, e, migrations...))
		})
	}
}

// Open returns a fresh database of the given engine, closed (and on
// PostgreSQL dropped) when the test ends, migrated with the foundation's
// migrations and the given extra sets (a capability's Module.Migrations:
// sqlite/ and postgres/ folders).
func Open(t testing.TB, engine string, migrations ...fs.FS) *db.DB {
	t.Helper()
	dsn := DSN(t, engine)
	ctx := context.Background()
	d, err := db.Open(ctx, dsn)
	if err != nil {
		t.Fatalf("open %s: %v", engine, err)
	}
	t.Cleanup(func() { d.Close() })
	for i, m := range migrations {
		if err := d.AddMigrations(fmt.Sprintf("dbtest-%d", i+1), m); err != nil {
			t.Fatalf("add migrations %d: %v", i+1, err)
		}
	}
	if _, err := d.Migrate(ctx); err != nil {
		t.Fatalf("migrate %s: %v", engine, err)
	}
	return d
}

// DSN returns the address of a fresh, empty database of the given engine
// (not migrated), for tests of the CLI and of restore.
func DSN(t testing.TB, engine string) config.DSN {
	t.Helper()
	if engine == config.SQLite {
		return config.DSN{Engine: config.SQLite, Path: filepath.Join(t.TempDir(), "topcop.db")}
	}
	admin := pgAdmin(t)
	schema := "t_" + randomHex(8)
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		if _, err := admin.Exec("DROP SCHEMA " + schema + " CASCADE"); err != nil {
			t.Logf("drop schema %s: %v", schema, err)
		}
	})
	u, _ := url.Parse(PGURL())
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return config.DSN{Engine: config.Postgres, URL: u.String()}
}

// PGURL is the PostgreSQL server tests use.
func PGURL() string {
	if v := os.Getenv("TOPCOP_TEST_PG"); v != "" {
		return v
	}
	return DefaultPG
}

var (
	adminOnce sync.Once
	adminDB   *sql.DB
	adminErr  error
)

func pgAdmin(t testing.TB) *sql.DB {
	t.Helper()
	adminOnce.Do(func() {
		adminDB, adminErr = sql.Open("pgx", PGURL())
		if adminErr == nil {
			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
			defer cancel()
			adminErr = adminDB.PingContext(ctx)
		}
	})
	if adminErr != nil {
		if os.Getenv("TOPCOP_REQUIRE_PG") != "" {
			t.Fatalf("PostgreSQL at %s is required (TOPCOP_REQUIRE_PG is set) but unreachable: %v", PGURL(), adminErr)
		}
		t.Skipf("SKIPPING PostgreSQL: %s unreachable (%v); set TOPCOP_REQUIRE_PG=1 to make this fail", PGURL(), adminErr)
	}
	return adminDB
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
