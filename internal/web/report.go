package web

import (
	"bytes"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"regiepool/internal/domain"
	"regiepool/internal/report"
)

// sendPDF renders into a buffer, so a failure is an error page, not half a file.
func (p *Pages) sendPDF(c *gin.Context, name string, render func(*bytes.Buffer) error) {
	var buf bytes.Buffer
	if err := render(&buf); err != nil {
		p.Log.Error("render pdf", "requestId", c.GetString("requestID"), "err", err)
		p.ErrorPage(c, http.StatusInternalServerError)
		return
	}
	c.Header("Content-Disposition", `attachment; filename="`+name+`"`)
	c.Data(http.StatusOK, "application/pdf", buf.Bytes())
}

func (p *Pages) storeError(c *gin.Context, err error) {
	if e, ok := domain.AsError(err); ok {
		switch e.Code {
		case domain.ENotFound:
			p.ErrorPage(c, http.StatusNotFound)
			return
		case domain.EForbidden:
			p.ErrorPage(c, http.StatusForbidden)
			return
		}
	}
	p.Log.Error("report", "requestId", c.GetString("requestID"), "err", err)
	p.ErrorPage(c, http.StatusInternalServerError)
}

func (p *Pages) handleDevelopmentPDF(c *gin.Context) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		p.ErrorPage(c, http.StatusNotFound)
		return
	}
	d, err := p.App.DevelopmentReport(c.Request.Context(), id)
	if err != nil {
		p.storeError(c, err)
		return
	}
	p.sendPDF(c, "ontwikkelrapport.pdf", func(b *bytes.Buffer) error { return report.DevelopmentPDF(b, d) })
}

func (p *Pages) handlePoolPDF(c *gin.Context) {
	pool, err := p.App.PoolReport(c.Request.Context())
	if err != nil {
		p.storeError(c, err)
		return
	}
	p.sendPDF(c, "poolrapport.pdf", func(b *bytes.Buffer) error { return report.PoolPDF(b, pool) })
}

// monitoringPeriod reads ?van=&tot=&gemeente= (defaults: the last year, all).
func monitoringPeriod(c *gin.Context) (time.Time, time.Time, *int64) {
	to := time.Now()
	from := to.AddDate(-1, 0, 0)
	if t, err := time.Parse("2006-01-02", c.Query("van")); err == nil {
		from = t
	}
	if t, err := time.Parse("2006-01-02", c.Query("tot")); err == nil && !t.Before(from) {
		to = t
	}
	var mun *int64
	if n, err := strconv.ParseInt(c.Query("gemeente"), 10, 64); err == nil && n > 0 {
		mun = &n
	}
	return from, to, mun
}

type monitoringPage struct {
	BasePage
	M              report.Monitoring
	From, To       string
	Municipality   string
	Query          string
	Municipalities []domain.Municipality
	Satisfaction   []monitoringSat
	CloseReasons   []monitoringCount
	WeeklyPerCase  string
}

type monitoringSat struct {
	Area int
	Mean string
	N    int
}

type monitoringCount struct {
	Label string
	N     int
}

func (p *Pages) handleMonitoring(c *gin.Context) {
	ctx := c.Request.Context()
	from, to, mun := monitoringPeriod(c)
	m, err := p.DB.MonitoringFigures(ctx, from, to, mun)
	if err != nil {
		p.storeError(c, err)
		return
	}
	muns, _, err := p.DB.FindMunicipalities(ctx, domain.Page{Page: 1, PageSize: domain.MaxPageSize})
	if err != nil {
		p.storeError(c, err)
		return
	}
	page := monitoringPage{BasePage: p.base(c, "Monitoring"), M: m, From: from.Format("2006-01-02"), To: to.Format("2006-01-02"),
		Municipalities: muns, Query: c.Request.URL.RawQuery}
	if mun != nil {
		page.Municipality = strconv.FormatInt(*mun, 10)
	}
	for i, s := range m.Satisfaction {
		page.Satisfaction = append(page.Satisfaction, monitoringSat{Area: i + 1, Mean: strconv.FormatFloat(s.Mean, 'f', 2, 64), N: s.N})
	}
	for label, n := range m.CloseReasons {
		page.CloseReasons = append(page.CloseReasons, monitoringCount{Label: label, N: n})
	}
	page.WeeklyPerCase = strconv.FormatFloat(m.ArrangementHours/26, 'f', 1, 64)
	p.render(c, http.StatusOK, "report_monitoring", page)
}

func (p *Pages) handleMonitoringPDF(c *gin.Context) {
	from, to, mun := monitoringPeriod(c)
	m, err := p.DB.MonitoringFigures(c.Request.Context(), from, to, mun)
	if err != nil {
		p.storeError(c, err)
		return
	}
	p.sendPDF(c, "monitoringsrapport.pdf", func(b *bytes.Buffer) error { return report.MonitoringPDF(b, m) })
}

func (p *Pages) handleMonitoringCSV(c *gin.Context) {
	from, to, mun := monitoringPeriod(c)
	m, err := p.DB.MonitoringFigures(c.Request.Context(), from, to, mun)
	if err != nil {
		p.storeError(c, err)
		return
	}
	var buf bytes.Buffer
	if err := report.MonitoringCSV(&buf, m); err != nil {
		p.storeError(c, err)
		return
	}
	c.Header("Content-Disposition", `attachment; filename="monitoring.csv"`)
	c.Data(http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
}
