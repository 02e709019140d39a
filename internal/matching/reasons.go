package matching

import (
	"math"
	"math/bits"
	"strconv"
	"strings"

	"regiepool/internal/domain"
)

// The Dutch reasons that explain a ranking: why a member is excluded, or
// what a qualified member's score is made of.

const (
	reasonIndependence   = "Werkt voor een organisatie die al betrokken is bij het gezin (regie onafhankelijk)"
	reasonContra         = "Onopgeloste contra-indicatie uit de voorselectie"
	reasonContinuity     = "Continuïteit: eerdere regisseur van dit gezin"
	reasonContinuityGone = "Continuïteit verlopen: eerdere regisseur van dit gezin, maar de vorige casus is te lang geleden gesloten"
	reasonMunicipality   = "Werkt in deze gemeente"
	reasonRegion         = "Werkt in deze regio"
	reasonNoRegion       = "Werkt niet in deze gemeente of regio"
	reasonNoDomains      = "Kent leefgebieden: de casus noemt geen leefgebieden"
	reasonNoCompetencies = "Competenties: geen scores bekend (neutraal 0,50)"
	// supplementText ends a below-norm reason: norms are development
	// targets, and the TSD guide has a regisseur call in what they lack.
	supplementText = ": aanvullen via netwerk/begeleiding"
)

// Reason codes by number: a reasonWriter lists a candidate's codes as bytes
// (one per reason), so that equal lists share one []string (codeLists).
const (
	cNotActive byte = iota
	cPaused
	cOnLeave
	cNoCapacity
	cNoHours
	cNotIndependent
	cContra
	cBelowMinimum
	cCompetency
	cNoCompetencyScores
	cBelowNorm
	cLifeDomains
	cNoLifeDomains
	cContinuity
	cContinuityExpired
	cSpareCapacity
	cInMunicipality
	cInRegion
	cOutOfRegion
)

var codeNames = [...]string{
	cNotActive: domain.ReasonNotActive, cPaused: domain.ReasonPaused, cOnLeave: domain.ReasonOnLeave,
	cNoCapacity: domain.ReasonNoCapacity, cNoHours: domain.ReasonNoHours, cNotIndependent: domain.ReasonNotIndependent,
	cContra: domain.ReasonContraIndication, cBelowMinimum: domain.ReasonBelowMinimum,
	cCompetency: domain.ReasonCompetency, cNoCompetencyScores: domain.ReasonNoCompetencyScores,
	cBelowNorm: domain.ReasonBelowNorm, cLifeDomains: domain.ReasonLifeDomains, cNoLifeDomains: domain.ReasonNoLifeDomains,
	cContinuity: domain.ReasonContinuity, cContinuityExpired: domain.ReasonContinuityExpired,
	cSpareCapacity: domain.ReasonSpareCapacity, cInMunicipality: domain.ReasonInMunicipality,
	cInRegion: domain.ReasonInRegion, cOutOfRegion: domain.ReasonOutOfRegion,
}

// reasonWriter writes the reasons for the members of one case. Many members
// share a text ("Ruimte: 3 van 5 casussen vrij"), so each distinct text is
// built once and kept; a reasonWriter is used by one goroutine.
type reasonWriter struct {
	t         *tables
	c         *casePrep
	knowledge []string          // "Kent leefgebieden: k van n" for k = 0…n
	spare     [32][]string      // formatSpare(s, m) at [m][s], made when first needed
	below     map[[3]int]string // belowLimit texts by competency index, score in hundredths and kind
	texts     map[string]string // interned texts
	buf       []byte            // scratch for building one text
	codes     []byte            // the codes of the reasons being written, by number
	codeLists map[string][]string
}

func newReasonWriter(t *tables, c *casePrep) *reasonWriter {
	w := &reasonWriter{t: t, c: c, below: map[[3]int]string{}, texts: map[string]string{}, codeLists: map[string][]string{}}
	for k := range len(c.domains) + 1 {
		w.knowledge = append(w.knowledge, "Kent leefgebieden: "+strconv.Itoa(k)+" van "+strconv.Itoa(len(c.domains)))
	}
	return w
}

// competencyTexts holds "Competenties: 0,00" … "Competenties: 1,00".
var competencyTexts = func() []string {
	texts := make([]string, 101)
	for i := range texts {
		texts[i] = "Competenties: " + domain.FormatNumber(float64(i)/100, 2)
	}
	return texts
}()

// start returns w's scratch buffer holding prefix, to append a text to.
func (w *reasonWriter) start(prefix string) []byte { return append(w.buf[:0], prefix...) }

