package web

import (
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"regiepool/internal/app"
	"regiepool/internal/domain"
)

// The pre-selection form on a member's page: the result of the personality
// test, with the provider's report as an optional PDF upload.

type poolPreInput struct {
	TestDate, Instrument, Provider, Outcome, Pitfalls, AttentionPoints string
	CompetencyKeys                                                     []string
}

func poolPreInputFrom(ps *domain.PreSelection) poolPreInput {
	if ps == nil || ps.OutcomeOnly {
		return poolPreInput{}
	}
	return poolPreInput{TestDate: ps.TestDate.Format(isoDay), Instrument: ps.InstrumentName, Provider: ps.Provider, Outcome: ps.Outcome,
		Pitfalls: strings.Join(ps.Pitfalls, "\n"), AttentionPoints: strings.Join(ps.AttentionPoints, "\n"), CompetencyKeys: ps.CompetencyKeys}
}

func poolPreSelectionForm(id int64, in poolPreInput, hasReport bool, comps []app.CompetencyName) form {
	f := form{Action: poolMemberPath(id) + "/voorselectie"}
	outcome := formField{Name: "outcome", Label: "Uitkomst", Kind: "radios"}
	for _, o := range domain.Outcomes {
		outcome.Options = append(outcome.Options, formOption{Value: o, Label: domain.OutcomeLabels[o], Checked: in.Outcome == o})
	}
	f.Fields = append(f.Fields,
		formField{Name: "testDate", Label: "Datum van de test", Kind: "date", Value: in.TestDate, Required: true},
		formField{Name: "instrumentName", Label: "Instrument", Kind: "text", Value: in.Instrument, Required: true, Autocomplete: "off",
			Description: "De naam van de gevalideerde persoonlijkheidstest."},
		formField{Name: "provider", Label: "Aanbieder", Kind: "text", Value: in.Provider, Required: true, Autocomplete: "off"},
		outcome,
		formField{Name: "pitfalls", Label: "Valkuilen", Kind: "textarea", Value: in.Pitfalls, Optional: true,
			Description: "Eén valkuil per regel, hoogstens 20."},
		formField{Name: "attentionPoints", Label: "Aandachtspunten", Kind: "textarea", Value: in.AttentionPoints, Optional: true,
			Description: "Eén aandachtspunt per regel, hoogstens 20."},
		poolPreCompetencies(in.CompetencyKeys, comps),
		formField{Name: "report", Label: "Rapport van de aanbieder", Kind: "file", Optional: true, Description: poolReportDescription(hasReport)},
	)
	return f
}

// poolPreCompetencies is the optional choice of the competencies the
// pitfalls and attention points concern: the pilot's monitoring compares
// them with later development goals and 360 weak points (issue 15).
func poolPreCompetencies(checked []string, comps []app.CompetencyName) formField {
	f := formField{Name: "competencyKeys", Label: "Competenties van de valkuilen en aandachtspunten", Kind: "checkboxes", Optional: true,
		Description: "Niet verplicht. Kies de competenties waar de valkuilen en aandachtspunten over gaan; de monitoring vergelijkt ze later met ontwikkeldoelen en 360-feedback.",
		Empty:       "Er is nog geen competentieprofiel geladen."}
	for _, c := range comps {
		f.Options = append(f.Options, formOption{Value: c.Key, Label: c.Name, Checked: slices.Contains(checked, c.Key)})
	}
	return f
}

func poolReportDescription(hasReport bool) string {
	if hasReport {
		return "Een PDF-bestand van hoogstens 5 MB. Er is al een rapport bewaard: kiest u geen nieuw bestand, dan blijft dat staan."
	}
	return "Een PDF-bestand van hoogstens 5 MB."
}

// poolUploadLimit bounds the whole request of the pre-selection form: the
// report plus the text fields.
const poolUploadLimit = domain.MaxReportSize + 1<<20

// handlePoolPreSelection records (or corrects) the pre-selection, with an
// optional PDF report.
func (p *Pages) handlePoolPreSelection(c *gin.Context) error {
	d, err := p.loadPoolMember(c)
	if err != nil {
		return err
	}
	var fes []domain.FieldError
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, poolUploadLimit)
	if c.ContentType() == "multipart/form-data" {
		if err := c.Request.ParseMultipartForm(1 << 20); err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				fes = append(fes, domain.FieldError{Name: "report", Code: "size", Reason: "Het rapport is groter dan 5 MB."})
			} else {
				fes = append(fes, domain.FieldError{Name: "report", Code: "read", Reason: "Het formulier kon niet worden gelezen. Probeer het opnieuw."})
			}
		}
	}
	in := poolPreInput{TestDate: c.PostForm("testDate"), Instrument: c.PostForm("instrumentName"), Provider: c.PostForm("provider"),
		Outcome: c.PostForm("outcome"), Pitfalls: c.PostForm("pitfalls"), AttentionPoints: c.PostForm("attentionPoints"),
		CompetencyKeys: c.PostFormArray("competencyKeys")}
	ps := domain.PreSelection{InstrumentName: in.Instrument, Provider: in.Provider, Outcome: in.Outcome,
		Pitfalls: poolSplitLines(in.Pitfalls), AttentionPoints: poolSplitLines(in.AttentionPoints), CompetencyKeys: in.CompetencyKeys}
	if t, ok := parseDay(in.TestDate); ok {
		ps.TestDate = t
	}
	var report *domain.ReportFile
	if len(fes) == 0 {
		var rfes []domain.FieldError
		report, rfes = poolReadReport(c)
		fes = append(fes, rfes...)
		// An unreadable request has no fields to check.
		if e, ok := domain.AsError(ps.Validate()); ok {
			fes = append(fes, e.Fields...)
		}
	}
	show := func(status int, fail func(*form)) error {
		f := poolPreSelectionForm(d.Member.ID, in, false, d.Competencies)
		fail(&f)
		return p.showPoolMember(c, status, d, poolMemberForms{pre: &f}, "")
	}
	if len(fes) > 0 {
		return show(http.StatusBadRequest, func(f *form) { f.addErrors(fes...) })
	}
	_, err = p.App.RecordPreSelection(c.Request.Context(), d.Member.ID, ps, report)
	if e, ok := onForm(err); ok {
		return show(formStatus(e), func(f *form) { f.fail(e) })
	}
	if err != nil {
		return err
	}
	c.Redirect(http.StatusSeeOther, poolMemberPath(d.Member.ID)+"?opgeslagen=1")
	return nil
}

// poolReadReport reads the uploaded report of the pre-selection form, if
// any: at most one byte over the limit, so the application layer can tell
// it is too large.
func poolReadReport(c *gin.Context) (*domain.ReportFile, []domain.FieldError) {
	unreadable := []domain.FieldError{{Name: "report", Code: "read", Reason: "Het rapport kon niet worden gelezen. Probeer het opnieuw."}}
	fh, err := c.FormFile("report")
	switch {
	case errors.Is(err, http.ErrMissingFile) || errors.Is(err, http.ErrNotMultipart):
		return nil, nil
	case err != nil:
		return nil, unreadable
	case fh.Size > domain.MaxReportSize:
		return nil, []domain.FieldError{{Name: "report", Code: "size", Reason: "Het rapport is groter dan 5 MB."}}
	}
	body, err := poolReadUpload(fh)
	if err != nil {
		return nil, unreadable
	}
	return &domain.ReportFile{Name: fh.Filename, Body: body}, nil
}

func poolReadUpload(fh *multipart.FileHeader) ([]byte, error) {
	f, err := fh.Open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, domain.MaxReportSize+1))
}
