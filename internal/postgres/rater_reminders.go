package postgres

import (
	"bytes"
	"context"
	"time"

	"regiepool/internal/auth"
	"regiepool/internal/domain"
)

// addMissedReminders writes, inside the transaction that moved the deadline
// of round roundID to deadline, the reminders that are ahead again for each
// rater who has not answered (domain.RemindersAhead, counting the
// reminders the rater has had that were not cancelled): a round opened
// with fewer than 7 days left gets its 7-day reminder once the deadline
// moves far enough. An account is reminded at its own address; an external
// rater only when their link was mailed, at the address of that mail and
// with the link it carried (checked against the rater's token). A rater
// reached neither way (the link was only shown) gets nothing.
func addMissedReminders(ctx context.Context, tx *Tx, roundID int64, regisseurName string, deadline time.Time, remind func(domain.RaterReminder) domain.Mail) error {
	var raters []struct {
		ID     int64             `db:"id"`
		Group  domain.RaterGroup `db:"rater_group"`
		UserID *int64            `db:"user_id"`
		Hash   []byte            `db:"token_hash"`
		Had    int               `db:"had"`
	}
	const q = `SELECT fr.id, fr.rater_group, fr.user_id, t.token_hash,
			(SELECT count(*) FROM outbox_message m WHERE m.rater_id = fr.id AND m.kind = 'rater_reminder' AND m.status <> 'cancelled') AS had
		FROM feedback_rater fr LEFT JOIN single_use_token t ON t.id = fr.token_id
		WHERE fr.round_id = $1 AND fr.submitted_at IS NULL ORDER BY fr.id`
	if err := tx.SelectContext(ctx, &raters, q, roundID); err != nil {
		return err
	}
	now := time.Now()
	for _, r := range raters {
		days := domain.RemindersAhead(r.Had, deadline, now)
		if len(days) == 0 {
			continue
		}
		rem := domain.RaterReminder{RegisseurName: regisseurName, Group: r.Group}
		var to string
		if r.UserID == nil {
			var sent []struct {
				To   string `db:"to_address"`
				Text string `db:"body_text"`
			}
			const qm = `SELECT to_address, body_text FROM outbox_message
				WHERE rater_id = $1 AND to_address IS NOT NULL AND body_text <> '' ORDER BY id`
			if err := tx.SelectContext(ctx, &sent, qm, r.ID); err != nil {
				return err
			}
			for _, m := range sent {
				if tok := domain.RaterTokenIn(m.Text); tok != "" && bytes.Equal(auth.HashToken(tok), r.Hash) {
					to, rem.Token = m.To, tok
					break
				}
			}
			if to == "" {
				continue
			}
		}
		for _, d := range days {
			rem.Days = d
			m := remind(rem)
			m.To, m.ToUserID, m.RaterID, m.NotBefore = to, r.UserID, &r.ID, domain.ReminderAt(deadline, d)
			if _, err := enqueueMail(ctx, tx, m); err != nil {
				return err
			}
		}
	}
	return nil
}
