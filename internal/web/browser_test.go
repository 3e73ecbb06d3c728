package web_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/topcop-platform/topcop/internal/demo"
)

// chromiumPath finds Debian's chromium (or another Chromium build).
func chromiumPath() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// newBrowser starts a headless Chromium for t. Without one the test skips
// with a visible message, unless TOPCOP_REQUIRE_BROWSER is set. When t
// fails, a screenshot of the page is saved (its path is logged).
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	path := chromiumPath()
	if path == "" {
		if os.Getenv("TOPCOP_REQUIRE_BROWSER") != "" {
			t.Fatal("Chromium is required (TOPCOP_REQUIRE_BROWSER is set) but not installed: apt-get install chromium")
		}
		t.Skip("SKIPPING browser test: no chromium on PATH; set TOPCOP_REQUIRE_BROWSER=1 to make this fail")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox, // CI runs as root
		chromedp.DisableGPU,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 1000),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("lang", "en-US"),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(allocCtx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(func() {
		cancelTimeout()
		cancelCtx()
		cancelAlloc()
	})
	// Registered after the cancels, so it runs before them.
	t.Cleanup(func() {
		if !t.Failed() {
			return
		}
		sctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		png, err := chromedp.Run(sctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Logf("screenshot failed: %v", err)
			return
		}
		dir := os.Getenv("TOPCOP_ARTIFACTS")
		if dir == "" {
			dir = filepath.Join(os.TempDir(), "topcop-browser")
		}
		_ = os.MkdirAll(dir, 0o755)
		file := filepath.Join(dir, strings.NewReplacer("/", "_", " ", "_").Replace(t.Name())+".png")
		if err := os.WriteFile(file, png, 0o644); err == nil {
			t.Logf("screenshot of the failing page: %s", file)
		}
	})
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// TestBrowserDirectoryFlow is the main flow of the directory in a real
// browser: sign in with a TOTP second factor (enrolling it), switch the UI
// to Georgian, search the directory across scripts, create an agency and a
// person, and see them listed.
func TestBrowserDirectoryFlow(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *testEnv) {
		if _, err := demo.Load(sysCtx(), demo.Deps{Directory: e.Dir, Auth: e.Auth}, 1, nil); err != nil {
			t.Fatal(err)
		}
		ctx := newBrowser(t)
		run := func(step string, actions ...chromedp.Action[chromedp.Void]) {
			t.Helper()
			if err := chromedp.Do(ctx, actions...); err != nil {
				url, _ := chromedp.Run(ctx, chromedp.Location())
				t.Fatalf("%s (at %s): %v", step, url, err)
			}
		}
		get := func(step string, a chromedp.Action[string]) string {
			t.Helper()
			v, err := chromedp.Run(ctx, a)
			if err != nil {
				t.Fatalf("%s: %v", step, err)
			}
			return v
		}

		// Sign in as the demo coordinator; the role requires a second
		// factor, so the platform sends us to enrol one.
		run("sign in",
			chromedp.Navigate(e.URL+"/login"),
			chromedp.WaitVisible(chromedp.CSS(`#field-email`)),
			chromedp.SendKeys(chromedp.CSS(`#field-email`), "coordinator@demo.example.org"),
			chromedp.SendKeys(chromedp.CSS(`#field-password`), demo.Password),
			chromedp.Submit(chromedp.CSS(`#field-password`)),
			chromedp.WaitVisible(chromedp.CSS(`#totp-secret`)),
		)
		secret := get("read the TOTP secret", chromedp.Text(chromedp.CSS(`#totp-secret`)))
		secret = strings.ReplaceAll(strings.TrimSpace(secret), " ", "")
		if !regexp.MustCompile(`^[A-Z2-7]{16,}$`).MatchString(secret) {
			t.Fatalf("TOTP secret on the page = %q", secret)
		}
		run("confirm the second factor",
			chromedp.SendKeys(chromedp.CSS(`#field-code`), e.codeFor(t, secret)),
			chromedp.Submit(chromedp.CSS(`#field-code`)),
		)
		// Wait for the directory (the enrolment page has no #main
		// .directory-overview); on a refused code, say what the page said.
		wctx, cancel := context.WithTimeout(ctx, 20*time.Second)
		defer cancel()
		if err := chromedp.Do(wctx, chromedp.WaitVisible(chromedp.CSS(`figure.chart`))); err != nil {
			url := get("where are we", chromedp.Location())
			body := get("page text", chromedp.Text(chromedp.CSS(`main`)))
			t.Fatalf("after enrolment at %s, want the directory: %v\npage: %s", url, err, body)
		}

		// Switch the UI to Georgian with the language selector (app.js
		// submits on change; the button is the no-script fallback).
		run("switch to Georgian",
			chromedp.SetValue(chromedp.CSS(`select[name=lang]`), "ka"),
			chromedp.Submit(chromedp.CSS(`select[name=lang]`)),
			chromedp.WaitReady(chromedp.CSS(`html[lang=ka]`)),
		)
		if lang, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS(`html`), "lang")); err != nil || lang.Value != "ka" {
			t.Fatalf("html lang = %+v (%v) after switching to Georgian", lang, err)
		}

		// Search people across scripts, as the user types (htmx live
		// search): the Latin query finds the person whose native name is
		// in Georgian script.
		run("search the directory",
			chromedp.Navigate(e.URL+"/directory/people"),
			chromedp.WaitVisible(chromedp.CSS(`input[name=q]`)),
			chromedp.SendKeys(chromedp.CSS(`input[name=q]`), "Beridze"),
		)
		// htmx swaps the results and pushes the URL once the search is done.
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`location.search.includes("q=Beridze") && !document.querySelector(".htmx-request")`)); err != nil {
			t.Fatalf("live search did not complete: %v", err)
		}
		run("see the Georgian-script name", chromedp.WaitVisible(chromedp.Search(`//*[@id="results"]//*[contains(text(), "ბერიძე")]`)))
		if n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#results tbody tr").length`)); err != nil || n == 0 || n > 5 {
			t.Fatalf("live search for Beridze listed %d rows (%v), want the few Beridzes", n, err)
		}

		// Create an agency.
		run("create an agency",
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
		run("see the agency listed",
			chromedp.Navigate(e.URL+"/directory/agencies?q=Browser+Test"),
			chromedp.WaitVisible(chromedp.Search(`//a[contains(., "Browser Test Police Unit")]`)),
		)

		// Create a person in it, with a Georgian native name.
		run("open the person form",
			chromedp.Navigate(e.URL+"/directory/people/new"),
			chromedp.WaitVisible(chromedp.CSS(`#field-agency_id`)),
		)
		agencyValue := get("find the new agency in the form", chromedp.Value(chromedp.Search(`//select[@id="field-agency_id"]/option[contains(., "Browser Test Police Unit")]`)))
		run("fill the person form",
			chromedp.SetValue(chromedp.CSS(`#field-agency_id`), agencyValue),
			chromedp.SendKeys(chromedp.CSS(`#field-given_name`), "Tamar"),
			chromedp.SendKeys(chromedp.CSS(`#field-family_name`), "Kvaratskhelia"),
			chromedp.SendKeys(chromedp.CSS(`#field-given_name_native`), "თამარ"),
			chromedp.SendKeys(chromedp.CSS(`#field-family_name_native`), "კვარაცხელია"),
			chromedp.SendKeys(chromedp.CSS(`#field-email`), "t.kvaratskhelia@browser.example.org"),
			chromedp.Submit(chromedp.CSS(`#field-family_name`)),
			chromedp.WaitVisible(chromedp.Search(`//h1[contains(., "Kvaratskhelia")]`)),
		)
		run("see the person listed",
			chromedp.Navigate(e.URL+"/directory/people?q="+"კვარაცხელია"),
			chromedp.WaitVisible(chromedp.Search(`//a[contains(., "Kvaratskhelia")]`)),
		)
	})
}
