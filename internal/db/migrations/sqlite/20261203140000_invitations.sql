-- +goose Up
-- auth: one-time invitation links. A person of the directory without an
-- account gets a link that lets them set a password; redeeming it creates a
-- participant account linked to the person. Only the SHA-256 of the link's
-- token is kept. used_at and account_id are set when it is redeemed;
-- replaced_at when a newer invitation for the same person replaced it.
-- created_by is the inviting account's id, or "system".

CREATE TABLE invitations (
    id           TEXT PRIMARY KEY,
    person_id    TEXT NOT NULL,
    email        TEXT NOT NULL,
    name         TEXT NOT NULL,
    lang         TEXT NOT NULL DEFAULT '',
    token_hash   TEXT NOT NULL,
    expires_at   TEXT NOT NULL,
    used_at      TEXT,
    account_id   TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    created_by   TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    replaced_at  TEXT
);
CREATE UNIQUE INDEX invitations_token ON invitations (token_hash);
CREATE INDEX invitations_person ON invitations (person_id, created_at);

-- +goose Down
DROP TABLE invitations;
