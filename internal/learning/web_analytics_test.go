package learning_test

// The learning results pages through the real server on both engines:
// every language for each kind of reader, what each scope shows (an
// observer's suppressed figures read "fewer than 5", never 0; an ncp
// gets no survey figures; a trainer of another activity gets 404;
// participants and analysts are refused), the filters, sorting and
// paging of the table, and the downloads (CSV that parses, XLSX that
// opens, with the same suppression). The world is analytics_test.go's.

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/xuri/excelize/v2"

	"github.com/topcop-platform/topcop/internal/app/apptest"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/i18n"
	"github.com/topcop-platform/topcop/internal/tabular"
	"github.com/topcop-platform/topcop/internal/ui/uitest"
)

// figureOf is a headline figure's value and n on a results page.
func figureOf(doc *goquery.Document, id string) (value, n string) {
	s := doc.Find("#figure-" + id)
	return uitest.Squash(s.Find(".figure-value").Text()), uitest.Squash(s.Find(".figure-n").Text())
}

// chartData is a chart's text alternative: label → value.
func chartData(doc *goquery.Document, id string) map[string]string {
	out := map[string]string{}
	doc.Find("#" + id + " table.chart-data tbody tr").Each(func(_ int, tr *goquery.Selection) {
		out[uitest.Squash(tr.Find("th").Text())] = uitest.Squash(tr.Find("td").First().Text())
	})
	return out
}

// rowIDs are the activities of the results table, in order.
func rowIDs(doc *goquery.Document) []string {
	var out []string
	doc.Find("table.analytics-activities tbody tr").Each(func(_ int, tr *goquery.Selection) {
		out = append(out, tr.AttrOr("data-activity", ""))
	})
	return out
}

// TestAnalyticsPagesRender renders the portfolio and an activity's page
// in every language for a coordinator, a trainer, an ncp and an
// observer: 200, the page's language, a heading, figures, charts with a
// text alternative, no accessibility or CSP problem, no message key on
// the page and none missing from the catalogues. The menu leads there
// for those who may read the results, not for a participant.
func TestAnalyticsPagesRender(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		w := seedAnalytics(t, e)
		readers := []struct {
			who   string
			c     *apptest.Client
			paths []string
		}{
			{"coordinator", e.SignIn(t, e.AccountFor(t, core.RoleCoordinator).Email), []string{"/learning/analytics", "/learning/analytics/activities/" + w.act1.ID,
				"/learning/analytics?country=UA&level=basic&sort=-gain", "/learning/analytics?from=2030-13-01"}},
			{"trainer", e.SignIn(t, "tudor.rusu@example.org"), []string{"/learning/analytics", "/learning/analytics/activities/" + w.act1.ID}},
			{"ncp", e.SignIn(t, e.AccountFor(t, core.RoleNCP).Email), []string{"/learning/analytics", "/learning/analytics/activities/" + w.act1.ID}},
			{"observer", e.SignIn(t, e.AccountFor(t, core.RoleObserver).Email), []string{"/learning/analytics", "/learning/analytics/activities/" + w.act1.ID,
				"/learning/analytics/activities/" + w.act2.ID}},
		}
		key := regexp.MustCompile(`learning\.[a-z_]+\.[a-z_.]*[a-z]`)
		for _, lang := range i18n.Languages {
			for _, r := range readers {
				r.c.Lang = lang.Code
				for _, path := range r.paths {
					want := http.StatusOK
					if strings.Contains(path, "2030-13-01") {
						want = http.StatusUnprocessableEntity
					}
					res, doc := r.c.GetDoc(t, path, want)
					where := lang.Code + " " + r.who + " " + path
					if got := doc.Find("html").AttrOr("lang", ""); got != lang.Code {
						t.Errorf("%s: <html lang=%q>", where, got)
					}
					if doc.Find("main h1").Length() != 1 {
						t.Errorf("%s: no heading", where)
					}
					for _, pr := range uitest.PageProblems(doc) {
						t.Errorf("%s: %s", where, pr)
					}
					if m := key.FindString(res.Body); m != "" {
						t.Errorf("%s: shows a message key: %s", where, m)
					}
					if want != http.StatusOK {
						apptest.WantFieldError(t, doc, "from")
						if doc.Find("#figures").Length() != 0 {
							t.Errorf("%s: figures beside a bad filter", where)
						}
						continue
					}
					if doc.Find("#figures .home-panel").Length() < 8 || doc.Find("#charts figure.chart").Length() < 5 {
						t.Errorf("%s: %d figures, %d charts", where, doc.Find("#figures .home-panel").Length(), doc.Find("#charts figure.chart").Length())
					}
					doc.Find("#charts figure.chart").Each(func(_ int, fig *goquery.Selection) {
						if fig.Find("svg[role=img]").Length() == 1 && (fig.Find("svg").AttrOr("aria-label", "") == "" || fig.Find("table.chart-data tbody tr").Length() == 0) {
							t.Errorf("%s: chart %s has no text alternative", where, fig.AttrOr("id", ""))
						}
					})
					if doc.Find(`nav a[href="/learning/analytics"]`).Length() == 0 {
						t.Errorf("%s: no menu entry", where)
					}
				}
			}
		}
		part := e.SignIn(t, "seat00@example.org")
		if _, doc := part.GetDoc(t, "/", http.StatusOK); doc.Find(`nav a[href="/learning/analytics"]`).Length() != 0 {
			t.Errorf("a participant's menu leads to the results")
		}
		uitest.CheckNoMissingMessages(t, e.Bundle)
	})
}

