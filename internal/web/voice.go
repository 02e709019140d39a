package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"regiepool/internal/domain"
)

// The questionnaire at /vragenlijst/:token: no account, the single-use link
// is the key, as with the 360 rater's form (assessment_external.go). The
// token is in the path only; it is never logged (the access log names the
// route template) and never sent on (Referrer-Policy: no-referrer). The
// questions are short and in plain Dutch (B1): "u" for parents and
// organisations, "je" for young people.

const voicePath = domain.VoiceFormPath

type voiceFormPage struct {
	BasePage
	Heading string
	Lead    []string
	Privacy string
	Action  string
	Form    form
}

// voiceScale is a 1–5 answer, with every step in words.
type voiceScale struct {
	name, question, hint string
	steps                [5]string
}

// voiceQuestions are the scales of a kind of respondent, in order.
func voiceQuestions(k domain.RespondentKind) []voiceScale {
	switch k {
	case domain.RespondentParty:
		return []voiceScale{{name: "collaboration", question: "Hoe ging de samenwerking met de regisseur?",
			steps: [5]string{"Heel slecht", "Slecht", "Niet goed en niet slecht", "Goed", "Heel goed"}}}
	case domain.RespondentYoungPerson:
		return []voiceScale{
			{name: "heard", question: "Voelde je je gehoord?", hint: "Luisterde de regisseur naar wat jij wilde en vond?",
				steps: [5]string{"Helemaal niet", "Meestal niet", "Soms wel, soms niet", "Meestal wel", "Helemaal wel"}},
			{name: "helped", question: "Heeft de hulp je geholpen?",
				steps: [5]string{"Helemaal niet", "Een klein beetje", "Een beetje", "Goed", "Heel goed"}},
		}
	}
	return []voiceScale{
		{name: "heard", question: "Voelde u zich gehoord?", hint: "Luisterde de regisseur naar wat u wilde en vond?",
			steps: [5]string{"Helemaal niet", "Meestal niet", "Soms wel, soms niet", "Meestal wel", "Helemaal wel"}},
		{name: "helped", question: "Heeft de hulp u geholpen?",
			steps: [5]string{"Helemaal niet", "Een klein beetje", "Een beetje", "Goed", "Heel goed"}},
	}
}

// voiceTexts are the labels of the two open questions of a kind.
func voiceTexts(k domain.RespondentKind) (wentWell, better, hint string) {
	switch k {
	case domain.RespondentParty:
		return "Wat ging goed in de samenwerking?", "Wat kan beter in de samenwerking?",
			"Schrijf geen namen op, ook niet van het gezin of van collega's. Hoogstens 1000 tekens."
	case domain.RespondentYoungPerson:
		return "Wat ging goed?", "Wat kan beter?", "Schrijf geen namen op, ook niet van jezelf of je familie. Hoogstens 1000 tekens."
	}
	return "Wat ging goed?", "Wat kan beter?", "Schrijf geen namen op, ook niet van uzelf of uw kinderen. Hoogstens 1000 tekens."
}

// voiceInput is the questionnaire as typed.
type voiceInput map[string]string

func newVoiceForm(k domain.RespondentKind, in voiceInput) form {
	var f form
	for _, q := range voiceQuestions(k) {
		fl := formField{Name: q.name, Label: q.question, Kind: "radios", Required: true, Description: q.hint}
		for i, step := range q.steps {
			v := strconv.Itoa(i + 1)
			fl.Options = append(fl.Options, formOption{Value: v, Label: v + " – " + step, Checked: in[q.name] == v})
		}
		f.Fields = append(f.Fields, fl)
	}
	well, better, hint := voiceTexts(k)
	f.Fields = append(f.Fields,
		formField{Name: "wentWell", Label: well, Kind: "textarea", Value: in["wentWell"], Optional: true, Description: hint},
		formField{Name: "couldBeBetter", Label: better, Kind: "textarea", Value: in["couldBeBetter"], Optional: true, Description: hint})
	return f
}

// readVoice reads the questionnaire; a scale that is not 1–5 stays empty
// and is refused by domain.VoiceAnswer.Validate.
func readVoice(c *gin.Context, k domain.RespondentKind) (voiceInput, domain.VoiceAnswer) {
	in := voiceInput{"wentWell": c.PostForm("wentWell"), "couldBeBetter": c.PostForm("couldBeBetter")}
	ans := domain.VoiceAnswer{Kind: k, WentWell: in["wentWell"], CouldBeBetter: in["couldBeBetter"]}
	dst := map[string]**int{"heard": &ans.Heard, "helped": &ans.Helped, "collaboration": &ans.Collaboration}
	for _, q := range voiceQuestions(k) {
		v := strings.TrimSpace(c.PostForm(q.name))
		in[q.name] = v
		if n, err := strconv.Atoi(v); err == nil {
			*dst[q.name] = &n
		}
	}
	return in, ans
}

