package db_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"github.com/topcop-platform/topcop/internal/config"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
	"github.com/topcop-platform/topcop/internal/db/dbtest"
)

// things is a migration set of the tests' own: a table with a unique
// column, so that these tests need no capability.
var things = fstest.MapFS{
	"sqlite/20000101000000_things.sql":   {Data: []byte(thingsSQL)},
	"postgres/20000101000000_things.sql": {Data: []byte(thingsSQL)},
}

const thingsSQL = `-- +goose Up
CREATE TABLE things (code TEXT PRIMARY KEY, name TEXT NOT NULL);
-- +goose Down
DROP TABLE things;
`

// TestSchemaMatches: a fresh database of each engine has the same tables,
// columns (type class, nullability, default, primary key) and indexes.
// The whole platform's schema (every capability's migrations) is compared
// in internal/app.
func TestSchemaMatches(t *testing.T) {
	ctx := context.Background()
	schemas := map[string]db.Schema{}
	for _, e := range dbtest.Engines {
		t.Run(e, func(t *testing.T) {
			s, err := dbtest.Open(t, e).Schema(ctx)
			if err != nil {
				t.Fatal(err)
			}
			schemas[e] = s
		})
	}
	if t.Failed() {
		t.FailNow()
	}
	a, okA := schemas["sqlite"]
	b, okB := schemas["postgres"]
	if !okA || !okB {
		if os.Getenv("TOPCOP_REQUIRE_PG") != "" {
			t.Fatal("a schema is missing, and PostgreSQL is required")
		}
		t.Skip("SKIPPING the comparison: an engine was skipped above; set TOPCOP_REQUIRE_PG=1 to make this fail")
	}
	if len(a.Tables) == 0 {
		t.Fatal("sqlite schema has no tables")
	}
	for _, d := range a.Diff("sqlite", b, "postgres") {
		t.Error(d)
	}
}

// TestSchemaReadsTheCatalogue: Schema reports what the foundation's
// migrations declare, on each engine.
func TestSchemaReadsTheCatalogue(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, err := d.Schema(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if s.Table("goose_db_version") != nil {
			t.Error("goose's table is listed")
		}
		acc := s.Table("accounts")
		if acc == nil {
			t.Fatalf("no accounts table in %v", s.Tables)
		}
		pgOr := func(pg, sqlite db.ColumnType) db.ColumnType {
			if d.Dialect == db.Postgres {
				return pg
			}
			return sqlite
		}
		for _, tc := range []struct {
			col      string
			typ      db.ColumnType
			nullable bool
			def      string
			pk       int
		}{
			{"id", pgOr(db.TypeUUID, db.TypeText), false, "", 1},
			{"email", db.TypeText, false, "", 0},
			{"person_id", pgOr(db.TypeUUID, db.TypeText), true, "", 0},
			{"totp_secret", db.TypeText, false, "''", 0},
			{"totp_enabled", pgOr(db.TypeBoolean, db.TypeInteger), false, "0", 0},
			{"totp_last_step", db.TypeInteger, false, "0", 0},
			{"disabled_at", pgOr(db.TypeTimestamp, db.TypeText), true, "", 0},
			{"created_at", pgOr(db.TypeTimestamp, db.TypeText), false, "", 0},
		} {
			c := acc.Column(tc.col)
			if c == nil {
				t.Errorf("accounts.%s missing", tc.col)
				continue
			}
			if c.Type != tc.typ || c.Nullable != tc.nullable || c.Default != tc.def || c.PrimaryKey != tc.pk {
				t.Errorf("accounts.%s = %+v, want type %s nullable %v default %q pk %d", tc.col, *c, tc.typ, tc.nullable, tc.def, tc.pk)
			}
		}
		blocks := s.Table("audit_log")
		if blocks == nil {
			t.Fatal("no audit_log table")
		}
		want := []db.Index{
			{Name: "audit_log_action", Columns: []string{"action", "seq"}},
			{Name: "audit_log_actor", Columns: []string{"actor_id", "seq"}},
			{Name: "audit_log_at", Columns: []string{"at"}},
			{Name: "audit_log_entity", Columns: []string{"entity", "entity_id"}},
		}
		if !slices.EqualFunc(blocks.Indexes, want, func(a, b db.Index) bool {
			return a.Name == b.Name && a.Unique == b.Unique && a.Where == b.Where && slices.Equal(a.Columns, b.Columns)
		}) {
			t.Errorf("audit_log indexes = %v, want %v", blocks.Indexes, want)
		}
		if got := s.Table("grants").Indexes; len(got) != 1 || !got[0].Unique {
			t.Errorf("grants indexes = %v, want one unique", got)
		}
		cols, err := d.Columns(context.Background(), "login_failures")
		if err != nil || !slices.Equal(cols, []string{"at", "id", "key"}) {
			t.Errorf("Columns(login_failures) = %v, %v", cols, err)
		}
		if _, err := d.Columns(context.Background(), "no_such_table"); err == nil {
			t.Error("Columns of a missing table: no error")
		}
		types, err := d.ColumnTypes(context.Background(), "sessions")
		if err != nil || types["mfa"] != pgOr(db.TypeBoolean, db.TypeInteger) || types["token_hash"] != db.TypeText {
			t.Errorf("ColumnTypes(sessions) = %v, %v", types, err)
		}
	})
}

