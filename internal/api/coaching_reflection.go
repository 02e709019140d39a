package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"regiepool/internal/domain"
)

// The reflection log: a regisseur's entries, sharing them, and the
// coach's replies.

type replyResponse struct {
	ID        int64  `json:"id"`
	Author    string `json:"author"`
	Body      string `json:"body"`
	CreatedAt string `json:"createdAt"`
}

type reflectionResponse struct {
	ID            int64           `json:"id"`
	RegisseurID   int64           `json:"regisseurId"`
	WrittenOn     string          `json:"writtenOn"`
	CompetencyKey string          `json:"competencyKey"`
	CaseReference *string         `json:"caseReference"`
	Body          string          `json:"body"`
	Shared        bool            `json:"shared"`
	CreatedAt     string          `json:"createdAt"`
	Replies       []replyResponse `json:"replies"`
	// The monitoring part (issue 15): consent, the short pair, the rating.
	ShareWithMonitoring bool   `json:"shareWithMonitoring"`
	WentWell            string `json:"wentWell"`
	CouldBeBetter       string `json:"couldBeBetter"`
	CoachingHelp        *int   `json:"coachingHelp"`
}

func toReflectionResponse(r domain.Reflection) reflectionResponse {
	out := reflectionResponse{ID: r.ID, RegisseurID: r.RegisseurID, WrittenOn: r.WrittenOn.Format("2006-01-02"), CompetencyKey: r.CompetencyKey,
		Body: r.Body, Shared: r.SharedAt != nil, CreatedAt: timestamp(r.CreatedAt), Replies: []replyResponse{},
		ShareWithMonitoring: r.ShareWithMonitoring, WentWell: r.WentWell, CouldBeBetter: r.CouldBeBetter, CoachingHelp: r.CoachingHelp}
	if r.CaseReference != "" {
		cr := r.CaseReference
		out.CaseReference = &cr
	}
	for _, rp := range r.Replies {
		out.Replies = append(out.Replies, replyResponse{ID: rp.ID, Author: rp.Author, Body: rp.Body, CreatedAt: timestamp(rp.CreatedAt)})
	}
	return out
}

func (h *handler) handleReflectionIndex(c *gin.Context) error {
	id, p, err := idAndPage(c)
	if err != nil {
		return err
	}
	rs, total, err := h.App.Reflections(c.Request.Context(), id, p)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, newPage(c, p, total, mapAll(rs, toReflectionResponse)))
	return nil
}

type reflectionRequest struct {
	WrittenOn     string `json:"writtenOn" binding:"required,datetime=2006-01-02"`
	CompetencyKey string `json:"competencyKey" binding:"required,max=60"`
	CaseReference string `json:"caseReference" binding:"max=40"`
	Body          string `json:"body" binding:"required,max=5000"`
	Shared        bool   `json:"shared"`
	// ShareWithMonitoring: "mag geanonimiseerd gebruikt worden voor de
	// monitoring van de pilot".
	ShareWithMonitoring bool   `json:"shareWithMonitoring"`
	WentWell            string `json:"wentWell" binding:"max=1000"`
	CouldBeBetter       string `json:"couldBeBetter" binding:"max=1000"`
	CoachingHelp        *int   `json:"coachingHelp" binding:"omitempty,min=1,max=5"`
}

func (h *handler) handleReflectionCreate(c *gin.Context) error {
	var req reflectionRequest
	id, err := idAndBody(c, &req)
	if err != nil {
		return err
	}
	on, err := parseDate("writtenOn", req.WrittenOn)
	if err != nil {
		return err
	}
	r := domain.Reflection{RegisseurID: id, WrittenOn: on, CompetencyKey: req.CompetencyKey, CaseReference: req.CaseReference, Body: req.Body,
		ShareWithMonitoring: req.ShareWithMonitoring, WentWell: req.WentWell, CouldBeBetter: req.CouldBeBetter, CoachingHelp: req.CoachingHelp}
	r, err = h.App.WriteReflection(c.Request.Context(), r, req.Shared)
	if err != nil {
		return err
	}
	c.JSON(http.StatusCreated, toReflectionResponse(r))
	return nil
}

type reflectionPatch struct {
	Shared *bool `json:"shared" binding:"required"`
}

func (h *handler) handleReflectionUpdate(c *gin.Context) error {
	var req reflectionPatch
	id, err := idAndBody(c, &req)
	if err != nil {
		return err
	}
	if err := h.App.ShareReflection(c.Request.Context(), id, *req.Shared); err != nil {
		return err
	}
	c.Status(http.StatusNoContent)
	return nil
}

type replyRequest struct {
	Body string `json:"body" binding:"required,max=5000"`
}

func (h *handler) handleReplyCreate(c *gin.Context) error {
	var req replyRequest
	id, err := idAndBody(c, &req)
	if err != nil {
		return err
	}
	r, err := h.App.ReplyToReflection(c.Request.Context(), id, req.Body)
	if err != nil {
		return err
	}
	c.JSON(http.StatusCreated, replyResponse{ID: r.ID, Author: r.Author, Body: r.Body, CreatedAt: timestamp(r.CreatedAt)})
	return nil
}
