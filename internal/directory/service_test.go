package directory_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
	"github.com/topcop-platform/topcop/internal/directory"
)

func TestSeedCountries(t *testing.T) {
	eachEngine(t, func(t *testing.T, d *db.DB) {
		svc, _ := newService(t, d) // seeds once
		head := auditHead(t, d)
		if err := directory.SeedReference(context.Background(), d); err != nil {
			t.Fatal(err)
		}
		if got := auditSince(t, d, head); len(got) != 0 {
			t.Errorf("a second seed wrote %d audit entries, want none", len(got))
		}
		cs := must[[]directory.Country](t)(svc.Countries(sys()))
		if len(cs) != 33 {
			t.Fatalf("%d countries, want 33 (5 partners, 27 Member States, EU)", len(cs))
		}
		var codes []string
		kinds := map[directory.CountryKind]int{}
		for _, c := range cs {
			codes = append(codes, c.Code)
			kinds[c.Kind]++
			if !c.Kind.Valid() || c.NameEN == "" || c.NameNative == "" {
				t.Errorf("bad country %+v", c)
			}
		}
		if !slices.Equal(codes[:5], []string{"AM", "AZ", "GE", "MD", "UA"}) || codes[32] != "EU" {
			t.Errorf("order %v", codes)
		}
		if kinds[directory.CountryPartner] != 5 || kinds[directory.CountryEUMember] != 27 || kinds[directory.CountryEUBody] != 1 {
			t.Errorf("kinds %v", kinds)
		}
		// A changed name is put back, and that is audited.
		if err := d.Write(context.Background(), func(ctx context.Context) error {
			_, err := d.Exec(ctx, `UPDATE countries SET name_en = 'Sakartvelo' WHERE code = 'GE'`)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if err := directory.SeedReference(context.Background(), d); err != nil {
			t.Fatal(err)
		}
		got := auditSince(t, d, head)
		if len(got) != 1 || got[0].Action != "directory.countries.seed" || !strings.Contains(got[0].Details, `"GE"`) {
			t.Errorf("audit after repair: %+v", got)
		}
		cs = must[[]directory.Country](t)(svc.Countries(sys()))
		if cs[2].NameEN != "Georgia" {
			t.Errorf("GE is %q after seeding", cs[2].NameEN)
		}
	})
}

// TestWriteAudit checks that every write records its event in the same
// transaction, with the changed fields (values for institutions, names
// only for people), and that no-op writes and failed writes record
// nothing.
func TestWriteAudit(t *testing.T) {
	eachEngine(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		s, ctx := f.svc, f.as("coordinator")
		var newAgency directory.Agency
		var newUnit directory.Unit
		var newNet directory.Network
		var newMember directory.Member
		cases := []struct {
			name    string
			run     func() error
			action  string // "" for no entry
			details []string
			absent  []string
		}{
			{"create agency", func() (err error) {
				newAgency, err = s.CreateAgency(ctx, directory.AgencyInput{Code: "ge-pog", CountryCode: "ge", Name: "Prosecutor's Office of Georgia", Type: "prosecution", City: "Tbilisi"})
				return err
			}, "directory.agency.create", []string{`"code":"GE-POG"`, `"country_code":"GE"`}, nil},
			{"update agency", func() error {
				in := agencyInput(newAgency)
				in.City = "Batumi"
				_, err := s.UpdateAgency(ctx, newAgency.ID, in)
				return err
			}, "directory.agency.update", []string{`"city":{"new":"Batumi","old":"Tbilisi"}`}, []string{`"name"`}},
			{"update agency without change", func() error {
				in := agencyInput(newAgency)
				in.City = "Batumi"
				_, err := s.UpdateAgency(ctx, newAgency.ID, in)
				return err
			}, "", nil, nil},
			{"archive agency with people fails", func() error {
				err := s.ArchiveAgency(ctx, f.geMIA.ID, true)
				if !core.IsCode(err, core.Conflict) {
					t.Errorf("archive agency with people: %v, want conflict", err)
				}
				return nil
			}, "", nil, nil},
			{"archive agency", func() error { return s.ArchiveAgency(ctx, newAgency.ID, true) }, "directory.agency.archive", nil, nil},
			{"archive agency again", func() error { return s.ArchiveAgency(ctx, newAgency.ID, true) }, "", nil, nil},
			{"restore agency", func() error { return s.ArchiveAgency(ctx, newAgency.ID, false) }, "directory.agency.restore", nil, nil},
			{"create unit", func() (err error) {
				newUnit, err = s.CreateUnit(ctx, newAgency.ID, directory.UnitInput{Name: "Cybercrime Division"})
				return err
			}, "directory.unit.create", []string{`"name":"Cybercrime Division"`}, nil},
			{"update unit", func() error {
				_, err := s.UpdateUnit(ctx, newUnit.ID, directory.UnitInput{Name: "Cybercrime Department"})
				return err
			}, "directory.unit.update", []string{`"name":{"new":"Cybercrime Department","old":"Cybercrime Division"}`}, nil},
			{"archive unit", func() error { return s.ArchiveUnit(ctx, newUnit.ID, true) }, "directory.unit.archive", nil, nil},
			{"update person: field names, not values", func() error {
				in := personInput(f.nino)
				in.Email, in.Phone, in.Position = "nino.beridze@mia.demo.example.org", "+995 32 555 0199", "Head of division"
				_, _, err := s.UpdatePerson(ctx, f.nino.ID, in)
				return err
			}, "directory.person.update", []string{`"fields":["position","email","phone"]`},
				[]string{"nino.beridze@", "555 0199", "Head of division", "n.beridze@"}},
			{"create person", func() error {
				_, _, err := s.CreatePerson(ctx, directory.PersonInput{AgencyID: f.uaNPU.ID, GivenName: "Taras", FamilyName: "Melnyk", Email: "t.melnyk@npu.demo.example.org"})
				return err
			}, "directory.person.create", []string{f.uaNPU.ID}, []string{"Taras", "Melnyk", "t.melnyk"}},
			{"archive person", func() error { return s.ArchivePerson(ctx, f.giorgi.ID, true) }, "directory.person.archive", nil, nil},
			{"restore person", func() error { return s.ArchivePerson(ctx, f.giorgi.ID, false) }, "directory.person.restore", nil, nil},
			{"update contact point: notes not logged", func() error {
				_, err := s.UpdateContactPoint(ctx, f.cpOlena.ID, directory.ContactPointInput{PersonID: f.olena.ID, Kind: directory.ContactSPOC,
					Area: "CYBER", Available247: true, Notes: "Call the duty officer first"})
				return err
			}, "directory.contact_point.update", []string{`"area":{"new":"CYBER","old":"ONLINE"}`, `"notes":"changed"`}, []string{"duty officer"}},
			{"archive contact point", func() error { return s.ArchiveContactPoint(ctx, f.cpTudor.ID, true) }, "directory.contact_point.archive", nil, nil},
			{"create network", func() (err error) {
				newNet, err = s.CreateNetwork(ctx, directory.NetworkInput{Code: "TTN", Name: "Trainers' Network", Kind: "trainers"})
				return err
			}, "directory.network.create", []string{`"code":"ttn"`}, nil},
			{"update network", func() error {
				_, err := s.UpdateNetwork(ctx, newNet.ID, directory.NetworkInput{Code: "ttn", Name: "TOPCOP Trainers' Network", Kind: "trainers", Description: "Local trainers"})
				return err
			}, "directory.network.update", []string{`"name":{"new":"TOPCOP Trainers' Network"`}, nil},
			{"add member", func() (err error) {
				newMember, err = s.AddMember(ctx, newNet.ID, directory.MemberInput{PersonID: f.tudor.ID, Role: "member"})
				return err
			}, "directory.member.add", []string{f.tudor.ID, `"role":"member"`}, nil},
			{"add member twice fails", func() error {
				_, err := s.AddMember(ctx, newNet.ID, directory.MemberInput{PersonID: f.tudor.ID, Role: "member"})
				if !core.IsCode(err, core.Conflict) || !slices.Contains(fieldErrs(err), "person_id:duplicate") {
					t.Errorf("second AddMember: %v %v, want conflict", err, fieldErrs(err))
				}
				return nil
			}, "", nil, nil},
			{"update member", func() error {
				_, err := s.UpdateMember(ctx, newMember.ID, "chair")
				return err
			}, "directory.member.update", []string{`"role":{"new":"chair","old":"member"}`}, nil},
			{"remove member", func() error { return s.RemoveMember(ctx, newMember.ID) }, "directory.member.remove", []string{f.tudor.ID}, nil},
			{"archive network", func() error { return s.ArchiveNetwork(ctx, newNet.ID, true) }, "directory.network.archive", nil, nil},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				head := auditHead(t, d)
				if err := c.run(); err != nil {
					t.Fatal(err)
				}
				got := auditSince(t, d, head)
				if c.action == "" {
					if len(got) != 0 {
						t.Fatalf("want no audit entry, got %+v", got)
					}
					return
				}
				if len(got) != 1 {
					t.Fatalf("want one entry %s, got %+v", c.action, got)
				}
				e := got[0]
				if e.Action != c.action || e.Actor != "coordinator@example.org" || e.EntityID == "" && !strings.HasSuffix(c.action, "imported") {
					t.Errorf("entry %+v, want %s by coordinator", e, c.action)
				}
				for _, s := range c.details {
					if !strings.Contains(e.Details, s) {
						t.Errorf("details %s lack %s", e.Details, s)
					}
				}
				for _, s := range c.absent {
					if strings.Contains(e.Details, s) {
						t.Errorf("details %s hold %s", e.Details, s)
					}
				}
			})
		}
		verifyChain(t, f.log)
	})
}

