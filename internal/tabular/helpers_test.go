package tabular

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// Names in the scripts the directory has to handle.
var (
	nameCyrillic    = "Пётр Иванов"
	nameGeorgian    = "ნინო ბერიძე"
	nameArmenian    = "Արմեն Սարգսյան"
	nameAzerbaijani = "Rəşad Əliyev"
)

// byteRepeater is an endless reader of one byte value; combined with
// io.LimitReader it produces large inputs without a large literal.
type byteRepeater byte

func (b byteRepeater) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(b)
	}
	return len(p), nil
}

// wantError asserts that err is an *Error of the given kind and, when
// line > 0 or column != "", at that line and column.
func wantError(t *testing.T, err error, kind string, line int, column string) *Error {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error = %v (%T), want *Error of kind %q", err, err, kind)
	}
	t.Logf("got %v", e)
	if e.Kind != kind {
		t.Fatalf("error kind = %q (%v), want %q", e.Kind, e, kind)
	}
	if line > 0 && e.Line != line {
		t.Errorf("error line = %d (%v), want %d", e.Line, e, line)
	}
	if column != "" && e.Column != column {
		t.Errorf("error column = %q (%v), want %q", e.Column, e, column)
	}
	return e
}

// checkTable asserts the invariants every successfully read Table has.
func checkTable(t *testing.T, tab *Table) {
	t.Helper()
	if tab == nil {
		t.Fatal("nil table without error")
	}
	if len(tab.Header) == 0 {
		t.Fatal("table without header")
	}
	seen := map[string]bool{}
	for _, h := range tab.Header {
		if h == "" || seen[h] || normalizeHeader(h) != h {
			t.Fatalf("bad header name %q in %q", h, tab.Header)
		}
		seen[h] = true
	}
	if len(tab.Rows) > MaxRows {
		t.Fatalf("%d rows, more than MaxRows", len(tab.Rows))
	}
	prev := 1
	for _, r := range tab.Rows {
		if r.Line <= prev {
			t.Fatalf("row line %d after %d", r.Line, prev)
		}
		prev = r.Line
		if len(r.Cells) != len(tab.Header) {
			t.Fatalf("line %d: %d cells for %d columns", r.Line, len(r.Cells), len(tab.Header))
		}
		empty := true
		for _, h := range tab.Header {
			v, ok := r.Cells[h]
			if !ok {
				t.Fatalf("line %d: missing column %q", r.Line, h)
			}
			if v != strings.TrimSpace(v) {
				t.Fatalf("line %d: untrimmed value %q", r.Line, v)
			}
			if _, bad := firstControl(v); bad {
				t.Fatalf("line %d: control character in %q", r.Line, v)
			}
			if v != "" {
				empty = false
			}
		}
		if empty {
			t.Fatalf("line %d: fully empty row not skipped", r.Line)
		}
	}
}

// rows returns the table's rows as slices in header order.
func rowValues(tab *Table) [][]string {
	out := make([][]string, len(tab.Rows))
	for i, r := range tab.Rows {
		for _, h := range tab.Header {
			out[i] = append(out[i], r.Cells[h])
		}
	}
	return out
}

func lines(tab *Table) []int {
	out := make([]int, len(tab.Rows))
	for i, r := range tab.Rows {
		out[i] = r.Line
	}
	return out
}

func mustWrite(t testing.TB, f Format, header []string, rows [][]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, f, header, rows); err != nil {
		t.Fatalf("Write(%s): %v", f, err)
	}
	return buf.Bytes()
}

// buildXLSX creates a workbook with excelize and lets fill populate Sheet1.
func buildXLSX(t testing.TB, fill func(f *excelize.File) error) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if err := fill(f); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// rewriteZip returns a copy of the archive data with entry name's content
// passed through edit.
func rewriteZip(t testing.TB, data []byte, name string, edit func(string) string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	found := false
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		content, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if zf.Name == name {
			content, found = []byte(edit(string(content))), true
		}
		w, err := zw.Create(zf.Name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(content); err != nil {
			t.Fatal(err)
		}
	}
	if !found {
		t.Fatalf("no %s in archive", name)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// zipEntry returns the content of one archive entry.
func zipEntry(t testing.TB, data []byte, name string) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, zf := range zr.File {
		if zf.Name == name {
			rc, err := zf.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			b, err := io.ReadAll(rc)
			if err != nil {
				t.Fatal(err)
			}
			return string(b)
		}
	}
	t.Fatalf("no %s in archive", name)
	return ""
}
