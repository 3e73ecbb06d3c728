package tabular

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestReadRefusesUnstorableText: a file whose cells hold a NUL byte or
// text that is not UTF-8 is refused as a whole, in CSV and XLSX alike,
// so an import can never store what PostgreSQL refuses (and a backup of
// a SQLite database could not restore).
func TestReadRefusesUnstorableText(t *testing.T) {
	// An XLSX file whose third cell holds v exactly as bytes of its XML
	// (excelize itself would write clean text).
	xlsx := func(v string) func(*testing.T) []byte {
		return func(t *testing.T) []byte {
			clean := buildXLSX(t, func(f *excelize.File) error {
				return setCells(f, map[string]any{"A1": "name", "A2": "Nino", "A3": "PLACEHOLDER"})
			})
			return rewriteZip(t, clean, "xl/sharedStrings.xml", func(s string) string {
				if !strings.Contains(s, "PLACEHOLDER") {
					t.Fatalf("no placeholder in the shared strings: %s", s)
				}
				return strings.Replace(s, "PLACEHOLDER", v, 1)
			})
		}
	}
	csv := func(s string) func(*testing.T) []byte { return func(*testing.T) []byte { return []byte(s) } }
	for _, tc := range []struct {
		name   string
		format Format
		input  func(*testing.T) []byte
	}{
		{"csv NUL in a cell", CSV, csv("name\nNi\x00no\n")},
		{"csv NUL in the header", CSV, csv("na\x00me\nNino\n")},
		{"csv invalid byte", CSV, csv("name\nNi\xffno\n")},
		{"csv truncated sequence", CSV, csv("name\nNin\xc3\n")},
		{"csv surrogate half", CSV, csv("name\n\xed\xa0\x80\n")},
		{"xlsx NUL in a cell", XLSX, xlsx("Ni\x00no")},
		{"xlsx escaped NUL", XLSX, xlsx("Ni_x0000_no")},
		{"xlsx character reference NUL", XLSX, xlsx("Ni&#0;no")},
		{"xlsx invalid byte", XLSX, xlsx("Ni\xffno")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tab, err := Read(bytes.NewReader(tc.input(t)), tc.format)
			var e *Error
			if !errors.As(err, &e) || tab != nil {
				var rows []map[string]string
				if tab != nil {
					for _, r := range tab.Rows {
						rows = append(rows, r.Cells)
					}
				}
				t.Fatalf("Read = %q, %v; want an *Error and no table", rows, err)
			}
			if e.Kind != kindEncoding && e.Kind != kindMalformed {
				t.Errorf("kind %q, want encoding or malformed", e.Kind)
			}
		})
	}
}
