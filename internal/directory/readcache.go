package directory

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"
	"golang.org/x/sync/singleflight"

	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
)

// readCache keeps the results of recent directory reads: list pages and
// their totals, and the small lists every page's filter form needs
// (countries, network names). A directory is read far more often than it
// is written, and the same first page of people is what most visitors
// open; reading 51 joined rows through SQLite costs more than the rest of
// a request.
//
// Rules, which keep what an actor may see exactly what SQL allows:
//
//   - The key of a list page is the whole statement: its SQL text, which
//     contains the need-to-know condition, and every argument, which
//     includes the actor's person id or countries where the condition uses
//     them, the filters and the cursor. Two actors share an entry only when
//     the database would have been asked the very same question.
//   - An entry is used only while no directory write has committed on this
//     node since it was read (a generation counter, bumped after every
//     commit, see Service.record). Writes by another process (a second
//     replica, `topcop import` beside a running server) cannot bump it, so
//     an entry is also refreshed once it is readTTL old: in the background,
//     answering meanwhile with what it holds (so that the requests of that
//     moment do not all wait for the query), and synchronously once it is
//     readMaxStale old. Another process's write shows here within
//     readTTL plus one query, at most readMaxStale.
//   - Reads inside a transaction and exports bypass the cache.
//   - Concurrent misses for one key run one query (singleflight).
//   - Audit records of what a page showed are written per request, by the
//     service, whether the page came from the database or from here.
type readCache struct {
	gen    atomic.Uint64
	totals *lru.Cache[string, cachedValue]
	pages  *lru.Cache[string, cachedValue]
	lists  *lru.Cache[string, cachedValue]
	flight singleflight.Group
}

type cachedValue struct {
	gen uint64
	at  time.Time
	val any
}

const (
	readTTL       = 2 * time.Second
	readMaxStale  = 30 * time.Second
	readMaxTotals = 4096
	readMaxPages  = 1024 // × 50 rows: tens of MB at most
	readMaxLists  = 16
)

func newReadCache() *readCache {
	newLRU := func(n int) *lru.Cache[string, cachedValue] {
		c, err := lru.New[string, cachedValue](n)
		if err != nil {
			panic(err) // only for a size < 1
		}
		return c
	}
	return &readCache{totals: newLRU(readMaxTotals), pages: newLRU(readMaxPages), lists: newLRU(readMaxLists)}
}

// invalidate forgets everything read so far (called after a directory
// write commits).
func (c *readCache) invalidate() {
	c.gen.Add(1)
	c.pages.Purge()
	c.totals.Purge()
	c.lists.Purge()
}

// through returns the value cached under key in lru, or loads, caches and
// returns it. The generation is taken before the load, so a value read
// while a write commits is never used after the write.
//
// background says whether load may run after the caller has returned (a
// refresh of an old entry): it must then not use the caller's transaction
// or cancellation. Without it an old entry is read again synchronously.
func through[T any](c *readCache, cache *lru.Cache[string, cachedValue], key string, background bool, load func() (T, error)) (T, error) {
	gen := c.gen.Load()
	flightKey := strconv.FormatUint(gen, 10) + "\x00" + key
	fill := func() (any, error) {
		v, err := load()
		if err != nil {
			return nil, err
		}
		cache.Add(key, cachedValue{gen: gen, at: time.Now(), val: v})
		return v, nil
	}
	if v, ok := cache.Get(key); ok && v.gen == gen {
		switch age := time.Since(v.at); {
		case age < readTTL:
			return v.val.(T), nil
		case background && age < readMaxStale:
			// load runs without the request's cancellation (see the
			// callers), so it may outlive the request.
			go func() { _, _, _ = c.flight.Do(flightKey, fill) }()
			return v.val.(T), nil
		}
	}
	v, err, _ := c.flight.Do(flightKey, fill)
	if err != nil {
		var zero T
		return zero, err
	}
	return v.(T), nil
}

// total is a list's count. It is asked inside the read transaction of a
// page, so it is never refreshed in the background (the page around it
// is).
func (c *readCache) total(key string, load func() (int, error)) (int, error) {
	return through(c, c.totals, key, false, load)
}

// page is one page of a list; callers get their own slice. load must not
// use a transaction or the request's cancellation (see through).
func page[T any](c *readCache, key string, load func() (core.List[T], error)) (core.List[T], error) {
	l, err := through(c, c.pages, key, true, load)
	l.Items = slices.Clone(l.Items)
	return l, err
}

// list is a small whole list (countries, network names); callers get
// their own slice. Inside a transaction it reads through it, uncached;
// otherwise load gets ctx without its cancellation (it may refresh the
// entry after the caller has returned).
func list[T any](ctx context.Context, c *readCache, name string, load func(context.Context) ([]T, error)) ([]T, error) {
	if db.InTx(ctx) {
		return load(ctx)
	}
	ctx = context.WithoutCancel(ctx)
	l, err := through(c, c.lists, name, true, func() ([]T, error) { return load(ctx) })
	return slices.Clone(l), err
}

// statementKey identifies a statement and its arguments without
// ambiguity: every part is typed and length-prefixed. Arguments of other
// types are written with their type and value; a pointer there only makes
// the key unique (a miss), never equal to another statement's.
func statementKey(sql string, args ...[]any) string {
	var b strings.Builder
	b.Grow(len(sql) + 64)
	part := func(s string) {
		b.WriteString(strconv.Itoa(len(s)))
		b.WriteByte(':')
		b.WriteString(s)
	}
	part(sql)
	for _, as := range args {
		b.WriteByte('|')
		for _, a := range as {
			switch v := a.(type) {
			case string:
				b.WriteByte('s')
				part(v)
			case int:
				b.WriteByte('i')
				part(strconv.Itoa(v))
			case bool:
				b.WriteByte('b')
				part(strconv.FormatBool(v))
			case nil:
				b.WriteByte('n')
			default:
				b.WriteByte('x')
				part(fmt.Sprintf("%T:%v", v, v))
			}
		}
	}
	return b.String()
}
