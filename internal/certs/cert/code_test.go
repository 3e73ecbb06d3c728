package cert_test

import (
	"strings"
	"testing"

	"github.com/topcop-platform/topcop/internal/certs/cert"
)

func TestNewCode(t *testing.T) {
	seen := map[string]bool{}
	counts := map[rune]int{}
	const n = 5000
	for range n {
		c := cert.NewCode()
		if len(c) != cert.CodeLen || cert.NormalizeCode(c) != c {
			t.Fatalf("NewCode = %q: not a code in stored form", c)
		}
		if seen[c] {
			t.Fatalf("NewCode repeated %q", c)
		}
		seen[c] = true
		for _, r := range c {
			counts[r]++
		}
	}
	// 80 000 characters over an alphabet of 32: every character appears
	// about 2 500 times; a biased or truncated alphabet does not.
	if len(counts) != 32 {
		t.Fatalf("codes use %d characters, want all 32", len(counts))
	}
	for r, k := range counts {
		if k < 2000 || k > 3000 {
			t.Errorf("character %q appears %d times in %d codes", r, k, n)
		}
		if strings.ContainsRune("ILOU", r) {
			t.Errorf("codes use %q, which reads as another character", r)
		}
	}
}

func TestNormalizeCode(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"7KQ2M9XA4HD3RT6W", "7KQ2M9XA4HD3RT6W"},
		{"7kq2-m9xa-4hd3-rt6w", "7KQ2M9XA4HD3RT6W"},
		{" 7KQ2 M9XA 4HD3 RT6W ", "7KQ2M9XA4HD3RT6W"},
		{"OOOO-IIII-LLLL-oooo", "0000111111110000"},
		{"il0o-0000-0000-0000", "1100000000000000"},
		{"7KQ2-M9XA-4HD3-RT6", ""},     // too short
		{"7KQ2-M9XA-4HD3-RT6WW", ""},   // too long
		{"7KQ2-M9XA-4HD3-RT6U", ""},    // U is not in the alphabet
		{"7KQ2_M9XA_4HD3_RT6W", ""},    // only hyphens and spaces separate
		{"7KQ2-M9XA-4HD3-RT6Ж", ""},    // not ASCII
		{"7KQ2\u00a0M9XA4HD3RT6W", ""}, // a no-break space is not a space
		{strings.Repeat("-", 41), ""},  // long input is refused before it is read
		{strings.Repeat(" ", 30) + "7KQ2M9XA4HD3RT6W", ""},
		{"", ""},
	} {
		if got := cert.NormalizeCode(tc.in); got != tc.want {
			t.Errorf("NormalizeCode(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestFormatCode(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"7KQ2M9XA4HD3RT6W", "7KQ2-M9XA-4HD3-RT6W"},
		{"7kq2 m9xa 4hd3 rt6w", "7KQ2-M9XA-4HD3-RT6W"},
		{"7KQ2-M9XA-4HD3-RT6W", "7KQ2-M9XA-4HD3-RT6W"},
		{"not a code", "not a code"},
	} {
		if got := cert.FormatCode(tc.in); got != tc.want {
			t.Errorf("FormatCode(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
