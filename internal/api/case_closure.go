package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"regiepool/internal/domain"
)

// closeRequest is a close (afschalen) as sent: one of domain.CloseReasons
// (other with reasonText), the end conversation, the final check and the
// self-reliance at close, checked by domain.Closure.Validate with every
// fault at once.
type closeRequest struct {
	Reason          string                  `json:"reason" binding:"required"`
	ReasonText      string                  `json:"reasonText" binding:"max=2000"`
	EndConversation *domain.EndConversation `json:"endConversation"`
	FinalCheck      *domain.FinalCheck      `json:"finalCheck"`
	SelfReliance    map[string]int          `json:"selfReliance" binding:"omitempty,max=8"`
}

func (h *handler) handleCaseClose(c *gin.Context) error {
	var req closeRequest
	id, err := idAndBody(c, &req)
	if err != nil {
		return err
	}
	k, err := h.App.CloseCase(c.Request.Context(), id, domain.Closure{Reason: req.Reason, ReasonText: req.ReasonText,
		EndConversation: req.EndConversation, FinalCheck: req.FinalCheck, SelfReliance: req.SelfReliance})
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, toCaseResponse(k))
	return nil
}

// selfRelianceHistoryJSON is the change of the family's self-reliance per
// life domain from intake to the latest measurement, with every
// measurement.
type selfRelianceHistoryJSON struct {
	Measurements []measurementJSON        `json:"measurements"`
	Domains      []selfRelianceChangeJSON `json:"domains"`
}

type measurementJSON struct {
	Kind   string         `json:"kind"`
	On     string         `json:"on"`
	Scores map[string]int `json:"scores"`
}

type selfRelianceChangeJSON struct {
	LifeDomain string `json:"lifeDomain"`
	Intake     *int   `json:"intake"`
	Latest     *int   `json:"latest"`
	Change     *int   `json:"change"`
}

func toSelfRelianceHistoryJSON(h domain.SelfRelianceHistory) *selfRelianceHistoryJSON {
	out := &selfRelianceHistoryJSON{Measurements: []measurementJSON{}, Domains: []selfRelianceChangeJSON{}}
	for _, m := range h.Measurements {
		out.Measurements = append(out.Measurements, measurementJSON{Kind: m.Kind, On: m.On.Format("2006-01-02"), Scores: selfRelianceJSON(m.Scores)})
	}
	for _, d := range h.Domains {
		out.Domains = append(out.Domains, selfRelianceChangeJSON{LifeDomain: d.LifeDomain, Intake: d.Intake, Latest: d.Latest, Change: d.Change})
	}
	return out
}
