package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	"regiepool/internal/auth"
	"regiepool/internal/domain"
)

// The 360 invitations and reminders by e-mail. An account's invitation says
// that a request waits and links to the feedback page; an external rater's
// carries their single-use link. The reminders (domain.ReminderDays) are
// written with the invitation, due on their day, and cancelled when the
// rater answered or the round closed first. Mails name only the regisseur
// and the deadline, which the rater's form shows too.

// prepareRaters checks the raters' e-mail addresses and composes, for each
// rater to be mailed, the invitation and reminders (making the external
// rater's token here, so the link can go in the mail). Accounts are always
// mailed at their own address; an external rater only when an address is
// given. Errors: invalid (raters[i].email).
func (a *App) prepareRaters(regisseurName string, deadline time.Time, raters []domain.NewRater) ([]domain.NewRater, error) {
	var fes []domain.FieldError
	out := make([]domain.NewRater, len(raters))
	for i, nr := range raters {
		if nr.Email != "" {
			field := fmt.Sprintf("raters[%d].email", i)
			if nr.UserID != nil {
				fes = append(fes, domain.FieldError{Name: field, Code: "external_only",
					Reason: "Een e-mailadres geeft u alleen op voor een externe beoordelaar: een account krijgt het verzoek op het eigen adres."})
				continue
			}
			email, fe := domain.ParseEmail(field, nr.Email)
			if fe != nil {
				fes = append(fes, *fe)
				continue
			}
			nr.Email = email
		}
		switch {
		case nr.UserID != nil:
			nr.Mails = raterMails(regisseurName, deadline, nr.Group, a.AbsoluteURL(domain.FeedbackRequestsPath), false)
			for j := range nr.Mails {
				nr.Mails[j].ToUserID = nr.UserID
			}
		case nr.Email != "":
			token, _ := auth.NewToken(auth.PrefixRater)
			nr.Token = token
			nr.Mails = raterMails(regisseurName, deadline, nr.Group, a.AbsoluteURL(domain.RaterFormPath+token), true)
			for j := range nr.Mails {
				nr.Mails[j].To = nr.Email
			}
		}
		out[i] = nr
	}
	if len(fes) > 0 {
		return nil, domain.Invalid(fes...)
	}
	return out, nil
}

// raterMails composes the invitation and the reminders still ahead for one
// rater; link is their form (external) or their feedback page (account).
func raterMails(regisseurName string, deadline time.Time, g domain.RaterGroup, link string, external bool) []domain.Mail {
	intro, how := raterMailWords(regisseurName, g, external)
	invite := domain.ComposeMail(domain.MailRaterInvitation, "Uw feedback gevraagd over "+regisseurName,
		[]string{"Goedendag,", intro, how, fmt.Sprintf("U kunt tot en met %s antwoorden.", domain.FormatDate(deadline))},
		"Naar de vragenlijst", link)
	out := []domain.Mail{invite}
	for _, days := range domain.RemindersAhead(0, deadline, time.Now()) {
		r := raterReminder(regisseurName, g, link, external, days)
		r.NotBefore = domain.ReminderAt(deadline, days)
		out = append(out, r)
	}
	return out
}

// raterReminder composes the reminder days before the deadline for one
// rater who has not answered; link as for raterMails.
func raterReminder(regisseurName string, g domain.RaterGroup, link string, external bool, days int) domain.Mail {
	intro, how := raterMailWords(regisseurName, g, external)
	return domain.ComposeMail(domain.MailRaterReminder, "Herinnering: uw feedback over "+regisseurName,
		[]string{"Goedendag,", intro + " Wij hebben uw antwoorden nog niet ontvangen.",
			fmt.Sprintf("De ronde sluit over %d dagen. Heeft u al geantwoord? Dan kunt u dit bericht negeren.", days), how},
		"Naar de vragenlijst", link)
}

// raterMailWords are what a rater's mails ask and how to answer.
func raterMailWords(regisseurName string, g domain.RaterGroup, external bool) (intro, how string) {
	if g == domain.GroupFamily {
		intro = fmt.Sprintf("U wordt gevraagd een korte vragenlijst in te vullen over %s, de regisseur die met uw gezin werkt.", regisseurName)
	} else {
		intro = fmt.Sprintf("U wordt gevraagd feedback te geven over %s, als %s.", regisseurName, g.Names().Role)
	}
	if external {
		how = "De link is persoonlijk en werkt één keer, zonder inloggen. Stuur hem niet door. Uw antwoorden worden niet met uw naam bewaard: de regisseur ziet alleen de antwoorden van de hele groep samen."
	} else {
		how = "Log in bij Regiepool en open 'Feedback geven'."
	}
	return intro, how
}

// MailRaterLinks mails external raters' links that were shown once, each to
// the address the coach typed beside it, with the invitation and the
// reminders still ahead. links are the absolute URLs as shown. It returns
// how many were mailed. Errors: not_found (round out of scope), conflict
// (not open), invalid (an address, or a link that is not this round's).
func (a *App) MailRaterLinks(ctx context.Context, roundID int64, links []domain.RaterLinkMail) (int, error) {
	f, err := a.db.FindFeedbackRound(ctx, roundID)
	if err != nil {
		return 0, err
	}
	groups := map[int64]domain.RaterGroup{}
	for _, r := range f.Raters {
		if r.External {
			groups[r.ID] = r.Group
		}
	}
	prefix := a.AbsoluteURL(domain.RaterFormPath)
	var fes []domain.FieldError
	var out []domain.RaterLinkMail
	for i, l := range links {
		if strings.TrimSpace(l.Email) == "" {
			continue
		}
		field := fmt.Sprintf("links[%d].email", i)
		email, fe := domain.ParseEmail(field, l.Email)
		if fe != nil {
			fes = append(fes, *fe)
			continue
		}
		g, ok := groups[l.RaterID]
		token, isLink := strings.CutPrefix(l.Token, prefix)
		if !ok || !isLink || !auth.LooksLikeToken(auth.PrefixRater, token) {
			fes = append(fes, domain.FieldError{Name: fmt.Sprintf("links[%d].url", i), Code: "link", Reason: "Deze link hoort niet bij deze feedbackronde."})
			continue
		}
		l.Token, l.Email = token, email
		l.Mails = raterMails(f.RegisseurName, f.Deadline, g, a.AbsoluteURL(domain.RaterFormPath+token), true)
		for j := range l.Mails {
			l.Mails[j].To = email
		}
		out = append(out, l)
	}
	if len(fes) > 0 {
		return 0, domain.Invalid(fes...)
	}
	if len(out) == 0 {
		return 0, domain.Invalid(domain.FieldError{Name: "links", Code: "required", Reason: "Vul bij ten minste één link een e-mailadres in."})
	}
	if err := a.db.MailRaterLinks(ctx, roundID, out); err != nil {
		return 0, err
	}
	return len(out), nil
}
