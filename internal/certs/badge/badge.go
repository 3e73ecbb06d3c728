// Package badge renders a certificate as an Open Badges 3.0 credential
// (issue 10 §6): a W3C Verifiable Credential (VCDM 2.0) of type
// OpenBadgeCredential, signed with the issuer's Ed25519 key in an
// embedded Data Integrity proof (cryptosuite eddsa-jcs-2022), so that any
// wallet or verifier that speaks Open Badges 3.0 can check it. The
// issuer's keys are published as an Open Badges Profile (IssuerProfile)
// at the credential's issuer id.
//
// The credential's text is in English, as the certificate's first
// language is: Open Badges names and descriptions are single strings, and
// the people who read a badge (employers, courts, other countries) share
// no other language. Names and the course's title in the participant's
// language travel in it as UTF-8.
package badge

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/topcop-platform/topcop/internal/certs/cert"
)

// IssuerPath is where the issuer's Profile is served under the
// platform's public URL; the address is the credential's issuer id.
const IssuerPath = "/certificates/issuer"

// The JSON-LD contexts: VCDM 2.0 first, then Open Badges 3.0 (the schema
// requires this order); the issuer Profile adds Controlled Identifiers
// for its verification methods.
const (
	contextVC  = "https://www.w3.org/ns/credentials/v2"
	contextOB  = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
	contextCID = "https://www.w3.org/ns/cid/v1"
)

// Issuer is the issuing body as the badge names it.
type Issuer struct {
	BaseURL string // the platform's public URL
	Name    string
	Email   string // the issuer's contact address; optional
	// Criteria is the completion rule the badge states (e.g. "Attended
	// at least 80% of the days and met the activity's completion
	// conditions"); the course's learning outcomes follow it.
	Criteria string
}

// base is the issuer's URL without a trailing slash; it refuses what is
// not an absolute http(s) URL, which every id of the badge is built on.
func (iss Issuer) base() (string, error) {
	b := strings.TrimRight(iss.BaseURL, "/")
	u, err := url.Parse(b)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("badge: the base URL %q is not an absolute http(s) URL", iss.BaseURL)
	}
	if strings.TrimSpace(iss.Name) == "" {
		return "", errors.New("badge: the issuer has no name")
	}
	return b, nil
}

// credential is an OpenBadgeCredential as this package writes it; the
// field names are those of the Open Badges 3.0 schema.
type credential struct {
	Context           []string `json:"@context"`
	ID                string   `json:"id"`
	Type              []string `json:"type"`
	Name              string   `json:"name"`
	Description       string   `json:"description"`
	Issuer            profile  `json:"issuer"`
	ValidFrom         string   `json:"validFrom"`
	CredentialSubject subject  `json:"credentialSubject"`
	Proof             []proof  `json:"proof,omitempty"`
}

// profile is an Open Badges Profile: the credential's issuer, and with
// its keys the document IssuerProfile serves.
type profile struct {
	Context            []string   `json:"@context,omitempty"`
	ID                 string     `json:"id"`
	Type               []string   `json:"type"`
	Name               string     `json:"name"`
	URL                string     `json:"url,omitempty"`
	Email              string     `json:"email,omitempty"`
	VerificationMethod []multikey `json:"verificationMethod,omitempty"`
	AssertionMethod    []string   `json:"assertionMethod,omitempty"`
}

type subject struct {
	Type        []string    `json:"type"`
	Identifier  []identity  `json:"identifier"`
	Achievement achievement `json:"achievement"`
}

// identity is an IdentityObject: how the credential names its earner.
type identity struct {
	Type         string `json:"type"`
	Hashed       bool   `json:"hashed"`
	IdentityHash string `json:"identityHash"`
	IdentityType string `json:"identityType"`
	Salt         string `json:"salt,omitempty"`
}

type achievement struct {
	ID              string   `json:"id"`
	Type            []string `json:"type"`
	AchievementType string   `json:"achievementType"`
	Name            string   `json:"name"`
	Description     string   `json:"description"`
	Criteria        criteria `json:"criteria"`
	HumanCode       string   `json:"humanCode"`
	InLanguage      string   `json:"inLanguage"`
}

type criteria struct {
	Narrative string `json:"narrative,omitempty"`
}

