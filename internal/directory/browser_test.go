package directory_test

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/topcop-platform/topcop/internal/app/apptest"
)

// TestBrowserFlow is the main flow of the directory in a real browser
// (headless Chromium, see apptest.NewBrowser): sign in with a TOTP second
// factor (enrolling it), switch the UI to Georgian, search the directory
// across scripts, create an agency and a person, and see them listed.
func TestBrowserFlow(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		e.LoadDemo(t)
		b := apptest.OpenBrowser(t)
		const coordinator = "coordinator@demo.example.org"

		// Sign in as the demo coordinator; the role requires a second
		// factor, so the platform sends us to enrol one.
		b.Run("sign in",
			chromedp.Navigate(e.URL+"/login"),
			chromedp.WaitVisible(chromedp.CSS(`#field-email`)),
			chromedp.SendKeys(chromedp.CSS(`#field-email`), coordinator),
			chromedp.SendKeys(chromedp.CSS(`#field-password`), e.PasswordOf(coordinator)),
			chromedp.Submit(chromedp.CSS(`#field-password`)),
			chromedp.WaitVisible(chromedp.CSS(`#totp-secret`)),
		)
		secret := b.Get("read the TOTP secret", chromedp.Text(chromedp.CSS(`#totp-secret`)))
		secret = strings.ReplaceAll(strings.TrimSpace(secret), " ", "")
		if !regexp.MustCompile(`^[A-Z2-7]{16,}$`).MatchString(secret) {
			t.Fatalf("TOTP secret on the page = %q", secret)
		}
		e.SetSecret(coordinator, secret)
		b.Run("confirm the second factor",
			chromedp.SendKeys(chromedp.CSS(`#field-code`), e.CodeFor(t, secret)),
			chromedp.Submit(chromedp.CSS(`#field-code`)),
		)
		// Enrolment offers the recovery codes, then goes on.
		b.Run("take the recovery codes",
			chromedp.WaitVisible(chromedp.CSS(`form[action="/account/recovery-codes"] button[type=submit]`)),
			chromedp.Click(chromedp.CSS(`form[action="/account/recovery-codes"] button[type=submit]`)),
			chromedp.WaitVisible(chromedp.CSS(`#recovery-continue`)),
			chromedp.Click(chromedp.CSS(`#recovery-continue`)),
		)
		// Wait for the home page with the coordinator's work (the
		// enrolment page has none); on a refused code, say what the page
		// said. Then the directory overview.
		wctx, cancel := context.WithTimeout(b.Ctx, 20*time.Second)
		defer cancel()
		if err := chromedp.Do(wctx, chromedp.WaitVisible(chromedp.CSS(`#home-title`))); err != nil {
			url := b.Get("where are we", chromedp.Location())
			body := b.Get("page text", chromedp.Text(chromedp.CSS(`main`)))
			t.Fatalf("after enrolment at %s, want the home page: %v\npage: %s", url, err, apptest.Excerpt(body))
		}
		b.Run("open the directory",
			chromedp.Navigate(e.URL+"/directory"),
			chromedp.WaitVisible(chromedp.CSS(`figure.chart`)),
		)

		// Switch the UI to Georgian with the language selector (app.js
		// submits on change; the button is the no-script fallback).
		b.Run("switch to Georgian",
			chromedp.SetValue(chromedp.CSS(`select[name=lang]`), "ka"),
			chromedp.Submit(chromedp.CSS(`select[name=lang]`)),
			chromedp.WaitReady(chromedp.CSS(`html[lang=ka]`)),
		)
		if lang, err := chromedp.Run(b.Ctx, chromedp.AttributeValue(chromedp.CSS(`html`), "lang")); err != nil || lang.Value != "ka" {
			t.Fatalf("html lang = %+v (%v) after switching to Georgian", lang, err)
		}

		// Search people across scripts, as the user types (htmx live
		// search): the Latin query finds the person whose native name is
		// in Georgian script.
		b.Run("search the directory",
			chromedp.Navigate(e.URL+"/directory/people"),
			chromedp.WaitVisible(chromedp.CSS(`input[name=q]`)),
			chromedp.SendKeys(chromedp.CSS(`input[name=q]`), "Beridze"),
		)
		// htmx swaps the results and pushes the URL once the search is done.
		if _, err := chromedp.Run(b.Ctx, chromedp.Poll[bool](`location.search.includes("q=Beridze") && !document.querySelector(".htmx-request")`)); err != nil {
			t.Fatalf("live search did not complete: %v", err)
		}
		b.Run("see the Georgian-script name", chromedp.WaitVisible(chromedp.Search(`//*[@id="results"]//*[contains(text(), "ბერიძე")]`)))
		if n, err := chromedp.Run(b.Ctx, chromedp.Evaluate[int](`document.querySelectorAll("#results tbody tr").length`)); err != nil || n == 0 || n > 5 {
			t.Fatalf("live search for Beridze listed %d rows (%v), want the few Beridzes", n, err)
		}

		// Create an agency.
		b.Run("create an agency",
			chromedp.Navigate(e.URL+"/directory/agencies/new"),
			chromedp.WaitVisible(chromedp.CSS(`#field-code`)),
			chromedp.SendKeys(chromedp.CSS(`#field-code`), "GE-BRW-TEST"),
			chromedp.SetValue(chromedp.CSS(`#field-country_code`), "GE"),
			chromedp.SendKeys(chromedp.CSS(`#field-name`), "Browser Test Police Unit"),
			chromedp.SendKeys(chromedp.CSS(`#field-name_native`), "ბრაუზერის სატესტო ერთეული"),
			chromedp.SetValue(chromedp.CSS(`#field-type`), "police"),
			chromedp.Submit(chromedp.CSS(`#field-name`)),
			chromedp.WaitVisible(chromedp.Search(`//h1[contains(., "Browser Test Police Unit")]`)),
		)
		b.Run("see the agency listed",
			chromedp.Navigate(e.URL+"/directory/agencies?q=Browser+Test"),
			chromedp.WaitVisible(chromedp.Search(`//a[contains(., "Browser Test Police Unit")]`)),
		)

		// Create a person in it, with a Georgian native name.
		b.Run("open the person form",
			chromedp.Navigate(e.URL+"/directory/people/new"),
			chromedp.WaitVisible(chromedp.CSS(`#field-agency_id`)),
		)
		agencyValue := b.Get("find the new agency in the form", chromedp.Value(chromedp.Search(`//select[@id="field-agency_id"]/option[contains(., "Browser Test Police Unit")]`)))
		b.Run("fill the person form",
			chromedp.SetValue(chromedp.CSS(`#field-agency_id`), agencyValue),
			chromedp.SendKeys(chromedp.CSS(`#field-given_name`), "Tamar"),
			chromedp.SendKeys(chromedp.CSS(`#field-family_name`), "Kvaratskhelia"),
			chromedp.SendKeys(chromedp.CSS(`#field-given_name_native`), "თამარ"),
			chromedp.SendKeys(chromedp.CSS(`#field-family_name_native`), "კვარაცხელია"),
			chromedp.SendKeys(chromedp.CSS(`#field-email`), "t.kvaratskhelia@browser.example.org"),
			chromedp.Submit(chromedp.CSS(`#field-family_name`)),
			chromedp.WaitVisible(chromedp.Search(`//h1[contains(., "Kvaratskhelia")]`)),
		)
		b.Run("see the person listed",
			chromedp.Navigate(e.URL+"/directory/people?q="+"კვარაცხელია"),
			chromedp.WaitVisible(chromedp.Search(`//a[contains(., "Kvaratskhelia")]`)),
		)
	})
}
