package badge

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/gowebpki/jcs"
	"github.com/mr-tron/base58"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/topcop-platform/topcop/internal/certs/cert"
)

const testEmail = "Nino.Beridze@police.example.ge"

var testIssuer = Issuer{
	BaseURL:  "https://topcop.example.org/",
	Name:     "TOPCOP Training Platform",
	Email:    "certificates@topcop.example.org",
	Criteria: "Attended at least 80% of the days and met the activity's completion conditions.",
}

// certificates are one certificate in each of the participant scripts
// the platform serves, plus one with the fewest facts a certificate has.
func certificates() map[string]cert.Certificate {
	issued := time.Date(2026, 3, 6, 15, 4, 5, 0, time.UTC)
	return map[string]cert.Certificate{
		"georgian": {Code: cert.NewCode(), Name: "Nino Beridze", NativeName: "ნინო ბერიძე", Lang: "ka",
			CourseCode: "CYB-101", CourseTitle: "Cybercrime investigation basics", LocalTitle: "კიბერდანაშაულის გამოძიების საფუძვლები",
			StartsOn: "2026-03-02", EndsOn: "2026-03-06", Hours: 32, City: "Tbilisi", CountryCode: "GE",
			Outcomes: []string{"Secure digital evidence", "Request data across borders <MLA & e-evidence>"}, IssuedAt: issued},
		"armenian": {Code: cert.NewCode(), Name: "Armen Petrosyan", NativeName: "Արմեն Պետրոսյան", Lang: "hy",
			CourseCode: "FIN.7_A", CourseTitle: "Financial investigations", LocalTitle: "Ֆինանսական հետաքննություններ",
			StartsOn: "2026-04-13", EndsOn: "2026-04-14", Hours: 12.5, Online: true, Outcomes: []string{"Trace assets"}, IssuedAt: issued},
		"cyrillic": {Code: cert.NewCode(), Name: "Olena Kovalenko", NativeName: "Олена Коваленко", Lang: "uk",
			CourseCode: "THB-2", CourseTitle: "Trafficking in human beings", LocalTitle: "Торгівля людьми",
			StartsOn: "2026-05-20", EndsOn: "2026-05-20", Hours: 1, City: "Kyiv", CountryCode: "UA", IssuedAt: issued},
		"bare": {Code: cert.NewCode(), Name: "Aysel Mammadova", Lang: "az", CourseCode: "X1", CourseTitle: "Short course",
			StartsOn: "2026-06-01", IssuedAt: issued},
	}
}

func newKey(t testing.TB, now time.Time) *cert.SigningKey {
	t.Helper()
	k, err := cert.NewSigningKey(now)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func issue(t testing.TB, c cert.Certificate, key *cert.SigningKey, email string) []byte {
	t.Helper()
	data, err := Credential(c, testIssuer, key, email)
	if err != nil {
		t.Fatalf("Credential: %v", err)
	}
	return data
}

func decode(t testing.TB, data []byte) map[string]any {
	t.Helper()
	var m map[string]any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		t.Fatal(err)
	}
	return m
}

func encodeMap(t testing.TB, m map[string]any) []byte {
	t.Helper()
	data, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func achievementCredentialSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2019)
	c.AssertFormat()
	sch, err := c.Compile("testdata/ob3/achievementcredential.schema.json")
	if err != nil {
		t.Fatalf("compile the OB 3.0 schema: %v", err)
	}
	return sch
}

func validate(sch *jsonschema.Schema, data []byte) error {
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return err
	}
	return sch.Validate(inst)
}

