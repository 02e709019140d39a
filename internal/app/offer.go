package app

import (
	"context"
	"fmt"
	"time"

	"regiepool/internal/domain"
	"regiepool/internal/matching"
)

// The offer use cases (domain/offer.go): a dispatcher offers a waiting case
// to a regisseur, who accepts or declines it before the deadline; a decline
// or expiry puts the case back on top of the waiting cases. The store holds
// the slot under the locks of an assignment and reads an expired offer as
// free everywhere, so no job has to run for the counts to be right.

// OfferCase offers a waiting case to a regisseur with room for it until
// deadline, or domain.DefaultOfferWorkingDays working days from now when
// deadline is nil; it returns the case with its offer. Errors: forbidden,
// not_found, invalid (field deadline, domain.OfferDeadline), conflict (the
// case has a regisseur or a live offer, or the regisseur cannot take it).
func (a *App) OfferCase(ctx context.Context, caseID, regisseurID int64, deadline *time.Time) (domain.Case, error) {
	if !domain.CanDispatchCases(domain.ActorFrom(ctx)) {
		return domain.Case{}, errNoDispatch()
	}
	d, err := domain.OfferDeadline(time.Now(), deadline)
	if err != nil {
		return domain.Case{}, err
	}
	// An offer is for a candidate the ranking qualifies: overriding an
	// exclusion needs a reason, which only a direct assignment records.
	k, err := a.db.FindCaseByID(ctx, caseID)
	if err != nil {
		return domain.Case{}, err
	}
	if k.Status == domain.CaseWaiting {
		excl, err := a.exclusionsOf(ctx, k, regisseurID)
		if err != nil {
			return domain.Case{}, err
		}
		if o, _ := domain.CheckOverride(excl, "-"); len(o.Codes) > 0 {
			return domain.Case{}, &domain.Error{Code: domain.EConflict, Key: "override_required", Exclusions: excl,
				Message: "De rangschikking sluit deze regisseur uit; een aanbod kan alleen aan een geschikte regisseur. Wijs direct toe met een reden om af te wijken."}
		}
	}
	return a.db.OfferCase(ctx, caseID, regisseurID, d, a.offerMail(d))
}

// offerMail tells a regisseur that an offer waits for them, with no case
// details: those are for the offer page, behind the log-in.
func (a *App) offerMail(deadline time.Time) domain.Mail {
	return domain.ComposeMail(domain.MailOffer, "Er staat een casus voor u klaar", []string{
		"Goedendag,",
		"De werkverdeling heeft u een casus aangeboden. Log in bij Regiepool om de aanbieding te bekijken en te laten weten of u hem aanneemt.",
		fmt.Sprintf("U kunt tot en met %s antwoorden; daarna vervalt de aanbieding.", domain.FormatDate(deadline)),
	}, "Naar uw aanbiedingen", a.AbsoluteURL(domain.OffersPath))
}

// AcceptOffer makes the case of an open offer the actor's (the regisseur it
// was made to); capacity is checked again under the locks. Errors:
// not_found (also another's offer), conflict (answered, expired, withdrawn,
// or no room any more).
func (a *App) AcceptOffer(ctx context.Context, id int64) (domain.Offer, error) {
	return a.db.AcceptOffer(ctx, id)
}

// DeclineOffer declines an open offer made to the actor, with a reason
// (domain.CheckDeclineReason); the slot is free at once. Errors:
// not_found, invalid (field reason), conflict (answered, expired or
// withdrawn).
func (a *App) DeclineOffer(ctx context.Context, id int64, reason string) (domain.Offer, error) {
	return a.db.DeclineOffer(ctx, id, reason)
}

// Offer returns an offer in the actor's scope in any status: their own, or
// one on a case they dispatch. Errors: not_found.
func (a *App) Offer(ctx context.Context, id int64) (domain.Offer, error) {
	return a.db.FindOfferByID(ctx, id)
}

// OpenOffers returns one page of the live offers in the actor's scope
// (domain.OfferScope), the first to expire first, with the total; an
// offer's ExpiresSoonAt says it expires within one working day.
func (a *App) OpenOffers(ctx context.Context, p domain.Page) ([]domain.Offer, int, error) {
	return a.db.FindOpenOffers(ctx, p)
}

// withoutOffer drops the cases a live offer holds, and their matching
// cases (mcs[i] is cs[i]'s).
func withoutOffer(cs []domain.Case, mcs []matching.Case) ([]domain.Case, []matching.Case) {
	out, mout := cs[:0:0], mcs[:0:0]
	for i, k := range cs {
		if k.Offer == nil {
			out, mout = append(out, k), append(mout, mcs[i])
		}
	}
	return out, mout
}
