package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"regiepool/internal/app"
	"regiepool/internal/domain"
)

// The actions on a case's page: assign, hand over, close, and record an
// event in the log. Each posts a form; a refused attempt shows the case
// again with the form, its input and what went wrong.

// --- Assign ------------------------------------------------------------------------

// handleCaseAssign gives the waiting case to the chosen candidate; the use
// case checks capacity, independence and availability under a lock (a
// conflict is shown on the page with status 409). A candidate the ranking
// excludes is assigned only with a reason for the override
// (overrideReason); without one the page says why they are excluded.
func (p *Pages) handleCaseAssign(c *gin.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	alert := func(text string) caseForms {
		return caseForms{alert: &caseAlert{Heading: "Toewijzen is niet gelukt", Text: text}}
	}
	rid, ok := formID(c, "regisseurId")
	if !ok {
		return p.showCaseAgain(c, http.StatusBadRequest, id, alert("Kies een regisseur uit de lijst."))
	}
	_, err = p.App.AssignCase(c.Request.Context(), id, rid, c.PostForm("overrideReason"))
	if err == nil {
		c.Redirect(http.StatusSeeOther, casePath(id)+"?toegewezen=1")
		return nil
	}
	e, ok := onForm(err)
	if !ok {
		return err
	}
	text := e.Message
	if len(e.Fields) > 0 {
		text = e.Fields[0].Reason
	}
	return p.showCaseAgain(c, formStatus(e), id, alert(text))
}

// --- Handover ---------------------------------------------------------------------

type caseHandoverInput struct{ RegisseurID, Reason string }

func caseHandoverForm(id int64, cands []app.CandidateView, in caseHandoverInput) form {
	f := form{Action: casePath(id) + "/overdragen"}
	sel := formField{Name: "handoverRegisseurId", Label: "Nieuwe regisseur", Kind: "select",
		Description: "Alleen regisseurs die nu geschikt zijn en ruimte hebben, de best passende eerst."}
	sel.Options = append(sel.Options, formOption{Value: "", Label: "Kies een regisseur", Checked: in.RegisseurID == ""})
	for _, x := range cands {
		v := strconv.FormatInt(x.RegisseurID, 10)
		fit := strings.ToLower(domain.FitLabels[x.Fit])
		if x.Scores != nil {
			fit += ", score " + caseScore(x.Scores.Score)
		}
		sel.Options = append(sel.Options, formOption{Value: v, Label: x.Name + " (" + fit + "; " + caseCapacityText(x.Capacity) + ")",
			Checked: in.RegisseurID == v})
	}
	f.Fields = append(f.Fields, sel,
		formField{Name: "handoverReason", Label: "Reden van de overdracht", Kind: "textarea", Value: in.Reason, Required: true,
			Description: "Hoogstens 2000 tekens, geen namen van gezinsleden. Elke overdracht telt mee in de monitoring."})
	return f
}

// caseRenamed renames the field errors of the use case to the form's
// names: the API's "reason" is the form's control name.
func caseRenamed(e *domain.Error, from, to string) *domain.Error {
	out := *e
	out.Fields = make([]domain.FieldError, len(e.Fields))
	for i, fe := range e.Fields {
		if fe.Name == from {
			fe.Name = to
		}
		out.Fields[i] = fe
	}
	return &out
}

