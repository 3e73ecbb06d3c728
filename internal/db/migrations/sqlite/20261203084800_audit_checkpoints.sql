-- +goose Up
-- Signed checkpoints of the audit chain head, and guards on the head row.
-- A checkpoint says "entry seq has hash hash", signed with an Ed25519 key
-- kept outside the database (internal/audit/checkpoint.go), so that an
-- intruder with file access who truncates or rewrites the chain cannot
-- make a matching checkpoint. The table is append-only, like audit_log.

CREATE TABLE audit_checkpoints (
    id         TEXT PRIMARY KEY,
    seq        INTEGER NOT NULL,
    hash       TEXT NOT NULL,
    at         TEXT NOT NULL,
    key_id     TEXT NOT NULL,
    signature  TEXT NOT NULL
);
CREATE INDEX audit_checkpoints_seq ON audit_checkpoints (seq);

-- +goose StatementBegin
CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE ON audit_checkpoints
BEGIN
    SELECT RAISE(ABORT, 'audit_checkpoints is append-only');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints
BEGIN
    SELECT RAISE(ABORT, 'audit_checkpoints is append-only');
END;
-- +goose StatementEnd

-- The head only moves forward, one entry at a time, onto an entry that
-- exists with that hash; it may be deleted only while the log is empty
-- (a restore replaces it before loading the log).
-- +goose StatementBegin
CREATE TRIGGER audit_head_forward_only BEFORE UPDATE ON audit_head
WHEN NEW.id <> OLD.id OR NEW.seq <> OLD.seq + 1
    OR NEW.hash IS NOT (SELECT hash FROM audit_log WHERE seq = NEW.seq)
BEGIN
    SELECT RAISE(ABORT, 'audit_head only moves forward onto the next entry');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head
WHEN EXISTS (SELECT 1 FROM audit_log)
BEGIN
    SELECT RAISE(ABORT, 'audit_head cannot be deleted while the log has entries');
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER audit_head_no_delete;
DROP TRIGGER audit_head_forward_only;
DROP TRIGGER audit_checkpoints_no_delete;
DROP TRIGGER audit_checkpoints_no_update;
DROP TABLE audit_checkpoints;
