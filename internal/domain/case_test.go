package domain

import (
	"errors"
	"slices"
	"testing"
	"time"
)

// TestCaseCodeListsHaveLabels: every code of a list has its Dutch label,
// and no label names a code outside the list.
func TestCaseCodeListsHaveLabels(t *testing.T) {
	for _, tt := range []struct {
		name   string
		codes  []string
		labels map[string]string
	}{
		{"statuses", CaseStatuses, CaseStatusLabels},
		{"life domains", LifeDomains, LifeDomainLabels},
		{"safety risks", SafetyRisks, SafetyRiskLabels},
		{"exceptions", OutsidePoolKinds, OutsidePoolLabels},
		{"close reasons", CloseReasons, CloseReasonLabels},
		{"event kinds", EventKinds, EventKindLabels},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if len(tt.labels) != len(tt.codes) {
				t.Errorf("%d labels for %d codes", len(tt.labels), len(tt.codes))
			}
			for _, c := range tt.codes {
				if tt.labels[c] == "" {
					t.Errorf("no label for %q", c)
				}
			}
		})
	}
	for _, u := range Urgencies {
		if UrgencyLabels[u] == "" || UrgencyLabel(u) != UrgencyLabels[u] {
			t.Errorf("urgency %d has no label", u)
		}
	}
	if got := UrgencyLabel(9); got != "9" {
		t.Errorf("UrgencyLabel(9) = %q, want 9", got)
	}
}

func TestCaseApplyDefaults(t *testing.T) {
	now := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	var c Case
	c.ApplyDefaults(now)
	if c.Urgency != DefaultUrgency || c.ArrangementHours != DefaultArrangementHours || c.ExpectedWeeks != DefaultExpectedWeeks || !c.StartsOn.Equal(now) {
		t.Errorf("defaults: got %+v", c)
	}
	c = Case{Urgency: UrgencyCrisis, ArrangementHours: 12, ExpectedWeeks: 4}
	c.ApplyDefaults(now)
	if c.Urgency != UrgencyCrisis || c.ArrangementHours != 12 || c.ExpectedWeeks != 4 {
		t.Errorf("defaults overwrote input: got %+v", c)
	}
}

func TestCheckCloseReason(t *testing.T) {
	for _, r := range CloseReasons {
		if err := CheckCloseReason(r); err != nil {
			t.Errorf("CheckCloseReason(%q) = %v, want nil", r, err)
		}
	}
	if err := CheckCloseReason("weg"); ErrorCode(err) != EInvalid {
		t.Errorf("CheckCloseReason(weg) = %v, want invalid", err)
	}
}

func TestCaseEventValidate(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	h, zero, three := 2.5, 0.0, 3
	for _, tt := range []struct {
		name   string
		event  CaseEvent
		fields []string // the invalid fields; none means valid
	}{
		{"round table", CaseEvent{Kind: EventRoundTable, OccurredOn: now}, nil},
		{"hours", CaseEvent{Kind: EventHours, OccurredOn: now, Hours: &h}, nil},
		{"satisfaction", CaseEvent{Kind: EventSatisfaction, OccurredOn: now, Score: &three, ResultArea: &three}, nil},
		{"unknown kind and no date", CaseEvent{Kind: "feest"}, []string{"kind", "occurredOn"}},
		{"hours without hours", CaseEvent{Kind: EventHours, OccurredOn: now, Hours: &zero}, []string{"hours"}},
		{"satisfaction without score", CaseEvent{Kind: EventSatisfaction, OccurredOn: now}, []string{"score"}},
		{"in the future", CaseEvent{Kind: EventEvaluation, OccurredOn: now.AddDate(0, 0, 3)}, []string{"occurredOn"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.event.Validate(now)
			var got []string
			var e *Error
			if errors.As(err, &e) {
				for _, f := range e.Fields {
					got = append(got, f.Name)
				}
			}
			if !slices.Equal(got, tt.fields) {
				t.Errorf("invalid fields %v, want %v (err %v)", got, tt.fields, err)
			}
		})
	}
}

