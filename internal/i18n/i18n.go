// Package i18n holds the platform's seven UI languages, their message
// catalogues and the locale conventions for dates and numbers.
//
// Catalogues are TOML files embedded from locales/<code>.toml and parsed with
// go-i18n (github.com/nicksnyder/go-i18n/v2), which also supplies the CLDR
// plural rules. A Bundle is built once at start-up by Load and is immutable
// afterwards; its Localizers are built at the same time, one per language, and
// are safe for concurrent use by any number of requests.
//
// How to add a message: see the comment at the top of locales/en.toml. The
// test TestCatalogueComplete is the gate: every key in en must exist in the six
// other catalogues with the same placeholders and the plural categories the
// language needs.
package i18n

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"slices"
	"sort"
	"strings"
	"sync"
	"text/template"

	"github.com/BurntSushi/toml"
	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// Language is one UI language: its code (a BCP 47 base language, also the
// catalogue file name and the value of the language cookie) and its name in
// that language, which is how the language switcher shows it.
type Language struct {
	Code   string
	Native string
}

// Languages are the supported UI languages in the order the language switcher
// lists them. English is the default and the source language of the
// catalogues.
var Languages = []Language{
	{Code: "en", Native: "English"},
	{Code: "ro", Native: "Română"},
	{Code: "uk", Native: "Українська"},
	{Code: "ka", Native: "ქართული"},
	{Code: "hy", Native: "Հայերեն"},
	{Code: "az", Native: "Azərbaycanca"},
	{Code: "ru", Native: "Русский"},
}

// Default is the language used when nothing better is known.
const Default = "en"

// CookieName is the name of the cookie that stores the user's chosen language
// (its value is one of the Languages codes).
const CookieName = "lang"

// pluralCategories are the CLDR cardinal plural categories each language uses
// (CLDR 4x plurals.xml; "other" is always required). A plural message must
// define exactly these forms in that language.
var pluralCategories = map[string][]string{
	"en": {"one", "other"},
	"ro": {"one", "few", "other"},
	"uk": {"one", "few", "many", "other"},
	"ka": {"one", "other"},
	"hy": {"one", "other"},
	"az": {"one", "other"},
	"ru": {"one", "few", "many", "other"},
}

// PluralCategories returns the CLDR plural categories ("one", "few", "many",
// "other", …) that a plural message needs in lang, or nil for an unsupported
// language.
func PluralCategories(lang string) []string {
	return slices.Clone(pluralCategories[lang])
}

// Supported reports whether code is one of the Languages codes.
func Supported(code string) bool {
	for _, l := range Languages {
		if l.Code == code {
			return true
		}
	}
	return false
}

//go:embed locales
var localesFS embed.FS

// Bundle is the parsed set of catalogues with one Localizer per language.
// It is immutable after Load, except for the record of missing messages,
// which is concurrency-safe.
type Bundle struct {
	localizers map[string]*Localizer
	messages   map[string]map[string]*goi18n.Message // lang → key → message
	matcher    language.Matcher

	missingMu sync.Mutex
	missing   map[string]struct{} // "lang:key"
}

// Load parses every embedded catalogue and returns the Bundle. It fails if a
// catalogue is missing, is not valid TOML, has a malformed message (mixed
// plural and plain keys, a message without its "other" form) or a message
// whose {{template}} text does not parse. Callers: the server at start-up
// (refuse to start on error) and tests.
//
// modules are the capabilities' catalogues: each holds <code>.toml for
// every language (and may split it into <code>.<topic>.toml files), and
// its keys must not repeat another catalogue's.
func Load(modules ...fs.FS) (*Bundle, error) {
	return load(localesFS, modules...)
}

// MustLoad is Load that panics on error, for tests and package-level defaults.
func MustLoad() *Bundle {
	b, err := Load()
	if err != nil {
		panic(err)
	}
	return b
}

