package training_test

import (
	"context"
	"sync"
	"testing"
	"time"
	"unicode"

	"github.com/topcop-platform/topcop/internal/app/apptest"
	"github.com/topcop-platform/topcop/internal/auth"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/directory"
	"github.com/topcop-platform/topcop/internal/training"
)

// remindFixture is an activity starting in 5 days whose selection was
// confirmed 10 days ago with answers due in 2 days (the service acting
// in the past through At): selected and unanswered a (account), b
// (e-mail only, invited) and z (no e-mail); c accepted; d on the
// reserve; trainers t (account, Georgian) and t2 (no account).
// Due now: "respond" to a and b, "start" to c and t.
type remindFixture struct {
	*ntFixture
	act          training.Activity
	a, c, t      auth.Account
	bEmail       string
	expected     map[string]string // recipient → template
	nominationOf map[string]training.Nomination
}

func remindSetup(t *testing.T, e *apptest.Env) *remindFixture {
	t.Helper()
	f := &remindFixture{ntFixture: ntSetup(t, e)}
	now := time.Now().UTC()
	day := func(d int) string { return now.AddDate(0, 0, d).Format(time.DateOnly) }
	at := func(d int) *training.Service { return f.svc.At(now.AddDate(0, 0, d)) }
	ctx := apptest.SysCtx()

	trainer := f.person(t, f.ge, "Tamta", "Trainer", "tamta.dir@example.org")
	f.t = f.account(t, "tamta@example.org", "Tamta Trainer", "ka", trainer.ID, apptest.GlobalGrant(core.RoleTrainer))
	lone := f.person(t, f.ua, "Taras", "Noaccount", "taras@example.org")
	var err error
	f.act, err = f.svc.CreateActivity(ctx, training.ActivityInput{CourseID: f.course.ID, StartsOn: day(5), EndsOn: day(6),
		TimeZone: "Asia/Tbilisi", City: "Batumi", CountryCode: "GE", Languages: []string{"en"}, Capacity: 4,
		Seats: map[string]int{"GE": 4}, TrainerIDs: []string{trainer.ID, lone.ID}})
	if err != nil {
		t.Fatal(err, fieldErrs(err))
	}
	pa := f.person(t, f.ge, "Ana", "Unanswered", "ana.dir@example.org")
	f.a = f.account(t, "ana@example.org", "Ana Unanswered", "en", pa.ID, apptest.GlobalGrant(core.RoleParticipant))
	pb := f.person(t, f.ge, "Bela", "Invited", "bela@example.org")
	f.bEmail = "bela@example.org"
	pz := f.person(t, f.ge, "Zaza", "Nomail", "")
	pc := f.person(t, f.ge, "Cira", "Accepted", "cira.dir@example.org")
	f.c = f.account(t, "cira@example.org", "Cira Accepted", "ru", pc.ID, apptest.GlobalGrant(core.RoleParticipant))
	pd := f.person(t, f.ge, "Dato", "Reserve", "dato@example.org")

	must[training.Activity](t)(at(-12).OpenCall(ctx, f.act.ID, training.CallInput{Deadline: now.AddDate(0, 0, -11)}))
	f.nominationOf = map[string]training.Nomination{}
	for i, p := range []directory.Person{pa, pb, pz, pc, pd} {
		f.nominationOf[p.GivenName] = must[training.Nomination](t)(at(-12).Nominate(ctx, f.act.ID, training.NominationInput{PersonID: p.ID, Priority: i + 1}))
	}
	must[training.Activity](t)(at(-11).CloseCall(ctx, f.act.ID))
	p := must[training.Proposal](t)(at(-10).Confirm(ctx, f.act.ID, training.ConfirmInput{RespondBy: day(2)}))
	if p.Selected != 4 || p.Reserve != 1 {
		t.Fatalf("proposal %d + %d", p.Selected, p.Reserve)
	}
	if _, _, err := at(-9).Respond(actorOf(f.c), f.nominationOf["Cira"].ID, training.AnswerAccept, ""); err != nil {
		t.Fatal(err)
	}
	f.expected = map[string]string{f.a.Email: "training.mail.reminder_respond", f.bEmail: "training.mail.reminder_respond",
		f.c.Email: "training.mail.reminder_start", f.t.Email: "training.mail.reminder_start"}
	return f
}

