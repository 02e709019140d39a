package app

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"regiepool/internal/domain"
	"regiepool/internal/report"
)

// ExportMyDataPDF writes the readable version of ExportMyData (the same
// data, the provider's report named rather than embedded) and audits the
// export.
func (a *App) ExportMyDataPDF(ctx context.Context, w io.Writer) error {
	e, err := a.ExportMyData(ctx)
	if err != nil {
		return err
	}
	return report.PersonalDataPDF(w, exportDocument(e))
}

func exportDocument(e Export) report.PersonalData {
	p := e.Profile
	roles := make([]string, len(p.Roles))
	for i, r := range p.Roles {
		roles[i] = domain.RoleLabels[domain.Role(r)]
	}
	doc := report.PersonalData{GeneratedAt: e.GeneratedAt, Name: p.Name, Sections: []report.DataSection{{
		Title: "Account",
		Facts: [][2]string{{"Naam", p.Name}, {"E-mailadres", p.Email}, {"Rollen", strings.Join(roles, ", ")},
			{"Aangemaakt", domain.FormatDate(p.CreatedAt)}},
	}}}
	if r := e.Regisseur; r != nil {
		doc.Sections = append(doc.Sections, regisseurSections(*r)...)
	}
	return doc
}

func regisseurSections(r ExportRegisseur) []report.DataSection {
	ms := report.DataSection{Title: "Lidmaatschap van de pool", Empty: "Geen lidmaatschap."}
	for _, m := range r.Memberships {
		it := report.DataItem{Title: fmt.Sprintf("Lidmaatschap %d (%s)", m.ID, m.OrganisationName), Facts: [][2]string{
			{"Status", domain.MembershipLabels[domain.MembershipStatus(m.Status)]},
			{"Uren per week", domain.FormatNumberTrim(m.HoursPerWeek, 1)}, {"Maximaal casussen", fmt.Sprint(m.MaxCases)},
			{"Sinds", domain.FormatDate(m.CreatedAt)}}}
		if m.Motivation != "" {
			it.Text = append(it.Text, "Motivatie: "+m.Motivation)
		}
		for _, t := range m.History {
			line := domain.FormatDateTime(t.At) + ": " + domain.MembershipLabels[domain.MembershipStatus(t.To)]
			if t.Reason != "" {
				line += " — " + t.Reason
			}
			it.Text = append(it.Text, line)
		}
		if ps := m.PreSelection; ps != nil {
			it.Facts = append(it.Facts, [2]string{"Preselectie", domain.OutcomeLabels[ps.Outcome] + " (" + ps.Instrument + ", " + ps.Provider + ")"})
			if len(ps.Pitfalls) > 0 {
				it.Facts = append(it.Facts, [2]string{"Valkuilen", strings.Join(ps.Pitfalls, "; ")})
			}
			if len(ps.AttentionPoints) > 0 {
				it.Facts = append(it.Facts, [2]string{"Aandachtspunten", strings.Join(ps.AttentionPoints, "; ")})
			}
			if ps.ReportFilename != "" {
				it.Facts = append(it.Facts, [2]string{"Rapport", ps.ReportFilename + " (bijgevoegd in het JSON-bestand)"})
			}
		}
		ms.Items = append(ms.Items, it)
	}
	self := report.DataSection{Title: "Zelfbeoordelingen", Empty: "Geen zelfbeoordelingen."}
	for _, s := range r.SelfAssessments {
		it := report.DataItem{Title: fmt.Sprintf("Zelfbeoordeling van %s (%s)", domain.FormatDate(s.CreatedAt), s.Status)}
		for _, k := range sortedKeys(s.Answers) {
			a := s.Answers[k]
			score := "kan ik niet beoordelen"
			if a.Score != nil {
				score = fmt.Sprint(*a.Score)
			}
			it.Facts = append(it.Facts, [2]string{k, strings.TrimSpace(score + " " + a.Comment)})
		}
		self.Items = append(self.Items, it)
	}
	res := report.DataSection{Title: "360-feedback", Empty: "Nog geen afgeronde feedbackronde.",
		Note: fmt.Sprintf("Zoals u de resultaten ook in Regiepool ziet: gemiddelden per groep vanaf %d beoordelaars, nooit de antwoorden van één beoordelaar.", r.Results.MinRaters)}
	if r.Results.RoundID != nil {
		for _, it := range r.Results.Items {
			v := "anderen –"
			if it.Others != nil {
				v = "anderen " + domain.FormatNumber(it.Others.Mean, 1) + " (n=" + fmt.Sprint(it.Others.N) + ")"
			}
			if it.Self != nil {
				v += ", zelf " + fmt.Sprint(*it.Self)
			}
			item := report.DataItem{Title: it.Name, Facts: [][2]string{{"Score", v}}}
			for _, g := range it.Groups {
				item.Facts = append(item.Facts, [2]string{g.Group.Label(), domain.FormatNumber(g.Mean, 1) + " (n=" + fmt.Sprint(g.N) + ")"})
			}
			for _, c := range it.Comments {
				item.Text = append(item.Text, "“"+c+"”")
			}
			res.Items = append(res.Items, item)
		}
	}
	refl := report.DataSection{Title: "Reflecties", Empty: "Geen reflecties."}
	for _, x := range r.Reflections {
		it := report.DataItem{Title: "Reflectie van " + x.WrittenOn + " (" + x.CompetencyKey + ")", Text: []string{x.Body}}
		if x.CaseReference != "" {
			it.Facts = append(it.Facts, [2]string{"Casus", x.CaseReference})
		}
		for _, rp := range x.Replies {
			it.Text = append(it.Text, "Reactie van "+rp.Author+" ("+domain.FormatDate(rp.At)+"): "+rp.Body)
		}
		refl.Items = append(refl.Items, it)
	}
	goals := report.DataSection{Title: "Ontwikkeldoelen", Empty: "Geen ontwikkeldoelen."}
	for _, g := range r.Goals {
		goals.Items = append(goals.Items, report.DataItem{Title: g.CompetencyKey + ": " + g.Description, Facts: [][2]string{
			{"Status", domain.GoalStatusLabels[g.Status]}, {"Streefdatum", g.TargetDate}, {"Acties", strings.Join(g.Actions, "; ")}}})
	}
	cases := report.DataSection{Title: "Casussen", Empty: "Geen casussen.", Note: "Alleen het pseudonieme kenmerk: niets over het gezin."}
	for _, c := range r.Cases {
		end := "loopt"
		if c.EndedAt != nil {
			end = domain.FormatDate(*c.EndedAt)
		}
		cases.Facts = append(cases.Facts, [2]string{c.Reference, c.Municipality + ", " + domain.FormatDate(c.AssignedAt) + " – " + end})
	}
	acc := report.DataSection{Title: "Wie heeft uw gegevens ingezien of gewijzigd", Empty: "Niemand anders."}
	for _, x := range r.Accesses {
		who := domain.ReaderLabels[x.Role]
		if x.Name != nil {
			who += " " + *x.Name
		}
		acc.Facts = append(acc.Facts, [2]string{domain.FormatDateTime(x.At), who + ": " + recordLabel(x.RecordType) + " " + actionLabel(x.Action)})
	}
	intervisie := report.DataSection{Title: "Intervisie", Facts: [][2]string{{"Uitgenodigd", fmt.Sprint(r.Attendance.Invited)},
		{"Aanwezig", fmt.Sprint(r.Attendance.Attended)}}}
	return []report.DataSection{{Title: "Regisseur", Facts: [][2]string{{"Naam", r.Name}, {"Sinds", domain.FormatDate(r.CreatedAt)}}},
		ms, self, res, refl, goals, intervisie, cases, acc}
}

func recordLabel(t string) string {
	if l, ok := domain.RecordTypeLabels[t]; ok {
		return l
	}
	return t
}

func actionLabel(a string) string {
	if l, ok := domain.ActionLabels[a]; ok {
		return l
	}
	return a
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
