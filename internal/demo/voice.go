package demo

import (
	"context"
	"fmt"
	"time"

	"regiepool/internal/domain"
	"regiepool/internal/postgres"
)

// The family's and the parties' voice (issue 13, item 11): the first closed
// case has answers at an evaluation and at the close, enough of the parents
// and the organisations to show (the young person's stay below the
// threshold); the second closed case has too few to show anything but the
// counts.

// voiceReply is one demo answer: family scales (heard, helped) or the
// party's (collaboration), and the texts.
type voiceReply struct {
	heard, helped, collaboration int
	wentWell, couldBeBetter      string
}

var (
	voiceAtEvaluation = map[domain.RespondentKind][]voiceReply{
		domain.RespondentParent: {
			{heard: 4, helped: 3, wentWell: "Er was eindelijk één iemand die alles overzag.", couldBeBetter: "Het duurde lang voordat de schuldhulp begon."},
			{heard: 3, helped: 3, couldBeBetter: "Meer uitleg over wat er op papier komt."},
		},
		domain.RespondentYoungPerson: {{heard: 3, helped: 4, wentWell: "Ik mocht zelf zeggen wat ik wilde."}},
		domain.RespondentParty: {
			{collaboration: 4, wentWell: "Korte lijnen en duidelijke afspraken over wie wat doet."},
			{collaboration: 3, couldBeBetter: "Eerder betrokken worden bij het gezinsplan."},
		},
	}
	voiceAtClose = map[domain.RespondentKind][]voiceReply{
		domain.RespondentParent: {
			{heard: 5, helped: 4, wentWell: "We weten nu zelf bij wie we moeten zijn.", couldBeBetter: "Het afscheid kwam wat snel."},
			{heard: 4, helped: 5, wentWell: "Er werd naar ons geluisterd, ook als we het niet eens waren."},
		},
		domain.RespondentYoungPerson: {{heard: 4, helped: 4}},
		domain.RespondentParty: {
			{collaboration: 5, wentWell: "De regisseur schaalde op toen de zorg bleef hangen."},
			{collaboration: 4, couldBeBetter: "Een vast moment om elkaar bij te praten."},
		},
	}
	// voiceFewAtClose has too few answers of any kind to show.
	voiceFewAtClose = map[domain.RespondentKind][]voiceReply{
		domain.RespondentParent: {{heard: 2, helped: 3, couldBeBetter: "Te veel wisselingen in de hulp."}, {heard: 4, helped: 4}},
		domain.RespondentParty:  {{collaboration: 3}},
	}
)

// voice hands out links for one moment of case c and answers them with
// replies; unanswered more links of a kind stay open.
func voice(ctx context.Context, db *postgres.DB, c domain.Case, moment string, on time.Time, replies map[domain.RespondentKind][]voiceReply, extra int) error {
	counts := map[domain.RespondentKind]int{}
	for k, rs := range replies {
		counts[k] = len(rs)
	}
	counts[domain.RespondentParty] += extra
	r := domain.VoiceRequest{Moment: moment, Counts: counts}
	if moment == domain.VoiceAtEvaluation {
		r.MomentDate = &on
	}
	links, err := db.IssueVoiceLinks(ctx, c.ID, r)
	if err != nil {
		return fmt.Errorf("questionnaire links of %s: %w", c.Reference, err)
	}
	used := map[domain.RespondentKind]int{}
	for _, l := range links {
		i := used[l.Kind]
		if i >= len(replies[l.Kind]) {
			continue
		}
		used[l.Kind]++
		x := replies[l.Kind][i]
		ans := domain.VoiceAnswer{WentWell: x.wentWell, CouldBeBetter: x.couldBeBetter}
		if l.Kind.Family() {
			ans.Heard, ans.Helped = ptr(x.heard), ptr(x.helped)
		} else {
			ans.Collaboration = ptr(x.collaboration)
		}
		actor, _, err := db.VoiceInvite(ctx, l.Token)
		if err != nil {
			return err
		}
		if err := db.AnswerVoice(domain.WithActor(ctx, actor), ans); err != nil {
			return fmt.Errorf("questionnaire answer of %s: %w", c.Reference, err)
		}
	}
	return nil
}

// voiceBeforeClose answers the questionnaire of an evaluation of open case
// c, two weeks ago (or at its start, when that is later).
func voiceBeforeClose(ctx context.Context, db *postgres.DB, c domain.Case) error {
	on := time.Now().UTC().AddDate(0, 0, -14).Truncate(24 * time.Hour)
	if start := c.StartsOn.UTC().Truncate(24 * time.Hour); on.Before(start) {
		on = start
	}
	return voice(ctx, db, c, domain.VoiceAtEvaluation, on, voiceAtEvaluation, 0)
}

// voiceAfterClose answers the questionnaires of the close: many on the
// first closed case, too few to show on the second.
func voiceAfterClose(ctx context.Context, db *postgres.DB, many, few domain.Case) error {
	if err := voice(ctx, db, many, domain.VoiceAtClose, time.Time{}, voiceAtClose, 0); err != nil {
		return err
	}
	return voice(ctx, db, few, domain.VoiceAtClose, time.Time{}, voiceFewAtClose, 1)
}
