package auth

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"time"

	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
)

// Login throttling. An attacker must slow only itself, so failures are
// counted per e-mail and client address pair: after FreePairFailures
// failures of a pair within ThrottleWindow, each further attempt of that
// pair must wait 1, 2, 4 … seconds (at most MaxThrottleDelay) after its
// last failure. The rightful owner signing in from another address is not
// slowed. Against spraying many e-mails from one address, the address as
// a whole gets the same growing delays after FreeIPFailures failures
// (high enough for an office behind one NAT; behind a reverse proxy the
// web layer takes the client address from X-Forwarded-For, see
// --trusted-proxies). Nothing is ever a hard lock: the delay is bounded.
const (
	ThrottleWindow   = time.Hour
	FreePairFailures = 5   // failures of one e-mail from one address before delays start
	FreeIPFailures   = 100 // failures from one address, any e-mail, before delays start
	MaxThrottleDelay = 5 * time.Minute
)

// touchEvery is how stale last_seen_at / last_used_at may get before a
// request writes it again; it keeps authentication read-only for most
// requests.
const touchEvery = time.Minute

// Bounds on what a client may make us store or log.
const (
	maxIPLen        = 64
	maxUserAgentLen = 300
)

// errLogin is the one answer to every wrong e-mail/password combination,
// so that nobody learns which e-mails have accounts.
func errLogin() error {
	return core.Errorf(core.Unauthenticated, "wrong e-mail or password")
}

// throttled is a core.RateLimited error that says how long to wait.
type throttled struct {
	err  *core.Error
	wait time.Duration
}

func (e *throttled) Error() string { return e.err.Error() }
func (e *throttled) Unwrap() error { return e.err }

func errThrottled(wait time.Duration) error {
	wait = wait.Round(time.Second)
	if wait < time.Second {
		wait = time.Second
	}
	return &throttled{err: core.Errorf(core.RateLimited, "too many failed sign-in attempts; try again in %d s", int(wait.Seconds())), wait: wait}
}

// RetryAfter is how long a caller refused by the sign-in throttle must wait
// before trying again, in whole seconds (at least one); 0 if err is not such a
// refusal. The API sends it as Retry-After, the sign-in page in words.
func RetryAfter(err error) time.Duration {
	var t *throttled
	if errors.As(err, &t) {
		return t.wait
	}
	return 0
}

// throttleDelay is how long after the last of n failures the next attempt
// must wait, when free failures are allowed without delay.
func throttleDelay(n, free int) time.Duration {
	if n < free {
		return 0
	}
	shift := n - free
	if shift > 20 {
		return MaxThrottleDelay
	}
	return min(time.Second<<shift, MaxThrottleDelay)
}

func errSession() error {
	return core.Errorf(core.Unauthenticated, "session expired or unknown; sign in again")
}

func errToken() error { return core.Errorf(core.Unauthenticated, "invalid or expired token") }

func totpError(code string) error {
	return &core.Error{Code: core.Unauthenticated, Message: "a valid authenticator code is required",
		Fields: []core.FieldError{{Field: "totp", Code: code}}}
}

// clip bounds a client-supplied string and makes it valid UTF-8.
func clip(s string, n int) string {
	if len(s) > n {
		s = s[:n]
	}
	return strings.ToValidUTF8(s, "")
}

// throttleKey is one counter of the throttle and its free failures.
type throttleKey struct {
	key  string
	free int
}

// throttleKeys are the counters an attempt of email from ip counts in: the
// pair, and the address alone.
func throttleKeys(email, ip string) []throttleKey {
	keys := []throttleKey{{"pair:" + ip + " " + email, FreePairFailures}}
	if ip != "" {
		keys = append(keys, throttleKey{"ip:" + ip, FreeIPFailures})
	}
	return keys
}

// attempt is one sign-in attempt: who tried, from where, and the
// login_failures rows it reserved.
type attempt struct {
	email, ip, ua string
	accountID     string   // when the e-mail is known
	reserved      []string // login_failures ids
}

