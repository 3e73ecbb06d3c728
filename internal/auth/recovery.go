package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"fmt"
	"strings"
	"sync"
	"time"
)

// Recovery codes: one-time codes that stand in for the authenticator app
// at sign-in when the phone is lost. Each is 8 characters drawn uniformly
// from recoveryAlphabet (about 39.6 bits), shown as "xxxx-xxxx". Online
// guessing is bounded by the sign-in throttle; offline, only argon2id
// hashes are stored.
const (
	// RecoveryCodeCount is how many codes a set holds.
	RecoveryCodeCount = 10
	// RecoveryGrace is how long after turning TOTP on an account may
	// create its first set of codes without confirming its password or a
	// code again (the enrolment has just proved both).
	RecoveryGrace = 30 * time.Minute

	// recoveryAlphabet leaves out the characters people confuse: 0 and o,
	// 1, l and i.
	recoveryAlphabet = "23456789abcdefghjkmnpqrstuvwxyz"
	recoveryCodeLen  = 8
)

// newRecoveryCodes returns n fresh codes in display form ("xxxx-xxxx").
// Characters are drawn by rejection sampling, so each is uniform over the
// alphabet.
func newRecoveryCodes(n int) ([]string, error) {
	const k = len(recoveryAlphabet)
	limit := byte(256 - 256%k) // largest multiple of k that fits a byte
	out := make([]string, 0, n)
	buf := make([]byte, 64)
	for len(out) < n {
		var b strings.Builder
		for b.Len() < recoveryCodeLen {
			if _, err := rand.Read(buf); err != nil {
				return nil, fmt.Errorf("auth: recovery code: %w", err)
			}
			for _, c := range buf {
				if c >= limit || b.Len() == recoveryCodeLen {
					continue
				}
				b.WriteByte(recoveryAlphabet[int(c)%k])
			}
		}
		c := b.String()
		dup := false
		for _, o := range out {
			dup = dup || normalizeRecoveryCode(o) == c
		}
		if !dup {
			out = append(out, c[:4]+"-"+c[4:])
		}
	}
	return out, nil
}

// normalizeRecoveryCode returns code without spaces and dashes, in lower
// case, if it has the shape of a recovery code; "" otherwise.
func normalizeRecoveryCode(code string) string {
	c := strings.ToLower(normalizeCode(code))
	if len(c) != recoveryCodeLen {
		return ""
	}
	for i := 0; i < len(c); i++ {
		if strings.IndexByte(recoveryAlphabet, c[i]) < 0 {
			return ""
		}
	}
	return c
}

// recoveryFloor are the argon2id parameters of recovery code hashes: the
// minimum of OWASP's Password Storage Cheat Sheet (19 MiB, 2 passes, 1
// lane). Passwords need more because people choose them; a recovery code
// is 40 random bits, which at this cost would take lifetimes to guess
// offline, and a set of ten is hashed at once. Parameters are stored in
// each hash, like passwords', so raising them needs no migration.
var recoveryFloor = argonParams{Memory: 19 * 1024, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32}

// recoveryParams are recoveryFloor, or the password parameters when those
// are cheaper (tests lower them).
func recoveryParams() argonParams {
	p := params
	if uint64(p.Memory)*uint64(p.Time) < uint64(recoveryFloor.Memory)*uint64(recoveryFloor.Time) {
		return p
	}
	return recoveryFloor
}

// hashRecoveryCodes hashes a set of codes (display or normalised form)
// with argon2id (recoveryParams), in PHC format like passwords. The codes
// of one set share one random salt: checking a code against the whole set
// then costs one argon2 computation, not one per code, while every stored
// hash still needs a full argon2 computation per guess offline.
func hashRecoveryCodes(codes []string) ([]string, error) {
	p := recoveryParams()
	salt := make([]byte, p.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return nil, fmt.Errorf("auth: salt: %w", err)
	}
	// In parallel: derive waits for one of hashSlots, so this takes what
	// the server can give without exceeding the memory bound.
	out := make([]string, len(codes))
	var wg sync.WaitGroup
	for i, c := range codes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			key := derive(normalizeRecoveryCode(c), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
			out[i] = encodeHash(p, salt, key)
		}()
	}
	wg.Wait()
	return out, nil
}

// recoveryRow is one unused recovery code of an account.
type recoveryRow struct {
	ID   string
	Hash string
}

// matchRecoveryCode returns the id of the row whose hash matches code,
// or "" if none does. It computes argon2 once per distinct salt and
// parameters (once per set, normally) and compares with every row in
// constant time, without stopping at a match. Rows whose hash does not
// parse never match.
func matchRecoveryCode(rows []recoveryRow, code string) string {
	c := normalizeRecoveryCode(code)
	if c == "" {
		return ""
	}
	type derived struct{ key []byte }
	cache := map[string]derived{}
	found := ""
	for _, r := range rows {
		p, salt, key, err := decodeHash(r.Hash)
		if err != nil {
			continue
		}
		prefix := r.Hash[:strings.LastIndexByte(r.Hash, '$')]
		d, ok := cache[prefix]
		if !ok {
			d = derived{key: derive(c, salt, p.Time, p.Memory, p.Threads, uint32(len(key)))}
			cache[prefix] = d
		}
		if subtle.ConstantTimeCompare(d.key, key) == 1 && found == "" {
			found = r.ID
		}
	}
	return found
}
