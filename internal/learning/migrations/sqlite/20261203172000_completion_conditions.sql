-- +goose Up
-- The conditions learning adds to an activity's completion rule (issue 9
-- item 2), beside training's attendance rate: the post-test taken, a
-- minimum post-test score (0–100), the satisfaction survey answered.
CREATE TABLE completion_conditions (
    activity_id     TEXT PRIMARY KEY REFERENCES activities (id) ON DELETE CASCADE,
    post_test       INTEGER NOT NULL DEFAULT 0,
    min_post_score  REAL,
    survey          INTEGER NOT NULL DEFAULT 0,
    updated_by      TEXT NOT NULL DEFAULT '',
    updated_at      TEXT NOT NULL
);

-- +goose Down
DROP TABLE completion_conditions;
