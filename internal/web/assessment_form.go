package web

import (
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"regiepool/internal/assessment"
	"regiepool/internal/domain"
)

// The questionnaire form, shared by the self-assessment, internal raters and
// external raters. Every item is a fieldset of radio buttons named
// "answers.<key>" (a scale point or "na") with, for competencies, a comment
// "answers.<key>.comment": the same names as the store's field errors.

// naValue is the radio value of "kan ik niet beoordelen".
const naValue = "na"

// rawAnswer is one item as it was posted or stored, kept as text so a form
// shown again has exactly what the user chose and typed.
type rawAnswer struct {
	Value   string // a scale point, naValue, or "" when not answered
	Comment string
}

// rawFromAnswers turns stored answers into form values.
func rawFromAnswers(as map[string]domain.Answer) map[string]rawAnswer {
	out := make(map[string]rawAnswer, len(as))
	for k, a := range as {
		v := naValue
		if a.Score != nil {
			v = strconv.Itoa(*a.Score)
		}
		out[k] = rawAnswer{Value: v, Comment: a.Comment}
	}
	return out
}

// assessForm is the questionnaire as the templates draw it ("assess-items" in
// templates/partials/assess.html), with the errors of the last attempt. It
// has the Failed and Errors of form, so "admin-error-summary" draws its
// summary.
type assessForm struct {
	Sections []assessSection
	Errors   []formError
}

// Failed reports whether the form is shown with errors.
func (f assessForm) Failed() bool { return len(f.Errors) > 0 }

type assessSection struct {
	Key, Title, Intro string
	Items             []assessItem
}

// assessItem is one question: a fieldset with its radio buttons.
type assessItem struct {
	Key            string
	Legend         string // the item's name, or the family question
	Description    string
	Indicators     []string
	IndicatorsText string // what the list of indicators is
	Options        []assessOption
	WithComment    bool
	CommentLabel   string
	CommentHint    string
	Comment        string
	Error          string
	CommentError   string
	// FirstOption is the id of the first radio button: where the error
	// summary links to.
	FirstOption string
}

type assessOption struct {
	ID, Value, Label string
	Checked          bool
}

// Name is the form name of the item's radio buttons.
func (it assessItem) Name() string { return "answers." + it.Key }

// CommentName is the form name of the comment.
func (it assessItem) CommentName() string { return "answers." + it.Key + ".comment" }

// FieldsetID is the id of the item's fieldset; ids of its parts derive from
// it.
func (it assessItem) FieldsetID() string { return "vraag-" + it.Key }

// CommentID is the id of the comment box.
func (it assessItem) CommentID() string { return "toelichting-" + it.Key }

// DescribedBy lists the ids of the description and the error message.
func (it assessItem) DescribedBy() string {
	var ids []string
	if it.Description != "" {
		ids = append(ids, it.FieldsetID()+"-uitleg")
	}
	if it.Error != "" {
		ids = append(ids, it.FieldsetID()+"-fout")
	}
	return strings.Join(ids, " ")
}

// CommentDescribedBy lists the ids of the comment's hint and error.
func (it assessItem) CommentDescribedBy() string {
	ids := []string{it.CommentID() + "-uitleg"}
	if it.CommentError != "" {
		ids = append(ids, it.CommentID()+"-fout")
	}
	return strings.Join(ids, " ")
}

// formItems are the items a form asks: the family form has the family items
// only, every other form (the self-assessment too) all items.
func formItems(in *assessment.Instrument, family bool) []assessment.Item {
	if family {
		return in.FamilyItems()
	}
	return in.Items()
}

// newAssessForm builds the questionnaire of instrument in, for the family
// (plain-language questions and anchors) or for everyone else, filled with
// raw.
func newAssessForm(in *assessment.Instrument, family bool, raw map[string]rawAnswer, commentHint string) assessForm {
	var f assessForm
	anchors := in.Scale.Anchors
	if family && len(in.Scale.FamilyAnchors) > 0 {
		anchors = in.Scale.FamilyAnchors
	}
	na := in.Scale.NotApplicable
	if na == "" {
		na = "Kan ik niet beoordelen"
	}
	item := func(it assessment.Item, kind string) assessItem {
		r := raw[it.Key]
		x := assessItem{Key: it.Key, Legend: it.Name, Comment: r.Comment, CommentHint: commentHint, WithComment: kind == assessment.KindCompetency}
		if family {
			x.Legend = it.Family
			x.CommentLabel = "Toelichting (niet verplicht)"
		} else {
			x.Description = it.Description
			x.CommentLabel = "Toelichting bij " + it.Name + " (niet verplicht)"
			switch {
			case len(it.Indicators) > 0:
				x.Indicators, x.IndicatorsText = it.Indicators, "Waaraan u het herkent:"
			case len(it.KeyActivities) > 0:
				x.Indicators, x.IndicatorsText = it.KeyActivities, "Kernactiviteiten:"
			}
		}
		for _, pt := range in.Scale.Points() {
			v := strconv.Itoa(pt)
			label := anchors[pt]
			if !family {
				label = v + " – " + label
			}
			x.Options = append(x.Options, assessOption{ID: "antwoord-" + it.Key + "-" + v, Value: v, Label: label, Checked: r.Value == v})
		}
		x.Options = append(x.Options, assessOption{ID: "antwoord-" + it.Key + "-" + naValue, Value: naValue, Label: na, Checked: r.Value == naValue})
		x.FirstOption = x.Options[0].ID
		return x
	}
	if family {
		s := assessSection{Key: "vragen", Title: "Vragen over de regisseur",
			Intro: "Kies bij elke vraag het antwoord dat het beste past bij wat u zelf heeft meegemaakt. Weet u het niet? Kies dan '" + na + "'."}
		for _, it := range in.FamilyItems() {
			s.Items = append(s.Items, item(it, assessment.KindCompetency))
		}
		f.Sections = append(f.Sections, s)
		return f
	}
	for _, sec := range in.Sections {
		s := assessSection{Key: sec.Key, Title: sec.Title, Intro: sec.Intro}
		for _, it := range sec.Items {
			s.Items = append(s.Items, item(it, sec.Kind))
		}
		f.Sections = append(f.Sections, s)
	}
	return f
}

