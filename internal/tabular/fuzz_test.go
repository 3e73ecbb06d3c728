package tabular

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"testing"

	"github.com/xuri/excelize/v2"
	xunicode "golang.org/x/text/encoding/unicode"
)

// checkReadResult asserts the contract of Read for arbitrary input: an
// *Error and no table, or a table satisfying checkTable.
func checkReadResult(t *testing.T, tab *Table, err error) {
	t.Helper()
	if err != nil {
		var e *Error
		if !errors.As(err, &e) {
			t.Fatalf("error %v is %T, not *Error", err, err)
		}
		switch e.Kind {
		case kindTooLarge, kindTooManyRows, kindEncoding, kindMalformed, kindHeader, kindEmpty:
		default:
			t.Fatalf("unexpected kind %q", e.Kind)
		}
		if tab != nil {
			t.Fatal("table returned with an error")
		}
		return
	}
	checkTable(t, tab)
}

func FuzzReadCSV(f *testing.F) {
	header := []string{"Name", "E-Mail", "Note"}
	rows := [][]string{
		{nameCyrillic, "p@example.org", "a,b"},
		{nameGeorgian, "", "two\nlines"},
		{nameArmenian, "=1+1", `"quoted"`},
		{nameAzerbaijani, "+994", ""},
	}
	valid := mustWrite(f, CSV, header, rows)
	for _, seed := range [][]byte{
		valid,
		bytes.TrimPrefix(valid, bomUTF8),
		[]byte("a;b;c\n1;2;3\n;;\n4;5;6"),
		[]byte("a\tb\n1\t2\n\t\n"),
		[]byte("a,b\n1,\"open\n2,3\n"),
		[]byte("a,b\n1,2,3\n"),
		[]byte("a,a\n1,2\n"),
		[]byte("a,,b\n"),
		[]byte("\n\n \n"),
		[]byte(""),
		[]byte("a\n\x00\n"),
		[]byte("a\nx\x1by\n"),
		encode1251(f, "Имя,Город\nИван,Москва\n"),
		encodeUTF16(f, "name\nნინო\n", xunicode.UseBOM),
		[]byte("a,b\n1,Ivan \"Vanya\"\n"),
		[]byte("PK\x03\x04"),
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		tab, err := Read(bytes.NewReader(data), CSV)
		checkReadResult(t, tab, err)
	})
}

func FuzzReadXLSX(f *testing.F) {
	valid := mustWrite(f, XLSX, []string{"Name", "Phone"}, [][]string{
		{nameGeorgian, "+995"}, {nameArmenian, "1"}, {nameCyrillic, ""}, {nameAzerbaijani, "=A1"},
	})
	shared := buildXLSX(f, func(x *excelize.File) error {
		// Shared strings, numbers and a gap, as Excel itself writes them.
		return setCells(x, map[string]any{"A1": "id", "B1": "name", "A2": 1, "B2": "Nino", "A4": 2.5, "B4": "Armen"})
	})
	for _, seed := range [][]byte{
		valid,
		shared,
		// Stored entries without checksums let the fuzzer mutate the XML
		// in place and still reach excelize's parsers.
		uncheckedZip(f, valid),
		uncheckedZip(f, shared),
		uncheckedZip(f, datesWorkbook(f)),
		datesWorkbook(f),
		valid[:len(valid)/2],
		valid[:len(valid)-1],
		rewriteZip(f, valid, sheetXML, func(s string) string { return s[:len(s)*3/4] }),
		rewriteZip(f, shared, "xl/sharedStrings.xml", func(string) string { return "<sst><si><t>x" }),
		rewriteZip(f, shared, "xl/styles.xml", func(string) string { return "<styleSheet><cellXfs><xf numFmtId=\"-1\"/></cellXfs>" }),
		storedZip(f, "xl/workbook.xml", "<workbook/>"),
		lyingZip(f),
		append(append([]byte{}, magicOLE...), 0, 1, 2, 3),
		[]byte("PK\x03\x04garbage"),
		[]byte("not a zip at all"),
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		tab, err := Read(bytes.NewReader(data), XLSX)
		checkReadResult(t, tab, err)
	})
}

// uncheckedZip re-packs an archive with stored (uncompressed) entries whose
// CRC-32 is 0, which archive/zip does not verify.
func uncheckedZip(t testing.TB, data []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, zf := range zr.File {
		content := zipEntry(t, data, zf.Name)
		w, err := zw.CreateRaw(&zip.FileHeader{
			Name: zf.Name, Method: zip.Store,
			CompressedSize64: uint64(len(content)), UncompressedSize64: uint64(len(content)),
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(w, content); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
