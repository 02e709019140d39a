package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"regiepool/internal/app"
	"regiepool/internal/domain"
)

// The reflection log: the regisseur writes entries, private unless shared;
// their coach reads the shared ones and answers them.

// reflectionView is one entry as the pages show it.
type reflectionView struct {
	ID            string // the anchor of the entry
	Competency    string
	Date          string
	CaseReference string
	Body          string
	Shared        bool
	SharedOn      string
	Replies       []replyView
	ShareAction   string // the regisseur's share toggle
	ReplyForm     *form  // the coach's answer
	// The monitoring part: the short pair, the rating of the coaching
	// ("4 van 5"), and whether it may be used for monitoring.
	WentWell, CouldBeBetter, CoachingHelp string
	ForMonitoring                         bool
}

type replyView struct{ Author, Date, Body string }

func newReflectionView(r domain.Reflection, comps app.Competencies) reflectionView {
	v := reflectionView{ID: "reflectie-" + strconv.FormatInt(r.ID, 10), Competency: comps.Name(r.CompetencyKey), Date: domain.FormatDate(r.WrittenOn),
		CaseReference: r.CaseReference, Body: r.Body, Shared: r.SharedAt != nil,
		WentWell: r.WentWell, CouldBeBetter: r.CouldBeBetter, ForMonitoring: r.ShareWithMonitoring}
	if r.CoachingHelp != nil {
		v.CoachingHelp = strconv.Itoa(*r.CoachingHelp) + " van 5"
	}
	if r.SharedAt != nil {
		v.SharedOn = domain.FormatDate(r.SharedAt.Local())
	}
	for _, rp := range r.Replies {
		author := rp.Author
		if author == "" {
			author = "Begeleider"
		}
		v.Replies = append(v.Replies, replyView{Author: author, Date: domain.FormatDateTime(rp.CreatedAt.Local()), Body: rp.Body})
	}
	return v
}

// --- The regisseur's own log ------------------------------------------------------

type reflectionsPage struct {
	BasePage
	Notice   string
	Form     form
	Entries  []reflectionView
	Shown    string // see shownOf
	PlanHref string
}

type reflectionInput struct {
	WrittenOn, CompetencyKey, CaseReference, Body string
	Share                                         bool
	// The monitoring part (issue 15).
	WentWell, CouldBeBetter, CoachingHelp string
	ShareWithMonitoring                   bool
}

// coachingHelpNone is the choice "geen antwoord" of the coaching rating.
const coachingHelpNone = "geen"

// coachingHelpField is the optional 1–5 question about the coaching.
func coachingHelpField(value string) formField {
	if value == "" {
		value = coachingHelpNone
	}
	f := formField{Name: "coachingHelp", Label: "Hoeveel heeft de begeleiding je geholpen?", Kind: "radios", Optional: true,
		Description: "Van 1 (niet) tot 5 (heel veel). Niet verplicht."}
	labels := []string{"1 – niet", "2", "3", "4", "5 – heel veel"}
	for i, l := range labels {
		v := strconv.Itoa(i + 1)
		f.Options = append(f.Options, formOption{Value: v, Label: l, Checked: value == v})
	}
	f.Options = append(f.Options, formOption{Value: coachingHelpNone, Label: "Geen antwoord", Checked: value == coachingHelpNone})
	return f
}

func reflectionForm(in reflectionInput, comps app.Competencies) form {
	share, monitoring := "", ""
	if in.Share {
		share = "ja"
	}
	if in.ShareWithMonitoring {
		monitoring = "ja"
	}
	f := form{Action: reflectionsPath}
	f.Fields = append(f.Fields,
		formField{Name: "writtenOn", Label: "Datum", Kind: "date", Value: in.WrittenOn, Required: true},
		competencySelect(comps, "competencyKey", "Competentie", in.CompetencyKey),
		formField{Name: "caseReference", Label: "Zaaknummer", Kind: "text", Value: in.CaseReference, Optional: true, Autocomplete: "off",
			Description: domain.CaseReferenceHint},
		formField{Name: "body", Label: "Reflectie", Kind: "textarea", Value: in.Body, Required: true,
			Description: "Wat gebeurde er, wat deed u en wat neemt u mee? Hoogstens 5000 tekens."},
		formField{Name: "share", Label: "Deel met mijn begeleider", Kind: "check", Value: share},
		formField{Name: "wentWell", Label: "Wat ging goed?", Kind: "textarea", Value: in.WentWell, Optional: true,
			Description: "Kort, zonder namen of zaaknummers. Hoogstens 1000 tekens."},
		formField{Name: "couldBeBetter", Label: "Wat kan beter?", Kind: "textarea", Value: in.CouldBeBetter, Optional: true,
			Description: "Kort, zonder namen of zaaknummers. Hoogstens 1000 tekens."},
		coachingHelpField(in.CoachingHelp),
		formField{Name: "shareWithMonitoring", Label: "Mag geanonimiseerd gebruikt worden voor de monitoring van de pilot", Kind: "check", Value: monitoring},
	)
	return f
}

