package db

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/topcop-platform/topcop/internal/config"
)

// openSQLiteForTest opens a fresh SQLite file (dbtest imports this
// package, so this internal test cannot use it).
func openSQLiteForTest(t *testing.T) *DB {
	t.Helper()
	d, err := Open(context.Background(), config.DSN{Engine: config.SQLite, Path: filepath.Join(t.TempDir(), "cache.db")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

func TestCacheKey(t *testing.T) {
	distinct := [][2]string{
		{CacheKey("q", []any{"a\x00b", "c"}), CacheKey("q", []any{"a", "b\x00c"})},
		{CacheKey("q", []any{"1"}), CacheKey("q", []any{1})},
		{CacheKey("q", []any{"a"}, []any{"b"}), CacheKey("q", []any{"a", "b"})},
		{CacheKey("q", []any{""}), CacheKey("q", []any{nil})},
		{CacheKey("q1", []any{"x"}), CacheKey("q", []any{"1x"})},
		{CacheKey("q", []any{true}), CacheKey("q", []any{"true"})},
	}
	for i, p := range distinct {
		if p[0] == p[1] {
			t.Errorf("case %d: different statements share the key %q", i, p[0])
		}
	}
	if CacheKey("q", []any{"a", 1}) != CacheKey("q", []any{"a", 1}) {
		t.Error("the same statement has two keys")
	}
}

// TestChangesCached: which statements of a write transaction drop the
// cache. What the classifier cannot read counts as a change.
func TestChangesCached(t *testing.T) {
	for q, want := range map[string]bool{
		"SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE": false,
		"\n\t  select count(*) FROM people":                        false,
		"INSERT INTO audit_log (seq, id) VALUES (?, ?)":            false,
		"UPDATE audit_head SET seq = ?":                            false,
		"update Sessions set last_seen_at = ?":                     false,
		"DELETE FROM login_failures WHERE at <= ?":                 false,
		"INSERT INTO api_tokens(id) VALUES (?)":                    false,
		"INSERT INTO people (id) VALUES (?)":                       true,
		"UPDATE people SET archived_at = ?":                        true,
		"DELETE FROM network_members WHERE id = ?":                 true,
		"UPDATE accounts SET last_login_at = ?":                    true,
		"INSERT INTO audit_log_copy (id) VALUES (?)":               true,
		"WITH x AS (DELETE FROM people RETURNING id) SELECT 1":     true,
		"SELECT 1; DELETE FROM people":                             true,
		"UPDATE audit_log SET x = 1; DELETE FROM people":           true,
		`UPDATE "audit_log" SET x = 1`:                             true,
		"UPDATE public.audit_log SET x = 1":                        true,
		"CREATE TABLE t (id int)":                                  true,
		"TRUNCATE people":                                          true,
		"INSERT OR IGNORE INTO audit_log (id) VALUES (?)":          true,
		"-- comment\nSELECT 1":                                     true,
		"":                                                         true,
	} {
		if got := changesCached(q); got != want {
			t.Errorf("changesCached(%q) = %v, want %v", q, got, want)
		}
	}
}

// TestCacheRefresh checks the timing rules: a fresh entry is used; an
// entry older than CacheTTL is still answered while a refresh runs in the
// background; one older than cacheMaxStale, or of an earlier generation,
// is read again before answering.
func TestCacheRefresh(t *testing.T) {
	d := openSQLiteForTest(t)
	c := d.NewCache(CacheOptions{Size: 4, Background: true})
	loads := make(chan int, 10)
	n := 0
	load := func(context.Context) (int, error) {
		n++
		loads <- n
		return n, nil
	}
	get := func() int {
		t.Helper()
		v, err := Cached(context.Background(), c, "k", load)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if v := get(); v != 1 {
		t.Fatalf("first read %d", v)
	}
	<-loads
	if v := get(); v != 1 || len(loads) != 0 {
		t.Fatalf("fresh entry: %d, %d loads", v, len(loads))
	}
	age := func(by time.Duration) {
		e, _ := c.entries.Peek("k")
		e.at = time.Now().Add(-by)
		c.entries.Add("k", e)
	}
	age(CacheTTL + time.Second)
	if v := get(); v != 1 {
		t.Fatalf("stale entry: answered %d, want the held 1", v)
	}
	select {
	case <-loads: // the background refresh
	case <-time.After(5 * time.Second):
		t.Fatal("no background refresh")
	}
	for i := 0; ; i++ { // the refresh stores after it loads
		if e, _ := c.entries.Peek("k"); e.val.(int) == 2 {
			break
		}
		if i > 500 {
			t.Fatal("refresh not stored")
		}
		time.Sleep(10 * time.Millisecond)
	}
	age(cacheMaxStale + time.Second)
	if v := get(); v != 3 {
		t.Fatalf("too old: answered %d, want a new read (3)", v)
	}
	<-loads
	d.DropCache()
	if v := get(); v != 4 {
		t.Fatalf("after a write: answered %d, want a new read (4)", v)
	}
}

// TestCacheNotInBackground: without Background (a total, asked inside a
// page's transaction) an old entry is read again at once, never after the
// caller has returned.
func TestCacheNotInBackground(t *testing.T) {
	d := openSQLiteForTest(t)
	c := d.NewCache(CacheOptions{Size: 4})
	n := 0
	load := func(context.Context) (int, error) { n++; return n, nil }
	if v, _ := Cached(context.Background(), c, "k", load); v != 1 {
		t.Fatalf("first %d", v)
	}
	e, _ := c.entries.Peek("k")
	e.at = time.Now().Add(-CacheTTL - time.Second)
	c.entries.Add("k", e)
	if v, _ := Cached(context.Background(), c, "k", load); v != 2 {
		t.Fatalf("old entry: answered %d, want a new read (2) made before answering", v)
	}
}

// TestCacheInTransactions: a caller's transaction reads through the cache
// and keeps nothing; a load's own read transaction may cache (a page's
// total), under the load's generation, and never refreshes in the
// background.
func TestCacheInTransactions(t *testing.T) {
	d := openSQLiteForTest(t)
	ctx := context.Background()
	c := d.NewCache(CacheOptions{Size: 4, Background: true})
	n := 0
	load := func(context.Context) (int, error) { n++; return n, nil }
	for _, run := range []func(context.Context, func(context.Context) error) error{d.Read, d.Write} {
		n = 0
		err := run(ctx, func(ctx context.Context) error {
			for want := 1; want <= 2; want++ {
				if v, _ := Cached(ctx, c, "k", load); v != want {
					t.Errorf("in the caller's transaction: answered %d, want a new read (%d)", v, want)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if c.entries.Len() != 0 {
			t.Fatal("a read in the caller's transaction was kept")
		}
	}

	totals := d.NewCache(CacheOptions{Size: 4, Background: true})
	counted := 0
	count := func(ctx context.Context) (int, error) {
		if !InTx(ctx) {
			t.Error("the total was not read in the page's transaction")
		}
		counted++
		return counted, nil
	}
	page := func(ctx context.Context) (int, error) {
		var total int
		err := d.Read(ctx, func(ctx context.Context) error {
			var err error
			total, err = Cached(ctx, totals, "total", count)
			return err
		})
		return total, err
	}
	if v, err := Cached(ctx, c, "page", page); err != nil || v != 1 {
		t.Fatalf("page: %d, %v", v, err)
	}
	e, ok := totals.entries.Peek("total")
	if !ok || e.gen != d.gen.Load() {
		t.Fatalf("the total read in the page's own transaction was not kept (%v, gen %d of %d)", ok, e.gen, d.gen.Load())
	}
	// An old total inside the transaction is read again at once (the
	// next page of the same list), not after the transaction.
	e.at = time.Now().Add(-CacheTTL - time.Second)
	totals.entries.Add("total", e)
	if v, _ := Cached(ctx, c, "page 2", page); v != 2 {
		t.Fatalf("old total: %d, want a new read (2) made before answering", v)
	}
	d.DropCache()
	if v, _ := Cached(ctx, c, "page", page); v != 3 {
		t.Fatalf("after a write: total %d, want a new read (3)", v)
	}
}

// TestCacheLag: a set with Lag answers an entry read before a write
// while it is young enough, and reads it again in the background; an
// entry older than Lag is read again before answering, as is any entry
// of a set without Lag.
func TestCacheLag(t *testing.T) {
	d := openSQLiteForTest(t)
	c := d.NewCache(CacheOptions{Size: 4, Background: true, Lag: time.Minute})
	plain := d.NewCache(CacheOptions{Size: 4, Background: true})
	n := 0
	load := func(context.Context) (int, error) {
		n++
		return n, nil
	}
	get := func(c *Cache) int {
		t.Helper()
		v, err := Cached(context.Background(), c, "k", load)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if v := get(c); v != 1 {
		t.Fatalf("first read %d", v)
	}
	d.DropCache() // a write commits
	if v := get(c); v != 1 {
		t.Fatalf("after a write, within the lag: answered %d, want the held 1", v)
	}
	for i := 0; ; i++ { // the background read stores the new value
		if e, _ := c.entries.Peek("k"); e.val.(int) == 2 {
			break
		}
		if i > 500 {
			t.Fatal("no background read after the write")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if v := get(c); v != 2 {
		t.Fatalf("after the background read: %d", v)
	}
	e, _ := c.entries.Peek("k")
	e.at = time.Now().Add(-2 * time.Minute)
	c.entries.Add("k", e)
	d.DropCache()
	if v := get(c); v != 3 {
		t.Fatalf("older than the lag after a write: answered %d, want a new read (3)", v)
	}
	if v := get(plain); v != 4 {
		t.Fatalf("plain set, first read %d", v)
	}
	d.DropCache()
	if v := get(plain); v != 5 {
		t.Fatalf("a set without lag after a write: answered %d, want a new read (5)", v)
	}
}
