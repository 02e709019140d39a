package app

import (
	"context"
	"time"

	"regiepool/internal/domain"
)

// Observer is told what the service's metrics count: how long the matching
// engine and the PDF renders take, and why log-ins fail. Its arguments are
// fixed words, never a name, an address or an id. Config.Observer nil
// observes nothing.
type Observer interface {
	// EngineRun is one run of the matching engine: op is "rank" (the
	// candidates of one case) or "propose" (a batch proposal).
	EngineRun(op string, d time.Duration)
	// PDFRendered is one PDF render of report kind (the file name without
	// .pdf), failed or not.
	PDFRendered(kind string, d time.Duration, err error)
	// LoginFailed is a refused password log-in: reason is "credentials"
	// (a wrong e-mail or password, or a disabled account), "throttled"
	// (too many recent failures) or "error".
	LoginFailed(reason string)
	// OutboxAttempt is one attempt to deliver an e-mail of the outbox.
	OutboxAttempt(ok bool)
}

type nopObserver struct{}

func (nopObserver) EngineRun(string, time.Duration)          {}
func (nopObserver) PDFRendered(string, time.Duration, error) {}
func (nopObserver) LoginFailed(string)                       {}
func (nopObserver) OutboxAttempt(bool)                       {}

// observedStore tells the observer about every refused password check,
// whichever use case (web log-in, API token) made it.
type observedStore struct {
	Store
	obs Observer
}

func (s observedStore) Authenticate(ctx context.Context, email, password, clientIP string) (int64, error) {
	id, err := s.Store.Authenticate(ctx, email, password, clientIP)
	if err != nil {
		switch domain.ErrorCode(err) {
		case domain.EUnauthenticated:
			s.obs.LoginFailed("credentials")
		case domain.ETooManyRequests:
			s.obs.LoginFailed("throttled")
		case domain.ECanceled:
		default:
			s.obs.LoginFailed("error")
		}
	}
	return id, err
}

// timeEngine reports how long the engine took for op since start.
func (a *App) timeEngine(op string, start time.Time) {
	a.obs.EngineRun(op, time.Since(start))
}

// RenderPDF runs render, a PDF render of report kind (the file name
// without .pdf), and tells the observer how long it took.
func (a *App) RenderPDF(kind string, render func() error) error {
	start := time.Now()
	err := render()
	a.obs.PDFRendered(kind, time.Since(start), err)
	return err
}
