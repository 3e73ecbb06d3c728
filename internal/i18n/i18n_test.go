package i18n

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"
)

func TestMatch(t *testing.T) {
	b := MustLoad()
	cases := []struct {
		name, cookie, accept, want string
	}{
		{"ukrainian browser", "", "uk-UA,uk;q=0.9,en;q=0.8", "uk"},
		{"georgian", "", "ka", "ka"},
		{"armenian with region", "", "hy-AM", "hy"},
		{"azerbaijani latin with region", "", "az-Latn-AZ", "az"},
		{"romanian of moldova", "", "ro-MD", "ro"},
		{"moldavian legacy tag", "", "mo", "ro"},
		{"russian", "", "ru", "ru"},
		{"russian in ukraine", "", "ru-UA,ru;q=0.9", "ru"},
		{"quality order wins", "", "en;q=0.1,ka;q=0.9", "ka"},
		{"unsupported falls back to en", "", "de-DE,fr;q=0.8", "en"},
		{"unsupported first, supported later", "", "de-DE,hy;q=0.5", "hy"},
		{"garbage header", "", "garbage;;;q=x,,,", "en"},
		{"empty", "", "", "en"},
		{"wildcard", "", "*", "en"},
		{"cookie wins over header", "ka", "uk-UA,uk;q=0.9", "ka"},
		{"cookie case and space", " RU ", "en", "ru"},
		{"unsupported cookie ignored", "de", "az-Latn-AZ", "az"},
		{"garbage cookie ignored", "<script>", "hy-AM", "hy"},
		{"cookie with region is not a code", "uk-UA", "ro", "ro"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := b.Match(c.cookie, c.accept); got != c.want {
				t.Errorf("Match(%q, %q) = %q, want %q", c.cookie, c.accept, got, c.want)
			}
		})
	}
}

func TestLocalizerT(t *testing.T) {
	b := MustLoad()
	want := map[string]string{
		"en": "Sign out", "ro": "Deconectare", "uk": "Вийти", "ka": "გასვლა",
		"hy": "Ելք", "az": "Çıxış", "ru": "Выйти",
	}
	for _, lang := range Languages {
		l := b.Localizer(lang.Code)
		if l.Lang() != lang.Code {
			t.Errorf("Localizer(%q).Lang() = %q", lang.Code, l.Lang())
		}
		if got := l.T("auth.sign_out"); got != want[lang.Code] {
			t.Errorf("%s: T(auth.sign_out) = %q, want %q", lang.Code, got, want[lang.Code])
		}
		// Each localizer must answer from its own catalogue, never another's.
		for _, key := range b.Keys(lang.Code) {
			m := b.messages[lang.Code][key]
			if isPlural(m) || len(placeholders(m)) > 0 {
				continue
			}
			if got := l.T(key); got != m.Other {
				t.Errorf("%s: T(%q) = %q, catalogue has %q", lang.Code, key, got, m.Other)
			}
		}
	}
	if got := b.Localizer("en").T("auth.signed_in_as", "Name", "Ana Popescu"); got != "Signed in as Ana Popescu" {
		t.Errorf("placeholder: got %q", got)
	}
	if got := b.Localizer("xx"); got.Lang() != "en" {
		t.Errorf("unsupported language localizer = %q, want en", got.Lang())
	}
	if len(b.Missing()) != 0 {
		t.Errorf("Missing() = %v after only valid lookups", b.Missing())
	}
}

func TestLocalizerMissingKey(t *testing.T) {
	b := MustLoad()
	l := b.Localizer("uk")
	if got := l.T("no.such.key"); got != "no.such.key" {
		t.Errorf("T(missing) = %q, want the key", got)
	}
	if got := l.N("no.such.plural", 3); got != "no.such.plural" {
		t.Errorf("N(missing) = %q, want the key", got)
	}
	if got := b.Missing(); !slices.Equal(got, []string{"uk:no.such.key", "uk:no.such.plural"}) {
		t.Errorf("Missing() = %v", got)
	}
}

func TestLocalizerN(t *testing.T) {
	b := MustLoad()
	cases := []struct {
		lang  string
		count int
		want  string
	}{
		{"en", 1, "1 result"},
		{"en", 0, "0 results"},
		{"en", 1234, "1,234 results"},
		{"ro", 1, "1 rezultat"},
		{"ro", 2, "2 rezultate"},
		{"ro", 19, "19 rezultate"},
		{"ro", 20, "20 de rezultate"},
		{"ro", 101, "101 rezultate"},
		{"uk", 1, "1 результат"},
		{"uk", 3, "3 результати"},
		{"uk", 5, "5 результатів"},
		{"uk", 11, "11 результатів"},
		{"uk", 21, "21 результат"},
		{"uk", 22, "22 результати"},
		{"ru", 1, "1 результат"},
		{"ru", 4, "4 результата"},
		{"ru", 12, "12 результатов"},
		{"ru", 1001, "1\u00a0001 результат"},
		{"ka", 7, "7 შედეგი"},
		{"hy", 7, "7 արդյունք"},
		{"az", 7, "7 nəticə"},
	}
	for _, c := range cases {
		if got := b.Localizer(c.lang).N("common.results", c.count); got != c.want {
			t.Errorf("%s N(common.results, %d) = %q, want %q", c.lang, c.count, got, c.want)
		}
	}
	got := b.Localizer("en").N("pager.showing", 120, "Shown", 50)
	if got != "Showing 50 of 120 results" {
		t.Errorf("pager.showing = %q", got)
	}
}

