package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"regiepool/internal/auth"
	"regiepool/internal/domain"
)

const roundSelect = `SELECT f.id, f.regisseur_id, r.name AS regisseur_name, f.instrument_id, f.status, f.deadline, f.created_at, f.closed_at
	FROM feedback_round f JOIN regisseur r ON r.id = f.regisseur_id`

type roundRow struct {
	ID            int64      `db:"id"`
	RegisseurID   int64      `db:"regisseur_id"`
	RegisseurName string     `db:"regisseur_name"`
	InstrumentID  int64      `db:"instrument_id"`
	Status        string     `db:"status"`
	Deadline      time.Time  `db:"deadline"`
	CreatedAt     time.Time  `db:"created_at"`
	ClosedAt      *time.Time `db:"closed_at"`
	Total         int        `db:"total"`
}

func (db *DB) loadRound(ctx context.Context, q queryer, r roundRow) (domain.FeedbackRound, error) {
	f := domain.FeedbackRound{ID: r.ID, RegisseurID: r.RegisseurID, RegisseurName: r.RegisseurName, InstrumentID: r.InstrumentID,
		Status: r.Status, Deadline: r.Deadline, CreatedAt: r.CreatedAt, ClosedAt: r.ClosedAt}
	var raters []struct {
		ID        int64             `db:"id"`
		Group     domain.RaterGroup `db:"rater_group"`
		UserID    *int64            `db:"user_id"`
		UserName  *string           `db:"name"`
		Submitted bool              `db:"submitted"`
	}
	const qr = `SELECT fr.id, fr.rater_group, fr.user_id, u.name, fr.submitted_at IS NOT NULL AS submitted
		FROM feedback_rater fr LEFT JOIN app_user u ON u.id = fr.user_id WHERE fr.round_id = $1 ORDER BY fr.id`
	if err := q.SelectContext(ctx, &raters, qr, r.ID); err != nil {
		return f, fmt.Errorf("raters of round %d: %w", r.ID, err)
	}
	for _, x := range raters {
		f.Raters = append(f.Raters, domain.Rater{ID: x.ID, Group: x.Group, UserID: x.UserID, UserName: deref(x.UserName),
			External: x.UserID == nil, Submitted: x.Submitted})
	}
	return f, nil
}

// tokenExpiry is the end of the deadline day: links work through the whole
// day the coach named.
func tokenExpiry(deadline time.Time) time.Time {
	d := deadline.UTC()
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC).AddDate(0, 0, 1)
}

// OpenFeedbackRound opens a 360 round about a regisseur with its first
// raters, for whom domain.CanManageDevelopment allows (an admin or one of
// the regisseur's coaches). It returns the round and the links of the
// external raters (shown once), without their URL. Errors: not_found,
// invalid.
func (db *DB) OpenFeedbackRound(ctx context.Context, regisseurID int64, deadline time.Time, raters []domain.NewRater) (domain.FeedbackRound, []domain.RaterLink, error) {
	a := domain.ActorFrom(ctx)
	if err := domain.CheckRoundDeadline(deadline); err != nil {
		return domain.FeedbackRound{}, nil, err
	}
	var round domain.FeedbackRound
	var links []domain.RaterLink
	err := db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		ok, err := canCoach(ctx, tx, a, regisseurID)
		if err != nil {
			return err
		}
		if !ok {
			return errNotFound("De regisseur")
		}
		instrumentID, err := currentInstrumentID(ctx, tx)
		if err != nil {
			return err
		}
		var opener *int64
		if a.UserID != 0 {
			opener = &a.UserID
		}
		var id int64
		const q = `INSERT INTO feedback_round (regisseur_id, instrument_id, deadline, opened_by) VALUES ($1, $2, $3, $4) RETURNING id`
		if err := tx.GetContext(ctx, &id, q, regisseurID, instrumentID, deadline, opener); err != nil {
			return translate(err, "De feedbackronde")
		}
		if err := audit(ctx, tx, "create", "feedback_round", &id, domain.OutcomeAllowed); err != nil {
			return err
		}
		if links, err = db.addRaters(ctx, tx, id, regisseurID, deadline, raters); err != nil {
			return err
		}
		round, err = db.findRound(ctx, tx, id)
		return err
	})
	if domain.ErrorCode(err) == domain.ENotFound {
		return round, nil, db.deny(ctx, "create", "feedback_round", nil, err)
	}
	return round, links, wrap(err, "open feedback round for regisseur %d", regisseurID)
}

