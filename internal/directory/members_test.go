package directory_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/topcop-platform/topcop/internal/app/apptest"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
	"github.com/topcop-platform/topcop/internal/demo"
	"github.com/topcop-platform/topcop/internal/directory"
)

// TestMemberRights: who may change a network's members (staff, the
// network's chair and secretariat, ncps for people of their country) and
// that no account widens its own visibility by changing its own
// membership.
func TestMemberRights(t *testing.T) {
	eachEngine(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		s := f.svc
		as := func(a core.Actor) context.Context { return core.WithActor(context.Background(), a) }
		// nino chairs SCF; tudor is a plain member of SCF; giorgi is
		// ESN's secretariat; olena a plain member of ESN.
		ncpNino := as(account("ncp.nino@example.org", f.nino.ID, grant(core.RoleNCP, "GE")))
		chair := as(account("nino@example.org", f.nino.ID, grant(core.RoleParticipant, "")))
		secretariat := as(account("giorgi@example.org", f.giorgi.ID, grant(core.RoleTrainer, "")))
		plain := f.as("trainer") // tudor
		ncpGE := f.as("ncp_ge")
		coordOlena := as(account("coord.olena@example.org", f.olena.ID, grant(core.RoleCoordinator, "")))
		readOnlyChair := account("nino.token@example.org", f.nino.ID, grant(core.RoleParticipant, ""))
		readOnlyChair.ReadOnly = true

		visible := func(ctx context.Context, n directory.Network) int {
			t.Helper()
			l, err := s.Members(ctx, n.ID, directory.MemberFilter{}, core.PageRequest{Limit: 100})
			if err != nil {
				t.Fatal(err)
			}
			c := 0
			for _, m := range l.Items {
				if m.ContactVisible && m.PersonID != core.ActorFrom(ctx).PersonID {
					c++
				}
			}
			return c
		}
		add := func(ctx context.Context, n directory.Network, p directory.Person, role directory.MemberRole) (directory.Member, error) {
			return s.AddMember(ctx, n.ID, directory.MemberInput{PersonID: p.ID, Role: role})
		}
		want := func(what string, err error, code core.Code) {
			t.Helper()
			if got := core.ErrorCode(err); got != code {
				t.Errorf("%s: got %q (%v), want %q", what, got, err, code)
			}
		}

		// The reported hole: an ncp adds their own person to a network
		// whose members they may not see, and then sees them.
		before := visible(ncpNino, f.esn)
		if before != 1 { // giorgi, of Georgia
			t.Fatalf("the ncp linked to nino sees %d ESN contacts before, want 1 (giorgi)", before)
		}
		_, err := add(ncpNino, f.esn, f.nino, directory.RoleMember)
		want("an ncp adds their own person", err, core.Forbidden)
		if after := visible(ncpNino, f.esn); after != before {
			t.Errorf("ESN contacts visible to the ncp: %d before, %d after", before, after)
		}
		_, err = add(plain, f.esn, f.tudor, directory.RoleChair)
		want("a trainer adds their own person", err, core.Forbidden)
		_, err = s.UpdateMember(plain, f.mTudor.ID, "chair")
		want("a plain member promotes themself", err, core.Forbidden)
		_, err = s.UpdateMember(chair, f.mNino.ID, "member")
		want("the chair changes their own role", err, core.Forbidden)
		want("the chair removes themself", s.RemoveMember(chair, f.mNino.ID), core.Forbidden)

		// Managers: the chair and the secretariat, of their network only.
		m, err := add(chair, f.scf, f.olena, directory.RoleMember)
		want("the chair adds a person of another country", err, "")
		_, err = s.UpdateMember(chair, m.ID, "secretariat")
		want("the chair changes a member's role", err, "")
		want("the chair removes a member", s.RemoveMember(chair, m.ID), "")
		_, err = add(chair, f.esn, f.tudor, directory.RoleMember)
		want("the chair of SCF adds to ESN", err, core.Forbidden)
		_, err = s.UpdateMember(secretariat, f.mOlena.ID, "observer")
		want("ESN's secretariat changes a role", err, "")
		_, err = s.UpdateMember(secretariat, f.mTudor.ID, "observer")
		want("ESN's secretariat changes a role in SCF", err, core.Forbidden)
		_, err = add(plain, f.scf, f.olena, directory.RoleMember)
		want("a plain member adds someone", err, core.Forbidden)
		_, err = add(as(readOnlyChair), f.scf, f.olena, directory.RoleMember)
		want("the chair's read-only token", err, core.Forbidden)

		// ncps: people of their country, no roles.
		m, err = add(ncpGE, f.esn, f.nino, directory.RoleMember)
		want("the ncp of Georgia adds a Georgian", err, "")
		_, err = s.UpdateMember(ncpGE, m.ID, "chair")
		want("the ncp of Georgia changes a role", err, core.Forbidden)
		want("the ncp of Georgia removes a Georgian", s.RemoveMember(ncpGE, m.ID), "")
		_, err = add(ncpGE, f.esn, f.tudor, directory.RoleMember)
		want("the ncp of Georgia adds a Moldovan", err, core.Forbidden)

		// Staff see everything already: they may add their own person.
		m, err = add(coordOlena, f.scf, f.olena, directory.RoleMember)
		want("a coordinator adds their own person", err, "")
		want("a coordinator removes their own person", s.RemoveMember(coordOlena, m.ID), "")

		// What the pages offer follows the same rule.
		if !s.CanManageMembers(chair, f.scf.ID).CanAdd() || s.CanManageMembers(chair, f.esn.ID).CanAdd() {
			t.Error("the chair of SCF: want the add form on SCF only")
		}
		if s.CanManageMembers(plain, f.scf.ID).CanAdd() {
			t.Error("a plain member is offered the add form")
		}
		r := s.CanManageMembers(chair, f.scf.ID)
		if r.CanChange(f.mNino) || r.CanRemove(f.mNino) || !r.CanChange(f.mTudor) {
			t.Error("the chair: want controls on other members only")
		}
		if r := s.CanManageMembers(ncpGE, f.esn.ID); !r.CanAdd() || r.CanChange(f.mGio) || !r.CanRemove(f.mGio) || r.CanRemove(f.mOlena) {
			t.Error("the ncp of Georgia: want add, and remove Georgians, and no role changes")
		}
		if r := s.CanManageMembers(as(readOnlyChair), f.scf.ID); r.CanAdd() {
			t.Error("a read-only token is offered the add form")
		}
		verifyChain(t, f.log)
	})
}

