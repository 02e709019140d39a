package app

import (
	"context"

	"regiepool/internal/domain"
)

// FeedbackRequests lists page p of the signed-in user's open invitations to
// rate a regisseur, with their unsent drafts, and their number. Errors:
// internal only.
func (a *App) FeedbackRequests(ctx context.Context, p domain.Page) ([]domain.FeedbackRequest, int, error) {
	return a.db.FindFeedbackRequests(ctx, p)
}

// FeedbackRequest returns one open invitation of the signed-in user.
// Errors: not_found (also another rater's, or a round no longer open).
func (a *App) FeedbackRequest(ctx context.Context, raterID int64) (domain.FeedbackRequest, error) {
	return a.db.FindFeedbackRequest(ctx, raterID)
}

// AnswerFeedbackRequest saves an internal rater's answers as a draft or,
// with submit, sends them as an anonymous response. Errors: not_found,
// invalid.
func (a *App) AnswerFeedbackRequest(ctx context.Context, raterID int64, answers map[string]domain.Answer, submit bool) error {
	return a.db.AnswerFeedbackRequest(ctx, raterID, answers, submit)
}

// SaveFeedbackStep saves an internal rater's answers to the items keys (one
// step of their form) into their draft: each of keys gets its answer in
// answers, or none; the rest of the draft stays. Errors: not_found, invalid.
func (a *App) SaveFeedbackStep(ctx context.Context, raterID int64, keys []string, answers map[string]domain.Answer) error {
	req, err := a.db.FindFeedbackRequest(ctx, raterID)
	if err != nil {
		return err
	}
	draft := make(map[string]domain.Answer, len(req.Draft)+len(answers))
	for k, v := range req.Draft {
		draft[k] = v
	}
	for _, k := range keys {
		delete(draft, k)
		if v, ok := answers[k]; ok {
			draft[k] = v
		}
	}
	return a.db.AnswerFeedbackRequest(ctx, raterID, draft, false)
}

// ExternalRequest resolves a rater link's token to what the external
// rater's form needs, with the answers saved so far (Draft). It does not
// use the link up. Errors: not_found
// (unknown link), gone (used, expired, or the round is closed).
func (a *App) ExternalRequest(ctx context.Context, token string) (domain.FeedbackRequest, error) {
	_, req, err := a.db.ExternalFeedbackRequest(ctx, token)
	return req, err
}

// AnswerExternal submits an external rater's answers through their link,
// together with the draft saved before (answers win), once; the draft is
// deleted in the same transaction: the store uses the link up in the same transaction, acting as the
// token-scoped rater (domain.IsExternalRater), never as the caller. Errors:
// not_found (unknown link), gone (used, expired, closed), invalid.
func (a *App) AnswerExternal(ctx context.Context, token string, answers map[string]domain.Answer) error {
	rater, _, err := a.db.ExternalFeedbackRequest(ctx, token)
	if err != nil {
		return err
	}
	return a.db.AnswerExternal(domain.WithActor(ctx, rater), answers)
}

// SaveExternalDraft saves an external rater's answers to the items keys as
// a draft through their link, so they can leave and go on later from the
// same link; a key without an answer is cleared. The link is not used up.
// Errors: not_found (unknown link), gone (used, expired, closed), invalid.
func (a *App) SaveExternalDraft(ctx context.Context, token string, keys []string, answers map[string]domain.Answer) error {
	rater, _, err := a.db.ExternalFeedbackRequest(ctx, token)
	if err != nil {
		return err
	}
	return a.db.SaveExternalDraft(domain.WithActor(ctx, rater), keys, answers)
}
