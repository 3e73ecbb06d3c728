package training_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db/dbtest"
	"github.com/topcop-platform/topcop/internal/directory"
	"github.com/topcop-platform/topcop/internal/training"
)

// BenchmarkProposeService: the selection proposal of one activity with
// 2,000 nominations from the five partner countries, read from the
// database and computed (issue 8: under 100 ms), on each engine.
func BenchmarkProposeService(b *testing.B) {
	for _, engine := range dbtest.Engines {
		b.Run(engine, func(b *testing.B) {
			d := dbtest.Open(b, engine, directory.Module.Migrations, training.Module.Migrations)
			e := newEnv(b, d)
			coord := as(core.RoleCoordinator, "")
			c := must[training.Course](b)(e.svc.CreateCourse(coord, cyberCourse()))
			a := must[training.Activity](b)(e.svc.CreateActivity(coord, training.ActivityInput{CourseID: c.ID, StartsOn: "2030-03-01",
				EndsOn: "2030-03-05", Online: true, Languages: []string{"en"}, Capacity: 100,
				Seats: map[string]int{"AM": 15, "AZ": 15, "GE": 15, "MD": 15, "UA": 15}}))
			a = must[training.Activity](b)(e.svc.OpenCall(coord, a.ID, training.CallInput{Deadline: time.Now().Add(time.Hour)}))
			err := d.Write(context.Background(), func(ctx context.Context) error {
				for i, country := range []string{"AM", "AZ", "GE", "MD", "UA"} {
					ag, err := e.dir.CreateAgency(sys(), directory.AgencyInput{Code: "B-" + country, CountryCode: country, Name: "Bench agency " + country, Type: directory.AgencyPolice})
					if err != nil {
						return err
					}
					for j := range 400 {
						p, _, err := e.dir.CreatePerson(ctx, directory.PersonInput{AgencyID: ag.ID, GivenName: givenNames[j%len(givenNames)],
							FamilyName: fmt.Sprintf("Bench%c%c", 'a'+rune(j/26%26), 'a'+rune(j%26)) + givenNames[i]})
						if err != nil {
							return err
						}
						if _, err := e.svc.Nominate(ctx, a.ID, training.NominationInput{PersonID: p.ID}); err != nil {
							return err
						}
					}
				}
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for b.Loop() {
				p, err := e.svc.Propose(coord, a.ID)
				if err != nil || len(p.Items) != 2000 || p.Selected != 100 {
					b.Fatalf("proposal: %d items, %d selected, %v", len(p.Items), p.Selected, err)
				}
			}
		})
	}
}