func TestCredentialValidatesAgainstSchema(t *testing.T) {
	sch := achievementCredentialSchema(t)
	key := newKey(t, time.Now())
	for name, c := range certificates() {
		for _, email := range []string{testEmail, ""} {
			data := issue(t, c, key, email)
			if err := validate(sch, data); err != nil {
				t.Errorf("%s (e-mail %q): the credential fails the OB 3.0 schema: %v\n%s", name, email, err, data)
			}
		}
	}

	// The validator must be able to say no: each change below breaks a
	// rule of the schema.
	valid := issue(t, certificates()["georgian"], key, testEmail)
	for _, tc := range []struct {
		name, want string // want: where the schema must object
		change     func(m map[string]any)
	}{
		{"no issuer", "missing property 'issuer'", func(m map[string]any) { delete(m, "issuer") }},
		{"no achievement", "missing property 'achievement'", func(m map[string]any) {
			delete(m["credentialSubject"].(map[string]any), "achievement")
		}},
		{"validFrom not a date", "/validFrom", func(m map[string]any) { m["validFrom"] = "6 March 2026" }},
		{"no OpenBadgeCredential type", "/type", func(m map[string]any) { m["type"] = []any{"VerifiableCredential"} }},
		{"contexts swapped", "/@context", func(m map[string]any) {
			ctx := m["@context"].([]any)
			ctx[0], ctx[1] = ctx[1], ctx[0]
		}},
		{"identity without hashed", "/credentialSubject/identifier/0", func(m map[string]any) {
			ids := m["credentialSubject"].(map[string]any)["identifier"].([]any)
			delete(ids[0].(map[string]any), "hashed")
		}},
		{"unknown achievement type", "/credentialSubject/achievement/achievementType", func(m map[string]any) {
			m["credentialSubject"].(map[string]any)["achievement"].(map[string]any)["achievementType"] = "Lecture"
		}},
	} {
		m := decode(t, valid)
		tc.change(m)
		err := validate(sch, encodeMap(t, m))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: the schema says %v; want an objection at %s", tc.name, err, tc.want)
		}
	}
}

func TestCredentialContent(t *testing.T) {
	key := newKey(t, time.Now())
	c := certificates()["georgian"]
	data := issue(t, c, key, testEmail)
	m := decode(t, data)

	wantID := "https://topcop.example.org/verify/" + cert.FormatCode(c.Code)
	if m["id"] != wantID {
		t.Errorf("id = %v, want %s", m["id"], wantID)
	}
	if m["validFrom"] != "2026-03-06T15:04:05Z" {
		t.Errorf("validFrom = %v", m["validFrom"])
	}
	iss := m["issuer"].(map[string]any)
	if iss["id"] != "https://topcop.example.org"+IssuerPath || iss["name"] != testIssuer.Name {
		t.Errorf("issuer = %v", iss)
	}
	ach := m["credentialSubject"].(map[string]any)["achievement"].(map[string]any)
	if ach["name"] != c.CourseTitle || ach["achievementType"] != "Course" || ach["id"] != "urn:topcop:course:CYB-101" {
		t.Errorf("achievement = %v", ach)
	}
	if d := ach["description"].(string); !strings.Contains(d, "32 hours") || !strings.Contains(d, "from 2026-03-02 to 2026-03-06") ||
		!strings.Contains(d, "Tbilisi (GE)") {
		t.Errorf("achievement description = %q", d)
	}
	narrative := ach["criteria"].(map[string]any)["narrative"].(string)
	for _, want := range append([]string{testIssuer.Criteria}, c.Outcomes...) {
		if !strings.Contains(narrative, want) {
			t.Errorf("criteria narrative %q lacks %q", narrative, want)
		}
	}

	// The earner: by name, and by a salted hash of the address that the
	// holder of the address can recompute; the address itself is absent.
	if bytes.Contains(bytes.ToLower(data), []byte(strings.ToLower(testEmail))) {
		t.Error("the credential holds the plain e-mail address")
	}
	var hashed int
	for _, v := range m["credentialSubject"].(map[string]any)["identifier"].([]any) {
		id := v.(map[string]any)
		if id["identityType"] != "emailAddress" {
			continue
		}
		hashed++
		salt, _ := id["salt"].(string)
		sum := sha256.Sum256([]byte(strings.ToLower(testEmail) + salt))
		if id["hashed"] != true || len(salt) < 16 || id["identityHash"] != "sha256$"+hex.EncodeToString(sum[:]) {
			t.Errorf("e-mail identity = %v", id)
		}
	}
	if hashed != 1 {
		t.Errorf("%d hashed e-mail identities, want 1", hashed)
	}
	// Two credentials of the same person carry different salts, so the
	// hash does not link them.
	if again := issue(t, c, key, testEmail); bytes.Equal(emailHash(t, again), emailHash(t, data)) {
		t.Error("two credentials share the e-mail hash")
	}
}

