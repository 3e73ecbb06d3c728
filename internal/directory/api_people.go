package directory

import (
	"context"
	"errors"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/topcop-platform/topcop/internal/api"
	"github.com/topcop-platform/topcop/internal/core"
)

// personRecord is a person as the API returns it: e-mail and phone are
// null unless contact_visible (the service empties them for callers who
// may not see them; null says "not shown" rather than "none").
type personRecord struct {
	Person
	Email *string `json:"email" nullable:"true" doc:"E-mail address; null when the caller may not see the person's contact details"`
	Phone *string `json:"phone" nullable:"true" doc:"Phone number; null when the caller may not see the person's contact details"`
}

func personRecordOf(p Person) personRecord {
	r := personRecord{Person: p}
	if p.ContactVisible {
		r.Email, r.Phone = &p.Email, &p.Phone
	}
	return r
}

// contactPointRecord is a contact point with the person's contact details
// under the same rule.
type contactPointRecord struct {
	ContactPoint
	Email *string `json:"email" nullable:"true" doc:"The person's e-mail address; null when not visible to the caller"`
	Phone *string `json:"phone" nullable:"true" doc:"The person's phone number; null when not visible to the caller"`
}

func contactPointRecordOf(c ContactPoint) contactPointRecord {
	r := contactPointRecord{ContactPoint: c}
	if c.ContactVisible {
		r.Email, r.Phone = &c.Email, &c.Phone
	}
	return r
}

// records converts a page of domain values (into API records or page
// rows), keeping its paging.
func records[T, R any](l core.List[T], f func(T) R) core.List[R] {
	out := core.List[R]{Items: make([]R, len(l.Items)), Total: l.Total, Next: l.Next, Prev: l.Prev, Start: l.Start}
	for i, v := range l.Items {
		out.Items[i] = f(v)
	}
	return out
}

type listPeopleInput struct {
	api.PageInput
	Q               string `query:"q" maxLength:"200" doc:"Words matching the names in any script or transliteration (Коваленко finds Kovalenko) or the position; also the e-mail address of people whose contact details the caller may see"`
	Country         string `query:"country" maxLength:"2" doc:"Country code"`
	AgencyID        string `query:"agency_id" maxLength:"36" doc:"Agency id"`
	UnitID          string `query:"unit_id" maxLength:"36" doc:"Unit id"`
	NetworkID       string `query:"network_id" maxLength:"36" doc:"Only members of this network"`
	Role            string `query:"role" enum:"ncp,spoc,empact_ncoord,trainer,crime_data_focal" doc:"Only people with an active contact point of this kind"`
	Sex             string `query:"sex" enum:"female,male" doc:"Sex"`
	Language        string `query:"language" maxLength:"2" doc:"ISO 639-1 code of a language the person speaks"`
	Sort            string `query:"sort" enum:"name,-name,agency,-agency,country,-country,updated,-updated" doc:"Order: name (default: family, then given name), agency (then name), country (then name) or updated (newest first); a leading - reverses it (-name: Z to A, -updated: oldest first)"`
	IncludeArchived bool   `query:"include_archived" doc:"Also list archived people (coordinators and admins only)"`
}

// personBody is a new person.
type personBody struct {
	AgencyID         string   `json:"agency_id,omitempty" maxLength:"36" doc:"Required. Agency id; the person's country is the agency's"`
	UnitID           string   `json:"unit_id,omitempty" maxLength:"36" doc:"A unit of the agency"`
	GivenName        string   `json:"given_name,omitempty" maxLength:"100" doc:"Required. Given name in Latin script"`
	FamilyName       string   `json:"family_name,omitempty" maxLength:"100" doc:"Required. Family name in Latin script"`
	GivenNameNative  string   `json:"given_name_native,omitempty" maxLength:"100" doc:"Given name in native script"`
	FamilyNameNative string   `json:"family_name_native,omitempty" maxLength:"100" doc:"Family name in native script"`
	Sex              Sex      `json:"sex,omitempty" enum:",female,male" doc:"female, male, or empty (not recorded)"`
	Position         string   `json:"position,omitempty" maxLength:"200"`
	Languages        []string `json:"languages,omitempty" maxItems:"20" doc:"ISO 639-1 codes"`
	Email            string   `json:"email,omitempty" maxLength:"254" doc:"Unique across the directory"`
	Phone            string   `json:"phone,omitempty" maxLength:"32" doc:"International format"`
	Demo             bool     `json:"demo,omitempty"`
	RejectDuplicates bool     `json:"reject_duplicates,omitempty" doc:"Refuse (409) when the name is likely that of an existing person, instead of creating and warning"`
}

