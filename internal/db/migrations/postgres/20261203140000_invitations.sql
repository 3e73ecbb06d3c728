-- +goose Up
-- auth: one-time invitation links. A person of the directory without an
-- account gets a link that lets them set a password; redeeming it creates a
-- participant account linked to the person. Only the SHA-256 of the link's
-- token is kept. used_at and account_id are set when it is redeemed;
-- replaced_at when a newer invitation for the same person replaced it.
-- created_by is the inviting account's id, or "system".

CREATE TABLE invitations (
    id           uuid PRIMARY KEY,
    person_id    uuid NOT NULL,
    email        text NOT NULL,
    name         text NOT NULL,
    lang         text NOT NULL DEFAULT '',
    token_hash   text NOT NULL,
    expires_at   timestamptz NOT NULL,
    used_at      timestamptz,
    account_id   uuid REFERENCES accounts (id) ON DELETE SET NULL,
    created_by   text NOT NULL DEFAULT '',
    created_at   timestamptz NOT NULL,
    replaced_at  timestamptz
);
CREATE UNIQUE INDEX invitations_token ON invitations (token_hash);
CREATE INDEX invitations_person ON invitations (person_id, created_at);

-- +goose Down
DROP TABLE invitations;
