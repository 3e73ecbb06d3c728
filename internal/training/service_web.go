package training

import (
	"context"
	"encoding/json"
	"time"

	"github.com/topcop-platform/topcop/internal/db"
)

// What the pages and the calendar feed need beyond the use cases of
// service.go: an activity's status history and its revision count, both
// read from training's own entries in the audit log (indexed by entity and
// entity id), so that no second record of them is kept.

// StatusChange is one step of an activity's status history: when it went
// from one status to another (From is empty for its creation, as
// planned), and the reason given (required to cancel).
type StatusChange struct {
	At       time.Time
	From, To Status
	Reason   string
}

// statusSteps are the audited actions that set an activity's status
// with the step each one takes; "training.activity.status" (Move) says
// its step in its details. Reads of an activity's data are audited
// against the activity too, so both lists below name actions, never a
// prefix.
var statusSteps = map[string][2]Status{
	"training.activity.create":            {"", StatusPlanned},
	"training.activity.status":            {},
	"training.activity.call_open":         {StatusPlanned, StatusCallOpen},
	"training.activity.call_close":        {StatusCallOpen, StatusSelection},
	"training.activity.selection_confirm": {StatusSelection, StatusConfirmed},
}

// revisionActions are the audited changes of an activity a calendar
// client should pick up: its edits and its status changes.
var revisionActions = []string{"training.activity.update", "training.activity.status", "training.activity.call_open",
	"training.activity.call_close", "training.activity.selection_confirm"}

// ActivityHistory returns the status changes of an activity, oldest
// first (every signed-in actor: the same facts as its current status; who
// made each change is not part of it). Errors: not_found for an id that
// is not a UUID; an unknown activity has no history.
func (s *Service) ActivityHistory(ctx context.Context, id string) ([]StatusChange, error) {
	if _, err := reader(ctx); err != nil {
		return nil, err
	}
	if err := validID(id, "activity"); err != nil {
		return nil, err
	}
	actions := make([]any, 0, len(statusSteps)+1)
	actions = append(actions, id)
	for a := range statusSteps {
		actions = append(actions, a)
	}
	rows, err := s.db.Query(ctx, `SELECT at, action, details FROM audit_log
		WHERE entity = 'activity' AND entity_id = ? AND action IN (`+db.Placeholders(len(statusSteps))+`)
		ORDER BY seq`, actions...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []StatusChange{}
	for rows.Next() {
		var c StatusChange
		var action, details string
		if err := rows.Scan(db.T(&c.At), &action, &details); err != nil {
			return nil, db.Err(err)
		}
		step := statusSteps[action]
		c.From, c.To = step[0], step[1]
		if action == "training.activity.status" {
			var d struct{ From, To, Reason string }
			if json.Unmarshal([]byte(details), &d) != nil || !Status(d.To).Valid() {
				continue
			}
			c.From, c.To, c.Reason = Status(d.From), Status(d.To), d.Reason
		}
		out = append(out, c)
	}
	return out, db.Err(rows.Err())
}

// revisions counts the audited changes of each activity after its
// creation (updates and status changes): the SEQUENCE of its calendar
// event, which must grow with every change a calendar client should pick
// up. Callers have authorised the read.
func (s *Service) revisions(ctx context.Context, ids []string) (map[string]int, error) {
	out := make(map[string]int, len(ids))
	for start := 0; start < len(ids); start += 500 {
		chunk := ids[start:min(start+500, len(ids))]
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = id
		}
		for _, a := range revisionActions {
			args = append(args, a)
		}
		rows, err := s.db.Query(ctx, `SELECT entity_id, count(*) FROM audit_log
			WHERE entity = 'activity' AND entity_id IN (`+db.Placeholders(len(chunk))+`)
			AND action IN (`+db.Placeholders(len(revisionActions))+`)
			GROUP BY entity_id`, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id string
			var n int
			if err := rows.Scan(&id, &n); err != nil {
				rows.Close()
				return nil, db.Err(err)
			}
			out[id] = n
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, db.Err(err)
		}
	}
	return out, nil
}
