// Package notify is the platform's notification foundation: e-mail that
// capabilities send from inside their write transactions, delivered by a
// durable job queue in the database, and the in-app notifications each
// account reads at /notifications.
//
// A capability registers its mail templates once (Register, in its
// Build), then calls Send inside db.Write:
//
//	err := env.DB.Write(ctx, func(ctx context.Context) error {
//		// … the change itself, audited …
//		_, err := mail.Send(ctx, notify.Mail{AccountID: acc, Template: "training.nomination.accepted",
//			Data: map[string]any{"Activity": a.Title}, Link: "/training/activities/" + a.ID})
//		return err
//	})
//
// Send renders the mail in the recipient's language, writes it to the
// outbox (mail_outbox), enqueues its delivery in the same transaction (so
// a mail exists exactly when the change commits) and, when the address
// belongs to an account, adds an in-app notification. Without a relay
// (--smtp unset) the mail stays in the outbox as "unsent", for admins to
// read at /admin/outbox.
//
// The queue is maragu.dev/goqite (docs/decisions.md): a message is
// received by one worker at a time, on SQLite through the single writer
// and on PostgreSQL in a serializable transaction, and stays invisible to
// other workers while its send runs (the worker extends it). A failed
// attempt is retried with exponential backoff; the outbox row records the
// attempts and the last error.
package notify

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/topcop-platform/topcop/internal/audit"
	"github.com/topcop-platform/topcop/internal/auth"
	"github.com/topcop-platform/topcop/internal/config"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
	"github.com/topcop-platform/topcop/internal/i18n"
)

// Mail is one mail a capability sends. Exactly one of To and AccountID
// names the recipient.
type Mail struct {
	// To is the recipient's address; when it is an account's, the
	// account also gets an in-app notification.
	To string
	// AccountID names the recipient by account instead (its e-mail and
	// language are used).
	AccountID string
	// Name is the recipient's display name (optional; an account's name
	// by default).
	Name string
	// Lang is the language to write in (one of i18n.Languages); empty:
	// the account's language, else English.
	Lang string
	// Template names a registered template ("training.call.opened").
	Template string
	// Data is passed to the template as it is.
	Data any
	// Link is the platform page the mail is about, a path such as
	// "/training/activities/…": the mail links to it (made absolute with
	// the public URL) and so does the in-app notification.
	Link string
}

// Outbox statuses.
const (
	StatusQueued = "queued" // waiting for its first or next attempt
	StatusSent   = "sent"
	StatusFailed = "failed" // given up: LastError says why
	StatusUnsent = "unsent" // no relay configured; admins read it in the outbox
)

// Statuses lists the outbox statuses, for filters.
var Statuses = []string{StatusQueued, StatusSent, StatusFailed, StatusUnsent}

// Limits of what Send accepts.
const (
	maxLink     = 2000
	maxName     = 200
	maxTemplate = 200
	maxSubject  = 998 // RFC 5322 line limit; a subject is one header line
)

// queueName is the goqite queue that delivers mail.
const queueName = "mail"

// Options configure a Service. The zero value is production's.
type Options struct {
	// Logger (nil: slog.Default()).
	Logger *slog.Logger
	// PublicURL makes mail links absolute (config.Config.PublicURL).
	PublicURL string
	// Now is the clock (nil: db.Now).
	Now func() time.Time
}

// Service sends mail and keeps the outbox and the in-app notifications.
// It is safe for concurrent use. Build it with New; Close stops its
// worker.
type Service struct {
	db     *db.DB
	log    *audit.Log
	auth   *auth.Service
	mailer *Mailer // nil: no relay, mail stays in the outbox
	logger *slog.Logger
	now    func() time.Time
	public string
	// own is the catalogue of the package's own texts in mails (the
	// footer).
	own *i18n.Bundle

	mu        sync.RWMutex
	templates map[string]registered

	queue  *queue
	stats  struct{ sent, retried, failed atomic.Uint64 }
	wmu    sync.Mutex
	worker *worker       // nil while stopped
	wopts  WorkerOptions // of the last StartWorker
}

// registered is a template with the catalogue it renders with.
type registered struct {
	fn     Template
	bundle *i18n.Bundle
}

// New returns the service over d, recording in log and finding accounts
// with accounts (nil: no in-app notifications, for tests of the queue
// alone). mailer nil keeps every mail in the outbox. It does not start
// the worker: StartWorker does.
func New(d *db.DB, log *audit.Log, accounts *auth.Service, mailer *Mailer, o Options) (*Service, error) {
	own, err := i18n.Load(Locales)
	if err != nil {
		return nil, fmt.Errorf("notify: catalogue: %w", err)
	}
	s := &Service{db: d, log: log, auth: accounts, mailer: mailer, logger: o.Logger, now: o.Now,
		public: strings.TrimSuffix(o.PublicURL, "/"), own: own, templates: map[string]registered{}}
	if s.logger == nil {
		s.logger = slog.Default()
	}
	if s.now == nil {
		s.now = db.Now
	}
	s.queue = newQueue(d)
	return s, nil
}

