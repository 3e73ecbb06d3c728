package auth_test

import (
	"context"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/topcop-platform/topcop/internal/auth"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
	"github.com/topcop-platform/topcop/internal/db/dbtest"
)

var recoveryShape = regexp.MustCompile(`^[2-9a-hjkmnp-z]{4}-[2-9a-hjkmnp-z]{4}$`)

// firstCodes enrols email and makes its first set of recovery codes (no
// confirmation needed right after enrolment); it returns the TOTP secret,
// the codes and the context of the complete session.
func (e *env) firstCodes(t *testing.T, email string) (string, []string, context.Context) {
	t.Helper()
	secret, ctx := e.enrol(t, email)
	st, err := e.svc.RecoveryCodes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !st.TOTPEnabled || st.Issued != 0 || st.Remaining != 0 || st.NeedsConfirm {
		t.Fatalf("right after enrolment: %+v", st)
	}
	codes, err := e.svc.NewRecoveryCodes(ctx, auth.RecoveryInput{})
	if err != nil {
		t.Fatalf("first recovery codes: %v", err)
	}
	return secret, codes, ctx
}

// TestRecoveryCodeLogin: after enrolment an account gets 10 distinct
// codes of the documented shape; each signs in once instead of a TOTP code
// (typed in any case, with or without the dash) and never again, on any
// session; using one is audited; the account sees how many are left.
func TestRecoveryCodeLogin(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		acc := e.create(t, "ncp@example.org", country(core.RoleNCP, "GE"))
		_, codes, ctx := e.firstCodes(t, acc.Email)
		if len(codes) != auth.RecoveryCodeCount || auth.RecoveryCodeCount != 10 {
			t.Fatalf("%d codes, want 10", len(codes))
		}
		seen := map[string]bool{}
		for _, c := range codes {
			if !recoveryShape.MatchString(c) || seen[c] {
				t.Fatalf("code %q: wrong shape or repeated in %v", c, codes)
			}
			seen[c] = true
		}

		signIn := func(code string) error {
			t.Helper()
			l, a := e.login(t, acc.Email)
			if !l.NeedTOTP || !a.MFAPending {
				t.Fatalf("login %+v", l)
			}
			err := e.svc.VerifyLoginTOTP(anonCtx(), l.Token, code)
			if err == nil {
				if a, err := e.svc.Authenticate(anonCtx(), l.Token); err != nil || a.MFAPending {
					t.Fatalf("after a recovery code: %+v %v", a, err)
				}
			}
			return err
		}
		if err := signIn(codes[0]); err != nil {
			t.Fatalf("recovery code: %v", err)
		}
		// Once only, on any session.
		err := signIn(codes[0])
		wantCode(t, err, core.Unauthenticated)
		if !hasField(err, "code", "invalid") {
			t.Fatalf("reused code: fields %+v", core.AsError(err).Fields)
		}
		// Case, spaces and the dash do not matter.
		if err := signIn(" " + strings.ToUpper(strings.ReplaceAll(codes[1], "-", " ")) + " "); err != nil {
			t.Fatalf("recovery code typed loosely: %v", err)
		}
		wantCode(t, signIn("2345-6789"), core.Unauthenticated)

		st, err := e.svc.RecoveryCodes(ctx)
		if err != nil || st.Remaining != 8 || st.Issued != 10 || !st.NeedsConfirm {
			t.Fatalf("status after two uses: %+v %v", st, err)
		}
		if n := countActions(t, d, "auth.recovery_code.use"); n != 2 {
			t.Fatalf("%d auth.recovery_code.use entries, want 2", n)
		}
		var logins []string
		for _, en := range auditLog(t, d) {
			if en.Action == "auth.login" && strings.Contains(en.Details, "recovery_code") {
				logins = append(logins, en.Details)
			}
			if en.Action == "auth.recovery_code.use" && !strings.Contains(en.Details, `"remaining":`) {
				t.Errorf("use without the number left: %s", en.Details)
			}
		}
		if len(logins) != 2 {
			t.Fatalf("auth.login entries with method recovery_code: %v", logins)
		}
		verifyChain(t, e.log)
	})
}

