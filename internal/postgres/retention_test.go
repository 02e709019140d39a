package postgres_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"regiepool/internal/auth"
	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
	"regiepool/internal/postgres"
)

// retentionEnv makes one record per kind with a given anchor date and says
// what became of it.
type retentionEnv struct {
	db     *postgres.DB
	org    int64
	mun    int64
	user   int64
	instr  int64
	item   int64
	serial int
}

func newRetentionEnv(t *testing.T) *retentionEnv {
	db := pgtest.NewDB(t)
	e := &retentionEnv{db: db, org: pgtest.MustCreateOrganisation(t, db).ID, mun: pgtest.MustCreateMunicipality(t, db).ID,
		user: pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleCoach}}).ID}
	e.must(t, e.db.Get(&e.instr, `SELECT id FROM instrument ORDER BY id LIMIT 1`))
	e.must(t, e.db.Get(&e.item, `SELECT id FROM instrument_item WHERE instrument_id = $1 ORDER BY id LIMIT 1`, e.instr))
	return e
}

func (e *retentionEnv) must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// id runs q (which returns one id) with args.
func (e *retentionEnv) id(t *testing.T, q string, args ...any) int64 {
	t.Helper()
	var id int64
	e.must(t, e.db.Get(&id, q, args...))
	return id
}

func (e *retentionEnv) exec(t *testing.T, q string, args ...any) {
	t.Helper()
	_, err := e.db.Exec(q, args...)
	e.must(t, err)
}

// state runs q (one text column) for id; "" when there is no row.
func (e *retentionEnv) state(t *testing.T, q string, id int64) string {
	t.Helper()
	var s []string
	e.must(t, e.db.Select(&s, q, id))
	if len(s) == 0 {
		return "gone"
	}
	return s[0]
}

func (e *retentionEnv) regisseur(t *testing.T) int64 {
	return pgtest.MustCreateRegisseur(t, e.db, e.org).ID
}

func (e *retentionEnv) closedRound(t *testing.T, anchor time.Time, comment string) int64 {
	rid := e.id(t, `INSERT INTO feedback_round (regisseur_id, instrument_id, status, deadline, created_at, closed_at)
		VALUES ($1, $2, 'closed', $3::date, $3, $3) RETURNING id`, e.regisseur(t), e.instr, anchor)
	resp := ""
	e.must(t, e.db.Get(&resp, `INSERT INTO feedback_response (round_id, rater_group) VALUES ($1, 'peer') RETURNING id::text`, rid))
	e.exec(t, `INSERT INTO feedback_answer (response_id, item_id, score, comment) VALUES ($1::uuid, $2, 7, $3)`, resp, e.item, comment)
	return rid
}

func (e *retentionEnv) ref() string {
	e.serial++
	return fmt.Sprintf("R-%d", e.serial)
}

