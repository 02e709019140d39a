package api

import (
	"bytes"
	"net/http"

	"github.com/gin-gonic/gin"

	"regiepool/internal/domain"
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

// handleMyExport answers an access request (AVG art. 15): everything held
// about the caller, as JSON (default) or as a readable PDF (?format=pdf).
func (h *handler) handleMyExport(c *gin.Context) error {
	ctx := c.Request.Context()
	switch c.DefaultQuery("format", "json") {
	case "json":
		e, err := h.App.ExportMyData(ctx)
		if err != nil {
			return err
		}
		c.Header("Content-Disposition", `attachment; filename="mijn-gegevens-regiepool.json"`)
		c.JSON(http.StatusOK, e)
		return nil
	case "pdf":
		return h.writePDF(c, "mijn-gegevens-regiepool.pdf", func(b *bytes.Buffer) error { return h.App.ExportMyDataPDF(ctx, b) })
	default:
		return domain.Invalid(domain.FieldError{Name: "format", Code: "oneof", Reason: "Kies json of pdf."})
	}
}
