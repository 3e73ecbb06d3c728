package directory_test

import (
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/topcop-platform/topcop/internal/app/apptest"
	"github.com/topcop-platform/topcop/internal/config"
)

// The widths the layout is checked at: a laptop and a phone (390 CSS px,
// an iPhone 12–15), each with a viewport of layoutHeight.
var layoutWidths = []int{1366, 390}

const (
	layoutHeight = 844
	narrowWidth  = 390
	wideWidth    = 1366
)

// TestLayoutBrowser checks the page layout in a real browser, on the
// demo data, at a laptop's and a phone's width: every page reachable from
// the menu of a coordinator (and, for the pages only administrators have,
// of an administrator) neither scrolls sideways nor has blank space below
// its footer, and its list scrolls with the page rather than inside a box;
// the charts keep every label whole, inside the chart and at a readable
// size (the overview's in five languages); the role menus of a network's
// members are fully visible; on a phone the filters of a list are folded
// away behind a toggle that works with the keyboard, and a list htmx
// replaces is laid out like the page's own.
//
// One platform on SQLite (the layout does not depend on the engine) and
// one browser serve all the subtests.
func TestLayoutBrowser(t *testing.T) {
	e := apptest.New(t, config.SQLite)
	e.LoadDemo(t)
	b := apptest.OpenBrowser(t)
	b.Viewport(wideWidth, layoutHeight)
	b.SignIn(e, "coordinator@demo.example.org")
	seen := map[string]bool{}
	pages := discoverPages(b, e, seen)
	t.Logf("coordinator's pages: %s", strings.Join(pages, " "))

	t.Run("pages", func(t *testing.T) { checkPages(t, b.With(t), e, pages) })
	t.Run("charts", func(t *testing.T) { checkCharts(t, b.With(t), e) })
	t.Run("role menus", func(t *testing.T) { checkRoleMenus(t, b.With(t), e) })
	t.Run("filters", func(t *testing.T) { checkFilters(t, b.With(t), e, pages) })
	t.Run("swapped list", func(t *testing.T) { checkSwappedList(t, b.With(t), e) })

	// The users and audit pages are for administrators only: the same
	// checks for the pages an administrator's menu adds.
	b.Viewport(wideWidth, layoutHeight)
	b.Open(e, "/account")
	b.Run("sign out", chromedp.Click(chromedp.CSS(`.primary-nav form[action="/logout"] button`)))
	b.WaitLeave("/account")
	b.SignIn(e, "admin@demo.example.org")
	admin := discoverPages(b, e, seen)
	t.Logf("administrator's other pages: %s", strings.Join(admin, " "))
	if !slices.ContainsFunc(admin, func(p string) bool { return strings.HasPrefix(p, "/admin/users") }) ||
		!slices.ContainsFunc(admin, func(p string) bool { return strings.HasPrefix(p, "/admin/audit") }) {
		t.Errorf("the administrator's menu does not lead to both the users and the audit page: %v", admin)
	}
	t.Run("admin pages", func(t *testing.T) { checkPages(t, b.With(t), e, admin) })
	t.Run("admin filters", func(t *testing.T) { checkFilters(t, b.With(t), e, admin) })
}

