// Package cert holds what a certificate is and the cryptography that
// makes it verifiable offline: codes, the signed QR payload, the issuer
// keys and the signed revocation list. It has no database and no web:
// the certs capability, the PDF and badge renderers, the offline page and
// the `topcop cert verify` command all build on it.
package cert

import (
	"crypto/rand"
	"strings"
)

// A certificate's code is 16 characters of Crockford's base32 (80 random
// bits): unguessable, short enough to type from paper, and free of the
// letters that read as digits. It is shown in groups of four
// (7KQ2-M9XA-…); input is read leniently (lower case, spaces, hyphens, O
// for 0, I and L for 1).

const codeAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// CodeLen is the length of a code without hyphens.
const CodeLen = 16

// NewCode returns a fresh random code.
func NewCode() string {
	var b [CodeLen]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	for i := range b {
		b[i] = codeAlphabet[b[i]&31]
	}
	return string(b[:])
}

// NormalizeCode returns the code in s in its stored form, or "" when s is
// not a well-formed code.
func NormalizeCode(s string) string {
	if len(s) > 40 {
		return ""
	}
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		switch {
		case r == '-' || r == ' ':
			continue
		case r == 'O':
			r = '0'
		case r == 'I' || r == 'L':
			r = '1'
		}
		if r > 127 || !strings.ContainsRune(codeAlphabet, r) {
			return ""
		}
		b.WriteRune(r)
	}
	if b.Len() != CodeLen {
		return ""
	}
	return b.String()
}

// FormatCode shows a code in groups of four; s is returned as is if it is
// not a code.
func FormatCode(s string) string {
	c := NormalizeCode(s)
	if c == "" {
		return s
	}
	return c[0:4] + "-" + c[4:8] + "-" + c[8:12] + "-" + c[12:16]
}
