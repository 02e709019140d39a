-- +goose Up
-- The family plan, evaluations and the close (issue 13, items 2, 4 and 7).
-- An evaluation that measures the family's self-reliance updates the case's
-- and keeps what changed, old → new, in changes, as a re-assessment does.
ALTER TABLE case_event DROP CONSTRAINT case_event_reassessment_changes;
ALTER TABLE case_event ADD CONSTRAINT case_event_changes CHECK ((kind <> 'reassessment' OR changes IS NOT NULL)
    AND (changes IS NULL OR kind IN ('reassessment', 'evaluation')));
-- How a case was closed (domain.Closure): the text of reason 'other', the
-- end conversation, the final check and the self-reliance at close; and
-- what that self-reliance changed in the case's. Cases closed before keep
-- NULL: a reason only.
ALTER TABLE complex_case ADD COLUMN close_details JSONB
    CHECK (close_details IS NULL OR (jsonb_typeof(close_details) = 'object' AND length(close_details::text) <= 20000));
ALTER TABLE complex_case ADD COLUMN close_changes JSONB CHECK (close_changes IS NULL OR jsonb_typeof(close_changes) = 'array');
ALTER TABLE complex_case ADD CONSTRAINT complex_case_close_details CHECK (status = 'closed' OR (close_details IS NULL AND close_changes IS NULL));

-- +goose Down
ALTER TABLE complex_case DROP CONSTRAINT complex_case_close_details;
ALTER TABLE complex_case DROP COLUMN close_changes;
ALTER TABLE complex_case DROP COLUMN close_details;
UPDATE case_event SET changes = NULL WHERE kind = 'evaluation';
ALTER TABLE case_event DROP CONSTRAINT case_event_changes;
ALTER TABLE case_event ADD CONSTRAINT case_event_reassessment_changes CHECK ((kind = 'reassessment') = (changes IS NOT NULL));
