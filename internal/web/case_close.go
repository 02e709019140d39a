package web

import (
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/gin-gonic/gin"

	"regiepool/internal/domain"
)

// Closing a case (afschalen, issue 13 item 7): the reason, the end
// conversation, the final check and the family's self-reliance at close,
// confirmed with a ticked statement.

// caseCloseForm is the close form with the values posted before (nil at
// first); orgs are the case's organisations, current its self-reliance.
func caseCloseForm(id int64, v url.Values, orgs []stepOrg, current map[string]int) form {
	if v == nil {
		v = url.Values{}
	}
	f := form{Action: casePath(id) + "/afsluiten"}
	reason := v.Get("closeReason")
	sel := formField{Name: "closeReason", Label: "Reden van afsluiten", Kind: "select",
		Description: "Na het afsluiten heeft de regisseur meteen weer ruimte voor een nieuwe casus."}
	sel.Options = append(sel.Options, formOption{Value: "", Label: "Kies een reden", Checked: reason == ""})
	for _, r := range domain.CloseReasons {
		sel.Options = append(sel.Options, formOption{Value: r, Label: domain.CloseReasonLabels[r], Checked: reason == r})
	}
	f.Fields = append(f.Fields, sel,
		formField{Name: "closeReasonText", Label: "Toelichting bij 'Anders'", Kind: "textarea", Value: v.Get("closeReasonText"), Optional: true,
			Description: "Verplicht bij de reden 'Anders'. Hoogstens 2000 tekens, geen namen van gezinsleden."},
		yesNoField("endHeld", "Eindgesprek met het gezin gevoerd", "", false, v),
		formField{Name: "endDate", Label: "Datum van het eindgesprek", Kind: "date", Value: v.Get("endDate"), Optional: true,
			Description: "Alleen als het eindgesprek is gevoerd; niet in de toekomst."})
	f.Fields = append(f.Fields, whoFields("end", "Deelgenomen aan het eindgesprek", v, orgs)...)
	f.Fields = append(f.Fields,
		yesNoField("helpWorks", "Eindcheck: werkt de hulp?", "", false, v),
		yesNoField("familyDirects", "Eindcheck: kan het gezin zelf de regie over het eigen leven voeren?", "", false, v),
		formField{Name: "whyNot", Label: "Zo niet: waarom niet?", Kind: "textarea", Value: v.Get("whyNot"), Optional: true,
			Description: "Verplicht als de hulp niet werkt of het gezin de regie nog niet zelf kan voeren. Hoogstens 2000 tekens, geen namen."})
	f.Fields = append(f.Fields, selfRelianceFields("closeSelfReliance", current, v)...)
	// Closing cannot be undone: the page has no script to ask, so the form
	// asks for a ticked statement instead (issue 13, item 12), every time.
	f.Fields = append(f.Fields, formField{Name: "closeConfirm", Label: closeConfirmLabel, Kind: "check", Required: true})
	return f
}

// closeConfirmLabel is the statement that confirms a close.
const closeConfirmLabel = "Ik weet dat afsluiten definitief is"

// closeFieldNames are the close form's controls for the fields the domain
// names.
var closeFieldNames = map[string]string{"reason": "closeReason", "reasonText": "closeReasonText", "endConversation.held": "endHeld",
	"endConversation.date": "endDate", "endConversation.participants": "endParticipants", "endConversation.organisationIds": "endOrganisationIds",
	"finalCheck.helpWorks": "helpWorks", "finalCheck.familyDirectsOwnLife": "familyDirects", "finalCheck.whyNot": "whyNot",
	"selfReliance": "closeSelfReliance-" + domain.LifeDomains[0]}

// closureOf reads the closure from the form.
func closureOf(v url.Values) (domain.Closure, []domain.FieldError) {
	var fes []domain.FieldError
	cl := domain.Closure{Reason: v.Get("closeReason"), ReasonText: v.Get("closeReasonText"),
		EndConversation: &domain.EndConversation{Held: yesNo(v, "endHeld"), Participants: v["endParticipants"], OrganisationIDs: formIDs(v, "endOrganisationIds")},
		FinalCheck:      &domain.FinalCheck{HelpWorks: yesNo(v, "helpWorks"), FamilyDirectsOwnLife: yesNo(v, "familyDirects"), WhyNot: v.Get("whyNot")}}
	if s := v.Get("endDate"); s != "" {
		if t, ok := parseDay(s); ok {
			cl.EndConversation.Date = t.Format(domain.ISODate)
		} else {
			fes = append(fes, domain.FieldError{Name: "endDate", Code: "date", Reason: "Vul de datum van het eindgesprek in als geldige datum."})
		}
	}
	sr, bad := selfRelianceOf("closeSelfReliance", v)
	cl.SelfReliance = sr
	return cl, append(fes, bad...)
}

func (p *Pages) handleCaseClose(c *gin.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	ctx := c.Request.Context()
	_ = c.Request.ParseForm()
	v := c.Request.PostForm
	cl, fes := closureOf(v)
	rename := func(n string) string { return closeFieldNames[n] }
	if c.PostForm("closeConfirm") != "ja" {
		fes = append(fes, domain.FieldError{Name: "closeConfirm", Code: "required",
			Reason: "Vink aan dat u weet dat afsluiten definitief is: een afgesloten casus gaat niet meer open."})
	}
	again := func(status int, de *domain.Error) error {
		d, err := p.App.CaseDetail(ctx, id)
		if err != nil {
			return err
		}
		f := caseCloseForm(id, v, caseStepOrgs(d.Case.InvolvedOrganisationIDs, d.OrganisationNames), d.Case.SelfReliance)
		forms := caseForms{close: &f}
		if de.Code == domain.EInvalid {
			f.fail(renamed(de, rename))
		} else {
			forms.alert = &caseAlert{Heading: "Afsluiten is niet gelukt", Text: de.Message}
		}
		p.renderCase(c, status, d, forms, "")
		return nil
	}
	if fes != nil {
		// The domain's faults too, so every fault shows at once.
		probe := cl
		if de, ok := domain.AsError(probe.Validate(time.Now(), true)); ok {
			for _, fe := range de.Fields {
				if n := rename(fe.Name); !slices.ContainsFunc(fes, func(x domain.FieldError) bool { return x.Name == n }) {
					fes = append(fes, fe)
				}
			}
		}
		return again(http.StatusBadRequest, domain.Invalid(fes...))
	}
	_, err = p.App.CloseCase(ctx, id, cl)
	if err == nil {
		c.Redirect(http.StatusSeeOther, casePath(id)+"?afgesloten=1")
		return nil
	}
	e, ok := onForm(err)
	if !ok {
		return err
	}
	return again(formStatus(e), e)
}
