package auth

import (
	"strings"
	"testing"
)

// TestRecoveryCodeShape: codes use only the unambiguous alphabet, every
// character of it turns up, and loose typing normalises to the stored form
// while anything else is no recovery code at all.
func TestRecoveryCodeShape(t *testing.T) {
	codes, err := newRecoveryCodes(500)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[rune]bool{}
	unique := map[string]bool{}
	for _, c := range codes {
		if len(c) != 9 || c[4] != '-' {
			t.Fatalf("code %q is not xxxx-xxxx", c)
		}
		if strings.ContainsAny(c, "01ilo") {
			t.Fatalf("code %q has an ambiguous character", c)
		}
		for _, r := range strings.ReplaceAll(c, "-", "") {
			seen[r] = true
		}
		unique[c] = true
	}
	if len(unique) != len(codes) {
		t.Fatalf("%d distinct codes of %d", len(unique), len(codes))
	}
	if len(seen) != len(recoveryAlphabet) {
		t.Errorf("%d characters used of the %d of the alphabet", len(seen), len(recoveryAlphabet))
	}
	for in, want := range map[string]string{
		"abcd-efgh": "abcdefgh", " ABCD EFGH ": "abcdefgh", "abcdefgh": "abcdefgh",
		"123456": "", "abcd-efg": "", "abcd-efgh2": "", "abcd-efg0": "", "abcd-efgl": "", "": "",
	} {
		if got := normalizeRecoveryCode(in); got != want {
			t.Errorf("normalizeRecoveryCode(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestMatchRecoveryCode: a set shares one salt (one argon2 computation per
// check), each code matches only its own row, and a hash that does not
// parse never matches.
func TestMatchRecoveryCode(t *testing.T) {
	defer func(p argonParams) { params = p }(params)
	params = argonParams{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}
	codes, err := newRecoveryCodes(RecoveryCodeCount)
	if err != nil {
		t.Fatal(err)
	}
	hashes, err := hashRecoveryCodes(codes)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(hashes[0], "$argon2id$") {
		t.Fatalf("hash %q is no argon2id hash", hashes[0])
	}
	prefix := hashes[0][:strings.LastIndexByte(hashes[0], '$')]
	rows := []recoveryRow{{ID: "broken", Hash: "$argon2id$v=19$nonsense"}}
	for i, h := range hashes {
		if !strings.HasPrefix(h, prefix) {
			t.Fatalf("hash %d has another salt", i)
		}
		if strings.Contains(h, codes[i]) || strings.Contains(h, strings.ReplaceAll(codes[i], "-", "")) {
			t.Fatalf("hash %q contains its code", h)
		}
		rows = append(rows, recoveryRow{ID: codes[i], Hash: h})
	}
	for _, c := range codes {
		if got := matchRecoveryCode(rows, strings.ToUpper(c)); got != c {
			t.Errorf("code %s matched row %q", c, got)
		}
	}
	for _, c := range []string{"2222-2222", "not a code", ""} {
		if got := matchRecoveryCode(rows, c); got != "" {
			t.Errorf("%q matched row %q", c, got)
		}
	}
}

// TestRecoveryParams: in production recovery codes are hashed at the OWASP
// floor, not at the (costlier) password parameters; cheaper test
// parameters win.
func TestRecoveryParams(t *testing.T) {
	defer func(p argonParams) { params = p }(params)
	params = defaultParams
	if got := recoveryParams(); got != recoveryFloor {
		t.Fatalf("production recovery parameters %+v, want %+v", got, recoveryFloor)
	}
	hashes, err := hashRecoveryCodes([]string{"abcd-efgh"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(hashes[0], "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash %q", hashes[0])
	}
	if got := matchRecoveryCode([]recoveryRow{{ID: "x", Hash: hashes[0]}}, "ABCD EFGH"); got != "x" {
		t.Fatalf("matched %q", got)
	}
	params = argonParams{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}
	if got := recoveryParams(); got != params {
		t.Fatalf("test recovery parameters %+v", got)
	}
}
