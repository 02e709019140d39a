package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"regiepool/internal/domain"
)

type roundOrgJSON struct {
	OrganisationID int64  `json:"organisationId" binding:"required,min=1"`
	Name           string `json:"name"`
	Quota          int    `json:"quota" binding:"required,min=1,max=100"`
	Nominated      int    `json:"nominated"`
}

type poolRoundResponse struct {
	ID            int64          `json:"id"`
	Name          string         `json:"name"`
	CreatedAt     string         `json:"createdAt"`
	Organisations []roundOrgJSON `json:"organisations"`
}

func toPoolRoundResponse(r domain.PoolRound) poolRoundResponse {
	out := poolRoundResponse{ID: r.ID, Name: r.Name, CreatedAt: timestamp(r.CreatedAt), Organisations: []roundOrgJSON{}}
	for _, o := range r.Organisations {
		out.Organisations = append(out.Organisations, roundOrgJSON{OrganisationID: o.OrganisationID, Name: o.Name, Quota: o.Quota, Nominated: o.Nominated})
	}
	return out
}

type poolRoundRequest struct {
	Name          string `json:"name" binding:"required,max=200"`
	Organisations []struct {
		OrganisationID int64 `json:"organisationId" binding:"required,min=1"`
		Quota          int   `json:"quota" binding:"required,min=1,max=100"`
	} `json:"organisations" binding:"required,min=1,max=200,dive"`
}

func (h *handler) handlePoolRoundCreate(c *gin.Context) error {
	var req poolRoundRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	orgs := make([]domain.RoundOrganisation, len(req.Organisations))
	for i, o := range req.Organisations {
		orgs[i] = domain.RoundOrganisation{OrganisationID: o.OrganisationID, Quota: o.Quota}
	}
	r, err := h.App.OpenPoolRound(c.Request.Context(), domain.PoolRound{Name: req.Name, Organisations: orgs})
	if err != nil {
		return err
	}
	c.Header("Location", c.Request.URL.Path+"/"+strconv.FormatInt(r.ID, 10))
	c.JSON(http.StatusCreated, toPoolRoundResponse(r))
	return nil
}

func (h *handler) handlePoolRoundIndex(c *gin.Context) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	rs, total, err := h.App.PoolRounds(c.Request.Context(), p)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, newPage(c, p, total, mapAll(rs, toPoolRoundResponse)))
	return nil
}

func (h *handler) handlePoolRoundShow(c *gin.Context) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	r, err := h.App.PoolRound(c.Request.Context(), id)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, toPoolRoundResponse(r))
	return nil
}

type nominationRequest struct {
	RegisseurName         string            `json:"regisseurName" binding:"required,max=200"`
	Email                 string            `json:"email" binding:"omitempty,email,max=254"`
	Motivation            string            `json:"motivation" binding:"max=5000"`
	CompetencyMotivations map[string]string `json:"competencyMotivations" binding:"omitempty,max=20,dive,max=2000"`
	HoursPerWeek          float64           `json:"hoursPerWeek" binding:"required,gt=0,lte=40"`
	MunicipalityIDs       []int64           `json:"municipalityIds" binding:"omitempty,max=50,dive,min=1"`
}

func (h *handler) handleNominationCreate(c *gin.Context) error {
	var req nominationRequest
	id, err := idAndBody(c, &req)
	if err != nil {
		return err
	}
	m, err := h.App.Nominate(c.Request.Context(), domain.Nomination{RoundID: id, RegisseurName: req.RegisseurName, Email: req.Email,
		Motivation: req.Motivation, CompetencyMotivations: req.CompetencyMotivations, HoursPerWeek: req.HoursPerWeek, MunicipalityIDs: req.MunicipalityIDs})
	if err != nil {
		return err
	}
	c.Header("Location", "/api/v1/pool-members/"+strconv.FormatInt(m.ID, 10))
	c.JSON(http.StatusCreated, toMemberDetail(m))
	return nil
}

// memberResponse is the list shape the issue fixes:
// {id, regisseurId, name, organisationId, status, maxCases, activeCases, hoursPerWeek},
// with casesHandled (issue 13).
type memberResponse struct {
	ID              int64   `json:"id"`
	RegisseurID     int64   `json:"regisseurId"`
	Name            string  `json:"name"`
	OrganisationID  int64   `json:"organisationId"`
	Status          string  `json:"status"`
	MaxCases        int     `json:"maxCases"`
	ActiveCases     int     `json:"activeCases"`
	CasesHandled    int     `json:"casesHandled"`
	HoursPerWeek    float64 `json:"hoursPerWeek"`
	PausedUntil     *string `json:"pausedUntil"`
	MunicipalityIDs []int64 `json:"municipalityIds"`
}

type transitionJSON struct {
	From    *string `json:"from"`
	To      string  `json:"to"`
	Reason  string  `json:"reason"`
	ActorID *int64  `json:"actorId"`
	At      string  `json:"at"`
}

type unavailabilityJSON struct {
	ID       int64  `json:"id"`
	StartsOn string `json:"startsOn"`
	EndsOn   string `json:"endsOn"`
	Reason   string `json:"reason"`
}

type memberDetail struct {
	memberResponse
	RoundID               int64                `json:"roundId"`
	Motivation            string               `json:"motivation"`
	CompetencyMotivations map[string]string    `json:"competencyMotivations"`
	Transitions           []transitionJSON     `json:"transitions"`
	Unavailability        []unavailabilityJSON `json:"unavailability"`
}

func optDate(t *time.Time) *string {
	if t == nil {
		return nil
	}
	s := t.Format("2006-01-02")
	return &s
}

