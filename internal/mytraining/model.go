package mytraining

import (
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/topcop-platform/topcop/internal/auth"
	"github.com/topcop-platform/topcop/internal/certs/cert"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/directory"
	"github.com/topcop-platform/topcop/internal/learning"
	"github.com/topcop-platform/topcop/internal/training"
)

// Overview is the "My training" page of the signed-in account, also
// GET /api/v1/me/training: what concerns the person linked to it.
type Overview struct {
	Linked       bool                `json:"linked" doc:"Whether the account is linked to a person of the directory; without one every list is empty"`
	Person       *PersonRef          `json:"person,omitempty"`
	Nominations  []NominationEntry   `json:"nominations" doc:"Every nomination, latest activity first"`
	Upcoming     []UpcomingEntry     `json:"upcoming" doc:"Activities not ended where the person holds a seat or trains, soonest first"`
	Tests        []TestEntry         `json:"tests" doc:"Tests open now or within 14 days, and those done in the last 180 days"`
	Surveys      []SurveyEntry       `json:"surveys" doc:"Open surveys not answered yet, closing soonest first"`
	Certificates []CertificateEntry  `json:"certificates" doc:"Valid and revoked, newest first"`
	Corrections  []CorrectionRequest `json:"corrections" doc:"The account's own correction requests, newest first"`
	CalendarURL  string              `json:"calendar_url" doc:"The page where the account makes its private calendar feed"`
	DataURL      string              `json:"data_url" doc:"Everything the platform holds on the person, as JSON"`
}

// PersonRef names the person linked to the account.
type PersonRef struct {
	ID         string `json:"id"`
	Name       string `json:"name" doc:"In Latin script"`
	NativeName string `json:"native_name,omitempty" doc:"In the person's own script"`
}

// Next steps of a nomination (NominationEntry.Next).
const (
	NextAnswer  = "answer"  // selected: accept or decline the seat
	NextWait    = "wait"    // nominated: the selection is to come
	NextReserve = "reserve" // on the reserve list: a seat may be freed
	NextAttend  = "attend"  // accepted: the activity is to come
	NextNone    = "none"
)

// NominationEntry is one of the person's nominations as the page lists
// it, with what they can do next.
type NominationEntry struct {
	ID             string                    `json:"id"`
	ActivityID     string                    `json:"activity_id"`
	CourseCode     string                    `json:"course_code"`
	CourseTitle    string                    `json:"course_title" doc:"In the language of the request"`
	StartsOn       string                    `json:"starts_on"`
	EndsOn         string                    `json:"ends_on"`
	Online         bool                      `json:"online"`
	City           string                    `json:"city,omitempty"`
	ActivityStatus training.Status           `json:"activity_status"`
	Status         training.NominationStatus `json:"status"`
	ReserveRank    int                       `json:"reserve_rank,omitempty"`
	AnswerBy       string                    `json:"answer_by,omitempty" doc:"Date by which to accept or decline the seat"`
	Next           string                    `json:"next" enum:"answer,wait,reserve,attend,none" doc:"What the person can do next"`
	ActivityURL    string                    `json:"activity_url"`
	AnswerURL      string                    `json:"answer_url,omitempty" doc:"Where to accept or decline (next: answer)"`
}

// UpcomingEntry is an activity the person is to attend or deliver.
type UpcomingEntry struct {
	ActivityID  string          `json:"activity_id"`
	CourseTitle string          `json:"course_title"`
	StartsOn    string          `json:"starts_on"`
	EndsOn      string          `json:"ends_on"`
	DayStarts   string          `json:"day_starts"`
	DayEnds     string          `json:"day_ends"`
	TimeZone    string          `json:"time_zone"`
	Online      bool            `json:"online"`
	Venue       string          `json:"venue,omitempty"`
	City        string          `json:"city,omitempty"`
	Status      training.Status `json:"status"`
	Role        string          `json:"role" enum:"participant,trainer"`
	UnderWay    bool            `json:"under_way" doc:"It has started (and is not cancelled)"`
	ActivityURL string          `json:"activity_url"`
	CalendarURL string          `json:"calendar_url" doc:"The activity as an iCalendar file"`
}

// TestEntry is one of the person's tests.
type TestEntry struct {
	ID          string             `json:"id"`
	ActivityID  string             `json:"activity_id"`
	CourseTitle string             `json:"course_title"`
	Kind        learning.TestKind  `json:"kind"`
	Form        string             `json:"form,omitempty"`
	State       learning.TestState `json:"state" enum:"upcoming,open,done"`
	OpensAt     time.Time          `json:"opens_at"`
	ClosesAt    time.Time          `json:"closes_at"`
	Questions   int                `json:"questions"`
	Answered    int                `json:"answered"`
	Score       *float64           `json:"score,omitempty"`
	SubmittedAt *time.Time         `json:"submitted_at,omitempty"`
	URL         string             `json:"url"`
}

// SurveyEntry is a survey the person has to answer.
type SurveyEntry struct {
	ID          string              `json:"id"`
	ActivityID  string              `json:"activity_id"`
	CourseTitle string              `json:"course_title"`
	Kind        learning.SurveyKind `json:"kind"`
	ClosesAt    time.Time           `json:"closes_at"`
	URL         string              `json:"url"`
}

