// Command regiepool-load measures Regiepool on the national data set
// (README, performance): it starts the database of a data directory
// filled by `regiepool demo --size national`, two service instances on it
// behind a small round-robin reverse proxy, logs in as the demo roles and
// measures p50/p95/p99 per page and API read, the batch proposal of one
// dispatcher's scope, and writes (cases, assignments, events) with 64
// clients; afterwards it checks the database for overbooked members. It is
// a program, not a test: `make test` does not run it.
//
//	go run ./cmd/regiepool-load -data-dir ./data-national
//	go run ./cmd/regiepool-load -url http://a:8080,http://b:8080 -dsn postgres://…
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"regiepool/internal/config"
	"regiepool/internal/domain"
	"regiepool/internal/pgcluster"
	"regiepool/internal/postgres"
	"regiepool/internal/server"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "regiepool-load:", err)
		os.Exit(1)
	}
}

type options struct {
	dataDir, dsn, urls, out     string
	readClients, writeClients   int
	readDuration, writeDuration time.Duration
	proposals                   int
	instances                   int
	hold                        bool
	// prelude is said under the figures' heading: what ran before them.
	prelude []string
}

func run(ctx context.Context, args []string, stdout io.Writer) error {
	var o options
	fs := flag.NewFlagSet("regiepool-load", flag.ContinueOnError)
	fs.StringVar(&o.dataDir, "data-dir", "./data-national", "data directory of the local PostgreSQL filled by `regiepool demo --size national`")
	fs.StringVar(&o.dsn, "dsn", "", "PostgreSQL address instead of -data-dir")
	fs.StringVar(&o.urls, "url", "", "comma-separated base URLs of running instances (default: start two in this process)")
	fs.IntVar(&o.instances, "instances", 2, "service instances to start behind the proxy")
	fs.IntVar(&o.readClients, "read-clients", 8, "concurrent clients for the reads")
	fs.IntVar(&o.writeClients, "write-clients", 64, "concurrent clients for the writes")
	fs.DurationVar(&o.readDuration, "read-duration", 40*time.Second, "how long the reads run")
	fs.DurationVar(&o.writeDuration, "write-duration", 30*time.Second, "how long the writes run")
	fs.IntVar(&o.proposals, "proposals", 5, "batch proposals of the dispatcher's scope to time")
	fs.StringVar(&o.out, "out", "", "also write the figures (markdown) to this file")
	fs.BoolVar(&o.hold, "hold", false, "only start the database and the instances, print their addresses and wait (for EXPLAIN and manual reads)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	dsn := o.dsn
	if dsn == "" {
		cluster, err := pgcluster.Start(ctx, o.dataDir, pgcluster.Options{Log: log})
		if err != nil {
			return err
		}
		defer cluster.Stop() //nolint:errcheck // best effort at the end
		dsn = cluster.DSN("regiepool")
	}
	db, err := postgres.Open(ctx, dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	base := o.urls
	if base == "" {
		// As `regiepool serve` does at start: the instances run the
		// current schema (its indexes included).
		if _, err := db.Migrate(ctx); err != nil {
			return err
		}
		if o.prelude, err = refreshBeforeStart(ctx, db, log); err != nil {
			return err
		}
		proxy, err := startInstances(ctx, dsn, o.instances, log)
		if err != nil {
			return err
		}
		base = proxy
	}
	targets := strings.Split(base, ",")
	if o.hold {
		fmt.Fprintf(stdout, "database: %s\nservice: %s\n", dsn, base)
		<-ctx.Done()
		return nil
	}
	w := io.MultiWriter(stdout)
	if o.out != "" {
		f, err := os.Create(o.out)
		if err != nil {
			return err
		}
		defer f.Close()
		w = io.MultiWriter(stdout, f)
	}
	return measure(ctx, db, targets, o, w)
}

// refreshBeforeStart removes an earlier run's writes and computes the kept
// monitoring reports that are due, as the instances' refreshers would in
// their first round, timed: so the reads measure serving the reports, not
// a computation that happens to overlap them (one is due again after the
// refresh interval, i.e. after the reads).
func refreshBeforeStart(ctx context.Context, db *postgres.DB, log *slog.Logger) ([]string, error) {
	var out []string
	n, err := removeWrites(ctx, db)
	if err != nil {
		return nil, err
	}
	if n > 0 {
		out = append(out, fmt.Sprintf("Removed %d cases an earlier run's writes left.", n))
	}
	d, err := instanceDeps(db, log)
	if err != nil {
		return nil, err
	}
	start := time.Now()
	k, err := server.NewApp(d).RefreshMonitoring(domain.WithActor(ctx, domain.SystemActor()), start, true)
	if err != nil {
		return nil, err
	}
	return append(out, fmt.Sprintf("Before the start, the refresher's round computed %d kept monitoring report(s) in %s "+
		"(cold caches; then every %s for the reports asked for).", k, time.Since(start).Round(100*time.Millisecond), d.MonitoringRefresh)), nil
}

// instanceDeps is how the load test runs an instance on db: the default
// configuration, as serve has it without environment, behind the local
// proxy.
func instanceDeps(db *postgres.DB, log *slog.Logger) (server.Deps, error) {
	cfg, err := config.Load(func(string) string { return "" })
	if err != nil {
		return server.Deps{}, err
	}
	return server.Deps{DB: db, Log: log, MinRaters: cfg.MinRaters, MinCell: cfg.MinCell, ContinuityDays: cfg.ContinuityDays,
		RequestTimeout: cfg.RequestTimeout, HeavyLimit: cfg.HeavyLimit, MonitoringRefresh: cfg.MonitoringRefresh,
		TrustedProxies: []string{"127.0.0.1"}}, nil
}

// startInstances starts n service instances, each with its own connection
// pool on the one database, as separate processes would have, and a
// round-robin reverse proxy in front; it returns the proxy's URL.
func startInstances(ctx context.Context, dsn string, n int, log *slog.Logger) (string, error) {
	var backends []*url.URL
	for i := 0; i < n; i++ {
		db, err := postgres.Open(ctx, dsn)
		if err != nil {
			return "", err
		}
		go func() { <-ctx.Done(); db.Close() }()
		d, err := instanceDeps(db, log)
		if err != nil {
			return "", err
		}
		h, err := server.New(d)
		if err != nil {
			return "", err
		}
		// As serve does: each instance runs the refresher of the slow
		// monitoring reports (one at a time works, under the store's lock).
		go server.NewApp(d).RunMonitoringRefresh(ctx, log)
		addr, err := serveOn(ctx, h)
		if err != nil {
			return "", err
		}
		backends = append(backends, &url.URL{Scheme: "http", Host: addr})
	}
	var next atomic.Uint64
	proxy := &httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) {
			r.SetURL(backends[next.Add(1)%uint64(len(backends))])
			r.SetXForwarded()
			r.Out.Host = r.In.Host
		},
		Transport: &http.Transport{MaxIdleConnsPerHost: 256},
	}
	addr, err := serveOn(ctx, proxy)
	if err != nil {
		return "", err
	}
	return "http://" + addr, nil
}

// serveOn serves h on a free local port until ctx ends.
func serveOn(ctx context.Context, h http.Handler) (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln) //nolint:errcheck // ends with ctx
	go func() { <-ctx.Done(); srv.Close() }()
	return ln.Addr().String(), nil
}

// machine describes where the figures were measured: CPUs and load.
func machine() string {
	out, err := exec.Command("uptime").Output()
	up := strings.TrimSpace(string(out))
	if err != nil {
		up = "uptime unavailable"
	}
	return fmt.Sprintf("%d CPUs (GOMAXPROCS %d); %s", runtime.NumCPU(), runtime.GOMAXPROCS(0), up)
}
