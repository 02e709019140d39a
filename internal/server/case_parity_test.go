package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"regiepool/internal/auth"
	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
	"regiepool/internal/postgres"
)

// parityCandidate is one ranked candidate as the API or the page shows it.
type parityCandidate struct {
	Name        string
	RegisseurID int64 // 0 on the page for an excluded member (it has no assign button)
	Qualified   bool
	Fit         string // Dutch: the band of a qualified candidate
	Score       string // Dutch, two decimals; "" when excluded or not shown
	Reasons     []string
}

// parityPair is one proposed assignment.
type parityPair struct{ CaseID, RegisseurID int64 }

// TestCaseAPIAndPagesAgree: for the same data and the same user (a
// dispatcher, who sees the fit in words, and an admin, who sees the scores
// too), GET /api/v1/cases/{id}/candidates and the page /casussen/{id} rank
// the same regisseurs in the same order with the same fit, scores and
// reasons, and POST /api/v1/assignment-proposals and the page
// /casussen/voorstel propose the same pairs and leave the same cases
// unplaced.
func TestCaseAPIAndPagesAgree(t *testing.T) {
	srv, db := newServer(t)
	mun := pgtest.MustCreateMunicipality(t, db)
	orgA, orgB, orgC := pgtest.MustCreateOrganisation(t, db), pgtest.MustCreateOrganisation(t, db), pgtest.MustCreateOrganisation(t, db)
	disp := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleDispatcher}, MunicipalityIDs: []int64{mun.ID}})
	admin := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleAdmin}})
	ctx := pgtest.ActorCtx(t, db, disp.ID)

	member := func(name string, orgID int64, maxCases int, hours float64) int64 {
		r := pgtest.MustCreateActiveMember(t, db, orgID, []int64{mun.ID}, maxCases, hours)
		if _, err := db.Exec(`UPDATE regisseur SET name = $2 WHERE id = $1`, r.ID, name); err != nil {
			t.Fatal(err)
		}
		return r.ID
	}
	var earlier *int64
	newCase := func(ref string, urgency int, risk string, domains []string, involved ...int64) domain.Case {
		c := domain.Case{Reference: ref, MunicipalityID: mun.ID, ParentsStruggle: true, SeveralDomains: len(domains) > 1, SafetyRisk: risk,
			HighRisk: risk == domain.RiskHigh, Urgency: urgency, LifeDomains: domains, InvolvedOrganisationIDs: involved, EarlierCaseID: earlier}
		if !c.MeetsWorkingDefinition() {
			c.DefinitionReason = "Ouders vragen zelf om een regisseur."
		}
		if err := db.CreateCase(ctx, &c); err != nil {
			t.Fatalf("case %s: %v", ref, err)
		}
		return c
	}
	anna := member("Anna Amrani", orgA.ID, 2, 16)
	member("Bram Bakker", orgB.ID, 1, 16)
	member("Cor Claassen", orgC.ID, 3, 16)
	member("Dina Dekker", orgA.ID, 2, 1) // too few hours for 50 hours over 26 weeks
	eva := member("Eva Evers", orgB.ID, 1, 16)
	// Eva directs a case already: she is full, and her experience counts.
	full := newCase("Z-0", domain.UrgencyNormal, domain.RiskLow, []string{"wonen"})
	if _, err := db.Assign(ctx, full.ID, eva); err != nil {
		t.Fatal(err)
	}
	// Anna directed a family's earlier case: she knows its life domains, and
	// comes first for the family's new case (Z-2).
	past := newCase("Z-00", domain.UrgencyNormal, domain.RiskHigh, []string{"veiligheid", "jeugdhulp", "wonen"})
	if _, err := db.Assign(ctx, past.ID, anna); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CloseCase(ctx, past.ID, domain.CloseGoalsReached); err != nil {
		t.Fatal(err)
	}
	z1 := newCase("Z-1", domain.UrgencyCrisis, domain.RiskHigh, []string{"veiligheid", "jeugdhulp"}, orgC.ID)
	earlier = &past.ID
	z2 := newCase("Z-2", domain.UrgencyHigh, domain.RiskMedium, []string{"wonen"})
	earlier = nil
	waiting := []domain.Case{z1, z2,
		newCase("Z-3", domain.UrgencyNormal, domain.RiskLow, []string{"inkomen", "werk"}),
		newCase("Z-4", domain.UrgencyNormal, domain.RiskMedium, []string{"onderwijs"}, orgA.ID),
		// Everyone with room is of an involved organisation: unplaced.
		newCase("Z-5", domain.UrgencyHigh, domain.RiskHigh, []string{"wonen"}, orgA.ID, orgB.ID, orgC.ID),
	}

	for _, who := range []struct {
		name   string
		user   domain.User
		scores bool
	}{{"dispatcher", disp, false}, {"admin", admin, true}} {
		t.Run(who.name, func(t *testing.T) {
			checkCaseParity(t, srv.URL, db, who.user.ID, who.scores, waiting)
		})
	}
	checkProposalFits(t, db, ctx, parityProposalOf(t, srv.URL, pgtest.MustAccessToken(t, db, disp.ID)))
}

