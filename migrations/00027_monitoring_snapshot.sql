-- +goose Up
-- The monitoring reports that take too long to compute on every request
-- (the whole country over a year: seconds) are kept here as last computed
-- and served with that moment, while serve recomputes them in the
-- background (internal/app/monitoring_snapshot.go). One row per report:
-- its period (whole quarters), scope and the thresholds it was computed
-- under. The figures are aggregates already under the small-cell rule: no
-- person is in them. So that two instances (and the refresher) do not
-- compute one report at once, each computation holds an advisory lock on
-- the report's name.
CREATE TABLE monitoring_snapshot (
    id              BIGSERIAL PRIMARY KEY,
    period_from     DATE NOT NULL,
    period_to       DATE NOT NULL CHECK (period_to >= period_from),
    municipality_id BIGINT REFERENCES municipality (id) ON DELETE CASCADE,
    pool_round_id   BIGINT REFERENCES pool_round (id) ON DELETE CASCADE,
    min_cell        INT NOT NULL CHECK (min_cell > 0),
    min_raters      INT NOT NULL CHECK (min_raters > 0),
    -- The report's sections (report.Question: the ten questions and the
    -- other figures) as JSON, capped well above a national report's size.
    sections        JSONB NOT NULL CHECK (octet_length(sections::text) <= 4000000),
    -- The N behind each figure and bar per quarter of the period: the
    -- small-cell rule of a narrower report subtracts its own from them.
    cells           JSONB NOT NULL CHECK (octet_length(cells::text) <= 4000000),
    computed_at     TIMESTAMPTZ NOT NULL,
    compute_ms      INT NOT NULL CHECK (compute_ms >= 0),
    -- When a monitor last asked for it: the refresher keeps only the
    -- reports somebody asked for lately.
    requested_at    TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX monitoring_snapshot_report_idx ON monitoring_snapshot
    (period_from, period_to, coalesce(municipality_id, 0), coalesce(pool_round_id, 0), min_cell, min_raters);

-- +goose Down
DROP TABLE monitoring_snapshot;
