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

func (p *Pages) handleAdminOrganisations(c *gin.Context) {
	p.showAdminOrganisations(c, http.StatusOK, adminPageParam(c), organisationForm("", ""), c.Query("opgeslagen") == "1")
}

func (p *Pages) showAdminOrganisations(c *gin.Context, status int, pg domain.Page, f form, saved bool) {
	orgs, total, err := p.DB.FindOrganisations(c.Request.Context(), pg)
	if err != nil {
		p.adminInternalError(c, "find organisations", err)
		return
	}
	p.renderAdminList(c, status, "admin_organisations", adminList{Title: "Organisaties", Plural: "organisaties",
		Columns: []string{"Naam", "KvK-nummer", "Toegevoegd op"}, Rows: orgs,
		Add: "Organisatie toevoegen", Action: adminOrganisationsPath}, pg, total, f, saved)
}

// handleAdminOrganisationCreate stores a new organisation and goes back to
// the list, or shows the form again with the input and what is wrong.
func (p *Pages) handleAdminOrganisationCreate(c *gin.Context) {
	ctx := c.Request.Context()
	name, kvkInput := c.PostForm("name"), c.PostForm("kvkNumber")
	o := domain.Organisation{Name: name}
	if kvk := strings.TrimSpace(kvkInput); kvk != "" {
		o.KvKNumber = &kvk
	}
	err := p.DB.CreateOrganisation(ctx, &o)
	if err == nil {
		c.Redirect(http.StatusSeeOther, adminOrganisationsPath+"?opgeslagen=1")
		return
	}
	e := p.adminStoreError(c, err, "create organisation")
	if e == nil {
		return
	}
	f := organisationForm(name, kvkInput)
	if e.Code == domain.EConflict {
		p.organisationConflict(ctx, &f, o, e)
	} else {
		f.fail(e)
	}
	p.showAdminOrganisations(c, formStatus(e), domain.Page{Page: 1, PageSize: adminPageSize}, f, false)
}

// organisationConflict tells which of name and KvK number is taken; the
// store's conflict does not say.
func (p *Pages) organisationConflict(ctx context.Context, f *form, o domain.Organisation, e *domain.Error) {
	orgs, err := collectAll(ctx, p.DB.FindOrganisations)
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

func (p *Pages) handleAdminMunicipalities(c *gin.Context) {
	p.showAdminMunicipalities(c, http.StatusOK, adminPageParam(c), municipalityForm("", "", ""), c.Query("opgeslagen") == "1")
}

func (p *Pages) showAdminMunicipalities(c *gin.Context, status int, pg domain.Page, f form, saved bool) {
	ms, total, err := p.DB.FindMunicipalities(c.Request.Context(), pg)
	if err != nil {
		p.adminInternalError(c, "find municipalities", err)
		return
	}
	p.renderAdminList(c, status, "admin_municipalities", adminList{Title: "Gemeenten", Plural: "gemeenten",
		Columns: []string{"Code", "Naam", "Regio"}, Rows: ms,
		Add: "Gemeente toevoegen", Action: adminMunicipalitiesPath}, pg, total, f, saved)
}

// handleAdminMunicipalityCreate stores a new municipality and goes back to
// the list, or shows the form again with the input and what is wrong.
func (p *Pages) handleAdminMunicipalityCreate(c *gin.Context) {
	code, name, region := c.PostForm("code"), c.PostForm("name"), c.PostForm("region")
	// "gm0080 " is what was meant by GM0080.
	m := domain.Municipality{Code: strings.ToUpper(strings.TrimSpace(code)), Name: name, Region: region}
	err := p.DB.CreateMunicipality(c.Request.Context(), &m)
	if err == nil {
		c.Redirect(http.StatusSeeOther, adminMunicipalitiesPath+"?opgeslagen=1")
		return
	}
	e := p.adminStoreError(c, err, "create municipality")
	if e == nil {
		return
	}
	f := municipalityForm(code, name, region)
	if e.Code == domain.EConflict {
		// The code is the only unique column.
		f.addErrors(domain.FieldError{Name: "code", Code: "unique", Reason: "Er bestaat al een gemeente met deze code."})
	} else {
		f.fail(e)
	}
	p.showAdminMunicipalities(c, formStatus(e), domain.Page{Page: 1, PageSize: adminPageSize}, f, false)
}
