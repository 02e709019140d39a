package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"regiepool/internal/domain"
)

// The outbox (migrations/00021_outbox.sql): a message is written by
// enqueueMail in the transaction of what caused it, claimed by a worker
// with ClaimOutbox (FOR UPDATE SKIP LOCKED plus a lease, so two instances
// never take the same message), and finished with MarkOutboxSent or
// MarkOutboxFailed.

// enqueueMail writes m to the outbox inside the caller's transaction.
func enqueueMail(ctx context.Context, ex sqlx.ExtContext, m domain.Mail) (int64, error) {
	var to *string
	if m.To != "" {
		to = &m.To
	}
	if (to == nil) == (m.ToUserID == nil) {
		return 0, fmt.Errorf("enqueue %s mail: want exactly one of an address and an account", m.Kind)
	}
	due := m.NotBefore
	if due.IsZero() {
		due = time.Now()
	}
	var id int64
	const q = `INSERT INTO outbox_message (kind, to_address, to_user_id, subject, body_text, body_html, rater_id, next_attempt_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`
	if err := sqlx.GetContext(ctx, ex, &id, q, m.Kind, to, m.ToUserID, m.Subject, m.Text, m.HTML, m.RaterID, due); err != nil {
		return 0, fmt.Errorf("enqueue %s mail: %w", m.Kind, err)
	}
	return id, nil
}

// EnqueueMail writes one message to the outbox on its own (demo data and
// tests; use cases write theirs in the transaction of what caused them).
func (db *DB) EnqueueMail(ctx context.Context, m domain.Mail) (int64, error) {
	var id int64
	err := db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		var err error
		id, err = enqueueMail(ctx, tx, m)
		return err
	})
	return id, err
}

type outboxRow struct {
	ID            int64           `db:"id"`
	Kind          domain.MailKind `db:"kind"`
	To            *string         `db:"to_address"`
	ToUserID      *int64          `db:"to_user_id"`
	Subject       string          `db:"subject"`
	Text          string          `db:"body_text"`
	HTML          string          `db:"body_html"`
	Status        string          `db:"status"`
	CreatedAt     time.Time       `db:"created_at"`
	Attempts      int             `db:"attempts"`
	NextAttemptAt time.Time       `db:"next_attempt_at"`
	SentAt        *time.Time      `db:"sent_at"`
	LastError     string          `db:"last_error"`
	Stale         bool            `db:"stale"`
	Total         int             `db:"total"`
}

func (r outboxRow) message() domain.OutboxMessage {
	return domain.OutboxMessage{ID: r.ID, Kind: r.Kind, To: deref(r.To), ToUserID: r.ToUserID, Subject: r.Subject,
		Text: r.Text, HTML: r.HTML, Status: r.Status, CreatedAt: r.CreatedAt, Attempts: r.Attempts,
		NextAttemptAt: r.NextAttemptAt, SentAt: r.SentAt, LastError: r.LastError}
}

// outboxColumns reads a message with the current address of its account.
const outboxColumns = `m.id, m.kind, COALESCE(m.to_address, u.email) AS to_address, m.to_user_id, m.subject, m.body_text, m.body_html,
	m.status, m.created_at, m.attempts, m.next_attempt_at, m.sent_at, m.last_error`

// staleCondition is true for a pending message that is no longer needed:
// its rater answered or its round closed, or its account was disabled.
const staleCondition = `((m.rater_id IS NOT NULL AND EXISTS (
		SELECT 1 FROM feedback_rater fr JOIN feedback_round f ON f.id = fr.round_id
		WHERE fr.id = m.rater_id AND (fr.submitted_at IS NOT NULL OR f.status <> 'open')))
	OR (m.to_user_id IS NOT NULL AND u.disabled_at IS NOT NULL))`

// cancelMessages marks pending messages cancelled and forgets their
// recipient and content: they will not be sent.
const cancelMessages = `UPDATE outbox_message SET status = 'cancelled', to_address = NULL, body_text = '', body_html = '',
	last_error = 'Niet meer nodig.' WHERE id = ANY($1) AND status = 'pending'`