// reserve is the throttle. It records the attempt as a failure up front
// (one row per counter, committed at once) and only then counts the other
// failures of each counter in the window and finds the latest. Counting
// after committing is what makes the limit hold under concurrency on both
// engines without locks: of attempts racing in parallel, the i-th to commit
// sees at least i-1 others, so no more than FreePairFailures attempts of
// one pair reach the password check before the delays start, and a racing
// attempt beyond them sees a failure of "now" and must wait. A successful
// attempt deletes its rows (release); a refused one too, so that hammering
// does not prolong the delay. It returns a core.RateLimited error carrying
// the wait (RetryAfter) when the attempt comes too early.
func (s *Service) reserve(ctx context.Context, at *attempt) error {
	now := s.now()
	keys := throttleKeys(at.email, at.ip)
	at.reserved = nil
	err := s.db.Write(ctx, func(ctx context.Context) error {
		for _, k := range keys {
			id := core.NewID()
			if err := s.st.addFailure(ctx, id, k.key, now); err != nil {
				return err
			}
			at.reserved = append(at.reserved, id)
		}
		return s.st.pruneFailures(ctx, now.Add(-ThrottleWindow))
	})
	if err != nil {
		at.reserved = nil
		return core.Wrap(err, "auth: record sign-in attempt")
	}
	since := now.Add(-ThrottleWindow)
	var wait time.Duration
	for i, k := range keys {
		n, last, err := s.st.failures(ctx, k.key, since, at.reserved[i])
		if err != nil {
			return err
		}
		if d := throttleDelay(n, k.free); d > 0 {
			wait = max(wait, last.Add(d).Sub(now))
		}
	}
	if wait > 0 {
		return s.fail(ctx, *at, "rate_limited", false, errThrottled(wait))
	}
	return nil
}

// release deletes the attempt's reserved failure rows; call it inside the
// transaction that records the success.
func (s *Service) release(ctx context.Context, at attempt) error {
	return s.st.deleteFailures(ctx, at.reserved)
}

// fail ends a failed or refused attempt in its own write transaction (it
// must survive whatever the caller does next): the reserved failure rows
// stay when count is set and are deleted otherwise, and an
// "auth.login.failed" audit event records the e-mail tried and why (never
// the password or code). It returns want, or the error of the write.
func (s *Service) fail(ctx context.Context, at attempt, reason string, count bool, want error) error {
	actx := core.WithActor(ctx, core.Actor{IP: at.ip, UserAgent: at.ua})
	err := s.db.Write(actx, func(ctx context.Context) error {
		if !count {
			if err := s.release(ctx, at); err != nil {
				return err
			}
		}
		return s.record(ctx, "auth.login.failed", "account", at.accountID, map[string]any{"email": at.email, "reason": reason})
	})
	if err != nil {
		return core.Wrap(err, "auth: record failed sign-in")
	}
	return want
}

// checkCredentials is the first step of Login and IssueToken: throttle,
// look up the e-mail, verify the password (against a dummy hash when the
// e-mail is unknown, so both cost the same), refuse disabled accounts.
func (s *Service) checkCredentials(ctx context.Context, email, password, ip, ua string) (accountRow, attempt, error) {
	at := attempt{email: clip(NormalizeEmail(email), MaxEmailLen), ip: clip(strings.TrimSpace(ip), maxIPLen), ua: clip(ua, maxUserAgentLen)}
	if err := s.reserve(ctx, &at); err != nil {
		return accountRow{}, at, err
	}
	r, err := s.st.accountByEmail(ctx, at.email)
	found := err == nil
	if err != nil && !core.IsCode(err, core.NotFound) {
		return accountRow{}, at, s.fail(ctx, at, "error", false, err)
	}
	hash := dummyHash()
	if found {
		hash = r.PasswordHash
		at.accountID = r.ID
	}
	// No valid password is longer than the policy allows; hash a bounded
	// prefix anyway so that the time taken does not depend on the length.
	tooLong := len(password) > MaxPasswordLen
	ok, err := CheckPassword(hash, password[:min(len(password), MaxPasswordLen)])
	if err != nil {
		slog.Error("auth: stored password hash does not parse", "account_id", r.ID, "err", err)
		ok = false
	}
	switch {
	case !found:
		return accountRow{}, at, s.fail(ctx, at, "unknown_email", true, errLogin())
	case !ok || tooLong:
		return accountRow{}, at, s.fail(ctx, at, "wrong_password", true, errLogin())
	case r.Disabled:
		return accountRow{}, at, s.fail(ctx, at, "disabled", true, errLogin())
	}
	return r, at, nil
}

