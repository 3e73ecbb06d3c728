package core_test

import (
	"encoding/base64"
	"slices"
	"testing"

	"github.com/topcop-platform/topcop/internal/core"
)

func TestCursorEncodeParse(t *testing.T) {
	for _, tc := range []struct {
		name string
		c    core.Cursor
	}{
		{"after, position known", core.Cursor{Keys: []string{"popescu", core.NewID()}, Pos: 50}},
		{"before, position known", core.Cursor{Keys: []string{"popescu", core.NewID()}, Before: true, Pos: 50}},
		{"before the first row", core.Cursor{Keys: []string{"a"}, Before: true, Pos: 0}},
		{"position unknown", core.Cursor{Keys: []string{"ლომიძე", "x\x1fy"}, Pos: -1}},
		{"before, position unknown", core.Cursor{Keys: []string{""}, Before: true, Pos: -1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := tc.c.Encode()
			got, err := core.ParseCursor(s, len(tc.c.Keys))
			if err != nil || !slices.Equal(got.Keys, tc.c.Keys) || got.Before != tc.c.Before || got.Pos != tc.c.Pos {
				t.Fatalf("ParseCursor(Encode(%+v)) = %+v, %v", tc.c, got, err)
			}
			if _, err := core.ParseCursor(s, len(tc.c.Keys)+1); err == nil {
				t.Error("a cursor with the wrong number of keys was accepted")
			}
		})
	}
}

// TestParseCursorOldFormat: cursors of the first releases (EncodeCursor,
// a JSON array) still open the page after their row, at an unknown
// position.
func TestParseCursorOldFormat(t *testing.T) {
	id := core.NewID()
	c, err := core.ParseCursor(core.EncodeCursor("petrosyan", id), 2)
	if err != nil || !slices.Equal(c.Keys, []string{"petrosyan", id}) || c.Before || c.Pos != -1 {
		t.Fatalf("old cursor: %+v, %v", c, err)
	}
	if _, err := core.ParseCursor(core.EncodeCursor("petrosyan"), 2); err == nil {
		t.Error("an old cursor with too few values was accepted")
	}
}

func TestParseCursorRejects(t *testing.T) {
	b64 := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
	for _, tc := range []struct {
		name   string
		cursor string
	}{
		{"empty", ""},
		{"not base64", "!!!"},
		{"not JSON", b64("a,b")},
		{"keys missing", b64(`{"p":3}`)},
		{"keys null", b64(`{"k":null}`)},
		{"keys not strings", b64(`{"k":[1,2]}`)},
		{"too few keys", b64(`{"k":["a"]}`)},
		{"negative position", b64(`{"k":["a","b"],"p":-1}`)},
		{"fractional position", b64(`{"k":["a","b"],"p":1.5}`)},
		{"huge position", b64(`{"k":["a","b"],"p":99999999999}`)},
		{"direction not a bool", b64(`{"k":["a","b"],"b":"yes"}`)},
		{"unknown field", b64(`{"k":["a","b"],"x":1}`)},
		{"trailing data", b64(`{"k":["a","b"]} {}`)},
		{"a string", b64(`"ab"`)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := core.ParseCursor(tc.cursor, 2)
			ce := core.AsError(err)
			if err == nil || ce.Code != core.Invalid || !slices.Equal(ce.Fields, []core.FieldError{{Field: "cursor", Code: "invalid"}}) {
				t.Fatalf("ParseCursor = %+v, %v; want an invalid cursor field error", c, err)
			}
		})
	}
}

// FuzzParseCursor: any input is either refused as an invalid cursor or
// decodes to n keys that encode and decode again to the same cursor.
func FuzzParseCursor(f *testing.F) {
	f.Add(core.Cursor{Keys: []string{"popescu", core.NewID()}, Before: true, Pos: 7}.Encode(), 2)
	f.Add(core.EncodeCursor("ლომიძე"), 1)
	f.Add("e30", 0) // {}
	f.Add("", 1)
	f.Fuzz(func(t *testing.T, s string, n int) {
		c, err := core.ParseCursor(s, n)
		if err != nil {
			if ce := core.AsError(err); ce.Code != core.Invalid {
				t.Fatalf("ParseCursor(%q) = %v", s, err)
			}
			return
		}
		if len(c.Keys) != n || c.Pos < -1 {
			t.Fatalf("ParseCursor(%q, %d) = %+v", s, n, c)
		}
		again, err := core.ParseCursor(c.Encode(), n)
		if err != nil || !slices.Equal(again.Keys, c.Keys) || again.Before != c.Before || again.Pos != c.Pos {
			t.Fatalf("round trip of %+v: %+v, %v", c, again, err)
		}
	})
}
