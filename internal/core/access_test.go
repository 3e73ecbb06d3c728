package core_test

import (
	"slices"
	"testing"

	"github.com/topcop-platform/topcop/internal/core"
)

// The actor shapes a route meets.
var (
	anonymous  = core.Actor{}
	mfaPending = core.Actor{AccountID: "a1", MFAPending: true, Grants: []core.Grant{{Role: core.RoleAdmin, ScopeKind: core.ScopeGlobal}}}
	system     = core.SystemActor("cli")
	noGrants   = core.Actor{AccountID: "a2", SessionID: "s"}
	admin      = core.Actor{AccountID: "a3", SessionID: "s", Grants: []core.Grant{{Role: core.RoleAdmin, ScopeKind: core.ScopeGlobal}}}
	ncp        = core.Actor{AccountID: "a4", SessionID: "s", Grants: []core.Grant{{Role: core.RoleNCP, ScopeKind: core.ScopeCountry, Country: "GE"}}}
	readOnly   = core.Actor{AccountID: "a5", TokenID: "t", ReadOnly: true, Grants: []core.Grant{{Role: core.RoleAdmin, ScopeKind: core.ScopeGlobal}}}
	observer   = core.Actor{AccountID: "a6", SessionID: "s", Grants: []core.Grant{{Role: core.RoleObserver, ScopeKind: core.ScopeGlobal}}}
	observerTo = core.Actor{AccountID: "a7", SessionID: "s", Grants: []core.Grant{
		{Role: core.RoleObserver, ScopeKind: core.ScopeGlobal},
		{Role: core.RoleNCP, ScopeKind: core.ScopeCountry, Country: "MD"},
	}}
)

func TestAccessCheck(t *testing.T) {
	actors := []struct {
		name  string
		actor core.Actor
	}{
		{"anonymous", anonymous}, {"mfa pending", mfaPending}, {"system", system}, {"no grants", noGrants},
		{"admin", admin}, {"ncp", ncp}, {"read-only token", readOnly}, {"observer only", observer},
		{"observer and ncp", observerTo},
	}
	const (
		ok     = core.Code("")
		unauth = core.Unauthenticated
		forbid = core.Forbidden
		intern = core.Internal
	)
	// want holds one code per actor, in the order above.
	for _, tc := range []struct {
		name   string
		access core.Access
		want   []core.Code
	}{
		{"undeclared", core.Access{}, []core.Code{intern, intern, intern, intern, intern, intern, intern, intern, intern}},
		{"public", core.Public, []core.Code{ok, ok, ok, ok, ok, ok, ok, ok, ok}},
		{"public write", core.Public.Writes(), []core.Code{ok, ok, ok, ok, ok, ok, ok, ok, ok}},
		{"member", core.Member, []core.Code{unauth, unauth, ok, ok, ok, ok, ok, ok, ok}},
		{"member write", core.Member.Writes(), []core.Code{unauth, unauth, ok, ok, ok, ok, forbid, ok, ok}},
		{"member personal", core.Member.Personal(), []core.Code{unauth, unauth, ok, ok, ok, ok, ok, forbid, ok}},
		{"member enrolling", core.Member.Enrolling(), []core.Code{unauth, ok, ok, ok, ok, ok, ok, ok, ok}},
		{"admin", core.Admin, []core.Code{unauth, unauth, ok, forbid, ok, forbid, ok, forbid, forbid}},
		{"admin write", core.Admin.Writes(), []core.Code{unauth, unauth, ok, forbid, ok, forbid, forbid, forbid, forbid}},
		// Roles are not ranked: an admin passes only where admin is listed.
		{"ncp", core.RolesIn(core.RoleNCP), []core.Code{unauth, unauth, ok, forbid, forbid, ok, forbid, forbid, ok}},
		{"editors write personal", core.RolesIn(core.RoleAdmin, core.RoleNCP).Writes().Personal(),
			[]core.Code{unauth, unauth, ok, forbid, ok, ok, forbid, forbid, ok}},
		{"observer personal", core.RolesIn(core.RoleObserver).Personal(), []core.Code{unauth, unauth, ok, forbid, forbid, forbid, forbid, forbid, ok}},
		{"no roles", core.RolesIn(), []core.Code{unauth, unauth, ok, forbid, forbid, forbid, forbid, forbid, forbid}},
	} {
		if len(tc.want) != len(actors) {
			t.Fatalf("%s: %d expectations for %d actors", tc.name, len(tc.want), len(actors))
		}
		for i, a := range actors {
			t.Run(tc.name+"/"+a.name, func(t *testing.T) {
				err := tc.access.Check(a.actor)
				if got := core.ErrorCode(err); got != tc.want[i] {
					t.Fatalf("%s.Check(%s) = %v, want code %q", tc.access, a.name, err, tc.want[i])
				}
				if tc.access.Allows(a.actor) != (tc.want[i] == ok) {
					t.Fatalf("Allows disagrees with Check")
				}
			})
		}
	}
}

