package badge

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/gowebpki/jcs"
	"github.com/mr-tron/base58"

	"github.com/topcop-platform/topcop/internal/certs/cert"
)

// The proof follows W3C VC Data Integrity EdDSA Cryptosuites v1.0,
// eddsa-jcs-2022 (§3.3): the proof configuration (the proof without its
// value, carrying the document's @context) and the document without its
// proof are each canonicalized with JCS (RFC 8785) and hashed with
// SHA-256; Ed25519 signs the configuration's hash followed by the
// document's, and the signature is written as base58btc multibase ("z…").
// The proof covers every member of both, so one changed byte anywhere
// fails it.

const (
	proofType   = "DataIntegrityProof"
	cryptosuite = "eddsa-jcs-2022"
	purpose     = "assertionMethod"
	rfc3339     = time.RFC3339

	// maxCredential bounds what Verify reads; a credential is a few
	// kilobytes.
	maxCredential = 64 << 10
	// maxProofValue bounds the multibase text decoded: an Ed25519
	// signature is 64 bytes, at most 88 base58 digits.
	maxProofValue = 100
)

// ErrMalformed is returned by Verify for input that is not an Open Badges
// credential with a proof this package makes. A credential whose proof
// names a key the set lacks fails with cert.ErrUnknownKey, and one whose
// content or proof was changed with cert.ErrBadSignature.
var ErrMalformed = errors.New("not an Open Badges credential with an eddsa-jcs-2022 proof")

type proof struct {
	Type               string   `json:"type"`
	Cryptosuite        string   `json:"cryptosuite"`
	Created            string   `json:"created"`
	VerificationMethod string   `json:"verificationMethod"`
	ProofPurpose       string   `json:"proofPurpose"`
	Context            []string `json:"@context"`
	ProofValue         string   `json:"proofValue,omitempty"`
}

// sign adds doc's proof by key, whose verification method is the key's id
// under the issuer's Profile, and returns the credential's JSON.
func sign(doc credential, issuerID string, key *cert.SigningKey) ([]byte, error) {
	if key == nil || len(key.Private) != ed25519.PrivateKeySize || key.ID == "" {
		return nil, errors.New("badge: no signing key")
	}
	p := proof{Type: proofType, Cryptosuite: cryptosuite, Created: time.Now().UTC().Format(rfc3339),
		VerificationMethod: issuerID + "#" + key.ID, ProofPurpose: purpose, Context: doc.Context}
	msg, err := hashData(doc, p)
	if err != nil {
		return nil, err
	}
	p.ProofValue = "z" + base58.Encode(ed25519.Sign(key.Private, msg))
	doc.Proof = []proof{p}
	return encode(doc)
}

// hashData is what eddsa-jcs-2022 signs: the SHA-256 of the canonical
// proof configuration followed by the SHA-256 of the canonical document.
func hashData(doc, config any) ([]byte, error) {
	c, err := canonicalHash(config)
	if err != nil {
		return nil, err
	}
	d, err := canonicalHash(doc)
	if err != nil {
		return nil, err
	}
	return append(c[:], d[:]...), nil
}

func canonicalHash(v any) ([sha256.Size]byte, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return [sha256.Size]byte{}, err
	}
	canon, err := jcs.Transform(raw)
	if err != nil {
		return [sha256.Size]byte{}, err
	}
	return sha256.Sum256(canon), nil
}

// Verify checks a credential's proof against keys and that it is an Open
// Badges credential of this platform, and returns the certificate code it
// carries (in its id, the certificate's verification address). The key is
// the fragment of the proof's verificationMethod, which must lie under the
// credential's issuer. It fails with ErrMalformed, cert.ErrUnknownKey or
// cert.ErrBadSignature, and never panics, whatever data is. Whether the
// certificate was revoked is for the caller to ask.
func Verify(data []byte, keys cert.KeySet) (code string, err error) {
	if len(data) > maxCredential {
		return "", ErrMalformed
	}
	// JCS parses strictly: invalid UTF-8, duplicate members and trailing
	// data are refused before anything reads the document.
	canon, err := jcs.Transform(data)
	if err != nil {
		return "", ErrMalformed
	}
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(canon, &doc); err != nil || doc == nil {
		return "", ErrMalformed
	}
	p, err := soleProof(doc["proof"])
	if err != nil {
		return "", err
	}
	delete(doc, "proof")
	if err := checkProof(doc, p, issuerOf(doc), keys); err != nil {
		return "", err
	}
	return claims(doc)
}

// soleProof returns the credential's one proof, given as an array (as
// the Open Badges schema has it) or as a single object (as VCDM allows).
func soleProof(raw json.RawMessage) (map[string]json.RawMessage, error) {
	var list []map[string]json.RawMessage
	if err := json.Unmarshal(raw, &list); err != nil {
		var one map[string]json.RawMessage
		if err := json.Unmarshal(raw, &one); err != nil {
			return nil, ErrMalformed
		}
		list = append(list, one)
	}
	if len(list) != 1 || list[0] == nil {
		return nil, ErrMalformed
	}
	return list[0], nil
}

