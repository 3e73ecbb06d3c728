package training_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/topcop-platform/topcop/internal/app/apptest"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/directory"
	"github.com/topcop-platform/topcop/internal/training"
)

// TestBrowserTrainingFlow is training's main flow in a real browser
// (headless Chromium, see apptest.NewBrowser): a coordinator creates a
// course through its form, plans an activity of it (the seat total
// updates as the seats are typed, the trainer is found with the live
// search), opens the call with its form (deadline, eligible agency types)
// and finds the activity on the calendar with its new status, at a
// laptop's width (month grid) and a phone's (agenda list), with no page
// scrolling sideways; the ncp of Georgia then nominates three people
// through the nominations page (found with the live search; the page at
// a phone's width does not scroll sideways), and the coordinator reviews
// the proposal, closes the call and confirms the selection. Giorgi, who
// has no account, follows the link e-mailed to him, sets a password,
// signs in, finds his seat on the home page and accepts it; the activity
// takes place and its trainer, on a 390 px screen, finds the attendance
// to take on her home page and marks the three days; delivered, the
// participants page shows who completed (Tamar missed a day: 67% < 80%).
func TestBrowserTrainingFlow(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		ctx := apptest.SysCtx()
		d := apptest.Use[*directory.Service](e)
		ag, err := d.CreateAgency(ctx, directory.AgencyInput{Code: "GE-MIA", CountryCode: "GE", Name: "Ministry of Internal Affairs of Georgia", Type: directory.AgencyPolice})
		if err != nil {
			t.Fatal(err)
		}
		nino, _, err := d.CreatePerson(ctx, directory.PersonInput{AgencyID: ag.ID, GivenName: "Nino", FamilyName: "Beridze", Sex: directory.SexFemale})
		if err != nil {
			t.Fatal(err)
		}
		var georgians []directory.Person
		for _, n := range [][2]string{{"Giorgi", "Kapanadze"}, {"Tamar", "Lomidze"}, {"Levan", "Gelashvili"}} {
			p, _, err := d.CreatePerson(ctx, directory.PersonInput{AgencyID: ag.ID, GivenName: n[0], FamilyName: n[1],
				Email: strings.ToLower(n[0]) + "@police.example.ge"})
			if err != nil {
				t.Fatal(err)
			}
			georgians = append(georgians, p)
		}
		// The activity starts two months ahead, so that its call can open.
		starts := time.Now().UTC().AddDate(0, 2, 0)
		month := starts.Format("2006-01")
		acc := e.AccountFor(t, core.RoleCoordinator)
		b := apptest.OpenBrowser(t)
		b.Viewport(1366, 900)
		b.SignIn(e, acc.Email)

		// A course, through the form.
		b.Open(e, "/training/courses/new")
		b.Run("fill the course form",
			chromedp.SendKeys(chromedp.CSS(`#field-code`), "ENV-310"),
			chromedp.SendKeys(chromedp.CSS(`#field-title`), "Investigating environmental crime"),
			chromedp.SendKeys(chromedp.CSS(`#field-title_ro`), "Investigarea infracțiunilor de mediu"),
			chromedp.Click(chromedp.CSS(`#area-ENV`)),
			chromedp.SetValue(chromedp.CSS(`#field-level`), "advanced"),
			chromedp.SetValue(chromedp.CSS(`#field-format`), "residential"),
			chromedp.SendKeys(chromedp.CSS(`#field-hours`), "24"),
			chromedp.SendKeys(chromedp.CSS(`#field-outcomes`), "Trace illegal waste shipments\nBuild a joint case"),
			chromedp.Click(chromedp.CSS(`#target-police`)),
			chromedp.Click(chromedp.CSS(`form.form > .form-actions > button[type=submit]`)),
		)
		coursePath := b.WaitLeave("/training/courses/new")
		b.Run("see the course", chromedp.WaitVisible(chromedp.Search(`//h1[contains(., "Investigating environmental crime")]`)))

		// An activity of it.
		b.Run("plan an activity", chromedp.Click(chromedp.Search(`//main//a[contains(., "Plan an activity")]`)))
		b.WaitLeave(coursePath)
		b.Run("fill the activity form",
			chromedp.WaitVisible(chromedp.CSS(`#field-starts_on`)),
			chromedp.SetValue(chromedp.CSS(`#field-starts_on`), starts.Format(time.DateOnly)),
			chromedp.SetValue(chromedp.CSS(`#field-ends_on`), starts.AddDate(0, 0, 3).Format(time.DateOnly)),
			chromedp.SetValue(chromedp.CSS(`#field-time_zone`), "Asia/Tbilisi"),
			chromedp.SendKeys(chromedp.CSS(`#field-city`), "Tbilisi"),
			chromedp.SetValue(chromedp.CSS(`#field-country_code`), "GE"),
			chromedp.SendKeys(chromedp.CSS(`#field-capacity`), "24"),
			chromedp.SendKeys(chromedp.CSS(`#field-seats_GE`), "8"),
			chromedp.SendKeys(chromedp.CSS(`#field-seats_UA`), "20"),
		)
		b.Run("see the seat total go over the capacity",
			chromedp.Poll[chromedp.Void](`document.querySelector("#seats-total").textContent.includes("28 of 24")`))
		b.Run("correct the seats",
			chromedp.SetValue(chromedp.CSS(`#field-seats_UA`), ""),
			chromedp.SendKeys(chromedp.CSS(`#field-seats_UA`), "6"),
			chromedp.Poll[chromedp.Void](`document.querySelector("#seats-total").textContent.includes("14 of 24 (10 left)")`),
		)
		b.Run("find the trainer as we type",
			chromedp.SendKeys(chromedp.CSS(`#field-find_trainer`), "Beridze"),
			chromedp.WaitVisible(chromedp.CSS(`#trainer-choices input[value="`+nino.ID+`"]`)),
			chromedp.Click(chromedp.CSS(`#trainer-choices input[value="`+nino.ID+`"]`)),
			chromedp.Click(chromedp.CSS(`form.form > .form-actions > button[type=submit]`)),
		)
		b.WaitLeave("/training/activities/new")
		b.Run("see the activity", chromedp.WaitVisible(chromedp.Search(`//main//a[contains(., "Nino Beridze")]`)))
		page, _, _ := strings.Cut(b.Get("the activity's address", chromedp.Location()), "?")

		// Open the call with its form: the deadline proposed, police only.
		b.Run("open the call",
			chromedp.WaitVisible(chromedp.CSS(`#open-call #field-deadline_date`)),
			chromedp.Click(chromedp.CSS(`#elig-police`)),
			chromedp.Click(chromedp.CSS(`#open-call form > .form-actions > button[type=submit]`)),
			chromedp.WaitVisible(chromedp.Search(`//main//span[contains(@class, "badge") and contains(., "Call open")]`)),
			chromedp.WaitVisible(chromedp.Search(`//section[@id="call"]//dd[contains(., "days left")]`)),
		)

		// On the calendar, at a laptop's and a phone's width.
		for _, w := range []int{1366, 390} {
			b.Viewport(w, 844)
			b.Open(e, "/training/calendar?month="+month)
			id := page[strings.LastIndex(page, "/")+1:]
			var seen struct {
				Grid, Agenda bool
				Badge        string
			}
			b.Eval("find the activity", `(() => {
				const shown = (el) => !!el && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
				const grid = document.querySelector('table.cal-grid a[href="/training/activities/`+id+`"]');
				const agenda = document.querySelector('ol.cal-agenda a[href="/training/activities/`+id+`"]');
				const badge = shown(grid) ? grid.querySelector(".badge") : agenda && agenda.parentElement.querySelector(".badge");
				return {Grid: shown(grid), Agenda: shown(agenda), Badge: badge ? badge.textContent.trim() : ""};
			})()`, &seen)
			switch {
			case w > 400 && (!seen.Grid || seen.Agenda):
				t.Errorf("at %d px the month grid should show the activity, not the agenda: %+v", w, seen)
			case w < 400 && (seen.Grid || !seen.Agenda):
				t.Errorf("at %d px the agenda should show the activity, not the grid: %+v", w, seen)
			}
			if seen.Badge != "Call open" {
				t.Errorf("at %d px the activity's status reads %q", w, seen.Badge)
			}
			for _, p := range []string{"/training/calendar?month=" + month, strings.TrimPrefix(page, e.URL), "/training/activities/new", "/training/courses"} {
				b.Open(e, p)
				for _, problem := range b.MeasureLayout().Problems() {
					t.Errorf("%s at %d px: %s", p, w, problem)
				}
			}
		}
		// The months are keyboard links: the next month is a focusable link.
		b.Viewport(1366, 844)
		b.Open(e, "/training/calendar?month="+month)
		var next string
		b.Eval("focus the next month", `(() => { const a = document.querySelector("a[rel=next]"); a.focus(); return document.activeElement === a ? a.getAttribute("href") : ""; })()`, &next)
		if want := "/training/calendar?month=" + starts.AddDate(0, 1, 1-starts.Day()).Format("2006-01"); next != want {
			t.Errorf("next month link %q, want %q", next, want)
		}

		// The ncp of Georgia nominates three people through the page.
		activity := strings.TrimPrefix(page, e.URL)
		noms := activity + "/nominations"
		signOut := func() {
			// Where we are is read before the click: read after it, a fast
			// sign-out has already reached /login and we would wait there.
			here := b.Get("where we are", chromedp.Evaluate[string](`location.pathname`))
			b.Run("sign out", chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)))
			b.WaitLeave(here)
			b.Run("see the sign-in page", chromedp.WaitVisible(chromedp.CSS(`#field-email`)))
		}
		signOut()
		ncp := e.CreateAccount(t, "ncp-ge@example.org", apptest.CountryGrant(core.RoleNCP, "GE"))
		b.SignIn(e, ncp.Email)
		for _, p := range georgians {
			b.Open(e, noms)
			b.Run("nominate "+p.FamilyName,
				chromedp.SendKeys(chromedp.CSS(`#field-find_person`), p.FamilyName),
				chromedp.WaitVisible(chromedp.CSS(`#nominee-choices input[value="`+p.ID+`"]`)),
				chromedp.Click(chromedp.CSS(`#nominee-choices input[value="`+p.ID+`"]`)),
				chromedp.SendKeys(chromedp.CSS(`#field-motivation`), "Leads financial investigations"),
				chromedp.Click(chromedp.CSS(`#nominate form > .form-actions:last-child > button[type=submit]`)),
				chromedp.WaitVisible(chromedp.Search(`//section[@id="country-GE"]//strong[contains(., "`+p.FamilyName+`")]`)),
			)
		}
		var count string
		b.Eval("count the nominations", `document.querySelectorAll("#country-GE li.nomination").length + ""`, &count)
		if count != "3" {
			t.Errorf("%s nominations on the page, want 3", count)
		}
		b.Viewport(390, 844)
		b.Open(e, noms)
		for _, problem := range b.MeasureLayout().Problems() {
			t.Errorf("%s at 390 px: %s", noms, problem)
		}
		b.Viewport(1366, 844)

		// The coordinator reviews the proposal, closes the call and confirms.
		signOut()
		b.SignIn(e, acc.Email)
		b.Open(e, activity+"/selection")
		b.Run("see the proposal",
			chromedp.WaitVisible(chromedp.CSS(`table.proposal`)),
			chromedp.WaitVisible(chromedp.CSS(`#balance svg`)),
		)
		var rows string
		b.Eval("count the proposal's rows", `document.querySelectorAll("table.proposal tbody tr[data-outcome=selected]").length + ""`, &rows)
		if rows != "3" {
			t.Errorf("%s selected in the proposal, want 3", rows)
		}
		for _, problem := range b.MeasureLayout().Problems() {
			t.Errorf("the selection page at 1366 px: %s", problem)
		}
		b.Open(e, activity)
		b.Run("close the call",
			chromedp.Click(chromedp.CSS(`#call details.close-call summary`)),
			chromedp.Click(chromedp.CSS(`#call details.close-call button[type=submit]`)),
		)
		b.WaitLeave(activity)
		b.Run("confirm the selection",
			chromedp.WaitVisible(chromedp.CSS(`#confirm button[type=submit]`)),
			chromedp.Click(chromedp.CSS(`#confirm button[type=submit]`)),
			chromedp.WaitVisible(chromedp.CSS(`#final-selected`)),
		)
		var chosen string
		b.Eval("read the final list", `document.querySelectorAll("#final-selected li").length + ""`, &chosen)
		if chosen != "3" {
			t.Errorf("%s in the final list of the selected, want 3", chosen)
		}

		// Giorgi has no account: the confirmation e-mailed him an
		// invitation. He follows the link, sets a password, signs in and
		// finds the seat waiting for his answer on his home page.
		giorgi := georgians[0]
		var link string
		for _, m := range outbox(t, e) {
			if m.To == "giorgi@police.example.ge" && m.Template == "training.mail.selected_invitation" {
				link = m.Link
			}
		}
		if !strings.HasPrefix(link, "/invitation/") {
			t.Fatalf("no invitation mailed to Giorgi: %v", outbox(t, e))
		}
		signOut()
		const giorgiPassword = "Kapanadze's own passphrase 7"
		b.Open(e, link)
		b.Run("set a password",
			chromedp.WaitVisible(chromedp.Search(`//*[@id="invitation-name"][contains(., "Giorgi Kapanadze")]`)),
			chromedp.SendKeys(chromedp.CSS(`#field-password`), giorgiPassword),
			chromedp.SendKeys(chromedp.CSS(`#field-password_confirm`), giorgiPassword),
			chromedp.Click(chromedp.CSS(`form.form .form-actions button[type=submit]`)),
		)
		b.WaitLeave(link)
		b.Run("sign in with it",
			chromedp.WaitVisible(chromedp.CSS(`#field-password`)),
			chromedp.SendKeys(chromedp.CSS(`#field-password`), giorgiPassword),
			chromedp.Submit(chromedp.CSS(`#field-password`)),
		)
		b.WaitLeave("/login")
		b.Run("find the seat on the home page and answer it",
			chromedp.WaitVisible(chromedp.CSS(`#training-mine li.urgent a`)),
			chromedp.Click(chromedp.CSS(`#training-mine li.urgent a`)),
			chromedp.WaitVisible(chromedp.CSS(`#mine button[value=accept]`)),
			chromedp.Click(chromedp.CSS(`#mine button[value=accept]`)),
			chromedp.WaitVisible(chromedp.Search(`//section[@id="mine"]//span[contains(@class, "badge") and contains(., "Accepted")]`)),
		)
		if acc := e.Account(t, "giorgi@police.example.ge"); acc.PersonID != giorgi.ID {
			t.Errorf("Giorgi's account is linked to %q, want his person", acc.PersonID)
		}

		// The activity takes place: its three days end today. The trainer
		// marks attendance on a phone, day by day: Tamar misses the first
		// day, so she attends 2 of 3 days (67%, under the 80% rule).
		today := time.Now().UTC()
		id := activity[strings.LastIndex(activity, "/")+1:]
		if err := e.DB.Write(ctx, func(ctx context.Context) error {
			_, err := e.DB.Exec(ctx, `UPDATE activities SET starts_on = ?, ends_on = ?, time_zone = 'UTC' WHERE id = ?`,
				today.AddDate(0, 0, -2).Format(time.DateOnly), today.Format(time.DateOnly), id)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		signOut()
		trainer := e.LinkPerson(t, e.CreateAccount(t, "nino@police.example.ge", apptest.GlobalGrant(core.RoleTrainer)), nino.ID)
		b.Viewport(390, 844)
		b.SignIn(e, trainer.Email)
		b.Open(e, "/")
		b.Run("find the attendance to take on the home page",
			chromedp.WaitVisible(chromedp.CSS(`#training-attendance li.urgent a`)),
			chromedp.Click(chromedp.CSS(`#training-attendance li.urgent a`)),
		)
		b.WaitLeave("/")
		for i := range 3 {
			day := today.AddDate(0, 0, i-2).Format(time.DateOnly)
			b.Open(e, activity+"/attendance?day="+day)
			b.Run("mark "+day,
				chromedp.WaitVisible(chromedp.CSS(`#save-attendance`)),
				chromedp.Click(chromedp.CSS(`#present-`+georgians[0].ID)),
				chromedp.Click(chromedp.CSS(`#present-`+georgians[2].ID)),
			)
			if i > 0 {
				b.Run("Tamar is there", chromedp.Click(chromedp.CSS(`#present-`+georgians[1].ID)))
			}
			for _, problem := range b.MeasureLayout().Problems() {
				t.Errorf("the attendance sheet at 390 px: %s", problem)
			}
			b.Run("save "+day, chromedp.Click(chromedp.CSS(`#save-attendance`)))
			want := "3 of 3"
			if i == 0 {
				want = "2 of 3"
			}
			b.Run("see the count "+want, chromedp.WaitVisible(chromedp.Search(`//*[@id="present-count"][contains(., "`+want+`")]`)))
		}

		// Delivered, the participants page shows who completed.
		if _, err := svcOf(e).Move(ctx, id, training.StatusDelivered, ""); err != nil {
			t.Fatal(err)
		}
		b.Open(e, activity+"/participants")
		var outcomes map[string]string
		b.Eval("read the outcomes", `Object.fromEntries([...document.querySelectorAll("table.participants tbody tr")].map(tr =>
			[tr.dataset.person, tr.querySelector(".outcome").textContent.trim()]))`, &outcomes)
		for i, want := range []string{"Completed", "Not completed", "Completed"} {
			if got := outcomes[georgians[i].ID]; got != want {
				t.Errorf("%s: %q, want %q (all: %v)", georgians[i].GivenName, got, want, outcomes)
			}
		}
		for _, problem := range b.MeasureLayout().Problems() {
			t.Errorf("the participants page at 390 px: %s", problem)
		}
	})
}
