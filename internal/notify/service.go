package notify

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/topcop-platform/topcop/internal/audit"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
)

// maxFilter bounds the recipient filter of the outbox (runes).
const maxFilter = 200

// requireAdmin lets admins (and the system) read the outbox: it holds
// every recipient's address and every mail's text.
func requireAdmin(ctx context.Context) error {
	a := core.ActorFrom(ctx)
	if !a.Authenticated() {
		return core.Errorf(core.Unauthenticated, "sign in to read the outbox")
	}
	if !a.IsAdmin() {
		return core.Errorf(core.Forbidden, "only admins may read the outbox")
	}
	return nil
}

// ListOutbox returns one page of the outbox, newest first, without the
// bodies. Admins only. Errors: core.Unauthenticated, core.Forbidden,
// core.Invalid with Fields (status, to, cursor, limit).
func (s *Service) ListOutbox(ctx context.Context, f OutboxFilter, p core.PageRequest) (core.List[Outbox], error) {
	if err := requireAdmin(ctx); err != nil {
		return core.List[Outbox]{}, err
	}
	var v core.Validation
	f.Status, f.To = strings.TrimSpace(f.Status), strings.TrimSpace(f.To)
	if f.Status != "" && !slices.Contains(Statuses, f.Status) {
		v.Add("status", "invalid")
	}
	switch {
	case !utf8.ValidString(f.To) || strings.ContainsFunc(f.To, func(r rune) bool { return r < 0x20 || r == 0x7f }):
		v.Add("to", "invalid")
	case utf8.RuneCountInString(f.To) > maxFilter:
		v.Add("to", "too_long", strconv.Itoa(maxFilter))
	}
	if err := v.Err(); err != nil {
		return core.List[Outbox]{}, err
	}
	if p.Limit <= 0 {
		p.Limit = core.DefaultLimit
	}
	p.Limit = min(p.Limit, core.MaxLimit)
	return listOutbox(ctx, s.db, f, p)
}

// OutboxMail returns one mail of the outbox with its bodies, and records
// the reading (it is personal data). Admins only. Errors:
// core.Unauthenticated, core.Forbidden, core.NotFound.
func (s *Service) OutboxMail(ctx context.Context, id string) (Outbox, error) {
	if err := requireAdmin(ctx); err != nil {
		return Outbox{}, err
	}
	if !core.ValidID(id) {
		return Outbox{}, core.Errorf(core.NotFound, "mail not found")
	}
	o, err := getOutbox(ctx, s.db, id)
	if err != nil {
		return Outbox{}, err
	}
	if err := s.log.RecordRead(ctx, audit.Event{Action: "notify.mail.read", Entity: "mail", EntityID: id}); err != nil {
		return Outbox{}, err
	}
	return o, nil
}

// Notifications returns one page of the caller's own notifications,
// newest first (only the unread ones with unread). Any signed-in account.
// Errors: core.Unauthenticated, core.Invalid (cursor).
func (s *Service) Notifications(ctx context.Context, unread bool, p core.PageRequest) (core.List[Notification], error) {
	a := core.ActorFrom(ctx)
	if !a.Authenticated() || a.AccountID == "" {
		return core.List[Notification]{}, core.Errorf(core.Unauthenticated, "sign in to read your notifications")
	}
	if p.Limit <= 0 {
		p.Limit = core.DefaultLimit
	}
	p.Limit = min(p.Limit, core.MaxLimit)
	return listNotifications(ctx, s.db, a.AccountID, unread, p)
}

// UnreadCount is how many of the caller's notifications are unread; 0
// for an anonymous caller. The layout may show it beside the link to
// /notifications.
func (s *Service) UnreadCount(ctx context.Context) (int, error) {
	a := core.ActorFrom(ctx)
	if !a.Authenticated() || a.AccountID == "" {
		return 0, nil
	}
	return unreadCount(ctx, s.db, a.AccountID)
}