// TestRecoveryCodesNotStoredInClear: the database and the audit log hold
// argon2id hashes of the codes, never the codes (in any form).
func TestRecoveryCodesNotStoredInClear(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		acc := e.create(t, "coordinator@example.org", global(core.RoleCoordinator))
		_, codes, _ := e.firstCodes(t, acc.Email)
		rows, err := d.Query(context.Background(), `SELECT code_hash, used_at IS NULL FROM recovery_codes WHERE account_id = ?`, acc.ID)
		if err != nil {
			t.Fatal(err)
		}
		var hashes []string
		for rows.Next() {
			var h string
			var unused bool
			if err := rows.Scan(&h, &unused); err != nil {
				t.Fatal(err)
			}
			if !unused {
				t.Error("a fresh code is marked used")
			}
			hashes = append(hashes, h)
		}
		rows.Close()
		if len(hashes) != len(codes) {
			t.Fatalf("%d stored codes, want %d", len(hashes), len(codes))
		}
		for _, h := range hashes {
			if !strings.HasPrefix(h, "$argon2id$") {
				t.Errorf("stored code %q is not an argon2id hash", h)
			}
		}
		var all []string
		for _, en := range auditLog(t, d) {
			all = append(all, en.Details)
		}
		for _, c := range codes {
			for _, form := range []string{c, strings.ReplaceAll(c, "-", "")} {
				for _, h := range hashes {
					if strings.Contains(h, form) {
						t.Fatalf("code %s stored in clear: %s", c, h)
					}
				}
				if n := count(t, d, `SELECT count(*) FROM recovery_codes WHERE code_hash = ? OR code_hash = ?`, form, strings.ToUpper(form)); n != 0 {
					t.Fatalf("code %s stored in clear", c)
				}
				if strings.Contains(strings.Join(all, "\n"), form) {
					t.Fatalf("code %s in the audit log", c)
				}
			}
		}
	})
}

// TestRecoveryCodeSingleUseConcurrently: two sessions racing with the same
// code: exactly one gets in.
func TestRecoveryCodeSingleUseConcurrently(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		acc := e.create(t, "admin@example.org", global(core.RoleAdmin))
		_, codes, _ := e.firstCodes(t, acc.Email)
		const n = 4
		tokens := make([]string, n)
		for i := range tokens {
			l, _ := e.login(t, acc.Email)
			tokens[i] = l.Token
		}
		var wg sync.WaitGroup
		errs := make([]error, n)
		for i := range tokens {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[i] = e.svc.VerifyLoginTOTP(anonCtx(), tokens[i], codes[3])
			}()
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			switch {
			case err == nil:
				ok++
			case !core.IsCode(err, core.Unauthenticated):
				t.Errorf("racing use: %v", err)
			}
		}
		if ok != 1 {
			t.Fatalf("%d of %d racing sessions got in with one recovery code (%v), want exactly 1", ok, n, errs)
		}
		if got := count(t, d, `SELECT count(*) FROM recovery_codes WHERE account_id = ? AND used_at IS NOT NULL`, acc.ID); got != 1 {
			t.Fatalf("%d codes used, want 1", got)
		}
	})
}

// TestRecoveryCodeThrottled: wrong recovery codes count against the same
// throttle as wrong TOTP codes and passwords, and a right code is refused
// while it holds.
func TestRecoveryCodeThrottled(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		acc := e.create(t, "ncp@example.org", country(core.RoleNCP, "GE"))
		_, codes, _ := e.firstCodes(t, acc.Email)
		l, _ := e.login(t, acc.Email)
		for range auth.FreePairFailures {
			wantCode(t, e.svc.VerifyLoginTOTP(anonCtx(), l.Token, "zzzz-zzzz"), core.Unauthenticated)
		}
		err := e.svc.VerifyLoginTOTP(anonCtx(), l.Token, codes[0])
		wantCode(t, err, core.RateLimited)
		if auth.RetryAfter(err) <= 0 {
			t.Error("no Retry-After on a throttled recovery code")
		}
		// Refused, so not spent: it works once the delay has passed.
		e.clock.Add(auth.ThrottleWindow)
		if err := e.svc.VerifyLoginTOTP(anonCtx(), l.Token, codes[0]); err != nil {
			t.Fatalf("after the window: %v", err)
		}
		if n := count(t, d, `SELECT count(*) FROM audit_log WHERE action = 'auth.login.failed' AND details LIKE '%recovery_code_invalid%'`); n != auth.FreePairFailures {
			t.Fatalf("%d failures audited as recovery_code_invalid, want %d", n, auth.FreePairFailures)
		}
	})
}

