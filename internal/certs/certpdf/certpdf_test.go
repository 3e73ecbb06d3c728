package certpdf

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/topcop-platform/topcop/internal/certs/cert"
	"github.com/topcop-platform/topcop/internal/i18n"
)

// The PDFs are checked by the tools a reader's software would use:
// qpdf for the file's structure, poppler for text and rendering, zbar
// for the QR code.

func loadBundle(t testing.TB) *i18n.Bundle {
	t.Helper()
	b, err := i18n.Load(os.DirFS("../locales"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// sample is a certificate in lang signed with a fresh key, its QR text
// and the key set that verifies it.
func sample(t testing.TB, lang, name, native, title, localTitle string) (cert.Certificate, string, cert.KeySet) {
	t.Helper()
	issued := time.Date(2026, 11, 27, 15, 30, 0, 0, time.UTC)
	key, err := cert.NewSigningKey(issued)
	if err != nil {
		t.Fatal(err)
	}
	c := cert.Certificate{
		Code:        cert.NewCode(),
		Status:      cert.StatusValid,
		Name:        name,
		NativeName:  native,
		Lang:        lang,
		CourseCode:  "THB-INV-2026",
		CourseTitle: title,
		LocalTitle:  localTitle,
		StartsOn:    "2026-11-24",
		EndsOn:      "2026-11-26",
		Hours:       24.5,
		Outcomes: []string{
			"Identify indicators of trafficking in human beings in cross-border cases.",
			"Plan a joint investigation with partner agencies.",
			"Refer victims to protection and assistance services.",
		},
		City:          "Chișinău",
		CountryCode:   "MD",
		IssuerName:    "EU Border Assistance Mission",
		Signatory:     "Dr Maria Ionescu",
		SignatoryRole: "Head of Training",
		IssuedAt:      issued,
	}
	c.Payload, err = cert.Sign(c.Claims(), key)
	if err != nil {
		t.Fatal(err)
	}
	c.KeyID = key.ID
	return c, cert.QRText("https://topcop.example.org", c.Code, c.Payload), cert.PublicKeySet(c.IssuerName, []*cert.SigningKey{key})
}

// tool returns the path of an external program, or skips the test when
// it is missing (fails instead when TOPCOP_REQUIRE_TOOLS is set, as in
// CI).
func tool(t *testing.T, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err == nil {
		return path
	}
	if os.Getenv("TOPCOP_REQUIRE_TOOLS") != "" {
		t.Fatalf("%s is required (TOPCOP_REQUIRE_TOOLS is set): %v", name, err)
	}
	t.Skipf("SKIPPED: %s is not installed (qpdf, poppler-utils and zbar-tools check the PDF; set TOPCOP_REQUIRE_TOOLS to make this a failure)", name)
	return ""
}

// run runs an external program and returns its standard output (zbarimg
// writes noise about D-Bus to standard error).
func run(t *testing.T, name string, args ...string) string {
	t.Helper()
	var stderr bytes.Buffer
	cmd := exec.Command(tool(t, name), args...)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s%s", name, strings.Join(args, " "), err, out, stderr.Bytes())
	}
	return string(out)
}

// checkPDF writes pdf to a temporary file and checks what every
// certificate must pass: qpdf finds no error, and pdfinfo sees one A4
// landscape page. It returns the file's path.
func checkPDF(t *testing.T, pdf []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "certificate.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	run(t, "qpdf", "--check", path)
	info := run(t, "pdfinfo", path)
	if !regexp.MustCompile(`(?m)^Pages:\s+1$`).MatchString(info) {
		t.Errorf("pdfinfo: want 1 page:\n%s", info)
	}
	if !strings.Contains(info, "841.89 x 595.28 pts (A4)") {
		t.Errorf("pdfinfo: want an A4 landscape page (841.89 x 595.28):\n%s", info)
	}
	return path
}

// text is what pdftotext reads from the PDF, with runs of white space
// made one space so that a wrapped title still matches.
func text(t *testing.T, path string) string {
	t.Helper()
	return strings.Join(strings.Fields(run(t, "pdftotext", "-enc", "UTF-8", path, "-")), " ")
}

// TestRenderScripts renders a certificate for a participant of each
// script and checks it as a reader's tools see it: the file is sound,
// one A4 landscape page, every name and title is text (its glyphs
// present and mapped back to the characters), and the QR code read off
// the rendered page is the signed payload, which verifies.
func TestRenderScripts(t *testing.T) {
	b := loadBundle(t)
	en := b.Localizer("en")
	cases := []struct {
		lang, name, native, title, localTitle string
		want                                  []string // more text the page must show
	}{
		{"uk", "Olena Kovalenko", "Олена Коваленко", "Investigating Trafficking in Human Beings", "Розслідування торгівлі людьми",
			[]string{"Цей сертифікат засвідчує, що", "24.11.2026 – 26.11.2026", "24,5", "Chișinău, Молдова"}},
		{"ka", "Nino Beridze", "ნინო ბერიძე", "Investigating Trafficking in Human Beings", "ადამიანით ვაჭრობის გამოძიება",
			[]string{"სერტიფიკატის კოდი", "Chișinău, მოლდოვა"}},
		{"hy", "Armen Petrosyan", "Արմեն Պետրոսյան", "Investigating Trafficking in Human Beings", "Մարդկանց թրաֆիքինգի քննություն",
			[]string{"Վկայականի կոդ"}},
		{"az", "Gulchohra Aghashikhli-Aliyeva", "Gülçöhrə Ağaşıxlı-Əliyeva", "Investigating Trafficking in Human Beings", "İnsan alverinin araşdırılması",
			[]string{"Sertifikatın kodu", "Chișinău, Moldova"}},
		{"ro", "Ioana Brasoveanu-Martica", "Ioana Brașoveanu-Mârțîcă", "Investigating Trafficking in Human Beings", "Investigarea traficului de ființe umane",
			[]string{"Codul certificatului", "Republica Moldova"}},
		{"en", "John Smith", "", "Investigating Trafficking in Human Beings", "",
			[]string{"2026-11-24 – 2026-11-26", "Chișinău, Moldova", "Dr Maria Ionescu", "Head of Training"}},
	}
	for _, tc := range cases {
		t.Run(tc.lang, func(t *testing.T) {
			c, qr, keys := sample(t, tc.lang, tc.name, tc.native, tc.title, tc.localTitle)
			pdf, err := Render(c, qr, en, b.Localizer(tc.lang))
			if err != nil {
				t.Fatal(err)
			}
			path := checkPDF(t, pdf)

			got := text(t, path)
			want := append([]string{tc.name, tc.title, cert.FormatCode(c.Code), "Certificate of Completion",
				"Verify this certificate at https://topcop.example.org/verify/" + cert.FormatCode(c.Code)}, tc.want...)
			if tc.native != "" {
				want = append(want, tc.native, tc.localTitle)
			}
			for _, w := range want {
				if !strings.Contains(got, w) {
					t.Errorf("pdftotext lacks %q; it read:\n%s", w, got)
				}
			}
			if tc.lang == "en" && strings.Count(got, "Learning outcomes") != 1 {
				t.Errorf("an English certificate shows its labels once; pdftotext read:\n%s", got)
			}

			prefix := filepath.Join(filepath.Dir(path), "page")
			run(t, "pdftoppm", "-r", "150", "-png", path, prefix)
			decoded := strings.TrimSpace(run(t, "zbarimg", "--raw", "-q", prefix+"-1.png"))
			if decoded != qr {
				t.Fatalf("the QR code reads\n%q\nwant\n%q", decoded, qr)
			}
			claims, err := cert.Verify(cert.ExtractPayload(decoded), keys)
			if err != nil {
				t.Fatalf("the decoded payload does not verify: %v", err)
			}
			if claims.Code != c.Code || claims.Name != c.Name {
				t.Errorf("claims %+v do not name the certificate", claims)
			}
		})
	}
	if missing := b.Missing(); len(missing) > 0 {
		t.Errorf("messages missing from the catalogue: %v", missing)
	}
}

// word is one word pdftotext -bbox found, in points from the top left.
type word struct {
	text                   string
	xMin, yMin, xMax, yMax float64
}

var wordRE = regexp.MustCompile(`<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>`)

func words(t *testing.T, path string) []word {
	t.Helper()
	var ws []word
	for _, m := range wordRE.FindAllStringSubmatch(run(t, "pdftotext", "-bbox", "-enc", "UTF-8", path, "-"), -1) {
		w := word{text: m[5]}
		for i, p := range []*float64{&w.xMin, &w.yMin, &w.xMax, &w.yMax} {
			*p, _ = strconv.ParseFloat(m[i+1], 64)
		}
		ws = append(ws, w)
	}
	if len(ws) == 0 {
		t.Fatal("pdftotext -bbox found no words")
	}
	return ws
}

// TestRenderOverflow: a 200-character title in both languages, long
// names and many long outcomes still make one page on which every word
// lies inside the frame and no word overlaps another.
func TestRenderOverflow(t *testing.T) {
	b := loadBundle(t)
	long := "Advanced Joint Investigation Techniques for Combating Trafficking in Human Beings, Migrant Smuggling and Document Fraud at the Eastern Borders of the European Union and Its Neighbours, Module II"
	if len(long) < 200 {
		long += strings.Repeat(" Annex", (200-len(long))/6+1)
	}
	localLong := "Розширені методи спільного розслідування торгівлі людьми, незаконного переправлення мігрантів і підробки документів на східних кордонах Європейського Союзу та його сусідів, модуль II"
	outcome := "Apply the procedures of joint investigation teams to a cross-border trafficking case, from the first indicators to the referral of victims to support."
	for _, n := range []int{12, 40} {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			c, qr, _ := sample(t, "uk", "Oleksandra-Kateryna Shevchenko-Vasylenko-Kovalchuk", "Олександра-Катерина Шевченко-Василенко-Ковальчук", long, localLong)
			c.Outcomes = nil
			for i := range n {
				c.Outcomes = append(c.Outcomes, strconv.Itoa(i+1)+". "+outcome)
			}
			pdf, err := Render(c, qr, b.Localizer("en"), b.Localizer("uk"))
			if err != nil {
				t.Fatal(err)
			}
			path := checkPDF(t, pdf)
			ws := words(t, path)
			const inner = frameInner / ptMM // the frame's inner line, in points
			for _, w := range ws {
				if w.xMin < inner || w.yMin < inner || w.xMax > 841.89-inner || w.yMax > 595.28-inner {
					t.Errorf("%q at (%.1f,%.1f)-(%.1f,%.1f) leaves the frame", w.text, w.xMin, w.yMin, w.xMax, w.yMax)
				}
			}
			for i, a := range ws {
				for _, o := range ws[i+1:] {
					// Shrink by a point: neighbouring lines' boxes touch.
					if a.xMin+1 < o.xMax-1 && o.xMin+1 < a.xMax-1 && a.yMin+1 < o.yMax-1 && o.yMin+1 < a.yMax-1 {
						t.Errorf("%q and %q overlap", a.text, o.text)
					}
				}
			}
			// Twelve outcomes fit whole; forty are cut, with an ellipsis.
			got := text(t, path)
			last := strconv.Itoa(n) + ". Apply"
			if n == 12 && (!strings.Contains(got, last) || !strings.Contains(got, "referral of victims to support. Dates")) {
				t.Errorf("the twelfth outcome is not shown whole:\n%s", got)
			}
			if n == 40 && (strings.Contains(got, last) || !strings.Contains(got, "…")) {
				t.Errorf("forty outcomes are not cut with an ellipsis:\n%s", got)
			}
		})
	}
}

