package ui

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Bar is one bar of a horizontal bar chart (partials/barchart.html). URL,
// when set, makes the bar and its row in the data table a link to the
// records behind the figure.
type Bar struct {
	Label string
	Value int
	URL   string
}

// BarGeom is a Bar with its computed position in the chart's SVG.
// Vertical positions are CSS pixels from the top of the SVG; horizontal
// ones are shares of its width, because the SVG is as wide as its
// container and is never scaled (its text stays at its CSS size).
type BarGeom struct {
	Bar
	// Lines is the whole Label wrapped to fit the narrowest chart (a
	// phone): its lines and their baselines. The value is drawn at the
	// right end of the first line, the bar below the last.
	Lines []ChartLine
	// Short is Label cut to 28 runes (with "…"), for one-line mentions;
	// the chart itself draws the whole label (Lines).
	Short string
	// Y is the top of the bar, TextY the baseline of the first label line
	// and of the value.
	Y, TextY int
	// Width is the bar's length in thousandths of the chart's width
	// (PlotWidth is the longest bar): Value scaled so the largest value
	// fills PlotWidth. A positive value is at least 1 wide; zero and
	// negative values are 0.
	Width int
}

// ChartLine is one line of a wrapped bar label and its baseline (CSS px).
type ChartLine struct {
	Text string
	Y    int
}

// WidthPct is the bar's length as an SVG length ("37.5%").
func (g BarGeom) WidthPct() string {
	return strconv.FormatFloat(float64(g.Width)/10, 'f', -1, 64) + "%"
}

// BarChart is the geometry of a whole chart (see BarGeom for the units).
type BarChart struct {
	Rows []BarGeom
	// Height is the SVG's height in CSS px; it is as wide as its
	// container (Width is "100%").
	Height int
	Width  string
	// PlotWidth is the length of the longest bar: all of the chart's
	// width, in the thousandths BarGeom.Width counts.
	PlotWidth int
	BarHeight int
	// TextX is the inset of the text from the SVG's edges (CSS px): the
	// labels start there, the values end there, so that glyphs that
	// overhang their advance stay inside.
	TextX int
	// Max is the largest value; MaxBar the first bar that has it (used in
	// the chart's spoken summary).
	Max    int
	MaxBar Bar
}

// Chart layout. The label and value text is ChartFontPx (app.css draws
// .chart-label and .chart-value at that size); labels wrap to fit
// chartMinWidth, the chart's width on the narrowest phone (320 px less
// the page's margins), so no label is ever cut or clipped, whatever the
// screen. Each row is the label's lines, then the bar.
const (
	ChartFontPx     = 14
	chartLineHeight = 18
	chartMinWidth   = 288
	chartBarHeight  = 14
	chartBarGap     = 5  // between the last label line and the bar
	chartRowGap     = 12 // between a bar and the next row's label
	chartPad        = 2
	chartValueGap   = 12 // between a label's first line and the value
	chartTextInset  = 2
	chartLabelRunes = 28
)

// NewBarChart lays out items as horizontal bars, in the given order (sort
// them before if the order should mean something). The barchart partial calls
// it through the template function "barchart"; handlers rarely need it.
func NewBarChart(items []Bar) BarChart {
	c := BarChart{Width: "100%", PlotWidth: 1000, BarHeight: chartBarHeight, TextX: chartTextInset}
	for i, b := range items {
		if i == 0 || b.Value > c.Max {
			c.Max, c.MaxBar = b.Value, b
		}
	}
	c.Rows = make([]BarGeom, len(items))
	y := chartPad
	for i, b := range items {
		g := BarGeom{Bar: b, Short: truncate(b.Label, chartLabelRunes)}
		// The value shares the first line: that line is shorter by the
		// value's width (its digits, grouped, bold).
		line := float64(chartMinWidth - 2*chartTextInset)
		first := line - chartValueGap - valueWidth(b.Value)
		for j, text := range wrapLabel(b.Label, first, line) {
			g.Lines = append(g.Lines, ChartLine{Text: text, Y: y + j*chartLineHeight + ChartFontPx})
		}
		g.TextY = g.Lines[0].Y
		g.Y = y + len(g.Lines)*chartLineHeight + chartBarGap
		if b.Value > 0 && c.Max > 0 {
			g.Width = max(1, int(int64(b.Value)*int64(c.PlotWidth)/int64(c.Max)))
		}
		c.Rows[i] = g
		y = g.Y + chartBarHeight + chartRowGap
	}
	c.Height = y - chartRowGap + chartPad
	if len(items) == 0 {
		c.Height = 2 * chartPad
	}
	return c
}

