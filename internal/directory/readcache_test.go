package directory_test

import (
	"testing"

	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
	"github.com/topcop-platform/topcop/internal/db/dbtest"
	"github.com/topcop-platform/topcop/internal/directory"
)

// TestListCache checks the rules of the read cache through the service:
// actors with different rights never share a cached page, and every
// committed write is seen by the next list, including a change of who may
// see whose contact details.
func TestListCache(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		list := func(role string, filter directory.PersonFilter) map[string]directory.Person {
			t.Helper()
			l, err := f.svc.ListPeople(f.as(role), filter, core.PageRequest{Limit: 50})
			if err != nil {
				t.Fatalf("list as %s: %v", role, err)
			}
			m := map[string]directory.Person{}
			for _, p := range l.Items {
				m[p.GivenName] = p
			}
			return m
		}
		all := directory.PersonFilter{}
		// Same question, different rights, asked back to back (so a page
		// cached for the first would be served to the next if the key
		// ignored the actor).
		for range 2 {
			if p := list("admin", all)["Olena"]; !p.ContactVisible || p.Email == "" {
				t.Fatalf("admin: Olena's contacts hidden: %+v", p)
			}
			if p := list("participant", all)["Olena"]; p.ContactVisible || p.Email != "" || p.Phone != "" {
				t.Fatalf("participant sees Olena's contacts: %+v", p)
			}
			if p := list("ncp_ua", all)["Olena"]; !p.ContactVisible || p.Phone == "" {
				t.Fatalf("ncp of Ukraine: Olena's contacts hidden: %+v", p)
			}
			if p := list("ncp_ge", all)["Olena"]; p.ContactVisible || p.Email != "" {
				t.Fatalf("ncp of Georgia sees Olena's contacts: %+v", p)
			}
			tr := list("trainer", all)
			if !tr["Nino"].ContactVisible || tr["Olena"].ContactVisible {
				t.Fatalf("trainer: Nino visible %v, Olena visible %v; want true, false", tr["Nino"].ContactVisible, tr["Olena"].ContactVisible)
			}
		}

		// A membership change shows at once: Tudor (the trainer) joins the
		// ESN and sees Olena's contacts; leaves the SCF and loses Nino's.
		m, err := f.svc.AddMember(sys(), f.esn.ID, directory.MemberInput{PersonID: f.tudor.ID, Role: directory.RoleMember})
		if err != nil {
			t.Fatal(err)
		}
		if err := f.svc.RemoveMember(sys(), f.mTudor.ID); err != nil {
			t.Fatal(err)
		}
		tr := list("trainer", all)
		if tr["Nino"].ContactVisible || !tr["Olena"].ContactVisible || tr["Olena"].Email == "" {
			t.Fatalf("after the membership change: Nino visible %v, Olena %+v", tr["Nino"].ContactVisible, tr["Olena"])
		}
		if err := f.svc.RemoveMember(sys(), m.ID); err != nil {
			t.Fatal(err)
		}
		if tr := list("trainer", all); tr["Olena"].ContactVisible {
			t.Fatal("after leaving the ESN the trainer still sees Olena's contacts")
		}

		// Edits and archiving show at once, totals included.
		before, err := f.svc.ListPeople(f.as("coordinator"), all, core.PageRequest{Limit: 2})
		if err != nil {
			t.Fatal(err)
		}
		in := directory.PersonInput{AgencyID: f.geMIA.ID, GivenName: "Nino", FamilyName: "Beridze", GivenNameNative: "ნინო",
			FamilyNameNative: "ბერიძე", Sex: directory.SexFemale, Position: "Deputy head", Languages: []string{"ka"},
			Email: "n.beridze@mia.demo.example.org", Phone: "+995 32 555 0101"}
		if _, _, err := f.svc.UpdatePerson(sys(), f.nino.ID, in); err != nil {
			t.Fatal(err)
		}
		if got := list("participant", all)["Nino"].Position; got != "Deputy head" {
			t.Fatalf("after the edit the list shows position %q", got)
		}
		if err := f.svc.ArchivePerson(sys(), f.nino.ID, true); err != nil {
			t.Fatal(err)
		}
		after, err := f.svc.ListPeople(f.as("coordinator"), all, core.PageRequest{Limit: 2})
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := list("participant", all)["Nino"]; ok || after.Total != before.Total-1 {
			t.Fatalf("after archiving: Nino listed %v, total %d → %d", ok, before.Total, after.Total)
		}

		// A caller that changes its page does not change the next one.
		l1, _ := f.svc.ListPeople(f.as("admin"), all, core.PageRequest{Limit: 50})
		for i := range l1.Items {
			l1.Items[i].Email = "changed@example.org"
		}
		l2, _ := f.svc.ListPeople(f.as("admin"), all, core.PageRequest{Limit: 50})
		for _, p := range l2.Items {
			if p.Email == "changed@example.org" {
				t.Fatal("a caller's change to its page reached the cache")
			}
		}
	})
}
