package app

import (
	"context"
	"slices"
	"strings"

	"regiepool/internal/domain"
	"regiepool/internal/report"
)

// regisseurKind is the kind of party of the regisseurs' own voice in
// question 6's figures and quotes.
const regisseurKind = "regisseur"

// The aspects of a quote.
const (
	aspectWentWell      = "Ging goed"
	aspectCouldBeBetter = "Kan beter"
)

// question6 answers "Wat ging goed en wat minder, per soort betrokkene?":
//   - parents, young people and other parties: the questionnaires whose
//     moment (evaluation or close) lies in the period, of the cases of the
//     municipality when one is chosen (App.VoiceAcrossCases; the pool round
//     does not narrow them): answers and means per kind (N: the answers),
//     and from the threshold (minCell, never below the voice's own) quotes;
//   - regisseurs: the reflections written in the period that their
//     regisseurs marked for monitoring (of the round's regisseurs when a
//     pool round is chosen): their number (N: the regisseurs), and quotes
//     of their "what went well / what could be better" pair only from
//     minCell regisseurs on.
//
// Quotes: at most domain.MaxQuotesPerKind per kind, alphabetical within an
// aspect, anonymised (domain.AnonymiseQuote), with no name, date or case.
func (a *App) question6(ctx context.Context, f domain.MonitoringFilter, minCell int) (report.Question, error) {
	q := newQuestion(6)
	tallies, answers, err := a.db.VoiceAcrossCases(ctx, domain.VoiceFilter{From: f.From, To: f.To, MunicipalityID: f.MunicipalityID})
	if err != nil {
		return q, err
	}
	refl, err := a.db.MonitoringReflections(ctx, f)
	if err != nil {
		return q, err
	}
	var parts []string
	for _, s := range domain.SummarizeVoice(tallies, answers, max(minCell, a.MinRaters())) {
		kind, label := string(s.Kind), domain.RespondentKindLabels[s.Kind]
		n := s.Answered
		fa := fig(kind+".answered", label+": beantwoorde vragenlijsten", float64(n), n, report.UnitCount, minCell)
		q.Figures = append(q.Figures, fa)
		type scale struct {
			key, label string
			v          *float64
		}
		scales := []scale{{"heard", "gehoord", s.Heard}, {"helped", "geholpen", s.Helped}}
		if !s.Kind.Family() {
			scales = []scale{{"collaboration", "samenwerking met de regisseur", s.Collaboration}}
		}
		var said []string
		for _, sc := range scales {
			fm := emptyFig(kind+"."+sc.key, label+": "+sc.label+" (gemiddeld, 1–5)", report.UnitMean)
			if s.Shown && sc.v != nil {
				fm = fig(fm.Key, fm.Label, *sc.v, n, report.UnitMean, minCell)
			}
			q.Figures = append(q.Figures, fm)
			said = append(said, sc.label+" "+say(fm))
		}
		if s.Shown && n >= minCell {
			q.Quotes = append(q.Quotes, pickQuotes(kind, label, s.WentWell, s.CouldBeBetter)...)
		}
		lower := strings.ToLower(label[:1]) + label[1:]
		if fa.Value == nil {
			parts = append(parts, lower+": "+tooFew)
		} else {
			parts = append(parts, lower+" ("+say(fa)+" antwoorden): "+joinDutch(said))
		}
	}
	regs := map[int64]bool{}
	var well, better []string
	for _, r := range refl {
		regs[r.RegisseurID] = true
		if r.WentWell != "" {
			well = append(well, r.WentWell)
		}
		if r.CouldBeBetter != "" {
			better = append(better, r.CouldBeBetter)
		}
	}
	fr := fig(regisseurKind+".reflections", "Regisseurs: reflecties gemarkeerd voor de monitoring", float64(len(refl)), len(regs), report.UnitCount, minCell)
	q.Figures = append(q.Figures, fr)
	if len(regs) >= minCell {
		q.Quotes = append(q.Quotes, pickQuotes(regisseurKind, "Regisseurs", well, better)...)
	}
	parts = append(parts, "regisseurs: "+say(fr)+" gemarkeerde reflecties")
	q.Answer = "Vragenlijsten en reflecties in de periode: " + strings.Join(parts, "; ") + "."
	if len(q.Quotes) > 0 {
		q.Answer += " Geanonimiseerde citaten staan bij de vraag."
	}
	return q, nil
}

// pickQuotes chooses at most domain.MaxQuotesPerKind quotes of one kind:
// up to three of what went well and the rest of what could be better (the
// other aspect fills up when one has fewer), each anonymised, alphabetical
// within its aspect, without duplicates.
func pickQuotes(kind, label string, wentWell, couldBeBetter []string) []report.Quote {
	prep := func(ts []string) []string {
		var out []string
		for _, t := range ts {
			if t = domain.AnonymiseQuote(t); t != "" {
				out = append(out, t)
			}
		}
		slices.SortFunc(out, func(a, b string) int {
			if c := strings.Compare(strings.ToLower(a), strings.ToLower(b)); c != 0 {
				return c
			}
			return strings.Compare(a, b)
		})
		return slices.Compact(out)
	}
	well, better := prep(wentWell), prep(couldBeBetter)
	nWell := min(len(well), max(domain.MaxQuotesPerKind-len(better), (domain.MaxQuotesPerKind+1)/2))
	nBetter := min(len(better), domain.MaxQuotesPerKind-nWell)
	var out []report.Quote
	for _, t := range well[:nWell] {
		out = append(out, report.Quote{Kind: kind, Label: label, Aspect: aspectWentWell, Text: t})
	}
	for _, t := range better[:nBetter] {
		out = append(out, report.Quote{Kind: kind, Label: label, Aspect: aspectCouldBeBetter, Text: t})
	}
	return out
}
