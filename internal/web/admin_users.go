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
	// BlockForm blocks the account after a ticked statement.
	BlockForm form
}

// blockConfirmLabel is the statement that confirms blocking an account.
const blockConfirmLabel = "Ik weet dat blokkeren de gebruiker definitief overal uitlogt en de API-tokens van het account definitief intrekt"

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

func (p *Pages) handleAdminUsers(c *gin.Context) error {
	o, err := p.loadUserOptions(c.Request.Context())
	if err != nil {
		return err
	}
	return p.showAdminUsers(c, http.StatusOK, pageParam(c), userForm(userInput{}, o, nil), o, c.Query("opgeslagen") == "1")
}

func (p *Pages) showAdminUsers(c *gin.Context, status int, pg domain.Page, f form, o adminUserOptions, saved bool) error {
	us, total, err := p.App.Users(c.Request.Context(), pg)
	if err != nil {
		return err
	}
	rows := make([]adminUserRow, len(us))
	for i, u := range us {
		rows[i] = adminUserRow{ID: u.ID, Name: u.Name, Email: u.Email, Roles: strings.Join(roleLabels(u.Roles), ", "),
			Organisation: o.orgName(u.OrganisationID), Disabled: u.Disabled()}
	}
	p.renderAdminList(c, status, "admin_users", adminList{Title: "Gebruikers", Plural: "gebruikers",
		Columns: []string{"Naam", "E-mailadres", "Rollen", "Organisatie", "Status"}, Rows: rows,
		Add: "Gebruiker toevoegen", Action: adminUsersPath}, pg, total, f, saved)
	return nil
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
func (p *Pages) handleAdminUserCreate(c *gin.Context) error {
	ctx := c.Request.Context()
	o, err := p.loadUserOptions(ctx)
	if err != nil {
		return err
	}
	in := readUserInput(c)
	ch := in.parse(o, nil)
	u := domain.User{Email: in.Email, Name: in.Name, Roles: ch.roles, OrganisationID: ch.organisationID,
		MunicipalityIDs: ch.municipalityIDs, CoacheeIDs: ch.coacheeIDs, RegisseurID: ch.regisseurID}
	fes := ch.errors
	// The store allows no password (accounts made at a first sign-in through
	// an identity provider); an account made here must be able to log in.
	switch {
	case in.Password == "":
		fes = append(fes, domain.FieldError{Name: "password", Code: "required", Reason: "Vul een eerste wachtwoord in."})
	case len([]rune(in.Password)) < auth.MinPasswordLength:
		fes = append(fes, domain.FieldError{Name: "password", Code: "min",
			Reason: fmt.Sprintf("Een wachtwoord heeft ten minste %d tekens.", auth.MinPasswordLength)})
	}
	page1 := domain.Page{Page: 1, PageSize: listPageSize}
	if len(fes) > 0 {
		f := userForm(in, o, nil)
		f.addErrors(withValidation(fes, u)...)
		return p.showAdminUsers(c, http.StatusBadRequest, page1, f, o, false)
	}
	_, err = p.App.CreateUser(ctx, u, in.Password)
	if err == nil {
		c.Redirect(http.StatusSeeOther, adminUsersPath+"?opgeslagen=1")
		return nil
	}
	e, ok := onForm(err)
	if !ok {
		return err
	}
	f := userForm(in, o, nil)
	if e.Code == domain.EConflict {
		f.addErrors(p.userConflict(ctx, ch.regisseurID, "email", "Er bestaat al een gebruiker met dit e-mailadres."))
	} else {
		f.fail(e)
	}
	return p.showAdminUsers(c, formStatus(e), page1, f, o, false)
}

// userConflict tells what a conflict of the store was about: the regisseur
// link when another account took that regisseur in the meantime, otherwise
// what the caller expects.
func (p *Pages) userConflict(ctx context.Context, regisseurID *int64, name, reason string) domain.FieldError {
	if regisseurID != nil {
		if r, err := p.App.Regisseur(ctx, *regisseurID); err == nil && r.UserID != nil {
			return domain.FieldError{Name: "regisseurId", Code: "unique", Reason: "Deze regisseur is al aan een ander account gekoppeld."}
		}
	}
	return domain.FieldError{Name: name, Code: "unique", Reason: reason}
}

// loadAdminUser reads the user of the path. Errors: not_found.
func (p *Pages) loadAdminUser(c *gin.Context) (domain.User, error) {
	id, err := pathID(c)
	if err != nil {
		return domain.User{}, err
	}
	return p.App.User(c.Request.Context(), id)
}

func (p *Pages) handleAdminUser(c *gin.Context) error {
	u, err := p.loadAdminUser(c)
	if err != nil {
		return err
	}
	o, err := p.loadUserOptions(c.Request.Context())
	if err != nil {
		return err
	}
	notice := ""
	switch {
	case c.Query("opgeslagen") == "1":
		notice = "De wijzigingen zijn opgeslagen."
	case c.Query("geblokkeerd") == "1":
		notice = "Het account is geblokkeerd. De gebruiker is overal uitgelogd en kan niet meer inloggen; de API-tokens van het account werken niet meer."
	case c.Query("gedeblokkeerd") == "1":
		notice = "Het account is gedeblokkeerd. De gebruiker kan weer inloggen."
	case c.Query("tweestap") == "hersteld":
		notice = mfaResetNotice
	}
	p.showAdminUser(c, http.StatusOK, u, o, userForm(inputFromUser(u), o, &u), notice)
	return nil
}

func (p *Pages) showAdminUser(c *gin.Context, status int, u domain.User, o adminUserOptions, f form, notice string, blockErrs ...domain.FieldError) {
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
	block := confirmForm(adminUsersPath+"/"+strconv.FormatInt(u.ID, 10)+"/blokkeren", blockConfirmLabel)
	block.addErrors(blockErrs...)
	title := formTitle("Gebruiker "+u.Name, f)
	if block.Failed() && !f.Failed() {
		title = formTitle("Gebruiker "+u.Name, block)
	}
	p.render(c, status, "admin_user", adminUserPage{
		BasePage: p.base(c, title), Account: acc,
		Self: domain.ActorFrom(c.Request.Context()).UserID == u.ID, Notice: notice, Form: f, BlockForm: block,
	})
}

// handleAdminUserUpdate changes the name, roles and scopes of an account, or
// shows the form again with the input and what is wrong.
func (p *Pages) handleAdminUserUpdate(c *gin.Context) error {
	cur, err := p.loadAdminUser(c)
	if err != nil {
		return err
	}
	ctx := c.Request.Context()
	o, err := p.loadUserOptions(ctx)
	if err != nil {
		return err
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
		return nil
	}
	upd := domain.UserUpdate{Name: &in.Name, Roles: &ch.roles, OrganisationID: ch.organisationID,
		MunicipalityIDs: &ch.municipalityIDs, CoacheeIDs: &ch.coacheeIDs, RegisseurID: ch.regisseurID}
	_, err = p.App.UpdateUser(ctx, cur.ID, upd)
	if err == nil {
		c.Redirect(http.StatusSeeOther, adminUsersPath+"/"+strconv.FormatInt(cur.ID, 10)+"?opgeslagen=1")
		return nil
	}
	e, ok := onForm(err)
	if !ok {
		return err
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
	return nil
}

// handleAdminUserBlock blocks or unblocks an account. Blocking ends its
// sessions and revokes its API tokens at once (the store does both in the
// same transaction).
func (p *Pages) handleAdminUserBlock(disable bool) handlerFunc {
	return func(c *gin.Context) error {
		cur, err := p.loadAdminUser(c)
		if err != nil {
			return err
		}
		ctx := c.Request.Context()
		// One's own account is refused by the use case whatever is ticked;
		// the page offers no form for it.
		if disable && domain.ActorFrom(ctx).UserID != cur.ID {
			if fes := unconfirmed(c, "Vink aan dat u weet wat blokkeren doet: de gebruiker wordt meteen overal uitgelogd en de API-tokens werken niet meer."); fes != nil {
				o, err := p.loadUserOptions(ctx)
				if err != nil {
					return err
				}
				p.showAdminUser(c, http.StatusBadRequest, cur, o, userForm(inputFromUser(cur), o, &cur), "", fes...)
				return nil
			}
		}
		_, err = p.App.UpdateUser(ctx, cur.ID, domain.UserUpdate{Disabled: &disable})
		if err == nil {
			done := "?gedeblokkeerd=1"
			if disable {
				done = "?geblokkeerd=1"
			}
			c.Redirect(http.StatusSeeOther, adminUsersPath+"/"+strconv.FormatInt(cur.ID, 10)+done)
			return nil
		}
		e, ok := onForm(err)
		if !ok {
			return err
		}
		o, err := p.loadUserOptions(ctx)
		if err != nil {
			return err
		}
		f := userForm(inputFromUser(cur), o, &cur)
		f.fail(e)
		p.showAdminUser(c, formStatus(e), cur, o, f, "")
		return nil
	}
}
