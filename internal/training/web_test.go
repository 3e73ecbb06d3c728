package training_test

// Training's pages through the real server, built by internal/app on a
// fresh database of each engine (internal/app/apptest): every page in
// every language, the course and activity forms (valid and invalid input),
// the status steps, the calendar month, who gets which buttons, and the
// catalogues. The calendar feed is in feed_test.go, the browser flow in
// browser_test.go.

import (
	"fmt"
	"io/fs"
	"maps"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/BurntSushi/toml"
	"github.com/PuerkitoBio/goquery"

	"github.com/topcop-platform/topcop/internal/app/apptest"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/directory"
	"github.com/topcop-platform/topcop/internal/i18n"
	"github.com/topcop-platform/topcop/internal/training"
	"github.com/topcop-platform/topcop/internal/ui/uitest"
)

func svcOf(e *apptest.Env) *training.Service { return apptest.Use[*training.Service](e) }

// webFixture is a small portfolio written through the services.
//
//	geMIA (GE) — nino (trainer)
//	thb   MS-THB, advanced, residential — act: 2026-09-07..10, Tbilisi, seats per country, nino trains
//	cyb   CYBER + ONLINE, basic, webinar — online: 2026-09-15, online
type webFixture struct {
	geMIA       directory.Agency
	nino        directory.Person
	thb, cyb    training.Course
	act, online training.Activity
}

func seedWeb(t *testing.T, e *apptest.Env) webFixture {
	t.Helper()
	ctx := apptest.SysCtx()
	d := apptest.Use[*directory.Service](e)
	svc := svcOf(e)
	var f webFixture
	var err error
	must := func(what string) {
		t.Helper()
		if err != nil {
			t.Fatalf("seed %s: %v", what, err)
		}
	}
	f.geMIA, err = d.CreateAgency(ctx, directory.AgencyInput{Code: "GE-MIA", CountryCode: "GE", Name: "Ministry of Internal Affairs of Georgia",
		Type: directory.AgencyPolice, City: "Tbilisi"})
	must("agency")
	f.nino, _, err = d.CreatePerson(ctx, directory.PersonInput{AgencyID: f.geMIA.ID, GivenName: "Nino", FamilyName: "Beridze",
		GivenNameNative: "ნინო", FamilyNameNative: "ბერიძე", Sex: directory.SexFemale, Email: "n.beridze@example.org"})
	must("person")
	f.thb, err = svc.CreateCourse(ctx, training.CourseInput{Code: "THB-201", Title: "Financial investigations of human trafficking",
		Titles: map[string]string{"ro": "Investigații financiare ale traficului de persoane", "uk": "Фінансові розслідування торгівлі людьми"},
		Areas:  []string{"MS-THB", "THB"}, Level: training.LevelAdvanced, Format: training.FormatResidential, Hours: 32,
		Outcomes: []string{"Follow the money of a trafficking network", "Plan a joint financial investigation"}, TargetTypes: []string{"police", "prosecution"}})
	must("course THB")
	f.cyb, err = svc.CreateCourse(ctx, training.CourseInput{Code: "CYB-101", Title: "Cyber-attacks: first response",
		Areas: []string{"CYBER", "ONLINE"}, Level: training.LevelBasic, Format: training.FormatWebinar, Hours: 3})
	must("course CYB")
	f.act, err = svc.CreateActivity(ctx, training.ActivityInput{CourseID: f.thb.ID, StartsOn: "2026-09-07", EndsOn: "2026-09-10",
		TimeZone: "Asia/Tbilisi", City: "Tbilisi", CountryCode: "GE", Venue: "Police Academy", Languages: []string{"en", "ru"},
		Interpretation: []string{"ka"}, Capacity: 24, Seats: map[string]int{"AM": 4, "AZ": 4, "GE": 6, "MD": 4, "UA": 4},
		TrainerIDs: []string{f.nino.ID}})
	must("activity")
	f.online, err = svc.CreateActivity(ctx, training.ActivityInput{CourseID: f.cyb.ID, StartsOn: "2026-09-15", EndsOn: "2026-09-15",
		TimeZone: "Europe/Brussels", Online: true, Languages: []string{"en"}, Capacity: 100})
	must("online activity")
	return f
}

// signIn signs an account of role in (staff enrol their second factor).
func signIn(t *testing.T, e *apptest.Env, r core.Role) *apptest.Client {
	t.Helper()
	return e.SignIn(t, e.AccountFor(t, r).Email)
}

