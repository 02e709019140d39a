package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/lib/pq"

	"regiepool/internal/domain"
)

// lockCase locks a case in the actor's scope for a change. Errors: not_found.
func lockCase(ctx context.Context, tx *Tx, caseID int64) (domain.Case, error) {
	a := domain.ActorFrom(ctx)
	args := []any{caseID}
	var id int64
	q := `SELECT c.id FROM complex_case c WHERE c.id = $1 AND (` + caseScope(a, &args) + `) FOR UPDATE OF c`
	if err := tx.GetContext(ctx, &id, q, args...); err != nil {
		return domain.Case{}, translate(err, "De casus")
	}
	var r caseRow
	if err := tx.GetContext(ctx, &r, `SELECT *, 0 AS total FROM (`+caseSelect+` WHERE c.id = $1) x`, caseID); err != nil {
		return domain.Case{}, err
	}
	return r.toDomain(), nil
}

// reserve checks, under a lock on the regisseur's membership row, that they
// can take the case now: active, not paused or on leave at its start,
// independent of the family's care, with a free case slot and enough weekly
// hours. Concurrent reservations for one regisseur queue on that lock, so
// capacity can never be exceeded. Errors: conflict with the reason.
func reserve(ctx context.Context, tx *Tx, c domain.Case, regisseurID int64) error {
	var m struct {
		ID           int64      `db:"id"`
		Status       string     `db:"status"`
		MaxCases     int        `db:"max_cases"`
		HoursPerWeek float64    `db:"hours_per_week"`
		PausedUntil  *time.Time `db:"paused_until"`
		Organisation int64      `db:"organisation_id"`
	}
	// Only members the actor may see (for dispatchers: members taking cases
	// in one of their municipalities) can be given a case.
	args := []any{regisseurID}
	qm := `SELECT m.id, m.status, m.max_cases, m.hours_per_week, m.paused_until, m.organisation_id FROM pool_membership m
		WHERE m.regisseur_id = $1 AND m.status IN ('admitted', 'active', 'paused') AND (` + membershipScope(domain.ActorFrom(ctx), &args) + `)
		ORDER BY m.created_at DESC LIMIT 1 FOR UPDATE OF m`
	if err := tx.GetContext(ctx, &m, qm, args...); err != nil {
		if err == sql.ErrNoRows {
			return domain.Errorf(domain.EConflict, "not_in_pool", "Deze regisseur is geen actief lid van de pool.")
		}
		return err
	}
	if m.Status != string(domain.MemberActive) {
		return domain.Errorf(domain.EConflict, "not_active", "Deze regisseur is niet actief (%s).", strings.ToLower(domain.MembershipLabels[domain.MembershipStatus(m.Status)]))
	}
	var onLeave bool
	if err := tx.GetContext(ctx, &onLeave, `SELECT EXISTS (SELECT 1 FROM unavailability WHERE membership_id = $1 AND $2::date BETWEEN starts_on AND ends_on)`, m.ID, c.StartsOn); err != nil {
		return err
	}
	if onLeave {
		return domain.Errorf(domain.EConflict, "on_leave", "Deze regisseur is afwezig bij de start van de casus.")
	}
	if containsID(c.InvolvedOrganisationIDs, m.Organisation) {
		return domain.Errorf(domain.EConflict, "not_independent", "Deze regisseur werkt voor een organisatie die al betrokken is bij het gezin (regie onafhankelijk).")
	}
	var load struct {
		Cases int     `db:"cases"`
		Hours float64 `db:"hours"`
	}
	// The slots held: active cases and live offers (held_slot), except
	// this case's own offer when it is being accepted.
	const ql = `SELECT count(*) AS cases, COALESCE(sum(c.arrangement_hours / c.expected_weeks), 0) AS hours
		FROM held_slot a JOIN complex_case c ON c.id = a.case_id WHERE a.regisseur_id = $1 AND a.case_id <> $2`
	if err := tx.GetContext(ctx, &load, ql, regisseurID, c.ID); err != nil {
		return err
	}
	if load.Cases >= m.MaxCases {
		return domain.Errorf(domain.EConflict, "no_capacity", "Deze regisseur heeft geen ruimte meer: %d van %d casussen.", load.Cases, m.MaxCases)
	}
	if load.Hours+c.WeeklyHours() > m.HoursPerWeek+1e-9 {
		return domain.Errorf(domain.EConflict, "no_hours", "Deze regisseur heeft te weinig uren: nog %.1f uur per week vrij, de casus vraagt %.1f.",
			m.HoursPerWeek-load.Hours, c.WeeklyHours())
	}
	return nil
}

