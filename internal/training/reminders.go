package training

import (
	"context"
	"time"

	"github.com/topcop-platform/topcop/internal/db"
	"github.com/topcop-platform/topcop/internal/notify"
)

// Reminders (issue 8 §7), sent by the job "training.reminders" (module.go)
// every hour in every replica:
//
//   - "respond": to each selected nominee who has not answered yet, from
//     3 days before the activity's answer date (respond_by) to that day —
//     unless they were selected within those days (their selection mail is
//     fresh);
//   - "start": to each accepted participant, and each trainer with an
//     account, from 7 days before the activity's start to that day.
//
// Each goes out once. A reminder is claimed by inserting its row into
// training_reminders (primary key activity, person, kind) with ON
// CONFLICT DO NOTHING, in the same transaction as its mail, and the mail
// is sent only when the insert added the row: two replicas running the job
// at the same moment cannot both send it (on PostgreSQL the second insert
// waits for the first transaction and then does nothing; on SQLite the
// single writer serialises them), and a mail that fails rolls its claim
// back for the next round. Days are UTC calendar days. Activities of the
// demo data set are not reminded.

// Reminder kinds.
const (
	remindRespond = "respond"
	remindStart   = "start"
)

// Reminder windows, in days before the date.
const (
	respondWindowDays = 3
	startWindowDays   = 7
)

// reminder is one reminder due.
type reminder struct {
	activityID, personID, kind string
	trainer                    bool
}

// SendReminders sends the reminders due now, each once, and returns how
// many it sent. The reminders job calls it as the system actor;
// coordinators and admins may too (a service without mail sends none).
// A reminder that fails is rolled back and left for the next round; the
// others go on, and the first failure is returned. Errors:
// unauthenticated, forbidden, and what the database or the mail queue
// returns.
func (s *Service) SendReminders(ctx context.Context) (int, error) {
	if _, err := staffWriter(ctx); err != nil {
		return 0, err
	}
	if s.mail == nil || s.accounts == nil {
		return 0, nil
	}
	today := s.now().UTC().Format(time.DateOnly)
	var due []reminder
	for _, kind := range []string{remindRespond, remindStart} {
		list, err := s.st.dueReminders(ctx, kind, today, "", "")
		if err != nil {
			return 0, err
		}
		due = append(due, list...)
	}
	sent := 0
	var firstErr error
	for _, r := range due {
		ok, err := s.remind(ctx, r, today)
		if err != nil {
			if ctx.Err() != nil {
				return sent, err
			}
			if firstErr == nil {
				firstErr = err
			}
			continue
		}
		if ok {
			sent++
		}
	}
	return sent, firstErr
}

// remind sends one reminder if it is still due, is not claimed yet and
// reaches someone; it reports whether it sent it.
func (s *Service) remind(ctx context.Context, r reminder, today string) (bool, error) {
	sent := false
	err := s.db.Write(ctx, func(ctx context.Context) error {
		// Still due, as things are now (an answer may have come in).
		still, err := s.st.dueReminders(ctx, r.kind, today, r.activityID, r.personID)
		if err != nil || len(still) == 0 {
			return err
		}
		to, err := s.addresseeOf(ctx, r.personID)
		if err != nil {
			return err
		}
		if !to.reachable() || (still[0].trainer && to.account.ID == "") {
			return nil // nobody to mail: nothing is written
		}
		claimed, err := s.st.claimReminder(ctx, r, s.now())
		if err != nil || !claimed {
			return err
		}
		act, err := s.st.activity(ctx, r.activityID, "")
		if err != nil {
			return err
		}
		base, err := s.facts(ctx, act)
		if err != nil {
			return err
		}
		m := notify.Mail{Template: mailRemindStart, Data: with(base, "Name", to.name, "Time", act.DayStarts, "TimeZone", act.TimeZone),
			Link: activityLink(act)}
		if r.kind == remindRespond {
			n, err := s.st.nominationOf(ctx, r.activityID, r.personID)
			if err != nil {
				return err
			}
			m = notify.Mail{Template: mailRemindRespond, Data: with(base, "Name", to.name, "RespondBy", mailDay(n.AnswerBy(act))),
				Link: activityLink(act)}
		}
		if err := s.send(ctx, to.mail(m)); err != nil {
			return err
		}
		if err := s.record(ctx, "reminder", r.kind, r.activityID, map[string]any{"person_id": r.personID, "trainer": still[0].trainer}); err != nil {
			return err
		}
		sent = true
		return nil
	})
	return sent && err == nil, err
}

