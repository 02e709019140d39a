package auth

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"errors"
)

// Seal encrypts plaintext (AES-256-GCM) under a key derived from secret, a
// value the client holds and the database never sees (only HashToken of
// it). What is stored sealed is readable only by whoever presents the
// secret again, so a copy of the database does not reveal it. The
// protection is as strong as the secret is hard to guess.
func Seal(secret string, plaintext []byte) ([]byte, error) {
	aead, err := sealer(secret)
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, aead.NonceSize())
	_, _ = rand.Read(nonce)
	return aead.Seal(nonce, nonce, plaintext, nil), nil
}

// Open decrypts what Seal sealed under the same secret.
func Open(secret string, sealed []byte) ([]byte, error) {
	aead, err := sealer(secret)
	if err != nil {
		return nil, err
	}
	if len(sealed) < aead.NonceSize() {
		return nil, errors.New("sealed value too short")
	}
	n := aead.NonceSize()
	return aead.Open(nil, sealed[:n], sealed[n:], nil)
}

// sealer derives the cipher from secret; the label keeps the key apart from
// HashToken(secret), which is stored.
func sealer(secret string) (cipher.AEAD, error) {
	key := sha256.Sum256([]byte("regiepool seal\x00" + secret))
	block, err := aes.NewCipher(key[:])
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}
