package core

import (
	"slices"
	"strings"
)

// Access is who may call a page route or an API operation. Every route
// declares one where it is registered; the central guard checks it before
// any handler parses input, and the route × role matrix test reads the
// same declarations. It is a first line only: the service still decides
// scope and need-to-know (an ncp's country, a co-member's contact details).
//
// The zero value is invalid: a route must say who may call it.
type Access struct {
	kind     accessKind
	roles    []Role // for accessRoles: any of these, in any scope
	write    bool   // changes data: refused to read-only tokens
	personal bool   // shows personal data: refused to observers
	enrol    bool   // reachable while the second factor is still pending
	secret   bool   // the path holds a secret (a feed token): never logged
}

type accessKind uint8

const (
	accessUnset accessKind = iota
	accessPublic
	accessMember
	accessRoles
)

// The basic declarations; refine them with Writes, Personal and Enrolling.
var (
	// Public routes answer anonymous callers too (sign-in, health, static files).
	Public = Access{kind: accessPublic}
	// Member routes answer every signed-in account.
	Member = Access{kind: accessMember}
	// Admin routes answer administrators only.
	Admin = RolesIn(RoleAdmin)
)

// RolesIn admits signed-in accounts holding one of roles in any scope.
func RolesIn(roles ...Role) Access {
	return Access{kind: accessRoles, roles: slices.Clone(roles)}
}

// Writes marks a route that changes data: read-only API tokens are refused.
func (a Access) Writes() Access { a.write = true; return a }

// Personal marks a route that shows personal data: observers, who see
// aggregated figures only, are refused.
func (a Access) Personal() Access { a.personal = true; return a }

// Enrolling marks a route an account may reach while its second factor is
// pending (the enrolment steps themselves).
func (a Access) Enrolling() Access { a.enrol = true; return a }

// SecretPath marks a route whose path carries a secret (a private feed's
// token): logs show the route's pattern instead of the path.
func (a Access) SecretPath() Access { a.secret = true; return a }

// HasSecretPath reports whether the route's path carries a secret.
func (a Access) HasSecretPath() bool { return a.secret }

// Declared reports whether a is a declaration (not the zero value).
func (a Access) Declared() bool { return a.kind != accessUnset }

// IsPublic reports whether anonymous callers pass.
func (a Access) IsPublic() bool { return a.kind == accessPublic }

// IsWrite reports whether the route changes data.
func (a Access) IsWrite() bool { return a.write }

// IsPersonal reports whether the route shows personal data.
func (a Access) IsPersonal() bool { return a.personal }

// DuringEnrolment reports whether an account with a pending second factor
// may reach the route.
func (a Access) DuringEnrolment() bool { return a.enrol }

// Roles returns the roles admitted, or nil when any signed-in account is.
func (a Access) Roles() []Role { return slices.Clone(a.roles) }

// Check decides whether actor may call the route. Errors:
// Unauthenticated (not signed in, or second factor pending), Forbidden
// (role, read-only token, observer on personal data), Internal (an
// undeclared route: a wiring bug).
func (a Access) Check(actor Actor) error {
	switch a.refusal(actor) {
	case refusedNone:
		return nil
	case refusedUndeclared:
		return Errorf(Internal, "route declares no access")
	case refusedAnonymous:
		return Errorf(Unauthenticated, "sign in first")
	case refusedRole:
		return Errorf(Forbidden, "this needs one of the roles %s", a.roleList())
	case refusedReadOnly:
		return Errorf(Forbidden, "this token is read-only")
	default:
		return Errorf(Forbidden, "observers see aggregated figures only")
	}
}

// Allows reports whether Check passes, without building an error (the
// menu asks it for every entry of every page).
func (a Access) Allows(actor Actor) bool { return a.refusal(actor) == refusedNone }

type refusal uint8

const (
	refusedNone refusal = iota
	refusedUndeclared
	refusedAnonymous
	refusedRole
	refusedReadOnly
	refusedObserver
)

func (a Access) refusal(actor Actor) refusal {
	switch {
	case a.kind == accessUnset:
		return refusedUndeclared
	case actor.MFAPending && a.enrol:
		return refusedNone
	case a.kind == accessPublic:
		return refusedNone
	case !actor.Authenticated():
		return refusedAnonymous
	case actor.System:
		return refusedNone
	case a.kind == accessRoles && !slices.ContainsFunc(a.roles, actor.Has):
		return refusedRole
	case a.write && actor.ReadOnly:
		return refusedReadOnly
	case a.personal && onlyObserver(actor):
		return refusedObserver
	}
	return refusedNone
}

// onlyObserver reports whether every grant of actor is an observer's.
func onlyObserver(actor Actor) bool {
	if len(actor.Grants) == 0 {
		return false
	}
	for _, g := range actor.Grants {
		if g.Role != RoleObserver {
			return false
		}
	}
	return true
}

func (a Access) roleList() string {
	s := make([]string, len(a.roles))
	for i, r := range a.roles {
		s[i] = string(r)
	}
	return strings.Join(s, ", ")
}

// String describes a, for docs and test names: "public", "member",
// "roles(admin,coordinator)+write+personal".
func (a Access) String() string {
	var s string
	switch a.kind {
	case accessPublic:
		s = "public"
	case accessMember:
		s = "member"
	case accessRoles:
		s = "roles(" + strings.ReplaceAll(a.roleList(), " ", "") + ")"
	default:
		return "undeclared"
	}
	if a.write {
		s += "+write"
	}
	if a.personal {
		s += "+personal"
	}
	if a.enrol {
		s += "+enrolling"
	}
	return s
}

// Equal reports whether a and b declare the same access.
func (a Access) Equal(b Access) bool {
	return a.kind == b.kind && slices.Equal(a.roles, b.roles) && a.write == b.write && a.personal == b.personal && a.enrol == b.enrol && a.secret == b.secret
}
