package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"regiepool/internal/domain"
)

// The privacy pages: who read a regisseur's data (for the regisseur on
// their account, for an admin per regisseur), and the download of
// everything held about oneself (AVG art. 15).
const (
	myAccessPath = accountPath + "/inzage"
	myDataPath   = accountPath + "/gegevens"
)

// recordAccessPath is the admin's who-read list of regisseur id.
func recordAccessPath(regisseurID int64) string {
	return "/regisseurs/" + strconv.FormatInt(regisseurID, 10) + "/inzage"
}

type recordAccessRow struct {
	At, Role, Name, Record, Action string
}

type recordAccessPage struct {
	BasePage
	Heading, Intro, Caption, Empty string
	Rows                           []recordAccessRow
	Pager                          pager
	Back                           *link
}

// link is a plain link under a page.
type link struct{ Href, Label string }

func recordAccessRows(es []domain.RecordAccess) []recordAccessRow {
	rows := make([]recordAccessRow, len(es))
	for i, e := range es {
		r := recordAccessRow{At: domain.FormatDateTime(e.At), Role: domain.ReaderLabels[e.ReaderRole()],
			Record: labelOr(domain.RecordTypeLabels, e.RecordType), Action: labelOr(domain.ActionLabels, e.Action)}
		if n := e.ReaderName(); n != nil {
			r.Name = *n
		}
		rows[i] = r
	}
	return rows
}

// handleMyRecordAccess lists who read or changed the signed-in
// regisseur's sensitive records.
func (p *Pages) handleMyRecordAccess(c *gin.Context) error {
	pg := pageParam(c)
	es, total, err := p.App.MyRecordAccesses(c.Request.Context(), pg)
	if err != nil {
		return err
	}
	page := recordAccessPage{Heading: "Wie heeft mijn gegevens ingezien",
		Intro: "Wie uw profiel, lidmaatschap, preselectie, zelfbeoordelingen, 360-resultaten, reflecties of ontwikkelplan heeft bekeken of gewijzigd, en wanneer. " +
			"Een beheerder staat er zonder naam in. Wat u zelf deed, staat er niet in.",
		Caption: fmt.Sprintf("Inzage en wijzigingen door anderen (%d)", total), Empty: "Niemand anders heeft uw gegevens bekeken of gewijzigd.",
		Rows: recordAccessRows(es), Pager: newPager(myAccessPath, pg, total), Back: &link{accountPath, "Terug naar mijn account"}}
	page.BasePage = p.base(c, page.Heading)
	p.render(c, http.StatusOK, "record_access", page)
	return nil
}

// handleRecordAccess lists, for an admin, every read and change of
// regisseur :id's sensitive records.
func (p *Pages) handleRecordAccess(c *gin.Context) error {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		return domain.Errorf(domain.ENotFound, "not_found", "Deze regisseur bestaat niet.")
	}
	ctx := c.Request.Context()
	reg, err := p.App.Regisseur(ctx, id)
	if err != nil {
		return err
	}
	pg := pageParam(c)
	es, total, err := p.App.RecordAccesses(ctx, id, pg)
	if err != nil {
		return err
	}
	page := recordAccessPage{Heading: "Inzage in de gegevens van " + reg.Name,
		Intro:   "Wie de gevoelige gegevens van deze regisseur heeft bekeken of gewijzigd, en wanneer, uit het auditlog. Wanneer een beoordelaar een 360-vragenlijst invulde staat er bewust niet in.",
		Caption: fmt.Sprintf("Inzage en wijzigingen (%d)", total), Empty: "Niemand heeft de gegevens van deze regisseur bekeken of gewijzigd.",
		Rows: recordAccessRows(es), Pager: newPager(recordAccessPath(id), pg, total)}
	page.BasePage = p.base(c, page.Heading)
	p.render(c, http.StatusOK, "record_access", page)
	return nil
}

// handleMyData downloads everything held about the signed-in user: JSON,
// or a readable PDF with ?formaat=pdf.
func (p *Pages) handleMyData(c *gin.Context) error {
	ctx := c.Request.Context()
	switch c.DefaultQuery("formaat", "json") {
	case "pdf":
		return p.sendPDF(c, "mijn-gegevens-regiepool.pdf", func(b *bytes.Buffer) error { return p.App.ExportMyDataPDF(ctx, b) })
	default:
		e, err := p.App.ExportMyData(ctx)
		if err != nil {
			return err
		}
		b, err := json.MarshalIndent(e, "", "  ")
		if err != nil {
			return err
		}
		c.Header("Content-Disposition", `attachment; filename="mijn-gegevens-regiepool.json"`)
		c.Data(http.StatusOK, "application/json; charset=utf-8", b)
	}
	return nil
}
