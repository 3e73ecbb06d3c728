package ui

import (
	"net/http"

	"github.com/topcop-platform/topcop/internal/core"
)

// Router is where a capability registers its page routes, each with the
// access it declares (core.Public, core.Member, core.RolesIn(…), refined
// with Writes, Personal, Enrolling). internal/web implements it: it
// refuses at start-up a route declared without access, checks the access
// in its central guard before the handler runs, and lists every route
// with its access for the route × role matrix test.
type Router interface {
	Handle(pattern string, access core.Access, handler http.Handler)
	HandleFunc(pattern string, access core.Access, handler func(http.ResponseWriter, *http.Request))
}
