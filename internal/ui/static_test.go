package ui_test

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/topcop-platform/topcop/internal/ui/uitest"
)

func TestAssetURLsAreContentHashed(t *testing.T) {
	r, _ := newTestRenderer(t)
	for name, pattern := range map[string]string{
		"app.css":      `^/static/app\.[0-9a-f]{8}\.css$`,
		"app.js":       `^/static/app\.[0-9a-f]{8}\.js$`,
		"htmx.min.js":  `^/static/htmx\.min\.[0-9a-f]{8}\.js$`,
		"VENDORED.txt": `^/static/VENDORED\.[0-9a-f]{8}\.txt$`,
	} {
		u := r.AssetURL(name)
		if !regexp.MustCompile(pattern).MatchString(u) {
			t.Errorf("AssetURL(%q) = %q, want %s", name, u, pattern)
		}
		src, err := os.ReadFile("static/" + name)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(src)
		if !strings.Contains(u, "."+hex.EncodeToString(sum[:])[:8]+".") {
			t.Errorf("%s: URL %s does not carry the content hash", name, u)
		}
	}
	if r.AssetURL("nope.css") != "" {
		t.Error("AssetURL of an unknown file should be empty")
	}
}

func TestStaticHandler(t *testing.T) {
	r, _ := newTestRenderer(t)
	h := r.StaticHandler()
	get := func(method, path string, hdr map[string]string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(method, path, nil)
		for k, v := range hdr {
			req.Header.Set(k, v)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	css, _ := os.ReadFile("static/app.css")

	rec := get("GET", r.AssetURL("app.css"), nil)
	if rec.Code != 200 || !bytes.Equal(rec.Body.Bytes(), css) {
		t.Fatalf("hashed css: status %d, %d bytes", rec.Code, rec.Body.Len())
	}
	if got := rec.Header().Get("Cache-Control"); got != "public, max-age=31536000, immutable" {
		t.Errorf("Cache-Control %q", got)
	}
	if got := rec.Header().Get("Content-Type"); got != "text/css; charset=utf-8" {
		t.Errorf("css Content-Type %q", got)
	}
	if got := rec.Header().Get("X-Content-Type-Options"); got != "nosniff" {
		t.Errorf("nosniff missing")
	}
	etag := rec.Header().Get("ETag")

	if got := get("GET", r.AssetURL("htmx.min.js"), nil).Header().Get("Content-Type"); got != "text/javascript; charset=utf-8" {
		t.Errorf("js Content-Type %q", got)
	}

	// Revalidation.
	if rec := get("GET", r.AssetURL("app.css"), map[string]string{"If-None-Match": etag}); rec.Code != http.StatusNotModified {
		t.Errorf("If-None-Match: status %d", rec.Code)
	}

	// gzip for clients that take it.
	rec = get("GET", r.AssetURL("htmx.min.js"), map[string]string{"Accept-Encoding": "br, gzip;q=0.8"})
	if rec.Header().Get("Content-Encoding") != "gzip" {
		t.Fatalf("no gzip: %v", rec.Header())
	}
	zr, err := gzip.NewReader(rec.Body)
	if err != nil {
		t.Fatal(err)
	}
	js, _ := io.ReadAll(zr)
	want, _ := os.ReadFile("static/htmx.min.js")
	if !bytes.Equal(js, want) {
		t.Error("gzipped htmx differs from the file")
	}
	if rec := get("GET", r.AssetURL("htmx.min.js"), map[string]string{"Accept-Encoding": "gzip;q=0"}); rec.Header().Get("Content-Encoding") != "" {
		t.Error("gzip sent although refused (q=0)")
	}

	// Unhashed names are served but must be revalidated.
	rec = get("GET", "/static/app.css", nil)
	if rec.Code != 200 || rec.Header().Get("Cache-Control") != "no-cache" {
		t.Errorf("plain name: status %d, Cache-Control %q", rec.Code, rec.Header().Get("Cache-Control"))
	}

	// Mounted under StripPrefix the handler sees the bare name.
	rec = httptest.NewRecorder()
	http.StripPrefix("/static/", h).ServeHTTP(rec, httptest.NewRequest("GET", r.AssetURL("app.js"), nil))
	if rec.Code != 200 {
		t.Errorf("under StripPrefix: status %d", rec.Code)
	}

	for _, path := range []string{"/static/app.00000000.css", "/static/nope.js", "/static/", "/static/../render.go", "/static/templates/layout.html"} {
		if rec := get("GET", path, nil); rec.Code != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", path, rec.Code)
		}
	}
	if rec := get("POST", r.AssetURL("app.css"), nil); rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST: status %d", rec.Code)
	}
	if rec := get("HEAD", r.AssetURL("app.css"), nil); rec.Code != 200 || rec.Body.Len() != 0 {
		t.Errorf("HEAD: status %d, %d body bytes", rec.Code, rec.Body.Len())
	}
}

// TestVendoredHTMX: the embedded htmx is exactly the file the vendoring
// script recorded (scripts/vendor-assets.sh), and it is htmx 2.
func TestVendoredHTMX(t *testing.T) {
	f, err := os.Open("static/VENDORED.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fields := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), ": "); ok && !strings.HasPrefix(k, "#") {
			fields[k] = v
		}
	}
	if fields["package"] != "htmx.org" || !strings.HasPrefix(fields["version"], "2.") {
		t.Errorf("VENDORED.txt: package %q version %q", fields["package"], fields["version"])
	}
	if !strings.HasPrefix(fields["integrity"], "sha512-") {
		t.Errorf("VENDORED.txt: integrity %q", fields["integrity"])
	}
	js, err := os.ReadFile("static/htmx.min.js")
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(js)
	if got := hex.EncodeToString(sum[:]); got != fields["sha256"] {
		t.Errorf("htmx.min.js sha256 %s, VENDORED.txt says %s: re-run scripts/vendor-assets.sh, never edit by hand", got, fields["sha256"])
	}
	if !strings.Contains(string(js), `version:"`+fields["version"]+`"`) {
		t.Errorf("htmx.min.js does not declare version %s", fields["version"])
	}
}

// TestNoInlineCode: the static templates themselves must not carry inline
// scripts, styles or handlers (the CSP forbids them); rendered pages are also
// linted by uitest.CheckPage in the other tests.
func TestNoInlineCode(t *testing.T) {
	r, _ := newTestRenderer(t)
	rec := httptest.NewRecorder()
	r.Render(rec, uitest.Request("GET", "/", "hy"), 200, "test/all.html", pageWithEverything())
	doc := uitest.Doc(t, rec.Body.String())
	uitest.CheckPage(t, doc)
}
