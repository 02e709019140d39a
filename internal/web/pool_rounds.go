package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"regiepool/internal/app"
	"regiepool/internal/domain"
)

// The recruitment rounds: admins open one with a quota per organisation.

type poolRoundsPage struct {
	BasePage
	Rounds []poolRoundView
	Orgs   []poolRoundOrg
	Form   form
	Saved  bool
}

type poolRoundView struct {
	ID            int64
	Name, Created string
	Lines         []poolRoundLine
}

type poolRoundLine struct {
	Organisation      string
	Quota, Used, Free int
}

// poolRoundOrg is an organisation of the form with the names of its two
// controls.
type poolRoundOrg struct {
	Name        string
	Take, Quota string
}

// poolRoundInput is the round form as typed: organisation → quota, and whether
// it takes part.
type poolRoundInput struct {
	Name  string
	Take  map[int64]bool
	Quota map[int64]string
}

func poolTakeName(id int64) string  { return "deelname-" + strconv.FormatInt(id, 10) }
func poolQuotaName(id int64) string { return "quotum-" + strconv.FormatInt(id, 10) }

func poolRoundForm(in poolRoundInput, orgs []domain.Organisation) form {
	f := form{Action: poolRoundsPath, summary: map[string]string{}}
	f.Fields = append(f.Fields,
		formField{Name: "name", Label: "Naam van de ronde", Kind: "text", Value: in.Name, Required: true, Autocomplete: "off",
			Description: "Bijvoorbeeld 'Pilot complexe regie 2027'."},
		formField{Name: "organisations", Label: "Deelnemende organisaties", Kind: "group",
			Description: "Vink aan welke organisaties deelnemen. Het quotum is het aantal kandidaten dat een organisatie mag voordragen: 1 tot en met 100."},
	)
	for _, o := range orgs {
		take := formField{Name: poolTakeName(o.ID), Label: "Neemt deel", Kind: "check"}
		if in.Take[o.ID] {
			take.Value = "ja"
		}
		q, ok := in.Quota[o.ID]
		if !ok {
			q = strconv.Itoa(domain.DefaultQuota)
		}
		f.Fields = append(f.Fields, take, formField{Name: poolQuotaName(o.ID), Label: "Quotum", Kind: "count", Value: q})
		f.summary[poolTakeName(o.ID)] = o.Name + " neemt deel"
		f.summary[poolQuotaName(o.ID)] = "Quotum van " + o.Name
	}
	return f
}

func (p *Pages) showPoolRounds(c *gin.Context, status int, f form, orgs []domain.Organisation, saved bool) error {
	rounds, _, err := p.App.PoolRounds(c.Request.Context(), app.FirstRows)
	if err != nil {
		return err
	}
	page := poolRoundsPage{Form: f, Saved: saved}
	for _, r := range rounds {
		v := poolRoundView{ID: r.ID, Name: r.Name, Created: domain.FormatDate(r.CreatedAt)}
		for _, o := range r.Organisations {
			v.Lines = append(v.Lines, poolRoundLine{Organisation: o.Name, Quota: o.Quota, Used: o.Nominated, Free: max(0, o.Quota-o.Nominated)})
		}
		page.Rounds = append(page.Rounds, v)
	}
	for _, o := range orgs {
		page.Orgs = append(page.Orgs, poolRoundOrg{Name: o.Name, Take: poolTakeName(o.ID), Quota: poolQuotaName(o.ID)})
	}
	page.BasePage = p.base(c, formTitle("Poolrondes", f))
	p.render(c, status, "pool_rounds", page)
	return nil
}

func (p *Pages) handlePoolRounds(c *gin.Context) error {
	orgs, err := p.App.RoundChoices(c.Request.Context())
	if err != nil {
		return err
	}
	return p.showPoolRounds(c, http.StatusOK, poolRoundForm(poolRoundInput{}, orgs), orgs, c.Query("opgeslagen") == "1")
}

// handlePoolRoundCreate opens a round, or shows the form again with the
// input and what is wrong.
func (p *Pages) handlePoolRoundCreate(c *gin.Context) error {
	ctx := c.Request.Context()
	orgs, err := p.App.RoundChoices(ctx)
	if err != nil {
		return err
	}
	in := poolRoundInput{Name: c.PostForm("name"), Take: map[int64]bool{}, Quota: map[int64]string{}}
	r := domain.PoolRound{Name: in.Name}
	var fes []domain.FieldError
	for _, o := range orgs {
		in.Take[o.ID] = c.PostForm(poolTakeName(o.ID)) == "ja"
		in.Quota[o.ID] = c.PostForm(poolQuotaName(o.ID))
		if !in.Take[o.ID] {
			continue
		}
		// The quota per organisation is checked here, to put the error on
		// the organisation's own control.
		q, err := strconv.Atoi(strings.TrimSpace(in.Quota[o.ID]))
		if err != nil || q < domain.MinQuota || q > domain.MaxQuota {
			fes = append(fes, domain.FieldError{Name: poolQuotaName(o.ID), Code: "range", Reason: "Vul een heel getal in van 1 tot en met 100."})
			continue
		}
		r.Organisations = append(r.Organisations, domain.RoundOrganisation{OrganisationID: o.ID, Quota: q})
	}
	if e, ok := domain.AsError(r.Validate()); ok {
		for _, fe := range e.Fields {
			// Without any valid line, an invalid quota says enough.
			if fe.Name != "organisations" || len(fes) == 0 {
				fes = append(fes, fe)
			}
		}
	}
	show := func(status int, fail func(*form)) error {
		f := poolRoundForm(in, orgs)
		fail(&f)
		return p.showPoolRounds(c, status, f, orgs, false)
	}
	if len(fes) > 0 {
		return show(http.StatusBadRequest, func(f *form) { f.addErrors(fes...) })
	}
	_, err = p.App.OpenPoolRound(ctx, r)
	e, ok := onForm(err)
	switch {
	case err == nil:
		c.Redirect(http.StatusSeeOther, poolRoundsPath+"?opgeslagen=1")
		return nil
	case !ok:
		return err
	case e.Code == domain.EConflict && len(e.Fields) == 0:
		// The only conflict is the name: another round has it.
		return show(formStatus(e), func(f *form) { f.addErrors(domain.FieldError{Name: "name", Code: "unique", Reason: e.Message}) })
	}
	return show(formStatus(e), func(f *form) { f.fail(e) })
}
