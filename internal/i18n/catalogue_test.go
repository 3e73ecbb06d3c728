package i18n

import (
	"fmt"
	"io/fs"
	"maps"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"unicode"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
)

// TestCatalogueComplete is the gate every page's messages go through: each
// key in en exists, non-empty, in the six other catalogues; no catalogue has
// keys en lacks; every language uses the same placeholders per key; plural
// keys define exactly the CLDR categories each language needs. The failure
// message lists the problems per language so a translator can fix them in one
// pass.
func TestCatalogueComplete(t *testing.T) {
	b, err := Load()
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	problems := catalogueProblems(b)
	if len(problems) == 0 {
		return
	}
	var sb strings.Builder
	sb.WriteString("message catalogues are incomplete (internal/i18n/locales/<lang>.toml; see the comment at the top of en.toml):\n")
	for _, lang := range Languages {
		ps := problems[lang.Code]
		if len(ps) == 0 {
			continue
		}
		fmt.Fprintf(&sb, "\n%s.toml — %d problem(s):\n", lang.Code, len(ps))
		for _, p := range ps {
			fmt.Fprintf(&sb, "  %s\n", p)
		}
	}
	t.Error(sb.String())
}

// catalogueProblems returns, per language code, sorted human-readable
// problems.
func catalogueProblems(b *Bundle) map[string][]string {
	out := map[string][]string{}
	add := func(lang, format string, args ...any) {
		out[lang] = append(out[lang], fmt.Sprintf(format, args...))
	}
	en := b.messages[Default]
	for _, lang := range Languages {
		msgs := b.messages[lang.Code]
		need := pluralCategories[lang.Code]
		var missing, empty []string
		for _, key := range sortedKeys(en) {
			src := en[key]
			m, ok := msgs[key]
			if !ok {
				missing = append(missing, key)
				continue
			}
			forms := messageForms(m)
			if strings.TrimSpace(m.Other) == "" {
				empty = append(empty, key)
			}
			if isPlural(src) {
				have := slices.Sorted(maps.Keys(forms))
				want := slices.Clone(need)
				sort.Strings(want)
				if !slices.Equal(have, want) {
					add(lang.Code, "plural %s: has forms %v, %s needs exactly %v", key, have, lang.Code, want)
				}
			} else if isPlural(m) {
				add(lang.Code, "%s: plural forms %v, but the en message is not plural", key, slices.Sorted(maps.Keys(forms)))
			}
			for cat, text := range forms {
				if strings.TrimSpace(text) == "" {
					add(lang.Code, "%s: form %q is empty", key, cat)
				}
			}
			if got, want := placeholders(m), placeholders(src); !slices.Equal(got, want) {
				add(lang.Code, "%s: placeholders %v, en has %v", key, got, want)
			}
		}
		if len(missing) > 0 {
			add(lang.Code, "missing %d key(s): %s", len(missing), strings.Join(missing, ", "))
		}
		if len(empty) > 0 {
			add(lang.Code, "empty: %s", strings.Join(empty, ", "))
		}
		var extra []string
		for _, key := range sortedKeys(msgs) {
			if _, ok := en[key]; !ok {
				extra = append(extra, key)
			}
		}
		if len(extra) > 0 {
			add(lang.Code, "%d key(s) not in en.toml (remove them or add them to en first): %s", len(extra), strings.Join(extra, ", "))
		}
		sort.Strings(out[lang.Code])
	}
	return out
}

var placeholderRE = regexp.MustCompile(`\{\{[^}]*\}\}`)
var fieldRE = regexp.MustCompile(`\.([A-Za-z_][A-Za-z0-9_]*)`)

// placeholders returns the sorted set of template fields ({{.Name}}) used in
// any form of m.
func placeholders(m *goi18n.Message) []string {
	set := map[string]bool{}
	for _, text := range messageForms(m) {
		for _, action := range placeholderRE.FindAllString(text, -1) {
			for _, f := range fieldRE.FindAllStringSubmatch(action, -1) {
				set[f[1]] = true
			}
		}
	}
	return slices.Sorted(maps.Keys(set))
}

func sortedKeys(m map[string]*goi18n.Message) []string {
	return slices.Sorted(maps.Keys(m))
}

