// Package pgcluster runs a private PostgreSQL cluster for the service and for
// tests: initdb on first use, a server on a unix socket only, and a clean stop.
// When the process runs as root, PostgreSQL runs as the postgres system user,
// because the server refuses to run as root.
package pgcluster

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	_ "github.com/lib/pq" // the driver used by Ping and CreateDatabase
)

// ErrNoBinaries says the PostgreSQL server programs are not installed.
var ErrNoBinaries = errors.New("PostgreSQL server binaries (initdb, postgres) not found: install the Debian package postgresql-15 (apt-get install postgresql-15), or set DATABASE_URL to an existing database")

// superuser is the cluster's bootstrap role, used for every connection.
const superuser = "regiepool"

// Cluster is a running local PostgreSQL server.
type Cluster struct {
	dataDir   string // PGDATA
	socketDir string
	port      int // 0: 5432
	cmd       *exec.Cmd
	exited    chan struct{}
	waitErr   error
	log       *slog.Logger
}

// Options tune Start.
type Options struct {
	// Ephemeral trades durability for speed (fsync off); for test clusters.
	Ephemeral bool
	// Log receives progress messages; nil discards them.
	Log *slog.Logger
}

// Start creates the cluster under dir when it does not exist yet, starts the
// server and waits until it accepts connections.
func Start(ctx context.Context, dir string, opt Options) (*Cluster, error) {
	log := opt.Log
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	bin, err := findBinDir()
	if err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("data dir %s: %w", dir, err)
	}
	owner, err := serverOwner()
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(abs, 0o755); err != nil {
		return nil, fmt.Errorf("create data dir: %w", err)
	}
	pgdata, err := pgdataFor(abs, owner, log)
	if err != nil {
		return nil, err
	}
	c := &Cluster{dataDir: pgdata, log: log}
	if c.socketDir, err = socketDirFor(pgdata, owner); err != nil {
		return nil, err
	}
	if _, err := os.Stat(filepath.Join(pgdata, "PG_VERSION")); errors.Is(err, os.ErrNotExist) {
		log.Info("creating PostgreSQL cluster", "pgdata", pgdata)
		if err := initdb(ctx, bin, pgdata, owner); err != nil {
			return nil, err
		}
	}
	if err := checkNotRunning(pgdata); err != nil {
		return nil, err
	}
	if err := c.startServer(bin, owner, opt.Ephemeral); err != nil {
		return nil, err
	}
	if err := c.waitReady(ctx, 60*time.Second); err != nil {
		c.Stop()
		return nil, err
	}
	log.Info("PostgreSQL started", "pgdata", pgdata, "socket", c.socketDir)
	return c, nil
}

// findBinDir returns the directory holding initdb and postgres: next to an
// initdb on PATH, else the newest /usr/lib/postgresql/N/bin.
func findBinDir() (string, error) {
	if p, err := exec.LookPath("initdb"); err == nil {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			p = real
		}
		dir := filepath.Dir(p)
		if _, err := os.Stat(filepath.Join(dir, "postgres")); err == nil {
			return dir, nil
		}
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return versionOf(dirs[i]) > versionOf(dirs[j]) })
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d, nil
		}
	}
	return "", ErrNoBinaries
}

func versionOf(binDir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return n
}

// owner is the OS account the server runs as; nil means the current one.
type owner struct {
	uid, gid uint32
}

