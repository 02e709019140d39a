-- +goose Up
-- Monitoring about people (issue 15, questions 6, 9 and 10).
-- A reflection the regisseur marks for the pilot's monitoring: its short
-- "what went well / what could be better" pair may be quoted, anonymised and
-- only from the small-cell threshold on; an optional 1-5 rating of how much
-- the coaching helped. Unmarked reflections stay personal.
ALTER TABLE reflection
    ADD COLUMN share_with_monitoring BOOLEAN NOT NULL DEFAULT false,
    ADD COLUMN went_well             TEXT NOT NULL DEFAULT '' CHECK (length(went_well) <= 1000),
    ADD COLUMN could_be_better       TEXT NOT NULL DEFAULT '' CHECK (length(could_be_better) <= 1000),
    ADD COLUMN coaching_help         SMALLINT CHECK (coaching_help BETWEEN 1 AND 5);
CREATE INDEX reflection_monitoring_idx ON reflection (written_on) WHERE share_with_monitoring;

-- The competencies a pre-selection's attention points and pitfalls concern
-- (item keys of the competency instrument, checked in code), so monitoring
-- can compare them with later development goals and 360 weak points.
ALTER TABLE pre_selection
    ADD COLUMN competency_keys TEXT[] NOT NULL DEFAULT '{}';

-- +goose Down
ALTER TABLE pre_selection DROP COLUMN competency_keys;
DROP INDEX reflection_monitoring_idx;
ALTER TABLE reflection
    DROP COLUMN coaching_help,
    DROP COLUMN could_be_better,
    DROP COLUMN went_well,
    DROP COLUMN share_with_monitoring;
