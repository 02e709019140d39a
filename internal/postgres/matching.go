package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"

	"github.com/lib/pq"

	"regiepool/internal/domain"
	"regiepool/internal/matching"
)

// MatchingCase turns a case into the engine's input, with the family's
// earlier regisseur for continuity.
func (db *DB) MatchingCase(ctx context.Context, c domain.Case) (matching.Case, error) {
	var region string
	if err := db.GetContext(ctx, &region, `SELECT region FROM municipality WHERE id = $1`, c.MunicipalityID); err != nil {
		return matching.Case{}, fmt.Errorf("region of case %d: %w", c.ID, err)
	}
	var prev previousRegie
	if c.EarlierCaseID != nil {
		const q = `SELECT (SELECT a.regisseur_id FROM assignment a WHERE a.case_id = c.id ORDER BY a.assigned_at DESC LIMIT 1) AS previous_regisseur_id,
			c.closed_at AS previous_closed_at FROM complex_case c WHERE c.id = $1`
		if err := db.GetContext(ctx, &prev, q, *c.EarlierCaseID); err != nil {
			return matching.Case{}, fmt.Errorf("earlier case of %d: %w", c.ID, err)
		}
	}
	return toMatchingCase(c, region, prev), nil
}

// previousRegie is the last regisseur of a family's earlier case and when
// that case closed, for continuity.
type previousRegie struct {
	RegisseurID *int64     `db:"previous_regisseur_id"`
	ClosedAt    *time.Time `db:"previous_closed_at"`
}

func toMatchingCase(c domain.Case, region string, prev previousRegie) matching.Case {
	return matching.Case{ID: c.ID, MunicipalityID: c.MunicipalityID, Region: region, StartsOn: c.StartsOn, Urgency: c.Urgency,
		HoursPerWeek: c.WeeklyHours(), LeansOn: c.LeansOn, LifeDomains: c.LifeDomains, InvolvedOrganisationIDs: c.InvolvedOrganisationIDs,
		PreviousRegisseurID: prev.RegisseurID, PreviousClosedOn: prev.ClosedAt}
}

// WaitingMatchingCases loads the waiting cases in the actor's scope, those
// of ids or every one when ids is empty, most urgent and oldest first, with
// the engine's view of each (region, the family's earlier regisseur). It is
// one query however many cases wait, and no cap: a batch proposal considers
// them all. An id that is not a waiting case in scope is left out (the
// caller reports it). The read is audited as a case list.
func (db *DB) WaitingMatchingCases(ctx context.Context, ids []int64) ([]domain.Case, []matching.Case, error) {
	args := []any{}
	where := []string{`c.status = 'waiting'`, `(` + caseScope(domain.ActorFrom(ctx), &args) + `)`}
	if len(ids) > 0 {
		args = append(args, int64Array(ids))
		where = append(where, fmt.Sprintf("c.id = ANY($%d)", len(args)))
	}
	q := `SELECT x.*, 0 AS total, m.region, prev.regisseur_id AS previous_regisseur_id, e.closed_at AS previous_closed_at
		FROM (` + caseSelect + ` WHERE ` + joinAnd(where) + `) x
		JOIN municipality m ON m.id = x.municipality_id
		LEFT JOIN complex_case e ON e.id = x.earlier_case_id
		LEFT JOIN LATERAL (SELECT a.regisseur_id FROM assignment a WHERE a.case_id = x.earlier_case_id
			ORDER BY a.assigned_at DESC LIMIT 1) prev ON TRUE
		ORDER BY x.urgency DESC, x.created_at, x.id`
	var cases []domain.Case
	var mcs []matching.Case
	err := db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		var rows []struct {
			caseRow
			Region string `db:"region"`
			previousRegie
		}
		if err := tx.SelectContext(ctx, &rows, q, args...); err != nil {
			return err
		}
		cases, mcs = make([]domain.Case, len(rows)), make([]matching.Case, len(rows))
		for i, r := range rows {
			cases[i] = r.toDomain()
			mcs[i] = toMatchingCase(cases[i], r.Region, r.previousRegie)
		}
		return audit(ctx, tx, "read", "case_list", nil, domain.OutcomeAllowed)
	})
	return cases, mcs, wrap(err, "waiting cases")
}

