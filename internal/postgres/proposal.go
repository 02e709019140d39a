package postgres

import (
	"context"
	"database/sql"
	"slices"
	"time"

	"regiepool/internal/domain"
)

// ProposeFeedbackRound lets a regisseur propose a 360 round about themself,
// with its raters. The round opens only when one of their coaches approves
// it; until then its links do not work and internal raters are not asked.
// Errors: not_found (not the actor's own record), invalid.
func (db *DB) ProposeFeedbackRound(ctx context.Context, regisseurID int64, deadline time.Time, raters []domain.NewRater) (domain.FeedbackRound, error) {
	a := domain.ActorFrom(ctx)
	if !domain.CanSelfAssess(a, regisseurID) {
		return domain.FeedbackRound{}, db.deny(ctx, "create", "feedback_round", nil, errNotFound("De regisseur"))
	}
	if err := domain.CheckRoundDeadline(deadline); err != nil {
		return domain.FeedbackRound{}, err
	}
	var round domain.FeedbackRound
	err := db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		instrumentID, err := currentInstrumentID(ctx, tx)
		if err != nil {
			return err
		}
		var id int64
		const q = `INSERT INTO feedback_round (regisseur_id, instrument_id, deadline, status, proposed_by) VALUES ($1, $2, $3, 'proposed', $4) RETURNING id`
		if err := tx.GetContext(ctx, &id, q, regisseurID, instrumentID, deadline, nullID(a.UserID)); err != nil {
			return translate(err, "De feedbackronde")
		}
		if _, err := db.addRaters(ctx, tx, id, regisseurID, deadline, raters); err != nil {
			return err
		}
		// The links made for the proposal are never shown and never work:
		// approval issues fresh ones.
		if _, err := tx.ExecContext(ctx, `UPDATE single_use_token SET expires_at = now() WHERE id IN (SELECT token_id FROM feedback_rater WHERE round_id = $1)`, id); err != nil {
			return err
		}
		if err := audit(ctx, tx, "propose", "feedback_round", &id, domain.OutcomeAllowed); err != nil {
			return err
		}
		round, err = db.findRound(ctx, tx, id)
		return err
	})
	return round, wrap(err, "propose feedback round for regisseur %d", regisseurID)
}

// ApproveFeedbackRound opens a proposed round: a coach of the regisseur (or
// an admin) approves it, and the external raters get fresh links, returned
// once. Errors: not_found, conflict (not a proposal).
//
// mails are the invitations of the round's account raters (each with its
// RaterID), written to the outbox with the approval; others are ignored.
func (db *DB) ApproveFeedbackRound(ctx context.Context, roundID int64, mails ...domain.Mail) (domain.FeedbackRound, []domain.RaterLink, error) {
	a := domain.ActorFrom(ctx)
	var round domain.FeedbackRound
	var links []domain.RaterLink
	err := db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		var r roundRow
		if err := tx.GetContext(ctx, &r, roundSelect+` WHERE f.id = $1 FOR UPDATE OF f`, roundID); err != nil {
			return translate(err, "De feedbackronde")
		}
		ok, err := canCoach(ctx, tx, a, r.RegisseurID)
		if err != nil {
			return err
		}
		if !ok {
			return errNotFound("De feedbackronde")
		}
		if r.Status != domain.RoundProposed {
			return domain.Errorf(domain.EConflict, "not_proposed", "Deze feedbackronde is geen voorstel (meer).")
		}
		if err := domain.CheckRoundDeadline(r.Deadline); err != nil {
			return domain.Errorf(domain.EConflict, "deadline_passed", "De deadline van dit voorstel is al voorbij; vraag de regisseur een nieuw voorstel te doen.")
		}
		// Coaching links and organisations may have changed since the
		// proposal: the known groups are checked again.
		var rows []struct {
			Group  domain.RaterGroup `db:"rater_group"`
			UserID *int64            `db:"user_id"`
		}
		if err := tx.SelectContext(ctx, &rows, `SELECT rater_group, user_id FROM feedback_rater WHERE round_id = $1 ORDER BY id`, roundID); err != nil {
			return err
		}
		proposed := make([]domain.NewRater, len(rows))
		for i, x := range rows {
			proposed[i] = domain.NewRater{Group: x.Group, UserID: x.UserID}
		}
		fe, err := checkRaters(ctx, tx, r.RegisseurID, proposed)
		if err != nil {
			return err
		}
		if fe != nil {
			return domain.Invalid(fe...)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE feedback_round SET status = 'open', opened_by = $2 WHERE id = $1`, roundID, nullID(a.UserID)); err != nil {
			return err
		}
		var ext []struct {
			RaterID int64             `db:"id"`
			Group   domain.RaterGroup `db:"rater_group"`
			TokenID int64             `db:"token_id"`
		}
		if err := tx.SelectContext(ctx, &ext, `SELECT id, rater_group, token_id FROM feedback_rater WHERE round_id = $1 AND token_id IS NOT NULL ORDER BY id`, roundID); err != nil {
			return err
		}
		for _, x := range ext {
			token, hash := newRaterToken()
			if _, err := tx.ExecContext(ctx, `UPDATE single_use_token SET token_hash = $2, expires_at = $3 WHERE id = $1`, x.TokenID, hash, tokenExpiry(r.Deadline)); err != nil {
				return err
			}
			links = append(links, domain.RaterLink{RaterID: x.RaterID, Group: x.Group, Token: token})
		}
		var accounts []int64
		if err := tx.SelectContext(ctx, &accounts, `SELECT id FROM feedback_rater WHERE round_id = $1 AND user_id IS NOT NULL`, roundID); err != nil {
			return err
		}
		for _, m := range mails {
			if m.RaterID == nil || !slices.Contains(accounts, *m.RaterID) {
				continue
			}
			if _, err := enqueueMail(ctx, tx, m); err != nil {
				return err
			}
		}
		if err := audit(ctx, tx, "approve", "feedback_round", &roundID, domain.OutcomeAllowed); err != nil {
			return err
		}
		round, err = db.findRound(ctx, tx, roundID)
		return err
	})
	if domain.ErrorCode(err) == domain.ENotFound {
		return round, nil, db.deny(ctx, "approve", "feedback_round", &roundID, err)
	}
	return round, links, wrap(err, "approve feedback round %d", roundID)
}
