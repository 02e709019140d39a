package web

import (
	"fmt"
	"maps"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"regiepool/internal/app"
	"regiepool/internal/domain"
)

// A member's page: the membership, its history and leave, the pre-selection
// as far as the actor may see it, and the forms of the selection.

type poolMemberPage struct {
	BasePage
	Member                poolMemberView
	Notice                string
	Motivation            string
	CompetencyMotivations []poolNamedText
	History               []poolHistoryRow
	ShowReasons           bool // why the status changed and why on leave: domain.CanSeeStatusReasons
	Leave                 []poolLeaveRow
	PreSelection          *poolPreSelectionView // nil: no section
	// The forms the actor may use now; nil when not offered.
	PreForm      *form
	MoveForm     *form
	WithdrawOnly bool // the org contact's form: withdraw the nomination
	CapacityForm *form
	LeaveForm    *form
	// Problems are the errors of a failed form that is no longer offered
	// (the status changed meanwhile).
	Problems form
	// DevelopmentURL links coaches and admins to the regisseur's
	// self-assessment, 360 rounds and results.
	DevelopmentURL string
	// AccessURL links admins to who read or changed the regisseur's data.
	AccessURL string
}

type poolMemberView struct {
	ID                  int64
	Name, Status        string
	Organisation, Round string
	Hours               string
	MaxCases            int
	ActiveCases         int
	PausedUntil         string
	Municipalities      []string
	OtherMunicipalities int // municipalities the actor may not see by name
	Created             string
}

type poolNamedText struct{ Name, Text string }

type poolHistoryRow struct{ From, To, Reason, Who, When string }

type poolLeaveRow struct{ From, Until, Reason string }

type poolPreSelectionView struct {
	None                      bool // nothing recorded yet
	OutcomeOnly               bool
	Outcome, Recorded         string
	TestDate                  string
	Instrument, Provider      string
	Pitfalls, AttentionPoints []string
	ReportHref, ReportLabel   string
}

// poolMemberForms are forms shown again after a failed attempt; nil ones
// are drawn from what is stored.
type poolMemberForms struct {
	pre, move, capacity, leave *form
}

// loadPoolMember reads the member of the path with what its page needs.
func (p *Pages) loadPoolMember(c *gin.Context) (app.MemberFile, error) {
	id, err := pathID(c)
	if err != nil {
		return app.MemberFile{}, err
	}
	return p.App.MemberFile(c.Request.Context(), id)
}

func (p *Pages) handlePoolMember(c *gin.Context) error {
	d, err := p.loadPoolMember(c)
	if err != nil {
		return err
	}
	notice := ""
	switch {
	case c.Query("voorgedragen") == "1":
		notice = "De kandidaat is voorgedragen."
	case c.Query("opgeslagen") == "1":
		notice = "De wijziging is opgeslagen."
	}
	return p.showPoolMember(c, http.StatusOK, d, poolMemberForms{}, notice)
}

// showPoolMember draws a member's page: the sections the actor may see and
// the forms the actor may use now, by the rules of domain/pool_access.go.
func (p *Pages) showPoolMember(c *gin.Context, status int, d app.MemberFile, forms poolMemberForms, notice string) error {
	ctx := c.Request.Context()
	a := domain.ActorFrom(ctx)
	m := d.Member
	page := poolMemberPage{Notice: notice, Motivation: m.Motivation, ShowReasons: domain.CanSeeStatusReasons(a, m),
		Member: poolMemberViewOf(d), CompetencyMotivations: poolMotivations(m, d.Competencies)}
	if domain.CanManageDevelopment(a, domain.IsCoachOf(a, m)) {
		page.DevelopmentURL = fmt.Sprintf("/regisseurs/%d/ontwikkeling", m.RegisseurID)
	}
	if domain.CanReadAudit(a) {
		page.AccessURL = recordAccessPath(m.RegisseurID)
	}
	for _, t := range m.Transitions {
		row := poolHistoryRow{From: "Nieuw", To: domain.MembershipLabels[t.To], Reason: t.Reason, Who: t.Actor,
			When: domain.FormatDateTime(t.At.Local())}
		if t.From != nil {
			row.From = domain.MembershipLabels[*t.From]
		}
		if row.Who == "" {
			row.Who = "Regiepool"
		}
		page.History = append(page.History, row)
	}
	for _, u := range m.Availability {
		page.Leave = append(page.Leave, poolLeaveRow{From: domain.FormatDate(u.StartsOn), Until: domain.FormatDate(u.EndsOn),
			Reason: domain.LeaveReasonLabel(u.Reason)})
	}

	// Reading a pre-selection is audited: only those who may know it read it.
	var pre *domain.PreSelection
	if domain.CanKnowPreSelection(a, m) {
		ps, err := p.App.PreSelection(ctx, m.ID)
		switch {
		case err == nil:
			pre = &ps
			page.PreSelection = poolPreSelectionViewOf(ps)
		case domain.ErrorCode(err) == domain.ENotFound:
			page.PreSelection = &poolPreSelectionView{None: true}
		default:
			return err
		}
	}

	// offer returns the form to draw: the failed one when there is one,
	// otherwise a fresh one; nil when the form is not offered, after moving
	// the errors of a failed one into Problems.
	offer := func(show bool, failed *form, build func() form) *form {
		switch {
		case !show && failed != nil:
			for _, e := range failed.Errors {
				page.Problems.Errors = append(page.Problems.Errors, formError{Text: e.Text})
			}
			return nil
		case !show:
			return nil
		case failed != nil:
			return failed
		}
		f := build()
		return &f
	}
	decide := domain.CanDecide(a, m)
	hasReport := pre != nil && pre.ReportFilename != ""
	page.PreForm = offer(decide && !m.Status.Decided(), forms.pre,
		func() form { return poolPreSelectionForm(m.ID, poolPreInputFrom(pre), hasReport, d.Competencies) })
	if page.PreForm != nil && forms.pre != nil {
		for i := range page.PreForm.Fields {
			if page.PreForm.Fields[i].Name == "report" {
				page.PreForm.Fields[i].Description = poolReportDescription(hasReport)
			}
		}
	}
	steps := domain.StepsFor(a, m)
	page.WithdrawOnly = !decide && len(steps) > 0
	page.MoveForm = offer(len(steps) > 0, forms.move, func() form { return poolMoveForm(a, m, steps, poolMoveInput{}) })
	page.CapacityForm = offer(decide && !m.Status.Final(), forms.capacity, func() form {
		return poolCapacityForm(m.ID, poolCapacityInput{MaxCases: strconv.Itoa(m.MaxCases), Hours: inputNumber(m.HoursPerWeek),
			Municipalities: poolIDStrings(m.MunicipalityIDs)}, d.Municipalities)
	})
	page.LeaveForm = offer(decide && !m.Status.Final(), forms.leave, func() form { return poolLeaveForm(m.ID, poolLeaveInput{}) })

	title := m.RegisseurName
	failed := page.Problems.Failed()
	for _, f := range []*form{page.PreForm, page.MoveForm, page.CapacityForm, page.LeaveForm} {
		failed = failed || (f != nil && f.Failed())
	}
	if failed {
		title = "Fout: " + title
	}
	page.BasePage = p.base(c, title)
	p.render(c, status, "pool_member", page)
	return nil
}

