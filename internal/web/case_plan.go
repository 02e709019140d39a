package web

import (
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"regiepool/internal/app"
	"regiepool/internal/domain"
)

// The family plan and its evaluation on the case page (issue 13, items 2
// and 4): each its own form, posted to the log with a hidden "step", so
// their fields carry their own names beside the log form's.

// planRows is how many goals the plan form offers; empty rows are left out.
const planRows = 5

// checkboxField is a group of checkboxes called name, ticked as in v.
func checkboxField(name, label, desc string, values []string, labels map[string]string, v url.Values) formField {
	fl := formField{Name: name, Label: label, Kind: "checkboxes", Optional: true, Description: desc}
	for _, x := range values {
		fl.Options = append(fl.Options, formOption{Value: x, Label: labels[x], Checked: slices.Contains(v[name], x)})
	}
	return fl
}

// yesNoField is a choice between ja and nee, as in v.
func yesNoField(name, label, desc string, optional bool, v url.Values) formField {
	fl := formField{Name: name, Label: label, Kind: "radios", Optional: optional, Description: desc}
	for _, x := range []string{"ja", "nee"} {
		fl.Options = append(fl.Options, formOption{Value: x, Label: strings.ToUpper(x[:1]) + x[1:], Checked: v.Get(name) == x})
	}
	return fl
}

// yesNo reads a ja/nee choice; nil when none was made.
func yesNo(v url.Values, name string) *bool {
	switch v.Get(name) {
	case "ja":
		b := true
		return &b
	case "nee":
		b := false
		return &b
	}
	return nil
}

// whoFields are the family members and the case's organisations who took
// part in a step, as prefix+"Participants" and prefix+"OrganisationIds".
func whoFields(prefix, label string, v url.Values, orgs []stepOrg) []formField {
	out := []formField{checkboxField(prefix+"Participants", label+": gezinsleden", "Naar rol, zonder namen.", domain.Participants, domain.ParticipantLabels, v)}
	if len(orgs) > 0 {
		ids, labels := orgOptions(orgs)
		out = append(out, checkboxField(prefix+"OrganisationIds", label+": organisaties", "", ids, labels, v))
	}
	return out
}

func orgOptions(orgs []stepOrg) ([]string, map[string]string) {
	ids := make([]string, len(orgs))
	labels := map[string]string{}
	for i, o := range orgs {
		ids[i] = strconv.FormatInt(o.ID, 10)
		labels[ids[i]] = o.Name
	}
	return ids, labels
}

// formIDs reads the ids ticked in a group of checkboxes.
func formIDs(v url.Values, name string) []int64 {
	var out []int64
	for _, s := range v[name] {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			out = append(out, n)
		}
	}
	return out
}

// selfRelianceFields are the scores per life domain as prefix+"-"+domain,
// "not measured" unless v says otherwise; each says the current score.
func selfRelianceFields(prefix string, current map[string]int, v url.Values) []formField {
	var out []formField
	for _, d := range domain.LifeDomains {
		name := prefix + "-" + d
		fl := formField{Name: name, Label: "Zelfredzaamheid: " + domain.LifeDomainLabels[d], Kind: "select", Optional: true, Description: "Nu: niet gescoord."}
		if n, ok := current[d]; ok {
			fl.Description = "Nu: " + domain.SelfRelianceLabels[n] + "."
		}
		fl.Options = append(fl.Options, formOption{Value: "", Label: "Niet gemeten", Checked: v.Get(name) == ""})
		for n := domain.SelfRelianceMin; n <= domain.SelfRelianceMax; n++ {
			s := strconv.Itoa(n)
			fl.Options = append(fl.Options, formOption{Value: s, Label: domain.SelfRelianceLabels[n], Checked: v.Get(name) == s})
		}
		out = append(out, fl)
	}
	return out
}

