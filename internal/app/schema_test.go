package app_test

import (
	"context"
	"io/fs"
	"log/slog"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/topcop-platform/topcop/internal/app"
	"github.com/topcop-platform/topcop/internal/config"
	"github.com/topcop-platform/topcop/internal/db"
	"github.com/topcop-platform/topcop/internal/db/dbtest"
	"github.com/topcop-platform/topcop/internal/module"
)

// TestSchemaSameOnBothEngines: the whole platform (the foundation and
// every capability in app.Capabilities) migrates to the same schema on
// SQLite and PostgreSQL: the same tables, and in each the same columns
// with the same type class, nullability, default and primary key, and the
// same indexes. With TOPCOP_REQUIRE_PG set, a missing PostgreSQL fails
// the test; without it, the test says it compared nothing.
func TestSchemaSameOnBothEngines(t *testing.T) {
	schemas, plan := buildSchemas(t, nil)
	sq, pg := schemas[config.SQLite], schemas[config.Postgres]
	for _, d := range sq.Diff(config.SQLite, pg, config.Postgres) {
		t.Error(d)
	}
	// The comparison covers every table the capabilities declare.
	var names []string
	for _, tb := range sq.Tables {
		names = append(names, tb.Name)
	}
	declared := slices.Sorted(slices.Values(plan))
	if !slices.Equal(names, declared) {
		t.Errorf("tables compared %v, tables declared %v", names, declared)
	}
}

// TestSchemaDifferenceFails: the comparison catches a column made
// nullable on PostgreSQL only, planted in a copy of a capability's
// migrations, so TestSchemaSameOnBothEngines can fail.
func TestSchemaDifferenceFails(t *testing.T) {
	mods := slices.Clone(app.Capabilities)
	col := ""
	for i, m := range mods {
		if m.Migrations == nil {
			continue
		}
		planted, c, err := plantNullable(m.Migrations)
		if err != nil {
			t.Fatal(err)
		}
		if c != "" {
			mods[i].Migrations, col = planted, c
			break
		}
	}
	if col == "" {
		t.Fatal("no capability migration has a NOT NULL text column to plant a difference in")
	}
	schemas, _ := buildSchemas(t, mods)
	diff := schemas[config.SQLite].Diff(config.SQLite, schemas[config.Postgres], config.Postgres)
	if len(diff) != 1 || !strings.Contains(diff[0], "."+col+": nullable false on sqlite, true on postgres") {
		t.Fatalf("planted a nullable %s on postgres; differences found: %q", col, diff)
	}
	t.Logf("planted difference found: %s", diff[0])
}

// buildSchemas builds the platform with mods (nil: app.Capabilities) on a
// fresh database of each engine and reads back its schema; it also
// returns the tables the platform declares for backup.
func buildSchemas(t *testing.T, mods []module.Module) (map[string]db.Schema, []string) {
	t.Helper()
	schemas := map[string]db.Schema{}
	var tables []string
	for _, e := range dbtest.Engines {
		t.Run(e, func(t *testing.T) {
			ctx := context.Background()
			d := dbtest.Open(t, e)
			cfg := config.Default()
			cfg.DB = d.DSN()
			p, err := app.Build(ctx, cfg, d, app.Options{Modules: mods, Logger: slog.New(slog.DiscardHandler)})
			if err != nil {
				t.Fatalf("build on %s: %v", e, err)
			}
			t.Cleanup(p.Audit.Close)
			s, err := d.Schema(ctx)
			if err != nil {
				t.Fatalf("schema of %s: %v", e, err)
			}
			if len(s.Tables) == 0 {
				t.Fatalf("%s has no tables", e)
			}
			schemas[e] = s
			tables = p.BackupPlan().Tables
		})
	}
	if t.Failed() {
		t.FailNow()
	}
	for _, e := range dbtest.Engines {
		if _, ok := schemas[e]; ok {
			continue
		}
		if os.Getenv("TOPCOP_REQUIRE_PG") != "" {
			t.Fatalf("no schema from %s, which is required", e)
		}
		t.Skipf("SKIPPING the comparison: no schema from %s (skipped above); set TOPCOP_REQUIRE_PG=1 to make this fail", e)
	}
	return schemas, tables
}

var notNullText = regexp.MustCompile(`(?m)^(\s+)(\w+)(\s+text)\s+NOT NULL(\s+DEFAULT '')`)

// plantNullable returns a copy of migrations whose PostgreSQL side has its
// first NOT NULL text column with an empty default made nullable, and
// that column's name ("" if there is none).
func plantNullable(migrations fs.FS) (fs.FS, string, error) {
	out := fstest.MapFS{}
	col := ""
	err := fs.WalkDir(migrations, ".", func(path string, de fs.DirEntry, err error) error {
		if err != nil || de.IsDir() {
			return err
		}
		data, err := fs.ReadFile(migrations, path)
		if err != nil {
			return err
		}
		if col == "" && strings.HasPrefix(path, "postgres/") {
			if m := notNullText.FindSubmatchIndex(data); m != nil {
				col = string(data[m[4]:m[5]])
				planted := notNullText.ReplaceAll(data[:m[1]], []byte("$1$2$3$4"))
				data = append(planted, data[m[1]:]...)
			}
		}
		out[path] = &fstest.MapFile{Data: data}
		return nil
	})
	return out, col, err
}
