package auth_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/topcop-platform/topcop/internal/app/apptest"
	"github.com/topcop-platform/topcop/internal/auth"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
	"github.com/topcop-platform/topcop/internal/db/dbtest"
	"github.com/topcop-platform/topcop/internal/ui/uitest"
)

// Directory people the invitations are for (auth keeps only their ids).
const (
	personNino = "0190d6a4-0000-7000-8000-00000000a001"
	personOleg = "0190d6a4-0000-7000-8000-00000000a002"
)

// inviteInput is a valid invitation of personNino, a week ahead of now.
func inviteInput(now time.Time) auth.InvitationInput {
	return auth.InvitationInput{PersonID: personNino, Email: "Nino.Beridze@Example.org", Name: "Nino Beridze", Lang: "ka",
		ExpiresAt: now.Add(7 * 24 * time.Hour), Reason: "training.selected 0190d6a4-0000-7000-8000-00000000b001"}
}

// invite makes an invitation as the system actor and returns its token.
func (e *env) invite(t *testing.T, in auth.InvitationInput) string {
	t.Helper()
	tok, err := e.svc.Invite(sysCtx(), in)
	if err != nil {
		t.Fatalf("invite: %v", err)
	}
	return tok
}

// visitor is the context of someone following a link, not signed in.
func visitor() context.Context {
	return core.WithActor(context.Background(), core.Actor{IP: "198.51.100.7", UserAgent: "mail-link"})
}

func wantProblem(t *testing.T, err error, want string) {
	t.Helper()
	wantCode(t, err, core.Invalid)
	if got := auth.InvitationProblem(err); got != want {
		t.Fatalf("invitation problem %q (%v), want %q", got, err, want)
	}
}

// TestInvitationRedeem: an invitation link, redeemed once, creates a
// participant account linked to the person, with the invitation's e-mail
// (lower-cased) and name and the language chosen; the account signs in.
// Following the link again is "used" and changes nothing. Everything is
// audited, the redeem with the new account as actor.
func TestInvitationRedeem(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		// A trainer signs in without a second factor; any signed-in
		// account may invite (the capability calling Invite authorizes).
		inviter := e.create(t, "trainer@example.org", global(core.RoleTrainer))
		tok, err := e.svc.Invite(e.ctxOf(t, inviter.Email), inviteInput(e.clock.Now()))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(tok, auth.InvitationPrefix) || len(tok) < 40 {
			t.Fatalf("token %q", tok)
		}
		if n := count(t, d, `SELECT count(*) FROM invitations WHERE token_hash = ?`, tok); n != 0 {
			t.Fatal("the raw token is stored")
		}

		inv, err := e.svc.Invitation(visitor(), tok)
		if err != nil {
			t.Fatal(err)
		}
		if inv.Email != "nino.beridze@example.org" || inv.Name != "Nino Beridze" || inv.Lang != "ka" || inv.PersonID != personNino {
			t.Fatalf("invitation %+v", inv)
		}
		accounts := count(t, d, `SELECT count(*) FROM accounts`)

		acc, err := e.svc.Redeem(visitor(), tok, pw, "uk")
		if err != nil {
			t.Fatalf("redeem: %v", err)
		}
		if acc.Email != inv.Email || acc.Name != inv.Name || acc.PersonID != personNino || acc.Lang != "uk" || acc.Disabled ||
			len(acc.Grants) != 1 || acc.Grants[0] != global(core.RoleParticipant) {
			t.Fatalf("account %+v", acc)
		}
		_, a := e.login(t, acc.Email)
		if a.AccountID != acc.ID || a.PersonID != personNino || !a.Has(core.RoleParticipant) || a.MFAPending {
			t.Fatalf("signed in as %+v", a)
		}
		got, ok, err := e.svc.AccountOfPerson(e.ctxOf(t, inviter.Email), personNino)
		if err != nil || !ok || got.ID != acc.ID {
			t.Fatalf("AccountOfPerson = %+v %v %v", got, ok, err)
		}
		if n := count(t, d, `SELECT count(*) FROM invitations WHERE account_id = ? AND used_at IS NOT NULL`, acc.ID); n != 1 {
			t.Fatalf("%d used invitations record the account", n)
		}

		// The link again: used, on the page and on redeem; nothing changes.
		before := len(auditLog(t, d))
		_, err = e.svc.Invitation(visitor(), tok)
		wantProblem(t, err, auth.InvitationUsed)
		_, err = e.svc.Redeem(visitor(), tok, "another good passphrase", "")
		wantProblem(t, err, auth.InvitationUsed)
		if n := count(t, d, `SELECT count(*) FROM accounts`); n != accounts+1 {
			t.Fatalf("%d accounts, want %d", n, accounts+1)
		}
		if n := len(auditLog(t, d)); n != before {
			t.Fatalf("a refused link wrote %d audit entries", n-before)
		}
		if _, err := e.svc.Login(anonCtx(), acc.Email, "another good passphrase", "192.0.2.1", "t"); err == nil {
			t.Fatal("the reused link changed the password")
		}

		var create, read, redeem *auditEntry
		log := auditLog(t, d)
		for i := range log {
			switch log[i].Action {
			case "auth.invitation.create":
				create = &log[i]
			case "auth.invitation.read":
				read = &log[i]
			case "auth.invitation.redeem":
				redeem = &log[i]
			}
		}
		switch {
		case create == nil || create.ActorID != inviter.ID || !strings.Contains(create.Details, personNino):
			t.Fatalf("create audit %+v", create)
		case read == nil || read.Actor != "invitation" || read.IP != "198.51.100.7":
			t.Fatalf("read audit %+v", read)
		case redeem == nil || redeem.ActorID != acc.ID || redeem.EntityID != acc.ID || redeem.IP != "198.51.100.7" ||
			!strings.Contains(redeem.Details, "participant/global"):
			t.Fatalf("redeem audit %+v", redeem)
		}
		for _, en := range log {
			if strings.Contains(en.Details, tok) || strings.Contains(en.Details, pw) {
				t.Fatalf("audit entry %s holds a secret: %s", en.Action, en.Details)
			}
		}
		verifyChain(t, e.log)
	})
}

