// Package directory is the network directory of TOPCOP II (DESIGN.md §3.1):
// countries, agencies and their units, people, contact points, networks and
// their members, with search across scripts, duplicate detection, and
// CSV/XLSX import and export.
//
// The package is layered like every capability: model.go holds the domain
// types and their validation (no SQL, no HTTP), store.go the SQL for both
// engines, service.go the use cases (authorization, validation,
// transactions, audit), importexport.go bulk import and export, and
// reference.go the reference list of countries.
//
// Who may see and do what (DESIGN.md §2, §4) is decided in service.go and
// enforced in the SQL of every list and read:
//
//   - Anonymous actors (including accounts whose second factor is pending)
//     get core.Unauthenticated from every method.
//   - Every signed-in actor reads agencies, units and networks. People,
//     contact points and member lists are personal data: an actor whose
//     only role is observer gets core.Forbidden (observers see aggregated
//     figures only: Stats, member counts).
//   - A person's e-mail and phone are returned only to staff (admins and
//     coordinators), to the ncp of the person's country, to co-members of
//     one of the person's (active) networks, and to the person themself;
//     everyone else gets them empty with ContactVisible false. Every
//     response that shows contact details is recorded in the audit log.
//   - Staff edit everything; an ncp edits agencies, units, people and
//     contact points of their own country and may add and remove network
//     members who are people of their country; networks themselves are
//     staff only. Read-only API tokens never write.
package directory

import (
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
	"github.com/topcop-platform/topcop/internal/names"
)

// Maximum lengths, in runes, of text fields.
const (
	MaxName        = 100           // a person's given or family name, in either script
	MaxTitle       = 200           // agency, unit and network names, positions
	MaxShort       = 32            // codes and acronyms
	MaxCity        = 100           // a city
	MaxURL         = 500           // a website
	MaxEmail       = core.MaxEmail // an e-mail address (RFC 5321 path limit)
	MaxPhone       = 32            // a phone number as written
	MaxNotes       = 2000          // notes on a contact point
	MaxDescription = 4000          // a network's description
	MaxQuery       = 200           // a search query
	MaxLanguages   = 20            // languages of one person
)

// Validation codes, as used in core.FieldError.Code. The UI localises them
// with the key "validation.<code>".
const (
	CodeRequired       = "required"
	CodeTooLong        = "too_long" // Param: the maximum length in runes
	CodeInvalidEmail   = "invalid_email"
	CodeInvalidPhone   = "invalid_phone"
	CodeInvalid        = "invalid"
	CodeUnknownCountry = "unknown_country"
	CodeUnknownAgency  = "unknown_agency"
	CodeUnknownUnit    = "unknown_unit"
	CodeMarkup         = "markup" // angle brackets or control characters
	CodeDuplicate      = "duplicate"
	CodeForbidden      = "forbidden" // import only: a row outside the actor's scope
)

// CountryKind says what a country entry stands for.
type CountryKind string

// The kinds of country entries.
const (
	CountryPartner  CountryKind = "partner"   // the five TOPCOP II partner countries
	CountryEUMember CountryKind = "eu_member" // the 27 EU Member States
	CountryEUBody   CountryKind = "eu_body"   // "EU": the home of EU institutions and agencies
)

// Valid reports whether k is a known kind.
func (k CountryKind) Valid() bool {
	return k == CountryPartner || k == CountryEUMember || k == CountryEUBody
}

// Country is an entry of the reference list of countries (reference.go).
type Country struct {
	Code       string      `json:"code"` // ISO 3166-1 alpha-2, or "EU"
	NameEN     string      `json:"name_en"`
	NameNative string      `json:"name_native"`
	Kind       CountryKind `json:"kind"`
	SortOrder  int         `json:"sort_order"`
}

// AgencyType classifies an agency.
type AgencyType string

// The agency types (DESIGN.md §3.1).
const (
	AgencyPolice         AgencyType = "police"
	AgencyCustoms        AgencyType = "customs"
	AgencyBorderGuard    AgencyType = "border_guard"
	AgencyProsecution    AgencyType = "prosecution"
	AgencyJudiciary      AgencyType = "judiciary"
	AgencyFIU            AgencyType = "fiu"
	AgencyAntiCorruption AgencyType = "anti_corruption"
	AgencyPenitentiary   AgencyType = "penitentiary"
	AgencyTraining       AgencyType = "training"
	AgencyEUAgency       AgencyType = "eu_agency"
	AgencyOther          AgencyType = "other"
)

// AgencyTypes lists the agency types in display order.
var AgencyTypes = []AgencyType{AgencyPolice, AgencyCustoms, AgencyBorderGuard, AgencyProsecution,
	AgencyJudiciary, AgencyFIU, AgencyAntiCorruption, AgencyPenitentiary, AgencyTraining,
	AgencyEUAgency, AgencyOther}

