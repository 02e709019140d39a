package app

import (
	"context"
	"strings"

	"regiepool/internal/domain"
)

// Themes lists page p of the managed intervisie themes, by name, and their
// number. Errors: internal.
func (a *App) Themes(ctx context.Context, p domain.Page) ([]domain.Theme, int, error) {
	return a.db.FindThemes(ctx, p)
}

// AllThemes lists every managed theme, by name: the choices of a form.
// Errors: internal.
func (a *App) AllThemes(ctx context.Context) ([]domain.Theme, error) {
	return collectAll(ctx, a.db.FindThemes)
}

// CreateTheme adds a theme to the managed list. Errors: forbidden, invalid,
// conflict (the name exists).
func (a *App) CreateTheme(ctx context.Context, name string) (domain.Theme, error) {
	return a.db.CreateTheme(ctx, name)
}

// EnsureTheme returns the theme called name (compared without case and
// surrounding spaces), adding it to the list when there is none yet; one
// added meanwhile by someone else is found too. Errors: as CreateTheme.
func (a *App) EnsureTheme(ctx context.Context, name string) (domain.Theme, error) {
	find := func() (domain.Theme, bool, error) {
		themes, err := a.AllThemes(ctx)
		for _, t := range themes {
			if strings.EqualFold(strings.TrimSpace(t.Name), name) {
				return t, true, nil
			}
		}
		return domain.Theme{}, false, err
	}
	if t, ok, err := find(); ok || err != nil {
		return t, err
	}
	t, err := a.db.CreateTheme(ctx, name)
	if domain.ErrorCode(err) == domain.EConflict {
		if again, ok, _ := find(); ok {
			return again, nil
		}
	}
	return t, err
}

// LogIntervisie stores a session and returns it as the actor sees it (theme
// names, notes when visible), read in the same transaction. Errors:
// forbidden, invalid.
func (a *App) LogIntervisie(ctx context.Context, s domain.Intervisie) (domain.Intervisie, error) {
	err := a.db.CreateIntervisie(ctx, &s)
	return s, err
}

// Intervisies lists page p of the sessions in scope, newest first, without
// their notes. Errors: internal.
func (a *App) Intervisies(ctx context.Context, p domain.Page) ([]domain.Intervisie, int, error) {
	return a.db.FindIntervisies(ctx, p)
}

// Intervisie returns one session in scope, with its notes for those who may
// read them (the read is audited). Errors: not_found.
func (a *App) Intervisie(ctx context.Context, id int64) (domain.Intervisie, error) {
	return a.db.FindIntervisie(ctx, id)
}

// IntervisieDetail is a session with what its page needs to name things.
type IntervisieDetail struct {
	Session      domain.Intervisie
	Competencies Competencies
	// Names are the names of the regisseurs the actor may see; participants
	// not in it are counted, not named.
	Names map[int64]string
}

// IntervisieDetail returns the session with the competency profile and the
// names of the regisseurs the actor may see. Errors: not_found.
func (a *App) IntervisieDetail(ctx context.Context, id int64) (IntervisieDetail, error) {
	s, err := a.db.FindIntervisie(ctx, id)
	if err != nil {
		return IntervisieDetail{}, err
	}
	out := IntervisieDetail{Session: s, Names: map[int64]string{}}
	if out.Competencies, err = a.CompetencyProfile(ctx); err != nil {
		return out, err
	}
	regs, err := a.RegisseursInScope(ctx)
	for _, r := range regs {
		out.Names[r.ID] = r.Name
	}
	return out, err
}

// IntervisieChoices is what the form that logs a session offers.
type IntervisieChoices struct {
	Themes       []domain.Theme
	Competencies Competencies
	Regisseurs   []domain.Regisseur // in scope, by name
}

// IntervisieChoices returns the themes, the competency profile and the
// regisseurs in scope, to choose from when logging a session. Errors:
// internal.
func (a *App) IntervisieChoices(ctx context.Context) (IntervisieChoices, error) {
	var out IntervisieChoices
	var err error
	if out.Themes, err = a.AllThemes(ctx); err != nil {
		return out, err
	}
	if out.Competencies, err = a.CompetencyProfile(ctx); err != nil {
		return out, err
	}
	out.Regisseurs, err = a.RegisseursInScope(ctx)
	return out, err
}

// Attendance returns a regisseur's intervisie attendance: the regisseur must
// be in scope, by the same rule as their development data. Errors:
// not_found.
func (a *App) Attendance(ctx context.Context, regisseurID int64) (domain.Attendance, error) {
	if _, err := a.db.FindRegisseurByID(ctx, regisseurID); err != nil {
		return domain.Attendance{}, err
	}
	as, err := a.db.FindAttendance(ctx, []int64{regisseurID})
	if err != nil {
		return domain.Attendance{}, err
	}
	if len(as) == 0 || as[0].RegisseurID != regisseurID {
		return domain.Attendance{}, domain.Errorf(domain.ENotFound, "not_found", "De regisseur bestaat niet.")
	}
	return as[0], nil
}