// Notification returns one of the caller's notifications. Errors:
// core.Unauthenticated, core.NotFound (also for another account's).
func (s *Service) Notification(ctx context.Context, id string) (Notification, error) {
	a := core.ActorFrom(ctx)
	if !a.Authenticated() || a.AccountID == "" {
		return Notification{}, core.Errorf(core.Unauthenticated, "sign in to read your notifications")
	}
	if !core.ValidID(id) {
		return Notification{}, core.Errorf(core.NotFound, "notification not found")
	}
	n, err := getNotification(ctx, s.db, id)
	if err != nil {
		return Notification{}, err
	}
	if n.AccountID != a.AccountID {
		return Notification{}, core.Errorf(core.NotFound, "notification not found")
	}
	return n, nil
}

// MarkRead marks one of the caller's notifications read (id), or all of
// them (id ""), and returns it (the zero value for all). Marking a read
// one again changes nothing. Errors: core.Unauthenticated, core.NotFound
// (also for another account's).
func (s *Service) MarkRead(ctx context.Context, id string) (Notification, error) {
	a := core.ActorFrom(ctx)
	if !a.Authenticated() || a.AccountID == "" {
		return Notification{}, core.Errorf(core.Unauthenticated, "sign in to read your notifications")
	}
	if a.ReadOnly {
		return Notification{}, core.Errorf(core.Forbidden, "a read-only token cannot change anything")
	}
	var n Notification
	err := s.db.Write(ctx, func(ctx context.Context) error {
		if id != "" {
			var err error
			if n, err = s.Notification(ctx, id); err != nil {
				return err
			}
		}
		now := s.now()
		changed, err := markRead(ctx, s.db, a.AccountID, id, now)
		if err != nil || changed == 0 {
			return err
		}
		if id != "" {
			n.ReadAt = now
		}
		ev := audit.Event{Action: "notify.notification.read", Entity: "notification", EntityID: id}
		if id == "" {
			ev.Entity, ev.EntityID = "account", a.AccountID
			ev.Details = map[string]any{"count": changed}
		}
		return s.log.Record(ctx, ev)
	})
	return n, err
}

// Retry queues a failed mail again, or an unsent one now that a relay is
// configured, for a first attempt at once; its attempts count again from
// zero. Mail still queued is retried by the worker itself. Admins only.
// Errors: core.Unauthenticated, core.Forbidden, core.NotFound,
// core.Conflict (the mail is queued or sent, or no relay is configured).
func (s *Service) Retry(ctx context.Context, id string) error {
	if err := requireAdmin(ctx); err != nil {
		return err
	}
	if core.ActorFrom(ctx).ReadOnly {
		return core.Errorf(core.Forbidden, "a read-only token cannot change anything")
	}
	if !core.ValidID(id) {
		return core.Errorf(core.NotFound, "mail not found")
	}
	if s.mailer == nil {
		return core.Errorf(core.Conflict, "no SMTP relay is configured: the mail cannot be sent")
	}
	err := s.db.Write(ctx, func(ctx context.Context) error {
		o, err := getOutbox(ctx, s.db, id)
		if err != nil {
			return err
		}
		if o.Status != StatusFailed && o.Status != StatusUnsent {
			return core.Errorf(core.Conflict, "the mail is %s, not failed or unsent", o.Status)
		}
		now := s.now()
		res, err := s.db.Exec(ctx, `UPDATE mail_outbox SET status = ?, attempts = 0, next_attempt_at = NULL, updated_at = ?
			WHERE id = ? AND status = ?`, StatusQueued, db.T(&now), id, o.Status)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return core.Errorf(core.Conflict, "the mail changed meanwhile; try again")
		}
		if err := s.queue.enqueueTx(ctx, id, now); err != nil {
			return err
		}
		db.AfterCommit(ctx, s.wake)
		return s.log.Record(ctx, audit.Event{Action: "notify.mail.requeued", Entity: "mail", EntityID: id,
			Details: map[string]any{"was": o.Status, "attempts": o.Attempts, "last_error": o.LastError}})
	})
	return err
}
