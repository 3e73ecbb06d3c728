package core

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"math"
	"strconv"
)

// Paging limits of every list (DESIGN.md §5).
const (
	DefaultLimit = 50
	MaxLimit     = 500
)

// PageRequest asks for one page of a list. Cursor is opaque to clients.
type PageRequest struct {
	Limit  int
	Cursor string
}

// ParsePage reads ?limit= and ?cursor= values; bad values are Invalid.
func ParsePage(limit, cursor string) (PageRequest, error) {
	p := PageRequest{Limit: DefaultLimit, Cursor: cursor}
	if limit != "" {
		n, err := strconv.Atoi(limit)
		if err != nil || n < 1 || n > MaxLimit {
			v := Validation{}
			v.Add("limit", "out_of_range", strconv.Itoa(MaxLimit))
			return p, v.Err()
		}
		p.Limit = n
	}
	return p, nil
}

// List is one page of results: {"items": [...], "total": N, "next": "CURSOR"},
// and "prev": "CURSOR" on the pages of lists that page backwards too.
type List[T any] struct {
	Items []T    `json:"items"`
	Total int    `json:"total"`
	Next  string `json:"next" doc:"Cursor of the next page; empty on the last page"`
	Prev  string `json:"prev,omitempty" doc:"Cursor of the previous page (pass it as cursor); absent on the first page and on lists that page forward only"`
	// Start is the 1-based position of Items[0] in the whole list, for
	// "51–100 of 172"; 0 when unknown (lists that do not track it, old
	// cursors) or when the page is empty. Positions carried by cursors
	// are those of when the cursor was made, so they are exact while the
	// list does not change, and clamped to the total when it does.
	Start int `json:"-"`
}

// Cursor is a boundary in a keyset-paged list, next to the row whose sort
// values (its id last) are Keys. It opens the page just after that row (a
// list's next), or, when Before, the page that ends just before it (prev).
// Pos counts the rows of the list on the near side of the boundary when
// the cursor was made — the rows before the page it opens, or before the
// row that follows that page when Before — or is -1 when unknown.
type Cursor struct {
	Keys   []string
	Before bool
	Pos    int
}

// cursorWire is the encoded form of a Cursor.
type cursorWire struct {
	Keys   []string `json:"k"`
	Before bool     `json:"b,omitempty"`
	Pos    *int     `json:"p,omitempty"`
}

// Encode returns c as an opaque, URL-safe string for ParseCursor.
func (c Cursor) Encode() string {
	w := cursorWire{Keys: c.Keys, Before: c.Before}
	if w.Keys == nil {
		w.Keys = []string{}
	}
	if c.Pos >= 0 {
		w.Pos = &c.Pos
	}
	b, _ := json.Marshal(w)
	return base64.RawURLEncoding.EncodeToString(b)
}

// ParseCursor decodes a cursor with n keys: one made by Cursor.Encode, or
// one made by EncodeCursor (the format of the first releases, still
// accepted: it opens the page after its row, at an unknown position). A
// cursor that does not decode to exactly that is Invalid (field "cursor").
func ParseCursor(s string, n int) (Cursor, error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) == 0 {
		return Cursor{}, invalidCursor()
	}
	if b[0] == '[' {
		vals, err := DecodeCursor(s, n)
		if err != nil {
			return Cursor{}, err
		}
		return Cursor{Keys: vals, Pos: -1}, nil
	}
	var w cursorWire
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&w); err != nil || !errors.Is(dec.Decode(&struct{}{}), io.EOF) ||
		w.Keys == nil || len(w.Keys) != n || (w.Pos != nil && (*w.Pos < 0 || *w.Pos > math.MaxInt32)) {
		return Cursor{}, invalidCursor()
	}
	c := Cursor{Keys: w.Keys, Before: w.Before, Pos: -1}
	if w.Pos != nil {
		c.Pos = *w.Pos
	}
	return c, nil
}

func invalidCursor() error {
	v := Validation{}
	v.Add("cursor", "invalid")
	return v.Err()
}

// EncodeCursor packs the sort key of the last row of a page (its sort
// values and id) into an opaque, URL-safe cursor.
func EncodeCursor(vals ...string) string {
	b, _ := json.Marshal(vals)
	return base64.RawURLEncoding.EncodeToString(b)
}

// DecodeCursor unpacks a cursor made by EncodeCursor with n values. A
// cursor that does not decode is Invalid.
func DecodeCursor(c string, n int) ([]string, error) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	var vals []string
	if err == nil {
		err = json.Unmarshal(b, &vals)
	}
	if err != nil || len(vals) != n {
		return nil, invalidCursor()
	}
	return vals, nil
}

// Bounded applies the default page size to a zero limit and caps it at
// MaxLimit; a negative limit (every row, for exports) is kept.
func (p PageRequest) Bounded() PageRequest {
	if p.Limit == 0 {
		p.Limit = DefaultLimit
	}
	p.Limit = min(p.Limit, MaxLimit)
	return p
}
