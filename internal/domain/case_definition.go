package domain

import "slices"

// MeetsWorkingDefinition applies the pilot's working definition of a
// complex case: (the parents struggle to keep regie AND there are problems
// on several life domains) OR there is a high risk to the safety or
// development of the child. A high risk alone is enough (DOMAIN.md).
func (c *Case) MeetsWorkingDefinition() bool {
	return (c.ParentsStruggle && c.SeveralDomains) || c.HighRisk
}

// checkDefinition reports where the definition checklist contradicts the
// rest of the assessment; each rule names the field to correct:
//   - "problems on several life domains" needs at least two life domains,
//     and two or more life domains mean several (field lifeDomains);
//   - a high risk cannot go with a low safety risk, and a high safety risk
//     is a high risk (field highRisk);
//   - a life domain is named once (field lifeDomains).
func (c *Case) checkDefinition() []FieldError {
	var fe []FieldError
	n := len(c.LifeDomains)
	switch {
	case c.SeveralDomains && n < 2:
		fe = append(fe, FieldError{Name: "lifeDomains", Code: "consistent",
			Reason: "U geeft aan dat er problemen zijn op meerdere leefgebieden: kies er dan minstens twee."})
	case !c.SeveralDomains && n >= 2:
		fe = append(fe, FieldError{Name: "severalDomains", Code: "consistent",
			Reason: "U kiest meerdere leefgebieden: vink dan ook 'problemen op meerdere leefgebieden' aan."})
	}
	switch {
	case c.HighRisk && c.SafetyRisk == RiskLow:
		fe = append(fe, FieldError{Name: "highRisk", Code: "consistent",
			Reason: "Een hoog risico voor de veiligheid of ontwikkeling van het kind past niet bij een laag veiligheidsrisico."})
	case !c.HighRisk && c.SafetyRisk == RiskHigh:
		fe = append(fe, FieldError{Name: "highRisk", Code: "consistent",
			Reason: "Een hoog veiligheidsrisico is een hoog risico voor het kind: vink dat ook aan."})
	}
	seen := map[string]bool{}
	for _, d := range c.LifeDomains {
		if seen[d] && slices.Contains(LifeDomains, d) {
			fe = append(fe, FieldError{Name: "lifeDomains", Code: "unique", Reason: "Het leefgebied " + d + " staat er twee keer in."})
		}
		seen[d] = true
	}
	return fe
}
