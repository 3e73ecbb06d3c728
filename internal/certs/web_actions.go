package certs

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/topcop-platform/topcop/internal/certs/cert"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/training"
	"github.com/topcop-platform/topcop/internal/ui"
)

// --- public documents ---

func (w *Web) publicPDF(rw http.ResponseWriter, r *http.Request) {
	if w.limited(rw, r) {
		return
	}
	v, err := w.svc.Verify(r.Context(), r.PathValue("code"))
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	if !v.Found || v.Certificate.Status != cert.StatusValid {
		w.fail(rw, r, notFound("certificate"))
		return
	}
	w.sendPDF(rw, r, v.Certificate)
}

func (w *Web) sendPDF(rw http.ResponseWriter, r *http.Request, c cert.Certificate) {
	var buf bytes.Buffer
	if err := w.svc.RenderPDF(&buf, c); err != nil {
		w.fail(rw, r, err)
		return
	}
	rw.Header().Set("Content-Type", "application/pdf")
	rw.Header().Set("Content-Disposition", `inline; filename="`+FileName(c, "pdf")+`"`)
	rw.Header().Set("Cache-Control", "private, no-store")
	rw.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	_, _ = buf.WriteTo(rw)
}

func writeJSON(rw http.ResponseWriter, status int, v any, cache string) {
	rw.Header().Set("Content-Type", "application/json")
	rw.Header().Set("Cache-Control", cache)
	rw.Header().Set("Access-Control-Allow-Origin", "*")
	rw.WriteHeader(status)
	enc := json.NewEncoder(rw)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}

func (w *Web) keys(rw http.ResponseWriter, r *http.Request) {
	ks, err := w.svc.KeySet(r.Context())
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	writeJSON(rw, http.StatusOK, ks, "public, max-age=300")
}

func (w *Web) revocations(rw http.ResponseWriter, r *http.Request) {
	l, err := w.svc.Revocations(r.Context())
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	rw.Header().Set("Content-Disposition", `inline; filename="revocations.json"`)
	writeJSON(rw, http.StatusOK, l, "no-cache")
}

func (w *Web) issuer(rw http.ResponseWriter, r *http.Request) {
	data, err := w.svc.IssuerProfile(r.Context())
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	rw.Header().Set("Content-Type", "application/ld+json")
	rw.Header().Set("Cache-Control", "public, max-age=300")
	rw.Header().Set("Access-Control-Allow-Origin", "*")
	_, _ = rw.Write(data)
}

// --- a certificate, signed in ---

func (w *Web) pdf(rw http.ResponseWriter, r *http.Request) {
	code, ok := strings.CutSuffix(r.PathValue("file"), ".pdf")
	if !ok {
		w.fail(rw, r, notFound("certificate"))
		return
	}
	c, err := w.svc.Get(r.Context(), code)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	if c.Status != cert.StatusValid {
		w.fail(rw, r, core.Errorf(core.Conflict, "the certificate is revoked"))
		return
	}
	w.sendPDF(rw, r, c)
}

func (w *Web) badge(rw http.ResponseWriter, r *http.Request) {
	data, c, err := w.svc.Badge(r.Context(), r.PathValue("code"))
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	rw.Header().Set("Content-Type", "application/vc+ld+json")
	rw.Header().Set("Content-Disposition", `attachment; filename="`+FileName(c, "json")+`"`)
	rw.Header().Set("Cache-Control", "private, no-store")
	_, _ = rw.Write(data)
}

func (w *Web) revoke(rw http.ResponseWriter, r *http.Request) {
	c, err := w.svc.Revoke(r.Context(), r.PathValue("code"), r.PostFormValue("reason"))
	back := r.PostFormValue("back")
	if back == "" || !strings.HasPrefix(back, "/training/activities/") {
		back = "/verify/" + cert.FormatCode(r.PathValue("code"))
	}
	if err != nil {
		w.refused(rw, r, back, err)
		return
	}
	_ = c
	http.Redirect(rw, r, back+"?done=revoked", http.StatusSeeOther)
}

// --- an activity's certificates ---

func (w *Web) issueAll(rw http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	n, err := w.svc.IssueCompleted(r.Context(), id)
	if err != nil {
		w.refused(rw, r, activityURL(id), err)
		return
	}
	http.Redirect(rw, r, activityURL(id)+"?done=issued&n="+strconv.Itoa(n), http.StatusSeeOther)
}

func (w *Web) issue(rw http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if _, err := w.svc.Issue(r.Context(), id, r.PostFormValue("person_id"), r.PostFormValue("reason")); err != nil {
		w.refused(rw, r, activityURL(id), err)
		return
	}
	http.Redirect(rw, r, activityURL(id)+"?done=issued&n=1", http.StatusSeeOther)
}

func (w *Web) withhold(rw http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if err := w.svc.Withhold(r.Context(), id, r.PostFormValue("person_id"), r.PostFormValue("reason")); err != nil {
		w.refused(rw, r, activityURL(id), err)
		return
	}
	http.Redirect(rw, r, activityURL(id)+"?done=withheld", http.StatusSeeOther)
}