// selfRelianceOf reads the scores of selfRelianceFields; a score that is
// no number is an error on its control.
func selfRelianceOf(prefix string, v url.Values) (map[string]int, []domain.FieldError) {
	m := map[string]int{}
	var fes []domain.FieldError
	for _, d := range domain.LifeDomains {
		s := v.Get(prefix + "-" + d)
		if s == "" {
			continue
		}
		n, err := strconv.Atoi(s)
		if err != nil {
			fes = append(fes, domain.FieldError{Name: prefix + "-" + d, Code: "number", Reason: "Kies een score van 1 tot en met 5."})
			continue
		}
		m[d] = n
	}
	return m, fes
}

// --- The plan --------------------------------------------------------------------------

// casePlanForm is the form for a version of the family plan: the first
// (plan_made) or a new one (plan_adjusted, the default once there is a plan).
func casePlanForm(id int64, v url.Values, orgs []stepOrg, hasPlan bool) form {
	if v == nil {
		v = url.Values{}
	}
	f := form{Action: casePath(id) + "/logboek"}
	kind := formField{Name: "planKind", Label: "Soort", Kind: "radios"}
	chosen := v.Get("planKind")
	if chosen == "" {
		chosen = domain.EventPlanMade
		if hasPlan {
			chosen = domain.EventPlanAdjusted
		}
	}
	for _, k := range []string{domain.EventPlanMade, domain.EventPlanAdjusted} {
		kind.Options = append(kind.Options, formOption{Value: k, Label: domain.EventKindLabels[k], Checked: chosen == k})
	}
	f.Fields = append(f.Fields, kind,
		formField{Name: "planOn", Label: "Datum van het plan", Kind: "date", Value: v.Get("planOn"), Required: true, Description: "Niet in de toekomst."})
	f.Fields = append(f.Fields, whoFields("plan", "Samen opgesteld met", v, orgs)...)
	whoValues := slices.Clone(domain.Responsibles[:4])
	whoLabels := map[string]string{}
	for _, r := range whoValues {
		whoLabels[r] = domain.ResponsibleLabels[r]
	}
	for _, o := range orgs {
		k := "org-" + strconv.FormatInt(o.ID, 10)
		whoValues = append(whoValues, k)
		whoLabels[k] = "Organisatie: " + o.Name
	}
	for i := 1; i <= planRows; i++ {
		n := strconv.Itoa(i)
		ld := formField{Name: "goalDomain-" + n, Label: "Doel " + n + ": leefgebied", Kind: "select", Optional: i > 1}
		ld.Options = append(ld.Options, formOption{Value: "", Label: "Kies een leefgebied", Checked: v.Get(ld.Name) == ""})
		for _, d := range domain.LifeDomains {
			ld.Options = append(ld.Options, formOption{Value: d, Label: domain.LifeDomainLabels[d], Checked: v.Get(ld.Name) == d})
		}
		who := formField{Name: "goalWho-" + n, Label: "Doel " + n + ": wie pakt het op", Kind: "select", Optional: i > 1}
		who.Options = append(who.Options, formOption{Value: "", Label: "Kies wie", Checked: v.Get(who.Name) == ""})
		for _, w := range whoValues {
			who.Options = append(who.Options, formOption{Value: w, Label: whoLabels[w], Checked: v.Get(who.Name) == w})
		}
		f.Fields = append(f.Fields, ld,
			formField{Name: "goal-" + n, Label: "Doel " + n + ": het doel", Kind: "text", Value: v.Get("goal-" + n), Optional: i > 1, Autocomplete: "off",
				Description: "Hoogstens 500 tekens, geen namen van gezinsleden."},
			who,
			formField{Name: "goalAction-" + n, Label: "Doel " + n + ": wat gebeurt er", Kind: "text", Value: v.Get("goalAction-" + n), Optional: i > 1, Autocomplete: "off"})
	}
	f.Fields = append(f.Fields,
		formField{Name: "agreementDate", Label: "Evaluatie afgesproken op", Kind: "date", Value: v.Get("agreementDate"), Required: true,
			Description: "Wanneer het plan wordt geëvalueerd; niet vóór de datum van het plan. Meer afspraken legt u vast met een nieuwe versie van het plan of via de API."})
	f.Fields = append(f.Fields, whoFields("agreement", "Evaluatie met", v, orgs)...)
	return f
}

