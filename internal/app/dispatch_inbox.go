package app

import (
	"context"
	"slices"
	"strings"
	"time"

	"regiepool/internal/domain"
	"regiepool/internal/matching"
)

// The dispatcher's inbox (werkvoorraad, domain/inbox.go): what needs action
// in the actor's municipalities, in four sections. The API and the page
// show the same Inbox.

// InboxCase is a waiting case in the inbox with how long it has waited.
type InboxCase struct {
	Case domain.Case
	// WaitingSince is domain.WaitingSince: the registration, or the moment
	// the latest offer came back (Case.Returned).
	WaitingSince time.Time
	WaitingDays  int
	// Waiting is the wait in words ("wacht 5 dagen").
	Waiting string
}

// UnqualifiedCase is a waiting case for which the ranking in the actor's
// scope has no qualified candidate, with why and what to do.
type UnqualifiedCase struct {
	InboxCase
	// Members is how many pool members in scope the ranking excluded.
	Members int
	// Exclusions count the members per exclusion (below the hard minimum
	// per competency), largest first; words, never scores.
	Exclusions []domain.ExclusionCount
	// Summary is Exclusions in words ("8 regisseurs zonder vrije plek, 1
	// contra-indicatie"), or that no member works in the region.
	Summary string
	// Dominant is the exclusion code that excludes the most members; ""
	// when there are no members.
	Dominant string
	// Steps are the next steps (domain.NextSteps), first the main one.
	Steps []string
}

// InboxNewcomer is a pool member in scope who never had a case and has
// room for one.
type InboxNewcomer struct {
	RegisseurID, OrganisationID int64
	Name, OrganisationName      string
	FreeSlots                   int
	HoursLeft                   float64
	// Room is the room in words ("3 vrije plekken, 12 uur per week").
	Room string
}

// Inbox is the dispatcher's inbox. Every list holds at most
// domain.InboxMaxRows rows in its order; its count covers them all.
type Inbox struct {
	// Urgent are the crisis and high-risk waiting cases
	// (domain.InboxUrgent) in domain.CompareInboxCases order.
	Urgent      []InboxCase
	UrgentCount int
	// Unqualified are the waiting cases no member in scope qualifies for,
	// in the same order.
	Unqualified      []UnqualifiedCase
	UnqualifiedCount int
	// Expiring are the live offers that expire within one working day,
	// the first to expire first.
	Expiring      []domain.Offer
	ExpiringCount int
	// Returned are the waiting cases whose latest offer was declined or
	// expired (Case.Returned), in the same order as Urgent.
	Returned      []InboxCase
	ReturnedCount int
	// Newcomers are the pool members in scope without any case yet who
	// have room: most free slots first, then by name.
	Newcomers     []InboxNewcomer
	NewcomerCount int
}

