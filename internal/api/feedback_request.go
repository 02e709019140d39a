package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"regiepool/internal/domain"
)

type feedbackRequestResponse struct {
	ID            int64                 `json:"id"`
	RoundID       int64                 `json:"roundId"`
	Group         domain.RaterGroup     `json:"group"`
	RegisseurName string                `json:"regisseurName"`
	InstrumentID  int64                 `json:"instrumentId"`
	Deadline      string                `json:"deadline"`
	Draft         map[string]answerJSON `json:"draft"`
}

func toRequestResponse(r domain.FeedbackRequest) feedbackRequestResponse {
	return feedbackRequestResponse{ID: r.RaterID, RoundID: r.RoundID, Group: r.Group, RegisseurName: r.RegisseurName,
		InstrumentID: r.InstrumentID, Deadline: r.Deadline.Format("2006-01-02"), Draft: answersResponse(r.Draft)}
}

func (h *handler) handleFeedbackRequestIndex(c *gin.Context) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	rs, total, err := h.App.FeedbackRequests(c.Request.Context(), p)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, newPage(c, p, total, mapAll(rs, toRequestResponse)))
	return nil
}

func (h *handler) handleFeedbackRequestShow(c *gin.Context) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	r, err := h.App.FeedbackRequest(c.Request.Context(), id)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, toRequestResponse(r))
	return nil
}

func (h *handler) answerRequest(c *gin.Context, submit bool) error {
	var req answersRequest
	id, err := idAndBody(c, &req)
	if err != nil {
		return err
	}
	ctx := c.Request.Context()
	if err := h.App.AnswerFeedbackRequest(ctx, id, req.domain(), submit); err != nil {
		return err
	}
	if submit {
		c.Status(http.StatusNoContent)
		return nil
	}
	return h.handleFeedbackRequestShow(c)
}

func (h *handler) handleFeedbackRequestUpdate(c *gin.Context) error { return h.answerRequest(c, false) }
func (h *handler) handleFeedbackRequestSubmit(c *gin.Context) error { return h.answerRequest(c, true) }
