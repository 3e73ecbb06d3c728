package auth_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/topcop-platform/topcop/internal/auth"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
	"github.com/topcop-platform/topcop/internal/db/dbtest"
)

func TestLogin(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.create(t, "trainer@example.org", global(core.RoleTrainer))
		e.create(t, "ncp@example.org", country(core.RoleNCP, "GE"))
		dis := e.create(t, "gone@example.org", global(core.RoleTrainer))
		if err := e.svc.DisableAccount(sysCtx(), dis.ID, true); err != nil {
			t.Fatal(err)
		}
		cases := []struct {
			name          string
			email, pw     string
			want          core.Code
			needTOTP      bool
			needEnrolment bool
			mfaPending    bool
			audit         string
		}{
			{"success", "trainer@example.org", pw, "", false, false, false, "auth.login"},
			{"e-mail case and spaces", "  TRAINER@example.org ", pw, "", false, false, false, "auth.login"},
			{"ncp must enrol", "ncp@example.org", pw, "", false, true, true, "auth.login"},
			{"wrong password", "trainer@example.org", pw + "!", core.Unauthenticated, false, false, false, "auth.login.failed"},
			{"unknown e-mail", "nobody@example.org", pw, core.Unauthenticated, false, false, false, "auth.login.failed"},
			{"empty", "", "", core.Unauthenticated, false, false, false, "auth.login.failed"},
			{"disabled", "gone@example.org", pw, core.Unauthenticated, false, false, false, "auth.login.failed"},
			{"over-long password", "trainer@example.org", strings.Repeat(pw, 100), core.Unauthenticated, false, false, false, "auth.login.failed"},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				l, err := e.svc.Login(anonCtx(), tc.email, tc.pw, "198.51.100.7", "Mozilla/5.0")
				wantCode(t, err, tc.want)
				log := auditLog(t, d)
				last := log[len(log)-1]
				if last.Action != tc.audit || last.IP != "198.51.100.7" {
					t.Fatalf("last audit %+v, want %s", last, tc.audit)
				}
				if strings.Contains(last.Details, tc.pw) && tc.pw != "" {
					t.Fatalf("audit details contain the password: %s", last.Details)
				}
				if err != nil {
					if core.AsError(err).Message != "wrong e-mail or password" {
						t.Fatalf("message %q is not the generic one", core.AsError(err).Message)
					}
					if !strings.Contains(last.Details, `"email":"`+auth.NormalizeEmail(tc.email)+`"`) {
						t.Fatalf("failure audit lacks the e-mail tried: %s", last.Details)
					}
					return
				}
				if !strings.HasPrefix(l.Token, "ts_") || len(l.Token) != 3+43 || l.NeedTOTP != tc.needTOTP || l.NeedEnrolment != tc.needEnrolment {
					t.Fatalf("login %+v", l)
				}
				if !l.Session.Current || l.Session.MFA || !l.Session.ExpiresAt.Equal(e.clock.Now().Add(auth.DefaultSessionTTL)) {
					t.Fatalf("session %+v", l.Session)
				}
				if n := count(t, d, `SELECT count(*) FROM sessions WHERE token_hash = ?`, l.Token); n != 0 {
					t.Fatal("the token is stored in clear")
				}
				a, err := e.svc.Authenticate(anonCtx(), l.Token)
				if err != nil {
					t.Fatal(err)
				}
				if a.AccountID == "" || a.SessionID != l.Session.ID || a.MFAPending != tc.mfaPending || a.Email != auth.NormalizeEmail(tc.email) || len(a.Grants) != 1 {
					t.Fatalf("actor %+v", a)
				}
			})
		}
		verifyChain(t, e.log)
	})
}

// TestLoginGenericError checks that an unknown e-mail and a wrong password
// are indistinguishable to the caller.
func TestLoginGenericError(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.create(t, "known@example.org")
		cases := []struct{ name, email string }{
			{"unknown", "unknown@example.org"},
			{"known, wrong password", "known@example.org"},
		}
		var errs []*core.Error
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				_, err := e.svc.Login(anonCtx(), tc.email, "not the password", "192.0.2.1", "")
				wantCode(t, err, core.Unauthenticated)
				errs = append(errs, core.AsError(err))
			})
		}
		if len(errs) == 2 && (errs[0].Message != errs[1].Message || len(errs[0].Fields) != 0 || len(errs[1].Fields) != 0) {
			t.Fatalf("errors differ: %q vs %q", errs[0].Error(), errs[1].Error())
		}
	})
}

