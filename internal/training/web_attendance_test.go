package training_test

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/chromedp/chromedp"

	"github.com/topcop-platform/topcop/internal/app/apptest"
	"github.com/topcop-platform/topcop/internal/config"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/directory"
	"github.com/topcop-platform/topcop/internal/training"
	"github.com/topcop-platform/topcop/internal/ui/uitest"
)

// attendanceFixture is webFixture plus an activity running from two days
// ago to two days ahead (UTC), confirmed through its call at the times
// each step would have happened: Tudor Rusu delivers it; Giorgi and Tamar
// (Georgia) and Olena (Ukraine) hold its seats; Levan was never
// nominated. Nino Beridze delivers webFixture's other activity.
type attendanceFixture struct {
	webFixture
	act                          training.Activity
	tudor, giorgi, tamar, olena  directory.Person
	levan                        directory.Person
	days                         []string
	today, tomorrow, dayAfterTmr string
}

func seedAttendanceWeb(t *testing.T, e *apptest.Env) attendanceFixture {
	t.Helper()
	ctx := apptest.SysCtx()
	d := apptest.Use[*directory.Service](e)
	svc := svcOf(e)
	f := attendanceFixture{webFixture: seedWeb(t, e)}
	person := func(ag directory.Agency, given, family string) directory.Person {
		t.Helper()
		p, _, err := d.CreatePerson(ctx, directory.PersonInput{AgencyID: ag.ID, GivenName: given, FamilyName: family, Sex: directory.SexFemale})
		if err != nil {
			t.Fatalf("person %s: %v", family, err)
		}
		return p
	}
	uaNP, err := d.CreateAgency(ctx, directory.AgencyInput{Code: "UA-NP", CountryCode: "UA", Name: "National Police of Ukraine", Type: directory.AgencyPolice, City: "Kyiv"})
	if err != nil {
		t.Fatal(err)
	}
	f.tudor, f.giorgi, f.tamar = person(f.geMIA, "Tudor", "Rusu"), person(f.geMIA, "Giorgi", "Kapanadze"), person(f.geMIA, "Tamar", "Lomidze")
	f.levan, f.olena = person(f.geMIA, "Levan", "Gelashvili"), person(uaNP, "Olena", "Kovalenko")
	today := time.Now().UTC().Truncate(24 * time.Hour)
	start := today.AddDate(0, 0, -2)
	past := svc.At(today.AddDate(0, 0, -40))
	f.act, err = past.CreateActivity(ctx, training.ActivityInput{CourseID: f.thb.ID, StartsOn: start.Format(time.DateOnly),
		EndsOn: today.AddDate(0, 0, 2).Format(time.DateOnly), TimeZone: "UTC", City: "Tbilisi", CountryCode: "GE",
		Languages: []string{"en"}, Capacity: 3, Seats: map[string]int{"GE": 2, "UA": 1}, TrainerIDs: []string{f.tudor.ID}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := past.OpenCall(ctx, f.act.ID, training.CallInput{Deadline: today.AddDate(0, 0, -30)}); err != nil {
		t.Fatal(err)
	}
	for _, p := range []directory.Person{f.giorgi, f.tamar, f.olena} {
		if _, err := past.Nominate(ctx, f.act.ID, training.NominationInput{PersonID: p.ID}); err != nil {
			t.Fatal(err)
		}
	}
	conf := svc.At(today.AddDate(0, 0, -29))
	if _, err := conf.CloseCall(ctx, f.act.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := conf.Confirm(ctx, f.act.ID, training.ConfirmInput{}); err != nil {
		t.Fatal(err)
	}
	f.days = f.act.Days()
	f.today, f.tomorrow, f.dayAfterTmr = f.days[2], f.days[3], f.days[4]
	return f
}

// person signs in an account of role linked to p.
func signInAs(t *testing.T, e *apptest.Env, email string, p directory.Person, g core.Grant) *apptest.Client {
	t.Helper()
	e.LinkPerson(t, e.CreateAccount(t, email, g), p.ID)
	return e.SignIn(t, email)
}

func present(t *testing.T, e *apptest.Env, activityID, personID, day string) (marked, here bool) {
	t.Helper()
	l, err := svcOf(e).Participants(apptest.SysCtx(), activityID)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range l.Items {
		if p.PersonID == personID {
			here, marked = p.Attendance[day]
			return marked, here
		}
	}
	t.Fatalf("%s is not a participant", personID)
	return false, false
}

func countMarks(t *testing.T, e *apptest.Env) int {
	t.Helper()
	var n int
	if err := e.DB.QueryRow(apptest.SysCtx(), `SELECT count(*) FROM attendance`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestAttendancePages: the trainer reaches the sheet from the activity
// page, sees today's sheet by default (days to come are not links),
// saves it (a flash, the count), marks everyone present with the button
// that needs no JavaScript, is told in words what is wrong with a forged
// form (a day to come, a person without a seat) and nothing is written;
// a trainer of another activity gets 403 on the form and 404 on the
// pages; the ncp of Georgia sees Georgia's participants read-only; the
// observer gets the summary and the chart only; the participants page
// shows rate and outcome.
func TestAttendancePages(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		f := seedAttendanceWeb(t, e)
		page := "/training/activities/" + f.act.ID
		sheet, list := page+"/attendance", page+"/participants"
		tudor := signInAs(t, e, "tudor@example.org", f.tudor, apptest.GlobalGrant(core.RoleTrainer))
		nino := signInAs(t, e, "nino@example.org", f.nino, apptest.GlobalGrant(core.RoleTrainer))

		// The activity page links to both pages, for those who may see them.
		_, doc := tudor.GetDoc(t, page, http.StatusOK)
		if doc.Find(`#attendance a[href="`+sheet+`"]`).Length() != 1 || doc.Find(`#attendance a[href="`+list+`"]`).Length() != 1 {
			t.Error("the trainer's activity page does not link to the sheet and the participants")
		}
		if _, doc = nino.GetDoc(t, page, http.StatusOK); doc.Find("#attendance").Length() != 0 {
			t.Error("a trainer of another activity is offered the attendance of this one")
		}
		observer := signIn(t, e, core.RoleObserver)
		if _, doc = observer.GetDoc(t, page, http.StatusOK); doc.Find(`#attendance a[href="`+list+`"]`).Length() != 1 || doc.Find(`#attendance a[href="`+sheet+`"]`).Length() != 0 {
			t.Error("the observer's activity page: want the participants link only")
		}

		// Today's sheet by default.
		_, doc = tudor.GetDoc(t, sheet, http.StatusOK)
		if cur := doc.Find(`.day-tabs a[aria-current="page"]`); cur.AttrOr("href", "") != sheet+"?day="+f.today {
			t.Errorf("current day tab %q, want today's", cur.AttrOr("href", ""))
		}
		if n := doc.Find(".day-tabs li").Length(); n != 5 {
			t.Errorf("%d day tabs, want 5", n)
		}
		if n := doc.Find(`.day-tabs a[href$="` + f.tomorrow + `"]`).Length(); n != 0 {
			t.Error("tomorrow is a link")
		}
		if got := uitest.Squash(doc.Find("#present-count").Text()); got != "0 of 3 present" {
			t.Errorf("count %q", got)
		}
		rows := doc.Find(".attendance-form li.attendance-row")
		if rows.Length() != 3 || rows.Find(`input[type=checkbox][name=present]:not([disabled])`).Length() != 3 {
			t.Fatalf("%d rows with enabled boxes", rows.Find(`input[type=checkbox]:not([disabled])`).Length())
		}
		for _, p := range []directory.Person{f.giorgi, f.tamar, f.olena} {
			if doc.Find(`label[for="present-`+p.ID+`"]`).Length() != 1 {
				t.Errorf("no label for %s's box", p.FamilyName)
			}
		}
		if doc.Find(`form.attendance-all button#mark-all`).Length() != 1 || doc.Find(`form.attendance-form button#save-attendance`).Length() != 1 {
			t.Error("no mark-all or save button")
		}

		// Save: Giorgi and Olena present, Tamar absent.
		form := formOf(doc.Find("form.attendance-form"), "")
		form["present"] = nil
		doc.Find(".attendance-form input[name=present]").Each(func(_ int, in *goquery.Selection) {
			if id := strings.TrimPrefix(in.AttrOr("id", ""), "present-"); id == f.giorgi.ID || id == f.olena.ID {
				form.Add("present", in.AttrOr("value", ""))
			}
		})
		if len(form["present"]) != 2 || form["present"][0] == f.giorgi.ID {
			t.Fatalf("the boxes' values: %v", form["present"])
		}
		apptest.WantRedirect(t, tudor.Post(t, sheet, form), sheet+"?day="+f.today+"&done=saved")
		_, doc = tudor.GetDoc(t, sheet+"?day="+f.today+"&done=saved", http.StatusOK)
		if got := uitest.Squash(doc.Find("#present-count").Text()); got != "2 of 3 present" {
			t.Errorf("count after saving %q", got)
		}
		if got := uitest.Squash(doc.Find(".flash").Text()); got != "Your changes have been saved." {
			t.Errorf("confirmation %q", got)
		}
		if doc.Find(`#present-`+f.tamar.ID+`[checked]`).Length() != 0 || doc.Find(`#present-`+f.giorgi.ID+`[checked]`).Length() != 1 {
			t.Error("the saved marks are not shown")
		}
		if marked, here := present(t, e, f.act.ID, f.tamar.ID, f.today); !marked || here {
			t.Errorf("Tamar today: marked %v, present %v", marked, here)
		}

		// Mark all present, on the first day.
		_, doc = tudor.GetDoc(t, sheet+"?day="+f.days[0], http.StatusOK)
		apptest.WantRedirect(t, tudor.Post(t, sheet, formOf(doc.Find("form.attendance-all"), "")), sheet+"?day="+f.days[0])
		for _, p := range []directory.Person{f.giorgi, f.tamar, f.olena} {
			if marked, here := present(t, e, f.act.ID, p.ID, f.days[0]); !marked || !here {
				t.Errorf("%s on the first day after mark all: %v %v", p.FamilyName, marked, here)
			}
		}

		// Forged forms: a day to come, a person without a seat.
		marks := countMarks(t, e)
		res := tudor.Post(t, sheet, url.Values{"day": {f.tomorrow}, "person": {f.giorgi.ID}, "present": {f.giorgi.ID}})
		apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
		if msg := uitest.Squash(res.Doc(t).Find(".error-summary").Text()); !strings.Contains(msg, "This day has not come yet") {
			t.Errorf("a day to come: %q", msg)
		}
		res = tudor.Post(t, sheet, url.Values{"day": {f.today}, "person": {f.giorgi.ID, f.levan.ID}, "present": {f.giorgi.ID, f.levan.ID}})
		apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
		if msg := uitest.Squash(res.Doc(t).Find(".error-summary").Text()); !strings.Contains(msg, "does not hold a seat on this activity") {
			t.Errorf("a person without a seat: %q", msg)
		}
		if n := countMarks(t, e); n != marks {
			t.Errorf("refused forms wrote: %d marks, want %d", n, marks)
		}

		// A trainer of another activity.
		apptest.WantStatus(t, nino.Post(t, sheet, url.Values{"day": {f.today}, "person": {f.tamar.ID}, "present": {f.tamar.ID}}), http.StatusForbidden)
		apptest.WantStatus(t, nino.Get(t, sheet), http.StatusNotFound)
		apptest.WantStatus(t, nino.Get(t, list), http.StatusNotFound)
		if marked, here := present(t, e, f.act.ID, f.tamar.ID, f.today); !marked || here {
			t.Error("another activity's trainer changed a mark")
		}

		// The ncp of Georgia: Georgia's participants, read-only.
		e.CreateAccount(t, "ncp-ge@example.org", apptest.CountryGrant(core.RoleNCP, "GE"))
		ge := e.SignIn(t, "ncp-ge@example.org")
		res, doc = ge.GetDoc(t, sheet, http.StatusOK)
		if strings.Contains(res.Body, "Kovalenko") || doc.Find(".attendance-row").Length() != 2 || doc.Find("#read-only").Length() != 1 ||
			doc.Find("#save-attendance, #mark-all, input[name=present]:not([disabled])").Length() != 0 {
			t.Error("the ncp of Georgia: want Georgia's two rows, read-only")
		}
		apptest.WantStatus(t, ge.Post(t, sheet, url.Values{"day": {f.today}, "person": {f.tamar.ID}, "present": {f.tamar.ID}}), http.StatusForbidden)
		res, doc = ge.GetDoc(t, list, http.StatusOK)
		if strings.Contains(res.Body, "Kovalenko") || doc.Find("table.participants tbody tr").Length() != 2 {
			t.Error("the ncp of Georgia sees other countries' participants")
		}

		// The observer: the summary and the chart, no names.
		apptest.WantStatus(t, observer.Get(t, sheet), http.StatusForbidden)
		res, doc = observer.GetDoc(t, list, http.StatusOK)
		for _, name := range []string{"Kapanadze", "Lomidze", "Kovalenko"} {
			if strings.Contains(res.Body, name) {
				t.Errorf("the observer sees %s", name)
			}
		}
		if doc.Find("#aggregate-only").Length() != 1 || doc.Find("#per-day svg.chart-svg").Length() != 1 {
			t.Error("the observer's participants page: want the notice and the chart")
		}

		// The participants page: rate, pending outcome, the chart with a text alternative.
		coord := signIn(t, e, core.RoleCoordinator)
		_, doc = coord.GetDoc(t, list, http.StatusOK)
		row := doc.Find(`table.participants tr[data-person="` + f.tamar.ID + `"]`)
		if got := uitest.Squash(row.Find("td.rate").Text()); got != "20%" {
			t.Errorf("Tamar's rate %q, want 20%%", got)
		}
		if got := uitest.Squash(row.Find(".outcome").Text()); got != "Not final yet" {
			t.Errorf("Tamar's outcome %q", got)
		}
		svg := doc.Find("#per-day svg.chart-svg")
		if svg.AttrOr("role", "") != "img" || !strings.Contains(svg.AttrOr("aria-label", ""), "Present per day") ||
			doc.Find("#per-day table.chart-data tbody tr").Length() != 5 || doc.Find("#chart-summary").Length() != 1 {
			t.Error("the chart lacks its text alternative")
		}
		// Once delivered, the outcome is final: Tamar (1 of 5 days) did not complete.
		if _, err := svcOf(e).Move(apptest.SysCtx(), f.act.ID, training.StatusDelivered, ""); err != nil {
			t.Fatal(err)
		}
		_, doc = coord.GetDoc(t, list, http.StatusOK)
		if got := uitest.Squash(doc.Find(`tr[data-person="` + f.tamar.ID + `"] .outcome`).Text()); got != "Not completed" {
			t.Errorf("Tamar's outcome once delivered %q", got)
		}
	})
}

// TestAttendanceAPI: the PUT and GET round trip, and who gets what.
func TestAttendanceAPI(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		f := seedAttendanceWeb(t, e)
		path := "/api/v1/activities/" + f.act.ID
		e.LinkPerson(t, e.CreateAccount(t, "tudor@example.org", apptest.GlobalGrant(core.RoleTrainer)), f.tudor.ID)
		e.LinkPerson(t, e.CreateAccount(t, "nino@example.org", apptest.GlobalGrant(core.RoleTrainer)), f.nino.ID)
		e.LinkPerson(t, e.CreateAccount(t, "olena@example.org", apptest.GlobalGrant(core.RoleParticipant)), f.olena.ID)
		tudor, nino, olena := e.APIToken(t, "tudor@example.org"), e.APIToken(t, "nino@example.org"), e.APIToken(t, "olena@example.org")
		observer := e.APIToken(t, e.AccountFor(t, core.RoleObserver).Email)

		body := map[string]any{"records": []map[string]any{
			{"person_id": f.giorgi.ID, "date": f.days[0], "present": true},
			{"person_id": f.tamar.ID, "date": f.days[0], "present": false},
			{"person_id": f.olena.ID, "date": f.days[0], "present": true},
			{"person_id": f.giorgi.ID, "date": f.days[1], "present": true},
		}}
		res := e.DoJSON(t, http.MethodPut, path+"/attendance", tudor, body)
		apptest.WantStatus(t, res, http.StatusOK)
		var put struct{ Records, Changed int }
		if res.JSON(t, &put); put.Records != 4 || put.Changed != 4 {
			t.Errorf("PUT answered %+v", put)
		}
		res = e.DoJSON(t, http.MethodGet, path+"/participants", tudor, nil)
		apptest.WantStatus(t, res, http.StatusOK)
		var l struct {
			Items []struct {
				PersonID    string  `json:"person_id"`
				Name        string  `json:"name"`
				Agency      string  `json:"agency"`
				CountryCode string  `json:"country_code"`
				Status      string  `json:"status"`
				DaysPresent int     `json:"days_present"`
				Days        int     `json:"days"`
				Rate        float64 `json:"attendance_rate"`
				Completed   *bool   `json:"completed"`
			} `json:"items"`
			Total   int  `json:"total"`
			Final   bool `json:"outcome_final"`
			Summary struct {
				Participants int `json:"participants"`
				Completed    int `json:"completed"`
				PerDay       []struct {
					Date    string `json:"date"`
					Present int    `json:"present"`
				} `json:"per_day"`
			} `json:"summary"`
		}
		res.JSON(t, &l)
		if l.Total != 3 || len(l.Items) != 3 || l.Final || l.Summary.Participants != 3 || len(l.Summary.PerDay) != 5 || l.Summary.PerDay[0].Present != 2 {
			t.Fatalf("GET participants: %s", apptest.Excerpt(res.Body))
		}
		for _, it := range l.Items {
			if it.PersonID == f.giorgi.ID && (it.DaysPresent != 2 || it.Days != 5 || it.Rate != 40 || it.Name != "Giorgi Kapanadze" ||
				it.Agency != f.geMIA.Name || it.CountryCode != "GE" || it.Status != "selected" || it.Completed == nil || *it.Completed) {
				t.Errorf("Giorgi: %+v", it)
			}
		}

		// Bad records: 422 naming them; nothing written.
		marks := countMarks(t, e)
		res = e.DoJSON(t, http.MethodPut, path+"/attendance", tudor, map[string]any{"records": []map[string]any{
			{"person_id": f.giorgi.ID, "date": f.tomorrow, "present": true},
			{"person_id": f.levan.ID, "date": f.today, "present": true},
		}})
		apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
		if p := res.Problem(t); !p.HasFieldError("records[0].date", "future_day") || !p.HasFieldError("records[1].person_id", "not_participant") {
			t.Errorf("problem %+v", p)
		}
		if n := countMarks(t, e); n != marks {
			t.Errorf("a refused PUT wrote: %d marks, want %d", n, marks)
		}

		// Others.
		apptest.WantStatus(t, e.DoJSON(t, http.MethodPut, path+"/attendance", nino, body), http.StatusForbidden)
		apptest.WantStatus(t, e.DoJSON(t, http.MethodGet, path+"/participants", nino, nil), http.StatusNotFound)
		apptest.WantStatus(t, e.DoJSON(t, http.MethodPut, path+"/attendance", olena, body), http.StatusForbidden)
		apptest.WantStatus(t, e.DoJSON(t, http.MethodPut, path+"/attendance", e.ReadOnlyAPIToken(t, "tudor@example.org"), body), http.StatusForbidden)
		res = e.DoJSON(t, http.MethodGet, path+"/participants", olena, nil)
		apptest.WantStatus(t, res, http.StatusOK)
		if res.JSON(t, &l); len(l.Items) != 1 || l.Items[0].PersonID != f.olena.ID || l.Items[0].DaysPresent != 1 {
			t.Errorf("Olena sees %s", apptest.Excerpt(res.Body))
		}
		res = e.DoJSON(t, http.MethodGet, path+"/participants", observer, nil)
		apptest.WantStatus(t, res, http.StatusOK)
		l.Items = nil
		if res.JSON(t, &l); len(l.Items) != 0 || l.Summary.Participants != 3 || strings.Contains(res.Body, "Kapanadze") {
			t.Errorf("the observer gets %s", apptest.Excerpt(res.Body))
		}
	})
}

// TestAttendancePagesRender renders the sheet (empty, saved, with errors)
// and the participants page in every language for the trainer, the
// coordinator and the observer: the page's language, no accessibility or
// CSP lint problem, no message key shown, none missing.
func TestAttendancePagesRender(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		f := seedAttendanceWeb(t, e)
		page := "/training/activities/" + f.act.ID
		sheet, list := page+"/attendance", page+"/participants"
		tudor := signInAs(t, e, "tudor@example.org", f.tudor, apptest.GlobalGrant(core.RoleTrainer))
		coord := signIn(t, e, core.RoleCoordinator)
		observer := signIn(t, e, core.RoleObserver)
		if _, err := svcOf(e).MarkAttendance(apptest.SysCtx(), f.act.ID, []training.AttendanceRecord{{PersonID: f.giorgi.ID, Date: f.days[0], Present: true},
			{PersonID: f.tamar.ID, Date: f.days[0]}}); err != nil {
			t.Fatal(err)
		}
		check := func(lang string, res *apptest.Response, what string) {
			t.Helper()
			doc := res.Doc(t)
			if got := doc.Find("html").AttrOr("lang", ""); got != lang {
				t.Errorf("%s %s: <html lang=%q>", lang, what, got)
			}
			if doc.Find("main h1").Length() == 0 {
				t.Errorf("%s %s: no heading", lang, what)
			}
			for _, pr := range uitest.PageProblems(doc) {
				t.Errorf("%s %s: %s", lang, what, pr)
			}
			if strings.Contains(res.Body, "training.attendance.") || strings.Contains(res.Body, "training.participants.") {
				t.Errorf("%s %s shows a message key", lang, what)
			}
		}
		for _, c := range []*apptest.Client{tudor, coord, observer} {
			for _, lang := range []string{"en", "ro", "uk", "ka", "hy", "az", "ru"} {
				c.Lang = lang
				paths := []string{list, page}
				if c != observer {
					paths = append(paths, sheet, sheet+"?day="+f.days[0]+"&done=saved", sheet+"?day="+f.dayAfterTmr)
				}
				for _, p := range paths {
					res, _ := c.GetDoc(t, p, http.StatusOK)
					check(lang, res, p)
				}
				if c == tudor {
					res := c.Post(t, sheet, url.Values{"day": {f.tomorrow}, "person": {f.giorgi.ID, f.levan.ID}})
					apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
					check(lang, res, "the sheet with errors")
					if lang != "en" && strings.Contains(res.Doc(t).Find(".error-summary").Text(), "has not come yet") {
						t.Errorf("%s: the error is in English", lang)
					}
				}
			}
		}
		uitest.CheckNoMissingMessages(t, e.Bundle)
	})
}

