package domain

// What a ranking shows of how a candidate fits a case. Matching ranks on
// competency scores from self-assessments and 360 rounds: development data,
// which is for the regisseur, their coaches and admins only. A dispatcher
// may learn whether a candidate meets the profile the case asks for (that
// is what matching is for), never a number derived from assessments: not
// the score, not its competency part, not a score in a reason. A total
// score is not shown to them either, since subtracting the parts they can
// see (capacity, region, life domains) from it gives the competency part.

// The verdicts on one competency a case leans on.
const (
	CompetencyMeets      = "meets"      // a score at or above the norm
	CompetencySupplement = "supplement" // below the norm, or no score known: to be supplied through the network
)

// CompetencyFits are the verdicts in order.
var CompetencyFits = []string{CompetencyMeets, CompetencySupplement}

// CompetencyFitLabels are their Dutch names.
var CompetencyFitLabels = map[string]string{CompetencyMeets: "voldoet", CompetencySupplement: "aanvullen"}

// The fit bands of a qualified candidate, best first.
const (
	FitStrong     = "strong"     // meets the profile, and knows the family or its life domains
	FitSuitable   = "suitable"   // meets the profile
	FitSupplement = "supplement" // a competency of the profile is not confirmed: to be supplied through the network
)

// Fits are the bands in order, best first.
var Fits = []string{FitStrong, FitSuitable, FitSupplement}

// FitLabels are their Dutch names.
var FitLabels = map[string]string{FitStrong: "Sterk", FitSuitable: "Passend", FitSupplement: "Aanvullen via netwerk"}

// normSlack absorbs float noise in comparing a mean score with a norm, as
// the matching engine does.
const normSlack = 1e-9

// CompetencyFitOf is the verdict on one competency a case leans on, from
// the member's score (ok false when none is known) and the competency's
// norm (hasNorm false when it has none).
func CompetencyFitOf(score float64, ok bool, norm float64, hasNorm bool) string {
	if !ok || (hasNorm && score < norm-normSlack) {
		return CompetencySupplement
	}
	return CompetencyMeets
}

// FitBand is the band of a qualified candidate from what a dispatcher may
// know: the verdicts on the competencies the case leans on, whether they
// directed the family's earlier case (continuity), and the share of the
// case's life domains they have worked in (of caseDomains). It never reads
// a score, so it tells no more than the verdicts.
func FitBand(verdicts []string, continuity bool, knowledge float64, caseDomains int) string {
	for _, v := range verdicts {
		if v != CompetencyMeets {
			return FitSupplement
		}
	}
	if continuity || (caseDomains > 0 && knowledge >= 0.5) {
		return FitStrong
	}
	return FitSuitable
}

// CanSeeAssessmentScores reports whether the actor sees the numbers that
// matching derives from a regisseur's assessments (the fit score, its parts,
// scores against norms in the reasons): admins, and a coach of the
// regisseur (coaches). Dispatchers see the fit in words (FitBand,
// CompetencyFitOf).
func CanSeeAssessmentScores(a *Actor, coaches bool) bool {
	return CanManageDevelopment(a, coaches)
}
