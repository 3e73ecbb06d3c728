// Package training is the training portfolio of TOPCOP II and its
// delivery (DESIGN.md §3.2, issue 8): courses, their activities (a
// delivery with dates, venue, languages, capacity and seats per country),
// the activity status flow, calls for nominations, selection with a
// reserve list, invitations, attendance and completion.
//
// Layers as in every capability: model.go holds the domain types and
// their validation (no SQL, no HTTP), selection.go the pure selection
// rules, store.go the SQL for both engines, service.go the use cases
// (authorization, validation, transactions, audit).
//
// Who may see and do what (issue 8 "Scopes"):
//
//   - Every signed-in account browses the portfolio (courses) and the
//     activities' public facts (dates, venue, seats, status).
//   - Coordinators and admins maintain courses and activities, open and
//     close calls, select and confirm.
//   - An ncp nominates people of their own country and sees only their
//     country's nominations and nominees.
//   - A trainer sees the participants (names, agencies, attendance) of
//     the activities they deliver, and marks attendance there.
//   - A participant sees their own nominations; an observer aggregates
//     only.
package training

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/topcop-platform/topcop/internal/core"
)

// Maximum lengths, in runes, of text fields.
const (
	MaxCode        = 32
	MaxTitle       = 300
	MaxOutcome     = 500
	MaxOutcomes    = 20
	MaxDescription = 4000
	MaxCity        = 100
	MaxVenue       = 200
	MaxReason      = 1000
	MaxQuery       = 200
	MaxCapacity    = 1000
	MaxHours       = 2000
)

// Validation codes specific to training (besides core's).
const (
	CodeRequired      = "required"
	CodeTooLong       = "too_long"
	CodeInvalid       = "invalid"
	CodeTaken         = "taken"
	CodeUnknown       = "unknown"
	CodeOutOfRange    = "out_of_range"
	CodeEndsBefore    = "ends_before_start"
	CodeSeatsOverCap  = "seats_over_capacity"
	CodeNotAllowed    = "transition_not_allowed"
	CodeUnknownArea   = "unknown_area"
	CodeUnknownCourse = "unknown_course"
)

// Level is how deep a course goes.
type Level string

// Levels, in display order.
const (
	LevelAwareness   Level = "awareness"
	LevelBasic       Level = "basic"
	LevelAdvanced    Level = "advanced"
	LevelSpecialised Level = "specialised"
)

// Levels lists the levels in display order.
var Levels = []Level{LevelAwareness, LevelBasic, LevelAdvanced, LevelSpecialised}

// Valid reports whether l is a known level.
func (l Level) Valid() bool { return slices.Contains(Levels, l) }

// Format is how a course is delivered.
type Format string

// Formats, in display order.
const (
	FormatResidential    Format = "residential"
	FormatOnline         Format = "online_course"
	FormatWebinar        Format = "webinar"
	FormatTrainTrainers  Format = "train_the_trainer"
	FormatMultiplication Format = "multiplication"
	FormatExchange       Format = "exchange"
	FormatMentoring      Format = "mentoring"
)

// Formats lists the formats in display order.
var Formats = []Format{FormatResidential, FormatOnline, FormatWebinar, FormatTrainTrainers, FormatMultiplication, FormatExchange, FormatMentoring}

// Valid reports whether f is a known format.
func (f Format) Valid() bool { return slices.Contains(Formats, f) }

// Status is where an activity stands.
type Status string

// The activity statuses (issue 8 §2).
const (
	StatusPlanned   Status = "planned"
	StatusCallOpen  Status = "call_open"
	StatusSelection Status = "selection"
	StatusConfirmed Status = "confirmed"
	StatusDelivered Status = "delivered"
	StatusClosed    Status = "closed"
	StatusCancelled Status = "cancelled"
)

// Statuses lists the statuses in the order an activity goes through them.
var Statuses = []Status{StatusPlanned, StatusCallOpen, StatusSelection, StatusConfirmed, StatusDelivered, StatusClosed, StatusCancelled}

// Valid reports whether s is a known status.
func (s Status) Valid() bool { return slices.Contains(Statuses, s) }

// transitions are the allowed status changes: forward one step, and
// cancelled from every open state (not once delivered).
var transitions = map[Status][]Status{
	StatusPlanned:   {StatusCallOpen, StatusCancelled},
	StatusCallOpen:  {StatusSelection, StatusCancelled},
	StatusSelection: {StatusConfirmed, StatusCancelled},
	StatusConfirmed: {StatusDelivered, StatusCancelled},
	StatusDelivered: {StatusClosed},
}

