package names

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Latin transliterates a person's name to plain Latin letters.
//
// It handles:
//
//   - Ukrainian Cyrillic by the official Ukrainian national system (Cabinet
//     of Ministers resolution No. 55 of 2010): г→h, ґ→g, и→y, і→i, х→kh,
//     ц→ts, ч→ch, ш→sh, щ→shch, ь and the apostrophe are dropped, зг→zgh,
//     and є→ye/ie, ї→yi/i, й→y/i, ю→yu/iu, я→ya/ia (the first form at the
//     start of a word, the second elsewhere): "Олександр Коваленко" →
//     "Oleksandr Kovalenko", "Юрій" → "Yurii".
//   - Russian Cyrillic by a BGN/PCGN-like system without diacritics:
//     г→g, и→i, й→y, ы→y, э→e, ъ and ь dropped, ю→yu, я→ya, е→ye at the
//     start of a word and after a vowel (else e), ё→yo in the same places
//     and e after a consonant (Фёдоров → Fedorov, as in passports):
//     "Дмитрий Иванов" → "Dmitriy Ivanov".
//   - A few other Cyrillic letters met in the region's records (Azerbaijani
//     and Kazakh ә ғ һ ө ү ј ҹ, Moldovan ӂ, Belarusian ў, Serbian and
//     Macedonian ђ ћ џ љ њ ѓ ќ ѕ).
//   - Georgian Mkhedruli (and Mtavruli capitals) by the 2002 national system:
//     ჟ→zh, შ→sh, ჩ→ch, ც→ts, ძ→dz, წ→ts', ჭ→ch', ხ→kh, ჯ→j, ჰ→h, ღ→gh,
//     ყ→q', თ→t, პ→p', ტ→t', კ→k', ფ→p, ქ→k: "ნინო წერეთელი" →
//     "Nino Ts'ereteli". Georgian has no letter case in ordinary writing,
//     so each word is capitalised.
//   - Armenian by a BGN/PCGN-like system: ե→ye and ո→vo at the start of a
//     word, ու→u, և→ev (yev at the start of a word), ը→y, ժ→zh, խ→kh,
//     ծ→ts, ձ→dz, ղ→gh, ճ→ch, չ→ch, ջ→j, ց→ts, the aspirated թ փ ք → t p k:
//     "Արմեն Պետրոսյան" → "Armen Petrosyan", "Երևան" → "Yerevan".
//   - Latin letters with diacritics: Azerbaijani ə→a, ş→sh, ç→ch, ğ→gh,
//     ı→i, İ→I, ö→o, ü→u ("Əliyev Rəşad" → "Aliyev Rashad", matching the
//     customary English spelling used in Azerbaijani passports), and when
//     the name has one of the letters only Azerbaijani (or Turkish) uses,
//     ə ı İ ğ, also c→j and x→kh ("Cavid Xəlilov" → "Javid Khalilov");
//     Romanian
//     ă â î → a a i and ș ț → s t, comma-below and cedilla forms alike
//     ("Ștefan" → "Stefan", the usual way Romanian is written without
//     diacritics). The cedilla ş and ç are read as Azerbaijani (sh, ch)
//     unless the name also has a letter that only Romanian uses
//     (ă â î ș ț ţ), in which case ş → s and ç → c. Any other Latin letter
//     loses its diacritics (é→e, č→c), and ł ø đ ð þ ß æ œ ħ are spelt out.
//
// Whether a Cyrillic name is Ukrainian or Russian is decided for the whole
// string: і ї є ґ count for Ukrainian; ы э ё ъ, a word starting with и and
// a word ending in ей count for Russian; Russian wins only with more
// evidence, so a name with no telling letter is read as Ukrainian. A
// letter of the other language met anyway is given its own value.
//
// Capitalisation follows the source: a capital letter gives a capitalised
// Latin spelling (Щ → Shch), and a word written all in capitals stays in
// capitals (ЩУР → SHCHUR). Characters of other scripts, digits, spaces
// and punctuation pass through unchanged, except apostrophes inside a
// Cyrillic word, which are dropped.
func Latin(s string) string {
	if isASCII(s) {
		return s
	}
	rs := []rune(norm.NFC.String(s))
	ctx := latinContext{
		russian:  isRussian(rs),
		romanian: isRomanian(rs),
	}
	ctx.azerbaijani = !ctx.romanian && isAzerbaijani(rs)
	var b strings.Builder
	b.Grow(len(s) + len(s)/2)
	for i := 0; i < len(rs); {
		if !isWordRune(rs, i) {
			b.WriteRune(rs[i])
			i++
			continue
		}
		j := i + 1
		for j < len(rs) && isWordRune(rs, j) {
			j++
		}
		ctx.word(&b, rs[i:j])
		i = j
	}
	return b.String()
}

