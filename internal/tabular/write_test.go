package tabular

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestRoundTrip(t *testing.T) {
	header := []string{"Name", "E-Mail", "Note", "Phone", "Agency"}
	rows := [][]string{
		{nameCyrillic, "petr@example.org", "Старший инспектор, отдел №5", "+7 495 000-00-00", "МВД"},
		{nameGeorgian, "nino@example.ge", "ორი\nხაზი", "", "შსს"},
		{nameArmenian, "armen@example.am", `"Ոստիկանություն" (ՀՀ)`, "(+374) 10 00 00 00", "ՀՀ ոստիկանություն"},
		{nameAzerbaijani, "resad@example.az", "Əlaqə: ş/ç/ğ/ı/ö/ü", "012 000 00 00", "DİN"},
		{"", "", "", "", "only agency"},
	}
	wantHeader := []string{"name", "e_mail", "note", "phone", "agency"}
	wantRows := make([][]string, len(rows))
	for i, r := range rows {
		wantRows[i] = append([]string(nil), r...)
	}
	// The formula-injection guard adds an apostrophe on export ("'+7 …")
	// and Read removes it again, so the round trip is exact.
	for _, f := range []Format{CSV, XLSX} {
		t.Run(string(f), func(t *testing.T) {
			data := mustWrite(t, f, header, rows)
			tab, err := Read(bytes.NewReader(data), f)
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			checkTable(t, tab)
			if !reflect.DeepEqual(tab.Header, wantHeader) {
				t.Errorf("header = %q, want %q", tab.Header, wantHeader)
			}
			if got := rowValues(tab); !reflect.DeepEqual(got, wantRows) {
				t.Errorf("rows = %q, want %q", got, wantRows)
			}
			if got, want := lines(tab), []int{2, 3, 5, 6, 7}; f == CSV && !reflect.DeepEqual(got, want) {
				t.Errorf("CSV lines = %v, want %v (the note spans two lines)", got, want)
			}
			if got, want := lines(tab), []int{2, 3, 4, 5, 6}; f == XLSX && !reflect.DeepEqual(got, want) {
				t.Errorf("XLSX lines = %v, want %v", got, want)
			}
		})
	}
}

func TestWriteCSVBytes(t *testing.T) {
	got := mustWrite(t, CSV, []string{"Имя", "=cmd"}, [][]string{
		{"ნინო", "a,b"},
		{"Արմեն", "two\nlines"},
		{"Əliyev", `say "hi"`},
	})
	want := "\xEF\xBB\xBF" +
		"Имя,'=cmd\r\n" +
		"ნინო,\"a,b\"\r\n" +
		"Արմեն,\"two\r\nlines\"\r\n" +
		"Əliyev,\"say \"\"hi\"\"\"\r\n"
	if string(got) != want {
		t.Errorf("CSV =\n%q\nwant\n%q", got, want)
	}
}

func TestFormulaInjection(t *testing.T) {
	tests := []struct {
		name, value, want string
	}{
		{name: "equals", value: "=HYPERLINK(\"http://evil\",\"x\")", want: "'=HYPERLINK(\"http://evil\",\"x\")"},
		{name: "plus", value: "+995 555 00 00 00", want: "'+995 555 00 00 00"},
		{name: "minus", value: "-2+3+cmd|' /C calc'!A0", want: "'-2+3+cmd|' /C calc'!A0"},
		{name: "at", value: "@SUM(1+1)", want: "'@SUM(1+1)"},
		{name: "tab", value: "\t=1+1", want: "'\t=1+1"},
		{name: "carriage return", value: "\r=1+1", want: "'\r=1+1"},
		{name: "control character removed first", value: "\x00=1+1", want: "'=1+1"},
		{name: "invalid utf-8 replaced", value: "a\xffb", want: "a\uFFFDb"},
		{name: "equals inside", value: "a=b", want: "a=b"},
		{name: "apostrophe kept", value: "'quoted", want: "'quoted"},
		{name: "leading space", value: " =1", want: " =1"},
		{name: "empty", value: "", want: ""},
		{name: "georgian", value: "ნინო", want: "ნინო"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := exportValue(tt.value); got != tt.want {
				t.Fatalf("exportValue(%q) = %q, want %q", tt.value, got, tt.want)
			}
			header := []string{tt.value, "other"}
			rows := [][]string{{tt.value, "x"}}

			// CSV: parse the raw output without any trimming.
			data := mustWrite(t, CSV, header, rows)
			recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, bomUTF8))).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			want := strings.ReplaceAll(tt.want, "\r", "") // a lone CR in a quoted CSV field is not preserved by encoding/csv
			if got := recs[1][0]; strings.ReplaceAll(got, "\r", "") != want || recs[0][0] != recs[1][0] {
				t.Errorf("CSV cell = %q, header = %q, want %q", got, recs[0][0], tt.want)
			}

			// XLSX: a string cell, never a formula.
			data = mustWrite(t, XLSX, header, rows)
			x, err := excelize.OpenReader(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			defer x.Close()
			for _, ref := range []string{"A1", "A2"} {
				got, err := x.GetCellValue("Sheet1", ref, excelize.Options{RawCellValue: true})
				if err != nil || got != tt.want {
					t.Errorf("XLSX %s = %q, %v; want %q", ref, got, err, tt.want)
				}
				if formula, _ := x.GetCellFormula("Sheet1", ref); formula != "" {
					t.Errorf("XLSX %s has formula %q", ref, formula)
				}
				if tt.want == "" {
					continue
				}
				if typ, _ := x.GetCellType("Sheet1", ref); typ != excelize.CellTypeInlineString {
					t.Errorf("XLSX %s type = %v, want inline string", ref, typ)
				}
			}
		})
	}
}

