package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"regiepool/internal/domain"
	"regiepool/internal/matching"
)

// A case's page: what was registered, who directs it, the log, and for
// dispatchers the ranked candidates with the forms to assign, hand over and
// close.

type caseShowPage struct {
	BasePage
	Case   caseView
	Notice string
	Alert  *caseAlert
	Events []caseEventRow
	// Candidates is the ranking for a waiting case; nil when not shown.
	Candidates   []caseCandidateRow
	ShowRanking  bool
	AssignAction string
	HandoverForm *form
	NoHandover   bool // assigned, but nobody else qualifies now
	CloseForm    *form
	EventForm    *form
}

type caseView struct {
	ID                                    int64
	Reference, Municipality, Status       string
	ZaakURL, ZaakIdentificatie, Bron      string
	MeetsDefinition                       bool
	DefinitionReason                      string
	Checks                                []caseCheck
	LifeDomains                           []string
	SafetyRisk, Urgency                   string
	Hours, Weeks, WeeklyHours             string
	LeansOn, Organisations                []string
	EarlierHref, EarlierLabel             string
	OutsidePool, OutsideReason            string
	StartsOn, Created                     string
	CloseReason, ClosedAt                 string
	Regisseur                             string
	Handovers                             int
	Waiting, Assigned, Closed, OutsideNow bool
}

type caseCheck struct {
	Label string
	Yes   bool
}

type caseEventRow struct {
	Date, Kind, Details, Recorded string
}

type caseCandidateRow struct {
	Rank        string
	RegisseurID int64
	Name, Score string
	Qualified   bool
	Reasons     []string
	Capacity    string
}

// caseForms are forms shown again after a failed attempt, and the alert of
// an action that did not succeed.
type caseForms struct {
	event, handover, close *form
	alert                  *caseAlert
}

// caseEventKinds are the log's event kinds in the order of the select.
var caseEventKinds = []string{"round_table", "plan_made", "evaluation", "plan_adjusted", "safety_analysis", "escalation", "hours", "satisfaction"}

// caseCloseReasons are the reasons of closing in the order of the select.
var caseCloseReasons = []string{"own_regie", "goals_reached", "gedwongen_kader", "moved", "other"}

// loadCase reads the case of the path; ok is false when it answered with an
// error page (404 for a case out of scope).
func (p *Pages) loadCase(c *gin.Context) (domain.Case, bool) {
	id, ok := p.pathID(c)
	if !ok {
		return domain.Case{}, false
	}
	k, err := p.DB.FindCaseByID(c.Request.Context(), id)
	if err != nil {
		p.storeFailed(c, "find case", err)
		return k, false
	}
	return k, true
}

func (p *Pages) handleCase(c *gin.Context) {
	k, ok := p.loadCase(c)
	if !ok {
		return
	}
	notice := ""
	switch {
	case c.Query("aangemeld") == "1":
		notice = "De casus is aangemeld. "
		switch {
		case k.MeetsDefinition:
			notice += "Hij voldoet aan de werkdefinitie van een complexe casus."
		default:
			notice += "Hij voldoet niet aan de werkdefinitie van een complexe casus; de reden om hem toch aan te melden staat hieronder."
		}
		if k.Status == domain.CaseOutside {
			notice += " De casus valt buiten de poolregie: de pool zoekt er geen regisseur voor."
		}
	case c.Query("toegewezen") == "1":
		notice = "De casus is toegewezen aan " + k.RegisseurName + "."
	case c.Query("overgedragen") == "1":
		notice = "De casus is overgedragen aan " + k.RegisseurName + "."
	case c.Query("afgesloten") == "1":
		notice = "De casus is afgesloten. De regisseur heeft weer ruimte voor een nieuwe casus."
	case c.Query("opgeslagen") == "1":
		notice = "De gebeurtenis is vastgelegd in het logboek."
	}
	p.showCase(c, http.StatusOK, k, caseForms{}, notice)
}