// retentionKinds: per kind, how to make a record anchored at a moment and
// how to read what became of it: "kept" while whole, else "gone" or
// "stripped".
func retentionKinds() map[domain.RetentionKind]struct {
	make  func(t *testing.T, e *retentionEnv, anchor time.Time) int64
	state string // query of one text column for the id
} {
	type k = struct {
		make  func(t *testing.T, e *retentionEnv, anchor time.Time) int64
		state string
	}
	return map[domain.RetentionKind]k{
		"sessions": {func(t *testing.T, e *retentionEnv, a time.Time) int64 {
			return e.id(t, `INSERT INTO access_token (token_hash, user_id, created_at, expires_at)
				VALUES (decode(md5(random()::text), 'hex'), $1, $2::timestamptz - interval '1 day', $2) RETURNING id`, e.user, a)
		}, `SELECT 'kept' FROM access_token WHERE id = $1`},
		"outbox_messages": {func(t *testing.T, e *retentionEnv, a time.Time) int64 {
			return e.id(t, `INSERT INTO outbox_message (kind, to_user_id, subject, body_text, body_html, status, created_at, next_attempt_at, sent_at)
				VALUES ('offer', $1, 'Aanbod', 'tekst', '<p>tekst</p>', 'sent', $2::timestamptz - interval '1 hour', $2, $2) RETURNING id`, e.user, a)
		}, `SELECT 'kept' FROM outbox_message WHERE id = $1`},
		"password_reset_tokens": {func(t *testing.T, e *retentionEnv, a time.Time) int64 {
			return e.id(t, `INSERT INTO single_use_token (token_hash, purpose, subject_id, created_at, expires_at)
				VALUES (decode(md5(random()::text), 'hex'), 'password_reset', $1, $2::timestamptz - interval '30 minutes', $2) RETURNING id`, e.user, a)
		}, `SELECT 'kept' FROM single_use_token WHERE id = $1`},
		"login_failures": {func(t *testing.T, e *retentionEnv, a time.Time) int64 {
			return e.id(t, `INSERT INTO login_failure (email_hash, client_ip, at) VALUES ('\x00', '127.0.0.1', $1) RETURNING id`, a)
		}, `SELECT 'kept' FROM login_failure WHERE id = $1`},
		"idempotency_keys": {func(t *testing.T, e *retentionEnv, a time.Time) int64 {
			return e.id(t, `INSERT INTO idempotency_key (user_id, key_hash, request_hash, created_at)
				VALUES ($1, decode(md5(random()::text), 'hex'), '\x00', $2) RETURNING id`, e.user, a)
		}, `SELECT 'kept' FROM idempotency_key WHERE id = $1`},
		"rater_links": {func(t *testing.T, e *retentionEnv, a time.Time) int64 {
			return e.id(t, `INSERT INTO single_use_token (token_hash, purpose, subject_id, created_at, expires_at)
				VALUES (decode(md5(random()::text), 'hex'), 'questionnaire', 1, $1::timestamptz - interval '1 day', $1) RETURNING id`, a)
		}, `SELECT 'kept' FROM single_use_token WHERE id = $1`},
		"preselection_reports": {func(t *testing.T, e *retentionEnv, a time.Time) int64 {
			r := pgtest.MustCreateActiveMember(t, e.db, e.org, nil, 3, 8)
			return e.id(t, `UPDATE pre_selection p SET report = '%PDF-1.4', report_filename = 'rapport.pdf', recorded_at = $2
				FROM pool_membership m WHERE m.id = p.membership_id AND m.regisseur_id = $1 RETURNING p.membership_id`, r.ID, a)
		}, `SELECT CASE WHEN report IS NULL AND report_filename IS NULL THEN 'stripped' ELSE 'kept' END FROM pre_selection WHERE membership_id = $1`},
		"rejected_nominees": {func(t *testing.T, e *retentionEnv, a time.Time) int64 {
			reg := e.regisseur(t)
			round := e.id(t, `INSERT INTO pool_round (name) VALUES ('Ronde ' || $1::text) RETURNING id`, reg)
			e.exec(t, `INSERT INTO pool_round_organisation (round_id, organisation_id) VALUES ($1, $2)`, round, e.org)
			m := e.id(t, `INSERT INTO pool_membership (round_id, organisation_id, regisseur_id, hours_per_week, motivation)
				VALUES ($1, $2, $3, 8, 'Ik wil graag regisseur worden.') RETURNING id`, round, e.org, reg)
			e.exec(t, `INSERT INTO pre_selection (membership_id, test_date, instrument_name, provider, outcome, pitfalls)
				VALUES ($1, '2020-01-01', 'Test', 'Bureau', 'contra_indication', '{Te snel}')`, m)
			e.exec(t, `UPDATE pool_membership SET status = 'rejected' WHERE id = $1`, m)
			e.exec(t, `INSERT INTO membership_transition (membership_id, from_status, to_status, reason, at)
				VALUES ($1, 'nominated', 'rejected', 'Contra-indicatie', $2)`, m, a)
			return m
		}, `SELECT CASE WHEN m.motivation = '' AND NOT EXISTS (SELECT 1 FROM pre_selection p WHERE p.membership_id = m.id)
				AND NOT EXISTS (SELECT 1 FROM membership_transition t WHERE t.membership_id = m.id AND t.reason <> '')
				AND r.name = 'Geanonimiseerd' AND m.status = 'rejected' THEN 'stripped' ELSE 'kept' END
			FROM pool_membership m JOIN regisseur r ON r.id = m.regisseur_id WHERE m.id = $1`},
		"former_members": {func(t *testing.T, e *retentionEnv, a time.Time) int64 {
			r := pgtest.MustCreateActiveMember(t, e.db, e.org, nil, 3, 8)
			m := e.id(t, `UPDATE pool_membership SET status = 'left', motivation = 'Motivatie' WHERE regisseur_id = $1 RETURNING id`, r.ID)
			e.exec(t, `UPDATE pre_selection SET pitfalls = '{Valkuil}', competency_keys = '{regie}' WHERE membership_id = $1`, m)
			e.exec(t, `INSERT INTO membership_transition (membership_id, from_status, to_status, reason, at)
				VALUES ($1, 'active', 'left', 'Andere baan', $2)`, m, a)
			return m
		}, `SELECT CASE WHEN m.motivation = '' AND p.pitfalls = '{}' AND p.competency_keys = '{regie}' AND p.outcome = 'suitable'
				AND NOT EXISTS (SELECT 1 FROM membership_transition t WHERE t.membership_id = m.id AND t.reason <> '')
				THEN 'stripped' ELSE 'kept' END
			FROM pool_membership m JOIN pre_selection p ON p.membership_id = m.id WHERE m.id = $1`},
		"self_assessments": {func(t *testing.T, e *retentionEnv, a time.Time) int64 {
			id := e.id(t, `INSERT INTO self_assessment (regisseur_id, instrument_id, created_at, updated_at)
				VALUES ($1, $2, $3, $3) RETURNING id`, e.regisseur(t), e.instr, a)
			e.exec(t, `INSERT INTO self_answer (self_assessment_id, item_id, score, comment) VALUES ($1, $2, 6, 'Toelichting')`, id, e.item)
			e.exec(t, `UPDATE self_assessment SET status = 'submitted', submitted_at = $2 WHERE id = $1`, id, a)
			return id
		}, `SELECT 'kept' FROM self_assessment WHERE id = $1`},
		"feedback_comments": {func(t *testing.T, e *retentionEnv, a time.Time) int64 {
			return e.closedRound(t, a, "Luistert goed.")
		}, `SELECT CASE WHEN bool_and(a.comment = '') AND bool_and(a.score = 7) THEN 'stripped' ELSE 'kept' END
			FROM feedback_answer a JOIN feedback_response r ON r.id = a.response_id WHERE r.round_id = $1`},
		"feedback_rounds": {func(t *testing.T, e *retentionEnv, a time.Time) int64 {
			return e.closedRound(t, a, "") // no comment: feedback_comments leaves it alone
		}, `SELECT 'kept' FROM feedback_round WHERE id = $1`},
		"reflections": {func(t *testing.T, e *retentionEnv, a time.Time) int64 {
			return e.id(t, `INSERT INTO reflection (regisseur_id, written_on, competency_key, case_reference, body)
				VALUES ($1, $2::date, 'regie', 'Z-1', 'Een reflectie.') RETURNING id`, e.regisseur(t), a.Format("2006-01-02"))
		}, `SELECT 'kept' FROM reflection WHERE id = $1`},
		"development_goals": {func(t *testing.T, e *retentionEnv, a time.Time) int64 {
			id := e.id(t, `INSERT INTO development_goal (regisseur_id, competency_key, basis, description, actions, target_date, status, updated_at)
				VALUES ($1, 'regie', 'other', 'Beter plannen', '{Cursus}', '2020-01-01', 'achieved', $2) RETURNING id`, e.regisseur(t), a)
			e.exec(t, `INSERT INTO goal_status_change (goal_id, to_status, note) VALUES ($1, 'achieved', 'Gehaald')`, id)
			return id
		}, `SELECT CASE WHEN g.description = '` + domain.RetentionPlaceholder + `' AND g.actions = '{}' AND g.competency_key = 'regie'
				AND NOT EXISTS (SELECT 1 FROM goal_status_change c WHERE c.goal_id = g.id AND c.note <> '') THEN 'stripped' ELSE 'kept' END
			FROM development_goal g WHERE g.id = $1`},
		"intervisie_notes": {func(t *testing.T, e *retentionEnv, a time.Time) int64 {
			return e.id(t, `INSERT INTO intervisie_session (held_on, duration_minutes, form, notes) VALUES ($1::date, 60, 'intervisie', 'Vertrouwelijk')
				RETURNING id`, a.Format("2006-01-02"))
		}, `SELECT CASE WHEN notes = '' THEN 'stripped' ELSE 'kept' END FROM intervisie_session WHERE id = $1`},
		"case_logs": {func(t *testing.T, e *retentionEnv, a time.Time) int64 {
			id := e.id(t, `INSERT INTO complex_case (reference, municipality_id, parents_struggle, several_domains, several_professionals,
					high_risk, safety_risk, zaak_identificatie) VALUES ($1, $2, true, true, true, false, 'low', 'ZAAK-1') RETURNING id`, e.ref(), e.mun)
			e.exec(t, `INSERT INTO case_event (case_id, kind, occurred_on, details)
				VALUES ($1, 'intervention', '2020-01-01', '{"concern":"Zorg","action":"Gesprek"}')`, id)
			e.exec(t, `UPDATE complex_case SET status = 'closed', close_reason = 'other', closed_at = $2,
				close_details = '{"reasonText":"Verhuisd","finalCheck":{"helpWorks":true,"familyDirectsOwnLife":false,"whyNot":"Schulden"}}'
				WHERE id = $1`, id, a)
			return id
		}, `SELECT CASE WHEN c.zaak_identificatie IS NULL AND c.close_details->>'reasonText' = '' AND c.close_details->'finalCheck'->>'whyNot' = ''
				AND (c.close_details->'finalCheck'->>'helpWorks')::boolean
				AND NOT EXISTS (SELECT 1 FROM case_event e WHERE e.case_id = c.id AND (e.details->>'concern' <> '' OR e.details->>'action' <> ''))
				THEN 'stripped' ELSE 'kept' END FROM complex_case c WHERE c.id = $1`},
		"questionnaire_answers": {func(t *testing.T, e *retentionEnv, a time.Time) int64 {
			cs := e.id(t, `INSERT INTO complex_case (reference, municipality_id, parents_struggle, several_domains, several_professionals,
					high_risk, safety_risk) VALUES ($1, $2, true, true, true, false, 'low') RETURNING id`, e.ref(), e.mun)
			e.exec(t, `INSERT INTO case_questionnaire_answer (case_id, respondent_kind, moment, moment_date, heard, helped, went_well)
				VALUES ($1, 'parent', 'evaluation', $2::date, 4, 3, 'Fijn')`, cs, a.Format("2006-01-02"))
			return cs
		}, `SELECT CASE WHEN went_well = '' AND heard = 4 THEN 'stripped' ELSE 'kept' END FROM case_questionnaire_answer WHERE case_id = $1`},
		"disabled_accounts": {func(t *testing.T, e *retentionEnv, a time.Time) int64 {
			u := pgtest.MustCreateUser(t, e.db, domain.User{Roles: []domain.Role{domain.RoleDispatcher}, MunicipalityIDs: []int64{e.mun}})
			e.exec(t, `UPDATE app_user SET disabled_at = $2 WHERE id = $1`, u.ID, a)
			return u.ID
		}, `SELECT CASE WHEN name = 'Geanonimiseerd' AND email LIKE 'geanonimiseerd-%@regiepool.invalid' AND password_hash IS NULL
				AND EXISTS (SELECT 1 FROM user_role r WHERE r.user_id = app_user.id) THEN 'stripped' ELSE 'kept' END FROM app_user WHERE id = $1`},
		"audit_events": {func(t *testing.T, e *retentionEnv, a time.Time) int64 {
			return e.id(t, `INSERT INTO audit_event (at, actor_kind, action, record_type, outcome)
				VALUES ($1, 'system', 'read', 'retention_fixture', 'allowed') RETURNING id`, a)
		}, `SELECT 'kept' FROM audit_event WHERE id = $1`},
	}
}

