package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"regiepool/internal/app"
	"regiepool/internal/domain"
)

// The intake form of a dispatcher: a case is registered by its zaaknummer,
// never by names, with what matching and monitoring need.

type caseNewPage struct {
	BasePage
	Form           form
	NoMunicipality bool
}

// caseInput is the intake form as typed.
type caseInput struct {
	Reference, ZaakURL, ZaakIdentificatie, Bronorganisatie string
	MunicipalityID                                         string
	ParentsStruggle, SeveralDomains                        bool
	SeveralProfessionals, HighRisk                         bool
	DefinitionReason                                       string
	LifeDomains                                            []string
	SafetyRisk, Urgency                                    string
	ArrangementHours, ExpectedWeeks                        string
	LeansOn, Organisations                                 []string
	EarlierCaseID                                          string
	OutsidePool, OutsideReason                             string
	StartsOn                                               string
	// SelfReliance holds the selfReliance-<domain> scores as typed.
	SelfReliance url.Values
}

func yes(b bool) string {
	if b {
		return "ja"
	}
	return ""
}

// caseDefinitionChecks are the checklist of the working definition: the form
// name and the statement.
var caseDefinitionChecks = []struct{ name, label string }{
	{"parentsStruggle", "Ouders hebben moeite de regie te houden"},
	{"severalDomains", "Er zijn problemen op meerdere leefgebieden"},
	{"severalProfessionals", "Er zijn meerdere hulpverleners betrokken"},
	{"highRisk", "Er is een groot risico voor de veiligheid of de ontwikkeling van het kind"},
}

// caseNewInputDefaults is the intake form before anything is typed, with
// the domain's defaults.
func caseNewInputDefaults() caseInput {
	return caseInput{Urgency: strconv.Itoa(domain.DefaultUrgency), ArrangementHours: inputNumber(domain.DefaultArrangementHours),
		ExpectedWeeks: strconv.Itoa(domain.DefaultExpectedWeeks), StartsOn: time.Now().Format(isoDay)}
}

