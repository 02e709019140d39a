package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"regiepool/internal/domain"
)

// MonitoringCSV writes the monitoring figures as a two-column CSV: a header
// row "indicator,value", then one row per figure, comma-separated, numbers
// with a decimal point, dates as yyyy-mm-dd. The keys are stable:
//
//	period_from, period_to         the registration period (yyyy-mm-dd)
//	municipality                   the municipality's name, or "all"
//	cases                          cases registered in the period
//	meets_definition               of those, meeting the working definition
//	outside_definition             registered although outside it
//	outside_pool                   regie placed outside the pool
//	waiting, assigned, closed      current state of the cases
//	result_area_<k>_<indicator>    result area k = 1..5: each indicator of domain.ResultAreaIndicators
//	                               (e.g. result_area_1_plans_with_family), counted from the case log's steps
//	result_area_<k>_<indicator>_of the whole it is a share of, for the shares (domain.IndicatorIsShare)
//	result_area_<k>_satisfaction_mean  families' mean satisfaction (1-5) with result area k; empty without ratings
//	result_area_<k>_satisfaction_n     number of those ratings
//	voice_<kind>_issued, _answered links handed out and answered at evaluations and closes in the period,
//	                               kind = parent, young_person, party
//	voice_<kind>_<scale>_mean      mean (1-5) of scale = heard, helped, collaboration; empty below the
//	                               anonymity threshold or when the kind is not asked it
//	overrides_<code>               assignments made against an exclusion of that code (with a reason)
//	hours_per_case_<s>             hours spent per case, s = n, mean, median, p90, min, max (empty stats when n = 0)
//	arrangement_hours              the arrangement in hours per case
//	arrangement_hours_per_week     the arrangement spread over a 26-week regie period
//	handovers                      handovers to another regisseur
//	cases_with_handover            cases with at least one handover
//	days_to_assignment_<s>         days from registration to first assignment, s as for hours_per_case
//	close_reason_<label>           closed cases per reason; <label> is the Dutch label in lower case,
//	                               without diacritics, runs of other characters as "_" (e.g.
//	                               close_reason_doelen_bereikt), "unknown" for an empty label
//	generated_at                   when the figures were computed (RFC 3339)
func MonitoringCSV(w io.Writer, m Monitoring) error {
	cw := csv.NewWriter(w)
	rows := monitoringRows(m)
	if err := cw.Write([]string{"indicator", "value"}); err != nil {
		return err
	}
	for _, r := range rows {
		if err := cw.Write([]string{CSVCell(r[0]), CSVCell(r[1])}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func monitoringRows(m Monitoring) [][2]string {
	var rows [][2]string
	add := func(k, v string) { rows = append(rows, [2]string{k, v}) }
	i := func(k string, v int) { add(k, strconv.Itoa(v)) }
	f := func(k string, v float64) { add(k, strconv.FormatFloat(v, 'f', -1, 64)) }
	day := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Format("2006-01-02")
	}
	dist := func(prefix string, d Distribution) {
		i(prefix+"_n", d.N)
		for _, s := range []struct {
			k string
			v float64
		}{{"mean", d.Mean}, {"median", d.Median}, {"p90", d.P90}, {"min", d.Min}, {"max", d.Max}} {
			if d.N == 0 {
				add(prefix+"_"+s.k, "")
			} else {
				f(prefix+"_"+s.k, s.v)
			}
		}
	}
	add("period_from", day(m.From))
	add("period_to", day(m.To))
	mun := m.Municipality
	if mun == "" {
		mun = "all"
	}
	add("municipality", mun)
	i("cases", m.Cases)
	i("meets_definition", m.MeetsDefinition)
	i("outside_definition", m.OutsideDefinition)
	i("outside_pool", m.OutsidePool)
	i("waiting", m.Waiting)
	i("assigned", m.Assigned)
	i("closed", m.Closed)
	for _, ra := range m.ResultAreas {
		prefix := fmt.Sprintf("result_area_%d_", ra.Number)
		for _, ind := range ra.Indicators {
			i(prefix+ind.Key, ind.Value)
			if domain.IndicatorIsShare(ind.Key) {
				i(prefix+ind.Key+"_of", ind.Of)
			}
		}
		if ra.Satisfaction.N == 0 {
			add(prefix+"satisfaction_mean", "")
		} else {
			f(prefix+"satisfaction_mean", ra.Satisfaction.Mean)
		}
		i(prefix+"satisfaction_n", ra.Satisfaction.N)
	}
	for _, v := range m.Voice {
		prefix := "voice_" + v.Kind + "_"
		i(prefix+"issued", v.Issued)
		i(prefix+"answered", v.Answered)
		for _, sc := range []struct {
			k string
			v *float64
		}{{"heard", v.Heard}, {"helped", v.Helped}, {"collaboration", v.Collaboration}} {
			if sc.v == nil {
				add(prefix+sc.k+"_mean", "")
			} else {
				f(prefix+sc.k+"_mean", *sc.v)
			}
		}
	}
	for _, o := range m.Overrides {
		i("overrides_"+o.Code, o.N)
	}
	dist("hours_per_case", m.HoursPerCase)
	f("arrangement_hours", m.ArrangementHours)
	f("arrangement_hours_per_week", roundTo(m.ArrangementHoursPerWeek(), 2))
	i("handovers", m.Handovers)
	i("cases_with_handover", m.CasesWithHandover)
	dist("days_to_assignment", m.DaysToAssignment)
	used := map[string]int{}
	for _, r := range sortedByLabel(m) {
		key := "close_reason_" + slug(r.Label)
		used[key]++
		if n := used[key]; n > 1 {
			key += "_" + strconv.Itoa(n)
		}
		i(key, r.N)
	}
	if !m.GeneratedAt.IsZero() {
		add("generated_at", m.GeneratedAt.Format(time.RFC3339))
	}
	return rows
}

func roundTo(v float64, dec int) float64 {
	p, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'f', dec, 64), 64)
	return p
}