func emailHash(t *testing.T, data []byte) []byte {
	for _, v := range decode(t, data)["credentialSubject"].(map[string]any)["identifier"].([]any) {
		if id := v.(map[string]any); id["identityType"] == "emailAddress" {
			return []byte(id["identityHash"].(string))
		}
	}
	t.Fatal("no e-mail identity")
	return nil
}

func TestNamesInEveryScriptSurvive(t *testing.T) {
	key := newKey(t, time.Now())
	keys := cert.PublicKeySet("test", []*cert.SigningKey{key})
	for name, c := range certificates() {
		if c.NativeName == "" {
			continue
		}
		data := issue(t, c, key, testEmail)
		for _, s := range []string{c.NativeName, c.LocalTitle} {
			if !bytes.Contains(data, []byte(s)) {
				t.Errorf("%s: %q is not in the credential as UTF-8:\n%s", name, s, data)
			}
		}
		var names []string
		for _, v := range decode(t, data)["credentialSubject"].(map[string]any)["identifier"].([]any) {
			if id := v.(map[string]any); id["identityType"] == "name" {
				names = append(names, id["identityHash"].(string))
			}
		}
		if len(names) != 2 || names[0] != c.Name || names[1] != c.NativeName {
			t.Errorf("%s: names = %q", name, names)
		}
		if code, err := Verify(data, keys); err != nil || code != c.Code {
			t.Errorf("%s: Verify = %q, %v", name, code, err)
		}
	}
}

func TestVerify(t *testing.T) {
	key := newKey(t, time.Now())
	keys := cert.PublicKeySet("test", []*cert.SigningKey{key})
	c := certificates()["georgian"]
	data := issue(t, c, key, testEmail)
	code, err := Verify(data, keys)
	if err != nil || code != c.Code {
		t.Fatalf("Verify = %q, %v; want %q", code, err, c.Code)
	}

	set := func(path ...string) func(m map[string]any, v any) {
		return func(m map[string]any, v any) {
			for _, k := range path[:len(path)-1] {
				m = m[k].(map[string]any)
			}
			m[path[len(path)-1]] = v
		}
	}
	proofValue := func(m map[string]any) string {
		return m["proof"].([]any)[0].(map[string]any)["proofValue"].(string)
	}
	for _, tc := range []struct {
		name   string
		change func(m map[string]any)
		want   error
	}{
		{"name", func(m map[string]any) { set("name")(m, "Cybercrime investigation basicz") }, cert.ErrBadSignature},
		{"validFrom", func(m map[string]any) { set("validFrom")(m, "2026-03-06T15:04:06Z") }, cert.ErrBadSignature},
		{"course title", func(m map[string]any) {
			set("credentialSubject", "achievement", "name")(m, "Cybercrime investigation basics II")
		}, cert.ErrBadSignature},
		{"another code", func(m map[string]any) {
			set("id")(m, "https://topcop.example.org/verify/"+cert.FormatCode(cert.NewCode()))
		}, cert.ErrBadSignature},
		{"proof value", func(m map[string]any) {
			v := []byte(proofValue(m))
			v[10] = map[bool]byte{true: '2', false: '3'}[v[10] == '3']
			m["proof"].([]any)[0].(map[string]any)["proofValue"] = string(v)
		}, cert.ErrBadSignature},
		{"proof created", func(m map[string]any) {
			m["proof"].([]any)[0].(map[string]any)["created"] = "2020-01-01T00:00:00Z"
		}, cert.ErrBadSignature},
		{"an added member", func(m map[string]any) { m["awardedDate"] = "2026-03-06T15:04:05Z" }, cert.ErrBadSignature},
		{"no proof", func(m map[string]any) { delete(m, "proof") }, ErrMalformed},
		{"another issuer's key", func(m map[string]any) {
			p := m["proof"].([]any)[0].(map[string]any)
			p["verificationMethod"] = "https://elsewhere.example/issuer#" + key.ID
		}, cert.ErrUnknownKey},
	} {
		m := decode(t, data)
		tc.change(m)
		if _, err := Verify(encodeMap(t, m), keys); !errors.Is(err, tc.want) {
			t.Errorf("%s changed: Verify = %v, want %v", tc.name, err, tc.want)
		}
	}

	// The proof's copy of @context is optional: the configuration that
	// was signed takes the document's.
	m := decode(t, data)
	delete(m["proof"].([]any)[0].(map[string]any), "@context")
	if _, err := Verify(encodeMap(t, m), keys); err != nil {
		t.Errorf("a proof without @context: Verify = %v", err)
	}

	other := cert.PublicKeySet("test", []*cert.SigningKey{newKey(t, time.Now())})
	if _, err := Verify(data, other); !errors.Is(err, cert.ErrUnknownKey) {
		t.Errorf("a key set without the key: Verify = %v, want %v", err, cert.ErrUnknownKey)
	}
}