// Bars returns just the per-bar geometry of NewBarChart(items).
func Bars(items []Bar) []BarGeom { return NewBarChart(items).Rows }

// wrapLabel breaks s into lines no wider than first (the first line) and
// rest (the others) CSS px at ChartFontPx: at spaces, else after a dot,
// hyphen, underscore or slash ("directory.person.updated"), else anywhere
// in a word that is too long for a line by itself. It always returns at
// least one line.
func wrapLabel(s string, first, rest float64) []string {
	var lines []string
	limit := first
	line := ""
	flush := func() {
		lines = append(lines, line)
		line = ""
		limit = rest
	}
	for _, word := range strings.Fields(s) {
		switch {
		case line == "":
		case labelWidth(line+" "+word) <= limit:
			line += " " + word
			continue
		default:
			flush()
		}
		// word starts the line. If it is too wide for the first line (the
		// value leaves little room) but not for the others, the label
		// starts on the second line; else it is broken while it does not
		// fit.
		if len(lines) == 0 && labelWidth(word) > limit && labelWidth(word) <= rest {
			flush()
		}
		for labelWidth(word) > limit {
			cut := breakWord(word, limit)
			line = word[:cut]
			word = word[cut:]
			flush()
		}
		line = word
	}
	if line != "" || len(lines) == 0 {
		lines = append(lines, line)
	}
	return lines
}

// breakWord returns where to cut word so that its start fits in limit px:
// after the last dot, hyphen, underscore or slash that fits, else after the
// last rune that fits (at least one rune).
func breakWord(word string, limit float64) int {
	fit, punct := 0, 0
	for i, r := range word {
		end := i + utf8.RuneLen(r)
		if labelWidth(word[:end]) > limit {
			break
		}
		fit = end
		if strings.ContainsRune(".-_/", r) && end < len(word) {
			punct = end
		}
	}
	switch {
	case punct > 0:
		return punct
	case fit > 0:
		return fit
	default:
		_, n := utf8.DecodeRuneInString(word)
		return n
	}
}

// valueWidth estimates the width of v as the chart draws it (bold, its
// digits grouped by thousands) in CSS px.
func valueWidth(v int) float64 {
	n := len(strconv.Itoa(v))
	return float64(n+(n-1)/3) * 0.72 * ChartFontPx
}

// labelWidth estimates the width of a label in CSS px at ChartFontPx,
// from per-script average advances, on the wide side of the fonts app.css
// names (Noto Sans and DejaVu Sans with their Georgian and Armenian
// companions, Sylfaen), so that a label wrapped with it fits.
func labelWidth(s string) float64 {
	em := 0.0
	for _, r := range s {
		switch {
		case r == ' ':
			em += 0.32
		case r < 0x80 && unicode.IsUpper(r), r == 'm', r == 'w':
			em += 0.8
		case r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			em += 0.62
		case r < 0x80:
			em += 0.42 // punctuation
		case r >= 0x0400 && r <= 0x04FF: // Cyrillic
			if unicode.IsUpper(r) || strings.ContainsRune("жшщыюмф", r) {
				em += 0.95
			} else {
				em += 0.68
			}
		case r >= 0x10A0 && r <= 0x10FF, r >= 0x1C90 && r <= 0x1CBF, r >= 0x2D00 && r <= 0x2D2F: // Georgian
			em += 0.75
		case r >= 0x0530 && r <= 0x058F: // Armenian
			em += 0.75
		case r == '…', r == '–', r == '—':
			em += 1
		case r < 0x0250: // Latin with diacritics (Romanian, Azerbaijani)
			em += 0.72
		default:
			em += 1
		}
	}
	return em * ChartFontPx
}

// truncate cuts s to at most n runes, ending with "…" when cut.
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