func serverOwner() (*owner, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return nil, fmt.Errorf("running as root, PostgreSQL must run as the postgres system user, which does not exist: install postgresql-15 or run as another user: %w", err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	return &owner{uid: uint32(uid), gid: uint32(gid)}, nil
}

func (o *owner) sysProcAttr() *syscall.SysProcAttr {
	a := &syscall.SysProcAttr{}
	if o != nil {
		a.Credential = &syscall.Credential{Uid: o.uid, Gid: o.gid}
	}
	return a
}

// chown hands a path to the server owner.
func (o *owner) chown(path string) error {
	if o == nil {
		return nil
	}
	return os.Chown(path, int(o.uid), int(o.gid))
}

// canReach reports whether the owner can enter dir; a clone may sit under a
// directory only root can enter.
func (o *owner) canReach(dir string) bool {
	if o == nil {
		return true
	}
	cmd := exec.Command("test", "-x", dir)
	cmd.SysProcAttr = o.sysProcAttr()
	return cmd.Run() == nil
}

// pgdataFor picks PGDATA: dir/pg, or, when the postgres user cannot reach dir,
// a directory under /var/lib/regiepool named after dir, recorded in dir.
func pgdataFor(dir string, o *owner, log *slog.Logger) (string, error) {
	pgdata := filepath.Join(dir, "pg")
	if !o.canReach(dir) {
		pgdata = elsewhere(dir)
		log.Warn("the postgres user cannot enter the data dir; keeping the cluster elsewhere", "dataDir", dir, "pgdata", pgdata)
		note := "The PostgreSQL cluster for this data directory lives in " + pgdata +
			"\nbecause the postgres system user cannot enter this directory.\n"
		if err := os.WriteFile(filepath.Join(dir, "PGDATA-LOCATION"), []byte(note), 0o644); err != nil {
			return "", fmt.Errorf("record cluster location: %w", err)
		}
		if err := os.MkdirAll(filepath.Dir(pgdata), 0o755); err != nil {
			return "", fmt.Errorf("create %s: %w", filepath.Dir(pgdata), err)
		}
	}
	if err := os.MkdirAll(pgdata, 0o700); err != nil {
		return "", fmt.Errorf("create pgdata: %w", err)
	}
	if err := o.chown(pgdata); err != nil {
		return "", fmt.Errorf("chown pgdata: %w", err)
	}
	return pgdata, nil
}

// elsewhere is the PGDATA for dir when the postgres user cannot enter dir.
func elsewhere(dir string) string {
	sum := sha256.Sum256([]byte(dir))
	return filepath.Join("/var/lib/regiepool", hex.EncodeToString(sum[:6]), "pg")
}

// socketDirFor returns a private directory for the unix socket: "run" beside
// PGDATA, where anyone who may reach the data (the service's user, root, a
// backup job) finds it even when the service has a private /tmp (systemd's
// PrivateTmp). Socket paths are limited to 107 bytes, so a long data
// directory puts it in /tmp instead, named after PGDATA.
func socketDirFor(pgdata string, o *owner) (string, error) {
	dir := filepath.Join(filepath.Dir(pgdata), "run")
	if len(dir)+len("/.s.PGSQL.5432") > maxSocketPath {
		sum := sha256.Sum256([]byte(pgdata))
		dir = filepath.Join(os.TempDir(), "regiepool-pg-"+hex.EncodeToString(sum[:6]))
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("create socket dir: %w", err)
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		return "", fmt.Errorf("chmod socket dir: %w", err)
	}
	if err := o.chown(dir); err != nil {
		return "", fmt.Errorf("chown socket dir: %w", err)
	}
	return dir, nil
}

// maxSocketPath is the longest socket path used (the kernel's limit is 107).
const maxSocketPath = 100

func initdb(ctx context.Context, bin, pgdata string, o *owner) error {
	cmd := exec.CommandContext(ctx, filepath.Join(bin, "initdb"),
		"-D", pgdata, "-U", superuser, "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")
	cmd.SysProcAttr = o.sysProcAttr()
	cmd.Dir = os.TempDir() // initdb complains when it cannot read the working directory
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("initdb %s: %w\n%s", pgdata, err, out)
	}
	return nil
}

// checkNotRunning refuses to start a second server on the same PGDATA, with a
// message that says what to do.
func checkNotRunning(pgdata string) error {
	b, err := os.ReadFile(filepath.Join(pgdata, "postmaster.pid"))
	if err != nil {
		return nil
	}
	pid, err := strconv.Atoi(strings.TrimSpace(strings.SplitN(string(b), "\n", 2)[0]))
	if err != nil || pid <= 0 {
		return nil
	}
	if syscall.Kill(pid, 0) == nil {
		return fmt.Errorf("a PostgreSQL server (pid %d) is already running on %s: stop the other regiepool process first", pid, pgdata)
	}
	return nil // stale pid file: postgres removes it itself
}

