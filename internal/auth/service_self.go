package auth

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"time"

	"github.com/topcop-platform/topcop/internal/core"
)

// Sessions lists an account's active sessions (not revoked, not expired),
// newest first; Current marks the one of the actor asking. The account
// itself or an admin may call it. Errors: core.Forbidden,
// core.Unauthenticated.
func (s *Service) Sessions(ctx context.Context, accountID string) ([]Session, error) {
	a, err := requireSelfOrAdmin(ctx, accountID, false)
	if err != nil {
		return nil, err
	}
	if !core.ValidID(accountID) {
		return []Session{}, nil
	}
	now := s.now()
	ss, err := s.st.activeSessions(ctx, accountID, now, now.Add(-s.o.SessionTTL))
	if err != nil {
		return nil, err
	}
	for i := range ss {
		ss[i].ExpiresAt = s.expiry(ss[i])
		ss[i].Current = a.SessionID != "" && ss[i].ID == a.SessionID
	}
	return ss, nil
}

// RevokeSession ends one session. The session's account or an admin may
// call it; another account's session is core.NotFound, exactly like an
// unknown id, so that ids cannot be probed. Revoking an already revoked
// session changes nothing. Audited as "auth.session.revoke". Errors:
// core.NotFound, core.Forbidden (read-only token), core.Unauthenticated.
func (s *Service) RevokeSession(ctx context.Context, id string) error {
	a, err := writer(ctx)
	if err != nil {
		return err
	}
	if !core.ValidID(id) {
		return notFound("session")
	}
	ss, err := s.st.sessionByID(ctx, id)
	if err != nil {
		return err
	}
	if ss.AccountID != a.AccountID && !a.IsAdmin() {
		return notFound("session")
	}
	return s.db.Write(ctx, func(ctx context.Context) error {
		done, err := s.st.revokeSession(ctx, id, s.now())
		if err != nil || !done {
			return err
		}
		return s.record(ctx, "auth.session.revoke", "session", id, map[string]any{"account_id": ss.AccountID})
	})
}

// CreateToken issues an API token for the actor's own account and returns
// it once. in.Name must be 1–100 characters without markup; in.ExpiresAt
// must lie in the future and at most a year ahead. A token that lives
// longer than MaxUnconfirmedTokenAge also needs the account's password and,
// when a second factor is enabled, a current authenticator code: a stolen
// session or token alone cannot mint a long-lived one. That check is
// throttled and recorded like a sign-in (a wrong password or code counts
// as a failure of the account from the actor's address). Any signed-in
// account may call it except through a read-only token. Audited as
// "auth.token.create". Errors: core.Invalid [{name …}, {expires
// required|invalid}, {password required|invalid}, {totp required|invalid}],
// core.RateLimited (with RetryAfter), core.Forbidden, core.Unauthenticated.
func (s *Service) CreateToken(ctx context.Context, in TokenInput) (string, APIToken, error) {
	a, err := writer(ctx)
	if err != nil {
		return "", APIToken{}, err
	}
	if a.AccountID == "" {
		return "", APIToken{}, core.Errorf(core.Forbidden, "only accounts own API tokens")
	}
	now := s.now()
	name := strings.TrimSpace(in.Name)
	var v core.Validation
	checkTokenName(&v, name)
	expires := in.ExpiresAt.UTC().Truncate(time.Microsecond)
	switch {
	case expires.IsZero():
		v.Add("expires", "required")
	case !expires.After(now), expires.After(now.Add(MaxTokenAge)):
		v.Add("expires", "invalid")
	}
	confirm := expires.After(now.Add(MaxUnconfirmedTokenAge))
	var acc accountRow
	if confirm {
		if acc, err = s.st.account(ctx, a.AccountID); err != nil {
			return "", APIToken{}, err
		}
		if in.Password == "" {
			v.Add("password", "required")
		}
		if acc.TOTPEnabled && normalizeCode(in.TOTP) == "" {
			v.Add("totp", "required")
		}
	}
	if err := v.Err(); err != nil {
		return "", APIToken{}, err
	}
	var at attempt
	var step int64
	if confirm {
		if at, step, err = s.confirmAccount(ctx, a, acc, in.Password, in.TOTP, now); err != nil {
			return "", APIToken{}, err
		}
	}
	token, hash, err := newSecret(TokenPrefix)
	if err != nil {
		return "", APIToken{}, core.Wrap(err, "auth: api token")
	}
	t := APIToken{ID: core.NewID(), AccountID: a.AccountID, Name: name, ReadOnly: in.ReadOnly, CreatedAt: now, ExpiresAt: expires}
	reused := fieldError("totp", "invalid", "wrong or already used authenticator code")
	err = s.db.Write(ctx, func(ctx context.Context) error {
		if confirm {
			if acc.TOTPEnabled {
				won, err := s.st.useTOTPStep(ctx, acc.ID, step)
				if err != nil {
					return err
				}
				if !won {
					return reused
				}
			}
			if err := s.release(ctx, at); err != nil {
				return err
			}
		}
		if err := s.st.insertToken(ctx, t, hash); err != nil {
			return err
		}
		details := tokenDetails(t)
		details["confirmed"] = confirm
		return s.record(ctx, "auth.token.create", "api_token", t.ID, details)
	})
	switch {
	case err == nil:
		return token, t, nil
	case !confirm:
		return "", APIToken{}, err
	case errors.Is(err, reused):
		return "", APIToken{}, s.fail(ctx, at, "totp_reused", true, reused)
	default:
		return "", APIToken{}, s.fail(ctx, at, "error", false, err)
	}
}

