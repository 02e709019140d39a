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

func toInstrumentSummary(in assessment.StoredInstrument) instrumentSummary {
	return instrumentSummary{ID: in.ID, Key: in.Def.Key, Version: in.Def.Version, Title: in.Def.Title, LoadedAt: timestamp(in.LoadedAt)}
}

func (h *handler) handleInstrumentIndex(c *gin.Context) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	ins, total, err := h.App.Instruments(c.Request.Context(), p)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, newPage(c, p, total, mapAll(ins, toInstrumentSummary)))
	return nil
}

func (h *handler) handleInstrumentShow(c *gin.Context) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	in, err := h.App.Instrument(c.Request.Context(), id)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, instrumentResponse{instrumentSummary: toInstrumentSummary(in), Definition: in.Def})
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
	id, p, err := idAndPage(c)
	if err != nil {
		return err
	}
	ss, total, err := h.App.SelfAssessments(c.Request.Context(), id, p)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, newPage(c, p, total, mapAll(ss, toSelfResponse)))
	return nil
}

// handleSelfAssessmentCreate returns the regisseur's draft, starting one
// when there is none (201) or returning the existing one (200).
func (h *handler) handleSelfAssessmentCreate(c *gin.Context) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	s, err := h.App.DraftSelfAssessment(c.Request.Context(), id)
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
	var req answersRequest
	id, err := idAndBody(c, &req)
	if err != nil {
		return err
	}
	s, err := h.App.SaveSelfAssessment(c.Request.Context(), id, req.domain(), submit)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, toSelfResponse(s))
	return nil
}

func (h *handler) handleSelfAssessmentUpdate(c *gin.Context) error { return h.saveSelf(c, false) }
func (h *handler) handleSelfAssessmentSubmit(c *gin.Context) error { return h.saveSelf(c, true) }

// parseDate reads the date field name with the one date parser of the
// service (domain.ParseDate): jjjj-mm-dd within the years it accepts.
func parseDate(name, v string) (time.Time, error) {
	t, err := domain.ParseDate(v)
	if err != nil {
		return t, domain.Invalid(domain.DateFieldError(name, err))
	}
	return t, nil
}

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
	rep, err := h.App.AssessmentReport(c.Request.Context(), id)
	if err != nil {
		return err
	}
	out := resultsResponse{RegisseurID: id, RoundID: rep.RoundID, ClosedAt: optTimestamp(rep.ClosedAt), MinRaters: rep.MinRaters,
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
