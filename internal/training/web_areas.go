package training

import (
	"net/http"

	"github.com/topcop-platform/topcop/internal/api"
	"github.com/topcop-platform/topcop/internal/ui"
)

// areasData is .Page.Data of training/areas.html.
type areasData struct {
	Groups  []areaGroup
	CanEdit bool
	In      AreaInput // the add form after an error
}

// areas shows the crime-area taxonomy grouped by cycle (every signed-in
// actor) and, to staff, the small form that adds an emerging threat.
func (w *Web) areas(rw http.ResponseWriter, r *http.Request) {
	w.renderAreas(rw, r, http.StatusOK, AreaInput{}, nil)
}

func (w *Web) renderAreas(rw http.ResponseWriter, r *http.Request, status int, in AreaInput, fe *ui.FormErrors) {
	ctx, l := r.Context(), localizer(r)
	areas, err := w.allAreas(ctx)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	d := areasData{Groups: groupAreas(l, areas, nil, false), CanEdit: w.svc.CanManage(ctx), In: in}
	w.render.Render(rw, r, status, "training/areas.html", ui.Page{
		Title: l.T("training.areas.title"), Section: "courses", Data: d, Errors: fe, Flash: flashes.Message(r),
		Breadcrumbs: crumbs(l, ui.Crumb{Label: l.T("training.courses.title"), URL: "/training/courses"}, ui.Crumb{Label: l.T("training.areas.title")}),
	})
}

// areaCreate adds an emerging threat (staff); errors re-render the page
// with the form (422, or 409 for a code in use).
func (w *Web) areaCreate(rw http.ResponseWriter, r *http.Request) {
	if err := ui.ParseForm(rw, r); err != nil {
		w.fail(rw, r, err)
		return
	}
	in := AreaInput{Code: r.PostForm.Get("code"), NameEN: r.PostForm.Get("name_en")}
	_, err := w.svc.AddArea(r.Context(), in)
	if ui.HasFields(err) {
		w.renderAreas(rw, r, api.StatusOf(err), in, formErrors(localizer(r), err, same("code", "name_en")))
		return
	}
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	ui.SeeOther(rw, r, ui.Done("/training/crime-areas", "area_added")+"#emerging")
}