// confirmAccount checks the password (and, when enabled, the authenticator
// code) of the signed-in actor's account before a sensitive step. It is
// throttled like a sign-in from the actor's address; a wrong password or
// code counts as a failure and is audited as "auth.login.failed". On
// success it returns the attempt, whose reserved rows the caller must
// release in its write transaction, and the TOTP step to mark as used.
// Errors: core.Invalid [{password invalid}, {totp invalid}],
// core.RateLimited.
func (s *Service) confirmAccount(ctx context.Context, a core.Actor, acc accountRow, password, code string, now time.Time) (attempt, int64, error) {
	at := attempt{email: acc.Email, ip: clip(strings.TrimSpace(a.IP), maxIPLen), ua: clip(a.UserAgent, maxUserAgentLen), accountID: acc.ID}
	if err := s.reserve(ctx, &at); err != nil {
		return at, 0, err
	}
	ok, err := CheckPassword(acc.PasswordHash, password[:min(len(password), MaxPasswordLen)])
	if err != nil {
		slog.Error("auth: stored password hash does not parse", "account_id", acc.ID, "err", err)
		ok = false
	}
	if !ok || len(password) > MaxPasswordLen {
		return at, 0, s.fail(ctx, at, "reauth_wrong_password", true, fieldError("password", "invalid", "wrong password"))
	}
	if !acc.TOTPEnabled {
		return at, 0, nil
	}
	step, ok := matchTOTP(acc.TOTPSecret, code, now, acc.TOTPLastStep)
	if !ok {
		return at, 0, s.fail(ctx, at, "reauth_totp_invalid", true, fieldError("totp", "invalid", "wrong or already used authenticator code"))
	}
	return at, step, nil
}

// fieldError is a core.Invalid error about one field.
func fieldError(field, code, msg string) error {
	return &core.Error{Code: core.Invalid, Message: msg, Fields: []core.FieldError{{Field: field, Code: code}}}
}

// Tokens lists an account's active API tokens (not revoked, not expired),
// newest first. The account itself or an admin may call it. Errors:
// core.Forbidden, core.Unauthenticated.
func (s *Service) Tokens(ctx context.Context, accountID string) ([]APIToken, error) {
	if _, err := requireSelfOrAdmin(ctx, accountID, false); err != nil {
		return nil, err
	}
	if !core.ValidID(accountID) {
		return []APIToken{}, nil
	}
	return s.st.activeTokens(ctx, accountID, s.now())
}

// RevokeToken revokes one API token. The token's account or an admin may
// call it; another account's token is core.NotFound, exactly like an
// unknown id, so that ids cannot be probed. Revoking an already revoked
// token changes nothing. Audited as "auth.token.revoke". Errors:
// core.NotFound, core.Forbidden (read-only token), core.Unauthenticated.
func (s *Service) RevokeToken(ctx context.Context, id string) error {
	a, err := writer(ctx)
	if err != nil {
		return err
	}
	if !core.ValidID(id) {
		return notFound("token")
	}
	t, err := s.st.tokenByID(ctx, id)
	if err != nil {
		return err
	}
	if t.AccountID != a.AccountID && !a.IsAdmin() {
		return notFound("token")
	}
	return s.db.Write(ctx, func(ctx context.Context) error {
		done, err := s.st.revokeToken(ctx, id, s.now())
		if err != nil || !done {
			return err
		}
		return s.record(ctx, "auth.token.revoke", "api_token", id, map[string]any{"account_id": t.AccountID, "name": t.APIToken.Name})
	})
}

// enroller returns the actor of ctx for the TOTP enrolment steps, which
// an MFA-pending account may take (that is how it becomes complete).
func enroller(ctx context.Context) (core.Actor, error) {
	a := core.ActorFrom(ctx)
	switch {
	case a.AccountID == "" && a.System:
		return a, core.Errorf(core.Forbidden, "only accounts enrol a second factor")
	case a.AccountID == "":
		return a, core.Errorf(core.Unauthenticated, "sign in first")
	case a.ReadOnly:
		return a, core.Errorf(core.Forbidden, "a read-only token cannot change anything")
	}
	return a, nil
}

