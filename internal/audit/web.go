package audit

import (
	"bytes"
	"cmp"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/topcop-platform/topcop/internal/api"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/i18n"
	"github.com/topcop-platform/topcop/internal/tabular"
	"github.com/topcop-platform/topcop/internal/ui"
)

// maxAuditFilter bounds each text filter of the audit log (runes).
const maxAuditFilter = 200

// hashPrefixLen is how much of an entry's hash the browser shows.
const hashPrefixLen = 12

// idPrefixLen is how much of an entity id a row shows (all of it in the
// row's details).
const idPrefixLen = 8

// filterFields maps the service's field names to the filter inputs.
var filterFields = map[string]string{"actor": "actor", "actor_match": "actor_match", "action": "action", "action_match": "action_match",
	"entity": "entity", "entity_id": "entity_id", "from": "from", "to": "to"}

// exportMessages are the audit log's own field messages.
var exportMessages = map[string]string{"too_many": "admin.audit.export.too_many"}

// auditFilterForm is the state of the audit filters, as typed.
type auditFilterForm struct {
	Actor, Action, Entity, EntityID, From, To string
	// ActorMatch is "contains" (or "") or "exact"; ActionMatch is
	// "prefix" (or "") or "exact".
	ActorMatch, ActionMatch string
}

// filterForm reads the audit filters from a query.
func filterForm(q url.Values) auditFilterForm {
	return auditFilterForm{Actor: q.Get("actor"), Action: q.Get("action"), Entity: q.Get("entity"),
		EntityID: q.Get("entity_id"), From: q.Get("from"), To: q.Get("to"),
		ActorMatch: q.Get("actor_match"), ActionMatch: q.Get("action_match")}
}

// query is the filter as a query string's values, without empty ones.
func (f auditFilterForm) query() url.Values {
	q := url.Values{}
	for _, kv := range [][2]string{{"actor", f.Actor}, {"actor_match", f.ActorMatch}, {"action", f.Action}, {"action_match", f.ActionMatch},
		{"entity", f.Entity}, {"entity_id", f.EntityID}, {"from", f.From}, {"to", f.To}} {
		if kv[1] != "" {
			q.Set(kv[0], kv[1])
		}
	}
	return q
}

// parseAuditFilter checks the filters: text at most maxAuditFilter runes,
// valid UTF-8 without control characters; dates as YYYY-MM-DD (API: also
// RFC 3339). To is inclusive for a date (the whole day) and exclusive for
// a time. Errors: core.Invalid with Fields.
func parseAuditFilter(f auditFilterForm) (Filter, error) {
	var v core.Validation
	out := Filter{
		Actor: strings.TrimSpace(f.Actor), Action: strings.TrimSpace(f.Action),
		Entity: strings.TrimSpace(f.Entity), EntityID: strings.TrimSpace(f.EntityID),
	}
	for _, t := range []struct{ field, value string }{
		{"actor", out.Actor}, {"action", out.Action}, {"entity", out.Entity}, {"entity_id", out.EntityID},
	} {
		switch {
		case !utf8.ValidString(t.value) || strings.ContainsFunc(t.value, func(r rune) bool { return r < 0x20 || r == 0x7f }):
			v.Add(t.field, "invalid")
		case utf8.RuneCountInString(t.value) > maxAuditFilter:
			v.Add(t.field, "too_long", strconv.Itoa(maxAuditFilter))
		}
	}
	switch strings.TrimSpace(f.ActorMatch) {
	case "", "contains":
	case "exact":
		out.ActorExact = true
	default:
		v.Add("actor_match", "invalid")
	}
	switch strings.TrimSpace(f.ActionMatch) {
	case "", "prefix":
	case "exact":
		out.ActionExact = true
	default:
		v.Add("action_match", "invalid")
	}
	var ok bool
	if out.From, ok = parseBound(f.From, false); !ok {
		v.Add("from", "invalid")
	}
	if out.To, ok = parseBound(f.To, true); !ok {
		v.Add("to", "invalid")
	}
	return out, v.Err()
}

// parseBound reads a date (YYYY-MM-DD, UTC) or an RFC 3339 time; an end
// bound given as a date means the start of the next day. "" is no bound.
func parseBound(s string, end bool) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, true
	}
	if t, ok := ui.ParseDate(s); ok {
		if end {
			t = t.AddDate(0, 0, 1)
		}
		return t, true
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	return t.UTC(), err == nil
}

// auditEntry is an entry as the browser shows it.
type auditEntry struct {
	Entry
	// DetailsPretty is Details indented for reading (html/template
	// escapes it).
	DetailsPretty string
	HashPrefix    string
	// IDPrefix is the start of EntityID, which the row shows whole only
	// in its details.
	IDPrefix string
	// RecordURL is the record's own page, when the platform has one
	// (RecordURL); FilterURL is the log filtered to the entity.
	RecordURL, FilterURL string
}

