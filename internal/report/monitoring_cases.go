package report

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"

	"regiepool/internal/domain"
)

// StudyCSVOptions choose the flavour of the file study's CSV: Dutch (the
// default: ';', decimal comma, Dutch headers and labels, a UTF-8 BOM so
// Dutch Excel opens it in columns) or RFC 4180 for tools (',', decimal
// point, English keys and codes, no BOM). Municipality says whether the
// municipality column is there (only for a region-wide filter).
type StudyCSVOptions struct {
	RFC4180      bool
	Municipality bool
}

// studyColumn is one column of the file study's CSV: its Dutch header,
// its key for tools, and its value for a case in either flavour.
type studyColumn struct {
	nl, key string
	value   func(c domain.StudyCase, nl bool) string
}

func studyYesNo(v bool, nl bool) string {
	switch {
	case nl && v:
		return "ja"
	case nl:
		return "nee"
	}
	return strconv.FormatBool(v)
}

func studyOptYesNo(v *bool, nl bool) string {
	if v == nil {
		return ""
	}
	return studyYesNo(*v, nl)
}

func studyLabel(code string, labels map[string]string, nl bool) string {
	if nl && labels[code] != "" {
		return labels[code]
	}
	return code
}

func studyNumber(v float64, nl bool) string {
	if nl {
		return domain.FormatNumberTrim(v, 1)
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// studyStepLabel is the Dutch name of a timeline step's kind.
func studyStepLabel(kind string) string {
	if l := domain.EventKindLabels[kind]; l != "" {
		return l
	}
	return studyLabel(kind, domain.TimelineKindLabels, true)
}

var studyColumns = []studyColumn{
	{"Casus", "key", func(c domain.StudyCase, _ bool) string { return c.Key }},
	{"Gemeente", "municipality", func(c domain.StudyCase, _ bool) string { return c.Municipality }},
	{"Aangemeld (jjjj-mm)", "registered", func(c domain.StudyCase, _ bool) string { return c.Registered }},
	{"Status", "status", func(c domain.StudyCase, nl bool) string { return studyLabel(c.Status, domain.CaseStatusLabels, nl) }},
	{"Ouders houden moeilijk regie", "parents_struggle", func(c domain.StudyCase, nl bool) string { return studyYesNo(c.Definition.ParentsStruggle, nl) }},
	{"Problemen op meerdere leefgebieden", "several_domains", func(c domain.StudyCase, nl bool) string { return studyYesNo(c.Definition.SeveralDomains, nl) }},
	{"Meerdere professionals", "several_professionals", func(c domain.StudyCase, nl bool) string {
		return studyYesNo(c.Definition.SeveralProfessionals, nl)
	}},
	{"Hoog risico voor het kind", "high_risk", func(c domain.StudyCase, nl bool) string { return studyYesNo(c.Definition.HighRisk, nl) }},
	{"Voldoet aan werkdefinitie", "meets_definition", func(c domain.StudyCase, nl bool) string { return studyYesNo(c.Definition.Meets, nl) }},
	{"Buiten poolregie", "outside_pool", func(c domain.StudyCase, nl bool) string {
		return studyLabel(c.Definition.OutsidePool, domain.OutsidePoolLabels, nl)
	}},
	{"Leefgebieden", "life_domains", func(c domain.StudyCase, nl bool) string {
		out := make([]string, len(c.LifeDomains))
		for i, d := range c.LifeDomains {
			out[i] = studyLabel(d, domain.LifeDomainLabels, nl)
		}
		return strings.Join(out, " | ")
	}},
	{"Veiligheidsrisico", "safety_risk", func(c domain.StudyCase, nl bool) string { return studyLabel(c.SafetyRisk, domain.SafetyRiskLabels, nl) }},
	{"Urgentie", "urgency", func(c domain.StudyCase, nl bool) string {
		if nl {
			return domain.UrgencyLabel(c.Urgency)
		}
		return strconv.Itoa(c.Urgency)
	}},
	{"Tijdlijn (jjjj-mm stap)", "timeline", func(c domain.StudyCase, nl bool) string {
		out := make([]string, len(c.Timeline))
		for i, s := range c.Timeline {
			k := s.Kind
			if nl {
				k = studyStepLabel(k)
			}
			out[i] = s.Month + " " + k
		}
		return strings.Join(out, " | ")
	}},
	{"Bestede uren", "hours_spent", func(c domain.StudyCase, nl bool) string { return studyNumber(c.HoursSpent, nl) }},
	{"Evaluaties", "evaluations", func(c domain.StudyCase, _ bool) string { return strconv.Itoa(c.Evaluations) }},
	{"Doelen geëvalueerd", "goals_evaluated", func(c domain.StudyCase, _ bool) string { return strconv.Itoa(c.GoalsEvaluated) }},
	{"Doelen bereikt", "goals_reached", func(c domain.StudyCase, _ bool) string { return strconv.Itoa(c.GoalsReached) }},
	{"Zelfredzaamheid (aanmelding → laatste meting)", "self_reliance", func(c domain.StudyCase, nl bool) string {
		var out []string
		for _, d := range c.SelfReliance {
			name := studyLabel(d.LifeDomain, domain.LifeDomainLabels, nl)
			score := func(v *int) string {
				if v == nil {
					return "?"
				}
				return strconv.Itoa(*v)
			}
			s := name + " " + score(d.Intake) + "→" + score(d.Latest)
			if !nl {
				s = name + ":" + score(d.Intake) + ">" + score(d.Latest)
			}
			out = append(out, s)
		}
		return strings.Join(out, " | ")
	}},
	{"Reden afsluiten", "close_reason", func(c domain.StudyCase, nl bool) string {
		return studyLabel(c.CloseReason, domain.CloseReasonLabels, nl)
	}},
	{"Eindtoets: hulp werkt", "help_works", func(c domain.StudyCase, nl bool) string {
		if c.FinalCheck == nil {
			return ""
		}
		return studyOptYesNo(c.FinalCheck.HelpWorks, nl)
	}},
	{"Eindtoets: gezin voert eigen regie", "family_directs_own_life", func(c domain.StudyCase, nl bool) string {
		if c.FinalCheck == nil {
			return ""
		}
		return studyOptYesNo(c.FinalCheck.FamilyDirectsOwnLife, nl)
	}},
	{"Regisseurs", "regisseurs", func(c domain.StudyCase, _ bool) string { return strings.Join(c.Regisseurs, " | ") }},
}

// StudyCSV writes the file study: a header row, then one row per case in
// the export's order. The municipality column is there only with
// o.Municipality (a region-wide filter).
func StudyCSV(w io.Writer, cases []domain.StudyCase, o StudyCSVOptions) error {
	nl := !o.RFC4180
	if nl {
		if _, err := io.WriteString(w, "\ufeff"); err != nil {
			return err
		}
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if nl {
		cw.Comma = ';'
	}
	var cols []studyColumn
	for _, col := range studyColumns {
		if col.key == "municipality" && !o.Municipality {
			continue
		}
		cols = append(cols, col)
	}
	row := make([]string, len(cols))
	for i, col := range cols {
		row[i] = col.key
		if nl {
			row[i] = col.nl
		}
	}
	if err := cw.Write(row); err != nil {
		return err
	}
	for _, c := range cases {
		for i, col := range cols {
			row[i] = col.value(c, nl)
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
