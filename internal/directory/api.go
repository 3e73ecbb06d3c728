package directory

import (
	"context"
	"net/http"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"github.com/topcop-platform/topcop/internal/api"
	"github.com/topcop-platform/topcop/internal/core"
)

// The directory's JSON API (DESIGN.md §5): thin handlers over the Service,
// which decides who may see and do what. Field names are snake_case;
// errors are RFC 9457 problems from api.Err (422 with field errors for
// invalid input, 404 for unknown or malformed ids, 409 for conflicts).
// Input limits (maxLength, enum, maxItems) repeat the service's own, so
// that the OpenAPI document tells clients the truth; the service checks
// them again.

// apiTag groups the directory's operations in the OpenAPI document.
const apiTag = "directory"

// The API conventions of internal/api, by their short local names.
var (
	readErrors  = api.ReadErrors
	writeErrors = api.WriteErrors
	findable    = api.Findable
)

const pagingNote = api.PagingNote

type idPath = api.IDPath

// RegisterAPI registers the directory's operations on a: countries,
// agencies and units, people, contact points, networks and memberships,
// the overview figures, and CSV/XLSX import and export.
func RegisterAPI(a huma.API, svc *Service) {
	registerAgencyAPI(a, svc)
	registerPeopleAPI(a, svc)
	registerNetworkAPI(a, svc)
	registerFileAPI(a, svc)
}

// --- countries, agencies, units, stats ---

type listAgenciesInput struct {
	api.PageInput
	Q               string `query:"q" maxLength:"200" doc:"Words matching the name, native name, acronym or code, in any script and transliteration"`
	Country         string `query:"country" maxLength:"2" doc:"Country code (ISO 3166-1 alpha-2, or EU)"`
	Type            string `query:"type" enum:"police,customs,border_guard,prosecution,judiciary,fiu,anti_corruption,penitentiary,training,eu_agency,other" doc:"Agency type"`
	Sort            string `query:"sort" enum:"name,-name,country,-country,updated,-updated" doc:"Order: name (default), country (then name) or updated (newest first); a leading - reverses it (-name: Z to A, -updated: oldest first)"`
	IncludeArchived bool   `query:"include_archived" doc:"Also list archived agencies (coordinators and admins only)"`
}

// agencyBody is a new agency.
type agencyBody struct {
	Code        string     `json:"code,omitempty" maxLength:"32" doc:"Required. Unique code: capital letters, digits and hyphens, e.g. GE-MIA" example:"GE-MIA"`
	CountryCode string     `json:"country_code,omitempty" maxLength:"2" doc:"Required. Country code" example:"GE"`
	Name        string     `json:"name,omitempty" maxLength:"200" doc:"Required. Official name in English"`
	NameNative  string     `json:"name_native,omitempty" maxLength:"200" doc:"Name in the national language and script"`
	Acronym     string     `json:"acronym,omitempty" maxLength:"32"`
	Type        AgencyType `json:"type,omitempty" doc:"Required" enum:"police,customs,border_guard,prosecution,judiciary,fiu,anti_corruption,penitentiary,training,eu_agency,other"`
	City        string     `json:"city,omitempty" maxLength:"100"`
	Website     string     `json:"website,omitempty" maxLength:"500" doc:"http(s) URL"`
	Email       string     `json:"email,omitempty" maxLength:"254" doc:"The institution's address"`
	Phone       string     `json:"phone,omitempty" maxLength:"32" doc:"International format, e.g. +995 32 241 1234"`
	Demo        bool       `json:"demo,omitempty" doc:"Part of the demonstration data set"`
}

func (b agencyBody) input() AgencyInput {
	return AgencyInput{Code: b.Code, CountryCode: b.CountryCode, Name: b.Name, NameNative: b.NameNative, Acronym: b.Acronym,
		Type: b.Type, City: b.City, Website: b.Website, Email: b.Email, Phone: b.Phone, Demo: b.Demo}
}

