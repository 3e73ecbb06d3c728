// Package tabular reads and writes the tabular files used for bulk import and
// export (CSV and XLSX), defensively.
//
// The package knows nothing about the directory's domain: Read turns a file
// into a Table of string cells keyed by normalised header names, and Write
// turns a header and rows of strings into a file. Mapping columns to fields,
// and validating individual values (including their length against
// MaxCellRunes), is the caller's job.
//
// Reading is bounded: at most MaxBytes of input, at most MaxRows data rows,
// at most 256 named columns and at most 2,000,000 cells (rows × columns), and
// for XLSX at most 128 MiB of uncompressed archive content. Every problem
// caused by the file's content is reported as an *Error whose Kind is a stable
// machine code suitable for localisation.
//
// Writing protects against CSV/formula injection: every cell (header
// included) whose value starts with '=', '+', '-', '@', a tab or a carriage
// return is prefixed with an apostrophe ('), in both formats, so that
// spreadsheet applications show it as text instead of evaluating it. XLSX
// cells are always written as string cells, never as formulas.
package tabular

import (
	"bytes"
	"fmt"
	"io"
	"mime"
	"path"
	"strings"
)

// Format is a supported tabular file format.
type Format string

// The supported formats.
const (
	CSV  Format = "csv"
	XLSX Format = "xlsx"
)

// Limits applied by Read. MaxCellRunes is not enforced by Read; it is the
// limit callers are expected to apply per field when validating imported
// values.
const (
	// MaxBytes is the largest input Read accepts (10 MiB).
	MaxBytes = 10 << 20
	// MaxRows is the largest number of data rows (header excluded, fully
	// empty rows not counted) Read accepts.
	MaxRows = 20000
	// MaxCellRunes is the longest cell value, in runes, importers should
	// accept. Read does not enforce it.
	MaxCellRunes = 2000
)

// Internal safety limits (documented in the package comment).
const (
	maxColumns = 256       // named header columns
	maxCells   = 2_000_000 // data rows × header columns held in a Table
)

// Error kinds. These strings are part of the API (see Error).
const (
	kindTooLarge      = "too_large"
	kindTooManyRows   = "too_many_rows"
	kindEncoding      = "encoding"
	kindMalformed     = "malformed"
	kindHeader        = "header"
	kindEmpty         = "empty"
	kindUnknownFormat = "unknown_format"
)

// Error describes a problem with the content of a tabular file.
//
// Kind is a stable machine code the caller can map to a localised message;
// it is one of:
//
//   - "too_large": the input exceeds MaxBytes, the table exceeds the internal
//     cell limit, or an XLSX file decompresses to too much data (zip bomb).
//   - "too_many_rows": more than MaxRows data rows.
//   - "encoding": the file is not UTF-8 text (invalid UTF-8, a UTF-16 byte
//     order mark, NUL bytes) or a cell contains a C0 control character other
//     than tab, line feed or carriage return.
//   - "malformed": the file cannot be parsed (broken CSV quoting, a row whose
//     number of fields differs from the header, a value in a column without a
//     header, an unreadable or non-XLSX archive).
//   - "header": the header row is invalid (an empty name between named
//     columns, a duplicate name after normalisation, too many columns).
//   - "empty": the file contains no header row.
//   - "unknown_format": the format is neither CSV nor XLSX (ErrUnknownFormat).
//
// Line is the 1-based line (CSV, the line where the record starts) or row
// (XLSX) number as the user sees it in an editor or spreadsheet application,
// or 0 if the problem is not tied to a line. Column is the normalised header
// name of the column concerned, or its spreadsheet letter ("A", "B", …, "AA")
// when the column has no usable name, or empty. Detail is an English,
// human-readable explanation meant for logs and developers, not for
// localisation.
type Error struct {
	Kind   string
	Line   int
	Column string
	Detail string
}

// Error implements the error interface.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("tabular: ")
	b.WriteString(e.Kind)
	if e.Line > 0 {
		fmt.Fprintf(&b, " at line %d", e.Line)
	}
	if e.Column != "" {
		fmt.Fprintf(&b, ", column %q", e.Column)
	}
	if e.Detail != "" {
		b.WriteString(": ")
		b.WriteString(e.Detail)
	}
	return b.String()
}

// ErrUnknownFormat is returned (as is, so errors.Is works) by FormatOf, Read,
// Write and WriteSheet for a format other than CSV or XLSX. It is an *Error
// with Kind "unknown_format". Do not modify it.
var ErrUnknownFormat = &Error{Kind: kindUnknownFormat, Detail: "unsupported file format, expected CSV or XLSX"}

