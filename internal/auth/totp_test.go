package auth_test

import (
	"bytes"
	"context"
	"image/png"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/topcop-platform/topcop/internal/auth"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
	"github.com/topcop-platform/topcop/internal/db/dbtest"
)

func code(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	c, err := totp.GenerateCode(secret, at)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// enrol signs email in (MFA-pending if its role needs TOTP), enrols TOTP
// and returns the secret and the context of the now complete session.
func (e *env) enrol(t *testing.T, email string) (string, context.Context) {
	t.Helper()
	_, a := e.login(t, email)
	ctx := core.WithActor(context.Background(), a)
	en, err := e.svc.BeginTOTP(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.svc.ConfirmTOTP(ctx, code(t, en.Secret, e.clock.Now())); err != nil {
		t.Fatal(err)
	}
	a.MFAPending = false
	return en.Secret, core.WithActor(context.Background(), a)
}

func TestTOTPEnrolment(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ncp := e.create(t, "ncp@example.org", country(core.RoleNCP, "GE"))
		l, a := e.login(t, ncp.Email)
		if !l.NeedEnrolment || l.NeedTOTP || !a.MFAPending {
			t.Fatalf("before enrolment: login %+v, pending %v", l, a.MFAPending)
		}
		ctx := core.WithActor(context.Background(), a)
		// An MFA-pending actor reaches nothing but enrolment.
		if _, err := e.svc.Account(ctx, ncp.ID); !core.IsCode(err, core.Unauthenticated) {
			t.Fatalf("pending actor reads its account: %v", err)
		}
		if _, _, err := e.svc.CreateToken(ctx, auth.TokenInput{Name: "x", ExpiresAt: e.clock.Now().Add(time.Hour), ReadOnly: false}); !core.IsCode(err, core.Unauthenticated) {
			t.Fatalf("pending actor creates a token: %v", err)
		}
		wantCode(t, e.svc.ConfirmTOTP(ctx, "123456"), core.Conflict) // nothing begun

		first, err := e.svc.BeginTOTP(ctx)
		if err != nil {
			t.Fatal(err)
		}
		en, err := e.svc.BeginTOTP(ctx) // starting again replaces the secret
		if err != nil {
			t.Fatal(err)
		}
		u, err := url.Parse(en.URI)
		if err != nil || u.Scheme != "otpauth" || u.Host != "totp" || u.Query().Get("secret") != en.Secret ||
			u.Query().Get("issuer") != "TOPCOP" || !strings.Contains(u.Path, "ncp@example.org") {
			t.Fatalf("URI %q", en.URI)
		}
		img, err := png.Decode(bytes.NewReader(en.PNG))
		if err != nil || img.Bounds().Dx() != 200 || img.Bounds().Dy() != 200 {
			t.Fatalf("QR code: %v %v", err, img)
		}
		if got, _ := e.svc.Account(sysCtx(), ncp.ID); got.TOTPEnabled {
			t.Fatal("TOTP enabled before confirmation")
		}
		now := e.clock.Now()
		cases := []struct {
			name      string
			code      string
			wantCode  core.Code
			wantField string
		}{
			{"empty", "", core.Invalid, "code"},
			{"letters", "abcdef", core.Invalid, "code"},
			{"old secret", code(t, first.Secret, now), core.Invalid, "code"},
			{"too old", code(t, en.Secret, now.Add(-90*time.Second)), core.Invalid, "code"},
			{"right, with a space", func() string { c := code(t, en.Secret, now); return c[:3] + " " + c[3:] }(), "", ""},
			{"again", code(t, en.Secret, now), core.Conflict, ""},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				err := e.svc.ConfirmTOTP(ctx, tc.code)
				wantCode(t, err, tc.wantCode)
				if tc.wantField != "" && !hasField(err, tc.wantField, "invalid") {
					t.Fatalf("fields %+v", core.AsError(err).Fields)
				}
			})
		}
		// The enrolling session is now complete.
		a2, err := e.svc.Authenticate(anonCtx(), l.Token)
		if err != nil || a2.MFAPending {
			t.Fatalf("after confirm: %+v, %v", a2, err)
		}
		wantCode(t, func() error { _, err := e.svc.BeginTOTP(ctx); return err }(), core.Conflict)
		// A new login must now pass the second factor.
		l2, a3 := e.login(t, ncp.Email)
		if !l2.NeedTOTP || l2.NeedEnrolment || !a3.MFAPending {
			t.Fatalf("second login %+v, pending %v", l2, a3.MFAPending)
		}
		if got := countActions(t, d, "auth.totp.enabled"); got != 1 {
			t.Fatalf("%d auth.totp.enabled", got)
		}
		for _, entry := range auditLog(t, d) {
			if strings.Contains(entry.Details, first.Secret) || strings.Contains(entry.Details, en.Secret) {
				t.Fatalf("audit leaks a TOTP secret: %+v", entry)
			}
		}
	})
}

