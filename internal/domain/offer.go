package domain

import (
	"strings"
	"time"
)

// An offer is an assignment the regisseur first accepts or declines: the
// dispatcher offers a waiting case to a pool member, the slot is held for
// them until the deadline, and the case is theirs only when they accept.
// A decline (with a reason) or the deadline passing frees the slot at once
// and puts the case back on top of the dispatcher's waiting cases.
//
// Expiry needs no job: an offer whose deadline has passed counts as expired
// wherever it is read (OfferStatusAt; the store's queries compare the
// deadline with the clock), and is only marked so when the case is next
// changed.

// The statuses of an offer. The store reads an open offer past its deadline
// as expired.
const (
	OfferOpen     = "open"
	OfferAccepted = "accepted"
	OfferDeclined = "declined"
	OfferExpired  = "expired"
	// OfferWithdrawn: the case was closed while the offer was open.
	OfferWithdrawn = "withdrawn"
)

// OfferStatusLabels are the Dutch names of the statuses.
var OfferStatusLabels = map[string]string{
	OfferOpen:      "Aangeboden",
	OfferAccepted:  "Aanbod aangenomen",
	OfferDeclined:  "Aanbod afgewezen",
	OfferExpired:   "Aanbod verlopen",
	OfferWithdrawn: "Aanbod ingetrokken",
}

// DefaultOfferWorkingDays is how long a regisseur has to answer an offer
// unless the dispatcher sets another deadline.
const DefaultOfferWorkingDays = 2

// MaxOfferWorkingDays bounds a deadline the dispatcher sets: a slot is not
// held for longer than two working weeks.
const MaxOfferWorkingDays = 10

// MaxDeclineReason bounds the reason of a decline.
const MaxDeclineReason = 2000

// Offer is a case offered to a regisseur. What the regisseur sees of the
// case before accepting is only what the case asks (OfferView), never the
// case itself.
type Offer struct {
	ID            int64
	CaseID        int64
	RegisseurID   int64
	RegisseurName string
	// Status as read: the store reads an open offer past its deadline as
	// expired (and StatusAt does the same at any moment).
	Status    string
	OfferedAt time.Time
	ExpiresAt time.Time
	// AnsweredAt is when it was accepted or declined; nil otherwise.
	AnsweredAt    *time.Time
	DeclineReason string
	// OfferedBy is the user who made the offer; nil when unknown.
	OfferedBy *int64
	// Case is what the regisseur needs to decide: the pseudonymous
	// reference, municipality, urgency, safety risk, life domains, hours and
	// start. Its other fields stay empty.
	Case Case
}

// StatusAt is the offer's status at now: an open offer whose deadline has
// passed is expired.
func (o Offer) StatusAt(now time.Time) string {
	if o.Status == OfferOpen && !now.Before(o.ExpiresAt) {
		return OfferExpired
	}
	return o.Status
}

// LiveAt reports whether the offer holds the slot at now: open and before
// its deadline.
func (o Offer) LiveAt(now time.Time) bool {
	return o.StatusAt(now) == OfferOpen
}

// ExpiresSoonAt reports whether a live offer's deadline falls within one
// working day of now; the dispatcher's list shows these first.
func (o Offer) ExpiresSoonAt(now time.Time) bool {
	return o.LiveAt(now) && !o.ExpiresAt.After(AddWorkingDays(now, 1))
}

// OfferReturn says that a waiting case came back to the dispatcher: its
// latest offer was declined or expired.
type OfferReturn struct {
	OfferID int64
	Status  string // OfferDeclined or OfferExpired
	At      time.Time
	Reason  string // the decline's reason; "" for an expiry
}

// IsWorkingDay reports whether d is a working day: Monday to Friday and not
// a Dutch public holiday (DutchHoliday).
func IsWorkingDay(d time.Time) bool {
	if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return false
	}
	return !DutchHoliday(d)
}

// AddWorkingDays is t moved n working days on (IsWorkingDay), at the same
// time of day: an offer made on Friday at 15:00 with 2 working days runs
// until Tuesday 15:00, one made on Saturday until Tuesday at that hour.
// n ≤ 0 gives t.
func AddWorkingDays(t time.Time, n int) time.Time {
	for n > 0 {
		t = t.AddDate(0, 0, 1)
		if IsWorkingDay(t) {
			n--
		}
	}
	return t
}

