package core

import (
	"net/mail"
	"strings"
	"unicode"
)

// MaxEmail is the longest e-mail address accepted (RFC 5321 path limit).
const MaxEmail = 254

// ValidEmail reports whether s is a plain address as people type it into
// a form or a file: local@domain, at most MaxEmail bytes, no display name,
// no quoting, comments or white space, a local part of at most 64 bytes,
// and a domain with a dot that neither starts nor ends with one. It is
// the one e-mail rule of the platform: accounts and people use it alike.
func ValidEmail(s string) bool {
	if s == "" || len(s) > MaxEmail || strings.ContainsAny(s, " \t\"<>()[],;:\\") ||
		strings.ContainsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) {
		return false
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || a.Name != "" {
		return false
	}
	local, domain, ok := strings.Cut(s, "@")
	if !ok || local == "" || len(local) > 64 || strings.Contains(domain, "@") {
		return false
	}
	return strings.Contains(domain, ".") && !strings.HasPrefix(domain, ".") &&
		!strings.HasSuffix(domain, ".") && !strings.Contains(domain, "..")
}
