-- +goose Up
-- Pool members show casesHandled, every case ever assigned to the regisseur
-- (closed and handed over included); the existing index covers only active
-- assignments, so count the rest from this one.
CREATE INDEX assignment_regisseur_case_idx ON assignment (regisseur_id, case_id);

-- +goose Down
DROP INDEX assignment_regisseur_case_idx;
