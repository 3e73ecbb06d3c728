package tabular

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"io"
	"math/rand/v2"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

const sheetXML = "xl/worksheets/sheet1.xml"

// setCells sets values (strings or other types excelize accepts) on Sheet1.
func setCells(f *excelize.File, cells map[string]any) error {
	for ref, v := range cells {
		if err := f.SetCellValue("Sheet1", ref, v); err != nil {
			return err
		}
	}
	return nil
}

func styled(f *excelize.File, ref string, v any, style *excelize.Style) error {
	id, err := f.NewStyle(style)
	if err != nil {
		return err
	}
	if err := f.SetCellValue("Sheet1", ref, v); err != nil {
		return err
	}
	return f.SetCellStyle("Sheet1", ref, ref, id)
}

func ptr[T any](v T) *T { return &v }

func datesWorkbook(t testing.TB) []byte {
	return buildXLSX(t, func(f *excelize.File) error {
		if err := setCells(f, map[string]any{
			"A1": "Name", "B1": "Born", "C1": "Updated", "D1": "Time", "E1": "Amount", "F1": "Code", "G1": "Hours",
			"A2": "Nino", "F2": "00123",
			"A3": "Armen", "E3": 42,
		}); err != nil {
			return err
		}
		day := time.Date(2024, 3, 15, 0, 0, 0, 0, time.UTC)
		moment := time.Date(2024, 3, 15, 14, 30, 0, 0, time.UTC)
		for _, c := range []struct {
			ref   string
			v     any
			style *excelize.Style
		}{
			{"B2", day, &excelize.Style{NumFmt: 14}},
			{"C2", moment, &excelize.Style{NumFmt: 22}},
			{"D2", 0.5, &excelize.Style{NumFmt: 20}},
			{"E2", 3.14159, &excelize.Style{NumFmt: 2}},
			{"G2", 1.5, &excelize.Style{CustomNumFmt: ptr("[h]:mm")}},
			{"B3", time.Date(1999, 12, 31, 0, 0, 0, 0, time.UTC), &excelize.Style{CustomNumFmt: ptr("dd.mm.yyyy")}},
			{"C3", time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC), &excelize.Style{CustomNumFmt: ptr(`[$-ru-RU]d mmmm yyyy "г." h:mm:ss`)}},
			{"D3", 0.75, &excelize.Style{CustomNumFmt: ptr("hh:mm AM/PM")}},
		} {
			if err := styled(f, c.ref, c.v, c.style); err != nil {
				return err
			}
		}
		return nil
	})
}

func TestReadXLSX(t *testing.T) {
	tests := []struct {
		name   string
		input  func(t *testing.T) []byte
		header []string
		rows   [][]string
		lines  []int
	}{
		{
			name: "written by Write",
			input: func(t *testing.T) []byte {
				return mustWrite(t, XLSX, []string{"Name", "City"}, [][]string{
					{nameCyrillic, "Москва"}, {nameGeorgian, "თბილისი"}, {nameArmenian, "Երևան"}, {nameAzerbaijani, "Bakı"},
				})
			},
			header: []string{"name", "city"},
			rows:   [][]string{{nameCyrillic, "Москва"}, {nameGeorgian, "თბილისი"}, {nameArmenian, "Երևան"}, {nameAzerbaijani, "Bakı"}},
			lines:  []int{2, 3, 4, 5},
		},
		{
			name: "stored entries without checksums",
			input: func(t *testing.T) []byte {
				return uncheckedZip(t, mustWrite(t, XLSX, []string{"Name"}, [][]string{{nameGeorgian}}))
			},
			header: []string{"name"},
			rows:   [][]string{{nameGeorgian}},
			lines:  []int{2},
		},
		{
			name:   "dates as ISO 8601",
			input:  func(t *testing.T) []byte { return datesWorkbook(t) },
			header: []string{"name", "born", "updated", "time", "amount", "code", "hours"},
			rows: [][]string{
				{"Nino", "2024-03-15", "2024-03-15T14:30:00", "12:00", "3.14", "00123", "36:00"},
				{"Armen", "1999-12-31", "2001-02-03T04:05:06", "06:00 PM", "42", "", ""},
			},
			lines: []int{2, 3},
		},
		{
			name: "sparse rows and cells keep sheet row numbers",
			input: func(t *testing.T) []byte {
				return buildXLSX(t, func(f *excelize.File) error {
					return setCells(f, map[string]any{
						"A3": "  Name ", "B3": "E-Mail",
						"A5":  " Nino ",
						"B9":  "armen@example.org",
						"B12": "   ",
					})
				})
			},
			header: []string{"name", "e_mail"},
			rows:   [][]string{{"Nino", ""}, {"", "armen@example.org"}},
			lines:  []int{5, 9},
		},
		{
			name: "only first worksheet",
			input: func(t *testing.T) []byte {
				return buildXLSX(t, func(f *excelize.File) error {
					if _, err := f.NewSheet("Other"); err != nil {
						return err
					}
					if err := f.SetCellValue("Other", "A1", "ignored"); err != nil {
						return err
					}
					return setCells(f, map[string]any{"A1": "id", "A2": 1, "B2": nil})
				})
			},
			header: []string{"id"},
			rows:   [][]string{{"1"}},
			lines:  []int{2},
		},
		{
			name: "trailing empty header cells and formatting-only cells",
			input: func(t *testing.T) []byte {
				return buildXLSX(t, func(f *excelize.File) error {
					if err := setCells(f, map[string]any{"A1": "a", "B1": "b", "C1": " ", "A2": "1"}); err != nil {
						return err
					}
					return styled(f, "E2", "", &excelize.Style{Font: &excelize.Font{Bold: true}})
				})
			},
			header: []string{"a", "b"},
			rows:   [][]string{{"1", ""}},
			lines:  []int{2},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tab, err := Read(bytes.NewReader(tt.input(t)), XLSX)
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			checkTable(t, tab)
			if !reflect.DeepEqual(tab.Header, tt.header) {
				t.Errorf("header = %q, want %q", tab.Header, tt.header)
			}
			if got := rowValues(tab); !reflect.DeepEqual(got, tt.rows) {
				t.Errorf("rows = %q, want %q", got, tt.rows)
			}
			if got := lines(tab); !reflect.DeepEqual(got, tt.lines) {
				t.Errorf("lines = %v, want %v", got, tt.lines)
			}
		})
	}
}

