package domain

import (
	"slices"
	"testing"
	"time"
)

func TestRemindersAhead(t *testing.T) {
	now := time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)
	day := func(n int) time.Time { return time.Date(2026, 3, 2+n, 0, 0, 0, 0, time.UTC) }
	for _, tt := range []struct {
		name     string
		had      int
		deadline time.Time
		want     []int
	}{
		{"new, 10 days left", 0, day(10), []int{7, 2}},
		{"new, 5 days left", 0, day(5), []int{2}},
		{"new, 2 days left: the 2-day reminder would be this morning", 0, day(2), nil},
		{"had the 2-day one, now 20 days left", 1, day(20), []int{7}},
		{"had the 2-day one, now 6 days left", 1, day(6), nil},
		{"had both", 2, day(20), nil},
		{"had none, now 20 days left", 0, day(20), []int{7, 2}},
		{"more than there are", 3, day(20), nil},
	} {
		if got := RemindersAhead(tt.had, tt.deadline, now); !slices.Equal(got, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestRaterTokenIn(t *testing.T) {
	if got := RaterTokenIn("Naar de vragenlijst:\nhttps://x.test/beoordelen/rpr_ab-C_9\n"); got != "rpr_ab-C_9" {
		t.Errorf("got %q", got)
	}
	if got := RaterTokenIn("https://x.test/vragenlijst/rpq_ab"); got != "" {
		t.Errorf("a questionnaire link read as a rater's: %q", got)
	}
}
