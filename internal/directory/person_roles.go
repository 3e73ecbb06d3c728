package directory

import (
	"context"

	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
)

// This file adds one read to the service for the person page: a person's
// roles in one call, instead of searching every network's members. It
// lives apart from service.go and store.go so that it can be reviewed (and
// moved) on its own.

// PersonRoles are a person's active contact-point designations and their
// memberships of active networks. They carry no contact details.
type PersonRoles struct {
	ContactPoints []ContactPoint `json:"contact_points"`
	Memberships   []Membership   `json:"memberships"`
}

// Membership is one of a person's network memberships, with the network.
type Membership struct {
	Member  Member  `json:"member"`
	Network Network `json:"network"`
}

// PersonRoles returns the roles of the person with id. Signed-in actors
// except observers (forbidden); not_found when there is no such person.
// Nothing is audited: the answer holds no contact details (ContactPoint
// and Member come without e-mail and phone, ContactVisible false).
func (s *Service) PersonRoles(ctx context.Context, id string) (PersonRoles, error) {
	out := PersonRoles{ContactPoints: []ContactPoint{}, Memberships: []Membership{}}
	if _, err := personalReader(ctx); err != nil {
		return out, err
	}
	if !core.ValidID(id) {
		return out, notFound("person")
	}
	err := s.db.Read(ctx, func(ctx context.Context) error {
		if _, err := s.st.person(ctx, condFalse, id); err != nil {
			return err
		}
		cps, err := s.st.personContactPoints(ctx, id)
		if err != nil {
			return err
		}
		ms, err := s.st.personMemberships(ctx, id)
		if err != nil {
			return err
		}
		out.ContactPoints, out.Memberships = cps, ms
		return nil
	})
	if err != nil {
		return PersonRoles{ContactPoints: []ContactPoint{}, Memberships: []Membership{}}, err
	}
	return out, nil
}

// personContactPoints returns the active contact points of a person, by
// kind and area, without contact details.
func (st *store) personContactPoints(ctx context.Context, personID string) ([]ContactPoint, error) {
	c := contactPointCols(condFalse)
	rows, err := st.db.Query(ctx, `SELECT `+c.SQL+contactPointFrom+` WHERE cp.person_id = ? AND cp.archived_at IS NULL
		ORDER BY cp.kind, cp.area, cp.id`, append(c.Args, personID)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []ContactPoint{}
	for rows.Next() {
		cp, err := scanContactPoint(rows, nil)
		if err != nil {
			return nil, db.Err(err)
		}
		out = append(out, cp)
	}
	return out, db.Err(rows.Err())
}

// personMemberships returns a person's memberships of active networks, by
// network name, without contact details.
func (st *store) personMemberships(ctx context.Context, personID string) ([]Membership, error) {
	rows, err := st.db.Query(ctx, `SELECT `+networkCols+` FROM networks n
		WHERE n.archived_at IS NULL AND EXISTS (SELECT 1 FROM network_members x WHERE x.network_id = n.id AND x.person_id = ?)
		ORDER BY n.sort_name, n.id`, personID)
	if err != nil {
		return nil, err
	}
	var nets []Network
	for rows.Next() {
		n, err := scanNetwork(rows, nil)
		if err != nil {
			rows.Close()
			return nil, db.Err(err)
		}
		nets = append(nets, n)
	}
	if err := db.Err(rows.Err()); err != nil {
		rows.Close()
		return nil, err
	}
	rows.Close()
	c := memberCols(condFalse)
	mrows, err := st.db.Query(ctx, `SELECT `+c.SQL+memberFrom+` WHERE m.person_id = ?`, append(c.Args, personID)...)
	if err != nil {
		return nil, err
	}
	defer mrows.Close()
	byNetwork := map[string]Member{}
	for mrows.Next() {
		m, err := scanMember(mrows, nil)
		if err != nil {
			return nil, db.Err(err)
		}
		byNetwork[m.NetworkID] = m
	}
	if err := db.Err(mrows.Err()); err != nil {
		return nil, err
	}
	out := make([]Membership, 0, len(nets))
	for _, n := range nets {
		if m, ok := byNetwork[n.ID]; ok {
			out = append(out, Membership{Member: m, Network: n})
		}
	}
	return out, nil
}
