package training_test

// The notifications of every step (notices.go) through the real
// platform (apptest: real notify, auth and directory) on both engines:
// who gets which mail, in which language, once; invitations whose link
// redeems; nothing for a person without an e-mail; and no mail for a
// change that rolls back. One test reads the mail end to end from an
// in-process SMTP server (notifytest).

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/topcop-platform/topcop/internal/app/apptest"
	"github.com/topcop-platform/topcop/internal/auth"
	"github.com/topcop-platform/topcop/internal/config"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db/dbtest"
	"github.com/topcop-platform/topcop/internal/directory"
	"github.com/topcop-platform/topcop/internal/i18n"
	"github.com/topcop-platform/topcop/internal/notify"
	"github.com/topcop-platform/topcop/internal/notify/notifytest"
	"github.com/topcop-platform/topcop/internal/training"
)

const ntPublicURL = "https://topcop.test"

// ntFixture is an activity with seats GE 2 and UA 1 (capacity 3), in 40
// days, a course titled in Georgian and Ukrainian, and the ncps: GE
// (writes in Georgian), UA (Ukrainian), MD (no seats).
type ntFixture struct {
	e                   *apptest.Env
	svc                 *training.Service
	ge, ua              directory.Agency
	course              training.Course
	act                 training.Activity
	ncpGE, ncpUA, ncpMD auth.Account
}

func ntSetup(t *testing.T, e *apptest.Env) *ntFixture {
	t.Helper()
	ctx := apptest.SysCtx()
	d := apptest.Use[*directory.Service](e)
	f := &ntFixture{e: e, svc: svcOf(e)}
	f.ge = must[directory.Agency](t)(d.CreateAgency(ctx, directory.AgencyInput{Code: "GE-MIA", CountryCode: "GE", Name: "Ministry of Internal Affairs of Georgia", Type: directory.AgencyPolice}))
	f.ua = must[directory.Agency](t)(d.CreateAgency(ctx, directory.AgencyInput{Code: "UA-NPU", CountryCode: "UA", Name: "National Police of Ukraine", Type: directory.AgencyPolice}))
	f.course = must[training.Course](t)(f.svc.CreateCourse(ctx, training.CourseInput{Code: "NT-101", Title: "Countering cybercrime",
		Titles: map[string]string{"ka": "კიბერდანაშაულთან ბრძოლა", "uk": "Протидія кіберзлочинності"},
		Areas:  []string{"CYBER"}, Level: training.LevelBasic, Format: training.FormatResidential, Hours: 16}))
	start := time.Now().UTC().AddDate(0, 0, 40)
	f.act = must[training.Activity](t)(f.svc.CreateActivity(ctx, training.ActivityInput{CourseID: f.course.ID,
		StartsOn: start.Format(time.DateOnly), EndsOn: start.AddDate(0, 0, 2).Format(time.DateOnly), TimeZone: "Asia/Tbilisi",
		City: "Tbilisi", CountryCode: "GE", Languages: []string{"en"}, Capacity: 3, Seats: map[string]int{"GE": 2, "UA": 1}}))
	f.ncpGE = f.account(t, "ncp.ge@example.org", "Tamar Ncp", "ka", "", apptest.CountryGrant(core.RoleNCP, "GE"))
	f.ncpUA = f.account(t, "ncp.ua@example.org", "Olena Ncp", "uk", "", apptest.CountryGrant(core.RoleNCP, "UA"))
	f.ncpMD = f.account(t, "ncp.md@example.org", "Ion Ncp", "ro", "", apptest.CountryGrant(core.RoleNCP, "MD"))
	return f
}

// account creates an account with a language, linked to personID if set.
func (f *ntFixture) account(t *testing.T, email, name, lang, personID string, grants ...core.Grant) auth.Account {
	t.Helper()
	a, err := f.e.Auth.CreateAccount(apptest.SysCtx(), auth.AccountInput{Email: email, Name: name, Password: apptest.Password,
		Lang: lang, PersonID: personID, Grants: grants})
	if err != nil {
		t.Fatalf("account %s: %v", email, err)
	}
	return a
}

// person adds a person of agency ag (email "" for none).
func (f *ntFixture) person(t *testing.T, ag directory.Agency, given, family, email string, langs ...string) directory.Person {
	t.Helper()
	p, _, err := apptest.Use[*directory.Service](f.e).CreatePerson(apptest.SysCtx(), directory.PersonInput{AgencyID: ag.ID,
		GivenName: given, FamilyName: family, Email: email, Languages: langs})
	if err != nil {
		t.Fatalf("person %s: %v %v", given, err, fieldErrs(err))
	}
	return p
}

