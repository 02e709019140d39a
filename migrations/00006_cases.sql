-- +goose Up
-- The 8 life domains (leefgebieden) of the TSD, as a stable code list.
CREATE TABLE life_domain (
    code      TEXT PRIMARY KEY CHECK (code ~ '^[a-z_]+$'),
    label     TEXT NOT NULL,
    position  INT NOT NULL UNIQUE
);
INSERT INTO life_domain (code, label, position) VALUES
    ('werk', 'Werk', 1), ('inkomen', 'Inkomen en financiën', 2),
    ('maatschappelijke_ondersteuning', 'Maatschappelijke ondersteuning', 3), ('wonen', 'Wonen', 4),
    ('onderwijs', 'Onderwijs', 5), ('jeugdhulp', 'Jeugdhulp', 6), ('veiligheid', 'Veiligheid', 7),
    ('gezondheid', '(Geestelijke) gezondheid(szorg)', 8);

-- A complex case: a pseudonymous reference plus what matching and
-- monitoring need. On purpose there are no columns for names, addresses or
-- birth dates of family members; a test checks that none appear.
CREATE TABLE complex_case (
    id                          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    reference                   TEXT NOT NULL CHECK (reference ~ '^[A-Za-z0-9._/-]{1,40}$'),
    zaak_url                    TEXT CHECK (length(zaak_url) <= 1000 AND zaak_url ~ '^https?://'),
    zaak_identificatie          TEXT CHECK (length(zaak_identificatie) <= 40),
    bronorganisatie             TEXT CHECK (bronorganisatie ~ '^[0-9]{9}$'),
    municipality_id             BIGINT NOT NULL REFERENCES municipality (id),
    parents_struggle            BOOLEAN NOT NULL,
    several_domains             BOOLEAN NOT NULL,
    several_professionals       BOOLEAN NOT NULL,
    high_risk                   BOOLEAN NOT NULL,
    -- The pilot's working definition: the parents struggle to keep regie,
    -- and there are problems on several life domains and/or a high risk to
    -- the child's safety or development.
    meets_definition            BOOLEAN GENERATED ALWAYS AS (parents_struggle AND (several_domains OR high_risk)) STORED,
    definition_reason           TEXT NOT NULL DEFAULT '' CHECK (length(definition_reason) <= 2000),
    life_domains                TEXT[] NOT NULL DEFAULT '{}',
    safety_risk                 TEXT NOT NULL CHECK (safety_risk IN ('low', 'medium', 'high')),
    urgency                     SMALLINT NOT NULL DEFAULT 1 CHECK (urgency BETWEEN 1 AND 3),
    arrangement_hours           NUMERIC(5, 1) NOT NULL DEFAULT 50 CHECK (arrangement_hours > 0 AND arrangement_hours <= 1000),
    expected_weeks              INT NOT NULL DEFAULT 26 CHECK (expected_weeks BETWEEN 1 AND 260),
    leans_on                    TEXT[] NOT NULL DEFAULT '{}',
    earlier_case_id             BIGINT REFERENCES complex_case (id),
    outside_pool                TEXT CHECK (outside_pool IN ('behandelregie', 'veilig_thuis', 'gedwongen_kader')),
    outside_reason              TEXT NOT NULL DEFAULT '' CHECK (length(outside_reason) <= 2000),
    status                      TEXT NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'assigned', 'closed', 'outside')),
    starts_on                   DATE NOT NULL DEFAULT current_date,
    close_reason                TEXT CHECK (close_reason IN ('own_regie', 'goals_reached', 'gedwongen_kader', 'moved', 'other')),
    closed_at                   TIMESTAMPTZ,
    created_by                  BIGINT REFERENCES app_user (id),
    created_at                  TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (municipality_id, reference),
    -- A case outside the working definition needs a reason to be registered.
    CHECK (meets_definition OR length(btrim(definition_reason)) > 0),
    CHECK ((outside_pool IS NULL) OR length(btrim(outside_reason)) > 0),
    CHECK ((status = 'closed') = (closed_at IS NOT NULL AND close_reason IS NOT NULL))
);
CREATE INDEX complex_case_status_idx ON complex_case (municipality_id, status);

-- Organisations already in the family's care: their people are not independent.
CREATE TABLE case_organisation (
    case_id          BIGINT NOT NULL REFERENCES complex_case (id) ON DELETE CASCADE,
    organisation_id  BIGINT NOT NULL REFERENCES organisation (id),
    PRIMARY KEY (case_id, organisation_id)
);

-- Who directs a case, and until when. A handover ends one assignment and
-- starts the next.
CREATE TABLE assignment (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id       BIGINT NOT NULL REFERENCES complex_case (id),
    regisseur_id  BIGINT NOT NULL REFERENCES regisseur (id),
    assigned_by   BIGINT REFERENCES app_user (id),
    assigned_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    ended_at      TIMESTAMPTZ,
    end_reason    TEXT CHECK (end_reason IN ('handover', 'closed')),
    handover_reason TEXT NOT NULL DEFAULT '' CHECK (length(handover_reason) <= 2000),
    CHECK ((ended_at IS NULL) = (end_reason IS NULL))
);
-- At most one active regisseur per case, whatever races happen above.
CREATE UNIQUE INDEX assignment_one_active ON assignment (case_id) WHERE ended_at IS NULL;
-- Capacity checks count a regisseur's active cases.
CREATE INDEX assignment_regisseur_active_idx ON assignment (regisseur_id) WHERE ended_at IS NULL;

-- The case log: the events monitoring counts.
CREATE TABLE case_event (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id      BIGINT NOT NULL REFERENCES complex_case (id),
    kind         TEXT NOT NULL CHECK (kind IN ('round_table', 'plan_made', 'evaluation', 'plan_adjusted',
                     'safety_analysis', 'escalation', 'hours', 'satisfaction')),
    occurred_on  DATE NOT NULL,
    hours        NUMERIC(5, 1) CHECK (hours > 0 AND hours <= 200),
    result_area  SMALLINT CHECK (result_area BETWEEN 1 AND 5),
    score        SMALLINT CHECK (score BETWEEN 1 AND 5),
    recorded_by  BIGINT REFERENCES app_user (id),
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK ((kind = 'hours') = (hours IS NOT NULL)),
    CHECK ((kind = 'satisfaction') = (score IS NOT NULL AND result_area IS NOT NULL))
);
CREATE INDEX case_event_case_idx ON case_event (case_id, occurred_on);

-- +goose Down
DROP TABLE case_event;
DROP TABLE assignment;
DROP TABLE case_organisation;
DROP TABLE complex_case;
DROP TABLE life_domain;
