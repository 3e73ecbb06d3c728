// Package offline renders the self-contained certificate verification
// page (issue 10 §4): one HTML document with its style, its script, the
// issuer's public keys and the signed revocation list inside. Saved from
// the browser ("Save page as"), it verifies a certificate's QR payload
// from file:// with no network, years later, with WebCrypto's Ed25519.
//
// The page refers to no other file and fetches nothing: its own
// Content-Security-Policy (CSP, also the header to serve it with) allows
// only its inline script and style, by hash.
package offline

import (
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"html/template"
	"io"
	"time"

	"github.com/topcop-platform/topcop/internal/certs/cert"
	"github.com/topcop-platform/topcop/internal/i18n"
)

var (
	//go:embed page.html
	pageHTML string
	//go:embed page.css
	pageCSS string
	//go:embed page.js
	pageJS string
)

var pageTemplate = template.Must(template.New("offline").Parse(pageHTML))

// CSP is the page's Content-Security-Policy: nothing but its own inline
// script and style (by their SHA-256), no connection, no form target, no
// other file. The page carries it in a meta element, so a saved copy
// keeps it; the server sends it as the header in place of the
// platform's, which forbids every inline script.
var CSP = "default-src 'none'; script-src " + sha256Source(pageJS) + "; style-src " + sha256Source(pageCSS) +
	"; form-action 'none'; base-uri 'none'"

func sha256Source(s string) string {
	sum := sha256.Sum256([]byte(s))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}

// The reference time whose rendering in a language gives the page its
// date patterns: the script writes dates as the platform does (i18n.Date).
var patternTime = time.Date(2006, 1, 2, 15, 4, 0, 0, time.UTC)

// messageKeys are the messages the script shows, by their short names.
var messageKeys = []string{
	"valid", "revoked", "forged", "unknown_key", "malformed", "empty", "no_crypto",
	"name", "course", "dates", "hours", "code", "issuer", "key", "key_status", "key_current", "key_retired",
	"revoked_on", "reason", "online_check", "unknown_key_id",
	"revocations_loaded", "revocations_refused", "revocations_older", "revocations_invalid",
}

type pageData struct {
	L           *i18n.Localizer
	Dir         string
	CSP         string
	Style       template.CSS
	Script      template.JS
	Issuer      string
	Keys        []keyRow
	KeySet      cert.KeySet
	Revocations cert.RevocationList
	ListDate    string
	ListCount   int
	Text        map[string]string
	OnlineBase  string
	KeysURL     string
	ListURL     string
}

type keyRow struct {
	ID, Created, Retired string
}

// Render writes the offline verification page in l's language with keys
// and revocations embedded; onlineBase (the platform's public URL, or
// "") is shown, as text, where the current state of a certificate and
// newer lists are found.
func Render(w io.Writer, keys cert.KeySet, revocations cert.RevocationList, l *i18n.Localizer, onlineBase string) error {
	if revocations.Revoked == nil {
		revocations.Revoked = []cert.Revocation{}
	}
	if keys.Keys == nil {
		keys.Keys = []cert.JWK{}
	}
	d := pageData{
		L: l, Dir: direction(l.Lang()), CSP: CSP,
		Style: template.CSS(pageCSS), Script: template.JS(pageJS),
		Issuer: keys.Issuer, KeySet: keys, Revocations: revocations,
		ListDate: dateTime(l, revocations.IssuedAt), ListCount: len(revocations.Revoked),
		OnlineBase: onlineBase,
		Text: map[string]string{
			"lang":     l.Lang(),
			"date":     l.Date(patternTime),
			"datetime": l.DateTime(patternTime),
			"base":     onlineBase,
		},
	}
	if onlineBase != "" {
		d.KeysURL, d.ListURL = onlineBase+cert.KeysPath, onlineBase+cert.RevocationsPath
	}
	for _, k := range messageKeys {
		// Placeholders stay for the script to fill: {date}.
		d.Text[k] = l.T("certs.offline."+k, "Date", "{date}")
	}
	for _, k := range keys.Keys {
		d.Keys = append(d.Keys, keyRow{ID: k.Kid, Created: date(l, k.Created), Retired: date(l, k.Retired)})
	}
	return pageTemplate.Execute(w, d)
}

// direction is the writing direction of lang's script; the platform's
// languages all write left to right, and a right-to-left one added
// later gets its pages mirrored by this attribute alone.
func direction(lang string) string {
	switch lang {
	case "ar", "fa", "he", "ur", "yi":
		return "rtl"
	}
	return "ltr"
}

// date shows an RFC 3339 time as the language writes dates; "" stays "".
func date(l *i18n.Localizer, s string) string {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return s
	}
	return l.Date(t.UTC())
}

func dateTime(l *i18n.Localizer, s string) string {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return s
	}
	return l.DateTime(t.UTC())
}
