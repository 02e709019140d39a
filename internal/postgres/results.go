package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"regiepool/internal/assessment"
	"regiepool/internal/domain"
)

// FindAssessmentData loads a regisseur's submitted self-assessments and
// closed rounds, for whom domain.CanReadDevelopment allows (the regisseur,
// their coaches and admins); the read is audited. Errors: not_found.
func (db *DB) FindAssessmentData(ctx context.Context, regisseurID int64) (assessment.History, error) {
	a := domain.ActorFrom(ctx)
	var out assessment.History
	err := db.Transact(ctx, sql.LevelRepeatableRead, func(tx *Tx) error {
		ok, err := canReadDevelopment(ctx, tx, a, regisseurID)
		if err != nil {
			return err
		}
		if !ok {
			return errNotFound("De regisseur")
		}
		var selfs []selfRow
		if err := tx.SelectContext(ctx, &selfs, selfSelect+` WHERE regisseur_id = $1 AND status = 'submitted' ORDER BY submitted_at`, regisseurID); err != nil {
			return err
		}
		type submitted struct {
			at           time.Time
			instrumentID int64
			scores       map[string]int
		}
		var subs []submitted
		for _, s := range selfs {
			full, err := db.loadSelf(ctx, tx, s)
			if err != nil {
				return err
			}
			subs = append(subs, submitted{at: *s.SubmittedAt, instrumentID: s.InstrumentID, scores: scoresOf(full.Answers)})
		}
		var rounds []roundRow
		if err := tx.SelectContext(ctx, &rounds, roundSelect+` WHERE f.regisseur_id = $1 AND f.status = 'closed' ORDER BY f.closed_at`, regisseurID); err != nil {
			return err
		}
		for _, r := range rounds {
			ins, err := db.findInstrument(ctx, tx, r.InstrumentID)
			if err != nil {
				return err
			}
			rd := assessment.RoundInput{ID: r.ID, ClosedAt: *r.ClosedAt, Instrument: ins.Def}
			for _, s := range subs {
				if s.instrumentID == r.InstrumentID && !s.at.After(*r.ClosedAt) {
					rd.Self = s.scores
				}
			}
			if rd.Responses, err = responsesOf(ctx, tx, r.ID); err != nil {
				return err
			}
			out.Rounds = append(out.Rounds, rd)
			out.Instrument = ins.Def
		}
		if n := len(subs); n > 0 {
			last := subs[n-1]
			out.LatestSelf, out.SelfAt = last.scores, &last.at
			if out.Instrument == nil {
				ins, err := db.findInstrument(ctx, tx, last.instrumentID)
				if err != nil {
					return err
				}
				out.Instrument = ins.Def
			}
		}
		return audit(ctx, tx, "read", "assessment_result", &regisseurID, domain.OutcomeAllowed)
	})
	if domain.ErrorCode(err) == domain.ENotFound {
		return out, db.deny(ctx, "read", "assessment_result", &regisseurID, err)
	}
	return out, wrap(err, "assessment data of regisseur %d", regisseurID)
}

func scoresOf(answers map[string]domain.Answer) map[string]int {
	out := map[string]int{}
	for k, a := range answers {
		if a.Score != nil {
			out[k] = *a.Score
		}
	}
	return out
}

func responsesOf(ctx context.Context, q queryer, roundID int64) ([]assessment.Response, error) {
	var rows []struct {
		ResponseID string            `db:"response_id"`
		Group      domain.RaterGroup `db:"rater_group"`
		Key        string            `db:"key"`
		Score      *int              `db:"score"`
		Comment    string            `db:"comment"`
	}
	const qa = `SELECT a.response_id, r.rater_group, i.key, a.score, a.comment
		FROM feedback_response r JOIN feedback_answer a ON a.response_id = r.id JOIN instrument_item i ON i.id = a.item_id
		WHERE r.round_id = $1 ORDER BY a.response_id`
	if err := q.SelectContext(ctx, &rows, qa, roundID); err != nil {
		return nil, fmt.Errorf("responses of round %d: %w", roundID, err)
	}
	byID := map[string]*assessment.Response{}
	var order []string
	for _, r := range rows {
		resp, ok := byID[r.ResponseID]
		if !ok {
			resp = &assessment.Response{Group: r.Group, Scores: map[string]int{}, Comments: map[string]string{}}
			byID[r.ResponseID] = resp
			order = append(order, r.ResponseID)
		}
		if r.Score != nil {
			resp.Scores[r.Key] = *r.Score
		}
		if r.Comment != "" {
			resp.Comments[r.Key] = r.Comment
		}
	}
	out := make([]assessment.Response, 0, len(order))
	for _, id := range order {
		out = append(out, *byID[id])
	}
	return out, nil
}
