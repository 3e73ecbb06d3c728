package directory

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"

	"github.com/topcop-platform/topcop/internal/api"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/tabular"
)

// importForm is the multipart body of the import operations.
type importForm struct {
	File   huma.FormFile `form:"file" contentType:"text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/octet-stream" required:"true" doc:"The CSV (UTF-8) or XLSX file; its format is taken from the file name's extension, else from its content type"`
	DryRun bool          `form:"dry_run" required:"false" doc:"Check every row and report, without writing anything"`
}

type importInput struct {
	RawBody huma.MultipartFormFiles[importForm]
}

type importOutput struct{ Body tabular.Report }

// importProblem is the 422 problem of an import that found errors: each
// error of the report as a field error named "line N: column", plus the
// whole report in the extension member "report".
type importProblem struct {
	*api.Problem
	Report tabular.Report `json:"report"`
}

// importProblemOf builds the 422 answer of a refused import.
func importProblemOf(rep tabular.Report) *importProblem {
	p := api.NewProblem(http.StatusUnprocessableEntity, "validation",
		fmt.Sprintf("the file has %d error(s); nothing was imported", len(rep.Errors)))
	for _, e := range rep.Errors {
		field := fmt.Sprintf("line %d: %s", e.Line, e.Column)
		msg := api.FieldMessage(core.FieldError{Field: e.Column, Code: e.Code, Param: e.Param})
		if e.Code == CodeOneOf {
			msg = "must be one of " + e.Param
		}
		p.Errors = append(p.Errors, api.FieldProblem{Field: field, Code: e.Code, Param: e.Param, Message: msg})
	}
	return &importProblem{Problem: p, Report: rep}
}

type exportAgenciesInput struct {
	Format          string `query:"format" enum:"csv,xlsx" default:"csv" doc:"File format"`
	Q               string `query:"q" maxLength:"200"`
	Country         string `query:"country" maxLength:"2"`
	Type            string `query:"type" enum:"police,customs,border_guard,prosecution,judiciary,fiu,anti_corruption,penitentiary,training,eu_agency,other"`
	Sort            string `query:"sort" enum:"name,-name,country,-country,updated,-updated" doc:"Order, as for the list of agencies"`
	IncludeArchived bool   `query:"include_archived"`
}

type exportPeopleInput struct {
	Format          string `query:"format" enum:"csv,xlsx" default:"csv" doc:"File format"`
	Q               string `query:"q" maxLength:"200"`
	Country         string `query:"country" maxLength:"2"`
	AgencyID        string `query:"agency_id" maxLength:"36"`
	UnitID          string `query:"unit_id" maxLength:"36"`
	NetworkID       string `query:"network_id" maxLength:"36"`
	Role            string `query:"role" enum:"ncp,spoc,empact_ncoord,trainer,crime_data_focal"`
	Sex             string `query:"sex" enum:"female,male"`
	Language        string `query:"language" maxLength:"2"`
	Sort            string `query:"sort" enum:"name,-name,agency,-agency,country,-country,updated,-updated" doc:"Order, as for the list of people"`
	IncludeArchived bool   `query:"include_archived"`
}

// fileOutput is a downloaded file.
type fileOutput struct {
	ContentType        string `header:"Content-Type"`
	ContentDisposition string `header:"Content-Disposition"`
	Body               []byte
}

// fileResponses documents the two formats of an export.
func fileResponses(what string) map[string]*huma.Response {
	binary := func() *huma.MediaType {
		return &huma.MediaType{Schema: &huma.Schema{Type: "string", Format: "binary"}}
	}
	return map[string]*huma.Response{"200": {
		Description: what + " as a file: CSV (UTF-8 with a byte order mark) or XLSX, sent as an attachment",
		Content: map[string]*huma.MediaType{
			tabular.ContentType(tabular.CSV):  binary(),
			tabular.ContentType(tabular.XLSX): binary(),
		},
	}}
}

// importGate runs before huma reads the upload. It refuses callers who may
// not import at all (the service's own editor rule: 401, 403), so that they
// learn nothing from validating a file, and bodies larger than n: 413 at
// once when the declared length says so, else the reader fails once n
// bytes are read (and huma answers the unreadable form with 422).
func importGate(a huma.API, n int64) func(huma.Context, func(huma.Context)) {
	return func(ctx huma.Context, next func(huma.Context)) {
		if _, err := editor(ctx.Context()); err != nil {
			p := api.Err(ctx.Context(), err).(*api.Problem)
			_ = huma.WriteErr(a, ctx, p.Status, p.Detail)
			return
		}
		r, w := humago.Unwrap(ctx)
		if r.ContentLength > n {
			_ = huma.WriteErr(a, ctx, http.StatusRequestEntityTooLarge, fmt.Sprintf("the file is larger than %d bytes", tabular.MaxBytes))
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, n)
		next(ctx)
	}
}