// ClaimOutbox takes up to n due messages for this worker: each gets one
// more attempt and a lease (domain.OutboxLease) during which no other
// worker sees it as due. Messages that are no longer needed (a rater who
// answered, a closed round, a disabled account) are cancelled instead of
// returned. Rows another worker holds are skipped, never waited for.
func (db *DB) ClaimOutbox(ctx context.Context, n int) ([]domain.OutboxMessage, error) {
	var out []domain.OutboxMessage
	err := db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		out = nil
		var rows []outboxRow
		q := `SELECT ` + outboxColumns + `, ` + staleCondition + ` AS stale
			FROM outbox_message m LEFT JOIN app_user u ON u.id = m.to_user_id
			WHERE m.status = 'pending' AND m.next_attempt_at <= now()
			ORDER BY m.next_attempt_at, m.id LIMIT $1 FOR UPDATE OF m SKIP LOCKED`
		if err := tx.SelectContext(ctx, &rows, q, n); err != nil {
			return err
		}
		var stale, claimed []int64
		for _, r := range rows {
			if r.Stale {
				stale = append(stale, r.ID)
				continue
			}
			claimed = append(claimed, r.ID)
			r.Attempts++
			out = append(out, r.message())
		}
		if len(stale) > 0 {
			if _, err := tx.ExecContext(ctx, cancelMessages, pq.Int64Array(stale)); err != nil {
				return err
			}
		}
		const lease = `UPDATE outbox_message SET attempts = attempts + 1, next_attempt_at = now() + $2::interval WHERE id = ANY($1)`
		_, err := tx.ExecContext(ctx, lease, pq.Int64Array(claimed), domain.OutboxLease.String())
		return err
	})
	return out, wrap(err, "claim outbox")
}

// MarkOutboxSent records that the SMTP server accepted message id.
func (db *DB) MarkOutboxSent(ctx context.Context, id int64) error {
	_, err := db.ExecContext(ctx, `UPDATE outbox_message SET status = 'sent', sent_at = now(), last_error = '' WHERE id = $1 AND status = 'pending'`, id)
	return wrap(err, "mark message %d sent", id)
}

// MarkOutboxFailed records a failed attempt at message id: it is tried again
// after domain.OutboxBackoff, or marked failed after
// domain.OutboxMaxAttempts attempts.
func (db *DB) MarkOutboxFailed(ctx context.Context, id int64, reason string) error {
	if len(reason) > 1000 {
		reason = reason[:1000]
	}
	err := db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		var attempts int
		if err := tx.GetContext(ctx, &attempts, `SELECT attempts FROM outbox_message WHERE id = $1 FOR UPDATE`, id); err != nil {
			return err
		}
		status, next := domain.OutboxPending, time.Now().Add(domain.OutboxBackoff(attempts))
		if attempts >= domain.OutboxMaxAttempts {
			status = domain.OutboxFailed
		}
		const q = `UPDATE outbox_message SET status = $2, next_attempt_at = $3, last_error = $4 WHERE id = $1 AND status = 'pending'`
		_, err := tx.ExecContext(ctx, q, id, status, next, reason)
		return err
	})
	return wrap(err, "mark message %d failed", id)
}

