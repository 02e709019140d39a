package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"regiepool/internal/domain"
)

// The intervisie log: the sessions, one session with its confidential
// notes, and the form that logs a session.

// intervisieForms are the forms of a session in the order the page offers them.
var intervisieForms = []string{domain.FormIntervisie, domain.FormCasuistiek, domain.FormInstruction}

// The choices of a regisseur's participation in the form.
const (
	attendPresent    = "aanwezig"
	attendAbsent     = "afwezig"
	attendNotInvited = "niet"
)

// --- The list -------------------------------------------------------------------

type intervisieListPage struct {
	BasePage
	Rows    []intervisieRow
	Pager   adminPager
	NewHref string
}

type intervisieRow struct {
	Href, Date, Form, Themes string
	Attended, Invited        int
}

func (p *Pages) handleIntervisies(c *gin.Context) {
	ctx := c.Request.Context()
	pg := adminPageParam(c)
	sessions, total, err := p.DB.FindIntervisies(ctx, pg)
	if err != nil {
		p.storeFailed(c, "find intervisie sessions", err)
		return
	}
	page := intervisieListPage{Pager: newAdminPager(intervisiePath, pg, total), NewHref: intervisieNewPath}
	for _, s := range sessions {
		page.Rows = append(page.Rows, intervisieRow{Href: intervisieSessionPath(s.ID), Date: day(s.HeldOn),
			Form: domain.IntervisieFormLabels[s.Form], Themes: strings.Join(s.Themes, ", "),
			Attended: len(s.Attendees), Invited: len(s.Attendees) + len(s.Absentees)})
	}
	page.BasePage = p.base(c, "Intervisie")
	p.render(c, http.StatusOK, "coach_intervisies", page)
}

// --- One session -----------------------------------------------------------------

type intervisiePage struct {
	BasePage
	Heading      string
	Notice       string
	Date         string
	Duration     int
	Form         string
	Themes       []string
	Competencies []string
	Attendees    string
	Absentees    string
	NotesVisible bool
	Notes        string
}

