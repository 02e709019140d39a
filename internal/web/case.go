package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"regiepool/internal/domain"
	"regiepool/internal/matching"
)

// The case pages: the list of cases in scope, the intake form, a case with
// its candidates, assignment, handover, closing and log, and the batch
// proposal for every waiting case. Every route is gated by a permission; the
// application layer checks role and scope again for every call (a case out
// of scope is not_found, shown as 404).

const (
	casesPath        = "/casussen"
	caseNewPath      = "/casussen/nieuw"
	caseProposalPath = "/casussen/voorstel"
)

func casePath(id int64) string { return casesPath + "/" + strconv.FormatInt(id, 10) }

// --- Shared helpers ------------------------------------------------------------

func labelOr(labels map[string]string, key string) string {
	if l, ok := labels[key]; ok {
		return l
	}
	return key
}

// caseScore writes a fit score the Dutch way, with two decimals.
func caseScore(f float64) string { return domain.FormatNumber(f, 2) }

// caseHours writes hours the Dutch way: 16 or 16,5.
func caseHours(f float64) string { return domain.FormatNumberTrim(f, 1) }

// caseCapacityText is "2 van 4 casussen, 6,5 uur vrij".
func caseCapacityText(c matching.Capacity) string {
	return strconv.Itoa(c.ActiveCases) + " van " + strconv.Itoa(c.MaxCases) + " casussen, " +
		domain.FormatNumber(max(c.HoursLeft, 0), 1) + " uur vrij"
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
	Pager       pager
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
	// Returned marks a case whose offer was declined or expired
	// ("Aanbod afgewezen"); "" otherwise.
	Returned string
}

func (p *Pages) handleCases(c *gin.Context) error {
	ctx := c.Request.Context()
	a := domain.ActorFrom(ctx)
	page := caseListPage{CanDispatch: domain.CanDispatchCases(a)}
	switch scope := domain.CaseScopeOf(a); {
	case scope.All:
		page.Intro = "Alle aangemelde casussen: eerst die waarvan het aanbod is afgewezen of verlopen, dan de meest urgente en oudste."
	case scope.ByMunicipality:
		page.Intro = "De casussen in uw gemeenten: eerst die waarvan het aanbod is afgewezen of verlopen, dan de meest urgente en oudste."
	default:
		page.Intro = "De casussen waarvan u de regie voert of voerde."
	}

	var f domain.CaseFilter
	status := c.Query("status")
	if slices.Contains(domain.CaseStatuses, status) {
		f.Status = &status
	} else {
		status = ""
	}
	page.Tabs = append(page.Tabs, caseTab{Href: casesPath, Label: "Alle casussen", Current: status == ""})
	for _, s := range domain.CaseStatuses {
		page.Tabs = append(page.Tabs, caseTab{Href: casesPath + "?status=" + url.QueryEscape(s), Label: domain.CaseStatusLabels[s], Current: s == status})
	}

	pg := pageParam(c)
	cases, total, err := p.App.Cases(ctx, f, pg)
	if err != nil {
		return err
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
		row := caseListRow{Href: casePath(k.ID), Reference: k.Reference, Municipality: k.MunicipalityName,
			Urgency: domain.UrgencyLabel(k.Urgency), Crisis: k.Urgency == domain.UrgencyCrisis, SafetyRisk: labelOr(domain.SafetyRiskLabels, k.SafetyRisk),
			Status: labelOr(domain.CaseStatusLabels, k.Status), Regisseur: k.RegisseurName, Handovers: k.Handovers}
		if k.Offer != nil {
			row.Status = "Aangeboden aan " + k.Offer.RegisseurName + " (tot " + offerTime(k.Offer.ExpiresAt) + ")"
		}
		if k.Returned != nil {
			row.Returned = domain.OfferStatusLabels[k.Returned.Status]
		}
		page.Rows = append(page.Rows, row)
	}
	page.BasePage = p.base(c, "Casussen")
	p.render(c, http.StatusOK, "case_list", page)
	return nil
}

// casePager pages a list whose base URL may already carry a query.
func casePager(base string, pg domain.Page, total int) pager {
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	pages := max(1, (total+pg.PageSize-1)/pg.PageSize)
	out := pager{Page: pg.Page, Pages: pages, Total: total, First: base}
	if pg.Page > 1 {
		out.Prev = base + sep + "pagina=" + strconv.Itoa(min(pg.Page-1, pages))
	}
	if pg.Page < pages {
		out.Next = base + sep + "pagina=" + strconv.Itoa(pg.Page+1)
	}
	return out
}