func (p *Pages) showCase(c *gin.Context, status int, k domain.Case, forms caseForms, notice string) {
	ctx := c.Request.Context()
	a := domain.ActorFrom(ctx)
	page := caseShowPage{Notice: notice, Alert: forms.alert, AssignAction: casePath(k.ID) + "/toewijzen"}

	v := caseView{ID: k.ID, Reference: k.Reference, Status: labelOr(domain.CaseStatusLabels, k.Status), ZaakURL: k.ZaakURL,
		ZaakIdentificatie: k.ZaakIdentificatie, Bron: k.Bronorganisatie, MeetsDefinition: k.MeetsDefinition,
		DefinitionReason: k.DefinitionReason, SafetyRisk: labelOr(caseRiskLabels, k.SafetyRisk), Urgency: caseUrgencyLabel(k.Urgency),
		Hours: poolHoursText(k.ArrangementHours), Weeks: strconv.Itoa(k.ExpectedWeeks),
		WeeklyHours:   strings.Replace(strconv.FormatFloat(k.WeeklyHours(), 'f', 1, 64), ".", ",", 1),
		OutsideReason: k.OutsideReason, StartsOn: day(k.StartsOn), Created: day(k.CreatedAt), Regisseur: k.RegisseurName,
		Handovers: k.Handovers, Waiting: k.Status == domain.CaseWaiting, Assigned: k.Status == domain.CaseAssigned,
		Closed: k.Status == domain.CaseClosed, OutsideNow: k.Status == domain.CaseOutside}
	if k.OutsidePool != "" {
		v.OutsidePool = labelOr(domain.OutsidePoolLabels, k.OutsidePool)
	}
	if k.CloseReason != "" {
		v.CloseReason = labelOr(domain.CloseReasonLabels, k.CloseReason)
	}
	if k.ClosedAt != nil {
		v.ClosedAt = day(*k.ClosedAt)
	}
	checks := map[string]bool{"parentsStruggle": k.ParentsStruggle, "severalDomains": k.SeveralDomains,
		"severalProfessionals": k.SeveralProfessionals, "highRisk": k.HighRisk}
	for _, d := range caseDefinitionChecks {
		v.Checks = append(v.Checks, caseCheck{Label: d.label, Yes: checks[d.name]})
	}
	for _, d := range domain.LifeDomains {
		for _, x := range k.LifeDomains {
			if x == d {
				v.LifeDomains = append(v.LifeDomains, domain.LifeDomainLabels[d])
			}
		}
	}
	if m, err := p.DB.FindMunicipalityByID(ctx, k.MunicipalityID); err == nil {
		v.Municipality = m.Name
	} else {
		v.Municipality = "Gemeente " + strconv.FormatInt(k.MunicipalityID, 10)
	}
	comps, err := p.loadCompetencies(ctx)
	if err != nil {
		p.adminInternalError(c, "find instruments", err)
		return
	}
	for _, key := range k.LeansOn {
		v.LeansOn = append(v.LeansOn, comps.name(key))
	}
	if len(k.InvolvedOrganisationIDs) > 0 {
		orgs, err := collectAll(ctx, p.DB.FindOrganisations)
		if err != nil {
			p.adminInternalError(c, "find organisations", err)
			return
		}
		names := map[int64]string{}
		for _, o := range orgs {
			names[o.ID] = o.Name
		}
		known, others := namesOf(k.InvolvedOrganisationIDs, names)
		v.Organisations = known
		if others > 0 {
			v.Organisations = append(v.Organisations, fmt.Sprintf("%d andere", others))
		}
	}
	if k.EarlierCaseID != nil {
		prev, err := p.DB.FindCaseByID(ctx, *k.EarlierCaseID)
		switch {
		case err == nil:
			v.EarlierHref, v.EarlierLabel = casePath(prev.ID), prev.Reference
		case domain.ErrorCode(err) == domain.ENotFound:
			v.EarlierLabel = "Ja, een casus die u niet kunt inzien"
		default:
			p.adminInternalError(c, "find earlier case", err)
			return
		}
	}
	page.Case = v

	events, err := p.DB.FindCaseEvents(ctx, k.ID)
	if err != nil {
		p.storeFailed(c, "find case events", err)
		return
	}
	for _, e := range events {
		row := caseEventRow{Date: day(e.OccurredOn), Kind: labelOr(domain.EventKindLabels, e.Kind), Recorded: e.CreatedAt.Local().Format("02-01-2006 15:04")}
		switch {
		case e.Hours != nil:
			row.Details = poolHoursText(*e.Hours) + " uur"
		case e.Score != nil && e.ResultArea != nil:
			row.Details = fmt.Sprintf("Resultaatgebied %d: tevredenheid %d van 5", *e.ResultArea, *e.Score)
		}
		page.Events = append(page.Events, row)
	}
	page.EventForm = forms.event
	if page.EventForm == nil {
		f := caseEventForm(k.ID, caseEventInput{OccurredOn: time.Now().Format(isoDay)})
		page.EventForm = &f
	}

	if a.Can(domain.PermDispatch) && (k.Status == domain.CaseWaiting || k.Status == domain.CaseAssigned) {
		cands, err := p.caseCandidates(ctx, k)
		if err != nil {
			p.storeFailed(c, "rank candidates", err)
			return
		}
		if k.Status == domain.CaseWaiting {
			page.ShowRanking = true
			page.Candidates = caseCandidateRows(cands)
		} else {
			var others []matching.Candidate
			for _, x := range cands {
				if x.Qualified && (k.RegisseurID == nil || x.RegisseurID != *k.RegisseurID) {
					others = append(others, x)
				}
			}
			page.HandoverForm = forms.handover
			if page.HandoverForm == nil && len(others) > 0 {
				f := caseHandoverForm(k.ID, others, caseHandoverInput{})
				page.HandoverForm = &f
			}
			page.NoHandover = page.HandoverForm == nil
		}
	}
	if a.Can(domain.PermDispatch) && k.Status != domain.CaseClosed {
		page.CloseForm = forms.close
		if page.CloseForm == nil {
			f := caseCloseForm(k.ID, "")
			page.CloseForm = &f
		}
	}

	title := "Casus " + k.Reference
	failed := page.Alert != nil
	for _, f := range []*form{page.EventForm, page.HandoverForm, page.CloseForm} {
		failed = failed || (f != nil && f.Failed())
	}
	if failed {
		title = "Fout: " + title
	}
	page.BasePage = p.base(c, title)
	p.render(c, status, "case_show", page)
}

