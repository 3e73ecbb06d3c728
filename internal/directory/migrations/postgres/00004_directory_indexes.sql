-- +goose Up
-- People of a unit are found without a scan. (An index on archived_at
-- would look selective to SQLite's planner and make it sort every person
-- for a page instead of walking people_sort: list totals are cached by
-- the directory instead.)
CREATE INDEX people_unit ON people (unit_id);

-- +goose Down
DROP INDEX people_unit;