func load(fsys fs.FS, modules ...fs.FS) (*Bundle, error) {
	gb := goi18n.NewBundle(language.English)
	gb.RegisterUnmarshalFunc("toml", toml.Unmarshal)

	b := &Bundle{
		localizers: make(map[string]*Localizer, len(Languages)),
		messages:   make(map[string]map[string]*goi18n.Message, len(Languages)),
		missing:    make(map[string]struct{}),
	}
	var errs []error
	tags := make([]language.Tag, 0, len(Languages))
	for _, lang := range Languages {
		tag := language.MustParse(lang.Code)
		tags = append(tags, tag)
		// locales/<code>.toml holds the shared messages; each module
		// brings its own <code>.toml. A key defined twice is an error.
		type file struct {
			fsys fs.FS
			path string
		}
		files := []file{{fsys, "locales/" + lang.Code + ".toml"}}
		for _, m := range modules {
			files = append(files, file{m, lang.Code + ".toml"})
			// A module may split a language's catalogue by topic:
			// <code>.<topic>.toml beside <code>.toml.
			more, _ := fs.Glob(m, lang.Code+".*.toml")
			for _, path := range more {
				files = append(files, file{m, path})
			}
		}
		msgs := make(map[string]*goi18n.Message)
		for _, f := range files {
			path := f.path
			buf, err := fs.ReadFile(f.fsys, path)
			if err != nil {
				errs = append(errs, fmt.Errorf("i18n: %s: %w", path, err))
				continue
			}
			// The package-level parser, not Bundle.ParseMessageFileBytes, so that we
			// keep the parsed messages (go-i18n does not expose them later).
			mf, err := goi18n.ParseMessageFileBytes(buf, path, map[string]goi18n.UnmarshalFunc{"toml": toml.Unmarshal})
			if err != nil {
				errs = append(errs, fmt.Errorf("i18n: %s: %w", path, err))
				continue
			}
			for _, m := range mf.Messages {
				if err := checkMessage(m); err != nil {
					errs = append(errs, fmt.Errorf("i18n: %s: %w", path, err))
					continue
				}
				if _, dup := msgs[m.ID]; dup {
					errs = append(errs, fmt.Errorf("i18n: %s: message %q is defined in another catalogue file too", path, m.ID))
					continue
				}
				msgs[m.ID] = m
			}
			if err := gb.AddMessages(tag, mf.Messages...); err != nil {
				errs = append(errs, fmt.Errorf("i18n: %s: %w", path, err))
				continue
			}
		}
		b.messages[lang.Code] = msgs
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	b.matcher = language.NewMatcher(tags)
	for i, lang := range Languages {
		b.localizers[lang.Code] = &Localizer{
			lang:    lang.Code,
			bundle:  b,
			loc:     goi18n.NewLocalizer(gb, lang.Code),
			printer: message.NewPrinter(tags[i]),
			dates:   dateFormats[lang.Code],
		}
	}
	return b, nil
}

// checkMessage rejects a message that go-i18n would accept but that would
// misbehave at run time: no "other" form, or a form whose template text does
// not parse (go-i18n only parses it on first use).
func checkMessage(m *goi18n.Message) error {
	if m.Other == "" {
		return fmt.Errorf("message %q: empty or missing \"other\" text (plain messages are \"key = 'text'\"; plural ones need other too)", m.ID)
	}
	for form, text := range messageForms(m) {
		if _, err := template.New(m.ID).Parse(text); err != nil {
			return fmt.Errorf("message %q (%s): %w", m.ID, form, err)
		}
	}
	return nil
}

// messageForms returns the non-empty plural forms of m by CLDR category.
func messageForms(m *goi18n.Message) map[string]string {
	forms := make(map[string]string, 6)
	for cat, text := range map[string]string{
		"zero": m.Zero, "one": m.One, "two": m.Two, "few": m.Few, "many": m.Many, "other": m.Other,
	} {
		if text != "" {
			forms[cat] = text
		}
	}
	return forms
}

// isPlural reports whether m defines any form besides "other".
func isPlural(m *goi18n.Message) bool {
	return m.Zero != "" || m.One != "" || m.Two != "" || m.Few != "" || m.Many != ""
}

// Match picks the UI language for a request: the language cookie if it names a
// supported language, else the best match for the Accept-Language header
// (golang.org/x/text/language), else English. It never fails: garbage in
// either value is ignored.
func (b *Bundle) Match(cookieLang, acceptLanguage string) string {
	if c := strings.ToLower(strings.TrimSpace(cookieLang)); Supported(c) {
		return c
	}
	prefs, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(prefs) == 0 {
		return Default
	}
	_, i, conf := b.matcher.Match(prefs...)
	if conf == language.No {
		return Default
	}
	return Languages[i].Code
}

// Localizer returns the Localizer for lang, or the English one if lang is not
// supported. The result is shared and safe for concurrent use.
func (b *Bundle) Localizer(lang string) *Localizer {
	if l, ok := b.localizers[lang]; ok {
		return l
	}
	return b.localizers[Default]
}

// Keys returns the sorted message keys of lang's catalogue (nil for an
// unsupported language). For tests and tooling.
func (b *Bundle) Keys(lang string) []string {
	msgs, ok := b.messages[lang]
	if !ok {
		return nil
	}
	keys := make([]string, 0, len(msgs))
	for k := range msgs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Has reports whether key exists in the English (source) catalogue. Tests use
// it to check that every key a template uses exists.
func (b *Bundle) Has(key string) bool {
	_, ok := b.messages[Default][key]
	return ok
}

// Missing returns, sorted, every "lang:key" that a Localizer was asked for
// since Load and could not find in that language. Rendering tests assert it
// stays empty; in production each miss is also logged once.
func (b *Bundle) Missing() []string {
	b.missingMu.Lock()
	defer b.missingMu.Unlock()
	out := make([]string, 0, len(b.missing))
	for k := range b.missing {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func (b *Bundle) recordMissing(lang, key string, err error) {
	id := lang + ":" + key
	b.missingMu.Lock()
	_, seen := b.missing[id]
	if !seen {
		b.missing[id] = struct{}{}
	}
	b.missingMu.Unlock()
	if !seen {
		slog.Warn("i18n: missing message", "lang", lang, "key", key, "err", err)
	}
}

// Localizer translates and formats for one language. Obtain it from
// Bundle.Localizer; it is immutable and safe for concurrent use.
type Localizer struct {
	lang    string
	bundle  *Bundle
	loc     *goi18n.Localizer
	printer *message.Printer
	dates   dateFormat
	// plain memoises T for keys called without arguments (most labels):
	// the catalogue does not change while the process runs.
	plain sync.Map
}

// Lang returns the language code ("en", "uk", …).
func (l *Localizer) Lang() string { return l.lang }

// In is the localizer of the same catalogues in lang (English when lang
// is not one of the languages): for a document written in a language
// other than the reader's, such as a certificate in its holder's.
func (l *Localizer) In(lang string) *Localizer { return l.bundle.Localizer(lang) }

// T returns the message key in the Localizer's language. args are name/value
// pairs that fill the message's placeholders: T("dir.people.count", "Count", 5)
// fills {{.Count}}. Values are printed as they are; pass l.Number(n) for a
// grouped number.
//
// A key missing from this language falls back to the English text; a key
// missing from English returns the key itself. Either way the miss is
// recorded (Bundle.Missing) and logged once, and TestCatalogueComplete or a
// rendering test fails.
func (l *Localizer) T(key string, args ...any) string {
	if len(args) > 0 {
		return l.localize(key, nil, args)
	}
	if s, ok := l.plain.Load(key); ok {
		return s.(string)
	}
	s, ok := l.lookup(key, nil, nil)
	if ok {
		l.plain.Store(key, s)
	}
	return s
}

// N returns the plural message key for count: the CLDR plural category of
// count in this language picks the form (one/few/many/other). The template
// data has Count set to count formatted with the locale's digit grouping
// (l.Number), plus the name/value pairs in args.
func (l *Localizer) N(key string, count int, args ...any) string {
	return l.localize(key, &count, args)
}

func (l *Localizer) localize(key string, count *int, args []any) string {
	s, _ := l.lookup(key, count, args)
	return s
}

// lookup localises key; ok is false when the catalogue lacks it (the
// result is then key itself, or what the fallback language had).
func (l *Localizer) lookup(key string, count *int, args []any) (string, bool) {
	data := make(map[string]any, len(args)/2+1)
	for i := 0; i+1 < len(args); i += 2 {
		name, ok := args[i].(string)
		if !ok {
			continue
		}
		data[name] = args[i+1]
	}
	cfg := &goi18n.LocalizeConfig{MessageID: key, TemplateData: data}
	if count != nil {
		cfg.PluralCount = *count
		data["Count"] = l.Number(*count)
	}
	s, err := l.loc.Localize(cfg)
	if err != nil {
		l.bundle.recordMissing(l.lang, key, err)
		if s == "" {
			return key, false
		}
		return s, false
	}
	return s, true
}

// Has reports whether key has a message (in English, the fallback of
// every language).
func (l *Localizer) Has(key string) bool { return l.bundle.Has(key) }
