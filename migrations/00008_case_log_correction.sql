-- +goose Up
-- The log of a closed case is read-only; an admin corrects it with a new
-- event of kind 'correction' that says what it corrects and why. Nothing in
-- the log is changed or removed.
ALTER TABLE case_event DROP CONSTRAINT case_event_kind_check;
ALTER TABLE case_event ADD CONSTRAINT case_event_kind_check CHECK (kind IN ('round_table', 'plan_made', 'evaluation', 'plan_adjusted',
    'safety_analysis', 'escalation', 'hours', 'satisfaction', 'correction'));
ALTER TABLE case_event ADD COLUMN reason TEXT CHECK (char_length(reason) <= 2000);
-- A correction has a reason, and only a correction has one.
ALTER TABLE case_event ADD CONSTRAINT case_event_correction_reason CHECK ((kind = 'correction') = (reason IS NOT NULL AND btrim(reason) <> ''));

-- The store refuses these first (domain.CheckCaseLog, under a lock on the
-- case); the trigger holds the rule for any writer.
-- +goose StatementBegin
CREATE FUNCTION case_event_closed_case() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.kind <> 'correction' AND EXISTS (SELECT 1 FROM complex_case WHERE id = NEW.case_id AND status = 'closed') THEN
        RAISE EXCEPTION 'case %: the log of a closed case is read-only', NEW.case_id USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;
-- +goose StatementEnd
CREATE TRIGGER case_event_closed_case BEFORE INSERT ON case_event FOR EACH ROW EXECUTE FUNCTION case_event_closed_case();

-- +goose Down
DROP TRIGGER case_event_closed_case ON case_event;
DROP FUNCTION case_event_closed_case();
DELETE FROM case_event WHERE kind = 'correction';
ALTER TABLE case_event DROP CONSTRAINT case_event_correction_reason;
ALTER TABLE case_event DROP COLUMN reason;
ALTER TABLE case_event DROP CONSTRAINT case_event_kind_check;
ALTER TABLE case_event ADD CONSTRAINT case_event_kind_check CHECK (kind IN ('round_table', 'plan_made', 'evaluation', 'plan_adjusted',
    'safety_analysis', 'escalation', 'hours', 'satisfaction'));
