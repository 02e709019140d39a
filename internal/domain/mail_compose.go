package domain

import (
	"html"
	"strings"
)

// ComposeMail builds a message of kind with a plain-Dutch text part and an
// HTML part saying the same: the paragraphs, then (when link is not empty)
// the link, written out in full in the text and as a button-like link with
// the address below it in the HTML. The recipient is left to the caller.
// Paragraphs are plain text; they are escaped for HTML here.
func ComposeMail(kind MailKind, subject string, paragraphs []string, linkLabel, link string) Mail {
	var t, h strings.Builder
	h.WriteString(`<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>`)
	h.WriteString(html.EscapeString(subject))
	h.WriteString(`</title></head><body style="font-family: Arial, sans-serif; font-size: 16px; line-height: 1.5; color: #1a1a1a;">`)
	for _, p := range paragraphs {
		t.WriteString(p)
		t.WriteString("\n\n")
		h.WriteString("<p>")
		h.WriteString(html.EscapeString(p))
		h.WriteString("</p>")
	}
	if link != "" {
		t.WriteString(linkLabel + ":\n" + link + "\n\n")
		esc := html.EscapeString(link)
		h.WriteString(`<p><a href="` + esc + `">` + html.EscapeString(linkLabel) + `</a></p>`)
		h.WriteString(`<p style="font-size: 14px; color: #555;">Werkt de link niet? Kopieer dan dit adres naar uw browser: ` + esc + `</p>`)
	}
	footer := "Dit bericht is automatisch verstuurd door Regiepool. U kunt er niet op antwoorden."
	t.WriteString("-- \n" + footer + "\n")
	h.WriteString(`<hr><p style="font-size: 14px; color: #555;">` + footer + `</p></body></html>`)
	return Mail{Kind: kind, Subject: subject, Text: t.String(), HTML: h.String()}
}
