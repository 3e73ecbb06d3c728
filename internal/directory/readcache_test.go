package directory_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/topcop-platform/topcop/internal/app"
	"github.com/topcop-platform/topcop/internal/config"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
	"github.com/topcop-platform/topcop/internal/db/dbtest"
	"github.com/topcop-platform/topcop/internal/directory"
	"github.com/topcop-platform/topcop/internal/module"
)

// TestListCache checks the rules of the read cache through the service:
// actors with different rights never share a cached page, and every
// committed write is seen by the next list, including a change of who may
// see whose contact details.
func TestListCache(t *testing.T) {
	eachEngine(t, func(t *testing.T, d *db.DB) {
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

// TestReplicasSeeDirectoryWrites: two platforms built as serve builds them
// (app.Build), on one database. A answers lists from its cache; B edits,
// creates a network, archives; A shows each change, on PostgreSQL within
// 100 ms of B's commit (B's transaction notifies, A listens), on SQLite
// within the cache's time limit (another process on the file is not
// heard). The directory does nothing for it: db.Write does.
func TestReplicasSeeDirectoryWrites(t *testing.T) {
	for _, engine := range dbtest.Engines {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			dsn := dbtest.DSN(t, engine)
			build := func() *directory.Service {
				d, err := db.Open(ctx, dsn)
				if err != nil {
					t.Fatal(err)
				}
				p, err := app.Build(ctx, config.Default(), d, app.Options{})
				if err != nil {
					d.Close()
					t.Fatal(err)
				}
				t.Cleanup(p.Close)
				return module.Use[*directory.Service](p.Env)
			}
			a, b := build(), build()
			bound := 100 * time.Millisecond
			if engine == config.SQLite {
				bound = db.CacheTTL + 5*time.Second
			}

			ag, err := b.CreateAgency(sys(), directory.AgencyInput{Code: "GE-MIA", CountryCode: "GE", Name: "Ministry of Internal Affairs of Georgia",
				Acronym: "MIA", Type: directory.AgencyPolice, City: "Tbilisi"})
			if err != nil {
				t.Fatal(err)
			}
			in := directory.PersonInput{AgencyID: ag.ID, GivenName: "Nino", FamilyName: "Beridze", Sex: directory.SexFemale,
				Position: "Chief inspector", Languages: []string{"ka"}}
			nino, _, err := b.CreatePerson(sys(), in)
			if err != nil {
				t.Fatal(err)
			}
			reader := core.WithActor(ctx, account("participant@example.org", "", grant(core.RoleParticipant, "")))
			type view struct {
				position string
				total    int
				networks []string
			}
			look := func() view {
				t.Helper()
				l, err := a.ListPeople(reader, directory.PersonFilter{}, core.PageRequest{Limit: 50})
				if err != nil {
					t.Fatal(err)
				}
				nw, err := a.NetworkNames(reader)
				if err != nil {
					t.Fatal(err)
				}
				v := view{total: l.Total}
				if len(l.Items) > 0 {
					v.position = l.Items[0].Position
				}
				for _, n := range nw {
					v.networks = append(v.networks, n.Label)
				}
				return v
			}
			// waitFor polls A until ok, and returns how long that took
			// from B's commit.
			waitFor := func(what string, ok func(view) bool) time.Duration {
				t.Helper()
				start := time.Now()
				for {
					v := look()
					took := time.Since(start)
					if ok(v) {
						return took
					}
					if took > bound {
						t.Fatalf("%s: after %v A still shows %+v", what, took, v)
					}
					time.Sleep(time.Millisecond)
				}
			}
			// A sees what B made, then holds it.
			waitFor("the person B made", func(v view) bool { return v.position == "Chief inspector" && v.total == 1 })
			look()

			in.Position = "Deputy head"
			if _, _, err := b.UpdatePerson(sys(), nino.ID, in); err != nil {
				t.Fatal(err)
			}
			edit := waitFor("B's edit", func(v view) bool { return v.position == "Deputy head" })
			if _, err := b.CreateNetwork(sys(), directory.NetworkInput{Code: "scf", Name: "Strategic Cooperation Forum", Kind: directory.NetworkForum}); err != nil {
				t.Fatal(err)
			}
			network := waitFor("B's new network", func(v view) bool { return slices.Contains(v.networks, "Strategic Cooperation Forum") })
			if err := b.ArchivePerson(sys(), nino.ID, true); err != nil {
				t.Fatal(err)
			}
			archive := waitFor("B's archiving", func(v view) bool { return v.total == 0 })
			t.Logf("%s: B's commits reached A's lists after %v (edit), %v (network), %v (archive); bound %v", engine, edit, network, archive, bound)
		})
	}
}