// TestAnalyticsPages: what each reader sees on the results pages, the
// filters, sorting and paging, against the seeded world's hand-computed
// figures.
func TestAnalyticsPages(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		w := seedAnalytics(t, e)
		coord := e.SignIn(t, e.AccountFor(t, core.RoleCoordinator).Email)
		obs := e.SignIn(t, e.AccountFor(t, core.RoleObserver).Email)
		ncp := e.SignIn(t, e.AccountFor(t, core.RoleNCP).Email)
		nino := e.SignIn(t, "nino.beridze@example.org")
		en := e.Bundle.Localizer("en")
		fewer := en.T("learning.analytics.fewer")

		t.Run("coordinator", func(t *testing.T) {
			_, doc := coord.GetDoc(t, "/learning/analytics", http.StatusOK)
			for id, want := range map[string][2]string{
				"participants":    {"23", ""},
				"completed":       {"11", "n = 17"},
				"pre":             {"54.7", "n = 11"},
				"gain-individual": {"0.514", "n = 7"},
				"gain-of-means":   {"0.485", "n = 8"},
				"satisfaction":    {"4.21 of 5", "n = 14"},
				"application":     {"71.4%", "n = 7"},
			} {
				if v, n := figureOf(doc, id); v != want[0] || n != want[1] {
					t.Errorf("figure %s: %q, %q; want %q, %q", id, v, n, want[0], want[1])
				}
			}
			if got := chartData(doc, "chart-country"); fmt.Sprint(got) != fmt.Sprint(map[string]string{"Georgia": "7", "Moldova": "12", "Ukraine": "4"}) {
				t.Errorf("by country: %v", got)
			}
			if got := chartData(doc, "chart-satisfaction"); got["5 — Strongly agree"] != "6" || got["2 — Disagree"] != "1" || got["1 — Strongly disagree"] != "0" {
				t.Errorf("satisfaction: %v", got)
			}
			if got := chartData(doc, "chart-means"); got["Pre-test, matched pairs"] != "57.5" || got["Post-test, matched pairs"] != "78.1" {
				t.Errorf("means: %v", got)
			}
			// Gain by country, gain of the means: Georgia's 4 pairs
			// 40→70, 50→75 (act1), 50→80, 60→70 (act2): 50 → 73.75:
			// 23.75/50.
			if got := chartData(doc, "chart-gain"); got["Georgia"] != "0.475" || got["Ukraine"] != "0.750" {
				t.Errorf("gain by country: %v", got)
			}
			if ids := rowIDs(doc); !slices.Equal(ids, []string{w.act1.ID, w.act2.ID, w.act3.ID}) {
				t.Errorf("rows %v", ids)
			}
			if n := doc.Find("#downloads a").Length(); n != 12 {
				t.Errorf("%d download links", n)
			}
			// Sorting: by participants, most first; by satisfaction, act3
			// (no answers) last either way.
			_, doc = coord.GetDoc(t, "/learning/analytics?sort=-participants", http.StatusOK)
			if ids := rowIDs(doc); !slices.Equal(ids, []string{w.act1.ID, w.act3.ID, w.act2.ID}) {
				t.Errorf("by participants: %v", ids)
			}
			for _, sort := range []string{"satisfaction", "-satisfaction"} {
				_, doc = coord.GetDoc(t, "/learning/analytics?sort="+sort, http.StatusOK)
				if ids := rowIDs(doc); len(ids) != 3 || ids[2] != w.act3.ID {
					t.Errorf("by %s: %v", sort, ids)
				}
			}
			// Paging: the cursor is the position of the first row.
			_, doc = coord.GetDoc(t, "/learning/analytics?cursor=1", http.StatusOK)
			if ids := rowIDs(doc); !slices.Equal(ids, []string{w.act2.ID, w.act3.ID}) || !strings.Contains(doc.Find(".pager-status").Text(), "2–3 of 3") {
				t.Errorf("second page: %v, %q", ids, doc.Find(".pager-status").Text())
			}
			// Filters: the form keeps them, the rows follow.
			_, doc = coord.GetDoc(t, "/learning/analytics?level=advanced", http.StatusOK)
			if ids := rowIDs(doc); !slices.Equal(ids, []string{w.act2.ID}) || doc.Find(`#field-level option[selected]`).AttrOr("value", "") != "advanced" {
				t.Errorf("advanced: %v", ids)
			}
			_, doc = coord.GetDoc(t, "/learning/analytics?country=ua", http.StatusOK)
			if v, _ := figureOf(doc, "participants"); v != "4" || !strings.Contains(doc.Find(".analytics-note").Text(), "no country") {
				t.Errorf("Ukraine: %q participants, notes %q", v, doc.Find(".analytics-note").Text())
			}
			_, doc = coord.GetDoc(t, "/learning/analytics?from=2030-05-01&to=2030-04-01", http.StatusUnprocessableEntity)
			apptest.WantFieldError(t, doc, "to")
			// One activity.
			_, doc = coord.GetDoc(t, "/learning/analytics/activities/"+w.act1.ID, http.StatusOK)
			if v, n := figureOf(doc, "satisfaction"); v != "4.42 of 5" || n != "n = 12" {
				t.Errorf("act1 satisfaction: %q, %q", v, n)
			}
			if doc.Find(`#activity-facts a[href="/training/activities/`+w.act1.ID+`"]`).Length() != 1 {
				t.Errorf("act1: no link to the activity")
			}
			coord.GetDoc(t, "/learning/analytics/activities/"+core.NewID(), http.StatusNotFound)
		})

		t.Run("observer", func(t *testing.T) {
			_, doc := obs.GetDoc(t, "/learning/analytics/activities/"+w.act1.ID, http.StatusOK)
			if v, _ := figureOf(doc, "participants"); v != "14" {
				t.Errorf("participants %q", v)
			}
			for _, id := range []string{"completed", "gain-individual", "application"} {
				if v, _ := figureOf(doc, id); v != fewer || doc.Find("#figure-"+id+" strong.suppressed").Length() != 1 {
					t.Errorf("%s: %q, want %q", id, v, fewer)
				}
			}
			if got := chartData(doc, "chart-country"); fmt.Sprint(got) != fmt.Sprint(map[string]string{"Georgia": fewer, "Moldova": "6", "Ukraine": fewer}) {
				t.Errorf("by country: %v", got)
			}
			if got := chartData(doc, "chart-satisfaction"); got["3 — Neither agree nor disagree"] != fewer || got["4 — Agree"] != fewer || got["5 — Strongly agree"] != "6" {
				t.Errorf("satisfaction: %v", got)
			}
			// A suppressed group has no bar and says so in its label.
			label := uitest.Squash(doc.Find("#chart-country svg .chart-row").Last().Text())
			if !strings.Contains(label, fewer) || doc.Find("#chart-country svg .chart-row").Last().Find("rect.chart-bar").Length() != 0 {
				t.Errorf("a suppressed bar: %q", label)
			}
			// act2 has 3 participants: everything is withheld.
			_, doc = obs.GetDoc(t, "/learning/analytics/activities/"+w.act2.ID, http.StatusOK)
			if v, _ := figureOf(doc, "participants"); v != fewer {
				t.Errorf("act2 participants %q", v)
			}
			// The portfolio's rows: act2 and, as its complement, act3.
			_, doc = obs.GetDoc(t, "/learning/analytics", http.StatusOK)
			doc.Find("table.analytics-activities tbody tr").Each(func(_ int, tr *goquery.Selection) {
				got := uitest.Squash(tr.Find("td").Eq(2).Text())
				want := fewer
				if tr.AttrOr("data-activity", "") == w.act1.ID {
					want = "14"
				}
				if got != want {
					t.Errorf("row %s: participants %q, want %q", tr.AttrOr("data-activity", ""), got, want)
				}
			})
			if !strings.Contains(doc.Find(".analytics-note").Text(), "fewer than 5") {
				t.Errorf("no note on suppression: %q", doc.Find(".analytics-note").Text())
			}
		})

		t.Run("ncp", func(t *testing.T) {
			_, doc := ncp.GetDoc(t, "/learning/analytics/activities/"+w.act1.ID, http.StatusOK)
			if v, _ := figureOf(doc, "participants"); v != "5" {
				t.Errorf("Georgia on act1: %q", v)
			}
			if doc.Find("#figure-satisfaction, #figure-application, #chart-satisfaction").Length() != 0 {
				t.Errorf("an ncp sees survey figures")
			}
			if !strings.Contains(doc.Find(".analytics-note").Text(), en.T("learning.analytics.note.withheld")) {
				t.Errorf("no note on the withheld surveys")
			}
		})

		t.Run("refused", func(t *testing.T) {
			nino.GetDoc(t, "/learning/analytics/activities/"+w.act1.ID, http.StatusNotFound)
			for _, email := range []string{"seat00@example.org", e.AccountFor(t, core.RoleAnalyst).Email} {
				c := e.SignIn(t, email)
				for _, path := range []string{"/learning/analytics", "/learning/analytics/activities/" + w.act1.ID,
					"/learning/analytics/export?table=figures&file=csv"} {
					if res := c.Get(t, path); res.StatusCode != http.StatusForbidden {
						t.Errorf("%s %s: %d", email, path, res.StatusCode)
					}
				}
			}
			if res := e.NewClient().Get(t, "/learning/analytics"); res.StatusCode != http.StatusSeeOther && res.StatusCode != http.StatusUnauthorized {
				t.Errorf("anonymous: %d", res.StatusCode)
			}
		})
	})
}

