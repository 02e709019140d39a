package web

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"regiepool/internal/domain"
)

// The coach's start page: per regisseur they coach what needs attention now.

// coachDueDays is how far ahead the dashboard looks for goals that are due.
const coachDueDays = 30

type coachDashboardPage struct {
	BasePage
	Intro      string
	Cards      []coachCard
	Pager      adminPager
	NewSession string
	Sessions   string
}

// coachCard is one regisseur on the dashboard.
type coachCard struct {
	ID              string // the heading's id
	Name            string
	DevelopmentHref string
	PlanHref        string
	ReflectionsHref string // "" when the actor does not coach them (admins)
	Rounds          []coachRound
	RoundsKnown     bool
	Goals           []coachGoalDue
	GoalsKnown      bool
	Attendance      string
	LastAttended    string
	Pitfalls        []string
	AttentionPoints []string
	Caseload        string // "" without a pool membership
	MemberStatus    string
}

// coachRound is an open 360 round: who has not answered yet.
type coachRound struct {
	Href, Deadline string
	Waiting        []string // internal raters by name
	External       []string // "2 van 4 partners"
	Done           bool     // everybody answered
}

type coachGoalDue struct {
	Competency, Description, TargetDate, Status string
	Overdue                                     bool
}

func (p *Pages) handleCoachDashboard(c *gin.Context) {
	ctx := c.Request.Context()
	a := domain.ActorFrom(ctx)
	pg := adminPageParam(c)
	pg.PageSize = domain.MaxPageSize
	regs, total, err := p.DB.FindRegisseurs(ctx, pg)
	if err != nil {
		p.storeFailed(c, "find regisseurs", err)
		return
	}
	page := coachDashboardPage{Pager: newAdminPager(coachPath, pg, total), NewSession: intervisieNewPath, Sessions: intervisiePath,
		Intro: "De regisseurs die u begeleidt, met wat nu aandacht vraagt."}
	if a.Has(domain.RoleAdmin) {
		page.Intro = "Alle regisseurs, met wat nu aandacht vraagt."
	}
	if len(regs) > 0 {
		if page.Cards, err = p.coachCards(c, regs); err != nil {
			p.adminInternalError(c, "coach dashboard", err)
			return
		}
	}
	page.BasePage = p.base(c, "Begeleiding")
	p.render(c, http.StatusOK, "coach_dashboard", page)
}

// coachCards gathers what the dashboard shows of each regisseur. A part the
// actor may not see of someone (a regisseur in scope by another role) is
// left out quietly.
func (p *Pages) coachCards(c *gin.Context, regs []domain.Regisseur) ([]coachCard, error) {
	ctx := c.Request.Context()
	a := domain.ActorFrom(ctx)
	comps, err := p.loadCompetencies(ctx)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(regs))
	for i, r := range regs {
		ids[i] = r.ID
	}
	att, err := p.DB.FindAttendance(ctx, ids)
	if err != nil {
		return nil, err
	}
	attendance := map[int64]domain.Attendance{}
	for _, x := range att {
		attendance[x.RegisseurID] = x
	}
	members, err := p.membershipsByRegisseur(ctx)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	today := now.Format(isoDay)
	horizon := now.AddDate(0, 0, coachDueDays).Format(isoDay)
	cards := make([]coachCard, 0, len(regs))
	for _, r := range regs {
		card := coachCard{ID: "regisseur-" + strconv.FormatInt(r.ID, 10), Name: r.Name,
			DevelopmentHref: developmentPath(r.ID), PlanHref: planPath(r.ID)}
		if a.Has(domain.RoleCoach) {
			card.ReflectionsHref = sharedReflectionsPath(r.ID)
		}

		rounds, err := p.DB.FindFeedbackRounds(ctx, r.ID)
		switch {
		case err == nil:
			card.RoundsKnown = true
			for _, fr := range rounds {
				if fr.Status == domain.RoundOpen {
					card.Rounds = append(card.Rounds, coachRoundOf(fr))
				}
			}
		case domain.ErrorCode(err) != domain.ENotFound:
			return nil, err
		}

		goals, err := p.DB.FindDevelopmentGoals(ctx, r.ID)
		switch {
		case err == nil:
			card.GoalsKnown = true
			for _, g := range goals {
				if g.Status != domain.GoalOpen && g.Status != domain.GoalInProgress {
					continue
				}
				if d := g.TargetDate.Format(isoDay); d <= horizon {
					card.Goals = append(card.Goals, coachGoalDue{Competency: comps.name(g.CompetencyKey), Description: g.Description,
						TargetDate: day(g.TargetDate), Status: domain.GoalStatusLabels[g.Status], Overdue: d < today})
				}
			}
		case domain.ErrorCode(err) != domain.ENotFound:
			return nil, err
		}

		x := attendance[r.ID]
		card.Attendance = "Nog niet uitgenodigd"
		if x.Invited > 0 {
			card.Attendance = fmt.Sprintf("%d van %d bijgewoond (%s)", x.Attended, x.Invited, percent(x.Rate()))
		}
		if x.LastAttended != nil {
			card.LastAttended = day(*x.LastAttended)
		}

		if m, ok := members[r.ID]; ok {
			card.MemberStatus = domain.MembershipLabels[m.Status]
			card.Caseload = fmt.Sprintf("%d van %d casussen", m.ActiveCases, m.MaxCases)
			ps, err := p.preSelectionOf(ctx, m.ID)
			if err != nil {
				return nil, err
			}
			if ps != nil {
				card.Pitfalls, card.AttentionPoints = ps.Pitfalls, ps.AttentionPoints
			}
		}
		cards = append(cards, card)
	}
	return cards, nil
}

// coachRoundOf lists who has not answered an open round: accounts by name,
// external raters as counts per group.
func coachRoundOf(r domain.FeedbackRound) coachRound {
	out := coachRound{Href: roundPath(r.ID), Deadline: day(r.Deadline)}
	invited, waiting := map[domain.RaterGroup]int{}, map[domain.RaterGroup]int{}
	for _, x := range r.Raters {
		switch {
		case x.Submitted && x.External:
			invited[x.Group]++
		case x.Submitted:
		case x.External:
			invited[x.Group]++
			waiting[x.Group]++
		default:
			name := x.UserName
			if name == "" {
				name = "Onbekend account"
			}
			out.Waiting = append(out.Waiting, name+" ("+x.Group.Names().One+")")
		}
	}
	for _, g := range domain.RaterGroups {
		n, w := invited[g], waiting[g]
		if w == 0 {
			continue
		}
		noun := g.Names().Many
		if n == 1 {
			noun = g.Names().One
		}
		out.External = append(out.External, fmt.Sprintf("%d van %d %s", w, n, noun))
	}
	out.Done = len(out.Waiting) == 0 && len(out.External) == 0
	return out
}