func TestDateAndNumber(t *testing.T) {
	b := MustLoad()
	ts := time.Date(2026, 11, 26, 14, 5, 0, 0, time.UTC)
	cases := []struct{ lang, date, dateTime, number string }{
		{"en", "2026-11-26", "2026-11-26 14:05 UTC", "1,234,567"},
		{"ro", "26.11.2026", "26.11.2026 14:05 UTC", "1.234.567"},
		{"uk", "26.11.2026", "26.11.2026 14:05 UTC", "1\u00a0234\u00a0567"},
		{"ka", "26.11.2026", "26.11.2026 14:05 UTC", "1\u00a0234\u00a0567"},
		{"hy", "26.11.2026", "26.11.2026 14:05 UTC", "1\u00a0234\u00a0567"},
		{"az", "26.11.2026", "26.11.2026 14:05 UTC", "1.234.567"},
		{"ru", "26.11.2026", "26.11.2026 14:05 UTC", "1\u00a0234\u00a0567"},
	}
	for _, c := range cases {
		l := b.Localizer(c.lang)
		if got := l.Date(ts); got != c.date {
			t.Errorf("%s Date = %q, want %q", c.lang, got, c.date)
		}
		if got := l.DateTime(ts); got != c.dateTime {
			t.Errorf("%s DateTime = %q, want %q", c.lang, got, c.dateTime)
		}
		if got := l.Number(1234567); got != c.number {
			t.Errorf("%s Number = %q, want %q", c.lang, got, c.number)
		}
		if got := l.Date(time.Time{}); got != "—" {
			t.Errorf("%s Date(zero) = %q, want the empty placeholder", c.lang, got)
		}
		// The placeholder shown for date inputs must describe the same order.
		if ph := l.T("placeholder.date"); len([]rune(ph)) != len(c.date) {
			t.Errorf("%s placeholder.date %q does not fit the date format %q", c.lang, ph, c.date)
		}
	}
	if got := b.Localizer("en").Number(-42); got != "-42" {
		t.Errorf("Number(-42) = %q", got)
	}
}

func TestKeys(t *testing.T) {
	b := MustLoad()
	keys := b.Keys("en")
	if !slices.IsSorted(keys) || len(keys) < 50 {
		t.Fatalf("Keys(en) = %d keys, sorted=%v", len(keys), slices.IsSorted(keys))
	}
	for _, want := range []string{"nav.directory", "validation.too_long", "error.rate_limited.title", "pager.showing"} {
		if !slices.Contains(keys, want) {
			t.Errorf("Keys(en) lacks %s", want)
		}
		if !b.Has(want) {
			t.Errorf("Has(%s) = false", want)
		}
	}
	if b.Keys("xx") != nil {
		t.Error("Keys(unsupported) should be nil")
	}
}

// TestConcurrentLocalizers runs under -race: the shared Localizers, the plural
// machinery and the number printer must be safe for concurrent requests.
func TestConcurrentLocalizers(t *testing.T) {
	b := MustLoad()
	var wg sync.WaitGroup
	for i := range 28 {
		lang := Languages[i%len(Languages)].Code
		wg.Go(func() {
			l := b.Localizer(lang)
			for j := range 200 {
				_ = l.T("auth.signed_in_as", "Name", fmt.Sprint(j))
				_ = l.N("pager.showing", j, "Shown", l.Number(j))
				_ = l.Number(j * 1000)
				_ = l.DateTime(time.Now())
				_ = l.T("missing.key." + lang)
			}
		})
	}
	wg.Wait()
	if got := len(b.Missing()); got != len(Languages) {
		t.Errorf("Missing() has %d entries, want one per language", got)
	}
}

func TestLanguagesTable(t *testing.T) {
	var codes []string
	for _, l := range Languages {
		codes = append(codes, l.Code)
		if l.Native == "" || strings.TrimSpace(l.Native) != l.Native {
			t.Errorf("%s: bad native name %q", l.Code, l.Native)
		}
	}
	if got := strings.Join(codes, ","); got != "en,ro,uk,ka,hy,az,ru" {
		t.Errorf("Languages order = %s", got)
	}
}

func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := Load(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkT(b *testing.B) {
	l := MustLoad().Localizer("uk")
	b.ReportAllocs()
	for b.Loop() {
		_ = l.T("auth.signed_in_as", "Name", "Ana")
	}
}

// TestFallbackToEnglish: a key missing from one language shows the English
// text rather than the bare key, and is recorded as missing for that language.
func TestFallbackToEnglish(t *testing.T) {
	fsys := fstest.MapFS{}
	for _, lang := range Languages {
		fsys["locales/"+lang.Code+".toml"] = &fstest.MapFile{Data: []byte("a.b = \"" + lang.Code + "\"\nc.d = \"only " + lang.Code + "\"\n")}
	}
	fsys["locales/uk.toml"] = &fstest.MapFile{Data: []byte("a.b = \"uk\"\n")}
	b, err := load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if got := b.Localizer("uk").T("c.d"); got != "only en" {
		t.Errorf("fallback = %q, want the English text", got)
	}
	if got := b.Localizer("ka").T("c.d"); got != "only ka" {
		t.Errorf("ka = %q", got)
	}
	if got := b.Missing(); !slices.Equal(got, []string{"uk:c.d"}) {
		t.Errorf("Missing() = %v", got)
	}
}
