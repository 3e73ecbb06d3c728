package mytraining_test

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/topcop-platform/topcop/internal/app/apptest"
	"github.com/topcop-platform/topcop/internal/certs/cert"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/i18n"
	"github.com/topcop-platform/topcop/internal/mytraining"
	"github.com/topcop-platform/topcop/internal/ui/uitest"
	"github.com/topcop-platform/topcop/internal/web"
)

// column reads one column of a query, sorted.
func column(t testing.TB, e *apptest.Env, query string, args ...any) []string {
	t.Helper()
	rows, err := e.DB.Query(context.Background(), query, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := []string{}
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

func count(t testing.TB, e *apptest.Env, query string, args ...any) int {
	t.Helper()
	var n int
	if err := e.DB.QueryRow(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// demoParticipants are two demo people who hold certificates and took
// tests, answered surveys and were marked present: the ones with the most
// certificates. Each gets a participant account linked to them.
type demoParticipant struct {
	personID, email, token string
	nominations, codes     []string
}

func demoParticipants(t *testing.T, e *apptest.Env) (demoParticipant, demoParticipant) {
	t.Helper()
	people := column(t, e, `SELECT c.person_id FROM certificates c
		WHERE EXISTS (SELECT 1 FROM submissions s WHERE s.person_id = c.person_id)
			AND EXISTS (SELECT 1 FROM survey_respondents r WHERE r.person_id = c.person_id)
			AND EXISTS (SELECT 1 FROM attendance a WHERE a.person_id = c.person_id)
		GROUP BY c.person_id HAVING count(*) >= 2`)
	if len(people) < 2 {
		t.Fatalf("the demo data has %d people with certificates, tests, surveys and attendance; want 2", len(people))
	}
	var out []demoParticipant
	for i, id := range people[:2] {
		p := demoParticipant{personID: id, email: "demo-participant-" + string(rune('a'+i)) + "@example.org"}
		acc := e.CreateAccount(t, p.email, apptest.RoleGrant(core.RoleParticipant))
		e.LinkPerson(t, acc, id)
		p.token = e.APIToken(t, p.email)
		p.nominations = column(t, e, `SELECT id FROM nominations WHERE person_id = ?`, id)
		for _, c := range column(t, e, `SELECT code FROM certificates WHERE person_id = ?`, id) {
			p.codes = append(p.codes, cert.FormatCode(c))
		}
		slices.Sort(p.codes)
		out = append(out, p)
	}
	return out[0], out[1]
}

// TestMyTraining runs on the demo data, on both engines: a participant's
// page and API show their own nominations and certificates (with links
// that work) and nobody else's; the export holds everything on them and
// nothing on anyone else, no secret, and is audited; an account linked to
// no person gets a clear page; the pages read in all seven languages; and
// the route × role matrix over My training's routes.
func TestMyTraining(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		e.LoadDemo(t)
		p, q := demoParticipants(t, e)

		t.Run("the page's data is the person's own", func(t *testing.T) {
			res := e.DoJSON(t, http.MethodGet, "/api/v1/me/training?lang=ro", p.token, nil)
			apptest.WantStatus(t, res, http.StatusOK)
			var ov mytraining.Overview
			res.JSON(t, &ov)
			if !ov.Linked || ov.Person == nil || ov.Person.ID != p.personID {
				t.Fatalf("linked %v, person %+v", ov.Linked, ov.Person)
			}
			var noms, codes []string
			for _, n := range ov.Nominations {
				noms = append(noms, n.ID)
			}
			for _, c := range ov.Certificates {
				codes = append(codes, c.Code)
				if c.PDFURL != "/certificates/"+c.Code+".pdf" || c.BadgeURL != "/certificates/"+c.Code+"/badge.json" || c.ShareURL != "/verify/"+c.Code {
					t.Errorf("certificate links: %+v", c)
				}
			}
			slices.Sort(noms)
			slices.Sort(codes)
			if !slices.Equal(noms, p.nominations) {
				t.Errorf("nominations %v, want the person's %v", noms, p.nominations)
			}
			if !slices.Equal(codes, p.codes) {
				t.Errorf("certificates %v, want the person's %v", codes, p.codes)
			}
			for _, id := range append(slices.Clone(q.nominations), q.codes...) {
				if strings.Contains(res.Body, id) {
					t.Errorf("another person's nomination or certificate %s is on the page's data", id)
				}
			}
		})

		t.Run("the page", func(t *testing.T) {
			c := e.SignIn(t, p.email)
			_, doc := c.GetDoc(t, "/my/training", http.StatusOK)
			if n := doc.Find("#nomination-list > li").Length(); n != len(p.nominations) {
				t.Errorf("%d nominations listed, want %d", n, len(p.nominations))
			}
			for i, code := range p.codes {
				li := doc.Find("#certificate-" + code)
				for _, link := range []string{"a.certificate-pdf", "a.certificate-badge", "a.certificate-share"} {
					href, _ := li.Find(link).Attr("href")
					if href == "" {
						t.Fatalf("certificate %s has no %s", code, link)
					}
					if i > 0 {
						continue // one certificate's links are fetched
					}
					if res := c.Get(t, href); res.StatusCode != http.StatusOK {
						t.Errorf("certificate %s: %s %s answers %d", code, link, href, res.StatusCode)
					}
				}
			}
			if href := uitest.Attr(t, doc, "#download-data", "href"); href != "/my/training/data.json" {
				t.Errorf("download link %q", href)
			}
			for _, prob := range uitest.PageProblems(doc) {
				t.Error(prob)
			}
		})

		t.Run("the export holds the person's data only, no secret, audited", func(t *testing.T) {
			exports := func() int {
				return count(t, e, `SELECT count(*) FROM audit_log WHERE action = 'mytraining.data.export' AND entity_id = ?`, e.Account(t, p.email).ID)
			}
			before := exports()
			res := e.DoJSON(t, http.MethodGet, "/api/v1/me/data", p.token, nil)
			apptest.WantStatus(t, res, http.StatusOK)
			var d mytraining.PersonalData
			res.JSON(t, &d)
			if d.Format != mytraining.DataFormat || d.Account.Email != p.email || d.Person == nil || d.Person.ID != p.personID || d.SurveyAnswers == "" {
				t.Fatalf("export: format %q, account %+v, person %+v, survey note %q", d.Format, d.Account, d.Person, d.SurveyAnswers)
			}
			for _, n := range d.Nominations {
				if n.PersonID != p.personID || len(n.History) == 0 {
					t.Errorf("nomination %s of %s with %d steps", n.ID, n.PersonID, len(n.History))
				}
			}
			for _, c := range d.Certificates {
				if c.PersonID != p.personID {
					t.Errorf("certificate %s of %s", c.Code, c.PersonID)
				}
			}
			want := map[string][2]int{
				"nominations":      {len(d.Nominations), len(p.nominations)},
				"attendance":       {len(d.Attendance), count(t, e, `SELECT count(*) FROM attendance WHERE person_id = ?`, p.personID)},
				"test submissions": {len(d.TestSubmissions), count(t, e, `SELECT count(*) FROM submissions WHERE person_id = ?`, p.personID)},
				"surveys answered": {len(d.SurveysAnswered), count(t, e, `SELECT count(*) FROM survey_respondents WHERE person_id = ?`, p.personID)},
				"certificates":     {len(d.Certificates), len(p.codes)},
			}
			for what, n := range want {
				if n[0] != n[1] || n[1] == 0 {
					t.Errorf("%s: %d exported, the person has %d", what, n[0], n[1])
				}
			}
			lower := strings.ToLower(res.Body)
			for _, secret := range []string{"password", "totp_secret", "_hash", "recovery_code", "token"} {
				if strings.Contains(lower, secret) {
					t.Errorf("the export mentions %q", secret)
				}
			}
			for _, id := range append(slices.Clone(q.nominations), q.codes...) {
				if strings.Contains(res.Body, id) {
					t.Errorf("another person's nomination or certificate %s is in the export", id)
				}
			}
			// The download from the page: the same, as an attachment.
			c := e.SignIn(t, p.email)
			dl := c.Get(t, "/my/training/data.json")
			apptest.WantStatus(t, dl, http.StatusOK)
			if cd := dl.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") || !strings.Contains(cd, ".json") {
				t.Errorf("Content-Disposition %q", cd)
			}
			var d2 mytraining.PersonalData
			if err := json.Unmarshal([]byte(dl.Body), &d2); err != nil || d2.Person == nil || d2.Person.ID != p.personID {
				t.Errorf("the downloaded file: %v", err)
			}
			if n := exports() - before; n != 2 {
				t.Errorf("%d exports recorded, want 2", n)
			}
		})

		t.Run("an account linked to no person", func(t *testing.T) {
			acc := e.AccountFor(t, core.RoleObserver)
			c := e.SignIn(t, acc.Email)
			_, doc := c.GetDoc(t, "/my/training", http.StatusOK)
			if doc.Find("#not-linked").Length() != 1 || doc.Find("#nominations").Length() != 0 || doc.Find("#download-data").Length() != 1 {
				t.Errorf("the page of an account without a person:\n%s", apptest.Excerpt(doc.Text()))
			}
			res := e.DoJSON(t, http.MethodGet, "/api/v1/me/training", e.APIToken(t, acc.Email), nil)
			apptest.WantStatus(t, res, http.StatusOK)
			var ov mytraining.Overview
			res.JSON(t, &ov)
			if ov.Linked || ov.Person != nil || len(ov.Nominations)+len(ov.Certificates) != 0 {
				t.Errorf("overview without a person: %+v", ov)
			}
			res = e.DoJSON(t, http.MethodGet, "/api/v1/me/data", e.APIToken(t, acc.Email), nil)
			apptest.WantStatus(t, res, http.StatusOK)
			var d mytraining.PersonalData
			res.JSON(t, &d)
			if d.Person != nil || d.Account.Email != acc.Email || len(d.Nominations) != 0 {
				t.Errorf("export without a person: %+v", d)
			}
		})

		t.Run("every language", func(t *testing.T) {
			pc := e.SignIn(t, p.email)
			sc := e.SignIn(t, e.AccountFor(t, core.RoleCoordinator).Email)
			english := e.Bundle.Localizer("en")
			for _, lang := range i18n.Languages {
				l := e.Bundle.Localizer(lang.Code)
				for _, page := range []struct {
					c          *apptest.Client
					path, menu string
					title, nav string
				}{
					{pc, "/my/training", "/my/training", "mytraining.title", "mytraining.nav.mine"},
					{sc, "/my/training/corrections?status=all", "/my/training/corrections", "mytraining.corrections.title", "mytraining.nav.corrections"},
				} {
					page.c.Lang = lang.Code
					_, doc := page.c.GetDoc(t, page.path, http.StatusOK)
					h1 := uitest.Text(t, doc, "h1")
					if h1 != l.T(page.title) || (lang.Code != "en") == (h1 == english.T(page.title)) {
						t.Errorf("%s %s: heading %q", lang.Code, page.path, h1)
					}
					nav := `.primary-nav a[href="` + page.menu + `"]`
					if got := uitest.Squash(uitest.Text(t, doc, nav)); !strings.HasPrefix(got, l.T(page.nav)) {
						t.Errorf("%s: menu entry %q, want %q", lang.Code, got, l.T(page.nav))
					}
					for _, prob := range uitest.PageProblems(doc) {
						t.Errorf("%s %s: %s", lang.Code, page.path, prob)
					}
				}
			}
			uitest.CheckNoMissingMessages(t, e.Bundle)
		})

		t.Run("route × role matrix", func(t *testing.T) {
			res := apptest.RouteRoleMatrix(t, e, apptest.MatrixOptions{Only: mine})
			want := map[string]int{
				"anonymous GET /my/training":                          http.StatusSeeOther,
				"observer GET /my/training":                           http.StatusOK,
				"participant GET /my/training":                        http.StatusOK,
				"participant GET /my/training/corrections":            http.StatusForbidden,
				"observer GET /my/training/corrections":               http.StatusForbidden,
				"coordinator GET /my/training/corrections":            http.StatusOK,
				"participant GET /api/v1/me/data":                     http.StatusOK,
				"anonymous GET /api/v1/me/data":                       http.StatusUnauthorized,
				"participant GET /api/v1/corrections":                 http.StatusForbidden,
				"admin GET /api/v1/corrections":                       http.StatusOK,
				"participant (read-only) POST /api/v1/me/corrections": http.StatusForbidden,
			}
			for key, status := range want {
				if got, ok := res.Status[key]; !ok || got != status {
					t.Errorf("%s: %d (walked %v), want %d", key, got, ok, status)
				}
			}
		})
	})
}

// mine selects My training's routes.
func mine(r web.Route) bool {
	for _, prefix := range []string{"/my/", "/api/v1/me/training", "/api/v1/me/data", "/api/v1/me/corrections", "/api/v1/corrections"} {
		if strings.HasPrefix(r.Pattern, prefix) {
			return true
		}
	}
	return false
}
