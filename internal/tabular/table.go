package tabular

import (
	"fmt"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// builder turns raw records into a Table; it is shared by the CSV and XLSX
// readers so that both apply exactly the same rules.
type builder struct {
	table Table
	// rawWidth is the number of fields of the header record, including
	// empty trailing ones; -1 until the header has been seen.
	rawWidth int
	// strictWidth requires every non-empty record to have rawWidth fields
	// (CSV). Otherwise shorter records are padded and longer ones are
	// accepted as long as the extra cells are empty (XLSX).
	strictWidth bool
}

func newBuilder(strictWidth bool) *builder {
	return &builder{rawWidth: -1, strictWidth: strictWidth}
}

// columnName names column i (0-based) for an Error: its header name if it
// has one, otherwise its spreadsheet letter.
func (b *builder) columnName(i int) string {
	if i < len(b.table.Header) {
		return b.table.Header[i]
	}
	return columnLetter(i)
}

// add processes one record read from line. It trims the fields in place.
func (b *builder) add(line int, fields []string) *Error {
	empty := true
	for i, v := range fields {
		if r, bad := firstControl(v); bad {
			return &Error{Kind: kindEncoding, Line: line, Column: b.columnName(i),
				Detail: controlDetail(r)}
		}
		v = unescapeFormula(strings.TrimSpace(v))
		fields[i] = v
		if v != "" {
			empty = false
		}
	}
	if empty {
		return nil
	}
	if b.rawWidth < 0 {
		return b.header(line, fields)
	}
	if b.strictWidth && len(fields) != b.rawWidth {
		return &Error{Kind: kindMalformed, Line: line,
			Detail: fmt.Sprintf("row has %d fields, the header has %d", len(fields), b.rawWidth)}
	}
	n := len(b.table.Header)
	for i := n; i < len(fields); i++ {
		if fields[i] != "" {
			return &Error{Kind: kindMalformed, Line: line, Column: columnLetter(i),
				Detail: "value in a column without a header"}
		}
	}
	if len(b.table.Rows) >= MaxRows {
		return &Error{Kind: kindTooManyRows, Line: line,
			Detail: fmt.Sprintf("more than %d data rows", MaxRows)}
	}
	if (len(b.table.Rows)+1)*n > maxCells {
		return &Error{Kind: kindTooLarge, Line: line,
			Detail: fmt.Sprintf("more than %d cells", maxCells)}
	}
	cells := make(map[string]string, n)
	for i, name := range b.table.Header {
		if i < len(fields) {
			cells[name] = fields[i]
		} else {
			cells[name] = ""
		}
	}
	b.table.Rows = append(b.table.Rows, Row{Line: line, Cells: cells})
	return nil
}

func (b *builder) header(line int, fields []string) *Error {
	last := len(fields) - 1
	for last >= 0 && normalizeHeader(fields[last]) == "" {
		last--
	}
	if last < 0 {
		// Non-empty cells whose names normalise to nothing, such as "-".
		return &Error{Kind: kindHeader, Line: line, Column: columnLetter(0),
			Detail: "no usable column names"}
	}
	if last+1 > maxColumns {
		return &Error{Kind: kindHeader, Line: line,
			Detail: fmt.Sprintf("more than %d columns", maxColumns)}
	}
	names := make([]string, 0, last+1)
	seen := make(map[string]int, last+1)
	for i := 0; i <= last; i++ {
		name := normalizeHeader(fields[i])
		if name == "" {
			return &Error{Kind: kindHeader, Line: line, Column: columnLetter(i),
				Detail: "empty column name"}
		}
		if j, dup := seen[name]; dup {
			return &Error{Kind: kindHeader, Line: line, Column: name,
				Detail: fmt.Sprintf("duplicate column name (columns %s and %s)", columnLetter(j), columnLetter(i))}
		}
		seen[name] = i
		names = append(names, name)
	}
	b.rawWidth = len(fields)
	b.table.Header = names
	return nil
}

// finish returns the table, or an "empty" error if no header was seen.
func (b *builder) finish() (*Table, *Error) {
	if b.rawWidth < 0 {
		return nil, &Error{Kind: kindEmpty, Detail: "no header row"}
	}
	t := b.table
	return &t, nil
}

// normalizeHeader implements the rules documented on Table.Header.
func normalizeHeader(s string) string {
	s = strings.ReplaceAll(s, "\uFEFF", "")
	s = strings.ToLower(norm.NFC.String(strings.TrimSpace(s)))
	var b strings.Builder
	b.Grow(len(s))
	sep := false
	for _, r := range s {
		if r == '_' || unicode.IsSpace(r) || unicode.Is(unicode.Pd, r) {
			sep = true
			continue
		}
		if sep && b.Len() > 0 {
			b.WriteByte('_')
		}
		sep = false
		b.WriteRune(r)
	}
	return b.String()
}

// isBadControl reports whether r is a C0 control character other than tab,
// line feed and carriage return.
func isBadControl(r rune) bool {
	return r < 0x20 && r != '\t' && r != '\n' && r != '\r'
}

// firstControl returns the first forbidden control character in s.
func firstControl(s string) (rune, bool) {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 && isBadControl(rune(c)) {
			return rune(c), true
		}
	}
	return 0, false
}

func controlDetail(r rune) string {
	if r == 0 {
		return "NUL character (U+0000); is the file UTF-16 encoded? Save it as UTF-8"
	}
	return fmt.Sprintf("control character U+%04X", r)
}

// columnLetter returns the spreadsheet name of 0-based column i: A … Z, AA …
func columnLetter(i int) string {
	var buf [16]byte
	n := len(buf)
	for i++; i > 0; i = (i - 1) / 26 {
		n--
		buf[n] = byte('A' + (i-1)%26)
	}
	return string(buf[n:])
}

// unescapeFormula undoes Write's formula-injection guard: a value that
// starts with an apostrophe followed by one of the characters the guard
// protects (= + - @ tab CR) loses the apostrophe, so that an exported
// file imports back unchanged ("'+995 …" → "+995 …"). The importer
// validates fields itself; nothing here is evaluated.
func unescapeFormula(v string) string {
	if len(v) >= 2 && v[0] == '\'' && strings.ContainsRune("=+-@\t\r", rune(v[1])) {
		return v[1:]
	}
	return v
}
