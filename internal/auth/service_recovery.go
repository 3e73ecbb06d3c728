package auth

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"time"

	"github.com/topcop-platform/topcop/internal/core"
)

// RecoveryStatus is what an account knows of its recovery codes; the
// codes themselves are shown only when made (NewRecoveryCodes).
type RecoveryStatus struct {
	// TOTPEnabled: recovery codes only exist beside a second factor.
	TOTPEnabled bool `json:"totp_enabled"`
	// Remaining is the number of unused codes; Issued the size of the
	// current set (0: none made yet).
	Remaining int `json:"remaining"`
	Issued    int `json:"issued"`
	// CreatedAt is when the current set was made (zero without one).
	CreatedAt time.Time `json:"created_at,omitzero"`
	// NeedsConfirm: making a set needs the password or a current
	// authenticator code. Only the first set within RecoveryGrace after
	// turning TOTP on does not.
	NeedsConfirm bool `json:"needs_confirm"`
}

// RecoveryInput confirms the account before a new set of recovery codes
// replaces the old one: the password or a current authenticator code
// (when both are given, the code is checked).
type RecoveryInput struct {
	Password string `json:"password,omitempty"`
	TOTP     string `json:"totp,omitempty"`
}

// recoveryStatus is RecoveryStatus of acc at now.
func (s *Service) recoveryStatus(ctx context.Context, acc accountRow, now time.Time) (RecoveryStatus, error) {
	st := RecoveryStatus{TOTPEnabled: acc.TOTPEnabled, NeedsConfirm: true}
	total, unused, created, err := s.st.recoveryStats(ctx, acc.ID)
	if err != nil {
		return st, err
	}
	st.Issued, st.Remaining, st.CreatedAt = total, unused, created
	st.NeedsConfirm = !(acc.TOTPEnabled && total == 0 && !acc.TOTPEnabledAt.IsZero() &&
		now.Sub(acc.TOTPEnabledAt) < RecoveryGrace)
	return st, nil
}

// RecoveryCodes reports on the recovery codes of the actor's own account.
// Any fully signed-in account may call it. Errors: core.Unauthenticated.
func (s *Service) RecoveryCodes(ctx context.Context) (RecoveryStatus, error) {
	a, err := signedIn(ctx)
	if err != nil {
		return RecoveryStatus{}, err
	}
	if a.AccountID == "" {
		return RecoveryStatus{}, core.Errorf(core.Forbidden, "only accounts have recovery codes")
	}
	acc, err := s.st.account(ctx, a.AccountID)
	if err != nil {
		return RecoveryStatus{}, err
	}
	return s.recoveryStatus(ctx, acc, s.now())
}

// NewRecoveryCodes makes a new set of RecoveryCodeCount recovery codes for
// the actor's own account, which must have TOTP enabled, and returns them
// in clear, this once; only their argon2id hashes are stored, and the set
// replaces the old one, whose codes stop working. Unless the account is
// making its first set within RecoveryGrace of turning TOTP on, in.TOTP (a
// current authenticator code, which then counts as used) or else
// in.Password must confirm the account; that check is throttled and
// recorded like a sign-in. Any signed-in account may call it except
// through a read-only token. Audited as "auth.recovery_codes.create" (the
// number made and replaced, never a code). Errors: core.Invalid
// [{password required|invalid}, {totp invalid}], core.Conflict (no second
// factor enabled), core.RateLimited (with RetryAfter), core.Forbidden,
// core.Unauthenticated.
func (s *Service) NewRecoveryCodes(ctx context.Context, in RecoveryInput) ([]string, error) {
	a, err := writer(ctx)
	if err != nil {
		return nil, err
	}
	if a.AccountID == "" {
		return nil, core.Errorf(core.Forbidden, "only accounts have recovery codes")
	}
	acc, err := s.st.account(ctx, a.AccountID)
	if err != nil {
		return nil, err
	}
	if !acc.TOTPEnabled {
		return nil, core.Errorf(core.Conflict, "turn on two-factor authentication first")
	}
	now := s.now()
	st, err := s.recoveryStatus(ctx, acc, now)
	if err != nil {
		return nil, err
	}
	codes, err := newRecoveryCodes(RecoveryCodeCount)
	if err != nil {
		return nil, core.Wrap(err, "auth: recovery codes")
	}
	var at attempt
	var step int64
	method := "grace"
	if st.NeedsConfirm {
		if method, at, step, err = s.reconfirm(ctx, a, acc, in, now); err != nil {
			return nil, err
		}
	}
	// Hash outside the transaction: argon2 must not hold SQLite's writer.
	hashes, err := hashRecoveryCodes(codes)
	if err != nil {
		if st.NeedsConfirm {
			return nil, s.fail(ctx, at, "error", false, core.Wrap(err, "auth: hash recovery codes"))
		}
		return nil, core.Wrap(err, "auth: hash recovery codes")
	}
	reused := fieldError("totp", "invalid", "wrong or already used authenticator code")
	err = s.db.Write(ctx, func(ctx context.Context) error {
		if method == "totp" {
			won, err := s.st.useTOTPStep(ctx, acc.ID, step)
			if err != nil {
				return err
			}
			if !won {
				return reused
			}
		}
		if st.NeedsConfirm {
			if err := s.release(ctx, at); err != nil {
				return err
			}
		} else if cur, err := s.st.account(ctx, acc.ID); err != nil {
			return err
		} else if again, err := s.recoveryStatus(ctx, cur, now); err != nil {
			return err
		} else if again.NeedsConfirm {
			// Another request made the first set meanwhile.
			return core.Errorf(core.Conflict, "recovery codes were made meanwhile; confirm to replace them")
		}
		replaced, err := s.st.replaceRecoveryCodes(ctx, acc.ID, hashes, now)
		if err != nil {
			return err
		}
		return s.record(ctx, "auth.recovery_codes.create", "account", acc.ID, map[string]any{
			"count": len(hashes), "replaced_unused": replaced, "confirmed_by": method,
		})
	})
	switch {
	case err == nil:
		return codes, nil
	case !st.NeedsConfirm:
		return nil, err
	case errors.Is(err, reused):
		return nil, s.fail(ctx, at, "totp_reused", true, reused)
	default:
		return nil, s.fail(ctx, at, "error", false, err)
	}
}

