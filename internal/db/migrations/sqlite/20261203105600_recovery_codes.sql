-- +goose Up
-- auth: one-time recovery codes of accounts with a second factor. Only
-- argon2id hashes of the codes are kept; used_at marks a spent one. And
-- when TOTP was turned on: shortly after, the account may create its first
-- set of codes without confirming its password again.

CREATE TABLE recovery_codes (
    id          TEXT PRIMARY KEY,
    account_id  TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    code_hash   TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    used_at     TEXT
);
CREATE INDEX recovery_codes_account ON recovery_codes (account_id, created_at);

ALTER TABLE accounts ADD COLUMN totp_enabled_at TEXT;

-- +goose Down
ALTER TABLE accounts DROP COLUMN totp_enabled_at;
DROP TABLE recovery_codes;
