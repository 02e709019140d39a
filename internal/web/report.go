package web

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"regiepool/internal/app"
	"regiepool/internal/domain"
	"regiepool/internal/report"
)

// sendPDF renders into a buffer, so a failure is an error page, not half a file.
func sendPDF(c *gin.Context, name string, render func(*bytes.Buffer) error) error {
	var buf bytes.Buffer
	if err := render(&buf); err != nil {
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
	return sendPDF(c, "ontwikkelrapport.pdf", func(b *bytes.Buffer) error { return report.DevelopmentPDF(b, d) })
}

func (p *Pages) handlePoolPDF(c *gin.Context) error {
	pool, err := p.App.PoolReport(c.Request.Context())
	if err != nil {
		return err
	}
	return sendPDF(c, "poolrapport.pdf", func(b *bytes.Buffer) error { return report.PoolPDF(b, pool) })
}

// monitoringPeriod reads ?van=&tot=&gemeente= (defaults: the last year, all
// municipalities). A malformed value, or an end before the start, falls
// back to the default: the form shows what was used.
func monitoringPeriod(c *gin.Context) (time.Time, time.Time, *int64) {
	from, to := app.DefaultMonitoringPeriod(time.Now())
	if t, err := domain.ParseDate(c.Query("van")); err == nil {
		from = t
	}
	if t, err := domain.ParseDate(c.Query("tot")); err == nil && !t.Before(from) {
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
	WithRegie      int                  // cases with a regisseur, running or closed
	CloseReasons   []report.ReasonCount // most frequent first, as in the PDF
	RegieWeeks     int
	VoiceThreshold int // answers of a kind of respondent from which means show
}

// handleMonitoring shows the figures of App.MonitoringReport, the same the
// API, the PDF and the CSV give.
func (p *Pages) handleMonitoring(c *gin.Context) error {
	ctx := c.Request.Context()
	from, to, mun := monitoringPeriod(c)
	m, err := p.App.MonitoringReport(ctx, from, to, mun)
	if err != nil {
		return err
	}
	muns, err := p.App.AllMunicipalities(ctx)
	if err != nil {
		return err
	}
	page := monitoringPage{BasePage: p.base(c, "Monitoring"), M: m, From: from.Format("2006-01-02"), To: to.Format("2006-01-02"),
		Municipalities: muns, Query: c.Request.URL.RawQuery,
		CloseReasons: m.SortedCloseReasons(), RegieWeeks: report.RegieWeeks, WithRegie: m.Assigned + m.Closed, VoiceThreshold: p.App.MinRaters()}
	if mun != nil {
		page.Municipality = strconv.FormatInt(*mun, 10)
	}
	p.render(c, http.StatusOK, "report_monitoring", page)
	return nil
}

func (p *Pages) handleMonitoringPDF(c *gin.Context) error {
	from, to, mun := monitoringPeriod(c)
	m, err := p.App.MonitoringReport(c.Request.Context(), from, to, mun)
	if err != nil {
		return err
	}
	return sendPDF(c, "monitoringsrapport.pdf", func(b *bytes.Buffer) error { return report.MonitoringPDF(b, m) })
}

func (p *Pages) handleMonitoringCSV(c *gin.Context) error {
	from, to, mun := monitoringPeriod(c)
	m, err := p.App.MonitoringReport(c.Request.Context(), from, to, mun)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := report.MonitoringCSV(&buf, m); err != nil {
		return err
	}
	c.Header("Content-Disposition", `attachment; filename="monitoring.csv"`)
	c.Data(http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
	return nil
}
