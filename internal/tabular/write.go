package tabular

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// Column widths of written XLSX files, in Excel character units.
const (
	minColWidth = 8
	maxColWidth = 60
)

// Write writes header and rows to w as format f, using the sheet name
// "Sheet1" for XLSX; see WriteSheet.
func Write(w io.Writer, f Format, header []string, rows [][]string) error {
	return WriteSheet(w, f, "Sheet1", header, rows)
}

// WriteSheet writes header and rows to w as format f.
//
// CSV is written comma-separated with a UTF-8 byte order mark (so that Excel
// detects UTF-8 and shows Cyrillic, Georgian, Armenian … correctly) and CRLF
// line ends; sheet is ignored. XLSX gets a single worksheet named sheet
// ("Sheet1" if empty; characters Excel forbids in sheet names are replaced by
// "_", apostrophes by "’", and the name is cut to 31 characters), a bold,
// frozen header row with an autofilter, and column widths fitted to the
// content (between 8 and 60 characters).
//
// Every value (header included) is exported defensively: invalid UTF-8 is
// replaced by U+FFFD, C0 control characters other than tab, line feed and
// carriage return are removed, and a value starting with '=', '+', '-',
// '@', a tab or a carriage return is prefixed with an apostrophe ('), so
// that spreadsheet applications never evaluate it as a formula (CSV/formula
// injection). Note that this changes such values, for example "+995 …"
// becomes "'+995 …", in both formats, and that Read does not undo it. XLSX
// values are always written as strings, never as formulas; Excel truncates
// strings longer than 32767 characters.
//
// Every row must have exactly len(header) cells, and header must not be
// empty; otherwise a plain (non-*Error) error is returned, as it is for
// failures writing to w. An unknown f yields ErrUnknownFormat.
func WriteSheet(w io.Writer, f Format, sheet string, header []string, rows [][]string) error {
	if f != CSV && f != XLSX {
		return ErrUnknownFormat
	}
	if len(header) == 0 {
		return fmt.Errorf("tabular: write: empty header")
	}
	for i, row := range rows {
		if len(row) != len(header) {
			return fmt.Errorf("tabular: write: row %d has %d cells, header has %d", i+1, len(row), len(header))
		}
	}
	if f == CSV {
		return writeCSV(w, header, rows)
	}
	return writeXLSX(w, sheet, header, rows)
}

// exportValue applies the sanitising and formula escaping documented on
// WriteSheet.
func exportValue(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if _, bad := firstControl(s); bad {
		s = strings.Map(func(r rune) rune {
			if isBadControl(r) {
				return -1
			}
			return r
		}, s)
	}
	if s != "" {
		switch s[0] {
		case '=', '+', '-', '@', '\t', '\r':
			s = "'" + s
		}
	}
	return s
}

func writeCSV(w io.Writer, header []string, rows [][]string) error {
	bw := bufio.NewWriter(w)
	if _, err := bw.Write(bomUTF8); err != nil {
		return fmt.Errorf("tabular: write: %w", err)
	}
	cw := csv.NewWriter(bw)
	cw.UseCRLF = true
	rec := make([]string, len(header))
	write := func(values []string) error {
		for i, v := range values {
			rec[i] = exportValue(v)
		}
		return cw.Write(rec)
	}
	if err := write(header); err != nil {
		return fmt.Errorf("tabular: write: %w", err)
	}
	for _, row := range rows {
		if err := write(row); err != nil {
			return fmt.Errorf("tabular: write: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("tabular: write: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("tabular: write: %w", err)
	}
	return nil
}

// sheetName makes name acceptable to Excel.
func sheetName(name string) string {
	name = strings.Map(func(r rune) rune {
		switch {
		case r == '\'':
			return '’'
		case strings.ContainsRune(`:\/?*[]`, r), r < 0x20, r == utf8.RuneError:
			return '_'
		}
		return r
	}, strings.TrimSpace(name))
	if r := []rune(name); len(r) > 31 {
		name = strings.TrimSpace(string(r[:31]))
	}
	if name == "" {
		return "Sheet1"
	}
	return name
}

// displayWidth estimates the width of the longest line of s.
func displayWidth(s string) int {
	longest := 0
	for line := range strings.SplitSeq(s, "\n") {
		longest = max(longest, utf8.RuneCountInString(line))
	}
	return longest
}

func writeXLSX(w io.Writer, sheet string, header []string, rows [][]string) (err error) {
	if len(rows)+1 > excelize.TotalRows {
		return fmt.Errorf("tabular: write: more than %d rows", excelize.TotalRows-1)
	}
	if len(header) > excelize.MaxColumns {
		return fmt.Errorf("tabular: write: more than %d columns", excelize.MaxColumns)
	}
	wrap := func(err error) error { return fmt.Errorf("tabular: write: %w", err) }
	x := excelize.NewFile()
	defer func() {
		if cerr := x.Close(); cerr != nil && err == nil {
			err = wrap(cerr)
		}
	}()
	sheet = sheetName(sheet)
	if sheet != "Sheet1" {
		if err := x.SetSheetName("Sheet1", sheet); err != nil {
			return wrap(err)
		}
	}
	bold, err := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return wrap(err)
	}
	// The autofilter must be set before streaming: the stream writer copies
	// the worksheet's other elements around the streamed sheet data.
	lastCell, err := excelize.CoordinatesToCellName(len(header), len(rows)+1)
	if err != nil {
		return wrap(err)
	}
	if err := x.AutoFilter(sheet, "A1:"+lastCell, nil); err != nil {
		return wrap(err)
	}
	sw, err := x.NewStreamWriter(sheet)
	if err != nil {
		return wrap(err)
	}
	// Widths: header + room for the filter button, then the content.
	widths := make([]int, len(header))
	for i, h := range header {
		widths[i] = displayWidth(exportValue(h)) + 3
	}
	for _, row := range rows {
		for i, v := range row {
			widths[i] = max(widths[i], displayWidth(exportValue(v))+1)
		}
	}
	for i, wd := range widths {
		if err := sw.SetColWidth(i+1, i+1, float64(min(max(wd, minColWidth), maxColWidth))); err != nil {
			return wrap(err)
		}
	}
	if err := sw.SetPanes(&excelize.Panes{
		Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}},
	}); err != nil {
		return wrap(err)
	}
	values := make([]any, len(header))
	for i, h := range header {
		values[i] = excelize.Cell{StyleID: bold, Value: exportValue(h)}
	}
	if err := sw.SetRow("A1", values); err != nil {
		return wrap(err)
	}
	for r, row := range rows {
		for i, v := range row {
			// Strings are written as inline string cells; nil skips
			// empty cells.
			if v = exportValue(v); v == "" {
				values[i] = nil
			} else {
				values[i] = v
			}
		}
		if err := sw.SetRow("A"+strconv.Itoa(r+2), values); err != nil {
			return wrap(err)
		}
	}
	if err := sw.Flush(); err != nil {
		return wrap(err)
	}
	if err := x.Write(w); err != nil {
		return wrap(err)
	}
	return nil
}
