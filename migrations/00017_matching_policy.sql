-- +goose Up
-- Matching policy (issue 14, items 1 and 2). An instrument's norms are
-- development targets; its matching policy (assessments/<key>/policy.yaml,
-- loaded at start) sets the penalty per scale point under a norm and the
-- optional hard minimums, below which a member is excluded.
CREATE TABLE matching_policy (
    instrument_key TEXT PRIMARY KEY,
    norm_penalty   NUMERIC NOT NULL CHECK (norm_penalty >= 0 AND norm_penalty <= 1),
    minimums       JSONB NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(minimums) = 'object'),
    checksum       TEXT NOT NULL,
    loaded_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- An assignment of a candidate the ranking excludes needs a reason; the
-- codes of the exclusions overridden (domain.Reason…) are kept with it, for
-- the case timeline and for monitoring.
ALTER TABLE assignment ADD COLUMN override_reason TEXT CHECK (override_reason IS NULL OR length(override_reason) BETWEEN 1 AND 2000);
ALTER TABLE assignment ADD COLUMN overridden TEXT[] NOT NULL DEFAULT '{}';
ALTER TABLE assignment ADD CONSTRAINT assignment_override_reason CHECK (cardinality(overridden) = 0 OR override_reason IS NOT NULL);

-- +goose Down
ALTER TABLE assignment DROP CONSTRAINT assignment_override_reason;
ALTER TABLE assignment DROP COLUMN overridden;
ALTER TABLE assignment DROP COLUMN override_reason;
DROP TABLE matching_policy;
