package web

import (
	"errors"
	"fmt"
	"io"
	"maps"
	"mime"
	"mime/multipart"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"regiepool/internal/assessment"
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
	ShowReasons           bool // the history's reasons; not for dispatchers
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

// poolMemberData is the member of the path with what its page needs.
type poolMemberData struct {
	m     domain.Membership
	muns  []domain.Municipality
	comps []assessment.Item
}

// loadPoolMember reads the member of the path; ok is false when it answered
// with an error page.
func (p *Pages) loadPoolMember(c *gin.Context) (poolMemberData, bool) {
	var d poolMemberData
	id, ok := p.pathID(c)
	if !ok {
		return d, false
	}
	ctx := c.Request.Context()
	var err error
	if d.m, err = p.DB.FindMembership(ctx, id); err != nil {
		p.storeFailed(c, "find membership", err)
		return d, false
	}
	if d.muns, err = collectAll(ctx, p.DB.FindMunicipalities); err != nil {
		p.adminInternalError(c, "find municipalities", err)
		return d, false
	}
	if d.comps, err = p.poolCompetencies(ctx); err != nil {
		p.adminInternalError(c, "find instruments", err)
		return d, false
	}
	return d, true
}

// poolMemberForms are forms shown again after a failed attempt; nil ones
// are drawn from what is stored.
type poolMemberForms struct {
	pre, move, capacity, leave *form
}

func (p *Pages) handlePoolMember(c *gin.Context) {
	d, ok := p.loadPoolMember(c)
	if !ok {
		return
	}
	notice := ""
	switch {
	case c.Query("voorgedragen") == "1":
		notice = "De kandidaat is voorgedragen."
	case c.Query("opgeslagen") == "1":
		notice = "De wijziging is opgeslagen."
	}
	p.showPoolMember(c, http.StatusOK, d, poolMemberForms{}, notice)
}

// poolMayKnowPreSelection reports whether the actor may learn whether member m
// has a pre-selection: the selection, the nominating organisation and the
// regisseur themself. Dispatchers and monitors never do.
func poolMayKnowPreSelection(a *domain.Actor, m domain.Membership) bool {
	if !a.Can(domain.PermReadPreSelection) {
		return false
	}
	return a.HasAny(domain.RoleAdmin, domain.RoleCoach) ||
		(a.Has(domain.RoleOrgContact) && a.OrganisationID != nil && *a.OrganisationID == m.OrganisationID) ||
		(a.Has(domain.RoleRegisseur) && a.RegisseurID != nil && *a.RegisseurID == m.RegisseurID)
}

// poolOpenStatus reports whether capacity and leave still matter.
func poolOpenStatus(s domain.MembershipStatus) bool {
	return s != domain.MemberLeft && s != domain.MemberRejected && s != domain.MemberWithdrawn
}

// poolMoveOptions are the steps the actor may take from m's status; withdraw
// is true for the nominating organisation, which may only withdraw.
func poolMoveOptions(a *domain.Actor, m domain.Membership) (opts []domain.MembershipStatus, withdraw bool) {
	switch {
	case !a.Can(domain.PermMoveMember):
		return nil, false
	case a.HasAny(domain.RoleAdmin, domain.RoleCoach):
		return domain.NextStatuses(m.Status), false
	case a.Has(domain.RoleOrgContact) && a.OrganisationID != nil && *a.OrganisationID == m.OrganisationID && !m.Status.Decided():
		return []domain.MembershipStatus{domain.MemberWithdrawn}, true
	}
	return nil, false
}

func (p *Pages) showPoolMember(c *gin.Context, status int, d poolMemberData, forms poolMemberForms, notice string) {
	ctx := c.Request.Context()
	a := domain.ActorFrom(ctx)
	m := d.m
	page := poolMemberPage{Notice: notice, Motivation: m.Motivation, ShowReasons: a.Can(domain.PermReadPreSelection)}
	if a.Can(domain.PermManageFeedback) {
		page.DevelopmentURL = fmt.Sprintf("/regisseurs/%d/ontwikkeling", m.RegisseurID)
	}

	v := poolMemberView{ID: m.ID, Name: m.RegisseurName, Status: domain.MembershipLabels[m.Status], Organisation: m.OrganisationName,
		Hours: poolHoursText(m.HoursPerWeek), MaxCases: m.MaxCases, ActiveCases: m.ActiveCases, Created: day(m.CreatedAt)}
	if m.Status == domain.MemberPaused {
		v.PausedUntil = "geen einddatum"
		if m.PausedUntil != nil {
			v.PausedUntil = day(*m.PausedUntil)
		}
	}
	if r, err := p.DB.FindPoolRound(ctx, m.RoundID); err == nil {
		v.Round = r.Name
	}
	names := map[int64]string{}
	for _, x := range d.muns {
		names[x.ID] = x.Name
	}
	for _, id := range m.MunicipalityIDs {
		if n, ok := names[id]; ok {
			v.Municipalities = append(v.Municipalities, n)
		} else {
			v.OtherMunicipalities++
		}
	}
	page.Member = v

	known := map[string]bool{}
	for _, it := range d.comps {
		known[it.Key] = true
		if t := strings.TrimSpace(m.CompetencyMotivations[it.Key]); t != "" {
			page.CompetencyMotivations = append(page.CompetencyMotivations, poolNamedText{Name: it.Name, Text: t})
		}
	}
	// Competencies of an older instrument version keep their key as name.
	for _, k := range slices.Sorted(maps.Keys(m.CompetencyMotivations)) {
		if t := strings.TrimSpace(m.CompetencyMotivations[k]); !known[k] && t != "" {
			page.CompetencyMotivations = append(page.CompetencyMotivations, poolNamedText{Name: k, Text: t})
		}
	}
	for _, t := range m.Transitions {
		row := poolHistoryRow{From: "Nieuw", To: domain.MembershipLabels[t.To], Reason: t.Reason, Who: t.Actor,
			When: t.At.Local().Format("02-01-2006 15:04")}
		if t.From != nil {
			row.From = domain.MembershipLabels[*t.From]
		}
		if row.Who == "" {
			row.Who = "Regiepool"
		}
		page.History = append(page.History, row)
	}
	for _, u := range m.Availability {
		page.Leave = append(page.Leave, poolLeaveRow{From: day(u.StartsOn), Until: day(u.EndsOn), Reason: poolLeaveReasonLabel(u.Reason)})
	}

	var pre *domain.PreSelection
	if poolMayKnowPreSelection(a, m) {
		ps, err := p.DB.FindPreSelection(ctx, m.ID)
		switch {
		case err == nil:
			pre = &ps
			page.PreSelection = poolPreSelectionViewOf(ps)
		case domain.ErrorCode(err) == domain.ENotFound:
			page.PreSelection = &poolPreSelectionView{None: true}
		default:
			p.adminInternalError(c, "find pre-selection", err)
			return
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
	decider := a.Can(domain.PermDecidePool)
	hasReport := pre != nil && pre.ReportFilename != ""
	page.PreForm = offer(decider && (m.Status == domain.MemberNominated || m.Status == domain.MemberPreselected), forms.pre,
		func() form { return poolPreSelectionForm(m.ID, poolPreInputFrom(pre), hasReport) })
	if page.PreForm != nil && forms.pre != nil {
		for i := range page.PreForm.Fields {
			if page.PreForm.Fields[i].Name == "report" {
				page.PreForm.Fields[i].Description = poolReportDescription(hasReport)
			}
		}
	}
	opts, withdraw := poolMoveOptions(a, m)
	page.WithdrawOnly = withdraw
	page.MoveForm = offer(len(opts) > 0, forms.move, func() form { return poolMoveForm(a, m, opts, withdraw, poolMoveInput{}) })
	page.CapacityForm = offer(decider && poolOpenStatus(m.Status), forms.capacity, func() form {
		return poolCapacityForm(m.ID, poolCapacityInput{MaxCases: strconv.Itoa(m.MaxCases), Hours: poolHoursValue(m.HoursPerWeek),
			Municipalities: poolIDStrings(m.MunicipalityIDs)}, d.muns)
	})
	page.LeaveForm = offer(decider && poolOpenStatus(m.Status), forms.leave, func() form { return poolLeaveForm(m.ID, poolLeaveInput{}) })

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
}

func poolPreSelectionViewOf(ps domain.PreSelection) *poolPreSelectionView {
	v := &poolPreSelectionView{OutcomeOnly: ps.OutcomeOnly, Outcome: domain.OutcomeLabels[ps.Outcome], Recorded: day(ps.RecordedAt)}
	if ps.OutcomeOnly {
		return v
	}
	v.TestDate, v.Instrument, v.Provider = day(ps.TestDate), ps.InstrumentName, ps.Provider
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
	return strings.Replace(strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64), ".", ",", 1) + " MB"
}

// handlePoolReport streams the provider's PDF to those who may see the whole
// pre-selection; the store audits the read.
func (p *Pages) handlePoolReport(c *gin.Context) {
	id, ok := p.pathID(c)
	if !ok {
		return
	}
	body, name, err := p.DB.PreSelectionReport(c.Request.Context(), id)
	if err != nil {
		p.storeFailed(c, "pre-selection report", err)
		return
	}
	cd := mime.FormatMediaType("attachment", map[string]string{"filename": name})
	if name == "" || cd == "" {
		cd = `attachment; filename="rapport.pdf"`
	}
	c.Header("Content-Disposition", cd)
	c.Data(http.StatusOK, "application/pdf", body)
}

// --- Pre-selection ------------------------------------------------------------

type poolPreInput struct {
	TestDate, Instrument, Provider, Outcome, Pitfalls, AttentionPoints string
}

func poolPreInputFrom(ps *domain.PreSelection) poolPreInput {
	if ps == nil || ps.OutcomeOnly {
		return poolPreInput{}
	}
	return poolPreInput{TestDate: ps.TestDate.Format(isoDay), Instrument: ps.InstrumentName, Provider: ps.Provider, Outcome: ps.Outcome,
		Pitfalls: strings.Join(ps.Pitfalls, "\n"), AttentionPoints: strings.Join(ps.AttentionPoints, "\n")}
}

func poolPreSelectionForm(id int64, in poolPreInput, hasReport bool) form {
	f := form{Action: poolMemberPath(id) + "/voorselectie"}
	outcome := formField{Name: "outcome", Label: "Uitkomst", Kind: "radios"}
	for _, o := range []string{domain.OutcomeSuitable, domain.OutcomeSuitableAttention, domain.OutcomeContraIndication} {
		outcome.Options = append(outcome.Options, formOption{Value: o, Label: domain.OutcomeLabels[o], Checked: in.Outcome == o})
	}
	f.Fields = append(f.Fields,
		formField{Name: "testDate", Label: "Datum van de test", Kind: "date", Value: in.TestDate, Required: true},
		formField{Name: "instrumentName", Label: "Instrument", Kind: "text", Value: in.Instrument, Required: true, Autocomplete: "off",
			Description: "De naam van de gevalideerde persoonlijkheidstest."},
		formField{Name: "provider", Label: "Aanbieder", Kind: "text", Value: in.Provider, Required: true, Autocomplete: "off"},
		outcome,
		formField{Name: "pitfalls", Label: "Valkuilen", Kind: "textarea", Value: in.Pitfalls, Optional: true,
			Description: "Eén valkuil per regel, hoogstens 20."},
		formField{Name: "attentionPoints", Label: "Aandachtspunten", Kind: "textarea", Value: in.AttentionPoints, Optional: true,
			Description: "Eén aandachtspunt per regel, hoogstens 20."},
		formField{Name: "report", Label: "Rapport van de aanbieder", Kind: "file", Optional: true, Description: poolReportDescription(hasReport)},
	)
	return f
}

func poolReportDescription(hasReport bool) string {
	if hasReport {
		return "Een PDF-bestand van hoogstens 5 MB. Er is al een rapport bewaard: kiest u geen nieuw bestand, dan blijft dat staan."
	}
	return "Een PDF-bestand van hoogstens 5 MB."
}

// poolUploadLimit bounds the whole request of the pre-selection form: the
// report plus the text fields.
const poolUploadLimit = domain.MaxReportSize + 1<<20

// handlePoolPreSelection records (or corrects) the pre-selection, with an
// optional PDF report.
func (p *Pages) handlePoolPreSelection(c *gin.Context) {
	d, ok := p.loadPoolMember(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	var fes []domain.FieldError
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, poolUploadLimit)
	if c.ContentType() == "multipart/form-data" {
		if err := c.Request.ParseMultipartForm(1 << 20); err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				fes = append(fes, domain.FieldError{Name: "report", Code: "size", Reason: "Het rapport is groter dan 5 MB."})
			} else {
				fes = append(fes, domain.FieldError{Name: "report", Code: "read", Reason: "Het formulier kon niet worden gelezen. Probeer het opnieuw."})
			}
		}
	}
	in := poolPreInput{TestDate: c.PostForm("testDate"), Instrument: c.PostForm("instrumentName"), Provider: c.PostForm("provider"),
		Outcome: c.PostForm("outcome"), Pitfalls: c.PostForm("pitfalls"), AttentionPoints: c.PostForm("attentionPoints")}
	ps := domain.PreSelection{InstrumentName: in.Instrument, Provider: in.Provider, Outcome: in.Outcome,
		Pitfalls: poolSplitLines(in.Pitfalls), AttentionPoints: poolSplitLines(in.AttentionPoints)}
	if t, ok := poolParseDay(in.TestDate); ok {
		ps.TestDate = t
	}
	var report []byte
	var filename string
	if len(fes) == 0 {
		if fh, err := c.FormFile("report"); err == nil {
			if fh.Size > domain.MaxReportSize {
				fes = append(fes, domain.FieldError{Name: "report", Code: "size", Reason: "Het rapport is groter dan 5 MB."})
			} else if report, err = poolReadUpload(fh); err != nil {
				fes = append(fes, domain.FieldError{Name: "report", Code: "read", Reason: "Het rapport kon niet worden gelezen. Probeer het opnieuw."})
			}
			filename = poolUploadName(fh.Filename)
		} else if !errors.Is(err, http.ErrMissingFile) && !errors.Is(err, http.ErrNotMultipart) {
			fes = append(fes, domain.FieldError{Name: "report", Code: "read", Reason: "Het rapport kon niet worden gelezen. Probeer het opnieuw."})
		}
		// An unreadable request has no fields to check.
		if err := ps.Validate(); err != nil {
			if e, ok := domain.AsError(err); ok {
				fes = append(fes, e.Fields...)
			}
		}
	}
	if len(fes) > 0 {
		f := poolPreSelectionForm(d.m.ID, in, false)
		f.addErrors(fes...)
		p.showPoolMember(c, http.StatusBadRequest, d, poolMemberForms{pre: &f}, "")
		return
	}
	err := p.DB.RecordPreSelection(ctx, d.m.ID, ps, report, filename)
	if err == nil {
		c.Redirect(http.StatusSeeOther, poolMemberPath(d.m.ID)+"?opgeslagen=1")
		return
	}
	e := p.adminStoreError(c, err, "record pre-selection")
	if e == nil {
		return
	}
	f := poolPreSelectionForm(d.m.ID, in, false)
	f.fail(e)
	p.showPoolMember(c, formStatus(e), d, poolMemberForms{pre: &f}, "")
}

