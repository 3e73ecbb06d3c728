-- +goose Up
-- Calls, nominations and selection (issue 8 §3–4). A nomination is one
-- person proposed by their country for one activity; its status goes
-- nominated → selected | reserve → accepted | declined, or withdrawn.
-- Every change to an activity's nominations locks the activity's row
-- first, so that seats (selected + accepted ≤ capacity) are never oversold.

CREATE TABLE nominations (
    id               uuid PRIMARY KEY,
    activity_id      uuid NOT NULL REFERENCES activities (id),
    person_id        uuid NOT NULL REFERENCES people (id),
    country_code     text NOT NULL REFERENCES countries (code),
    priority         integer NOT NULL CHECK (priority > 0),
    motivation       text NOT NULL DEFAULT '',
    status           text NOT NULL,
    reserve_rank     integer NOT NULL DEFAULT 0,
    override_outcome text NOT NULL DEFAULT '',
    override_reason  text NOT NULL DEFAULT '',
    reason           text NOT NULL DEFAULT '',
    nominated_by     text NOT NULL DEFAULT '',
    decided_at       timestamptz,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL
);
CREATE UNIQUE INDEX nominations_person ON nominations (activity_id, person_id);
CREATE INDEX nominations_country ON nominations (activity_id, country_code, priority);
CREATE INDEX nominations_by_person ON nominations (person_id, activity_id);

-- +goose Down
DROP TABLE nominations;
