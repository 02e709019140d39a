package app

import (
	"context"
	"fmt"
	"time"

	"regiepool/internal/assessment"
	"regiepool/internal/domain"
)

// raterLinks gives each new external rater's link its absolute URL: the one
// place rater links are built, for the API and the pages alike.
func (a *App) raterLinks(links []domain.RaterLink) []domain.RaterLink {
	for i := range links {
		links[i].URL = a.AbsoluteURL(domain.RaterFormPath + links[i].Token)
	}
	return links
}

// OpenFeedbackRound opens a 360 round about a regisseur with its first
// raters, for an admin or one of the regisseur's coaches
// (domain.CanManageDevelopment). It returns the round and the links of the
// external raters, with their absolute URLs; they are shown once. Errors:
// not_found (out of scope), invalid (deadline, raters), conflict (no
// instrument loaded).
//
// Accounts are told by e-mail that a request waits; an external rater with
// an e-mail address gets their link by e-mail (and is left out of the links
// shown), with reminders before the deadline (rater_mail.go).
func (a *App) OpenFeedbackRound(ctx context.Context, regisseurID int64, deadline time.Time, raters []domain.NewRater) (domain.FeedbackRound, []domain.RaterLink, error) {
	reg, err := a.db.FindRegisseurByID(ctx, regisseurID)
	if err != nil && domain.ErrorCode(err) != domain.ENotFound {
		return domain.FeedbackRound{}, nil, err
	}
	if err == nil { // out of scope: the store refuses (and audits) below
		if raters, err = a.prepareRaters(reg.Name, deadline, raters); err != nil {
			return domain.FeedbackRound{}, nil, err
		}
	}
	f, links, err := a.db.OpenFeedbackRound(ctx, regisseurID, deadline, raters)
	if err != nil {
		return f, nil, err
	}
	return f, a.raterLinks(links), nil
}

// ProposeFeedbackRound lets a regisseur propose a round about themself
// (domain.CanSelfAssess); it opens when a coach approves it, and has no
// links until then. Errors: not_found, invalid, conflict (no instrument).
func (a *App) ProposeFeedbackRound(ctx context.Context, regisseurID int64, deadline time.Time, raters []domain.NewRater) (domain.FeedbackRound, error) {
	for i, r := range raters {
		if r.Email != "" { // the links are made (and may be mailed) when a coach approves
			return domain.FeedbackRound{}, domain.Invalid(domain.FieldError{Name: fmt.Sprintf("raters[%d].email", i), Code: "not_in_proposal",
				Reason: "In een voorstel geeft u geen e-mailadressen op: na goedkeuring kan uw begeleider de links mailen."})
		}
	}
	return a.db.ProposeFeedbackRound(ctx, regisseurID, deadline, raters)
}

// ApproveFeedbackRound opens a proposed round and returns it with the
// external raters' fresh links, shown once. Errors: not_found, conflict (no
// proposal, or its deadline passed).
//
// The account raters are told by e-mail that a request waits.
func (a *App) ApproveFeedbackRound(ctx context.Context, roundID int64) (domain.FeedbackRound, []domain.RaterLink, error) {
	var mails []domain.Mail
	if cur, err := a.db.FindFeedbackRound(ctx, roundID); err == nil && cur.Status == domain.RoundProposed {
		for _, r := range cur.Raters {
			if r.UserID == nil {
				continue
			}
			for _, m := range raterMails(cur.RegisseurName, cur.Deadline, r.Group, a.AbsoluteURL(domain.FeedbackRequestsPath), false) {
				m.ToUserID, m.RaterID = r.UserID, &r.ID
				mails = append(mails, m)
			}
		}
	}
	f, links, err := a.db.ApproveFeedbackRound(ctx, roundID, mails...)
	if err != nil {
		return f, nil, err
	}
	return f, a.raterLinks(links), nil
}

// AddRaters invites more raters to an open round and returns the round as
// it is now, with the new external raters' links. Errors: not_found,
// invalid, conflict (not open, or an account invited twice).
func (a *App) AddRaters(ctx context.Context, roundID int64, raters []domain.NewRater) (domain.FeedbackRound, []domain.RaterLink, error) {
	cur, err := a.db.FindFeedbackRound(ctx, roundID)
	if err != nil && domain.ErrorCode(err) != domain.ENotFound {
		return cur, nil, err
	}
	if err == nil { // out of scope: the store refuses (and audits) below
		if raters, err = a.prepareRaters(cur.RegisseurName, cur.Deadline, raters); err != nil {
			return cur, nil, err
		}
	}
	f, links, err := a.db.AddRaters(ctx, roundID, raters)
	if err != nil {
		return f, nil, err
	}
	return f, a.raterLinks(links), nil
}

// ExtendFeedbackRound moves the deadline of an open round to a later day
// (the links' expiry and the pending reminders with it) and returns the
// round. A reminder that is ahead again, such as the 7-day one of a round
// opened with fewer than 7 days left, is added for each rater who has not
// answered and was mailed (raterReminder). Errors: not_found, invalid (not
// later), conflict (not open).
func (a *App) ExtendFeedbackRound(ctx context.Context, roundID int64, deadline time.Time) (domain.FeedbackRound, error) {
	return a.db.ExtendFeedbackRound(ctx, roundID, deadline, func(r domain.RaterReminder) domain.Mail {
		if r.Token == "" {
			return raterReminder(r.RegisseurName, r.Group, a.AbsoluteURL(domain.FeedbackRequestsPath), false, r.Days)
		}
		return raterReminder(r.RegisseurName, r.Group, a.AbsoluteURL(domain.RaterFormPath+r.Token), true, r.Days)
	})
}

