package certs

import (
	"embed"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/topcop-platform/topcop/internal/certs/cert"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/i18n"
	"github.com/topcop-platform/topcop/internal/training"
	"github.com/topcop-platform/topcop/internal/ui"
)

// Templates holds the certificates' page templates (templates/certs).
//
//go:embed templates
var Templates embed.FS

// Access of the certificates' routes. The verification pages answer
// anyone; reading a certificate needs an account (the Service decides
// whose); issuing, withholding and revoking are the coordinators'.
var (
	certReaders = core.Member.Personal()
	certManager = core.RolesIn(core.RoleAdmin, core.RoleCoordinator).Writes()
	keyAdmin    = core.Admin.Writes()
)

// Web serves the certificates' pages.
type Web struct {
	svc     *Service
	render  *ui.Renderer
	fail    func(http.ResponseWriter, *http.Request, error)
	limiter *limiter
	bundle  *i18n.Bundle
}

// NewWeb returns the certificates' pages over svc.
func NewWeb(svc *Service, r *ui.Renderer, fail func(http.ResponseWriter, *http.Request, error)) *Web {
	return &Web{svc: svc, render: r, fail: fail, limiter: newLimiter(verifyBurst, verifyPerMinute)}
}

// Routes registers the certificates' page routes: the one list of them.
func (w *Web) Routes(mux ui.Router) {
	// Public: verification, the offline page, keys and revocations.
	mux.HandleFunc("GET /verify", core.Public, w.verifyForm)
	mux.HandleFunc("GET /verify/{code}", core.Public, w.verify)
	mux.HandleFunc("GET /verify/{code}/certificate.pdf", core.Public, w.publicPDF)
	mux.HandleFunc("GET /verify/offline", core.Public, w.offline)
	mux.HandleFunc("GET "+cert.RevocationsPath, core.Public, w.revocations)
	mux.HandleFunc("GET "+cert.KeysPath, core.Public, w.keys)
	mux.HandleFunc("GET /certificates/issuer", core.Public, w.issuer)
	// A certificate for those who may read it.
	mux.HandleFunc("GET /certificates/{file}", certReaders, w.pdf)
	mux.HandleFunc("GET /certificates/{code}/badge.json", certReaders, w.badge)
	mux.HandleFunc("POST /certificates/{code}/revoke", certManager, w.revoke)
	// An activity's certificates.
	mux.HandleFunc("GET /training/activities/{id}/certificates", certReaders, w.activity)
	mux.HandleFunc("GET /training/activities/{id}/certificates.zip", certReaders, w.zip)
	mux.HandleFunc("POST /training/activities/{id}/certificates/issue-all", certManager, w.issueAll)
	mux.HandleFunc("POST /training/activities/{id}/certificates/issue", certManager, w.issue)
	mux.HandleFunc("POST /training/activities/{id}/certificates/withhold", certManager, w.withhold)
	mux.HandleFunc("POST /training/activities/{id}/certificates/mail", certManager, w.mail)
}

func localizer(r *http.Request) *i18n.Localizer { return ui.LocalizerFrom(r.Context()) }

// limited answers 429 when the client has used up its verifications.
func (w *Web) limited(rw http.ResponseWriter, r *http.Request) bool {
	ok, wait := w.limiter.allow(core.ActorFrom(r.Context()).IP)
	if ok {
		return false
	}
	rw.Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
	w.fail(rw, r, core.Errorf(core.RateLimited, "too many verifications from this address; try again in a minute"))
	return true
}

// verifyData is the verification page's data.
type verifyData struct {
	Code      string // as typed, formatted when well formed
	Asked     bool   // a code was given
	Found     bool
	Revoked   bool
	Cert      cert.Certificate
	Dates     string
	Issued    string
	RevokedOn string
	Hours     string
	Place     string
	PDFURL    string
	Offline   string
}

func (w *Web) verifyForm(rw http.ResponseWriter, r *http.Request) {
	if code := strings.TrimSpace(r.URL.Query().Get("code")); code != "" {
		http.Redirect(rw, r, "/verify/"+url.PathEscape(cert.FormatCode(code)), http.StatusSeeOther)
		return
	}
	l := localizer(r)
	w.render.Render(rw, r, http.StatusOK, "certs/verify.html", ui.Page{Title: l.T("certs.verify.title"), Section: "verify",
		Data: verifyData{Offline: "/verify/offline"}})
}

func (w *Web) verify(rw http.ResponseWriter, r *http.Request) {
	if w.limited(rw, r) {
		return
	}
	l := localizer(r)
	code := r.PathValue("code")
	v, err := w.svc.Verify(r.Context(), code)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	if wantsJSON(r) {
		// The same answer for programs: {"status": "valid"|"revoked"|"unknown", "certificate": …}.
		out := struct {
			Status      string       `json:"status"`
			Certificate *cert.Public `json:"certificate,omitempty"`
		}{Status: "unknown"}
		status := http.StatusNotFound
		if v.Found {
			p := v.Certificate.Public()
			out.Status, out.Certificate, status = string(p.Status), &p, http.StatusOK
		}
		writeJSON(rw, status, out, "no-store")
		return
	}
	d := verifyData{Code: cert.FormatCode(code), Asked: true, Found: v.Found, Offline: "/verify/offline"}
	status := http.StatusNotFound
	if v.Found {
		status = http.StatusOK
		c := v.Certificate
		d.Cert, d.Revoked = c, c.Status == cert.StatusRevoked
		d.Dates = training.DateRange(l, c.StartsOn, c.EndsOn)
		d.Issued = l.Date(c.IssuedAt)
		d.Hours = strconv.FormatFloat(c.Hours, 'f', -1, 64)
		d.Place = place(l, c)
		if d.Revoked {
			d.RevokedOn = l.Date(c.RevokedAt)
		} else {
			d.PDFURL = "/verify/" + cert.FormatCode(c.Code) + "/certificate.pdf"
		}
	}
	rw.Header().Set("Cache-Control", "no-store")
	rw.Header().Set("X-Robots-Tag", "noindex")
	w.render.Render(rw, r, status, "certs/verify.html", ui.Page{Title: l.T("certs.verify.title"), Section: "verify", Data: d})
}

// wantsJSON reports whether r asks for JSON rather than a page.
func wantsJSON(r *http.Request) bool {
	accept := r.Header.Get("Accept")
	return strings.Contains(accept, "application/json") && !strings.Contains(accept, "text/html")
}

// place is where an activity took place, in l's language.
func place(l *i18n.Localizer, c cert.Certificate) string {
	if c.Online {
		return l.T("certs.online")
	}
	if c.CountryCode == "" {
		return c.City
	}
	country := training.CountryName(l, c.CountryCode)
	if c.City == "" {
		return country
	}
	return c.City + ", " + country
}
