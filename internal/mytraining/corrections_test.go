package mytraining_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/topcop-platform/topcop/internal/app/apptest"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/directory"
	"github.com/topcop-platform/topcop/internal/mytraining"
	"github.com/topcop-platform/topcop/internal/training"
)

// mails lists the queued mails of template as their account ids.
func mails(t *testing.T, e *apptest.Env, template string) []string {
	t.Helper()
	return column(t, e, `SELECT coalesce(CAST(account_id AS TEXT), '') FROM mail_outbox WHERE template = ?`, template)
}

// TestCorrectionRequests, on both engines: a person asks for a
// correction on the page; empty or over-long text is refused beside the
// field in the page's language and saves nothing; a request is saved,
// audited, mailed and notified to the coordinators, who see it on their
// list and resolve it with a note (required, once), which the person is
// mailed and reads on their page. The API does the same. Last, an
// activity's calendar file.
func TestCorrectionRequests(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		sys := apptest.SysCtx()
		dir := apptest.Use[*directory.Service](e)
		ge, err := dir.CreateAgency(sys, directory.AgencyInput{Code: "GE-MIA", CountryCode: "GE", Name: "Ministry of Internal Affairs", Type: directory.AgencyPolice})
		if err != nil {
			t.Fatal(err)
		}
		ana, _, err := dir.CreatePerson(sys, directory.PersonInput{AgencyID: ge.ID, GivenName: "Ana", FamilyName: "Abashidze",
			GivenNameNative: "ანა", FamilyNameNative: "აბაშიძე", Sex: directory.SexFemale})
		if err != nil {
			t.Fatal(err)
		}
		acc := e.CreateAccount(t, "ana@example.org", apptest.RoleGrant(core.RoleParticipant))
		acc = e.LinkPerson(t, acc, ana.ID)
		coord := e.AccountFor(t, core.RoleCoordinator)
		requests := func() int { return count(t, e, `SELECT count(*) FROM correction_requests`) }

		c := e.SignIn(t, acc.Email)
		_, doc := c.GetDoc(t, "/my/training", http.StatusOK)
		if got := doc.Find("#person-name").Text(); !strings.Contains(got, "Ana Abashidze") || !strings.Contains(got, "ანა აბაშიძე") {
			t.Errorf("the person's name in both scripts: %q", got)
		}

		t.Run("refused text saves nothing, with the message in the page's language", func(t *testing.T) {
			c.Lang = "ro"
			defer func() { c.Lang = "" }()
			ro := e.Bundle.Localizer("ro")
			for _, tc := range []struct{ text, message string }{
				{"   ", ro.T("validation.required")},
				{strings.Repeat("é", mytraining.MaxText+1), ro.T("validation.too_long", "Max", "2000")},
				{"an escape \x1b[31m sequence", ro.T("validation.invalid")},
			} {
				res := c.Post(t, "/my/training/corrections", url.Values{"text": {tc.text}})
				apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
				doc := res.Doc(t)
				apptest.WantFieldError(t, doc, "text")
				if got := strings.TrimSpace(doc.Find("#field-text-error").Text()); !strings.HasSuffix(got, tc.message) {
					t.Errorf("message %q, want %q", got, tc.message)
				}
				if tc.text != "   " && doc.Find("#field-text").Text() != tc.text {
					t.Errorf("the typed text was not kept")
				}
			}
			if n := requests(); n != 0 {
				t.Errorf("%d requests saved from refused text", n)
			}
		})

		var id string
		t.Run("a request reaches the coordinators", func(t *testing.T) {
			text := "My family name is Abashidze-Beridze since May.\nThe agency is right."
			apptest.WantRedirect(t, c.Post(t, "/my/training/corrections", url.Values{"text": {text}}), "/my/training?done=requested")
			ids := column(t, e, `SELECT id FROM correction_requests WHERE person_id = ? AND account_id = ? AND status = 'open'`, ana.ID, acc.ID)
			if len(ids) != 1 {
				t.Fatalf("requests saved: %v", ids)
			}
			id = ids[0]
			_, doc := c.GetDoc(t, "/my/training?done=requested", http.StatusOK)
			if doc.Find(".flash").Length() != 1 || !strings.Contains(doc.Find("#correction-"+id).Text(), "Abashidze-Beridze") {
				t.Errorf("the page after the request:\n%s", apptest.Excerpt(doc.Find("main").Text()))
			}
			if got := mails(t, e, "mytraining.correction.requested"); len(got) != 1 || got[0] != coord.ID {
				t.Errorf("mails to coordinators: %v, want one to %s", got, coord.ID)
			}
			if n := count(t, e, `SELECT count(*) FROM notifications WHERE account_id = ? AND link = '/my/training/corrections'`, coord.ID); n != 1 {
				t.Errorf("%d in-app notifications for the coordinator", n)
			}
			if n := count(t, e, `SELECT count(*) FROM audit_log WHERE action = 'mytraining.correction.create' AND entity_id = ?`, id); n != 1 {
				t.Errorf("%d audit entries of the request", n)
			}
		})

		t.Run("a coordinator resolves it with a note, once", func(t *testing.T) {
			sc := e.SignIn(t, coord.Email)
			_, doc := sc.GetDoc(t, "/my/training/corrections", http.StatusOK)
			if !strings.Contains(doc.Find("#request-"+id).Text(), "Abashidze-Beridze") {
				t.Fatalf("the request is not on the list:\n%s", apptest.Excerpt(doc.Find("main").Text()))
			}
			if got := strings.TrimSpace(doc.Find(`.primary-nav a[href="/my/training/corrections"] .nav-count`).Text()); !strings.HasPrefix(got, "1") {
				t.Errorf("the menu counts %q open requests", got)
			}
			path := "/my/training/corrections/" + id + "/resolve"
			res := sc.Post(t, path, url.Values{"note-" + id: {""}})
			apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
			apptest.WantFieldError(t, res.Doc(t), "note-"+id)
			apptest.WantRedirect(t, sc.Post(t, path, url.Values{"note-" + id: {"Family name corrected in the directory."}}), "/my/training/corrections?done=resolved")
			if n := count(t, e, `SELECT count(*) FROM correction_requests WHERE id = ? AND status = 'resolved' AND note <> '' AND resolved_at IS NOT NULL`, id); n != 1 {
				t.Error("the request is not resolved")
			}
			if got := mails(t, e, "mytraining.correction.resolved"); len(got) != 1 || got[0] != acc.ID {
				t.Errorf("mails to the person: %v", got)
			}
			res = sc.Post(t, path, url.Values{"note-" + id: {"Again."}})
			apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
			_, doc = c.GetDoc(t, "/my/training", http.StatusOK)
			if !strings.Contains(doc.Find("#correction-"+id).Text(), "Family name corrected in the directory.") {
				t.Errorf("the person does not read the note:\n%s", apptest.Excerpt(doc.Find("#data").Text()))
			}
		})

		t.Run("the API", func(t *testing.T) {
			tok, staff := e.APIToken(t, acc.Email), e.APIToken(t, coord.Email)
			res := e.DoJSON(t, http.MethodPost, "/api/v1/me/corrections", tok, map[string]string{"text": ""})
			apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
			if !res.Problem(t).HasFieldError("text", "required") {
				t.Errorf("empty text: %s", res.Body)
			}
			res = e.DoJSON(t, http.MethodPost, "/api/v1/me/corrections", tok, map[string]string{"text": "My phone number changed."})
			apptest.WantStatus(t, res, http.StatusCreated)
			var made mytraining.CorrectionRequest
			res.JSON(t, &made)
			if made.PersonID != ana.ID || made.Status != mytraining.StatusOpen || made.Name != "Ana Abashidze" {
				t.Errorf("made: %+v", made)
			}
			apptest.WantStatus(t, e.DoJSON(t, http.MethodGet, "/api/v1/corrections", tok, nil), http.StatusForbidden)
			res = e.DoJSON(t, http.MethodGet, "/api/v1/corrections?status=open", staff, nil)
			apptest.WantStatus(t, res, http.StatusOK)
			var list struct {
				Items []mytraining.CorrectionRequest
			}
			res.JSON(t, &list)
			if len(list.Items) != 1 || list.Items[0].ID != made.ID {
				t.Errorf("open requests: %+v", list.Items)
			}
			path := "/api/v1/corrections/" + made.ID + "/resolve"
			res = e.DoJSON(t, http.MethodPost, path, staff, map[string]string{"note": strings.Repeat("x", mytraining.MaxText+1)})
			if !res.Problem(t).HasFieldError("note", "too_long") {
				t.Errorf("over-long note: %s", res.Body)
			}
			apptest.WantStatus(t, e.DoJSON(t, http.MethodPost, path, tok, map[string]string{"note": "Done."}), http.StatusForbidden)
			apptest.WantStatus(t, e.DoJSON(t, http.MethodPost, path, staff, map[string]string{"note": "Updated."}), http.StatusOK)
			res = e.DoJSON(t, http.MethodPost, path, staff, map[string]string{"note": "Updated."})
			if !res.Problem(t).HasFieldError("status", mytraining.CodeAlreadyResolved) {
				t.Errorf("resolved twice: %s", res.Body)
			}
			apptest.WantStatus(t, e.DoJSON(t, http.MethodPost, "/api/v1/corrections/"+core.NewID()+"/resolve", staff, map[string]string{"note": "x"}), http.StatusNotFound)
			res = e.DoJSON(t, http.MethodGet, "/api/v1/me/training", tok, nil)
			var ov mytraining.Overview
			res.JSON(t, &ov)
			if len(ov.Corrections) != 2 || ov.Corrections[0].ID != made.ID || ov.Corrections[0].Note != "Updated." {
				t.Errorf("the person's requests: %+v", ov.Corrections)
			}
		})

		t.Run("an activity's calendar file", func(t *testing.T) {
			tr := apptest.Use[*training.Service](e)
			course, err := tr.CreateCourse(sys, training.CourseInput{Code: "CYB-101", Title: "Cybercrime investigations", Areas: []string{"ONLINE"},
				Level: training.LevelBasic, Format: training.FormatResidential, Hours: 16})
			if err != nil {
				t.Fatal(err)
			}
			act, err := tr.CreateActivity(sys, training.ActivityInput{CourseID: course.ID, StartsOn: "2030-03-04", EndsOn: "2030-03-06",
				TimeZone: "Asia/Tbilisi", City: "Tbilisi", CountryCode: "GE", Languages: []string{"en"}, Capacity: 10})
			if err != nil {
				t.Fatal(err)
			}
			res := c.Get(t, mytraining.CalendarURL(act.ID))
			apptest.WantStatus(t, res, http.StatusOK)
			if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/calendar") ||
				!strings.Contains(res.Body, "UID:"+act.ID) || !strings.Contains(res.Body, "RRULE:FREQ=DAILY;COUNT=3") {
				t.Errorf("%s\n%s", ct, res.Body)
			}
			apptest.WantStatus(t, c.Get(t, mytraining.CalendarURL(core.NewID())), http.StatusNotFound)
			apptest.WantStatus(t, c.Get(t, "/my/training/activities/not-an-id/calendar.ics"), http.StatusNotFound)
		})
	})
}
