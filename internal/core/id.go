package core

import (
	"github.com/google/uuid"
)

// NewID returns a new UUIDv7 in its canonical text form. UUIDv7 is
// time-ordered (index friendly), safe to expose, and unique across nodes.
func NewID() string {
	return uuid.Must(uuid.NewV7()).String()
}

// ValidID reports whether s is a canonical UUID. Use it before passing
// user-supplied identifiers to a store, so that PostgreSQL's uuid type
// never sees garbage and both engines answer the same (not_found).
func ValidID(s string) bool {
	if len(s) != 36 {
		return false
	}
	_, err := uuid.Parse(s)
	return err == nil
}
