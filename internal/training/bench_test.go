package training_test

import (
	"testing"
	"time"

	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db/dbtest"
	"github.com/topcop-platform/topcop/internal/directory"
	"github.com/topcop-platform/topcop/internal/training"
)

// BenchmarkProposeService: the selection proposal of one activity with
// 2,000 nominations from the five partner countries (400 each, priorities
// 1..400, seeded in bulk by seedNominationsBulk), read from the database
// and computed (issue 8: under 100 ms), on each engine.
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
			seedNominationsBulk(b, d, a.ID, []string{"AM", "AZ", "GE", "MD", "UA"}, 400)
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

// TestListActivitiesLongestActivity guards the lower bound ListActivities
// puts on starts_on for a From date (From − 366 days, the longest activity
// ActivityInput.validate allows), which keeps the calendar's query on the
// starts_on index: an activity of 366 days is still found by a period that
// only its last day overlaps, with its total and with a format filter.
func TestListActivitiesLongestActivity(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		coord := as(core.RoleCoordinator, "")
		c := must[training.Course](t)(e.svc.CreateCourse(coord, cyberCourse()))
		long := must[training.Activity](t)(e.svc.CreateActivity(coord, training.ActivityInput{CourseID: c.ID, StartsOn: "2029-01-01",
			EndsOn: "2030-01-02", Online: true, Languages: []string{"en"}, Capacity: 10}))
		must[training.Activity](t)(e.svc.CreateActivity(coord, training.ActivityInput{CourseID: c.ID, StartsOn: "2028-12-20",
			EndsOn: "2028-12-31", Online: true, Languages: []string{"en"}, Capacity: 10}))
		for _, f := range []training.ActivityFilter{
			{From: "2030-01-02", To: "2030-01-31"},
			{From: "2030-01-02"},
			{From: "2030-01-02", Format: training.FormatResidential},
		} {
			l := must[core.List[training.Activity]](t)(e.svc.ListActivities(coord, f, core.PageRequest{}))
			if l.Total != 1 || len(l.Items) != 1 || l.Items[0].ID != long.ID {
				t.Errorf("filter %+v: total %d, %d items", f, l.Total, len(l.Items))
			}
		}
		if l := must[core.List[training.Activity]](t)(e.svc.ListActivities(coord, training.ActivityFilter{From: "2030-01-03"}, core.PageRequest{})); l.Total != 0 {
			t.Errorf("after its last day: %d", l.Total)
		}
	})
}