// readAnswers reads the posted answers to items. Only answered items are
// returned (a radio button left empty is not answered). Input the store
// cannot take is reported as field errors: a value that is no answer, or a
// comment without an answer, which would otherwise be lost.
func readAnswers(c *gin.Context, items []assessment.Item) (map[string]rawAnswer, map[string]domain.Answer, []domain.FieldError) {
	raw := map[string]rawAnswer{}
	answers := map[string]domain.Answer{}
	var fes []domain.FieldError
	for _, it := range items {
		name := "answers." + it.Key
		r := rawAnswer{Value: strings.TrimSpace(c.PostForm(name))}
		if it.Kind == assessment.KindCompetency {
			r.Comment = c.PostForm(name + ".comment")
		}
		raw[it.Key] = r
		comment := strings.TrimSpace(r.Comment)
		switch r.Value {
		case "":
			if comment != "" {
				fes = append(fes, domain.FieldError{Name: name, Code: "required_with", Reason: "Kies ook een antwoord; anders kan uw toelichting niet worden bewaard."})
			}
		case naValue:
			answers[it.Key] = domain.Answer{Comment: comment}
		default:
			n, err := strconv.Atoi(r.Value)
			if err != nil {
				fes = append(fes, domain.FieldError{Name: name, Code: "oneof", Reason: "Kies een van de antwoorden."})
				continue
			}
			answers[it.Key] = domain.Answer{Score: &n, Comment: comment}
		}
	}
	return raw, answers, fes
}

// checkAnswers adds the instrument's own checks (the store makes the same)
// to the errors found while reading, so the form lists every problem at
// once; an item gets one error at most.
func checkAnswers(in *assessment.Instrument, answers map[string]domain.Answer, family, complete bool, fes []domain.FieldError) []domain.FieldError {
	have := map[string]bool{}
	for _, fe := range fes {
		have[fe.Name] = true
	}
	if e, ok := domain.AsError(in.CheckAnswers(answers, family, complete)); ok {
		for _, fe := range e.Fields {
			if !have[fe.Name] {
				have[fe.Name] = true
				fes = append(fes, fe)
			}
		}
	}
	return fes
}

// addErrors puts field errors on their questions and in the summary, in
// the order of the form; errors of no question come last.
func (f *assessForm) addErrors(fes ...domain.FieldError) {
	used := make([]bool, len(fes))
	for si := range f.Sections {
		for ii := range f.Sections[si].Items {
			it := &f.Sections[si].Items[ii]
			for j, fe := range fes {
				reason := fe.Reason
				switch fe.Name {
				case it.Name():
					if fe.Code == "required" {
						reason = "Kies een antwoord, of '" + it.Options[len(it.Options)-1].Label + "'."
					}
					it.Error = reason
					f.Errors = append(f.Errors, formError{Href: "#" + it.FirstOption, Text: summaryText(it.Legend, reason)})
				case it.CommentName():
					it.CommentError = reason
					f.Errors = append(f.Errors, formError{Href: "#" + it.CommentID(), Text: summaryText("Toelichting bij "+it.Legend, reason)})
				default:
					continue
				}
				used[j] = true
			}
		}
	}
	for j, fe := range fes {
		if !used[j] {
			f.Errors = append(f.Errors, formError{Text: fe.Reason})
		}
	}
}

// fail shows a domain error on the form.
func (f *assessForm) fail(e *domain.Error) {
	if len(e.Fields) == 0 {
		f.Errors = append(f.Errors, formError{Text: e.Message})
		return
	}
	f.addErrors(e.Fields...)
}

// summaryText is one line of the error summary: the question, then what is
// wrong.
func summaryText(question, reason string) string {
	if strings.HasSuffix(question, "?") {
		return question + " " + reason
	}
	return question + ": " + reason
}

// assessFormPage is a page with the questionnaire: the self-assessment, an
// internal rater's form and an external rater's form.
type assessFormPage struct {
	BasePage
	Heading     string
	Lead        []string // paragraphs under the heading
	Notice      string   // the green "done" alert
	Info        []string // information alerts, such as an earlier submission
	Privacy     string   // who will see the answers, and how
	Action      string
	HiddenID    string // the self-assessment's id, posted back
	AllowDraft  bool   // a "Concept opslaan" button
	SubmitLabel string
	Mobile      bool // the external form: large touch targets
	Form        assessForm
	// Progress is set when the form is shown in steps (the raters' forms):
	// the page then has the step's questions, a hidden "stap" and the step
	// buttons instead of SubmitLabel.
	Progress *stepProgress
}

// anonymityNotice tells a rater of group who will see their answers.
func anonymityNotice(group domain.RaterGroup, minRaters int) string {
	if group.Known() {
		return "Let op: als begeleider/leidinggevende is uw beoordeling herkenbaar voor de regisseur; de antwoorden van uw groep worden ook getoond als u de enige bent."
	}
	return "Uw antwoorden worden alleen samen met die van ten minste " + strconv.Itoa(minRaters-1) +
		" anderen uit uw groep getoond, zonder naam."
}