// handleCaseHandover moves an assigned case to the chosen regisseur with a
// reason.
func (p *Pages) handleCaseHandover(c *gin.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	in := caseHandoverInput{RegisseurID: c.PostForm("handoverRegisseurId"), Reason: c.PostForm("handoverReason")}
	// again shows the case with the handover form and its input; show puts
	// the errors on it, or in an alert when the case has no handover form
	// (it is not assigned).
	again := func(status int, show func(f *form) *caseAlert) error {
		d, err := p.App.CaseDetail(c.Request.Context(), id)
		if err != nil {
			return err
		}
		var forms caseForms
		if d.Case.Status == domain.CaseAssigned {
			f := caseHandoverForm(id, d.HandoverCandidates(), in)
			forms.handover = &f
		}
		forms.alert = show(forms.handover)
		p.renderCase(c, status, d, forms, "")
		return nil
	}
	var fes []domain.FieldError
	rid, err := strconv.ParseInt(strings.TrimSpace(in.RegisseurID), 10, 64)
	if err != nil || rid <= 0 {
		fes = append(fes, domain.FieldError{Name: "handoverRegisseurId", Code: "required", Reason: "Kies de nieuwe regisseur."})
	}
	if strings.TrimSpace(in.Reason) == "" {
		fes = append(fes, domain.FieldError{Name: "handoverReason", Code: "required", Reason: "Geef de reden van de overdracht."})
	}
	if len(fes) > 0 {
		return again(http.StatusBadRequest, func(f *form) *caseAlert {
			if f == nil {
				return &caseAlert{Heading: "Overdragen is niet gelukt", Text: "Alleen een toegewezen casus kan worden overgedragen."}
			}
			f.addErrors(fes...)
			return nil
		})
	}
	_, err = p.App.HandOverCase(c.Request.Context(), id, rid, in.Reason)
	if err == nil {
		c.Redirect(http.StatusSeeOther, casePath(id)+"?overgedragen=1")
		return nil
	}
	e, ok := onForm(err)
	if !ok {
		return err
	}
	return again(formStatus(e), func(f *form) *caseAlert {
		if e.Code == domain.EInvalid && f != nil {
			f.fail(caseRenamed(e, "reason", "handoverReason"))
			return nil
		}
		return &caseAlert{Heading: "Overdragen is niet gelukt", Text: e.Message}
	})
}

// --- Log -----------------------------------------------------------------------------

type caseEventInput struct {
	Kind, OccurredOn, Hours, ResultArea, Score, Reason string
	// Form is the posted form, for the structured steps' fields.
	Form url.Values
}

// caseEventForm is the log form offering kinds (domain.EventKindsFor), with
// the reason of a correction when kinds include it.
func caseEventForm(id int64, kinds []string, in caseEventInput, orgs []stepOrg) form {
	f := form{Action: casePath(id) + "/logboek"}
	kind := formField{Name: "kind", Label: "Gebeurtenis", Kind: "select"}
	kind.Options = append(kind.Options, formOption{Value: "", Label: "Kies een gebeurtenis", Checked: in.Kind == ""})
	for _, k := range kinds {
		kind.Options = append(kind.Options, formOption{Value: k, Label: domain.EventKindLabels[k], Checked: in.Kind == k})
	}
	scale := func(name, label, value, description string) formField {
		fl := formField{Name: name, Label: label, Kind: "select", Optional: true, Description: description}
		fl.Options = append(fl.Options, formOption{Value: "", Label: "Niet van toepassing", Checked: value == ""})
		for n := 1; n <= 5; n++ {
			v := strconv.Itoa(n)
			fl.Options = append(fl.Options, formOption{Value: v, Label: v, Checked: value == v})
		}
		return fl
	}
	f.Fields = append(f.Fields, kind,
		formField{Name: "occurredOn", Label: "Datum", Kind: "date", Value: in.OccurredOn, Required: true,
			Description: "Wanneer het gebeurde; niet in de toekomst."})
	if slices.Contains(kinds, domain.EventHours) {
		f.Fields = append(f.Fields,
			formField{Name: "hours", Label: "Aantal uren", Kind: "text", Value: in.Hours, Optional: true, Autocomplete: "off", Inputmode: "decimal",
				Description: "Alleen bij 'Uren besteed': de bestede uren, bijvoorbeeld 2 of 1,5." + understoodHours(in.Hours)})
	}
	if slices.Contains(kinds, domain.EventSatisfaction) {
		f.Fields = append(f.Fields,
			scale("resultArea", "Resultaatgebied", in.ResultArea, "Alleen bij 'Tevredenheid gezin': het resultaatgebied, 1 tot en met 5."),
			scale("score", "Tevredenheid", in.Score, "Alleen bij 'Tevredenheid gezin': 1 is zeer ontevreden, 5 is zeer tevreden."))
	}
	f.Fields = append(f.Fields, stepFields(kinds, in.Form, orgs)...)
	if slices.Contains(kinds, domain.EventCorrection) {
		f.Fields = append(f.Fields,
			formField{Name: "reason", Label: "Reden van de correctie", Kind: "textarea", Value: in.Reason, Optional: len(kinds) > 1,
				Description: "Alleen bij 'Correctie': wat de correctie verbetert en waarom. Hoogstens 2000 tekens, geen namen van gezinsleden."})
	}
	return f
}

