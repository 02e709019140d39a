package api

import (
	"bytes"
	"net/http"

	"github.com/gin-gonic/gin"

	"regiepool/internal/domain"
	"regiepool/internal/report"
)

// studyCaseJSON is one case of the file study: pseudonyms, codes, months
// and counts only.
type studyCaseJSON struct {
	Key          string                 `json:"key"`
	Municipality *string                `json:"municipality"`
	Registered   string                 `json:"registered"`
	Status       string                 `json:"status"`
	Definition   studyDefinitionJSON    `json:"definition"`
	LifeDomains  []string               `json:"lifeDomains"`
	SafetyRisk   string                 `json:"safetyRisk"`
	Urgency      int                    `json:"urgency"`
	Timeline     []studyStepJSON        `json:"timeline"`
	HoursSpent   float64                `json:"hoursSpent"`
	Evaluations  studyEvaluationsJSON   `json:"evaluations"`
	SelfReliance []studySelfRelianceRow `json:"selfReliance"`
	CloseReason  *string                `json:"closeReason"`
	FinalCheck   *studyFinalCheckJSON   `json:"finalCheck"`
	Regisseurs   []string               `json:"regisseurs"`
}

type studyDefinitionJSON struct {
	ParentsStruggle      bool    `json:"parentsStruggle"`
	SeveralDomains       bool    `json:"severalDomains"`
	SeveralProfessionals bool    `json:"severalProfessionals"`
	HighRisk             bool    `json:"highRisk"`
	MeetsDefinition      bool    `json:"meetsDefinition"`
	OutsidePool          *string `json:"outsidePool"`
}

type studyStepJSON struct {
	Kind  string `json:"kind"`
	Month string `json:"month"`
}

type studyEvaluationsJSON struct {
	Count          int `json:"count"`
	GoalsEvaluated int `json:"goalsEvaluated"`
	GoalsReached   int `json:"goalsReached"`
}

type studySelfRelianceRow struct {
	LifeDomain string `json:"lifeDomain"`
	Intake     *int   `json:"intake"`
	Latest     *int   `json:"latest"`
	Change     *int   `json:"change"`
}

type studyFinalCheckJSON struct {
	HelpWorks            *bool `json:"helpWorks"`
	FamilyDirectsOwnLife *bool `json:"familyDirectsOwnLife"`
}

func toStudyCaseJSON(c domain.StudyCase) studyCaseJSON {
	out := studyCaseJSON{Key: c.Key, Municipality: optString(c.Municipality), Registered: c.Registered, Status: c.Status,
		Definition: studyDefinitionJSON{ParentsStruggle: c.Definition.ParentsStruggle, SeveralDomains: c.Definition.SeveralDomains,
			SeveralProfessionals: c.Definition.SeveralProfessionals, HighRisk: c.Definition.HighRisk, MeetsDefinition: c.Definition.Meets,
			OutsidePool: optString(c.Definition.OutsidePool)},
		LifeDomains: c.LifeDomains, SafetyRisk: c.SafetyRisk, Urgency: c.Urgency, HoursSpent: c.HoursSpent,
		Evaluations: studyEvaluationsJSON{Count: c.Evaluations, GoalsEvaluated: c.GoalsEvaluated, GoalsReached: c.GoalsReached},
		CloseReason: optString(c.CloseReason), Regisseurs: c.Regisseurs, Timeline: []studyStepJSON{}, SelfReliance: []studySelfRelianceRow{}}
	if out.LifeDomains == nil {
		out.LifeDomains = []string{}
	}
	if out.Regisseurs == nil {
		out.Regisseurs = []string{}
	}
	for _, s := range c.Timeline {
		out.Timeline = append(out.Timeline, studyStepJSON{Kind: s.Kind, Month: s.Month})
	}
	for _, d := range c.SelfReliance {
		out.SelfReliance = append(out.SelfReliance, studySelfRelianceRow{LifeDomain: d.LifeDomain, Intake: d.Intake, Latest: d.Latest, Change: d.Change})
	}
	if c.FinalCheck != nil {
		out.FinalCheck = &studyFinalCheckJSON{HelpWorks: c.FinalCheck.HelpWorks, FamilyDirectsOwnLife: c.FinalCheck.FamilyDirectsOwnLife}
	}
	return out
}

// handleMonitoringCases answers the file study: a page of JSON, or with
// Accept: text/csv every case of the filter as one CSV (Dutch; with
// ?format=csv-rfc4180 for tools).
func (h *handler) handleMonitoringCases(c *gin.Context) error {
	f, err := filterQuery(c)
	if err != nil {
		return err
	}
	ctx := c.Request.Context()
	if preferred(c, "text/csv") {
		format := c.Query("format")
		if format != "" && format != "csv-rfc4180" {
			return domain.Invalid(domain.FieldError{Name: "format", Code: "oneof", Reason: "Laat format weg voor de Nederlandse CSV, of kies csv-rfc4180."})
		}
		cases, err := h.App.MonitoringCasesExport(ctx, f)
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
	if !accepts(c, "application/json") {
		return errNotAcceptable("application/json of text/csv")
	}
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	cases, total, err := h.App.MonitoringCases(ctx, f, p)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, newPage(c, p, total, mapAll(cases, toStudyCaseJSON)))
	return nil
}