func TestVerifyLoginTOTP(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.create(t, "ncp@example.org", country(core.RoleNCP, "GE"))
		secret, _ := e.enrol(t, "ncp@example.org")
		e.clock.Add(time.Minute) // the enrolment code's step is used
		l, a := e.login(t, "ncp@example.org")
		if !l.NeedTOTP || !a.MFAPending {
			t.Fatalf("login %+v", l)
		}
		cases := []struct {
			name    string
			advance time.Duration
			code    func(now time.Time) string
			token   string
			want    core.Code
		}{
			{"wrong code", 0, func(now time.Time) string { return "000000" }, l.Token, core.Unauthenticated},
			{"code from the future", 0, func(now time.Time) string { return code(t, secret, now.Add(2*time.Minute)) }, l.Token, core.Unauthenticated},
			{"garbled session", 0, func(now time.Time) string { return code(t, secret, now) }, "ts_nope", core.Unauthenticated},
			{"previous step (skew)", 0, func(now time.Time) string { return code(t, secret, now.Add(-30*time.Second)) }, l.Token, ""},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				e.clock.Add(tc.advance)
				wantCode(t, e.svc.VerifyLoginTOTP(anonCtx(), tc.token, tc.code(e.clock.Now())), tc.want)
			})
		}
		a, err := e.svc.Authenticate(anonCtx(), l.Token)
		if err != nil || a.MFAPending {
			t.Fatalf("after verify: %+v %v", a, err)
		}

		// Reuse: a code accepted once is refused on another session, and
		// so is a code of an earlier step.
		t.Run("reuse", func(t *testing.T) {
			e.clock.Add(auth.ThrottleWindow) // forget the failures above
			now := e.clock.Now()
			l2, _ := e.login(t, "ncp@example.org")
			if err := e.svc.VerifyLoginTOTP(anonCtx(), l2.Token, code(t, secret, now)); err != nil {
				t.Fatal(err)
			}
			l3, _ := e.login(t, "ncp@example.org")
			for _, c := range []string{code(t, secret, now), code(t, secret, now.Add(-30*time.Second))} {
				err := e.svc.VerifyLoginTOTP(anonCtx(), l3.Token, c)
				wantCode(t, err, core.Unauthenticated)
				if !hasField(err, "code", "invalid") {
					t.Fatalf("fields %+v", core.AsError(err).Fields)
				}
			}
			e.clock.Add(30 * time.Second)
			if err := e.svc.VerifyLoginTOTP(anonCtx(), l3.Token, code(t, secret, e.clock.Now())); err != nil {
				t.Fatalf("next step: %v", err)
			}
		})

		t.Run("throttled", func(t *testing.T) {
			e.clock.Add(auth.ThrottleWindow)
			l4, _ := e.login(t, "ncp@example.org")
			for range auth.FreePairFailures {
				wantCode(t, e.svc.VerifyLoginTOTP(anonCtx(), l4.Token, "999999"), core.Unauthenticated)
			}
			wantCode(t, e.svc.VerifyLoginTOTP(anonCtx(), l4.Token, code(t, secret, e.clock.Now())), core.RateLimited)
			// The password is throttled too from that address: the counter
			// is the account's and the address's…
			_, err := e.svc.Login(anonCtx(), "ncp@example.org", pw, "192.0.2.1", "")
			wantCode(t, err, core.RateLimited)
			// …but not from another address.
			if _, err := e.svc.Login(anonCtx(), "ncp@example.org", pw, "198.51.100.9", ""); err != nil {
				t.Fatalf("another address: %v", err)
			}
		})

		t.Run("no TOTP on the account", func(t *testing.T) {
			e.create(t, "plain@example.org")
			l5, _ := e.login(t, "plain@example.org")
			wantCode(t, e.svc.VerifyLoginTOTP(anonCtx(), l5.Token, "123456"), core.Conflict)
		})
		verifyChain(t, e.log)
	})
}