func (db *DB) addRaters(ctx context.Context, tx *Tx, roundID, regisseurID int64, deadline time.Time, raters []domain.NewRater) ([]domain.RaterLink, error) {
	var links []domain.RaterLink
	fe, err := checkRaters(ctx, tx, regisseurID, raters)
	if err != nil {
		return nil, err
	}
	if fe != nil {
		return nil, domain.Invalid(fe...)
	}
	for _, nr := range raters {
		var tokenID *int64
		var token string
		if nr.UserID == nil {
			t, hash := newRaterToken()
			if nr.Token != "" { // made by the application layer, to mail the link
				t, hash = nr.Token, auth.HashToken(nr.Token)
			}
			token = t
			var id int64
			const q = `INSERT INTO single_use_token (token_hash, purpose, subject_id, expires_at) VALUES ($1, 'rater', 0, $2) RETURNING id`
			if err := tx.GetContext(ctx, &id, q, hash, tokenExpiry(deadline)); err != nil {
				return nil, err
			}
			tokenID = &id
		}
		var raterID int64
		const q = `INSERT INTO feedback_rater (round_id, rater_group, user_id, token_id) VALUES ($1, $2, $3, $4) RETURNING id`
		if err := tx.GetContext(ctx, &raterID, q, roundID, nr.Group, nr.UserID, tokenID); err != nil {
			return nil, translate(err, "Deze beoordelaar")
		}
		if tokenID != nil {
			// The token's subject is its rater invitation.
			if _, err := tx.ExecContext(ctx, `UPDATE single_use_token SET subject_id = $1 WHERE id = $2`, raterID, *tokenID); err != nil {
				return nil, err
			}
			if nr.Email == "" { // a mailed link is not shown
				links = append(links, domain.RaterLink{RaterID: raterID, Group: nr.Group, Token: token})
			}
		}
		for _, m := range nr.Mails {
			m.RaterID = &raterID
			if _, err := enqueueMail(ctx, tx, m); err != nil {
				return nil, err
			}
		}
		if err := audit(ctx, tx, "create", "feedback_rater", &raterID, domain.OutcomeAllowed); err != nil {
			return nil, err
		}
	}
	return links, nil
}

// manageRound locks an open round the actor may manage (admin or coach of
// its regisseur). Errors: not_found, conflict (closed).
func (db *DB) manageRound(ctx context.Context, tx *Tx, roundID int64) (roundRow, error) {
	var r roundRow
	if err := tx.GetContext(ctx, &r, roundSelect+` WHERE f.id = $1 FOR UPDATE OF f`, roundID); err != nil {
		return r, translate(err, "De feedbackronde")
	}
	ok, err := canCoach(ctx, tx, domain.ActorFrom(ctx), r.RegisseurID)
	if err != nil {
		return r, err
	}
	if !ok {
		return r, errNotFound("De feedbackronde")
	}
	if r.Status != domain.RoundOpen {
		return r, domain.Errorf(domain.EConflict, "not_open", "Deze feedbackronde is niet open (%s).", map[string]string{
			domain.RoundProposed: "nog een voorstel", domain.RoundClosed: "gesloten"}[r.Status])
	}
	return r, nil
}

// AddRaters invites more raters to an open round and returns the round as
// it is now, with the new external raters' links. Errors: not_found,
// invalid, conflict (closed, or the account is already a rater).
func (db *DB) AddRaters(ctx context.Context, roundID int64, raters []domain.NewRater) (domain.FeedbackRound, []domain.RaterLink, error) {
	var round domain.FeedbackRound
	var links []domain.RaterLink
	err := db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		r, err := db.manageRound(ctx, tx, roundID)
		if err != nil {
			return err
		}
		if links, err = db.addRaters(ctx, tx, roundID, r.RegisseurID, r.Deadline, raters); err != nil {
			return err
		}
		round, err = db.findRound(ctx, tx, roundID)
		return err
	})
	if domain.ErrorCode(err) == domain.ENotFound {
		return round, nil, db.deny(ctx, "update", "feedback_round", &roundID, err)
	}
	return round, links, wrap(err, "add raters to round %d", roundID)
}

