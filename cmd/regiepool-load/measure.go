package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"

	"regiepool/internal/demo"
	"regiepool/internal/postgres"
)

// client is one signed-in role: an API token and a page session.
type client struct {
	base  []string
	token string
	web   *http.Client
	api   *http.Client
	rr    int
}

// url alternates between the targets (two ports, or one proxy).
func (c *client) url(path string) string {
	c.rr++
	return c.base[c.rr%len(c.base)] + path
}

// login signs in as a demo role: an API token and a page session. Only
// the non-admin roles: the demo admin needs a second factor (TOTP).
func login(targets []string, email string) (*client, error) {
	tr := &http.Transport{MaxIdleConnsPerHost: 128}
	c := &client{base: targets, api: &http.Client{Timeout: 60 * time.Second, Transport: tr}}
	body, _ := json.Marshal(map[string]string{"email": email, "password": demo.Password})
	res, err := c.api.Post(c.url("/api/v1/access-tokens"), "application/json", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	var tok struct {
		Token string `json:"token"`
	}
	if res.StatusCode != http.StatusCreated {
		b, _ := io.ReadAll(res.Body)
		return nil, fmt.Errorf("log-in %s: %s %s", email, res.Status, b)
	}
	if err := json.NewDecoder(res.Body).Decode(&tok); err != nil {
		return nil, err
	}
	c.token = tok.Token
	jar, _ := cookiejar.New(nil)
	c.web = &http.Client{Timeout: 60 * time.Second, Jar: jar, Transport: tr,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	// One page session per target host, since a cookie belongs to a host.
	for range targets {
		res, err := c.web.PostForm(c.url("/inloggen"), url.Values{"email": {email}, "password": {demo.Password}})
		if err != nil {
			return nil, err
		}
		res.Body.Close()
		if res.StatusCode != http.StatusSeeOther && res.StatusCode != http.StatusFound {
			return nil, fmt.Errorf("page log-in %s: %s", email, res.Status)
		}
	}
	return c, nil
}

// get reads path as a page (web) or through the API; it returns the status.
func (c *client) get(ctx context.Context, path string, page bool) (int, []byte, error) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, c.url(path), nil)
	hc := c.web
	if !page {
		req.Header.Set("Authorization", "Bearer "+c.token)
		hc = c.api
	}
	return do(hc, req)
}

// send posts a JSON body to the API.
func (c *client) send(ctx context.Context, path string, body any) (int, []byte, error) {
	b, _ := json.Marshal(body)
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, c.url(path), bytes.NewReader(b))
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Content-Type", "application/json")
	return do(c.api, req)
}

func do(hc *http.Client, req *http.Request) (int, []byte, error) {
	res, err := hc.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return res.StatusCode, b, err
}

// stats collects latencies and outcomes per measurement.
type stats struct {
	mu      sync.Mutex
	order   []string
	lat     map[string][]time.Duration
	errors  map[string]int
	refused map[string]int
	target  map[string]time.Duration
	firstEr map[string]string
}

func newStats() *stats {
	return &stats{lat: map[string][]time.Duration{}, errors: map[string]int{}, refused: map[string]int{}, target: map[string]time.Duration{}, firstEr: map[string]string{}}
}

// record files one request: 2xx counts, 409 is a refusal the rules make
// (no capacity, case taken), anything else is an error.
func (s *stats) record(name string, target, d time.Duration, status int, body []byte, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.lat[name]; !ok {
		s.order = append(s.order, name)
		s.target[name] = target
	}
	s.lat[name] = append(s.lat[name], d)
	switch {
	case err == nil && status >= 200 && status < 300:
	case err == nil && status == http.StatusConflict:
		s.refused[name]++
	default:
		s.errors[name]++
		if s.firstEr[name] == "" {
			s.firstEr[name] = fmt.Sprintf("%d %v %.200s", status, err, body)
		}
	}
}

func pct(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	i := int(p * float64(len(ds)-1))
	return ds[i]
}

func ms(d time.Duration) string { return fmt.Sprintf("%d ms", d.Milliseconds()) }