// sortedByLabel orders close reasons by label, for stable CSV rows.
func sortedByLabel(m Monitoring) []ReasonCount {
	out := m.SortedCloseReasons()
	sort.SliceStable(out, func(i, j int) bool { return out[i].Label < out[j].Label })
	return out
}

// fold drops the diacritics of Latin letters.
var fold = strings.NewReplacer(
	"à", "a", "á", "a", "â", "a", "ã", "a", "ä", "a", "å", "a", "æ", "ae",
	"ç", "c", "è", "e", "é", "e", "ê", "e", "ë", "e", "ì", "i", "í", "i", "î", "i", "ï", "i",
	"ñ", "n", "ò", "o", "ó", "o", "ô", "o", "õ", "o", "ö", "o", "ø", "o", "œ", "oe",
	"ù", "u", "ú", "u", "û", "u", "ü", "u", "ý", "y", "ÿ", "y", "ß", "ss", "ĳ", "ij",
)

// slug turns a Dutch label into a key: lower case ASCII letters and digits,
// other runs as "_".
func slug(s string) string {
	var b strings.Builder
	under := false
	for _, r := range fallback.Replace(fold.Replace(strings.ToLower(s))) {
		switch {
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if under && b.Len() > 0 {
				b.WriteByte('_')
			}
			under = false
			b.WriteRune(r)
		default:
			under = true
		}
	}
	if b.Len() == 0 {
		return "unknown"
	}
	return b.String()
}

// CSVCell makes a cell safe to open in a spreadsheet: text starting with
// =, +, -, @, a tab or a carriage return would run as a formula (CSV
// injection), so it gets a leading apostrophe, which spreadsheets show as
// text. Numbers, negative ones included, stay as they are. Every CSV the
// service writes passes its cells through here.
func CSVCell(s string) string {
	if s == "" || !strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return s
	}
	if _, err := strconv.ParseFloat(s, 64); err == nil {
		return s
	}
	return "'" + s
}
