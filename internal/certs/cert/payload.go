package cert

import (
	"bytes"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// The signed payload a certificate's QR code carries (issue 10 §4).
//
// It is compact text, safe in a URL fragment and a QR code:
//
//	TC1.<base64url(claims JSON)>.<base64url(Ed25519 signature)>
//
// The signature covers the ASCII bytes "TC1.<base64url(claims JSON)>", as
// in a JWS, so that the prefix (the format's version) is signed too. The
// claims name the person (Latin script), the course (English), the dates,
// the hours, the code and the id of the issuer key that signed them; a
// checker needs only the issuer's public keys (KeySet) and no network.
// The QR code holds the online verification address with the payload as
// its fragment (QRText), which a browser never sends to the server.

// PayloadPrefix starts every payload; it names the format's version.
const PayloadPrefix = "TC1."

// MaxPayload bounds the payload a checker reads; longer input is refused
// before any decoding.
const MaxPayload = 2048

// Claims are what a payload asserts.
type Claims struct {
	Code   string  `json:"c"`           // the certificate's code (Code form, no hyphens)
	KeyID  string  `json:"k"`           // the issuer key that signed
	Name   string  `json:"n"`           // the person's name in Latin script
	Course string  `json:"t"`           // the course title in English
	From   string  `json:"f"`           // first day, YYYY-MM-DD
	To     string  `json:"u"`           // last day, YYYY-MM-DD
	Hours  float64 `json:"h,omitempty"` // the course's hours
	Issuer string  `json:"i,omitempty"` // the issuing body
}

// Errors of reading a payload. Each is a clear answer for the person who
// checks; none says more than the payload itself.
var (
	ErrMalformed    = errors.New("not a certificate payload")
	ErrUnknownKey   = errors.New("signed by a key that is not one of the issuer's")
	ErrBadSignature = errors.New("the signature does not match: the payload was changed or forged")
)

// b64 is strict: a lenient decoder ignores the unused low bits of the
// last character, so a signature whose last character was changed would
// decode to the same bytes and still verify.
var b64 = base64.RawURLEncoding.Strict()

// Sign returns the payload of c signed with key (whose id c.KeyID is set
// to).
func Sign(c Claims, key *SigningKey) (string, error) {
	c.KeyID = key.ID
	body, err := json.Marshal(c)
	if err != nil {
		return "", err
	}
	signed := PayloadPrefix + b64.EncodeToString(body)
	sig := ed25519.Sign(key.Private, []byte(signed))
	return signed + "." + b64.EncodeToString(sig), nil
}

// ExtractPayload finds a payload in s: the payload itself, or a text
// that holds one (the verification address of a QR code, whose fragment
// is the payload). It returns "" when s holds none.
func ExtractPayload(s string) string {
	s = strings.TrimSpace(s)
	if len(s) > MaxPayload*2 {
		return ""
	}
	i := strings.Index(s, PayloadPrefix)
	if i < 0 {
		return ""
	}
	p := s[i:]
	if j := strings.IndexAny(p, " \t\r\n&?#\"'<>"); j >= 0 {
		p = p[:j]
	}
	return p
}

// Verify checks payload p against keys and returns its claims. It fails
// with ErrMalformed (not a payload, bad encoding, claims that do not
// parse or lack a field), ErrUnknownKey (a key id the set does not hold)
// or ErrBadSignature (any changed byte). It never panics, whatever p is.
func Verify(p string, keys KeySet) (Claims, error) {
	if len(p) > MaxPayload || !strings.HasPrefix(p, PayloadPrefix) {
		return Claims{}, ErrMalformed
	}
	dot := strings.LastIndexByte(p, '.')
	if dot <= len(PayloadPrefix) {
		return Claims{}, ErrMalformed
	}
	signed, sigText := p[:dot], p[dot+1:]
	body, err := b64.DecodeString(signed[len(PayloadPrefix):])
	if err != nil {
		return Claims{}, ErrMalformed
	}
	sig, err := b64.DecodeString(sigText)
	if err != nil || len(sig) != ed25519.SignatureSize {
		return Claims{}, ErrMalformed
	}
	var c Claims
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil || dec.More() || !utf8.Valid(body) {
		return Claims{}, ErrMalformed
	}
	if c.Code == "" || c.KeyID == "" || c.Name == "" || c.Course == "" || c.From == "" || c.To == "" {
		return Claims{}, ErrMalformed
	}
	pub, ok := keys.Lookup(c.KeyID)
	if !ok {
		return Claims{}, ErrUnknownKey
	}
	if !ed25519.Verify(pub, []byte(signed), sig) {
		return Claims{}, ErrBadSignature
	}
	// Re-encoding the claims must give the signed bytes: a payload whose
	// JSON has duplicate keys or other spellings of the same claims is
	// not one the issuer wrote.
	if again, err := json.Marshal(c); err != nil || !bytes.Equal(again, body) {
		return Claims{}, ErrMalformed
	}
	return c, nil
}

// QRText is what a certificate's QR code holds: the online verification
// address of code under base (the platform's public URL) with the payload
// as its fragment. A phone opens the page; an offline checker reads the
// payload from the fragment.
func QRText(base, code, payload string) string {
	return fmt.Sprintf("%s/verify/%s#%s", strings.TrimRight(base, "/"), FormatCode(code), payload)
}