// CertificateEntry is one of the person's certificates with its links.
type CertificateEntry struct {
	Code         string      `json:"code" doc:"Formatted in groups of four"`
	ActivityID   string      `json:"activity_id"`
	CourseTitle  string      `json:"course_title" doc:"In the language asked when the certificate has it (English or the person's language), else in English"`
	StartsOn     string      `json:"starts_on"`
	EndsOn       string      `json:"ends_on"`
	Status       cert.Status `json:"status" enum:"valid,revoked"`
	IssuedAt     time.Time   `json:"issued_at"`
	RevokedAt    time.Time   `json:"revoked_at,omitzero"`
	RevokeReason string      `json:"revoke_reason,omitempty"`
	PDFURL       string      `json:"pdf_url"`
	BadgeURL     string      `json:"badge_url" doc:"Open Badges 3.0 credential"`
	ShareURL     string      `json:"share_url" doc:"The public verification page, to share"`
}

// Correction request statuses.
const (
	StatusOpen     = "open"
	StatusResolved = "resolved"
)

// MaxText caps a correction request and a resolution note, in
// characters.
const MaxText = 2000

// CorrectionRequest is a person's request to correct what the platform
// holds on them, and how staff resolved it.
type CorrectionRequest struct {
	ID         string    `json:"id"`
	PersonID   string    `json:"person_id,omitempty" doc:"Empty for an account linked to no person"`
	AccountID  string    `json:"account_id"`
	Name       string    `json:"name" doc:"The person's name (the account's name without a person)"`
	Text       string    `json:"text" doc:"Which field is wrong and what it should say"`
	Status     string    `json:"status" enum:"open,resolved"`
	ResolvedBy string    `json:"resolved_by,omitempty"`
	ResolvedAt time.Time `json:"resolved_at,omitzero"`
	Note       string    `json:"note,omitempty" doc:"What staff did"`
	CreatedAt  time.Time `json:"created_at"`
}

// checkText validates a request's text or a note (trimmed): required
// when required, at most MaxText characters, valid UTF-8 without control
// characters other than line breaks and tabs; what is wrong goes to v
// under field.
func checkText(v *core.Validation, field, s string, required bool) {
	switch {
	case s == "" && required:
		v.Add(field, "required")
	case !utf8.ValidString(s) || strings.ContainsFunc(s, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' }):
		v.Add(field, "invalid")
	case utf8.RuneCountInString(s) > MaxText:
		v.Add(field, "too_long", strconv.Itoa(MaxText))
	}
}

// DataFormat names the layout of the personal data export.
const DataFormat = "topcop-personal-data/1"

// surveyNote says in the export why the survey answers are not in it.
const surveyNote = "Survey answers are anonymous: they are stored apart from who answered, with nothing that links them to you, " +
	"so they cannot be found or exported. surveys_answered lists the surveys you answered and when."

// PersonalData is everything the platform holds on the person linked to
// an account (GET /my/training/data.json, GET /api/v1/me/data).
type PersonalData struct {
	Format          string                    `json:"format"`
	GeneratedAt     time.Time                 `json:"generated_at"`
	Account         AccountData               `json:"account"`
	Person          *directory.Person         `json:"person" doc:"The directory record; null for an account linked to no person"`
	DirectoryRoles  *directory.PersonRoles    `json:"directory_roles,omitempty" doc:"Contact-point designations and network memberships"`
	Nominations     []training.MyNomination   `json:"nominations"`
	Attendance      []training.AttendanceMark `json:"attendance"`
	TestSubmissions []learning.MySubmission   `json:"test_submissions"`
	SurveysAnswered []learning.AnsweredSurvey `json:"surveys_answered"`
	SurveyAnswers   string                    `json:"survey_answers" doc:"Why the answers themselves are not here"`
	Certificates    []cert.Certificate        `json:"certificates"`
	Corrections     []CorrectionRequest       `json:"correction_requests"`
}

// AccountData is the account as the export shows it: never a password
// hash, a second-factor secret, a recovery code or a token.
type AccountData struct {
	ID               string       `json:"id"`
	Email            string       `json:"email"`
	Name             string       `json:"name"`
	Lang             string       `json:"lang,omitempty"`
	Roles            []core.Grant `json:"roles"`
	TwoFactorEnabled bool         `json:"two_factor_enabled"`
	Disabled         bool         `json:"disabled"`
	LastLoginAt      time.Time    `json:"last_login_at,omitzero"`
	CreatedAt        time.Time    `json:"created_at"`
	UpdatedAt        time.Time    `json:"updated_at"`
}

func accountData(a auth.Account) AccountData {
	return AccountData{ID: a.ID, Email: a.Email, Name: a.Name, Lang: a.Lang, Roles: a.Grants, TwoFactorEnabled: a.TOTPEnabled,
		Disabled: a.Disabled, LastLoginAt: a.LastLoginAt, CreatedAt: a.CreatedAt, UpdatedAt: a.UpdatedAt}
}
