package notify

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	netmail "net/mail"
	"os"
	"strings"
	"time"

	"github.com/wneessen/go-mail"

	"github.com/topcop-platform/topcop/internal/config"
)

// DefaultSMTPTimeout bounds each step of an SMTP session (connect, each
// command): a relay that stops answering fails the attempt, which is
// retried later.
const DefaultSMTPTimeout = 30 * time.Second

// Mailer sends the outbox's mails through an SMTP relay with
// github.com/wneessen/go-mail (docs/decisions.md). It always encrypts:
// STARTTLS required (smtp://) or TLS from the first byte (smtps://). It
// is safe for concurrent use: each Send has a connection of its own.
type Mailer struct {
	client *mail.Client
	from   *netmail.Address
	// domain is the sender's domain, the right part of Message-IDs.
	domain string
	relay  string // the relay, redacted, for messages
}

// MailerOptions adjust NewMailer; the zero value is production's.
type MailerOptions struct {
	// PublicURL gives the default sender's domain (noreply@host).
	PublicURL string
	// Timeout bounds each step of a session (0: DefaultSMTPTimeout).
	Timeout time.Duration
}

// NewMailer returns the mailer of the relay c. It fails if c is not
// enabled, the sender does not parse, or the ca= file holds no
// certificate.
func NewMailer(c config.SMTP, o MailerOptions) (*Mailer, error) {
	if !c.Enabled() {
		return nil, errors.New("notify: no SMTP relay configured")
	}
	from := &netmail.Address{Name: "TOPCOP", Address: "noreply@" + defaultDomain(o.PublicURL)}
	if c.From != "" {
		a, err := netmail.ParseAddress(c.From)
		if err != nil {
			return nil, fmt.Errorf("notify: smtp from %q: %w", c.From, err)
		}
		from = a
	}
	_, domain, _ := strings.Cut(from.Address, "@")
	tc := &tls.Config{ServerName: c.Host, MinVersion: tls.VersionTLS12}
	if c.CAFile != "" {
		pem, err := os.ReadFile(c.CAFile)
		if err != nil {
			return nil, fmt.Errorf("notify: smtp ca: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("notify: smtp ca %s: no PEM certificate in it", c.CAFile)
		}
		tc.RootCAs = pool
	}
	timeout := o.Timeout
	if timeout <= 0 {
		timeout = DefaultSMTPTimeout
	}
	opts := []mail.Option{mail.WithPort(c.Port), mail.WithTimeout(timeout), mail.WithTLSConfig(tc)}
	if c.Security == config.SMTPTLS {
		opts = append(opts, mail.WithSSL())
	} else {
		opts = append(opts, mail.WithTLSPolicy(mail.TLSMandatory))
	}
	if c.Username != "" {
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthAutoDiscover), mail.WithUsername(c.Username), mail.WithPassword(c.Password))
	}
	client, err := mail.NewClient(c.Host, opts...)
	if err != nil {
		return nil, fmt.Errorf("notify: smtp client: %w", err)
	}
	return &Mailer{client: client, from: from, domain: strings.ToLower(domain), relay: c.Redacted()}, nil
}

// From is the sender of every mail.
func (m *Mailer) From() string { return m.from.String() }

// Relay is the relay's address without its password.
func (m *Mailer) Relay() string { return m.relay }

// message builds the MIME message of o: UTF-8, quoted-printable, a plain
// text part and, when there is one, an HTML alternative; the Message-ID
// and Date of the outbox row (the same in every attempt), and
// Auto-Submitted: auto-generated (RFC 3834) so that auto-responders keep
// quiet.
func (m *Mailer) message(o Outbox) (*mail.Msg, error) {
	msg := mail.NewMsg()
	msg.FromMailAddress(m.from)
	if err := msg.AddToFormat(o.ToName, o.To); err != nil {
		return nil, permanentError{fmt.Errorf("recipient %q: %w", o.To, err)}
	}
	msg.Subject(o.Subject)
	msg.SetMessageIDWithValue(o.MessageID)
	msg.SetDateWithValue(o.CreatedAt)
	msg.SetGenHeader(mail.Header("Auto-Submitted"), "auto-generated")
	msg.SetGenHeader(mail.HeaderXAutoResponseSuppress, "All")
	msg.SetGenHeader(mail.HeaderContentLang, o.Lang)
	msg.SetUserAgent("TOPCOP Platform")
	msg.SetBodyString(mail.TypeTextPlain, o.Text)
	if o.HTML != "" {
		msg.AddAlternativeString(mail.TypeTextHTML, o.HTML)
	}
	return msg, nil
}

// Send delivers o to the relay in one session bounded by ctx. An error
// for which a retry cannot help (the relay refuses the recipient or the
// content for good) satisfies IsPermanent.
func (m *Mailer) Send(ctx context.Context, o Outbox) error {
	msg, err := m.message(o)
	if err != nil {
		return err
	}
	if err := m.client.DialAndSendWithContext(ctx, msg); err != nil {
		var se *mail.SendError
		if errors.As(err, &se) && permanentReason(se) {
			return permanentError{err}
		}
		return err
	}
	return nil
}

// permanentReason reports whether the relay refused the recipient or
// the message with a permanent (5xx) answer. A 5xx to MAIL FROM or AUTH
// is the relay's configuration, which an operator may fix: retried.
func permanentReason(se *mail.SendError) bool {
	switch se.Reason {
	case mail.ErrGetRcpts, mail.ErrGetSender:
		return true
	case mail.ErrSMTPRcptTo, mail.ErrSMTPData, mail.ErrSMTPDataClose:
		return !se.IsTemp() && se.ErrorCode() >= 500 && se.ErrorCode() < 600
	}
	return false
}

// permanentError marks an error no retry can help.
type permanentError struct{ err error }

func (e permanentError) Error() string { return e.err.Error() }
func (e permanentError) Unwrap() error { return e.err }

// IsPermanent reports whether err is a delivery error that no retry can
// help (the mail is then failed at once).
func IsPermanent(err error) bool {
	var p permanentError
	return errors.As(err, &p)
}
