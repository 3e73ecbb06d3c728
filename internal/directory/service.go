package directory

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/topcop-platform/topcop/internal/audit"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
	"github.com/topcop-platform/topcop/internal/names"
)

// Service is the directory's use cases: every method takes the actor from
// ctx (core.ActorFrom), decides what it may do, validates input, runs in a
// transaction and records the audit trail. It is safe for concurrent use.
type Service struct {
	db  *db.DB
	log *audit.Log
	st  *store
}

// NewService returns the directory service over d, auditing to log.
func NewService(d *db.DB, log *audit.Log) *Service {
	return &Service{db: d, log: log, st: &store{db: d, cache: newReadCache(d)}}
}

// maxDuplicates caps the likely duplicates reported for one name.
const maxDuplicates = 20

// --- authorization: the one place that decides who may do what ---

// reader admits every signed-in actor.
func reader(ctx context.Context) (core.Actor, error) {
	a := core.ActorFrom(ctx)
	if !a.Authenticated() {
		return a, core.Errorf(core.Unauthenticated, "sign in to use the directory")
	}
	return a, nil
}

// personalReader admits signed-in actors who may see personal data: all
// but those whose only role is observer (observers see aggregated figures
// only).
func personalReader(ctx context.Context) (core.Actor, error) {
	a, err := reader(ctx)
	if err != nil {
		return a, err
	}
	if !seesPeople(a) {
		return a, core.Errorf(core.Forbidden, "observers see aggregated figures only")
	}
	return a, nil
}

func seesPeople(a core.Actor) bool {
	if a.IsStaff() {
		return true
	}
	for _, g := range a.Grants {
		if g.Role != core.RoleObserver {
			return true
		}
	}
	return false
}

// editor admits actors who may edit some part of the directory: staff, and
// ncps (within their country; see canEdit). Read-only tokens never write.
func editor(ctx context.Context) (core.Actor, error) {
	a, err := reader(ctx)
	if err != nil {
		return a, err
	}
	if a.ReadOnly {
		return a, core.Errorf(core.Forbidden, "this token is read-only")
	}
	if !a.IsStaff() && len(a.Countries(core.RoleNCP)) == 0 {
		return a, core.Errorf(core.Forbidden, "only coordinators and national contact points edit the directory")
	}
	return a, nil
}

// staffWriter admits admins and coordinators.
func staffWriter(ctx context.Context) (core.Actor, error) {
	a, err := editor(ctx)
	if err != nil {
		return a, err
	}
	if !a.IsStaff() {
		return a, core.Errorf(core.Forbidden, "only coordinators edit networks")
	}
	return a, nil
}

// canEdit reports whether a may edit records of country: staff everywhere,
// an ncp in their own countries.
func canEdit(a core.Actor, country string) bool {
	return a.IsStaff() || slices.Contains(a.Countries(core.RoleNCP), country)
}

func forbiddenCountry(country string) error {
	return core.Errorf(core.Forbidden, "you may not edit records of %s", country)
}

// contactVisibility is the SQL condition, over people aliased p, under
// which a may see a person's e-mail and phone: staff always; otherwise the
// ncp of the person's country, co-members of one of the person's active
// networks, and the person themself. Every query that returns contact
// details, or filters by them, uses it.
func contactVisibility(a core.Actor) cond {
	if a.IsStaff() {
		return condTrue
	}
	var parts []string
	var args []any
	if cs := a.Countries(core.RoleNCP); len(cs) > 0 {
		parts = append(parts, "p.country_code IN ("+db.Placeholders(len(cs))+")")
		for _, c := range cs {
			args = append(args, c)
		}
	}
	if core.ValidID(a.PersonID) {
		// Uncorrelated, so that both engines evaluate it once per
		// statement (the actor's co-members), not once per row.
		parts = append(parts, "p.id = ?",
			`p.id IN (SELECT m1.person_id FROM network_members m2
				JOIN networks vn ON vn.id = m2.network_id AND vn.archived_at IS NULL
				JOIN network_members m1 ON m1.network_id = m2.network_id
				WHERE m2.person_id = ?)`)
		args = append(args, a.PersonID, a.PersonID)
	}
	if len(parts) == 0 {
		return condFalse
	}
	return cond{SQL: "(" + strings.Join(parts, " OR ") + ")", Args: args}
}

func checkIncludeArchived(a core.Actor, include bool) error {
	if include && !a.IsStaff() {
		return core.Errorf(core.Forbidden, "only coordinators list archived records")
	}
	return nil
}

// pageReq applies the default and maximum page size.
func pageReq(p core.PageRequest) core.PageRequest {
	if p.Limit <= 0 {
		p.Limit = core.DefaultLimit
	}
	p.Limit = min(p.Limit, core.MaxLimit)
	return p
}

func notFound(what string) error { return core.Errorf(core.NotFound, "%s not found", what) }

// conflictField turns a unique violation into a Conflict naming the field
// that must be unique.
func conflictField(err error, field, message string) error {
	if core.IsCode(err, core.Conflict) {
		return &core.Error{Code: core.Conflict, Message: message,
			Fields: []core.FieldError{{Field: field, Code: CodeDuplicate}}, Err: err}
	}
	return err
}

// --- audit ---

// record appends a write event "directory.<entity>.<action>" in the
// transaction of ctx.
func (s *Service) record(ctx context.Context, entity, action, id string, details map[string]any) error {
	return s.log.Record(ctx, audit.Event{Action: "directory." + entity + "." + action, Entity: entity, EntityID: id, Details: details})
}

// auditContacts records that a list showed the contact details of the
// people in ids (nothing when none).
func (s *Service) auditContacts(ctx context.Context, source, entity, entityID string, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	return s.log.RecordRead(ctx, audit.Event{Action: "directory.people.contacts_listed", Entity: entity, EntityID: entityID,
		Details: map[string]any{"source": source, "person_ids": ids, "count": len(ids)}})
}

// auditContactViewed records that one person's contact details were shown.
func (s *Service) auditContactViewed(ctx context.Context, personID string, details map[string]any) error {
	return s.log.RecordRead(ctx, audit.Event{Action: "directory.person.contact_viewed", Entity: "person", EntityID: personID, Details: details})
}

// changes collects old → new values of an update for the audit log.
type changes map[string]any

func change[T comparable](c changes, field string, old, new T) {
	if old != new {
		c[field] = map[string]any{"old": old, "new": new}
	}
}

// --- countries ---

// SeedCountries idempotently upserts ReferenceCountries; it records one
// audit entry listing the codes it changed, if any. Admins (and the
// system) only: forbidden otherwise.
func (s *Service) SeedCountries(ctx context.Context) error {
	a, err := editor(ctx)
	if err != nil {
		return err
	}
	if !a.IsAdmin() {
		return core.Errorf(core.Forbidden, "only admins seed reference data")
	}
	return s.db.Write(ctx, func(ctx context.Context) error {
		var changed []string
		for _, c := range ReferenceCountries {
			ok, err := s.st.upsertCountry(ctx, c)
			if err != nil {
				return err
			}
			if ok {
				changed = append(changed, c.Code)
			}
		}
		if len(changed) == 0 {
			return nil
		}
		return s.record(ctx, "countries", "seed", "", map[string]any{"changed": changed})
	})
}