// agencyPatch is a JSON merge of an agency: only the fields present change.
type agencyPatch struct {
	Code        *string     `json:"code,omitempty" maxLength:"32"`
	CountryCode *string     `json:"country_code,omitempty" maxLength:"2" doc:"Moving an agency moves its people and contact points with it"`
	Name        *string     `json:"name,omitempty" maxLength:"200"`
	NameNative  *string     `json:"name_native,omitempty" maxLength:"200"`
	Acronym     *string     `json:"acronym,omitempty" maxLength:"32"`
	Type        *AgencyType `json:"type,omitempty" enum:"police,customs,border_guard,prosecution,judiciary,fiu,anti_corruption,penitentiary,training,eu_agency,other"`
	City        *string     `json:"city,omitempty" maxLength:"100"`
	Website     *string     `json:"website,omitempty" maxLength:"500"`
	Email       *string     `json:"email,omitempty" maxLength:"254"`
	Phone       *string     `json:"phone,omitempty" maxLength:"32"`
	Demo        *bool       `json:"demo,omitempty"`
}

func (p agencyPatch) merge(in AgencyInput) AgencyInput {
	set(&in.Code, p.Code)
	set(&in.CountryCode, p.CountryCode)
	set(&in.Name, p.Name)
	set(&in.NameNative, p.NameNative)
	set(&in.Acronym, p.Acronym)
	set(&in.Type, p.Type)
	set(&in.City, p.City)
	set(&in.Website, p.Website)
	set(&in.Email, p.Email)
	set(&in.Phone, p.Phone)
	set(&in.Demo, p.Demo)
	return in
}

// set overwrites *dst with *src when src is present (JSON merge).
func set[T any](dst *T, src *T) {
	if src != nil {
		*dst = *src
	}
}

type agencyOutput struct{ Body Agency }

type createAgencyInput struct{ Body agencyBody }

type patchAgencyInput struct {
	ID   string `path:"id" doc:"Identifier (UUID)"`
	Body agencyPatch
}

type listUnitsInput struct {
	ID              string `path:"id" doc:"Identifier (UUID)"`
	IncludeArchived bool   `query:"include_archived" doc:"Also list archived units (coordinators and admins only)"`
}

type unitBody struct {
	Name       string `json:"name,omitempty" maxLength:"200" doc:"Required"`
	NameNative string `json:"name_native,omitempty" maxLength:"200"`
}

type unitPatch struct {
	Name       *string `json:"name,omitempty" maxLength:"200"`
	NameNative *string `json:"name_native,omitempty" maxLength:"200"`
}

type createUnitInput struct {
	ID   string `path:"id" doc:"Identifier (UUID)"`
	Body unitBody
}

type patchUnitInput struct {
	ID   string `path:"id" doc:"Identifier (UUID)"`
	Body unitPatch
}

type unitOutput struct{ Body Unit }

type statsOutput struct{ Body Stats }