// TestCatalogueProblemsReported proves the gate fails loudly: a catalogue with
// a missing key, an extra key, a wrong placeholder and a missing plural form
// produces one line per problem, grouped by language.
func TestCatalogueProblemsReported(t *testing.T) {
	fsys := fstest.MapFS{}
	for _, lang := range Languages {
		fsys["locales/"+lang.Code+".toml"] = &fstest.MapFile{Data: []byte(`a.b = "x {{.Name}}"` + "\n" + pluralLine(lang.Code))}
	}
	fsys["locales/en.toml"].Data = append(fsys["locales/en.toml"].Data, []byte("\nonly.en = \"y\"\n")...)
	fsys["locales/uk.toml"] = &fstest.MapFile{Data: []byte("a.b = \"x {{.Nam}}\"\nextra.key = \"z\"\nn.items = { one = \"a {{.Count}}\", other = \"b {{.Count}}\" }\n")}
	b, err := load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	got := catalogueProblems(b)
	uk := strings.Join(got["uk"], "\n")
	for _, want := range []string{"missing 1 key(s): only.en", "extra.key", "a.b: placeholders [Nam], en has [Name]", "plural n.items: has forms [one other], uk needs exactly [few many one other]"} {
		if !strings.Contains(uk, want) {
			t.Errorf("uk problems lack %q:\n%s", want, uk)
		}
	}
	if len(got["ro"]) != 1 || !strings.Contains(got["ro"][0], "only.en") {
		t.Errorf("ro problems = %q, want only the missing only.en", got["ro"])
	}
	if len(got["en"]) != 0 {
		t.Errorf("en problems = %q, want none", got["en"])
	}
}

func pluralLine(lang string) string {
	var parts []string
	for _, c := range pluralCategories[lang] {
		parts = append(parts, fmt.Sprintf("%s = \"%s {{.Count}}\"", c, c))
	}
	return "n.items = { " + strings.Join(parts, ", ") + " }\n"
}

// TestLoadRejectsBadCatalogues: the server must refuse to start on a broken
// catalogue rather than show broken text.
func TestLoadRejectsBadCatalogues(t *testing.T) {
	good := func() fstest.MapFS {
		fsys := fstest.MapFS{}
		for _, lang := range Languages {
			fsys["locales/"+lang.Code+".toml"] = &fstest.MapFile{Data: []byte("a.b = \"x\"\n")}
		}
		return fsys
	}
	if _, err := load(good()); err != nil {
		t.Fatalf("good catalogue: %v", err)
	}
	cases := map[string]string{
		"toml syntax":       "a.b = \"unterminated\n",
		"template syntax":   "a.b = \"Hello {{.Name\"\n",
		"key and group":     "a.b = \"x\"\na.b.c = \"y\"\n",
		"mixed plural keys": "a.b = { one = \"x\", other = \"y\", foo = \"z\" }\n",
		"no other form":     "a.b = { one = \"x\" }\n",
	}
	for name, text := range cases {
		t.Run(name, func(t *testing.T) {
			fsys := good()
			fsys["locales/ka.toml"] = &fstest.MapFile{Data: []byte(text)}
			if _, err := load(fsys); err == nil {
				t.Fatalf("load accepted %q", text)
			} else if !strings.Contains(err.Error(), "ka.toml") {
				t.Errorf("error %q does not name the file", err)
			}
		})
	}
	t.Run("missing file", func(t *testing.T) {
		fsys := good()
		delete(fsys, "locales/hy.toml")
		if _, err := load(fsys); err == nil {
			t.Fatal("load accepted a missing catalogue")
		}
	})
}

// TestPluralCategoriesMatchCLDR cross-checks the hand-written table against
// the CLDR data in golang.org/x/text.
func TestPluralCategoriesMatchCLDR(t *testing.T) {
	names := map[plural.Form]string{plural.Other: "other", plural.Zero: "zero", plural.One: "one", plural.Two: "two", plural.Few: "few", plural.Many: "many"}
	for _, lang := range Languages {
		tag := language.MustParse(lang.Code)
		set := map[string]bool{"other": true}
		for i := range 1000 {
			set[names[plural.Cardinal.MatchPlural(tag, i, 0, 0, 0, 0)]] = true
		}
		got := slices.Sorted(maps.Keys(set))
		want := PluralCategories(lang.Code)
		sort.Strings(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s: CLDR integer categories %v, table says %v", lang.Code, got, want)
		}
	}
}

