package domain

import (
	"slices"
	"strings"
	"time"
)

// The family's and the parties' voice (issue 13, item 11): at an evaluation
// and at the close of a case, its regisseur or dispatcher hands out
// single-use links to a short questionnaire for the parents, the young
// person and the organisations involved (a party). An answer is stored with
// the case, the kind of respondent and the moment only, and is shown only
// in aggregate: per kind of respondent from VoiceThreshold answers.

// RespondentKind is who a questionnaire link is for: never a person, only
// their place around the family.
type RespondentKind string

// The kinds of respondent.
const (
	RespondentParent      RespondentKind = "parent"
	RespondentYoungPerson RespondentKind = "young_person"
	RespondentParty       RespondentKind = "party"
)

// RespondentKinds are the kinds in the order of the forms and summaries.
var RespondentKinds = []RespondentKind{RespondentParent, RespondentYoungPerson, RespondentParty}

// RespondentKindLabels name the kinds in Dutch (plural: a summary covers
// every respondent of the kind).
var RespondentKindLabels = map[RespondentKind]string{
	RespondentParent:      "Ouders",
	RespondentYoungPerson: "Jongeren",
	RespondentParty:       "Betrokken organisaties",
}

// Family reports whether the kind answers the family's questions (heard,
// helped) rather than the party's (the collaboration).
func (k RespondentKind) Family() bool { return k == RespondentParent || k == RespondentYoungPerson }

// The moments at which the voice is asked.
const (
	VoiceAtEvaluation = "evaluation"
	VoiceAtClose      = "close"
)

// VoiceMoments are the moments in order.
var VoiceMoments = []string{VoiceAtEvaluation, VoiceAtClose}

// VoiceMomentLabels name the moments in Dutch.
var VoiceMomentLabels = map[string]string{VoiceAtEvaluation: "Evaluatie", VoiceAtClose: "Afsluiting"}

// The limits of the questionnaire links and answers.
const (
	// VoiceLinkDays is how long a link works: it expires after this many
	// days, and after its one use.
	VoiceLinkDays = 30
	// VoiceCloseDays is how long after the close the links of the close
	// may still be handed out.
	VoiceCloseDays = 30
	// MaxVoiceLinks caps the links of one kind handed out at once.
	MaxVoiceLinks = 10
	// MaxVoiceText caps each free-text answer, in characters.
	MaxVoiceText = 1000
	// VoiceThreshold is the least number of answers of a kind of
	// respondent that is shown, per case and across cases: the anonymity
	// threshold of 360 results (the application layer applies the
	// configured one, never lower than this floor).
	VoiceThreshold = MinRatersFloor
)

// VoiceFormPath is where the questionnaire lives: the path of a link is
// VoiceFormPath followed by the token.
const VoiceFormPath = "/vragenlijst/"

// isCaseRegisseur reports whether a is the regisseur of case c: the current
// one, or for a closed case the last one.
func isCaseRegisseur(a *Actor, c Case) bool {
	return a.Has(RoleRegisseur) && a.RegisseurID != nil && c.RegisseurID != nil && *a.RegisseurID == *c.RegisseurID
}

// CanReadCaseVoice reports whether a sees the questionnaire figures of case
// c, which is in their scope: admins, the dispatchers of its municipality,
// and its regisseur (the current one; for a closed case the last one). A
// regisseur who handed the case over no longer does; monitors see the
// voice only across cases (app.App.VoiceAcrossCases), never of one case.
func CanReadCaseVoice(a *Actor, c Case) bool {
	return CanDispatchIn(a, c.MunicipalityID) || isCaseRegisseur(a, c)
}