func (b personBody) input() PersonInput {
	return PersonInput{AgencyID: b.AgencyID, UnitID: b.UnitID, GivenName: b.GivenName, FamilyName: b.FamilyName,
		GivenNameNative: b.GivenNameNative, FamilyNameNative: b.FamilyNameNative, Sex: b.Sex, Position: b.Position,
		Languages: b.Languages, Email: b.Email, Phone: b.Phone, Demo: b.Demo, RejectDuplicates: b.RejectDuplicates}
}

// personPatch is a JSON merge of a person.
type personPatch struct {
	AgencyID         *string   `json:"agency_id,omitempty" maxLength:"36"`
	UnitID           *string   `json:"unit_id,omitempty" maxLength:"36" doc:"Empty for no unit; changing the agency without giving a unit clears it"`
	GivenName        *string   `json:"given_name,omitempty" maxLength:"100"`
	FamilyName       *string   `json:"family_name,omitempty" maxLength:"100"`
	GivenNameNative  *string   `json:"given_name_native,omitempty" maxLength:"100"`
	FamilyNameNative *string   `json:"family_name_native,omitempty" maxLength:"100"`
	Sex              *Sex      `json:"sex,omitempty" enum:",female,male"`
	Position         *string   `json:"position,omitempty" maxLength:"200"`
	Languages        *[]string `json:"languages,omitempty" maxItems:"20"`
	Email            *string   `json:"email,omitempty" maxLength:"254"`
	Phone            *string   `json:"phone,omitempty" maxLength:"32"`
	Demo             *bool     `json:"demo,omitempty"`
	RejectDuplicates bool      `json:"reject_duplicates,omitempty" doc:"Refuse (409) a name change that makes the person a likely duplicate"`
}

func (p personPatch) merge(in PersonInput) PersonInput {
	if p.AgencyID != nil && *p.AgencyID != in.AgencyID && p.UnitID == nil {
		in.UnitID = "" // a unit belongs to its agency
	}
	set(&in.AgencyID, p.AgencyID)
	set(&in.UnitID, p.UnitID)
	set(&in.GivenName, p.GivenName)
	set(&in.FamilyName, p.FamilyName)
	set(&in.GivenNameNative, p.GivenNameNative)
	set(&in.FamilyNameNative, p.FamilyNameNative)
	set(&in.Sex, p.Sex)
	set(&in.Position, p.Position)
	set(&in.Languages, p.Languages)
	set(&in.Email, p.Email)
	set(&in.Phone, p.Phone)
	set(&in.Demo, p.Demo)
	in.RejectDuplicates = p.RejectDuplicates
	return in
}

type personOutput struct{ Body personRecord }

type createPersonInput struct{ Body personBody }

type patchPersonInput struct {
	ID   string `path:"id" doc:"Identifier (UUID)"`
	Body personPatch
}

// personSaved is the answer to a create or update: the person and the
// likely duplicates of their name (a warning; empty when none).
type personSaved struct {
	Person     personRecord `json:"person"`
	Duplicates []Duplicate  `json:"duplicates" doc:"Existing people whose name is likely the same, in any script, best first"`
}

type personSavedOutput struct{ Body personSaved }

func personSavedOf(p Person, dups []Duplicate) *personSavedOutput {
	if dups == nil {
		dups = []Duplicate{}
	}
	return &personSavedOutput{Body: personSaved{Person: personRecordOf(p), Duplicates: dups}}
}

