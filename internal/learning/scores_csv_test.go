package learning_test

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/topcop-platform/topcop/internal/learning"
)

const (
	idA = "0190a5b2-7c3d-7e4f-8a9b-0c1d2e3f4a5b"
	idB = "0190a5b2-7c3d-7e4f-8a9b-0c1d2e3f4a5c"
)

// TestParseScoresCSV reads good files in their variants (BOM, commas or
// semicolons, decimal point or comma, CRLF, quotes, extra columns, blank
// lines and lines without a score skipped) and bad ones, each error on
// its line.
func TestParseScoresCSV(t *testing.T) {
	good := []struct {
		name, file string
		want       []learning.ScoreLine
	}{
		{"comma", "person_id,score\n" + idA + ",72\n" + idB + ",100\n",
			[]learning.ScoreLine{{Line: 2, PersonID: idA, Score: 72}, {Line: 3, PersonID: idB, Score: 100}}},
		{"BOM, CRLF, semicolons, decimal comma", "\ufeffperson_id;score\r\n" + idA + ";72,5\r\n" + idB + ";0\r\n",
			[]learning.ScoreLine{{Line: 2, PersonID: idA, Score: 72.5}, {Line: 3, PersonID: idB, Score: 0}}},
		{"quoted decimal comma in a comma file", "email,score\nana@example.org,\"72,5\"\n",
			[]learning.ScoreLine{{Line: 2, Email: "ana@example.org", Score: 72.5}}},
		{"headers in any case, extra columns, spaces", "Name , SCORE, Person_ID ,country\nAna Abashidze, 80 , " + strings.ToUpper(idA) + " ,GE\n",
			[]learning.ScoreLine{{Line: 2, PersonID: idA, Score: 80}}},
		{"blank lines and lines without a score skipped", "person_id,email,score\n\n" + idA + ",,\n,,\n" + idB + ",b@example.org,.5\n",
			[]learning.ScoreLine{{Line: 5, PersonID: idB, Email: "b@example.org", Score: 0.5}}},
		{"a quoted value over two lines keeps the numbering", "email,note,score\n\"a@example.org\",\"two\nlines\",1\nb@example.org,x,2\n",
			[]learning.ScoreLine{{Line: 2, Email: "a@example.org", Score: 1}, {Line: 4, Email: "b@example.org", Score: 2}}},
	}
	for _, c := range good {
		got, errs := learning.ParseScoresCSV([]byte(c.file))
		if len(errs) > 0 || !slices.Equal(got, c.want) {
			t.Errorf("%s: got %+v %+v, want %+v", c.name, got, errs, c.want)
		}
	}

	bad := []struct {
		name, file string
		want       []learning.LineError
	}{
		{"not UTF-8", "email,score\na@example.org,1\nb@example.org,\xff\n", []learning.LineError{{Line: 3, Code: learning.CSVEncoding}}},
		{"empty", " \n", []learning.LineError{{Code: learning.CSVEmpty}}},
		{"a header only", "email,score\n", []learning.LineError{{Code: learning.CSVEmpty}}},
		{"no score column", "person_id,points\n" + idA + ",3\n", []learning.LineError{{Line: 1, Code: learning.CSVHeader}}},
		{"no one named", "name,score\nAna,3\n", []learning.LineError{{Line: 1, Code: learning.CSVHeader}}},
		{"a column twice", "score,email,Score\n1,a@example.org,2\n", []learning.LineError{{Line: 1, Code: learning.CSVDuplicate, Param: "score"}}},
		{"a bare quote", "email,score\na@example.org,1\nb@exa\"mple.org,2\n", []learning.LineError{{Line: 3, Code: learning.CSVMalformed}}},
		{"an unquoted decimal comma", "email,score\na@example.org,72,5\n", []learning.LineError{{Line: 2, Code: learning.CSVColumns, Param: "2"}}},
		{"bad lines, each named", "person_id,email,score\n" +
			idA + ",,101\n" + // 2: out of range
			"not-an-id,,50\n" + // 3: not an id
			",not-an-email,50\n" + // 4: not an e-mail address
			",,50\n" + // 5: nobody
			idB + ",,7 2\n" + // 6: not a number
			idB + ",,-1\n" + // 7: out of range
			idB + ",,1e2\n", // 8: not a number
			[]learning.LineError{{Line: 2, Code: learning.CSVOutOfRange, Param: "100"}, {Line: 3, Code: learning.CSVPersonID},
				{Line: 4, Code: learning.CSVEmail}, {Line: 5, Code: learning.CSVWho}, {Line: 6, Code: learning.CSVScore, Param: "100"},
				{Line: 7, Code: learning.CSVOutOfRange, Param: "100"}, {Line: 8, Code: learning.CSVScore, Param: "100"}}},
	}
	for _, c := range bad {
		_, errs := learning.ParseScoresCSV([]byte(c.file))
		if !slices.Equal(errs, c.want) {
			t.Errorf("%s: errors %+v, want %+v", c.name, errs, c.want)
		}
	}

	// The good lines of a bad file come back, for the caller to check who
	// they name; the file is still refused.
	lines, errs := learning.ParseScoresCSV([]byte("email,score\na@example.org,1\nb@example.org,x\n"))
	if len(errs) != 1 || len(lines) != 1 || lines[0].Email != "a@example.org" {
		t.Errorf("a bad file's good lines: %+v %+v", lines, errs)
	}
}

