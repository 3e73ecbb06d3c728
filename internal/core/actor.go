package core

import (
	"context"
	"slices"
)

// Role is what a person does on the platform (DESIGN.md §2).
type Role string

// The roles. A person can hold several; each grant carries a scope.
const (
	RoleAdmin       Role = "admin"
	RoleCoordinator Role = "coordinator"
	RoleNCP         Role = "ncp"
	RoleTrainer     Role = "trainer"
	RoleMentor      Role = "mentor"
	RoleParticipant Role = "participant"
	RoleAnalyst     Role = "analyst"
	RoleObserver    Role = "observer"
)

// Roles lists every role in display order.
var Roles = []Role{RoleAdmin, RoleCoordinator, RoleNCP, RoleTrainer, RoleMentor, RoleParticipant, RoleAnalyst, RoleObserver}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return slices.Contains(Roles, r) }

// NeedsTOTP reports whether holders of r must enrol a second factor before
// they reach any data.
func (r Role) NeedsTOTP() bool {
	switch r {
	case RoleAdmin, RoleCoordinator, RoleNCP, RoleAnalyst:
		return true
	}
	return false
}

// Scope kinds of a grant.
const (
	ScopeGlobal   = "global"
	ScopeCountry  = "country"
	ScopeAgency   = "agency"
	ScopeActivity = "activity"
	ScopeNetwork  = "network"
)

// Grant gives a role within a scope. Country is set for country scopes and
// for agency scopes (the agency's country), so country checks need no join.
type Grant struct {
	Role      Role   `json:"role"`
	ScopeKind string `json:"scope_kind"`
	ScopeID   string `json:"scope_id,omitempty"` // agency, activity or network id
	Country   string `json:"country,omitempty"`
}

// Actor is whoever performs an operation: a signed-in account, an API token,
// or the system itself (CLI, demo loader, jobs).
type Actor struct {
	AccountID string
	PersonID  string // the directory person this account is, if linked
	Name      string
	Email     string
	Grants    []Grant
	SessionID string // set for browser sessions
	TokenID   string // set for API tokens
	ReadOnly  bool   // read-only API token
	System    bool   // CLI and background work: every check passes
	// MFAPending is set for a signed-in account that still has to pass or
	// enrol its second factor; such an actor reaches no data.
	MFAPending bool
	IP         string
	UserAgent  string
}

// SystemActor is used by the CLI and the demo loader.
func SystemActor(name string) Actor {
	return Actor{Name: name, System: true, Grants: []Grant{{Role: RoleAdmin, ScopeKind: ScopeGlobal}}}
}

// Authenticated reports whether a is a real actor (not anonymous).
// An account whose second factor is pending is not authenticated.
func (a Actor) Authenticated() bool { return a.System || (a.AccountID != "" && !a.MFAPending) }

// Has reports whether a holds role r in any scope.
func (a Actor) Has(r Role) bool {
	for _, g := range a.Grants {
		if g.Role == r {
			return true
		}
	}
	return false
}

// HasGlobal reports whether a holds role r with global scope.
func (a Actor) HasGlobal(r Role) bool {
	for _, g := range a.Grants {
		if g.Role == r && g.ScopeKind == ScopeGlobal {
			return true
		}
	}
	return false
}

// IsAdmin reports whether a administers the platform.
func (a Actor) IsAdmin() bool { return a.System || a.Has(RoleAdmin) }

// IsStaff reports whether a sees and edits everything in the project:
// admins and coordinators (the project team).
func (a Actor) IsStaff() bool { return a.IsAdmin() || a.Has(RoleCoordinator) }

// Countries returns the countries in which a holds role r, from country and
// agency scoped grants, sorted and without duplicates.
func (a Actor) Countries(r Role) []string {
	var cs []string
	for _, g := range a.Grants {
		if g.Role == r && g.Country != "" && !slices.Contains(cs, g.Country) {
			cs = append(cs, g.Country)
		}
	}
	slices.Sort(cs)
	return cs
}

// RoleNames returns the distinct roles a holds, in Roles order.
func (a Actor) RoleNames() []string {
	var out []string
	for _, r := range Roles {
		if a.Has(r) {
			out = append(out, string(r))
		}
	}
	return out
}

// NeedsTOTP reports whether any role of a requires a second factor.
func (a Actor) NeedsTOTP() bool {
	for _, g := range a.Grants {
		if g.Role.NeedsTOTP() {
			return true
		}
	}
	return false
}

// Label is how the actor appears in the audit log.
func (a Actor) Label() string {
	switch {
	case a.Email != "":
		return a.Email
	case a.Name != "":
		return a.Name
	default:
		return "anonymous"
	}
}

type actorKey struct{}

// WithActor returns ctx carrying a.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor in ctx, or the zero (anonymous) Actor.
func ActorFrom(ctx context.Context) Actor {
	a, _ := ctx.Value(actorKey{}).(Actor)
	return a
}
