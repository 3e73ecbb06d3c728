package ui

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"
)

// hashLen is the number of hex digits of the content hash in asset URLs.
const hashLen = 8

// asset is one embedded static file, hashed and (when it pays) gzipped once
// at start-up.
type asset struct {
	name        string // path under static/, e.g. "app.css"
	hashed      string // e.g. "app.3f2a9c1e.css"
	body        []byte
	gz          []byte // nil when compression does not help
	contentType string
	etag        string
}

// assets is the immutable table of static files.
type assets struct {
	byName   map[string]*asset
	byHashed map[string]*asset
}

// hashedName inserts hash before the last extension: "htmx.min.js" →
// "htmx.min.<hash>.js", "fonts/a.woff2" → "fonts/a.<hash>.woff2".
func hashedName(name, hash string) string {
	dir, file := path.Split(name)
	ext := path.Ext(file)
	if ext == "" || ext == file {
		return dir + file + "." + hash
	}
	return dir + strings.TrimSuffix(file, ext) + "." + hash + ext
}

var contentTypes = map[string]string{
	".css":   "text/css; charset=utf-8",
	".js":    "text/javascript; charset=utf-8",
	".mjs":   "text/javascript; charset=utf-8",
	".json":  "application/json",
	".map":   "application/json",
	".svg":   "image/svg+xml",
	".png":   "image/png",
	".jpg":   "image/jpeg",
	".ico":   "image/vnd.microsoft.icon",
	".webp":  "image/webp",
	".woff2": "font/woff2",
	".woff":  "font/woff",
	".txt":   "text/plain; charset=utf-8",
}

func contentTypeOf(name string) string {
	ext := strings.ToLower(path.Ext(name))
	if ct, ok := contentTypes[ext]; ok {
		return ct
	}
	if ct := mime.TypeByExtension(ext); ct != "" {
		return ct
	}
	return "application/octet-stream"
}

// loadAssets reads every file under root in fsys and computes its hash.
func loadAssets(fsys fs.FS, root string) (*assets, error) {
	a := &assets{byName: map[string]*asset{}, byHashed: map[string]*asset{}}
	err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(body)
		full := hex.EncodeToString(sum[:])
		name := strings.TrimPrefix(p, root+"/")
		as := &asset{
			name:        name,
			hashed:      hashedName(name, full[:hashLen]),
			body:        body,
			contentType: contentTypeOf(name),
			etag:        `"` + full[:2*hashLen] + `"`,
		}
		as.gz = gzipIfSmaller(body, as.contentType)
		a.byName[name] = as
		a.byHashed[as.hashed] = as
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("ui: static assets: %w", err)
	}
	return a, nil
}

func gzipIfSmaller(body []byte, contentType string) []byte {
	if len(body) < 1024 || !(strings.HasPrefix(contentType, "text/") || strings.Contains(contentType, "json") || strings.Contains(contentType, "svg")) {
		return nil
	}
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	_, _ = zw.Write(body)
	_ = zw.Close()
	if buf.Len() >= len(body)*9/10 {
		return nil
	}
	return buf.Bytes()
}

// url returns the content-hashed URL of name, e.g. "/static/app.3f2a9c1e.css".
func (a *assets) url(name string) (string, bool) {
	as, ok := a.byName[name]
	if !ok {
		return "", false
	}
	return "/static/" + as.hashed, true
}

// ServeHTTP serves /static/<hashed name> with a one-year immutable cache and
// /static/<plain name> with revalidation (no-cache + ETag), gzip when the
// client accepts it, and 404 for anything else. It accepts the path with or
// without the /static/ prefix, so it works mounted directly or under
// http.StripPrefix.
func (a *assets) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	if req.Method != http.MethodGet && req.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, http.StatusText(http.StatusMethodNotAllowed), http.StatusMethodNotAllowed)
		return
	}
	p := strings.TrimPrefix(req.URL.Path, "/static/")
	p = strings.TrimPrefix(p, "/")
	h := w.Header()
	as, hashed := a.byHashed[p]
	if !hashed {
		as = a.byName[p]
	}
	if as == nil {
		http.NotFound(w, req)
		return
	}
	if hashed {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	h.Set("Content-Type", as.contentType)
	h.Set("X-Content-Type-Options", "nosniff")
	body, etag := as.body, as.etag
	if as.gz != nil {
		h.Add("Vary", "Accept-Encoding")
		if acceptsGzip(req.Header.Get("Accept-Encoding")) && req.Header.Get("Range") == "" {
			body, etag = as.gz, strings.TrimSuffix(as.etag, `"`)+`-gz"`
			h.Set("Content-Encoding", "gzip")
		}
	}
	h.Set("ETag", etag)
	if h.Get("Content-Encoding") == "" {
		// ServeContent handles If-None-Match, Range and HEAD for us.
		http.ServeContent(w, req, as.name, time.Time{}, bytes.NewReader(body))
		return
	}
	if inm := req.Header.Get("If-None-Match"); inm != "" && strings.Contains(inm, etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Length", fmt.Sprint(len(body)))
	w.WriteHeader(http.StatusOK)
	if req.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}

// acceptsGzip reports whether an Accept-Encoding header allows gzip.
func acceptsGzip(header string) bool {
	for part := range strings.SplitSeq(header, ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(coding), "gzip") {
			continue
		}
		q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
		return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
	}
	return false
}
