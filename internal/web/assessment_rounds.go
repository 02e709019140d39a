package web

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"regiepool/internal/assessment"
	"regiepool/internal/domain"
)

// The coach's pages: a regisseur's development (results and 360 rounds), one
// round, and the links of new external raters, shown once.

const roundsPath = "/feedbackrondes/"

func developmentPath(regisseurID int64) string {
	return "/regisseurs/" + strconv.FormatInt(regisseurID, 10) + "/ontwikkeling"
}

func roundPath(id int64) string { return roundsPath + strconv.FormatInt(id, 10) }

// maxExternal caps the number of links of one group made at once.
const maxExternal = 30

// internalGroups are the groups an account can be invited in, with the
// option text; externalGroups are those an external link is made for, with
// the label of their count.
var (
	internalGroups = []struct {
		group assessment.Group
		label string
	}{
		{assessment.GroupCoach, "Als begeleider"},
		{assessment.GroupManager, "Als leidinggevende"},
		{assessment.GroupPeer, "Als collega"},
		{assessment.GroupPartner, "Als samenwerkingspartner"},
	}
	externalGroups = []struct {
		group assessment.Group
		label string
	}{
		{assessment.GroupPartner, "Aantal externe partners"},
		{assessment.GroupFamily, "Aantal externe gezinsleden"},
		{assessment.GroupPeer, "Aantal externe collega's"},
		{assessment.GroupManager, "Aantal externe leidinggevenden"},
	}
)

// raterCandidate is an account that can be invited to rate.
type raterCandidate struct {
	UserID int64
	Label  string
}

// raterCandidates lists the accounts the actor may invite for regisseur reg:
// the users they can see, and the regisseurs in their scope who have an
// account (for a coach: their other coachees, as colleagues). The regisseur
// themself and the accounts in skip are left out.
func (p *Pages) raterCandidates(ctx context.Context, reg domain.Regisseur, skip []int64) ([]raterCandidate, error) {
	if reg.UserID != nil {
		skip = append(skip, *reg.UserID)
	}
	seen := map[int64]bool{}
	for _, id := range skip {
		seen[id] = true
	}
	var out []raterCandidate
	users, _, err := p.DB.FindUsers(ctx, domain.Page{Page: 1, PageSize: domain.MaxPageSize})
	if err != nil {
		return nil, err
	}
	for _, u := range users {
		if seen[u.ID] || u.Disabled() {
			continue
		}
		seen[u.ID] = true
		label := u.Name
		if roles := roleLabels(u.Roles); len(roles) > 0 {
			label += " (" + strings.Join(roles, ", ") + ")"
		}
		out = append(out, raterCandidate{UserID: u.ID, Label: label})
	}
	regs, _, err := p.DB.FindRegisseurs(ctx, domain.Page{Page: 1, PageSize: domain.MaxPageSize})
	if err != nil {
		return nil, err
	}
	for _, r := range regs {
		if r.UserID == nil || seen[*r.UserID] || r.ID == reg.ID {
			continue
		}
		seen[*r.UserID] = true
		out = append(out, raterCandidate{UserID: *r.UserID, Label: r.Name + " (Regisseur)"})
	}
	slices.SortFunc(out, func(a, b raterCandidate) int {
		return strings.Compare(strings.ToLower(a.Label), strings.ToLower(b.Label))
	})
	return out, nil
}

// raterInput is the rater part of a round form as typed.
type raterInput struct {
	Deadline string
	Internal map[int64]string            // account → group
	External map[assessment.Group]string // group → count
}

// HasDeadline reports whether the form asks for a deadline.
func (f form) HasDeadline() bool { return f.Field("deadline").Name != "" }

func deadlineField(value string) formField {
	return formField{Name: "deadline", Label: "Deadline", Kind: "date", Value: value, Required: true,
		Description: "De laatste dag waarop beoordelaars kunnen reageren: de links werken tot en met deze dag."}
}

