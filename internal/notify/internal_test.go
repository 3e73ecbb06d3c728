package notify

import (
	"bytes"
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/topcop-platform/topcop/internal/i18n"
)

// TestBackoff: each failed attempt waits twice as long as the one
// before, ±20%, up to RetryMax.
func TestBackoff(t *testing.T) {
	o := WorkerOptions{RetryBase: time.Second, RetryMax: 20 * time.Second}.withDefaults()
	for attempt, want := range map[int]time.Duration{1: time.Second, 2: 2 * time.Second, 3: 4 * time.Second, 4: 8 * time.Second, 5: 16 * time.Second, 6: 20 * time.Second, 30: 20 * time.Second} {
		for range 50 {
			got := o.backoff(attempt)
			if got < want*8/10 || got > want*12/10 {
				t.Fatalf("backoff(%d) = %v, want %v ± 20%%", attempt, got, want)
			}
		}
	}
	d := DefaultWorkerOptions()
	if d.SendTimeout > d.Visibility/2 || d.MaxAttempts < 2 || d.Workers < 1 {
		t.Fatalf("defaults %+v", d)
	}
	if o := (WorkerOptions{Visibility: time.Minute, SendTimeout: time.Hour}).withDefaults(); o.SendTimeout != 30*time.Second {
		t.Fatalf("a send timeout longer than half the visibility window: %v", o.SendTimeout)
	}
}

var placeholder = regexp.MustCompile(`{{\s*\.(\w+)\s*}}`)

// TestCatalogueComplete: the package's catalogue has the same keys in
// all seven languages, with the same placeholders, the plural forms each
// language needs, and loads beside the shared one.
func TestCatalogueComplete(t *testing.T) {
	if _, err := i18n.Load(Locales); err != nil {
		t.Fatal(err)
	}
	read := func(lang string) map[string]any {
		data, err := fs.ReadFile(Locales, lang+".toml")
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]any{}
		if _, err := toml.NewDecoder(bytes.NewReader(data)).Decode(&m); err != nil {
			t.Fatalf("%s: %v", lang, err)
		}
		return flatten("", m)
	}
	en := read("en")
	for _, l := range i18n.Languages {
		msgs := read(l.Code)
		for k, v := range en {
			got, ok := msgs[k]
			if !ok {
				t.Errorf("%s lacks %s", l.Code, k)
				continue
			}
			if a, b := holders(v), holders(got); !slices.Equal(a, b) {
				t.Errorf("%s %s: placeholders %v, en has %v", l.Code, k, b, a)
			}
			if forms, plural := got.(map[string]any); plural {
				var have []string
				for f := range forms {
					have = append(have, f)
				}
				slices.Sort(have)
				want := i18n.PluralCategories(l.Code)
				slices.Sort(want)
				if !slices.Equal(have, want) {
					t.Errorf("%s %s: plural forms %v, want %v", l.Code, k, have, want)
				}
			}
		}
		for k := range msgs {
			if _, ok := en[k]; !ok {
				t.Errorf("%s has %s, which en lacks", l.Code, k)
			}
		}
	}
}

// flatten turns nested TOML tables into dotted keys; a table of plural
// forms stays one value.
func flatten(prefix string, m map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range m {
		key := strings.TrimPrefix(prefix+"."+k, ".")
		sub, ok := v.(map[string]any)
		if ok && !isPlural(sub) {
			for kk, vv := range flatten(key, sub) {
				out[kk] = vv
			}
			continue
		}
		out[key] = v
	}
	return out
}

func isPlural(m map[string]any) bool {
	_, ok := m["other"].(string)
	return ok
}

func holders(v any) []string {
	var texts []string
	switch x := v.(type) {
	case string:
		texts = []string{x}
	case map[string]any:
		for _, s := range x {
			texts = append(texts, s.(string))
		}
	}
	var out []string
	for _, s := range texts {
		for _, m := range placeholder.FindAllStringSubmatch(s, -1) {
			if !slices.Contains(out, m[1]) {
				out = append(out, m[1])
			}
		}
	}
	slices.Sort(out)
	return out
}

// TestTextToHTML: the HTML made from a text escapes it and keeps its
// paragraphs and line breaks.
func TestTextToHTML(t *testing.T) {
	got := textToHTML("Dear <Ana> & co,\n\nline one\nline two\n")
	want := "<p>Dear &lt;Ana&gt; &amp; co,</p>\n<p>line one<br>\nline two</p>"
	if got != want {
		t.Fatalf("textToHTML = %q, want %q", got, want)
	}
	if !validLink("/training/activities/1?tab=2") || validLink("//evil.example") || validLink("https://x") || validLink("/a b") || validLink(`/\evil`) {
		t.Fatal("validLink")
	}
}
