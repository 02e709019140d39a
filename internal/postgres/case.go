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

// caseScope turns the actor's case scope (domain.CaseScopeOf) into a
// condition on complex_case c.
func caseScope(a *domain.Actor, args *[]any) string {
	return scopeCondition(domain.CaseScopeOf(a), args, "EXISTS (SELECT 1 FROM assignment x WHERE x.case_id = c.id AND x.regisseur_id = $%d)")
}

// scopeCondition turns a case scope into a condition on complex_case c: a
// dispatcher's municipalities, and the regisseur's own records by
// regisseurCond (a condition with one %d for the regisseur's parameter).
func scopeCondition(scope domain.CaseScope, args *[]any, regisseurCond string) string {
	if scope.All {
		return "TRUE"
	}
	var conds []string
	if scope.ByMunicipality {
		*args = append(*args, int64Array(scope.MunicipalityIDs))
		conds = append(conds, fmt.Sprintf("c.municipality_id = ANY($%d)", len(*args)))
	}
	if scope.RegisseurID != nil {
		*args = append(*args, *scope.RegisseurID)
		conds = append(conds, fmt.Sprintf(regisseurCond, len(*args)))
	}
	if len(conds) == 0 {
		return "FALSE"
	}
	return strings.Join(conds, " OR ")
}

type caseRow struct {
	ID                   int64          `db:"id"`
	Reference            string         `db:"reference"`
	ZaakURL              *string        `db:"zaak_url"`
	ZaakIdentificatie    *string        `db:"zaak_identificatie"`
	Bronorganisatie      *string        `db:"bronorganisatie"`
	MunicipalityID       int64          `db:"municipality_id"`
	MunicipalityName     string         `db:"municipality_name"`
	ParentsStruggle      bool           `db:"parents_struggle"`
	SeveralDomains       bool           `db:"several_domains"`
	SeveralProfessionals bool           `db:"several_professionals"`
	HighRisk             bool           `db:"high_risk"`
	MeetsDefinition      bool           `db:"meets_definition"`
	DefinitionReason     string         `db:"definition_reason"`
	LifeDomains          pq.StringArray `db:"life_domains"`
	SafetyRisk           string         `db:"safety_risk"`
	Urgency              int            `db:"urgency"`
	ArrangementHours     float64        `db:"arrangement_hours"`
	ExpectedWeeks        int            `db:"expected_weeks"`
	LeansOn              pq.StringArray `db:"leans_on"`
	EarlierCaseID        *int64         `db:"earlier_case_id"`
	OutsidePool          *string        `db:"outside_pool"`
	OutsideReason        string         `db:"outside_reason"`
	Status               string         `db:"status"`
	StartsOn             time.Time      `db:"starts_on"`
	CloseReason          *string        `db:"close_reason"`
	ClosedAt             *time.Time     `db:"closed_at"`
	CreatedAt            time.Time      `db:"created_at"`
	Organisations        pq.Int64Array  `db:"organisations"`
	RegisseurID          *int64         `db:"regisseur_id"`
	RegisseurName        *string        `db:"regisseur_name"`
	Handovers            int            `db:"handovers"`
	HoursSpent           float64        `db:"hours_spent"`
	SelfReliance         selfReliance   `db:"self_reliance"`
	caseOfferCols
	CloseDetails closureJSON `db:"close_details"`
	Total        int         `db:"total"`
}

// caseSelect reads cases with their regisseur: the active assignment's, or
// for a closed case the one whose assignment the close ended (at most one
// per case), so a closed case keeps its last regisseur.
const caseSelect = `SELECT c.id, c.reference, c.zaak_url, c.zaak_identificatie, c.bronorganisatie, c.municipality_id, mu.name AS municipality_name,
	c.parents_struggle, c.several_domains, c.several_professionals, c.high_risk, c.meets_definition, c.definition_reason,
	c.life_domains, c.safety_risk, c.urgency, c.arrangement_hours, c.expected_weeks, c.leans_on, c.earlier_case_id,
	c.outside_pool, c.outside_reason, c.status, c.starts_on, c.close_reason, c.closed_at, c.created_at, c.self_reliance, c.close_details,
	COALESCE((SELECT array_agg(organisation_id ORDER BY organisation_id) FROM case_organisation WHERE case_id = c.id), '{}') AS organisations,
	a.regisseur_id, r.name AS regisseur_name,
	(SELECT count(*) FROM assignment h WHERE h.case_id = c.id AND h.end_reason = 'handover') AS handovers,
	(SELECT COALESCE(sum(e.hours), 0) FROM case_event e WHERE e.case_id = c.id AND e.kind = 'hours') AS hours_spent,
	` + caseOfferSelect + `
	FROM complex_case c
	JOIN municipality mu ON mu.id = c.municipality_id
	LEFT JOIN assignment a ON a.case_id = c.id AND (a.ended_at IS NULL OR (c.status = 'closed' AND a.end_reason = 'closed'))
	LEFT JOIN regisseur r ON r.id = a.regisseur_id
	` + caseOfferJoin