// latinContext carries the decisions made once per string.
type latinContext struct {
	russian  bool // Cyrillic is read as Russian rather than Ukrainian
	romanian bool // ş and ç are read as Romanian rather than Azerbaijani
	// azerbaijani is set when the name has a letter that marks it as
	// Azerbaijani: c and x are then spelt j and kh.
	azerbaijani bool
}

// word transliterates one word (a run of letters, marks and inner
// apostrophes) into b.
func (c latinContext) word(b *strings.Builder, w []rune) {
	allCaps := isAllCaps(w)
	for k := 0; k < len(w); k++ {
		r := w[k]
		lr := unicode.ToLower(r)
		upper := r != lr || unicode.IsUpper(r)
		var out string
		switch {
		case isApostrophe(r):
			if k > 0 && k+1 < len(w) && isCyrillic(w[k-1]) && isCyrillic(w[k+1]) {
				continue // Ukrainian apostrophe: not transliterated
			}
			b.WriteRune(r)
			continue
		case isCyrillic(lr):
			out = c.cyrillic(w, k, lr)
		case isGeorgian(r):
			var ok bool
			out, ok = georgian(r)
			if !ok {
				b.WriteRune(r)
				continue
			}
			// Mkhedruli is caseless in practice: capitalise the word.
			if r >= 0x1C90 && r <= 0x1CBF {
				upper = true
			} else {
				upper = k == 0
			}
		case isArmenian(lr):
			var n int
			out, n = armenian(w, k, lr)
			k += n
		default:
			var ok bool
			out, ok = c.latinLetter(lr)
			if !ok {
				b.WriteRune(r)
				continue
			}
		}
		if out == "" {
			continue
		}
		switch {
		case !upper:
			b.WriteString(out)
		case allCaps:
			b.WriteString(strings.ToUpper(out))
		default:
			b.WriteString(title(out))
		}
	}
}

