package auth_test

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"github.com/topcop-platform/topcop/internal/auth"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
	"github.com/topcop-platform/topcop/internal/db/dbtest"
)

func TestCreateToken(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		u := e.create(t, "user@example.org", global(core.RoleTrainer))
		ctx := e.ctxOf(t, u.Email)
		now := e.clock.Now()
		roCtx := core.WithActor(context.Background(), core.Actor{AccountID: u.ID, Email: u.Email, ReadOnly: true, TokenID: core.NewID()})
		cases := []struct {
			name      string
			ctx       context.Context
			tokName   string
			expires   time.Time
			readOnly  bool
			password  string
			wantCode  core.Code
			wantField string
		}{
			{"read-write", ctx, "deploy script", now.Add(30 * 24 * time.Hour), false, pw, "", ""},
			{"read-only", ctx, "dashboard", now.Add(time.Hour), true, "", "", ""},
			{"a day without the password", ctx, "daily", now.Add(24 * time.Hour), false, "", "", ""},
			{"a full year", ctx, "yearly", now.Add(365 * 24 * time.Hour), false, pw, "", ""},
			{"more than a day without the password", ctx, "month", now.Add(24*time.Hour + time.Second), false, "", core.Invalid, "password"},
			{"more than a day with a wrong password", ctx, "month", now.Add(30 * 24 * time.Hour), false, pw + "!", core.Invalid, "password"},
			{"more than a year", ctx, "too long", now.Add(366 * 24 * time.Hour), false, pw, core.Invalid, "expires"},
			{"in the past", ctx, "past", now.Add(-time.Second), false, "", core.Invalid, "expires"},
			{"now", ctx, "now", now, false, "", core.Invalid, "expires"},
			{"no expiry", ctx, "none", time.Time{}, false, "", core.Invalid, "expires"},
			{"no name", ctx, "  ", now.Add(time.Hour), false, "", core.Invalid, "name"},
			{"long name", ctx, strings.Repeat("n", 101), now.Add(time.Hour), false, "", core.Invalid, "name"},
			{"markup in name", ctx, "<b>x</b>", now.Add(time.Hour), false, "", core.Invalid, "name"},
			{"by a read-only token", roCtx, "escalate", now.Add(time.Hour), false, "", core.Forbidden, ""},
			{"anonymous", anonCtx(), "anon", now.Add(time.Hour), false, "", core.Unauthenticated, ""},
			{"system actor without account", sysCtx(), "sys", now.Add(time.Hour), false, "", core.Forbidden, ""},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				before := count(t, d, `SELECT count(*) FROM api_tokens`)
				tok, at, err := e.svc.CreateToken(tc.ctx, auth.TokenInput{Name: tc.tokName, ExpiresAt: tc.expires, ReadOnly: tc.readOnly, Password: tc.password})
				wantCode(t, err, tc.wantCode)
				if tc.wantField != "" && !hasFieldName(err, tc.wantField) {
					t.Fatalf("fields %+v", core.AsError(err).Fields)
				}
				if err != nil {
					if n := count(t, d, `SELECT count(*) FROM api_tokens`); n != before {
						t.Fatal("a refused token was stored")
					}
					return
				}
				if !strings.HasPrefix(tok, "tk_") || at.AccountID != u.ID || at.ReadOnly != tc.readOnly || !at.ExpiresAt.Equal(tc.expires) {
					t.Fatalf("token %q %+v", tok, at)
				}
				if n := count(t, d, `SELECT count(*) FROM api_tokens WHERE token_hash = ?`, tok); n != 0 {
					t.Fatal("token stored in clear")
				}
				a, err := e.svc.AuthenticateToken(anonCtx(), tok)
				if err != nil {
					t.Fatal(err)
				}
				if a.AccountID != u.ID || a.TokenID != at.ID || a.ReadOnly != tc.readOnly || a.SessionID != "" || a.MFAPending || len(a.Grants) != 1 {
					t.Fatalf("actor %+v", a)
				}
			})
		}
		list, err := e.svc.Tokens(ctx, u.ID)
		if err != nil || len(list) != 4 || list[0].Name != "yearly" {
			t.Fatalf("tokens %+v %v", list, err)
		}
	})
}