// poolMemberViewOf is the membership as the page's data list shows it.
func poolMemberViewOf(d app.MemberFile) poolMemberView {
	m := d.Member
	v := poolMemberView{ID: m.ID, Name: m.RegisseurName, Status: domain.MembershipLabels[m.Status], Organisation: m.OrganisationName,
		Round: d.RoundName, Hours: domain.FormatNumberTrim(m.HoursPerWeek, 2), MaxCases: m.MaxCases, ActiveCases: m.ActiveCases,
		Created: domain.FormatDate(m.CreatedAt)}
	if m.Status == domain.MemberPaused {
		v.PausedUntil = "geen einddatum"
		if m.PausedUntil != nil {
			v.PausedUntil = domain.FormatDate(*m.PausedUntil)
		}
	}
	names := map[int64]string{}
	for _, x := range d.Municipalities {
		names[x.ID] = x.Name
	}
	for _, id := range m.MunicipalityIDs {
		if n, ok := names[id]; ok {
			v.Municipalities = append(v.Municipalities, n)
		} else {
			v.OtherMunicipalities++
		}
	}
	return v
}

// poolMotivations are the motivations per competency, in the order of the
// newest instrument; competencies of an older version keep their key as
// name and come last.
func poolMotivations(m domain.Membership, comps []app.CompetencyName) []poolNamedText {
	var out []poolNamedText
	known := map[string]bool{}
	for _, it := range comps {
		known[it.Key] = true
		if t := strings.TrimSpace(m.CompetencyMotivations[it.Key]); t != "" {
			out = append(out, poolNamedText{Name: it.Name, Text: t})
		}
	}
	for _, k := range slices.Sorted(maps.Keys(m.CompetencyMotivations)) {
		if t := strings.TrimSpace(m.CompetencyMotivations[k]); !known[k] && t != "" {
			out = append(out, poolNamedText{Name: k, Text: t})
		}
	}
	return out
}

func poolPreSelectionViewOf(ps domain.PreSelection) *poolPreSelectionView {
	v := &poolPreSelectionView{OutcomeOnly: ps.OutcomeOnly, Outcome: domain.OutcomeLabels[ps.Outcome], Recorded: domain.FormatDate(ps.RecordedAt)}
	if ps.OutcomeOnly {
		return v
	}
	v.TestDate, v.Instrument, v.Provider = domain.FormatDate(ps.TestDate), ps.InstrumentName, ps.Provider
	v.Pitfalls, v.AttentionPoints = ps.Pitfalls, ps.AttentionPoints
	if ps.ReportFilename != "" {
		v.ReportHref = poolMemberPath(ps.MembershipID) + "/rapport"
		v.ReportLabel = fmt.Sprintf("Rapport downloaden: %s (PDF, %s)", ps.ReportFilename, poolSizeText(ps.ReportSize))
	}
	return v
}

// poolSizeText writes a file size in kB or MB, the Dutch way.
func poolSizeText(n int) string {
	if n < 1<<20 {
		return strconv.Itoa(max(1, (n+1023)/1024)) + " kB"
	}
	return domain.FormatNumber(float64(n)/(1<<20), 1) + " MB"
}

// handlePoolReport streams the provider's PDF to those who may see the whole
// pre-selection; the store audits the read.
func (p *Pages) handlePoolReport(c *gin.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	f, err := p.App.PreSelectionReport(c.Request.Context(), id)
	if err != nil {
		return err
	}
	c.Header("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": f.Name}))
	c.Data(http.StatusOK, "application/pdf", f.Body)
	return nil
}
