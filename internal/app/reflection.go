package app

import (
	"context"

	"regiepool/internal/domain"
)

// Reflections returns page p of a regisseur's reflection log, newest first,
// and the number of entries: every entry for the regisseur, the shared ones
// for their coaches (domain.OwnsReflectionLog,
// domain.CanReadSharedReflections). The read is audited. Errors: not_found
// (also for everyone else).
func (a *App) Reflections(ctx context.Context, regisseurID int64, p domain.Page) ([]domain.Reflection, int, error) {
	return a.db.FindReflections(ctx, regisseurID, p)
}

// WriteReflection adds an entry to the actor's own log, private unless
// share is set, and returns it as stored. Errors: not_found (not the
// actor's log), invalid.
func (a *App) WriteReflection(ctx context.Context, r domain.Reflection, share bool) (domain.Reflection, error) {
	err := a.db.CreateReflection(ctx, &r, share)
	return r, err
}

// ShareReflection shares (or unshares) one of the actor's own entries with
// their coach. Errors: not_found.
func (a *App) ShareReflection(ctx context.Context, id int64, share bool) error {
	return a.db.ShareReflection(ctx, id, share)
}

// ReplyToReflection lets a coach of the regisseur answer a shared entry.
// Errors: not_found (also for private entries), invalid.
func (a *App) ReplyToReflection(ctx context.Context, id int64, body string) (domain.Reply, error) {
	return a.db.ReplyToReflection(ctx, id, body)
}

// ReflectionLog is a regisseur's log as a page shows it.
type ReflectionLog struct {
	Regisseur domain.Regisseur // only filled by SharedReflections
	// Entries are the newest entries (at most domain.MaxPageSize);
	// EntriesTotal counts them all.
	Entries      []domain.Reflection
	EntriesTotal int
	Competencies Competencies
}

// OwnReflections returns the log of the actor's own regisseur record with
// the competency profile. Errors: not_found.
func (a *App) OwnReflections(ctx context.Context, regisseurID int64) (ReflectionLog, error) {
	var out ReflectionLog
	var err error
	if out.Competencies, err = a.CompetencyProfile(ctx); err != nil {
		return out, err
	}
	out.Entries, out.EntriesTotal, err = a.db.FindReflections(ctx, regisseurID, FirstRows)
	return out, err
}

// SharedReflections returns what a regisseur shared with their coach, with
// the regisseur and the competency profile. Errors: not_found.
func (a *App) SharedReflections(ctx context.Context, regisseurID int64) (ReflectionLog, error) {
	var out ReflectionLog
	var err error
	if out.Regisseur, err = a.db.FindRegisseurByID(ctx, regisseurID); err != nil {
		return out, err
	}
	if out.Entries, out.EntriesTotal, err = a.db.FindReflections(ctx, regisseurID, FirstRows); err != nil {
		return out, err
	}
	out.Competencies, err = a.CompetencyProfile(ctx)
	return out, err
}
