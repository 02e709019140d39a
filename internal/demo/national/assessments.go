package national

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"time"

	"regiepool/internal/domain"
	"regiepool/internal/postgres"
)

// instrumentInfo is the current instrument's items as stored.
type instrumentInfo struct {
	id           int64
	items        []item
	competencies []string // keys
}

type item struct {
	ID     int64  `db:"id"`
	Key    string `db:"key"`
	Kind   string `db:"kind"`
	Family bool   `db:"on_family_form"`
}

func loadInstrument(ctx context.Context, db *postgres.DB) (instrumentInfo, error) {
	var in instrumentInfo
	if err := db.GetContext(ctx, &in.id, `SELECT id FROM instrument ORDER BY key, version DESC LIMIT 1`); err != nil {
		return in, fmt.Errorf("no instrument loaded: %w", err)
	}
	if err := db.SelectContext(ctx, &in.items, `SELECT id, key, kind, on_family_form FROM instrument_item WHERE instrument_id = $1 ORDER BY position`, in.id); err != nil {
		return in, err
	}
	for _, it := range in.items {
		if it.Kind == "competency" {
			in.competencies = append(in.competencies, it.Key)
		}
	}
	if len(in.competencies) == 0 {
		return in, fmt.Errorf("instrument %d has no competencies", in.id)
	}
	return in, nil
}

// response is one submitted questionnaire, as the answers stream needs it.
type response struct {
	id     string
	round  int64
	group  domain.RaterGroup
	reg    int
	growth int
}

// assessments writes a submitted self-assessment per member, 360 rounds
// (ClosedRounds closed ones over the members in the pool, the 2025 cohort
// with a second round, and a few open ones) with their raters, single-use
// links and answers. A submitted answer has, as in the service, no
// reference to its rater, no time and a random id; a round's responses are
// written in random order, so not even the order ties them to raters.
func (g *gen) assessments(ctx context.Context) error {
	if err := g.selfAssessments(ctx); err != nil {
		return err
	}
	var eligible []int
	for i := range g.regs {
		if s := g.regs[i].status; s == domain.MemberActive || s == domain.MemberPaused || s == domain.MemberLeft {
			eligible = append(eligible, i)
		}
	}
	if len(eligible) == 0 {
		return nil
	}
	var rounds, raters, tokens [][]any
	var responses []response
	addRound := func(ri, nth int, closed bool) {
		r := &g.regs[ri]
		rid := g.next("feedback_round")
		opened := g.at(r.joined.AddDate(0, 0, 60+nth*300))
		if opened.After(g.today) {
			opened = g.at(g.day(20))
		}
		deadline := opened.AddDate(0, 0, 21)
		var closedAt any
		status := "open"
		if closed {
			status, closedAt = "closed", deadline.Add(time.Hour)
		} else {
			opened = g.at(g.day(5))
			deadline = g.today.AddDate(0, 0, 14)
		}
		rounds = append(rounds, []any{rid, r.id, g.instrument.id, status, deadline, r.coaches[0], opened, closedAt})
		groups := []domain.RaterGroup{domain.GroupCoach, domain.GroupManager, domain.GroupPeer, domain.GroupPeer, domain.GroupPeer,
			domain.GroupPartner, domain.GroupPartner, domain.GroupPartner, domain.GroupFamily, domain.GroupFamily, domain.GroupFamily}
		var these []response
		for _, grp := range groups {
			id := g.next("feedback_rater")
			submitted := closed && (grp == domain.GroupCoach || grp == domain.GroupManager || g.rng.Intn(100) < 85)
			var at any
			if submitted {
				at = opened.AddDate(0, 0, 1+g.rng.Intn(20))
			}
			var user, token any
			switch grp {
			case domain.GroupCoach:
				user = r.coaches[0]
			case domain.GroupManager:
				user = g.orgs[r.org].contact
			default:
				tid := g.next("single_use_token")
				token = tid
				tokens = append(tokens, []any{tid, tokenHash(tid), "rater", id, opened, deadline, at})
			}
			raters = append(raters, []any{id, rid, string(grp), user, token, opened, at})
			if submitted {
				these = append(these, response{id: g.uuid(), round: rid, group: grp, reg: ri, growth: nth})
			}
		}
		g.rng.Shuffle(len(these), func(i, j int) { these[i], these[j] = these[j], these[i] })
		responses = append(responses, these...)
		if closed {
			g.closedRounds++
		}
	}
	for k := 0; k < g.size.ClosedRounds; k++ {
		ri := eligible[k%len(eligible)]
		addRound(ri, k/len(eligible), true)
	}
	for k := 0; k < len(eligible)/50; k++ {
		addRound(eligible[g.rng.Intn(len(eligible))], 3, false)
	}
	if err := g.copySlice(ctx, "single_use_token", []string{"id", "token_hash", "purpose", "subject_id", "created_at", "expires_at", "used_at"}, tokens); err != nil {
		return err
	}
	if err := g.copySlice(ctx, "feedback_round", []string{"id", "regisseur_id", "instrument_id", "status", "deadline", "opened_by", "created_at", "closed_at"}, rounds); err != nil {
		return err
	}
	if err := g.copySlice(ctx, "feedback_rater", []string{"id", "round_id", "rater_group", "user_id", "token_id", "created_at", "submitted_at"}, raters); err != nil {
		return err
	}
	return g.writeResponses(ctx, responses)
}