// planOf reads the plan from the form: the event, and per goal of the
// details the form's row it came from (empty rows are left out).
func planOf(v url.Values) (domain.CaseEvent, []int, []domain.FieldError) {
	var fes []domain.FieldError
	e := domain.CaseEvent{Kind: v.Get("planKind")}
	if !domain.IsPlan(e.Kind) {
		fes = append(fes, domain.FieldError{Name: "planKind", Code: "required", Reason: "Kies het eerste gezinsplan of een nieuwe versie."})
	}
	if t, ok := parseDay(v.Get("planOn")); ok {
		e.OccurredOn = t
	} else {
		fes = append(fes, domain.FieldError{Name: "planOn", Code: "date", Reason: "Vul de datum van het plan in als geldige datum."})
	}
	d := &domain.StepDetails{Participants: v["planParticipants"], OrganisationIDs: formIDs(v, "planOrganisationIds")}
	var rows []int
	for i := 1; i <= planRows; i++ {
		n := strconv.Itoa(i)
		g := domain.PlanGoal{LifeDomain: v.Get("goalDomain-" + n), Goal: v.Get("goal-" + n), Responsible: v.Get("goalWho-" + n), Action: v.Get("goalAction-" + n)}
		if g.LifeDomain == "" && strings.TrimSpace(g.Goal) == "" && g.Responsible == "" && strings.TrimSpace(g.Action) == "" {
			continue
		}
		if org, ok := strings.CutPrefix(g.Responsible, "org-"); ok {
			g.Responsible = domain.ResponsibleOrganisation
			if id, err := strconv.ParseInt(org, 10, 64); err == nil {
				g.OrganisationID = &id
			}
		}
		d.PlanGoals = append(d.PlanGoals, g)
		rows = append(rows, i)
	}
	ag := domain.EvaluationAgreement{Participants: v["agreementParticipants"], OrganisationIDs: formIDs(v, "agreementOrganisationIds")}
	if s := v.Get("agreementDate"); s != "" {
		if t, ok := parseDay(s); ok {
			ag.Date = t.Format(domain.ISODate)
		} else {
			fes = append(fes, domain.FieldError{Name: "agreementDate", Code: "date", Reason: "Vul de datum van de evaluatie in als geldige datum."})
		}
	}
	if ag.Date != "" || len(ag.Participants) > 0 || len(ag.OrganisationIDs) > 0 {
		d.EvaluationAgreements = []domain.EvaluationAgreement{ag}
	}
	e.Details = d
	return e, rows, fes
}

var indexed = regexp.MustCompile(`^details\.(planGoals|evaluationAgreements)\[(\d+)\]\.(\w+)$`)

// planFieldName is the plan form's control for a field the domain names;
// rows maps a goal's index to its row on the form.
func planFieldName(name string, rows []int) string {
	if m := indexed.FindStringSubmatch(name); m != nil {
		if m[1] == "evaluationAgreements" {
			return map[string]string{"date": "agreementDate", "participants": "agreementParticipants", "organisationIds": "agreementOrganisationIds"}[m[3]]
		}
		i, _ := strconv.Atoi(m[2])
		row := "1"
		if i < len(rows) {
			row = strconv.Itoa(rows[i])
		}
		return map[string]string{"lifeDomain": "goalDomain-", "goal": "goal-", "responsible": "goalWho-", "organisationId": "goalWho-", "action": "goalAction-"}[m[3]] + row
	}
	return map[string]string{"kind": "planKind", "occurredOn": "planOn", "details": "planKind", "details.participants": "planParticipants",
		"details.organisationIds": "planOrganisationIds", "details.planGoals": "goalDomain-1", "details.evaluationAgreements": "agreementDate"}[name]
}

