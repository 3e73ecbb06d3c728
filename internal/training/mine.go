package training

import (
	"cmp"
	"context"
	"encoding/json"
	"io"
	"slices"
	"time"

	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
	"github.com/topcop-platform/topcop/internal/i18n"
)

// What "My training" (internal/mytraining) reads of training for the
// person linked to the signed-in account: their own nominations with
// each activity and what happened to each, their attendance marks, the
// activities they are to attend or deliver, and one activity as an
// iCalendar file. The person is always the actor's own (a.PersonID, in
// the SQL): no method here takes a person id, so none can be asked about
// someone else. Reading one's own records is not recorded as a read of
// personal data (as learning's TestsToTake); the export that bundles
// them is, by its caller.

// MyNomination is one of the person's own nominations with its activity
// (the course title in the language asked) and its history.
type MyNomination struct {
	Nomination
	Activity Activity         `json:"activity"`
	History  []NominationStep `json:"history"`
}

// NominationStep is one thing that happened to a nomination, from
// training's entries in the audit log (who did it is not part of it).
type NominationStep struct {
	At time.Time `json:"at"`
	// Action: nominated, selected or reserve (the confirmed selection),
	// override (a coordinator's outcome before it), promote (from the
	// reserve list), accept, decline, withdraw, reinvite.
	Action   string           `json:"action" doc:"nominated, override, selected, reserve, promote, accept, decline, withdraw, reinvite"`
	From     NominationStatus `json:"from,omitempty"`
	To       NominationStatus `json:"to,omitempty"`
	Outcome  Outcome          `json:"outcome,omitempty" doc:"override: the outcome a coordinator set before the selection was confirmed (empty: cleared)"`
	Reason   string           `json:"reason,omitempty"`
	OnBehalf bool             `json:"on_behalf,omitempty" doc:"Answered by their ncp or a coordinator"`
}

// MyActivity is an activity the person holds a seat on (selected or
// accepted) or delivers, with their part in it.
type MyActivity struct {
	Activity
	Role       string           `json:"role" doc:"participant or trainer"`
	Nomination NominationStatus `json:"nomination_status,omitempty"`
}

// The person's parts in an activity (MyActivity.Role).
const (
	RoleParticipant = "participant"
	RoleTrainer     = "trainer"
)

// AttendanceMark is one day of the person's attendance as marked.
type AttendanceMark struct {
	ActivityID string    `json:"activity_id"`
	Day        string    `json:"day"`
	Present    bool      `json:"present"`
	MarkedAt   time.Time `json:"marked_at"`
}

// myPerson is the person of the actor of ctx: "" for an account linked
// to none. Errors: unauthenticated.
func myPerson(ctx context.Context) (string, error) {
	a, err := reader(ctx)
	if err != nil {
		return "", err
	}
	if !core.ValidID(a.PersonID) {
		return "", nil
	}
	return a.PersonID, nil
}

// MyNominations lists every nomination of the person linked to the
// signed-in account, whatever its status, latest activity first, each
// with its activity (course title in lang) and its history, oldest step
// first. An account linked to no person has none. Errors:
// unauthenticated.
func (s *Service) MyNominations(ctx context.Context, lang string) ([]MyNomination, error) {
	person, err := myPerson(ctx)
	if err != nil || person == "" {
		return []MyNomination{}, err
	}
	out := []MyNomination{}
	err = s.db.Read(ctx, func(ctx context.Context) error {
		ns, err := s.st.nominations(ctx, db.Cond{SQL: "n.person_id = ?", Args: []any{person}})
		if err != nil || len(ns) == 0 {
			return err
		}
		ids := make([]string, len(ns))
		for i, n := range ns {
			ids[i] = n.ActivityID
		}
		acts, err := s.st.activitiesIn(ctx, db.In("a.id", ids), lang)
		if err != nil {
			return err
		}
		history, err := s.st.nominationHistory(ctx, ns)
		if err != nil {
			return err
		}
		for _, n := range ns {
			out = append(out, MyNomination{Nomination: n, Activity: acts[n.ActivityID], History: history[n.ID]})
		}
		return nil
	})
	slices.SortStableFunc(out, func(x, y MyNomination) int {
		return cmp.Or(cmp.Compare(y.Activity.StartsOn, x.Activity.StartsOn), cmp.Compare(x.ID, y.ID))
	})
	return out, err
}

