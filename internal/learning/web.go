package learning

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/i18n"
	"github.com/topcop-platform/topcop/internal/training"
	"github.com/topcop-platform/topcop/internal/ui"
)

// Templates holds learning's page templates (templates/learning/*.html)
// and their small stylesheet (templates/learning/learning.css, served by
// Web.stylesheet; the renderer reads only the .html files).
//
//go:embed templates
var Templates embed.FS

// Web serves learning's pages: server-rendered html/template pages that
// htmx only enhances. Handlers are thin: they parse the request, call the
// Service (which decides who may see and do what, and never hands a
// participant the answers before they submitted), and render or hand the
// error to fail. Writes answer with a redirect (303) to the page with a
// localised confirmation (?done=<name>); refused input re-renders the
// page with the service's messages (422) and changes nothing.
//
// The access of each route is api.go's: testReaders read a test and its
// results, takers save and submit answers; the Service decides again.
type Web struct {
	svc    *Service
	render *ui.Renderer
	fail   func(http.ResponseWriter, *http.Request, error)
}

// NewWeb returns learning's pages over svc, rendered with r. fail answers
// a request with an error (internal/web supplies it).
func NewWeb(svc *Service, r *ui.Renderer, fail func(http.ResponseWriter, *http.Request, error)) *Web {
	return &Web{svc: svc, render: r, fail: fail}
}

// Routes registers learning's page routes on mux. This is the one list of
// them.
func (w *Web) Routes(mux ui.Router) {
	mux.HandleFunc("GET /learning/tests/{id}", testReaders, w.take)
	mux.HandleFunc("POST /learning/tests/{id}/answers", takers, w.save)
	mux.HandleFunc("POST /learning/tests/{id}/submit", takers, w.submit)
	mux.HandleFunc("GET /learning/tests/{id}/results", testReaders, w.results)
	mux.HandleFunc("GET /learning/style.css", core.Public, w.stylesheet)
	w.surveyRoutes(mux)
	w.manageRoutes(mux)
	w.analyticsRoutes(mux)
}

// --- request helpers ---

func localizer(r *http.Request) *i18n.Localizer { return ui.LocalizerFrom(r.Context()) }

// testURL is the page of a test.
func testURL(id string) string { return "/learning/tests/" + id }

// flashes are the confirmations a page shows after a redirect
// (?done=<name>).
var flashes = ui.Flashes{
	"saved":     "learning.take.flash.saved",
	"submitted": "learning.take.flash.submitted",
}

// pageErrors localises a service error's field errors for a page whose
// inputs the messages cannot point to (the answers of a test): all of
// them go to the error summary, after summaryKey's message.
func pageErrors(l *i18n.Localizer, err error, summaryKey string) *ui.FormErrors {
	return ui.ErrorsWith(l, err, nil, func(f core.FieldError) string { return FieldMessage(l, f) }, summaryKey)
}

// --- labels ---

// kindLabel names a test: "Pre-test", "Post-test (form A)".
func kindLabel(l *i18n.Localizer, kind TestKind, form string) string {
	name := string(kind)
	if kind == TestPre || kind == TestPost {
		name = l.T("learning.kind." + string(kind))
	}
	if form != "" {
		return l.T("learning.kind.with_form", "Kind", name, "Form", form)
	}
	return name
}

// scoreText is a score (0–100, one decimal) as the UI language writes a
// percentage (CLDR): a decimal comma but in English, and a no-break
// space before the sign in Romanian and Russian ("66.7%", "66,7 %").
func scoreText(l *i18n.Localizer, score float64) string {
	s := strconv.FormatFloat(score, 'f', -1, 64)
	if l.Lang() != "en" {
		s = strings.Replace(s, ".", ",", 1)
	}
	if l.Lang() == "ro" || l.Lang() == "ru" {
		return s + "\u00a0%"
	}
	return s + "%"
}

// zoneOf is the activity's time zone, in which its tests' windows are
// shown (UTC when it names none or an unknown one).
func zoneOf(act training.Activity) *time.Location {
	if loc, err := time.LoadLocation(act.TimeZone); err == nil {
		return loc
	}
	return time.UTC
}

// inText is how long until a moment d away, rounded down to the largest
// sensible unit: minutes under an hour, hours under two days, days
// after ("in 3 hours").
func inText(l *i18n.Localizer, d time.Duration) string {
	switch {
	case d < time.Hour:
		return l.N("learning.time.minutes", max(1, int(d/time.Minute)))
	case d < 48*time.Hour:
		return l.N("learning.time.hours", int(d/time.Hour))
	}
	return l.N("learning.time.days", int(d/(24*time.Hour)))
}

// agoText is how long ago a moment d back was, as inText.
func agoText(l *i18n.Localizer, d time.Duration) string {
	switch {
	case d < time.Hour:
		return l.N("learning.time.minutes_ago", max(1, int(d/time.Minute)))
	case d < 48*time.Hour:
		return l.N("learning.time.hours_ago", int(d/time.Hour))
	}
	return l.N("learning.time.days_ago", int(d/(24*time.Hour)))
}

// dateRange is an activity's days as the UI language writes them.
func dateRange(l *i18n.Localizer, from, to string) string {
	f, errF := time.Parse(time.DateOnly, from)
	t, errT := time.Parse(time.DateOnly, to)
	switch {
	case errF != nil || errT != nil:
		return from + " – " + to
	case from == to:
		return l.Date(f)
	}
	return l.T("learning.dates.range", "From", l.Date(f), "To", l.Date(t))
}

// textIn picks the text of a multilingual field in lang, else English
// (every text has one); fallback is the language shown when it is not
// lang ("en"), for the element's lang attribute.
func textIn(texts map[string]string, lang string) (text, fallback string) {
	if t := texts[lang]; t != "" {
		return t, ""
	}
	if lang == "en" {
		return texts["en"], ""
	}
	return texts["en"], "en"
}

// --- the stylesheet ---

// style is learning's stylesheet and its content hash, which its URL
// carries so that browsers may keep it for good.
var style = sync.OnceValue(func() (s struct {
	css  []byte
	hash string
}) {
	b, err := fs.ReadFile(Templates, "templates/learning/learning.css")
	if err != nil {
		panic("learning: templates/learning/learning.css: " + err.Error())
	}
	sum := sha256.Sum256(b)
	s.css, s.hash = b, hex.EncodeToString(sum[:6])
	return s
})

// styleURL is the stylesheet's URL with its content hash.
func styleURL() string { return "/learning/style.css?v=" + style().hash }

// stylesheet serves learning's stylesheet (the layout's CSP admits
// stylesheets of the same origin). With the current hash in ?v= it may be
// cached for good; any other request revalidates.
func (w *Web) stylesheet(rw http.ResponseWriter, r *http.Request) {
	s := style()
	h := rw.Header()
	h.Set("Content-Type", "text/css; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	if r.URL.Query().Get("v") == s.hash {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	_, _ = rw.Write(s.css)
}
