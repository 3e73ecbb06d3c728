package notify

import (
	"log/slog"
	"net/http"
	"net/url"

	"github.com/topcop-platform/topcop/internal/api"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/i18n"
	"github.com/topcop-platform/topcop/internal/ui"
)

// pages serves the outbox (admins) and each account's notifications.
// Handlers are thin: they parse, call the Service (which decides who may
// do what) and render.
type pages struct {
	svc    *Service
	render *ui.Renderer
	fail   func(http.ResponseWriter, *http.Request, error)
	logger *slog.Logger
}

func (p *pages) routes(r ui.Router) {
	r.HandleFunc("GET /admin/outbox", core.Admin, p.outboxPage)
	r.HandleFunc("GET /admin/outbox/{id}", core.Admin, p.outboxMailPage)
	r.HandleFunc("POST /admin/outbox/{id}/retry", core.Admin.Writes(), p.outboxRetry)
	r.HandleFunc("GET /notifications", core.Member, p.notificationsPage)
	r.HandleFunc("POST /notifications/{id}/read", core.Member.Writes(), p.notificationRead)
	r.HandleFunc("POST /notifications/read", core.Member.Writes(), p.notificationsReadAll)
}

// flashes are the confirmations of the pages (?done=).
var flashes = ui.Flashes{"read": "notify.flash.read", "all_read": "notify.flash.all_read", "requeued": "notify.flash.requeued"}

// outboxFields maps the service's field names to the filter inputs.
var outboxFields = map[string]string{"status": "status", "to": "to"}

// mailView is an outbox mail as the pages show it.
type mailView struct {
	Outbox
	// StatusLabel is the localised status; StatusClass its badge colour.
	StatusLabel, StatusClass string
}

func viewMail(l *i18n.Localizer, o Outbox) mailView {
	v := mailView{Outbox: o, StatusLabel: l.T("notify.status." + o.Status), StatusClass: "badge-grey"}
	switch o.Status {
	case StatusSent:
		v.StatusClass = "badge-green"
	case StatusFailed:
		v.StatusClass = "badge-red"
	case StatusQueued:
		v.StatusClass = "badge-gold"
	}
	return v
}

// outboxData is .Page.Data of admin/outbox.html.
type outboxData struct {
	Status, To string
	Statuses   []ui.Option
	List       core.List[mailView]
	// Sending says whether a relay is configured.
	Sending bool
}

// outboxPage lists the outbox, newest first, filtered by status and
// recipient, with cursor paging. Bad filters are field errors (422), a
// bad cursor 400.
func (p *pages) outboxPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	l := ui.LocalizerFrom(ctx)
	q := r.URL.Query()
	d := outboxData{Status: q.Get("status"), To: q.Get("to"), Sending: p.svc.Sending()}
	d.Statuses = []ui.Option{{Value: "", Label: l.T("notify.outbox.filter.any_status")}}
	for _, s := range Statuses {
		d.Statuses = append(d.Statuses, ui.Option{Value: s, Label: l.T("notify.status." + s)})
	}
	d.List.Items = []mailView{}
	status := http.StatusOK
	var fe *ui.FormErrors
	page, err := core.ParsePage(q.Get("limit"), q.Get("cursor"))
	if err == nil {
		var list core.List[Outbox]
		list, err = p.svc.ListOutbox(ctx, OutboxFilter{Status: d.Status, To: d.To}, page)
		if err == nil {
			d.List = core.List[mailView]{Items: make([]mailView, 0, len(list.Items)), Total: list.Total, Next: list.Next}
			for _, o := range list.Items {
				d.List.Items = append(d.List.Items, viewMail(l, o))
			}
		}
	}
	switch {
	case ui.HasFields(err) && !isCursorError(err):
		fe = ui.Errors(l, err, outboxFields, nil, "notify.form.problem")
		status = api.StatusOf(err)
	case core.IsCode(err, core.Invalid):
		fe = &ui.FormErrors{Summary: l.T("admin.bad_cursor")}
		status = http.StatusBadRequest
	case err != nil:
		p.fail(w, r, err)
		return
	}
	p.render.Render(w, r, status, "admin/outbox.html", ui.Page{
		Title: l.T("notify.outbox.title"), Section: "outbox", Data: d, Errors: fe,
		Breadcrumbs: []ui.Crumb{{Label: l.T("notify.outbox.title")}},
	})
}

// isCursorError reports whether err is about the paging parameters only.
func isCursorError(err error) bool {
	ce := core.AsError(err)
	for _, f := range ce.Fields {
		if f.Field != "cursor" && f.Field != "limit" {
			return false
		}
	}
	return len(ce.Fields) > 0
}

