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

// MonitoringAssessments loads, per regisseur monitoring filter f covers
// (admitted to the pool: monitoredRegisseurs), their closed 360 rounds
// closed on or before f.To, oldest first, each with the self-assessment
// submitted before it closed and its responses (with no rater), as
// FindAssessmentData does for one regisseur: the application scores them
// with the anonymity rules (assessment.Score) and aggregates. Regisseurs
// without a closed round are left out. The read is audited as monitoring.
// Errors: forbidden.
func (db *DB) MonitoringAssessments(ctx context.Context, f domain.MonitoringFilter) (map[int64]assessment.History, error) {
	if err := db.monitoringAllowed(ctx); err != nil {
		return nil, err
	}
	out := map[int64]assessment.History{}
	err := db.Transact(ctx, sql.LevelRepeatableRead, func(tx *Tx) error {
		args := []any{dayAfter(f.To)}
		var rounds []struct {
			ID           int64     `db:"id"`
			RegisseurID  int64     `db:"regisseur_id"`
			InstrumentID int64     `db:"instrument_id"`
			ClosedAt     time.Time `db:"closed_at"`
		}
		q := `SELECT f.id, f.regisseur_id, f.instrument_id, f.closed_at FROM feedback_round f
			WHERE f.status = 'closed' AND f.closed_at < $1 AND ` + monitoredRegisseurs("f.regisseur_id", poolStatuses, f, &args) + `
			ORDER BY f.regisseur_id, f.closed_at, f.id`
		if err := tx.SelectContext(ctx, &rounds, q, args...); err != nil {
			return fmt.Errorf("monitoring rounds: %w", err)
		}
		if len(rounds) == 0 {
			return audit(ctx, tx, "read", "monitoring", nil, domain.OutcomeAllowed)
		}
		var ids, roundIDs []int64
		for _, r := range rounds {
			if len(ids) == 0 || ids[len(ids)-1] != r.RegisseurID {
				ids = append(ids, r.RegisseurID)
			}
			roundIDs = append(roundIDs, r.ID)
		}
		var selfRows []struct {
			ID           int64     `db:"id"`
			RegisseurID  int64     `db:"regisseur_id"`
			InstrumentID int64     `db:"instrument_id"`
			SubmittedAt  time.Time `db:"submitted_at"`
			Key          string    `db:"key"`
			Score        int       `db:"score"`
		}
		const qs = `SELECT s.id, s.regisseur_id, s.instrument_id, s.submitted_at, i.key, a.score FROM self_assessment s
			JOIN self_answer a ON a.self_assessment_id = s.id JOIN instrument_item i ON i.id = a.item_id
			WHERE s.regisseur_id = ANY($1) AND s.status = 'submitted' AND a.score IS NOT NULL ORDER BY s.submitted_at, s.id`
		if err := tx.SelectContext(ctx, &selfRows, qs, pq.Int64Array(ids)); err != nil {
			return fmt.Errorf("monitoring self-assessments: %w", err)
		}
		type self struct {
			regisseurID, instrumentID int64
			at                        time.Time
			scores                    map[string]int
		}
		// By regisseur, each in submission order: a round looks only at its
		// own regisseur's (nationally 20,000 regisseurs and 30,000 rounds).
		selfs := map[int64][]*self{}
		byID := map[int64]*self{}
		for _, r := range selfRows {
			s, ok := byID[r.ID]
			if !ok {
				s = &self{regisseurID: r.RegisseurID, instrumentID: r.InstrumentID, at: r.SubmittedAt, scores: map[string]int{}}
				byID[r.ID] = s
				selfs[r.RegisseurID] = append(selfs[r.RegisseurID], s)
			}
			s.scores[r.Key] = r.Score
		}
		responses, err := roundResponses(ctx, tx, roundIDs)
		if err != nil {
			return err
		}
		instruments := db.instrumentCache(tx)
		for _, r := range rounds {
			ins, err := instruments.get(ctx, r.InstrumentID)
			if err != nil {
				return err
			}
			rd := assessment.RoundInput{ID: r.ID, ClosedAt: r.ClosedAt, Instrument: ins, Responses: responses[r.ID]}
			for _, s := range selfs[r.RegisseurID] {
				if s.instrumentID == r.InstrumentID && !s.at.After(r.ClosedAt) {
					rd.Self = s.scores
				}
			}
			h := out[r.RegisseurID]
			h.Rounds = append(h.Rounds, rd)
			h.Instrument = ins
			out[r.RegisseurID] = h
		}
		return audit(ctx, tx, "read", "monitoring", nil, domain.OutcomeAllowed)
	})
	return out, wrap(err, "monitoring assessments")
}
