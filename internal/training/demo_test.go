package training_test

import (
	"context"
	"testing"

	"github.com/topcop-platform/topcop/internal/app/apptest"
	"github.com/topcop-platform/topcop/internal/training"
)

// TestDemo: the demo portfolio covers every format and every activity
// status, with nominations, reserve lists and answers, on both engines.
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
		// No activity holds more seats than its capacity.
		if n := count(`SELECT count(*) FROM activities a WHERE a.capacity < (SELECT count(*) FROM nominations n
			WHERE n.activity_id = a.id AND n.status IN ('selected', 'accepted'))`); n != 0 {
			t.Errorf("%d activities oversold", n)
		}
	})
}