// text returns the text built in b (from start) as a string; equal texts
// share one string.
func (w *reasonWriter) text(b []byte) string {
	w.buf = b                            // keep the grown buffer for the next text
	if s, ok := w.texts[string(b)]; ok { // the lookup does not allocate
		return s
	}
	s := string(b)
	w.texts[s] = s
	return s
}

// codeList returns the codes listed in w.codes as strings; equal lists
// share one slice, capped so that an append copies it.
func (w *reasonWriter) codeList() []string {
	if l, ok := w.codeLists[string(w.codes)]; ok {
		return l
	}
	l := make([]string, len(w.codes))
	for i, c := range w.codes {
		l[i] = codeNames[c]
	}
	l = l[:len(l):len(l)]
	w.codeLists[string(w.codes)] = l
	return l
}

// exclusions returns the reasons for every rule in mask, in rule order,
// and their codes.
func (w *reasonWriter) exclusions(v *memberView, mask uint16) ([]string, []string) {
	m, c := v.m, w.c
	out := make([]string, 0, bits.OnesCount16(mask))
	w.codes = w.codes[:0]
	if mask&exNotActive != 0 {
		out = append(out, notActiveText(m.Status))
		w.codes = append(w.codes, cNotActive)
	}
	if mask&exPaused != 0 {
		b := domain.AppendDate(w.start("Gepauzeerd tot "), *m.PausedUntil)
		out = append(out, w.text(b))
		w.codes = append(w.codes, cPaused)
	}
	if mask&exLeave != 0 {
		for k, l := range v.leaves {
			if onLeave(l, c.startDay) {
				p := m.Unavailable[k]
				b := domain.AppendDate(w.start("Afwezig (verlof) van "), p.From)
				b = domain.AppendDate(append(b, " tot en met "...), p.To)
				out = append(out, w.text(b))
				w.codes = append(w.codes, cOnLeave)
			}
		}
	}
	if mask&exFull != 0 {
		b := strconv.AppendInt(w.start("Geen ruimte: "), int64(m.ActiveCases), 10)
		b = strconv.AppendInt(append(b, " van "...), int64(m.MaxCases), 10)
		out = append(out, w.text(append(b, " casussen"...)))
		w.codes = append(w.codes, cNoCapacity)
	}
	if mask&exHours != 0 {
		b := appendHours(w.start("Te weinig uren: nog "), hoursLeft(m))
		b = appendHours(append(b, " uur per week vrij, de casus vraagt "...), c.c.HoursPerWeek)
		out = append(out, w.text(b))
		w.codes = append(w.codes, cNoHours)
	}
	if mask&exIndependence != 0 {
		out = append(out, reasonIndependence)
		w.codes = append(w.codes, cNotIndependent)
	}
	if mask&exContra != 0 {
		out = append(out, reasonContra)
		w.codes = append(w.codes, cContra)
	}
	if mask&exMinimum != 0 {
		for _, k := range c.leans {
			if w.t.belowMinimum(v, k) {
				out = append(out, w.belowLimit(v, k, false))
				w.codes = append(w.codes, cBelowMinimum)
			}
		}
	}
	return out, w.codeList()
}

// belowLimit is "Onder het minimum op Daadkrachtig (1,5 < 2)", or with
// norm "Onder de norm op Daadkrachtig (3,92 < 4): aanvullen via
// netwerk/begeleiding". Members with the same score in hundredths get the
// same text, so it is made once.
func (w *reasonWriter) belowLimit(v *memberView, k int, norm bool) string {
	x := v.comp[k]
	limit := w.t.minimum[k]
	kind := 0
	if norm {
		limit, kind = w.t.norm[k], 1
	}
	key := [3]int{k, int(math.Round(x * 100)), kind}
	if float64(key[1])/100 >= limit {
		// The score prints in full (see appendScoreBelow): no sharing.
		return w.belowText(k, x, norm)
	}
	s, ok := w.below[key]
	if !ok {
		s = w.belowText(k, x, norm)
		w.below[key] = s
	}
	return s
}

func (w *reasonWriter) belowText(k int, x float64, norm bool) string {
	t := w.t
	if norm {
		b := append(w.start("Onder de norm op "), t.names[k]...)
		b = appendScoreBelow(append(b, " ("...), x, t.norm[k])
		w.buf = append(append(b, t.normText[k]...), supplementText...)
		return string(w.buf)
	}
	b := append(w.start("Onder het minimum op "), t.names[k]...)
	b = appendScoreBelow(append(b, " ("...), x, t.minimum[k])
	w.buf = append(b, t.minText[k]...)
	return string(w.buf)
}

