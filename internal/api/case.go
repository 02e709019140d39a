package api

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/gin-gonic/gin"

	"regiepool/internal/domain"
)

// caseRequest is the intake as sent. The binding tags check only its shape;
// the code lists (life domains, safety risks, urgencies, exceptions) are
// checked by domain.Case.Validate, with every fault at once.
type caseRequest struct {
	Reference               string         `json:"reference" binding:"required,max=40"`
	ZaakURL                 string         `json:"zaakUrl" binding:"omitempty,max=1000,url"`
	ZaakIdentificatie       string         `json:"zaakIdentificatie" binding:"max=40"`
	Bronorganisatie         string         `json:"bronorganisatie" binding:"omitempty,len=9,numeric"`
	MunicipalityID          int64          `json:"municipalityId" binding:"required,min=1"`
	ParentsStruggle         bool           `json:"parentsStruggle"`
	SeveralDomains          bool           `json:"severalDomains"`
	SeveralProfessionals    bool           `json:"severalProfessionals"`
	HighRisk                bool           `json:"highRisk"`
	DefinitionReason        string         `json:"definitionReason" binding:"max=2000"`
	LifeDomains             []string       `json:"lifeDomains" binding:"omitempty,max=8"`
	SafetyRisk              string         `json:"safetyRisk" binding:"required"`
	Urgency                 int            `json:"urgency"`
	ArrangementHours        float64        `json:"arrangementHours" binding:"omitempty,gt=0,lte=1000"`
	ExpectedWeeks           int            `json:"expectedWeeks" binding:"omitempty,min=1,max=260"`
	LeansOn                 []string       `json:"leansOn" binding:"omitempty,max=10,dive,max=60"`
	EarlierCaseID           *int64         `json:"earlierCaseId" binding:"omitempty,min=1"`
	InvolvedOrganisationIDs []int64        `json:"involvedOrganisationIds" binding:"omitempty,max=50,dive,min=1"`
	OutsidePool             string         `json:"outsidePool"`
	OutsideReason           string         `json:"outsideReason" binding:"max=2000"`
	StartsOn                string         `json:"startsOn" binding:"omitempty,datetime=2006-01-02"`
	SelfReliance            map[string]int `json:"selfReliance" binding:"omitempty,max=8"`
}

type caseResponse struct {
	ID                      int64          `json:"id"`
	Reference               string         `json:"reference"`
	ZaakURL                 *string        `json:"zaakUrl"`
	ZaakIdentificatie       *string        `json:"zaakIdentificatie"`
	Bronorganisatie         *string        `json:"bronorganisatie"`
	MunicipalityID          int64          `json:"municipalityId"`
	ParentsStruggle         bool           `json:"parentsStruggle"`
	SeveralDomains          bool           `json:"severalDomains"`
	SeveralProfessionals    bool           `json:"severalProfessionals"`
	HighRisk                bool           `json:"highRisk"`
	MeetsDefinition         bool           `json:"meetsDefinition"`
	DefinitionReason        string         `json:"definitionReason"`
	LifeDomains             []string       `json:"lifeDomains"`
	SafetyRisk              string         `json:"safetyRisk"`
	Urgency                 int            `json:"urgency"`
	ArrangementHours        float64        `json:"arrangementHours"`
	HoursSpent              float64        `json:"hoursSpent"`
	ExpectedWeeks           int            `json:"expectedWeeks"`
	LeansOn                 []string       `json:"leansOn"`
	EarlierCaseID           *int64         `json:"earlierCaseId"`
	InvolvedOrganisationIDs []int64        `json:"involvedOrganisationIds"`
	OutsidePool             *string        `json:"outsidePool"`
	OutsideReason           string         `json:"outsideReason"`
	Status                  string         `json:"status"`
	StartsOn                string         `json:"startsOn"`
	RegisseurID             *int64         `json:"regisseurId"`
	RegisseurName           *string        `json:"regisseurName"`
	Handovers               int            `json:"handovers"`
	CloseReason             *string        `json:"closeReason"`
	ClosedAt                *string        `json:"closedAt"`
	CreatedAt               string         `json:"createdAt"`
	SelfReliance            map[string]int `json:"selfReliance"`
	// Offer and OfferReturned: see offer.go.
	Offer         *caseOfferJSON   `json:"offer"`
	OfferReturned *offerReturnJSON `json:"offerReturned"`
	// Closure of a closed case; null while open and for a case closed with
	// a reason only.
	Closure *domain.Closure `json:"closure"`
	// SelfRelianceHistory is only on GET /cases/{id}.
	SelfRelianceHistory *selfRelianceHistoryJSON `json:"selfRelianceHistory,omitempty"`
}