func TestAccessString(t *testing.T) {
	for _, tc := range []struct {
		access core.Access
		want   string
	}{
		{core.Access{}, "undeclared"},
		{core.Public, "public"},
		{core.Member, "member"},
		{core.Admin, "roles(admin)"},
		{core.Member.Enrolling(), "member+enrolling"},
		{core.RolesIn(core.RoleAdmin, core.RoleCoordinator).Writes().Personal(), "roles(admin,coordinator)+write+personal"},
		{core.Public.Personal().Writes(), "public+write+personal"},
	} {
		t.Run(tc.want, func(t *testing.T) {
			if got := tc.access.String(); got != tc.want {
				t.Fatalf("String() = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestAccessEqual(t *testing.T) {
	for _, tc := range []struct {
		name string
		a, b core.Access
		want bool
	}{
		{"same basic", core.Member, core.Member, true},
		{"built alike", core.RolesIn(core.RoleAdmin).Writes(), core.Admin.Writes(), true},
		{"kinds differ", core.Public, core.Member, false},
		{"roles differ", core.RolesIn(core.RoleAdmin), core.RolesIn(core.RoleNCP), false},
		{"more roles", core.RolesIn(core.RoleAdmin), core.RolesIn(core.RoleAdmin, core.RoleNCP), false},
		{"write differs", core.Member, core.Member.Writes(), false},
		{"personal differs", core.Member, core.Member.Personal(), false},
		{"enrolling differs", core.Member, core.Member.Enrolling(), false},
		{"undeclared", core.Access{}, core.Access{}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.a.Equal(tc.b); got != tc.want {
				t.Fatalf("%s.Equal(%s) = %v, want %v", tc.a, tc.b, got, tc.want)
			}
			if got := tc.b.Equal(tc.a); got != tc.want {
				t.Fatalf("Equal is not symmetric")
			}
		})
	}
}

// TestAccessIsAValue: refining a declaration never changes the one it
// started from, nor does the caller's slice of roles.
func TestAccessIsAValue(t *testing.T) {
	_ = core.Member.Writes().Personal().Enrolling()
	if !core.Member.Equal(core.Member) || core.Member.IsWrite() || core.Member.IsPersonal() || core.Member.DuringEnrolment() {
		t.Fatalf("core.Member changed: %s", core.Member)
	}
	roles := []core.Role{core.RoleNCP}
	a := core.RolesIn(roles...)
	roles[0] = core.RoleAdmin
	got := a.Roles()
	if !slices.Equal(got, []core.Role{core.RoleNCP}) {
		t.Fatalf("Roles() = %v after the caller's slice changed", got)
	}
	got[0] = core.RoleAdmin
	if !slices.Equal(a.Roles(), []core.Role{core.RoleNCP}) {
		t.Fatal("Roles() hands out the access's own slice")
	}
	if core.Member.Roles() != nil {
		t.Fatal("Member lists roles")
	}
	w := core.Admin.Writes().Personal().Enrolling()
	if !w.Declared() || w.IsPublic() || !w.IsWrite() || !w.IsPersonal() || !w.DuringEnrolment() {
		t.Fatalf("accessors of %s", w)
	}
	if (core.Access{}).Declared() || !core.Public.IsPublic() {
		t.Fatal("Declared or IsPublic wrong")
	}
}
