package domain

// ResultAreas are the five result areas (resultaatgebieden) of the pilot's
// function profile, in its order: result area n is ResultAreas[n-1].
var ResultAreas = [5]string{
	"Versterken van eigen regie en veerkracht van het gezin",
	"Probleemanalyse en toeleiden naar ondersteuning en zorg",
	"Overzicht houden",
	"Evalueren en bijstellen",
	"Grenzen stellen en ingrijpen",
}

// The indicators of the function profile that the case log's structured
// steps measure. Each is counted from what was recorded, never from a
// count of something else (a plan is "with the family" only when the
// family's participation was recorded on it).
const (
	// Result area 1: eigen regie and veerkracht.
	IndicatorPlansWithFamily = "plans_with_family" // cases whose plan the family drew up with the regisseur
	IndicatorNetworkEngaged  = "network_engaged"   // times the family's network was engaged
	// Result area 2: problem analysis and leading to support.
	IndicatorProblemAnalyses         = "problem_analyses"         // joint problem analyses held
	IndicatorCasesWithAnalysis       = "cases_with_analysis"      // cases with at least one
	IndicatorSeveralDomainsAnalysed  = "several_domains_analysed" // analyses that mapped several life domains
	IndicatorRoundTables             = "round_tables"             // round-table meetings
	IndicatorAlternativeCoordination = "alternative_coordination" // alternative forms of joint coordination
	IndicatorVoorliggendEngaged      = "voorliggend_engaged"      // times the voorliggend veld was engaged
	IndicatorSafetyAnalyses          = "safety_analyses"          // clear safety analyses
	// Result area 4: evaluate and adjust.
	IndicatorEvaluationAgreements    = "evaluation_agreements"     // evaluation agreements in family plans
	IndicatorEvaluations             = "evaluations"               // evaluations held
	IndicatorAdjustedAfterEvaluation = "adjusted_after_evaluation" // evaluations that adjusted the plan
	IndicatorGoalsReached            = "goals_reached"             // goals reached of the goals evaluated
	// Result area 5: set limits and intervene.
	IndicatorInterventionsSafety    = "interventions_safety"
	IndicatorInterventionsCapacity  = "interventions_parental_capacity"
	IndicatorInterventionsAvoidance = "interventions_care_avoidance"
	IndicatorEscalations            = "escalations"
	IndicatorEscalationsMandate     = "escalations_mandate" // escalations where doorzettingsmacht or mandate was used
)

// IndicatorLabels name the indicators in Dutch, in the words of the
// function profile.
var IndicatorLabels = map[string]string{
	IndicatorPlansWithFamily:         "Casussen met een gezinsplan dat samen met het gezin is opgesteld",
	IndicatorNetworkEngaged:          "Keren dat het netwerk van het gezin is ingeschakeld",
	IndicatorProblemAnalyses:         "Gezamenlijke probleemanalyses",
	IndicatorCasesWithAnalysis:       "Casussen met een gezamenlijke probleemanalyse",
	IndicatorSeveralDomainsAnalysed:  "Keren dat meerdere leefgebieden in kaart zijn gebracht",
	IndicatorRoundTables:             "Rondetafeloverleggen",
	IndicatorAlternativeCoordination: "Ingezette andere vormen van gezamenlijke afstemming",
	IndicatorVoorliggendEngaged:      "Keren dat het voorliggend veld is ingeschakeld",
	IndicatorSafetyAnalyses:          "Keren dat er een duidelijke veiligheidsanalyse is gemaakt",
	IndicatorEvaluationAgreements:    "Evaluatieafspraken in gezinsplannen",
	IndicatorEvaluations:             "Gehouden tussentijdse evaluaties",
	IndicatorAdjustedAfterEvaluation: "Bijstellingen van het gezinsplan na een evaluatie",
	IndicatorGoalsReached:            "Bereikte doelen (van de geëvalueerde doelen)",
	IndicatorInterventionsSafety:     "Interventies na een zorg over de veiligheid",
	IndicatorInterventionsCapacity:   "Interventies bij beperkte draagkracht van ouders",
	IndicatorInterventionsAvoidance:  "Interventies bij zorgmijdend gedrag",
	IndicatorEscalations:             "Opschalingen",
	IndicatorEscalationsMandate:      "Opschalingen waarbij doorzettingsmacht of mandaat is gebruikt",
}

// ResultAreaIndicators are the indicators of each result area, in order;
// result area 3 (overzicht houden) names contact media and means of
// overview, which the case log does not record.
var ResultAreaIndicators = [5][]string{
	{IndicatorPlansWithFamily, IndicatorNetworkEngaged},
	{IndicatorProblemAnalyses, IndicatorCasesWithAnalysis, IndicatorSeveralDomainsAnalysed, IndicatorRoundTables,
		IndicatorAlternativeCoordination, IndicatorVoorliggendEngaged, IndicatorSafetyAnalyses},
	nil,
	{IndicatorEvaluationAgreements, IndicatorEvaluations, IndicatorAdjustedAfterEvaluation, IndicatorGoalsReached},
	{IndicatorInterventionsSafety, IndicatorInterventionsCapacity, IndicatorInterventionsAvoidance, IndicatorEscalations, IndicatorEscalationsMandate},
}

// IndicatorIsShare reports whether an indicator is counted out of a whole
// (the cases with a regisseur, the goals evaluated), which reports give.
func IndicatorIsShare(key string) bool {
	return key == IndicatorPlansWithFamily || key == IndicatorCasesWithAnalysis || key == IndicatorGoalsReached
}
