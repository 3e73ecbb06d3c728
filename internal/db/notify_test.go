package db_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/topcop-platform/topcop/internal/config"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
	"github.com/topcop-platform/topcop/internal/db/dbtest"
)

// replicaBound is how soon a commit of one process must show in another's
// cached reads on PostgreSQL.
const replicaBound = 100 * time.Millisecond

// openTwo opens two processes' databases ("replicas") on one fresh
// database of engine, migrated once.
func openTwo(t *testing.T, engine string) (a, b *db.DB) {
	t.Helper()
	dsn := dbtest.DSN(t, engine)
	open := func() *db.DB {
		d, err := db.Open(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { d.Close() })
		return d
	}
	a, b = open(), open()
	if _, err := a.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return a, b
}

// freshWithin polls p's cached read until it answers want, and returns how
// long that took from since; it fails the test once bound has passed.
func freshWithin(t *testing.T, p *probe, want string, since time.Time, bound time.Duration) time.Duration {
	t.Helper()
	for {
		got := p.read(t)
		took := time.Since(since)
		if got == want {
			return took
		}
		if took > bound {
			t.Fatalf("after %v the other process still reads %q, want %q", took, got, want)
		}
		time.Sleep(time.Millisecond)
	}
}

// TestReplicasSeeCommits: two processes on one database. A caches a read,
// B commits a change, A answers fresh: on PostgreSQL within replicaBound
// (B's transaction notifies, A listens), on SQLite within the cache's
// time limit (another process on the same file is not heard).
func TestReplicasSeeCommits(t *testing.T) {
	for _, engine := range dbtest.Engines {
		t.Run(engine, func(t *testing.T) {
			dA, dB := openTwo(t, engine)
			pB := newProbe(t, dB, true)
			pA := newProbe(t, dA, false)
			if engine == config.Postgres {
				waitHeard(t, dA, 1) // B's creation of the table
			}
			if pA.read(t) != "v0" || pA.read(t) != "v0" || pA.loads.Load() != 1 {
				t.Fatalf("A does not cache: %d loads", pA.loads.Load())
			}
			if engine == config.SQLite {
				pB.set(t, "v1")
				start := time.Now()
				took := freshWithin(t, pA, "v1", start, db.CacheTTL+5*time.Second)
				t.Logf("sqlite: B's write reached A after %v (the cache's time limit is %v)", took, db.CacheTTL)
				return
			}
			var took []time.Duration
			for i := 1; i <= 20; i++ {
				v := fmt.Sprint("v", i)
				// A holds the previous value, cached.
				loads := pA.loads.Load()
				if got := pA.read(t); got == v || pA.loads.Load() != loads {
					t.Fatalf("round %d: A did not answer from its cache", i)
				}
				pB.set(t, v)
				start := time.Now() // B has committed
				took = append(took, freshWithin(t, pA, v, start, replicaBound))
			}
			slices.Sort(took)
			t.Logf("postgres: B's commit reached A after %v median, %v max (of %d; bound %v); A heard %d notifications",
				took[len(took)/2], took[len(took)-1], len(took), replicaBound, dA.Heard())

			// A write only to bookkeeping tables is not announced.
			heard, loads := dA.Heard(), pA.loads.Load()
			err := dB.Write(context.Background(), func(ctx context.Context) error {
				now := db.Now()
				_, err := dB.Exec(ctx, `INSERT INTO login_failures (id, key, at) VALUES (?, ?, ?)`, core.NewID(), "k", db.T(&now))
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			pB.set(t, "after quiet") // a change after it, to wait for
			freshWithin(t, pA, "after quiet", time.Now(), replicaBound)
			if dA.Heard() != heard+1 || pA.loads.Load() != loads+1 {
				t.Fatalf("A heard %d notifications and loaded %d times for one change; want 1 and 1", dA.Heard()-heard, pA.loads.Load()-loads)
			}
		})
	}
}

// waitHeard waits until d has heard n notifications of other processes.
func waitHeard(t *testing.T, d *db.DB, n uint64) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for d.Heard() < n {
		if time.Now().After(deadline) {
			t.Fatalf("heard %d notifications, want %d", d.Heard(), n)
		}
		time.Sleep(time.Millisecond)
	}
}

// TestListenerReconnects: when the listening connection drops, the
// listener reconnects, drops the cache (notifications sent meanwhile are
// lost) and hears the next commits as before.
func TestListenerReconnects(t *testing.T) {
	dA, dB := openTwo(t, config.Postgres)
	pB := newProbe(t, dB, true)
	pA := newProbe(t, dA, false)
	waitHeard(t, dA, 1)
	pA.read(t)
	old := dA.ListenerPID()
	if old == 0 {
		t.Fatal("A is not listening")
	}
	var ok bool
	if err := dB.QueryRow(context.Background(), `SELECT pg_terminate_backend(?)`, int(old)).Scan(&ok); err != nil || !ok {
		t.Fatalf("terminate A's listener: %v %v", ok, err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for pid := dA.ListenerPID(); pid == 0 || pid == old; pid = dA.ListenerPID() {
		if time.Now().After(deadline) {
			t.Fatal("A's listener did not reconnect")
		}
		time.Sleep(5 * time.Millisecond)
	}
	loads := pA.loads.Load()
	pA.read(t)
	if pA.loads.Load() != loads+1 {
		t.Fatal("the cache was kept across the reconnection")
	}
	pB.set(t, "after reconnect")
	start := time.Now()
	took := freshWithin(t, pA, "after reconnect", start, replicaBound)
	t.Logf("after the reconnection B's commit reached A after %v", took)
}
