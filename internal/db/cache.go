package db

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"
	"golang.org/x/sync/singleflight"
)

// The read cache keeps the results of recent reads in memory: a
// capability's list pages, their totals, small lists every page needs,
// fragments rendered from them. Capabilities make their own bounded sets
// of entries (NewCache) and read through them (Cached); the database
// decides when an entry may no longer be used.
//
// Rules, which keep what an actor may see exactly what SQL allows:
//
//   - An entry is found by its key, which is the whole statement (see
//     CacheKey): its SQL text, which contains the need-to-know condition,
//     and every argument, which includes the actor's person id or
//     countries where the condition uses them, the filters and the
//     cursor. Two actors share an entry only when the database would have
//     been asked the very same question.
//   - An entry is used only while no write transaction has committed since
//     it was read: every Write that ran a statement that may change data
//     bumps a generation after it commits (changesCached says which do),
//     with no help from the capability. On PostgreSQL the same transaction
//     notifies the other processes on the database, which bump theirs
//     (notify.go).
//   - Writes the platform did not see (another SQLite process on the same
//     file, a replica of an older release, a hand-made change) cannot bump
//     it, so an entry is also read again once it is CacheTTL old: in the
//     background where the set allows it, answering meanwhile with what it
//     holds (so that the requests of that moment do not all wait for the
//     query), and before answering once it is cacheMaxStale old.
//   - Reads inside a transaction bypass the cache (they must see their own
//     changes and their snapshot), except the cache's own loads. Exports
//     are the caller's to keep out.
//   - Concurrent misses for one key run one load (singleflight).

// Times of the read cache (see above).
const (
	CacheTTL      = 2 * time.Second
	cacheMaxStale = 30 * time.Second
)

// Cache is one bounded set of cached reads of one kind, made by NewCache
// and read through Cached. It is safe for concurrent use.
type Cache struct {
	d          *DB
	entries    *lru.Cache[string, cacheEntry]
	flight     singleflight.Group
	background bool
	lag        time.Duration
}

type cacheEntry struct {
	gen uint64
	at  time.Time
	val any
}

// CacheOptions configure a Cache.
type CacheOptions struct {
	// Size is the most entries kept (the least recently used go first).
	Size int
	// Background lets an old entry be answered while it is read again
	// after the caller has returned. Its loads then must not depend on
	// the caller: they get the caller's context without its cancellation,
	// and must not use a transaction of the caller's.
	Background bool
	// Lag, with Background, lets an entry read before a write committed
	// still be answered for up to Lag after it was read, while it is read
	// again in the background: for costly aggregates (learning's
	// analytics) whose readers accept figures a little behind the latest
	// write, and whose loads would otherwise run on the next request
	// after every write anywhere. The key must still hold everything that
	// decides who may see the value: a lagging entry only lags in time.
	Lag time.Duration
}

// NewCache returns a new set of cached reads of d. Sizes below 1 panic.
func (d *DB) NewCache(o CacheOptions) *Cache {
	entries, err := lru.New[string, cacheEntry](o.Size)
	if err != nil {
		panic(err) // only for a size < 1
	}
	lag := o.Lag
	if !o.Background {
		lag = 0
	}
	return &Cache{d: d, entries: entries, background: o.Background, lag: lag}
}

// DropCache forgets every cached read of this process, as a committed
// write does (benchmarks use it to measure the database path).
func (d *DB) DropCache() { d.gen.Add(1) }

type loadingKey struct{}

