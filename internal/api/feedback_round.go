package api

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"regiepool/internal/domain"
)

type raterRequest struct {
	Group  string `json:"group" binding:"required,oneof=coach manager peer partner family"`
	UserID *int64 `json:"userId" binding:"omitempty,min=1"`
	Email  string `json:"email" binding:"omitempty,max=254"`
}

type roundCreateRequest struct {
	Deadline string         `json:"deadline" binding:"required,datetime=2006-01-02"`
	Raters   []raterRequest `json:"raters" binding:"required,min=1,max=100,dive"`
}

type raterResponse struct {
	ID        int64             `json:"id"`
	Group     domain.RaterGroup `json:"group"`
	UserID    *int64            `json:"userId"`
	Name      *string           `json:"name"`
	External  bool              `json:"external"`
	Submitted *bool             `json:"submitted"`
}

type groupProgress struct {
	Group    domain.RaterGroup `json:"group"`
	Invited  int               `json:"invited"`
	Answered int               `json:"answered"`
}

type roundResponse struct {
	ID           int64           `json:"id"`
	RegisseurID  int64           `json:"regisseurId"`
	InstrumentID int64           `json:"instrumentId"`
	Status       string          `json:"status"`
	Deadline     string          `json:"deadline"`
	CreatedAt    string          `json:"createdAt"`
	ClosedAt     *string         `json:"closedAt"`
	Raters       []raterResponse `json:"raters"`
	Progress     []groupProgress `json:"progress"`
	Links        []raterLink     `json:"links,omitempty"`
}

type raterLink struct {
	RaterID int64             `json:"raterId"`
	Group   domain.RaterGroup `json:"group"`
	URL     string            `json:"url"`
}

// toRoundResponse lists internal raters by name, external raters without,
// and whether a rater answered only in the known groups (coach, manager):
// elsewhere the progress per group says how many answered, never who. The links carry
// the absolute URL the application layer built.
func toRoundResponse(f domain.FeedbackRound, links []domain.RaterLink) roundResponse {
	r := roundResponse{ID: f.ID, RegisseurID: f.RegisseurID, InstrumentID: f.InstrumentID, Status: f.Status,
		Deadline: f.Deadline.Format("2006-01-02"), CreatedAt: timestamp(f.CreatedAt), ClosedAt: optTimestamp(f.ClosedAt),
		Raters: []raterResponse{}, Progress: []groupProgress{}}
	for _, x := range f.Raters {
		rr := raterResponse{ID: x.ID, Group: x.Group, UserID: x.UserID, External: x.External}
		if x.Group.ShowsWhoAnswered() { // elsewhere only the count per group: never who
			submitted := x.Submitted
			rr.Submitted = &submitted
		}
		if !x.External {
			name := x.UserName
			rr.Name = &name
		}
		r.Raters = append(r.Raters, rr)
	}
	for _, p := range f.Progress() {
		r.Progress = append(r.Progress, groupProgress{Group: p.Group, Invited: p.Invited, Answered: p.Answered})
	}
	for _, l := range links {
		r.Links = append(r.Links, raterLink{RaterID: l.RaterID, Group: l.Group, URL: l.URL})
	}
	return r
}

func newRaters(rs []raterRequest) []domain.NewRater {
	out := make([]domain.NewRater, len(rs))
	for i, r := range rs {
		out[i] = domain.NewRater{Group: domain.RaterGroup(r.Group), UserID: r.UserID, Email: r.Email}
	}
	return out
}

// readRound reads a round request: the regisseur of the path, the deadline
// and the raters.
func readRound(c *gin.Context) (int64, time.Time, []domain.NewRater, error) {
	var req roundCreateRequest
	id, err := idAndBody(c, &req)
	if err != nil {
		return 0, time.Time{}, nil, err
	}
	deadline, err := parseDate("deadline", req.Deadline)
	return id, deadline, newRaters(req.Raters), err
}

func (h *handler) handleRoundCreate(c *gin.Context) error {
	id, deadline, raters, err := readRound(c)
	if err != nil {
		return err
	}
	f, links, err := h.App.OpenFeedbackRound(c.Request.Context(), id, deadline, raters)
	if err != nil {
		return err
	}
	c.JSON(http.StatusCreated, toRoundResponse(f, links))
	return nil
}

// handleRoundPropose lets a regisseur propose a round about themself; it
// opens when a coach approves it (no links until then).
func (h *handler) handleRoundPropose(c *gin.Context) error {
	id, deadline, raters, err := readRound(c)
	if err != nil {
		return err
	}
	f, err := h.App.ProposeFeedbackRound(c.Request.Context(), id, deadline, raters)
	if err != nil {
		return err
	}
	c.JSON(http.StatusCreated, toRoundResponse(f, nil))
	return nil
}

// handleRoundApprove opens a proposed round; the new links are shown once.
func (h *handler) handleRoundApprove(c *gin.Context) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	f, links, err := h.App.ApproveFeedbackRound(c.Request.Context(), id)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, toRoundResponse(f, links))
	return nil
}

func (h *handler) handleRoundIndex(c *gin.Context) error {
	id, p, err := idAndPage(c)
	if err != nil {
		return err
	}
	fs, total, err := h.App.FeedbackRounds(c.Request.Context(), id, p)
	if err != nil {
		return err
	}
	out := make([]roundResponse, len(fs))
	for i, f := range fs {
		out[i] = toRoundResponse(f, nil)
	}
	c.JSON(http.StatusOK, newPage(c, p, total, out))
	return nil
}

func (h *handler) handleRoundShow(c *gin.Context) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	f, err := h.App.FeedbackRound(c.Request.Context(), id)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, toRoundResponse(f, nil))
	return nil
}

type roundPatchRequest struct {
	Deadline string `json:"deadline" binding:"required,datetime=2006-01-02"`
}

func (h *handler) handleRoundUpdate(c *gin.Context) error {
	var req roundPatchRequest
	id, err := idAndBody(c, &req)
	if err != nil {
		return err
	}
	deadline, err := parseDate("deadline", req.Deadline)
	if err != nil {
		return err
	}
	f, err := h.App.ExtendFeedbackRound(c.Request.Context(), id, deadline)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, toRoundResponse(f, nil))
	return nil
}

type addRatersRequest struct {
	Raters []raterRequest `json:"raters" binding:"required,min=1,max=100,dive"`
}

func (h *handler) handleRoundAddRaters(c *gin.Context) error {
	var req addRatersRequest
	id, err := idAndBody(c, &req)
	if err != nil {
		return err
	}
	f, links, err := h.App.AddRaters(c.Request.Context(), id, newRaters(req.Raters))
	if err != nil {
		return err
	}
	c.JSON(http.StatusCreated, toRoundResponse(f, links))
	return nil
}

func (h *handler) handleRoundClose(c *gin.Context) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	f, err := h.App.CloseFeedbackRound(c.Request.Context(), id)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, toRoundResponse(f, nil))
	return nil
}
