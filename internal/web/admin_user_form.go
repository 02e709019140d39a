package web

import (
	"context"
	"fmt"
	"slices"
	"strconv"

	"github.com/gin-gonic/gin"

	"regiepool/internal/auth"
	"regiepool/internal/domain"
)

// adminUserOptions are the choices of the user form.
type adminUserOptions struct {
	orgs           []domain.Organisation
	municipalities []domain.Municipality
	regisseurs     []domain.Regisseur
}

// loadUserOptions reads every organisation, municipality and regisseur the
// admin may choose from.
func (p *Pages) loadUserOptions(ctx context.Context) (adminUserOptions, error) {
	var o adminUserOptions
	var err error
	if o.orgs, err = p.App.AllOrganisations(ctx); err != nil {
		return o, err
	}
	if o.municipalities, err = p.App.AllMunicipalities(ctx); err != nil {
		return o, err
	}
	o.regisseurs, err = p.App.AllRegisseurs(ctx)
	return o, err
}

func (o adminUserOptions) orgName(id *int64) string {
	if id == nil {
		return ""
	}
	for _, x := range o.orgs {
		if x.ID == *id {
			return x.Name
		}
	}
	return ""
}

func (o adminUserOptions) regisseur(id int64) (domain.Regisseur, bool) {
	for _, r := range o.regisseurs {
		if r.ID == id {
			return r, true
		}
	}
	return domain.Regisseur{}, false
}

// regisseurLabel names a regisseur with their organisation, as two people
// may share a name.
func (o adminUserOptions) regisseurLabel(r domain.Regisseur) string {
	if org := o.orgName(&r.OrganisationID); org != "" {
		return r.Name + " (" + org + ")"
	}
	return r.Name
}

// userInput is the user form as it was posted, kept as typed so it can be
// shown again. The password is never shown again.
type userInput struct {
	Email, Name, Password       string
	Roles                       []string
	OrganisationID, RegisseurID string
	MunicipalityIDs, CoacheeIDs []string
}

func readUserInput(c *gin.Context) userInput {
	return userInput{
		Email: c.PostForm("email"), Name: c.PostForm("name"), Password: c.PostForm("password"),
		Roles: c.PostFormArray("roles"), OrganisationID: c.PostForm("organisationId"), RegisseurID: c.PostForm("regisseurId"),
		MunicipalityIDs: c.PostFormArray("municipalityIds"), CoacheeIDs: c.PostFormArray("coacheeIds"),
	}
}

func inputFromUser(u domain.User) userInput {
	in := userInput{Email: u.Email, Name: u.Name}
	for _, r := range u.Roles {
		in.Roles = append(in.Roles, string(r))
	}
	if u.OrganisationID != nil {
		in.OrganisationID = strconv.FormatInt(*u.OrganisationID, 10)
	}
	if u.RegisseurID != nil {
		in.RegisseurID = strconv.FormatInt(*u.RegisseurID, 10)
	}
	for _, id := range u.MunicipalityIDs {
		in.MunicipalityIDs = append(in.MunicipalityIDs, strconv.FormatInt(id, 10))
	}
	for _, id := range u.CoacheeIDs {
		in.CoacheeIDs = append(in.CoacheeIDs, strconv.FormatInt(id, 10))
	}
	return in
}

// userForm builds the user form: with e-mail and password for a new account
// (current nil), without them for an existing one. The store cannot clear an
// organisation or a regisseur link, so an account that has one is not
// offered "none".
func userForm(in userInput, o adminUserOptions, current *domain.User) form {
	var fs []formField
	if current == nil {
		fs = append(fs,
			formField{Name: "email", Label: "E-mailadres", Kind: "email", Value: in.Email, Required: true, Autocomplete: "off",
				Description: "Hiermee logt de gebruiker in."},
			formField{Name: "name", Label: "Naam", Kind: "text", Value: in.Name, Required: true, Autocomplete: "off"},
			formField{Name: "password", Label: "Eerste wachtwoord", Kind: "password", Required: true, Autocomplete: "new-password",
				Description: fmt.Sprintf("Ten minste %d tekens. Geef het wachtwoord op een veilige manier door aan de gebruiker.", auth.MinPasswordLength)},
		)
	} else {
		fs = append(fs, formField{Name: "name", Label: "Naam", Kind: "text", Value: in.Name, Required: true, Autocomplete: "off"})
	}

	roles := formField{Name: "roles", Label: "Rollen", Kind: "checkboxes", Description: "Kies ten minste één rol."}
	for _, r := range domain.Roles {
		roles.Options = append(roles.Options, formOption{Value: string(r), Label: domain.RoleLabels[r], Checked: slices.Contains(in.Roles, string(r))})
	}

	org := formField{Name: "organisationId", Label: "Organisatie", Kind: "select",
		Description: "Verplicht voor een contactpersoon organisatie. Voor andere rollen de werkgever (niet verplicht)."}
	if current == nil || current.OrganisationID == nil {
		org.Options = append(org.Options, formOption{Value: "", Label: "Geen organisatie", Checked: in.OrganisationID == ""})
	} else {
		org.Description += " Een organisatie kan wel worden gewijzigd, maar niet worden weggehaald."
	}
	for _, x := range o.orgs {
		v := strconv.FormatInt(x.ID, 10)
		org.Options = append(org.Options, formOption{Value: v, Label: x.Name, Checked: in.OrganisationID == v})
	}

	muns := formField{Name: "municipalityIds", Label: "Gemeenten", Kind: "checkboxes",
		Description: "Alleen voor een werkverdeler: de gemeenten waarvan hij of zij de casussen verdeelt.", Empty: "Er zijn nog geen gemeenten."}
	for _, m := range o.municipalities {
		v := strconv.FormatInt(m.ID, 10)
		muns.Options = append(muns.Options, formOption{Value: v, Label: m.Name + " (" + m.Code + ")", Checked: slices.Contains(in.MunicipalityIDs, v)})
	}

	coachees := formField{Name: "coacheeIds", Label: "Te begeleiden regisseurs", Kind: "checkboxes",
		Description: "Alleen voor een begeleider: de regisseurs die hij of zij begeleidt.", Empty: "Er zijn nog geen regisseurs."}
	for _, r := range o.regisseurs {
		v := strconv.FormatInt(r.ID, 10)
		coachees.Options = append(coachees.Options, formOption{Value: v, Label: o.regisseurLabel(r), Checked: slices.Contains(in.CoacheeIDs, v)})
	}

	reg := formField{Name: "regisseurId", Label: "Gekoppelde regisseur", Kind: "select",
		Description: "Alleen voor een regisseur: de regisseur in de pool die met dit account inlogt (niet verplicht)."}
	if current == nil || current.RegisseurID == nil {
		reg.Options = append(reg.Options, formOption{Value: "", Label: "Geen regisseur", Checked: in.RegisseurID == ""})
	} else {
		reg.Description += " Een koppeling kan wel worden gewijzigd, maar niet worden weggehaald."
	}
	for _, r := range o.regisseurs {
		// A regisseur has at most one account: offer those without one.
		if r.UserID != nil && (current == nil || *r.UserID != current.ID) {
			continue
		}
		v := strconv.FormatInt(r.ID, 10)
		reg.Options = append(reg.Options, formOption{Value: v, Label: o.regisseurLabel(r), Checked: in.RegisseurID == v})
	}

	return form{Fields: append(fs, roles, org, muns, coachees, reg)}
}

