-- +goose Up
-- The family's and the parties' voice (issue 13, item 11): at an evaluation
-- and at the close the case's regisseur or dispatcher hands out single-use
-- links (the 360 rater link machinery: single_use_token) to the parents,
-- the young person and the organisations involved. The answers are shown
-- only in aggregate, from domain.MinRatersFloor answers per respondent kind.
ALTER TABLE single_use_token DROP CONSTRAINT single_use_token_purpose_check;
ALTER TABLE single_use_token ADD CONSTRAINT single_use_token_purpose_check CHECK (purpose IN ('rater', 'questionnaire'));

-- One handed-out link: for whom (the kind of respondent, never a person), at
-- which moment of which case. The link's token (single_use_token, purpose
-- 'questionnaire') names this row as its subject; only its hash is stored.
CREATE TABLE case_questionnaire_invite (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id          BIGINT NOT NULL REFERENCES complex_case (id),
    respondent_kind  TEXT NOT NULL CHECK (respondent_kind IN ('parent', 'young_person', 'party')),
    moment           TEXT NOT NULL CHECK (moment IN ('evaluation', 'close')),
    moment_date      DATE NOT NULL,
    issued_by        BIGINT REFERENCES app_user (id),
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX case_questionnaire_invite_case_idx ON case_questionnaire_invite (case_id);

-- A submitted questionnaire. As with feedback_response, on purpose there is
-- no reference to the invite or its token, no timestamp and no sequential
-- id: the row knows the case, the kind of respondent and the moment (with
-- the moment's date, not the time of answering), and nothing more.
CREATE TABLE case_questionnaire_answer (
    id               UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    case_id          BIGINT NOT NULL REFERENCES complex_case (id),
    respondent_kind  TEXT NOT NULL CHECK (respondent_kind IN ('parent', 'young_person', 'party')),
    moment           TEXT NOT NULL CHECK (moment IN ('evaluation', 'close')),
    moment_date      DATE NOT NULL,
    -- The family's scales (parent, young person).
    heard            SMALLINT CHECK (heard BETWEEN 1 AND 5),
    helped           SMALLINT CHECK (helped BETWEEN 1 AND 5),
    -- The party's scale: the collaboration with the regisseur.
    collaboration    SMALLINT CHECK (collaboration BETWEEN 1 AND 5),
    went_well        TEXT NOT NULL DEFAULT '' CHECK (length(went_well) <= 1000),
    could_be_better  TEXT NOT NULL DEFAULT '' CHECK (length(could_be_better) <= 1000),
    CHECK (CASE WHEN respondent_kind = 'party'
        THEN heard IS NULL AND helped IS NULL AND collaboration IS NOT NULL
        ELSE heard IS NOT NULL AND helped IS NOT NULL AND collaboration IS NULL END)
);
CREATE INDEX case_questionnaire_answer_case_idx ON case_questionnaire_answer (case_id);

-- +goose Down
DROP TABLE case_questionnaire_answer;
DROP TABLE case_questionnaire_invite;
-- The tokens stay (the append-only audit trail refers to them), used up, and
-- so does their purpose in the check.
UPDATE single_use_token SET used_at = now() WHERE purpose = 'questionnaire' AND used_at IS NULL;