func TestCaseRules(t *testing.T) {
	reg := int64(7)
	for _, tt := range []struct {
		name                 string
		actor                *Actor
		dispatch, dispatchIn bool
		log                  bool
		scope                CaseScope
	}{
		{"admin", &Actor{Kind: ActorUser, Roles: []Role{RoleAdmin}}, true, true, true, CaseScope{All: true}},
		{"dispatcher", &Actor{Kind: ActorUser, Roles: []Role{RoleDispatcher}, MunicipalityIDs: []int64{1}}, true, true, true,
			CaseScope{ByMunicipality: true, MunicipalityIDs: []int64{1}}},
		{"dispatcher elsewhere", &Actor{Kind: ActorUser, Roles: []Role{RoleDispatcher}, MunicipalityIDs: []int64{2}}, true, false, false,
			CaseScope{ByMunicipality: true, MunicipalityIDs: []int64{2}}},
		{"regisseur", &Actor{Kind: ActorUser, Roles: []Role{RoleRegisseur}, RegisseurID: &reg}, false, false, true, CaseScope{RegisseurID: &reg}},
		{"coach", &Actor{Kind: ActorUser, Roles: []Role{RoleCoach}}, false, false, false, CaseScope{}},
		{"monitor", &Actor{Kind: ActorUser, Roles: []Role{RoleMonitor}}, false, false, false, CaseScope{}},
		{"anonymous", &Actor{Kind: ActorAnonymous}, false, false, false, CaseScope{}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := CanDispatchCases(tt.actor); got != tt.dispatch {
				t.Errorf("CanDispatchCases = %v, want %v", got, tt.dispatch)
			}
			if got := CanDispatchIn(tt.actor, 1); got != tt.dispatchIn {
				t.Errorf("CanDispatchIn(1) = %v, want %v", got, tt.dispatchIn)
			}
			// An open case of municipality 1, directed by regisseur 7.
			if got := CanLogCase(tt.actor, Case{MunicipalityID: 1, Status: CaseAssigned, RegisseurID: &reg}); got != tt.log {
				t.Errorf("CanLogCase = %v, want %v", got, tt.log)
			}
			got := CaseScopeOf(tt.actor)
			if got.All != tt.scope.All || got.ByMunicipality != tt.scope.ByMunicipality || !slices.Equal(got.MunicipalityIDs, tt.scope.MunicipalityIDs) ||
				(got.RegisseurID == nil) != (tt.scope.RegisseurID == nil) {
				t.Errorf("CaseScopeOf = %+v, want %+v", got, tt.scope)
			}
		})
	}
}

// TestCheckCaseLog: who writes to a case's log, by the case's state.
func TestCheckCaseLog(t *testing.T) {
	current, previous := int64(7), int64(8)
	admin := &Actor{Kind: ActorUser, Roles: []Role{RoleAdmin}}
	dispatcher := &Actor{Kind: ActorUser, Roles: []Role{RoleDispatcher}, MunicipalityIDs: []int64{1}}
	elsewhere := &Actor{Kind: ActorUser, Roles: []Role{RoleDispatcher}, MunicipalityIDs: []int64{2}}
	regisseur := &Actor{Kind: ActorUser, Roles: []Role{RoleRegisseur}, RegisseurID: &current}
	handedOver := &Actor{Kind: ActorUser, Roles: []Role{RoleRegisseur}, RegisseurID: &previous}
	open := Case{MunicipalityID: 1, Status: CaseAssigned, RegisseurID: &current}
	closed := Case{MunicipalityID: 1, Status: CaseClosed}
	for _, tt := range []struct {
		name  string
		a     *Actor
		c     Case
		kind  string
		want  string
		kinds int // len(EventKindsFor)
	}{
		{"admin, open", admin, open, EventHours, "", len(EventKinds)},
		{"dispatcher, open", dispatcher, open, EventHours, "", len(EventKinds) - 1},
		{"dispatcher of another municipality", elsewhere, open, EventHours, EForbidden, 0},
		{"current regisseur", regisseur, open, EventSatisfaction, "", len(EventKinds) - 1},
		{"previous regisseur", handedOver, open, EventHours, EForbidden, 0},
		{"dispatcher's correction", dispatcher, open, EventCorrection, EForbidden, len(EventKinds) - 1},
		{"dispatcher, closed", dispatcher, closed, EventEvaluation, EConflict, 0},
		{"admin, closed", admin, closed, EventEvaluation, EConflict, 1},
		{"admin's correction, closed", admin, closed, EventCorrection, "", 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := ""
			if err := CheckCaseLog(tt.a, tt.c, tt.kind); err != nil {
				got = ErrorCode(err)
			}
			if got != tt.want {
				t.Errorf("CheckCaseLog = %q, want %q", got, tt.want)
			}
			if got := len(EventKindsFor(tt.a, tt.c)); got != tt.kinds {
				t.Errorf("EventKindsFor: %d kinds, want %d", got, tt.kinds)
			}
		})
	}
}