// TestValidation: every bad input is Invalid (or Conflict) with the right
// field code, and changes nothing.
func TestValidation(t *testing.T) {
	eachEngine(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		s, ctx := f.svc, f.as("admin")
		agency := func(mod func(*directory.AgencyInput)) func() error {
			return func() error {
				in := directory.AgencyInput{Code: "GE-NEW", CountryCode: "GE", Name: "New agency", Type: "police"}
				mod(&in)
				_, err := s.CreateAgency(ctx, in)
				return err
			}
		}
		person := func(mod func(*directory.PersonInput)) func() error {
			return func() error {
				in := directory.PersonInput{AgencyID: f.geMIA.ID, GivenName: "Levan", FamilyName: "Tsiklauri"}
				mod(&in)
				_, _, err := s.CreatePerson(ctx, in)
				return err
			}
		}
		long := func(n int) string { return strings.Repeat("a", n) }
		archived := must3[directory.Person, []directory.Duplicate](t)(s.CreatePerson(ctx, directory.PersonInput{AgencyID: f.mdIGP.ID, GivenName: "Ion", FamilyName: "Ceban"}))
		if err := s.ArchivePerson(ctx, archived.ID, true); err != nil {
			t.Fatal(err)
		}
		cases := []struct {
			name  string
			run   func() error
			code  core.Code
			field string // "field:code[:param]"
		}{
			{"agency code required", agency(func(in *directory.AgencyInput) { in.Code = " " }), core.Invalid, "code:required"},
			{"agency code with space", agency(func(in *directory.AgencyInput) { in.Code = "GE MIA" }), core.Invalid, "code:invalid"},
			{"agency code too long", agency(func(in *directory.AgencyInput) { in.Code = strings.Repeat("A", 33) }), core.Invalid, "code:too_long:32"},
			{"agency code in use", agency(func(in *directory.AgencyInput) { in.Code = "ge-mia" }), core.Conflict, "code:duplicate"},
			{"agency name markup", agency(func(in *directory.AgencyInput) { in.Name = "<script>alert(1)</script>" }), core.Invalid, "name:markup"},
			{"agency name control character", agency(func(in *directory.AgencyInput) { in.Name = "Police\x00" }), core.Invalid, "name:markup"},
			{"agency name too long", agency(func(in *directory.AgencyInput) { in.Name = long(201) }), core.Invalid, "name:too_long:200"},
			{"agency name required", agency(func(in *directory.AgencyInput) { in.Name = "" }), core.Invalid, "name:required"},
			{"agency unknown country", agency(func(in *directory.AgencyInput) { in.CountryCode = "XX" }), core.Invalid, "country_code:unknown_country"},
			{"agency bad country", agency(func(in *directory.AgencyInput) { in.CountryCode = "Georgia" }), core.Invalid, "country_code:too_long:2"},
			{"agency bad type", agency(func(in *directory.AgencyInput) { in.Type = "army" }), core.Invalid, "type:invalid"},
			{"agency website javascript", agency(func(in *directory.AgencyInput) { in.Website = "javascript:alert(1)" }), core.Invalid, "website:invalid"},
			{"agency website no scheme", agency(func(in *directory.AgencyInput) { in.Website = "police.ge" }), core.Invalid, "website:invalid"},
			{"agency bad e-mail", agency(func(in *directory.AgencyInput) { in.Email = "info@mia" }), core.Invalid, "email:invalid_email"},
			{"agency e-mail with name", agency(func(in *directory.AgencyInput) { in.Email = "MIA <info@mia.ge>" }), core.Invalid, "email:markup"},
			{"agency phone without +", agency(func(in *directory.AgencyInput) { in.Phone = "032 555 0100" }), core.Invalid, "phone:invalid_phone"},
			{"agency phone too short", agency(func(in *directory.AgencyInput) { in.Phone = "+995 555" }), core.Invalid, "phone:invalid_phone"},
			{"agency phone letters", agency(func(in *directory.AgencyInput) { in.Phone = "+995 32 CALL-ME" }), core.Invalid, "phone:invalid_phone"},

			{"person given name required", person(func(in *directory.PersonInput) { in.GivenName = "" }), core.Invalid, "given_name:required"},
			{"person name with digits", person(func(in *directory.PersonInput) { in.GivenName = "Levan2" }), core.Invalid, "given_name:invalid"},
			{"person name markup", person(func(in *directory.PersonInput) { in.FamilyName = "<b>Tsiklauri</b>" }), core.Invalid, "family_name:markup"},
			{"person name SQL", person(func(in *directory.PersonInput) { in.FamilyName = "'; DROP TABLE people; --" }), core.Invalid, "family_name:invalid"},
			{"person Latin name in Cyrillic", person(func(in *directory.PersonInput) { in.FamilyName = "Циклаури" }), core.Invalid, "family_name:invalid"},
			{"person name too long", person(func(in *directory.PersonInput) { in.FamilyName = long(101) }), core.Invalid, "family_name:too_long:100"},
			{"person native name with digits", person(func(in *directory.PersonInput) { in.FamilyNameNative = "ციკლაური7" }), core.Invalid, "family_name_native:invalid"},
			{"person name only punctuation", person(func(in *directory.PersonInput) { in.GivenName = "-.'" }), core.Invalid, "given_name:invalid"},
			{"person unknown agency", person(func(in *directory.PersonInput) { in.AgencyID = core.NewID() }), core.Invalid, "agency_id:unknown_agency"},
			{"person agency not an id", person(func(in *directory.PersonInput) { in.AgencyID = "GE-MIA" }), core.Invalid, "agency_id:unknown_agency"},
			{"person unit of another agency", person(func(in *directory.PersonInput) { in.UnitID = f.uaUnit.ID }), core.Invalid, "unit_id:unknown_unit"},
			{"person bad sex", person(func(in *directory.PersonInput) { in.Sex = "x" }), core.Invalid, "sex:invalid"},
			{"person bad language", person(func(in *directory.PersonInput) { in.Languages = []string{"ka", "georgian"} }), core.Invalid, "languages:invalid:georgian"},
			{"person position too long", person(func(in *directory.PersonInput) { in.Position = long(201) }), core.Invalid, "position:too_long:200"},
			{"person bad e-mail", person(func(in *directory.PersonInput) { in.Email = "levan@@mia.ge" }), core.Invalid, "email:invalid_email"},
			{"person e-mail too long", person(func(in *directory.PersonInput) { in.Email = long(250) + "@x.ge" }), core.Invalid, "email:too_long:254"},
			{"person e-mail in use", person(func(in *directory.PersonInput) { in.Email = "N.Beridze@mia.demo.example.org" }), core.Conflict, "email:duplicate"},
			{"person bad phone", person(func(in *directory.PersonInput) { in.Phone = "+0 555 0100 00" }), core.Invalid, "phone:invalid_phone"},

			{"contact point bad kind", func() error {
				_, err := s.CreateContactPoint(ctx, directory.ContactPointInput{PersonID: f.nino.ID, Kind: "boss"})
				return err
			}, core.Invalid, "kind:invalid"},
			{"contact point bad area", func() error {
				_, err := s.CreateContactPoint(ctx, directory.ContactPointInput{PersonID: f.nino.ID, Kind: "spoc", Area: "PIRACY"})
				return err
			}, core.Invalid, "area:invalid"},
			{"contact point unknown person", func() error {
				_, err := s.CreateContactPoint(ctx, directory.ContactPointInput{PersonID: core.NewID(), Kind: "spoc"})
				return err
			}, core.Invalid, "person_id:invalid"},
			{"contact point notes markup", func() error {
				_, err := s.CreateContactPoint(ctx, directory.ContactPointInput{PersonID: f.nino.ID, Kind: "spoc", Notes: "a <img src=x>"})
				return err
			}, core.Invalid, "notes:markup"},
			{"contact point notes too long", func() error {
				_, err := s.CreateContactPoint(ctx, directory.ContactPointInput{PersonID: f.nino.ID, Kind: "spoc", Notes: long(2001)})
				return err
			}, core.Invalid, "notes:too_long:2000"},
			{"contact point twice", func() error {
				_, err := s.CreateContactPoint(ctx, directory.ContactPointInput{PersonID: f.nino.ID, Kind: "ncp"})
				return err
			}, core.Conflict, "kind:duplicate"},
			{"network bad code", func() error {
				_, err := s.CreateNetwork(ctx, directory.NetworkInput{Code: "my network", Name: "X", Kind: "forum"})
				return err
			}, core.Invalid, "code:invalid"},
			{"network code in use", func() error {
				_, err := s.CreateNetwork(ctx, directory.NetworkInput{Code: "SCF", Name: "X", Kind: "forum"})
				return err
			}, core.Conflict, "code:duplicate"},
			{"network description too long", func() error {
				_, err := s.CreateNetwork(ctx, directory.NetworkInput{Code: "new", Name: "X", Kind: "forum", Description: long(4001)})
				return err
			}, core.Invalid, "description:too_long:4000"},
			{"network bad kind", func() error {
				_, err := s.CreateNetwork(ctx, directory.NetworkInput{Code: "new", Name: "X", Kind: "club"})
				return err
			}, core.Invalid, "kind:invalid"},
			{"member bad role", func() error {
				_, err := s.AddMember(ctx, f.esn.ID, directory.MemberInput{PersonID: f.tudor.ID, Role: "king"})
				return err
			}, core.Invalid, "role:invalid"},
			{"member archived person", func() error {
				_, err := s.AddMember(ctx, f.esn.ID, directory.MemberInput{PersonID: archived.ID, Role: "member"})
				return err
			}, core.Invalid, "person_id:invalid"},
			{"unit name in use", func() error {
				_, err := s.CreateUnit(ctx, f.geMIA.ID, directory.UnitInput{Name: "international relations department"})
				return err
			}, core.Conflict, "name:duplicate"},
			{"bad filter", func() error {
				_, err := s.ListPeople(ctx, directory.PersonFilter{Sex: "other"}, core.PageRequest{})
				return err
			}, core.Invalid, "sex:invalid"},
			{"bad sort", func() error {
				_, err := s.ListAgencies(ctx, directory.AgencyFilter{Sort: "size"}, core.PageRequest{})
				return err
			}, core.Invalid, "sort:invalid"},
			{"unknown id is not found", func() error {
				_, err := s.Person(ctx, core.NewID())
				return err
			}, core.NotFound, ""},
			{"garbage id is not found", func() error {
				_, err := s.Agency(ctx, "'; DROP TABLE agencies; --")
				return err
			}, core.NotFound, ""},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				before := rowCounts(t, d)
				err := c.run()
				sameCounts(t, before, rowCounts(t, d))
				if got := core.ErrorCode(err); got != c.code {
					t.Fatalf("got %v, want %s", err, c.code)
				}
				if c.field == "" {
					return
				}
				var e *core.Error
				errors.As(err, &e)
				var got []string
				for _, fe := range e.Fields {
					s := fe.Field + ":" + fe.Code
					if fe.Param != "" {
						s += ":" + fe.Param
					}
					got = append(got, s)
				}
				if !slices.Contains(got, c.field) {
					t.Errorf("fields %v, want %s", got, c.field)
				}
			})
		}

		t.Run("SQL in text is just text", func(t *testing.T) {
			evil := "'; DROP TABLE people; --"
			p, _, err := s.CreatePerson(ctx, directory.PersonInput{AgencyID: f.geMIA.ID, GivenName: "Bobby", FamilyName: "Tables", Position: evil})
			if err != nil {
				t.Fatal(err)
			}
			got := must[directory.Person](t)(s.Person(ctx, p.ID))
			if got.Position != evil {
				t.Errorf("position %q", got.Position)
			}
			list := must[core.List[directory.Person]](t)(s.ListPeople(ctx, directory.PersonFilter{Query: evil}, core.PageRequest{}))
			if list.Total != 1 || list.Items[0].ID != p.ID {
				t.Errorf("search for the SQL text: %+v", list)
			}
			if _, err := s.ListAgencies(ctx, directory.AgencyFilter{Query: evil}, core.PageRequest{}); err != nil {
				t.Error(err)
			}
			if n := rowCounts(t, d)["people"]; n != 6 {
				t.Errorf("%d people", n)
			}
		})
		t.Run("trimmed and normalised", func(t *testing.T) {
			a := must[directory.Agency](t)(s.CreateAgency(ctx, directory.AgencyInput{Code: " ge-bpg ", CountryCode: " ge", Name: "  Border Police of Georgia ",
				Type: " Border_Guard ", Email: " Info@BPG.example.org ", Phone: "+995-32-555-0200"}))
			if a.Code != "GE-BPG" || a.CountryCode != "GE" || a.Name != "Border Police of Georgia" || a.Type != directory.AgencyBorderGuard || a.Email != "info@bpg.example.org" {
				t.Errorf("%+v", a)
			}
			p := must3[directory.Person, []directory.Duplicate](t)(s.CreatePerson(ctx, directory.PersonInput{AgencyID: strings.ToUpper(a.ID),
				GivenName: "  Ana  Maria ", FamilyName: "Maisuradze", Languages: []string{"KA", "en", "ka", " "}}))
			if p.GivenName != "Ana Maria" || !slices.Equal(p.Languages, []string{"ka", "en"}) {
				t.Errorf("%+v", p)
			}
		})
		verifyChain(t, f.log)
	})
}