// title upper-cases the first letter of an ASCII string.
func title(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// isAllCaps reports whether a word has at least two cased letters and all
// of them are capitals.
func isAllCaps(w []rune) bool {
	n := 0
	for _, r := range w {
		switch {
		case unicode.IsLower(r):
			return false
		case unicode.IsUpper(r):
			n++
		}
	}
	return n >= 2
}

// isWordRune reports whether rs[i] belongs to a word: a letter, a
// combining mark, or an apostrophe between two letters.
func isWordRune(rs []rune, i int) bool {
	r := rs[i]
	if unicode.IsLetter(r) || unicode.IsMark(r) {
		return true
	}
	return isApostrophe(r) && i > 0 && i+1 < len(rs) &&
		unicode.IsLetter(rs[i-1]) && unicode.IsLetter(rs[i+1])
}

// isApostrophe reports whether r is one of the characters used as an
// apostrophe in names.
func isApostrophe(r rune) bool {
	switch r {
	case '\'', '’', 'ʼ', 'ʻ', '‘', '`', '´', 'ʹ', '′', 'ʽ', 'ʾ', 'ʿ':
		return true
	}
	return false
}

func isCyrillic(r rune) bool {
	return r >= 0x0400 && r <= 0x04FF
}

func isGeorgian(r rune) bool {
	return (r >= 0x10D0 && r <= 0x10FF) || (r >= 0x1C90 && r <= 0x1CBF)
}

func isArmenian(r rune) bool {
	return r >= 0x0531 && r <= 0x058A
}

// isRussian decides whether the Cyrillic in rs is Russian (see Latin).
func isRussian(rs []rune) bool {
	uk, ru := 0, 0
	for i, r := range rs {
		switch unicode.ToLower(r) {
		case 'і', 'ї', 'є', 'ґ':
			uk++
		case 'ы', 'э', 'ё', 'ъ':
			ru++
		case 'и':
			if i == 0 || !unicode.IsLetter(rs[i-1]) {
				ru++
			}
		case 'е':
			if i+1 < len(rs) && unicode.ToLower(rs[i+1]) == 'й' &&
				(i+2 == len(rs) || !unicode.IsLetter(rs[i+2])) {
				ru++
			}
		}
	}
	return ru > uk
}

// isAzerbaijani reports whether rs has a letter that marks Azerbaijani
// (or Turkish) Latin: ə, ı, İ or ğ.
func isAzerbaijani(rs []rune) bool {
	for _, r := range rs {
		switch r {
		case 'ə', 'Ə', 'ı', 'İ', 'ğ', 'Ğ':
			return true
		}
	}
	return false
}

// isRomanian reports whether rs has a letter that only Romanian uses.
func isRomanian(rs []rune) bool {
	for _, r := range rs {
		switch unicode.ToLower(r) {
		case 'ă', 'â', 'î', 'ș', 'ț', 'ţ':
			return true
		}
	}
	return false
}

// cyrillicCommon holds the letters spelt the same in the Ukrainian and
// Russian systems, and the extra letters of other languages.
var cyrillicCommon = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'д': "d", 'ж': "zh", 'з': "z",
	'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o", 'п': "p",
	'р': "r", 'с': "s", 'т': "t", 'у': "u", 'ф': "f", 'х': "kh",
	'ц': "ts", 'ч': "ch", 'ш': "sh", 'щ': "shch", 'ь': "", 'ъ': "",
	'ы': "y", 'э': "e", 'ґ': "g", 'і': "i",
	// Other languages' letters.
	'ў': "u", 'ә': "a", 'ғ': "gh", 'һ': "h", 'ө': "o", 'ү': "u",
	'ұ': "u", 'қ': "q", 'ң': "ng", 'ј': "y", 'ҹ': "j", 'ҝ': "g",
	'ӂ': "zh", 'ђ': "dj", 'ћ': "c", 'џ': "dzh", 'љ': "lj", 'њ': "nj",
	'ѓ': "gj", 'ќ': "kj", 'ѕ': "dz", 'ѐ': "e", 'ѝ': "i",
}

// cyrillic transliterates the lower-case Cyrillic letter lr at w[k].
func (c latinContext) cyrillic(w []rune, k int, lr rune) string {
	initial := k == 0
	prev := rune(0)
	if k > 0 {
		prev = unicode.ToLower(w[k-1])
	}
	// Letters whose value depends on the language or the position.
	switch lr {
	case 'г':
		if c.russian {
			return "g"
		}
		if prev == 'з' {
			return "gh" // зг → zgh, to keep it apart from ж → zh
		}
		return "h"
	case 'и':
		if c.russian {
			return "i"
		}
		return "y"
	case 'й':
		if c.russian || initial {
			return "y"
		}
		return "i"
	case 'е':
		if c.russian && (initial || isCyrillicVowel(prev) || prev == 'ь' || prev == 'ъ') {
			return "ye"
		}
		return "e"
	case 'ё':
		if initial || isCyrillicVowel(prev) || prev == 'ь' || prev == 'ъ' {
			return "yo"
		}
		return "e"
	case 'є':
		if initial {
			return "ye"
		}
		return "ie"
	case 'ї':
		if initial {
			return "yi"
		}
		return "i"
	case 'ю':
		if c.russian || initial {
			return "yu"
		}
		return "iu"
	case 'я':
		if c.russian || initial {
			return "ya"
		}
		return "ia"
	}
	if s, ok := cyrillicCommon[lr]; ok {
		return s
	}
	// Unknown Cyrillic letter: keep it as it was written.
	return string(w[k])
}

func isCyrillicVowel(r rune) bool {
	switch r {
	case 'а', 'е', 'ё', 'и', 'о', 'у', 'ы', 'э', 'ю', 'я', 'і', 'ї', 'є':
		return true
	}
	return false
}

