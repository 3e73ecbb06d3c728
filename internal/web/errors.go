package web

import (
	"encoding/json"
	"net/http"
	"net/url"

	"github.com/topcop-platform/topcop/internal/api"
	"github.com/topcop-platform/topcop/internal/core"
)

// fail answers a request with err: a problem document on the API, a
// localised error page (or a redirect to sign in) on the web.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	if api.ClientGone(r.Context()) {
		// Nobody reads the answer; observe logs the request as 499.
		w.WriteHeader(api.StatusClientClosed)
		return
	}
	if isAPI(r) {
		p, _ := api.Err(r.Context(), err).(*api.Problem)
		writeProblem(w, r, p)
		return
	}
	ce := core.AsError(err)
	if ce.Code == core.Unauthenticated && r.Method == http.MethodGet {
		http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	status := api.Status(ce.Code, len(ce.Fields) > 0)
	errorID := ""
	if status >= 500 {
		errorID = core.NewErrorID()
		s.deps.Logger.Error("internal error", "error_id", errorID, "err", err, "path", r.URL.Path)
	}
	s.render.Error(w, r, status, string(ce.Code), errorID)
}

func writeProblem(w http.ResponseWriter, r *http.Request, p *api.Problem) {
	p.Instance = r.URL.Path
	w.Header().Set("Content-Type", "application/problem+json")
	if p.Status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="topcop"`)
	}
	w.WriteHeader(p.Status)
	_ = json.NewEncoder(w).Encode(p)
}

// sessionCookies writes and clears the session cookie.
type sessionCookies struct {
	secure bool
}

func (c sessionCookies) set(w http.ResponseWriter, token string) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true, Secure: c.secure,
		SameSite: http.SameSiteLaxMode, MaxAge: 7 * 24 * 3600})
}

func (c sessionCookies) clear(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", HttpOnly: true, Secure: c.secure,
		SameSite: http.SameSiteLaxMode, MaxAge: -1})
}
