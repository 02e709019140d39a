-- +goose Up
-- The outbox: every e-mail the service sends is first written here, in the
-- same transaction as what caused it, and sent by a worker (app.RunOutbox)
-- with retries and backoff. Nothing is lost when the SMTP server is down;
-- a worker claims a message with FOR UPDATE SKIP LOCKED and a lease, so two
-- instances never send one message twice.
CREATE TABLE outbox_message (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind             TEXT NOT NULL CHECK (kind ~ '^[a-z_]{1,40}$'),
    -- The recipient: an address (external raters, families, parties, the
    -- reset of a password), or an account whose address is read when the
    -- message is sent. An address of someone without an account lives only
    -- here and is cleared once the message is no longer needed
    -- (domain.OutboxRetention).
    to_address       TEXT CHECK (to_address IS NULL OR (to_address ~ '^[^@\s]+@[^@\s]+$' AND length(to_address) <= 254)),
    to_user_id       BIGINT REFERENCES app_user (id) ON DELETE CASCADE,
    subject          TEXT NOT NULL CHECK (length(subject) <= 200),
    body_text        TEXT NOT NULL CHECK (length(body_text) <= 20000),
    body_html        TEXT NOT NULL CHECK (length(body_html) <= 60000),
    -- The 360 invitation a message is about: unsent messages of a rater
    -- who answered, or of a closed round, are cancelled instead of sent.
    rater_id         BIGINT REFERENCES feedback_rater (id) ON DELETE CASCADE,
    status           TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed', 'cancelled')),
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    attempts         INT NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    -- When the message is due; while a worker sends it, the end of its lease.
    next_attempt_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    sent_at          TIMESTAMPTZ,
    last_error       TEXT NOT NULL DEFAULT '' CHECK (length(last_error) <= 1000),
    CHECK (status <> 'pending' OR to_address IS NOT NULL OR to_user_id IS NOT NULL),
    CHECK ((status = 'sent') = (sent_at IS NOT NULL))
);
CREATE INDEX outbox_message_due_idx ON outbox_message (next_attempt_at) WHERE status = 'pending';
CREATE INDEX outbox_message_status_idx ON outbox_message (status, created_at);
CREATE INDEX outbox_message_rater_idx ON outbox_message (rater_id) WHERE rater_id IS NOT NULL;

-- Password reset links: single use, stored hashed, with an expiry.
CREATE TABLE password_reset (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    token_hash  BYTEA NOT NULL UNIQUE,
    user_id     BIGINT NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at  TIMESTAMPTZ NOT NULL,
    used_at     TIMESTAMPTZ
);
CREATE INDEX password_reset_user_idx ON password_reset (user_id);

-- Requests for a reset link, for throttling per address and per client. The
-- address is kept only as a keyed hash, as login_failure does.
CREATE TABLE password_reset_request (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email_hash  BYTEA NOT NULL,
    client_ip   TEXT NOT NULL CHECK (length(client_ip) <= 100),
    at          TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX password_reset_request_email_idx ON password_reset_request (email_hash, at);
CREATE INDEX password_reset_request_ip_idx ON password_reset_request (client_ip, at);

-- +goose Down
DROP TABLE password_reset_request;
DROP TABLE password_reset;
DROP TABLE outbox_message;
