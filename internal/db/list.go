package db

import (
	"context"
	"slices"
	"strings"

	"github.com/topcop-platform/topcop/internal/core"
)

// Cond is a piece of SQL with its arguments, in the order of its
// placeholders: a condition of a list, or its selected columns.
type Cond struct {
	SQL  string
	Args []any
}

// Always and Never are the conditions that keep every row and none.
var (
	Always = Cond{SQL: "1=1"}
	Never  = Cond{SQL: "1=0"}
)

// Where joins conditions with AND into a WHERE clause ("" for none); zero
// conditions are skipped.
func Where(cs []Cond) (string, []any) {
	var parts []string
	var args []any
	for _, c := range cs {
		if c.SQL == "" {
			continue
		}
		parts = append(parts, c.SQL)
		args = append(args, c.Args...)
	}
	if len(parts) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(parts, " AND "), args
}

// In is the condition "expr IN (…)" over values; Never when there are none.
func In[T any](expr string, values []T) Cond {
	if len(values) == 0 {
		return Never
	}
	args := make([]any, len(values))
	for i, v := range values {
		args[i] = v
	}
	return Cond{SQL: expr + " IN (" + Placeholders(len(values)) + ")", Args: args}
}

// ListQuery is a keyset-paged list: SELECT Order's keys, Cols FROM From
// WHERE Where, in Order. CountFrom, if set, is a cheaper FROM for the
// total (the main table alone, when the joins only add columns and never
// drop rows). Totals and Pages, if set, cache the count and the pages
// under the rules of Cached.
type ListQuery struct {
	Cols          Cond
	From          string
	CountFrom     string
	Where         []Cond
	Order         Keyset
	Totals, Pages *Cache
}

// Scanner is a row (sql.Row or sql.Rows) to scan.
type Scanner interface{ Scan(dest ...any) error }

// ReadList runs a list: the total (COUNT with the same WHERE, hence the
// same visibility) and one page of p.Limit rows after (or, for a prev
// cursor, before) the cursor, in one read transaction, with limit+1 rows
// fetched to know whether more follow (Page). A prev cursor that leads to
// a short first page (rows were archived or deleted since) gives the
// first page instead. A negative p.Limit returns every row, uncounted and
// uncached (exports). scan reads a row; pre are the destinations of the
// order's keys, which come first.
func ReadList[T any](ctx context.Context, d *DB, q ListQuery, p core.PageRequest, scan func(sc Scanner, pre []any) (T, error)) (core.List[T], error) {
	empty := core.List[T]{Items: []T{}}
	if p.Limit < 0 {
		p.Cursor = ""
	}
	win, err := q.Order.Open(p.Cursor)
	if err != nil {
		return empty, err
	}
	out, err := readWindow(ctx, d, q, win, p, scan)
	if err == nil && win.Backward() && out.Prev == "" && len(out.Items) < p.Limit {
		p.Cursor = ""
		win, _ = q.Order.Open("")
		out, err = readWindow(ctx, d, q, win, p, scan)
	}
	if err != nil {
		return empty, err
	}
	return out, nil
}

// readWindow is ReadList for one window.
func readWindow[T any](ctx context.Context, d *DB, q ListQuery, win Window, p core.PageRequest, scan func(sc Scanner, pre []any) (T, error)) (core.List[T], error) {
	limit := p.Limit
	w, wargs := Where(q.Where)
	pw, pargs := w, wargs
	if seek, sargs := win.Where(); seek != "" {
		pw, pargs = Where(append(slices.Clone(q.Where), Cond{SQL: seek, Args: sargs}))
	}
	from := q.From
	if q.CountFrom != "" {
		from = q.CountFrom
	}
	count := func(ctx context.Context) (int, error) {
		var n int
		err := d.QueryRow(ctx, "SELECT count(*)"+from+w, wargs...).Scan(&n)
		return n, Err(err)
	}
	read := func(ctx context.Context) (core.List[T], error) {
		var total int
		items := []T{}
		var keys [][]string
		err := d.Read(ctx, func(ctx context.Context) error {
			if limit >= 0 {
				var err error
				if q.Totals != nil {
					total, err = Cached(ctx, q.Totals, CacheKey(from+w, wargs), count)
				} else {
					total, err = count(ctx)
				}
				if err != nil {
					return err
				}
			}
			query := "SELECT " + strings.Join(q.Order.Exprs(), ", ") + ", " + q.Cols.SQL + q.From + pw + win.OrderBy()
			args := append(slices.Clone(q.Cols.Args), pargs...)
			if limit >= 0 {
				query += " LIMIT ?"
				args = append(args, limit+1)
			}
			rows, err := d.Query(ctx, query, args...)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				pre, key := q.Order.Dests()
				item, err := scan(rows, pre)
				if err != nil {
					return Err(err)
				}
				items = append(items, item)
				if limit >= 0 {
					keys = append(keys, key())
				}
			}
			return Err(rows.Err())
		})
		if err != nil {
			return core.List[T]{}, err
		}
		if limit < 0 {
			total = len(items)
		}
		return Page(win, limit, total, items, keys), nil
	}
	if limit < 0 || q.Pages == nil {
		return read(ctx)
	}
	// The key is the statement as it would run: the columns (with their
	// arguments, such as a need-to-know condition), the conditions, the
	// order, the cursor (with its direction and position) and the limit.
	key := CacheKey(q.Cols.SQL+q.From+w+win.OrderBy(), q.Cols.Args, wargs, []any{p.Cursor, limit})
	l, err := Cached(ctx, q.Pages, key, read)
	l.Items = slices.Clone(l.Items)
	return l, err
}