// TestInvitationExpires: a link works until its expiry, not after; an
// expired link creates nothing.
func TestInvitationExpires(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		in := inviteInput(e.clock.Now())
		in.ExpiresAt = e.clock.Now().Add(time.Hour)
		tok := e.invite(t, in)
		e.clock.Add(59 * time.Minute)
		if _, err := e.svc.Invitation(visitor(), tok); err != nil {
			t.Fatalf("a minute before expiry: %v", err)
		}
		e.clock.Add(time.Minute)
		_, err := e.svc.Invitation(visitor(), tok)
		wantProblem(t, err, auth.InvitationExpired)
		_, err = e.svc.Redeem(visitor(), tok, pw, "")
		wantProblem(t, err, auth.InvitationExpired)
		if n := count(t, d, `SELECT count(*) FROM accounts`); n != 0 {
			t.Fatalf("an expired link created %d accounts", n)
		}
		if n := count(t, d, `SELECT count(*) FROM invitations WHERE used_at IS NOT NULL`); n != 0 {
			t.Fatal("an expired link was marked used")
		}
	})
}

// TestInvitationReplaced: a new invitation of the same person replaces the
// unused ones; the old link stops working, the new one works.
func TestInvitationReplaced(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		old := e.invite(t, inviteInput(e.clock.Now()))
		other := e.invite(t, auth.InvitationInput{PersonID: personOleg, Email: "oleg@example.org", Name: "Oleg", ExpiresAt: e.clock.Now().Add(time.Hour)})
		e.clock.Add(time.Minute)
		fresh := e.invite(t, inviteInput(e.clock.Now()))
		_, err := e.svc.Invitation(visitor(), old)
		wantProblem(t, err, auth.InvitationReplaced)
		_, err = e.svc.Redeem(visitor(), old, pw, "")
		wantProblem(t, err, auth.InvitationReplaced)
		if _, err := e.svc.Invitation(visitor(), other); err != nil {
			t.Fatalf("another person's invitation: %v", err)
		}
		if _, err := e.svc.Redeem(visitor(), fresh, pw, ""); err != nil {
			t.Fatalf("the new link: %v", err)
		}
		if !strings.Contains(auditLog(t, d)[2].Details, `"replaced":1`) {
			t.Fatalf("the second invitation's audit does not count the replaced one: %+v", auditLog(t, d)[2])
		}
	})
}