// TestRenderDeterministic: the same certificate gives the same bytes,
// also when rendered concurrently (fonts are shared, documents are not).
func TestRenderDeterministic(t *testing.T) {
	b := loadBundle(t)
	c, qr, _ := sample(t, "ka", "Nino Beridze", "ნინო ბერიძე", "Investigating Trafficking in Human Beings", "ადამიანით ვაჭრობის გამოძიება")
	want, err := Render(c, qr, b.Localizer("en"), b.Localizer("ka"))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	got := make([][]byte, 4)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf bytes.Buffer
			if err := RenderTo(&buf, c, qr, b.Localizer("en"), b.Localizer("ka")); err != nil {
				t.Error(err)
			}
			got[i] = buf.Bytes()
		}()
	}
	wg.Wait()
	for i, g := range got {
		if !bytes.Equal(g, want) {
			t.Errorf("rendering %d differs from the first (%d bytes, want %d)", i, len(g), len(want))
		}
	}
	if !bytes.Contains(want, []byte("/CreationDate (D:20261127153000")) {
		t.Error("the creation date is not the issue date")
	}
}

// TestRenderBadInput: no QR text, or more than a QR code holds, is an
// error; characters no font has and control characters are not.
func TestRenderBadInput(t *testing.T) {
	b := loadBundle(t)
	c, _, _ := sample(t, "en", "A\x00B\u0007 \U0001F600 \U00010000", "", "T\n\tT", "")
	en := b.Localizer("en")
	if _, err := Render(c, "", en, en); err == nil {
		t.Error("empty QR text: want an error")
	}
	if _, err := Render(c, strings.Repeat("x", 5000), en, en); err == nil {
		t.Error("QR text of 5000 bytes: want an error")
	}
	if _, err := Render(c, "https://x/verify/1#TC1.x.y", en, en); err != nil {
		t.Errorf("odd characters in the name: %v", err)
	}
	if got := clean(" A\x00B\u0007 \U0001F600\n\tZ "); got != "A B ? Z" {
		t.Errorf("clean = %q", got)
	}
}

// BenchmarkRender renders one bilingual certificate per iteration.
func BenchmarkRender(b *testing.B) {
	bundle := loadBundle(b)
	c, qr, _ := sample(b, "uk", "Olena Kovalenko", "Олена Коваленко", "Investigating Trafficking in Human Beings", "Розслідування торгівлі людьми")
	en, uk := bundle.Localizer("en"), bundle.Localizer("uk")
	fonts() // made once per process, not per certificate
	b.ResetTimer()
	for b.Loop() {
		if _, err := Render(c, qr, en, uk); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "PDFs/s")
}
