package names

import "strings"

// SortKey is the value of a sort column for a name or title: lower-cased,
// marks folded (FoldMarks), compared bytewise on both engines.
func SortKey(s string) string { return FoldMarks(strings.ToLower(s)) }

// SearchText is the value of a search column: every part lower-cased,
// then the Key of every part where it differs, so that a query in any
// script (and any transliteration) finds the record with a plain LIKE.
func SearchText(parts ...string) string {
	var b strings.Builder
	add := func(s string) {
		if s == "" {
			return
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s)
	}
	for _, p := range parts {
		add(strings.ToLower(p))
	}
	for _, p := range parts {
		if k := Key(p); k != strings.ToLower(p) {
			add(k)
		}
	}
	return b.String()
}
