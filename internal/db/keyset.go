package db

import (
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
// descending. A cursor (core.EncodeCursor) holds the keys of the last row
// of a page; Seek resumes after it with one row-value comparison that an
// index on the same columns answers.
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
func (k Keyset) OrderBy() string {
	dir := ""
	if k.Desc {
		dir = " DESC"
	}
	return " ORDER BY " + strings.Join(k.Exprs(), dir+", ") + dir
}

// Seek is the condition that resumes after the row cursor names,
// "(k1, k2, id) > (?, ?, ?)" (< when descending), and its arguments. A
// cursor that does not decode to the right number and kinds of values is
// core.Invalid with a field error on "cursor", so nothing malformed
// reaches the database.
func (k Keyset) Seek(cursor string) (string, []any, error) {
	vals, err := core.DecodeCursor(cursor, len(k.Keys))
	if err != nil {
		return "", nil, err
	}
	args := make([]any, len(vals))
	for i, v := range vals {
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
			var verr core.Validation
			verr.Add("cursor", "invalid")
			return "", nil, verr.Err()
		}
	}
	op := " > "
	if k.Desc {
		op = " < "
	}
	return "(" + strings.Join(k.Exprs(), ", ") + ")" + op + "(" + Placeholders(len(vals)) + ")", args, nil
}

// Dests returns scan destinations for the key expressions (selected first)
// and a function that encodes the scanned values of the current row as a
// cursor.
func (k Keyset) Dests() ([]any, func() string) {
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
	return dests, func() string {
		for i, key := range k.Keys {
			switch key.Kind {
			case KeyTime:
				vals[i] = times[i].UTC().Format(TimeLayout)
			case KeyInt:
				vals[i] = strconv.FormatInt(ints[i], 10)
			}
		}
		return core.EncodeCursor(vals...)
	}
}

// Cursor encodes the given key values of a row as a cursor (for lists
// that scan their keys as part of the row).
func (k Keyset) Cursor(vals ...string) string { return core.EncodeCursor(vals...) }
