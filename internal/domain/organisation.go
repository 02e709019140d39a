package domain

import (
	"regexp"
	"slices"
	"strings"
	"time"
)

// Municipality is a gemeente: the scope of dispatchers and of cases.
type Municipality struct {
	ID        int64     `db:"id"`
	Code      string    `db:"code"` // CBS code, GM + 4 digits
	Name      string    `db:"name"`
	Region    string    `db:"region"`
	CreatedAt time.Time `db:"created_at"`
}

var municipalityCode = regexp.MustCompile(`^GM[0-9]{4}$`)

// Validate normalises and checks a municipality before it is stored. The
// code is read as meant: " gm0080" is GM0080.
func (m *Municipality) Validate() error {
	m.Code = strings.ToUpper(strings.TrimSpace(m.Code))
	m.Name = strings.TrimSpace(m.Name)
	m.Region = strings.TrimSpace(m.Region)
	var fe []FieldError
	if !municipalityCode.MatchString(m.Code) {
		fe = append(fe, FieldError{Name: "code", Code: "format", Reason: "Gebruik de CBS-code: GM gevolgd door vier cijfers, bijvoorbeeld GM0080."})
	}
	fe = checkText(fe, "name", m.Name, true, 200)
	fe = checkText(fe, "region", m.Region, false, 200)
	if fe != nil {
		return Invalid(fe...)
	}
	return nil
}

// Organisation is a nominating organisation or care provider.
type Organisation struct {
	ID        int64     `db:"id"`
	Name      string    `db:"name"`
	KvKNumber *string   `db:"kvk_number"`
	CreatedAt time.Time `db:"created_at"`
}

var kvkNumber = regexp.MustCompile(`^[0-9]{8}$`)

// Validate checks an organisation before it is stored.
func (o *Organisation) Validate() error {
	o.Name = strings.TrimSpace(o.Name)
	var fe []FieldError
	fe = checkText(fe, "name", o.Name, true, 200)
	if o.KvKNumber != nil && !kvkNumber.MatchString(*o.KvKNumber) {
		fe = append(fe, FieldError{Name: "kvkNumber", Code: "format", Reason: "Een KvK-nummer bestaat uit acht cijfers."})
	}
	if fe != nil {
		return Invalid(fe...)
	}
	return nil
}

// MunicipalityUpdate holds the fields of a municipality to change; nil
// fields stay as they are. The code never changes.
type MunicipalityUpdate struct {
	Name   *string
	Region *string
}

// Apply changes m by upd.
func (upd MunicipalityUpdate) Apply(m *Municipality) {
	if upd.Name != nil {
		m.Name = *upd.Name
	}
	if upd.Region != nil {
		m.Region = *upd.Region
	}
}

// OrganisationUpdate holds the fields of an organisation to change; nil
// fields stay as they are.
type OrganisationUpdate struct {
	Name      *string
	KvKNumber *string
}

// Apply changes o by upd.
func (upd OrganisationUpdate) Apply(o *Organisation) {
	if upd.Name != nil {
		o.Name = *upd.Name
	}
	if upd.KvKNumber != nil {
		o.KvKNumber = upd.KvKNumber
	}
}

// CanSeeAllMunicipalities reports whether a sees every municipality: every
// role but the dispatcher does (and a dispatcher who also holds another
// role). A dispatcher sees their own municipalities, see
// CanSeeOwnMunicipalities.
func CanSeeAllMunicipalities(a *Actor) bool {
	return a.HasAny(RoleAdmin, RoleOrgContact, RoleCoach, RoleRegisseur, RoleMonitor)
}

// CanSeeOwnMunicipalities reports whether a sees the municipalities they
// work for (a.MunicipalityIDs): dispatchers.
func CanSeeOwnMunicipalities(a *Actor) bool { return a.Has(RoleDispatcher) }

// CanSeeMunicipality reports whether a may see municipality id: the rule
// the store's scoping of municipality reads applies in SQL.
func CanSeeMunicipality(a *Actor, id int64) bool {
	return CanSeeAllMunicipalities(a) || (CanSeeOwnMunicipalities(a) && slices.Contains(a.MunicipalityIDs, id))
}

// CanSeeAllOrganisations reports whether a sees every organisation: every
// role but the org contact does (and an org contact who also holds another
// role). An org contact sees their own, see CanSeeOwnOrganisation.
func CanSeeAllOrganisations(a *Actor) bool {
	return a.HasAny(RoleAdmin, RoleCoach, RoleDispatcher, RoleRegisseur, RoleMonitor)
}

// CanSeeOwnOrganisation reports whether a sees their own organisation
// (a.OrganisationID): org contacts that belong to one.
func CanSeeOwnOrganisation(a *Actor) bool {
	return a.Has(RoleOrgContact) && a.OrganisationID != nil
}

// CanSeeOrganisation reports whether a may see organisation id: the rule
// the store's scoping of organisation reads applies in SQL.
func CanSeeOrganisation(a *Actor, id int64) bool {
	return CanSeeAllOrganisations(a) || (CanSeeOwnOrganisation(a) && *a.OrganisationID == id)
}

// checkText appends a field error when a text is missing or too long.
func checkText(fe []FieldError, name, v string, required bool, max int) []FieldError {
	switch {
	case required && v == "":
		return append(fe, FieldError{Name: name, Code: "required", Reason: "Dit veld is verplicht."})
	case len([]rune(v)) > max:
		return append(fe, FieldError{Name: name, Code: "max", Reason: "Dit veld is te lang."})
	}
	return fe
}
