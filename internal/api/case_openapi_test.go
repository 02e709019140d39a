package api

import (
	"encoding/json"
	"fmt"
	"slices"
	"testing"

	"regiepool/internal/domain"
)

// TestOpenAPICaseListsMatchDomain: the code lists, defaults and limits that
// openapi.yaml documents for cases are the domain's, which the use cases
// validate against; the document is written by hand, so this keeps it
// honest when a list changes.
func TestOpenAPICaseListsMatchDomain(t *testing.T) {
	var doc struct {
		Components struct {
			Schemas map[string]struct {
				Enum       []any `json:"enum"`
				Properties map[string]struct {
					Default  any `json:"default"`
					Minimum  any `json:"minimum"`
					Maximum  any `json:"maximum"`
					MaxItems any `json:"maxItems"`
				} `json:"properties"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(OpenAPIJSON, &doc); err != nil {
		t.Fatal(err)
	}
	schemas := doc.Components.Schemas
	for _, tt := range []struct {
		schema string
		want   []string
	}{
		{"CaseStatus", domain.CaseStatuses},
		{"LifeDomain", domain.LifeDomains},
		{"SafetyRisk", domain.SafetyRisks},
		{"OutsidePool", domain.OutsidePoolKinds},
		{"CloseReason", domain.CloseReasons},
		{"CaseEventKind", domain.EventKinds},
	} {
		t.Run(tt.schema, func(t *testing.T) {
			var got []string
			for _, v := range schemas[tt.schema].Enum {
				got = append(got, fmt.Sprint(v))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("openapi.yaml %s enum = %v, want the domain's %v", tt.schema, got, tt.want)
			}
		})
	}
	create := schemas["CaseCreate"].Properties
	for _, tt := range []struct {
		name      string
		got, want any
	}{
		{"arrangementHours default", create["arrangementHours"].Default, domain.DefaultArrangementHours},
		{"expectedWeeks default", create["expectedWeeks"].Default, float64(domain.DefaultExpectedWeeks)},
		{"urgency default", create["urgency"].Default, float64(domain.DefaultUrgency)},
		{"urgency minimum", create["urgency"].Minimum, float64(slices.Min(domain.Urgencies))},
		{"urgency maximum", create["urgency"].Maximum, float64(slices.Max(domain.Urgencies))},
		{"caseIds maxItems", schemas["ProposalRequest"].Properties["caseIds"].MaxItems, float64(domain.MaxProposalCases)},
	} {
		if tt.got != tt.want {
			t.Errorf("openapi.yaml %s = %v, want %v", tt.name, tt.got, tt.want)
		}
	}
}
