-- +goose Up
-- auth: the last accepted TOTP time step (codes cannot be replayed), and a
-- search column (e-mail and name lower-cased in Go, so that both engines
-- match non-ASCII names alike).

ALTER TABLE accounts ADD COLUMN totp_last_step bigint NOT NULL DEFAULT 0;
ALTER TABLE accounts ADD COLUMN search text NOT NULL DEFAULT '';
UPDATE accounts SET search = lower(email) || ' ' || lower(name);

-- +goose Down
ALTER TABLE accounts DROP COLUMN search;
ALTER TABLE accounts DROP COLUMN totp_last_step;
