package offline_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/topcop-platform/topcop/internal/app/apptest"
	"github.com/topcop-platform/topcop/internal/certs/cert"
)

// offlineBrowser drives the page saved as a file in Chromium, with no
// server at all, and records every request the page makes.
type offlineBrowser struct {
	*apptest.Browser
	mu       sync.Mutex
	requests []string
}

func openOffline(t *testing.T) *offlineBrowser {
	b := &offlineBrowser{Browser: apptest.OpenBrowser(t)}
	if _, err := chromedp.Call(b.Ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Listen(b.Ctx, func(ev any) {
		if e, ok := ev.(*network.EventRequestWillBeSent); ok {
			b.mu.Lock()
			b.requests = append(b.requests, e.Request.URL)
			b.mu.Unlock()
		}
	}); err != nil {
		t.Fatal(err)
	}
	return b
}

// open loads the page at file URL u and waits until its script has
// tested WebCrypto; it returns what the test found ("yes" or
// "no-crypto").
func (b *offlineBrowser) open(u string) string {
	b.T.Helper()
	b.Run("open "+u, chromedp.Navigate(u))
	deadline := time.Now().Add(20 * time.Second)
	var last error
	for time.Now().Before(deadline) {
		// Evaluated afresh each time: the context of the page left may
		// still answer, or be gone.
		ctx, cancel := context.WithTimeout(b.Ctx, 2*time.Second)
		ready, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.href === `+strconv.Quote(u)+` && document.documentElement.dataset.ready || ""`))
		cancel()
		if err == nil && ready != "" {
			return ready
		}
		last = err
		time.Sleep(50 * time.Millisecond)
	}
	b.T.Fatalf("open %s: the page's script did not start in 20 s (last error: %v)", u, last)
	return ""
}

// settled polls js until it gives a non-empty string, outliving a
// navigation that replaces the page's context while it waits (Chromium
// may still be settling the file:// page opened with a fragment).
func (b *offlineBrowser) settled(js string) string {
	b.T.Helper()
	deadline := time.Now().Add(20 * time.Second)
	var last error
	for time.Now().Before(deadline) {
		ctx, cancel := context.WithTimeout(b.Ctx, 2*time.Second)
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](js+` || ""`))
		cancel()
		if err == nil && v != "" {
			return v
		}
		last = err
		time.Sleep(50 * time.Millisecond)
	}
	b.T.Fatalf("%s: no value in 20 s (last error: %v)", js, last)
	return ""
}

// verify pastes input, presses the button and returns the result's state
// and text.
func (b *offlineBrowser) verify(input string) (state, text string) {
	b.T.Helper()
	b.Eval("clear the result", `delete document.getElementById("result").dataset.state; true`, nil)
	b.Run("paste and verify",
		chromedp.SetValue(chromedp.CSS(`#payload`), input),
		chromedp.Click(chromedp.CSS(`#verify`)),
	)
	state = b.Get("wait for the result", chromedp.Poll[string](`document.getElementById("result").dataset.state`, chromedp.WithPollingTimeout(10*time.Second)))
	return state, b.Get("read the result", chromedp.Text(chromedp.CSS(`#result`)))
}

// load picks file as the newer revocation list and returns the status
// the page gives and its text.
func (b *offlineBrowser) load(file string) (state, text string) {
	b.T.Helper()
	b.Eval("clear the list status", `delete document.getElementById("list-status").dataset.state; true`, nil)
	b.Run("choose "+filepath.Base(file), chromedp.SetUploadFiles(chromedp.CSS(`#list-file`), []string{file}))
	state = b.Get("wait for the list status", chromedp.Poll[string](`document.getElementById("list-status").dataset.state`, chromedp.WithPollingTimeout(10*time.Second)))
	return state, b.Get("read the list status", chromedp.Text(chromedp.CSS(`#list-status`)))
}

func writeFile(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func fileURL(p string) string { return (&url.URL{Scheme: "file", Path: p}).String() }

func signed(t *testing.T, code string, k *cert.SigningKey) string {
	t.Helper()
	p, err := cert.Sign(cert.Claims{Code: code, Name: "Nino Beridze", Course: "Investigating trafficking in human beings",
		From: "2026-03-02", To: "2026-03-06", Hours: 24.5, Issuer: "TOPCOP Secretariat"}, k)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestOfflinePageInBrowser: the page, saved as a file and opened from
// file:// with no server, answers valid (with the claims, and the state
// of the key), revoked (date and reason), changed, unknown key and not a
// payload; reads the payload from the address's fragment; takes a newer
// signed list that revokes another code and refuses a tampered, older or
// foreign one; and requests nothing but itself.
func TestOfflinePageInBrowser(t *testing.T) {
	const (
		codeValid   = "7KQ2M9XA4HD3RT6W"
		codeRevoked = "0000111122223333"
		codeLater   = "ABCDEFGHJKMNPQRS"
	)
	f := newFixture(t, cert.Revocation{Code: codeRevoked, RevokedAt: "2026-11-20T10:00:00Z", Reason: "Issued to the wrong person"})
	stranger, err := cert.NewSigningKey(day)
	if err != nil {
		t.Fatal(err)
	}
	valid := signed(t, codeValid, f.cur)
	old := signed(t, codeValid, f.old)
	revoked := signed(t, codeRevoked, f.cur)
	later := signed(t, codeLater, f.cur)
	unknown := signed(t, codeValid, stranger)
	// Another name under the issuer's signature.
	parts := strings.Split(valid, ".")
	body, _ := base64.RawURLEncoding.DecodeString(parts[1])
	body = bytes.Replace(body, []byte("Nino"), []byte("Nina"), 1)
	forged := parts[0] + "." + base64.RawURLEncoding.EncodeToString(body) + "." + parts[2]
	// The last character's unused bits: a lenient decoder reads the same
	// signature; the page's, like cert's, refuses it.
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	i := strings.IndexByte(alphabet, valid[len(valid)-1])
	lastBits := valid[:len(valid)-1] + alphabet[i^1:i^1+1]

	dir := t.TempDir()
	b := bundle(t)
	pagePath := writeFile(t, dir, "verify.html", render(t, f, b.Localizer("en"), "https://topcop.example.org"))
	br := openOffline(t)
	if ready := br.open(fileURL(pagePath)); ready != "yes" {
		t.Fatalf("WebCrypto Ed25519: %s (Chromium %s)", ready, apptest.ChromiumPath())
	}

	qr := cert.QRText("https://topcop.example.org", codeValid, valid)
	for _, tc := range []struct {
		name, input, state string
		says               []string
	}{
		{"valid QR text", qr, "valid", []string{"Valid", "Nino Beridze", "Investigating trafficking", "2026-03-02 – 2026-03-06", "24.5", "7KQ2-M9XA-4HD3-RT6W", "TOPCOP Secretariat", f.cur.ID, "In use", "https://topcop.example.org/verify/7KQ2-M9XA-4HD3-RT6W"}},
		{"valid payload", valid, "valid", []string{"Valid", f.cur.ID}},
		{"signed by the retired key", old, "valid", []string{"Valid", f.old.ID, "Retired on " + f.old.RetiredAt.Format("2006-01-02")}},
		{"revoked", revoked, "revoked", []string{"Revoked", "2026-11-20", "Issued to the wrong person", "0000-1111-2222-3333"}},
		{"a changed name", forged, "forged", []string{"Changed or forged"}},
		{"signature's last character", lastBits, "malformed", nil},
		{"unknown key", unknown, "unknown", []string{"not among the issuer's keys", stranger.ID}},
		{"garbage", "Ceci n'est pas un certificat", "malformed", []string{"not a certificate"}},
		{"a prefix only", "TC1.", "malformed", nil},
		{"empty", "   ", "empty", []string{"Paste the text"}},
	} {
		state, text := br.verify(tc.input)
		if state != tc.state {
			t.Errorf("%s: state %q, want %q; page says %q", tc.name, state, tc.state, text)
			continue
		}
		for _, s := range tc.says {
			if !strings.Contains(text, s) {
				t.Errorf("%s: the result %q does not say %q", tc.name, text, s)
			}
		}
		if tc.state != "valid" && tc.state != "revoked" && strings.Contains(text, "Nino") {
			t.Errorf("%s: the result shows unverified claims: %q", tc.name, text)
		}
	}

	// One changed byte anywhere: never valid (every fifth position, to
	// keep the test short; cert's tests try them all).
	for i := 0; i < len(valid); i += 5 {
		c := byte('A')
		if valid[i] == 'A' {
			c = 'B'
		}
		changed := valid[:i] + string(c) + valid[i+1:]
		if state, text := br.verify(changed); state == "valid" || state == "revoked" {
			t.Fatalf("payload changed at byte %d: %q (%q)", i, state, text)
		}
	}

	// The keyboard alone: focus the field, type, tab to the button and
	// press Enter.
	br.Eval("clear", `document.getElementById("payload").value = ""; delete document.getElementById("result").dataset.state; true`, nil)
	br.Run("type and press the button",
		chromedp.Focus(chromedp.CSS(`#payload`)),
		chromedp.SendKeys(chromedp.CSS(`#payload`), revoked),
		chromedp.KeyEvent("\t"),
	)
	if focused := br.Get("focused element", chromedp.Evaluate[string](`document.activeElement.id`)); focused != "verify" {
		t.Fatalf("Tab from the field reaches %q, not the button", focused)
	}
	br.Run("press Enter", chromedp.KeyEvent("\r"))
	if state := br.Get("keyboard result", chromedp.Poll[string](`document.getElementById("result").dataset.state`)); state != "revoked" {
		t.Fatalf("by keyboard: %q", state)
	}

	// The QR code's address with the page as its file: the fragment is
	// the payload, checked on opening.
	br.Run("leave the page", chromedp.Navigate("about:blank"))
	if br.open(fileURL(pagePath)+"#"+later) != "yes" {
		t.Fatal("page not ready")
	}
	if state := br.settled(`document.getElementById("result").dataset.state`); state != "valid" {
		t.Fatalf("payload in the fragment: %q", state)
	}

	// A newer list revokes codeLater; the answer changes at once.
	newer := f.signList(t, day.Add(48*time.Hour),
		cert.Revocation{Code: codeRevoked, RevokedAt: "2026-11-20T10:00:00Z", Reason: "Issued to the wrong person"},
		cert.Revocation{Code: codeLater, RevokedAt: "2026-12-04T12:00:00Z", Reason: "Attendance below the minimum"})
	newerJSON, _ := json.MarshalIndent(newer, "", "  ")
	tampered := strings.Replace(string(newerJSON), "Attendance below the minimum", "Attendance below the minimun", 1)
	dropped := newer
	dropped.Revoked = newer.Revoked[:1] // signature of the two-item list
	droppedJSON, _ := json.Marshal(dropped)
	foreign, _ := cert.SignRevocations(cert.RevocationList{Issuer: "Mallory", IssuedAt: day.Add(72 * time.Hour).Format(time.RFC3339)}, stranger)
	foreignJSON, _ := json.Marshal(foreign)
	older := f.signList(t, day.Add(-48*time.Hour))
	olderJSON, _ := json.Marshal(older)

	for _, tc := range []struct {
		name, data, state string
	}{
		{"tampered", tampered, "revocations_refused"},
		{"a revocation dropped", string(droppedJSON), "revocations_refused"},
		{"signed by another key", string(foreignJSON), "revocations_refused"},
		{"not a list", `{"keys": []}`, "revocations_invalid"},
		{"not JSON", "revoked: all", "revocations_invalid"},
		{"older", string(olderJSON), "revocations_older"},
	} {
		state, text := br.load(writeFile(t, dir, strings.ReplaceAll(tc.name, " ", "-")+".json", []byte(tc.data)))
		if state != tc.state {
			t.Errorf("list %s: %q (%q), want %q", tc.name, state, text, tc.state)
		}
	}
	if state, text := br.verify(later); state != "valid" {
		t.Fatalf("after refused lists, %s is %q (%q): a refused list was used", codeLater, state, text)
	}
	state, text := br.load(writeFile(t, dir, "revocations.json", newerJSON))
	if state != "revocations_loaded" || !strings.Contains(text, "2026-12-05 09:00 UTC") {
		t.Fatalf("newer list: %q (%q)", state, text)
	}
	if state := br.Get("re-checked result", chromedp.Poll[string](`document.getElementById("result").dataset.state === "revoked" && "revoked"`)); state != "revoked" {
		t.Fatalf("the result shown was not checked again: %q", state)
	}
	if state, text := br.verify(later); state != "revoked" || !strings.Contains(text, "Attendance below the minimum") || !strings.Contains(text, "2026-12-04") {
		t.Fatalf("%s after the newer list: %q (%q)", codeLater, state, text)
	}
	if facts := br.Get("list facts", chromedp.Evaluate[string](`document.getElementById("list-date").textContent + " / " + document.getElementById("list-count").textContent`)); facts != "2026-12-05 09:00 UTC / 2" {
		t.Fatalf("list facts %q", facts)
	}
	// The page keeps the newer list for "Save page as".
	var kept cert.RevocationList
	br.Eval("embedded list", `JSON.parse(document.getElementById("offline-revocations").textContent)`, &kept)
	if _, err := cert.ParseRevocations(mustMarshal(t, kept), f.keys); err != nil || len(kept.Revoked) != 2 {
		t.Fatalf("embedded list after loading: %+v (%v)", kept, err)
	}

	br.mu.Lock()
	defer br.mu.Unlock()
	for _, u := range br.requests {
		if !strings.HasPrefix(u, fileURL(pagePath)) {
			t.Errorf("the page requested %s", u)
		}
	}
	if len(br.requests) == 0 {
		t.Error("no request recorded: the recorder does not work")
	}
}

func mustMarshal(t *testing.T, v any) []byte {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// TestOfflinePageLanguagesInBrowser: the page answers in its language,
// dates as the platform writes them there.
func TestOfflinePageLanguagesInBrowser(t *testing.T) {
	f := newFixture(t)
	b := bundle(t)
	valid := signed(t, "7KQ2M9XA4HD3RT6W", f.cur)
	br := openOffline(t)
	dir := t.TempDir()
	for _, lang := range []string{"ka", "hy", "uk"} {
		l := b.Localizer(lang)
		if br.open(fileURL(writeFile(t, dir, lang+".html", render(t, f, l, "")))) != "yes" {
			t.Fatal("page not ready")
		}
		state, text := br.verify(valid)
		if state != "valid" || !strings.Contains(text, l.T("certs.offline.valid")) || !strings.Contains(text, "02.03.2026 – 06.03.2026") {
			t.Errorf("%s: %q: %q", lang, state, text)
		}
	}
	if missing := b.Missing(); len(missing) > 0 {
		t.Fatalf("messages missing: %v", missing)
	}
}

// TestOfflinePageWithoutEd25519: a browser without WebCrypto's Ed25519
// is told so plainly, and the page answers nothing else.
func TestOfflinePageWithoutEd25519(t *testing.T) {
	f := newFixture(t)
	br := openOffline(t)
	if _, err := chromedp.Call(br.Ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
		Source: `Object.defineProperty(crypto, "subtle", {value: undefined});`,
	}); err != nil {
		t.Fatal(err)
	}
	p := writeFile(t, t.TempDir(), "verify.html", render(t, f, bundle(t).Localizer("en"), ""))
	if ready := br.open(fileURL(p)); ready != "no-crypto" {
		t.Fatalf("without crypto.subtle the page says %q", ready)
	}
	var visible bool
	if br.Eval("notice", `!document.getElementById("no-crypto").hidden`, &visible); !visible {
		t.Fatal("the notice is hidden")
	}
	if state, text := br.verify(signed(t, "7KQ2M9XA4HD3RT6W", f.cur)); state != "no_crypto" || !strings.Contains(text, "cannot check Ed25519") {
		t.Fatalf("verify without crypto: %q (%q)", state, text)
	}
}
