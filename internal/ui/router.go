package ui

import "net/http"

// Router is where a module registers its page routes: an *http.ServeMux,
// or internal/web's recorder, which also lists every route for the
// route × role matrix test.
type Router interface {
	Handle(pattern string, handler http.Handler)
	HandleFunc(pattern string, handler func(http.ResponseWriter, *http.Request))
}

var _ Router = (*http.ServeMux)(nil)
