package learning

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/topcop-platform/topcop/internal/core"
)

// The scores file: paper scores of a test uploaded in bulk (issue 9 item
// 1). A header line names the columns; person_id or email says who (one
// of them, or both: person_id wins), score the score from 0 to 100 with a
// typedDecimal point or a typedDecimal comma ("72.5", "72,5"). Other columns (a
// name, a country: what the sheet downloaded from the page carries) are
// ignored; a line without a score is skipped (nothing is entered for
// it), so that the sheet downloaded from the page may come back half
// filled in. UTF-8, with or without a byte order mark; commas or
// semicolons between the values, as the header line shows (a spreadsheet
// in a language that writes typedDecimal commas saves semicolons; a typedDecimal
// comma in a comma-separated file must be quoted); blankRecord lines are
// skipped. ParseScoresCSV reads it all or reports every line
// that is wrong.

// Limits of a scores file.
const (
	// MaxScoresFileBytes bounds the upload: 5,000 lines of an id, a name,
	// a country and a score fit with room to spare.
	MaxScoresFileBytes = 1 << 20
	// maxLineErrors bounds the errors reported: past it the file is
	// clearly not a scores file.
	maxLineErrors = 200
)

// Column names of a scores file.
const (
	ColPersonID = "person_id"
	ColEmail    = "email"
	ColScore    = "score"
)

// Codes of a scores file's errors (messages in
// learning.manage.csv.error.<code>).
const (
	CSVEncoding    = "encoding"      // not UTF-8 (line: the first bad one)
	CSVEmpty       = "empty"         // no header, or no score under it
	CSVMalformed   = "malformed"     // a quote out of place
	CSVHeader      = "header"        // no score column, or neither person_id nor email
	CSVDuplicate   = "duplicate"     // a column named twice (Param: its name)
	CSVTooMany     = "too_many_rows" // more than MaxScores scores
	CSVColumns     = "columns"       // more values than the header names (Param: how many it names)
	CSVWho         = "who_required"  // neither a person id nor an e-mail address
	CSVPersonID    = "person_id"     // not a person id
	CSVEmail       = "email"         // not an e-mail address
	CSVScore       = "score"         // not a number
	CSVOutOfRange  = "out_of_range"  // below 0 or above 100
	CSVTooManyErrs = "too_many_errors"
)

// ScoreLine is one score of a scores file: who, as written (trimmed; the
// person id in lower case), and the score.
type ScoreLine struct {
	Line     int // in the file, the header being line 1
	PersonID string
	Email    string
	Score    float64
}

// LineError is a problem of a scores file: Line 0 is the file as a
// whole; Param completes the message (a column name, a limit).
type LineError struct {
	Line  int
	Code  string
	Param string
}

// ParseScoresCSV reads a scores file: the lines that are right and the
// errors, each naming its line (at most maxLineErrors, then one
// too_many_errors). The file is right when there is no error; the lines
// of a wrong one are those the caller may check further (who they name)
// to report everything at once, never to write. It never panics,
// whatever data holds.
func ParseScoresCSV(data []byte) ([]ScoreLine, []LineError) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		return nil, []LineError{{Line: firstNonUTF8Line(data), Code: CSVEncoding}}
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, []LineError{{Code: CSVEmpty}}
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = scoresDelimiter(data)
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	r.ReuseRecord = true

	header, err := r.Read()
	if err != nil {
		return nil, []LineError{scoresReadError(err)}
	}
	cols := map[string]int{}
	for i, name := range header {
		name = strings.ToLower(strings.TrimSpace(name))
		if name == "" {
			continue
		}
		if _, dup := cols[name]; dup {
			return nil, []LineError{{Line: 1, Code: CSVDuplicate, Param: name}}
		}
		cols[name] = i
	}
	_, hasID := cols[ColPersonID]
	_, hasEmail := cols[ColEmail]
	if _, ok := cols[ColScore]; !ok || (!hasID && !hasEmail) {
		return nil, []LineError{{Line: 1, Code: CSVHeader}}
	}
	cell := func(rec []string, name string) string {
		if i, ok := cols[name]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}

	var out []ScoreLine
	var errs []LineError
	add := func(line int, code, param string) bool {
		if len(errs) == maxLineErrors {
			errs = append(errs, LineError{Line: line, Code: CSVTooManyErrs, Param: strconv.Itoa(maxLineErrors)})
			return false
		}
		errs = append(errs, LineError{Line: line, Code: code, Param: param})
		return true
	}
	n := 0
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			e := scoresReadError(err)
			add(e.Line, e.Code, e.Param)
			break
		}
		line, _ := r.FieldPos(0)
		if blankRecord(rec) {
			continue
		}
		if n++; n > MaxScores {
			add(line, CSVTooMany, strconv.Itoa(MaxScores))
			break
		}
		if len(rec) > len(header) {
			// "…,72,5": a typedDecimal comma in a comma-separated file, which
			// would otherwise read as 72 and a stray column.
			if !add(line, CSVColumns, strconv.Itoa(len(header))) {
				break
			}
			continue
		}
		raw := cell(rec, ColScore)
		if raw == "" {
			continue // no score for this line: nothing entered
		}
		sl := ScoreLine{Line: line, PersonID: cell(rec, ColPersonID), Email: cell(rec, ColEmail)}
		who := ""
		switch {
		case sl.PersonID == "" && sl.Email == "":
			who = CSVWho
		case sl.PersonID != "" && !core.ValidID(sl.PersonID):
			who = CSVPersonID
		case sl.Email != "" && !core.ValidEmail(sl.Email):
			who = CSVEmail
		}
		if who != "" && !add(line, who, "") {
			break
		}
		score, code := parseScore(raw)
		if code != "" && !add(line, code, "100") {
			break
		}
		if who == "" && code == "" {
			sl.PersonID, sl.Score = strings.ToLower(sl.PersonID), score
			out = append(out, sl)
		}
	}
	if len(out) == 0 && len(errs) == 0 {
		return nil, []LineError{{Code: CSVEmpty}}
	}
	return out, errs
}

