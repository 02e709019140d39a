package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"regiepool/internal/domain"
	"regiepool/internal/matching"
)

// The case pages: the list of cases in scope, the intake form, a case with
// its candidates, assignment, handover, closing and log, and the batch
// proposal for every waiting case. Every route is gated by a permission; the
// store checks role and scope again for every call (a case out of scope is
// not_found, shown as 404).

const (
	casesPath        = "/casussen"
	caseNewPath      = "/casussen/nieuw"
	caseProposalPath = "/casussen/voorstel"
)

func casePath(id int64) string { return casesPath + "/" + strconv.FormatInt(id, 10) }

// --- Shared helpers ------------------------------------------------------------

// caseUrgencyLabels name the urgencies.
var caseUrgencyLabels = map[int]string{1: "Normaal", 2: "Hoog", 3: "Crisis"}

// caseRiskValues are the safety risks in order, with caseRiskLabels their
// Dutch names.
var (
	caseRiskValues = []string{"low", "medium", "high"}
	caseRiskLabels = map[string]string{"low": "Laag", "medium": "Midden", "high": "Hoog"}
)

// caseStatuses are the statuses in the order of the filter.
var caseStatuses = []string{domain.CaseWaiting, domain.CaseAssigned, domain.CaseClosed, domain.CaseOutside}

func caseUrgencyLabel(u int) string {
	if l, ok := caseUrgencyLabels[u]; ok {
		return l
	}
	return strconv.Itoa(u)
}

func labelOr(labels map[string]string, key string) string {
	if l, ok := labels[key]; ok {
		return l
	}
	return key
}

// municipalityNames names the municipalities the actor may see.
func (p *Pages) municipalityNames(ctx context.Context) ([]domain.Municipality, map[int64]string, error) {
	muns, err := collectAll(ctx, p.DB.FindMunicipalities)
	names := map[int64]string{}
	for _, m := range muns {
		names[m.ID] = m.Name
	}
	return muns, names, err
}

// caseMatchConfig is the engine's configuration with the instrument's norms
// and competency names, as the API builds it.
func (p *Pages) caseMatchConfig(norms map[string]float64, names map[string]string) matching.Config {
	return matching.Config{Norms: norms, Names: names, ContinuityDays: p.ContinuityDays}.WithDefaults()
}

// caseCandidates ranks the pool members in scope for case k, as the API does.
func (p *Pages) caseCandidates(ctx context.Context, k domain.Case) ([]matching.Candidate, error) {
	mc, err := p.DB.MatchingCase(ctx, k)
	if err != nil {
		return nil, err
	}
	members, norms, names, err := p.DB.MatchingMembers(ctx, p.minRaters())
	if err != nil {
		return nil, err
	}
	return matching.Rank(mc, members, p.caseMatchConfig(norms, names)), nil
}

// caseScore writes a fit score the Dutch way.
func caseScore(f float64) string { return decimal(f) }

// caseCapacityText is "2 van 4 casussen, 6,5 uur vrij".
func caseCapacityText(c matching.Capacity) string {
	return strconv.Itoa(c.ActiveCases) + " van " + strconv.Itoa(c.MaxCases) + " casussen, " +
		strings.Replace(strconv.FormatFloat(max(c.HoursLeft, 0), 'f', 1, 64), ".", ",", 1) + " uur vrij"
}

// caseAlert is an error alert about an action that did not succeed, such as
// a conflict of an assignment.
type caseAlert struct {
	Heading, Text string
}

// --- List ----------------------------------------------------------------------

type caseListPage struct {
	BasePage
	Intro       string
	Tabs        []caseTab
	Caption     string
	Rows        []caseListRow
	Empty       string
	CanDispatch bool
	Pager       adminPager
}

// caseTab is one status filter link.
type caseTab struct {
	Href, Label string
	Current     bool
}

type caseListRow struct {
	Href, Reference, Municipality, Urgency, SafetyRisk, Status, Regisseur string
	Crisis                                                                bool
	Handovers                                                             int
}

func (p *Pages) handleCases(c *gin.Context) {
	ctx := c.Request.Context()
	a := domain.ActorFrom(ctx)
	page := caseListPage{CanDispatch: a.Can(domain.PermDispatch)}
	switch {
	case a.Has(domain.RoleAdmin):
		page.Intro = "Alle aangemelde casussen, de meest urgente en oudste eerst."
	case a.Has(domain.RoleDispatcher):
		page.Intro = "De casussen in uw gemeenten, de meest urgente en oudste eerst."
	default:
		page.Intro = "De casussen waarvan u de regie voert of voerde."
	}

	var f domain.CaseFilter
	status := c.Query("status")
	if _, ok := domain.CaseStatusLabels[status]; ok {
		f.Status = &status
	} else {
		status = ""
	}
	page.Tabs = append(page.Tabs, caseTab{Href: casesPath, Label: "Alle casussen", Current: status == ""})
	for _, s := range caseStatuses {
		page.Tabs = append(page.Tabs, caseTab{Href: casesPath + "?status=" + url.QueryEscape(s), Label: domain.CaseStatusLabels[s], Current: s == status})
	}

	pg := adminPageParam(c)
	cases, total, err := p.DB.FindCases(ctx, f, pg)
	if err != nil {
		p.storeFailed(c, "find cases", err)
		return
	}
	_, muns, err := p.municipalityNames(ctx)
	if err != nil {
		p.adminInternalError(c, "find municipalities", err)
		return
	}
	base := casesPath
	if status != "" {
		base += "?status=" + url.QueryEscape(status)
	}
	page.Pager = casePager(base, pg, total)
	page.Caption = "Casussen"
	page.Empty = "Er zijn nog geen casussen."
	if status != "" {
		page.Caption = "Casussen met de status " + strings.ToLower(domain.CaseStatusLabels[status])
		page.Empty = "Er zijn geen casussen met de status " + strings.ToLower(domain.CaseStatusLabels[status]) + "."
	}
	page.Caption += " (" + strconv.Itoa(total) + ")"
	for _, k := range cases {
		row := caseListRow{Href: casePath(k.ID), Reference: k.Reference, Municipality: muns[k.MunicipalityID], Urgency: caseUrgencyLabel(k.Urgency),
			Crisis: k.Urgency == 3, SafetyRisk: labelOr(caseRiskLabels, k.SafetyRisk), Status: labelOr(domain.CaseStatusLabels, k.Status),
			Regisseur: k.RegisseurName, Handovers: k.Handovers}
		if row.Municipality == "" {
			row.Municipality = "Gemeente " + strconv.FormatInt(k.MunicipalityID, 10)
		}
		page.Rows = append(page.Rows, row)
	}
	page.BasePage = p.base(c, "Casussen")
	p.render(c, http.StatusOK, "case_list", page)
}

// casePager pages a list whose base URL may already carry a query.
func casePager(base string, pg domain.Page, total int) adminPager {
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	pages := max(1, (total+pg.PageSize-1)/pg.PageSize)
	out := adminPager{Page: pg.Page, Pages: pages, Total: total, First: base}
	if pg.Page > 1 {
		out.Prev = base + sep + "pagina=" + strconv.Itoa(min(pg.Page-1, pages))
	}
	if pg.Page < pages {
		out.Next = base + sep + "pagina=" + strconv.Itoa(pg.Page+1)
	}
	return out
}
