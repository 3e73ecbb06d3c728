package tabular

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
	xunicode "golang.org/x/text/encoding/unicode"
)

func encode1251(t testing.TB, s string) []byte {
	t.Helper()
	b, err := charmap.Windows1251.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func encodeUTF16(t testing.TB, s string, bom xunicode.BOMPolicy) []byte {
	t.Helper()
	b, err := xunicode.UTF16(xunicode.LittleEndian, bom).NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestReadCSV(t *testing.T) {
	tests := []struct {
		name   string
		input  []byte
		header []string
		rows   [][]string
		lines  []int
	}{
		{
			name:   "comma with utf-8 bom",
			input:  []byte("\ufeffName,City\n" + nameCyrillic + ",Москва\n" + nameGeorgian + ",თბილისი\n"),
			header: []string{"name", "city"},
			rows:   [][]string{{nameCyrillic, "Москва"}, {nameGeorgian, "თბილისი"}},
			lines:  []int{2, 3},
		},
		{
			name:   "semicolon with commas in values",
			input:  []byte("Имя;Адрес;Сумма\n" + nameArmenian + ";Ереван, ул. Абовяна 1;1,5\n"),
			header: []string{"имя", "адрес", "сумма"},
			rows:   [][]string{{nameArmenian, "Ереван, ул. Абовяна 1", "1,5"}},
			lines:  []int{2},
		},
		{
			name:   "tab with empty fields",
			input:  []byte("name\tcity\tphone\n" + nameAzerbaijani + "\t\t+994 12 000\n\tBaku\t\n"),
			header: []string{"name", "city", "phone"},
			rows:   [][]string{{nameAzerbaijani, "", "+994 12 000"}, {"", "Baku", ""}},
			lines:  []int{2, 3},
		},
		{
			name:   "crlf line ends",
			input:  []byte("a,b\r\n1,2\r\n3,4\r\n"),
			header: []string{"a", "b"},
			rows:   [][]string{{"1", "2"}, {"3", "4"}},
			lines:  []int{2, 3},
		},
		{
			name:   "quoted fields with newlines and quotes",
			input:  []byte("name,note\n\"Nino\",\"line one\nline two\"\n\"He said \"\"hi\"\"\",\"a,b\"\nlast,x\n"),
			header: []string{"name", "note"},
			rows:   [][]string{{"Nino", "line one\nline two"}, {`He said "hi"`, "a,b"}, {"last", "x"}},
			lines:  []int{2, 4, 5},
		},
		{
			name:   "blank and empty rows skipped",
			input:  []byte("\n\na,b\n\n1,2\n,\n  ,  \n3,4\n\n\n"),
			header: []string{"a", "b"},
			rows:   [][]string{{"1", "2"}, {"3", "4"}},
			lines:  []int{5, 8},
		},
		{
			name:   "empty row with wrong field count is skipped",
			input:  []byte("a,b,c\n1,2,3\n,\n"),
			header: []string{"a", "b", "c"},
			rows:   [][]string{{"1", "2", "3"}},
			lines:  []int{2},
		},
		{
			name:   "values trimmed",
			input:  []byte("a,b\n  x\u00a0, \t y \n"),
			header: []string{"a", "b"},
			rows:   [][]string{{"x", "y"}},
			lines:  []int{2},
		},
		{
			name:   "space before quoted field",
			input:  []byte("a, b\nx, \"y, z\"\n"),
			header: []string{"a", "b"},
			rows:   [][]string{{"x", "y, z"}},
			lines:  []int{2},
		},
		{
			name:   "header normalised",
			input:  []byte(" E-Mail ,First  Name,\ufeffID\nn@example.org,Nino,7\n"),
			header: []string{"e_mail", "first_name", "id"},
			rows:   [][]string{{"n@example.org", "Nino", "7"}},
			lines:  []int{2},
		},
		{
			name:   "trailing empty header columns dropped",
			input:  []byte("a,b,,\n1,2,,\n"),
			header: []string{"a", "b"},
			rows:   [][]string{{"1", "2"}},
			lines:  []int{2},
		},
		{
			name:   "single column",
			input:  []byte("name\nNino\nArmen"),
			header: []string{"name"},
			rows:   [][]string{{"Nino"}, {"Armen"}},
			lines:  []int{2, 3},
		},
		{
			name:   "header only",
			input:  []byte("a;b\n"),
			header: []string{"a", "b"},
			rows:   [][]string{},
			lines:  []int{},
		},
		{
			name:   "semicolon wins over comma in quoted header",
			input:  []byte("\"a,b\";c;d\n1;2;3\n"),
			header: []string{"a,b", "c", "d"},
			rows:   [][]string{{"1", "2", "3"}},
			lines:  []int{2},
		},
		{
			name:   "long cell is not an error",
			input:  []byte("a\n" + strings.Repeat("ნ", MaxCellRunes+1) + "\n"),
			header: []string{"a"},
			rows:   [][]string{{strings.Repeat("ნ", MaxCellRunes+1)}},
			lines:  []int{2},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tab, err := Read(bytes.NewReader(tt.input), CSV)
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

func TestReadCSVErrors(t *testing.T) {
	var tooManyRows strings.Builder
	tooManyRows.WriteString("n\n")
	for i := range MaxRows + 1 {
		fmt.Fprintf(&tooManyRows, "%d\n", i)
	}
	tests := []struct {
		name   string
		input  []byte
		kind   string
		line   int
		column string
	}{
		{name: "empty file", input: nil, kind: "empty"},
		{name: "only bom", input: []byte("\ufeff"), kind: "empty"},
		{name: "only blank lines", input: []byte("\n\r\n  \n"), kind: "empty"},
		{name: "only empty records", input: []byte(",,\n , ,\n"), kind: "empty"},
		{name: "windows-1251", input: encode1251(t, "name,city\nNino,Tbilisi\n"+nameCyrillic+",Москва\n"), kind: "encoding", line: 3},
		{name: "windows-1251 header", input: encode1251(t, "Имя,Город\n"), kind: "encoding", line: 1},
		{name: "utf-16 with bom", input: encodeUTF16(t, "name\n"+nameGeorgian+"\n", xunicode.UseBOM), kind: "encoding", line: 1},
		{name: "utf-16 without bom", input: encodeUTF16(t, "name\nNino\n", xunicode.IgnoreBOM), kind: "encoding", line: 1},
		{name: "nul byte", input: []byte("a,b\n1,2\n3,\x004\n"), kind: "encoding", line: 3},
		{name: "control character", input: []byte("a,b\n1,x\x01y\n"), kind: "encoding", line: 2, column: "b"},
		{name: "escape character in header", input: []byte("a,\x1b[31mb\n1,2\n"), kind: "encoding", line: 1, column: "B"},
		{name: "ragged row too short", input: []byte("a,b,c\n1,2,3\n4,5\n"), kind: "malformed", line: 3},
		{name: "ragged row too long", input: []byte("a;b\n1;2\n\n3;4;5\n"), kind: "malformed", line: 4},
		{name: "value without header", input: []byte("a,b,\n1,2,3\n"), kind: "malformed", line: 2, column: "C"},
		{name: "bare quote", input: []byte("a,b\n1,Ivan \"Vanya\" Petrov\n"), kind: "malformed", line: 2},
		{name: "unterminated quote", input: []byte("a,b\n1,2\n3,\"open\n4,5\n"), kind: "malformed", line: 3},
		{name: "duplicate header", input: []byte("Name,E-mail,name\n"), kind: "header", line: 1, column: "name"},
		{name: "duplicate header after normalisation", input: []byte("e mail;E-Mail\nx;y\n"), kind: "header", line: 1, column: "e_mail"},
		{name: "header of separators only", input: []byte("_;-\n1;2\n"), kind: "header", line: 1, column: "A"},
		{name: "empty header name", input: []byte("a,,c\n1,2,3\n"), kind: "header", line: 1, column: "B"},
		{name: "too many columns", input: []byte(strings.Repeat("c,", maxColumns) + "x\n"), kind: "header", line: 1},
		{name: "too many rows", input: []byte(tooManyRows.String()), kind: "too_many_rows", line: MaxRows + 2},
		{name: "xlsx read as csv", input: []byte("PK\x03\x04\x14\x00"), kind: "malformed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tab, err := Read(bytes.NewReader(tt.input), CSV)
			if tab != nil {
				t.Errorf("table returned with error")
			}
			wantError(t, err, tt.kind, tt.line, tt.column)
		})
	}
}

func TestReadTooLarge(t *testing.T) {
	for _, f := range []Format{CSV, XLSX} {
		t.Run(string(f), func(t *testing.T) {
			r := io.LimitReader(byteRepeater('a'), MaxBytes+1)
			_, err := Read(r, f)
			wantError(t, err, "too_large", 0, "")
		})
	}
	t.Run("exactly MaxBytes is accepted", func(t *testing.T) {
		r := io.MultiReader(strings.NewReader("a\n"), io.LimitReader(byteRepeater('a'), MaxBytes-2))
		tab, err := Read(r, CSV)
		if err != nil {
			t.Fatal(err)
		}
		if len(tab.Rows) != 1 || len(tab.Rows[0].Cells["a"]) != MaxBytes-2 {
			t.Fatalf("unexpected table")
		}
	})
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("connection reset") }

func TestReadReaderError(t *testing.T) {
	_, err := Read(failingReader{}, CSV)
	var e *Error
	if err == nil || errors.As(err, &e) || !strings.Contains(err.Error(), "connection reset") {
		t.Fatalf("err = %v, want the reader's error, not *Error", err)
	}
}

func TestDetectDelimiter(t *testing.T) {
	tests := []struct {
		name  string
		input string
		want  rune
	}{
		{name: "comma", input: "a,b,c\n1;2;3;4;5\n", want: ','},
		{name: "semicolon", input: "a;b;c\n", want: ';'},
		{name: "tab", input: "a\tb, c\td\n", want: '\t'},
		{name: "no delimiter", input: "name\n", want: ','},
		{name: "tie prefers comma", input: "a,b;c\n", want: ','},
		{name: "quoted delimiters ignored", input: "\"a,b,c\";d\n", want: ';'},
		{name: "leading empty lines skipped", input: "\n,,,\n  \na;b\n", want: ';'},
		{name: "no newline", input: "a\tb", want: '\t'},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := detectDelimiter([]byte(tt.input)); got != tt.want {
				t.Errorf("detectDelimiter(%q) = %q, want %q", tt.input, got, tt.want)
			}
		})
	}
}