// Assign gives a waiting case to a regisseur with room for it. Dispatchers
// (of the case's municipality) and admins. Errors: not_found, forbidden,
// conflict (the case has a regisseur or a live offer, or the regisseur has
// no room).
func (db *DB) Assign(ctx context.Context, caseID, regisseurID int64) (domain.Case, error) {
	return db.AssignOverride(ctx, caseID, regisseurID, domain.Override{})
}

// reserveWaiting locks a waiting case that no live offer holds (offer.go)
// and then the regisseur's membership, and checks under those locks that
// the regisseur can take it (reserve): the one path by which assignments
// and offers claim a slot, so together they never overbook.
func reserveWaiting(ctx context.Context, tx *Tx, caseID, regisseurID int64) error {
	c, err := lockCase(ctx, tx, caseID)
	if err != nil {
		return err
	}
	if c.Status != domain.CaseWaiting {
		return domain.Errorf(domain.EConflict, "case_taken", "Deze casus wacht niet op een regisseur (%s).", strings.ToLower(domain.CaseStatusLabels[c.Status]))
	}
	if err := checkNotOffered(ctx, tx, caseID); err != nil {
		return err
	}
	return reserve(ctx, tx, c, regisseurID)
}

// AssignOverride is Assign of a candidate the ranking excludes, with the
// dispatcher's reason and the codes of the exclusions overridden
// (domain.CheckOverride), kept on the assignment: the case timeline shows
// them and monitoring counts them (CountOverrides). The audit row's action
// is "override" then. Capacity is checked under the same locks as Assign:
// no override passes a full slot or hours. An empty Override is Assign.
func (db *DB) AssignOverride(ctx context.Context, caseID, regisseurID int64, o domain.Override) (domain.Case, error) {
	a := domain.ActorFrom(ctx)
	if !domain.CanDispatchCases(a) {
		return domain.Case{}, db.deny(ctx, "assign", "case", &caseID, errForbidden())
	}
	var out domain.Case
	err := db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		if err := reserveWaiting(ctx, tx, caseID, regisseurID); err != nil {
			return err
		}
		var id int64
		const q = `INSERT INTO assignment (case_id, regisseur_id, assigned_by, override_reason, overridden) VALUES ($1, $2, $3, $4, $5) RETURNING id`
		if err := tx.GetContext(ctx, &id, q, caseID, regisseurID, nullID(a.UserID), nullText(o.Reason), pq.StringArray(nonNilCodes(o.Codes))); err != nil {
			return translate(err, "Een toewijzing voor deze casus")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE complex_case SET status = $2 WHERE id = $1`, caseID, domain.CaseAssigned); err != nil {
			return err
		}
		action := "create"
		if len(o.Codes) > 0 {
			action = "override"
		}
		if err := audit(ctx, tx, action, "assignment", &id, domain.OutcomeAllowed); err != nil {
			return err
		}
		var err error
		out, err = findCase(ctx, tx, caseID)
		return err
	})
	if err != nil {
		return domain.Case{}, wrap(err, "assign case %d to regisseur %d", caseID, regisseurID)
	}
	return out, nil
}

// Handover moves an assigned case to another regisseur with a reason; the
// handover is counted. Errors: not_found, invalid, conflict.
func (db *DB) Handover(ctx context.Context, caseID, regisseurID int64, reason string) (domain.Case, error) {
	a := domain.ActorFrom(ctx)
	if !domain.CanDispatchCases(a) {
		return domain.Case{}, db.deny(ctx, "handover", "case", &caseID, errForbidden())
	}
	reason = strings.TrimSpace(reason)
	if reason == "" || len(reason) > 2000 {
		return domain.Case{}, domain.Invalid(domain.FieldError{Name: "reason", Code: "required", Reason: "Geef de reden van de overdracht (hoogstens 2000 tekens)."})
	}
	var out domain.Case
	err := db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		c, err := lockCase(ctx, tx, caseID)
		if err != nil {
			return err
		}
		if c.Status != domain.CaseAssigned || c.RegisseurID == nil {
			return domain.Errorf(domain.EConflict, "not_assigned", "Alleen een toegewezen casus kan worden overgedragen.")
		}
		if *c.RegisseurID == regisseurID {
			return domain.Errorf(domain.EConflict, "same_regisseur", "Deze regisseur voert de regie al.")
		}
		if err := reserve(ctx, tx, c, regisseurID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE assignment SET ended_at = now(), end_reason = 'handover', handover_reason = $2 WHERE case_id = $1 AND ended_at IS NULL`,
			caseID, reason); err != nil {
			return err
		}
		var id int64
		if err := tx.GetContext(ctx, &id, `INSERT INTO assignment (case_id, regisseur_id, assigned_by) VALUES ($1, $2, $3) RETURNING id`,
			caseID, regisseurID, nullID(a.UserID)); err != nil {
			return translate(err, "De overdracht")
		}
		if err := audit(ctx, tx, "handover", "case", &caseID, domain.OutcomeAllowed); err != nil {
			return err
		}
		out, err = findCase(ctx, tx, caseID)
		return err
	})
	if err != nil {
		return domain.Case{}, wrap(err, "hand over case %d", caseID)
	}
	return out, nil
}

