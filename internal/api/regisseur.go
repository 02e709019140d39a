package api

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"regiepool/internal/domain"
)

type regisseurResponse struct {
	ID             int64  `json:"id"`
	Name           string `json:"name"`
	OrganisationID int64  `json:"organisationId"`
	UserID         *int64 `json:"userId"`
	CreatedAt      string `json:"createdAt"`
}

func toRegisseurResponse(r domain.Regisseur) regisseurResponse {
	return regisseurResponse{ID: r.ID, Name: r.Name, OrganisationID: r.OrganisationID, UserID: r.UserID, CreatedAt: timestamp(r.CreatedAt)}
}

func (h *handler) handleRegisseurIndex(c *gin.Context) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	rs, total, err := h.App.Regisseurs(c.Request.Context(), p)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, newPage(c, p, total, mapAll(rs, toRegisseurResponse)))
	return nil
}

type regisseurRequest struct {
	Name           string `json:"name" binding:"required,max=200"`
	OrganisationID int64  `json:"organisationId" binding:"required,min=1"`
}

func (h *handler) handleRegisseurCreate(c *gin.Context) error {
	var req regisseurRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	r, err := h.App.CreateRegisseur(c.Request.Context(), domain.Regisseur{Name: req.Name, OrganisationID: req.OrganisationID})
	if err != nil {
		return err
	}
	c.Header("Location", c.Request.URL.Path+"/"+strconv.FormatInt(r.ID, 10))
	c.JSON(http.StatusCreated, toRegisseurResponse(r))
	return nil
}

func (h *handler) handleRegisseurShow(c *gin.Context) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	r, err := h.App.Regisseur(c.Request.Context(), id)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, toRegisseurResponse(r))
	return nil
}
