package api

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"regiepool/internal/assessment"
	"regiepool/internal/domain"
)

type instrumentSummary struct {
	ID       int64  `json:"id"`
	Key      string `json:"key"`
	Version  int    `json:"version"`
	Title    string `json:"title"`
	LoadedAt string `json:"loadedAt"`
}

type instrumentResponse struct {
	instrumentSummary
	Definition *assessment.Instrument `json:"definition"`
}

func (h *handler) handleInstrumentIndex(c *gin.Context) error {
	ins, err := h.DB.FindInstruments(c.Request.Context())
	if err != nil {
		return err
	}
	out := make([]instrumentSummary, len(ins))
	for i, in := range ins {
		out[i] = instrumentSummary{ID: in.ID, Key: in.Def.Key, Version: in.Def.Version, Title: in.Def.Title, LoadedAt: timestamp(in.LoadedAt)}
	}
	writeAll(c, out)
	return nil
}

func (h *handler) handleInstrumentShow(c *gin.Context) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	in, err := h.DB.FindInstrumentByID(c.Request.Context(), id)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, instrumentResponse{
		instrumentSummary: instrumentSummary{ID: in.ID, Key: in.Def.Key, Version: in.Def.Version, Title: in.Def.Title, LoadedAt: timestamp(in.LoadedAt)},
		Definition:        in.Def,
	})
	return nil
}

// answerJSON is one answer: score null means "kan ik niet beoordelen".
type answerJSON struct {
	Score   *int   `json:"score"`
	Comment string `json:"comment" binding:"max=2000"`
}

type answersRequest struct {
	Answers map[string]answerJSON `json:"answers" binding:"required,dive"`
}

func (r answersRequest) domain() map[string]domain.Answer {
	out := make(map[string]domain.Answer, len(r.Answers))
	for k, a := range r.Answers {
		out[k] = domain.Answer{Score: a.Score, Comment: a.Comment}
	}
	return out
}

func answersResponse(in map[string]domain.Answer) map[string]answerJSON {
	out := make(map[string]answerJSON, len(in))
	for k, a := range in {
		out[k] = answerJSON{Score: a.Score, Comment: a.Comment}
	}
	return out
}

type selfAssessmentResponse struct {
	ID           int64                 `json:"id"`
	RegisseurID  int64                 `json:"regisseurId"`
	InstrumentID int64                 `json:"instrumentId"`
	Status       string                `json:"status"`
	Answers      map[string]answerJSON `json:"answers"`
	CreatedAt    string                `json:"createdAt"`
	UpdatedAt    string                `json:"updatedAt"`
	SubmittedAt  *string               `json:"submittedAt"`
}

func toSelfResponse(s domain.SelfAssessment) selfAssessmentResponse {
	return selfAssessmentResponse{ID: s.ID, RegisseurID: s.RegisseurID, InstrumentID: s.InstrumentID, Status: s.Status,
		Answers: answersResponse(s.Answers), CreatedAt: timestamp(s.CreatedAt), UpdatedAt: timestamp(s.UpdatedAt), SubmittedAt: optTimestamp(s.SubmittedAt)}
}

func (h *handler) handleSelfAssessmentIndex(c *gin.Context) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	ss, err := h.DB.FindSelfAssessments(c.Request.Context(), id)
	if err != nil {
		return err
	}
	out := make([]selfAssessmentResponse, len(ss))
	for i, s := range ss {
		out[i] = toSelfResponse(s)
	}
	writeAll(c, out)
	return nil
}

// handleSelfAssessmentCreate returns the regisseur's draft, starting one
// when there is none (201) or returning the existing one (200).
func (h *handler) handleSelfAssessmentCreate(c *gin.Context) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	s, err := h.DB.DraftSelfAssessment(c.Request.Context(), id)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if len(s.Answers) == 0 && s.UpdatedAt.Equal(s.CreatedAt) {
		status = http.StatusCreated
	}
	c.JSON(status, toSelfResponse(s))
	return nil
}

func (h *handler) saveSelf(c *gin.Context, submit bool) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	var req answersRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	s, err := h.DB.SaveSelfAssessment(c.Request.Context(), id, req.domain(), submit)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, toSelfResponse(s))
	return nil
}

func (h *handler) handleSelfAssessmentUpdate(c *gin.Context) error { return h.saveSelf(c, false) }
func (h *handler) handleSelfAssessmentSubmit(c *gin.Context) error { return h.saveSelf(c, true) }

type raterRequest struct {
	Group  string `json:"group" binding:"required,oneof=coach manager peer partner family"`
	UserID *int64 `json:"userId" binding:"omitempty,min=1"`
}

type roundCreateRequest struct {
	Deadline string         `json:"deadline" binding:"required,datetime=2006-01-02"`
	Raters   []raterRequest `json:"raters" binding:"required,min=1,max=100,dive"`
}

type raterResponse struct {
	ID        int64   `json:"id"`
	Group     string  `json:"group"`
	UserID    *int64  `json:"userId"`
	Name      *string `json:"name"`
	External  bool    `json:"external"`
	Submitted bool    `json:"submitted"`
}

type groupProgress struct {
	Group    string `json:"group"`
	Invited  int    `json:"invited"`
	Answered int    `json:"answered"`
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
	RaterID int64  `json:"raterId"`
	Group   string `json:"group"`
	URL     string `json:"url"`
}

// toRoundResponse lists internal raters by name and external raters only as
// "answered or not", so no answer can be tied to a link.
func toRoundResponse(c *gin.Context, f domain.FeedbackRound, links []domain.RaterLink) roundResponse {
	r := roundResponse{ID: f.ID, RegisseurID: f.RegisseurID, InstrumentID: f.InstrumentID, Status: f.Status,
		Deadline: f.Deadline.Format("2006-01-02"), CreatedAt: timestamp(f.CreatedAt), ClosedAt: optTimestamp(f.ClosedAt),
		Raters: []raterResponse{}, Progress: []groupProgress{}}
	progress := map[string]*groupProgress{}
	for _, x := range f.Raters {
		rr := raterResponse{ID: x.ID, Group: x.Group, UserID: x.UserID, External: x.External, Submitted: x.Submitted}
		if !x.External {
			name := x.UserName
			rr.Name = &name
		}
		r.Raters = append(r.Raters, rr)
		p, ok := progress[x.Group]
		if !ok {
			p = &groupProgress{Group: x.Group}
			progress[x.Group] = p
		}
		p.Invited++
		if x.Submitted {
			p.Answered++
		}
	}
	for _, g := range assessment.Groups {
		if p, ok := progress[string(g)]; ok {
			r.Progress = append(r.Progress, *p)
		}
	}
	for _, l := range links {
		r.Links = append(r.Links, raterLink{RaterID: l.RaterID, Group: l.Group, URL: baseURL(c) + "/beoordelen/" + l.Token})
	}
	return r
}

// baseURL is the scheme and host the client used, for links to hand out.
func baseURL(c *gin.Context) string {
	scheme := "http"
	if c.Request.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + c.Request.Host
}

func newRaters(rs []raterRequest) []domain.NewRater {
	out := make([]domain.NewRater, len(rs))
	for i, r := range rs {
		out[i] = domain.NewRater{Group: r.Group, UserID: r.UserID}
	}
	return out
}

func parseDate(name, v string) (time.Time, error) {
	t, err := time.Parse("2006-01-02", v)
	if err != nil {
		return t, domain.Invalid(domain.FieldError{Name: name, Code: "date", Reason: "Gebruik de datumnotatie JJJJ-MM-DD."})
	}
	return t, nil
}

func (h *handler) handleRoundCreate(c *gin.Context) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	var req roundCreateRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	deadline, err := parseDate("deadline", req.Deadline)
	if err != nil {
		return err
	}
	f, links, err := h.DB.OpenFeedbackRound(c.Request.Context(), id, deadline, newRaters(req.Raters))
	if err != nil {
		return err
	}
	c.JSON(http.StatusCreated, toRoundResponse(c, f, links))
	return nil
}

// handleRoundPropose lets a regisseur propose a round about themself; it
// opens when a coach approves it (no links until then).
func (h *handler) handleRoundPropose(c *gin.Context) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	var req roundCreateRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	deadline, err := parseDate("deadline", req.Deadline)
	if err != nil {
		return err
	}
	f, err := h.DB.ProposeFeedbackRound(c.Request.Context(), id, deadline, newRaters(req.Raters))
	if err != nil {
		return err
	}
	c.JSON(http.StatusCreated, toRoundResponse(c, f, nil))
	return nil
}

// handleRoundApprove opens a proposed round; the new links are shown once.
func (h *handler) handleRoundApprove(c *gin.Context) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	f, links, err := h.DB.ApproveFeedbackRound(c.Request.Context(), id)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, toRoundResponse(c, f, links))
	return nil
}