func hasFieldName(err error, field string) bool {
	for _, f := range core.AsError(err).Fields {
		if f.Field == field {
			return true
		}
	}
	return false
}

func TestReadOnlyTokenCannotWrite(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		admin := e.create(t, "admin@example.org", global(core.RoleAdmin))
		other := e.create(t, "other@example.org")
		_, ctx := e.enrol(t, admin.Email)
		tok, _, err := e.svc.CreateToken(ctx, auth.TokenInput{Name: "read only", ExpiresAt: e.clock.Now().Add(time.Hour), ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		a, err := e.svc.AuthenticateToken(anonCtx(), tok)
		if err != nil {
			t.Fatal(err)
		}
		ro := core.WithActor(context.Background(), a)
		otherLogin, _ := e.login(t, other.Email)
		cases := []struct {
			name string
			call func(ctx context.Context) error
			want core.Code
		}{
			{"read account", func(ctx context.Context) error { _, err := e.svc.Account(ctx, other.ID); return err }, ""},
			{"list accounts", func(ctx context.Context) error {
				_, err := e.svc.ListAccounts(ctx, auth.AccountFilter{}, core.PageRequest{})
				return err
			}, ""},
			{"create account", func(ctx context.Context) error {
				_, err := e.svc.CreateAccount(ctx, auth.AccountInput{Email: "n@example.org", Name: "N", Password: pw})
				return err
			}, core.Forbidden},
			{"update account", func(ctx context.Context) error {
				_, err := e.svc.UpdateAccount(ctx, other.ID, auth.AccountInput{Email: other.Email, Name: "X"})
				return err
			}, core.Forbidden},
			{"set password", func(ctx context.Context) error { return e.svc.SetPassword(ctx, other.ID, "a new good password") }, core.Forbidden},
			{"disable", func(ctx context.Context) error { return e.svc.DisableAccount(ctx, other.ID, true) }, core.Forbidden},
			{"reset TOTP", func(ctx context.Context) error { return e.svc.ResetTOTP(ctx, other.ID, "lost phone") }, core.Forbidden},
			{"revoke session", func(ctx context.Context) error { return e.svc.RevokeSession(ctx, otherLogin.Session.ID) }, core.Forbidden},
			{"create token", func(ctx context.Context) error {
				_, _, err := e.svc.CreateToken(ctx, auth.TokenInput{Name: "x", ExpiresAt: e.clock.Now().Add(time.Hour), ReadOnly: false})
				return err
			}, core.Forbidden},
			{"revoke token", func(ctx context.Context) error { return e.svc.RevokeToken(ctx, a.TokenID) }, core.Forbidden},
			{"begin TOTP", func(ctx context.Context) error { _, err := e.svc.BeginTOTP(ctx); return err }, core.Forbidden},
			{"confirm TOTP", func(ctx context.Context) error { return e.svc.ConfirmTOTP(ctx, "123456") }, core.Forbidden},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				before := len(auditLog(t, d))
				wantCode(t, tc.call(ro), tc.want)
				if tc.want != "" && len(auditLog(t, d)) != before {
					t.Fatal("a refused write was audited as done")
				}
			})
		}
	})
}

