package ui

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/topcop-platform/topcop/internal/i18n"
)

// LanguageMiddleware puts the request's Localizer in the context (WithLang),
// chosen by Bundle.Match from the language cookie and Accept-Language, and
// marks the response as varying on both. internal/web wraps the page routes
// with it.
func LanguageMiddleware(b *i18n.Bundle) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
			var cookie string
			if c, err := req.Cookie(i18n.CookieName); err == nil {
				cookie = c.Value
			}
			l := b.Localizer(b.Match(cookie, req.Header.Get("Accept-Language")))
			w.Header().Add("Vary", "Accept-Language, Cookie")
			next.ServeHTTP(w, req.WithContext(WithLang(req.Context(), l)))
		})
	}
}

// LanguageHandler answers the layout's language switcher, GET
// /lang?lang=uk&next=/directory/people?page=2: it stores a supported language
// in the language cookie (one year, Lax, HttpOnly, Secure on TLS) and
// redirects (303) to next if that is a local path, else to "/". An
// unsupported lang changes nothing.
func LanguageHandler(b *i18n.Bundle) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if lang := req.URL.Query().Get("lang"); i18n.Supported(lang) {
			http.SetCookie(w, &http.Cookie{
				Name:     i18n.CookieName,
				Value:    lang,
				Path:     "/",
				MaxAge:   365 * 24 * 60 * 60,
				HttpOnly: true,
				Secure:   req.TLS != nil,
				SameSite: http.SameSiteLaxMode,
			})
		}
		w.Header().Set("Cache-Control", "no-store")
		http.Redirect(w, req, SafeNext(req.URL.Query().Get("next")), http.StatusSeeOther)
	})
}

// SafeNext returns next if it is a path on this site ("/x?y"), else "/". It
// refuses absolute URLs, scheme-relative "//host" and "/\host" (which browsers
// treat as "//host"), and control characters, so a crafted link cannot
// redirect users elsewhere.
func SafeNext(next string) string {
	if next == "" || next[0] != '/' || strings.HasPrefix(next, "//") || strings.HasPrefix(next, `/\`) {
		return "/"
	}
	if strings.ContainsFunc(next, func(r rune) bool { return r < 0x20 || r == 0x7f || r == '\\' }) {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return "/"
	}
	return next
}