func (h *handler) handleRoundIndex(c *gin.Context) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	fs, err := h.DB.FindFeedbackRounds(c.Request.Context(), id)
	if err != nil {
		return err
	}
	out := make([]roundResponse, len(fs))
	for i, f := range fs {
		out[i] = toRoundResponse(c, f, nil)
	}
	writeAll(c, out)
	return nil
}

func (h *handler) handleRoundShow(c *gin.Context) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	f, err := h.DB.FindFeedbackRound(c.Request.Context(), id)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, toRoundResponse(c, f, nil))
	return nil
}

type roundPatchRequest struct {
	Deadline string `json:"deadline" binding:"required,datetime=2006-01-02"`
}

func (h *handler) handleRoundUpdate(c *gin.Context) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	var req roundPatchRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	deadline, err := parseDate("deadline", req.Deadline)
	if err != nil {
		return err
	}
	ctx := c.Request.Context()
	if err := h.DB.ExtendFeedbackRound(ctx, id, deadline); err != nil {
		return err
	}
	return h.handleRoundShow(c)
}

type addRatersRequest struct {
	Raters []raterRequest `json:"raters" binding:"required,min=1,max=100,dive"`
}

func (h *handler) handleRoundAddRaters(c *gin.Context) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	var req addRatersRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	ctx := c.Request.Context()
	links, err := h.DB.AddRaters(ctx, id, newRaters(req.Raters))
	if err != nil {
		return err
	}
	f, err := h.DB.FindFeedbackRound(ctx, id)
	if err != nil {
		return err
	}
	c.JSON(http.StatusCreated, toRoundResponse(c, f, links))
	return nil
}

func (h *handler) handleRoundClose(c *gin.Context) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	if err := h.DB.CloseFeedbackRound(c.Request.Context(), id); err != nil {
		return err
	}
	return h.handleRoundShow(c)
}

type feedbackRequestResponse struct {
	ID            int64                 `json:"id"`
	RoundID       int64                 `json:"roundId"`
	Group         string                `json:"group"`
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
	rs, err := h.DB.FindFeedbackRequests(c.Request.Context())
	if err != nil {
		return err
	}
	out := make([]feedbackRequestResponse, len(rs))
	for i, r := range rs {
		out[i] = toRequestResponse(r)
	}
	writeAll(c, out)
	return nil
}

func (h *handler) handleFeedbackRequestShow(c *gin.Context) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	r, err := h.DB.FindFeedbackRequest(c.Request.Context(), id)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, toRequestResponse(r))
	return nil
}

func (h *handler) answerRequest(c *gin.Context, submit bool) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	var req answersRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	ctx := c.Request.Context()
	if err := h.DB.AnswerFeedbackRequest(ctx, id, req.domain(), submit); err != nil {
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

type resultsResponse struct {
	RegisseurID  int64                   `json:"regisseurId"`
	Instrument   *instrumentSummaryShort `json:"instrument"`
	RoundID      *int64                  `json:"roundId"`
	ClosedAt     *string                 `json:"closedAt"`
	MinRaters    int                     `json:"minRaters"`
	Competencies []assessment.ItemResult `json:"competencies"`
	Trend        []assessment.TrendPoint `json:"trend"`
}

type instrumentSummaryShort struct {
	Key     string `json:"key"`
	Version int    `json:"version"`
}

// handleAssessmentResults returns the latest results: only groups that the
// anonymity rules allow are present (the scoring engine leaves out the rest).
func (h *handler) handleAssessmentResults(c *gin.Context) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	data, err := h.DB.FindAssessmentData(c.Request.Context(), id)
	if err != nil {
		return err
	}
	rep := data.Report(h.MinRaters)
	out := resultsResponse{RegisseurID: id, RoundID: rep.RoundID, ClosedAt: optTimestamp(rep.ClosedAt), MinRaters: h.MinRaters,
		Competencies: rep.Competencies(), Trend: rep.Trend}
	if out.Competencies == nil {
		out.Competencies = []assessment.ItemResult{}
	}
	if out.Trend == nil {
		out.Trend = []assessment.TrendPoint{}
	}
	if rep.Instrument != nil {
		out.Instrument = &instrumentSummaryShort{Key: rep.Instrument.Key, Version: rep.Instrument.Version}
	}
	c.JSON(http.StatusOK, out)
	return nil
}
