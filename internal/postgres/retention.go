package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/lib/pq"

	"regiepool/internal/auth"
	"regiepool/internal/domain"
)

// retentionLockKey is the advisory lock a retention run holds for its
// transaction, so that of several instances only one runs at a time.
const retentionLockKey = 0x5265_7465_6e74 // "Retent"

// retentionStep deletes or strips the records of one kind whose anchor
// lies at or before cutoff, and returns how many it touched.
type retentionStep func(ctx context.Context, tx *Tx, cutoff, now time.Time) (int64, error)

// retentionSteps are the store's steps, one or more per kind of
// domain.RetentionTerms (a kind's count is the sum of its steps), in the
// order they run: the audit trail is purged before the links it may still
// name, and 360 rounds go before their links too.
//
// To add a kind: write its step below as the others are, add one line
// here, and remove the kind from pendingRetentionKinds if it was there.
var retentionSteps = []struct {
	kind domain.RetentionKind
	step retentionStep
}{
	{"sessions", retainSessions},
	{"login_failures", execStep(`DELETE FROM login_failure WHERE at <= $1`)},
	{"idempotency_keys", execStep(`DELETE FROM idempotency_key WHERE created_at <= $1`)},
	{"preselection_reports", execStep(`UPDATE pre_selection SET report = NULL, report_filename = NULL
		WHERE recorded_at <= $1 AND (report IS NOT NULL OR report_filename IS NOT NULL)`)},
	{"rejected_nominees", retainEndedMemberships("rejected", "withdrawn")},
	{"former_members", retainEndedMemberships("left")},
	{"self_assessments", execStep(`DELETE FROM self_assessment WHERE COALESCE(submitted_at, updated_at) <= $1`)},
	{"feedback_comments", execStep(`UPDATE feedback_answer a SET comment = ''
		FROM feedback_response r JOIN feedback_round f ON f.id = r.round_id
		WHERE a.response_id = r.id AND f.status = 'closed' AND f.closed_at <= $1 AND a.comment <> ''`)},
	{"feedback_rounds", retainFeedbackRounds},
	{"reflections", retainReflections},
	{"development_goals", retainGoals},
	{"intervisie_notes", execStep(`UPDATE intervisie_session SET notes = '' WHERE held_on <= $1::date AND notes <> ''`)},
	{"case_logs", retainCaseLogs},
	{"questionnaire_answers", execStep(`UPDATE case_questionnaire_answer SET went_well = '', could_be_better = ''
		WHERE moment_date <= $1::date AND (went_well <> '' OR could_be_better <> '')`)},
	{"disabled_accounts", retainDisabledAccounts},
	// The outbox: a message done with (sent, failed or cancelled) goes at
	// its term; before that, its recipient and content go at the fixed
	// bound domain.OutboxRetention, whatever the term (stripOutbox, which
	// the outbox worker also runs hourly). Deleting first counts a message
	// once.
	{"outbox_messages", execStep(`DELETE FROM outbox_message
		WHERE status <> 'pending' AND COALESCE(sent_at, next_attempt_at) <= $1`)},
	{"outbox_messages", stripOutbox},
	{"password_reset_tokens", retainPasswordResets},
	{"audit_events", purgeAuditEvents},
	{"rater_links", retainSingleUseTokens(purposeRater, purposeVoice)},
}

// pendingRetentionKinds are the kinds of the retention table whose store
// step is not there yet; a run reports them as pending. A test checks that
// every other kind has a step. None today.
var pendingRetentionKinds []domain.RetentionKind

// execStep is a step of one statement with the cutoff as $1.
func execStep(q string) retentionStep {
	return func(ctx context.Context, tx *Tx, cutoff, _ time.Time) (int64, error) {
		res, err := tx.ExecContext(ctx, q, cutoff)
		if err != nil {
			return 0, err
		}
		return res.RowsAffected()
	}
}

// errDryRun rolls a dry run's transaction back after its counts are in.
var errDryRun = errors.New("dry run")

