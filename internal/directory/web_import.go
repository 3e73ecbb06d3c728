package directory

import (
	"bytes"
	"encoding/base64"
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"

	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/i18n"
	"github.com/topcop-platform/topcop/internal/tabular"
	"github.com/topcop-platform/topcop/internal/ui"
)

// Limits of the import form. The body may hold the file and a few fields:
// tabular.MaxBytes plus 1 MiB; a larger body is refused as "too large"
// before the file is read. A file of at most carryMaxBytes is carried to
// the real run in a hidden field (base64), so that a clean dry run can be
// confirmed without choosing the file again; a larger one must be chosen
// again (the page says so).
const (
	importMaxBody = tabular.MaxBytes + 1<<20
	carryMaxBytes = 2 << 20
)

// importKinds are the kinds of records the import page takes.
var importKinds = []string{"agencies", "people"}

// importColumn is an expected column, as the import page lists it.
type importColumn struct {
	Name     string
	Required bool
	Hint     string
}

// importData is .Page.Data of directory/import.html.
type importData struct {
	Kind   string
	DryRun bool
	Kinds  []ui.Option
	// Columns of each kind, for the help text.
	AgencyColumns, PersonColumns []importColumn
	// The outcome of a submitted file (nil before).
	Report *importReportView
}

// importReportView is a tabular.Report put into words.
type importReportView struct {
	tabular.Report
	Kind     string
	Filename string
	Errors   []importErrorView
	Warnings []importWarningView
	Clean    bool // no errors
	// Carry holds the file (base64) for the real run after a clean dry
	// run, when small enough; otherwise the user chooses it again.
	Carry string
}

type importErrorView struct {
	tabular.RowError
	Message string
}

type importWarningView struct {
	tabular.RowWarning
	Message string
	Percent int
}

func (w *Web) importData(l *i18n.Localizer, kind string, dryRun bool) importData {
	if !slices.Contains(importKinds, kind) {
		kind = "agencies"
	}
	d := importData{Kind: kind, DryRun: dryRun, Kinds: []ui.Option{
		{Value: "agencies", Label: l.T("dir.import.kind_agencies")}, {Value: "people", Label: l.T("dir.import.kind_people")}}}
	for _, c := range AgencyColumns {
		d.AgencyColumns = append(d.AgencyColumns, importColumn{Name: c, Required: slices.Contains(agencyRequired, c), Hint: importColumnHint(l, "agencies", c)})
	}
	for _, c := range PersonColumns {
		d.PersonColumns = append(d.PersonColumns, importColumn{Name: c, Required: slices.Contains(personRequired, c), Hint: importColumnHint(l, "people", c)})
	}
	return d
}

// importColumnHint explains a column's values where they are codes.
func importColumnHint(l *i18n.Localizer, kind, col string) string {
	switch kind + "." + col {
	case "agencies.code":
		return l.T("dir.import.col.agency_code")
	case "agencies.country":
		return l.T("dir.import.col.country")
	case "agencies.type":
		return l.T("dir.import.col.type", "Values", strings.Join(stringsOf(AgencyTypes), ", "))
	case "people.email":
		return l.T("dir.import.col.email")
	case "people.agency_code":
		return l.T("dir.import.col.person_agency")
	case "people.unit":
		return l.T("dir.import.col.unit")
	case "people.sex":
		return l.T("dir.import.col.sex")
	case "people.languages":
		return l.T("dir.import.col.languages")
	case "agencies.phone", "people.phone":
		return l.T("dir.import.col.phone")
	}
	return ""
}

