package api

import (
	"encoding/json"
	"testing"

	"regiepool/internal/domain"
)

// TestOpenAPICaseReferenceIsTheDomainRule: the case reference at intake and
// a reflection's caseReference are documented with the domain's one rule
// (domain.CaseReferencePattern); caseReference may also be empty.
func TestOpenAPICaseReferenceIsTheDomainRule(t *testing.T) {
	var doc struct {
		Components struct {
			Schemas map[string]struct {
				Properties map[string]struct {
					Pattern   string `json:"pattern"`
					MaxLength int    `json:"maxLength"`
				} `json:"properties"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(OpenAPIJSON, &doc); err != nil {
		t.Fatal(err)
	}
	p := domain.CaseReferencePattern
	optional := "^(" + p[1:len(p)-1] + ")?$"
	for _, tt := range []struct {
		schema, property, want string
	}{
		{"CaseCreate", "reference", p},
		{"ReflectionCreate", "caseReference", optional},
	} {
		got := doc.Components.Schemas[tt.schema].Properties[tt.property]
		if got.Pattern != tt.want || got.MaxLength != domain.MaxCaseReference {
			t.Errorf("%s.%s: pattern %q maxLength %d, want %q and %d", tt.schema, tt.property, got.Pattern, got.MaxLength, tt.want, domain.MaxCaseReference)
		}
	}
}
