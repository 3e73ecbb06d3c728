package ui_test

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/topcop-platform/topcop/internal/ui"
	"github.com/topcop-platform/topcop/internal/ui/uitest"
)

// allPage uses every shared partial the way a capability page would.
const allPage = `
{{define "content"}}
<h1>{{.Page.Title}}</h1>
{{with .Page.Data}}
<form class="form" method="post" novalidate>
{{template "field" dict "L" $.L "Name" "name" "Label" "Name" "Value" .Name "Errors" $.Page.Errors "Required" true "Lang" "ka"}}
{{template "field" dict "L" $.L "Name" "email" "Label" "E-mail" "Type" "email" "Value" .Email "Errors" $.Page.Errors "Hint" "Work address" "Autocomplete" "email"}}
{{template "field" dict "L" $.L "Name" "notes" "Label" "Notes" "Type" "textarea" "Value" .Notes "Errors" $.Page.Errors "Rows" 6}}
{{template "field" dict "L" $.L "Name" "country" "Label" "Country" "Type" "select" "Value" .Country "Options" .Countries "Errors" $.Page.Errors}}
{{template "field" dict "L" $.L "Name" "active" "Label" "Active" "Type" "checkbox" "Checked" .Active "Hint" "Shown in lists"}}
<div class="form-actions"><button type="submit">{{$.L.T "action.save"}}</button>
<button type="submit" class="button-danger" formaction="/archive" data-confirm="{{$.L.T "action.confirm_archive"}}">{{$.L.T "action.archive"}}</button></div>
</form>
{{template "pager" dict "L" $.L "Query" $.Query "Next" .Next "Shown" .Shown "Total" .Total "Target" "#main"}}
{{template "barchart" dict "L" $.L "Title" "Officials trained" "Bars" .Bars}}
{{template "barchart" dict "L" $.L "Title" "Empty chart" "Bars" .NoBars}}
{{end}}
{{end}}
`

type allData struct {
	Name, Email, Notes, Country string
	Countries                   []ui.Option
	Active                      bool
	Next                        string
	Shown, Total                int
	Bars, NoBars                []ui.Bar
}

func pageWithEverything() ui.Page {
	fe := &ui.FormErrors{Summary: "Check the form."}
	fe.Add("email", "Enter a valid e-mail address.")
	fe.Add("country", "Choose a country.")
	return ui.Page{
		Title:  "Everything",
		Errors: fe,
		Data: allData{
			Name: "ნინო ბერიძე", Email: "nino@", Notes: "a <b>note</b>", Country: "GE",
			Countries: []ui.Option{{Value: "AM", Label: "Armenia"}, {Value: "GE", Label: "Georgia"}, {Value: "MD", Label: "Moldova"}},
			Active:    true,
			Next:      "c2", Shown: 50, Total: 1234,
			Bars: []ui.Bar{{Label: "Ukraine", Value: 120, URL: "/results?country=UA"}, {Label: "Moldova", Value: 45}, {Label: "Azerbaijan", Value: 0}},
		},
	}
}

func renderAll(t *testing.T, lang, target string) *goquery.Document {
	t.Helper()
	r, b := newTestRenderer(t)
	rec := httptest.NewRecorder()
	r.Render(rec, uitest.Request("GET", target, lang), 200, "test/all.html", pageWithEverything())
	if rec.Code != 200 {
		t.Fatalf("status %d: %s", rec.Code, rec.Body.String())
	}
	doc := uitest.Doc(t, rec.Body.String())
	uitest.CheckPage(t, doc)
	uitest.CheckNoMissingMessages(t, b)
	return doc
}

