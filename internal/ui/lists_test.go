package ui_test

import (
	"net/http/httptest"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/ui"
	"github.com/topcop-platform/topcop/internal/ui/uitest"
)

// listPage is a list as a capability draws it: a table whose Name and
// Country headings sort it, and the pager of a core.List.
const listPage = `
{{define "content"}}
{{- $d := .Page.Data}}
{{template "tablestart" dict "L" .L "Items" $d.Items "Caption" "People" "Query" .Query "Sort" $d.Sort "Columns" (list (col "Name" "" "name") (col "Country" "" "country") "Position" (col "Age" "num"))}}
{{- range $d.Items}}<tr><th scope="row">{{.}}</th><td></td><td></td><td class="num"></td></tr>{{end}}
{{template "tableend" dict "L" .L "Items" $d.Items}}
{{template "pager" dict "L" .L "Query" .Query "List" $d "Target" "#results"}}
{{end}}
`

type listData struct {
	core.List[string]
	Sort string
}

func renderList(t *testing.T, lang, target string, d listData) *goquery.Document {
	t.Helper()
	r, b := uitest.NewMenuRenderer(t, testMenu, testModule(map[string]string{"test/list.html": listPage}))
	rec := httptest.NewRecorder()
	r.Render(rec, uitest.Request("GET", target, lang), 200, "test/list.html", ui.Page{Title: "List", Data: d})
	if rec.Code != 200 {
		t.Fatalf("status %d: %s", rec.Code, rec.Body.String())
	}
	doc := uitest.Doc(t, rec.Body.String())
	uitest.CheckPage(t, doc)
	uitest.CheckNoMissingMessages(t, b)
	return doc
}

func page(start, n, total int, prev, next string) core.List[string] {
	l := core.List[string]{Total: total, Start: start, Prev: prev, Next: next}
	for i := range n {
		l.Items = append(l.Items, string(rune('a'+i%26)))
	}
	return l
}

// TestPagerRange: a page of a list that knows its position says which rows
// it shows ("51–100 of 1 234", numbers in the language's format) and links
// to the first, previous and next pages, keeping the query.
func TestPagerRange(t *testing.T) {
	doc := renderList(t, "ru", "/directory/people?q=ivan&cursor=c1&sort=-name", listData{List: page(51, 50, 1234, "p1", "n1"), Sort: "-name"})
	if got := uitest.Text(t, doc, ".pager-status"); got != "Показано 51–100 из 1\u00a0234 результатов" {
		t.Errorf("status %q", got)
	}
	links := doc.Find(".pager-links a")
	var texts, hrefs []string
	links.Each(func(_ int, s *goquery.Selection) {
		h, _ := s.Attr("href")
		texts, hrefs = append(texts, uitest.Squash(s.Text())), append(hrefs, h)
	})
	wantTexts := []string{"Первая страница", "Предыдущая страница", "Следующая страница"}
	wantHrefs := []string{"?q=ivan&sort=-name", "?cursor=p1&q=ivan&sort=-name", "?cursor=n1&q=ivan&sort=-name"}
	if len(texts) != 3 || texts[0] != wantTexts[0] || texts[1] != wantTexts[1] || texts[2] != wantTexts[2] {
		t.Errorf("links %q, want %q", texts, wantTexts)
	}
	if len(hrefs) != 3 || hrefs[0] != wantHrefs[0] || hrefs[1] != wantHrefs[1] || hrefs[2] != wantHrefs[2] {
		t.Errorf("hrefs %q, want %q", hrefs, wantHrefs)
	}
	if got := uitest.Attr(t, doc, `.pager a[rel="prev"]`, "hx-get"); got != wantHrefs[1] {
		t.Errorf("previous hx-get %q", got)
	}

	// The last page, reached forward: no next; "1 of 1".
	doc = renderList(t, "en", "/x?cursor=c9", listData{List: page(1201, 34, 1234, "p9", "")})
	if got := uitest.Text(t, doc, ".pager-status"); got != "Showing 1,201–1,234 of 1,234 results" {
		t.Errorf("last page status %q", got)
	}
	if doc.Find(`.pager a[rel="next"]`).Length() != 0 || doc.Find(`.pager a[rel="prev"]`).Length() != 1 {
		t.Error("last page: want a previous link and no next")
	}
	doc = renderList(t, "en", "/x", listData{List: page(1, 1, 1, "", "")})
	if got := uitest.Text(t, doc, ".pager-status"); got != "Showing 1–1 of 1 result" {
		t.Errorf("one row %q", got)
	}

	// The first page reached backwards (a cursor, position 1): neither
	// "first" nor "previous".
	doc = renderList(t, "en", "/x?cursor=p1", listData{List: page(1, 50, 172, "", "n1")})
	if n := doc.Find(".pager-links a").Length(); n != 1 || doc.Find(`.pager a[rel="next"]`).Length() != 1 {
		t.Errorf("first page reached backwards: %d links, want only next", n)
	}

	// A position unknown (a list that pages forward only, an old
	// cursor): the count as before, and the first page link.
	doc = renderList(t, "uk", "/x?cursor=old", listData{List: page(0, 50, 172, "", "n1")})
	if got := uitest.Text(t, doc, ".pager-status"); got != "Показано 50 з 172 результатів" {
		t.Errorf("unknown position: %q", got)
	}
	if doc.Find(".pager-links a").Length() != 2 || doc.Find(`.pager a[rel="prev"]`).Length() != 0 {
		t.Error("unknown position: want first and next")
	}
}

