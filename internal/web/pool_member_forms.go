package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"regiepool/internal/domain"
)

// The forms on a member's page besides the pre-selection: a step of the life
// cycle, capacity and leave. Each is shown again with the input and what is
// wrong when it fails.

type poolMoveInput struct{ To, Reason, OverrideReason, PausedUntil string }

// poolMoveForm is the form of the steps the actor may take (domain.StepsFor);
// the nominating organisation's form only withdraws the nomination.
func poolMoveForm(a *domain.Actor, m domain.Membership, steps []domain.MembershipStatus, in poolMoveInput) form {
	f := form{Action: poolMemberPath(m.ID) + "/status"}
	if !domain.CanDecide(a, m) {
		f.Fields = append(f.Fields, formField{Name: "reason", Label: "Reden van intrekken", Kind: "textarea", Value: in.Reason, Required: true,
			Description: "De reden komt in de statusgeschiedenis. Na intrekken komt de plaats in de poolronde vrij."},
			confirmField("Ik weet dat intrekken definitief is"))
		return f
	}
	to := formField{Name: "to", Label: "Nieuwe status", Kind: "select"}
	to.Options = append(to.Options, formOption{Value: "", Label: "Kies een nieuwe status", Checked: in.To == ""})
	for _, s := range steps {
		to.Options = append(to.Options, formOption{Value: string(s), Label: domain.MembershipLabels[s], Checked: in.To == string(s)})
	}
	f.Fields = append(f.Fields, to,
		formField{Name: "reason", Label: "Reden", Kind: "textarea", Value: in.Reason,
			Description: "Verplicht, behalve bij voorselecteren en actief maken. De reden komt in de statusgeschiedenis."})
	if domain.CanOverrideContraIndication(a) && slices.Contains(steps, domain.MemberAdmitted) {
		f.Fields = append(f.Fields, formField{Name: "overrideReason", Label: "Onderbouwing toelaten ondanks contra-indicatie", Kind: "textarea",
			Value: in.OverrideReason, Optional: true,
			Description: "Alleen nodig bij een contra-indicatie: toelaten kan dan alleen met een onderbouwing van een functioneel beheerder."})
	}
	if slices.Contains(steps, domain.MemberPaused) {
		f.Fields = append(f.Fields, formField{Name: "pausedUntil", Label: "Gepauzeerd tot", Kind: "date", Value: in.PausedUntil, Optional: true,
			Description: "Alleen bij pauzeren. Laat leeg als de einddatum nog niet bekend is."})
	}
	if final := finalLabels(steps); final != "" {
		cf := confirmField("Ik weet dat " + final + " definitief is")
		cf.Required, cf.Optional = false, true
		cf.Description = "Alleen nodig bij " + final + ": daarna is geen stap meer mogelijk."
		f.Fields = append(f.Fields, cf)
	}
	return f
}

// finalLabels names the steps after which the life cycle ends ("Afgewezen
// of Ingetrokken"), empty when none is offered.
func finalLabels(steps []domain.MembershipStatus) string {
	var names []string
	for _, s := range steps {
		if s.Final() {
			names = append(names, domain.MembershipLabels[s])
		}
	}
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " of " + names[len(names)-1]
}