// RunRetention deletes or strips what has passed its term under policy,
// as of now, in one transaction under an advisory lock, and records one
// audit event with the counts per kind. With dryRun it does the same work
// and rolls it back, so the counts are exact and nothing changes (no audit
// event either). With daily (the run inside serve) it skips when a run
// happened in the last 23 hours; a run that finds the lock taken skips
// too. Only the system actor runs it. Errors: forbidden.
func (db *DB) RunRetention(ctx context.Context, policy domain.RetentionPolicy, now time.Time, dryRun, daily bool) (domain.RetentionRun, error) {
	run := domain.RetentionRun{At: now, DryRun: dryRun}
	if domain.ActorFrom(ctx).Kind != domain.ActorSystem {
		return run, db.deny(ctx, "retention", domain.RetentionAuditRecord, nil, errForbidden())
	}
	err := db.Transact(ctx, 0, func(tx *Tx) error {
		run.Counts, run.Skipped = nil, false
		var locked bool
		if err := tx.GetContext(ctx, &locked, `SELECT pg_try_advisory_xact_lock($1)`, retentionLockKey); err != nil {
			return err
		}
		if !locked {
			run.Skipped = true
			return nil
		}
		if daily {
			var recent bool
			const q = `SELECT EXISTS (SELECT 1 FROM audit_event WHERE action = 'retention' AND record_type = $1
				AND at > $2::timestamptz - interval '23 hours')`
			if err := tx.GetContext(ctx, &recent, q, domain.RetentionAuditRecord, now); err != nil {
				return err
			}
			if recent {
				run.Skipped = true
				return nil
			}
		}
		// A run at national size may take longer than a request's statement.
		if _, err := tx.ExecContext(ctx, `SET LOCAL statement_timeout = '15min'`); err != nil {
			return err
		}
		if err := runSteps(ctx, tx, policy, now, &run); err != nil {
			return err
		}
		if dryRun {
			return errDryRun
		}
		detail := map[string]any{}
		for _, c := range run.Counts {
			if !c.Pending {
				detail[string(c.Kind)] = c.Count
			}
		}
		return auditDetail(ctx, tx, "retention", domain.RetentionAuditRecord, detail)
	})
	if err != nil && !errors.Is(err, errDryRun) {
		return run, fmt.Errorf("retention run: %w", err)
	}
	return run, nil
}

func runSteps(ctx context.Context, tx *Tx, policy domain.RetentionPolicy, now time.Time, run *domain.RetentionRun) error {
	steps := map[domain.RetentionKind]retentionStep{}
	for _, s := range retentionSteps {
		steps[s.kind] = s.step
	}
	done := map[domain.RetentionKind]int64{}
	for _, s := range retentionSteps {
		n, err := s.step(ctx, tx, policy.Cutoff(s.kind, now), now)
		if err != nil {
			return fmt.Errorf("%s: %w", s.kind, err)
		}
		done[s.kind] += n
	}
	// Reported in the retention table's order.
	for _, t := range domain.RetentionTerms {
		_, has := steps[t.Kind]
		run.Counts = append(run.Counts, domain.RetentionCount{Kind: t.Kind, Action: t.Action,
			Cutoff: policy.Cutoff(t.Kind, now), Count: done[t.Kind], Pending: !has})
	}
	return nil
}

// retainSessions deletes web sessions past their expiry and API tokens
// past their expiry or revocation.
func retainSessions(ctx context.Context, tx *Tx, cutoff, _ time.Time) (int64, error) {
	var total int64
	for _, q := range []string{
		`DELETE FROM web_session WHERE expires_at <= $1`,
		`DELETE FROM access_token WHERE LEAST(expires_at, COALESCE(revoked_at, expires_at)) <= $1`,
		`DELETE FROM oidc_login WHERE expires_at <= $1`,
	} {
		res, err := tx.ExecContext(ctx, q, cutoff)
		if err != nil {
			return 0, err
		}
		n, _ := res.RowsAffected()
		total += n
	}
	return total, nil
}