// actorOf is the context of a signed-in account.
func actorOf(a auth.Account) context.Context {
	return core.WithActor(context.Background(), core.Actor{AccountID: a.ID, PersonID: a.PersonID, Name: a.Name, Email: a.Email, Grants: a.Grants})
}

// openCall opens the activity's call, deadline tomorrow.
func (f *ntFixture) openCall(t *testing.T) {
	t.Helper()
	f.act = must[training.Activity](t)(f.svc.OpenCall(apptest.SysCtx(), f.act.ID, training.CallInput{Deadline: time.Now().Add(24 * time.Hour)}))
}

// nominate nominates people in priority order (as the system).
func (f *ntFixture) nominate(t *testing.T, people ...directory.Person) map[string]training.Nomination {
	t.Helper()
	out := map[string]training.Nomination{}
	for i, p := range people {
		out[p.ID] = must[training.Nomination](t)(f.svc.Nominate(apptest.SysCtx(), f.act.ID, training.NominationInput{PersonID: p.ID, Priority: i + 1}))
	}
	return out
}

// sentMail is a row of the outbox.
type sentMail struct {
	To, AccountID, Lang, Template, Subject, Text, Link string
}

func (m sentMail) String() string { return fmt.Sprintf("%s→%s[%s]", m.Template, m.To, m.Lang) }

