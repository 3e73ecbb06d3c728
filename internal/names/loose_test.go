package names

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestLooseEqual lists spellings people type that must share a loose key:
// Russian-form Cyrillic of Azerbaijani, Armenian and Romanian names, and
// Romanian-style Latin of Ukrainian names.
func TestLooseEqual(t *testing.T) {
	groups := []struct {
		name     string
		spelling []string
	}{
		{"Grigoraș", []string{"Grigoraș", "Григораш", "Grigoraş", "Grigorash"}},
		{"Grigoryan", []string{"Գրիգորյան", "Grigoryan", "Григорян", "Hryhorian"}},
		{"Petrosyan", []string{"Պետրոսյան", "Petrosyan", "Петросян", "Petrosian"}},
		{"Shevchenko", []string{"Shevchenko", "Шевченко", "Sevcenco", "Şevcenco", "Schewtschenko"}},
		{"Yurii Shevchenko", []string{"Yurii Shevchenko", "Iurii Sevcenco", "Юрій Шевченко", "Юрий Шевченко"}},
		{"Olha", []string{"Olha", "Olga", "Ольга"}},
		{"Hüseynov", []string{"Hüseynov", "Гусейнов", "Guseinov", "Huseynov"}},
		{"Ceban", []string{"Ceban", "Чебан"}},
		{"Cojocaru", []string{"Cojocaru", "Кожокару"}},
		{"Bondarenko", []string{"Bondarenko", "Bondarenco", "Бондаренко"}},
		{"Gheorghe", []string{"Gheorghe", "Георге"}},
		{"Rəşad", []string{"Rəşad", "Рашад", "Rashad"}},
	}
	for _, g := range groups {
		t.Run(g.name, func(t *testing.T) {
			want := Loose(g.spelling[0])
			for _, s := range g.spelling[1:] {
				if got := Loose(s); got != want {
					t.Errorf("Loose(%q) = %q, want %q (= Loose(%q))", s, got, want, g.spelling[0])
				}
			}
		})
	}
}

// TestLooseNear: what the search matches (Near on loose words) and what it
// must not. The rule: equal loose words match; words of five letters or
// more also match one edit apart; nothing else does.
func TestLooseNear(t *testing.T) {
	cases := []struct {
		a, b string
		near bool
	}{
		{"Мамедов", "Məmmədov", true}, // е for ə
		{"Kovalenko", "Kovalneko", true},
		{"Shevchenko", "Shevchanko", true},
		{"Ciobanu", "Чобану", true},
		{"Munteanu", "Мунтяну", true},
		{"Ivanov", "Ivanova", true},
		{"Ivanov", "Ivanenko", false},
		{"Petrenko", "Petrov", false},
		{"Armen", "Aram", false},
		{"Armen", "Arman", true}, // one letter, five letters long
		{"Olha", "Olia", false},  // shorter than five: must be equal
		{"Zhanna", "Yana", false},
		{"Kovalenko", "Kovalchuk", false},
		{"Shevchenko", "Shevchuk", false},
		{"Beridze", "Berishvili", false},
	}
	for _, c := range cases {
		a, b := Loose(c.a), Loose(c.b)
		if got := Near(a, b); got != c.near {
			t.Errorf("Near(%q, %q) (from %q, %q) = %v, want %v", a, b, c.a, c.b, got, c.near)
		}
		if got := nearByKeys(a, b); got != c.near {
			t.Errorf("lookup of %q finds %q = %v, want %v", a, b, got, c.near)
		}
	}
}

// nearByKeys is how a store decides Near: q's NearQuery against w's
// NearKeys.
func nearByKeys(q, w string) bool {
	words, keys := NearQuery(q)
	if slices.Contains(words, w) {
		return true
	}
	for _, k := range NearKeys(w) {
		if slices.Contains(keys, k) {
			return true
		}
	}
	return false
}

// osa is the optimal string alignment distance (Levenshtein with swaps of
// neighbours), the reference for Near.
func osa(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range rb {
		d[0][j+1] = j + 1
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}

// TestNearKeysExact checks, on random words over a small alphabet and
// their random edits, that Near is the stated rule and that the index
// lookup (NearQuery against NearKeys) finds exactly the Near words, no
// more (a deletion neighbourhood alone would also find words two edits
// apart).
func TestNearKeysExact(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	const alphabet = "abkə"
	word := func(n int) []rune {
		w := make([]rune, n)
		for i := range w {
			w[i] = []rune(alphabet)[r.IntN(4)]
		}
		return w
	}
	edit := func(w []rune) []rune {
		w = slices.Clone(w)
		switch i := r.IntN(len(w) + 1); r.IntN(4) {
		case 0:
			return slices.Insert(w, i, []rune(alphabet)[r.IntN(4)])
		case 1:
			if i < len(w) {
				return slices.Delete(w, i, i+1)
			}
		case 2:
			if i < len(w) {
				w[i] = []rune(alphabet)[r.IntN(4)]
			}
		case 3:
			if i+1 < len(w) {
				w[i], w[i+1] = w[i+1], w[i]
			}
		}
		return w
	}
	for range 20000 {
		a := word(3 + r.IntN(6))
		b := a
		for range r.IntN(3) {
			b = edit(b)
		}
		sa, sb := string(a), string(b)
		want := sa == sb || (len(a) >= NearMinLen && len(b) >= NearMinLen && osa(sa, sb) == 1)
		if got := Near(sa, sb); got != want {
			t.Fatalf("Near(%q, %q) = %v, want %v", sa, sb, got, want)
		}
		if got := Near(sb, sa); got != want {
			t.Fatalf("Near(%q, %q) = %v, want %v (not symmetric)", sb, sa, got, want)
		}
		if got := nearByKeys(sa, sb); got != want {
			t.Fatalf("lookup of %q finds %q = %v, want %v", sa, sb, got, want)
		}
	}
}

func TestNearKeysShortWords(t *testing.T) {
	if k := NearKeys("olga"); k != nil {
		t.Errorf("NearKeys(olga) = %v, want none", k)
	}
	if w, k := NearQuery("olga"); !slices.Equal(w, []string{"olga"}) || k != nil {
		t.Errorf("NearQuery(olga) = %v, %v", w, k)
	}
}
