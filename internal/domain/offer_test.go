package domain

import (
	"testing"
	"time"
)

func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, time.UTC)
	if err != nil {
		panic(err)
	}
	return t
}

func TestAddWorkingDays(t *testing.T) {
	for _, tt := range []struct {
		name, from string
		n          int
		want       string
	}{
		{"Monday plus 2", "2026-03-02 10:00", 2, "2026-03-04 10:00"},
		{"Wednesday plus 2", "2026-03-04 09:30", 2, "2026-03-06 09:30"},
		{"Thursday plus 2 skips the weekend", "2026-03-05 16:00", 2, "2026-03-09 16:00"},
		{"Friday plus 2", "2026-03-06 15:00", 2, "2026-03-10 15:00"},
		{"Saturday plus 2", "2026-03-07 10:00", 2, "2026-03-10 10:00"},
		{"Sunday plus 1", "2026-03-08 22:00", 1, "2026-03-09 22:00"},
		{"zero days", "2026-03-07 10:00", 0, "2026-03-07 10:00"},
		{"Friday plus 10", "2026-03-06 12:00", 10, "2026-03-20 12:00"},
		// Easter 2026 is 5 April: Easter Monday 6 April is off.
		{"over Easter Monday", "2026-04-02 10:00", 2, "2026-04-07 10:00"},
		// King's Day 2026 is Monday 27 April.
		{"over King's Day", "2026-04-24 10:00", 1, "2026-04-28 10:00"},
		// Christmas 2026: Friday 25 and Saturday 26 December.
		{"over Christmas", "2026-12-24 10:00", 2, "2026-12-29 10:00"},
		{"over New Year", "2026-12-31 10:00", 1, "2027-01-04 10:00"},
		// Ascension Day 2026 is Thursday 14 May.
		{"over Ascension Day", "2026-05-13 10:00", 1, "2026-05-15 10:00"},
		// Whit Monday 2026 is 25 May.
		{"over Whit Monday", "2026-05-22 10:00", 1, "2026-05-26 10:00"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := AddWorkingDays(at(tt.from), tt.n); !got.Equal(at(tt.want)) {
				t.Errorf("got %v, want %s", got, tt.want)
			}
		})
	}
}

