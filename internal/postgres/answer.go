package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"regiepool/internal/auth"
	"regiepool/internal/domain"
)

type requestRow struct {
	RaterID       int64             `db:"rater_id"`
	RoundID       int64             `db:"round_id"`
	Group         domain.RaterGroup `db:"rater_group"`
	RegisseurName string            `db:"regisseur_name"`
	InstrumentID  int64             `db:"instrument_id"`
	Deadline      time.Time         `db:"deadline"`
	Total         int               `db:"total"`
}

const requestSelect = `SELECT fr.id AS rater_id, f.id AS round_id, fr.rater_group, r.name AS regisseur_name, f.instrument_id, f.deadline
	FROM feedback_rater fr JOIN feedback_round f ON f.id = fr.round_id JOIN regisseur r ON r.id = f.regisseur_id`

// FindFeedbackRequests lists page p of the actor's open invitations to rate
// someone, the nearest deadline first, with their unsent drafts, and the
// number of invitations.
func (db *DB) FindFeedbackRequests(ctx context.Context, p domain.Page) ([]domain.FeedbackRequest, int, error) {
	a := domain.ActorFrom(ctx)
	const cond = ` WHERE fr.user_id = $1 AND fr.submitted_at IS NULL AND f.status = 'open'`
	var rows []requestRow
	q := `SELECT *, COUNT(*) OVER() AS total FROM (` + requestSelect + cond + `) x ORDER BY deadline, rater_id LIMIT $2 OFFSET $3`
	if err := db.SelectContext(ctx, &rows, q, a.UserID, p.PageSize, p.Offset()); err != nil {
		return nil, 0, fmt.Errorf("find feedback requests: %w", err)
	}
	total, err := pageTotal(ctx, db, rows, func(r requestRow) int { return r.Total },
		`SELECT count(*) FROM feedback_rater fr JOIN feedback_round f ON f.id = fr.round_id`+cond, a.UserID)
	if err != nil {
		return nil, 0, fmt.Errorf("find feedback requests: %w", err)
	}
	out := make([]domain.FeedbackRequest, 0, len(rows))
	for _, r := range rows {
		req, err := db.loadRequest(ctx, db, r)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, req)
	}
	return out, total, nil
}

func (db *DB) loadRequest(ctx context.Context, q queryer, r requestRow) (domain.FeedbackRequest, error) {
	var drafts []answerRow
	const qd = `SELECT i.key, d.score, d.comment FROM feedback_draft d JOIN instrument_item i ON i.id = d.item_id WHERE d.rater_id = $1`
	if err := q.SelectContext(ctx, &drafts, qd, r.RaterID); err != nil {
		return domain.FeedbackRequest{}, fmt.Errorf("draft of rater %d: %w", r.RaterID, err)
	}
	return domain.FeedbackRequest{RaterID: r.RaterID, RoundID: r.RoundID, Group: r.Group, RegisseurName: r.RegisseurName,
		InstrumentID: r.InstrumentID, Deadline: r.Deadline, Draft: answersOf(drafts)}, nil
}

// FindFeedbackRequest returns one open invitation of the actor. Errors:
// not_found (also another rater's).
func (db *DB) FindFeedbackRequest(ctx context.Context, raterID int64) (domain.FeedbackRequest, error) {
	a := domain.ActorFrom(ctx)
	var r requestRow
	q := requestSelect + ` WHERE fr.id = $1 AND fr.user_id = $2 AND fr.submitted_at IS NULL AND f.status = 'open'`
	if err := db.GetContext(ctx, &r, q, raterID, a.UserID); err != nil {
		return domain.FeedbackRequest{}, wrap(translate(err, "Het verzoek"), "find feedback request %d", raterID)
	}
	return db.loadRequest(ctx, db, r)
}

