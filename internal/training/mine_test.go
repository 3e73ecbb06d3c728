package training_test

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/i18n"
	"github.com/topcop-platform/topcop/internal/training"
)

// TestMine: the reads of My training give a person their own
// nominations with what happened to each (nominated, the confirmed
// outcome, their answer with its reason, a promotion from the reserve
// list), their own attendance marks, the activities they hold a seat on
// or train, and nothing of anyone else; an account linked to no person
// gets nothing.
func TestMine(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		ae := seedAttendance(t, e)
		coord := as(core.RoleCoordinator, "")
		conf := e.svc.At(attClock.confirm)
		ana, eka, maia := ae.ge[0], ae.ge[1], ae.reserve
		noms := must[[]training.Nomination](t)(e.svc.Nominations(coord, ae.act.ID))
		nomOf := func(personID string) training.Nomination {
			i := slices.IndexFunc(noms, func(n training.Nomination) bool { return n.PersonID == personID })
			if i < 0 {
				t.Fatalf("no nomination of %s", personID)
			}
			return noms[i]
		}
		self := func(personID string) context.Context { return personAs(core.RoleParticipant, personID, "GE") }
		must3(t)(conf.Respond(self(ana.ID), nomOf(ana.ID).ID, training.AnswerAccept, ""))
		must3(t)(conf.Respond(self(eka.ID), nomOf(eka.ID).ID, training.AnswerDecline, "My unit needs me that week"))
		during := e.svc.At(attClock.during)
		for _, day := range []string{"2030-03-04", "2030-03-05"} {
			must[int](t)(during.MarkAttendance(coord, ae.act.ID, marks(day, append(append(ae.ge[:1:1], ae.ge[2]), ae.ua...), true, false, true, true)))
		}

		steps := func(ctx context.Context) []string {
			t.Helper()
			mine := must[[]training.MyNomination](t)(e.svc.MyNominations(ctx, "en"))
			if len(mine) != 1 {
				var people []string
				for _, n := range mine {
					people = append(people, n.Name)
				}
				t.Fatalf("nominations of %q, want the person's one", people)
			}
			if mine[0].Activity.ID != ae.act.ID || mine[0].Activity.CourseTitle == "" {
				t.Errorf("the nomination's activity: %+v", mine[0].Activity)
			}
			var out []string
			for _, s := range mine[0].History {
				out = append(out, strings.TrimSpace(s.Action+" "+string(s.From)+">"+string(s.To)+" "+s.Reason))
			}
			return out
		}
		if got, want := steps(self(ana.ID)), []string{"nominated >nominated", "selected nominated>selected", "accept selected>accepted"}; !slices.Equal(got, want) {
			t.Errorf("Ana's history %q, want %q", got, want)
		}
		if got, want := steps(self(eka.ID)), []string{"nominated >nominated", "selected nominated>selected",
			"decline selected>declined My unit needs me that week"}; !slices.Equal(got, want) {
			t.Errorf("Eka's history %q, want %q", got, want)
		}
		if got, want := steps(self(maia.ID)), []string{"nominated >nominated", "reserve nominated>reserve", "promote reserve>selected"}; !slices.Equal(got, want) {
			t.Errorf("Maia's history %q, want %q", got, want)
		}
		if mine := must[[]training.MyNomination](t)(e.svc.MyNominations(self(ae.never.ID), "en")); len(mine) != 0 {
			t.Errorf("a person never nominated has %d nominations", len(mine))
		}
		unlinked := as(core.RoleParticipant, "")
		if mine := must[[]training.MyNomination](t)(e.svc.MyNominations(unlinked, "en")); len(mine) != 0 {
			t.Errorf("an account linked to no person has %d nominations", len(mine))
		}

		// Attendance: Ana's two days present, Lela's two absent.
		if got := must[[]training.AttendanceMark](t)(e.svc.MyAttendance(self(ana.ID))); len(got) != 2 || !got[0].Present || got[0].Day != "2030-03-04" {
			t.Errorf("Ana's attendance: %+v", got)
		}
		if got := must[[]training.AttendanceMark](t)(e.svc.MyAttendance(self(ae.ge[2].ID))); len(got) != 2 || got[0].Present {
			t.Errorf("Lela's attendance: %+v", got)
		}
		if got := must[[]training.AttendanceMark](t)(e.svc.MyAttendance(self(eka.ID))); len(got) != 0 {
			t.Errorf("Eka, who declined, has attendance: %+v", got)
		}

		// Coming up (before the start): a seat holder's, the trainer's; not
		// for one who declined.
		upcoming := func(ctx context.Context) []string {
			t.Helper()
			var out []string
			for _, a := range must[[]training.MyActivity](t)(conf.MyUpcoming(ctx, "en")) {
				out = append(out, a.ID+" "+a.Role)
			}
			return out
		}
		if got := upcoming(self(ana.ID)); !slices.Equal(got, []string{ae.act.ID + " participant"}) {
			t.Errorf("Ana's coming up: %q", got)
		}
		if got := upcoming(personAs(core.RoleTrainer, e.tudor.ID, "")); !slices.Equal(got, []string{ae.act.ID + " trainer"}) {
			t.Errorf("Tudor's coming up: %q", got)
		}
		if got := upcoming(self(eka.ID)); len(got) != 0 {
			t.Errorf("Eka, who declined, has coming up: %q", got)
		}
		if got := must[[]training.MyActivity](t)(e.svc.At(attClock.closing).MyUpcoming(self(ana.ID), "en")); len(got) != 0 {
			t.Errorf("an ended activity is still coming up: %+v", got)
		}

		// One activity as an iCalendar file.
		var buf bytes.Buffer
		b, err := i18n.Load(training.Module.Locales)
		if err != nil {
			t.Fatal(err)
		}
		l := b.Localizer("en")
		if err := e.svc.WriteActivityCalendar(self(ana.ID), &buf, l, "https://topcop.example.org", ae.act.ID); err != nil {
			t.Fatal(err)
		}
		if ics := buf.String(); strings.Count(ics, "BEGIN:VEVENT") != 1 || !strings.Contains(ics, "UID:"+ae.act.ID) {
			t.Errorf("the calendar file:\n%s", ics)
		}
		if err := e.svc.WriteActivityCalendar(self(ana.ID), &buf, l, "", core.NewID()); !core.IsCode(err, core.NotFound) {
			t.Errorf("an unknown activity's calendar file: %v", err)
		}
	})
}
