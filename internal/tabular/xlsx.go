package tabular

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Zip bomb guards for XLSX input. The declared sizes are checked before the
// archive is handed to excelize, and excelize enforces the same limit itself
// (archive/zip refuses to inflate an entry past its declared size).
const (
	maxUnzipBytes    = 128 << 20 // total uncompressed size of all entries
	maxUnzipXMLBytes = 16 << 20  // larger worksheets/shared strings are streamed via temp files
	maxZipEntries    = 1000
	// maxScannedCells bounds the cells excelize materialises while
	// iterating (including empty ones before a far-right cell reference).
	maxScannedCells = 10_000_000
)

// checkZip inspects the archive's central directory before anything is
// decompressed.
func checkZip(data []byte) *Error {
	if bytes.HasPrefix(data, magicOLE) {
		return &Error{Kind: kindMalformed,
			Detail: "file is a legacy .xls or a password-protected workbook; save it as an unprotected .xlsx"}
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return &Error{Kind: kindMalformed, Detail: "not an XLSX file: " + err.Error()}
	}
	if len(zr.File) > maxZipEntries {
		return &Error{Kind: kindTooLarge, Detail: fmt.Sprintf("archive has more than %d entries", maxZipEntries)}
	}
	tooLarge := &Error{Kind: kindTooLarge,
		Detail: fmt.Sprintf("archive expands to more than %d bytes", maxUnzipBytes)}
	var total uint64
	for _, zf := range zr.File {
		total += zf.UncompressedSize64
		if zf.UncompressedSize64 > maxUnzipBytes || total > maxUnzipBytes {
			return tooLarge
		}
	}
	// Inflate every entry once, counting what really comes out. This
	// verifies the checksums (excelize ignores read errors and would
	// silently use a partial entry) and catches truncated worksheets, which
	// excelize would read as a shorter sheet without any error.
	var inflated int64
	for _, zf := range zr.File {
		if zf.FileInfo().IsDir() {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			return &Error{Kind: kindMalformed, Detail: fmt.Sprintf("corrupt archive entry %q: %v", zf.Name, err)}
		}
		var tail tailWriter
		n, err := io.Copy(&tail, io.LimitReader(rc, maxUnzipBytes-inflated+1))
		rc.Close()
		if inflated += n; inflated > maxUnzipBytes {
			return tooLarge
		}
		if err != nil {
			return &Error{Kind: kindMalformed, Detail: fmt.Sprintf("corrupt archive entry %q: %v", zf.Name, err)}
		}
		if isWorksheetPart(zf.Name) && !worksheetEnd.Match(bytes.TrimRight(tail.buf, " \t\r\n")) {
			return &Error{Kind: kindMalformed, Detail: fmt.Sprintf("worksheet %q is truncated", zf.Name)}
		}
	}
	return nil
}

// worksheetEnd matches the closing tag a complete worksheet part ends with.
var worksheetEnd = regexp.MustCompile(`</([A-Za-z_][\w.-]*:)?worksheet>$`)

func isWorksheetPart(name string) bool {
	name = strings.ToLower(strings.ReplaceAll(name, "\\", "/"))
	return strings.HasPrefix(name, "xl/worksheets/") && !strings.Contains(name[len("xl/worksheets/"):], "/") &&
		strings.HasSuffix(name, ".xml")
}

// tailWriter keeps the last bytes written to it.
type tailWriter struct{ buf []byte }

func (w *tailWriter) Write(p []byte) (int, error) {
	const keep = 256
	if len(p) >= keep {
		w.buf = append(w.buf[:0], p[len(p)-keep:]...)
	} else {
		w.buf = append(w.buf, p...)
		if len(w.buf) > keep {
			w.buf = append(w.buf[:0], w.buf[len(w.buf)-keep:]...)
		}
	}
	return len(p), nil
}

