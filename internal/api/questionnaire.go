package api

import (
	"fmt"
	"math"
	"net/http"

	"github.com/gin-gonic/gin"

	"regiepool/internal/app"
	"regiepool/internal/domain"
)

// The family's and the parties' voice (issue 13, item 11): questionnaire
// links for one moment of a case, returned once, and the figures in
// aggregate.

type voiceRespondentRequest struct {
	Kind  string `json:"kind" binding:"required,max=40"`
	Count int    `json:"count"`
	// Emails mail this many of the kind's links, one to each address.
	Emails []string `json:"emails" binding:"max=10,dive,max=254"`
}

type voiceIssueRequest struct {
	Moment      string                   `json:"moment" binding:"required,max=40"`
	MomentDate  string                   `json:"momentDate" binding:"omitempty,datetime=2006-01-02"`
	Respondents []voiceRespondentRequest `json:"respondents" binding:"required,min=1,max=3,dive"`
}

type voiceLinkResponse struct {
	RespondentKind domain.RespondentKind `json:"respondentKind"`
	URL            string                `json:"url"`
	ExpiresAt      string                `json:"expiresAt"`
}

type voiceIssueResponse struct {
	CaseID     int64               `json:"caseId"`
	Moment     string              `json:"moment"`
	MomentDate string              `json:"momentDate"`
	Links      []voiceLinkResponse `json:"links"`
	Mailed     int                 `json:"mailed"`
}

// readVoiceRequest turns the request into a domain.VoiceRequest; a kind
// named twice is an invalid field "respondents". An address is field
// respondents[i].emails[j].
func readVoiceRequest(req voiceIssueRequest) (domain.VoiceRequest, error) {
	r := domain.VoiceRequest{Moment: req.Moment, Counts: map[domain.RespondentKind]int{}}
	if req.MomentDate != "" {
		d, err := parseDate("momentDate", req.MomentDate)
		if err != nil {
			return r, err
		}
		r.MomentDate = &d
	}
	for i, x := range req.Respondents {
		k := domain.RespondentKind(x.Kind)
		if _, dup := r.Counts[k]; dup {
			return r, domain.Invalid(domain.FieldError{Name: "respondents", Code: "unique", Reason: "Noem elke soort invuller één keer."})
		}
		r.Counts[k] = x.Count
		for j, email := range x.Emails {
			r.Mails = append(r.Mails, domain.VoiceLinkMail{Kind: k, Field: fmt.Sprintf("respondents[%d].emails[%d]", i, j), Email: email})
		}
	}
	return r, nil
}

func (h *handler) handleVoiceIssue(c *gin.Context) error {
	var req voiceIssueRequest
	id, err := idAndBody(c, &req)
	if err != nil {
		return err
	}
	r, err := readVoiceRequest(req)
	if err != nil {
		return err
	}
	links, err := h.App.IssueVoiceLinks(c.Request.Context(), id, r)
	if err != nil {
		return err
	}
	out := voiceIssueResponse{CaseID: id, Moment: r.Moment, Links: []voiceLinkResponse{}}
	for _, l := range links {
		out.MomentDate = l.MomentDate.Format(domain.ISODate)
		if l.Mailed { // in the outbox only: not shown
			out.Mailed++
			continue
		}
		out.Links = append(out.Links, voiceLinkResponse{RespondentKind: l.Kind, URL: l.URL, ExpiresAt: timestamp(l.ExpiresAt)})
	}
	c.JSON(http.StatusCreated, out)
	return nil
}

type voiceSummaryResponse struct {
	RespondentKind domain.RespondentKind `json:"respondentKind"`
	Issued         int                   `json:"issued"`
	Answered       int                   `json:"answered"`
	Shown          bool                  `json:"shown"`
	Heard          *float64              `json:"heard"`
	Helped         *float64              `json:"helped"`
	Collaboration  *float64              `json:"collaboration"`
	WentWell       []string              `json:"wentWell"`
	CouldBeBetter  []string              `json:"couldBeBetter"`
}

type caseVoiceResponse struct {
	CaseID      int64                  `json:"caseId"`
	Threshold   int                    `json:"threshold"`
	Respondents []voiceSummaryResponse `json:"respondents"`
}

func toVoiceSummaries(ss []domain.VoiceSummary) []voiceSummaryResponse {
	return mapAll(ss, func(s domain.VoiceSummary) voiceSummaryResponse {
		return voiceSummaryResponse{RespondentKind: s.Kind, Issued: s.Issued, Answered: s.Answered, Shown: s.Shown,
			Heard: round2(s.Heard), Helped: round2(s.Helped), Collaboration: round2(s.Collaboration),
			WentWell: nonNil(s.WentWell), CouldBeBetter: nonNil(s.CouldBeBetter)}
	})
}

func toCaseVoiceResponse(v app.CaseVoice) caseVoiceResponse {
	return caseVoiceResponse{CaseID: v.CaseID, Threshold: v.Threshold, Respondents: toVoiceSummaries(v.Summaries)}
}

// round2 rounds a mean to two decimals.
func round2(f *float64) *float64 {
	if f == nil {
		return nil
	}
	r := math.Round(*f*100) / 100
	return &r
}

func (h *handler) handleVoiceShow(c *gin.Context) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	v, err := h.App.CaseVoice(c.Request.Context(), id)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, toCaseVoiceResponse(v))
	return nil
}
