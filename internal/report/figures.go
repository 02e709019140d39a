package report

import (
	"regiepool/internal/domain"
)

// Suppressed is how every output writes a figure or bar that is held back
// by the small-cell rule.
const Suppressed = "te weinig gegevens"

// ValueText writes a value in unit the Dutch way: a count as a whole
// number, a percentage with "%", a mean with one decimal, hours and days
// with their unit, a change with its sign.
func ValueText(v float64, unit string) string {
	switch unit {
	case UnitCount:
		return domain.FormatNumber(v, 0)
	case UnitPercent:
		return domain.FormatNumberTrim(v, 0) + "%"
	case UnitMean:
		return domain.FormatNumber(v, 1)
	case UnitHours:
		return domain.FormatNumberTrim(v, 1) + " uur"
	case UnitDays:
		return domain.FormatNumberTrim(v, 1) + " dagen"
	case UnitWeeks:
		return domain.FormatNumberTrim(v, 1) + " weken"
	case UnitChange:
		s := domain.FormatNumber(v, 1)
		if v > 0 {
			s = "+" + s
		}
		return s
	}
	return domain.FormatNumberTrim(v, 2)
}

// Text is the figure's value as ValueText writes it, or Suppressed.
func (f Figure) Text() string {
	if f.Value == nil {
		return Suppressed
	}
	return ValueText(*f.Value, f.Unit)
}

// Text is the bar's value as ValueText writes it in unit, or Suppressed.
func (b ChartBar) Text(unit string) string {
	if b.Value == nil {
		return Suppressed
	}
	return ValueText(*b.Value, unit)
}

// UnitLabels are the Dutch names of the units, for the Dutch CSV.
var UnitLabels = map[string]string{
	UnitCount: "aantal", UnitPercent: "procent", UnitMean: "gemiddelde (1–5)", UnitHours: "uren", UnitDays: "dagen", UnitWeeks: "weken", UnitChange: "verschil",
}

// NiceMax rounds an axis maximum up to 1, 2, 2,5 or 5 times a power of ten.
func NiceMax(v float64) float64 { return niceMax(v) }