// reminders are the reminder mails of the outbox, by recipient.
func reminders(t *testing.T, e *apptest.Env) map[string][]sentMail {
	t.Helper()
	out := map[string][]sentMail{}
	for _, m := range outbox(t, e) {
		if m.Template == "training.mail.reminder_respond" || m.Template == "training.mail.reminder_start" {
			out[m.To] = append(out[m.To], m)
		}
	}
	return out
}

// checkReminders: exactly the expected reminders, each once.
func (f *remindFixture) checkReminders(t *testing.T) {
	t.Helper()
	got := reminders(t, f.e)
	for to, tpl := range f.expected {
		if len(got[to]) != 1 || got[to][0].Template != tpl {
			t.Errorf("%s got %v, want one %s", to, got[to], tpl)
		}
	}
	for to, ms := range got {
		if _, ok := f.expected[to]; !ok {
			t.Errorf("unexpected reminder to %s: %v", to, ms)
		}
	}
}

// TestReminders: the reminders due go out once, in the recipient's
// language, whether the job runs again (as the platform runs it) or not:
// respond-by to the selected who have not answered (an account holder and
// an invited person; nobody for a person without an e-mail, and no
// error), start to the accepted and the trainers with an account. Only
// staff and the system may run them.
func TestReminders(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		f := remindSetup(t, e)
		if _, err := f.svc.SendReminders(actorOf(f.a)); !core.IsCode(err, core.Forbidden) {
			t.Errorf("a participant runs the reminders: %v", err)
		}
		n, err := f.svc.SendReminders(apptest.SysCtx())
		if err != nil || n != 4 {
			t.Fatalf("first round: %d sent, %v", n, err)
		}
		f.checkReminders(t)
		// Again, through the platform's job (the system actor).
		if len(training.Module.Jobs) != 1 || training.Module.Jobs[0].Name != "training.reminders" {
			t.Fatalf("jobs %+v", training.Module.Jobs)
		}
		if err := e.Platform.RunJob(context.Background(), training.Module.Jobs[0]); err != nil {
			t.Fatal(err)
		}
		if n, err := f.svc.SendReminders(apptest.SysCtx()); err != nil || n != 0 {
			t.Errorf("third round: %d sent, %v", n, err)
		}
		f.checkReminders(t)

		got := reminders(t, e)
		if m := got[f.t.Email][0]; m.Lang != "ka" || m.AccountID != f.t.ID || !hasScript(m.Text, unicode.Georgian) {
			t.Errorf("trainer's reminder: %+v", m)
		}
		if m := got[f.c.Email][0]; m.Lang != "ru" || m.Link != "/training/activities/"+f.act.ID {
			t.Errorf("participant's reminder: %+v", m)
		}
		if m := got[f.bEmail][0]; m.AccountID != "" || m.Lang != "ka" {
			t.Errorf("invited person's reminder: %+v", m)
		}
		var claims int
		if err := e.DB.QueryRow(context.Background(), `SELECT count(*) FROM training_reminders`).Scan(&claims); err != nil || claims != 4 {
			t.Errorf("claims: %d, %v", claims, err)
		}
	})
}

// TestRemindersConcurrently: two replicas running the job at the same
// moment send each reminder once between them.
func TestRemindersConcurrently(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		f := remindSetup(t, e)
		const replicas = 4
		var wg sync.WaitGroup
		start := make(chan struct{})
		sent := make([]int, replicas)
		errs := make([]error, replicas)
		for i := range replicas {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				sent[i], errs[i] = f.svc.SendReminders(core.WithActor(context.Background(), core.SystemActor("replica")))
			}()
		}
		close(start)
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Errorf("replica %d: %v", i, err)
			}
		}
		if total := sent[0] + sent[1] + sent[2] + sent[3]; total != 4 {
			t.Errorf("sent %v, want 4 in all", sent)
		}
		f.checkReminders(t)
	})
}