// voiceFailed answers an error of a questionnaire link: 410 with an
// explanation for an answered or expired link, the error page (404 for an
// unknown link) for the rest. The message never holds the token.
func (p *Pages) voiceFailed(c *gin.Context, err error) error {
	e, ok := domain.AsError(err)
	if !ok || e.Code != domain.EGone {
		return err
	}
	heading := "Deze link werkt niet meer"
	if e.Key == "voice_answered" {
		heading = "Deze vragenlijst is al ingevuld"
	}
	p.message(c, http.StatusGone, messagePage{Heading: heading, Kind: "warning", Paragraphs: []string{e.Message,
		"Elke link werkt maar één keer en " + strconv.Itoa(domain.VoiceLinkDays) + " dagen lang. U kunt dit venster sluiten."}})
	return nil
}

func (p *Pages) handleVoiceForm(c *gin.Context) error {
	inv, err := p.App.VoiceInvite(c.Request.Context(), c.Param("token"))
	if err != nil {
		return p.voiceFailed(c, err)
	}
	p.showVoiceForm(c, http.StatusOK, inv, newVoiceForm(inv.Kind, voiceInput{}))
	return nil
}

// handleVoiceAnswer submits the questionnaire, once: the store uses the
// link up in the same transaction.
func (p *Pages) handleVoiceAnswer(c *gin.Context) error {
	ctx := c.Request.Context()
	token := c.Param("token")
	inv, err := p.App.VoiceInvite(ctx, token)
	if err != nil {
		return p.voiceFailed(c, err)
	}
	in, ans := readVoice(c, inv.Kind)
	err = p.App.AnswerVoice(ctx, token, ans)
	if err == nil {
		thanks := messagePage{Heading: "Bedankt! Uw antwoorden zijn opgeslagen.", Kind: "ok",
			Paragraphs: []string{"De regisseur ziet de antwoorden alleen samen met die van anderen, zonder te weten wie wat schreef.",
				"De link werkt nu niet meer. U kunt dit venster sluiten."}}
		if inv.Kind == domain.RespondentYoungPerson {
			thanks.Heading = "Bedankt! Je antwoorden zijn opgeslagen."
			thanks.Paragraphs[1] = "De link werkt nu niet meer. Je kunt dit venster sluiten."
		}
		p.message(c, http.StatusOK, thanks)
		return nil
	}
	if e, ok := domain.AsError(err); ok && e.Code == domain.EInvalid {
		f := newVoiceForm(inv.Kind, in)
		f.fail(e)
		p.showVoiceForm(c, http.StatusBadRequest, inv, f)
		return nil
	}
	return p.voiceFailed(c, err)
}

func (p *Pages) showVoiceForm(c *gin.Context, status int, inv domain.VoiceInvite, f form) {
	f.Action = voicePath + c.Param("token")
	page := voiceFormPage{Action: f.Action, Form: f}
	when := "de evaluatie van " + domain.FormatDate(inv.MomentDate)
	if inv.Moment == domain.VoiceAtClose {
		when = "het einde van de regie, op " + domain.FormatDate(inv.MomentDate)
	}
	until := domain.FormatDate(inv.ExpiresAt)
	least := strconv.Itoa(p.App.MinRaters())
	switch inv.Kind {
	case domain.RespondentParty:
		page.Heading = "Hoe ging de samenwerking met de regisseur?"
		page.Lead = []string{"Uw organisatie werkte samen met een regisseur rond een gezin. De regisseur zorgt dat de hulp aan het gezin goed op elkaar aansluit. Wij willen graag weten hoe de samenwerking ging. Deze vragen gaan over " + when + ".",
			"Het invullen duurt ongeveer 3 minuten. U hoeft niet in te loggen. U kunt de vragen één keer versturen, uiterlijk op " + until + "."}
		page.Privacy = "Uw antwoorden zijn anoniem. We bewaren niet wie iets invulde of wanneer. De regisseur ziet de antwoorden pas als minstens " + least + " organisaties de vragen hebben ingevuld, en dan alleen alles bij elkaar."
	case domain.RespondentYoungPerson:
		page.Heading = "Hoe gaat de hulp aan jou en je gezin?"
		page.Lead = []string{"Je gezin krijgt hulp van een regisseur. De regisseur zorgt dat alle hulp goed samenwerkt. We willen graag weten wat jij daarvan vindt. Deze vragen gaan over " + when + ".",
			"Het invullen duurt ongeveer 3 minuten. Je hoeft niet in te loggen. Je kunt de vragen één keer versturen, uiterlijk op " + until + "."}
		page.Privacy = "Je antwoorden zijn anoniem. We bewaren niet wie iets invulde of wanneer. De regisseur ziet de antwoorden pas als minstens " + least + " jongeren de vragen hebben ingevuld, en dan alleen alles bij elkaar."
	default:
		page.Heading = "Hoe gaat de hulp aan uw gezin?"
		page.Lead = []string{"Uw gezin krijgt hulp van een regisseur. De regisseur zorgt dat alle hulp goed samenwerkt. Wij willen graag weten wat u daarvan vindt. Deze vragen gaan over " + when + ".",
			"Het invullen duurt ongeveer 3 minuten. U hoeft niet in te loggen. U kunt de vragen één keer versturen, uiterlijk op " + until + "."}
		page.Privacy = "Uw antwoorden zijn anoniem. We bewaren niet wie iets invulde of wanneer. De regisseur ziet de antwoorden pas als minstens " + least + " ouders de vragen hebben ingevuld, en dan alleen alles bij elkaar."
	}
	page.BasePage = p.base(c, formTitle(page.Heading, f))
	p.render(c, status, "voice_form", page)
}
