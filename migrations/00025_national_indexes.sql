-- +goose Up
-- Indexes found with EXPLAIN (ANALYZE, BUFFERS) on the national data set
-- (regiepool demo --size national; README, performance).
--
-- A case's assignments: every case list counts a case's handovers and the
-- proposal reads the family's earlier regisseur by case, newest first. The
-- only index by case covered the active assignment, so both read the whole
-- table once per case (7.8 s for a scope's 656 waiting cases).
CREATE INDEX assignment_case_idx ON assignment (case_id, assigned_at DESC);

-- +goose Down
DROP INDEX assignment_case_idx;