func (w *Web) mail(rw http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	n, err := w.svc.MailAll(r.Context(), id)
	if err != nil {
		w.refused(rw, r, activityURL(id), err)
		return
	}
	http.Redirect(rw, r, activityURL(id)+"?done=mailed&n="+strconv.Itoa(n), http.StatusSeeOther)
}

func (w *Web) zip(rw http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	act, err := w.svc.Activity(ctx, r.PathValue("id"), localizer(r).Lang())
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	started := false
	_, err = w.svc.ZIP(ctx, act.Activity.ID, rw, func() {
		started = true
		rw.Header().Set("Content-Type", "application/zip")
		rw.Header().Set("Content-Disposition", `attachment; filename="certificates-`+act.Activity.CourseCode+`-`+act.Activity.StartsOn+`.zip"`)
		rw.Header().Set("Cache-Control", "private, no-store")
	})
	if err != nil && !started {
		w.fail(rw, r, err)
	}
	// An error once bytes are out (the client went away) leaves a
	// truncated archive, which unzip reports as such.
}

// refused shows a refused action on the activity's page (back): a field
// error (a reason missing) re-renders it with the message (422); other
// errors take the error page.
func (w *Web) refused(rw http.ResponseWriter, r *http.Request, back string, err error) {
	if len(core.AsError(err).Fields) == 0 || !strings.HasPrefix(back, "/training/activities/") {
		w.fail(rw, r, err)
		return
	}
	id := strings.TrimSuffix(strings.TrimPrefix(back, "/training/activities/"), "/certificates")
	l := localizer(r)
	fe := ui.Errors(l, err, map[string]string{"reason": "reason"}, fieldKeys, "certs.activity.refused")
	w.renderActivity(rw, r, id, http.StatusUnprocessableEntity, fe, r.PostFormValue("person_id"))
}

func (w *Web) activity(rw http.ResponseWriter, r *http.Request) {
	w.renderActivity(rw, r, r.PathValue("id"), http.StatusOK, nil, "")
}

// activityData is the certificates page of an activity.
type activityData struct {
	View     ActivityView
	Dates    string
	Rows     []rowData
	Bars     []ui.Bar
	ZIPURL   string
	Base     string
	Focus    string // the person whose form was refused
	Done     string
	Verified string
}

type rowData struct {
	Row
	Code      string
	VerifyURL string
	PDFURL    string
	Issued    string
	RevokedOn string
	State     string // issued, revoked, withheld, pending, not_completed
}

func (w *Web) renderActivity(rw http.ResponseWriter, r *http.Request, id string, status int, fe *ui.FormErrors, focus string) {
	l := localizer(r)
	v, err := w.svc.Activity(r.Context(), id, l.Lang())
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	act := v.Activity
	d := activityData{View: v, Dates: training.DateRange(l, act.StartsOn, act.EndsOn), ZIPURL: activityURL(act.ID) + ".zip",
		Base: activityURL(act.ID), Focus: focus}
	for _, row := range v.Rows {
		rd := rowData{Row: row}
		switch {
		case row.Certificate != nil:
			c := row.Certificate
			rd.Code = cert.FormatCode(c.Code)
			rd.VerifyURL = "/verify/" + url.PathEscape(rd.Code)
			rd.Issued = l.Date(c.IssuedAt)
			rd.State = "issued"
			if c.Status == cert.StatusRevoked {
				rd.State, rd.RevokedOn = "revoked", l.Date(c.RevokedAt)
			} else {
				rd.PDFURL = "/certificates/" + c.Code + ".pdf"
			}
		case row.Withheld != nil:
			rd.State = "withheld"
		case row.Completed:
			rd.State = "pending"
		default:
			rd.State = "not_completed"
		}
		d.Rows = append(d.Rows, rd)
	}
	d.Bars = []ui.Bar{
		{Label: l.T("certs.state.issued"), Value: v.Issued},
		{Label: l.T("certs.state.pending"), Value: v.Pending},
		{Label: l.T("certs.state.withheld"), Value: v.Withheld},
		{Label: l.T("certs.state.revoked"), Value: v.Revoked},
		{Label: l.T("certs.state.not_completed"), Value: v.NotDone},
	}
	var flash string
	if done := r.URL.Query().Get("done"); done != "" && fe == nil {
		n, _ := strconv.Atoi(r.URL.Query().Get("n"))
		switch done {
		case "issued":
			flash = l.N("certs.flash.issued", n, "Count", n)
		case "mailed":
			flash = l.N("certs.flash.mailed", n, "Count", n)
		case "withheld", "revoked":
			flash = l.T("certs.flash." + done)
		}
	}
	w.render.Render(rw, r, status, "certs/activity.html", ui.Page{
		Title: l.T("certs.activity.title"), Section: "training", Data: d, Errors: fe, Flash: flash,
		Breadcrumbs: []ui.Crumb{{Label: l.T("certs.crumb.activities"), URL: "/training/activities"},
			{Label: act.CourseTitle + " (" + d.Dates + ")", URL: "/training/activities/" + act.ID}, {Label: l.T("certs.activity.title")}},
	})
}