// Sending reports whether mail is delivered (a relay is configured);
// otherwise it stays in the outbox.
func (s *Service) Sending() bool { return s.mailer != nil }

// Register adds a capability's mail templates, by name, rendered with the
// shared catalogue and the catalogues of locales: the capability's own
// (its Module.Locales), and those of capabilities whose messages its mails
// use (none: the shared one only). Call it from the capability's Build.
// Errors: a name registered before, a name that is empty or too long, or
// catalogues that do not load.
func (s *Service) Register(templates map[string]Template, locales ...fs.FS) error {
	var mods []fs.FS
	for _, l := range locales {
		if l != nil {
			mods = append(mods, l)
		}
	}
	b, err := i18n.Load(mods...)
	if err != nil {
		return fmt.Errorf("notify: templates' catalogue: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for name, fn := range templates {
		if name == "" || len(name) > maxTemplate || fn == nil {
			return fmt.Errorf("notify: template %q: want a name of 1 to %d bytes and a function", name, maxTemplate)
		}
		if _, dup := s.templates[name]; dup {
			return fmt.Errorf("notify: template %q registered twice", name)
		}
	}
	for name, fn := range templates {
		s.templates[name] = registered{fn: fn, bundle: b}
	}
	return nil
}

// Send renders m and writes it to the outbox, enqueues its delivery and,
// when the recipient has an account, adds an in-app notification, all in
// the write transaction ctx carries: nothing is sent if it rolls back. It
// returns the outbox id. Any signed-in actor may send (the capability
// decides who may cause a mail). Errors: core.Internal outside db.Write
// or for an unknown template or one that fails; core.Invalid with Fields
// (to, account_id, lang, link, name) for a bad recipient or link;
// core.NotFound for an unknown account.
func (s *Service) Send(ctx context.Context, m Mail) (string, error) {
	if !db.InWrite(ctx) {
		return "", core.Errorf(core.Internal, "notify: Send outside a write transaction")
	}
	if !core.ActorFrom(ctx).Authenticated() {
		return "", core.Errorf(core.Unauthenticated, "notify: sign in first")
	}
	s.mu.RLock()
	tpl, ok := s.templates[m.Template]
	s.mu.RUnlock()
	if !ok {
		return "", core.Errorf(core.Internal, "notify: no mail template %q is registered", m.Template)
	}
	rcpt, err := s.recipient(ctx, m)
	if err != nil {
		return "", err
	}
	content, err := s.render(tpl, rcpt.lang, m)
	if err != nil {
		return "", err
	}
	now := s.now()
	id := core.NewID()
	o := Outbox{
		ID: id, AccountID: rcpt.accountID, To: rcpt.addr, ToName: rcpt.name, Lang: rcpt.lang, Template: m.Template,
		Subject: content.Subject, Text: content.Text, HTML: content.HTML, Link: m.Link,
		MessageID: messageID(id, s.fromDomain()), Status: StatusUnsent, CreatedBy: core.ActorFrom(ctx).Label(),
		CreatedAt: now, UpdatedAt: now,
	}
	if s.mailer != nil {
		o.Status = StatusQueued
	}
	if err := insertOutbox(ctx, s.db, o); err != nil {
		return "", err
	}
	if s.mailer != nil {
		if err := s.queue.enqueueTx(ctx, id, now); err != nil {
			return "", err
		}
		// The worker of this process starts at once; the others poll.
		db.AfterCommit(ctx, s.wake)
	}
	details := map[string]any{"template": m.Template, "lang": rcpt.lang, "status": o.Status}
	if rcpt.accountID != "" && rcpt.enabled {
		nid := core.NewID()
		if err := insertNotification(ctx, s.db, Notification{ID: nid, AccountID: rcpt.accountID, MailID: id,
			Title: content.Subject, Link: m.Link, CreatedAt: now}); err != nil {
			return "", err
		}
		details["account_id"] = rcpt.accountID
		details["notification_id"] = nid
	}
	if err := s.log.Record(ctx, audit.Event{Action: "notify.mail.queued", Entity: "mail", EntityID: id, Details: details}); err != nil {
		return "", err
	}
	return id, nil
}

// recipient is who a mail goes to, resolved.
type recipient struct {
	addr, name, lang string
	accountID        string
	enabled          bool
}

func (s *Service) recipient(ctx context.Context, m Mail) (recipient, error) {
	var v core.Validation
	to := strings.TrimSpace(m.To)
	switch {
	case to == "" && m.AccountID == "":
		v.Add("to", "required")
	case to != "" && m.AccountID != "":
		v.Add("to", "invalid")
	case to != "" && !core.ValidEmail(to):
		v.Add("to", "invalid")
	case m.AccountID != "" && !core.ValidID(m.AccountID):
		v.Add("account_id", "invalid")
	}
	if m.Lang != "" && !i18n.Supported(m.Lang) {
		v.Add("lang", "invalid")
	}
	if !validLink(m.Link) {
		v.Add("link", "invalid")
	}
	if !utf8.ValidString(m.Name) || len(m.Name) > maxName || strings.ContainsAny(m.Name, "\r\n") {
		v.Add("name", "invalid")
	}
	if err := v.Err(); err != nil {
		return recipient{}, err
	}
	r := recipient{addr: to, name: strings.TrimSpace(m.Name), lang: m.Lang}
	if s.auth != nil {
		// The sender rarely may read accounts; the lookup is the
		// platform's own, to address the account, and shows nothing.
		sys := core.WithActor(ctx, core.SystemActor("notify"))
		var acc auth.Account
		var err error
		if m.AccountID != "" {
			acc, err = s.auth.Account(sys, m.AccountID)
		} else {
			acc, err = s.auth.AccountByEmail(sys, to)
		}
		switch {
		case err == nil:
			r.accountID, r.enabled = acc.ID, !acc.Disabled
			if r.addr == "" {
				r.addr = acc.Email
			}
			if r.name == "" {
				r.name = acc.Name
			}
			if r.lang == "" && i18n.Supported(acc.Lang) {
				r.lang = acc.Lang
			}
		case core.IsCode(err, core.NotFound) && m.AccountID == "":
			// An address without an account: mail only.
		default:
			return recipient{}, err
		}
	} else if m.AccountID != "" {
		return recipient{}, core.Errorf(core.NotFound, "account not found")
	}
	if r.lang == "" {
		r.lang = i18n.Default
	}
	return r, nil
}

// validLink accepts "" or a path of the platform ("/x…", not "//host").
func validLink(s string) bool {
	if s == "" {
		return true
	}
	if len(s) > maxLink || !strings.HasPrefix(s, "/") || strings.HasPrefix(s, "//") || strings.ContainsAny(s, "\\ \r\n\t") {
		return false
	}
	u, err := url.Parse(s)
	return err == nil && u.Scheme == "" && u.Host == ""
}

// render runs the template in lang and adds the platform's footer (the
// link, and that the mail was sent automatically).
func (s *Service) render(tpl registered, lang string, m Mail) (Content, error) {
	c, err := tpl.fn(tpl.bundle.Localizer(lang), m.Data)
	if err != nil {
		return Content{}, core.Wrap(err, "notify: render %s", m.Template)
	}
	c.Subject = strings.Join(strings.Fields(c.Subject), " ")
	if c.Subject == "" || len(c.Subject) > maxSubject || !utf8.ValidString(c.Subject) || !utf8.ValidString(c.Text) || !utf8.ValidString(c.HTML) {
		return Content{}, core.Errorf(core.Internal, "notify: template %s made an empty, too long or invalid subject or body", m.Template)
	}
	return withFooter(c, s.own.Localizer(lang), s.absolute(m.Link)), nil
}

// absolute makes a platform path absolute with the public URL ("" stays).
func (s *Service) absolute(link string) string {
	if link == "" || s.public == "" {
		return link
	}
	return s.public + link
}

// fromDomain is the domain of the sender, which Message-IDs carry.
func (s *Service) fromDomain() string {
	if s.mailer != nil {
		return s.mailer.domain
	}
	return defaultDomain(s.public)
}

// messageID is a mail's Message-ID (without angle brackets): stable per
// mail, so the copies of a retried send are recognisable.
func messageID(id, domain string) string { return id + "@" + domain }

// defaultDomain is the host of the public URL, or "localhost".
func defaultDomain(publicURL string) string {
	if u, err := url.Parse(publicURL); err == nil && u.Hostname() != "" {
		return u.Hostname()
	}
	return "localhost"
}

// Options of the platform's Service, from its configuration.
func optionsFrom(cfg config.Config, logger *slog.Logger) Options {
	return Options{Logger: logger, PublicURL: cfg.PublicURL}
}

// Stats counts the delivery attempts of this process since it started.
type Stats struct {
	Sent, Retried, Failed uint64
}

// Stats returns what this process delivered (for metrics and tests).
func (s *Service) Stats() Stats {
	return Stats{Sent: s.stats.sent.Load(), Retried: s.stats.retried.Load(), Failed: s.stats.failed.Load()}
}

// wake tells the worker of this process that a mail was queued.
func (s *Service) wake() {
	s.wmu.Lock()
	w := s.worker
	s.wmu.Unlock()
	if w != nil {
		w.wake()
	}
}

// Close stops the worker: it stops taking jobs and waits for the sends
// under way (see WorkerOptions.Grace). The Service still queues mail.
func (s *Service) Close() { s.StopWorker() }

// errClosed tells that the database was closed under the worker.
var errClosed = errors.New("notify: database closed")
