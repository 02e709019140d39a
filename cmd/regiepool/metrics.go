package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"regiepool/internal/config"
	"regiepool/internal/metrics"
	"regiepool/internal/postgres"
)

// startMetrics serves the Prometheus metrics at /metrics on
// REGIEPOOL_METRICS_ADDR, a listen address of its own, until stop is
// called. Without that address it returns nil metrics and serves nothing.
func startMetrics(cfg config.Config, log *slog.Logger, db *postgres.DB) (m *metrics.Metrics, stop func(), err error) {
	if cfg.MetricsAddr == "" {
		return nil, func() {}, nil
	}
	m = metrics.New()
	if err := m.RegisterDB(db.DB.DB); err != nil {
		return nil, nil, err
	}
	if err := m.RegisterQueue("outbox", func(ctx context.Context) (metrics.QueueStats, error) {
		s, err := db.OutboxStats(ctx)
		return metrics.QueueStats{Pending: s.Pending, Failed: s.Failed}, err
	}); err != nil {
		return nil, nil, err
	}
	ln, err := net.Listen("tcp", cfg.MetricsAddr)
	if err != nil {
		return nil, nil, fmt.Errorf("listen on %s (REGIEPOOL_METRICS_ADDR): %w", cfg.MetricsAddr, err)
	}
	srv := &http.Server{Handler: m.Handler(), ReadHeaderTimeout: 5 * time.Second, WriteTimeout: 30 * time.Second,
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("metrics server stopped", "err", err)
		}
	}()
	log.Info("metrics listening", "url", "http://"+ln.Addr().String()+"/metrics")
	return m, func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
	}, nil
}
