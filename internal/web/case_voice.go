package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"regiepool/internal/app"
	"regiepool/internal/domain"
)

// The family's and the parties' voice on a case's page (issue 13, item 11):
// per kind of respondent the links handed out and answered, the answers
// from the threshold on, and the form that makes new links (shown once, on
// a page of their own).

// voiceSection is the part of the case page about the voice.
type voiceSection struct {
	Threshold int
	Rows      []voiceRow
	// Form makes links (domain.CanIssueVoice); nil otherwise.
	Form *form
	// Moment names the moment new links are for; MomentCode is its code;
	// CloseDate is the day of the close, for links at the close.
	Moment, MomentCode, CloseDate string
}

type voiceRow struct {
	Kind             string
	Issued, Answered int
	Shown            bool
	Scores           []string
	WentWell         []string
	CouldBeBetter    []string
}

// voiceScoreLabels name the scales on the case page.
var voiceScoreLabels = []struct {
	label string
	get   func(domain.VoiceSummary) *float64
}{
	{"Voelde zich gehoord", func(s domain.VoiceSummary) *float64 { return s.Heard }},
	{"De hulp hielp", func(s domain.VoiceSummary) *float64 { return s.Helped }},
	{"Samenwerking met de regisseur", func(s domain.VoiceSummary) *float64 { return s.Collaboration }},
}

// voiceSectionOf is the voice part of the page; nil when the actor does not
// see it. failed is the link form of a refused attempt.
func voiceSectionOf(a *domain.Actor, d app.CaseDetail, failed *form) *voiceSection {
	if d.Voice == nil {
		return nil
	}
	k := d.Case
	s := &voiceSection{Threshold: d.Voice.Threshold, MomentCode: domain.VoiceMomentOf(k)}
	s.Moment = strings.ToLower(domain.VoiceMomentLabels[s.MomentCode])
	if k.ClosedAt != nil {
		s.CloseDate = domain.FormatDate(*k.ClosedAt)
	}
	for _, x := range d.Voice.Summaries {
		row := voiceRow{Kind: domain.RespondentKindLabels[x.Kind], Issued: x.Issued, Answered: x.Answered, Shown: x.Shown,
			WentWell: x.WentWell, CouldBeBetter: x.CouldBeBetter}
		for _, l := range voiceScoreLabels {
			if m := l.get(x); m != nil {
				row.Scores = append(row.Scores, l.label+": gemiddeld "+domain.FormatNumber(*m, 1)+" van 5")
			}
		}
		s.Rows = append(s.Rows, row)
	}
	if domain.CanIssueVoice(a, k, time.Now()) {
		s.Form = failed
		if s.Form == nil {
			f := voiceIssueForm(k, map[string]string{"momentDate": time.Now().Format(isoDay)})
			s.Form = &f
		}
	}
	return s
}

// voiceCountName is the form name of the number of links for kind k.
func voiceCountName(k domain.RespondentKind) string { return "aantal-" + string(k) }

func voiceIssueForm(k domain.Case, in map[string]string) form {
	f := form{Action: casePath(k.ID) + "/vragenlijsten"}
	if domain.VoiceMomentOf(k) == domain.VoiceAtEvaluation {
		f.Fields = append(f.Fields, formField{Name: "momentDate", Label: "Datum van de evaluatie", Kind: "date", Value: in["momentDate"], Required: true,
			Description: "De vragen gaan over deze evaluatie. Niet in de toekomst."})
	}
	f.Fields = append(f.Fields, formField{Name: "respondents", Label: "Hoeveel links?", Kind: "group",
		Description: fmt.Sprintf("Eén link per persoon of organisatie, per soort 0 tot en met %d. Een link werkt één keer, %d dagen lang.", domain.MaxVoiceLinks, domain.VoiceLinkDays)})
	for _, r := range domain.RespondentKinds {
		v, ok := in[voiceCountName(r)]
		if !ok {
			v = "0"
		}
		f.Fields = append(f.Fields, formField{Name: voiceCountName(r), Label: domain.RespondentKindLabels[r], Kind: "number",
			Value: v, Inputmode: "numeric", Autocomplete: "off"})
	}
	return f
}

// handleCaseVoiceIssue makes questionnaire links and shows them once.
func (p *Pages) handleCaseVoiceIssue(c *gin.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	in := map[string]string{"momentDate": strings.TrimSpace(c.PostForm("momentDate"))}
	r := domain.VoiceRequest{Moment: c.PostForm("moment"), Counts: map[domain.RespondentKind]int{}}
	var fes []domain.FieldError
	if in["momentDate"] != "" {
		d, err := domain.ParseTypedDate(in["momentDate"])
		if err != nil {
			fes = append(fes, domain.DateFieldError("momentDate", err))
		} else {
			r.MomentDate = &d
		}
	}
	for _, k := range domain.RespondentKinds {
		name := voiceCountName(k)
		v := strings.TrimSpace(c.PostForm(name))
		in[name] = v
		if v == "" {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > domain.MaxVoiceLinks {
			fes = append(fes, domain.FieldError{Name: name, Code: "range", Reason: fmt.Sprintf("Vul een heel getal in van 0 tot en met %d.", domain.MaxVoiceLinks)})
			continue
		}
		r.Counts[k] = n
	}
	ctx := c.Request.Context()
	if fes == nil {
		links, err := p.App.IssueVoiceLinks(ctx, id, r)
		if err == nil {
			p.showVoiceLinks(c, id, links)
			return nil
		}
		e, ok := onForm(err)
		if !ok {
			return err
		}
		return p.voiceFormAgain(c, formStatus(e), id, in, e)
	}
	return p.voiceFormAgain(c, http.StatusBadRequest, id, in, domain.Invalid(fes...))
}

// voiceFormAgain shows the case with the link form of a refused attempt.
func (p *Pages) voiceFormAgain(c *gin.Context, status int, id int64, in map[string]string, e *domain.Error) error {
	d, err := p.App.CaseDetail(c.Request.Context(), id)
	if err != nil {
		return err
	}
	f := voiceIssueForm(d.Case, in)
	f.fail(e)
	p.renderCase(c, status, d, caseForms{voice: &f}, "")
	return nil
}

type voiceLinksPage struct {
	BasePage
	Heading, Until, CaseHref string
	Threshold                int
	Groups                   []voiceLinkGroup
	CopyScript               string
	MailAction               string
	CanMail                  bool
	Form                     form
}

type voiceLinkGroup struct {
	Label string
	Links []voiceLinkRow
}

// voiceLinkRow is one link; N numbers it in the mail form, Email is the
// field for its address, Mailed the address it went to.
type voiceLinkRow struct {
	ID, Label, URL string
	N              int
	Email          formField
	Mailed         string
}

func (p *Pages) showVoiceLinks(c *gin.Context, caseID int64, links []domain.VoiceLink) {
	views := make([]voiceLinkView, len(links))
	for i, l := range links {
		views[i] = voiceLinkView{Kind: l.Kind, URL: l.URL, Until: l.ExpiresAt}
	}
	p.renderVoiceLinks(c, http.StatusCreated, caseID, views, linksForm{})
}
