package training_test

import (
	"context"
	"slices"
	"testing"

	"github.com/topcop-platform/topcop/internal/audit"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
	"github.com/topcop-platform/topcop/internal/db/dbtest"
	"github.com/topcop-platform/topcop/internal/directory"
	"github.com/topcop-platform/topcop/internal/training"
)

// env is a database with the directory's and training's tables, a few
// people, and the services.
type env struct {
	d     *db.DB
	log   *audit.Log
	dir   *directory.Service
	svc   *training.Service
	ge    directory.Agency
	nino  directory.Person
	tudor directory.Person
}

func eachEngine(t *testing.T, fn func(t *testing.T, e *env)) {
	t.Helper()
	dbtest.Each(t, func(t *testing.T, d *db.DB) { fn(t, newEnv(t, d)) }, directory.Module.Migrations, training.Module.Migrations)
}

func sys() context.Context { return core.WithActor(context.Background(), core.SystemActor("test")) }

func as(role core.Role, country string) context.Context {
	return core.WithActor(context.Background(), core.Actor{AccountID: core.NewID(), Email: string(role) + "@example.org",
		Grants: []core.Grant{{Role: role, Country: country}}})
}

func newEnv(t testing.TB, d *db.DB) *env {
	t.Helper()
	log := audit.New(d)
	t.Cleanup(log.Close)
	if err := directory.SeedReference(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	e := &env{d: d, log: log, dir: directory.NewService(d, log), svc: training.NewService(d, log)}
	if err := e.svc.SeedAreas(sys()); err != nil {
		t.Fatal(err)
	}
	var err error
	if e.ge, err = e.dir.CreateAgency(sys(), directory.AgencyInput{Code: "GE-MIA", CountryCode: "GE", Name: "Ministry of Internal Affairs", Type: directory.AgencyPolice}); err != nil {
		t.Fatal(err)
	}
	if e.nino, _, err = e.dir.CreatePerson(sys(), directory.PersonInput{AgencyID: e.ge.ID, GivenName: "Nino", FamilyName: "Beridze", Sex: directory.SexFemale}); err != nil {
		t.Fatal(err)
	}
	if e.tudor, _, err = e.dir.CreatePerson(sys(), directory.PersonInput{AgencyID: e.ge.ID, GivenName: "Tudor", FamilyName: "Rusu", Sex: directory.SexMale}); err != nil {
		t.Fatal(err)
	}
	return e
}

func must[T any](t testing.TB) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

func fieldErrs(err error) []string {
	var out []string
	if e := core.AsError(err); e != nil {
		for _, f := range e.Fields {
			out = append(out, f.Field+":"+f.Code)
		}
	}
	return out
}

func cyberCourse() training.CourseInput {
	return training.CourseInput{Code: "CYB-101", Title: "Investigating cryptocurrency laundering",
		Titles: map[string]string{"uk": "Розслідування відмивання криптовалют", "ka": "კრიპტოვალუტის გათეთრების გამოძიება"},
		Areas:  []string{"ONLINE", "CRYPTO"}, Level: training.LevelAdvanced, Format: training.FormatResidential,
		Outcomes: []string{"Trace transactions on public ledgers", "Request exchange records"}, TargetTypes: []string{"police", "fiu"}, Hours: 24}
}

func TestCourses(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		coord := as(core.RoleCoordinator, "")
		c := must[training.Course](t)(e.svc.CreateCourse(coord, cyberCourse()))
		if c.Code != "CYB-101" || !slices.Equal(c.Areas, []string{"CRYPTO", "ONLINE"}) || c.Titles["uk"] == "" || len(c.Outcomes) != 2 || c.Hours != 24 {
			t.Fatalf("created %+v", c)
		}
		// Every member browses; the search finds a title in any script.
		obs := as(core.RoleObserver, "")
		for _, q := range []string{"cryptocurrency", "криптовалют", "cyb-101", "kriptovaliut"} {
			l := must[core.List[training.Course]](t)(e.svc.ListCourses(obs, training.CourseFilter{Query: q}, core.PageRequest{}))
			if l.Total != 1 {
				t.Errorf("search %q: %d", q, l.Total)
			}
		}
		for _, f := range []training.CourseFilter{{Area: "CRYPTO"}, {Level: training.LevelAdvanced}, {Format: training.FormatResidential}, {TargetType: "fiu"}} {
			if l := must[core.List[training.Course]](t)(e.svc.ListCourses(obs, f, core.PageRequest{})); l.Total != 1 {
				t.Errorf("filter %+v: %d", f, l.Total)
			}
		}
		if l := must[core.List[training.Course]](t)(e.svc.ListCourses(obs, training.CourseFilter{TargetType: "customs"}, core.PageRequest{})); l.Total != 0 {
			t.Errorf("customs filter: %d", l.Total)
		}

		// Bad input: a clear field error, nothing stored.
		bad := cyberCourse()
		bad.Code, bad.Areas, bad.Level, bad.Hours, bad.TargetTypes = "cyb 101!", []string{"NOPE"}, "expert", 0, []string{"army"}
		_, err := e.svc.CreateCourse(coord, bad)
		want := []string{"code:invalid", "crime_areas:unknown_area", "level:invalid", "target_group:invalid", "hours:out_of_range"}
		if got := fieldErrs(err); !sameSet(got, want) {
			t.Errorf("bad course: %v, want %v", got, want)
		}
		if _, err := e.svc.CreateCourse(coord, cyberCourse()); !core.IsCode(err, core.Conflict) || !slices.Contains(fieldErrs(err), "code:taken") {
			t.Errorf("duplicate code: %v", err)
		}
		// Only staff write.
		for _, ctx := range []context.Context{as(core.RoleNCP, "GE"), as(core.RoleTrainer, ""), obs} {
			if _, err := e.svc.CreateCourse(ctx, cyberCourse()); !core.IsCode(err, core.Forbidden) {
				t.Errorf("%v creates a course: %v", core.ActorFrom(ctx).Grants, err)
			}
		}
		if l := must[core.List[training.Course]](t)(e.svc.ListCourses(obs, training.CourseFilter{}, core.PageRequest{})); l.Total != 1 {
			t.Errorf("courses after refusals: %d", l.Total)
		}

		// An emerging threat is added without a code change.
		must[training.CrimeArea](t)(e.svc.AddArea(coord, training.AreaInput{Code: "deepfake", NameEN: "Deepfake-enabled fraud"}))
		up := cyberCourse()
		up.Areas = append(up.Areas, "DEEPFAKE")
		c = must[training.Course](t)(e.svc.UpdateCourse(coord, c.ID, up))
		if !slices.Contains(c.Areas, "DEEPFAKE") {
			t.Errorf("updated areas %v", c.Areas)
		}
	})
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