func registerAgencyAPI(a huma.API, svc *Service) {
	api.Register(a, core.Member, huma.Operation{
		OperationID: "list-countries",
		Method:      http.MethodGet,
		Path:        "/api/v1/countries",
		Summary:     "List countries",
		Description: "The reference list of countries: the five partner countries, the EU Member States, and EU (for EU institutions and agencies), in display order. Any signed-in caller.",
		Tags:        []string{apiTag},
		Errors:      readErrors,
	}, func(ctx context.Context, _ *struct{}) (*api.ListOutput[Country], error) {
		cs, err := svc.Countries(ctx)
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		return &api.ListOutput[Country]{Body: core.List[Country]{Items: cs, Total: len(cs)}}, nil
	})

	api.Register(a, core.Member, huma.Operation{
		OperationID: "list-agencies",
		Method:      http.MethodGet,
		Path:        "/api/v1/agencies",
		Summary:     "List agencies",
		Description: "Agencies with their unit and people counts, filtered and sorted, with cursor paging in both directions. Any signed-in caller, observers included." + pagingNote,
		Tags:        []string{apiTag},
		Errors:      append(readErrors, http.StatusUnprocessableEntity),
	}, func(ctx context.Context, in *listAgenciesInput) (*api.ListOutput[Agency], error) {
		l, err := svc.ListAgencies(ctx, AgencyFilter{Query: in.Q, Country: in.Country, Type: AgencyType(in.Type), Sort: in.Sort,
			IncludeArchived: in.IncludeArchived}, in.Page())
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		return &api.ListOutput[Agency]{Body: l}, nil
	})

	api.Register(a, core.Member, huma.Operation{
		OperationID: "get-agency",
		Method:      http.MethodGet,
		Path:        "/api/v1/agencies/{id}",
		Summary:     "Get an agency",
		Description: "One agency, archived ones too. Any signed-in caller.",
		Tags:        []string{apiTag},
		Errors:      append(readErrors, http.StatusNotFound),
	}, func(ctx context.Context, in *idPath) (*agencyOutput, error) {
		if err := findable(ctx, in.ID, "agency"); err != nil {
			return nil, err
		}
		ag, err := svc.Agency(ctx, in.ID)
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		return &agencyOutput{Body: ag}, nil
	})

	api.Register(a, editors, huma.Operation{
		OperationID:   "create-agency",
		Method:        http.MethodPost,
		Path:          "/api/v1/agencies",
		Summary:       "Create an agency",
		Description:   "Coordinators anywhere; national contact points in their own country. A code in use is 409 (field `code`, `duplicate`).",
		Tags:          []string{apiTag},
		DefaultStatus: http.StatusCreated,
		Errors:        writeErrors,
	}, func(ctx context.Context, in *createAgencyInput) (*agencyOutput, error) {
		ag, err := svc.CreateAgency(ctx, in.Body.input())
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		return &agencyOutput{Body: ag}, nil
	})

	api.Register(a, editors, huma.Operation{
		OperationID: "update-agency",
		Method:      http.MethodPatch,
		Path:        "/api/v1/agencies/{id}",
		Summary:     "Change an agency",
		Description: "JSON merge: only the fields present change. Who may: as for creation, for the agency's current and new country.",
		Tags:        []string{apiTag},
		Errors:      writeErrors,
	}, func(ctx context.Context, in *patchAgencyInput) (*agencyOutput, error) {
		if err := findable(ctx, in.ID, "agency"); err != nil {
			return nil, err
		}
		cur, err := svc.Agency(ctx, in.ID)
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		ag, err := svc.UpdateAgency(ctx, in.ID, in.Body.merge(agencyInputOf(cur)))
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		return &agencyOutput{Body: ag}, nil
	})

	registerArchive(a, editors, "agency", "agency", "/api/v1/agencies/{id}", svc.ArchiveAgency,
		"Archiving an agency that still has active people is 409.")

	api.Register(a, core.Member, huma.Operation{
		OperationID: "list-units",
		Method:      http.MethodGet,
		Path:        "/api/v1/agencies/{id}/units",
		Summary:     "List an agency's units",
		Description: "The units of an agency by name. Any signed-in caller.",
		Tags:        []string{apiTag},
		Errors:      append(readErrors, http.StatusNotFound),
	}, func(ctx context.Context, in *listUnitsInput) (*api.ListOutput[Unit], error) {
		if err := findable(ctx, in.ID, "agency"); err != nil {
			return nil, err
		}
		us, err := svc.Units(ctx, in.ID, in.IncludeArchived)
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		if us == nil {
			us = []Unit{}
		}
		return &api.ListOutput[Unit]{Body: core.List[Unit]{Items: us, Total: len(us)}}, nil
	})

	api.Register(a, editors, huma.Operation{
		OperationID:   "create-unit",
		Method:        http.MethodPost,
		Path:          "/api/v1/agencies/{id}/units",
		Summary:       "Add a unit to an agency",
		Description:   "Coordinators, or the national contact point of the agency's country. A name the agency already has is 409; an archived agency is 409.",
		Tags:          []string{apiTag},
		DefaultStatus: http.StatusCreated,
		Errors:        writeErrors,
	}, func(ctx context.Context, in *createUnitInput) (*unitOutput, error) {
		if err := findable(ctx, in.ID, "agency"); err != nil {
			return nil, err
		}
		u, err := svc.CreateUnit(ctx, in.ID, UnitInput{Name: in.Body.Name, NameNative: in.Body.NameNative})
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		return &unitOutput{Body: u}, nil
	})

	api.Register(a, editors, huma.Operation{
		OperationID: "update-unit",
		Method:      http.MethodPatch,
		Path:        "/api/v1/units/{id}",
		Summary:     "Rename a unit",
		Description: "JSON merge of the unit's names. Who may: as for adding one.",
		Tags:        []string{apiTag},
		Errors:      writeErrors,
	}, func(ctx context.Context, in *patchUnitInput) (*unitOutput, error) {
		if err := findable(ctx, in.ID, "unit"); err != nil {
			return nil, err
		}
		cur, err := svc.Unit(ctx, in.ID)
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		upd := UnitInput{Name: cur.Name, NameNative: cur.NameNative}
		set(&upd.Name, in.Body.Name)
		set(&upd.NameNative, in.Body.NameNative)
		u, err := svc.UpdateUnit(ctx, in.ID, upd)
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		return &unitOutput{Body: u}, nil
	})

	registerArchive(a, editors, "unit", "unit", "/api/v1/units/{id}", svc.ArchiveUnit,
		"Archiving a unit that still has active people is 409.")

	api.Register(a, core.Member, huma.Operation{
		OperationID: "get-directory-stats",
		Method:      http.MethodGet,
		Path:        "/api/v1/directory/stats",
		Summary:     "Directory figures",
		Description: "Aggregated counts of active records (agencies and people by country, agencies by type, people by sex, contact points by kind, members per network) and totals. No personal data: observers may call it.",
		Tags:        []string{apiTag},
		Errors:      readErrors,
	}, func(ctx context.Context, _ *struct{}) (*statsOutput, error) {
		st, err := svc.Stats(ctx)
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		return &statsOutput{Body: st}, nil
	})
}