// userChoices are the posted choices, checked against the form's options.
type userChoices struct {
	roles           []domain.Role
	organisationID  *int64
	municipalityIDs []int64
	coacheeIDs      []int64
	regisseurID     *int64
	errors          []domain.FieldError
}

// parse checks that every choice was one the form offered; the store checks
// the rest (which roles need which scopes).
func (in userInput) parse(o adminUserOptions, current *domain.User) userChoices {
	ch := userChoices{municipalityIDs: []int64{}, coacheeIDs: []int64{}}
	fail := func(name, reason string) {
		for _, fe := range ch.errors {
			if fe.Name == name {
				return
			}
		}
		ch.errors = append(ch.errors, domain.FieldError{Name: name, Code: "oneof", Reason: reason})
	}
	for _, s := range in.Roles {
		if r, ok := domain.ParseRole(s); ok {
			ch.roles = append(ch.roles, r)
		} else {
			fail("roles", "Kies rollen uit de lijst.")
		}
	}
	switch id, err := strconv.ParseInt(in.OrganisationID, 10, 64); {
	case in.OrganisationID == "":
		if current != nil && current.OrganisationID != nil {
			fail("organisationId", "Een organisatie kan niet worden weggehaald. Kies een organisatie uit de lijst.")
		}
	case err != nil || o.orgName(&id) == "":
		fail("organisationId", "Kies een organisatie uit de lijst.")
	default:
		ch.organisationID = &id
	}
	for _, s := range in.MunicipalityIDs {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || !slices.ContainsFunc(o.municipalities, func(m domain.Municipality) bool { return m.ID == id }) {
			fail("municipalityIds", "Kies gemeenten uit de lijst.")
			continue
		}
		ch.municipalityIDs = append(ch.municipalityIDs, id)
	}
	for _, s := range in.CoacheeIDs {
		id, err := strconv.ParseInt(s, 10, 64)
		if _, ok := o.regisseur(id); err != nil || !ok {
			fail("coacheeIds", "Kies regisseurs uit de lijst.")
			continue
		}
		ch.coacheeIDs = append(ch.coacheeIDs, id)
	}
	id, err := strconv.ParseInt(in.RegisseurID, 10, 64)
	r, found := o.regisseur(id)
	switch {
	case in.RegisseurID == "":
		if current != nil && current.RegisseurID != nil {
			fail("regisseurId", "Een koppeling met een regisseur kan niet worden weggehaald. Kies een regisseur uit de lijst.")
		}
	case err != nil || !found:
		fail("regisseurId", "Kies een regisseur uit de lijst.")
	case r.UserID != nil && (current == nil || *r.UserID != current.ID):
		fail("regisseurId", "Deze regisseur is al aan een ander account gekoppeld.")
	default:
		ch.regisseurID = &id
	}
	return ch
}

// withValidation adds the domain's own checks of u to errors found in the
// handler, so the form lists every problem at once.
func withValidation(fes []domain.FieldError, u domain.User) []domain.FieldError {
	have := map[string]bool{}
	for _, fe := range fes {
		have[fe.Name] = true
	}
	if e, ok := domain.AsError(u.Validate()); ok {
		for _, fe := range e.Fields {
			if !have[fe.Name] {
				fes = append(fes, fe)
			}
		}
	}
	return fes
}