// TestPagesRender renders every page of training in every language as a
// coordinator: 200, the page's language, a heading, no accessibility or
// CSP lint problem, and no message missing from the catalogues.
func TestPagesRender(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		f := seedWeb(t, e)
		coord := signIn(t, e, core.RoleCoordinator)
		pages := []string{
			"/training/courses",
			"/training/courses?q=trafficking&area=MS-THB&level=advanced&format=residential&target=police",
			"/training/courses?archived=true",
			"/training/courses?sort=-hours",
			"/training/courses/new",
			"/training/courses/" + f.thb.ID + "?done=created",
			"/training/courses/" + f.thb.ID + "/edit",
			"/training/crime-areas?done=area_added",
			"/training/activities",
			"/training/activities?from=2026-09-01&to=2026-09-30&status=planned&country=GE&format=residential&area=MS-THB&online=false&course_id=" + f.thb.ID,
			"/training/activities/new?course_id=" + f.thb.ID,
			"/training/activities/" + f.act.ID + "?done=created",
			"/training/activities/" + f.online.ID,
			"/training/activities/" + f.act.ID + "/edit",
			"/training/activities/trainers?find_trainer=Beridze",
			"/training/activities/seats?capacity=10&seats_GE=4",
			"/training/calendar?month=2026-09",
			"/training/calendar?month=2026-09&view=list",
		}
		for _, lang := range i18n.Languages {
			coord.Lang = lang.Code
			for _, p := range pages {
				res, doc := coord.GetDoc(t, p, http.StatusOK)
				if got := doc.Find("html").AttrOr("lang", ""); got != lang.Code {
					t.Errorf("%s %s: <html lang=%q>", lang.Code, p, got)
				}
				if doc.Find("main h1").Length() == 0 {
					t.Errorf("%s %s: no heading", lang.Code, p)
				}
				for _, pr := range uitest.PageProblems(doc) {
					t.Errorf("%s %s: %s", lang.Code, p, pr)
				}
				if strings.Contains(res.Body, "training.") {
					if m := regexp.MustCompile(`training\.[a-z_.]+[a-z]`).FindString(res.Body); m != "" && !strings.HasPrefix(m, "training.css") {
						t.Errorf("%s %s: shows a message key: %s", lang.Code, p, m)
					}
				}
			}
		}
		coord.Lang = "ro"
		_, doc := coord.GetDoc(t, "/training/courses/"+f.thb.ID, http.StatusOK)
		if h := uitest.Text(t, doc, "main h1"); h != "Investigații financiare ale traficului de persoane" {
			t.Errorf("ro course heading %q", h)
		}
		if en := uitest.Text(t, doc, `main p.lead[lang="en"]`); en != "Financial investigations of human trafficking" {
			t.Errorf("the English title beside the Romanian one: %q", en)
		}
		coord.Lang = "ka"
		_, doc = coord.GetDoc(t, "/training/activities", http.StatusOK)
		if h := uitest.Text(t, doc, "main h1"); h != "ღონისძიებები" {
			t.Errorf("ka activities heading %q", h)
		}
		uitest.CheckNoMissingMessages(t, e.Bundle)
	})
}

// courseForm is a valid course form; fields override.
func courseForm(fields map[string][]string) url.Values {
	v := url.Values{"code": {"ENV-301"}, "title": {"Investigating waste trafficking"}, "title_ro": {"Investigarea traficului de deșeuri"},
		"title_ka": {"ნარჩენებით უკანონო ვაჭრობის გამოძიება"}, "crime_areas": {"ENV", "CRYPTO"}, "level": {"specialised"},
		"format": {"residential"}, "hours": {"24,5"}, "outcomes": {"Trace a shipment of waste\r\n\r\nBuild an environmental case\n"},
		"target_group": {"police", "customs"}, "description": {"A course for investigators.\n\nSecond paragraph."}}
	for k, vs := range fields {
		v[k] = vs
	}
	return v
}