// Countries returns the reference list of countries in display order
// (partners, EU Member States, EU). Any signed-in actor.
func (s *Service) Countries(ctx context.Context) ([]Country, error) {
	if _, err := reader(ctx); err != nil {
		return nil, err
	}
	return list(ctx, s.st.cache, "countries", s.st.countries)
}

// --- agencies ---

// ListAgencies returns a page of agencies. Any signed-in actor, observers
// included; IncludeArchived is for staff (forbidden otherwise). Bad filter
// values or cursors are Invalid.
func (s *Service) ListAgencies(ctx context.Context, f AgencyFilter, p core.PageRequest) (core.List[Agency], error) {
	a, err := reader(ctx)
	if err != nil {
		return core.List[Agency]{Items: []Agency{}}, err
	}
	if err := f.normalize(); err != nil {
		return core.List[Agency]{Items: []Agency{}}, err
	}
	if err := checkIncludeArchived(a, f.IncludeArchived); err != nil {
		return core.List[Agency]{Items: []Agency{}}, err
	}
	return s.st.listAgencies(ctx, f, pageReq(p))
}

// Agency returns one agency (archived ones too) with its unit and people
// counts. Any signed-in actor; not_found when there is none.
func (s *Service) Agency(ctx context.Context, id string) (Agency, error) {
	if _, err := reader(ctx); err != nil {
		return Agency{}, err
	}
	if !core.ValidID(id) {
		return Agency{}, notFound("agency")
	}
	return s.st.agency(ctx, "id", id)
}

// AgencyByCode is Agency by code (case-insensitive).
func (s *Service) AgencyByCode(ctx context.Context, code string) (Agency, error) {
	if _, err := reader(ctx); err != nil {
		return Agency{}, err
	}
	return s.st.agency(ctx, "code", strings.ToUpper(strings.TrimSpace(code)))
}

// validateAgency checks a normalised input, including that its country
// exists.
func (s *Service) validateAgency(ctx context.Context, in AgencyInput) error {
	var v core.Validation
	in.validate(&v)
	if !v.Has("country_code") {
		ok, err := s.st.countryExists(ctx, in.CountryCode)
		if err != nil {
			return err
		}
		if !ok {
			v.Add("country_code", CodeUnknownCountry)
		}
	}
	return v.Err()
}

// CreateAgency creates an agency. Staff anywhere, an ncp in their own
// country (forbidden otherwise). Invalid input is Invalid with field
// errors; a code in use is Conflict (field "code", "duplicate").
func (s *Service) CreateAgency(ctx context.Context, in AgencyInput) (Agency, error) {
	a, err := editor(ctx)
	if err != nil {
		return Agency{}, err
	}
	in = in.Normalize()
	var out Agency
	err = s.db.Write(ctx, func(ctx context.Context) error {
		if err := s.validateAgency(ctx, in); err != nil {
			return err
		}
		if !canEdit(a, in.CountryCode) {
			return forbiddenCountry(in.CountryCode)
		}
		id, now := core.NewID(), db.Now()
		if err := s.st.insertAgency(ctx, id, in, now); err != nil {
			return conflictField(err, "code", "an agency with this code exists")
		}
		if err := s.record(ctx, "agency", "create", id, map[string]any{
			"code": in.Code, "country_code": in.CountryCode, "name": in.Name, "type": string(in.Type)}); err != nil {
			return err
		}
		out, err = s.st.agency(ctx, "id", id)
		return err
	})
	return out, err
}

// UpdateAgency replaces the editable fields of an agency (the API's PATCH
// merges before calling). Staff anywhere; an ncp only for agencies of their
// country, and only within it. Moving an agency to another country moves
// its people and contact points with it. Errors as CreateAgency, and
// not_found.
func (s *Service) UpdateAgency(ctx context.Context, id string, in AgencyInput) (Agency, error) {
	a, err := editor(ctx)
	if err != nil {
		return Agency{}, err
	}
	if !core.ValidID(id) {
		return Agency{}, notFound("agency")
	}
	in = in.Normalize()
	var out Agency
	err = s.db.Write(ctx, func(ctx context.Context) error {
		cur, err := s.st.agency(ctx, "id", id)
		if err != nil {
			return err
		}
		if !canEdit(a, cur.CountryCode) {
			return forbiddenCountry(cur.CountryCode)
		}
		if err := s.validateAgency(ctx, in); err != nil {
			return err
		}
		if !canEdit(a, in.CountryCode) {
			return forbiddenCountry(in.CountryCode)
		}
		c := changes{}
		old := agencyInputOf(cur)
		change(c, "code", old.Code, in.Code)
		change(c, "country_code", old.CountryCode, in.CountryCode)
		change(c, "name", old.Name, in.Name)
		change(c, "name_native", old.NameNative, in.NameNative)
		change(c, "acronym", old.Acronym, in.Acronym)
		change(c, "type", string(old.Type), string(in.Type))
		change(c, "city", old.City, in.City)
		change(c, "website", old.Website, in.Website)
		change(c, "email", old.Email, in.Email)
		change(c, "phone", old.Phone, in.Phone)
		change(c, "demo", old.Demo, in.Demo)
		if len(c) == 0 {
			out = cur
			return nil
		}
		now := db.Now()
		if err := s.st.updateAgency(ctx, id, in, now); err != nil {
			return conflictField(err, "code", "an agency with this code exists")
		}
		if in.CountryCode != cur.CountryCode {
			if err := s.st.moveAgencyCountry(ctx, id, in.CountryCode, now); err != nil {
				return err
			}
		}
		if err := s.record(ctx, "agency", "update", id, map[string]any{"changes": c}); err != nil {
			return err
		}
		out, err = s.st.agency(ctx, "id", id)
		return err
	})
	return out, err
}

// ArchiveAgency archives (archived true) or restores an agency. Who may:
// as UpdateAgency. Archiving an agency that still has active people is a
// Conflict; archiving what is archived (or restoring what is active)
// changes nothing.
func (s *Service) ArchiveAgency(ctx context.Context, id string, archived bool) error {
	a, err := editor(ctx)
	if err != nil {
		return err
	}
	if !core.ValidID(id) {
		return notFound("agency")
	}
	return s.db.Write(ctx, func(ctx context.Context) error {
		cur, err := s.st.agency(ctx, "id", id)
		if err != nil {
			return err
		}
		if !canEdit(a, cur.CountryCode) {
			return forbiddenCountry(cur.CountryCode)
		}
		if cur.Archived == archived {
			return nil
		}
		if archived && cur.PeopleCount > 0 {
			return core.Errorf(core.Conflict, "the agency has %d active people: archive or move them first", cur.PeopleCount)
		}
		if err := s.st.setArchived(ctx, "agencies", id, archived, db.Now()); err != nil {
			return err
		}
		return s.record(ctx, "agency", archiveAction(archived), id, map[string]any{"code": cur.Code})
	})
}

func archiveAction(archived bool) string {
	if archived {
		return "archive"
	}
	return "restore"
}

// --- units ---

// Units returns the units of an agency by name. Any signed-in actor;
// includeArchived is for staff. not_found when the agency does not exist.
func (s *Service) Units(ctx context.Context, agencyID string, includeArchived bool) ([]Unit, error) {
	a, err := reader(ctx)
	if err != nil {
		return nil, err
	}
	if err := checkIncludeArchived(a, includeArchived); err != nil {
		return nil, err
	}
	if !core.ValidID(agencyID) {
		return nil, notFound("agency")
	}
	var out []Unit
	err = s.db.Read(ctx, func(ctx context.Context) error {
		if _, err := s.st.agency(ctx, "id", agencyID); err != nil {
			return err
		}
		out, err = s.st.units(ctx, agencyID, includeArchived)
		return err
	})
	return out, err
}

