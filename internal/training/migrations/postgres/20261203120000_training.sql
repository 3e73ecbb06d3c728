-- +goose Up
-- The training portfolio and its activities (DESIGN.md §3.2, issue 8).
-- Lists are stored as comma-separated codes (languages, agency types) or
-- JSON (titles, outcomes), sort and search columns are computed in Go.
-- Dates of activities are local calendar dates (YYYY-MM-DD) in the
-- activity's time zone, kept as text so both engines compare them alike.

-- The versioned EMPACT taxonomy and emerging threats.
CREATE TABLE crime_areas (
    code          text PRIMARY KEY,
    cycles        text NOT NULL,
    name_en       text NOT NULL,
    predecessors  text NOT NULL DEFAULT '',
    sort_order    integer NOT NULL DEFAULT 0,
    archived_at   timestamptz,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL
);

CREATE TABLE courses (
    id            uuid PRIMARY KEY,
    code          text NOT NULL,
    title         text NOT NULL,
    titles        text NOT NULL DEFAULT '{}',
    level         text NOT NULL,
    format        text NOT NULL,
    outcomes      text NOT NULL DEFAULT '[]',
    target_types  text NOT NULL DEFAULT '',
    hours         double precision NOT NULL,
    description   text NOT NULL DEFAULT '',
    sort_name     text COLLATE "C" NOT NULL,
    search        text NOT NULL,
    demo          boolean NOT NULL DEFAULT false,
    archived_at   timestamptz,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL
);
CREATE UNIQUE INDEX courses_code ON courses (code);
CREATE INDEX courses_sort ON courses (sort_name, id);

CREATE TABLE course_areas (
    course_id  uuid NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    area_code  text NOT NULL REFERENCES crime_areas (code),
    PRIMARY KEY (course_id, area_code)
);
CREATE INDEX course_areas_area ON course_areas (area_code, course_id);

CREATE TABLE activities (
    id               uuid PRIMARY KEY,
    course_id        uuid NOT NULL REFERENCES courses (id),
    starts_on        text NOT NULL,
    ends_on          text NOT NULL,
    time_zone        text NOT NULL,
    day_starts       text NOT NULL,
    day_ends         text NOT NULL,
    online           boolean NOT NULL DEFAULT false,
    venue            text NOT NULL DEFAULT '',
    city             text NOT NULL DEFAULT '',
    country_code     text REFERENCES countries (code),
    languages        text NOT NULL,
    interpretation   text NOT NULL DEFAULT '',
    capacity         integer NOT NULL,
    status           text NOT NULL,
    call_deadline    timestamptz,
    call_closed_at   timestamptz,
    eligible_types   text NOT NULL DEFAULT '',
    eligible_lang    text NOT NULL DEFAULT '',
    respond_by       text NOT NULL DEFAULT '',
    completion_rate  integer NOT NULL DEFAULT 80,
    cancel_reason    text NOT NULL DEFAULT '',
    demo             boolean NOT NULL DEFAULT false,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    CHECK (ends_on >= starts_on),
    CHECK (capacity > 0)
);
CREATE INDEX activities_starts ON activities (starts_on, id);
CREATE INDEX activities_status ON activities (status, starts_on, id);
CREATE INDEX activities_course ON activities (course_id, starts_on);

CREATE TABLE activity_seats (
    activity_id   uuid NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    country_code  text NOT NULL REFERENCES countries (code),
    seats         integer NOT NULL CHECK (seats >= 0),
    PRIMARY KEY (activity_id, country_code)
);

CREATE TABLE activity_trainers (
    activity_id  uuid NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    person_id    uuid NOT NULL REFERENCES people (id),
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
