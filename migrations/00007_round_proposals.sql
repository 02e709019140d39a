-- +goose Up
-- A regisseur may propose a 360 round about themself; it opens when one of
-- their coaches approves it. Until then its rater links do not work.
ALTER TABLE feedback_round DROP CONSTRAINT feedback_round_status_check;
ALTER TABLE feedback_round ADD CONSTRAINT feedback_round_status_check CHECK (status IN ('proposed', 'open', 'closed'));
ALTER TABLE feedback_round ADD COLUMN proposed_by BIGINT REFERENCES app_user (id);

-- +goose Down
DELETE FROM feedback_rater WHERE round_id IN (SELECT id FROM feedback_round WHERE status = 'proposed');
DELETE FROM feedback_round WHERE status = 'proposed';
ALTER TABLE feedback_round DROP COLUMN proposed_by;
ALTER TABLE feedback_round DROP CONSTRAINT feedback_round_status_check;
ALTER TABLE feedback_round ADD CONSTRAINT feedback_round_status_check CHECK (status IN ('open', 'closed'));