func readXLSX(data []byte) (t *Table, e *Error) {
	if e := checkZip(data); e != nil {
		return nil, e
	}
	// excelize is a large parser of untrusted input; never let a bug in it
	// take the process down.
	defer func() {
		if p := recover(); p != nil {
			t, e = nil, &Error{Kind: kindMalformed, Detail: fmt.Sprintf("unreadable XLSX file (%v)", p)}
		}
	}()
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit:    maxUnzipBytes,
		UnzipXMLSizeLimit: maxUnzipXMLBytes,
	})
	if f != nil {
		defer f.Close() // removes temporary files
	}
	if err != nil {
		return nil, &Error{Kind: kindMalformed, Detail: "unreadable XLSX file: " + err.Error()}
	}
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, &Error{Kind: kindMalformed, Detail: "workbook has no worksheet"}
	}
	isoDates(f)
	rows, err := f.Rows(sheets[0])
	if err != nil {
		return nil, &Error{Kind: kindMalformed, Detail: "unreadable worksheet: " + err.Error()}
	}
	defer rows.Close()
	b := newBuilder(false)
	line, scanned := 0, 0
	for rows.Next() {
		line++
		if line > excelize.TotalRows {
			return nil, &Error{Kind: kindMalformed, Line: line, Detail: "too many rows for a worksheet"}
		}
		cols, err := rows.Columns()
		if err != nil {
			return nil, &Error{Kind: kindMalformed, Line: line, Detail: "unreadable row: " + err.Error()}
		}
		if scanned += len(cols); scanned > maxScannedCells {
			return nil, &Error{Kind: kindTooLarge, Line: line,
				Detail: fmt.Sprintf("worksheet has more than %d cells", maxScannedCells)}
		}
		if e := b.add(line, cols); e != nil {
			return nil, e
		}
	}
	if err := rows.Error(); err != nil {
		return nil, &Error{Kind: kindMalformed, Line: line + 1, Detail: "unreadable worksheet: " + err.Error()}
	}
	return b.finish()
}

// Built-in number formats that show a date (14–17) or a date and time (22).
// The locale-dependent ids (27–36, 50–58) are left alone.
var builtinDateFormats = map[int]dateKind{
	14: dateOnly, 15: dateOnly, 16: dateOnly, 17: dateOnly,
	22: dateTime,
}

type dateKind int

const (
	notDate dateKind = iota
	dateOnly
	dateTime
)

// isoDates makes every cell style that displays a date display it as ISO
// 8601 instead, by pointing the style at an ISO number format. Time-only
// formats are left as they are. If the style sheet cannot be changed, dates
// are simply read as displayed.
func isoDates(f *excelize.File) {
	ss := f.Styles
	if ss == nil || ss.CellXfs == nil {
		return
	}
	custom := map[int]string{}
	if ss.NumFmts != nil {
		for _, nf := range ss.NumFmts.NumFmt {
			if nf == nil {
				continue
			}
			code := nf.FormatCode
			if nf.FormatCode16 != "" {
				code = nf.FormatCode16
			}
			custom[nf.NumFmtID] = code
		}
	}
	kinds := make(map[int]dateKind) // xf index → kind
	for i, xf := range ss.CellXfs.Xf {
		if xf.NumFmtID == nil {
			continue
		}
		id := *xf.NumFmtID
		k := builtinDateFormats[id]
		if code, ok := custom[id]; ok {
			k = classifyNumFmt(code)
		}
		if k != notDate {
			kinds[i] = k
		}
	}
	if len(kinds) == 0 {
		return
	}
	ids := map[dateKind]int{}
	for k, code := range map[dateKind]string{dateOnly: "yyyy-mm-dd", dateTime: `yyyy-mm-dd"T"hh:mm:ss`} {
		style, err := f.NewStyle(&excelize.Style{CustomNumFmt: &code})
		if err != nil || style < 0 || style >= len(ss.CellXfs.Xf) || ss.CellXfs.Xf[style].NumFmtID == nil {
			return
		}
		ids[k] = *ss.CellXfs.Xf[style].NumFmtID
	}
	for i, k := range kinds {
		id := ids[k]
		ss.CellXfs.Xf[i].NumFmtID = &id
	}
}

// classifyNumFmt tells whether an Excel number format code displays a date,
// a date and time, or neither (numbers, text, time of day, durations). Only
// the first section (positive numbers) is considered.
func classifyNumFmt(code string) dateKind {
	var date, month, timeOfDay bool
	for i := 0; i < len(code); i++ {
		switch c := code[i]; c {
		case ';':
			i = len(code)
		case '"': // literal text
			if j := strings.IndexByte(code[i+1:], '"'); j >= 0 {
				i += j + 1
			} else {
				i = len(code)
			}
		case '\\', '_', '*': // escaped character, padding, fill
			i++
		case '[': // colour, condition, locale, or elapsed time [h] [mm] [ss]
			j := strings.IndexByte(code[i:], ']')
			if j < 0 {
				return notDate
			}
			inner := strings.ToLower(code[i+1 : i+j])
			if inner != "" && strings.Trim(inner, "hms") == "" {
				return notDate // a duration
			}
			i += j
		case 'G', 'g':
			if strings.HasPrefix(strings.ToLower(code[i:]), "general") {
				i += len("general") - 1
			}
		case 'y', 'Y', 'd', 'D':
			date = true
		case 'm', 'M':
			month = true
		case 'h', 'H', 's', 'S':
			timeOfDay = true
		}
	}
	switch {
	case date && timeOfDay:
		return dateTime
	case date || (month && !timeOfDay):
		return dateOnly
	}
	return notDate
}