// TestParseScoresCSVLimits: at most learning.MaxScores scores, and the
// errors of a hopeless file stop after a bound.
func TestParseScoresCSVLimits(t *testing.T) {
	var b strings.Builder
	b.WriteString("email,score\n")
	for i := range learning.MaxScores {
		fmt.Fprintf(&b, "p%d@example.org,%d\n", i, i%101)
	}
	lines, errs := learning.ParseScoresCSV([]byte(b.String()))
	if len(errs) != 0 || len(lines) != learning.MaxScores {
		t.Fatalf("%d scores: %d read, errors %+v", learning.MaxScores, len(lines), errs)
	}
	b.WriteString("late@example.org,1\n")
	_, errs = learning.ParseScoresCSV([]byte(b.String()))
	if want := []learning.LineError{{Line: learning.MaxScores + 2, Code: learning.CSVTooMany, Param: "5000"}}; !slices.Equal(errs, want) {
		t.Errorf("one score too many: %+v, want %+v", errs, want)
	}

	b.Reset()
	b.WriteString("email,score\n")
	for range 1000 {
		b.WriteString("x,y\n")
	}
	_, errs = learning.ParseScoresCSV([]byte(b.String()))
	if n := len(errs); n == 0 || n > 250 || errs[n-1].Code != learning.CSVTooManyErrs {
		t.Errorf("a hopeless file: %d errors, the last %+v", n, errs[len(errs)-1])
	}
}

// FuzzScoresCSV: whatever the bytes, ParseScoresCSV does not panic, each
// error names a line of the file (or none), and what it accepts written
// back by WriteScoresCSV reads the same.
func FuzzScoresCSV(f *testing.F) {
	for _, s := range []string{
		"person_id,score\n" + idA + ",72\n",
		"\ufeffemail;score\r\nana@example.org;72,5\r\n",
		"email,score\n\"a@example.org\",\"1,5\"\n",
		"name,score,email\nAna,,a@example.org\nEka,3,b@example.org\n",
		"person_id,email,score\n" + idB + ",b@example.org,-0\n",
		"score\n1\n", "\xff\xfe", "\"", "a;b,c\n\"x\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		lines, errs := learning.ParseScoresCSV(data)
		nl := bytes.Count(data, []byte("\n")) + 1
		for _, e := range errs {
			if e.Line < 0 || e.Line > nl || e.Code == "" {
				t.Fatalf("error %+v out of the file's %d lines", e, nl)
			}
		}
		for _, l := range lines {
			if l.Score < 0 || l.Score > 100 || l.Line < 2 || l.Line > nl || (l.PersonID == "" && l.Email == "") {
				t.Fatalf("accepted line %+v", l)
			}
		}
		if len(errs) > 0 {
			return
		}
		var out bytes.Buffer
		if err := learning.WriteScoresCSV(&out, lines); err != nil {
			t.Fatal(err)
		}
		again, errs := learning.ParseScoresCSV(out.Bytes())
		if len(errs) > 0 || len(again) != len(lines) {
			t.Fatalf("%q read %+v; written as %q it reads %+v %+v", data, lines, out.String(), again, errs)
		}
		for i := range lines {
			a, b := lines[i], again[i]
			if a.PersonID != b.PersonID || a.Email != b.Email || a.Score != b.Score {
				t.Fatalf("line %d: %+v written reads %+v", i, a, b)
			}
		}
	})
}