// retentionNow is the fixed clock of the tests: noon UTC, a day back, so
// dates mean the same day in any server time zone and the audit trail's
// purge (which looks at the database's own clock) allows the cutoffs.
func retentionNow() time.Time {
	return time.Now().UTC().Truncate(24 * time.Hour).Add(-12 * time.Hour)
}

// TestRunRetention: with a fixed clock, each kind's record at exactly its
// term is deleted or stripped and its twin a day younger is kept; a dry
// run reports the same counts and changes nothing; the run writes one
// audit event with the counts; a second run finds nothing more.
func TestRunRetention(t *testing.T) {
	e := newRetentionEnv(t)
	now := retentionNow()
	policy := domain.DefaultRetention()
	kinds := retentionKinds()
	type rec struct {
		kind       domain.RetentionKind
		old, young int64
	}
	var recs []rec
	for _, term := range domain.RetentionTerms {
		k, ok := kinds[term.Kind]
		if !ok {
			t.Fatalf("no record maker for kind %s", term.Kind)
		}
		cutoff := policy.Cutoff(term.Kind, now)
		recs = append(recs, rec{term.Kind, k.make(t, e, cutoff), k.make(t, e, cutoff.AddDate(0, 0, 1))})
	}
	if len(recs) != len(domain.RetentionTerms) {
		t.Fatalf("the test covers %d kinds of %d", len(recs), len(domain.RetentionTerms))
	}
	ctx := pgtest.SystemCtx()
	check := func(phase string, wantOld func(domain.RetentionTerm) string) {
		t.Helper()
		for _, r := range recs {
			term, _ := domain.RetentionTermOf(r.kind)
			q := kinds[r.kind].state
			if got, want := e.state(t, q, r.old), wantOld(term); got != want {
				t.Errorf("%s: %s at its term: got %s, want %s", phase, r.kind, got, want)
			}
			if got := e.state(t, q, r.young); got != "kept" {
				t.Errorf("%s: %s a day before its term: got %s, want kept", phase, r.kind, got)
			}
		}
	}
	auditRuns := func() int {
		var n int
		e.must(t, e.db.Get(&n, `SELECT count(*) FROM audit_event WHERE action = 'retention'`))
		return n
	}

	dry, err := e.db.RunRetention(ctx, policy, now, true, false)
	if err != nil {
		t.Fatal(err)
	}
	check("dry run", func(domain.RetentionTerm) string { return "kept" })
	if n := auditRuns(); n != 0 {
		t.Errorf("dry run wrote %d audit events, want 0", n)
	}

	run, err := e.db.RunRetention(ctx, policy, now, false, false)
	if err != nil {
		t.Fatal(err)
	}
	check("run", func(term domain.RetentionTerm) string {
		if term.Action == domain.RetentionDelete {
			return "gone" // the reflection is not marked for monitoring
		}
		return "stripped"
	})
	for i, c := range run.Counts {
		if c.Pending {
			continue
		}
		if c.Count != 1 {
			t.Errorf("run: %s count %d, want 1", c.Kind, c.Count)
		}
		if dry.Counts[i] != c {
			t.Errorf("dry run said %+v, run did %+v", dry.Counts[i], c)
		}
	}
	var detail string
	e.must(t, e.db.Get(&detail, `SELECT detail::text FROM audit_event WHERE action = 'retention' AND record_type = 'retention_run'`))
	for _, want := range []string{`"case_logs": 1`, `"audit_events": 1`, `"sessions": 1`} {
		if !strings.Contains(detail, want) {
			t.Errorf("audit detail %s lacks %s", detail, want)
		}
	}

	again, err := e.db.RunRetention(ctx, policy, now, false, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range again.Counts {
		if c.Count != 0 {
			t.Errorf("second run: %s count %d, want 0", c.Kind, c.Count)
		}
	}
}

// TestRunRetention_Pending: every kind has its step; none is reported as
// pending.
func TestRunRetention_Pending(t *testing.T) {
	db := pgtest.NewDB(t)
	run, err := db.RunRetention(pgtest.SystemCtx(), domain.DefaultRetention(), retentionNow(), true, false)
	if err != nil {
		t.Fatal(err)
	}
	var pending []string
	for _, c := range run.Counts {
		if c.Pending {
			pending = append(pending, string(c.Kind))
		}
	}
	if got, want := strings.Join(pending, ","), ""; got != want {
		t.Errorf("pending kinds %s, want %s", got, want)
	}
}

// TestRunRetention_Concurrent: two daily runs at once (two instances) do
// the work once: one runs, the other skips, and one audit event is written.
func TestRunRetention_Concurrent(t *testing.T) {
	for i := 0; i < 3; i++ {
		db := pgtest.NewDB(t)
		now := retentionNow()
		var wg sync.WaitGroup
		runs := make([]domain.RetentionRun, 2)
		errs := make([]error, 2)
		start := make(chan struct{})
		for j := range runs {
			wg.Add(1)
			go func(j int) {
				defer wg.Done()
				<-start
				runs[j], errs[j] = db.RunRetention(pgtest.SystemCtx(), domain.DefaultRetention(), now, false, true)
			}(j)
		}
		close(start)
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		if runs[0].Skipped == runs[1].Skipped {
			t.Errorf("skipped %v and %v, want exactly one run", runs[0].Skipped, runs[1].Skipped)
		}
		var n int
		if err := db.Get(&n, `SELECT count(*) FROM audit_event WHERE action = 'retention'`); err != nil {
			t.Fatal(err)
		}
		if n != 1 {
			t.Errorf("%d audit events of runs, want 1", n)
		}
	}
}

// TestRunRetention_SystemOnly: a user cannot run the job.
func TestRunRetention_SystemOnly(t *testing.T) {
	db := pgtest.NewDB(t)
	admin := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleAdmin}})
	_, err := db.RunRetention(pgtest.ActorCtx(t, db, admin.ID), domain.DefaultRetention(), retentionNow(), true, false)
	if domain.ErrorCode(err) != domain.EForbidden {
		t.Errorf("admin run: %v, want forbidden", err)
	}
}