// TestVerifyEveryByte changes, one at a time, every byte inside a JSON
// string of the credential (names, dates, ids, the proof) and expects
// each copy to fail.
func TestVerifyEveryByte(t *testing.T) {
	key := newKey(t, time.Now())
	keys := cert.PublicKeySet("test", []*cert.SigningKey{key})
	data := issue(t, certificates()["cyrillic"], key, testEmail)
	inString, escaped, tried := false, false, 0
	for i, b := range data {
		switch {
		case escaped:
			escaped = false
			continue
		case inString && b == '\\':
			escaped = true
			continue
		case b == '"':
			inString = !inString
			continue
		case !inString:
			continue
		}
		changed := bytes.Clone(data)
		changed[i] ^= 1
		if b == 0x7e { // ~ would become DEL; take another printable byte
			changed[i] = '}'
		}
		tried++
		if code, err := Verify(changed, keys); err == nil {
			t.Fatalf("byte %d changed from %q to %q: Verify = %q, nil; want an error", i, b, changed[i], code)
		}
	}
	if tried < 1000 {
		t.Fatalf("only %d bytes tried", tried)
	}
	t.Logf("%d changed bytes, each refused", tried)
}

func TestVerifyAfterRotation(t *testing.T) {
	old := newKey(t, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	data := issue(t, certificates()["armenian"], old, testEmail)

	old.RetiredAt = time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
	fresh := newKey(t, old.RetiredAt)
	keys := cert.PublicKeySet("test", []*cert.SigningKey{old, fresh})
	if _, err := Verify(data, keys); err != nil {
		t.Errorf("a credential of the retired key: Verify = %v", err)
	}
	if _, err := Verify(issue(t, certificates()["armenian"], fresh, testEmail), keys); err != nil {
		t.Errorf("a credential of the new key: Verify = %v", err)
	}
	if _, err := Verify(data, cert.PublicKeySet("test", []*cert.SigningKey{fresh})); !errors.Is(err, cert.ErrUnknownKey) {
		t.Errorf("without the old key: Verify = %v, want %v", err, cert.ErrUnknownKey)
	}
}

// specVerify checks a Data Integrity proof as eddsa-jcs-2022 (W3C VC Data
// Integrity EdDSA Cryptosuites v1.0, §3.3.2 and §3.3.5) describes it,
// written from the spec with none of this package's code.
func specVerify(t *testing.T, data []byte, pub ed25519.PublicKey) error {
	t.Helper()
	doc := decode(t, data)
	var proof map[string]any
	switch p := doc["proof"].(type) {
	case []any:
		proof = p[0].(map[string]any)
	case map[string]any:
		proof = p
	}
	delete(doc, "proof")
	value := proof["proofValue"].(string)
	delete(proof, "proofValue")
	if proof["type"] != "DataIntegrityProof" || proof["cryptosuite"] != "eddsa-jcs-2022" {
		return errors.New("not an eddsa-jcs-2022 proof")
	}
	if ctx, ok := proof["@context"]; ok {
		doc["@context"] = ctx
	}
	proof["@context"] = doc["@context"]

	hash := func(v map[string]any) []byte {
		canon, err := jcs.Transform(encodeMap(t, v))
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(canon)
		return sum[:]
	}
	if !strings.HasPrefix(value, "z") {
		return errors.New("the proof value is not base58btc multibase")
	}
	sig, err := base58.Decode(value[1:])
	if err != nil {
		return err
	}
	if !ed25519.Verify(pub, append(hash(proof), hash(doc)...), sig) {
		return errors.New("the signature does not verify")
	}
	return nil
}

// w3cVector is the signed credential of the eddsa-jcs-2022 test vectors
// (w3c/vc-di-eddsa, TestVectors/eddsa-jcs-2022/signedJCS.json), signed by
// the key w3cKey (TestVectors/keyPair.json).
const (
	w3cVector = `{
  "@context": ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"],
  "id": "urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33",
  "type": ["VerifiableCredential", "AlumniCredential"],
  "name": "Alumni Credential",
  "description": "A minimum viable example of an Alumni Credential.",
  "issuer": "https://vc.example/issuers/5678",
  "validFrom": "2023-01-01T00:00:00Z",
  "credentialSubject": {"id": "did:example:abcdefgh", "alumniOf": "The School of Examples"},
  "proof": {
    "type": "DataIntegrityProof",
    "cryptosuite": "eddsa-jcs-2022",
    "created": "2023-02-24T23:36:38Z",
    "verificationMethod": "https://vc.example/issuers/5678#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2",
    "proofPurpose": "assertionMethod",
    "@context": ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"],
    "proofValue": "z63t83Y53KfzJ5ZosfKTnqfMcKB2dmTrfjSaQjeNNjAD5srBowQfmWqeRb8rRjmeEuCBEsddF9LsVogtuTsijJKh4"
  }
}`
	w3cKey = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
)

// multikeyPublic decodes a Multikey Ed25519 public key, written here from
// the Multikey and multicodec specs.
func multikeyPublic(t *testing.T, s string) ed25519.PublicKey {
	t.Helper()
	if !strings.HasPrefix(s, "z") {
		t.Fatalf("%q is not base58btc multibase", s)
	}
	raw, err := base58.Decode(s[1:])
	if err != nil || len(raw) != 2+ed25519.PublicKeySize || raw[0] != 0xed || raw[1] != 0x01 {
		t.Fatalf("%q is not an Ed25519 Multikey (%x, %v)", s, raw, err)
	}
	return ed25519.PublicKey(raw[2:])
}

func TestProofFollowsTheSpec(t *testing.T) {
	// The spec check first proves itself on the W3C test vector.
	w3cPub := multikeyPublic(t, w3cKey)
	if err := specVerify(t, []byte(w3cVector), w3cPub); err != nil {
		t.Fatalf("the spec check refuses the W3C vector: %v", err)
	}
	tampered := strings.Replace(w3cVector, "The School of Examples", "The School of Exampler", 1)
	if err := specVerify(t, []byte(tampered), w3cPub); err == nil {
		t.Fatal("the spec check accepts a changed W3C vector")
	}

	key := newKey(t, time.Now())
	for name, c := range certificates() {
		if err := specVerify(t, issue(t, c, key, testEmail), key.Public()); err != nil {
			t.Errorf("%s: the credential's proof fails the spec check: %v", name, err)
		}
	}

	// And this package's verifier accepts the W3C vector's proof, then
	// refuses the vector as what it is: not an Open Badges credential.
	w3cKeys := cert.KeySet{Keys: []cert.JWK{{Kty: "OKP", Crv: "Ed25519", Kid: w3cKey, X: base64.RawURLEncoding.EncodeToString(w3cPub)}}}
	canon, err := jcs.Transform([]byte(w3cVector))
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(canon, &doc); err != nil {
		t.Fatal(err)
	}
	proof, err := soleProof(doc["proof"])
	if err != nil {
		t.Fatal(err)
	}
	delete(doc, "proof")
	if err := checkProof(doc, proof, issuerOf(doc), w3cKeys); err != nil {
		t.Errorf("checkProof refuses the W3C vector: %v", err)
	}
	if _, err := Verify([]byte(w3cVector), w3cKeys); !errors.Is(err, ErrMalformed) {
		t.Errorf("Verify(W3C vector) = %v, want %v", err, ErrMalformed)
	}
	if _, err := Verify([]byte(tampered), w3cKeys); !errors.Is(err, cert.ErrBadSignature) {
		t.Errorf("Verify(changed W3C vector) = %v, want %v", err, cert.ErrBadSignature)
	}
}

func TestIssuerProfile(t *testing.T) {
	old := newKey(t, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	old.RetiredAt = time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
	fresh := newKey(t, old.RetiredAt)
	data, err := IssuerProfile(testIssuer, cert.PublicKeySet("test", []*cert.SigningKey{old, fresh}))
	if err != nil {
		t.Fatal(err)
	}
	var p struct {
		Context            []string `json:"@context"`
		ID                 string   `json:"id"`
		Type               []string `json:"type"`
		Name               string   `json:"name"`
		VerificationMethod []struct {
			ID, Type, Controller, PublicKeyMultibase string
		} `json:"verificationMethod"`
		AssertionMethod []string `json:"assertionMethod"`
	}
	if err := json.Unmarshal(data, &p); err != nil {
		t.Fatal(err)
	}
	id := "https://topcop.example.org" + IssuerPath
	if p.ID != id || p.Name != testIssuer.Name || len(p.Type) != 1 || p.Type[0] != "Profile" {
		t.Errorf("profile = %s", data)
	}
	want := map[string]ed25519.PublicKey{id + "#" + old.ID: old.Public(), id + "#" + fresh.ID: fresh.Public()}
	if len(p.VerificationMethod) != len(want) || len(p.AssertionMethod) != len(want) {
		t.Fatalf("profile lists %d methods and %d assertion methods, want %d:\n%s",
			len(p.VerificationMethod), len(p.AssertionMethod), len(want), data)
	}
	for i, vm := range p.VerificationMethod {
		pub, ok := want[vm.ID]
		if !ok || vm.Type != "Multikey" || vm.Controller != id || p.AssertionMethod[i] != vm.ID {
			t.Errorf("verification method %+v", vm)
			continue
		}
		if got := multikeyPublic(t, vm.PublicKeyMultibase); !got.Equal(pub) {
			t.Errorf("%s: publicKeyMultibase decodes to %x, want %x", vm.ID, got, pub)
		}
	}

	// A credential's verification method is one the profile lists.
	cred := decode(t, issue(t, certificates()["bare"], fresh, ""))
	vm := cred["proof"].([]any)[0].(map[string]any)["verificationMethod"].(string)
	if _, ok := want[vm]; !ok || cred["issuer"].(map[string]any)["id"] != p.ID {
		t.Errorf("the credential's key %s or issuer %v is not in the profile", vm, cred["issuer"])
	}

	if _, err := IssuerProfile(testIssuer, cert.KeySet{}); err == nil {
		t.Error("a profile without keys")
	}
}

func TestCredentialRefusesIncompleteInput(t *testing.T) {
	key := newKey(t, time.Now())
	good := certificates()["bare"]
	for name, tc := range map[string]struct {
		c   func(c *cert.Certificate)
		iss Issuer
		key *cert.SigningKey
	}{
		"relative base URL": {iss: Issuer{BaseURL: "/topcop", Name: "X"}, key: key},
		"no issuer name":    {iss: Issuer{BaseURL: "https://x.example"}, key: key},
		"bad code":          {c: func(c *cert.Certificate) { c.Code = "NOT-A-CODE" }, iss: testIssuer, key: key},
		"no issue date":     {c: func(c *cert.Certificate) { c.IssuedAt = time.Time{} }, iss: testIssuer, key: key},
		"no course title":   {c: func(c *cert.Certificate) { c.CourseTitle = "" }, iss: testIssuer, key: key},
		"no key":            {iss: testIssuer},
	} {
		c := good
		if tc.c != nil {
			tc.c(&c)
		}
		if data, err := Credential(c, tc.iss, tc.key, testEmail); err == nil {
			t.Errorf("%s: Credential = %s, want an error", name, data)
		}
	}
}

func FuzzVerify(f *testing.F) {
	key, err := cert.NewSigningKey(time.Now())
	if err != nil {
		f.Fatal(err)
	}
	keys := cert.PublicKeySet("test", []*cert.SigningKey{key})
	for _, c := range certificates() {
		data, err := Credential(c, testIssuer, key, testEmail)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, s := range []string{w3cVector, "", "null", "{}", `{"proof":[]}`, `{"proof":[null]}`, `{"proof":{"proofValue":"z"}}`, "[", "\xff"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		code, err := Verify(data, keys)
		if err == nil && cert.NormalizeCode(code) != code {
			t.Fatalf("Verify accepted %q with code %q", data, code)
		}
	})
}