// AnswerFeedbackRequest saves an internal rater's answers as a draft or,
// with submit, submits them: the answers become an anonymous response and
// the draft is deleted. Errors: not_found, invalid.
func (db *DB) AnswerFeedbackRequest(ctx context.Context, raterID int64, answers map[string]domain.Answer, submit bool) error {
	a := domain.ActorFrom(ctx)
	err := db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		var r requestRow
		q := requestSelect + ` WHERE fr.id = $1 AND fr.user_id = $2 AND fr.submitted_at IS NULL AND f.status = 'open' FOR UPDATE OF fr`
		if err := tx.GetContext(ctx, &r, q, raterID, a.UserID); err != nil {
			return translate(err, "Het verzoek")
		}
		ins, err := db.findInstrument(ctx, tx, r.InstrumentID)
		if err != nil {
			return err
		}
		if err := ins.Def.CheckAnswers(answers, r.Group.FamilyForm(), submit); err != nil {
			return err
		}
		if !submit {
			if err := replaceAnswers(ctx, tx, "feedback_draft", "rater_id", raterID, r.InstrumentID, answers); err != nil {
				return err
			}
			return audit(ctx, tx, "update", "feedback_draft", &raterID, domain.OutcomeAllowed)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM feedback_draft WHERE rater_id = $1`, raterID); err != nil {
			return err
		}
		return submitResponse(ctx, tx, r, answers)
	})
	return wrap(err, "answer feedback request %d", raterID)
}

// submitResponse stores answers as a response that does not refer to its
// rater, and marks the rater as done. The audit row names the rater
// invitation, never the response.
func submitResponse(ctx context.Context, tx *Tx, r requestRow, answers map[string]domain.Answer) error {
	var responseID string
	if err := tx.GetContext(ctx, &responseID, `INSERT INTO feedback_response (round_id, rater_group) VALUES ($1, $2) RETURNING id`, r.RoundID, r.Group); err != nil {
		return err
	}
	ids, err := itemIDs(ctx, tx, r.InstrumentID)
	if err != nil {
		return err
	}
	for key, ans := range answers {
		const q = `INSERT INTO feedback_answer (response_id, item_id, score, comment) VALUES ($1, $2, $3, $4)`
		if _, err := tx.ExecContext(ctx, q, responseID, ids[key], ans.Score, ans.Comment); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE feedback_rater SET submitted_at = now() WHERE id = $1`, r.RaterID); err != nil {
		return err
	}
	return audit(ctx, tx, "submit", "feedback_rater", &r.RaterID, domain.OutcomeAllowed)
}

// ExternalFeedbackRequest resolves a rater link: the token-scoped actor and
// what the form needs. Errors: not_found (unknown link), gone (used, or the
// round is closed or past its deadline).
func (db *DB) ExternalFeedbackRequest(ctx context.Context, token string) (*domain.Actor, domain.FeedbackRequest, error) {
	if !auth.LooksLikeToken(auth.PrefixRater, token) {
		return nil, domain.FeedbackRequest{}, errBadLink()
	}
	var t struct {
		ID      int64 `db:"id"`
		RaterID int64 `db:"subject_id"`
		Live    bool  `db:"live"`
	}
	const q = `SELECT id, subject_id, (used_at IS NULL AND expires_at > now()) AS live FROM single_use_token WHERE token_hash = $1 AND purpose = 'rater'`
	if err := db.GetContext(ctx, &t, q, auth.HashToken(token)); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, domain.FeedbackRequest{}, errBadLink()
		}
		return nil, domain.FeedbackRequest{}, fmt.Errorf("rater link: %w", err)
	}
	if !t.Live {
		return nil, domain.FeedbackRequest{}, domain.Errorf(domain.EGone, "link_gone",
			"Deze link is al gebruikt of verlopen. Neem contact op met de begeleider als u toch nog wilt reageren.")
	}
	var r requestRow
	if err := db.GetContext(ctx, &r, requestSelect+` WHERE fr.id = $1 AND f.status = 'open'`, t.RaterID); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, domain.FeedbackRequest{}, domain.Errorf(domain.EGone, "link_gone", "Deze feedbackronde is niet (meer) open.")
		}
		return nil, domain.FeedbackRequest{}, fmt.Errorf("rater %d: %w", t.RaterID, err)
	}
	prev := domain.ActorFrom(ctx)
	a := &domain.Actor{Kind: domain.ActorRater, TokenID: t.ID, RequestID: prev.RequestID, ClientAddr: prev.ClientAddr}
	req, err := db.loadRequest(ctx, db, r)
	return a, req, err
}

