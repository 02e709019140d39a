package web

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"regiepool/internal/app"
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

// raterInput is the rater part of a round form as typed, with the
// picker's search.
type raterInput struct {
	Deadline string
	Internal map[int64]string             // account → group
	External map[domain.RaterGroup]string // group → count
	Query    string                       // the picker's name search
	Page     int                          // the page of search results
	badPick  bool                         // an "intern-…" name that is no account id
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

// raterForm is a round form with its rater picker: the accounts picked so
// far (kept across searches, since the search submits the whole form with
// GET) and one page of search results, each a select of the groups.
type raterForm struct {
	form
	SearchAction string   // the page the search goes to (GET)
	Query        string   // the search as typed
	Chosen       []string // control names of the picked accounts
	Results      []string // control names of the search results
	Found        string   // how many accounts match, in words
	PrevPage     int      // the previous page of results, 0 for none
	NextPage     int      // the next page of results, 0 for none
}

// HasSearch reports whether the form has the picker (a proposal has not).
func (f raterForm) HasSearch() bool { return f.SearchAction != "" }

// accountField is the select of one account: not invited, or a group.
func accountField(c raterCandidate, cur string) formField {
	fl := formField{Name: "intern-" + strconv.FormatInt(c.UserID, 10), Label: c.Label, Kind: "select"}
	fl.Options = append(fl.Options, formOption{Value: "", Label: "Niet uitnodigen", Checked: cur == ""})
	for _, g := range c.Groups {
		fl.Options = append(fl.Options, formOption{Value: string(g), Label: "Als " + g.Names().Role, Checked: cur == string(g)})
	}
	return fl
}

// newRoundForm builds a round form: the deadline (withDeadline), the picked
// accounts and one page of the picker's search results (searchAction: the
// page the search goes to), and the numbers of external links.
func newRoundForm(in raterInput, pk app.RaterPicker, withDeadline bool, searchAction string) raterForm {
	f := raterForm{SearchAction: searchAction, Query: in.Query}
	if withDeadline {
		f.Fields = append(f.Fields, deadlineField(in.Deadline))
	}
	for _, c := range raterCandidates(pk.Chosen) {
		fl := accountField(c, in.Internal[c.UserID])
		f.Fields = append(f.Fields, fl)
		f.Chosen = append(f.Chosen, fl.Name)
	}
	for _, c := range raterCandidates(pk.Results) {
		fl := accountField(c, in.Internal[c.UserID])
		f.Fields = append(f.Fields, fl)
		f.Results = append(f.Results, fl.Name)
	}
	f.Fields = append(f.Fields, formField{Name: "zoek", Label: "Zoek iemand met een account op naam", Kind: "search", Value: in.Query,
		Autocomplete: "off",
		Description:  "Typ een deel van de naam en kies 'Zoeken'. Wie u al heeft gekozen, blijft gekozen."})
	switch {
	case pk.Total == 0 && in.Query != "":
		f.Found = "Niemand gevonden met '" + in.Query + "' in de naam."
	case pk.Total == 0:
		f.Found = "Er zijn geen (andere) accounts die u kunt uitnodigen."
	default:
		pages := (pk.Total + pk.Page.PageSize - 1) / pk.Page.PageSize
		f.Found = fmt.Sprintf("%d gevonden", pk.Total)
		if pages > 1 {
			f.Found += fmt.Sprintf(", pagina %d van %d", pk.Page.Page, pages)
		}
		if pk.Page.Page > 1 {
			f.PrevPage = min(pk.Page.Page-1, pages)
		}
		if pk.Page.Page < pages {
			f.NextPage = pk.Page.Page + 1
		}
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

// raterValues are the values of a round form: posted, or in the query of
// a search (GET).
func raterValues(c *gin.Context) url.Values {
	if c.Request.Method == http.MethodGet {
		return c.Request.URL.Query()
	}
	_ = c.Request.ParseForm()
	return c.Request.PostForm
}

// readRaterInput reads a round form as typed.
func readRaterInput(v url.Values) raterInput {
	in := raterInput{Deadline: strings.TrimSpace(v.Get("deadline")), Internal: map[int64]string{}, External: map[domain.RaterGroup]string{},
		Query: strings.TrimSpace(v.Get("zoek"))}
	if len([]rune(in.Query)) > 100 {
		in.Query = string([]rune(in.Query)[:100])
	}
	if n, err := strconv.Atoi(v.Get("pagina")); err == nil && n >= 1 && n <= 10_000 {
		in.Page = n
	}
	for key, vals := range v {
		m := internalName.FindStringSubmatch(key)
		if m == nil {
			if strings.HasPrefix(key, "intern-") {
				in.badPick = true
			}
			continue
		}
		id, err := strconv.ParseInt(m[1], 10, 64)
		if err != nil {
			in.badPick = true
			continue
		}
		if g := strings.TrimSpace(vals[0]); g != "" {
			in.Internal[id] = g
		}
	}
	for _, g := range domain.LinkRaterGroups {
		if _, ok := v[externalName(g)]; ok {
			in.External[g] = strings.TrimSpace(v.Get(externalName(g)))
		}
	}
	return in
}

// Picked lists the accounts picked in the form, for the picker.
func (in raterInput) Picked() []int64 {
	ids := make([]int64, 0, len(in.Internal))
	for id := range in.Internal {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// search is the picker's search of the form.
func (in raterInput) search(skip []int64) app.RaterSearch {
	return app.RaterSearch{Query: in.Query, Page: in.Page, Chosen: in.Picked(), Skip: skip}
}

// readRaters turns a round form into new raters. chosen are the picked
// accounts the actor may invite (the picker's Chosen); a pick that is not
// among them is refused. refs names the control of each new rater, to
// place the store's errors "raters[i].…" on it.
func readRaters(in raterInput, chosen []raterCandidate) ([]domain.NewRater, []string, []domain.FieldError) {
	var raters []domain.NewRater
	var refs []string
	var fes []domain.FieldError
	offered := map[int64]raterCandidate{}
	for _, cand := range chosen {
		offered[cand.UserID] = cand
	}
	bad := in.badPick
	for _, id := range in.Picked() {
		if _, ok := offered[id]; !ok {
			bad = true
		}
	}
	if bad {
		fes = append(fes, domain.FieldError{Name: "raters", Code: "oneof", Reason: "Kies beoordelaars met een account uit de lijst."})
	}
	for _, cand := range chosen {
		v := in.Internal[cand.UserID]
		if v == "" {
			continue
		}
		name := "intern-" + strconv.FormatInt(cand.UserID, 10)
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
		s := in.External[g]
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
	return raters, refs, fes
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
