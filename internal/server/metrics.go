package server

import (
	"time"

	"github.com/gin-gonic/gin"

	"regiepool/internal/metrics"
)

// observeRequests counts every request by method, route template and status
// in m. It runs first, so it sees the status the other middleware settled
// on; the route is gin's template ("/api/v1/cases/:id"), never the raw path.
func observeRequests(m *metrics.Metrics) gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Next()
		route := c.FullPath()
		if route == "" {
			route = "(unmatched)"
		}
		m.ObserveRequest(c.Request.Method, route, c.Writer.Status(), time.Since(start))
	}
}