func caseNewForm(in caseInput, o app.CaseIntake) form {
	f := form{Action: caseNewPath, summary: map[string]string{}}
	mun := formField{Name: "municipalityId", Label: "Gemeente", Kind: "select"}
	if len(o.Municipalities) != 1 {
		mun.Options = append(mun.Options, formOption{Value: "", Label: "Kies een gemeente", Checked: in.MunicipalityID == ""})
	}
	for _, m := range o.Municipalities {
		v := strconv.FormatInt(m.ID, 10)
		mun.Options = append(mun.Options, formOption{Value: v, Label: m.Name, Checked: in.MunicipalityID == v})
	}
	f.Fields = append(f.Fields,
		formField{Name: "reference", Label: "Zaaknummer", Kind: "text", Value: in.Reference, Required: true, Autocomplete: "off",
			Description: domain.CaseReferenceHint},
		formField{Name: "zaakUrl", Label: "Zaak-URL", Kind: "url", Value: in.ZaakURL, Optional: true, Autocomplete: "off",
			Description: "Het adres van de zaak in het zaaksysteem (Zaakgericht Werken), begint met https://."},
		formField{Name: "zaakIdentificatie", Label: "Zaakidentificatie", Kind: "text", Value: in.ZaakIdentificatie, Optional: true, Autocomplete: "off",
			Description: "De identificatie van de zaak in het zaaksysteem, hoogstens 40 tekens."},
		formField{Name: "bronorganisatie", Label: "Bronorganisatie (RSIN)", Kind: "text", Value: in.Bronorganisatie, Optional: true,
			Autocomplete: "off", Inputmode: "numeric", Description: "Het RSIN van de organisatie die de zaak beheert: negen cijfers."},
		mun,
		formField{Name: "definition", Label: "Werkdefinitie complexe casus", Kind: "group",
			Description: "Vink aan wat voor dit gezin geldt. Een casus is complex als de ouders moeite hebben de regie te houden én er problemen zijn op meerdere leefgebieden, of als er een groot risico is voor de veiligheid of ontwikkeling van het kind (dat alleen is genoeg). Meerdere leefgebieden vraagt minstens twee gekozen leefgebieden; een groot risico past niet bij een laag veiligheidsrisico, en een hoog veiligheidsrisico is een groot risico."},
	)
	checks := map[string]bool{"parentsStruggle": in.ParentsStruggle, "severalDomains": in.SeveralDomains,
		"severalProfessionals": in.SeveralProfessionals, "highRisk": in.HighRisk}
	for _, d := range caseDefinitionChecks {
		f.Fields = append(f.Fields, formField{Name: d.name, Label: d.label, Kind: "check", Value: yes(checks[d.name])})
	}
	f.Fields = append(f.Fields, formField{Name: "definitionReason", Label: "Reden als de casus niet aan de werkdefinitie voldoet", Kind: "textarea",
		Value: in.DefinitionReason, Optional: true,
		Description: "Alleen nodig als de casus niet aan de werkdefinitie hierboven voldoet: leg uit waarom u hem toch aanmeldt voor poolregie. Hoogstens 2000 tekens, geen namen."})

	domains := formField{Name: "lifeDomains", Label: "Leefgebieden met problemen", Kind: "checkboxes", Description: "Kies alle leefgebieden die spelen."}
	for _, d := range domain.LifeDomains {
		domains.Options = append(domains.Options, formOption{Value: d, Label: domain.LifeDomainLabels[d], Checked: slices.Contains(in.LifeDomains, d)})
	}
	risk := formField{Name: "safetyRisk", Label: "Veiligheidsrisico", Kind: "radios"}
	for _, r := range domain.SafetyRisks {
		risk.Options = append(risk.Options, formOption{Value: r, Label: domain.SafetyRiskLabels[r], Checked: in.SafetyRisk == r})
	}
	urgency := formField{Name: "urgency", Label: "Urgentie", Kind: "radios"}
	for _, u := range domain.Urgencies {
		v := strconv.Itoa(u)
		urgency.Options = append(urgency.Options, formOption{Value: v, Label: domain.UrgencyLabels[u], Checked: in.Urgency == v})
	}
	f.Fields = append(f.Fields, domains, risk, urgency,
		formField{Name: "arrangementHours", Label: "Regiearrangement in uren", Kind: "text", Value: in.ArrangementHours, Required: true,
			Autocomplete: "off", Inputmode: "decimal",
			Description: "Het totaal aantal uren regie, meer dan 0 en hoogstens 1000; standaard " + caseHours(domain.DefaultArrangementHours) + "." + understoodHours(in.ArrangementHours)},
		formField{Name: "expectedWeeks", Label: "Verwachte duur in weken", Kind: "count", Value: in.ExpectedWeeks, Required: true,
			Description: "Van 1 tot en met 260 weken; standaard " + strconv.Itoa(domain.DefaultExpectedWeeks) + "."},
	)

	leans := formField{Name: "leansOn", Label: "Competenties waar de casus op leunt", Kind: "checkboxes",
		Description: "Niet verplicht. Een regisseur die op een gekozen competentie onder de norm scoort, valt af bij het zoeken.",
		Empty:       "Er is nog geen competentieprofiel."}
	for _, it := range o.Competencies {
		leans.Options = append(leans.Options, formOption{Value: it.Key, Label: it.Name, Checked: slices.Contains(in.LeansOn, it.Key)})
	}
	orgs := formField{Name: "involvedOrganisationIds", Label: "Organisaties die al betrokken zijn bij het gezin", Kind: "checkboxes",
		Description: "Niet verplicht. Regisseurs van deze organisaties zijn niet onafhankelijk en krijgen de casus niet.",
		Empty:       "Er zijn nog geen organisaties."}
	for _, org := range o.Organisations {
		v := strconv.FormatInt(org.ID, 10)
		orgs.Options = append(orgs.Options, formOption{Value: v, Label: org.Name, Checked: slices.Contains(in.Organisations, v)})
	}
	earlier := formField{Name: "earlierCaseId", Label: "Eerdere casus van hetzelfde gezin", Kind: "select", Optional: true,
		Description: "Bij een eerdere casus komt de regisseur van toen als eerste in aanmerking, als die geschikt en beschikbaar is."}
	earlier.Options = append(earlier.Options, formOption{Value: "", Label: "Geen eerdere casus", Checked: in.EarlierCaseID == ""})
	for _, k := range o.Cases {
		v := strconv.FormatInt(k.ID, 10)
		earlier.Options = append(earlier.Options, formOption{Value: v, Label: k.Reference + " (" + strings.ToLower(labelOr(domain.CaseStatusLabels, k.Status)) + ")",
			Checked: in.EarlierCaseID == v})
	}
	outside := formField{Name: "outsidePool", Label: "Buiten poolregie", Kind: "select",
		Description: "Alleen als een uitzondering geldt: dan voert een ander de regie en zoekt de pool geen regisseur."}
	outside.Options = append(outside.Options, formOption{Value: "", Label: "Nee, de pool voert de regie", Checked: in.OutsidePool == ""})
	for _, k := range domain.OutsidePoolKinds {
		outside.Options = append(outside.Options, formOption{Value: k, Label: domain.OutsidePoolLabels[k], Checked: in.OutsidePool == k})
	}
	f.Fields = append(f.Fields, leans, orgs, earlier, outside,
		formField{Name: "outsideReason", Label: "Reden buiten poolregie", Kind: "textarea", Value: in.OutsideReason, Optional: true,
			Description: "Alleen bij een uitzondering: waarom valt de casus buiten de poolregie? Hoogstens 2000 tekens, geen namen."},
		formField{Name: "startsOn", Label: "Startdatum", Kind: "date", Value: in.StartsOn, Required: true,
			Description: "Vanaf wanneer de regie nodig is."},
	)
	// The family's self-reliance at intake: the first measurement of the
	// change monitoring follows to the close.
	for _, fl := range selfRelianceFields(selfReliancePrefix, nil, in.SelfReliance) {
		fl.Description = ""
		f.Fields = append(f.Fields, fl)
	}
	return f
}

