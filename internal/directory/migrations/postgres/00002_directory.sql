-- +goose Up
-- The network directory (DESIGN.md §3.1). Sort and search columns are
-- lower-cased in Go and compared bytewise on both engines.

CREATE TABLE countries (
    code         text PRIMARY KEY,
    name_en      text NOT NULL,
    name_native  text NOT NULL DEFAULT '',
    kind         text NOT NULL,
    sort_order   integer NOT NULL DEFAULT 0
);

CREATE TABLE agencies (
    id            uuid PRIMARY KEY,
    code          text NOT NULL,
    country_code  text NOT NULL REFERENCES countries (code),
    name          text NOT NULL,
    name_native   text NOT NULL DEFAULT '',
    acronym       text NOT NULL DEFAULT '',
    type          text NOT NULL,
    city          text NOT NULL DEFAULT '',
    website       text NOT NULL DEFAULT '',
    email         text NOT NULL DEFAULT '',
    phone         text NOT NULL DEFAULT '',
    sort_name     text COLLATE "C" NOT NULL,
    search        text NOT NULL,
    demo          boolean NOT NULL DEFAULT false,
    archived_at   timestamptz,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL
);
CREATE UNIQUE INDEX agencies_code ON agencies (code);
CREATE INDEX agencies_sort ON agencies (sort_name, id);
CREATE INDEX agencies_country ON agencies (country_code, sort_name, id);

CREATE TABLE units (
    id           uuid PRIMARY KEY,
    agency_id    uuid NOT NULL REFERENCES agencies (id),
    name         text NOT NULL,
    name_native  text NOT NULL DEFAULT '',
    sort_name    text COLLATE "C" NOT NULL,
    archived_at  timestamptz,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL
);
CREATE UNIQUE INDEX units_name ON units (agency_id, sort_name);

CREATE TABLE people (
    id                  uuid PRIMARY KEY,
    agency_id           uuid NOT NULL REFERENCES agencies (id),
    unit_id             uuid REFERENCES units (id),
    country_code        text NOT NULL REFERENCES countries (code),
    given_name          text NOT NULL,
    family_name         text NOT NULL,
    given_name_native   text NOT NULL DEFAULT '',
    family_name_native  text NOT NULL DEFAULT '',
    sex                 text NOT NULL DEFAULT '',
    position            text NOT NULL DEFAULT '',
    languages           text NOT NULL DEFAULT '',
    email               text NOT NULL DEFAULT '',
    phone               text NOT NULL DEFAULT '',
    sort_name           text COLLATE "C" NOT NULL,
    search              text NOT NULL,
    demo                boolean NOT NULL DEFAULT false,
    archived_at         timestamptz,
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL
);
CREATE UNIQUE INDEX people_email ON people (email) WHERE email <> '';
CREATE INDEX people_sort ON people (sort_name, id);
CREATE INDEX people_agency ON people (agency_id, sort_name, id);
CREATE INDEX people_country ON people (country_code, sort_name, id);

-- Blocking keys for duplicate detection across scripts (names.Blocks).
CREATE TABLE person_name_blocks (
    person_id  uuid NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    block      text COLLATE "C" NOT NULL,
    PRIMARY KEY (block, person_id)
);
CREATE INDEX person_name_blocks_person ON person_name_blocks (person_id);

CREATE TABLE contact_points (
    id             uuid PRIMARY KEY,
    person_id      uuid NOT NULL REFERENCES people (id),
    agency_id      uuid NOT NULL REFERENCES agencies (id),
    country_code   text NOT NULL REFERENCES countries (code),
    kind           text NOT NULL,
    area           text NOT NULL DEFAULT '',
    available_247  boolean NOT NULL DEFAULT false,
    notes          text NOT NULL DEFAULT '',
    archived_at    timestamptz,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL
);
CREATE UNIQUE INDEX contact_points_unique ON contact_points (person_id, kind, area) WHERE archived_at IS NULL;
CREATE INDEX contact_points_country ON contact_points (country_code, kind);

CREATE TABLE networks (
    id           uuid PRIMARY KEY,
    code         text NOT NULL,
    name         text NOT NULL,
    kind         text NOT NULL,
    description  text NOT NULL DEFAULT '',
    sort_name    text COLLATE "C" NOT NULL,
    archived_at  timestamptz,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL
);
CREATE UNIQUE INDEX networks_code ON networks (code);

CREATE TABLE network_members (
    id          uuid PRIMARY KEY,
    network_id  uuid NOT NULL REFERENCES networks (id),
    person_id   uuid NOT NULL REFERENCES people (id),
    role        text NOT NULL,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL
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
