package notify_test

import (
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/topcop-platform/topcop/internal/app/apptest"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/notify"
	"github.com/topcop-platform/topcop/internal/notify/notifytest"
)

// TestOutboxAndNotificationsInBrowser: in Chromium, an admin opens the
// outbox, then a mail from it, and the pages fit a desktop and a phone
// window; an account opens its notifications and follows one to its page,
// which marks it read.
func TestOutboxAndNotificationsInBrowser(t *testing.T) {
	e := apptest.New(t, "sqlite")
	svc := apptest.Use[*notify.Service](e)
	notifytest.Register(t, svc)
	acc := e.CreateAccount(t, "browser@example.org", apptest.GlobalGrant(core.RoleParticipant))
	for _, lang := range []string{"en", "ka", "uk"} {
		m := greeting(acc.Email, lang)
		m.Link = "/account"
		send(t, e.DB, svc, m)
	}
	id := send(t, e.DB, svc, greeting("a-rather-long-address-of-someone@agency.example.org", "hy"))

	b := apptest.OpenBrowser(t)
	b.SignIn(e, e.AccountFor(t, core.RoleAdmin).Email)
	for _, w := range []struct{ width, height int }{{1366, 900}, {375, 800}} {
		b.Viewport(w.width, w.height)
		for _, path := range []string{"/admin/outbox", "/admin/outbox/" + id} {
			b.Open(e, path)
			if p := b.MeasureLayout().Problems(); len(p) > 0 {
				t.Errorf("%s at %d px: %v", path, w.width, p)
			}
			if dir := os.Getenv("NOTIFY_SCREENSHOTS"); dir != "" {
				png, err := chromedp.Run(b.Ctx, chromedp.FullScreenshot(100))
				if err != nil {
					t.Fatal(err)
				}
				name := strings.NewReplacer("/", "_").Replace(path)
				_ = os.WriteFile(dir+"/"+name+"-"+strconv.Itoa(w.width)+".png", png, 0o644)
			}
		}
	}
	b.Viewport(1366, 900)
	b.Open(e, "/admin/outbox")
	b.Run("open the first mail", chromedp.Click(chromedp.CSS(`table.outbox tbody tr:first-child th a`)), chromedp.WaitVisible(chromedp.CSS(`pre.mail-text`)))
	if text := b.Get("mail text", chromedp.Text(chromedp.CSS(`pre.mail-text`))); !strings.Contains(text, "Հարգելի Ana") {
		t.Fatalf("the mail page shows %q", text)
	}

	c := apptest.OpenBrowser(t)
	c.SignIn(e, acc.Email)
	c.Open(e, "/notifications")
	if n := c.Get("unread rows", chromedp.Evaluate[string](`String(document.querySelectorAll('table.notifications tr.unread').length)`)); n != "3" {
		t.Fatalf("%s unread rows, want 3", n)
	}
	if dir := os.Getenv("NOTIFY_SCREENSHOTS"); dir != "" {
		png, err := chromedp.Run(c.Ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		_ = os.WriteFile(dir+"/notifications.png", png, 0o644)
	}
	c.Run("open the newest", chromedp.Click(chromedp.CSS(`table.notifications tbody tr:first-child button[name="open"]`)))
	if path := c.WaitLeave("/notifications"); path != "/account" {
		t.Fatalf("opening the notification led to %s, want its page /account", path)
	}
	c.Open(e, "/notifications")
	if n := c.Get("unread rows", chromedp.Evaluate[string](`String(document.querySelectorAll('table.notifications tr.unread').length)`)); n != "2" {
		t.Fatalf("%s unread rows after opening one, want 2", n)
	}
}