func toMemberResponse(m domain.Membership) memberResponse {
	return memberResponse{ID: m.ID, RegisseurID: m.RegisseurID, Name: m.RegisseurName, OrganisationID: m.OrganisationID,
		Status: string(m.Status), MaxCases: m.MaxCases, ActiveCases: m.ActiveCases, CasesHandled: m.CasesHandled, HoursPerWeek: m.HoursPerWeek,
		PausedUntil: optDate(m.PausedUntil), MunicipalityIDs: nonNil(m.MunicipalityIDs)}
}

func toMemberDetail(m domain.Membership) memberDetail {
	d := memberDetail{memberResponse: toMemberResponse(m), RoundID: m.RoundID, Motivation: m.Motivation,
		CompetencyMotivations: m.CompetencyMotivations, Transitions: []transitionJSON{}, Unavailability: []unavailabilityJSON{}}
	if d.CompetencyMotivations == nil {
		d.CompetencyMotivations = map[string]string{}
	}
	for _, t := range m.Transitions {
		tj := transitionJSON{To: string(t.To), Reason: t.Reason, ActorID: t.ActorID, At: timestamp(t.At)}
		if t.From != nil {
			f := string(*t.From)
			tj.From = &f
		}
		d.Transitions = append(d.Transitions, tj)
	}
	for _, u := range m.Availability {
		d.Unavailability = append(d.Unavailability, unavailabilityJSON{ID: u.ID, StartsOn: u.StartsOn.Format("2006-01-02"), EndsOn: u.EndsOn.Format("2006-01-02"), Reason: u.Reason})
	}
	return d
}

func (h *handler) handlePoolMemberIndex(c *gin.Context) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	var f domain.MemberFilter
	var fe []domain.FieldError
	if v, ok := c.GetQuery("status"); ok {
		st, valid := domain.ParseMembershipStatus(v)
		if !valid {
			fe = append(fe, domain.FieldError{Name: "status", Code: "oneof", Reason: "Onbekende status."})
		}
		f.Status = &st
	}
	fe = idQueries(c, fe, map[string]**int64{"organisationId": &f.OrganisationID, "municipalityId": &f.MunicipalityID})
	if fe != nil {
		return domain.Invalid(fe...)
	}
	ms, total, err := h.App.PoolMembers(c.Request.Context(), f, p)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, newPage(c, p, total, mapAll(ms, toMemberResponse)))
	return nil
}

func (h *handler) handlePoolMemberShow(c *gin.Context) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	m, err := h.App.PoolMember(c.Request.Context(), id)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, toMemberDetail(m))
	return nil
}

type capacityRequest struct {
	MaxCases        *int     `json:"maxCases" binding:"omitempty,min=1,max=20"`
	HoursPerWeek    *float64 `json:"hoursPerWeek" binding:"omitempty,gt=0,lte=40"`
	MunicipalityIDs *[]int64 `json:"municipalityIds" binding:"omitempty,max=50,dive,min=1"`
}

func (h *handler) handlePoolMemberUpdate(c *gin.Context) error {
	var req capacityRequest
	id, err := idAndBody(c, &req)
	if err != nil {
		return err
	}
	m, err := h.App.UpdateCapacity(c.Request.Context(), id, domain.CapacityUpdate{MaxCases: req.MaxCases, HoursPerWeek: req.HoursPerWeek, MunicipalityIDs: req.MunicipalityIDs})
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, toMemberDetail(m))
	return nil
}

type transitionRequest struct {
	To             string `json:"to" binding:"required,oneof=nominated preselected admitted active paused left rejected withdrawn"`
	Reason         string `json:"reason" binding:"max=2000"`
	OverrideReason string `json:"overrideReason" binding:"max=2000"`
	PausedUntil    string `json:"pausedUntil" binding:"omitempty,datetime=2006-01-02"`
}

func (h *handler) handlePoolMemberTransition(c *gin.Context) error {
	var req transitionRequest
	id, err := idAndBody(c, &req)
	if err != nil {
		return err
	}
	opt := domain.TransitionOptions{Reason: req.Reason, OverrideReason: req.OverrideReason}
	if req.PausedUntil != "" {
		t, err := parseDate("pausedUntil", req.PausedUntil)
		if err != nil {
			return err
		}
		opt.PausedUntil = &t
	}
	m, err := h.App.MoveMember(c.Request.Context(), id, domain.MembershipStatus(req.To), opt)
	if err != nil {
		return err
	}
	c.JSON(http.StatusCreated, toMemberDetail(m))
	return nil
}

type unavailabilityRequest struct {
	StartsOn string `json:"startsOn" binding:"required,datetime=2006-01-02"`
	EndsOn   string `json:"endsOn" binding:"required,datetime=2006-01-02"`
	Reason   string `json:"reason" binding:"omitempty,oneof=verlof ziekte overbelasting opleiding anders"`
}

func (h *handler) handleUnavailabilityCreate(c *gin.Context) error {
	var req unavailabilityRequest
	id, err := idAndBody(c, &req)
	if err != nil {
		return err
	}
	starts, err := parseDate("startsOn", req.StartsOn)
	if err != nil {
		return err
	}
	ends, err := parseDate("endsOn", req.EndsOn)
	if err != nil {
		return err
	}
	m, err := h.App.AddUnavailability(c.Request.Context(), id, domain.Unavailability{StartsOn: starts, EndsOn: ends, Reason: req.Reason})
	if err != nil {
		return err
	}
	c.JSON(http.StatusCreated, toMemberDetail(m))
	return nil
}
