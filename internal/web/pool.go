package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"regiepool/internal/domain"
)

// The pool pages: the overview of nominees and members, the nomination form,
// a member's page with the selection's forms, and the recruitment rounds.

const (
	poolPath         = "/pool"
	poolNominatePath = "/pool/voordragen"
	poolRoundsPath   = "/pool/rondes"
	poolMembersPath  = "/pool/leden/"
)

func poolMemberPath(id int64) string { return poolMembersPath + strconv.FormatInt(id, 10) }

// poolParseHours reads hours as typed: "16", "16.5" or "16,5" (parseDecimal).
func poolParseHours(s string) (float64, bool) {
	f, err := parseDecimal(s)
	return f, err == nil
}

// parseDay reads a date from a form with the service's one date parser: as
// a date input sends it or as typed (dd-mm-jjjj), within the years the
// service accepts.
func parseDay(s string) (time.Time, bool) {
	t, err := domain.ParseTypedDate(s)
	return t, err == nil
}

// poolSplitLines turns a textarea with one point per line into a list.
func poolSplitLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// poolMunicipalityField is the checkbox group of a member's municipalities.
func poolMunicipalityField(muns []domain.Municipality, checked []string, description string) formField {
	f := formField{Name: "municipalityIds", Label: "Gemeenten", Kind: "checkboxes", Description: description, Empty: "Er zijn nog geen gemeenten."}
	for _, m := range muns {
		v := strconv.FormatInt(m.ID, 10)
		f.Options = append(f.Options, formOption{Value: v, Label: m.Name, Checked: slices.Contains(checked, v)})
	}
	return f
}

// poolReadMunicipalities reads the ticked municipalities, each one of muns.
func poolReadMunicipalities(raw []string, muns []domain.Municipality) ([]int64, []domain.FieldError) {
	known := map[int64]bool{}
	for _, m := range muns {
		known[m.ID] = true
	}
	ids := []int64{}
	for _, s := range raw {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || !known[n] {
			return nil, []domain.FieldError{{Name: "municipalityIds", Code: "oneof", Reason: "Kies gemeenten uit de lijst."}}
		}
		ids = append(ids, n)
	}
	return ids, nil
}

func poolIDStrings(ids []int64) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = strconv.FormatInt(id, 10)
	}
	return out
}

// poolOverviewPage is the pool as the actor may see it.
type poolOverviewPage struct {
	BasePage
	// ReportURL links the pool report (PDF) for those who may have it.
	ReportURL   string
	Heading     string
	Intro       string
	Counts      string
	Filter      formField // the status select
	Filtered    bool
	Tables      []poolTable
	Empty       string
	CanNominate bool
	CanManage   bool
	Pager       pager
}

// poolTable is one table of members: per organisation for the selection,
// one for everybody else.
type poolTable struct {
	ID, Caption      string
	ShowOrganisation bool
	// ShowSelection adds the round and the pre-selection outcome: the
	// nominating organisation's own view.
	ShowSelection bool
	Rows          []poolRow
}

// poolRow is one member as the overview shows it.
type poolRow struct {
	Href, Name, Organisation, Status string
	ActiveCases, CapacityLeft        int
	CasesHandled                     int
	Hours                            string
	Next                             string // the next change of availability, "" for none
	Round, PreSelection              string
}

// poolMaxPage keeps a hand-typed ?pagina= from overflowing the offset.
const poolMaxPage = 100_000

// poolHeadings are the heading, introduction and empty-table line of the
// overview per view.
var poolHeadings = map[domain.PoolView][3]string{
	domain.PoolViewAll:          {"Pool", "Alle voordrachten en poolleden, per organisatie.", "Er zijn nog geen voordrachten."},
	domain.PoolViewOrganisation: {"Onze voordrachten", "De kandidaten die uw organisatie heeft voorgedragen en hoe het met hen staat.", "Uw organisatie heeft nog niemand voorgedragen."},
	domain.PoolViewCoachees:     {"Mijn regisseurs in de pool", "De voordrachten en poolleden die u begeleidt. Voordrachten zonder begeleider zijn alleen zichtbaar voor de functioneel beheerder, tot die een begeleider koppelt.", "U begeleidt nog niemand in de pool."},
	domain.PoolViewDispatcher:   {"Poolleden in uw gemeenten", "De poolleden die casussen oppakken in uw gemeenten.", "Er zijn geen poolleden in uw gemeenten."},
	domain.PoolViewOwn:          {"Mijn poollidmaatschap", "Uw voordracht en lidmaatschap van de pool.", "U bent niet voorgedragen voor de pool."},
}

