package web_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
)

var voiceLink = regexp.MustCompile(`<code class="app-link-url" id="[^"]+">[^<]*/vragenlijst/(rpq_[A-Za-z0-9_-]+)</code>`)

// TestCaseVoicePages walks the voice through the pages: the regisseur makes
// links on the case page (shown once), parents and a party answer without
// an account, a second answer through one link is refused, and the case
// page shows counts only until three parents answered.
func TestCaseVoicePages(t *testing.T) {
	e := newCaseWebEnv(t)
	bram := e.member(t, "Bram Bakker", e.org.ID, 2, 16)
	ru := pgtest.MustCreateUser(t, e.db, domain.User{Name: "Bram Bakker", Roles: []domain.Role{domain.RoleRegisseur}, OrganisationID: &e.org.ID, RegisseurID: &bram.ID})
	regCookie := pgtest.MustSession(t, e.db, ru.ID)
	c := e.newCase(t, "STEM-1")
	e.assign(t, c, bram)
	path := "/casussen/" + id(c.ID)
	today := time.Now().Format("2006-01-02")

	body := e.get(t, regCookie, path)
	if !strings.Contains(body, "Stem van het gezin en de betrokkenen") || !strings.Contains(body, `action="`+path+`/vragenlijsten"`) ||
		!strings.Contains(body, `id="respondents"`) || !strings.Contains(body, "<legend") {
		t.Fatal("the case page has no voice section with a link form in a fieldset")
	}
	// Bad input: nothing stored, the errors linked to their controls.
	res := e.do(t, regCookie, "POST", path+"/vragenlijsten", url.Values{"moment": {"evaluation"}, "momentDate": {today}, "aantal-parent": {"0"}})
	if res.status != http.StatusBadRequest || !strings.Contains(res.body, `href="#respondents"`) {
		t.Fatalf("no links asked: %d, want 400 linked to the fieldset\n%s", res.status, res.body)
	}
	checkAccessible(t, path+"/vragenlijsten", res.body)
	res = e.do(t, regCookie, "POST", path+"/vragenlijsten", url.Values{"moment": {"evaluation"}, "momentDate": {"morgen"}, "aantal-parent": {"veel"}})
	if res.status != http.StatusBadRequest || !strings.Contains(res.body, `href="#aantal-parent"`) || !strings.Contains(res.body, `href="#momentDate"`) {
		t.Fatalf("bad count and date: %d\n%s", res.status, res.body)
	}
	var invites int
	if err := e.db.Get(&invites, `SELECT count(*) FROM case_questionnaire_invite`); err != nil || invites != 0 {
		t.Fatalf("%d invites after refused attempts (%v)", invites, err)
	}

	res = e.do(t, regCookie, "POST", path+"/vragenlijsten", url.Values{"moment": {"evaluation"}, "momentDate": {today},
		"aantal-parent": {"3"}, "aantal-party": {"1"}})
	if res.status != http.StatusCreated || !strings.Contains(res.body, "Kopieer deze links nu") {
		t.Fatalf("make links: %d\n%s", res.status, res.body)
	}
	checkAccessible(t, path+"/vragenlijsten", res.body)
	var tokens []string
	for _, m := range voiceLink.FindAllStringSubmatch(res.body, -1) {
		tokens = append(tokens, m[1])
	}
	if len(tokens) != 4 {
		t.Fatalf("%d links shown, want 4", len(tokens))
	}
	parents, party := tokens[:3], tokens[3]

	// Mailing a shown link: the address goes to the outbox only.
	shown := regexp.MustCompile(`<code class="app-link-url" id="[^"]+">([^<]+)</code>`).FindAllStringSubmatch(res.body, -1)
	mailed := e.do(t, regCookie, "POST", path+"/vragenlijsten/mailen", url.Values{"url-1": {shown[0][1]}, "email-1": {"geen adres"},
		"url-2": {shown[1][1]}})
	if mailed.status != http.StatusBadRequest || !strings.Contains(mailed.body, `href="#email-1"`) || !strings.Contains(mailed.body, shown[1][1]) {
		t.Fatalf("bad address: %d, want 400 linked to the field, the links still shown\n%s", mailed.status, mailed.body)
	}
	mailed = e.do(t, regCookie, "POST", path+"/vragenlijsten/mailen", url.Values{"url-1": {shown[3][1]}, "email-1": {"partij@voorbeeld.nl"}})
	if mailed.status != http.StatusOK || !strings.Contains(mailed.body, "Gemaild naar partij@voorbeeld.nl") {
		t.Fatalf("mail a link: %d\n%s", mailed.status, mailed.body)
	}
	checkAccessible(t, path+"/vragenlijsten/mailen", mailed.body)
	var text string
	if err := e.db.Get(&text, `SELECT body_text FROM outbox_message WHERE kind = 'questionnaire' AND to_address = 'partij@voorbeeld.nl'`); err != nil || !strings.Contains(text, shown[3][1]) {
		t.Fatalf("the mail does not carry the link (%v):\n%s", err, text)
	}

	// The questionnaire, without an account: scales in fieldsets with a
	// legend, a warning not to write names.
	form := "/vragenlijst/" + parents[0]
	res = e.do(t, "", "GET", form, nil)
	if res.status != http.StatusOK {
		t.Fatalf("questionnaire: %d", res.status)
	}
	checkAccessible(t, form, res.body)
	page := html.UnescapeString(res.body)
	for _, want := range []string{"Hoe gaat de hulp aan uw gezin?", `<legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">Voelde u zich gehoord?</legend>`,
		"Heeft de hulp u geholpen?", `id="heard-5"`, "Schrijf geen namen op", "Wat kan beter?"} {
		if !strings.Contains(page, want) {
			t.Errorf("questionnaire lacks %q", want)
		}
	}
	res = e.do(t, "", "POST", form, url.Values{"wentWell": {"Fijn"}})
	if res.status != http.StatusBadRequest || !strings.Contains(res.body, `href="#heard"`) || !strings.Contains(res.body, `href="#helped"`) || !strings.Contains(res.body, ">Fijn</textarea>") {
		t.Fatalf("incomplete answer: %d, want 400 with the errors linked and the text kept\n%s", res.status, res.body)
	}
	checkAccessible(t, form, res.body)
	answer := func(tok string, heard, helped, well string) response {
		return e.do(t, "", "POST", "/vragenlijst/"+tok, url.Values{"heard": {heard}, "helped": {helped}, "wentWell": {well}, "couldBeBetter": {""}})
	}
	if res = answer(parents[0], "4", "5", "Er werd echt geluisterd"); res.status != http.StatusOK || !strings.Contains(res.body, "Bedankt") {
		t.Fatalf("answer: %d\n%s", res.status, res.body)
	}
	if res = answer(parents[0], "1", "1", "Nog een keer"); res.status != http.StatusGone || !strings.Contains(res.body, "al ingevuld") {
		t.Fatalf("second answer through one link: %d, want 410 saying it was answered\n%s", res.status, res.body)
	}
	if res = e.do(t, "", "GET", "/vragenlijst/rpq_onbekend", nil); res.status != http.StatusNotFound {
		t.Errorf("unknown link: %d, want 404", res.status)
	}
	if res = answer(parents[1], "2", "3", ""); res.status != http.StatusOK {
		t.Fatalf("second parent: %d", res.status)
	}
	res = e.do(t, "", "GET", "/vragenlijst/"+party, nil)
	if !strings.Contains(html.UnescapeString(res.body), "Hoe ging de samenwerking met de regisseur?") || strings.Contains(res.body, `name="heard"`) {
		t.Error("a party gets the family's questions")
	}

	// Two parents answered: counts only.
	body = e.get(t, e.dispatcherCookie, path)
	voice := body[strings.Index(body, `id="stem"`):]
	if !strings.Contains(voice, "Te weinig antwoorden om te tonen") || strings.Contains(voice, "Er werd echt geluisterd") || strings.Contains(voice, "gemiddeld") {
		t.Fatal("answers shown below the threshold")
	}
	if !regexp.MustCompile(`(?s)>Ouders</th>\s*<td[^>]*>3</td>\s*<td[^>]*>2</td>`).MatchString(voice) {
		t.Error("the parents' row does not count 3 links and 2 answers")
	}
	if res = answer(parents[2], "3", "4", "afspraken werden nagekomen"); res.status != http.StatusOK {
		t.Fatalf("third parent: %d", res.status)
	}
	body = e.get(t, regCookie, path)
	voice = body[strings.Index(body, `id="stem"`):]
	for _, want := range []string{"Voelde zich gehoord: gemiddeld 3,0 van 5", "De hulp hielp: gemiddeld 4,0 van 5", "afspraken werden nagekomen"} {
		if !strings.Contains(voice, want) {
			t.Errorf("from three answers the page shows %q", want)
		}
	}
	// Alphabetical, so the order tells nothing about who answered when.
	if strings.Index(voice, "afspraken werden nagekomen") > strings.Index(voice, "Er werd echt geluisterd") {
		t.Error("the texts are not in alphabetical order")
	}
	// Coaches and the monitor never see a case's voice.
	if res = e.do(t, e.coachCookie, "GET", path, nil); res.status == http.StatusOK {
		t.Error("a coach opens the case page")
	}
}
