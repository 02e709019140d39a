package pgcluster

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"
)

// TestRestartKeepsData creates a cluster, writes a row, stops it, starts it
// again on the same directory and reads the row back.
func TestRestartKeepsData(t *testing.T) {
	dir, err := os.MkdirTemp("", "regiepool-pgcluster-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	exec := func(c *Cluster, q string, dst ...any) {
		t.Helper()
		db, err := sql.Open("postgres", c.DSN("regiepool"))
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if len(dst) > 0 {
			err = db.QueryRowContext(ctx, q).Scan(dst...)
		} else {
			_, err = db.ExecContext(ctx, q)
		}
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}

	c, err := Start(ctx, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.EnsureDatabase(ctx, "regiepool"); err != nil {
		t.Fatal(err)
	}
	exec(c, `CREATE TABLE kept (v text)`)
	exec(c, `INSERT INTO kept VALUES ('still here')`)
	if _, err := Start(ctx, dir, Options{}); err == nil {
		t.Error("a second server on the same data dir started")
	}
	if err := c.Stop(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "pg", "postmaster.pid")); !os.IsNotExist(err) {
		t.Errorf("postmaster.pid left behind after Stop: %v", err)
	}

	c, err = Start(ctx, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Stop()
	if err := c.EnsureDatabase(ctx, "regiepool"); err != nil {
		t.Fatal(err)
	}
	var v string
	exec(c, `SELECT v FROM kept`, &v)
	if v != "still here" {
		t.Fatalf("after restart got %q, want %q", v, "still here")
	}
	// Nothing may listen on TCP: the server is reachable on its socket only.
	var listen string
	exec(c, `SHOW listen_addresses`, &listen)
	if listen != "" {
		t.Errorf("listen_addresses = %q, want empty", listen)
	}
}