// FindOutboxMessages lists page p of the outbox, newest first, with their
// number, for an admin (audited). Errors: forbidden.
func (db *DB) FindOutboxMessages(ctx context.Context, f domain.OutboxFilter, p domain.Page) ([]domain.OutboxMessage, int, error) {
	if !domain.ActorFrom(ctx).Can(domain.PermReadOutbox) {
		return nil, 0, db.deny(ctx, "read", "outbox_message", nil, errForbidden())
	}
	where, args := "TRUE", []any{}
	if f.Status != nil {
		where, args = "m.status = $3", append(args, *f.Status)
	}
	var out []domain.OutboxMessage
	var total int
	err := db.Transact(ctx, 0, func(tx *Tx) error {
		var rows []outboxRow
		q := `SELECT ` + outboxColumns + `, COUNT(*) OVER() AS total
			FROM outbox_message m LEFT JOIN app_user u ON u.id = m.to_user_id
			WHERE ` + where + ` ORDER BY m.created_at DESC, m.id DESC LIMIT $1 OFFSET $2`
		if err := tx.SelectContext(ctx, &rows, q, append([]any{p.PageSize, p.Offset()}, args...)...); err != nil {
			return err
		}
		for _, r := range rows {
			out = append(out, r.message())
		}
		count := `SELECT count(*) FROM outbox_message m WHERE TRUE`
		if f.Status != nil {
			count = `SELECT count(*) FROM outbox_message m WHERE m.status = $1`
		}
		var err error
		if total, err = pageTotal(ctx, tx, rows, func(r outboxRow) int { return r.Total }, count, args...); err != nil {
			return err
		}
		return audit(ctx, tx, "read", "outbox_message", nil, domain.OutcomeAllowed)
	})
	return out, total, wrap(err, "find outbox messages")
}

// FindOutboxMessage returns one message for an admin (audited). Errors:
// forbidden, not_found.
func (db *DB) FindOutboxMessage(ctx context.Context, id int64) (domain.OutboxMessage, error) {
	if !domain.ActorFrom(ctx).Can(domain.PermReadOutbox) {
		return domain.OutboxMessage{}, db.deny(ctx, "read", "outbox_message", &id, errForbidden())
	}
	var r outboxRow
	err := db.Transact(ctx, 0, func(tx *Tx) error {
		q := `SELECT ` + outboxColumns + ` FROM outbox_message m LEFT JOIN app_user u ON u.id = m.to_user_id WHERE m.id = $1`
		if err := tx.GetContext(ctx, &r, q, id); err != nil {
			return translate(err, "Het bericht")
		}
		return audit(ctx, tx, "read", "outbox_message", &id, domain.OutcomeAllowed)
	})
	return r.message(), wrap(err, "find outbox message %d", id)
}

// OutboxStats counts the outbox by state, for the admin's home page and the
// metrics. It reads no message and needs no actor.
func (db *DB) OutboxStats(ctx context.Context) (domain.OutboxStats, error) {
	var s domain.OutboxStats
	var row struct {
		Pending   int `db:"pending"`
		Due       int `db:"due"`
		Sent      int `db:"sent"`
		Failed    int `db:"failed"`
		Cancelled int `db:"cancelled"`
	}
	const q = `SELECT count(*) FILTER (WHERE status = 'pending') AS pending,
			count(*) FILTER (WHERE status = 'pending' AND next_attempt_at <= now()) AS due,
			count(*) FILTER (WHERE status = 'sent') AS sent,
			count(*) FILTER (WHERE status = 'failed') AS failed,
			count(*) FILTER (WHERE status = 'cancelled') AS cancelled
		FROM outbox_message`
	if err := db.GetContext(ctx, &row, q); err != nil {
		return s, fmt.Errorf("outbox stats: %w", err)
	}
	return domain.OutboxStats{Pending: row.Pending, Due: row.Due, Sent: row.Sent, Failed: row.Failed, Cancelled: row.Cancelled}, nil
}