// --- The evaluation -------------------------------------------------------------------

// caseEvaluationForm is the form for an evaluation: who took part, which
// goals of the latest plan were reached, whether the plan was adjusted and
// the family's self-reliance now.
func caseEvaluationForm(id int64, v url.Values, orgs []stepOrg, plan *domain.CaseEvent, current map[string]int) form {
	if v == nil {
		v = url.Values{}
	}
	f := form{Action: casePath(id) + "/logboek"}
	f.Fields = append(f.Fields, formField{Name: "evalOn", Label: "Datum van de evaluatie", Kind: "date", Value: v.Get("evalOn"), Required: true, Description: "Niet in de toekomst."})
	f.Fields = append(f.Fields, whoFields("eval", "Deelgenomen", v, orgs)...)
	goals := formField{Name: "evalGoals", Label: "Bereikte doelen uit het gezinsplan", Kind: "checkboxes", Optional: true,
		Description: "Vink de doelen aan die zijn bereikt; de andere gelden als niet bereikt.", Empty: "Er is nog geen gezinsplan met doelen."}
	if plan != nil {
		for i, g := range plan.Details.PlanGoals {
			n := strconv.Itoa(i + 1)
			goals.Options = append(goals.Options, formOption{Value: n, Label: domain.LifeDomainLabels[g.LifeDomain] + " – " + g.Goal, Checked: slices.Contains(v["evalGoals"], n)})
		}
	}
	f.Fields = append(f.Fields, goals, yesNoField("evalPlanAdjusted", "Plan bijgesteld na de evaluatie", "Leg een bijgesteld plan vast als nieuwe versie van het gezinsplan.", true, v))
	f.Fields = append(f.Fields, selfRelianceFields("evalSelfReliance", current, v)...)
	return f
}

// evaluationOf reads the evaluation from the form, with the goals of plan
// (the latest) ticked as reached.
func evaluationOf(v url.Values, plan *domain.CaseEvent) (domain.CaseEvent, []domain.FieldError) {
	var fes []domain.FieldError
	e := domain.CaseEvent{Kind: domain.EventEvaluation}
	if t, ok := parseDay(v.Get("evalOn")); ok {
		e.OccurredOn = t
	} else {
		fes = append(fes, domain.FieldError{Name: "evalOn", Code: "date", Reason: "Vul de datum van de evaluatie in als geldige datum."})
	}
	d := &domain.StepDetails{Participants: v["evalParticipants"], OrganisationIDs: formIDs(v, "evalOrganisationIds"), PlanAdjusted: yesNo(v, "evalPlanAdjusted")}
	planID := strconv.FormatInt(0, 10)
	if plan != nil {
		planID = strconv.FormatInt(plan.ID, 10)
		for i, g := range plan.Details.PlanGoals {
			d.Goals = append(d.Goals, domain.GoalResult{LifeDomain: g.LifeDomain, Goal: g.Goal, Reached: slices.Contains(v["evalGoals"], strconv.Itoa(i+1))})
		}
	}
	if v.Get("evalPlanId") != planID {
		fes = append(fes, domain.FieldError{Name: "evalGoals", Code: "stale", Reason: "Het gezinsplan is intussen bijgesteld: kijk opnieuw na welke doelen zijn bereikt."})
	}
	sr, bad := selfRelianceOf("evalSelfReliance", v)
	fes = append(fes, bad...)
	if len(sr) > 0 {
		d.SelfReliance = sr
	}
	e.Details = d
	return e, fes
}

