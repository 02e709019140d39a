package assessment

import (
	"time"

	"regiepool/internal/domain"
)

// GroupTotal is what one rater group scored on one item: how many scores
// and their sum. Aggregated in the database, it lets a caller that needs
// only the "others" mean (the matching engine) skip reading every answer.
type GroupTotal struct {
	Group domain.RaterGroup
	N     int
	Sum   int
}

// OthersMean is the "others" mean Score shows for one item, from the
// item's per-group totals, under the same anonymity rules: a group counts
// when it has at least minRaters scores (coach and manager from one), the
// hidden groups together only when they reach minRaters. ok is false when
// no score counts.
func OthersMean(totals []GroupTotal, minRaters int) (mean float64, ok bool) {
	minRaters = threshold(minRaters)
	var n, sum, hiddenN, hiddenSum int
	for _, g := range domain.RaterGroups {
		var t GroupTotal
		for _, x := range totals {
			if x.Group == g {
				t.N, t.Sum = t.N+x.N, t.Sum+x.Sum
			}
		}
		if t.N >= minRaters || (g.Known() && t.N >= 1) {
			n, sum = n+t.N, sum+t.Sum
		} else {
			hiddenN, hiddenSum = hiddenN+t.N, hiddenSum+t.Sum
		}
	}
	if hiddenN >= minRaters {
		n, sum = n+hiddenN, sum+hiddenSum
	}
	if n == 0 {
		return 0, false
	}
	return round2(float64(sum) / float64(n)), true
}

// RoundScores is what the anonymity rules let through of one closed 360
// round, per competency key: the others' mean (as Score shows it, via
// OthersMean) and the self score of the self-assessment before it.
type RoundScores struct {
	ID       int64
	ClosedAt time.Time
	Others   map[string]float64
	Self     map[string]float64
}