// TestCatalogueScripts catches the classic mix-ups: Romanian cedilla ş/ţ
// instead of comma-below ș/ț, Azerbaijani without ə, Georgian outside
// Mkhedruli, Russian letters in Ukrainian and the reverse.
func TestCatalogueScripts(t *testing.T) {
	b := MustLoad()
	text := func(lang string) string {
		var sb strings.Builder
		for _, m := range b.messages[lang] {
			for _, s := range messageForms(m) {
				sb.WriteString(s)
				sb.WriteByte('\n')
			}
		}
		return sb.String()
	}
	if s := text("ro"); strings.ContainsAny(s, "şţŞŢ") {
		t.Error("ro: uses cedilla ş/ţ; Romanian takes comma-below ș/ț")
	}
	if s := text("az"); !strings.ContainsRune(s, 'ə') || strings.ContainsAny(s, "șțȘȚ") {
		t.Error("az: expected ə and cedilla ş (not Romanian ș)")
	}
	if s := text("uk"); strings.ContainsAny(s, "ыэъёЫЭЪЁ") {
		t.Error("uk: contains Russian-only letters ы э ъ ё")
	}
	if s := text("ru"); strings.ContainsAny(s, "іїєґІЇЄҐ") {
		t.Error("ru: contains Ukrainian-only letters і ї є ґ")
	}
	for _, r := range text("ka") {
		// Mtavruli capitals (U+1C90–U+1CBF) and Asomtavruli (U+10A0–U+10CF) are
		// not used in running text.
		if (r >= 0x1C90 && r <= 0x1CBF) || (r >= 0x10A0 && r <= 0x10CF) {
			t.Errorf("ka: non-Mkhedruli letter %q", r)
			break
		}
	}
	for _, lang := range []string{"ka", "hy", "uk", "ru"} {
		script := map[string]*unicode.RangeTable{"ka": unicode.Georgian, "hy": unicode.Armenian, "uk": unicode.Cyrillic, "ru": unicode.Cyrillic}[lang]
		for _, m := range b.messages[lang] {
			if m.ID == "placeholder.empty" {
				continue
			}
			if !strings.ContainsFunc(m.Other, func(r rune) bool { return unicode.Is(script, r) }) && !strings.HasPrefix(m.ID, "app.") {
				t.Errorf("%s: %s = %q has no letter of the language's script (left untranslated?)", lang, m.ID, m.Other)
			}
		}
	}
}

// TestEmbeddedCataloguesListed: every catalogue file, in locales/ or in a
// module folder locales/<module>/, is a supported language, and each module
// folder has all seven, so a stray or missing catalogue cannot be silently
// ignored.
func TestEmbeddedCataloguesListed(t *testing.T) {
	err := fs.WalkDir(localesFS, "locales", func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.IsDir() {
			if path == "locales" {
				return nil
			}
			if strings.Count(path, "/") > 1 {
				t.Errorf("%s: catalogues nest one level at most", path)
				return fs.SkipDir
			}
			for _, lang := range Languages {
				if _, err := fs.Stat(localesFS, path+"/"+lang.Code+".toml"); err != nil {
					t.Errorf("%s lacks %s.toml", path, lang.Code)
				}
			}
			return nil
		}
		if code := strings.TrimSuffix(e.Name(), ".toml"); !Supported(code) || !strings.HasSuffix(e.Name(), ".toml") {
			t.Errorf("%s is not a catalogue of one of Languages", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestModuleTopicFiles: a module's catalogue may be split into
// <code>.<topic>.toml files; their keys load beside <code>.toml's, and a
// key repeated across the files is refused.
func TestModuleTopicFiles(t *testing.T) {
	base := fstest.MapFS{}
	mod := fstest.MapFS{}
	for _, lang := range Languages {
		base["locales/"+lang.Code+".toml"] = &fstest.MapFile{Data: []byte(`a.b = "x"` + "\n" + pluralLine(lang.Code))}
		mod[lang.Code+".toml"] = &fstest.MapFile{Data: []byte(`m.main = "main ` + lang.Code + `"` + "\n")}
		mod[lang.Code+".extra.toml"] = &fstest.MapFile{Data: []byte(`m.extra = "extra ` + lang.Code + `"` + "\n")}
	}
	b, err := load(base, mod)
	if err != nil {
		t.Fatal(err)
	}
	if got := b.Localizer("uk").T("m.extra"); got != "extra uk" {
		t.Errorf("m.extra in uk = %q, want the topic file's text", got)
	}
	mod["ro.extra.toml"] = &fstest.MapFile{Data: []byte("m.main = \"again\"\nm.extra = \"x\"\n")}
	if _, err := load(base, mod); err == nil || !strings.Contains(err.Error(), "m.main") {
		t.Errorf("a key repeated in a topic file loaded: %v", err)
	}
}