// handlePoolMove takes a step of the life cycle: the selection decides, the
// nominating organisation may withdraw before a decision.
func (p *Pages) handlePoolMove(c *gin.Context) error {
	d, err := p.loadPoolMember(c)
	if err != nil {
		return err
	}
	ctx := c.Request.Context()
	a := domain.ActorFrom(ctx)
	in := poolMoveInput{To: c.PostForm("to"), Reason: c.PostForm("reason"), OverrideReason: c.PostForm("overrideReason"), PausedUntil: c.PostForm("pausedUntil")}
	if !domain.CanOverrideContraIndication(a) {
		in.OverrideReason = "" // the form has no such field for others
	}
	var fes []domain.FieldError
	to, ok := domain.ParseMembershipStatus(in.To)
	if !ok {
		fes = append(fes, domain.FieldError{Name: "to", Code: "required", Reason: "Kies een nieuwe status."})
	}
	if ok && to.Final() {
		fes = append(fes, unconfirmed(c, "Vink aan dat u weet dat "+domain.MembershipLabels[to]+" definitief is: daarna is geen stap meer mogelijk.")...)
	}
	opt := domain.TransitionOptions{Reason: in.Reason, OverrideReason: in.OverrideReason}
	if to == domain.MemberPaused && strings.TrimSpace(in.PausedUntil) != "" {
		t, ok := parseDay(in.PausedUntil)
		if !ok {
			fes = append(fes, domain.FieldError{Name: "pausedUntil", Code: "date", Reason: "Vul een geldige datum in."})
		}
		opt.PausedUntil = &t
	}
	// The application layer checks the options too (a reason where the step
	// needs one); checking them here shows every error of the form at once.
	if ok {
		if e, isErr := domain.AsError(opt.Validate(to)); isErr {
			fes = append(fes, e.Fields...)
		}
	}
	// When nothing is offered any more (the status changed meanwhile), the
	// page shows the errors above it.
	show := func(status int, fail func(*form)) error {
		f := poolMoveForm(a, d.Member, domain.StepsFor(a, d.Member), in)
		fail(&f)
		return p.showPoolMember(c, status, d, poolMemberForms{move: &f}, "")
	}
	if len(fes) > 0 {
		return show(http.StatusBadRequest, func(f *form) { f.addErrors(fes...) })
	}
	_, err = p.App.MoveMember(ctx, d.Member.ID, to, opt)
	if e, ok := onForm(err); ok {
		return show(formStatus(e), func(f *form) { f.fail(e) })
	}
	if err != nil {
		return err
	}
	c.Redirect(http.StatusSeeOther, poolMemberPath(d.Member.ID)+"?opgeslagen=1")
	return nil
}

type poolCapacityInput struct {
	MaxCases, Hours string
	Municipalities  []string
}

func poolCapacityForm(id int64, in poolCapacityInput, muns []domain.Municipality) form {
	f := form{Action: poolMemberPath(id) + "/capaciteit"}
	f.Fields = append(f.Fields,
		formField{Name: "maxCases", Label: "Maximum aantal casussen", Kind: "count", Value: in.MaxCases, Required: true,
			Description: "Van 1 tot en met 20."},
		formField{Name: "hoursPerWeek", Label: "Uren per week voor regie", Kind: "hours", Value: in.Hours, Required: true,
			Description: "Meer dan 0 en hoogstens 40; halve uren mogen." + understoodHours(in.Hours)},
		poolMunicipalityField(muns, in.Municipalities, "De gemeenten waarvoor het poollid casussen oppakt."),
	)
	return f
}

func (p *Pages) handlePoolCapacity(c *gin.Context) error {
	d, err := p.loadPoolMember(c)
	if err != nil {
		return err
	}
	in := poolCapacityInput{MaxCases: c.PostForm("maxCases"), Hours: c.PostForm("hoursPerWeek"), Municipalities: c.PostFormArray("municipalityIds")}
	var fes []domain.FieldError
	maxCases, err := strconv.Atoi(strings.TrimSpace(in.MaxCases))
	if err != nil {
		fes = append(fes, domain.FieldError{Name: "maxCases", Code: "number", Reason: "Vul een heel getal in van 1 tot en met 20."})
	}
	hours, ok := poolParseHours(in.Hours)
	if !ok {
		fes = append(fes, domain.FieldError{Name: "hoursPerWeek", Code: "number", Reason: decimalReason(in.Hours, "Vul het aantal uren in als getal, bijvoorbeeld 16 of 16,5.")})
	}
	ids, mfes := poolReadMunicipalities(in.Municipalities, d.Municipalities)
	fes = append(fes, mfes...)
	show := func(status int, fail func(*form)) error {
		f := poolCapacityForm(d.Member.ID, in, d.Municipalities)
		fail(&f)
		return p.showPoolMember(c, status, d, poolMemberForms{capacity: &f}, "")
	}
	if len(fes) > 0 {
		return show(http.StatusBadRequest, func(f *form) { f.addErrors(fes...) })
	}
	_, err = p.App.UpdateCapacity(c.Request.Context(), d.Member.ID, domain.CapacityUpdate{MaxCases: &maxCases, HoursPerWeek: &hours, MunicipalityIDs: &ids})
	if e, ok := onForm(err); ok {
		return show(formStatus(e), func(f *form) { f.fail(e) })
	}
	if err != nil {
		return err
	}
	c.Redirect(http.StatusSeeOther, poolMemberPath(d.Member.ID)+"?opgeslagen=1")
	return nil
}

