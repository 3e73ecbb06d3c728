package tabular

// Report is the outcome of an import (the importers of every capability
// answer with one). An import is all or nothing:
// with any error nothing is written.
type Report struct {
	Rows     int          `json:"rows"`    // data rows in the file
	Created  int          `json:"created"` // records created (or that would be, in a dry run)
	Updated  int          `json:"updated"` // records changed (or that would be)
	Errors   []RowError   `json:"errors"`
	Warnings []RowWarning `json:"warnings"`
	DryRun   bool         `json:"dry_run"`
}

// RowError is one problem that stops an import. Code is a validation
// code (required, too_long, invalid_email, unknown_agency, duplicate,
// forbidden, …) or the Kind of a *Error (encoding, malformed,
// header, …); Param its parameter; Value the offending cell, cut to 100
// runes.
type RowError struct {
	Line   int    `json:"line"`
	Column string `json:"column"`
	Code   string `json:"code"`
	Param  string `json:"param,omitempty"`
	Value  string `json:"value,omitempty"`
}

// RowWarning is a finding that does not stop an import. Code is
// "likely_duplicate": the row's name is likely that of an existing person
// (ExistingID) or of an earlier row of the file (Detail names its line);
// or, once, "too_many_warnings" (Line 0) when the report stops listing
// them.
type RowWarning struct {
	Line       int     `json:"line"`
	Code       string  `json:"code"`
	Detail     string  `json:"detail"`
	ExistingID string  `json:"existing_id,omitempty"`
	Score      float64 `json:"score"`
	// The other person: their name, and the agency code of an existing
	// person or the line of an earlier row (for localised messages).
	Name       string `json:"name,omitempty"`
	AgencyCode string `json:"agency_code,omitempty"`
	OtherLine  int    `json:"other_line,omitempty"`
}
