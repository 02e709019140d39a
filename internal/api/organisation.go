package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"regiepool/internal/domain"
)

type municipalityResponse struct {
	ID        int64  `json:"id"`
	Code      string `json:"code"`
	Name      string `json:"name"`
	Region    string `json:"region"`
	CreatedAt string `json:"createdAt"`
}

func toMunicipalityResponse(m domain.Municipality) municipalityResponse {
	return municipalityResponse{ID: m.ID, Code: m.Code, Name: m.Name, Region: m.Region, CreatedAt: timestamp(m.CreatedAt)}
}

func (h *handler) handleMunicipalityIndex(c *gin.Context) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	ms, total, err := h.App.Municipalities(c.Request.Context(), p)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, newPage(c, p, total, mapAll(ms, toMunicipalityResponse)))
	return nil
}

type organisationResponse struct {
	ID        int64   `json:"id"`
	Name      string  `json:"name"`
	KvKNumber *string `json:"kvkNumber"`
	CreatedAt string  `json:"createdAt"`
}

func toOrganisationResponse(o domain.Organisation) organisationResponse {
	return organisationResponse{ID: o.ID, Name: o.Name, KvKNumber: o.KvKNumber, CreatedAt: timestamp(o.CreatedAt)}
}

func (h *handler) handleOrganisationIndex(c *gin.Context) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	os, total, err := h.App.Organisations(c.Request.Context(), p)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, newPage(c, p, total, mapAll(os, toOrganisationResponse)))
	return nil
}

// timestamp formats t as RFC 3339 in UTC, as the API Design Rules ask.
func timestamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

type municipalityRequest struct {
	Code   string `json:"code" binding:"required,max=6"`
	Name   string `json:"name" binding:"required,max=200"`
	Region string `json:"region" binding:"max=200"`
}

func (h *handler) handleMunicipalityCreate(c *gin.Context) error {
	var req municipalityRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	m, err := h.App.CreateMunicipality(c.Request.Context(), domain.Municipality{Code: req.Code, Name: req.Name, Region: req.Region})
	if err != nil {
		return err
	}
	c.Header("Location", c.Request.URL.Path+"/"+strconv.FormatInt(m.ID, 10))
	c.JSON(http.StatusCreated, toMunicipalityResponse(m))
	return nil
}

func (h *handler) handleMunicipalityShow(c *gin.Context) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	m, err := h.App.Municipality(c.Request.Context(), id)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, toMunicipalityResponse(m))
	return nil
}

type municipalityPatch struct {
	Name   *string `json:"name" binding:"omitempty,max=200"`
	Region *string `json:"region" binding:"omitempty,max=200"`
}

func (h *handler) handleMunicipalityUpdate(c *gin.Context) error {
	var req municipalityPatch
	id, err := idAndBody(c, &req)
	if err != nil {
		return err
	}
	m, err := h.App.UpdateMunicipality(c.Request.Context(), id, domain.MunicipalityUpdate{Name: req.Name, Region: req.Region})
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, toMunicipalityResponse(m))
	return nil
}

type organisationRequest struct {
	Name      string  `json:"name" binding:"required,max=200"`
	KvKNumber *string `json:"kvkNumber" binding:"omitempty,len=8,numeric"`
}

func (h *handler) handleOrganisationCreate(c *gin.Context) error {
	var req organisationRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	o, err := h.App.CreateOrganisation(c.Request.Context(), domain.Organisation{Name: req.Name, KvKNumber: req.KvKNumber})
	if err != nil {
		return err
	}
	c.Header("Location", c.Request.URL.Path+"/"+strconv.FormatInt(o.ID, 10))
	c.JSON(http.StatusCreated, toOrganisationResponse(o))
	return nil
}

func (h *handler) handleOrganisationShow(c *gin.Context) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	o, err := h.App.Organisation(c.Request.Context(), id)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, toOrganisationResponse(o))
	return nil
}

type organisationPatch struct {
	Name      *string `json:"name" binding:"omitempty,max=200"`
	KvKNumber *string `json:"kvkNumber" binding:"omitempty,len=8,numeric"`
}

func (h *handler) handleOrganisationUpdate(c *gin.Context) error {
	var req organisationPatch
	id, err := idAndBody(c, &req)
	if err != nil {
		return err
	}
	o, err := h.App.UpdateOrganisation(c.Request.Context(), id, domain.OrganisationUpdate{Name: req.Name, KvKNumber: req.KvKNumber})
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, toOrganisationResponse(o))
	return nil
}

func optTimestamp(t *time.Time) *string {
	if t == nil {
		return nil
	}
	s := timestamp(*t)
	return &s
}
