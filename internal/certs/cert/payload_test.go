package cert_test

import (
	"encoding/base64"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/topcop-platform/topcop/internal/certs/cert"
)

var day = time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)

func newKey(t testing.TB, now time.Time) *cert.SigningKey {
	t.Helper()
	k, err := cert.NewSigningKey(now)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func sampleClaims() cert.Claims {
	return cert.Claims{
		Code:   "7KQ2M9XA4HD3RT6W",
		Name:   "Nino Beridze",
		Course: "Investigating trafficking in human beings",
		From:   "2026-03-02",
		To:     "2026-03-06",
		Hours:  24.5,
		Issuer: "TOPCOP Secretariat",
	}
}

func sign(t testing.TB, c cert.Claims, k *cert.SigningKey) string {
	t.Helper()
	p, err := cert.Sign(c, k)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestSignVerify(t *testing.T) {
	k := newKey(t, day)
	keys := cert.PublicKeySet("TOPCOP", []*cert.SigningKey{k})
	p := sign(t, sampleClaims(), k)
	if !strings.HasPrefix(p, cert.PayloadPrefix) || strings.Count(p, ".") != 2 {
		t.Fatalf("payload %q is not TC1.<claims>.<signature>", p)
	}
	if len(p) > 400 {
		t.Errorf("payload is %d bytes: too long for a compact QR code", len(p))
	}
	got, err := cert.Verify(p, keys)
	if err != nil {
		t.Fatalf("Verify: %v", err)
	}
	want := sampleClaims()
	want.KeyID = k.ID
	if got != want {
		t.Fatalf("claims %+v, want %+v", got, want)
	}
	// Names in other scripts and characters JSON escapes survive.
	c := sampleClaims()
	c.Name, c.Course = `Աննա "Ani" <Hakobyan> & Ко`, "Курс\u2028ქართული"
	got, err = cert.Verify(sign(t, c, k), keys)
	if err != nil || got.Name != c.Name || got.Course != c.Course {
		t.Fatalf("Verify of non-Latin claims: %+v, %v", got, err)
	}
}

// TestOneChangedByte: changing any single character of a payload, to
// any other character of its alphabet or to a byte outside it, makes it
// fail; so does dropping or adding a character.
func TestOneChangedByte(t *testing.T) {
	k := newKey(t, day)
	keys := cert.PublicKeySet("TOPCOP", []*cert.SigningKey{k})
	p := sign(t, sampleClaims(), k)
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_."
	tried := 0
	for i := range len(p) {
		for _, r := range alphabet + "=+/ \x00\xff" {
			if byte(r) == p[i] && r < 128 {
				continue
			}
			changed := p[:i] + string(r) + p[i+1:]
			tried++
			if c, err := cert.Verify(changed, keys); err == nil {
				t.Fatalf("payload changed at byte %d (%q → %q) verifies: %+v", i, p[i], r, c)
			}
		}
	}
	for i := range len(p) {
		if _, err := cert.Verify(p[:i]+p[i+1:], keys); err == nil {
			t.Fatalf("payload without byte %d verifies", i)
		}
	}
	if _, err := cert.Verify(p+"A", keys); err == nil {
		t.Fatal("payload with a byte added verifies")
	}
	t.Logf("%d one-byte changes of a %d-byte payload all fail", tried, len(p))
}

func TestVerifyErrors(t *testing.T) {
	k, other := newKey(t, day), newKey(t, day)
	keys := cert.PublicKeySet("TOPCOP", []*cert.SigningKey{k})
	good := sign(t, sampleClaims(), k)
	enc := base64.RawURLEncoding.EncodeToString
	signedWith := func(body string) string {
		// A payload whose claims JSON is body, correctly signed by k:
		// only the checks of the claims can refuse it.
		s := cert.PayloadPrefix + enc([]byte(body))
		return s + "." + enc(ed25519Sign(k, s))
	}
	body := strings.Split(good, ".")[1]
	for _, tc := range []struct {
		name, payload string
		want          error
	}{
		{"empty", "", cert.ErrMalformed},
		{"no prefix", strings.TrimPrefix(good, cert.PayloadPrefix), cert.ErrMalformed},
		{"other version", "TC2." + strings.TrimPrefix(good, cert.PayloadPrefix), cert.ErrMalformed},
		{"no signature", cert.PayloadPrefix + body, cert.ErrMalformed},
		{"prefix only", cert.PayloadPrefix, cert.ErrMalformed},
		{"short signature", good[:len(good)-4], cert.ErrMalformed},
		{"too long", good + strings.Repeat("A", cert.MaxPayload), cert.ErrMalformed},
		{"unknown key", sign(t, sampleClaims(), other), cert.ErrUnknownKey},
		{"other key under our id", func() string {
			forged := *other
			forged.ID = k.ID
			return sign(t, sampleClaims(), &forged)
		}(), cert.ErrBadSignature},
		{"not JSON", signedWith("not json"), cert.ErrMalformed},
		{"unknown claim", signedWith(`{"c":"7KQ2M9XA4HD3RT6W","k":"` + k.ID + `","n":"A","t":"B","f":"2026-01-01","u":"2026-01-02","x":1}`), cert.ErrMalformed},
		{"missing name", signedWith(`{"c":"7KQ2M9XA4HD3RT6W","k":"` + k.ID + `","t":"B","f":"2026-01-01","u":"2026-01-02"}`), cert.ErrMalformed},
		{"duplicate claim", signedWith(`{"c":"7KQ2M9XA4HD3RT6W","k":"` + k.ID + `","n":"Mallory","n":"A","t":"B","f":"2026-01-01","u":"2026-01-02"}`), cert.ErrMalformed},
		{"two values", signedWith(`{"c":"7KQ2M9XA4HD3RT6W","k":"` + k.ID + `","n":"A","t":"B","f":"2026-01-01","u":"2026-01-02"}{}`), cert.ErrMalformed},
		{"invalid UTF-8", signedWith("{\"c\":\"7KQ2M9XA4HD3RT6W\",\"k\":\"" + k.ID + "\",\"n\":\"\xff\",\"t\":\"B\",\"f\":\"2026-01-01\",\"u\":\"2026-01-02\"}"), cert.ErrMalformed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := cert.Verify(tc.payload, keys)
			if !errors.Is(err, tc.want) {
				t.Fatalf("Verify = %+v, %v; want %v", c, err, tc.want)
			}
		})
	}
	// The same claims in the issuer's own spelling verify: the table
	// above fails for what it changes, not for how it was signed.
	c := sampleClaims()
	c.KeyID = k.ID
	if _, err := cert.Verify(signedWith(`{"c":"7KQ2M9XA4HD3RT6W","k":"`+k.ID+`","n":"A","t":"B","f":"2026-01-01","u":"2026-01-02"}`), keys); err != nil {
		t.Fatalf("hand-signed canonical claims: %v", err)
	}
}

// TestRotation: after a rotation the old key is retired but published,
// so payloads it signed verify against the set of old and new keys, and
// not against a set that lost it.
func TestRotation(t *testing.T) {
	old := newKey(t, day)
	oldPayload := sign(t, sampleClaims(), old)
	old.RetiredAt = day.AddDate(1, 0, 0)
	next := newKey(t, old.RetiredAt)
	both := cert.PublicKeySet("TOPCOP", []*cert.SigningKey{next, old})
	newPayload := sign(t, sampleClaims(), next)
	for name, p := range map[string]string{"old": oldPayload, "new": newPayload} {
		if _, err := cert.Verify(p, both); err != nil {
			t.Errorf("%s payload against old+new keys: %v", name, err)
		}
	}
	if _, err := cert.Verify(oldPayload, cert.PublicKeySet("TOPCOP", []*cert.SigningKey{next})); !errors.Is(err, cert.ErrUnknownKey) {
		t.Errorf("old payload against the new key only: %v, want ErrUnknownKey", err)
	}
	if len(both.Keys) != 2 || both.Keys[0].Kid > both.Keys[1].Kid {
		t.Fatalf("key set %+v: want two keys sorted by id", both.Keys)
	}
	for _, j := range both.Keys {
		if j.Kty != "OKP" || j.Crv != "Ed25519" || j.Use != "sig" || j.Created == "" {
			t.Errorf("key %+v is not a published Ed25519 JWK", j)
		}
		if retired := j.Kid == old.ID; retired != (j.Retired != "") {
			t.Errorf("key %s: retired %q", j.Kid, j.Retired)
		}
	}

	// The published JSON reads back to the same set.
	raw := mustJSON(t, both)
	back, err := cert.ParseKeySet(raw)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cert.Verify(oldPayload, back); err != nil {
		t.Fatalf("old payload against the parsed key set: %v", err)
	}
	for _, bad := range []string{"", "[]", `{"keys":[]}`, `{"keys":`} {
		if _, err := cert.ParseKeySet([]byte(bad)); err == nil {
			t.Errorf("ParseKeySet(%q) succeeded", bad)
		}
	}
	// A key of another type or curve, or with a bad x, is not looked up.
	for _, j := range []cert.JWK{
		{Kty: "EC", Crv: "Ed25519", Kid: "k", X: both.Keys[0].X},
		{Kty: "OKP", Crv: "X25519", Kid: "k", X: both.Keys[0].X},
		{Kty: "OKP", Crv: "Ed25519", Kid: "k", X: both.Keys[0].X[:20]},
		{Kty: "OKP", Crv: "Ed25519", Kid: "k", X: "***"},
	} {
		if _, ok := (cert.KeySet{Keys: []cert.JWK{j}}).Lookup("k"); ok {
			t.Errorf("Lookup found %+v", j)
		}
	}
}

func TestExtractPayload(t *testing.T) {
	k := newKey(t, day)
	p := sign(t, sampleClaims(), k)
	qr := cert.QRText("https://topcop.example.org/", "7kq2m9xa4hd3rt6w", p)
	if want := "https://topcop.example.org/verify/7KQ2-M9XA-4HD3-RT6W#" + p; qr != want {
		t.Fatalf("QRText = %q, want %q", qr, want)
	}
	for _, tc := range []struct{ in, want string }{
		{p, p},
		{"  " + p + "\n", p},
		{qr, p},
		{"Scan: " + qr + " (certificate)", p},
		{`<a href="` + qr + `">`, p},
		{"https://x.example/verify?p=" + p + "&lang=ka", p},
		{"no payload here", ""},
		{"", ""},
		{strings.Repeat("x", 2*cert.MaxPayload) + p, ""},
	} {
		if got := cert.ExtractPayload(tc.in); got != tc.want {
			t.Errorf("ExtractPayload(%.60q) = %.60q, want %.60q", tc.in, got, tc.want)
		}
	}
	if _, err := cert.Verify(cert.ExtractPayload(qr), cert.PublicKeySet("", []*cert.SigningKey{k})); err != nil {
		t.Fatalf("payload from the QR text: %v", err)
	}
}

func TestCertificateClaims(t *testing.T) {
	c := cert.Certificate{Code: "7KQ2M9XA4HD3RT6W", Name: "Nino Beridze", NativeName: "ნინო ბერიძე", CourseTitle: "Course",
		LocalTitle: "კურსი", StartsOn: "2026-03-02", EndsOn: "2026-03-06", Hours: 24.5, IssuerName: "TOPCOP Secretariat", KeyID: "ignored"}
	want := cert.Claims{Code: c.Code, Name: c.Name, Course: "Course", From: c.StartsOn, To: c.EndsOn, Hours: 24.5, Issuer: c.IssuerName}
	if got := c.Claims(); got != want {
		t.Fatalf("Claims = %+v, want %+v (Latin name, English title; the key is the signer's)", got, want)
	}
}
