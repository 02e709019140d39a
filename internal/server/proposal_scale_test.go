package server_test

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"regiepool/internal/apitest"
	"regiepool/internal/pgtest"
	"regiepool/internal/server"
)

// TestProposalBeyondFiveThousand (issue 14, item 5): a proposal considers
// every waiting case in scope, not the first 5,000; the least urgent and
// newest of 5,050 waiting cases can be named and is covered by {}.
func TestProposalBeyondFiveThousand(t *testing.T) {
	srv, db := newServer(t)
	token, ids := seedScale(t, db, 5050, 40, plentiful)
	hdr := []string{"Authorization", "Bearer " + token, "Content-Type", "application/json"}
	// Urgency is 1 + id % 3 in creation order: the newest case of the
	// lowest urgency comes last in the proposal's order.
	last := ids[len(ids)-1]
	for i := len(ids) - 1; i >= 0; i-- {
		if (i+1)%3 == 0 {
			last = ids[i]
			break
		}
	}
	res, body := do(t, "POST", srv.URL+"/api/v1/assignment-proposals", fmt.Sprintf(`{"caseIds":[%d]}`, last), hdr...)
	if res.StatusCode != 200 {
		t.Fatalf("naming the last waiting case: %d %s", res.StatusCode, body)
	}
	if got := proposalCases(t, body); len(got) != 1 || got[0] != last {
		t.Errorf("proposal covers %v, want [%d]", got, last)
	}
	res, body = do(t, "POST", srv.URL+"/api/v1/assignment-proposals", `{}`, hdr...)
	if res.StatusCode != 200 {
		t.Fatalf("all waiting: %d %.300s", res.StatusCode, body)
	}
	if got := proposalCases(t, body); len(got) != len(ids) {
		t.Errorf("proposal covers %d cases, want all %d", len(got), len(ids))
	}
}

// TestProposalBurst (issue 14, item 5): 200 concurrent proposals on a large
// instance are each answered 200 or 503 with Retry-After, never another
// error; at most the limit run at once, so the heap stays bounded; and the
// service answers the next proposal normally afterwards.
func TestProposalBurst(t *testing.T) {
	if testing.Short() {
		t.Skip("seeds a large instance")
	}
	db := pgtest.NewDB(t)
	const limit = 2
	h, err := server.New(server.Deps{DB: db, Log: pgtest.Logger(), HeavyLimit: limit, RequestTimeout: 30 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	srv := apitest.NewServer(t, h)
	token, _ := seedScale(t, db, 2000, 1000, scarce)
	post := func() (*http.Response, error) {
		req, _ := http.NewRequest("POST", srv.URL+"/api/v1/assignment-proposals", strings.NewReader(`{}`))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		return http.DefaultClient.Do(req)
	}
	runtime.GC()
	var base runtime.MemStats
	runtime.ReadMemStats(&base)
	peak := sampleHeap()
	start := time.Now()
	var wg sync.WaitGroup
	var ok, busy atomic.Int32
	var mu sync.Mutex
	var other []string
	for i := 0; i < 200; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := post()
			if err != nil {
				mu.Lock()
				other = append(other, err.Error())
				mu.Unlock()
				return
			}
			_, _ = io.Copy(io.Discard, res.Body)
			res.Body.Close()
			switch secs, _ := strconv.Atoi(res.Header.Get("Retry-After")); {
			case res.StatusCode == 200:
				ok.Add(1)
			case res.StatusCode == 503 && secs >= 1:
				busy.Add(1)
			default:
				mu.Lock()
				other = append(other, fmt.Sprintf("%d Retry-After %q", res.StatusCode, res.Header.Get("Retry-After")))
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	grown := float64(int64(peak())-int64(base.HeapInuse)) / (1 << 20)
	t.Logf("200 concurrent proposals (2,000 cases × 1,000 members, limit %d): %d × 200, %d × 503 in %v; heap grew at most %.0f MiB",
		limit, ok.Load(), busy.Load(), time.Since(start).Round(time.Millisecond), grown)
	if len(other) > 0 {
		t.Errorf("%d answers neither 200 nor 503 with Retry-After, e.g. %s", len(other), other[0])
	}
	if ok.Load() < limit {
		t.Errorf("%d proposals answered 200, want at least the %d that run at once", ok.Load(), limit)
	}
	if grown > 400 {
		t.Errorf("the heap grew by %.0f MiB during the burst, want the limit to keep it under 400", grown)
	}
	res, err := post()
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("a proposal after the burst: %v %v", res, err)
	}
	res.Body.Close()
}

// TestProposalCanceled (issue 14, item 5): when the client of a proposal
// goes away, its work stops: the statement it waits on is cancelled in
// PostgreSQL at once (while the lock it waits for is still held), the
// request is logged as 499, and its place under the heavy limit is free for
// the next proposal.
func TestProposalCanceled(t *testing.T) {
	db := pgtest.NewDB(t)
	var logs lockedBuffer
	h, err := server.New(server.Deps{DB: db, Log: slog.New(slog.NewJSONHandler(&logs, nil)), HeavyLimit: 1, HeavyQueue: 1})
	if err != nil {
		t.Fatal(err)
	}
	srv := apitest.NewServer(t, h)
	token, _ := seedScale(t, db, 20, 5, plentiful)
	post := func(timeout time.Duration) (*http.Response, error) {
		req, _ := http.NewRequest("POST", srv.URL+"/api/v1/assignment-proposals", strings.NewReader(`{}`))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		return (&http.Client{Timeout: timeout}).Do(req)
	}
	// The members cannot be read while the lock is held: the proposal
	// loads its cases, then waits on the members.
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = tx.Rollback() }()
	if _, err := tx.Exec(`LOCK TABLE pool_membership IN ACCESS EXCLUSIVE MODE`); err != nil {
		t.Fatal(err)
	}
	waiting := func() int {
		var n int
		if err := db.Get(&n, `SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%pool_membership%'`); err != nil {
			t.Fatal(err)
		}
		return n
	}
	done := make(chan error, 1)
	go func() {
		res, err := post(time.Second)
		if err == nil {
			res.Body.Close()
			err = fmt.Errorf("got %d while the members were locked, want the client to give up", res.StatusCode)
		} else {
			err = nil
		}
		done <- err
	}()
	for start := time.Now(); waiting() == 0; time.Sleep(20 * time.Millisecond) {
		if time.Since(start) > 900*time.Millisecond {
			t.Fatal("the proposal never waited for the members")
		}
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	gaveUp := time.Now()
	for waiting() > 0 {
		if time.Since(gaveUp) > 2*time.Second {
			t.Fatal("the proposal's statement still waits in PostgreSQL 2 s after its client went away")
		}
		time.Sleep(20 * time.Millisecond)
	}
	var line map[string]any
	for line == nil && time.Since(gaveUp) < 3*time.Second {
		for _, l := range logs.lines() {
			if l["msg"] == "request" && l["route"] == "/api/v1/assignment-proposals" {
				line = l
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	if line == nil || line["status"] != float64(499) {
		t.Errorf("access log %v, want status 499", line)
	}
	_ = tx.Rollback()
	res, err := post(10 * time.Second)
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("the next proposal: %v %v, want 200 (the place is free)", res, err)
	}
	res.Body.Close()
}
