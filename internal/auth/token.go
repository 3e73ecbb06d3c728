package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
)

// Prefixes of the two kinds of bearer secret, so that a leaked string is
// recognisable (secret scanners, logs) and one kind is never accepted as
// the other.
const (
	SessionPrefix = "ts_"
	TokenPrefix   = "tk_"
)

// secretBytes is the entropy of every session and API token: 256 bits.
const secretBytes = 32

// secretLen is the length of the base64url body of a token.
var secretLen = base64.RawURLEncoding.EncodedLen(secretBytes)

// newSecret returns a fresh token with the given prefix and the SHA-256 hex
// of it, which is all the database keeps.
func newSecret(prefix string) (token, hash string, err error) {
	b := make([]byte, secretBytes)
	if _, err := rand.Read(b); err != nil {
		return "", "", err
	}
	token = prefix + base64.RawURLEncoding.EncodeToString(b)
	return token, hashSecret(token), nil
}

// hashSecret returns the hex SHA-256 of a token. Tokens carry 256 random
// bits, so an unsalted fast hash is enough: there is nothing to guess.
func hashSecret(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// wellFormed reports whether token has the prefix and the exact shape of a
// token we issue. Anything else is refused before it reaches the database.
func wellFormed(token, prefix string) bool {
	body, ok := strings.CutPrefix(token, prefix)
	if !ok || len(body) != secretLen {
		return false
	}
	for i := 0; i < len(body); i++ {
		c := body[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	// The last character carries 2 padding bits that must be zero for a
	// canonical encoding; Strict decoding checks them.
	_, err := base64.RawURLEncoding.Strict().DecodeString(body)
	return err == nil
}

// TokenFromHeader extracts the token from an Authorization header value of
// the form "Bearer <token>" (scheme case-insensitive, RFC 6750). It reports
// false for any other scheme, an empty token or one containing spaces. It
// does not check the token itself; AuthenticateToken does.
func TokenFromHeader(h string) (string, bool) {
	scheme, tok, ok := strings.Cut(strings.TrimSpace(h), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	tok = strings.TrimLeft(tok, " ")
	if tok == "" || strings.ContainsAny(tok, " \t\r\n") {
		return "", false
	}
	return tok, true
}
