package api

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"regiepool/internal/app"
	"regiepool/internal/domain"
	"regiepool/internal/report"
)

// accepts reports whether the Accept header allows media type mt (a missing
// header or */* allows anything).
func accepts(c *gin.Context, mt string) bool {
	h := c.GetHeader("Accept")
	if h == "" {
		return true
	}
	for _, part := range strings.Split(h, ",") {
		t := strings.TrimSpace(strings.SplitN(part, ";", 2)[0])
		if t == mt || t == "*/*" || t == strings.SplitN(mt, "/", 2)[0]+"/*" {
			return true
		}
	}
	return false
}

func errNotAcceptable(types string) error {
	return domain.Errorf(domain.ENotAcceptable, "not_acceptable", "Dit rapport is beschikbaar als %s.", types)
}

// writePDF renders into a buffer first, so a rendering error is a clean 500.
func writePDF(c *gin.Context, name string, render func(*bytes.Buffer) error) error {
	var buf bytes.Buffer
	if err := render(&buf); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	c.Header("Content-Disposition", `inline; filename="`+name+`"`)
	c.Data(http.StatusOK, "application/pdf", buf.Bytes())
	return nil
}

func (h *handler) handleDevelopmentReport(c *gin.Context) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	if !accepts(c, "application/pdf") {
		return errNotAcceptable("application/pdf")
	}
	d, err := h.App.DevelopmentReport(c.Request.Context(), id)
	if err != nil {
		return err
	}
	return writePDF(c, "ontwikkelrapport.pdf", func(b *bytes.Buffer) error { return report.DevelopmentPDF(b, d) })
}

func (h *handler) handlePoolReport(c *gin.Context) error {
	if !accepts(c, "application/pdf") {
		return errNotAcceptable("application/pdf")
	}
	p, err := h.App.PoolReport(c.Request.Context())
	if err != nil {
		return err
	}
	return writePDF(c, "poolrapport.pdf", func(b *bytes.Buffer) error { return report.PoolPDF(b, p) })
}

// monitoringJSON is the API shape of the monitoring figures.
type monitoringJSON struct {
	From              string                 `json:"from"`
	To                string                 `json:"to"`
	Municipality      *string                `json:"municipality"`
	Cases             int                    `json:"cases"`
	MeetsDefinition   int                    `json:"meetsDefinition"`
	OutsideDefinition int                    `json:"outsideDefinition"`
	OutsidePool       int                    `json:"outsidePool"`
	Waiting           int                    `json:"waiting"`
	Assigned          int                    `json:"assigned"`
	Closed            int                    `json:"closed"`
	ResultAreas       []resultAreaJSON       `json:"resultAreas"`
	Voice             []voiceJSON            `json:"voice"`
	Overrides         []report.OverrideCount `json:"overrides"`
	Satisfaction      []satisfactionJSON     `json:"satisfaction"`
	HoursPerCase      report.Distribution    `json:"hoursPerCase"`
	ArrangementHours  float64                `json:"arrangementHours"`
	Handovers         int                    `json:"handovers"`
	CasesWithHandover int                    `json:"casesWithHandover"`
	CloseReasons      map[string]int         `json:"closeReasons"`
	DaysToAssignment  report.Distribution    `json:"daysToAssignment"`
}

type resultAreaJSON struct {
	ResultArea   int                `json:"resultArea"`
	Name         string             `json:"name"`
	Indicators   []report.Indicator `json:"indicators"`
	Satisfaction report.Mean        `json:"satisfaction"`
}

type voiceJSON struct {
	Kind          string   `json:"kind"`
	Label         string   `json:"label"`
	Issued        int      `json:"issued"`
	Answered      int      `json:"answered"`
	Shown         bool     `json:"shown"`
	Heard         *float64 `json:"heard"`
	Helped        *float64 `json:"helped"`
	Collaboration *float64 `json:"collaboration"`
}

type satisfactionJSON struct {
	ResultArea int     `json:"resultArea"`
	Mean       float64 `json:"mean"`
	N          int     `json:"n"`
}