func (p *Pages) handleReflections(c *gin.Context) error {
	notice := ""
	if c.Query("opgeslagen") == "1" {
		notice = "De reflectie is opgeslagen."
	}
	return p.showReflections(c, http.StatusOK, nil, notice)
}

// showReflections draws the log with the form: failed when a save failed,
// otherwise empty with today's date.
func (p *Pages) showReflections(c *gin.Context, status int, failed *form, notice string) error {
	regID, ok := p.ownRegisseur(c)
	if !ok {
		return nil
	}
	log, err := p.App.OwnReflections(c.Request.Context(), regID)
	if err != nil {
		return err
	}
	page := reflectionsPage{Notice: notice, PlanHref: planPath(regID), Shown: shownOf(len(log.Entries), log.EntriesTotal, "reflecties")}
	if failed != nil {
		page.Form = *failed
	} else {
		page.Form = reflectionForm(reflectionInput{WrittenOn: time.Now().Format(isoDay)}, log.Competencies)
	}
	for _, r := range log.Entries {
		v := newReflectionView(r, log.Competencies)
		v.ShareAction = reflectionPath(r.ID) + "/delen"
		page.Entries = append(page.Entries, v)
	}
	page.BasePage = p.base(c, formTitle("Mijn reflecties", page.Form))
	p.render(c, status, "coach_reflections", page)
	return nil
}

func (p *Pages) handleReflectionCreate(c *gin.Context) error {
	regID, ok := p.ownRegisseur(c)
	if !ok {
		return nil
	}
	ctx := c.Request.Context()
	comps, err := p.App.CompetencyProfile(ctx)
	if err != nil {
		return err
	}
	in := reflectionInput{WrittenOn: strings.TrimSpace(c.PostForm("writtenOn")), CompetencyKey: c.PostForm("competencyKey"),
		CaseReference: c.PostForm("caseReference"), Body: c.PostForm("body"), Share: c.PostForm("share") == "ja",
		WentWell: c.PostForm("wentWell"), CouldBeBetter: c.PostForm("couldBeBetter"), CoachingHelp: c.PostForm("coachingHelp"),
		ShareWithMonitoring: c.PostForm("shareWithMonitoring") == "ja"}
	r := domain.Reflection{RegisseurID: regID, CompetencyKey: in.CompetencyKey, CaseReference: in.CaseReference, Body: in.Body,
		WentWell: in.WentWell, CouldBeBetter: in.CouldBeBetter, ShareWithMonitoring: in.ShareWithMonitoring}
	if fes := readReflection(in, &r, comps); len(fes) > 0 {
		f := reflectionForm(in, comps)
		f.addErrors(fes...)
		return p.showReflections(c, http.StatusBadRequest, &f, "")
	}
	_, err = p.App.WriteReflection(ctx, r, in.Share)
	if err == nil {
		c.Redirect(http.StatusSeeOther, reflectionsPath+"?opgeslagen=1")
		return nil
	}
	e, _ := onForm(err)
	if e == nil {
		return err
	}
	f := reflectionForm(in, comps)
	f.fail(e)
	return p.showReflections(c, formStatus(e), &f, "")
}

// readReflection reads the date of the form into r and checks the entry:
// the errors of what could not be read, then those of the entry's own
// checks.
func readReflection(in reflectionInput, r *domain.Reflection, comps app.Competencies) []domain.FieldError {
	var fes []domain.FieldError
	if t, ok := parseDay(in.WrittenOn); ok {
		r.WrittenOn = t
	} else {
		fes = append(fes, domain.FieldError{Name: "writtenOn", Code: "date", Reason: "Vul een datum in, bijvoorbeeld " + domain.FormatDate(time.Now()) + "."})
	}
	switch in.CoachingHelp {
	case "", coachingHelpNone:
	default:
		if v, err := strconv.Atoi(in.CoachingHelp); err == nil && v >= 1 && v <= 5 {
			r.CoachingHelp = &v
		} else {
			fes = append(fes, domain.FieldError{Name: "coachingHelp", Code: "range", Reason: "Kies een cijfer van 1 tot en met 5, of geen antwoord."})
		}
	}
	if in.CompetencyKey != "" {
		if _, ok := comps.Find(in.CompetencyKey); !ok {
			fes = append(fes, domain.FieldError{Name: "competencyKey", Code: "oneof", Reason: "Kies een competentie uit de lijst."})
		}
	}
	if err := r.Validate(); err != nil {
		if e, ok := domain.AsError(err); ok {
			for _, fe := range e.Fields {
				// A date that could not be read has its error already.
				if fe.Name != "writtenOn" || !r.WrittenOn.IsZero() {
					fes = append(fes, fe)
				}
			}
		}
	}
	return dedupeFieldErrors(fes)
}

// dedupeFieldErrors drops a second error of the same field and reason.
func dedupeFieldErrors(fes []domain.FieldError) []domain.FieldError {
	out := make([]domain.FieldError, 0, len(fes))
	seen := map[string]bool{}
	for _, fe := range fes {
		if key := fe.Name + "\x00" + fe.Reason; !seen[key] {
			seen[key] = true
			out = append(out, fe)
		}
	}
	return out
}

