// Package auth owns identity on the platform (DESIGN.md §4 Identity):
// local accounts with their grants (role × scope), argon2id passwords, TOTP
// second factors with one-time recovery codes, browser sessions, API tokens
// and login throttling.
//
// Layers: model.go holds the types and their context-free validation;
// store.go the SQL (portable across SQLite and PostgreSQL); service.go,
// service_login.go, service_self.go and service_recovery.go the use cases
// (authorization, validation, transactions, audit); password.go, totp.go,
// recovery.go and token.go the cryptographic primitives.
//
// Secrets never leave the package in clear except at the moment they are
// issued (a session or API token returned once, recovery codes shown once
// when made, a TOTP secret shown while its enrolment is pending): the
// database stores SHA-256 hashes of tokens and argon2id hashes of
// passwords and recovery codes, and audit details never contain any of
// them.
package auth

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/topcop-platform/topcop/internal/core"
)

// Limits of account fields.
const (
	MaxEmailLen     = core.MaxEmail // bytes, RFC 5321 path limit
	MaxNameLen      = 200           // runes
	MinPasswordLen  = 12            // runes
	MaxPasswordLen  = 256           // bytes
	MaxTokenNameLen = 100           // runes

	// MaxSessionAge is the absolute lifetime of a browser session,
	// however active it stays.
	MaxSessionAge = 7 * 24 * time.Hour
	// DefaultSessionTTL is the default idle timeout of a browser session.
	DefaultSessionTTL = 12 * time.Hour
	// MaxTokenAge is the longest lifetime of an API token.
	MaxTokenAge = 365 * 24 * time.Hour
	// LoginTokenTTL is the lifetime of tokens issued by IssueToken.
	LoginTokenTTL = 12 * time.Hour
	// LoginTokenName is the name of tokens issued by IssueToken.
	LoginTokenName = "api login"
	// MaxUnconfirmedTokenAge is the longest lifetime of a token created
	// without re-entering the password (and the second factor, when
	// enabled): a stolen session or token cannot mint itself a long life.
	MaxUnconfirmedTokenAge = 24 * time.Hour
)

// Languages are the UI language codes an account may choose; they mirror
// i18n.Languages (a test keeps the two in step). auth does not import i18n
// so that it stays below the web layer.
var Languages = []string{"en", "ro", "uk", "ka", "hy", "az", "ru"}

// Account is a local account. It never carries the password hash or the
// TOTP secret.
type Account struct {
	ID          string       `json:"id"`
	Email       string       `json:"email"`
	Name        string       `json:"name"`
	PersonID    string       `json:"person_id,omitempty"`
	Lang        string       `json:"lang,omitempty"`
	Grants      []core.Grant `json:"grants"`
	TOTPEnabled bool         `json:"totp_enabled"`
	Disabled    bool         `json:"disabled"`
	LastLoginAt time.Time    `json:"last_login_at,omitzero"`
	CreatedAt   time.Time    `json:"created_at"`
	UpdatedAt   time.Time    `json:"updated_at"`
}

// NeedsTOTP reports whether any of a's roles requires a second factor.
func (a Account) NeedsTOTP() bool {
	return core.Actor{Grants: a.Grants}.NeedsTOTP()
}

// AccountInput is what an admin (or the CLI) submits to create or update an
// account. Password is used by CreateAccount only.
type AccountInput struct {
	Email    string       `json:"email"`
	Name     string       `json:"name"`
	Password string       `json:"password,omitempty"`
	PersonID string       `json:"person_id,omitempty"`
	Lang     string       `json:"lang,omitempty"`
	Grants   []core.Grant `json:"grants"`
}

// AccountFilter narrows ListAccounts. Query matches a substring of the
// e-mail or the name, case-insensitively; Role keeps accounts holding that
// role in any scope; disabled accounts are left out unless IncludeDisabled.
type AccountFilter struct {
	Query           string
	Role            string
	IncludeDisabled bool
}

// Session is a browser session. Its token is never stored or returned
// after Login. ExpiresAt is when it ends if left idle: the earlier of the
// idle deadline (LastSeenAt + SessionTTL) and the absolute one (CreatedAt +
// 7 days). Current marks the session of the actor asking.
type Session struct {
	ID         string    `json:"id"`
	AccountID  string    `json:"account_id"`
	IP         string    `json:"ip"`
	UserAgent  string    `json:"user_agent"`
	MFA        bool      `json:"mfa"`
	CreatedAt  time.Time `json:"created_at"`
	LastSeenAt time.Time `json:"last_seen_at"`
	ExpiresAt  time.Time `json:"expires_at"`
	Current    bool      `json:"current"`
}