// TestRegenerateRecoveryCodes: after the first set (or after the grace
// period), a new set needs a current authenticator code or the password;
// wrong ones count as failures; a new set replaces the old one entirely.
func TestRegenerateRecoveryCodes(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		acc := e.create(t, "analyst@example.org", country(core.RoleAnalyst, "GE"))
		secret, old, ctx := e.firstCodes(t, acc.Email)

		_, err := e.svc.NewRecoveryCodes(ctx, auth.RecoveryInput{})
		wantCode(t, err, core.Invalid)
		if !hasField(err, "password", "required") {
			t.Fatalf("fields %+v", core.AsError(err).Fields)
		}
		_, err = e.svc.NewRecoveryCodes(ctx, auth.RecoveryInput{Password: "not the password at all"})
		if !hasField(err, "password", "invalid") {
			t.Fatalf("wrong password: %v", err)
		}
		e.clock.Add(time.Minute)
		_, err = e.svc.NewRecoveryCodes(ctx, auth.RecoveryInput{TOTP: "000000", Password: pw})
		if !hasField(err, "totp", "invalid") {
			t.Fatalf("wrong code with the right password: %v (the code, when given, is what counts)", err)
		}
		fresh, err := e.svc.NewRecoveryCodes(ctx, auth.RecoveryInput{Password: pw})
		if err != nil {
			t.Fatalf("with the password: %v", err)
		}
		l, _ := e.login(t, acc.Email)
		wantCode(t, e.svc.VerifyLoginTOTP(anonCtx(), l.Token, old[5]), core.Unauthenticated)
		e.clock.Add(time.Minute)
		again, err := e.svc.NewRecoveryCodes(ctx, auth.RecoveryInput{TOTP: code(t, secret, e.clock.Now())})
		if err != nil {
			t.Fatalf("with a TOTP code: %v", err)
		}
		wantCode(t, e.svc.VerifyLoginTOTP(anonCtx(), l.Token, fresh[0]), core.Unauthenticated)
		if err := e.svc.VerifyLoginTOTP(anonCtx(), l.Token, again[0]); err != nil {
			t.Fatalf("a code of the newest set: %v", err)
		}
		if n := count(t, d, `SELECT count(*) FROM recovery_codes WHERE account_id = ?`, acc.ID); n != 10 {
			t.Fatalf("%d stored codes, want only the newest 10", n)
		}
		if n := countActions(t, d, "auth.recovery_codes.create"); n != 3 {
			t.Fatalf("%d auth.recovery_codes.create, want 3", n)
		}

		// Read-only tokens and accounts without TOTP cannot.
		plain := e.create(t, "plain@example.org", global(core.RoleTrainer))
		wantCode(t, func() error {
			_, err := e.svc.NewRecoveryCodes(e.ctxOf(t, plain.Email), auth.RecoveryInput{})
			return err
		}(), core.Conflict)
		ro := core.ActorFrom(ctx)
		ro.ReadOnly = true
		_, err = e.svc.NewRecoveryCodes(core.WithActor(context.Background(), ro), auth.RecoveryInput{Password: pw})
		wantCode(t, err, core.Forbidden)
		_, err = e.svc.NewRecoveryCodes(anonCtx(), auth.RecoveryInput{Password: pw})
		wantCode(t, err, core.Unauthenticated)
	})
}

// TestRecoveryGrace: only the first set, within RecoveryGrace of turning
// TOTP on, comes without confirmation; an account enrolled before the
// time was recorded must confirm.
func TestRecoveryGrace(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		late := e.create(t, "late@example.org", global(core.RoleCoordinator))
		_, ctx := e.enrol(t, late.Email)
		e.clock.Add(auth.RecoveryGrace + time.Second)
		if st, _ := e.svc.RecoveryCodes(ctx); !st.NeedsConfirm {
			t.Fatalf("after the grace period: %+v", st)
		}
		_, err := e.svc.NewRecoveryCodes(ctx, auth.RecoveryInput{})
		wantCode(t, err, core.Invalid)

		old := e.create(t, "old@example.org", global(core.RoleCoordinator))
		_, ctx = e.enrol(t, old.Email)
		err = d.Write(context.Background(), func(ctx context.Context) error {
			_, err := d.Exec(ctx, `UPDATE accounts SET totp_enabled_at = NULL WHERE id = ?`, old.ID)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if st, _ := e.svc.RecoveryCodes(ctx); !st.NeedsConfirm {
			t.Fatalf("enrolled before the time was kept: %+v", st)
		}
	})
}