// CanMove reports whether an activity may go from one status to another.
func CanMove(from, to Status) bool { return slices.Contains(transitions[from], to) }

// Next lists the statuses an activity may go to from s.
func (s Status) Next() []Status { return transitions[s] }

// Open reports whether an activity in s can still change (not delivered,
// closed or cancelled).
func (s Status) Open() bool {
	return slices.Contains([]Status{StatusPlanned, StatusCallOpen, StatusSelection, StatusConfirmed}, s)
}

// CrimeArea is one entry of the versioned EMPACT taxonomy, or an emerging
// threat added by a coordinator.
type CrimeArea struct {
	Code         string   `json:"code"`
	Cycles       []string `json:"cycles" doc:"EMPACT cycles the priority belongs to (2022-2025, 2026-2029), or emerging"`
	NameEN       string   `json:"name_en"`
	Predecessors []string `json:"predecessors,omitempty" doc:"Codes of the previous cycle this priority continues"`
	Archived     bool     `json:"archived"`
}

// The cycles of the taxonomy.
const (
	Cycle2022     = "2022-2025"
	Cycle2026     = "2026-2029"
	CycleEmerging = "emerging"
)

// Course is an entry of the portfolio.
type Course struct {
	ID          string            `json:"id"`
	Code        string            `json:"code"`
	Title       string            `json:"title" doc:"Title in English"`
	Titles      map[string]string `json:"titles,omitempty" doc:"Titles in other languages, by language code"`
	Areas       []string          `json:"crime_areas"`
	Level       Level             `json:"level"`
	Format      Format            `json:"format"`
	Outcomes    []string          `json:"learning_outcomes"`
	TargetTypes []string          `json:"target_group" doc:"Agency types the course is for"`
	Hours       float64           `json:"hours"`
	Description string            `json:"description,omitempty"`
	Activities  int               `json:"activities" doc:"Number of activities (deliveries) of the course"`
	Archived    bool              `json:"archived"`
	Demo        bool              `json:"demo,omitempty"`
	CreatedAt   time.Time         `json:"created_at"`
	UpdatedAt   time.Time         `json:"updated_at"`
}

// TitleIn is the course title in lang, or the English one.
func (c Course) TitleIn(lang string) string {
	if t := c.Titles[lang]; t != "" {
		return t
	}
	return c.Title
}

// CourseInput is a new or changed course.
type CourseInput struct {
	Code        string
	Title       string
	Titles      map[string]string
	Areas       []string
	Level       Level
	Format      Format
	Outcomes    []string
	TargetTypes []string
	Hours       float64
	Description string
	Demo        bool
}

// Languages are the UI languages, the only keys Titles may have.
var Languages = []string{"en", "ro", "uk", "ka", "hy", "az", "ru"}

// normalize trims the input's text and drops empty list entries.
func (in *CourseInput) normalize() {
	in.Code = strings.ToUpper(strings.TrimSpace(in.Code))
	in.Title = strings.TrimSpace(in.Title)
	in.Description = strings.TrimSpace(in.Description)
	titles := map[string]string{}
	for k, v := range in.Titles {
		if v = strings.TrimSpace(v); v != "" && k != "en" {
			titles[k] = v
		}
	}
	in.Titles = titles
	in.Outcomes = compact(in.Outcomes)
	in.Areas = compactUpper(in.Areas)
	in.TargetTypes = compact(in.TargetTypes)
}

func (in CourseInput) validate(v *core.Validation, areaKnown func(string) bool, typeKnown func(string) bool) {
	if checkText(v, "code", in.Code, MaxCode, true) && !validCode(in.Code) {
		v.Add("code", CodeInvalid)
	}
	checkText(v, "title", in.Title, MaxTitle, true)
	for lang, t := range in.Titles {
		if !slices.Contains(Languages, lang) {
			v.Add("titles", CodeInvalid)
			break
		}
		checkText(v, "titles", t, MaxTitle, false)
	}
	if len(in.Areas) == 0 {
		v.Add("crime_areas", CodeRequired)
	}
	for _, a := range in.Areas {
		if !areaKnown(a) {
			v.Add("crime_areas", CodeUnknownArea)
			break
		}
	}
	if in.Level == "" {
		v.Add("level", CodeRequired)
	} else if !in.Level.Valid() {
		v.Add("level", CodeInvalid)
	}
	if in.Format == "" {
		v.Add("format", CodeRequired)
	} else if !in.Format.Valid() {
		v.Add("format", CodeInvalid)
	}
	if len(in.Outcomes) > MaxOutcomes {
		v.Add("learning_outcomes", CodeTooLong)
	}
	for _, o := range in.Outcomes {
		if !checkText(v, "learning_outcomes", o, MaxOutcome, false) {
			break
		}
	}
	for _, t := range in.TargetTypes {
		if !typeKnown(t) {
			v.Add("target_group", CodeInvalid)
			break
		}
	}
	if in.Hours <= 0 || in.Hours > MaxHours {
		v.Add("hours", CodeOutOfRange)
	}
	checkText(v, "description", in.Description, MaxDescription, false)
}

