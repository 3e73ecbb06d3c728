-- +goose Up
-- Private iCalendar feeds (issue 8, the calendar): one secret URL per
-- account, /training/calendar/feed/<token>.ics, fetched by calendar
-- clients without a session. Only the SHA-256 of the token is kept;
-- resetting the URL revokes the old row and adds a new one, so at most one
-- feed per account is live at a time.
CREATE TABLE calendar_feeds (
    id          TEXT PRIMARY KEY,
    account_id  TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    token_hash  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    used_at     TEXT,
    revoked_at  TEXT
);
CREATE UNIQUE INDEX calendar_feeds_token ON calendar_feeds (token_hash);
CREATE UNIQUE INDEX calendar_feeds_live ON calendar_feeds (account_id) WHERE revoked_at IS NULL;

-- +goose Down
DROP TABLE calendar_feeds;
