package domain

import "testing"

func TestCaseMeetsWorkingDefinition(t *testing.T) {
	for _, tt := range []struct {
		name                   string
		parents, several, risk bool
		want                   bool
	}{
		{"parents struggle, several domains", true, true, false, true},
		{"high risk alone: parents cope", false, false, true, true},
		{"parents struggle and high risk, one domain", true, false, true, true},
		{"parents struggle on one domain", true, false, false, false},
		{"several domains, parents cope", false, true, false, false},
		{"nothing", false, false, false, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := Case{ParentsStruggle: tt.parents, SeveralDomains: tt.several, HighRisk: tt.risk}
			if got := c.MeetsWorkingDefinition(); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestCaseValidateConsistency(t *testing.T) {
	base := func() Case {
		return Case{Reference: "Z-1", MunicipalityID: 1, ParentsStruggle: true, SeveralDomains: true, HighRisk: true,
			LifeDomains: []string{"wonen", "werk"}, SafetyRisk: RiskHigh, Urgency: 1, ArrangementHours: 50, ExpectedWeeks: 26}
	}
	for _, tt := range []struct {
		name   string
		change func(c *Case)
		field  string // "" when valid
	}{
		{"consistent", func(c *Case) {}, ""},
		{"high risk with a medium safety risk (development)", func(c *Case) { c.SafetyRisk = RiskMedium }, ""},
		{"several domains, no life domains", func(c *Case) { c.LifeDomains = nil }, "lifeDomains"},
		{"several domains, one life domain", func(c *Case) { c.LifeDomains = []string{"wonen"} }, "lifeDomains"},
		{"two life domains, not several", func(c *Case) { c.SeveralDomains = false }, "severalDomains"},
		{"high risk, low safety risk", func(c *Case) { c.SafetyRisk = RiskLow }, "highRisk"},
		{"high safety risk, no high risk", func(c *Case) { c.HighRisk = false }, "highRisk"},
		{"a life domain twice", func(c *Case) { c.LifeDomains = []string{"wonen", "wonen"} }, "lifeDomains"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := base()
			tt.change(&c)
			err := c.Validate()
			if tt.field == "" {
				if err != nil {
					t.Fatalf("got %v, want valid", err)
				}
				return
			}
			e, _ := AsError(err)
			if e == nil || e.Code != EInvalid || len(e.Fields) != 1 || e.Fields[0].Name != tt.field {
				t.Fatalf("got %v, want invalid %s", err, tt.field)
			}
		})
	}
}
