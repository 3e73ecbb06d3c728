package apptest

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Viewport resizes the page to width × height CSS pixels (a desktop-like
// viewport at device scale 1: no mobile zoom-out, so window.innerWidth is
// width whatever the page's content does).
func (b *Browser) Viewport(width, height int) {
	b.T.Helper()
	b.Run(fmt.Sprintf("resize to %d×%d", width, height), chromedp.EmulateViewport(int64(width), int64(height)))
}

// Open navigates to url (absolute, or a path of e.URL when it starts with
// "/") and waits (20 s at most) until the page has loaded, app.js has run
// and the fonts are in, so that layout measured after Open is the final
// one. A navigation still running when Open is called (a form the test
// submitted) is waited out.
func (b *Browser) Open(e *Env, url string) {
	b.T.Helper()
	if strings.HasPrefix(url, "/") {
		url = e.URL + url
	}
	b.Run("open "+url, chromedp.Navigate(url))
	const ready = `document.readyState === "complete" && document.documentElement.classList.contains("js") &&
		document.fonts.status === "loaded"`
	deadline := time.Now().Add(20 * time.Second)
	var last error
	for time.Now().Before(deadline) {
		// Evaluated afresh each time: a navigation in progress destroys
		// the page's context, which is an error to wait out.
		ctx, cancel := context.WithTimeout(b.Ctx, 2*time.Second)
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](ready))
		cancel()
		if err == nil && ok {
			return
		}
		last = err
		time.Sleep(50 * time.Millisecond)
	}
	b.T.Fatalf("open %s: not ready after 20 s (last error: %v)", url, last)
}

// Eval evaluates the JavaScript expression js and decodes its (JSON)
// value into out, failing the test with step.
func (b *Browser) Eval(step, js string, out any) {
	b.T.Helper()
	raw, err := chromedp.Run(b.Ctx, chromedp.Evaluate[[]byte](js))
	if err != nil {
		url, _ := chromedp.Run(b.Ctx, chromedp.Location())
		b.T.Fatalf("%s (at %s): %v", step, url, err)
	}
	if out == nil {
		return
	}
	if err := json.Unmarshal(raw, out); err != nil {
		b.T.Fatalf("%s: decode %s: %v", step, Excerpt(string(raw)), err)
	}
}

// Layout is what MeasureLayout found on the current page. Widths and
// heights are CSS pixels.
type Layout struct {
	URL          string  `json:"url"`
	InnerWidth   float64 `json:"innerWidth"`
	InnerHeight  float64 `json:"innerHeight"`
	ScrollWidth  float64 `json:"scrollWidth"`
	ScrollHeight float64 `json:"scrollHeight"`
	// FooterBottom is the bottom of the site footer from the top of the
	// document; -1 without a footer.
	FooterBottom float64 `json:"footerBottom"`
	// Wide lists the outermost elements that stick out to the right of
	// the viewport and are not inside a box that scrolls or clips
	// sideways (what makes the page scroll sideways), described as
	// "tag#id.class (right edge)".
	Wide []string `json:"wide"`
	// Below lists the outermost elements that reach below the footer.
	Below []string `json:"below"`
	// ScrollBoxes lists the ancestors of the page's main list (the first
	// table in <main> that is not a chart's data table) that scroll or
	// clip it vertically: overflow-y not visible and either a max-height
	// or content taller than the box.
	ScrollBoxes []string `json:"scrollBoxes"`
	// HasList says whether the page has a main list at all.
	HasList bool `json:"hasList"`
}

// Problems lists what is wrong with l by the platform's layout rules: no
// sideways scrolling of the page, nothing below the footer (the document
// ends with it), and lists that scroll with the page rather than inside a
// box of their own.
func (l Layout) Problems() []string {
	var out []string
	if l.ScrollWidth > l.InnerWidth {
		out = append(out, fmt.Sprintf("horizontal overflow: scrollWidth %.0f > innerWidth %.0f (sticking out: %s)",
			l.ScrollWidth, l.InnerWidth, strings.Join(l.Wide, ", ")))
	}
	switch {
	case l.FooterBottom < 0:
		out = append(out, "no footer (.site-footer)")
	case l.ScrollHeight > l.FooterBottom+1:
		msg := fmt.Sprintf("%.0f px blank below the footer: document height %.0f, footer bottom %.0f (viewport %.0f) (reaching below: %s)",
			l.ScrollHeight-l.FooterBottom, l.ScrollHeight, l.FooterBottom, l.InnerHeight, strings.Join(l.Below, ", "))
		out = append(out, msg)
	}
	for _, s := range l.ScrollBoxes {
		out = append(out, "the list scrolls inside a box: "+s)
	}
	return out
}

// MeasureLayout measures the current page (see Layout).
func (b *Browser) MeasureLayout() Layout {
	b.T.Helper()
	var l Layout
	b.Eval("measure the layout", layoutJS, &l)
	return l
}

