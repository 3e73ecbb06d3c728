package directory_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
	"github.com/topcop-platform/topcop/internal/directory"
	"github.com/topcop-platform/topcop/internal/tabular"
)

// TestContactVisibility checks who sees whose e-mail and phone, on every
// surface that shows them: one person, the people list, the export, the
// contact points, the member lists, and search by e-mail.
func TestContactVisibility(t *testing.T) {
	eachEngine(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		subjects := map[string]directory.Person{"nino": f.nino, "giorgi": f.giorgi, "olena": f.olena, "tudor": f.tudor}
		all := []string{"nino", "giorgi", "olena", "tudor"}
		matrix := []struct {
			viewer string
			sees   []string
		}{
			{"admin", all},
			{"coordinator", all},
			{"read_only_token", all},
			{"ncp_ge", []string{"nino", "giorgi"}}, // their country
			{"ncp_ua", []string{"olena"}},          // their country (agency-scoped grant)
			{"trainer", []string{"tudor", "nino"}}, // self, and co-member of SCF
			{"self", []string{"olena", "giorgi"}},  // self, and co-member of ESN
			{"participant", nil},                   // no link to anyone
			{"analyst", nil},                       // a country grant, but not as ncp
		}
		for _, m := range matrix {
			t.Run(m.viewer, func(t *testing.T) {
				ctx := f.as(m.viewer)
				want := func(name string) bool { return contains(m.sees, name) }
				check := func(surface, name, email, phone string, visible bool) {
					t.Helper()
					p := subjects[name]
					if want(name) {
						if email != p.Email || phone != p.Phone || !visible {
							t.Errorf("%s: %s should see %s's contacts, got %q %q visible=%v", surface, m.viewer, name, email, phone, visible)
						}
					} else if email != "" || phone != "" || visible {
						t.Errorf("%s: %s must not see %s's contacts, got %q %q visible=%v", surface, m.viewer, name, email, phone, visible)
					}
				}

				for _, name := range all {
					p := must[directory.Person](t)(f.svc.Person(ctx, subjects[name].ID))
					check("Person", name, p.Email, p.Phone, p.ContactVisible)
				}

				list := must[core.List[directory.Person]](t)(f.svc.ListPeople(ctx, directory.PersonFilter{}, core.PageRequest{}))
				if len(list.Items) != 4 {
					t.Fatalf("ListPeople: %d people, want 4", len(list.Items))
				}
				for _, p := range list.Items {
					check("ListPeople", nameOf(subjects, p.ID), p.Email, p.Phone, p.ContactVisible)
				}

				var buf bytes.Buffer
				if err := f.svc.ExportPeople(ctx, &buf, tabular.CSV, directory.PersonFilter{}); err != nil {
					t.Fatal(err)
				}
				tab := must[*tabular.Table](t)(tabular.Read(&buf, tabular.CSV))
				for _, r := range tab.Rows {
					name := nameByGiven(subjects, r.Cells["given_name"])
					phone := r.Cells["phone"]
					if len(phone) > 0 && phone[0] == '\'' {
						phone = phone[1:] // formula escaping of "+…"
					}
					check("ExportPeople", name, r.Cells["email"], phone, r.Cells["email"] != "")
				}

				cps := must[core.List[directory.ContactPoint]](t)(f.svc.ListContactPoints(ctx, directory.ContactPointFilter{}, core.PageRequest{}))
				if len(cps.Items) != 3 {
					t.Fatalf("ListContactPoints: %d, want 3", len(cps.Items))
				}
				for _, c := range cps.Items {
					check("ListContactPoints", nameOf(subjects, c.PersonID), c.Email, c.Phone, c.ContactVisible)
				}
				c := must[directory.ContactPoint](t)(f.svc.ContactPoint(ctx, f.cpOlena.ID))
				check("ContactPoint", "olena", c.Email, c.Phone, c.ContactVisible)

				for _, n := range []directory.Network{f.scf, f.esn} {
					ms := must[core.List[directory.Member]](t)(f.svc.Members(ctx, n.ID, directory.MemberFilter{}, core.PageRequest{}))
					if len(ms.Items) != 2 {
						t.Fatalf("Members of %s: %d, want 2", n.Code, len(ms.Items))
					}
					for _, mb := range ms.Items {
						check("Members "+n.Code, nameOf(subjects, mb.PersonID), mb.Email, mb.Phone, mb.ContactVisible)
					}
				}

				// Searching by e-mail finds a person only where the e-mail is
				// visible: otherwise a search would tell who has an address.
				for _, name := range all {
					p := subjects[name]
					for _, q := range []string{p.Email, p.Email[:6], "@" + p.Email[len(p.Email)-20:]} {
						got := must[core.List[directory.Person]](t)(f.svc.ListPeople(ctx, directory.PersonFilter{Query: q}, core.PageRequest{}))
						found := contains(ids(got.Items, personID), p.ID)
						if found != want(name) {
							t.Errorf("ListPeople query %q as %s: found=%v, want %v (total %d)", q, m.viewer, found, want(name), got.Total)
						}
						if !want(name) && got.Total != 0 && q == p.Email {
							t.Errorf("ListPeople query %q as %s: total %d, want 0", q, m.viewer, got.Total)
						}
					}
				}
				for _, n := range []directory.Network{f.scf, f.esn} {
					for _, name := range all {
						ms := must[core.List[directory.Member]](t)(f.svc.Members(ctx, n.ID, directory.MemberFilter{Query: subjects[name].Email}, core.PageRequest{}))
						if ms.Total > 0 && !want(name) {
							t.Errorf("Members %s query by %s's e-mail as %s found them", n.Code, name, m.viewer)
						}
					}
				}
				cq := must[core.List[directory.ContactPoint]](t)(f.svc.ListContactPoints(ctx, directory.ContactPointFilter{Query: f.olena.Email}, core.PageRequest{}))
				if (cq.Total > 0) != want("olena") {
					t.Errorf("ListContactPoints query by olena's e-mail as %s: total %d", m.viewer, cq.Total)
				}
			})
		}

		t.Run("archived network no longer links its members", func(t *testing.T) {
			if err := f.svc.ArchiveNetwork(sys(), f.scf.ID, true); err != nil {
				t.Fatal(err)
			}
			p := must[directory.Person](t)(f.svc.Person(f.as("trainer"), f.nino.ID))
			if p.ContactVisible || p.Email != "" {
				t.Errorf("trainer still sees nino's e-mail through an archived network")
			}
		})
		verifyChain(t, f.log)
	})
}

