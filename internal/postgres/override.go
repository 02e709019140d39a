package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/lib/pq"

	"regiepool/internal/domain"
	"regiepool/internal/matching"
)

// The store side of overrides (issue 14, item 2): one member as the engine
// sees them, to check an assignment against the ranking's exclusions, and
// the overrides counted for monitoring.

// MatchingMember loads the pool member regisseurID in the actor's scope
// (their newest admitted, active or paused membership, as an assignment
// picks it) as the engine sees them for the exclusion rules, with the
// competency norms and names, as MatchingMembers does for every member.
// Domain experience is left out: it does not exclude. found is false when
// the regisseur is no such member in scope. The read of their scores is
// audited as a candidate ranking of caseID.
func (db *DB) MatchingMember(ctx context.Context, minRaters int, caseID, regisseurID int64) (m matching.Member, norms map[string]float64, names map[string]string, found bool, err error) {
	err = db.Transact(ctx, sql.LevelRepeatableRead, func(tx *Tx) error {
		args := []any{regisseurID}
		var r struct {
			Name           string         `db:"name"`
			OrganisationID int64          `db:"organisation_id"`
			Status         string         `db:"status"`
			PausedUntil    *time.Time     `db:"paused_until"`
			MaxCases       int            `db:"max_cases"`
			HoursPerWeek   float64        `db:"hours_per_week"`
			ActiveCases    int            `db:"active_cases"`
			HoursCommitted float64        `db:"hours_committed"`
			Contra         bool           `db:"contra"`
			Municipalities pq.Int64Array  `db:"municipalities"`
			Regions        pq.StringArray `db:"regions"`
			MembershipID   int64          `db:"membership_id"`
		}
		q := `SELECT r.name, m.organisation_id, m.status, m.paused_until, m.max_cases, m.hours_per_week, m.id AS membership_id,
				(SELECT count(*) FROM assignment a WHERE a.regisseur_id = m.regisseur_id AND a.ended_at IS NULL) AS active_cases,
				(SELECT COALESCE(sum(c.arrangement_hours / c.expected_weeks), 0) FROM assignment a JOIN complex_case c ON c.id = a.case_id
					WHERE a.regisseur_id = m.regisseur_id AND a.ended_at IS NULL) AS hours_committed,
				EXISTS (SELECT 1 FROM pre_selection p WHERE p.membership_id = m.id AND p.outcome = 'contra_indication')
					AND coalesce(btrim(m.contra_override_reason), '') = '' AS contra,
				COALESCE((SELECT array_agg(mm.municipality_id) FROM member_municipality mm WHERE mm.membership_id = m.id), '{}') AS municipalities,
				COALESCE((SELECT array_agg(DISTINCT mu.region) FROM member_municipality mm JOIN municipality mu ON mu.id = mm.municipality_id
					WHERE mm.membership_id = m.id), '{}') AS regions
			FROM pool_membership m JOIN regisseur r ON r.id = m.regisseur_id
			WHERE m.regisseur_id = $1 AND m.status IN ('admitted', 'active', 'paused') AND (` + membershipScope(domain.ActorFrom(ctx), &args) + `)
			ORDER BY m.created_at DESC LIMIT 1`
		switch err := tx.GetContext(ctx, &r, q, args...); {
		case err == sql.ErrNoRows:
			return nil
		case err != nil:
			return fmt.Errorf("matching member %d: %w", regisseurID, err)
		}
		found = true
		m = matching.Member{RegisseurID: regisseurID, Name: r.Name, OrganisationID: r.OrganisationID, Status: r.Status,
			PausedUntil: r.PausedUntil, MaxCases: r.MaxCases, ActiveCases: r.ActiveCases, HoursPerWeek: r.HoursPerWeek,
			HoursCommitted: r.HoursCommitted, ContraIndication: r.Contra, MunicipalityIDs: r.Municipalities, Regions: r.Regions,
			Competency: map[string]float64{}, DomainExperience: map[string]int{}}
		var leave []struct {
			StartsOn time.Time `db:"starts_on"`
			EndsOn   time.Time `db:"ends_on"`
		}
		if err := tx.SelectContext(ctx, &leave, `SELECT starts_on, ends_on FROM unavailability WHERE membership_id = $1 AND ends_on >= current_date`, r.MembershipID); err != nil {
			return err
		}
		for _, l := range leave {
			m.Unavailable = append(m.Unavailable, matching.Period{From: l.StartsOn, To: l.EndsOn})
		}
		one := []matching.Member{m}
		if err := db.fillCompetency(ctx, tx, one, map[int64]int{regisseurID: 0}, minRaters); err != nil {
			return err
		}
		m = one[0]
		insID, err := currentInstrumentID(ctx, tx)
		if err != nil {
			return err
		}
		ins, err := db.findInstrument(ctx, tx, insID)
		if err != nil {
			return err
		}
		norms, names = map[string]float64{}, map[string]string{}
		for _, c := range ins.Def.Competencies() {
			names[c.Key] = c.Name
			if c.Norm != nil {
				norms[c.Key] = float64(*c.Norm)
			}
		}
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
