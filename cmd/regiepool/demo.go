package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"

	"regiepool/internal/config"
	"regiepool/internal/demo"
	"regiepool/internal/demo/national"
	"regiepool/internal/postgres"
)

// demoCmd is `regiepool demo [--size small|national]`: the small demo of
// `make run` by default, or the national data set of README's performance
// section, each only into an empty database.
func demoCmd(ctx context.Context, cfg config.Config, log *slog.Logger, args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.SetOutput(stderr)
	size := fs.String("size", "small", "data set: small (the demo of make run) or national (20,000 regisseurs, 50,000 cases)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("demo: unexpected argument %q", fs.Arg(0))
	}
	if *size != "small" && *size != "national" {
		return fmt.Errorf("demo: unknown size %q: want small or national", *size)
	}
	return withDB(ctx, cfg, log, func(ctx context.Context, db *postgres.DB) error {
		if _, err := db.Migrate(ctx); err != nil {
			return err
		}
		if err := loadInstruments(ctx, db); err != nil {
			return err
		}
		if *size == "national" {
			return national.Load(ctx, db, national.Default, stderr, log)
		}
		return demo.Load(ctx, db, log)
	})
}

// progressOut is where the national load draws its progress bar.
var progressOut io.Writer = os.Stderr