func TestFieldPartial(t *testing.T) {
	doc := renderAll(t, "en", "/form")

	// A field with an error: label, hint, error wired to the input.
	in := uitest.Find(t, doc, "input#field-email")
	if v, _ := in.Attr("aria-invalid"); v != "true" {
		t.Error("email: aria-invalid missing")
	}
	if v, _ := in.Attr("aria-describedby"); v != "field-email-hint field-email-error" {
		t.Errorf("email: aria-describedby %q", v)
	}
	if v, _ := in.Attr("type"); v != "email" {
		t.Errorf("email: type %q", v)
	}
	if v, _ := in.Attr("value"); v != "nino@" {
		t.Errorf("email: value %q", v)
	}
	if got := uitest.Text(t, doc, "#field-email-error"); got != "Error: Enter a valid e-mail address." {
		t.Errorf("error text %q", got)
	}
	if uitest.Find(t, doc, "#field-email").Closest(".field").HasClass("field-invalid") == false {
		t.Error("field wrapper lacks field-invalid")
	}

	// A valid required field: no aria-invalid, label says required.
	name := uitest.Find(t, doc, "input#field-name")
	if _, ok := name.Attr("aria-invalid"); ok {
		t.Error("name: aria-invalid on a valid field")
	}
	if _, ok := name.Attr("aria-describedby"); ok {
		t.Error("name: aria-describedby without hint or error")
	}
	if v, _ := name.Attr("aria-required"); v != "true" {
		t.Error("name: aria-required missing")
	}
	if v, _ := name.Attr("lang"); v != "ka" {
		t.Errorf("name: lang %q", v)
	}
	if got := uitest.Text(t, doc, `label[for="field-name"]`); got != "Name (required)" {
		t.Errorf("name label %q", got)
	}

	// Textarea keeps its value escaped; select marks the chosen option.
	if got := uitest.Find(t, doc, "textarea#field-notes").Text(); got != "a <b>note</b>" {
		t.Errorf("textarea value %q", got)
	}
	if v := uitest.Attr(t, doc, "#field-country option[selected]", "value"); v != "GE" {
		t.Errorf("selected option %q", v)
	}
	if doc.Find("#field-country option[selected]").Length() != 1 {
		t.Error("more than one option selected")
	}
	if _, ok := uitest.Find(t, doc, "input#field-active[type=checkbox]").Attr("checked"); !ok {
		t.Error("checkbox not checked")
	}

	// The error summary links to each field, in the order the handler added them.
	summary := uitest.Find(t, doc, `.error-summary[role="alert"]`)
	var hrefs []string
	summary.Find("a").Each(func(_ int, s *goquery.Selection) { h, _ := s.Attr("href"); hrefs = append(hrefs, h) })
	if strings.Join(hrefs, " ") != "#field-email #field-country" {
		t.Errorf("summary links %v", hrefs)
	}
	if got := uitest.Text(t, doc, ".error-summary p"); got != "Check the form." {
		t.Errorf("summary text %q", got)
	}
	if v := uitest.Attr(t, doc, "button[data-confirm]", "data-confirm"); !strings.HasPrefix(v, "Archive this record?") {
		t.Errorf("data-confirm %q", v)
	}
}

func TestPagerPartial(t *testing.T) {
	doc := renderAll(t, "ru", "/directory/people?q=ivan&cursor=c1&limit=50")
	if got := uitest.Text(t, doc, ".pager-status"); got != "Показано 50 из 1\u00a0234 результатов" {
		t.Errorf("status %q", got)
	}
	if got := uitest.Attr(t, doc, `.pager a[rel="next"]`, "href"); got != "?cursor=c2&limit=50&q=ivan" {
		t.Errorf("next href %q", got)
	}
	if got := uitest.Attr(t, doc, `.pager a[rel="next"]`, "hx-target"); got != "#main" {
		t.Errorf("hx-target %q", got)
	}
	first := doc.Find(".pager a").First()
	if href, _ := first.Attr("href"); href != "?limit=50&q=ivan" || uitest.Squash(first.Text()) != "Первая страница" {
		t.Errorf("first page link %q %q", href, first.Text())
	}
	if got := uitest.Attr(t, doc, "nav.pager", "aria-label"); got != "Постраничная навигация" {
		t.Errorf("pager label %q", got)
	}

	// The first page has no "First page" link.
	doc = renderAll(t, "en", "/directory/people?q=ivan")
	if n := doc.Find(".pager a").Length(); n != 1 {
		t.Errorf("%d pager links on the first page, want only Next", n)
	}
}

