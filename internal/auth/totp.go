package auth

import (
	"bytes"
	"crypto/subtle"
	"encoding/base32"
	"fmt"
	"image/png"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// TOTP settings: RFC 6238 defaults that every authenticator app supports
// (30-second steps, 6 digits, HMAC-SHA1, 160-bit secret).
const (
	totpPeriod = 30
	totpDigits = otp.DigitsSix
	totpSkew   = 1 // accept the previous and the next step for clock drift
	qrSize     = 200
)

var totpOpts = totp.ValidateOpts{Period: totpPeriod, Digits: totpDigits, Algorithm: otp.AlgorithmSHA1}

// newTOTP generates a secret for account and the enrolment data that shows
// it to the user.
func newTOTP(issuer, account string) (TOTPEnrolment, error) {
	return totpKey(issuer, account, nil)
}

// totpEnrolment is the enrolment data of an existing base32 secret (a
// pending one shown again).
func totpEnrolment(issuer, account, secret string) (TOTPEnrolment, error) {
	raw, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(strings.ToUpper(secret))
	if err != nil || len(raw) == 0 {
		return TOTPEnrolment{}, fmt.Errorf("auth: stored TOTP secret does not decode: %v", err)
	}
	return totpKey(issuer, account, raw)
}

// totpKey makes the enrolment data of secret, or of a new random secret
// when secret is nil.
func totpKey(issuer, account string, secret []byte) (TOTPEnrolment, error) {
	key, err := totp.Generate(totp.GenerateOpts{
		Issuer:      issuer,
		AccountName: account,
		Period:      totpPeriod,
		SecretSize:  20,
		Secret:      secret,
		Digits:      totpDigits,
		Algorithm:   otp.AlgorithmSHA1,
	})
	if err != nil {
		return TOTPEnrolment{}, err
	}
	img, err := key.Image(qrSize, qrSize)
	if err != nil {
		return TOTPEnrolment{}, err
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return TOTPEnrolment{}, err
	}
	return TOTPEnrolment{Secret: key.Secret(), URI: key.URL(), PNG: buf.Bytes()}, nil
}

// normalizeCode strips the spaces and dashes people type inside a code
// ("123 456").
func normalizeCode(code string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' || r == '\t' {
			return -1
		}
		return r
	}, code)
}

// matchTOTP returns the time step (Unix time / 30 s) at which code is valid
// for secret within ±1 step of now, and whether it matched. Only steps after
// the last accepted one (after) count, so that a code observed once
// (shoulder surfing, a phishing proxy) cannot be replayed; callers store the
// returned step.
func matchTOTP(secret, code string, now time.Time, after int64) (step int64, ok bool) {
	code = normalizeCode(code)
	if secret == "" || len(code) != totpDigits.Length() || strings.Trim(code, "0123456789") != "" {
		return 0, false
	}
	cur := now.Unix() / totpPeriod
	// Check every candidate, without an early return, so that timing does
	// not reveal which step matched.
	var found int64
	for d := int64(-totpSkew); d <= totpSkew; d++ {
		s := cur + d
		want, err := totp.GenerateCodeCustom(secret, time.Unix(s*totpPeriod, 0), totpOpts)
		if err != nil {
			return 0, false
		}
		if subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 && s > after && found == 0 {
			found = s
		}
	}
	return found, found != 0
}
