package main

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lib/pq"

	"regiepool/internal/pgcluster"
	"regiepool/internal/pgtest"
)

// TestBackupRestoreRoundTrip makes data (migrations and demo data), backs
// it up, restores it into a fresh self-managed cluster (an empty data
// directory, which the restore initialises) and compares every table row
// for row. Then, with that cluster running as under the service, a restore
// without --force is refused, a backup of the running cluster works, and a
// forced restore replaces the data. The audit trail still refuses changes.
func TestBackupRestoreRoundTrip(t *testing.T) {
	ctx := context.Background()
	_, srcDSN := pgtest.NewDBWithDSN(t)
	src := map[string]string{"DATABASE_URL": srcDSN}
	cmd := func(env map[string]string, args ...string) (string, error) {
		t.Helper()
		var out strings.Builder
		err := run(ctx, args, func(k string) string { return env[k] }, &out, nil)
		return out.String(), err
	}
	if _, err := cmd(src, "demo"); err != nil {
		t.Fatalf("demo: %v", err)
	}
	want := tableDigests(t, srcDSN)
	if want["audit_event"].rows == 0 || want["app_user"].rows == 0 {
		t.Fatalf("the demo made no audit trail or users to compare: %v", want)
	}

	file := filepath.Join(t.TempDir(), "regiepool.dump")
	if out, err := cmd(src, "backup", file); err != nil || !strings.Contains(out, "backup written") {
		t.Fatalf("backup: %v %s", err, out)
	}
	if st, err := os.Stat(file); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("backup file: %v, mode %v; want 0600 (it holds personal data)", err, st.Mode())
	}

	// A fresh, empty data directory: the restore creates its cluster.
	dir, err := os.MkdirTemp("", "regiepool-restore-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil { // the postgres user must enter it
		t.Fatal(err)
	}
	fresh := map[string]string{"REGIEPOOL_DATA_DIR": dir}
	if out, err := cmd(fresh, "restore", file); err != nil {
		t.Fatalf("restore into an empty data dir: %v %s", err, out)
	}

	// Now run the cluster as the service would, and check it.
	cluster, err := pgcluster.Start(ctx, dir, pgcluster.Options{Ephemeral: true})
	if err != nil {
		t.Fatal(err)
	}
	defer cluster.Stop()
	dst := cluster.DSN("regiepool")
	compareDigests(t, "restored", want, tableDigests(t, dst))
	checkAuditAppendOnly(t, dst)

	// Not over a non-empty database without --force, and not from junk.
	if _, err := cmd(fresh, "restore", file); err == nil || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("restore over a non-empty database: %v, want a refusal naming --force", err)
	}
	junk := filepath.Join(t.TempDir(), "junk.dump")
	os.WriteFile(junk, []byte("not a dump"), 0o600)
	if _, err := cmd(fresh, "restore", "--force", junk); err == nil || !strings.Contains(err.Error(), "not a backup") {
		t.Fatalf("restore of junk: %v", err)
	}
	compareDigests(t, "after refused restores", want, tableDigests(t, dst))

	// A backup while the server runs uses it; a forced restore replaces
	// what changed since; the running server is left running.
	execSQL(t, dst, `INSERT INTO municipality (code, name, region) VALUES ('GM9999', 'Na de back-up', 'Testregio')`)
	file2 := filepath.Join(t.TempDir(), "running.dump")
	if _, err := cmd(fresh, "backup", file2); err != nil {
		t.Fatalf("backup of the running cluster: %v", err)
	}
	execSQL(t, dst, `INSERT INTO municipality (code, name, region) VALUES ('GM9998', 'Na de tweede back-up', 'Testregio')`)
	if _, err := cmd(fresh, "restore", "--force", file); err != nil {
		t.Fatalf("forced restore on the running cluster: %v", err)
	}
	select {
	case <-cluster.Exited():
		t.Fatal("the restore stopped the running server")
	default:
	}
	compareDigests(t, "after a forced restore", want, tableDigests(t, dst))
	checkAuditAppendOnly(t, dst)
	if _, err := cmd(fresh, "restore", "--force", file2); err != nil {
		t.Fatalf("forced restore of the second backup: %v", err)
	}
	if got := tableDigests(t, dst)["municipality"].rows; got != want["municipality"].rows+1 {
		t.Errorf("municipalities after restoring the second backup: %d, want %d", got, want["municipality"].rows+1)
	}
}