// download fetches a table and reads it: CSV with tabular.Read (rows by
// their first cell), XLSX with excelize (its first sheet's rows).
func download(t *testing.T, c *apptest.Client, path string) (header []string, rows map[string][]string) {
	t.Helper()
	res := c.Get(t, path)
	apptest.WantStatus(t, res, http.StatusOK)
	if cd := res.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, `attachment; filename="topcop-learning-`) {
		t.Errorf("%s: Content-Disposition %q", path, cd)
	}
	q, _ := url.ParseQuery(path[strings.Index(path, "?")+1:])
	var all [][]string
	switch q.Get("file") {
	case "csv":
		if ct := res.Header.Get("Content-Type"); ct != tabular.ContentType(tabular.CSV) {
			t.Errorf("%s: Content-Type %q", path, ct)
		}
		tab, err := tabular.Read(strings.NewReader(res.Body), tabular.CSV)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		all = append(all, tab.Header)
		for _, r := range tab.Rows {
			var row []string
			for _, h := range tab.Header {
				row = append(row, r.Cells[h])
			}
			all = append(all, row)
		}
	case "xlsx":
		x, err := excelize.OpenReader(bytes.NewReader([]byte(res.Body)))
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		defer x.Close()
		if all, err = x.GetRows(x.GetSheetList()[0]); err != nil {
			t.Fatal(err)
		}
	}
	if len(all) == 0 {
		t.Fatalf("%s: empty", path)
	}
	rows = map[string][]string{}
	for _, r := range all[1:] {
		rows[r[0]] = r
	}
	return all[0], rows
}