func (p *Pages) handleIntervisie(c *gin.Context) {
	id, ok := p.pathID(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	s, err := p.DB.FindIntervisie(ctx, id)
	if err != nil {
		p.storeFailed(c, "find intervisie session", err)
		return
	}
	comps, err := p.loadCompetencies(ctx)
	if err != nil {
		p.adminInternalError(c, "find instruments", err)
		return
	}
	_, names, err := p.regisseurNames(ctx)
	if err != nil {
		p.adminInternalError(c, "find regisseurs", err)
		return
	}
	form := domain.IntervisieFormLabels[s.Form]
	page := intervisiePage{Heading: form + " van " + day(s.HeldOn), Date: day(s.HeldOn), Duration: s.DurationMinutes, Form: form,
		Themes: s.Themes, NotesVisible: s.NotesVisible, Notes: s.Notes}
	if c.Query("opgeslagen") == "1" {
		page.Notice = "De bijeenkomst is vastgelegd."
	}
	for _, k := range s.Competencies {
		page.Competencies = append(page.Competencies, comps.name(k))
	}
	page.Attendees = peopleText(namesOf(s.Attendees, names))
	page.Absentees = peopleText(namesOf(s.Absentees, names))
	page.BasePage = p.base(c, page.Heading)
	p.render(c, http.StatusOK, "coach_intervisie", page)
}

// --- Logging a session ---------------------------------------------------------------

type intervisieFormPage struct {
	BasePage
	Form form
}

// intervisieInput is the form as typed.
type intervisieInput struct {
	HeldOn, Duration, Form, NewTheme, Notes string
	Themes, Competencies                    []string
	Attendance                              map[int64]string // regisseur → aanwezig, afwezig or niet
}

// intervisieData is what the form offers.
type intervisieData struct {
	themes []domain.Theme
	comps  coachCompetencies
	regs   []domain.Regisseur
}

func (p *Pages) loadIntervisieData(c *gin.Context) (intervisieData, bool) {
	ctx := c.Request.Context()
	var d intervisieData
	var err error
	if d.themes, err = p.DB.FindThemes(ctx); err != nil {
		p.adminInternalError(c, "find themes", err)
		return d, false
	}
	if d.comps, err = p.loadCompetencies(ctx); err != nil {
		p.adminInternalError(c, "find instruments", err)
		return d, false
	}
	if d.regs, _, err = p.regisseurNames(ctx); err != nil {
		p.adminInternalError(c, "find regisseurs", err)
		return d, false
	}
	return d, true
}

func attendanceName(regisseurID int64) string {
	return "deelname-" + strconv.FormatInt(regisseurID, 10)
}

func intervisieForm(in intervisieInput, d intervisieData) form {
	f := form{Action: intervisieNewPath, summary: map[string]string{}}
	form := formField{Name: "form", Label: "Vorm", Kind: "radios"}
	for _, v := range intervisieForms {
		form.Options = append(form.Options, formOption{Value: v, Label: domain.IntervisieFormLabels[v], Checked: in.Form == v})
	}
	themes := formField{Name: "themeIds", Label: "Thema's", Kind: "checkboxes", Optional: true, Empty: "Er zijn nog geen thema's."}
	for _, t := range d.themes {
		v := strconv.FormatInt(t.ID, 10)
		themes.Options = append(themes.Options, formOption{Value: v, Label: t.Name, Checked: slices.Contains(in.Themes, v)})
	}
	comps := formField{Name: "competencies", Label: "Competenties", Kind: "checkboxes", Optional: true,
		Description: "De competenties uit het profiel waar de bijeenkomst over ging.", Empty: "Er is nog geen competentieprofiel geladen."}
	for _, it := range d.comps.items {
		comps.Options = append(comps.Options, formOption{Value: it.Key, Label: it.Name, Checked: slices.Contains(in.Competencies, it.Key)})
	}
	f.Fields = append(f.Fields,
		formField{Name: "heldOn", Label: "Datum", Kind: "date", Value: in.HeldOn, Required: true},
		formField{Name: "durationMinutes", Label: "Duur in minuten", Kind: "text", Value: in.Duration, Required: true,
			Inputmode: "numeric", Autocomplete: "off", Description: "Van 15 tot en met 600 minuten."},
		form,
		themes,
		formField{Name: "newTheme", Label: "Nieuw thema", Kind: "text", Value: in.NewTheme, Optional: true, Autocomplete: "off",
			Description: "Staat het thema er niet bij? Vul het hier in. Het komt dan ook in de lijst voor volgende bijeenkomsten."},
		comps,
		formField{Name: "attendees", Label: "Aanwezigheid", Kind: "group",
			Description: "Kies per regisseur of hij of zij aanwezig of afwezig was. Wie niet was uitgenodigd, telt niet mee voor de opkomst."},
	)
	for _, r := range d.regs {
		name := attendanceName(r.ID)
		cur := in.Attendance[r.ID]
		if cur == "" {
			cur = attendNotInvited
		}
		fl := formField{Name: name, Label: r.Name, Kind: "radios"}
		for _, o := range []formOption{{Value: attendPresent, Label: "Aanwezig"}, {Value: attendAbsent, Label: "Afwezig"}, {Value: attendNotInvited, Label: "Niet uitgenodigd"}} {
			o.Checked = cur == o.Value
			fl.Options = append(fl.Options, o)
		}
		f.Fields = append(f.Fields, fl)
		f.summary[name] = "Aanwezigheid van " + r.Name
	}
	f.Fields = append(f.Fields, formField{Name: "notes", Label: "Vertrouwelijke aantekeningen", Kind: "textarea", Value: in.Notes, Optional: true,
		Description: "Alleen begeleiders en functioneel beheerders kunnen deze aantekeningen lezen; regisseurs zien ze nooit. Hoogstens 10.000 tekens."})
	return f
}

func (p *Pages) handleIntervisieForm(c *gin.Context) {
	d, ok := p.loadIntervisieData(c)
	if !ok {
		return
	}
	in := intervisieInput{HeldOn: time.Now().Format(isoDay), Duration: "90"}
	p.showIntervisieForm(c, http.StatusOK, intervisieForm(in, d))
}

func (p *Pages) showIntervisieForm(c *gin.Context, status int, f form) {
	p.render(c, status, "coach_intervisie_new", intervisieFormPage{BasePage: p.base(c, formTitle("Intervisiebijeenkomst vastleggen", f)), Form: f})
}

// readIntervisie reads the form into a session; the errors are those of
// what could not be read, then those of the session's own checks.
func readIntervisie(c *gin.Context, d intervisieData) (intervisieInput, domain.Intervisie, []domain.FieldError) {
	in := intervisieInput{HeldOn: strings.TrimSpace(c.PostForm("heldOn")), Duration: strings.TrimSpace(c.PostForm("durationMinutes")),
		Form: c.PostForm("form"), NewTheme: strings.TrimSpace(c.PostForm("newTheme")), Notes: c.PostForm("notes"),
		Themes: c.PostFormArray("themeIds"), Competencies: c.PostFormArray("competencies"), Attendance: map[int64]string{}}
	s := domain.Intervisie{Form: in.Form, Notes: strings.TrimSpace(in.Notes), Competencies: []string{}, ThemeIDs: []int64{}}
	var fes []domain.FieldError
	bad := map[string]bool{}
	fail := func(name, reason string) {
		bad[name] = true
		fes = append(fes, domain.FieldError{Name: name, Code: "input", Reason: reason})
	}
	if t, ok := parseDeadlineDay(in.HeldOn); ok {
		s.HeldOn = t
	} else {
		fail("heldOn", "Vul de datum van de bijeenkomst in, bijvoorbeeld "+time.Now().Format(dayFormat)+".")
	}
	if n, err := strconv.Atoi(in.Duration); err == nil {
		s.DurationMinutes = n
	} else {
		fail("durationMinutes", "Vul de duur in als heel aantal minuten, bijvoorbeeld 90.")
	}
	known := map[int64]bool{}
	for _, t := range d.themes {
		known[t.ID] = true
	}
	for _, v := range in.Themes {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || !known[n] {
			fail("themeIds", "Kies thema's uit de lijst.")
			break
		}
		if !slices.Contains(s.ThemeIDs, n) {
			s.ThemeIDs = append(s.ThemeIDs, n)
		}
	}
	for _, k := range in.Competencies {
		if _, ok := d.comps.names[k]; !ok {
			fail("competencies", "Kies competenties uit de lijst.")
			break
		}
		if !slices.Contains(s.Competencies, k) {
			s.Competencies = append(s.Competencies, k)
		}
	}
	for _, r := range d.regs {
		v := c.PostForm(attendanceName(r.ID))
		in.Attendance[r.ID] = v
		switch v {
		case attendPresent:
			s.Attendees = append(s.Attendees, r.ID)
		case attendAbsent:
			s.Absentees = append(s.Absentees, r.ID)
		case attendNotInvited, "":
		default:
			fail(attendanceName(r.ID), "Kies aanwezig, afwezig of niet uitgenodigd.")
		}
	}
	if len([]rune(in.NewTheme)) > 120 {
		fail("newTheme", "Een thema heeft hoogstens 120 tekens.")
	}
	if err := s.Validate(); err != nil {
		if e, ok := domain.AsError(err); ok {
			for _, fe := range intervisieFieldErrors(e.Fields) {
				if !bad[fe.Name] {
					fes = append(fes, fe)
				}
			}
		}
	}
	return in, s, fes
}

// intervisieFieldErrors puts the store's errors on the form's controls:
// attendees and absentees are one group of the form.
func intervisieFieldErrors(fes []domain.FieldError) []domain.FieldError {
	out := make([]domain.FieldError, 0, len(fes))
	seen := map[string]bool{}
	for _, fe := range fes {
		if fe.Name == "absentees" {
			fe.Name = "attendees"
		}
		if key := fe.Name + "\x00" + fe.Reason; !seen[key] {
			seen[key] = true
			out = append(out, fe)
		}
	}
	return out
}

func (p *Pages) handleIntervisieCreate(c *gin.Context) {
	d, ok := p.loadIntervisieData(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	in, s, fes := readIntervisie(c, d)
	if len(fes) > 0 {
		f := intervisieForm(in, d)
		f.addErrors(fes...)
		p.showIntervisieForm(c, http.StatusBadRequest, f)
		return
	}
	if in.NewTheme != "" {
		id, e := p.ensureTheme(c, d.themes, in.NewTheme)
		if e == nil && id == 0 {
			return // answered with an error page
		}
		if e != nil {
			f := intervisieForm(in, d)
			f.fail(renameFields(e, "name", "newTheme"))
			p.showIntervisieForm(c, formStatus(e), f)
			return
		}
		if !slices.Contains(s.ThemeIDs, id) {
			s.ThemeIDs = append(s.ThemeIDs, id)
		}
		// Shown again after a failure below: the theme is now in the list.
		in.NewTheme = ""
		in.Themes = append(in.Themes, strconv.FormatInt(id, 10))
	}
	err := p.DB.CreateIntervisie(ctx, &s)
	if err == nil {
		c.Redirect(http.StatusSeeOther, intervisieSessionPath(s.ID)+"?opgeslagen=1")
		return
	}
	e := p.adminStoreError(c, err, "create intervisie session")
	if e == nil {
		return
	}
	if d.themes, err = p.DB.FindThemes(ctx); err != nil {
		p.adminInternalError(c, "find themes", err)
		return
	}
	f := intervisieForm(in, d)
	if len(e.Fields) > 0 {
		f.addErrors(intervisieFieldErrors(e.Fields)...)
	} else {
		f.fail(e)
	}
	p.showIntervisieForm(c, formStatus(e), f)
}

// ensureTheme returns the id of the theme called name, adding it to the
// list when there is none of that name yet. It returns the store's error to
// show on the form, or 0 and nil after answering with an error page.
func (p *Pages) ensureTheme(c *gin.Context, themes []domain.Theme, name string) (int64, *domain.Error) {
	for _, t := range themes {
		if strings.EqualFold(strings.TrimSpace(t.Name), name) {
			return t.ID, nil
		}
	}
	t, err := p.DB.CreateTheme(c.Request.Context(), name)
	if err == nil {
		return t.ID, nil
	}
	e := p.adminStoreError(c, err, "create theme")
	if e == nil {
		return 0, nil
	}
	if e.Code == domain.EConflict {
		// Added by someone else meanwhile.
		if again, err := p.DB.FindThemes(c.Request.Context()); err == nil {
			for _, t := range again {
				if strings.EqualFold(strings.TrimSpace(t.Name), name) {
					return t.ID, nil
				}
			}
		}
	}
	return 0, e
}

// renameFields moves the errors of field from to field to.
func renameFields(e *domain.Error, from, to string) *domain.Error {
	out := *e
	out.Fields = nil
	for _, fe := range e.Fields {
		if fe.Name == from {
			fe.Name = to
		}
		out.Fields = append(out.Fields, fe)
	}
	return &out
}