// georgianLetters maps Mkhedruli letters (national system of 2002).
var georgianLetters = map[rune]string{
	'ა': "a", 'ბ': "b", 'გ': "g", 'დ': "d", 'ე': "e", 'ვ': "v",
	'ზ': "z", 'თ': "t", 'ი': "i", 'კ': "k'", 'ლ': "l", 'მ': "m",
	'ნ': "n", 'ო': "o", 'პ': "p'", 'ჟ': "zh", 'რ': "r", 'ს': "s",
	'ტ': "t'", 'უ': "u", 'ფ': "p", 'ქ': "k", 'ღ': "gh", 'ყ': "q'",
	'შ': "sh", 'ჩ': "ch", 'ც': "ts", 'ძ': "dz", 'წ': "ts'", 'ჭ': "ch'",
	'ხ': "kh", 'ჯ': "j", 'ჰ': "h",
	// Archaic letters.
	'ჱ': "e", 'ჲ': "i", 'ჳ': "w", 'ჴ': "q", 'ჵ': "o", 'ჶ': "f",
}

// georgian transliterates a Mkhedruli or Mtavruli letter.
func georgian(r rune) (string, bool) {
	if r >= 0x1C90 && r <= 0x1CBF {
		r = r - 0x1C90 + 0x10D0 // Mtavruli → Mkhedruli
	}
	s, ok := georgianLetters[r]
	return s, ok
}

// armenianLetters maps lower-case Armenian letters in positions where no
// special rule applies.
var armenianLetters = map[rune]string{
	'ա': "a", 'բ': "b", 'գ': "g", 'դ': "d", 'ե': "e", 'զ': "z",
	'է': "e", 'ը': "y", 'թ': "t", 'ժ': "zh", 'ի': "i", 'լ': "l",
	'խ': "kh", 'ծ': "ts", 'կ': "k", 'հ': "h", 'ձ': "dz", 'ղ': "gh",
	'ճ': "ch", 'մ': "m", 'յ': "y", 'ն': "n", 'շ': "sh", 'ո': "o",
	'չ': "ch", 'պ': "p", 'ջ': "j", 'ռ': "r", 'ս': "s", 'վ': "v",
	'տ': "t", 'ր': "r", 'ց': "ts", 'ւ': "v", 'փ': "p", 'ք': "k",
	'օ': "o", 'ֆ': "f", 'և': "ev",
}

// armenian transliterates the lower-case Armenian letter lr at w[k] and
// says how many following runes it consumed.
func armenian(w []rune, k int, lr rune) (string, int) {
	initial := k == 0
	switch lr {
	case 'ո':
		if k+1 < len(w) && unicode.ToLower(w[k+1]) == 'ւ' {
			return "u", 1
		}
		if initial {
			return "vo", 0
		}
	case 'ե':
		if initial {
			return "ye", 0
		}
	case 'և':
		if initial {
			return "yev", 0
		}
	}
	if s, ok := armenianLetters[lr]; ok {
		return s, 0
	}
	// Punctuation and unknown signs pass through.
	return string(w[k]), 0
}

// latinSpecial spells out Latin letters that have no decomposition.
var latinSpecial = map[rune]string{
	'ə': "a", 'ı': "i", 'ł': "l", 'ø': "o", 'đ': "d", 'ð': "d",
	'þ': "th", 'ß': "ss", 'æ': "ae", 'œ': "oe", 'ħ': "h", 'ŀ': "l",
	'ŧ': "t", 'ĸ': "k", 'ŋ': "ng",
}

// latinLetter transliterates a lower-case Latin letter with diacritics.
// It reports false for runes it does not handle.
func (c latinContext) latinLetter(lr rune) (string, bool) {
	if lr < 0x80 {
		if c.azerbaijani {
			switch lr {
			case 'c':
				return "j", true
			case 'x':
				return "kh", true
			}
		}
		return string(lr), true
	}
	switch lr {
	case 'ş':
		if !c.romanian {
			return "sh", true
		}
	case 'ç':
		if !c.romanian {
			return "ch", true
		}
	case 'ğ':
		return "gh", true
	}
	if s, ok := latinSpecial[lr]; ok {
		return s, true
	}
	if !unicode.Is(unicode.Latin, lr) {
		return "", false
	}
	// Strip diacritics: keep the base letter if it is plain ASCII.
	d := norm.NFD.String(string(lr))
	base := []rune(d)
	if len(base) == 0 || base[0] >= 0x80 {
		return "", false
	}
	for _, m := range base[1:] {
		if !unicode.Is(unicode.Mn, m) {
			return "", false
		}
	}
	return string(base[0]), true
}
