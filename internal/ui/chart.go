package ui

// Bar is one bar of a horizontal bar chart (partials/barchart.html). URL,
// when set, makes the bar and its row in the data table a link to the
// records behind the figure.
type Bar struct {
	Label string
	Value int
	URL   string
}

// BarGeom is a Bar with its computed position in the chart's SVG viewBox.
type BarGeom struct {
	Bar
	// Short is Label cut to fit the label column (with "…"); the full Label
	// is in the bar's <title> tooltip and in the data table.
	Short string
	// Y is the top of the bar, TextY the baseline of its label and value.
	Y, TextY int
	// Width is the bar's length: Value scaled so the largest value fills
	// PlotWidth. A positive value is at least 1 unit wide; zero and
	// negative values are 0.
	Width int
	// ValueX is where the value text starts, just right of the bar.
	ValueX int
}

// BarChart is the geometry of a whole chart, in SVG viewBox units (the SVG
// scales to its container's width).
type BarChart struct {
	Rows          []BarGeom
	Width, Height int
	// LabelX is the right edge of the label column (labels are end-anchored);
	// PlotX is where bars start, PlotWidth the length of the longest bar.
	LabelX, PlotX, PlotWidth int
	BarHeight                int
	// Max is the largest value; MaxBar the first bar that has it (used in
	// the chart's spoken summary).
	Max    int
	MaxBar Bar
}

// Chart layout constants, in viewBox units.
const (
	chartWidth      = 640
	chartLabelWidth = 210
	chartValueWidth = 80
	chartRowHeight  = 30
	chartBarHeight  = 20
	chartPadTop     = 6
	chartLabelRunes = 28
)

// NewBarChart lays out items as horizontal bars, in the given order (sort
// them before if the order should mean something). The barchart partial calls
// it through the template function "barchart"; handlers rarely need it.
func NewBarChart(items []Bar) BarChart {
	c := BarChart{
		Width:     chartWidth,
		Height:    len(items)*chartRowHeight + 2*chartPadTop,
		LabelX:    chartLabelWidth - 8,
		PlotX:     chartLabelWidth,
		PlotWidth: chartWidth - chartLabelWidth - chartValueWidth,
		BarHeight: chartBarHeight,
	}
	for i, b := range items {
		if i == 0 || b.Value > c.Max {
			c.Max, c.MaxBar = b.Value, b
		}
	}
	c.Rows = make([]BarGeom, len(items))
	for i, b := range items {
		g := BarGeom{Bar: b, Short: truncate(b.Label, chartLabelRunes)}
		g.Y = chartPadTop + i*chartRowHeight + (chartRowHeight-chartBarHeight)/2
		g.TextY = g.Y + chartBarHeight/2 + 5
		if b.Value > 0 && c.Max > 0 {
			g.Width = max(1, int(int64(b.Value)*int64(c.PlotWidth)/int64(c.Max)))
		}
		g.ValueX = c.PlotX + g.Width + 6
		c.Rows[i] = g
	}
	return c
}

// Bars returns just the per-bar geometry of NewBarChart(items).
func Bars(items []Bar) []BarGeom { return NewBarChart(items).Rows }

// truncate cuts s to at most n runes, ending with "…" when cut.
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
