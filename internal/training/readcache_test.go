package training_test

// Training's read cache (pages of activities in the service; the
// activities filter form and rows, and a month of the calendar, in the
// pages): a write shows at once, callers cannot change what others get,
// and entries are not shared across languages, across the actors that
// "mine" sets apart, or between coordinators and others where the page
// differs.

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/topcop-platform/topcop/internal/app/apptest"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/training"
)

func TestActivityListCache(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		coord := as(core.RoleCoordinator, "")
		c := must[training.Course](t)(e.svc.CreateCourse(coord, cyberCourse()))
		in := training.ActivityInput{CourseID: c.ID, StartsOn: "2030-05-04", EndsOn: "2030-05-06", Online: true,
			Languages: []string{"en"}, Capacity: 10, Seats: map[string]int{"GE": 2}, TrainerIDs: []string{e.nino.ID}}
		a := must[training.Activity](t)(e.svc.CreateActivity(coord, in))
		f := training.ActivityFilter{From: "2030-05-01", To: "2030-05-31"}
		list := func(ctx0 string, f training.ActivityFilter) []training.Activity {
			t.Helper()
			ctx := coord
			switch ctx0 {
			case "nino":
				ctx = personAs(core.RoleTrainer, e.nino.ID, "")
			case "tudor":
				ctx = personAs(core.RoleTrainer, e.tudor.ID, "")
			}
			return must[core.List[training.Activity]](t)(e.svc.ListActivities(ctx, f, core.PageRequest{})).Items
		}

		// What a caller gets is its own: changing it changes nothing for
		// the next caller.
		got := list("", f)
		if len(got) != 1 || got[0].Seats["GE"] != 2 || len(got[0].Trainers) != 1 {
			t.Fatalf("first read: %+v", got)
		}
		got[0].Seats["GE"], got[0].Trainers[0].Name, got[0].Languages[0] = 99, "Someone else", "xx"
		if again := list("", f); again[0].Seats["GE"] != 2 || again[0].Trainers[0].Name != "Nino Beridze" || again[0].Languages[0] != "en" {
			t.Errorf("a caller's change reached the next caller: seats %v, trainers %v, languages %v", again[0].Seats, again[0].Trainers, again[0].Languages)
		}

		// A write shows at once: seats, trainers, a new activity.
		in.Seats, in.TrainerIDs = map[string]int{"GE": 3, "MD": 1}, []string{e.tudor.ID}
		must[training.Activity](t)(e.svc.UpdateActivity(coord, a.ID, in))
		if got := list("", f); got[0].Seats["GE"] != 3 || got[0].Seats["MD"] != 1 || len(got[0].Trainers) != 1 || got[0].Trainers[0].PersonID != e.tudor.ID {
			t.Errorf("after the update: seats %v, trainers %v", got[0].Seats, got[0].Trainers)
		}
		in.StartsOn, in.EndsOn = "2030-05-20", "2030-05-20"
		must[training.Activity](t)(e.svc.CreateActivity(coord, in))
		if got := list("", f); len(got) != 2 {
			t.Errorf("after a second activity: %d listed", len(got))
		}

		// Titles in the language asked for, whichever was read first.
		f.Lang = "en"
		en := list("", f)
		f.Lang = "uk"
		uk := list("", f)
		if en[0].CourseTitle != "Investigating cryptocurrency laundering" || uk[0].CourseTitle != "Розслідування відмивання криптовалют" {
			t.Errorf("titles: en %q, uk %q", en[0].CourseTitle, uk[0].CourseTitle)
		}

		// "Mine" is each actor's own: tudor trains both, nino none now.
		f.Lang, f.Mine = "", true
		if got := list("tudor", f); len(got) != 2 {
			t.Errorf("tudor's activities: %d", len(got))
		}
		if got := list("nino", f); len(got) != 0 {
			t.Errorf("nino's activities after being replaced as trainer: %d (another actor's entry?)", len(got))
		}
	})
}

var activityLink = regexp.MustCompile(`href="/training/activities/[0-9a-f]{8}-`)

// TestTrainingPagesCache: the calendar month and the activities list show
// a new activity right after it is created, each language its own titles
// and labels, and only coordinators the archived courses in the filter.
func TestTrainingPagesCache(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		f := seedWeb(t, e)
		ctx := apptest.SysCtx()
		svc := svcOf(e)
		part := signIn(t, e, core.RoleParticipant)
		coord := signIn(t, e, core.RoleCoordinator)
		const month, list = "/training/calendar?month=2026-11", "/training/activities?from=2026-11-01&to=2026-11-30"
		for _, p := range []string{month, list} {
			if res := part.Get(t, p); activityLink.MatchString(res.Body) {
				t.Fatalf("%s shows an activity before there is one", p)
			}
		}
		a, err := svc.CreateActivity(ctx, training.ActivityInput{CourseID: f.cyb.ID, StartsOn: "2026-11-10", EndsOn: "2026-11-10",
			Online: true, Languages: []string{"en"}, Capacity: 20})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range []string{month, list} {
			_, doc := part.GetDoc(t, p, http.StatusOK)
			if doc.Find(`main a[href="/training/activities/`+a.ID+`"]`).Length() == 0 {
				t.Errorf("%s does not show the activity created a moment ago", p)
			}
		}

		// The same pages in Romanian right after English: Romanian labels
		// and the course's Romanian title.
		if _, err := svc.UpdateCourse(ctx, f.cyb.ID, training.CourseInput{Code: "CYB-101", Title: "Cyber-attacks: first response",
			Titles: map[string]string{"ro": "Atacuri cibernetice: primul răspuns"}, Areas: []string{"CYBER", "ONLINE"},
			Level: training.LevelBasic, Format: training.FormatWebinar, Hours: 3}); err != nil {
			t.Fatal(err)
		}
		for _, p := range []string{month, list} {
			part.Lang = "en"
			en := part.Get(t, p).Body
			part.Lang = "ro"
			roBody := part.Get(t, p).Body
			if !strings.Contains(en, "Cyber-attacks: first response") || !strings.Contains(roBody, "Atacuri cibernetice: primul răspuns") {
				t.Errorf("%s: the English page lacks the English title or the Romanian page the Romanian one", p)
			}
			if !strings.Contains(en, ">Planned<") || strings.Contains(roBody, ">Planned<") || !strings.Contains(roBody, ">Planificată<") {
				t.Errorf("%s: the status is not in the page's language", p)
			}
		}
		part.Lang = "en"

		// An archived course is an option of the filter for coordinators,
		// not for a participant, whoever opened the page first.
		if _, err := svc.SetCourseArchived(ctx, f.thb.ID, true); err != nil {
			t.Fatal(err)
		}
		option := `#field-course_id option[value="` + f.thb.ID + `"]`
		if _, doc := part.GetDoc(t, "/training/activities", http.StatusOK); doc.Find(option).Length() != 0 {
			t.Errorf("a participant is offered an archived course")
		}
		if _, doc := coord.GetDoc(t, "/training/activities", http.StatusOK); doc.Find(option).Length() != 1 {
			t.Errorf("a coordinator is not offered the archived course")
		}
	})
}