// evaluationFieldName is the evaluation form's control for a field the
// domain names.
func evaluationFieldName(name string) string {
	return map[string]string{"occurredOn": "evalOn", "details.participants": "evalParticipants", "details.organisationIds": "evalOrganisationIds",
		"details.goals": "evalGoals", "details.planAdjusted": "evalPlanAdjusted", "details.selfReliance": "evalSelfReliance-" + domain.LifeDomains[0]}[name]
}

// renamed gives the field errors of e the form's names (rename returns ""
// for a name it does not know, which then stays).
func renamed(e *domain.Error, rename func(string) string) *domain.Error {
	out := *e
	out.Fields = make([]domain.FieldError, len(e.Fields))
	for i, fe := range e.Fields {
		if n := rename(fe.Name); n != "" {
			fe.Name = n
		}
		out.Fields[i] = fe
	}
	return &out
}

// --- Recording them ---------------------------------------------------------------------

// caseStep is a plan or evaluation posted from its form: the event read
// from it, the form's own faults, how the domain's field names map onto
// its controls, how to draw it again, and where it goes on the page.
type caseStep struct {
	event  domain.CaseEvent
	faults []domain.FieldError
	rename func(string) string
	build  func(d app.CaseDetail) form
	put    func(forms *caseForms, f *form)
}

// handleCaseStep reads the plan or evaluation form (the hidden "step") and
// records it in the log; a refused attempt shows the form again with every
// fault at once.
func (p *Pages) handleCaseStep(c *gin.Context, id int64, step string) error {
	ctx := c.Request.Context()
	_ = c.Request.ParseForm()
	v := c.Request.PostForm
	var s caseStep
	switch step {
	case "plan":
		e, rows, fes := planOf(v)
		s = caseStep{event: e, faults: fes, rename: func(n string) string { return planFieldName(n, rows) },
			build: func(d app.CaseDetail) form {
				return casePlanForm(id, v, caseStepOrgs(d.Case.InvolvedOrganisationIDs, d.OrganisationNames), d.LatestPlan != nil)
			},
			put: func(forms *caseForms, f *form) { forms.plan = f }}
	default:
		d, err := p.App.CaseDetail(ctx, id)
		if err != nil {
			return err
		}
		e, fes := evaluationOf(v, d.LatestPlan)
		s = caseStep{event: e, faults: fes, rename: evaluationFieldName,
			build: func(d app.CaseDetail) form {
				return caseEvaluationForm(id, v, caseStepOrgs(d.Case.InvolvedOrganisationIDs, d.OrganisationNames), d.LatestPlan, d.Case.SelfReliance)
			},
			put: func(forms *caseForms, f *form) { forms.evaluation = f }}
	}
	again := func(status int, de *domain.Error) error {
		d, err := p.App.CaseDetail(ctx, id)
		if err != nil {
			return err
		}
		var forms caseForms
		if domain.CheckCaseLog(domain.ActorFrom(ctx), d.Case, s.event.Kind) == nil {
			f := s.build(d)
			f.fail(renamed(de, s.rename))
			s.put(&forms, &f)
		} else {
			forms.alert = &caseAlert{Heading: "Vastleggen is niet gelukt", Text: de.Message}
		}
		p.renderCase(c, status, d, forms, "")
		return nil
	}
	if len(s.faults) > 0 {
		// The domain's faults too, so every fault shows at once.
		fes := s.faults
		if de, ok := domain.AsError(s.event.ValidateNew(time.Now())); ok {
			for _, fe := range de.Fields {
				if n := s.rename(fe.Name); !slices.ContainsFunc(fes, func(x domain.FieldError) bool { return x.Name == n }) {
					fes = append(fes, fe)
				}
			}
		}
		return again(http.StatusBadRequest, domain.Invalid(fes...))
	}
	err := p.App.LogCaseEvent(ctx, id, &s.event)
	if err == nil {
		c.Redirect(http.StatusSeeOther, casePath(id)+"?opgeslagen=1#logboek")
		return nil
	}
	de, ok := onForm(err)
	if !ok {
		return err
	}
	return again(formStatus(de), de)
}
