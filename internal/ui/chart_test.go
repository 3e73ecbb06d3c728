package ui

import (
	"strings"
	"testing"
)

// TestChartWrapLabel checks that labels wrap, whole, into lines no wider
// than their width (by the estimate the layout uses), at spaces where
// they can and inside a word only where they must.
func TestChartWrapLabel(t *testing.T) {
	const line = chartMinWidth - 2*chartTextInset
	for _, tc := range []struct {
		name, label string
		first       float64
		lines       []string // nil: just check the invariants
	}{
		{"short", "Moldova", line, []string{"Moldova"}},
		{"empty", "", line, []string{""}},
		{"spaces collapse", "  Border   guard ", line, []string{"Border guard"}},
		{"english", "Regional Network of Financial Investigators", 200, []string{"Regional Network of", "Financial Investigators"}},
		{"georgian", "დანაშაულის მონაცემების საკოორდინაციო პირი", 200, nil},
		{"armenian", "Ֆինանսական մոնիտորինգի կենտրոն և հակակոռուպցիոն կոմիտե", line, nil},
		{"russian", "Национальное антикоррупционное бюро Украины и Служба безопасности", line, nil},
		{"dotted action", "directory.contact_point.archived_by_administrator.after_review", line, nil},
		{"one long word", strings.Repeat("Ж", 60), line, nil},
		{"no room on the first line", "EMPACT national coordinator", 10, []string{"", "EMPACT national coordinator"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := wrapLabel(tc.label, tc.first, line)
			if tc.lines != nil && strings.Join(got, "|") != strings.Join(tc.lines, "|") {
				t.Errorf("wrapLabel(%q) = %q, want %q", tc.label, got, tc.lines)
			}
			if len(got) == 0 {
				t.Fatal("no lines")
			}
			if strings.Join(strings.Fields(strings.Join(got, "")), "") != strings.Join(strings.Fields(tc.label), "") {
				t.Errorf("wrapLabel(%q) = %q: text lost or changed", tc.label, got)
			}
			for i, l := range got {
				limit := float64(line)
				if i == 0 {
					limit = tc.first
				}
				// A line may be over only if it is one rune that fits nowhere.
				if w := labelWidth(l); w > limit && len([]rune(l)) > 1 {
					t.Errorf("line %d %q is %.0f px, over %.0f", i, l, w, limit)
				}
				if strings.HasPrefix(l, " ") || strings.HasSuffix(l, " ") {
					t.Errorf("line %d %q has edge spaces", i, l)
				}
			}
		})
	}
	// Inside a word, after punctuation rather than anywhere.
	got := wrapLabel("directory.contact_point.archived_by_administrator", 150, 150)
	for _, l := range got[:len(got)-1] {
		if !strings.ContainsAny(l[len(l)-1:], "._") {
			t.Errorf("%q: line %q not cut after punctuation", got, l)
		}
	}
}

// TestChartEstimateScripts checks the width estimate is on the wide side
// for the scripts of the UI languages: Georgian and Armenian and Cyrillic
// labels count wider than Latin ones of as many letters.
func TestChartEstimateScripts(t *testing.T) {
	latin := labelWidth("Police")
	for _, s := range []string{"პოლიცია", "Ոստիկան", "Полиция"} {
		if w := labelWidth(s); w <= latin {
			t.Errorf("labelWidth(%q) = %.0f, not more than Latin %.0f", s, w, latin)
		}
	}
	// The figures: an em at least per two digits, and grouping counted.
	if valueWidth(1234) <= valueWidth(999) || valueWidth(5) < ChartFontPx/2 {
		t.Errorf("valueWidth(1234) = %.0f, valueWidth(999) = %.0f, valueWidth(5) = %.0f", valueWidth(1234), valueWidth(999), valueWidth(5))
	}
}

// TestBarChartRows checks the vertical layout: each row's label lines,
// then its bar, then the next row, all inside Height; the value on the
// first line.
func TestBarChartRows(t *testing.T) {
	c := NewBarChart([]Bar{
		{Label: "Armenia", Value: 27},
		{Label: "ფინანსური მონიტორინგის სამსახური და საგამოძიებო დეპარტამენტი", Value: 5},
		{Label: "Georgia", Value: 0},
	})
	if c.Width != "100%" || c.PlotWidth != 1000 || c.TextX <= 0 {
		t.Errorf("chart %+v", c)
	}
	if len(c.Rows[1].Lines) < 2 {
		t.Errorf("long Georgian label on %d line(s): %+v", len(c.Rows[1].Lines), c.Rows[1].Lines)
	}
	prev := 0
	for i, g := range c.Rows {
		if g.TextY != g.Lines[0].Y {
			t.Errorf("row %d: value baseline %d, first line %d", i, g.TextY, g.Lines[0].Y)
		}
		for j, l := range g.Lines {
			if l.Y-ChartFontPx < prev {
				t.Errorf("row %d line %d at %d overlaps what is above (%d)", i, j, l.Y, prev)
			}
			prev = l.Y
		}
		if g.Y < prev {
			t.Errorf("row %d: bar at %d above its label's baseline %d", i, g.Y, prev)
		}
		prev = g.Y + c.BarHeight
	}
	if c.Height < prev {
		t.Errorf("height %d, last bar ends at %d", c.Height, prev)
	}
	if got := c.Rows[0].WidthPct(); got != "100%" {
		t.Errorf("longest bar %q", got)
	}
	if got := c.Rows[1].WidthPct(); got != "18.5%" {
		t.Errorf("bar of 5 of 27: %q", got)
	}
	if got := c.Rows[2].WidthPct(); got != "0%" {
		t.Errorf("zero bar %q", got)
	}
}