// TestSortableHeadings: a heading with a sort key links to the list sorted
// by it (the other way round when it already is), keeping the filters and
// dropping the cursor; the heading the list is sorted by has aria-sort and
// an arrow with a localised label; other headings stay plain text.
func TestSortableHeadings(t *testing.T) {
	doc := renderList(t, "ro", "/directory/people?q=ana&country=MD&cursor=c2", listData{List: page(51, 3, 60, "p", ""), Sort: "name"})
	name := uitest.Find(t, doc, "thead th:nth-child(1)")
	if v, _ := name.Attr("aria-sort"); v != "ascending" {
		t.Errorf("name aria-sort %q", v)
	}
	if href, _ := name.Find("a").Attr("href"); href != "?country=MD&q=ana&sort=-name" {
		t.Errorf("name href %q", href)
	}
	arrow := name.Find(".sort-arrow")
	if v, _ := arrow.Attr("aria-label"); arrow.Length() != 1 || v != "sortat crescător" || arrow.Text() != "▲" {
		t.Errorf("arrow %q %q", arrow.Text(), v)
	}
	country := uitest.Find(t, doc, "thead th:nth-child(2)")
	if _, ok := country.Attr("aria-sort"); ok || country.Find(".sort-arrow").Length() != 0 {
		t.Error("the country heading claims the sort")
	}
	if href, _ := country.Find("a").Attr("href"); href != "?country=MD&q=ana&sort=country" {
		t.Errorf("country href %q", href)
	}
	if doc.Find("thead th:nth-child(3) a, thead th:nth-child(4) a").Length() != 0 {
		t.Error("a heading without a sort key is a link")
	}
	if cl, _ := doc.Find("thead th:nth-child(4)").Attr("class"); cl != "num" {
		t.Errorf("class %q of a heading with a class only", cl)
	}

	doc = renderList(t, "en", "/x?sort=-country", listData{List: page(1, 3, 3, "", ""), Sort: "-country"})
	country = uitest.Find(t, doc, "thead th:nth-child(2)")
	if v, _ := country.Attr("aria-sort"); v != "descending" {
		t.Errorf("country aria-sort %q", v)
	}
	if v, _ := country.Find(".sort-arrow").Attr("aria-label"); v != "sorted descending" {
		t.Errorf("arrow label %q", v)
	}
	if href, _ := country.Find("a").Attr("href"); href != "?sort=country" {
		t.Errorf("country href %q (a descending column sorts ascending next)", href)
	}
	if href, _ := doc.Find("thead th:nth-child(1) a").Attr("href"); href != "?sort=name" {
		t.Errorf("name href %q", href)
	}
}
