package api

import (
	"encoding/json"
	"net/http"
	"regexp"

	"github.com/gin-gonic/gin"

	"regiepool/internal/domain"
)

type auditEventResponse struct {
	ID             int64  `json:"id"`
	At             string `json:"at"`
	ActorKind      string `json:"actorKind"`
	ActorUserID    *int64 `json:"actorUserId"`
	ActorTokenID   *int64 `json:"actorTokenId"`
	OrganisationID *int64 `json:"organisationId"`
	Action         string `json:"action"`
	RecordType     string `json:"recordType"`
	RecordID       *int64 `json:"recordId"`
	RequestID      string `json:"requestId"`
	ClientAddr     string `json:"clientAddr"`
	Outcome        string `json:"outcome"`
	// Detail is what a read covered (the file study's filter); null when
	// the record says it all.
	Detail json.RawMessage `json:"detail"`
}

var recordTypeShape = regexp.MustCompile(`^[a-z_]{1,50}$`)

func (h *handler) handleAuditEventIndex(c *gin.Context) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	var f domain.AuditFilter
	var fe []domain.FieldError
	if v, ok := c.GetQuery("recordType"); ok {
		if !recordTypeShape.MatchString(v) {
			fe = append(fe, domain.FieldError{Name: "recordType", Code: "format", Reason: "Gebruik kleine letters en underscores, bijvoorbeeld user."})
		}
		f.RecordType = &v
	}
	fe = idQueries(c, fe, map[string]**int64{"recordId": &f.RecordID, "userId": &f.UserID})
	if fe != nil {
		return domain.Invalid(fe...)
	}
	es, total, err := h.App.AuditEvents(c.Request.Context(), f, p)
	if err != nil {
		return err
	}
	out := make([]auditEventResponse, len(es))
	for i, e := range es {
		out[i] = auditEventResponse{ID: e.ID, At: timestamp(e.At), ActorKind: string(e.ActorKind), ActorUserID: e.ActorUserID,
			ActorTokenID: e.ActorTokenID, OrganisationID: e.OrganisationID, Action: e.Action, RecordType: e.RecordType,
			RecordID: e.RecordID, RequestID: e.RequestID, ClientAddr: e.ClientAddr, Outcome: e.Outcome}
		if e.Detail != "" {
			out[i].Detail = json.RawMessage(e.Detail)
		}
	}
	c.JSON(http.StatusOK, newPage(c, p, total, out))
	return nil
}