// retainSingleUseTokens deletes the single-use tokens of purposes used or
// expired at or before the cutoff, once no audit event names the token as
// its actor and no 360 rater holds it: one step for every kind of link
// that works once, each kind at its own term.
func retainSingleUseTokens(purposes ...string) retentionStep {
	return func(ctx context.Context, tx *Tx, cutoff, _ time.Time) (int64, error) {
		const q = `DELETE FROM single_use_token t
			WHERE t.purpose = ANY ($2) AND LEAST(COALESCE(t.used_at, t.expires_at), t.expires_at) <= $1
			  AND NOT EXISTS (SELECT 1 FROM audit_event e WHERE e.actor_token_id = t.id)
			  AND NOT EXISTS (SELECT 1 FROM feedback_rater r WHERE r.token_id = t.id)`
		res, err := tx.ExecContext(ctx, q, cutoff, pq.Array(purposes))
		if err != nil {
			return 0, err
		}
		return res.RowsAffected()
	}
}

// retainPasswordResets deletes the reset links (single-use tokens of
// purpose password_reset) used or expired at or before the cutoff, and the
// reset requests past the throttle's window (auth.ResetWindow), their only
// purpose, whatever the term.
func retainPasswordResets(ctx context.Context, tx *Tx, cutoff, now time.Time) (int64, error) {
	n, err := retainSingleUseTokens(purposeReset)(ctx, tx, cutoff, now)
	if err != nil {
		return 0, err
	}
	res, err := tx.ExecContext(ctx, `DELETE FROM password_reset_request WHERE at <= $1`, now.Add(-auth.ResetWindow))
	if err != nil {
		return 0, err
	}
	m, _ := res.RowsAffected()
	return n + m, nil
}

// retainEndedMemberships strips memberships that ended (in one of
// statuses) at or before the cutoff: their motivations and override
// reason, their transition reasons, and their pre-selection's free text
// and report. A rejected or withdrawn nominee's pre-selection goes
// entirely, and so does their name when they have no account and nothing
// else in the pool; a former member's pre-selection keeps its outcome and
// competencies for monitoring. The membership rows stay, for the counts.
func retainEndedMemberships(statuses ...string) retentionStep {
	nominee := statuses[0] != "left"
	return func(ctx context.Context, tx *Tx, cutoff, _ time.Time) (int64, error) {
		var ids []int64
		const q = `SELECT m.id FROM pool_membership m
			WHERE m.status = ANY ($1)
			  AND COALESCE((SELECT max(t.at) FROM membership_transition t WHERE t.membership_id = m.id), m.updated_at) <= $2
			  AND (m.motivation <> '' OR m.competency_motivations <> '{}' OR m.contra_override_reason IS NOT NULL
			       OR EXISTS (SELECT 1 FROM membership_transition t WHERE t.membership_id = m.id AND t.reason <> '')
			       OR EXISTS (SELECT 1 FROM pre_selection p WHERE p.membership_id = m.id
			                  AND ($3 OR p.report IS NOT NULL OR p.report_filename IS NOT NULL OR p.pitfalls <> '{}' OR p.attention_points <> '{}')))
			ORDER BY m.id`
		if err := tx.SelectContext(ctx, &ids, q, pq.Array(statuses), cutoff, nominee); err != nil {
			return 0, err
		}
		if len(ids) == 0 {
			return 0, nil
		}
		stmts := []string{
			`UPDATE pool_membership SET motivation = '', competency_motivations = '{}', contra_override_reason = NULL WHERE id = ANY ($1)`,
			`UPDATE membership_transition SET reason = '' WHERE membership_id = ANY ($1) AND reason <> ''`,
		}
		if nominee {
			stmts = append(stmts, `DELETE FROM pre_selection WHERE membership_id = ANY ($1)`)
		} else {
			stmts = append(stmts, `UPDATE pre_selection SET report = NULL, report_filename = NULL, pitfalls = '{}', attention_points = '{}'
				WHERE membership_id = ANY ($1)`)
		}
		for _, s := range stmts {
			if _, err := tx.ExecContext(ctx, s, pq.Array(ids)); err != nil {
				return 0, err
			}
		}
		if nominee {
			// The name goes only when nothing else ties the person to the
			// pool: no account, no other membership, no case.
			const anon = `UPDATE regisseur r SET name = $2
				WHERE r.id IN (SELECT regisseur_id FROM pool_membership WHERE id = ANY ($1)) AND r.user_id IS NULL
				  AND NOT EXISTS (SELECT 1 FROM pool_membership o WHERE o.regisseur_id = r.id AND NOT (o.id = ANY ($1)))
				  AND NOT EXISTS (SELECT 1 FROM assignment a WHERE a.regisseur_id = r.id)`
			if _, err := tx.ExecContext(ctx, anon, pq.Array(ids), domain.RetentionAnonymousName); err != nil {
				return 0, err
			}
		}
		return int64(len(ids)), nil
	}
}

