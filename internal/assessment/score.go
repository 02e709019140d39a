package assessment

import (
	"math"
	"sort"

	"regiepool/internal/domain"
)

// Response is one submitted 360 questionnaire, with no link to its rater.
// A missing score means "kan ik niet beoordelen".
type Response struct {
	Group    domain.RaterGroup
	Scores   map[string]int
	Comments map[string]string
}

// Stat is a mean with the number of scores behind it and their spread
// (population standard deviation).
type Stat struct {
	Mean   float64 `json:"mean"`
	N      int     `json:"n"`
	Spread float64 `json:"spread"`
}

// GroupStat is one visible group's scores for an item. FromSingleRater
// marks a known group (coach, manager) shown from one response: what it
// shows is that one person's score, and every view of it says so.
type GroupStat struct {
	Group domain.RaterGroup `json:"group"`
	Stat
	FromSingleRater bool `json:"fromSingleRater"`
}

// Flags of the gap between self and others.
const (
	FlagBlindSpot      = "blind_spot"
	FlagHiddenStrength = "hidden_strength"
)

// ItemResult is what may be shown of one item: hidden groups are absent and
// cannot be derived from what is present.
type ItemResult struct {
	Key      string      `json:"key"`
	Name     string      `json:"name"`
	Kind     string      `json:"kind"`
	Norm     *int        `json:"norm"`
	Self     *int        `json:"self"`
	Others   *Stat       `json:"others"`
	Groups   []GroupStat `json:"groups"`
	Gap      *float64    `json:"gap"`
	Flag     string      `json:"flag"`
	Comments []string    `json:"comments"`
}

// Score computes the shown result of every item of in from a self-assessment
// (nil when there is none) and the round's responses, hiding every group with
// fewer than minRaters scores on an item (coach and manager from one).
//
// Anonymity also holds against subtraction: the scores of hidden groups count
// in "others" only when together they are at least minRaters, so "others"
// minus the shown groups never reveals fewer than minRaters people. Comments
// follow the same rule and are sorted, so their order tells nothing.
func Score(in *Instrument, self map[string]int, responses []Response, minRaters int) []ItemResult {
	minRaters = threshold(minRaters)
	var out []ItemResult
	for _, it := range in.Items() {
		r := ItemResult{Key: it.Key, Name: it.Name, Kind: it.Kind, Norm: it.Norm, Groups: []GroupStat{}, Comments: []string{}}
		if v, ok := self[it.Key]; ok {
			v := v
			r.Self = &v
		}
		scores := map[domain.RaterGroup][]int{}
		comments := map[domain.RaterGroup][]string{}
		for _, resp := range responses {
			if v, ok := resp.Scores[it.Key]; ok {
				scores[resp.Group] = append(scores[resp.Group], v)
			}
			if c := resp.Comments[it.Key]; c != "" {
				comments[resp.Group] = append(comments[resp.Group], c)
			}
		}
		var shown, hidden []int
		var shownComments, hiddenComments []string
		for _, g := range domain.RaterGroups {
			n := len(scores[g])
			visible := n >= minRaters || (g.Known() && n >= 1)
			if visible {
				r.Groups = append(r.Groups, GroupStat{Group: g, Stat: stat(scores[g]), FromSingleRater: n == 1})
				shown = append(shown, scores[g]...)
				shownComments = append(shownComments, comments[g]...)
			} else {
				hidden = append(hidden, scores[g]...)
				hiddenComments = append(hiddenComments, comments[g]...)
			}
		}
		others := shown
		if len(hidden) >= minRaters {
			others = append(others, hidden...)
			shownComments = append(shownComments, hiddenComments...)
		}
		if len(others) > 0 {
			s := stat(others)
			r.Others = &s
		}
		sort.Strings(shownComments)
		r.Comments = append(r.Comments, shownComments...)
		if r.Self != nil && r.Others != nil {
			gap := round2(float64(*r.Self) - r.Others.Mean)
			r.Gap = &gap
			limit := in.Scale.Range() / 3
			switch {
			case gap > limit:
				r.Flag = FlagBlindSpot
			case gap < -limit:
				r.Flag = FlagHiddenStrength
			}
		}
		out = append(out, r)
	}
	return out
}

// threshold is the anonymity threshold in force for minRaters: the engine
// never scores below domain.MinRatersFloor, whatever its caller passes.
func threshold(minRaters int) int { return max(minRaters, domain.MinRatersFloor) }

func stat(v []int) Stat {
	if len(v) == 0 {
		return Stat{}
	}
	var sum float64
	for _, x := range v {
		sum += float64(x)
	}
	mean := sum / float64(len(v))
	var ss float64
	for _, x := range v {
		ss += (float64(x) - mean) * (float64(x) - mean)
	}
	return Stat{Mean: round2(mean), N: len(v), Spread: round2(math.Sqrt(ss / float64(len(v))))}
}

func round2(f float64) float64 { return math.Round(f*100) / 100 }
