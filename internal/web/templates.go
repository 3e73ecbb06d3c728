package web

import (
	"embed"
	"net/http"
	"net/url"

	"github.com/topcop-platform/topcop/internal/i18n"
	"github.com/topcop-platform/topcop/internal/ui"
)

// Templates holds the pages this package renders itself: sign-in and its
// second-factor step (templates/account/login*.html). The renderer parses
// them at start-up, with every module's pages.
//
//go:embed templates
var Templates embed.FS

// localizer is the request's localizer (chosen by the language middleware).
func localizer(r *http.Request) *i18n.Localizer { return ui.LocalizerFrom(r.Context()) }

// withNext appends ?next= to path when next is not the default "/".
func withNext(path, next string) string {
	next = ui.SafeNext(next)
	if next == "/" {
		return path
	}
	return path + "?next=" + url.QueryEscape(next)
}
