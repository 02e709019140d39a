package api

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"regiepool/internal/assessment"
	"regiepool/internal/domain"
)

func (h *handler) handleThemeIndex(c *gin.Context) error {
	ts, err := h.DB.FindThemes(c.Request.Context())
	if err != nil {
		return err
	}
	writeAll(c, ts)
	return nil
}

type themeRequest struct {
	Name string `json:"name" binding:"required,max=120"`
}

func (h *handler) handleThemeCreate(c *gin.Context) error {
	var req themeRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	t, err := h.DB.CreateTheme(c.Request.Context(), req.Name)
	if err != nil {
		return err
	}
	c.JSON(http.StatusCreated, t)
	return nil
}

type intervisieResponse struct {
	ID              int64    `json:"id"`
	HeldOn          string   `json:"heldOn"`
	DurationMinutes int      `json:"durationMinutes"`
	Form            string   `json:"form"`
	ThemeIDs        []int64  `json:"themeIds"`
	Themes          []string `json:"themes"`
	Competencies    []string `json:"competencies"`
	Attendees       []int64  `json:"attendees"`
	Absentees       []int64  `json:"absentees"`
	Notes           *string  `json:"notes,omitempty"`
	CreatedAt       string   `json:"createdAt"`
}

func toIntervisieResponse(s domain.Intervisie) intervisieResponse {
	r := intervisieResponse{ID: s.ID, HeldOn: s.HeldOn.Format("2006-01-02"), DurationMinutes: s.DurationMinutes, Form: s.Form,
		ThemeIDs: nonNil(s.ThemeIDs), Themes: nonNil(s.Themes), Competencies: nonNil(s.Competencies), Attendees: nonNil(s.Attendees),
		Absentees: nonNil(s.Absentees), CreatedAt: timestamp(s.CreatedAt)}
	if s.NotesVisible {
		n := s.Notes
		r.Notes = &n
	}
	return r
}

type intervisieRequest struct {
	HeldOn          string   `json:"heldOn" binding:"required,datetime=2006-01-02"`
	DurationMinutes int      `json:"durationMinutes" binding:"required,min=15,max=600"`
	Form            string   `json:"form" binding:"required,oneof=intervisie casuistiekbespreking thematische_instructie"`
	ThemeIDs        []int64  `json:"themeIds" binding:"omitempty,max=50,dive,min=1"`
	Competencies    []string `json:"competencies" binding:"omitempty,max=20,dive,max=60"`
	Attendees       []int64  `json:"attendees" binding:"required,min=1,max=200,dive,min=1"`
	Absentees       []int64  `json:"absentees" binding:"omitempty,max=200,dive,min=1"`
	Notes           string   `json:"notes" binding:"max=10000"`
}

func (h *handler) handleIntervisieCreate(c *gin.Context) error {
	var req intervisieRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	held, err := parseDate("heldOn", req.HeldOn)
	if err != nil {
		return err
	}
	s := domain.Intervisie{HeldOn: held, DurationMinutes: req.DurationMinutes, Form: req.Form, ThemeIDs: req.ThemeIDs,
		Competencies: req.Competencies, Attendees: req.Attendees, Absentees: req.Absentees, Notes: req.Notes}
	ctx := c.Request.Context()
	if err := h.DB.CreateIntervisie(ctx, &s); err != nil {
		return err
	}
	got, err := h.DB.FindIntervisie(ctx, s.ID)
	if err != nil {
		return err
	}
	c.Header("Location", c.Request.URL.Path+"/"+strconv.FormatInt(s.ID, 10))
	c.JSON(http.StatusCreated, toIntervisieResponse(got))
	return nil
}

func (h *handler) handleIntervisieIndex(c *gin.Context) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	ss, total, err := h.DB.FindIntervisies(c.Request.Context(), p)
	if err != nil {
		return err
	}
	out := make([]intervisieResponse, len(ss))
	for i, s := range ss {
		out[i] = toIntervisieResponse(s)
	}
	c.JSON(http.StatusOK, newPage(c, p, total, out))
	return nil
}

func (h *handler) handleIntervisieShow(c *gin.Context) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	s, err := h.DB.FindIntervisie(c.Request.Context(), id)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, toIntervisieResponse(s))
	return nil
}

type attendanceResponse struct {
	RegisseurID  int64   `json:"regisseurId"`
	Invited      int     `json:"invited"`
	Attended     int     `json:"attended"`
	Rate         float64 `json:"rate"`
	LastAttended *string `json:"lastAttended"`
}

func (h *handler) handleAttendance(c *gin.Context) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	ctx := c.Request.Context()
	// The regisseur must be in scope: the same rule as their development data.
	if _, err := h.DB.FindRegisseurByID(ctx, id); err != nil {
		return err
	}
	as, err := h.DB.FindAttendance(ctx, []int64{id})
	if err != nil {
		return err
	}
	if len(as) == 0 || as[0].RegisseurID != id {
		return domain.Errorf(domain.ENotFound, "not_found", "De regisseur bestaat niet.")
	}
	a := as[0]
	c.JSON(http.StatusOK, attendanceResponse{RegisseurID: a.RegisseurID, Invited: a.Invited, Attended: a.Attended,
		Rate: float64(int(a.Rate()*1000)) / 1000, LastAttended: optDate(a.LastAttended)})
	return nil
}

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
}

