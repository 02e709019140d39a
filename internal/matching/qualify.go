package matching

// AnyQualified reports, per case, whether Rank would qualify at least one
// of members for it. It applies Rank's exclusion rules and nothing else (no
// scores, order or reasons), lays every member out once for all the cases,
// and stops at a case's first qualified member: a dispatcher's overview of
// many waiting cases asks only whether anyone qualifies.
func AnyQualified(cases []Case, members []Member, cfg Config) []bool {
	t := newTables(cfg.WithDefaults())
	preps := make([]casePrep, len(cases))
	for i := range cases {
		preps[i] = t.prepCase(&cases[i])
	}
	// After every case is prepared: the views lay out the scores of every
	// competency the cases lean on.
	views := make([]memberView, len(members))
	for j := range members {
		t.fill(&views[j], &members[j])
	}
	out := make([]bool, len(cases))
	parallel(workersFor(len(cases), 256), len(cases), func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			for j := range views {
				if t.exclusions(&preps[i], &views[j]) == 0 {
					out[i] = true
					break
				}
			}
		}
	})
	return out
}