// Credential returns c as an Open Badges 3.0 credential issued by iss and
// signed with key. recipientEmail identifies the earner by a salted
// SHA-256 hash, never in plain (OB 3.0 §IdentityObject): whoever is given
// the address can check it against the badge; an empty address leaves
// the earner named only by name. Errors name what is missing from c or
// iss; none comes from the data of a well-formed certificate.
func Credential(c cert.Certificate, iss Issuer, key *cert.SigningKey, recipientEmail string) ([]byte, error) {
	base, err := iss.base()
	if err != nil {
		return nil, err
	}
	code := cert.NormalizeCode(c.Code)
	switch {
	case code == "":
		return nil, fmt.Errorf("badge: %q is not a certificate code", c.Code)
	case c.CourseCode == "" || c.CourseTitle == "" || c.Name == "" || c.StartsOn == "":
		return nil, errors.New("badge: the certificate lacks its course code, course title, name or dates")
	case c.IssuedAt.IsZero():
		return nil, errors.New("badge: the certificate has no issue date")
	}
	ids, err := identifiers(c, recipientEmail)
	if err != nil {
		return nil, err
	}
	issuerID := base + IssuerPath
	doc := credential{
		Context:     []string{contextVC, contextOB},
		ID:          verifyURL(base, code),
		Type:        []string{"VerifiableCredential", "OpenBadgeCredential"},
		Name:        c.CourseTitle,
		Description: summary(c),
		Issuer:      profile{ID: issuerID, Type: []string{"Profile"}, Name: iss.Name, URL: base, Email: iss.Email},
		ValidFrom:   c.IssuedAt.UTC().Format(rfc3339),
		CredentialSubject: subject{
			Type:       []string{"AchievementSubject"},
			Identifier: ids,
			Achievement: achievement{
				ID:              courseURN(c.CourseCode),
				Type:            []string{"Achievement"},
				AchievementType: "Course",
				Name:            c.CourseTitle,
				Description:     courseFacts(c),
				Criteria:        criteria{Narrative: narrative(iss.Criteria, c.Outcomes)},
				HumanCode:       c.CourseCode,
				InLanguage:      "en",
			},
		},
	}
	return sign(doc, issuerID, key)
}

// verifyURL is the credential's id: the certificate's public verification
// page, which also says whether it was revoked.
func verifyURL(base, code string) string { return base + "/verify/" + cert.FormatCode(code) }

// courseURN names the course as an achievement. The course page is for
// signed-in members and is addressed by a database id the certificate
// does not keep, so the id is the course code, which is stable and unique
// on the platform.
func courseURN(courseCode string) string { return "urn:topcop:course:" + courseCode }

// identifiers names the earner: the name in Latin script, the name in
// their own script when it differs, and the hashed e-mail address.
func identifiers(c cert.Certificate, email string) ([]identity, error) {
	ids := []identity{{Type: "IdentityObject", IdentityHash: c.Name, IdentityType: "name"}}
	if c.NativeName != "" && c.NativeName != c.Name {
		ids = append(ids, identity{Type: "IdentityObject", IdentityHash: c.NativeName, IdentityType: "name"})
	}
	if email = strings.ToLower(strings.TrimSpace(email)); email != "" {
		var salt [16]byte
		if _, err := rand.Read(salt[:]); err != nil {
			return nil, err
		}
		ids = append(ids, emailIdentity(email, hex.EncodeToString(salt[:])))
	}
	return ids, nil
}

// emailIdentity hashes address (lower case: the form people give it in)
// with salt as OB 3.0's IdentityHash says: "sha256$" and the hex SHA-256
// of the address followed by the salt.
func emailIdentity(address, salt string) identity {
	sum := sha256.Sum256([]byte(address + salt))
	return identity{Type: "IdentityObject", Hashed: true, IdentityHash: "sha256$" + hex.EncodeToString(sum[:]),
		IdentityType: "emailAddress", Salt: salt}
}

// summary is the credential's description, as a wallet lists it.
func summary(c cert.Certificate) string {
	title := "“" + c.CourseTitle + "”"
	if c.LocalTitle != "" && c.LocalTitle != c.CourseTitle {
		title += " (“" + c.LocalTitle + "”)"
	}
	name := c.Name
	if c.NativeName != "" && c.NativeName != c.Name {
		name += " (" + c.NativeName + ")"
	}
	return "Certificate of completion of " + title + ", awarded to " + name + "."
}

// courseFacts is the achievement's description: hours, dates and place.
func courseFacts(c cert.Certificate) string {
	var parts []string
	switch h := strconv.FormatFloat(c.Hours, 'f', -1, 64); {
	case c.Hours == 1:
		parts = append(parts, "1 hour")
	case c.Hours > 0:
		parts = append(parts, h+" hours")
	}
	switch {
	case c.EndsOn == "" || c.EndsOn == c.StartsOn:
		parts = append(parts, "on "+c.StartsOn)
	default:
		parts = append(parts, "from "+c.StartsOn+" to "+c.EndsOn)
	}
	switch {
	case c.Online:
		parts = append(parts, "online")
	case c.City != "" && c.CountryCode != "":
		parts = append(parts, "in "+c.City+" ("+c.CountryCode+")")
	case c.City != "" || c.CountryCode != "":
		parts = append(parts, "in "+c.City+c.CountryCode)
	}
	return "Course (" + c.CourseCode + "), " + strings.Join(parts, ", ") + "."
}

// narrative is the criteria text: the completion rule, then the course's
// learning outcomes as a Markdown list (the schema allows Markdown here;
// an alignment would need a URL for each outcome, which outcomes lack).
func narrative(rule string, outcomes []string) string {
	var b strings.Builder
	b.WriteString(strings.TrimSpace(rule))
	first := true
	for _, o := range outcomes {
		if o = strings.TrimSpace(o); o == "" {
			continue
		}
		if first {
			if b.Len() > 0 {
				b.WriteString("\n\n")
			}
			b.WriteString("Learning outcomes:\n")
			first = false
		}
		b.WriteString("\n- " + o)
	}
	return b.String()
}
