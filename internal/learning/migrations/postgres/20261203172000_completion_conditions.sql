-- +goose Up
-- The conditions learning adds to an activity's completion rule (issue 9
-- item 2), beside training's attendance rate: the post-test taken, a
-- minimum post-test score (0–100), the satisfaction survey answered.
CREATE TABLE completion_conditions (
    activity_id     uuid PRIMARY KEY REFERENCES activities (id) ON DELETE CASCADE,
    post_test       boolean NOT NULL DEFAULT false,
    min_post_score  double precision,
    survey          boolean NOT NULL DEFAULT false,
    updated_by      text NOT NULL DEFAULT '',
    updated_at      timestamptz NOT NULL
);

-- +goose Down
DROP TABLE completion_conditions;