// DispatchInbox gathers the actor's inbox: the waiting cases in scope
// (those a live offer holds wait for the regisseur's answer and are left
// out), ranked once against the pool members in scope loaded once; the
// live offers in scope; and the members' counts of cases handled. Nothing
// is stored; the reads are audited as a case list, an assignment proposal
// and an offer list. The inbox is in words for every actor: no score, no
// total fit. It is a heavy use case (see enterHeavy). Errors: forbidden
// (domain.CanDispatchCases), unavailable (too many heavy requests).
//
// Whether anyone qualifies is decided for every waiting case at once
// (matching.AnyQualified: the ranking's exclusion rules, stopping at the
// first qualified member); only the listed cases no one qualifies for are
// ranked in full, for the reasons.
func (a *App) DispatchInbox(ctx context.Context) (Inbox, error) {
	if !domain.CanDispatchCases(domain.ActorFrom(ctx)) {
		return Inbox{}, errNoDispatch()
	}
	done, err := a.enterHeavy(ctx)
	if err != nil {
		return Inbox{}, err
	}
	defer done()
	now := time.Now()
	// Every waiting case in scope, as the proposal loads them.
	cases, mcs, err := a.db.WaitingMatchingCases(ctx, nil)
	if err != nil {
		return Inbox{}, err
	}
	cases, mcs = withoutOffer(cases, mcs)
	order := make([]int, len(cases))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(i, j int) int { return domain.CompareInboxCases(cases[i], cases[j]) })
	cases, mcs = permute(cases, order), permute(mcs, order)
	var box Inbox
	inboxCase := func(k domain.Case) InboxCase {
		since := domain.WaitingSince(k)
		days := domain.WaitingDays(since, now)
		return InboxCase{Case: k, WaitingSince: since, WaitingDays: days, Waiting: domain.WaitingWords(days)}
	}
	var leans []string
	for _, k := range cases {
		if domain.InboxUrgent(k) {
			if box.UrgentCount++; len(box.Urgent) < domain.InboxMaxRows {
				box.Urgent = append(box.Urgent, inboxCase(k))
			}
		}
		if k.Returned != nil {
			if box.ReturnedCount++; len(box.Returned) < domain.InboxMaxRows {
				box.Returned = append(box.Returned, inboxCase(k))
			}
		}
		leans = append(leans, k.LeansOn...)
	}
	if box.Expiring, box.ExpiringCount, err = a.expiringOffers(ctx, now); err != nil {
		return Inbox{}, err
	}
	in, err := a.matchInput(ctx, nil, distinct(leans))
	if err != nil {
		return Inbox{}, err
	}
	box.Unqualified, box.UnqualifiedCount = in.withoutCandidates(mcs, func(i int) InboxCase { return inboxCase(cases[i]) })
	// A probe case starting today that asks nothing: the members it
	// qualifies have room for a case today.
	var room []matching.Candidate
	for _, c := range matching.Rank(matching.Case{StartsOn: now}, in.members, in.cfg) {
		if c.Qualified {
			room = append(room, c)
		}
	}
	if box.Newcomers, box.NewcomerCount, err = a.newcomers(ctx, room); err != nil {
		return Inbox{}, err
	}
	return box, nil
}

// permute returns xs in the order of the indices in order.
func permute[T any](xs []T, order []int) []T {
	out := make([]T, len(order))
	for i, j := range order {
		out[i] = xs[j]
	}
	return out
}

// withoutCandidates are the cases of mcs that no member qualifies for, in
// their order: the first domain.InboxMaxRows with the reasons (ic gives
// the inbox's view of case i), and their count.
func (in *matchInput) withoutCandidates(mcs []matching.Case, ic func(i int) InboxCase) ([]UnqualifiedCase, int) {
	var out []UnqualifiedCase
	n := 0
	for i, ok := range matching.AnyQualified(mcs, in.members, in.cfg) {
		if ok {
			continue
		}
		if n++; len(out) < domain.InboxMaxRows {
			out = append(out, in.unqualified(ic(i), mcs[i]))
		}
	}
	return out, n
}

// unqualified ranks case mc, which no member qualifies for, over every
// member in scope and counts the exclusions in words, with the next steps.
func (in *matchInput) unqualified(ic InboxCase, mc matching.Case) UnqualifiedCase {
	u := UnqualifiedCase{InboxCase: ic, Members: len(in.members)}
	cv := in.caseView(mc)
	counts := map[domain.ExclusionCount]int{}
	overridable, inRegion := false, false
	for _, c := range matching.Rank(mc, in.members, in.cfg) {
		only := true
		for _, code := range distinct(c.ReasonCodes) {
			if !slices.Contains(domain.ExclusionReasons, code) {
				continue
			}
			only = only && domain.Overridable(code)
			if code != domain.ReasonBelowMinimum {
				counts[domain.ExclusionCount{Code: code}]++
				continue
			}
			for _, name := range cv.underMinimum(c.RegisseurID) {
				counts[domain.ExclusionCount{Code: code, Competency: name}]++
			}
		}
		overridable = overridable || (only && !c.Qualified)
	}
	for _, m := range in.members {
		if slices.Contains(m.MunicipalityIDs, mc.MunicipalityID) || (mc.Region != "" && slices.Contains(m.Regions, mc.Region)) {
			inRegion = true
			break
		}
	}
	for k, n := range counts {
		k.Count = n
		u.Exclusions = append(u.Exclusions, k)
	}
	domain.SortExclusionCounts(u.Exclusions)
	texts := make([]string, len(u.Exclusions))
	for i, e := range u.Exclusions {
		texts[i] = e.Text()
	}
	u.Summary = strings.Join(texts, ", ")
	if !inRegion {
		u.Summary = "Geen poollid in uw bereik werkt in deze gemeente of regio"
		if len(texts) > 0 {
			u.Summary += "; " + strings.Join(texts, ", ")
		}
	}
	u.Dominant = domain.DominantExclusion(u.Exclusions)
	u.Steps = domain.NextSteps(u.Dominant, overridable, inRegion)
	return u
}

