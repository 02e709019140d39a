package postgres

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"regiepool/internal/domain"
)

// monitoringCases is the set of cases a monitoring filter covers, each with
// its position in the file study's order (registration, then id): a CTE
// named "fc" with columns id and pos. It appends its parameters to args.
func monitoringCases(f domain.MonitoringFilter, args *[]any) string {
	*args = append(*args, f.From, f.To.AddDate(0, 0, 1))
	where := []string{fmt.Sprintf("c.created_at >= $%d AND c.created_at < $%d", len(*args)-1, len(*args))}
	if f.MunicipalityID != nil {
		*args = append(*args, *f.MunicipalityID)
		where = append(where, fmt.Sprintf("c.municipality_id = $%d", len(*args)))
	}
	if f.PoolRoundID != nil {
		statuses := make([]string, len(domain.EverAdmittedStatuses))
		for i, s := range domain.EverAdmittedStatuses {
			statuses[i] = string(s)
		}
		*args = append(*args, *f.PoolRoundID, pq.StringArray(statuses))
		where = append(where, fmt.Sprintf(`EXISTS (SELECT 1 FROM assignment x JOIN pool_membership m ON m.regisseur_id = x.regisseur_id
			WHERE x.case_id = c.id AND m.round_id = $%d AND m.status = ANY($%d))`, len(*args)-1, len(*args)))
	}
	return `fc AS (SELECT c.id, row_number() OVER (ORDER BY c.created_at, c.id) AS pos FROM complex_case c WHERE ` + joinAnd(where) + `)`
}

// studyCaseRow is a case of the file study as read: no reference, zaak
// URL, zaaknummer or free text is selected.
type studyCaseRow struct {
	ID               int64          `db:"id"`
	Pos              int            `db:"pos"`
	Total            int            `db:"total"`
	MunicipalityName string         `db:"municipality_name"`
	ParentsStruggle  bool           `db:"parents_struggle"`
	SeveralDomains   bool           `db:"several_domains"`
	SeveralProf      bool           `db:"several_professionals"`
	HighRisk         bool           `db:"high_risk"`
	MeetsDefinition  bool           `db:"meets_definition"`
	OutsidePool      *string        `db:"outside_pool"`
	LifeDomains      pq.StringArray `db:"life_domains"`
	SafetyRisk       string         `db:"safety_risk"`
	Urgency          int            `db:"urgency"`
	Status           string         `db:"status"`
	CloseReason      *string        `db:"close_reason"`
	ClosedAt         *time.Time     `db:"closed_at"`
	CreatedAt        time.Time      `db:"created_at"`
	SelfReliance     selfReliance   `db:"self_reliance"`
	Details          closureJSON    `db:"close_details"`
	Changes          fieldChanges   `db:"close_changes"`
}