// TestResetTOTPRevokesEverything: an admin's reset needs a reason, clears
// the second factor and the recovery codes, ends every session and token
// of the account, and makes it enrol again; an admin cannot reset its own.
func TestResetTOTPRevokesEverything(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		admin := e.create(t, "admin@example.org", global(core.RoleAdmin))
		_, adminCtx := e.enrol(t, admin.Email)
		target := e.create(t, "ncp@example.org", country(core.RoleNCP, "GE"))
		_, codes, ctx := e.firstCodes(t, target.Email)
		token, _, err := e.svc.CreateToken(ctx, auth.TokenInput{Name: "script", ExpiresAt: e.clock.Now().Add(time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		session := core.ActorFrom(ctx).SessionID

		wantCode(t, e.svc.ResetTOTP(adminCtx, admin.ID, "testing"), core.Forbidden)
		err = e.svc.ResetTOTP(adminCtx, target.ID, "  ")
		if !hasField(err, "reason", "required") {
			t.Fatalf("no reason: %v", err)
		}
		if err := e.svc.ResetTOTP(adminCtx, target.ID, strings.Repeat("x", auth.MaxReasonLen+1)); !hasField(err, "reason", "too_long") {
			t.Fatalf("long reason: %v", err)
		}
		wantCode(t, e.svc.ResetTOTP(ctx, target.ID, "myself"), core.Forbidden)
		if got, _ := e.svc.Account(sysCtx(), target.ID); !got.TOTPEnabled {
			t.Fatal("a refused reset changed the account")
		}

		if err := e.svc.ResetTOTP(adminCtx, target.ID, "phone lost; identity checked by a call"); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.AuthenticateToken(anonCtx(), token); !core.IsCode(err, core.Unauthenticated) {
			t.Fatalf("token after reset: %v", err)
		}
		if n := count(t, d, `SELECT count(*) FROM sessions WHERE account_id = ? AND revoked_at IS NULL`, target.ID); n != 0 {
			t.Fatalf("%d sessions left (the one that enrolled: %s)", n, session)
		}
		if n := count(t, d, `SELECT count(*) FROM recovery_codes WHERE account_id = ?`, target.ID); n != 0 {
			t.Fatalf("%d recovery codes left", n)
		}
		l, a := e.login(t, target.Email)
		if !l.NeedEnrolment || l.NeedTOTP || !a.MFAPending {
			t.Fatalf("after reset: %+v", l)
		}
		wantCode(t, e.svc.VerifyLoginTOTP(anonCtx(), l.Token, codes[0]), core.Conflict)
		var reason, details string
		if err := d.QueryRow(context.Background(), `SELECT reason, details FROM audit_log WHERE action = 'auth.totp.reset'`).Scan(&reason, &details); err != nil {
			t.Fatal(err)
		}
		if reason != "phone lost; identity checked by a call" || !strings.Contains(details, `"sessions_revoked":`) ||
			!strings.Contains(details, `"tokens_revoked":1`) || !strings.Contains(details, `"recovery_codes_deleted":10`) {
			t.Fatalf("audit: reason %q, details %s", reason, details)
		}
	})
}

// TestResetPassword: an admin sets a user's password with a reason; every
// session and token of the user ends; the policy holds; not for oneself.
func TestResetPassword(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		admin := e.create(t, "admin@example.org", global(core.RoleAdmin))
		_, adminCtx := e.enrol(t, admin.Email)
		target := e.create(t, "trainer@example.org", global(core.RoleTrainer))
		l, _ := e.login(t, target.Email)
		tctx := e.ctxOf(t, target.Email)
		token, _, err := e.svc.CreateToken(tctx, auth.TokenInput{Name: "script", ExpiresAt: e.clock.Now().Add(time.Hour)})
		if err != nil {
			t.Fatal(err)
		}

		err = e.svc.ResetPassword(adminCtx, target.ID, "short", "")
		if !hasField(err, "password", "weak") || !hasField(err, "reason", "required") {
			t.Fatalf("weak and no reason: %v", err)
		}
		wantCode(t, e.svc.ResetPassword(adminCtx, admin.ID, "an admin's own new password", "forgot"), core.Forbidden)
		wantCode(t, e.svc.ResetPassword(tctx, target.ID, "a self-chosen password", "forgot"), core.Forbidden)
		other := e.create(t, "coordinator@example.org", global(core.RoleCoordinator))
		_, otherCtx := e.enrol(t, other.Email)
		wantCode(t, e.svc.ResetPassword(otherCtx, target.ID, "a coordinator's choice", "forgot"), core.Forbidden)
		wantCode(t, e.svc.ResetTOTP(otherCtx, admin.ID, "lost phone"), core.Forbidden)
		wantCode(t, e.svc.ResetPassword(adminCtx, core.NewID(), "a perfectly good password", "forgot"), core.NotFound)

		if err := e.svc.ResetPassword(adminCtx, target.ID, "a perfectly good password", "forgot it; called back"); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Authenticate(anonCtx(), l.Token); !core.IsCode(err, core.Unauthenticated) {
			t.Fatalf("session after reset: %v", err)
		}
		if _, err := e.svc.AuthenticateToken(anonCtx(), token); !core.IsCode(err, core.Unauthenticated) {
			t.Fatalf("token after reset: %v", err)
		}
		if _, err := e.svc.Login(anonCtx(), target.Email, pw, "192.0.2.7", ""); !core.IsCode(err, core.Unauthenticated) {
			t.Fatalf("old password: %v", err)
		}
		if _, err := e.svc.Login(anonCtx(), target.Email, "a perfectly good password", "192.0.2.7", ""); err != nil {
			t.Fatalf("new password: %v", err)
		}
		if n := count(t, d, `SELECT count(*) FROM audit_log WHERE action = 'auth.password.set' AND reason = 'forgot it; called back'`); n != 1 {
			t.Fatalf("%d auth.password.set entries with the reason", n)
		}
	})
}

