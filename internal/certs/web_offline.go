package certs

import (
	"bytes"
	"net/http"

	"github.com/topcop-platform/topcop/internal/certs/offline"
)

// offline serves the self-contained verification page with the keys and
// the revocation list of now embedded; ?download=1 makes it a file.
func (w *Web) offline(rw http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	ks, err := w.svc.KeySet(ctx)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	rl, err := w.svc.Revocations(ctx)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	var buf bytes.Buffer
	if err := offline.Render(&buf, ks, rl, localizer(r), w.svc.opts.BaseURL); err != nil {
		w.fail(rw, r, err)
		return
	}
	rw.Header().Set("Content-Type", "text/html; charset=utf-8")
	// The page's own inline script and style, by hash; no network.
	rw.Header().Set("Content-Security-Policy", offline.CSP)
	rw.Header().Set("Cache-Control", "no-cache")
	if r.URL.Query().Get("download") != "" {
		rw.Header().Set("Content-Disposition", `attachment; filename="topcop-verify-offline.html"`)
	}
	_, _ = buf.WriteTo(rw)
}