// poolReadUpload reads an uploaded file, at most one byte over the limit so the
// store can tell it is too large.
func poolReadUpload(fh *multipart.FileHeader) ([]byte, error) {
	f, err := fh.Open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, domain.MaxReportSize+1))
	if b == nil {
		b = []byte{}
	}
	return b, err
}

// poolUploadName is the file name to keep: without a path or control
// characters, and at most 200 bytes.
func poolUploadName(name string) string {
	name = name[strings.LastIndexAny(name, `/\`)+1:]
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, name)
	for len(name) > 200 {
		_, size := utf8.DecodeLastRuneInString(name)
		name = name[:len(name)-size]
	}
	if strings.TrimSpace(name) == "" {
		return "rapport.pdf"
	}
	return name
}

// --- Status ---------------------------------------------------------------------

type poolMoveInput struct{ To, Reason, OverrideReason, PausedUntil string }

func poolMoveForm(a *domain.Actor, m domain.Membership, opts []domain.MembershipStatus, withdraw bool, in poolMoveInput) form {
	f := form{Action: poolMemberPath(m.ID) + "/status"}
	if withdraw {
		f.Fields = append(f.Fields, formField{Name: "reason", Label: "Reden van intrekken", Kind: "textarea", Value: in.Reason, Required: true,
			Description: "De reden komt in de statusgeschiedenis. Na intrekken komt de plaats in de poolronde vrij."})
		return f
	}
	to := formField{Name: "to", Label: "Nieuwe status", Kind: "select"}
	to.Options = append(to.Options, formOption{Value: "", Label: "Kies een nieuwe status", Checked: in.To == ""})
	for _, s := range opts {
		to.Options = append(to.Options, formOption{Value: string(s), Label: domain.MembershipLabels[s], Checked: in.To == string(s)})
	}
	f.Fields = append(f.Fields, to,
		formField{Name: "reason", Label: "Reden", Kind: "textarea", Value: in.Reason,
			Description: "Verplicht, behalve bij voorselecteren en actief maken. De reden komt in de statusgeschiedenis."})
	if a.Has(domain.RoleAdmin) && slices.Contains(opts, domain.MemberAdmitted) {
		f.Fields = append(f.Fields, formField{Name: "overrideReason", Label: "Onderbouwing toelaten ondanks contra-indicatie", Kind: "textarea",
			Value: in.OverrideReason, Optional: true,
			Description: "Alleen nodig bij een contra-indicatie: toelaten kan dan alleen met een onderbouwing van een functioneel beheerder."})
	}
	if slices.Contains(opts, domain.MemberPaused) {
		f.Fields = append(f.Fields, formField{Name: "pausedUntil", Label: "Gepauzeerd tot", Kind: "date", Value: in.PausedUntil, Optional: true,
			Description: "Alleen bij pauzeren. Laat leeg als de einddatum nog niet bekend is."})
	}
	return f
}

// handlePoolMove takes a step of the life cycle: the selection decides, the
// nominating organisation may withdraw before a decision.
func (p *Pages) handlePoolMove(c *gin.Context) {
	d, ok := p.loadPoolMember(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	a := domain.ActorFrom(ctx)
	opts, withdraw := poolMoveOptions(a, d.m)
	in := poolMoveInput{To: c.PostForm("to"), Reason: c.PostForm("reason"), OverrideReason: c.PostForm("overrideReason"), PausedUntil: c.PostForm("pausedUntil")}
	if !a.Has(domain.RoleAdmin) {
		in.OverrideReason = ""
	}
	var fes []domain.FieldError
	to, ok := domain.ParseMembershipStatus(in.To)
	if !ok {
		fes = append(fes, domain.FieldError{Name: "to", Code: "required", Reason: "Kies een nieuwe status."})
	}
	// The store asks for a reason too; checking it here shows every error
	// of the form at once.
	if ok && strings.TrimSpace(in.Reason) == "" && to != domain.MemberActive && to != domain.MemberPreselected {
		fes = append(fes, domain.FieldError{Name: "reason", Code: "required", Reason: "Geef een reden voor deze stap."})
	}
	opt := domain.TransitionOptions{Reason: in.Reason, OverrideReason: in.OverrideReason}
	if to == domain.MemberPaused && strings.TrimSpace(in.PausedUntil) != "" {
		t, ok := poolParseDay(in.PausedUntil)
		if !ok {
			fes = append(fes, domain.FieldError{Name: "pausedUntil", Code: "date", Reason: "Vul een geldige datum in."})
		}
		opt.PausedUntil = &t
	}
	// When nothing is offered any more (the status changed meanwhile), the
	// page shows the errors above it.
	form := func() *form {
		f := poolMoveForm(a, d.m, opts, withdraw, in)
		return &f
	}
	if len(fes) > 0 {
		f := form()
		f.addErrors(fes...)
		p.showPoolMember(c, http.StatusBadRequest, d, poolMemberForms{move: f}, "")
		return
	}
	_, err := p.DB.MoveMembership(ctx, d.m.ID, to, opt)
	if err == nil {
		c.Redirect(http.StatusSeeOther, poolMemberPath(d.m.ID)+"?opgeslagen=1")
		return
	}
	e := p.adminStoreError(c, err, "move membership")
	if e == nil {
		return
	}
	f := form()
	f.fail(e)
	p.showPoolMember(c, formStatus(e), d, poolMemberForms{move: f}, "")
}

// --- Capacity -------------------------------------------------------------------

type poolCapacityInput struct {
	MaxCases, Hours string
	Municipalities  []string
}

func poolCapacityForm(id int64, in poolCapacityInput, muns []domain.Municipality) form {
	f := form{Action: poolMemberPath(id) + "/capaciteit"}
	f.Fields = append(f.Fields,
		formField{Name: "maxCases", Label: "Maximum aantal casussen", Kind: "count", Value: in.MaxCases, Required: true,
			Description: "Van 1 tot en met 20."},
		formField{Name: "hoursPerWeek", Label: "Uren per week voor regie", Kind: "hours", Value: in.Hours, Required: true,
			Description: "Meer dan 0 en hoogstens 40; halve uren mogen."},
		poolMunicipalityField(muns, in.Municipalities, "De gemeenten waarvoor het poollid casussen oppakt."),
	)
	return f
}

func (p *Pages) handlePoolCapacity(c *gin.Context) {
	d, ok := p.loadPoolMember(c)
	if !ok {
		return
	}
	in := poolCapacityInput{MaxCases: c.PostForm("maxCases"), Hours: c.PostForm("hoursPerWeek"), Municipalities: c.PostFormArray("municipalityIds")}
	var fes []domain.FieldError
	maxCases, err := strconv.Atoi(strings.TrimSpace(in.MaxCases))
	if err != nil {
		fes = append(fes, domain.FieldError{Name: "maxCases", Code: "number", Reason: "Vul een heel getal in van 1 tot en met 20."})
	}
	hours, ok := poolParseHours(in.Hours)
	if !ok {
		fes = append(fes, domain.FieldError{Name: "hoursPerWeek", Code: "number", Reason: "Vul het aantal uren in als getal, bijvoorbeeld 16 of 16,5."})
	}
	ids, mfes := poolReadMunicipalities(in.Municipalities, d.muns)
	fes = append(fes, mfes...)
	if len(fes) > 0 {
		f := poolCapacityForm(d.m.ID, in, d.muns)
		f.addErrors(fes...)
		p.showPoolMember(c, http.StatusBadRequest, d, poolMemberForms{capacity: &f}, "")
		return
	}
	_, err = p.DB.UpdateCapacity(c.Request.Context(), d.m.ID, domain.CapacityUpdate{MaxCases: &maxCases, HoursPerWeek: &hours, MunicipalityIDs: &ids})
	if err == nil {
		c.Redirect(http.StatusSeeOther, poolMemberPath(d.m.ID)+"?opgeslagen=1")
		return
	}
	e := p.adminStoreError(c, err, "update capacity")
	if e == nil {
		return
	}
	f := poolCapacityForm(d.m.ID, in, d.muns)
	f.fail(e)
	p.showPoolMember(c, formStatus(e), d, poolMemberForms{capacity: &f}, "")
}

// --- Leave ------------------------------------------------------------------------

type poolLeaveInput struct{ StartsOn, EndsOn, Reason string }

func poolLeaveForm(id int64, in poolLeaveInput) form {
	f := form{Action: poolMemberPath(id) + "/afwezigheid"}
	reason := formField{Name: "leaveReason", Label: "Reden", Kind: "select"}
	for i, r := range poolLeaveReasons {
		reason.Options = append(reason.Options, formOption{Value: r.value, Label: r.label, Checked: in.Reason == r.value || (in.Reason == "" && i == 0)})
	}
	f.Fields = append(f.Fields,
		formField{Name: "startsOn", Label: "Eerste dag", Kind: "date", Value: in.StartsOn, Required: true},
		formField{Name: "endsOn", Label: "Laatste dag", Kind: "date", Value: in.EndsOn, Required: true,
			Description: "Tot en met deze dag neemt het poollid geen nieuwe casussen aan."},
		reason,
	)
	return f
}

func (p *Pages) handlePoolLeave(c *gin.Context) {
	d, ok := p.loadPoolMember(c)
	if !ok {
		return
	}
	in := poolLeaveInput{StartsOn: c.PostForm("startsOn"), EndsOn: c.PostForm("endsOn"), Reason: c.PostForm("leaveReason")}
	var fes []domain.FieldError
	var u domain.Unavailability
	if u.StartsOn, ok = poolParseDay(in.StartsOn); !ok {
		fes = append(fes, domain.FieldError{Name: "startsOn", Code: "date", Reason: "Vul de eerste dag in als geldige datum."})
	}
	if u.EndsOn, ok = poolParseDay(in.EndsOn); !ok {
		fes = append(fes, domain.FieldError{Name: "endsOn", Code: "date", Reason: "Vul de laatste dag in als geldige datum."})
	}
	if !slices.ContainsFunc(poolLeaveReasons, func(r struct{ value, label string }) bool { return r.value == in.Reason }) {
		fes = append(fes, domain.FieldError{Name: "leaveReason", Code: "oneof", Reason: "Kies een reden uit de lijst."})
	}
	u.Reason = in.Reason
	if len(fes) == 0 && u.EndsOn.Before(u.StartsOn) {
		fes = append(fes, domain.FieldError{Name: "endsOn", Code: "order", Reason: "De laatste dag ligt op of na de eerste dag."})
	}
	if len(fes) > 0 {
		f := poolLeaveForm(d.m.ID, in)
		f.addErrors(fes...)
		p.showPoolMember(c, http.StatusBadRequest, d, poolMemberForms{leave: &f}, "")
		return
	}
	err := p.DB.AddUnavailability(c.Request.Context(), d.m.ID, u)
	if err == nil {
		c.Redirect(http.StatusSeeOther, poolMemberPath(d.m.ID)+"?opgeslagen=1")
		return
	}
	e := p.adminStoreError(c, err, "add unavailability")
	if e == nil {
		return
	}
	f := poolLeaveForm(d.m.ID, in)
	f.fail(e)
	p.showPoolMember(c, formStatus(e), d, poolMemberForms{leave: &f}, "")
}
