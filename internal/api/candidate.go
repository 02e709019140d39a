package api

import (
	"regiepool/internal/app"
	"regiepool/internal/domain"
	"regiepool/internal/matching"

	"github.com/gin-gonic/gin"
)

// The JSON of a ranking and a batch proposal. What a candidate shows is
// decided by the use case (app.Ranking): the numbers derived from
// assessments (score, parts, total, upperBound) are left out for an actor
// who may not see them.

type competencyFitJSON struct {
	Key  string `json:"key"`
	Name string `json:"name"`
	Fit  string `json:"fit"`
}

type candidateJSON struct {
	RegisseurID    int64               `json:"regisseurId"`
	Name           string              `json:"name"`
	OrganisationID int64               `json:"organisationId"`
	Qualified      bool                `json:"qualified"`
	Fit            string              `json:"fit,omitempty"`
	Competencies   []competencyFitJSON `json:"competencies"`
	Reasons        []string            `json:"reasons"`
	ReasonCodes    []string            `json:"reasonCodes"`
	Capacity       matching.Capacity   `json:"capacity"`
	Score          *float64            `json:"score,omitempty"`
	Parts          *matching.Parts     `json:"parts,omitempty"`
}

// candidateListJSON is one page of a ranking, with the case it ranks for.
type candidateListJSON struct {
	CaseID int64 `json:"caseId"`
	pageResponse[candidateJSON]
}

// toCandidateList renders page p of ranking r.
func toCandidateList(c *gin.Context, r app.Ranking, p domain.Page) candidateListJSON {
	from := min(p.Offset(), len(r.Candidates))
	shown := r.Candidates[from:min(from+p.PageSize, len(r.Candidates))]
	out := candidateListJSON{CaseID: r.CaseID}
	results := make([]candidateJSON, len(shown))
	for i, c := range shown {
		j := candidateJSON{RegisseurID: c.RegisseurID, Name: c.Name, OrganisationID: c.OrganisationID, Qualified: c.Qualified,
			Fit: c.Fit, Competencies: make([]competencyFitJSON, len(c.Competencies)), Reasons: nonNil(c.Reasons), ReasonCodes: nonNil(c.ReasonCodes), Capacity: c.Capacity}
		for k, f := range c.Competencies {
			j.Competencies[k] = competencyFitJSON{Key: f.Key, Name: f.Name, Fit: f.Fit}
		}
		if c.Scores != nil {
			j.Score, j.Parts = &c.Scores.Score, &c.Scores.Parts
		}
		results[i] = j
	}
	out.pageResponse = newPage(c, p, len(r.Candidates), results)
	return out
}

type proposedPairJSON struct {
	CaseID      int64    `json:"caseId"`
	RegisseurID int64    `json:"regisseurId"`
	Fit         string   `json:"fit"`
	Score       *float64 `json:"score,omitempty"`
}

type proposalJSON struct {
	Pairs      []proposedPairJSON    `json:"pairs"`
	Unplaced   []matching.Unplaced   `json:"unplaced"`
	Total      *float64              `json:"total,omitempty"`
	UpperBound *float64              `json:"upperBound,omitempty"`
	Gap        float64               `json:"gap"`
	Exact      bool                  `json:"exact"`
	Levels     []matching.LevelCount `json:"levels"`
}

func toProposal(bp app.BatchProposal) proposalJSON {
	out := proposalJSON{Pairs: make([]proposedPairJSON, len(bp.Pairs)), Unplaced: nonNil(bp.Unplaced), Total: bp.Total,
		UpperBound: bp.UpperBound, Gap: bp.Gap, Exact: bp.Exact, Levels: nonNil(bp.Levels)}
	for i, p := range bp.Pairs {
		out.Pairs[i] = proposedPairJSON{CaseID: p.CaseID, RegisseurID: p.RegisseurID, Fit: p.Fit, Score: p.Score}
	}
	return out
}
