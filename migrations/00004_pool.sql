-- +goose Up
-- A recruitment of the pool ("Pilot complexe regie 2027").
CREATE TABLE pool_round (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        TEXT NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    created_by  BIGINT REFERENCES app_user (id),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX pool_round_name_key ON pool_round (lower(name));

-- Participating organisations and how many nominees each may put forward.
CREATE TABLE pool_round_organisation (
    round_id         BIGINT NOT NULL REFERENCES pool_round (id),
    organisation_id  BIGINT NOT NULL REFERENCES organisation (id),
    quota            INT NOT NULL DEFAULT 2 CHECK (quota BETWEEN 1 AND 100),
    PRIMARY KEY (round_id, organisation_id)
);

-- A nomination and, once admitted, the pool membership: one life cycle.
CREATE TABLE pool_membership (
    id                      BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    round_id                BIGINT NOT NULL,
    organisation_id         BIGINT NOT NULL,
    regisseur_id            BIGINT NOT NULL REFERENCES regisseur (id),
    status                  TEXT NOT NULL DEFAULT 'nominated' CHECK (status IN
                              ('nominated', 'preselected', 'admitted', 'active', 'paused', 'left', 'rejected', 'withdrawn')),
    motivation              TEXT NOT NULL DEFAULT '' CHECK (length(motivation) <= 5000),
    competency_motivations  JSONB NOT NULL DEFAULT '{}',
    hours_per_week          NUMERIC(4, 1) NOT NULL CHECK (hours_per_week > 0 AND hours_per_week <= 40),
    max_cases               INT NOT NULL DEFAULT 5 CHECK (max_cases BETWEEN 1 AND 20),
    paused_until            DATE,
    contra_override_reason  TEXT CHECK (length(contra_override_reason) <= 2000),
    nominated_by            BIGINT REFERENCES app_user (id),
    created_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- Only a participating organisation nominates.
    FOREIGN KEY (round_id, organisation_id) REFERENCES pool_round_organisation (round_id, organisation_id),
    UNIQUE (round_id, regisseur_id)
);
CREATE INDEX pool_membership_status_idx ON pool_membership (status);
CREATE INDEX pool_membership_organisation_idx ON pool_membership (organisation_id);

-- The allowed steps of the life cycle; the trigger below refuses any other.
CREATE TABLE membership_step (
    from_status  TEXT NOT NULL,
    to_status    TEXT NOT NULL,
    PRIMARY KEY (from_status, to_status)
);
INSERT INTO membership_step VALUES
    ('nominated', 'preselected'), ('nominated', 'rejected'), ('nominated', 'withdrawn'),
    ('preselected', 'admitted'), ('preselected', 'rejected'), ('preselected', 'withdrawn'),
    ('admitted', 'active'), ('admitted', 'left'),
    ('active', 'paused'), ('active', 'left'),
    ('paused', 'active'), ('paused', 'left');

-- Who moved a membership, when and why: the history.
CREATE TABLE membership_transition (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    membership_id  BIGINT NOT NULL REFERENCES pool_membership (id),
    from_status    TEXT,
    to_status      TEXT NOT NULL,
    reason         TEXT NOT NULL DEFAULT '' CHECK (length(reason) <= 2000),
    actor_user_id  BIGINT REFERENCES app_user (id),
    at             TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX membership_transition_membership_idx ON membership_transition (membership_id, at);

-- The municipalities a member takes cases for; dispatchers filter on them.
CREATE TABLE member_municipality (
    membership_id    BIGINT NOT NULL REFERENCES pool_membership (id) ON DELETE CASCADE,
    municipality_id  BIGINT NOT NULL REFERENCES municipality (id),
    PRIMARY KEY (membership_id, municipality_id)
);
CREATE INDEX member_municipality_municipality_idx ON member_municipality (municipality_id);

-- Leave and other periods without new cases.
CREATE TABLE unavailability (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    membership_id  BIGINT NOT NULL REFERENCES pool_membership (id) ON DELETE CASCADE,
    starts_on      DATE NOT NULL,
    ends_on        DATE NOT NULL,
    reason         TEXT NOT NULL DEFAULT '' CHECK (reason IN ('', 'verlof', 'ziekte', 'overbelasting', 'opleiding', 'anders')),
    CHECK (ends_on >= starts_on)
);
CREATE INDEX unavailability_membership_idx ON unavailability (membership_id, starts_on);

-- The result of the validated personality test. The provider's report is
-- kept here (PDF, at most 5 MiB) rather than on disk, so backups and access
-- checks cover it.
CREATE TABLE pre_selection (
    membership_id      BIGINT PRIMARY KEY REFERENCES pool_membership (id),
    test_date          DATE NOT NULL,
    instrument_name    TEXT NOT NULL CHECK (length(btrim(instrument_name)) BETWEEN 1 AND 200),
    provider           TEXT NOT NULL CHECK (length(btrim(provider)) BETWEEN 1 AND 200),
    outcome            TEXT NOT NULL CHECK (outcome IN ('suitable', 'suitable_with_attention_points', 'contra_indication')),
    pitfalls           TEXT[] NOT NULL DEFAULT '{}',
    attention_points   TEXT[] NOT NULL DEFAULT '{}',
    report             BYTEA CHECK (octet_length(report) <= 5242880),
    report_filename    TEXT CHECK (length(report_filename) <= 200),
    recorded_by        BIGINT REFERENCES app_user (id),
    recorded_at        TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- The life-cycle rules, enforced for every writer: only allowed steps, and
-- admission needs a pre-selection, with a contra-indication an override reason.
-- Quotas: a place-taking nomination never exceeds its organisation's quota;
-- the quota row is locked so two nominations at once cannot both slip in.
-- +goose StatementBegin
CREATE FUNCTION pool_membership_rules() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    used  INT;
    cap   INT;
    ps    TEXT;
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.status <> OLD.status THEN
        IF NOT EXISTS (SELECT 1 FROM membership_step WHERE from_status = OLD.status AND to_status = NEW.status) THEN
            RAISE EXCEPTION 'membership %: % -> % is not allowed', NEW.id, OLD.status, NEW.status USING ERRCODE = 'check_violation';
        END IF;
        IF NEW.status = 'admitted' THEN
            SELECT outcome INTO ps FROM pre_selection WHERE membership_id = NEW.id;
            IF ps IS NULL THEN
                RAISE EXCEPTION 'membership %: admission needs a pre-selection', NEW.id USING ERRCODE = 'check_violation';
            END IF;
            IF ps = 'contra_indication' AND coalesce(btrim(NEW.contra_override_reason), '') = '' THEN
                RAISE EXCEPTION 'membership %: a contra-indication needs an override reason', NEW.id USING ERRCODE = 'check_violation';
            END IF;
        END IF;
    END IF;
    IF NEW.status NOT IN ('withdrawn', 'rejected') AND (TG_OP = 'INSERT' OR OLD.status IN ('withdrawn', 'rejected')) THEN
        SELECT quota INTO cap FROM pool_round_organisation
            WHERE round_id = NEW.round_id AND organisation_id = NEW.organisation_id FOR UPDATE;
        SELECT count(*) INTO used FROM pool_membership
            WHERE round_id = NEW.round_id AND organisation_id = NEW.organisation_id
              AND status NOT IN ('withdrawn', 'rejected') AND id <> NEW.id;
        IF used >= cap THEN
            RAISE EXCEPTION 'organisation % has filled its quota of % in round %', NEW.organisation_id, cap, NEW.round_id
                USING ERRCODE = 'check_violation';
        END IF;
    END IF;
    RETURN NEW;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER pool_membership_rules BEFORE INSERT OR UPDATE ON pool_membership
    FOR EACH ROW EXECUTE FUNCTION pool_membership_rules();

-- +goose Down
DROP TRIGGER pool_membership_rules ON pool_membership;
DROP FUNCTION pool_membership_rules();
DROP TABLE pre_selection;
DROP TABLE unavailability;
DROP TABLE member_municipality;
DROP TABLE membership_transition;
DROP TABLE membership_step;
DROP TABLE pool_membership;
DROP TABLE pool_round_organisation;
DROP TABLE pool_round;
