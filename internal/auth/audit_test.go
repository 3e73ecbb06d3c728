package auth_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/topcop-platform/topcop/internal/auth"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
	"github.com/topcop-platform/topcop/internal/db/dbtest"
)

// TestAuditTrail runs every write once and checks that each left its
// audit event, attributed to the right actor, without secrets, and that the
// chain verifies.
func TestAuditTrail(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		var secrets []string // everything that must never reach the log
		secrets = append(secrets, pw)
		admin := e.create(t, "admin@example.org", global(core.RoleAdmin))
		secret, adminCtx := e.enrol(t, admin.Email)
		secrets = append(secrets, secret)
		adminCtx = core.WithActor(context.Background(), func() core.Actor { a := core.ActorFrom(adminCtx); a.IP = "192.0.2.50"; return a }())
		var user auth.Account
		var userLogin auth.Login
		var tokID string
		steps := []struct {
			name   string
			run    func(t *testing.T)
			action string
			actor  string // actor_label of the entry
		}{
			{"create", func(t *testing.T) {
				var err error
				user, err = e.svc.CreateAccount(adminCtx, auth.AccountInput{Email: "user@example.org", Name: "User", Password: pw, Grants: []core.Grant{global(core.RoleTrainer)}})
				if err != nil {
					t.Fatal(err)
				}
			}, "auth.account.create", "admin@example.org"},
			{"update", func(t *testing.T) {
				if _, err := e.svc.UpdateAccount(adminCtx, user.ID, auth.AccountInput{Email: user.Email, Name: "User Two", Grants: user.Grants}); err != nil {
					t.Fatal(err)
				}
			}, "auth.account.update", "admin@example.org"},
			{"set password", func(t *testing.T) {
				if err := e.svc.SetPassword(adminCtx, user.ID, "the user's new password"); err != nil {
					t.Fatal(err)
				}
				secrets = append(secrets, "the user's new password")
			}, "auth.password.set", "admin@example.org"},
			{"failed login", func(t *testing.T) {
				e.svc.Login(anonCtx(), "user@example.org", "a wrong guess here", "192.0.2.9", "")
				secrets = append(secrets, "a wrong guess here")
			}, "auth.login.failed", "anonymous"},
			{"login", func(t *testing.T) {
				var err error
				userLogin, err = e.svc.Login(anonCtx(), "user@example.org", "the user's new password", "192.0.2.9", "")
				if err != nil {
					t.Fatal(err)
				}
				secrets = append(secrets, userLogin.Token, strings.TrimPrefix(userLogin.Token, "ts_"))
			}, "auth.login", "user@example.org"},
			{"begin TOTP", func(t *testing.T) {
				a, _ := e.svc.Authenticate(anonCtx(), userLogin.Token)
				en, err := e.svc.BeginTOTP(core.WithActor(context.Background(), a))
				if err != nil {
					t.Fatal(err)
				}
				secrets = append(secrets, en.Secret)
			}, "auth.totp.begin", "user@example.org"},
			{"reset TOTP", func(t *testing.T) {
				if err := e.svc.ResetTOTP(adminCtx, user.ID, "lost phone"); err != nil {
					t.Fatal(err)
				}
			}, "auth.totp.reset", "admin@example.org"},
			{"create token", func(t *testing.T) {
				// The reset ended the user's sessions: sign in again.
				var err error
				if userLogin, err = e.svc.Login(anonCtx(), "user@example.org", "the user's new password", "192.0.2.9", ""); err != nil {
					t.Fatal(err)
				}
				a, _ := e.svc.Authenticate(anonCtx(), userLogin.Token)
				tok, at, err := e.svc.CreateToken(core.WithActor(context.Background(), a), auth.TokenInput{Name: "script", ExpiresAt: e.clock.Now().Add(time.Hour), ReadOnly: true})
				if err != nil {
					t.Fatal(err)
				}
				tokID = at.ID
				secrets = append(secrets, tok, strings.TrimPrefix(tok, "tk_"))
			}, "auth.token.create", "user@example.org"},
			{"revoke token", func(t *testing.T) {
				if err := e.svc.RevokeToken(adminCtx, tokID); err != nil {
					t.Fatal(err)
				}
			}, "auth.token.revoke", "admin@example.org"},
			{"api login", func(t *testing.T) {
				e.clock.Add(time.Minute)
				tok, _, err := e.svc.IssueToken(anonCtx(), admin.Email, pw, code(t, secret, e.clock.Now()), "192.0.2.51", "")
				if err != nil {
					t.Fatal(err)
				}
				secrets = append(secrets, tok)
			}, "auth.token.create", "admin@example.org"},
			{"revoke session", func(t *testing.T) {
				if err := e.svc.RevokeSession(adminCtx, userLogin.Session.ID); err != nil {
					t.Fatal(err)
				}
			}, "auth.session.revoke", "admin@example.org"},
			{"logout", func(t *testing.T) {
				l, err := e.svc.Login(anonCtx(), "user@example.org", "the user's new password", "192.0.2.9", "")
				if err != nil {
					t.Fatal(err)
				}
				if err := e.svc.Logout(anonCtx(), l.Token); err != nil {
					t.Fatal(err)
				}
			}, "auth.logout", "user@example.org"},
			{"disable", func(t *testing.T) {
				if err := e.svc.DisableAccount(adminCtx, user.ID, true); err != nil {
					t.Fatal(err)
				}
			}, "auth.account.disable", "admin@example.org"},
		}
		for _, st := range steps {
			t.Run(st.name, func(t *testing.T) {
				before := len(auditLog(t, d))
				st.run(t)
				log := auditLog(t, d)
				if len(log) == before {
					t.Fatal("no audit entry")
				}
				last := log[len(log)-1]
				if last.Action != st.action || last.Actor != st.actor {
					t.Fatalf("last entry %s by %s, want %s by %s", last.Action, last.Actor, st.action, st.actor)
				}
				if last.Actor == "admin@example.org" && last.IP == "" {
					t.Fatalf("entry without IP: %+v", last)
				}
			})
		}
		want := []string{"auth.account.create", "auth.account.update", "auth.account.disable", "auth.password.set",
			"auth.totp.enabled", "auth.totp.reset", "auth.session.revoke", "auth.token.create", "auth.token.revoke",
			"auth.login", "auth.login.failed", "auth.logout"}
		got := actions(t, d)
		for _, a := range want {
			if !slices.Contains(got, a) {
				t.Errorf("no %s entry in %v", a, got)
			}
		}
		hashes := []string{hashOf(t, d, admin.ID), hashOf(t, d, user.ID)}
		for _, entry := range auditLog(t, d) {
			for _, s := range append(secrets, hashes...) {
				if strings.Contains(entry.Details, s) || strings.Contains(entry.EntityID, s) {
					t.Fatalf("audit entry %s leaks a secret: %s", entry.Action, entry.Details)
				}
			}
			if strings.Contains(entry.Details, "argon2") {
				t.Fatalf("audit entry %s leaks a hash: %s", entry.Action, entry.Details)
			}
		}
		verifyChain(t, e.log)
	})
}
