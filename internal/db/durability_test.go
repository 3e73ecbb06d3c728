package db_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/topcop-platform/topcop/internal/audit"
	"github.com/topcop-platform/topcop/internal/config"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
	"github.com/topcop-platform/topcop/internal/db/dbtest"
)

// TestSQLiteFilesPrivate: a new SQLite database and the -wal and -shm
// files beside it are readable by their owner only.
func TestSQLiteFilesPrivate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "data", "topcop.db")
	d, err := db.Open(context.Background(), config.DSN{Engine: config.SQLite, Path: path})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if _, err := d.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if m := fi.Mode().Perm(); m != 0o600 {
			t.Errorf("%s: mode %o, want 600", filepath.Base(p), m)
		}
	}
}

// TestSQLiteSynchronousFull: the writer commits with synchronous=FULL,
// so an acknowledged write survives a power loss.
func TestSQLiteSynchronousFull(t *testing.T) {
	d := dbtest.Open(t, config.SQLite)
	w, _ := d.Raw()
	var level int
	if err := w.QueryRow("PRAGMA synchronous").Scan(&level); err != nil {
		t.Fatal(err)
	}
	if level != 2 { // 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA
		t.Fatalf("synchronous = %d, want 2 (FULL)", level)
	}
}

// BenchmarkSynchronous measures what synchronous=FULL costs on SQLite
// against NORMAL: an audited write (one transaction with its audit
// entry, as every change makes) and reads logged through the audit
// log's group commit (16 concurrent readers). Figures in PERFORMANCE.md.
//
//	go test -run '^$' -bench Synchronous -benchtime 2000x ./internal/db/
func BenchmarkSynchronous(b *testing.B) {
	for _, level := range []string{"FULL", "NORMAL"} {
		open := func(b *testing.B) (*db.DB, *audit.Log) {
			d := dbtest.Open(b, config.SQLite)
			w, _ := d.Raw() // the writer pool: one connection, kept open
			if _, err := w.Exec("PRAGMA synchronous=" + level); err != nil {
				b.Fatal(err)
			}
			l := audit.New(d)
			b.Cleanup(l.Close)
			return d, l
		}
		ctx := core.WithActor(context.Background(), core.SystemActor("bench"))
		b.Run(fmt.Sprintf("%s/audited-write", level), func(b *testing.B) {
			d, l := open(b)
			for b.Loop() {
				if err := d.Write(ctx, func(ctx context.Context) error {
					return l.Record(ctx, audit.Event{Action: "bench.write", Entity: "person", EntityID: "x"})
				}); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("%s/group-commit", level), func(b *testing.B) {
			_, l := open(b)
			b.SetParallelism(16)
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if err := l.RecordRead(ctx, audit.Event{Action: "bench.read", Entity: "person", EntityID: "x"}); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}