func (p *Pages) handlePoolOverview(c *gin.Context) error {
	ctx := c.Request.Context()
	a := domain.ActorFrom(ctx)
	view := domain.PoolViewOf(a)
	h := poolHeadings[view]
	page := poolOverviewPage{Heading: h[0], Intro: h[1], Empty: h[2], CanNominate: domain.CanNominate(a), CanManage: domain.CanOpenPoolRound(a)}
	if a.Can(domain.PermPoolReport) {
		page.ReportURL = "/pool/rapport"
	}

	var f domain.MemberFilter
	status := c.Query("status")
	st, ok := domain.ParseMembershipStatus(status)
	if ok {
		f.Status = &st
		page.Filtered = true
	} else {
		status = ""
	}
	page.Filter = formField{Name: "status", Label: "Status", Kind: "select"}
	page.Filter.Options = append(page.Filter.Options, formOption{Value: "", Label: "Alle statussen", Checked: status == ""})
	for _, s := range domain.MembershipStatuses {
		page.Filter.Options = append(page.Filter.Options, formOption{Value: string(s), Label: domain.MembershipLabels[s], Checked: s == st && ok})
	}

	n, err := strconv.Atoi(c.Query("pagina"))
	if err != nil || n < 1 || n > poolMaxPage {
		n = 1
	}
	pg := domain.Page{Page: n, PageSize: domain.MaxPageSize}
	o, err := p.App.PoolOverview(ctx, f, pg)
	if err != nil {
		return err
	}
	page.Pager = poolPager(status, pg, o.Total)
	var counts []string
	for _, s := range domain.MembershipStatuses {
		if n := o.Counts[s]; n > 0 {
			counts = append(counts, fmt.Sprintf("%d %s", n, strings.ToLower(domain.MembershipLabels[s])))
		}
	}
	page.Counts = strings.Join(counts, ", ")

	today := time.Now().Format(isoDay)
	rows := make([]poolRow, 0, len(o.Members))
	for _, m := range o.Members {
		rows = append(rows, poolRow{Href: poolMemberPath(m.ID), Name: m.RegisseurName, Organisation: m.OrganisationName,
			Status: domain.MembershipLabels[m.Status], ActiveCases: m.ActiveCases, CapacityLeft: m.MaxCases - m.ActiveCases, CasesHandled: m.CasesHandled,
			Hours: domain.FormatNumberTrim(m.HoursPerWeek, 2), Next: poolNextChange(m, today),
			Round: o.RoundNames[m.RoundID], PreSelection: domain.OutcomeLabels[o.Outcomes[m.ID]]})
	}
	switch {
	case len(rows) == 0:
	case view == domain.PoolViewAll:
		for i, m := range o.Members {
			if i == 0 || o.Members[i-1].OrganisationID != m.OrganisationID {
				page.Tables = append(page.Tables, poolTable{ID: "leden-" + strconv.FormatInt(m.OrganisationID, 10), Caption: m.OrganisationName})
			}
			t := &page.Tables[len(page.Tables)-1]
			t.Rows = append(t.Rows, rows[i])
		}
	default:
		page.Tables = []poolTable{{ID: "leden", Caption: page.Heading, ShowOrganisation: view == domain.PoolViewDispatcher || view == domain.PoolViewCoachees,
			ShowSelection: view == domain.PoolViewOrganisation, Rows: rows}}
	}
	if page.Filtered {
		page.Empty = "Er zijn geen leden met de status " + strings.ToLower(domain.MembershipLabels[st]) + "."
	}
	page.BasePage = p.base(c, page.Heading)
	p.render(c, http.StatusOK, "pool_overview", page)
	return nil
}

func poolPager(status string, pg domain.Page, total int) pager {
	base := poolPath + "?"
	if status != "" {
		base += "status=" + url.QueryEscape(status) + "&"
	}
	pages := max(1, (total+pg.PageSize-1)/pg.PageSize)
	out := pager{Page: pg.Page, Pages: pages, Total: total, First: base + "pagina=1"}
	if pg.Page > 1 {
		out.Prev = base + "pagina=" + strconv.Itoa(min(pg.Page-1, pages))
	}
	if pg.Page < pages {
		out.Next = base + "pagina=" + strconv.Itoa(pg.Page+1)
	}
	return out
}

// poolNextChange tells when a member's availability changes next:
// the end of a pause, or the first period of leave that starts or ends after
// today (today is yyyy-mm-dd).
func poolNextChange(m domain.Membership, today string) string {
	if m.Status == domain.MemberPaused && m.PausedUntil != nil {
		return "Gepauzeerd tot " + domain.FormatDate(*m.PausedUntil)
	}
	if m.Status == domain.MemberActive || m.Status == domain.MemberPaused {
		for _, u := range m.Availability {
			reason := ""
			if u.Reason != "" {
				reason = " (" + strings.ToLower(domain.LeaveReasonLabel(u.Reason)) + ")"
			}
			if u.StartsOn.Format(isoDay) > today {
				return "Afwezig van " + domain.FormatDate(u.StartsOn) + " tot en met " + domain.FormatDate(u.EndsOn) + reason
			}
			if u.EndsOn.Format(isoDay) >= today {
				return "Afwezig tot en met " + domain.FormatDate(u.EndsOn) + reason
			}
		}
	}
	if m.Status == domain.MemberPaused {
		return "Gepauzeerd, zonder einddatum"
	}
	return ""
}