// guess tries a wrong password for email from ip and fails the test
// unless it reached the password check.
func (e *env) guess(t *testing.T, email, ip string) {
	t.Helper()
	_, err := e.svc.Login(anonCtx(), email, "wrong password!", ip, "")
	wantCode(t, err, core.Unauthenticated)
}

// waitOut advances the clock by the wait a refusal asks for.
func (e *env) waitOut(t *testing.T, err error) {
	t.Helper()
	wantCode(t, err, core.RateLimited)
	d := auth.RetryAfter(err)
	if d < time.Second || d > auth.MaxThrottleDelay {
		t.Fatalf("RetryAfter = %s", d)
	}
	e.clock.Add(d)
}

func TestLoginThrottle(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		const attacker, owner = "203.0.113.66", "198.51.100.20"
		cases := []struct {
			name string
			run  func(t *testing.T, e *env)
		}{
			{"an attacker's guesses do not stop the owner elsewhere", func(t *testing.T, e *env) {
				// 30 wrong passwords from the attacker's address, each
				// made as soon as the throttle allows.
				for i := 0; i < 30; {
					_, err := e.svc.Login(anonCtx(), "user@example.org", "wrong password!", attacker, "")
					if core.IsCode(err, core.RateLimited) {
						e.waitOut(t, err)
						continue
					}
					wantCode(t, err, core.Unauthenticated)
					i++
				}
				// The owner from another address signs in at once, by
				// session and by API token.
				if _, err := e.svc.Login(anonCtx(), "user@example.org", pw, owner, ""); err != nil {
					t.Fatalf("owner from another address: %v", err)
				}
				if _, _, err := e.svc.IssueToken(anonCtx(), "USER@example.org", pw, "", owner, ""); err != nil {
					t.Fatalf("owner's API sign-in from another address: %v", err)
				}
				// The attacker's own address stays slowed, even with the
				// right password.
				_, err := e.svc.Login(anonCtx(), "user@example.org", pw, attacker, "")
				wantCode(t, err, core.RateLimited)
			}},
			{"delays grow and then stop growing", func(t *testing.T, e *env) {
				for range auth.FreePairFailures {
					e.guess(t, "user@example.org", attacker)
				}
				want := time.Second
				for i := range 12 {
					_, err := e.svc.Login(anonCtx(), "user@example.org", "wrong password!", attacker, "")
					wantCode(t, err, core.RateLimited)
					if got := auth.RetryAfter(err); got != want {
						t.Fatalf("delay %d = %s, want %s", i+1, got, want)
					}
					// Hammering while refused does not extend the wait.
					e.clock.Add(want / 2)
					_, err = e.svc.Login(anonCtx(), "user@example.org", pw, attacker, "")
					wantCode(t, err, core.RateLimited)
					e.clock.Add(want - want/2)
					e.guess(t, "user@example.org", attacker)
					want = min(2*want, auth.MaxThrottleDelay)
				}
				// After the wait, the right password works from there too.
				_, err := e.svc.Login(anonCtx(), "user@example.org", pw, attacker, "")
				e.waitOut(t, err)
				if _, err := e.svc.Login(anonCtx(), "user@example.org", pw, attacker, ""); err != nil {
					t.Fatalf("after the wait: %v", err)
				}
			}},
			{"API sign-in counts and is counted alike", func(t *testing.T, e *env) {
				for range auth.FreePairFailures - 1 {
					e.guess(t, "user@example.org", attacker)
				}
				_, _, err := e.svc.IssueToken(anonCtx(), "user@example.org", "wrong password!", "", attacker, "")
				wantCode(t, err, core.Unauthenticated)
				_, _, err = e.svc.IssueToken(anonCtx(), "user@example.org", pw, "", attacker, "")
				if auth.RetryAfter(err) != time.Second {
					t.Fatalf("API sign-in after %d failures: %v", auth.FreePairFailures, err)
				}
			}},
			{"unknown e-mails are throttled alike", func(t *testing.T, e *env) {
				for range auth.FreePairFailures {
					_, err := e.svc.Login(anonCtx(), "ghost@example.org", "whatever password", attacker, "")
					wantCode(t, err, core.Unauthenticated)
				}
				_, err := e.svc.Login(anonCtx(), "ghost@example.org", "whatever password", attacker, "")
				wantCode(t, err, core.RateLimited)
			}},
			{"other e-mails from the same address are not affected", func(t *testing.T, e *env) {
				for range auth.FreePairFailures + 1 {
					e.svc.Login(anonCtx(), "user@example.org", "wrong password!", attacker, "")
				}
				e.create(t, "other@example.org")
				if _, err := e.svc.Login(anonCtx(), "other@example.org", pw, attacker, ""); err != nil {
					t.Fatal(err)
				}
			}},
			{"one address spraying many e-mails", func(t *testing.T, e *env) {
				for i := range auth.FreeIPFailures {
					e.guess(t, fmt.Sprintf("spray%d@example.org", i), attacker)
				}
				_, err := e.svc.Login(anonCtx(), "user@example.org", pw, attacker, "")
				if auth.RetryAfter(err) != time.Second {
					t.Fatalf("after %d failures from one address: %v", auth.FreeIPFailures, err)
				}
				if _, err := e.svc.Login(anonCtx(), "user@example.org", pw, owner, ""); err != nil {
					t.Fatalf("another address: %v", err)
				}
				// A delay, not a lock: once waited out, the address works.
				e.clock.Add(time.Second)
				if _, err := e.svc.Login(anonCtx(), "user@example.org", pw, attacker, ""); err != nil {
					t.Fatalf("after the wait: %v", err)
				}
			}},
			{"successes are not failures", func(t *testing.T, e *env) {
				for range 2 * auth.FreePairFailures {
					if _, err := e.svc.Login(anonCtx(), "user@example.org", pw, owner, ""); err != nil {
						t.Fatal(err)
					}
				}
			}},
			{"concurrent guesses cannot exceed the free ones", func(t *testing.T, e *env) {
				var wg sync.WaitGroup
				results := make(chan error, 20)
				for range 20 {
					wg.Go(func() {
						_, err := e.svc.Login(anonCtx(), "user@example.org", "wrong password!", attacker, "")
						results <- err
					})
				}
				wg.Wait()
				close(results)
				checked := 0
				for err := range results {
					switch core.ErrorCode(err) {
					case core.Unauthenticated:
						checked++
					case core.RateLimited:
					default:
						t.Fatalf("unexpected %v", err)
					}
				}
				if checked > auth.FreePairFailures {
					t.Fatalf("%d concurrent guesses reached the password check, limit %d", checked, auth.FreePairFailures)
				}
			}},
			{"old failures are forgotten and pruned", func(t *testing.T, e *env) {
				for range auth.FreePairFailures {
					e.guess(t, "user@example.org", attacker)
				}
				e.clock.Add(auth.ThrottleWindow + time.Minute)
				e.guess(t, "user@example.org", attacker)
				if n := count(t, e.d, `SELECT count(*) FROM login_failures`); n != 2 { // pair and address of the last one
					t.Fatalf("%d failure rows", n)
				}
			}},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				e := newEnv(t, dbtest.Open(t, d.Dialect.String()))
				e.create(t, "user@example.org")
				tc.run(t, e)
				verifyChain(t, e.log)
			})
		}
	})
}

