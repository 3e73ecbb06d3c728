package notify_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/mail"
	"strings"
	"testing"
	"time"

	"github.com/topcop-platform/topcop/internal/app"
	"github.com/topcop-platform/topcop/internal/app/apptest"
	"github.com/topcop-platform/topcop/internal/auth"
	"github.com/topcop-platform/topcop/internal/config"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
	"github.com/topcop-platform/topcop/internal/db/dbtest"
	"github.com/topcop-platform/topcop/internal/module"
	"github.com/topcop-platform/topcop/internal/notify"
	"github.com/topcop-platform/topcop/internal/notify/notifytest"
)

// publicURL is the platforms' public URL: mail links start with it.
const publicURL = "https://topcop.test"

// mailEnv builds a platform on engine whose mail goes to srv (nil: no
// relay), with the quick worker and the greeting template.
func mailEnv(t *testing.T, engine string, srv *notifytest.Server) (*apptest.Env, *notify.Service) {
	t.Helper()
	e := apptest.New(t, engine, apptest.Config(func(c *config.Config) {
		c.PublicURL = publicURL
		if srv != nil {
			c.SMTP = srv.Config(t)
		}
	}))
	svc := apptest.Use[*notify.Service](e)
	if srv != nil {
		notifytest.Quick(t, svc)
	}
	notifytest.Register(t, svc)
	return e, svc
}

// send sends m in a transaction of its own, as the system.
func send(t testing.TB, d *db.DB, svc *notify.Service, m notify.Mail) string {
	t.Helper()
	var id string
	err := d.Write(apptest.SysCtx(), func(ctx context.Context) error {
		var err error
		id, err = svc.Send(ctx, m)
		return err
	})
	if err != nil {
		t.Fatalf("send %+v: %v", m, err)
	}
	return id
}

func greeting(to, lang string) notify.Mail {
	return notify.Mail{To: to, Lang: lang, Template: notifytest.Greeting, Data: map[string]any{"Name": "Ana"}, Link: "/directory/people"}
}

func outbox(t testing.TB, svc *notify.Service, id string) notify.Outbox {
	t.Helper()
	o, err := svc.OutboxMail(apptest.SysCtx(), id)
	if err != nil {
		t.Fatalf("outbox %s: %v", id, err)
	}
	return o
}

func drain(t testing.TB, svc *notify.Service) {
	t.Helper()
	ctx, cancel := context.WithTimeout(apptest.SysCtx(), time.Minute)
	defer cancel()
	if err := svc.Drain(ctx, 0); err != nil {
		t.Fatalf("drain: %v", err)
	}
}