func optString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func toCaseResponse(c domain.Case) caseResponse {
	return caseResponse{ID: c.ID, Reference: c.Reference, ZaakURL: optString(c.ZaakURL), ZaakIdentificatie: optString(c.ZaakIdentificatie),
		Bronorganisatie: optString(c.Bronorganisatie), MunicipalityID: c.MunicipalityID, ParentsStruggle: c.ParentsStruggle,
		SeveralDomains: c.SeveralDomains, SeveralProfessionals: c.SeveralProfessionals, HighRisk: c.HighRisk,
		MeetsDefinition: c.MeetsDefinition, DefinitionReason: c.DefinitionReason, LifeDomains: nonNil(c.LifeDomains), SafetyRisk: c.SafetyRisk,
		Urgency: c.Urgency, ArrangementHours: c.ArrangementHours, HoursSpent: c.HoursSpent, ExpectedWeeks: c.ExpectedWeeks, LeansOn: nonNil(c.LeansOn),
		EarlierCaseID: c.EarlierCaseID, InvolvedOrganisationIDs: nonNil(c.InvolvedOrganisationIDs), OutsidePool: optString(c.OutsidePool),
		OutsideReason: c.OutsideReason, Status: c.Status, StartsOn: c.StartsOn.Format("2006-01-02"), RegisseurID: c.RegisseurID,
		RegisseurName: optString(c.RegisseurName), Handovers: c.Handovers, CloseReason: optString(c.CloseReason),
		ClosedAt: optTimestamp(c.ClosedAt), CreatedAt: timestamp(c.CreatedAt), SelfReliance: selfRelianceJSON(c.SelfReliance), Closure: c.Closure,
		Offer: toCaseOfferJSON(c.Offer), OfferReturned: toOfferReturnJSON(c.Returned)}
}

func (h *handler) handleCaseCreate(c *gin.Context) error {
	var req caseRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	k := domain.Case{Reference: req.Reference, ZaakURL: req.ZaakURL, ZaakIdentificatie: req.ZaakIdentificatie, Bronorganisatie: req.Bronorganisatie,
		MunicipalityID: req.MunicipalityID, ParentsStruggle: req.ParentsStruggle, SeveralDomains: req.SeveralDomains,
		SeveralProfessionals: req.SeveralProfessionals, HighRisk: req.HighRisk, DefinitionReason: req.DefinitionReason,
		LifeDomains: req.LifeDomains, SafetyRisk: req.SafetyRisk, Urgency: req.Urgency, ArrangementHours: req.ArrangementHours,
		ExpectedWeeks: req.ExpectedWeeks, LeansOn: req.LeansOn, EarlierCaseID: req.EarlierCaseID,
		InvolvedOrganisationIDs: req.InvolvedOrganisationIDs, OutsidePool: req.OutsidePool, OutsideReason: req.OutsideReason,
		SelfReliance: req.SelfReliance}
	if req.StartsOn != "" {
		t, err := parseDate("startsOn", req.StartsOn)
		if err != nil {
			return err
		}
		k.StartsOn = t
	}
	// The case comes back as stored, read in the transaction that stored it.
	if err := h.App.RegisterCase(c.Request.Context(), &k); err != nil {
		return err
	}
	c.Header("Location", c.Request.URL.Path+"/"+strconv.FormatInt(k.ID, 10))
	c.JSON(http.StatusCreated, toCaseResponse(k))
	return nil
}