// Cached returns the value c holds under key, or loads, keeps and returns
// it. load gets ctx without its cancellation (other callers may be waiting
// for the same load); a read transaction load opens itself (Read) is its
// own and may use the cache. Inside a transaction of the caller's, Cached
// calls load with ctx and keeps nothing.
//
// The values are shared by every caller: callers must not change them
// (clone slices before handing them on).
func Cached[T any](ctx context.Context, c *Cache, key string, load func(context.Context) (T, error)) (T, error) {
	// The generation is taken before the load, so a value read while a
	// write commits is never used after the write.
	gen, background := c.d.gen.Load(), c.background
	if InTx(ctx) {
		// Only a read transaction opened by a load (a page and its
		// total): its snapshot is at least as new as that load's
		// generation, which is then the one to keep the value under.
		outer, ok := ctx.Value(loadingKey{}).(uint64)
		if !ok || InWrite(ctx) {
			return load(ctx)
		}
		// Nor may a load outlive that transaction.
		gen, background = outer, false
	}
	flightKey := strconv.FormatUint(gen, 10) + "\x00" + key
	fill := func() (any, error) {
		v, err := load(context.WithValue(context.WithoutCancel(ctx), loadingKey{}, gen))
		if err != nil {
			return nil, err
		}
		c.entries.Add(key, cacheEntry{gen: gen, at: time.Now(), val: v})
		return v, nil
	}
	if e, ok := c.entries.Get(key); ok && e.gen == gen {
		switch age := time.Since(e.at); {
		case age < CacheTTL:
			return e.val.(T), nil
		case background && age < cacheMaxStale:
			go func() { _, _, _ = c.flight.Do(flightKey, fill) }()
			return e.val.(T), nil
		}
	} else if ok && background && c.lag > 0 && time.Since(e.at) < c.lag {
		// Read before a write, but young enough for a lagging set: answer
		// it and read it again for the next callers.
		go func() { _, _, _ = c.flight.Do(flightKey, fill) }()
		return e.val.(T), nil
	}
	v, err, _ := c.flight.Do(flightKey, fill)
	if err != nil {
		var zero T
		return zero, err
	}
	return v.(T), nil
}

// CacheKey identifies a statement and its arguments without ambiguity,
// for Cached: every part is typed and length-prefixed. Arguments of other
// types than string, int, bool and nil are written with their type and
// value; a pointer there only makes the key unique (a miss), never equal
// to another statement's.
func CacheKey(sql string, args ...[]any) string {
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

// quietTables are foundation tables (migrations/*/00001_foundation.sql)
// that reads write: the audit trail (every page that shows contact details
// appends to it through a group commit), the last-seen times of sessions
// and API tokens, login throttling. No cached read may read them, so a
// transaction that writes only these keeps the cache (and notifies no
// one): otherwise every audited page would empty every replica's cache.
// The mail queue (notify) is quiet too: a delivery changes nothing a
// cached read shows.
var quietTables = map[string]bool{
	"audit_log": true, "audit_head": true, "sessions": true, "api_tokens": true, "login_failures": true,
	"mail_outbox": true, "goqite": true,
}

// changesCached reports whether statement q, run in a write transaction,
// may change what a cached read returns: anything but a SELECT, or an
// INSERT, UPDATE or DELETE of one of quietTables. What it cannot tell
// (WITH, several statements, quoted or qualified names) counts as a
// change.
func changesCached(q string) bool {
	if strings.Contains(q, ";") {
		return true
	}
	w, rest := sqlWord(q)
	var table string
	switch {
	case strings.EqualFold(w, "SELECT"):
		return false
	case strings.EqualFold(w, "INSERT"):
		if w, rest = sqlWord(rest); !strings.EqualFold(w, "INTO") {
			return true
		}
		table, _ = sqlWord(rest)
	case strings.EqualFold(w, "UPDATE"):
		table, _ = sqlWord(rest)
	case strings.EqualFold(w, "DELETE"):
		if w, rest = sqlWord(rest); !strings.EqualFold(w, "FROM") {
			return true
		}
		table, _ = sqlWord(rest)
	default:
		return true
	}
	return !quietTables[strings.ToLower(table)]
}

// sqlWord splits the first word (up to white space or a parenthesis) off
// s, after leading white space.
func sqlWord(s string) (word, rest string) {
	s = strings.TrimLeft(s, " \t\r\n")
	if i := strings.IndexAny(s, " \t\r\n("); i >= 0 {
		return s[:i], s[i:]
	}
	return s, ""
}

// wrote notes, in the write transaction ctx may carry, that query ran
// there: once one statement may have changed cached data, the commit
// invalidates (see run).
func wrote(ctx context.Context, query string) {
	st, ok := ctx.Value(txKey{}).(*txState)
	if ok && st.writable && !st.changed.Load() && changesCached(query) {
		st.changed.Store(true)
	}
}

// committed is called after a write transaction that changed data has
// committed: cached reads of this process are dropped (others learn of it
// from the notification sent in the transaction, see notify.go).
func (d *DB) committed() { d.gen.Add(1) }

// invalidation is the state of the read cache shared by every Cache of a
// DB.
type invalidation struct {
	// gen counts the committed changes this process knows of.
	gen atomic.Uint64
	// notify tells other processes on PostgreSQL (nil on SQLite).
	notify *notifier
}