// Activity is a delivery of a course.
type Activity struct {
	ID             string         `json:"id"`
	CourseID       string         `json:"course_id"`
	CourseCode     string         `json:"course_code"`
	CourseTitle    string         `json:"course_title"`
	Format         Format         `json:"format"`
	StartsOn       string         `json:"starts_on" doc:"First day, YYYY-MM-DD, in the activity's time zone"`
	EndsOn         string         `json:"ends_on" doc:"Last day, YYYY-MM-DD"`
	TimeZone       string         `json:"time_zone" doc:"IANA time zone of the venue, e.g. Europe/Chisinau"`
	DayStarts      string         `json:"day_starts" doc:"Daily start time, HH:MM local"`
	DayEnds        string         `json:"day_ends" doc:"Daily end time, HH:MM local"`
	Online         bool           `json:"online"`
	Venue          string         `json:"venue,omitempty"`
	City           string         `json:"city,omitempty"`
	CountryCode    string         `json:"country_code,omitempty"`
	Languages      []string       `json:"languages" doc:"Working languages"`
	Interpretation []string       `json:"interpretation,omitempty" doc:"Languages interpreted into"`
	Capacity       int            `json:"capacity"`
	Seats          map[string]int `json:"seats" doc:"Seats per country code"`
	Trainers       []Trainer      `json:"trainers"`
	Status         Status         `json:"status"`
	CallDeadline   time.Time      `json:"call_deadline,omitzero"`
	CallClosed     bool           `json:"call_closed"`
	EligibleTypes  []string       `json:"eligible_agency_types,omitempty"`
	EligibleLang   string         `json:"eligible_language,omitempty"`
	RespondBy      string         `json:"respond_by,omitempty" doc:"Date by which selected people accept or decline"`
	CompletionRate int            `json:"completion_rate" doc:"Minimum share of days attended to complete, in percent"`
	CancelReason   string         `json:"cancel_reason,omitempty"`
	Demo           bool           `json:"demo,omitempty"`
	CreatedAt      time.Time      `json:"created_at"`
	UpdatedAt      time.Time      `json:"updated_at"`
}

// Trainer is a person from the directory who delivers an activity.
type Trainer struct {
	PersonID string `json:"person_id"`
	Name     string `json:"name"`
}

// Days are the activity's days, StartsOn to EndsOn.
func (a Activity) Days() []string {
	s, err1 := time.Parse(time.DateOnly, a.StartsOn)
	e, err2 := time.Parse(time.DateOnly, a.EndsOn)
	if err1 != nil || err2 != nil || e.Before(s) {
		return nil
	}
	var out []string
	for d := s; !d.After(e); d = d.AddDate(0, 0, 1) {
		out = append(out, d.Format(time.DateOnly))
	}
	return out
}

// ActivityInput is a new or changed activity.
type ActivityInput struct {
	CourseID       string
	StartsOn       string
	EndsOn         string
	TimeZone       string
	DayStarts      string
	DayEnds        string
	Online         bool
	Venue          string
	City           string
	CountryCode    string
	Languages      []string
	Interpretation []string
	Capacity       int
	Seats          map[string]int
	TrainerIDs     []string
	CompletionRate int
	Demo           bool
}

func (in *ActivityInput) normalize() {
	in.StartsOn, in.EndsOn = strings.TrimSpace(in.StartsOn), strings.TrimSpace(in.EndsOn)
	in.TimeZone = strings.TrimSpace(in.TimeZone)
	if in.TimeZone == "" {
		in.TimeZone = "UTC"
	}
	in.DayStarts, in.DayEnds = strings.TrimSpace(in.DayStarts), strings.TrimSpace(in.DayEnds)
	if in.DayStarts == "" {
		in.DayStarts = "09:00"
	}
	if in.DayEnds == "" {
		in.DayEnds = "17:00"
	}
	in.Venue, in.City = strings.TrimSpace(in.Venue), strings.TrimSpace(in.City)
	in.CountryCode = strings.ToUpper(strings.TrimSpace(in.CountryCode))
	in.Languages = compact(in.Languages)
	in.Interpretation = compact(in.Interpretation)
	seats := map[string]int{}
	for c, n := range in.Seats {
		if c = strings.ToUpper(strings.TrimSpace(c)); c != "" && n != 0 {
			seats[c] += n
		}
	}
	in.Seats = seats
	in.TrainerIDs = compact(in.TrainerIDs)
	if in.CompletionRate == 0 {
		in.CompletionRate = 80
	}
}

