// Command regiepool runs the Regiepool service.
//
//	regiepool [serve]        run the HTTP service (default)
//	regiepool migrate up     apply pending migrations
//	regiepool migrate status list migrations and whether they are applied
//	regiepool demo           load demo data into an empty database
//	regiepool backup FILE    write a backup of the database (pg_dump)
//	regiepool restore [--force] FILE  load a backup (see backup.go)
//	regiepool retention      delete or strip personal data past its term ([--dry-run])
//	regiepool demo --size national  load the national data set (README, performance)
//	regiepool version        print the version
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"regiepool/assessments"
	"regiepool/internal/app"
	"regiepool/internal/assessment"
	"regiepool/internal/config"
	"regiepool/internal/demo"
	"regiepool/internal/postgres"
	"regiepool/internal/server"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, nil); err != nil {
		fmt.Fprintln(os.Stderr, "regiepool:", err)
		os.Exit(1)
	}
}

// run is the whole program; ready, when not nil, receives the listen address
// once the server accepts connections (tests use it).
func run(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer, ready chan<- string) error {
	cfg, err := config.Load(getenv)
	if err != nil {
		return fmt.Errorf("configuration: %w", err)
	}
	log := newLogger(cfg, stdout)
	cmd := "serve"
	if len(args) > 0 {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return serve(ctx, cfg, log, ready)
	case "migrate":
		return migrate(ctx, cfg, log, args, stdout)
	case "demo":
		return demoCmd(ctx, cfg, log, args, progressOut)
	case "backup", "restore":
		return backupOrRestore(ctx, cfg, log, cmd, args, stdout)
	case "retention":
		return retention(ctx, cfg, log, args, stdout)
	case "version":
		fmt.Fprintln(stdout, "regiepool", version)
		return nil
	default:
		return fmt.Errorf("unknown command %q: want serve, migrate, demo, backup, restore, retention or version", cmd)
	}
}

func newLogger(cfg config.Config, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.LogLevel}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// errClusterDied ends the service when its own PostgreSQL stops under it
// (killed, or its data directory removed) and cannot be kept running (see
// keepCluster): serving on without a database would only answer 503s.
var errClusterDied = errors.New("the local PostgreSQL server stopped unexpectedly; see postgres.log in the data directory")

