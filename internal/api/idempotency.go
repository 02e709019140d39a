package api

import (
	"bytes"
	"context"
	"crypto/sha256"
	"io"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"regiepool/internal/domain"
	"regiepool/internal/problem"
)

// idempotencyHeader names the key a client sends to make a POST safe to
// repeat (draft-ietf-httpapi-idempotency-key-header).
const idempotencyHeader = "Idempotency-Key"

// idempotent runs a POST of a signed-in user that carries an
// Idempotency-Key at most once per key: the first request claims the key
// and runs, its answer is stored, and a retry with the same key and the
// same request gets that answer again (with Idempotent-Replayed: true)
// instead of a second record. The same key with another request is 422; a
// retry while the first still runs is 409 with Retry-After. Without the
// header, or for the log-in, a request runs as always.
func (h *handler) idempotent(c *gin.Context) {
	key := c.GetHeader(idempotencyHeader)
	ctx := c.Request.Context()
	if c.Request.Method != http.MethodPost || key == "" || domain.ActorFrom(ctx).Kind != domain.ActorUser {
		return
	}
	sum, err := requestHash(c)
	if err != nil {
		h.writeError(c, err)
		return
	}
	claim, err := h.App.ClaimIdempotencyKey(ctx, key, sum)
	if err != nil {
		h.writeError(c, err)
		return
	}
	if claim.Replay != nil {
		replay(c, *claim.Replay)
		return
	}
	rec := &answerRecorder{ResponseWriter: c.Writer}
	c.Writer = rec
	c.Request = c.Request.WithContext(domain.WithIdempotencyClaim(ctx, claim.ID))
	status := http.StatusInternalServerError // unless the handler returns: a panic
	defer func() {
		// The answer is stored even when the client has gone or the
		// request's deadline has passed: a retry is what comes next.
		fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		ans := domain.IdempotentAnswer{Status: status, Body: rec.body.Bytes(), Location: rec.Header().Get("Location")}
		if err := h.App.FinishIdempotencyKey(fctx, key, claim.ID, ans); err != nil {
			h.Log.Error("idempotency key not finished", "requestId", c.GetString("requestID"), "route", c.FullPath(), "err", err)
		}
	}()
	c.Next()
	status = rec.Status()
}

// requestHash identifies a request for its idempotency key: method, path,
// query and body. The body has been read and checked already (checkInput);
// it is read again from the start for the handler.
func requestHash(c *gin.Context) ([]byte, error) {
	var body []byte
	if c.Request.Body != nil {
		var err error
		if body, err = io.ReadAll(c.Request.Body); err != nil {
			return nil, &domain.Error{Code: domain.EInvalid, Key: "unreadable_body", Message: "De gegevens konden niet worden gelezen."}
		}
		c.Request.Body = io.NopCloser(bytes.NewReader(body))
	}
	h := sha256.New()
	for _, part := range []string{c.Request.Method, c.Request.URL.Path, c.Request.URL.RawQuery} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	h.Write(body)
	return h.Sum(nil), nil
}

// replay writes a stored answer again.
func replay(c *gin.Context, ans domain.IdempotentAnswer) {
	ctype := "application/json; charset=utf-8"
	if ans.Status >= 400 {
		ctype = problem.ContentType
	}
	if ans.Location != "" {
		c.Header("Location", ans.Location)
	}
	c.Header("Idempotent-Replayed", "true")
	c.Data(ans.Status, ctype, ans.Body)
	c.Abort()
}

// answerRecorder keeps a copy of the body the handler writes.
type answerRecorder struct {
	gin.ResponseWriter
	body bytes.Buffer
}

func (w *answerRecorder) Write(b []byte) (int, error) {
	w.body.Write(b)
	return w.ResponseWriter.Write(b)
}

func (w *answerRecorder) WriteString(s string) (int, error) {
	w.body.WriteString(s)
	return w.ResponseWriter.WriteString(s)
}