func (in ActivityInput) validate(v *core.Validation, countryKnown func(string) bool) {
	if !core.ValidID(in.CourseID) {
		v.Add("course_id", CodeUnknownCourse)
	}
	s, errS := time.Parse(time.DateOnly, in.StartsOn)
	e, errE := time.Parse(time.DateOnly, in.EndsOn)
	switch {
	case in.StartsOn == "":
		v.Add("starts_on", CodeRequired)
	case errS != nil:
		v.Add("starts_on", CodeInvalid)
	}
	switch {
	case in.EndsOn == "":
		v.Add("ends_on", CodeRequired)
	case errE != nil:
		v.Add("ends_on", CodeInvalid)
	case errS == nil && e.Before(s):
		v.Add("ends_on", CodeEndsBefore)
	case errS == nil && e.Sub(s) > 366*24*time.Hour:
		v.Add("ends_on", CodeOutOfRange)
	}
	if _, err := time.LoadLocation(in.TimeZone); err != nil || len(in.TimeZone) > 64 {
		v.Add("time_zone", CodeInvalid)
	}
	ds, errDS := time.Parse("15:04", in.DayStarts)
	de, errDE := time.Parse("15:04", in.DayEnds)
	if errDS != nil {
		v.Add("day_starts", CodeInvalid)
	}
	if errDE != nil {
		v.Add("day_ends", CodeInvalid)
	} else if errDS == nil && !de.After(ds) {
		v.Add("day_ends", CodeEndsBefore)
	}
	checkText(v, "venue", in.Venue, MaxVenue, false)
	if !in.Online {
		checkText(v, "city", in.City, MaxCity, true)
		if in.CountryCode == "" {
			v.Add("country_code", CodeRequired)
		} else if !countryKnown(in.CountryCode) {
			v.Add("country_code", CodeUnknown)
		}
	} else {
		checkText(v, "city", in.City, MaxCity, false)
		if in.CountryCode != "" && !countryKnown(in.CountryCode) {
			v.Add("country_code", CodeUnknown)
		}
	}
	if len(in.Languages) == 0 {
		v.Add("languages", CodeRequired)
	}
	for _, l := range append(slices.Clone(in.Languages), in.Interpretation...) {
		if !validLanguage(l) {
			v.Add("languages", CodeInvalid)
			break
		}
	}
	if in.Capacity < 1 || in.Capacity > MaxCapacity {
		v.Add("capacity", CodeOutOfRange)
	}
	total := 0
	for c, n := range in.Seats {
		if !countryKnown(c) {
			v.Add("seats", CodeUnknown)
			break
		}
		if n < 0 || n > MaxCapacity {
			v.Add("seats", CodeOutOfRange)
			break
		}
		total += n
	}
	if !v.Has("seats") && !v.Has("capacity") && total > in.Capacity {
		v.Add("seats", CodeSeatsOverCap)
	}
	for _, id := range in.TrainerIDs {
		if !core.ValidID(id) {
			v.Add("trainer_ids", CodeUnknown)
			break
		}
	}
	if in.CompletionRate < 1 || in.CompletionRate > 100 {
		v.Add("completion_rate", CodeOutOfRange)
	}
}

// validLanguage: a two- or three-letter lower-case ISO 639 code.
func validLanguage(l string) bool {
	if len(l) < 2 || len(l) > 3 {
		return false
	}
	for _, r := range l {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	return true
}

// validCode: capital letters, digits and hyphens, starting with a letter
// or digit.
func validCode(s string) bool {
	for i, r := range s {
		switch {
		case r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
		case (r == '-' || r == '.' || r == '_') && i > 0:
		default:
			return false
		}
	}
	return s != ""
}

// checkText adds required or too_long for field; it reports whether the
// value passed.
func checkText(v *core.Validation, field, s string, max int, required bool) bool {
	switch {
	case s == "" && required:
		v.Add(field, CodeRequired)
		return false
	case utf8.RuneCountInString(s) > max:
		v.Add(field, CodeTooLong)
		return false
	}
	return true
}

// compact trims the entries of a list and drops empty and repeated ones.
func compact(in []string) []string {
	out := make([]string, 0, len(in))
	for _, s := range in {
		if s = strings.TrimSpace(s); s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

func compactUpper(in []string) []string {
	out := compact(in)
	for i, s := range out {
		out[i] = strings.ToUpper(s)
	}
	return compact(out)
}
