package web

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"regiepool/internal/app"
	"regiepool/internal/domain"
	"regiepool/internal/report"
)

// sendPDF renders into a buffer, so a failure is an error page, not half a
// file. The render is timed for the metrics.
func (p *Pages) sendPDF(c *gin.Context, name string, render func(*bytes.Buffer) error) error {
	var buf bytes.Buffer
	if err := p.App.RenderPDF(strings.TrimSuffix(name, ".pdf"), func() error { return render(&buf) }); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	c.Header("Content-Disposition", `attachment; filename="`+name+`"`)
	c.Data(http.StatusOK, "application/pdf", buf.Bytes())
	return nil
}

func (p *Pages) handleDevelopmentPDF(c *gin.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	d, err := p.App.DevelopmentReport(c.Request.Context(), id)
	if err != nil {
		return err
	}
	return p.sendPDF(c, "ontwikkelrapport.pdf", func(b *bytes.Buffer) error { return report.DevelopmentPDF(b, d) })
}

func (p *Pages) handlePoolPDF(c *gin.Context) error {
	pool, err := p.App.PoolReport(c.Request.Context())
	if err != nil {
		return err
	}
	return p.sendPDF(c, "poolrapport.pdf", func(b *bytes.Buffer) error { return report.PoolPDF(b, pool) })
}

// monitoringQuery reads the monitoring filter of the report pages.
func monitoringQuery(c *gin.Context) (domain.MonitoringFilter, []domain.FieldError) {
	return monitoringFilterOf(c, domain.MonitoringFilter.ValidateReport)
}

// monitoringFilterOf reads the monitoring filter of a page (the report and
// the file study): ?van=&tot= (the period; default
// app.DefaultMonitoringPeriod), &gemeente= and &poolronde=, then checks it
// with validate. Bad input comes back as field errors named after the
// page's controls (van, tot, gemeente, poolronde), never as figures for
// another period.
func monitoringFilterOf(c *gin.Context, validate func(domain.MonitoringFilter) error) (domain.MonitoringFilter, []domain.FieldError) {
	var f domain.MonitoringFilter
	f.From, f.To = app.DefaultMonitoringPeriod(time.Now())
	var fe []domain.FieldError
	for _, q := range []struct {
		key string
		dst *time.Time
	}{{"van", &f.From}, {"tot", &f.To}} {
		if v := c.Query(q.key); v != "" {
			t, err := domain.ParseTypedDate(v)
			if err != nil {
				fe = append(fe, domain.DateFieldError(q.key, err))
				continue
			}
			*q.dst = t
		}
	}
	for _, q := range []struct {
		key string
		dst **int64
	}{{"gemeente", &f.MunicipalityID}, {"poolronde", &f.PoolRoundID}} {
		if v := c.Query(q.key); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n <= 0 {
				fe = append(fe, domain.FieldError{Name: q.key, Code: "type", Reason: "Kies een waarde uit de lijst."})
				continue
			}
			*q.dst = &n
		}
	}
	if fe != nil {
		return f, fe
	}
	if e, ok := domain.AsError(validate(f)); ok && e != nil {
		for _, x := range e.Fields {
			x.Name = map[string]string{"from": "van", "to": "tot"}[x.Name]
			fe = append(fe, x)
		}
	}
	return f, fe
}

// monitoringQueryError is bad filter input of an export link: one Dutch
// message naming each problem.
func monitoringQueryError(fe []domain.FieldError) error {
	labels := map[string]string{"van": "Van", "tot": "Tot en met", "gemeente": "Gemeente", "poolronde": "Poolronde", "format": "Formaat"}
	var parts []string
	for _, x := range fe {
		parts = append(parts, labels[x.Name]+": "+x.Reason)
	}
	return domain.Errorf(domain.EInvalid, "invalid_period", "%s", strings.Join(parts, " "))
}

type monitoringPage struct {
	BasePage
	M                  report.Monitoring
	Sections           []monitoringSection
	Form               form
	Query              string
	Municipalities     []domain.Municipality
	PoolRounds         []domain.PoolRound
	Municipality, Pool string // the chosen ids, "" for all
	PeriodNote         string
	FreshnessNote      string
	CellRuleNote       string
	Calculator         *caseloadCalculator
}

