package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"regiepool/internal/pgtest"
)

// TestRetentionCommand: --dry-run prints the table and writes nothing; a
// run writes one audit event; a bad term stops the command before it
// touches the database.
func TestRetentionCommand(t *testing.T) {
	db, dsn := pgtest.NewDBWithDSN(t)
	if _, err := db.Exec(`INSERT INTO login_failure (email_hash, client_ip, at) VALUES ('\x00', '127.0.0.1', now() - interval '40 days')`); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"DATABASE_URL": dsn, "REGIEPOOL_LOG_LEVEL": "error"}
	getenv := func(k string) string { return env[k] }
	count := func(q string) int {
		var n int
		if err := db.Get(&n, q); err != nil {
			t.Fatal(err)
		}
		return n
	}
	var out bytes.Buffer
	if err := run(context.Background(), []string{"retention", "--dry-run"}, getenv, &out, nil); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "dry run") || !strings.Contains(out.String(), "login_failures") ||
		!strings.Contains(out.String(), "outbox_messages") || strings.Contains(out.String(), "pending") {
		t.Errorf("dry run printed:\n%s", out.String())
	}
	if n := count(`SELECT count(*) FROM login_failure`); n != 1 {
		t.Errorf("dry run deleted: %d failures left, want 1", n)
	}
	if n := count(`SELECT count(*) FROM audit_event WHERE action = 'retention'`); n != 0 {
		t.Errorf("dry run audited %d runs", n)
	}
	out.Reset()
	if err := run(context.Background(), []string{"retention"}, getenv, &out, nil); err != nil {
		t.Fatal(err)
	}
	if n := count(`SELECT count(*) FROM login_failure`); n != 0 {
		t.Errorf("run left %d failures", n)
	}
	if n := count(`SELECT count(*) FROM audit_event WHERE action = 'retention'`); n != 1 {
		t.Errorf("run audited %d runs, want 1", n)
	}
	env["REGIEPOOL_RETENTION"] = "audit_events=30"
	if err := run(context.Background(), []string{"retention"}, getenv, &out, nil); err == nil || !strings.Contains(err.Error(), "REGIEPOOL_RETENTION") {
		t.Errorf("term under the minimum: %v", err)
	}
}
