package cert

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/gowebpki/jcs"
)

// Issuer keys (issue 10 §4). Certificates are signed with the newest key
// that is not retired; rotating adds a key and retires the old one for
// signing, but every key ever used stays in the published KeySet, so old
// certificates keep verifying. The set is published as a JSON Web Key
// Set (RFC 7517, OKP/Ed25519 keys per RFC 8037) at KeysPath.

// KeysPath is the well-known address of the issuer's public keys.
const KeysPath = "/.well-known/topcop-certificate-keys.json"

// RevocationsPath is the address of the signed revocation list.
const RevocationsPath = "/verify/revocations.json"

// SigningKey is an issuer key with its private half.
type SigningKey struct {
	ID        string
	Private   ed25519.PrivateKey
	CreatedAt time.Time
	RetiredAt time.Time // zero: the key signs new certificates
}

// Public is the key's public half.
func (k *SigningKey) Public() ed25519.PublicKey { return k.Private.Public().(ed25519.PublicKey) }

// NewSigningKey makes a fresh key created at now; its id is the day and
// a random suffix (2026-12-03-9f2c1a).
func NewSigningKey(now time.Time) (*SigningKey, error) {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	var suffix [3]byte
	if _, err := rand.Read(suffix[:]); err != nil {
		return nil, err
	}
	return &SigningKey{ID: now.UTC().Format("2006-01-02") + "-" + hex.EncodeToString(suffix[:]), Private: priv, CreatedAt: now.UTC()}, nil
}

// JWK is one public key of a KeySet.
type JWK struct {
	Kty     string `json:"kty"` // OKP
	Crv     string `json:"crv"` // Ed25519
	Kid     string `json:"kid"`
	X       string `json:"x"`   // base64url public key
	Use     string `json:"use"` // sig
	Created string `json:"created,omitempty"`
	Retired string `json:"retired,omitempty" doc:"Since then the key signs no new certificate; the ones it signed stay valid"`
}

// KeySet is the issuer's published public keys.
type KeySet struct {
	Issuer string `json:"issuer,omitempty"`
	Keys   []JWK  `json:"keys"`
}

// PublicKeySet is the published form of keys.
func PublicKeySet(issuer string, keys []*SigningKey) KeySet {
	ks := KeySet{Issuer: issuer, Keys: make([]JWK, 0, len(keys))}
	for _, k := range keys {
		j := JWK{Kty: "OKP", Crv: "Ed25519", Kid: k.ID, X: b64.EncodeToString(k.Public()), Use: "sig", Created: k.CreatedAt.UTC().Format(time.RFC3339)}
		if !k.RetiredAt.IsZero() {
			j.Retired = k.RetiredAt.UTC().Format(time.RFC3339)
		}
		ks.Keys = append(ks.Keys, j)
	}
	sort.Slice(ks.Keys, func(i, j int) bool { return ks.Keys[i].Kid < ks.Keys[j].Kid })
	return ks
}

// Lookup returns the public key with id kid.
func (ks KeySet) Lookup(kid string) (ed25519.PublicKey, bool) {
	for _, k := range ks.Keys {
		if k.Kid != kid || k.Kty != "OKP" || k.Crv != "Ed25519" {
			continue
		}
		pub, err := b64.DecodeString(k.X)
		if err != nil || len(pub) != ed25519.PublicKeySize {
			return nil, false
		}
		return ed25519.PublicKey(pub), true
	}
	return nil, false
}

// ParseKeySet reads a published key set.
func ParseKeySet(data []byte) (KeySet, error) {
	var ks KeySet
	if err := json.Unmarshal(data, &ks); err != nil {
		return KeySet{}, fmt.Errorf("not a key set: %w", err)
	}
	if len(ks.Keys) == 0 {
		return KeySet{}, errors.New("the key set holds no key")
	}
	return ks, nil
}

// Revocation is one revoked certificate in the revocation list.
type Revocation struct {
	Code      string `json:"code"`
	RevokedAt string `json:"revoked_at" doc:"RFC 3339"`
	Reason    string `json:"reason"`
}

// RevocationList is the signed list of revoked certificates that offline
// checkers download (RevocationsPath). The signature is Ed25519 over the
// JSON Canonicalization Scheme (RFC 8785) form of the list without its
// signature member.
type RevocationList struct {
	Format    string       `json:"format"` // topcop-revocations/1
	Issuer    string       `json:"issuer"`
	IssuedAt  string       `json:"issued_at"`
	KeyID     string       `json:"key_id"`
	Revoked   []Revocation `json:"revoked"`
	Signature string       `json:"signature,omitempty"`
}

// RevocationFormat names the revocation list's format and version.
const RevocationFormat = "topcop-revocations/1"

func (l RevocationList) signedBytes() ([]byte, error) {
	l.Signature = ""
	raw, err := json.Marshal(l)
	if err != nil {
		return nil, err
	}
	return jcs.Transform(raw)
}

// SignRevocations signs l with key.
func SignRevocations(l RevocationList, key *SigningKey) (RevocationList, error) {
	l.Format, l.KeyID = RevocationFormat, key.ID
	if l.Revoked == nil {
		l.Revoked = []Revocation{}
	}
	msg, err := l.signedBytes()
	if err != nil {
		return RevocationList{}, err
	}
	l.Signature = b64.EncodeToString(ed25519.Sign(key.Private, msg))
	return l, nil
}

// ParseRevocations reads a revocation list and checks its signature
// against keys.
func ParseRevocations(data []byte, keys KeySet) (RevocationList, error) {
	var l RevocationList
	if len(data) > 16<<20 {
		return RevocationList{}, errors.New("the revocation list is too large")
	}
	if err := json.Unmarshal(data, &l); err != nil || l.Format != RevocationFormat {
		return RevocationList{}, errors.New("not a revocation list")
	}
	pub, ok := keys.Lookup(l.KeyID)
	if !ok {
		return RevocationList{}, ErrUnknownKey
	}
	sig, err := b64.DecodeString(l.Signature)
	if err != nil {
		return RevocationList{}, ErrBadSignature
	}
	msg, err := l.signedBytes()
	if err != nil || !ed25519.Verify(pub, msg, sig) {
		return RevocationList{}, ErrBadSignature
	}
	return l, nil
}

// Find returns the revocation of code, if the list holds one.
func (l RevocationList) Find(code string) (Revocation, bool) {
	code = NormalizeCode(code)
	for _, r := range l.Revoked {
		if NormalizeCode(r.Code) == code {
			return r, true
		}
	}
	return Revocation{}, false
}
