package api

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"regiepool/internal/domain"
)

// Offers (domain/offer.go): POST /cases/{id}/assignments with offer: true
// offers a waiting case; the regisseur accepts or declines it under
// /offers/{id}; GET /offers lists the open offers in the caller's scope.

// caseOfferJSON is the live offer holding a waiting case.
type caseOfferJSON struct {
	ID            int64  `json:"id"`
	RegisseurID   int64  `json:"regisseurId"`
	RegisseurName string `json:"regisseurName"`
	OfferedAt     string `json:"offeredAt"`
	ExpiresAt     string `json:"expiresAt"`
}

func toCaseOfferJSON(o *domain.Offer) *caseOfferJSON {
	if o == nil {
		return nil
	}
	return &caseOfferJSON{ID: o.ID, RegisseurID: o.RegisseurID, RegisseurName: o.RegisseurName, OfferedAt: timestamp(o.OfferedAt), ExpiresAt: timestamp(o.ExpiresAt)}
}

// offerReturnJSON says a waiting case's latest offer was declined or expired.
type offerReturnJSON struct {
	OfferID int64   `json:"offerId"`
	Status  string  `json:"status"`
	At      string  `json:"at"`
	Reason  *string `json:"reason"`
}

func toOfferReturnJSON(r *domain.OfferReturn) *offerReturnJSON {
	if r == nil {
		return nil
	}
	return &offerReturnJSON{OfferID: r.OfferID, Status: r.Status, At: timestamp(r.At), Reason: optString(r.Reason)}
}

// offerCase is POST /cases/{id}/assignments with offer: true: 201 with the
// case, still waiting, and its offer.
func (h *handler) offerCase(c *gin.Context, id int64, req assignRequest) error {
	if !req.Offer {
		return domain.Invalid(domain.FieldError{Name: "deadline", Code: "offer_only", Reason: "Een uiterste reactiedatum hoort alleen bij een aanbod (offer: true)."})
	}
	var deadline *time.Time
	if req.Deadline != nil {
		t, err := time.Parse(time.RFC3339, *req.Deadline)
		if err != nil {
			return domain.Invalid(domain.FieldError{Name: "deadline", Code: "format", Reason: "Geef de uiterste reactiedatum als datum en tijd (RFC 3339), bijvoorbeeld 2026-03-10T17:00:00+01:00."})
		}
		deadline = &t
	}
	k, err := h.App.OfferCase(c.Request.Context(), id, req.RegisseurID, deadline)
	if err != nil {
		return err
	}
	c.JSON(http.StatusCreated, toCaseResponse(k))
	return nil
}

// offerJSON is an offer with what its regisseur may see of the case: the
// pseudonymous reference and what the case asks, nothing that identifies
// the family.
type offerJSON struct {
	ID               int64    `json:"id"`
	CaseID           int64    `json:"caseId"`
	CaseReference    string   `json:"caseReference"`
	MunicipalityID   int64    `json:"municipalityId"`
	MunicipalityName string   `json:"municipalityName"`
	Urgency          int      `json:"urgency"`
	SafetyRisk       string   `json:"safetyRisk"`
	LifeDomains      []string `json:"lifeDomains"`
	ArrangementHours float64  `json:"arrangementHours"`
	ExpectedWeeks    int      `json:"expectedWeeks"`
	WeeklyHours      float64  `json:"weeklyHours"`
	StartsOn         string   `json:"startsOn"`
	RegisseurID      int64    `json:"regisseurId"`
	RegisseurName    string   `json:"regisseurName"`
	Status           string   `json:"status"`
	OfferedAt        string   `json:"offeredAt"`
	ExpiresAt        string   `json:"expiresAt"`
	ExpiresSoon      bool     `json:"expiresSoon"`
	AnsweredAt       *string  `json:"answeredAt"`
	DeclineReason    *string  `json:"declineReason"`
}

func toOfferJSON(now time.Time) func(o domain.Offer) offerJSON {
	return func(o domain.Offer) offerJSON {
		k := o.Case
		return offerJSON{ID: o.ID, CaseID: o.CaseID, CaseReference: k.Reference, MunicipalityID: k.MunicipalityID, MunicipalityName: k.MunicipalityName,
			Urgency: k.Urgency, SafetyRisk: k.SafetyRisk, LifeDomains: nonNil(k.LifeDomains), ArrangementHours: k.ArrangementHours,
			ExpectedWeeks: k.ExpectedWeeks, WeeklyHours: k.WeeklyHours(), StartsOn: k.StartsOn.Format("2006-01-02"),
			RegisseurID: o.RegisseurID, RegisseurName: o.RegisseurName, Status: o.StatusAt(now), OfferedAt: timestamp(o.OfferedAt),
			ExpiresAt: timestamp(o.ExpiresAt), ExpiresSoon: o.ExpiresSoonAt(now), AnsweredAt: optTimestamp(o.AnsweredAt),
			DeclineReason: optString(o.DeclineReason)}
	}
}

func (h *handler) handleOfferIndex(c *gin.Context) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	os, total, err := h.App.OpenOffers(c.Request.Context(), p)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, newPage(c, p, total, mapAll(os, toOfferJSON(time.Now()))))
	return nil
}

func (h *handler) handleOfferAccept(c *gin.Context) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	o, err := h.App.AcceptOffer(c.Request.Context(), id)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, toOfferJSON(time.Now())(o))
	return nil
}

type declineRequest struct {
	Reason string `json:"reason" binding:"max=2000"`
}

func (h *handler) handleOfferDecline(c *gin.Context) error {
	var req declineRequest
	id, err := idAndBody(c, &req)
	if err != nil {
		return err
	}
	o, err := h.App.DeclineOffer(c.Request.Context(), id, req.Reason)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, toOfferJSON(time.Now())(o))
	return nil
}