// stripOutbox forgets the recipients and content the outbox no longer
// needs, as of now: pending messages that are no longer needed (a rater
// who answered, a closed round, a disabled account) are cancelled at once,
// and messages done with (sent, failed or cancelled) at or before now -
// domain.OutboxRetention lose recipient and content; the kind and the
// times remain. It returns how many messages it changed. It is a step of
// the retention job (outbox_messages, whatever that kind's term: the bound
// is fixed) and, through StripOutbox, of the outbox worker, hourly.
func stripOutbox(ctx context.Context, tx *Tx, _, now time.Time) (int64, error) {
	var stale []int64
	q := `SELECT m.id FROM outbox_message m LEFT JOIN app_user u ON u.id = m.to_user_id
		WHERE m.status = 'pending' AND ` + staleCondition + ` FOR UPDATE OF m SKIP LOCKED`
	if err := tx.SelectContext(ctx, &stale, q); err != nil {
		return 0, err
	}
	res, err := tx.ExecContext(ctx, cancelMessages, pq.Int64Array(stale))
	if err != nil {
		return 0, err
	}
	cancelled, _ := res.RowsAffected()
	const strip = `UPDATE outbox_message SET to_address = NULL, to_user_id = NULL, body_text = '', body_html = ''
		WHERE status <> 'pending' AND COALESCE(sent_at, next_attempt_at) <= $1
			AND (to_address IS NOT NULL OR to_user_id IS NOT NULL OR body_text <> '' OR body_html <> '')`
	if res, err = tx.ExecContext(ctx, strip, now.Add(-domain.OutboxRetention)); err != nil {
		return 0, err
	}
	stripped, _ := res.RowsAffected()
	return cancelled + stripped, nil
}

// StripOutbox runs the retention job's outbox strip (stripOutbox) on its
// own, as of now: the outbox worker's hourly call.
func (db *DB) StripOutbox(ctx context.Context, now time.Time) (int, error) {
	var n int64
	err := db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		var err error
		n, err = stripOutbox(ctx, tx, time.Time{}, now)
		return err
	})
	return int(n), wrap(err, "strip outbox")
}

// SeedOutboxMessage writes a message in a given state, as if the worker had
// handled it at `at` (demo data only): sent, failed after attempts, or
// pending.
func (db *DB) SeedOutboxMessage(ctx context.Context, m domain.Mail, status string, attempts int, lastError string, at time.Time) error {
	err := db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		id, err := enqueueMail(ctx, tx, m)
		if err != nil {
			return err
		}
		var sent *time.Time
		if status == domain.OutboxSent {
			sent = &at
		}
		const q = `UPDATE outbox_message SET status = $2, attempts = $3, last_error = $4, sent_at = $5,
			created_at = LEAST(created_at, $6), next_attempt_at = $6 WHERE id = $1`
		_, err = tx.ExecContext(ctx, q, id, status, attempts, lastError, sent, at)
		return err
	})
	return wrap(err, "seed outbox message")
}

// mailOrgContacts writes m to the outbox for every active contact
// (org_contact) of organisation orgID, inside the caller's transaction.
func mailOrgContacts(ctx context.Context, tx *Tx, orgID int64, m domain.Mail) error {
	var ids []int64
	const q = `SELECT u.id FROM app_user u JOIN user_role r ON r.user_id = u.id AND r.role = 'org_contact'
		WHERE u.organisation_id = $1 AND u.disabled_at IS NULL ORDER BY u.id`
	if err := tx.SelectContext(ctx, &ids, q, orgID); err != nil {
		return err
	}
	for _, id := range ids {
		m.To, m.ToUserID = "", &id
		if _, err := enqueueMail(ctx, tx, m); err != nil {
			return err
		}
	}
	return nil
}

// mailRegisseur writes m to the outbox for the account of regisseur
// regisseurID, if they have one, inside the caller's transaction.
func mailRegisseur(ctx context.Context, tx *Tx, regisseurID int64, m domain.Mail) error {
	var userID *int64
	const q = `SELECT r.user_id FROM regisseur r JOIN app_user u ON u.id = r.user_id WHERE r.id = $1 AND u.disabled_at IS NULL`
	if err := tx.GetContext(ctx, &userID, q, regisseurID); errors.Is(err, sql.ErrNoRows) || (err == nil && userID == nil) {
		return nil // no account: nobody to tell
	} else if err != nil {
		return err
	}
	m.To, m.ToUserID = "", userID
	_, err := enqueueMail(ctx, tx, m)
	return err
}