// checkCaseParity compares the API and the pages for one user.
func checkCaseParity(t *testing.T, base string, db *postgres.DB, userID int64, scores bool, waiting []domain.Case) {
	token, cookie := pgtest.MustAccessToken(t, db, userID), pgtest.MustSession(t, db, userID)
	api := func(method, path, body string) []byte {
		t.Helper()
		res, b := do(t, method, base+path, body, "Authorization", "Bearer "+token, "Content-Type", "application/json")
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s %s: %d %s", method, path, res.StatusCode, b)
		}
		return b
	}
	page := func(path string) string {
		t.Helper()
		req, _ := http.NewRequest("GET", base+path, nil)
		req.AddCookie(&http.Cookie{Name: auth.SessionCookieName(false), Value: cookie})
		res, err := noRedirect.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		if err != nil || res.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d %v", path, res.StatusCode, err)
		}
		return string(b)
	}

	for _, c := range waiting {
		t.Run("candidates "+c.Reference, func(t *testing.T) {
			fromAPI := apiCandidates(t, api("GET", fmt.Sprintf("/api/v1/cases/%d/candidates", c.ID), ""))
			fromPage := pageCandidates(t, page(fmt.Sprintf("/casussen/%d", c.ID)))
			if len(fromAPI) != 5 {
				t.Fatalf("the API ranks %d members, want all 5", len(fromAPI))
			}
			if len(fromPage) != len(fromAPI) {
				t.Fatalf("the page shows %d candidates, the API %d", len(fromPage), len(fromAPI))
			}
			for i := range fromAPI {
				want := fromAPI[i]
				if !want.Qualified {
					want.RegisseurID = 0
				}
				if got := fromPage[i]; !parityEqual(got, want) {
					t.Errorf("candidate %d: page %+v, API %+v", i+1, got, want)
				}
				if want.Qualified && (want.Fit == "" || (want.Score != "") != scores) {
					t.Errorf("candidate %d: %+v, want a fit, and a score: %v", i+1, want, scores)
				}
			}
		})
	}

	fromAPI, apiUnplaced, apiTotal := apiProposal(t, api("POST", "/api/v1/assignment-proposals", "{}"))
	body := page("/casussen/voorstel")
	fromPage, pageUnplaced, pageTotal := pageProposal(t, body)
	if len(fromAPI) == 0 || len(apiUnplaced) == 0 {
		t.Fatalf("the data should give pairs and an unplaced case: %v, %v", fromAPI, apiUnplaced)
	}
	if !slices.Equal(fromPage, fromAPI) {
		t.Errorf("proposed pairs: page %v, API %v", fromPage, fromAPI)
	}
	if !slices.Equal(pageUnplaced, apiUnplaced) {
		t.Errorf("unplaced cases: page %v, API %v", pageUnplaced, apiUnplaced)
	}
	if pageTotal != apiTotal || (apiTotal != "") != scores {
		t.Errorf("total fit: page %q, API %q; want a total: %v", pageTotal, apiTotal, scores)
	}
	if !strings.Contains(body, fmt.Sprintf("%d van %d casussen", len(fromAPI), len(waiting))) {
		t.Errorf("the page does not count %d of %d waiting cases", len(fromAPI), len(waiting))
	}
}

// parityProposalOf is the proposal the API gives the user of token.
func parityProposalOf(t *testing.T, base, token string) []parityPair {
	res, b := do(t, "POST", base+"/api/v1/assignment-proposals", "{}", "Authorization", "Bearer "+token, "Content-Type", "application/json")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("proposal: %d %s", res.StatusCode, b)
	}
	pairs, _, _ := apiProposal(t, b)
	return pairs
}

func parityEqual(a, b parityCandidate) bool {
	return a.Name == b.Name && a.RegisseurID == b.RegisseurID && a.Qualified == b.Qualified && a.Fit == b.Fit && a.Score == b.Score &&
		slices.Equal(a.Reasons, b.Reasons)
}

func apiCandidates(t *testing.T, body []byte) []parityCandidate {
	t.Helper()
	var res struct {
		Results []struct {
			RegisseurID int64    `json:"regisseurId"`
			Name        string   `json:"name"`
			Qualified   bool     `json:"qualified"`
			Fit         string   `json:"fit"`
			Score       *float64 `json:"score"`
			Reasons     []string `json:"reasons"`
		} `json:"results"`
	}
	if err := json.Unmarshal(body, &res); err != nil {
		t.Fatalf("candidates: %v\n%s", err, body)
	}
	out := make([]parityCandidate, len(res.Results))
	for i, r := range res.Results {
		out[i] = parityCandidate{Name: r.Name, RegisseurID: r.RegisseurID, Qualified: r.Qualified, Fit: domain.FitLabels[r.Fit], Reasons: r.Reasons}
		if r.Qualified && r.Score != nil {
			out[i].Score = domain.FormatNumber(*r.Score, 2)
		}
	}
	return out
}

