-- +goose Up
-- Calls, nominations and selection (issue 8 §3–4). A nomination is one
-- person proposed by their country for one activity; its status goes
-- nominated → selected | reserve → accepted | declined, or withdrawn.
-- Every change to an activity's nominations locks the activity's row
-- first, so that seats (selected + accepted ≤ capacity) are never oversold.

CREATE TABLE nominations (
    id               TEXT PRIMARY KEY,
    activity_id      TEXT NOT NULL REFERENCES activities (id),
    person_id        TEXT NOT NULL REFERENCES people (id),
    country_code     TEXT NOT NULL REFERENCES countries (code),
    priority         INTEGER NOT NULL CHECK (priority > 0),
    motivation       TEXT NOT NULL DEFAULT '',
    status           TEXT NOT NULL,
    reserve_rank     INTEGER NOT NULL DEFAULT 0,
    override_outcome TEXT NOT NULL DEFAULT '',
    override_reason  TEXT NOT NULL DEFAULT '',
    reason           TEXT NOT NULL DEFAULT '',
    nominated_by     TEXT NOT NULL DEFAULT '',
    decided_at       TEXT,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE UNIQUE INDEX nominations_person ON nominations (activity_id, person_id);
CREATE INDEX nominations_country ON nominations (activity_id, country_code, priority);
CREATE INDEX nominations_by_person ON nominations (person_id, activity_id);

-- +goose Down
DROP TABLE nominations;