func newRoundForm(in raterInput, cands []raterCandidate, withDeadline bool) form {
	var f form
	if withDeadline {
		f.Fields = append(f.Fields, deadlineField(in.Deadline))
	}
	for _, c := range cands {
		fl := formField{Name: "intern-" + strconv.FormatInt(c.UserID, 10), Label: c.Label, Kind: "select"}
		cur := in.Internal[c.UserID]
		fl.Options = append(fl.Options, formOption{Value: "", Label: "Niet uitnodigen", Checked: cur == ""})
		for _, g := range internalGroups {
			fl.Options = append(fl.Options, formOption{Value: string(g.group), Label: g.label, Checked: cur == string(g.group)})
		}
		f.Fields = append(f.Fields, fl)
	}
	for _, g := range externalGroups {
		v, ok := in.External[g.group]
		if !ok {
			v = "0"
		}
		f.Fields = append(f.Fields, formField{Name: "extern-" + string(g.group), Label: g.label, Kind: "number",
			Value: v, Inputmode: "numeric", Autocomplete: "off"})
	}
	return f
}

var internalName = regexp.MustCompile(`^intern-([0-9]+)$`)

// readRaters reads the raters of a round form. refs names the control of
// each new rater, to place the store's errors "raters[i].…" on it.
func readRaters(c *gin.Context, cands []raterCandidate) (raterInput, []domain.NewRater, []string, []domain.FieldError) {
	in := raterInput{Deadline: strings.TrimSpace(c.PostForm("deadline")), Internal: map[int64]string{}, External: map[assessment.Group]string{}}
	var raters []domain.NewRater
	var refs []string
	var fes []domain.FieldError
	offered := map[int64]bool{}
	for _, cand := range cands {
		offered[cand.UserID] = true
	}
	_ = c.Request.ParseForm()
	for key := range c.Request.PostForm {
		if m := internalName.FindStringSubmatch(key); m != nil {
			if id, err := strconv.ParseInt(m[1], 10, 64); err != nil || !offered[id] {
				fes = append(fes, domain.FieldError{Name: "raters", Code: "oneof", Reason: "Kies beoordelaars met een account uit de lijst."})
				break
			}
		}
	}
	for _, cand := range cands {
		name := "intern-" + strconv.FormatInt(cand.UserID, 10)
		v := c.PostForm(name)
		if v == "" {
			continue
		}
		in.Internal[cand.UserID] = v
		ok := false
		for _, g := range internalGroups {
			ok = ok || string(g.group) == v
		}
		if !ok {
			fes = append(fes, domain.FieldError{Name: name, Code: "oneof", Reason: "Kies een groep uit de lijst."})
			continue
		}
		uid := cand.UserID
		raters = append(raters, domain.NewRater{Group: v, UserID: &uid})
		refs = append(refs, name)
	}
	for _, g := range externalGroups {
		name := "extern-" + string(g.group)
		s := strings.TrimSpace(c.PostForm(name))
		in.External[g.group] = s
		if s == "" {
			continue
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 || n > maxExternal {
			fes = append(fes, domain.FieldError{Name: name, Code: "range", Reason: fmt.Sprintf("Vul een aantal van 0 tot en met %d in.", maxExternal)})
			continue
		}
		for range n {
			raters = append(raters, domain.NewRater{Group: string(g.group)})
			refs = append(refs, name)
		}
	}
	if len(raters) == 0 && len(fes) == 0 {
		fes = append(fes, domain.FieldError{Name: "raters", Code: "required",
			Reason: "Nodig ten minste één beoordelaar uit: kies iemand met een account of vul een aantal externe beoordelaars in."})
	}
	return in, raters, refs, fes
}

// placeRaterErrors renames the store's "raters[i].…" errors to the control
// the rater came from.
func placeRaterErrors(fes []domain.FieldError, refs []string) []domain.FieldError {
	out := make([]domain.FieldError, 0, len(fes))
	seen := map[string]bool{}
	for _, fe := range fes {
		var i int
		var rest string
		if n, _ := fmt.Sscanf(fe.Name, "raters[%d]%s", &i, &rest); n >= 1 && i >= 0 && i < len(refs) {
			fe.Name = refs[i]
		}
		if key := fe.Name + "\x00" + fe.Reason; !seen[key] {
			seen[key] = true
			out = append(out, fe)
		}
	}
	return out
}

// parseDeadlineDay reads a date as the date input sends it (jjjj-mm-dd) or as typed
// (dd-mm-jjjj).
func parseDeadlineDay(s string) (time.Time, bool) {
	for _, layout := range []string{isoDay, "2-1-2006", "02-01-2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

func readDeadline(s string) (time.Time, *domain.FieldError) {
	if s == "" {
		return time.Time{}, &domain.FieldError{Name: "deadline", Code: "required", Reason: "Vul een deadline in."}
	}
	t, ok := parseDeadlineDay(s)
	if !ok {
		return time.Time{}, &domain.FieldError{Name: "deadline", Code: "date", Reason: "Vul een datum in, bijvoorbeeld " + time.Now().AddDate(0, 0, 14).Format(dayFormat) + "."}
	}
	return t, nil
}

// roundSummary is one line of the rounds table.
type roundSummary struct {
	Href, Created, Deadline, Status string
	Answered, Invited               int
}

func summariseRound(r domain.FeedbackRound) roundSummary {
	s := roundSummary{Href: roundPath(r.ID), Created: day(r.CreatedAt), Deadline: day(r.Deadline), Status: roundStatus(r)}
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
			return "Gesloten op " + day(*r.ClosedAt)
		}
		return "Gesloten"
	}
	if r.Status == domain.RoundProposed {
		return "Voorgesteld door de regisseur, wacht op goedkeuring"
	}
	return "Open"
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
	Form       form
	Notice     string
}

func (p *Pages) handleDevelopment(c *gin.Context) {
	id, ok := p.pathID(c)
	if !ok {
		return
	}
	in := raterInput{Deadline: time.Now().AddDate(0, 0, 21).Format(isoDay)}
	p.showDevelopment(c, http.StatusOK, id, in, nil)
}

func (p *Pages) showDevelopment(c *gin.Context, status int, id int64, in raterInput, fes []domain.FieldError) {
	ctx := c.Request.Context()
	reg, err := p.DB.FindRegisseurByID(ctx, id)
	if err != nil {
		p.storeFailed(c, "find regisseur", err)
		return
	}
	data, err := p.DB.FindAssessmentData(ctx, id)
	if err != nil {
		p.storeFailed(c, "assessment data", err)
		return
	}
	rounds, err := p.DB.FindFeedbackRounds(ctx, id)
	if err != nil {
		p.storeFailed(c, "find rounds", err)
		return
	}
	cands, err := p.raterCandidates(ctx, reg, nil)
	if err != nil {
		p.adminInternalError(c, "rater candidates", err)
		return
	}
	f := newRoundForm(in, cands, true)
	f.addErrors(fes...)
	title := "Ontwikkeling van " + reg.Name
	page := developmentPage{BasePage: p.base(c, formTitle(title, f)), Name: reg.Name,
		Action:  "/regisseurs/" + strconv.FormatInt(id, 10) + "/feedbackrondes",
		Results: newResultsView(data.Report(p.minRaters()), data.SelfAt, p.minRaters(), false), Form: f,
		ReportURL: "/regisseurs/" + strconv.FormatInt(id, 10) + "/ontwikkelrapport"}
	for _, r := range rounds {
		page.Rounds = append(page.Rounds, summariseRound(r))
		if r.Status == domain.RoundOpen {
			page.OpenRounds++
		}
	}
	p.render(c, status, "assess_development", page)
}

// handleRoundOpen opens a 360 round with its first raters and shows the
// links of the external raters once.
func (p *Pages) handleRoundOpen(c *gin.Context) {
	id, ok := p.pathID(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	reg, err := p.DB.FindRegisseurByID(ctx, id)
	if err != nil {
		p.storeFailed(c, "find regisseur", err)
		return
	}
	cands, err := p.raterCandidates(ctx, reg, nil)
	if err != nil {
		p.adminInternalError(c, "rater candidates", err)
		return
	}
	in, raters, refs, fes := readRaters(c, cands)
	deadline, dfe := readDeadline(in.Deadline)
	if dfe != nil {
		fes = append([]domain.FieldError{*dfe}, fes...)
	}
	if len(fes) > 0 {
		p.showDevelopment(c, http.StatusBadRequest, id, in, fes)
		return
	}
	round, links, err := p.DB.OpenFeedbackRound(ctx, id, deadline, raters)
	if err == nil {
		if len(links) == 0 {
			c.Redirect(http.StatusSeeOther, roundPath(round.ID)+"?gestart=1")
			return
		}
		p.showLinks(c, "Feedbackronde gestart", round, links)
		return
	}
	e := p.adminStoreError(c, err, "open feedback round")
	if e == nil {
		return
	}
	p.showDevelopment(c, formStatus(e), id, in, storeFieldErrors(e, refs))
}

// storeFieldErrors turns a store error of a round form into field errors;
// one without fields becomes a line of the summary.
func storeFieldErrors(e *domain.Error, refs []string) []domain.FieldError {
	if len(e.Fields) == 0 {
		return []domain.FieldError{{Name: "", Code: e.Code, Reason: e.Message}}
	}
	return placeRaterErrors(e.Fields, refs)
}

// linksPage shows the links of new external raters, once.
type linksPage struct {
	BasePage
	Heading   string
	Regisseur string
	Links     []raterLinkView
	RoundHref string
}

type raterLinkView struct {
	ID, Label, URL string
}

// showLinks renders the links with the address this request came in on.
// Only their hashes are stored: they cannot be shown again.
func (p *Pages) showLinks(c *gin.Context, heading string, round domain.FeedbackRound, links []domain.RaterLink) {
	scheme := "http"
	if c.Request.TLS != nil || p.SecureCookies {
		scheme = "https"
	}
	base := scheme + "://" + c.Request.Host + externalPath
	page := linksPage{BasePage: p.base(c, heading), Heading: heading, Regisseur: round.RegisseurName, RoundHref: roundPath(round.ID)}
	count := map[string]int{}
	for i, l := range links {
		count[l.Group]++
		page.Links = append(page.Links, raterLinkView{ID: "link-" + strconv.Itoa(i+1),
			Label: "Link voor " + groupOne[assessment.Group(l.Group)] + " " + strconv.Itoa(count[l.Group]), URL: base + l.Token})
	}
	p.render(c, http.StatusOK, "assess_links", page)
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
	External     []string // "2 van 5 partners hebben gereageerd"
	AddAction    string
	AddForm      form
	ExtendAction string
	ExtendForm   form
	CloseAction  string
	// ApproveAction is set for a round the regisseur proposed: the coach
	// approves it here.
	ApproveAction string
	// Problems holds errors of no form still shown: closing, or an action
	// on a round that was closed meanwhile.
	Problems      form
	AnyFormFailed bool
}

type internalRater struct {
	Name, Group string
	Submitted   bool
}

// roundState is what the forms of the round page hold.
type roundState struct {
	add        raterInput
	addErrs    []domain.FieldError
	extend     string
	extendErrs []domain.FieldError
	closeErr   string
	notice     string
}

func (p *Pages) handleRound(c *gin.Context) {
	id, ok := p.pathID(c)
	if !ok {
		return
	}
	var st roundState
	switch {
	case c.Query("gestart") == "1":
		st.notice = "De feedbackronde is gestart. De beoordelaars met een account zien het verzoek bij 'Feedback geven'."
	case c.Query("toegevoegd") == "1":
		st.notice = "De beoordelaars zijn toegevoegd. Zij zien het verzoek bij 'Feedback geven'."
	case c.Query("verlengd") == "1":
		st.notice = "De deadline is verlengd. De links van externe beoordelaars werken tot en met de nieuwe deadline."
	case c.Query("gesloten") == "1":
		st.notice = "De feedbackronde is gesloten. De resultaten staan bij de ontwikkeling van de regisseur."
	case c.Query("goedgekeurd") == "1":
		st.notice = "De feedbackronde is goedgekeurd en open. De beoordelaars met een account zien het verzoek bij 'Feedback geven'."
	}
	p.showRound(c, http.StatusOK, id, st)
}

func (p *Pages) showRound(c *gin.Context, status int, id int64, st roundState) {
	ctx := c.Request.Context()
	r, err := p.DB.FindFeedbackRound(ctx, id)
	if err != nil {
		p.storeFailed(c, "find round", err)
		return
	}
	page := roundPage{Round: r, Status: roundStatus(r), Deadline: day(r.Deadline), Created: day(r.CreatedAt),
		Open: r.Status == domain.RoundOpen, BackHref: developmentPath(r.RegisseurID), Notice: st.notice,
		AddAction: roundPath(id) + "/beoordelaars", ExtendAction: roundPath(id) + "/deadline", CloseAction: roundPath(id) + "/sluiten"}
	if r.Status == domain.RoundProposed {
		page.ApproveAction = roundPath(id) + "/goedkeuren"
	}
	invited := map[string]int{}
	answered := map[string]int{}
	var inRound []int64
	for _, x := range r.Raters {
		if x.External {
			invited[x.Group]++
			if x.Submitted {
				answered[x.Group]++
			}
			continue
		}
		if x.UserID != nil {
			inRound = append(inRound, *x.UserID)
		}
		page.Internal = append(page.Internal, internalRater{Name: x.UserName, Group: groupLabel(x.Group), Submitted: x.Submitted})
	}
	for _, g := range assessment.Groups {
		n := invited[string(g)]
		if n == 0 {
			continue
		}
		noun, verb := groupMany[g], "hebben"
		if n == 1 {
			noun = groupOne[g]
		}
		if n == 1 || answered[string(g)] == 1 {
			verb = "heeft"
		}
		page.External = append(page.External, fmt.Sprintf("%d van %d %s %s gereageerd", answered[string(g)], n, noun, verb))
	}
	if page.Open {
		reg, err := p.DB.FindRegisseurByID(ctx, r.RegisseurID)
		if err != nil {
			p.storeFailed(c, "find regisseur", err)
			return
		}
		cands, err := p.raterCandidates(ctx, reg, inRound)
		if err != nil {
			p.adminInternalError(c, "rater candidates", err)
			return
		}
		page.AddForm = newRoundForm(st.add, cands, false)
		page.AddForm.addErrors(st.addErrs...)
		ext := st.extend
		if ext == "" {
			ext = r.Deadline.AddDate(0, 0, 7).Format(isoDay)
		}
		page.ExtendForm = form{Fields: []formField{deadlineField(ext)}}
		page.ExtendForm.Fields[0].Label = "Nieuwe deadline"
		page.ExtendForm.Fields[0].Description = "Een datum na de huidige deadline (" + day(r.Deadline) + "). De links van externe beoordelaars werken tot en met deze dag."
		page.ExtendForm.addErrors(st.extendErrs...)
	}
	if st.closeErr != "" {
		page.Problems.Errors = append(page.Problems.Errors, formError{Text: st.closeErr})
	}
	if !page.Open {
		for _, fe := range append(st.addErrs, st.extendErrs...) {
			page.Problems.Errors = append(page.Problems.Errors, formError{Text: fe.Reason})
		}
	}
	page.AnyFormFailed = page.AddForm.Failed() || page.ExtendForm.Failed() || page.Problems.Failed()
	title := "Feedbackronde voor " + r.RegisseurName
	if page.AnyFormFailed {
		title = "Fout: " + title
	}
	page.BasePage = p.base(c, title)
	p.render(c, status, "assess_round", page)
}

// handleRoundAddRaters invites more raters to an open round.
func (p *Pages) handleRoundAddRaters(c *gin.Context) {
	id, ok := p.pathID(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	r, err := p.DB.FindFeedbackRound(ctx, id)
	if err != nil {
		p.storeFailed(c, "find round", err)
		return
	}
	if r.Status != domain.RoundOpen {
		p.showRound(c, http.StatusConflict, id, roundState{closeErr: "Deze feedbackronde is gesloten: er kunnen geen beoordelaars meer bij."})
		return
	}
	reg, err := p.DB.FindRegisseurByID(ctx, r.RegisseurID)
	if err != nil {
		p.storeFailed(c, "find regisseur", err)
		return
	}
	var inRound []int64
	for _, x := range r.Raters {
		if x.UserID != nil {
			inRound = append(inRound, *x.UserID)
		}
	}
	cands, err := p.raterCandidates(ctx, reg, inRound)
	if err != nil {
		p.adminInternalError(c, "rater candidates", err)
		return
	}
	in, raters, refs, fes := readRaters(c, cands)
	if len(fes) > 0 {
		p.showRound(c, http.StatusBadRequest, id, roundState{add: in, addErrs: fes})
		return
	}
	links, err := p.DB.AddRaters(ctx, id, raters)
	if err == nil {
		if len(links) == 0 {
			c.Redirect(http.StatusSeeOther, roundPath(id)+"?toegevoegd=1")
			return
		}
		p.showLinks(c, "Beoordelaars toegevoegd", r, links)
		return
	}
	e := p.adminStoreError(c, err, "add raters")
	if e == nil {
		return
	}
	st := roundState{add: in, addErrs: storeFieldErrors(e, refs)}
	if e.Code == domain.EConflict && len(e.Fields) == 0 && e.Key != "closed" {
		st.addErrs = []domain.FieldError{{Reason: "Een van deze accounts is al uitgenodigd voor deze ronde. Kies anderen."}}
	}
	p.showRound(c, formStatus(e), id, st)
}

// handleRoundExtend moves the deadline of an open round to a later day.
func (p *Pages) handleRoundExtend(c *gin.Context) {
	id, ok := p.pathID(c)
	if !ok {
		return
	}
	s := strings.TrimSpace(c.PostForm("deadline"))
	deadline, fe := readDeadline(s)
	if fe != nil {
		p.showRound(c, http.StatusBadRequest, id, roundState{extend: s, extendErrs: []domain.FieldError{*fe}})
		return
	}
	err := p.DB.ExtendFeedbackRound(c.Request.Context(), id, deadline)
	if err == nil {
		c.Redirect(http.StatusSeeOther, roundPath(id)+"?verlengd=1")
		return
	}
	if e := p.adminStoreError(c, err, "extend round"); e != nil {
		p.showRound(c, formStatus(e), id, roundState{extend: s, extendErrs: storeFieldErrors(e, nil)})
	}
}

// handleRoundClose closes an open round: the links stop working and the
// results are computed from what was sent.
// handleRoundApprove opens a round the regisseur proposed and shows the
// external raters' links once.
func (p *Pages) handleRoundApprove(c *gin.Context) {
	id, ok := p.pathID(c)
	if !ok {
		return
	}
	round, links, err := p.DB.ApproveFeedbackRound(c.Request.Context(), id)
	if err == nil {
		if len(links) == 0 {
			c.Redirect(http.StatusSeeOther, roundPath(id)+"?goedgekeurd=1")
			return
		}
		p.showLinks(c, "Feedbackronde goedgekeurd", round, links)
		return
	}
	if e := p.adminStoreError(c, err, "approve round"); e != nil {
		p.showRound(c, formStatus(e), id, roundState{closeErr: e.Message})
	}
}

func (p *Pages) handleRoundClose(c *gin.Context) {
	id, ok := p.pathID(c)
	if !ok {
		return
	}
	err := p.DB.CloseFeedbackRound(c.Request.Context(), id)
	if err == nil {
		c.Redirect(http.StatusSeeOther, roundPath(id)+"?gesloten=1")
		return
	}
	if e := p.adminStoreError(c, err, "close round"); e != nil {
		p.showRound(c, formStatus(e), id, roundState{closeErr: e.Message})
	}
}
