package training_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
	"github.com/topcop-platform/topcop/internal/directory"
	"github.com/topcop-platform/topcop/internal/names"
	"github.com/topcop-platform/topcop/internal/training"
)

// seedNominationsBulk writes, for each country, a police and a customs
// agency and perCountry people alternating between them and between the
// sexes, all nominated for activityID with priorities 1..perCountry. It
// inserts the rows directly with multi-row INSERTs in one transaction (no
// validation, no audit, no duplicate check: test data only), filling the
// derived columns (sort_name, search, name blocks) with the names package
// as the directory's store does; the people's loose search keys are not
// written. On PostgreSQL it refreshes the planner's statistics afterwards,
// as the demo loader does. The activity must exist; its call state is not
// checked.
func seedNominationsBulk(tb testing.TB, d *db.DB, activityID string, countries []string, perCountry int) {
	tb.Helper()
	now := time.Now().UTC().Truncate(time.Second)
	var agencies, people, blocks, noms [][]any
	for ci, country := range countries {
		ags := []struct {
			id  string
			typ directory.AgencyType
		}{{core.NewID(), directory.AgencyPolice}, {core.NewID(), directory.AgencyCustoms}}
		for _, ag := range ags {
			name := fmt.Sprintf("Bench %s agency %s", ag.typ, country)
			code := fmt.Sprintf("B-%s-%s", country, strings.ToUpper(string(ag.typ)))
			agencies = append(agencies, []any{ag.id, code, country, name, string(ag.typ), names.SortKey(name),
				names.SearchText(name, "", "", code), false, db.T(&now), db.T(&now)})
		}
		for j := range perCountry {
			id := core.NewID()
			given := givenNames[j%len(givenNames)]
			family := fmt.Sprintf("Bench%c%c", 'a'+rune(j/26%26), 'a'+rune(j%26)) + givenNames[ci%len(givenNames)]
			sex := directory.SexFemale
			if j%2 == 1 {
				sex = directory.SexMale
			}
			people = append(people, []any{id, ags[j%len(ags)].id, country, given, family, string(sex), "en",
				names.SortKey(family) + "\x1f" + names.SortKey(given), names.SearchText(given, family, "", "", ""),
				false, db.T(&now), db.T(&now)})
			for _, b := range names.Blocks(given + " " + family) {
				blocks = append(blocks, []any{id, b})
			}
			// Nominated one after another, as the service would stamp them.
			at := now.Add(time.Duration(ci*perCountry+j) * time.Millisecond)
			noms = append(noms, []any{core.NewID(), activityID, id, country, j + 1, string(training.NomNominated), "bench",
				db.T(&at), db.T(&at)})
		}
	}
	ctx := context.Background()
	err := d.Write(ctx, func(ctx context.Context) error {
		for _, t := range []struct {
			table, cols string
			rows        [][]any
		}{
			{"agencies", "id, code, country_code, name, type, sort_name, search, demo, created_at, updated_at", agencies},
			{"people", "id, agency_id, country_code, given_name, family_name, sex, languages, sort_name, search, demo, created_at, updated_at", people},
			{"person_name_blocks", "person_id, block", blocks},
			{"nominations", "id, activity_id, person_id, country_code, priority, status, nominated_by, created_at, updated_at", noms},
		} {
			if err := insertRows(ctx, d, t.table, t.cols, t.rows); err != nil {
				return fmt.Errorf("seed %s: %w", t.table, err)
			}
		}
		return nil
	})
	if err == nil {
		err = d.RefreshStatistics(ctx)
	}
	if err != nil {
		tb.Fatal(err)
	}
}

// insertRows inserts rows (all of the same width as cols) in statements of
// at most 500 rows, well under both engines' limits on placeholders.
func insertRows(ctx context.Context, d *db.DB, table, cols string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	n := len(rows[0])
	one := "(" + db.Placeholders(n) + ")"
	for len(rows) > 0 {
		k := min(500, len(rows))
		args := make([]any, 0, k*n)
		for _, r := range rows[:k] {
			args = append(args, r...)
		}
		q := "INSERT INTO " + table + " (" + cols + ") VALUES " + strings.TrimSuffix(strings.Repeat(one+", ", k), ", ")
		if _, err := d.Exec(ctx, q, args...); err != nil {
			return err
		}
		rows = rows[k:]
	}
	return nil
}

// TestSeedNominationsBulk checks that the bulk seed writes rows the
// services read back as if they had written them: people found by a
// search in the directory (sort and search columns filled), nominations
// listed in priority order with their person's name, sex and agency type.
func TestSeedNominationsBulk(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		coord := as(core.RoleCoordinator, "")
		c := must[training.Course](t)(e.svc.CreateCourse(coord, cyberCourse()))
		a := must[training.Activity](t)(e.svc.CreateActivity(coord, training.ActivityInput{CourseID: c.ID, StartsOn: "2030-03-01",
			EndsOn: "2030-03-05", Online: true, Languages: []string{"en"}, Capacity: 4, Seats: map[string]int{"AM": 1, "UA": 1}}))
		seedNominationsBulk(t, e.d, a.ID, []string{"AM", "UA"}, 3)
		l := must[core.List[directory.Person]](t)(e.dir.ListPeople(sys(), directory.PersonFilter{Query: "dato", Country: "UA"}, core.PageRequest{Limit: 10}))
		if len(l.Items) != 1 || l.Items[0].FamilyName != "BenchacBoris" || l.Items[0].AgencyName != "Bench police agency UA" {
			t.Fatalf("search found %+v", l.Items)
		}
		noms := must[[]training.Nomination](t)(e.svc.Nominations(coord, a.ID))
		if len(noms) != 6 {
			t.Fatalf("%d nominations", len(noms))
		}
		sexes, types := map[string]int{}, map[string]int{}
		for i, n := range noms {
			if want := []string{"AM", "UA"}[i/3]; n.CountryCode != want || n.Priority != i%3+1 || n.Name == "" || n.Status != training.NomNominated {
				t.Fatalf("nomination %d: %+v", i, n)
			}
			sexes[n.Sex]++
			types[n.AgencyType]++
		}
		if len(sexes) != 2 || len(types) != 2 {
			t.Fatalf("sexes %v, agency types %v", sexes, types)
		}
	})
}
