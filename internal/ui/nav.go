package ui

import (
	"strings"

	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/i18n"
)

// MenuItem is one entry of the primary navigation, declared by the
// capability (or foundation package) that owns the page it links to.
// An entry shows to whoever its Access admits: showing a link is a
// convenience only, every page still checks authorization in its service.
type MenuItem struct {
	Section string // Page.Section value that highlights it
	URL     string
	Key     string // message key of the label
	Access  core.Access
	// Order places the entry: lower first; equal orders keep list order.
	Order int
	// AnonymousOnly hides the entry from signed-in accounts (sign in).
	AnonymousOnly bool
	// PersonOnly shows the entry only to accounts linked to a person of
	// the directory (a participant's own pages).
	PersonOnly bool
}

// NavLink is a navigation entry as templates see it (.Nav). Current is the
// aria-current value: "page" for the link to the current URL, "true" for the
// current section when on another page of it, "" otherwise.
type NavLink struct {
	Section string
	Label   string
	URL     string
	Current string
	// Count is the entry's counter (Renderer.SetCount), 0 for none.
	Count int
}

func navLinks(menu []MenuItem, l *i18n.Localizer, a core.Actor, section, path string) []NavLink {
	out := make([]NavLink, 0, len(menu))
	for _, it := range menu {
		if it.AnonymousOnly && (a.Authenticated() || a.MFAPending) {
			continue
		}
		if !it.Access.Allows(a) || (it.PersonOnly && !core.ValidID(a.PersonID)) {
			continue
		}
		link := NavLink{Section: it.Section, Label: l.T(it.Key), URL: it.URL}
		switch {
		case path == it.URL:
			link.Current = "page"
		case section != "" && section == it.Section:
			link.Current = "true"
		case section == "" && strings.HasPrefix(path, it.URL+"/"):
			link.Current = "true"
		}
		out = append(out, link)
	}
	return out
}