// TestInvitationRedeemRace: redeems of one link racing create exactly one
// account; every other gets "used".
func TestInvitationRedeemRace(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		tok := e.invite(t, inviteInput(e.clock.Now()))
		const n = 8
		errs := make([]error, n)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				_, errs[i] = e.svc.Redeem(visitor(), tok, pw, "")
			}()
		}
		close(start)
		wg.Wait()
		won := 0
		for _, err := range errs {
			switch {
			case err == nil:
				won++
			case auth.InvitationProblem(err) != auth.InvitationUsed:
				t.Errorf("a losing redeem got %v, want used", err)
			}
		}
		if won != 1 {
			t.Fatalf("%d redeems won, want 1", won)
		}
		if c := count(t, d, `SELECT count(*) FROM accounts WHERE person_id = ?`, personNino); c != 1 {
			t.Fatalf("%d accounts for the person", c)
		}
		if c := count(t, d, `SELECT count(*) FROM audit_log WHERE action = 'auth.invitation.redeem'`); c != 1 {
			t.Fatalf("%d redeems audited", c)
		}
	})
}

// TestInvitationBadPassword: a password that fails the policy (or an
// unknown language) is a field error, creates nothing and leaves the
// link usable.
func TestInvitationBadPassword(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		tok := e.invite(t, inviteInput(e.clock.Now()))
		for _, c := range []struct {
			name, password, lang, field, code string
		}{
			{"empty", "", "", "password", "required"},
			{"short", "too short", "", "password", "weak"},
			{"the e-mail", "nino.beridze@example.org", "", "password", "weak"},
			{"one character", strings.Repeat("x", 20), "", "password", "weak"},
			{"too long", strings.Repeat("ab", auth.MaxPasswordLen), "", "password", "too_long"},
			{"unknown language", pw, "de", "lang", "invalid"},
		} {
			_, err := e.svc.Redeem(visitor(), tok, c.password, c.lang)
			wantCode(t, err, core.Invalid)
			if !hasField(err, c.field, c.code) {
				t.Fatalf("%s: fields %+v, want %s %s", c.name, core.AsError(err).Fields, c.field, c.code)
			}
		}
		if n := count(t, d, `SELECT count(*) FROM accounts`); n != 0 {
			t.Fatalf("bad input created %d accounts", n)
		}
		if _, err := e.svc.Invitation(visitor(), tok); err != nil {
			t.Fatalf("after bad input the link: %v", err)
		}
		if _, err := e.svc.Redeem(visitor(), tok, pw, ""); err != nil {
			t.Fatalf("after bad input the link: %v", err)
		}
	})
}