// storedZip builds an archive from name/content pairs without compression.
func storedZip(t testing.TB, entries ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i+1 < len(entries); i += 2 {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: entries[i], Method: zip.Store})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(w, entries[i+1]); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// lyingZip declares a huge uncompressed size for a tiny entry.
func lyingZip(t testing.TB) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateRaw(&zip.FileHeader{
		Name: sheetXML, Method: zip.Store,
		CompressedSize64: 4, UncompressedSize64: 1 << 40,
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write([]byte("<x/>")); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// zeroBomb is an honest archive whose worksheet inflates past the limit.
func zeroBomb(t testing.TB) []byte {
	t.Helper()
	valid := mustWrite(t, XLSX, []string{"a"}, [][]string{{"1"}})
	zr, err := zip.NewReader(bytes.NewReader(valid), int64(len(valid)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, flate.BestSpeed)
	})
	for _, zf := range zr.File {
		if err := zw.Copy(zf); err != nil {
			t.Fatal(err)
		}
	}
	w, err := zw.Create("xl/media/padding.bin")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(w, io.LimitReader(byteRepeater(0), maxUnzipBytes)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestReadXLSXErrors(t *testing.T) {
	valid := mustWrite(t, XLSX, []string{"name", "phone"}, [][]string{{"Nino", "1"}, {"Armen", "2"}})
	rng := rand.New(rand.NewPCG(1, 2))
	random := make([]byte, 4096)
	for i := range random {
		random[i] = byte(rng.UintN(256))
	}
	tests := []struct {
		name   string
		input  func(t *testing.T) []byte
		kind   string
		line   int
		column string
	}{
		{name: "empty file", input: func(*testing.T) []byte { return nil }, kind: "empty"},
		{name: "random bytes", input: func(*testing.T) []byte { return random }, kind: "malformed"},
		{name: "csv named xlsx", input: func(*testing.T) []byte { return []byte("name,city\nNino,Tbilisi\n") }, kind: "malformed"},
		{name: "truncated archive", input: func(*testing.T) []byte { return valid[:len(valid)/2] }, kind: "malformed"},
		{name: "legacy xls or encrypted", input: func(*testing.T) []byte {
			return append(append([]byte{}, magicOLE...), random...)
		}, kind: "malformed"},
		{name: "zip without workbook", input: func(t *testing.T) []byte {
			return storedZip(t, "hello.txt", "hello")
		}, kind: "malformed"},
		{name: "broken worksheet xml", input: func(t *testing.T) []byte {
			return rewriteZip(t, valid, sheetXML, func(s string) string { return s[:len(s)/2] })
		}, kind: "malformed"},
		{name: "checksum mismatch", input: func(t *testing.T) []byte {
			var entries []string
			zr, err := zip.NewReader(bytes.NewReader(valid), int64(len(valid)))
			if err != nil {
				t.Fatal(err)
			}
			for _, zf := range zr.File {
				entries = append(entries, zf.Name, zipEntry(t, valid, zf.Name))
			}
			stored := storedZip(t, entries...)
			i := bytes.Index(stored, []byte("Armen"))
			if i < 0 {
				t.Fatal("value not found in stored archive")
			}
			stored[i+3] = 'o'
			return stored
		}, kind: "malformed"},
		{name: "declared size too large", input: func(t *testing.T) []byte { return lyingZip(t) }, kind: "too_large"},
		{name: "zip bomb", input: func(t *testing.T) []byte {
			if testing.Short() {
				t.Skip("builds a 128 MiB archive")
			}
			return zeroBomb(t)
		}, kind: "too_large"},
		{name: "too many entries", input: func(t *testing.T) []byte {
			var entries []string
			for i := range maxZipEntries + 1 {
				entries = append(entries, "x/"+strconv.Itoa(i), "")
			}
			return storedZip(t, entries...)
		}, kind: "too_large"},
		{name: "empty worksheet", input: func(t *testing.T) []byte {
			return buildXLSX(t, func(*excelize.File) error { return nil })
		}, kind: "empty"},
		{name: "duplicate header", input: func(t *testing.T) []byte {
			return buildXLSX(t, func(f *excelize.File) error {
				return setCells(f, map[string]any{"A1": "Phone", "B1": "Name", "C1": " phone", "A2": "1"})
			})
		}, kind: "header", line: 1, column: "phone"},
		{name: "empty header between names", input: func(t *testing.T) []byte {
			return buildXLSX(t, func(f *excelize.File) error {
				return setCells(f, map[string]any{"A2": "a", "C2": "c"})
			})
		}, kind: "header", line: 2, column: "B"},
		{name: "value outside header", input: func(t *testing.T) []byte {
			return buildXLSX(t, func(f *excelize.File) error {
				return setCells(f, map[string]any{"A1": "a", "A2": "1", "XFD3": "far away"})
			})
		}, kind: "malformed", line: 3, column: "XFD"},
		{name: "control character from escape", input: func(t *testing.T) []byte {
			return rewriteZip(t, valid, sheetXML, func(s string) string {
				return strings.Replace(s, "Armen", "Ar_x0007_men", 1)
			})
		}, kind: "encoding", line: 3, column: "name"},
		{name: "row number beyond sheet limit", input: func(t *testing.T) []byte {
			return rewriteZip(t, valid, sheetXML, func(s string) string {
				return strings.Replace(s, `<row r="3"`, `<row r="1048577"`, 1)
			})
		}, kind: "malformed"},
		{name: "too many rows", input: func(t *testing.T) []byte {
			rows := make([][]string, MaxRows+1)
			for i := range rows {
				rows[i] = []string{strconv.Itoa(i)}
			}
			return mustWrite(t, XLSX, []string{"n"}, rows)
		}, kind: "too_many_rows", line: MaxRows + 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tab, err := Read(bytes.NewReader(tt.input(t)), XLSX)
			if tab != nil {
				t.Errorf("table returned with error")
			}
			wantError(t, err, tt.kind, tt.line, tt.column)
		})
	}
}

func TestClassifyNumFmt(t *testing.T) {
	tests := []struct {
		name string
		code string
		want dateKind
	}{
		{name: "general", code: "General", want: notDate},
		{name: "number", code: "#,##0.00", want: notDate},
		{name: "scientific", code: "0.00E+00", want: notDate},
		{name: "text", code: "@", want: notDate},
		{name: "quoted letters", code: `0 "days"`, want: notDate},
		{name: "currency with locale", code: `[$₾-437]#,##0.00;[Red]-[$₾-437]#,##0.00`, want: notDate},
		{name: "escaped letter", code: `0\d`, want: notDate},
		{name: "time", code: "h:mm:ss", want: notDate},
		{name: "time am/pm", code: "h:mm AM/PM", want: notDate},
		{name: "minutes seconds", code: "mm:ss", want: notDate},
		{name: "elapsed hours", code: "[h]:mm:ss", want: notDate},
		{name: "russian date", code: "dd.mm.yyyy", want: dateOnly},
		{name: "iso date", code: "yyyy-mm-dd", want: dateOnly},
		{name: "month name", code: "mmmm", want: dateOnly},
		{name: "month year", code: "mmm-yy", want: dateOnly},
		{name: "locale date", code: `[$-ka-GE]d mmmm yyyy`, want: dateOnly},
		{name: "date with colour", code: `[Blue]dd/mm/yy;@`, want: dateOnly},
		{name: "date and time", code: "dd.mm.yyyy hh:mm", want: dateTime},
		{name: "date and time literal", code: `yyyy-mm-dd"T"hh:mm:ss`, want: dateTime},
		{name: "unterminated bracket", code: "[Red", want: notDate},
		{name: "unterminated quote", code: `"abc`, want: notDate},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := classifyNumFmt(tt.code); got != tt.want {
				t.Errorf("classifyNumFmt(%q) = %v, want %v", tt.code, got, tt.want)
			}
		})
	}
}
