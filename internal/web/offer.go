package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"regiepool/internal/domain"
)

// The offer pages (domain/offer.go): the open offers in scope (a
// regisseur's own; a dispatcher's on cases of their municipalities, the
// ones expiring within a working day marked), and one offer with, for its
// regisseur, the forms to accept it or decline it with a reason. What the
// regisseur sees of the case is what it asks, never who the family is.

const offersPath = "/aanbiedingen"

func offerPath(id int64) string { return offersPath + "/" + strconv.FormatInt(id, 10) }

type offerListPage struct {
	BasePage
	Intro   string
	Caption string
	Rows    []offerRow
	Pager   pager
}

// offerRow is one offer as the pages show it.
type offerRow struct {
	Href, Reference, Municipality, Urgency, SafetyRisk string
	LifeDomains, Hours, StartsOn, Regisseur            string
	Status, OfferedAt, ExpiresAt                       string
	Crisis, Soon, Open                                 bool
	DeclineReason                                      string
}

func offerRowOf(o domain.Offer, now time.Time) offerRow {
	k := o.Case
	var domains []string
	for _, ld := range domain.LifeDomains {
		for _, x := range k.LifeDomains {
			if x == ld {
				domains = append(domains, domain.LifeDomainLabels[ld])
			}
		}
	}
	lifeDomains := strings.Join(domains, ", ")
	if lifeDomains == "" {
		lifeDomains = "Geen genoemd"
	}
	st := o.StatusAt(now)
	return offerRow{Href: offerPath(o.ID), Reference: k.Reference, Municipality: k.MunicipalityName, Urgency: domain.UrgencyLabel(k.Urgency),
		SafetyRisk: labelOr(domain.SafetyRiskLabels, k.SafetyRisk), LifeDomains: lifeDomains,
		Hours:    caseHours(k.ArrangementHours) + " uur in " + strconv.Itoa(k.ExpectedWeeks) + " weken (gemiddeld " + domain.FormatNumber(k.WeeklyHours(), 1) + " uur per week)",
		StartsOn: domain.FormatDate(k.StartsOn), Regisseur: o.RegisseurName, Status: labelOr(domain.OfferStatusLabels, st),
		OfferedAt: offerTime(o.OfferedAt), ExpiresAt: offerTime(o.ExpiresAt), Crisis: k.Urgency == domain.UrgencyCrisis,
		Soon: o.ExpiresSoonAt(now), Open: st == domain.OfferOpen, DeclineReason: o.DeclineReason}
}

func (p *Pages) handleOffers(c *gin.Context) error {
	ctx := c.Request.Context()
	pg := pageParam(c)
	offers, total, err := p.App.OpenOffers(ctx, pg)
	if err != nil {
		return err
	}
	page := offerListPage{Pager: casePager(offersPath, pg, total), Caption: "Openstaande aanbiedingen (" + strconv.Itoa(total) + ")"}
	if domain.CanDispatchCases(domain.ActorFrom(ctx)) {
		page.Intro = "De casussen die u aan een regisseur hebt aangeboden en waarop nog geen antwoord is, de eerste die verloopt eerst. " +
			"Een aanbod dat binnen één werkdag verloopt, is gemarkeerd. Na een afwijzing of het verlopen staat de casus weer bovenaan de wachtende casussen."
	} else {
		page.Intro = "Casussen die u zijn aangeboden. Neem een aanbod aan of wijs het af vóór de uiterste reactiedatum; " +
			"tot dan houdt het aanbod een plek voor u vrij. Daarna gaat de casus terug naar de casusverdeler."
	}
	now := time.Now()
	for _, o := range offers {
		page.Rows = append(page.Rows, offerRowOf(o, now))
	}
	page.BasePage = p.base(c, "Aanbiedingen")
	p.render(c, http.StatusOK, "offer_list", page)
	return nil
}

type offerShowPage struct {
	BasePage
	Offer  offerRow
	Notice string
	Alert  *caseAlert
	// CaseHref links the case for whoever may read it (a dispatcher, or
	// the regisseur after accepting).
	CaseHref    string
	AcceptForm  *form
	DeclineForm *form
}

// offerDeclineForm asks the reason of a decline.
func offerDeclineForm(id int64, reason string) form {
	return form{Action: offerPath(id) + "/afwijzen", Fields: []formField{{Name: "reason", Label: "Reden van afwijzen", Kind: "textarea", Value: reason,
		Required: true, Description: "Verplicht. De casusverdeler leest de reden; hoogstens 2000 tekens, geen namen van gezinsleden."},
		confirmField("Ik weet dat afwijzen definitief is")}}
}

func (p *Pages) handleOffer(c *gin.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	var notice string
	switch {
	case c.Query("aangenomen") == "1":
		notice = "U hebt het aanbod aangenomen: u voert nu de regie over deze casus."
	case c.Query("afgewezen") == "1":
		notice = "U hebt het aanbod afgewezen. De casus is terug bij de casusverdeler, met uw reden."
	}
	return p.showOffer(c, http.StatusOK, id, notice, nil, nil)
}

