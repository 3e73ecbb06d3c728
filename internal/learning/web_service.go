package learning

import (
	"cmp"
	"context"
	"database/sql"
	"slices"
	"time"

	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
	"github.com/topcop-platform/topcop/internal/training"
)

// What the pages need of the service beyond service.go: the list of a
// participant's own tests for the home page, and its SQL (kept beside it
// rather than in store.go, which the pages do not touch).

// Windows of the home page's list of tests to take.
const (
	// soonDays: a test not open yet is listed this many days before it
	// opens.
	soonDays = 14
	// doneDays: a submitted test is listed this many days after it was
	// submitted.
	doneDays = 180
	// maxTaken bounds the rows read for one person (two tests an
	// activity, a few activities a year).
	maxTaken = 200
)

// TestState is where a test stands for one participant at a moment.
type TestState string

// The states of a test for its participant.
const (
	StateUpcoming TestState = "upcoming" // the window has not opened
	StateOpen     TestState = "open"     // open and not submitted
	StateClosed   TestState = "closed"   // the window closed before a submission
	StateDone     TestState = "done"     // submitted (online or on paper)
)

// TestToTake is one of the participant's own tests: its window, how far
// they got and, once submitted, their score. It carries no question and
// no answer key.
type TestToTake struct {
	ID          string
	ActivityID  string
	Kind        TestKind
	Form        string
	OpensAt     time.Time
	ClosesAt    time.Time
	Questions   int // in the test
	Answered    int // questions with a saved answer
	Score       *float64
	SubmittedAt *time.Time
	Source      Source
	State       TestState
}

// stateAt is the state of a test with window [opens, closes) for a
// submission submitted at sub (nil: not submitted) at now.
func stateAt(now, opens, closes time.Time, sub *time.Time) TestState {
	switch {
	case sub != nil:
		return StateDone
	case now.Before(opens):
		return StateUpcoming
	case !now.Before(closes):
		return StateClosed
	}
	return StateOpen
}

// TestsToTake lists the signed-in person's own tests, as a participant
// (a seat holder) of their activities: those not submitted that are open
// now or open within 14 days, and those submitted in the last 180 days.
// Open tests come first (closing soonest first), then those to come
// (opening soonest first), then the done ones (latest first); at most
// limit of them, with the number there are. An account linked to no
// person has none. Reading one's own scores is not recorded as a read of
// personal data (Test does not record it either). Errors:
// unauthenticated.
func (s *Service) TestsToTake(ctx context.Context, limit int) ([]TestToTake, int, error) {
	a, err := reader(ctx)
	if err != nil {
		return nil, 0, err
	}
	if !core.ValidID(a.PersonID) {
		return nil, 0, nil
	}
	now := s.now()
	var out []TestToTake
	err = s.db.Read(ctx, func(ctx context.Context) error {
		out, err = s.st.testsToTake(ctx, a.PersonID, now)
		return err
	})
	if err != nil {
		return nil, 0, err
	}
	rank := map[TestState]int{StateOpen: 0, StateUpcoming: 1, StateDone: 2}
	slices.SortStableFunc(out, func(x, y TestToTake) int {
		if c := cmp.Compare(rank[x.State], rank[y.State]); c != 0 {
			return c
		}
		switch x.State {
		case StateOpen:
			return x.ClosesAt.Compare(y.ClosesAt)
		case StateUpcoming:
			return x.OpensAt.Compare(y.OpensAt)
		}
		return y.SubmittedAt.Compare(*x.SubmittedAt)
	})
	total := len(out)
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, total, nil
}

// testsToTake reads personID's tests of the activities where they hold a
// seat (a nomination selected or accepted), with their submission if
// any: unsubmitted ones open at now or opening within soonDays,
// submitted ones of the last doneDays.
func (st *store) testsToTake(ctx context.Context, personID string, now time.Time) ([]TestToTake, error) {
	soon, since := now.AddDate(0, 0, soonDays), now.AddDate(0, 0, -doneDays)
	rows, err := st.db.Query(ctx, `SELECT t.id, t.activity_id, t.kind, t.form, t.opens_at, t.closes_at,
			(SELECT count(*) FROM test_questions q WHERE q.test_id = t.id), s.answers, s.score, s.submitted_at, s.source
		FROM nominations n
		JOIN tests t ON t.activity_id = n.activity_id
		LEFT JOIN submissions s ON s.test_id = t.id AND s.person_id = n.person_id
		WHERE n.person_id = ? AND n.status IN (?, ?)
			AND ((s.submitted_at IS NULL AND t.closes_at > ? AND t.opens_at <= ?) OR s.submitted_at >= ?)
		ORDER BY t.opens_at, t.id LIMIT ?`,
		personID, string(training.NomSelected), string(training.NomAccepted), db.T(&now), db.T(&soon), db.T(&since), maxTaken)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []TestToTake
	for rows.Next() {
		var t TestToTake
		var answers, source sql.NullString
		var score sql.NullFloat64
		var at time.Time
		if err := rows.Scan(&t.ID, &t.ActivityID, &t.Kind, &t.Form, db.T(&t.OpensAt), db.T(&t.ClosesAt), &t.Questions,
			&answers, &score, db.T(&at), &source); err != nil {
			return nil, db.Err(err)
		}
		if score.Valid {
			t.Score = &score.Float64
		}
		if !at.IsZero() {
			t.SubmittedAt = &at
		}
		t.Source = Source(source.String)
		chosen := map[string][]int{}
		if err := decode(answers.String, &chosen); err != nil {
			return nil, err
		}
		for _, c := range chosen {
			if len(c) > 0 {
				t.Answered++
			}
		}
		t.State = stateAt(now, t.OpensAt, t.ClosesAt, t.SubmittedAt)
		out = append(out, t)
	}
	if err := db.Err(rows.Err()); err != nil {
		return nil, err
	}
	rows.Close() // before the next queries, which may share its connection
	// Of parallel forms, the one FormFor assigns (unless already taken).
	kept := out[:0]
	for _, t := range out {
		if t.SubmittedAt == nil && t.Form != "" {
			pos, ok, err := st.nominationPosition(ctx, t.ActivityID, personID)
			if err != nil {
				return nil, err
			}
			if !ok || FormFor(pos, t.Kind) != t.Form {
				continue
			}
		}
		kept = append(kept, t)
	}
	return kept, nil
}