// monitoringSection is one question (or the other figures) as the page
// shows it.
type monitoringSection struct {
	Anchor  string // the heading's id
	Heading string
	Q       report.Question
	Chart   *chartView
}

// handleMonitoring shows the ten questions of App.MonitoringReport, the
// same the API, the PDF and the CSV give. Bad filter input shows the form
// again with its errors (400) and no figures.
func (p *Pages) handleMonitoring(c *gin.Context) error {
	ctx := c.Request.Context()
	f, fe := monitoringQuery(c)
	muns, err := p.App.AllMunicipalities(ctx)
	if err != nil {
		return err
	}
	rounds, err := p.App.MonitoringPoolRounds(ctx)
	if err != nil {
		return err
	}
	page := monitoringPage{BasePage: p.base(c, "Monitoring"), Municipalities: muns, PoolRounds: rounds, Query: c.Request.URL.RawQuery,
		Municipality: c.Query("gemeente"), Pool: c.Query("poolronde")}
	page.Form = form{Fields: []formField{
		{Name: "van", Label: "Van", Value: c.Query("van")}, {Name: "tot", Label: "Tot en met", Value: c.Query("tot")},
		{Name: "gemeente", Label: "Gemeente"}, {Name: "poolronde", Label: "Poolronde"}}}
	if page.Form.Fields[0].Value == "" {
		page.Form.Fields[0].Value = f.From.Format(isoDay)
	}
	if page.Form.Fields[1].Value == "" {
		page.Form.Fields[1].Value = f.To.Format(isoDay)
	}
	if fe != nil {
		page.Form.addErrors(fe...)
		page.Title = formTitle(page.Title, page.Form)
		p.render(c, http.StatusBadRequest, "report_monitoring", page)
		return nil
	}
	m, err := p.App.MonitoringReport(ctx, f)
	if err != nil {
		return err
	}
	page.M, page.PeriodNote, page.FreshnessNote, page.CellRuleNote = m, report.PeriodNote(m), report.FreshnessNote(m), report.CellRuleNote(m)
	for _, q := range m.Questions {
		page.Sections = append(page.Sections, monitoringSection{Anchor: fmt.Sprintf("vraag-%d", q.ID), Heading: fmt.Sprintf("%d. %s", q.ID, q.Question),
			Q: q, Chart: newChartView(fmt.Sprintf("grafiek-%d", q.ID), q.Chart)})
		if q.ID == 8 {
			page.Calculator = newCaseloadCalculator(q, c.Query("uren"))
		}
	}
	if m.Other != nil {
		page.Sections = append(page.Sections, monitoringSection{Anchor: "overige-cijfers", Heading: m.Other.Question, Q: *m.Other,
			Chart: newChartView("grafiek-overig", m.Other.Chart)})
	}
	p.render(c, http.StatusOK, "report_monitoring", page)
	return nil
}

func (p *Pages) handleMonitoringPDF(c *gin.Context) error {
	f, fe := monitoringQuery(c)
	if fe != nil {
		return monitoringQueryError(fe)
	}
	m, err := p.App.MonitoringReport(c.Request.Context(), f)
	if err != nil {
		return err
	}
	return p.sendPDF(c, "monitoringsrapport.pdf", func(b *bytes.Buffer) error { return report.MonitoringPDF(b, m) })
}

// handleMonitoringCSV exports the report as the Dutch CSV, or for
// ?format=csv-rfc4180 as the tools' CSV.
func (p *Pages) handleMonitoringCSV(c *gin.Context) error {
	f, fe := monitoringQuery(c)
	flavour := report.CSVDutch
	switch c.Query("format") {
	case "", report.CSVDutch:
	case report.CSVRFC4180:
		flavour = report.CSVRFC4180
	default:
		fe = append(fe, domain.FieldError{Name: "format", Reason: "Kies het formaat csv of csv-rfc4180."})
	}
	if fe != nil {
		return monitoringQueryError(fe)
	}
	m, err := p.App.MonitoringReport(c.Request.Context(), f)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := report.MonitoringCSV(&buf, m, flavour); err != nil {
		return err
	}
	c.Header("Content-Disposition", `attachment; filename="`+report.MonitoringCSVName(m, flavour)+`"`)
	c.Data(http.StatusOK, report.CSVContentType(flavour), buf.Bytes())
	return nil
}