// handleReflectionShare shares (delen=1) or unshares (delen=0) an entry.
func (p *Pages) handleReflectionShare(c *gin.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	var share bool
	switch c.PostForm("delen") {
	case "1":
		share = true
	case "0":
	default:
		return domain.Errorf(domain.EInvalid, "share_choice", "Kies of u de reflectie wel of niet met uw begeleider deelt.")
	}
	if err := p.App.ShareReflection(c.Request.Context(), id, share); err != nil {
		return err
	}
	c.Redirect(http.StatusSeeOther, reflectionsPath+"?opgeslagen=1")
	return nil
}

// --- The coach's view of what was shared --------------------------------------------

type sharedReflectionsPage struct {
	BasePage
	RegisseurID int64
	Name        string
	Notice      string
	Entries     []reflectionView
	Shown       string // see shownOf
	PlanHref    string
	Failed      *form // the reply form that failed, for the error summary
}

// replyName is the control of the answer to reflection id.
func replyName(id int64) string { return "antwoord-" + strconv.FormatInt(id, 10) }

func replyForm(r domain.Reflection, value string) form {
	f := form{Action: reflectionPath(r.ID) + "/antwoord"}
	f.Fields = append(f.Fields, formField{Name: replyName(r.ID), Label: "Uw antwoord op de reflectie van " + domain.FormatDate(r.WrittenOn), Kind: "textarea",
		Value: value, Required: true, Description: "De regisseur leest uw antwoord bij deze reflectie. Hoogstens 5000 tekens."})
	return f
}

// replyState is the answer form that failed: its reflection, text and errors.
type replyState struct {
	reflectionID int64
	value        string
	fes          []domain.FieldError
	message      string
}

func (p *Pages) handleSharedReflections(c *gin.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	notice := ""
	if c.Query("opgeslagen") == "1" {
		notice = "Uw antwoord is opgeslagen."
	}
	return p.showSharedReflections(c, http.StatusOK, id, nil, notice)
}

func (p *Pages) showSharedReflections(c *gin.Context, status int, regisseurID int64, failed *replyState, notice string) error {
	log, err := p.App.SharedReflections(c.Request.Context(), regisseurID)
	if err != nil {
		return err
	}
	reg := log.Regisseur
	page := sharedReflectionsPage{RegisseurID: regisseurID, Name: reg.Name, Notice: notice, PlanHref: planPath(regisseurID),
		Shown: shownOf(len(log.Entries), log.EntriesTotal, "reflecties")}
	for _, r := range log.Entries {
		v := newReflectionView(r, log.Competencies)
		value := ""
		if failed != nil && failed.reflectionID == r.ID {
			value = failed.value
		}
		f := replyForm(r, value)
		if failed != nil && failed.reflectionID == r.ID {
			f.addErrors(failed.fes...)
			if failed.message != "" {
				f.Errors = append(f.Errors, formError{Text: failed.message})
			}
			page.Failed = &f
		}
		v.ReplyForm = &f
		page.Entries = append(page.Entries, v)
	}
	if failed != nil && page.Failed == nil {
		// The entry is no longer shared: say so above the list.
		page.Failed = &form{}
		page.Failed.Errors = append(page.Failed.Errors, formError{Text: "Deze reflectie is niet (meer) gedeeld: u kunt er niet op antwoorden."})
	}
	title := "Gedeelde reflecties van " + reg.Name
	if page.Failed != nil {
		title = "Fout: " + title
	}
	page.BasePage = p.base(c, title)
	p.render(c, status, "coach_shared_reflections", page)
	return nil
}

// handleReflectionReply answers a shared entry and goes back to the
// regisseur's shared reflections (the form names the regisseur).
func (p *Pages) handleReflectionReply(c *gin.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	regisseurID, ok := formID(c, "regisseurId")
	if !ok {
		return domain.Errorf(domain.EInvalid, "incomplete_form", "Het formulier is onvolledig. Ga terug naar de gedeelde reflecties en probeer het opnieuw.")
	}
	body := strings.TrimSpace(c.PostForm(replyName(id)))
	if body == "" {
		return p.showSharedReflections(c, http.StatusBadRequest, regisseurID, &replyState{reflectionID: id,
			fes: []domain.FieldError{{Name: replyName(id), Code: "required", Reason: "Vul uw antwoord in."}}}, "")
	}
	_, err = p.App.ReplyToReflection(c.Request.Context(), id, body)
	if err == nil {
		c.Redirect(http.StatusSeeOther, sharedReflectionsPath(regisseurID)+"?opgeslagen=1#"+"reflectie-"+strconv.FormatInt(id, 10))
		return nil
	}
	e, _ := onForm(err)
	if e == nil {
		return err
	}
	st := &replyState{reflectionID: id, value: body}
	for _, fe := range e.Fields {
		st.fes = append(st.fes, domain.FieldError{Name: replyName(id), Code: fe.Code, Reason: fe.Reason})
	}
	if len(e.Fields) == 0 {
		st.message = e.Message
	}
	return p.showSharedReflections(c, formStatus(e), regisseurID, st, "")
}
