package app

import (
	"context"

	"regiepool/internal/domain"
)

// MonitoringCases is page p of the file study (dossierstudie) of filter f:
// the cases it covers one by one, pseudonymised (domain.StudyCaseOf), and
// their number. Every page of one filter numbers the cases and the
// regisseurs alike; each read is audited once, with the filter. Monitors
// and admins. Errors: invalid (the filter's period or the page), forbidden
// (not domain.CanSeeMonitoring).
func (a *App) MonitoringCases(ctx context.Context, f domain.MonitoringFilter, p domain.Page) ([]domain.StudyCase, int, error) {
	if err := p.Validate(); err != nil {
		return nil, 0, err
	}
	return a.monitoringCases(ctx, f, &p)
}

// MonitoringCasesExport is the whole file study of filter f, for the CSV:
// as MonitoringCases, every case at once.
func (a *App) MonitoringCasesExport(ctx context.Context, f domain.MonitoringFilter) ([]domain.StudyCase, error) {
	out, _, err := a.monitoringCases(ctx, f, nil)
	return out, err
}

func (a *App) monitoringCases(ctx context.Context, f domain.MonitoringFilter, p *domain.Page) ([]domain.StudyCase, int, error) {
	if err := f.Validate(); err != nil {
		return nil, 0, err
	}
	if !domain.CanSeeMonitoring(domain.ActorFrom(ctx)) {
		// The store records the refusal.
		_, _, err := a.db.FindStudyCases(ctx, f, p)
		return nil, 0, err
	}
	done, err := a.enterHeavy(ctx)
	if err != nil {
		return nil, 0, err
	}
	defer done()
	src, total, err := a.db.FindStudyCases(ctx, f, p)
	if err != nil {
		return nil, 0, err
	}
	out := make([]domain.StudyCase, len(src))
	for i, s := range src {
		out[i] = domain.StudyCaseOf(s, f)
	}
	return out, total, nil
}
