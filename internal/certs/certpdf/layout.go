package certpdf

import (
	"strings"
	"unicode"

	"codeberg.org/go-pdf/fpdf"
)

// The page, in millimetres (A4 landscape, origin top left):
//
//	┌────────────────────── frame ───────────────────────┐
//	│ band: issuer, heading in English and local         │
//	│        certifies · name · native name · completed  │
//	│        course title · local title   (shrinks)      │
//	│ ─────────────────────── rule ───────────────────── │
//	│ learning outcomes    │ dates, hours,   │     code  │
//	│ (shrink, then …)     │ venue, issued   │  ┌─────┐  │
//	│                      │ ___signature___ │  │ QR  │  │
//	│            verify at … (English, then local)       │
//	└────────────────────────────────────────────────────┘
const (
	pageW, pageH = 297.0, 210.0
	ptMM         = 25.4 / 72 // one point in millimetres

	frameOuter = 7.0 // the frame's outer line, from the edge
	frameInner = 9.5 // its inner line, which the band fills up to

	bandBottom = 38.0

	contentLeft  = 22.0
	contentRight = 275.0

	// The centred block under the band takes what it needs up to
	// topBottom; the columns start under it.
	topTop, topBottom = 43.0, 97.0

	colBottom  = 186.0
	outcomesX  = contentLeft
	outcomesW  = 128.0
	factsX     = 158.0
	factsW     = 68.0
	signatureY = 172.0
	qrSize     = 45.0
	qrX        = contentRight - qrSize

	footerY = 193.2
)

type rgb struct{ r, g, b int }

var (
	navy  = rgb{23, 42, 74}
	gold  = rgb{168, 130, 52}
	ink   = rgb{33, 37, 41}
	grey  = rgb{96, 104, 112}
	pale  = rgb{205, 214, 228}
	white = rgb{255, 255, 255}
	black = rgb{0, 0, 0}
)

// page draws on one certificate's fpdf document.
type page struct {
	f *fpdf.Fpdf
}

func (p *page) use(bold bool, size float64, c rgb) {
	style := ""
	if bold {
		style = "B"
	}
	p.f.SetFont(family, style, size)
	p.f.SetTextColor(c.r, c.g, c.b)
}

// lineHeight is the distance between baselines of text set at size
// points.
func lineHeight(size float64) float64 { return size * ptMM * 1.3 }

// baseline is where the first line of text at size sits under y.
func baseline(y, size float64) float64 { return y + size*ptMM*1.05 }

// centred draws s with its middle at x.
func (p *page) centred(x, y float64, s string) {
	p.f.Text(x-p.f.GetStringWidth(s)/2, y, s)
}

// fit sets the font to the largest size from size down to min at which s
// fits in w, and returns s, ending in an ellipsis if even min is too
// large.
func (p *page) fit(s string, w float64, bold bool, size, min float64, c rgb) string {
	for ; size > min; size -= 0.25 {
		p.use(bold, size, c)
		if p.f.GetStringWidth(s) <= w {
			return s
		}
	}
	p.use(bold, min, c)
	return p.clip(s, w)
}

// clip returns s, or s shortened with an ellipsis until it fits in w at
// the current font.
func (p *page) clip(s string, w float64) string {
	if p.f.GetStringWidth(s) <= w {
		return s
	}
	return p.ellipsis(s, w)
}

// ellipsis shortens s until s and an ellipsis fit in w, and appends it.
func (p *page) ellipsis(s string, w float64) string {
	r := []rune(s)
	for len(r) > 0 && p.f.GetStringWidth(string(r)+"…") > w {
		r = r[:len(r)-1]
	}
	return strings.TrimRightFunc(string(r), unicode.IsSpace) + "…"
}

// wrap breaks s into lines of at most w at the current font; past max
// lines, the last one ends in an ellipsis.
func (p *page) wrap(s string, w float64, max int) []string {
	lines := p.f.SplitText(s, w)
	if max > 0 && len(lines) > max {
		lines = lines[:max]
		lines[max-1] = p.ellipsis(lines[max-1], w)
	}
	return lines
}

