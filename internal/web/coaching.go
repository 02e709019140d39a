package web

import (
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"regiepool/internal/app"
)

// The coaching pages: the coach's dashboard, the intervisie log, the
// regisseur's reflection log (and the coach's view of what was shared) and
// the development plan. Every route is gated by a permission; the
// application layer checks role and scope again for every call (out of scope
// is not_found, shown as 404). The rules of who sees what are in
// domain/coaching.go.

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

// competencySelect is a select of the profile's competencies with a first,
// empty choice.
func competencySelect(cs app.Competencies, name, label, value string) formField {
	f := formField{Name: name, Label: label, Kind: "select"}
	f.Options = append(f.Options, formOption{Value: "", Label: "Kies een competentie", Checked: value == ""})
	for _, it := range cs {
		f.Options = append(f.Options, formOption{Value: it.Key, Label: it.Name, Checked: value == it.Key})
	}
	return f
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
