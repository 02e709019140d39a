package domain

import (
	"math"
	"testing"
	"time"
)

func TestFormatNumber(t *testing.T) {
	for _, tt := range []struct {
		v    float64
		dec  int
		want string
	}{
		{0, 0, "0"},
		{8.5, 1, "8,5"},
		{2.925, 2, "2,92"}, // binary 2.925 is just under
		{1234.5, 1, "1.234,5"},
		{1234567, 0, "1.234.567"},
		{-1234.56, 2, "-1.234,56"},
		{-0.001, 2, "0,00"},
		{999.999, 2, "1.000,00"},
		{math.NaN(), 2, "–"},
		{math.Inf(1), 0, "–"},
	} {
		if got := FormatNumber(tt.v, tt.dec); got != tt.want {
			t.Errorf("FormatNumber(%v, %d) = %q, want %q", tt.v, tt.dec, got, tt.want)
		}
	}
}

func TestFormatNumberTrim(t *testing.T) {
	for _, tt := range []struct {
		v    float64
		dec  int
		want string
	}{
		{4, 2, "4"},
		{3.5, 2, "3,5"},
		{2.92, 2, "2,92"},
		{1000, 1, "1.000"},
		{-0.001, 2, "0"},
		{math.NaN(), 2, "–"},
	} {
		if got := FormatNumberTrim(tt.v, tt.dec); got != tt.want {
			t.Errorf("FormatNumberTrim(%v, %d) = %q, want %q", tt.v, tt.dec, got, tt.want)
		}
	}
}

func TestFormatDateAndPercent(t *testing.T) {
	d := time.Date(2027, 3, 4, 9, 5, 0, 0, time.UTC)
	if got := FormatDate(d); got != "04-03-2027" {
		t.Errorf("FormatDate = %q", got)
	}
	if got := FormatDate(time.Time{}); got != "–" {
		t.Errorf("FormatDate(zero) = %q", got)
	}
	if got := FormatDateTime(d); got != "04-03-2027 om 09:05" {
		t.Errorf("FormatDateTime = %q", got)
	}
	if got := FormatPercent(1, 3); got != "33%" {
		t.Errorf("FormatPercent(1, 3) = %q", got)
	}
	if got := FormatPercent(1, 0); got != "–" {
		t.Errorf("FormatPercent(1, 0) = %q", got)
	}
}
