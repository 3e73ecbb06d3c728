package notify

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
)

// Outbox is one mail as the outbox keeps it: rendered, with its delivery
// status.
type Outbox struct {
	ID        string `json:"id"`
	AccountID string `json:"account_id,omitempty"`
	To        string `json:"to"`
	ToName    string `json:"to_name,omitempty"`
	Lang      string `json:"lang"`
	Template  string `json:"template"`
	Subject   string `json:"subject"`
	Text      string `json:"text"`
	HTML      string `json:"html,omitempty"`
	Link      string `json:"link,omitempty"`
	// MessageID is the Message-ID header, without angle brackets.
	MessageID string `json:"message_id"`
	// Status is one of StatusQueued, StatusSent, StatusFailed,
	// StatusUnsent.
	Status    string `json:"status"`
	Attempts  int    `json:"attempts"`
	LastError string `json:"last_error,omitempty"`
	// CreatedBy is who caused the mail (the actor's label).
	CreatedBy     string    `json:"created_by,omitempty"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
	NextAttemptAt time.Time `json:"next_attempt_at,omitzero"`
	SentAt        time.Time `json:"sent_at,omitzero"`
}

// Notification is one in-app notification of an account.
type Notification struct {
	ID        string    `json:"id"`
	AccountID string    `json:"-"`
	MailID    string    `json:"-"`
	Title     string    `json:"title"`
	Link      string    `json:"link,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	ReadAt    time.Time `json:"read_at,omitzero"`
}

// Read reports whether the notification has been read.
func (n Notification) Read() bool { return !n.ReadAt.IsZero() }

const outboxColumns = `id, coalesce(CAST(account_id AS TEXT), ''), to_addr, to_name, lang, template, subject, text_body, html_body, link,
	message_id, status, attempts, last_error, created_by, created_at, updated_at, next_attempt_at, sent_at`

// outboxSummaryColumns leave the bodies out, for lists.
const outboxSummaryColumns = `id, coalesce(CAST(account_id AS TEXT), ''), to_addr, to_name, lang, template, subject, '', '', link,
	message_id, status, attempts, last_error, created_by, created_at, updated_at, next_attempt_at, sent_at`

func scanOutbox(row interface{ Scan(...any) error }, o *Outbox) error {
	return row.Scan(&o.ID, &o.AccountID, &o.To, &o.ToName, &o.Lang, &o.Template, &o.Subject, &o.Text, &o.HTML, &o.Link,
		&o.MessageID, &o.Status, &o.Attempts, &o.LastError, &o.CreatedBy, db.T(&o.CreatedAt), db.T(&o.UpdatedAt),
		db.T(&o.NextAttemptAt), db.T(&o.SentAt))
}

