package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"regiepool/internal/auth"
	"regiepool/internal/domain"
)

// The family's and the parties' voice (issue 13, item 11). A link is a
// single_use_token of purpose 'questionnaire' whose subject is a
// case_questionnaire_invite (for whom, at which moment of which case). An
// answer (case_questionnaire_answer) keeps the case, the kind of respondent
// and the moment only: no invite or token, no time, a random id. The audit
// trail names the invite that was answered, never the answer.

// IssueVoiceLinks hands out questionnaire links for case caseID in the
// actor's scope (domain.CheckVoiceIssue, domain.VoiceRequest.Validate),
// each valid for domain.VoiceLinkDays days. The case row is locked, so a
// close or handover cannot slip in between the check and the links. The
// links are returned once; only their hashes are stored. The first links
// of a kind take r.Mails of that kind (tokens and mails made by the
// caller): their mails go to the outbox in the same transaction. Errors: not_found,
// forbidden, conflict, invalid.
func (db *DB) IssueVoiceLinks(ctx context.Context, caseID int64, r domain.VoiceRequest) ([]domain.VoiceLink, error) {
	a := domain.ActorFrom(ctx)
	now := time.Now()
	var links []domain.VoiceLink
	err := db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		links = nil
		c, err := lockCase(ctx, tx, caseID)
		if err != nil {
			return err
		}
		if err := domain.CheckVoiceIssue(a, c, now); err != nil {
			return err
		}
		if err := r.Validate(c, now); err != nil {
			return err
		}
		expires := now.AddDate(0, 0, domain.VoiceLinkDays)
		mails := map[domain.RespondentKind][]domain.VoiceLinkMail{}
		for _, m := range r.Mails {
			mails[m.Kind] = append(mails[m.Kind], m)
		}
		for _, k := range domain.RespondentKinds {
			if len(mails[k]) > r.Counts[k] {
				return domain.Invalid(domain.FieldError{Name: mails[k][0].Field, Code: "max", Reason: "Meer e-mailadressen dan links voor deze soort invuller."})
			}
			for i := 0; i < r.Counts[k]; i++ {
				var id int64
				const q = `INSERT INTO case_questionnaire_invite (case_id, respondent_kind, moment, moment_date, issued_by)
					VALUES ($1, $2, $3, $4, $5) RETURNING id`
				if err := tx.GetContext(ctx, &id, q, caseID, k, r.Moment, *r.MomentDate, nullID(a.UserID)); err != nil {
					return err
				}
				link := domain.VoiceLink{Kind: k, Moment: r.Moment, MomentDate: *r.MomentDate, ExpiresAt: expires}
				if i < len(mails[k]) { // the token was made by the application layer, for the mail
					m := mails[k][i]
					tid, err := storeSingleUseToken(ctx, tx, purposeVoice, id, auth.HashToken(m.Token), expires)
					if err != nil {
						return err
					}
					if err := audit(ctx, tx, "create", "single_use_token", &tid, domain.OutcomeAllowed); err != nil {
						return err
					}
					if err := mailVoiceLink(ctx, tx, id, m); err != nil {
						return err
					}
					link.Token, link.Mailed = m.Token, true
				} else if link.Token, err = issueSingleUseToken(ctx, tx, purposeVoice, id, expires); err != nil {
					return err
				}
				if err := audit(ctx, tx, "create", "case_questionnaire_invite", &id, domain.OutcomeAllowed); err != nil {
					return err
				}
				links = append(links, link)
			}
		}
		return nil
	})
	if domain.ErrorCode(err) == domain.EForbidden {
		return nil, db.deny(ctx, "create", "case_questionnaire_invite", nil, err)
	}
	return links, wrap(err, "issue questionnaire links for case %d", caseID)
}

type inviteRow struct {
	ID         int64                 `db:"id"`
	CaseID     int64                 `db:"case_id"`
	Kind       domain.RespondentKind `db:"respondent_kind"`
	Moment     string                `db:"moment"`
	MomentDate time.Time             `db:"moment_date"`
}

const inviteSelect = `SELECT i.id, i.case_id, i.respondent_kind, i.moment, i.moment_date FROM case_questionnaire_invite i`

