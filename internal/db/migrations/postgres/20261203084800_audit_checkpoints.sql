-- +goose Up
-- Signed checkpoints of the audit chain head, and guards on the head row.
-- A checkpoint says "entry seq has hash hash", signed with an Ed25519 key
-- kept outside the database (internal/audit/checkpoint.go), so that an
-- intruder with file access who truncates or rewrites the chain cannot
-- make a matching checkpoint. The table is append-only, like audit_log.

CREATE TABLE audit_checkpoints (
    id         uuid PRIMARY KEY,
    seq        bigint NOT NULL,
    hash       text NOT NULL,
    at         timestamptz NOT NULL,
    key_id     text NOT NULL,
    signature  text NOT NULL
);
CREATE INDEX audit_checkpoints_seq ON audit_checkpoints (seq);

-- +goose StatementBegin
CREATE FUNCTION audit_checkpoints_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_checkpoints is append-only';
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER audit_checkpoints_no_change BEFORE UPDATE OR DELETE ON audit_checkpoints
    FOR EACH ROW EXECUTE FUNCTION audit_checkpoints_append_only();
CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
    FOR EACH STATEMENT EXECUTE FUNCTION audit_checkpoints_append_only();

-- The head only moves forward, one entry at a time, onto an entry that
-- exists with that hash; it may be deleted only while the log is empty
-- (a restore replaces it before loading the log).
-- +goose StatementBegin
CREATE FUNCTION audit_head_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF NEW.id <> OLD.id OR NEW.seq <> OLD.seq + 1
            OR NEW.hash IS DISTINCT FROM (SELECT hash FROM audit_log WHERE seq = NEW.seq) THEN
            RAISE EXCEPTION 'audit_head only moves forward onto the next entry';
        END IF;
        RETURN NEW;
    END IF;
    IF TG_OP = 'TRUNCATE' OR EXISTS (SELECT 1 FROM audit_log) THEN
        RAISE EXCEPTION 'audit_head cannot be deleted while the log has entries';
    END IF;
    RETURN OLD;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER audit_head_guard BEFORE UPDATE OR DELETE ON audit_head
    FOR EACH ROW EXECUTE FUNCTION audit_head_guard();
CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON audit_head
    FOR EACH STATEMENT EXECUTE FUNCTION audit_head_guard();

-- +goose Down
DROP TRIGGER audit_head_no_truncate ON audit_head;
DROP TRIGGER audit_head_guard ON audit_head;
DROP FUNCTION audit_head_guard();
DROP TRIGGER audit_checkpoints_no_truncate ON audit_checkpoints;
DROP TRIGGER audit_checkpoints_no_change ON audit_checkpoints;
DROP FUNCTION audit_checkpoints_append_only();
DROP TABLE audit_checkpoints;