// handleCaseEvent records an event of the log: on an open case by its
// dispatchers, admins and its current regisseur; a correction by an admin,
// also on a closed case (domain.CheckCaseLog).
func (p *Pages) handleCaseEvent(c *gin.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	if step := c.PostForm("step"); step == "plan" || step == "evaluation" {
		return p.handleCaseStep(c, id, step)
	}
	in := caseEventInput{Kind: c.PostForm("kind"), OccurredOn: c.PostForm("occurredOn"), Hours: c.PostForm("hours"),
		ResultArea: c.PostForm("resultArea"), Score: c.PostForm("score"), Reason: c.PostForm("reason")}
	if err := c.Request.ParseForm(); err == nil {
		in.Form = c.Request.PostForm
	}
	// again shows the case with the log form and its input; fail puts the
	// errors on it. Without a form (the log is closed to the actor) the
	// alert says why.
	again := func(status int, alert string, fail func(f *form)) error {
		d, err := p.App.CaseDetail(c.Request.Context(), id)
		if err != nil {
			return err
		}
		var forms caseForms
		if kinds := domain.EventKindsFor(domain.ActorFrom(c.Request.Context()), d.Case); len(kinds) > 0 {
			f := caseEventForm(id, kinds, in, caseStepOrgs(d.Case.InvolvedOrganisationIDs, d.OrganisationNames))
			fail(&f)
			forms.event = &f
		} else {
			forms.alert = &caseAlert{Heading: "Vastleggen is niet gelukt", Text: alert}
		}
		p.renderCase(c, status, d, forms, "")
		return nil
	}
	var fes []domain.FieldError
	e := domain.CaseEvent{Kind: in.Kind, Reason: in.Reason, Details: stepDetailsOf(in.Kind, in.Form)}
	if !slices.Contains(domain.EventKinds, in.Kind) {
		fes = append(fes, domain.FieldError{Name: "kind", Code: "required", Reason: "Kies de gebeurtenis."})
	}
	if t, ok := parseDay(in.OccurredOn); ok {
		e.OccurredOn = t
	} else {
		fes = append(fes, domain.FieldError{Name: "occurredOn", Code: "date", Reason: "Vul de datum in als geldige datum."})
	}
	switch in.Kind {
	case domain.EventHours:
		h, ok := poolParseHours(in.Hours)
		if !ok {
			fes = append(fes, domain.FieldError{Name: "hours", Code: "number", Reason: decimalReason(in.Hours, "Vul het aantal uren in als getal, bijvoorbeeld 2 of 1,5.")})
		}
		e.Hours = &h
	case domain.EventSatisfaction:
		if n, err := strconv.Atoi(in.ResultArea); err == nil {
			e.ResultArea = &n
		} else {
			fes = append(fes, domain.FieldError{Name: "resultArea", Code: "required", Reason: "Kies het resultaatgebied (1 tot en met 5)."})
		}
		if n, err := strconv.Atoi(in.Score); err == nil {
			e.Score = &n
		} else {
			fes = append(fes, domain.FieldError{Name: "score", Code: "required", Reason: "Kies de tevredenheid (1 tot en met 5)."})
		}
	}
	if len(fes) > 0 {
		return again(http.StatusBadRequest, fes[0].Reason, func(f *form) { f.addErrors(fes...) })
	}
	err = p.App.LogCaseEvent(c.Request.Context(), id, &e)
	if err == nil {
		c.Redirect(http.StatusSeeOther, casePath(id)+"?opgeslagen=1#logboek")
		return nil
	}
	de, ok := onForm(err)
	if !ok {
		return err
	}
	return again(formStatus(de), de.Message, func(f *form) { f.fail(stepErrors(de)) })
}
