-- +goose Up
-- Offers (issue 14, item 7): a waiting case offered to a regisseur, who
-- accepts or declines it before the deadline. While open and before its
-- deadline the offer holds a slot of the regisseur's capacity; an accept
-- turns it into an assignment. Expiry needs no job: an open offer whose
-- expires_at has passed is expired wherever it is read (see held_slot), and
-- is marked 'expired' when its case is next changed.
CREATE TABLE case_offer (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id         BIGINT NOT NULL REFERENCES complex_case (id),
    regisseur_id    BIGINT NOT NULL REFERENCES regisseur (id),
    offered_by      BIGINT REFERENCES app_user (id),
    offered_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at      TIMESTAMPTZ NOT NULL,
    status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted', 'declined', 'expired', 'withdrawn')),
    answered_at     TIMESTAMPTZ,
    answered_by     BIGINT REFERENCES app_user (id),
    decline_reason  TEXT NOT NULL DEFAULT '' CHECK (length(decline_reason) <= 2000),
    assignment_id   BIGINT REFERENCES assignment (id),
    CHECK (expires_at > offered_at),
    -- Accepted and declined offers say when; the others do not. An offer
    -- is withdrawn when its case is closed while it is open.
    CHECK ((status IN ('accepted', 'declined')) = (answered_at IS NOT NULL)),
    -- A decline always has its reason (domain.CheckDeclineReason).
    CHECK (status <> 'declined' OR length(btrim(decline_reason)) > 0),
    CHECK ((status = 'accepted') = (assignment_id IS NOT NULL))
);
-- At most one open offer per case, whatever races happen above. An open
-- offer past its deadline still holds this place until the next change of
-- its case marks it expired (under the case's row lock).
CREATE UNIQUE INDEX case_offer_one_open ON case_offer (case_id) WHERE status = 'open';
-- Capacity counts a regisseur's open offers beside their active cases.
CREATE INDEX case_offer_regisseur_open_idx ON case_offer (regisseur_id) WHERE status = 'open';
-- The case list and the timeline read a case's latest offer.
CREATE INDEX case_offer_case_idx ON case_offer (case_id, offered_at DESC, id DESC);

-- The slots a regisseur holds: their active assignments and their live
-- offers (open, before the deadline). Every capacity count reads this, so
-- an expired offer is free everywhere at once without a job.
CREATE VIEW held_slot AS
    SELECT a.regisseur_id, a.case_id FROM assignment a WHERE a.ended_at IS NULL
    UNION ALL
    SELECT o.regisseur_id, o.case_id FROM case_offer o WHERE o.status = 'open' AND o.expires_at > now();

-- +goose Down
DROP VIEW held_slot;
DROP TABLE case_offer;
