package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"regiepool/internal/domain"
	"regiepool/internal/matching"
)

// The batch proposal: the engine proposes a regisseur for every waiting case
// in scope at once; the dispatcher commits the pairs they keep, each through
// the same overbooking-safe assignment as a single case.

type caseProposalPage struct {
	BasePage
	Alert    *caseAlert
	Waiting  int
	Pairs    []caseProposalPair
	Unplaced []caseUnplacedRow
	// Total and UpperBound are "" when the actor may not see scores.
	Total      string
	UpperBound string
	ShowScores bool
	Quality    string
	Optimal    bool
	// Levels: per urgency, highest first, how many were placed.
	Levels []caseProposalLevel
}

// caseProposalLevel is one urgency level: "Crisis", "12 van 12 geplaatst
// (bewezen het meest mogelijke)".
type caseProposalLevel struct{ Urgency, Placed string }

type caseProposalPair struct {
	Value, ID             string // the checkbox's value and id
	CaseHref, Reference   string
	Regisseur, Fit, Score string
	Checked               bool
	Urgency, Municipality string
	// Returned: the case's offer was declined or expired (offer.go).
	Returned string
}

type caseUnplacedRow struct {
	Href, Reference, Reason string
	Returned                string
}

// caseReturnedLabel is "Aanbod afgewezen" or "Aanbod verlopen" for a case
// that is waiting again; "" otherwise.
func caseReturnedLabel(k domain.Case) string {
	if k.Returned == nil {
		return ""
	}
	return domain.OfferStatusLabels[k.Returned.Status]
}

func (p *Pages) handleCaseProposal(c *gin.Context) error {
	return p.showCaseProposal(c, http.StatusOK, nil, nil)
}

// showCaseProposal shows the proposal for every waiting case in scope;
// checked, when not nil, keeps the dispatcher's choice after an error.
func (p *Pages) showCaseProposal(c *gin.Context, status int, alert *caseAlert, checked map[string]bool) error {
	bp, err := p.App.ProposeBatch(c.Request.Context(), nil)
	if err != nil {
		return err
	}
	page := caseProposalPage{Alert: alert, Waiting: len(bp.Cases)}
	if len(bp.Cases) > 0 {
		for _, pr := range bp.Pairs {
			k := bp.Cases[pr.CaseID]
			v := caseProposalValue(matching.Pair{CaseID: pr.CaseID, RegisseurID: pr.RegisseurID})
			row := caseProposalPair{Value: v, ID: "pair-" + strconv.FormatInt(pr.CaseID, 10),
				CaseHref: casePath(pr.CaseID), Reference: k.Reference, Regisseur: bp.RegisseurNames[pr.RegisseurID], Fit: domain.FitLabels[pr.Fit],
				Checked: checked == nil || checked[v], Urgency: domain.UrgencyLabel(k.Urgency), Municipality: k.MunicipalityName,
				Returned: caseReturnedLabel(k)}
			if pr.Score != nil {
				row.Score = caseScore(*pr.Score)
			}
			page.Pairs = append(page.Pairs, row)
		}
		for _, u := range bp.Unplaced {
			page.Unplaced = append(page.Unplaced, caseUnplacedRow{Href: casePath(u.CaseID), Reference: bp.Cases[u.CaseID].Reference, Reason: u.Reason,
				Returned: caseReturnedLabel(bp.Cases[u.CaseID])})
		}
		// Cases whose offer was declined or expired come first.
		slices.SortStableFunc(page.Pairs, func(x, y caseProposalPair) int { return cmpReturned(x.Returned, y.Returned) })
		slices.SortStableFunc(page.Unplaced, func(x, y caseUnplacedRow) int { return cmpReturned(x.Returned, y.Returned) })
		if bp.Total != nil && bp.UpperBound != nil {
			page.ShowScores, page.Total, page.UpperBound = true, caseScore(*bp.Total), caseScore(*bp.UpperBound)
		}
		page.Optimal = bp.Exact
		page.Quality = caseGapText(bp.Gap)
		for _, l := range bp.Levels {
			line := strconv.Itoa(l.Placed) + " van " + strconv.Itoa(l.Waiting) + " geplaatst"
			if l.Proven {
				line += " (bewezen het meest mogelijke)"
			} else {
				line += " (niet bewezen het meest mogelijke)"
			}
			page.Levels = append(page.Levels, caseProposalLevel{Urgency: "Urgentie " + domain.UrgencyLabel(l.Urgency), Placed: line})
		}
	}
	title := "Voorstel voor alle wachtende casussen"
	if alert != nil {
		title = "Fout: " + title
	}
	page.BasePage = p.base(c, title)
	p.render(c, status, "case_proposal", page)
	return nil
}

