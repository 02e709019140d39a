package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"regiepool/internal/domain"
)

// outboxMessageResponse is an outbox message without its content: the
// content (with its links) is for the outbox page only.
type outboxMessageResponse struct {
	ID            int64   `json:"id"`
	Kind          string  `json:"kind"`
	To            *string `json:"to"`
	Subject       string  `json:"subject"`
	Status        string  `json:"status"`
	CreatedAt     string  `json:"createdAt"`
	Attempts      int     `json:"attempts"`
	NextAttemptAt *string `json:"nextAttemptAt"`
	SentAt        *string `json:"sentAt"`
	LastError     string  `json:"lastError"`
}

func (h *handler) handleOutboxIndex(c *gin.Context) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	var f domain.OutboxFilter
	if v, ok := c.GetQuery("status"); ok {
		if _, known := domain.OutboxStatusLabels[v]; !known {
			return domain.Invalid(domain.FieldError{Name: "status", Code: "oneof", Reason: "Kies pending, sent, failed of cancelled."})
		}
		f.Status = &v
	}
	ms, total, err := h.App.OutboxMessages(c.Request.Context(), f, p)
	if err != nil {
		return err
	}
	out := make([]outboxMessageResponse, len(ms))
	for i, m := range ms {
		out[i] = outboxMessageResponse{ID: m.ID, Kind: string(m.Kind), Subject: m.Subject, Status: m.Status,
			CreatedAt: timestamp(m.CreatedAt), Attempts: m.Attempts, SentAt: optTimestamp(m.SentAt), LastError: m.LastError}
		if m.To != "" {
			to := m.To
			out[i].To = &to
		}
		if m.Status == domain.OutboxPending {
			next := timestamp(m.NextAttemptAt)
			out[i].NextAttemptAt = &next
		}
	}
	c.JSON(http.StatusOK, newPage(c, p, total, out))
	return nil
}