// TestAnalyticsExports: each table of the portfolio and of an activity
// downloads as CSV that parses and XLSX that opens, with the figures of
// the page: the same filters, scope and suppression ("fewer than 5",
// never the number), recorded in the audit log.
func TestAnalyticsExports(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		w := seedAnalytics(t, e)
		coord := e.SignIn(t, e.AccountFor(t, core.RoleCoordinator).Email)
		obs := e.SignIn(t, e.AccountFor(t, core.RoleObserver).Email)
		fewer := e.Bundle.Localizer("en").T("learning.analytics.fewer")

		for _, file := range []string{"csv", "xlsx"} {
			// The activities, by start date, for staff.
			header, rows := download(t, coord, "/learning/analytics/export?table=activities&file="+file)
			if len(rows) != 3 || len(header) != 22 || !slices.Contains(header, "Participants") && !slices.Contains(header, "participants") {
				t.Errorf("%s activities: %v, %d rows", file, header, len(rows))
			}
			at := slices.IndexFunc(header, func(h string) bool { return strings.EqualFold(h, "participants") })
			if r := rows["2030-03-04"]; len(r) != len(header) || r[at] != "14" || r[2] != "CYB-101" {
				t.Errorf("%s act1 row: %v", file, r)
			}
			// The observer's: act2 and act3 withheld, act1 shown.
			_, rows = download(t, obs, "/learning/analytics/export?table=activities&file="+file)
			if rows["2030-03-04"][at] != "14" || rows["2030-05-10"][at] != fewer || rows["2030-06-01"][at] != fewer {
				t.Errorf("%s observer's activities: %v", file, rows)
			}
			// Countries: the observer's Georgia (7) and Ukraine (4) are
			// withheld, Moldova shown; the filter applies.
			_, rows = download(t, obs, "/learning/analytics/export?table=country&file="+file)
			if rows["MD"][2] != "12" || rows["GE"][2] != fewer || rows["UA"][2] != fewer {
				t.Errorf("%s observer's countries: %v", file, rows)
			}
			_, rows = download(t, coord, "/learning/analytics/export?table=country&level=advanced&file="+file)
			if len(rows) != 2 || rows["GE"][2] != "2" || rows["UA"][2] != "1" {
				t.Errorf("%s advanced countries: %v", file, rows)
			}
			// The figures and the satisfaction of one activity.
			_, rows = download(t, coord, "/learning/analytics/activities/"+w.act1.ID+"/export?table=figures&file="+file)
			if len(rows) != 12 || rows["Satisfaction"][1] != "4.42" || rows["Satisfaction"][2] != "12" || rows["Completed"][1] != "10" {
				t.Errorf("%s act1 figures: %v", file, rows)
			}
			_, rows = download(t, obs, "/learning/analytics/activities/"+w.act1.ID+"/export?table=satisfaction&file="+file)
			if rows["5"][2] != "6" || rows["4"][2] != fewer || rows["3"][2] != fewer || rows["1"][2] != "0" {
				t.Errorf("%s observer's act1 satisfaction: %v", file, rows)
			}
		}
		// Another language: its headings (as tabular.Read normalises
		// them: lower case, "_" for spaces).
		coord.Lang = "uk"
		header, _ := download(t, coord, "/learning/analytics/export?table=figures&file=csv")
		if uk := e.Bundle.Localizer("uk").T("learning.analytics.column.figure"); header[0] != strings.ReplaceAll(strings.ToLower(uk), " ", "_") {
			t.Errorf("uk heading %q, want %q", header[0], uk)
		}
		coord.Lang = "en"
		// No such table or file: 404; a bad filter: 422.
		for path, want := range map[string]int{
			"/learning/analytics/export?table=people&file=csv":                                   http.StatusNotFound,
			"/learning/analytics/export?table=figures&file=pdf":                                  http.StatusNotFound,
			"/learning/analytics/activities/" + w.act1.ID + "/export?table=activities&file=csv":  http.StatusNotFound,
			"/learning/analytics/export?table=figures&file=csv&level=expert":                     http.StatusUnprocessableEntity,
			"/learning/analytics/activities/" + core.NewID() + "/export?table=figures&file=xlsx": http.StatusNotFound,
		} {
			if res := coord.Get(t, path); res.StatusCode != want {
				t.Errorf("%s: %d, want %d", path, res.StatusCode, want)
			}
		}
		if n := strings.Count(strings.Join(e.AuditActions(t), " "), "learning.analytics_export"); n < 10 {
			t.Errorf("%d exports in the audit log", n)
		}
	})
}

