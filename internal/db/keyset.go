package db

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/topcop-platform/topcop/internal/core"
)

// KeyKind says how a keyset key is written into a cursor and checked when
// a cursor comes back.
type KeyKind uint8

const (
	KeyText KeyKind = iota // any text (a sort name, an e-mail)
	KeyTime                // a timestamp column (written as db.TimeLayout)
	KeyID                  // a UUID (checked with core.ValidID)
	KeyInt                 // an integer (a sequence number)
)

// Key is one expression of a keyset order.
type Key struct {
	Expr string
	Kind KeyKind
}

// Keyset is the order of a keyset-paged list: SQL expressions, the last
// of which is unique (usually the row's id), all ascending or all
// descending. A cursor (core.Cursor) holds the keys of one row; Open turns
// it into the condition that resumes after that row — or, for a "prev"
// cursor, before it, reading in the reverse order — with one row-value
// comparison that an index on the same columns answers in either
// direction, and Page assembles what was read into a core.List with its
// next and prev cursors and its position.
//
// Lists that page forward only (accounts, the audit log) may use Seek and
// Cursor instead: they keep the cursor format of the first releases.
type Keyset struct {
	Keys []Key
	Desc bool
}

// OrderedBy is the common keyset: text expressions ending with a UUID id,
// where the expression at index ts (if ts >= 0) is a timestamp.
func OrderedBy(ts int, desc bool, exprs ...string) Keyset {
	k := Keyset{Desc: desc, Keys: make([]Key, len(exprs))}
	for i, e := range exprs {
		k.Keys[i] = Key{Expr: e}
		switch {
		case i == ts:
			k.Keys[i].Kind = KeyTime
		case i == len(exprs)-1:
			k.Keys[i].Kind = KeyID
		}
	}
	return k
}

// Exprs lists the key expressions, for the SELECT list.
func (k Keyset) Exprs() []string {
	out := make([]string, len(k.Keys))
	for i, key := range k.Keys {
		out[i] = key.Expr
	}
	return out
}

// OrderBy is the " ORDER BY …" clause.
func (k Keyset) OrderBy() string { return k.orderBy(k.Desc) }

func (k Keyset) orderBy(desc bool) string {
	dir := ""
	if desc {
		dir = " DESC"
	}
	return " ORDER BY " + strings.Join(k.Exprs(), dir+", ") + dir
}

// Seek is the condition that resumes after the row cursor names,
// "(k1, k2, id) > (?, ?, ?)" (< when descending), and its arguments, for
// lists that page forward only. A cursor that does not decode to the right
// number and kinds of values, or that pages backwards, is core.Invalid
// with a field error on "cursor", so nothing malformed reaches the
// database.
func (k Keyset) Seek(cursor string) (string, []any, error) {
	w, err := k.Open(cursor)
	if err != nil {
		return "", nil, err
	}
	if w.first || w.cur.Before {
		return "", nil, invalidCursor()
	}
	cond, args := w.Where()
	return cond, args, nil
}

// Window is one page of a keyset-ordered list as a cursor asks for it:
// the first page, the page after a row, or the page before a row.
type Window struct {
	k     Keyset
	cur   core.Cursor
	first bool
	args  []any // the cursor's keys as query arguments
}

// Open returns the window cursor opens ("" is the first page). A cursor
// that does not decode to the right number and kinds of values is
// core.Invalid with a field error on "cursor".
func (k Keyset) Open(cursor string) (Window, error) {
	if cursor == "" {
		return Window{k: k, first: true}, nil
	}
	c, err := core.ParseCursor(cursor, len(k.Keys))
	if err != nil {
		return Window{}, err
	}
	args := make([]any, len(c.Keys))
	for i, v := range c.Keys {
		args[i] = v
		ok := true
		switch k.Keys[i].Kind {
		case KeyTime:
			t, err := time.Parse(TimeLayout, v)
			ok = err == nil
			args[i] = T(&t)
		case KeyID:
			ok = core.ValidID(v)
		case KeyInt:
			n, err := strconv.ParseInt(v, 10, 64)
			ok = err == nil
			args[i] = n
		}
		if !ok {
			return Window{}, invalidCursor()
		}
	}
	return Window{k: k, cur: c, args: args}, nil
}

func invalidCursor() error {
	var v core.Validation
	v.Add("cursor", "invalid")
	return v.Err()
}

// Backward reports whether the window reads the rows before its cursor,
// in the reverse of the list's order.
func (w Window) Backward() bool { return !w.first && w.cur.Before }