// Login is the outcome of a successful password check. Token is the
// session cookie value, returned only here. NeedTOTP means the session must
// pass VerifyLoginTOTP before it reaches data; NeedEnrolment means the
// account's roles require a second factor it has not enrolled yet (BeginTOTP
// and ConfirmTOTP work in that state).
type Login struct {
	Session       Session
	Token         string
	NeedTOTP      bool
	NeedEnrolment bool
}

// APIToken is a bearer token for the JSON API. The token itself is
// returned once, when issued. LastUsedAt is zero if it was never used.
type APIToken struct {
	ID         string    `json:"id"`
	AccountID  string    `json:"account_id"`
	Name       string    `json:"name"`
	ReadOnly   bool      `json:"read_only"`
	CreatedAt  time.Time `json:"created_at"`
	ExpiresAt  time.Time `json:"expires_at"`
	LastUsedAt time.Time `json:"last_used_at,omitzero"`
}

// TokenInput asks for a personal API token (Service.CreateToken).
// Password and TOTP confirm the account again; they are required only for
// a token that lives longer than MaxUnconfirmedTokenAge, and TOTP only when
// the account has a second factor.
type TokenInput struct {
	Name      string
	ExpiresAt time.Time
	ReadOnly  bool
	Password  string
	TOTP      string
}

// TOTPEnrolment is what an account needs to set up its authenticator app:
// the base32 secret (for manual entry), the otpauth:// URI and that URI as a
// 200×200 QR code PNG.
type TOTPEnrolment struct {
	Secret string `json:"secret"`
	URI    string `json:"uri"`
	PNG    []byte `json:"-"`
}

// normalize trims the input and lower-cases the e-mail, in place.
func (in *AccountInput) normalize() {
	in.Email = NormalizeEmail(in.Email)
	in.Name = strings.TrimSpace(in.Name)
	in.PersonID = strings.ToLower(strings.TrimSpace(in.PersonID))
	in.Lang = strings.ToLower(strings.TrimSpace(in.Lang))
	gs := make([]core.Grant, len(in.Grants))
	for i, g := range in.Grants {
		gs[i] = core.Grant{
			Role:      core.Role(strings.ToLower(strings.TrimSpace(string(g.Role)))),
			ScopeKind: strings.ToLower(strings.TrimSpace(g.ScopeKind)),
			ScopeID:   strings.ToLower(strings.TrimSpace(g.ScopeID)),
			Country:   strings.ToUpper(strings.TrimSpace(g.Country)),
		}
	}
	in.Grants = gs
}

// NormalizeEmail trims and lower-cases an e-mail address, the form in which
// accounts are stored and looked up.
func NormalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// Validate checks a new account's input without touching the database:
// e-mail, name, language, person, password policy and the shape of every
// grant. Checks that need the directory (does the country exist, which
// country is the agency in) are made by the service. The input must be
// normalised (CreateAccount does that). It returns core.Invalid with Fields.
func (in AccountInput) Validate() error {
	var v core.Validation
	in.check(&v, true)
	return v.Err()
}

func (in AccountInput) check(v *core.Validation, withPassword bool) {
	checkEmail(v, "email", in.Email)
	checkName(v, "name", in.Name, MaxNameLen)
	if in.Lang != "" && !slices.Contains(Languages, in.Lang) {
		v.Add("lang", "invalid")
	}
	if in.PersonID != "" && !core.ValidID(in.PersonID) {
		v.Add("person_id", "invalid")
	}
	if withPassword {
		checkPassword(v, "password", in.Password, in.Email)
	}
	for i, g := range in.Grants {
		checkGrantShape(v, fmt.Sprintf("grants[%d]", i), g)
	}
	for i, g := range in.Grants {
		if slices.ContainsFunc(in.Grants[:i], func(h core.Grant) bool { return sameGrant(g, h) }) {
			v.Add(fmt.Sprintf("grants[%d]", i), "duplicate")
		}
	}
}

func sameGrant(a, b core.Grant) bool {
	// The agency's country is derived, so two agency grants with the same
	// role and agency are the same grant whatever country was typed.
	if a.ScopeKind == core.ScopeAgency && b.ScopeKind == core.ScopeAgency {
		return a.Role == b.Role && a.ScopeID == b.ScopeID
	}
	return a == b
}

func checkEmail(v *core.Validation, field, e string) {
	switch {
	case e == "":
		v.Add(field, "required")
		return
	case len(e) > MaxEmailLen:
		v.Add(field, "too_long", fmt.Sprint(MaxEmailLen))
		return
	}
	if !core.ValidEmail(e) {
		v.Add(field, "invalid_email")
	}
}

// checkName checks a display text: required, at most max runes, valid
// UTF-8 without control characters, and no markup.
func checkName(v *core.Validation, field, s string, max int) {
	switch {
	case s == "":
		v.Add(field, "required")
	case !utf8.ValidString(s) || strings.ContainsFunc(s, unicode.IsControl):
		v.Add(field, "invalid")
	case utf8.RuneCountInString(s) > max:
		v.Add(field, "too_long", fmt.Sprint(max))
	case strings.ContainsAny(s, "<>"):
		v.Add(field, "markup")
	}
}