func nameOf(subjects map[string]directory.Person, id string) string {
	for n, p := range subjects {
		if p.ID == id {
			return n
		}
	}
	return "?" + id
}

func nameByGiven(subjects map[string]directory.Person, given string) string {
	for n, p := range subjects {
		if p.GivenName == given {
			return n
		}
	}
	return "?" + given
}

// TestContactAudit checks that contact views are recorded, one entry per
// page, naming only the people whose contacts were shown.
func TestContactAudit(t *testing.T) {
	eachEngine(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		cases := []struct {
			name  string
			actor string
			run   func(ctx context.Context) error
			want  []string // actions
			ids   []string // person ids named in details (for lists)
		}{
			{"ncp views a person of their country", "ncp_ge", func(ctx context.Context) error {
				_, err := f.svc.Person(ctx, f.nino.ID)
				return err
			}, []string{"directory.person.contact_viewed"}, []string{f.nino.ID}},
			{"ncp views a person of another country: nothing shown, nothing logged", "ncp_ge", func(ctx context.Context) error {
				_, err := f.svc.Person(ctx, f.olena.ID)
				return err
			}, nil, nil},
			{"trainer lists people: only the visible ones are logged", "trainer", func(ctx context.Context) error {
				_, err := f.svc.ListPeople(ctx, directory.PersonFilter{}, core.PageRequest{})
				return err
			}, []string{"directory.people.contacts_listed"}, []string{f.nino.ID, f.tudor.ID}},
			{"participant lists people: no contacts, no entry", "participant", func(ctx context.Context) error {
				_, err := f.svc.ListPeople(ctx, directory.PersonFilter{}, core.PageRequest{})
				return err
			}, nil, nil},
			{"two pages, two entries", "admin", func(ctx context.Context) error {
				p1, err := f.svc.ListPeople(ctx, directory.PersonFilter{}, core.PageRequest{Limit: 2})
				if err != nil {
					return err
				}
				_, err = f.svc.ListPeople(ctx, directory.PersonFilter{}, core.PageRequest{Limit: 2, Cursor: p1.Next})
				return err
			}, []string{"directory.people.contacts_listed", "directory.people.contacts_listed"}, nil},
			{"contact point view", "ncp_ua", func(ctx context.Context) error {
				_, err := f.svc.ContactPoint(ctx, f.cpOlena.ID)
				return err
			}, []string{"directory.person.contact_viewed"}, []string{f.olena.ID}},
			{"contact points list", "ncp_ua", func(ctx context.Context) error {
				_, err := f.svc.ListContactPoints(ctx, directory.ContactPointFilter{}, core.PageRequest{})
				return err
			}, []string{"directory.people.contacts_listed"}, []string{f.olena.ID}},
			{"members list", "self", func(ctx context.Context) error {
				_, err := f.svc.Members(ctx, f.esn.ID, directory.MemberFilter{}, core.PageRequest{})
				return err
			}, []string{"directory.people.contacts_listed"}, []string{f.olena.ID, f.giorgi.ID}},
			{"export", "ncp_ua", func(ctx context.Context) error {
				return f.svc.ExportPeople(ctx, &bytes.Buffer{}, tabular.XLSX, directory.PersonFilter{})
			}, []string{"directory.people.contacts_listed"}, []string{f.olena.ID}},
			{"agencies are not personal data", "observer", func(ctx context.Context) error {
				_, err := f.svc.ListAgencies(ctx, directory.AgencyFilter{}, core.PageRequest{})
				return err
			}, nil, nil},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				head := auditHead(t, d)
				if err := c.run(f.as(c.actor)); err != nil {
					t.Fatal(err)
				}
				got := auditSince(t, d, head)
				if len(got) != len(c.want) {
					t.Fatalf("audit entries %+v, want actions %v", got, c.want)
				}
				for i, e := range got {
					if e.Action != c.want[i] || e.Actor != f.actors[c.actor].Email {
						t.Errorf("entry %d: %s by %s, want %s by %s", i, e.Action, e.Actor, c.want[i], f.actors[c.actor].Email)
					}
					for _, id := range c.ids {
						if !hasAll(e.Details+e.EntityID, id) {
							t.Errorf("entry %d does not name %s: %+v", i, id, e)
						}
					}
					for _, p := range []directory.Person{f.nino, f.giorgi, f.olena, f.tudor} {
						if c.ids != nil && !contains(c.ids, p.ID) && hasAll(e.Details+e.EntityID, p.ID) {
							t.Errorf("entry %d names %s whose contacts were not shown: %+v", i, p.GivenName, e)
						}
						if hasAll(e.Details, p.Email) {
							t.Errorf("entry %d stores an e-mail address: %s", i, e.Details)
						}
					}
				}
			})
		}
		verifyChain(t, f.log)
	})
}
