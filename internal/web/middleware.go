package web

import (
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/topcop-platform/topcop/internal/api"
	"github.com/topcop-platform/topcop/internal/auth"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/ui"
)

const sessionCookie = "topcop_session"

// contentSecurityPolicy forbids inline scripts and styles and every
// foreign origin.
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// middleware wraps h, outermost first: recovery and logging, security
// headers, cross-origin (CSRF) protection, the refusal of input that is
// not clean text (input.go), authentication, language, and the guard
// (declared access, the second-factor gate, unmatched routes).
func (s *Server) middleware(h http.Handler) http.Handler {
	h = s.guard(h)
	h = ui.LanguageMiddleware(s.deps.Bundle)(h)
	h = s.authenticate(h)
	h = s.cleanInput(h)
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, core.Errorf(core.Forbidden, "cross-origin request refused"))
	}))
	h = cop.Handler(h)
	h = securityHeaders(h, s.deps.Config.SecureCookies())
	h = s.observe(h)
	return h
}

func securityHeaders(h http.Handler, https bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", contentSecurityPolicy)
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("Referrer-Policy", "same-origin")
		hd.Set("Cross-Origin-Opener-Policy", "same-origin")
		hd.Set("Cross-Origin-Resource-Policy", "same-origin")
		hd.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
		if https {
			hd.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
		}
		h.ServeHTTP(w, r)
	})
}

type statusWriter struct {
	http.ResponseWriter
	status  int
	bytes   int
	pattern string // the matched route, recorded by the guard
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// observe recovers panics (answering 500 with an error id), logs each
// request, and records metrics by route pattern.
func (s *Server) observe(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				id := core.NewErrorID()
				s.deps.Logger.Error("panic", "error_id", id, "panic", fmt.Sprint(p), "method", r.Method)
				if sw.status == 0 {
					s.fail(sw, r, &core.Error{Code: core.Internal, Message: "panic " + id})
				}
			}
			pattern := sw.pattern
			if pattern == "" {
				_, pattern = s.mux.Handler(r)
			}
			if pattern == "" {
				pattern = "unmatched"
			}
			d := time.Since(start)
			status := sw.status
			if (status == 0 || status >= 500) && api.ClientGone(r.Context()) {
				// The client went away: what failed after that is not a
				// server error, and is neither logged nor counted as one.
				status = api.StatusClientClosed
			}
			httpRequests.WithLabelValues(pattern, r.Method, strconv.Itoa(status)).Inc()
			httpDuration.WithLabelValues(pattern).Observe(d.Seconds())
			lvl := slog.LevelInfo
			if status >= 500 {
				lvl = slog.LevelError
			} else if r.URL.Path == "/healthz" || r.URL.Path == "/readyz" || r.URL.Path == "/metrics" || strings.HasPrefix(r.URL.Path, "/static/") {
				lvl = slog.LevelDebug
			}
			path := r.URL.Path
			if s.access[pattern].HasSecretPath() {
				path = pattern // the path holds a secret (a feed token)
			}
			s.deps.Logger.Log(r.Context(), lvl, "http", "method", r.Method, "path", path, "status", status,
				"bytes", sw.bytes, "duration_ms", float64(d.Microseconds())/1000, "ip", s.clientIP(r))
		}()
		h.ServeHTTP(sw, r)
	})
}

func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

// authenticate resolves the bearer token (API) or the session cookie
// (web) into the actor carried in the request context. A bad bearer token
// is refused at once; a bad cookie is dropped and the request continues
// anonymously.
func (s *Server) authenticate(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// /metrics checks its own token (TOPCOP_METRICS_TOKEN), no account's.
		if strings.HasPrefix(r.URL.Path, "/static/") || r.URL.Path == "/healthz" || r.URL.Path == "/readyz" || r.URL.Path == "/metrics" {
			h.ServeHTTP(w, r)
			return
		}
		ctx := r.Context()
		var actor core.Actor
		if hv := r.Header.Get("Authorization"); hv != "" {
			tok, ok := auth.TokenFromHeader(hv)
			if !ok {
				s.fail(w, r, core.Errorf(core.Unauthenticated, "malformed Authorization header"))
				return
			}
			a, err := s.deps.Auth.AuthenticateToken(ctx, tok)
			if err != nil {
				s.fail(w, r, err)
				return
			}
			actor = a
		} else if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
			a, err := s.deps.Auth.Authenticate(ctx, c.Value)
			switch {
			case err == nil:
				actor = a
			case core.IsCode(err, core.Unauthenticated):
				s.sessions.clear(w)
			default:
				s.fail(w, r, err)
				return
			}
		}
		actor.IP = s.clientIP(r)
		actor.UserAgent = truncate(r.UserAgent(), 300)
		ctx = core.WithActor(ctx, actor)
		if actor.AccountID != "" {
			ctx = ui.WithUser(ctx, &ui.User{ID: actor.AccountID, Name: actor.Name, Email: actor.Email, Roles: actor.RoleNames(), IsAdmin: actor.IsAdmin()})
		}
		h.ServeHTTP(w, r.WithContext(ctx))
	})
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

// guard enforces the access every route declared where it was
// registered (core.Access), before any handler parses input: anonymous
// callers reach only public routes (pages redirect to sign-in, the API
// answers 401), an account whose second factor is pending only the
// enrolment steps, and signed-in accounts only the routes their roles,
// token and need for personal data admit (403). It is a first line only:
// every service checks authorization again, and lists filter in SQL.
// A request no route matches gets the mux's redirect (a cleaned path) or
// its 404 or 405 in the platform's own shape (unmatched). Answers of
// routes that serve personal data are never stored by a cache
// (noStore).
func (s *Server) guard(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, pattern := s.mux.Handler(r)
		if pattern == "" {
			s.unmatched(h, w, r)
			return
		}
		if sw, ok := w.(*statusWriter); ok {
			sw.pattern = pattern // for the metrics and the log: one route lookup a request
		}
		access, ok := s.access[pattern]
		if !ok {
			// A route the mux knows but that declared no access: New
			// refuses to start with one, so this is a wiring bug.
			s.fail(w, r, core.Errorf(core.Internal, "route %s declares no access", pattern))
			return
		}
		a := core.ActorFrom(r.Context())
		if a.MFAPending && !access.DuringEnrolment() {
			if isAPI(r) {
				p := api.NewProblem(http.StatusForbidden, "totp_required", "enrol or confirm a second factor first: POST /api/v1/me/totp, then POST /api/v1/me/totp/confirm")
				writeProblem(w, r, p)
				return
			}
			http.Redirect(w, r, "/login/totp", http.StatusSeeOther)
			return
		}
		if err := access.Check(a); err != nil {
			s.fail(w, r, err)
			return
		}
		if isAPI(r) && noStore(access, r.URL.Path) {
			w.Header().Set("Cache-Control", "no-store")
		}
		h.ServeHTTP(w, r)
	})
}
