package app

import (
	"context"
	"log/slog"
	"time"

	"regiepool/internal/domain"
)

// Mailer delivers one outbox message (internal/mail over SMTP). A second
// implementation exists only in that the service may run without one: then
// nothing is sent and the messages wait in the outbox.
type Mailer interface {
	Send(ctx context.Context, m domain.OutboxMessage) error
}

// outboxBatch is how many messages one worker claims at a time.
const outboxBatch = 20

// DeliverOutbox claims the due messages batch by batch and sends them with
// m until none is due, and returns how many were sent. A failed delivery is
// recorded (tried again after domain.OutboxBackoff, failed after
// domain.OutboxMaxAttempts); it does not stop the others. Several workers
// (instances) may run it at once: each message is claimed by one.
func (a *App) DeliverOutbox(ctx context.Context, m Mailer, log *slog.Logger) (int, error) {
	sent := 0
	for {
		msgs, err := a.db.ClaimOutbox(ctx, outboxBatch)
		if err != nil {
			return sent, err
		}
		if len(msgs) == 0 {
			return sent, nil
		}
		for _, msg := range msgs {
			err := m.Send(ctx, msg)
			a.obs.OutboxAttempt(err == nil)
			if err != nil {
				log.Warn("e-mail not delivered", "message", msg.ID, "kind", msg.Kind, "attempt", msg.Attempts, "err", err)
				if ferr := a.db.MarkOutboxFailed(context.WithoutCancel(ctx), msg.ID, err.Error()); ferr != nil {
					return sent, ferr
				}
				continue
			}
			if err := a.db.MarkOutboxSent(context.WithoutCancel(ctx), msg.ID); err != nil {
				return sent, err
			}
			sent++
		}
	}
}

// RunOutbox is the outbox worker of `serve`: every interval it delivers the
// due messages with m (none when m is nil: the messages stay in the outbox
// for /beheer/berichten), and hourly it forgets the recipients and content
// the outbox no longer needs (StripOutbox). It returns when ctx ends.
func (a *App) RunOutbox(ctx context.Context, m Mailer, interval time.Duration, log *slog.Logger) {
	t := time.NewTicker(interval)
	defer t.Stop()
	var lastStrip time.Time
	for {
		if m != nil {
			if _, err := a.DeliverOutbox(ctx, m, log); err != nil && ctx.Err() == nil {
				log.Error("outbox", "err", err)
			}
		}
		if time.Since(lastStrip) > time.Hour {
			if _, err := a.StripOutbox(ctx); err != nil && ctx.Err() == nil {
				log.Error("outbox strip", "err", err)
			} else {
				lastStrip = time.Now()
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// StripOutbox cancels pending messages that are no longer needed and makes
// messages done for domain.OutboxRetention forget their recipient and
// content. It returns how many messages changed.
//
// It is the retention job's outbox strip (the job owns the outbox's
// clean-up, and deletes the messages at their configurable term); the
// worker runs the same function hourly because the address bound is a
// promise about hours, not days: an external rater's, family's or party's
// address lives only in the outbox and goes 30 days after the message is
// done, or as soon as a pending one is no longer needed (a rater who
// answered keeps reminders queued until their day). The daily run alone
// would let an address outlive that by up to a day.
func (a *App) StripOutbox(ctx context.Context) (int, error) {
	return a.db.StripOutbox(ctx, time.Now())
}

// OutboxMessages lists page p of the outbox (newest first) and the number of
// messages, for an admin. Errors: forbidden.
func (a *App) OutboxMessages(ctx context.Context, f domain.OutboxFilter, p domain.Page) ([]domain.OutboxMessage, int, error) {
	return a.db.FindOutboxMessages(ctx, f, p)
}

// OutboxMessage returns one message of the outbox, for an admin. Errors:
// forbidden, not_found.
//
// Without a mail server the admins are how a message reaches its recipient
// (the demo), so they read it whole; once a mail server delivers the outbox
// (Config.MailDelivery) its single-use links are hidden.
func (a *App) OutboxMessage(ctx context.Context, id int64) (domain.OutboxMessage, error) {
	m, err := a.db.FindOutboxMessage(ctx, id)
	if err == nil && a.cfg.MailDelivery {
		m.Text, m.HTML = domain.RedactSingleUseLinks(m.Text), domain.RedactSingleUseLinks(m.HTML)
	}
	return m, err
}

// OutboxStats counts the outbox by state: for the metrics (queue length,
// failures) and the admin's home page. It reads no message.
func (a *App) OutboxStats(ctx context.Context) (domain.OutboxStats, error) {
	return a.db.OutboxStats(ctx)
}
