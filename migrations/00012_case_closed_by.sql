-- +goose Up
-- Who closed a case, for the case's timeline (who recorded what). Cases
-- closed before this migration keep NULL: the close is shown without a name.
ALTER TABLE complex_case ADD COLUMN closed_by BIGINT REFERENCES app_user (id);

-- +goose Down
ALTER TABLE complex_case DROP COLUMN closed_by;
