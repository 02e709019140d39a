-- +goose Up
-- Privacy duties (issue 18, items 1 and 4).
--
-- 1. The audit trail's one sanctioned purge. audit_event stays append-only
-- for every writer: UPDATE and TRUNCATE are always refused, and so is a
-- DELETE, except of rows at or before the moment the retention job names in
-- the transaction-local setting regiepool.audit_purge_before, and only when
-- that moment lies at least a year back (the shortest term
-- domain.RetentionTerms allows for audit events). The retention job
-- (postgres.purgeAuditEvents) sets it with set_config(…, true) for its own
-- transaction only, and records the purge in the trail itself. A stray
-- DELETE elsewhere still fails, and no setting can remove a recent event.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    purge_before TIMESTAMPTZ;
BEGIN
    IF TG_OP = 'DELETE' THEN
        purge_before := NULLIF(current_setting('regiepool.audit_purge_before', true), '')::timestamptz;
        IF purge_before IS NOT NULL AND purge_before <= now() - interval '365 days' AND OLD.at <= purge_before THEN
            RETURN OLD;
        END IF;
    END IF;
    RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
-- +goose StatementEnd
-- The purge and the daily run's "ran today?" read the trail by time.
CREATE INDEX audit_event_at_idx ON audit_event (at);
-- A used or expired link is deleted once no audit event names it
-- (rater_links); this finds those that still do without a scan.
CREATE INDEX audit_event_token_idx ON audit_event (actor_token_id) WHERE actor_token_id IS NOT NULL;

-- When the retention job stripped a closed case of its free text and its
-- link to the municipality's file (case_logs); NULL while it is whole.
ALTER TABLE complex_case ADD COLUMN stripped_at TIMESTAMPTZ;
-- Closed cases past their term are found by close date.
CREATE INDEX complex_case_closed_idx ON complex_case (closed_at) WHERE status = 'closed' AND stripped_at IS NULL;

-- Blanks the string values under the given keys anywhere in a JSON value
-- (the free-text fields of step and closure details, domain.FreeTextKeys),
-- keeping its shape, codes, numbers and booleans for monitoring.
-- +goose StatementBegin
CREATE FUNCTION jsonb_blank_keys(j JSONB, keys TEXT[]) RETURNS JSONB LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    RETURN CASE jsonb_typeof(j)
        WHEN 'object' THEN (SELECT COALESCE(jsonb_object_agg(k, CASE WHEN k = ANY (keys) AND jsonb_typeof(v) = 'string'
                THEN to_jsonb(''::text) ELSE jsonb_blank_keys(v, keys) END), '{}'::jsonb) FROM jsonb_each(j) AS e(k, v))
        WHEN 'array' THEN (SELECT COALESCE(jsonb_agg(jsonb_blank_keys(v, keys) ORDER BY i), '[]'::jsonb)
                FROM jsonb_array_elements(j) WITH ORDINALITY AS e(v, i))
        ELSE j END;
END;
$$;
-- +goose StatementEnd

-- 2. Length caps on every free-text column that had none (the schema scan
-- in internal/postgres/minimisation_test.go), consistent with the input
-- limits in the code: an item or competency key is at most 60 characters
-- (api binding max=60), a goal has at most 20 actions of 500, a
-- pre-selection at most 20 pitfalls and attention points of 300 and 20
-- competencies, a case at most 10 "leans on" entries of 60 and the 8 life
-- domains. Codes and reference data get generous caps: a cap is a
-- backstop against a writer that skips validation, not a second rule.
-- +goose StatementBegin
CREATE FUNCTION text_array_capped(a TEXT[], max_items INT, max_len INT) RETURNS BOOLEAN
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT cardinality(a) <= max_items AND NOT EXISTS (SELECT 1 FROM unnest(a) x WHERE char_length(x) > max_len)
$$;
-- +goose StatementEnd
ALTER TABLE app_user
    ADD CONSTRAINT app_user_password_hash_len CHECK (length(password_hash) <= 500),
    ADD CONSTRAINT app_user_oidc_issuer_len CHECK (length(oidc_issuer) <= 1000),
    ADD CONSTRAINT app_user_oidc_subject_len CHECK (length(oidc_subject) <= 255);
ALTER TABLE assignment ADD CONSTRAINT assignment_overridden_len CHECK (text_array_capped(overridden, 20, 60));
ALTER TABLE audit_event
    ADD CONSTRAINT audit_event_action_len CHECK (length(action) <= 50),
    ADD CONSTRAINT audit_event_record_type_len CHECK (length(record_type) <= 50),
    ADD CONSTRAINT audit_event_request_id_len CHECK (length(request_id) <= 100),
    ADD CONSTRAINT audit_event_client_addr_len CHECK (length(client_addr) <= 100);
ALTER TABLE complex_case
    ADD CONSTRAINT complex_case_life_domains_len CHECK (text_array_capped(life_domains, 20, 60)),
    ADD CONSTRAINT complex_case_leans_on_len CHECK (text_array_capped(leans_on, 10, 60));
ALTER TABLE development_goal
    ADD CONSTRAINT development_goal_competency_key_len CHECK (length(competency_key) <= 60),
    ADD CONSTRAINT development_goal_actions_len CHECK (text_array_capped(actions, 20, 500));
ALTER TABLE goal_status_change
    ADD CONSTRAINT goal_status_change_from_len CHECK (length(from_status) <= 30),
    ADD CONSTRAINT goal_status_change_to_len CHECK (length(to_status) <= 30);
