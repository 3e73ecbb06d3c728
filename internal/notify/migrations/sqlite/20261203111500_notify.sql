-- +goose Up
-- Notifications (internal/notify): the mail outbox, the in-app
-- notifications of each account, and the job queue that delivers mail.
--
-- mail_outbox keeps every mail the platform wrote, rendered, with its
-- delivery status: queued (waiting for a first or next attempt), sent,
-- failed (given up; last_error says why) or unsent (no relay configured:
-- admins read it at /admin/outbox). The id is also the Message-ID's left
-- part, so a retried send is recognisable.
CREATE TABLE mail_outbox (
    id               TEXT PRIMARY KEY,
    account_id       TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    to_addr          TEXT NOT NULL,
    to_name          TEXT NOT NULL DEFAULT '',
    lang             TEXT NOT NULL,
    template         TEXT NOT NULL,
    subject          TEXT NOT NULL,
    text_body        TEXT NOT NULL,
    html_body        TEXT NOT NULL DEFAULT '',
    link             TEXT NOT NULL DEFAULT '',
    message_id       TEXT NOT NULL,
    status           TEXT NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    last_error       TEXT NOT NULL DEFAULT '',
    created_by       TEXT NOT NULL DEFAULT '',
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    next_attempt_at  TEXT,
    sent_at          TEXT
);
CREATE INDEX mail_outbox_status ON mail_outbox (status, id);
CREATE INDEX mail_outbox_account ON mail_outbox (account_id);

-- notifications are what an account sees in the platform: one per mail
-- to an address that has an account.
CREATE TABLE notifications (
    id          TEXT PRIMARY KEY,
    account_id  TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    mail_id     TEXT REFERENCES mail_outbox (id) ON DELETE SET NULL,
    title       TEXT NOT NULL,
    link        TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    read_at     TEXT
);
CREATE INDEX notifications_account ON notifications (account_id, id);
CREATE INDEX notifications_unread ON notifications (account_id) WHERE read_at IS NULL;
CREATE INDEX notifications_mail ON notifications (mail_id);

-- goqite is the job queue of maragu.dev/goqite (docs/decisions.md), in
-- the shape its queries need (its own schema files, less the "updated"
-- column and trigger, which it never reads). Rows are written by
-- internal/notify in the caller's transaction, with explicit ids and
-- times in goqite's format (UTC, milliseconds), so no default differs
-- between the engines.
CREATE TABLE goqite (
    id        TEXT PRIMARY KEY,
    created   TEXT NOT NULL,
    queue     TEXT NOT NULL,
    body      BLOB NOT NULL,
    timeout   TEXT NOT NULL,
    received  INTEGER NOT NULL DEFAULT 0,
    priority  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX goqite_queue_priority_created_idx ON goqite (queue, priority DESC, created);

-- +goose Down
DROP TABLE goqite;
DROP TABLE notifications;
DROP TABLE mail_outbox;
