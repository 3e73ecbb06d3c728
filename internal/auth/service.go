package auth

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/topcop-platform/topcop/internal/audit"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
)

// Options configure a Service. The zero value works: 12-hour idle
// sessions, issuer "TOPCOP", the real clock, any well-formed country code,
// and no agency grants.
type Options struct {
	// SessionTTL is the idle timeout of browser sessions (default 12h). It
	// is capped at the absolute maximum of 7 days (MaxSessionAge).
	SessionTTL time.Duration
	// Issuer is the TOTP issuer shown in authenticator apps ("TOPCOP").
	Issuer string
	// Now is the clock (nil: time.Now). Tests move it to expire things.
	Now func() time.Time
	// CountryExists validates grant countries (nil: accept any two-letter
	// upper-case code).
	CountryExists func(ctx context.Context, code string) (bool, error)
	// AgencyCountry resolves an agency grant's country; it returns
	// core.NotFound for an unknown agency (nil: agency grants are rejected).
	AgencyCountry func(ctx context.Context, agencyID string) (country string, err error)
}

// Directory is what the service asks of the directory to check scoped
// grants; the directory capability provides it (module.Provide), and
// internal/app hands it to Options.
type Directory interface {
	CountryExists(ctx context.Context, code string) (bool, error)
	AgencyCountry(ctx context.Context, agencyID string) (country string, err error)
	// CountryNames lists the countries a grant may name, as code and
	// English name, in display order.
	CountryNames(ctx context.Context) ([]CodeName, error)
	// AgencyName is the English name of an agency.
	AgencyName(ctx context.Context, agencyID string) (string, error)
	// AgencyIDByCode finds an agency by its code ("GE-MIA").
	AgencyIDByCode(ctx context.Context, code string) (string, error)
}

// CodeName is a code with its display name.
type CodeName struct{ Code, Name string }

// Service is the identity use cases. It is safe for concurrent use.
//
// Every method reads the actor from core.ActorFrom(ctx). Unless a method
// says otherwise: an anonymous actor, or one whose second factor is pending
// (MFAPending), gets core.Unauthenticated; an actor without the right gets
// core.Forbidden; a read-only API token gets core.Forbidden on every write;
// core.SystemActor passes admin checks. Every write runs in db.Write and
// records an audit event in the same transaction; audit details never hold
// passwords, password hashes, tokens or TOTP secrets.
type Service struct {
	db  *db.DB
	log *audit.Log
	st  *store
	o   Options
	// touching holds the ids of sessions and tokens whose last-seen time
	// a request is writing now: the requests that find the same stale
	// time meanwhile skip the write instead of queueing on the writer.
	touching sync.Map
}

