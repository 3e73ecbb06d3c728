package directory_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
	"github.com/topcop-platform/topcop/internal/directory"
	"github.com/topcop-platform/topcop/internal/tabular"
)

// Expected outcomes per role, in the order of roles: admin, coordinator,
// ncp_ge, ncp_ua, trainer, participant, analyst, observer, anonymous,
// mfa_pending_ncp, read_only_token, mentor. "ok" is success.
const (
	ok   = core.Code("")
	unau = core.Unauthenticated
	forb = core.Forbidden
)

var (
	// readAll: every signed-in actor, observers included.
	readAll = []core.Code{ok, ok, ok, ok, ok, ok, ok, ok, unau, unau, ok, ok}
	// readPersonal: every signed-in actor but observers.
	readPersonal = []core.Code{ok, ok, ok, ok, ok, ok, ok, forb, unau, unau, ok, ok}
	// editGE: staff and the ncp of Georgia; never a read-only token.
	editGE = []core.Code{ok, ok, ok, forb, forb, forb, forb, forb, unau, unau, forb, forb}
	// editUA: staff and the ncp of Ukraine.
	editUA = []core.Code{ok, ok, forb, ok, forb, forb, forb, forb, unau, unau, forb, forb}
	// staffOnly: admins and coordinators.
	staffOnly = []core.Code{ok, ok, forb, forb, forb, forb, forb, forb, unau, unau, forb, forb}
	// importGE, importUA: an ncp may import, but a row of another country
	// is a row error ("forbidden") that makes the whole import Invalid.
	importGE = []core.Code{ok, ok, ok, core.Invalid, forb, forb, forb, forb, unau, unau, forb, forb}
	importUA = []core.Code{ok, ok, core.Invalid, ok, forb, forb, forb, forb, unau, unau, forb, forb}
	// adminOnly: admins.
	adminOnly = []core.Code{ok, forb, forb, forb, forb, forb, forb, forb, unau, unau, forb, forb}
)