// MyUpcoming lists the activities that have not ended where the person
// linked to the signed-in account holds a seat (selected or accepted) or
// that they deliver, cancelled ones included (a seat holder must learn of
// it), soonest first, course titles in lang. An account linked to no
// person has none. Errors: unauthenticated.
func (s *Service) MyUpcoming(ctx context.Context, lang string) ([]MyActivity, error) {
	person, err := myPerson(ctx)
	if err != nil || person == "" {
		return []MyActivity{}, err
	}
	today := s.now().Format(time.DateOnly)
	out := []MyActivity{}
	err = s.db.Read(ctx, func(ctx context.Context) error {
		seats, err := s.st.nominations(ctx, db.Cond{SQL: "n.person_id = ? AND n.status IN (?, ?)",
			Args: []any{person, string(NomSelected), string(NomAccepted)}})
		if err != nil {
			return err
		}
		status := map[string]NominationStatus{}
		for _, n := range seats {
			status[n.ActivityID] = n.Status
		}
		acts, err := s.st.activitiesIn(ctx, db.Cond{SQL: `a.ends_on >= ? AND (a.id IN (SELECT activity_id FROM nominations WHERE person_id = ? AND status IN (?, ?))
			OR a.id IN (SELECT activity_id FROM activity_trainers WHERE person_id = ?))`,
			Args: []any{today, person, string(NomSelected), string(NomAccepted), person}}, lang)
		if err != nil {
			return err
		}
		for _, act := range acts {
			m := MyActivity{Activity: act, Role: RoleParticipant, Nomination: status[act.ID]}
			if trains(act, person) {
				m.Role = RoleTrainer
			}
			out = append(out, m)
		}
		return nil
	})
	slices.SortFunc(out, func(x, y MyActivity) int {
		return cmp.Or(cmp.Compare(x.StartsOn, y.StartsOn), cmp.Compare(x.ID, y.ID))
	})
	return out, err
}

// MyAttendance lists the attendance marks of the person linked to the
// signed-in account, by activity and day (who marked them is not part of
// it). An account linked to no person has none. Errors: unauthenticated.
func (s *Service) MyAttendance(ctx context.Context) ([]AttendanceMark, error) {
	person, err := myPerson(ctx)
	if err != nil || person == "" {
		return []AttendanceMark{}, err
	}
	rows, err := s.db.Query(ctx, `SELECT activity_id, day, present, marked_at FROM attendance WHERE person_id = ?
		ORDER BY activity_id, day`, person)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []AttendanceMark{}
	for rows.Next() {
		var m AttendanceMark
		if err := rows.Scan(&m.ActivityID, &m.Day, &m.Present, db.T(&m.MarkedAt)); err != nil {
			return nil, db.Err(err)
		}
		out = append(out, m)
	}
	return out, db.Err(rows.Err())
}

// WriteActivityCalendar writes the activity id to w as an iCalendar
// document with one event, the same event the private feeds carry (so a
// calendar that has both shows it once), in l's language with links under
// base (the platform's absolute URL). Every signed-in actor: the
// calendar is public within the platform. Errors: not_found,
// unauthenticated.
func (s *Service) WriteActivityCalendar(ctx context.Context, w io.Writer, l *i18n.Localizer, base, id string) error {
	act, err := s.Activity(ctx, id, l.Lang())
	if err != nil {
		return err
	}
	revs, err := s.revisions(ctx, []string{act.ID})
	if err != nil {
		return err
	}
	return writeFeed(w, l, base, FeedCalendar{Activities: []Activity{act}, Revisions: revs})
}

