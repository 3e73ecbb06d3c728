-- +goose Up
-- The network directory (DESIGN.md §3.1). Sort and search columns are
-- lower-cased in Go and compared bytewise on both engines.

CREATE TABLE countries (
    code         TEXT PRIMARY KEY,
    name_en      TEXT NOT NULL,
    name_native  TEXT NOT NULL DEFAULT '',
    kind         TEXT NOT NULL,
    sort_order   INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE agencies (
    id            TEXT PRIMARY KEY,
    code          TEXT NOT NULL,
    country_code  TEXT NOT NULL REFERENCES countries (code),
    name          TEXT NOT NULL,
    name_native   TEXT NOT NULL DEFAULT '',
    acronym       TEXT NOT NULL DEFAULT '',
    type          TEXT NOT NULL,
    city          TEXT NOT NULL DEFAULT '',
    website       TEXT NOT NULL DEFAULT '',
    email         TEXT NOT NULL DEFAULT '',
    phone         TEXT NOT NULL DEFAULT '',
    sort_name     TEXT NOT NULL,
    search        TEXT NOT NULL,
    demo          INTEGER NOT NULL DEFAULT 0,
    archived_at   TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE UNIQUE INDEX agencies_code ON agencies (code);
CREATE INDEX agencies_sort ON agencies (sort_name, id);
CREATE INDEX agencies_country ON agencies (country_code, sort_name, id);

CREATE TABLE units (
    id           TEXT PRIMARY KEY,
    agency_id    TEXT NOT NULL REFERENCES agencies (id),
    name         TEXT NOT NULL,
    name_native  TEXT NOT NULL DEFAULT '',
    sort_name    TEXT NOT NULL,
    archived_at  TEXT,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE UNIQUE INDEX units_name ON units (agency_id, sort_name);

CREATE TABLE people (
    id                  TEXT PRIMARY KEY,
    agency_id           TEXT NOT NULL REFERENCES agencies (id),
    unit_id             TEXT REFERENCES units (id),
    country_code        TEXT NOT NULL REFERENCES countries (code),
    given_name          TEXT NOT NULL,
    family_name         TEXT NOT NULL,
    given_name_native   TEXT NOT NULL DEFAULT '',
    family_name_native  TEXT NOT NULL DEFAULT '',
    sex                 TEXT NOT NULL DEFAULT '',
    position            TEXT NOT NULL DEFAULT '',
    languages           TEXT NOT NULL DEFAULT '',
    email               TEXT NOT NULL DEFAULT '',
    phone               TEXT NOT NULL DEFAULT '',
    sort_name           TEXT NOT NULL,
    search              TEXT NOT NULL,
    demo                INTEGER NOT NULL DEFAULT 0,
    archived_at         TEXT,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
);
CREATE UNIQUE INDEX people_email ON people (email) WHERE email <> '';
CREATE INDEX people_sort ON people (sort_name, id);
CREATE INDEX people_agency ON people (agency_id, sort_name, id);
CREATE INDEX people_country ON people (country_code, sort_name, id);

-- Blocking keys for duplicate detection across scripts (names.Blocks).
CREATE TABLE person_name_blocks (
    person_id  TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    block      TEXT NOT NULL,
    PRIMARY KEY (block, person_id)
);
CREATE INDEX person_name_blocks_person ON person_name_blocks (person_id);

CREATE TABLE contact_points (
    id             TEXT PRIMARY KEY,
    person_id      TEXT NOT NULL REFERENCES people (id),
    agency_id      TEXT NOT NULL REFERENCES agencies (id),
    country_code   TEXT NOT NULL REFERENCES countries (code),
    kind           TEXT NOT NULL,
    area           TEXT NOT NULL DEFAULT '',
    available_247  INTEGER NOT NULL DEFAULT 0,
    notes          TEXT NOT NULL DEFAULT '',
    archived_at    TEXT,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE UNIQUE INDEX contact_points_unique ON contact_points (person_id, kind, area) WHERE archived_at IS NULL;
CREATE INDEX contact_points_country ON contact_points (country_code, kind);

CREATE TABLE networks (
    id           TEXT PRIMARY KEY,
    code         TEXT NOT NULL,
    name         TEXT NOT NULL,
    kind         TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    sort_name    TEXT NOT NULL,
    archived_at  TEXT,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE UNIQUE INDEX networks_code ON networks (code);

CREATE TABLE network_members (
    id          TEXT PRIMARY KEY,
    network_id  TEXT NOT NULL REFERENCES networks (id),
    person_id   TEXT NOT NULL REFERENCES people (id),
    role        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE UNIQUE INDEX network_members_unique ON network_members (network_id, person_id);
CREATE INDEX network_members_person ON network_members (person_id, network_id);

-- +goose Down
DROP TABLE network_members;
DROP TABLE networks;
DROP TABLE contact_points;
DROP TABLE person_name_blocks;
DROP TABLE people;
DROP TABLE units;
DROP TABLE agencies;
DROP TABLE countries;
