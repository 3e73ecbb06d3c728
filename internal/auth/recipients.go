package auth

import (
	"context"
	"strings"

	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
)

// Recipients lists the enabled accounts that hold role scoped to country
// (a country grant, or an agency grant of an agency in that country) or
// in the global scope, sorted by e-mail: whom a capability notifies of a
// step that concerns a country ("the ncps of Georgia"). Each account
// carries only its id, e-mail, name and language (no grants, no person).
//
// There is no admin check: capabilities call it inside use cases they
// have authorized already (training's OpenCall, Confirm, Respond), to
// address mail, and show the result to nobody. Any fully authenticated
// actor, or the system actor, may call it. Errors: core.Unauthenticated;
// core.Invalid (field "role") for an unknown role.
func (s *Service) Recipients(ctx context.Context, role core.Role, country string) ([]Account, error) {
	if _, err := signedIn(ctx); err != nil {
		return nil, err
	}
	if !role.Valid() {
		var v core.Validation
		v.Add("role", "invalid")
		return nil, v.Err()
	}
	country = strings.ToUpper(strings.TrimSpace(country))
	rows, err := s.db.Query(ctx, `SELECT a.id, a.email, a.name, a.lang FROM accounts a
		WHERE a.disabled_at IS NULL AND EXISTS (SELECT 1 FROM grants g WHERE g.account_id = a.id AND g.role = ?
			AND (g.scope_kind = ? OR (g.country = ? AND g.country <> '')))
		ORDER BY a.email`, string(role), core.ScopeGlobal, country)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Account{}
	for rows.Next() {
		var a Account
		if err := rows.Scan(&a.ID, &a.Email, &a.Name, &a.Lang); err != nil {
			return nil, db.Err(err)
		}
		out = append(out, a)
	}
	return out, db.Err(rows.Err())
}