// outbox lists the mails queued so far, oldest first.
func outbox(t *testing.T, e *apptest.Env) []sentMail {
	t.Helper()
	rows, err := e.DB.Query(context.Background(), `SELECT to_addr, coalesce(CAST(account_id AS TEXT), ''), lang, template, subject, text_body, link
		FROM mail_outbox ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []sentMail
	for rows.Next() {
		var m sentMail
		if err := rows.Scan(&m.To, &m.AccountID, &m.Lang, &m.Template, &m.Subject, &m.Text, &m.Link); err != nil {
			t.Fatal(err)
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// mailsTo are the mails of template (all: "") to address.
func mailsTo(all []sentMail, address, template string) []sentMail {
	var out []sentMail
	for _, m := range all {
		if strings.EqualFold(m.To, address) && (template == "" || m.Template == template) {
			out = append(out, m)
		}
	}
	return out
}

// since are the mails after the first n.
func since(all []sentMail, n int) []sentMail { return all[n:] }

func hasScript(s string, table *unicode.RangeTable) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return unicode.Is(table, r) })
}

// TestCallOpenedNotice: opening a call mails each ncp of a country with
// seats once, in their account's language (Georgian for GE, with the
// course's Georgian title), the seats and a link to the nominations —
// read end to end from the SMTP server; an ncp of a country without
// seats gets nothing.
func TestCallOpenedNotice(t *testing.T) {
	for _, engine := range dbtest.Engines {
		t.Run(engine, func(t *testing.T) { testCallOpenedNotice(t, engine) })
	}
}

func testCallOpenedNotice(t *testing.T, engine string) {
	srv := notifytest.Start(t)
	e := apptest.New(t, engine, apptest.Config(func(c *config.Config) { c.PublicURL = ntPublicURL; c.SMTP = srv.Config(t) }))
	notifytest.Quick(t, apptest.Use[*notify.Service](e))
	f := ntSetup(t, e)
	f.openCall(t)

	all := outbox(t, e)
	if len(all) != 2 {
		t.Fatalf("mails after the call opened: %v, want one to each of the GE and UA ncps", all)
	}
	ge := mailsTo(all, f.ncpGE.Email, "training.mail.call_opened")
	ua := mailsTo(all, f.ncpUA.Email, "training.mail.call_opened")
	if len(ge) != 1 || len(ua) != 1 || len(mailsTo(all, f.ncpMD.Email, "")) != 0 {
		t.Fatalf("GE %v, UA %v, MD %v", ge, ua, mailsTo(all, f.ncpMD.Email, ""))
	}
	if ge[0].Lang != "ka" || ge[0].AccountID != f.ncpGE.ID || !strings.Contains(ge[0].Subject, "კიბერდანაშაულთან ბრძოლა") {
		t.Errorf("GE mail: %+v", ge[0])
	}
	if ua[0].Lang != "uk" || !strings.Contains(ua[0].Subject, "Протидія кіберзлочинності") || !strings.Contains(ua[0].Text, ": 1\n") {
		t.Errorf("UA mail: %q / %q", ua[0].Subject, ua[0].Text)
	}

	msgs := srv.Wait(t, 2)
	var got notifytest.Message
	for _, m := range msgs {
		if slices.Contains(m.To, f.ncpGE.Email) {
			got = m
		}
	}
	if got.Subject == "" {
		t.Fatalf("no message to %s among %d", f.ncpGE.Email, len(msgs))
	}
	start, _ := time.Parse(time.DateOnly, f.act.StartsOn)
	for _, want := range []string{"კიბერდანაშაულთან ბრძოლა", "(NT-101)", "Tbilisi (GE)", start.Format("02.01.2006"),
		"ქვეყნისთვის GE: 2", ntPublicURL + "/training/activities/" + f.act.ID + "/nominations"} {
		if !strings.Contains(got.Text, want) {
			t.Errorf("the Georgian mail lacks %q:\n%s", want, got.Text)
		}
	}
	if !hasScript(got.Subject, unicode.Georgian) || !hasScript(got.Text, unicode.Georgian) || got.Header.Get("Content-Language") != "ka" {
		t.Errorf("not in Georgian: %q (Content-Language %q)", got.Subject, got.Header.Get("Content-Language"))
	}
}

// TestSelectionNotices: confirming a selection mails each selected
// nominee (an account holder through the account; a person without one
// an invitation whose link redeems into an account linked to them, in
// their directory language), each reserve their rank, nobody for a
// person without an e-mail (and no error), and each country's ncps a
// summary naming who could not be reached. Then answers: a decline on
// someone's behalf tells the ncps and promotes the reserve, who is
// invited in turn; an acceptance is confirmed to the person.
func TestSelectionNotices(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		f := ntSetup(t, e)
		nobody := f.person(t, f.ge, "Zurab", "Nomail", "")                                // no account, no e-mail
		invitee := f.person(t, f.ge, "Levan", "Invited", "levan@example.org", "de", "ru") // no account: invited, in Russian
		reserve := f.person(t, f.ge, "Maia", "Reserve", "maia@example.org")               // reserve; Georgian by country
		holder := f.person(t, f.ua, "Oksana", "Holder", "oksana.dir@example.org")
		holderAcc := f.account(t, "oksana@example.org", "Oksana Holder", "en", holder.ID, apptest.GlobalGrant(core.RoleParticipant))
		f.openCall(t)
		noms := f.nominate(t, nobody, invitee, reserve, holder)
		must[training.Activity](t)(f.svc.CloseCall(apptest.SysCtx(), f.act.ID))
		before := len(outbox(t, e))
		p := must[training.Proposal](t)(f.svc.Confirm(apptest.SysCtx(), f.act.ID, training.ConfirmInput{}))
		if p.Selected != 3 || p.Reserve != 1 {
			t.Fatalf("proposal: %d selected, %d reserve", p.Selected, p.Reserve)
		}
		act := must[training.Activity](t)(f.svc.Activity(apptest.SysCtx(), f.act.ID, ""))
		all := since(outbox(t, e), before)

		// The selected account holder: through the account.
		if got := mailsTo(all, holderAcc.Email, ""); len(got) != 1 || got[0].Template != "training.mail.selected" || got[0].AccountID != holderAcc.ID ||
			got[0].Link != "/training/activities/"+f.act.ID {
			t.Errorf("account holder's mails: %v", got)
		}
		// The selected person without an account: an invitation in
		// Russian (their first UI language), whose link redeems.
		inv := mailsTo(all, "levan@example.org", "")
		if len(inv) != 1 || inv[0].Template != "training.mail.selected_invitation" || inv[0].Lang != "ru" || inv[0].AccountID != "" {
			t.Fatalf("invitee's mails: %v", inv)
		}
		respondBy, _ := time.Parse(time.DateOnly, act.RespondBy)
		if !strings.Contains(inv[0].Text, respondBy.Format("02.01.2006")) || !hasScript(inv[0].Text, unicode.Cyrillic) {
			t.Errorf("invitation text: %s", inv[0].Text)
		}
		token, ok := strings.CutPrefix(inv[0].Link, "/invitation/")
		if !ok || !strings.HasPrefix(token, auth.InvitationPrefix) {
			t.Fatalf("invitation link %q", inv[0].Link)
		}
		acc, err := e.Auth.Redeem(context.Background(), token, "a long enough passphrase 42", "")
		if err != nil {
			t.Fatalf("redeem the mailed link: %v", err)
		}
		if acc.PersonID != invitee.ID || acc.Email != "levan@example.org" || acc.Lang != "ru" {
			t.Errorf("redeemed account %+v", acc)
		}
		// The reserve: their rank, in Georgian (their country's language).
		if got := mailsTo(all, "maia@example.org", ""); len(got) != 1 || got[0].Template != "training.mail.reserve" || got[0].Lang != "ka" ||
			!strings.Contains(got[0].Text, "1") {
			t.Errorf("reserve's mails: %v", got)
		}
		// Nobody wrote to the person without an e-mail; the GE ncp's
		// summary (in Georgian) names them among the unreached.
		for _, m := range all {
			if strings.Contains(m.Text, "Zurab") && m.Template != "training.mail.selection_summary" {
				t.Errorf("a mail about the unreachable person went to %s: %s", m.To, m.Template)
			}
		}
		sum := mailsTo(all, f.ncpGE.Email, "")
		if len(sum) != 1 || sum[0].Template != "training.mail.selection_summary" || sum[0].Lang != "ka" {
			t.Fatalf("GE ncp's mails: %v", sum)
		}
		for _, want := range []string{"- Zurab Nomail\n- Levan Invited", "- Maia Reserve (1)", "ვერავინ მისწერა"} {
			if !strings.Contains(sum[0].Text, want) {
				t.Errorf("GE summary lacks %q:\n%s", want, sum[0].Text)
			}
		}
		if ua := mailsTo(all, f.ncpUA.Email, ""); len(ua) != 1 || !strings.Contains(ua[0].Text, "Oksana Holder") || strings.Contains(ua[0].Text, "Zurab") {
			t.Errorf("UA ncp's mails: %v", ua)
		}
		if len(mailsTo(all, f.ncpMD.Email, "")) != 0 || len(all) != 5 {
			t.Errorf("mails at confirmation: %v", all)
		}

		// A coordinator declines on the unreachable person's behalf: the
		// GE ncp is told; the reserve is promoted and, having no account,
		// invited (answer by 3 days from now at the earliest).
		coord := f.account(t, "coord@example.org", "Coordinator", "en", "", apptest.GlobalGrant(core.RoleCoordinator))
		before = len(outbox(t, e))
		_, promoted, err := f.svc.Respond(actorOf(coord), noms[nobody.ID].ID, training.AnswerDecline, "on long-term leave")
		if err != nil || promoted.PersonID != reserve.ID {
			t.Fatalf("decline: %v, promoted %+v", err, promoted)
		}
		all = since(outbox(t, e), before)
		if got := mailsTo(all, f.ncpGE.Email, ""); len(got) != 1 || got[0].Template != "training.mail.answer_ncp" ||
			!strings.Contains(got[0].Text, "on long-term leave") || !strings.Contains(got[0].Text, "უარყოფილი") {
			t.Errorf("GE ncp told of the decline: %v", got)
		}
		if got := mailsTo(all, "maia@example.org", ""); len(got) != 1 || got[0].Template != "training.mail.promoted_invitation" ||
			!strings.HasPrefix(got[0].Link, "/invitation/"+auth.InvitationPrefix) {
			t.Errorf("promoted person's mails: %v", got)
		}
		if len(all) != 2 {
			t.Errorf("mails after the decline: %v", all)
		}

		// The account holder accepts: a confirmation to them; the ncps
		// hear nothing.
		before = len(outbox(t, e))
		if _, _, err := f.svc.Respond(actorOf(holderAcc), noms[holder.ID].ID, training.AnswerAccept, ""); err != nil {
			t.Fatal(err)
		}
		all = since(outbox(t, e), before)
		if len(all) != 1 || all[0].Template != "training.mail.accepted" || all[0].AccountID != holderAcc.ID {
			t.Errorf("mails after the acceptance: %v", all)
		}

		// The UA ncp withdraws the accepted holder (on their behalf):
		// the holder is told, with the reason; the acting ncp is not
		// mailed about their own act.
		before = len(outbox(t, e))
		if _, _, err := f.svc.Respond(actorOf(f.ncpUA), noms[holder.ID].ID, training.AnswerWithdraw, "reassigned to another unit"); err != nil {
			t.Fatal(err)
		}
		all = since(outbox(t, e), before)
		if len(all) != 1 || all[0].Template != "training.mail.answer_on_behalf" || all[0].AccountID != holderAcc.ID ||
			!strings.Contains(all[0].Text, "reassigned to another unit") {
			t.Errorf("mails after the withdrawal on behalf: %v", all)
		}
	})
}

// TestCancelNotices: cancelling tells everyone concerned exactly once:
// nominees still in the running (selected, reserve), not those who
// declined; trainers with an account, not those without; the ncps of the
// countries with seats — with the reason.
func TestCancelNotices(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		f := ntSetup(t, e)
		trainer := f.person(t, f.ge, "Nino", "Trainer", "nino.dir@example.org")
		trainerAcc := f.account(t, "nino@example.org", "Nino Trainer", "ka", trainer.ID, apptest.GlobalGrant(core.RoleTrainer))
		loneTrainer := f.person(t, f.ua, "Taras", "Noaccount", "taras@example.org")
		in := training.ActivityInput{CourseID: f.course.ID, StartsOn: f.act.StartsOn, EndsOn: f.act.EndsOn, TimeZone: f.act.TimeZone,
			City: f.act.City, CountryCode: f.act.CountryCode, Languages: f.act.Languages, Capacity: 3, Seats: f.act.Seats,
			TrainerIDs: []string{trainer.ID, loneTrainer.ID}}
		f.act = must[training.Activity](t)(f.svc.UpdateActivity(apptest.SysCtx(), f.act.ID, in))
		a := f.person(t, f.ge, "Ana", "Selected", "ana@example.org")
		b := f.person(t, f.ge, "Beka", "Declined", "beka@example.org")
		c := f.person(t, f.ge, "Ceko", "Reserve", "ceko@example.org")
		d := f.person(t, f.ua, "Dmytro", "Selected", "dmytro@example.org")
		f.openCall(t)
		noms := f.nominate(t, a, b, c, d)
		must[training.Activity](t)(f.svc.CloseCall(apptest.SysCtx(), f.act.ID))
		must[training.Proposal](t)(f.svc.Confirm(apptest.SysCtx(), f.act.ID, training.ConfirmInput{}))
		// Beka declines (Ceko, the reserve, takes the seat; Beka is out).
		coord := f.account(t, "coord@example.org", "Coordinator", "en", "", apptest.GlobalGrant(core.RoleCoordinator))
		if _, _, err := f.svc.Respond(actorOf(coord), noms[b.ID].ID, training.AnswerDecline, "ill"); err != nil {
			t.Fatal(err)
		}
		before := len(outbox(t, e))
		must[training.Activity](t)(f.svc.Move(actorOf(coord), f.act.ID, training.StatusCancelled, "The venue is closed for repairs"))
		all := since(outbox(t, e), before)
		got := map[string]int{}
		for _, m := range all {
			if m.Template != "training.mail.cancelled" || !strings.Contains(m.Text, "The venue is closed for repairs") {
				t.Errorf("unexpected mail %v: %s", m, m.Text)
			}
			got[strings.ToLower(m.To)]++
		}
		want := map[string]int{"ana@example.org": 1, "ceko@example.org": 1, "dmytro@example.org": 1, "nino@example.org": 1,
			f.ncpGE.Email: 1, f.ncpUA.Email: 1}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("cancellation mails %v, want %v", got, want)
		}
		if m := mailsTo(all, trainerAcc.Email, ""); len(m) == 1 && (m[0].Lang != "ka" || m[0].AccountID != trainerAcc.ID) {
			t.Errorf("trainer's mail %+v", m[0])
		}
	})
}

// TestNoMailWhenChangeRollsBack: the notices are written in the
// transaction of the change: when that transaction rolls back (an
// enclosing one fails after the call is opened and after the selection
// is confirmed; a cancellation is refused), no mail and no invitation
// remain.
func TestNoMailWhenChangeRollsBack(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		f := ntSetup(t, e)
		p := f.person(t, f.ge, "Giorgi", "Rollback", "giorgi@example.org")
		boom := errors.New("a later step failed")
		err := e.DB.Write(apptest.SysCtx(), func(ctx context.Context) error {
			if _, err := f.svc.OpenCall(ctx, f.act.ID, training.CallInput{Deadline: time.Now().Add(24 * time.Hour)}); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("enclosing write: %v", err)
		}
		if all := outbox(t, e); len(all) != 0 {
			t.Errorf("mails of a call that was never opened: %v", all)
		}
		f.openCall(t)
		f.nominate(t, p)
		must[training.Activity](t)(f.svc.CloseCall(apptest.SysCtx(), f.act.ID))
		before := len(outbox(t, e))
		err = e.DB.Write(apptest.SysCtx(), func(ctx context.Context) error {
			if _, err := f.svc.Confirm(ctx, f.act.ID, training.ConfirmInput{}); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("enclosing write: %v", err)
		}
		if all := since(outbox(t, e), before); len(all) != 0 {
			t.Errorf("mails of a selection that was never confirmed: %v", all)
		}
		var n int
		if err := e.DB.QueryRow(context.Background(), `SELECT count(*) FROM invitations`).Scan(&n); err != nil || n != 0 {
			t.Errorf("invitations of a selection that was never confirmed: %d (%v)", n, err)
		}
		// A cancellation refused (its reason is too long) tells nobody.
		before = len(outbox(t, e))
		if _, err := f.svc.Move(apptest.SysCtx(), f.act.ID, training.StatusCancelled, strings.Repeat("x", training.MaxReason+1)); !slices.Contains(fieldErrs(err), "reason:too_long") {
			t.Fatalf("cancel with a long reason: %v", err)
		}
		if all := since(outbox(t, e), before); len(all) != 0 {
			t.Errorf("mails of a cancellation that was refused: %v", all)
		}
	})
}

// TestMailCatalogue renders every training mail in every language with
// data for each placeholder: a subject and a body, nothing left
// unrendered, no message key shown, the optional part of the ncp's
// summary only when someone was unreachable, and Georgian, Armenian,
// Ukrainian and Russian in their scripts.
func TestMailCatalogue(t *testing.T) {
	b, err := i18n.Load(training.Module.Locales)
	if err != nil {
		t.Fatal(err)
	}
	data := map[string]any{"Activity": "Course title", "Code": "NT-101", "Dates": "D1 – D2", "Where": "Tbilisi (GE)", "Country": "GE",
		"Seats": 2, "Deadline": "DEADLINE", "Name": "Ana Name", "RespondBy": "RESPOND", "Expires": "EXPIRES", "Rank": 3,
		"Selected": "- Ana", "Reserve": "- Beka (1)", "Unreached": "- Zurab", "HasUnreached": true, "Status": "STATUS",
		"Reason": "REASON", "Time": "09:00", "TimeZone": "Asia/Tbilisi"}
	leftover := regexp.MustCompile(`\{\{|\}\}|<no value>|training\.mail\.|%!`)
	scripts := map[string]*unicode.RangeTable{"ka": unicode.Georgian, "hy": unicode.Armenian, "uk": unicode.Cyrillic, "ru": unicode.Cyrillic}
	tpls := training.MailTemplates()
	if len(tpls) != 13 {
		t.Errorf("%d templates", len(tpls))
	}
	for name, tpl := range tpls {
		for _, lang := range i18n.Languages {
			c, err := tpl(b.Localizer(lang.Code), data)
			if err != nil {
				t.Errorf("%s %s: %v", name, lang.Code, err)
				continue
			}
			all := c.Subject + "\n" + c.Text
			if strings.TrimSpace(c.Subject) == "" || strings.TrimSpace(c.Text) == "" || leftover.MatchString(all) {
				t.Errorf("%s %s: %q\n%s", name, lang.Code, c.Subject, c.Text)
			}
			if sc := scripts[lang.Code]; sc != nil && (!hasScript(c.Subject, sc) || !hasScript(c.Text, sc)) {
				t.Errorf("%s %s: not in the language's script: %q", name, lang.Code, c.Subject)
			}
			for _, key := range []string{"Activity", "Code"} {
				if !strings.Contains(all, fmt.Sprint(data[key])) {
					t.Errorf("%s %s: %s missing", name, lang.Code, key)
				}
			}
			if name == "training.mail.selection_summary" {
				quiet, _ := tpl(b.Localizer(lang.Code), withData(data, "HasUnreached", false))
				if !strings.Contains(c.Text, "- Zurab") || strings.Contains(quiet.Text, "- Zurab") || len(quiet.Text) >= len(c.Text) {
					t.Errorf("%s %s: the unreached part", name, lang.Code)
				}
			}
		}
	}
	if missing := b.Missing(); len(missing) > 0 {
		t.Errorf("missing messages: %v", missing)
	}
}

func withData(m map[string]any, k string, v any) map[string]any {
	out := maps.Clone(m)
	out[k] = v
	return out
}
