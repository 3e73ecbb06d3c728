package apptest

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/topcop-platform/topcop/internal/auth"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/demo"
)

// demoPassword is the password of the demo accounts (LoadDemo).
const demoPassword = demo.Password

// GlobalGrant is role r in every scope.
func GlobalGrant(r core.Role) core.Grant { return core.Grant{Role: r, ScopeKind: core.ScopeGlobal} }

// CountryGrant is role r in country cc.
func CountryGrant(r core.Role, cc string) core.Grant {
	return core.Grant{Role: r, ScopeKind: core.ScopeCountry, Country: cc}
}

// RoleGrant is the usual grant of role r in tests: global where the role
// allows it, Georgia for ncp and analyst.
func RoleGrant(r core.Role) core.Grant {
	if r == core.RoleNCP || r == core.RoleAnalyst {
		return CountryGrant(r, "GE")
	}
	return GlobalGrant(r)
}

// CreateAccount makes an account with Password and grants, as the system
// actor (like `topcop user create`).
func (e *Env) CreateAccount(t testing.TB, email string, grants ...core.Grant) auth.Account {
	t.Helper()
	name := "Test " + strings.Split(email, "@")[0]
	a, err := e.Auth.CreateAccount(SysCtx(), auth.AccountInput{Email: email, Name: name, Password: Password, Grants: grants})
	if err != nil {
		t.Fatalf("create account %s: %v", email, err)
	}
	e.mu.Lock()
	e.accounts[a.Email] = a
	e.mu.Unlock()
	return a
}

// LinkPerson makes acc the directory person personID (accounts of
// trainers, mentors and ncps are people of the directory).
func (e *Env) LinkPerson(t testing.TB, acc auth.Account, personID string) auth.Account {
	t.Helper()
	in := auth.AccountInput{Email: acc.Email, Name: acc.Name, PersonID: personID, Grants: acc.Grants}
	a, err := e.Auth.UpdateAccount(SysCtx(), acc.ID, in)
	if err != nil {
		t.Fatalf("link %s to person %s: %v", acc.Email, personID, err)
	}
	e.mu.Lock()
	e.accounts[a.Email] = a
	e.mu.Unlock()
	return a
}

// AccountFor returns the account "<role>@example.org" holding
// RoleGrant(r), creating it on first use.
func (e *Env) AccountFor(t testing.TB, r core.Role) auth.Account {
	t.Helper()
	email := string(r) + "@example.org"
	e.mu.Lock()
	a, ok := e.accounts[email]
	e.mu.Unlock()
	if ok {
		return a
	}
	return e.CreateAccount(t, email, RoleGrant(r))
}

// PasswordOf is the password the harness signs email in with: Password,
// or the demo password for the demo accounts once LoadDemo ran.
func (e *Env) PasswordOf(email string) string {
	e.mu.Lock()
	defer e.mu.Unlock()
	if p, ok := e.passwords[auth.NormalizeEmail(email)]; ok {
		return p
	}
	return Password
}

// SetPassword tells the harness the password of email (an account a test
// made or changed itself).
func (e *Env) SetPassword(email, password string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.passwords[auth.NormalizeEmail(email)] = password
}

// Secret returns the TOTP secret the harness enrolled for email, or "".
func (e *Env) Secret(email string) string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.secrets[auth.NormalizeEmail(email)]
}

// SetSecret tells the harness the TOTP secret of email.
func (e *Env) SetSecret(email, secret string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.secrets[auth.NormalizeEmail(email)] = secret
}

// CodeFor moves the clock to the next 30-second step and returns the TOTP
// code of secret at that time (a code is accepted once per step).
func (e *Env) CodeFor(t testing.TB, secret string) string {
	t.Helper()
	e.Clock.Advance(30 * time.Second)
	code, err := totp.GenerateCode(secret, e.Clock.Now())
	if err != nil {
		t.Fatalf("totp.GenerateCode: %v", err)
	}
	return code
}

// EnrolTOTP enrols a second factor for acc through the service (as the
// account itself) and remembers the secret.
func (e *Env) EnrolTOTP(t testing.TB, acc auth.Account) string {
	t.Helper()
	ctx := core.WithActor(context.Background(), core.Actor{AccountID: acc.ID, Email: acc.Email, Name: acc.Name, Grants: acc.Grants})
	en, err := e.Auth.BeginTOTP(ctx)
	if err != nil {
		t.Fatalf("BeginTOTP %s: %v", acc.Email, err)
	}
	if err := e.Auth.ConfirmTOTP(ctx, e.CodeFor(t, en.Secret)); err != nil {
		t.Fatalf("ConfirmTOTP %s: %v", acc.Email, err)
	}
	e.SetSecret(acc.Email, en.Secret)
	return en.Secret
}

