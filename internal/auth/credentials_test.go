package auth_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/topcop-platform/topcop/internal/auth"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
	"github.com/topcop-platform/topcop/internal/db/dbtest"
)

// A password change or reset ends every way in that the old password
// opened: all API tokens and all sessions, except the browser session that
// made an own change.
func TestPasswordChangeRevokesTokensAndSessions(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		u := e.create(t, "user@example.org", global(core.RoleTrainer))
		liveTokens := func() int {
			return count(t, d, `SELECT count(*) FROM api_tokens WHERE account_id = ? AND revoked_at IS NULL`, u.ID)
		}
		mint := func(ctx context.Context) string {
			t.Helper()
			tok, _, err := e.svc.CreateToken(ctx, auth.TokenInput{Name: "script", ExpiresAt: e.clock.Now().Add(30 * 24 * time.Hour), Password: pw})
			if err != nil {
				t.Fatal(err)
			}
			return tok
		}
		works := func(tok string) bool {
			_, err := e.svc.AuthenticateToken(anonCtx(), tok)
			return err == nil
		}

		t.Run("own change keeps only the current session", func(t *testing.T) {
			other, _ := e.login(t, u.Email)
			_, a := e.login(t, u.Email)
			self := core.WithActor(context.Background(), a)
			tok := mint(self)
			login, _, err := e.svc.IssueToken(anonCtx(), u.Email, pw, "", "192.0.2.7", "")
			if err != nil {
				t.Fatal(err)
			}
			if err := e.svc.SetPassword(self, u.ID, "a brand new passphrase"); err != nil {
				t.Fatal(err)
			}
			if works(tok) || works(login) || liveTokens() != 0 {
				t.Fatal("an API token outlived the password change")
			}
			if _, err := e.svc.Authenticate(anonCtx(), other.Token); !core.IsCode(err, core.Unauthenticated) {
				t.Fatalf("other session: %v", err)
			}
			if n := count(t, d, `SELECT count(*) FROM sessions WHERE id = ? AND revoked_at IS NULL`, a.SessionID); n != 1 {
				t.Fatal("the session that changed the password was revoked")
			}
			last := auditLog(t, d)[len(auditLog(t, d))-1]
			if last.Action != "auth.password.set" || !strings.Contains(last.Details, `"tokens_revoked":2`) {
				t.Fatalf("audit %+v", last)
			}
		})

		t.Run("admin reset revokes everything", func(t *testing.T) {
			u2 := e.create(t, "other@example.org")
			_, a := e.login(t, u2.Email)
			tok, _, err := e.svc.CreateToken(core.WithActor(context.Background(), a), auth.TokenInput{Name: "x", ExpiresAt: e.clock.Now().Add(time.Hour)})
			if err != nil {
				t.Fatal(err)
			}
			if err := e.svc.SetPassword(sysCtx(), u2.ID, "an admin chose this one"); err != nil {
				t.Fatal(err)
			}
			if works(tok) {
				t.Fatal("token survived an admin reset")
			}
			if n := count(t, d, `SELECT count(*) FROM sessions WHERE account_id = ? AND revoked_at IS NULL`, u2.ID); n != 0 {
				t.Fatalf("%d sessions survived an admin reset", n)
			}
		})
	})
}

// Minting a token that lives longer than a day needs the password, and
// the second factor when enrolled; a stolen session alone cannot.
func TestLongTokenNeedsCredentials(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		u := e.create(t, "coord@example.org", global(core.RoleCoordinator))
		secret, ctx := e.enrol(t, u.Email)
		month := func() time.Time { return e.clock.Now().Add(30 * 24 * time.Hour) }
		tokens := func() int { return count(t, d, `SELECT count(*) FROM api_tokens`) }

		cases := []struct {
			name      string
			in        auth.TokenInput
			wantField string
			wantCode  string
		}{
			{"nothing", auth.TokenInput{Name: "n"}, "password", "required"},
			{"no code", auth.TokenInput{Name: "n", Password: pw}, "totp", "required"},
			{"wrong password", auth.TokenInput{Name: "n", Password: "not the password", TOTP: "123456"}, "password", "invalid"},
			{"wrong code", auth.TokenInput{Name: "n", Password: pw, TOTP: "000000"}, "totp", "invalid"},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				before := tokens()
				tc.in.ExpiresAt = month()
				_, _, err := e.svc.CreateToken(ctx, tc.in)
				wantCode(t, err, core.Invalid)
				if !hasField(err, tc.wantField, tc.wantCode) {
					t.Fatalf("fields %+v, want %s %s", core.AsError(err).Fields, tc.wantField, tc.wantCode)
				}
				if tokens() != before {
					t.Fatal("a refused token was stored")
				}
			})
		}
		e.clock.Add(30 * time.Second)
		c := code(t, secret, e.clock.Now())
		tok, at, err := e.svc.CreateToken(ctx, auth.TokenInput{Name: "yearly export", ExpiresAt: month(), Password: pw, TOTP: c})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.AuthenticateToken(anonCtx(), tok); err != nil || at.Name != "yearly export" {
			t.Fatalf("token %+v: %v", at, err)
		}
		// The code is spent.
		_, _, err = e.svc.CreateToken(ctx, auth.TokenInput{Name: "again", ExpiresAt: month(), Password: pw, TOTP: c})
		if !hasField(err, "totp", "invalid") {
			t.Fatalf("reused code: %v", err)
		}
		// Wrong passwords count as failed sign-ins of the account from the
		// actor's address: they are throttled…
		for range auth.FreePairFailures {
			e.svc.CreateToken(ctx, auth.TokenInput{Name: "n", ExpiresAt: month(), Password: "guess guess guess", TOTP: "000000"})
		}
		_, _, err = e.svc.CreateToken(ctx, auth.TokenInput{Name: "n", ExpiresAt: month(), Password: pw, TOTP: code(t, secret, e.clock.Now().Add(30*time.Second))})
		wantCode(t, err, core.RateLimited)
		if auth.RetryAfter(err) <= 0 {
			t.Fatal("no wait given")
		}
		// …and audited.
		if n := countActions(t, d, "auth.login.failed"); n < auth.FreePairFailures {
			t.Fatalf("%d auth.login.failed entries", n)
		}
		// A short token needs neither.
		if _, _, err := e.svc.CreateToken(ctx, auth.TokenInput{Name: "today", ExpiresAt: e.clock.Now().Add(time.Hour)}); err != nil {
			t.Fatalf("short token: %v", err)
		}
		verifyChain(t, e.log)
	})
}