// TestMailArrivesOnceInLanguage: a mail queued in a committed
// transaction arrives, once, written in the recipient's language (given,
// or the account's), with the platform's headers: a Message-ID stable
// per mail, Date, Auto-Submitted, Content-Language, UTF-8 text and HTML
// bodies that link to the page; an account also gets an in-app
// notification.
func TestMailArrivesOnceInLanguage(t *testing.T) {
	for _, engine := range dbtest.Engines {
		t.Run(engine, func(t *testing.T) {
			srv := notifytest.Start(t)
			e, svc := mailEnv(t, engine, srv)
			acc, err := e.Auth.CreateAccount(apptest.SysCtx(), auth.AccountInput{Email: "olena@example.org", Name: "Olena Shevchenko",
				Password: apptest.Password, Lang: "uk"})
			if err != nil {
				t.Fatal(err)
			}
			ka := send(t, e.DB, svc, greeting("nino@example.ge", "ka"))
			uk := send(t, e.DB, svc, notify.Mail{AccountID: acc.ID, Template: notifytest.Greeting, Data: map[string]any{"Name": "Ana"}, Link: "/account"})
			msgs := srv.Wait(t, 2)
			drain(t, svc)
			if got := srv.Messages(); len(got) != 2 || srv.Attempts() != 2 {
				t.Fatalf("%d messages in %d attempts, want 2 in 2", len(got), srv.Attempts())
			}
			byID := map[string]notifytest.Message{}
			for _, m := range msgs {
				byID[m.MessageID] = m
			}
			for _, c := range []struct {
				id, lang, to, link string
			}{{ka, "ka", "nino@example.ge", "/directory/people"}, {uk, "uk", "olena@example.org", "/account"}} {
				o := outbox(t, svc, c.id)
				if o.Status != notify.StatusSent || o.Attempts != 1 || o.SentAt.IsZero() || o.Lang != c.lang {
					t.Errorf("outbox %s: status %s, attempts %d, sent %v, lang %s", c.id, o.Status, o.Attempts, o.SentAt, o.Lang)
				}
				want := "<" + c.id + "@topcop.test>"
				m, ok := byID[want]
				if !ok {
					t.Fatalf("no message with Message-ID %s among %v", want, keys(byID))
				}
				checkMessage(t, m, c.lang, c.to, publicURL+c.link, o)
			}
			// The account's mail made an in-app notification; the bare
			// address's did not.
			c := e.SignIn(t, acc.Email)
			res := c.Get(t, "/api/v1/me/notifications")
			apptest.WantStatus(t, res, http.StatusOK)
			var list core.List[notify.Notification]
			res.JSON(t, &list)
			if list.Total != 1 || list.Items[0].Title != notifytest.Subjects["uk"] || list.Items[0].Link != "/account" || list.Items[0].Read() {
				t.Fatalf("notifications of the account: %+v", list)
			}
			acts := strings.Join(e.AuditActions(t), " ")
			if strings.Count(acts, "notify.mail.queued") != 2 || strings.Count(acts, "notify.mail.sent") != 2 {
				t.Errorf("audit actions: %s", acts)
			}
		})
	}
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// checkMessage checks one received message against its outbox row.
func checkMessage(t *testing.T, m notifytest.Message, lang, to, link string, o notify.Outbox) {
	t.Helper()
	h := m.Header
	if m.Subject != notifytest.Subjects[lang] {
		t.Errorf("subject %q, want %q", m.Subject, notifytest.Subjects[lang])
	}
	if len(m.To) != 1 || m.To[0] != to || m.From != "noreply@topcop.test" {
		t.Errorf("envelope from %q to %v", m.From, m.To)
	}
	if got := h.Get("Auto-Submitted"); got != "auto-generated" {
		t.Errorf("Auto-Submitted: %q", got)
	}
	if got := h.Get("Content-Language"); got != lang {
		t.Errorf("Content-Language: %q, want %s", got, lang)
	}
	date, err := mail.ParseDate(h.Get("Date"))
	if err != nil || !date.Equal(o.CreatedAt.Truncate(time.Second)) {
		t.Errorf("Date %q (%v), want the mail's creation %v", h.Get("Date"), err, o.CreatedAt)
	}
	from, err := mail.ParseAddress(h.Get("From"))
	if err != nil || from.Address != "noreply@topcop.test" || from.Name != "TOPCOP test" {
		t.Errorf("From %q", h.Get("From"))
	}
	if !strings.Contains(h.Get("Content-Type"), "multipart/alternative") {
		t.Errorf("Content-Type %q, want text and HTML alternatives", h.Get("Content-Type"))
	}
	if !strings.Contains(m.Text, "Ana") || !strings.Contains(m.Text, link) || m.Text != o.Text {
		t.Errorf("text body %q, want the greeting, the link %s, and the outbox's text", m.Text, link)
	}
	if !strings.Contains(m.HTML, `href="`+link+`"`) || !strings.Contains(m.HTML, `lang="`+lang+`"`) {
		t.Errorf("HTML body lacks the link or the language: %s", m.HTML)
	}
}

// TestRolledBackSendsNothing: a mail sent in a transaction that rolls
// back leaves no outbox row, no job and no notification, and nothing
// reaches the relay.
func TestRolledBackSendsNothing(t *testing.T) {
	for _, engine := range dbtest.Engines {
		t.Run(engine, func(t *testing.T) {
			srv := notifytest.Start(t)
			e, svc := mailEnv(t, engine, srv)
			acc := e.CreateAccount(t, "rollback@example.org")
			boom := errors.New("the change failed")
			var id string
			err := e.DB.Write(apptest.SysCtx(), func(ctx context.Context) error {
				var err error
				if id, err = svc.Send(ctx, greeting(acc.Email, "en")); err != nil {
					return err
				}
				return boom
			})
			if !errors.Is(err, boom) || id == "" {
				t.Fatalf("write: id %q, err %v", id, err)
			}
			// A committed mail after it shows the queue works, and that
			// it delivers only that one.
			send(t, e.DB, svc, greeting("other@example.org", "en"))
			srv.Wait(t, 1)
			drain(t, svc)
			if n := len(srv.Messages()); n != 1 || srv.Attempts() != 1 {
				t.Fatalf("%d messages, %d attempts; want only the committed mail", n, srv.Attempts())
			}
			if _, err := svc.OutboxMail(apptest.SysCtx(), id); !core.IsCode(err, core.NotFound) {
				t.Fatalf("outbox row of the rolled-back mail: %v", err)
			}
			var n int
			if err := e.DB.QueryRow(context.Background(), `SELECT count(*) FROM notifications WHERE account_id = ?`, acc.ID).Scan(&n); err != nil || n != 0 {
				t.Fatalf("notifications of the rolled-back mail: %d, %v", n, err)
			}
		})
	}
}

// TestRetryWithBackoff: a relay that refuses the first attempts (451)
// gets the mail again after a backoff, until it takes it; the outbox
// shows the attempts, and the audit log each retry. A failed attempt
// makes the job wait (it is not due again at once), for about RetryBase
// after the first attempt and twice as long after the second.
func TestRetryWithBackoff(t *testing.T) {
	for _, engine := range dbtest.Engines {
		t.Run(engine, func(t *testing.T) {
			srv := notifytest.Start(t, notifytest.Refuse(2))
			e, svc := mailEnv(t, engine, srv)
			id := send(t, e.DB, svc, greeting("retry@example.org", "ro"))
			msgs := srv.Wait(t, 1)
			drain(t, svc)
			if len(srv.Messages()) != 1 || srv.Attempts() != 3 || msgs[0].Subject != notifytest.Subjects["ro"] {
				t.Fatalf("%d messages after %d attempts, want 1 after 3", len(srv.Messages()), srv.Attempts())
			}
			o := outbox(t, svc, id)
			if o.Status != notify.StatusSent || o.Attempts != 3 || o.LastError != "" || !o.NextAttemptAt.IsZero() {
				t.Fatalf("outbox after the retries: %+v", o)
			}
			acts := strings.Join(e.AuditActions(t), " ")
			if strings.Count(acts, "notify.mail.retry") != 2 || strings.Count(acts, "notify.mail.sent") != 1 {
				t.Errorf("audit actions: %s", acts)
			}

			// The backoff itself, step by step with the queue run in the
			// test's goroutine: a long RetryBase keeps the job waiting.
			svc.StopWorker()
			slow := notifytest.QuickWorker()
			slow.RetryBase, slow.RetryMax = time.Hour, 4*time.Hour
			notifytest.Restart(t, svc, slow)
			svc.StopWorker()
			srv.SetRefuse(1)
			id = send(t, e.DB, svc, greeting("later@example.org", "en"))
			before := time.Now()
			if n, err := svc.RunDue(apptest.SysCtx()); err != nil || n != 1 {
				t.Fatalf("first run: %d attempts, %v", n, err)
			}
			o = outbox(t, svc, id)
			if o.Status != notify.StatusQueued || o.Attempts != 1 || !strings.Contains(o.LastError, "451") {
				t.Fatalf("after a refused attempt: %+v", o)
			}
			if wait := o.NextAttemptAt.Sub(before); wait < 48*time.Minute || wait > 73*time.Minute {
				t.Fatalf("next attempt in %v, want RetryBase (1h) ± 20%%", wait)
			}
			if n, err := svc.RunDue(apptest.SysCtx()); err != nil || n != 0 {
				t.Fatalf("second run: %d attempts, %v; the job should wait for its backoff", n, err)
			}
			if p, err := svc.Pending(apptest.SysCtx()); err != nil || p != 1 {
				t.Fatalf("pending %d, %v", p, err)
			}
		})
	}
}

// TestFailedMailRetriedByAdmin: a mail that used up its attempts is
// failed with the relay's last answer; an admin queues it again and it
// is delivered, with the same Message-ID.
func TestFailedMailRetriedByAdmin(t *testing.T) {
	for _, engine := range dbtest.Engines {
		t.Run(engine, func(t *testing.T) {
			srv := notifytest.Start(t, notifytest.Refuse(1))
			e, svc := mailEnv(t, engine, srv)
			once := notifytest.QuickWorker()
			once.MaxAttempts = 1
			notifytest.Restart(t, svc, once)
			id := send(t, e.DB, svc, greeting("failed@example.org", "en"))
			drain(t, svc)
			o := outbox(t, svc, id)
			if o.Status != notify.StatusFailed || o.Attempts != 1 || !strings.Contains(o.LastError, "451") || len(srv.Messages()) != 0 {
				t.Fatalf("after the only attempt: %+v", o)
			}
			admin := e.SignIn(t, e.AccountFor(t, core.RoleAdmin).Email)
			_, doc := admin.GetDoc(t, "/admin/outbox/"+id, http.StatusOK)
			if doc.Find(`form[action="/admin/outbox/`+id+`/retry"] button`).Length() != 1 {
				t.Fatal("the failed mail's page offers no retry")
			}
			apptest.WantRedirect(t, admin.Post(t, "/admin/outbox/"+id+"/retry", nil), "/admin/outbox/"+id+"?done=requeued")
			msgs := srv.Wait(t, 1)
			drain(t, svc)
			if msgs[0].MessageID != "<"+id+"@topcop.test>" || outbox(t, svc, id).Status != notify.StatusSent {
				t.Fatalf("after the retry: %s, %+v", msgs[0].MessageID, outbox(t, svc, id))
			}
			if err := svc.Retry(apptest.SysCtx(), id); !core.IsCode(err, core.Conflict) {
				t.Fatalf("retry of a sent mail: %v", err)
			}
		})
	}
}

// TestRestartDelivers: mail queued by a platform that then closes is
// delivered by the next platform opened on the same database.
func TestRestartDelivers(t *testing.T) {
	for _, engine := range dbtest.Engines {
		t.Run(engine, func(t *testing.T) {
			srv := notifytest.Start(t)
			cfg := config.Default()
			cfg.DB = dbtest.DSN(t, engine)
			cfg.SMTP = srv.Config(t)
			cfg.PublicURL = publicURL
			opts := app.Options{Modules: []module.Module{}, Logger: apptest.TestLogger(t)}
			ctx := context.Background()

			p1, err := app.Open(ctx, cfg, opts)
			if err != nil {
				t.Fatal(err)
			}
			svc1 := module.Use[*notify.Service](p1.Env)
			svc1.StopWorker() // the process dies before it delivers
			notifytest.Register(t, svc1)
			id := send(t, p1.DB, svc1, greeting("restart@example.org", "hy"))
			p1.Close()
			if n := srv.Attempts(); n != 0 {
				t.Fatalf("%d attempts before the restart", n)
			}

			p2, err := app.Open(ctx, cfg, opts)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(p2.Close)
			svc2 := module.Use[*notify.Service](p2.Env)
			notifytest.Quick(t, svc2)
			msgs := srv.Wait(t, 1)
			drain(t, svc2)
			if len(srv.Messages()) != 1 || msgs[0].MessageID != "<"+id+"@topcop.test>" || msgs[0].Subject != notifytest.Subjects["hy"] {
				t.Fatalf("after the restart: %d messages, first %q %q", len(srv.Messages()), msgs[0].MessageID, msgs[0].Subject)
			}
		})
	}
}

// TestTwoWorkersNeverDeliverTwice: two platforms (replicas) on one
// database, both delivering with several goroutines, send 200 mails
// exactly once each: 200 distinct Message-IDs, 200 attempts at the relay.
func TestTwoWorkersNeverDeliverTwice(t *testing.T) {
	const mails = 200
	for _, engine := range dbtest.Engines {
		t.Run(engine, func(t *testing.T) {
			srv := notifytest.Start(t)
			cfg := config.Default()
			cfg.DB = dbtest.DSN(t, engine)
			cfg.SMTP = srv.Config(t)
			opts := app.Options{Modules: []module.Module{}, Logger: slog.New(slog.DiscardHandler)}
			var svcs []*notify.Service
			var first *app.Platform
			for i := range 2 {
				p, err := app.Open(context.Background(), cfg, opts)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(p.Close)
				svc := module.Use[*notify.Service](p.Env)
				svc.StopWorker() // started below, together
				svcs = append(svcs, svc)
				if i == 0 {
					first = p
				}
			}
			notifytest.Register(t, svcs[0])
			for i := 0; i < mails; i += 10 {
				err := first.DB.Write(apptest.SysCtx(), func(ctx context.Context) error {
					for j := range 10 {
						m := greeting(fmt.Sprintf("r%03d@example.org", i+j), "en")
						if _, err := svcs[0].Send(ctx, m); err != nil {
							return err
						}
					}
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
			}
			for _, s := range svcs {
				notifytest.Quick(t, s)
			}
			msgs := srv.Wait(t, mails)
			for _, s := range svcs {
				drain(t, s)
			}
			// A worker counts a mail once its send is marked, which may
			// follow the server's receipt by a moment.
			a, b := svcs[0].Stats(), svcs[1].Stats()
			for end := time.Now().Add(10 * time.Second); a.Sent+b.Sent < mails && time.Now().Before(end); {
				time.Sleep(20 * time.Millisecond)
				a, b = svcs[0].Stats(), svcs[1].Stats()
			}
			t.Logf("replica 1 sent %d, replica 2 sent %d", a.Sent, b.Sent)
			if a.Sent == 0 || b.Sent == 0 || a.Sent+b.Sent != mails {
				t.Errorf("replicas sent %d and %d; want both to share the %d mails", a.Sent, b.Sent, mails)
			}
			msgs = srv.Messages()
			ids := map[string]int{}
			for _, m := range msgs {
				ids[m.MessageID]++
			}
			if len(msgs) != mails || len(ids) != mails || srv.Attempts() != mails {
				t.Fatalf("%d messages, %d distinct Message-IDs, %d attempts; want %d of each", len(msgs), len(ids), srv.Attempts(), mails)
			}
			var sent, attempts int
			if err := first.DB.QueryRow(context.Background(), `SELECT count(*), coalesce(sum(attempts), 0) FROM mail_outbox WHERE status = ?`, notify.StatusSent).Scan(&sent, &attempts); err != nil {
				t.Fatal(err)
			}
			if sent != mails || attempts != mails {
				t.Fatalf("outbox: %d sent in %d attempts, want %d in %d", sent, attempts, mails, mails)
			}
		})
	}
}

// TestOutboxWithoutRelay: without a relay, mail lands in the outbox as
// "not sent (no SMTP configured)" with no job queued; admins list and
// read it, in their language; a coordinator is refused both pages.
func TestOutboxWithoutRelay(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		svc := apptest.Use[*notify.Service](e)
		notifytest.Register(t, svc)
		if svc.Sending() {
			t.Fatal("sending without a relay")
		}
		id := send(t, e.DB, svc, greeting("outbox@example.org", "az"))
		if n, err := svc.Pending(apptest.SysCtx()); err != nil || n != 0 {
			t.Fatalf("jobs queued without a relay: %d, %v", n, err)
		}
		if o := outbox(t, svc, id); o.Status != notify.StatusUnsent || o.Attempts != 0 {
			t.Fatalf("outbox row: %+v", o)
		}

		admin := e.SignIn(t, e.AccountFor(t, core.RoleAdmin).Email)
		_, doc := admin.GetDoc(t, "/admin/outbox", http.StatusOK)
		row := doc.Find(`table.outbox tbody tr`)
		if row.Length() != 1 || !strings.Contains(row.Text(), notifytest.Subjects["az"]) || !strings.Contains(row.Text(), "outbox@example.org") {
			t.Fatalf("outbox rows: %q", row.Text())
		}
		if got := strings.TrimSpace(row.Find(".badge").Text()); got != "Not sent (no SMTP configured)" {
			t.Fatalf("status shown %q", got)
		}
		if doc.Find("p.notice").Length() != 1 {
			t.Error("the outbox does not say that no relay is configured")
		}
		_, doc = admin.GetDoc(t, "/admin/outbox?status=unsent&to=OUTBOX", http.StatusOK)
		if n := doc.Find(`table.outbox tbody tr`).Length(); n != 1 {
			t.Fatalf("filtered outbox: %d rows", n)
		}
		_, doc = admin.GetDoc(t, "/admin/outbox?status=sent", http.StatusOK)
		if n := doc.Find(`table.outbox tbody tr`).Length(); n != 0 {
			t.Fatalf("outbox filtered to sent: %d rows", n)
		}
		res := admin.Get(t, "/admin/outbox?status=lost")
		apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
		apptest.WantFieldError(t, res.Doc(t), "status")

		_, doc = admin.GetDoc(t, "/admin/outbox/"+id, http.StatusOK)
		if pre := doc.Find("pre.mail-text").Text(); !strings.Contains(pre, "Hörmətli Ana") || !strings.Contains(pre, "/directory/people") {
			t.Fatalf("mail text shown: %q", pre)
		}
		if doc.Find(`form[action$="/retry"]`).Length() != 0 {
			t.Error("a retry is offered without a relay")
		}
		// The page is localised (the admin's language, chosen by cookie).
		admin.SetCookie("lang", "ru")
		_, doc = admin.GetDoc(t, "/admin/outbox", http.StatusOK)
		if h := doc.Find("h1").Text(); h != "Исходящая почта" {
			t.Fatalf("Russian heading %q", h)
		}

		coord := e.SignIn(t, e.AccountFor(t, core.RoleCoordinator).Email)
		for _, path := range []string{"/admin/outbox", "/admin/outbox/" + id} {
			apptest.WantStatus(t, coord.Get(t, path), http.StatusForbidden)
		}
		token := e.APIToken(t, e.AccountFor(t, core.RoleCoordinator).Email)
		apptest.WantStatus(t, e.DoJSON(t, http.MethodGet, "/api/v1/outbox", token, nil), http.StatusForbidden)
		if missing := e.Bundle.Missing(); len(missing) > 0 {
			t.Errorf("messages missing from the catalogues: %v", missing)
		}
	})
}

// TestNotificationsOfAnAccount: an account sees its own notifications
// (page and API), newest first, marks one read (opening its page) or all;
// it cannot mark another account's.
func TestNotificationsOfAnAccount(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		svc := apptest.Use[*notify.Service](e)
		notifytest.Register(t, svc)
		acc := e.CreateAccount(t, "reader@example.org", apptest.GlobalGrant(core.RoleParticipant))
		other := e.CreateAccount(t, "other@example.org", apptest.GlobalGrant(core.RoleParticipant))
		send(t, e.DB, svc, greeting(acc.Email, ""))
		send(t, e.DB, svc, notify.Mail{AccountID: acc.ID, Template: notifytest.Greeting, Data: map[string]any{"Name": "Ana"}})
		send(t, e.DB, svc, greeting(other.Email, ""))

		c := e.SignIn(t, acc.Email)
		_, doc := c.GetDoc(t, "/notifications", http.StatusOK)
		if n := doc.Find("table.notifications tbody tr.unread").Length(); n != 2 {
			t.Fatalf("%d unread rows, want 2", n)
		}
		// The navigation counts them, on every page, for this account only.
		if got := doc.Find(`.nav-list a[href="/notifications"] .nav-count`).First().Text(); got != "2 new" {
			t.Errorf("navigation counter %q, want \"2 new\"", got)
		}
		var list core.List[notify.Notification]
		c.Get(t, "/api/v1/me/notifications?unread=true").JSON(t, &list)
		if list.Total != 2 || list.Items[0].Link != "" || list.Items[1].Link != "/directory/people" {
			t.Fatalf("unread notifications, newest first: %+v", list)
		}
		withLink := list.Items[1].ID
		apptest.WantRedirect(t, c.Post(t, "/notifications/"+withLink+"/read", map[string][]string{"open": {"1"}}), "/directory/people")
		n, err := svc.UnreadCount(core.WithActor(context.Background(), core.Actor{AccountID: acc.ID, Grants: acc.Grants}))
		if err != nil || n != 1 {
			t.Fatalf("unread count %d, %v", n, err)
		}
		// Another account's notification is not found, read or not.
		o := e.SignIn(t, other.Email)
		apptest.WantStatus(t, o.Post(t, "/notifications/"+list.Items[0].ID+"/read", nil), http.StatusNotFound)
		token := e.APIToken(t, other.Email)
		apptest.WantStatus(t, e.DoJSON(t, http.MethodPost, "/api/v1/me/notifications/"+list.Items[0].ID+"/read", token, nil), http.StatusNotFound)

		apptest.WantRedirect(t, c.Post(t, "/notifications/read", nil), "/notifications?done=all_read")
		_, doc = c.GetDoc(t, "/notifications?done=all_read", http.StatusOK)
		if n := doc.Find("table.notifications tbody tr.unread").Length(); n != 0 || doc.Find("table.notifications tbody tr").Length() != 2 {
			t.Fatalf("after marking all read: %d unread of %d", n, doc.Find("table.notifications tbody tr").Length())
		}
		if doc.Find(".nav-count").Length() != 0 {
			t.Error("the navigation still counts unread notifications after all are read")
		}
		if !strings.Contains(doc.Text(), "All your notifications are marked as read.") {
			t.Error("no confirmation")
		}
		var all core.List[notify.Notification]
		o.Get(t, "/api/v1/me/notifications").JSON(t, &all)
		if all.Total != 1 || all.Items[0].Read() {
			t.Fatalf("the other account's notifications: %+v", all)
		}
		acts := strings.Join(e.AuditActions(t), " ")
		if strings.Count(acts, "notify.notification.read") != 2 {
			t.Errorf("audit actions: %s", acts)
		}
	})
}