// duplicateProblem is the 409 problem of a save refused for likely
// duplicates: the problem details plus the extension member "duplicates".
type duplicateProblem struct {
	*api.Problem
	Duplicates []Duplicate `json:"duplicates"`
}

// personErr is api.Err, with the duplicates of a refused save.
func personErr(ctx context.Context, err error) error {
	p := api.Err(ctx, err)
	var de *DuplicateError
	if pr, ok := p.(*api.Problem); ok && errors.As(err, &de) {
		return &duplicateProblem{Problem: pr, Duplicates: de.Duplicates}
	}
	return p
}

type listContactPointsInput struct {
	api.PageInput
	Q        string `query:"q" maxLength:"200" doc:"Words matching the person's names (any script) or, where visible, e-mail"`
	Country  string `query:"country" maxLength:"2"`
	AgencyID string `query:"agency_id" maxLength:"36"`
	Kind     string `query:"kind" enum:"ncp,spoc,empact_ncoord,trainer,crime_data_focal"`
	Area     string `query:"area" enum:"HRCN,CYBER,THB,CSE,MS,DRUGS,FRAUD,OPC,ENV,FIRE,DOCFRAUD,NETWORKS,ONLINE,MS-THB,FIREX,ECOFIN" doc:"EMPACT crime-area code"`
	Only247  bool   `query:"only_247" doc:"Only contact points available 24/7"`
	// IncludeArchived: archived contact points too, for coordinators and admins.
	IncludeArchived bool   `query:"include_archived" doc:"Also list archived contact points (coordinators and admins only)"`
	Sort            string `query:"sort" enum:"country,-country,name,-name,agency,-agency" doc:"Order: country (default: by country, then the person's name), name (the person's family, then given name) or agency (then name); a leading - reverses it"`
}

type contactPointBody struct {
	PersonID     string      `json:"person_id,omitempty" maxLength:"36" doc:"Required"`
	Kind         ContactKind `json:"kind,omitempty" doc:"Required" enum:"ncp,spoc,empact_ncoord,trainer,crime_data_focal"`
	Area         string      `json:"area,omitempty" enum:",HRCN,CYBER,THB,CSE,MS,DRUGS,FRAUD,OPC,ENV,FIRE,DOCFRAUD,NETWORKS,ONLINE,MS-THB,FIREX,ECOFIN" doc:"Crime area, or empty for all"`
	Available247 bool        `json:"available_247,omitempty"`
	Notes        string      `json:"notes,omitempty" maxLength:"2000"`
}

type contactPointPatch struct {
	PersonID     *string      `json:"person_id,omitempty" maxLength:"36"`
	Kind         *ContactKind `json:"kind,omitempty" enum:"ncp,spoc,empact_ncoord,trainer,crime_data_focal"`
	Area         *string      `json:"area,omitempty" enum:",HRCN,CYBER,THB,CSE,MS,DRUGS,FRAUD,OPC,ENV,FIRE,DOCFRAUD,NETWORKS,ONLINE,MS-THB,FIREX,ECOFIN"`
	Available247 *bool        `json:"available_247,omitempty"`
	Notes        *string      `json:"notes,omitempty" maxLength:"2000"`
}

type contactPointOutput struct{ Body contactPointRecord }

type createContactPointInput struct{ Body contactPointBody }

type patchContactPointInput struct {
	ID   string `path:"id" doc:"Identifier (UUID)"`
	Body contactPointPatch
}

