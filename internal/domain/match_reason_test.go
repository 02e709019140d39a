package domain

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func TestCheckOverride(t *testing.T) {
	below := Exclusion{Code: ReasonBelowMinimum, Reason: "Onder het minimum op Daadkrachtig"}
	contra := Exclusion{Code: ReasonContraIndication, Reason: "Onopgeloste contra-indicatie uit de voorselectie"}
	full := Exclusion{Code: ReasonNoCapacity, Reason: "Geen ruimte: 5 van 5 casussen"}
	tests := []struct {
		name      string
		excl      []Exclusion
		reason    string
		wantKey   string // "" when allowed
		wantCodes []string
	}{
		{"qualified, no reason", nil, "", "", nil},
		{"qualified, a reason is ignored", nil, "waarom niet", "", nil},
		{"excluded without a reason", []Exclusion{below}, "", "override_required", nil},
		{"a blank reason", []Exclusion{below, contra}, " \n ", "override_required", nil},
		{"a reason overrides both", []Exclusion{below, contra}, "  Kent het gezin  ", "", []string{ReasonBelowMinimum, ReasonContraIndication}},
		{"a code twice counts once", []Exclusion{below, below}, "reden", "", []string{ReasonBelowMinimum}},
		{"hard only: left to the store", []Exclusion{full}, "", "", nil},
		{"hard and overridable without a reason", []Exclusion{full, below}, "", "override_required", nil},
		{"hard and overridable with a reason", []Exclusion{full, below}, "reden", "", []string{ReasonBelowMinimum}},
		{"too long", []Exclusion{below}, strings.Repeat("x", MaxOverrideReason+1), "invalid_input", nil},
		{"exactly the maximum in runes", []Exclusion{below}, strings.Repeat("é", MaxOverrideReason), "", []string{ReasonBelowMinimum}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o, err := CheckOverride(tc.excl, tc.reason)
			if tc.wantKey != "" {
				e, ok := AsError(err)
				if !ok || e.Key != tc.wantKey {
					t.Fatalf("err %v, want %s", err, tc.wantKey)
				}
				if tc.wantKey == "override_required" && (!slices.Equal(e.Exclusions, tc.excl) || !strings.Contains(e.Message, tc.excl[0].Reason)) {
					t.Errorf("the refusal must name the exclusions: %+v", e)
				}
				return
			}
			if err != nil || !slices.Equal(o.Codes, tc.wantCodes) {
				t.Fatalf("override %+v (%v), want codes %v", o, err, tc.wantCodes)
			}
			if len(o.Codes) > 0 && o.Reason != strings.TrimSpace(tc.reason) {
				t.Errorf("reason %q", o.Reason)
			}
			if len(o.Codes) == 0 && o.Reason != "" {
				t.Errorf("nothing overridden but a reason kept: %q", o.Reason)
			}
		})
	}
}

// TestViewTimelineOverride: the reason of an override speaks of the
// regisseur's development data; only admins, the case's dispatchers and
// that regisseur see it.
func TestViewTimelineOverride(t *testing.T) {
	c := Case{ID: 1, MunicipalityID: 7}
	assigned, earlier := int64(5), int64(6)
	entries := func() []TimelineEntry {
		return []TimelineEntry{{Kind: TimelineAssigned, OccurredOn: time.Now(), RegisseurID: &assigned, OverrideReason: "reden",
			Overridden: []string{ReasonBelowMinimum}}}
	}
	for _, tc := range []struct {
		name   string
		viewer *Actor
		sees   bool
	}{
		{"admin", &Actor{Kind: ActorUser, UserID: 1, Roles: []Role{RoleAdmin}}, true},
		{"dispatcher of the municipality", &Actor{Kind: ActorUser, UserID: 2, Roles: []Role{RoleDispatcher}, MunicipalityIDs: []int64{7}}, true},
		{"the assigned regisseur", &Actor{Kind: ActorUser, UserID: 3, Roles: []Role{RoleRegisseur}, RegisseurID: &assigned}, true},
		{"an earlier regisseur of the case", &Actor{Kind: ActorUser, UserID: 4, Roles: []Role{RoleRegisseur}, RegisseurID: &earlier}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := ViewTimeline(tc.viewer, c, entries())[0]
			if got := e.OverrideReason != "" && len(e.Overridden) == 1; got != tc.sees {
				t.Errorf("sees the override: %v, want %v", got, tc.sees)
			}
		})
	}
}