// TestInviteRefused: who may invite, what input is refused, and the
// conflicts: a person who has an account, an e-mail an account uses.
// A refused invitation leaves the earlier ones working.
func TestInviteRefused(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		now := e.clock.Now()
		trainer := e.create(t, "trainer@example.org", global(core.RoleTrainer))
		userCtx := e.ctxOf(t, trainer.Email)
		if _, err := e.svc.Invite(userCtx, inviteInput(now)); err != nil {
			t.Fatalf("a signed-in account invites: %v", err)
		}
		_, err := e.svc.Invite(anonCtx(), inviteInput(now))
		wantCode(t, err, core.Unauthenticated)
		ro := core.ActorFrom(userCtx)
		ro.ReadOnly = true
		_, err = e.svc.Invite(core.WithActor(context.Background(), ro), inviteInput(now))
		wantCode(t, err, core.Forbidden)

		for _, c := range []struct {
			name        string
			edit        func(*auth.InvitationInput)
			field, code string
		}{
			{"no person", func(in *auth.InvitationInput) { in.PersonID = "" }, "person_id", "required"},
			{"bad person", func(in *auth.InvitationInput) { in.PersonID = "p007" }, "person_id", "invalid"},
			{"no e-mail", func(in *auth.InvitationInput) { in.Email = "" }, "email", "required"},
			{"bad e-mail", func(in *auth.InvitationInput) { in.Email = "nino@" }, "email", "invalid_email"},
			{"no name", func(in *auth.InvitationInput) { in.Name = " " }, "name", "required"},
			{"markup name", func(in *auth.InvitationInput) { in.Name = "<b>Nino</b>" }, "name", "markup"},
			{"language", func(in *auth.InvitationInput) { in.Lang = "de" }, "lang", "invalid"},
			{"no expiry", func(in *auth.InvitationInput) { in.ExpiresAt = time.Time{} }, "expires_at", "required"},
			{"past expiry", func(in *auth.InvitationInput) { in.ExpiresAt = now }, "expires_at", "past"},
			{"far expiry", func(in *auth.InvitationInput) { in.ExpiresAt = now.Add(auth.MaxInvitationAge + time.Second) }, "expires_at", "too_far"},
			{"reason", func(in *auth.InvitationInput) { in.Reason = "a\x00b" }, "reason", "invalid"},
		} {
			in := inviteInput(now)
			c.edit(&in)
			_, err := e.svc.Invite(sysCtx(), in)
			wantCode(t, err, core.Invalid)
			if !hasField(err, c.field, c.code) {
				t.Errorf("%s: fields %+v, want %s %s", c.name, core.AsError(err).Fields, c.field, c.code)
			}
		}
		in := inviteInput(now)
		in.ExpiresAt = now.Add(auth.MaxInvitationAge)
		in.Lang = ""
		tok := e.invite(t, in)
		if inv, err := e.svc.Invitation(visitor(), tok); err != nil || inv.Lang != "en" {
			t.Fatalf("30 days ahead, no language: %+v %v", inv, err)
		}

		// An account linked to the person, or using the e-mail: conflict,
		// and the pending link keeps working.
		linked, err := e.svc.CreateAccount(sysCtx(), auth.AccountInput{Email: "oleg@example.org", Name: "Oleg", Password: pw, PersonID: personOleg})
		if err != nil {
			t.Fatal(err)
		}
		oleg := auth.InvitationInput{PersonID: personOleg, Email: "oleg.private@example.org", Name: "Oleg", ExpiresAt: now.Add(time.Hour)}
		_, err = e.svc.Invite(sysCtx(), oleg)
		wantCode(t, err, core.Conflict)
		if !hasField(err, "person_id", "has_account") {
			t.Fatalf("fields %+v", core.AsError(err).Fields)
		}
		taken := inviteInput(now)
		taken.Email = "Trainer@example.org"
		_, err = e.svc.Invite(sysCtx(), taken)
		wantCode(t, err, core.Conflict)
		if !hasField(err, "email", "duplicate") {
			t.Fatalf("fields %+v", core.AsError(err).Fields)
		}
		if _, err := e.svc.Invitation(visitor(), tok); err != nil {
			t.Fatalf("after refused invitations the pending link: %v", err)
		}
		if acc, ok, err := e.svc.AccountOfPerson(userCtx, strings.ToUpper(personOleg)); err != nil || !ok || acc.ID != linked.ID {
			t.Fatalf("AccountOfPerson(oleg) = %+v %v %v", acc, ok, err)
		}
		if _, ok, err := e.svc.AccountOfPerson(userCtx, personNino); err != nil || ok {
			t.Fatalf("AccountOfPerson(nino) = %v %v", ok, err)
		}
		_, _, err = e.svc.AccountOfPerson(anonCtx(), personOleg)
		wantCode(t, err, core.Unauthenticated)
		_, _, err = e.svc.AccountOfPerson(userCtx, "p007")
		wantCode(t, err, core.Invalid)
	})
}

// TestInvitationEmailTakenMeanwhile: when an account took the e-mail
// after the invitation was made, redeeming is a conflict and creates
// nothing; the link is not spent.
func TestInvitationEmailTakenMeanwhile(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		tok := e.invite(t, inviteInput(e.clock.Now()))
		e.create(t, "nino.beridze@example.org")
		_, err := e.svc.Redeem(visitor(), tok, pw, "")
		wantCode(t, err, core.Conflict)
		if !hasField(err, "email", "duplicate") {
			t.Fatalf("fields %+v", core.AsError(err).Fields)
		}
		if n := count(t, d, `SELECT count(*) FROM invitations WHERE used_at IS NULL`); n != 1 {
			t.Fatal("a refused redeem spent the link")
		}
	})
}