ALTER TABLE idempotency_key ADD CONSTRAINT idempotency_key_location_len CHECK (length(location) <= 2000);
ALTER TABLE instrument
    ADD CONSTRAINT instrument_key_len CHECK (length(key) <= 100),
    ADD CONSTRAINT instrument_title_len CHECK (length(title) <= 200),
    ADD CONSTRAINT instrument_checksum_len CHECK (length(checksum) <= 128);
ALTER TABLE instrument_item
    ADD CONSTRAINT instrument_item_key_len CHECK (length(key) <= 100),
    ADD CONSTRAINT instrument_item_name_len CHECK (length(name) <= 500);
ALTER TABLE intervisie_session_competency ADD CONSTRAINT intervisie_session_competency_key_len CHECK (length(competency_key) <= 60);
ALTER TABLE life_domain
    ADD CONSTRAINT life_domain_code_len CHECK (length(code) <= 60),
    ADD CONSTRAINT life_domain_label_len CHECK (length(label) <= 200);
ALTER TABLE login_failure ADD CONSTRAINT login_failure_client_ip_len CHECK (length(client_ip) <= 100);
ALTER TABLE matching_policy
    ADD CONSTRAINT matching_policy_instrument_key_len CHECK (length(instrument_key) <= 100),
    ADD CONSTRAINT matching_policy_checksum_len CHECK (length(checksum) <= 128);
ALTER TABLE membership_step
    ADD CONSTRAINT membership_step_from_len CHECK (length(from_status) <= 30),
    ADD CONSTRAINT membership_step_to_len CHECK (length(to_status) <= 30);
ALTER TABLE membership_transition
    ADD CONSTRAINT membership_transition_from_len CHECK (length(from_status) <= 30),
    ADD CONSTRAINT membership_transition_to_len CHECK (length(to_status) <= 30);
ALTER TABLE pre_selection
    ADD CONSTRAINT pre_selection_pitfalls_len CHECK (text_array_capped(pitfalls, 20, 300)),
    ADD CONSTRAINT pre_selection_attention_points_len CHECK (text_array_capped(attention_points, 20, 300)),
    ADD CONSTRAINT pre_selection_competency_keys_len CHECK (text_array_capped(competency_keys, 20, 60));
ALTER TABLE reflection ADD CONSTRAINT reflection_competency_key_len CHECK (length(competency_key) <= 60);
ALTER TABLE server_secret ADD CONSTRAINT server_secret_name_len CHECK (length(name) <= 100);

-- +goose Down
ALTER TABLE server_secret DROP CONSTRAINT server_secret_name_len;
ALTER TABLE reflection DROP CONSTRAINT reflection_competency_key_len;
ALTER TABLE pre_selection DROP CONSTRAINT pre_selection_pitfalls_len, DROP CONSTRAINT pre_selection_attention_points_len,
    DROP CONSTRAINT pre_selection_competency_keys_len;
ALTER TABLE membership_transition DROP CONSTRAINT membership_transition_from_len, DROP CONSTRAINT membership_transition_to_len;
ALTER TABLE membership_step DROP CONSTRAINT membership_step_from_len, DROP CONSTRAINT membership_step_to_len;
ALTER TABLE matching_policy DROP CONSTRAINT matching_policy_instrument_key_len, DROP CONSTRAINT matching_policy_checksum_len;
ALTER TABLE login_failure DROP CONSTRAINT login_failure_client_ip_len;
ALTER TABLE life_domain DROP CONSTRAINT life_domain_code_len, DROP CONSTRAINT life_domain_label_len;
ALTER TABLE intervisie_session_competency DROP CONSTRAINT intervisie_session_competency_key_len;
ALTER TABLE instrument_item DROP CONSTRAINT instrument_item_key_len, DROP CONSTRAINT instrument_item_name_len;
ALTER TABLE instrument DROP CONSTRAINT instrument_key_len, DROP CONSTRAINT instrument_title_len, DROP CONSTRAINT instrument_checksum_len;
ALTER TABLE idempotency_key DROP CONSTRAINT idempotency_key_location_len;
ALTER TABLE goal_status_change DROP CONSTRAINT goal_status_change_from_len, DROP CONSTRAINT goal_status_change_to_len;
ALTER TABLE development_goal DROP CONSTRAINT development_goal_competency_key_len, DROP CONSTRAINT development_goal_actions_len;
ALTER TABLE complex_case DROP CONSTRAINT complex_case_life_domains_len, DROP CONSTRAINT complex_case_leans_on_len;
ALTER TABLE audit_event DROP CONSTRAINT audit_event_action_len, DROP CONSTRAINT audit_event_record_type_len,
    DROP CONSTRAINT audit_event_request_id_len, DROP CONSTRAINT audit_event_client_addr_len;
ALTER TABLE assignment DROP CONSTRAINT assignment_overridden_len;
ALTER TABLE app_user DROP CONSTRAINT app_user_password_hash_len, DROP CONSTRAINT app_user_oidc_issuer_len,
    DROP CONSTRAINT app_user_oidc_subject_len;
DROP FUNCTION text_array_capped(TEXT[], INT, INT);
DROP FUNCTION jsonb_blank_keys(JSONB, TEXT[]);
DROP INDEX complex_case_closed_idx;
ALTER TABLE complex_case DROP COLUMN stripped_at;
DROP INDEX audit_event_token_idx;
DROP INDEX audit_event_at_idx;
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
-- +goose StatementEnd