// digest is a table's row count and a hash over all its rows.
type digest struct {
	rows int
	hash string
}

// tableDigests digests every table of the public schema, and the state of
// every sequence (so that new ids continue after the restored ones).
func tableDigests(t *testing.T, dsn string) map[string]digest {
	t.Helper()
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var tables []string
	rows, err := db.Query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n string
		rows.Scan(&n)
		tables = append(tables, n)
	}
	rows.Close()
	out := map[string]digest{}
	for _, n := range tables {
		var d digest
		q := fmt.Sprintf(`SELECT count(*), coalesce(md5(string_agg(t::text, E'\n' ORDER BY t::text)), '') FROM public.%s t`, pq.QuoteIdentifier(n))
		if err := db.QueryRow(q).Scan(&d.rows, &d.hash); err != nil {
			t.Fatalf("%s: %v", n, err)
		}
		out[n] = d
	}
	var seqs string
	if err := db.QueryRow(`SELECT coalesce(string_agg(sequencename || '=' || coalesce(last_value, 0), ',' ORDER BY sequencename), '') FROM pg_sequences WHERE schemaname = 'public'`).Scan(&seqs); err != nil {
		t.Fatal(err)
	}
	out["(sequences)"] = digest{hash: seqs}
	return out
}

func compareDigests(t *testing.T, what string, want, got map[string]digest) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d tables, want %d", what, len(got), len(want))
	}
	for n, w := range want {
		if g := got[n]; g != w {
			t.Errorf("%s: table %s has %d rows (hash %s), want %d rows (hash %s)", what, n, g.rows, g.hash, w.rows, w.hash)
		}
	}
}

// checkAuditAppendOnly checks that the audit trail's triggers came back:
// UPDATE, DELETE and TRUNCATE are refused.
func checkAuditAppendOnly(t *testing.T, dsn string) {
	t.Helper()
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range []string{
		`UPDATE audit_event SET outcome = 'denied' WHERE id = (SELECT min(id) FROM audit_event)`,
		`DELETE FROM audit_event WHERE id = (SELECT min(id) FROM audit_event)`,
		`TRUNCATE audit_event CASCADE`,
	} {
		if _, err := db.Exec(q); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s after restore: %v, want the append-only refusal", q, err)
		}
	}
}

func execSQL(t *testing.T, dsn, q string) {
	t.Helper()
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(q); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// TestSplitPassword: the password of DATABASE_URL goes to pg_dump in
// PGPASSWORD, never on its command line.
func TestSplitPassword(t *testing.T) {
	for _, c := range []struct{ dsn, conn, password string }{
		{"postgres://app:s3cret@db.example.nl:5432/regiepool?sslmode=verify-full", "postgres://app@db.example.nl:5432/regiepool?sslmode=verify-full", "s3cret"},
		{"postgresql://app@db/regiepool", "postgresql://app@db/regiepool", ""},
		{"host=db user=app password=s3cret dbname=regiepool", "host=db user=app dbname=regiepool", "s3cret"},
		{"host=/tmp/x port=5432 user=regiepool dbname=regiepool sslmode=disable", "host=/tmp/x port=5432 user=regiepool dbname=regiepool sslmode=disable", ""},
	} {
		conn, pw := splitPassword(c.dsn)
		if conn != c.conn || pw != c.password {
			t.Errorf("splitPassword(%q) = %q, %q; want %q, %q", c.dsn, conn, pw, c.conn, c.password)
		}
	}
}
