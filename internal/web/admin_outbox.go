package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"regiepool/internal/domain"
)

// adminOutboxPath is the outbox: every e-mail the service sends waits here
// first; without REGIEPOOL_SMTP_URL it stays, and admins read it here.
const adminOutboxPath = "/beheer/berichten"

type outboxRow struct {
	ID                int64
	Created, Kind, To string
	Subject, Status   string
	Attempts          int
	Failed, Pending   bool
}

type outboxFilterLink struct {
	Label, Href string
	Count       int
	Current     bool
}

type outboxListPage struct {
	BasePage
	Filters []outboxFilterLink
	Rows    []outboxRow
	Pager   pager
	Caption string
}

func outboxRowOf(m domain.OutboxMessage) outboxRow {
	to := m.To
	if to == "" {
		to = "(gewist)"
	}
	return outboxRow{ID: m.ID, Created: domain.FormatDateTime(m.CreatedAt), Kind: m.Kind.Label(), To: to, Subject: m.Subject,
		Status: domain.OutboxStatusLabels[m.Status], Attempts: m.Attempts, Failed: m.Status == domain.OutboxFailed,
		Pending: m.Status == domain.OutboxPending}
}

// handleOutbox lists the outbox, newest first, filtered by ?status=.
func (p *Pages) handleOutbox(c *gin.Context) error {
	ctx := c.Request.Context()
	var f domain.OutboxFilter
	status := c.Query("status")
	path := adminOutboxPath
	if status != "" {
		if _, ok := domain.OutboxStatusLabels[status]; !ok {
			status = ""
		} else {
			f.Status = &status
			path += "?status=" + url.QueryEscape(status)
		}
	}
	pg := pageParam(c)
	msgs, total, err := p.App.OutboxMessages(ctx, f, pg)
	if err != nil {
		return err
	}
	stats, err := p.App.OutboxStats(ctx)
	if err != nil {
		return err
	}
	page := outboxListPage{BasePage: p.base(c, "Berichten"), Pager: newPager(path, pg, total)}
	if status != "" { // the filter's path carries a query already
		page.Pager.Prev = strings.Replace(page.Pager.Prev, "?pagina=", "&pagina=", 1)
		page.Pager.Next = strings.Replace(page.Pager.Next, "?pagina=", "&pagina=", 1)
	}
	counts := map[string]int{domain.OutboxPending: stats.Pending, domain.OutboxSent: stats.Sent,
		domain.OutboxFailed: stats.Failed, domain.OutboxCancelled: stats.Cancelled}
	all := stats.Pending + stats.Sent + stats.Failed + stats.Cancelled
	page.Filters = append(page.Filters, outboxFilterLink{Label: "Alle berichten", Href: adminOutboxPath, Count: all, Current: status == ""})
	for _, s := range domain.OutboxStatuses {
		page.Filters = append(page.Filters, outboxFilterLink{Label: domain.OutboxStatusLabels[s], Href: adminOutboxPath + "?status=" + s,
			Count: counts[s], Current: status == s})
	}
	page.Caption = "Alle berichten"
	if status != "" {
		page.Caption = domain.OutboxStatusLabels[status]
	}
	for _, m := range msgs {
		page.Rows = append(page.Rows, outboxRowOf(m))
	}
	p.render(c, http.StatusOK, "admin_outbox", page)
	return nil
}

type outboxMessagePage struct {
	BasePage
	Message             outboxRow
	Text, LastError     string
	NextAttempt, SentAt string
	BackHref            string
}

// handleOutboxMessage shows one message: its text part (the HTML part says
// the same and is not drawn, so nothing in a message can run in the page).
func (p *Pages) handleOutboxMessage(c *gin.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	m, err := p.App.OutboxMessage(c.Request.Context(), id)
	if err != nil {
		return err
	}
	page := outboxMessagePage{BasePage: p.base(c, "Bericht "+strconv.FormatInt(id, 10)), Message: outboxRowOf(m), Text: m.Text,
		LastError: m.LastError, BackHref: adminOutboxPath}
	if m.Status == domain.OutboxPending {
		page.NextAttempt = domain.FormatDateTime(m.NextAttemptAt)
	}
	if m.SentAt != nil {
		page.SentAt = domain.FormatDateTime(*m.SentAt)
	}
	p.render(c, http.StatusOK, "admin_outbox_message", page)
	return nil
}