// TestSchemaDiff: the comparison reports each kind of difference, and
// none between engines' spellings of the same thing.
func TestSchemaDiff(t *testing.T) {
	base := func() db.Schema {
		return db.Schema{Tables: []db.Table{{
			Name: "t",
			Columns: []db.Column{
				{Name: "id", Type: db.TypeText, PrimaryKey: 1},
				{Name: "n", Type: db.TypeInteger, Default: "0"},
			},
			Indexes: []db.Index{{Name: "t_n", Columns: []string{"n"}}},
		}}}
	}
	for _, tc := range []struct {
		name   string
		change func(s *db.Schema)
		want   string // substring of the one difference; "" for none
	}{
		{"same", func(*db.Schema) {}, ""},
		{"uuid is text", func(s *db.Schema) { s.Tables[0].Columns[0].Type = db.TypeUUID }, ""},
		{"boolean is integer", func(s *db.Schema) { s.Tables[0].Columns[1].Type = db.TypeBoolean }, ""},
		{"type", func(s *db.Schema) { s.Tables[0].Columns[1].Type = db.TypeText }, "column t.n: type"},
		{"nullable", func(s *db.Schema) { s.Tables[0].Columns[1].Nullable = true }, "column t.n: nullable"},
		{"default", func(s *db.Schema) { s.Tables[0].Columns[1].Default = "1" }, "column t.n: default"},
		{"primary key", func(s *db.Schema) { s.Tables[0].Columns[1].PrimaryKey = 2 }, "column t.n: primary key"},
		{"extra column", func(s *db.Schema) {
			s.Tables[0].Columns = append(s.Tables[0].Columns, db.Column{Name: "x", Type: db.TypeText})
		}, "column t.x: only on b"},
		{"extra table", func(s *db.Schema) { s.Tables = append(s.Tables, db.Table{Name: "u"}) }, "table u: only on b"},
		{"missing table", func(s *db.Schema) { s.Tables = nil }, "table t: only on a"},
		{"unique index", func(s *db.Schema) { s.Tables[0].Indexes[0].Unique = true }, "index t_n on t"},
		{"index columns", func(s *db.Schema) { s.Tables[0].Indexes[0].Columns = []string{"n", "id"} }, "index t_n on t"},
		{"partial index", func(s *db.Schema) { s.Tables[0].Indexes[0].Where = "n <> 0" }, "index t_n on t"},
		{"missing index", func(s *db.Schema) { s.Tables[0].Indexes = nil }, "index t_n on t: only on a"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := base()
			tc.change(&b)
			diff := base().Diff("a", b, "b")
			switch {
			case tc.want == "" && len(diff) > 0:
				t.Fatalf("unexpected differences: %q", diff)
			case tc.want != "" && (len(diff) != 1 || !strings.Contains(diff[0], tc.want)):
				t.Fatalf("differences %q, want one containing %q", diff, tc.want)
			}
		})
	}
}