// activitiesIn reads the activities matching where with their seats and
// trainers, by id; lang picks the course titles' language.
func (st *store) activitiesIn(ctx context.Context, where db.Cond, lang string) (map[string]Activity, error) {
	clause, args := db.Where([]db.Cond{where})
	rows, err := st.db.Query(ctx, `SELECT `+activityCols+activityFrom+clause+` ORDER BY a.starts_on, a.id`, args...)
	if err != nil {
		return nil, err
	}
	var list []*Activity
	for rows.Next() {
		act, err := scanActivity(rows, lang)
		if err != nil {
			rows.Close()
			return nil, db.Err(err)
		}
		list = append(list, &act)
	}
	err = rows.Err()
	rows.Close() // before fillActivities, which may share its connection
	if err != nil {
		return nil, db.Err(err)
	}
	if err := st.fillActivities(ctx, list); err != nil {
		return nil, err
	}
	out := make(map[string]Activity, len(list))
	for _, a := range list {
		out[a.ID] = *a
	}
	return out, nil
}

// nominationSteps are the audited writes of a nomination that make its
// history, by action; "confirm" stands for the activity's
// selection_confirm, which records every nomination's outcome at once.
var nominationSteps = []string{"training.nomination.create", "training.nomination.override", "training.nomination.promote",
	"training.nomination.accept", "training.nomination.decline", "training.nomination.withdraw", "training.nomination.reinvite"}

// nominationHistory reads the history of each of ns from the audit log:
// the nomination's own entries, and the outcome the confirmation of its
// activity's selection gave it.
func (st *store) nominationHistory(ctx context.Context, ns []Nomination) (map[string][]NominationStep, error) {
	out := make(map[string][]NominationStep, len(ns))
	if len(ns) == 0 {
		return out, nil
	}
	byID := map[string]bool{}
	nomIDs, actIDs := make([]string, len(ns)), make([]string, len(ns))
	for i, n := range ns {
		nomIDs[i], actIDs[i], byID[n.ID] = n.ID, n.ActivityID, true
	}
	inN, inA, inS := db.In("entity_id", nomIDs), db.In("entity_id", actIDs), db.In("action", nominationSteps)
	rows, err := st.db.Query(ctx, `SELECT at, action, entity, entity_id, details FROM audit_log
		WHERE (entity = 'nomination' AND `+inN.SQL+` AND `+inS.SQL+`)
			OR (entity = 'activity' AND `+inA.SQL+` AND action = 'training.activity.selection_confirm')
		ORDER BY seq`, append(append(slices.Clone(inN.Args), inS.Args...), inA.Args...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var at time.Time
		var action, entity, entityID, details string
		if err := rows.Scan(db.T(&at), &action, &entity, &entityID, &details); err != nil {
			return nil, db.Err(err)
		}
		if entity == "activity" {
			// The confirmation: the outcome of each of the person's
			// nominations on this activity.
			var d struct {
				Decisions map[string]struct {
					Outcome        Outcome `json:"outcome"`
					OverrideReason string  `json:"override_reason"`
				} `json:"decisions"`
			}
			if json.Unmarshal([]byte(details), &d) != nil {
				continue
			}
			for id, dec := range d.Decisions {
				if !byID[id] {
					continue
				}
				to := NomSelected
				if dec.Outcome == OutcomeReserve {
					to = NomReserve
				}
				out[id] = append(out[id], NominationStep{At: at, Action: string(to), From: NomNominated, To: to, Reason: dec.OverrideReason})
			}
			continue
		}
		var d struct {
			From     NominationStatus `json:"from"`
			To       NominationStatus `json:"to"`
			Reason   string           `json:"reason"`
			OnBehalf bool             `json:"on_behalf"`
			Outcome  Outcome          `json:"outcome"`
		}
		_ = json.Unmarshal([]byte(details), &d) // a step without details is still a step
		step := NominationStep{At: at, From: d.From, To: d.To, Reason: d.Reason, OnBehalf: d.OnBehalf}
		switch action {
		case "training.nomination.create":
			step.Action, step.To = "nominated", NomNominated
		case "training.nomination.promote":
			step.Action, step.From, step.To = "promote", NomReserve, NomSelected
		case "training.nomination.override":
			step.Action, step.Outcome = "override", d.Outcome
		default:
			step.Action = action[len("training.nomination."):]
		}
		out[entityID] = append(out[entityID], step)
	}
	return out, db.Err(rows.Err())
}
