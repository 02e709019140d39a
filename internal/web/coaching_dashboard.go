package web

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"regiepool/internal/app"
	"regiepool/internal/domain"
)

// The coach's start page: per regisseur they coach what needs attention now.

type coachDashboardPage struct {
	BasePage
	Intro      string
	Cards      []coachCard
	Pager      pager
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
	// PreSelectionHref leads to the pre-selection on the member's page
	// (pitfalls and attention points): "" when the actor may not see it.
	// The dashboard itself does not read it (app.CoachCard.SeesPreSelection).
	PreSelectionHref string
	Caseload         string // "" without a pool membership
	MemberStatus     string
}

// coachRound is an open 360 round: who has not answered yet.
type coachRound struct {
	Href, Deadline string
	Waiting        []string // internal raters by name
	External       []string // "2 van 4 partners"
	Done           bool     // everybody answered
	Proposed       bool     // proposed by the regisseur, to approve
	ToClose        bool     // open past its deadline (domain.FeedbackRound.ToClose)
}

// coachGoalDue is a goal due soon or overdue, by its outline: the
// competency, target date and status, not what the goal says (that is the
// plan's content, read on the plan's page, where the read is audited).
type coachGoalDue struct {
	Competency, TargetDate, Status string
	Overdue                        bool
}

func (p *Pages) handleCoachDashboard(c *gin.Context) error {
	pg := pageParam(c)
	pg.PageSize = domain.MaxPageSize
	d, err := p.App.CoachDashboard(c.Request.Context(), pg)
	if err != nil {
		return err
	}
	page := coachDashboardPage{Pager: newPager(coachPath, pg, d.Total), NewSession: intervisieNewPath, Sessions: intervisiePath,
		Intro: "De regisseurs die u begeleidt, met wat nu aandacht vraagt."}
	if d.Everyone {
		page.Intro = "Alle regisseurs, met wat nu aandacht vraagt."
	}
	for _, cd := range d.Cards {
		page.Cards = append(page.Cards, newCoachCard(cd))
	}
	page.BasePage = p.base(c, "Begeleiding")
	p.render(c, http.StatusOK, "coach_dashboard", page)
	return nil
}

// newCoachCard writes what the dashboard shows of one regisseur.
func newCoachCard(cd app.CoachCard) coachCard {
	r := cd.Regisseur
	card := coachCard{ID: "regisseur-" + strconv.FormatInt(r.ID, 10), Name: r.Name,
		RoundsKnown: cd.RoundsKnown, GoalsKnown: cd.GoalsKnown}
	if cd.ManagesDevelopment {
		card.DevelopmentHref, card.PlanHref = developmentPath(r.ID), planPath(r.ID)
	}
	if cd.ReadsReflections {
		card.ReflectionsHref = sharedReflectionsPath(r.ID)
	}
	for _, fr := range cd.ProposedRounds {
		card.Rounds = append(card.Rounds, coachRound{Href: roundPath(fr.ID), Deadline: domain.FormatDate(fr.Deadline), Proposed: true})
	}
	now := time.Now()
	for _, fr := range cd.OpenRounds {
		r := coachRoundOf(fr)
		r.ToClose = fr.ToClose(now)
		card.Rounds = append(card.Rounds, r)
	}
	for _, g := range cd.DueGoals {
		card.Goals = append(card.Goals, coachGoalDue{Competency: g.Competency,
			TargetDate: domain.FormatDate(g.TargetDate), Status: domain.GoalStatusLabels[g.Status], Overdue: g.Overdue})
	}
	x := cd.Attendance
	card.Attendance = "Nog niet uitgenodigd"
	if x.Invited > 0 {
		card.Attendance = fmt.Sprintf("%d van %d bijgewoond (%s)", x.Attended, x.Invited, domain.FormatPercent(x.Attended, x.Invited))
	}
	if x.LastAttended != nil {
		card.LastAttended = domain.FormatDate(*x.LastAttended)
	}
	if m := cd.Membership; m != nil {
		card.MemberStatus = domain.MembershipLabels[m.Status]
		card.Caseload = fmt.Sprintf("%d van %d casussen", m.ActiveCases, m.MaxCases)
	}
	if cd.Membership != nil && cd.SeesPreSelection {
		card.PreSelectionHref = poolMemberPath(cd.Membership.ID) + "#voorselectie-titel"
	}
	return card
}

// coachRoundOf lists who has not answered an open round: accounts by name,
// external raters as counts per group.
func coachRoundOf(r domain.FeedbackRound) coachRound {
	out := coachRound{Href: roundPath(r.ID), Deadline: domain.FormatDate(r.Deadline)}
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