func TestActivitiesAndTransitions(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		coord := as(core.RoleCoordinator, "")
		c := must[training.Course](t)(e.svc.CreateCourse(coord, cyberCourse()))
		in := training.ActivityInput{CourseID: c.ID, StartsOn: "2026-05-11", EndsOn: "2026-05-15", TimeZone: "Europe/Chisinau",
			City: "Chișinău", CountryCode: "MD", Languages: []string{"en", "ru"}, Interpretation: []string{"ro"}, Capacity: 20,
			Seats: map[string]int{"GE": 4, "UA": 4, "MD": 4, "AM": 3, "AZ": 3}, TrainerIDs: []string{e.tudor.ID}}
		a := must[training.Activity](t)(e.svc.CreateActivity(coord, in))
		if a.Status != training.StatusPlanned || a.Seats["GE"] != 4 || len(a.Trainers) != 1 || a.Trainers[0].Name != "Tudor Rusu" ||
			a.CompletionRate != 80 || len(a.Days()) != 5 {
			t.Fatalf("created %+v", a)
		}
		uk := must[training.Activity](t)(e.svc.Activity(as(core.RoleParticipant, ""), a.ID, "uk"))
		if uk.CourseTitle != "Розслідування відмивання криптовалют" {
			t.Errorf("title in uk: %q", uk.CourseTitle)
		}

		// Bad input.
		for _, tc := range []struct {
			mod  func(*training.ActivityInput)
			want []string
		}{
			{func(i *training.ActivityInput) { i.EndsOn = "2026-05-10" }, []string{"ends_on:ends_before_start"}},
			{func(i *training.ActivityInput) { i.Seats = map[string]int{"GE": 15, "UA": 10} }, []string{"seats:seats_over_capacity"}},
			{func(i *training.ActivityInput) { i.Seats = map[string]int{"XX": 1} }, []string{"seats:unknown"}},
			{func(i *training.ActivityInput) { i.TimeZone = "Mars/Olympus" }, []string{"time_zone:invalid"}},
			{func(i *training.ActivityInput) { i.CourseID = core.NewID() }, []string{"course_id:unknown_course"}},
			{func(i *training.ActivityInput) { i.TrainerIDs = []string{core.NewID()} }, []string{"trainer_ids:unknown"}},
			{func(i *training.ActivityInput) { i.Capacity = 0; i.Seats = nil }, []string{"capacity:out_of_range"}},
			{func(i *training.ActivityInput) { i.StartsOn = "11/05/2026" }, []string{"starts_on:invalid"}},
		} {
			bad := in
			tc.mod(&bad)
			if _, err := e.svc.CreateActivity(coord, bad); !sameSet(fieldErrs(err), tc.want) {
				t.Errorf("%+v: %v, want %v", bad, fieldErrs(err), tc.want)
			}
		}
		if l := must[core.List[training.Activity]](t)(e.svc.ListActivities(coord, training.ActivityFilter{}, core.PageRequest{})); l.Total != 1 {
			t.Fatalf("activities after bad input: %d", l.Total)
		}

		// Transitions: only the allowed ones; cancelling needs a reason.
		if _, err := e.svc.Move(coord, a.ID, training.StatusConfirmed, ""); !slices.Contains(fieldErrs(err), "status:transition_not_allowed") {
			t.Errorf("planned → confirmed: %v", err)
		}
		if _, err := e.svc.Move(coord, a.ID, training.StatusCancelled, ""); !slices.Contains(fieldErrs(err), "reason:required") {
			t.Errorf("cancel without reason: %v", err)
		}
		if _, err := e.svc.Move(as(core.RoleNCP, "MD"), a.ID, training.StatusCallOpen, ""); !core.IsCode(err, core.Forbidden) {
			t.Errorf("ncp moves an activity: %v", err)
		}
		a = must[training.Activity](t)(e.svc.Move(coord, a.ID, training.StatusCancelled, "venue unavailable"))
		if a.Status != training.StatusCancelled || a.CancelReason != "venue unavailable" {
			t.Errorf("cancelled: %+v", a)
		}
		if _, err := e.svc.UpdateActivity(coord, a.ID, in); !core.IsCode(err, core.Conflict) {
			t.Errorf("update of a cancelled activity: %v", err)
		}
		if _, err := e.svc.Move(coord, a.ID, training.StatusCallOpen, ""); err == nil {
			t.Error("a cancelled activity reopened")
		}

		// The calendar filters: overlap of a date range, status, country.
		for _, tc := range []struct {
			f    training.ActivityFilter
			want int
		}{
			{training.ActivityFilter{From: "2026-05-15", To: "2026-05-31"}, 1},
			{training.ActivityFilter{From: "2026-05-16"}, 0},
			{training.ActivityFilter{To: "2026-05-10"}, 0},
			{training.ActivityFilter{Status: training.StatusCancelled, Country: "md"}, 1},
			{training.ActivityFilter{Area: "CRYPTO", Online: "false"}, 1},
		} {
			if l := must[core.List[training.Activity]](t)(e.svc.ListActivities(coord, tc.f, core.PageRequest{})); l.Total != tc.want {
				t.Errorf("filter %+v: %d, want %d", tc.f, l.Total, tc.want)
			}
		}
		if _, err := e.svc.ListActivities(coord, training.ActivityFilter{From: "2026-06-01", To: "2026-05-01"}, core.PageRequest{}); !slices.Contains(fieldErrs(err), "to:ends_before_start") {
			t.Errorf("reversed range: %v", err)
		}
	})
}
