package learning

import (
	"context"
	"time"

	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
	"github.com/topcop-platform/topcop/internal/notify"
	"github.com/topcop-platform/topcop/internal/training"
)

// The surveys job ("learning.surveys", every hour in every replica):
//
//   - opens the satisfaction survey of each activity that ended in the
//     last satisfactionDays days (confirmed, delivered or closed) and has
//     none, until satisfactionDays after its last day;
//   - opens the follow-up survey of each activity delivered or closed
//     FollowUpMonths months ago (within followUpDays) that has none, for
//     followUpDays;
//   - mails each participant (and, for a satisfaction survey, each
//     trainer) of an open survey who has not answered: an invitation, a
//     reminder reminderAfterDays days after the opening, and a last call
//     lastCallDays days before the closing; each once, claimed in
//     survey_mails in the transaction of its mail (ON CONFLICT DO
//     NOTHING), like training's reminders.
//
// Coordinators may open either survey earlier or at other times through
// OpenSurvey; the job then leaves that activity alone. Activities of the
// demo data set are neither surveyed nor mailed.

// Timing of the surveys job.
const (
	FollowUpMonths    = 3  // the follow-up opens this many months after the last day
	satisfactionDays  = 14 // the satisfaction survey stays open this long after the last day
	followUpDays      = 30 // the follow-up stays open this long
	reminderAfterDays = 7
	lastCallDays      = 3
)

// Survey mail steps.
const (
	stepInvite   = "invite"
	stepReminder = "reminder"
	stepLast     = "last"
)

// The mail templates of learning (catalogue prefixes in <lang>.survey.toml).
const (
	mailSurveySatisfaction = "learning.mail.survey_satisfaction"
	mailSurveyFollowUp     = "learning.mail.survey_followup"
	mailSurveyReminder     = "learning.mail.survey_reminder"
)

// MailTemplates are learning's mail templates, for notify.Service.Register
// with learning's and training's catalogues (Module.Build).
func MailTemplates() map[string]notify.Template {
	out := map[string]notify.Template{}
	for _, n := range []string{mailSurveySatisfaction, mailSurveyFollowUp, mailSurveyReminder} {
		out[n] = training.MailTemplate(n)
	}
	return out
}

// SurveyLink is the page where a survey is answered.
func SurveyLink(id string) string { return "/learning/surveys/" + id }

// RunSurveys opens the surveys due and sends the invitations and
// reminders due, each once; it returns how many surveys it opened and
// mails it sent. The job calls it as the system actor; coordinators and
// admins may too. A mail that fails is rolled back and left for the next
// round; the others go on and the first failure is returned.
func (s *Service) RunSurveys(ctx context.Context) (opened, sent int, err error) {
	a, err := staffWriter(ctx)
	if err != nil {
		return 0, 0, err
	}
	now := s.now()
	due, err := s.st.dueSurveys(ctx, now)
	if err != nil {
		return 0, 0, err
	}
	var firstErr error
	keep := func(err error) {
		if firstErr == nil {
			firstErr = err
		}
	}
	for _, sv := range due {
		sv.ID, sv.CreatedBy, sv.CreatedAt = core.NewID(), a.Label(), now
		err := s.db.Write(ctx, func(ctx context.Context) error {
			ok, err := s.st.insertSurveyIfNone(ctx, sv)
			if err != nil || !ok {
				return err // another replica opened it
			}
			opened++
			return s.record(ctx, "survey", "create", sv.ID, map[string]any{"activity_id": sv.ActivityID, "kind": string(sv.Kind),
				"opens_at": sv.OpensAt, "closes_at": sv.ClosesAt, "automatic": true})
		})
		if err != nil {
			opened--
			keep(err)
		}
	}
	mails, err := s.st.dueSurveyMails(ctx, now, "", "")
	if err != nil {
		return opened, 0, err
	}
	for _, m := range mails {
		ok, err := s.surveyMail(ctx, m, now)
		if err != nil {
			if ctx.Err() != nil {
				return opened, sent, err
			}
			keep(err)
			continue
		}
		if ok {
			sent++
		}
	}
	return opened, sent, firstErr
}

// surveyMailDue is one invitation or reminder due.
type surveyMailDue struct {
	survey Survey
	person string
	step   string
}