func TestSessionExpiry(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.create(t, "user@example.org")
		cases := []struct {
			name  string
			steps []time.Duration // clock moves; Authenticate after each
			want  core.Code       // of the last Authenticate
		}{
			{"fresh", []time.Duration{0}, ""},
			{"active within the idle timeout", []time.Duration{11 * time.Hour, 11 * time.Hour, 11 * time.Hour}, ""},
			{"idle too long", []time.Duration{12*time.Hour + time.Second}, core.Unauthenticated},
			{"idle exactly the timeout", []time.Duration{12 * time.Hour}, core.Unauthenticated},
			{"absolute maximum", func() []time.Duration {
				var s []time.Duration
				for range 16 { // 16 × 11 h > 7 days
					s = append(s, 11*time.Hour)
				}
				return s
			}(), core.Unauthenticated},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				l, err := e.svc.Login(anonCtx(), "user@example.org", pw, "192.0.2.1", "")
				if err != nil {
					t.Fatal(err)
				}
				for i, step := range tc.steps {
					e.clock.Add(step)
					_, err = e.svc.Authenticate(anonCtx(), l.Token)
					if i < len(tc.steps)-1 && err != nil {
						t.Fatalf("step %d: %v", i, err)
					}
				}
				wantCode(t, err, tc.want)
			})
		}
	})
}

