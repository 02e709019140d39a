package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/lib/pq"

	"regiepool/internal/assessment"
	"regiepool/internal/domain"
)

// The monitoring reads about people (questions 2, 3, 6, 9 and 10): for
// monitors and admins (domain.CanSeeMonitoring) only, over every regisseur
// the filter covers, never one asked for by id. They return what the
// application aggregates; nothing of them leaves the application but
// counts, means and anonymised quotes from the small-cell threshold on.

// poolStatuses are the membership statuses of a regisseur who was admitted
// to the pool (and may have left it since).
const poolStatuses = `('admitted', 'active', 'paused', 'left')`

// monitoredRegisseurs is the SQL condition on the regisseur id column col
// of the regisseurs monitoring filter f covers: with a membership of one of
// statuses that monitoredMembership accepts.
func monitoredRegisseurs(col, statuses string, f domain.MonitoringFilter, args *[]any) string {
	return `EXISTS (SELECT 1 FROM pool_membership pm WHERE pm.regisseur_id = ` + col + ` AND ` + monitoredMembership(statuses, f, args) + `)`
}

// monitoredMembership is the SQL condition on pool_membership pm of the
// memberships monitoring filter f covers: of one of statuses, in f's pool
// round when it names one, taking cases in f's municipality when it names
// one.
func monitoredMembership(statuses string, f domain.MonitoringFilter, args *[]any) string {
	cond := `pm.status IN ` + statuses
	if f.PoolRoundID != nil {
		*args = append(*args, *f.PoolRoundID)
		cond += fmt.Sprintf(` AND pm.round_id = $%d`, len(*args))
	}
	if f.MunicipalityID != nil {
		*args = append(*args, *f.MunicipalityID)
		cond += fmt.Sprintf(` AND EXISTS (SELECT 1 FROM member_municipality mm WHERE mm.membership_id = pm.id AND mm.municipality_id = $%d)`, len(*args))
	}
	return cond
}

// monitoringAllowed refuses (and audits the refusal of) an actor who may
// not see monitoring.
func (db *DB) monitoringAllowed(ctx context.Context) error {
	if !domain.CanSeeMonitoring(domain.ActorFrom(ctx)) {
		return db.deny(ctx, "read", "monitoring", nil, errForbidden())
	}
	return nil
}

// dayAfter is the exclusive end of a period ending on the day of to.
func dayAfter(to time.Time) time.Time { return to.AddDate(0, 0, 1) }

// MonitoringRoundScores returns, per regisseur monitoring filter f covers
// (admitted to the pool: monitoredRegisseurs), their closed 360 rounds
// closed on or before f.To, oldest first, each as the anonymity rules of
// assessment.Score under minRaters let it through, per competency: the
// others' mean (assessment.OthersMean over per-group totals aggregated in
// the database, cached per round as the rankings' are: a closed round is
// frozen) and the self score of the latest self-assessment on the round's
// instrument submitted before it closed. No answer leaves the database.
// Regisseurs without a closed round are left out. The read is audited as
// monitoring. Errors: forbidden.
func (db *DB) MonitoringRoundScores(ctx context.Context, f domain.MonitoringFilter, minRaters int) (map[int64][]assessment.RoundScores, error) {
	if err := db.monitoringAllowed(ctx); err != nil {
		return nil, err
	}
	out := map[int64][]assessment.RoundScores{}
	err := db.Transact(ctx, sql.LevelRepeatableRead, func(tx *Tx) error {
		clear(out)
		args := []any{dayAfter(f.To)}
		var rounds []struct {
			ID          int64     `db:"id"`
			RegisseurID int64     `db:"regisseur_id"`
			ClosedAt    time.Time `db:"closed_at"`
		}
		q := `SELECT f.id, f.regisseur_id, f.closed_at FROM feedback_round f
			WHERE f.status = 'closed' AND f.closed_at < $1 AND ` + monitoredRegisseurs("f.regisseur_id", poolStatuses, f, &args) + `
			ORDER BY f.regisseur_id, f.closed_at, f.id`
		if err := tx.SelectContext(ctx, &rounds, q, args...); err != nil {
			return fmt.Errorf("monitoring rounds: %w", err)
		}
		if len(rounds) == 0 {
			return audit(ctx, tx, "read", "monitoring", nil, domain.OutcomeAllowed)
		}
		roundIDs := make([]int64, len(rounds))
		for i, r := range rounds {
			roundIDs[i] = r.ID
		}
		selves, err := db.roundSelves(ctx, tx, roundIDs)
		if err != nil {
			return err
		}
		others, err := db.roundOthers(ctx, tx, roundIDs, minRaters)
		if err != nil {
			return err
		}
		for _, r := range rounds {
			self := selves[r.ID]
			if self == nil {
				self = map[string]float64{}
			}
			oth := others[r.ID]
			if oth == nil {
				oth = map[string]float64{}
			}
			out[r.RegisseurID] = append(out[r.RegisseurID], assessment.RoundScores{ID: r.ID, ClosedAt: r.ClosedAt, Others: oth, Self: self})
		}
		return audit(ctx, tx, "read", "monitoring", nil, domain.OutcomeAllowed)
	})
	return out, wrap(err, "monitoring round scores")
}