func courseCount(t *testing.T, e *apptest.Env, archived bool) int {
	t.Helper()
	l, err := svcOf(e).ListCourses(apptest.SysCtx(), training.CourseFilter{IncludeArchived: archived}, core.PageRequest{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	return l.Total
}

func idFrom(t *testing.T, loc, prefix string) string {
	t.Helper()
	id, _, _ := strings.Cut(strings.TrimPrefix(loc, prefix), "?")
	if !core.ValidID(id) {
		t.Fatalf("redirect to %q", loc)
	}
	return id
}

// TestCourseForms creates, lists, edits, archives and restores a course
// through the pages; bad input shows localised field errors and writes
// nothing; an emerging threat is added from the course form (keeping what
// was typed) and from the crime-areas page.
func TestCourseForms(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		f := seedWeb(t, e)
		coord := signIn(t, e, core.RoleCoordinator)

		// Create.
		res := coord.Post(t, "/training/courses", courseForm(nil))
		apptest.WantRedirect(t, res, "/training/courses/")
		id := idFrom(t, res.Location(), "/training/courses/")
		c, err := svcOf(e).Course(apptest.SysCtx(), id)
		if err != nil {
			t.Fatal(err)
		}
		if c.Code != "ENV-301" || c.Hours != 24.5 || len(c.Outcomes) != 2 || c.Titles["ro"] != "Investigarea traficului de deșeuri" ||
			!slices.Equal(c.Areas, []string{"CRYPTO", "ENV"}) || !slices.Equal(c.TargetTypes, []string{"police", "customs"}) {
			t.Errorf("course as created: %+v", c)
		}
		_, doc := coord.GetDoc(t, res.Location(), http.StatusOK)
		if got := uitest.Text(t, doc, ".flash"); got != "The record has been created." {
			t.Errorf("flash %q", got)
		}
		if n := doc.Find("main section ul li").Length(); n < 2 {
			t.Errorf("outcomes listed: %d", n)
		}
		if !strings.Contains(doc.Find("dl.details").Text(), "Environmental crime") || !strings.Contains(doc.Find("dl.details").Text(), "Customs") {
			t.Errorf("crime areas and target group not shown: %s", uitest.Squash(doc.Find("dl.details").Text()))
		}

		// Listed, found by words in another script and by each filter.
		for _, q := range []string{"q=waste", "q=" + url.QueryEscape("ნარჩენებით"), "area=ENV", "area=CRYPTO", "level=specialised", "format=residential&target=customs"} {
			_, doc = coord.GetDoc(t, "/training/courses?"+q, http.StatusOK)
			if doc.Find(`#results a[href="/training/courses/`+id+`"]`).Length() != 1 {
				t.Errorf("?%s does not list the new course", q)
			}
		}
		_, doc = coord.GetDoc(t, "/training/courses?level=basic", http.StatusOK)
		if doc.Find(`#results a[href="/training/courses/`+id+`"]`).Length() != 0 || doc.Find(`#results a[href="/training/courses/`+f.cyb.ID+`"]`).Length() != 1 {
			t.Error("the level filter does not filter")
		}
		// The area filter groups the taxonomy by cycle.
		var groups []string
		doc.Find("#field-area optgroup").Each(func(_ int, s *goquery.Selection) { groups = append(groups, s.AttrOr("label", "")) })
		if !slices.Equal(groups, []string{"EMPACT 2022–2025", "EMPACT 2026–2029", "Emerging threats"}) {
			t.Errorf("area filter groups %v", groups)
		}
		// The live search answers htmx with the results only.
		res = coord.Get(t, "/training/courses?q=waste", "HX-Request", "true")
		apptest.WantStatus(t, res, http.StatusOK)
		if strings.Contains(res.Body, "<html") || !strings.Contains(res.Body, "/training/courses/"+id) {
			t.Errorf("htmx partial: %s", apptest.Excerpt(res.Body))
		}
		// A bad filter is a field error.
		res = coord.Get(t, "/training/courses?level=expert")
		apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
		apptest.WantFieldError(t, res.Doc(t), "level")

		// Edit.
		_, doc = coord.GetDoc(t, "/training/courses/"+id+"/edit", http.StatusOK)
		if v := uitest.Attr(t, doc, "#field-title_ro", "value"); v != "Investigarea traficului de deșeuri" {
			t.Errorf("edit form ro title %q", v)
		}
		if doc.Find(`input[name=crime_areas][value=ENV][checked]`).Length() != 1 || doc.Find(`input[name=crime_areas][value=ENV]`).Length() != 1 {
			t.Error("ENV (both cycles) is not one ticked checkbox")
		}
		if got := doc.Find("#field-outcomes").Text(); !strings.Contains(got, "Trace a shipment of waste\nBuild an environmental case") {
			t.Errorf("outcomes in the form %q", got)
		}
		res = coord.Post(t, "/training/courses/"+id, courseForm(map[string][]string{"title": {"Investigating waste crime"}, "level": {"advanced"}}))
		apptest.WantRedirect(t, res, "/training/courses/"+id+"?done=saved")
		if c, _ := svcOf(e).Course(apptest.SysCtx(), id); c.Title != "Investigating waste crime" || c.Level != training.LevelAdvanced {
			t.Errorf("after edit: %+v", c)
		}

		// Field errors: 422, the form again with the values, nothing written.
		before := courseCount(t, e, true)
		res = coord.Post(t, "/training/courses", courseForm(map[string][]string{"code": {"bad code"}, "title": {""}, "crime_areas": nil,
			"hours": {"lots"}, "level": {""}}))
		apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
		doc = res.Doc(t)
		for _, fld := range []string{"code", "title", "hours", "level"} {
			apptest.WantFieldError(t, doc, fld)
		}
		if msg := uitest.Text(t, doc, "#field-crime_areas-error"); !strings.Contains(msg, "at least one crime area") {
			t.Errorf("crime areas error %q", msg)
		}
		if msg := uitest.Text(t, doc, "#field-hours-error"); !strings.Contains(msg, "more than 0") {
			t.Errorf("hours error %q", msg)
		}
		if v := uitest.Attr(t, doc, "#field-code", "value"); v != "bad code" {
			t.Errorf("the form lost the value: %q", v)
		}
		if v := uitest.Attr(t, doc, "#field-hours", "value"); v != "lots" {
			t.Errorf("the form lost the hours: %q", v)
		}
		// The same in Ukrainian.
		coord.Lang = "uk"
		res = coord.Post(t, "/training/courses", courseForm(map[string][]string{"code": {"bad code"}}))
		apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
		if msg := uitest.Text(t, res.Doc(t), "#field-code-error"); !strings.Contains(msg, "великі латинські літери") {
			t.Errorf("uk code error %q", msg)
		}
		coord.Lang = ""
		// A code in use: 409 on the code field.
		res = coord.Post(t, "/training/courses", courseForm(map[string][]string{"code": {"THB-201"}}))
		apptest.WantStatus(t, res, http.StatusConflict)
		apptest.WantFieldError(t, res.Doc(t), "code")
		if after := courseCount(t, e, true); after != before {
			t.Errorf("courses %d → %d after refused forms", before, after)
		}

		// An emerging threat from the course form: added, ticked, the rest kept, no course.
		res = coord.Post(t, "/training/courses", courseForm(map[string][]string{"code": {"DF-100"}, "intent": {"add_area"},
			"new_area_code": {"deepfake"}, "new_area_name": {"Deepfake fraud"}}))
		apptest.WantStatus(t, res, http.StatusOK)
		doc = res.Doc(t)
		if doc.Find(`input[name=crime_areas][value=DEEPFAKE][checked]`).Length() != 1 {
			t.Error("the new emerging threat is not ticked")
		}
		if v := uitest.Attr(t, doc, "#field-code", "value"); v != "DF-100" {
			t.Errorf("the course form lost its code: %q", v)
		}
		if after := courseCount(t, e, true); after != before {
			t.Error("adding an area created a course")
		}
		res = coord.Post(t, "/training/courses", courseForm(map[string][]string{"intent": {"add_area"}, "new_area_code": {"DEEPFAKE"}, "new_area_name": {"Again"}}))
		apptest.WantStatus(t, res, http.StatusConflict)
		apptest.WantFieldError(t, res.Doc(t), "new_area_code")
		// And from the crime-areas page.
		res = coord.Post(t, "/training/crime-areas", url.Values{"code": {"SYNTH"}, "name_en": {"Synthetic drugs made in the region"}})
		apptest.WantRedirect(t, res, "/training/crime-areas?done=area_added")
		_, doc = coord.GetDoc(t, "/training/crime-areas", http.StatusOK)
		if !strings.Contains(doc.Find("#emerging").Text(), "Synthetic drugs made in the region") {
			t.Error("the emerging threat is not listed")
		}
		res = coord.Post(t, "/training/crime-areas", url.Values{"code": {"no good"}, "name_en": {""}})
		apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
		apptest.WantFieldError(t, res.Doc(t), "code")
		apptest.WantFieldError(t, res.Doc(t), "name_en")

		// Archive: gone from the list, shown with "show archived", restored.
		apptest.WantRedirect(t, coord.Post(t, "/training/courses/"+id+"/archive", nil), "/training/courses/"+id+"?done=archived")
		_, doc = coord.GetDoc(t, "/training/courses?q=waste", http.StatusOK)
		if doc.Find(`#results a[href="/training/courses/`+id+`"]`).Length() != 0 {
			t.Error("an archived course is listed")
		}
		_, doc = coord.GetDoc(t, "/training/courses?q=waste&archived=true", http.StatusOK)
		if doc.Find(`#results form[action="/training/courses/`+id+`/restore"]`).Length() != 1 {
			t.Error("no restore button on the archived course")
		}
		apptest.WantRedirect(t, coord.Post(t, "/training/courses/"+id+"/restore", nil), "/training/courses/"+id+"?done=restored")
		for _, a := range []string{"training.course.create", "training.course.update", "training.course.archive", "training.course.restore", "training.crime_area.create"} {
			if !slices.Contains(e.AuditActions(t), a) {
				t.Errorf("audit has no %s", a)
			}
		}
	})
}