// withDB opens the database (starting the local cluster when DATABASE_URL is
// empty), runs fn and closes everything again. When the local cluster dies
// and cannot be started again, fn's context is cancelled and withDB returns
// errClusterDied.
func withDB(ctx context.Context, cfg config.Config, log *slog.Logger, fn func(context.Context, *postgres.DB) error) (err error) {
	dsn := cfg.DatabaseURL
	var died <-chan struct{} // nil: never fires with an external database
	if dsn == "" {
		cluster, err := keepCluster(ctx, cfg, log)
		if err != nil {
			return err
		}
		defer func() {
			if serr := cluster.Stop(); serr != nil && err == nil {
				err = serr
			}
		}()
		dsn = cluster.DSN()
		died = cluster.Lost()
	}
	db, err := postgres.Open(ctx, dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	fctx, cancel := context.WithCancel(ctx)
	defer cancel()
	lost := make(chan struct{})
	go func() {
		select {
		case <-died:
			close(lost)
			cancel()
		case <-fctx.Done():
		}
	}()
	err = fn(fctx, db)
	select {
	case <-lost:
		log.Error("PostgreSQL stopped under the service")
		return errClusterDied
	default:
		return err
	}
}

func migrate(ctx context.Context, cfg config.Config, log *slog.Logger, args []string, stdout io.Writer) error {
	sub := "up"
	if len(args) > 0 {
		sub = args[0]
	}
	return withDB(ctx, cfg, log, func(ctx context.Context, db *postgres.DB) error {
		switch sub {
		case "up":
			res, err := db.Migrate(ctx)
			for _, r := range res {
				fmt.Fprintf(stdout, "applied %s (%s)\n", r.Source.Path, r.Duration.Round(time.Millisecond))
			}
			if err == nil && len(res) == 0 {
				fmt.Fprintln(stdout, "schema is current")
			}
			return err
		case "status":
			st, err := db.MigrationStatus(ctx)
			if err != nil {
				return err
			}
			for _, s := range st {
				applied := "pending"
				if s.State == "applied" {
					applied = "applied " + s.AppliedAt.UTC().Format(time.RFC3339)
				}
				fmt.Fprintf(stdout, "%-40s %s\n", s.Source.Path, applied)
			}
			return nil
		default:
			return fmt.Errorf("unknown migrate command %q: want up or status", sub)
		}
	})
}

func serve(ctx context.Context, cfg config.Config, log *slog.Logger, ready chan<- string) error {
	log.Info("starting regiepool", "version", version, "config", cfg)
	return withDB(ctx, cfg, log, func(ctx context.Context, db *postgres.DB) error {
		res, err := db.Migrate(ctx)
		if err != nil {
			return err
		}
		for _, r := range res {
			log.Info("migration applied", "file", r.Source.Path)
		}
		if err := loadInstruments(ctx, db); err != nil {
			return err
		}
		go retentionLoop(ctx, db, cfg.Retention, log)
		if cfg.Demo {
			if err := demo.Load(ctx, db, log); err != nil && !errors.Is(err, demo.ErrNotEmpty) {
				return err
			}
		}
		m, stopMetrics, err := startMetrics(cfg, log, db)
		if err != nil {
			return err
		}
		defer stopMetrics()
		deps := server.Deps{DB: db, Log: log, SecureCookies: cfg.SecureCookies, MinRaters: cfg.MinRaters, MinCell: cfg.MinCell,
			ContinuityDays: cfg.ContinuityDays, PublicURL: publicURL(cfg), RequestTimeout: cfg.RequestTimeout,
			TrustedProxies: cfg.TrustedProxies, HeavyLimit: cfg.HeavyLimit, MonitoringRefresh: cfg.MonitoringRefresh, Metrics: m, OIDCProviders: cfg.OIDCProviders,
			MailDelivery: cfg.SMTP != nil}
		h, err := server.New(deps)
		if err != nil {
			return err
		}
		// The background jobs run on the application the handler runs on,
		// with its configuration. The monitoring refresher starts after the
		// demo data: a report computed slowly over a database still being
		// filled would be kept, with half its figures.
		jobs := server.NewApp(deps)
		go jobs.RunMonitoringRefresh(ctx, log)
		stopOutbox, err := startOutbox(ctx, cfg, jobs, log)
		if err != nil {
			return err
		}
		defer stopOutbox()
		return listenAndServe(ctx, cfg, log, h, ready)
	})
}

// loadInstruments validates the embedded instrument definitions and stores
// new versions; a broken or illegally changed definition stops the start.
func loadInstruments(ctx context.Context, db *postgres.DB) error {
	defs, err := assessment.LoadAll(assessments.FS)
	if err != nil {
		return err
	}
	if err := db.SyncInstruments(ctx, defs); err != nil {
		return err
	}
	policies, err := assessment.LoadPolicies(assessments.FS, defs)
	if err != nil {
		return err
	}
	return db.SyncMatchingPolicies(ctx, policies)
}

// listenAndServe serves until ctx ends, then lets in-flight requests finish
// within the shutdown timeout while refusing new connections.
func listenAndServe(ctx context.Context, cfg config.Config, log *slog.Logger, h http.Handler, ready chan<- string) error {
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	log.Info("listening", "url", "http://"+ln.Addr().String())
	if ready != nil {
		ready <- ln.Addr().String()
	}
	select {
	case err := <-errc:
		return fmt.Errorf("http server: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down", "timeout", cfg.ShutdownTimeout)
	sctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	log.Info("stopped")
	return nil
}

// publicURL is REGIEPOOL_PUBLIC_URL, or the listen address as an http URL.
func publicURL(cfg config.Config) string {
	if cfg.PublicURL != "" {
		return cfg.PublicURL
	}
	return app.PublicURLFromAddr(cfg.Addr)
}
