-- +goose Up
-- Password reset links become single-use tokens (purpose 'password_reset',
-- the account as subject) instead of a twin table: one place for links that
-- work once, stored hashed, until an expiry. The links still live are moved
-- over, so a mail sent just before the upgrade keeps working for its 30
-- minutes; used and expired ones are of no use to anyone and go with the
-- table. The requests (password_reset_request, the throttle's memory) stay.
ALTER TABLE single_use_token DROP CONSTRAINT single_use_token_purpose_check;
ALTER TABLE single_use_token ADD CONSTRAINT single_use_token_purpose_check
    CHECK (purpose IN ('rater', 'questionnaire', 'password_reset'));
INSERT INTO single_use_token (token_hash, purpose, subject_id, created_at, expires_at)
SELECT token_hash, 'password_reset', user_id, created_at, expires_at
FROM password_reset WHERE used_at IS NULL AND expires_at > now()
ON CONFLICT (token_hash) DO NOTHING;
DROP TABLE password_reset;
-- A reset uses up every open link of the account: found by subject.
CREATE INDEX single_use_token_reset_idx ON single_use_token (subject_id) WHERE purpose = 'password_reset';

-- +goose Down
CREATE TABLE password_reset (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    token_hash  BYTEA NOT NULL UNIQUE,
    user_id     BIGINT NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at  TIMESTAMPTZ NOT NULL,
    used_at     TIMESTAMPTZ
);
CREATE INDEX password_reset_user_idx ON password_reset (user_id);
INSERT INTO password_reset (token_hash, user_id, created_at, expires_at)
SELECT t.token_hash, t.subject_id, t.created_at, t.expires_at
FROM single_use_token t JOIN app_user u ON u.id = t.subject_id
WHERE t.purpose = 'password_reset' AND t.used_at IS NULL AND t.expires_at > now();
DROP INDEX single_use_token_reset_idx;
DELETE FROM single_use_token WHERE purpose = 'password_reset';
ALTER TABLE single_use_token DROP CONSTRAINT single_use_token_purpose_check;
ALTER TABLE single_use_token ADD CONSTRAINT single_use_token_purpose_check CHECK (purpose IN ('rater', 'questionnaire'));
