package main

import (
	"context"
	"log/slog"

	"regiepool/internal/app"
	"regiepool/internal/config"
	"regiepool/internal/postgres"
)

// monitoringLoop runs the refresher of the slow monitoring reports inside
// serve until ctx ends (app.RunMonitoringRefresh), with the thresholds the
// service's reports are computed under.
func monitoringLoop(ctx context.Context, db *postgres.DB, cfg config.Config, log *slog.Logger) {
	app.New(db, app.Config{MinRaters: cfg.MinRaters, MinCell: cfg.MinCell, ContinuityDays: cfg.ContinuityDays,
		MonitoringRefresh: cfg.MonitoringRefresh}).RunMonitoringRefresh(ctx, log)
}