func (p *page) frame(d draft) {
	f := p.f
	f.SetDrawColor(navy.r, navy.g, navy.b)
	f.SetLineWidth(1.0)
	f.Rect(frameOuter, frameOuter, pageW-2*frameOuter, pageH-2*frameOuter, "D")
	f.SetFillColor(navy.r, navy.g, navy.b)
	f.Rect(frameInner, frameInner, pageW-2*frameInner, bandBottom-frameInner, "F")
	f.SetDrawColor(gold.r, gold.g, gold.b)
	f.SetLineWidth(0.35)
	f.Rect(frameInner, frameInner, pageW-2*frameInner, pageH-2*frameInner, "D")
	f.SetLineWidth(0.6)
	f.Line(frameInner, bandBottom, pageW-frameInner, bandBottom)

	w := contentRight - contentLeft
	if d.issuer != "" {
		p.centred(pageW/2, 17, p.fit(d.issuer, w, true, 10, 7, gold))
	}
	if d.headingLocal == "" {
		p.centred(pageW/2, 29.5, p.fit(d.heading, w, true, 24, 14, white))
		return
	}
	p.centred(pageW/2, 27, p.fit(d.heading, w, true, 22, 14, white))
	p.centred(pageW/2, 34, p.fit(d.headingLocal, w, false, 13, 9, pale))
}

// block is a paragraph of the centred block under the band; size and
// gap (the space above it) are at full scale.
type block struct {
	text  string
	bold  bool
	size  float64
	color rgb
	lines int
	gap   float64
}

// top sets the centred block at the largest scale at which every
// paragraph fits above topBottom (at the smallest scale the paragraphs'
// line limits guarantee that), draws a rule under it and returns where
// the columns start.
func (p *page) top(d draft) (colTop float64) {
	blocks := []block{
		{text: d.certifies, size: 10, color: grey, lines: 2},
		{text: d.name, bold: true, size: 26, color: navy, lines: 2, gap: 1},
		{text: d.nativeName, size: 18, color: ink, lines: 2, gap: 0.5},
		{text: d.completed, size: 10, color: grey, lines: 2, gap: 2.5},
		{text: d.title, bold: true, size: 16, color: navy, lines: 3, gap: 1.5},
		{text: d.localTitle, size: 13, color: ink, lines: 3, gap: 0.5},
	}
	w := contentRight - contentLeft
	room := topBottom - topTop
	type line struct {
		text string
		b    block
		size float64
		y    float64 // top of the line, from the block's top
	}
	var lines []line
	var height float64
	for scale := 1.0; ; scale -= 0.05 {
		lines, height = lines[:0], 0
		for _, b := range blocks {
			if b.text == "" {
				continue
			}
			size := b.size * scale
			p.use(b.bold, size, b.color)
			height += b.gap * scale
			for _, s := range p.wrap(b.text, w, b.lines) {
				lines = append(lines, line{text: s, b: b, size: size, y: height})
				height += lineHeight(size)
			}
		}
		if height <= room || scale <= 0.6 {
			break
		}
	}
	for _, l := range lines {
		p.use(l.b.bold, l.size, l.b.color)
		p.centred(pageW/2, baseline(topTop+l.y, l.size), l.text)
	}
	ruleY := topTop + height + 3
	p.f.SetDrawColor(gold.r, gold.g, gold.b)
	p.f.SetLineWidth(0.3)
	p.f.Line(contentLeft+40, ruleY, contentRight-40, ruleY)
	return ruleY + 4.5
}