// table writes the figures as a markdown table.
func (s *stats) table(w io.Writer) (failed bool) {
	fmt.Fprintln(w, "| Meting | n | p50 | p95 | p99 | fouten | 409 | doel p95 |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|---:|")
	for _, name := range s.order {
		ds := append([]time.Duration(nil), s.lat[name]...)
		sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
		p95 := pct(ds, 0.95)
		mark := ""
		if p95 > s.target[name] || s.errors[name] > 0 {
			mark, failed = " ✗", true
		}
		fmt.Fprintf(w, "| %s | %d | %s | %s | %s | %d | %d | %s%s |\n", name, len(ds), ms(pct(ds, 0.5)), ms(p95), ms(pct(ds, 0.99)),
			s.errors[name], s.refused[name], ms(s.target[name]), mark)
	}
	for _, name := range s.order {
		if e := s.firstEr[name]; e != "" {
			fmt.Fprintf(w, "\nfirst error of %s: %s\n", name, e)
		}
	}
	return failed
}

// list reads the ids (and municipality ids) of one page of an API list.
func list(ctx context.Context, c *client, path string) ([]map[string]any, error) {
	st, b, err := c.get(ctx, path, false)
	if err != nil || st != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %d %v %.200s", path, st, err, b)
	}
	var page struct {
		Results []map[string]any `json:"results"`
	}
	if err := json.Unmarshal(b, &page); err != nil {
		return nil, err
	}
	return page.Results, nil
}

func ids(rows []map[string]any, key string) []int64 {
	var out []int64
	for _, r := range rows {
		if v, ok := r[key].(float64); ok {
			out = append(out, int64(v))
		}
	}
	return out
}

const (
	pageTarget     = 300 * time.Millisecond
	proposalTarget = 3 * time.Second
)

