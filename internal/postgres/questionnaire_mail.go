package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"regiepool/internal/auth"
	"regiepool/internal/domain"
)

// MailVoiceLinks writes to the outbox the mails of questionnaire links of
// case caseID that were shown once, for whoever may hand out its links
// (domain.CheckVoiceIssue): each token must be an unused, unexpired link of
// this case. The address goes into the outbox row only. Errors: not_found,
// forbidden, conflict, invalid (links[i].url).
func (db *DB) MailVoiceLinks(ctx context.Context, caseID int64, links []domain.VoiceLinkMail) error {
	a := domain.ActorFrom(ctx)
	err := db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		c, err := lockCase(ctx, tx, caseID)
		if err != nil {
			return err
		}
		if err := domain.CheckVoiceIssue(a, c, time.Now()); err != nil {
			return err
		}
		var fes []domain.FieldError
		for i, l := range links {
			var inviteID int64
			const q = `SELECT i.id FROM single_use_token t JOIN case_questionnaire_invite i ON i.id = t.subject_id
				WHERE t.purpose = 'questionnaire' AND t.token_hash = $1 AND i.case_id = $2 AND t.used_at IS NULL AND t.expires_at > now()`
			if err := tx.GetContext(ctx, &inviteID, q, auth.HashToken(l.Token), caseID); err == sql.ErrNoRows {
				fes = append(fes, domain.FieldError{Name: fmt.Sprintf("links[%d].url", i), Code: "link",
					Reason: "Deze link hoort niet bij een open vragenlijst van deze casus."})
				continue
			} else if err != nil {
				return err
			}
			if err := mailVoiceLink(ctx, tx, inviteID, l); err != nil {
				return err
			}
		}
		if len(fes) > 0 {
			return domain.Invalid(fes...)
		}
		return nil
	})
	if domain.ErrorCode(err) == domain.EForbidden {
		return db.deny(ctx, "update", "case_questionnaire_invite", nil, err)
	}
	switch domain.ErrorCode(err) {
	case domain.ENotFound, domain.EConflict, domain.EInvalid:
		return err
	}
	return wrap(err, "mail questionnaire links of case %d", caseID)
}

// mailVoiceLink writes the mail of the questionnaire link of invite
// inviteID to the outbox, addressed to l.Email: the address goes into the
// outbox row only. The audit trail names the invite, not the address.
func mailVoiceLink(ctx context.Context, tx *Tx, inviteID int64, l domain.VoiceLinkMail) error {
	m := l.Mail
	m.To, m.ToUserID = l.Email, nil
	if _, err := enqueueMail(ctx, tx, m); err != nil {
		return err
	}
	return audit(ctx, tx, "mail_link", "case_questionnaire_invite", &inviteID, domain.OutcomeAllowed)
}
