package mytraining

import (
	"cmp"
	"net/http"

	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/ui"
)

// The correction requests: the form on the My training page, and the
// staff list where coordinators resolve them.

// fieldKeys are My training's own messages for its validation codes;
// other codes take the shared "validation.<code>" message.
var fieldKeys = map[string]string{
	CodeAlreadyResolved: "mytraining.validation.already_resolved",
}

// requestCorrection records the signed-in account's correction request;
// refused text comes back beside the field, kept, with nothing saved.
func (w *Web) requestCorrection(rw http.ResponseWriter, r *http.Request) {
	if err := ui.ParseForm(rw, r); err != nil {
		w.fail(rw, r, err)
		return
	}
	text := r.PostForm.Get("text")
	_, err := w.svc.RequestCorrection(r.Context(), text)
	if ui.HasFields(err) {
		l := ui.LocalizerFrom(r.Context())
		w.renderPage(rw, r, http.StatusUnprocessableEntity, ui.Errors(l, err, ui.Same("text"), fieldKeys, "mytraining.corrections.refused"), text)
		return
	}
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	ui.SeeOther(rw, r, ui.Done(pagePath, "requested")+"#corrections")
}

// correctionsData is .Page.Data of mytraining/corrections.html.
type correctionsData struct {
	Status   string
	Statuses []ui.Option
	Items    []correctionView
	List     any // the core.List for the pager
	Notes    map[string]string
	MaxText  int
}

// corrections lists the correction requests for staff (?status=open,
// resolved or all), each open one with a form to resolve it.
func (w *Web) corrections(rw http.ResponseWriter, r *http.Request) {
	w.renderCorrections(rw, r, http.StatusOK, nil, nil)
}

// renderCorrections renders the staff list with status, the errors of a
// resolve form and the notes typed (by request id).
func (w *Web) renderCorrections(rw http.ResponseWriter, r *http.Request, status int, fe *ui.FormErrors, notes map[string]string) {
	ctx, l, q := r.Context(), ui.LocalizerFrom(r.Context()), r.URL.Query()
	which := q.Get("status")
	list, err := w.svc.Corrections(ctx, which, core.PageRequest{Limit: core.DefaultLimit, Cursor: q.Get("cursor")})
	if ui.HasFields(err) {
		status, fe, which = http.StatusUnprocessableEntity, ui.Errors(l, err, ui.Same("status"), fieldKeys, "mytraining.corrections.bad_filter"), StatusOpen
		list, err = w.svc.Corrections(ctx, which, core.PageRequest{Limit: core.DefaultLimit})
	}
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	d := correctionsData{Status: cmp.Or(which, StatusOpen), List: list, Notes: notes, MaxText: MaxText, Statuses: []ui.Option{
		{Value: StatusOpen, Label: l.T("mytraining.corrections.status.open")},
		{Value: StatusResolved, Label: l.T("mytraining.corrections.status.resolved")},
		{Value: "all", Label: l.T("mytraining.corrections.status.all")},
	}}
	for _, c := range list.Items {
		d.Items = append(d.Items, correctionViewOf(l, c))
	}
	title := l.T("mytraining.corrections.title")
	w.render.Render(rw, r, status, "mytraining/corrections.html", ui.Page{Title: title, Section: "corrections", Data: d, Errors: fe,
		Flash: flashes.Message(r), Breadcrumbs: []ui.Crumb{{Label: title}}})
}

// resolve marks one request resolved with the note typed beside it.
func (w *Web) resolve(rw http.ResponseWriter, r *http.Request) {
	if err := ui.ParseForm(rw, r); err != nil {
		w.fail(rw, r, err)
		return
	}
	id := r.PathValue("id")
	field := noteField(id)
	note := r.PostForm.Get(field)
	_, err := w.svc.ResolveCorrection(r.Context(), id, note)
	if ui.HasFields(err) {
		l := ui.LocalizerFrom(r.Context())
		fe := ui.Errors(l, err, map[string]string{"note": field}, fieldKeys, "mytraining.corrections.refused")
		w.renderCorrections(rw, r, http.StatusUnprocessableEntity, fe, map[string]string{id: note})
		return
	}
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	ui.SeeOther(rw, r, ui.Done(correctionsPath, "resolved"))
}

// noteField is the name of the note input of request id's form: one per
// request on the list, so that each label, error and summary link is its
// own.
func noteField(id string) string { return "note-" + id }