func TestTokenLifecycle(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ana := e.create(t, "ana@example.org")
		bob := e.create(t, "bob@example.org")
		anaCtx, bobCtx := e.ctxOf(t, ana.Email), e.ctxOf(t, bob.Email)
		tok, at, err := e.svc.CreateToken(anaCtx, auth.TokenInput{Name: "cron", ExpiresAt: e.clock.Now().Add(2 * time.Hour), ReadOnly: false})
		if err != nil {
			t.Fatal(err)
		}
		short, _, err := e.svc.CreateToken(anaCtx, auth.TokenInput{Name: "short", ExpiresAt: e.clock.Now().Add(time.Hour), ReadOnly: false})
		if err != nil {
			t.Fatal(err)
		}
		cases := []struct {
			name string
			run  func(t *testing.T)
		}{
			{"last used is touched at most once a minute", func(t *testing.T) {
				lastUsed := func() time.Time {
					var ts time.Time
					if err := d.QueryRow(context.Background(), `SELECT last_used_at FROM api_tokens WHERE id = ?`, at.ID).Scan(db.T(&ts)); err != nil {
						t.Fatal(err)
					}
					return ts
				}
				first := e.clock.Now()
				e.svc.AuthenticateToken(anonCtx(), tok)
				e.clock.Add(30 * time.Second)
				e.svc.AuthenticateToken(anonCtx(), tok)
				if got := lastUsed(); !got.Equal(first) {
					t.Fatalf("last used %v, want %v", got, first)
				}
				e.clock.Add(31 * time.Second)
				e.svc.AuthenticateToken(anonCtx(), tok)
				if got := lastUsed(); !got.Equal(e.clock.Now()) {
					t.Fatalf("last used %v, want %v", got, e.clock.Now())
				}
			}},
			{"other account cannot list or revoke", func(t *testing.T) {
				_, err := e.svc.Tokens(bobCtx, ana.ID)
				wantCode(t, err, core.Forbidden)
				// Another account's token answers like an unknown one, so
				// that ids cannot be probed.
				wantCode(t, e.svc.RevokeToken(bobCtx, at.ID), core.NotFound)
			}},
			{"unknown and garbage ids", func(t *testing.T) {
				wantCode(t, e.svc.RevokeToken(anaCtx, core.NewID()), core.NotFound)
				wantCode(t, e.svc.RevokeToken(anaCtx, "'; DELETE FROM api_tokens; --"), core.NotFound)
			}},
			{"expiry", func(t *testing.T) {
				e.clock.Add(time.Hour)
				_, err := e.svc.AuthenticateToken(anonCtx(), short)
				wantCode(t, err, core.Unauthenticated)
				list, _ := e.svc.Tokens(anaCtx, ana.ID)
				if len(list) != 1 || list[0].ID != at.ID {
					t.Fatalf("active tokens %+v", list)
				}
			}},
			{"revoke own", func(t *testing.T) {
				if err := e.svc.RevokeToken(anaCtx, at.ID); err != nil {
					t.Fatal(err)
				}
				_, err := e.svc.AuthenticateToken(anonCtx(), tok)
				wantCode(t, err, core.Unauthenticated)
				if err := e.svc.RevokeToken(anaCtx, at.ID); err != nil {
					t.Fatalf("revoke twice: %v", err)
				}
				if n := countActions(t, d, "auth.token.revoke"); n != 1 {
					t.Fatalf("%d auth.token.revoke", n)
				}
			}},
			{"admin revokes other's", func(t *testing.T) {
				tb, bt, err := e.svc.CreateToken(bobCtx, auth.TokenInput{Name: "bob's", ExpiresAt: e.clock.Now().Add(time.Hour), ReadOnly: false})
				if err != nil {
					t.Fatal(err)
				}
				if err := e.svc.RevokeToken(sysCtx(), bt.ID); err != nil {
					t.Fatal(err)
				}
				_, err = e.svc.AuthenticateToken(anonCtx(), tb)
				wantCode(t, err, core.Unauthenticated)
			}},
		}
		for _, tc := range cases {
			t.Run(tc.name, tc.run)
		}
	})
}