// SignIn signs email in through the real forms, including the second
// factor: the code step for an enrolled account, and enrolment on the web
// page for one whose roles require it. It fails unless the session ends
// up complete.
func (e *Env) SignIn(t testing.TB, email string) *Client {
	t.Helper()
	c := e.NewClient()
	res := c.Login(t, email, e.PasswordOf(email), "")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in %s: status %d\n%s", email, res.StatusCode, Excerpt(res.Body))
	}
	switch loc := res.Location(); {
	case strings.HasPrefix(loc, "/login/totp"):
		secret := e.Secret(email)
		if secret == "" {
			t.Fatalf("sign in %s: asked for a code, but the harness knows no secret", email)
		}
		res = c.PostForm(t, "/login/totp", map[string][]string{"code": {e.CodeFor(t, secret)}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("sign in %s: code step: status %d\n%s", email, res.StatusCode, Excerpt(res.Body))
		}
	case strings.HasPrefix(loc, "/account/totp"):
		c.EnrolOnWeb(t, email)
	}
	if res := c.Get(t, "/account"); res.StatusCode != http.StatusOK {
		t.Fatalf("sign in %s: GET /account: status %d (Location %q)", email, res.StatusCode, res.Location())
	}
	return c
}

// APIToken signs in to the API (POST /api/v1/auth/token) and returns the
// token. An account whose roles require a second factor is enrolled first
// (through the service), so that the token reaches data.
func (e *Env) APIToken(t testing.TB, email string) string {
	t.Helper()
	e.ensureEnrolled(t, email)
	body := map[string]string{"email": email, "password": e.PasswordOf(email)}
	if s := e.Secret(email); s != "" {
		body["totp"] = e.CodeFor(t, s)
	}
	res := e.DoJSON(t, http.MethodPost, "/api/v1/auth/token", "", body)
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("API token for %s: status %d: %s", email, res.StatusCode, res.Body)
	}
	var out struct {
		Token string `json:"token"`
	}
	res.JSON(t, &out)
	return out.Token
}

// ReadOnlyAPIToken returns a read-only API token of email, made with
// POST /api/v1/me/tokens.
func (e *Env) ReadOnlyAPIToken(t testing.TB, email string) string {
	t.Helper()
	tok := e.APIToken(t, email)
	res := e.DoJSON(t, http.MethodPost, "/api/v1/me/tokens", tok, map[string]any{
		"name": "read-only test token", "expires_at": e.Clock.Now().Add(24 * time.Hour), "read_only": true,
	})
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("read-only API token for %s: status %d: %s", email, res.StatusCode, res.Body)
	}
	var out struct {
		Token    string `json:"token"`
		ReadOnly bool   `json:"read_only"`
	}
	res.JSON(t, &out)
	if !out.ReadOnly {
		t.Fatalf("read-only API token for %s: the token is not read-only: %s", email, res.Body)
	}
	return out.Token
}

// Account returns the account of email, as the system sees it.
func (e *Env) Account(t testing.TB, email string) auth.Account {
	t.Helper()
	email = auth.NormalizeEmail(email)
	l, err := e.Auth.ListAccounts(SysCtx(), auth.AccountFilter{Query: email, IncludeDisabled: true}, core.PageRequest{Limit: 100})
	if err != nil {
		t.Fatalf("find account %s: %v", email, err)
	}
	for _, a := range l.Items {
		if a.Email == email {
			return a
		}
	}
	t.Fatalf("no account %s", email)
	return auth.Account{}
}

// ensureEnrolled enrols a second factor for email (through the service)
// if its roles require one and the harness knows no secret for it.
func (e *Env) ensureEnrolled(t testing.TB, email string) {
	t.Helper()
	if e.Secret(email) != "" {
		return
	}
	e.mu.Lock()
	acc, known := e.accounts[auth.NormalizeEmail(email)]
	e.mu.Unlock()
	if !known {
		l, err := e.Auth.ListAccounts(SysCtx(), auth.AccountFilter{Query: auth.NormalizeEmail(email)}, core.PageRequest{Limit: 100})
		if err != nil {
			return // the sign-in will say what is wrong
		}
		for _, a := range l.Items {
			if a.Email == auth.NormalizeEmail(email) {
				acc, known = a, true
			}
		}
	}
	if known && acc.NeedsTOTP() && !acc.TOTPEnabled {
		e.EnrolTOTP(t, acc)
	}
}

// AuditActions returns the actions of the whole audit log, oldest first.
func (e *Env) AuditActions(t testing.TB) []string {
	t.Helper()
	// Straight from the table: audit.Log.List would itself record a
	// browse entry.
	rows, err := e.DB.Query(context.Background(), `SELECT action FROM audit_log ORDER BY seq`)
	if err != nil {
		t.Fatalf("audit actions: %v", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			t.Fatal(err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// AccountCount is the number of accounts, disabled ones included.
func (e *Env) AccountCount(t testing.TB) int {
	t.Helper()
	l, err := e.Auth.ListAccounts(SysCtx(), auth.AccountFilter{IncludeDisabled: true}, core.PageRequest{Limit: 1})
	if err != nil {
		t.Fatalf("list accounts: %v", err)
	}
	return l.Total
}
