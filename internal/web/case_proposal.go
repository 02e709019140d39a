package web

import (
	"net/http"
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
	Alert      *caseAlert
	Waiting    int
	Pairs      []caseProposalPair
	Unplaced   []caseUnplacedRow
	Total      string
	UpperBound string
	Quality    string
	Optimal    bool
}

type caseProposalPair struct {
	Value, ID             string // the checkbox's value and id
	CaseHref, Reference   string
	Regisseur, Score      string
	Checked               bool
	Urgency, Municipality string
}

type caseUnplacedRow struct {
	Href, Reference, Reason string
}

// caseProposalLimit bounds the waiting cases of one proposal, as the API does.
const caseProposalLimit = 5000

func (p *Pages) handleCaseProposal(c *gin.Context) {
	p.showCaseProposal(c, http.StatusOK, nil, nil)
}

// showCaseProposal computes the proposal for every waiting case in scope;
// checked, when not nil, keeps the dispatcher's choice after an error.
func (p *Pages) showCaseProposal(c *gin.Context, status int, alert *caseAlert, checked map[string]bool) {
	ctx := c.Request.Context()
	st := domain.CaseWaiting
	waiting, _, err := p.DB.FindCases(ctx, domain.CaseFilter{Status: &st}, domain.Page{Page: 1, PageSize: caseProposalLimit})
	if err != nil {
		p.storeFailed(c, "find waiting cases", err)
		return
	}
	_, muns, err := p.municipalityNames(ctx)
	if err != nil {
		p.adminInternalError(c, "find municipalities", err)
		return
	}
	byID := map[int64]domain.Case{}
	cases := make([]matching.Case, 0, len(waiting))
	for _, k := range waiting {
		mc, err := p.DB.MatchingCase(ctx, k)
		if err != nil {
			p.adminInternalError(c, "matching case", err)
			return
		}
		cases = append(cases, mc)
		byID[k.ID] = k
	}
	members, norms, names, err := p.DB.MatchingMembers(ctx, p.minRaters())
	if err != nil {
		p.adminInternalError(c, "matching members", err)
		return
	}
	regs := map[int64]string{}
	for _, m := range members {
		regs[m.RegisseurID] = m.Name
	}
	page := caseProposalPage{Alert: alert, Waiting: len(waiting)}
	if len(cases) > 0 {
		prop := matching.Propose(cases, members, p.caseMatchConfig(norms, names))
		for _, pr := range prop.Pairs {
			k := byID[pr.CaseID]
			v := strconv.FormatInt(pr.CaseID, 10) + ":" + strconv.FormatInt(pr.RegisseurID, 10)
			page.Pairs = append(page.Pairs, caseProposalPair{Value: v, ID: "pair-" + strconv.FormatInt(pr.CaseID, 10),
				CaseHref: casePath(pr.CaseID), Reference: k.Reference, Regisseur: regs[pr.RegisseurID], Score: caseScore(pr.Score),
				Checked: checked == nil || checked[v], Urgency: caseUrgencyLabel(k.Urgency), Municipality: muns[k.MunicipalityID]})
		}
		for _, u := range prop.Unplaced {
			page.Unplaced = append(page.Unplaced, caseUnplacedRow{Href: casePath(u.CaseID), Reference: byID[u.CaseID].Reference, Reason: u.Reason})
		}
		page.Total, page.UpperBound = caseScore(prop.Total), caseScore(prop.UpperBound)
		page.Optimal = prop.Gap <= 0
		page.Quality = caseGapText(prop.Gap)
	}
	title := "Voorstel voor alle wachtende casussen"
	if alert != nil {
		title = "Fout: " + title
	}
	page.BasePage = p.base(c, title)
	p.render(c, status, "case_proposal", page)
}

// caseGapText tells how far the proposal may be from the best possible one.
func caseGapText(gap float64) string {
	if gap <= 0 {
		return "bewezen optimaal"
	}
	pct := strconv.FormatFloat(gap*100, 'f', 1, 64)
	if pct == "0.0" {
		return "hoogstens 0,1% onder het optimum"
	}
	return "hoogstens " + strings.Replace(pct, ".", ",", 1) + "% onder het optimum"
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
// store's assignment, which checks capacity under a lock: a pair that no
// longer fits is reported, the others are still assigned.
func (p *Pages) handleCaseProposalCommit(c *gin.Context) {
	ctx := c.Request.Context()
	raw := c.PostFormArray("pair")
	type pair struct{ caseID, regisseurID int64 }
	var pairs []pair
	checked := map[string]bool{}
	seen := map[int64]bool{}
	for _, s := range raw {
		a, b, ok := strings.Cut(s, ":")
		ci, err1 := strconv.ParseInt(a, 10, 64)
		ri, err2 := strconv.ParseInt(b, 10, 64)
		if !ok || err1 != nil || err2 != nil || ci <= 0 || ri <= 0 {
			p.refused(c, http.StatusBadRequest, "Het voorstel kon niet worden gelezen. Open het voorstel opnieuw en probeer het nog eens.")
			return
		}
		checked[s] = true
		if seen[ci] {
			continue
		}
		seen[ci] = true
		pairs = append(pairs, pair{ci, ri})
	}
	if len(pairs) == 0 {
		p.showCaseProposal(c, http.StatusBadRequest, &caseAlert{Heading: "Niets toegewezen",
			Text: "Kies ten minste één voorgestelde toewijzing."}, checked)
		return
	}
	_, regs, err := p.regisseurNames(ctx)
	if err != nil {
		p.adminInternalError(c, "find regisseurs", err)
		return
	}
	page := caseProposalResultPage{}
	for _, pr := range pairs {
		row := caseProposalResult{CaseHref: casePath(pr.caseID), Regisseur: regs[pr.regisseurID]}
		if row.Regisseur == "" {
			row.Regisseur = "Regisseur " + strconv.FormatInt(pr.regisseurID, 10)
		}
		k, err := p.DB.Assign(ctx, pr.caseID, pr.regisseurID)
		if err == nil {
			row.OK, row.Reference, row.Message = true, k.Reference, "Toegewezen"
			page.Assigned++
			page.Rows = append(page.Rows, row)
			continue
		}
		e, ok := domain.AsError(err)
		if !ok || (e.Code != domain.EConflict && e.Code != domain.EInvalid && e.Code != domain.ENotFound) {
			p.adminInternalError(c, "assign proposed pair", err)
			return
		}
		row.Message = e.Message
		if e.Code == domain.ENotFound {
			row.CaseHref, row.Message = "", "Deze casus bestaat niet of valt buiten uw gemeenten."
		}
		row.Reference = "Casus " + strconv.FormatInt(pr.caseID, 10)
		if e.Code != domain.ENotFound {
			if k, err := p.DB.FindCaseByID(ctx, pr.caseID); err == nil {
				row.Reference = k.Reference
			}
		}
		page.Failed++
		page.Rows = append(page.Rows, row)
	}
	page.BasePage = p.base(c, "Voorstel toegepast")
	p.render(c, http.StatusOK, "case_proposal_result", page)
}
