package web_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/topcop-platform/topcop/internal/app/apptest"
	"github.com/topcop-platform/topcop/internal/audit"
	"github.com/topcop-platform/topcop/internal/audit/audittest"
	"github.com/topcop-platform/topcop/internal/core"
)

func TestAPIAudit(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		admin := e.APIToken(t, e.AccountFor(t, core.RoleAdmin).Email)
		user := e.APIToken(t, e.AccountFor(t, core.RoleCoordinator).Email)

		res := e.DoJSON(t, http.MethodGet, "/api/v1/audit?limit=2", admin, nil)
		apptest.WantStatus(t, res, http.StatusOK)
		var page struct {
			Items []audit.Entry `json:"items"`
			Total int           `json:"total"`
			Next  string        `json:"next"`
		}
		res.JSON(t, &page)
		if len(page.Items) != 2 || page.Total < 4 || page.Next == "" || page.Items[0].Seq <= page.Items[1].Seq {
			t.Fatalf("page 1: %s", res.Body)
		}
		res = e.DoJSON(t, http.MethodGet, "/api/v1/audit?limit=2&cursor="+page.Next, admin, nil)
		var page2 struct {
			Items []audit.Entry `json:"items"`
		}
		res.JSON(t, &page2)
		if len(page2.Items) == 0 || page2.Items[0].Seq >= page.Items[1].Seq {
			t.Errorf("page 2 does not continue page 1: %s", res.Body)
		}

		res = e.DoJSON(t, http.MethodGet, "/api/v1/audit?action=auth.token.create&from="+time.Now().UTC().Format("2006-01-02"), admin, nil)
		res.JSON(t, &page)
		if page.Total != 2 {
			t.Errorf("filtered: %d entries, want 2 (one token each)", page.Total)
		}
		for _, it := range page.Items {
			if it.Action != "auth.token.create" {
				t.Errorf("filter leaked %s", it.Action)
			}
		}
		for _, q := range []string{"from=yesterday", "to=2026-02-30", "cursor=garbage", "limit=9999"} {
			res := e.DoJSON(t, http.MethodGet, "/api/v1/audit?"+q, admin, nil)
			if res.StatusCode != http.StatusUnprocessableEntity && res.StatusCode != http.StatusBadRequest {
				t.Errorf("%s: %d", q, res.StatusCode)
			}
			res.Problem(t)
		}

		res = e.DoJSON(t, http.MethodGet, "/api/v1/audit/verify", admin, nil)
		apptest.WantStatus(t, res, http.StatusOK)
		var v struct {
			OK      bool   `json:"ok"`
			Entries int64  `json:"entries"`
			Bad     int64  `json:"bad"`
			Problem string `json:"problem"`
		}
		res.JSON(t, &v)
		if !v.OK || v.Entries < 4 || v.Bad != 0 {
			t.Errorf("verify %s", res.Body)
		}

		for _, p := range []string{"/api/v1/audit", "/api/v1/audit/verify"} {
			if res := e.DoJSON(t, http.MethodGet, p, user, nil); res.StatusCode != http.StatusForbidden {
				t.Errorf("coordinator %s: %d", p, res.StatusCode)
			}
			if res := e.DoJSON(t, http.MethodGet, p, "", nil); res.StatusCode != http.StatusUnauthorized {
				t.Errorf("anonymous %s: %d", p, res.StatusCode)
			}
		}

		audittest.Unguard(t, e.DB)
		audittest.Exec(t, e.DB, `DELETE FROM audit_log WHERE seq = 3`)
		res = e.DoJSON(t, http.MethodGet, "/api/v1/audit/verify", admin, nil)
		res.JSON(t, &v)
		if v.OK || v.Bad != 3 || v.Problem == "" {
			t.Errorf("after deleting entry 3: %s", res.Body)
		}
	})
}