// rehash returns a new hash of password when r's hash was made with other
// argon2 parameters than the current ones ("" otherwise), so that raising
// the cost upgrades accounts as they sign in.
func rehash(r accountRow, password string) string {
	if !needsRehash(r.PasswordHash) {
		return ""
	}
	h, err := PasswordHash(password)
	if err != nil {
		return ""
	}
	return h
}

// accountActor is the actor of a signed-in account, for audit events
// written on its behalf.
func accountActor(r accountRow, ip, ua string) core.Actor {
	return core.Actor{AccountID: r.ID, PersonID: r.PersonID, Name: r.Name, Email: r.Email, Grants: r.Grants, IP: ip, UserAgent: ua}
}

// Login checks an e-mail and password and opens a browser session. Anyone
// may call it. It is throttled before the password is checked (see
// ThrottleWindow): an attempt that comes too soon after failures of the
// same e-mail from the same address (or of many e-mails from that address)
// gets core.RateLimited with RetryAfter set, even with the right password;
// the same account from another address is not slowed. A wrong
// e-mail or password, or a disabled account, gets core.Unauthenticated with
// one generic message. Failures are recorded (and audited as
// "auth.login.failed") in their own transaction. On success the session
// starts without second factor (mfa=false); NeedTOTP says it must pass
// VerifyLoginTOTP, NeedEnrolment that the account must enrol TOTP first.
// The token ("ts_" + 32 random bytes, base64url) is returned only here; the
// database keeps its SHA-256.
func (s *Service) Login(ctx context.Context, email, password, ip, userAgent string) (Login, error) {
	r, at, err := s.checkCredentials(ctx, email, password, ip, userAgent)
	if err != nil {
		return Login{}, err
	}
	newHash := rehash(r, password)
	token, hash, err := newSecret(SessionPrefix)
	if err != nil {
		return Login{}, core.Wrap(err, "auth: session token")
	}
	now := s.now()
	ss := Session{ID: core.NewID(), AccountID: r.ID, IP: at.ip, UserAgent: at.ua,
		CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(MaxSessionAge), Current: true}
	out := Login{Token: token, NeedTOTP: r.TOTPEnabled, NeedEnrolment: r.NeedsTOTP() && !r.TOTPEnabled}
	actor := accountActor(r, at.ip, at.ua)
	actor.SessionID = ss.ID
	err = s.db.Write(core.WithActor(ctx, actor), func(ctx context.Context) error {
		if err := s.release(ctx, at); err != nil {
			return err
		}
		if err := s.st.insertSession(ctx, ss, hash); err != nil {
			return err
		}
		if err := s.st.setLastLogin(ctx, r.ID, now); err != nil {
			return err
		}
		if newHash != "" {
			if err := s.st.setPasswordHash(ctx, r.ID, newHash, now); err != nil {
				return err
			}
		}
		return s.record(ctx, "auth.login", "account", r.ID, map[string]any{
			"method": "password", "session_id": ss.ID, "need_totp": out.NeedTOTP, "need_enrolment": out.NeedEnrolment,
		})
	})
	if err != nil {
		return Login{}, s.fail(ctx, at, "error", false, err)
	}
	ss.ExpiresAt = s.expiry(ss)
	out.Session = ss
	return out, nil
}

// expiry is when a session ends if left idle from now on.
func (s *Service) expiry(ss Session) time.Time {
	idle := ss.LastSeenAt.Add(s.o.SessionTTL)
	if idle.Before(ss.ExpiresAt) {
		return idle
	}
	return ss.ExpiresAt
}

