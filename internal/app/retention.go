package app

import (
	"context"
	"time"

	"regiepool/internal/domain"
)

// RunRetention deletes or strips the personal data that has passed its
// term under policy (domain.RetentionTerms), as of now. dryRun reports the
// counts and changes nothing; daily skips when a run happened in the last
// 23 hours (the run inside serve). Only the system actor runs it.
// Errors: forbidden.
func (a *App) RunRetention(ctx context.Context, policy domain.RetentionPolicy, now time.Time, dryRun, daily bool) (domain.RetentionRun, error) {
	return a.db.RunRetention(ctx, policy, now, dryRun, daily)
}
