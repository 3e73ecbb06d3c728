package directory

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
	"github.com/topcop-platform/topcop/internal/tabular"
)

// AgencyColumns are the columns of agency files, in export order. Import
// requires code, country, name and type; code is the key (existing
// agencies are updated, new ones created); a column left out of the file
// keeps the current value on update. country is a country code, type an
// AgencyType value.
var AgencyColumns = []string{"code", "country", "name", "name_native", "acronym", "type", "city", "website", "email", "phone"}

// PersonColumns are the columns of people files, in export order. Import
// requires agency_code, given_name and family_name. email is the key: a
// row whose e-mail belongs to an existing person the importer may see and
// edit updates that person; a row without e-mail always creates one.
// unit is the name of a unit of the agency; languages are ISO 639-1 codes
// separated by ";" or ","; sex is "female", "male" or empty. A column left
// out of the file keeps the current value on update.
var PersonColumns = []string{"email", "agency_code", "unit", "given_name", "family_name", "given_name_native",
	"family_name_native", "sex", "position", "languages", "phone"}

var (
	agencyRequired = []string{"code", "country", "name", "type"}
	personRequired = []string{"agency_code", "given_name", "family_name"}

	// agencyFieldColumn and personFieldColumn map validation fields to file
	// columns.
	agencyFieldColumn = map[string]string{"country_code": "country"}
	personFieldColumn = map[string]string{"agency_id": "agency_code", "unit_id": "unit"}
)

// everything asks a list for all its rows (exports).
var everything = core.PageRequest{Limit: -1}

// maxValueRunes is how much of an offending value an tabular.RowError quotes.
const maxValueRunes = 100

// Limits of the duplicate check of imports, so that a file of 20,000
// people with common surnames stays fast: each row is compared with at
// most maxCompared other names (see dupIndex), reports at most
// maxRowWarnings duplicates, and a report lists at most maxImportWarnings
// (then one "too_many_warnings").
const (
	maxCompared       = 48
	maxRowWarnings    = 5
	maxImportWarnings = 1000
)

// importRows is a parsed file with its header as a set.
type importRows struct {
	t   *tabular.Table
	has map[string]bool
}

// cell returns a row's trimmed value of col, undoing the apostrophe that
// tabular.Write puts before values starting with = + - @ (so that
// "'+380 44 555 0100" in an exported file imports as "+380 44 555 0100").
func cell(r tabular.Row, col string) string {
	v := r.Cells[col]
	if len(v) >= 2 && v[0] == '\'' && strings.ContainsRune("=+-@", rune(v[1])) {
		v = v[1:]
	}
	return v
}

func cut(s string) string {
	if utf8.RuneCountInString(s) <= maxValueRunes {
		return s
	}
	return string([]rune(s)[:maxValueRunes])
}

// readImport parses a file and checks its header; problems go to rep and
// make the error Invalid.
func readImport(r io.Reader, f tabular.Format, required []string, rep *tabular.Report) (importRows, error) {
	t, err := tabular.Read(r, f)
	var te *tabular.Error
	if errors.As(err, &te) {
		rep.Errors = append(rep.Errors, tabular.RowError{Line: te.Line, Column: te.Column, Code: te.Kind})
		return importRows{}, importInvalid(rep)
	}
	if err != nil {
		return importRows{}, core.Wrap(err, "directory: read import")
	}
	rows := importRows{t: t, has: map[string]bool{}}
	for _, h := range t.Header {
		rows.has[h] = true
	}
	for _, c := range required {
		if !rows.has[c] {
			rep.Errors = append(rep.Errors, tabular.RowError{Line: 1, Column: c, Code: CodeRequired})
		}
	}
	rep.Rows = len(t.Rows)
	if len(rep.Errors) > 0 {
		return rows, importInvalid(rep)
	}
	return rows, nil
}

func importInvalid(rep *tabular.Report) error {
	return core.Errorf(core.Invalid, "the file has %d error(s); nothing was imported", len(rep.Errors))
}

// value returns the row's value of col when the file has the column, else
// cur (the current value on update, "" on create).
func (ir importRows) value(r tabular.Row, col, cur string) string {
	if ir.has[col] {
		return cell(r, col)
	}
	return cur
}

