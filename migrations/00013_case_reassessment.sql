-- +goose Up
-- The family's self-reliance per life domain (zelfredzaamheid, 1–5), set at
-- intake and at every re-assessment: {"wonen": 2, "inkomen": 3}.
ALTER TABLE complex_case ADD COLUMN self_reliance JSONB NOT NULL DEFAULT '{}'
    CHECK (jsonb_typeof(self_reliance) = 'object');

-- A re-assessment (PATCH /cases/{id}) changes the case's assessment and
-- keeps what changed as an event: changes is a JSON array of
-- {"field": …, "old": …, "new": …}. Nothing is overwritten silently.
ALTER TABLE case_event ADD COLUMN changes JSONB CHECK (changes IS NULL OR jsonb_typeof(changes) = 'array');
ALTER TABLE case_event DROP CONSTRAINT case_event_kind_check;
ALTER TABLE case_event ADD CONSTRAINT case_event_kind_check CHECK (kind IN ('round_table', 'plan_made', 'evaluation', 'plan_adjusted',
    'safety_analysis', 'escalation', 'hours', 'satisfaction', 'correction', 'reassessment'));
ALTER TABLE case_event ADD CONSTRAINT case_event_reassessment_changes CHECK ((kind = 'reassessment') = (changes IS NOT NULL));

-- +goose Down
DELETE FROM case_event WHERE kind = 'reassessment';
ALTER TABLE case_event DROP CONSTRAINT case_event_reassessment_changes;
ALTER TABLE case_event DROP CONSTRAINT case_event_kind_check;
ALTER TABLE case_event ADD CONSTRAINT case_event_kind_check CHECK (kind IN ('round_table', 'plan_made', 'evaluation', 'plan_adjusted',
    'safety_analysis', 'escalation', 'hours', 'satisfaction', 'correction'));
ALTER TABLE case_event DROP COLUMN changes;
ALTER TABLE complex_case DROP COLUMN self_reliance;
