package db_test

import (
	"context"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/topcop-platform/topcop/internal/config"
	"github.com/topcop-platform/topcop/internal/db"
	"github.com/topcop-platform/topcop/internal/db/dbtest"
)

// set returns a migration set with one file per version on each engine,
// creating a table named after the file.
func set(sqlite, postgres []string) fstest.MapFS {
	m := fstest.MapFS{}
	for engine, files := range map[string][]string{"sqlite": sqlite, "postgres": postgres} {
		for _, f := range files {
			table := strings.TrimSuffix(f[strings.IndexByte(f, '_')+1:], ".sql")
			m[engine+"/"+f] = &fstest.MapFile{Data: []byte("-- +goose Up\nCREATE TABLE " + table + " (id TEXT PRIMARY KEY);\n-- +goose Down\nDROP TABLE " + table + ";\n")}
		}
	}
	return m
}

func same(files ...string) fstest.MapFS { return set(files, files) }

// TestFoundationMigrations: the foundation's own set has the same
// versions on both engines.
func TestFoundationMigrations(t *testing.T) {
	m, err := db.MigrationFiles()
	if err != nil {
		t.Fatal(err)
	}
	names := map[string][]string{}
	for _, e := range []string{"sqlite", "postgres"} {
		entries, err := fs.ReadDir(m[e], ".")
		if err != nil {
			t.Fatal(err)
		}
		for _, en := range entries {
			names[e] = append(names[e], en.Name())
		}
	}
	if len(names["sqlite"]) == 0 || !slices.Equal(names["sqlite"], names["postgres"]) {
		t.Fatalf("foundation migrations differ:\nsqlite:   %v\npostgres: %v", names["sqlite"], names["postgres"])
	}
}

// TestAddMigrationsRefuses: a set is refused, and not kept, when one of
// its versions is another set's (the foundation's or one added before),
// when its engines have different versions, or when a file name carries
// no version.
func TestAddMigrationsRefuses(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name    string
		earlier fs.FS // added first, accepted
		set     fs.FS
		want    string // in the error
	}{
		{"foundation's version", nil, same("00001_mine.sql"), "also used by foundation"},
		{"another set's version", same("20260101120000_theirs.sql"), same("20260101120000_mine.sql"), "also used by earlier"},
		{"one engine has more", nil, set([]string{"20260101120000_a.sql", "20260102120000_b.sql"}, []string{"20260101120000_a.sql"}), "differ between engines"},
		{"engines' versions differ", nil, set([]string{"20260101120000_a.sql"}, []string{"20260101120001_a.sql"}), "differ between engines"},
		{"only one engine", nil, set([]string{"20260101120000_a.sql"}, nil), "differ between engines"},
		{"no version", nil, same("mine.sql"), "mine.sql"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := dbtest.Open(t, config.SQLite)
			if tc.earlier != nil {
				if err := d.AddMigrations("earlier", tc.earlier); err != nil {
					t.Fatalf("earlier set refused: %v", err)
				}
			}
			err := d.AddMigrations("mine", tc.set)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("AddMigrations = %v, want an error containing %q", err, tc.want)
			}
			// The refused set is not kept: the rest still migrates.
			if _, err := d.Migrate(ctx); err != nil {
				t.Fatalf("Migrate after a refused set: %v", err)
			}
			if err := d.Ready(ctx); err != nil {
				t.Fatalf("Ready after a refused set: %v", err)
			}
		})
	}
}

// TestMigrationsOutOfOrder: a set numbered before one already applied
// (two capabilities developed side by side, merged in either order) still
// applies, on both engines.
func TestMigrationsOutOfOrder(t *testing.T) {
	ctx := context.Background()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		if err := d.AddMigrations("older", same("20260101120000_older.sql")); err != nil {
			t.Fatal(err)
		}
		if err := d.Ready(ctx); err == nil {
			t.Fatal("Ready with a set pending: no error")
		}
		if _, err := d.Migrate(ctx); err != nil {
			t.Fatalf("migrate the older set after the newer: %v", err)
		}
		if err := d.Ready(ctx); err != nil {
			t.Fatalf("Ready: %v", err)
		}
		tables, err := d.Tables(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"newer", "older"} {
			if !slices.Contains(tables, want) {
				t.Errorf("table %s missing from %v", want, tables)
			}
		}
		cur, latest, err := d.Version(ctx)
		// The foundation's own timestamped migrations may be newer than
		// the test's sets: the version is the newest of all, applied.
		if err != nil || cur != latest || latest < 20260202120000 {
			t.Fatalf("Version = %d, %d, %v; want the same, at least 20260202120000", cur, latest, err)
		}
	}, same("20260202120000_newer.sql"))
}

// TestLoginFailuresCleaned runs the Up statement of the migration that
// drops throttle rows whose key holds a NUL byte (stored on SQLite before
// such input was refused; they broke a restore into PostgreSQL) on rows
// stored as an older release did, and checks only those go.
func TestLoginFailuresCleaned(t *testing.T) {
	ctx := context.Background()
	d := dbtest.Open(t, config.SQLite)
	src, err := fs.ReadFile(db.Foundation(), "sqlite/20261203100000_login_failures_clean.sql")
	if err != nil {
		t.Fatal(err)
	}
	up, _, _ := strings.Cut(strings.SplitN(string(src), "-- +goose Up", 2)[1], "-- +goose Down")
	now := db.Now()
	err = d.Write(ctx, func(ctx context.Context) error {
		for i, key := range []string{"a\x00b@example.org|127.0.0.1", "clean@example.org|127.0.0.1"} {
			if _, err := d.Exec(ctx, `INSERT INTO login_failures (id, key, at) VALUES (?, ?, ?)`, string(rune('a'+i)), key, db.T(&now)); err != nil {
				return err
			}
		}
		_, err := d.Exec(ctx, up)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var n, bad int
	if err := d.QueryRow(ctx, `SELECT count(*), coalesce(sum(instr(key, char(0)) > 0), 0) FROM login_failures`).Scan(&n, &bad); err != nil {
		t.Fatal(err)
	}
	if n != 1 || bad != 0 {
		t.Fatalf("after the cleaning: %d rows, %d with NUL; want 1 and 0", n, bad)
	}
}
