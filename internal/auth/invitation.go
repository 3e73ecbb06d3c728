package auth

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/topcop-platform/topcop/internal/audit"
	"github.com/topcop-platform/topcop/internal/core"
)

// Invitations (issue 8 §5): most officials have no account yet. A person
// of the directory selected for something gets an e-mail with a one-time,
// expiring link; following it they set a password, and that creates a
// participant account linked to their directory person.
const (
	// InvitationPrefix starts every invitation token ("ti_" + 32 random
	// bytes, base64url), so that one is never taken for a session or an
	// API token.
	InvitationPrefix = "ti_"
	// MaxInvitationAge is the longest an invitation link may work.
	MaxInvitationAge = 30 * 24 * time.Hour
)

// The codes of the "token" field error of a link that no longer works
// (core.Invalid): used once already, replaced by a newer invitation for the
// same person, or past its expiry.
const (
	InvitationUsed     = "used"
	InvitationReplaced = "replaced"
	InvitationExpired  = "expired"
)

// InvitationInput asks for an invitation link (Service.Invite).
type InvitationInput struct {
	PersonID  string    // the directory person (required, valid id)
	Email     string    // where the link goes (required); becomes the account's e-mail
	Name      string    // the account's display name
	Lang      string    // one of Languages; "" = en
	ExpiresAt time.Time // when the link stops working (required, in the future, at most 30 days ahead)
	Reason    string    // why, for the audit trail, e.g. "training.selected <activity id>"
}

// Invitation is a live invitation as the invitation page shows it. It
// never carries the token.
type Invitation struct {
	ID        string    `json:"id"`
	PersonID  string    `json:"person_id"`
	Email     string    `json:"email"`
	Name      string    `json:"name"`
	Lang      string    `json:"lang"`
	ExpiresAt time.Time `json:"expires_at"`
	CreatedAt time.Time `json:"created_at"`
}

// normalize trims the input, lower-cases the e-mail, the person id and the
// language (defaulting to English) and puts the expiry in UTC.
func (in *InvitationInput) normalize() {
	in.PersonID = strings.ToLower(strings.TrimSpace(in.PersonID))
	in.Email = NormalizeEmail(in.Email)
	in.Name = strings.TrimSpace(in.Name)
	in.Lang = strings.ToLower(strings.TrimSpace(in.Lang))
	if in.Lang == "" {
		in.Lang = "en"
	}
	in.Reason = strings.TrimSpace(in.Reason)
	in.ExpiresAt = in.ExpiresAt.UTC().Truncate(time.Microsecond)
}

// validate checks a normalised input against the clock: {person_id
// required|invalid}, {email required|too_long|invalid_email}, {name
// required|invalid|too_long|markup}, {lang invalid}, {expires_at
// required|past|too_far (param: the most days)}, {reason invalid|too_long}.
func (in InvitationInput) validate(now time.Time) error {
	var v core.Validation
	switch {
	case in.PersonID == "":
		v.Add("person_id", "required")
	case !core.ValidID(in.PersonID):
		v.Add("person_id", "invalid")
	}
	checkEmail(&v, "email", in.Email)
	checkName(&v, "name", in.Name, MaxNameLen)
	if !slices.Contains(Languages, in.Lang) {
		v.Add("lang", "invalid")
	}
	switch {
	case in.ExpiresAt.IsZero():
		v.Add("expires_at", "required")
	case !in.ExpiresAt.After(now):
		v.Add("expires_at", "past")
	case in.ExpiresAt.After(now.Add(MaxInvitationAge)):
		v.Add("expires_at", "too_far", fmt.Sprint(int(MaxInvitationAge/(24*time.Hour))))
	}
	switch {
	case !utf8.ValidString(in.Reason) || strings.ContainsFunc(in.Reason, unicode.IsControl):
		v.Add("reason", "invalid")
	case utf8.RuneCountInString(in.Reason) > MaxReasonLen:
		v.Add("reason", "too_long", fmt.Sprint(MaxReasonLen))
	}
	return v.Err()
}

// invitationRow is an invitation with its state.
type invitationRow struct {
	Invitation
	TokenHash  string
	UsedAt     time.Time // zero: not used
	AccountID  string    // the account it created, once used
	CreatedBy  string    // the inviting account's id, or "system"
	ReplacedAt time.Time // zero: not replaced
}

// check says why the invitation no longer works at now, or nil.
func (r invitationRow) check(now time.Time) error {
	switch {
	case !r.UsedAt.IsZero():
		return invitationGone(InvitationUsed, "this invitation link has been used already")
	case !r.ReplacedAt.IsZero():
		return invitationGone(InvitationReplaced, "this invitation link has been replaced by a newer one")
	case !r.ExpiresAt.After(now):
		return invitationGone(InvitationExpired, "this invitation link has expired")
	}
	return nil
}

func invitationGone(code, msg string) error {
	return &core.Error{Code: core.Invalid, Message: msg, Fields: []core.FieldError{{Field: "token", Code: code}}}
}