func TestWriteXLSXLayout(t *testing.T) {
	long := strings.Repeat("ა", 200)
	data := func(t *testing.T, sheet string) []byte {
		var buf bytes.Buffer
		err := WriteSheet(&buf, XLSX, sheet, []string{"ID", "Name", "Notes"}, [][]string{
			{"1", nameGeorgian, long},
			{"2", nameArmenian, ""},
		})
		if err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	t.Run("layout", func(t *testing.T) {
		b := data(t, "Агентства")
		x, err := excelize.OpenReader(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		defer x.Close()
		if got := x.GetSheetList(); !reflect.DeepEqual(got, []string{"Агентства"}) {
			t.Fatalf("sheets = %q", got)
		}
		const sheet = "Агентства"
		panes, err := x.GetPanes(sheet)
		if err != nil || !panes.Freeze || panes.YSplit != 1 || panes.TopLeftCell != "A2" {
			t.Errorf("panes = %+v, %v; want header row frozen", panes, err)
		}
		for _, ref := range []string{"A1", "B1", "C1"} {
			id, err := x.GetCellStyle(sheet, ref)
			if err != nil {
				t.Fatal(err)
			}
			st, err := x.GetStyle(id)
			if err != nil || st.Font == nil || !st.Font.Bold {
				t.Errorf("%s style = %+v, %v; want bold", ref, st, err)
			}
		}
		if id, _ := x.GetCellStyle(sheet, "B2"); id != 0 {
			if st, _ := x.GetStyle(id); st != nil && st.Font != nil && st.Font.Bold {
				t.Errorf("data cell is bold")
			}
		}
		for col, want := range map[string]float64{"A": minColWidth, "B": float64(len([]rune(nameArmenian)) + 1), "C": maxColWidth} {
			if got, err := x.GetColWidth(sheet, col); err != nil || got != want {
				t.Errorf("width of %s = %v, %v; want %v", col, got, err, want)
			}
		}
		if ws := zipEntry(t, b, sheetXML); !strings.Contains(ws, `<autoFilter ref="$A$1:$C$3"`) {
			t.Errorf("no autofilter over A1:C3 in worksheet")
		}
		if wb := zipEntry(t, b, "xl/workbook.xml"); !strings.Contains(wb, `_xlnm._FilterDatabase`) {
			t.Errorf("no filter database defined name in workbook")
		}
	})
	t.Run("default sheet name", func(t *testing.T) {
		x, err := excelize.OpenReader(bytes.NewReader(mustWrite(t, XLSX, []string{"a"}, nil)))
		if err != nil {
			t.Fatal(err)
		}
		defer x.Close()
		if got := x.GetSheetList(); !reflect.DeepEqual(got, []string{"Sheet1"}) {
			t.Fatalf("sheets = %q", got)
		}
	})
}

func TestSheetName(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{name: "empty", in: "", want: "Sheet1"},
		{name: "blank", in: "   ", want: "Sheet1"},
		{name: "georgian", in: "პარტნიორები", want: "პარტნიორები"},
		{name: "forbidden characters", in: "a/b\\c?d*e[f]g:h", want: "a_b_c_d_e_f_g_h"},
		{name: "apostrophe", in: "'O'Brien'", want: "’O’Brien’"},
		{name: "too long", in: strings.Repeat("Ա", 40), want: strings.Repeat("Ա", 31)},
		{name: "control", in: "a\tb", want: "a_b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := sheetName(tt.in)
			if got != tt.want {
				t.Fatalf("sheetName(%q) = %q, want %q", tt.in, got, tt.want)
			}
			var buf bytes.Buffer
			if err := WriteSheet(&buf, XLSX, tt.in, []string{"a"}, [][]string{{"1"}}); err != nil {
				t.Fatalf("WriteSheet(%q): %v", tt.in, err)
			}
			if _, err := Read(&buf, XLSX); err != nil {
				t.Fatalf("Read: %v", err)
			}
		})
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteErrors(t *testing.T) {
	tests := []struct {
		name    string
		w       func() io.Writer
		format  Format
		header  []string
		rows    [][]string
		unknown bool
	}{
		{name: "unknown format", format: "ods", header: []string{"a"}, unknown: true},
		{name: "empty header csv", format: CSV},
		{name: "empty header xlsx", format: XLSX},
		{name: "short row", format: CSV, header: []string{"a", "b"}, rows: [][]string{{"1", "2"}, {"3"}}},
		{name: "long row", format: XLSX, header: []string{"a"}, rows: [][]string{{"1", "2"}}},
		{name: "failing writer csv", format: CSV, header: []string{"a"}, rows: [][]string{{"1"}},
			w: func() io.Writer { return failingWriter{} }},
		{name: "failing writer xlsx", format: XLSX, header: []string{"a"}, rows: [][]string{{"1"}},
			w: func() io.Writer { return failingWriter{} }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var w io.Writer = &bytes.Buffer{}
			if tt.w != nil {
				w = tt.w()
			}
			err := Write(w, tt.format, tt.header, tt.rows)
			if err == nil {
				t.Fatal("no error")
			}
			if tt.unknown != (err == ErrUnknownFormat) {
				t.Fatalf("err = %v", err)
			}
		})
	}
}