// showOffer shows offer id; declineForm and alert are those of a failed
// answer.
func (p *Pages) showOffer(c *gin.Context, status int, id int64, notice string, declineForm *form, alert *caseAlert) error {
	ctx := c.Request.Context()
	o, err := p.App.Offer(ctx, id)
	if err != nil {
		return err
	}
	a := domain.ActorFrom(ctx)
	now := time.Now()
	page := offerShowPage{Offer: offerRowOf(o, now), Notice: notice, Alert: alert}
	st := o.StatusAt(now)
	if domain.CanDispatchIn(a, o.Case.MunicipalityID) || (st == domain.OfferAccepted && domain.CanAnswerOffer(a, o)) {
		page.CaseHref = casePath(o.CaseID)
	}
	if st == domain.OfferOpen && domain.CanAnswerOffer(a, o) {
		page.AcceptForm = &form{Action: offerPath(id) + "/aannemen"}
		page.DeclineForm = declineForm
		if page.DeclineForm == nil {
			f := offerDeclineForm(id, "")
			page.DeclineForm = &f
		}
	}
	title := "Aanbod casus " + o.Case.Reference
	if alert != nil || (declineForm != nil && declineForm.Failed()) {
		title = "Fout: " + title
	}
	page.BasePage = p.base(c, title)
	p.render(c, status, "offer_show", page)
	return nil
}

func (p *Pages) handleOfferAccept(c *gin.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	_, err = p.App.AcceptOffer(c.Request.Context(), id)
	if err == nil {
		c.Redirect(http.StatusSeeOther, offerPath(id)+"?aangenomen=1")
		return nil
	}
	e, ok := onForm(err)
	if !ok {
		return err
	}
	return p.showOffer(c, formStatus(e), id, "", nil, &caseAlert{Heading: "Aannemen is niet gelukt", Text: e.Message})
}

func (p *Pages) handleOfferDecline(c *gin.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	reason := c.PostForm("reason")
	if fes := unconfirmed(c, "Vink aan dat u weet dat afwijzen definitief is: een afgewezen aanbod gaat niet meer open."); fes != nil {
		f := offerDeclineForm(id, reason)
		f.addErrors(fes...)
		return p.showOffer(c, http.StatusBadRequest, id, "", &f, nil)
	}
	_, err = p.App.DeclineOffer(c.Request.Context(), id, reason)
	if err == nil {
		c.Redirect(http.StatusSeeOther, offerPath(id)+"?afgewezen=1")
		return nil
	}
	e, ok := onForm(err)
	if !ok {
		return err
	}
	if e.Code == domain.EInvalid {
		f := offerDeclineForm(id, reason)
		f.fail(e)
		return p.showOffer(c, formStatus(e), id, "", &f, nil)
	}
	return p.showOffer(c, formStatus(e), id, "", nil, &caseAlert{Heading: "Afwijzen is niet gelukt", Text: e.Message})
}

// handleCaseOffer offers the waiting case to the chosen candidate with the
// default deadline (domain.DefaultOfferWorkingDays working days); the use
// case holds the slot under the assignment's locks.
func (p *Pages) handleCaseOffer(c *gin.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	alert := func(text string) caseForms {
		return caseForms{alert: &caseAlert{Heading: "Aanbieden is niet gelukt", Text: text}}
	}
	rid, ok := formID(c, "regisseurId")
	if !ok {
		return p.showCaseAgain(c, http.StatusBadRequest, id, alert("Kies een regisseur uit de lijst."))
	}
	_, err = p.App.OfferCase(c.Request.Context(), id, rid, nil)
	if err == nil {
		c.Redirect(http.StatusSeeOther, casePath(id)+"?aangeboden=1")
		return nil
	}
	e, ok := onForm(err)
	if !ok {
		return err
	}
	return p.showCaseAgain(c, formStatus(e), id, alert(e.Message))
}

// caseOfferText says who holds the case and until when, or why it is
// waiting again; "" for neither.
func caseOfferText(k domain.Case) (offered, returned string) {
	if k.Offer != nil {
		offered = "Aangeboden aan " + k.Offer.RegisseurName + " op " + offerTime(k.Offer.OfferedAt) +
			"; reageren kan tot " + offerTime(k.Offer.ExpiresAt) + ". Tot dan houdt het aanbod de casus en een plek van de regisseur vast."
	}
	if r := k.Returned; r != nil {
		switch r.Status {
		case domain.OfferDeclined:
			returned = "Aanbod afgewezen op " + offerTime(r.At)
			if r.Reason != "" {
				returned += ". Reden: " + r.Reason
			}
		case domain.OfferExpired:
			returned = "Aanbod verlopen op " + offerTime(r.At) + " zonder antwoord"
		}
	}
	return offered, returned
}

// offerTime writes a moment of an offer in the server's time zone.
func offerTime(t time.Time) string { return domain.FormatDateTime(t.Local()) }