// CodeOneOf is the import error of an enumerated column holding a value
// it does not allow; its Param lists the allowed values ("police,
// customs, …"), so that the report can say what to write instead.
const CodeOneOf = "one_of"

// enumerated are the allowed values of the imports' enumerated fields.
var enumerated = map[string]string{
	"type": joinValues(AgencyTypes),
	"sex":  joinValues([]Sex{SexFemale, SexMale}),
}

func joinValues[T ~string](vs []T) string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return strings.Join(out, ", ")
}

// rowErrors turns the field errors of err (if it is an Invalid *core.Error)
// into import errors of the row; an invalid value of an enumerated field
// becomes CodeOneOf with the allowed values.
func rowErrors(rep *tabular.Report, r tabular.Row, err error, columns map[string]string) {
	if err == nil {
		return
	}
	for _, fe := range core.AsError(err).Fields {
		col := fe.Field
		if c, ok := columns[col]; ok {
			col = c
		}
		code, param := fe.Code, fe.Param
		if allowed, ok := enumerated[fe.Field]; ok && code == CodeInvalid {
			code, param = CodeOneOf, allowed
		}
		rep.Errors = append(rep.Errors, tabular.RowError{Line: r.Line, Column: col, Code: code, Param: param, Value: cut(cell(r, col))})
	}
}

func rowError(rep *tabular.Report, r tabular.Row, col, code string) {
	rep.Errors = append(rep.Errors, tabular.RowError{Line: r.Line, Column: col, Code: code, Value: cut(cell(r, col))})
}

// run runs fn in a write transaction, or in a read transaction for a dry
// run (which writes nothing).
func (s *Service) run(ctx context.Context, dryRun bool, fn func(ctx context.Context) error) error {
	if dryRun {
		return s.db.Read(ctx, fn)
	}
	return s.db.Write(ctx, fn)
}

// ImportAgencies creates and updates agencies from a CSV or XLSX file
// (AgencyColumns), all or nothing, in one transaction with one audit entry
// ("directory.agencies.imported", counts only). Staff, and ncps for rows of
// their country: a row outside the actor's scope is an error ("forbidden").
// Every row is checked and every problem reported; with any, nothing is
// written and the error is Invalid. dryRun checks only.
func (s *Service) ImportAgencies(ctx context.Context, r io.Reader, f tabular.Format, dryRun bool) (tabular.Report, error) {
	rep := tabular.Report{DryRun: dryRun, Errors: []tabular.RowError{}, Warnings: []tabular.RowWarning{}}
	a, err := editor(ctx)
	if err != nil {
		return rep, err
	}
	ir, err := readImport(r, f, agencyRequired, &rep)
	if err != nil {
		return rep, err
	}
	type plan struct {
		in  AgencyInput
		ref agencyRef // existing agency, when ID is set
	}
	err = s.run(ctx, dryRun, func(ctx context.Context) error {
		countries, err := s.st.countryCodes(ctx)
		if err != nil {
			return err
		}
		existing, err := s.st.agencyIndex(ctx)
		if err != nil {
			return err
		}
		seen := map[string]bool{}
		var plans []plan
		for _, row := range ir.t.Rows {
			errsBefore := len(rep.Errors)
			code := AgencyInput{Code: cell(row, "code")}.Normalize().Code
			ref, found := existing[code]
			cur := ref.In
			in := AgencyInput{
				Code:        cell(row, "code"),
				CountryCode: ir.value(row, "country", cur.CountryCode),
				Name:        ir.value(row, "name", cur.Name),
				NameNative:  ir.value(row, "name_native", cur.NameNative),
				Acronym:     ir.value(row, "acronym", cur.Acronym),
				Type:        AgencyType(ir.value(row, "type", string(cur.Type))),
				City:        ir.value(row, "city", cur.City),
				Website:     ir.value(row, "website", cur.Website),
				Email:       ir.value(row, "email", cur.Email),
				Phone:       ir.value(row, "phone", cur.Phone),
				Demo:        cur.Demo,
			}.Normalize()
			var v core.Validation
			in.validate(&v)
			if !v.Has("country_code") && !countries[in.CountryCode] {
				v.Add("country_code", CodeUnknownCountry)
			}
			if code != "" && seen[code] {
				v.Add("code", CodeDuplicate)
			}
			seen[code] = true
			rowErrors(&rep, row, v.Err(), agencyFieldColumn)
			if len(rep.Errors) > errsBefore {
				continue
			}
			switch {
			case found && !canEdit(a, ref.Country):
				rowError(&rep, row, "code", CodeForbidden)
				continue
			case !canEdit(a, in.CountryCode):
				rowError(&rep, row, "country", CodeForbidden)
				continue
			}
			if !found {
				plans = append(plans, plan{in: in})
				rep.Created++
			} else if in != cur {
				plans = append(plans, plan{in: in, ref: ref})
				rep.Updated++
			}
		}
		if len(rep.Errors) > 0 {
			return importInvalid(&rep)
		}
		if dryRun {
			return nil
		}
		now := db.Now()
		for _, p := range plans {
			if p.ref.ID == "" {
				if err := s.st.insertAgency(ctx, core.NewID(), p.in, now); err != nil {
					return err
				}
				continue
			}
			if err := s.st.updateAgency(ctx, p.ref.ID, p.in, now); err != nil {
				return err
			}
			if p.in.CountryCode != p.ref.Country {
				if err := s.st.moveAgencyCountry(ctx, p.ref.ID, p.in.CountryCode, now); err != nil {
					return err
				}
			}
		}
		return s.record(ctx, "agencies", "imported", "", map[string]any{"rows": rep.Rows, "created": rep.Created, "updated": rep.Updated})
	})
	if err != nil && !core.IsCode(err, core.Invalid) {
		rep.Created, rep.Updated = 0, 0
	}
	return rep, err
}

