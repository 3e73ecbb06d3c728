package training_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/topcop-platform/topcop/internal/app/apptest"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/directory"
	"github.com/topcop-platform/topcop/internal/training"
	"github.com/topcop-platform/topcop/internal/ui/uitest"
)

// callFixture is an activity two months ahead (capacity 2: one seat for
// Georgia, one for Ukraine) with three more Georgians and a Ukrainian in
// the directory, beside webFixture's Nino Beridze.
type callFixture struct {
	webFixture
	act                  training.Activity
	giorgi, tamar, levan directory.Person
	olena                directory.Person
	starts               time.Time
}

func seedCall(t *testing.T, e *apptest.Env) callFixture {
	t.Helper()
	ctx := apptest.SysCtx()
	d := apptest.Use[*directory.Service](e)
	f := callFixture{webFixture: seedWeb(t, e), starts: time.Now().UTC().AddDate(0, 2, 0)}
	person := func(ag directory.Agency, given, family string, sex directory.Sex) directory.Person {
		t.Helper()
		p, _, err := d.CreatePerson(ctx, directory.PersonInput{AgencyID: ag.ID, GivenName: given, FamilyName: family, Sex: sex})
		if err != nil {
			t.Fatalf("person %s: %v", family, err)
		}
		return p
	}
	f.giorgi = person(f.geMIA, "Giorgi", "Kapanadze", directory.SexMale)
	f.tamar = person(f.geMIA, "Tamar", "Lomidze", directory.SexFemale)
	f.levan = person(f.geMIA, "Levan", "Gelashvili", directory.SexMale)
	uaNP, err := d.CreateAgency(ctx, directory.AgencyInput{Code: "UA-NP", CountryCode: "UA", Name: "National Police of Ukraine", Type: directory.AgencyPolice, City: "Kyiv"})
	if err != nil {
		t.Fatal(err)
	}
	f.olena = person(uaNP, "Olena", "Kovalenko", directory.SexFemale)
	f.act, err = svcOf(e).CreateActivity(ctx, training.ActivityInput{CourseID: f.thb.ID, StartsOn: f.starts.Format(time.DateOnly),
		EndsOn: f.starts.AddDate(0, 0, 2).Format(time.DateOnly), TimeZone: "Asia/Tbilisi", City: "Tbilisi", CountryCode: "GE",
		Languages: []string{"en"}, Capacity: 2, Seats: map[string]int{"GE": 1, "UA": 1}})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// formOf is the fields of the form sel (hidden inputs, and the named
// button's value when button matches one), as a browser would post it.
func formOf(sel *goquery.Selection, button string) url.Values {
	v := url.Values{}
	sel.Find("input[name]").Each(func(_ int, in *goquery.Selection) {
		if in.AttrOr("type", "text") == "hidden" {
			v.Add(in.AttrOr("name", ""), in.AttrOr("value", ""))
		}
	})
	if button != "" {
		b := sel.Find(button)
		v.Set(b.AttrOr("name", ""), b.AttrOr("value", ""))
	}
	return v
}

func nominationsOf(t *testing.T, e *apptest.Env, activityID string) map[string]training.Nomination {
	t.Helper()
	list, err := svcOf(e).Nominations(apptest.SysCtx(), activityID)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]training.Nomination{}
	for _, n := range list {
		out[n.PersonID] = n
	}
	return out
}

