package auth

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestPassword(t *testing.T) {
	h, err := HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash %q is not an argon2id PHC string with OWASP parameters", h)
	}
	h2, _ := HashPassword("correct horse battery")
	if h == h2 {
		t.Error("two hashes of one password are equal: salt missing")
	}
	for _, tt := range []struct {
		password string
		want     bool
	}{
		{"correct horse battery", true},
		{"correct horse batterY", false},
		{"", false},
	} {
		got, err := CheckPassword(h, tt.password)
		if err != nil || got != tt.want {
			t.Errorf("CheckPassword(%q) = %v, %v; want %v", tt.password, got, err, tt.want)
		}
	}
	if _, err := CheckPassword("$2a$10$bcrypt", "x"); err == nil {
		t.Error("a non-argon2id hash was accepted")
	}
}

func TestToken(t *testing.T) {
	tok, hash := NewToken(PrefixAccess)
	if !LooksLikeToken(PrefixAccess, tok) || LooksLikeToken(PrefixSession, tok) {
		t.Fatalf("token %q shape check failed", tok)
	}
	if string(HashToken(tok)) != string(hash) {
		t.Error("HashToken differs from the hash NewToken returned")
	}
	other, _ := NewToken(PrefixAccess)
	if other == tok {
		t.Error("two tokens are equal")
	}
}

func TestLimiter(t *testing.T) {
	l := NewLimiter(time.Hour, 3)
	for i := 0; i < 3; i++ {
		if ok, _ := l.Allow("10.0.0.1"); !ok {
			t.Fatalf("request %d refused within the burst", i+1)
		}
	}
	ok, wait := l.Allow("10.0.0.1")
	if ok || wait <= 0 {
		t.Fatalf("4th request: ok=%v wait=%v, want refused with a wait", ok, wait)
	}
	if ok, _ := l.Allow("10.0.0.2"); !ok {
		t.Error("another client was refused")
	}
}

// TestLimiter_OpenCharge: Open never uses a request; only Charge does.
func TestLimiter_OpenCharge(t *testing.T) {
	l := NewLimiter(time.Hour, 2)
	for i := 0; i < 10; i++ {
		if ok, _ := l.Open("10.0.0.1"); !ok {
			t.Fatalf("open %d refused without any charge", i+1)
		}
	}
	l.Charge("10.0.0.1")
	l.Charge("10.0.0.1")
	if ok, wait := l.Open("10.0.0.1"); ok || wait <= 0 {
		t.Fatalf("after the burst was charged: ok=%v wait=%v, want refused with a wait", ok, wait)
	}
	if ok, _ := l.Open("10.0.0.2"); !ok {
		t.Error("another client was refused")
	}
}

func TestLoginWait(t *testing.T) {
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	ago := func(n int, d time.Duration) Failures { return Failures{N: n, Last: now.Add(-d)} }
	for _, tt := range []struct {
		name string
		f    LoginFailures
		want time.Duration
	}{
		{"none", LoginFailures{}, 0},
		{"four from this client", LoginFailures{Pair: ago(4, 0), Account: ago(4, 0), Client: ago(4, 0)}, 0},
		{"fifth from this client", LoginFailures{Pair: ago(5, 0), Account: ago(5, 0), Client: ago(5, 0)}, 30 * time.Second},
		{"doubles", LoginFailures{Pair: ago(7, 0)}, 2 * time.Minute},
		{"capped at 15 min", LoginFailures{Pair: ago(40, 0)}, 15 * time.Minute},
		{"counts from the last failure", LoginFailures{Pair: ago(5, 20*time.Second)}, 10 * time.Second},
		{"waited out", LoginFailures{Pair: ago(5, time.Minute)}, 0},
		// A guesser elsewhere does not hold back the user at a clean address.
		{"account below its ceiling", LoginFailures{Account: ago(49, 0)}, 0},
		{"account at its ceiling", LoginFailures{Account: ago(50, 0)}, 30 * time.Second},
		{"client below its ceiling", LoginFailures{Client: ago(99, 0)}, 0},
		{"client at its ceiling", LoginFailures{Client: ago(101, 0)}, time.Minute},
		{"the longest wait wins", LoginFailures{Pair: ago(5, 0), Account: ago(52, 0)}, 2 * time.Minute},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := LoginWait(tt.f, now); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestSeal(t *testing.T) {
	sealed, err := Seal("sleutel-1", []byte(`{"id":1}`))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(sealed, []byte(`"id"`)) {
		t.Error("sealed value holds the plaintext")
	}
	if got, err := Open("sleutel-1", sealed); err != nil || string(got) != `{"id":1}` {
		t.Errorf("Open = %q, %v", got, err)
	}
	if _, err := Open("sleutel-2", sealed); err == nil {
		t.Error("opened with another secret")
	}
	if _, err := Open("sleutel-1", sealed[:5]); err == nil {
		t.Error("opened a truncated value")
	}
}

// TestTOTP runs on a fixed clock: the RFC 6238 test secret's codes, one step
// of drift either way, and no code twice (lastStep).
func TestTOTP(t *testing.T) {
	// RFC 6238 appendix B's SHA-1 secret "12345678901234567890", in base32.
	const secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
	at := time.Unix(1111111109, 0) // step 37037036; the RFC's 8-digit code is 07081804
	code, err := TOTPCode(secret, at)
	if err != nil || code != "081804" {
		t.Fatalf("TOTPCode = %q, %v; want 081804 (RFC 6238)", code, err)
	}
	step := at.Unix() / 30
	for _, tt := range []struct {
		name     string
		code     string
		now      time.Time
		lastStep int64
		ok       bool
		wantStep int64
	}{
		{"the current code", "081804", at, 0, true, step},
		{"typed with a space", " 081 804", at, 0, true, step},
		{"one step late", "081804", at.Add(30 * time.Second), 0, true, step},
		{"one step early", "081804", at.Add(-30 * time.Second), 0, true, step},
		{"two steps late", "081804", at.Add(60 * time.Second), 0, false, 0},
		{"replayed within its window", "081804", at.Add(10 * time.Second), step, false, 0},
		{"a wrong code", "081805", at, 0, false, 0},
		{"too short", "08180", at, 0, false, 0},
		{"empty", "", at, 0, false, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := CheckTOTP(secret, tt.code, tt.now, tt.lastStep)
			if ok != tt.ok || got != tt.wantStep {
				t.Errorf("CheckTOTP = %d, %v; want %d, %v", got, ok, tt.wantStep, tt.ok)
			}
		})
	}
	// A fresh secret is 32 base32 characters and gives a QR code.
	s := NewTOTPSecret()
	if len(s) != 32 || strings.Trim(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") != "" {
		t.Errorf("NewTOTPSecret = %q", s)
	}
	qr, err := TOTPQRCode("Regiepool", "a@b.nl", s)
	if err != nil || !strings.HasPrefix(qr, "data:image/png;base64,") {
		t.Errorf("TOTPQRCode = %.40q, %v", qr, err)
	}
}

func TestRecoveryCodes(t *testing.T) {
	codes := NewRecoveryCodes(10)
	seen := map[string]bool{}
	for _, c := range codes {
		if len(c) != 11 || c[5] != '-' || strings.ContainsAny(c, "01OIL") || seen[c] {
			t.Errorf("recovery code %q", c)
		}
		seen[c] = true
	}
	c := codes[0]
	if !bytes.Equal(HashRecoveryCode(c), HashRecoveryCode(strings.ToLower(strings.Replace(c, "-", " ", 1)))) {
		t.Error("a recovery code typed in lower case with a space does not match")
	}
}
