package assessment

import "time"

// RoundInput is one closed round to report on.
type RoundInput struct {
	ID         int64
	ClosedAt   time.Time
	Instrument *Instrument
	Self       map[string]int
	Responses  []Response
}

// TrendPoint is one round's self and others' scores per competency, from
// the same anonymity-safe results as the report itself.
type TrendPoint struct {
	RoundID  int64                 `json:"roundId"`
	ClosedOn string                `json:"closedOn"`
	Items    map[string]TrendScore `json:"items"`
}

// TrendScore is one competency in one round.
type TrendScore struct {
	Self   *int     `json:"self"`
	Others *float64 `json:"others"`
}

// Report is what a regisseur, their coach or an admin may see: the latest
// closed round scored against the self-assessment, and the trend across
// rounds. Without a closed round it holds the self-assessment alone.
type Report struct {
	Instrument *Instrument
	RoundID    *int64
	ClosedAt   *time.Time
	// SelfAt is when the latest self-assessment was submitted.
	SelfAt *time.Time
	// MinRaters is the anonymity threshold the report was scored with.
	MinRaters int
	Items     []ItemResult
	Trend     []TrendPoint
}

// History is everything the results of one regisseur are computed from:
// their submitted self-assessments and closed rounds, as the store reads
// them. Responses carry no rater; the scoring decides what may be shown.
type History struct {
	Instrument *Instrument  // of the newest round, or of the latest self-assessment
	Rounds     []RoundInput // closed rounds, oldest first
	LatestSelf map[string]int
	SelfAt     *time.Time
}

// Report scores the history with the anonymity threshold minRaters.
func (h History) Report(minRaters int) Report {
	rep := BuildReport(h.Instrument, h.LatestSelf, h.Rounds, minRaters)
	rep.SelfAt = h.SelfAt
	return rep
}

// BuildReport scores the newest round and every round for the trend.
// latest is the instrument of the latest self-assessment, used when there is
// no round; it may be nil when there is nothing at all.
func BuildReport(latest *Instrument, latestSelf map[string]int, rounds []RoundInput, minRaters int) Report {
	rep := Report{MinRaters: threshold(minRaters)}
	for _, r := range rounds {
		items := Score(r.Instrument, r.Self, r.Responses, minRaters)
		p := TrendPoint{RoundID: r.ID, ClosedOn: r.ClosedAt.UTC().Format("2006-01-02"), Items: map[string]TrendScore{}}
		for _, it := range items {
			if it.Kind != KindCompetency {
				continue
			}
			ts := TrendScore{Self: it.Self}
			if it.Others != nil {
				m := it.Others.Mean
				ts.Others = &m
			}
			p.Items[it.Key] = ts
		}
		rep.Trend = append(rep.Trend, p)
	}
	if n := len(rounds); n > 0 {
		last := rounds[n-1]
		rep.Instrument, rep.RoundID, rep.ClosedAt = last.Instrument, &last.ID, &last.ClosedAt
		self := last.Self
		if self == nil {
			self = latestSelf
		}
		rep.Items = Score(last.Instrument, self, last.Responses, minRaters)
		return rep
	}
	if latest != nil {
		rep.Instrument = latest
		rep.Items = Score(latest, latestSelf, nil, minRaters)
	}
	return rep
}

// Competencies returns the competency results of the report.
func (r Report) Competencies() []ItemResult {
	var out []ItemResult
	for _, it := range r.Items {
		if it.Kind == KindCompetency {
			out = append(out, it)
		}
	}
	return out
}
