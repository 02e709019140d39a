package web_test

import (
	"html"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
)

// TestOfferPages: the dispatcher offers a case from its page; the
// regisseur sees it without anything identifying, declines without a
// reason (error on the field, nothing stored), with a reason, and accepts
// the next; the case list marks the returned case, first.
func TestOfferPages(t *testing.T) {
	e := newCaseWebEnv(t)
	r := e.member(t, "Olga Aanbod", e.org.ID, 2, 40)
	u := pgtest.MustCreateUser(t, e.db, domain.User{Name: "Olga Aanbod", Roles: []domain.Role{domain.RoleRegisseur}, OrganisationID: &e.org.ID, RegisseurID: &r.ID})
	regCookie := pgtest.MustSession(t, e.db, u.ID)
	e.newCase(t, "AB-0")
	c := e.newCase(t, "AB-1")

	body := e.get(t, e.dispatcherCookie, "/casussen/"+id(c.ID))
	if !strings.Contains(candidateRow(t, body, "Olga Aanbod"), `action="/casussen/`+id(c.ID)+`/aanbieden"`) {
		t.Fatal("the candidate row has no offer button")
	}
	e.post(t, e.dispatcherCookie, "/casussen/"+id(c.ID)+"/aanbieden", url.Values{"regisseurId": {id(r.ID)}}, "/casussen/"+id(c.ID)+"?aangeboden=1")
	body = e.get(t, e.dispatcherCookie, "/casussen/"+id(c.ID)+"?aangeboden=1")
	for _, want := range []string{"De casus is aangeboden aan Olga Aanbod", "Aangeboden aan Olga Aanbod op", "reageren kan tot"} {
		if !strings.Contains(body, want) {
			t.Errorf("offered case page lacks %q", want)
		}
	}
	if strings.Contains(body, `id="kandidaten"`) {
		t.Error("the offered case still shows the ranking to assign")
	}
	k := e.stored(t, c.ID)
	if k.Offer == nil {
		t.Fatal("no offer stored")
	}
	offer := "/aanbiedingen/" + strconv.FormatInt(k.Offer.ID, 10)

	// The regisseur's list and offer page: what the case asks, and the forms.
	body = e.get(t, regCookie, "/aanbiedingen")
	if !strings.Contains(body, "AB-1") || strings.Contains(body, "AB-0") {
		t.Fatalf("regisseur's offers: %s", body)
	}
	body = e.get(t, regCookie, offer)
	for _, want := range []string{"Aanbod casus AB-1", "Hoog", "Wonen, Veiligheid", "Aanbod aannemen", "Aanbod afwijzen", `<label class="utrecht-form-label" for="reason"`} {
		if !strings.Contains(body, want) {
			t.Errorf("offer page lacks %q", want)
		}
	}
	if strings.Contains(body, "Naar de casus") {
		t.Error("the regisseur gets a link to the case before accepting")
	}
	// The dispatcher sees the offer, without the forms.
	if body = e.get(t, e.dispatcherCookie, offer); strings.Contains(body, "Aanbod aannemen") || !strings.Contains(body, "Naar de casus") {
		t.Error("the dispatcher's offer page shows the answer forms or lacks the case link")
	}

	// A decline without a reason: 400, the error on the field, nothing stored.
	res := e.do(t, regCookie, "POST", offer+"/afwijzen", url.Values{"reason": {"  "}, "bevestigen": {"ja"}})
	if res.status != http.StatusBadRequest {
		t.Fatalf("decline without a reason: %d\n%s", res.status, res.body)
	}
	checkAccessible(t, offer, res.body)
	for _, want := range []string{"<title>Fout: Aanbod casus AB-1", `href="#reason"`, `aria-invalid="true"`} {
		if !strings.Contains(html.UnescapeString(res.body), want) {
			t.Errorf("re-shown decline form lacks %q", want)
		}
	}
	if k := e.stored(t, c.ID); k.Offer == nil {
		t.Fatal("a refused decline ended the offer")
	}
	// A decline with a reason but without the ticked statement: 400, the
	// reason kept, nothing stored.
	res = e.do(t, regCookie, "POST", offer+"/afwijzen", url.Values{"reason": {"Deze maand vol met crisiswerk."}})
	if res.status != http.StatusBadRequest || !strings.Contains(res.body, `href="#bevestigen"`) ||
		!strings.Contains(res.body, "Vink aan dat u weet dat afwijzen definitief is") || !strings.Contains(res.body, "Deze maand vol met crisiswerk.") {
		t.Errorf("unconfirmed decline: %d, want 400 with the error on the checkbox and the reason kept", res.status)
	}
	checkAccessible(t, offer, res.body)
	if k := e.stored(t, c.ID); k.Offer == nil {
		t.Fatal("an unconfirmed decline ended the offer")
	}
	e.post(t, regCookie, offer+"/afwijzen", url.Values{"reason": {"Deze maand vol met crisiswerk."}, "bevestigen": {"ja"}}, offer+"?afgewezen=1")
	if body = e.get(t, regCookie, offer+"?afgewezen=1"); !strings.Contains(body, "U hebt het aanbod afgewezen") || !strings.Contains(body, "Aanbod afgewezen") {
		t.Error("no confirmation of the decline")
	}

	// The dispatcher's list puts the returned case first, marked.
	body = e.get(t, e.dispatcherCookie, "/casussen?status=waiting")
	i, j := strings.Index(body, ">AB-1<"), strings.Index(body, ">AB-0<")
	if i < 0 || j < 0 || i > j || !strings.Contains(body, "Aanbod afgewezen") {
		t.Fatalf("case list: AB-1 at %d, AB-0 at %d, want AB-1 first and marked", i, j)
	}
	if body = e.get(t, e.dispatcherCookie, "/casussen/"+id(c.ID)); !strings.Contains(body, "Deze maand vol met crisiswerk.") {
		t.Error("the case page does not say why the offer was declined")
	}

	// Offered again and accepted: the regisseur now directs the case.
	if _, err := e.db.OfferCase(pgtest.ActorCtx(t, e.db, e.dispatcher.ID), c.ID, r.ID, time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	k = e.stored(t, c.ID)
	offer = "/aanbiedingen/" + strconv.FormatInt(k.Offer.ID, 10)
	if body = e.get(t, e.dispatcherCookie, "/aanbiedingen"); !strings.Contains(body, "Verloopt binnen een werkdag") {
		t.Error("the dispatcher's list does not mark an offer expiring within a working day")
	}
	e.post(t, regCookie, offer+"/aannemen", nil, offer+"?aangenomen=1")
	if body = e.get(t, regCookie, offer+"?aangenomen=1"); !strings.Contains(body, "U hebt het aanbod aangenomen") || !strings.Contains(body, "Naar de casus") {
		t.Error("no confirmation of the accept, or no link to the case")
	}
	if k := e.stored(t, c.ID); k.Status != domain.CaseAssigned || k.RegisseurID == nil || *k.RegisseurID != r.ID {
		t.Fatalf("accepted case: %+v", k)
	}
	res = e.do(t, regCookie, "POST", offer+"/aannemen", nil)
	if res.status != http.StatusConflict || !strings.Contains(html.UnescapeString(res.body), "al beantwoord") {
		t.Fatalf("accept twice: %d\n%s", res.status, res.body)
	}
	// The timeline shows each step.
	body = e.get(t, e.dispatcherCookie, "/casussen/"+id(c.ID))
	for _, want := range []string{"Aangeboden", "Aanbod afgewezen", "Aanbod aangenomen", "reageren tot"} {
		if !strings.Contains(body, want) {
			t.Errorf("timeline lacks %q", want)
		}
	}
}