// TestInviteJoinsCallerTransaction: Invite inside a capability's write
// transaction is part of it: rolled back with it.
func TestInviteJoinsCallerTransaction(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		var tok string
		rollback := errors.New("the caller fails later")
		err := d.Write(sysCtx(), func(ctx context.Context) error {
			var err error
			if tok, err = e.svc.Invite(ctx, inviteInput(e.clock.Now())); err != nil {
				return err
			}
			return rollback
		})
		if !errors.Is(err, rollback) {
			t.Fatalf("write: %v", err)
		}
		_, err = e.svc.Invitation(visitor(), tok)
		wantCode(t, err, core.NotFound)
		if n := count(t, d, `SELECT count(*) FROM invitations`); n != 0 {
			t.Fatalf("%d invitations after the rollback", n)
		}
	})
}

// TestInvitationUnknownToken: malformed and unknown tokens are not found,
// as are other kinds of secret.
func TestInvitationUnknownToken(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		tok := e.invite(t, inviteInput(e.clock.Now()))
		l, _ := e.login(t, e.create(t, "x@example.org").Email)
		other := tok[:len(tok)-1] + "A"
		if other == tok {
			other = tok[:len(tok)-1] + "E"
		}
		for _, bad := range []string{"", "ti_", "ti_short", strings.Replace(tok, "ti_", "ts_", 1), l.Token,
			other, tok + "A", auth.InvitationPrefix + strings.Repeat("A", 43)} {
			_, err := e.svc.Invitation(visitor(), bad)
			wantCode(t, err, core.NotFound)
			_, err = e.svc.Redeem(visitor(), bad, pw, "")
			wantCode(t, err, core.NotFound)
		}
	})
}

// --- pages ---

// invitationOf makes an invitation through the platform's service.
func invitationOf(t *testing.T, e *apptest.Env, person, email string, ttl time.Duration) string {
	t.Helper()
	tok, err := e.Auth.Invite(e.SysCtx(), auth.InvitationInput{PersonID: person, Email: email, Name: "Nino Beridze", Lang: "ro",
		ExpiresAt: e.Clock.Now().Add(ttl), Reason: "test"})
	if err != nil {
		t.Fatalf("invite: %v", err)
	}
	return tok
}

