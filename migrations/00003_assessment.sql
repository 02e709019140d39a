-- +goose Up
-- Instrument versions, loaded from assessments/ at start. A version is
-- immutable once answers refer to it; the loader enforces that.
CREATE TABLE instrument (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    key         TEXT NOT NULL CHECK (key ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    version     INT NOT NULL CHECK (version >= 1),
    title       TEXT NOT NULL,
    scale_min   SMALLINT NOT NULL,
    scale_max   SMALLINT NOT NULL,
    definition  JSONB NOT NULL,
    checksum    TEXT NOT NULL,
    loaded_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (key, version),
    CHECK (scale_min < scale_max)
);

-- Items of a version, so answers can refer to them with a foreign key.
CREATE TABLE instrument_item (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    instrument_id  BIGINT NOT NULL REFERENCES instrument (id),
    key            TEXT NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('competency', 'knowledge_area', 'authority', 'result_area')),
    name           TEXT NOT NULL,
    norm           SMALLINT,
    on_family_form BOOLEAN NOT NULL DEFAULT false,
    position       INT NOT NULL,
    UNIQUE (instrument_id, key)
);

-- A regisseur's self-assessment: a draft until submitted, frozen after.
CREATE TABLE self_assessment (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    regisseur_id   BIGINT NOT NULL REFERENCES regisseur (id),
    instrument_id  BIGINT NOT NULL REFERENCES instrument (id),
    status         TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted')),
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    submitted_at   TIMESTAMPTZ,
    CHECK ((status = 'submitted') = (submitted_at IS NOT NULL))
);
-- One draft at a time per regisseur: "come back" finds it.
CREATE UNIQUE INDEX self_assessment_one_draft ON self_assessment (regisseur_id) WHERE status = 'draft';
CREATE INDEX self_assessment_regisseur_idx ON self_assessment (regisseur_id, submitted_at);

-- NULL score: "kan ik niet beoordelen".
CREATE TABLE self_answer (
    self_assessment_id  BIGINT NOT NULL REFERENCES self_assessment (id) ON DELETE CASCADE,
    item_id             BIGINT NOT NULL REFERENCES instrument_item (id),
    score               SMALLINT CHECK (score BETWEEN 0 AND 10),
    comment             TEXT NOT NULL DEFAULT '' CHECK (length(comment) <= 2000),
    PRIMARY KEY (self_assessment_id, item_id)
);

-- Submitted answers are frozen: the database refuses to change them.
-- +goose StatementBegin
CREATE FUNCTION self_answer_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    sid BIGINT;
BEGIN
    sid := CASE WHEN TG_OP = 'DELETE' THEN OLD.self_assessment_id ELSE NEW.self_assessment_id END;
    IF EXISTS (SELECT 1 FROM self_assessment WHERE id = sid AND status = 'submitted') THEN
        RAISE EXCEPTION 'self-assessment % is submitted and frozen', sid USING ERRCODE = 'check_violation';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER self_answer_frozen BEFORE INSERT OR UPDATE OR DELETE ON self_answer
    FOR EACH ROW EXECUTE FUNCTION self_answer_frozen();

-- A 360 feedback round about one regisseur.
CREATE TABLE feedback_round (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    regisseur_id   BIGINT NOT NULL REFERENCES regisseur (id),
    instrument_id  BIGINT NOT NULL REFERENCES instrument (id),
    status         TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    deadline       DATE NOT NULL,
    opened_by      BIGINT REFERENCES app_user (id),
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    closed_at      TIMESTAMPTZ,
    CHECK ((status = 'closed') = (closed_at IS NOT NULL))
);
CREATE INDEX feedback_round_regisseur_idx ON feedback_round (regisseur_id, created_at);

-- An invited rater: an account (internal) or a single-use link (external).
-- External raters are stored without name or address: the coach sees counts.
CREATE TABLE feedback_rater (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    round_id      BIGINT NOT NULL REFERENCES feedback_round (id),
    rater_group   TEXT NOT NULL CHECK (rater_group IN ('coach', 'manager', 'peer', 'partner', 'family')),
    user_id       BIGINT REFERENCES app_user (id),
    token_id      BIGINT UNIQUE REFERENCES single_use_token (id),
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    submitted_at  TIMESTAMPTZ,
    CHECK ((user_id IS NULL) <> (token_id IS NULL)),
    UNIQUE (round_id, user_id)
);
CREATE INDEX feedback_rater_user_idx ON feedback_rater (user_id) WHERE user_id IS NOT NULL;

-- An internal rater's unsent answers; deleted when they submit.
CREATE TABLE feedback_draft (
    rater_id  BIGINT NOT NULL REFERENCES feedback_rater (id) ON DELETE CASCADE,
    item_id   BIGINT NOT NULL REFERENCES instrument_item (id),
    score     SMALLINT CHECK (score BETWEEN 0 AND 10),
    comment   TEXT NOT NULL DEFAULT '' CHECK (length(comment) <= 2000),
    PRIMARY KEY (rater_id, item_id)
);

-- Submitted questionnaires. On purpose there is no reference to the rater
-- and no timestamp, and the id is random rather than sequential: nothing in
-- the database ties an answer to the person who gave it.
CREATE TABLE feedback_response (
    id           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    round_id     BIGINT NOT NULL REFERENCES feedback_round (id),
    rater_group  TEXT NOT NULL CHECK (rater_group IN ('coach', 'manager', 'peer', 'partner', 'family'))
);
CREATE INDEX feedback_response_round_idx ON feedback_response (round_id);

CREATE TABLE feedback_answer (
    response_id  UUID NOT NULL REFERENCES feedback_response (id) ON DELETE CASCADE,
    item_id      BIGINT NOT NULL REFERENCES instrument_item (id),
    score        SMALLINT CHECK (score BETWEEN 0 AND 10),
    comment      TEXT NOT NULL DEFAULT '' CHECK (length(comment) <= 2000),
    PRIMARY KEY (response_id, item_id)
);

-- +goose Down
DROP TABLE feedback_answer;
DROP TABLE feedback_response;
DROP TABLE feedback_draft;
DROP TABLE feedback_rater;
DROP TABLE feedback_round;
DROP TRIGGER self_answer_frozen ON self_answer;
DROP FUNCTION self_answer_frozen();
DROP TABLE self_answer;
DROP TABLE self_assessment;
DROP TABLE instrument_item;
DROP TABLE instrument;