// activityForm is a valid activity form for course; fields override.
func activityForm(course string, fields map[string][]string) url.Values {
	v := url.Values{"course_id": {course}, "starts_on": {"2026-10-05"}, "ends_on": {"2026-10-08"}, "time_zone": {"Europe/Chisinau"},
		"day_starts": {"09:30"}, "day_ends": {"16:30"}, "venue": {"Academy of the Ministry of Internal Affairs"}, "city": {"Chișinău"},
		"country_code": {"MD"}, "languages": {"ro", "en"}, "interpretation": {"ru"}, "capacity": {"20"},
		"seats_AM": {"3"}, "seats_AZ": {"3"}, "seats_GE": {"3"}, "seats_MD": {"5"}, "seats_UA": {"3"}, "completion_rate": {"75"}}
	for k, vs := range fields {
		v[k] = vs
	}
	return v
}

func activityCount(t *testing.T, e *apptest.Env) int {
	t.Helper()
	l, err := svcOf(e).ListActivities(apptest.SysCtx(), training.ActivityFilter{}, core.PageRequest{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	return l.Total
}

// TestActivityForms plans an activity through the form (seats per
// country, a trainer from the directory, languages), shows it (dates with
// the time zone, seats as a chart, the trainer linked), moves it along its
// statuses with the buttons (cancelling asks for a reason) with the
// timeline growing, and refuses bad input with field errors and no write.
func TestActivityForms(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		f := seedWeb(t, e)
		coord := signIn(t, e, core.RoleCoordinator)

		// The form offers the course, the zones and a seat field per partner country.
		_, doc := coord.GetDoc(t, "/training/activities/new?course_id="+f.thb.ID, http.StatusOK)
		if v := doc.Find(`#field-course_id option[selected]`).AttrOr("value", ""); v != f.thb.ID {
			t.Errorf("course preselected %q", v)
		}
		for _, z := range []string{"Europe/Chisinau", "Asia/Tbilisi", "Asia/Yerevan", "Asia/Baku", "Europe/Kyiv", "Europe/Brussels", "Europe/Lisbon"} {
			if doc.Find(`#field-time_zone option[value="`+z+`"]`).Length() != 1 {
				t.Errorf("time zone %s not offered", z)
			}
		}
		for _, c := range []string{"AM", "AZ", "GE", "MD", "UA"} {
			if doc.Find("#field-seats_"+c).Length() != 1 {
				t.Errorf("no seat field for %s", c)
			}
		}

		// Trainer search without JavaScript: the form comes back with the people found.
		before := activityCount(t, e)
		res := coord.Post(t, "/training/activities", activityForm(f.thb.ID, map[string][]string{"intent": {"find_trainers"}, "find_trainer": {"ბერიძე"}}))
		apptest.WantStatus(t, res, http.StatusOK)
		doc = res.Doc(t)
		if doc.Find(`#trainer-choices input[name=trainer_ids][value="`+f.nino.ID+`"]`).Length() != 1 {
			t.Error("the trainer search did not find Nino Beridze by her Georgian name")
		}
		if v := uitest.Attr(t, doc, "#field-seats_MD", "value"); v != "5" {
			t.Errorf("the form lost the seats: %q", v)
		}
		// And with htmx: the picker keeps the ticked trainers.
		res = coord.Get(t, "/training/activities/trainers?find_trainer=Beridze&trainer_ids="+f.nino.ID, "HX-Request", "true")
		apptest.WantStatus(t, res, http.StatusOK)
		if d := res.Doc(t); d.Find(`input[value="`+f.nino.ID+`"][checked]`).Length() != 1 || d.Find("html head").Children().Length() > 0 && strings.Contains(res.Body, "<nav") {
			t.Errorf("trainer picker partial: %s", apptest.Excerpt(res.Body))
		}
		// The live seat total.
		res = coord.Get(t, "/training/activities/seats?capacity=10&seats_GE=6&seats_UA=6", "HX-Request", "true")
		if !strings.Contains(res.Body, "12 of 10") || !strings.Contains(res.Body, "error-message") {
			t.Errorf("seat total over capacity: %s", res.Body)
		}
		res = coord.Get(t, "/training/activities/seats?capacity=20&seats_GE=6&seats_UA=6", "HX-Request", "true")
		if !strings.Contains(res.Body, "12 of 20 (8 left)") {
			t.Errorf("seat total: %s", res.Body)
		}

		// Field errors, in the form, nothing written.
		for _, c := range []struct {
			name   string
			fields map[string][]string
			want   []string
		}{
			{"seats over capacity", map[string][]string{"seats_MD": {"15"}}, []string{"seats"}},
			{"ends before it starts", map[string][]string{"ends_on": {"2026-10-01"}}, []string{"ends_on"}},
			{"no city, no country, not online", map[string][]string{"city": {""}, "country_code": {""}}, []string{"city", "country_code"}},
			{"capacity not a number", map[string][]string{"capacity": {"many"}}, []string{"capacity"}},
			{"no language, bad zone, day ends first", map[string][]string{"languages": nil, "time_zone": {"Mars/Olympus"}, "day_ends": {"08:00"}},
				[]string{"languages", "time_zone", "day_ends"}},
			{"no course", map[string][]string{"course_id": {""}}, []string{"course_id"}},
		} {
			res := coord.Post(t, "/training/activities", activityForm(f.thb.ID, c.fields))
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("%s: status %d", c.name, res.StatusCode)
				continue
			}
			doc := res.Doc(t)
			for _, fld := range c.want {
				if doc.Find("#field-"+fld+"-error").Length() == 0 {
					t.Errorf("%s: no error on %s: %s", c.name, fld, uitest.Squash(doc.Find(".error-summary").Text()))
				}
			}
		}
		res = coord.Post(t, "/training/activities", activityForm(f.thb.ID, map[string][]string{"seats_MD": {"15"}}))
		if msg := uitest.Text(t, res.Doc(t), "#field-seats-error"); !strings.Contains(msg, "more than the capacity") {
			t.Errorf("seats error %q", msg)
		}
		if after := activityCount(t, e); after != before {
			t.Fatalf("activities %d → %d after refused forms", before, after)
		}

		// Create, with a trainer.
		res = coord.Post(t, "/training/activities", activityForm(f.thb.ID, map[string][]string{"trainer_ids": {f.nino.ID}}))
		apptest.WantRedirect(t, res, "/training/activities/")
		id := idFrom(t, res.Location(), "/training/activities/")
		_, doc = coord.GetDoc(t, res.Location(), http.StatusOK)
		details := uitest.Squash(doc.Find("dl.details").Text())
		for _, want := range []string{"2026-10-05 – 2026-10-08", "4 days", "09:30–16:30", "Europe/Chisinau, UTC+03:00", "Academy of the Ministry of Internal Affairs, Chișinău, Moldova",
			"Romanian, English", "Russian", "20 seats", "75 %"} {
			if !strings.Contains(details, want) {
				t.Errorf("activity details lack %q: %s", want, details)
			}
		}
		if doc.Find(`dl.details a[href="/directory/people/`+f.nino.ID+`"]`).Length() != 1 {
			t.Error("the trainer is not linked to the directory")
		}
		var bars []string
		doc.Find("#seats table.chart-data tbody tr").Each(func(_ int, s *goquery.Selection) {
			bars = append(bars, uitest.Squash(s.Find("th").Text())+" "+uitest.Squash(s.Find("td").Text()))
		})
		if !slices.Equal(bars, []string{"Armenia 3", "Azerbaijan 3", "Georgia 3", "Moldova 5", "Ukraine 3"}) {
			t.Errorf("seat bars %v", bars)
		}
		if doc.Find("#seats svg.chart-svg").Length() != 1 {
			t.Error("no seat chart")
		}
		// Staff get the next step as a form (opening the call asks for a
		// deadline); cancelling asks for a reason.
		if doc.Find(`#open-call form[action="/training/activities/`+id+`/call"]`).Length() != 1 || doc.Find(`#status input[name=status][value=call_open]`).Length() != 0 ||
			doc.Find(`#status textarea[name=reason]`).Length() != 1 {
			t.Errorf("status controls: %s", uitest.Squash(doc.Find("#status").Text()))
		}
		if doc.Find(`#status input[name=status][value=delivered]`).Length() != 0 {
			t.Error("a step that is not allowed is offered")
		}

		// Edit.
		res = coord.Post(t, "/training/activities/"+id, activityForm(f.thb.ID, map[string][]string{"capacity": {"22"}, "trainer_ids": {f.nino.ID}}))
		apptest.WantRedirect(t, res, "/training/activities/"+id+"?done=saved")
		if a, _ := svcOf(e).Activity(apptest.SysCtx(), id, ""); a.Capacity != 22 || len(a.Trainers) != 1 {
			t.Errorf("after edit: %+v", a)
		}

		// Move: opening the call has its own form (TestNominationPages), so
		// the status step refuses it, as a step not allowed; cancel without
		// and with a reason.
		for _, to := range []string{"call_open", "closed"} {
			res = coord.Post(t, "/training/activities/"+id+"/status", url.Values{"status": {to}})
			apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
			if s := uitest.Text(t, res.Doc(t), ".error-summary"); !strings.Contains(s, "not allowed") {
				t.Errorf("refused step to %s: %q", to, s)
			}
		}
		res = coord.Post(t, "/training/activities/"+id+"/status", url.Values{"status": {"cancelled"}, "reason": {"  "}})
		apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
		doc = res.Doc(t)
		if msg := uitest.Text(t, doc, "#field-reason-error"); !strings.Contains(msg, "reason for cancelling") {
			t.Errorf("reason error %q", msg)
		}
		if doc.Find("details.cancel-activity[open]").Length() != 1 {
			t.Error("the cancel form is not open to show its error")
		}
		if a, _ := svcOf(e).Activity(apptest.SysCtx(), id, ""); a.Status != training.StatusPlanned {
			t.Fatalf("status %s after refused moves", a.Status)
		}
		apptest.WantRedirect(t, coord.Post(t, "/training/activities/"+id+"/status", url.Values{"status": {"cancelled"}, "reason": {"The venue is not available."}}),
			"/training/activities/"+id+"?done=moved")
		_, doc = coord.GetDoc(t, "/training/activities/"+id, http.StatusOK)
		if s := uitest.Squash(doc.Find("main .badge").First().Text()); s != "Status: Cancelled" {
			t.Errorf("status badge %q", s)
		}
		var steps []string
		doc.Find("#history ol.timeline li").Each(func(_ int, s *goquery.Selection) { steps = append(steps, uitest.Squash(s.Text())) })
		if len(steps) != 2 || !strings.Contains(steps[0], "created with the status Planned") ||
			!strings.Contains(steps[1], "Planned → Cancelled — Reason: The venue is not available.") {
			t.Errorf("timeline %q", steps)
		}
		if doc.Find("#status").Length() != 0 || doc.Find(`a[href="/training/activities/`+id+`/edit"]`).Length() != 0 {
			t.Error("a cancelled activity still offers steps or editing")
		}
		// A cancelled activity cannot be changed: 409.
		res = coord.Post(t, "/training/activities/"+id, activityForm(f.thb.ID, nil))
		apptest.WantStatus(t, res, http.StatusConflict)

		// The list filters.
		_, doc = coord.GetDoc(t, "/training/activities?status=cancelled", http.StatusOK)
		if doc.Find(`#results a[href="/training/activities/`+id+`"]`).Length() != 1 || doc.Find(`#results tbody tr`).Length() != 1 {
			t.Error("the status filter")
		}
		_, doc = coord.GetDoc(t, "/training/activities?online=true", http.StatusOK)
		if doc.Find(`#results a[href="/training/activities/`+f.online.ID+`"]`).Length() != 1 || doc.Find(`#results tbody tr`).Length() != 1 {
			t.Error("the online filter")
		}
		_, doc = coord.GetDoc(t, "/training/activities?country=MD&from=2026-10-01&to=2026-10-31&area=MS-THB", http.StatusOK)
		if doc.Find(`#results tbody tr`).Length() != 1 {
			t.Error("the country, period and area filters")
		}
		res = coord.Get(t, "/training/activities?from=2026-10-31&to=2026-10-01")
		apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
		apptest.WantFieldError(t, res.Doc(t), "to")
		for _, a := range []string{"training.activity.create", "training.activity.update", "training.activity.status"} {
			if !slices.Contains(e.AuditActions(t), a) {
				t.Errorf("audit has no %s", a)
			}
		}
	})
}