// selfOfRound marks, in the score cache, the self scores of a closed round
// (where the others' means carry their anonymity threshold).
const selfOfRound = -1

// roundSelves returns, per closed round of ids, the self score per
// competency of the round's self-assessment: the latest on its instrument
// submitted before it closed that has a score. Both are frozen (a
// self-assessment submitted later is submitted after the close), so they
// are cached as the others' means are.
func (db *DB) roundSelves(ctx context.Context, tx *Tx, ids []int64) (map[int64]map[string]float64, error) {
	keys := make([]roundKey, len(ids))
	for i, id := range ids {
		keys[i] = roundKey{id, selfOfRound}
	}
	cached, _ := db.scores.lookup(keys, nil)
	out := make(map[int64]map[string]float64, len(ids))
	var missing []int64
	for _, k := range keys {
		if m, ok := cached[k]; ok {
			out[k.round] = m
		} else {
			missing = append(missing, k.round)
		}
	}
	if len(missing) == 0 {
		return out, nil
	}
	var rows []struct {
		RoundID int64  `db:"round_id"`
		Key     string `db:"key"`
		Score   int    `db:"score"`
	}
	const q = `SELECT f.id AS round_id, i.key, a.score FROM feedback_round f
		CROSS JOIN LATERAL (SELECT s.id FROM self_assessment s
			WHERE s.regisseur_id = f.regisseur_id AND s.instrument_id = f.instrument_id AND s.status = 'submitted'
				AND s.submitted_at <= f.closed_at
				AND EXISTS (SELECT 1 FROM self_answer x WHERE x.self_assessment_id = s.id AND x.score IS NOT NULL)
			ORDER BY s.submitted_at DESC, s.id DESC LIMIT 1) s
		JOIN self_answer a ON a.self_assessment_id = s.id JOIN instrument_item i ON i.id = a.item_id
		WHERE f.id = ANY($1) AND f.status = 'closed' AND i.kind = 'competency' AND a.score IS NOT NULL`
	if err := tx.SelectContext(ctx, &rows, q, pq.Int64Array(missing)); err != nil {
		return nil, fmt.Errorf("monitoring self-assessments: %w", err)
	}
	got := make(map[roundKey]map[string]float64, len(missing))
	for _, id := range missing {
		out[id] = map[string]float64{}
		got[roundKey{id, selfOfRound}] = out[id]
	}
	for _, r := range rows {
		out[r.RoundID][r.Key] = float64(r.Score)
	}
	db.scores.store(got, nil)
	return out, nil
}
