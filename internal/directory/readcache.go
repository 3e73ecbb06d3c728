package directory

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/hashicorp/golang-lru/v2/expirable"
	"golang.org/x/sync/singleflight"

	"github.com/topcop-platform/topcop/internal/core"
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
//     commit, see Service.record) and for at most readTTL. On a cluster,
//     another replica's write shows here within readTTL.
//   - Reads inside a write transaction and exports bypass the cache.
//   - Concurrent misses for one key run one query (singleflight).
//   - Audit records of what a page showed are written per request, by the
//     service, whether the page came from the database or from here.
type readCache struct {
	gen    atomic.Uint64
	totals *expirable.LRU[string, cachedValue]
	pages  *expirable.LRU[string, cachedValue]
	lists  *expirable.LRU[string, cachedValue]
	flight singleflight.Group
}

type cachedValue struct {
	gen uint64
	val any
}

const (
	readTTL       = 2 * time.Second
	readMaxTotals = 4096
	readMaxPages  = 1024 // × 50 rows: tens of MB at most
	readMaxLists  = 16
)

func newReadCache() *readCache {
	return &readCache{
		totals: expirable.NewLRU[string, cachedValue](readMaxTotals, nil, readTTL),
		pages:  expirable.NewLRU[string, cachedValue](readMaxPages, nil, readTTL),
		lists:  expirable.NewLRU[string, cachedValue](readMaxLists, nil, readTTL),
	}
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
func through[T any](c *readCache, lru *expirable.LRU[string, cachedValue], key string, load func() (T, error)) (T, error) {
	gen := c.gen.Load()
	if v, ok := lru.Get(key); ok && v.gen == gen {
		return v.val.(T), nil
	}
	v, err, _ := c.flight.Do(strconv.FormatUint(gen, 10)+"\x00"+key, func() (any, error) {
		v, err := load()
		if err != nil {
			return nil, err
		}
		lru.Add(key, cachedValue{gen: gen, val: v})
		return v, nil
	})
	if err != nil {
		var zero T
		return zero, err
	}
	return v.(T), nil
}

// total is a list's count.
func (c *readCache) total(key string, load func() (int, error)) (int, error) {
	return through(c, c.totals, key, load)
}

// page is one page of a list; callers get their own slice.
func page[T any](c *readCache, key string, load func() (core.List[T], error)) (core.List[T], error) {
	l, err := through(c, c.pages, key, load)
	l.Items = slices.Clone(l.Items)
	return l, err
}

// list is a small whole list (countries, network names); callers get
// their own slice.
func list[T any](c *readCache, name string, load func() ([]T, error)) ([]T, error) {
	l, err := through(c, c.lists, name, load)
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
