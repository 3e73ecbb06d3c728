-- +goose Up
-- Attendance per day (issue 8 §6): whether a participant (a nomination
-- holding a seat) was present on one day of an activity. Days are local
-- calendar dates (YYYY-MM-DD) in the activity's time zone, kept as text
-- like activities.starts_on. A day not marked has no row. Marking again
-- changes the row (upsert); who marked it last and when is kept here, every
-- change is in the audit log.
CREATE TABLE attendance (
    activity_id  uuid NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    person_id    uuid NOT NULL REFERENCES people (id),
    day          text NOT NULL,
    present      boolean NOT NULL,
    marked_by    text NOT NULL DEFAULT '',
    marked_at    timestamptz NOT NULL,
    PRIMARY KEY (activity_id, person_id, day)
);
CREATE INDEX attendance_person ON attendance (person_id, activity_id);

-- +goose Down
DROP TABLE attendance;
