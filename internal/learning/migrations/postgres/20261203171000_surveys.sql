-- +goose Up
-- Surveys (issue 9): a satisfaction survey at the end of an activity
-- (participants and trainers) and a follow-up survey months later
-- (participants: do they apply it on the job). Who answered and what they
-- answered are kept apart: survey_respondents says who has answered (for
-- response rates, reminders and the completion rule), survey_responses
-- holds the answers with the respondent's role only (a random id, no
-- time), so that nothing in the platform links an answer to a person.
CREATE TABLE surveys (
    id           uuid PRIMARY KEY,
    activity_id  uuid NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    kind         text NOT NULL,
    opens_at     timestamptz NOT NULL,
    closes_at    timestamptz NOT NULL,
    created_by   text NOT NULL DEFAULT '',
    created_at   timestamptz NOT NULL
);
CREATE UNIQUE INDEX surveys_activity_kind ON surveys (activity_id, kind);
CREATE INDEX surveys_closes ON surveys (closes_at);

CREATE TABLE survey_respondents (
    survey_id    uuid NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    person_id    uuid NOT NULL REFERENCES people (id),
    answered_at  timestamptz NOT NULL,
    PRIMARY KEY (survey_id, person_id)
);
CREATE INDEX survey_respondents_person ON survey_respondents (person_id);

CREATE TABLE survey_responses (
    id           uuid PRIMARY KEY,
    survey_id    uuid NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    role         text NOT NULL,
    answers      text NOT NULL DEFAULT '{}',
    texts        text NOT NULL DEFAULT '{}'
);
CREATE INDEX survey_responses_survey ON survey_responses (survey_id);

-- The invitations and reminders sent (the "learning.surveys" job): one
-- row per survey, person and step, claimed in the transaction of its
-- mail, so that each goes out once across replicas.
CREATE TABLE survey_mails (
    survey_id    uuid NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    person_id    uuid NOT NULL REFERENCES people (id),
    step         text NOT NULL,
    sent_at      timestamptz NOT NULL,
    PRIMARY KEY (survey_id, person_id, step)
);

-- +goose Down
DROP TABLE survey_mails;
DROP TABLE survey_responses;
DROP TABLE survey_respondents;
DROP TABLE surveys;
