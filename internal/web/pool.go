package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"regiepool/internal/assessment"
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

// poolParseHours reads hours per week as typed: "16", "16.5" or "16,5".
func poolParseHours(s string) (float64, bool) {
	s = strings.ReplaceAll(strings.TrimSpace(s), ",", ".")
	if s == "" {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	return f, err == nil
}

// poolHoursValue writes hours for a number input (decimal point).
func poolHoursValue(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// poolHoursText writes hours the Dutch way: 16 or 16,5.
func poolHoursText(f float64) string { return strings.Replace(poolHoursValue(f), ".", ",", 1) }

// poolParseDay reads the value of a date input.
func poolParseDay(s string) (time.Time, bool) {
	t, err := time.ParseInLocation(isoDay, strings.TrimSpace(s), time.Local)
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

// poolCompetencies are the competencies of the newest instrument, for the
// motivation per competency.
func (p *Pages) poolCompetencies(ctx context.Context) ([]assessment.Item, error) {
	ins, err := p.DB.FindInstruments(ctx)
	if err != nil || len(ins) == 0 {
		return nil, err
	}
	return ins[len(ins)-1].Def.Competencies(), nil
}

// poolLeaveReasons are the reasons of a period of leave, as the database knows
// them, with their Dutch names.
var poolLeaveReasons = []struct{ value, label string }{
	{"verlof", "Verlof"}, {"ziekte", "Ziekte"}, {"overbelasting", "Overbelasting"}, {"opleiding", "Opleiding"}, {"anders", "Anders"},
}

func poolLeaveReasonLabel(v string) string {
	for _, r := range poolLeaveReasons {
		if r.value == v {
			return r.label
		}
	}
	return v
}

// --- Overview ---------------------------------------------------------------

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
	Pager       adminPager
}

// poolTable is one table of members: per organisation for the selection,
// one for everybody else.
type poolTable struct {
	ID, Caption      string
	ShowOrganisation bool
	Rows             []poolRow
}

// poolRow is one member as the overview shows it.
type poolRow struct {
	Href, Name, Organisation, Status string
	ActiveCases, CapacityLeft        int
	Hours                            string
	Next                             string // the next change of availability, "" for none
}

// poolMaxPage keeps a hand-typed ?pagina= from overflowing the offset.
const poolMaxPage = 100_000

func (p *Pages) handlePoolOverview(c *gin.Context) {
	ctx := c.Request.Context()
	a := domain.ActorFrom(ctx)
	page := poolOverviewPage{CanNominate: a.Can(domain.PermNominate), CanManage: a.Can(domain.PermManagePool)}
	if a.Can(domain.PermPoolReport) {
		page.ReportURL = "/pool/rapport"
	}
	mode := "own"
	switch {
	case a.HasAny(domain.RoleAdmin, domain.RoleCoach):
		mode = "all"
		page.Heading, page.Intro, page.Empty = "Pool", "Alle voordrachten en poolleden, per organisatie.", "Er zijn nog geen voordrachten."
	case a.Has(domain.RoleOrgContact):
		mode = "org"
		page.Heading, page.Intro, page.Empty = "Onze voordrachten", "De kandidaten die uw organisatie heeft voorgedragen en hoe het met hen staat.", "Uw organisatie heeft nog niemand voorgedragen."
	case a.Has(domain.RoleDispatcher):
		mode = "dispatcher"
		page.Heading, page.Intro, page.Empty = "Poolleden in uw gemeenten", "De poolleden die casussen oppakken in uw gemeenten.", "Er zijn geen poolleden in uw gemeenten."
	default:
		page.Heading, page.Intro, page.Empty = "Mijn poollidmaatschap", "Uw voordracht en lidmaatschap van de pool.", "U bent niet voorgedragen voor de pool."
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
	members, total, err := p.DB.FindPoolMembers(ctx, f, pg)
	if err != nil {
		p.storeFailed(c, "find pool members", err)
		return
	}
	page.Pager = poolPager(status, pg, total)

	var counts []string
	for _, s := range domain.MembershipStatuses {
		_, n, err := p.DB.FindPoolMembers(ctx, domain.MemberFilter{Status: &s}, domain.Page{Page: 1, PageSize: 1})
		if err != nil {
			p.storeFailed(c, "count pool members", err)
			return
		}
		if n > 0 {
			counts = append(counts, fmt.Sprintf("%d %s", n, strings.ToLower(domain.MembershipLabels[s])))
		}
	}
	page.Counts = strings.Join(counts, ", ")

	today := time.Now().Format(isoDay)
	rows := make([]poolRow, 0, len(members))
	for _, m := range members {
		if m.Status == domain.MemberActive || m.Status == domain.MemberPaused {
			full, err := p.DB.FindMembership(ctx, m.ID)
			if err != nil {
				p.storeFailed(c, "find membership", err)
				return
			}
			m = full
		}
		rows = append(rows, poolRow{Href: poolMemberPath(m.ID), Name: m.RegisseurName, Organisation: m.OrganisationName,
			Status: domain.MembershipLabels[m.Status], ActiveCases: m.ActiveCases, CapacityLeft: m.MaxCases - m.ActiveCases,
			Hours: poolHoursText(m.HoursPerWeek), Next: poolNextChange(m, today)})
	}
	switch {
	case len(rows) == 0:
	case mode == "all":
		for i, m := range members {
			if i == 0 || members[i-1].OrganisationID != m.OrganisationID {
				page.Tables = append(page.Tables, poolTable{ID: "leden-" + strconv.FormatInt(m.OrganisationID, 10), Caption: m.OrganisationName})
			}
			t := &page.Tables[len(page.Tables)-1]
			t.Rows = append(t.Rows, rows[i])
		}
	default:
		page.Tables = []poolTable{{ID: "leden", Caption: page.Heading, ShowOrganisation: mode == "dispatcher", Rows: rows}}
	}
	if page.Filtered {
		page.Empty = "Er zijn geen leden met de status " + strings.ToLower(domain.MembershipLabels[st]) + "."
	}
	page.BasePage = p.base(c, page.Heading)
	p.render(c, http.StatusOK, "pool_overview", page)
}

func poolPager(status string, pg domain.Page, total int) adminPager {
	base := poolPath + "?"
	if status != "" {
		base += "status=" + url.QueryEscape(status) + "&"
	}
	pages := max(1, (total+pg.PageSize-1)/pg.PageSize)
	out := adminPager{Page: pg.Page, Pages: pages, Total: total, First: base + "pagina=1"}
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
		return "Gepauzeerd tot " + day(*m.PausedUntil)
	}
	if m.Status == domain.MemberActive || m.Status == domain.MemberPaused {
		for _, u := range m.Availability {
			reason := ""
			if u.Reason != "" {
				reason = " (" + strings.ToLower(poolLeaveReasonLabel(u.Reason)) + ")"
			}
			if u.StartsOn.Format(isoDay) > today {
				return "Afwezig van " + day(u.StartsOn) + " tot en met " + day(u.EndsOn) + reason
			}
			if u.EndsOn.Format(isoDay) >= today {
				return "Afwezig tot en met " + day(u.EndsOn) + reason
			}
		}
	}
	if m.Status == domain.MemberPaused {
		return "Gepauzeerd, zonder einddatum"
	}
	return ""
}