// TestBrowserAnalytics: the results pages on a phone's screen (390 ×
// 844) in a real browser: nothing scrolls sideways (the table becomes
// cards), the filter form works with the keyboard alone, and a chart's
// figures can be reached by keyboard.
func TestBrowserAnalytics(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		w := seedAnalytics(t, e)
		b := apptest.OpenBrowser(t)
		b.Viewport(390, 844)
		b.SignIn(e, e.AccountFor(t, core.RoleObserver).Email)
		layout := func(where string) {
			t.Helper()
			for _, problem := range b.MeasureLayout().Problems() {
				t.Errorf("%s at 390 px: %s", where, problem)
			}
		}
		for _, path := range []string{"/learning/analytics", "/learning/analytics/activities/" + w.act1.ID} {
			b.Open(e, path)
			layout(path)
		}
		b.Open(e, "/learning/analytics")
		// Filter with the keyboard: unfold the filters (folded on a
		// phone), choose the level, then Enter on the button.
		b.Run("open the filters with the keyboard", chromedp.Focus(chromedp.CSS(`.filters-toggle`)), chromedp.KeyEvent(kb.Enter),
			chromedp.WaitVisible(chromedp.CSS(`#field-level`)))
		b.Run("filter by level with the keyboard",
			chromedp.Focus(chromedp.CSS(`#field-level`)),
			chromedp.SetValue(chromedp.CSS(`#field-level`), "advanced"),
			chromedp.Focus(chromedp.CSS(`form.filters button[type=submit]`)),
			chromedp.KeyEvent(kb.Enter),
		)
		waitUntil(t, b, `location.search.indexOf("level=advanced") >= 0 && document.readyState === "complete"`)
		var rows []string
		b.Eval("read the rows", `Array.from(document.querySelectorAll("table.analytics-activities tbody tr")).map(r => r.dataset.activity)`, &rows)
		if !slices.Equal(rows, []string{w.act2.ID}) {
			var url string
			b.Eval("where", `location.href`, &url)
			t.Errorf("after filtering by level at %s: rows %v", url, rows)
		}
		layout("filtered")
		// A chart's data table shows when focus reaches it.
		var shown bool
		b.Eval("focus a chart's table", `(function(){ var t = document.querySelector("#chart-means table.chart-data"); t.tabIndex = 0; t.focus();
			return t.getBoundingClientRect().height > 1; })()`, &shown)
		if !shown {
			t.Errorf("a chart's data table does not show on focus")
		}
	})
}

// waitUntil evaluates the JavaScript condition js afresh until it holds
// (20 s at most): a navigation in progress destroys the page's context,
// which is an error to wait out.
func waitUntil(t *testing.T, b *apptest.Browser, js string) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		ctx, cancel := context.WithTimeout(b.Ctx, 2*time.Second)
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js))
		cancel()
		if err == nil && ok {
			return
		}
	}
	t.Fatalf("still not %s after 20 s", js)
}
