// Package certpdf draws a certificate (issue 10 §2) as a one-page A4
// landscape PDF: bilingual (English, then the participant's language),
// with the participant's name in Latin script and in their own, the
// course, its dates, hours, venue and learning outcomes, the issuing body
// and signatory, the code and the QR code that carries the signed payload.
//
// The text is set in DejaVu Sans, embedded and subset, because it covers
// every script of the platform's languages (Latin with Romanian and
// Azerbaijani letters, Cyrillic, Georgian, Armenian). Whatever the input,
// the page stays one page: long titles and outcome lists shrink, and what
// still does not fit ends in an ellipsis rather than leaving the page.
package certpdf

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
	"unicode"

	"codeberg.org/go-pdf/fpdf"
	"github.com/go-fonts/dejavu/dejavusans"
	"github.com/go-fonts/dejavu/dejavusansbold"
	"github.com/skip2/go-qrcode"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
	"golang.org/x/text/message"
	"golang.org/x/text/number"

	"github.com/topcop-platform/topcop/internal/certs/cert"
	"github.com/topcop-platform/topcop/internal/i18n"
)

// family is the name the embedded fonts are registered under.
const family = "DejaVu"

// scripts are the Unicode ranges the certificate can show: Latin with
// its extensions (Romanian ș ț, Azerbaijani ə), combining marks, Greek,
// Cyrillic, Armenian, Georgian, punctuation and a few symbols. DejaVu
// Sans covers them; text outside them is drawn as "?" (see clean).
var scripts = [][2]rune{
	{0x0020, 0x007E}, {0x00A0, 0x058F}, {0x10A0, 0x10FF}, {0x1E00, 0x1EFF},
	{0x2000, 0x206F}, {0x20A0, 0x20CF}, {0x2100, 0x214F}, {0x2190, 0x21FF}, {0x25A0, 0x25FF},
}

// fonts holds DejaVu Sans and DejaVu Sans Bold cut down to scripts, made
// once: fpdf parses a font on every document, and parsing the cut fonts
// (about 200 kB each instead of 750 kB) is what keeps a certificate well
// under 50 ms. The slices are only read afterwards, so concurrent
// renderings share them.
var fonts = sync.OnceValues(func() (regular, bold []byte) {
	var set strings.Builder
	for _, r := range scripts {
		for c := r[0]; c <= r[1]; c++ {
			set.WriteRune(c)
		}
	}
	return fpdf.UTF8CutFont(dejavusans.TTF, set.String()), fpdf.UTF8CutFont(dejavusansbold.TTF, set.String())
})