// TestSearchAcrossScripts: names are found in any script and
// transliteration, agencies by native name and acronym; LIKE wildcards in
// a query are literal.
func TestSearchAcrossScripts(t *testing.T) {
	eachEngine(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := f.as("participant")
		people := []struct {
			q    string
			want []string
		}{
			{"Коваленко", []string{f.olena.ID}},
			{"Kovalenko", []string{f.olena.ID}},
			{"KOVALENKO", []string{f.olena.ID}},
			{"Kowalenko", []string{f.olena.ID}},
			{"Олена Коваленко", []string{f.olena.ID}},
			{"kovalenko olena", []string{f.olena.ID}},
			{"ბერიძე", []string{f.nino.ID}},
			{"Beridze", []string{f.nino.ID}},
			{"ნინო", []string{f.nino.ID}},
			{"капанадзе", []string{f.giorgi.ID}}, // Russian spelling of a Georgian name
			{"chief inspector", []string{f.nino.ID}},
			{"  ", []string{f.giorgi.ID, f.nino.ID, f.olena.ID, f.tudor.ID}},
			{"%", nil},
			{"_", nil},
			{"o%a", nil},
			{"'", nil},
			{"Petrenko", nil},
		}
		for _, c := range people {
			t.Run("people "+c.q, func(t *testing.T) {
				got := must[core.List[directory.Person]](t)(f.svc.ListPeople(ctx, directory.PersonFilter{Query: c.q}, core.PageRequest{}))
				gotIDs := ids(got.Items, personID)
				slices.Sort(gotIDs)
				want := slices.Clone(c.want)
				slices.Sort(want)
				if !slices.Equal(gotIDs, want) || got.Total != len(want) {
					t.Errorf("query %q: %v (total %d), want %v", c.q, gotIDs, got.Total, want)
				}
			})
		}
		agencies := []struct {
			q    string
			want string
		}{
			{"поліція", "UA-NPU"},
			{"politsiia", "UA-NPU"},
			{"npu", "UA-NPU"},
			{"ua-npu", "UA-NPU"},
			{"შინაგან", "GE-MIA"},
			{"Poliției", "MD-IGP"},
			{"politiei", "MD-IGP"},
		}
		for _, c := range agencies {
			t.Run("agencies "+c.q, func(t *testing.T) {
				got := must[core.List[directory.Agency]](t)(f.svc.ListAgencies(f.as("observer"), directory.AgencyFilter{Query: c.q}, core.PageRequest{}))
				if len(got.Items) != 1 || got.Items[0].Code != c.want {
					t.Errorf("query %q: %+v, want %s", c.q, got.Items, c.want)
				}
			})
		}
		t.Run("contact points and members", func(t *testing.T) {
			cps := must[core.List[directory.ContactPoint]](t)(f.svc.ListContactPoints(ctx, directory.ContactPointFilter{Query: "Коваленко"}, core.PageRequest{}))
			if cps.Total != 1 || cps.Items[0].ID != f.cpOlena.ID {
				t.Errorf("contact points: %+v", cps)
			}
			ms := must[core.List[directory.Member]](t)(f.svc.Members(ctx, f.esn.ID, directory.MemberFilter{Query: "kovalenko"}, core.PageRequest{}))
			if ms.Total != 1 || ms.Items[0].PersonID != f.olena.ID {
				t.Errorf("members: %+v", ms)
			}
			ns := must[core.List[directory.Network]](t)(f.svc.ListNetworks(ctx, directory.NetworkFilter{Query: "empact"}, core.PageRequest{}))
			if ns.Total != 1 || ns.Items[0].ID != f.esn.ID || ns.Items[0].MemberCount != 2 {
				t.Errorf("networks: %+v", ns)
			}
		})
	})
}

