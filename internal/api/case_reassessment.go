package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"regiepool/internal/domain"
)

// reassessmentRequest is a re-assessment as sent (PATCH /cases/{id}): only
// the fields sent change. The code lists and the checklist's consistency
// are checked by domain.Case.ValidateAssessment, with every fault at once.
type reassessmentRequest struct {
	SafetyRisk           *string        `json:"safetyRisk"`
	LifeDomains          *[]string      `json:"lifeDomains"`
	ParentsStruggle      *bool          `json:"parentsStruggle"`
	SeveralDomains       *bool          `json:"severalDomains"`
	SeveralProfessionals *bool          `json:"severalProfessionals"`
	HighRisk             *bool          `json:"highRisk"`
	DefinitionReason     *string        `json:"definitionReason" binding:"omitempty,max=2000"`
	SelfReliance         map[string]int `json:"selfReliance" binding:"omitempty,max=8"`
}

func (h *handler) handleCaseUpdate(c *gin.Context) error {
	var req reassessmentRequest
	id, err := idAndBody(c, &req)
	if err != nil {
		return err
	}
	if req.LifeDomains != nil && len(*req.LifeDomains) > len(domain.LifeDomains) {
		return domain.Invalid(domain.FieldError{Name: "lifeDomains", Code: "max", Reason: "Hoogstens 8 leefgebieden."})
	}
	k, err := h.App.ReassessCase(c.Request.Context(), id, domain.Reassessment{SafetyRisk: req.SafetyRisk, LifeDomains: req.LifeDomains,
		ParentsStruggle: req.ParentsStruggle, SeveralDomains: req.SeveralDomains, SeveralProfessionals: req.SeveralProfessionals,
		HighRisk: req.HighRisk, DefinitionReason: req.DefinitionReason, SelfReliance: req.SelfReliance})
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, toCaseResponse(k))
	return nil
}

// changeJSON is one change of a re-assessment on the timeline.
type changeJSON struct {
	Field      string  `json:"field"`
	LifeDomain *string `json:"lifeDomain"`
	Old        any     `json:"old"`
	New        any     `json:"new"`
}

func toChangesJSON(cs domain.FieldChanges) []changeJSON {
	if cs == nil {
		return nil
	}
	out := make([]changeJSON, len(cs))
	for i, x := range cs {
		out[i] = changeJSON{Field: x.Field, LifeDomain: optString(x.LifeDomain), Old: x.Old, New: x.New}
	}
	return out
}

// selfRelianceJSON is the scale as sent: an object, {} when empty.
func selfRelianceJSON(m map[string]int) map[string]int {
	if m == nil {
		return map[string]int{}
	}
	return m
}
