package web

import (
	"github.com/gin-gonic/gin"

	"regiepool/internal/domain"
)

// Irreversible actions ask for a ticked statement, as the case close does
// (issue 16, item 4): the pages have no script to ask "are you sure", so
// the form carries one checkbox the server requires, and an unticked post
// changes nothing and shows the form again with the error on the checkbox.

// confirmName is the checkbox of every confirmation.
const confirmName = "bevestigen"

// confirmField is the checkbox "Ik weet dat … definitief is".
func confirmField(label string) formField {
	return formField{Name: confirmName, Label: label, Kind: "check", Required: true}
}

// confirmForm is a form that posts to action after the statement is ticked.
func confirmForm(action, label string) form {
	return form{Action: action, Fields: []formField{confirmField(label)}}
}

// unconfirmed is the error of an unticked statement, nil when it is ticked;
// reason says in Dutch what to tick and why.
func unconfirmed(c *gin.Context, reason string) []domain.FieldError {
	if c.PostForm(confirmName) == "ja" {
		return nil
	}
	return []domain.FieldError{{Name: confirmName, Code: "required", Reason: reason}}
}