// checkPassword applies the password policy: at least MinPasswordLen
// characters, not the account's e-mail, not one character repeated
// ("weak"); at most MaxPasswordLen bytes ("too_long"). The upper bound keeps
// hashing cost bounded; the policy follows NIST SP 800-63B (length over
// composition rules).
func checkPassword(v *core.Validation, field, pw, email string) {
	switch {
	case pw == "":
		v.Add(field, "required")
	case len(pw) > MaxPasswordLen:
		v.Add(field, "too_long", fmt.Sprint(MaxPasswordLen))
	case !utf8.ValidString(pw):
		v.Add(field, "invalid")
	case utf8.RuneCountInString(pw) < MinPasswordLen,
		email != "" && NormalizeEmail(pw) == email,
		oneCharacter(pw):
		v.Add(field, "weak", fmt.Sprint(MinPasswordLen))
	}
}

func oneCharacter(s string) bool {
	first, _ := utf8.DecodeRuneInString(s)
	for _, r := range s {
		if r != first {
			return false
		}
	}
	return true
}

// allowedScopes lists the scope kinds each role may be granted in; roles
// not listed may hold any scope.
var allowedScopes = map[core.Role][]string{
	core.RoleAdmin:       {core.ScopeGlobal},
	core.RoleCoordinator: {core.ScopeGlobal},
	core.RoleNCP:         {core.ScopeCountry, core.ScopeAgency},
	core.RoleAnalyst:     {core.ScopeCountry, core.ScopeAgency},
	core.RoleObserver:    {core.ScopeGlobal, core.ScopeCountry},
}

// scopeKinds are the scope kinds a grant may have, in display order.
var scopeKinds = []string{core.ScopeGlobal, core.ScopeCountry, core.ScopeAgency, core.ScopeActivity, core.ScopeNetwork}

// checkGrantShape checks one grant without the directory: a known role, a
// known scope kind the role may hold, and the identifiers that kind needs
// (global: none; country: Country; agency: ScopeID, Country derived later;
// activity and network: ScopeID only).
func checkGrantShape(v *core.Validation, f string, g core.Grant) {
	switch {
	case g.Role == "":
		v.Add(f+".role", "required")
	case !g.Role.Valid():
		v.Add(f+".role", "invalid")
	}
	switch {
	case g.ScopeKind == "":
		v.Add(f+".scope_kind", "required")
		return
	case !slices.Contains(scopeKinds, g.ScopeKind):
		v.Add(f+".scope_kind", "invalid")
		return
	}
	if kinds, ok := allowedScopes[g.Role]; ok && !slices.Contains(kinds, g.ScopeKind) {
		v.Add(f+".scope_kind", "invalid", strings.Join(kinds, ","))
	}
	switch g.ScopeKind {
	case core.ScopeGlobal:
		if g.ScopeID != "" {
			v.Add(f+".scope_id", "invalid")
		}
		if g.Country != "" {
			v.Add(f+".country", "invalid")
		}
	case core.ScopeCountry:
		if g.ScopeID != "" {
			v.Add(f+".scope_id", "invalid")
		}
		switch {
		case g.Country == "":
			v.Add(f+".country", "required")
		case !countryCode(g.Country):
			v.Add(f+".country", "unknown_country")
		}
	case core.ScopeAgency, core.ScopeActivity, core.ScopeNetwork:
		switch {
		case g.ScopeID == "":
			v.Add(f+".scope_id", "required")
		case !core.ValidID(g.ScopeID):
			v.Add(f+".scope_id", "invalid")
		}
		// An agency's country is looked up, never taken from input.
		if g.ScopeKind != core.ScopeAgency && g.Country != "" {
			v.Add(f+".country", "invalid")
		}
	}
}

// countryCode reports whether s looks like an ISO 3166-1 alpha-2 code.
func countryCode(s string) bool {
	return len(s) == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z'
}

// checkTokenName checks an API token's name: 1–100 runes, no markup.
func checkTokenName(v *core.Validation, name string) {
	checkName(v, "name", name, MaxTokenNameLen)
}

// grantLabels renders grants for audit details: role/kind[/scope id][/country].
func grantLabels(gs []core.Grant) []string {
	out := make([]string, 0, len(gs))
	for _, g := range gs {
		parts := []string{string(g.Role), g.ScopeKind}
		if g.ScopeID != "" {
			parts = append(parts, g.ScopeID)
		}
		if g.Country != "" {
			parts = append(parts, g.Country)
		}
		out = append(out, strings.Join(parts, "/"))
	}
	return out
}