// idSegment matches a record id in a path (the pages of two records of a
// kind are the same page for the layout).
var idSegment = regexp.MustCompile(`/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)

// discoverPages lists the pages the signed-in account reaches from its
// menu: where "/" leads, every menu entry, and from each of those its
// first record (the first link of its list) and the pages its buttons
// open (new record, import). seen holds the page kinds (path without
// query, ids replaced) already listed, and gets the new ones.
func discoverPages(b *apptest.Browser, e *apptest.Env, seen map[string]bool) []string {
	b.T.Helper()
	var pages []string
	add := func(p string) bool {
		u, err := url.Parse(p)
		if err != nil || !strings.HasPrefix(u.Path, "/") || u.Path == "/logout" {
			return false
		}
		kind := idSegment.ReplaceAllString(u.Path, "/{id}")
		if seen[kind] {
			return false
		}
		seen[kind] = true
		pages = append(pages, p)
		return true
	}
	b.Open(e, "/")
	var start struct {
		Path string   `json:"path"`
		Menu []string `json:"menu"`
	}
	b.Eval("read the menu", `({path: location.pathname, menu: [...document.querySelectorAll(".primary-nav .nav-list a[href]")].map((a) => a.getAttribute("href"))})`, &start)
	if len(start.Menu) == 0 {
		b.T.Fatal("no menu links")
	}
	var level1 []string
	for _, p := range append([]string{start.Path}, start.Menu...) {
		if add(p) {
			level1 = append(level1, p)
		}
	}
	for _, p := range level1 {
		b.Open(e, p)
		var links []string
		b.Eval("links of "+p, `[
			...[...document.querySelectorAll("main table:not(.chart-data) tbody tr:first-child a[href^='/']:not([download])")].slice(0, 1),
			...document.querySelectorAll("main a.button[href^='/']:not([download])")
		].map((a) => a.getAttribute("href"))`, &links)
		for _, l := range links {
			add(l)
		}
	}
	return pages
}

// checkPages opens every page at every width and checks the page layout
// rules (apptest.Layout.Problems) and the charts it has (chartJS).
func checkPages(t *testing.T, b *apptest.Browser, e *apptest.Env, pages []string) {
	for _, w := range layoutWidths {
		b.Viewport(w, layoutHeight)
		for _, p := range pages {
			b.Open(e, p)
			l := b.MeasureLayout()
			for _, problem := range l.Problems() {
				t.Errorf("%s at %d px: %s", p, w, problem)
			}
			var c chartCheck
			b.Eval("check the charts", chartJS, &c)
			for _, problem := range c.Problems {
				t.Errorf("%s at %d px: chart: %s", p, w, problem)
			}
		}
	}
}

// checkSwappedList checks that a list htmx replaces (a live search on a
// phone) is laid out as the page's own: cards with labelled cells, and
// the page rules hold.
func checkSwappedList(t *testing.T, b *apptest.Browser, e *apptest.Env) {
	b.Viewport(narrowWidth, layoutHeight)
	b.Open(e, "/directory/people")
	b.Run("search as the user types",
		chromedp.SendKeys(chromedp.CSS(`input[name=q]`), "ko"),
		// Done when the URL has the search and htmx has settled the swap.
		chromedp.Poll[chromedp.Void](`location.search.includes("q=ko") && !document.querySelector(".htmx-request, .htmx-swapping, .htmx-settling")`),
	)
	var got struct {
		Cards     int `json:"cards"`
		Cells     int `json:"cells"`
		Unlabeled int `json:"unlabeled"`
	}
	b.Eval("read the new list", `(() => {
		const cells = [...document.querySelectorAll("#results .table-scroll td")];
		return {cards: document.querySelectorAll("#results .table-scroll.table-cards").length, cells: cells.length,
			unlabeled: cells.filter((td) => !td.dataset.label).length};
	})()`, &got)
	if got.Cards != 1 || got.Cells == 0 || got.Unlabeled > 0 {
		t.Errorf("after a live search at %d px: %d card lists, %d cells of which %d without a label; want the list as cards, every cell labelled",
			narrowWidth, got.Cards, got.Cells, got.Unlabeled)
	}
	for _, problem := range b.MeasureLayout().Problems() {
		t.Errorf("after a live search at %d px: %s", narrowWidth, problem)
	}
}

// chartCheck is what chartJS found on a page.
type chartCheck struct {
	Texts    int      `json:"texts"`
	Charts   int      `json:"charts"`
	Problems []string `json:"problems"`
}

// chartJS checks every text of the charts on the page: its box lies
// inside its chart (the figure) and inside every box that clips it (the
// <svg> does), it shows its whole label (the data table has the full
// labels, in the same order), and it is drawn at 12 px or more: its
// computed font size times the scale of the SVG it is in.
var chartJS = apptest.WithLayoutLib(`(() => {
  const out = {texts: 0, charts: 0, problems: []};
  const problems = collect();
  const squash = (s) => s.replace(/\s+/g, "");
  const px = (r) => "[" + [r.left, r.top, r.right, r.bottom].map(Math.round).join(", ") + "]";
  for (const fig of document.querySelectorAll("main figure.chart")) {
    out.charts++;
    const full = [...fig.querySelectorAll("table.chart-data tbody th")].map((th) => th.textContent.trim());
    const labels = [...fig.querySelectorAll(".chart-label")].filter(shown);
    if (labels.length !== full.length) problems.add("count", fig.querySelector("figcaption").textContent.trim() + ": " + labels.length + " labels shown for " + full.length + " bars");
    labels.forEach((el, i) => {
      if (i < full.length && squash(el.textContent) !== squash(full[i])) problems.add("cut", "label " + JSON.stringify(el.textContent.trim()) + " is cut short: the bar is " + JSON.stringify(full[i]));
    });
    for (const el of [...labels, ...[...fig.querySelectorAll(".chart-value")].filter(shown)]) {
      out.texts++;
      const what = JSON.stringify(el.textContent.trim());
      const r = el.getBoundingClientRect();
      const boxes = [[fig, fig.getBoundingClientRect()], ...clippers(el).map((a) => [a, clipRect(a)])];
      for (const [a, c] of boxes) {
        if (r.left < c.left - 0.5 || r.right > c.right + 0.5 || r.top < c.top - 0.5 || r.bottom > c.bottom + 0.5) {
          problems.add("out " + describe(a), what + " " + px(r) + " sticks out of " + describe(a) + " " + px(c));
        }
      }
      const size = parseFloat(getComputedStyle(el).fontSize);
      let scale = 1;
      const m = el instanceof SVGGraphicsElement ? el.getScreenCTM() : null;
      if (m) scale = Math.hypot(m.a, m.b);
      if (size * scale < 12) problems.add("small", what + " drawn at " + (size * scale).toFixed(1) + " px (font-size " + size + " px × scale " + scale.toFixed(2) + ")");
    }
  }
  out.problems = problems.list();
  return out;
})()`)

// checkCharts checks the overview's charts in five languages (those with
// the longest labels and Georgian and Armenian scripts) at every width,
// and at 320 px, the narrowest phone the charts' labels are wrapped for.
func checkCharts(t *testing.T, b *apptest.Browser, e *apptest.Env) {
	for _, lang := range []string{"en", "ka", "hy", "uk", "ru"} {
		b.Open(e, "/lang?"+url.Values{"lang": {lang}, "next": {"/directory"}}.Encode())
		for _, w := range append(layoutWidths, 320) {
			b.Viewport(w, layoutHeight)
			b.Open(e, "/directory")
			var c chartCheck
			b.Eval("check the charts", chartJS, &c)
			if c.Charts == 0 || c.Texts == 0 {
				t.Errorf("%s at %d px: %d charts with %d texts on the overview", lang, w, c.Charts, c.Texts)
			}
			for _, p := range c.Problems {
				t.Errorf("overview in %s at %d px: %s", lang, w, p)
			}
		}
	}
	b.Open(e, "/lang?lang=en&next=/directory")
}

// roleMenuJS checks the role menus of a network's members: each (with its
// save button) lies fully inside every box that clips it and inside the
// viewport's width, and is at least as wide as it needs to be to show its
// longest role.
var roleMenuJS = apptest.WithLayoutLib(`(() => {
  const out = {menus: 0, problems: []};
  const problems = collect();
  const px = (r) => "[" + [r.left, r.top, r.right, r.bottom].map(Math.round).join(", ") + "]";
  for (const sel of document.querySelectorAll("#members-results select")) {
    out.menus++;
    const what = "role menu " + describe(sel);
    for (const el of [sel, sel.form && sel.form.querySelector("button")]) {
      if (!el) continue;
      const name = el === sel ? what : what + "'s button";
      if (!shown(el)) { problems.add("hidden", name + " is not shown"); continue; }
      const r = el.getBoundingClientRect();
      if (r.left < -0.5 || r.right > innerWidth + 0.5) problems.add("off", name + " " + px(r) + " is off the screen (width " + innerWidth + ")");
      for (const a of clippers(el)) {
        const c = clipRect(a);
        if (r.left < c.left - 0.5 || r.right > c.right + 0.5 || r.top < c.top - 0.5 || r.bottom > c.bottom + 0.5) {
          problems.add("cut " + describe(a), name + " " + px(r) + " is cut off by " + describe(a) + " " + px(c) + " (overflow " + getComputedStyle(a).overflow + ")");
        }
      }
    }
    const probe = sel.cloneNode(true);
    probe.removeAttribute("id");
    Object.assign(probe.style, {position: "absolute", visibility: "hidden", width: "auto", maxWidth: "none", minWidth: "0", display: "inline-block"});
    sel.parentElement.appendChild(probe);
    const need = probe.getBoundingClientRect().width;
    probe.remove();
    const have = sel.getBoundingClientRect().width;
    if (have < need - 1) problems.add("narrow", what + " is " + Math.round(have) + " px wide, its longest role needs " + Math.round(need) + " px");
  }
  out.problems = problems.list();
  return out;
})()`)

// checkRoleMenus checks the role menus on the first network whose members
// the coordinator may change, in English and Georgian, at every width.
func checkRoleMenus(t *testing.T, b *apptest.Browser, e *apptest.Env) {
	b.Viewport(wideWidth, layoutHeight)
	b.Open(e, "/directory/networks")
	var nets []string
	b.Eval("list the networks", `[...document.querySelectorAll("#results tbody th a[href]")].map((a) => a.getAttribute("href"))`, &nets)
	network := ""
	for _, n := range nets {
		b.Open(e, n)
		var menus int
		b.Eval("count the role menus", `document.querySelectorAll("#members-results select").length`, &menus)
		if menus > 0 {
			network = n
			break
		}
	}
	if network == "" {
		t.Fatalf("no network among %v has role menus for the coordinator", nets)
	}
	for _, lang := range []string{"en", "ka"} {
		b.Open(e, "/lang?"+url.Values{"lang": {lang}, "next": {network}}.Encode())
		for _, w := range layoutWidths {
			b.Viewport(w, layoutHeight)
			b.Open(e, network)
			var c struct {
				Menus    int      `json:"menus"`
				Problems []string `json:"problems"`
			}
			b.Eval("check the role menus", roleMenuJS, &c)
			if c.Menus == 0 {
				t.Errorf("%s in %s at %d px: no role menus", network, lang, w)
			}
			for _, p := range c.Problems {
				t.Errorf("%s in %s at %d px: %s", network, lang, w, p)
			}
		}
	}
	b.Open(e, "/lang?lang=en&next=/directory")
}

// filterState is the filter region of a list page: the element of class
// "filters" in <main> (the filter form, or the part of a search form that
// holds the filters) and its toggle.
type filterState struct {
	Regions int `json:"regions"`
	// Toggle is a selector of the button that folds the region, "" if
	// none; Expanded its aria-expanded, ToggleShown whether it shows.
	Toggle      string `json:"toggle"`
	Expanded    string `json:"expanded"`
	ToggleShown bool   `json:"toggleShown"`
	// Shown and Fields count the region's form controls that show, and
	// all of them.
	Shown  int `json:"shown"`
	Fields int `json:"fields"`
	// Name and Value are a filter that can be set: the first select with
	// a non-empty option (name="" if none).
	Name  string `json:"name"`
	Value string `json:"value"`
	// Focused describes the element that has the focus.
	Focused string `json:"focused"`
}

var filterJS = apptest.WithLayoutLib(`(() => {
  const region = document.querySelector("main .filters");
  const out = {regions: document.querySelectorAll("main .filters").length, toggle: "", expanded: "", toggleShown: false,
    shown: 0, fields: 0, name: "", value: "", focused: document.activeElement ? describe(document.activeElement) : ""};
  if (!region) return out;
  const fields = [...region.querySelectorAll("input:not([type=hidden]), select, textarea")];
  out.fields = fields.length;
  out.shown = fields.filter(shown).length;
  const toggle = region.id && document.querySelector('button[aria-controls="' + region.id + '"]');
  if (toggle) {
    out.toggle = 'button[aria-controls="' + region.id + '"]';
    out.expanded = toggle.getAttribute("aria-expanded") || "";
    out.toggleShown = shown(toggle);
  }
  const sel = fields.find((f) => f.tagName === "SELECT" && [...f.options].some((o) => o.value));
  if (sel) {
    out.name = sel.name;
    out.value = [...sel.options].find((o) => o.value).value;
  }
  return out;
})()`)

// checkFilters checks every page with filters: on a phone they are
// folded until the user opens them with the keyboard (focus the toggle,
// press Enter), and open when a filter is set; on a laptop they are open.
func checkFilters(t *testing.T, b *apptest.Browser, e *apptest.Env, pages []string) {
	read := func(step string) filterState {
		var f filterState
		b.Eval(step, filterJS, &f)
		return f
	}
	found := 0
	for _, p := range pages {
		b.Viewport(wideWidth, layoutHeight)
		b.Open(e, p)
		wide := read("read the filters of " + p)
		if wide.Regions == 0 {
			continue
		}
		found++
		if wide.Shown != wide.Fields || wide.Fields == 0 {
			t.Errorf("%s at %d px: %d of %d filter fields show, want all (open on wide screens)", p, wideWidth, wide.Shown, wide.Fields)
		}
		if wide.ToggleShown && wide.Expanded != "true" {
			t.Errorf("%s at %d px: the filters toggle shows aria-expanded=%q", p, wideWidth, wide.Expanded)
		}

		b.Viewport(narrowWidth, layoutHeight)
		b.Open(e, p)
		f := read("read the filters of " + p)
		if f.Shown > 0 {
			t.Errorf("%s at %d px: %d of %d filter fields show before the filters are opened, want them folded", p, narrowWidth, f.Shown, f.Fields)
		}
		if f.Toggle == "" || !f.ToggleShown {
			t.Errorf("%s at %d px: no visible toggle (button[aria-controls] naming the filters) to open the filters", p, narrowWidth)
			continue
		}
		if f.Expanded != "false" {
			t.Errorf("%s at %d px: folded filters' toggle has aria-expanded=%q, want \"false\"", p, narrowWidth, f.Expanded)
		}
		b.Run("open the filters with the keyboard",
			chromedp.Focus(chromedp.CSS(f.Toggle)),
			chromedp.KeyEvent("\r"),
		)
		f = read("read the opened filters of " + p)
		if f.Shown != f.Fields || f.Expanded != "true" {
			t.Errorf("%s at %d px: after Enter on the toggle %d of %d filter fields show, aria-expanded=%q; want all, \"true\"", p, narrowWidth, f.Shown, f.Fields, f.Expanded)
		}
		if !strings.HasPrefix(f.Focused, "button") {
			t.Errorf("%s: focus moved to %s after opening the filters", p, f.Focused)
		}

		// A page opened with a filter set shows its filters.
		if f.Name != "" {
			u := p + map[bool]string{true: "&", false: "?"}[strings.Contains(p, "?")] + url.Values{f.Name: {f.Value}}.Encode()
			b.Open(e, u)
			f = read("read the filters of " + u)
			if f.Shown != f.Fields || f.Expanded != "true" {
				t.Errorf("%s at %d px: with a filter set, %d of %d filter fields show, aria-expanded=%q; want all open", u, narrowWidth, f.Shown, f.Fields, f.Expanded)
			}
		}
	}
	if found == 0 {
		t.Errorf("no page among %v has filters", pages)
	}
}