// VoiceInvite resolves a questionnaire link: the token-scoped actor and
// what the questionnaire needs. It does not use the link up. Errors:
// not_found (unknown link), gone (answered, or expired; the key says
// which: voice_answered, link_expired).
func (db *DB) VoiceInvite(ctx context.Context, token string) (*domain.Actor, domain.VoiceInvite, error) {
	l, err := db.singleUseLink(ctx, purposeVoice, token)
	if err != nil {
		return nil, domain.VoiceInvite{}, err
	}
	switch {
	case l.Used:
		return nil, domain.VoiceInvite{}, errVoiceAnswered()
	case l.Expired:
		return nil, domain.VoiceInvite{}, errVoiceExpired()
	}
	var r inviteRow
	if err := db.GetContext(ctx, &r, inviteSelect+` WHERE i.id = $1`, l.SubjectID); err != nil {
		return nil, domain.VoiceInvite{}, wrap(translate(err, "De vragenlijst"), "questionnaire invite")
	}
	return tokenActor(ctx, l.ID), domain.VoiceInvite{Kind: r.Kind, Moment: r.Moment, MomentDate: r.MomentDate, ExpiresAt: l.ExpiresAt}, nil
}

func errVoiceAnswered() error {
	return domain.Errorf(domain.EGone, "voice_answered",
		"Deze vragenlijst is al ingevuld: een link werkt maar één keer. De eerste antwoorden zijn bewaard; u hoeft niets meer te doen.")
}

func errVoiceExpired() error {
	return domain.Errorf(domain.EGone, "link_expired",
		"Deze link is verlopen: een link werkt %d dagen. Wilt u toch nog iets laten weten, neem dan contact op met de regisseur.", domain.VoiceLinkDays)
}

// AnswerVoice stores the answers of a questionnaire once; ctx carries the
// token actor from VoiceInvite. The answer takes the kind, case and moment
// of the link's invite and nothing else; the token is used up in the same
// transaction, so a second submission, even a concurrent one, is refused.
// Errors: not_found, gone (voice_answered), invalid.
func (db *DB) AnswerVoice(ctx context.Context, ans domain.VoiceAnswer) error {
	a := domain.ActorFrom(ctx)
	if !domain.IsExternalRater(a) {
		return errBadLink()
	}
	err := db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		var r inviteRow
		q := inviteSelect + ` JOIN single_use_token t ON t.subject_id = i.id AND t.purpose = '` + purposeVoice + `' WHERE t.id = $1`
		if err := tx.GetContext(ctx, &r, q, a.TokenID); err != nil {
			return translate(err, "De vragenlijst")
		}
		ans.Kind = r.Kind
		if err := ans.Validate(); err != nil {
			return err
		}
		ans.Normalize()
		if err := UseSingleUseToken(ctx, tx); err != nil {
			if domain.ErrorCode(err) != domain.ENotFound {
				return err
			}
			// Lost the race to another submission, or expired meanwhile.
			var used bool
			if err := tx.GetContext(ctx, &used, `SELECT used_at IS NOT NULL FROM single_use_token WHERE id = $1`, a.TokenID); err != nil || used {
				return errVoiceAnswered()
			}
			return errVoiceExpired()
		}
		const qa = `INSERT INTO case_questionnaire_answer (case_id, respondent_kind, moment, moment_date, heard, helped, collaboration, went_well, could_be_better)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`
		if _, err := tx.ExecContext(ctx, qa, r.CaseID, r.Kind, r.Moment, r.MomentDate, ans.Heard, ans.Helped, ans.Collaboration, ans.WentWell, ans.CouldBeBetter); err != nil {
			return err
		}
		return audit(ctx, tx, "submit", "case_questionnaire_invite", &r.ID, domain.OutcomeAllowed)
	})
	return wrap(err, "answer questionnaire")
}

type tallyRow struct {
	Kind domain.RespondentKind `db:"respondent_kind"`
	N    int                   `db:"n"`
}

type voiceAnswerRow struct {
	Kind          domain.RespondentKind `db:"respondent_kind"`
	Heard         *int                  `db:"heard"`
	Helped        *int                  `db:"helped"`
	Collaboration *int                  `db:"collaboration"`
	WentWell      string                `db:"went_well"`
	CouldBeBetter string                `db:"could_be_better"`
}

// FindCaseVoice returns the links handed out per kind of respondent and the
// answers of case caseID in the actor's scope, for domain.SummarizeVoice:
// the raw answers never leave the application layer. The read is audited.
// Errors: not_found, forbidden (domain.CanReadCaseVoice).
func (db *DB) FindCaseVoice(ctx context.Context, caseID int64) ([]domain.VoiceTally, []domain.VoiceAnswer, error) {
	a := domain.ActorFrom(ctx)
	var tallies []domain.VoiceTally
	var answers []domain.VoiceAnswer
	err := db.Transact(ctx, sql.LevelRepeatableRead, func(tx *Tx) error {
		c, err := findCase(ctx, tx, caseID)
		if err != nil {
			return err
		}
		if !domain.CanReadCaseVoice(a, c) {
			return errForbidden()
		}
		tallies, answers, err = readVoice(ctx, tx, `i.case_id = $1`, `x.case_id = $1`, caseID)
		if err != nil {
			return err
		}
		return audit(ctx, tx, "read", "case_questionnaire", &caseID, domain.OutcomeAllowed)
	})
	switch domain.ErrorCode(err) {
	case domain.EForbidden:
		return nil, nil, db.deny(ctx, "read", "case_questionnaire", &caseID, err)
	case domain.ENotFound:
		return nil, nil, db.deny(ctx, "read", "case", &caseID, err)
	}
	return tallies, answers, wrap(err, "questionnaires of case %d", caseID)
}

