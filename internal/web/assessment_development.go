package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"regiepool/internal/domain"
)

// The coach's development page of a regisseur: results, 360 rounds and the
// form that opens a round; and the links of new external raters, shown once.

func developmentPath(regisseurID int64) string {
	return "/regisseurs/" + strconv.FormatInt(regisseurID, 10) + "/ontwikkeling"
}

func developmentReportPath(regisseurID int64) string {
	return "/regisseurs/" + strconv.FormatInt(regisseurID, 10) + "/ontwikkelrapport"
}

func openRoundPath(regisseurID int64) string {
	return "/regisseurs/" + strconv.FormatInt(regisseurID, 10) + "/feedbackrondes"
}

// developmentPage is a regisseur's development for their coach or an admin.
type developmentPage struct {
	BasePage
	// ReportURL links the development report (PDF).
	ReportURL  string
	Name       string
	Action     string
	Results    resultsView
	Rounds     []roundSummary
	OpenRounds int
	Form       raterForm
	Notice     string
}

func (p *Pages) handleDevelopment(c *gin.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	in := raterInput{Deadline: time.Now().AddDate(0, 0, 21).Format(isoDay)}
	if c.Query("zoeken") != "" || c.Query("pagina") != "" {
		// The picker's search: the whole form came along in the query.
		in = readRaterInput(raterValues(c))
	}
	return p.showDevelopment(c, http.StatusOK, id, in, nil)
}

func (p *Pages) showDevelopment(c *gin.Context, status int, id int64, in raterInput, fes []domain.FieldError) error {
	d, err := p.App.Development(c.Request.Context(), id)
	if err != nil {
		return err
	}
	pk, err := p.App.RaterPicker(c.Request.Context(), id, in.search(nil))
	if err != nil {
		return err
	}
	f := newRoundForm(in, pk, true, developmentPath(id))
	f.addErrors(fes...)
	title := "Ontwikkeling van " + d.Regisseur.Name
	page := developmentPage{BasePage: p.base(c, formTitle(title, f)), Name: d.Regisseur.Name,
		Action: openRoundPath(id), Results: newResultsView(d.Report, false), Form: f,
		ReportURL: developmentReportPath(id)}
	for _, r := range d.Rounds {
		page.Rounds = append(page.Rounds, summariseRound(r))
		if r.Status == domain.RoundOpen {
			page.OpenRounds++
		}
	}
	p.render(c, status, "assess_development", page)
	return nil
}

// handleRoundOpen opens a 360 round with its first raters and shows the
// links of the external raters once.
func (p *Pages) handleRoundOpen(c *gin.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	ctx := c.Request.Context()
	in := readRaterInput(raterValues(c))
	pk, err := p.App.RaterPicker(ctx, id, in.search(nil))
	if err != nil {
		return err
	}
	raters, refs, fes := readRaters(in, raterCandidates(pk.Chosen))
	deadline, dfe := readDeadline(in.Deadline)
	if dfe != nil {
		fes = append([]domain.FieldError{*dfe}, fes...)
	}
	if len(fes) > 0 {
		return p.showDevelopment(c, http.StatusBadRequest, id, in, fes)
	}
	round, links, err := p.App.OpenFeedbackRound(ctx, id, deadline, raters)
	if err == nil {
		if len(links) == 0 {
			c.Redirect(http.StatusSeeOther, roundPath(round.ID)+"?gestart=1")
			return nil
		}
		p.showLinks(c, "Feedbackronde gestart", round, links)
		return nil
	}
	e, ok := onForm(err)
	if !ok {
		return err
	}
	return p.showDevelopment(c, formStatus(e), id, in, storeFieldErrors(e, refs))
}

// linksPage shows the links of new external raters, once, each with a
// copy button and an e-mail field (assessment_links_mail.go).
type linksPage struct {
	BasePage
	Heading    string
	Regisseur  string
	Links      []raterLinkView
	RoundHref  string
	MailAction string
	CanMail    bool // some link is not mailed yet
	Form       form // the e-mail fields, for the error summary
	Notice     string
	CopyScript string
}

type raterLinkView struct {
	ID, Label, URL string
	// N numbers the link in the mail form; RaterID is its rater, Email
	// the field for the address; Mailed the address it went to.
	N       int
	RaterID int64
	Email   formField
	Mailed  string
}

// showLinks renders the links as the application layer built them, on the
// public base URL. Only their hashes are stored: they cannot be shown again.
func (p *Pages) showLinks(c *gin.Context, heading string, round domain.FeedbackRound, links []domain.RaterLink) {
	views := make([]raterLinkView, len(links))
	for i, l := range links {
		views[i] = raterLinkView{RaterID: l.RaterID, URL: l.URL, Label: l.Group.Names().One}
	}
	p.renderLinks(c, http.StatusOK, heading, round, views, linksForm{})
}