// liveSession resolves a session token. The token is looked up by its
// SHA-256, never compared as a string: the database index compares hashes,
// so response time reveals nothing about how much of a guessed token was
// right (the comparison is constant-time in effect). Malformed, unknown,
// revoked, expired (idle or absolute) sessions and those of disabled
// accounts are all core.Unauthenticated.
func (s *Service) liveSession(ctx context.Context, token string, now time.Time) (sessionRow, error) {
	if !wellFormed(token, SessionPrefix) {
		return sessionRow{}, errSession()
	}
	r, err := s.st.sessionByHash(ctx, hashSecret(token))
	switch {
	case core.IsCode(err, core.NotFound):
		return r, errSession()
	case err != nil:
		return r, err
	case r.Revoked, r.Disabled, !now.Before(r.ExpiresAt), !now.Before(r.LastSeenAt.Add(s.o.SessionTTL)):
		return r, errSession()
	}
	return r, nil
}

// VerifyLoginTOTP checks the authenticator code of a session whose account
// has TOTP enabled and marks the session as having passed its second
// factor. Anyone holding the session token may call it. A code is accepted
// within ±1 time step and only once: a step at or before the last accepted
// one is refused. Instead of a code, one of the account's recovery codes
// ("xxxx-xxxx", see NewRecoveryCodes) is accepted, once: using it spends
// it. It is throttled and recorded like Login (a wrong code or recovery
// code counts as a failure for the account's e-mail and address). Errors:
// core.Unauthenticated (bad session; wrong or reused code, with Fields
// [{code invalid}]), core.RateLimited, core.Conflict (TOTP not enabled).
func (s *Service) VerifyLoginTOTP(ctx context.Context, sessionToken, code string) error {
	now := s.now()
	ss, err := s.liveSession(ctx, sessionToken, now)
	if err != nil {
		return err
	}
	if !ss.TOTPEnabled {
		return core.Errorf(core.Conflict, "this account has no second factor to verify")
	}
	if ss.MFA {
		return nil
	}
	ip := core.ActorFrom(ctx).IP
	if ip == "" {
		ip = ss.IP
	}
	at := attempt{email: ss.Email, ip: clip(ip, maxIPLen), ua: ss.UserAgent, accountID: ss.AccountID}
	if err := s.reserve(ctx, &at); err != nil {
		return err
	}
	acc, err := s.st.account(ctx, ss.AccountID)
	if err != nil {
		return s.fail(ctx, at, "error", false, err)
	}
	wrong := &core.Error{Code: core.Unauthenticated, Message: "wrong or already used authenticator code",
		Fields: []core.FieldError{{Field: "code", Code: "invalid"}}}
	if normalizeRecoveryCode(code) != "" {
		return s.verifyLoginRecovery(ctx, ss, acc, at, code, now, wrong)
	}
	step, ok := matchTOTP(acc.TOTPSecret, code, now, acc.TOTPLastStep)
	if !ok {
		return s.fail(ctx, at, "totp_invalid", true, wrong)
	}
	actor := accountActor(acc, at.ip, at.ua)
	actor.SessionID = ss.ID
	err = s.db.Write(core.WithActor(ctx, actor), func(ctx context.Context) error {
		won, err := s.st.useTOTPStep(ctx, acc.ID, step)
		if err != nil {
			return err
		}
		if !won {
			return wrong // a concurrent request used this code first
		}
		if err := s.release(ctx, at); err != nil {
			return err
		}
		if err := s.st.setSessionMFA(ctx, ss.ID, acc.ID, now); err != nil {
			return err
		}
		return s.record(ctx, "auth.login", "account", acc.ID, map[string]any{"method": "totp", "session_id": ss.ID})
	})
	if errors.Is(err, wrong) {
		return s.fail(ctx, at, "totp_reused", true, wrong)
	}
	if err != nil {
		return s.fail(ctx, at, "error", false, err)
	}
	return nil
}