func (h *handler) handleCaseIndex(c *gin.Context) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	var f domain.CaseFilter
	if v, ok := c.GetQuery("status"); ok {
		if !slices.Contains(domain.CaseStatuses, v) {
			return domain.Invalid(domain.FieldError{Name: "status", Code: "oneof", Reason: "Kies waiting, assigned, closed of outside."})
		}
		f.Status = &v
	}
	cs, total, err := h.App.Cases(c.Request.Context(), f, p)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, newPage(c, p, total, mapAll(cs, toCaseResponse)))
	return nil
}

func (h *handler) handleCaseShow(c *gin.Context) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	rec, err := h.App.CaseRecord(c.Request.Context(), id)
	if err != nil {
		return err
	}
	out := toCaseResponse(rec.Case)
	out.SelfRelianceHistory = toSelfRelianceHistoryJSON(rec.SelfReliance)
	c.JSON(http.StatusOK, out)
	return nil
}

func (h *handler) handleCandidateIndex(c *gin.Context) error {
	id, p, err := idAndPage(c)
	if err != nil {
		return err
	}
	r, err := h.App.RankCandidates(c.Request.Context(), id)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, toCandidateList(c, r, p))
	return nil
}

type assignRequest struct {
	RegisseurID int64 `json:"regisseurId" binding:"required,min=1"`
	// OverrideReason is required to assign a candidate the ranking
	// excludes (app.AssignCase); ignored otherwise.
	OverrideReason string `json:"overrideReason" binding:"max=2000"`
	// Offer makes it an offer the regisseur accepts or declines before
	// Deadline (offer.go).
	Offer    bool    `json:"offer"`
	Deadline *string `json:"deadline"`
}

func (h *handler) handleAssignmentCreate(c *gin.Context) error {
	var req assignRequest
	id, err := idAndBody(c, &req)
	if err != nil {
		return err
	}
	if req.Offer || req.Deadline != nil {
		return h.offerCase(c, id, req)
	}
	k, err := h.App.AssignCase(c.Request.Context(), id, req.RegisseurID, req.OverrideReason)
	if err != nil {
		return err
	}
	c.JSON(http.StatusCreated, toCaseResponse(k))
	return nil
}

type handoverRequest struct {
	RegisseurID int64  `json:"regisseurId" binding:"required,min=1"`
	Reason      string `json:"reason" binding:"required,max=2000"`
}

func (h *handler) handleHandoverCreate(c *gin.Context) error {
	var req handoverRequest
	id, err := idAndBody(c, &req)
	if err != nil {
		return err
	}
	k, err := h.App.HandOverCase(c.Request.Context(), id, req.RegisseurID, req.Reason)
	if err != nil {
		return err
	}
	c.JSON(http.StatusCreated, toCaseResponse(k))
	return nil
}

type eventJSON struct {
	ID         *int64   `json:"id"`
	Kind       string   `json:"kind"`
	OccurredOn string   `json:"occurredOn"`
	Hours      *float64 `json:"hours"`
	ResultArea *int     `json:"resultArea"`
	Score      *int     `json:"score"`
	Reason     *string  `json:"reason"`
	// Details of a structured step (domain.HasDetails); null otherwise.
	Details   *domain.StepDetails `json:"details"`
	CreatedAt string              `json:"createdAt"`
	// The timeline's own fields (GET …/events; issue 13, item 8).
	RegisseurID   *int64  `json:"regisseurId,omitempty"`
	RegisseurName *string `json:"regisseurName,omitempty"`
	CloseReason   *string `json:"closeReason,omitempty"`
	// Deadline of an offer (kind offered); absent otherwise.
	Deadline *string `json:"deadline,omitempty"`
	// Closure of a close with details; absent otherwise.
	Closure    *domain.Closure `json:"closure,omitempty"`
	RecordedBy *recorderJSON   `json:"recordedBy"`
	// Changes of a reassessment, old → new per field; absent otherwise.
	Changes []changeJSON `json:"changes,omitempty"`
	// An assignment against the ranking's exclusions: the reason and the
	// exclusion codes overridden; absent otherwise and for viewers who may
	// not see them (domain.CanSeeOverride).
	OverrideReason *string  `json:"overrideReason,omitempty"`
	Overridden     []string `json:"overridden,omitempty"`
}

