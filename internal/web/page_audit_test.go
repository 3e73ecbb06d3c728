package web_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/topcop-platform/topcop/internal/app/apptest"
	"github.com/topcop-platform/topcop/internal/audit/audittest"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/ui/uitest"
)

func TestAuditPage(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		adminAcc := e.AccountFor(t, core.RoleAdmin)
		admin := e.SignIn(t, adminAcc.Email)
		other := e.AccountFor(t, core.RoleParticipant)
		apptest.WantStatus(t, e.NewClient().Login(t, other.Email, "wrong password!!", ""), http.StatusUnauthorized)

		_, doc := admin.GetDoc(t, "/admin/audit", http.StatusOK)
		uitest.CheckPage(t, doc)
		rows := doc.Find("#results table.audit-log tbody tr")
		if rows.Length() < 5 {
			t.Fatalf("%d entries listed", rows.Length())
		}
		// Newest first: the first row is the latest event before the page
		// was read (reading it is itself recorded, after the read).
		actions := e.AuditActions(t)
		if last := actions[len(actions)-1]; last != "audit.log.browsed" {
			t.Fatalf("browsing the log was not recorded: last entry %q", last)
		}
		if got := uitest.Text(t, doc, "#results table.audit-log tbody tr:first-child td:nth-child(3)"); got != actions[len(actions)-2] {
			t.Errorf("first row %q, want newest %q", got, actions[len(actions)-2])
		}
		uitest.Find(t, doc, "#results figure.chart svg")
		uitest.Find(t, doc, `#results a[href^="/admin/users/`+adminAcc.ID+`"]`) // entity link
		uitest.Find(t, doc, "#results table.audit-log tbody tr td code[title]") // hash prefix
		// Details are escaped, pre-formatted JSON.
		if pre := doc.Find("#results pre").First().Text(); !strings.HasPrefix(strings.TrimSpace(pre), "{") {
			t.Errorf("details %q", pre)
		}

		// Filters.
		_, doc = admin.GetDoc(t, "/admin/audit?action=auth.login.failed", http.StatusOK)
		if n := doc.Find("#results table.audit-log tbody tr").Length(); n != 1 {
			t.Errorf("action filter: %d rows, want 1: %s", n, uitest.Text(t, doc, "#results table.audit-log tbody"))
		}
		_, doc = admin.GetDoc(t, "/admin/audit?actor="+other.Email+"&action=auth.login", http.StatusOK)
		if n := doc.Find("#results table.audit-log tbody tr").Length(); n != 0 {
			t.Errorf("actor filter: %d rows, want 0 (the failure is anonymous)", n)
		}
		today := time.Now().UTC().Format("2006-01-02")
		_, doc = admin.GetDoc(t, "/admin/audit?from="+today+"&to="+today, http.StatusOK)
		if n := doc.Find("#results table.audit-log tbody tr").Length(); n == 0 {
			t.Error("date filter for today finds nothing")
		}
		for _, q := range []string{"from=yesterday", "to=2026-13-45", "actor=" + strings.Repeat("x", 201), "entity=%01"} {
			res := admin.Get(t, "/admin/audit?"+q)
			apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
			field := strings.SplitN(q, "=", 2)[0]
			apptest.WantFieldError(t, res.Doc(t), field)
		}
		res := admin.Get(t, "/admin/audit?cursor=bad")
		if res.StatusCode != http.StatusBadRequest && res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("bad cursor: %d", res.StatusCode)
		}
		uitest.CheckPage(t, res.Doc(t))

		// The verify button: a GET that works without JS…
		btn := uitest.Find(t, doc, `button[hx-get="/admin/audit?verify=1"]`)
		if target, _ := btn.Attr("hx-target"); target != "#verify-status" {
			t.Errorf("hx-target %q", target)
		}
		uitest.Find(t, doc, `form[action="/admin/audit"] input[name="verify"][value="1"]`)
		uitest.Find(t, doc, "#verify-progress.htmx-indicator")
		if doc.Find("#verify-status").Text() != "" {
			t.Error("the chain is checked without being asked")
		}
		_, doc = admin.GetDoc(t, "/admin/audit?verify=1", http.StatusOK)
		if got := uitest.Text(t, doc, "#verify-status"); !strings.Contains(got, "intact") {
			t.Errorf("verify status %q", got)
		}
		_, doc = admin.GetDoc(t, "/admin/audit?verify=1&limit=2", http.StatusOK)
		if next := uitest.Attr(t, doc, `.pager a[rel="next"]`, "href"); strings.Contains(next, "verify") || !strings.Contains(next, "limit=2") {
			t.Errorf("next page link %q", next)
		}
		// …and, over htmx, answers only the status region.
		res = admin.Get(t, "/admin/audit?verify=1", "HX-Request", "true", "HX-Target", "verify-status")
		apptest.WantStatus(t, res, http.StatusOK)
		if strings.Contains(res.Body, "<table") || !strings.Contains(res.Body, "intact") {
			t.Errorf("htmx verify answer: %s", apptest.Excerpt(res.Body))
		}

		// A tampered chain is reported broken, naming the entry.
		audittest.Unguard(t, e.DB)
		audittest.Exec(t, e.DB, `UPDATE audit_log SET actor_label = 'someone else' WHERE seq = 2`)
		_, doc = admin.GetDoc(t, "/admin/audit?verify=1", http.StatusOK)
		if got := uitest.Text(t, doc, "#verify-status"); !strings.Contains(got, "BROKEN") || !strings.Contains(got, "2") {
			t.Errorf("tampered chain: %q", got)
		}
	})
}