// Authenticate resolves a session cookie into the Actor of the request
// (AccountID, PersonID, Name, Email, Grants, SessionID; the web layer adds
// IP and UserAgent). Anyone may call it. Malformed, unknown, revoked or
// expired tokens (idle longer than SessionTTL, or older than 7 days) and
// disabled accounts get core.Unauthenticated. The actor is MFAPending when
// the account has TOTP and this session has not passed it, or when a role
// requires TOTP and the account has not enrolled. Lookup is by SHA-256 of
// the token (see liveSession), so no secret is compared byte by byte.
// last_seen_at is written at most once a minute; other calls only read.
func (s *Service) Authenticate(ctx context.Context, sessionToken string) (core.Actor, error) {
	now := s.now()
	ss, err := s.liveSession(ctx, sessionToken, now)
	if err != nil {
		return core.Actor{}, err
	}
	grants, err := s.st.grants(ctx, ss.AccountID)
	if err != nil {
		return core.Actor{}, err
	}
	a := core.Actor{AccountID: ss.AccountID, PersonID: ss.PersonID, Name: ss.Name, Email: ss.Email, Grants: grants, SessionID: ss.ID}
	a.MFAPending = (ss.TOTPEnabled && !ss.MFA) || (a.NeedsTOTP() && !ss.TOTPEnabled)
	if now.Sub(ss.LastSeenAt) >= touchEvery {
		// Bookkeeping, not a change anyone made: not audited.
		err := s.touch(ctx, "s"+ss.ID, func(ctx context.Context) error {
			return s.st.touchSession(ctx, ss.ID, now, now.Add(-touchEvery))
		})
		if err != nil {
			return core.Actor{}, err
		}
	}
	return a, nil
}

// AuthenticateToken resolves an API bearer token ("tk_…") into the Actor
// of the request (with TokenID and ReadOnly). Anyone may call it.
// Malformed, unknown, revoked or expired tokens and disabled accounts get
// core.Unauthenticated. The actor is MFAPending when a role requires TOTP
// and the account has not enrolled (it can then only enrol). Lookup is by
// SHA-256, as for sessions. last_used_at is written at most once a minute.
func (s *Service) AuthenticateToken(ctx context.Context, bearer string) (core.Actor, error) {
	if !wellFormed(bearer, TokenPrefix) {
		return core.Actor{}, errToken()
	}
	now := s.now()
	t, err := s.st.tokenByHash(ctx, hashSecret(bearer))
	switch {
	case core.IsCode(err, core.NotFound):
		return core.Actor{}, errToken()
	case err != nil:
		return core.Actor{}, err
	case t.Revoked, t.Disabled, !now.Before(t.ExpiresAt):
		return core.Actor{}, errToken()
	}
	grants, err := s.st.grants(ctx, t.AccountID)
	if err != nil {
		return core.Actor{}, err
	}
	a := core.Actor{AccountID: t.AccountID, PersonID: t.PersonID, Name: t.Name, Email: t.Email, Grants: grants,
		TokenID: t.ID, ReadOnly: t.ReadOnly}
	a.MFAPending = a.NeedsTOTP() && !t.TOTPEnabled
	if t.LastUsedAt.IsZero() || now.Sub(t.LastUsedAt) >= touchEvery {
		err := s.touch(ctx, "t"+t.ID, func(ctx context.Context) error {
			return s.st.touchToken(ctx, t.ID, now, now.Add(-touchEvery))
		})
		if err != nil {
			return core.Actor{}, err
		}
	}
	return a, nil
}

// touch runs the last-seen write for key unless another request is
// running it: a page with many parallel requests (or an API client with
// many connections) then writes once, not once per request.
func (s *Service) touch(ctx context.Context, key string, write func(ctx context.Context) error) error {
	if _, busy := s.touching.LoadOrStore(key, struct{}{}); busy {
		return nil
	}
	defer s.touching.Delete(key)
	return s.db.Write(ctx, write)
}

