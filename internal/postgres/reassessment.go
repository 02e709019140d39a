package postgres

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"github.com/lib/pq"

	"regiepool/internal/domain"
)

// selfReliance reads and writes a case's self-reliance per life domain as
// a JSON object.
type selfReliance map[string]int

func (s *selfReliance) Scan(src any) error {
	*s = nil
	return scanJSON(src, (*map[string]int)(s), "self-reliance")
}

// selfRelianceJSON is m as stored: a JSON object, {} when empty.
func selfRelianceJSON(m map[string]int) string {
	if len(m) == 0 {
		return "{}"
	}
	b, _ := json.Marshal(m) // a map of strings to ints always marshals
	return string(b)
}

// ReassessCase changes the assessment of a case in scope (domain.
// Reassessment) and, when anything changed, keeps what changed as a log
// event of kind reassessment, in the same transaction as the change and its
// audit row; meets_definition follows (a generated column). It returns the
// case as it is now. Errors: not_found, forbidden and conflict (closed;
// domain.CheckReassessment), invalid (domain.Case.ValidateAssessment).
func (db *DB) ReassessCase(ctx context.Context, caseID int64, r domain.Reassessment) (domain.Case, error) {
	a := domain.ActorFrom(ctx)
	var out domain.Case
	err := db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		c, err := lockCase(ctx, tx, caseID)
		if err != nil {
			return err
		}
		if err := domain.CheckReassessment(a, c); err != nil {
			return err
		}
		next, changes := r.Apply(c)
		if err := next.ValidateAssessment(); err != nil {
			return err
		}
		if len(changes) > 0 {
			const q = `UPDATE complex_case SET safety_risk = $2, life_domains = $3, parents_struggle = $4, several_domains = $5,
					several_professionals = $6, high_risk = $7, definition_reason = $8, self_reliance = $9::jsonb WHERE id = $1`
			if _, err := tx.ExecContext(ctx, q, caseID, next.SafetyRisk, pq.Array(nonEmpty(next.LifeDomains)), next.ParentsStruggle,
				next.SeveralDomains, next.SeveralProfessionals, next.HighRisk, next.DefinitionReason, selfRelianceJSON(next.SelfReliance)); err != nil {
				return translate(err, "De casus")
			}
			e := domain.ReassessmentEvent(time.Now(), changes)
			stored, err := fieldChangesJSON(e.Changes)
			if err != nil {
				return err
			}
			var eventID int64
			if err := tx.QueryRowxContext(ctx, `INSERT INTO case_event (case_id, kind, occurred_on, changes, recorded_by) VALUES ($1, $2, $3, $4::jsonb, $5) RETURNING id`,
				caseID, e.Kind, e.OccurredOn, stored, nullID(a.UserID)).Scan(&eventID); err != nil {
				return translate(err, "De herbeoordeling")
			}
			if err := audit(ctx, tx, "update", "case", &caseID, domain.OutcomeAllowed); err != nil {
				return err
			}
		}
		out, err = findCase(ctx, tx, caseID)
		return err
	})
	if domain.ErrorCode(err) == domain.EForbidden {
		return out, db.deny(ctx, "update", "case", &caseID, err)
	}
	return out, wrap(err, "reassess case %d", caseID)
}