func (r caseRow) toDomain() domain.Case {
	return domain.Case{ID: r.ID, Reference: r.Reference, ZaakURL: deref(r.ZaakURL), ZaakIdentificatie: deref(r.ZaakIdentificatie),
		Bronorganisatie: deref(r.Bronorganisatie), MunicipalityID: r.MunicipalityID, MunicipalityName: r.MunicipalityName, ParentsStruggle: r.ParentsStruggle,
		SeveralDomains: r.SeveralDomains, SeveralProfessionals: r.SeveralProfessionals, HighRisk: r.HighRisk,
		MeetsDefinition: r.MeetsDefinition, DefinitionReason: r.DefinitionReason, LifeDomains: r.LifeDomains, SafetyRisk: r.SafetyRisk,
		Urgency: r.Urgency, ArrangementHours: r.ArrangementHours, ExpectedWeeks: r.ExpectedWeeks, LeansOn: r.LeansOn,
		EarlierCaseID: r.EarlierCaseID, InvolvedOrganisationIDs: r.Organisations, OutsidePool: deref(r.OutsidePool),
		OutsideReason: r.OutsideReason, Status: r.Status, StartsOn: r.StartsOn, CloseReason: deref(r.CloseReason),
		ClosedAt: r.ClosedAt, CreatedAt: r.CreatedAt, RegisseurID: r.RegisseurID, RegisseurName: deref(r.RegisseurName), Handovers: r.Handovers,
		HoursSpent: r.HoursSpent, SelfReliance: r.SelfReliance, Closure: r.closure(),
		Offer: r.caseOfferCols.offer(r.ID), Returned: r.caseOfferCols.returned()}
}

// closure is the case's closure; stored details were checked on the way in
// (domain.Closure.Validate), so one that does not decode is left out
// rather than failing the read of the case.
func (r caseRow) closure() *domain.Closure {
	cl, err := r.CloseDetails.closure(deref(r.CloseReason))
	if err != nil {
		return nil
	}
	return cl
}