// readVoice reads the invites (alias i) and answers (alias x) that match
// their conditions, which share args.
func readVoice(ctx context.Context, tx *Tx, inviteCond, answerCond string, args ...any) ([]domain.VoiceTally, []domain.VoiceAnswer, error) {
	var issued []tallyRow
	if err := tx.SelectContext(ctx, &issued, `SELECT i.respondent_kind, count(*) AS n FROM case_questionnaire_invite i
		JOIN complex_case c ON c.id = i.case_id WHERE `+inviteCond+` GROUP BY i.respondent_kind`, args...); err != nil {
		return nil, nil, fmt.Errorf("questionnaire invites: %w", err)
	}
	var rows []voiceAnswerRow
	if err := tx.SelectContext(ctx, &rows, `SELECT x.respondent_kind, x.heard, x.helped, x.collaboration, x.went_well, x.could_be_better
		FROM case_questionnaire_answer x JOIN complex_case c ON c.id = x.case_id WHERE `+answerCond, args...); err != nil {
		return nil, nil, fmt.Errorf("questionnaire answers: %w", err)
	}
	tallies := make([]domain.VoiceTally, len(issued))
	for i, r := range issued {
		tallies[i] = domain.VoiceTally{Kind: r.Kind, Issued: r.N}
	}
	answers := make([]domain.VoiceAnswer, len(rows))
	for i, r := range rows {
		answers[i] = domain.VoiceAnswer(r)
		tallies = countAnswer(tallies, r.Kind)
	}
	return tallies, answers, nil
}

func countAnswer(ts []domain.VoiceTally, k domain.RespondentKind) []domain.VoiceTally {
	for i := range ts {
		if ts[i].Kind == k {
			ts[i].Answered++
			return ts
		}
	}
	return append(ts, domain.VoiceTally{Kind: k, Answered: 1})
}

// VoiceAcrossCases returns the links handed out per kind of respondent and
// the answers of every case whose questionnaire moment lies in the
// filter's period (optionally of one municipality and one moment), for
// domain.SummarizeVoice. Admins and monitors (domain.CanSeeVoiceAcrossCases);
// the read is audited. Errors: forbidden, invalid, not_found (an unknown
// municipality).
func (db *DB) VoiceAcrossCases(ctx context.Context, f domain.VoiceFilter) ([]domain.VoiceTally, []domain.VoiceAnswer, error) {
	if !domain.CanSeeVoiceAcrossCases(domain.ActorFrom(ctx)) {
		return nil, nil, db.deny(ctx, "read", "questionnaire_aggregate", nil, errForbidden())
	}
	if err := f.Validate(); err != nil {
		return nil, nil, err
	}
	args := []any{f.From, f.To}
	inv, ans := `i.moment_date BETWEEN $1 AND $2`, `x.moment_date BETWEEN $1 AND $2`
	if f.MunicipalityID != nil {
		args = append(args, *f.MunicipalityID)
		cond := fmt.Sprintf(` AND c.municipality_id = $%d`, len(args))
		inv, ans = inv+cond, ans+cond
	}
	if f.Moment != "" {
		args = append(args, f.Moment)
		inv += fmt.Sprintf(` AND i.moment = $%d`, len(args))
		ans += fmt.Sprintf(` AND x.moment = $%d`, len(args))
	}
	var tallies []domain.VoiceTally
	var answers []domain.VoiceAnswer
	err := db.Transact(ctx, sql.LevelRepeatableRead, func(tx *Tx) error {
		if f.MunicipalityID != nil {
			var ok bool
			if err := tx.GetContext(ctx, &ok, `SELECT EXISTS (SELECT 1 FROM municipality WHERE id = $1)`, *f.MunicipalityID); err != nil {
				return err
			}
			if !ok {
				return errNotFound("De gemeente")
			}
		}
		var err error
		if tallies, answers, err = readVoice(ctx, tx, inv, ans, args...); err != nil {
			return err
		}
		return audit(ctx, tx, "read", "questionnaire_aggregate", nil, domain.OutcomeAllowed)
	})
	return tallies, answers, wrap(err, "questionnaires across cases")
}
