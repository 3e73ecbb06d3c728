package cert

import (
	"time"
)

// Status is a certificate's state.
type Status string

const (
	StatusValid   Status = "valid"
	StatusRevoked Status = "revoked"
)

// Certificate is an issued certificate: what it shows, frozen when it
// was issued (a later change of the person's name or the course's title
// does not change a certificate), and its state.
type Certificate struct {
	ID            string    `json:"id"`
	Code          string    `json:"code" doc:"Unique code, 16 characters of Crockford base32 (shown in groups of four)"`
	ActivityID    string    `json:"activity_id"`
	PersonID      string    `json:"person_id"`
	Status        Status    `json:"status" enum:"valid,revoked"`
	Name          string    `json:"name" doc:"The participant's name in Latin script"`
	NativeName    string    `json:"native_name,omitempty" doc:"The participant's name in their own script"`
	Lang          string    `json:"lang" doc:"The participant's language: the second language of the certificate"`
	CourseCode    string    `json:"course_code"`
	CourseTitle   string    `json:"course_title" doc:"In English"`
	LocalTitle    string    `json:"local_title,omitempty" doc:"In the participant's language, when it differs"`
	StartsOn      string    `json:"starts_on"`
	EndsOn        string    `json:"ends_on"`
	Hours         float64   `json:"hours"`
	Outcomes      []string  `json:"learning_outcomes"`
	City          string    `json:"city,omitempty"`
	CountryCode   string    `json:"country_code,omitempty" doc:"Where the activity took place; empty when online"`
	Online        bool      `json:"online"`
	IssuerName    string    `json:"issuer"`
	Signatory     string    `json:"signatory"`
	SignatoryRole string    `json:"signatory_role"`
	IssuedAt      time.Time `json:"issued_at"`
	IssueReason   string    `json:"issue_reason,omitempty" doc:"Why a coordinator issued it by hand (empty: issued on completion)"`
	KeyID         string    `json:"key_id"`
	Payload       string    `json:"payload" doc:"The signed payload its QR code carries"`
	RevokedAt     time.Time `json:"revoked_at,omitzero"`
	RevokeReason  string    `json:"revoke_reason,omitempty"`
	Demo          bool      `json:"demo,omitempty"`
}

// Claims are what the certificate's payload asserts.
func (c Certificate) Claims() Claims {
	return Claims{Code: c.Code, Name: c.Name, Course: c.CourseTitle, From: c.StartsOn, To: c.EndsOn, Hours: c.Hours, Issuer: c.IssuerName}
}

// Public is what the public verification answers of a certificate: what
// the certificate itself shows and its state, nothing more (no person or
// activity id, no reason it was issued by hand).
type Public struct {
	Code          string    `json:"code"`
	Status        Status    `json:"status"`
	Name          string    `json:"name"`
	NativeName    string    `json:"native_name,omitempty"`
	CourseTitle   string    `json:"course_title"`
	LocalTitle    string    `json:"local_title,omitempty"`
	StartsOn      string    `json:"starts_on"`
	EndsOn        string    `json:"ends_on"`
	Hours         float64   `json:"hours"`
	Outcomes      []string  `json:"learning_outcomes"`
	City          string    `json:"city,omitempty"`
	CountryCode   string    `json:"country_code,omitempty"`
	Online        bool      `json:"online"`
	IssuerName    string    `json:"issuer"`
	Signatory     string    `json:"signatory,omitempty"`
	SignatoryRole string    `json:"signatory_role,omitempty"`
	IssuedAt      time.Time `json:"issued_at"`
	RevokedAt     time.Time `json:"revoked_at,omitzero"`
	RevokeReason  string    `json:"revoke_reason,omitempty"`
}

// Public is c as the public verification shows it.
func (c Certificate) Public() Public {
	return Public{Code: FormatCode(c.Code), Status: c.Status, Name: c.Name, NativeName: c.NativeName, CourseTitle: c.CourseTitle,
		LocalTitle: c.LocalTitle, StartsOn: c.StartsOn, EndsOn: c.EndsOn, Hours: c.Hours, Outcomes: c.Outcomes, City: c.City,
		CountryCode: c.CountryCode, Online: c.Online, IssuerName: c.IssuerName, Signatory: c.Signatory, SignatoryRole: c.SignatoryRole,
		IssuedAt: c.IssuedAt, RevokedAt: c.RevokedAt, RevokeReason: c.RevokeReason}
}
