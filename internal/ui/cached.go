package ui

import (
	"context"
	"html/template"
	"net/http"

	"github.com/topcop-platform/topcop/internal/db"
)

// CachedFragment returns block of the page template name, rendered once
// per language and key and then reused from c under the rules of the
// platform's read cache (db.Cached): until a write commits, here or on
// another replica, or the entry is a few seconds old. It is the kit for
// the costly parts of a list page that are the same for everyone who may
// open it: a filter form of reference data, a month of the calendar, a
// page of rows of a list without need-to-know conditions.
//
// key must hold everything besides the language that the fragment shows:
// the filter values, the cursor, the month, whether the viewer may edit.
// A fragment that depends on who asks is not for this kit.
//
// build returns the page whose data the block reads. It may run in the
// background after the request has ended (a refresh): it gets a context
// without the request's cancellation (with its actor) and must work on its
// own copies of the page data. A page with form errors is rendered and
// not kept.
func (r *Renderer) CachedFragment(req *http.Request, c *db.Cache, key []string, name, block string, errs *FormErrors, build func(context.Context) (Page, error)) (template.HTML, error) {
	req = req.Clone(context.WithoutCancel(req.Context()))
	render := func(ctx context.Context) (template.HTML, error) {
		p, err := build(ctx)
		if err != nil {
			return "", err
		}
		return r.Fragment(req, name, block, p)
	}
	if errs != nil && errs.Any() {
		return render(req.Context())
	}
	k := make([]any, len(key))
	for i, s := range key {
		k[i] = s
	}
	return db.Cached(req.Context(), c, db.CacheKey(name+"\x00"+block, []any{r.localizer(req).Lang()}, k), render)
}
