package auth

import (
	"bytes"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base32"
	"encoding/base64"
	"fmt"
	"image/png"
	"net/url"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// TOTP parameters (RFC 6238): what every authenticator app supports.
const (
	totpPeriod = 30
	totpDigits = otp.DigitsSix
)

var totpOpts = totp.ValidateOpts{Period: totpPeriod, Digits: totpDigits, Algorithm: otp.AlgorithmSHA1}

// NewTOTPSecret returns a fresh random TOTP secret: 160 bits, base32
// without padding (32 characters).
func NewTOTPSecret() string {
	b := make([]byte, 20)
	_, _ = rand.Read(b)
	return base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b)
}

// TOTPURL is the otpauth:// address an authenticator app reads from the
// QR code.
func TOTPURL(issuer, account, secret string) string {
	v := url.Values{}
	v.Set("secret", secret)
	v.Set("issuer", issuer)
	v.Set("algorithm", "SHA1")
	v.Set("digits", "6")
	v.Set("period", "30")
	label := url.PathEscape(issuer) + ":" + url.PathEscape(account)
	return "otpauth://totp/" + label + "?" + v.Encode()
}

// TOTPQRCode returns the QR code of the otpauth:// address as a PNG data URI.
func TOTPQRCode(issuer, account, secret string) (string, error) {
	key, err := otp.NewKeyFromURL(TOTPURL(issuer, account, secret))
	if err != nil {
		return "", fmt.Errorf("totp key: %w", err)
	}
	img, err := key.Image(240, 240)
	if err != nil {
		return "", fmt.Errorf("totp qr code: %w", err)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return "", fmt.Errorf("totp qr code: %w", err)
	}
	return "data:image/png;base64," + base64.StdEncoding.EncodeToString(buf.Bytes()), nil
}

// TOTPCode returns the code of secret at time at (for the demo's helpers and
// tests).
func TOTPCode(secret string, at time.Time) (string, error) {
	return totp.GenerateCodeCustom(secret, at, totpOpts)
}

// CheckTOTP checks code against secret at time now, allowing one period of
// clock drift either way, and returns the time step the code belongs to.
// A code whose step is not after lastStep (the step of the last accepted
// code) is refused: a code is good once, never replayed within its window.
func CheckTOTP(secret, code string, now time.Time, lastStep int64) (int64, bool) {
	code = NormaliseCode(code)
	if len(code) != 6 {
		return 0, false
	}
	step := now.Unix() / totpPeriod
	for _, s := range []int64{step - 1, step, step + 1} {
		if s <= lastStep {
			continue
		}
		want, err := totp.GenerateCodeCustom(secret, time.Unix(s*totpPeriod, 0), totpOpts)
		if err == nil && ConstantTimeEqual(want, code) {
			return s, true
		}
	}
	return 0, false
}

// NormaliseCode removes spaces and hyphens and upper-cases what a user typed
// as a one-time or recovery code.
func NormaliseCode(code string) string {
	return strings.ToUpper(strings.NewReplacer(" ", "", "-", "", "\t", "").Replace(strings.TrimSpace(code)))
}

// recoveryAlphabet has no 0/O, 1/I/L: easy to read from paper.
const recoveryAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

// NewRecoveryCodes returns n recovery codes of 10 characters (about 49
// random bits each), written as "XXXXX-XXXXX".
func NewRecoveryCodes(n int) []string {
	out := make([]string, n)
	for i := range out {
		var sb strings.Builder
		for sb.Len() < 11 {
			var b [1]byte
			_, _ = rand.Read(b[:])
			// Rejection sampling keeps every character equally likely.
			if int(b[0]) >= 256/len(recoveryAlphabet)*len(recoveryAlphabet) {
				continue
			}
			if sb.Len() == 5 {
				sb.WriteByte('-')
			}
			sb.WriteByte(recoveryAlphabet[int(b[0])%len(recoveryAlphabet)])
		}
		out[i] = sb.String()
	}
	return out
}

// HashRecoveryCode is what is stored of a recovery code: the SHA-256 of its
// normalised form, so "abcde fghjk" matches "ABCDE-FGHJK".
func HashRecoveryCode(code string) []byte {
	return HashToken("recovery:" + NormaliseCode(code))
}

// ConstantTimeEqual compares two short secrets in constant time.
func ConstantTimeEqual(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}
