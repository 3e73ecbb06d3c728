package mytraining_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"github.com/topcop-platform/topcop/internal/app/apptest"
	"github.com/topcop-platform/topcop/internal/mytraining"
)

// TestBrowserMyTraining is issue 10 §8 in a real browser (headless
// Chromium) on a phone's screen (390 × 844), over the demo data: a demo
// participant opens My training from the menu with the keyboard alone,
// sees their nominations and their certificates with the PDF, badge and
// share links, downloads their data as a JSON file (keyboard again) and
// finds themself in it, then asks for a correction. No page scrolls
// sideways.
func TestBrowserMyTraining(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		e.LoadDemo(t)
		p, _ := demoParticipants(t, e)

		b := apptest.OpenBrowser(t)
		b.Viewport(390, 844)
		b.SignIn(e, p.email)
		layout := func(where string) {
			t.Helper()
			for _, problem := range b.MeasureLayout().Problems() {
				t.Errorf("%s at 390 px: %s", where, problem)
			}
		}

		b.Open(e, "/")
		b.Run("open My training from the menu with the keyboard",
			chromedp.Focus(chromedp.CSS(`details.nav-menu > summary`)), chromedp.KeyEvent("\r"),
			chromedp.WaitVisible(chromedp.CSS(`details.nav-menu a[href="/my/training"]`)),
			chromedp.Focus(chromedp.CSS(`details.nav-menu a[href="/my/training"]`)), chromedp.KeyEvent("\r"),
		)
		b.WaitLeave("/")
		b.Run("see the nominations and the certificates",
			chromedp.WaitVisible(chromedp.CSS(`#nomination-list > li`)),
			chromedp.WaitVisible(chromedp.CSS(`#certificate-`+p.codes[0]+` a.certificate-pdf`)),
			chromedp.WaitVisible(chromedp.CSS(`#certificate-`+p.codes[0]+` a.certificate-share`)),
		)
		layout("My training")
		var nominations int
		b.Eval("count the nominations", `document.querySelectorAll("#nomination-list > li").length`, &nominations)
		if nominations != len(p.nominations) {
			t.Errorf("%d nominations shown, want %d", nominations, len(p.nominations))
		}
		var href string
		b.Eval("read the PDF link", `document.querySelector("#certificate-`+p.codes[0]+` a.certificate-pdf").getAttribute("href")`, &href)
		if href != "/certificates/"+p.codes[0]+".pdf" {
			t.Errorf("PDF link %q", href)
		}

		// The download, into a directory of the test.
		dir := t.TempDir()
		progress := chromedp.Events(b.Ctx, browser.DownloadProgress)
		events := true
		b.Run("download the data with the keyboard",
			chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
				_, err := chromedp.Call(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
					Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dir, EventsEnabled: &events})
				return err
			}),
			chromedp.Focus(chromedp.CSS(`#download-data`)), chromedp.KeyEvent("\r"),
		)
		var file string
		deadline := time.AfterFunc(20*time.Second, func() { t.Error("the download did not complete in 20 s") })
		for ev, err := range progress {
			if err != nil {
				t.Fatalf("download events: %v", err)
			}
			if ev.State == browser.DownloadProgressStateCompleted {
				file = filepath.Join(dir, ev.GUID)
				break
			}
			if ev.State == browser.DownloadProgressStateCanceled {
				t.Fatal("the download was cancelled")
			}
		}
		deadline.Stop()
		raw, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var d mytraining.PersonalData
		if err := json.Unmarshal(raw, &d); err != nil || d.Person == nil || d.Person.ID != p.personID || len(d.Certificates) != len(p.codes) {
			t.Fatalf("the downloaded file (%v): %.300s", err, raw)
		}

		b.Run("ask for a correction",
			chromedp.Focus(chromedp.CSS(`#field-text`)),
			chromedp.SendKeys(chromedp.CSS(`#field-text`), "My position is senior inspector now."),
			chromedp.Focus(chromedp.CSS(`#data form button[type="submit"]`)), chromedp.KeyEvent("\r"),
		)
		b.Run("see it confirmed", chromedp.WaitVisible(chromedp.CSS(`.flash`)), chromedp.WaitVisible(chromedp.CSS(`#my-corrections`)))
		if got := b.Get("read the request", chromedp.Text(chromedp.CSS(`#my-corrections`))); !strings.Contains(got, "senior inspector") {
			t.Errorf("the request listed: %q", got)
		}
		layout("My training after the request")
	})
}