// Where is the condition that seeks to the cursor, "(k1, k2, id) > (?, ?,
// ?)" after a row of an ascending list (reversed for descending lists and
// backward windows), and its arguments; "" for the first page.
func (w Window) Where() (string, []any) {
	if w.first {
		return "", nil
	}
	op := " > "
	if w.k.Desc != w.cur.Before {
		op = " < "
	}
	return "(" + strings.Join(w.k.Exprs(), ", ") + ")" + op + "(" + Placeholders(len(w.args)) + ")", slices.Clone(w.args)
}

// OrderBy is the " ORDER BY …" clause to read the window in: the list's
// order, reversed for a backward window (Page puts the rows back).
func (w Window) OrderBy() string { return w.k.orderBy(w.k.Desc != w.Backward()) }

// Page assembles the page read through w: rows as the query returned them
// (at most limit+1, in w.OrderBy order), keys[i] the key values of rows[i]
// (see Dests). The page holds up to limit rows in the list's order, with
// Next and Prev set when there are rows after and before it, and Start
// (its position) where the cursor tells it; total is the caller's count
// of the whole list, used to keep Start in range. A negative limit means
// the rows are the whole list.
func Page[T any](w Window, limit, total int, rows []T, keys [][]string) core.List[T] {
	out := core.List[T]{Items: rows, Total: total}
	if limit < 0 {
		if len(rows) > 0 {
			out.Start = 1
		}
		return out
	}
	more := len(rows) > limit
	if more {
		rows, keys = rows[:limit], keys[:limit]
	}
	back := w.Backward()
	if back {
		rows, keys = slices.Clone(rows), slices.Clone(keys)
		slices.Reverse(rows)
		slices.Reverse(keys)
	}
	out.Items = rows
	n := len(rows)
	if n == 0 {
		return out
	}
	start := 0 // unknown
	switch {
	case w.first, back && !more:
		start = 1
	case back && w.cur.Pos >= 0:
		start = max(w.cur.Pos-n+1, 2) // there are rows before
	case !back && w.cur.Pos >= 0:
		start = w.cur.Pos + 1
	}
	if start > 0 {
		start = max(min(start, total-n+1), 1)
	}
	out.Start = start
	pos := func(p int) int { // a position, or -1 when unknown
		if start == 0 {
			return -1
		}
		return p
	}
	// A backward window always has rows after it: its cursor's row.
	if more || back {
		out.Next = core.Cursor{Keys: keys[n-1], Pos: pos(start - 1 + n)}.Encode()
	}
	if (back && more) || (!back && !w.first) {
		out.Prev = core.Cursor{Keys: keys[0], Before: true, Pos: pos(start - 1)}.Encode()
	}
	return out
}

// Dests returns scan destinations for the key expressions (selected first)
// and a function that returns the scanned key values of the current row,
// for Page.
func (k Keyset) Dests() ([]any, func() []string) {
	vals := make([]string, len(k.Keys))
	times := make([]time.Time, len(k.Keys))
	ints := make([]int64, len(k.Keys))
	dests := make([]any, len(k.Keys))
	for i, key := range k.Keys {
		switch key.Kind {
		case KeyTime:
			dests[i] = T(&times[i])
		case KeyInt:
			dests[i] = &ints[i]
		default:
			dests[i] = &vals[i]
		}
	}
	return dests, func() []string {
		out := slices.Clone(vals)
		for i, key := range k.Keys {
			switch key.Kind {
			case KeyTime:
				out[i] = times[i].UTC().Format(TimeLayout)
			case KeyInt:
				out[i] = strconv.FormatInt(ints[i], 10)
			}
		}
		return out
	}
}

// Cursor encodes the given key values of a row as a cursor to the page
// after it, for lists that page forward only with Seek.
func (k Keyset) Cursor(vals ...string) string { return core.EncodeCursor(vals...) }

// Sorts maps a list's sort keys ("name", "updated") to their keysets in
// the keys' natural direction; a request "-key" is the key reversed.
type Sorts map[string]Keyset

// SplitSort splits a sort request into its key and whether it is
// reversed ("-name" → "name", true).
func SplitSort(sort string) (key string, reversed bool) {
	if k, ok := strings.CutPrefix(sort, "-"); ok {
		return k, true
	}
	return sort, false
}

// Has reports whether sort is "" or one of the keys, either way round.
func (o Sorts) Has(sort string) bool {
	k, _ := SplitSort(sort)
	_, ok := o[k]
	return sort == "" || ok
}

// Of returns the keyset of a validated sort request, reversed for "-key";
// "" (or a key it does not have) is def.
func (o Sorts) Of(sort, def string) Keyset {
	if sort == "" {
		sort = def
	}
	key, reversed := SplitSort(sort)
	k, ok := o[key]
	if !ok {
		k = o[def]
	}
	if reversed {
		k.Desc = !k.Desc
	}
	return k
}