// TestAuditTrail_PurgeOnlySanctioned: outside the retention run the trail
// stays append-only, and the purge setting cannot reach a recent event.
func TestAuditTrail_PurgeOnlySanctioned(t *testing.T) {
	db := pgtest.NewDB(t)
	if _, err := db.Exec(`INSERT INTO audit_event (at, actor_kind, action, record_type, outcome)
		VALUES (now() - interval '10 days', 'system', 'read', 'x', 'allowed'), (now() - interval '3 years', 'system', 'read', 'x', 'allowed')`); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`DELETE FROM audit_event`,
		`UPDATE audit_event SET action = 'y'`,
		`TRUNCATE audit_event`,
		`BEGIN; SELECT set_config('regiepool.audit_purge_before', (now() - interval '5 days')::text, true); DELETE FROM audit_event WHERE record_type = 'x'; COMMIT`,
	} {
		if _, err := db.Exec(q); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: %v, want refused", q, err)
		}
		_, _ = db.Exec(`ROLLBACK`)
	}
	_, err := db.ExecContext(context.Background(), `BEGIN; SELECT set_config('regiepool.audit_purge_before', (now() - interval '2 years')::text, true);
		DELETE FROM audit_event WHERE record_type = 'x' AND at < now() - interval '2 years'; COMMIT`)
	if err != nil {
		t.Fatalf("sanctioned purge: %v", err)
	}
	var n int
	if err := db.Get(&n, `SELECT count(*) FROM audit_event WHERE record_type = 'x'`); err != nil || n != 1 {
		t.Errorf("after the purge %d events (%v), want 1", n, err)
	}
}