func (c *Cluster) startServer(bin string, o *owner, ephemeral bool) error {
	args := []string{"-D", c.dataDir, "-k", c.socketDir,
		"-c", "listen_addresses=", // unix socket only: nothing listens on TCP
		"-c", "unix_socket_permissions=0700",
		"-c", "max_connections=200",
	}
	if ephemeral {
		args = append(args, "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off")
	}
	logFile, err := os.OpenFile(filepath.Join(filepath.Dir(c.dataDir), "postgres.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("open postgres log: %w", err)
	}
	cmd := exec.Command(filepath.Join(bin, "postgres"), args...)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.Dir = os.TempDir()
	cmd.SysProcAttr = o.sysProcAttr()
	// Its own process group keeps a terminal's Ctrl-C away from the server,
	// so the service closes its pool first and then stops the server itself.
	// Pdeathsig stops the server if the service is killed outright.
	cmd.SysProcAttr.Setpgid = true
	cmd.SysProcAttr.Pdeathsig = syscall.SIGINT
	if err := cmd.Start(); err != nil {
		logFile.Close()
		return fmt.Errorf("start postgres: %w", err)
	}
	c.cmd = cmd
	c.exited = make(chan struct{})
	go func() {
		c.waitErr = cmd.Wait()
		logFile.Close()
		close(c.exited)
	}()
	return nil
}

func (c *Cluster) waitReady(ctx context.Context, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for {
		db, err := sql.Open("postgres", c.DSN("postgres"))
		if err == nil {
			err = db.PingContext(ctx)
			db.Close()
		}
		if err == nil {
			return nil
		}
		select {
		case <-c.exited:
			return fmt.Errorf("postgres exited during start (%v); see %s", c.waitErr, filepath.Join(filepath.Dir(c.dataDir), "postgres.log"))
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("postgres not ready after %s: %w", limit, err)
		}
	}
}

// DSN returns a lib/pq connection string for database name over the socket.
func (c *Cluster) DSN(name string) string {
	port := c.port
	if port == 0 {
		port = 5432
	}
	return fmt.Sprintf("host=%s port=%d user=%s dbname=%s sslmode=disable", c.socketDir, port, superuser, name)
}

// EnsureDatabase creates database name when it does not exist.
func (c *Cluster) EnsureDatabase(ctx context.Context, name string) error {
	db, err := sql.Open("postgres", c.DSN("postgres"))
	if err != nil {
		return err
	}
	defer db.Close()
	var exists bool
	if err := db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, name).Scan(&exists); err != nil {
		return fmt.Errorf("look up database %s: %w", name, err)
	}
	if exists {
		return nil
	}
	// Identifiers cannot be parameters; name comes from our own code.
	if _, err := db.ExecContext(ctx, `CREATE DATABASE "`+name+`"`); err != nil {
		return fmt.Errorf("create database %s: %w", name, err)
	}
	return nil
}

// Stop shuts the server down with a fast shutdown (clients are disconnected,
// data is checkpointed) and waits for it to exit.
func (c *Cluster) Stop() error {
	if c == nil || c.cmd == nil {
		return nil
	}
	select {
	case <-c.exited:
		return nil
	default:
	}
	_ = c.cmd.Process.Signal(syscall.SIGINT)
	select {
	case <-c.exited:
		c.log.Info("PostgreSQL stopped")
		return nil
	case <-time.After(30 * time.Second):
		_ = c.cmd.Process.Signal(syscall.SIGQUIT)
		<-c.exited
		return errors.New("postgres did not stop within 30s; sent SIGQUIT")
	}
}

// Exited is closed when the server process ends, for whatever reason.
func (c *Cluster) Exited() <-chan struct{} { return c.exited }

// SignalAll sends sig to the server and to each of its processes (backends
// call setsid, so they are not in the server's process group). Tests use
// SIGSTOP and SIGCONT to play a hung database.
func (c *Cluster) SignalAll(sig syscall.Signal) error {
	if c == nil || c.cmd == nil {
		return errors.New("no server")
	}
	pid := c.cmd.Process.Pid
	if err := syscall.Kill(pid, sig); err != nil {
		return err
	}
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return err
	}
	for _, e := range entries {
		child, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		// pid (comm) state ppid …; comm may hold spaces, so read after ')'.
		rest := stat[strings.LastIndexByte(string(stat), ')')+1:]
		var state string
		var ppid int
		if _, err := fmt.Sscan(string(rest), &state, &ppid); err == nil && ppid == pid {
			_ = syscall.Kill(child, sig)
		}
	}
	return nil
}
