package api

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"regiepool/internal/domain"
)

type userResponse struct {
	ID              int64    `json:"id"`
	Email           string   `json:"email"`
	Name            string   `json:"name"`
	Roles           []string `json:"roles"`
	OrganisationID  *int64   `json:"organisationId"`
	MunicipalityIDs []int64  `json:"municipalityIds"`
	CoacheeIDs      []int64  `json:"coacheeIds"`
	RegisseurID     *int64   `json:"regisseurId"`
	Disabled        bool     `json:"disabled"`
	CreatedAt       string   `json:"createdAt"`
}

func toUserResponse(u domain.User) userResponse {
	return userResponse{ID: u.ID, Email: u.Email, Name: u.Name, Roles: roleStrings(u.Roles),
		OrganisationID: u.OrganisationID, MunicipalityIDs: nonNil(u.MunicipalityIDs), CoacheeIDs: nonNil(u.CoacheeIDs),
		RegisseurID: u.RegisseurID, Disabled: u.Disabled(), CreatedAt: timestamp(u.CreatedAt)}
}

func (h *handler) handleUserIndex(c *gin.Context) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	us, total, err := h.App.Users(c.Request.Context(), p)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, newPage(c, p, total, mapAll(us, toUserResponse)))
	return nil
}

type userCreateRequest struct {
	Email           string   `json:"email" binding:"required,max=254"`
	Name            string   `json:"name" binding:"required,max=200"`
	Password        string   `json:"password" binding:"omitempty,max=1000"`
	Roles           []string `json:"roles" binding:"required,min=1,dive,oneof=admin org_contact coach dispatcher regisseur monitor"`
	OrganisationID  *int64   `json:"organisationId" binding:"omitempty,min=1"`
	MunicipalityIDs []int64  `json:"municipalityIds" binding:"omitempty,dive,min=1"`
	CoacheeIDs      []int64  `json:"coacheeIds" binding:"omitempty,dive,min=1"`
	RegisseurID     *int64   `json:"regisseurId" binding:"omitempty,min=1"`
}

func toRoles(ss []string) []domain.Role {
	out := make([]domain.Role, len(ss))
	for i, s := range ss {
		out[i] = domain.Role(s)
	}
	return out
}

func (h *handler) handleUserCreate(c *gin.Context) error {
	var req userCreateRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	u := domain.User{Email: req.Email, Name: req.Name, Roles: toRoles(req.Roles), OrganisationID: req.OrganisationID,
		MunicipalityIDs: req.MunicipalityIDs, CoacheeIDs: req.CoacheeIDs, RegisseurID: req.RegisseurID}
	created, err := h.App.CreateUser(c.Request.Context(), u, req.Password)
	if err != nil {
		return err
	}
	c.Header("Location", c.Request.URL.Path+"/"+strconv.FormatInt(created.ID, 10))
	c.JSON(http.StatusCreated, toUserResponse(created))
	return nil
}

func (h *handler) handleUserShow(c *gin.Context) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	u, err := h.App.User(c.Request.Context(), id)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, toUserResponse(u))
	return nil
}

type userPatchRequest struct {
	Name            *string   `json:"name" binding:"omitempty,max=200"`
	Password        *string   `json:"password" binding:"omitempty,max=1000"`
	Roles           *[]string `json:"roles" binding:"omitempty,min=1,dive,oneof=admin org_contact coach dispatcher regisseur monitor"`
	OrganisationID  *int64    `json:"organisationId" binding:"omitempty,min=1"`
	MunicipalityIDs *[]int64  `json:"municipalityIds" binding:"omitempty,dive,min=1"`
	CoacheeIDs      *[]int64  `json:"coacheeIds" binding:"omitempty,dive,min=1"`
	RegisseurID     *int64    `json:"regisseurId" binding:"omitempty,min=1"`
	Disabled        *bool     `json:"disabled"`
}

func (h *handler) handleUserUpdate(c *gin.Context) error {
	var req userPatchRequest
	id, err := idAndBody(c, &req)
	if err != nil {
		return err
	}
	upd := domain.UserUpdate{Name: req.Name, Password: req.Password, OrganisationID: req.OrganisationID,
		MunicipalityIDs: req.MunicipalityIDs, CoacheeIDs: req.CoacheeIDs, RegisseurID: req.RegisseurID, Disabled: req.Disabled}
	if req.Roles != nil {
		rs := toRoles(*req.Roles)
		upd.Roles = &rs
	}
	u, err := h.App.UpdateUser(c.Request.Context(), id, upd)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, toUserResponse(u))
	return nil
}
