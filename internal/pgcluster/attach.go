package pgcluster

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Open returns the cluster under dir for a short job such as a backup or a
// restore: the server that runs on it already (the service's), or else one
// started for the job (created first when dir holds no cluster yet). Stop
// stops only a server Open started itself; a running service keeps its own.
func Open(ctx context.Context, dir string, opt Options) (*Cluster, error) {
	c, err := attach(ctx, dir, opt.Log)
	if err != nil || c != nil {
		return c, err
	}
	return Start(ctx, dir, opt)
}

// attach connects to the server running on dir's cluster, as postmaster.pid
// describes it (its socket directory and port); nil when none runs.
func attach(ctx context.Context, dir string, log *slog.Logger) (*Cluster, error) {
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("data dir %s: %w", dir, err)
	}
	pgdata := filepath.Join(abs, "pg")
	if _, err := os.Stat(filepath.Join(abs, "PGDATA-LOCATION")); err == nil {
		pgdata = elsewhere(abs)
	}
	b, err := os.ReadFile(filepath.Join(pgdata, "postmaster.pid"))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w (run as the service's user or root)", filepath.Join(pgdata, "postmaster.pid"), err)
	}
	// postmaster.pid: pid, data directory, start time, port, socket
	// directory, listen address, shared memory key, status.
	lines := strings.Split(string(b), "\n")
	if len(lines) < 5 {
		return nil, nil // still being written by a starting server: start is refused with a clear error
	}
	pid, _ := strconv.Atoi(strings.TrimSpace(lines[0]))
	if pid <= 0 || syscall.Kill(pid, 0) != nil {
		return nil, nil // stale: the server is gone
	}
	port, _ := strconv.Atoi(strings.TrimSpace(lines[3]))
	socketDir := strings.TrimSpace(lines[4])
	if socketDir == "" {
		return nil, fmt.Errorf("the PostgreSQL server (pid %d) on %s has no unix socket", pid, pgdata)
	}
	if _, err := os.Stat(socketDir); err != nil {
		return nil, fmt.Errorf("cannot reach the socket directory %s of the running PostgreSQL server (pid %d): %w; run as the service's user or root, outside a private /tmp", socketDir, pid, err)
	}
	c := &Cluster{dataDir: pgdata, socketDir: socketDir, port: port, log: log}
	if err := c.waitReady(ctx, 10*time.Second); err != nil {
		return nil, fmt.Errorf("the running PostgreSQL server on %s does not answer: %w", pgdata, err)
	}
	log.Info("using the running PostgreSQL server", "pgdata", pgdata, "socket", socketDir)
	return c, nil
}

// Tool returns the path of a PostgreSQL client program (pg_dump,
// pg_restore): beside the server binaries Start uses, else in the newest
// /usr/lib/postgresql/N/bin that has it (a client-only install), else on
// PATH.
func Tool(name string) (string, error) {
	if dir, err := findBinDir(); err == nil {
		if p := filepath.Join(dir, name); isExecutable(p) {
			return p, nil
		}
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return versionOf(dirs[i]) > versionOf(dirs[j]) })
	for _, d := range dirs {
		if p := filepath.Join(d, name); isExecutable(p) {
			return p, nil
		}
	}
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	return "", fmt.Errorf("%s not found: install the Debian package postgresql-client-15 (apt-get install postgresql-client-15)", name)
}

func isExecutable(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir() && st.Mode()&0o111 != 0
}