// ExtendFeedbackRound moves the deadline of an open round (and the expiry of
// its links and its pending reminders) to a later date and returns the
// round. Reminders that are ahead again (domain.RemindersAhead) are added
// for the raters who have not answered, composed by remind
// (addMissedReminders). Errors: not_found, invalid, conflict.
func (db *DB) ExtendFeedbackRound(ctx context.Context, roundID int64, deadline time.Time, remind func(domain.RaterReminder) domain.Mail) (domain.FeedbackRound, error) {
	var round domain.FeedbackRound
	err := db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		r, err := db.manageRound(ctx, tx, roundID)
		if err != nil {
			return err
		}
		if !deadline.After(r.Deadline) {
			return domain.Invalid(domain.FieldError{Name: "deadline", Code: "later", Reason: "De nieuwe deadline moet na de huidige liggen."})
		}
		var stored time.Time
		if err := tx.GetContext(ctx, &stored, `UPDATE feedback_round SET deadline = $2 WHERE id = $1 RETURNING deadline`, roundID, deadline); err != nil {
			return err
		}
		const q = `UPDATE single_use_token SET expires_at = $2
			WHERE id IN (SELECT token_id FROM feedback_rater WHERE round_id = $1 AND token_id IS NOT NULL) AND used_at IS NULL`
		if _, err := tx.ExecContext(ctx, q, roundID, tokenExpiry(deadline)); err != nil {
			return err
		}
		// The reminders move with the deadline.
		const qr = `UPDATE outbox_message SET next_attempt_at = next_attempt_at + ($2::date - $3::date) * interval '1 day'
			WHERE kind = 'rater_reminder' AND status = 'pending' AND rater_id IN (SELECT id FROM feedback_rater WHERE round_id = $1)`
		if _, err := tx.ExecContext(ctx, qr, roundID, deadline, r.Deadline); err != nil {
			return err
		}
		if err := addMissedReminders(ctx, tx, roundID, r.RegisseurName, stored, remind); err != nil {
			return err
		}
		if err := audit(ctx, tx, "update", "feedback_round", &roundID, domain.OutcomeAllowed); err != nil {
			return err
		}
		round, err = db.findRound(ctx, tx, roundID)
		return err
	})
	if domain.ErrorCode(err) == domain.ENotFound {
		return round, db.deny(ctx, "update", "feedback_round", &roundID, err)
	}
	return round, wrap(err, "extend round %d", roundID)
}

// CloseFeedbackRound closes an open round: links stop working and unsent
// drafts are discarded. It returns the closed round. Errors: not_found,
// conflict.
func (db *DB) CloseFeedbackRound(ctx context.Context, roundID int64) (domain.FeedbackRound, error) {
	var round domain.FeedbackRound
	err := db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		if _, err := db.manageRound(ctx, tx, roundID); err != nil {
			return err
		}
		stmts := []string{
			`UPDATE feedback_round SET status = 'closed', closed_at = now() WHERE id = $1`,
			`UPDATE single_use_token SET expires_at = now() WHERE id IN (SELECT token_id FROM feedback_rater WHERE round_id = $1) AND used_at IS NULL`,
			`DELETE FROM feedback_draft WHERE rater_id IN (SELECT id FROM feedback_rater WHERE round_id = $1)`,
			// Unsent invitations and reminders are not needed any more.
			`UPDATE outbox_message SET status = 'cancelled', to_address = NULL, body_text = '', body_html = '', last_error = 'Ronde gesloten.'
				WHERE status = 'pending' AND rater_id IN (SELECT id FROM feedback_rater WHERE round_id = $1)`,
		}
		for _, s := range stmts {
			if _, err := tx.ExecContext(ctx, s, roundID); err != nil {
				return err
			}
		}
		if err := audit(ctx, tx, "close", "feedback_round", &roundID, domain.OutcomeAllowed); err != nil {
			return err
		}
		var err error
		round, err = db.findRound(ctx, tx, roundID)
		return err
	})
	if domain.ErrorCode(err) == domain.ENotFound {
		return round, db.deny(ctx, "update", "feedback_round", &roundID, err)
	}
	return round, wrap(err, "close round %d", roundID)
}

