package training_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/topcop-platform/topcop/internal/app/apptest"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/training"
)

// TestReinvite: a coordinator or the nominee's ncp sends a selected
// nominee their seat again; without an account that is a new invitation
// link, and the old one stops working. Another country's ncp may not, a
// reserve has no seat to send, a person without an e-mail gets a clear
// error, and nothing is sent then. The page's button does the same.
func TestReinvite(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		f := ntSetup(t, e)
		nobody := f.person(t, f.ge, "Zurab", "Nomail", "")
		invitee := f.person(t, f.ge, "Levan", "Invited", "levan@example.org", "ru")
		reserve := f.person(t, f.ge, "Maia", "Reserve", "maia@example.org")
		holder := f.person(t, f.ua, "Oksana", "Holder", "oksana.dir@example.org")
		holderAcc := f.account(t, "oksana@example.org", "Oksana Holder", "uk", holder.ID, apptest.GlobalGrant(core.RoleParticipant))
		f.openCall(t)
		noms := f.nominate(t, nobody, invitee, reserve, holder)
		must[training.Activity](t)(f.svc.CloseCall(apptest.SysCtx(), f.act.ID))
		must[training.Proposal](t)(f.svc.Confirm(apptest.SysCtx(), f.act.ID, training.ConfirmInput{}))
		first := mailsTo(outbox(t, e), "levan@example.org", "training.mail.selected_invitation")
		if len(first) != 1 {
			t.Fatalf("first invitation: %v", first)
		}
		oldToken := strings.TrimPrefix(first[0].Link, "/invitation/")

		// The GE ncp sends Levan a new link: the old one is replaced.
		before := len(outbox(t, e))
		how, err := f.svc.Reinvite(actorOf(f.ncpGE), noms[invitee.ID].ID)
		if err != nil || how != "invited" {
			t.Fatalf("reinvite: %q, %v", how, err)
		}
		again := mailsTo(since(outbox(t, e), before), "levan@example.org", "training.mail.selected_invitation")
		if len(again) != 1 || again[0].Link == first[0].Link || again[0].Lang != "ru" {
			t.Fatalf("second invitation: %v", again)
		}
		if _, err := e.Auth.Redeem(context.Background(), oldToken, "a long enough passphrase 42", ""); err == nil {
			t.Error("the replaced link still redeems")
		}
		if _, err := e.Auth.Redeem(context.Background(), strings.TrimPrefix(again[0].Link, "/invitation/"), "a long enough passphrase 42", ""); err != nil {
			t.Errorf("the new link: %v", err)
		}
		// With an account now, the seat is sent to the account.
		before = len(outbox(t, e))
		if how, err := f.svc.Reinvite(apptest.SysCtx(), noms[invitee.ID].ID); err != nil || how != "account" {
			t.Errorf("reinvite an account holder: %q, %v", how, err)
		}
		if got := since(outbox(t, e), before); len(got) != 1 || got[0].Template != "training.mail.selected" {
			t.Errorf("mails: %v", got)
		}

		// Refusals change and send nothing.
		before = len(outbox(t, e))
		if _, err := f.svc.Reinvite(actorOf(f.ncpUA), noms[invitee.ID].ID); !core.IsCode(err, core.Forbidden) {
			t.Errorf("the UA ncp sends for a Georgian: %v", err)
		}
		if _, err := f.svc.Reinvite(actorOf(holderAcc), noms[holder.ID].ID); !core.IsCode(err, core.Forbidden) {
			t.Errorf("a participant sends their own seat: %v", err)
		}
		if _, err := f.svc.Reinvite(actorOf(f.ncpGE), noms[reserve.ID].ID); !slices.Contains(fieldErrs(err), "status:transition_not_allowed") {
			t.Errorf("a reserve: %v", err)
		}
		if _, err := f.svc.Reinvite(actorOf(f.ncpGE), noms[nobody.ID].ID); !slices.Contains(fieldErrs(err), "person:no_email") {
			t.Errorf("a person without an e-mail: %v", err)
		}
		if n := len(outbox(t, e)) - before; n != 0 {
			t.Errorf("refused re-sends queued %d mails", n)
		}

		// On the page: the ncp's button, and the clear error for Zurab.
		c := e.SignIn(t, f.ncpGE.Email)
		page := "/training/activities/" + f.act.ID + "/nominations"
		_, doc := c.GetDoc(t, page, http.StatusOK)
		if doc.Find(`form[action="/training/nominations/`+noms[invitee.ID].ID+`/invite"] button`).Length() != 1 {
			t.Error("no Send again button on a selected nomination")
		}
		if doc.Find(`form[action="/training/nominations/`+noms[reserve.ID].ID+`/invite"]`).Length() != 0 {
			t.Error("a Send again button on a reserve")
		}
		apptest.WantRedirect(t, c.Post(t, "/training/nominations/"+noms[invitee.ID].ID+"/invite", nil), page+"?done=resent")
		res := c.Post(t, "/training/nominations/"+noms[nobody.ID].ID+"/invite", nil)
		apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
		if !strings.Contains(res.Body, "neither an account nor an e-mail address") {
			t.Error("the page does not say why nothing was sent")
		}
		acts := strings.Join(e.AuditActions(t), " ")
		if strings.Count(acts, "training.nomination.reinvite") != 3 {
			t.Errorf("audit: %d reinvite entries", strings.Count(acts, "training.nomination.reinvite"))
		}
	})
}