// TestNominationPages is the call, the nominations and the selection
// through the pages: the coordinator opens the call with the form; the
// ncp of Georgia finds and nominates Georgians only (a Ukrainian is not
// offered, and a forged request is refused with the localised message
// and changes nothing), moves one down and withdraws one; the ncp of
// Ukraine sees none of Georgia's; observers are refused; the coordinator
// closes the call, sees the proposal with its balance, overrides two
// outcomes (without a reason: the localised error) and confirms (a second
// confirmation is told it was confirmed already); the nominee accepts
// their seat; a decline on someone's behalf gives the seat to the reserve
// and the final lists show it.
func TestNominationPages(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		f := seedCall(t, e)
		page := "/training/activities/" + f.act.ID
		coord := signIn(t, e, core.RoleCoordinator)

		// The coordinator opens the call with the activity page's form.
		_, doc := coord.GetDoc(t, page, http.StatusOK)
		if doc.Find(`#open-call form[action="`+page+`/call"] input[name=deadline_date]`).Length() != 1 {
			t.Fatal("no open-the-call form on a planned activity")
		}
		if doc.Find(`#status button`).FilterFunction(func(_ int, s *goquery.Selection) bool { return strings.Contains(s.Text(), "Open the call") }).Length() != 0 {
			t.Error("a status button still opens the call without a deadline")
		}
		deadline := time.Now().UTC().AddDate(0, 0, 10).Format(time.DateOnly)
		res := coord.Post(t, page+"/call", url.Values{"deadline_date": {time.Now().UTC().AddDate(0, 0, -1).Format(time.DateOnly)}, "deadline_time": {"18:00"}})
		apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
		if msg := uitest.Squash(res.Doc(t).Find("#open-call").Text()); !strings.Contains(msg, "The deadline must be in the future.") {
			t.Errorf("a past deadline: %q", msg)
		}
		apptest.WantRedirect(t, coord.Post(t, page+"/call", url.Values{"deadline_date": {deadline}, "deadline_time": {"18:00"}}), page)
		a, _ := svcOf(e).Activity(apptest.SysCtx(), f.act.ID, "")
		if a.Status != training.StatusCallOpen || a.CallDeadline.In(mustZone(t, "Asia/Tbilisi")).Format("2006-01-02 15:04") != deadline+" 18:00" {
			t.Fatalf("after the form: %s, deadline %s", a.Status, a.CallDeadline)
		}
		_, doc = coord.GetDoc(t, page, http.StatusOK)
		if got := uitest.Squash(doc.Find("#call").Text()); !strings.Contains(got, "days left") || !strings.Contains(got, "Asia/Tbilisi") {
			t.Errorf("the call section: %q", got)
		}
		if doc.Find(`#call form[action="`+page+`/call/close"]`).Length() != 1 || doc.Find(`#call a[href="`+page+`/selection"]`).Length() != 1 {
			t.Error("no close form or selection link while the call is open")
		}

		// The ncp of Georgia.
		e.CreateAccount(t, "ncp-ge@example.org", apptest.CountryGrant(core.RoleNCP, "GE"))
		ge := e.SignIn(t, "ncp-ge@example.org")
		noms := page + "/nominations"
		_, doc = ge.GetDoc(t, noms+"/people?find_person=Kovalenko", http.StatusOK)
		if doc.Find(`input[value="`+f.olena.ID+`"]`).Length() != 0 {
			t.Error("the Ukrainian is offered to the ncp of Georgia")
		}
		res = ge.Post(t, noms, url.Values{"intent": {"find"}, "find_person": {"Lomidze"}})
		apptest.WantStatus(t, res, http.StatusOK)
		if res.Doc(t).Find(`#nominee-choices input[value="`+f.tamar.ID+`"]`).Length() != 1 {
			t.Error("the search without JavaScript does not find Tamar Lomidze")
		}
		for _, p := range []directory.Person{f.nino, f.giorgi, f.tamar, f.levan} {
			apptest.WantRedirect(t, ge.Post(t, noms, url.Values{"person_id": {p.ID}, "motivation": {"Leads financial cases"}}), noms)
		}
		res = ge.Post(t, noms, url.Values{"person_id": {f.olena.ID}})
		apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
		if msg := uitest.Squash(res.Doc(t).Find("#nominee-choices").Text()); !strings.Contains(msg, "You can only nominate people of your own country.") {
			t.Errorf("forged nomination of a Ukrainian: %q", msg)
		}
		if n := len(nominationsOf(t, e, f.act.ID)); n != 4 {
			t.Errorf("%d nominations after the forged one, want 4", n)
		}
		// Nino down one (below Giorgi), Levan withdrawn.
		_, doc = ge.GetDoc(t, noms, http.StatusOK)
		ns := nominationsOf(t, e, f.act.ID)
		if got := uitest.Squash(doc.Find("#country-GE .country-count").Text()); got != "Nominated: 4 · seats: 1" {
			t.Errorf("count %q", got)
		}
		down := doc.Find(`li[data-id="` + ns[f.nino.ID].ID + `"] form:has(button.move-down)`)
		apptest.WantRedirect(t, ge.Post(t, down.AttrOr("action", ""), formOf(down, "")), noms)
		apptest.WantRedirect(t, ge.Post(t, "/training/nominations/"+ns[f.levan.ID].ID+"/withdraw", url.Values{"reason": {"On sick leave"}}), noms)
		_, doc = ge.GetDoc(t, noms, http.StatusOK)
		var order []string
		doc.Find(`#country-GE li[data-status=nominated] .nominee-name`).Each(func(_ int, s *goquery.Selection) { order = append(order, s.Text()) })
		if want := []string{"Giorgi Kapanadze", "Nino Beridze", "Tamar Lomidze"}; !slices.Equal(order, want) {
			t.Errorf("order %v, want %v", order, want)
		}
		if ns = nominationsOf(t, e, f.act.ID); ns[f.levan.ID].Status != training.NomWithdrawn {
			t.Errorf("Levan is %s", ns[f.levan.ID].Status)
		}

		// The ncp of Ukraine sees none of Georgia's; observers nothing.
		e.CreateAccount(t, "ncp-ua@example.org", apptest.CountryGrant(core.RoleNCP, "UA"))
		ua := e.SignIn(t, "ncp-ua@example.org")
		res, doc = ua.GetDoc(t, noms, http.StatusOK)
		if strings.Contains(res.Body, "Beridze") || doc.Find("#country-GE").Length() != 0 || doc.Find("#country-UA").Length() != 1 {
			t.Error("the ncp of Ukraine sees Georgia's list")
		}
		apptest.WantStatus(t, signIn(t, e, core.RoleObserver).Get(t, noms), http.StatusForbidden)

		// The coordinator closes the call and reviews the proposal.
		apptest.WantRedirect(t, coord.Post(t, page+"/call/close", nil), page+"/selection")
		_, doc = ge.GetDoc(t, noms, http.StatusOK)
		if doc.Find("#read-only").Length() != 1 || doc.Find("#nominate, button.move-up, button.move-down").Length() != 0 {
			t.Error("the list is not read-only after the call closed")
		}
		_, doc = coord.GetDoc(t, page+"/selection", http.StatusOK)
		if n := doc.Find("table.proposal tbody tr").Length(); n != 3 {
			t.Errorf("%d rows in the proposal, want 3", n)
		}
		if n := doc.Find("#balance svg").Length(); n != 3 {
			t.Errorf("%d balance charts, want 3", n)
		}
		p, err := svcOf(e).Propose(apptest.SysCtx(), f.act.ID)
		if err != nil {
			t.Fatal(err)
		}
		var sel, res1 []training.ProposalItem
		for _, it := range p.Items {
			if it.Outcome == training.OutcomeSelected {
				sel = append(sel, it)
			} else {
				res1 = append(res1, it)
			}
		}
		if len(sel) != 2 || len(res1) != 1 {
			t.Fatalf("proposal %+v", p.Items)
		}
		first, second, reserve := sel[0], sel[1], res1[0]
		override := page + "/selection/override"
		res = coord.Post(t, override, url.Values{"nomination_id": {reserve.NominationID}, "outcome": {"selected"}})
		apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
		if msg := uitest.Squash(res.Doc(t).Find(`tr[data-id="` + reserve.NominationID + `"] .error-message`).Text()); !strings.Contains(msg, "Give the reason for changing the outcome.") {
			t.Errorf("override without a reason: %q", msg)
		}
		apptest.WantRedirect(t, coord.Post(t, override, url.Values{"nomination_id": {reserve.NominationID}, "outcome": {"selected"}, "reason": {"Speaks Ukrainian"}}), page+"/selection")
		apptest.WantRedirect(t, coord.Post(t, override, url.Values{"nomination_id": {second.NominationID}, "outcome": {"reserve"}, "reason": {"Attended last year"}}), page+"/selection")
		_, doc = coord.GetDoc(t, page+"/selection", http.StatusOK)
		if got := uitest.Squash(doc.Find(`tr[data-id="` + reserve.NominationID + `"]`).Text()); !strings.Contains(got, "Changed by hand") || !strings.Contains(got, "Speaks Ukrainian") {
			t.Errorf("override marker: %q", got)
		}
		if got := doc.Find(`#confirm input[name=respond_by]`).AttrOr("value", ""); got == "" {
			t.Error("no default answer date")
		}

		// Two coordinators confirm: the second is told.
		other := e.CreateAccount(t, "coord2@example.org", apptest.GlobalGrant(core.RoleCoordinator))
		coord2 := e.SignIn(t, other.Email)
		apptest.WantRedirect(t, coord.Post(t, page+"/selection/confirm", url.Values{"respond_by": {""}}), page+"/selection")
		res = coord2.Post(t, page+"/selection/confirm", url.Values{"respond_by": {""}})
		apptest.WantStatus(t, res, http.StatusConflict)
		if !strings.Contains(res.Body, "Another coordinator has already confirmed this selection.") {
			t.Error("the second confirmation is not told")
		}

		// The nominee accepts; the ncp declines on behalf of another.
		acc := e.CreateAccount(t, "nominee@example.org", apptest.GlobalGrant(core.RoleParticipant))
		e.LinkPerson(t, acc, first.PersonID)
		me := e.SignIn(t, acc.Email)
		_, doc = me.GetDoc(t, noms, http.StatusOK)
		if doc.Find(`#mine button[value=accept]`).Length() != 1 || doc.Find(".nomination-country").Length() != 0 {
			t.Errorf("the nominee's page: %q", uitest.Squash(doc.Find("main").Text()))
		}
		apptest.WantRedirect(t, me.Post(t, "/training/nominations/"+first.NominationID+"/answer", url.Values{"answer": {"accept"}}), noms)
		res = ge.Post(t, "/training/nominations/"+reserve.NominationID+"/answer", url.Values{"answer": {"decline"}})
		apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
		if !strings.Contains(res.Body, "Give the reason: it is recorded") {
			t.Error("a decline on behalf without a reason is not refused with the localised message")
		}
		apptest.WantRedirect(t, ge.Post(t, "/training/nominations/"+reserve.NominationID+"/answer", url.Values{"answer": {"decline"}, "reason": {"Called to court"}}), noms)
		_, doc = coord.GetDoc(t, page+"/selection", http.StatusOK)
		lists := map[string]string{}
		for _, id := range []string{"final-selected", "final-accepted", "final-declined", "final-reserve"} {
			lists[id] = uitest.Squash(doc.Find("#" + id + " ol").Text())
		}
		if !strings.Contains(lists["final-accepted"], first.Name) || !strings.Contains(lists["final-declined"], reserve.Name) ||
			!strings.Contains(lists["final-selected"], second.Name) || lists["final-reserve"] != "" {
			t.Errorf("final lists %q", lists)
		}
		if taken, _ := svcOf(e).Taken(apptest.SysCtx(), f.act.ID); taken != 2 {
			t.Errorf("%d seats taken, want 2", taken)
		}
	})
}

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// TestNominationPagesRender renders the call form, the nominations page
// (as the ncp, the coordinator and the nominee) and the selection page
// (the proposal and the final lists) in every language: no lint problem,
// no message key shown, nothing missing from the catalogues.
func TestNominationPagesRender(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		f := seedCall(t, e)
		ctx := apptest.SysCtx()
		svc := svcOf(e)
		page := "/training/activities/" + f.act.ID
		coord := signIn(t, e, core.RoleCoordinator)
		e.CreateAccount(t, "ncp-ge@example.org", apptest.CountryGrant(core.RoleNCP, "GE"))
		ge := e.SignIn(t, "ncp-ge@example.org")
		acc := e.LinkPerson(t, e.CreateAccount(t, "nominee@example.org", apptest.GlobalGrant(core.RoleParticipant)), f.nino.ID)
		me := e.SignIn(t, acc.Email)
		check := func(c *apptest.Client, paths ...string) {
			t.Helper()
			for _, lang := range []string{"en", "ro", "uk", "ru", "ka", "hy", "az"} {
				c.Lang = lang
				for _, p := range paths {
					res, doc := c.GetDoc(t, p, http.StatusOK)
					for _, pr := range uitest.PageProblems(doc) {
						t.Errorf("%s %s: %s", lang, p, pr)
					}
					if strings.Contains(res.Body, "training.call.") || strings.Contains(res.Body, "training.nominations.") ||
						strings.Contains(res.Body, "training.selection.") || strings.Contains(res.Body, "training.nomination_status.") {
						t.Errorf("%s %s shows a message key", lang, p)
					}
				}
			}
		}
		check(coord, page, page+"/selection")
		if _, err := svc.OpenCall(ctx, f.act.ID, training.CallInput{Deadline: time.Now().Add(48 * time.Hour), EligibleTypes: []string{"police"}}); err != nil {
			t.Fatal(err)
		}
		for _, p := range []directory.Person{f.nino, f.giorgi, f.tamar} {
			if _, err := svc.Nominate(ctx, f.act.ID, training.NominationInput{PersonID: p.ID, Motivation: "Investigator"}); err != nil {
				t.Fatal(err)
			}
		}
		check(coord, page, page+"/nominations", page+"/selection")
		check(ge, page+"/nominations", page+"/nominations/people?find_person=Beridze")
		if _, err := svc.CloseCall(ctx, f.act.ID); err != nil {
			t.Fatal(err)
		}
		check(coord, page+"/selection")
		if _, err := svc.Confirm(ctx, f.act.ID, training.ConfirmInput{}); err != nil {
			t.Fatal(err)
		}
		check(coord, page, page+"/nominations", page+"/selection")
		check(me, page+"/nominations")
		uitest.CheckNoMissingMessages(t, e.Bundle)
	})
}