// nullID is NULL for "", for optional references.
func nullID(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func insertOutbox(ctx context.Context, d *db.DB, o Outbox) error {
	_, err := d.Exec(ctx, `INSERT INTO mail_outbox (id, account_id, to_addr, to_name, lang, template, subject, text_body, html_body, link,
		message_id, status, attempts, last_error, created_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, '', ?, ?, ?)`,
		o.ID, nullID(o.AccountID), o.To, o.ToName, o.Lang, o.Template, o.Subject, o.Text, o.HTML, o.Link,
		o.MessageID, o.Status, o.CreatedBy, db.T(&o.CreatedAt), db.T(&o.UpdatedAt))
	return core.Wrap(err, "notify: insert mail")
}

func getOutbox(ctx context.Context, d *db.DB, id string) (Outbox, error) {
	var o Outbox
	err := scanOutbox(d.QueryRow(ctx, `SELECT `+outboxColumns+` FROM mail_outbox WHERE id = ?`, id), &o)
	return o, db.NotFound(err, "mail")
}

// attempt is the outcome of one delivery attempt, as recorded.
type attempt struct {
	status    string
	lastError string
	at        time.Time
	next      time.Time // zero unless queued again
}

// recordAttempt writes the outcome of an attempt on a mail that is still
// queued; it reports whether it did (false: another worker recorded one
// first).
func recordAttempt(ctx context.Context, d *db.DB, id string, a attempt) (bool, error) {
	var sent any
	if a.status == StatusSent {
		sent = db.T(&a.at)
	}
	res, err := d.Exec(ctx, `UPDATE mail_outbox SET status = ?, attempts = attempts + 1, last_error = ?, updated_at = ?,
		next_attempt_at = ?, sent_at = ? WHERE id = ? AND status = ?`,
		a.status, a.lastError, db.T(&a.at), db.T(&a.next), sent, id, StatusQueued)
	if err != nil {
		return false, core.Wrap(err, "notify: record attempt")
	}
	n, err := res.RowsAffected()
	return n == 1, db.Err(err)
}

// outboxOrder is the keyset of the outbox: newest first (ids are UUIDv7).
var outboxOrder = db.Keyset{Keys: []db.Key{{Expr: "id", Kind: db.KeyID}}, Desc: true}

// OutboxFilter narrows ListOutbox. Empty fields do not filter.
type OutboxFilter struct {
	Status string // one of Statuses
	To     string // substring of the recipient address (case-insensitive)
}

func (f OutboxFilter) where() (string, []any) {
	var where []string
	var args []any
	if f.Status != "" {
		where, args = append(where, "status = ?"), append(args, f.Status)
	}
	if f.To != "" {
		c, a := db.Contains("lower(to_addr)", strings.ToLower(f.To))
		where, args = append(where, c), append(args, a)
	}
	if len(where) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(where, " AND "), args
}

func listOutbox(ctx context.Context, d *db.DB, f OutboxFilter, p core.PageRequest) (core.List[Outbox], error) {
	out := core.List[Outbox]{Items: []Outbox{}}
	base, args := f.where()
	err := d.Read(ctx, func(ctx context.Context) error {
		if err := d.QueryRow(ctx, `SELECT count(*) FROM mail_outbox`+base, args...).Scan(&out.Total); err != nil {
			return err
		}
		where, pageArgs := base, append([]any{}, args...)
		if p.Cursor != "" {
			seek, seekArgs, err := outboxOrder.Seek(p.Cursor)
			if err != nil {
				return err
			}
			if where == "" {
				where = " WHERE " + seek
			} else {
				where += " AND " + seek
			}
			pageArgs = append(pageArgs, seekArgs...)
		}
		pageArgs = append(pageArgs, p.Limit+1)
		rows, err := d.Query(ctx, `SELECT `+outboxSummaryColumns+` FROM mail_outbox`+where+outboxOrder.OrderBy()+` LIMIT ?`, pageArgs...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var o Outbox
			if err := scanOutbox(rows, &o); err != nil {
				return err
			}
			out.Items = append(out.Items, o)
		}
		return rows.Err()
	})
	if err != nil {
		return out, db.Err(err)
	}
	if len(out.Items) > p.Limit {
		out.Items = out.Items[:p.Limit]
		out.Next = outboxOrder.Cursor(out.Items[len(out.Items)-1].ID)
	}
	return out, nil
}

const notificationColumns = `id, account_id, coalesce(CAST(mail_id AS TEXT), ''), title, link, created_at, read_at`

func scanNotification(row interface{ Scan(...any) error }, n *Notification) error {
	return row.Scan(&n.ID, &n.AccountID, &n.MailID, &n.Title, &n.Link, db.T(&n.CreatedAt), db.T(&n.ReadAt))
}

func insertNotification(ctx context.Context, d *db.DB, n Notification) error {
	_, err := d.Exec(ctx, `INSERT INTO notifications (id, account_id, mail_id, title, link, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		n.ID, n.AccountID, nullID(n.MailID), n.Title, n.Link, db.T(&n.CreatedAt))
	return core.Wrap(err, "notify: insert notification")
}

// notificationOrder is the keyset of an account's notifications: newest
// first.
var notificationOrder = outboxOrder

func listNotifications(ctx context.Context, d *db.DB, account string, unread bool, p core.PageRequest) (core.List[Notification], error) {
	out := core.List[Notification]{Items: []Notification{}}
	base, args := " WHERE account_id = ?", []any{account}
	if unread {
		base += " AND read_at IS NULL"
	}
	err := d.Read(ctx, func(ctx context.Context) error {
		if err := d.QueryRow(ctx, `SELECT count(*) FROM notifications`+base, args...).Scan(&out.Total); err != nil {
			return err
		}
		where, pageArgs := base, append([]any{}, args...)
		if p.Cursor != "" {
			seek, seekArgs, err := notificationOrder.Seek(p.Cursor)
			if err != nil {
				return err
			}
			where += " AND " + seek
			pageArgs = append(pageArgs, seekArgs...)
		}
		pageArgs = append(pageArgs, p.Limit+1)
		rows, err := d.Query(ctx, `SELECT `+notificationColumns+` FROM notifications`+where+notificationOrder.OrderBy()+` LIMIT ?`, pageArgs...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var n Notification
			if err := scanNotification(rows, &n); err != nil {
				return err
			}
			out.Items = append(out.Items, n)
		}
		return rows.Err()
	})
	if err != nil {
		return out, db.Err(err)
	}
	if len(out.Items) > p.Limit {
		out.Items = out.Items[:p.Limit]
		out.Next = notificationOrder.Cursor(out.Items[len(out.Items)-1].ID)
	}
	return out, nil
}

func getNotification(ctx context.Context, d *db.DB, id string) (Notification, error) {
	var n Notification
	err := scanNotification(d.QueryRow(ctx, `SELECT `+notificationColumns+` FROM notifications WHERE id = ?`, id), &n)
	return n, db.NotFound(err, "notification")
}

// markRead marks the account's unread notification id read (all of its
// unread ones when id is ""), returning how many changed.
func markRead(ctx context.Context, d *db.DB, account, id string, at time.Time) (int64, error) {
	q, args := `UPDATE notifications SET read_at = ? WHERE account_id = ? AND read_at IS NULL`, []any{db.T(&at), account}
	if id != "" {
		q += ` AND id = ?`
		args = append(args, id)
	}
	res, err := d.Exec(ctx, q, args...)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return n, db.Err(err)
}

func unreadCount(ctx context.Context, d *db.DB, account string) (int, error) {
	var n int
	err := d.QueryRow(ctx, `SELECT count(*) FROM notifications WHERE account_id = ? AND read_at IS NULL`, account).Scan(&n)
	if err == sql.ErrNoRows {
		return 0, nil
	}
	return n, db.Err(err)
}