// underMinimum names the competencies the case leans on on which regisseur
// id is below the hard minimum.
func (cv *caseView) underMinimum(id int64) []string {
	m := cv.in.scored[id]
	if m == nil {
		return nil
	}
	var out []string
	for i, k := range cv.leans {
		x, ok := m.Competency[k]
		if verdictKey(x, ok, cv.norms[i], cv.hasNorm[i], cv.minimums[i]) == 'x' {
			out = append(out, cv.names[i])
		}
	}
	return out
}

// expiringOffers are the live offers in scope that expire within one
// working day (at most domain.InboxMaxRows), with their count. The store
// lists the first to expire first, so the pages stop at the first that
// does not.
func (a *App) expiringOffers(ctx context.Context, now time.Time) ([]domain.Offer, int, error) {
	var out []domain.Offer
	n := 0
	for page := 1; ; page++ {
		offers, total, err := a.OpenOffers(ctx, domain.Page{Page: page, PageSize: domain.MaxPageSize})
		if err != nil {
			return nil, 0, err
		}
		for _, o := range offers {
			if !o.ExpiresSoonAt(now) {
				return out, n, nil
			}
			if n++; len(out) < domain.InboxMaxRows {
				out = append(out, o)
			}
		}
		if len(offers) == 0 || page*domain.MaxPageSize >= total {
			return out, n, nil
		}
	}
}

// newcomers are the members of room (qualified for a case starting today
// that asks nothing) who never had a case and have hours left, with their
// organisation's name, at most domain.InboxMaxRows, and their count.
func (a *App) newcomers(ctx context.Context, room []matching.Candidate) ([]InboxNewcomer, int, error) {
	if len(room) == 0 {
		return nil, 0, nil
	}
	ids := make([]int64, len(room))
	for i, c := range room {
		ids[i] = c.RegisseurID
	}
	handled, err := a.db.CasesHandled(ctx, ids)
	if err != nil {
		return nil, 0, err
	}
	var out []InboxNewcomer
	for _, c := range room {
		free := c.Capacity.MaxCases - c.Capacity.ActiveCases
		if handled[c.RegisseurID] > 0 || free <= 0 || c.Capacity.HoursLeft <= 0 {
			continue
		}
		out = append(out, InboxNewcomer{RegisseurID: c.RegisseurID, OrganisationID: c.OrganisationID, Name: c.Name,
			FreeSlots: free, HoursLeft: c.Capacity.HoursLeft, Room: domain.RoomWords(free, c.Capacity.HoursLeft)})
	}
	if len(out) == 0 {
		return nil, 0, nil
	}
	orgs, err := collectAll(ctx, a.db.FindOrganisations)
	if err != nil {
		return nil, 0, err
	}
	names := make(map[int64]string, len(orgs))
	for _, o := range orgs {
		names[o.ID] = o.Name
	}
	for i := range out {
		out[i].OrganisationName = names[out[i].OrganisationID]
	}
	slices.SortStableFunc(out, func(x, y InboxNewcomer) int {
		if x.FreeSlots != y.FreeSlots {
			return y.FreeSlots - x.FreeSlots
		}
		return strings.Compare(x.Name, y.Name)
	})
	n := len(out)
	return out[:min(n, domain.InboxMaxRows)], n, nil
}
