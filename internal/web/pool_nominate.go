package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"regiepool/internal/app"
	"regiepool/internal/domain"
)

// The nomination form of an organisation's contact.

type poolNominatePage struct {
	BasePage
	Form     form
	NoRounds bool
	// Places are the organisation's places per round, shown before the
	// form; AllFull hides the form when no round has a free place, so no
	// one types ten competency texts for nothing.
	Places   []roundPlaces
	AllFull  bool
	ShowForm bool
}

// roundPlaces is one round's line of the places table.
type roundPlaces struct {
	Name              string
	Quota, Used, Free int
	Full              bool
}

// nominationPlaces lists the places of the organisation per round, and
// whether every round is full.
func nominationPlaces(o app.NominationChoices) ([]roundPlaces, bool) {
	var out []roundPlaces
	full := true
	for _, r := range o.Rounds {
		line, _ := r.Line(o.OrganisationID)
		out = append(out, roundPlaces{Name: r.Name, Quota: line.Quota, Used: line.Nominated, Free: line.Free(), Full: line.Full()})
		full = full && line.Full()
	}
	return out, full
}

// poolNominateInput is the nomination form as typed.
type poolNominateInput struct {
	RoundID, Name, Email, Motivation, Hours string
	Competencies                            map[string]string // competency key → text
	Municipalities                          []string
}

const poolCompetencyPrefix = "competentie-"

func poolNominateForm(in poolNominateInput, o app.NominationChoices) form {
	f := form{Action: poolNominatePath}
	round := formField{Name: "roundId", Label: "Poolronde", Kind: "select",
		Description: "Alleen rondes waarin uw organisatie nog een plaats vrij heeft; tussen haakjes staat hoeveel."}
	first := true
	for _, r := range o.Rounds {
		line, _ := r.Line(o.OrganisationID)
		v := strconv.FormatInt(r.ID, 10)
		label := fmt.Sprintf("%s (%d van %d plaatsen vrij)", r.Name, line.Free(), line.Quota)
		if line.Full() {
			if in.RoundID != v {
				continue
			}
			// Shown again after it filled up under the user's hands.
			label = fmt.Sprintf("%s (vol: %d van %d plaatsen gebruikt)", r.Name, line.Nominated, line.Quota)
		}
		round.Options = append(round.Options, formOption{Value: v, Label: label,
			Checked: in.RoundID == v || (in.RoundID == "" && first)})
		first = false
	}
	f.Fields = append(f.Fields, round,
		formField{Name: "regisseurName", Label: "Naam van de kandidaat", Kind: "text", Value: in.Name, Required: true, Autocomplete: "off"},
		formField{Name: "email", Label: "E-mailadres van de kandidaat", Kind: "email", Value: in.Email, Optional: true, Autocomplete: "off",
			Description: "Een e-mailadres maakt een account aan voor de regisseur, nog zonder wachtwoord: een functioneel beheerder zet het daarna aan."},
		formField{Name: "motivation", Label: "Motivatie", Kind: "textarea", Value: in.Motivation,
			Description: "Waarom past deze kandidaat in de pool? Motiveer hier, per competentie hieronder, of allebei. Hoogstens 5000 tekens."},
		formField{Name: "competencyMotivations", Label: "Motivatie per competentie", Kind: "group",
			Description: "Niet verplicht. Beschrijf per competentie een situatie waarin de kandidaat die liet zien. Hoogstens 2000 tekens per competentie."},
	)
	for _, it := range o.Competencies {
		f.Fields = append(f.Fields, formField{Name: poolCompetencyPrefix + it.Key, Label: it.Name, Kind: "textarea", Optional: true, Value: in.Competencies[it.Key]})
	}
	f.Fields = append(f.Fields,
		formField{Name: "hoursPerWeek", Label: "Uren per week voor regie", Kind: "hours", Value: in.Hours, Required: true,
			Description: "Meer dan 0 en hoogstens 40; halve uren mogen." + understoodHours(in.Hours)},
		poolMunicipalityField(o.Municipalities, in.Municipalities, "Niet verplicht: de gemeenten waarvoor de kandidaat casussen kan oppakken."),
	)
	return f
}