// AnswerExternal submits an external rater's answers once; ctx carries the
// token actor from ExternalFeedbackRequest. A second submission, even a
// concurrent one, is refused. Errors: gone, invalid.
func (db *DB) AnswerExternal(ctx context.Context, answers map[string]domain.Answer) error {
	a := domain.ActorFrom(ctx)
	if !domain.IsExternalRater(a) {
		return errBadLink()
	}
	err := db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		r, err := externalRater(ctx, tx)
		if err != nil {
			return err
		}
		var drafts []answerRow
		const qd = `SELECT i.key, d.score, d.comment FROM feedback_draft d JOIN instrument_item i ON i.id = d.item_id WHERE d.rater_id = $1`
		if err := tx.SelectContext(ctx, &drafts, qd, r.RaterID); err != nil {
			return fmt.Errorf("draft: %w", err)
		}
		all := answersOf(drafts)
		if all == nil {
			all = map[string]domain.Answer{}
		}
		for k, v := range answers {
			all[k] = v
		}
		ins, err := db.findInstrument(ctx, tx, r.InstrumentID)
		if err != nil {
			return err
		}
		if err := ins.Def.CheckAnswers(all, r.Group.FamilyForm(), true); err != nil {
			return err
		}
		if err := UseSingleUseToken(ctx, tx); err != nil {
			return domain.Errorf(domain.EGone, "link_gone", "Deze link is al gebruikt of verlopen.")
		}
		// The draft ties answers to the link; it goes in the transaction
		// that stores them unlinked, so nothing is left that connects them.
		if _, err := tx.ExecContext(ctx, `DELETE FROM feedback_draft WHERE rater_id = $1`, r.RaterID); err != nil {
			return fmt.Errorf("delete draft: %w", err)
		}
		return submitResponse(ctx, tx, r, all)
	})
	return wrap(err, "answer external feedback")
}

// externalRater locks the invitation of the actor's rater link, inside tx,
// so a draft save and the submission cannot cross. Errors: gone (the round
// is closed).
func externalRater(ctx context.Context, tx *Tx) (requestRow, error) {
	var r requestRow
	q := requestSelect + ` WHERE fr.token_id = $1 AND f.status = 'open' FOR UPDATE OF fr`
	if err := tx.GetContext(ctx, &r, q, domain.ActorFrom(ctx).TokenID); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return r, domain.Errorf(domain.EGone, "link_gone", "Deze feedbackronde is gesloten.")
		}
		return r, err
	}
	return r, nil
}

// SaveExternalDraft stores an external rater's unsent answers to the items
// keys through their link (ctx carries the token actor from
// ExternalFeedbackRequest): each of keys gets its answer in answers, or
// none. Other items of the draft stay. The link stays usable until the
// answers are sent; the draft refers to the invitation, never to a
// response, and AnswerExternal deletes it. Errors: gone (used, expired,
// closed), invalid.
func (db *DB) SaveExternalDraft(ctx context.Context, keys []string, answers map[string]domain.Answer) error {
	a := domain.ActorFrom(ctx)
	if !domain.IsExternalRater(a) {
		return errBadLink()
	}
	err := db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		r, err := externalRater(ctx, tx)
		if err != nil {
			return err
		}
		var live bool
		if err := tx.GetContext(ctx, &live, `SELECT used_at IS NULL AND expires_at > now() FROM single_use_token WHERE id = $1`, a.TokenID); err != nil || !live {
			return domain.Errorf(domain.EGone, "link_gone", "Deze link is al gebruikt of verlopen.")
		}
		ins, err := db.findInstrument(ctx, tx, r.InstrumentID)
		if err != nil {
			return err
		}
		if err := ins.Def.CheckAnswers(answers, r.Group.FamilyForm(), false); err != nil {
			return err
		}
		ids, err := itemIDs(ctx, tx, r.InstrumentID)
		if err != nil {
			return err
		}
		for _, k := range keys {
			id, ok := ids[k]
			if !ok {
				return domain.Invalid(domain.FieldError{Name: "answers." + k, Code: "unknown", Reason: "Dit onderdeel hoort niet bij deze vragenlijst."})
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM feedback_draft WHERE rater_id = $1 AND item_id = $2`, r.RaterID, id); err != nil {
				return fmt.Errorf("clear draft answer: %w", err)
			}
			ans, ok := answers[k]
			if !ok {
				continue
			}
			const q = `INSERT INTO feedback_draft (rater_id, item_id, score, comment) VALUES ($1, $2, $3, $4)`
			if _, err := tx.ExecContext(ctx, q, r.RaterID, id, ans.Score, ans.Comment); err != nil {
				return fmt.Errorf("store draft answer %s: %w", k, err)
			}
		}
		return audit(ctx, tx, "update", "feedback_draft", &r.RaterID, domain.OutcomeAllowed)
	})
	return wrap(err, "save external draft")
}