// recorderJSON is who recorded a step as the viewer may see it: the role
// always, the name only where domain.CanSeeRecorderName allows.
type recorderJSON struct {
	Role string  `json:"role"`
	Name *string `json:"name"`
}

// toTimelineJSON renders one step of the timeline; log events keep their
// id and fields.
func toTimelineJSON(e domain.TimelineEntry) eventJSON {
	var out eventJSON
	if e.Event != nil {
		out = toEventJSON(*e.Event)
	} else {
		out = eventJSON{Kind: e.Kind, OccurredOn: e.OccurredOn.Format("2006-01-02"), CreatedAt: timestamp(e.At), Reason: optString(e.Reason),
			RegisseurID: e.RegisseurID, RegisseurName: optString(e.RegisseurName), CloseReason: optString(e.CloseReason),
			OverrideReason: optString(e.OverrideReason), Overridden: e.Overridden, Deadline: optTimestamp(e.Deadline),
			Closure: e.Closure, Changes: toChangesJSON(e.Changes)}
	}
	if e.RecordedBy != nil {
		out.RecordedBy = &recorderJSON{Role: e.RecordedBy.Role, Name: optString(e.RecordedBy.Name)}
	}
	return out
}

func toEventJSON(e domain.CaseEvent) eventJSON {
	out := eventJSON{ID: &e.ID, Kind: e.Kind, OccurredOn: e.OccurredOn.Format("2006-01-02"), Hours: e.Hours, ResultArea: e.ResultArea, Score: e.Score,
		Details: e.Details, CreatedAt: timestamp(e.CreatedAt), Changes: toChangesJSON(e.Changes)}
	if e.Reason != "" {
		out.Reason = &e.Reason
	}
	return out
}

// eventRequest is a log event as sent; its kind is one of
// domain.EventKinds, checked with the rest by domain.CaseEvent.Validate.
type eventRequest struct {
	Kind       string   `json:"kind" binding:"required"`
	OccurredOn string   `json:"occurredOn" binding:"required,datetime=2006-01-02"`
	Hours      *float64 `json:"hours" binding:"omitempty,gt=0,lte=200"`
	ResultArea *int     `json:"resultArea" binding:"omitempty,min=1,max=5"`
	Score      *int     `json:"score" binding:"omitempty,min=1,max=5"`
	Reason     string   `json:"reason" binding:"max=2000"`
	// Details of a structured step, checked by domain.CaseEvent.Validate.
	Details *domain.StepDetails `json:"details"`
}

func (h *handler) handleEventIndex(c *gin.Context) error {
	id, p, err := idAndPage(c)
	if err != nil {
		return err
	}
	es, total, err := h.App.CaseTimeline(c.Request.Context(), id, p)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, newPage(c, p, total, mapAll(es, toTimelineJSON)))
	return nil
}

func (h *handler) handleEventCreate(c *gin.Context) error {
	var req eventRequest
	id, err := idAndBody(c, &req)
	if err != nil {
		return err
	}
	on, err := parseDate("occurredOn", req.OccurredOn)
	if err != nil {
		return err
	}
	e := domain.CaseEvent{Kind: req.Kind, OccurredOn: on, Hours: req.Hours, ResultArea: req.ResultArea, Score: req.Score, Reason: req.Reason, Details: req.Details}
	if err := h.App.LogCaseEvent(c.Request.Context(), id, &e); err != nil {
		return err
	}
	c.JSON(http.StatusCreated, toEventJSON(e))
	return nil
}

// proposalRequest names the waiting cases to propose for (none: all in
// scope); at most domain.MaxProposalCases ids, checked by the use case.
type proposalRequest struct {
	CaseIDs []int64 `json:"caseIds" binding:"omitempty,dive,min=1"`
}

// handleProposalCreate proposes assignments for waiting cases (by default all
// in scope), maximising total fit within every capacity. Nothing is stored:
// the dispatcher commits pairs through the assignments endpoint.
func (h *handler) handleProposalCreate(c *gin.Context) error {
	var req proposalRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	bp, err := h.App.ProposeBatch(c.Request.Context(), req.CaseIDs)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, toProposal(bp))
	return nil
}