func TestMFAPending(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		cases := []struct {
			name        string
			grants      []core.Grant
			enrol       bool
			verify      bool
			wantPending bool
		}{
			{"trainer, no TOTP", []core.Grant{global(core.RoleTrainer)}, false, false, false},
			{"participant and ncp, no TOTP", []core.Grant{global(core.RoleParticipant), country(core.RoleNCP, "AM")}, false, false, true},
			{"ncp, no TOTP", []core.Grant{country(core.RoleNCP, "AM")}, false, false, true},
			{"admin, no TOTP", []core.Grant{global(core.RoleAdmin)}, false, false, true},
			{"analyst, no TOTP", []core.Grant{country(core.RoleAnalyst, "AZ")}, false, false, true},
			{"coordinator, no TOTP", []core.Grant{global(core.RoleCoordinator)}, false, false, true},
			{"ncp, TOTP not verified", []core.Grant{country(core.RoleNCP, "AM")}, true, false, true},
			{"ncp, TOTP verified", []core.Grant{country(core.RoleNCP, "AM")}, true, true, false},
			{"trainer with TOTP, not verified", []core.Grant{global(core.RoleTrainer)}, true, false, true},
			{"trainer with TOTP, verified", []core.Grant{global(core.RoleTrainer)}, true, true, false},
		}
		for i, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				email := "user" + string(rune('a'+i)) + "@example.org"
				acc := e.create(t, email, tc.grants...)
				var secret string
				if tc.enrol {
					secret, _ = e.enrol(t, email)
					e.clock.Add(30 * time.Second)
				}
				l, err := e.svc.Login(anonCtx(), email, pw, "192.0.2.1", "")
				if err != nil {
					t.Fatal(err)
				}
				if tc.verify {
					if err := e.svc.VerifyLoginTOTP(anonCtx(), l.Token, code(t, secret, e.clock.Now())); err != nil {
						t.Fatal(err)
					}
				}
				a, err := e.svc.Authenticate(anonCtx(), l.Token)
				if err != nil {
					t.Fatal(err)
				}
				if a.MFAPending != tc.wantPending || a.Authenticated() == tc.wantPending {
					t.Fatalf("MFAPending = %v, want %v", a.MFAPending, tc.wantPending)
				}
				// The same rule for API tokens, minus the per-session step.
				tok, _, err := e.svc.IssueToken(anonCtx(), email, pw, codeIf(t, tc.enrol, secret, e.clock.Now().Add(30*time.Second)), "192.0.2.1", "")
				if err != nil {
					t.Fatal(err)
				}
				ta, err := e.svc.AuthenticateToken(anonCtx(), tok)
				if err != nil {
					t.Fatal(err)
				}
				if want := acc.NeedsTOTP() && !tc.enrol; ta.MFAPending != want {
					t.Fatalf("token MFAPending = %v, want %v", ta.MFAPending, want)
				}
				e.clock.Add(time.Minute)
			})
		}
	})
}

func codeIf(t *testing.T, ok bool, secret string, at time.Time) string {
	if !ok {
		return ""
	}
	return code(t, secret, at)
}

func TestResetTOTP(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ncp := e.create(t, "ncp@example.org", country(core.RoleNCP, "GE"))
		_, ctx := e.enrol(t, ncp.Email)
		cases := []struct {
			name string
			ctx  context.Context
			want core.Code
		}{
			{"by the account itself", ctx, core.Forbidden},
			{"by an admin", sysCtx(), ""},
			{"again", sysCtx(), ""},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) { wantCode(t, e.svc.ResetTOTP(tc.ctx, ncp.ID, "lost phone"), tc.want) })
		}
		got, _ := e.svc.Account(sysCtx(), ncp.ID)
		if got.TOTPEnabled {
			t.Fatal("still enabled")
		}
		l, a := e.login(t, ncp.Email)
		if !l.NeedEnrolment || l.NeedTOTP || !a.MFAPending {
			t.Fatalf("after reset: %+v", l)
		}
		if _, err := e.svc.BeginTOTP(core.WithActor(context.Background(), a)); err != nil {
			t.Fatalf("re-enrol: %v", err)
		}
		if n := countActions(t, d, "auth.totp.reset"); n != 2 {
			t.Fatalf("%d auth.totp.reset", n)
		}
	})
}
