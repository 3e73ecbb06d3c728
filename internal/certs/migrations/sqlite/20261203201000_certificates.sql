-- +goose Up
-- Certificates (issue 10). A certificate keeps what it shows as it was
-- when issued: a later change of a name or a title does not change it.
-- The issuer's Ed25519 keys sign their QR payloads; every key stays so
-- that old certificates keep verifying after a rotation.
CREATE TABLE cert_keys (
    id          TEXT PRIMARY KEY,
    private_key TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    retired_at  TEXT
);

CREATE TABLE certificates (
    id             TEXT PRIMARY KEY,
    code           TEXT NOT NULL,
    activity_id    TEXT NOT NULL REFERENCES activities (id),
    person_id      TEXT NOT NULL REFERENCES people (id),
    status         TEXT NOT NULL DEFAULT 'valid' CHECK (status IN ('valid', 'revoked')),
    name           TEXT NOT NULL,
    native_name    TEXT NOT NULL DEFAULT '',
    lang           TEXT NOT NULL,
    course_code    TEXT NOT NULL,
    course_title   TEXT NOT NULL,
    local_title    TEXT NOT NULL DEFAULT '',
    starts_on      TEXT NOT NULL,
    ends_on        TEXT NOT NULL,
    hours          REAL NOT NULL DEFAULT 0,
    outcomes       TEXT NOT NULL DEFAULT '[]',
    city           TEXT NOT NULL DEFAULT '',
    country_code   TEXT NOT NULL DEFAULT '',
    online         INTEGER NOT NULL DEFAULT 0,
    issuer_name    TEXT NOT NULL,
    signatory      TEXT NOT NULL DEFAULT '',
    signatory_role TEXT NOT NULL DEFAULT '',
    issued_at      TEXT NOT NULL,
    issued_by      TEXT NOT NULL DEFAULT '',
    issue_reason   TEXT NOT NULL DEFAULT '',
    key_id         TEXT NOT NULL REFERENCES cert_keys (id),
    payload        TEXT NOT NULL,
    revoked_at     TEXT,
    revoked_by     TEXT NOT NULL DEFAULT '',
    revoke_reason  TEXT NOT NULL DEFAULT '',
    mailed_at      TEXT,
    demo           INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX certificates_code ON certificates (code);
CREATE UNIQUE INDEX certificates_activity_person ON certificates (activity_id, person_id);
CREATE INDEX certificates_person ON certificates (person_id, issued_at);
CREATE INDEX certificates_revoked ON certificates (status, revoked_at);

-- A coordinator's decision not to issue a certificate to a participant
-- who completed, with the reason; issuing on completion skips them.
CREATE TABLE cert_withheld (
    activity_id TEXT NOT NULL REFERENCES activities (id),
    person_id   TEXT NOT NULL REFERENCES people (id),
    reason      TEXT NOT NULL,
    decided_by  TEXT NOT NULL DEFAULT '',
    decided_at  TEXT NOT NULL,
    PRIMARY KEY (activity_id, person_id)
);

-- +goose Down
DROP TABLE cert_withheld;
DROP TABLE certificates;
DROP TABLE cert_keys;