// TestSelfGrantedNeedToKnow is the reported case on the demo data, through
// the API: the ncp of Georgia, linked to a Georgian person, tries to add
// that person to a network they are not in and must still see none of its
// other members' contact details (it was 0 → 44).
func TestSelfGrantedNeedToKnow(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		e.LoadDemo(t)
		// A Georgian person in no network, and the network with the most
		// members of other countries.
		inNetwork := map[string]bool{}
		var target demo.Network
		for _, n := range demo.Networks {
			for _, m := range n.Members {
				inNetwork[m.Person] = true
			}
			if len(n.Members) > len(target.Members) {
				target = n
			}
		}
		country := map[string]string{}
		for _, a := range demo.Agencies {
			country[a.Key] = a.Country
		}
		self := ""
		for _, p := range demo.People {
			if country[p.Agency] == "GE" && !inNetwork[p.Key] {
				self = p.Key
				break
			}
		}
		if self == "" {
			t.Fatal("the demo data has no Georgian person outside networks")
		}
		acc := e.CreateAccount(t, "ncp.self@example.org", apptest.CountryGrant(core.RoleNCP, "GE"))
		e.LinkPerson(t, acc, e.DemoID(t, "person:"+self))
		tok := e.APIToken(t, "ncp.self@example.org")
		network := e.DemoID(t, "network:"+target.Key)
		visible := func() int {
			t.Helper()
			res := e.DoJSON(t, http.MethodGet, "/api/v1/networks/"+network+"/members?limit=200", tok, nil)
			apptest.WantStatus(t, res, http.StatusOK)
			var l struct {
				Items []struct {
					Country string  `json:"country_code"`
					Email   *string `json:"email"`
					Phone   *string `json:"phone"`
				} `json:"items"`
			}
			res.JSON(t, &l)
			n := 0
			for _, m := range l.Items {
				if m.Country != "GE" && (m.Email != nil || m.Phone != nil) {
					n++
				}
			}
			return n
		}
		if n := visible(); n != 0 {
			t.Fatalf("before: the ncp of Georgia sees %d contact details of other countries' members of %s, want 0", n, target.Key)
		}
		res := e.DoJSON(t, http.MethodPost, "/api/v1/networks/"+network+"/members", tok,
			map[string]any{"person_id": e.DemoID(t, "person:"+self), "role": "member"})
		apptest.WantStatus(t, res, http.StatusForbidden)
		if n := visible(); n != 0 {
			t.Errorf("after: the ncp of Georgia sees %d contact details of other countries' members of %s, want 0", n, target.Key)
		}
		// The page offers no add form to a plain participant.
		e.CreateAccount(t, "plain.participant@example.org", apptest.GlobalGrant(core.RoleParticipant))
		_, doc := e.SignIn(t, "plain.participant@example.org").GetDoc(t, "/directory/networks/"+network, http.StatusOK)
		if doc.Find(`form[action$="/members"]`).Length() != 0 {
			t.Error("a participant who manages no network is shown the add-member form")
		}
	})
}