// TestInvitationPages: the invitation page shows who it is for and a form
// to set the password; bad input re-renders it with field errors and
// creates nothing; a good one creates the account and sends the browser
// to sign in with a confirmation; the used, expired, replaced and unknown
// links get a page saying what to do (404 or 410), in the visitor's
// language.
func TestInvitationPages(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		tok := invitationOf(t, e, personNino, "nino@example.org", 7*24*time.Hour)
		path := "/invitation/" + tok
		c := e.NewClient()
		res, doc := c.GetDoc(t, path, http.StatusOK)
		uitest.CheckPage(t, doc)
		if got := res.Header.Get("Referrer-Policy"); got != "no-referrer" {
			t.Errorf("Referrer-Policy %q", got)
		}
		if got := uitest.Text(t, doc, "#invitation-name"); got != "Nino Beridze" {
			t.Errorf("name %q", got)
		}
		email := uitest.Find(t, doc, "input#field-email")
		if v, _ := email.Attr("value"); v != "nino@example.org" {
			t.Errorf("e-mail %q", v)
		}
		if _, ok := email.Attr("readonly"); !ok {
			t.Error("the e-mail can be edited")
		}
		if _, ok := email.Attr("name"); ok {
			t.Error("the e-mail is submitted")
		}
		for _, f := range []string{"password", "password_confirm"} {
			if got := uitest.Attr(t, doc, `input[name="`+f+`"]`, "autocomplete"); got != "new-password" {
				t.Errorf("%s autocomplete %q", f, got)
			}
		}
		if got := uitest.Attr(t, doc, `select#field-lang option[selected]`, "value"); got != "ro" {
			t.Errorf("language preselected %q, want the invitation's ro", got)
		}
		if got := uitest.Attr(t, doc, "form.form", "action"); got != path {
			t.Errorf("form action %q", got)
		}
		if !strings.Contains(uitest.Text(t, doc, "main"), e.Bundle.Localizer("en").T("role.participant")) {
			t.Error("the page does not say the account is a participant's")
		}

		// A browser signed in to another account is asked to sign out
		// first: it neither sees the invitation nor accepts it.
		other := e.SignIn(t, e.AccountFor(t, core.RoleObserver).Email)
		accounts := e.AccountCount(t)
		res = other.Get(t, path)
		apptest.WantStatus(t, res, http.StatusConflict)
		if strings.Contains(res.Body, "Nino Beridze") || !strings.Contains(res.Body, "sign out") {
			t.Error("a signed-in browser sees the invitation, or is not told to sign out")
		}
		apptest.WantStatus(t, other.Post(t, path, url.Values{"password": {apptest.Password}, "password_confirm": {apptest.Password}}), http.StatusConflict)
		if n := e.AccountCount(t); n != accounts {
			t.Fatalf("a signed-in browser created %d accounts", n-accounts)
		}

		for _, bad := range []struct {
			form  url.Values
			field string
		}{
			{url.Values{"password": {apptest.Password}, "password_confirm": {apptest.Password + "x"}}, "password_confirm"},
			{url.Values{"password": {"short"}, "password_confirm": {"short"}}, "password"},
			{url.Values{"password_confirm": {apptest.Password}}, "password"},
			{url.Values{"password": {apptest.Password}, "password_confirm": {apptest.Password}, "lang": {"xx"}}, "lang"},
		} {
			res := c.Post(t, path, bad.form)
			apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
			doc := res.Doc(t)
			apptest.WantFieldError(t, doc, bad.field)
			uitest.CheckPage(t, doc)
		}
		if n := e.AccountCount(t); n != accounts {
			t.Fatalf("bad input created %d accounts", n-accounts)
		}

		res = c.Post(t, path, url.Values{"password": {apptest.Password}, "password_confirm": {apptest.Password}, "lang": {"uk"}})
		apptest.WantRedirect(t, res, "/login?email=nino%40example.org&done=invited")
		acc := e.Account(t, "nino@example.org")
		if acc.PersonID != personNino || acc.Lang != "uk" || len(acc.Grants) != 1 || acc.Grants[0].Role != core.RoleParticipant {
			t.Fatalf("account %+v", acc)
		}
		_, doc = c.GetDoc(t, res.Location(), http.StatusOK)
		if got := uitest.Text(t, doc, ".flash"); got != e.Bundle.Localizer("en").T("auth.login.flash.invited") {
			t.Errorf("sign-in flash %q", got)
		}
		if got := uitest.Attr(t, doc, `input[name="email"]`, "value"); got != "nino@example.org" {
			t.Errorf("sign-in e-mail %q", got)
		}
		_, doc = c.GetDoc(t, "/login?done=other", http.StatusOK)
		if doc.Find(".flash").Length() != 0 {
			t.Error("an unknown ?done= shows a flash")
		}
		apptest.WantRedirect(t, c.Login(t, "nino@example.org", apptest.Password, "/"), "/")

		// The used link, in two languages; posting it creates nothing.
		gone := func(lang, path string, status int, key string) {
			t.Helper()
			v := e.NewClient()
			v.Lang = lang
			_, doc := v.GetDoc(t, path, status)
			uitest.CheckPage(t, doc)
			if got, want := uitest.Text(t, doc, "#invitation-gone-title"), e.Bundle.Localizer(lang).T(key+"_title"); got != want {
				t.Errorf("%s %s: %q, want %q", lang, path, got, want)
			}
			if got := uitest.Text(t, doc, "#invitation-gone-text"); got != e.Bundle.Localizer(lang).T(key+"_text") {
				t.Errorf("%s %s: text %q", lang, path, got)
			}
		}
		gone("en", path, http.StatusGone, "auth.invitation.used")
		gone("ru", path, http.StatusGone, "auth.invitation.used")
		res = e.NewClient().Post(t, path, url.Values{"password": {"a different passphrase"}, "password_confirm": {"a different passphrase"}})
		apptest.WantStatus(t, res, http.StatusGone)
		if n := e.AccountCount(t); n != accounts+1 {
			t.Fatalf("%d accounts, want %d", n, accounts+1)
		}

		// Unknown and malformed links: 404.
		unknown := "/invitation/" + auth.InvitationPrefix + strings.Repeat("A", 43)
		gone("en", unknown, http.StatusNotFound, "auth.invitation.unknown")
		gone("ka", unknown, http.StatusNotFound, "auth.invitation.unknown")
		gone("hy", "/invitation/not-a-token", http.StatusNotFound, "auth.invitation.unknown")

		// Replaced, then expired.
		old := invitationOf(t, e, personOleg, "oleg@example.org", time.Hour)
		fresh := invitationOf(t, e, personOleg, "oleg@example.org", time.Hour)
		gone("uk", "/invitation/"+old, http.StatusGone, "auth.invitation.replaced")
		e.Clock.Advance(time.Hour)
		gone("en", "/invitation/"+fresh, http.StatusGone, "auth.invitation.expired")
		gone("az", "/invitation/"+fresh, http.StatusGone, "auth.invitation.expired")
		res = e.NewClient().Post(t, "/invitation/"+fresh, url.Values{"password": {apptest.Password}, "password_confirm": {apptest.Password}})
		apptest.WantStatus(t, res, http.StatusGone)
		if n := e.AccountCount(t); n != accounts+1 {
			t.Fatalf("an expired link created an account")
		}
		uitest.CheckNoMissingMessages(t, e.Bundle)
	})
}

