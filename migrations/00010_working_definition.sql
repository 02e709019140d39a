-- +goose Up
-- The working definition was coded as parents_struggle AND (several_domains
-- OR high_risk); the pilot plan reads (parents struggle AND several life
-- domains) OR high risk: a high risk alone is enough. Re-adding the generated
-- column recomputes it for every existing row. The old formula's true rows
-- stay true, so no row breaks the reason check below.
ALTER TABLE complex_case DROP COLUMN meets_definition CASCADE;
ALTER TABLE complex_case ADD COLUMN meets_definition BOOLEAN
    GENERATED ALWAYS AS ((parents_struggle AND several_domains) OR high_risk) STORED;
-- A case outside the working definition needs a reason to be registered
-- (dropped with the column above, restored as it was).
ALTER TABLE complex_case ADD CONSTRAINT complex_case_definition_reason
    CHECK (meets_definition OR length(btrim(definition_reason)) > 0);

-- +goose Down
-- Cases that meet only the corrected definition get a reason, so the old
-- formula's check holds for them.
UPDATE complex_case SET definition_reason = 'Hoog risico voor het kind (werkdefinitie vóór correctie).'
    WHERE high_risk AND NOT parents_struggle AND length(btrim(definition_reason)) = 0;
ALTER TABLE complex_case DROP COLUMN meets_definition CASCADE;
ALTER TABLE complex_case ADD COLUMN meets_definition BOOLEAN
    GENERATED ALWAYS AS (parents_struggle AND (several_domains OR high_risk)) STORED;
ALTER TABLE complex_case ADD CONSTRAINT complex_case_definition_reason
    CHECK (meets_definition OR length(btrim(definition_reason)) > 0);