// member reads the string member key of m, matching the name exactly
// (encoding/json matches struct fields without regard to case).
func member(m map[string]json.RawMessage, key string) string {
	var s string
	if raw, ok := m[key]; !ok || json.Unmarshal(raw, &s) != nil {
		return ""
	}
	return s
}

// issuerOf is the credential's issuer id: the issuer is a URI or a
// Profile with an id.
func issuerOf(doc map[string]json.RawMessage) string {
	var p map[string]json.RawMessage
	if json.Unmarshal(doc["issuer"], &p) == nil {
		return member(p, "id")
	}
	return member(doc, "issuer")
}

// checkProof verifies proof p of doc (doc without its proof) as
// eddsa-jcs-2022 §3.3.2 says, with a key of keys that belongs to the
// issuer issuerID. doc is not changed.
func checkProof(doc, p map[string]json.RawMessage, issuerID string, keys cert.KeySet) error {
	if member(p, "type") != proofType || member(p, "cryptosuite") != cryptosuite || member(p, "proofPurpose") != purpose {
		return ErrMalformed
	}
	if created, ok := p["created"]; ok {
		var s string
		if json.Unmarshal(created, &s) != nil {
			return ErrMalformed
		}
		if _, err := time.Parse(time.RFC3339, s); err != nil {
			return ErrMalformed
		}
	}
	controller, kid, _ := strings.Cut(member(p, "verificationMethod"), "#")
	if issuerID == "" || controller != issuerID {
		return cert.ErrUnknownKey
	}
	pub, ok := keys.Lookup(kid)
	if !ok {
		return cert.ErrUnknownKey
	}
	value := member(p, "proofValue")
	if value == "" {
		return ErrMalformed
	}
	if len(value) > maxProofValue || value[0] != 'z' {
		return cert.ErrBadSignature
	}
	sig, err := base58.Decode(value[1:])
	if err != nil || len(sig) != ed25519.SignatureSize {
		return cert.ErrBadSignature
	}

	doc = maps.Clone(doc)
	config := maps.Clone(p)
	delete(config, "proofValue")
	if ctx, ok := p["@context"]; ok {
		// The document may have gained contexts after the proof, never
		// lost or reordered the ones the proof was made with.
		var want, have []json.RawMessage
		if json.Unmarshal(ctx, &want) != nil || json.Unmarshal(doc["@context"], &have) != nil {
			return ErrMalformed
		}
		if len(have) < len(want) || !slices.EqualFunc(want, have[:len(want)], func(a, b json.RawMessage) bool { return bytes.Equal(a, b) }) {
			return cert.ErrBadSignature
		}
		doc["@context"] = ctx
	}
	if ctx, ok := doc["@context"]; ok {
		config["@context"] = ctx
	}
	msg, err := hashData(doc, config)
	if err != nil {
		return ErrMalformed
	}
	if !ed25519.Verify(pub, msg, sig) {
		return cert.ErrBadSignature
	}
	return nil
}

// claims checks that doc is an Open Badges credential as Credential
// writes one and returns its certificate code.
func claims(doc map[string]json.RawMessage) (string, error) {
	var ctx, types []string
	var subj struct {
		Achievement map[string]json.RawMessage `json:"achievement"`
	}
	if json.Unmarshal(doc["@context"], &ctx) != nil || json.Unmarshal(doc["type"], &types) != nil ||
		json.Unmarshal(doc["credentialSubject"], &subj) != nil {
		return "", ErrMalformed
	}
	var achTypes []string
	if len(ctx) < 2 || ctx[0] != contextVC || !strings.HasPrefix(ctx[1], "https://purl.imsglobal.org/spec/ob/v3p0/context") ||
		!slices.Contains(types, "VerifiableCredential") ||
		!(slices.Contains(types, "OpenBadgeCredential") || slices.Contains(types, "AchievementCredential")) ||
		json.Unmarshal(subj.Achievement["type"], &achTypes) != nil || !slices.Contains(achTypes, "Achievement") {
		return "", ErrMalformed
	}
	if _, err := time.Parse(time.RFC3339, member(doc, "validFrom")); err != nil {
		return "", ErrMalformed
	}
	base, ok := strings.CutSuffix(issuerOf(doc), IssuerPath)
	if !ok {
		return "", ErrMalformed
	}
	id := member(doc, "id")
	rest, ok := strings.CutPrefix(id, base+"/verify/")
	code := cert.NormalizeCode(rest)
	if !ok || code == "" || id != verifyURL(base, code) {
		return "", ErrMalformed
	}
	return code, nil
}

// encode writes v as indented JSON, its text as UTF-8 as is: neither
// HTML escaping nor \u escapes, so names in any script read in the file.
func encode(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
