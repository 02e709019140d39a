package main

import (
	"context"
	"log/slog"
	"time"

	"regiepool/internal/app"
	"regiepool/internal/config"
	"regiepool/internal/mail"
)

// outboxInterval is how often the outbox worker looks for due messages.
const outboxInterval = 5 * time.Second

// startOutbox runs the outbox worker of serve until ctx ends: with
// REGIEPOOL_SMTP_URL it sends the due messages, without it the messages stay
// in the outbox (readable at /beheer/berichten). Either way it runs the
// retention job's outbox strip hourly (app.StripOutbox). The returned stop
// ends the worker and waits for it, so the database is not closed under it.
func startOutbox(ctx context.Context, cfg config.Config, a *app.App, log *slog.Logger) (stop func(), err error) {
	var m app.Mailer
	if cfg.SMTP != nil {
		s, err := mail.New(mail.Config{Host: cfg.SMTP.Host, Port: cfg.SMTP.Port, Username: cfg.SMTP.Username,
			Password: cfg.SMTP.Password, TLS: cfg.SMTP.TLS, From: cfg.MailFrom})
		if err != nil {
			return nil, err
		}
		m = s
	} else {
		log.Info("REGIEPOOL_SMTP_URL is not set: e-mails stay in the outbox (/beheer/berichten)")
	}
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		a.RunOutbox(ctx, m, outboxInterval, log)
	}()
	return func() { cancel(); <-done }, nil
}