// TestOthersGetNoEditing: an ncp and an observer see the portfolio and the
// activities without edit buttons or status steps, are refused the forms
// and every write (403, nothing written); the observer sees how many
// trainers an activity has, not who.
func TestOthersGetNoEditing(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		f := seedWeb(t, e)
		for _, r := range []core.Role{core.RoleNCP, core.RoleObserver} {
			c := signIn(t, e, r)
			for _, p := range []string{"/training/courses", "/training/courses/" + f.thb.ID, "/training/activities", "/training/activities/" + f.act.ID,
				"/training/crime-areas", "/training/calendar?month=2026-09"} {
				_, doc := c.GetDoc(t, p, http.StatusOK)
				doc.Find("main form[method=post]").Each(func(_ int, s *goquery.Selection) {
					if a := s.AttrOr("action", ""); !strings.HasPrefix(a, "/training/calendar/feed") {
						t.Errorf("%s %s: a write form to %s", r, p, a)
					}
				})
				doc.Find(`main a[href$="/edit"], main a[href$="/new"], main a[href*="/new?"]`).Each(func(_ int, s *goquery.Selection) {
					t.Errorf("%s %s: an edit link to %s", r, p, s.AttrOr("href", ""))
				})
			}
			for _, p := range []string{"/training/courses/new", "/training/courses/" + f.thb.ID + "/edit", "/training/activities/new",
				"/training/activities/" + f.act.ID + "/edit", "/training/activities/trainers?find_trainer=Beridze"} {
				apptest.WantStatus(t, c.Get(t, p), http.StatusForbidden)
			}
			before := courseCount(t, e, true)
			for _, w := range []struct {
				path string
				form url.Values
			}{
				{"/training/courses", courseForm(nil)},
				{"/training/courses/" + f.thb.ID, courseForm(map[string][]string{"code": {"THB-201"}})},
				{"/training/courses/" + f.thb.ID + "/archive", nil},
				{"/training/crime-areas", url.Values{"code": {"X-" + string(r)}, "name_en": {"Nope"}}},
				{"/training/activities", activityForm(f.thb.ID, nil)},
				{"/training/activities/" + f.act.ID, activityForm(f.thb.ID, nil)},
				{"/training/activities/" + f.act.ID + "/status", url.Values{"status": {"call_open"}}},
				{"/training/activities/" + f.act.ID + "/status", url.Values{"status": {"cancelled"}, "reason": {"x"}}},
			} {
				apptest.WantStatus(t, c.Post(t, w.path, w.form), http.StatusForbidden)
			}
			if after := courseCount(t, e, true); after != before {
				t.Errorf("%s wrote a course", r)
			}
			if a, _ := svcOf(e).Activity(apptest.SysCtx(), f.act.ID, ""); a.Status != training.StatusPlanned {
				t.Errorf("%s moved the activity to %s", r, a.Status)
			}
			_, doc := c.GetDoc(t, "/training/activities/"+f.act.ID, http.StatusOK)
			trainers := doc.Find("dl.details").Text()
			switch r {
			case core.RoleObserver:
				if strings.Contains(trainers, "Beridze") || !strings.Contains(trainers, "1 trainer") {
					t.Errorf("observer sees trainers as %q", uitest.Squash(trainers))
				}
			default:
				if !strings.Contains(trainers, "Nino Beridze") {
					t.Errorf("%s does not see the trainer", r)
				}
			}
		}
	})
}

