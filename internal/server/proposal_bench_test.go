package server_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"regiepool/internal/pgtest"
	"regiepool/internal/server"
)

// BenchmarkProposalHTTP proposes for every waiting case in one dispatcher's
// scope over HTTP, through the whole server on PostgreSQL: 5,000 waiting
// cases × 2,500 active members, plentiful (4 slots and 40 hours each) and
// scarce (1–2 slots, 2–8 hours: fewer places than cases, hours binding).
// It reports the placed cases, the answer's size and the peak heap of the
// process (server and client) during the requests.
//
//	go test -run '^$' -bench ProposalHTTP -benchtime 5x ./internal/server/
func BenchmarkProposalHTTP(b *testing.B) {
	for _, kind := range []scaleKind{plentiful, scarce} {
		b.Run(kind.String(), func(b *testing.B) { benchProposal(b, 5000, 2500, kind) })
	}
}

func benchProposal(b *testing.B, cases, members int, kind scaleKind) {
	db := pgtest.NewDB(b)
	h, err := server.New(server.Deps{DB: db, Log: pgtest.Logger(), RequestTimeout: time.Minute})
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	token, _ := seedScale(b, db, cases, members, kind)
	runtime.GC()
	var base runtime.MemStats
	runtime.ReadMemStats(&base)
	peak := sampleHeap()
	var placed, size int
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		req, _ := http.NewRequest("POST", srv.URL+"/api/v1/assignment-proposals", strings.NewReader(`{}`))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 {
			b.Fatalf("%d %.300s", res.StatusCode, body)
		}
		var p struct {
			Pairs []json.RawMessage `json:"pairs"`
		}
		if err := json.Unmarshal(body, &p); err != nil {
			b.Fatal(err)
		}
		placed, size = len(p.Pairs), len(body)
	}
	b.StopTimer()
	b.ReportMetric(float64(placed), "placed")
	b.ReportMetric(float64(size)/1024, "KiB/answer")
	b.ReportMetric(float64(peak()-base.HeapInuse)/(1<<20), "MiB-peak-heap")
}

// sampleHeap samples the heap in use every 10 ms until the returned
// function is called, which returns the highest value seen.
func sampleHeap() func() uint64 {
	var peak atomic.Uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			if m.HeapInuse > peak.Load() {
				peak.Store(m.HeapInuse)
			}
			select {
			case <-stop:
				return
			case <-time.After(10 * time.Millisecond):
			}
		}
	}()
	return func() uint64 {
		close(stop)
		<-done
		return peak.Load()
	}
}
