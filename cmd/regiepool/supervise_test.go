package main

import (
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestClusterRestart runs the service on its own PostgreSQL, kills the
// server outright (SIGKILL, as the OOM killer would) and sees the service
// start it again and answer /readyz 200 without restarting itself. A second
// crash soon after is given up on: the service exits with errClusterDied
// for its supervisor to handle.
func TestClusterRestart(t *testing.T) {
	dir, err := os.MkdirTemp("", "regiepool-keep-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil { // the postgres user must enter it
		t.Fatal(err)
	}
	env := map[string]string{"REGIEPOOL_DATA_DIR": dir, "REGIEPOOL_ADDR": "127.0.0.1:0"}
	srv := startServe(t, env, 60*time.Second)
	addr, done, logs := srv.addr, srv.done, srv.logs
	readyz := func() int {
		res, err := http.Get("http://" + addr + "/readyz")
		if err != nil {
			return 0
		}
		res.Body.Close()
		return res.StatusCode
	}
	kill := func() int {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(dir, "pg", "postmaster.pid"))
		if err != nil {
			t.Fatal(err)
		}
		pid, _ := strconv.Atoi(strings.TrimSpace(strings.SplitN(string(b), "\n", 2)[0]))
		if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		return pid
	}
	if s := readyz(); s != http.StatusOK {
		t.Fatalf("readyz before the crash: %d", s)
	}

	old := kill()
	start := time.Now()
	for readyz() != http.StatusOK || !strings.Contains(logs.String(), "PostgreSQL started again") {
		select {
		case err := <-done:
			t.Fatalf("the service exited after the crash: %v\n%s", err, logs.String())
		default:
		}
		if time.Since(start) > 45*time.Second {
			t.Fatalf("no recovery within 45s\n%s", logs.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Logf("recovered in %s", time.Since(start).Round(10*time.Millisecond))
	b, _ := os.ReadFile(filepath.Join(dir, "pg", "postmaster.pid"))
	if strings.HasPrefix(string(b), strconv.Itoa(old)+"\n") {
		t.Fatal("postmaster.pid still names the killed server")
	}

	kill()
	select {
	case err := <-done:
		if err != errClusterDied {
			t.Fatalf("after a second crash within %s: %v, want errClusterDied", clusterRestartWindow, err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the service kept running after a second crash in a row")
	}
}