func TestDutchHoliday(t *testing.T) {
	for _, tt := range []struct {
		day  string
		want bool
	}{
		{"2026-01-01", true},
		{"2025-04-21", true},  // Easter Monday 2025
		{"2025-04-18", false}, // Good Friday: not a general day off
		{"2025-04-26", true},  // King's Day 2025 moves to Saturday: the 27th is a Sunday
		{"2025-04-27", false},
		{"2026-04-27", true},
		{"2025-05-05", false}, // Liberation Day: not a general day off
		{"2025-05-29", true},  // Ascension Day 2025
		{"2025-06-09", true},  // Whit Monday 2025
		{"2024-12-26", true},
		{"2024-12-27", false},
	} {
		t.Run(tt.day, func(t *testing.T) {
			if got := DutchHoliday(at(tt.day + " 00:00")); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestOfferDeadline(t *testing.T) {
	now := at("2026-03-06 15:00") // a Friday
	later := func(d time.Duration) *time.Time { x := now.Add(d); return &x }
	for _, tt := range []struct {
		name    string
		asked   *time.Time
		want    string
		invalid bool
	}{
		{"default: 2 working days", nil, "2026-03-10 15:00", false},
		{"asked tomorrow", later(24 * time.Hour), "2026-03-07 15:00", false},
		{"asked in the past", later(-time.Hour), "", true},
		{"asked now", later(0), "", true},
		{"asked at the limit", later(14 * 24 * time.Hour), "2026-03-20 15:00", false},
		{"asked beyond 10 working days", later(15 * 24 * time.Hour), "", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := OfferDeadline(now, tt.asked)
			if tt.invalid {
				if ErrorCode(err) != EInvalid {
					t.Fatalf("got %v, want invalid", err)
				}
				return
			}
			if err != nil || !got.Equal(at(tt.want)) {
				t.Fatalf("got %v (%v), want %s", got, err, tt.want)
			}
		})
	}
}

func TestOffer_StatusAt(t *testing.T) {
	now := at("2026-03-09 12:00") // a Monday
	for _, tt := range []struct {
		name       string
		status     string
		expires    string
		want       string
		live, soon bool
	}{
		{"open, days left", OfferOpen, "2026-03-11 12:00", OfferOpen, true, false},
		{"open, within a working day", OfferOpen, "2026-03-10 11:00", OfferOpen, true, true},
		{"open, at the deadline", OfferOpen, "2026-03-09 12:00", OfferExpired, false, false},
		{"open, past the deadline", OfferOpen, "2026-03-06 12:00", OfferExpired, false, false},
		{"declined before the deadline", OfferDeclined, "2026-03-11 12:00", OfferDeclined, false, false},
		{"accepted", OfferAccepted, "2026-03-06 12:00", OfferAccepted, false, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			o := Offer{Status: tt.status, ExpiresAt: at(tt.expires)}
			if got := o.StatusAt(now); got != tt.want {
				t.Errorf("status: got %s, want %s", got, tt.want)
			}
			if got := o.LiveAt(now); got != tt.live {
				t.Errorf("live: got %v, want %v", got, tt.live)
			}
			if got := o.ExpiresSoonAt(now); got != tt.soon {
				t.Errorf("soon: got %v, want %v", got, tt.soon)
			}
		})
	}
}

func TestCheckDeclineReason(t *testing.T) {
	long := make([]rune, MaxDeclineReason+1)
	for i := range long {
		long[i] = 'a'
	}
	for _, tt := range []struct {
		name, reason string
		ok           bool
	}{
		{"a reason", "Geen ruimte door een crisis in een andere casus.", true},
		{"empty", "", false},
		{"blank", "  \n ", false},
		{"too long", string(long), false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckDeclineReason(tt.reason)
			if (err == nil) != tt.ok {
				t.Fatalf("got %v, want ok %v", err, tt.ok)
			}
		})
	}
}

func TestCanAnswerOffer(t *testing.T) {
	r1, r2 := int64(1), int64(2)
	o := Offer{RegisseurID: 1}
	for _, tt := range []struct {
		name string
		a    *Actor
		want bool
	}{
		{"the regisseur", &Actor{Kind: ActorUser, Roles: []Role{RoleRegisseur}, RegisseurID: &r1}, true},
		{"another regisseur", &Actor{Kind: ActorUser, Roles: []Role{RoleRegisseur}, RegisseurID: &r2}, false},
		{"a dispatcher", &Actor{Kind: ActorUser, Roles: []Role{RoleDispatcher}}, false},
		{"an admin", &Actor{Kind: ActorUser, Roles: []Role{RoleAdmin}, RegisseurID: &r1}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := CanAnswerOffer(tt.a, o); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestHideDeclineReasons(t *testing.T) {
	decliner, other := int64(7), int64(8)
	c := Case{MunicipalityID: 3}
	for _, tt := range []struct {
		name   string
		viewer *Actor
		want   string
	}{
		{"the case's dispatcher", &Actor{Kind: ActorUser, Roles: []Role{RoleDispatcher}, MunicipalityIDs: []int64{3}}, "Vol"},
		{"an admin", &Actor{Kind: ActorUser, Roles: []Role{RoleAdmin}}, "Vol"},
		{"the regisseur who declined", &Actor{Kind: ActorUser, Roles: []Role{RoleRegisseur}, RegisseurID: &decliner}, "Vol"},
		{"the regisseur who now directs the case", &Actor{Kind: ActorUser, Roles: []Role{RoleRegisseur}, RegisseurID: &other}, ""},
		{"a dispatcher elsewhere", &Actor{Kind: ActorUser, Roles: []Role{RoleDispatcher}, MunicipalityIDs: []int64{4}}, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			es := []TimelineEntry{
				{Kind: TimelineOfferDeclined, RegisseurID: &decliner, Reason: "Vol"},
				{Kind: TimelineHandedOver, RegisseurID: &decliner, Reason: "Verhuisd"},
			}
			HideDeclineReasons(tt.viewer, c, es)
			if es[0].Reason != tt.want || es[1].Reason != "Verhuisd" {
				t.Errorf("got %q and %q, want %q and the handover's reason kept", es[0].Reason, es[1].Reason, tt.want)
			}
		})
	}
}