// registerArchive registers POST path/archive and path/restore (204) for
// one kind of record: slug names the operations ("archive-contact-point"),
// what is the record in words ("contact point").
func registerArchive(a huma.API, access core.Access, slug, what, path string, archive func(context.Context, string, bool) error, note string) {
	for _, op := range []struct {
		verb     string
		archived bool
		summary  string
	}{{"archive", true, "Archive"}, {"restore", false, "Restore"}} {
		api.Register(a, access, huma.Operation{
			OperationID:   op.verb + "-" + slug,
			Method:        http.MethodPost,
			Path:          path + "/" + op.verb,
			Summary:       op.summary + " " + article(what) + " " + what,
			Description:   op.summary + "s the " + what + "; doing it twice changes nothing. Who may: as for changing it. " + note,
			Tags:          []string{apiTag},
			DefaultStatus: http.StatusNoContent,
			Errors:        []int{http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound, http.StatusConflict},
		}, func(ctx context.Context, in *idPath) (*struct{}, error) {
			if err := findable(ctx, in.ID, what); err != nil {
				return nil, err
			}
			if err := archive(ctx, in.ID, op.archived); err != nil {
				return nil, api.Err(ctx, err)
			}
			return nil, nil
		})
	}
}

func article(noun string) string {
	if noun != "" && strings.ContainsRune("aeiou", rune(noun[0])) {
		return "an"
	}
	return "a"
}
