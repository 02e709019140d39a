package api

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"regiepool/internal/domain"
)

// The coaching API: intervisie themes, sessions and attendance. The
// reflection log is in coaching_reflection.go, development plans in
// coaching_plan.go. Every handler calls one use case of internal/app.

func (h *handler) handleThemeIndex(c *gin.Context) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	ts, total, err := h.App.Themes(c.Request.Context(), p)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, newPage(c, p, total, ts))
	return nil
}

type themeRequest struct {
	Name string `json:"name" binding:"required,max=120"`
}

func (h *handler) handleThemeCreate(c *gin.Context) error {
	var req themeRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	t, err := h.App.CreateTheme(c.Request.Context(), req.Name)
	if err != nil {
		return err
	}
	c.JSON(http.StatusCreated, t)
	return nil
}

type intervisieResponse struct {
	ID              int64    `json:"id"`
	HeldOn          string   `json:"heldOn"`
	DurationMinutes int      `json:"durationMinutes"`
	Form            string   `json:"form"`
	ThemeIDs        []int64  `json:"themeIds"`
	Themes          []string `json:"themes"`
	Competencies    []string `json:"competencies"`
	Attendees       []int64  `json:"attendees"`
	Absentees       []int64  `json:"absentees"`
	Notes           *string  `json:"notes,omitempty"`
	CreatedAt       string   `json:"createdAt"`
}

func toIntervisieResponse(s domain.Intervisie) intervisieResponse {
	r := intervisieResponse{ID: s.ID, HeldOn: s.HeldOn.Format("2006-01-02"), DurationMinutes: s.DurationMinutes, Form: s.Form,
		ThemeIDs: nonNil(s.ThemeIDs), Themes: nonNil(s.Themes), Competencies: nonNil(s.Competencies), Attendees: nonNil(s.Attendees),
		Absentees: nonNil(s.Absentees), CreatedAt: timestamp(s.CreatedAt)}
	if s.NotesVisible {
		n := s.Notes
		r.Notes = &n
	}
	return r
}

type intervisieRequest struct {
	HeldOn          string   `json:"heldOn" binding:"required,datetime=2006-01-02"`
	DurationMinutes int      `json:"durationMinutes" binding:"required,min=15,max=600"`
	Form            string   `json:"form" binding:"required,oneof=intervisie casuistiekbespreking thematische_instructie"`
	ThemeIDs        []int64  `json:"themeIds" binding:"omitempty,max=50,dive,min=1"`
	Competencies    []string `json:"competencies" binding:"omitempty,max=20,dive,max=60"`
	Attendees       []int64  `json:"attendees" binding:"required,min=1,max=200,dive,min=1"`
	Absentees       []int64  `json:"absentees" binding:"omitempty,max=200,dive,min=1"`
	Notes           string   `json:"notes" binding:"max=10000"`
}

func (h *handler) handleIntervisieCreate(c *gin.Context) error {
	var req intervisieRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	held, err := parseDate("heldOn", req.HeldOn)
	if err != nil {
		return err
	}
	s := domain.Intervisie{HeldOn: held, DurationMinutes: req.DurationMinutes, Form: req.Form, ThemeIDs: req.ThemeIDs,
		Competencies: req.Competencies, Attendees: req.Attendees, Absentees: req.Absentees, Notes: req.Notes}
	// The session comes back as the actor sees it (theme names, notes when
	// visible), read in the transaction that stored it.
	s, err = h.App.LogIntervisie(c.Request.Context(), s)
	if err != nil {
		return err
	}
	c.Header("Location", c.Request.URL.Path+"/"+strconv.FormatInt(s.ID, 10))
	c.JSON(http.StatusCreated, toIntervisieResponse(s))
	return nil
}

func (h *handler) handleIntervisieIndex(c *gin.Context) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	ss, total, err := h.App.Intervisies(c.Request.Context(), p)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, newPage(c, p, total, mapAll(ss, toIntervisieResponse)))
	return nil
}

func (h *handler) handleIntervisieShow(c *gin.Context) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	s, err := h.App.Intervisie(c.Request.Context(), id)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, toIntervisieResponse(s))
	return nil
}

type attendanceResponse struct {
	RegisseurID  int64   `json:"regisseurId"`
	Invited      int     `json:"invited"`
	Attended     int     `json:"attended"`
	Rate         float64 `json:"rate"`
	LastAttended *string `json:"lastAttended"`
}

func (h *handler) handleAttendance(c *gin.Context) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	a, err := h.App.Attendance(c.Request.Context(), id)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, attendanceResponse{RegisseurID: a.RegisseurID, Invited: a.Invited, Attended: a.Attended,
		Rate: float64(int(a.Rate()*1000)) / 1000, LastAttended: optDate(a.LastAttended)})
	return nil
}