// Render draws c as an A4 landscape PDF. qrText is what the QR code holds
// (cert.QRText(...)). en and local localise the labels: the certificate
// is bilingual, English first, then the participant's language (local may
// be the English localizer: then one language only). It fails when
// qrText is empty or too long for a QR code. Safe for concurrent use.
func Render(c cert.Certificate, qrText string, en, local *i18n.Localizer) ([]byte, error) {
	var buf bytes.Buffer
	if err := RenderTo(&buf, c, qrText, en, local); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// RenderTo is Render writing the PDF to w.
func RenderTo(w io.Writer, c cert.Certificate, qrText string, en, local *i18n.Localizer) error {
	if qrText == "" {
		return errors.New("certpdf: no QR text")
	}
	qr, err := qrcode.New(qrText, qrcode.Medium)
	if err != nil {
		return fmt.Errorf("certpdf: QR code: %w", err)
	}
	if local == nil || local.Lang() == en.Lang() {
		local = nil
	}
	regular, bold := fonts()
	f := fpdf.New("L", "mm", "A4", "")
	f.AddUTF8FontFromBytes(family, "", regular)
	f.AddUTF8FontFromBytes(family, "B", bold)
	f.SetAutoPageBreak(false, 0)
	f.SetCellMargin(0)
	f.SetCatalogSort(true) // the same certificate gives the same bytes
	f.SetCreationDate(c.IssuedAt)
	f.SetModificationDate(c.IssuedAt)
	f.SetTitle(clean(en.T("certs.pdf.heading")+": "+c.Name), true)
	f.SetAuthor(clean(c.IssuerName), true)
	f.SetSubject(clean(c.CourseTitle+" ("+cert.FormatCode(c.Code)+")"), true)
	f.SetCreator("TOPCOP Platform", true)
	f.SetLang("en")
	f.AddPage()

	p := &page{f: f}
	d := newDraft(c, qrText, en, local)
	p.frame(d)
	colTop := p.top(d)
	p.outcomes(d, colTop)
	p.facts(d, colTop)
	p.signature(d)
	p.code(d, qr.Bitmap())
	p.footer(d)
	if err := f.Error(); err != nil {
		return fmt.Errorf("certpdf: %w", err)
	}
	return f.Output(w)
}

// draft is the certificate's text, cleaned and localised, ready to set.
// The local fields are empty when the certificate has one language.
type draft struct {
	heading, headingLocal    string
	issuer                   string
	certifies, completed     string
	name, nativeName         string
	title, localTitle        string
	facts                    []fact
	outcomesLabel            string
	outcomes                 []string
	signatory, signatoryRole string
	codeLabel, code          string
	verify, verifyLocal      string
}

// fact is one labelled value of the middle column; local is the value in
// the participant's language when it reads differently.
type fact struct {
	label, value, local string
}

func newDraft(c cert.Certificate, qrText string, en, local *i18n.Localizer) draft {
	// both joins the English text of key and the local one: labels are
	// bilingual on one line.
	both := func(key string) string {
		if local == nil {
			return en.T(key)
		}
		return en.T(key) + " · " + local.T(key)
	}
	url, _, _ := strings.Cut(qrText, "#")
	d := draft{
		heading:       en.T("certs.pdf.heading"),
		issuer:        clean(c.IssuerName),
		certifies:     both("certs.pdf.certifies"),
		completed:     both("certs.pdf.completed"),
		name:          clean(c.Name),
		nativeName:    clean(c.NativeName),
		title:         clean(c.CourseTitle),
		localTitle:    clean(c.LocalTitle),
		outcomesLabel: both("certs.pdf.outcomes"),
		signatory:     clean(c.Signatory),
		signatoryRole: clean(c.SignatoryRole),
		codeLabel:     both("certs.pdf.code"),
		code:          cert.FormatCode(c.Code),
		verify:        clean(en.T("certs.pdf.verify", "URL", url)),
	}
	if d.nativeName == d.name {
		d.nativeName = ""
	}
	if d.localTitle == d.title {
		d.localTitle = ""
	}
	for _, o := range c.Outcomes {
		if o = clean(o); o != "" {
			d.outcomes = append(d.outcomes, o)
		}
	}
	if local != nil {
		d.headingLocal = local.T("certs.pdf.heading")
		d.verifyLocal = clean(local.T("certs.pdf.verify", "URL", url))
	}

	add := func(key string, value func(*i18n.Localizer) string) {
		f := fact{label: both(key), value: value(en)}
		if local != nil {
			if v := value(local); v != f.value {
				f.local = v
			}
		}
		if f.value != "" {
			d.facts = append(d.facts, f)
		}
	}
	add("certs.pdf.dates", func(l *i18n.Localizer) string {
		from, to := day(l, c.StartsOn), day(l, c.EndsOn)
		if to == "" || to == from {
			return from
		}
		return from + " – " + to
	})
	if c.Hours > 0 {
		add("certs.pdf.hours", func(l *i18n.Localizer) string {
			return message.NewPrinter(language.Make(l.Lang())).Sprint(number.Decimal(c.Hours, number.MaxFractionDigits(2)))
		})
	}
	add("certs.pdf.venue", func(l *i18n.Localizer) string {
		if c.Online {
			return l.T("certs.pdf.online")
		}
		parts := []string{}
		if city := clean(c.City); city != "" {
			parts = append(parts, city)
		}
		if r, err := language.ParseRegion(c.CountryCode); err == nil {
			if n := display.Regions(language.Make(l.Lang())).Name(r); n != "" {
				parts = append(parts, clean(n))
			}
		}
		return strings.Join(parts, ", ")
	})
	add("certs.pdf.issued_on", func(l *i18n.Localizer) string {
		if c.IssuedAt.IsZero() {
			return ""
		}
		return l.Date(c.IssuedAt.UTC())
	})
	return d
}

// day formats a YYYY-MM-DD date the way l writes dates; a value that is
// not such a date is shown as it is.
func day(l *i18n.Localizer, s string) string {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return clean(s)
	}
	return l.Date(t)
}

// clean makes s one line of text the fonts can draw: runs of white space
// and control characters become one space, and a character outside
// scripts becomes "?" (fpdf would draw nothing visible for it, and
// panics on some).
func clean(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		if !covered(r) {
			r = '?'
		}
		b.WriteRune(r)
	}
	return b.String()
}

func covered(r rune) bool {
	for _, s := range scripts {
		if r >= s[0] && r <= s[1] {
			return true
		}
	}
	return false
}
