package directory_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"testing"

	"github.com/topcop-platform/topcop/internal/app/apptest"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
	"github.com/topcop-platform/topcop/internal/directory"
)

// spellingPeople adds, through svc, people whose names are typed in other
// spellings (see spellingCases), in new agencies of Azerbaijan, Armenia,
// Moldova and Ukraine, and returns their ids by key. The caller adds
// "kovalenko": Olena Kovalenko of its fixture.
func spellingPeople(t testing.TB, svc *directory.Service) map[string]string {
	t.Helper()
	ctx := core.WithActor(context.Background(), core.SystemActor("test"))
	agency := map[string]string{}
	for _, a := range []struct{ code, country string }{{"AZ-SP", "AZ"}, {"AM-SP", "AM"}, {"MD-SP", "MD"}, {"UA-SP", "UA"}} {
		ag, err := svc.CreateAgency(ctx, directory.AgencyInput{Code: a.code, CountryCode: a.country, Name: "Spelling test agency " + a.code, Type: directory.AgencyPolice})
		if err != nil {
			t.Fatal(err)
		}
		agency[a.country] = ag.ID
	}
	people := []struct {
		key, country                 string
		given, family, gNat, fNative string
	}{
		{"mammadov", "AZ", "Rəşad", "Məmmədov", "Rəşad", "Məmmədov"},
		{"petrosyan", "AM", "Armen", "Petrosyan", "Արմեն", "Պետրոսյան"},
		{"grigoryan", "AM", "Ani", "Grigoryan", "Անի", "Գրիգորյան"},
		{"grigoras", "MD", "Ion", "Grigoraș", "", ""},
		{"shevchenko", "UA", "Yurii", "Shevchenko", "Юрій", "Шевченко"},
		{"ivanov", "UA", "Petro", "Ivanov", "Петро", "Іванов"},
		{"ivanenko", "UA", "Mykola", "Ivanenko", "Микола", "Іваненко"},
	}
	out := map[string]string{}
	for _, p := range people {
		got, _, err := svc.CreatePerson(ctx, directory.PersonInput{AgencyID: agency[p.country], GivenName: p.given, FamilyName: p.family,
			GivenNameNative: p.gNat, FamilyNameNative: p.fNative, Sex: directory.SexMale, Position: "Inspector"})
		if err != nil {
			t.Fatalf("%s: %v", p.key, err)
		}
		out[p.key] = got.ID
	}
	return out
}

// spellingCases are queries as people type them and the spellingPeople
// they must find (all of them, and no other). The rule for precision: a
// query word finds a name word whose loose form (names.Loose) is equal,
// or one edit away when both are at least five letters long; otherwise
// only as a substring, as before.
var spellingCases = []struct {
	q    string
	want []string
}{
	// Russian-form Cyrillic of Azerbaijani, Armenian and Romanian names.
	{"Мамедов", []string{"mammadov"}},
	{"Рашад Мамедов", []string{"mammadov"}},
	{"Mamedov", []string{"mammadov"}},
	{"Петросян", []string{"petrosyan"}},
	{"Григорян", []string{"grigoryan"}},
	{"Григораш", []string{"grigoras"}},
	// One-letter typos.
	{"Kovalneko", []string{"kovalenko"}},
	{"Shevchanko", []string{"shevchenko"}},
	{"Yurii Shevchanko", []string{"shevchenko"}},
	// Romanian-style Latin of a Ukrainian name.
	{"Iurii Sevcenco", []string{"shevchenko"}},
	{"Sevcenco", []string{"shevchenko"}},
	// Precision.
	{"Ivanov", []string{"ivanov"}},
	{"Ivanenko", []string{"ivanenko"}},
	{"Aram Petrosyan", nil}, // Aram is not Armen: short words must be equal
	{"Kovalchuk", nil},
	{"Shevchuk", nil},
	{"Petrenko", nil},
	{"Mamedova Rashad", nil}, // two edits from Məmmədov
}

// TestSearchSpellings: a search finds people by the spellings people
// really type, through every list that searches people, on both engines;
// unrelated names are not found.
func TestSearchSpellings(t *testing.T) {
	eachEngine(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		who := spellingPeople(t, f.svc)
		who["kovalenko"] = f.olena.ID
		ctx := f.as("coordinator")
		mine := map[string]string{}
		for k, id := range who {
			mine[id] = k
		}
		for _, c := range spellingCases {
			t.Run(c.q, func(t *testing.T) {
				l := must[core.List[directory.Person]](t)(f.svc.ListPeople(ctx, directory.PersonFilter{Query: c.q}, core.PageRequest{}))
				var got []string
				for _, p := range l.Items {
					if k, ok := mine[p.ID]; ok {
						got = append(got, k)
					} else {
						got = append(got, p.GivenName+" "+p.FamilyName)
					}
				}
				slices.Sort(got)
				if !slices.Equal(got, c.want) || l.Total != len(c.want) {
					t.Errorf("query %q finds %v (total %d), want %v", c.q, got, l.Total, c.want)
				}
			})
		}
		t.Run("contact points and members", func(t *testing.T) {
			cps := must[core.List[directory.ContactPoint]](t)(f.svc.ListContactPoints(ctx, directory.ContactPointFilter{Query: "Kovalneko Олена"}, core.PageRequest{}))
			if cps.Total != 1 || cps.Items[0].ID != f.cpOlena.ID {
				t.Errorf("contact points: %+v", cps)
			}
			ms := must[core.List[directory.Member]](t)(f.svc.Members(ctx, f.esn.ID, directory.MemberFilter{Query: "Kovalneko"}, core.PageRequest{}))
			if ms.Total != 1 || ms.Items[0].PersonID != f.olena.ID {
				t.Errorf("members: %+v", ms)
			}
		})
		t.Run("a renamed person is found by the new name only", func(t *testing.T) {
			p := must[directory.Person](t)(f.svc.Person(ctx, who["ivanenko"]))
			find := func(q string) bool {
				l := must[core.List[directory.Person]](t)(f.svc.ListPeople(ctx, directory.PersonFilter{Query: q}, core.PageRequest{}))
				return slices.Contains(ids(l.Items, personID), p.ID)
			}
			if !find("Mykola Ivanneko") {
				t.Fatal("Ivanneko does not find Ivanenko")
			}
			in := directory.PersonInput{AgencyID: p.AgencyID, GivenName: p.GivenName, FamilyName: "Bondarenko", GivenNameNative: p.GivenNameNative,
				FamilyNameNative: "Бондаренко", Sex: p.Sex, Position: p.Position}
			if _, _, err := f.svc.UpdatePerson(ctx, p.ID, in); err != nil {
				t.Fatal(err)
			}
			for q, want := range map[string]bool{"Mykola Bondarenco": true, "Mykola Ivanneko": false} {
				if found := find(q); found != want {
					t.Errorf("query %q after the rename: found=%v, want %v", q, found, want)
				}
			}
		})
	})
}

