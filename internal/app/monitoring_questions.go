package app

import (
	"context"

	"regiepool/internal/domain"
	"regiepool/internal/report"
)

// questionBuilder answers one of the pilot's monitoring questions for the
// cases and regisseurs filter f covers: its figures (each with the N behind
// it, suppressed below minCell), the answer generated from them, and a
// chart where the question has a distribution or trend. The question's
// text and method come from domain.MonitoringQuestions.
type questionBuilder func(a *App, ctx context.Context, f domain.MonitoringFilter, minCell int) (report.Question, error)

// questionBuilders answer the ten questions, in order: questionBuilders[i]
// answers domain.MonitoringQuestions[i].
var questionBuilders = [10]questionBuilder{
	(*App).question1, (*App).question2, (*App).question3, (*App).question4, (*App).question5,
	(*App).question6, (*App).question7, (*App).question8, (*App).question9, (*App).question10,
}

// newQuestion is question id with its text and method and no figures yet:
// where every builder starts.
func newQuestion(id int) report.Question {
	q := domain.MonitoringQuestions[id-1]
	return report.Question{ID: q.ID, Question: q.Question, Method: q.Method, Figures: []report.Figure{}}
}

// newFigure is a figure with value v (nil: not measured) rounded to dec
// decimals, with n behind it, suppressed below minCell.
func newFigure(key, label string, v *float64, dec, n int, unit string, minCell int) report.Figure {
	f := report.Figure{Key: key, Label: label, N: n, Unit: unit}
	if v != nil {
		r := roundDec(*v, dec)
		f.Value = &r
	}
	f.Suppress(minCell)
	return f
}