// outcomes sets the learning outcomes as a bulleted list in the left
// column, at the largest size that fits; at the smallest, the list is cut
// and its last line ends in an ellipsis.
func (p *page) outcomes(d draft, colTop float64) {
	if len(d.outcomes) == 0 {
		return
	}
	y := colTop
	p.f.Text(outcomesX, baseline(y, 8.5), p.fit(d.outcomesLabel, outcomesW, true, 8.5, 6, navy))
	y += lineHeight(8.5) + 1.5

	const indent, minSize = 3.5, 6.0
	var size, lh, gap float64
	var items [][]string
	for size = 10; ; size -= 0.5 {
		lh, gap = lineHeight(size), lineHeight(size)*0.3
		p.use(false, size, ink)
		items = items[:0]
		height := -gap
		for _, o := range d.outcomes {
			ls := p.wrap(o, outcomesW-indent, 0)
			items = append(items, ls)
			height += float64(len(ls))*lh + gap
		}
		if y+height <= colBottom || size <= minSize {
			break
		}
	}
	for i, ls := range items {
		if i > 0 {
			y += gap
		}
		p.use(true, size, gold)
		p.f.Text(outcomesX+0.3, baseline(y, size), "•")
		p.use(false, size, ink)
		for j, s := range ls {
			next := y + lh // where the line after this one starts
			if j == len(ls)-1 {
				next += gap
			}
			if more := j < len(ls)-1 || i < len(items)-1; more && next+lh > colBottom {
				p.f.Text(outcomesX+indent, baseline(y, size), p.ellipsis(s, outcomesW-indent))
				return
			}
			p.f.Text(outcomesX+indent, baseline(y, size), s)
			y += lh
		}
	}
}

// facts sets dates, hours, venue and the date of issue in the middle
// column: a bilingual label, the English value and the local one when it
// reads differently.
func (p *page) facts(d draft, colTop float64) {
	y := colTop
	for _, f := range d.facts {
		p.f.Text(factsX, baseline(y, 7.5), p.fit(f.label, factsW, true, 7.5, 5.5, grey))
		y += lineHeight(7.5) + 0.3
		p.f.Text(factsX, baseline(y, 10.5), p.fit(f.value, factsW, false, 10.5, 7, ink))
		y += lineHeight(10.5)
		if f.local != "" {
			p.f.Text(factsX, baseline(y, 9), p.fit(f.local, factsW, false, 9, 6.5, grey))
			y += lineHeight(9)
		}
		y += 2.5
	}
}

// signature draws the signature line with the signatory, their role and
// the issuing body under it.
func (p *page) signature(d draft) {
	p.f.SetDrawColor(ink.r, ink.g, ink.b)
	p.f.SetLineWidth(0.3)
	p.f.Line(factsX, signatureY, factsX+factsW, signatureY)
	y := signatureY + 1.2
	if d.signatory != "" {
		p.f.Text(factsX, baseline(y, 10), p.fit(d.signatory, factsW, true, 10, 7, ink))
		y += lineHeight(10)
	}
	for _, s := range []string{d.signatoryRole, d.issuer} {
		if s != "" {
			p.f.Text(factsX, baseline(y, 8.5), p.fit(s, factsW, false, 8.5, 6, grey))
			y += lineHeight(8.5)
		}
	}
}

// code draws the certificate's code over its QR code. The QR code is
// drawn as vector rectangles (one per run of dark modules in a row),
// sharp at any zoom and in print; bits includes the four-module quiet
// zone, kept white.
func (p *page) code(d draft, bits [][]bool) {
	qrY := colBottom - qrSize
	cx := qrX + qrSize/2
	p.centred(cx, qrY-1.5, p.fit(d.code, qrSize, true, 11, 7, navy))
	p.centred(cx, qrY-1.5-lineHeight(11), p.fit(d.codeLabel, qrSize, false, 7.5, 5, grey))

	f := p.f
	f.SetFillColor(white.r, white.g, white.b)
	f.Rect(qrX, qrY, qrSize, qrSize, "F")
	f.SetFillColor(black.r, black.g, black.b)
	m := qrSize / float64(len(bits))
	for row, line := range bits {
		for col := 0; col < len(line); {
			if !line[col] {
				col++
				continue
			}
			start := col
			for col < len(line) && line[col] {
				col++
			}
			f.Rect(qrX+float64(start)*m, qrY+float64(row)*m, float64(col-start)*m, m, "F")
		}
	}
}

// footer is the line that says where to verify, in English and then in
// the participant's language.
func (p *page) footer(d draft) {
	w := contentRight - contentLeft
	if d.verifyLocal == "" {
		p.centred(pageW/2, footerY+1.8, p.fit(d.verify, w, false, 8, 5.5, grey))
		return
	}
	p.centred(pageW/2, footerY, p.fit(d.verify, w, false, 7.5, 5.5, grey))
	p.centred(pageW/2, footerY+lineHeight(7.5)+0.3, p.fit(d.verifyLocal, w, false, 7.5, 5.5, grey))
}
