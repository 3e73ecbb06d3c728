package ui

import (
	"strings"

	"github.com/topcop-platform/topcop/internal/i18n"
)

// audience says who sees a navigation entry. Showing a link is a convenience
// only: every page still checks authorization in its service.
type audience int

const (
	everyone audience = iota
	signedIn
	admins
	anonymous
)

// navItem is one entry of the primary navigation.
type navItem struct {
	Section string // Page.Section value that highlights it
	URL     string
	Key     string // i18n key of the label
	Who     audience
}

// primaryNav is the primary navigation, in display order. A capability that
// gets its own top-level pages adds its entry here (and its label key to the
// catalogues).
var primaryNav = []navItem{
	{Section: "directory", URL: "/directory/agencies", Key: "nav.directory", Who: everyone},
	{Section: "people", URL: "/directory/people", Key: "nav.people", Who: everyone},
	{Section: "networks", URL: "/directory/networks", Key: "nav.networks", Who: everyone},
	{Section: "contact-points", URL: "/directory/contact-points", Key: "nav.contact_points", Who: everyone},
	{Section: "users", URL: "/admin/users", Key: "nav.users", Who: admins},
	{Section: "audit", URL: "/admin/audit", Key: "nav.audit", Who: admins},
	{Section: "account", URL: "/account", Key: "nav.account", Who: signedIn},
	{Section: "login", URL: "/login", Key: "auth.sign_in", Who: anonymous},
}

// NavLink is a navigation entry as templates see it (.Nav). Current is the
// aria-current value: "page" for the link to the current URL, "true" for the
// current section when on another page of it, "" otherwise.
type NavLink struct {
	Section string
	Label   string
	URL     string
	Current string
}

func navLinks(l *i18n.Localizer, u *User, section, path string) []NavLink {
	out := make([]NavLink, 0, len(primaryNav))
	for _, it := range primaryNav {
		switch it.Who {
		case signedIn:
			if u == nil {
				continue
			}
		case admins:
			if u == nil || !u.IsAdmin {
				continue
			}
		case anonymous:
			if u != nil {
				continue
			}
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
