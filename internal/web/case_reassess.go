package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"regiepool/internal/domain"
)

// The re-assessment of a case (herbeoordeling): the safety risk, the life
// domains, the checklist of the working definition and the family's
// self-reliance per life domain. What changed is kept on the timeline.

// selfReliancePrefix prefixes the controls of the case's own self-reliance
// scale, on the intake and the re-assessment (selfRelianceFields).
const selfReliancePrefix = "selfReliance"

// selfRelianceName is the form's control for the score on life domain d.
func selfRelianceName(d string) string { return selfReliancePrefix + "-" + d }

// caseReassessForm is the form with the case's assessment now, or the
// input of a failed attempt.
func caseReassessForm(id int64, k domain.Case) form {
	f := form{Action: casePath(id) + "/beoordeling"}
	risk := formField{Name: "safetyRisk", Label: "Veiligheidsrisico", Kind: "radios"}
	for _, r := range domain.SafetyRisks {
		risk.Options = append(risk.Options, formOption{Value: r, Label: domain.SafetyRiskLabels[r], Checked: k.SafetyRisk == r})
	}
	domains := formField{Name: "lifeDomains", Label: "Leefgebieden met problemen", Kind: "checkboxes", Description: "Kies alle leefgebieden die nu spelen."}
	for _, d := range domain.LifeDomains {
		domains.Options = append(domains.Options, formOption{Value: d, Label: domain.LifeDomainLabels[d], Checked: slices.Contains(k.LifeDomains, d)})
	}
	f.Fields = append(f.Fields, risk, domains,
		formField{Name: "definition", Label: "Werkdefinitie complexe casus", Kind: "group",
			Description: "Vink aan wat nu voor dit gezin geldt. Meerdere leefgebieden vraagt minstens twee gekozen leefgebieden; een groot risico past niet bij een laag veiligheidsrisico, en een hoog veiligheidsrisico is een groot risico."})
	checks := map[string]bool{"parentsStruggle": k.ParentsStruggle, "severalDomains": k.SeveralDomains,
		"severalProfessionals": k.SeveralProfessionals, "highRisk": k.HighRisk}
	for _, d := range caseDefinitionChecks {
		f.Fields = append(f.Fields, formField{Name: d.name, Label: d.label, Kind: "check", Value: yes(checks[d.name])})
	}
	f.Fields = append(f.Fields, formField{Name: "definitionReason", Label: "Reden als de casus niet (meer) aan de werkdefinitie voldoet",
		Kind: "textarea", Value: k.DefinitionReason, Optional: true,
		Description: "Alleen nodig als de casus niet aan de werkdefinitie voldoet: leg uit waarom de poolregie doorgaat. Hoogstens 2000 tekens, geen namen."})
	for _, d := range domain.LifeDomains {
		fl := formField{Name: selfRelianceName(d), Label: "Zelfredzaamheid: " + domain.LifeDomainLabels[d], Kind: "select", Optional: true}
		v, scored := k.SelfReliance[d]
		fl.Options = append(fl.Options, formOption{Value: "", Label: "Niet gescoord", Checked: !scored})
		for n := domain.SelfRelianceMin; n <= domain.SelfRelianceMax; n++ {
			fl.Options = append(fl.Options, formOption{Value: strconv.Itoa(n), Label: domain.SelfRelianceLabels[n], Checked: scored && v == n})
		}
		f.Fields = append(f.Fields, fl)
	}
	return f
}

// handleCaseReassess records a re-assessment from the form: the whole
// assessment as shown, of which only what changed is kept as history.
func (p *Pages) handleCaseReassess(c *gin.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	risk, reason, domains := c.PostForm("safetyRisk"), c.PostForm("definitionReason"), c.PostFormArray("lifeDomains")
	flag := func(name string) *bool { v := c.PostForm(name) == "ja"; return &v }
	r := domain.Reassessment{SafetyRisk: &risk, LifeDomains: &domains, ParentsStruggle: flag("parentsStruggle"),
		SeveralDomains: flag("severalDomains"), SeveralProfessionals: flag("severalProfessionals"), HighRisk: flag("highRisk"),
		DefinitionReason: &reason}
	var fes []domain.FieldError
	r.SelfReliance, fes = selfRelianceOf(selfReliancePrefix, c.Request.PostForm)
	again := func(status int, de *domain.Error) error {
		d, err := p.App.CaseDetail(c.Request.Context(), id)
		if err != nil {
			return err
		}
		var forms caseForms
		if domain.CanReassessCase(domain.ActorFrom(c.Request.Context()), d.Case) {
			in, _ := r.Apply(d.Case)
			f := caseReassessForm(id, in)
			f.fail(de)
			forms.reassess = &f
		} else {
			forms.alert = &caseAlert{Heading: "Herbeoordelen is niet gelukt", Text: de.Message}
		}
		p.renderCase(c, status, d, forms, "")
		return nil
	}
	if len(fes) > 0 {
		return again(http.StatusBadRequest, domain.Invalid(fes...))
	}
	_, err = p.App.ReassessCase(c.Request.Context(), id, r)
	if err == nil {
		c.Redirect(http.StatusSeeOther, casePath(id)+"?opgeslagen=1#logboek")
		return nil
	}
	de, ok := onForm(err)
	if !ok {
		return err
	}
	for i, fe := range de.Fields {
		if fe.Name == "selfReliance" {
			de.Fields[i].Name = selfRelianceName(domain.LifeDomains[0])
		}
	}
	return again(formStatus(de), de)
}

// caseFieldLabels name the fields of a re-assessment on the timeline.
var caseFieldLabels = map[string]string{"safetyRisk": "Veiligheidsrisico", "lifeDomains": "Leefgebieden",
	"parentsStruggle": "Ouders hebben moeite de regie te houden", "severalDomains": "Problemen op meerdere leefgebieden",
	"severalProfessionals": "Meerdere hulpverleners betrokken", "highRisk": "Groot risico voor het kind",
	"definitionReason": "Reden buiten de werkdefinitie", "meetsDefinition": "Voldoet aan de werkdefinitie", "selfReliance": "Zelfredzaamheid"}

// caseChangesText says in Dutch what a re-assessment changed, old → new.
func caseChangesText(cs domain.FieldChanges) string {
	var parts []string
	for _, x := range cs {
		label := labelOr(caseFieldLabels, x.Field)
		if x.LifeDomain != "" {
			label += " " + strings.ToLower(labelOr(domain.LifeDomainLabels, x.LifeDomain))
		}
		parts = append(parts, label+": "+caseChangeValue(x.Field, x.Old)+" → "+caseChangeValue(x.Field, x.New))
	}
	return strings.Join(parts, "; ")
}

func caseChangeValue(field string, v any) string {
	switch x := v.(type) {
	case nil:
		return "geen"
	case bool:
		if x {
			return "ja"
		}
		return "nee"
	case float64:
		return strconv.Itoa(int(x))
	case int:
		return strconv.Itoa(x)
	case string:
		switch {
		case field == "safetyRisk":
			return strings.ToLower(labelOr(domain.SafetyRiskLabels, x))
		case x == "":
			return "geen"
		}
		return "‘" + x + "’"
	case []any:
		var ds []string
		for _, d := range x {
			if s, ok := d.(string); ok {
				ds = append(ds, strings.ToLower(labelOr(domain.LifeDomainLabels, s)))
			}
		}
		if len(ds) == 0 {
			return "geen"
		}
		return strings.Join(ds, ", ")
	case []string:
		return caseChangeValue(field, anySlice(x))
	}
	return fmt.Sprint(v)
}

func anySlice(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}