// TestFilters: each filter narrows the lists.
func TestFilters(t *testing.T) {
	eachEngine(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := f.as("analyst")
		people := []struct {
			name string
			f    directory.PersonFilter
			want []string
		}{
			{"country", directory.PersonFilter{Country: "ge"}, []string{f.nino.ID, f.giorgi.ID}},
			{"agency", directory.PersonFilter{AgencyID: f.uaNPU.ID}, []string{f.olena.ID}},
			{"unit", directory.PersonFilter{UnitID: f.geUnit.ID}, []string{f.nino.ID}},
			{"network", directory.PersonFilter{NetworkID: f.scf.ID}, []string{f.nino.ID, f.tudor.ID}},
			{"role", directory.PersonFilter{Role: directory.ContactTrainer}, []string{f.tudor.ID}},
			{"sex", directory.PersonFilter{Sex: directory.SexFemale}, []string{f.nino.ID, f.olena.ID}},
			{"language", directory.PersonFilter{Language: "ru"}, []string{f.nino.ID, f.tudor.ID}},
			{"language is a whole code", directory.PersonFilter{Language: "r"}, nil},
		}
		for _, c := range people {
			t.Run("people by "+c.name, func(t *testing.T) {
				got, err := f.svc.ListPeople(ctx, c.f, core.PageRequest{})
				if c.want == nil {
					if !core.IsCode(err, core.Invalid) {
						t.Errorf("got %v, want invalid", err)
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				gotIDs := ids(got.Items, personID)
				slices.Sort(gotIDs)
				want := slices.Clone(c.want)
				slices.Sort(want)
				if !slices.Equal(gotIDs, want) {
					t.Errorf("%v, want %v", gotIDs, want)
				}
			})
		}
		t.Run("archived people are hidden unless asked for by staff", func(t *testing.T) {
			if err := f.svc.ArchivePerson(sys(), f.giorgi.ID, true); err != nil {
				t.Fatal(err)
			}
			got := must[core.List[directory.Person]](t)(f.svc.ListPeople(ctx, directory.PersonFilter{Country: "GE"}, core.PageRequest{}))
			if got.Total != 1 {
				t.Errorf("active GE people: %d", got.Total)
			}
			got = must[core.List[directory.Person]](t)(f.svc.ListPeople(f.as("coordinator"), directory.PersonFilter{Country: "GE", IncludeArchived: true}, core.PageRequest{}))
			if got.Total != 2 {
				t.Errorf("all GE people: %d", got.Total)
			}
			n := must[directory.Network](t)(f.svc.Network(ctx, f.esn.ID))
			if n.MemberCount != 1 {
				t.Errorf("member count %d after archiving a member", n.MemberCount)
			}
			a := must[directory.Agency](t)(f.svc.Agency(ctx, f.geMIA.ID))
			if a.PeopleCount != 1 || a.UnitCount != 1 {
				t.Errorf("agency counts %d people, %d units", a.PeopleCount, a.UnitCount)
			}
		})
		t.Run("contact points", func(t *testing.T) {
			got := must[core.List[directory.ContactPoint]](t)(f.svc.ListContactPoints(ctx, directory.ContactPointFilter{Only247: true}, core.PageRequest{}))
			if got.Total != 1 || got.Items[0].ID != f.cpOlena.ID {
				t.Errorf("24/7: %+v", got)
			}
			got = must[core.List[directory.ContactPoint]](t)(f.svc.ListContactPoints(ctx, directory.ContactPointFilter{Area: "drugs", Country: "MD"}, core.PageRequest{}))
			if got.Total != 1 || got.Items[0].ID != f.cpTudor.ID {
				t.Errorf("area: %+v", got)
			}
		})
		t.Run("agencies", func(t *testing.T) {
			got := must[core.List[directory.Agency]](t)(f.svc.ListAgencies(ctx, directory.AgencyFilter{Country: "md", Type: directory.AgencyPolice}, core.PageRequest{}))
			if got.Total != 1 || got.Items[0].ID != f.mdIGP.ID {
				t.Errorf("%+v", got)
			}
			byCountry := must[core.List[directory.Agency]](t)(f.svc.ListAgencies(ctx, directory.AgencyFilter{Sort: "country"}, core.PageRequest{}))
			if codes := ids(byCountry.Items, func(a directory.Agency) string { return a.Code }); !slices.Equal(codes, []string{"GE-MIA", "MD-IGP", "UA-NPU"}) {
				t.Errorf("by country: %v", codes)
			}
		})
		t.Run("stats", func(t *testing.T) {
			st := must[directory.Stats](t)(f.svc.Stats(f.as("observer")))
			if st.Totals.People != 3 || st.Totals.Agencies != 3 || st.Totals.ContactPoints != 3 || st.Totals.Networks != 2 {
				t.Errorf("totals %+v", st.Totals)
			}
			if len(st.PeopleBySex) != 2 || st.PeopleBySex[0] != (directory.Count{Key: "female", Label: "Female", Value: 2}) {
				t.Errorf("by sex %+v", st.PeopleBySex)
			}
			if len(st.ContactPointsByKind) != 3 || st.ContactPointsByKind[0].Key != "ncp" {
				t.Errorf("by kind %+v", st.ContactPointsByKind)
			}
		})
	})
}

// TestPaging: keyset pages cover every row exactly once, in order, in each
// sort; bad cursors are Invalid.
func TestPaging(t *testing.T) {
	eachEngine(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := f.as("coordinator")
		ag := must[directory.Agency](t)(f.svc.CreateAgency(ctx, directory.AgencyInput{Code: "AM-POL", CountryCode: "AM", Name: "Police of Armenia", Type: "police"}))
		// Created out of order; "De" and "De La Cruz" check the separator
		// of family and given name, "Ştefan" the folding of diacritics.
		for _, n := range [][2]string{{"Zara", "Petrosyan"}, {"Zoe", "De"}, {"Ana", "De La Cruz"}, {"Ştefan", "Avakyan"}, {"Aram", "Petrosyan"}} {
			must3[directory.Person, []directory.Duplicate](t)(f.svc.CreatePerson(ctx, directory.PersonInput{AgencyID: ag.ID, GivenName: n[0], FamilyName: n[1]}))
		}
		want := []string{"Ştefan Avakyan", "Zoe De", "Ana De La Cruz", "Aram Petrosyan", "Zara Petrosyan"}
		for _, sort := range []string{"", "name", "updated", "agency"} {
			t.Run("sort "+sort, func(t *testing.T) {
				var got []string
				cursor := ""
				pages := 0
				for {
					p := must[core.List[directory.Person]](t)(f.svc.ListPeople(ctx, directory.PersonFilter{AgencyID: ag.ID, Sort: sort}, core.PageRequest{Limit: 2, Cursor: cursor}))
					pages++
					if p.Total != 5 {
						t.Errorf("page %d total %d", pages, p.Total)
					}
					for _, it := range p.Items {
						got = append(got, it.Name())
					}
					if p.Next == "" {
						break
					}
					if pages > 5 {
						t.Fatal("paging does not end")
					}
					cursor = p.Next
				}
				w := want
				if sort == "updated" {
					w = []string{"Aram Petrosyan", "Ştefan Avakyan", "Ana De La Cruz", "Zoe De", "Zara Petrosyan"}
				}
				if pages != 3 || !slices.Equal(got, w) {
					t.Errorf("%d pages: %v, want 3: %v", pages, got, w)
				}
			})
		}
		t.Run("agency sort across agencies", func(t *testing.T) {
			all := must[core.List[directory.Person]](t)(f.svc.ListPeople(ctx, directory.PersonFilter{Sort: "agency"}, core.PageRequest{Limit: 100}))
			var agencies []string
			for _, p := range all.Items {
				if len(agencies) == 0 || agencies[len(agencies)-1] != p.AgencyCode {
					agencies = append(agencies, p.AgencyCode)
				}
			}
			if !slices.Equal(agencies, []string{"MD-IGP", "GE-MIA", "UA-NPU", "AM-POL"}) {
				t.Errorf("agency order %v", agencies)
			}
		})
		t.Run("other lists page too", func(t *testing.T) {
			p1 := must[core.List[directory.Agency]](t)(f.svc.ListAgencies(ctx, directory.AgencyFilter{}, core.PageRequest{Limit: 3}))
			p2 := must[core.List[directory.Agency]](t)(f.svc.ListAgencies(ctx, directory.AgencyFilter{}, core.PageRequest{Limit: 3, Cursor: p1.Next}))
			if len(p1.Items) != 3 || len(p2.Items) != 1 || p2.Next != "" || p1.Total != 4 {
				t.Errorf("agencies: %d + %d, total %d", len(p1.Items), len(p2.Items), p1.Total)
			}
			n1 := must[core.List[directory.Network]](t)(f.svc.ListNetworks(ctx, directory.NetworkFilter{}, core.PageRequest{Limit: 1}))
			n2 := must[core.List[directory.Network]](t)(f.svc.ListNetworks(ctx, directory.NetworkFilter{}, core.PageRequest{Limit: 1, Cursor: n1.Next}))
			if n1.Items[0].Code != "esn" || n2.Items[0].Code != "scf" || n2.Next != "" {
				t.Errorf("networks: %v %v", n1.Items, n2.Items)
			}
			m1 := must[core.List[directory.Member]](t)(f.svc.Members(ctx, f.scf.ID, directory.MemberFilter{}, core.PageRequest{Limit: 1}))
			m2 := must[core.List[directory.Member]](t)(f.svc.Members(ctx, f.scf.ID, directory.MemberFilter{}, core.PageRequest{Limit: 1, Cursor: m1.Next}))
			if m1.Items[0].PersonID != f.nino.ID || m2.Items[0].PersonID != f.tudor.ID || m2.Next != "" {
				t.Errorf("members: %v %v", m1.Items, m2.Items)
			}
			c1 := must[core.List[directory.ContactPoint]](t)(f.svc.ListContactPoints(ctx, directory.ContactPointFilter{}, core.PageRequest{Limit: 2}))
			c2 := must[core.List[directory.ContactPoint]](t)(f.svc.ListContactPoints(ctx, directory.ContactPointFilter{}, core.PageRequest{Limit: 2, Cursor: c1.Next}))
			if len(c1.Items)+len(c2.Items) != 3 || c2.Next != "" || c1.Items[0].CountryCode != "GE" {
				t.Errorf("contact points: %v %v", c1.Items, c2.Items)
			}
		})
		bad := []struct{ name, sort, cursor string }{
			{"not base64", "", "%%%"},
			{"not JSON", "", "bm90IGpzb24"},
			{"wrong arity", "", core.EncodeCursor("petrosyan")},
			{"id not a UUID", "", core.EncodeCursor("petrosyan", "1 OR 1=1")},
			{"time not a time", "updated", core.EncodeCursor("yesterday", core.NewID())},
		}
		for _, c := range bad {
			t.Run("bad cursor "+c.name, func(t *testing.T) {
				_, err := f.svc.ListPeople(ctx, directory.PersonFilter{Sort: c.sort}, core.PageRequest{Limit: 2, Cursor: c.cursor})
				if !core.IsCode(err, core.Invalid) || !slices.Contains(fieldErrs(err), "cursor:invalid") {
					t.Errorf("got %v, want invalid cursor", err)
				}
			})
		}
	})
}

