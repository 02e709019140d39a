package api

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// recordAccessResponse is one read or change of the caller's records by
// someone else: when, what, and who (role, and name unless an admin).
type recordAccessResponse struct {
	ID         int64   `json:"id"`
	At         string  `json:"at"`
	Action     string  `json:"action"`
	RecordType string  `json:"recordType"`
	RecordID   int64   `json:"recordId"`
	Role       string  `json:"role"`
	Name       *string `json:"name"`
}

func (h *handler) handleMyAuditEventIndex(c *gin.Context) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	es, total, err := h.App.MyRecordAccesses(c.Request.Context(), p)
	if err != nil {
		return err
	}
	out := make([]recordAccessResponse, len(es))
	for i, e := range es {
		out[i] = recordAccessResponse{ID: e.ID, At: timestamp(e.At), Action: e.Action, RecordType: e.RecordType,
			RecordID: e.RecordID, Role: e.ReaderRole(), Name: e.ReaderName()}
	}
	c.JSON(http.StatusOK, newPage(c, p, total, out))
	return nil
}
