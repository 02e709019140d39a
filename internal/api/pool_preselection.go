package api

import (
	"io"
	"mime"
	"net/http"

	"github.com/gin-gonic/gin"

	"regiepool/internal/domain"
)

type preSelectionJSON struct {
	TestDate        string   `json:"testDate,omitempty"`
	InstrumentName  string   `json:"instrumentName,omitempty"`
	Provider        string   `json:"provider,omitempty"`
	Outcome         string   `json:"outcome"`
	Pitfalls        []string `json:"pitfalls,omitempty"`
	AttentionPoints []string `json:"attentionPoints,omitempty"`
	CompetencyKeys  []string `json:"competencyKeys,omitempty"`
	HasReport       bool     `json:"hasReport"`
	RecordedAt      string   `json:"recordedAt"`
	OutcomeOnly     bool     `json:"outcomeOnly"`
}

type preSelectionRequest struct {
	TestDate        string   `json:"testDate" binding:"required,datetime=2006-01-02"`
	InstrumentName  string   `json:"instrumentName" binding:"required,max=200"`
	Provider        string   `json:"provider" binding:"required,max=200"`
	Outcome         string   `json:"outcome" binding:"required,oneof=suitable suitable_with_attention_points contra_indication"`
	Pitfalls        []string `json:"pitfalls" binding:"omitempty,max=20,dive,max=300"`
	AttentionPoints []string `json:"attentionPoints" binding:"omitempty,max=20,dive,max=300"`
	CompetencyKeys  []string `json:"competencyKeys" binding:"omitempty,max=20,dive,max=60"`
}

func (h *handler) handlePreSelectionShow(c *gin.Context) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	p, err := h.App.PreSelection(c.Request.Context(), id)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, toPreSelectionJSON(p))
	return nil
}

func toPreSelectionJSON(p domain.PreSelection) preSelectionJSON {
	out := preSelectionJSON{Outcome: p.Outcome, RecordedAt: timestamp(p.RecordedAt), OutcomeOnly: p.OutcomeOnly}
	if !p.OutcomeOnly {
		out.TestDate, out.InstrumentName, out.Provider = p.TestDate.Format("2006-01-02"), p.InstrumentName, p.Provider
		out.Pitfalls, out.AttentionPoints, out.HasReport = nonNil(p.Pitfalls), nonNil(p.AttentionPoints), p.ReportSize > 0
		out.CompetencyKeys = nonNil(p.CompetencyKeys)
	}
	return out
}

func (h *handler) handlePreSelectionUpdate(c *gin.Context) error {
	var req preSelectionRequest
	id, err := idAndBody(c, &req)
	if err != nil {
		return err
	}
	date, err := parseDate("testDate", req.TestDate)
	if err != nil {
		return err
	}
	p := domain.PreSelection{TestDate: date, InstrumentName: req.InstrumentName, Provider: req.Provider, Outcome: req.Outcome,
		Pitfalls: req.Pitfalls, AttentionPoints: req.AttentionPoints, CompetencyKeys: req.CompetencyKeys}
	stored, err := h.App.RecordPreSelection(c.Request.Context(), id, p, nil)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, toPreSelectionJSON(stored))
	return nil
}

// handlePreSelectionReportUpload takes the provider's PDF as the raw body
// (Content-Type: application/pdf), at most 5 MiB.
func (h *handler) handlePreSelectionReportUpload(c *gin.Context) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	if mt, _, _ := mime.ParseMediaType(c.GetHeader("Content-Type")); mt != "application/pdf" {
		return domain.Errorf(domain.EUnsupportedMedia, "unsupported_media_type", "Stuur het rapport als application/pdf.")
	}
	body, err := io.ReadAll(io.LimitReader(c.Request.Body, domain.MaxReportSize+1))
	if err != nil {
		return domain.Errorf(domain.EInvalid, "read_body", "Het rapport kon niet worden gelezen.")
	}
	// The file name is optional: the application layer cleans it and falls
	// back to rapport.pdf.
	if err := h.App.UploadPreSelectionReport(c.Request.Context(), id, domain.ReportFile{Name: c.Query("filename"), Body: body}); err != nil {
		return err
	}
	c.Status(http.StatusNoContent)
	return nil
}

func (h *handler) handlePreSelectionReport(c *gin.Context) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	f, err := h.App.PreSelectionReport(c.Request.Context(), id)
	if err != nil {
		return err
	}
	c.Header("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": f.Name}))
	c.Data(http.StatusOK, "application/pdf", f.Body)
	return nil
}
