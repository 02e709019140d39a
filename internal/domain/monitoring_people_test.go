package domain

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestAnonymiseQuote(t *testing.T) {
	long := strings.Repeat("woord ", 60)
	for _, tt := range []struct{ in, want string }{
		{"  Goed   overleg\nmet school ", "Goed overleg met school"},
		{"Casus Z-2026-0101 liep goed", "Casus […] liep goed"},
		{"Zaak 2026.00123 en ZAAK-2026-0000000001", "Zaak […] en […]"},
		{"Na 3 weken en 12 gesprekken", "Na 3 weken en 12 gesprekken"},
		{"", ""},
	} {
		if got := AnonymiseQuote(tt.in); got != tt.want {
			t.Errorf("AnonymiseQuote(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	got := AnonymiseQuote(long)
	if n := utf8.RuneCountInString(got); n > MaxQuoteRunes || !strings.HasSuffix(got, "…") {
		t.Errorf("long quote: %d runes %q", n, got)
	}
}

func TestReflectionMonitoringPart(t *testing.T) {
	ok := Reflection{WrittenOn: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), CompetencyKey: "zelfkennis", Body: "Tekst", WentWell: " goed ", CoachingHelp: ptrInt(5)}
	if err := ok.Validate(); err != nil || ok.WentWell != "goed" {
		t.Errorf("valid: %v %q", err, ok.WentWell)
	}
	for _, r := range []Reflection{
		{CoachingHelp: ptrInt(0)}, {CoachingHelp: ptrInt(6)}, {CouldBeBetter: strings.Repeat("x", MaxReflectionPair+1)},
	} {
		r.WrittenOn, r.CompetencyKey, r.Body = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), "zelfkennis", "Tekst"
		if err := r.Validate(); err == nil {
			t.Errorf("%+v: valid", r)
		}
	}
}

func ptrInt(v int) *int { return &v }
