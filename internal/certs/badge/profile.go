package badge

import (
	"bytes"
	"crypto/ed25519"
	"errors"
	"fmt"

	"github.com/mr-tron/base58"

	"github.com/topcop-platform/topcop/internal/certs/cert"
)

// multikey is a verification method of the issuer's Profile (W3C
// Controlled Identifiers v1.0, Multikey).
type multikey struct {
	ID                 string `json:"id"`
	Type               string `json:"type"`
	Controller         string `json:"controller"`
	PublicKeyMultibase string `json:"publicKeyMultibase"`
}

// ed25519Multicodec prefixes an Ed25519 public key in a Multikey: the
// multicodec ed25519-pub (0xed) as an unsigned varint.
var ed25519Multicodec = []byte{0xed, 0x01}

// IssuerProfile is the issuer's Open Badges Profile, served at
// BaseURL+IssuerPath (the credential's issuer id). Every key of keys is a
// Multikey verification method, id BaseURL+IssuerPath+"#"+kid, listed
// under assertionMethod: retired keys too, since the credentials they
// signed stay valid. It fails when iss has no usable base URL or name, or
// when keys holds no Ed25519 key.
func IssuerProfile(iss Issuer, keys cert.KeySet) ([]byte, error) {
	base, err := iss.base()
	if err != nil {
		return nil, err
	}
	id := base + IssuerPath
	p := profile{Context: []string{contextVC, contextOB, contextCID}, ID: id, Type: []string{"Profile"},
		Name: iss.Name, URL: base, Email: iss.Email}
	for _, k := range keys.Keys {
		pub, ok := keys.Lookup(k.Kid)
		if !ok {
			return nil, fmt.Errorf("badge: key %q is not an Ed25519 key", k.Kid)
		}
		vm := id + "#" + k.Kid
		p.VerificationMethod = append(p.VerificationMethod, multikey{ID: vm, Type: "Multikey", Controller: id,
			PublicKeyMultibase: publicKeyMultibase(pub)})
		p.AssertionMethod = append(p.AssertionMethod, vm)
	}
	if len(p.VerificationMethod) == 0 {
		return nil, errors.New("badge: the key set holds no key")
	}
	return encode(p)
}

// publicKeyMultibase writes pub as a Multikey does: base58btc ("z") of
// the multicodec prefix and the key.
func publicKeyMultibase(pub ed25519.PublicKey) string {
	return "z" + base58.Encode(append(bytes.Clone(ed25519Multicodec), pub...))
}
