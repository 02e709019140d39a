package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"regiepool/internal/domain"
)

// The coach's page of one 360 round: progress, and the forms that invite
// more raters, extend the deadline, close the round or approve a proposal.

const roundsPath = "/feedbackrondes/"

func roundPath(id int64) string { return roundsPath + strconv.FormatInt(id, 10) }

// roundSummary is one line of the rounds table.
type roundSummary struct {
	Href, Created, Deadline, Status string
	Answered, Invited               int
}

func summariseRound(r domain.FeedbackRound) roundSummary {
	s := roundSummary{Href: roundPath(r.ID), Created: domain.FormatDate(r.CreatedAt), Deadline: domain.FormatDate(r.Deadline), Status: roundStatus(r)}
	for _, x := range r.Raters {
		s.Invited++
		if x.Submitted {
			s.Answered++
		}
	}
	return s
}

func roundStatus(r domain.FeedbackRound) string {
	if r.Status == domain.RoundClosed {
		if r.ClosedAt != nil {
			return "Gesloten op " + domain.FormatDate(*r.ClosedAt)
		}
		return "Gesloten"
	}
	if r.Status == domain.RoundProposed {
		return "Voorgesteld door de regisseur, wacht op goedkeuring"
	}
	return "Open"
}

// roundPage is one round: progress, and the forms of an open round.
type roundPage struct {
	BasePage
	Round        domain.FeedbackRound
	Status       string
	Deadline     string
	Created      string
	Open         bool
	BackHref     string
	Notice       string
	Internal     []internalRater
	External     []string // per group: "2 van 5 partners hebben gereageerd"
	AddAction    string
	AddForm      raterForm
	ExtendAction string
	ExtendForm   form
	CloseAction  string
	CloseForm    form
	// ApproveAction is set for a round the regisseur proposed: the coach
	// approves it here.
	ApproveAction string
	// Problems holds errors of no form still shown: closing, or an action
	// on a round that was closed meanwhile.
	Problems      form
	AnyFormFailed bool
}

type internalRater struct {
	Name, Group   string
	Submitted     bool
	ShowsAnswered bool // domain.RaterGroup.ShowsWhoAnswered
}

// roundState is what the forms of the round page hold.
type roundState struct {
	add        raterInput
	addErrs    []domain.FieldError
	extend     string
	extendErrs []domain.FieldError
	closeErr   string
	closeErrs  []domain.FieldError
	notice     string
}

// roundNotices are the confirmations after a redirect, by query parameter.
var roundNotices = []struct{ param, text string }{
	{"gestart", "De feedbackronde is gestart. De beoordelaars met een account zien het verzoek bij 'Feedback geven'."},
	{"toegevoegd", "De beoordelaars zijn toegevoegd. Zij zien het verzoek bij 'Feedback geven'."},
	{"verlengd", "De deadline is verlengd. De links van externe beoordelaars werken tot en met de nieuwe deadline."},
	{"gesloten", "De feedbackronde is gesloten. De resultaten staan bij de ontwikkeling van de regisseur."},
	{"goedgekeurd", "De feedbackronde is goedgekeurd en open. De beoordelaars met een account zien het verzoek bij 'Feedback geven'."},
}

func (p *Pages) handleRound(c *gin.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	var st roundState
	if c.Query("zoeken") != "" || c.Query("pagina") != "" {
		// The picker's search: the whole form came along in the query.
		st.add = readRaterInput(raterValues(c))
	}
	for _, n := range roundNotices {
		if c.Query(n.param) == "1" {
			st.notice = n.text
			break
		}
	}
	return p.showRound(c, http.StatusOK, id, st)
}

// groupProgress tells per group how many raters answered (accounts and
// links alike): "2 van 5 partners hebben gereageerd" (domain.FeedbackRound.Progress).
func groupProgress(r domain.FeedbackRound) []string {
	var out []string
	for _, p := range r.Progress() {
		g, n := p.Group, p.Invited
		noun, verb := g.Names().Many, "hebben"
		if n == 1 {
			noun = g.Names().One
		}
		if n == 1 || p.Answered == 1 {
			verb = "heeft"
		}
		out = append(out, fmt.Sprintf("%d van %d %s %s gereageerd", p.Answered, n, noun, verb))
	}
	return out
}