// FindStudyCases returns page p (nil: every case) of the file study of
// filter f, in its order, and the number of cases f covers: each case with
// what the study shows and the timeline it is computed from, and its
// regisseurs as the numbers of their pseudonyms, counted in order of first
// appearance over all the cases of f (so every page of one filter agrees).
// Monitors and admins (domain.CanSeeMonitoring); the read is audited once,
// with the filter. Errors: forbidden.
//
// The number of statements is fixed, whatever the number of cases: one for
// the cases of the page, one each for their events, assignments and offers
// (all cases of the page at once), at most one count when the page is past
// the end, and the audit row.
func (db *DB) FindStudyCases(ctx context.Context, f domain.MonitoringFilter, p *domain.Page) ([]domain.StudySource, int, error) {
	if !domain.CanSeeMonitoring(domain.ActorFrom(ctx)) {
		return nil, 0, db.deny(ctx, "read", "monitoring_cases", nil, errForbidden())
	}
	var out []domain.StudySource
	var total int
	err := db.Transact(ctx, sql.LevelRepeatableRead, func(tx *Tx) error {
		out, total = nil, 0
		var args []any
		with := `WITH ` + monitoringCases(f, &args)
		limit := "ALL"
		if p != nil {
			limit = fmt.Sprintf("%d OFFSET %d", p.PageSize, p.Offset())
		}
		var rows []studyCaseRow
		q := with + `
			SELECT c.id, fc.pos, count(*) OVER () AS total, mu.name AS municipality_name, c.parents_struggle, c.several_domains,
				c.several_professionals, c.high_risk, c.meets_definition, c.outside_pool, c.life_domains, c.safety_risk, c.urgency,
				c.status, c.close_reason, c.closed_at, c.created_at, c.self_reliance, c.close_details, c.close_changes
			FROM fc JOIN complex_case c ON c.id = fc.id JOIN municipality mu ON mu.id = c.municipality_id
			ORDER BY fc.pos LIMIT ` + limit
		if err := tx.SelectContext(ctx, &rows, q, args...); err != nil {
			return fmt.Errorf("file study cases: %w", err)
		}
		var err error
		total, err = pageTotal(ctx, tx, rows, func(r studyCaseRow) int { return r.Total }, with+` SELECT count(*) FROM fc`, args...)
		if err != nil {
			return err
		}
		if out, err = db.studySources(ctx, tx, rows, with, args); err != nil {
			return err
		}
		return auditDetail(ctx, tx, "read", "monitoring_cases", studyFilterDetail(f))
	})
	if err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// studySources reads the events, assignments and offers of the cases of
// rows (three statements for all of them) and builds their sources.
func (db *DB) studySources(ctx context.Context, tx *Tx, rows []studyCaseRow, with string, args []any) ([]domain.StudySource, error) {
	ids := make([]int64, len(rows))
	byID := make(map[int64]*domain.StudySource, len(rows))
	out := make([]domain.StudySource, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
		out[i] = domain.StudySource{Position: r.Pos, MunicipalityName: r.MunicipalityName, ParentsStruggle: r.ParentsStruggle,
			SeveralDomains: r.SeveralDomains, SeveralProf: r.SeveralProf, HighRisk: r.HighRisk, MeetsDefinition: r.MeetsDefinition,
			OutsidePool: deref(r.OutsidePool), LifeDomains: r.LifeDomains, SafetyRisk: r.SafetyRisk, Urgency: r.Urgency, Status: r.Status,
			CloseReason: deref(r.CloseReason), SelfReliance: r.SelfReliance,
			Timeline: []domain.TimelineEntry{{Kind: domain.TimelineIntake, OccurredOn: day(r.CreatedAt), At: r.CreatedAt}}}
		byID[r.ID] = &out[i]
	}
	if len(rows) == 0 {
		return out, nil
	}
	// Events: kinds, dates, hours, and the details and changes the
	// evaluations' goals and the self-reliance are computed from.
	var events []struct {
		CaseID int64 `db:"case_id"`
		domain.CaseEvent
		Details detailsJSON  `db:"details"`
		Changes fieldChanges `db:"changes"`
	}
	const qe = `SELECT case_id, id, kind, occurred_on, hours, result_area, score, '' AS reason, details, changes, created_at
		FROM case_event WHERE case_id = ANY($1) ORDER BY case_id, occurred_on, id`
	if err := tx.SelectContext(ctx, &events, qe, int64Array(ids)); err != nil {
		return nil, fmt.Errorf("file study events: %w", err)
	}
	for i := range events {
		e := events[i].CaseEvent
		e.Changes = domain.FieldChanges(events[i].Changes)
		var err error
		if e.Details, err = events[i].Details.stepDetails(); err != nil {
			return nil, err
		}
		s := byID[events[i].CaseID]
		s.Timeline = append(s.Timeline, domain.TimelineEntry{Kind: e.Kind, OccurredOn: e.OccurredOn, At: e.CreatedAt, Event: &e})
	}
	// Assignments, each regisseur numbered by their first appearance over
	// every case of the filter (not only the page's).
	var asg []struct {
		CaseID     int64      `db:"case_id"`
		AssignedAt time.Time  `db:"assigned_at"`
		EndedAt    *time.Time `db:"ended_at"`
		EndReason  *string    `db:"end_reason"`
		Pseudonym  int        `db:"pseudonym"`
	}
	qa := with + `, seq AS (SELECT a.id, a.case_id, a.regisseur_id, row_number() OVER (ORDER BY fc.pos, a.assigned_at, a.id) AS n
			FROM assignment a JOIN fc ON fc.id = a.case_id),
		pseud AS (SELECT regisseur_id, row_number() OVER (ORDER BY min(n)) AS pseudonym FROM seq GROUP BY regisseur_id)
		SELECT a.case_id, a.assigned_at, a.ended_at, a.end_reason, pseud.pseudonym
		FROM seq JOIN assignment a ON a.id = seq.id JOIN pseud ON pseud.regisseur_id = seq.regisseur_id
		WHERE seq.case_id = ANY($` + fmt.Sprint(len(args)+1) + `) ORDER BY seq.n`
	if err := tx.SelectContext(ctx, &asg, qa, append(append([]any{}, args...), int64Array(ids))...); err != nil {
		return nil, fmt.Errorf("file study assignments: %w", err)
	}
	for _, x := range asg {
		s := byID[x.CaseID]
		s.Timeline = append(s.Timeline, domain.TimelineEntry{Kind: domain.TimelineAssigned, OccurredOn: day(x.AssignedAt), At: x.AssignedAt})
		if x.EndReason != nil && *x.EndReason == "handover" && x.EndedAt != nil {
			s.Timeline = append(s.Timeline, domain.TimelineEntry{Kind: domain.TimelineHandedOver, OccurredOn: day(*x.EndedAt), At: x.EndedAt.Add(-time.Microsecond)})
		}
		if !slices.Contains(s.Regisseurs, x.Pseudonym) {
			s.Regisseurs = append(s.Regisseurs, x.Pseudonym)
		}
	}
	// Offers: made, and accepted, declined or expired.
	var offers []struct {
		CaseID     int64      `db:"case_id"`
		Status     string     `db:"status"`
		OfferedAt  time.Time  `db:"offered_at"`
		ExpiresAt  time.Time  `db:"expires_at"`
		AnsweredAt *time.Time `db:"answered_at"`
	}
	const qo = `SELECT case_id, status, offered_at, expires_at, answered_at FROM case_offer WHERE case_id = ANY($1) ORDER BY case_id, offered_at, id`
	if err := tx.SelectContext(ctx, &offers, qo, int64Array(ids)); err != nil {
		return nil, fmt.Errorf("file study offers: %w", err)
	}
	for _, o := range offers {
		s := byID[o.CaseID]
		s.Timeline = append(s.Timeline, domain.TimelineEntry{Kind: domain.TimelineOffered, OccurredOn: day(o.OfferedAt), At: o.OfferedAt})
		switch {
		case o.Status == domain.OfferAccepted && o.AnsweredAt != nil:
			s.Timeline = append(s.Timeline, domain.TimelineEntry{Kind: domain.TimelineOfferAccepted, OccurredOn: day(*o.AnsweredAt), At: *o.AnsweredAt})
		case o.Status == domain.OfferDeclined && o.AnsweredAt != nil:
			s.Timeline = append(s.Timeline, domain.TimelineEntry{Kind: domain.TimelineOfferDeclined, OccurredOn: day(*o.AnsweredAt), At: *o.AnsweredAt})
		case o.Status == domain.OfferExpired:
			s.Timeline = append(s.Timeline, domain.TimelineEntry{Kind: domain.TimelineOfferExpired, OccurredOn: day(o.ExpiresAt), At: o.ExpiresAt})
		}
	}
	for i, r := range rows {
		s := &out[i]
		if r.ClosedAt != nil {
			cl, err := r.Details.closure(deref(r.CloseReason))
			if err != nil {
				return nil, err
			}
			s.Timeline = append(s.Timeline, domain.TimelineEntry{Kind: domain.TimelineClosed, OccurredOn: day(*r.ClosedAt), At: *r.ClosedAt,
				CloseReason: deref(r.CloseReason), Closure: cl, Changes: domain.FieldChanges(r.Changes)})
		}
		s.Timeline = domain.ViewTimeline(domain.ActorFrom(ctx), domain.Case{}, s.Timeline)
	}
	return out, nil
}

// studyFilterDetail is filter f as the audit row of a file study keeps it.
func studyFilterDetail(f domain.MonitoringFilter) map[string]any {
	d := map[string]any{"from": f.From.Format(time.DateOnly), "to": f.To.Format(time.DateOnly)}
	if f.MunicipalityID != nil {
		d["municipalityId"] = *f.MunicipalityID
	}
	if f.PoolRoundID != nil {
		d["poolRoundId"] = *f.PoolRoundID
	}
	return d
}

// auditDetail writes an audit row as audit does, with detail: what the
// read covered (dates and ids only).
func auditDetail(ctx context.Context, ex sqlx.ExecerContext, action, recordType string, detail map[string]any) error {
	b, err := json.Marshal(detail)
	if err != nil {
		return fmt.Errorf("audit detail: %w", err)
	}
	a := domain.ActorFrom(ctx)
	var userID, tokenID *int64
	if a.UserID != 0 {
		userID = &a.UserID
	}
	if a.TokenID != 0 {
		tokenID = &a.TokenID
	}
	const q = `INSERT INTO audit_event
		(actor_kind, actor_user_id, actor_token_id, organisation_id, action, record_type, request_id, client_addr, outcome, detail)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`
	if _, err := ex.ExecContext(ctx, q, a.Kind, userID, tokenID, a.OrganisationID, action, recordType, a.RequestID, a.ClientAddr,
		domain.OutcomeAllowed, string(b)); err != nil {
		return fmt.Errorf("audit %s %s: %w", action, recordType, err)
	}
	return nil
}