// CloseCase ends regie with a reason only, as cases were closed before
// the closure's details existed (tests and imports); the API and the pages
// close with CloseCaseWith. Closing releases the regisseur's capacity at
// once, also the slot of an open offer (withdrawn).
func (db *DB) CloseCase(ctx context.Context, caseID int64, reason string) (domain.Case, error) {
	return db.closeCase(ctx, caseID, domain.Closure{Reason: reason}, false)
}

// CloseCaseWith ends regie with a complete closure (domain.Closure.Validate
// with complete): the reason, the end conversation, the final check and the
// self-reliance at close, which updates the case's with what changed kept,
// old → new. The regisseur's capacity is released at once. Errors:
// not_found, forbidden, invalid, conflict (already closed).
func (db *DB) CloseCaseWith(ctx context.Context, caseID int64, cl domain.Closure) (domain.Case, error) {
	return db.closeCase(ctx, caseID, cl, true)
}

func (db *DB) closeCase(ctx context.Context, caseID int64, cl domain.Closure, complete bool) (domain.Case, error) {
	a := domain.ActorFrom(ctx)
	if !domain.CanDispatchCases(a) {
		return domain.Case{}, db.deny(ctx, "close", "case", &caseID, errForbidden())
	}
	var out domain.Case
	err := db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		c, err := lockCase(ctx, tx, caseID)
		if err != nil {
			return err
		}
		if c.Status == domain.CaseClosed {
			return domain.Errorf(domain.EConflict, "closed", "Deze casus is al afgesloten.")
		}
		if err := cl.Validate(time.Now(), complete); err != nil {
			return err
		}
		if err := checkOrganisations(ctx, tx, cl.OrganisationRefs(), "endConversation.organisationIds"); err != nil {
			return err
		}
		details, changes, err := closureValues(c, cl)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE assignment SET ended_at = now(), end_reason = 'closed' WHERE case_id = $1 AND ended_at IS NULL`, caseID); err != nil {
			return err
		}
		if err := withdrawOffers(ctx, tx, caseID); err != nil {
			return err
		}
		const q = `UPDATE complex_case SET status = $3, close_reason = $2, closed_at = now(), closed_by = $4, close_details = $5::jsonb,
			close_changes = $6::jsonb, self_reliance = COALESCE($7::jsonb, self_reliance) WHERE id = $1`
		if _, err := tx.ExecContext(ctx, q, caseID, cl.Reason, domain.CaseClosed, nullID(a.UserID), details, changes, selfRelianceUpdate(c, cl.SelfReliance)); err != nil {
			return translate(err, "De casus")
		}
		if err := audit(ctx, tx, "close", "case", &caseID, domain.OutcomeAllowed); err != nil {
			return err
		}
		out, err = findCase(ctx, tx, caseID)
		return err
	})
	if err != nil {
		return domain.Case{}, wrap(err, "close case %d", caseID)
	}
	return out, nil
}

// AddCaseEvent records an event of the case log as Record does, but takes
// a plan without details as plans were logged before they existed (tests
// and imports); the API and the pages record with RecordCaseEvent.
func (db *DB) AddCaseEvent(ctx context.Context, caseID int64, e *domain.CaseEvent) error {
	return db.addCaseEvent(ctx, caseID, e, false)
}

// RecordCaseEvent records an event of the case log (domain.CheckCaseLog):
// on an open case by its dispatchers, admins or its current regisseur; a
// correction by an admin, also on a closed case. A new plan carries its
// details (domain.CaseEvent.ValidateNew). An evaluation that measures the
// family's self-reliance updates the case's and keeps what changed, old →
// new, on the event. The case row is locked, so a close or handover cannot
// slip in between the check and the insert. Errors: not_found, forbidden,
// conflict (closed), invalid.
func (db *DB) RecordCaseEvent(ctx context.Context, caseID int64, e *domain.CaseEvent) error {
	return db.addCaseEvent(ctx, caseID, e, true)
}

func (db *DB) addCaseEvent(ctx context.Context, caseID int64, e *domain.CaseEvent, isNew bool) error {
	a := domain.ActorFrom(ctx)
	err := db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		c, err := lockCase(ctx, tx, caseID)
		if err != nil {
			return err
		}
		if err := domain.CheckCaseLog(a, c, e.Kind); err != nil {
			return err
		}
		validate := e.Validate
		if isNew {
			validate = e.ValidateNew
		}
		if err := validate(time.Now()); err != nil {
			return err
		}
		e.Normalize()
		if err := checkStepOrganisations(ctx, tx, e.Details); err != nil {
			return err
		}
		details, err := stepDetailsValue(e.Details)
		if err != nil {
			return err
		}
		e.Changes = nil
		var measured map[string]int
		if e.Kind == domain.EventEvaluation && e.Details != nil {
			measured = e.Details.SelfReliance
		}
		next := selfRelianceUpdate(c, measured)
		if next != nil {
			_, e.Changes = domain.Reassessment{SelfReliance: domain.SelfRelianceUpdate(c.SelfReliance, measured)}.Apply(c)
			if _, err := tx.ExecContext(ctx, `UPDATE complex_case SET self_reliance = $2::jsonb WHERE id = $1`, caseID, next); err != nil {
				return translate(err, "De casus")
			}
		}
		changes, err := fieldChangesJSON(e.Changes)
		if err != nil {
			return err
		}
		const q = `INSERT INTO case_event (case_id, kind, occurred_on, hours, result_area, score, reason, details, changes, recorded_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10) RETURNING id, created_at`
		if err := tx.QueryRowxContext(ctx, q, caseID, e.Kind, e.OccurredOn, e.Hours, e.ResultArea, e.Score, nullText(e.Reason), details, changes, nullID(a.UserID)).
			Scan(&e.ID, &e.CreatedAt); err != nil {
			return translate(err, "De gebeurtenis")
		}
		return audit(ctx, tx, "create", "case_event", &e.ID, domain.OutcomeAllowed)
	})
	if domain.ErrorCode(err) == domain.EForbidden {
		return db.deny(ctx, "create", "case_event", nil, err)
	}
	return wrap(err, "add event to case %d", caseID)
}

type eventRow struct {
	domain.CaseEvent
	Details detailsJSON `db:"details"`
	Total   int         `db:"total"`
}

// FindCaseEvents returns page p of a case's log, oldest first, and the
// number of events. Errors: not_found.
func (db *DB) FindCaseEvents(ctx context.Context, caseID int64, p domain.Page) ([]domain.CaseEvent, int, error) {
	a := domain.ActorFrom(ctx)
	args := []any{caseID}
	var ok bool
	if err := db.GetContext(ctx, &ok, `SELECT EXISTS (SELECT 1 FROM complex_case c WHERE c.id = $1 AND (`+caseScope(a, &args)+`))`, args...); err != nil {
		return nil, 0, fmt.Errorf("case events: %w", err)
	}
	if !ok {
		return nil, 0, errNotFound("De casus")
	}
	var rows []eventRow
	const q = `SELECT id, kind, occurred_on, hours, result_area, score, COALESCE(reason, '') AS reason, details, created_at, COUNT(*) OVER() AS total
		FROM case_event WHERE case_id = $1 ORDER BY occurred_on, id LIMIT $2 OFFSET $3`
	if err := db.SelectContext(ctx, &rows, q, caseID, p.PageSize, p.Offset()); err != nil {
		return nil, 0, fmt.Errorf("case events of %d: %w", caseID, err)
	}
	total, err := pageTotal(ctx, db, rows, func(r eventRow) int { return r.Total }, `SELECT count(*) FROM case_event WHERE case_id = $1`, caseID)
	out := make([]domain.CaseEvent, len(rows))
	for i, r := range rows {
		out[i] = r.CaseEvent
		if err == nil {
			out[i].Details, err = r.Details.stepDetails()
		}
	}
	return out, total, wrap(err, "case events of %d", caseID)
}