func (db *DB) findRound(ctx context.Context, q queryer, id int64) (domain.FeedbackRound, error) {
	var r roundRow
	if err := q.GetContext(ctx, &r, roundSelect+` WHERE f.id = $1`, id); err != nil {
		return domain.FeedbackRound{}, translate(err, "De feedbackronde")
	}
	return db.loadRound(ctx, q, r)
}

// FindFeedbackRound returns a round with its raters, for an admin or a coach
// of its regisseur. Errors: not_found.
func (db *DB) FindFeedbackRound(ctx context.Context, id int64) (domain.FeedbackRound, error) {
	f, err := db.findRound(ctx, db, id)
	if err != nil {
		return f, wrap(err, "find round %d", id)
	}
	ok, err := canCoach(ctx, db, domain.ActorFrom(ctx), f.RegisseurID)
	if err != nil {
		return f, err
	}
	if !ok {
		return domain.FeedbackRound{}, db.deny(ctx, "read", "feedback_round", &id, errNotFound("De feedbackronde"))
	}
	return f, nil
}

// FindFeedbackRounds lists page p of a regisseur's rounds, newest first, and
// the number of rounds, for an admin or one of their coaches. Errors:
// not_found.
func (db *DB) FindFeedbackRounds(ctx context.Context, regisseurID int64, p domain.Page) ([]domain.FeedbackRound, int, error) {
	ok, err := canCoach(ctx, db, domain.ActorFrom(ctx), regisseurID)
	if err != nil {
		return nil, 0, err
	}
	if !ok {
		return nil, 0, db.deny(ctx, "read", "feedback_round", nil, errNotFound("De regisseur"))
	}
	var rows []roundRow
	q := `SELECT *, COUNT(*) OVER() AS total FROM (` + roundSelect + ` WHERE f.regisseur_id = $1) x ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3`
	if err := db.SelectContext(ctx, &rows, q, regisseurID, p.PageSize, p.Offset()); err != nil {
		return nil, 0, fmt.Errorf("find rounds: %w", err)
	}
	total, err := pageTotal(ctx, db, rows, func(r roundRow) int { return r.Total }, `SELECT count(*) FROM feedback_round WHERE regisseur_id = $1`, regisseurID)
	if err != nil {
		return nil, 0, fmt.Errorf("find rounds: %w", err)
	}
	out := make([]domain.FeedbackRound, 0, len(rows))
	for _, r := range rows {
		f, err := db.loadRound(ctx, db, r)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, f)
	}
	return out, total, nil
}

// MailRaterLinks writes to the outbox the mails of external raters' links
// that were shown once: each link's token must be the one of its rater in
// this open round (so only a link the coach was shown can be mailed), and
// the rater must not have answered yet. Errors: not_found, conflict (not
// open), invalid (links[i].url).
func (db *DB) MailRaterLinks(ctx context.Context, roundID int64, links []domain.RaterLinkMail) error {
	err := db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		if _, err := db.manageRound(ctx, tx, roundID); err != nil {
			return err
		}
		var fes []domain.FieldError
		for i, l := range links {
			var ok bool
			const q = `SELECT EXISTS (SELECT 1 FROM feedback_rater fr JOIN single_use_token t ON t.id = fr.token_id
				WHERE fr.id = $1 AND fr.round_id = $2 AND t.token_hash = $3 AND fr.submitted_at IS NULL)`
			if err := tx.GetContext(ctx, &ok, q, l.RaterID, roundID, auth.HashToken(l.Token)); err != nil {
				return err
			}
			if !ok {
				fes = append(fes, domain.FieldError{Name: fmt.Sprintf("links[%d].url", i), Code: "link",
					Reason: "Deze link hoort niet bij een beoordelaar van deze ronde die nog niet heeft gereageerd."})
				continue
			}
			for _, m := range l.Mails {
				m.RaterID = &l.RaterID
				if _, err := enqueueMail(ctx, tx, m); err != nil {
					return err
				}
			}
			if err := audit(ctx, tx, "mail_link", "feedback_rater", &l.RaterID, domain.OutcomeAllowed); err != nil {
				return err
			}
		}
		if len(fes) > 0 {
			return domain.Invalid(fes...)
		}
		return nil
	})
	if domain.ErrorCode(err) == domain.ENotFound {
		return db.deny(ctx, "update", "feedback_round", &roundID, err)
	}
	return wrap(err, "mail links of round %d", roundID)
}
