package apptest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// ChromiumPath finds Debian's chromium (or another Chromium build) on
// PATH, or "".
func ChromiumPath() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// NewBrowser starts a headless Chromium for t and returns its context.
// Without one the test skips with a visible message, unless
// TOPCOP_REQUIRE_BROWSER is set, in which case it fails. When t fails, a
// screenshot of the page is saved under TOPCOP_ARTIFACTS (default
// $TMPDIR/topcop-browser) and its path logged.
func NewBrowser(t *testing.T) context.Context {
	t.Helper()
	path := ChromiumPath()
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

// Browser drives one page of a headless Chromium (NewBrowser) with
// failures that say which step failed and where the page was.
type Browser struct {
	T   *testing.T
	Ctx context.Context
}

// OpenBrowser is NewBrowser wrapped in a Browser.
func OpenBrowser(t *testing.T) *Browser {
	t.Helper()
	return &Browser{T: t, Ctx: NewBrowser(t)}
}

// Run performs actions, failing the test with step and the current URL.
func (b *Browser) Run(step string, actions ...chromedp.Action[chromedp.Void]) {
	b.T.Helper()
	if err := chromedp.Do(b.Ctx, actions...); err != nil {
		url, _ := chromedp.Run(b.Ctx, chromedp.Location())
		b.T.Fatalf("%s (at %s): %v", step, url, err)
	}
}

// Get runs a and returns its string value, failing the test with step.
func (b *Browser) Get(step string, a chromedp.Action[string]) string {
	b.T.Helper()
	v, err := chromedp.Run(b.Ctx, a)
	if err != nil {
		b.T.Fatalf("%s: %v", step, err)
	}
	return v
}

// SignIn signs email in on the sign-in page with the password the harness
// knows. When the platform asks to enrol a second factor, it reads the
// secret the page shows, confirms it with a code and remembers it; when it
// asks for a code, it enters one. It returns once the browser has left the
// sign-in and enrolment pages, and the path it arrived at.
func (b *Browser) SignIn(e *Env, email string) string {
	b.T.Helper()
	b.Run("sign in as "+email,
		chromedp.Navigate(e.URL+"/login"),
		chromedp.WaitVisible(chromedp.CSS(`#field-email`)),
		chromedp.SendKeys(chromedp.CSS(`#field-email`), email),
		chromedp.SendKeys(chromedp.CSS(`#field-password`), e.PasswordOf(email)),
		chromedp.Submit(chromedp.CSS(`#field-password`)),
	)
	path := b.WaitLeave("/login")
	switch path {
	case "/account/totp":
		b.Run("see the enrolment page", chromedp.WaitVisible(chromedp.CSS(`#totp-secret`)))
		secret := b.Get("read the TOTP secret", chromedp.Text(chromedp.CSS(`#totp-secret`)))
		secret = strings.ReplaceAll(strings.TrimSpace(secret), " ", "")
		e.SetSecret(email, secret)
		b.Run("confirm the second factor",
			chromedp.SendKeys(chromedp.CSS(`#field-code`), e.CodeFor(b.T, secret)),
			chromedp.Submit(chromedp.CSS(`#field-code`)),
		)
		path = b.WaitLeave("/account/totp")
	case "/login/totp":
		secret := e.Secret(email)
		if secret == "" {
			b.T.Fatalf("sign in %s: asked for a code, but the harness knows no secret", email)
		}
		b.Run("enter the code",
			chromedp.WaitVisible(chromedp.CSS(`#field-code`)),
			chromedp.SendKeys(chromedp.CSS(`#field-code`), e.CodeFor(b.T, secret)),
			chromedp.Submit(chromedp.CSS(`#field-code`)),
		)
		path = b.WaitLeave("/login/totp")
	}
	return path
}

// WaitLeave waits (20 s at most) until the page's path is no longer path
// and the new page has loaded, and returns the new path. On a timeout it
// fails the test with the text of the page it is stuck on.
func (b *Browser) WaitLeave(path string) string {
	b.T.Helper()
	deadline := time.Now().Add(20 * time.Second)
	var last error
	for time.Now().Before(deadline) {
		// Evaluated afresh each time: a navigation in progress destroys
		// the page's context, which is an error to wait out.
		ctx, cancel := context.WithTimeout(b.Ctx, 2*time.Second)
		state, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname + " " + document.readyState`))
		cancel()
		if err == nil {
			p, ready, _ := strings.Cut(state, " ")
			if p != path && ready == "complete" {
				return p
			}
		} else {
			last = err
		}
		time.Sleep(100 * time.Millisecond)
	}
	text, _ := chromedp.Run(b.Ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`))
	b.T.Fatalf("still at %s after 20 s (last error: %v)\npage: %s", path, last, Excerpt(text))
	return ""
}
