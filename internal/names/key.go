package names

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Key returns the comparison key of a name: the form in which spelling
// variants of the same name, in any script, come out equal or close.
//
// It is built from Latin(s) by these steps:
//
//  1. Lower-case, and fold diacritics (NFD, drop non-spacing marks, NFC).
//  2. Drop apostrophes (' ’ ʼ ʻ …), hyphens and other dashes, and dots,
//     so "Ts'ereteli" → "tsereteli" and "Petrenko-Ivanova" →
//     "petrenkoivanova". Every other non-letter, non-digit character
//     (spaces, commas, brackets …) separates words; runs of them become
//     one space, and leading and trailing ones are trimmed.
//  3. Fold each word phonetically with the rules below, repeating until
//     nothing changes.
//
// The phonetic rules, with the variants each one joins:
//
//	dzh, zh, dj → j      Джаба/Jaba, Жардан/Jardan (Romanian j is ж)
//	tsch, tch → ch       Tschernenko, Tchernenko/Chernenko
//	sch → sh             Schewtschenko/Shevchenko
//	kh, x → h            Mikhail/Mihail, Xəlil/Khalil
//	ks → h               x stands for ks: Aleksandr/Alexandr/Alexandru
//	ts, tz → c           Tsereteli/Cereteli/Tzereteli
//	ph → f, w → v, q → k Philipp/Filip, Wladimir/Vladimir
//	y → i                Dmytro/Dmitro, Petrosyan/Petrosian, Yurii/Iurii
//	ie → e               Yevhen/Ievhen/Evhen, Aliyev/Aliev
//	final j after vowel → i   Andrej/Andrei, Jurij → juri
//	doubled letter → one Petrossian/Petrosian, Mariia/Maria; with y → i
//	                     this also makes the endings ii, iy, yi one i
//
// The letter j is not joined with y and i before a vowel: Romanian
// and Azerbaijani spell ж with j, Georgian and Armenian spell дж with j,
// and joining all of them would make Zhanna and Yana one name. So Jurij
// and Yurii get keys that differ in one letter and are matched by
// Similarity rather than by the key.
//
// Key is idempotent: Key(Key(s)) == Key(s). Its result is meant for
// comparison only, not for display.
func Key(s string) string {
	k := keyPass(s)
	// One pass leaves only lower-case ASCII letters, digits and spaces when
	// the name was in a handled script, and then a second pass would change
	// nothing. Anything else (letters of other scripts, or a letter that a
	// pass only reached after stripping its marks) is run again until the
	// key is stable.
	for i := 0; i < 8 && !isASCII(k); i++ {
		next := keyPass(k)
		if next == k {
			break
		}
		k = next
	}
	return k
}

// FoldMarks removes diacritics (non-spacing marks): "Ștefan" → "Stefan".
// It is safe for concurrent use: a transform.Chain keeps state between
// calls, so each call builds its own (sharing one between requests
// returned wrong or empty keys and panicked under load).
func FoldMarks(s string) string {
	t, _, err := transform.String(transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC), s)
	if err != nil {
		return s
	}
	return t
}

// keyPass runs the steps of Key once.
func keyPass(s string) string {
	s = strings.ToLower(Latin(s))
	if !isASCII(s) {
		s = FoldMarks(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	var word strings.Builder
	flush := func() {
		if word.Len() == 0 {
			return
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(foldWord(word.String()))
		word.Reset()
	}
	for _, r := range s {
		switch {
		case isApostrophe(r), r == '-', r == '.', unicode.Is(unicode.Pd, r):
			// dropped
		case unicode.IsLetter(r), unicode.IsDigit(r), unicode.IsMark(r):
			word.WriteRune(unicode.ToLower(r))
		default:
			flush()
		}
	}
	flush()
	return b.String()
}

// phonetic holds the substitutions of Key's step 3, applied left to right
// with the longest listed match first at each position.
var phonetic = strings.NewReplacer(
	"dzh", "j",
	"tsch", "ch",
	"tch", "ch",
	"sch", "sh",
	"zh", "j",
	"dj", "j",
	"kh", "h",
	"ks", "h",
	"x", "h",
	"ts", "c",
	"tz", "c",
	"ph", "f",
	"w", "v",
	"q", "k",
	"y", "i",
	"ie", "e",
)

// foldWord applies the phonetic folding of Key to one word until it is
// stable. Every substitution shortens the word or replaces a letter by one
// that no substitution starts from again, so this ends.
func foldWord(w string) string {
	for {
		next := phonetic.Replace(w)
		next = finalJ(next)
		next = undouble(next)
		if next == w {
			return w
		}
		w = next
	}
}

// finalJ turns a word-final j after a vowel into i.
func finalJ(w string) string {
	n := len(w)
	if n >= 2 && w[n-1] == 'j' && isVowel(w[n-2]) {
		return w[:n-1] + "i"
	}
	return w
}

func isVowel(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u', 'y':
		return true
	}
	return false
}

// undouble collapses runs of the same letter into one.
func undouble(w string) string {
	var b strings.Builder
	prev := rune(-1)
	changed := false
	for _, r := range w {
		if r == prev && unicode.IsLetter(r) {
			changed = true
			continue
		}
		prev = r
		b.WriteRune(r)
	}
	if !changed {
		return w
	}
	return b.String()
}

// Blocks returns the blocking keys of a name, for pre-filtering
// candidates in SQL before the exact comparison with Similarity.
//
// Each word of Key(s) at least two letters long gives one block: its first
// three characters (fewer if the word is shorter), taken after the
// phonetic folding, so that "Олександр Коваленко" and "Oleksandr
// Kovalenko" both give ["ole", "kov"]. Blocks are listed once each, in the
// order of the words. A one-letter word (an initial) gives none.
//
// The store saves a person's blocks in an indexed column; a duplicate check
// compares a new name only with the people who share at least one block
// with it. Two spellings of one person are found as long as at least one
// of their words keeps its first three letters after folding (true of
// every duplicate in the tests, e.g. Oleksandr/Aleksandr Kovalenko share
// "kov"); a name whose every word differs at the start will be missed.
func Blocks(s string) []string {
	var out []string
	seen := make(map[string]bool)
	for _, w := range strings.Fields(Key(s)) {
		if utf8.RuneCountInString(w) < 2 {
			continue
		}
		blk := w
		if rs := []rune(w); len(rs) > 3 {
			blk = string(rs[:3])
		}
		if !seen[blk] {
			seen[blk] = true
			out = append(out, blk)
		}
	}
	return out
}
