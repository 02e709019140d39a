package server

import (
	"context"
	"errors"
	"log/slog"
	"math"
	"net/http"
	"runtime"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/gin-gonic/gin"

	"regiepool/internal/domain"
	"regiepool/internal/problem"
)

// heavyRoutes are the routes whose work grows with the pool and the case
// load: the batch proposal, the rankings and the PDFs. They share one small
// limit (see heavyLimiter); every other route runs freely. Keys are method
// and route template; TestHeavyRoutesExist keeps them in step with the
// routes.
var heavyRoutes = map[string]bool{
	"POST /api/v1/assignment-proposals":             true,
	"GET /api/v1/cases/:id/candidates":              true,
	"GET /api/v1/regisseurs/:id/development-report": true,
	"GET /api/v1/reports/pool":                      true,
	"GET /api/v1/reports/monitoring":                true,
	"GET /casussen/voorstel":                        true,
	"POST /casussen/voorstel":                       true,
	"GET /casussen/:id":                             true, // the case page ranks the candidates for a dispatcher
	"GET /regisseurs/:id/ontwikkelrapport":          true,
	"GET /pool/rapport":                             true,
	"GET /monitoring/rapport":                       true,
}

// DefaultHeavyLimit is how many heavy requests run at once when Deps does
// not say: one per core the Go runtime uses, and at least 2.
func DefaultHeavyLimit() int { return max(2, runtime.GOMAXPROCS(0)) }

// heavyLimiter lets at most limit heavy requests run at once and queues at
// most queue more; a request beyond the queue, or one that waited longer
// than maxWait, is answered 503 with Retry-After at once, so a burst of
// proposals costs neither unbounded memory nor every other user's answer.
// A queued request whose client goes away leaves the queue.
type heavyLimiter struct {
	routes   map[string]bool // "METHOD /route/template"
	running  chan struct{}   // one token per running request
	admitted chan struct{}   // one token per running or queued request
	maxWait  time.Duration
	log      *slog.Logger
	// avgNanos is a moving average of how long a heavy request runs; it
	// sets Retry-After.
	avgNanos atomic.Int64
}

func newHeavyLimiter(routes map[string]bool, limit, queue int, maxWait time.Duration, log *slog.Logger) *heavyLimiter {
	return &heavyLimiter{routes: routes, running: make(chan struct{}, limit), admitted: make(chan struct{}, limit+queue), maxWait: maxWait, log: log}
}

// middleware applies the limit to the heavy routes. It runs after
// authenticate: an anonymous request is refused by the route's own check
// without waiting for a place.
func (l *heavyLimiter) middleware(page func(c *gin.Context, status int)) gin.HandlerFunc {
	return func(c *gin.Context) {
		if !l.routes[c.Request.Method+" "+c.FullPath()] || domain.ActorFrom(c.Request.Context()).Kind == domain.ActorAnonymous {
			c.Next()
			return
		}
		select {
		case l.admitted <- struct{}{}:
		default:
			l.busy(c, page)
			return
		}
		defer func() { <-l.admitted }()
		timer := time.NewTimer(l.maxWait)
		defer timer.Stop()
		select {
		case l.running <- struct{}{}:
		case <-c.Request.Context().Done():
			if errors.Is(c.Request.Context().Err(), context.Canceled) {
				c.AbortWithStatus(499) // the client went away; nobody reads an answer
				return
			}
			l.busy(c, page)
			return
		case <-timer.C:
			l.busy(c, page)
			return
		}
		defer func() { <-l.running }()
		start := time.Now()
		c.Next()
		l.observe(time.Since(start))
	}
}

// observe folds one run's duration into the moving average (weight 1/8).
func (l *heavyLimiter) observe(d time.Duration) {
	for {
		old := l.avgNanos.Load()
		next := int64(d)
		if old > 0 {
			next = old + (int64(d)-old)/8
		}
		if l.avgNanos.CompareAndSwap(old, next) {
			return
		}
	}
}

// retryAfter is how many seconds until a place is likely free: the queue
// ahead drained at the average run time, from 1 to 30 seconds.
func (l *heavyLimiter) retryAfter() int {
	avg := time.Duration(l.avgNanos.Load())
	rounds := float64(len(l.admitted))/float64(cap(l.running)) + 1
	return int(min(30, max(1, math.Ceil(avg.Seconds()*rounds))))
}

// busy answers 503 with Retry-After: problem+json on the API, the Dutch
// "even niet beschikbaar" page elsewhere.
func (l *heavyLimiter) busy(c *gin.Context, page func(c *gin.Context, status int)) {
	secs := l.retryAfter()
	l.log.Warn("heavy request refused: too many at once", "route", c.FullPath(), "requestId", c.GetString(ctxRequestID),
		"running", len(l.running), "limit", cap(l.running))
	c.Header("Retry-After", strconv.Itoa(secs))
	if isAPI(c.Request.URL.Path) || page == nil {
		c.Header("Content-Type", problem.ContentType)
		c.AbortWithStatusJSON(http.StatusServiceUnavailable, problem.New(http.StatusServiceUnavailable,
			"Er lopen al te veel zware aanvragen (voorstellen, rangordes, rapporten) tegelijk. Probeer het over "+
				strconv.Itoa(secs)+" seconden opnieuw."))
		return
	}
	c.Abort()
	page(c, http.StatusServiceUnavailable)
}
