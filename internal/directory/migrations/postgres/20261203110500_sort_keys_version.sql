-- +goose Up
-- The version of the sort and search columns' rules (sortKey,
-- personSortKey, searchText) they were computed with. The directory's Build
-- recomputes every sort_name and search column when it is behind: that
-- repairs keys stored empty or garbled by the name-folding race of
-- issue 7 (a shared transform chain), and any later change of the rules.
ALTER TABLE search_keys_version ADD COLUMN sort_version INTEGER NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE search_keys_version DROP COLUMN sort_version;
