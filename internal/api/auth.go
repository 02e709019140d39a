package api

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"regiepool/internal/domain"
)

// allow lets a request through when its actor holds permission p: anonymous
// callers get 401, signed-in callers without it 403 (audited).
func (h *handler) allow(p domain.Permission) gin.HandlerFunc {
	return func(c *gin.Context) {
		a := domain.ActorFrom(c.Request.Context())
		if a.Kind == domain.ActorAnonymous {
			c.Header("WWW-Authenticate", `Bearer realm="regiepool"`)
			writeProblem(c, problemOf(domain.Errorf(domain.EUnauthenticated, "unauthenticated", "Log in met een toegangstoken (Authorization: Bearer …).")))
			return
		}
		if !a.Can(p) {
			h.writeError(c, h.App.DenyRoute(c.Request.Context(), p))
			c.Abort()
			return
		}
		c.Next()
	}
}

type accessTokenRequest struct {
	Email    string `json:"email" binding:"required,max=254"`
	Password string `json:"password" binding:"required,max=1000"`
	// OTP is the second factor of an account that has one: a TOTP code or a
	// recovery code.
	OTP string `json:"otp" binding:"max=100"`
}

type accessTokenCreated struct {
	ID        int64  `json:"id"`
	Token     string `json:"token"`
	ExpiresAt string `json:"expiresAt"`
}

func (h *handler) handleAccessTokenCreate(c *gin.Context) error {
	var req accessTokenRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	token, t, err := h.App.CreateAccessToken(c.Request.Context(), req.Email, req.Password, req.OTP, c.ClientIP())
	if err != nil {
		return err
	}
	c.JSON(http.StatusCreated, accessTokenCreated{ID: t.ID, Token: token, ExpiresAt: timestamp(t.ExpiresAt)})
	return nil
}

type accessTokenResponse struct {
	ID         int64   `json:"id"`
	CreatedAt  string  `json:"createdAt"`
	ExpiresAt  string  `json:"expiresAt"`
	LastUsedAt *string `json:"lastUsedAt"`
	RevokedAt  *string `json:"revokedAt"`
}

func (h *handler) handleAccessTokenIndex(c *gin.Context) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	ts, total, err := h.App.AccessTokens(c.Request.Context(), p)
	if err != nil {
		return err
	}
	out := make([]accessTokenResponse, len(ts))
	for i, t := range ts {
		out[i] = accessTokenResponse{ID: t.ID, CreatedAt: timestamp(t.CreatedAt), ExpiresAt: timestamp(t.ExpiresAt),
			LastUsedAt: optTimestamp(t.LastUsedAt), RevokedAt: optTimestamp(t.RevokedAt)}
	}
	c.JSON(http.StatusOK, newPage(c, p, total, out))
	return nil
}

func (h *handler) handleAccessTokenDelete(c *gin.Context) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	if err := h.App.RevokeAccessToken(c.Request.Context(), id); err != nil {
		return err
	}
	c.Status(http.StatusNoContent)
	return nil
}

type meResponse struct {
	ID              int64    `json:"id"`
	Email           string   `json:"email"`
	Name            string   `json:"name"`
	Roles           []string `json:"roles"`
	OrganisationID  *int64   `json:"organisationId"`
	MunicipalityIDs []int64  `json:"municipalityIds"`
	RegisseurID     *int64   `json:"regisseurId,omitempty"`
}

func (h *handler) handleMe(c *gin.Context) error {
	u, err := h.App.Me(c.Request.Context())
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, meResponse{ID: u.ID, Email: u.Email, Name: u.Name, Roles: roleStrings(u.Roles),
		OrganisationID: u.OrganisationID, MunicipalityIDs: nonNil(u.MunicipalityIDs), RegisseurID: u.RegisseurID})
	return nil
}

// idParam reads the :id path parameter; a malformed id is simply not found.
func idParam(c *gin.Context) (int64, error) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, domain.Errorf(domain.ENotFound, "not_found", "Dit record bestaat niet.")
	}
	return id, nil
}

func roleStrings(rs []domain.Role) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = string(r)
	}
	return out
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