// retainFeedbackRounds deletes 360 rounds closed at or before the cutoff
// (and proposals never approved): answers, responses, raters with their
// drafts, and the round.
func retainFeedbackRounds(ctx context.Context, tx *Tx, cutoff, _ time.Time) (int64, error) {
	var ids []int64
	if err := tx.SelectContext(ctx, &ids, `SELECT id FROM feedback_round
		WHERE (status = 'closed' AND closed_at <= $1) OR (status = 'proposed' AND created_at <= $1)`, cutoff); err != nil {
		return 0, err
	}
	if len(ids) == 0 {
		return 0, nil
	}
	for _, q := range []string{
		`DELETE FROM feedback_response WHERE round_id = ANY ($1)`, // answers cascade
		`DELETE FROM feedback_rater WHERE round_id = ANY ($1)`,    // drafts cascade
		`DELETE FROM feedback_round WHERE id = ANY ($1)`,
	} {
		if _, err := tx.ExecContext(ctx, q, pq.Array(ids)); err != nil {
			return 0, err
		}
	}
	return int64(len(ids)), nil
}

// retainReflections deletes reflections written at or before the cutoff.
// One marked for monitoring keeps its coded fields and short quotes (which
// monitoring shows only from the small-cell threshold on) and loses its
// body, case reference and replies.
func retainReflections(ctx context.Context, tx *Tx, cutoff, _ time.Time) (int64, error) {
	res, err := tx.ExecContext(ctx, `DELETE FROM reflection WHERE written_on <= $1::date AND NOT share_with_monitoring`, cutoff)
	if err != nil {
		return 0, err
	}
	deleted, _ := res.RowsAffected()
	var ids []int64
	if err := tx.SelectContext(ctx, &ids, `UPDATE reflection SET body = $2, case_reference = NULL
		WHERE written_on <= $1::date AND share_with_monitoring AND (body <> $2 OR case_reference IS NOT NULL) RETURNING id`,
		cutoff, domain.RetentionPlaceholder); err != nil {
		return 0, err
	}
	if len(ids) > 0 {
		if _, err := tx.ExecContext(ctx, `DELETE FROM reflection_reply WHERE reflection_id = ANY ($1)`, pq.Array(ids)); err != nil {
			return 0, err
		}
	}
	return deleted + int64(len(ids)), nil
}

// retainGoals strips finished goals last changed at or before the cutoff
// of their description, actions and status notes.
func retainGoals(ctx context.Context, tx *Tx, cutoff, _ time.Time) (int64, error) {
	var ids []int64
	if err := tx.SelectContext(ctx, &ids, `UPDATE development_goal SET description = $2, actions = '{}'
		WHERE status IN ('achieved', 'dropped') AND updated_at <= $1 AND (description <> $2 OR actions <> '{}') RETURNING id`,
		cutoff, domain.RetentionPlaceholder); err != nil {
		return 0, err
	}
	if len(ids) > 0 {
		if _, err := tx.ExecContext(ctx, `UPDATE goal_status_change SET note = '' WHERE goal_id = ANY ($1) AND note <> ''`, pq.Array(ids)); err != nil {
			return 0, err
		}
	}
	return int64(len(ids)), nil
}

