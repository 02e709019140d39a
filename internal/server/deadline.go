package server

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"regiepool/internal/problem"
)

// DefaultRequestTimeout is how long a request may take before it is answered
// with 503: well under the 10 s in which a client must hear back even when
// the database hangs, and longer than the database's statement timeout, so a
// slow statement normally ends as a 503 of its own first.
const DefaultRequestTimeout = 8 * time.Second

// withDeadline answers 503 when h has not answered within d. The request's
// context carries the deadline, so waits for a database connection end with
// it; a statement stuck in a hung database cannot be interrupted, so the
// handler runs on in the background and its late answer is discarded. The
// answer is buffered until the handler is done, as in http.TimeoutHandler,
// and is a problem+json on the API and a short Dutch page elsewhere.
// Liveness checks and static files are not wrapped.
func withDeadline(h *gin.Engine, d time.Duration, log *slog.Logger) http.Handler {
	return &deadlineHandler{engine: h, timeout: d, log: log}
}

type deadlineHandler struct {
	engine  *gin.Engine
	timeout time.Duration
	log     *slog.Logger
}

// Routes lists the routes of a handler built by New, also through wrappers
// that have an Unwrap method (the tests' OpenAPI validator).
func Routes(h http.Handler) gin.RoutesInfo {
	for {
		u, ok := h.(interface{ Unwrap() http.Handler })
		if !ok {
			break
		}
		h = u.Unwrap()
	}
	if dh, ok := h.(*deadlineHandler); ok {
		return dh.engine.Routes()
	}
	return nil
}

func (dh *deadlineHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h, d, log := dh.engine, dh.timeout, dh.log
	{
		if r.URL.Path == "/healthz" || strings.HasPrefix(r.URL.Path, "/static/") {
			h.ServeHTTP(w, r)
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), d)
		defer cancel()
		tw := &deadlineWriter{header: make(http.Header)}
		done := make(chan struct{})
		panicked := make(chan any, 1)
		go func() {
			defer func() {
				if p := recover(); p != nil {
					panicked <- p
				}
			}()
			h.ServeHTTP(tw, r.WithContext(ctx))
			close(done)
		}()
		select {
		case p := <-panicked:
			panic(p)
		case <-done:
			tw.mu.Lock()
			defer tw.mu.Unlock()
			dst := w.Header()
			for k, v := range tw.header {
				dst[k] = v
			}
			if tw.status == 0 {
				tw.status = http.StatusOK
			}
			w.WriteHeader(tw.status)
			_, _ = w.Write(tw.buf.Bytes())
		case <-ctx.Done():
			tw.mu.Lock()
			defer tw.mu.Unlock()
			tw.timedOut = true
			if r.Context().Err() != nil {
				return // the client went away; nobody reads an answer
			}
			log.Warn("request deadline passed", "method", r.Method, "timeout", d.String())
			writeDeadlineAnswer(w, r)
		}
	}
}

func writeDeadlineAnswer(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Retry-After", "5")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	if isAPI(r.URL.Path) {
		h.Set("Content-Type", problem.ContentType)
		w.WriteHeader(http.StatusServiceUnavailable)
		_ = json.NewEncoder(w).Encode(problem.New(http.StatusServiceUnavailable,
			"De service kon de aanvraag niet op tijd afhandelen; de database reageert niet. Probeer het over enkele ogenblikken opnieuw."))
		return
	}
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", contentSecurityPolicy)
	w.WriteHeader(http.StatusServiceUnavailable)
	_, _ = w.Write([]byte(deadlinePage))
}

const deadlinePage = `<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Even niet beschikbaar - Regiepool</title></head>
<body><main><h1>Even niet beschikbaar</h1>
<p>De gegevens zijn op dit moment niet bereikbaar. Uw gegevens zijn niet verloren gegaan. Probeer het over enkele ogenblikken opnieuw.</p>
<p><a href="/">Naar de startpagina</a></p></main></body></html>
`

// deadlineWriter buffers a response until the handler is done; after the
// deadline it swallows whatever the handler still writes.
type deadlineWriter struct {
	mu       sync.Mutex
	header   http.Header
	buf      bytes.Buffer
	status   int
	timedOut bool
}

func (w *deadlineWriter) Header() http.Header { return w.header }

func (w *deadlineWriter) Write(b []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.timedOut {
		return 0, http.ErrHandlerTimeout
	}
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.buf.Write(b)
}

func (w *deadlineWriter) WriteHeader(code int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.timedOut || w.status != 0 {
		return
	}
	w.status = code
}