// TestDuplicates: likely duplicates are found across scripts, reported as
// a warning, or rejected on request.
func TestDuplicates(t *testing.T) {
	eachEngine(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := f.as("ncp_ua")
		t.Run("native name matches across transliterations", func(t *testing.T) {
			// A Russian-style passport spelling; the native name is the same.
			in := directory.PersonInput{AgencyID: f.uaNPU.ID, GivenName: "Elena", FamilyName: "Kovalenko", GivenNameNative: "Олена", FamilyNameNative: "Коваленко", RejectDuplicates: true}
			before := rowCounts(t, d)
			_, _, err := f.svc.CreatePerson(ctx, in)
			sameCounts(t, before, rowCounts(t, d))
			var de *directory.DuplicateError
			if !core.IsCode(err, core.Conflict) || !errors.As(err, &de) || !slices.Contains(fieldErrs(err), "family_name:duplicate") {
				t.Fatalf("got %v, want conflict with duplicates", err)
			}
			if len(de.Duplicates) != 1 || de.Duplicates[0].Person.ID != f.olena.ID || de.Duplicates[0].Score < 0.99 || de.Duplicates[0].Person.AgencyCode != "UA-NPU" {
				t.Errorf("duplicates %+v", de.Duplicates)
			}
			if de.Duplicates[0].Person.Email != "" {
				t.Errorf("a duplicate carries contact details")
			}
			in.RejectDuplicates = false
			p, dups, err := f.svc.CreatePerson(ctx, in)
			if err != nil || len(dups) != 1 || dups[0].Person.ID != f.olena.ID {
				t.Fatalf("warning: %v %+v", err, dups)
			}
			// Now each is the other's duplicate, but not its own.
			got := must[[]directory.Duplicate](t)(f.svc.LikelyDuplicates(ctx, personInput(p), p.ID))
			if len(got) != 1 || got[0].Person.ID != f.olena.ID {
				t.Errorf("LikelyDuplicates: %+v", got)
			}
		})
		t.Run("Latin against native only", func(t *testing.T) {
			got := must[[]directory.Duplicate](t)(f.svc.LikelyDuplicates(ctx, directory.PersonInput{GivenName: "Nino", FamilyName: "Beridze"}, ""))
			if len(got) != 1 || got[0].Person.ID != f.nino.ID {
				t.Errorf("%+v", got)
			}
			got = must[[]directory.Duplicate](t)(f.svc.LikelyDuplicates(ctx, directory.PersonInput{GivenNameNative: "ნინო", FamilyNameNative: "ბერიძე"}, ""))
			if len(got) != 1 || got[0].Person.ID != f.nino.ID {
				t.Errorf("%+v", got)
			}
		})
		t.Run("different people are not duplicates", func(t *testing.T) {
			got := must[[]directory.Duplicate](t)(f.svc.LikelyDuplicates(ctx, directory.PersonInput{GivenName: "Nina", FamilyName: "Berishvili"}, ""))
			if len(got) != 0 {
				t.Errorf("%+v", got)
			}
		})
		t.Run("an update is not its own duplicate", func(t *testing.T) {
			in := personInput(f.nino)
			in.FamilyName, in.RejectDuplicates = "Beridze-Kapanadze", true
			if _, _, err := f.svc.UpdatePerson(f.as("ncp_ge"), f.nino.ID, in); err != nil {
				t.Fatal(err)
			}
		})
	})
}

