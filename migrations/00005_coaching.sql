-- +goose Up
-- The managed list of intervisie themes, starting with the pilot's own.
CREATE TABLE intervisie_theme (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        TEXT NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 120),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX intervisie_theme_name_key ON intervisie_theme (lower(name));
INSERT INTO intervisie_theme (name) VALUES
    ('Het competentieprofiel'), ('Verslaglegging en privacy'), ('Omgaan met weerstand'),
    ('Grenzen stellen'), ('In verbinding blijven'), ('Veiligheidstaxatie');

-- A logged session. Notes are confidential: coaches and admins only.
CREATE TABLE intervisie_session (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    held_on           DATE NOT NULL,
    duration_minutes  INT NOT NULL CHECK (duration_minutes BETWEEN 15 AND 600),
    form              TEXT NOT NULL CHECK (form IN ('intervisie', 'casuistiekbespreking', 'thematische_instructie')),
    notes             TEXT NOT NULL DEFAULT '' CHECK (length(notes) <= 10000),
    created_by        BIGINT REFERENCES app_user (id),
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX intervisie_session_held_idx ON intervisie_session (held_on);

CREATE TABLE intervisie_session_theme (
    session_id  BIGINT NOT NULL REFERENCES intervisie_session (id) ON DELETE CASCADE,
    theme_id    BIGINT NOT NULL REFERENCES intervisie_theme (id),
    PRIMARY KEY (session_id, theme_id)
);

-- Competencies are item keys of the competency instrument, checked in code.
CREATE TABLE intervisie_session_competency (
    session_id      BIGINT NOT NULL REFERENCES intervisie_session (id) ON DELETE CASCADE,
    competency_key  TEXT NOT NULL,
    PRIMARY KEY (session_id, competency_key)
);

-- Everyone invited: attended or absent. Attendance figures come from here.
CREATE TABLE intervisie_participant (
    session_id    BIGINT NOT NULL REFERENCES intervisie_session (id) ON DELETE CASCADE,
    regisseur_id  BIGINT NOT NULL REFERENCES regisseur (id),
    attended      BOOLEAN NOT NULL,
    PRIMARY KEY (session_id, regisseur_id)
);
CREATE INDEX intervisie_participant_regisseur_idx ON intervisie_participant (regisseur_id);

-- A regisseur's reflection log. Private until shared with their coach. A case
-- is referred to by its pseudonymous reference only, never by family details.
CREATE TABLE reflection (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    regisseur_id    BIGINT NOT NULL REFERENCES regisseur (id),
    written_on      DATE NOT NULL,
    competency_key  TEXT NOT NULL,
    case_reference  TEXT CHECK (length(case_reference) <= 40),
    body            TEXT NOT NULL CHECK (length(btrim(body)) BETWEEN 1 AND 5000),
    shared_at       TIMESTAMPTZ,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX reflection_regisseur_idx ON reflection (regisseur_id, written_on);

CREATE TABLE reflection_reply (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    reflection_id   BIGINT NOT NULL REFERENCES reflection (id) ON DELETE CASCADE,
    author_user_id  BIGINT REFERENCES app_user (id),
    body            TEXT NOT NULL CHECK (length(btrim(body)) BETWEEN 1 AND 5000),
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Development goals, each on one competency, with a status history.
CREATE TABLE development_goal (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    regisseur_id    BIGINT NOT NULL REFERENCES regisseur (id),
    competency_key  TEXT NOT NULL,
    basis           TEXT NOT NULL CHECK (basis IN ('below_norm', 'blind_spot', 'pitfall', 'other')),
    description     TEXT NOT NULL CHECK (length(btrim(description)) BETWEEN 1 AND 2000),
    actions         TEXT[] NOT NULL DEFAULT '{}',
    target_date     DATE NOT NULL,
    status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'achieved', 'dropped')),
    created_by      BIGINT REFERENCES app_user (id),
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX development_goal_regisseur_idx ON development_goal (regisseur_id, target_date);

CREATE TABLE goal_status_change (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    goal_id        BIGINT NOT NULL REFERENCES development_goal (id) ON DELETE CASCADE,
    from_status    TEXT,
    to_status      TEXT NOT NULL,
    note           TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
    actor_user_id  BIGINT REFERENCES app_user (id),
    at             TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX goal_status_change_goal_idx ON goal_status_change (goal_id, at);

-- +goose Down
DROP TABLE goal_status_change;
DROP TABLE development_goal;
DROP TABLE reflection_reply;
DROP TABLE reflection;
DROP TABLE intervisie_participant;
DROP TABLE intervisie_session_competency;
DROP TABLE intervisie_session_theme;
DROP TABLE intervisie_session;
DROP TABLE intervisie_theme;
