// Package postgres is the store: every SQL statement of Regiepool lives here.
package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
	"github.com/pressly/goose/v3"
)

// DB is the store over one PostgreSQL database.
type DB struct {
	*sqlx.DB

	migrOnce sync.Once
	migr     *goose.Provider
	migrErr  error

	scores scoreCache // frozen competency scores (scorecache.go)
}

// Timeouts bound how long the database may keep a request waiting, so that a
// hung or overloaded server turns into quick 503s instead of requests that
// hang until the client gives up. They are sent as run-time parameters of
// every connection, and apply to an external database too.
var Timeouts = struct {
	Connect           time.Duration // establishing a connection (connect_timeout)
	Statement         time.Duration // one statement (statement_timeout)
	Lock              time.Duration // waiting for one lock (lock_timeout)
	IdleInTransaction time.Duration // a transaction left open (idle_in_transaction_session_timeout)
}{
	Connect:           3 * time.Second,
	Statement:         8 * time.Second,
	Lock:              4 * time.Second,
	IdleInTransaction: 30 * time.Second,
}

// Open connects to dsn and checks the connection. Parameters the DSN sets
// itself win over Timeouts.
func Open(ctx context.Context, dsn string) (*DB, error) {
	cfg, err := pq.NewConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("parse database address: %w", err)
	}
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = Timeouts.Connect
	}
	if cfg.Runtime == nil {
		cfg.Runtime = map[string]string{}
	}
	// No JIT: it compiles the plans of the larger scoped reads (member
	// loads, reports) at a cost of hundreds of milliseconds per query,
	// more than the queries themselves (measured on the national data set).
	if _, set := cfg.Runtime["jit"]; !set {
		cfg.Runtime["jit"] = "off"
	}
	for k, d := range map[string]time.Duration{
		"statement_timeout":                   Timeouts.Statement,
		"lock_timeout":                        Timeouts.Lock,
		"idle_in_transaction_session_timeout": Timeouts.IdleInTransaction,
	} {
		if _, set := cfg.Runtime[k]; !set {
			cfg.Runtime[k] = strconv.FormatInt(d.Milliseconds(), 10)
		}
	}
	connector, err := pq.NewConnectorConfig(cfg)
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	db := sqlx.NewDb(sql.OpenDB(connector), "postgres")
	db.SetMaxOpenConns(20)
	// As many idle as open: fewer would close and reopen connections (a
	// backend fork each) under steady load.
	db.SetMaxIdleConns(20)
	db.SetConnMaxIdleTime(5 * time.Minute)
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := db.PingContext(pctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connect to database: %w", err)
	}
	return &DB{DB: db}, nil
}

// Tx is a transaction of the store.
type Tx struct {
	*sqlx.Tx
}

// Transact runs fn in one transaction at the given isolation level. It commits
// when fn returns nil, rolls back otherwise (also on panic), and retries the
// whole function a few times when PostgreSQL reports a serialization failure
// (40001) or deadlock (40P01), as serializable transactions require.
func (db *DB) Transact(ctx context.Context, iso sql.IsolationLevel, fn func(*Tx) error) error {
	const attempts = 5
	var err error
	for i := 0; i < attempts; i++ {
		err = db.transactOnce(ctx, iso, fn)
		if !isRetryable(err) {
			return err
		}
		time.Sleep(time.Duration(i+1) * 10 * time.Millisecond)
	}
	return fmt.Errorf("after %d attempts: %w", attempts, err)
}

func (db *DB) transactOnce(ctx context.Context, iso sql.IsolationLevel, fn func(*Tx) error) (err error) {
	tx, err := db.BeginTxx(ctx, &sql.TxOptions{Isolation: iso})
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	defer func() {
		if p := recover(); p != nil {
			_ = tx.Rollback()
			panic(p)
		}
		if err != nil {
			_ = tx.Rollback()
			return
		}
		if cerr := tx.Commit(); cerr != nil {
			err = fmt.Errorf("commit: %w", cerr)
		}
	}()
	return fn(&Tx{Tx: tx})
}

func isRetryable(err error) bool {
	var pqErr *pq.Error
	if errors.As(err, &pqErr) {
		return pqErr.Code == "40001" || pqErr.Code == "40P01"
	}
	return false
}