// CheckVoiceIssue says whether a may hand out questionnaire links for case
// c now: the people of CanReadCaseVoice, on a case with a regisseur (at an
// evaluation while it is open, at the close within VoiceCloseDays after
// it). nil, forbidden or conflict.
func CheckVoiceIssue(a *Actor, c Case, now time.Time) error {
	switch {
	case !CanReadCaseVoice(a, c):
		return Errorf(EForbidden, "forbidden", "Alleen de regisseur en de casusverdelers van deze casus delen vragenlijsten uit.")
	case c.Status == CaseClosed && c.RegisseurID == nil, c.Status == CaseWaiting, c.Status == CaseOutside:
		return Errorf(EConflict, "no_regie", "Deze casus heeft geen regisseur gehad: er is geen regie om naar te vragen.")
	case c.Status == CaseClosed && c.ClosedAt != nil && now.After(c.ClosedAt.AddDate(0, 0, VoiceCloseDays)):
		return Errorf(EConflict, "close_passed", "De vragenlijsten bij de afsluiting worden binnen %d dagen na het afsluiten uitgedeeld; die termijn is voorbij.", VoiceCloseDays)
	}
	return nil
}

// CanIssueVoice reports whether a may hand out links for case c now
// (CheckVoiceIssue); the page shows the form only then.
func CanIssueVoice(a *Actor, c Case, now time.Time) bool { return CheckVoiceIssue(a, c, now) == nil }

// VoiceMomentOf is the moment links for case c are for: the close of a
// closed case, an evaluation of an open one.
func VoiceMomentOf(c Case) string {
	if c.Status == CaseClosed {
		return VoiceAtClose
	}
	return VoiceAtEvaluation
}

// VoiceRequest asks for questionnaire links for one moment of a case.
type VoiceRequest struct {
	// Moment is VoiceAtEvaluation (an open case) or VoiceAtClose (a
	// closed one).
	Moment string
	// MomentDate is the day of the evaluation; for the close it is the day
	// the case was closed, and may be left out.
	MomentDate *time.Time
	// Counts is the number of links per kind (0 to MaxVoiceLinks; at least
	// one link in all).
	Counts map[RespondentKind]int
	// Mails are links to mail rather than show: each takes one link of its
	// Kind (at most Counts[Kind] of a kind) to its Email, through the
	// outbox only. The application layer fills in Token and Mail.
	Mails []VoiceLinkMail
}

// CheckMails checks the addresses of r.Mails as typed (ParseEmail) and
// trims them; it refuses more addresses of a kind than links of that kind.
// Field names: each mail's Field.
func (r *VoiceRequest) CheckMails() []FieldError {
	var fe []FieldError
	per := map[RespondentKind]int{}
	for i, m := range r.Mails {
		email, bad := ParseEmail(m.Field, m.Email)
		if bad != nil {
			fe = append(fe, *bad)
			continue
		}
		r.Mails[i].Email = email
		if per[m.Kind]++; per[m.Kind] > r.Counts[m.Kind] {
			fe = append(fe, FieldError{Name: m.Field, Code: "max",
				Reason: "Meer e-mailadressen dan links voor deze soort invuller: één adres per link."})
		}
	}
	return fe
}