func toReflectionResponse(r domain.Reflection) reflectionResponse {
	out := reflectionResponse{ID: r.ID, RegisseurID: r.RegisseurID, WrittenOn: r.WrittenOn.Format("2006-01-02"), CompetencyKey: r.CompetencyKey,
		Body: r.Body, Shared: r.SharedAt != nil, CreatedAt: timestamp(r.CreatedAt), Replies: []replyResponse{}}
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
	id, err := idParam(c)
	if err != nil {
		return err
	}
	rs, err := h.DB.FindReflections(c.Request.Context(), id)
	if err != nil {
		return err
	}
	out := make([]reflectionResponse, len(rs))
	for i, r := range rs {
		out[i] = toReflectionResponse(r)
	}
	writeAll(c, out)
	return nil
}

type reflectionRequest struct {
	WrittenOn     string `json:"writtenOn" binding:"required,datetime=2006-01-02"`
	CompetencyKey string `json:"competencyKey" binding:"required,max=60"`
	CaseReference string `json:"caseReference" binding:"max=40"`
	Body          string `json:"body" binding:"required,max=5000"`
	Shared        bool   `json:"shared"`
}

func (h *handler) handleReflectionCreate(c *gin.Context) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	var req reflectionRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	on, err := parseDate("writtenOn", req.WrittenOn)
	if err != nil {
		return err
	}
	r := domain.Reflection{RegisseurID: id, WrittenOn: on, CompetencyKey: req.CompetencyKey, CaseReference: req.CaseReference, Body: req.Body}
	if err := h.DB.CreateReflection(c.Request.Context(), &r, req.Shared); err != nil {
		return err
	}
	c.JSON(http.StatusCreated, toReflectionResponse(r))
	return nil
}

type reflectionPatch struct {
	Shared *bool `json:"shared" binding:"required"`
}

func (h *handler) handleReflectionUpdate(c *gin.Context) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	var req reflectionPatch
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	if err := h.DB.ShareReflection(c.Request.Context(), id, *req.Shared); err != nil {
		return err
	}
	c.Status(http.StatusNoContent)
	return nil
}

type replyRequest struct {
	Body string `json:"body" binding:"required,max=5000"`
}

func (h *handler) handleReplyCreate(c *gin.Context) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	var req replyRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	r, err := h.DB.ReplyToReflection(c.Request.Context(), id, req.Body)
	if err != nil {
		return err
	}
	c.JSON(http.StatusCreated, replyResponse{ID: r.ID, Author: r.Author, Body: r.Body, CreatedAt: timestamp(r.CreatedAt)})
	return nil
}

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
	ctx := c.Request.Context()
	goals, err := h.DB.FindDevelopmentGoals(ctx, id)
	if err != nil {
		return err
	}
	data, err := h.DB.FindAssessmentData(ctx, id)
	if err != nil {
		return err
	}
	trend := data.Report(h.MinRaters).Trend
	out := planResponse{RegisseurID: id, Goals: []goalResponse{}}
	for _, g := range goals {
		out.Goals = append(out.Goals, toGoalResponse(g, trend))
	}
	c.JSON(http.StatusOK, out)
	return nil
}

func toGoalResponse(g domain.DevelopmentGoal, trend []assessment.TrendPoint) goalResponse {
	r := goalResponse{ID: g.ID, CompetencyKey: g.CompetencyKey, Basis: g.Basis, Description: g.Description, Actions: nonNil(g.Actions),
		TargetDate: g.TargetDate.Format("2006-01-02"), Status: g.Status, CreatedAt: timestamp(g.CreatedAt),
		History: []goalChangeResponse{}, Scores: []roundScore{}}
	for _, hc := range g.History {
		r.History = append(r.History, goalChangeResponse{From: hc.From, To: hc.To, Note: hc.Note, Actor: hc.Actor, At: timestamp(hc.At)})
	}
	for _, p := range trend {
		s := p.Items[g.CompetencyKey]
		r.Scores = append(r.Scores, roundScore{RoundID: p.RoundID, ClosedOn: p.ClosedOn, Self: s.Self, Others: s.Others})
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
	id, err := idParam(c)
	if err != nil {
		return err
	}
	var req goalRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	target, err := parseDate("targetDate", req.TargetDate)
	if err != nil {
		return err
	}
	g := domain.DevelopmentGoal{RegisseurID: id, CompetencyKey: req.CompetencyKey, Basis: req.Basis, Description: req.Description,
		Actions: req.Actions, TargetDate: target, Status: domain.GoalOpen}
	if err := h.DB.CreateDevelopmentGoal(c.Request.Context(), &g); err != nil {
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
	ctx := c.Request.Context()
	if _, err := h.DB.UpdateRegisseurGoal(ctx, regID, goalID, u); err != nil {
		return err
	}
	goals, err := h.DB.FindDevelopmentGoals(ctx, regID)
	if err != nil {
		return err
	}
	for _, x := range goals {
		if x.ID == goalID {
			c.JSON(http.StatusOK, toGoalResponse(x, nil))
			return nil
		}
	}
	return domain.Errorf(domain.ENotFound, "not_found", "Het ontwikkeldoel bestaat niet.")
}