// Table is the content of a tabular file.
type Table struct {
	// Header holds the normalised column names in file order: trimmed,
	// lower-cased, Unicode NFC, byte order marks removed, and every run of
	// whitespace, hyphens/dashes and underscores replaced by a single "_"
	// (with none left at either end), so "E-Mail", " e mail " and "E_MAIL"
	// all become "e_mail". Names are non-empty and unique. Empty header
	// cells after the last named column are dropped.
	Header []string
	// Rows are the data rows in file order; fully empty rows are skipped.
	Rows []Row
}

// Row is one data row of a Table.
type Row struct {
	// Line is the 1-based line (CSV: the line the record starts on) or row
	// (XLSX) number in the source file, as the user sees it; the header is
	// normally line 1, so data rows have Line > 1.
	Line int
	// Cells maps every name in Table.Header to the cell's value, with
	// leading and trailing whitespace removed ("" for empty cells).
	Cells map[string]string
}

var (
	xlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

	extensions = map[string]Format{
		".csv":  CSV,
		".tsv":  CSV,
		".xlsx": XLSX,
	}
	contentTypes = map[string]Format{
		"text/csv":                      CSV,
		"text/x-csv":                    CSV,
		"application/csv":               CSV,
		"application/x-csv":             CSV,
		"text/comma-separated-values":   CSV,
		"text/x-comma-separated-values": CSV,
		"text/tab-separated-values":     CSV,
		xlsxContentType:                 XLSX,
	}
)

// FormatOf determines the format of an uploaded file from its name's
// extension (".csv" and ".tsv" are CSV, ".xlsx" is XLSX, case-insensitive)
// and, when the extension is missing or not recognised, from its content type
// (for example "text/csv; charset=utf-8" or the XLSX media type). Note that
// "application/vnd.ms-excel" is deliberately not recognised: browsers send it
// both for CSV and for legacy binary .xls files. Otherwise it returns
// ErrUnknownFormat.
func FormatOf(filename, contentType string) (Format, error) {
	if f, ok := extensions[strings.ToLower(path.Ext(strings.TrimSpace(filename)))]; ok {
		return f, nil
	}
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		mt, _, _ = strings.Cut(contentType, ";")
		mt = strings.ToLower(strings.TrimSpace(mt))
	}
	if f, ok := contentTypes[mt]; ok {
		return f, nil
	}
	return "", ErrUnknownFormat
}

// ContentType returns the media type to send with a file of format f
// ("text/csv; charset=utf-8" or the XLSX media type), or
// "application/octet-stream" for an unknown format.
func ContentType(f Format) string {
	switch f {
	case CSV:
		return "text/csv; charset=utf-8"
	case XLSX:
		return xlsxContentType
	}
	return "application/octet-stream"
}

// Extension returns the file name extension for format f, including the
// leading dot (".csv" or ".xlsx"), or "" for an unknown format.
func Extension(f Format) string {
	switch f {
	case CSV:
		return ".csv"
	case XLSX:
		return ".xlsx"
	}
	return ""
}

// Read reads a CSV or XLSX file from r, consuming at most MaxBytes+1 bytes.
//
// CSV input must be UTF-8 (a UTF-8 byte order mark is skipped); the field
// delimiter (comma, semicolon or tab) is detected from the header line;
// quoted fields may contain delimiters, doubled quotes and line breaks; blank
// lines and fully empty records are skipped; every other record must have
// exactly as many fields as the header line.
//
// For XLSX the first worksheet is read, cells as displayed by the
// spreadsheet application, except that cells formatted as dates are returned
// as ISO 8601 ("2006-01-02", or "2006-01-02T15:04:05" when the format also
// shows a time). Cells to the right of the last named header column must be
// empty. Formulas are never evaluated; their cached result is returned.
//
// In both formats the first non-empty row is the header (see
// Table.Header), all cell values are trimmed, and a C0 control character
// other than tab, line feed or carriage return anywhere is an error. Values
// longer than MaxCellRunes are returned as they are.
//
// Problems with the content are reported as an *Error (see Error for the
// kinds), ErrUnknownFormat for an unknown f. Any other error comes from r
// and is returned wrapped.
func Read(r io.Reader, f Format) (*Table, error) {
	if f != CSV && f != XLSX {
		return nil, ErrUnknownFormat
	}
	data, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("tabular: reading input: %w", err)
	}
	if len(data) > MaxBytes {
		return nil, &Error{Kind: kindTooLarge, Detail: fmt.Sprintf("file is larger than %d bytes", MaxBytes)}
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, &Error{Kind: kindEmpty, Detail: "file is empty"}
	}
	var t *Table
	var e *Error
	if f == CSV {
		t, e = readCSV(data)
	} else {
		t, e = readXLSX(data)
	}
	if e != nil {
		return nil, e
	}
	return t, nil
}
