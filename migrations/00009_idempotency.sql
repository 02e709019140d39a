-- +goose Up
-- Idempotency keys of the API (issue 12, item 16): a client that repeats a
-- POST with the same Idempotency-Key header gets the first answer again
-- instead of a second record. Only what a replay needs is kept: hashes of
-- the key and of the request, the answer's status, body and Location. Keys
-- are forgotten after 24 hours (domain.IdempotencyKeyTTL).
CREATE TABLE idempotency_key (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    key_hash     BYTEA NOT NULL,
    request_hash BYTEA NOT NULL,
    -- Set by every write of the first request, in the write's own
    -- transaction: an answer that was lost after a write committed is
    -- then never taken for a request that did nothing.
    wrote        BOOLEAN NOT NULL DEFAULT false,
    -- The answer; NULL while the first request runs.
    status       INT CHECK (status BETWEEN 200 AND 499),
    body         BYTEA,
    location     TEXT,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- One claim per user and key: concurrent requests with the same key
    -- meet on this constraint, and only one of them runs.
    UNIQUE (user_id, key_hash)
);
-- Expired keys are swept oldest first.
CREATE INDEX idempotency_key_created_idx ON idempotency_key (created_at);

-- +goose Down
DROP TABLE idempotency_key;