func (p *Pages) showCaseNew(c *gin.Context, status int, f form, o app.CaseIntake) {
	p.render(c, status, "case_new", caseNewPage{BasePage: p.base(c, formTitle("Casus aanmelden", f)),
		Form: f, NoMunicipality: len(o.Municipalities) == 0})
}

func (p *Pages) handleCaseForm(c *gin.Context) error {
	o, err := p.App.CaseIntake(c.Request.Context())
	if err != nil {
		return err
	}
	in := caseNewInputDefaults()
	if len(o.Municipalities) == 1 {
		in.MunicipalityID = strconv.FormatInt(o.Municipalities[0].ID, 10)
	}
	p.showCaseNew(c, http.StatusOK, caseNewForm(in, o), o)
	return nil
}

// caseIDs reads ticked ids, each one of known.
func caseIDs(raw []string, known map[int64]bool) ([]int64, bool) {
	ids := []int64{}
	for _, s := range raw {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || !known[n] {
			return nil, false
		}
		ids = append(ids, n)
	}
	return ids, true
}

// caseInputOf reads the intake form as typed.
func caseInputOf(c *gin.Context) caseInput {
	return caseInput{Reference: c.PostForm("reference"), ZaakURL: strings.TrimSpace(c.PostForm("zaakUrl")),
		ZaakIdentificatie: strings.TrimSpace(c.PostForm("zaakIdentificatie")), Bronorganisatie: strings.TrimSpace(c.PostForm("bronorganisatie")),
		MunicipalityID: c.PostForm("municipalityId"), ParentsStruggle: c.PostForm("parentsStruggle") == "ja",
		SeveralDomains: c.PostForm("severalDomains") == "ja", SeveralProfessionals: c.PostForm("severalProfessionals") == "ja",
		HighRisk: c.PostForm("highRisk") == "ja", DefinitionReason: c.PostForm("definitionReason"), LifeDomains: c.PostFormArray("lifeDomains"),
		SafetyRisk: c.PostForm("safetyRisk"), Urgency: c.PostForm("urgency"), ArrangementHours: c.PostForm("arrangementHours"),
		ExpectedWeeks: c.PostForm("expectedWeeks"), LeansOn: c.PostFormArray("leansOn"), Organisations: c.PostFormArray("involvedOrganisationIds"),
		EarlierCaseID: c.PostForm("earlierCaseId"), OutsidePool: c.PostForm("outsidePool"), OutsideReason: c.PostForm("outsideReason"),
		StartsOn: c.PostForm("startsOn"), SelfReliance: c.Request.PostForm}
}

