-- +goose Up
-- What a read covered, where the record alone does not say it: the filter
-- of a monitoring export (the file study), as a small JSON object of dates
-- and ids. Never a free text, answer or name (domain.AuditEvent).
ALTER TABLE audit_event ADD COLUMN detail JSONB
    CHECK (detail IS NULL OR (jsonb_typeof(detail) = 'object' AND length(detail::text) <= 1000));

-- +goose Down
ALTER TABLE audit_event DROP COLUMN detail;
