package cli_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/topcop-platform/topcop/internal/app"
	"github.com/topcop-platform/topcop/internal/auth"
	"github.com/topcop-platform/topcop/internal/config"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db/dbtest"
)

// platform opens the platform on dsn the way the commands do.
func platform(t *testing.T, dsn string) *app.Platform {
	t.Helper()
	cfg := config.Default()
	parsed, err := config.ParseDSN(dsn)
	if err != nil {
		t.Fatal(err)
	}
	cfg.DB = parsed
	p, err := app.Open(context.Background(), cfg, app.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

var cliCtx = core.WithActor(context.Background(), core.SystemActor("test"))

// enrolled signs email in, enrols TOTP, makes recovery codes and an API
// token, and returns the session and API tokens.
func enrolled(t *testing.T, p *app.Platform, email, password string) (session, token string) {
	t.Helper()
	ctx := context.Background()
	l, err := p.Auth.Login(ctx, email, password, "192.0.2.1", "test")
	if err != nil {
		t.Fatal(err)
	}
	a, err := p.Auth.Authenticate(ctx, l.Token)
	if err != nil {
		t.Fatal(err)
	}
	actx := core.WithActor(ctx, a)
	en, err := p.Auth.BeginTOTP(actx)
	if err != nil {
		t.Fatal(err)
	}
	code, err := totp.GenerateCode(en.Secret, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Auth.ConfirmTOTP(actx, code); err != nil {
		t.Fatal(err)
	}
	if a, err = p.Auth.Authenticate(ctx, l.Token); err != nil || a.MFAPending {
		t.Fatalf("after enrolment: %+v %v", a, err)
	}
	actx = core.WithActor(ctx, a)
	if _, err := p.Auth.NewRecoveryCodes(actx, auth.RecoveryInput{}); err != nil {
		t.Fatal(err)
	}
	tok, _, err := p.Auth.CreateToken(actx, auth.TokenInput{Name: "script", ExpiresAt: time.Now().Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	return l.Token, tok
}

// auditOf returns actor label and reason of the last audit entry with
// action.
func auditOf(t *testing.T, p *app.Platform, action string) (actor, reason string) {
	t.Helper()
	err := p.DB.QueryRow(context.Background(), `SELECT actor_label, reason FROM audit_log WHERE action = ? ORDER BY seq DESC LIMIT 1`, action).
		Scan(&actor, &reason)
	if err != nil {
		t.Fatalf("no %s entry: %v", action, err)
	}
	return actor, reason
}

// TestUserRecoveryCommands: `topcop user reset-2fa` and `topcop user
// set-password` recover an account: its second factor and recovery codes
// go, its sessions and tokens are revoked, the new password works and the
// old one not; both are audited with the actor "cli". Unknown e-mails,
// weak passwords and missing flags fail with a message and a non-zero
// exit code, changing nothing.
func TestUserRecoveryCommands(t *testing.T) {
	for _, engine := range dbtest.Engines {
		t.Run(engine, func(t *testing.T) {
			dsn := dbtest.DSN(t, engine).String()
			const pw = "a long enough passphrase"
			if r := run(t, pw+"\n", "user", "create", "--db", dsn, "--email", "ncp@example.org", "--name", "Nino", "--role", "ncp", "--country", "GE", "--password-stdin"); r.code != 0 {
				t.Fatalf("user create: %+v", r)
			}
			p := platform(t, dsn)
			session, token := enrolled(t, p, "ncp@example.org", pw)
			p.Close()

			bad := []struct {
				name, stdin string
				args        []string
				want        string
			}{
				{"reset-2fa unknown e-mail", "", []string{"reset-2fa", "--email", "nobody@example.org"}, "no account"},
				{"reset-2fa without e-mail", "", []string{"reset-2fa"}, "--email"},
				{"reset-2fa empty reason", "", []string{"reset-2fa", "--email", "ncp@example.org", "--reason", " "}, "reason: required"},
				{"set-password without --password-stdin", "", []string{"set-password", "--email", "ncp@example.org"}, "--password-stdin"},
				{"set-password unknown e-mail", "another good password\n", []string{"set-password", "--email", "nobody@example.org", "--password-stdin"}, "no account"},
				{"set-password weak", "short\n", []string{"set-password", "--email", "ncp@example.org", "--password-stdin"}, "password: weak"},
				{"set-password as the e-mail", "ncp@example.org\n", []string{"set-password", "--email", "ncp@example.org", "--password-stdin"}, "password: weak"},
				{"unknown subcommand", "", []string{"delete", "--email", "ncp@example.org"}, "user reset-2fa --email E"},
			}
			for _, b := range bad {
				r := run(t, b.stdin, append(append([]string{"user"}, b.args...), "--db", dsn)...)
				if r.code == 0 || !strings.Contains(r.stderr, b.want) {
					t.Errorf("%s: code %d, stderr %q (want it to mention %q)", b.name, r.code, r.stderr, b.want)
				}
			}
			p = platform(t, dsn)
			if _, err := p.Auth.Authenticate(context.Background(), session); err != nil {
				t.Fatalf("a refused command revoked the session: %v", err)
			}
			p.Close()

			r := run(t, "", "user", "reset-2fa", "--db", dsn, "--email", "NCP@example.org")
			if r.code != 0 || !strings.Contains(r.stdout, "ncp@example.org") || !strings.Contains(r.stdout, "next sign-in") {
				t.Fatalf("reset-2fa: %+v", r)
			}
			p = platform(t, dsn)
			ctx := context.Background()
			if _, err := p.Auth.Authenticate(ctx, session); !core.IsCode(err, core.Unauthenticated) {
				t.Errorf("session after reset-2fa: %v", err)
			}
			if _, err := p.Auth.AuthenticateToken(ctx, token); !core.IsCode(err, core.Unauthenticated) {
				t.Errorf("token after reset-2fa: %v", err)
			}
			acc, err := p.Auth.AccountByEmail(cliCtx, "ncp@example.org")
			if err != nil || acc.TOTPEnabled {
				t.Fatalf("after reset-2fa: %+v %v", acc, err)
			}
			var codes int
			if err := p.DB.QueryRow(ctx, `SELECT count(*) FROM recovery_codes WHERE account_id = ?`, acc.ID).Scan(&codes); err != nil || codes != 0 {
				t.Errorf("%d recovery codes left (%v)", codes, err)
			}
			if actor, reason := auditOf(t, p, "auth.totp.reset"); actor != "cli" || !strings.Contains(reason, "reset-2fa") {
				t.Errorf("auth.totp.reset by %q, reason %q; want the actor cli", actor, reason)
			}
			l, err := p.Auth.Login(ctx, "ncp@example.org", pw, "192.0.2.1", "")
			if err != nil || !l.NeedEnrolment {
				t.Fatalf("sign-in after reset-2fa: %+v %v (want enrolment)", l, err)
			}
			p.Close()

			r = run(t, "the operator's new passphrase\n", "user", "set-password", "--db", dsn, "--email", "ncp@example.org", "--password-stdin",
				"--reason", "forgot it; identity checked by a call")
			if r.code != 0 || !strings.Contains(r.stdout, "revoked") {
				t.Fatalf("set-password: %+v", r)
			}
			p = platform(t, dsn)
			defer p.Close()
			if _, err := p.Auth.Authenticate(ctx, l.Token); !core.IsCode(err, core.Unauthenticated) {
				t.Errorf("session after set-password: %v", err)
			}
			if _, err := p.Auth.Login(ctx, "ncp@example.org", pw, "192.0.2.2", ""); !core.IsCode(err, core.Unauthenticated) {
				t.Errorf("old password after set-password: %v", err)
			}
			if _, err := p.Auth.Login(ctx, "ncp@example.org", "the operator's new passphrase", "192.0.2.2", ""); err != nil {
				t.Errorf("new password: %v", err)
			}
			if actor, reason := auditOf(t, p, "auth.password.set"); actor != "cli" || reason != "forgot it; identity checked by a call" {
				t.Errorf("auth.password.set by %q, reason %q", actor, reason)
			}
			if r := run(t, "", "audit", "verify", "--db", dsn); r.code != 0 {
				t.Errorf("audit verify: %+v", r)
			}
		})
	}
}

// TestUserUsage: the usage text names the recovery commands.
func TestUserUsage(t *testing.T) {
	r := run(t, "", "help")
	for _, want := range []string{"topcop user set-password --email E --password-stdin", "topcop user reset-2fa --email E", "topcop user create --email E"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("usage lacks %q:\n%s", want, r.stdout)
		}
	}
}
