-- +goose Up
-- The example capability's one table (it exists only in tests).
CREATE TABLE example_notes (
    id          TEXT PRIMARY KEY,
    body        TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

-- +goose Down
DROP TABLE example_notes;
