package auth_test

import (
	"context"
	"os"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/topcop-platform/topcop/internal/audit"
	"github.com/topcop-platform/topcop/internal/auth"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
)

func TestMain(m *testing.M) {
	auth.UseCheapHashing()
	os.Exit(m.Run())
}

// A valid password for tests.
const pw = "correct horse battery"

// Directory stand-ins.
var (
	knownCountries = []string{"AM", "AZ", "FR", "GE", "MD", "UA"}
	agencyGE       = "0190d6a4-0000-7000-8000-000000000001"
	agencyUnknown  = "0190d6a4-0000-7000-8000-0000000000ff"
)

// clock is a settable clock for Options.Now.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// env is one service over one fresh database.
type env struct {
	d     *db.DB
	log   *audit.Log
	svc   *auth.Service
	clock *clock
}

func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	l := audit.New(d)
	t.Cleanup(l.Close)
	c := &clock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	svc := auth.NewService(d, l, auth.Options{
		Now: c.Now,
		CountryExists: func(_ context.Context, code string) (bool, error) {
			return slices.Contains(knownCountries, code), nil
		},
		AgencyCountry: func(_ context.Context, id string) (string, error) {
			if id == agencyGE {
				return "GE", nil
			}
			return "", core.Errorf(core.NotFound, "agency not found")
		},
	})
	return &env{d: d, log: l, svc: svc, clock: c}
}

func sysCtx() context.Context {
	return core.WithActor(context.Background(), core.SystemActor("test"))
}

func anonCtx() context.Context { return context.Background() }

func global(r core.Role) core.Grant { return core.Grant{Role: r, ScopeKind: core.ScopeGlobal} }

func country(r core.Role, c string) core.Grant {
	return core.Grant{Role: r, ScopeKind: core.ScopeCountry, Country: c}
}

// create makes an account as the system actor.
func (e *env) create(t *testing.T, email string, grants ...core.Grant) auth.Account {
	t.Helper()
	a, err := e.svc.CreateAccount(sysCtx(), auth.AccountInput{Email: email, Name: "Test " + email, Password: pw, Grants: grants})
	if err != nil {
		t.Fatalf("create %s: %v", email, err)
	}
	return a
}

// login signs in and returns the login and the actor its session resolves to.
func (e *env) login(t *testing.T, email string) (auth.Login, core.Actor) {
	t.Helper()
	l, err := e.svc.Login(anonCtx(), email, pw, "192.0.2.1", "test-agent")
	if err != nil {
		t.Fatalf("login %s: %v", email, err)
	}
	a, err := e.svc.Authenticate(anonCtx(), l.Token)
	if err != nil {
		t.Fatalf("authenticate %s: %v", email, err)
	}
	return l, a
}

// ctxOf signs in as email (whose second factor, if required, is not
// pending) and returns a request context for that actor.
func (e *env) ctxOf(t *testing.T, email string) context.Context {
	t.Helper()
	_, a := e.login(t, email)
	a.IP = "192.0.2.1"
	return core.WithActor(context.Background(), a)
}

func wantCode(t *testing.T, err error, want core.Code) {
	t.Helper()
	if got := core.ErrorCode(err); got != want {
		t.Fatalf("error code = %q (%v), want %q", got, err, want)
	}
}

func hasField(err error, field, code string) bool {
	for _, f := range core.AsError(err).Fields {
		if f.Field == field && f.Code == code {
			return true
		}
	}
	return false
}

func count(t *testing.T, d *db.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := d.QueryRow(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// auditEntry is what tests look at in the audit log.
type auditEntry struct {
	Action, Entity, EntityID, ActorID, Actor, IP, Details string
}

func auditLog(t *testing.T, d *db.DB) []auditEntry {
	t.Helper()
	rows, err := d.Query(context.Background(), `SELECT action, entity, entity_id, actor_id, actor_label, ip, details FROM audit_log ORDER BY seq`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []auditEntry
	for rows.Next() {
		var e auditEntry
		if err := rows.Scan(&e.Action, &e.Entity, &e.EntityID, &e.ActorID, &e.Actor, &e.IP, &e.Details); err != nil {
			t.Fatal(err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func actions(t *testing.T, d *db.DB) []string {
	t.Helper()
	var out []string
	for _, e := range auditLog(t, d) {
		out = append(out, e.Action)
	}
	return out
}

func verifyChain(t *testing.T, l *audit.Log) {
	t.Helper()
	res, err := l.Verify(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !res.OK() {
		t.Fatalf("audit chain broken at %d: %s", res.Bad, res.Problem)
	}
}