// MatchingMembers loads the pool members in the actor's scope (admitted,
// active and paused) as the engine sees them, and the competency norms and
// names. Competency scores are the latest closed round's "others" from the
// anonymity-safe scoring, else the latest self-assessment. Ranking on them
// reads development data, so the read is audited in the same transaction:
// as a candidate ranking of caseID, or (nil) as an assignment proposal.
func (db *DB) MatchingMembers(ctx context.Context, minRaters int, caseID *int64) ([]matching.Member, map[string]float64, map[string]string, error) {
	var out []matching.Member
	var norms map[string]float64
	var names map[string]string
	// One snapshot: the members, their load and their scores agree.
	err := db.Transact(ctx, sql.LevelRepeatableRead, func(tx *Tx) error {
		var err error
		if out, norms, names, err = db.matchingMembers(ctx, tx, minRaters, nil); err != nil {
			return err
		}
		if caseID != nil {
			return audit(ctx, tx, "read", "candidate_ranking", caseID, domain.OutcomeAllowed)
		}
		return audit(ctx, tx, "read", "assignment_proposal", nil, domain.OutcomeAllowed)
	})
	if err != nil {
		return nil, nil, nil, err
	}
	return out, norms, names, nil
}

// matchingMembers loads the pool members in the actor's scope as the
// engine sees them, with the competency norms and names; only one
// regisseur's memberships when only is set.
func (db *DB) matchingMembers(ctx context.Context, tx *Tx, minRaters int, only *int64) ([]matching.Member, map[string]float64, map[string]string, error) {
	a := domain.ActorFrom(ctx)
	args := []any{}
	cond := membershipScope(a, &args)
	if only != nil {
		args = append(args, *only)
		cond = fmt.Sprintf("(%s) AND m.regisseur_id = $%d", cond, len(args))
	}
	var rows []struct {
		RegisseurID    int64         `db:"regisseur_id"`
		Name           string        `db:"name"`
		OrganisationID int64         `db:"organisation_id"`
		Status         string        `db:"status"`
		PausedUntil    *time.Time    `db:"paused_until"`
		MaxCases       int           `db:"max_cases"`
		HoursPerWeek   float64       `db:"hours_per_week"`
		ActiveCases    int           `db:"active_cases"`
		HoursCommitted float64       `db:"hours_committed"`
		Contra         bool          `db:"contra"`
		Municipalities pq.Int64Array `db:"municipalities"`
		MembershipID   int64         `db:"membership_id"`
	}
	// A member's load is the slots they hold: active cases and live offers
	// (held_slot), as reserve counts them.
	q := `SELECT m.regisseur_id, r.name, m.organisation_id, m.status, m.paused_until, m.max_cases, m.hours_per_week, m.id AS membership_id,
			(SELECT count(*) FROM held_slot a WHERE a.regisseur_id = m.regisseur_id) AS active_cases,
			(SELECT COALESCE(sum(c.arrangement_hours / c.expected_weeks), 0) FROM held_slot a JOIN complex_case c ON c.id = a.case_id
				WHERE a.regisseur_id = m.regisseur_id) AS hours_committed,
			EXISTS (SELECT 1 FROM pre_selection p WHERE p.membership_id = m.id AND p.outcome = 'contra_indication')
				AND coalesce(btrim(m.contra_override_reason), '') = '' AS contra,
			COALESCE((SELECT array_agg(mm.municipality_id) FROM member_municipality mm WHERE mm.membership_id = m.id), '{}') AS municipalities
		FROM pool_membership m JOIN regisseur r ON r.id = m.regisseur_id
		WHERE m.status IN ('admitted', 'active', 'paused') AND (` + cond + `) ORDER BY r.name, m.id`
	if err := tx.SelectContext(ctx, &rows, q, args...); err != nil {
		return nil, nil, nil, fmt.Errorf("matching members: %w", err)
	}
	insID, err := currentInstrumentID(ctx, tx)
	if err != nil {
		return nil, nil, nil, err
	}
	ins, err := db.findInstrument(ctx, tx, insID)
	if err != nil {
		return nil, nil, nil, err
	}
	norms, names := map[string]float64{}, map[string]string{}
	for _, c := range ins.Def.Competencies() {
		names[c.Key] = c.Name
		if c.Norm != nil {
			norms[c.Key] = float64(*c.Norm)
		}
	}
	var leave []struct {
		MembershipID int64     `db:"membership_id"`
		StartsOn     time.Time `db:"starts_on"`
		EndsOn       time.Time `db:"ends_on"`
	}
	// The side tables, of the members loaded only (national scopes hold
	// thousands of members, the country twenty thousand).
	regIDs, memberIDs := make([]int64, len(rows)), make([]int64, len(rows))
	for i, r := range rows {
		regIDs[i], memberIDs[i] = r.RegisseurID, r.MembershipID
	}
	if err := tx.SelectContext(ctx, &leave, `SELECT membership_id, starts_on, ends_on FROM unavailability WHERE ends_on >= current_date
		AND membership_id = ANY($1)`, pq.Int64Array(memberIDs)); err != nil {
		return nil, nil, nil, err
	}
	regions, err := municipalityRegions(ctx, tx)
	if err != nil {
		return nil, nil, nil, err
	}
	var experience []struct {
		RegisseurID int64  `db:"regisseur_id"`
		Domain      string `db:"domain"`
		N           int    `db:"n"`
	}
	qe := `SELECT a.regisseur_id, d AS domain, count(*) AS n FROM assignment a JOIN complex_case c ON c.id = a.case_id,
		unnest(c.life_domains) d WHERE a.regisseur_id = ANY($1) GROUP BY a.regisseur_id, d`
	if err := tx.SelectContext(ctx, &experience, qe, pq.Int64Array(regIDs)); err != nil {
		return nil, nil, nil, err
	}
	out := make([]matching.Member, 0, len(rows))
	index := map[int64]int{}
	byMembership := map[int64]int{}
	for i, r := range rows {
		out = append(out, matching.Member{RegisseurID: r.RegisseurID, Name: r.Name, OrganisationID: r.OrganisationID, Status: r.Status,
			PausedUntil: r.PausedUntil, MaxCases: r.MaxCases, ActiveCases: r.ActiveCases, HoursPerWeek: r.HoursPerWeek,
			HoursCommitted: r.HoursCommitted, ContraIndication: r.Contra, MunicipalityIDs: r.Municipalities, Regions: regionsOf(regions, r.Municipalities),
			Competency: map[string]float64{}, DomainExperience: map[string]int{}})
		index[r.RegisseurID] = i
		byMembership[r.MembershipID] = i
	}
	for _, l := range leave {
		if i, ok := byMembership[l.MembershipID]; ok {
			out[i].Unavailable = append(out[i].Unavailable, matching.Period{From: l.StartsOn, To: l.EndsOn})
		}
	}
	for _, e := range experience {
		if i, ok := index[e.RegisseurID]; ok {
			out[i].DomainExperience[e.Domain] = e.N
		}
	}
	if err := db.fillCompetency(ctx, tx, out, index, minRaters); err != nil {
		return nil, nil, nil, err
	}
	return out, norms, names, nil
}

