package cert_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/topcop-platform/topcop/internal/certs/cert"
)

func sampleRevocations() cert.RevocationList {
	return cert.RevocationList{
		Issuer:   "TOPCOP",
		IssuedAt: "2027-01-15T10:00:00Z",
		Revoked: []cert.Revocation{
			{Code: "7KQ2M9XA4HD3RT6W", RevokedAt: "2027-01-10T08:30:00Z", Reason: "Issued to the wrong person <by mistake> & withdrawn"},
			{Code: "0000111122223333", RevokedAt: "2027-01-12T08:30:00Z", Reason: "Отозван: ошибка в датах"},
		},
	}
}

func signRevocations(t testing.TB, l cert.RevocationList, k *cert.SigningKey) []byte {
	t.Helper()
	signed, err := cert.SignRevocations(l, k)
	if err != nil {
		t.Fatal(err)
	}
	return mustJSON(t, signed)
}

func TestRevocations(t *testing.T) {
	k := newKey(t, day)
	keys := cert.PublicKeySet("TOPCOP", []*cert.SigningKey{k})
	raw := signRevocations(t, sampleRevocations(), k)
	l, err := cert.ParseRevocations(raw, keys)
	if err != nil {
		t.Fatalf("ParseRevocations: %v", err)
	}
	if l.Format != cert.RevocationFormat || l.KeyID != k.ID || len(l.Revoked) != 2 {
		t.Fatalf("parsed list %+v", l)
	}
	r, ok := l.Find("7kq2-m9xa-4hd3-rt6w")
	if !ok || r.Reason != sampleRevocations().Revoked[0].Reason {
		t.Fatalf("Find of a revoked code in display form: %+v %v", r, ok)
	}
	if _, ok := l.Find("7KQ2M9XA4HD3RT6X"); ok {
		t.Fatal("Find found a code that is not revoked")
	}
	if _, ok := l.Find("garbage"); ok {
		t.Fatal("Find matched garbage")
	}

	// Indented, or with its members in another order, the list is the
	// same list: the signature is over its canonical form.
	var generic map[string]any
	if err := json.Unmarshal(raw, &generic); err != nil {
		t.Fatal(err)
	}
	var indented bytes.Buffer
	if err := json.Indent(&indented, mustJSON(t, generic), "", "  "); err != nil {
		t.Fatal(err)
	}
	if _, err := cert.ParseRevocations(indented.Bytes(), keys); err != nil {
		t.Fatalf("the same list indented and reordered: %v", err)
	}

	// An empty list is signed with an empty array, not null.
	empty := signRevocations(t, cert.RevocationList{Issuer: "TOPCOP", IssuedAt: "2027-01-15T10:00:00Z"}, k)
	if !bytes.Contains(empty, []byte(`"revoked":[]`)) {
		t.Fatalf("empty list %s", empty)
	}
	if _, err := cert.ParseRevocations(empty, keys); err != nil {
		t.Fatal(err)
	}

	// Rotation: a list signed by the retired key still parses with the
	// old and new keys.
	old := k
	old.RetiredAt = day.AddDate(1, 0, 0)
	next := newKey(t, old.RetiredAt)
	if _, err := cert.ParseRevocations(raw, cert.PublicKeySet("TOPCOP", []*cert.SigningKey{old, next})); err != nil {
		t.Fatalf("list of the old key against old+new keys: %v", err)
	}
}

// TestRevocationsTampered: any change to a signed list, in any member,
// is refused; so are a list of an unknown key and what is not a list.
func TestRevocationsTampered(t *testing.T) {
	k, other := newKey(t, day), newKey(t, day)
	keys := cert.PublicKeySet("TOPCOP", []*cert.SigningKey{k})
	raw := signRevocations(t, sampleRevocations(), k)
	edit := func(f func(m map[string]any)) []byte {
		var m map[string]any
		if err := json.Unmarshal(raw, &m); err != nil {
			t.Fatal(err)
		}
		f(m)
		return mustJSON(t, m)
	}
	first := func(m map[string]any) map[string]any { return m["revoked"].([]any)[0].(map[string]any) }
	for _, tc := range []struct {
		name string
		data []byte
		want error
	}{
		{"reason changed", edit(func(m map[string]any) { first(m)["reason"] = "Withdrawn" }), cert.ErrBadSignature},
		{"code changed", edit(func(m map[string]any) { first(m)["code"] = "7KQ2M9XA4HD3RT6X" }), cert.ErrBadSignature},
		{"revocation dropped", edit(func(m map[string]any) { m["revoked"] = m["revoked"].([]any)[1:] }), cert.ErrBadSignature},
		{"all dropped", edit(func(m map[string]any) { m["revoked"] = []any{} }), cert.ErrBadSignature},
		{"date moved", edit(func(m map[string]any) { m["issued_at"] = "2030-01-01T00:00:00Z" }), cert.ErrBadSignature},
		{"issuer changed", edit(func(m map[string]any) { m["issuer"] = "Someone" }), cert.ErrBadSignature},
		{"no signature", edit(func(m map[string]any) { delete(m, "signature") }), cert.ErrBadSignature},
		{"signature not base64", edit(func(m map[string]any) { m["signature"] = "***" }), cert.ErrBadSignature},
		{"signature's last character", edit(func(m map[string]any) {
			// Its low bits are unused: a lenient decoder reads the
			// same signature.
			const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
			s := m["signature"].(string)
			i := strings.IndexByte(alphabet, s[len(s)-1])
			m["signature"] = s[:len(s)-1] + alphabet[i^1:i^1+1]
		}), cert.ErrBadSignature},
		{"signed by another key", signRevocations(t, sampleRevocations(), other), cert.ErrUnknownKey},
		{"another key under our id", func() []byte {
			forged := *other
			forged.ID = k.ID
			return signRevocations(t, sampleRevocations(), &forged)
		}(), cert.ErrBadSignature},
		{"other format", edit(func(m map[string]any) { m["format"] = "topcop-revocations/2" }), nil},
		{"not JSON", []byte("revoked: everything"), nil},
		{"a key set", mustJSON(t, keys), nil},
		{"too large", append(raw, bytes.Repeat([]byte(" "), 16<<20)...), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l, err := cert.ParseRevocations(tc.data, keys)
			if err == nil {
				t.Fatalf("ParseRevocations accepted it: %+v", l)
			}
			if tc.want != nil && !errors.Is(err, tc.want) {
				t.Fatalf("error %v, want %v", err, tc.want)
			}
			if tc.want == nil && (errors.Is(err, cert.ErrBadSignature) || errors.Is(err, cert.ErrUnknownKey)) {
				t.Fatalf("error %v: want one that says it is not a list", err)
			}
		})
	}
	// The same edits on an untouched copy: the table fails for the edit.
	if _, err := cert.ParseRevocations(edit(func(map[string]any) {}), keys); err != nil {
		t.Fatalf("the untouched list after a JSON round trip: %v", err)
	}
}
