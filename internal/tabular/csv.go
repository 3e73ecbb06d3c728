package tabular

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
)

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE} // also the start of a UTF-32LE BOM
	bomUTF16BE = []byte{0xFE, 0xFF}
	magicZip   = []byte("PK\x03\x04")
	magicOLE   = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
)

func readCSV(data []byte) (*Table, *Error) {
	if bytes.HasPrefix(data, bomUTF16LE) || bytes.HasPrefix(data, bomUTF16BE) {
		return nil, &Error{Kind: kindEncoding, Line: 1,
			Detail: "file is UTF-16 encoded; save it as \"CSV UTF-8\""}
	}
	if bytes.HasPrefix(data, magicZip) || bytes.HasPrefix(data, magicOLE) {
		return nil, &Error{Kind: kindMalformed,
			Detail: "file is an Excel workbook, not CSV"}
	}
	data = bytes.TrimPrefix(data, bomUTF8)
	if e := checkText(data); e != nil {
		return nil, e
	}

	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = detectDelimiter(data)
	// Allow `a, "b"`; not for tab-separated files, where it would swallow
	// empty fields (tabs are white space).
	cr.TrimLeadingSpace = cr.Comma != '\t'
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	b := newBuilder(true)
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, &Error{Kind: kindMalformed, Line: pe.StartLine,
					Detail: fmt.Sprintf("%v (line %d, character %d)", pe.Err, pe.Line, pe.Column)}
			}
			return nil, &Error{Kind: kindMalformed, Detail: err.Error()}
		}
		line, _ := cr.FieldPos(0)
		if e := b.add(line, rec); e != nil {
			return nil, e
		}
	}
	return b.finish()
}

// checkText reports NUL bytes (typically UTF-16 without a byte order mark)
// and invalid UTF-8 with the line they occur on.
func checkText(data []byte) *Error {
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return &Error{Kind: kindEncoding, Line: 1 + bytes.Count(data[:i], []byte{'\n'}),
			Detail: controlDetail(0)}
	}
	if utf8.Valid(data) {
		return nil
	}
	line := 1
	for i := 0; i < len(data); {
		c := data[i]
		if c < utf8.RuneSelf {
			if c == '\n' {
				line++
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			return &Error{Kind: kindEncoding, Line: line,
				Detail: fmt.Sprintf("invalid UTF-8 (byte 0x%02X); the file is probably in a legacy encoding such as Windows-1251: save it as \"CSV UTF-8\"", c)}
		}
		i += size
	}
	return nil
}

// detectDelimiter picks the delimiter that occurs most often, outside
// quotes, on the first line with content (the header). Ties are resolved in
// the order comma, semicolon, tab; the default is a comma.
func detectDelimiter(data []byte) rune {
	var comma, semi, tab int
	inQuote, content := false, false
	for i := 0; i < len(data); i++ {
		c := data[i]
		if inQuote {
			if c == '"' {
				if i+1 < len(data) && data[i+1] == '"' {
					i++
				} else {
					inQuote = false
				}
			}
			continue
		}
		switch c {
		case '"':
			inQuote, content = true, true
		case ',':
			comma++
		case ';':
			semi++
		case '\t':
			tab++
		case '\n':
			if content {
				return pickDelimiter(comma, semi, tab)
			}
			// A line of only whitespace and delimiters is skipped as
			// an empty record, so it does not decide the delimiter.
			comma, semi, tab = 0, 0, 0
		case ' ', '\r', '\v', '\f':
		default:
			content = true
		}
	}
	return pickDelimiter(comma, semi, tab)
}

func pickDelimiter(comma, semi, tab int) rune {
	switch {
	case comma >= semi && comma >= tab:
		return ','
	case semi >= tab:
		return ';'
	default:
		return '\t'
	}
}