// caseCandidateRows numbers the qualified candidates in the engine's order;
// excluded members keep their place without a number.
func caseCandidateRows(cands []matching.Candidate) []caseCandidateRow {
	rows := make([]caseCandidateRow, 0, len(cands))
	n := 0
	for _, x := range cands {
		row := caseCandidateRow{RegisseurID: x.RegisseurID, Name: x.Name, Score: caseScore(x.Score), Qualified: x.Qualified,
			Reasons: x.Reasons, Capacity: caseCapacityText(x.Capacity)}
		if x.Qualified {
			n++
			row.Rank = strconv.Itoa(n)
		}
		rows = append(rows, row)
	}
	return rows
}

// --- Assign ------------------------------------------------------------------------

// handleCaseAssign gives the waiting case to the chosen candidate; the store
// checks capacity, independence and availability under a lock (a conflict is
// shown on the page with status 409).
func (p *Pages) handleCaseAssign(c *gin.Context) {
	k, ok := p.loadCase(c)
	if !ok {
		return
	}
	rid, ok := formID(c, "regisseurId")
	if !ok {
		p.showCase(c, http.StatusBadRequest, k, caseForms{alert: &caseAlert{Heading: "Toewijzen is niet gelukt", Text: "Kies een regisseur uit de lijst."}}, "")
		return
	}
	_, err := p.DB.Assign(c.Request.Context(), k.ID, rid)
	if err == nil {
		c.Redirect(http.StatusSeeOther, casePath(k.ID)+"?toegewezen=1")
		return
	}
	e := p.adminStoreError(c, err, "assign case")
	if e == nil {
		return
	}
	p.showCase(c, formStatus(e), k, caseForms{alert: &caseAlert{Heading: "Toewijzen is niet gelukt", Text: e.Message}}, "")
}

// --- Handover ---------------------------------------------------------------------

type caseHandoverInput struct{ RegisseurID, Reason string }

func caseHandoverForm(id int64, cands []matching.Candidate, in caseHandoverInput) form {
	f := form{Action: casePath(id) + "/overdragen"}
	sel := formField{Name: "handoverRegisseurId", Label: "Nieuwe regisseur", Kind: "select",
		Description: "Alleen regisseurs die nu geschikt zijn en ruimte hebben, de best passende eerst."}
	sel.Options = append(sel.Options, formOption{Value: "", Label: "Kies een regisseur", Checked: in.RegisseurID == ""})
	for _, x := range cands {
		v := strconv.FormatInt(x.RegisseurID, 10)
		sel.Options = append(sel.Options, formOption{Value: v, Label: x.Name + " (score " + caseScore(x.Score) + "; " + caseCapacityText(x.Capacity) + ")",
			Checked: in.RegisseurID == v})
	}
	f.Fields = append(f.Fields, sel,
		formField{Name: "handoverReason", Label: "Reden van de overdracht", Kind: "textarea", Value: in.Reason, Required: true,
			Description: "Hoogstens 2000 tekens, geen namen van gezinsleden. Elke overdracht telt mee in de monitoring."})
	return f
}