func nullText(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// CreateCase registers a case in one of the dispatcher's municipalities.
// Errors: forbidden, invalid, conflict (reference exists in the municipality).
func (db *DB) CreateCase(ctx context.Context, c *domain.Case) error {
	a := domain.ActorFrom(ctx)
	if !domain.CanDispatchCases(a) {
		return db.deny(ctx, "create", "case", nil, errForbidden())
	}
	c.ApplyDefaults(time.Now())
	if err := c.Validate(); err != nil {
		return err
	}
	if !domain.CanDispatchIn(a, c.MunicipalityID) {
		return domain.Invalid(domain.FieldError{Name: "municipalityId", Code: "scope", Reason: "U verdeelt geen casussen voor deze gemeente."})
	}
	err := db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		keys, err := competencyKeys(ctx, tx)
		if err != nil {
			return err
		}
		for _, k := range c.LeansOn {
			if !keys[k] {
				return domain.Invalid(domain.FieldError{Name: "leansOn", Code: "unknown", Reason: "Onbekende competentie: " + k + "."})
			}
		}
		status := domain.CaseWaiting
		if c.OutsidePool != "" {
			status = domain.CaseOutside
		}
		const q = `INSERT INTO complex_case (reference, zaak_url, zaak_identificatie, bronorganisatie, municipality_id,
				parents_struggle, several_domains, several_professionals, high_risk, definition_reason, life_domains, safety_risk,
				urgency, arrangement_hours, expected_weeks, leans_on, earlier_case_id, outside_pool, outside_reason, status, starts_on, created_by,
				self_reliance)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23::jsonb)
			RETURNING id, meets_definition, status, created_at`
		if err := tx.QueryRowxContext(ctx, q, c.Reference, nullText(c.ZaakURL), nullText(c.ZaakIdentificatie), nullText(c.Bronorganisatie),
			c.MunicipalityID, c.ParentsStruggle, c.SeveralDomains, c.SeveralProfessionals, c.HighRisk, c.DefinitionReason,
			pq.Array(nonEmpty(c.LifeDomains)), c.SafetyRisk, c.Urgency, c.ArrangementHours, c.ExpectedWeeks, pq.Array(nonEmpty(c.LeansOn)),
			c.EarlierCaseID, nullText(c.OutsidePool), c.OutsideReason, status, c.StartsOn, nullID(a.UserID),
			selfRelianceJSON(c.SelfReliance)).
			Scan(&c.ID, &c.MeetsDefinition, &c.Status, &c.CreatedAt); err != nil {
			return translate(err, "Een casus met dit zaaknummer in deze gemeente")
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO case_organisation (case_id, organisation_id) SELECT $1, unnest($2::bigint[]) ON CONFLICT DO NOTHING`,
			c.ID, int64Array(c.InvolvedOrganisationIDs)); err != nil {
			return translate(err, "De betrokken organisatie")
		}
		if err := audit(ctx, tx, "create", "case", &c.ID, domain.OutcomeAllowed); err != nil {
			return err
		}
		stored, err := findCase(ctx, tx, c.ID)
		*c = stored
		return err
	})
	return wrap(err, "create case")
}

func containsID(ids []int64, id int64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// FindCases returns one page of the cases in scope: waiting cases whose
// offer was declined or expired first, then the most urgent and oldest. The
// read is audited.
func (db *DB) FindCases(ctx context.Context, f domain.CaseFilter, p domain.Page) ([]domain.Case, int, error) {
	a := domain.ActorFrom(ctx)
	args := []any{}
	where := []string{caseScope(a, &args)}
	if f.Status != nil {
		args = append(args, *f.Status)
		where = append(where, fmt.Sprintf("c.status = $%d", len(args)))
	}
	cond := joinAnd(where)
	var out []domain.Case
	var total int
	err := db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		// A case whose offer was declined or expired is back on top.
		q := caseSelect + ` WHERE ` + cond + fmt.Sprintf(` ORDER BY `+caseReturned+` DESC, c.urgency DESC, c.created_at, c.id LIMIT $%d OFFSET $%d`, len(args)+1, len(args)+2)
		q = `SELECT *, COUNT(*) OVER() AS total FROM (` + q + `) x`
		var rows []caseRow
		if err := tx.SelectContext(ctx, &rows, q, append(args, p.PageSize, p.Offset())...); err != nil {
			return err
		}
		var err error
		total, err = pageTotal(ctx, tx, rows, func(r caseRow) int { return r.Total }, `SELECT count(*) FROM complex_case c WHERE `+cond, args...)
		if err != nil {
			return err
		}
		for _, r := range rows {
			out = append(out, r.toDomain())
		}
		return audit(ctx, tx, "read", "case_list", nil, domain.OutcomeAllowed)
	})
	return out, total, wrap(err, "find cases")
}

// FindCaseByID returns a case in scope; the read is audited. Errors:
// not_found.
func (db *DB) FindCaseByID(ctx context.Context, id int64) (domain.Case, error) {
	var out domain.Case
	err := db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		var err error
		out, err = findCase(ctx, tx, id)
		return err
	})
	if domain.ErrorCode(err) == domain.ENotFound {
		return out, db.deny(ctx, "read", "case", &id, err)
	}
	return out, wrap(err, "find case %d", id)
}

// findCase reads a case in the actor's scope in tx and audits the read. A
// write that answers with the case calls it in its own transaction: once
// the write has committed, nothing can fail any more (issue 12, item 16).
// Errors: not_found.
func findCase(ctx context.Context, tx *Tx, id int64) (domain.Case, error) {
	args := []any{id}
	var r caseRow
	if err := tx.GetContext(ctx, &r, `SELECT *, 0 AS total FROM (`+caseSelect+` WHERE c.id = $1 AND (`+caseScope(domain.ActorFrom(ctx), &args)+`)) x`, args...); err != nil {
		return domain.Case{}, translate(err, "De casus")
	}
	return r.toDomain(), audit(ctx, tx, "read", "case", &id, domain.OutcomeAllowed)
}
