package domain

import (
	"strings"
	"time"
)

// Closing a case (afschalen, issue 13 item 7): the reason (CloseReasons;
// other with a text), the end conversation, a final check that the help
// works and the family can direct its own life (or why not), and the
// family's self-reliance per life domain at close. It is kept on the
// case and shown on the closed step of its timeline.

// EndConversation is the end conversation (eindgesprek) with the family:
// whether it was held, and when and with whom (family members by role,
// organisations) when it was.
type EndConversation struct {
	Held            *bool    `json:"held"`
	Date            string   `json:"date,omitempty"`
	Participants    []string `json:"participants,omitempty"`
	OrganisationIDs []int64  `json:"organisationIds,omitempty"`
}

// FinalCheck is the check at close: does the help work, can the family
// direct its own life, and if not, why not.
type FinalCheck struct {
	HelpWorks            *bool  `json:"helpWorks"`
	FamilyDirectsOwnLife *bool  `json:"familyDirectsOwnLife"`
	WhyNot               string `json:"whyNot,omitempty"`
}

// Closure is how a case was closed. Reason is stored in its own column;
// the rest as the closure's details. Cases closed before these details
// existed have only a reason.
type Closure struct {
	Reason          string           `json:"-"`
	ReasonText      string           `json:"reasonText,omitempty"`
	EndConversation *EndConversation `json:"endConversation,omitempty"`
	FinalCheck      *FinalCheck      `json:"finalCheck,omitempty"`
	SelfReliance    map[string]int   `json:"selfReliance,omitempty"`
}

// HasDetails reports whether the closure records more than its reason.
func (c *Closure) HasDetails() bool {
	return c != nil && (c.ReasonText != "" || c.EndConversation != nil || c.FinalCheck != nil || len(c.SelfReliance) > 0)
}

// Validate checks a closure as of now; every fault is reported. The reason
// is one of CloseReasons, other with a text. With complete (a close through
// the API or a page) the end conversation and the final check are
// required: whether the conversation was held (then its date, not in the
// future, and who took part), whether the help works and the family directs
// its own life (if either is no, why not). The self-reliance follows
// CheckSelfReliance. What does not apply is dropped.
func (c *Closure) Validate(now time.Time, complete bool) error {
	var fe []FieldError
	if err := CheckCloseReason(c.Reason); err != nil {
		fe = append(fe, err.(*Error).Fields...)
	}
	c.ReasonText = strings.TrimSpace(c.ReasonText)
	if c.Reason == CloseOther {
		fe = checkStepText(fe, "reasonText", c.ReasonText, true, "de reden van afsluiten")
	} else {
		c.ReasonText = ""
	}
	if ec := c.EndConversation; ec != nil {
		switch {
		case ec.Held == nil:
			fe = append(fe, FieldError{Name: "endConversation.held", Code: "required", Reason: "Geef aan of er een eindgesprek is gevoerd."})
		case *ec.Held:
			if day, err := ParseDate(ec.Date); err != nil || day.After(now.AddDate(0, 0, 1)) {
				fe = append(fe, FieldError{Name: "endConversation.date", Code: "date", Reason: "Vul de datum van het eindgesprek in (jjjj-mm-dd, niet in de toekomst)."})
			}
			if len(ec.Participants) == 0 && len(ec.OrganisationIDs) == 0 {
				fe = append(fe, FieldError{Name: "endConversation.participants", Code: "required", Reason: "Geef aan wie aan het eindgesprek deelnam: gezinsleden en/of organisaties."})
			}
			fe = checkOneOf(fe, "endConversation.participants", ec.Participants, Participants, "deelnemer")
			for _, id := range ec.OrganisationIDs {
				if id <= 0 {
					fe = append(fe, FieldError{Name: "endConversation.organisationIds", Code: "min", Reason: "Een organisatie-id is groter dan 0."})
					break
				}
			}
			ec.Participants, ec.OrganisationIDs = uniq(ec.Participants), uniq(ec.OrganisationIDs)
		default:
			ec.Date, ec.Participants, ec.OrganisationIDs = "", nil, nil
		}
	} else if complete {
		fe = append(fe, FieldError{Name: "endConversation.held", Code: "required", Reason: "Geef aan of er een eindgesprek is gevoerd."})
	}
	if fc := c.FinalCheck; fc != nil {
		if fc.HelpWorks == nil {
			fe = append(fe, FieldError{Name: "finalCheck.helpWorks", Code: "required", Reason: "Geef aan of de hulp werkt."})
		}
		if fc.FamilyDirectsOwnLife == nil {
			fe = append(fe, FieldError{Name: "finalCheck.familyDirectsOwnLife", Code: "required", Reason: "Geef aan of het gezin zelf de regie over het eigen leven kan voeren."})
		}
		fc.WhyNot = strings.TrimSpace(fc.WhyNot)
		if c.NotSettled() {
			fe = checkStepText(fe, "finalCheck.whyNot", fc.WhyNot, true, "waarom niet")
		} else {
			fc.WhyNot = ""
		}
	} else if complete {
		fe = append(fe,
			FieldError{Name: "finalCheck.helpWorks", Code: "required", Reason: "Geef aan of de hulp werkt."},
			FieldError{Name: "finalCheck.familyDirectsOwnLife", Code: "required", Reason: "Geef aan of het gezin zelf de regie over het eigen leven kan voeren."})
	}
	fe = append(fe, CheckSelfReliance(c.SelfReliance)...)
	if len(c.SelfReliance) == 0 {
		c.SelfReliance = nil
	}
	if fe != nil {
		return Invalid(fe...)
	}
	return nil
}

