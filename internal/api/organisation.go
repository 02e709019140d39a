package api

import (
	"net/http"
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
	ms, total, err := h.DB.FindMunicipalities(c.Request.Context(), p)
	if err != nil {
		return err
	}
	out := make([]municipalityResponse, len(ms))
	for i, m := range ms {
		out[i] = toMunicipalityResponse(m)
	}
	c.JSON(http.StatusOK, newPage(c, p, total, out))
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
	os, total, err := h.DB.FindOrganisations(c.Request.Context(), p)
	if err != nil {
		return err
	}
	out := make([]organisationResponse, len(os))
	for i, o := range os {
		out[i] = toOrganisationResponse(o)
	}
	c.JSON(http.StatusOK, newPage(c, p, total, out))
	return nil
}

// timestamp formats t as RFC 3339 in UTC, as the API Design Rules ask.
func timestamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }
