-- +goose Up
-- Correction requests (issue 10, My training): a person asks for what the
-- platform holds on them to be corrected; coordinators resolve each with a
-- note. person_id is empty for an account linked to no person.
CREATE TABLE correction_requests (
    id           uuid PRIMARY KEY,
    person_id    uuid REFERENCES people (id),
    account_id   uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    text         text NOT NULL,
    status       text NOT NULL,
    resolved_by  text NOT NULL DEFAULT '',
    resolved_at  timestamptz,
    note         text NOT NULL DEFAULT '',
    created_at   timestamptz NOT NULL,
    CHECK (status IN ('open', 'resolved'))
);
CREATE INDEX correction_requests_status ON correction_requests (status, created_at, id);
CREATE INDEX correction_requests_account ON correction_requests (account_id, created_at);
CREATE INDEX correction_requests_person ON correction_requests (person_id);

-- +goose Down
DROP TABLE correction_requests;
