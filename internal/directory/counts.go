package directory

import (
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// countCache keeps the totals of recent lists, so that paging through a
// large directory does not count every matching row on every request
// (counting 17,000 people costs more than fetching a page of them).
//
// A total is reused while no directory write has committed on this node
// and for at most countTTL; on a cluster another replica's write shows in
// the totals here within countTTL. Pages themselves are never cached:
// only the "total" figure may lag, never the rows or what an actor may see
// (the visibility condition is part of the key wherever it filters).
type countCache struct {
	gen     atomic.Uint64 // bumped after every committed directory write
	mu      sync.Mutex
	entries map[string]countEntry
}

type countEntry struct {
	n   int
	gen uint64
	at  time.Time
}

const (
	countTTL        = 2 * time.Second
	countMaxEntries = 4096
)

// get returns the cached total for the query (from and where text plus
// arguments), or computes it with count.
func (c *countCache) get(query string, args []any, count func() (int, error)) (int, error) {
	var b strings.Builder
	b.WriteString(query)
	for _, a := range args {
		fmt.Fprintf(&b, "\x00%v", a)
	}
	key := b.String()
	gen := c.gen.Load()
	now := time.Now()
	c.mu.Lock()
	e, ok := c.entries[key]
	c.mu.Unlock()
	if ok && e.gen == gen && now.Sub(e.at) < countTTL {
		return e.n, nil
	}
	n, err := count()
	if err != nil {
		return 0, err
	}
	c.mu.Lock()
	if c.entries == nil || len(c.entries) >= countMaxEntries {
		c.entries = make(map[string]countEntry)
	}
	c.entries[key] = countEntry{n: n, gen: gen, at: now}
	c.mu.Unlock()
	return n, nil
}

// invalidate forgets every cached total (called after a write commits).
func (c *countCache) invalidate() { c.gen.Add(1) }
