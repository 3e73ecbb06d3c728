package training_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/topcop-platform/topcop/internal/app/apptest"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/directory"
	"github.com/topcop-platform/topcop/internal/training"
)

// panelsOf reads the home page's panels: id → the labels of its items.
func panelsOf(t *testing.T, c *apptest.Client) map[string][]string {
	t.Helper()
	_, doc := c.GetDoc(t, "/", http.StatusOK)
	out := map[string][]string{}
	doc.Find("section.home-panel").Each(func(_ int, s *goquery.Selection) {
		id, _ := s.Attr("id")
		labels := []string{}
		s.Find(".home-items li > a").Each(func(_ int, a *goquery.Selection) {
			href, _ := a.Attr("href")
			labels = append(labels, strings.TrimSpace(a.Text())+" "+href)
		})
		out[id] = labels
	})
	return out
}

func hasItem(items []string, activityID string) bool {
	return slices.ContainsFunc(items, func(s string) bool { return strings.Contains(s, activityID) })
}

// TestHomeShowsEachRoleItsWork: "/" shows a coordinator the calls to open,
// the selections waiting and this month's activities; an ncp the open calls
// with seats for their country only; a trainer their next activities and the
// attendance to take; a participant their own nominations, the seat to
// answer first; an observer only what is coming up.
func TestHomeShowsEachRoleItsWork(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		f := seedWeb(t, e)
		ctx, svc := apptest.SysCtx(), svcOf(e)
		now := time.Now().UTC()
		day := func(n int) string { return now.AddDate(0, 0, n).Format(time.DateOnly) }
		create := func(in training.ActivityInput) training.Activity {
			t.Helper()
			if in.CourseID == "" {
				in.CourseID = f.cyb.ID
			}
			if in.Languages == nil {
				in.Languages, in.Online = []string{"en"}, true
			}
			a, err := svc.CreateActivity(ctx, in)
			if err != nil {
				t.Fatal(err)
			}
			return a
		}
		planned := create(training.ActivityInput{StartsOn: day(30), EndsOn: day(31), Capacity: 10, Seats: map[string]int{"GE": 5}})
		geCall := create(training.ActivityInput{StartsOn: day(60), EndsOn: day(61), Capacity: 10, Seats: map[string]int{"GE": 4, "UA": 4}})
		mdCall := create(training.ActivityInput{StartsOn: day(60), EndsOn: day(61), Capacity: 10, Seats: map[string]int{"MD": 4}})
		for _, a := range []training.Activity{geCall, mdCall} {
			if _, err := svc.OpenCall(ctx, a.ID, training.CallInput{Deadline: now.Add(10 * 24 * time.Hour)}); err != nil {
				t.Fatal(err)
			}
		}
		dir := apptest.Use[*directory.Service](e)
		var ge []directory.Person
		for _, n := range []string{"Giorgi", "Tamar", "Levan"} {
			p, _, err := dir.CreatePerson(ctx, directory.PersonInput{AgencyID: f.geMIA.ID, GivenName: n, FamilyName: "Kapanadze"})
			if err != nil {
				t.Fatal(err)
			}
			ge = append(ge, p)
			if _, err := svc.Nominate(ctx, geCall.ID, training.NominationInput{PersonID: p.ID, Motivation: "investigator"}); err != nil {
				t.Fatal(err)
			}
		}
		// A running activity nino trains, with a participant selected and
		// no attendance marked yet; Giorgi holds a seat on it.
		running := create(training.ActivityInput{StartsOn: day(-1), EndsOn: day(1), Capacity: 4, Seats: map[string]int{"GE": 4}, TrainerIDs: []string{f.nino.ID}})
		if _, err := svc.At(now.AddDate(0, 0, -20)).OpenCall(ctx, running.ID, training.CallInput{Deadline: now.AddDate(0, 0, -10)}); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.At(now.AddDate(0, 0, -15)).Nominate(ctx, running.ID, training.NominationInput{PersonID: ge[0].ID, Motivation: "lead"}); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.At(now.AddDate(0, 0, -9)).CloseCall(ctx, running.ID); err != nil {
			t.Fatal(err, fieldErrs(err))
		}
		if _, err := svc.At(now.AddDate(0, 0, -5)).Confirm(ctx, running.ID, training.ConfirmInput{}); err != nil {
			t.Fatal(err)
		}

		t.Run("coordinator", func(t *testing.T) {
			p := panelsOf(t, signIn(t, e, core.RoleCoordinator))
			if !hasItem(p["training-calls"], planned.ID) {
				t.Errorf("calls to open lack the activity planned in 30 days: %v", p["training-calls"])
			}
			if hasItem(p["training-calls"], geCall.ID) {
				t.Error("an activity whose call is open is listed as a call to open")
			}
			if !hasItem(p["training-month"], running.ID) {
				t.Errorf("this month lacks the running activity: %v", p["training-month"])
			}
			if _, ok := p["training-selection"]; !ok {
				t.Error("no selections panel for a coordinator")
			}
		})
		t.Run("ncp", func(t *testing.T) {
			c := e.SignIn(t, e.AccountFor(t, core.RoleNCP).Email) // an ncp of Georgia
			_, doc := c.GetDoc(t, "/", http.StatusOK)
			items := panelsOf(t, c)["training-ncp-calls"]
			if !hasItem(items, geCall.ID) || hasItem(items, mdCall.ID) {
				t.Errorf("ncp of GE: open calls %v, want the call with Georgian seats and not Moldova's", items)
			}
			text := doc.Find("#training-ncp-calls").Text()
			if !strings.Contains(text, "GE: 4 seats, 3 nominated") || strings.Contains(text, "UA:") {
				t.Errorf("the call does not show Georgia's seats and nominations (only): %q", text)
			}
			if _, ok := panelsOf(t, c)["training-calls"]; ok {
				t.Error("an ncp sees the coordinators' calls to open")
			}
		})
		t.Run("trainer", func(t *testing.T) {
			acc := e.LinkPerson(t, e.CreateAccount(t, "nino.home@example.org", core.Grant{Role: core.RoleTrainer, ScopeKind: core.ScopeGlobal}), f.nino.ID)
			p := panelsOf(t, e.SignIn(t, acc.Email))
			// f.act (September 2026) has ended: it is not a next activity.
			if !hasItem(p["training-teaching"], running.ID) || hasItem(p["training-teaching"], f.act.ID) {
				t.Errorf("next activities as a trainer: %v", p["training-teaching"])
			}
			if !hasItem(p["training-attendance"], running.ID+"/attendance") {
				t.Errorf("attendance to take lacks the running activity: %v", p["training-attendance"])
			}
		})
		t.Run("participant", func(t *testing.T) {
			acc := e.LinkPerson(t, e.CreateAccount(t, "giorgi.home@example.org", core.Grant{Role: core.RoleParticipant, ScopeKind: core.ScopeGlobal}), ge[0].ID)
			c := e.SignIn(t, acc.Email)
			p := panelsOf(t, c)
			mine := p["training-mine"]
			if len(mine) != 2 || !hasItem(mine[:1], running.ID) || !hasItem(mine, geCall.ID) {
				t.Errorf("own nominations %v, want the seat to answer first, then the call", mine)
			}
			_, doc := c.GetDoc(t, "/", http.StatusOK)
			if doc.Find("#training-mine li.urgent").Length() != 1 {
				t.Error("the seat to answer is not marked as waiting on them")
			}
			if _, ok := p["training-ncp-calls"]; ok {
				t.Error("a participant sees an ncp's panel")
			}
			// In Ukrainian, the panel speaks Ukrainian.
			c.Lang = "uk"
			_, doc = c.GetDoc(t, "/", http.StatusOK)
			if got := doc.Find("#training-mine h2").Text(); !strings.Contains(got, "Ваші номінації") {
				t.Errorf("uk panel title %q", got)
			}
		})
		t.Run("observer", func(t *testing.T) {
			p := panelsOf(t, signIn(t, e, core.RoleObserver))
			var ids []string
			for id := range p {
				ids = append(ids, id)
			}
			if len(ids) != 1 || ids[0] != "training-upcoming" {
				t.Errorf("observer panels %v, want only what is coming up", ids)
			}
		})
		t.Run("anonymous", func(t *testing.T) {
			apptest.WantRedirect(t, e.NewClient().Get(t, "/"), "/login")
		})
	})
}
