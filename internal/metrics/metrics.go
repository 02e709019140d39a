// Package metrics holds the service's Prometheus metrics, in a registry of
// its own served on a separate listen address (REGIEPOOL_METRICS_ADDR),
// never on the public one. It is the only package that imports the
// Prometheus client. Labels are fixed words (a route template, a status
// code, an operation): never an e-mail address, a name, an id or a token.
package metrics

import (
	"context"
	"database/sql"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

const namespace = "regiepool"

// Metrics are the service's metrics and their registry. A *Metrics is an
// app.Observer.
type Metrics struct {
	reg           *prometheus.Registry
	requests      *prometheus.CounterVec
	duration      *prometheus.HistogramVec
	engine        *prometheus.HistogramVec
	pdf           *prometheus.HistogramVec
	pdfFailures   *prometheus.CounterVec
	loginFailures *prometheus.CounterVec
	guardRefusals prometheus.Counter
	queueAttempts *prometheus.CounterVec
}

// New registers the service's metrics, with the Go runtime's and the
// process's, in a fresh registry.
func New() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: namespace, Name: "http_requests_total",
			Help: "HTTP requests answered, by method, route template and status code."}, []string{"method", "route", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: namespace, Name: "http_request_duration_seconds",
			Help:    "Time to answer an HTTP request, by method, route template and status code.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}}, []string{"method", "route", "status"}),
		engine: prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: namespace, Name: "matching_duration_seconds",
			Help:    "Time the matching engine takes: op rank (one case's candidates) or propose (a batch proposal).",
			Buckets: []float64{.001, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5}}, []string{"op"}),
		pdf: prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: namespace, Name: "pdf_render_duration_seconds",
			Help:    "Time to render a PDF report, by report.",
			Buckets: []float64{.01, .025, .05, .1, .25, .5, 1, 2.5, 5}}, []string{"report"}),
		pdfFailures: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: namespace, Name: "pdf_render_failures_total",
			Help: "PDF renders that failed, by report."}, []string{"report"}),
		loginFailures: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: namespace, Name: "login_failures_total",
			Help: "Refused password log-ins (web and API): reason credentials (wrong e-mail or password, disabled account), throttled (too many recent failures for the account or address) or error."},
			[]string{"reason"}),
		guardRefusals: prometheus.NewCounter(prometheus.CounterOpts{Namespace: namespace, Name: "guard_refusals_total",
			Help: "Requests to a guarded endpoint (log-in, password reset, rater links) refused because their client address tried too often."}),
		queueAttempts: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: namespace, Name: "queue_attempts_total",
			Help: "Attempts to handle an item of a work queue (such as the e-mail outbox), by queue and result (ok or failed)."},
			[]string{"queue", "result"}),
	}
	m.reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.requests, m.duration, m.engine, m.pdf, m.pdfFailures, m.loginFailures, m.guardRefusals, m.queueAttempts)
	// Zero series from the start, so a dashboard shows 0 rather than nothing.
	for _, r := range []string{"credentials", "throttled", "error"} {
		m.loginFailures.WithLabelValues(r)
	}
	return m
}

// Handler serves the metrics in the Prometheus exposition format.
func (m *Metrics) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg}))
	return mux
}

// ObserveRequest counts one answered request. route is the route template
// (gin's FullPath), never the raw path; an unknown method counts as OTHER.
func (m *Metrics) ObserveRequest(method, route string, status int, d time.Duration) {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodOptions:
	default:
		method = "OTHER"
	}
	s := strconv.Itoa(status)
	m.requests.WithLabelValues(method, route, s).Inc()
	m.duration.WithLabelValues(method, route, s).Observe(d.Seconds())
}

// RegisterDB exposes the connection pool's statistics (sql.DBStats: open,
// in use, idle, waits, closes) as go_sql_*{db_name="regiepool"}.
func (m *Metrics) RegisterDB(db *sql.DB) error {
	return m.reg.Register(collectors.NewDBStatsCollector(db, namespace))
}

// EngineRun records one run of the matching engine.
func (m *Metrics) EngineRun(op string, d time.Duration) {
	m.engine.WithLabelValues(op).Observe(d.Seconds())
}