// surveyMail sends one mail if it is still due and not claimed; it
// reports whether it sent it.
func (s *Service) surveyMail(ctx context.Context, m surveyMailDue, now time.Time) (bool, error) {
	sent := false
	err := s.db.Write(ctx, func(ctx context.Context) error {
		still, err := s.st.dueSurveyMails(ctx, now, m.survey.ID, m.person)
		if err != nil || len(still) == 0 || still[0].step != m.step {
			return err
		}
		act, err := s.training.Activity(ctx, m.survey.ActivityID, "")
		if err != nil {
			return err
		}
		claimed, err := s.st.claimSurveyMail(ctx, m, now)
		if err != nil || !claimed {
			return err
		}
		tpl := mailSurveyReminder
		switch {
		case m.step == stepInvite && m.survey.Kind == SurveyFollowUp:
			tpl = mailSurveyFollowUp
		case m.step == stepInvite:
			tpl = mailSurveySatisfaction
		}
		// The closing day is the last whole day of the window.
		last := m.survey.ClosesAt.Add(-time.Nanosecond).UTC().Format(time.DateOnly)
		ok, err := s.training.MailPerson(ctx, act, m.person, tpl, SurveyLink(m.survey.ID), map[string]any{"ClosesOn": training.MailDay(last)})
		if err != nil {
			return err
		}
		if !ok {
			return errUnreachable // nothing written: the claim rolls back
		}
		sent = true
		return s.record(ctx, "survey", "mail_"+m.step, m.survey.ID, map[string]any{"person_id": m.person})
	})
	if err == errUnreachable {
		err = nil
	}
	return sent && err == nil, err
}

var errUnreachable = core.Errorf(core.Conflict, "nobody to mail")

// dueSurveys are the surveys the job should open at now (without ids):
// see the job's comment.
func (st *store) dueSurveys(ctx context.Context, now time.Time) ([]Survey, error) {
	today := now.UTC().Format(time.DateOnly)
	day, _ := time.Parse(time.DateOnly, today)
	var out []Survey
	q := func(kind SurveyKind, statuses []training.Status, from, to string, window func(endsOn time.Time) (time.Time, time.Time)) error {
		in := db.In("a.status", statusArgs(statuses))
		rows, err := st.db.Query(ctx, `SELECT a.id, a.ends_on FROM activities a
			WHERE `+in.SQL+` AND a.demo = ? AND a.ends_on >= ? AND a.ends_on <= ?
			AND NOT EXISTS (SELECT 1 FROM surveys s WHERE s.activity_id = a.id AND s.kind = ?) ORDER BY a.ends_on, a.id`,
			append(in.Args, false, from, to, string(kind))...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id, ends string
			if err := rows.Scan(&id, &ends); err != nil {
				return db.Err(err)
			}
			e, err := time.Parse(time.DateOnly, ends)
			if err != nil {
				return err
			}
			opens, closes := window(e)
			out = append(out, Survey{ActivityID: id, Kind: kind, OpensAt: opens, ClosesAt: closes})
		}
		return db.Err(rows.Err())
	}
	now = now.UTC().Truncate(time.Microsecond)
	err := q(SurveySatisfaction, []training.Status{training.StatusConfirmed, training.StatusDelivered, training.StatusClosed},
		day.AddDate(0, 0, -satisfactionDays).Format(time.DateOnly), today,
		func(e time.Time) (time.Time, time.Time) { return now, e.AddDate(0, 0, satisfactionDays+1) })
	if err != nil {
		return nil, err
	}
	follow := day.AddDate(0, -FollowUpMonths, 0)
	err = q(SurveyFollowUp, []training.Status{training.StatusDelivered, training.StatusClosed},
		follow.AddDate(0, 0, -followUpDays).Format(time.DateOnly), follow.Format(time.DateOnly),
		func(time.Time) (time.Time, time.Time) { return now, day.AddDate(0, 0, followUpDays+1) })
	return out, err
}

func statusArgs(ss []training.Status) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = string(s)
	}
	return out
}

// insertSurveyIfNone adds sv unless its activity has a survey of its kind.
func (st *store) insertSurveyIfNone(ctx context.Context, sv Survey) (bool, error) {
	res, err := st.db.Exec(ctx, `INSERT INTO surveys (`+surveyCols+`) VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (activity_id, kind) DO NOTHING`,
		sv.ID, sv.ActivityID, string(sv.Kind), db.T(&sv.OpensAt), db.T(&sv.ClosesAt), sv.CreatedBy, db.T(&sv.CreatedAt))
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, db.Err(err)
}

