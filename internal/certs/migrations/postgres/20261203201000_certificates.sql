-- +goose Up
-- Certificates (issue 10). A certificate keeps what it shows as it was
-- when issued: a later change of a name or a title does not change it.
-- The issuer's Ed25519 keys sign their QR payloads; every key stays so
-- that old certificates keep verifying after a rotation.
CREATE TABLE cert_keys (
    id          text PRIMARY KEY,
    private_key text NOT NULL,
    created_at  timestamptz NOT NULL,
    retired_at  timestamptz
);

CREATE TABLE certificates (
    id             uuid PRIMARY KEY,
    code           text NOT NULL,
    activity_id    uuid NOT NULL REFERENCES activities (id),
    person_id      uuid NOT NULL REFERENCES people (id),
    status         text NOT NULL DEFAULT 'valid' CHECK (status IN ('valid', 'revoked')),
    name           text NOT NULL,
    native_name    text NOT NULL DEFAULT '',
    lang           text NOT NULL,
    course_code    text NOT NULL,
    course_title   text NOT NULL,
    local_title    text NOT NULL DEFAULT '',
    starts_on      text NOT NULL,
    ends_on        text NOT NULL,
    hours          double precision NOT NULL DEFAULT 0,
    outcomes       text NOT NULL DEFAULT '[]',
    city           text NOT NULL DEFAULT '',
    country_code   text NOT NULL DEFAULT '',
    online         boolean NOT NULL DEFAULT false,
    issuer_name    text NOT NULL,
    signatory      text NOT NULL DEFAULT '',
    signatory_role text NOT NULL DEFAULT '',
    issued_at      timestamptz NOT NULL,
    issued_by      text NOT NULL DEFAULT '',
    issue_reason   text NOT NULL DEFAULT '',
    key_id         text NOT NULL REFERENCES cert_keys (id),
    payload        text NOT NULL,
    revoked_at     timestamptz,
    revoked_by     text NOT NULL DEFAULT '',
    revoke_reason  text NOT NULL DEFAULT '',
    mailed_at      timestamptz,
    demo           boolean NOT NULL DEFAULT false
);
CREATE UNIQUE INDEX certificates_code ON certificates (code);
CREATE UNIQUE INDEX certificates_activity_person ON certificates (activity_id, person_id);
CREATE INDEX certificates_person ON certificates (person_id, issued_at);
CREATE INDEX certificates_revoked ON certificates (status, revoked_at);

-- A coordinator's decision not to issue a certificate to a participant
-- who completed, with the reason; issuing on completion skips them.
CREATE TABLE cert_withheld (
    activity_id uuid NOT NULL REFERENCES activities (id),
    person_id   uuid NOT NULL REFERENCES people (id),
    reason      text NOT NULL,
    decided_by  text NOT NULL DEFAULT '',
    decided_at  timestamptz NOT NULL,
    PRIMARY KEY (activity_id, person_id)
);

-- +goose Down
DROP TABLE cert_withheld;
DROP TABLE certificates;
DROP TABLE cert_keys;
