package names

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// LooseVersion numbers the rules of Key and Loose. It changes whenever
// either returns something else for some name, so that a store keeping
// Loose forms knows to compute them again.
const LooseVersion = 1

// Loose returns the loose key of a name, for search: the words of Key(s),
// each folded further so that the spellings of one name that people type
// in other scripts and systems come out equal. Besides Key's rules:
//
//	sh → s          Romanian ș, Ukrainian ш and Azerbaijani ş read alike:
//	                Grigoraș/Григораш, Sevcenco/Shevchenko
//	ch → c, c → k   Romanian c is ч before e and i and к elsewhere, and
//	                Key already made ts c: Sevcenco/Shevchenko,
//	                Bondarenco/Bondarenko, Ceban/Чебан
//	h → g           Ukrainian г is h, Russian г is g, and Key made kh and
//	                x h: Hryhorii/Grigorii, Olha/Olga, Григораш/Grigoraș
//	doubled letter → one, again after the rules above
//
// So "Iurii Sevcenco" and "Yurii Shevchenko" both give "iuri sevkenko",
// and "Григорян" and "Գրիգորյան" both give "grigorian". The price is that
// names told apart only by these letters are joined too (Kira and Tsira);
// a search, unlike a duplicate check, accepts that.
//
// Vowels are kept: the Russian spelling of Azerbaijani ə as е (Мамедов,
// Məmmədov) is met by Near instead.
func Loose(s string) string {
	ws := strings.Fields(Key(s))
	for i, w := range ws {
		ws[i] = looseWord(w)
	}
	return strings.Join(ws, " ")
}

// looseFold holds the substitutions of Loose, applied left to right.
var looseFold = strings.NewReplacer(
	"sh", "s",
	"ch", "k",
	"c", "k",
	"h", "g",
)

// looseWord folds one word of Key. The replacer runs once: "sh" and "ch"
// are consumed before their h is seen, so Shevchenko becomes "sevkenko",
// not "sgevkgenko".
func looseWord(w string) string {
	return undouble(looseFold.Replace(w))
}

// NearMinLen is the length, in letters, from which two loose words one
// edit apart count as Near.
const NearMinLen = 5

// Near reports whether two loose words match in a search: they are equal,
// or both have at least NearMinLen letters and one edit turns one into the
// other: a letter added, dropped or changed, or two neighbouring letters
// swapped (Kovalenko/Kovalneko, Shevchenko/Shevchanko, Мамедов/Məmmədov).
// Shorter words must be equal, so Armen does not find Aram and Olha not
// Olia. Near is the rule; NearKeys and NearQuery find the words it
// accepts through an index.
func Near(a, b string) bool {
	if a == b {
		return true
	}
	ra, rb := []rune(a), []rune(b)
	if len(ra) < NearMinLen || len(rb) < NearMinLen {
		return false
	}
	if len(ra) > len(rb) {
		ra, rb = rb, ra
	}
	switch len(rb) - len(ra) {
	case 0:
		diff := -1
		for i := range ra {
			if ra[i] == rb[i] {
				continue
			}
			if diff >= 0 {
				// A second difference: only a swap of neighbours is one edit.
				return diff == i-1 && ra[diff] == rb[i] && ra[i] == rb[diff] && string(ra[i+1:]) == string(rb[i+1:])
			}
			diff = i
		}
		return true
	case 1:
		i := 0
		for i < len(ra) && ra[i] == rb[i] {
			i++
		}
		return string(ra[i:]) == string(rb[i+1:])
	}
	return false
}

// NearKeys returns the keys a store indexes for a loose word w so that
// NearQuery finds it: for each letter, w without that letter and the
// letter's position ("kovalnko:5" for kovalenko). It returns nil for a
// word shorter than NearMinLen, which only matches when equal.
func NearKeys(w string) []string {
	rs := []rune(w)
	if len(rs) < NearMinLen {
		return nil
	}
	out := make([]string, len(rs))
	for i := range rs {
		out[i] = deleted(rs, i) + ":" + strconv.Itoa(i)
	}
	return out
}

// NearQuery returns what to look up to find the stored loose words Near
// a loose query word q: words are the stored words to match as they are
// (q, q without one letter, q with two neighbours swapped), and keys the
// NearKeys to match (those of the words one letter longer than q, and
// those of the words differing from q in one letter). A stored word w is
// Near q exactly when it is in words or one of NearKeys(w) is in keys.
func NearQuery(q string) (words, keys []string) {
	rs := []rune(q)
	words = []string{q}
	if len(rs) < NearMinLen {
		return words, nil
	}
	if len(rs) > NearMinLen {
		for i := range rs {
			words = appendNew(words, deleted(rs, i))
		}
	}
	sw := make([]rune, len(rs))
	for i := 0; i+1 < len(rs); i++ {
		if rs[i] == rs[i+1] {
			continue
		}
		copy(sw, rs)
		sw[i], sw[i+1] = sw[i+1], sw[i]
		words = appendNew(words, string(sw))
	}
	keys = make([]string, 0, 2*len(rs)+1)
	for j := 0; j <= len(rs); j++ {
		keys = append(keys, q+":"+strconv.Itoa(j)) // a stored word with a letter more
	}
	for i := range rs {
		keys = append(keys, deleted(rs, i)+":"+strconv.Itoa(i)) // one letter changed
	}
	return words, keys
}

// deleted returns rs without its i-th rune.
func deleted(rs []rune, i int) string {
	var b strings.Builder
	b.Grow(len(rs) * utf8.UTFMax)
	for j, r := range rs {
		if j != i {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func appendNew(ss []string, s string) []string {
	for _, x := range ss {
		if x == s {
			return ss
		}
	}
	return append(ss, s)
}
