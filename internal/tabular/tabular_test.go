package tabular

import (
	"errors"
	"strings"
	"testing"
)

func TestFormatOf(t *testing.T) {
	tests := []struct {
		name        string
		filename    string
		contentType string
		want        Format
		wantErr     bool
	}{
		{name: "csv extension", filename: "agencies.csv", want: CSV},
		{name: "upper-case extension", filename: "AGENCIES.CSV", want: CSV},
		{name: "tsv extension", filename: "people.tsv", want: CSV},
		{name: "xlsx extension", filename: "Партнёры.xlsx", want: XLSX},
		{name: "windows path", filename: `C:\Users\nino\export.xlsx`, want: XLSX},
		{name: "extension wins over content type", filename: "a.csv", contentType: xlsxContentType, want: CSV},
		{name: "excel content type for csv", filename: "a.csv", contentType: "application/vnd.ms-excel", want: CSV},
		{name: "content type fallback csv", filename: "upload", contentType: "text/csv; charset=utf-8", want: CSV},
		{name: "content type fallback xlsx", filename: "blob", contentType: xlsxContentType, want: XLSX},
		{name: "content type case", contentType: "Text/CSV", want: CSV},
		{name: "unknown extension falls back", filename: "a.dat", contentType: "text/csv", want: CSV},
		{name: "legacy xls", filename: "a.xls", contentType: "application/vnd.ms-excel", wantErr: true},
		{name: "ods", filename: "a.ods", contentType: "application/vnd.oasis.opendocument.spreadsheet", wantErr: true},
		{name: "plain text", filename: "a.txt", contentType: "text/plain", wantErr: true},
		{name: "nothing", wantErr: true},
		{name: "broken content type", contentType: ";;;", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := FormatOf(tt.filename, tt.contentType)
			if tt.wantErr {
				if err != ErrUnknownFormat || !errors.Is(err, ErrUnknownFormat) {
					t.Fatalf("FormatOf = %q, %v; want ErrUnknownFormat", got, err)
				}
				wantError(t, err, "unknown_format", 0, "")
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("FormatOf = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func TestContentTypeAndExtension(t *testing.T) {
	tests := []struct {
		name        string
		format      Format
		contentType string
		extension   string
	}{
		{name: "csv", format: CSV, contentType: "text/csv; charset=utf-8", extension: ".csv"},
		{name: "xlsx", format: XLSX, contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", extension: ".xlsx"},
		{name: "unknown", format: "ods", contentType: "application/octet-stream", extension: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ContentType(tt.format); got != tt.contentType {
				t.Errorf("ContentType = %q, want %q", got, tt.contentType)
			}
			if got := Extension(tt.format); got != tt.extension {
				t.Errorf("Extension = %q, want %q", got, tt.extension)
			}
			if tt.extension != "" {
				if f, err := FormatOf("x"+tt.extension, ""); err != nil || f != tt.format {
					t.Errorf("FormatOf(Extension) = %q, %v", f, err)
				}
				if f, err := FormatOf("", tt.contentType); err != nil || f != tt.format {
					t.Errorf("FormatOf(ContentType) = %q, %v", f, err)
				}
			}
		})
	}
}

func TestErrorString(t *testing.T) {
	tests := []struct {
		name string
		err  *Error
		want string
	}{
		{name: "full", err: &Error{Kind: "encoding", Line: 3, Column: "name", Detail: "bad"},
			want: `tabular: encoding at line 3, column "name": bad`},
		{name: "kind only", err: &Error{Kind: "empty"}, want: "tabular: empty"},
		{name: "unknown format", err: ErrUnknownFormat, want: "tabular: unknown_format: " + ErrUnknownFormat.Detail},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.err.Error(); got != tt.want {
				t.Errorf("Error() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestNormalizeHeader(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{name: "trim and lower", in: "  Name ", want: "name"},
		{name: "hyphen", in: "E-Mail", want: "e_mail"},
		{name: "spaces", in: "First  Name", want: "first_name"},
		{name: "mixed separators", in: "phone - mobile_", want: "phone_mobile"},
		{name: "bom", in: "\ufeffID", want: "id"},
		{name: "nbsp and en dash", in: "Дата\u00a0–\u00a0рождения", want: "дата_рождения"},
		{name: "georgian", in: "სახელი", want: "სახელი"},
		{name: "armenian upper", in: "ԱՆՈՒՆ", want: "անուն"},
		{name: "nfc", in: "E\u0301", want: "é"},
		{name: "only separators", in: " - ", want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := normalizeHeader(tt.in); got != tt.want {
				t.Errorf("normalizeHeader(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestColumnLetter(t *testing.T) {
	for i, want := range map[int]string{0: "A", 25: "Z", 26: "AA", 51: "AZ", 52: "BA", 701: "ZZ", 702: "AAA", 16383: "XFD"} {
		if got := columnLetter(i); got != want {
			t.Errorf("columnLetter(%d) = %q, want %q", i, got, want)
		}
	}
}

func TestReadUnknownFormat(t *testing.T) {
	_, err := Read(strings.NewReader("a\n1\n"), "ods")
	if err != ErrUnknownFormat {
		t.Fatalf("err = %v, want ErrUnknownFormat", err)
	}
}