// TestAuthorization runs every method group as every role and checks the
// error code. Write cases undo their own effect (as the system) so that
// each role starts from the same state.
func TestAuthorization(t *testing.T) {
	eachEngine(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		s := f.svc
		page := core.PageRequest{Limit: 10}
		n := 0
		uniq := func(prefix string) string {
			n++
			return prefix + "-" + string(rune('A'+n%26)) + string(rune('A'+n/26%26))
		}
		ninoIn := directory.PersonInput{AgencyID: f.geMIA.ID, UnitID: f.geUnit.ID, GivenName: "Nino", FamilyName: "Beridze",
			GivenNameNative: "ნინო", FamilyNameNative: "ბერიძე", Sex: directory.SexFemale, Position: "Chief inspector",
			Languages: []string{"ka", "en", "ru"}, Email: "n.beridze@mia.demo.example.org", Phone: "+995 32 555 0101"}
		cases := []struct {
			name string
			want []core.Code
			run  func(ctx context.Context) error
		}{
			{"Countries", readAll, func(ctx context.Context) error { _, err := s.Countries(ctx); return err }},
			{"ListAgencies", readAll, func(ctx context.Context) error {
				_, err := s.ListAgencies(ctx, directory.AgencyFilter{Query: "police"}, page)
				return err
			}},
			{"ListAgencies archived", staffOnlyRead(), func(ctx context.Context) error {
				_, err := s.ListAgencies(ctx, directory.AgencyFilter{IncludeArchived: true}, page)
				return err
			}},
			{"Agency", readAll, func(ctx context.Context) error { _, err := s.Agency(ctx, f.uaNPU.ID); return err }},
			{"AgencyByCode", readAll, func(ctx context.Context) error { _, err := s.AgencyByCode(ctx, "ua-npu"); return err }},
			{"Units", readAll, func(ctx context.Context) error { _, err := s.Units(ctx, f.geMIA.ID, false); return err }},
			{"ListNetworks", readAll, func(ctx context.Context) error {
				_, err := s.ListNetworks(ctx, directory.NetworkFilter{}, page)
				return err
			}},
			{"Network", readAll, func(ctx context.Context) error { _, err := s.Network(ctx, f.scf.ID); return err }},
			{"Stats", readAll, func(ctx context.Context) error { _, err := s.Stats(ctx); return err }},
			{"ExportAgencies", readAll, func(ctx context.Context) error {
				return s.ExportAgencies(ctx, &bytes.Buffer{}, tabular.CSV, directory.AgencyFilter{})
			}},

			{"ListPeople", readPersonal, func(ctx context.Context) error {
				_, err := s.ListPeople(ctx, directory.PersonFilter{}, page)
				return err
			}},
			{"Person", readPersonal, func(ctx context.Context) error { _, err := s.Person(ctx, f.olena.ID); return err }},
			{"ListContactPoints", readPersonal, func(ctx context.Context) error {
				_, err := s.ListContactPoints(ctx, directory.ContactPointFilter{}, page)
				return err
			}},
			{"ContactPoint", readPersonal, func(ctx context.Context) error { _, err := s.ContactPoint(ctx, f.cpOlena.ID); return err }},
			{"Members", readPersonal, func(ctx context.Context) error {
				_, err := s.Members(ctx, f.scf.ID, directory.MemberFilter{}, page)
				return err
			}},
			{"LikelyDuplicates", readPersonal, func(ctx context.Context) error {
				_, err := s.LikelyDuplicates(ctx, ninoIn, "")
				return err
			}},
			{"ExportPeople", readPersonal, func(ctx context.Context) error {
				return s.ExportPeople(ctx, &bytes.Buffer{}, tabular.CSV, directory.PersonFilter{})
			}},

			{"CreateAgency GE", editGE, func(ctx context.Context) error {
				_, err := s.CreateAgency(ctx, directory.AgencyInput{Code: uniq("GE-T"), CountryCode: "GE", Name: "Test agency", Type: directory.AgencyCustoms})
				return err
			}},
			{"UpdateAgency UA", editUA, func(ctx context.Context) error {
				in := agencyInput(f.uaNPU)
				in.City = "Kyiv"
				_, err := s.UpdateAgency(ctx, f.uaNPU.ID, in)
				return err
			}},
			{"UpdateAgency GE → UA", staffOnly, func(ctx context.Context) error {
				in := agencyInput(f.geMIA)
				in.CountryCode = "UA"
				_, err := s.UpdateAgency(ctx, f.geMIA.ID, in)
				if err == nil {
					in.CountryCode = "GE"
					_, err = s.UpdateAgency(sys(), f.geMIA.ID, in)
				}
				return err
			}},
			{"ArchiveAgency GE (restore active: no-op)", editGE, func(ctx context.Context) error {
				return s.ArchiveAgency(ctx, f.geMIA.ID, false)
			}},
			{"CreateUnit GE", editGE, func(ctx context.Context) error {
				_, err := s.CreateUnit(ctx, f.geMIA.ID, directory.UnitInput{Name: uniq("Unit")})
				return err
			}},
			{"UpdateUnit UA", editUA, func(ctx context.Context) error {
				_, err := s.UpdateUnit(ctx, f.uaUnit.ID, directory.UnitInput{Name: f.uaUnit.Name, NameNative: f.uaUnit.NameNative})
				return err
			}},
			{"ArchiveUnit UA (no-op)", editUA, func(ctx context.Context) error { return s.ArchiveUnit(ctx, f.uaUnit.ID, false) }},
			{"CreatePerson GE", editGE, func(ctx context.Context) error {
				_, _, err := s.CreatePerson(ctx, directory.PersonInput{AgencyID: f.geMIA.ID, GivenName: "Test", FamilyName: uniq("Person")})
				return err
			}},
			{"UpdatePerson GE", editGE, func(ctx context.Context) error {
				_, _, err := s.UpdatePerson(ctx, f.nino.ID, ninoIn)
				return err
			}},
			{"UpdatePerson GE → UA agency", staffOnly, func(ctx context.Context) error {
				in := ninoIn
				in.AgencyID, in.UnitID = f.uaNPU.ID, ""
				_, _, err := s.UpdatePerson(ctx, f.nino.ID, in)
				if err == nil {
					_, _, err = s.UpdatePerson(sys(), f.nino.ID, ninoIn)
				}
				return err
			}},
			{"ArchivePerson UA", editUA, func(ctx context.Context) error {
				err := s.ArchivePerson(ctx, f.olena.ID, true)
				if err == nil {
					err = s.ArchivePerson(sys(), f.olena.ID, false)
				}
				return err
			}},
			{"CreateContactPoint UA", editUA, func(ctx context.Context) error {
				c, err := s.CreateContactPoint(ctx, directory.ContactPointInput{PersonID: f.olena.ID, Kind: directory.ContactCrimeDataFocal})
				if err == nil {
					err = s.ArchiveContactPoint(sys(), c.ID, true)
				}
				return err
			}},
			{"UpdateContactPoint GE", editGE, func(ctx context.Context) error {
				_, err := s.UpdateContactPoint(ctx, f.cpNino.ID, directory.ContactPointInput{PersonID: f.nino.ID, Kind: directory.ContactNCP})
				return err
			}},
			{"ArchiveContactPoint UA (no-op)", editUA, func(ctx context.Context) error { return s.ArchiveContactPoint(ctx, f.cpOlena.ID, false) }},
			{"CreateNetwork", staffOnly, func(ctx context.Context) error {
				_, err := s.CreateNetwork(ctx, directory.NetworkInput{Code: strings.ToLower(uniq("net")), Name: "Test network", Kind: directory.NetworkInitiative})
				return err
			}},
			{"UpdateNetwork", staffOnly, func(ctx context.Context) error {
				_, err := s.UpdateNetwork(ctx, f.scf.ID, directory.NetworkInput{Code: "scf", Name: f.scf.Name, Kind: f.scf.Kind})
				return err
			}},
			{"ArchiveNetwork (no-op)", staffOnly, func(ctx context.Context) error { return s.ArchiveNetwork(ctx, f.scf.ID, false) }},
			{"AddMember GE person", editGE, func(ctx context.Context) error {
				m, err := s.AddMember(ctx, f.esn.ID, directory.MemberInput{PersonID: f.nino.ID, Role: directory.RoleObserver})
				if err == nil {
					err = s.RemoveMember(sys(), m.ID)
				}
				return err
			}},
			{"RemoveMember UA person", editUA, func(ctx context.Context) error {
				err := s.RemoveMember(ctx, f.mOlena.ID)
				if err == nil {
					var m directory.Member
					m, err = s.AddMember(sys(), f.esn.ID, directory.MemberInput{PersonID: f.olena.ID, Role: directory.RoleMember})
					f.mOlena = m
				}
				return err
			}},
			{"UpdateMember", staffOnly, func(ctx context.Context) error {
				_, err := s.UpdateMember(ctx, f.mNino.ID, "chair")
				return err
			}},
			{"ImportAgencies GE row", importGE, func(ctx context.Context) error {
				_, err := s.ImportAgencies(ctx, strings.NewReader("code,country,name,type\nGE-MIA,GE,Ministry of Internal Affairs of Georgia,police\n"), tabular.CSV, true)
				return err
			}},
			{"ImportPeople UA row", importUA, func(ctx context.Context) error {
				_, err := s.ImportPeople(ctx, strings.NewReader("agency_code,given_name,family_name\nUA-NPU,Taras,Melnyk\n"), tabular.CSV, true)
				return err
			}},
			{"SeedCountries", adminOnly, func(ctx context.Context) error { return s.SeedCountries(ctx) }},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				for i, role := range roles {
					got := core.ErrorCode(c.run(f.as(role)))
					if got != c.want[i] {
						t.Errorf("%s as %s: got %q, want %q", c.name, role, got, c.want[i])
					}
				}
			})
		}
		verifyChain(t, f.log)
	})
}

// staffOnlyRead: reading archived records is for staff, but read-only
// tokens of staff may read.
func staffOnlyRead() []core.Code {
	return []core.Code{ok, ok, forb, forb, forb, forb, forb, forb, unau, unau, ok, forb}
}

func agencyInput(a directory.Agency) directory.AgencyInput {
	return directory.AgencyInput{Code: a.Code, CountryCode: a.CountryCode, Name: a.Name, NameNative: a.NameNative, Acronym: a.Acronym,
		Type: a.Type, City: a.City, Website: a.Website, Email: a.Email, Phone: a.Phone, Demo: a.Demo}
}

func personInput(p directory.Person) directory.PersonInput {
	return directory.PersonInput{AgencyID: p.AgencyID, UnitID: p.UnitID, GivenName: p.GivenName, FamilyName: p.FamilyName,
		GivenNameNative: p.GivenNameNative, FamilyNameNative: p.FamilyNameNative, Sex: p.Sex, Position: p.Position,
		Languages: p.Languages, Email: p.Email, Phone: p.Phone, Demo: p.Demo}
}
