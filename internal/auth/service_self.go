package auth

import (
	"context"
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
// call it. Revoking an already revoked session changes nothing. Audited as
// "auth.session.revoke". Errors: core.NotFound, core.Forbidden,
// core.Unauthenticated.
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
		return core.Errorf(core.Forbidden, "only the account itself or an admin may revoke its sessions")
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
// it once. name must be 1–100 characters without markup; expires must lie
// in the future and at most a year ahead. Any signed-in account may call it
// except through a read-only token. Audited as "auth.token.create". Errors:
// core.Invalid [{name …}, {expires required|invalid}], core.Forbidden,
// core.Unauthenticated.
func (s *Service) CreateToken(ctx context.Context, name string, expires time.Time, readOnly bool) (string, APIToken, error) {
	a, err := writer(ctx)
	if err != nil {
		return "", APIToken{}, err
	}
	if a.AccountID == "" {
		return "", APIToken{}, core.Errorf(core.Forbidden, "only accounts own API tokens")
	}
	now := s.now()
	name = strings.TrimSpace(name)
	var v core.Validation
	checkTokenName(&v, name)
	expires = expires.UTC().Truncate(time.Microsecond)
	switch {
	case expires.IsZero():
		v.Add("expires", "required")
	case !expires.After(now), expires.After(now.Add(MaxTokenAge)):
		v.Add("expires", "invalid")
	}
	if err := v.Err(); err != nil {
		return "", APIToken{}, err
	}
	token, hash, err := newSecret(TokenPrefix)
	if err != nil {
		return "", APIToken{}, core.Wrap(err, "auth: api token")
	}
	t := APIToken{ID: core.NewID(), AccountID: a.AccountID, Name: name, ReadOnly: readOnly, CreatedAt: now, ExpiresAt: expires}
	err = s.db.Write(ctx, func(ctx context.Context) error {
		if err := s.st.insertToken(ctx, t, hash); err != nil {
			return err
		}
		return s.record(ctx, "auth.token.create", "api_token", t.ID, tokenDetails(t))
	})
	if err != nil {
		return "", APIToken{}, err
	}
	return token, t, nil
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
// call it. Revoking an already revoked token changes nothing. Audited as
// "auth.token.revoke". Errors: core.NotFound, core.Forbidden,
// core.Unauthenticated.
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
		return core.Errorf(core.Forbidden, "only the account itself or an admin may revoke its tokens")
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

// ConfirmTOTP completes enrolment: it checks code against the pending
// secret, enables TOTP (the code's step counts as used) and marks the
// actor's current session, if any, as having passed its second factor. A
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
		if a.SessionID != "" {
			if err := s.st.setSessionMFA(ctx, a.SessionID, acc.ID, now); err != nil {
				return err
			}
		}
		return s.record(ctx, "auth.totp.enabled", "account", acc.ID, map[string]any{"session_id": a.SessionID})
	})
}
