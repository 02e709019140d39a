package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"regiepool/internal/app"
	"regiepool/internal/domain"
)

// The form that logs an intervisie session: date, duration, form, themes
// (a new one is added to the list), competencies, who attended and the
// confidential notes.

// The choices of a regisseur's participation in the form.
const (
	attendPresent    = "aanwezig"
	attendAbsent     = "afwezig"
	attendNotInvited = "niet"
)

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

func attendanceName(regisseurID int64) string {
	return "deelname-" + strconv.FormatInt(regisseurID, 10)
}

func intervisieForm(in intervisieInput, d app.IntervisieChoices) form {
	f := form{Action: intervisieNewPath, summary: map[string]string{}}
	form := formField{Name: "form", Label: "Vorm", Kind: "radios"}
	for _, v := range domain.IntervisieForms {
		form.Options = append(form.Options, formOption{Value: v, Label: domain.IntervisieFormLabels[v], Checked: in.Form == v})
	}
	themes := formField{Name: "themeIds", Label: "Thema's", Kind: "checkboxes", Optional: true, Empty: "Er zijn nog geen thema's."}
	for _, t := range d.Themes {
		v := strconv.FormatInt(t.ID, 10)
		themes.Options = append(themes.Options, formOption{Value: v, Label: t.Name, Checked: slices.Contains(in.Themes, v)})
	}
	comps := formField{Name: "competencies", Label: "Competenties", Kind: "checkboxes", Optional: true,
		Description: "De competenties uit het profiel waar de bijeenkomst over ging.", Empty: "Er is nog geen competentieprofiel geladen."}
	for _, it := range d.Competencies {
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
	for _, r := range d.Regisseurs {
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

func (p *Pages) handleIntervisieForm(c *gin.Context) error {
	d, err := p.App.IntervisieChoices(c.Request.Context())
	if err != nil {
		return err
	}
	in := intervisieInput{HeldOn: time.Now().Format(isoDay), Duration: strconv.Itoa(domain.DefaultIntervisieMinutes)}
	p.showIntervisieForm(c, http.StatusOK, intervisieForm(in, d))
	return nil
}

func (p *Pages) showIntervisieForm(c *gin.Context, status int, f form) {
	p.render(c, status, "coach_intervisie_new", intervisieFormPage{BasePage: p.base(c, formTitle("Intervisiebijeenkomst vastleggen", f)), Form: f})
}

// readIntervisie reads the form into a session; the errors are those of
// what could not be read, then those of the session's own checks.
func readIntervisie(c *gin.Context, d app.IntervisieChoices) (intervisieInput, domain.Intervisie, []domain.FieldError) {
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
	if t, ok := parseDay(in.HeldOn); ok {
		s.HeldOn = t
	} else {
		fail("heldOn", "Vul de datum van de bijeenkomst in, bijvoorbeeld "+domain.FormatDate(time.Now())+".")
	}
	if n, err := strconv.Atoi(in.Duration); err == nil {
		s.DurationMinutes = n
	} else {
		fail("durationMinutes", "Vul de duur in als heel aantal minuten, bijvoorbeeld 90.")
	}
	known := map[int64]bool{}
	for _, t := range d.Themes {
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
		if _, ok := d.Competencies.Find(k); !ok {
			fail("competencies", "Kies competenties uit de lijst.")
			break
		}
		if !slices.Contains(s.Competencies, k) {
			s.Competencies = append(s.Competencies, k)
		}
	}
	for _, r := range d.Regisseurs {
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

func (p *Pages) handleIntervisieCreate(c *gin.Context) error {
	ctx := c.Request.Context()
	d, err := p.App.IntervisieChoices(ctx)
	if err != nil {
		return err
	}
	in, s, fes := readIntervisie(c, d)
	if len(fes) > 0 {
		f := intervisieForm(in, d)
		f.addErrors(fes...)
		p.showIntervisieForm(c, http.StatusBadRequest, f)
		return nil
	}
	if in.NewTheme != "" {
		t, err := p.App.EnsureTheme(ctx, in.NewTheme)
		if err != nil {
			e, _ := onForm(err)
			if e == nil {
				return err
			}
			f := intervisieForm(in, d)
			f.fail(renameFields(e, "name", "newTheme"))
			p.showIntervisieForm(c, formStatus(e), f)
			return nil
		}
		if !slices.Contains(s.ThemeIDs, t.ID) {
			s.ThemeIDs = append(s.ThemeIDs, t.ID)
		}
		// Shown again after a failure below: the theme is now in the list.
		in.NewTheme = ""
		in.Themes = append(in.Themes, strconv.FormatInt(t.ID, 10))
	}
	saved, err := p.App.LogIntervisie(ctx, s)
	if err == nil {
		c.Redirect(http.StatusSeeOther, intervisieSessionPath(saved.ID)+"?opgeslagen=1")
		return nil
	}
	e, _ := onForm(err)
	if e == nil {
		return err
	}
	if d.Themes, err = p.App.AllThemes(ctx); err != nil {
		return err
	}
	f := intervisieForm(in, d)
	if len(e.Fields) > 0 {
		f.addErrors(intervisieFieldErrors(e.Fields)...)
	} else {
		f.fail(e)
	}
	p.showIntervisieForm(c, formStatus(e), f)
	return nil
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
