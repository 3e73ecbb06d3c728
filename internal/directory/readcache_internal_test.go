package directory

import (
	"testing"
	"time"
)

func TestStatementKey(t *testing.T) {
	distinct := [][2]string{
		{statementKey("q", []any{"a\x00b", "c"}), statementKey("q", []any{"a", "b\x00c"})},
		{statementKey("q", []any{"1"}), statementKey("q", []any{1})},
		{statementKey("q", []any{"a"}, []any{"b"}), statementKey("q", []any{"a", "b"})},
		{statementKey("q", []any{""}), statementKey("q", []any{nil})},
		{statementKey("q1", []any{"x"}), statementKey("q", []any{"1x"})},
		{statementKey("q", []any{true}), statementKey("q", []any{"true"})},
	}
	for i, p := range distinct {
		if p[0] == p[1] {
			t.Errorf("case %d: different statements share the key %q", i, p[0])
		}
	}
	if statementKey("q", []any{"a", 1}) != statementKey("q", []any{"a", 1}) {
		t.Error("the same statement has two keys")
	}
}

// TestReadCacheRefresh checks the timing rules: a fresh entry is used; an
// entry older than readTTL is still answered while a refresh runs in the
// background; one older than readMaxStale, or of an earlier generation,
// is read again before answering.
func TestReadCacheRefresh(t *testing.T) {
	c := newReadCache()
	loads := make(chan int, 10)
	n := 0
	load := func() (int, error) {
		n++
		loads <- n
		return n, nil
	}
	get := func() int {
		t.Helper()
		v, err := through(c, c.pages, "k", true, load)
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
	age := func(d time.Duration) {
		e, _ := c.pages.Peek("k")
		e.at = time.Now().Add(-d)
		c.pages.Add("k", e)
	}
	age(readTTL + time.Second)
	if v := get(); v != 1 {
		t.Fatalf("stale entry: answered %d, want the held 1", v)
	}
	select {
	case <-loads: // the background refresh
	case <-time.After(5 * time.Second):
		t.Fatal("no background refresh")
	}
	for i := 0; ; i++ { // the refresh stores after it loads
		if e, _ := c.pages.Peek("k"); e.val.(int) == 2 {
			break
		}
		if i > 500 {
			t.Fatal("refresh not stored")
		}
		time.Sleep(10 * time.Millisecond)
	}
	age(readMaxStale + time.Second)
	if v := get(); v != 3 {
		t.Fatalf("too old: answered %d, want a new read (3)", v)
	}
	<-loads
	c.invalidate()
	if v := get(); v != 4 {
		t.Fatalf("after a write: answered %d, want a new read (4)", v)
	}
}

// TestReadCacheTotalsNotInBackground: a total is asked inside a page's
// transaction, so an old one is read again at once, never after the
// caller has returned.
func TestReadCacheTotalsNotInBackground(t *testing.T) {
	c := newReadCache()
	n := 0
	load := func() (int, error) { n++; return n, nil }
	if v, _ := c.total("k", load); v != 1 {
		t.Fatalf("first %d", v)
	}
	e, _ := c.totals.Peek("k")
	e.at = time.Now().Add(-readTTL - time.Second)
	c.totals.Add("k", e)
	if v, _ := c.total("k", load); v != 2 {
		t.Fatalf("old total: answered %d, want a new read (2) made before answering", v)
	}
}