// Valid reports whether t is a known type.
func (t AgencyType) Valid() bool { return slices.Contains(AgencyTypes, t) }

// Label is the English name of t; the UI localises by the value itself.
func (t AgencyType) Label() string {
	return map[AgencyType]string{
		AgencyPolice: "Police", AgencyCustoms: "Customs", AgencyBorderGuard: "Border guard",
		AgencyProsecution: "Prosecution", AgencyJudiciary: "Judiciary",
		AgencyFIU: "Financial intelligence unit", AgencyAntiCorruption: "Anti-corruption",
		AgencyPenitentiary: "Penitentiary", AgencyTraining: "Training institution",
		AgencyEUAgency: "EU agency", AgencyOther: "Other",
	}[t]
}

// Sex is a person's sex as recorded for disaggregated reporting; empty when
// not recorded.
type Sex string

// The recorded values.
const (
	SexFemale Sex = "female"
	SexMale   Sex = "male"
	SexNone   Sex = ""
)

// Valid reports whether s is a known value (including none).
func (s Sex) Valid() bool { return s == SexFemale || s == SexMale || s == SexNone }

// Label is the English name of s.
func (s Sex) Label() string {
	switch s {
	case SexFemale:
		return "Female"
	case SexMale:
		return "Male"
	}
	return "Not recorded"
}

// ContactKind is what a contact point is for.
type ContactKind string

// The kinds of contact points.
const (
	ContactNCP            ContactKind = "ncp"              // national contact point
	ContactSPOC           ContactKind = "spoc"             // single point of contact
	ContactEMPACTNCoord   ContactKind = "empact_ncoord"    // EMPACT national coordinator
	ContactTrainer        ContactKind = "trainer"          // trainer
	ContactCrimeDataFocal ContactKind = "crime_data_focal" // focal point for crime data
)

// ContactKinds lists the kinds in display order.
var ContactKinds = []ContactKind{ContactNCP, ContactSPOC, ContactEMPACTNCoord, ContactTrainer, ContactCrimeDataFocal}

// Valid reports whether k is a known kind.
func (k ContactKind) Valid() bool { return slices.Contains(ContactKinds, k) }

// Label is the English name of k.
func (k ContactKind) Label() string {
	return map[ContactKind]string{
		ContactNCP: "National contact point", ContactSPOC: "Single point of contact",
		ContactEMPACTNCoord: "EMPACT national coordinator", ContactTrainer: "Trainer",
		ContactCrimeDataFocal: "Focal point for crime data",
	}[k]
}

// CrimeAreas are the crime-area codes a contact point may be dedicated to:
// those of the EMPACT cycles 2022–2025 and 2026–2029.
var CrimeAreas = []string{"HRCN", "CYBER", "THB", "CSE", "MS", "DRUGS", "FRAUD", "OPC", "ENV",
	"FIRE", "DOCFRAUD", "NETWORKS", "ONLINE", "MS-THB", "FIREX", "ECOFIN"}

// ValidArea reports whether a is a known crime-area code or empty.
func ValidArea(a string) bool { return a == "" || slices.Contains(CrimeAreas, a) }

// NetworkKind classifies a network.
type NetworkKind string

// The kinds of networks.
const (
	NetworkForum      NetworkKind = "forum"
	NetworkSupport    NetworkKind = "support"
	NetworkTrainers   NetworkKind = "trainers"
	NetworkInitiative NetworkKind = "initiative"
)

// NetworkKinds lists the kinds in display order.
var NetworkKinds = []NetworkKind{NetworkForum, NetworkSupport, NetworkTrainers, NetworkInitiative}

// Valid reports whether k is a known kind.
func (k NetworkKind) Valid() bool { return slices.Contains(NetworkKinds, k) }

// MemberRole is a member's role in a network.
type MemberRole string

// The member roles.
const (
	RoleChair       MemberRole = "chair"
	RoleMember      MemberRole = "member"
	RoleSecretariat MemberRole = "secretariat"
	RoleObserver    MemberRole = "observer"
)

// MemberRoles lists the roles in display order.
var MemberRoles = []MemberRole{RoleChair, RoleMember, RoleSecretariat, RoleObserver}

// Valid reports whether r is a known role.
func (r MemberRole) Valid() bool { return slices.Contains(MemberRoles, r) }

// ManagerRoles are the member roles whose holders manage the network's
// membership (see Service.AddMember): its chair and its secretariat.
var ManagerRoles = []MemberRole{RoleChair, RoleSecretariat}