func TestBarChartPartial(t *testing.T) {
	doc := renderAll(t, "en", "/results")
	svg := uitest.Find(t, doc, `.chart svg[role="img"]`).First()
	if v, _ := svg.Attr("aria-label"); v != "Officials trained. 3 bars; highest value: Ukraine (120)." {
		t.Errorf("aria-label %q", v)
	}
	if got := uitest.Squash(svg.Find("title").First().Text()); got != "Officials trained" {
		t.Errorf("svg title %q", got)
	}
	if n := svg.Find("rect.chart-bar").Length(); n != 3 {
		t.Errorf("%d bars", n)
	}
	if v, _ := svg.Find("a").Attr("tabindex"); v != "-1" {
		t.Error("svg links must stay out of the tab order (the table has them)")
	}
	table := uitest.Find(t, doc, "table.chart-data.visually-hidden-focusable").First()
	if n := table.Find("tbody tr").Length(); n != 3 {
		t.Errorf("table rows %d", n)
	}
	if href, _ := table.Find("tbody a").Attr("href"); href != "/results?country=UA" {
		t.Errorf("table link %q", href)
	}
	if got := uitest.Squash(table.Find("thead th").First().Text()); got != "Item" {
		t.Errorf("default heading %q", got)
	}
	if got := uitest.Text(t, doc, ".chart:nth-of-type(2) .empty"); got != "No results found." {
		t.Errorf("empty chart %q", got)
	}
}

func TestBarGeometry(t *testing.T) {
	c := ui.NewBarChart([]ui.Bar{{Label: "A", Value: 50}, {Label: "B", Value: 100}, {Label: "C", Value: 0}, {Label: "D", Value: 1}, {Label: "E", Value: -5}, {Label: strings.Repeat("Ж", 40), Value: 100}})
	if c.Max != 100 || c.MaxBar.Label != "B" {
		t.Errorf("max %d %q (first of the ties wins)", c.Max, c.MaxBar.Label)
	}
	w := []int{c.PlotWidth / 2, c.PlotWidth, 0, max(1, c.PlotWidth/100), 0, c.PlotWidth}
	for i, g := range c.Rows {
		if g.Width != w[i] {
			t.Errorf("bar %d width %d, want %d", i, g.Width, w[i])
		}
		if g.Y+c.BarHeight > c.Height {
			t.Errorf("bar %d outside the chart", i)
		}
		if i > 0 && g.Y <= c.Rows[i-1].Y {
			t.Errorf("bar %d not below bar %d", i, i-1)
		}
	}
	if r := []rune(c.Rows[5].Short); len(r) != 28 || r[27] != '…' {
		t.Errorf("long label cut to %q", c.Rows[5].Short)
	}
	if len(ui.Bars(nil)) != 0 || ui.NewBarChart(nil).Height <= 0 {
		t.Error("empty chart")
	}
	if got := ui.Bars([]ui.Bar{{Value: 0}, {Value: 0}}); got[0].Width != 0 {
		t.Error("all-zero chart has bars")
	}
}

func TestFormErrors(t *testing.T) {
	var nilErrs *ui.FormErrors
	if nilErrs.Get("x") != "" || nilErrs.Any() || nilErrs.List() != nil {
		t.Error("nil FormErrors not empty")
	}
	fe := &ui.FormErrors{Fields: map[string]string{"z": "Z", "a": "A"}}
	fe.Add("m", "M")
	fe.Add("m", "M2")
	var got []string
	for _, e := range fe.List() {
		got = append(got, e.Field+"="+e.Message)
	}
	if strings.Join(got, ",") != "m=M2,a=A,z=Z" {
		t.Errorf("List() = %v", got)
	}
	if !fe.Any() || fe.Get("a") != "A" {
		t.Error("Any/Get")
	}
	if ui.FieldID("email") != "field-email" {
		t.Error("FieldID")
	}
}

// TestTinyBarIsVisible: a positive value never draws as nothing.
func TestTinyBarIsVisible(t *testing.T) {
	g := ui.Bars([]ui.Bar{{Value: 1}, {Value: 1_000_000}})
	if g[0].Width != 1 {
		t.Errorf("tiny bar width %d, want 1", g[0].Width)
	}
}
