-- +goose Up
-- Notifications (internal/notify): the mail outbox, the in-app
-- notifications of each account, and the job queue that delivers mail.
-- See the SQLite version for the comments; the columns are the same.
CREATE TABLE mail_outbox (
    id               uuid PRIMARY KEY,
    account_id       uuid REFERENCES accounts (id) ON DELETE SET NULL,
    to_addr          text NOT NULL,
    to_name          text NOT NULL DEFAULT '',
    lang             text NOT NULL,
    template         text NOT NULL,
    subject          text NOT NULL,
    text_body        text NOT NULL,
    html_body        text NOT NULL DEFAULT '',
    link             text NOT NULL DEFAULT '',
    message_id       text NOT NULL,
    status           text NOT NULL,
    attempts         integer NOT NULL DEFAULT 0,
    last_error       text NOT NULL DEFAULT '',
    created_by       text NOT NULL DEFAULT '',
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    next_attempt_at  timestamptz,
    sent_at          timestamptz
);
CREATE INDEX mail_outbox_status ON mail_outbox (status, id);
CREATE INDEX mail_outbox_account ON mail_outbox (account_id);

CREATE TABLE notifications (
    id          uuid PRIMARY KEY,
    account_id  uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    mail_id     uuid REFERENCES mail_outbox (id) ON DELETE SET NULL,
    title       text NOT NULL,
    link        text NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL,
    read_at     timestamptz
);
CREATE INDEX notifications_account ON notifications (account_id, id);
CREATE INDEX notifications_unread ON notifications (account_id) WHERE read_at IS NULL;
CREATE INDEX notifications_mail ON notifications (mail_id);

CREATE TABLE goqite (
    id        text PRIMARY KEY,
    created   timestamptz NOT NULL,
    queue     text NOT NULL,
    body      bytea NOT NULL,
    timeout   timestamptz NOT NULL,
    received  integer NOT NULL DEFAULT 0,
    priority  integer NOT NULL DEFAULT 0
);
CREATE INDEX goqite_queue_priority_created_idx ON goqite (queue, priority DESC, created);

-- +goose Down
DROP TABLE goqite;
DROP TABLE notifications;
DROP TABLE mail_outbox;
