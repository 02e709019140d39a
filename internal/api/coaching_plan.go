package api

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"regiepool/internal/app"
	"regiepool/internal/domain"
)

// Development plans: goals with their history and scores per 360 round.

type goalChangeResponse struct {
	From  *string `json:"from"`
	To    string  `json:"to"`
	Note  string  `json:"note"`
	Actor *string `json:"actor"`
	At    string  `json:"at"`
}

type roundScore struct {
	RoundID  int64    `json:"roundId"`
	ClosedOn string   `json:"closedOn"`
	Self     *int     `json:"self"`
	Others   *float64 `json:"others"`
}

type goalResponse struct {
	ID            int64                `json:"id"`
	CompetencyKey string               `json:"competencyKey"`
	Basis         string               `json:"basis"`
	Description   string               `json:"description"`
	Actions       []string             `json:"actions"`
	TargetDate    string               `json:"targetDate"`
	Status        string               `json:"status"`
	CreatedAt     string               `json:"createdAt"`
	History       []goalChangeResponse `json:"history"`
	Scores        []roundScore         `json:"scores"`
}

type planResponse struct {
	RegisseurID int64          `json:"regisseurId"`
	Goals       []goalResponse `json:"goals"`
}

// handlePlanShow returns the plan with, per goal, the competency's score in
// each closed 360 round (from the anonymity-safe results), so progress can be
// read against later rounds.
func (h *handler) handlePlanShow(c *gin.Context) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	plan, err := h.App.DevelopmentPlan(c.Request.Context(), id)
	if err != nil {
		return err
	}
	out := planResponse{RegisseurID: id, Goals: []goalResponse{}}
	for _, g := range plan.Goals {
		out.Goals = append(out.Goals, toGoalResponse(g.DevelopmentGoal, g.Scores))
	}
	c.JSON(http.StatusOK, out)
	return nil
}

func toGoalResponse(g domain.DevelopmentGoal, scores []app.RoundScore) goalResponse {
	r := goalResponse{ID: g.ID, CompetencyKey: g.CompetencyKey, Basis: g.Basis, Description: g.Description, Actions: nonNil(g.Actions),
		TargetDate: g.TargetDate.Format("2006-01-02"), Status: g.Status, CreatedAt: timestamp(g.CreatedAt),
		History: []goalChangeResponse{}, Scores: []roundScore{}}
	for _, hc := range g.History {
		r.History = append(r.History, goalChangeResponse{From: hc.From, To: hc.To, Note: hc.Note, Actor: hc.Actor, At: timestamp(hc.At)})
	}
	for _, s := range scores {
		r.Scores = append(r.Scores, roundScore{RoundID: s.RoundID, ClosedOn: s.ClosedOn, Self: s.Self, Others: s.Others})
	}
	return r
}

type goalRequest struct {
	CompetencyKey string   `json:"competencyKey" binding:"required,max=60"`
	Basis         string   `json:"basis" binding:"required,oneof=below_norm blind_spot pitfall other"`
	Description   string   `json:"description" binding:"required,max=2000"`
	Actions       []string `json:"actions" binding:"omitempty,max=20,dive,max=500"`
	TargetDate    string   `json:"targetDate" binding:"required,datetime=2006-01-02"`
}

func (h *handler) handleGoalCreate(c *gin.Context) error {
	var req goalRequest
	id, err := idAndBody(c, &req)
	if err != nil {
		return err
	}
	target, err := parseDate("targetDate", req.TargetDate)
	if err != nil {
		return err
	}
	g := domain.DevelopmentGoal{RegisseurID: id, CompetencyKey: req.CompetencyKey, Basis: req.Basis, Description: req.Description,
		Actions: req.Actions, TargetDate: target, Status: domain.GoalOpen}
	g, err = h.App.AddGoal(c.Request.Context(), g)
	if err != nil {
		return err
	}
	c.JSON(http.StatusCreated, toGoalResponse(g, nil))
	return nil
}

type goalPatch struct {
	Description *string   `json:"description" binding:"omitempty,max=2000"`
	Actions     *[]string `json:"actions" binding:"omitempty,max=20,dive,max=500"`
	TargetDate  *string   `json:"targetDate" binding:"omitempty,datetime=2006-01-02"`
	Status      *string   `json:"status" binding:"omitempty,oneof=open in_progress achieved dropped"`
	Note        string    `json:"note" binding:"max=2000"`
}

func (h *handler) handleGoalUpdate(c *gin.Context) error {
	regID, err := idParam(c)
	if err != nil {
		return err
	}
	goalID, err := strconv.ParseInt(c.Param("goalId"), 10, 64)
	if err != nil || goalID <= 0 {
		return domain.Errorf(domain.ENotFound, "not_found", "Het ontwikkeldoel bestaat niet.")
	}
	var req goalPatch
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	u := domain.GoalUpdate{Description: req.Description, Actions: req.Actions, Status: req.Status, Note: req.Note}
	if req.TargetDate != nil {
		t, err := parseDate("targetDate", *req.TargetDate)
		if err != nil {
			return err
		}
		u.TargetDate = &t
	}
	g, err := h.App.UpdateRegisseurGoal(c.Request.Context(), regID, goalID, u)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, toGoalResponse(g, nil))
	return nil
}
