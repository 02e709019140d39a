-- +goose Up
-- The rater picker searches accounts by any part of their name
-- (LIKE '%…%'), among thousands: a trigram index keeps that from reading
-- the whole table. pg_trgm is a trusted extension (PostgreSQL 13+), so the
-- database owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX app_user_name_trgm_idx ON app_user USING gin (lower(name) gin_trgm_ops);

-- +goose Down
DROP INDEX app_user_name_trgm_idx;