func TestSessionTouch(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.create(t, "user@example.org")
		l, err := e.svc.Login(anonCtx(), "user@example.org", pw, "192.0.2.1", "")
		if err != nil {
			t.Fatal(err)
		}
		start := e.clock.Now()
		cases := []struct {
			name     string
			advance  time.Duration
			wantSeen time.Time
		}{
			{"30 s later: no write", 30 * time.Second, start},
			{"59 s later: no write", 29 * time.Second, start},
			{"61 s later: written", 2 * time.Second, start.Add(61 * time.Second)},
			{"20 s after that: no write", 20 * time.Second, start.Add(61 * time.Second)},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				e.clock.Add(tc.advance)
				if _, err := e.svc.Authenticate(anonCtx(), l.Token); err != nil {
					t.Fatal(err)
				}
				ss, err := e.svc.Sessions(sysCtx(), l.Session.AccountID)
				if err != nil || len(ss) != 1 {
					t.Fatalf("sessions %v, %v", ss, err)
				}
				if !ss[0].LastSeenAt.Equal(tc.wantSeen) {
					t.Fatalf("last seen %v, want %v", ss[0].LastSeenAt, tc.wantSeen)
				}
			})
		}
	})
}

func TestForgedSessionTokens(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.create(t, "user@example.org")
		l, err := e.svc.Login(anonCtx(), "user@example.org", pw, "192.0.2.1", "")
		if err != nil {
			t.Fatal(err)
		}
		body := strings.TrimPrefix(l.Token, "ts_")
		flip := []byte(body)
		flip[10] ^= 1
		cases := []struct{ name, token string }{
			{"empty", ""},
			{"random string", "hello"},
			{"API token prefix", "tk_" + body},
			{"no prefix", body},
			{"right prefix, wrong body", "ts_" + string(flip)},
			{"right prefix, short body", l.Token[:len(l.Token)-1]},
			{"right prefix, long body", l.Token + "A"},
			{"the stored hash", "ts_" + hashOfToken(t, d)},
			{"SQL", "ts_' OR '1'='1' --"},
			{"SQL of the right length", "ts_'OR''='" + strings.Repeat("x", 33)},
			{"NUL byte", "ts_" + body[:42] + "\x00"},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				_, err := e.svc.Authenticate(anonCtx(), tc.token)
				wantCode(t, err, core.Unauthenticated)
				if err := e.svc.Logout(anonCtx(), tc.token); err != nil {
					t.Fatalf("logout: %v", err)
				}
				if _, err := e.svc.Authenticate(anonCtx(), l.Token); err != nil {
					t.Fatalf("a forged logout ended the real session: %v", err)
				}
			})
		}
	})
}

func hashOfToken(t *testing.T, d *db.DB) string {
	t.Helper()
	var h string
	if err := d.QueryRow(context.Background(), `SELECT token_hash FROM sessions`).Scan(&h); err != nil {
		t.Fatal(err)
	}
	return h
}

func TestLogout(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.create(t, "user@example.org")
		l, err := e.svc.Login(anonCtx(), "user@example.org", pw, "192.0.2.1", "")
		if err != nil {
			t.Fatal(err)
		}
		cases := []struct {
			name       string
			wantLogged int
		}{
			{"first logout", 1},
			{"second logout is harmless", 1},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				if err := e.svc.Logout(anonCtx(), l.Token); err != nil {
					t.Fatal(err)
				}
				_, err := e.svc.Authenticate(anonCtx(), l.Token)
				wantCode(t, err, core.Unauthenticated)
				if n := countActions(t, d, "auth.logout"); n != tc.wantLogged {
					t.Fatalf("%d auth.logout entries", n)
				}
			})
		}
	})
}

