package cert_test

import (
	"crypto/ed25519"
	"encoding/json"
	"testing"

	"github.com/topcop-platform/topcop/internal/certs/cert"
)

func ed25519Sign(k *cert.SigningKey, msg string) []byte { return ed25519.Sign(k.Private, []byte(msg)) }

func mustJSON(t testing.TB, v any) []byte {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}