var (
	parityTable  = regexp.MustCompile(`(?s)<table class="utrecht-table utrecht-table--html-table app-case-candidates">.*?<tbody class="utrecht-table__body">(.*?)</tbody>`)
	parityRow    = regexp.MustCompile(`(?s)<tr class="utrecht-table__row">(.*?)</tr>`)
	parityName   = regexp.MustCompile(`<th class="utrecht-table__header-cell" scope="row">([^<]*)</th>`)
	parityScore  = regexp.MustCompile(`<td class="utrecht-table__cell utrecht-table__cell--numeric-data">([0-9.,]+)</td>`)
	parityFit    = regexp.MustCompile(`</th>\s*<td class="utrecht-table__cell">([^<]+)`)
	parityReason = regexp.MustCompile(`<li class="utrecht-unordered-list__item">([^<]*)</li>`)
	parityID     = regexp.MustCompile(`name="regisseurId" value="([0-9]+)"`)
)

// pageCandidates reads the candidates table of a case page.
func pageCandidates(t *testing.T, body string) []parityCandidate {
	t.Helper()
	m := parityTable.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no candidates table on the case page")
	}
	var out []parityCandidate
	for _, row := range parityRow.FindAllStringSubmatch(m[1], -1) {
		r := row[1]
		var c parityCandidate
		if n := parityName.FindStringSubmatch(r); n != nil {
			c.Name = html.UnescapeString(n[1])
		}
		c.Qualified = !strings.Contains(r, "Uitgesloten")
		if f := parityFit.FindStringSubmatch(r); f != nil && c.Qualified {
			c.Fit = strings.TrimSpace(f[1])
		}
		// The numeric cells are the rank and the score.
		if s := parityScore.FindAllStringSubmatch(r, -1); len(s) == 2 && c.Qualified {
			c.Score = s[1][1]
		}
		for _, x := range parityReason.FindAllStringSubmatch(r, -1) {
			c.Reasons = append(c.Reasons, html.UnescapeString(x[1]))
		}
		if id := parityID.FindStringSubmatch(r); id != nil {
			c.RegisseurID, _ = strconv.ParseInt(id[1], 10, 64)
		}
		out = append(out, c)
	}
	return out
}

func apiProposal(t *testing.T, body []byte) (pairs []parityPair, unplaced []int64, total string) {
	t.Helper()
	var p struct {
		Pairs []struct {
			CaseID      int64 `json:"caseId"`
			RegisseurID int64 `json:"regisseurId"`
		} `json:"pairs"`
		Unplaced []struct {
			CaseID int64 `json:"caseId"`
		} `json:"unplaced"`
		Total *float64 `json:"total"`
	}
	if err := json.Unmarshal(body, &p); err != nil {
		t.Fatalf("proposal: %v\n%s", err, body)
	}
	for _, x := range p.Pairs {
		pairs = append(pairs, parityPair{x.CaseID, x.RegisseurID})
	}
	for _, u := range p.Unplaced {
		unplaced = append(unplaced, u.CaseID)
	}
	if p.Total != nil {
		total = domain.FormatNumber(*p.Total, 2)
	}
	return pairs, unplaced, total
}

var (
	parityPairValue = regexp.MustCompile(`name="pair" value="([0-9]+):([0-9]+)"`)
	parityUnplaced  = regexp.MustCompile(`(?s)Casussen zonder voorstel.*`)
	parityCaseLink  = regexp.MustCompile(`href="/casussen/([0-9]+)"`)
	parityTotal     = regexp.MustCompile(`(?s)Totale passing</dt>\s*<dd[^>]*>([^<]*)</dd>`)
)

// pageProposal reads the pairs, the unplaced cases and the total of the
// proposal page.
func pageProposal(t *testing.T, body string) (pairs []parityPair, unplaced []int64, total string) {
	t.Helper()
	for _, m := range parityPairValue.FindAllStringSubmatch(body, -1) {
		c, _ := strconv.ParseInt(m[1], 10, 64)
		r, _ := strconv.ParseInt(m[2], 10, 64)
		pairs = append(pairs, parityPair{c, r})
	}
	if section := parityUnplaced.FindString(body); section != "" {
		for _, m := range parityCaseLink.FindAllStringSubmatch(section, -1) {
			id, _ := strconv.ParseInt(m[1], 10, 64)
			unplaced = append(unplaced, id)
		}
	}
	if m := parityTotal.FindStringSubmatch(body); m != nil {
		total = m[1]
	}
	return pairs, unplaced, total
}

// checkProposalFits: every proposed pair can be committed as proposed.
func checkProposalFits(t *testing.T, db *postgres.DB, ctx context.Context, pairs []parityPair) {
	t.Helper()
	for _, p := range pairs {
		if _, err := db.Assign(ctx, p.CaseID, p.RegisseurID); err != nil {
			t.Errorf("proposed pair %v cannot be assigned: %v", p, err)
		}
	}
}