// WithLayoutLib wraps the JavaScript expression expr so that it can use
// these helpers (in a function scope, so evaluating it again on the same
// page declares nothing twice):
//
//	describe(el)   "tag#id.class" for messages
//	clippers(el)   the ancestors whose overflow clips el: only those on
//	               its containing-block chain (an absolutely positioned
//	               element escapes a scrolling box that is not positioned)
//	clipRect(a)    the padding box of a, where it clips its content
//	shown(el)      whether el is rendered with a size and not hidden
//	collect()      a list of problems: add(kind, message) keeps the first
//	               message of each kind and counts the others; list()
func WithLayoutLib(expr string) string {
	return "(() => {\n" + layoutLib + "\nreturn (" + expr + ");\n})()"
}

const layoutLib = `
const describe = (el) => {
  let s = el.tagName.toLowerCase();
  if (el.id) s += "#" + el.id;
  const c = typeof el.className === "string" ? el.className : (el.className && el.className.baseVal) || "";
  if (c.trim()) s += "." + c.trim().split(/\s+/).join(".");
  return s;
};
const clippers = (el) => {
  const out = [];
  let pos = getComputedStyle(el).position;
  for (let a = el.parentElement; a && a !== document.body && a !== document.documentElement; a = a.parentElement) {
    const cs = getComputedStyle(a);
    if (pos === "fixed") break;
    if (pos === "absolute" && cs.position === "static" && cs.transform === "none") continue;
    if (cs.overflowX !== "visible" || cs.overflowY !== "visible") out.push(a);
    pos = cs.position;
  }
  return out;
};
const clipRect = (a) => {
  const r = a.getBoundingClientRect();
  return {left: r.left + a.clientLeft, top: r.top + a.clientTop,
    right: r.left + a.clientLeft + a.clientWidth, bottom: r.top + a.clientTop + a.clientHeight};
};
const collect = () => {
  const seen = new Map();
  return {
    add: (kind, msg) => { const e = seen.get(kind); if (e) e.n++; else seen.set(kind, {n: 1, msg: msg}); },
    list: () => [...seen.values()].map((e) => e.n > 1 ? e.msg + " (and " + (e.n - 1) + " more like it)" : e.msg),
  };
};
const shown = (el) => {
  if (!el.getClientRects().length) return false;
  const r = el.getBoundingClientRect(), cs = getComputedStyle(el);
  return r.width > 0 && r.height > 0 && cs.visibility !== "hidden" && !el.closest("[hidden]");
};
`

// layoutJS computes a Layout. An element counts as sticking out only if
// no box on its containing-block chain clips or scrolls it on that axis
// (what such a box holds does not move the page).
var layoutJS = WithLayoutLib(`(() => {
  const de = document.documentElement;
  const r = {url: location.pathname + location.search, innerWidth: innerWidth, innerHeight: innerHeight,
    scrollWidth: de.scrollWidth, scrollHeight: de.scrollHeight, footerBottom: -1,
    wide: [], below: [], scrollBoxes: [], hasList: false};
  const footer = document.querySelector(".site-footer");
  if (footer) r.footerBottom = footer.getBoundingClientRect().bottom + scrollY;
  const wide = new Set(), below = new Set();
  for (const el of document.body.querySelectorAll("*")) {
    const cs = getComputedStyle(el);
    if (cs.position === "fixed" || cs.display === "none") continue;
    const b = el.getBoundingClientRect();
    if (b.width === 0 && b.height === 0) continue;
    const clips = clippers(el);
    if (b.right > innerWidth + 0.5 && !clips.some((a) => getComputedStyle(a).overflowX !== "visible")) {
      wide.add(el);
      if (!wide.has(el.parentElement) && r.wide.length < 6) r.wide.push(describe(el) + " (right " + Math.round(b.right) + ")");
    }
    if (r.footerBottom >= 0 && b.bottom + scrollY > r.footerBottom + 1 && !footer.contains(el) &&
        !clips.some((a) => getComputedStyle(a).overflowY !== "visible")) {
      below.add(el);
      if (!below.has(el.parentElement) && r.below.length < 6) r.below.push(describe(el) + " (bottom " + Math.round(b.bottom + scrollY) + ")");
    }
  }
  const list = [...document.querySelectorAll("main table")].find((t) => !t.closest(".chart"));
  if (list) {
    r.hasList = true;
    for (let a = list.parentElement; a && a !== document.body; a = a.parentElement) {
      const cs = getComputedStyle(a);
      if (cs.overflowY === "visible") continue;
      if (cs.maxHeight !== "none" || a.scrollHeight > a.clientHeight + 1) {
        r.scrollBoxes.push(describe(a) + ": overflow-y " + cs.overflowY + ", max-height " + cs.maxHeight +
          ", " + a.clientHeight + " px high for " + a.scrollHeight + " px of content");
      }
    }
  }
  return r;
})()`)

// With returns a Browser that drives b's page for t (a subtest of b.T):
// its failures end t only.
func (b *Browser) With(t *testing.T) *Browser { return &Browser{T: t, Ctx: b.Ctx} }
