package directory

import (
	"context"
	"slices"

	"github.com/topcop-platform/topcop/internal/db"
)

// readCache is the directory's part of the platform's read cache (see
// db.Cached for the rules): list pages and their totals, keyed by the
// whole statement; the small lists every page's filter form needs
// (countries, network names); rendered filter forms. A directory is read
// far more often than it is written, and the same first page of people is
// what most visitors open; reading 51 joined rows through SQLite costs
// more than the rest of a request.
//
// The directory does nothing to keep it fresh: every committed write
// drops it (db.Write). Audit records of what a page showed are written per
// request, by the service, whether the page came from the database or
// from here.
type readCache struct {
	d      *db.DB
	totals *db.Cache
	pages  *db.Cache
	lists  *db.Cache
	forms  *db.Cache
}

// Sizes of the directory's caches.
const (
	readMaxTotals = 4096
	readMaxPages  = 1024 // × 50 rows: tens of MB at most
	readMaxLists  = 16
	readMaxForms  = 512
)

func newReadCache(d *db.DB) *readCache {
	return &readCache{
		d: d,
		// A total is asked inside the read transaction of a page, so it
		// is never refreshed in the background (the page around it is).
		totals: d.NewCache(db.CacheOptions{Size: readMaxTotals}),
		pages:  d.NewCache(db.CacheOptions{Size: readMaxPages, Background: true}),
		lists:  d.NewCache(db.CacheOptions{Size: readMaxLists, Background: true}),
		forms:  d.NewCache(db.CacheOptions{Size: readMaxForms, Background: true}),
	}
}

// invalidate forgets every cached read of this process.
func (c *readCache) invalidate() { c.d.DropCache() }

// list is a small whole list (countries, network names); callers get
// their own slice. Inside a transaction it reads through it, uncached.
func list[T any](ctx context.Context, c *readCache, name string, load func(context.Context) ([]T, error)) ([]T, error) {
	l, err := db.Cached(ctx, c.lists, name, load)
	return slices.Clone(l), err
}