// parseScore reads a score (typedDecimal) from 0 to 100. code is the
// error, or "".
func parseScore(s string) (float64, string) {
	f, ok := typedDecimal(s)
	switch {
	case !ok:
		return 0, CSVScore
	case f < 0 || f > 100:
		return 0, CSVOutOfRange
	}
	return f, ""
}

// typedDecimal reads a number written with digits and at most one typedDecimal
// point or comma ("72", "72.5", "72,5", ".5"), with an optional minus
// sign: what a person types, and nothing else (no exponent, no spaces,
// no infinity).
func typedDecimal(s string) (float64, bool) {
	digits, sep := 0, false
	for i, c := range s {
		switch {
		case c >= '0' && c <= '9':
			digits++
		case (c == '.' || c == ',') && !sep:
			sep = true
		case c == '-' && i == 0:
		default:
			return 0, false
		}
	}
	if digits == 0 {
		return 0, false
	}
	f, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	if f == 0 {
		f = 0 // no negative zero
	}
	return f, true
}

// scoresDelimiter is the separator of the header line: a semicolon when it has
// more semicolons than commas outside quotes, else a comma.
func scoresDelimiter(data []byte) rune {
	commas, semis, quoted := 0, 0, false
	for _, c := range data {
		switch {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == '\n':
			if semis > commas {
				return ';'
			}
			return ','
		case c == ',':
			commas++
		case c == ';':
			semis++
		}
	}
	if semis > commas {
		return ';'
	}
	return ','
}

// blankRecord reports whether a record has nothing but spaces.
func blankRecord(rec []string) bool {
	for _, v := range rec {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

// scoresReadError turns a CSV reader's error into a line error.
func scoresReadError(err error) LineError {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return LineError{Line: pe.StartLine, Code: CSVMalformed}
	}
	if errors.Is(err, io.EOF) {
		return LineError{Code: CSVEmpty}
	}
	return LineError{Code: CSVMalformed}
}

// firstNonUTF8Line is the line holding data's first byte that is not UTF-8.
func firstNonUTF8Line(data []byte) int {
	line := 1
	for len(data) > 0 {
		r, size := utf8.DecodeRune(data)
		if r == utf8.RuneError && size <= 1 {
			return line
		}
		if r == '\n' {
			line++
		}
		data = data[size:]
	}
	return line
}

// WriteScoresCSV writes lines as a scores file with the columns
// person_id, email and score (comma-separated, the scores with a
// typedDecimal point): what ParseScoresCSV reads back as lines, line numbers
// aside.
func WriteScoresCSV(w io.Writer, lines []ScoreLine) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{ColPersonID, ColEmail, ColScore}); err != nil {
		return err
	}
	for _, l := range lines {
		if err := cw.Write([]string{l.PersonID, l.Email, strconv.FormatFloat(l.Score, 'f', -1, 64)}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
