package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"regiepool/internal/config"
	"regiepool/internal/pgcluster"
	"regiepool/internal/postgres"
)

// The backup and restore commands use PostgreSQL's own pg_dump and
// pg_restore in custom format. They find the database like serve does
// (DATABASE_URL, else the self-managed cluster under REGIEPOOL_DATA_DIR).
// While the service runs, they use its server over its unix socket; when
// it does not, they start the cluster for the job and stop it again.

// backupOrRestore runs the backup or the restore command.
func backupOrRestore(ctx context.Context, cfg config.Config, log *slog.Logger, cmd string, args []string, stdout io.Writer) error {
	if cmd == "backup" {
		return backupCmd(ctx, cfg, log, args, stdout)
	}
	return restoreCmd(ctx, cfg, log, args, stdout)
}

// backupCmd writes a consistent dump of the database to the file named in
// args, readable only by its owner (it holds personal data). It writes next
// to the file first and renames, so a failed backup leaves no half file
// under the name.
func backupCmd(ctx context.Context, cfg config.Config, log *slog.Logger, args []string, stdout io.Writer) error {
	if len(args) != 1 || strings.HasPrefix(args[0], "-") {
		return errors.New("usage: regiepool backup FILE")
	}
	file := args[0]
	pgDump, err := pgcluster.Tool("pg_dump")
	if err != nil {
		return err
	}
	return withTarget(ctx, cfg, log, func(dsn string) error {
		tmp := file + ".partial"
		f, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
		if err != nil {
			return fmt.Errorf("backup file: %w", err)
		}
		defer os.Remove(tmp) // gone after the rename; a leftover after a failure
		err = pgTool(ctx, pgDump, dsn, f, "--format=custom", "--compress=6")
		if cerr := f.Sync(); err == nil && cerr != nil {
			err = cerr
		}
		if cerr := f.Close(); err == nil && cerr != nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("backup failed, %s not written: %w", file, err)
		}
		if err := os.Rename(tmp, file); err != nil {
			return fmt.Errorf("backup file: %w", err)
		}
		st, err := os.Stat(file)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "backup written to %s (%d bytes)\n", file, st.Size())
		return nil
	})
}

// restoreCmd loads a dump made by backupCmd into the database. It refuses a
// database that holds any table unless --force is given; then it drops
// everything in it first. The load runs in one transaction: if it fails,
// the database is left as it was before (empty, after --force).
func restoreCmd(ctx context.Context, cfg config.Config, log *slog.Logger, args []string, stdout io.Writer) error {
	var file string
	force := false
	for _, a := range args {
		switch {
		case a == "--force" || a == "-force":
			force = true
		case strings.HasPrefix(a, "-") || file != "":
			return errors.New("usage: regiepool restore [--force] FILE")
		default:
			file = a
		}
	}
	if file == "" {
		return errors.New("usage: regiepool restore [--force] FILE")
	}
	pgRestore, err := pgcluster.Tool("pg_restore")
	if err != nil {
		return err
	}
	if err := checkDump(ctx, pgRestore, file); err != nil {
		return err
	}
	return withTarget(ctx, cfg, log, func(dsn string) error {
		n, err := postgres.CountUserRelations(ctx, dsn)
		if err != nil {
			return err
		}
		if n > 0 && !force {
			return fmt.Errorf("the database is not empty (%d tables, sequences or views): nothing restored; "+
				"run regiepool restore --force %s to replace everything in it with the backup", n, file)
		}
		if n > 0 {
			log.Warn("dropping everything in the database before the restore", "relations", n)
			if err := postgres.DropEverything(ctx, dsn); err != nil {
				return err
			}
		}
		if err := pgTool(ctx, pgRestore, dsn, nil, "--single-transaction", "--exit-on-error", "--no-owner", "--no-acl", file); err != nil {
			return fmt.Errorf("restore of %s failed; the database is unchanged (empty after --force): %w", file, err)
		}
		fmt.Fprintf(stdout, "restored %s; restart the service so that it reads the restored data afresh\n", file)
		return nil
	})
}

// withTarget runs fn with a libpq connection string for the service's
// database: DATABASE_URL, or the self-managed cluster (the running server,
// or one started and created for the job).
func withTarget(ctx context.Context, cfg config.Config, log *slog.Logger, fn func(dsn string) error) (err error) {
	if cfg.DatabaseURL != "" {
		return fn(cfg.DatabaseURL)
	}
	cluster, err := pgcluster.Open(ctx, cfg.DataDir, pgcluster.Options{Log: log})
	if err != nil {
		return err
	}
	defer func() {
		if serr := cluster.Stop(); serr != nil && err == nil {
			err = serr
		}
	}()
	if err := cluster.EnsureDatabase(ctx, "regiepool"); err != nil {
		return err
	}
	return fn(cluster.DSN("regiepool"))
}

// pgTool runs a PostgreSQL client program against dsn. The password, if
// any, goes in PGPASSWORD, never on the command line where ps shows it.
func pgTool(ctx context.Context, path, dsn string, stdout io.Writer, args ...string) error {
	conn, password := splitPassword(dsn)
	cmd := exec.CommandContext(ctx, path, append([]string{"--dbname=" + conn}, args...)...)
	cmd.Env = os.Environ()
	if password != "" {
		cmd.Env = append(cmd.Env, "PGPASSWORD="+password)
	}
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = stdout, &stderr
	cmd.Dir = os.TempDir()
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s: %w: %s", filepath.Base(path), err, strings.TrimSpace(stderr.String()))
	}
	return nil
}

// splitPassword takes the password out of a connection string, in URL or
// key=value form.
func splitPassword(dsn string) (string, string) {
	if u, err := url.Parse(dsn); err == nil && (u.Scheme == "postgres" || u.Scheme == "postgresql") {
		if u.User == nil {
			return dsn, ""
		}
		pw, ok := u.User.Password()
		if !ok {
			return dsn, ""
		}
		u.User = url.User(u.User.Username())
		return u.String(), pw
	}
	var keep []string
	var pw string
	for _, f := range strings.Fields(dsn) {
		if v, ok := strings.CutPrefix(f, "password="); ok {
			pw = strings.Trim(v, "'")
			continue
		}
		keep = append(keep, f)
	}
	return strings.Join(keep, " "), pw
}

// checkDump refuses a file that is not a readable custom-format dump before
// the database is touched.
func checkDump(ctx context.Context, pgRestore, file string) error {
	f, err := os.Open(file)
	if err != nil {
		return fmt.Errorf("backup file: %w", err)
	}
	magic := make([]byte, 5)
	_, err = io.ReadFull(f, magic)
	f.Close()
	if err != nil || string(magic) != "PGDMP" {
		return fmt.Errorf("%s is not a backup made by regiepool backup (PostgreSQL custom format); nothing restored", file)
	}
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, pgRestore, "--list", file)
	cmd.Stdout, cmd.Stderr = io.Discard, &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s cannot be read (%v: %s); nothing restored", file, err, strings.TrimSpace(stderr.String()))
	}
	return nil
}
