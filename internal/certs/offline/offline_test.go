package offline_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/topcop-platform/topcop/internal/certs/cert"
	"github.com/topcop-platform/topcop/internal/certs/offline"
	"github.com/topcop-platform/topcop/internal/i18n"
)

// bundle is the shared catalogue with the certificates' own, as the
// platform loads them.
func bundle(t testing.TB) *i18n.Bundle {
	t.Helper()
	b, err := i18n.Load(os.DirFS("../locales"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// fixture is an issuer with a retired key and a current one, and a list
// revoking one code.
type fixture struct {
	old, cur *cert.SigningKey
	keys     cert.KeySet
	list     cert.RevocationList
}

var day = time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)

func newFixture(t testing.TB, revoked ...cert.Revocation) fixture {
	t.Helper()
	old, err := cert.NewSigningKey(day.AddDate(-2, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	old.RetiredAt = day.AddDate(-1, 0, 0)
	cur, err := cert.NewSigningKey(old.RetiredAt)
	if err != nil {
		t.Fatal(err)
	}
	f := fixture{old: old, cur: cur, keys: cert.PublicKeySet("TOPCOP Secretariat", []*cert.SigningKey{old, cur})}
	f.list = f.signList(t, day, revoked...)
	return f
}

func (f fixture) signList(t testing.TB, at time.Time, revoked ...cert.Revocation) cert.RevocationList {
	t.Helper()
	l, err := cert.SignRevocations(cert.RevocationList{Issuer: "TOPCOP Secretariat", IssuedAt: at.Format(time.RFC3339), Revoked: revoked}, f.cur)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func render(t testing.TB, f fixture, l *i18n.Localizer, base string) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := offline.Render(&buf, f.keys, f.list, l, base); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func parse(t testing.TB, page []byte) *goquery.Document {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// TestRenderLanguages: in each language the page names its language and
// direction, every message is in the catalogue, the script's messages
// are all there, and the embedded keys and list read back as given.
func TestRenderLanguages(t *testing.T) {
	b := bundle(t)
	f := newFixture(t, cert.Revocation{Code: "7KQ2M9XA4HD3RT6W", RevokedAt: "2026-11-20T10:00:00Z", Reason: "Issued by mistake"})
	en := map[string]string{}
	for _, lang := range i18n.Languages {
		t.Run(lang.Code, func(t *testing.T) {
			doc := parse(t, render(t, f, b.Localizer(lang.Code), "https://topcop.example.org"))
			html := doc.Find("html")
			if html.AttrOr("lang", "") != lang.Code || html.AttrOr("dir", "") != "ltr" {
				t.Errorf("<html lang=%q dir=%q>", html.AttrOr("lang", ""), html.AttrOr("dir", ""))
			}
			if title := doc.Find("title").Text(); title == "" || strings.Contains(title, "certs.offline") {
				t.Errorf("title %q", title)
			}
			var text map[string]string
			if err := json.Unmarshal([]byte(doc.Find("#offline-text").Text()), &text); err != nil {
				t.Fatal(err)
			}
			for k, v := range text {
				if v == "" || strings.HasPrefix(v, "certs.offline.") {
					t.Errorf("script message %s = %q", k, v)
				}
				if lang.Code == "en" {
					en[k] = v
				} else if v == en[k] && k != "lang" && k != "base" && !strings.HasPrefix(v, "20") {
					t.Errorf("script message %s is the English text %q", k, v)
				}
			}
			if text["lang"] != lang.Code || !strings.Contains(text["key_retired"], "{date}") {
				t.Errorf("script messages: lang %q, key_retired %q", text["lang"], text["key_retired"])
			}
			var keys cert.KeySet
			if err := json.Unmarshal([]byte(doc.Find("#offline-keys").Text()), &keys); err != nil || !reflect.DeepEqual(keys, f.keys) {
				t.Fatalf("embedded keys %+v (%v), want %+v", keys, err, f.keys)
			}
			list, err := cert.ParseRevocations([]byte(doc.Find("#offline-revocations").Text()), keys)
			if err != nil || !reflect.DeepEqual(list, f.list) {
				t.Fatalf("embedded list %+v (%v), want %+v", list, err, f.list)
			}
			if rows := doc.Find("table.keys tbody tr"); rows.Length() != 2 {
				t.Errorf("%d key rows, want 2", rows.Length())
			}
			if doc.Find("#list-count").Text() != "1" || doc.Find("#list-date").Text() != b.Localizer(lang.Code).DateTime(day) {
				t.Errorf("list facts %q, %q", doc.Find("#list-count").Text(), doc.Find("#list-date").Text())
			}
			// Every input has its label; the result region is announced.
			doc.Find("textarea, input").Each(func(_ int, s *goquery.Selection) {
				if id := s.AttrOr("id", ""); doc.Find(`label[for="`+id+`"]`).Length() != 1 {
					t.Errorf("input #%s has no label", id)
				}
			})
			if doc.Find(`button[type=submit]`).Length() != 1 || doc.Find(`#result[aria-live=polite]`).Length() != 1 {
				t.Error("no real button or no live result region")
			}
		})
	}
	if missing := b.Missing(); len(missing) > 0 {
		t.Fatalf("messages missing: %v", missing)
	}
}

// TestNoExternalReferences: the page loads nothing: no element refers to
// another file, the style imports nothing, the script fetches nothing,
// and its own policy allows exactly its inline script and style.
func TestNoExternalReferences(t *testing.T) {
	page := render(t, newFixture(t), bundle(t).Localizer("en"), "https://topcop.example.org")
	doc := parse(t, page)
	refs := []string{"src", "href", "action", "formaction", "srcset", "poster", "data", "xlink:href", "background", "manifest", "ping", "cite", "longdesc", "codebase", "archive", "usemap", "imagesrcset"}
	doc.Find("*").Each(func(_ int, s *goquery.Selection) {
		for _, a := range refs {
			if v, ok := s.Attr(a); ok {
				t.Errorf("<%s %s=%q> refers to another file", goquery.NodeName(s), a, v)
			}
		}
		switch goquery.NodeName(s) {
		case "link", "img", "iframe", "object", "embed", "base", "video", "audio", "source", "frame":
			t.Errorf("element <%s> loads another file", goquery.NodeName(s))
		}
		if _, ok := s.Attr("style"); ok {
			t.Errorf("<%s style> is an inline style the policy forbids", goquery.NodeName(s))
		}
		for _, a := range s.Nodes[0].Attr {
			if strings.HasPrefix(a.Key, "on") {
				t.Errorf("<%s %s> is an inline handler the policy forbids", goquery.NodeName(s), a.Key)
			}
		}
	})
	if n := doc.Find(`link, meta[http-equiv=refresh]`).Length(); n > 0 {
		t.Errorf("%d links or refreshes", n)
	}
	var script, style string
	doc.Find("script").Each(func(_ int, s *goquery.Selection) {
		switch typ := s.AttrOr("type", ""); typ {
		case "":
			script = s.Text()
		case "application/json":
			if !json.Valid([]byte(s.Text())) {
				t.Errorf("script #%s is not JSON", s.AttrOr("id", ""))
			}
		default:
			t.Errorf("script of type %q", typ)
		}
	})
	style = doc.Find("style").Text()
	for _, bad := range []string{"fetch(", "XMLHttpRequest", "import(", "importScripts", "WebSocket", "EventSource", "sendBeacon", "Worker(", "http:", "https:", ".src", "location.href ="} {
		if strings.Contains(script, bad) {
			t.Errorf("the script holds %q", bad)
		}
	}
	for _, bad := range []string{"url(", "@import", "@font-face", "http"} {
		if strings.Contains(style, bad) {
			t.Errorf("the style holds %q", bad)
		}
	}
	csp := doc.Find(`meta[http-equiv=Content-Security-Policy]`).AttrOr("content", "")
	if csp != offline.CSP {
		t.Fatalf("page policy %q, want offline.CSP %q", csp, offline.CSP)
	}
	for _, want := range []string{"default-src 'none'", "script-src " + hash(script) + ";", "style-src " + hash(style) + ";", "form-action 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("policy %q lacks %q (the inline script or style changed on the way)", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe") || strings.Contains(csp, "connect-src") {
		t.Errorf("policy %q", csp)
	}
	// The online address is text to copy, never a link.
	if !strings.Contains(doc.Find("main").Text(), "https://topcop.example.org"+cert.RevocationsPath) {
		t.Error("the page does not show where newer lists are")
	}
}

func hash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}

// TestRenderEscapes: text from the database (a reason, the issuer) that
// looks like markup stays text, and the embedded JSON cannot end its
// script element.
func TestRenderEscapes(t *testing.T) {
	evil := `</script><script>alert(1)</script><!-- ]]> ` + "\u2028"
	f := newFixture(t, cert.Revocation{Code: "7KQ2M9XA4HD3RT6W", RevokedAt: "2026-11-20T10:00:00Z", Reason: evil})
	f.keys.Issuer = `<b onmouseover="x">Issuer</b>`
	page := render(t, f, bundle(t).Localizer("ru"), "")
	doc := parse(t, page)
	if n := doc.Find("script").Length(); n != 4 {
		t.Fatalf("%d script elements, want 4: the embedded JSON escaped its element", n)
	}
	if doc.Find("b").Length() != 0 || !strings.Contains(doc.Find(".issuer").Text(), f.keys.Issuer) {
		t.Fatal("the issuer's name was not shown as text")
	}
	list, err := cert.ParseRevocations([]byte(doc.Find("#offline-revocations").Text()), f.keys)
	if err != nil || list.Revoked[0].Reason != evil {
		t.Fatalf("reason read back as %+v (%v)", list, err)
	}
	if strings.Contains(string(page), "https:") {
		t.Fatal("a page without an online address shows one")
	}
}
