package app

import (
	"context"
	"fmt"
	"strings"

	"regiepool/internal/auth"
	"regiepool/internal/domain"
)

// MailVoiceLinks mails questionnaire links that were shown once, each to the
// address typed beside it (links[i].Token is the absolute URL as shown). The
// mail names no one and nothing of the case: it asks for the questionnaire
// behind the link. It returns how many were mailed. Errors: not_found,
// forbidden, conflict, invalid (links[i].email, links[i].url, links).
func (a *App) MailVoiceLinks(ctx context.Context, caseID int64, links []domain.VoiceLinkMail) (int, error) {
	prefix := a.AbsoluteURL(domain.VoiceFormPath)
	var fes []domain.FieldError
	var out []domain.VoiceLinkMail
	for i, l := range links {
		if strings.TrimSpace(l.Email) == "" {
			continue
		}
		email, fe := domain.ParseEmail(fmt.Sprintf("links[%d].email", i), l.Email)
		if fe != nil {
			fes = append(fes, *fe)
			continue
		}
		token, ok := strings.CutPrefix(l.Token, prefix)
		if !ok || !auth.LooksLikeToken(auth.PrefixVoice, token) {
			fes = append(fes, domain.FieldError{Name: fmt.Sprintf("links[%d].url", i), Code: "link", Reason: "Deze link hoort niet bij deze casus."})
			continue
		}
		_, inv, err := a.db.VoiceInvite(ctx, token)
		if err != nil {
			fes = append(fes, domain.FieldError{Name: fmt.Sprintf("links[%d].url", i), Code: "link", Reason: "Deze link werkt niet meer."})
			continue
		}
		out = append(out, domain.VoiceLinkMail{Token: token, Email: email, Mail: voiceMail(inv, l.Token)})
	}
	if len(fes) > 0 {
		return 0, domain.Invalid(fes...)
	}
	if len(out) == 0 {
		return 0, domain.Invalid(domain.FieldError{Name: "links", Code: "required", Reason: "Vul bij ten minste één link een e-mailadres in."})
	}
	if err := a.db.MailVoiceLinks(ctx, caseID, out); err != nil {
		return 0, err
	}
	return len(out), nil
}

// voiceMail asks for the questionnaire behind link, in the words of its
// respondent.
func voiceMail(inv domain.VoiceInvite, link string) domain.Mail {
	about := "over de hulp die u en uw gezin krijgen van uw regisseur"
	if !inv.Kind.Family() {
		about = "over de samenwerking met de regisseur van een gezin waarbij uw organisatie betrokken is"
	}
	return domain.ComposeMail(domain.MailQuestionnaire, "Een korte vragenlijst: hoe gaat het?", []string{
		"Goedendag,",
		"Wij vragen u een korte vragenlijst in te vullen " + about + ". Het kost een paar minuten.",
		"De link is persoonlijk en werkt één keer, zonder inloggen. Uw antwoorden worden niet met uw naam bewaard.",
		fmt.Sprintf("U kunt tot en met %s antwoorden.", domain.FormatDate(inv.ExpiresAt)),
	}, "Naar de vragenlijst", link)
}