// NewService returns the identity service over d, recording to log.
func NewService(d *db.DB, log *audit.Log, o Options) *Service {
	if o.SessionTTL <= 0 {
		o.SessionTTL = DefaultSessionTTL
	}
	o.SessionTTL = min(o.SessionTTL, MaxSessionAge)
	if o.Issuer == "" {
		o.Issuer = "TOPCOP"
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return &Service{db: d, log: log, st: &store{db: d}, o: o}
}

// now is the service clock as stored: UTC, microsecond precision.
func (s *Service) now() time.Time { return s.o.Now().UTC().Truncate(time.Microsecond) }

// record appends an audit event inside the write transaction of ctx.
func (s *Service) record(ctx context.Context, action, entity, id string, details map[string]any) error {
	return s.log.Record(ctx, audit.Event{Action: action, Entity: entity, EntityID: id, Details: details})
}

// signedIn returns the actor of ctx if it is fully authenticated.
func signedIn(ctx context.Context) (core.Actor, error) {
	a := core.ActorFrom(ctx)
	switch {
	case a.System:
		return a, nil
	case a.AccountID == "":
		return a, core.Errorf(core.Unauthenticated, "sign in first")
	case a.MFAPending:
		return a, core.Errorf(core.Unauthenticated, "complete the second factor first")
	}
	return a, nil
}

// writer returns the actor of ctx if it may write at all.
func writer(ctx context.Context) (core.Actor, error) {
	a, err := signedIn(ctx)
	if err != nil {
		return a, err
	}
	if a.ReadOnly {
		return a, core.Errorf(core.Forbidden, "a read-only token cannot change anything")
	}
	return a, nil
}

// requireAdmin returns the actor of ctx if it administers the platform
// (and, for writes, is not read-only).
func requireAdmin(ctx context.Context, write bool) (core.Actor, error) {
	get := signedIn
	if write {
		get = writer
	}
	a, err := get(ctx)
	if err != nil {
		return a, err
	}
	if !a.IsAdmin() {
		return a, core.Errorf(core.Forbidden, "only admins manage accounts")
	}
	return a, nil
}

// requireSelfOrAdmin returns the actor of ctx if it is the account
// accountID or an admin.
func requireSelfOrAdmin(ctx context.Context, accountID string, write bool) (core.Actor, error) {
	get := signedIn
	if write {
		get = writer
	}
	a, err := get(ctx)
	if err != nil {
		return a, err
	}
	if a.AccountID != accountID && !a.IsAdmin() {
		return a, core.Errorf(core.Forbidden, "only the account itself or an admin may do this")
	}
	return a, nil
}

func notFound(what string) error { return core.Errorf(core.NotFound, "%s not found", what) }

func duplicateEmail() error {
	return &core.Error{Code: core.Conflict, Message: "an account with this e-mail already exists",
		Fields: []core.FieldError{{Field: "email", Code: "duplicate"}}}
}

// resolveGrants completes grants whose shape is valid with what only the
// directory knows: it checks countries with CountryExists and fills agency
// grants' Country from AgencyCountry. Problems go to v; only a failure of
// the directory itself is returned.
func (s *Service) resolveGrants(ctx context.Context, v *core.Validation, gs []core.Grant) error {
	for i := range gs {
		g := &gs[i]
		f := fmt.Sprintf("grants[%d]", i)
		if v.Has(f+".role") || v.Has(f+".scope_kind") || v.Has(f+".scope_id") || v.Has(f+".country") {
			continue
		}
		switch g.ScopeKind {
		case core.ScopeCountry:
			if s.o.CountryExists == nil {
				continue
			}
			ok, err := s.o.CountryExists(ctx, g.Country)
			if err != nil {
				return core.Wrap(err, "auth: check country %s", g.Country)
			}
			if !ok {
				v.Add(f+".country", "unknown_country")
			}
		case core.ScopeAgency:
			if s.o.AgencyCountry == nil {
				v.Add(f+".scope_id", "unknown_agency")
				continue
			}
			c, err := s.o.AgencyCountry(ctx, g.ScopeID)
			switch {
			case core.IsCode(err, core.NotFound):
				v.Add(f+".scope_id", "unknown_agency")
			case err != nil:
				return core.Wrap(err, "auth: look up agency %s", g.ScopeID)
			case !countryCode(c):
				return core.Errorf(core.Internal, "auth: agency %s has country %q", g.ScopeID, c)
			default:
				g.Country = c
			}
		}
	}
	return nil
}

// validateInput normalises in and checks it fully (with the directory).
func (s *Service) validateInput(ctx context.Context, in *AccountInput, withPassword bool) error {
	in.normalize()
	var v core.Validation
	in.check(&v, withPassword)
	if err := s.resolveGrants(ctx, &v, in.Grants); err != nil {
		return err
	}
	return v.Err()
}

// CreateAccount creates an account with its grants. Only admins and
// core.SystemActor (the CLI's `topcop user create`) may call it. The e-mail
// is lower-cased; the password must pass the policy (at least 12
// characters, at most 256 bytes, not the e-mail, not one repeated
// character). Errors: core.Invalid with Fields (see AccountInput.Validate;
// grant countries and agencies also "unknown_country"/"unknown_agency"),
// core.Conflict with Fields [{email duplicate}] when the e-mail is taken
// (case-insensitively), core.Forbidden, core.Unauthenticated.
func (s *Service) CreateAccount(ctx context.Context, in AccountInput) (Account, error) {
	if _, err := requireAdmin(ctx, true); err != nil {
		return Account{}, err
	}
	if err := s.validateInput(ctx, &in, true); err != nil {
		return Account{}, err
	}
	// Hash before the transaction: argon2 takes tens of milliseconds and
	// must not hold SQLite's single writer.
	hash, err := PasswordHash(in.Password)
	if err != nil {
		return Account{}, core.Wrap(err, "auth: hash password")
	}
	now := s.now()
	r := accountRow{
		Account: Account{ID: core.NewID(), Email: in.Email, Name: in.Name, PersonID: in.PersonID, Lang: in.Lang,
			Grants: in.Grants, CreatedAt: now, UpdatedAt: now},
		PasswordHash: hash,
	}
	err = s.db.Write(ctx, func(ctx context.Context) error {
		taken, err := s.st.emailTaken(ctx, r.Email, "")
		if err != nil {
			return err
		}
		if taken {
			return duplicateEmail()
		}
		if err := s.st.insertAccount(ctx, r); err != nil {
			if core.IsCode(err, core.Conflict) { // lost a race for the e-mail
				return duplicateEmail()
			}
			return err
		}
		if err := s.st.replaceGrants(ctx, r.ID, r.Grants, now); err != nil {
			return err
		}
		return s.record(ctx, "auth.account.create", "account", r.ID, map[string]any{
			"email": r.Email, "name": r.Name, "person_id": r.PersonID, "lang": r.Lang, "grants": grantLabels(r.Grants),
		})
	})
	if err != nil {
		return Account{}, err
	}
	if r.Grants == nil {
		r.Grants = []core.Grant{}
	}
	return r.Account, nil
}

// UpdateAccount changes an account's name, e-mail, language, person and
// grants (the given set replaces the old one); in.Password is ignored (use
// SetPassword). Admins only. An admin cannot remove its own admin grant, so
// that the platform never loses its last administrator by accident.
// Errors: core.Invalid with Fields, core.Conflict [{email duplicate}],
// core.NotFound, core.Forbidden, core.Unauthenticated.
func (s *Service) UpdateAccount(ctx context.Context, id string, in AccountInput) (Account, error) {
	a, err := requireAdmin(ctx, true)
	if err != nil {
		return Account{}, err
	}
	if !core.ValidID(id) {
		return Account{}, notFound("account")
	}
	if err := s.validateInput(ctx, &in, false); err != nil {
		return Account{}, err
	}
	if id == a.AccountID && !slices.ContainsFunc(in.Grants, func(g core.Grant) bool { return g.Role == core.RoleAdmin }) {
		return Account{}, core.Errorf(core.Forbidden, "you cannot remove your own admin role")
	}
	var out Account
	err = s.db.Write(ctx, func(ctx context.Context) error {
		old, err := s.st.account(ctx, id)
		if err != nil {
			return err
		}
		if in.Email != old.Email {
			taken, err := s.st.emailTaken(ctx, in.Email, id)
			if err != nil {
				return err
			}
			if taken {
				return duplicateEmail()
			}
		}
		now := s.now()
		upd := old.Account
		upd.Email, upd.Name, upd.Lang, upd.PersonID, upd.UpdatedAt = in.Email, in.Name, in.Lang, in.PersonID, now
		var changed []string
		details := map[string]any{}
		for _, c := range []struct {
			field    string
			old, new string
		}{{"email", old.Email, upd.Email}, {"name", old.Name, upd.Name}, {"lang", old.Lang, upd.Lang}, {"person_id", old.PersonID, upd.PersonID}} {
			if c.old != c.new {
				changed = append(changed, c.field)
				details[c.field] = c.new
			}
		}
		if err := s.st.updateProfile(ctx, upd); err != nil {
			if core.IsCode(err, core.Conflict) {
				return duplicateEmail()
			}
			return err
		}
		if !slices.Equal(grantLabels(old.Grants), grantLabels(in.Grants)) {
			if err := s.st.replaceGrants(ctx, id, in.Grants, now); err != nil {
				return err
			}
			changed = append(changed, "grants")
			details["grants"] = grantLabels(in.Grants)
			details["grants_before"] = grantLabels(old.Grants)
		}
		details["changed"] = changed
		if err := s.record(ctx, "auth.account.update", "account", id, details); err != nil {
			return err
		}
		r, err := s.st.account(ctx, id)
		out = r.Account
		return err
	})
	if out.Grants == nil {
		out.Grants = []core.Grant{}
	}
	return out, err
}

// SetPassword replaces an account's password. An admin (or the system
// actor) may set anyone's; an account may set its own. Either way every
// API token of the account is revoked, and every session too, except, for
// an account changing its own password in the browser, the session making
// the change (the account just proved its current password there; keeping
// it spares an immediate sign-in). Whoever held a stolen password, session
// or token is out. The new password must pass the policy. Callers of the
// self-service form should re-check the current password first. Audited as
// "auth.password.set" with the numbers revoked. Errors: core.Invalid
// [{password weak|too_long|required}], core.NotFound, core.Forbidden,
// core.Unauthenticated.
func (s *Service) SetPassword(ctx context.Context, id, password string) error {
	a, err := requireSelfOrAdmin(ctx, id, true)
	if err != nil {
		return err
	}
	return s.setPassword(ctx, a, id, password, "", &core.Validation{})
}

// ResetPassword is an operator's recovery of an account that lost its
// password: an admin (on the users page) or the system actor (`topcop user
// set-password`) sets a new one, giving a reason. Like SetPassword it
// revokes every session and API token of the account, with no exception.
// An admin cannot reset its own password this way (the account page asks
// for the current one). Audited as "auth.password.set" with the reason.
// Errors: core.Invalid [{password weak|too_long|required}, {reason
// required|too_long|invalid}], core.NotFound, core.Forbidden,
// core.Unauthenticated.
func (s *Service) ResetPassword(ctx context.Context, id, password, reason string) error {
	a, err := requireAdmin(ctx, true)
	if err != nil {
		return err
	}
	if a.AccountID != "" && a.AccountID == id {
		return core.Errorf(core.Forbidden, "change your own password on your account page")
	}
	var v core.Validation
	reason = checkReason(&v, reason)
	return s.setPassword(ctx, a, id, password, reason, &v)
}

// setPassword is SetPassword and ResetPassword once the actor may; v
// holds the caller's own validation problems, reported with the
// password's.
func (s *Service) setPassword(ctx context.Context, a core.Actor, id, password, reason string, v *core.Validation) error {
	if !core.ValidID(id) {
		return notFound("account")
	}
	acc, err := s.st.account(ctx, id)
	if err != nil {
		return err
	}
	checkPassword(v, "password", password, acc.Email)
	if err := v.Err(); err != nil {
		return err
	}
	hash, err := PasswordHash(password)
	if err != nil {
		return core.Wrap(err, "auth: hash password")
	}
	self := a.AccountID == id
	return s.db.Write(ctx, func(ctx context.Context) error {
		now := s.now()
		if err := s.st.setPasswordHash(ctx, id, hash, now); err != nil {
			return err
		}
		keep := ""
		if self {
			keep = a.SessionID
		}
		ns, err := s.st.revokeSessions(ctx, id, keep, now)
		if err != nil {
			return err
		}
		nt, err := s.st.revokeTokens(ctx, id, now)
		if err != nil {
			return err
		}
		return s.log.Record(ctx, audit.Event{Action: "auth.password.set", Entity: "account", EntityID: id, Reason: reason,
			Details: map[string]any{"self": self, "sessions_revoked": ns, "tokens_revoked": nt}})
	})
}

// MaxReasonLen is the longest reason an operator may give for a reset, in
// runes.
const MaxReasonLen = 500

// checkReason trims an operator's reason and checks it: required, at most
// MaxReasonLen runes, valid UTF-8 without control characters other than
// line breaks and tabs. Problems go to v ({reason
// required|too_long|invalid}).
func checkReason(v *core.Validation, reason string) string {
	reason = strings.TrimSpace(reason)
	switch {
	case reason == "":
		v.Add("reason", "required")
	case !utf8.ValidString(reason) || strings.ContainsFunc(reason, func(r rune) bool {
		return unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t'
	}):
		v.Add("reason", "invalid")
	case utf8.RuneCountInString(reason) > MaxReasonLen:
		v.Add("reason", "too_long", fmt.Sprint(MaxReasonLen))
	}
	return reason
}

// DisableAccount disables (disabled true) or re-enables an account. Admins
// only; an admin cannot disable its own account. Disabling revokes all the
// account's sessions and API tokens at once; re-enabling restores neither.
// Errors: core.NotFound, core.Forbidden, core.Unauthenticated.
func (s *Service) DisableAccount(ctx context.Context, id string, disabled bool) error {
	a, err := requireAdmin(ctx, true)
	if err != nil {
		return err
	}
	if disabled && id == a.AccountID {
		return core.Errorf(core.Forbidden, "you cannot disable your own account")
	}
	if !core.ValidID(id) {
		return notFound("account")
	}
	return s.db.Write(ctx, func(ctx context.Context) error {
		if _, err := s.st.account(ctx, id); err != nil {
			return err
		}
		now := s.now()
		if err := s.st.setDisabled(ctx, id, disabled, now); err != nil {
			return err
		}
		details := map[string]any{"disabled": disabled}
		if disabled {
			ns, err := s.st.revokeSessions(ctx, id, "", now)
			if err != nil {
				return err
			}
			nt, err := s.st.revokeTokens(ctx, id, now)
			if err != nil {
				return err
			}
			details["sessions_revoked"], details["tokens_revoked"] = ns, nt
		}
		return s.record(ctx, "auth.account.disable", "account", id, details)
	})
}

// ResetTOTP is an operator's recovery of an account that lost its second
// factor (a lost phone and no recovery codes left): it clears the TOTP
// secret, enabled or pending, deletes the account's recovery codes and
// revokes every session and API token of the account. An account whose
// roles require TOTP must then enrol again at its next sign-in. Admins (on
// the users page) and the system actor (`topcop user reset-2fa`) may call
// it, giving a reason; an admin cannot reset its own second factor. Audited
// as "auth.totp.reset" with the reason and what was revoked. Errors:
// core.Invalid [{reason required|too_long|invalid}], core.NotFound,
// core.Forbidden, core.Unauthenticated.
func (s *Service) ResetTOTP(ctx context.Context, id, reason string) error {
	a, err := requireAdmin(ctx, true)
	if err != nil {
		return err
	}
	if a.AccountID != "" && a.AccountID == id {
		return core.Errorf(core.Forbidden, "you cannot reset your own second factor; ask another administrator")
	}
	var v core.Validation
	reason = checkReason(&v, reason)
	if err := v.Err(); err != nil {
		return err
	}
	if !core.ValidID(id) {
		return notFound("account")
	}
	return s.db.Write(ctx, func(ctx context.Context) error {
		acc, err := s.st.account(ctx, id)
		if err != nil {
			return err
		}
		now := s.now()
		if err := s.st.resetTOTP(ctx, id, now); err != nil {
			return err
		}
		nc, err := s.st.deleteRecoveryCodes(ctx, id)
		if err != nil {
			return err
		}
		ns, err := s.st.revokeSessions(ctx, id, "", now)
		if err != nil {
			return err
		}
		nt, err := s.st.revokeTokens(ctx, id, now)
		if err != nil {
			return err
		}
		return s.log.Record(ctx, audit.Event{Action: "auth.totp.reset", Entity: "account", EntityID: id, Reason: reason,
			Details: map[string]any{"was_enabled": acc.TOTPEnabled, "recovery_codes_deleted": nc,
				"sessions_revoked": ns, "tokens_revoked": nt}})
	})
}

// AccountByEmail returns the account with that e-mail (compared
// case-insensitively). Admins and the system actor only (the CLI finds
// accounts by e-mail). Errors: core.NotFound, core.Forbidden,
// core.Unauthenticated.
func (s *Service) AccountByEmail(ctx context.Context, email string) (Account, error) {
	if _, err := requireAdmin(ctx, false); err != nil {
		return Account{}, err
	}
	email = NormalizeEmail(email)
	if email == "" || len(email) > MaxEmailLen {
		return Account{}, notFound("account")
	}
	r, err := s.st.accountByEmail(ctx, email)
	if err != nil {
		return Account{}, err
	}
	if r.Grants == nil {
		r.Grants = []core.Grant{}
	}
	return r.Account, nil
}

// Account returns one account. Admins may read any; an account may read
// itself. Errors: core.NotFound, core.Forbidden, core.Unauthenticated.
func (s *Service) Account(ctx context.Context, id string) (Account, error) {
	if _, err := requireSelfOrAdmin(ctx, id, false); err != nil {
		return Account{}, err
	}
	if !core.ValidID(id) {
		return Account{}, notFound("account")
	}
	r, err := s.st.account(ctx, id)
	if err != nil {
		return Account{}, err
	}
	if r.Grants == nil {
		r.Grants = []core.Grant{}
	}
	return r.Account, nil
}

// ListAccounts returns one page of accounts sorted by e-mail, filtered in
// SQL by f, with cursor paging (limit defaults to 50, at most 500). Admins
// only. Errors: core.Invalid (unknown role, bad cursor), core.Forbidden,
// core.Unauthenticated.
func (s *Service) ListAccounts(ctx context.Context, f AccountFilter, p core.PageRequest) (core.List[Account], error) {
	if _, err := requireAdmin(ctx, false); err != nil {
		return core.List[Account]{}, err
	}
	if f.Role != "" && !core.Role(f.Role).Valid() {
		var v core.Validation
		v.Add("role", "invalid")
		return core.List[Account]{}, v.Err()
	}
	if p.Limit <= 0 {
		p.Limit = core.DefaultLimit
	}
	p.Limit = min(p.Limit, core.MaxLimit)
	l, err := s.st.listAccounts(ctx, f, p)
	for i := range l.Items {
		if l.Items[i].Grants == nil {
			l.Items[i].Grants = []core.Grant{}
		}
	}
	return l, err
}