// cmpReturned orders a returned case (label not "") before the others.
func cmpReturned(x, y string) int {
	switch {
	case x != "" && y == "":
		return -1
	case x == "" && y != "":
		return 1
	}
	return 0
}

// caseProposalValue is the checkbox value of a pair: "case:regisseur".
func caseProposalValue(pr matching.Pair) string {
	return strconv.FormatInt(pr.CaseID, 10) + ":" + strconv.FormatInt(pr.RegisseurID, 10)
}

// caseGapText tells how far the proposal may be from the best possible one.
func caseGapText(gap float64) string {
	if gap <= 0 {
		return "niet bewezen optimaal"
	}
	pct := domain.FormatNumber(gap*100, 1)
	if pct == "0,0" {
		return "hoogstens 0,1% onder het optimum"
	}
	return "hoogstens " + pct + "% onder het optimum"
}

// --- Commit --------------------------------------------------------------------------

type caseProposalResultPage struct {
	BasePage
	Rows     []caseProposalResult
	Assigned int
	Failed   int
}

type caseProposalResult struct {
	CaseHref, Reference, Regisseur string
	OK                             bool
	Message                        string
}

// handleCaseProposalCommit assigns the ticked pairs one by one through the
// use case, which checks capacity under a lock: a pair that no longer fits
// is reported, the others are still assigned.
func (p *Pages) handleCaseProposalCommit(c *gin.Context) error {
	var pairs []matching.Pair
	checked := map[string]bool{}
	for _, s := range c.PostFormArray("pair") {
		a, b, ok := strings.Cut(s, ":")
		ci, err1 := strconv.ParseInt(a, 10, 64)
		ri, err2 := strconv.ParseInt(b, 10, 64)
		if !ok || err1 != nil || err2 != nil || ci <= 0 || ri <= 0 {
			return domain.Errorf(domain.EInvalid, "unreadable_proposal", "Het voorstel kon niet worden gelezen. Open het voorstel opnieuw en probeer het nog eens.")
		}
		checked[s] = true
		pairs = append(pairs, matching.Pair{CaseID: ci, RegisseurID: ri})
	}
	if len(pairs) == 0 {
		return p.showCaseProposal(c, http.StatusBadRequest, &caseAlert{Heading: "Niets toegewezen",
			Text: "Kies ten minste één voorgestelde toewijzing."}, checked)
	}
	outcomes, err := p.App.CommitProposal(c.Request.Context(), pairs)
	if err != nil {
		return err
	}
	page := caseProposalResultPage{}
	for _, o := range outcomes {
		row := caseProposalResult{CaseHref: casePath(o.CaseID), Reference: o.Reference, Regisseur: o.RegisseurName}
		if row.Regisseur == "" {
			row.Regisseur = "Regisseur " + strconv.FormatInt(o.RegisseurID, 10)
		}
		if row.Reference == "" {
			row.Reference = "Casus " + strconv.FormatInt(o.CaseID, 10)
		}
		switch {
		case o.Err == nil:
			row.OK, row.Message = true, "Toegewezen"
			page.Assigned++
		case o.Err.Code == domain.ENotFound:
			row.CaseHref, row.Message = "", "Deze casus bestaat niet of valt buiten uw gemeenten."
			page.Failed++
		default:
			row.Message = o.Err.Message
			page.Failed++
		}
		page.Rows = append(page.Rows, row)
	}
	page.BasePage = p.base(c, "Voorstel toegepast")
	p.render(c, http.StatusOK, "case_proposal_result", page)
	return nil
}