// scoring returns the explanation of a qualified member's parts, and
// their codes.
func (w *reasonWriter) scoring(v *memberView, p Parts) ([]string, []string) {
	m, c := v.m, w.c
	n := 4
	if c.hasPrev && m.RegisseurID == c.prevID {
		n++ // a continuity reason
	}
	if p.NormShortfall > 0 {
		n += len(c.leans)
	}
	out := make([]string, 0, n)
	w.codes = w.codes[:0]
	if noCompetencyScores(c, v) {
		out = append(out, reasonNoCompetencies)
		w.codes = append(w.codes, cNoCompetencyScores)
	} else {
		out = append(out, competencyTexts[int(math.Round(min(max(p.Competency, 0), 1)*100))])
		w.codes = append(w.codes, cCompetency)
	}
	if p.NormShortfall > 0 {
		for _, k := range c.leans {
			if w.t.belowNorm(v, k) {
				out = append(out, w.belowLimit(v, k, true))
				w.codes = append(w.codes, cBelowNorm)
			}
		}
	}
	if len(c.domains) == 0 {
		out = append(out, reasonNoDomains)
		w.codes = append(w.codes, cNoLifeDomains)
	} else {
		out = append(out, w.knowledge[knownDomains(c, v)])
		w.codes = append(w.codes, cLifeDomains)
	}
	if p.Continuity > 0 {
		out = append(out, reasonContinuity)
		w.codes = append(w.codes, cContinuity)
	} else if c.hasPrev && m.RegisseurID == c.prevID {
		out = append(out, reasonContinuityGone)
		w.codes = append(w.codes, cContinuityExpired)
	}
	out = append(out, w.spareText(m.MaxCases-m.ActiveCases, m.MaxCases))
	w.codes = append(w.codes, cSpareCapacity)
	switch {
	case p.Region == 1:
		out = append(out, reasonMunicipality)
		w.codes = append(w.codes, cInMunicipality)
	case p.Region > 0:
		out = append(out, reasonRegion)
		w.codes = append(w.codes, cInRegion)
	default:
		out = append(out, reasonNoRegion)
		w.codes = append(w.codes, cOutOfRegion)
	}
	return out, w.codeList()
}

// spareText is "Ruimte: 3 van 5 casussen vrij", made once per pair of
// the usual small numbers.
func (w *reasonWriter) spareText(spare, max int) string {
	if spare < 0 || spare > max || max >= len(w.spare) {
		return formatSpare(spare, max)
	}
	if w.spare[max] == nil {
		w.spare[max] = make([]string, max+1)
	}
	if w.spare[max][spare] == "" {
		w.spare[max][spare] = formatSpare(spare, max)
	}
	return w.spare[max][spare]
}

func formatSpare(spare, max int) string {
	return "Ruimte: " + strconv.Itoa(spare) + " van " + strconv.Itoa(max) + " casussen vrij"
}

// notActiveText is "Niet actief in de pool (status: gepauzeerd)", with the
// pool status in Dutch.
func notActiveText(status string) string {
	switch status {
	case "paused":
		return "Niet actief in de pool (status: gepauzeerd)"
	case "admitted":
		return "Niet actief in de pool (status: toegelaten maar nog niet actief)"
	case "left":
		return "Niet actief in de pool (status: uitgestroomd)"
	case "":
		return "Niet actief in de pool (status: onbekend)"
	}
	return "Niet actief in de pool (status: " + status + ")"
}

// appendHours appends hours with one decimal, halves rounded away from
// zero ("2,3" for 2.25) as the reasons always have; the formatter alone
// would round the binary value (2,2).
func appendHours(b []byte, h float64) []byte {
	return domain.AppendNumber(b, math.Round(h*10)/10, 1)
}

// appendScoreBelow appends a member's score that is below norm so that it
// also reads as below the printed norm: with at most 2 decimals, trailing
// zeros dropped ("2,92", "3,2"), or in full when 2 decimals would round it
// up to the norm ("3,999" for a norm of 4, not "4").
func appendScoreBelow(b []byte, v, norm float64) []byte {
	if r := math.Round(v*100) / 100; r < norm {
		return domain.AppendNumberTrim(b, r, 2)
	}
	s := strconv.FormatFloat(v, 'f', -1, 64)
	return append(b, strings.Replace(s, ".", ",", 1)...)
}
