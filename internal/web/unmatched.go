package web

import (
	"net/http"
	"strings"

	"github.com/topcop-platform/topcop/internal/api"
	"github.com/topcop-platform/topcop/internal/core"
)

// unmatched serves a request no route matches through the mux (h), which
// redirects a path it can clean ("/a//b", a missing trailing slash) and
// otherwise answers 404, or 405 where the path exists for other methods.
// Those two answers are Go's bare text; they are replaced here by a
// problem document on the API and the localised error page elsewhere.
func (s *Server) unmatched(h http.Handler, w http.ResponseWriter, r *http.Request) {
	iw := &interceptWriter{ResponseWriter: w}
	h.ServeHTTP(iw, r)
	switch iw.status {
	case http.StatusNotFound:
		s.fail(w, r, core.Errorf(core.NotFound, "no such resource: %s %s", r.Method, r.URL.Path))
	case http.StatusMethodNotAllowed:
		// The mux has set Allow: the methods the path does serve.
		if isAPI(r) {
			writeProblem(w, r, api.NewProblem(http.StatusMethodNotAllowed, "method_not_allowed",
				r.Method+" is not allowed here; allowed: "+w.Header().Get("Allow")))
			return
		}
		s.render.Error(w, r, http.StatusMethodNotAllowed, string(core.Invalid), "")
	}
}

// interceptWriter passes a response through unless its status is 404 or
// 405, which it swallows (with the body) and records.
type interceptWriter struct {
	http.ResponseWriter
	status int
}

func (w *interceptWriter) WriteHeader(code int) {
	if code == http.StatusNotFound || code == http.StatusMethodNotAllowed {
		w.status = code
		w.Header().Del("Content-Type") // http.Error's text/plain
		return
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *interceptWriter) Write(b []byte) (int, error) {
	if w.status != 0 {
		return len(b), nil
	}
	return w.ResponseWriter.Write(b)
}

// accountAPI are the API paths about the caller's own or other accounts
// (profile, sessions, tokens, sign-in) and the audit log, which names
// accounts and their addresses: personal data whatever their access.
var accountAPI = []string{"/api/v1/me", "/api/v1/auth", "/api/v1/accounts", "/api/v1/audit"}

// noStore reports whether the answer of an API route must carry
// Cache-Control: no-store: routes declared Personal (contact details),
// and the account and audit endpoints.
func noStore(access core.Access, path string) bool {
	if access.IsPersonal() {
		return true
	}
	for _, p := range accountAPI {
		if rest, ok := strings.CutPrefix(path, p); ok && (rest == "" || rest[0] == '/') {
			return true
		}
	}
	return false
}