// TestDenormalisedCountry: a person's and a contact point's country follow
// the agency.
func TestDenormalisedCountry(t *testing.T) {
	eachEngine(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := f.as("admin")
		in := personInput(f.olena)
		in.AgencyID, in.UnitID = f.mdIGP.ID, ""
		p := must3[directory.Person, []directory.Duplicate](t)(f.svc.UpdatePerson(ctx, f.olena.ID, in))
		cp := must[directory.ContactPoint](t)(f.svc.ContactPoint(ctx, f.cpOlena.ID))
		if p.CountryCode != "MD" || cp.CountryCode != "MD" || cp.AgencyID != f.mdIGP.ID {
			t.Errorf("after move: person %s, contact point %s %s", p.CountryCode, cp.CountryCode, cp.AgencyName)
		}
		a := agencyInput(f.mdIGP)
		a.CountryCode = "RO"
		must[directory.Agency](t)(f.svc.UpdateAgency(ctx, f.mdIGP.ID, a))
		p = must[directory.Person](t)(f.svc.Person(ctx, f.olena.ID))
		cp = must[directory.ContactPoint](t)(f.svc.ContactPoint(ctx, f.cpOlena.ID))
		if p.CountryCode != "RO" || cp.CountryCode != "RO" {
			t.Errorf("after agency move: person %s, contact point %s", p.CountryCode, cp.CountryCode)
		}
		// The ncp of Moldova no longer sees her e-mail; Romania's would.
		ncpMD := account("ncp.md@example.org", "", grant(core.RoleNCP, "MD"))
		if p := must[directory.Person](t)(f.svc.Person(core.WithActor(context.Background(), ncpMD), f.olena.ID)); p.ContactVisible {
			t.Errorf("ncp MD sees a person now in RO")
		}
	})
}