// writeResponses writes the responses and streams their answers: the
// member's level per item with some spread, growth in later rounds, now
// and then "kan ik niet beoordelen" (no score). Family members answer the
// family items only.
func (g *gen) writeResponses(ctx context.Context, responses []response) error {
	rows := make([][]any, len(responses))
	for i, r := range responses {
		rows[i] = []any{r.id, r.round, string(r.group)}
	}
	if err := g.copySlice(ctx, "feedback_response", []string{"id", "round_id", "rater_group"}, rows); err != nil {
		return err
	}
	rows = nil
	ri, ii := 0, 0
	return g.copyRows(ctx, "feedback_answer", []string{"response_id", "item_id", "score", "comment"}, func() []any {
		for ri < len(responses) {
			r := responses[ri]
			for ii < len(g.instrument.items) {
				it := g.instrument.items[ii]
				ii++
				if r.group == domain.GroupFamily && !it.Family {
					continue
				}
				var score any
				if g.rng.Intn(30) != 0 {
					score = clamp(g.regs[r.reg].level[ii-1] + r.growth/2 + g.rng.Intn(3) - 1)
				}
				comment := ""
				if g.rng.Intn(60) == 0 {
					comment = "Houdt in het rondetafeloverleg knap de lijn vast."
				}
				return []any{r.id, it.ID, score, comment}
			}
			ri, ii = ri+1, 0
		}
		return nil
	})
}

// selfAssessments writes a submitted self-assessment for every member past
// the nomination: written as a draft with its answers, then submitted
// (submitted answers are frozen by a trigger).
func (g *gen) selfAssessments(ctx context.Context) error {
	var rows [][]any
	var who []int
	for i := range g.regs {
		r := &g.regs[i]
		if r.status == domain.MemberNominated || r.status == domain.MemberWithdrawn {
			continue
		}
		at := g.at(r.joined.AddDate(0, 0, 3))
		rows = append(rows, []any{g.next("self_assessment"), r.id, g.instrument.id, "draft", at, at})
		who = append(who, i)
	}
	if err := g.copySlice(ctx, "self_assessment", []string{"id", "regisseur_id", "instrument_id", "status", "created_at", "updated_at"}, rows); err != nil {
		return err
	}
	first := rows[0][0].(int64)
	k, ii := 0, 0
	if err := g.copyRows(ctx, "self_answer", []string{"self_assessment_id", "item_id", "score", "comment"}, func() []any {
		for k < len(who) {
			if ii < len(g.instrument.items) {
				r := &g.regs[who[k]]
				bias := 0
				switch (k + ii) % 7 {
				case 0:
					bias = 1
				case 3:
					bias = -1
				}
				ii++
				return []any{first + int64(k), g.instrument.items[ii-1].ID, clamp(r.level[ii-1] + bias), ""}
			}
			k, ii = k+1, 0
		}
		return nil
	}); err != nil {
		return err
	}
	err := g.tx.Exec(ctx, `UPDATE self_assessment SET status = 'submitted', submitted_at = updated_at WHERE status = 'draft'`)
	return err
}

// uuid is a random (version 4) UUID from the generator's source.
func (g *gen) uuid() string {
	var b [16]byte
	binary.LittleEndian.PutUint64(b[:8], g.rng.Uint64())
	binary.LittleEndian.PutUint64(b[8:], g.rng.Uint64())
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// tokenHash is the stored hash of a link nobody holds: the links of the
// generated rounds are never handed out.
func tokenHash(id int64) []byte {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], uint64(id))
	h := sha256.Sum256(append([]byte("regiepool-national-link"), b[:]...))
	return h[:]
}
