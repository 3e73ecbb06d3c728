package training_test

import (
	"context"
	"testing"
	"time"

	"github.com/topcop-platform/topcop/internal/app/apptest"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/training"
)

// TestDemo: the demo portfolio covers every format and every activity
// status, with nominations, reserve lists, answers and attendance (some
// complete, some do not), on both engines.
func TestDemo(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		e.LoadDemo(t)
		count := func(q string, args ...any) int {
			t.Helper()
			var n int
			if err := e.DB.QueryRow(context.Background(), q, args...).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		if n := count(`SELECT count(*) FROM courses`); n < 25 {
			t.Errorf("%d courses, want at least 25", n)
		}
		if n := count(`SELECT count(*) FROM activities WHERE starts_on >= '2024-01-01'`); n < 40 {
			t.Errorf("%d activities, want at least 40", n)
		}
		for _, f := range training.Formats {
			if count(`SELECT count(*) FROM courses WHERE format = ?`, string(f)) == 0 {
				t.Errorf("no course of format %s", f)
			}
		}
		for _, s := range training.Statuses {
			if count(`SELECT count(*) FROM activities WHERE status = ?`, string(s)) == 0 {
				t.Errorf("no activity in status %s", s)
			}
		}
		for _, s := range []training.NominationStatus{training.NomNominated, training.NomSelected, training.NomReserve, training.NomAccepted, training.NomDeclined} {
			if count(`SELECT count(*) FROM nominations WHERE status = ?`, string(s)) == 0 {
				t.Errorf("no nomination in status %s", s)
			}
		}
		// Attendance: delivered and closed activities have it for their
		// participants, the one in progress up to today; most complete,
		// some do not.
		if n := count(`SELECT count(*) FROM attendance`); n < 500 {
			t.Errorf("%d attendance marks, want at least 500", n)
		}
		if n := count(`SELECT count(*) FROM attendance WHERE present = ?`, false); n == 0 {
			t.Error("nobody was ever absent")
		}
		if n := count(`SELECT count(*) FROM activities a WHERE a.status = 'confirmed' AND a.starts_on <= ?
			AND EXISTS (SELECT 1 FROM attendance t WHERE t.activity_id = a.id)`, time.Now().UTC().Format(time.DateOnly)); n == 0 {
			t.Error("no attendance on the activity in progress")
		}
		if n := count(`SELECT count(*) FROM attendance t JOIN activities a ON a.id = t.activity_id WHERE t.day > a.ends_on OR t.day < a.starts_on
			OR NOT EXISTS (SELECT 1 FROM nominations n WHERE n.activity_id = t.activity_id AND n.person_id = t.person_id)`); n != 0 {
			t.Errorf("%d marks outside the activity's days or of people never nominated", n)
		}
		svc := apptest.Use[*training.Service](e)
		var done, notDone, finished int
		for _, st := range []training.Status{training.StatusDelivered, training.StatusClosed} {
			l, err := svc.ListActivities(e.SysCtx(), training.ActivityFilter{Status: st}, core.PageRequest{Limit: core.MaxLimit})
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range l.Items {
				pl, err := svc.Participants(e.SysCtx(), a.ID)
				if err != nil {
					t.Fatal(err)
				}
				if !pl.Final {
					t.Errorf("%s activity %s: outcome not final", st, a.ID)
				}
				for _, p := range pl.Items {
					if p.DaysPresent+countAbsent(p) != p.Days {
						t.Errorf("activity %s: %s has %d of %d days marked", a.ID, p.Name, p.DaysPresent+countAbsent(p), p.Days)
					}
					if p.Completed {
						done++
					} else {
						notDone++
					}
				}
				finished++
			}
		}
		t.Logf("%d delivered or closed activities: %d participants completed, %d did not", finished, done, notDone)
		if finished == 0 || done == 0 || notDone == 0 || notDone > done {
			t.Errorf("%d delivered or closed activities: %d participants completed, %d did not; want most but not all", finished, done, notDone)
		}

		// No activity holds more seats than its capacity.
		if n := count(`SELECT count(*) FROM activities a WHERE a.capacity < (SELECT count(*) FROM nominations n
			WHERE n.activity_id = a.id AND n.status IN ('selected', 'accepted'))`); n != 0 {
			t.Errorf("%d activities oversold", n)
		}
	})
}

// countAbsent is the days p was marked absent.
func countAbsent(p training.Participant) int {
	n := 0
	for _, present := range p.Attendance {
		if !present {
			n++
		}
	}
	return n
}