// CloseFeedbackRound closes an open round: its links stop working and the
// results are computed from what was sent. It returns the closed round.
// Errors: not_found, conflict (not open).
func (a *App) CloseFeedbackRound(ctx context.Context, roundID int64) (domain.FeedbackRound, error) {
	return a.db.CloseFeedbackRound(ctx, roundID)
}

// FeedbackRound returns a round with its raters, for an admin or a coach of
// its regisseur. Errors: not_found.
func (a *App) FeedbackRound(ctx context.Context, id int64) (domain.FeedbackRound, error) {
	return a.db.FindFeedbackRound(ctx, id)
}

// FeedbackRounds lists page p of a regisseur's rounds, newest first, and
// their number, for an admin or one of their coaches. Errors: not_found.
func (a *App) FeedbackRounds(ctx context.Context, regisseurID int64, p domain.Page) ([]domain.FeedbackRound, int, error) {
	return a.db.FindFeedbackRounds(ctx, regisseurID, p)
}

// allFeedbackRounds is every round of a regisseur, for the pages that
// compute over them. Errors: not_found.
func (a *App) allFeedbackRounds(ctx context.Context, regisseurID int64) ([]domain.FeedbackRound, error) {
	return collectAll(ctx, func(ctx context.Context, p domain.Page) ([]domain.FeedbackRound, int, error) {
		return a.db.FindFeedbackRounds(ctx, regisseurID, p)
	})
}

// RaterPickerPageSize is the number of accounts one search of the rater
// picker shows.
const RaterPickerPageSize = 20

// RaterSearch is one view of the rater picker: a name to search, the page
// of matches, the accounts already picked (kept across searches) and the
// accounts to leave out (already invited to the round).
type RaterSearch struct {
	Query  string
	Page   int
	Chosen []int64
	Skip   []int64
}

// RaterPicker is what the picker shows: the picked accounts that may still
// be invited, and one page of matches of the search (the picked ones left
// out) with their number.
type RaterPicker struct {
	Chosen  []domain.RaterCandidate
	Results []domain.RaterCandidate
	Total   int
	Page    domain.Page
}

// RaterPicker searches the accounts the actor may invite to rate a
// regisseur, each with the groups it may rate in
// (domain.RaterAccount.Groups): the regisseur's coaches and the managers of
// their organisation (the only ones the known groups admit), the users the
// actor can see and the regisseurs in their scope who have an account (for
// a coach: their other coachees, as colleagues). Disabled accounts, the
// regisseur themself and the accounts in s.Skip are left out; the store
// reads one page (RaterPickerPageSize), however many accounts there are.
// Errors: not_found (the regisseur is out of scope).
func (a *App) RaterPicker(ctx context.Context, regisseurID int64, s RaterSearch) (RaterPicker, error) {
	out := RaterPicker{Page: domain.Page{Page: max(1, s.Page), PageSize: RaterPickerPageSize}}
	reg, err := a.db.FindRegisseurByID(ctx, regisseurID)
	if err != nil {
		return out, err
	}
	candidate := func(u domain.User) (domain.RaterCandidate, bool) {
		groups := domain.RaterAccountOf(u, reg.ID).Groups(reg.OrganisationID)
		return domain.RaterCandidate{UserID: u.ID, Name: u.Name, Roles: u.Roles, Groups: groups}, len(groups) > 0
	}
	if len(s.Chosen) > 0 {
		chosen := s.Chosen[:min(len(s.Chosen), domain.MaxPageSize)]
		users, _, err := a.db.FindRaterAccounts(ctx, regisseurID, domain.RaterAccountFilter{IDs: chosen, Skip: s.Skip},
			domain.Page{Page: 1, PageSize: domain.MaxPageSize})
		if err != nil {
			return out, err
		}
		for _, u := range users {
			if c, ok := candidate(u); ok {
				out.Chosen = append(out.Chosen, c)
			}
		}
	}
	skip := append(append([]int64{}, s.Skip...), s.Chosen...)
	users, total, err := a.db.FindRaterAccounts(ctx, regisseurID, domain.RaterAccountFilter{Query: s.Query, Skip: skip}, out.Page)
	if err != nil {
		return out, err
	}
	out.Total = total
	for _, u := range users {
		if c, ok := candidate(u); ok {
			out.Results = append(out.Results, c)
		}
	}
	return out, nil
}

// DevelopmentOverview is a regisseur's development as their coach or an
// admin runs it: the results, the 360 rounds and whom a new round may ask.
type DevelopmentOverview struct {
	Regisseur domain.Regisseur
	Report    assessment.Report
	Rounds    []domain.FeedbackRound
}

// Development collects a regisseur's development overview for an admin or
// one of their coaches. The results read is audited. Errors: not_found (out
// of scope).
func (a *App) Development(ctx context.Context, regisseurID int64) (DevelopmentOverview, error) {
	var d DevelopmentOverview
	var err error
	if d.Regisseur, err = a.db.FindRegisseurByID(ctx, regisseurID); err != nil {
		return d, err
	}
	if d.Report, err = a.AssessmentReport(ctx, regisseurID); err != nil {
		return d, err
	}
	d.Rounds, err = a.allFeedbackRounds(ctx, regisseurID)
	return d, err
}
