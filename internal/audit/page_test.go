package audit_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/topcop-platform/topcop/internal/app/apptest"
	"github.com/topcop-platform/topcop/internal/audit"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/ui/uitest"
)

// seedEntries records entries the page tests look for: one about a
// person (which has a page), two actions where one is a prefix of the
// other, a reason that a spreadsheet would take for a formula, and long
// details.
func seedEntries(t *testing.T, e *apptest.Env) (personID string) {
	t.Helper()
	personID = core.NewID()
	big := map[string]any{}
	for i := range 40 {
		big["field_"+strings.Repeat("x", i%7)+string(rune('a'+i%26))+string(rune('a'+i/26))] = strings.Repeat("a long value that would widen the table ", 3)
	}
	events := []audit.Event{
		{Action: "test.page", Entity: "person", EntityID: personID, Details: big},
		{Action: "test.page.more", Entity: "contact_point", EntityID: core.NewID()},
		{Action: "test.formula", Reason: "=HYPERLINK(\"http://evil.example\",\"x\")"},
	}
	for _, ev := range events {
		err := e.DB.Write(e.SysCtx(), func(ctx context.Context) error { return e.Audit.Record(ctx, ev) })
		if err != nil {
			t.Fatal(err)
		}
	}
	return personID
}

func TestAuditPageRowsFiltersAndExport(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		personID := seedEntries(t, e)
		adminAcc := e.AccountFor(t, core.RoleAdmin)
		admin := e.SignIn(t, adminAcc.Email)

		_, doc := admin.GetDoc(t, "/admin/audit", http.StatusOK)
		uitest.CheckPage(t, doc)
		rows := doc.Find("#results table.audit-log tbody tr")
		if rows.Length() < 4 {
			t.Fatalf("%d rows", rows.Length())
		}
		// One line per entry: the details are folded away, never open.
		if n := doc.Find("#results table.audit-log tbody tr td details.audit-details > summary").Length(); n != rows.Length() {
			t.Errorf("%d rows but %d folded details", rows.Length(), n)
		}
		if n := doc.Find("#results table.audit-log details[open]").Length(); n != 0 {
			t.Errorf("%d details open", n)
		}
		if n := doc.Find("#results table.audit-log td > pre").Length(); n != 0 {
			t.Errorf("%d JSON dumps outside the details", n)
		}
		uitest.Find(t, doc, "#results table.audit-log details pre")
		// A link to the record where the platform has a page for it;
		// other entities link to their entries in the log.
		uitest.Find(t, doc, `#results table.audit-log td a[href="/directory/people/`+personID+`"]`)
		uitest.Find(t, doc, `#results table.audit-log td a[href^="/admin/audit?entity=contact_point"]`)
		uitest.Find(t, doc, `#results table.audit-log details a[href="/admin/audit?entity=person&entity_id=`+personID+`"]`)
		// The chart's bars filter on exactly their action.
		uitest.Find(t, doc, `#results figure.chart a[href="/admin/audit?action=test.page&action_match=exact"]`)
		uitest.Find(t, doc, `select[name="action_match"] option[value="exact"]`)
		uitest.Find(t, doc, `select[name="actor_match"] option[value="exact"]`)
		if href := uitest.Attr(t, doc, `a[href^="/admin/audit/export"]`, "href"); href != "/admin/audit/export" {
			t.Errorf("export link %q", href)
		}

		// Exact and prefix filters on the action and the actor.
		count := func(q string) int {
			_, doc := admin.GetDoc(t, "/admin/audit?"+q, http.StatusOK)
			return doc.Find("#results table.audit-log tbody tr").Length()
		}
		for q, want := range map[string]int{
			"action=test.page":                     2,
			"action=test.page&action_match=exact":  1,
			"action=test.page&action_match=prefix": 2,
			"action=test.pag&action_match=exact":   0,
			"actor=" + url.QueryEscape(adminAcc.Email[:5]) + "&action=auth.login&actor_match=exact":                                 0,
			"actor=" + url.QueryEscape(strings.ToUpper(adminAcc.Email)) + "&action=auth.login&action_match=exact&actor_match=exact": 1,
		} {
			if got := count(q); got != want {
				t.Errorf("%s: %d rows, want %d", q, got, want)
			}
		}
		_, doc = admin.GetDoc(t, "/admin/audit?action=test.page&action_match=exact", http.StatusOK)
		if href := uitest.Attr(t, doc, `a[href^="/admin/audit/export"]`, "href"); href != "/admin/audit/export?action=test.page&action_match=exact" {
			t.Errorf("export link of a filtered page %q", href)
		}
		// Filtering over htmx replaces the results, export link included.
		res := admin.Get(t, "/admin/audit?action=test.page&action_match=exact", "HX-Request", "true", "HX-Target", "results")
		apptest.WantStatus(t, res, http.StatusOK)
		if href := uitest.Attr(t, res.Doc(t), `a[href^="/admin/audit/export"]`, "href"); href != "/admin/audit/export?action=test.page&action_match=exact" {
			t.Errorf("export link of an htmx answer %q", href)
		}
		for _, q := range []string{"action_match=fuzzy", "actor_match=regex"} {
			res := admin.Get(t, "/admin/audit?"+q)
			apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
			apptest.WantFieldError(t, res.Doc(t), strings.SplitN(q, "=", 2)[0])
		}

		// CSV export of the filtered log: formulas escaped, recorded.
		res = admin.Get(t, "/admin/audit/export?action=test.&action_match=prefix")
		apptest.WantStatus(t, res, http.StatusOK)
		if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
			t.Errorf("content type %q", ct)
		}
		if cd := res.Header.Get("Content-Disposition"); !strings.Contains(cd, "attachment") || !strings.Contains(cd, ".csv") {
			t.Errorf("content disposition %q", cd)
		}
		recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(res.Body, "\ufeff"))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) != 4 || recs[0][5] != "action" || recs[1][5] != "test.page" || recs[3][5] != "test.formula" {
			t.Fatalf("export: %q", recs)
		}
		if reason := recs[3][8]; !strings.HasPrefix(reason, "'=") {
			t.Errorf("formula not escaped: %q", reason)
		}
		if actions := e.AuditActions(t); actions[len(actions)-1] != "audit.log.exported" {
			t.Errorf("export not recorded: last entry %q", actions[len(actions)-1])
		}
		res = admin.Get(t, "/admin/audit/export?action_match=fuzzy")
		apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
		apptest.WantFieldError(t, res.Doc(t), "action_match")

		// Admins only.
		other := e.SignIn(t, e.AccountFor(t, core.RoleCoordinator).Email)
		apptest.WantStatus(t, other.Get(t, "/admin/audit/export"), http.StatusForbidden)
		if res := e.NewClient().Get(t, "/admin/audit/export"); res.StatusCode == http.StatusOK {
			t.Errorf("anonymous export: %d", res.StatusCode)
		}
	})
}