// Unit returns one unit. Any signed-in actor; not_found.
func (s *Service) Unit(ctx context.Context, id string) (Unit, error) {
	if _, err := reader(ctx); err != nil {
		return Unit{}, err
	}
	if !core.ValidID(id) {
		return Unit{}, notFound("unit")
	}
	return s.st.unit(ctx, id)
}

// CreateUnit adds a unit to an agency. Staff, or the ncp of the agency's
// country. not_found for a missing agency, Conflict for an archived one or
// a name the agency already has (field "name", "duplicate").
func (s *Service) CreateUnit(ctx context.Context, agencyID string, in UnitInput) (Unit, error) {
	a, err := editor(ctx)
	if err != nil {
		return Unit{}, err
	}
	if !core.ValidID(agencyID) {
		return Unit{}, notFound("agency")
	}
	in = in.Normalize()
	var out Unit
	err = s.db.Write(ctx, func(ctx context.Context) error {
		ag, err := s.st.agency(ctx, "id", agencyID)
		if err != nil {
			return err
		}
		if !canEdit(a, ag.CountryCode) {
			return forbiddenCountry(ag.CountryCode)
		}
		if err := in.Validate(); err != nil {
			return err
		}
		if ag.Archived {
			return core.Errorf(core.Conflict, "the agency is archived")
		}
		id, now := core.NewID(), db.Now()
		if err := s.st.insertUnit(ctx, id, agencyID, in, now); err != nil {
			return conflictField(err, "name", "the agency has a unit of this name")
		}
		if err := s.record(ctx, "unit", "create", id, map[string]any{"agency_id": agencyID, "name": in.Name}); err != nil {
			return err
		}
		out, err = s.st.unit(ctx, id)
		return err
	})
	return out, err
}

// unitForEdit loads a unit and checks that a may edit it.
func (s *Service) unitForEdit(ctx context.Context, a core.Actor, id string) (Unit, Agency, error) {
	u, err := s.st.unit(ctx, id)
	if err != nil {
		return u, Agency{}, err
	}
	ag, err := s.st.agency(ctx, "id", u.AgencyID)
	if err != nil {
		return u, ag, err
	}
	if !canEdit(a, ag.CountryCode) {
		return u, ag, forbiddenCountry(ag.CountryCode)
	}
	return u, ag, nil
}

// UpdateUnit renames a unit. Who may and errors: as CreateUnit.
func (s *Service) UpdateUnit(ctx context.Context, id string, in UnitInput) (Unit, error) {
	a, err := editor(ctx)
	if err != nil {
		return Unit{}, err
	}
	if !core.ValidID(id) {
		return Unit{}, notFound("unit")
	}
	in = in.Normalize()
	var out Unit
	err = s.db.Write(ctx, func(ctx context.Context) error {
		cur, _, err := s.unitForEdit(ctx, a, id)
		if err != nil {
			return err
		}
		if err := in.Validate(); err != nil {
			return err
		}
		c := changes{}
		change(c, "name", cur.Name, in.Name)
		change(c, "name_native", cur.NameNative, in.NameNative)
		if len(c) == 0 {
			out = cur
			return nil
		}
		if err := s.st.updateUnit(ctx, id, in, db.Now()); err != nil {
			return conflictField(err, "name", "the agency has a unit of this name")
		}
		if err := s.record(ctx, "unit", "update", id, map[string]any{"changes": c}); err != nil {
			return err
		}
		out, err = s.st.unit(ctx, id)
		return err
	})
	return out, err
}

// ArchiveUnit archives or restores a unit. Who may: as CreateUnit.
// Archiving a unit that still has active people is a Conflict.
func (s *Service) ArchiveUnit(ctx context.Context, id string, archived bool) error {
	a, err := editor(ctx)
	if err != nil {
		return err
	}
	if !core.ValidID(id) {
		return notFound("unit")
	}
	return s.db.Write(ctx, func(ctx context.Context) error {
		cur, _, err := s.unitForEdit(ctx, a, id)
		if err != nil {
			return err
		}
		if cur.Archived == archived {
			return nil
		}
		if archived {
			n, err := s.st.activePeopleIn(ctx, "unit_id", id)
			if err != nil {
				return err
			}
			if n > 0 {
				return core.Errorf(core.Conflict, "the unit has %d active people: move them first", n)
			}
		}
		if err := s.st.setArchived(ctx, "units", id, archived, db.Now()); err != nil {
			return err
		}
		return s.record(ctx, "unit", archiveAction(archived), id, map[string]any{"agency_id": cur.AgencyID})
	})
}

// --- people ---

// ListPeople returns a page of people. Signed-in actors except
// observers (forbidden); IncludeArchived is for staff. E-mail and phone
// are filled only where the actor may see them, and a page that shows any
// is recorded in the audit log ("directory.people.contacts_listed").
func (s *Service) ListPeople(ctx context.Context, f PersonFilter, p core.PageRequest) (core.List[Person], error) {
	empty := core.List[Person]{Items: []Person{}}
	a, err := personalReader(ctx)
	if err != nil {
		return empty, err
	}
	if err := f.normalize(); err != nil {
		return empty, err
	}
	if err := checkIncludeArchived(a, f.IncludeArchived); err != nil {
		return empty, err
	}
	list, err := s.st.listPeople(ctx, contactVisibility(a), f, pageReq(p))
	if err != nil {
		return empty, err
	}
	if err := s.auditContacts(ctx, "people", "person", "", visiblePeople(list.Items)); err != nil {
		return empty, err
	}
	return list, nil
}

func visiblePeople(ps []Person) []string {
	var ids []string
	for _, p := range ps {
		if p.ContactVisible {
			ids = append(ids, p.ID)
		}
	}
	return ids
}

// Person returns one person (archived ones too). Signed-in actors except
// observers; not_found. When the contact details are shown, the view is
// recorded ("directory.person.contact_viewed") before they are returned.
func (s *Service) Person(ctx context.Context, id string) (Person, error) {
	a, err := personalReader(ctx)
	if err != nil {
		return Person{}, err
	}
	if !core.ValidID(id) {
		return Person{}, notFound("person")
	}
	p, err := s.st.person(ctx, contactVisibility(a), id)
	if err != nil {
		return Person{}, err
	}
	if p.ContactVisible {
		if err := s.auditContactViewed(ctx, id, nil); err != nil {
			return Person{}, err
		}
	}
	return p, nil
}

// checkPerson validates a normalised input, including that its agency
// exists and is active and that its unit belongs to it; it returns the
// agency.
func (s *Service) checkPerson(ctx context.Context, in PersonInput) (Agency, error) {
	var v core.Validation
	in.validate(&v)
	var ag Agency
	if !v.Has("agency_id") {
		var err error
		ag, err = s.st.agency(ctx, "id", in.AgencyID)
		switch {
		case core.IsCode(err, core.NotFound), err == nil && ag.Archived:
			v.Add("agency_id", CodeUnknownAgency)
		case err != nil:
			return ag, err
		}
	}
	if in.UnitID != "" && !v.Has("unit_id") && !v.Has("agency_id") {
		u, err := s.st.unit(ctx, in.UnitID)
		switch {
		case core.IsCode(err, core.NotFound), err == nil && (u.AgencyID != in.AgencyID || u.Archived):
			v.Add("unit_id", CodeUnknownUnit)
		case err != nil:
			return ag, err
		}
	}
	return ag, v.Err()
}

