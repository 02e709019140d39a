-- +goose Up
-- Structured steps of the case log (issue 13, items 3–6): the joint problem
-- analysis, an escalation with to whom/why/outcome, an intervention (result
-- area 5), an evaluation with participants and goals, and the network or
-- voorliggend veld engaged. Their details are a JSON object checked by
-- domain.StepDetails (per kind); the store checks the organisation ids.
-- The kind list also names 'reassessment' (issue 13, item 2), so the order
-- in which this and that migration run does not matter.
ALTER TABLE case_event DROP CONSTRAINT case_event_kind_check;
ALTER TABLE case_event ADD CONSTRAINT case_event_kind_check CHECK (kind IN ('round_table', 'plan_made', 'evaluation', 'plan_adjusted',
    'safety_analysis', 'escalation', 'hours', 'satisfaction', 'correction', 'reassessment', 'problem_analysis', 'intervention',
    'network_engaged'));
ALTER TABLE case_event ADD COLUMN details JSONB CHECK (jsonb_typeof(details) = 'object' AND length(details::text) <= 20000);
-- The new kinds always carry their details.
ALTER TABLE case_event ADD CONSTRAINT case_event_step_details CHECK (kind NOT IN ('problem_analysis', 'intervention', 'network_engaged') OR details IS NOT NULL);

-- +goose Down
DELETE FROM case_event WHERE kind IN ('problem_analysis', 'intervention', 'network_engaged');
ALTER TABLE case_event DROP CONSTRAINT case_event_step_details;
ALTER TABLE case_event DROP COLUMN details;
ALTER TABLE case_event DROP CONSTRAINT case_event_kind_check;
ALTER TABLE case_event ADD CONSTRAINT case_event_kind_check CHECK (kind IN ('round_table', 'plan_made', 'evaluation', 'plan_adjusted',
    'safety_analysis', 'escalation', 'hours', 'satisfaction', 'correction', 'reassessment'));