// dueSurveyMails lists the mails due at now: for every open survey of an
// activity outside the demo data set, every participant (seat holder)
// and, for a satisfaction survey, every trainer who has not answered, the
// latest step due that was not sent — all, or (surveyID and personID set)
// that person's. An invitation not sent yet is due before any reminder.
func (st *store) dueSurveyMails(ctx context.Context, now time.Time, surveyID, personID string) ([]surveyMailDue, error) {
	open := `FROM surveys s JOIN activities a ON a.id = s.activity_id WHERE s.opens_at <= ? AND s.closes_at > ? AND a.demo = ?`
	args := []any{db.T(&now), db.T(&now), false}
	if surveyID != "" {
		open, args = open+` AND s.id = ?`, append(args, surveyID)
	}
	// The steps sent, by survey and person.
	sent := map[[2]string]map[string]bool{}
	rows, err := st.db.Query(ctx, `SELECT m.survey_id, m.person_id, m.step FROM survey_mails m WHERE m.survey_id IN (SELECT s.id `+open+`)`, args...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var k [2]string
		var step string
		if err := rows.Scan(&k[0], &k[1], &step); err != nil {
			rows.Close()
			return nil, db.Err(err)
		}
		if sent[k] == nil {
			sent[k] = map[string]bool{}
		}
		sent[k][step] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, db.Err(err)
	}
	people := `SELECT activity_id, person_id, 'participant' AS role FROM nominations WHERE status IN (?, ?)
		UNION SELECT activity_id, person_id, 'trainer' FROM activity_trainers`
	qargs := append([]any{string(training.NomSelected), string(training.NomAccepted)}, args...)
	qargs = append(qargs, string(SurveySatisfaction))
	rows, err = st.db.Query(ctx, `SELECT s.id, s.activity_id, s.kind, s.opens_at, s.closes_at, s.created_by, s.created_at, p.person_id
		FROM (`+people+`) p JOIN (SELECT s.* `+open+`) s ON s.activity_id = p.activity_id
		WHERE (p.role = 'participant' OR s.kind = ?)
		AND NOT EXISTS (SELECT 1 FROM survey_respondents r WHERE r.survey_id = s.id AND r.person_id = p.person_id)
		ORDER BY s.id, p.person_id`, qargs...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []surveyMailDue
	seen := map[[2]string]bool{}
	for rows.Next() {
		var m surveyMailDue
		sv := &m.survey
		if err := rows.Scan(&sv.ID, &sv.ActivityID, &sv.Kind, db.T(&sv.OpensAt), db.T(&sv.ClosesAt), &sv.CreatedBy, db.T(&sv.CreatedAt), &m.person); err != nil {
			return nil, db.Err(err)
		}
		k := [2]string{sv.ID, m.person}
		if (personID != "" && m.person != personID) || seen[k] {
			continue // someone else, or a trainer who also holds a seat
		}
		seen[k] = true
		if m.step = dueStep(*sv, now, func(step string) bool { return sent[k][step] }); m.step != "" {
			out = append(out, m)
		}
	}
	return out, db.Err(rows.Err())
}

// dueStep is the mail step due at now for a person of sv to whom the
// steps sent says were sent ("" when none is due).
func dueStep(sv Survey, now time.Time, sent func(string) bool) string {
	switch {
	case !sent(stepInvite):
		return stepInvite
	case !now.Before(sv.ClosesAt.AddDate(0, 0, -lastCallDays)):
		if !sent(stepLast) {
			return stepLast
		}
	case !now.Before(sv.OpensAt.AddDate(0, 0, reminderAfterDays)):
		if !sent(stepReminder) {
			return stepReminder
		}
	}
	return ""
}

// claimSurveyMail claims one mail; false when it was claimed before.
func (st *store) claimSurveyMail(ctx context.Context, m surveyMailDue, now time.Time) (bool, error) {
	res, err := st.db.Exec(ctx, `INSERT INTO survey_mails (survey_id, person_id, step, sent_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (survey_id, person_id, step) DO NOTHING`, m.survey.ID, m.person, m.step, db.T(&now))
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, db.Err(err)
}