// retainCaseLogs strips cases closed at or before the cutoff: the link to
// the municipality's file, and every free text of the case, its log
// (corrections, step and closure details: domain.FreeTextKeys), its
// assignments and its offers. A text the schema requires becomes
// domain.RetentionPlaceholder. The reference, dates, codes, hours, scores
// and self-reliance stay, so monitoring counts what it counted.
func retainCaseLogs(ctx context.Context, tx *Tx, cutoff, now time.Time) (int64, error) {
	var ids []int64
	keys := pq.Array(domain.FreeTextKeys)
	if err := tx.SelectContext(ctx, &ids, `UPDATE complex_case SET stripped_at = $2, zaak_url = NULL, zaak_identificatie = NULL,
			bronorganisatie = NULL,
			definition_reason = CASE WHEN btrim(definition_reason) = '' THEN '' ELSE $3 END,
			outside_reason = CASE WHEN btrim(outside_reason) = '' THEN '' ELSE $3 END,
			close_details = jsonb_blank_keys(close_details, $4)
		WHERE status = 'closed' AND closed_at <= $1 AND stripped_at IS NULL RETURNING id`,
		cutoff, now, domain.RetentionPlaceholder, keys); err != nil {
		return 0, err
	}
	if len(ids) == 0 {
		return 0, nil
	}
	for _, st := range []struct {
		q    string
		args []any
	}{
		{`UPDATE case_event SET reason = CASE WHEN reason IS NULL THEN NULL ELSE $2 END, details = jsonb_blank_keys(details, $3)
		  WHERE case_id = ANY ($1)`, []any{pq.Array(ids), domain.RetentionPlaceholder, keys}},
		{`UPDATE assignment SET handover_reason = '', override_reason = CASE WHEN override_reason IS NULL THEN NULL ELSE $2 END
		  WHERE case_id = ANY ($1)`, []any{pq.Array(ids), domain.RetentionPlaceholder}},
		{`UPDATE case_offer SET decline_reason = CASE WHEN decline_reason = '' THEN '' ELSE $2 END WHERE case_id = ANY ($1)`,
			[]any{pq.Array(ids), domain.RetentionPlaceholder}},
	} {
		if _, err := tx.ExecContext(ctx, st.q, st.args...); err != nil {
			return 0, err
		}
	}
	return int64(len(ids)), nil
}

// purgeAuditEvents deletes audit events at or before the cutoff through
// the trail's one sanctioned purge (migration 00024): the setting below
// holds for this transaction only, and the trigger refuses it for any
// moment less than a year back.
func purgeAuditEvents(ctx context.Context, tx *Tx, cutoff, _ time.Time) (int64, error) {
	if _, err := tx.ExecContext(ctx, `SELECT set_config('regiepool.audit_purge_before', $1, true)`,
		cutoff.UTC().Format(time.RFC3339Nano)); err != nil {
		return 0, err
	}
	res, err := tx.ExecContext(ctx, `DELETE FROM audit_event WHERE at <= $1`, cutoff)
	if err != nil {
		return 0, err
	}
	n, _ := res.RowsAffected()
	if _, err := tx.ExecContext(ctx, `SELECT set_config('regiepool.audit_purge_before', '', true)`); err != nil {
		return 0, err
	}
	return n, nil
}

// retainDisabledAccounts strips accounts blocked at or before the cutoff:
// the name becomes domain.RetentionAnonymousName, the e-mail address a
// unique placeholder that can receive nothing (.invalid, RFC 2606), and
// the password and linked identity go. Sessions and tokens ended at the
// block. The row and its roles stay: the audit trail and records refer to it.
func retainDisabledAccounts(ctx context.Context, tx *Tx, cutoff, _ time.Time) (int64, error) {
	res, err := tx.ExecContext(ctx, `UPDATE app_user SET name = $2, email = 'geanonimiseerd-' || id || '@regiepool.invalid',
			password_hash = NULL, oidc_issuer = NULL, oidc_subject = NULL
		WHERE disabled_at <= $1 AND email <> 'geanonimiseerd-' || id || '@regiepool.invalid'`, cutoff, domain.RetentionAnonymousName)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
