package app

import (
	"context"
	"time"

	"regiepool/internal/auth"
	"regiepool/internal/domain"
)

// The family's and the parties' voice (issue 13, item 11): questionnaire
// links at an evaluation and at the close, and the answers in aggregate
// only. The threshold is the anonymity threshold of 360 results in force
// (MinRaters, never below domain.VoiceThreshold), per kind of respondent.

// CaseVoice is what a case's page and GET /cases/{id}/questionnaires show
// of the voice: per kind of respondent the links handed out and answered,
// and from the threshold on the means and texts.
type CaseVoice struct {
	CaseID    int64
	Threshold int
	Summaries []domain.VoiceSummary
}

// CaseVoice summarizes the questionnaires of a case in scope for the
// people of domain.CanReadCaseVoice; the read is audited. Errors:
// not_found, forbidden.
func (a *App) CaseVoice(ctx context.Context, caseID int64) (CaseVoice, error) {
	tallies, answers, err := a.db.FindCaseVoice(ctx, caseID)
	if err != nil {
		return CaseVoice{}, err
	}
	return CaseVoice{CaseID: caseID, Threshold: a.MinRaters(), Summaries: domain.SummarizeVoice(tallies, answers, a.MinRaters())}, nil
}

// IssueVoiceLinks hands out questionnaire links for one moment of a case in
// scope (domain.CheckVoiceIssue, domain.VoiceRequest.Validate) and returns
// them with their absolute URLs, once: only their hashes are stored. Links
// asked for in r.Mails go to their address through the outbox in the same
// transaction (the mail of MailVoiceLinks) and come back Mailed. A bad
// address stores nothing. Errors: not_found, forbidden, conflict, invalid
// (moment, momentDate, respondents, each mail's Field).
func (a *App) IssueVoiceLinks(ctx context.Context, caseID int64, r domain.VoiceRequest) ([]domain.VoiceLink, error) {
	if fes := r.CheckMails(); len(fes) > 0 {
		return nil, domain.Invalid(fes...)
	}
	until := time.Now().AddDate(0, 0, domain.VoiceLinkDays)
	for i := range r.Mails {
		m := &r.Mails[i]
		m.Token, _ = auth.NewToken(auth.PrefixVoice)
		m.Mail = voiceMail(domain.VoiceInvite{Kind: m.Kind, ExpiresAt: until}, a.AbsoluteURL(domain.VoiceFormPath+m.Token))
	}
	links, err := a.db.IssueVoiceLinks(ctx, caseID, r)
	for i := range links {
		links[i].URL = a.AbsoluteURL(domain.VoiceFormPath + links[i].Token)
	}
	return links, err
}

// VoiceInvite resolves a questionnaire link to what its form needs. It
// does not use the link up. Errors: not_found (unknown link), gone
// (answered: key voice_answered; expired: key link_expired).
func (a *App) VoiceInvite(ctx context.Context, token string) (domain.VoiceInvite, error) {
	_, inv, err := a.db.VoiceInvite(ctx, token)
	return inv, err
}

// AnswerVoice submits a questionnaire through its link, once: the store
// uses the link up in the same transaction, acting as the token-scoped
// actor, never as the caller. The answer keeps the case, the kind of
// respondent and the moment, nothing that names who answered or when.
// Errors: not_found, gone, invalid.
func (a *App) AnswerVoice(ctx context.Context, token string, ans domain.VoiceAnswer) error {
	actor, _, err := a.db.VoiceInvite(ctx, token)
	if err != nil {
		return err
	}
	return a.db.AnswerVoice(domain.WithActor(ctx, actor), ans)
}

// VoiceAcrossCases is the voice of the families and parties aggregated over
// a set of cases, for monitoring: every questionnaire whose moment (the
// evaluation's or the close's date, not the time of answering) lies in
// [f.From, f.To], optionally of one municipality (f.MunicipalityID) and one
// moment (f.Moment: domain.VoiceAtEvaluation or VoiceAtClose). It returns
// one summary per kind of respondent in the order of domain.RespondentKinds:
// the links handed out and answered always; the mean scores (parents and
// young people: heard, helped; parties: collaboration with the regisseur)
// and the texts (what went well, what could be better, in alphabetical
// order) only for a kind with at least MinRaters answers. Admins and
// monitors (domain.CanSeeVoiceAcrossCases); never one case on its own.
// Errors: forbidden, invalid (field to or moment), not_found (municipality).
func (a *App) VoiceAcrossCases(ctx context.Context, f domain.VoiceFilter) ([]domain.VoiceSummary, error) {
	tallies, answers, err := a.db.VoiceAcrossCases(ctx, f)
	if err != nil {
		return nil, err
	}
	return domain.SummarizeVoice(tallies, answers, a.MinRaters()), nil
}
