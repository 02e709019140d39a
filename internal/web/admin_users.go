package web

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"regiepool/internal/auth"
	"regiepool/internal/domain"
)

const adminUsersPath = "/beheer/gebruikers"

// adminUserRow is one line of the users table.
type adminUserRow struct {
	ID           int64
	Name, Email  string
	Roles        string
	Organisation string
	Disabled     bool
}

type adminUserPage struct {
	BasePage
	Account adminAccount
	Self    bool   // the admin looks at their own account
	Notice  string // what the last action did
	Form    form
}

// adminAccount is a user as the details list shows it.
type adminAccount struct {
	ID             int64
	Name, Email    string
	Roles          []string
	Organisation   string
	Municipalities []string
	Coachees       []string
	Regisseur      string
	DisabledAt     *time.Time
	CreatedAt      time.Time
}

// adminUserOptions are the choices of the user form.
type adminUserOptions struct {
	orgs           []domain.Organisation
	municipalities []domain.Municipality
	regisseurs     []domain.Regisseur
}

func (p *Pages) loadUserOptions(ctx context.Context) (adminUserOptions, error) {
	var o adminUserOptions
	var err error
	if o.orgs, err = collectAll(ctx, p.DB.FindOrganisations); err != nil {
		return o, err
	}
	if o.municipalities, err = collectAll(ctx, p.DB.FindMunicipalities); err != nil {
		return o, err
	}
	o.regisseurs, err = collectAll(ctx, p.DB.FindRegisseurs)
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

func (p *Pages) handleAdminUsers(c *gin.Context) {
	o, err := p.loadUserOptions(c.Request.Context())
	if err != nil {
		p.adminInternalError(c, "load user options", err)
		return
	}
	p.showAdminUsers(c, http.StatusOK, adminPageParam(c), userForm(userInput{}, o, nil), o, c.Query("opgeslagen") == "1")
}

func (p *Pages) showAdminUsers(c *gin.Context, status int, pg domain.Page, f form, o adminUserOptions, saved bool) {
	us, total, err := p.DB.FindUsers(c.Request.Context(), pg)
	if err != nil {
		p.adminInternalError(c, "find users", err)
		return
	}
	rows := make([]adminUserRow, len(us))
	for i, u := range us {
		rows[i] = adminUserRow{ID: u.ID, Name: u.Name, Email: u.Email, Roles: strings.Join(roleLabels(u.Roles), ", "),
			Organisation: o.orgName(u.OrganisationID), Disabled: u.Disabled()}
	}
	p.renderAdminList(c, status, "admin_users", adminList{Title: "Gebruikers", Plural: "gebruikers",
		Columns: []string{"Naam", "E-mailadres", "Rollen", "Organisatie", "Status"}, Rows: rows,
		Add: "Gebruiker toevoegen", Action: adminUsersPath}, pg, total, f, saved)
}

// roleLabels names roles in Dutch, in the order of domain.Roles.
func roleLabels(rs []domain.Role) []string {
	var out []string
	for _, r := range domain.Roles {
		if slices.Contains(rs, r) {
			out = append(out, domain.RoleLabels[r])
		}
	}
	return out
}

// handleAdminUserCreate stores a new account with its roles and scopes, or
// shows the form again with the input and what is wrong.
func (p *Pages) handleAdminUserCreate(c *gin.Context) {
	ctx := c.Request.Context()
	o, err := p.loadUserOptions(ctx)
	if err != nil {
		p.adminInternalError(c, "load user options", err)
		return
	}
	in := readUserInput(c)
	ch := in.parse(o, nil)
	u := domain.User{Email: in.Email, Name: in.Name, Roles: ch.roles, OrganisationID: ch.organisationID,
		MunicipalityIDs: ch.municipalityIDs, CoacheeIDs: ch.coacheeIDs, RegisseurID: ch.regisseurID}
	fes := ch.errors
	// The store allows no password (for OIDC, which does not exist yet); an
	// account made here must be able to log in.
	switch {
	case in.Password == "":
		fes = append(fes, domain.FieldError{Name: "password", Code: "required", Reason: "Vul een eerste wachtwoord in."})
	case len([]rune(in.Password)) < auth.MinPasswordLength:
		fes = append(fes, domain.FieldError{Name: "password", Code: "min",
			Reason: fmt.Sprintf("Een wachtwoord heeft ten minste %d tekens.", auth.MinPasswordLength)})
	}
	page1 := domain.Page{Page: 1, PageSize: adminPageSize}
	if len(fes) > 0 {
		f := userForm(in, o, nil)
		f.addErrors(withValidation(fes, u)...)
		p.showAdminUsers(c, http.StatusBadRequest, page1, f, o, false)
		return
	}
	err = p.DB.CreateUser(ctx, &u, in.Password)
	if err == nil {
		c.Redirect(http.StatusSeeOther, adminUsersPath+"?opgeslagen=1")
		return
	}
	e := p.adminStoreError(c, err, "create user")
	if e == nil {
		return
	}
	f := userForm(in, o, nil)
	if e.Code == domain.EConflict {
		f.addErrors(p.userConflict(ctx, ch.regisseurID, "email", "Er bestaat al een gebruiker met dit e-mailadres."))
	} else {
		f.fail(e)
	}
	p.showAdminUsers(c, formStatus(e), page1, f, o, false)
}

// userConflict tells what a conflict of the store was about: the regisseur
// link when another account took that regisseur in the meantime, otherwise
// what the caller expects.
func (p *Pages) userConflict(ctx context.Context, regisseurID *int64, name, reason string) domain.FieldError {
	if regisseurID != nil {
		if r, err := p.DB.FindRegisseurByID(ctx, *regisseurID); err == nil && r.UserID != nil {
			return domain.FieldError{Name: "regisseurId", Code: "unique", Reason: "Deze regisseur is al aan een ander account gekoppeld."}
		}
	}
	return domain.FieldError{Name: name, Code: "unique", Reason: reason}
}

// loadAdminUser reads the user of the path; ok is false when it answered
// with an error page.
func (p *Pages) loadAdminUser(c *gin.Context) (domain.User, bool) {
	id, ok := adminID(c)
	if !ok {
		p.ErrorPage(c, http.StatusNotFound)
		return domain.User{}, false
	}
	u, err := p.DB.FindUserByID(c.Request.Context(), id)
	if err != nil {
		if domain.ErrorCode(err) == domain.ENotFound {
			p.ErrorPage(c, http.StatusNotFound)
		} else {
			p.adminInternalError(c, "find user", err)
		}
		return domain.User{}, false
	}
	return u, true
}

func (p *Pages) handleAdminUser(c *gin.Context) {
	u, ok := p.loadAdminUser(c)
	if !ok {
		return
	}
	o, err := p.loadUserOptions(c.Request.Context())
	if err != nil {
		p.adminInternalError(c, "load user options", err)
		return
	}
	notice := ""
	switch {
	case c.Query("opgeslagen") == "1":
		notice = "De wijzigingen zijn opgeslagen."
	case c.Query("geblokkeerd") == "1":
		notice = "Het account is geblokkeerd. De gebruiker is overal uitgelogd en kan niet meer inloggen; de API-tokens van het account werken niet meer."
	case c.Query("gedeblokkeerd") == "1":
		notice = "Het account is gedeblokkeerd. De gebruiker kan weer inloggen."
	}
	p.showAdminUser(c, http.StatusOK, u, o, userForm(inputFromUser(u), o, &u), notice)
}

func (p *Pages) showAdminUser(c *gin.Context, status int, u domain.User, o adminUserOptions, f form, notice string) {
	acc := adminAccount{ID: u.ID, Name: u.Name, Email: u.Email, Roles: roleLabels(u.Roles),
		Organisation: o.orgName(u.OrganisationID), DisabledAt: u.DisabledAt, CreatedAt: u.CreatedAt}
	for _, m := range o.municipalities {
		if slices.Contains(u.MunicipalityIDs, m.ID) {
			acc.Municipalities = append(acc.Municipalities, m.Name)
		}
	}
	for _, r := range o.regisseurs {
		if slices.Contains(u.CoacheeIDs, r.ID) {
			acc.Coachees = append(acc.Coachees, o.regisseurLabel(r))
		}
		if u.RegisseurID != nil && *u.RegisseurID == r.ID {
			acc.Regisseur = o.regisseurLabel(r)
		}
	}
	p.render(c, status, "admin_user", adminUserPage{
		BasePage: p.base(c, formTitle("Gebruiker "+u.Name, f)), Account: acc,
		Self: domain.ActorFrom(c.Request.Context()).UserID == u.ID, Notice: notice, Form: f,
	})
}

// handleAdminUserUpdate changes the name, roles and scopes of an account, or
// shows the form again with the input and what is wrong.
func (p *Pages) handleAdminUserUpdate(c *gin.Context) {
	cur, ok := p.loadAdminUser(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	o, err := p.loadUserOptions(ctx)
	if err != nil {
		p.adminInternalError(c, "load user options", err)
		return
	}
	in := readUserInput(c)
	ch := in.parse(o, &cur)
	if len(ch.errors) > 0 {
		cand := cur
		cand.Name, cand.Roles, cand.MunicipalityIDs, cand.CoacheeIDs = in.Name, ch.roles, ch.municipalityIDs, ch.coacheeIDs
		if ch.organisationID != nil {
			cand.OrganisationID = ch.organisationID
		}
		f := userForm(in, o, &cur)
		f.addErrors(withValidation(ch.errors, cand)...)
		p.showAdminUser(c, http.StatusBadRequest, cur, o, f, "")
		return
	}
	upd := domain.UserUpdate{Name: &in.Name, Roles: &ch.roles, OrganisationID: ch.organisationID,
		MunicipalityIDs: &ch.municipalityIDs, CoacheeIDs: &ch.coacheeIDs, RegisseurID: ch.regisseurID}
	_, err = p.DB.UpdateUser(ctx, cur.ID, upd)
	if err == nil {
		c.Redirect(http.StatusSeeOther, adminUsersPath+"/"+strconv.FormatInt(cur.ID, 10)+"?opgeslagen=1")
		return
	}
	e := p.adminStoreError(c, err, "update user")
	if e == nil {
		return
	}
	f := userForm(in, o, &cur)
	if e.Code == domain.EConflict {
		// The e-mail address does not change here: only the regisseur link
		// can collide.
		f.addErrors(domain.FieldError{Name: "regisseurId", Code: "unique", Reason: "Deze regisseur is al aan een ander account gekoppeld."})
	} else {
		f.fail(e)
	}
	p.showAdminUser(c, formStatus(e), cur, o, f, "")
}

// handleAdminUserBlock blocks or unblocks an account. Blocking ends its
// sessions and revokes its API tokens at once (the store does both in the
// same transaction).
func (p *Pages) handleAdminUserBlock(disable bool) gin.HandlerFunc {
	return func(c *gin.Context) {
		cur, ok := p.loadAdminUser(c)
		if !ok {
			return
		}
		ctx := c.Request.Context()
		_, err := p.DB.UpdateUser(ctx, cur.ID, domain.UserUpdate{Disabled: &disable})
		if err == nil {
			done := "?gedeblokkeerd=1"
			if disable {
				done = "?geblokkeerd=1"
			}
			c.Redirect(http.StatusSeeOther, adminUsersPath+"/"+strconv.FormatInt(cur.ID, 10)+done)
			return
		}
		e := p.adminStoreError(c, err, "block user")
		if e == nil {
			return
		}
		o, err := p.loadUserOptions(ctx)
		if err != nil {
			p.adminInternalError(c, "load user options", err)
			return
		}
		f := userForm(inputFromUser(cur), o, &cur)
		f.fail(e)
		p.showAdminUser(c, formStatus(e), cur, o, f, "")
	}
}