// TestHTTPSearchSpellings: the same queries through GET /api/v1/people.
func TestHTTPSearchSpellings(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		sf := seedServer(t, e)
		who := spellingPeople(t, dir(e))
		who["kovalenko"] = sf.olena.ID
		tok := e.APIToken(t, e.AccountFor(t, core.RoleCoordinator).Email)
		for _, c := range spellingCases {
			res := e.DoJSON(t, http.MethodGet, "/api/v1/people?q="+url.QueryEscape(c.q), tok, nil)
			apptest.WantStatus(t, res, http.StatusOK)
			var l struct {
				Items []struct {
					ID string `json:"id"`
				} `json:"items"`
				Total int `json:"total"`
			}
			res.JSON(t, &l)
			var got []string
			for _, it := range l.Items {
				got = append(got, it.ID)
			}
			var want []string
			for _, k := range c.want {
				want = append(want, who[k])
			}
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) || l.Total != len(want) {
				t.Errorf("GET /api/v1/people?q=%s: %v (total %d), want %v: %s", c.q, got, l.Total, c.want, apptest.Excerpt(res.Body))
			}
		}
	})
}

// TestRefreshSearchKeys: a database whose people have no search keys (as
// one migrated from before they existed) gets them from
// RefreshSearchKeys, the same as written with each person; a second call
// does nothing.
func TestRefreshSearchKeys(t *testing.T) {
	eachEngine(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		spellingPeople(t, f.svc)
		ctx := f.as("coordinator")
		search := func(q string) int {
			t.Helper()
			l := must[core.List[directory.Person]](t)(f.svc.ListPeople(ctx, directory.PersonFilter{Query: q}, core.PageRequest{}))
			return l.Total
		}
		written := searchKeyRows(t, d)
		if len(written["person_search_keys"]) == 0 || len(written["search_key_variants"]) == 0 {
			t.Fatalf("no search keys written: %v", written)
		}
		// The state of a database migrated with people already in it.
		err := d.Write(context.Background(), func(ctx context.Context) error {
			for _, q := range []string{`DELETE FROM person_search_keys`, `DELETE FROM search_key_variants`, `DELETE FROM search_keys_version`} {
				if _, err := d.Exec(ctx, q); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if n := search("Kovalneko"); n != 0 {
			t.Fatalf("without keys, Kovalneko finds %d", n)
		}
		people := must[core.List[directory.Person]](t)(f.svc.ListPeople(ctx, directory.PersonFilter{IncludeArchived: true}, core.PageRequest{Limit: 1}))
		if n := must[int](t)(f.svc.RefreshSearchKeys(context.Background())); n != people.Total {
			t.Errorf("RefreshSearchKeys did %d people, want %d", n, people.Total)
		}
		if got := searchKeyRows(t, d); !sameRows(got, written) {
			t.Errorf("refreshed keys differ from written ones:\n got %v\nwant %v", got, written)
		}
		if n := search("Kovalneko"); n != 1 {
			t.Errorf("after refresh, Kovalneko finds %d, want 1", n)
		}
		if n := must[int](t)(f.svc.RefreshSearchKeys(context.Background())); n != 0 {
			t.Errorf("second RefreshSearchKeys did %d people, want 0", n)
		}
		if got := searchKeyRows(t, d); !sameRows(got, written) {
			t.Error("second RefreshSearchKeys changed the keys")
		}
	})
}

// searchKeyRows reads the search key tables, each row as one string.
func searchKeyRows(t testing.TB, d *db.DB) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for table, q := range map[string]string{
		"person_search_keys":  `SELECT person_id, token FROM person_search_keys`,
		"search_key_variants": `SELECT variant, token FROM search_key_variants`,
	} {
		rows, err := d.Query(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var a, b string
			if err := rows.Scan(&a, &b); err != nil {
				t.Fatal(err)
			}
			out[table] = append(out[table], a+" "+b)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
		slices.Sort(out[table])
	}
	return out
}

func sameRows(a, b map[string][]string) bool {
	for k := range a {
		if !slices.Equal(a[k], b[k]) {
			return false
		}
	}
	return len(a) == len(b)
}
