// Package mail sends the outbox's messages over SMTP. It is the only
// package that knows the mail library (github.com/wneessen/go-mail), so the
// library can be swapped here alone.
package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"time"

	gomail "github.com/wneessen/go-mail"

	"regiepool/internal/domain"
)

// The transport security of the SMTP connection.
const (
	TLSStartTLS = "starttls" // smtp://: plain connect, STARTTLS required (port 587)
	TLSImplicit = "implicit" // smtps://: TLS from the first byte (port 465)
	TLSNone     = "none"     // smtp://…?tls=none: no encryption, for a relay on the same host
)

// Config is where and how to deliver.
type Config struct {
	Host     string
	Port     int
	Username string // empty: no authentication
	Password string
	TLS      string // TLSStartTLS, TLSImplicit or TLSNone
	// From is the sender, e.g. "Regiepool <noreply@regiepool.example.nl>".
	From string
	// HeloDomain is the name the client greets the server with; empty:
	// "localhost".
	HeloDomain string
	// TLSConfig overrides the TLS settings (tests trust their own
	// certificate with it); nil: the system's roots, the host's name.
	TLSConfig *tls.Config
	// Timeout bounds one delivery; 0: 20 seconds.
	Timeout time.Duration
}

// Sender delivers messages to one SMTP server.
type Sender struct {
	cfg Config
}

// New checks cfg and returns a sender. It does not connect yet.
func New(cfg Config) (*Sender, error) {
	if cfg.Host == "" {
		return nil, errors.New("mail: no SMTP host")
	}
	if err := gomail.NewMsg().From(cfg.From); err != nil {
		return nil, fmt.Errorf("mail: sender %q: %w", cfg.From, err)
	}
	switch cfg.TLS {
	case TLSStartTLS, TLSImplicit, TLSNone:
	default:
		return nil, fmt.Errorf("mail: unknown TLS mode %q", cfg.TLS)
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = 20 * time.Second
	}
	return &Sender{cfg: cfg}, nil
}

// Send delivers one outbox message: a multipart/alternative mail with the
// text part first and the HTML part second. Its Message-ID is derived from
// the outbox id, so a receiver can tell a repeated delivery (after a crash
// between sending and recording it) from a new message.
func (s *Sender) Send(ctx context.Context, m domain.OutboxMessage) error {
	msg := gomail.NewMsg(gomail.WithNoDefaultUserAgent())
	if err := msg.From(s.cfg.From); err != nil {
		return fmt.Errorf("sender: %w", err)
	}
	if err := msg.To(m.To); err != nil {
		return fmt.Errorf("recipient: %w", err)
	}
	msg.Subject(m.Subject)
	msg.SetMessageIDWithValue(fmt.Sprintf("outbox-%d@regiepool", m.ID))
	msg.SetDate()
	msg.SetGenHeader("Auto-Submitted", "auto-generated")
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)

	opts := []gomail.Option{gomail.WithPort(s.cfg.Port), gomail.WithTimeout(s.cfg.Timeout)}
	if s.cfg.HeloDomain != "" {
		opts = append(opts, gomail.WithHELO(s.cfg.HeloDomain))
	}
	if s.cfg.TLSConfig != nil {
		opts = append(opts, gomail.WithTLSConfig(s.cfg.TLSConfig))
	}
	switch s.cfg.TLS {
	case TLSImplicit:
		opts = append(opts, gomail.WithSSL())
	case TLSNone:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	default:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	}
	if s.cfg.Username != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover),
			gomail.WithUsername(s.cfg.Username), gomail.WithPassword(s.cfg.Password))
	}
	c, err := gomail.NewClient(s.cfg.Host, opts...)
	if err != nil {
		return fmt.Errorf("smtp client: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
	defer cancel()
	if err := c.DialAndSendWithContext(ctx, msg); err != nil {
		return fmt.Errorf("smtp %s:%d: %w", s.cfg.Host, s.cfg.Port, err)
	}
	return nil
}