// TestAuditPageFitsBrowser: at 1366 px the log's table fits the page,
// each entry is one line, and an entry's opened details do not widen it.
func TestAuditPageFitsBrowser(t *testing.T) {
	e := apptest.New(t, "sqlite")
	seedEntries(t, e)
	acc := e.AccountFor(t, core.RoleAdmin)
	b := apptest.OpenBrowser(t)
	b.Run("set a 1366 px window", chromedp.EmulateViewport(1366, 900))
	b.SignIn(e, acc.Email)
	b.Run("open the audit log", chromedp.Navigate(e.URL+"/admin/audit"), chromedp.WaitVisible(chromedp.CSS(`table.audit-log`)))
	fits := func(step string) {
		t.Helper()
		got := b.Get(step, chromedp.Evaluate[string](`(() => {
			const doc = document.documentElement, table = document.querySelector('table.audit-log');
			const rows = [...table.tBodies[0].rows].map(r => r.getBoundingClientRect().height);
			return [doc.scrollWidth, doc.clientWidth, Math.ceil(table.getBoundingClientRect().right), table.parentElement.scrollWidth, table.parentElement.clientWidth, Math.ceil(Math.max(...rows))].join(' ');
		})()`))
		var pageW, viewW, tableRight, wrapScroll, wrapW, rowH int
		if _, err := fmt.Sscan(got, &pageW, &viewW, &tableRight, &wrapScroll, &wrapW, &rowH); err != nil {
			t.Fatalf("%s: %q: %v", step, got, err)
		}
		t.Logf("%s: page %d px, window %d px, table ends at %d px, box %d/%d px, tallest row %d px", step, pageW, viewW, tableRight, wrapScroll, wrapW, rowH)
		if pageW > viewW || tableRight > viewW || wrapScroll > wrapW {
			t.Errorf("%s: page %d px, window %d px, table ends at %d px, its box scrolls %d of %d px", step, pageW, viewW, tableRight, wrapScroll, wrapW)
		}
		if step == "closed" && rowH > 80 {
			t.Errorf("%s: the tallest row is %d px: an entry should be one line", step, rowH)
		}
	}
	fits("closed")
	b.Get("open every entry's details", chromedp.Evaluate[string](`(() => { document.querySelectorAll('table.audit-log details').forEach(d => d.open = true); return ""; })()`))
	time.Sleep(100 * time.Millisecond)
	fits("opened")
}

// TestVerifyPageTellsCheckpoints: the chain check on the page says what
// the signed checkpoints cover: nothing without a key (and that a
// rewrite would go unnoticed), no matching checkpoint yet, then the
// latest one and the entries after it.
func TestVerifyPageTellsCheckpoints(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		seedEntries(t, e)
		admin := e.SignIn(t, e.AccountFor(t, core.RoleAdmin).Email)
		status := func() string {
			t.Helper()
			_, doc := admin.GetDoc(t, "/admin/audit?verify=1", http.StatusOK)
			return uitest.Text(t, doc, "#verify-status")
		}
		if got := status(); !strings.Contains(got, "intact") || !strings.Contains(got, "No checkpoint key is configured") {
			t.Errorf("without a key: %q", got)
		}
		e.Audit.UseKey(testKey(t, 7))
		if got := status(); !strings.Contains(got, "No signed checkpoint matches the chain yet") {
			t.Errorf("with a key, before any checkpoint: %q", got)
		}
		cp, err := e.Audit.Checkpoint(e.SysCtx())
		if err != nil {
			t.Fatal(err)
		}
		seedEntries(t, e)
		got := status()
		if want := fmt.Sprintf("1 signed checkpoint matches the chain; the latest covers entries up to %d", cp.Seq); !strings.Contains(got, want) {
			t.Errorf("after a checkpoint: %q, want %q", got, want)
		}
		if !strings.Contains(got, "newer entries are not covered by a checkpoint yet") {
			t.Errorf("entries after the checkpoint not reported: %q", got)
		}
		admin.Lang = "uk"
		if got := status(); !strings.Contains(got, "контрольн") {
			t.Errorf("in Ukrainian: %q", got)
		}
	})
}