// CreatePerson creates a person in an agency. Staff anywhere, an ncp in
// agencies of their country (forbidden otherwise). Invalid input is Invalid
// with field errors (unknown_agency, unknown_unit, …); an e-mail in use is
// Conflict (field "email", "duplicate"). Likely duplicates of the name, in
// any script, are returned as a warning and the person is created, unless
// in.RejectDuplicates: then nothing is created and the error is Conflict
// (field "family_name", "duplicate") wrapping a *DuplicateError.
func (s *Service) CreatePerson(ctx context.Context, in PersonInput) (Person, []Duplicate, error) {
	a, err := editor(ctx)
	if err != nil {
		return Person{}, nil, err
	}
	in = in.Normalize()
	var out Person
	var dups []Duplicate
	err = s.db.Write(ctx, func(ctx context.Context) error {
		ag, err := s.checkPerson(ctx, in)
		if err != nil {
			return err
		}
		if !canEdit(a, ag.CountryCode) {
			return forbiddenCountry(ag.CountryCode)
		}
		if dups, err = s.likelyDuplicates(ctx, in, ""); err != nil {
			return err
		}
		if len(dups) > 0 && in.RejectDuplicates {
			return duplicateConflict(dups)
		}
		id := core.NewID()
		if err := s.st.insertPeople(ctx, []personRow{{ID: id, In: in, Country: ag.CountryCode}}, db.Now()); err != nil {
			return conflictField(err, "email", "a person with this e-mail exists")
		}
		if err := s.record(ctx, "person", "create", id, map[string]any{"agency_id": in.AgencyID, "country_code": ag.CountryCode}); err != nil {
			return err
		}
		out, err = s.st.person(ctx, contactVisibility(a), id)
		return err
	})
	if err != nil {
		return Person{}, nil, err
	}
	return out, dups, nil
}

func duplicateConflict(dups []Duplicate) error {
	return &core.Error{Code: core.Conflict, Message: "likely duplicate of an existing person",
		Fields: []core.FieldError{{Field: "family_name", Code: CodeDuplicate}}, Err: &DuplicateError{Duplicates: dups}}
}

// LikelyDuplicates returns the active people whose name is likely the same
// as in's (Latin or native, in any script), best first, except excludeID.
// Signed-in actors except observers. Invalid names are Invalid.
func (s *Service) LikelyDuplicates(ctx context.Context, in PersonInput, excludeID string) ([]Duplicate, error) {
	if _, err := personalReader(ctx); err != nil {
		return nil, err
	}
	in = in.Normalize()
	var v core.Validation
	checkName(&v, "given_name", in.GivenName, false, true)
	checkName(&v, "family_name", in.FamilyName, false, true)
	checkName(&v, "given_name_native", in.GivenNameNative, false, false)
	checkName(&v, "family_name_native", in.FamilyNameNative, false, false)
	checkFilterID(&v, "exclude_id", excludeID)
	if err := v.Err(); err != nil {
		return nil, err
	}
	return s.likelyDuplicates(ctx, in, strings.ToLower(excludeID))
}

// personNames are the full names compared for duplicates: Latin and, when
// present, native.
func personNames(given, family, givenNative, familyNative string) []string {
	out := []string{names.Key(joinName(given, family))}
	if n := joinName(givenNative, familyNative); n != "" {
		if k := names.Key(n); k != out[0] {
			out = append(out, k)
		}
	}
	return out
}

// personBlocks are the person_name_blocks of a person: names.Blocks of the
// Latin and the native full name.
func personBlocks(in PersonInput) []string {
	out := names.Blocks(joinName(in.GivenName, in.FamilyName))
	for _, b := range names.Blocks(joinName(in.GivenNameNative, in.FamilyNameNative)) {
		if !slices.Contains(out, b) {
			out = append(out, b)
		}
	}
	return out
}

// likelyDuplicates pre-filters existing people by shared blocks (the
// person_name_blocks table), then scores them with names.Likely.
func (s *Service) likelyDuplicates(ctx context.Context, in PersonInput, excludeID string) ([]Duplicate, error) {
	blocks := personBlocks(in)
	if len(blocks) == 0 {
		return nil, nil
	}
	byBlock, err := s.st.nameCandidates(ctx, blocks, excludeID)
	if err != nil {
		return nil, err
	}
	idx := newDupIndex(maxComparedOne)
	for _, cs := range byBlock {
		for _, c := range cs {
			idx.add(c.Person.ID, c.Names, c)
		}
	}
	out := []Duplicate{}
	for _, m := range idx.likely(personNames(in.GivenName, in.FamilyName, in.GivenNameNative, in.FamilyNameNative), excludeID, maxDuplicates) {
		out = append(out, Duplicate{Person: m.ref.(*candidate).Person, Score: m.score})
	}
	return out, nil
}

// maxComparedOne bounds the names one new or edited person is compared
// with; imports use the lower maxCompared.
const maxComparedOne = 1000

// dupIndex finds the likely duplicates of a name among many, in bounded
// time: a name is compared only with names of equal key, then with names
// sharing two of its blocks (typically the given and the family name
// prefixes), then with names sharing one, most recently added first, up to
// max distinct keys. Blocking can only miss a duplicate whose every word
// differs at the start (see names.Blocks), and the bound one among more
// than max names sharing the same blocks.
type dupIndex struct {
	max     int
	entries []dupEntry
	ids     map[string]bool
	byKey   map[string][]int
	byPair  map[string][]int
	byBlock map[string][]int
}

type dupEntry struct {
	id   string
	keys []string // names.Key of each of the person's names
	ref  any
}

type dupMatch struct {
	id    string
	ref   any
	score float64
}

func newDupIndex(max int) *dupIndex {
	return &dupIndex{max: max, ids: map[string]bool{}, byKey: map[string][]int{}, byPair: map[string][]int{}, byBlock: map[string][]int{}}
}

// add indexes a person's name keys (once per id).
func (x *dupIndex) add(id string, keys []string, ref any) {
	if x.ids[id] {
		return
	}
	x.ids[id] = true
	i := len(x.entries)
	x.entries = append(x.entries, dupEntry{id: id, keys: keys, ref: ref})
	for _, k := range keys {
		x.byKey[k] = append(x.byKey[k], i)
		bs := names.Blocks(k) // k is a key, and Key is idempotent
		for a := range bs {
			x.byBlock[bs[a]] = append(x.byBlock[bs[a]], i)
			for b := a + 1; b < len(bs); b++ {
				x.byPair[pairOf(bs[a], bs[b])] = append(x.byPair[pairOf(bs[a], bs[b])], i)
			}
		}
	}
}

func pairOf(a, b string) string {
	if a > b {
		a, b = b, a
	}
	return a + "|" + b
}

