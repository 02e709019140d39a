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
