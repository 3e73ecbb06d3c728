-- +goose Up
-- Keyset orders of the lists that no index answered yet (store.go:
-- agencyOrders, peopleOrders, networkOrders); an index serves its order in
-- both directions, so "-updated" and "-name" need none of their own.
CREATE INDEX agencies_updated ON agencies (updated_at, id);
CREATE INDEX people_updated ON people (updated_at, id);
CREATE INDEX networks_sort ON networks (sort_name, id);

-- +goose Down
DROP INDEX networks_sort;
DROP INDEX people_updated;
DROP INDEX agencies_updated;