// BeginTOTP starts TOTP enrolment for the actor's own account: it stores a
// new secret as pending (TOTP stays disabled until ConfirmTOTP) and returns
// it with its otpauth:// URI and QR code. Starting again replaces the
// pending secret. A signed-in account may call it even while MFA-pending.
// Audited as "auth.totp.begin" (without the secret). Errors:
// core.Conflict (TOTP already enabled: an admin must reset it first),
// core.Forbidden (read-only token), core.Unauthenticated.
func (s *Service) BeginTOTP(ctx context.Context) (TOTPEnrolment, error) {
	a, err := enroller(ctx)
	if err != nil {
		return TOTPEnrolment{}, err
	}
	acc, err := s.st.account(ctx, a.AccountID)
	switch {
	case core.IsCode(err, core.NotFound):
		return TOTPEnrolment{}, core.Errorf(core.Unauthenticated, "sign in first")
	case err != nil:
		return TOTPEnrolment{}, err
	case acc.Disabled:
		return TOTPEnrolment{}, core.Errorf(core.Unauthenticated, "account disabled")
	case acc.TOTPEnabled:
		return TOTPEnrolment{}, core.Errorf(core.Conflict, "a second factor is already enabled")
	}
	e, err := newTOTP(s.o.Issuer, acc.Email)
	if err != nil {
		return TOTPEnrolment{}, core.Wrap(err, "auth: generate TOTP secret")
	}
	err = s.db.Write(ctx, func(ctx context.Context) error {
		ok, err := s.st.setPendingTOTP(ctx, acc.ID, e.Secret, s.now())
		if err != nil {
			return err
		}
		if !ok {
			return core.Errorf(core.Conflict, "a second factor is already enabled")
		}
		return s.record(ctx, "auth.totp.begin", "account", acc.ID, nil)
	})
	if err != nil {
		return TOTPEnrolment{}, err
	}
	return e, nil
}

// ResumeTOTP returns the enrolment in progress for the actor's own
// account: the pending secret, if BeginTOTP stored one, with its URI and QR
// code, so that the enrolment page shows the same secret however often it
// is opened; otherwise it begins one (BeginTOTP). Only BeginTOTP itself,
// which the user asks for explicitly, makes a new secret. A signed-in
// account may call it even while MFA-pending. Errors: as BeginTOTP.
func (s *Service) ResumeTOTP(ctx context.Context) (TOTPEnrolment, error) {
	a, err := enroller(ctx)
	if err != nil {
		return TOTPEnrolment{}, err
	}
	acc, err := s.st.account(ctx, a.AccountID)
	switch {
	case core.IsCode(err, core.NotFound):
		return TOTPEnrolment{}, core.Errorf(core.Unauthenticated, "sign in first")
	case err != nil:
		return TOTPEnrolment{}, err
	case acc.Disabled:
		return TOTPEnrolment{}, core.Errorf(core.Unauthenticated, "account disabled")
	case acc.TOTPEnabled:
		return TOTPEnrolment{}, core.Errorf(core.Conflict, "a second factor is already enabled")
	case acc.TOTPSecret == "":
		return s.BeginTOTP(ctx)
	}
	e, err := totpEnrolment(s.o.Issuer, acc.Email, acc.TOTPSecret)
	if err != nil {
		return TOTPEnrolment{}, core.Wrap(err, "auth: show pending TOTP secret")
	}
	return e, nil
}

// ConfirmTOTP completes enrolment: it checks code against the pending
// secret, enables TOTP (the code's step counts as used), deletes recovery
// codes left from an earlier second factor and marks the actor's current
// session, if any, as having passed its second factor. A
// signed-in account may call it even while MFA-pending. Audited as
// "auth.totp.enabled". Errors: core.Invalid [{code invalid}],
// core.Conflict (already enabled, or no enrolment begun), core.Forbidden,
// core.Unauthenticated.
func (s *Service) ConfirmTOTP(ctx context.Context, code string) error {
	a, err := enroller(ctx)
	if err != nil {
		return err
	}
	acc, err := s.st.account(ctx, a.AccountID)
	switch {
	case core.IsCode(err, core.NotFound):
		return core.Errorf(core.Unauthenticated, "sign in first")
	case err != nil:
		return err
	case acc.Disabled:
		return core.Errorf(core.Unauthenticated, "account disabled")
	case acc.TOTPEnabled:
		return core.Errorf(core.Conflict, "a second factor is already enabled")
	case acc.TOTPSecret == "":
		return core.Errorf(core.Conflict, "no enrolment in progress; begin again")
	}
	now := s.now()
	step, ok := matchTOTP(acc.TOTPSecret, code, now, 0)
	if !ok {
		var v core.Validation
		v.Add("code", "invalid")
		return v.Err()
	}
	return s.db.Write(ctx, func(ctx context.Context) error {
		ok, err := s.st.enableTOTP(ctx, acc.ID, acc.TOTPSecret, step, now)
		if err != nil {
			return err
		}
		if !ok {
			return core.Errorf(core.Conflict, "the enrolment changed meanwhile; begin again")
		}
		// Codes of an earlier second factor do not carry over: the
		// account creates a new set (NewRecoveryCodes).
		if _, err := s.st.deleteRecoveryCodes(ctx, acc.ID); err != nil {
			return err
		}
		if a.SessionID != "" {
			if err := s.st.setSessionMFA(ctx, a.SessionID, acc.ID, now); err != nil {
				return err
			}
		}
		return s.record(ctx, "auth.totp.enabled", "account", acc.ID, map[string]any{"session_id": a.SessionID})
	})
}