// TestSingleWriter: the SQLite writer pool never opens a second
// connection, even with many writers waiting; a second one would let two
// writers contend for the file lock instead of queueing in the pool.
func TestSingleWriter(t *testing.T) {
	d := dbtest.Open(t, config.SQLite, things)
	ctx := context.Background()
	if w, _ := d.Stats(); w.MaxOpenConnections != 1 {
		t.Fatalf("SQLite writer pool allows %d connections, want 1", w.MaxOpenConnections)
	}
	var most atomic.Int64
	done := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		for {
			w, _ := d.Stats()
			if n := int64(w.OpenConnections); n > most.Load() {
				most.Store(n)
			}
			select {
			case <-done:
				return
			default:
				time.Sleep(100 * time.Microsecond)
			}
		}
	}()
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for i := range 16 {
		wg.Go(func() {
			errs <- d.Write(ctx, func(ctx context.Context) error {
				_, err := d.Exec(ctx, `INSERT INTO things (code, name) VALUES (?, ?)`, fmt.Sprintf("c%02d", i), "x")
				time.Sleep(2 * time.Millisecond) // hold the writer so that others queue
				return err
			})
		})
	}
	wg.Wait()
	close(done)
	<-sampled
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	w, _ := d.Stats()
	if most.Load() > 1 || w.MaxOpenConnections != 1 {
		t.Fatalf("writer pool had %d open connections (limit %d), want at most 1", most.Load(), w.MaxOpenConnections)
	}
	if w.WaitCount == 0 {
		t.Fatal("no writer ever waited for the connection: the test did not contend")
	}
}

func TestWriteReadAndErrors(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := db.Now()
		insert := func(ctx context.Context, code string) error {
			_, err := d.Exec(ctx, `INSERT INTO things (code, name) VALUES (?, ?)`, code, "Name "+code)
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
		if err := d.QueryRow(ctx, `SELECT count(*) FROM things`).Scan(&n); err != nil || n != 1 {
			t.Fatalf("count = %d, %v; want 1 (rolled back)", n, err)
		}
		// Exec outside Write is refused.
		if _, err := d.Exec(ctx, `DELETE FROM things`); err == nil {
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
		err = d.QueryRow(ctx, `SELECT code FROM things WHERE code = ?`, "AM").Scan(new(string))
		if !core.IsCode(db.NotFound(err, "thing"), core.NotFound) {
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
	}, things)
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
					_, err := d.Exec(ctx, `INSERT INTO things (code, name) VALUES (?, ?)`, string(rune('A'+i/26))+string(rune('A'+i%26)), "x")
					return err
				})
				// Reads in parallel with writes.
				var n int
				if err := d.QueryRow(ctx, `SELECT count(*) FROM things`).Scan(&n); err != nil {
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
	}, things)
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

// TestSQLitePathWithURICharacters: a database path holding "#" or
// "%" (as test names with a repeated subtest do) opens that very file,
// not a path cut short at "#" or decoded.
func TestSQLitePathWithURICharacters(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a#b%20c", "topcop.db")
	d, err := db.Open(context.Background(), config.DSN{Engine: config.SQLite, Path: path})
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Write(context.Background(), func(ctx context.Context) error {
		_, err := d.Exec(ctx, `CREATE TABLE probe (id INTEGER PRIMARY KEY)`)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	d.Close()
	if _, err := os.Stat(path); err != nil {
		t.Errorf("the database is not at its path: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "a")); err == nil {
		t.Error("a file was created at the path cut at #")
	}
}
