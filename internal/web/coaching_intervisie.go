package web

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"regiepool/internal/domain"
)

// The intervisie log: the sessions and one session with its confidential
// notes. The form that logs a session is in coaching_intervisie_form.go.

type intervisieListPage struct {
	BasePage
	Rows    []intervisieRow
	Pager   pager
	NewHref string
}

type intervisieRow struct {
	Href, Date, Form, Themes string
	Attended, Invited        int
}

func (p *Pages) handleIntervisies(c *gin.Context) error {
	pg := pageParam(c)
	sessions, total, err := p.App.Intervisies(c.Request.Context(), pg)
	if err != nil {
		return err
	}
	page := intervisieListPage{Pager: newPager(intervisiePath, pg, total), NewHref: intervisieNewPath}
	for _, s := range sessions {
		page.Rows = append(page.Rows, intervisieRow{Href: intervisieSessionPath(s.ID), Date: domain.FormatDate(s.HeldOn),
			Form: domain.IntervisieFormLabels[s.Form], Themes: strings.Join(s.Themes, ", "),
			Attended: len(s.Attendees), Invited: len(s.Attendees) + len(s.Absentees)})
	}
	page.BasePage = p.base(c, "Intervisie")
	p.render(c, http.StatusOK, "coach_intervisies", page)
	return nil
}

type intervisiePage struct {
	BasePage
	Heading      string
	Notice       string
	Date         string
	Duration     int
	Form         string
	Themes       []string
	Competencies []string
	Attendees    string
	Absentees    string
	NotesVisible bool
	Notes        string
}

func (p *Pages) handleIntervisie(c *gin.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	d, err := p.App.IntervisieDetail(c.Request.Context(), id)
	if err != nil {
		return err
	}
	s := d.Session
	form := domain.IntervisieFormLabels[s.Form]
	page := intervisiePage{Heading: form + " van " + domain.FormatDate(s.HeldOn), Date: domain.FormatDate(s.HeldOn), Duration: s.DurationMinutes, Form: form,
		Themes: s.Themes, NotesVisible: s.NotesVisible, Notes: s.Notes}
	if c.Query("opgeslagen") == "1" {
		page.Notice = "De bijeenkomst is vastgelegd."
	}
	for _, k := range s.Competencies {
		page.Competencies = append(page.Competencies, d.Competencies.Name(k))
	}
	page.Attendees = peopleText(namesOf(s.Attendees, d.Names))
	page.Absentees = peopleText(namesOf(s.Absentees, d.Names))
	page.BasePage = p.base(c, page.Heading)
	p.render(c, http.StatusOK, "coach_intervisie", page)
	return nil
}
