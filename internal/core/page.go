package core

import (
	"encoding/base64"
	"encoding/json"
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

// List is one page of results: {"items": [...], "total": N, "next": "CURSOR"}.
type List[T any] struct {
	Items []T    `json:"items"`
	Total int    `json:"total"`
	Next  string `json:"next"`
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
		v := Validation{}
		v.Add("cursor", "invalid")
		return nil, v.Err()
	}
	return vals, nil
}
