package api

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"regiepool/internal/app"
	"regiepool/internal/domain"
)

// GET /dispatch-inbox: the dispatcher's inbox (werkvoorraad,
// app.DispatchInbox), the same as the page /werkvoorraad.

type inboxCaseJSON struct {
	ID               int64            `json:"id"`
	Reference        string           `json:"reference"`
	MunicipalityID   int64            `json:"municipalityId"`
	MunicipalityName string           `json:"municipalityName"`
	Urgency          int              `json:"urgency"`
	SafetyRisk       string           `json:"safetyRisk"`
	WaitingSince     string           `json:"waitingSince"`
	WaitingDays      int              `json:"waitingDays"`
	Waiting          string           `json:"waiting"`
	OfferReturned    *offerReturnJSON `json:"offerReturned"`
}

func toInboxCaseJSON(ic app.InboxCase) inboxCaseJSON {
	k := ic.Case
	return inboxCaseJSON{ID: k.ID, Reference: k.Reference, MunicipalityID: k.MunicipalityID, MunicipalityName: k.MunicipalityName,
		Urgency: k.Urgency, SafetyRisk: k.SafetyRisk, WaitingSince: timestamp(ic.WaitingSince), WaitingDays: ic.WaitingDays,
		Waiting: ic.Waiting, OfferReturned: toOfferReturnJSON(k.Returned)}
}

type exclusionCountJSON struct {
	Code       string  `json:"code"`
	Competency *string `json:"competency"`
	Count      int     `json:"count"`
	Text       string  `json:"text"`
}

type nextStepJSON struct {
	Code string `json:"code"`
	Text string `json:"text"`
}

type unqualifiedCaseJSON struct {
	inboxCaseJSON
	Members    int                  `json:"members"`
	Exclusions []exclusionCountJSON `json:"exclusions"`
	Summary    string               `json:"summary"`
	Dominant   *string              `json:"dominant"`
	NextSteps  []nextStepJSON       `json:"nextSteps"`
}

func toUnqualifiedCaseJSON(u app.UnqualifiedCase) unqualifiedCaseJSON {
	out := unqualifiedCaseJSON{inboxCaseJSON: toInboxCaseJSON(u.InboxCase), Members: u.Members, Summary: u.Summary,
		Dominant: optString(u.Dominant), Exclusions: []exclusionCountJSON{}, NextSteps: []nextStepJSON{}}
	for _, e := range u.Exclusions {
		out.Exclusions = append(out.Exclusions, exclusionCountJSON{Code: e.Code, Competency: optString(e.Competency), Count: e.Count, Text: e.Text()})
	}
	for _, s := range u.Steps {
		out.NextSteps = append(out.NextSteps, nextStepJSON{Code: s, Text: domain.NextStepLabels[s]})
	}
	return out
}

type inboxNewcomerJSON struct {
	RegisseurID      int64   `json:"regisseurId"`
	Name             string  `json:"name"`
	OrganisationID   int64   `json:"organisationId"`
	OrganisationName string  `json:"organisationName"`
	FreeSlots        int     `json:"freeSlots"`
	HoursLeft        float64 `json:"hoursLeft"`
	Room             string  `json:"room"`
}

type inboxSectionJSON[T any] struct {
	Count int `json:"count"`
	Items []T `json:"items"`
}

type inboxOffersJSON struct {
	Count    int                             `json:"count"`
	Expiring inboxSectionJSON[offerJSON]     `json:"expiring"`
	Returned inboxSectionJSON[inboxCaseJSON] `json:"returned"`
}

type inboxJSON struct {
	Urgent      inboxSectionJSON[inboxCaseJSON]       `json:"urgent"`
	Unqualified inboxSectionJSON[unqualifiedCaseJSON] `json:"unqualified"`
	Offers      inboxOffersJSON                       `json:"offers"`
	Newcomers   inboxSectionJSON[inboxNewcomerJSON]   `json:"newcomers"`
}

func section[S, T any](count int, items []S, f func(S) T) inboxSectionJSON[T] {
	return inboxSectionJSON[T]{Count: count, Items: mapAll(items, f)}
}

func (h *handler) handleDispatchInbox(c *gin.Context) error {
	box, err := h.App.DispatchInbox(c.Request.Context())
	if err != nil {
		return err
	}
	out := inboxJSON{
		Urgent:      section(box.UrgentCount, box.Urgent, toInboxCaseJSON),
		Unqualified: section(box.UnqualifiedCount, box.Unqualified, toUnqualifiedCaseJSON),
		Offers: inboxOffersJSON{Count: box.ExpiringCount + box.ReturnedCount,
			Expiring: section(box.ExpiringCount, box.Expiring, toOfferJSON(time.Now())),
			Returned: section(box.ReturnedCount, box.Returned, toInboxCaseJSON)},
		Newcomers: section(box.NewcomerCount, box.Newcomers, func(n app.InboxNewcomer) inboxNewcomerJSON {
			return inboxNewcomerJSON{RegisseurID: n.RegisseurID, Name: n.Name, OrganisationID: n.OrganisationID,
				OrganisationName: n.OrganisationName, FreeSlots: n.FreeSlots, HoursLeft: n.HoursLeft, Room: n.Room}
		}),
	}
	c.JSON(http.StatusOK, out)
	return nil
}
