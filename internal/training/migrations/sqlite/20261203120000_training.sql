-- +goose Up
-- The training portfolio and its activities (DESIGN.md §3.2, issue 8).
-- Lists are stored as comma-separated codes (languages, agency types) or
-- JSON (titles, outcomes), sort and search columns are computed in Go.
-- Dates of activities are local calendar dates (YYYY-MM-DD) in the
-- activity's time zone, kept as TEXT so both engines compare them alike.

-- The versioned EMPACT taxonomy and emerging threats.
CREATE TABLE crime_areas (
    code          TEXT PRIMARY KEY,
    cycles        TEXT NOT NULL,
    name_en       TEXT NOT NULL,
    predecessors  TEXT NOT NULL DEFAULT '',
    sort_order    INTEGER NOT NULL DEFAULT 0,
    archived_at   TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);

CREATE TABLE courses (
    id            TEXT PRIMARY KEY,
    code          TEXT NOT NULL,
    title         TEXT NOT NULL,
    titles        TEXT NOT NULL DEFAULT '{}',
    level         TEXT NOT NULL,
    format        TEXT NOT NULL,
    outcomes      TEXT NOT NULL DEFAULT '[]',
    target_types  TEXT NOT NULL DEFAULT '',
    hours         REAL NOT NULL,
    description   TEXT NOT NULL DEFAULT '',
    sort_name     TEXT NOT NULL,
    search        TEXT NOT NULL,
    demo          INTEGER NOT NULL DEFAULT 0,
    archived_at   TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE UNIQUE INDEX courses_code ON courses (code);
CREATE INDEX courses_sort ON courses (sort_name, id);

CREATE TABLE course_areas (
    course_id  TEXT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    area_code  TEXT NOT NULL REFERENCES crime_areas (code),
    PRIMARY KEY (course_id, area_code)
);
CREATE INDEX course_areas_area ON course_areas (area_code, course_id);

CREATE TABLE activities (
    id               TEXT PRIMARY KEY,
    course_id        TEXT NOT NULL REFERENCES courses (id),
    starts_on        TEXT NOT NULL,
    ends_on          TEXT NOT NULL,
    time_zone        TEXT NOT NULL,
    day_starts       TEXT NOT NULL,
    day_ends         TEXT NOT NULL,
    online           INTEGER NOT NULL DEFAULT 0,
    venue            TEXT NOT NULL DEFAULT '',
    city             TEXT NOT NULL DEFAULT '',
    country_code     TEXT REFERENCES countries (code),
    languages        TEXT NOT NULL,
    interpretation   TEXT NOT NULL DEFAULT '',
    capacity         INTEGER NOT NULL,
    status           TEXT NOT NULL,
    call_deadline    TEXT,
    call_closed_at   TEXT,
    eligible_types   TEXT NOT NULL DEFAULT '',
    eligible_lang    TEXT NOT NULL DEFAULT '',
    respond_by       TEXT NOT NULL DEFAULT '',
    completion_rate  INTEGER NOT NULL DEFAULT 80,
    cancel_reason    TEXT NOT NULL DEFAULT '',
    demo             INTEGER NOT NULL DEFAULT 0,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    CHECK (ends_on >= starts_on),
    CHECK (capacity > 0)
);
CREATE INDEX activities_starts ON activities (starts_on, id);
CREATE INDEX activities_status ON activities (status, starts_on, id);
CREATE INDEX activities_course ON activities (course_id, starts_on);

CREATE TABLE activity_seats (
    activity_id   TEXT NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    country_code  TEXT NOT NULL REFERENCES countries (code),
    seats         INTEGER NOT NULL CHECK (seats >= 0),
    PRIMARY KEY (activity_id, country_code)
);

CREATE TABLE activity_trainers (
    activity_id  TEXT NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    person_id    TEXT NOT NULL REFERENCES people (id),
    PRIMARY KEY (activity_id, person_id)
);
CREATE INDEX activity_trainers_person ON activity_trainers (person_id, activity_id);

-- +goose Down
DROP TABLE activity_trainers;
DROP TABLE activity_seats;
DROP TABLE activities;
DROP TABLE course_areas;
DROP TABLE courses;
DROP TABLE crime_areas;