func registerPeopleAPI(a huma.API, svc *Service) {
	api.Register(a, personal, huma.Operation{
		OperationID: "list-people",
		Method:      http.MethodGet,
		Path:        "/api/v1/people",
		Summary:     "List people",
		Description: "People, filtered and sorted, with cursor paging in both directions. Signed-in callers except observers (403). E-mail and phone are null unless `contact_visible`: " +
			"they are shown to coordinators, to the national contact point of the person's country, to co-members of one of the person's networks and to the person; " +
			"a page that shows any is recorded in the audit log." + pagingNote,
		Tags:   []string{apiTag},
		Errors: append(readErrors, http.StatusUnprocessableEntity),
	}, func(ctx context.Context, in *listPeopleInput) (*api.ListOutput[personRecord], error) {
		l, err := svc.ListPeople(ctx, PersonFilter{Query: in.Q, Country: in.Country, AgencyID: in.AgencyID, UnitID: in.UnitID,
			NetworkID: in.NetworkID, Role: ContactKind(in.Role), Sex: Sex(in.Sex), Language: in.Language, Sort: in.Sort,
			IncludeArchived: in.IncludeArchived}, in.Page())
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		return &api.ListOutput[personRecord]{Body: records(l, personRecordOf)}, nil
	})

	api.Register(a, personal, huma.Operation{
		OperationID: "get-person",
		Method:      http.MethodGet,
		Path:        "/api/v1/people/{id}",
		Summary:     "Get a person",
		Description: "One person, archived ones too. Signed-in callers except observers. E-mail and phone as in the list; a view that shows them is audited.",
		Tags:        []string{apiTag},
		Errors:      append(readErrors, http.StatusNotFound),
	}, func(ctx context.Context, in *idPath) (*personOutput, error) {
		if err := findable(ctx, in.ID, "person"); err != nil {
			return nil, err
		}
		p, err := svc.Person(ctx, in.ID)
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		return &personOutput{Body: personRecordOf(p)}, nil
	})

	api.Register(a, editors, huma.Operation{
		OperationID: "create-person",
		Method:      http.MethodPost,
		Path:        "/api/v1/people",
		Summary:     "Create a person",
		Description: "Coordinators anywhere; national contact points in agencies of their country. Likely duplicates of the name (in any script) are returned as a warning " +
			"in `duplicates` and the person is created; with `reject_duplicates` nothing is created and the answer is 409 with the extension member `duplicates`. " +
			"An e-mail in use is 409 (field `email`).",
		Tags:          []string{apiTag},
		DefaultStatus: http.StatusCreated,
		Errors:        writeErrors,
	}, func(ctx context.Context, in *createPersonInput) (*personSavedOutput, error) {
		p, dups, err := svc.CreatePerson(ctx, in.Body.input())
		if err != nil {
			return nil, personErr(ctx, err)
		}
		return personSavedOf(p, dups), nil
	})

	api.Register(a, editors, huma.Operation{
		OperationID: "update-person",
		Method:      http.MethodPatch,
		Path:        "/api/v1/people/{id}",
		Summary:     "Change a person",
		Description: "JSON merge: only the fields present change. Coordinators; national contact points for people of their country (and not into another country). " +
			"When a name changes, likely duplicates are returned as for creation (409 with `reject_duplicates`).",
		Tags:   []string{apiTag},
		Errors: writeErrors,
	}, func(ctx context.Context, in *patchPersonInput) (*personSavedOutput, error) {
		if err := findable(ctx, in.ID, "person"); err != nil {
			return nil, err
		}
		cur, err := svc.Person(ctx, in.ID)
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		if !cur.ContactVisible {
			// Whoever may edit a person sees their contact details; merging
			// into a record read without them would erase them.
			return nil, api.Err(ctx, forbiddenCountry(cur.CountryCode))
		}
		p, dups, err := svc.UpdatePerson(ctx, in.ID, in.Body.merge(personInputOf(cur)))
		if err != nil {
			return nil, personErr(ctx, err)
		}
		return personSavedOf(p, dups), nil
	})

	registerArchive(a, editors, "person", "person", "/api/v1/people/{id}", svc.ArchivePerson,
		"Restoring a person of an archived agency is 409.")

	api.Register(a, personal, huma.Operation{
		OperationID: "list-contact-points",
		Method:      http.MethodGet,
		Path:        "/api/v1/contact-points",
		Summary:     "List contact points",
		Description: "Active contact points of active people (and archived ones with `include_archived`, coordinators and admins only), by country and name or as `sort` says, with cursor paging in both directions. Signed-in callers except observers. The person's e-mail and phone follow the rule for people." + pagingNote,
		Tags:        []string{apiTag},
		Errors:      append(readErrors, http.StatusUnprocessableEntity),
	}, func(ctx context.Context, in *listContactPointsInput) (*api.ListOutput[contactPointRecord], error) {
		l, err := svc.ListContactPoints(ctx, ContactPointFilter{Query: in.Q, Country: in.Country, AgencyID: in.AgencyID,
			Kind: ContactKind(in.Kind), Area: in.Area, Only247: in.Only247, IncludeArchived: in.IncludeArchived, Sort: in.Sort}, in.Page())
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		return &api.ListOutput[contactPointRecord]{Body: records(l, contactPointRecordOf)}, nil
	})

	api.Register(a, personal, huma.Operation{
		OperationID: "get-contact-point",
		Method:      http.MethodGet,
		Path:        "/api/v1/contact-points/{id}",
		Summary:     "Get a contact point",
		Description: "One contact point. Signed-in callers except observers.",
		Tags:        []string{apiTag},
		Errors:      append(readErrors, http.StatusNotFound),
	}, func(ctx context.Context, in *idPath) (*contactPointOutput, error) {
		if err := findable(ctx, in.ID, "contact point"); err != nil {
			return nil, err
		}
		c, err := svc.ContactPoint(ctx, in.ID)
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		return &contactPointOutput{Body: contactPointRecordOf(c)}, nil
	})

	api.Register(a, editors, huma.Operation{
		OperationID:   "create-contact-point",
		Method:        http.MethodPost,
		Path:          "/api/v1/contact-points",
		Summary:       "Designate a contact point",
		Description:   "Makes a person a contact point of a kind, optionally for one crime area and available 24/7. Coordinators; national contact points for people of their country. The same person, kind and area twice is 409.",
		Tags:          []string{apiTag},
		DefaultStatus: http.StatusCreated,
		Errors:        writeErrors,
	}, func(ctx context.Context, in *createContactPointInput) (*contactPointOutput, error) {
		b := in.Body
		c, err := svc.CreateContactPoint(ctx, ContactPointInput{PersonID: b.PersonID, Kind: b.Kind, Area: b.Area, Available247: b.Available247, Notes: b.Notes})
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		return &contactPointOutput{Body: contactPointRecordOf(c)}, nil
	})

	api.Register(a, editors, huma.Operation{
		OperationID: "update-contact-point",
		Method:      http.MethodPatch,
		Path:        "/api/v1/contact-points/{id}",
		Summary:     "Change a contact point",
		Description: "JSON merge: only the fields present change. Who may: as for designating, for the current and the new person.",
		Tags:        []string{apiTag},
		Errors:      writeErrors,
	}, func(ctx context.Context, in *patchContactPointInput) (*contactPointOutput, error) {
		if err := findable(ctx, in.ID, "contact point"); err != nil {
			return nil, err
		}
		cur, err := svc.ContactPoint(ctx, in.ID)
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		upd := ContactPointInput{PersonID: cur.PersonID, Kind: cur.Kind, Area: cur.Area, Available247: cur.Available247, Notes: cur.Notes}
		set(&upd.PersonID, in.Body.PersonID)
		set(&upd.Kind, in.Body.Kind)
		set(&upd.Area, in.Body.Area)
		set(&upd.Available247, in.Body.Available247)
		set(&upd.Notes, in.Body.Notes)
		c, err := svc.UpdateContactPoint(ctx, in.ID, upd)
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		return &contactPointOutput{Body: contactPointRecordOf(c)}, nil
	})

	registerArchive(a, editors, "contact-point", "contact point", "/api/v1/contact-points/{id}", svc.ArchiveContactPoint,
		"Restoring one that an active contact point now duplicates is 409.")
}