// handleMonitoringReport answers with a PDF, JSON or CSV by the Accept
// header: figures only, never a person.
func (h *handler) handleMonitoringReport(c *gin.Context) error {
	from, to := app.DefaultMonitoringPeriod(time.Now())
	var fe []domain.FieldError
	for _, q := range []struct {
		key string
		dst *time.Time
	}{{"from", &from}, {"to", &to}} {
		if v, ok := c.GetQuery(q.key); ok {
			t, err := domain.ParseDate(v)
			if err != nil {
				fe = append(fe, domain.DateFieldError(q.key, err))
				continue
			}
			*q.dst = t
		}
	}
	var mun *int64
	fe = idQueries(c, fe, map[string]**int64{"municipalityId": &mun})
	if fe == nil && to.Before(from) {
		fe = append(fe, domain.FieldError{Name: "to", Code: "order", Reason: "De einddatum ligt op of na de begindatum."})
	}
	if fe != nil {
		return domain.Invalid(fe...)
	}
	wantJSON, wantCSV := preferred(c, "application/json"), preferred(c, "text/csv")
	if !wantJSON && !wantCSV && !accepts(c, "application/pdf") {
		return errNotAcceptable("application/pdf, application/json of text/csv")
	}
	m, err := h.App.MonitoringReport(c.Request.Context(), from, to, mun)
	if err != nil {
		return err
	}
	switch {
	case wantJSON:
		c.JSON(http.StatusOK, toMonitoringJSON(m))
		return nil
	case wantCSV:
		var buf bytes.Buffer
		if err := report.MonitoringCSV(&buf, m); err != nil {
			return err
		}
		c.Header("Content-Disposition", `attachment; filename="monitoring.csv"`)
		c.Data(http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
		return nil
	default:
		return writePDF(c, "monitoringsrapport.pdf", func(b *bytes.Buffer) error { return report.MonitoringPDF(b, m) })
	}
}

// preferred reports whether the Accept header names mt itself (not only a
// wildcard) before any PDF.
func preferred(c *gin.Context, mt string) bool {
	for _, part := range strings.Split(c.GetHeader("Accept"), ",") {
		t := strings.TrimSpace(strings.SplitN(part, ";", 2)[0])
		if t == "application/pdf" {
			return false
		}
		if t == mt {
			return true
		}
	}
	return false
}

func toMonitoringJSON(m report.Monitoring) monitoringJSON {
	out := monitoringJSON{From: m.From.Format("2006-01-02"), To: m.To.Format("2006-01-02"), Cases: m.Cases, MeetsDefinition: m.MeetsDefinition,
		OutsideDefinition: m.OutsideDefinition, OutsidePool: m.OutsidePool, Waiting: m.Waiting, Assigned: m.Assigned, Closed: m.Closed,
		HoursPerCase: m.HoursPerCase, ArrangementHours: m.ArrangementHours, Handovers: m.Handovers, CasesWithHandover: m.CasesWithHandover,
		CloseReasons: m.CloseReasons, DaysToAssignment: m.DaysToAssignment, Satisfaction: []satisfactionJSON{}}
	if m.Municipality != "" {
		out.Municipality = &m.Municipality
	}
	out.Voice, out.Overrides = []voiceJSON{}, m.Overrides
	if out.Overrides == nil {
		out.Overrides = []report.OverrideCount{}
	}
	for _, v := range m.Voice {
		out.Voice = append(out.Voice, voiceJSON{Kind: v.Kind, Label: v.Label, Issued: v.Issued, Answered: v.Answered, Shown: v.Shown,
			Heard: v.Heard, Helped: v.Helped, Collaboration: v.Collaboration})
	}
	for _, ra := range m.ResultAreas {
		out.ResultAreas = append(out.ResultAreas, resultAreaJSON{ResultArea: ra.Number, Name: ra.Name, Indicators: ra.Indicators, Satisfaction: ra.Satisfaction})
		out.Satisfaction = append(out.Satisfaction, satisfactionJSON{ResultArea: ra.Number, Mean: ra.Satisfaction.Mean, N: ra.Satisfaction.N})
	}
	return out
}