// TestSendRefusesBadInput: Send works only inside a write transaction,
// with a registered template, one recipient, a known language and a
// link inside the platform; a bad mail changes nothing.
func TestSendRefusesBadInput(t *testing.T) {
	e := apptest.New(t, config.SQLite)
	svc := apptest.Use[*notify.Service](e)
	notifytest.Register(t, svc)
	if _, err := svc.Send(apptest.SysCtx(), greeting("x@example.org", "en")); !core.IsCode(err, core.Internal) {
		t.Fatalf("Send outside a write: %v", err)
	}
	if err := svc.Register(map[string]notify.Template{notifytest.Greeting: notify.MessageTemplate("x")}); err == nil {
		t.Fatal("a template registered twice")
	}
	for _, c := range []struct {
		name  string
		m     notify.Mail
		field string
		code  core.Code
	}{
		{"no recipient", notify.Mail{Template: notifytest.Greeting}, "to", core.Invalid},
		{"bad address", notify.Mail{To: "not an address", Template: notifytest.Greeting}, "to", core.Invalid},
		{"both", notify.Mail{To: "x@example.org", AccountID: core.NewID(), Template: notifytest.Greeting}, "to", core.Invalid},
		{"unknown language", notify.Mail{To: "x@example.org", Lang: "de", Template: notifytest.Greeting}, "lang", core.Invalid},
		{"outside link", notify.Mail{To: "x@example.org", Link: "https://evil.example/", Template: notifytest.Greeting}, "link", core.Invalid},
		{"scheme-relative link", notify.Mail{To: "x@example.org", Link: "//evil.example/", Template: notifytest.Greeting}, "link", core.Invalid},
		{"header injection", notify.Mail{To: "x@example.org", Name: "A\r\nBcc: y@example.org", Template: notifytest.Greeting}, "name", core.Invalid},
		{"unknown account", notify.Mail{AccountID: core.NewID(), Template: notifytest.Greeting}, "", core.NotFound},
		{"unknown template", notify.Mail{To: "x@example.org", Template: "nope"}, "", core.Internal},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := e.DB.Write(apptest.SysCtx(), func(ctx context.Context) error {
				_, err := svc.Send(ctx, c.m)
				return err
			})
			if !core.IsCode(err, c.code) {
				t.Fatalf("err %v, want %s", err, c.code)
			}
			if c.field != "" && !hasField(err, c.field) {
				t.Fatalf("err %v lacks a field error on %s", err, c.field)
			}
		})
	}
	l, err := svc.ListOutbox(apptest.SysCtx(), notify.OutboxFilter{}, core.PageRequest{})
	if err != nil || l.Total != 0 {
		t.Fatalf("outbox after refused mails: %d, %v", l.Total, err)
	}
}

func hasField(err error, field string) bool {
	for _, f := range core.AsError(err).Fields {
		if f.Field == field {
			return true
		}
	}
	return false
}