// likely returns the entries whose best Similarity to any of keys is at
// least names.DefaultThreshold, best first (then by id), at most limit,
// never exclude.
func (x *dupIndex) likely(keys []string, exclude string, limit int) []dupMatch {
	seen := map[int]bool{}
	var picked []int
	distinct := map[string]bool{}
	take := func(list []int, bounded bool) {
		for j := len(list) - 1; j >= 0; j-- {
			i := list[j]
			if seen[i] || x.entries[i].id == exclude {
				continue
			}
			if bounded && len(distinct) >= x.max {
				return
			}
			seen[i] = true
			picked = append(picked, i)
			for _, k := range x.entries[i].keys {
				distinct[k] = true
			}
		}
	}
	for _, k := range keys {
		take(x.byKey[k], false)
	}
	for _, k := range keys {
		bs := names.Blocks(k)
		for a := range bs {
			for b := a + 1; b < len(bs); b++ {
				take(x.byPair[pairOf(bs[a], bs[b])], true)
			}
		}
	}
	for _, k := range keys {
		for _, b := range names.Blocks(k) {
			take(x.byBlock[b], true)
		}
	}
	if len(picked) == 0 {
		return nil
	}
	// Score each distinct key once, then each entry by its best key.
	cands := make([]names.Candidate, 0, len(distinct))
	for k := range distinct {
		cands = append(cands, names.Candidate{ID: k, Name: k})
	}
	keyScore := map[string]float64{}
	for _, k := range keys {
		for _, m := range names.Likely(k, cands, names.DefaultThreshold) {
			keyScore[m.ID] = max(keyScore[m.ID], m.Score)
		}
	}
	var out []dupMatch
	for _, i := range picked {
		e := x.entries[i]
		best := 0.0
		for _, k := range e.keys {
			best = max(best, keyScore[k])
		}
		if best > 0 {
			out = append(out, dupMatch{id: e.id, ref: e.ref, score: best})
		}
	}
	slices.SortFunc(out, func(a, b dupMatch) int {
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		return strings.Compare(a.id, b.id)
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out
}

// personInputOf returns the editable fields of p (which must have been
// read with its contact details).
func personInputOf(p Person) PersonInput {
	return PersonInput{AgencyID: p.AgencyID, UnitID: p.UnitID, GivenName: p.GivenName, FamilyName: p.FamilyName,
		GivenNameNative: p.GivenNameNative, FamilyNameNative: p.FamilyNameNative, Sex: p.Sex, Position: p.Position,
		Languages: p.Languages, Email: p.Email, Phone: p.Phone, Demo: p.Demo}
}

// changedPersonFields names the fields that differ: for people the audit
// log keeps which fields changed, never their values.
func changedPersonFields(old, in PersonInput) []string {
	var out []string
	add := func(field string, changed bool) {
		if changed {
			out = append(out, field)
		}
	}
	add("agency_id", old.AgencyID != in.AgencyID)
	add("unit_id", old.UnitID != in.UnitID)
	add("given_name", old.GivenName != in.GivenName)
	add("family_name", old.FamilyName != in.FamilyName)
	add("given_name_native", old.GivenNameNative != in.GivenNameNative)
	add("family_name_native", old.FamilyNameNative != in.FamilyNameNative)
	add("sex", old.Sex != in.Sex)
	add("position", old.Position != in.Position)
	add("languages", !slices.Equal(old.Languages, in.Languages) && len(old.Languages)+len(in.Languages) > 0)
	add("email", old.Email != in.Email)
	add("phone", old.Phone != in.Phone)
	add("demo", old.Demo != in.Demo)
	return out
}

func namesChanged(fields []string) bool {
	for _, f := range fields {
		if strings.Contains(f, "name") {
			return true
		}
	}
	return false
}

// UpdatePerson replaces the editable fields of a person. Staff anywhere;
// an ncp for people of their country, and moving a person to an agency of
// another country is forbidden to them. Errors as CreatePerson, and
// not_found. Likely duplicates are checked when a name changes.
func (s *Service) UpdatePerson(ctx context.Context, id string, in PersonInput) (Person, []Duplicate, error) {
	a, err := editor(ctx)
	if err != nil {
		return Person{}, nil, err
	}
	if !core.ValidID(id) {
		return Person{}, nil, notFound("person")
	}
	in = in.Normalize()
	var out Person
	var dups []Duplicate
	err = s.db.Write(ctx, func(ctx context.Context) error {
		cur, err := s.st.person(ctx, condTrue, id)
		if err != nil {
			return err
		}
		if !canEdit(a, cur.CountryCode) {
			return forbiddenCountry(cur.CountryCode)
		}
		ag, err := s.checkPerson(ctx, in)
		if err != nil {
			return err
		}
		if !canEdit(a, ag.CountryCode) {
			return forbiddenCountry(ag.CountryCode)
		}
		fields := changedPersonFields(personInputOf(cur), in)
		if len(fields) > 0 {
			if namesChanged(fields) {
				if dups, err = s.likelyDuplicates(ctx, in, id); err != nil {
					return err
				}
				if len(dups) > 0 && in.RejectDuplicates {
					return duplicateConflict(dups)
				}
			}
			now := db.Now()
			if err := s.st.updatePerson(ctx, id, in, ag.CountryCode, now); err != nil {
				return conflictField(err, "email", "a person with this e-mail exists")
			}
			if in.AgencyID != cur.AgencyID {
				if err := s.st.moveContactPoints(ctx, id, in.AgencyID, ag.CountryCode, now); err != nil {
					return err
				}
			}
			if err := s.record(ctx, "person", "update", id, map[string]any{"fields": fields}); err != nil {
				return err
			}
		}
		out, err = s.st.person(ctx, contactVisibility(a), id)
		return err
	})
	if err != nil {
		return Person{}, nil, err
	}
	return out, dups, nil
}

// ArchivePerson archives or restores a person. Who may: as UpdatePerson.
// Restoring a person of an archived agency is a Conflict.
func (s *Service) ArchivePerson(ctx context.Context, id string, archived bool) error {
	a, err := editor(ctx)
	if err != nil {
		return err
	}
	if !core.ValidID(id) {
		return notFound("person")
	}
	return s.db.Write(ctx, func(ctx context.Context) error {
		cur, err := s.st.person(ctx, condFalse, id)
		if err != nil {
			return err
		}
		if !canEdit(a, cur.CountryCode) {
			return forbiddenCountry(cur.CountryCode)
		}
		if cur.Archived == archived {
			return nil
		}
		if !archived {
			ag, err := s.st.agency(ctx, "id", cur.AgencyID)
			if err != nil {
				return err
			}
			if ag.Archived {
				return core.Errorf(core.Conflict, "the person's agency is archived")
			}
		}
		if err := s.st.setArchived(ctx, "people", id, archived, db.Now()); err != nil {
			return err
		}
		return s.record(ctx, "person", archiveAction(archived), id, nil)
	})
}

// --- contact points ---

// ListContactPoints returns a page of active contact points (of active
// people), by country and name; IncludeArchived, for those who may see
// archived records (CanSeeArchived), adds the archived ones. Signed-in
// actors except observers. The
// person's e-mail and phone follow the same rule as for people, and a page
// that shows any is recorded in the audit log.
func (s *Service) ListContactPoints(ctx context.Context, f ContactPointFilter, p core.PageRequest) (core.List[ContactPoint], error) {
	empty := core.List[ContactPoint]{Items: []ContactPoint{}}
	a, err := personalReader(ctx)
	if err != nil {
		return empty, err
	}
	if err := f.normalize(); err != nil {
		return empty, err
	}
	if err := checkIncludeArchived(a, f.IncludeArchived); err != nil {
		return empty, err
	}
	list, err := s.st.listContactPoints(ctx, contactVisibility(a), f, pageReq(p))
	if err != nil {
		return empty, err
	}
	var ids []string
	for _, c := range list.Items {
		if c.ContactVisible && !slices.Contains(ids, c.PersonID) {
			ids = append(ids, c.PersonID)
		}
	}
	if err := s.auditContacts(ctx, "contact_points", "person", "", ids); err != nil {
		return empty, err
	}
	return list, nil
}

// ContactPoint returns one contact point. Signed-in actors except
// observers; not_found. Shown contact details are audited as for Person.
func (s *Service) ContactPoint(ctx context.Context, id string) (ContactPoint, error) {
	a, err := personalReader(ctx)
	if err != nil {
		return ContactPoint{}, err
	}
	if !core.ValidID(id) {
		return ContactPoint{}, notFound("contact point")
	}
	c, err := s.st.contactPoint(ctx, contactVisibility(a), id)
	if err != nil {
		return ContactPoint{}, err
	}
	if c.ContactVisible {
		if err := s.auditContactViewed(ctx, c.PersonID, map[string]any{"contact_point_id": id}); err != nil {
			return ContactPoint{}, err
		}
	}
	return c, nil
}

// checkContactPoint validates a normalised input, including that the
// person exists and is active; it returns the person.
func (s *Service) checkContactPoint(ctx context.Context, in ContactPointInput) (Person, error) {
	if err := in.Validate(); err != nil {
		return Person{}, err
	}
	p, err := s.st.person(ctx, condFalse, in.PersonID)
	if core.IsCode(err, core.NotFound) || err == nil && p.Archived {
		var v core.Validation
		v.Add("person_id", CodeInvalid)
		return p, v.Err()
	}
	return p, err
}

// CreateContactPoint designates a person as a contact point. Staff
// anywhere, an ncp for people of their country. Invalid input is Invalid;
// the same person, kind and area twice is Conflict (field "kind",
// "duplicate").
func (s *Service) CreateContactPoint(ctx context.Context, in ContactPointInput) (ContactPoint, error) {
	a, err := editor(ctx)
	if err != nil {
		return ContactPoint{}, err
	}
	in = in.Normalize()
	var out ContactPoint
	err = s.db.Write(ctx, func(ctx context.Context) error {
		p, err := s.checkContactPoint(ctx, in)
		if err != nil {
			return err
		}
		if !canEdit(a, p.CountryCode) {
			return forbiddenCountry(p.CountryCode)
		}
		id := core.NewID()
		if err := s.st.insertContactPoint(ctx, id, in, p.AgencyID, p.CountryCode, db.Now()); err != nil {
			return conflictField(err, "kind", "the person is already this contact point")
		}
		if err := s.record(ctx, "contact_point", "create", id, map[string]any{
			"person_id": in.PersonID, "kind": string(in.Kind), "area": in.Area, "available_247": in.Available247}); err != nil {
			return err
		}
		out, err = s.st.contactPoint(ctx, contactVisibility(a), id)
		return err
	})
	return out, err
}

// UpdateContactPoint replaces the editable fields of a contact point. Who
// may: as CreateContactPoint, for the current and the new person. Errors
// as CreateContactPoint, and not_found.
func (s *Service) UpdateContactPoint(ctx context.Context, id string, in ContactPointInput) (ContactPoint, error) {
	a, err := editor(ctx)
	if err != nil {
		return ContactPoint{}, err
	}
	if !core.ValidID(id) {
		return ContactPoint{}, notFound("contact point")
	}
	in = in.Normalize()
	var out ContactPoint
	err = s.db.Write(ctx, func(ctx context.Context) error {
		cur, err := s.st.contactPoint(ctx, condFalse, id)
		if err != nil {
			return err
		}
		if !canEdit(a, cur.CountryCode) {
			return forbiddenCountry(cur.CountryCode)
		}
		p, err := s.checkContactPoint(ctx, in)
		if err != nil {
			return err
		}
		if !canEdit(a, p.CountryCode) {
			return forbiddenCountry(p.CountryCode)
		}
		c := changes{}
		change(c, "person_id", cur.PersonID, in.PersonID)
		change(c, "kind", string(cur.Kind), string(in.Kind))
		change(c, "area", cur.Area, in.Area)
		change(c, "available_247", cur.Available247, in.Available247)
		if cur.Notes != in.Notes {
			c["notes"] = "changed" // free text may hold personal data: not logged
		}
		if len(c) > 0 {
			if err := s.st.updateContactPoint(ctx, id, in, p.AgencyID, p.CountryCode, db.Now()); err != nil {
				return conflictField(err, "kind", "the person is already this contact point")
			}
			if err := s.record(ctx, "contact_point", "update", id, map[string]any{"changes": c}); err != nil {
				return err
			}
		}
		out, err = s.st.contactPoint(ctx, contactVisibility(a), id)
		return err
	})
	return out, err
}

// ArchiveContactPoint archives or restores a contact point. Who may: as
// UpdateContactPoint. Restoring one that an active contact point now
// duplicates is a Conflict.
func (s *Service) ArchiveContactPoint(ctx context.Context, id string, archived bool) error {
	a, err := editor(ctx)
	if err != nil {
		return err
	}
	if !core.ValidID(id) {
		return notFound("contact point")
	}
	return s.db.Write(ctx, func(ctx context.Context) error {
		cur, err := s.st.contactPoint(ctx, condFalse, id)
		if err != nil {
			return err
		}
		if !canEdit(a, cur.CountryCode) {
			return forbiddenCountry(cur.CountryCode)
		}
		if cur.Archived == archived {
			return nil
		}
		if err := s.st.setArchived(ctx, "contact_points", id, archived, db.Now()); err != nil {
			return conflictField(err, "kind", "the person is already this contact point")
		}
		return s.record(ctx, "contact_point", archiveAction(archived), id, map[string]any{"person_id": cur.PersonID})
	})
}

// --- networks ---

// ListNetworks returns a page of networks with their member counts. Any
// signed-in actor, observers included; IncludeArchived is for staff.
func (s *Service) ListNetworks(ctx context.Context, f NetworkFilter, p core.PageRequest) (core.List[Network], error) {
	empty := core.List[Network]{Items: []Network{}}
	a, err := reader(ctx)
	if err != nil {
		return empty, err
	}
	if err := f.normalize(); err != nil {
		return empty, err
	}
	if err := checkIncludeArchived(a, f.IncludeArchived); err != nil {
		return empty, err
	}
	return s.st.listNetworks(ctx, f, pageReq(p))
}

// Network returns one network. Any signed-in actor; not_found.
func (s *Service) Network(ctx context.Context, id string) (Network, error) {
	if _, err := reader(ctx); err != nil {
		return Network{}, err
	}
	if !core.ValidID(id) {
		return Network{}, notFound("network")
	}
	return s.st.network(ctx, "id", id)
}

// NetworkByCode is Network by code (case-insensitive).
func (s *Service) NetworkByCode(ctx context.Context, code string) (Network, error) {
	if _, err := reader(ctx); err != nil {
		return Network{}, err
	}
	return s.st.network(ctx, "code", strings.ToLower(strings.TrimSpace(code)))
}

// CreateNetwork creates a network. Staff only. Invalid input is Invalid; a
// code in use is Conflict (field "code", "duplicate").
func (s *Service) CreateNetwork(ctx context.Context, in NetworkInput) (Network, error) {
	if _, err := staffWriter(ctx); err != nil {
		return Network{}, err
	}
	in = in.Normalize()
	if err := in.Validate(); err != nil {
		return Network{}, err
	}
	var out Network
	err := s.db.Write(ctx, func(ctx context.Context) error {
		id := core.NewID()
		if err := s.st.insertNetwork(ctx, id, in, db.Now()); err != nil {
			return conflictField(err, "code", "a network with this code exists")
		}
		if err := s.record(ctx, "network", "create", id, map[string]any{"code": in.Code, "name": in.Name, "kind": string(in.Kind)}); err != nil {
			return err
		}
		var err error
		out, err = s.st.network(ctx, "id", id)
		return err
	})
	return out, err
}

// UpdateNetwork replaces the editable fields of a network. Staff only.
// Errors as CreateNetwork, and not_found.
func (s *Service) UpdateNetwork(ctx context.Context, id string, in NetworkInput) (Network, error) {
	if _, err := staffWriter(ctx); err != nil {
		return Network{}, err
	}
	if !core.ValidID(id) {
		return Network{}, notFound("network")
	}
	in = in.Normalize()
	if err := in.Validate(); err != nil {
		return Network{}, err
	}
	var out Network
	err := s.db.Write(ctx, func(ctx context.Context) error {
		cur, err := s.st.network(ctx, "id", id)
		if err != nil {
			return err
		}
		c := changes{}
		change(c, "code", cur.Code, in.Code)
		change(c, "name", cur.Name, in.Name)
		change(c, "kind", string(cur.Kind), string(in.Kind))
		change(c, "description", cur.Description, in.Description)
		if len(c) > 0 {
			if err := s.st.updateNetwork(ctx, id, in, db.Now()); err != nil {
				return conflictField(err, "code", "a network with this code exists")
			}
			if err := s.record(ctx, "network", "update", id, map[string]any{"changes": c}); err != nil {
				return err
			}
		}
		out, err = s.st.network(ctx, "id", id)
		return err
	})
	return out, err
}

// ArchiveNetwork archives or restores a network; its members stay. Staff
// only; not_found.
func (s *Service) ArchiveNetwork(ctx context.Context, id string, archived bool) error {
	if _, err := staffWriter(ctx); err != nil {
		return err
	}
	if !core.ValidID(id) {
		return notFound("network")
	}
	return s.db.Write(ctx, func(ctx context.Context) error {
		cur, err := s.st.network(ctx, "id", id)
		if err != nil {
			return err
		}
		if cur.Archived == archived {
			return nil
		}
		if err := s.st.setArchived(ctx, "networks", id, archived, db.Now()); err != nil {
			return err
		}
		return s.record(ctx, "network", archiveAction(archived), id, map[string]any{"code": cur.Code})
	})
}

// --- members ---

// Members returns a page of a network's members who are active people, by
// name; IncludeArchived, for staff, adds the members who are archived
// people (PersonArchived). Signed-in actors except observers (who see
// MemberCount only); not_found for a missing network. Contact details
// follow the rule for people, and a page that shows any is recorded in
// the audit log.
func (s *Service) Members(ctx context.Context, networkID string, f MemberFilter, p core.PageRequest) (core.List[Member], error) {
	empty := core.List[Member]{Items: []Member{}}
	a, err := personalReader(ctx)
	if err != nil {
		return empty, err
	}
	if !core.ValidID(networkID) {
		return empty, notFound("network")
	}
	if err := f.normalize(); err != nil {
		return empty, err
	}
	if err := checkIncludeArchived(a, f.IncludeArchived); err != nil {
		return empty, err
	}
	if _, err := s.st.network(ctx, "id", networkID); err != nil {
		return empty, err
	}
	list, err := s.st.listMembers(ctx, contactVisibility(a), networkID, f, pageReq(p))
	if err != nil {
		return empty, err
	}
	var ids []string
	for _, m := range list.Items {
		if m.ContactVisible {
			ids = append(ids, m.PersonID)
		}
	}
	if err := s.auditContacts(ctx, "members", "network", networkID, ids); err != nil {
		return empty, err
	}
	return list, nil
}

// Who may change a network's members. Coordinators and admins change
// any membership. A network's managers — the people who are its chair or
// its secretariat (ManagerRoles), through the account linked to them — add
// people of any country to it, change its members' roles and remove them.
// A national contact point adds people of their country to any active
// network and removes them, but changes no roles. Nobody but staff changes
// their own membership (the person their account is linked to): adding
// oneself to a network, or promoting oneself to its chair, would widen the
// contact details one may see (co-members see each other's), so no
// account can grant itself need-to-know. Read-only tokens and observers
// change nothing.

// memberRights is what an actor may do to one network's membership.
type memberRights struct {
	actor   core.Actor
	manager bool // the actor's person is a chair or secretariat of the network
}

// rightsOn returns a's rights on the membership of network n.
func (s *Service) rightsOn(ctx context.Context, a core.Actor, networkID string) (memberRights, error) {
	r := memberRights{actor: a}
	if a.IsStaff() || !core.ValidID(a.PersonID) {
		return r, nil
	}
	var err error
	r.manager, err = s.st.managesNetwork(ctx, networkID, a.PersonID)
	return r, err
}

// check decides whether the actor may add (or remove) the person of
// personID, of country, and, with roleChange, change their role; it
// returns a Forbidden error saying why not.
func (r memberRights) check(personID, country string, roleChange bool) error {
	a := r.actor
	switch {
	case a.IsStaff():
		return nil
	case a.PersonID != "" && personID == a.PersonID:
		return core.Errorf(core.Forbidden, "you may not change your own membership of a network")
	case r.manager:
		return nil
	case !roleChange && slices.Contains(a.Countries(core.RoleNCP), country):
		return nil
	case roleChange:
		return core.Errorf(core.Forbidden, "only coordinators and the network's chair and secretariat change members' roles")
	}
	return core.Errorf(core.Forbidden, "only coordinators, the network's chair and secretariat, and the national contact point of the person's country change its members")
}

// some reports whether the actor may add someone to the network.
func (r memberRights) some() bool {
	return r.actor.IsStaff() || r.manager || len(r.actor.Countries(core.RoleNCP)) > 0
}

// memberWriter admits actors who may change some network's membership:
// signed-in, not an observer, not a read-only token.
func memberWriter(ctx context.Context) (core.Actor, error) {
	a, err := personalReader(ctx)
	if err != nil {
		return a, err
	}
	if a.ReadOnly {
		return a, core.Errorf(core.Forbidden, "this token is read-only")
	}
	return a, nil
}

// AddMember adds a person to a network. Who may: see "Who may change a
// network's members" above (staff; the network's chair and secretariat;
// an ncp for people of their country; never one's own person but staff).
// not_found for a missing network, Conflict for an archived one or a
// person who is already a member (field "person_id", "duplicate"); Invalid
// for bad input or a missing or archived person; Forbidden otherwise.
func (s *Service) AddMember(ctx context.Context, networkID string, in MemberInput) (Member, error) {
	a, err := memberWriter(ctx)
	if err != nil {
		return Member{}, err
	}
	if !core.ValidID(networkID) {
		return Member{}, notFound("network")
	}
	in = in.Normalize()
	if err := in.Validate(); err != nil {
		return Member{}, err
	}
	var out Member
	err = s.db.Write(ctx, func(ctx context.Context) error {
		n, err := s.st.network(ctx, "id", networkID)
		if err != nil {
			return err
		}
		rights, err := s.rightsOn(ctx, a, networkID)
		if err != nil {
			return err
		}
		if !rights.some() {
			return rights.check("", "", false)
		}
		p, err := s.st.person(ctx, condFalse, in.PersonID)
		if core.IsCode(err, core.NotFound) || err == nil && p.Archived {
			var v core.Validation
			v.Add("person_id", CodeInvalid)
			return v.Err()
		}
		if err != nil {
			return err
		}
		if err := rights.check(p.ID, p.CountryCode, false); err != nil {
			return err
		}
		if n.Archived {
			return core.Errorf(core.Conflict, "the network is archived")
		}
		id := core.NewID()
		if err := s.st.insertMember(ctx, id, networkID, in, db.Now()); err != nil {
			return conflictField(err, "person_id", "the person is already a member")
		}
		if err := s.record(ctx, "member", "add", id, map[string]any{"network_id": networkID, "person_id": in.PersonID, "role": string(in.Role)}); err != nil {
			return err
		}
		out, err = s.st.member(ctx, contactVisibility(a), id)
		return err
	})
	return out, err
}

// UpdateMember changes a member's role. Staff, and the network's chair
// and secretariat for members other than themselves; not_found; Invalid
// for an unknown role; Forbidden otherwise.
func (s *Service) UpdateMember(ctx context.Context, memberID string, role string) (Member, error) {
	a, err := memberWriter(ctx)
	if err != nil {
		return Member{}, err
	}
	if !core.ValidID(memberID) {
		return Member{}, notFound("member")
	}
	r := MemberRole(strings.ToLower(strings.TrimSpace(role)))
	var v core.Validation
	checkRole(&v, r)
	if err := v.Err(); err != nil {
		return Member{}, err
	}
	var out Member
	err = s.db.Write(ctx, func(ctx context.Context) error {
		cur, err := s.st.member(ctx, condFalse, memberID)
		if err != nil {
			return err
		}
		rights, err := s.rightsOn(ctx, a, cur.NetworkID)
		if err != nil {
			return err
		}
		if err := rights.check(cur.PersonID, cur.CountryCode, true); err != nil {
			return err
		}
		if cur.Role != r {
			if err := s.st.updateMember(ctx, memberID, r, db.Now()); err != nil {
				return err
			}
			c := changes{}
			change(c, "role", string(cur.Role), string(r))
			if err := s.record(ctx, "member", "update", memberID, map[string]any{"changes": c, "network_id": cur.NetworkID}); err != nil {
				return err
			}
		}
		out, err = s.st.member(ctx, contactVisibility(a), memberID)
		return err
	})
	return out, err
}

// RemoveMember removes a membership. Who may: as AddMember; not_found.
func (s *Service) RemoveMember(ctx context.Context, memberID string) error {
	a, err := memberWriter(ctx)
	if err != nil {
		return err
	}
	if !core.ValidID(memberID) {
		return notFound("member")
	}
	return s.db.Write(ctx, func(ctx context.Context) error {
		cur, err := s.st.member(ctx, condFalse, memberID)
		if err != nil {
			return err
		}
		rights, err := s.rightsOn(ctx, a, cur.NetworkID)
		if err != nil {
			return err
		}
		if err := rights.check(cur.PersonID, cur.CountryCode, false); err != nil {
			return err
		}
		if err := s.st.deleteMember(ctx, memberID); err != nil {
			return err
		}
		return s.record(ctx, "member", "remove", memberID, map[string]any{
			"network_id": cur.NetworkID, "person_id": cur.PersonID, "role": string(cur.Role)})
	})
}

// MemberRights tells pages what the actor may do to one network's
// membership: whether to offer the add-member form, and per member the
// role select and the remove button. The write methods decide again.
type MemberRights struct{ r memberRights }

// CanAdd reports whether the actor may add someone to the network.
func (m MemberRights) CanAdd() bool { return m.r.actor.Authenticated() && m.r.some() }

// CanChange reports whether the actor may change mb's role.
func (m MemberRights) CanChange(mb Member) bool {
	return m.r.actor.Authenticated() && m.r.check(mb.PersonID, mb.CountryCode, true) == nil
}

// CanRemove reports whether the actor may remove mb.
func (m MemberRights) CanRemove(mb Member) bool {
	return m.r.actor.Authenticated() && m.r.check(mb.PersonID, mb.CountryCode, false) == nil
}

// CanManageMembers returns the actor's rights on the membership of network
// networkID (none for observers, read-only tokens and on errors).
func (s *Service) CanManageMembers(ctx context.Context, networkID string) MemberRights {
	a, err := memberWriter(ctx)
	if err != nil || !core.ValidID(networkID) {
		return MemberRights{}
	}
	r, err := s.rightsOn(ctx, a, networkID)
	if err != nil {
		return MemberRights{}
	}
	return MemberRights{r: r}
}

// --- stats ---

// Stats returns the aggregated counts of the directory's overview charts
// (active records only). Any signed-in actor, observers included: it holds
// no personal data.
func (s *Service) Stats(ctx context.Context) (Stats, error) {
	if _, err := reader(ctx); err != nil {
		return Stats{}, err
	}
	st, err := s.st.stats(ctx)
	if err != nil {
		return Stats{}, err
	}
	for i, c := range st.AgenciesByType {
		st.AgenciesByType[i].Label = AgencyType(c.Key).Label()
	}
	sortBy(st.AgenciesByType, func(k string) int { return slices.Index(AgencyTypes, AgencyType(k)) })
	for i, c := range st.PeopleBySex {
		st.PeopleBySex[i].Label = Sex(c.Key).Label()
	}
	sortBy(st.PeopleBySex, func(k string) int { return slices.Index([]Sex{SexFemale, SexMale, SexNone}, Sex(k)) })
	for i, c := range st.ContactPointsByKind {
		st.ContactPointsByKind[i].Label = ContactKind(c.Key).Label()
	}
	sortBy(st.ContactPointsByKind, func(k string) int { return slices.Index(ContactKinds, ContactKind(k)) })
	return st, nil
}

// sortBy orders counts by the display position of their keys (unknown
// keys last).
func sortBy(cs []Count, pos func(string) int) {
	slices.SortStableFunc(cs, func(a, b Count) int {
		pa, pb := pos(a.Key), pos(b.Key)
		if pa < 0 {
			pa = len(cs) + 100
		}
		if pb < 0 {
			pb = len(cs) + 100
		}
		return cmp.Compare(pa, pb)
	})
}

// CanEdit reports whether the actor may edit records of country (staff
// everywhere, an ncp in their own countries; never a read-only token).
// Pages ask it to decide whether to offer edit controls; the write
// methods decide again.
func (s *Service) CanEdit(ctx context.Context, country string) bool {
	a, err := editor(ctx)
	return err == nil && canEdit(a, country)
}

// CanEditSome reports whether the actor may edit some part of the
// directory ("new" and "import" buttons).
func (s *Service) CanEditSome(ctx context.Context) bool {
	_, err := editor(ctx)
	return err == nil
}

// CanSeeArchived reports whether the actor may list archived records
// (staff): pages offer the "show archived" filter to them only.
func (s *Service) CanSeeArchived(ctx context.Context) bool {
	a, err := reader(ctx)
	return err == nil && checkIncludeArchived(a, true) == nil
}

// CanManageNetworks reports whether the actor may create and change
// networks and membership roles (staff), and see archived records.
func (s *Service) CanManageNetworks(ctx context.Context) bool {
	_, err := staffWriter(ctx)
	return err == nil
}
