package auth

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"strings"
)

// TokenBytes is the entropy of every token: 256 random bits (the floor is 128).
const TokenBytes = 32

// NewToken returns a random token for a cookie, bearer header or link, and
// the hash under which it is stored. Only the hash reaches the database.
func NewToken(prefix string) (token string, hash []byte) {
	b := make([]byte, TokenBytes)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on Linux
	token = prefix + base64.RawURLEncoding.EncodeToString(b)
	return token, HashToken(token)
}

// HashToken returns the stored form of a token. Tokens carry 256 random
// bits, so a plain SHA-256 is enough: there is nothing to brute-force.
func HashToken(token string) []byte {
	sum := sha256.Sum256([]byte(token))
	return sum[:]
}

// LooksLikeToken is a cheap shape check before any database lookup.
func LooksLikeToken(prefix, token string) bool {
	rest, ok := strings.CutPrefix(token, prefix)
	return ok && len(rest) == base64.RawURLEncoding.EncodedLen(TokenBytes)
}

// Token prefixes make leaked tokens recognisable (secret scanners) and keep
// one kind from being used as another.
const (
	PrefixSession = "rps_"
	PrefixAccess  = "rpa_"
	PrefixRater   = "rpr_"
	// PrefixVoice marks a questionnaire link for a family or a party.
	PrefixVoice = "rpq_"
)

// EmailKey derives the keyed hash under which failed log-ins are counted, so
// typed addresses are not stored in the clear.
func EmailKey(secret []byte, email string) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(strings.ToLower(strings.TrimSpace(email))))
	return m.Sum(nil)
}

// SessionCookieName is the web session cookie. With secure cookies it takes
// the __Host- prefix, which makes browsers insist on Secure, Path=/ and no
// Domain, so no subdomain can plant or read it.
func SessionCookieName(secure bool) string {
	if secure {
		return "__Host-regiepool_session"
	}
	return "regiepool_session"
}