// Agency is a law enforcement institution, EU body or training institution.
type Agency struct {
	ID          string     `json:"id"`
	Code        string     `json:"code"` // unique, e.g. "UA-NPU"
	CountryCode string     `json:"country_code"`
	Name        string     `json:"name"`
	NameNative  string     `json:"name_native"`
	Acronym     string     `json:"acronym"`
	Type        AgencyType `json:"type"`
	City        string     `json:"city"`
	Website     string     `json:"website"`
	Email       string     `json:"email"` // the institution's address, not personal data
	Phone       string     `json:"phone"`
	Archived    bool       `json:"archived"`
	ArchivedAt  time.Time  `json:"archived_at,omitzero"`
	Demo        bool       `json:"demo"`
	CreatedAt   time.Time  `json:"created_at"`
	UpdatedAt   time.Time  `json:"updated_at"`
	// UnitCount and PeopleCount count active units and people; they are
	// set by Agency and AgencyByCode only.
	UnitCount   int `json:"unit_count"`
	PeopleCount int `json:"people_count"`
}

// AgencyInput holds the editable fields of an agency.
type AgencyInput struct {
	Code        string     `json:"code"`
	CountryCode string     `json:"country_code"`
	Name        string     `json:"name"`
	NameNative  string     `json:"name_native"`
	Acronym     string     `json:"acronym"`
	Type        AgencyType `json:"type"`
	City        string     `json:"city"`
	Website     string     `json:"website"`
	Email       string     `json:"email"`
	Phone       string     `json:"phone"`
	Demo        bool       `json:"demo"`
}

var agencyCodeRE = regexp.MustCompile(`^[A-Z0-9][A-Z0-9-]{1,31}$`)

// Normalize returns in with text trimmed and normalised (NFC), the code and
// country upper-cased and the e-mail lower-cased.
func (in AgencyInput) Normalize() AgencyInput {
	in.Code = strings.ToUpper(cleanLine(in.Code))
	in.CountryCode = strings.ToUpper(cleanLine(in.CountryCode))
	in.Name = cleanLine(in.Name)
	in.NameNative = cleanLine(in.NameNative)
	in.Acronym = cleanLine(in.Acronym)
	in.Type = AgencyType(strings.ToLower(cleanLine(string(in.Type))))
	in.City = cleanLine(in.City)
	in.Website = cleanLine(in.Website)
	in.Email = strings.ToLower(cleanLine(in.Email))
	in.Phone = cleanLine(in.Phone)
	return in
}

// Validate checks a normalised input on its own (whether the country
// exists is checked by the service). It returns a core.Invalid error
// listing every bad field, or nil.
func (in AgencyInput) Validate() error {
	var v core.Validation
	in.validate(&v)
	return v.Err()
}

func (in AgencyInput) validate(v *core.Validation) {
	if checkText(v, "code", in.Code, MaxShort, true, false) && !agencyCodeRE.MatchString(in.Code) {
		v.Add("code", CodeInvalid)
	}
	if checkText(v, "country_code", in.CountryCode, 2, true, false) && !countryCodeRE.MatchString(in.CountryCode) {
		v.Add("country_code", CodeUnknownCountry)
	}
	checkText(v, "name", in.Name, MaxTitle, true, false)
	checkText(v, "name_native", in.NameNative, MaxTitle, false, false)
	checkText(v, "acronym", in.Acronym, MaxShort, false, false)
	if in.Type == "" {
		v.Add("type", CodeRequired)
	} else if !in.Type.Valid() {
		v.Add("type", CodeInvalid)
	}
	checkText(v, "city", in.City, MaxCity, false, false)
	if checkText(v, "website", in.Website, MaxURL, false, false) && in.Website != "" && !validWebsite(in.Website) {
		v.Add("website", CodeInvalid)
	}
	checkEmail(v, "email", in.Email)
	checkPhone(v, "phone", in.Phone)
}