func (p *Pages) showPoolNominate(c *gin.Context, status int, f form, o app.NominationChoices) error {
	places, full := nominationPlaces(o)
	page := poolNominatePage{BasePage: p.base(c, formTitle("Kandidaat voordragen", f)),
		Form: f, NoRounds: len(o.Rounds) == 0, Places: places, AllFull: len(o.Rounds) > 0 && full}
	// After a failed post the form stays, with what was typed, even when
	// the rounds filled up meanwhile: nothing typed is lost.
	page.ShowForm = !page.NoRounds && (!page.AllFull || f.Failed())
	p.render(c, status, "pool_nominate", page)
	return nil
}

func (p *Pages) handlePoolNominateForm(c *gin.Context) error {
	o, err := p.App.NominationChoices(c.Request.Context())
	if err != nil {
		return err
	}
	return p.showPoolNominate(c, http.StatusOK, poolNominateForm(poolNominateInput{}, o), o)
}

// handlePoolNominate stores a nomination, or shows the form again with the
// input and what is wrong; a full quota is a conflict (409).
func (p *Pages) handlePoolNominate(c *gin.Context) error {
	ctx := c.Request.Context()
	o, err := p.App.NominationChoices(ctx)
	if err != nil {
		return err
	}
	in := poolNominateInput{RoundID: c.PostForm("roundId"), Name: c.PostForm("regisseurName"), Email: c.PostForm("email"),
		Motivation: c.PostForm("motivation"), Hours: c.PostForm("hoursPerWeek"), Competencies: map[string]string{},
		Municipalities: c.PostFormArray("municipalityIds")}
	n := domain.Nomination{RegisseurName: in.Name, Email: in.Email, Motivation: in.Motivation, CompetencyMotivations: map[string]string{}}
	for _, it := range o.Competencies {
		v := c.PostForm(poolCompetencyPrefix + it.Key)
		in.Competencies[it.Key] = v
		if v = strings.TrimSpace(v); v != "" {
			n.CompetencyMotivations[it.Key] = v
		}
	}

	var fes []domain.FieldError
	if n.RoundID, err = strconv.ParseInt(in.RoundID, 10, 64); err != nil {
		fes = append(fes, domain.FieldError{Name: "roundId", Code: "required", Reason: "Kies een poolronde."})
	}
	hoursTyped := strings.TrimSpace(in.Hours) != ""
	hours, hoursOK := poolParseHours(in.Hours)
	if !hoursOK && hoursTyped {
		fes = append(fes, domain.FieldError{Name: "hoursPerWeek", Code: "number", Reason: decimalReason(in.Hours, "Vul het aantal uren in als getal, bijvoorbeeld 16 of 16,5.")})
	}
	n.HoursPerWeek = hours
	ids, mfes := poolReadMunicipalities(in.Municipalities, o.Municipalities)
	fes = append(fes, mfes...)
	n.MunicipalityIDs = ids
	// The application layer checks the nomination too; checking it here
	// shows every error of the form at once.
	if e, ok := domain.AsError(n.Validate()); ok {
		for _, fe := range e.Fields {
			if fe.Name == "hoursPerWeek" && !hoursOK && hoursTyped {
				continue // already told: not a number
			}
			fes = append(fes, fe)
		}
	}
	if len(fes) > 0 {
		f := poolNominateForm(in, o)
		f.addErrors(fes...)
		return p.showPoolNominate(c, http.StatusBadRequest, f, o)
	}

	m, err := p.App.Nominate(ctx, n)
	e, ok := onForm(err)
	switch {
	case err == nil:
		c.Redirect(http.StatusSeeOther, poolMemberPath(m.ID)+"?voorgedragen=1")
		return nil
	case !ok:
		return err
	}
	f := poolNominateForm(in, o)
	switch {
	case e.Code == domain.EConflict && e.Key == "duplicate" && n.Email != "":
		f.addErrors(domain.FieldError{Name: "email", Code: "unique", Reason: e.Message})
	case len(e.Fields) > 0:
		// The account's fields have the user's names.
		fields := make([]domain.FieldError, len(e.Fields))
		for i, fe := range e.Fields {
			if fe.Name == "name" {
				fe.Name = "regisseurName"
			}
			fields[i] = fe
		}
		f.addErrors(fields...)
	default:
		f.fail(e)
	}
	return p.showPoolNominate(c, formStatus(e), f, o)
}