func TestForgedAPITokens(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.create(t, "user@example.org")
		tok, _, err := e.svc.CreateToken(e.ctxOf(t, "user@example.org"), auth.TokenInput{Name: "real", ExpiresAt: e.clock.Now().Add(time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		l, _ := e.login(t, "user@example.org")
		random := make([]byte, 32)
		rand.Read(random)
		body := strings.TrimPrefix(tok, "tk_")
		cases := []struct{ name, token string }{
			{"empty", ""},
			{"random string", "eyJhbGciOiJub25lIn0.e30."},
			{"random bytes, right prefix", "tk_" + base64.RawURLEncoding.EncodeToString(random)},
			{"session token", l.Token},
			{"session prefix, token body", "ts_" + body},
			{"no prefix", body},
			{"upper-case prefix", "TK_" + body},
			{"right prefix, one character changed", "tk_" + body[:20] + flipChar(body[20]) + body[21:]},
			{"right prefix, truncated", tok[:len(tok)-2]},
			{"right prefix, padded", tok + "="},
			{"non-canonical last char", "tk_" + body[:42] + "B"},
			{"SQL", "tk_' OR 1=1; --"},
			{"SQL of the right length", "tk_') UNION SELECT token_hash FROM api_tokens --"},
			{"unicode", "tk_" + strings.Repeat("ж", 21) + "a"},
			{"very long", "tk_" + strings.Repeat("A", 100000)},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				if tc.token == tok {
					t.Skip("mutation produced the real token")
				}
				_, err := e.svc.AuthenticateToken(anonCtx(), tc.token)
				wantCode(t, err, core.Unauthenticated)
			})
		}
		if _, err := e.svc.AuthenticateToken(anonCtx(), tok); err != nil {
			t.Fatalf("the real token: %v", err)
		}
	})
}

func flipChar(c byte) string {
	if c == 'x' {
		return "y"
	}
	return "x"
}

func TestIssueToken(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.create(t, "plain@example.org", global(core.RoleTrainer))
		e.create(t, "ncp@example.org", country(core.RoleNCP, "GE"))
		secret, _ := e.enrol(t, "ncp@example.org")
		e.clock.Add(time.Minute)
		cases := []struct {
			name      string
			email     string
			password  string
			code      func() string
			want      core.Code
			wantField string
		}{
			{"no TOTP on the account", "plain@example.org", pw, func() string { return "" }, "", ""},
			{"wrong password", "plain@example.org", "not the password", func() string { return "" }, core.Unauthenticated, ""},
			{"TOTP missing", "ncp@example.org", pw, func() string { return "" }, core.Unauthenticated, "required"},
			{"TOTP wrong", "ncp@example.org", pw, func() string { return "000000" }, core.Unauthenticated, "invalid"},
			{"TOTP wrong, wrong password", "ncp@example.org", "not the password", func() string { return code(t, secret, e.clock.Now()) }, core.Unauthenticated, ""},
			{"TOTP right", "ncp@example.org", pw, func() string { return code(t, secret, e.clock.Now()) }, "", ""},
			{"TOTP reused", "ncp@example.org", pw, func() string { return code(t, secret, e.clock.Now()) }, core.Unauthenticated, "invalid"},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				tok, at, err := e.svc.IssueToken(anonCtx(), tc.email, tc.password, tc.code(), "192.0.2.4", "curl/8")
				wantCode(t, err, tc.want)
				if tc.wantField != "" && !hasField(err, "totp", tc.wantField) {
					t.Fatalf("fields %+v", core.AsError(err).Fields)
				}
				if tc.want == core.Unauthenticated && tc.wantField == "" && core.AsError(err).Message != "wrong e-mail or password" {
					t.Fatalf("message %q", core.AsError(err).Message)
				}
				if err != nil {
					return
				}
				if at.Name != "api login" || at.ReadOnly || !at.ExpiresAt.Equal(e.clock.Now().Add(12*time.Hour)) {
					t.Fatalf("token %+v", at)
				}
				a, err := e.svc.AuthenticateToken(anonCtx(), tok)
				if err != nil || a.TokenID != at.ID || a.MFAPending {
					t.Fatalf("actor %+v %v", a, err)
				}
				e.clock.Add(12 * time.Hour)
				_, err = e.svc.AuthenticateToken(anonCtx(), tok)
				wantCode(t, err, core.Unauthenticated)
				e.clock.Add(-12 * time.Hour)
			})
		}
		verifyChain(t, e.log)
	})
}
