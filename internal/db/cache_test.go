package db_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"

	"github.com/topcop-platform/topcop/internal/audit"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
	"github.com/topcop-platform/topcop/internal/db/dbtest"
)

// probe is a tiny table of the cache tests' own, and a cached read of its
// one row.
type probe struct {
	d     *db.DB
	cache *db.Cache
	loads atomic.Int64
}

func newProbe(t testing.TB, d *db.DB, create bool) *probe {
	t.Helper()
	ctx := context.Background()
	if create {
		err := d.Write(ctx, func(ctx context.Context) error {
			if _, err := d.Exec(ctx, `CREATE TABLE cache_probe (id INTEGER PRIMARY KEY, v TEXT NOT NULL)`); err != nil {
				return err
			}
			_, err := d.Exec(ctx, `INSERT INTO cache_probe (id, v) VALUES (1, 'v0')`)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return &probe{d: d, cache: d.NewCache(db.CacheOptions{Size: 8, Background: true})}
}

const probeQuery = `SELECT v FROM cache_probe WHERE id = ?`

// read returns the row's value through the cache.
func (p *probe) read(t testing.TB) string {
	t.Helper()
	v, err := db.Cached(context.Background(), p.cache, db.CacheKey(probeQuery, []any{1}), func(ctx context.Context) (string, error) {
		p.loads.Add(1)
		var v string
		err := p.d.QueryRow(ctx, probeQuery, 1).Scan(&v)
		return v, db.Err(err)
	})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// set writes the row's value.
func (p *probe) set(t testing.TB, v string) {
	t.Helper()
	err := p.d.Write(context.Background(), func(ctx context.Context) error {
		_, err := p.d.Exec(ctx, `UPDATE cache_probe SET v = ? WHERE id = 1`, v)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestWriteDropsCache: every committed write transaction that changed
// data drops cached reads, with no help from the caller; a rolled-back
// one, a read transaction, and writes only to the foundation's
// bookkeeping tables (audit trail, sessions, login throttling) do not.
func TestWriteDropsCache(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		p := newProbe(t, d, true)
		want := func(v string, loads int64, what string) {
			t.Helper()
			if got := p.read(t); got != v || p.loads.Load() != loads {
				t.Fatalf("%s: read %q after %d loads, want %q after %d", what, got, p.loads.Load(), v, loads)
			}
		}
		want("v0", 1, "first read")
		want("v0", 1, "second read")

		errBoom := errors.New("boom")
		err := d.Write(ctx, func(ctx context.Context) error {
			if _, err := d.Exec(ctx, `UPDATE cache_probe SET v = 'rolled back' WHERE id = 1`); err != nil {
				return err
			}
			return errBoom
		})
		if !errors.Is(err, errBoom) {
			t.Fatal(err)
		}
		want("v0", 1, "after a rollback")

		err = d.Read(ctx, func(ctx context.Context) error {
			var v string
			return d.QueryRow(ctx, probeQuery, 1).Scan(&v)
		})
		if err != nil {
			t.Fatal(err)
		}
		want("v0", 1, "after a read transaction")

		err = d.Write(ctx, func(ctx context.Context) error {
			var v string
			if err := d.QueryRow(ctx, probeQuery+d.ForUpdate(), 1).Scan(&v); err != nil {
				return err
			}
			now := db.Now()
			if _, err := d.Exec(ctx, `INSERT INTO login_failures (id, key, at) VALUES (?, ?, ?)`, core.NewID(), "k", db.T(&now)); err != nil {
				return err
			}
			_, err := d.Exec(ctx, `DELETE FROM login_failures WHERE key = ?`, "k")
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		want("v0", 1, "after a write to bookkeeping tables only")

		// An audited read (a page that showed contact details) appends
		// to the audit trail through a group commit: the page stays.
		log := audit.New(d)
		defer log.Close()
		actx := core.WithActor(ctx, core.SystemActor("test"))
		if err := log.RecordRead(actx, audit.Event{Action: "test.read", Entity: "probe", EntityID: "1"}); err != nil {
			t.Fatal(err)
		}
		want("v0", 1, "after an audited read")

		p.set(t, "v1")
		want("v1", 2, "after a committed write")
		want("v1", 2, "read again")

		// A write inside a write joins it: the change counts at the
		// outer commit, before the hooks run (they see it).
		var seen string
		err = d.Write(ctx, func(ctx context.Context) error {
			db.AfterCommit(ctx, func() { seen = p.read(t) })
			return d.Write(ctx, func(ctx context.Context) error {
				var id int
				return d.QueryRow(ctx, `UPDATE cache_probe SET v = 'v2' WHERE id = 1 RETURNING id`).Scan(&id)
			})
		})
		if err != nil {
			t.Fatal(err)
		}
		if seen != "v2" {
			t.Fatalf("after commit the hook read %q, want v2", seen)
		}
		want("v2", 3, "after a write through QueryRow … RETURNING")
	})
}