func stringsOf[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

func (w *Web) renderImport(rw http.ResponseWriter, r *http.Request, status int, d importData, fe *ui.FormErrors) {
	l := localizer(r)
	w.render.Render(rw, r, status, "directory/import.html", ui.Page{
		Title: l.T("dir.import.title"), Section: "directory", Data: d, Errors: fe,
		Breadcrumbs: crumbs(l, ui.Crumb{Label: l.T("dir.import.title")}),
	})
}

// importPage shows the import form (to editors; the service decides per
// row on submit).
func (w *Web) importPage(rw http.ResponseWriter, r *http.Request) {
	w.renderImport(rw, r, http.StatusOK, w.importData(localizer(r), r.URL.Query().Get("kind"), true), nil)
}

// importSubmit imports (or, by default, dry-runs) an uploaded CSV or XLSX
// file and shows the report: counts, every error with its line, column,
// message and value, and the likely duplicates. An import is all or
// nothing: with any error nothing is written (422).
func (w *Web) importSubmit(rw http.ResponseWriter, r *http.Request) {
	// Who may not import at all learns nothing from a file (the service
	// decides again, per row).
	l := localizer(r)
	r.Body = http.MaxBytesReader(rw, r.Body, importMaxBody)
	err := r.ParseMultipartForm(importMaxBody)
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		d := w.importData(l, "", true)
		fe := &ui.FormErrors{}
		fe.Add("file", l.T("dir.import.error.too_large"))
		// htmx swaps 422 answers into the page but not 413 (see the
		// responseHandling of layout.html), so it gets the message as a 422.
		status := http.StatusRequestEntityTooLarge
		if r.Header.Get("HX-Request") == "true" {
			status = http.StatusUnprocessableEntity
		}
		w.renderImport(rw, r, status, d, fe)
		return
	case err != nil:
		w.fail(rw, r, core.Errorf(core.Invalid, "malformed upload: %v", err))
		return
	}
	defer r.MultipartForm.RemoveAll()
	kind := r.PostForm.Get("kind")
	dryRun := r.PostForm.Get("dry_run") == "true"
	d := w.importData(l, kind, dryRun)
	fe := &ui.FormErrors{}
	if !slices.Contains(importKinds, kind) {
		fe.Add("kind", l.T("validation.required"))
	}
	data, name, ctype, ok := uploadedFile(r)
	if !ok {
		fe.Add("file", l.T("dir.import.error.no_file"))
	}
	if fe.Any() {
		w.renderImport(rw, r, http.StatusUnprocessableEntity, d, fe)
		return
	}
	rep := tabular.Report{DryRun: dryRun}
	format, ferr := tabular.FormatOf(name, ctype)
	if ferr != nil {
		rep.Errors = []tabular.RowError{{Code: "unknown_format"}}
		err = core.Errorf(core.Invalid, "unknown file format")
	} else if kind == "agencies" {
		rep, err = w.svc.ImportAgencies(r.Context(), bytes.NewReader(data), format, dryRun)
	} else {
		rep, err = w.svc.ImportPeople(r.Context(), bytes.NewReader(data), format, dryRun)
	}
	if err != nil && !core.IsCode(err, core.Invalid) {
		w.fail(rw, r, err)
		return
	}
	v := &importReportView{Report: rep, Kind: kind, Filename: name, Clean: err == nil}
	for _, e := range rep.Errors {
		v.Errors = append(v.Errors, importErrorView{RowError: e, Message: importErrorMessage(l, e)})
	}
	for _, wn := range rep.Warnings {
		v.Warnings = append(v.Warnings, importWarningView{RowWarning: wn, Message: importWarningMessage(l, wn),
			Percent: int(wn.Score*100 + 0.5)})
	}
	if v.Clean && dryRun && len(data) <= carryMaxBytes {
		v.Carry = base64.StdEncoding.EncodeToString(data)
	}
	d.Report = v
	status := http.StatusOK
	if err != nil {
		status = http.StatusUnprocessableEntity
	}
	w.renderImport(rw, r, status, d, nil)
}

// uploadedFile returns the submitted file: the "file" upload, or the file
// a clean dry run carried in "carry" (base64) with its name in
// "carry_name". ok is false when there is neither (or an empty one).
func uploadedFile(r *http.Request) (data []byte, name, contentType string, ok bool) {
	if f, h, err := r.FormFile("file"); err == nil {
		defer f.Close()
		data, err = io.ReadAll(io.LimitReader(f, tabular.MaxBytes+1))
		if err == nil && len(data) > 0 {
			return data, h.Filename, h.Header.Get("Content-Type"), true
		}
	}
	if c := r.PostForm.Get("carry"); c != "" {
		data, err := base64.StdEncoding.DecodeString(c)
		if err == nil && len(data) > 0 {
			return data, r.PostForm.Get("carry_name"), "", true
		}
	}
	return nil, "", "", false
}

// importErrorMessage localises an import error: the validation messages
// for field codes, the import's own for the file-level kinds of tabular.
func importErrorMessage(l *i18n.Localizer, e tabular.RowError) string {
	switch e.Code {
	case "encoding", "malformed", "header", "too_large", "too_many_rows", "empty", "unknown_format":
		return l.T("dir.import.error." + e.Code)
	case CodeRequired:
		if e.Line == 1 { // readImport: a required column is missing from the header
			return l.T("dir.import.error.missing_column", "Column", e.Column)
		}
	case CodeOneOf:
		return l.T("dir.import.error.one_of", "Allowed", e.Param)
	}
	return fieldMessage(l, core.FieldError{Field: e.Column, Code: e.Code, Param: e.Param})
}

// importWarningMessage localises an import warning.
func importWarningMessage(l *i18n.Localizer, wn tabular.RowWarning) string {
	if wn.Code == "too_many_warnings" {
		return l.T("dir.import.warning.too_many")
	}
	if wn.OtherLine > 0 {
		return l.T("dir.import.warning.likely_duplicate_line", "Name", wn.Name, "Line", wn.OtherLine)
	}
	return l.T("dir.import.warning.likely_duplicate", "Detail", wn.Detail)
}

// importTemplate downloads an empty file with the columns of a kind: the
// template to fill in. Signed-in actors only.
func (w *Web) importTemplate(rw http.ResponseWriter, r *http.Request) {
	if !core.ActorFrom(r.Context()).Authenticated() {
		w.fail(rw, r, core.Errorf(core.Unauthenticated, "sign in first"))
		return
	}
	kind := r.URL.Query().Get("kind")
	cols := AgencyColumns
	switch kind {
	case "agencies":
	case "people":
		cols = PersonColumns
	default:
		w.fail(rw, r, core.Errorf(core.NotFound, "no template for %q", kind))
		return
	}
	w.writeExport(rw, r, kind+"-template", func(out io.Writer, f tabular.Format) error {
		return exportErr(tabular.Write(out, f, cols, nil))
	})
}