// Unit is a department or service of an agency.
type Unit struct {
	ID         string    `json:"id"`
	AgencyID   string    `json:"agency_id"`
	Name       string    `json:"name"`
	NameNative string    `json:"name_native"`
	Archived   bool      `json:"archived"`
	ArchivedAt time.Time `json:"archived_at,omitzero"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// UnitInput holds the editable fields of a unit. A unit stays in the
// agency it was created in.
type UnitInput struct {
	Name       string `json:"name"`
	NameNative string `json:"name_native"`
}

// Normalize returns in with text trimmed and normalised.
func (in UnitInput) Normalize() UnitInput {
	in.Name = cleanLine(in.Name)
	in.NameNative = cleanLine(in.NameNative)
	return in
}

// Validate checks a normalised input; it returns a core.Invalid error or nil.
func (in UnitInput) Validate() error {
	var v core.Validation
	checkText(&v, "name", in.Name, MaxTitle, true, false)
	checkText(&v, "name_native", in.NameNative, MaxTitle, false, false)
	return v.Err()
}

// Person is someone working in an agency. Email and Phone are set only
// when ContactVisible (see the package comment); names are kept in Latin
// script and in the person's native script.
type Person struct {
	ID               string    `json:"id"`
	AgencyID         string    `json:"agency_id"`
	AgencyName       string    `json:"agency_name"`
	AgencyCode       string    `json:"agency_code"`
	UnitID           string    `json:"unit_id"`
	UnitName         string    `json:"unit_name"`
	CountryCode      string    `json:"country_code"` // the agency's country
	GivenName        string    `json:"given_name"`
	FamilyName       string    `json:"family_name"`
	GivenNameNative  string    `json:"given_name_native"`
	FamilyNameNative string    `json:"family_name_native"`
	Sex              Sex       `json:"sex"`
	Position         string    `json:"position"`
	Languages        []string  `json:"languages"` // ISO 639-1
	Email            string    `json:"email"`
	Phone            string    `json:"phone"`
	ContactVisible   bool      `json:"contact_visible"`
	Demo             bool      `json:"demo"`
	Archived         bool      `json:"archived"`
	ArchivedAt       time.Time `json:"archived_at,omitzero"`
	CreatedAt        time.Time `json:"created_at"`
	UpdatedAt        time.Time `json:"updated_at"`
}

// Name is the person's full name in Latin script: given, then family name.
func (p Person) Name() string { return joinName(p.GivenName, p.FamilyName) }

// NativeName is the person's full name in native script, or "".
func (p Person) NativeName() string { return joinName(p.GivenNameNative, p.FamilyNameNative) }

func joinName(given, family string) string {
	return strings.TrimSpace(given + " " + family)
}

// PersonInput holds the editable fields of a person. The country is not
// an input: it is the agency's.
type PersonInput struct {
	AgencyID         string   `json:"agency_id"`
	UnitID           string   `json:"unit_id"`
	GivenName        string   `json:"given_name"`
	FamilyName       string   `json:"family_name"`
	GivenNameNative  string   `json:"given_name_native"`
	FamilyNameNative string   `json:"family_name_native"`
	Sex              Sex      `json:"sex"`
	Position         string   `json:"position"`
	Languages        []string `json:"languages"`
	Email            string   `json:"email"`
	Phone            string   `json:"phone"`
	Demo             bool     `json:"demo"`
	// RejectDuplicates makes CreatePerson and UpdatePerson fail with
	// core.Conflict (and a *DuplicateError) instead of returning the
	// likely duplicates as a warning.
	RejectDuplicates bool `json:"reject_duplicates"`
}

// Normalize returns in with names trimmed, inner spaces collapsed and NFC
// normalised, languages lower-cased and deduplicated, the e-mail
// lower-cased.
func (in PersonInput) Normalize() PersonInput {
	in.AgencyID = strings.ToLower(cleanLine(in.AgencyID))
	in.UnitID = strings.ToLower(cleanLine(in.UnitID))
	in.GivenName = cleanName(in.GivenName)
	in.FamilyName = cleanName(in.FamilyName)
	in.GivenNameNative = cleanName(in.GivenNameNative)
	in.FamilyNameNative = cleanName(in.FamilyNameNative)
	in.Sex = Sex(strings.ToLower(cleanLine(string(in.Sex))))
	in.Position = cleanLine(in.Position)
	var langs []string
	for _, l := range in.Languages {
		l = strings.ToLower(cleanLine(l))
		if l != "" && !slices.Contains(langs, l) {
			langs = append(langs, l)
		}
	}
	in.Languages = langs
	in.Email = strings.ToLower(cleanLine(in.Email))
	in.Phone = cleanLine(in.Phone)
	return in
}

// Validate checks a normalised input on its own (whether the agency and
// unit exist is checked by the service).
func (in PersonInput) Validate() error {
	var v core.Validation
	in.validate(&v)
	return v.Err()
}

func (in PersonInput) validate(v *core.Validation) {
	if in.AgencyID == "" {
		v.Add("agency_id", CodeRequired)
	} else if !core.ValidID(in.AgencyID) {
		v.Add("agency_id", CodeUnknownAgency)
	}
	if in.UnitID != "" && !core.ValidID(in.UnitID) {
		v.Add("unit_id", CodeUnknownUnit)
	}
	checkName(v, "given_name", in.GivenName, true, true)
	checkName(v, "family_name", in.FamilyName, true, true)
	checkName(v, "given_name_native", in.GivenNameNative, false, false)
	checkName(v, "family_name_native", in.FamilyNameNative, false, false)
	if !in.Sex.Valid() {
		v.Add("sex", CodeInvalid)
	}
	checkText(v, "position", in.Position, MaxTitle, false, false)
	if len(in.Languages) > MaxLanguages {
		v.Add("languages", CodeTooLong, strconv.Itoa(MaxLanguages))
	} else {
		for _, l := range in.Languages {
			if !ValidLanguage(l) {
				v.Add("languages", CodeInvalid, l)
				break
			}
		}
	}
	checkEmail(v, "email", in.Email)
	checkPhone(v, "phone", in.Phone)
}

// ContactPoint designates a person as a project contact point. Email,
// Phone and ContactVisible are the person's, under the same rule as for
// people.
type ContactPoint struct {
	ID             string      `json:"id"`
	PersonID       string      `json:"person_id"`
	PersonName     string      `json:"person_name"`
	AgencyID       string      `json:"agency_id"`
	AgencyName     string      `json:"agency_name"`
	CountryCode    string      `json:"country_code"`
	Kind           ContactKind `json:"kind"`
	Area           string      `json:"area"` // a crime-area code or ""
	Available247   bool        `json:"available_247"`
	Notes          string      `json:"notes"`
	Email          string      `json:"email"`
	Phone          string      `json:"phone"`
	ContactVisible bool        `json:"contact_visible"`
	Archived       bool        `json:"archived"`
	ArchivedAt     time.Time   `json:"archived_at,omitzero"`
	CreatedAt      time.Time   `json:"created_at"`
	UpdatedAt      time.Time   `json:"updated_at"`
}

// ContactPointInput holds the editable fields of a contact point. Its
// agency and country are the person's.
type ContactPointInput struct {
	PersonID     string      `json:"person_id"`
	Kind         ContactKind `json:"kind"`
	Area         string      `json:"area"`
	Available247 bool        `json:"available_247"`
	Notes        string      `json:"notes"`
}

// Normalize returns in trimmed, with the kind lower-cased and the area
// upper-cased.
func (in ContactPointInput) Normalize() ContactPointInput {
	in.PersonID = strings.ToLower(cleanLine(in.PersonID))
	in.Kind = ContactKind(strings.ToLower(cleanLine(string(in.Kind))))
	in.Area = strings.ToUpper(cleanLine(in.Area))
	in.Notes = cleanText(in.Notes)
	return in
}

// Validate checks a normalised input; it returns a core.Invalid error or nil.
func (in ContactPointInput) Validate() error {
	var v core.Validation
	if in.PersonID == "" {
		v.Add("person_id", CodeRequired)
	} else if !core.ValidID(in.PersonID) {
		v.Add("person_id", CodeInvalid)
	}
	if in.Kind == "" {
		v.Add("kind", CodeRequired)
	} else if !in.Kind.Valid() {
		v.Add("kind", CodeInvalid)
	}
	if !ValidArea(in.Area) {
		v.Add("area", CodeInvalid)
	}
	checkText(&v, "notes", in.Notes, MaxNotes, false, true)
	return v.Err()
}

// Network is a cooperation network of the project.
type Network struct {
	ID          string      `json:"id"`
	Code        string      `json:"code"` // unique slug, e.g. "scf"
	Name        string      `json:"name"`
	Kind        NetworkKind `json:"kind"`
	Description string      `json:"description"`
	MemberCount int         `json:"member_count"` // members who are active people
	Archived    bool        `json:"archived"`
	ArchivedAt  time.Time   `json:"archived_at,omitzero"`
	CreatedAt   time.Time   `json:"created_at"`
	UpdatedAt   time.Time   `json:"updated_at"`
}

// NetworkInput holds the editable fields of a network.
type NetworkInput struct {
	Code        string      `json:"code"`
	Name        string      `json:"name"`
	Kind        NetworkKind `json:"kind"`
	Description string      `json:"description"`
}

var slugRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// Normalize returns in trimmed, with the code and kind lower-cased.
func (in NetworkInput) Normalize() NetworkInput {
	in.Code = strings.ToLower(cleanLine(in.Code))
	in.Name = cleanLine(in.Name)
	in.Kind = NetworkKind(strings.ToLower(cleanLine(string(in.Kind))))
	in.Description = cleanText(in.Description)
	return in
}

// Validate checks a normalised input; it returns a core.Invalid error or nil.
func (in NetworkInput) Validate() error {
	var v core.Validation
	if checkText(&v, "code", in.Code, 64, true, false) && (!slugRE.MatchString(in.Code) || len(in.Code) < 2) {
		v.Add("code", CodeInvalid)
	}
	checkText(&v, "name", in.Name, MaxTitle, true, false)
	if in.Kind == "" {
		v.Add("kind", CodeRequired)
	} else if !in.Kind.Valid() {
		v.Add("kind", CodeInvalid)
	}
	checkText(&v, "description", in.Description, MaxDescription, false, true)
	return v.Err()
}

// Member is a person's membership of a network. Email, Phone and
// ContactVisible are the person's, under the same rule as for people.
type Member struct {
	ID             string     `json:"id"`
	NetworkID      string     `json:"network_id"`
	PersonID       string     `json:"person_id"`
	PersonName     string     `json:"person_name"`
	AgencyName     string     `json:"agency_name"`
	CountryCode    string     `json:"country_code"`
	Role           MemberRole `json:"role"`
	Email          string     `json:"email"`
	Phone          string     `json:"phone"`
	ContactVisible bool       `json:"contact_visible"`
	// PersonArchived is set on the members who are archived people,
	// listed only with MemberFilter.IncludeArchived.
	PersonArchived bool      `json:"person_archived"`
	CreatedAt      time.Time `json:"created_at"`
	UpdatedAt      time.Time `json:"updated_at"`
}

// MemberInput adds a person to a network.
type MemberInput struct {
	PersonID string     `json:"person_id"`
	Role     MemberRole `json:"role"`
}

// Normalize returns in trimmed and lower-cased.
func (in MemberInput) Normalize() MemberInput {
	in.PersonID = strings.ToLower(cleanLine(in.PersonID))
	in.Role = MemberRole(strings.ToLower(cleanLine(string(in.Role))))
	return in
}

// Validate checks a normalised input; it returns a core.Invalid error or nil.
func (in MemberInput) Validate() error {
	var v core.Validation
	if in.PersonID == "" {
		v.Add("person_id", CodeRequired)
	} else if !core.ValidID(in.PersonID) {
		v.Add("person_id", CodeInvalid)
	}
	checkRole(&v, in.Role)
	return v.Err()
}

func checkRole(v *core.Validation, r MemberRole) {
	if r == "" {
		v.Add("role", CodeRequired)
	} else if !r.Valid() {
		v.Add("role", CodeInvalid)
	}
}

// Duplicate is an existing person whose name is likely the same as a new
// or edited one's, in any script. Person carries the minimal fields: ID,
// names, agency (ID, name, code) and country.
type Duplicate struct {
	Person Person  `json:"person"`
	Score  float64 `json:"score"` // names.Similarity, 0..1
}

// DuplicateError is the cause of the core.Conflict returned by CreatePerson
// and UpdatePerson when the input asks to reject likely duplicates; find it
// with errors.As.
type DuplicateError struct {
	Duplicates []Duplicate
}

func (e *DuplicateError) Error() string {
	return strconv.Itoa(len(e.Duplicates)) + " likely duplicate(s)"
}

// Filters of the lists. Empty fields do not filter.

// AgencyFilter narrows ListAgencies and ExportAgencies.
type AgencyFilter struct {
	// Query matches name, native name, acronym and code, in any script and
	// case, including transliterations (names.Key).
	Query           string
	Country         string
	Type            AgencyType
	IncludeArchived bool   // staff only
	Sort            string // one of AgencySorts, or "-" and one reversed; default "name"
}

// PersonFilter narrows ListPeople and ExportPeople.
type PersonFilter struct {
	// Query matches names in any script (including transliterations:
	// "Коваленко" finds "Kovalenko" and the other way round) and the
	// position; each word must match. It also matches the e-mail address,
	// but only of people whose contact details the actor may see.
	Query           string
	Country         string
	AgencyID        string
	UnitID          string
	NetworkID       string
	Role            ContactKind // has an active contact point of this kind
	Sex             Sex
	Language        string
	IncludeArchived bool // staff only
	// Sort is one of PersonSorts, or "-" and one reversed; default "name"
	// (family, then given name).
	Sort string
}

// ContactPointFilter narrows ListContactPoints.
type ContactPointFilter struct {
	Query    string // the person's names and, where visible, e-mail
	Country  string
	AgencyID string
	Kind     ContactKind
	Area     string
	Only247  bool
	// IncludeArchived also lists archived contact points (of active
	// people); for those who may see archived records.
	IncludeArchived bool
	Sort            string // one of ContactPointSorts, or "-" and one reversed; default "country"
}

// NetworkFilter narrows ListNetworks.
type NetworkFilter struct {
	Query           string // name or code
	Kind            NetworkKind
	IncludeArchived bool   // staff only
	Sort            string // one of NetworkSorts, or "-" and one reversed; default "name"
}

// MemberFilter narrows Members.
type MemberFilter struct {
	Query   string // the person's names and, where visible, e-mail
	Country string
	Role    MemberRole
	// IncludeArchived also lists the members who are archived people
	// (memberships are kept when a person is archived, and come back with
	// them); staff only.
	IncludeArchived bool
}

// Sort orders of the lists: a key sorts in its natural direction (names A
// to Z, "updated" newest first), the key after a "-" in the reverse one
// ("-name": Z to A, "-updated": oldest first).
const (
	SortName    = "name"
	SortCountry = "country" // by country code, then name
	SortAgency  = "agency"  // by agency name, then name
	SortUpdated = "updated"
)

// The sort keys of each list, the default first.
var (
	AgencySorts       = []string{SortName, SortCountry, SortUpdated}
	PersonSorts       = []string{SortName, SortAgency, SortCountry, SortUpdated}
	ContactPointSorts = []string{SortCountry, SortName, SortAgency}
	NetworkSorts      = []string{SortName}
)

// checkSort accepts "" and the keys of a list, each either way round.
func checkSort(v *core.Validation, sort string, keys []string) {
	if k, _ := db.SplitSort(sort); sort != "" && !slices.Contains(keys, k) {
		v.Add("sort", CodeInvalid)
	}
}

var countryCodeRE = regexp.MustCompile(`^[A-Z]{2}$`)

// checkFilter validates the parts every filter shares.
func checkFilter(v *core.Validation, query, country string) {
	checkText(v, "query", query, MaxQuery, false, false)
	if country != "" && !countryCodeRE.MatchString(country) {
		v.Add("country", CodeInvalid)
	}
}

func checkFilterID(v *core.Validation, field, id string) {
	if id != "" && !core.ValidID(id) {
		v.Add(field, CodeInvalid)
	}
}

func (f *AgencyFilter) normalize() error {
	f.Query, f.Country = cleanLine(f.Query), strings.ToUpper(cleanLine(f.Country))
	var v core.Validation
	checkFilter(&v, f.Query, f.Country)
	if f.Type != "" && !f.Type.Valid() {
		v.Add("type", CodeInvalid)
	}
	checkSort(&v, f.Sort, AgencySorts)
	return v.Err()
}

func (f *PersonFilter) normalize() error {
	f.Query, f.Country = cleanLine(f.Query), strings.ToUpper(cleanLine(f.Country))
	f.AgencyID, f.UnitID, f.NetworkID = strings.ToLower(f.AgencyID), strings.ToLower(f.UnitID), strings.ToLower(f.NetworkID)
	f.Language = strings.ToLower(cleanLine(f.Language))
	var v core.Validation
	checkFilter(&v, f.Query, f.Country)
	checkFilterID(&v, "agency_id", f.AgencyID)
	checkFilterID(&v, "unit_id", f.UnitID)
	checkFilterID(&v, "network_id", f.NetworkID)
	if f.Role != "" && !f.Role.Valid() {
		v.Add("role", CodeInvalid)
	}
	if !f.Sex.Valid() {
		v.Add("sex", CodeInvalid)
	}
	if f.Language != "" && !ValidLanguage(f.Language) {
		v.Add("language", CodeInvalid)
	}
	checkSort(&v, f.Sort, PersonSorts)
	return v.Err()
}

func (f *ContactPointFilter) normalize() error {
	f.Query, f.Country = cleanLine(f.Query), strings.ToUpper(cleanLine(f.Country))
	f.AgencyID, f.Area = strings.ToLower(f.AgencyID), strings.ToUpper(cleanLine(f.Area))
	var v core.Validation
	checkFilter(&v, f.Query, f.Country)
	checkFilterID(&v, "agency_id", f.AgencyID)
	if f.Kind != "" && !f.Kind.Valid() {
		v.Add("kind", CodeInvalid)
	}
	if !ValidArea(f.Area) {
		v.Add("area", CodeInvalid)
	}
	checkSort(&v, f.Sort, ContactPointSorts)
	return v.Err()
}

func (f *NetworkFilter) normalize() error {
	f.Query = cleanLine(f.Query)
	var v core.Validation
	checkFilter(&v, f.Query, "")
	if f.Kind != "" && !f.Kind.Valid() {
		v.Add("kind", CodeInvalid)
	}
	checkSort(&v, f.Sort, NetworkSorts)
	return v.Err()
}

func (f *MemberFilter) normalize() error {
	f.Query, f.Country = cleanLine(f.Query), strings.ToUpper(cleanLine(f.Country))
	var v core.Validation
	checkFilter(&v, f.Query, f.Country)
	if f.Role != "" && !f.Role.Valid() {
		v.Add("role", CodeInvalid)
	}
	return v.Err()
}

// Stats are the aggregated figures of the directory's overview charts.
// They count active records only and contain no personal data.
type Stats struct {
	AgenciesByCountry   []Count `json:"agencies_by_country"`
	PeopleByCountry     []Count `json:"people_by_country"`
	AgenciesByType      []Count `json:"agencies_by_type"`
	PeopleBySex         []Count `json:"people_by_sex"`
	ContactPointsByKind []Count `json:"contact_points_by_kind"`
	MembersByNetwork    []Count `json:"members_by_network"`
	Totals              struct {
		Agencies      int `json:"agencies"`
		People        int `json:"people"`
		ContactPoints int `json:"contact_points"`
		Networks      int `json:"networks"`
	} `json:"totals"`
}

// Count is one bar of a chart: Key is the stable value (a country code, an
// agency type, a network code), Label its English name.
type Count struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	Value int    `json:"value"`
}

// --- text rules, shared by every input ---

// cleanLine trims a single-line value and normalises it to NFC.
func cleanLine(s string) string {
	s = strings.TrimSpace(s)
	if !norm.NFC.IsNormalString(s) {
		s = norm.NFC.String(s)
	}
	return s
}

// cleanText trims a multi-line value, normalises line ends to \n and the
// text to NFC.
func cleanText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return cleanLine(s)
}

// cleanName trims a name, collapses runs of white space to one space and
// normalises it to NFC.
func cleanName(s string) string {
	return cleanLine(strings.Join(strings.Fields(s), " "))
}

// checkText applies the rules of every text field: required, at most max
// runes, valid UTF-8, and no markup (angle brackets) or control characters
// (multi-line fields may hold line feeds and tabs). It reports whether the
// value passed, so callers can go on with field-specific checks.
func checkText(v *core.Validation, field, s string, max int, required, multiline bool) bool {
	switch {
	case s == "":
		if required {
			v.Add(field, CodeRequired)
			return false
		}
		return true
	case !utf8.ValidString(s):
		v.Add(field, CodeInvalid)
	case hasMarkup(s, multiline):
		v.Add(field, CodeMarkup)
	case utf8.RuneCountInString(s) > max:
		v.Add(field, CodeTooLong, strconv.Itoa(max))
	default:
		return true
	}
	return false
}

func hasMarkup(s string, multiline bool) bool {
	for _, r := range s {
		if r == '<' || r == '>' {
			return true
		}
		if unicode.IsControl(r) && !(multiline && (r == '\n' || r == '\t')) {
			return true
		}
	}
	return false
}

// checkName applies the rules of a person's name: 1–100 runes of letters,
// combining marks, spaces, hyphens, apostrophes and dots, with at least one
// letter; latin requires every letter to be of the Latin script.
func checkName(v *core.Validation, field, s string, required, latin bool) {
	if !checkText(v, field, s, MaxName, required, false) || s == "" {
		return
	}
	letters := 0
	for _, r := range s {
		switch {
		case unicode.IsLetter(r):
			if latin && !unicode.Is(unicode.Latin, r) {
				v.Add(field, CodeInvalid)
				return
			}
			letters++
		case unicode.IsMark(r), r == ' ', r == '-', r == '\'', r == '’', r == '.':
		default:
			v.Add(field, CodeInvalid)
			return
		}
	}
	if letters == 0 {
		v.Add(field, CodeInvalid)
	}
}

func checkEmail(v *core.Validation, field, s string) {
	if checkText(v, field, s, MaxEmail, false, false) && s != "" && !core.ValidEmail(s) {
		v.Add(field, CodeInvalidEmail)
	}
}

func checkPhone(v *core.Validation, field, s string) {
	if checkText(v, field, s, MaxPhone, false, false) && s != "" && !ValidPhone(s) {
		v.Add(field, CodeInvalidPhone)
	}
}

// ValidPhone reports whether s is an international number: "+", then 7–15
// digits (the first not 0), optionally grouped by spaces or hyphens.
func ValidPhone(s string) bool {
	if len(s) < 2 || s[0] != '+' || s[1] < '1' || s[1] > '9' {
		return false
	}
	digits := 0
	prevSep := false
	for i := 1; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
			prevSep = false
		case c == ' ' || c == '-':
			if prevSep {
				return false
			}
			prevSep = true
		default:
			return false
		}
	}
	return !prevSep && digits >= 7 && digits <= 15
}

func validWebsite(s string) bool {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		return false
	}
	return !strings.ContainsAny(s, " \"'")
}

// --- derived columns, built in Go on write ---

// sortKey is the value of a sort_name column: lower-cased with diacritics
// removed, so that "Ștefan" sorts with "Stefan"; compared bytewise (COLLATE
// "C" on PostgreSQL) on both engines.
func sortKey(s string) string { return names.SortKey(s) }

// personSortKey orders people by family name, then given name. The unit
// separator sorts before every character a name may hold, so "De, Zoe"
// comes before "De La Cruz, Ana".
func personSortKey(family, given string) string {
	return sortKey(family) + "\x1f" + sortKey(given)
}

// searchText is the value of a search column: every part lower-cased, then
// the names.Key of every part, so that a query in any script (and any
// transliteration) finds the record with a plain LIKE. E-mail addresses are
// never part of it: searching them depends on the actor (see peopleQuery).
func searchText(parts ...string) string { return names.SearchText(parts...) }

// queryWords splits a search query into at most maxQueryWords words, each
// with its lower-cased form and its names.Key (empty when the key is empty
// or the same).
func queryWords(q string) [][2]string {
	var out [][2]string
	for _, w := range strings.Fields(strings.ToLower(q)) {
		if len(out) == maxQueryWords {
			break
		}
		k := names.Key(w)
		if k == w {
			k = ""
		}
		out = append(out, [2]string{w, k})
	}
	return out
}

const maxQueryWords = 8