// IssueToken signs in for the API (POST /api/v1/auth/token): it checks the
// e-mail and password exactly like Login (same throttle, same generic
// error) and, when the account has TOTP enabled, the code: missing gets
// core.Unauthenticated with Fields [{totp required}], wrong or reused
// [{totp invalid}] (and counts as a failure). It issues a 12-hour,
// read-write token named "api login" and returns it once. Anyone may call
// it. Audited as "auth.login" and "auth.token.create".
func (s *Service) IssueToken(ctx context.Context, email, password, totpCode, ip, ua string) (string, APIToken, error) {
	r, at, err := s.checkCredentials(ctx, email, password, ip, ua)
	if err != nil {
		return "", APIToken{}, err
	}
	now := s.now()
	var step int64
	if r.TOTPEnabled {
		if normalizeCode(totpCode) == "" {
			return "", APIToken{}, s.fail(ctx, at, "totp_missing", false, totpError("required"))
		}
		var ok bool
		if step, ok = matchTOTP(r.TOTPSecret, totpCode, now, r.TOTPLastStep); !ok {
			return "", APIToken{}, s.fail(ctx, at, "totp_invalid", true, totpError("invalid"))
		}
	}
	newHash := rehash(r, password)
	token, hash, err := newSecret(TokenPrefix)
	if err != nil {
		return "", APIToken{}, core.Wrap(err, "auth: api token")
	}
	t := APIToken{ID: core.NewID(), AccountID: r.ID, Name: LoginTokenName, CreatedAt: now, ExpiresAt: now.Add(LoginTokenTTL)}
	actor := accountActor(r, at.ip, at.ua)
	actor.TokenID = t.ID
	reused := totpError("invalid")
	err = s.db.Write(core.WithActor(ctx, actor), func(ctx context.Context) error {
		if r.TOTPEnabled {
			won, err := s.st.useTOTPStep(ctx, r.ID, step)
			if err != nil {
				return err
			}
			if !won {
				return reused
			}
		}
		if err := s.release(ctx, at); err != nil {
			return err
		}
		if err := s.st.insertToken(ctx, t, hash); err != nil {
			return err
		}
		if err := s.st.setLastLogin(ctx, r.ID, now); err != nil {
			return err
		}
		if newHash != "" {
			if err := s.st.setPasswordHash(ctx, r.ID, newHash, now); err != nil {
				return err
			}
		}
		method := "password"
		if r.TOTPEnabled {
			method = "password+totp"
		}
		if err := s.record(ctx, "auth.login", "account", r.ID, map[string]any{"method": method, "token_id": t.ID}); err != nil {
			return err
		}
		return s.record(ctx, "auth.token.create", "api_token", t.ID, tokenDetails(t))
	})
	if errors.Is(err, reused) {
		return "", APIToken{}, s.fail(ctx, at, "totp_reused", true, reused)
	}
	if err != nil {
		return "", APIToken{}, s.fail(ctx, at, "error", false, err)
	}
	return token, t, nil
}

func tokenDetails(t APIToken) map[string]any {
	return map[string]any{"account_id": t.AccountID, "name": t.Name, "read_only": t.ReadOnly, "expires_at": t.ExpiresAt.Format(db.TimeLayout)}
}

// Logout ends the session of sessionToken. Anyone holding the token may
// call it. A malformed, unknown or already revoked token is not an error:
// signing out twice is harmless. Audited as "auth.logout".
func (s *Service) Logout(ctx context.Context, sessionToken string) error {
	if !wellFormed(sessionToken, SessionPrefix) {
		return nil
	}
	ss, err := s.st.sessionByHash(ctx, hashSecret(sessionToken))
	if core.IsCode(err, core.NotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if ss.Revoked {
		return nil
	}
	req := core.ActorFrom(ctx)
	actor := core.Actor{AccountID: ss.AccountID, PersonID: ss.PersonID, Name: ss.Name, Email: ss.Email, SessionID: ss.ID,
		IP: req.IP, UserAgent: req.UserAgent}
	return s.db.Write(core.WithActor(ctx, actor), func(ctx context.Context) error {
		done, err := s.st.revokeSession(ctx, ss.ID, s.now())
		if err != nil || !done {
			return err
		}
		return s.record(ctx, "auth.logout", "session", ss.ID, map[string]any{"account_id": ss.AccountID})
	})
}