// Validate checks r for case c as of now and fills in the date of the
// close; every fault is reported. Field names: moment, momentDate,
// respondents.
func (r *VoiceRequest) Validate(c Case, now time.Time) error {
	var fe []FieldError
	switch {
	case !slices.Contains(VoiceMoments, r.Moment):
		fe = append(fe, FieldError{Name: "moment", Code: "oneof", Reason: "Kies het moment: evaluation of close."})
	case r.Moment != VoiceMomentOf(c) && c.Status == CaseClosed:
		fe = append(fe, FieldError{Name: "moment", Code: "closed", Reason: "Deze casus is afgesloten: vragenlijsten zijn nu voor de afsluiting (close)."})
	case r.Moment != VoiceMomentOf(c):
		fe = append(fe, FieldError{Name: "moment", Code: "open", Reason: "Deze casus is nog niet afgesloten: vragenlijsten zijn nu voor een evaluatie (evaluation)."})
	case r.Moment == VoiceAtClose && c.ClosedAt != nil:
		day := dayOf(*c.ClosedAt)
		if r.MomentDate != nil && !dayOf(*r.MomentDate).Equal(day) {
			fe = append(fe, FieldError{Name: "momentDate", Code: "close", Reason: "Bij de afsluiting is de datum de dag van afsluiten: " + FormatDate(day) + "."})
		}
		r.MomentDate = &day
	case r.MomentDate == nil:
		fe = append(fe, FieldError{Name: "momentDate", Code: "required", Reason: "Vul de datum van de evaluatie in."})
	case r.MomentDate.After(now.AddDate(0, 0, 1)):
		fe = append(fe, FieldError{Name: "momentDate", Code: "date", Reason: "De datum van de evaluatie ligt niet in de toekomst."})
	case r.MomentDate.Before(dayOf(c.StartsOn)):
		fe = append(fe, FieldError{Name: "momentDate", Code: "date", Reason: "De evaluatie ligt niet voor de start van de casus (" + FormatDate(c.StartsOn) + ")."})
	}
	total := 0
	for k, n := range r.Counts {
		if !slices.Contains(RespondentKinds, k) {
			fe = append(fe, FieldError{Name: "respondents", Code: "oneof", Reason: "Onbekende soort invuller: " + string(k) + "; kies parent, young_person of party."})
			continue
		}
		if n < 0 || n > MaxVoiceLinks {
			fe = append(fe, FieldError{Name: "respondents", Code: "range", Reason: "Per soort invuller 0 tot en met 10 links tegelijk."})
			continue
		}
		total += n
	}
	if total == 0 && len(fe) == 0 {
		fe = append(fe, FieldError{Name: "respondents", Code: "required", Reason: "Vraag ten minste één link aan."})
	}
	if fe != nil {
		return Invalid(fe...)
	}
	return nil
}

// dayOf is the calendar day of t, as midnight UTC.
func dayOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// VoiceLink is a new questionnaire link, shown once: only the token's hash
// is stored.
type VoiceLink struct {
	Kind       RespondentKind
	Moment     string
	MomentDate time.Time
	Token      string
	ExpiresAt  time.Time
	// URL is the absolute link; the application layer fills it in.
	URL string
	// Mailed says the link went to an address (VoiceRequest.Mails): it is
	// in the outbox and not shown.
	Mailed bool
}

// VoiceInvite is what the questionnaire behind a link needs: for whom and
// for which moment. It carries no case reference: the public page shows
// none.
type VoiceInvite struct {
	Kind       RespondentKind
	Moment     string
	MomentDate time.Time
	ExpiresAt  time.Time
}

// VoiceAnswer is one submitted questionnaire. A family respondent (parent,
// young person) answers Heard and Helped, a party Collaboration; the texts
// are optional. It holds nothing that names who answered, or when.
type VoiceAnswer struct {
	Kind          RespondentKind
	Heard         *int
	Helped        *int
	Collaboration *int
	WentWell      string
	CouldBeBetter string
}

// Validate trims the texts and checks the answer for its kind; every
// fault is reported. Field names: heard, helped, collaboration, wentWell,
// couldBeBetter.
func (v *VoiceAnswer) Validate() error {
	v.WentWell, v.CouldBeBetter = strings.TrimSpace(v.WentWell), strings.TrimSpace(v.CouldBeBetter)
	var fe []FieldError
	scale := func(name string, x *int) {
		if x == nil || *x < 1 || *x > 5 {
			fe = append(fe, FieldError{Name: name, Code: "range", Reason: "Kies een antwoord van 1 tot en met 5."})
		}
	}
	if v.Kind.Family() {
		scale("heard", v.Heard)
		scale("helped", v.Helped)
	} else {
		scale("collaboration", v.Collaboration)
	}
	for _, t := range []struct{ name, text string }{{"wentWell", v.WentWell}, {"couldBeBetter", v.CouldBeBetter}} {
		if len([]rune(t.text)) > MaxVoiceText {
			fe = append(fe, FieldError{Name: t.name, Code: "max", Reason: "Hoogstens 1000 tekens."})
		}
	}
	if fe != nil {
		return Invalid(fe...)
	}
	return nil
}

// Normalize drops the scales that do not belong to the answer's kind.
func (v *VoiceAnswer) Normalize() {
	if v.Kind.Family() {
		v.Collaboration = nil
	} else {
		v.Heard, v.Helped = nil, nil
	}
}