func (p *Pages) showRound(c *gin.Context, status int, id int64, st roundState) error {
	ctx := c.Request.Context()
	r, err := p.App.FeedbackRound(ctx, id)
	if err != nil {
		return err
	}
	page := roundPage{Round: r, Status: roundStatus(r), Deadline: domain.FormatDate(r.Deadline), Created: domain.FormatDate(r.CreatedAt),
		Open: r.Status == domain.RoundOpen, BackHref: developmentPath(r.RegisseurID), Notice: st.notice,
		AddAction: roundPath(id) + "/beoordelaars", ExtendAction: roundPath(id) + "/deadline", CloseAction: roundPath(id) + "/sluiten",
		External: groupProgress(r)}
	if r.Status == domain.RoundProposed {
		page.ApproveAction = roundPath(id) + "/goedkeuren"
	}
	for _, x := range r.Raters {
		if !x.External {
			page.Internal = append(page.Internal, internalRater{Name: x.UserName, Group: x.Group.Label(), Submitted: x.Submitted,
				ShowsAnswered: x.Group.ShowsWhoAnswered()})
		}
	}
	if page.Open {
		pk, err := p.App.RaterPicker(ctx, r.RegisseurID, st.add.search(r.AccountRaters()))
		if err != nil {
			return err
		}
		page.AddForm = newRoundForm(st.add, pk, false, roundPath(id))
		page.AddForm.addErrors(st.addErrs...)
		ext := st.extend
		if ext == "" {
			ext = r.Deadline.AddDate(0, 0, 7).Format(isoDay)
		}
		page.ExtendForm = form{Fields: []formField{deadlineField(ext)}}
		page.ExtendForm.Fields[0].Label = "Nieuwe deadline"
		page.ExtendForm.Fields[0].Description = "Een datum na de huidige deadline (" + domain.FormatDate(r.Deadline) + "). De links van externe beoordelaars werken tot en met deze dag."
		page.ExtendForm.addErrors(st.extendErrs...)
		page.CloseForm = confirmForm(page.CloseAction, roundCloseConfirmLabel)
		page.CloseForm.addErrors(st.closeErrs...)
	}
	if st.closeErr != "" {
		page.Problems.Errors = append(page.Problems.Errors, formError{Text: st.closeErr})
	}
	if !page.Open {
		for _, fe := range append(st.addErrs, st.extendErrs...) {
			page.Problems.Errors = append(page.Problems.Errors, formError{Text: fe.Reason})
		}
	}
	page.AnyFormFailed = page.AddForm.Failed() || page.ExtendForm.Failed() || page.CloseForm.Failed() || page.Problems.Failed()
	title := "Feedbackronde voor " + r.RegisseurName
	if page.AnyFormFailed {
		title = "Fout: " + title
	}
	page.BasePage = p.base(c, title)
	p.render(c, status, "assess_round", page)
	return nil
}

// handleRoundAddRaters invites more raters to an open round.
func (p *Pages) handleRoundAddRaters(c *gin.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	ctx := c.Request.Context()
	r, err := p.App.FeedbackRound(ctx, id)
	if err != nil {
		return err
	}
	if r.Status != domain.RoundOpen {
		return p.showRound(c, http.StatusConflict, id, roundState{closeErr: "Deze feedbackronde is gesloten: er kunnen geen beoordelaars meer bij."})
	}
	in := readRaterInput(raterValues(c))
	pk, err := p.App.RaterPicker(ctx, r.RegisseurID, in.search(r.AccountRaters()))
	if err != nil {
		return err
	}
	raters, refs, fes := readRaters(in, raterCandidates(pk.Chosen))
	if len(fes) > 0 {
		return p.showRound(c, http.StatusBadRequest, id, roundState{add: in, addErrs: fes})
	}
	round, links, err := p.App.AddRaters(ctx, id, raters)
	if err == nil {
		if len(links) == 0 {
			c.Redirect(http.StatusSeeOther, roundPath(id)+"?toegevoegd=1")
			return nil
		}
		p.showLinks(c, "Beoordelaars toegevoegd", round, links)
		return nil
	}
	e, ok := onForm(err)
	if !ok {
		return err
	}
	st := roundState{add: in, addErrs: storeFieldErrors(e, refs)}
	if e.Code == domain.EConflict && len(e.Fields) == 0 && e.Key != "closed" {
		st.addErrs = []domain.FieldError{{Reason: "Een van deze accounts is al uitgenodigd voor deze ronde. Kies anderen."}}
	}
	return p.showRound(c, formStatus(e), id, st)
}

// handleRoundExtend moves the deadline of an open round to a later day.
func (p *Pages) handleRoundExtend(c *gin.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	s := strings.TrimSpace(c.PostForm("deadline"))
	deadline, fe := readDeadline(s)
	if fe != nil {
		return p.showRound(c, http.StatusBadRequest, id, roundState{extend: s, extendErrs: []domain.FieldError{*fe}})
	}
	if _, err := p.App.ExtendFeedbackRound(c.Request.Context(), id, deadline); err != nil {
		e, ok := onForm(err)
		if !ok {
			return err
		}
		return p.showRound(c, formStatus(e), id, roundState{extend: s, extendErrs: storeFieldErrors(e, nil)})
	}
	c.Redirect(http.StatusSeeOther, roundPath(id)+"?verlengd=1")
	return nil
}

// handleRoundApprove opens a round the regisseur proposed and shows the
// external raters' links once.
func (p *Pages) handleRoundApprove(c *gin.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	round, links, err := p.App.ApproveFeedbackRound(c.Request.Context(), id)
	if err != nil {
		e, ok := onForm(err)
		if !ok {
			return err
		}
		return p.showRound(c, formStatus(e), id, roundState{closeErr: e.Message})
	}
	if len(links) == 0 {
		c.Redirect(http.StatusSeeOther, roundPath(id)+"?goedgekeurd=1")
		return nil
	}
	p.showLinks(c, "Feedbackronde goedgekeurd", round, links)
	return nil
}

// roundCloseConfirmLabel is the statement that confirms closing a round.
const roundCloseConfirmLabel = "Ik weet dat sluiten definitief is"

// handleRoundClose closes an open round: the links stop working and the
// results are computed from what was sent.
func (p *Pages) handleRoundClose(c *gin.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	if fes := unconfirmed(c, "Vink aan dat u weet dat sluiten definitief is: een gesloten ronde gaat niet meer open."); fes != nil {
		return p.showRound(c, http.StatusBadRequest, id, roundState{closeErrs: fes})
	}
	if _, err := p.App.CloseFeedbackRound(c.Request.Context(), id); err != nil {
		e, ok := onForm(err)
		if !ok {
			return err
		}
		return p.showRound(c, formStatus(e), id, roundState{closeErr: e.Message})
	}
	c.Redirect(http.StatusSeeOther, roundPath(id)+"?gesloten=1")
	return nil
}