// TestResumeTOTP: the enrolment in progress keeps its secret until it is
// confirmed or the user asks for a new one.
func TestResumeTOTP(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		acc := e.create(t, "ncp@example.org", country(core.RoleNCP, "GE"))
		_, a := e.login(t, acc.Email)
		ctx := core.WithActor(context.Background(), a)
		first, err := e.svc.ResumeTOTP(ctx) // nothing pending: begins
		if err != nil {
			t.Fatal(err)
		}
		again, err := e.svc.ResumeTOTP(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if again.Secret != first.Secret || again.URI != first.URI || len(again.PNG) == 0 {
			t.Fatalf("resumed %q, began %q", again.Secret, first.Secret)
		}
		if n := countActions(t, d, "auth.totp.begin"); n != 1 {
			t.Fatalf("%d auth.totp.begin, want 1", n)
		}
		fresh, err := e.svc.BeginTOTP(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if fresh.Secret == first.Secret {
			t.Fatal("BeginTOTP kept the secret")
		}
		if r, _ := e.svc.ResumeTOTP(ctx); r.Secret != fresh.Secret {
			t.Fatalf("resumed %q after a new one %q", r.Secret, fresh.Secret)
		}
		if err := e.svc.ConfirmTOTP(ctx, code(t, first.Secret, e.clock.Now())); err == nil {
			t.Fatal("the replaced secret still confirms")
		}
		if err := e.svc.ConfirmTOTP(ctx, code(t, fresh.Secret, e.clock.Now())); err != nil {
			t.Fatal(err)
		}
		_, err = e.svc.ResumeTOTP(ctx)
		wantCode(t, err, core.Conflict)
	})
}

// TestAccountByEmail: admins and the system find accounts by e-mail,
// case-insensitively; others cannot.
func TestAccountByEmail(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		acc := e.create(t, "someone@example.org", global(core.RoleTrainer))
		got, err := e.svc.AccountByEmail(sysCtx(), " SomeOne@Example.org ")
		if err != nil || got.ID != acc.ID {
			t.Fatalf("%+v %v", got, err)
		}
		_, err = e.svc.AccountByEmail(sysCtx(), "nobody@example.org")
		wantCode(t, err, core.NotFound)
		_, err = e.svc.AccountByEmail(e.ctxOf(t, acc.Email), acc.Email)
		wantCode(t, err, core.Forbidden)
	})
}