// TestCalendarMonth shows September 2026 as a month grid: weeks from
// Monday, each activity a link spanning its days (cut at week ends and
// marked as going on), its status in words, previous and next month
// links, the agenda list of the month, and the list view.
func TestCalendarMonth(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		f := seedWeb(t, e)
		ctx := apptest.SysCtx()
		svc := svcOf(e)
		// One across a week end and the month end, and one cancelled.
		long, err := svc.CreateActivity(ctx, training.ActivityInput{CourseID: f.cyb.ID, StartsOn: "2026-09-24", EndsOn: "2026-10-02",
			TimeZone: "Europe/Kyiv", City: "Kyiv", CountryCode: "UA", Languages: []string{"uk", "en"}, Capacity: 30})
		if err != nil {
			t.Fatal(err)
		}
		// The call opened in August (the service as it acted then: a
		// deadline must lie ahead and before the start).
		aug := time.Date(2026, 8, 1, 9, 0, 0, 0, time.UTC)
		if _, err := svc.At(aug).OpenCall(ctx, long.ID, training.CallInput{Deadline: aug.Add(48 * time.Hour)}); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Move(ctx, f.online.ID, training.StatusCancelled, "No trainer"); err != nil {
			t.Fatal(err)
		}
		c := signIn(t, e, core.RoleParticipant)
		_, doc := c.GetDoc(t, "/training/calendar?month=2026-09", http.StatusOK)
		if h := uitest.Text(t, doc, "#cal-title"); h != "September 2026" {
			t.Errorf("month title %q", h)
		}
		if href := doc.Find(`a[rel=prev]`).AttrOr("href", ""); href != "/training/calendar?month=2026-08" {
			t.Errorf("previous month link %q", href)
		}
		if href := doc.Find(`a[rel=next]`).AttrOr("href", ""); href != "/training/calendar?month=2026-10" {
			t.Errorf("next month link %q", href)
		}
		var heads []string
		doc.Find("table.cal-grid thead th abbr").Each(func(_ int, s *goquery.Selection) { heads = append(heads, s.AttrOr("title", "")) })
		if len(heads) != 7 || heads[0] != "Monday" || heads[6] != "Sunday" {
			t.Errorf("weekday headings %v", heads)
		}
		weeks := doc.Find("table.cal-grid tbody.cal-week")
		if weeks.Length() != 5 { // 31 Aug – 4 Oct
			t.Errorf("%d weeks", weeks.Length())
		}
		if first := uitest.Squash(weeks.First().Find("tr.cal-days td").First().Find(".visually-hidden").Text()); !strings.Contains(first, "Monday 2026-08-31") {
			t.Errorf("the grid starts on %q", first)
		}
		// span returns the colspan and column of the cells linking to id, per week.
		span := func(id string) []string {
			var out []string
			weeks.Each(func(w int, wk *goquery.Selection) {
				wk.Find("tr.cal-lane").Each(func(_ int, tr *goquery.Selection) {
					col := 0
					tr.Find("td").Each(func(_ int, td *goquery.Selection) {
						n := 1
						fmt.Sscanf(td.AttrOr("colspan", "1"), "%d", &n)
						if td.Find(`a[href="/training/activities/`+id+`"]`).Length() > 0 {
							out = append(out, fmt.Sprintf("w%d:c%d+%d", w, col, n))
						}
						col += n
					})
				})
			})
			return out
		}
		if got := span(f.act.ID); !slices.Equal(got, []string{"w1:c0+4"}) { // Mon 7 – Thu 10 Sep
			t.Errorf("THB activity cells %v", got)
		}
		if got := span(long.ID); !slices.Equal(got, []string{"w3:c3+4", "w4:c0+5"}) { // Thu 24 – Sun 27, Mon 28 – Fri 2 Oct
			t.Errorf("long activity cells %v", got)
		}
		link := doc.Find(`table.cal-grid a[href="/training/activities/` + long.ID + `"]`).First()
		if !strings.Contains(link.Find(".badge").Text(), "Call open") || !link.HasClass("cal-call_open") {
			t.Errorf("status in words and colour: %q %q", link.Find(".badge").Text(), link.AttrOr("class", ""))
		}
		if c := doc.Find(`table.cal-grid a[href="/training/activities/` + f.online.ID + `"] .badge`).Text(); c != "Cancelled" {
			t.Errorf("cancelled activity badge %q", c)
		}
		var agenda []string
		doc.Find("ol.cal-agenda li a").Each(func(_ int, s *goquery.Selection) { agenda = append(agenda, s.AttrOr("href", "")) })
		want := []string{"/training/activities/" + f.act.ID, "/training/activities/" + f.online.ID, "/training/activities/" + long.ID}
		if !slices.Equal(agenda, want) {
			t.Errorf("agenda %v, want %v", agenda, want)
		}
		if href := doc.Find(`link[rel=stylesheet][href^="/training/style.css"]`).AttrOr("href", ""); href == "" {
			t.Error("the calendar's stylesheet is not linked")
		} else {
			res := e.NewClient().Get(t, href)
			if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/css") ||
				!strings.Contains(res.Header.Get("Cache-Control"), "immutable") || !strings.Contains(res.Body, ".cal-agenda-narrow") {
				t.Errorf("stylesheet: %d %s %q", res.StatusCode, res.Header.Get("Content-Type"), res.Header.Get("Cache-Control"))
			}
		}
		// The list view, and October.
		_, doc = c.GetDoc(t, "/training/calendar?month=2026-09&view=list", http.StatusOK)
		if doc.Find("table.cal-grid").Length() != 0 || doc.Find("ol.cal-agenda li").Length() != 3 || doc.Find("section.cal-agenda-narrow").Length() != 0 {
			t.Error("the list view")
		}
		_, doc = c.GetDoc(t, "/training/calendar?month=2026-10", http.StatusOK)
		if got := doc.Find("ol.cal-agenda li").Length(); got != 1 {
			t.Errorf("October agenda: %d", got)
		}
		_, doc = c.GetDoc(t, "/training/calendar?month=2027-02", http.StatusOK)
		if doc.Find("p.empty").Length() != 1 {
			t.Error("an empty month says so")
		}
		res := c.Get(t, "/training/calendar?month=2026-13")
		apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
		if s := uitest.Text(t, res.Doc(t), ".error-summary"); !strings.Contains(s, "YYYY-MM") {
			t.Errorf("bad month: %q", s)
		}
	})
}

