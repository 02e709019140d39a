package web

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"regiepool/internal/domain"
)

// The rater part of the round forms: whom to invite with an account, how
// many external links per group, and the deadline.

// maxExternal caps the number of links of one group made at once.
const maxExternal = 30

// raterCandidate is an account that can be invited to rate, as the form
// lists it.
type raterCandidate struct {
	UserID int64
	Label  string
	Groups []domain.RaterGroup // the groups the form offers for this account
}

// raterCandidates labels the accounts the application layer offers with
// their roles ("Piet Collega (Regisseur)"), in alphabetical order.
func raterCandidates(cs []domain.RaterCandidate) []raterCandidate {
	out := make([]raterCandidate, 0, len(cs))
	for _, c := range cs {
		label := c.Name
		if roles := roleLabels(c.Roles); len(roles) > 0 {
			label += " (" + strings.Join(roles, ", ") + ")"
		}
		out = append(out, raterCandidate{UserID: c.UserID, Label: label, Groups: c.Groups})
	}
	slices.SortFunc(out, func(a, b raterCandidate) int {
		return strings.Compare(strings.ToLower(a.Label), strings.ToLower(b.Label))
	})
	return out
}

// raterInput is the rater part of a round form as typed.
type raterInput struct {
	Deadline string
	Internal map[int64]string             // account → group
	External map[domain.RaterGroup]string // group → count
}

// HasDeadline reports whether the form asks for a deadline.
func (f form) HasDeadline() bool { return f.Field("deadline").Name != "" }

func deadlineField(value string) formField {
	return formField{Name: "deadline", Label: "Deadline", Kind: "date", Value: value, Required: true,
		Description: "De laatste dag waarop beoordelaars kunnen reageren: de links werken tot en met deze dag."}
}

// externalName is the form name of the number of links of group g.
func externalName(g domain.RaterGroup) string { return "extern-" + string(g) }

// externalLabel is the label of the number of links of group g.
func externalLabel(g domain.RaterGroup) string { return "Aantal externe " + g.Names().Many }

func newRoundForm(in raterInput, cands []raterCandidate, withDeadline bool) form {
	var f form
	if withDeadline {
		f.Fields = append(f.Fields, deadlineField(in.Deadline))
	}
	for _, c := range cands {
		fl := formField{Name: "intern-" + strconv.FormatInt(c.UserID, 10), Label: c.Label, Kind: "select"}
		cur := in.Internal[c.UserID]
		fl.Options = append(fl.Options, formOption{Value: "", Label: "Niet uitnodigen", Checked: cur == ""})
		for _, g := range c.Groups {
			fl.Options = append(fl.Options, formOption{Value: string(g), Label: "Als " + g.Names().Role, Checked: cur == string(g)})
		}
		f.Fields = append(f.Fields, fl)
	}
	for _, g := range domain.LinkRaterGroups {
		v, ok := in.External[g]
		if !ok {
			v = "0"
		}
		f.Fields = append(f.Fields, formField{Name: externalName(g), Label: externalLabel(g), Kind: "number",
			Value: v, Inputmode: "numeric", Autocomplete: "off"})
	}
	return f
}

var internalName = regexp.MustCompile(`^intern-([0-9]+)$`)

// readRaters reads the raters of a round form. refs names the control of
// each new rater, to place the store's errors "raters[i].…" on it.
func readRaters(c *gin.Context, cands []raterCandidate) (raterInput, []domain.NewRater, []string, []domain.FieldError) {
	in := raterInput{Deadline: strings.TrimSpace(c.PostForm("deadline")), Internal: map[int64]string{}, External: map[domain.RaterGroup]string{}}
	var raters []domain.NewRater
	var refs []string
	var fes []domain.FieldError
	offered := map[int64]bool{}
	for _, cand := range cands {
		offered[cand.UserID] = true
	}
	_ = c.Request.ParseForm()
	for key := range c.Request.PostForm {
		if m := internalName.FindStringSubmatch(key); m != nil {
			if id, err := strconv.ParseInt(m[1], 10, 64); err != nil || !offered[id] {
				fes = append(fes, domain.FieldError{Name: "raters", Code: "oneof", Reason: "Kies beoordelaars met een account uit de lijst."})
				break
			}
		}
	}
	for _, cand := range cands {
		name := "intern-" + strconv.FormatInt(cand.UserID, 10)
		v := c.PostForm(name)
		if v == "" {
			continue
		}
		in.Internal[cand.UserID] = v
		g, _ := domain.ParseRaterGroup(v)
		if !slices.Contains(cand.Groups, g) {
			fes = append(fes, domain.FieldError{Name: name, Code: "oneof", Reason: "Kies een groep uit de lijst."})
			continue
		}
		uid := cand.UserID
		raters = append(raters, domain.NewRater{Group: g, UserID: &uid})
		refs = append(refs, name)
	}
	for _, g := range domain.LinkRaterGroups {
		name := externalName(g)
		s := strings.TrimSpace(c.PostForm(name))
		in.External[g] = s
		if s == "" {
			continue
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 || n > maxExternal {
			fes = append(fes, domain.FieldError{Name: name, Code: "range", Reason: fmt.Sprintf("Vul een aantal van 0 tot en met %d in.", maxExternal)})
			continue
		}
		for range n {
			raters = append(raters, domain.NewRater{Group: g})
			refs = append(refs, name)
		}
	}
	if len(raters) == 0 && len(fes) == 0 {
		fes = append(fes, domain.FieldError{Name: "raters", Code: "required",
			Reason: "Nodig ten minste één beoordelaar uit: kies iemand met een account of vul een aantal externe beoordelaars in."})
	}
	return in, raters, refs, fes
}

// placeRaterErrors renames the store's "raters[i].…" errors to the control
// the rater came from.
func placeRaterErrors(fes []domain.FieldError, refs []string) []domain.FieldError {
	out := make([]domain.FieldError, 0, len(fes))
	seen := map[string]bool{}
	for _, fe := range fes {
		var i int
		var rest string
		if n, _ := fmt.Sscanf(fe.Name, "raters[%d]%s", &i, &rest); n >= 1 && i >= 0 && i < len(refs) {
			fe.Name = refs[i]
		}
		if key := fe.Name + "\x00" + fe.Reason; !seen[key] {
			seen[key] = true
			out = append(out, fe)
		}
	}
	return out
}

// storeFieldErrors turns an error of a round form into field errors; one
// without fields becomes a line of the summary.
func storeFieldErrors(e *domain.Error, refs []string) []domain.FieldError {
	if len(e.Fields) == 0 {
		return []domain.FieldError{{Name: "", Code: e.Code, Reason: e.Message}}
	}
	return placeRaterErrors(e.Fields, refs)
}

func readDeadline(s string) (time.Time, *domain.FieldError) {
	if s == "" {
		return time.Time{}, &domain.FieldError{Name: "deadline", Code: "required", Reason: "Vul een deadline in."}
	}
	t, ok := parseDay(s)
	if !ok {
		return time.Time{}, &domain.FieldError{Name: "deadline", Code: "date", Reason: "Vul een datum in, bijvoorbeeld " + time.Now().AddDate(0, 0, 14).Format(domain.DateLayout) + "."}
	}
	return t, nil
}