// fillCompetency sets each member's competency scores: the latest closed
// round's "others" (anonymity rules applied), else the latest self score
// (competencyScores, mostly from the cache of frozen scores).
func (db *DB) fillCompetency(ctx context.Context, tx *Tx, members []matching.Member, index map[int64]int, minRaters int) error {
	ids := make([]int64, 0, len(members))
	for _, m := range members {
		ids = append(ids, m.RegisseurID)
	}
	scores, err := db.competencyScores(ctx, tx, ids, minRaters)
	if err != nil {
		return err
	}
	for id, m := range scores {
		for key, v := range m {
			members[index[id]].Competency[key] = v
		}
	}
	return nil
}

// municipalityRegions maps every municipality to its region (a few hundred
// rows), so members' regions need no join per member.
func municipalityRegions(ctx context.Context, tx *Tx) (map[int64]string, error) {
	var rows []struct {
		ID     int64  `db:"id"`
		Region string `db:"region"`
	}
	if err := tx.SelectContext(ctx, &rows, `SELECT id, region FROM municipality`); err != nil {
		return nil, fmt.Errorf("regions: %w", err)
	}
	out := make(map[int64]string, len(rows))
	for _, r := range rows {
		out[r.ID] = r.Region
	}
	return out, nil
}

// regionsOf are the distinct regions of municipalities ids, sorted.
func regionsOf(regions map[int64]string, ids []int64) []string {
	out := []string{}
	for _, id := range ids {
		if r, ok := regions[id]; ok && !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	slices.Sort(out)
	return out
}