// recordPages maps the entity kinds that have a page of their own to the
// prefix of its path; the entity id completes it.
var recordPages = map[string]string{
	"account": "/admin/users/",
	"person":  "/directory/people/",
	"agency":  "/directory/agencies/",
	"network": "/directory/networks/",
}

// RecordURL returns the page of the record an entry is about, "" when the
// platform has none for its kind (or the id is not a record id).
func RecordURL(entity, id string) string {
	prefix, ok := recordPages[entity]
	if !ok || !core.ValidID(id) {
		return ""
	}
	return prefix + id
}

// verifyView is the outcome of a chain check, in words: the verdict, and
// what the signed checkpoints add to it (Coverage; Warning when part of
// the chain could be rewritten undetected).
type verifyView struct {
	OK                bool
	Message           string
	Coverage, Warning string
}

// auditData is .Page.Data of admin/audit.html.
type auditData struct {
	Filter auditFilterForm
	List   core.List[auditEntry]
	Bars   []ui.Bar
	Verify *verifyView
	// ActorMatch and ActionMatch are the choices of how the actor and
	// action filters match.
	ActorMatch, ActionMatch []ui.Option
	// ExportURL downloads the filtered log as CSV.
	ExportURL string
	// VerifyOnly: an htmx request for the chain check, which gets only the
	// status region.
	VerifyOnly bool
	// PagerQuery is the request's query without verify, so that paging on
	// does not check the whole chain again.
	PagerQuery url.Values
}

// newAuditData is the page's data for the filters f, with no entries yet.
func newAuditData(l *i18n.Localizer, f auditFilterForm) auditData {
	d := auditData{
		Filter:      f,
		ActorMatch:  []ui.Option{{Value: "contains", Label: l.T("admin.audit.match.contains")}, {Value: "exact", Label: l.T("admin.audit.match.exact")}},
		ActionMatch: []ui.Option{{Value: "prefix", Label: l.T("admin.audit.match.prefix")}, {Value: "exact", Label: l.T("admin.audit.match.exact")}},
		ExportURL:   "/admin/audit/export",
	}
	if q := f.query().Encode(); q != "" {
		d.ExportURL += "?" + q
	}
	d.List.Items = []auditEntry{}
	return d
}

// auditPage is the admin's audit log browser (Log.List, newest
// first, cursor paging with ?limit= and ?cursor=) with filters, a chart of
// the page's actions and, on request (?verify=1), the result of checking
// the whole chain. Bad filters are field errors (422), a bad cursor 400.
func (s *pages) auditPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	l := ui.LocalizerFrom(r.Context())
	if !core.ActorFrom(ctx).Authenticated() {
		// List answers anonymous callers with Forbidden; a browser
		// should be asked to sign in instead.
		s.fail(w, r, core.Errorf(core.Unauthenticated, "sign in first"))
		return
	}
	q := r.URL.Query()
	d := newAuditData(l, filterForm(q))
	d.VerifyOnly = q.Get("verify") == "1" && r.Header.Get("HX-Request") == "true" && r.Header.Get("HX-Target") == "verify-status"
	d.PagerQuery = r.URL.Query()
	d.PagerQuery.Del("verify")
	status := http.StatusOK
	var fe *ui.FormErrors
	f, err := parseAuditFilter(d.Filter)
	var page core.PageRequest
	if err == nil {
		page, err = core.ParsePage(q.Get("limit"), q.Get("cursor"))
	}
	if err == nil {
		if d.VerifyOnly {
			page.Limit = 1 // the list only authorizes the check here
		}
		var list core.List[Entry]
		list, err = s.log.List(ctx, f, page)
		if err == nil {
			d.List = auditEntries(list)
			d.Bars = actionBars(d.List.Items)
		}
	}
	switch {
	case ui.HasFields(err):
		fe = ui.Errors(l, err, filterFields, exportMessages, "auth.form.other_problem")
		status = api.StatusOf(err)
	case core.IsCode(err, core.Invalid):
		fe = &ui.FormErrors{Summary: l.T("admin.bad_cursor")}
		status = http.StatusBadRequest
	case err != nil:
		s.fail(w, r, err)
		return
	}
	// The chain is checked only when asked for (it reads the whole log),
	// and only after List has let this actor in: Verify checks nobody.
	if q.Get("verify") == "1" && err == nil {
		res, verr := s.log.Verify(ctx)
		if verr != nil {
			s.fail(w, r, verr)
			return
		}
		d.Verify = verifyMessage(l, res)
	}
	s.render.Render(w, r, status, "admin/audit.html", ui.Page{
		Title: l.T("admin.audit.title"), Section: "audit", Data: d, Errors: fe,
		Breadcrumbs: []ui.Crumb{{Label: l.T("admin.audit.title")}},
	})
}

