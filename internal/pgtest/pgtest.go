// Package pgtest gives tests a real, migrated PostgreSQL database of their
// own. A package's TestMain calls Main, which starts a throwaway cluster
// (unless TEST_DATABASE_URL names a server) and builds one migrated template
// database; NewDB then clones it per test with CREATE DATABASE … TEMPLATE,
// which takes milliseconds. Tests fail, never skip, when PostgreSQL is missing.
package pgtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lib/pq"

	"regiepool/assessments"
	"regiepool/internal/assessment"
	"regiepool/internal/pgcluster"
	"regiepool/internal/postgres"
)

var (
	mu       sync.Mutex
	adminDSN string // a connection to a maintenance database of the server
	dsnFor   func(name string) string
	template string
	setupErr error
)

// Runner runs a package's tests: a *testing.M, or a wrapper around one.
type Runner interface{ Run() int }

// Main starts the test database server, runs the tests and stops it again.
// Call it from TestMain: func TestMain(m *testing.M) { pgtest.Main(m) }.
func Main(m Runner) {
	code, err := run(m)
	if err != nil {
		fmt.Fprintln(os.Stderr, "pgtest:", err)
		if code == 0 {
			code = 1
		}
	}
	os.Exit(code)
}

func run(m Runner) (int, error) {
	ctx := context.Background()
	var cluster *pgcluster.Cluster
	if u := os.Getenv("TEST_DATABASE_URL"); u != "" {
		adminDSN = u
		dsnFor = func(name string) string { return withDBName(u, name) }
	} else {
		dir, err := os.MkdirTemp("", "regiepool-pgtest-")
		if err != nil {
			return 1, err
		}
		defer os.RemoveAll(dir)
		// The cluster may run as the postgres user, which must enter dir.
		if err := os.Chmod(dir, 0o755); err != nil {
			return 1, err
		}
		cluster, err = pgcluster.Start(ctx, dir, pgcluster.Options{Ephemeral: true})
		if err != nil {
			setupErr = err
			// Run anyway: every test that asks for a database fails with
			// this error, so the cause is reported where it matters.
			return m.Run(), nil
		}
		defer cluster.Stop()
		adminDSN = cluster.DSN("postgres")
		dsnFor = cluster.DSN
	}
	name, err := createTemplate(ctx)
	if err != nil {
		setupErr = err
		return m.Run(), nil
	}
	template = name
	code := m.Run()
	dropDatabase(ctx, template)
	return code, nil
}

func createTemplate(ctx context.Context) (string, error) {
	name := "regiepool_tmpl_" + randomSuffix()
	if err := exec(ctx, `CREATE DATABASE `+pq.QuoteIdentifier(name)); err != nil {
		return "", fmt.Errorf("create template database: %w", err)
	}
	db, err := postgres.Open(ctx, dsnFor(name))
	if err != nil {
		return "", err
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		return "", err
	}
	defs, err := assessment.LoadAll(assessments.FS)
	if err != nil {
		return "", err
	}
	if err := db.SyncInstruments(ctx, defs); err != nil {
		return "", err
	}
	policies, err := assessment.LoadPolicies(assessments.FS, defs)
	if err != nil {
		return "", err
	}
	if err := db.SyncMatchingPolicies(ctx, policies); err != nil {
		return "", err
	}
	return name, nil
}

// NewDB returns a store over a fresh, migrated database that is dropped when
// the test ends.
func NewDB(t testing.TB) *postgres.DB {
	t.Helper()
	db, _ := NewDBWithDSN(t)
	return db
}

// NewDBWithDSN is NewDB that also returns the connection string, for tests
// that start the whole program against the database.
func NewDBWithDSN(t testing.TB) (*postgres.DB, string) {
	t.Helper()
	if setupErr != nil {
		t.Fatalf("test database unavailable: %v", setupErr)
	}
	if template == "" {
		t.Fatal("pgtest: call pgtest.Main(m) from this package's TestMain")
	}
	ctx := context.Background()
	name := "regiepool_t_" + randomSuffix()
	// CREATE DATABASE … TEMPLATE needs the template to have no other
	// connections, so clones are made one at a time.
	mu.Lock()
	err := exec(ctx, `CREATE DATABASE `+pq.QuoteIdentifier(name)+` TEMPLATE `+pq.QuoteIdentifier(template))
	mu.Unlock()
	if err != nil {
		t.Fatalf("create test database: %v", err)
	}
	dsn := dsnFor(name)
	db, err := postgres.Open(ctx, dsn)
	if err != nil {
		t.Fatalf("open test database: %v", err)
	}
	t.Cleanup(func() {
		db.Close()
		dropDatabase(ctx, name)
	})
	return db, dsn
}

func exec(ctx context.Context, stmt string) error {
	db, err := sql.Open("postgres", adminDSN)
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.ExecContext(ctx, stmt)
	return err
}

func dropDatabase(ctx context.Context, name string) {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	_ = exec(ctx, `DROP DATABASE IF EXISTS `+pq.QuoteIdentifier(name)+` WITH (FORCE)`)
}

func randomSuffix() string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// withDBName replaces the database name in a URL or key=value DSN.
func withDBName(dsn, name string) string {
	if u, err := url.Parse(dsn); err == nil && u.Scheme != "" {
		u.Path = "/" + name
		return u.String()
	}
	fields := strings.Fields(dsn)
	out := fields[:0]
	for _, f := range fields {
		if !strings.HasPrefix(f, "dbname=") {
			out = append(out, f)
		}
	}
	return strings.Join(append(out, "dbname="+name), " ")
}

// Logger returns a logger that discards everything, for servers under test.
func Logger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }
