package cert_test

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/topcop-platform/topcop/internal/certs/cert"
)

// fuzzKey is one key for every fuzz input: the fuzzer mutates payloads,
// and a fresh key per input would make every mutation an unknown key.
var fuzzKey = func() *cert.SigningKey {
	k, err := cert.NewSigningKey(day)
	if err != nil {
		panic(err)
	}
	return k
}()

// FuzzVerify: whatever the text, Verify answers one of its three errors
// or claims that are complete and, signed again, give the same payload
// (only the issuer's own bytes verify).
func FuzzVerify(f *testing.F) {
	keys := cert.PublicKeySet("TOPCOP", []*cert.SigningKey{fuzzKey})
	good := sign(f, sampleClaims(), fuzzKey)
	for _, seed := range []string{
		good, good[:len(good)-1], good + "A", strings.Replace(good, ".", "..", 1),
		cert.PayloadPrefix, cert.PayloadPrefix + ".", "TC1.e30.", "TC1..AAAA", "", "\xff\xfe",
		cert.QRText("https://example.org", "7KQ2M9XA4HD3RT6W", good),
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, p string) {
		c, err := cert.Verify(p, keys)
		if err != nil {
			if !errors.Is(err, cert.ErrMalformed) && !errors.Is(err, cert.ErrUnknownKey) && !errors.Is(err, cert.ErrBadSignature) {
				t.Fatalf("Verify(%q): unexpected error %v", p, err)
			}
			return
		}
		if c.Code == "" || c.Name == "" || c.Course == "" || c.From == "" || c.To == "" || c.KeyID != fuzzKey.ID {
			t.Fatalf("Verify(%q) = %+v: incomplete claims", p, c)
		}
		if again := sign(t, c, fuzzKey); again != p {
			t.Fatalf("Verify accepted %q, which the issuer would have written as %q", p, again)
		}
	})
}

// FuzzExtractPayload: what ExtractPayload finds is part of the text,
// starts with the prefix, holds no separator, and is what it finds again.
func FuzzExtractPayload(f *testing.F) {
	good := sign(f, sampleClaims(), fuzzKey)
	for _, seed := range []string{
		good, cert.QRText("https://example.org", "7KQ2M9XA4HD3RT6W", good), "see " + good + " there",
		"TC1.", "TC1.TC1.", "#TC1.a&b", "", strings.Repeat("TC1.", 2000),
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p := cert.ExtractPayload(s)
		if p == "" {
			if len(s) <= 2*cert.MaxPayload && strings.Contains(strings.TrimSpace(s), cert.PayloadPrefix) {
				t.Fatalf("ExtractPayload(%q) found nothing in a text that holds the prefix", s)
			}
			return
		}
		if !strings.HasPrefix(p, cert.PayloadPrefix) || !strings.Contains(s, p) || strings.ContainsAny(p, " \t\r\n&?#\"'<>") {
			t.Fatalf("ExtractPayload(%q) = %q", s, p)
		}
		if again := cert.ExtractPayload(p); again != p {
			t.Fatalf("ExtractPayload(%q) = %q, but again %q", s, p, again)
		}
		if utf8.ValidString(s) && !utf8.ValidString(p) {
			t.Fatalf("ExtractPayload(%q) cut a character: %q", s, p)
		}
	})
}

// FuzzParseRevocations: whatever the bytes, ParseRevocations refuses
// them or returns a list that, signed again, is the same list.
func FuzzParseRevocations(f *testing.F) {
	keys := cert.PublicKeySet("TOPCOP", []*cert.SigningKey{fuzzKey})
	good := signRevocations(f, sampleRevocations(), fuzzKey)
	for _, seed := range [][]byte{
		good, good[:len(good)/2], []byte("{}"), []byte(`{"format":"topcop-revocations/1"}`),
		[]byte(`{"format":"topcop-revocations/1","key_id":"` + fuzzKey.ID + `","signature":"AA"}`),
		[]byte("null"), []byte("[]"), nil,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := cert.ParseRevocations(data, keys)
		if err != nil {
			return
		}
		if l.Format != cert.RevocationFormat || l.KeyID != fuzzKey.ID {
			t.Fatalf("accepted %q as %+v", data, l)
		}
		again, err := cert.SignRevocations(l, fuzzKey)
		if err != nil || again.Signature != l.Signature {
			t.Fatalf("accepted %q, whose signature is not the issuer's for what it holds (%v)", data, err)
		}
	})
}
