package web

import (
	"bytes"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"regiepool/internal/app"
	"regiepool/internal/domain"
	"regiepool/internal/report"
)

// monitoringCasesPath is the file study (dossierstudie) of the monitoring.
const monitoringCasesPath = "/monitoring/dossiers"

// studyFilterForm reads the file study's filter from ?van=&tot=&gemeente=&poolronde=
// (default: the last year, the whole region, every pool round) into the
// filter and its form. A malformed value is an error on its control.
func (p *Pages) studyFilterForm(c *gin.Context) (domain.MonitoringFilter, form, error) {
	ctx := c.Request.Context()
	var f domain.MonitoringFilter
	f.From, f.To = app.DefaultMonitoringPeriod(time.Now())
	fm := form{Action: monitoringCasesPath, Fields: []formField{
		{Name: "van", Label: "Aangemeld vanaf", Kind: "date", Value: f.From.Format(isoDay)},
		{Name: "tot", Label: "Aangemeld tot en met", Kind: "date", Value: f.To.Format(isoDay)},
		{Name: "gemeente", Label: "Gemeente", Kind: "select", Options: []formOption{{Value: "", Label: "Alle gemeenten"}}},
		{Name: "poolronde", Label: "Poolronde", Kind: "select", Options: []formOption{{Value: "", Label: "Alle poolrondes"}},
			Description: "Alleen de casussen van regisseurs die in deze ronde zijn toegelaten."},
	}}
	f, fe := monitoringFilterOf(c, domain.MonitoringFilter.Validate)
	for i, name := range []string{"van", "tot"} {
		if v := strings.TrimSpace(c.Query(name)); v != "" {
			fm.Fields[i].Value = v
		}
	}
	muns, err := p.App.AllMunicipalities(ctx)
	if err != nil {
		return f, fm, err
	}
	for _, m := range muns {
		id := strconv.FormatInt(m.ID, 10)
		fm.Fields[2].Options = append(fm.Fields[2].Options, formOption{Value: id, Label: m.Name, Checked: id == c.Query("gemeente")})
	}
	rounds, _, err := p.App.PoolRounds(ctx, domain.Page{Page: 1, PageSize: domain.MaxPageSize})
	if err != nil {
		return f, fm, err
	}
	for _, r := range rounds {
		id := strconv.FormatInt(r.ID, 10)
		fm.Fields[3].Options = append(fm.Fields[3].Options, formOption{Value: id, Label: r.Name, Checked: id == c.Query("poolronde")})
	}
	fm.addErrors(fe...)
	return f, fm, nil
}

// studyRow is one case of the file study as the page shows it.
type studyRow struct {
	Key, Municipality, Registered, Status  string
	Meets                                  bool
	Checklist                              []string
	OutsidePool                            string
	LifeDomains, SafetyRisk, Urgency       string
	Timeline                               []string
	Hours                                  string
	Evaluations, GoalsReached, GoalsOfMany int
	SelfReliance                           []string
	CloseReason, FinalCheck                string
	Regisseurs                             string
}

func yesNoNL(v *bool) string {
	switch {
	case v == nil:
		return "niet vastgelegd"
	case *v:
		return "ja"
	}
	return "nee"
}

func studyRowOf(c domain.StudyCase) studyRow {
	r := studyRow{Key: c.Key, Municipality: c.Municipality, Registered: c.Registered, Status: domain.CaseStatusLabels[c.Status],
		Meets: c.Definition.Meets, OutsidePool: domain.OutsidePoolLabels[c.Definition.OutsidePool],
		SafetyRisk: domain.SafetyRiskLabels[c.SafetyRisk], Urgency: domain.UrgencyLabel(c.Urgency),
		Hours: domain.FormatNumberTrim(c.HoursSpent, 1), Evaluations: c.Evaluations, GoalsReached: c.GoalsReached, GoalsOfMany: c.GoalsEvaluated,
		CloseReason: domain.CloseReasonLabels[c.CloseReason], Regisseurs: strings.Join(c.Regisseurs, ", ")}
	for _, item := range []struct {
		on    bool
		label string
	}{{c.Definition.ParentsStruggle, "ouders houden moeilijk regie"}, {c.Definition.SeveralDomains, "meerdere leefgebieden"},
		{c.Definition.SeveralProfessionals, "meerdere professionals"}, {c.Definition.HighRisk, "hoog risico voor het kind"}} {
		if item.on {
			r.Checklist = append(r.Checklist, item.label)
		}
	}
	var lds []string
	for _, d := range c.LifeDomains {
		lds = append(lds, domain.LifeDomainLabels[d])
	}
	r.LifeDomains = strings.Join(lds, ", ")
	for _, s := range c.Timeline {
		l := domain.EventKindLabels[s.Kind]
		if l == "" {
			l = domain.TimelineKindLabels[s.Kind]
		}
		if l == "" {
			l = s.Kind
		}
		r.Timeline = append(r.Timeline, s.Month+": "+l)
	}
	for _, d := range c.SelfReliance {
		score := func(v *int) string {
			if v == nil {
				return "–"
			}
			return strconv.Itoa(*v)
		}
		line := domain.LifeDomainLabels[d.LifeDomain] + ": " + score(d.Intake) + " → " + score(d.Latest)
		if d.Change != nil && *d.Change != 0 {
			line += " (" + signedInt(*d.Change) + ")"
		}
		r.SelfReliance = append(r.SelfReliance, line)
	}
	if c.FinalCheck != nil {
		r.FinalCheck = "hulp werkt: " + yesNoNL(c.FinalCheck.HelpWorks) + "; gezin voert eigen regie: " + yesNoNL(c.FinalCheck.FamilyDirectsOwnLife)
	}
	return r
}