// InvitationProblem returns the code of the "token" field error of a link
// that no longer works (InvitationUsed, InvitationReplaced,
// InvitationExpired), or "" when err is not such an error.
func InvitationProblem(err error) string {
	if !core.IsCode(err, core.Invalid) {
		return ""
	}
	for _, f := range core.AsError(err).Fields {
		if f.Field == "token" {
			return f.Code
		}
	}
	return ""
}

func personHasAccount() error {
	return &core.Error{Code: core.Conflict, Message: "this person already has an account",
		Fields: []core.FieldError{{Field: "person_id", Code: "has_account"}}}
}

// Invite makes a one-time link token for a person without an account and returns the raw token
// (shown once; only its SHA-256 is stored). It runs in the caller's db.Write transaction if there is one
// (db.Write joins an enclosing one). Any authenticated, non-read-only actor may call it: it is not a route,
// capabilities call it from inside their own authorized use cases (a participant's decline can promote
// someone from the reserve list, who then gets invited). A new invitation for the same person replaces
// (invalidates) their earlier unused ones. Errors: invalid (fields), conflict when an account is already
// linked to the person or already uses the e-mail.
//
// Field errors: see InvitationInput.validate; conflicts carry {person_id
// has_account} or {email duplicate}. Audited as "auth.invitation.create"
// with the reason and the number of invitations replaced.
func (s *Service) Invite(ctx context.Context, in InvitationInput) (string, error) {
	a, err := writer(ctx)
	if err != nil {
		return "", err
	}
	in.normalize()
	now := s.now()
	if err := in.validate(now); err != nil {
		return "", err
	}
	token, hash, err := newSecret(InvitationPrefix)
	if err != nil {
		return "", core.Wrap(err, "auth: invitation token")
	}
	createdBy := a.AccountID
	if createdBy == "" {
		createdBy = "system"
	}
	r := invitationRow{
		Invitation: Invitation{ID: core.NewID(), PersonID: in.PersonID, Email: in.Email, Name: in.Name, Lang: in.Lang,
			ExpiresAt: in.ExpiresAt, CreatedAt: now},
		TokenHash: hash,
		CreatedBy: createdBy,
	}
	err = s.db.Write(ctx, func(ctx context.Context) error {
		if _, found, err := s.st.accountOfPerson(ctx, r.PersonID); err != nil {
			return err
		} else if found {
			return personHasAccount()
		}
		taken, err := s.st.emailTaken(ctx, r.Email, "")
		if err != nil {
			return err
		}
		if taken {
			return duplicateEmail()
		}
		n, err := s.st.replaceInvitations(ctx, r.PersonID, now)
		if err != nil {
			return err
		}
		if err := s.st.insertInvitation(ctx, r); err != nil {
			return err
		}
		return s.log.Record(ctx, audit.Event{Action: "auth.invitation.create", Entity: "invitation", EntityID: r.ID, Reason: in.Reason,
			Details: map[string]any{"person_id": r.PersonID, "email": r.Email, "name": r.Name, "lang": r.Lang,
				"expires_at": r.ExpiresAt.Format(time.RFC3339), "replaced": n}})
	})
	if err != nil {
		return "", err
	}
	return token, nil
}

// AccountOfPerson returns the (enabled or disabled) account linked to a directory person, and whether there is one.
// Same callers as Invite (no role check beyond authentication).
//
// When several accounts are linked to the person, an enabled one comes
// first, then the oldest. Errors: core.Invalid [{person_id invalid}],
// core.Unauthenticated.
func (s *Service) AccountOfPerson(ctx context.Context, personID string) (Account, bool, error) {
	if _, err := signedIn(ctx); err != nil {
		return Account{}, false, err
	}
	personID = strings.ToLower(strings.TrimSpace(personID))
	if !core.ValidID(personID) {
		var v core.Validation
		v.Add("person_id", "invalid")
		return Account{}, false, v.Err()
	}
	r, found, err := s.st.accountOfPerson(ctx, personID)
	if err != nil || !found {
		return Account{}, false, err
	}
	if r.Grants == nil {
		r.Grants = []core.Grant{}
	}
	return r.Account, true, nil
}

// liveInvitation finds the invitation of a raw token and checks that it
// still works at now. Errors: core.NotFound for a malformed or unknown
// token; core.Invalid [{token used|replaced|expired}].
func (s *Service) liveInvitation(ctx context.Context, token string, now time.Time) (invitationRow, error) {
	if !wellFormed(token, InvitationPrefix) {
		return invitationRow{}, notFound("invitation")
	}
	r, err := s.st.invitationByHash(ctx, hashSecret(token))
	if err != nil {
		return invitationRow{}, err
	}
	return r, r.check(now)
}

// invitee is the actor of audit events written on behalf of whoever holds
// an invitation link: the caller if signed in, else "invitation" with the
// caller's address.
func invitee(ctx context.Context) core.Actor {
	a := core.ActorFrom(ctx)
	if a.Authenticated() {
		return a
	}
	return core.Actor{Name: "invitation", IP: a.IP, UserAgent: a.UserAgent}
}

