package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"

	"golang.org/x/crypto/argon2"
)

// argonParams are the argon2id cost parameters of new hashes.
type argonParams struct {
	Memory  uint32 // KiB
	Time    uint32 // passes
	Threads uint8
	SaltLen int
	KeyLen  uint32
}

// defaultParams: 64 MiB, 3 passes, 2 lanes, 16-byte salt, 32-byte key.
// OWASP's Password Storage Cheat Sheet lists m=19 MiB/t=2/p=1 as the
// minimum and equivalent trade-offs with more memory; RFC 9106 §4 suggests
// 64 MiB/t=3 for memory-constrained settings. We take that stronger point:
// about 50–100 ms per hash on one server core. Parameters are stored in
// every hash (PHC format), so raising them later needs no migration: a hash
// with other parameters is rehashed at the next successful login.
var defaultParams = argonParams{Memory: 64 * 1024, Time: 3, Threads: 2, SaltLen: 16, KeyLen: 32}

// params is what PasswordHash uses; tests lower it (export_test.go).
var params = defaultParams

// hashSlots bounds concurrent argon2 computations: each holds Memory KiB,
// and a burst of logins must not exhaust the server's memory.
var hashSlots = make(chan struct{}, max(2, runtime.GOMAXPROCS(0)))

// Bounds accepted when parsing a stored hash, so that a corrupted or
// planted hash cannot make a login allocate gigabytes or spin for minutes.
const (
	maxMemory  = 1 << 20 // 1 GiB
	maxTime    = 20
	maxThreads = 16
	maxKeyLen  = 128
)

var errBadHash = errors.New("auth: malformed password hash")

// PasswordHash hashes password with argon2id and a random salt and returns
// it in PHC string format:
//
//	$argon2id$v=19$m=65536,t=3,p=2$<salt>$<hash>
//
// with salt and hash in unpadded standard base64. It does not apply the
// password policy; the service does.
func PasswordHash(password string) (string, error) {
	p := params
	salt := make([]byte, p.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("auth: salt: %w", err)
	}
	key := derive(password, salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	return encodeHash(p, salt, key), nil
}

func encodeHash(p argonParams, salt, key []byte) string {
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.Memory, p.Time, p.Threads, b64.EncodeToString(salt), b64.EncodeToString(key))
}

func derive(password string, salt []byte, t, m uint32, threads uint8, keyLen uint32) []byte {
	hashSlots <- struct{}{}
	defer func() { <-hashSlots }()
	return argon2.IDKey([]byte(password), salt, t, m, threads, keyLen)
}

// CheckPassword reports whether password matches hash (made by
// PasswordHash, with any parameters). The comparison is constant-time. A
// hash that does not parse is an error, not a mismatch.
func CheckPassword(hash, password string) (ok bool, err error) {
	p, salt, key, err := decodeHash(hash)
	if err != nil {
		return false, err
	}
	got := derive(password, salt, p.Time, p.Memory, p.Threads, uint32(len(key)))
	return subtle.ConstantTimeCompare(got, key) == 1, nil
}

// needsRehash reports whether hash was made with parameters other than the
// current ones.
func needsRehash(hash string) bool {
	p, salt, key, err := decodeHash(hash)
	if err != nil {
		return true
	}
	cur := params
	return p.Memory != cur.Memory || p.Time != cur.Time || p.Threads != cur.Threads ||
		len(salt) != cur.SaltLen || uint32(len(key)) != cur.KeyLen
}

func decodeHash(hash string) (p argonParams, salt, key []byte, err error) {
	parts := strings.Split(hash, "$")
	// "", "argon2id", "v=19", "m=…,t=…,p=…", salt, key
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return p, nil, nil, errBadHash
	}
	if parts[2] != fmt.Sprintf("v=%d", argon2.Version) {
		return p, nil, nil, errBadHash
	}
	var threads uint32
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &threads); err != nil ||
		parts[3] != fmt.Sprintf("m=%d,t=%d,p=%d", p.Memory, p.Time, threads) {
		return p, nil, nil, errBadHash
	}
	if p.Time < 1 || p.Time > maxTime || threads < 1 || threads > maxThreads ||
		p.Memory < 8*threads || p.Memory > maxMemory {
		return p, nil, nil, errBadHash
	}
	p.Threads = uint8(threads)
	b64 := base64.RawStdEncoding
	if salt, err = b64.DecodeString(parts[4]); err != nil || len(salt) < 8 {
		return p, nil, nil, errBadHash
	}
	if key, err = b64.DecodeString(parts[5]); err != nil || len(key) < 16 || len(key) > maxKeyLen {
		return p, nil, nil, errBadHash
	}
	p.SaltLen, p.KeyLen = len(salt), uint32(len(key))
	return p, salt, key, nil
}

// dummy is a hash of a random password with the current parameters. Login
// verifies against it when the e-mail is unknown, so that an unknown e-mail
// costs as long as a wrong password and response times do not reveal which
// addresses have accounts.
var dummy struct {
	once sync.Once
	hash string
}

func dummyHash() string {
	dummy.once.Do(func() {
		b := make([]byte, 32)
		_, _ = rand.Read(b)
		h, err := PasswordHash(base64.RawStdEncoding.EncodeToString(b))
		if err != nil {
			panic(err) // crypto/rand does not fail on supported platforms
		}
		dummy.hash = h
	})
	return dummy.hash
}
