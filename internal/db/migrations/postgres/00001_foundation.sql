-- +goose Up
-- Accounts, grants, sessions, API tokens, login throttling and the audit chain.

CREATE TABLE accounts (
    id             uuid PRIMARY KEY,
    email          text NOT NULL,
    name           text NOT NULL,
    password_hash  text NOT NULL,
    person_id      uuid,
    totp_secret    text NOT NULL DEFAULT '',
    totp_enabled   boolean NOT NULL DEFAULT false,
    lang           text NOT NULL DEFAULT '',
    disabled_at    timestamptz,
    last_login_at  timestamptz,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL
);
CREATE UNIQUE INDEX accounts_email ON accounts (email);
CREATE INDEX accounts_person ON accounts (person_id);

CREATE TABLE grants (
    id          uuid PRIMARY KEY,
    account_id  uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    role        text NOT NULL,
    scope_kind  text NOT NULL,
    scope_id    text NOT NULL DEFAULT '',
    country     text NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL
);
CREATE UNIQUE INDEX grants_unique ON grants (account_id, role, scope_kind, scope_id, country);

CREATE TABLE sessions (
    id            uuid PRIMARY KEY,
    token_hash    text NOT NULL,
    account_id    uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    mfa           boolean NOT NULL DEFAULT false,
    ip            text NOT NULL DEFAULT '',
    user_agent    text NOT NULL DEFAULT '',
    created_at    timestamptz NOT NULL,
    last_seen_at  timestamptz NOT NULL,
    expires_at    timestamptz NOT NULL,
    revoked_at    timestamptz
);
CREATE UNIQUE INDEX sessions_token ON sessions (token_hash);
CREATE INDEX sessions_account ON sessions (account_id, created_at);

CREATE TABLE api_tokens (
    id            uuid PRIMARY KEY,
    token_hash    text NOT NULL,
    account_id    uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name          text NOT NULL,
    read_only     boolean NOT NULL DEFAULT false,
    created_at    timestamptz NOT NULL,
    expires_at    timestamptz NOT NULL,
    last_used_at  timestamptz,
    revoked_at    timestamptz
);
CREATE UNIQUE INDEX api_tokens_token ON api_tokens (token_hash);
CREATE INDEX api_tokens_account ON api_tokens (account_id, created_at);

CREATE TABLE login_failures (
    id   uuid PRIMARY KEY,
    key  text NOT NULL,
    at   timestamptz NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (key, at);

-- The audit chain. seq is assigned by the appender under the chain-head
-- lock (SELECT … FOR UPDATE on audit_head), so it is gap-free and two
-- concurrent transactions never chain onto the same predecessor.
CREATE TABLE audit_log (
    seq          bigint PRIMARY KEY,
    id           uuid NOT NULL,
    at           timestamptz NOT NULL,
    actor_id     text NOT NULL DEFAULT '',
    actor_label  text NOT NULL DEFAULT '',
    action       text NOT NULL,
    entity       text NOT NULL DEFAULT '',
    entity_id    text NOT NULL DEFAULT '',
    ip           text NOT NULL DEFAULT '',
    reason       text NOT NULL DEFAULT '',
    details      text NOT NULL DEFAULT '',
    prev_hash    text NOT NULL,
    hash         text NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);
CREATE INDEX audit_log_actor ON audit_log (actor_id, seq);
CREATE INDEX audit_log_action ON audit_log (action, seq);

CREATE TABLE audit_head (
    id    integer PRIMARY KEY CHECK (id = 1),
    seq   bigint NOT NULL,
    hash  text NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '');

-- +goose StatementBegin
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

-- +goose Down
DROP TRIGGER audit_log_no_truncate ON audit_log;
DROP TRIGGER audit_log_no_change ON audit_log;
DROP FUNCTION audit_log_append_only();
DROP TABLE audit_head;
DROP TABLE audit_log;
DROP TABLE login_failures;
DROP TABLE api_tokens;
DROP TABLE sessions;
DROP TABLE grants;
DROP TABLE accounts;
