package web

import (
	"net/url"
	"slices"
	"strconv"
	"strings"

	"regiepool/internal/domain"
)

// The structured steps of the log form (issue 13, items 3–6): their fields
// follow the common ones, each described with the steps it belongs to.
// Errors of the details ("details.conclusion") land on the field without
// the prefix.

// stepOrg is an organisation the form offers: those involved in the case.
type stepOrg struct {
	ID   int64
	Name string
}

// caseStepOrgs are the case's involved organisations, by name where known.
func caseStepOrgs(ids []int64, names map[int64]string) []stepOrg {
	out := make([]stepOrg, 0, len(ids))
	for _, id := range ids {
		n := names[id]
		if n == "" {
			n = "Organisatie " + strconv.FormatInt(id, 10)
		}
		out = append(out, stepOrg{ID: id, Name: n})
	}
	return out
}

// stepFields are the fields of the structured steps among kinds; v holds
// the values posted before (nil at first).
func stepFields(kinds []string, v url.Values, orgs []stepOrg) []formField {
	has := func(k string) bool { return slices.Contains(kinds, k) }
	if !has(domain.EventProblemAnalysis) && !has(domain.EventEscalation) && !has(domain.EventIntervention) && !has(domain.EventNetworkEngaged) {
		return nil
	}
	boxes := func(name, label, desc string, values []string, labels map[string]string) formField {
		fl := formField{Name: name, Label: label, Kind: "checkboxes", Optional: true, Description: desc}
		for _, x := range values {
			fl.Options = append(fl.Options, formOption{Value: x, Label: labels[x], Checked: slices.Contains(v[name], x)})
		}
		return fl
	}
	choose := func(name, label, desc string, values []string, labels map[string]string) formField {
		fl := formField{Name: name, Label: label, Kind: "select", Optional: true, Description: desc}
		fl.Options = append(fl.Options, formOption{Value: "", Label: "Niet van toepassing", Checked: v.Get(name) == ""})
		for _, x := range values {
			fl.Options = append(fl.Options, formOption{Value: x, Label: labels[x], Checked: v.Get(name) == x})
		}
		return fl
	}
	text := func(name, label, desc string) formField {
		return formField{Name: name, Label: label, Kind: "textarea", Value: v.Get(name), Optional: true,
			Description: desc + " Hoogstens 2000 tekens, geen namen van gezinsleden."}
	}
	orgIDs := make([]string, len(orgs))
	orgLabels := map[string]string{}
	for i, o := range orgs {
		orgIDs[i] = strconv.FormatInt(o.ID, 10)
		orgLabels[orgIDs[i]] = o.Name
	}
	const pa, esc, iv, ne = "'Gezamenlijke probleemanalyse'", "'Opgeschaald'", "'Ingegrepen'", "'Netwerk of voorliggend veld ingezet'"
	fields := []formField{
		boxes("participants", "Deelnemers uit het gezin", "Bij "+pa+": wie uit het gezin deelnam, naar rol.", domain.Participants, domain.ParticipantLabels),
	}
	if len(orgs) > 0 {
		fields = append(fields, boxes("organisationIds", "Betrokken organisaties die deelnamen", "Bij "+pa+".", orgIDs, orgLabels))
	}
	fields = append(fields,
		boxes("lifeDomains", "Geanalyseerde leefgebieden", "Bij "+pa+".", domain.LifeDomains, domain.LifeDomainLabels),
		text("conclusion", "Gezamenlijke conclusie", "Bij "+pa+": de conclusie die gezin en professionals samen trekken."),
		choose("escalatedTo", "Opgeschaald naar", "Bij "+esc+".", domain.EscalationTargets, domain.EscalationTargetLabels))
	if len(orgs) > 0 {
		fields = append(fields, choose("organisationId", "Organisatie die niet levert", "Bij "+esc+" naar het management van een organisatie.", orgIDs, orgLabels))
	}
	fields = append(fields,
		text("why", "Waarom opgeschaald", "Bij "+esc+"."),
		text("outcome", "Uitkomst", "Bij "+esc+": wat het opschalen opleverde (mag later via een correctie)."),
		choose("mandateUsed", "Doorzettingsmacht of mandaat gebruikt", "Bij "+esc+".", []string{"ja", "nee"}, map[string]string{"ja": "Ja", "nee": "Nee"}),
		choose("concern", "Aanleiding om in te grijpen", "Bij "+iv+".", domain.InterventionConcerns, domain.InterventionConcernLabels),
		boxes("engaged", "Ingezet", "Bij "+ne+".", domain.EngagedKinds, domain.EngagedLabels),
		text("action", "Wat is gedaan of ingezet", "Bij "+iv+" (verplicht) en "+ne+"."),
	)
	return fields
}

// stepDetailsOf reads the details of a structured step from the posted
// form; nil for the other kinds, and for an evaluation without any.
func stepDetailsOf(kind string, v url.Values) *domain.StepDetails {
	if !domain.HasDetails(kind) {
		return nil
	}
	ids := func(name string) []int64 {
		var out []int64
		for _, s := range v[name] {
			if n, err := strconv.ParseInt(s, 10, 64); err == nil {
				out = append(out, n)
			}
		}
		return out
	}
	yes := func(name string) *bool {
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
	d := &domain.StepDetails{Participants: v["participants"], OrganisationIDs: ids("organisationIds"), LifeDomains: v["lifeDomains"],
		Conclusion: v.Get("conclusion"), EscalatedTo: v.Get("escalatedTo"), Why: v.Get("why"), Outcome: v.Get("outcome"),
		MandateUsed: yes("mandateUsed"), Concern: v.Get("concern"), Action: v.Get("action"), Engaged: v["engaged"], PlanAdjusted: yes("planAdjusted")}
	if o := ids("organisationId"); len(o) > 0 {
		d.OrganisationID = &o[0]
	}
	if kind == domain.EventEvaluation && len(d.Participants) == 0 && len(d.OrganisationIDs) == 0 && d.PlanAdjusted == nil {
		return nil
	}
	return d
}

// stepErrors puts the errors of the details on the form's fields.
func stepErrors(e *domain.Error) *domain.Error {
	out := *e
	out.Fields = make([]domain.FieldError, len(e.Fields))
	for i, fe := range e.Fields {
		fe.Name = strings.TrimPrefix(fe.Name, "details.")
		if fe.Name == "details" {
			fe.Name = "kind"
		}
		out.Fields[i] = fe
	}
	return &out
}
