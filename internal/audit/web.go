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
	"github.com/topcop-platform/topcop/internal/ui"
)

// maxAuditFilter bounds each text filter of the audit log (runes).
const maxAuditFilter = 200

// hashPrefixLen is how much of an entry's hash the browser shows.
const hashPrefixLen = 12

// auditFilterForm is the state of the audit filters, as typed.
type auditFilterForm struct {
	Actor, Action, Entity, EntityID, From, To string
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
	// EntityURL is the entity's own page (accounts) or the log filtered
	// to that entity.
	EntityURL string
}

// verifyView is the outcome of a chain check, in words.
type verifyView struct {
	OK      bool
	Message string
}

// auditData is .Page.Data of admin/audit.html.
type auditData struct {
	Filter auditFilterForm
	List   core.List[auditEntry]
	Bars   []ui.Bar
	Verify *verifyView
	// VerifyOnly: an htmx request for the chain check, which gets only the
	// status region.
	VerifyOnly bool
	// PagerQuery is the request's query without verify, so that paging on
	// does not check the whole chain again.
	PagerQuery url.Values
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
	d := auditData{
		Filter: auditFilterForm{Actor: q.Get("actor"), Action: q.Get("action"), Entity: q.Get("entity"),
			EntityID: q.Get("entity_id"), From: q.Get("from"), To: q.Get("to")},
		VerifyOnly: q.Get("verify") == "1" && r.Header.Get("HX-Request") == "true" && r.Header.Get("HX-Target") == "verify-status",
	}
	d.List.Items = []auditEntry{}
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
		fields := map[string]string{"actor": "actor", "action": "action", "entity": "entity", "entity_id": "entity_id", "from": "from", "to": "to"}
		fe = ui.Errors(l, err, fields, nil, "auth.form.other_problem")
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
	if res.OK() {
		return &verifyView{OK: true, Message: l.N("admin.audit.verify.ok", int(res.Entries))}
	}
	return &verifyView{Message: l.T("admin.audit.verify.broken", "Seq", l.Number(int(res.Bad)), "Problem", res.Problem)}
}

func auditEntries(list core.List[Entry]) core.List[auditEntry] {
	out := core.List[auditEntry]{Items: make([]auditEntry, 0, len(list.Items)), Total: list.Total, Next: list.Next}
	for _, e := range list.Items {
		v := auditEntry{Entry: e, DetailsPretty: e.Details, HashPrefix: e.Hash[:min(hashPrefixLen, len(e.Hash))]}
		var b bytes.Buffer
		if e.Details != "" && json.Indent(&b, []byte(e.Details), "", "  ") == nil {
			v.DetailsPretty = b.String()
		}
		switch {
		case e.Entity == "account" && core.ValidID(e.EntityID):
			v.EntityURL = "/admin/users/" + e.EntityID
		case e.Entity != "":
			q := url.Values{"entity": {e.Entity}}
			if e.EntityID != "" {
				q.Set("entity_id", e.EntityID)
			}
			v.EntityURL = "/admin/audit?" + q.Encode()
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
		bars = append(bars, ui.Bar{Label: a, Value: n, URL: "/admin/audit?" + url.Values{"action": {a}}.Encode()})
	}
	slices.SortFunc(bars, func(a, b ui.Bar) int {
		return cmp.Or(cmp.Compare(b.Value, a.Value), cmp.Compare(a.Label, b.Label))
	})
	return bars
}
