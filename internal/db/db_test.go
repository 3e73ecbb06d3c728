package db_test

import (
	"context"
	"errors"
	"io/fs"
	"regexp"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
	"github.com/topcop-platform/topcop/internal/db/dbtest"
)

// TestMigrationSetsMatch: both engines have the same migration versions.
func TestMigrationSetsMatch(t *testing.T) {
	names := map[string][]string{}
	for _, e := range []string{"sqlite", "postgres"} {
		fsys, err := db.MigrationsFS(e)
		if err != nil {
			t.Fatal(err)
		}
		entries, err := fs.ReadDir(fsys, ".")
		if err != nil {
			t.Fatal(err)
		}
		for _, en := range entries {
			names[e] = append(names[e], en.Name())
		}
	}
	if !slices.Equal(names["sqlite"], names["postgres"]) {
		t.Fatalf("migration files differ:\nsqlite:   %v\npostgres: %v", names["sqlite"], names["postgres"])
	}
}

// TestSchemaShapeMatches: a fresh database of each kind has the same
// tables with the same columns.
func TestSchemaShapeMatches(t *testing.T) {
	shapes := map[string]map[string][]string{}
	for _, e := range dbtest.Engines {
		t.Run(e, func(t *testing.T) {
			d := dbtest.Open(t, e)
			shapes[e] = schemaShape(t, d)
		})
	}
	if len(shapes) < 2 {
		return // PostgreSQL skipped, said so above
	}
	a, b := shapes["sqlite"], shapes["postgres"]
	for tbl, cols := range a {
		if !slices.Equal(cols, b[tbl]) {
			t.Errorf("table %s: sqlite columns %v, postgres %v", tbl, cols, b[tbl])
		}
	}
	for tbl := range b {
		if _, ok := a[tbl]; !ok {
			t.Errorf("table %s only on postgres", tbl)
		}
	}
}

func schemaShape(t *testing.T, d *db.DB) map[string][]string {
	ctx := context.Background()
	tables, err := d.Tables(ctx)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, tbl := range tables {
		var q string
		if d.Dialect == db.Postgres {
			q = `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ? ORDER BY column_name`
		} else {
			q = `SELECT name FROM pragma_table_info(?) ORDER BY name`
		}
		rows, err := d.Query(ctx, q, tbl)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var c string
			if err := rows.Scan(&c); err != nil {
				t.Fatal(err)
			}
			out[tbl] = append(out[tbl], c)
		}
		rows.Close()
	}
	return out
}

func TestWriteReadAndErrors(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := db.Now()
		insert := func(ctx context.Context, code string) error {
			_, err := d.Exec(ctx, `INSERT INTO countries (code, name_en, kind) VALUES (?, ?, ?)`, code, "Name "+code, "partner")
			return err
		}
		if err := d.Write(ctx, func(ctx context.Context) error { return insert(ctx, "GE") }); err != nil {
			t.Fatal(err)
		}
		// Unique violation → conflict, and the failed transaction changes nothing.
		err := d.Write(ctx, func(ctx context.Context) error {
			if err := insert(ctx, "MD"); err != nil {
				return err
			}
			return insert(ctx, "GE")
		})
		if !core.IsCode(err, core.Conflict) {
			t.Fatalf("duplicate insert: got %v, want conflict", err)
		}
		var n int
		if err := d.QueryRow(ctx, `SELECT count(*) FROM countries`).Scan(&n); err != nil || n != 1 {
			t.Fatalf("count = %d, %v; want 1 (rolled back)", n, err)
		}
		// Exec outside Write is refused.
		if _, err := d.Exec(ctx, `DELETE FROM countries`); err == nil {
			t.Fatal("Exec outside Write accepted")
		}
		// Nested Write joins; an error in fn rolls back.
		boom := errors.New("boom")
		err = d.Write(ctx, func(ctx context.Context) error {
			if err := d.Write(ctx, func(ctx context.Context) error { return insert(ctx, "AM") }); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("got %v, want boom", err)
		}
		err = d.QueryRow(ctx, `SELECT code FROM countries WHERE code = ?`, "AM").Scan(new(string))
		if !core.IsCode(db.NotFound(err, "country"), core.NotFound) {
			t.Fatalf("AM after rollback: %v", err)
		}
		// Time round trip.
		var got time.Time
		err = d.Write(ctx, func(ctx context.Context) error {
			id := core.NewID()
			if _, err := d.Exec(ctx, `INSERT INTO accounts (id, email, name, password_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
				id, "a@example.org", "A", "x", db.T(&now), db.T(&now)); err != nil {
				return err
			}
			return d.QueryRow(ctx, `SELECT created_at FROM accounts WHERE id = ?`, id).Scan(db.T(&got))
		})
		if err != nil {
			t.Fatal(err)
		}
		if !got.Equal(now) {
			t.Fatalf("time round trip: got %v, want %v", got, now)
		}
		// AfterCommit runs only after commit.
		ran := false
		_ = d.Write(ctx, func(ctx context.Context) error {
			db.AfterCommit(ctx, func() { ran = true })
			return boom
		})
		if ran {
			t.Fatal("AfterCommit ran after rollback")
		}
		_ = d.Write(ctx, func(ctx context.Context) error {
			db.AfterCommit(ctx, func() { ran = true })
			return nil
		})
		if !ran {
			t.Fatal("AfterCommit did not run after commit")
		}
		if err := d.Ready(ctx); err != nil {
			t.Fatalf("Ready: %v", err)
		}
	})
}

// TestConcurrentWriters: many goroutines writing at once all succeed (SQLite
// serialises them on its single writer; PostgreSQL runs them in parallel).
func TestConcurrentWriters(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		var wg sync.WaitGroup
		errs := make(chan error, 40)
		for i := range 40 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs <- d.Write(ctx, func(ctx context.Context) error {
					_, err := d.Exec(ctx, `INSERT INTO countries (code, name_en, kind) VALUES (?, ?, ?)`, string(rune('A'+i/26))+string(rune('A'+i%26)), "x", "eu_member")
					return err
				})
				// Reads in parallel with writes.
				var n int
				if err := d.QueryRow(ctx, `SELECT count(*) FROM countries`).Scan(&n); err != nil {
					errs <- err
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
	})
}

func TestRebind(t *testing.T) {
	d := &db.DB{Dialect: db.Postgres}
	got := d.Rebind("SELECT a FROM t WHERE b = ? AND c IN (?, ?)")
	if got != "SELECT a FROM t WHERE b = $1 AND c IN ($2, $3)" {
		t.Fatalf("Rebind = %q", got)
	}
	if !regexp.MustCompile(`^\?(, \?){2}$`).MatchString(db.Placeholders(3)) {
		t.Fatalf("Placeholders(3) = %q", db.Placeholders(3))
	}
}
