-- +goose Up
-- Question banks and tests (issue 9): items per course tied to a learning
-- outcome, in several languages (texts and choices are JSON objects of
-- language → text, like courses.titles); a pre- and a post-test per
-- activity, each a list of the course's questions and a time window; one
-- submission per participant and test, saved as they go and submitted
-- once (score NULL until then), or entered as a paper score.
CREATE TABLE questions (
    id           TEXT PRIMARY KEY,
    course_id    TEXT NOT NULL REFERENCES courses (id),
    outcome      TEXT NOT NULL DEFAULT '',
    kind         TEXT NOT NULL,
    texts        TEXT NOT NULL DEFAULT '{}',
    choices      TEXT NOT NULL DEFAULT '[]',
    correct      TEXT NOT NULL DEFAULT '[]',
    archived_at  TEXT,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX questions_course ON questions (course_id, created_at);

CREATE TABLE tests (
    id           TEXT PRIMARY KEY,
    activity_id  TEXT NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    kind         TEXT NOT NULL,
    form         TEXT NOT NULL DEFAULT '',
    opens_at     TEXT NOT NULL,
    closes_at    TEXT NOT NULL,
    created_by   TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL
);
CREATE UNIQUE INDEX tests_activity_kind_form ON tests (activity_id, kind, form);

CREATE TABLE test_questions (
    test_id      TEXT NOT NULL REFERENCES tests (id) ON DELETE CASCADE,
    question_id  TEXT NOT NULL REFERENCES questions (id),
    position     INTEGER NOT NULL,
    PRIMARY KEY (test_id, question_id)
);

CREATE TABLE submissions (
    id            TEXT PRIMARY KEY,
    test_id       TEXT NOT NULL REFERENCES tests (id) ON DELETE CASCADE,
    person_id     TEXT NOT NULL REFERENCES people (id),
    answers       TEXT NOT NULL DEFAULT '{}',
    score         REAL,
    submitted_at  TEXT,
    source        TEXT NOT NULL,
    entered_by    TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE UNIQUE INDEX submissions_test_person ON submissions (test_id, person_id);
CREATE INDEX submissions_person ON submissions (person_id);

-- +goose Down
DROP TABLE submissions;
DROP TABLE test_questions;
DROP TABLE tests;
DROP TABLE questions;
