package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"regiepool/internal/assessment"
	"regiepool/internal/domain"
)

// A rater's questionnaire in steps: one competency per step, then one step
// per other section, and for the family one question per step; the last
// step lists what is still unanswered and sends. Every step is a plain form
// that saves its answers as a draft ("Opslaan en verder", "Vorige"), so it
// works without JavaScript and the rater can leave and come back.

// formStep is one step: a title, an optional intro and its items.
type formStep struct {
	Title, Intro string
	Keys         []string
}

// formSteps splits the items a rater answers into steps.
func formSteps(in *assessment.Instrument, family bool) []formStep {
	if family {
		var out []formStep
		for _, it := range in.FamilyItems() {
			out = append(out, formStep{Title: "Vragen over de regisseur", Keys: []string{it.Key}})
		}
		return out
	}
	var out []formStep
	for _, sec := range in.Sections {
		if sec.Kind == assessment.KindCompetency {
			for i, it := range sec.Items {
				st := formStep{Title: sec.Title + ": " + it.Name, Keys: []string{it.Key}}
				if i == 0 {
					st.Intro = sec.Intro
				}
				out = append(out, st)
			}
			continue
		}
		st := formStep{Title: sec.Title, Intro: sec.Intro}
		for _, it := range sec.Items {
			st.Keys = append(st.Keys, it.Key)
		}
		out = append(out, st)
	}
	return out
}

// stepOf is the number (from 1) of the step that asks key, or 0.
func stepOf(steps []formStep, key string) int {
	for i, st := range steps {
		for _, k := range st.Keys {
			if k == key {
				return i + 1
			}
		}
	}
	return 0
}

// firstOpenStep is where a rater coming back goes on: the first step with
// an unanswered item, or the summary (len(steps)+1) when all are answered.
func firstOpenStep(steps []formStep, draft map[string]domain.Answer) int {
	for i, st := range steps {
		for _, k := range st.Keys {
			if _, ok := draft[k]; !ok {
				return i + 1
			}
		}
	}
	return len(steps) + 1
}

// parseStep reads a step number from s: 1..len(steps)+1 (the summary), or
// 0 when s is no such number.
func parseStep(s string, steps []formStep) int {
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > len(steps)+1 {
		return 0
	}
	return n
}

// stepForm is the part of form f that step st asks, as one section.
func stepForm(f assessForm, st formStep) assessForm {
	want := map[string]bool{}
	for _, k := range st.Keys {
		want[k] = true
	}
	s := assessSection{Key: "stap", Title: st.Title, Intro: st.Intro}
	for _, sec := range f.Sections {
		for _, it := range sec.Items {
			if want[it.Key] {
				s.Items = append(s.Items, it)
			}
		}
	}
	return assessForm{Sections: []assessSection{s}, Errors: f.Errors}
}

// stepProgress is what a step page shows above the questions.
type stepProgress struct {
	Step, Steps       int // this step, and the number of question steps
	Answered, Total   int // items answered so far, of all
	Summary           bool
	Open              []formError // the unanswered items, linked to their step
	PrevStep          int         // 0 on the first step
	AnsweredPercent   int
	StepText, AnsText string
}

// newStepProgress describes step n of steps for a draft; base is the form's
// address, to link unanswered items to their step.
func newStepProgress(in *assessment.Instrument, family bool, steps []formStep, n int, draft map[string]domain.Answer, base string) *stepProgress {
	items := formItems(in, family)
	p := &stepProgress{Step: n, Steps: len(steps), Total: len(items), Summary: n > len(steps), PrevStep: n - 1}
	for _, it := range items {
		if _, ok := draft[it.Key]; ok {
			p.Answered++
			continue
		}
		name := it.Name
		if family {
			name = it.Family
		}
		s := strconv.Itoa(stepOf(steps, it.Key))
		p.Open = append(p.Open, formError{Href: base + "?stap=" + s + "#vraag-" + it.Key, Text: name + " (stap " + s + ")"})
	}
	if p.Total > 0 {
		p.AnsweredPercent = p.Answered * 100 / p.Total
	}
	p.AnsText = strconv.Itoa(p.Answered) + " van " + strconv.Itoa(p.Total) + " vragen beantwoord"
	if p.Summary {
		p.StepText = "Laatste stap: controleren en versturen"
	} else {
		p.StepText = "Stap " + strconv.Itoa(n) + " van " + strconv.Itoa(len(steps)+1)
	}
	return p
}

// stepPage is the questionnaire of a rater's form at step n (0: the whole
// form, after a post of the whole form failed; len(steps)+1: the summary),
// with the errors of fail and the progress over draft; base is the form's
// address.
func stepPage(in *assessment.Instrument, family bool, n int, raw map[string]rawAnswer, draft map[string]domain.Answer, fail *domain.Error, base string) (assessForm, *stepProgress) {
	steps := formSteps(in, family)
	f := newAssessForm(in, family, raw, raterCommentHint)
	var progress *stepProgress
	if n > 0 {
		progress = newStepProgress(in, family, steps, n, draft, base)
		if n <= len(steps) {
			f = stepForm(f, steps[n-1])
		} else {
			f = assessForm{}
		}
	}
	if fail != nil {
		if progress != nil && progress.Summary && len(fail.Fields) > 0 && len(progress.Open) > 0 {
			f.Errors = append(f.Errors, progress.Open...)
		} else {
			f.fail(fail)
		}
	}
	return f, progress
}

// readStep reads the step a rater's form posted: its number (0 for a post
// of the whole form, len(steps)+1 for the summary) and the items it asks.
func readStep(c *gin.Context, in *assessment.Instrument, family bool) (int, []formStep, []assessment.Item) {
	steps := formSteps(in, family)
	n := parseStep(c.PostForm("stap"), steps)
	items := formItems(in, family)
	if n >= 1 && n <= len(steps) {
		items = stepItems(items, steps[n-1])
	}
	return n, steps, items
}

// itemKeys are the keys of items.
func itemKeys(items []assessment.Item) []string {
	keys := make([]string, 0, len(items))
	for _, it := range items {
		keys = append(keys, it.Key)
	}
	return keys
}

// afterStep redirects after step n of steps was saved, by the button used.
func afterStep(c *gin.Context, self string, n int, action string) {
	switch action {
	case "vorige":
		c.Redirect(http.StatusSeeOther, self+"?stap="+strconv.Itoa(max(1, n-1)))
	case "opslaan":
		c.Redirect(http.StatusSeeOther, self+"?stap="+strconv.Itoa(n)+"&opgeslagen=1")
	default:
		c.Redirect(http.StatusSeeOther, self+"?stap="+strconv.Itoa(n+1))
	}
}
