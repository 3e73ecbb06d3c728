-- +goose Up
-- Loose name keys for search (names.Loose; see search_keys.go). A person
-- has one row per distinct loose word of their names; a query word finds
-- the people with an equal word here, or a word one edit away through
-- search_key_variants. The keys are written in Go with each person and
-- recomputed by the directory's Build when search_keys_version is behind
-- names.LooseVersion (a migration cannot compute them).
CREATE TABLE person_search_keys (
    person_id  uuid NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    token      text COLLATE "C" NOT NULL,
    PRIMARY KEY (token, person_id)
);
CREATE INDEX person_search_keys_person ON person_search_keys (person_id);

-- Every loose word of five letters or more that person_search_keys holds
-- or held, under itself and under each of its names.NearKeys (rows of
-- words no longer used are harmless: they lead to no person).
CREATE TABLE search_key_variants (
    variant  text COLLATE "C" NOT NULL,
    token    text COLLATE "C" NOT NULL,
    PRIMARY KEY (variant, token)
);

-- The names.LooseVersion the keys above were computed with (one row).
CREATE TABLE search_keys_version (
    id       integer PRIMARY KEY CHECK (id = 1),
    version  integer NOT NULL
);

-- +goose Down
DROP TABLE search_keys_version;
DROP TABLE search_key_variants;
DROP TABLE person_search_keys;