type poolLeaveInput struct{ StartsOn, EndsOn, Reason string }

func poolLeaveForm(id int64, in poolLeaveInput) form {
	f := form{Action: poolMemberPath(id) + "/afwezigheid"}
	reason := formField{Name: "leaveReason", Label: "Reden", Kind: "select"}
	for i, r := range domain.LeaveReasons {
		reason.Options = append(reason.Options, formOption{Value: r, Label: domain.LeaveReasonLabels[r], Checked: in.Reason == r || (in.Reason == "" && i == 0)})
	}
	f.Fields = append(f.Fields,
		formField{Name: "startsOn", Label: "Eerste dag", Kind: "date", Value: in.StartsOn, Required: true},
		formField{Name: "endsOn", Label: "Laatste dag", Kind: "date", Value: in.EndsOn, Required: true,
			Description: "Tot en met deze dag neemt het poollid geen nieuwe casussen aan."},
		reason,
	)
	return f
}

func (p *Pages) handlePoolLeave(c *gin.Context) error {
	d, err := p.loadPoolMember(c)
	if err != nil {
		return err
	}
	in := poolLeaveInput{StartsOn: c.PostForm("startsOn"), EndsOn: c.PostForm("endsOn"), Reason: c.PostForm("leaveReason")}
	var fes []domain.FieldError
	u := domain.Unavailability{Reason: in.Reason}
	var ok bool
	if u.StartsOn, ok = parseDay(in.StartsOn); !ok {
		fes = append(fes, domain.FieldError{Name: "startsOn", Code: "date", Reason: "Vul de eerste dag in als geldige datum."})
	}
	if u.EndsOn, ok = parseDay(in.EndsOn); !ok {
		fes = append(fes, domain.FieldError{Name: "endsOn", Code: "date", Reason: "Vul de laatste dag in als geldige datum."})
	}
	if !slices.Contains(domain.LeaveReasons, in.Reason) {
		fes = append(fes, domain.FieldError{Name: "leaveReason", Code: "oneof", Reason: "Kies een reden uit de lijst."})
	} else if e, isErr := domain.AsError(u.Validate()); len(fes) == 0 && isErr {
		// The order of the days; the reason is checked above.
		fes = append(fes, e.Fields...)
	}
	show := func(status int, fail func(*form)) error {
		f := poolLeaveForm(d.Member.ID, in)
		fail(&f)
		return p.showPoolMember(c, status, d, poolMemberForms{leave: &f}, "")
	}
	if len(fes) > 0 {
		return show(http.StatusBadRequest, func(f *form) { f.addErrors(fes...) })
	}
	_, err = p.App.AddUnavailability(c.Request.Context(), d.Member.ID, u)
	if e, ok := onForm(err); ok {
		return show(formStatus(e), func(f *form) { f.fail(e) })
	}
	if err != nil {
		return err
	}
	c.Redirect(http.StatusSeeOther, poolMemberPath(d.Member.ID)+"?opgeslagen=1")
	return nil
}
