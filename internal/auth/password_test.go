package auth_test

import (
	"strings"
	"testing"

	"github.com/topcop-platform/topcop/internal/auth"
)

func TestPasswordHashDefaults(t *testing.T) {
	restore := auth.UseDefaultHashing()
	defer restore()
	h, err := auth.PasswordHash(pw)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=65536,t=3,p=2$") {
		t.Fatalf("hash %q does not use the production parameters", h)
	}
	if parts := strings.Split(h, "$"); len(parts) != 6 || len(parts[4]) != 22 || len(parts[5]) != 43 {
		t.Fatalf("hash %q: want 16-byte salt and 32-byte key in unpadded base64", h)
	}
	ok, err := auth.CheckPassword(h, pw)
	if err != nil || !ok {
		t.Fatalf("CheckPassword(right) = %v, %v", ok, err)
	}
	if auth.NeedsRehash(h) {
		t.Fatal("a fresh default hash needs no rehash")
	}
}

func TestCheckPassword(t *testing.T) {
	h, err := auth.PasswordHash(pw)
	if err != nil {
		t.Fatal(err)
	}
	h2, _ := auth.PasswordHash(pw)
	if h == h2 {
		t.Fatal("two hashes of one password are equal: salt missing")
	}
	cases := []struct {
		name    string
		hash    string
		pw      string
		want    bool
		wantErr bool
	}{
		{"right password", h, pw, true, false},
		{"wrong password", h, pw + "x", false, false},
		{"empty password", h, "", false, false},
		{"case differs", h, strings.ToUpper(pw), false, false},
		{"empty hash", "", pw, false, true},
		{"bcrypt hash", "$2a$10$abcdefghijklmnopqrstuuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ01", pw, false, true},
		{"argon2i", strings.Replace(h, "argon2id", "argon2i", 1), pw, false, true},
		{"wrong version", strings.Replace(h, "v=19", "v=16", 1), pw, false, true},
		{"huge memory", "$argon2id$v=19$m=99999999,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$" + strings.Repeat("A", 43), pw, false, true},
		{"zero time", "$argon2id$v=19$m=64,t=0,p=1$c2FsdHNhbHRzYWx0c2FsdA$" + strings.Repeat("A", 43), pw, false, true},
		{"junk in params", "$argon2id$v=19$m=64,t=1,p=1x$c2FsdHNhbHRzYWx0c2FsdA$" + strings.Repeat("A", 43), pw, false, true},
		{"bad base64", "$argon2id$v=19$m=64,t=1,p=1$!!!$" + strings.Repeat("A", 43), pw, false, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ok, err := auth.CheckPassword(tc.hash, tc.pw)
			if ok != tc.want || (err != nil) != tc.wantErr {
				t.Fatalf("CheckPassword = %v, %v; want %v, error %v", ok, err, tc.want, tc.wantErr)
			}
		})
	}
}

func TestTokenFromHeader(t *testing.T) {
	cases := []struct {
		name, header, want string
		ok                 bool
	}{
		{"bearer", "Bearer tk_abc", "tk_abc", true},
		{"lower-case scheme", "bearer tk_abc", "tk_abc", true},
		{"extra spaces", "  Bearer   tk_abc ", "tk_abc", true},
		{"basic", "Basic dXNlcjpwYXNz", "", false},
		{"no token", "Bearer", "", false},
		{"empty token", "Bearer ", "", false},
		{"two tokens", "Bearer a b", "", false},
		{"empty", "", "", false},
		{"prefix only", "Bearertk_abc", "", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := auth.TokenFromHeader(tc.header)
			if got != tc.want || ok != tc.ok {
				t.Fatalf("TokenFromHeader(%q) = %q, %v; want %q, %v", tc.header, got, ok, tc.want, tc.ok)
			}
		})
	}
}
