package web

import (
	"context"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"regiepool/internal/domain"
)

const (
	adminOrganisationsPath  = "/beheer/organisaties"
	adminMunicipalitiesPath = "/beheer/gemeenten"
)

func organisationForm(name, kvk string) form {
	return form{Fields: []formField{
		{Name: "name", Label: "Naam", Kind: "text", Value: name, Required: true, Autocomplete: "off"},
		{Name: "kvkNumber", Label: "KvK-nummer", Optional: true, Kind: "text", Value: kvk, Inputmode: "numeric",
			Autocomplete: "off", Description: "Acht cijfers, bijvoorbeeld 12345678."},
	}}
}

func (p *Pages) handleAdminOrganisations(c *gin.Context) error {
	return p.showAdminOrganisations(c, http.StatusOK, pageParam(c), organisationForm("", ""), c.Query("opgeslagen") == "1")
}

func (p *Pages) showAdminOrganisations(c *gin.Context, status int, pg domain.Page, f form, saved bool) error {
	orgs, total, err := p.App.Organisations(c.Request.Context(), pg)
	if err != nil {
		return err
	}
	p.renderAdminList(c, status, "admin_organisations", adminList{Title: "Organisaties", Plural: "organisaties",
		Columns: []string{"Naam", "KvK-nummer", "Toegevoegd op"}, Rows: orgs,
		Add: "Organisatie toevoegen", Action: adminOrganisationsPath}, pg, total, f, saved)
	return nil
}

// handleAdminOrganisationCreate stores a new organisation and goes back to
// the list, or shows the form again with the input and what is wrong.
func (p *Pages) handleAdminOrganisationCreate(c *gin.Context) error {
	ctx := c.Request.Context()
	name, kvkInput := c.PostForm("name"), c.PostForm("kvkNumber")
	o := domain.Organisation{Name: name}
	if kvk := strings.TrimSpace(kvkInput); kvk != "" {
		o.KvKNumber = &kvk
	}
	_, err := p.App.CreateOrganisation(ctx, o)
	if err == nil {
		c.Redirect(http.StatusSeeOther, adminOrganisationsPath+"?opgeslagen=1")
		return nil
	}
	e, ok := onForm(err)
	if !ok {
		return err
	}
	f := organisationForm(name, kvkInput)
	if e.Code == domain.EConflict {
		p.organisationConflict(ctx, &f, o, e)
	} else {
		f.fail(e)
	}
	return p.showAdminOrganisations(c, formStatus(e), domain.Page{Page: 1, PageSize: listPageSize}, f, false)
}

// organisationConflict tells which of name and KvK number is taken; the
// store's conflict does not say.
func (p *Pages) organisationConflict(ctx context.Context, f *form, o domain.Organisation, e *domain.Error) {
	orgs, err := p.App.AllOrganisations(ctx)
	var fes []domain.FieldError
	if err == nil {
		name := strings.TrimSpace(o.Name)
		for _, x := range orgs {
			if strings.EqualFold(x.Name, name) {
				fes = append(fes, domain.FieldError{Name: "name", Code: "unique", Reason: "Er bestaat al een organisatie met deze naam."})
			}
			if o.KvKNumber != nil && x.KvKNumber != nil && *x.KvKNumber == *o.KvKNumber {
				fes = append(fes, domain.FieldError{Name: "kvkNumber", Code: "unique", Reason: "Er bestaat al een organisatie met dit KvK-nummer."})
			}
		}
	}
	if len(fes) == 0 {
		fes = append(fes, domain.FieldError{Name: "name", Code: "unique", Reason: e.Message})
	}
	f.addErrors(fes...)
}

func municipalityForm(code, name, region string) form {
	return form{Fields: []formField{
		{Name: "code", Label: "Gemeentecode", Kind: "text", Value: code, Required: true, Autocomplete: "off",
			Description: "De CBS-code: GM gevolgd door vier cijfers, bijvoorbeeld GM0080."},
		{Name: "name", Label: "Naam", Kind: "text", Value: name, Required: true, Autocomplete: "off"},
		{Name: "region", Label: "Regio", Optional: true, Kind: "text", Value: region, Autocomplete: "off"},
	}}
}

func (p *Pages) handleAdminMunicipalities(c *gin.Context) error {
	return p.showAdminMunicipalities(c, http.StatusOK, pageParam(c), municipalityForm("", "", ""), c.Query("opgeslagen") == "1")
}

func (p *Pages) showAdminMunicipalities(c *gin.Context, status int, pg domain.Page, f form, saved bool) error {
	ms, total, err := p.App.Municipalities(c.Request.Context(), pg)
	if err != nil {
		return err
	}
	p.renderAdminList(c, status, "admin_municipalities", adminList{Title: "Gemeenten", Plural: "gemeenten",
		Columns: []string{"Code", "Naam", "Regio"}, Rows: ms,
		Add: "Gemeente toevoegen", Action: adminMunicipalitiesPath}, pg, total, f, saved)
	return nil
}

// handleAdminMunicipalityCreate stores a new municipality and goes back to
// the list, or shows the form again with the input and what is wrong.
func (p *Pages) handleAdminMunicipalityCreate(c *gin.Context) error {
	code, name, region := c.PostForm("code"), c.PostForm("name"), c.PostForm("region")
	_, err := p.App.CreateMunicipality(c.Request.Context(), domain.Municipality{Code: code, Name: name, Region: region})
	if err == nil {
		c.Redirect(http.StatusSeeOther, adminMunicipalitiesPath+"?opgeslagen=1")
		return nil
	}
	e, ok := onForm(err)
	if !ok {
		return err
	}
	f := municipalityForm(code, name, region)
	if e.Code == domain.EConflict {
		// The code is the only unique column.
		f.addErrors(domain.FieldError{Name: "code", Code: "unique", Reason: "Er bestaat al een gemeente met deze code."})
	} else {
		f.fail(e)
	}
	return p.showAdminMunicipalities(c, formStatus(e), domain.Page{Page: 1, PageSize: listPageSize}, f, false)
}
