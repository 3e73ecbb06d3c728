package core_test

import (
	"encoding/base64"
	"slices"
	"strings"
	"testing"

	"github.com/topcop-platform/topcop/internal/core"
)

func TestParsePage(t *testing.T) {
	for _, tc := range []struct {
		name  string
		limit string
		want  int // 0: invalid
	}{
		{"default", "", core.DefaultLimit},
		{"one", "1", 1},
		{"maximum", "500", core.MaxLimit},
		{"zero", "0", 0},
		{"negative", "-5", 0},
		{"over the maximum", "501", 0},
		{"not a number", "ten", 0},
		{"fraction", "1.5", 0},
		{"spaces", " 10", 0},
		{"huge", "99999999999999999999", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := core.ParsePage(tc.limit, "CUR")
			if p.Cursor != "CUR" {
				t.Errorf("cursor = %q, want it passed through", p.Cursor)
			}
			if tc.want > 0 {
				if err != nil || p.Limit != tc.want {
					t.Fatalf("ParsePage(%q) = %d, %v; want %d", tc.limit, p.Limit, err, tc.want)
				}
				return
			}
			ce := core.AsError(err)
			want := []core.FieldError{{Field: "limit", Code: "out_of_range", Param: "500"}}
			if err == nil || ce.Code != core.Invalid || !slices.Equal(ce.Fields, want) {
				t.Fatalf("ParsePage(%q) error = %v, want invalid %+v", tc.limit, err, want)
			}
		})
	}
}

func TestCursorRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		name string
		vals []string
	}{
		{"name and id", []string{"popescu ion", core.NewID()}},
		{"one value", []string{"x"}},
		{"empty values", []string{"", ""}},
		{"scripts and punctuation", []string{"ლომიძე გიორგი", "Ковальчук, \"Олег\"", "a/b?c=d&e#f", "<script>"}},
		{"newlines and nul", []string{"a\nb", "c\x00d"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := core.EncodeCursor(tc.vals...)
			if strings.ContainsAny(c, "+/=?&# ") {
				t.Fatalf("cursor %q is not URL-safe", c)
			}
			got, err := core.DecodeCursor(c, len(tc.vals))
			if err != nil || !slices.Equal(got, tc.vals) {
				t.Fatalf("DecodeCursor(EncodeCursor(%q)) = %q, %v", tc.vals, got, err)
			}
		})
	}
}

func TestDecodeCursorRejects(t *testing.T) {
	b64 := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
	for _, tc := range []struct {
		name   string
		cursor string
		n      int
	}{
		{"empty", "", 2},
		{"not base64", "!!!", 2},
		{"padded", base64.URLEncoding.EncodeToString([]byte(`["a","bc"]`)), 2},
		{"standard alphabet", strings.NewReplacer("-", "+", "_", "/").Replace(core.EncodeCursor("a>?", "b>?")), 2},
		{"not JSON", b64("a,b"), 2},
		{"JSON object", b64(`{"a":"b"}`), 2},
		{"numbers", b64(`[1,2]`), 2},
		{"too few values", core.EncodeCursor("a"), 2},
		{"too many values", core.EncodeCursor("a", "b", "c"), 2},
		{"truncated", core.EncodeCursor("abc", "def")[:6], 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			vals, err := core.DecodeCursor(tc.cursor, tc.n)
			checkCursorError(t, vals, err)
		})
	}
}

func checkCursorError(t *testing.T, vals []string, err error) {
	t.Helper()
	ce := core.AsError(err)
	if err == nil || ce.Code != core.Invalid || !slices.Equal(ce.Fields, []core.FieldError{{Field: "cursor", Code: "invalid"}}) {
		t.Fatalf("DecodeCursor = %q, %v; want an invalid cursor field error", vals, err)
	}
	if vals != nil {
		t.Fatalf("values %q returned with an error", vals)
	}
}

// FuzzDecodeCursor: any input either decodes to n values that encode and
// decode again to the same values, or is refused as an invalid cursor;
// it never panics.
func FuzzDecodeCursor(f *testing.F) {
	f.Add(core.EncodeCursor("popescu", core.NewID()), 2)
	f.Add(core.EncodeCursor("ლომიძე"), 1)
	f.Add("", 0)
	f.Add("W10", 0) // []
	f.Add("bnVsbA", 0)
	f.Add("!!", 1)
	f.Fuzz(func(t *testing.T, c string, n int) {
		vals, err := core.DecodeCursor(c, n)
		if err != nil {
			checkCursorError(t, vals, err)
			return
		}
		if len(vals) != n {
			t.Fatalf("DecodeCursor(%q, %d) = %d values", c, n, len(vals))
		}
		again, err := core.DecodeCursor(core.EncodeCursor(vals...), n)
		if err != nil || !slices.Equal(again, vals) {
			t.Fatalf("round trip of %q: %q, %v", vals, again, err)
		}
	})
}
