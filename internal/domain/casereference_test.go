package domain

import (
	"strings"
	"testing"
	"time"
)

func TestValidCaseReference(t *testing.T) {
	for _, tt := range []struct {
		ref  string
		want bool
	}{
		{"2026-0101", true},
		{"Z-2026-0101", true},
		{"ZAAK-2026-0000000001", true},
		{"JZ/2026/17", true},
		{"2026.00123", true},
		{"Z2026_7", true},
		{"12345", true},
		{"", false},
		{"PietJansen", false},
		{"Fam. Jansen", false},
		{"Jansen-2026", false},
		{"Jan1", false},
		{"Z-2026-Jansen", false},
		{"2026-0101-Piet", false},
		{"ZAAKS-1", false},
		{"z-2026-1", false},
		{"Z--1", false},
		{"1-", false},
		{"Z 2026 0101", false},
		{strings.Repeat("1", 40), true},
		{strings.Repeat("1", 41), false},
	} {
		t.Run(tt.ref, func(t *testing.T) {
			if got := ValidCaseReference(tt.ref); got != tt.want {
				t.Errorf("ValidCaseReference(%q) = %v, want %v", tt.ref, got, tt.want)
			}
		})
	}
}

// TestCaseReference_OneRule: a case at intake and a reflection refuse the
// same names and accept the same numbers, with the same message.
func TestCaseReference_OneRule(t *testing.T) {
	for _, ref := range []string{"PietJansen", "Z-2026-0101"} {
		c := Case{Reference: ref, MunicipalityID: 1, ParentsStruggle: true, HighRisk: true, SafetyRisk: "high"}
		r := Reflection{WrittenOn: time.Now(), CompetencyKey: "zelfkennis", CaseReference: ref, Body: "x"}
		caseErr, reflErr := fieldReason(c.Validate(), "reference"), fieldReason(r.Validate(), "caseReference")
		if caseErr != reflErr || (caseErr == "") != ValidCaseReference(ref) {
			t.Errorf("%q: case says %q, reflection says %q", ref, caseErr, reflErr)
		}
	}
	if r := (Reflection{WrittenOn: time.Now(), CompetencyKey: "zelfkennis", Body: "x"}); r.Validate() != nil {
		t.Errorf("a reflection without a case reference: %v", r.Validate())
	}
}

func fieldReason(err error, name string) string {
	e, ok := AsError(err)
	if !ok {
		return ""
	}
	for _, f := range e.Fields {
		if f.Name == name {
			return f.Reason
		}
	}
	return ""
}
