package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"text/tabwriter"
	"time"

	"regiepool/internal/app"
	"regiepool/internal/config"
	"regiepool/internal/domain"
	"regiepool/internal/postgres"
)

// retention runs the retention job once: regiepool retention [--dry-run].
// It deletes or strips what has passed its term (domain.RetentionTerms,
// with REGIEPOOL_RETENTION's changes) and prints the counts per kind; with
// --dry-run it prints what it would do and changes nothing.
func retention(ctx context.Context, cfg config.Config, log *slog.Logger, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("retention", flag.ContinueOnError)
	fs.SetOutput(stdout)
	dryRun := fs.Bool("dry-run", false, "show what would be deleted or stripped, change nothing")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("retention: unexpected argument %q: want [--dry-run]", fs.Arg(0))
	}
	return withDB(ctx, cfg, log, func(ctx context.Context, db *postgres.DB) error {
		if _, err := db.Migrate(ctx); err != nil {
			return err
		}
		a := app.New(db, app.Config{})
		run, err := a.RunRetention(domain.WithActor(ctx, domain.SystemActor()), cfg.Retention, time.Now(), *dryRun, false)
		if err != nil {
			return err
		}
		return printRetention(stdout, run)
	})
}

// printRetention writes a run's counts as a table, one kind a line.
func printRetention(w io.Writer, run domain.RetentionRun) error {
	switch {
	case run.Skipped:
		_, err := fmt.Fprintln(w, "another retention run holds the lock; nothing done")
		return err
	case run.DryRun:
		fmt.Fprintln(w, "dry run: nothing is changed; this is what a run would do now")
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "KIND\tACTION\tBEFORE\tRECORDS")
	for _, c := range run.Counts {
		n := fmt.Sprint(c.Count)
		if c.Pending {
			n = "pending (no store step yet)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", c.Kind, c.Action, c.Cutoff.Format("2006-01-02 15:04"), n)
	}
	return tw.Flush()
}

// retentionEvery is how often serve checks whether today's retention run
// is due; the run itself happens at most once a day across instances.
const retentionEvery = time.Hour

// retentionLoop runs the daily retention job inside serve until ctx ends:
// a minute after start and then every hour it asks for a daily run, which
// the store skips when another instance holds the lock or a run happened
// in the last 23 hours. A failed run is logged and tried again next time.
func retentionLoop(ctx context.Context, db *postgres.DB, policy domain.RetentionPolicy, log *slog.Logger) {
	a := app.New(db, app.Config{})
	sys := domain.WithActor(ctx, domain.SystemActor())
	wait := time.Minute
	for {
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		wait = retentionEvery
		run, err := a.RunRetention(sys, policy, time.Now(), false, true)
		switch {
		case err != nil:
			log.Error("retention run failed", "err", err)
		case !run.Skipped:
			var total int64
			for _, c := range run.Counts {
				total += c.Count
			}
			log.Info("retention run done", "records", total)
		}
	}
}