func verifyMessage(l *i18n.Localizer, res VerifyResult) *verifyView {
	v := &verifyView{OK: res.OK()}
	if v.OK {
		v.Message = l.N("admin.audit.verify.ok", int(res.Entries))
	} else {
		v.Message = l.T("admin.audit.verify.broken", "Seq", l.Number(int(res.Bad)), "Problem", res.Problem)
	}
	switch {
	case res.KeyOff:
		v.Warning = l.T("audit.checkpoints.off")
	case res.Latest == nil:
		v.Warning = l.N("audit.checkpoints.none", int(res.Entries))
	default:
		v.Coverage = l.N("audit.checkpoints.matched", res.Checkpoints,
			"Seq", l.Number(int(res.Latest.Seq)), "At", l.DateTime(res.Latest.At))
		if u := res.Uncovered(); u > 0 {
			v.Warning = l.N("audit.checkpoints.uncovered", int(u))
		}
	}
	if res.OtherKeys > 0 {
		v.Coverage = strings.TrimSpace(v.Coverage + " " + l.N("audit.checkpoints.other_keys", res.OtherKeys))
	}
	return v
}

func auditEntries(list core.List[Entry]) core.List[auditEntry] {
	out := core.List[auditEntry]{Items: make([]auditEntry, 0, len(list.Items)), Total: list.Total, Next: list.Next}
	for _, e := range list.Items {
		v := auditEntry{Entry: e, DetailsPretty: e.Details, HashPrefix: e.Hash[:min(hashPrefixLen, len(e.Hash))],
			IDPrefix: e.EntityID, RecordURL: RecordURL(e.Entity, e.EntityID)}
		if utf8.RuneCountInString(e.EntityID) > idPrefixLen {
			v.IDPrefix = string([]rune(e.EntityID)[:idPrefixLen]) + "…"
		}
		var b bytes.Buffer
		if e.Details != "" && json.Indent(&b, []byte(e.Details), "", "  ") == nil {
			v.DetailsPretty = b.String()
		}
		if e.Entity != "" {
			q := url.Values{"entity": {e.Entity}}
			if e.EntityID != "" {
				q.Set("entity_id", e.EntityID)
			}
			v.FilterURL = "/admin/audit?" + q.Encode()
		}
		out.Items = append(out.Items, v)
	}
	return out
}

// actionBars counts the page's entries by action, most frequent first;
// each bar links to the log filtered to its action.
func actionBars(es []auditEntry) []ui.Bar {
	counts := map[string]int{}
	for _, e := range es {
		counts[e.Action]++
	}
	bars := make([]ui.Bar, 0, len(counts))
	for a, n := range counts {
		bars = append(bars, ui.Bar{Label: a, Value: n, URL: "/admin/audit?" + url.Values{"action": {a}, "action_match": {"exact"}}.Encode()})
	}
	slices.SortFunc(bars, func(a, b ui.Bar) int {
		return cmp.Or(cmp.Compare(b.Value, a.Value), cmp.Compare(a.Label, b.Label))
	})
	return bars
}

// exportCSV downloads the log as the filters of the page select it
// (Log.Export: admins only, oldest first, recorded). Bad filters, or too
// many entries, get the page with the errors instead of a file.
func (s *pages) exportCSV(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	l := ui.LocalizerFrom(ctx)
	form := filterForm(r.URL.Query())
	f, err := parseAuditFilter(form)
	var buf bytes.Buffer
	if err == nil {
		err = s.log.Export(ctx, &buf, f)
	}
	if ui.HasFields(err) {
		s.render.Render(w, r, api.StatusOf(err), "admin/audit.html", ui.Page{
			Title: l.T("admin.audit.title"), Section: "audit",
			Data:        newAuditData(l, form),
			Errors:      ui.Errors(l, err, filterFields, exportMessages, "auth.form.other_problem"),
			Breadcrumbs: []ui.Crumb{{Label: l.T("admin.audit.title"), URL: "/admin/audit"}},
		})
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", tabular.ContentType(tabular.CSV))
	h.Set("Content-Disposition", `attachment; filename="topcop-audit-`+time.Now().UTC().Format("20060102")+tabular.Extension(tabular.CSV)+`"`)
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	if _, err := w.Write(buf.Bytes()); err != nil {
		s.logger.DebugContext(ctx, "audit: export cut short", "err", err)
	}
}