// measure runs the three phases and the overbooking check.
func measure(ctx context.Context, db *postgres.DB, targets []string, o options, w io.Writer) error {
	if n, err := removeWrites(ctx, db); err != nil {
		return err
	} else if n > 0 {
		fmt.Fprintf(w, "Removed %d cases an earlier run's writes left.\n", n)
	}
	disp, err := login(targets, "werkverdeler@regiepool.test")
	if err != nil {
		return err
	}
	coach, err := login(targets, "begeleider@regiepool.test")
	if err != nil {
		return err
	}
	mon, err := login(targets, "monitor@regiepool.test")
	if err != nil {
		return err
	}
	reg, err := login(targets, "regisseur@regiepool.test")
	if err != nil {
		return err
	}
	waiting, err := list(ctx, disp, "/api/v1/cases?status=waiting&pageSize=100")
	if err != nil {
		return err
	}
	assigned, err := list(ctx, disp, "/api/v1/cases?status=assigned&pageSize=100")
	if err != nil {
		return err
	}
	members, err := list(ctx, disp, "/api/v1/pool-members?status=active&pageSize=100")
	if err != nil {
		return err
	}
	waitingIDs, assignedIDs, memberIDs := ids(waiting, "id"), ids(assigned, "id"), ids(members, "id")
	munIDs := ids(waiting, "municipalityId")
	// The writes assign to members with room, so capacity is contended
	// (64 clients, a few slots) rather than refused from the start.
	var regisseurIDs []int64
	for _, m := range members {
		if m["activeCases"].(float64) < m["maxCases"].(float64) {
			regisseurIDs = append(regisseurIDs, int64(m["regisseurId"].(float64)))
		}
	}
	if len(waitingIDs) == 0 || len(assignedIDs) == 0 || len(memberIDs) == 0 || len(regisseurIDs) == 0 {
		return fmt.Errorf("no waiting or assigned cases or members in the dispatcher's scope: is the national data set loaded?")
	}
	var counts struct {
		Regisseurs int `db:"regisseurs"`
		Cases      int `db:"cases"`
		Rounds     int `db:"rounds"`
		Events     int `db:"events"`
	}
	if err := db.GetContext(ctx, &counts, `SELECT (SELECT count(*) FROM regisseur) AS regisseurs, (SELECT count(*) FROM complex_case) AS cases,
		(SELECT count(*) FROM feedback_round WHERE status = 'closed') AS rounds, (SELECT count(*) FROM case_event) AS events`); err != nil {
		return err
	}
	fmt.Fprintf(w, "## Regiepool load figures, %s\n\n", time.Now().Format("2006-01-02 15:04"))
	fmt.Fprintf(w, "Data: %d regisseurs, %d cases (%d events), %d closed 360 rounds. Targets: %s (%d instance(s) behind a proxy).\n",
		counts.Regisseurs, counts.Cases, counts.Events, counts.Rounds, strings.Join(targets, ", "), max(o.instances, 1))
	fmt.Fprintf(w, "Machine before: %s\n\n", machine())
	for _, l := range o.prelude {
		fmt.Fprintf(w, "%s\n\n", l)
	}
	rnd := func(xs []int64) int64 { return xs[rand.Intn(len(xs))] }
	type read struct {
		name string
		c    *client
		page bool
		path func() string
	}
	reads := []read{
		{"werkvoorraad (pagina)", disp, true, func() string { return "/werkvoorraad" }},
		{"werkvoorraad (API)", disp, false, func() string { return "/api/v1/dispatch-inbox" }},
		{"kandidaten van een casus (API)", disp, false, func() string { return fmt.Sprintf("/api/v1/cases/%d/candidates", rnd(waitingIDs)) }},
		{"casuspagina met kandidaten", disp, true, func() string { return fmt.Sprintf("/casussen/%d", rnd(waitingIDs)) }},
		{"begeleider: overzicht (pagina)", coach, true, func() string { return "/begeleiding" }},
		{"monitoring (pagina)", mon, true, func() string { return "/monitoring" }},
		{"monitoringrapport (API)", mon, false, func() string { return "/api/v1/reports/monitoring" }},
		{"monitoringrapport, één gemeente (API)", mon, false, func() string {
			return fmt.Sprintf("/api/v1/reports/monitoring?municipalityId=%d", rnd(munIDs))
		}},
		{"pool met filters (pagina)", disp, true, func() string { return "/pool?status=active" }},
		{"pool met filters (API)", disp, false, func() string {
			return fmt.Sprintf("/api/v1/pool-members?status=active&municipalityId=%d", rnd(munIDs))
		}},
		{"lid (pagina)", disp, true, func() string { return fmt.Sprintf("/pool/leden/%d", rnd(memberIDs)) }},
		{"lid (API)", disp, false, func() string { return fmt.Sprintf("/api/v1/pool-members/%d", rnd(memberIDs)) }},
		{"regisseur: eigen casussen (API)", reg, false, func() string { return "/api/v1/cases?pageSize=20" }},
	}
	// Warm up: every read until it succeeds on each instance (the first
	// request of an instance fills its cache of frozen 360 scores, in
	// chunks); the cold times are reported, as a restart costs them.
	fmt.Fprintf(w, "### Warm-up (first requests after the start, until each read succeeded %d times, at most 6 tries)\n\n", len(targets)*2)
	cold := newStats()
	for _, r := range reads {
		for ok, k := 0, 0; ok < len(targets)*2 && k < 6 && ctx.Err() == nil; k++ {
			t0 := time.Now()
			st, b, err := r.c.get(ctx, r.path(), r.page)
			cold.record(r.name, pageTarget, time.Since(t0), st, b, err)
			if err == nil && st == http.StatusOK {
				ok++
			}
		}
	}
	cold.table(w)
	fmt.Fprintf(w, "\n### One at a time (service time, no queueing), 5 each\n\n")
	one := newStats()
	for k := 0; k < 5; k++ {
		for _, r := range reads {
			t0 := time.Now()
			st, b, err := r.c.get(ctx, r.path(), r.page)
			one.record(r.name, pageTarget, time.Since(t0), st, b, err)
		}
	}
	failed := one.table(w)
	s := newStats()
	fmt.Fprintf(w, "\n### Reads: %d clients for %s\n\n", o.readClients, o.readDuration)
	deadline := time.Now().Add(o.readDuration)
	var wg sync.WaitGroup
	for k := 0; k < o.readClients; k++ {
		wg.Add(1)
		go func(k int) {
			defer wg.Done()
			for i := k; time.Now().Before(deadline) && ctx.Err() == nil; i++ {
				r := reads[i%len(reads)]
				t0 := time.Now()
				st, b, err := r.c.get(ctx, r.path(), r.page)
				s.record(r.name, pageTarget, time.Since(t0), st, b, err)
			}
		}(k)
	}
	wg.Wait()
	failed = s.table(w) || failed

	fmt.Fprintf(w, "\n### Batch proposal of every waiting case in the dispatcher's scope, one at a time\n\n")
	p := newStats()
	for k := 0; k < o.proposals && ctx.Err() == nil; k++ {
		t0 := time.Now()
		st, b, err := disp.send(ctx, "/api/v1/assignment-proposals", map[string]any{})
		p.record("toewijzingsvoorstel (API)", proposalTarget, time.Since(t0), st, b, err)
	}
	failed = p.table(w) || failed

	fmt.Fprintf(w, "\n### Writes: %d clients for %s (new case + assignment to one of %d members, hours on assigned cases)\n\n",
		o.writeClients, o.writeDuration, min(len(regisseurIDs), 20))
	ws := newStats()
	hot := regisseurIDs[:min(len(regisseurIDs), 20)]
	deadline = time.Now().Add(o.writeDuration)
	today := time.Now().Format("2006-01-02")
	stamp := time.Now().Unix() % 100000
	for k := 0; k < o.writeClients; k++ {
		wg.Add(1)
		go func(k int) {
			defer wg.Done()
			rng := rand.New(rand.NewSource(int64(k)))
			for i := 0; time.Now().Before(deadline) && ctx.Err() == nil; i++ {
				if rng.Intn(2) == 0 {
					t0 := time.Now()
					st, b, err := disp.send(ctx, fmt.Sprintf("/api/v1/cases/%d/events", assignedIDs[rng.Intn(len(assignedIDs))]),
						map[string]any{"kind": "hours", "occurredOn": today, "hours": 1.5})
					ws.record("logboek: uren (API)", pageTarget, time.Since(t0), st, b, err)
					continue
				}
				t0 := time.Now()
				st, b, err := disp.send(ctx, "/api/v1/cases", map[string]any{"reference": fmt.Sprintf("%s%d-%d-%d", writePrefix, stamp, k, i),
					"municipalityId": munIDs[rng.Intn(len(munIDs))], "safetyRisk": "medium", "parentsStruggle": true, "severalDomains": true,
					"severalProfessionals": true, "lifeDomains": []string{"wonen", "inkomen"}})
				ws.record("casus registreren (API)", pageTarget, time.Since(t0), st, b, err)
				if st != http.StatusCreated {
					continue
				}
				var created struct {
					ID int64 `json:"id"`
				}
				if json.Unmarshal(b, &created) != nil {
					continue
				}
				t0 = time.Now()
				st, b, err = disp.send(ctx, fmt.Sprintf("/api/v1/cases/%d/assignments", created.ID), map[string]any{"regisseurId": hot[rng.Intn(len(hot))]})
				ws.record("toewijzen (API)", pageTarget, time.Since(t0), st, b, err)
			}
		}(k)
	}
	wg.Wait()
	failed = ws.table(w) || failed
	var over int
	if err := db.GetContext(ctx, &over, overbookedQuery); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nOverbooked members afterwards (slots or weekly hours over capacity): %d\n", over)
	if _, err := removeWrites(ctx, db); err != nil {
		return err
	}
	fmt.Fprintf(w, "Machine after: %s\n", machine())
	if over > 0 || failed {
		return fmt.Errorf("targets missed (see the table): overbooked %d", over)
	}
	return nil
}

// overbookedQuery counts members holding more slots or weekly hours than
// their capacity.
const overbookedQuery = `SELECT count(*) FROM (SELECT m.regisseur_id FROM pool_membership m JOIN held_slot s ON s.regisseur_id = m.regisseur_id
	JOIN complex_case c ON c.id = s.case_id WHERE m.status IN ('admitted', 'active', 'paused')
	GROUP BY m.regisseur_id, m.max_cases, m.hours_per_week
	HAVING count(*) > m.max_cases OR sum(c.arrangement_hours / c.expected_weeks) > m.hours_per_week + 0.000001) x`
