-- +goose Up
-- Reminders sent (issue 8 §7): one row per activity, person and kind
-- ("respond": 3 days before the answer date; "start": 7 days before the
-- activity). The reminders job claims a reminder by inserting its row with
-- ON CONFLICT DO NOTHING in the same transaction as the mail, and sends
-- only when the insert added the row: a reminder goes out once, however
-- many replicas run the job at the same moment. The primary key is the
-- UNIQUE (activity_id, person_id, kind) the claim conflicts on.
CREATE TABLE training_reminders (
    activity_id  TEXT NOT NULL REFERENCES activities (id),
    person_id    TEXT NOT NULL REFERENCES people (id),
    kind         TEXT NOT NULL,
    sent_at      TEXT NOT NULL,
    PRIMARY KEY (activity_id, person_id, kind)
);

-- +goose Down
DROP TABLE training_reminders;