// TestAttendanceBrowser marks attendance on a phone (390 CSS px) in a real
// browser: the sheet and the participants page do not scroll sideways, a
// box toggles by tapping the row's label and with the keyboard (Space),
// and Save keeps what was chosen.
func TestAttendanceBrowser(t *testing.T) {
	e := apptest.New(t, config.SQLite)
	f := seedAttendanceWeb(t, e)
	e.LinkPerson(t, e.CreateAccount(t, "tudor@example.org", apptest.GlobalGrant(core.RoleTrainer)), f.tudor.ID)
	b := apptest.OpenBrowser(t)
	b.Viewport(390, 844)
	b.SignIn(e, "tudor@example.org")
	sheet := "/training/activities/" + f.act.ID + "/attendance"
	b.Open(e, sheet)
	if ps := b.MeasureLayout().Problems(); len(ps) > 0 {
		t.Errorf("the sheet at 390 px: %s", strings.Join(ps, "; "))
	}
	box := func(p directory.Person) string { return "#present-" + p.ID }
	b.Run("tap Giorgi's row", chromedp.Click(chromedp.CSS(`label[for="present-`+f.giorgi.ID+`"] .who-name`)))
	b.Run("tick Olena's box with the keyboard", chromedp.Focus(chromedp.CSS(box(f.olena))), chromedp.KeyEvent(" "))
	var checked []bool
	b.Eval("read the boxes", fmt.Sprintf(`[%q, %q, %q].map(s => document.querySelector(s).checked)`, box(f.giorgi), box(f.tamar), box(f.olena)), &checked)
	if !slices.Equal(checked, []bool{true, false, true}) {
		t.Errorf("boxes after tapping and Space: %v", checked)
	}
	var state string
	b.Eval("read Olena's state", `document.querySelector('label[for="present-`+f.olena.ID+`"] .attendance-state').innerText`, &state)
	if !strings.Contains(state, "Present") {
		t.Errorf("Olena's row says %q", state)
	}
	b.Run("save", chromedp.Click(chromedp.CSS(`#save-attendance`)), chromedp.WaitVisible(chromedp.CSS(`.flash`)))
	var count string
	b.Eval("read the count", `document.querySelector("#present-count").innerText`, &count)
	if strings.TrimSpace(count) != "2 of 3 present" {
		t.Errorf("count after saving %q", count)
	}
	if marked, here := present(t, e, f.act.ID, f.tamar.ID, f.today); !marked || here {
		t.Errorf("Tamar: marked %v, present %v", marked, here)
	}
	b.Open(e, "/training/activities/"+f.act.ID+"/participants")
	if ps := b.MeasureLayout().Problems(); len(ps) > 0 {
		t.Errorf("the participants page at 390 px: %s", strings.Join(ps, "; "))
	}
}