// VoiceTally is how many links of a kind were handed out and answered.
type VoiceTally struct {
	Kind     RespondentKind
	Issued   int
	Answered int
}

// VoiceSummary is the voice of one kind of respondent: the counts always,
// the means and texts only when Shown (at least the threshold of answers).
type VoiceSummary struct {
	Kind     RespondentKind
	Issued   int
	Answered int
	Shown    bool
	// Means of the scales (1–5); nil when not shown or not asked of the
	// kind.
	Heard, Helped, Collaboration *float64
	// The texts, in alphabetical order so their order tells nothing about
	// who answered when; empty answers left out.
	WentWell, CouldBeBetter []string
}

// SummarizeVoice summarizes answers per kind of respondent, in the order of
// RespondentKinds: counts for every kind, means and texts only for a kind
// with at least threshold answers (never fewer than VoiceThreshold).
func SummarizeVoice(tallies []VoiceTally, answers []VoiceAnswer, threshold int) []VoiceSummary {
	threshold = max(threshold, VoiceThreshold)
	out := make([]VoiceSummary, len(RespondentKinds))
	for i, k := range RespondentKinds {
		s := VoiceSummary{Kind: k}
		for _, t := range tallies {
			if t.Kind == k {
				s.Issued += t.Issued
			}
		}
		var mine []VoiceAnswer
		for _, x := range answers {
			if x.Kind == k {
				mine = append(mine, x)
			}
		}
		s.Answered = len(mine)
		if s.Shown = s.Answered >= threshold; s.Shown {
			if k.Family() {
				s.Heard = meanOf(mine, func(x VoiceAnswer) *int { return x.Heard })
				s.Helped = meanOf(mine, func(x VoiceAnswer) *int { return x.Helped })
			} else {
				s.Collaboration = meanOf(mine, func(x VoiceAnswer) *int { return x.Collaboration })
			}
			for _, x := range mine {
				if x.WentWell != "" {
					s.WentWell = append(s.WentWell, x.WentWell)
				}
				if x.CouldBeBetter != "" {
					s.CouldBeBetter = append(s.CouldBeBetter, x.CouldBeBetter)
				}
			}
			sortTexts(s.WentWell)
			sortTexts(s.CouldBeBetter)
		}
		out[i] = s
	}
	return out
}

func meanOf(xs []VoiceAnswer, get func(VoiceAnswer) *int) *float64 {
	sum, n := 0, 0
	for _, x := range xs {
		if v := get(x); v != nil {
			sum += *v
			n++
		}
	}
	if n == 0 {
		return nil
	}
	m := float64(sum) / float64(n)
	return &m
}

func sortTexts(ts []string) {
	slices.SortFunc(ts, func(a, b string) int {
		if c := strings.Compare(strings.ToLower(a), strings.ToLower(b)); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
}

// VoiceFilter selects the cases of an aggregate across cases: the moments
// whose date lies in [From, To], optionally of one municipality and one
// kind of moment.
type VoiceFilter struct {
	From, To       time.Time
	MunicipalityID *int64
	// Moment is VoiceAtEvaluation, VoiceAtClose, or "" for both.
	Moment string
}

// Validate checks the filter. Field names: from, to, moment.
func (f VoiceFilter) Validate() error {
	var fe []FieldError
	if f.From.IsZero() || f.To.IsZero() || f.To.Before(f.From) {
		fe = append(fe, FieldError{Name: "to", Code: "range", Reason: "Kies een periode: van en tot en met, de eerste niet na de tweede."})
	}
	if f.Moment != "" && !slices.Contains(VoiceMoments, f.Moment) {
		fe = append(fe, FieldError{Name: "moment", Code: "oneof", Reason: "Kies het moment: evaluation of close."})
	}
	if fe != nil {
		return Invalid(fe...)
	}
	return nil
}

// CanSeeVoiceAcrossCases reports whether a may see the voice aggregated
// across cases: the monitoring roles (admins, monitors). Per kind of
// respondent the threshold holds there too.
func CanSeeVoiceAcrossCases(a *Actor) bool { return CanSeeMonitoring(a) }
