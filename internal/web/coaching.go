package web

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"regiepool/internal/assessment"
	"regiepool/internal/domain"
)

// The coaching pages: the coach's dashboard, the intervisie log, the
// regisseur's reflection log (and the coach's view of what was shared) and
// the development plan. Every route is gated by a permission; the store
// checks role and scope again for every call (out of scope is not_found,
// shown as 404).

const (
	coachPath         = "/begeleiding"
	intervisiePath    = "/intervisie"
	intervisieNewPath = "/intervisie/nieuw"
	reflectionsPath   = "/reflecties"
	goalsPath         = "/ontwikkeldoelen/"
)

func intervisieSessionPath(id int64) string { return intervisiePath + "/" + strconv.FormatInt(id, 10) }

func regisseurPath(id int64) string { return "/regisseurs/" + strconv.FormatInt(id, 10) }

func planPath(regisseurID int64) string { return regisseurPath(regisseurID) + "/ontwikkelplan" }

func sharedReflectionsPath(regisseurID int64) string {
	return regisseurPath(regisseurID) + "/reflecties"
}

func reflectionPath(id int64) string { return reflectionsPath + "/" + strconv.FormatInt(id, 10) }

func goalPath(id int64) string { return goalsPath + strconv.FormatInt(id, 10) }

// --- Shared helpers ------------------------------------------------------------

// coachCompetencies are the competencies of the newest instrument with a
// lookup of their names.
type coachCompetencies struct {
	items []assessment.Item
	names map[string]string
}

func (p *Pages) loadCompetencies(ctx context.Context) (coachCompetencies, error) {
	items, err := p.poolCompetencies(ctx)
	out := coachCompetencies{items: items, names: map[string]string{}}
	for _, it := range items {
		out.names[it.Key] = it.Name
	}
	return out, err
}

// name is the competency's name; a key of an older instrument version is
// shown as it is.
func (cs coachCompetencies) name(key string) string {
	if n, ok := cs.names[key]; ok {
		return n
	}
	return key
}

// item returns the competency with key, if the newest instrument has it.
func (cs coachCompetencies) item(key string) (assessment.Item, bool) {
	for _, it := range cs.items {
		if it.Key == key {
			return it, true
		}
	}
	return assessment.Item{}, false
}

// selectField is a select of the competencies with a first, empty choice.
func (cs coachCompetencies) selectField(name, label, value string) formField {
	f := formField{Name: name, Label: label, Kind: "select"}
	f.Options = append(f.Options, formOption{Value: "", Label: "Kies een competentie", Checked: value == ""})
	for _, it := range cs.items {
		f.Options = append(f.Options, formOption{Value: it.Key, Label: it.Name, Checked: value == it.Key})
	}
	return f
}

// membershipsByRegisseur maps every regisseur in the actor's pool scope to
// their membership: the one that still counts (not withdrawn or rejected),
// the newest when there are several.
func (p *Pages) membershipsByRegisseur(ctx context.Context) (map[int64]domain.Membership, error) {
	all, err := collectAll(ctx, func(ctx context.Context, pg domain.Page) ([]domain.Membership, int, error) {
		return p.DB.FindPoolMembers(ctx, domain.MemberFilter{}, pg)
	})
	if err != nil {
		return nil, err
	}
	out := map[int64]domain.Membership{}
	for _, m := range all {
		cur, ok := out[m.RegisseurID]
		switch {
		case !ok:
		case cur.Status.Counts() && !m.Status.Counts():
			continue
		case cur.Status.Counts() == m.Status.Counts() && !m.CreatedAt.After(cur.CreatedAt):
			continue
		}
		out[m.RegisseurID] = m
	}
	return out, nil
}

// preSelectionOf reads the pre-selection of a membership as far as the
// actor may see it; nil when none is recorded or it is not visible.
func (p *Pages) preSelectionOf(ctx context.Context, membershipID int64) (*domain.PreSelection, error) {
	ps, err := p.DB.FindPreSelection(ctx, membershipID)
	switch {
	case err == nil:
		return &ps, nil
	case domain.ErrorCode(err) == domain.ENotFound:
		return nil, nil
	}
	return nil, err
}

// regisseurNames names the regisseurs the actor may see.
func (p *Pages) regisseurNames(ctx context.Context) ([]domain.Regisseur, map[int64]string, error) {
	regs, err := collectAll(ctx, p.DB.FindRegisseurs)
	names := map[int64]string{}
	for _, r := range regs {
		names[r.ID] = r.Name
	}
	return regs, names, err
}

// namesOf lists the names of ids known in names; the others are counted.
func namesOf(ids []int64, names map[int64]string) (known []string, others int) {
	for _, id := range ids {
		if n, ok := names[id]; ok {
			known = append(known, n)
		} else {
			others++
		}
	}
	slices.Sort(known)
	return known, others
}

// peopleText writes names and a number of others as running text:
// "An, Bert en 2 andere regisseurs".
func peopleText(known []string, others int) string {
	parts := slices.Clone(known)
	switch {
	case others == 1:
		parts = append(parts, "1 andere regisseur")
	case others > 1:
		parts = append(parts, strconv.Itoa(others)+" andere regisseurs")
	}
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " en " + parts[len(parts)-1]
}

// formID reads a numeric form value such as a hidden regisseur id.
func formID(c *gin.Context, name string) (int64, bool) {
	id, err := strconv.ParseInt(strings.TrimSpace(c.PostForm(name)), 10, 64)
	return id, err == nil && id > 0
}

// percent writes a share as a whole percentage: "75%".
func percent(f float64) string { return strconv.Itoa(int(f*100+0.5)) + "%" }