// dueQuery is one query of dueReminders: its rows are the activity, the
// person, the date the reminder is about, and (for "respond") when the
// person was selected.
type dueQuery struct {
	sql     string
	args    []any
	trainer bool
}

// dueReminders lists the reminders of kind due on today and not sent
// yet: all, or (activityID and personID set) that one if it is due.
func (st *store) dueReminders(ctx context.Context, kind, today, activityID, personID string) ([]reminder, error) {
	day, err := time.Parse(time.DateOnly, today)
	if err != nil {
		return nil, err
	}
	// only narrows to one reminder; notSent leaves out those claimed.
	only := func(col string) (string, []any) {
		cond := ` AND NOT EXISTS (SELECT 1 FROM training_reminders r WHERE r.activity_id = a.id AND r.person_id = ` + col + ` AND r.kind = ?)`
		if activityID == "" {
			return cond, []any{kind}
		}
		return cond + ` AND a.id = ? AND ` + col + ` = ?`, []any{kind, activityID, personID}
	}
	var queries []dueQuery
	switch kind {
	case remindRespond:
		cond, args := only("n.person_id")
		until := day.AddDate(0, 0, respondWindowDays).Format(time.DateOnly)
		// The nomination's own answer date (a promoted person's) wins
		// over the activity's.
		answerBy := `(CASE WHEN n.respond_by <> '' THEN n.respond_by ELSE a.respond_by END)`
		queries = append(queries, dueQuery{sql: `SELECT a.id, n.person_id, ` + answerBy + `, n.decided_at
			FROM nominations n JOIN activities a ON a.id = n.activity_id
			WHERE a.status = ? AND a.demo = ? AND n.status = ? AND ` + answerBy + ` <> '' AND ` + answerBy + ` >= ? AND ` + answerBy + ` <= ?` + cond,
			args: append([]any{string(StatusConfirmed), false, string(NomSelected), today, until}, args...)})
	case remindStart:
		until := day.AddDate(0, 0, startWindowDays).Format(time.DateOnly)
		cond, args := only("n.person_id")
		queries = append(queries, dueQuery{sql: `SELECT a.id, n.person_id, a.starts_on, n.decided_at
			FROM nominations n JOIN activities a ON a.id = n.activity_id
			WHERE a.status = ? AND a.demo = ? AND n.status = ? AND a.starts_on >= ? AND a.starts_on <= ?` + cond,
			args: append([]any{string(StatusConfirmed), false, string(NomAccepted), today, until}, args...)})
		cond, args = only("t.person_id")
		queries = append(queries, dueQuery{sql: `SELECT a.id, t.person_id, a.starts_on, a.created_at
			FROM activity_trainers t JOIN activities a ON a.id = t.activity_id
			WHERE a.status = ? AND a.demo = ? AND a.starts_on >= ? AND a.starts_on <= ?` + cond,
			args: append([]any{string(StatusConfirmed), false, today, until}, args...), trainer: true})
	}
	var out []reminder
	for _, q := range queries {
		rows, err := st.db.Query(ctx, q.sql+` ORDER BY 1, 2`, q.args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var r reminder
			var date string
			var since time.Time
			if err := rows.Scan(&r.activityID, &r.personID, &date, db.T(&since)); err != nil {
				rows.Close()
				return nil, db.Err(err)
			}
			r.kind, r.trainer = kind, q.trainer
			if kind == remindRespond && !since.IsZero() {
				// Selected within the window: the selection mail is fresh.
				answerBy, _ := time.Parse(time.DateOnly, date)
				if !since.UTC().Before(answerBy.AddDate(0, 0, -respondWindowDays)) {
					continue
				}
			}
			out = append(out, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, db.Err(err)
		}
	}
	return out, nil
}

// claimReminder records that r is sent, in the transaction of ctx; it
// reports false when it was claimed already (by another round or
// replica), which must then not send it.
func (st *store) claimReminder(ctx context.Context, r reminder, now time.Time) (bool, error) {
	res, err := st.db.Exec(ctx, `INSERT INTO training_reminders (activity_id, person_id, kind, sent_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (activity_id, person_id, kind) DO NOTHING`, r.activityID, r.personID, r.kind, db.T(&now))
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, db.Err(err)
}
