-- +goose Up
-- Sign-in hardening: a second factor (TOTP with recovery codes) and sign-in
-- through an organisation's identity provider (OIDC).

-- A web session is 'full', or half-way a log-in: 'otp' (the password was
-- right, the second factor is still asked) or 'enrol' (an admin without a
-- second factor, who may only set one up). Only a full session acts.
ALTER TABLE web_session ADD COLUMN stage TEXT NOT NULL DEFAULT 'full' CHECK (stage IN ('full', 'otp', 'enrol'));

-- A user's TOTP authenticator (RFC 6238, 30 s, 6 digits, SHA-1: what every
-- authenticator app supports). confirmed_at is NULL while the user has not
-- yet entered a first code. last_step is the time step of the last accepted
-- code: a code is accepted once, never again within its window.
CREATE TABLE user_totp (
    user_id       BIGINT PRIMARY KEY REFERENCES app_user (id) ON DELETE CASCADE,
    secret        TEXT NOT NULL CHECK (secret ~ '^[A-Z2-7]{16,64}$'),
    confirmed_at  TIMESTAMPTZ,
    last_step     BIGINT NOT NULL DEFAULT 0,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Recovery codes: shown once at enrolment, stored as SHA-256, each usable
-- once in place of a TOTP code.
CREATE TABLE recovery_code (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    code_hash  BYTEA NOT NULL UNIQUE,
    used_at    TIMESTAMPTZ
);
CREATE INDEX recovery_code_user_idx ON recovery_code (user_id);

-- OIDC log-ins under way: the state (stored hashed) is bound to the browser
-- that started the log-in (the hash of a cookie value), carries the nonce
-- and the PKCE verifier, expires after a few minutes and is used once.
CREATE TABLE oidc_login (
    state_hash    BYTEA PRIMARY KEY,
    browser_hash  BYTEA NOT NULL,
    provider      TEXT NOT NULL CHECK (provider ~ '^[a-z0-9-]{1,40}$'),
    nonce         VARCHAR(128) NOT NULL,
    verifier      VARCHAR(128) NOT NULL,
    back          VARCHAR(2048) NOT NULL DEFAULT '/',
    expires_at    TIMESTAMPTZ NOT NULL,
    used_at       TIMESTAMPTZ
);
CREATE INDEX oidc_login_expires_idx ON oidc_login (expires_at);

-- +goose Down
DROP TABLE oidc_login;
DROP TABLE recovery_code;
DROP TABLE user_totp;
ALTER TABLE web_session DROP COLUMN stage;
