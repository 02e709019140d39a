-- +goose Up
-- Municipalities (gemeenten) and organisations are the roots that every scoped
-- record hangs from: dispatchers are scoped to municipalities, org contacts to
-- an organisation.
CREATE TABLE municipality (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- CBS municipality code, e.g. GM0080 (Leeuwarden); unique so imports are idempotent.
    code        TEXT NOT NULL UNIQUE CHECK (code ~ '^GM[0-9]{4}$'),
    name        TEXT NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    region      TEXT NOT NULL DEFAULT '' CHECK (length(region) <= 200),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE organisation (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        TEXT NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    -- KvK number (8 digits) is optional: not every partner is registered.
    kvk_number  TEXT CHECK (kvk_number ~ '^[0-9]{8}$'),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- Names are compared case-insensitively so "Lumens" and "lumens" cannot both exist.
CREATE UNIQUE INDEX organisation_name_key ON organisation (lower(name));
CREATE UNIQUE INDEX organisation_kvk_key ON organisation (kvk_number) WHERE kvk_number IS NOT NULL;

-- +goose Down
DROP TABLE organisation;
DROP TABLE municipality;