// mailPageData is .Page.Data of admin/outbox_mail.html.
type mailPageData struct {
	mailView
	// CanRetry: the mail failed, or was not sent, and a relay is
	// configured now.
	CanRetry bool
}

// outboxMailPage shows one mail: its headers, status and bodies.
func (p *pages) outboxMailPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	l := ui.LocalizerFrom(ctx)
	o, err := p.svc.OutboxMail(ctx, r.PathValue("id"))
	if err != nil {
		p.fail(w, r, err)
		return
	}
	d := mailPageData{mailView: viewMail(l, o), CanRetry: p.svc.Sending() && (o.Status == StatusFailed || o.Status == StatusUnsent)}
	p.render.Render(w, r, http.StatusOK, "admin/outbox_mail.html", ui.Page{
		Title: o.Subject, Section: "outbox", Data: d, Flash: flashes.Message(r),
		Breadcrumbs: []ui.Crumb{{Label: l.T("notify.outbox.title"), URL: "/admin/outbox"}, {Label: o.Subject}},
	})
}

// outboxRetry queues a failed or unsent mail again (Service.Retry).
func (p *pages) outboxRetry(w http.ResponseWriter, r *http.Request) {
	if err := ui.ParseForm(w, r); err != nil {
		p.fail(w, r, err)
		return
	}
	id := r.PathValue("id")
	if err := p.svc.Retry(r.Context(), id); err != nil {
		p.fail(w, r, err)
		return
	}
	ui.SeeOther(w, r, ui.Done("/admin/outbox/"+id, "requeued"))
}

// notificationsData is .Page.Data of notify/notifications.html.
type notificationsData struct {
	Unread bool
	List   core.List[Notification]
	// UnreadCount is the number of unread notifications.
	UnreadCount int
}

// notificationsPage lists the account's own notifications, newest first
// (?unread=1: only the unread ones).
func (p *pages) notificationsPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	l := ui.LocalizerFrom(ctx)
	q := r.URL.Query()
	d := notificationsData{Unread: q.Get("unread") == "1"}
	d.List.Items = []Notification{}
	status := http.StatusOK
	var fe *ui.FormErrors
	page, err := core.ParsePage(q.Get("limit"), q.Get("cursor"))
	if err == nil {
		d.List, err = p.svc.Notifications(ctx, d.Unread, page)
	}
	if err == nil {
		d.UnreadCount, err = p.svc.UnreadCount(ctx)
	}
	switch {
	case core.IsCode(err, core.Invalid):
		fe = &ui.FormErrors{Summary: l.T("admin.bad_cursor")}
		status = http.StatusBadRequest
	case err != nil:
		p.fail(w, r, err)
		return
	}
	p.render.Render(w, r, status, "notify/notifications.html", ui.Page{
		Title: l.T("notify.notifications.title"), Section: "notifications", Data: d, Errors: fe, Flash: flashes.Message(r),
		Breadcrumbs: []ui.Crumb{{Label: l.T("notify.notifications.title")}},
	})
}

// notificationRead marks one notification read; with open=1 it then
// goes to the page the notification is about, else back to the list.
func (p *pages) notificationRead(w http.ResponseWriter, r *http.Request) {
	if err := ui.ParseForm(w, r); err != nil {
		p.fail(w, r, err)
		return
	}
	n, err := p.svc.MarkRead(r.Context(), r.PathValue("id"))
	if err != nil {
		p.fail(w, r, err)
		return
	}
	if r.PostForm.Get("open") == "1" && n.Link != "" && validLink(n.Link) {
		ui.SeeOther(w, r, n.Link)
		return
	}
	ui.SeeOther(w, r, ui.Done(listURL(r.PostForm.Get("unread")), "read"))
}

// notificationsReadAll marks every notification of the account read.
func (p *pages) notificationsReadAll(w http.ResponseWriter, r *http.Request) {
	if err := ui.ParseForm(w, r); err != nil {
		p.fail(w, r, err)
		return
	}
	if _, err := p.svc.MarkRead(r.Context(), ""); err != nil {
		p.fail(w, r, err)
		return
	}
	ui.SeeOther(w, r, ui.Done(listURL(r.PostForm.Get("unread")), "all_read"))
}

// listURL is the notifications list, unread only when unread is "1".
func listURL(unread string) string {
	if unread == "1" {
		return "/notifications?" + url.Values{"unread": {"1"}}.Encode()
	}
	return "/notifications"
}