// NotSettled reports whether the final check found that the help does not
// work or the family cannot yet direct its own life.
func (c *Closure) NotSettled() bool {
	if c == nil || c.FinalCheck == nil {
		return false
	}
	f := c.FinalCheck
	return (f.HelpWorks != nil && !*f.HelpWorks) || (f.FamilyDirectsOwnLife != nil && !*f.FamilyDirectsOwnLife)
}

// OrganisationRefs are the organisations the closure names, for the store
// to check they exist.
func (c *Closure) OrganisationRefs() []int64 {
	if c == nil || c.EndConversation == nil {
		return nil
	}
	return c.EndConversation.OrganisationIDs
}

// SelfRelianceUpdate is the case's self-reliance after a measurement m: the
// domains measured take their new score, the others keep theirs. nil when
// nothing was measured.
func SelfRelianceUpdate(current, m map[string]int) map[string]int {
	if len(m) == 0 {
		return nil
	}
	out := make(map[string]int, len(current)+len(m))
	for d, v := range current {
		out[d] = v
	}
	for d, v := range m {
		out[d] = v
	}
	return out
}

// Describe says in Dutch what the closure records; org names an
// organisation by id ("" falls back to its number).
func (c *Closure) Describe(org func(int64) string) []string {
	if c == nil {
		return nil
	}
	yes := func(b *bool) string {
		if b != nil && *b {
			return "ja"
		}
		return "nee"
	}
	var parts []string
	if c.ReasonText != "" {
		parts = append(parts, "Toelichting: "+c.ReasonText)
	}
	if ec := c.EndConversation; ec != nil {
		if ec.Held != nil && *ec.Held {
			d := (&StepDetails{Participants: ec.Participants, OrganisationIDs: ec.OrganisationIDs}).Describe(org)
			on := ec.Date
			if t, err := ParseDate(ec.Date); err == nil {
				on = FormatDate(t)
			}
			if d != "" {
				on += " (" + strings.ToLower(d[:1]) + d[1:] + ")"
			}
			parts = append(parts, "Eindgesprek gevoerd op "+on)
		} else {
			parts = append(parts, "Geen eindgesprek gevoerd")
		}
	}
	if fc := c.FinalCheck; fc != nil {
		parts = append(parts, "Hulp werkt: "+yes(fc.HelpWorks), "Gezin voert zelf de regie: "+yes(fc.FamilyDirectsOwnLife))
		if fc.WhyNot != "" {
			parts = append(parts, "Waarom niet: "+fc.WhyNot)
		}
	}
	if s := describeSelfReliance(c.SelfReliance); s != "" {
		parts = append(parts, s)
	}
	return parts
}