func TestSessionsListAndRevoke(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.create(t, "admin@example.org", global(core.RoleAdmin))
		ana := e.create(t, "ana@example.org")
		bob := e.create(t, "bob@example.org")
		anaOld, _ := e.login(t, ana.Email)
		e.clock.Add(time.Second)
		_, anaActor := e.login(t, ana.Email)
		anaCtx := core.WithActor(context.Background(), anaActor)
		bobLogin, _ := e.login(t, bob.Email)
		// An expired session is not listed.
		expired, _ := e.login(t, ana.Email)
		if err := d.Write(context.Background(), func(ctx context.Context) error {
			past := e.clock.Now().Add(-time.Hour)
			_, err := d.Exec(ctx, `UPDATE sessions SET expires_at = ? WHERE id = ?`, db.T(&past), expired.Session.ID)
			return err
		}); err != nil {
			t.Fatal(err)
		}

		ss, err := e.svc.Sessions(anaCtx, ana.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(ss) != 2 || ss[0].ID != anaActor.SessionID || !ss[0].Current || ss[1].ID != anaOld.Session.ID || ss[1].Current {
			t.Fatalf("ana's sessions %+v", ss)
		}
		if ss[0].IP != "192.0.2.1" || ss[0].UserAgent != "test-agent" {
			t.Fatalf("session %+v", ss[0])
		}
		cases := []struct {
			name string
			ctx  context.Context
			call func(ctx context.Context) error
			want core.Code
		}{
			{"list other's", anaCtx, func(ctx context.Context) error { _, err := e.svc.Sessions(ctx, bob.ID); return err }, core.Forbidden},
			// Another account's session answers like an unknown one.
			{"revoke other's", anaCtx, func(ctx context.Context) error { return e.svc.RevokeSession(ctx, bobLogin.Session.ID) }, core.NotFound},
			{"anonymous list", anonCtx(), func(ctx context.Context) error { _, err := e.svc.Sessions(ctx, ana.ID); return err }, core.Unauthenticated},
			{"revoke unknown", anaCtx, func(ctx context.Context) error { return e.svc.RevokeSession(ctx, core.NewID()) }, core.NotFound},
			{"revoke garbage", anaCtx, func(ctx context.Context) error { return e.svc.RevokeSession(ctx, "x") }, core.NotFound},
			{"revoke own", anaCtx, func(ctx context.Context) error { return e.svc.RevokeSession(ctx, anaOld.Session.ID) }, ""},
			{"revoke own again", anaCtx, func(ctx context.Context) error { return e.svc.RevokeSession(ctx, anaOld.Session.ID) }, ""},
			{"admin lists other's", sysCtx(), func(ctx context.Context) error { _, err := e.svc.Sessions(ctx, bob.ID); return err }, ""},
			{"admin revokes other's", sysCtx(), func(ctx context.Context) error { return e.svc.RevokeSession(ctx, bobLogin.Session.ID) }, ""},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) { wantCode(t, tc.call(tc.ctx), tc.want) })
		}
		if _, err := e.svc.Authenticate(anonCtx(), anaOld.Token); !core.IsCode(err, core.Unauthenticated) {
			t.Fatalf("revoked session still works: %v", err)
		}
		if _, err := e.svc.Authenticate(anonCtx(), bobLogin.Token); !core.IsCode(err, core.Unauthenticated) {
			t.Fatalf("admin-revoked session still works: %v", err)
		}
		if n := countActions(t, d, "auth.session.revoke"); n != 2 {
			t.Fatalf("%d auth.session.revoke entries, want 2 (revoking twice records once)", n)
		}
		ss, _ = e.svc.Sessions(anaCtx, ana.ID)
		if len(ss) != 1 {
			t.Fatalf("after revoke: %+v", ss)
		}
	})
}