// toCase turns the typed intake into a case, with a field error for every
// value that cannot be read or is not one of the choices o, and every fault
// domain.Case.Validate finds besides (the use case validates again).
func (in caseInput) toCase(o app.CaseIntake) (domain.Case, []domain.FieldError) {
	var err error
	k := domain.Case{Reference: in.Reference, ZaakURL: in.ZaakURL, ZaakIdentificatie: in.ZaakIdentificatie, Bronorganisatie: in.Bronorganisatie,
		ParentsStruggle: in.ParentsStruggle, SeveralDomains: in.SeveralDomains, SeveralProfessionals: in.SeveralProfessionals,
		HighRisk: in.HighRisk, DefinitionReason: in.DefinitionReason, LifeDomains: in.LifeDomains, SafetyRisk: in.SafetyRisk,
		OutsidePool: in.OutsidePool, OutsideReason: in.OutsideReason}
	var fes []domain.FieldError
	parsed := map[string]bool{} // fields already told to be malformed
	bad := func(name, reason string) {
		fes = append(fes, domain.FieldError{Name: name, Code: "format", Reason: reason})
		parsed[name] = true
	}
	known := map[int64]bool{}
	for _, m := range o.Municipalities {
		known[m.ID] = true
	}
	if n, err := strconv.ParseInt(in.MunicipalityID, 10, 64); err == nil && known[n] {
		k.MunicipalityID = n
	} else if strings.TrimSpace(in.MunicipalityID) != "" {
		bad("municipalityId", "Kies een gemeente uit de lijst.")
	}
	if k.Urgency, err = strconv.Atoi(in.Urgency); err != nil {
		bad("urgency", "Kies normaal, hoog of crisis.")
	}
	if h, ok := poolParseHours(in.ArrangementHours); ok {
		k.ArrangementHours = h
	} else {
		bad("arrangementHours", decimalReason(in.ArrangementHours, "Vul het aantal uren in als getal, bijvoorbeeld "+caseHours(domain.DefaultArrangementHours)+" of 37,5."))
	}
	if k.ExpectedWeeks, err = strconv.Atoi(strings.TrimSpace(in.ExpectedWeeks)); err != nil {
		bad("expectedWeeks", "Vul het aantal weken in als heel getal, bijvoorbeeld "+strconv.Itoa(domain.DefaultExpectedWeeks)+".")
	}
	if t, ok := parseDay(in.StartsOn); ok {
		k.StartsOn = t
	} else {
		bad("startsOn", "Vul de startdatum in als geldige datum.")
	}
	comps := map[string]bool{}
	for _, it := range o.Competencies {
		comps[it.Key] = true
	}
	for _, key := range in.LeansOn {
		if !comps[key] {
			bad("leansOn", "Kies competenties uit de lijst.")
			break
		}
		k.LeansOn = append(k.LeansOn, key)
	}
	orgs := map[int64]bool{}
	for _, org := range o.Organisations {
		orgs[org.ID] = true
	}
	if ids, ok := caseIDs(in.Organisations, orgs); ok {
		k.InvolvedOrganisationIDs = ids
	} else {
		bad("involvedOrganisationIds", "Kies organisaties uit de lijst.")
	}
	if in.EarlierCaseID != "" {
		cases := map[int64]bool{}
		for _, x := range o.Cases {
			cases[x.ID] = true
		}
		if ids, ok := caseIDs([]string{in.EarlierCaseID}, cases); ok {
			k.EarlierCaseID = &ids[0]
		} else {
			bad("earlierCaseId", "Kies een eerdere casus uit de lijst.")
		}
	}
	sr, srBad := selfRelianceOf(selfReliancePrefix, in.SelfReliance)
	for _, fe := range srBad {
		bad(fe.Name, fe.Reason)
	}
	if len(sr) > 0 {
		k.SelfReliance = sr
	}
	// The use case validates too; checking here shows every error at once.
	check := k
	if err := check.Validate(); err != nil {
		if e, ok := domain.AsError(err); ok {
			for _, fe := range e.Fields {
				if !parsed[fe.Name] {
					fes = append(fes, fe)
				}
			}
		}
	}
	return k, fes
}

// handleCaseCreate registers a case, or shows the form again with the input
// and what is wrong.
func (p *Pages) handleCaseCreate(c *gin.Context) error {
	ctx := c.Request.Context()
	o, err := p.App.CaseIntake(ctx)
	if err != nil {
		return err
	}
	in := caseInputOf(c)
	k, fes := in.toCase(o)
	if len(fes) > 0 {
		f := caseNewForm(in, o)
		f.addErrors(fes...)
		p.showCaseNew(c, http.StatusBadRequest, f, o)
		return nil
	}

	err = p.App.RegisterCase(ctx, &k)
	if err == nil {
		c.Redirect(http.StatusSeeOther, casePath(k.ID)+"?aangemeld=1")
		return nil
	}
	e, ok := onForm(err)
	if !ok {
		return err
	}
	f := caseNewForm(in, o)
	if e.Code == domain.EConflict && e.Key == "duplicate" {
		f.addErrors(domain.FieldError{Name: "reference", Code: "unique", Reason: "Er is al een casus met dit zaaknummer in deze gemeente."})
	} else {
		f.fail(e)
	}
	p.showCaseNew(c, formStatus(e), f, o)
	return nil
}