// splitList splits a languages cell on ";" and ",".
func splitList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == ',' })
}

// ImportPeople creates and updates people from a CSV or XLSX file
// (PersonColumns), all or nothing, in one transaction with one audit entry
// ("directory.people.imported", counts only). Who may: as ImportAgencies,
// by the country of each row's agency (and of the person updated). Errors
// as ImportAgencies; an e-mail of a person the importer may not see is a
// "duplicate". Likely duplicates — against existing people and earlier
// rows, across scripts — are warnings.
func (s *Service) ImportPeople(ctx context.Context, r io.Reader, f tabular.Format, dryRun bool) (tabular.Report, error) {
	rep := tabular.Report{DryRun: dryRun, Errors: []tabular.RowError{}, Warnings: []tabular.RowWarning{}}
	a, err := editor(ctx)
	if err != nil {
		return rep, err
	}
	ir, err := readImport(r, f, personRequired, &rep)
	if err != nil {
		return rep, err
	}
	type plan struct {
		line    int
		id      string // existing person, or the new id
		update  bool
		changed bool
		in      PersonInput
		country string
		oldAg   string
		keys    []string
		blocks  []string
	}
	err = s.run(ctx, dryRun, func(ctx context.Context) error {
		agencies, err := s.st.agencyIndex(ctx)
		if err != nil {
			return err
		}
		units, err := s.st.unitIndex(ctx)
		if err != nil {
			return err
		}
		byEmail, err := s.st.peopleByEmail(ctx, contactVisibility(a))
		if err != nil {
			return err
		}
		// First pass: the people that rows update, loaded in one go.
		var ids []string
		for _, row := range ir.t.Rows {
			email := PersonInput{Email: cell(row, "email")}.Normalize().Email
			if ref, ok := byEmail[email]; ok && email != "" && ref.Visible && canEdit(a, ref.Country) {
				ids = append(ids, ref.ID)
			}
		}
		current, err := s.st.peopleByID(ctx, ids)
		if err != nil {
			return err
		}
		seen := map[string]bool{}
		var plans []plan
		for _, row := range ir.t.Rows {
			errsBefore := len(rep.Errors)
			var v core.Validation
			email := PersonInput{Email: cell(row, "email")}.Normalize().Email
			p := plan{line: row.Line, id: core.NewID()}
			var cur PersonInput
			ref, exists := byEmail[email]
			switch {
			case email == "":
			case seen[email]:
				v.Add("email", CodeDuplicate) // the same e-mail on an earlier line
			case exists && !ref.Visible:
				v.Add("email", CodeDuplicate) // in use by someone the importer may not see
			case exists && (!canEdit(a, ref.Country) || current[ref.ID].ID == ""):
				rowError(&rep, row, "email", CodeForbidden)
			case exists:
				p.id, p.update = ref.ID, true
				cur = personInputOf(current[ref.ID])
				p.oldAg = cur.AgencyID
			}
			seen[email] = true

			in := PersonInput{
				UnitID:           cur.UnitID,
				GivenName:        ir.value(row, "given_name", cur.GivenName),
				FamilyName:       ir.value(row, "family_name", cur.FamilyName),
				GivenNameNative:  ir.value(row, "given_name_native", cur.GivenNameNative),
				FamilyNameNative: ir.value(row, "family_name_native", cur.FamilyNameNative),
				Sex:              Sex(ir.value(row, "sex", string(cur.Sex))),
				Position:         ir.value(row, "position", cur.Position),
				Languages:        cur.Languages,
				Email:            ir.value(row, "email", cur.Email),
				Phone:            ir.value(row, "phone", cur.Phone),
				Demo:             cur.Demo,
			}
			if ir.has["languages"] {
				in.Languages = splitList(cell(row, "languages"))
			}
			// The agency and unit are looked up by code and name.
			agCode := strings.ToUpper(strings.TrimSpace(cell(row, "agency_code")))
			ag, agOK := agencies[agCode]
			if !agOK || ag.Archived {
				if agCode == "" {
					v.Add("agency_id", CodeRequired)
				} else {
					v.Add("agency_id", CodeUnknownAgency)
				}
			} else {
				in.AgencyID = ag.ID
				p.country = ag.Country
				if in.AgencyID != cur.AgencyID {
					in.UnitID = ""
				}
				if ir.has["unit"] {
					in.UnitID = ""
					if name := cleanLine(cell(row, "unit")); name != "" {
						if id, ok := units[ag.ID+"\x1f"+sortKey(name)]; ok {
							in.UnitID = id
						} else {
							v.Add("unit_id", CodeUnknownUnit)
						}
					}
				}
			}
			in = in.Normalize()
			if in.AgencyID == "" {
				in.AgencyID = "00000000-0000-0000-0000-000000000000" // reported above
			}
			in.validate(&v)
			rowErrors(&rep, row, v.Err(), personFieldColumn)
			if len(rep.Errors) > errsBefore {
				continue
			}
			if !canEdit(a, p.country) {
				rowError(&rep, row, "agency_code", CodeForbidden)
				continue
			}
			p.in = in
			if p.update {
				p.changed = len(changedPersonFields(cur, in)) > 0
				if p.changed {
					rep.Updated++
				}
			} else {
				rep.Created++
			}
			p.keys = personNames(in.GivenName, in.FamilyName, in.GivenNameNative, in.FamilyNameNative)
			p.blocks = personBlocks(in)
			plans = append(plans, p)
		}

		// Likely duplicates, against existing people (one lookup for all
		// the blocks of the file) and earlier rows of the file.
		var allBlocks []string
		seenBlock := map[string]bool{}
		for _, p := range plans {
			for _, b := range p.blocks {
				if !seenBlock[b] {
					seenBlock[b] = true
					allBlocks = append(allBlocks, b)
				}
			}
		}
		existing, err := s.st.nameCandidates(ctx, allBlocks, "")
		if err != nil {
			return err
		}
		idx := newDupIndex(maxCompared)
		for _, cs := range existing {
			for _, c := range cs {
				idx.add(c.Person.ID, c.Names, c)
			}
		}
		for _, p := range plans {
			if len(rep.Warnings) < maxImportWarnings {
				for _, m := range idx.likely(p.keys, p.id, maxRowWarnings) {
					w := tabular.RowWarning{Line: p.line, Code: "likely_duplicate", Score: m.score}
					switch ref := m.ref.(type) {
					case *candidate:
						w.ExistingID = ref.Person.ID
						w.Name, w.AgencyCode = joinName(ref.Person.GivenName, ref.Person.FamilyName), ref.Person.AgencyCode
						w.Detail = fmt.Sprintf("%s (%s)", w.Name, w.AgencyCode)
					case *plan:
						w.Name, w.OtherLine = joinName(ref.in.GivenName, ref.in.FamilyName), ref.line
						w.Detail = fmt.Sprintf("%s (line %d)", w.Name, w.OtherLine)
						if ref.update {
							w.ExistingID = ref.id
						}
					}
					rep.Warnings = append(rep.Warnings, w)
				}
				if len(rep.Warnings) >= maxImportWarnings {
					rep.Warnings = append(rep.Warnings, tabular.RowWarning{Code: "too_many_warnings",
						Detail: fmt.Sprintf("more than %d likely duplicates; the rest are not listed", maxImportWarnings)})
				}
			}
			idx.add(p.id, p.keys, &p)
		}

		if len(rep.Errors) > 0 {
			return importInvalid(&rep)
		}
		if dryRun {
			return nil
		}
		now := db.Now()
		var inserts []personRow
		for _, p := range plans {
			switch {
			case !p.update:
				inserts = append(inserts, personRow{ID: p.id, In: p.in, Country: p.country})
			case p.changed:
				if err := s.st.updatePerson(ctx, p.id, p.in, p.country, now); err != nil {
					return err
				}
				if p.in.AgencyID != p.oldAg {
					if err := s.st.moveContactPoints(ctx, p.id, p.in.AgencyID, p.country, now); err != nil {
						return err
					}
				}
			}
		}
		if err := s.st.insertPeople(ctx, inserts, now); err != nil {
			return err
		}
		return s.record(ctx, "people", "imported", "", map[string]any{
			"rows": rep.Rows, "created": rep.Created, "updated": rep.Updated, "warnings": len(rep.Warnings)})
	})
	if err != nil && !core.IsCode(err, core.Invalid) {
		rep.Created, rep.Updated = 0, 0
	}
	return rep, err
}