// DutchHoliday reports whether d is a national public holiday in the
// Netherlands on which offices are closed: New Year's Day, Easter Monday,
// King's Day (27 April, 26 April when the 27th is a Sunday), Ascension Day,
// Whit Monday and Christmas. Good Friday and Liberation Day are not general
// days off (collective agreements differ), so they count as working days.
func DutchHoliday(d time.Time) bool {
	y, m, day := d.Date()
	switch {
	case m == time.January && day == 1, m == time.December && (day == 25 || day == 26):
		return true
	case m == time.April && (day == 27 || day == 26):
		kings := time.Date(y, time.April, 27, 0, 0, 0, 0, time.UTC)
		if kings.Weekday() == time.Sunday {
			return day == 26
		}
		return day == 27
	}
	easter := easterSunday(y)
	date := time.Date(y, m, day, 0, 0, 0, 0, time.UTC)
	for _, off := range []int{1, 39, 50} { // Easter Monday, Ascension Day, Whit Monday
		if date.Equal(easter.AddDate(0, 0, off)) {
			return true
		}
	}
	return false
}

// easterSunday is the date of Easter Sunday in year y (Gregorian calendar;
// the anonymous algorithm of Meeus/Jones/Butcher).
func easterSunday(y int) time.Time {
	a, b, c := y%19, y/100, y%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return time.Date(y, time.Month(month), day, 0, 0, 0, 0, time.UTC)
}

// OfferDeadline is the deadline of an offer made at now: the one asked for,
// or DefaultOfferWorkingDays working days on when asked is nil. An asked
// deadline lies after now and at most MaxOfferWorkingDays working days on.
// Errors: invalid, field "deadline".
func OfferDeadline(now time.Time, asked *time.Time) (time.Time, error) {
	if asked == nil {
		return AddWorkingDays(now, DefaultOfferWorkingDays), nil
	}
	if !asked.After(now) || asked.After(AddWorkingDays(now, MaxOfferWorkingDays)) {
		return time.Time{}, Invalid(FieldError{Name: "deadline", Code: "range",
			Reason: "Kies een uiterste reactiedatum in de toekomst, hoogstens 10 werkdagen vooruit."})
	}
	return *asked, nil
}

// CheckDeclineReason requires the reason of a decline: not empty, at most
// MaxDeclineReason characters. Errors: invalid, field "reason".
func CheckDeclineReason(reason string) error {
	reason = strings.TrimSpace(reason)
	if reason == "" || len([]rune(reason)) > MaxDeclineReason {
		return Invalid(FieldError{Name: "reason", Code: "required",
			Reason: "Geef de reden waarom u het aanbod afwijst (hoogstens 2000 tekens, geen namen van gezinsleden)."})
	}
	return nil
}

// CanAnswerOffer reports whether the actor may accept or decline offer o:
// the regisseur it was made to, and no one else.
func CanAnswerOffer(a *Actor, o Offer) bool {
	return a.Has(RoleRegisseur) && a.RegisseurID != nil && *a.RegisseurID == o.RegisseurID
}

// OfferScope is which open offers an actor lists: admins all, dispatchers
// those on cases of their municipalities, a regisseur those made to them.
// It is the case scope (CaseScopeOf) with the regisseur's part meaning
// "offered to" instead of "directs".
func OfferScope(a *Actor) CaseScope {
	return CaseScopeOf(a)
}

// CanSeeDeclineReason reports whether the viewer reads why regisseur
// regisseurID declined an offer of case c: admins, the case's dispatchers
// (CanDispatchIn) and that regisseur. The reason is addressed to the
// dispatcher; a regisseur who later directs the case sees that the offer
// was declined, not why.
func CanSeeDeclineReason(viewer *Actor, c Case, regisseurID int64) bool {
	return viewer.Has(RoleAdmin) || CanDispatchIn(viewer, c.MunicipalityID) ||
		(viewer.Has(RoleRegisseur) && viewer.RegisseurID != nil && *viewer.RegisseurID == regisseurID)
}

// HideDeclineReasons clears the reasons of declined offers in a case's
// timeline that the viewer may not read (CanSeeDeclineReason).
func HideDeclineReasons(viewer *Actor, c Case, entries []TimelineEntry) {
	for i := range entries {
		e := &entries[i]
		if e.Kind == TimelineOfferDeclined && e.RegisseurID != nil && !CanSeeDeclineReason(viewer, c, *e.RegisseurID) {
			e.Reason = ""
		}
	}
}