func registerFileAPI(a huma.API, svc *Service) {
	imports := []struct {
		kind, columns string
		run           func(context.Context, io.Reader, tabular.Format, bool) (tabular.Report, error)
	}{
		{"agencies", "code, country, name, type (required), name_native, acronym, city, website, email, phone. `code` is the key: existing agencies are updated, new ones created", svc.ImportAgencies},
		{"people", "agency_code, given_name, family_name (required), email, unit, given_name_native, family_name_native, sex, position, languages, phone. `email` is the key of people the caller may see and edit; rows without one create people; likely duplicates are warnings", svc.ImportPeople},
	}
	for _, im := range imports {
		api.Register(a, editors, huma.Operation{
			OperationID: "import-" + im.kind,
			Method:      http.MethodPost,
			Path:        "/api/v1/" + im.kind + "/import",
			Summary:     "Import " + im.kind + " from CSV or XLSX",
			Description: "Multipart form with `file` and `dry_run`. Columns: " + im.columns + ". All or nothing, in one transaction: " +
				"a clean file answers 200 with the report (counts and warnings; nothing written with `dry_run`); any error answers 422 with every error " +
				"as a field error named `line N: column` and the report in `report`. Coordinators; national contact points for rows of their country. At most 10 MiB and 20,000 rows.",
			Tags:        []string{apiTag},
			Errors:      []int{http.StatusUnauthorized, http.StatusForbidden, http.StatusRequestEntityTooLarge, http.StatusUnprocessableEntity},
			Middlewares: huma.Middlewares{importGate(a, importMaxBody)},
		}, func(ctx context.Context, in *importInput) (*importOutput, error) {
			f := in.RawBody.Data().File
			defer f.Close()
			format, err := tabular.FormatOf(f.Filename, f.ContentType)
			if err != nil {
				return nil, importProblemOf(tabular.Report{Errors: []tabular.RowError{{Code: "unknown_format"}}, Warnings: []tabular.RowWarning{}})
			}
			data, err := io.ReadAll(io.LimitReader(f, tabular.MaxBytes+1))
			if err != nil {
				return nil, api.Err(ctx, core.Wrap(err, "directory: read upload"))
			}
			rep, err := im.run(ctx, bytes.NewReader(data), format, in.RawBody.Data().DryRun)
			switch {
			case core.IsCode(err, core.Invalid) && len(rep.Errors) > 0:
				return nil, importProblemOf(rep)
			case err != nil:
				return nil, api.Err(ctx, err)
			}
			return &importOutput{Body: rep}, nil
		})
	}

	api.Register(a, core.Member, huma.Operation{
		OperationID: "export-agencies",
		Method:      http.MethodGet,
		Path:        "/api/v1/agencies/export",
		Summary:     "Export agencies",
		Description: "The agencies the filters select (as in list-agencies, all of them, in the sort order), with the import's columns, so that an export edited in a spreadsheet imports back. Any signed-in caller.",
		Tags:        []string{apiTag},
		Errors:      append(readErrors, http.StatusUnprocessableEntity),
		Responses:   fileResponses("The agencies"),
	}, func(ctx context.Context, in *exportAgenciesInput) (*fileOutput, error) {
		return exportFile(ctx, "agencies", in.Format, func(w io.Writer, f tabular.Format) error {
			return svc.ExportAgencies(ctx, w, f, AgencyFilter{Query: in.Q, Country: in.Country, Type: AgencyType(in.Type), Sort: in.Sort, IncludeArchived: in.IncludeArchived})
		})
	})

	api.Register(a, personal, huma.Operation{
		OperationID: "export-people",
		Method:      http.MethodGet,
		Path:        "/api/v1/people/export",
		Summary:     "Export people",
		Description: "The people the filters select (as in list-people), with the import's columns. Signed-in callers except observers; e-mail and phone only where the caller may see them, and the export is recorded in the audit log.",
		Tags:        []string{apiTag},
		Errors:      append(readErrors, http.StatusUnprocessableEntity),
		Responses:   fileResponses("The people"),
	}, func(ctx context.Context, in *exportPeopleInput) (*fileOutput, error) {
		return exportFile(ctx, "people", in.Format, func(w io.Writer, f tabular.Format) error {
			return svc.ExportPeople(ctx, w, f, PersonFilter{Query: in.Q, Country: in.Country, AgencyID: in.AgencyID, UnitID: in.UnitID,
				NetworkID: in.NetworkID, Role: ContactKind(in.Role), Sex: Sex(in.Sex), Language: in.Language, Sort: in.Sort,
				IncludeArchived: in.IncludeArchived})
		})
	})
}

// exportFile runs an export into memory (an export is at most one table
// of the directory) so that its errors become problems, not cut files.
func exportFile(ctx context.Context, kind, format string, export func(io.Writer, tabular.Format) error) (*fileOutput, error) {
	f := tabular.Format(format)
	if f == "" {
		f = tabular.CSV
	}
	var buf bytes.Buffer
	if err := export(&buf, f); err != nil {
		return nil, api.Err(ctx, err)
	}
	return &fileOutput{ContentType: tabular.ContentType(f),
		ContentDisposition: `attachment; filename="` + exportFilename(kind, f) + `"`, Body: buf.Bytes()}, nil
}
