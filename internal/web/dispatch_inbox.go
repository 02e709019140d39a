package web

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"regiepool/internal/app"
	"regiepool/internal/domain"
)

// The dispatcher's inbox (werkvoorraad, app.DispatchInbox): the work page
// that opens on what needs action, in four sections, each with its count
// and an empty state in words. Everything in words; no score.

const inboxPath = "/werkvoorraad"

type inboxPage struct {
	BasePage
	Urgent      inboxSection[inboxCaseRow]
	Unqualified inboxSection[inboxUnqualifiedRow]
	OffersCount int
	Expiring    inboxSection[offerRow]
	Returned    inboxSection[inboxCaseRow]
	Newcomers   inboxSection[inboxNewcomerRow]
	MaxRows     int
}

// inboxSection is one list of the inbox: its rows (at most
// domain.InboxMaxRows) and the count of all.
type inboxSection[T any] struct {
	Count int
	Rows  []T
}

// More reports whether the count covers more than the rows shown.
func (s inboxSection[T]) More() bool { return s.Count > len(s.Rows) }

func newInboxSection[S, T any](count int, items []S, f func(S) T) inboxSection[T] {
	s := inboxSection[T]{Count: count}
	for _, it := range items {
		s.Rows = append(s.Rows, f(it))
	}
	return s
}

type inboxCaseRow struct {
	Href, Reference, Municipality, Urgency, SafetyRisk, Waiting string
	Crisis, HighRisk                                            bool
	// Returned is "Aanbod afgewezen" or "Aanbod verlopen"; "" when the
	// case's offer did not come back.
	Returned string
	// ReturnedText says when and why ("Aanbod afgewezen op …. Reden: …").
	ReturnedText string
}

func inboxCaseRowOf(ic app.InboxCase) inboxCaseRow {
	k := ic.Case
	row := inboxCaseRow{Href: casePath(k.ID), Reference: k.Reference, Municipality: k.MunicipalityName, Urgency: domain.UrgencyLabel(k.Urgency),
		SafetyRisk: labelOr(domain.SafetyRiskLabels, k.SafetyRisk), Waiting: ic.Waiting, Crisis: k.Urgency == domain.UrgencyCrisis,
		HighRisk: k.SafetyRisk == domain.RiskHigh}
	if k.Returned != nil {
		row.Returned = domain.OfferStatusLabels[k.Returned.Status]
		_, row.ReturnedText = caseOfferText(k)
	}
	return row
}

type inboxStep struct {
	Text string
	// Href links the step where it is taken (the case's candidates, where
	// the override form is); "" for a step taken elsewhere.
	Href string
}

type inboxUnqualifiedRow struct {
	inboxCaseRow
	Members int
	Summary string
	Steps   []inboxStep
}

func inboxUnqualifiedRowOf(u app.UnqualifiedCase) inboxUnqualifiedRow {
	row := inboxUnqualifiedRow{inboxCaseRow: inboxCaseRowOf(u.InboxCase), Members: u.Members, Summary: u.Summary}
	for _, s := range u.Steps {
		st := inboxStep{Text: domain.NextStepLabels[s]}
		if s == domain.StepOverride {
			st.Href = casePath(u.Case.ID) + "#kandidaten"
		}
		row.Steps = append(row.Steps, st)
	}
	return row
}

type inboxNewcomerRow struct {
	Name, Organisation, Room string
}

func (p *Pages) handleInbox(c *gin.Context) error {
	box, err := p.App.DispatchInbox(c.Request.Context())
	if err != nil {
		return err
	}
	now := time.Now()
	page := inboxPage{
		Urgent:      newInboxSection(box.UrgentCount, box.Urgent, inboxCaseRowOf),
		Unqualified: newInboxSection(box.UnqualifiedCount, box.Unqualified, inboxUnqualifiedRowOf),
		OffersCount: box.ExpiringCount + box.ReturnedCount,
		Expiring:    newInboxSection(box.ExpiringCount, box.Expiring, func(o domain.Offer) offerRow { return offerRowOf(o, now) }),
		Returned:    newInboxSection(box.ReturnedCount, box.Returned, inboxCaseRowOf),
		Newcomers: newInboxSection(box.NewcomerCount, box.Newcomers, func(n app.InboxNewcomer) inboxNewcomerRow {
			return inboxNewcomerRow{Name: n.Name, Organisation: n.OrganisationName, Room: n.Room}
		}),
		MaxRows: domain.InboxMaxRows,
	}
	page.BasePage = p.base(c, "Werkvoorraad")
	p.render(c, http.StatusOK, "dispatch_inbox", page)
	return nil
}