// Invitation looks up an unused, unexpired invitation by its raw token (for the page); errors: not_found for an
// unknown token, invalid with code "expired" or "used" (localized messages).
//
// Anyone may call it: the token is the credential. An invitation a newer
// one replaced answers core.Invalid [{token replaced}] (see
// InvitationProblem). The read is audited as "auth.invitation.read" (the
// page shows the invitee's name and e-mail).
func (s *Service) Invitation(ctx context.Context, token string) (Invitation, error) {
	r, err := s.liveInvitation(ctx, token, s.now())
	if err != nil {
		return Invitation{}, err
	}
	err = s.log.RecordRead(core.WithActor(ctx, invitee(ctx)), audit.Event{Action: "auth.invitation.read", Entity: "invitation",
		EntityID: r.ID, Details: map[string]any{"person_id": r.PersonID}})
	if err != nil {
		return Invitation{}, core.Wrap(err, "auth: audit invitation read")
	}
	return r.Invitation, nil
}

// Redeem creates the account: participant role (core.RoleParticipant, global scope like other participant grants),
// linked to the person, the e-mail and name of the invitation, the chosen language, the given password (the password
// policy of CreateAccount). It marks the invitation used in the same transaction, so two redeems racing create one
// account (test it with concurrent goroutines on both engines). Audited as "auth.invitation.redeem" with actor = the
// new account (or a system actor "invitation"). Errors: as Invitation, plus invalid password fields; conflict when the
// e-mail got taken meanwhile.
//
// Anyone may call it: the token is the credential. lang "" keeps the
// invitation's language. Field errors: {password required|too_long|invalid|
// weak}, {lang invalid}; conflicts {email duplicate} or {person_id
// has_account} (an account was linked to the person meanwhile). Nothing
// changes on any error: the invitation stays usable after bad input.
func (s *Service) Redeem(ctx context.Context, token, password, lang string) (Account, error) {
	r, err := s.liveInvitation(ctx, token, s.now())
	if err != nil {
		return Account{}, err
	}
	lang = strings.ToLower(strings.TrimSpace(lang))
	if lang == "" {
		lang = r.Lang
	}
	var v core.Validation
	checkPassword(&v, "password", password, r.Email)
	if !slices.Contains(Languages, lang) {
		v.Add("lang", "invalid")
	}
	if err := v.Err(); err != nil {
		return Account{}, err
	}
	// Hash before the transaction: argon2 must not hold SQLite's writer.
	hash, err := PasswordHash(password)
	if err != nil {
		return Account{}, core.Wrap(err, "auth: hash password")
	}
	now := s.now()
	acc := accountRow{
		Account: Account{ID: core.NewID(), Email: r.Email, Name: r.Name, PersonID: r.PersonID, Lang: lang,
			Grants: []core.Grant{{Role: core.RoleParticipant, ScopeKind: core.ScopeGlobal}}, CreatedAt: now, UpdatedAt: now},
		PasswordHash: hash,
	}
	caller := core.ActorFrom(ctx)
	actor := accountActor(acc, caller.IP, caller.UserAgent)
	err = s.db.Write(core.WithActor(ctx, actor), func(ctx context.Context) error {
		// Claim the invitation first: of two redeems racing, the second
		// finds it used here (PostgreSQL re-checks the row once the first
		// commits; SQLite has one writer) and creates nothing.
		ok, err := s.st.useInvitation(ctx, r.ID, now)
		if err != nil {
			return err
		}
		if !ok {
			cur, err := s.st.invitationByID(ctx, r.ID)
			if err != nil {
				return err
			}
			if err := cur.check(now); err != nil {
				return err
			}
			return core.Errorf(core.Conflict, "the invitation changed meanwhile")
		}
		if _, found, err := s.st.accountOfPerson(ctx, r.PersonID); err != nil {
			return err
		} else if found {
			return personHasAccount()
		}
		taken, err := s.st.emailTaken(ctx, acc.Email, "")
		if err != nil {
			return err
		}
		if taken {
			return duplicateEmail()
		}
		if err := s.st.insertAccount(ctx, acc); err != nil {
			if core.IsCode(err, core.Conflict) { // lost a race for the e-mail
				return duplicateEmail()
			}
			return err
		}
		if err := s.st.replaceGrants(ctx, acc.ID, acc.Grants, now); err != nil {
			return err
		}
		if err := s.st.setInvitationAccount(ctx, r.ID, acc.ID); err != nil {
			return err
		}
		return s.log.Record(ctx, audit.Event{Action: "auth.invitation.redeem", Entity: "account", EntityID: acc.ID,
			Details: map[string]any{"invitation_id": r.ID, "person_id": acc.PersonID, "email": acc.Email, "name": acc.Name,
				"lang": acc.Lang, "grants": grantLabels(acc.Grants)}})
	})
	if err != nil {
		return Account{}, err
	}
	return acc.Account, nil
}
