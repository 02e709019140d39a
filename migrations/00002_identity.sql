-- +goose Up
-- Accounts. E-mail is the log-in name; compared case-insensitively.
CREATE TABLE app_user (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email            TEXT NOT NULL CHECK (email ~ '^[^@\s]+@[^@\s]+$' AND length(email) <= 254),
    name             TEXT NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    -- argon2id PHC string; NULL for accounts that only sign in through OIDC.
    password_hash    TEXT,
    -- The seam for OIDC sign-in: the issuer and subject of a linked identity.
    oidc_issuer      TEXT,
    oidc_subject     TEXT,
    -- An org_contact is scoped to this organisation; other roles may carry
    -- it as their employer.
    organisation_id  BIGINT REFERENCES organisation (id),
    disabled_at      TIMESTAMPTZ,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK ((oidc_issuer IS NULL) = (oidc_subject IS NULL))
);
CREATE UNIQUE INDEX app_user_email_key ON app_user (lower(email));
CREATE UNIQUE INDEX app_user_oidc_key ON app_user (oidc_issuer, oidc_subject) WHERE oidc_issuer IS NOT NULL;

CREATE TABLE user_role (
    user_id  BIGINT NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    role     TEXT NOT NULL CHECK (role IN ('admin', 'org_contact', 'coach', 'dispatcher', 'regisseur', 'monitor')),
    PRIMARY KEY (user_id, role)
);

-- A dispatcher's scope: the municipalities whose cases they handle.
CREATE TABLE user_municipality (
    user_id          BIGINT NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    municipality_id  BIGINT NOT NULL REFERENCES municipality (id),
    PRIMARY KEY (user_id, municipality_id)
);

-- A regisseur: the person in (or on the way into) the pool. The user account
-- is optional (a nominee may not have one yet) and at most one per regisseur.
CREATE TABLE regisseur (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name             TEXT NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    organisation_id  BIGINT NOT NULL REFERENCES organisation (id),
    user_id          BIGINT UNIQUE REFERENCES app_user (id),
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX regisseur_organisation_idx ON regisseur (organisation_id);

-- A coach's scope: the regisseurs they coach.
CREATE TABLE coach_regisseur (
    coach_user_id  BIGINT NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    regisseur_id   BIGINT NOT NULL REFERENCES regisseur (id) ON DELETE CASCADE,
    PRIMARY KEY (coach_user_id, regisseur_id)
);
-- Scoped reads of a regisseur check "is the actor their coach" by regisseur.
CREATE INDEX coach_regisseur_regisseur_idx ON coach_regisseur (regisseur_id);

-- Web sessions. Only the SHA-256 of the cookie value is stored, so a leaked
-- table does not hand out sessions.
CREATE TABLE web_session (
    token_hash    BYTEA PRIMARY KEY,
    user_id       BIGINT NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_seen_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX web_session_user_idx ON web_session (user_id);

-- API bearer tokens, stored hashed; revoked_at makes one unusable at once.
CREATE TABLE access_token (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    token_hash    BYTEA NOT NULL UNIQUE,
    user_id       BIGINT NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at    TIMESTAMPTZ NOT NULL,
    last_used_at  TIMESTAMPTZ,
    revoked_at    TIMESTAMPTZ
);
CREATE INDEX access_token_user_idx ON access_token (user_id);

-- Failed log-ins, for throttling. The e-mail is kept only as a keyed hash,
-- so addresses that were merely typed are not stored.
CREATE TABLE login_failure (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email_hash  BYTEA NOT NULL,
    client_ip   TEXT NOT NULL,
    at          TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX login_failure_email_idx ON login_failure (email_hash, at);
CREATE INDEX login_failure_ip_idx ON login_failure (client_ip, at);

-- Keys the service derives hashes with, made once per database.
CREATE TABLE server_secret (
    name   TEXT PRIMARY KEY,
    value  BYTEA NOT NULL CHECK (length(value) >= 16)
);
-- Two random UUIDs give 244 random bits without the pgcrypto extension.
INSERT INTO server_secret (name, value)
VALUES ('login_throttle', decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex'));

-- Single-purpose tokens for people without an account (external 360 raters):
-- at least 128 random bits, stored hashed, with an expiry, used once.
CREATE TABLE single_use_token (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    token_hash  BYTEA NOT NULL UNIQUE,
    purpose     TEXT NOT NULL CHECK (purpose IN ('rater')),
    -- The record the token acts on (for raters: their invitation).
    subject_id  BIGINT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at  TIMESTAMPTZ NOT NULL,
    used_at     TIMESTAMPTZ
);

-- The audit trail: append-only. One row per mutation and per read of a
-- sensitive record, written in the same transaction as what it records.
CREATE TABLE audit_event (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at               TIMESTAMPTZ NOT NULL DEFAULT now(),
    actor_kind       TEXT NOT NULL CHECK (actor_kind IN ('user', 'rater', 'anonymous', 'system')),
    actor_user_id    BIGINT REFERENCES app_user (id),
    actor_token_id   BIGINT REFERENCES single_use_token (id),
    organisation_id  BIGINT REFERENCES organisation (id),
    action           TEXT NOT NULL CHECK (action ~ '^[a-z_]+$'),
    record_type      TEXT NOT NULL CHECK (record_type ~ '^[a-z_]+$'),
    record_id        BIGINT,
    request_id       TEXT NOT NULL DEFAULT '',
    client_addr      TEXT NOT NULL DEFAULT '',
    outcome          TEXT NOT NULL CHECK (outcome IN ('allowed', 'denied'))
);
CREATE INDEX audit_event_record_idx ON audit_event (record_type, record_id, at);
CREATE INDEX audit_event_user_idx ON audit_event (actor_user_id, at);

-- Append-only, enforced in the database for every role, the owner and
-- superusers included: a trigger refuses UPDATE, DELETE and TRUNCATE.
-- +goose StatementBegin
CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER audit_event_no_update BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only();
REVOKE UPDATE, DELETE, TRUNCATE ON audit_event FROM PUBLIC;

-- +goose Down
DROP TABLE audit_event;
DROP FUNCTION audit_event_append_only();
DROP TABLE single_use_token;
DROP TABLE server_secret;
DROP TABLE login_failure;
DROP TABLE access_token;
DROP TABLE web_session;
DROP TABLE coach_regisseur;
DROP TABLE regisseur;
DROP TABLE user_municipality;
DROP TABLE user_role;
DROP TABLE app_user;