// TestRunRetention_Outbox: with a fixed clock and a delete term longer than
// the address bound, a message done with exactly domain.OutboxRetention ago
// loses its recipient and content and stays (kind and times), its twin a
// day younger stays whole, one at the term is deleted, and a pending
// message no longer needed (its account was blocked) is cancelled and
// forgets its content. The worker's hourly StripOutbox is the same strip:
// after the run it finds nothing more.
func TestRunRetention_Outbox(t *testing.T) {
	e := newRetentionEnv(t)
	now := retentionNow()
	policy := domain.DefaultRetention()
	policy["outbox_messages"] = 90
	bound := now.Add(-domain.OutboxRetention)
	blocked := pgtest.MustCreateUser(t, e.db, domain.User{Roles: []domain.Role{domain.RoleCoach}})
	e.exec(t, `UPDATE app_user SET disabled_at = now() WHERE id = $1`, blocked.ID)
	done := func(at time.Time) int64 {
		return e.id(t, `INSERT INTO outbox_message (kind, to_address, subject, body_text, body_html, status, created_at, next_attempt_at, sent_at)
			VALUES ('questionnaire', 'gezin@voorbeeld.nl', 'Vragenlijst', 'tekst', '<p>tekst</p>', 'sent', $1::timestamptz - interval '1 hour', $1, $1)
			RETURNING id`, at)
	}
	atBound, young, atTerm := done(bound), done(bound.AddDate(0, 0, 1)), done(policy.Cutoff("outbox_messages", now))
	stale := e.id(t, `INSERT INTO outbox_message (kind, to_user_id, subject, body_text, body_html, next_attempt_at)
		VALUES ('offer', $1, 'Aanbod', 'tekst', '<p>tekst</p>', now() + interval '1 day') RETURNING id`, blocked.ID)
	const state = `SELECT CASE WHEN to_address IS NULL AND to_user_id IS NULL AND body_text = '' AND body_html = '' AND sent_at IS NOT NULL
			THEN 'stripped' WHEN status = 'cancelled' AND body_text = '' AND body_html = '' THEN 'cancelled' ELSE 'kept' END
		FROM outbox_message WHERE id = $1`

	run, err := e.db.RunRetention(pgtest.SystemCtx(), policy, now, false, false)
	if err != nil {
		t.Fatal(err)
	}
	for id, want := range map[int64]string{atBound: "stripped", young: "kept", atTerm: "gone", stale: "cancelled"} {
		if got := e.state(t, state, id); got != want {
			t.Errorf("message %d: %s, want %s", id, got, want)
		}
	}
	for _, c := range run.Counts {
		if c.Kind == "outbox_messages" && c.Count != 3 {
			t.Errorf("outbox_messages count %d, want 3 (deleted, stripped, cancelled)", c.Count)
		}
	}
	if n, err := e.db.StripOutbox(context.Background(), now); err != nil || n != 0 {
		t.Errorf("the worker's strip after the run: %d, %v; want nothing left to do", n, err)
	}
}

// TestRunRetention_ResetRequests: the requests for reset links (the
// throttle's memory) go once past the throttle's window, whatever the
// term of password_reset_tokens; younger ones stay.
func TestRunRetention_ResetRequests(t *testing.T) {
	e := newRetentionEnv(t)
	now := retentionNow()
	req := func(at time.Time) int64 {
		return e.id(t, `INSERT INTO password_reset_request (email_hash, client_ip, at) VALUES ('\x00', '127.0.0.1', $1) RETURNING id`, at)
	}
	old, young := req(now.Add(-auth.ResetWindow)), req(now.Add(-auth.ResetWindow+time.Minute))
	if _, err := e.db.RunRetention(pgtest.SystemCtx(), domain.DefaultRetention(), now, false, false); err != nil {
		t.Fatal(err)
	}
	const q = `SELECT 'kept' FROM password_reset_request WHERE id = $1`
	if got := e.state(t, q, old); got != "gone" {
		t.Errorf("a request at the window's end: %s, want gone", got)
	}
	if got := e.state(t, q, young); got != "kept" {
		t.Errorf("a request within the window: %s, want kept", got)
	}
}
