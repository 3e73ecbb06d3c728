package core_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/topcop-platform/topcop/internal/core"
)

func TestNewID(t *testing.T) {
	const n = 1000
	ids := make([]string, n)
	seen := map[string]bool{}
	for i := range ids {
		id := core.NewID()
		u, err := uuid.Parse(id)
		if err != nil {
			t.Fatalf("NewID() = %q: %v", id, err)
		}
		if u.Version() != 7 || u.Variant() != uuid.RFC4122 {
			t.Fatalf("NewID() = %q: version %d variant %v, want a UUIDv7", id, u.Version(), u.Variant())
		}
		if id != strings.ToLower(id) || !core.ValidID(id) {
			t.Fatalf("NewID() = %q is not canonical", id)
		}
		if seen[id] {
			t.Fatalf("NewID() repeated %q", id)
		}
		seen[id] = true
		ids[i] = id
	}
	// Time-ordered: ids made one after another sort in that order, which
	// keeps inserts at the end of the primary key index.
	if !slices.IsSorted(ids) {
		t.Fatal("ids made in sequence do not sort in sequence")
	}
}

func TestValidID(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   string
		want bool
	}{
		{"new id", core.NewID(), true},
		{"canonical v4", "0b8f9c2e-6a1d-4c1e-9a57-3f0e2d1c4b5a", true},
		{"upper case", "0B8F9C2E-6A1D-4C1E-9A57-3F0E2D1C4B5A", true},
		{"nil uuid", "00000000-0000-0000-0000-000000000000", true},
		{"empty", "", false},
		{"no hyphens", "0b8f9c2e6a1d4c1e9a573f0e2d1c4b5a", false},
		{"braces", "{0b8f9c2e-6a1d-4c1e-9a57-3f0e2d1c4b5a}", false},
		{"urn", "urn:uuid:0b8f9c2e-6a1d-4c1e-9a57-3f0e2d1c4b5a", false},
		{"not hex", "zb8f9c2e-6a1d-4c1e-9a57-3f0e2d1c4b5a", false},
		{"hyphen misplaced", "0b8f9c2e6-a1d-4c1e-9a57-3f0e2d1c4b5a", false},
		{"sql", "1' OR '1'='1--------------------x--", false},
		{"too short", "0b8f9c2e-6a1d-4c1e-9a57-3f0e2d1c4b5", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := core.ValidID(tc.in); got != tc.want {
				t.Fatalf("ValidID(%q) = %v, want %v", tc.in, got, tc.want)
			}
		})
	}
}
