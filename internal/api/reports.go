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
// The render is timed for the metrics.
func (h *handler) writePDF(c *gin.Context, name string, render func(*bytes.Buffer) error) error {
	var buf bytes.Buffer
	if err := h.App.RenderPDF(strings.TrimSuffix(name, ".pdf"), func() error { return render(&buf) }); err != nil {
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
	return h.writePDF(c, "ontwikkelrapport.pdf", func(b *bytes.Buffer) error { return report.DevelopmentPDF(b, d) })
}

func (h *handler) handlePoolReport(c *gin.Context) error {
	if !accepts(c, "application/pdf") {
		return errNotAcceptable("application/pdf")
	}
	p, err := h.App.PoolReport(c.Request.Context())
	if err != nil {
		return err
	}
	return h.writePDF(c, "poolrapport.pdf", func(b *bytes.Buffer) error { return report.PoolPDF(b, p) })
}

// monitoringJSON is the API shape of the monitoring report: the ten
// questions in order, then the other figures; every figure with its N, a
// suppressed one with a null value.
type monitoringJSON struct {
	From          string            `json:"from"`
	To            string            `json:"to"`
	RequestedFrom string            `json:"requestedFrom"`
	RequestedTo   string            `json:"requestedTo"`
	Municipality  *string           `json:"municipality"`
	PoolRound     *string           `json:"poolRound"`
	MinCell       int               `json:"minCell"`
	Questions     []report.Question `json:"questions"`
	Other         *report.Question  `json:"other"`
	GeneratedAt   time.Time         `json:"generatedAt"`
}

// monitoringFilter reads the monitoring report's filter (filterQuery) and
// checks its period as a report needs it.
func monitoringFilter(c *gin.Context) (domain.MonitoringFilter, error) {
	f, err := filterQuery(c)
	if err != nil {
		return f, err
	}
	return f, f.ValidateReport()
}

// filterQuery reads from, to, municipalityId and poolRoundId (the period
// defaults to app.DefaultMonitoringPeriod); every malformed parameter is
// reported by name.
func filterQuery(c *gin.Context) (domain.MonitoringFilter, error) {
	var f domain.MonitoringFilter
	f.From, f.To = app.DefaultMonitoringPeriod(time.Now())
	var fe []domain.FieldError
	for _, q := range []struct {
		key string
		dst *time.Time
	}{{"from", &f.From}, {"to", &f.To}} {
		if v, ok := c.GetQuery(q.key); ok {
			t, err := domain.ParseDate(v)
			if err != nil {
				fe = append(fe, domain.DateFieldError(q.key, err))
				continue
			}
			*q.dst = t
		}
	}
	fe = idQueries(c, fe, map[string]**int64{"municipalityId": &f.MunicipalityID, "poolRoundId": &f.PoolRoundID})
	if fe != nil {
		return f, domain.Invalid(fe...)
	}
	return f, nil
}

// handleMonitoringReport answers with a PDF, JSON or Dutch CSV by the
// Accept header, or with the CSV for tools (RFC 4180) for
// ?format=csv-rfc4180: aggregates only, never a person.
func (h *handler) handleMonitoringReport(c *gin.Context) error {
	f, err := monitoringFilter(c)
	rfc := false
	if v, ok := c.GetQuery("format"); ok {
		if v != report.CSVRFC4180 {
			e := domain.FieldError{Name: "format", Code: "oneof", Reason: "Kies " + report.CSVRFC4180 + " of laat format weg."}
			if de, ok := domain.AsError(err); ok && de.Code == domain.EInvalid {
				return domain.Invalid(append(de.Fields, e)...)
			}
			return domain.Invalid(e)
		}
		rfc = true
	}
	if err != nil {
		return err
	}
	wantJSON, wantCSV := preferred(c, "application/json"), preferred(c, "text/csv")
	if rfc && !accepts(c, "text/csv") {
		return errNotAcceptable("text/csv")
	}
	if !rfc && !wantJSON && !wantCSV && !accepts(c, "application/pdf") {
		return errNotAcceptable("application/pdf, application/json of text/csv")
	}
	m, err := h.App.MonitoringReport(c.Request.Context(), f)
	if err != nil {
		return err
	}
	switch {
	case rfc || (wantCSV && !wantJSON):
		flavour := report.CSVDutch
		if rfc {
			flavour = report.CSVRFC4180
		}
		var buf bytes.Buffer
		if err := report.MonitoringCSV(&buf, m, flavour); err != nil {
			return err
		}
		c.Header("Content-Disposition", `attachment; filename="`+report.MonitoringCSVName(m, flavour)+`"`)
		c.Data(http.StatusOK, report.CSVContentType(flavour), buf.Bytes())
		return nil
	case wantJSON:
		c.JSON(http.StatusOK, toMonitoringJSON(m))
		return nil
	default:
		return h.writePDF(c, "monitoringsrapport.pdf", func(b *bytes.Buffer) error { return report.MonitoringPDF(b, m) })
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
	out := monitoringJSON{From: m.From.Format(domain.ISODate), To: m.To.Format(domain.ISODate), RequestedFrom: m.AskedFrom.Format(domain.ISODate),
		RequestedTo: m.AskedTo.Format(domain.ISODate), MinCell: m.MinCell, Questions: m.Questions, Other: m.Other, GeneratedAt: m.GeneratedAt}
	if m.Municipality != "" {
		out.Municipality = &m.Municipality
	}
	if m.PoolRound != "" {
		out.PoolRound = &m.PoolRound
	}
	if out.Questions == nil {
		out.Questions = []report.Question{}
	}
	return out
}