// ExportAgencies writes the agencies that filter selects (all of them, in
// its sort order) as a CSV or XLSX file with AgencyColumns. Any signed-in
// actor; IncludeArchived for staff.
func (s *Service) ExportAgencies(ctx context.Context, w io.Writer, f tabular.Format, filter AgencyFilter) error {
	a, err := reader(ctx)
	if err != nil {
		return err
	}
	if err := filter.normalize(); err != nil {
		return err
	}
	if err := checkIncludeArchived(a, filter.IncludeArchived); err != nil {
		return err
	}
	list, err := s.st.listAgencies(ctx, filter, everything)
	if err != nil {
		return err
	}
	rows := make([][]string, len(list.Items))
	for i, ag := range list.Items {
		rows[i] = []string{ag.Code, ag.CountryCode, ag.Name, ag.NameNative, ag.Acronym, string(ag.Type), ag.City, ag.Website, ag.Email, ag.Phone}
	}
	return exportErr(tabular.Write(w, f, AgencyColumns, rows))
}

// ExportPeople writes the people that filter selects as a CSV or XLSX file
// with PersonColumns. Signed-in actors except observers. E-mail and phone
// are written only where the actor may see them, and the export is
// recorded like a list page ("directory.people.contacts_listed", source
// "export") before anything is written.
func (s *Service) ExportPeople(ctx context.Context, w io.Writer, f tabular.Format, filter PersonFilter) error {
	a, err := personalReader(ctx)
	if err != nil {
		return err
	}
	if err := filter.normalize(); err != nil {
		return err
	}
	if err := checkIncludeArchived(a, filter.IncludeArchived); err != nil {
		return err
	}
	list, err := s.st.listPeople(ctx, contactVisibility(a), filter, everything)
	if err != nil {
		return err
	}
	if err := s.auditContacts(ctx, "export", "person", "", visiblePeople(list.Items)); err != nil {
		return err
	}
	rows := make([][]string, len(list.Items))
	for i, p := range list.Items {
		rows[i] = []string{p.Email, p.AgencyCode, p.UnitName, p.GivenName, p.FamilyName, p.GivenNameNative,
			p.FamilyNameNative, string(p.Sex), p.Position, strings.Join(p.Languages, ";"), p.Phone}
	}
	return exportErr(tabular.Write(w, f, PersonColumns, rows))
}

func exportErr(err error) error {
	if errors.Is(err, tabular.ErrUnknownFormat) {
		var v core.Validation
		v.Add("format", CodeInvalid)
		return v.Err()
	}
	return core.Wrap(err, "directory: write export")
}