// TestInvitationCrossOrigin: the form is refused from another site, like
// every other form (the server's cross-origin protection).
func TestInvitationCrossOrigin(t *testing.T) {
	e := apptest.New(t, dbtest.Engines[0])
	tok := invitationOf(t, e, personNino, "nino@example.org", time.Hour)
	c := e.NewClient()
	c.Site = "cross-site"
	res := c.Post(t, "/invitation/"+tok, url.Values{"password": {apptest.Password}, "password_confirm": {apptest.Password}})
	apptest.WantStatus(t, res, http.StatusForbidden)
	if _, err := e.Auth.Invitation(apptest.SysCtx(), tok); err != nil {
		t.Fatalf("after a cross-site post the link: %v", err)
	}
}

// TestInvitationNotLogged: the access log shows the route's pattern, never
// the token in the path.
func TestInvitationNotLogged(t *testing.T) {
	e := apptest.New(t, dbtest.Engines[0])
	var buf syncBuffer
	p := *e.Platform
	p.Logger = slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelInfo}))
	srv, err := p.ServerWith(e.Bundle)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)

	tok := invitationOf(t, e, personNino, "nino@example.org", time.Hour)
	hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	get := func(path string, want int) {
		t.Helper()
		res, err := hc.Get(hs.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != want {
			t.Fatalf("GET %s: %d, want %d", path, res.StatusCode, want)
		}
	}
	get("/invitation/"+tok, http.StatusOK)
	form := url.Values{"password": {apptest.Password}, "password_confirm": {apptest.Password}}
	res, err := hc.PostForm(hs.URL+"/invitation/"+tok, form)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("POST: %d", res.StatusCode)
	}
	get("/invitation/"+tok, http.StatusGone)
	get("/invitation/"+auth.InvitationPrefix+strings.Repeat("A", 43), http.StatusNotFound)

	hs.Close() // waits for the handlers, which log after answering
	log := buf.String()
	if n := strings.Count(log, " /invitation/{token}\""); n != 4 {
		t.Errorf("%d log lines of the invitation route, want 4:\n%s", n, log)
	}
	if strings.Contains(log, tok) || strings.Contains(log, strings.Repeat("A", 43)) {
		t.Fatalf("the access log holds the token:\n%s", log)
	}
}

// syncBuffer is a bytes.Buffer safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}
