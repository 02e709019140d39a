-- +goose Up
-- Indexes found with EXPLAIN (ANALYZE, BUFFERS) on the national data set
-- (regiepool demo --size national; README, performance).
--
-- A case's assignments: every case list counts a case's handovers and the
-- proposal reads the family's earlier regisseur by case, newest first. The
-- only index by case covered the active assignment, so both read the whole
-- table once per case (7.8 s for a scope's 656 waiting cases).
CREATE INDEX assignment_case_idx ON assignment (case_id, assigned_at DESC);

-- The hours spent on a case: every case list and the monitoring report sum
-- a case's hours events. Covering and partial, so the sum reads a small
-- index instead of the case's whole log (the log is the largest table
-- after the 360 answers: 700,000 events nationally).
CREATE INDEX case_event_hours_idx ON case_event (case_id) INCLUDE (hours) WHERE kind = 'hours';

-- A round's nominations per organisation: the quota trigger counts them on
-- every nomination, and the pool pages show them for all 1,500
-- organisations of a round (one count per organisation).
CREATE INDEX pool_membership_round_org_idx ON pool_membership (round_id, organisation_id);

-- Monitoring selects the cases registered in a period (quarters).
CREATE INDEX complex_case_created_idx ON complex_case (created_at);

-- +goose Down
DROP INDEX complex_case_created_idx;
DROP INDEX pool_membership_round_org_idx;
DROP INDEX case_event_hours_idx;
DROP INDEX assignment_case_idx;
