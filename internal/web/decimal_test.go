package web

import (
	"errors"
	"testing"
)

// TestParseDecimal: a comma and a point are both the decimal sign; more than
// one separator is ambiguous and refused, never guessed (issue 16, item 8).
func TestParseDecimal(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want float64
		err  error
	}{
		{"12,5", 12.5, nil},
		{"12.5", 12.5, nil},
		{" 16 ", 16, nil},
		{"0,25", 0.25, nil},
		{",5", 0.5, nil},
		{"1.250", 1.25, nil}, // one separator is a decimal sign; the page says how it was read
		{"-3", -3, nil},      // the range check speaks, not the parser
		{"1.250,5", 0, errDecimalAmbiguous},
		{"1,250.5", 0, errDecimalAmbiguous},
		{"1.250.000", 0, errDecimalAmbiguous},
		{"12,,5", 0, errDecimalAmbiguous},
		{"", 0, errDecimalSyntax},
		{",", 0, errDecimalSyntax},
		{"12 uur", 0, errDecimalSyntax},
		{"1e3", 0, errDecimalSyntax},
		{"NaN", 0, errDecimalSyntax},
		{"Inf", 0, errDecimalSyntax},
		{"0x10", 0, errDecimalSyntax},
		{"1-2", 0, errDecimalSyntax},
	} {
		got, err := parseDecimal(tc.in)
		if !errors.Is(err, tc.err) || (tc.err == nil && got != tc.want) {
			t.Errorf("parseDecimal(%q) = %v, %v; want %v, %v", tc.in, got, err, tc.want, tc.err)
		}
	}
}

func TestDecimalMessages(t *testing.T) {
	for _, tc := range []struct{ in, reason, understood string }{
		{"1.250,5", decimalAmbiguousReason, ""},
		{"1,250.5", decimalAmbiguousReason, ""},
		{"twaalf", "eigen", ""},
		{"12.5", "eigen", " Begrepen als 12,5 uur."},
		{"12,5", "eigen", ""}, // typed the Dutch way: nothing to add
		{"16", "eigen", ""},
		{"12.50", "eigen", " Begrepen als 12,5 uur."},
	} {
		if got := decimalReason(tc.in, "eigen"); got != tc.reason {
			t.Errorf("decimalReason(%q) = %q, want %q", tc.in, got, tc.reason)
		}
		if got := understoodHours(tc.in); got != tc.understood {
			t.Errorf("understoodHours(%q) = %q, want %q", tc.in, got, tc.understood)
		}
	}
	if got := inputNumber(37.5); got != "37,5" {
		t.Errorf("inputNumber(37.5) = %q, want 37,5", got)
	}
}