// PDFRendered records one PDF render.
func (m *Metrics) PDFRendered(kind string, d time.Duration, err error) {
	m.pdf.WithLabelValues(kind).Observe(d.Seconds())
	if err != nil {
		m.pdfFailures.WithLabelValues(kind).Inc()
	}
}

// LoginFailed counts one refused password log-in.
func (m *Metrics) LoginFailed(reason string) {
	m.loginFailures.WithLabelValues(reason).Inc()
}

// GuardRefused counts one request refused by the per-address guard.
func (m *Metrics) GuardRefused() { m.guardRefusals.Inc() }

// OutboxAttempt counts one attempt to deliver an e-mail of the outbox.
func (m *Metrics) OutboxAttempt(ok bool) { m.QueueAttempt("outbox", ok) }

// QueueStats are the sizes of a work queue at one moment.
type QueueStats struct {
	// Pending items wait to be handled (including those due for a retry).
	Pending int
	// Failed items were given up on and need a person.
	Failed int
	// OldestPending is how long the oldest pending item has waited; 0
	// when none waits.
	OldestPending time.Duration
}

// RegisterQueue exposes a work queue's sizes as
// regiepool_queue_pending{queue=name}, regiepool_queue_failed{queue=name}
// and regiepool_queue_oldest_pending_seconds{queue=name}, read by stats at
// every scrape (within 2 s). For the e-mail outbox, for instance:
//
//	m.RegisterQueue("outbox", func(ctx context.Context) (metrics.QueueStats, error) {
//		s, err := db.OutboxStats(ctx)
//		return metrics.QueueStats{Pending: s.Pending, Failed: s.Failed, OldestPending: s.Oldest}, err
//	})
//
// and m.QueueAttempt("outbox", err == nil) after each delivery attempt.
// Both do nothing on nil Metrics (REGIEPOOL_METRICS_ADDR unset), so the
// wiring needs no condition.
func (m *Metrics) RegisterQueue(name string, stats func(context.Context) (QueueStats, error)) error {
	if m == nil {
		return nil
	}
	return m.reg.Register(&queueCollector{name: name, stats: stats,
		pending: prometheus.NewDesc(namespace+"_queue_pending", "Items waiting in a work queue.", nil, prometheus.Labels{"queue": name}),
		failed:  prometheus.NewDesc(namespace+"_queue_failed", "Items a work queue gave up on.", nil, prometheus.Labels{"queue": name}),
		oldest:  prometheus.NewDesc(namespace+"_queue_oldest_pending_seconds", "How long the oldest waiting item of a work queue has waited.", nil, prometheus.Labels{"queue": name}),
		up:      prometheus.NewDesc(namespace+"_queue_stats_up", "1 when the sizes of a work queue could be read at this scrape, 0 when not.", nil, prometheus.Labels{"queue": name}),
	})
}

// QueueAttempt counts one attempt to handle an item of queue name.
func (m *Metrics) QueueAttempt(name string, ok bool) {
	if m == nil {
		return
	}
	result := "ok"
	if !ok {
		result = "failed"
	}
	m.queueAttempts.WithLabelValues(name, result).Inc()
}

type queueCollector struct {
	name                        string
	stats                       func(context.Context) (QueueStats, error)
	pending, failed, oldest, up *prometheus.Desc
}

func (q *queueCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- q.pending
	ch <- q.failed
	ch <- q.oldest
	ch <- q.up
}

func (q *queueCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	s, err := q.stats(ctx)
	if err != nil {
		ch <- prometheus.MustNewConstMetric(q.up, prometheus.GaugeValue, 0)
		return
	}
	ch <- prometheus.MustNewConstMetric(q.up, prometheus.GaugeValue, 1)
	ch <- prometheus.MustNewConstMetric(q.pending, prometheus.GaugeValue, float64(s.Pending))
	ch <- prometheus.MustNewConstMetric(q.failed, prometheus.GaugeValue, float64(s.Failed))
	ch <- prometheus.MustNewConstMetric(q.oldest, prometheus.GaugeValue, s.OldestPending.Seconds())
}