// reconfirm checks in against the signed-in actor's account before a
// sensitive step that needs the password or a second factor: the
// authenticator code when given, else the password. It is throttled like a
// sign-in from the actor's address; a wrong answer counts as a failure and
// is audited as "auth.login.failed". It returns what confirmed ("totp" or
// "password"), the attempt whose reserved rows the caller must release in
// its write transaction, and the TOTP step to mark as used. Errors:
// core.Invalid [{password required|invalid}, {totp invalid}],
// core.RateLimited.
func (s *Service) reconfirm(ctx context.Context, a core.Actor, acc accountRow, in RecoveryInput, now time.Time) (string, attempt, int64, error) {
	useCode := acc.TOTPEnabled && normalizeCode(in.TOTP) != ""
	if !useCode && in.Password == "" {
		return "", attempt{}, 0, fieldError("password", "required", "the password or a current authenticator code is required")
	}
	at := attempt{email: acc.Email, ip: clip(strings.TrimSpace(a.IP), maxIPLen), ua: clip(a.UserAgent, maxUserAgentLen), accountID: acc.ID}
	if err := s.reserve(ctx, &at); err != nil {
		return "", at, 0, err
	}
	if useCode {
		step, ok := matchTOTP(acc.TOTPSecret, in.TOTP, now, acc.TOTPLastStep)
		if !ok {
			return "", at, 0, s.fail(ctx, at, "reauth_totp_invalid", true, fieldError("totp", "invalid", "wrong or already used authenticator code"))
		}
		return "totp", at, step, nil
	}
	ok, err := CheckPassword(acc.PasswordHash, in.Password[:min(len(in.Password), MaxPasswordLen)])
	if err != nil {
		slog.Error("auth: stored password hash does not parse", "account_id", acc.ID, "err", err)
		ok = false
	}
	if !ok || len(in.Password) > MaxPasswordLen {
		return "", at, 0, s.fail(ctx, at, "reauth_wrong_password", true, fieldError("password", "invalid", "wrong password"))
	}
	return "password", at, 0, nil
}

// verifyLoginRecovery is VerifyLoginTOTP for a recovery code: after the
// throttle (at is reserved), it looks for an unused code of the session's
// account that matches, spends it and completes the session, in one
// transaction; a code spent by a concurrent request counts as wrong.
// Audited as "auth.recovery_code.use" (with the codes left) and
// "auth.login" (method "recovery_code").
func (s *Service) verifyLoginRecovery(ctx context.Context, ss sessionRow, acc accountRow, at attempt, code string, now time.Time, wrong error) error {
	rows, err := s.st.unusedRecoveryCodes(ctx, acc.ID)
	if err != nil {
		return s.fail(ctx, at, "error", false, err)
	}
	id := matchRecoveryCode(rows, code)
	if id == "" {
		return s.fail(ctx, at, "recovery_code_invalid", true, wrong)
	}
	actor := accountActor(acc, at.ip, at.ua)
	actor.SessionID = ss.ID
	err = s.db.Write(core.WithActor(ctx, actor), func(ctx context.Context) error {
		won, err := s.st.useRecoveryCode(ctx, id, acc.ID, now)
		if err != nil {
			return err
		}
		if !won {
			return wrong // a concurrent request used this code first
		}
		if err := s.release(ctx, at); err != nil {
			return err
		}
		if err := s.st.setSessionMFA(ctx, ss.ID, acc.ID, now); err != nil {
			return err
		}
		_, left, _, err := s.st.recoveryStats(ctx, acc.ID)
		if err != nil {
			return err
		}
		if err := s.record(ctx, "auth.recovery_code.use", "account", acc.ID, map[string]any{"session_id": ss.ID, "remaining": left}); err != nil {
			return err
		}
		return s.record(ctx, "auth.login", "account", acc.ID, map[string]any{"method": "recovery_code", "session_id": ss.ID})
	})
	if errors.Is(err, wrong) {
		return s.fail(ctx, at, "recovery_code_reused", true, wrong)
	}
	if err != nil {
		return s.fail(ctx, at, "error", false, err)
	}
	return nil
}
