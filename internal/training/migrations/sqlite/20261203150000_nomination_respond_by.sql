-- +goose Up
-- A nomination's own answer date: set when a person is promoted from the
-- reserve list (later than the activity's, so that they have days to
-- answer); empty: the activity's respond_by applies.
ALTER TABLE nominations ADD COLUMN respond_by TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE nominations DROP COLUMN respond_by;
