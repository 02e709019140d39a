package domain

import (
	"context"
	"time"
)

// Idempotency keys make a POST of the API safe to repeat: a client that
// sends the header Idempotency-Key with a request, and the same key with its
// retries, gets the first answer again instead of a second record
// (draft-ietf-httpapi-idempotency-key-header). A key belongs to the user who
// sent it and to one request (method, path and body).
const (
	// IdempotencyKeyTTL is how long a key and its answer are kept.
	IdempotencyKeyTTL = 24 * time.Hour
	// IdempotencyLease is how long the first request with a key may run
	// before a retry may take the key over, when that request wrote
	// nothing: far longer than a request may take (the request deadline is
	// at most a minute), so it has ended.
	IdempotencyLease = 2 * time.Minute
	// MaxIdempotencyKey is the longest key, in bytes.
	MaxIdempotencyKey = 255
)

// IdempotentAnswer is the stored answer to the first request with a key.
type IdempotentAnswer struct {
	Status   int
	Body     []byte
	Location string
}

// IdempotencyClaim is the outcome of presenting a key: either the first
// answer to replay, or a claim (ID) that the request now runs under.
type IdempotencyClaim struct {
	ID     int64
	Replay *IdempotentAnswer
}

// CheckIdempotencyKey accepts 1 to MaxIdempotencyKey visible ASCII
// characters (a UUID, say). Errors: invalid.
func CheckIdempotencyKey(key string) error {
	ok := key != "" && len(key) <= MaxIdempotencyKey
	for i := 0; ok && i < len(key); i++ {
		ok = key[i] > ' ' && key[i] < 0x7f
	}
	if !ok {
		return Invalid(FieldError{Name: "Idempotency-Key", Code: "format",
			Reason: "Een idempotentiesleutel bestaat uit 1 tot 255 zichtbare ASCII-tekens, bijvoorbeeld een UUID."})
	}
	return nil
}

// Errors of presenting a key that cannot run now.
func errIdempotency(code, key, message string, retryAfter int) *Error {
	return &Error{Code: code, Key: key, Message: message, RetryAfter: retryAfter}
}

// ErrIdempotencyKeyReused: the key was sent before with another request.
func ErrIdempotencyKeyReused() *Error {
	return errIdempotency(EUnprocessable, "idempotency_key_reused",
		"Deze idempotentiesleutel hoort bij een ander verzoek. Gebruik voor elk nieuw verzoek een nieuwe sleutel.", 0)
}

// ErrIdempotencyInProgress: the first request with the key is still running.
func ErrIdempotencyInProgress() *Error {
	return errIdempotency(EConflict, "idempotency_key_in_progress",
		"Een verzoek met deze idempotentiesleutel wordt nog verwerkt. Probeer het zo opnieuw.", 1)
}

// ErrIdempotencyOutcomeUnknown: the first request with the key changed data
// but its answer was lost; repeating it could do it twice.
func ErrIdempotencyOutcomeUnknown() *Error {
	return errIdempotency(EConflict, "idempotency_key_outcome_unknown",
		"Het eerste verzoek met deze idempotentiesleutel heeft gegevens gewijzigd, maar het antwoord ging verloren. Kijk wat er is vastgelegd voordat u het opnieuw probeert, met een nieuwe sleutel.", 0)
}

// ErrIdempotencyTakenOver: a retry took the key over from this request,
// which therefore may not write any more.
func ErrIdempotencyTakenOver() *Error {
	return errIdempotency(EConflict, "idempotency_key_taken_over",
		"Een herhaling van dit verzoek heeft het overgenomen; dit verzoek is niet uitgevoerd.", 0)
}

type idempotencyKey struct{}

// WithIdempotencyClaim returns ctx carrying the claim id under which the
// request runs: every write of the request marks the claim in its own
// transaction, so a lost answer is never mistaken for a request that did
// nothing.
func WithIdempotencyClaim(ctx context.Context, id int64) context.Context {
	return context.WithValue(ctx, idempotencyKey{}, id)
}

// IdempotencyClaimFrom returns the claim id in ctx, or 0.
func IdempotencyClaimFrom(ctx context.Context) int64 {
	id, _ := ctx.Value(idempotencyKey{}).(int64)
	return id
}
