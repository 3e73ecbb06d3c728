-- +goose Up
-- Question banks and tests (issue 9): items per course tied to a learning
-- outcome, in several languages (texts and choices are JSON objects of
-- language → text, like courses.titles); a pre- and a post-test per
-- activity, each a list of the course's questions and a time window; one
-- submission per participant and test, saved as they go and submitted
-- once (score NULL until then), or entered as a paper score.
CREATE TABLE questions (
    id           uuid PRIMARY KEY,
    course_id    uuid NOT NULL REFERENCES courses (id),
    outcome      text NOT NULL DEFAULT '',
    kind         text NOT NULL,
    texts        text NOT NULL DEFAULT '{}',
    choices      text NOT NULL DEFAULT '[]',
    correct      text NOT NULL DEFAULT '[]',
    archived_at  timestamptz,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL
);
CREATE INDEX questions_course ON questions (course_id, created_at);

CREATE TABLE tests (
    id           uuid PRIMARY KEY,
    activity_id  uuid NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    kind         text NOT NULL,
    form         text NOT NULL DEFAULT '',
    opens_at     timestamptz NOT NULL,
    closes_at    timestamptz NOT NULL,
    created_by   text NOT NULL DEFAULT '',
    created_at   timestamptz NOT NULL
);
CREATE UNIQUE INDEX tests_activity_kind_form ON tests (activity_id, kind, form);

CREATE TABLE test_questions (
    test_id      uuid NOT NULL REFERENCES tests (id) ON DELETE CASCADE,
    question_id  uuid NOT NULL REFERENCES questions (id),
    position     integer NOT NULL,
    PRIMARY KEY (test_id, question_id)
);

CREATE TABLE submissions (
    id            uuid PRIMARY KEY,
    test_id       uuid NOT NULL REFERENCES tests (id) ON DELETE CASCADE,
    person_id     uuid NOT NULL REFERENCES people (id),
    answers       text NOT NULL DEFAULT '{}',
    score         double precision,
    submitted_at  timestamptz,
    source        text NOT NULL,
    entered_by    text NOT NULL DEFAULT '',
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL
);
CREATE UNIQUE INDEX submissions_test_person ON submissions (test_id, person_id);
CREATE INDEX submissions_person ON submissions (person_id);

-- +goose Down
DROP TABLE submissions;
DROP TABLE test_questions;
DROP TABLE tests;
DROP TABLE questions;
