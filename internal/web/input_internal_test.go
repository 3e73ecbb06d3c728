package web

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"
)

// hasNUL reports whether a decoded JSON value holds NUL in a string or key.
func hasNUL(v any) bool {
	switch v := v.(type) {
	case string:
		return strings.ContainsRune(v, 0)
	case []any:
		for _, x := range v {
			if hasNUL(x) {
				return true
			}
		}
	case map[string]any:
		for k, x := range v {
			if strings.ContainsRune(k, 0) || hasNUL(x) {
				return true
			}
		}
	}
	return false
}

// FuzzCleanJSON: cleanJSON accepts exactly the valid UTF-8 JSON texts
// that decode to no NUL, and never accepts text that is not UTF-8.
func FuzzCleanJSON(f *testing.F) {
	for _, s := range []string{`{"a":"b"}`, `{"a":"\u0000"}`, `{"a":"\\u0000"}`, `{"a":"\\\u0000"}`, `["\u00000"]`,
		`{"\u0000":1}`, "{\"a\":\"\xff\"}", `"\ud800"`, `"\u0000`, `\`, `"\\"`, "\x00"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		ok := cleanJSON(b)
		if ok && (!utf8.Valid(b) || strings.ContainsRune(string(b), 0)) {
			t.Fatalf("accepted %q", b)
		}
		var v any
		if !utf8.Valid(b) || json.Unmarshal(b, &v) != nil {
			return
		}
		if ok == hasNUL(v) {
			t.Fatalf("cleanJSON(%q) = %v, but it decodes with NUL: %v", b, ok, hasNUL(v))
		}
	})
}

// FuzzCleanValues: what cleanValues accepts, url.ParseQuery (which forms
// and queries are read with) decodes to clean text only.
func FuzzCleanValues(f *testing.F) {
	for _, s := range []string{"q=a", "q=%00", "q=%ff", "%00=1", "a=1&b=%C3%28", "q=%zz&x=%00", "q=a+b%20c", "&&=&", "q=\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		if _, ok := cleanValues(raw); !ok {
			return
		}
		vals, _ := url.ParseQuery(raw)
		for k, vs := range vals {
			if !cleanText(k) {
				t.Fatalf("accepted key %q of %q", k, raw)
			}
			for _, v := range vs {
				if !cleanText(v) {
					t.Fatalf("accepted value %q of %q", v, raw)
				}
			}
		}
	})
}