func (p *Pages) handleCaseHandover(c *gin.Context) {
	k, ok := p.loadCase(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	in := caseHandoverInput{RegisseurID: c.PostForm("handoverRegisseurId"), Reason: c.PostForm("handoverReason")}
	form := func() (*form, bool) {
		if k.Status != domain.CaseAssigned {
			return nil, true
		}
		cands, err := p.caseCandidates(ctx, k)
		if err != nil {
			p.storeFailed(c, "rank candidates", err)
			return nil, false
		}
		var others []matching.Candidate
		for _, x := range cands {
			if x.Qualified && (k.RegisseurID == nil || x.RegisseurID != *k.RegisseurID) {
				others = append(others, x)
			}
		}
		f := caseHandoverForm(k.ID, others, in)
		return &f, true
	}
	var fes []domain.FieldError
	rid, err := strconv.ParseInt(strings.TrimSpace(in.RegisseurID), 10, 64)
	if err != nil || rid <= 0 {
		fes = append(fes, domain.FieldError{Name: "handoverRegisseurId", Code: "required", Reason: "Kies de nieuwe regisseur."})
	}
	if strings.TrimSpace(in.Reason) == "" {
		fes = append(fes, domain.FieldError{Name: "handoverReason", Code: "required", Reason: "Geef de reden van de overdracht."})
	}
	if len(fes) > 0 {
		f, ok := form()
		if !ok {
			return
		}
		forms := caseForms{handover: f}
		if f == nil {
			forms.alert = &caseAlert{Heading: "Overdragen is niet gelukt", Text: "Alleen een toegewezen casus kan worden overgedragen."}
		} else {
			f.addErrors(fes...)
		}
		p.showCase(c, http.StatusBadRequest, k, forms, "")
		return
	}
	_, err = p.DB.Handover(ctx, k.ID, rid, in.Reason)
	if err == nil {
		c.Redirect(http.StatusSeeOther, casePath(k.ID)+"?overgedragen=1")
		return
	}
	e := p.adminStoreError(c, err, "hand over case")
	if e == nil {
		return
	}
	f, ok := form()
	if !ok {
		return
	}
	forms := caseForms{handover: f}
	switch {
	case e.Code == domain.EInvalid && f != nil:
		for i := range e.Fields {
			if e.Fields[i].Name == "reason" {
				e.Fields[i].Name = "handoverReason"
			}
		}
		f.fail(e)
	default:
		forms.alert = &caseAlert{Heading: "Overdragen is niet gelukt", Text: e.Message}
	}
	p.showCase(c, formStatus(e), k, forms, "")
}

// --- Close ---------------------------------------------------------------------------

func caseCloseForm(id int64, reason string) form {
	f := form{Action: casePath(id) + "/afsluiten"}
	sel := formField{Name: "closeReason", Label: "Reden van afsluiten", Kind: "select",
		Description: "Na het afsluiten heeft de regisseur meteen weer ruimte voor een nieuwe casus."}
	sel.Options = append(sel.Options, formOption{Value: "", Label: "Kies een reden", Checked: reason == ""})
	for _, r := range caseCloseReasons {
		sel.Options = append(sel.Options, formOption{Value: r, Label: domain.CloseReasonLabels[r], Checked: reason == r})
	}
	f.Fields = append(f.Fields, sel)
	return f
}

func (p *Pages) handleCaseClose(c *gin.Context) {
	k, ok := p.loadCase(c)
	if !ok {
		return
	}
	reason := c.PostForm("closeReason")
	if _, ok := domain.CloseReasonLabels[reason]; !ok {
		f := caseCloseForm(k.ID, "")
		f.addErrors(domain.FieldError{Name: "closeReason", Code: "oneof", Reason: "Kies de reden van afsluiten."})
		p.showCase(c, http.StatusBadRequest, k, caseForms{close: &f}, "")
		return
	}
	_, err := p.DB.CloseCase(c.Request.Context(), k.ID, reason)
	if err == nil {
		c.Redirect(http.StatusSeeOther, casePath(k.ID)+"?afgesloten=1")
		return
	}
	e := p.adminStoreError(c, err, "close case")
	if e == nil {
		return
	}
	f := caseCloseForm(k.ID, reason)
	forms := caseForms{close: &f}
	if e.Code == domain.EInvalid {
		for i := range e.Fields {
			if e.Fields[i].Name == "reason" {
				e.Fields[i].Name = "closeReason"
			}
		}
		f.fail(e)
	} else {
		forms.alert = &caseAlert{Heading: "Afsluiten is niet gelukt", Text: e.Message}
	}
	p.showCase(c, formStatus(e), k, forms, "")
}

// --- Log -----------------------------------------------------------------------------

type caseEventInput struct{ Kind, OccurredOn, Hours, ResultArea, Score string }

func caseEventForm(id int64, in caseEventInput) form {
	f := form{Action: casePath(id) + "/logboek"}
	kind := formField{Name: "kind", Label: "Gebeurtenis", Kind: "select"}
	kind.Options = append(kind.Options, formOption{Value: "", Label: "Kies een gebeurtenis", Checked: in.Kind == ""})
	for _, k := range caseEventKinds {
		kind.Options = append(kind.Options, formOption{Value: k, Label: domain.EventKindLabels[k], Checked: in.Kind == k})
	}
	scale := func(name, label, value, description string) formField {
		fl := formField{Name: name, Label: label, Kind: "select", Optional: true, Description: description}
		fl.Options = append(fl.Options, formOption{Value: "", Label: "Niet van toepassing", Checked: value == ""})
		for n := 1; n <= 5; n++ {
			v := strconv.Itoa(n)
			fl.Options = append(fl.Options, formOption{Value: v, Label: v, Checked: value == v})
		}
		return fl
	}
	f.Fields = append(f.Fields, kind,
		formField{Name: "occurredOn", Label: "Datum", Kind: "date", Value: in.OccurredOn, Required: true,
			Description: "Wanneer het gebeurde; niet in de toekomst."},
		formField{Name: "hours", Label: "Aantal uren", Kind: "text", Value: in.Hours, Optional: true, Autocomplete: "off", Inputmode: "decimal",
			Description: "Alleen bij 'Uren besteed': de bestede uren, bijvoorbeeld 2 of 1,5."},
		scale("resultArea", "Resultaatgebied", in.ResultArea, "Alleen bij 'Tevredenheid gezin': het resultaatgebied, 1 tot en met 5."),
		scale("score", "Tevredenheid", in.Score, "Alleen bij 'Tevredenheid gezin': 1 is zeer ontevreden, 5 is zeer tevreden."),
	)
	return f
}

// handleCaseEvent records an event of the log. The store lets the case's
// dispatchers, admins and its regisseur do so.
func (p *Pages) handleCaseEvent(c *gin.Context) {
	k, ok := p.loadCase(c)
	if !ok {
		return
	}
	in := caseEventInput{Kind: c.PostForm("kind"), OccurredOn: c.PostForm("occurredOn"), Hours: c.PostForm("hours"),
		ResultArea: c.PostForm("resultArea"), Score: c.PostForm("score")}
	var fes []domain.FieldError
	e := domain.CaseEvent{Kind: in.Kind}
	if _, ok := domain.EventKindLabels[in.Kind]; !ok {
		fes = append(fes, domain.FieldError{Name: "kind", Code: "required", Reason: "Kies de gebeurtenis."})
	}
	if t, ok := poolParseDay(in.OccurredOn); ok {
		e.OccurredOn = t
	} else {
		fes = append(fes, domain.FieldError{Name: "occurredOn", Code: "date", Reason: "Vul de datum in als geldige datum."})
	}
	switch in.Kind {
	case "hours":
		h, ok := poolParseHours(in.Hours)
		if !ok {
			fes = append(fes, domain.FieldError{Name: "hours", Code: "number", Reason: "Vul het aantal uren in als getal, bijvoorbeeld 2 of 1,5."})
		}
		e.Hours = &h
	case "satisfaction":
		if n, err := strconv.Atoi(in.ResultArea); err == nil {
			e.ResultArea = &n
		} else {
			fes = append(fes, domain.FieldError{Name: "resultArea", Code: "required", Reason: "Kies het resultaatgebied (1 tot en met 5)."})
		}
		if n, err := strconv.Atoi(in.Score); err == nil {
			e.Score = &n
		} else {
			fes = append(fes, domain.FieldError{Name: "score", Code: "required", Reason: "Kies de tevredenheid (1 tot en met 5)."})
		}
	}
	if len(fes) > 0 {
		f := caseEventForm(k.ID, in)
		f.addErrors(fes...)
		p.showCase(c, http.StatusBadRequest, k, caseForms{event: &f}, "")
		return
	}
	err := p.DB.AddCaseEvent(c.Request.Context(), k.ID, &e)
	if err == nil {
		c.Redirect(http.StatusSeeOther, casePath(k.ID)+"?opgeslagen=1#logboek")
		return
	}
	de := p.adminStoreError(c, err, "add case event")
	if de == nil {
		return
	}
	f := caseEventForm(k.ID, in)
	f.fail(de)
	p.showCase(c, formStatus(de), k, caseForms{event: &f}, "")
}
