package certs_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/topcop-platform/topcop/internal/app/apptest"
	"github.com/topcop-platform/topcop/internal/certs/cert"
	"github.com/topcop-platform/topcop/internal/core"
)

// TestBrowserCertificates is issue 10's main flow in a real browser: the
// coordinator opens a delivered activity's certificates (the two who
// completed got theirs on delivery), issues one by hand with a reason to
// the participant who did not complete, and revokes one with a reason;
// then, signed out
// and on a phone's screen (390 px), anyone types the valid code into the
// verification form and submits it with the keyboard, reads "Valid" and
// the holder's name in both scripts, and finds the revoked one revoked
// with its reason. No page scrolls sideways.
func TestBrowserCertificates(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		w := setup(t, e)
		b := apptest.OpenBrowser(t)
		b.Viewport(1280, 900)
		coord := e.AccountFor(t, core.RoleCoordinator)
		b.SignIn(e, coord.Email)
		page := "/training/activities/" + w.act.ID + "/certificates"
		b.Open(e, "/training/activities/"+w.act.ID)
		b.Run("follow the activity's link to its certificates",
			chromedp.Click(chromedp.CSS(`a[href="`+page+`"]`), chromedp.NodeVisible))
		b.WaitLeave("/training/activities/" + w.act.ID)
		b.Run("see the two issued on delivery",
			chromedp.WaitVisible(chromedp.CSS(`#row-`+w.anaID+`[data-state="issued"]`)),
			chromedp.WaitVisible(chromedp.CSS(`#row-`+w.olenaID+`[data-state="issued"]`)),
			chromedp.WaitVisible(chromedp.CSS(`#row-`+w.nikaID+`[data-state="not_completed"]`)),
		)
		b.Run("issue Nika's by hand, with a reason",
			chromedp.Click(chromedp.CSS(`#row-`+w.nikaID+` summary`)),
			chromedp.SendKeys(chromedp.CSS(`#issue-`+w.nikaID), "Completed the missed days remotely"),
			chromedp.Click(chromedp.CSS(`#issue-`+w.nikaID+`-submit`)),
			chromedp.WaitVisible(chromedp.CSS(`#row-`+w.nikaID+`[data-state="issued"]`)),
		)
		flash := b.Get("the confirmation", chromedp.Text(chromedp.CSS(`[role="status"]`), chromedp.NodeVisible))
		if !strings.Contains(flash, "1 certificate issued") {
			t.Fatalf("flash %q", flash)
		}
		list := w.list(t, w.coord, http.StatusOK)
		var anaCode, olenaCode string
		for _, c := range list.Items {
			switch c.PersonID {
			case w.anaID:
				anaCode = cert.FormatCode(c.Code)
			case w.olenaID:
				olenaCode = cert.FormatCode(c.Code)
			}
		}
		b.Run("revoke Olena's with a reason",
			chromedp.Click(chromedp.CSS(`#row-`+w.olenaID+` summary`)),
			chromedp.SendKeys(chromedp.CSS(`#revoke-`+w.olenaID), "Attendance recorded in error"),
			chromedp.Click(chromedp.CSS(`#row-`+w.olenaID+` button.button-danger`)),
			chromedp.WaitVisible(chromedp.CSS(`#row-`+w.olenaID+`[data-state="revoked"]`)),
		)

		// Anyone, signed out, on a phone.
		anon := apptest.OpenBrowser(t)
		anon.Viewport(390, 844)
		anon.Open(e, "/verify")
		anon.Run("type the code and press Enter",
			chromedp.WaitVisible(chromedp.CSS(`#field-code`)),
			chromedp.Focus(chromedp.CSS(`#field-code`)),
			chromedp.SendKeys(chromedp.CSS(`#field-code`), strings.ToLower(anaCode)+kb.Enter),
			chromedp.WaitVisible(chromedp.CSS(`#verify-status[data-status="valid"]`)),
		)
		name := anon.Get("the holder", chromedp.Text(chromedp.CSS(`#cert-name`)))
		if !strings.Contains(name, "Ana Abashidze") || !strings.Contains(name, "ანა აბაშიძე") {
			t.Fatalf("name %q", name)
		}
		for _, p := range anon.MeasureLayout().Problems() {
			t.Errorf("verification page at 390 px: %s", p)
		}
		anon.Open(e, "/verify/"+olenaCode)
		reason := anon.Get("the revoked one", chromedp.Text(chromedp.CSS(`#verify-status[data-status="revoked"]`)))
		if !strings.Contains(reason, "Attendance recorded in error") {
			t.Fatalf("revoked shows %q", reason)
		}

		// The offline page as served (under its own content policy)
		// checks the QR text of Ana's certificate in the browser.
		var anaPayload string
		for _, c := range list.Items {
			if c.PersonID == w.anaID {
				anaPayload = w.svc.QRText(c)
			}
		}
		anon.Run("check a QR text offline",
			chromedp.Navigate(e.URL+"/verify/offline"),
			chromedp.WaitVisible(chromedp.CSS(`#payload`)),
			chromedp.SetValue(chromedp.CSS(`#payload`), anaPayload),
			chromedp.Click(chromedp.CSS(`#verify`)),
		)
		if state := anon.Get("the offline verdict", chromedp.Poll[string](`document.getElementById("result").dataset.state`)); state != "valid" {
			t.Fatalf("offline page says %q", state)
		}
	})
}
