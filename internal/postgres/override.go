package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"regiepool/internal/domain"
	"regiepool/internal/matching"
)

// The store side of overrides (issue 14, item 2): one member as the engine
// sees them, to check an assignment against the ranking's exclusions, and
// the overrides counted for monitoring.

// MatchingMember loads the pool member regisseurID in the actor's scope
// (their newest admitted, active or paused membership, as an assignment
// picks it) as the engine sees them, with the competency norms and names:
// the same loading as MatchingMembers, for one member, so the override
// check and the ranking agree (also on the slots live offers hold). found
// is false when the regisseur is no such member in scope. The read of
// their scores is audited as a candidate ranking of caseID.
func (db *DB) MatchingMember(ctx context.Context, minRaters int, caseID, regisseurID int64) (m matching.Member, norms map[string]float64, names map[string]string, found bool, err error) {
	err = db.Transact(ctx, sql.LevelRepeatableRead, func(tx *Tx) error {
		ms, ns, nm, err := db.matchingMembers(ctx, tx, minRaters, &regisseurID)
		if err != nil || len(ms) == 0 {
			return err
		}
		// Memberships come oldest first (by id) for one regisseur.
		m, norms, names, found = ms[len(ms)-1], ns, nm, true
		return audit(ctx, tx, "read", "candidate_ranking", &caseID, domain.OutcomeAllowed)
	})
	return m, norms, names, found, err
}

// CountOverrides counts the assignments made against the ranking's
// exclusions, per exclusion code (domain.ExclusionReasons; an assignment
// that overrode two exclusions counts for each), over the cases that
// MonitoringFigures covers: registered in [from, to] (dates, inclusive),
// in one municipality when municipalityID is set. Monitoring asks with it
// whether the profile or its hard minimums need changing. Only counts: no
// case, regisseur or reason leaves the store. Monitors and admins
// (domain.CanSeeMonitoring). Errors: forbidden.
func (db *DB) CountOverrides(ctx context.Context, from, to time.Time, municipalityID *int64) (map[string]int, error) {
	if !domain.CanSeeMonitoring(domain.ActorFrom(ctx)) {
		return nil, db.deny(ctx, "read", "monitoring", nil, errForbidden())
	}
	args := []any{from, to.AddDate(0, 0, 1)}
	cond := `c.created_at >= $1 AND c.created_at < $2`
	if municipalityID != nil {
		args = append(args, *municipalityID)
		cond += ` AND c.municipality_id = $3`
	}
	var rows []struct {
		Code string `db:"code"`
		N    int    `db:"n"`
	}
	q := `SELECT code, count(*) AS n FROM assignment a JOIN complex_case c ON c.id = a.case_id, unnest(a.overridden) code
		WHERE ` + cond + ` GROUP BY code`
	if err := db.SelectContext(ctx, &rows, q, args...); err != nil {
		return nil, fmt.Errorf("count overrides: %w", err)
	}
	out := make(map[string]int, len(rows))
	for _, r := range rows {
		out[r.Code] = r.N
	}
	return out, nil
}

// nonNilCodes is codes, or an empty list for a NOT NULL array column.
func nonNilCodes(codes []string) []string {
	if codes == nil {
		return []string{}
	}
	return codes
}
