-- +goose Up
-- The example capability's one table (it exists only in tests).
CREATE TABLE example_notes (
    id          uuid PRIMARY KEY,
    body        text NOT NULL,
    created_at  timestamptz NOT NULL
);

-- +goose Down
DROP TABLE example_notes;