func signedInt(n int) string {
	if n > 0 {
		return "+" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

type monitoringCasesPage struct {
	BasePage
	Form form
	// Region says the filter covers every municipality: the page shows
	// the municipality column.
	Region  bool
	Rows    []studyRow
	Pager   pager
	Caption string
	Query   string // the filter as a query string, for the CSV links
}

// handleMonitoringCases shows a page of the file study (App.MonitoringCases).
func (p *Pages) handleMonitoringCases(c *gin.Context) error {
	ctx := c.Request.Context()
	f, fm, err := p.studyFilterForm(c)
	if err != nil {
		return err
	}
	page := monitoringCasesPage{Form: fm, Region: f.MunicipalityID == nil, Query: studyQuery(c)}
	if fm.Failed() {
		page.BasePage = p.base(c, formTitle("Dossierstudie", fm))
		p.render(c, http.StatusBadRequest, "monitoring_cases", page)
		return nil
	}
	pg := pageParam(c)
	cases, total, err := p.App.MonitoringCases(ctx, f, pg)
	if e, ok := onForm(err); ok {
		page.Form.fail(e)
		page.BasePage = p.base(c, formTitle("Dossierstudie", page.Form))
		p.render(c, formStatus(e), "monitoring_cases", page)
		return nil
	}
	if err != nil {
		return err
	}
	base := monitoringCasesPath
	if page.Query != "" {
		base += "?" + page.Query
	}
	page.Pager = casePager(base, pg, total)
	page.Caption = "Casussen in de dossierstudie (" + strconv.Itoa(total) + ")"
	for _, sc := range cases {
		page.Rows = append(page.Rows, studyRowOf(sc))
	}
	page.BasePage = p.base(c, "Dossierstudie")
	p.render(c, http.StatusOK, "monitoring_cases", page)
	return nil
}

// studyQuery is the filter of the request without its page, for links.
func studyQuery(c *gin.Context) string {
	q := url.Values{}
	for _, k := range []string{"van", "tot", "gemeente", "poolronde"} {
		if v := c.Query(k); v != "" {
			q.Set(k, v)
		}
	}
	return q.Encode()
}

// handleMonitoringCasesCSV sends the whole file study of the filter as a
// CSV: Dutch, or with ?format=csv-rfc4180 for tools.
func (p *Pages) handleMonitoringCasesCSV(c *gin.Context) error {
	f, fm, err := p.studyFilterForm(c)
	if err != nil {
		return err
	}
	format := c.Query("format")
	if fm.Failed() || (format != "" && format != "csv-rfc4180") {
		page := monitoringCasesPage{Form: fm, Region: f.MunicipalityID == nil, Query: studyQuery(c)}
		if !fm.Failed() {
			page.Form.Errors = append(page.Form.Errors, formError{Text: "Onbekend formaat: kies de Nederlandse CSV of csv-rfc4180."})
		}
		page.BasePage = p.base(c, formTitle("Dossierstudie", page.Form))
		p.render(c, http.StatusBadRequest, "monitoring_cases", page)
		return nil
	}
	cases, err := p.App.MonitoringCasesExport(c.Request.Context(), f)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := report.StudyCSV(&buf, cases, report.StudyCSVOptions{RFC4180: format != "", Municipality: f.MunicipalityID == nil}); err != nil {
		return err
	}
	c.Header("Content-Disposition", `attachment; filename="dossierstudie.csv"`)
	c.Data(http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
	return nil
}
