package notify_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/topcop-platform/topcop/internal/config"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/notify"
	"github.com/topcop-platform/topcop/internal/notify/notifytest"
)

func testMail() notify.Outbox {
	id := core.NewID()
	return notify.Outbox{ID: id, To: "ana@example.org", ToName: "Ана Popescu", Lang: "ro", Subject: "Bună ziua — încercare",
		Text: "Un text în română: ăâîșț.\n", HTML: "<p>Un text în română: ăâîșț.</p>", MessageID: id + "@topcop.test",
		CreatedAt: time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)}
}

// TestMailerSecurity: the mailer talks to the relay over STARTTLS
// (smtp://) or TLS (smtps://), checks the relay's certificate against
// ca=, authenticates, and keeps UTF-8 names, subject and bodies intact.
// A wrong password or an untrusted certificate fails the attempt, as
// retryable (an operator fixes the configuration).
func TestMailerSecurity(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts []notifytest.Option
	}{{"starttls", nil}, {"implicit tls", []notifytest.Option{notifytest.ImplicitTLS()}}} {
		t.Run(tc.name, func(t *testing.T) {
			srv := notifytest.Start(t, tc.opts...)
			m, err := notify.NewMailer(srv.Config(t), notify.MailerOptions{})
			if err != nil {
				t.Fatal(err)
			}
			o := testMail()
			if err := m.Send(context.Background(), o); err != nil {
				t.Fatal(err)
			}
			got := srv.Wait(t, 1)[0]
			if got.Subject != o.Subject || got.Text != o.Text || got.HTML != o.HTML || got.MessageID != "<"+o.MessageID+">" {
				t.Fatalf("received %q %q %q %q", got.Subject, got.Text, got.HTML, got.MessageID)
			}
			if to := got.Header.Get("To"); !strings.Contains(to, "ana@example.org") {
				t.Fatalf("To %q", to)
			}

			bad := srv.Config(t)
			bad.Password = "wrong"
			mb, err := notify.NewMailer(bad, notify.MailerOptions{Timeout: 5 * time.Second})
			if err != nil {
				t.Fatal(err)
			}
			if err := mb.Send(context.Background(), testMail()); err == nil || notify.IsPermanent(err) {
				t.Fatalf("wrong password: %v (permanent %v)", err, notify.IsPermanent(err))
			}
			untrusted := srv.Config(t)
			untrusted.CAFile = ""
			mu, err := notify.NewMailer(untrusted, notify.MailerOptions{Timeout: 5 * time.Second})
			if err != nil {
				t.Fatal(err)
			}
			if err := mu.Send(context.Background(), testMail()); err == nil || !strings.Contains(err.Error(), "certificate") {
				t.Fatalf("an untrusted certificate was accepted: %v", err)
			}
			if n := len(srv.Messages()); n != 1 {
				t.Fatalf("%d messages, want only the first", n)
			}
		})
	}
}

func TestNewMailerRefusesBadConfig(t *testing.T) {
	if _, err := notify.NewMailer(config.SMTP{}, notify.MailerOptions{}); err == nil {
		t.Fatal("a mailer without a relay")
	}
	c, err := config.ParseSMTP("smtp://relay.example.org?ca=/nonexistent/ca.pem")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := notify.NewMailer(c, notify.MailerOptions{}); err == nil {
		t.Fatal("a mailer with a missing CA file")
	}
	m, err := notify.NewMailer(config.SMTP{Security: config.SMTPStartTLS, Host: "relay.example.org", Port: 587}, notify.MailerOptions{PublicURL: "https://topcop.example.org/"})
	if err != nil {
		t.Fatal(err)
	}
	if m.From() != `"TOPCOP" <noreply@topcop.example.org>` {
		t.Fatalf("default sender %s", m.From())
	}
}