// TestCatalogues checks training's seven catalogues the way
// internal/i18n checks the shared one: every key of en.toml in each
// language, non-empty, none extra, the same placeholders, the plural
// forms each language needs, and text in the language's script.
func TestCatalogues(t *testing.T) {
	plural := map[string][]string{"en": {"one", "other"}, "ka": {"one", "other"}, "hy": {"one", "other"}, "az": {"one", "other"},
		"ro": {"few", "one", "other"}, "uk": {"few", "many", "one", "other"}, "ru": {"few", "many", "one", "other"}}
	load := func(lang string) map[string]any {
		// <lang>.toml and its topic files <lang>.<topic>.toml.
		paths, _ := fs.Glob(training.Module.Locales, lang+".*.toml")
		out := map[string]any{}
		for _, path := range append([]string{lang + ".toml"}, paths...) {
			b, err := fs.ReadFile(training.Module.Locales, path)
			if err != nil {
				t.Fatal(err)
			}
			m := map[string]any{}
			if err := toml.Unmarshal(b, &m); err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			maps.Copy(out, flatten("", m))
		}
		return out
	}
	ph := regexp.MustCompile(`\{\{\s*\.([A-Za-z]+)\s*\}\}`)
	placeholders := func(v any) []string {
		set := map[string]bool{}
		var texts []string
		switch x := v.(type) {
		case string:
			texts = []string{x}
		case map[string]any:
			for _, s := range x {
				texts = append(texts, fmt.Sprint(s))
			}
		}
		for _, s := range texts {
			for _, m := range ph.FindAllStringSubmatch(s, -1) {
				set[m[1]] = true
			}
		}
		var out []string
		for k := range set {
			out = append(out, k)
		}
		slices.Sort(out)
		return out
	}
	en := load("en")
	// Keys whose text is the same in every language (dates, arrows, a month and year).
	neutral := []string{"training.dates.range", "training.activity.moved", "training.calendar.month_title", "training.cycle.c2022", "training.cycle.c2026", "training.calendar.day_label"}
	scripts := map[string]*unicode.RangeTable{"ka": unicode.Georgian, "hy": unicode.Armenian, "uk": unicode.Cyrillic, "ru": unicode.Cyrillic}
	for _, lang := range i18n.Languages {
		msgs := load(lang.Code)
		for k, src := range en {
			m, ok := msgs[k]
			if !ok {
				t.Errorf("%s: missing %s", lang.Code, k)
				continue
			}
			if got, want := placeholders(m), placeholders(src); !slices.Equal(got, want) {
				t.Errorf("%s: %s: placeholders %v, en has %v", lang.Code, k, got, want)
			}
			if forms, isPlural := m.(map[string]any); isPlural {
				var have []string
				for f := range forms {
					have = append(have, f)
				}
				slices.Sort(have)
				if !slices.Equal(have, plural[lang.Code]) {
					t.Errorf("%s: plural %s has %v, want %v", lang.Code, k, have, plural[lang.Code])
				}
			} else if s := m.(string); strings.TrimSpace(s) == "" {
				t.Errorf("%s: %s is empty", lang.Code, k)
			} else if sc := scripts[lang.Code]; sc != nil && !slices.Contains(neutral, k) && !strings.ContainsFunc(s, func(r rune) bool { return unicode.Is(sc, r) }) {
				t.Errorf("%s: %s = %q has no letter of the language's script", lang.Code, k, s)
			}
		}
		for k := range msgs {
			if _, ok := en[k]; !ok {
				t.Errorf("%s: %s is not in en.toml", lang.Code, k)
			}
		}
		all := fmt.Sprint(msgs)
		switch lang.Code {
		case "ro":
			if strings.ContainsAny(all, "şţŞŢ") {
				t.Error("ro: cedilla ş/ţ instead of ș/ț")
			}
		case "az":
			if !strings.ContainsRune(all, 'ə') || strings.ContainsAny(all, "șțȘȚ") {
				t.Error("az: expected ə and ş")
			}
		case "uk":
			if strings.ContainsAny(all, "ыэъёЫЭЪЁ") {
				t.Error("uk: Russian-only letters")
			}
		case "ru":
			if strings.ContainsAny(all, "іїєґІЇЄҐ") {
				t.Error("ru: Ukrainian-only letters")
			}
		}
	}
	// Every reference crime area, level, format and status has a name.
	for _, a := range training.ReferenceAreas {
		if _, ok := en["training.area."+strings.ReplaceAll(strings.ToLower(a.Code), "-", "_")]; !ok {
			t.Errorf("crime area %s has no name", a.Code)
		}
	}
	for _, s := range training.Statuses {
		if _, ok := en["training.status."+string(s)]; !ok {
			t.Errorf("status %s has no name", s)
		}
	}
	for _, l := range training.Levels {
		if _, ok := en["training.level."+string(l)]; !ok {
			t.Errorf("level %s has no name", l)
		}
	}
	for _, f := range training.Formats {
		if _, ok := en["training.format."+string(f)]; !ok {
			t.Errorf("format %s has no name", f)
		}
	}
}

// flatten turns nested TOML tables into dotted keys; a table of plural
// forms (one/other…) stays a map.
func flatten(prefix string, m map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range m {
		key := k
		if prefix != "" {
			key = prefix + "." + k
		}
		if sub, ok := v.(map[string]any); ok {
			if _, isPlural := sub["other"]; isPlural {
				if _, nested := sub["other"].(map[string]any); !nested {
					out[key] = sub
					continue
				}
			}
			for kk, vv := range flatten(key, sub) {
				out[kk] = vv
			}
			continue
		}
		out[key] = v
	}
	return out
}
