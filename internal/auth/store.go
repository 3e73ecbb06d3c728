package auth

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
)

// store is the SQL of the package. Every statement is portable: `?`
// placeholders (rebound for PostgreSQL), explicit columns, booleans and
// timestamps passed as Go values (db.T), and identifiers checked with
// core.ValidID by the service before they reach a uuid column. Writes must
// run inside db.Write; reads join the transaction in ctx if there is one.
type store struct {
	db *db.DB
}

// accountRow is an account with its secrets, which never leave the package.
type accountRow struct {
	Account
	PasswordHash string
	TOTPSecret   string // pending while !TOTPEnabled, active otherwise
	TOTPLastStep int64  // last accepted TOTP time step
	// TOTPEnabledAt is when TOTP was last turned on (zero: off, or on
	// since before the time was recorded).
	TOTPEnabledAt time.Time
}

const accountCols = `id, email, name, password_hash, person_id, totp_secret, totp_enabled, totp_last_step, lang, disabled_at, last_login_at, created_at, updated_at, totp_enabled_at`

type scanner interface{ Scan(dest ...any) error }

func scanAccount(sc scanner) (accountRow, error) {
	var r accountRow
	var person sql.NullString
	var disabledAt time.Time
	err := sc.Scan(&r.ID, &r.Email, &r.Name, &r.PasswordHash, &person, &r.TOTPSecret, &r.TOTPEnabled, &r.TOTPLastStep,
		&r.Lang, db.T(&disabledAt), db.T(&r.LastLoginAt), db.T(&r.CreatedAt), db.T(&r.UpdatedAt), db.T(&r.TOTPEnabledAt))
	r.PersonID = person.String
	r.Disabled = !disabledAt.IsZero()
	return r, err
}

// nullable returns nil for "" so that optional uuid columns get NULL.
func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// searchText is the lower-cased text that AccountFilter.Query matches.
func searchText(email, name string) string {
	return strings.ToLower(email + " " + name)
}

func (s *store) insertAccount(ctx context.Context, r accountRow) error {
	_, err := s.db.Exec(ctx, `INSERT INTO accounts (id, email, name, password_hash, person_id, totp_secret, totp_enabled, totp_last_step,
		lang, disabled_at, last_login_at, created_at, updated_at, search)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.ID, r.Email, r.Name, r.PasswordHash, nullable(r.PersonID), r.TOTPSecret, r.TOTPEnabled, r.TOTPLastStep,
		r.Lang, nil, db.T(&r.LastLoginAt), db.T(&r.CreatedAt), db.T(&r.UpdatedAt), searchText(r.Email, r.Name))
	return err
}

// updateProfile writes the fields an admin edits with UpdateAccount.
func (s *store) updateProfile(ctx context.Context, a Account) error {
	_, err := s.db.Exec(ctx, `UPDATE accounts SET email = ?, name = ?, person_id = ?, lang = ?, search = ?, updated_at = ? WHERE id = ?`,
		a.Email, a.Name, nullable(a.PersonID), a.Lang, searchText(a.Email, a.Name), db.T(&a.UpdatedAt), a.ID)
	return err
}

func (s *store) account(ctx context.Context, id string) (accountRow, error) {
	r, err := scanAccount(s.db.QueryRow(ctx, `SELECT `+accountCols+` FROM accounts WHERE id = ?`, id))
	if err != nil {
		return r, db.NotFound(err, "account")
	}
	r.Grants, err = s.grants(ctx, id)
	return r, err
}

// accountByEmail returns the account with that (normalised) e-mail, or
// core.NotFound.
func (s *store) accountByEmail(ctx context.Context, email string) (accountRow, error) {
	r, err := scanAccount(s.db.QueryRow(ctx, `SELECT `+accountCols+` FROM accounts WHERE email = ?`, email))
	if err != nil {
		return r, db.NotFound(err, "account")
	}
	r.Grants, err = s.grants(ctx, r.ID)
	return r, err
}

// emailTaken reports whether another account than exceptID uses email.
func (s *store) emailTaken(ctx context.Context, email, exceptID string) (bool, error) {
	var n int
	err := s.db.QueryRow(ctx, `SELECT count(*) FROM accounts WHERE email = ? AND id <> ?`, email, nonEmptyID(exceptID)).Scan(&n)
	return n > 0, db.Err(err)
}

// nonEmptyID stands in for "no id" in comparisons with uuid columns, which
// reject the empty string on PostgreSQL.
func nonEmptyID(id string) string {
	if id == "" {
		return "00000000-0000-0000-0000-000000000000"
	}
	return id
}

func (s *store) grants(ctx context.Context, accountID string) ([]core.Grant, error) {
	m, err := s.grantsOf(ctx, []string{accountID})
	return m[accountID], err
}

// grantsOf returns the grants of several accounts, in the order they were
// granted (ids are time-ordered UUIDv7).
func (s *store) grantsOf(ctx context.Context, ids []string) (map[string][]core.Grant, error) {
	out := make(map[string][]core.Grant, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := s.db.Query(ctx, `SELECT account_id, role, scope_kind, scope_id, country FROM grants
		WHERE account_id IN (`+db.Placeholders(len(ids))+`) ORDER BY account_id, id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var g core.Grant
		if err := rows.Scan(&id, &g.Role, &g.ScopeKind, &g.ScopeID, &g.Country); err != nil {
			return nil, db.Err(err)
		}
		out[id] = append(out[id], g)
	}
	return out, db.Err(rows.Err())
}

// replaceGrants makes gs the account's grants.
func (s *store) replaceGrants(ctx context.Context, accountID string, gs []core.Grant, now time.Time) error {
	if _, err := s.db.Exec(ctx, `DELETE FROM grants WHERE account_id = ?`, accountID); err != nil {
		return err
	}
	for _, g := range gs {
		if _, err := s.db.Exec(ctx, `INSERT INTO grants (id, account_id, role, scope_kind, scope_id, country, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`,
			core.NewID(), accountID, string(g.Role), g.ScopeKind, g.ScopeID, g.Country, db.T(&now)); err != nil {
			return err
		}
	}
	return nil
}

// listAccounts returns one page of accounts sorted by e-mail (unique, so
// the cursor is the last e-mail) and the total matching f.
// accountOrder is the keyset of the account list: e-mail addresses are
// unique.
var accountOrder = db.Keyset{Keys: []db.Key{{Expr: "email", Kind: db.KeyText}}}

func (s *store) listAccounts(ctx context.Context, f AccountFilter, p core.PageRequest) (core.List[Account], error) {
	var where []string
	var args []any
	if !f.IncludeDisabled {
		where = append(where, `disabled_at IS NULL`)
	}
	if q := strings.ToLower(strings.TrimSpace(f.Query)); q != "" {
		c, arg := db.Contains("search", q)
		where, args = append(where, c), append(args, arg)
	}
	if f.Role != "" {
		where = append(where, `EXISTS (SELECT 1 FROM grants g WHERE g.account_id = accounts.id AND g.role = ?)`)
		args = append(args, f.Role)
	}
	cond := ""
	if len(where) > 0 {
		cond = ` WHERE ` + strings.Join(where, ` AND `)
	}
	out := core.List[Account]{Items: []Account{}}
	err := s.db.Read(ctx, func(ctx context.Context) error {
		if err := s.db.QueryRow(ctx, `SELECT count(*) FROM accounts`+cond, args...).Scan(&out.Total); err != nil {
			return db.Err(err)
		}
		pageWhere, pageArgs := where, append([]any(nil), args...)
		if p.Cursor != "" {
			seek, seekArgs, err := accountOrder.Seek(p.Cursor)
			if err != nil {
				return err
			}
			pageWhere = append(pageWhere[:len(pageWhere):len(pageWhere)], seek)
			pageArgs = append(pageArgs, seekArgs...)
		}
		pageCond := ""
		if len(pageWhere) > 0 {
			pageCond = ` WHERE ` + strings.Join(pageWhere, ` AND `)
		}
		pageArgs = append(pageArgs, p.Limit+1)
		rows, err := s.db.Query(ctx, `SELECT `+accountCols+` FROM accounts`+pageCond+accountOrder.OrderBy()+` LIMIT ?`, pageArgs...)
		if err != nil {
			return err
		}
		defer rows.Close()
		var ids []string
		for rows.Next() {
			r, err := scanAccount(rows)
			if err != nil {
				return db.Err(err)
			}
			out.Items = append(out.Items, r.Account)
			ids = append(ids, r.ID)
		}
		if err := rows.Err(); err != nil {
			return db.Err(err)
		}
		rows.Close()
		gs, err := s.grantsOf(ctx, ids)
		if err != nil {
			return err
		}
		for i := range out.Items {
			out.Items[i].Grants = gs[out.Items[i].ID]
		}
		return nil
	})
	if err != nil {
		return out, err
	}
	if len(out.Items) > p.Limit {
		out.Items = out.Items[:p.Limit]
		out.Next = accountOrder.Cursor(out.Items[len(out.Items)-1].Email)
	}
	return out, nil
}

func (s *store) setPasswordHash(ctx context.Context, id, hash string, now time.Time) error {
	_, err := s.db.Exec(ctx, `UPDATE accounts SET password_hash = ?, updated_at = ? WHERE id = ?`, hash, db.T(&now), id)
	return err
}

// setDisabled disables (keeping the first disabling time) or re-enables.
func (s *store) setDisabled(ctx context.Context, id string, disabled bool, now time.Time) error {
	if disabled {
		_, err := s.db.Exec(ctx, `UPDATE accounts SET disabled_at = COALESCE(disabled_at, ?), updated_at = ? WHERE id = ?`, db.T(&now), db.T(&now), id)
		return err
	}
	_, err := s.db.Exec(ctx, `UPDATE accounts SET disabled_at = NULL, updated_at = ? WHERE id = ?`, db.T(&now), id)
	return err
}

func (s *store) setLastLogin(ctx context.Context, id string, now time.Time) error {
	_, err := s.db.Exec(ctx, `UPDATE accounts SET last_login_at = ? WHERE id = ?`, db.T(&now), id)
	return err
}

// setPendingTOTP stores a new, not yet confirmed secret. It changes nothing
// when TOTP is already enabled and reports whether it did.
func (s *store) setPendingTOTP(ctx context.Context, id, secret string, now time.Time) (bool, error) {
	res, err := s.db.Exec(ctx, `UPDATE accounts SET totp_secret = ?, totp_last_step = 0, updated_at = ? WHERE id = ? AND totp_enabled = ?`,
		secret, db.T(&now), id, false)
	return affected(res, err)
}

// enableTOTP turns the pending secret on, recording the step just used
// and the time. It changes nothing unless the stored pending secret is
// still secret.
func (s *store) enableTOTP(ctx context.Context, id, secret string, step int64, now time.Time) (bool, error) {
	res, err := s.db.Exec(ctx, `UPDATE accounts SET totp_enabled = ?, totp_last_step = ?, totp_enabled_at = ?, updated_at = ?
		WHERE id = ? AND totp_enabled = ? AND totp_secret = ?`, true, step, db.T(&now), db.T(&now), id, false, secret)
	return affected(res, err)
}

// useTOTPStep records step as the last accepted one, unless a concurrent
// request got there first with the same or a later step; it reports
// whether this request won. This makes each code single-use even across
// replicas.
func (s *store) useTOTPStep(ctx context.Context, id string, step int64) (bool, error) {
	res, err := s.db.Exec(ctx, `UPDATE accounts SET totp_last_step = ? WHERE id = ? AND totp_enabled = ? AND totp_last_step < ?`,
		step, id, true, step)
	return affected(res, err)
}

// resetTOTP clears the secret, enabled or pending; the account's recovery
// codes go with it (deleteRecoveryCodes).
func (s *store) resetTOTP(ctx context.Context, id string, now time.Time) error {
	_, err := s.db.Exec(ctx, `UPDATE accounts SET totp_secret = '', totp_enabled = ?, totp_last_step = 0, totp_enabled_at = NULL, updated_at = ?
		WHERE id = ?`, false, db.T(&now), id)
	return err
}

// recoveryStats counts the account's recovery codes, all and unused, and
// returns when the newest was made (zero without any).
func (s *store) recoveryStats(ctx context.Context, accountID string) (total, unused int, created time.Time, err error) {
	err = s.db.QueryRow(ctx, `SELECT count(*), count(*) - count(used_at), max(created_at) FROM recovery_codes WHERE account_id = ?`,
		accountID).Scan(&total, &unused, db.T(&created))
	return total, unused, created, db.Err(err)
}

// unusedRecoveryCodes lists the account's recovery codes not used yet.
func (s *store) unusedRecoveryCodes(ctx context.Context, accountID string) ([]recoveryRow, error) {
	rows, err := s.db.Query(ctx, `SELECT id, code_hash FROM recovery_codes WHERE account_id = ? AND used_at IS NULL ORDER BY id`, accountID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []recoveryRow
	for rows.Next() {
		var r recoveryRow
		if err := rows.Scan(&r.ID, &r.Hash); err != nil {
			return nil, db.Err(err)
		}
		out = append(out, r)
	}
	return out, db.Err(rows.Err())
}

// replaceRecoveryCodes makes hashes the account's only recovery codes and
// returns how many unused ones it replaced.
func (s *store) replaceRecoveryCodes(ctx context.Context, accountID string, hashes []string, now time.Time) (int64, error) {
	n, err := s.deleteRecoveryCodes(ctx, accountID)
	if err != nil {
		return 0, err
	}
	for _, h := range hashes {
		if _, err := s.db.Exec(ctx, `INSERT INTO recovery_codes (id, account_id, code_hash, created_at) VALUES (?, ?, ?, ?)`,
			core.NewID(), accountID, h, db.T(&now)); err != nil {
			return 0, err
		}
	}
	return n, nil
}

// deleteRecoveryCodes deletes all the account's recovery codes and
// returns how many of them were unused.
func (s *store) deleteRecoveryCodes(ctx context.Context, accountID string) (int64, error) {
	var unused int64
	if err := s.db.QueryRow(ctx, `SELECT count(*) FROM recovery_codes WHERE account_id = ? AND used_at IS NULL`, accountID).Scan(&unused); err != nil {
		return 0, db.Err(err)
	}
	_, err := s.db.Exec(ctx, `DELETE FROM recovery_codes WHERE account_id = ?`, accountID)
	return unused, err
}

// useRecoveryCode marks one code of the account used, unless it is used
// already (a concurrent request got there first); it reports whether this
// request won, which makes each code single-use.
func (s *store) useRecoveryCode(ctx context.Context, id, accountID string, now time.Time) (bool, error) {
	res, err := s.db.Exec(ctx, `UPDATE recovery_codes SET used_at = ? WHERE id = ? AND account_id = ? AND used_at IS NULL`,
		db.T(&now), id, accountID)
	return affected(res, err)
}

func affected(res sql.Result, err error) (bool, error) {
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, db.Err(err)
}

// sessionRow is a session with its account, as Authenticate needs it.
type sessionRow struct {
	Session
	Revoked     bool
	Email       string
	Name        string
	PersonID    string
	TOTPEnabled bool
	Disabled    bool
}

const sessionCols = `s.id, s.account_id, s.mfa, s.ip, s.user_agent, s.created_at, s.last_seen_at, s.expires_at, s.revoked_at,
	a.email, a.name, a.person_id, a.totp_enabled, a.disabled_at`

func scanSession(sc scanner) (sessionRow, error) {
	var r sessionRow
	var person sql.NullString
	var revokedAt, disabledAt time.Time
	err := sc.Scan(&r.ID, &r.AccountID, &r.MFA, &r.IP, &r.UserAgent, db.T(&r.CreatedAt), db.T(&r.LastSeenAt), db.T(&r.ExpiresAt), db.T(&revokedAt),
		&r.Email, &r.Name, &person, &r.TOTPEnabled, db.T(&disabledAt))
	r.PersonID = person.String
	r.Revoked = !revokedAt.IsZero()
	r.Disabled = !disabledAt.IsZero()
	return r, err
}

func (s *store) insertSession(ctx context.Context, ss Session, tokenHash string) error {
	_, err := s.db.Exec(ctx, `INSERT INTO sessions (id, token_hash, account_id, mfa, ip, user_agent, created_at, last_seen_at, expires_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		ss.ID, tokenHash, ss.AccountID, ss.MFA, ss.IP, ss.UserAgent, db.T(&ss.CreatedAt), db.T(&ss.LastSeenAt), db.T(&ss.ExpiresAt))
	return err
}

// sessionByHash finds a session by the SHA-256 of its token, revoked or
// not, or returns core.NotFound. ExpiresAt is the absolute expiry.
func (s *store) sessionByHash(ctx context.Context, hash string) (sessionRow, error) {
	r, err := scanSession(s.db.QueryRow(ctx, `SELECT `+sessionCols+` FROM sessions s JOIN accounts a ON a.id = s.account_id
		WHERE s.token_hash = ?`, hash))
	return r, db.NotFound(err, "session")
}

func (s *store) sessionByID(ctx context.Context, id string) (sessionRow, error) {
	r, err := scanSession(s.db.QueryRow(ctx, `SELECT `+sessionCols+` FROM sessions s JOIN accounts a ON a.id = s.account_id
		WHERE s.id = ?`, id))
	return r, db.NotFound(err, "session")
}

// activeSessions lists the account's sessions that are neither revoked
// nor expired (absolute or idle), newest first.
func (s *store) activeSessions(ctx context.Context, accountID string, now, idleSince time.Time) ([]Session, error) {
	rows, err := s.db.Query(ctx, `SELECT `+sessionCols+` FROM sessions s JOIN accounts a ON a.id = s.account_id
		WHERE s.account_id = ? AND s.revoked_at IS NULL AND s.expires_at > ? AND s.last_seen_at > ?
		ORDER BY s.created_at DESC, s.id DESC`, accountID, db.T(&now), db.T(&idleSince))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Session{}
	for rows.Next() {
		r, err := scanSession(rows)
		if err != nil {
			return nil, db.Err(err)
		}
		out = append(out, r.Session)
	}
	return out, db.Err(rows.Err())
}

// touchSession moves last_seen_at to now if it is older than before.
func (s *store) touchSession(ctx context.Context, id string, now, before time.Time) error {
	_, err := s.db.Exec(ctx, `UPDATE sessions SET last_seen_at = ? WHERE id = ? AND last_seen_at < ?`, db.T(&now), id, db.T(&before))
	return err
}

// setSessionMFA marks a session of the account as having passed its
// second factor.
func (s *store) setSessionMFA(ctx context.Context, id, accountID string, now time.Time) error {
	_, err := s.db.Exec(ctx, `UPDATE sessions SET mfa = ?, last_seen_at = ? WHERE id = ? AND account_id = ? AND revoked_at IS NULL`,
		true, db.T(&now), id, accountID)
	return err
}

// revokeSession revokes one session and reports whether it was active.
func (s *store) revokeSession(ctx context.Context, id string, now time.Time) (bool, error) {
	res, err := s.db.Exec(ctx, `UPDATE sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`, db.T(&now), id)
	return affected(res, err)
}

// revokeSessions revokes every session of the account except keepID and
// returns how many.
func (s *store) revokeSessions(ctx context.Context, accountID, keepID string, now time.Time) (int64, error) {
	res, err := s.db.Exec(ctx, `UPDATE sessions SET revoked_at = ? WHERE account_id = ? AND id <> ? AND revoked_at IS NULL`,
		db.T(&now), accountID, nonEmptyID(keepID))
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return n, db.Err(err)
}

// tokenRow is an API token with its account, as AuthenticateToken needs it.
type tokenRow struct {
	APIToken
	Revoked     bool
	Email       string
	Name        string
	PersonID    string
	TOTPEnabled bool
	Disabled    bool
}

const tokenCols = `t.id, t.account_id, t.name, t.read_only, t.created_at, t.expires_at, t.last_used_at, t.revoked_at,
	a.email, a.name, a.person_id, a.totp_enabled, a.disabled_at`

func scanToken(sc scanner) (tokenRow, error) {
	var r tokenRow
	var person sql.NullString
	var revokedAt, disabledAt time.Time
	err := sc.Scan(&r.ID, &r.AccountID, &r.APIToken.Name, &r.ReadOnly, db.T(&r.CreatedAt), db.T(&r.ExpiresAt), db.T(&r.LastUsedAt), db.T(&revokedAt),
		&r.Email, &r.Name, &person, &r.TOTPEnabled, db.T(&disabledAt))
	r.PersonID = person.String
	r.Revoked = !revokedAt.IsZero()
	r.Disabled = !disabledAt.IsZero()
	return r, err
}

func (s *store) insertToken(ctx context.Context, t APIToken, tokenHash string) error {
	_, err := s.db.Exec(ctx, `INSERT INTO api_tokens (id, token_hash, account_id, name, read_only, created_at, expires_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`,
		t.ID, tokenHash, t.AccountID, t.Name, t.ReadOnly, db.T(&t.CreatedAt), db.T(&t.ExpiresAt))
	return err
}

func (s *store) tokenByHash(ctx context.Context, hash string) (tokenRow, error) {
	r, err := scanToken(s.db.QueryRow(ctx, `SELECT `+tokenCols+` FROM api_tokens t JOIN accounts a ON a.id = t.account_id
		WHERE t.token_hash = ?`, hash))
	return r, db.NotFound(err, "token")
}

func (s *store) tokenByID(ctx context.Context, id string) (tokenRow, error) {
	r, err := scanToken(s.db.QueryRow(ctx, `SELECT `+tokenCols+` FROM api_tokens t JOIN accounts a ON a.id = t.account_id
		WHERE t.id = ?`, id))
	return r, db.NotFound(err, "token")
}

// activeTokens lists the account's unrevoked, unexpired tokens, newest
// first.
func (s *store) activeTokens(ctx context.Context, accountID string, now time.Time) ([]APIToken, error) {
	rows, err := s.db.Query(ctx, `SELECT `+tokenCols+` FROM api_tokens t JOIN accounts a ON a.id = t.account_id
		WHERE t.account_id = ? AND t.revoked_at IS NULL AND t.expires_at > ?
		ORDER BY t.created_at DESC, t.id DESC`, accountID, db.T(&now))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []APIToken{}
	for rows.Next() {
		r, err := scanToken(rows)
		if err != nil {
			return nil, db.Err(err)
		}
		out = append(out, r.APIToken)
	}
	return out, db.Err(rows.Err())
}

// touchToken moves last_used_at to now if it is unset or older than before.
func (s *store) touchToken(ctx context.Context, id string, now, before time.Time) error {
	_, err := s.db.Exec(ctx, `UPDATE api_tokens SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)`,
		db.T(&now), id, db.T(&before))
	return err
}

func (s *store) revokeToken(ctx context.Context, id string, now time.Time) (bool, error) {
	res, err := s.db.Exec(ctx, `UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`, db.T(&now), id)
	return affected(res, err)
}

func (s *store) revokeTokens(ctx context.Context, accountID string, now time.Time) (int64, error) {
	res, err := s.db.Exec(ctx, `UPDATE api_tokens SET revoked_at = ? WHERE account_id = ? AND revoked_at IS NULL`, db.T(&now), accountID)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return n, db.Err(err)
}

// failures counts the login failures recorded under key after since,
// other than the row exceptID, and returns the time of the latest of them
// (zero when there is none).
func (s *store) failures(ctx context.Context, key string, since time.Time, exceptID string) (int, time.Time, error) {
	var n int
	var last time.Time
	err := s.db.QueryRow(ctx, `SELECT count(*), max(at) FROM login_failures WHERE key = ? AND at > ? AND id <> ?`,
		key, db.T(&since), nonEmptyID(exceptID)).Scan(&n, db.T(&last))
	return n, last, db.Err(err)
}

func (s *store) addFailure(ctx context.Context, id, key string, at time.Time) error {
	_, err := s.db.Exec(ctx, `INSERT INTO login_failures (id, key, at) VALUES (?, ?, ?)`, id, key, db.T(&at))
	return err
}

// deleteFailures removes failure rows by id (an attempt that turned out
// not to be a failure).
func (s *store) deleteFailures(ctx context.Context, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	_, err := s.db.Exec(ctx, `DELETE FROM login_failures WHERE id IN (`+db.Placeholders(len(ids))+`)`, args...)
	return err
}

// pruneFailures deletes failures older than before: they no longer count,
// and the table stays as small as one throttling window of traffic.
func (s *store) pruneFailures(ctx context.Context, before time.Time) error {
	_, err := s.db.Exec(ctx, `DELETE FROM login_failures WHERE at <= ?`, db.T(&before))
	return err
}

// --- invitations (invitation.go) ---

const invitationCols = `id, person_id, email, name, lang, token_hash, expires_at, used_at, account_id, created_by, created_at, replaced_at`

func scanInvitation(sc scanner) (invitationRow, error) {
	var r invitationRow
	var account sql.NullString
	err := sc.Scan(&r.ID, &r.PersonID, &r.Email, &r.Name, &r.Lang, &r.TokenHash, db.T(&r.ExpiresAt), db.T(&r.UsedAt), &account,
		&r.CreatedBy, db.T(&r.CreatedAt), db.T(&r.ReplacedAt))
	r.AccountID = account.String
	return r, err
}

func (s *store) insertInvitation(ctx context.Context, r invitationRow) error {
	_, err := s.db.Exec(ctx, `INSERT INTO invitations (id, person_id, email, name, lang, token_hash, expires_at, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.ID, r.PersonID, r.Email, r.Name, r.Lang, r.TokenHash, db.T(&r.ExpiresAt), r.CreatedBy, db.T(&r.CreatedAt))
	return err
}

// replaceInvitations marks the person's unused invitations replaced and
// returns how many.
func (s *store) replaceInvitations(ctx context.Context, personID string, now time.Time) (int64, error) {
	res, err := s.db.Exec(ctx, `UPDATE invitations SET replaced_at = ? WHERE person_id = ? AND used_at IS NULL AND replaced_at IS NULL`,
		db.T(&now), personID)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return n, db.Err(err)
}

// invitationByHash finds an invitation by the SHA-256 of its token,
// whatever its state, or returns core.NotFound.
func (s *store) invitationByHash(ctx context.Context, hash string) (invitationRow, error) {
	r, err := scanInvitation(s.db.QueryRow(ctx, `SELECT `+invitationCols+` FROM invitations WHERE token_hash = ?`, hash))
	return r, db.NotFound(err, "invitation")
}

func (s *store) invitationByID(ctx context.Context, id string) (invitationRow, error) {
	r, err := scanInvitation(s.db.QueryRow(ctx, `SELECT `+invitationCols+` FROM invitations WHERE id = ?`, id))
	return r, db.NotFound(err, "invitation")
}

// useInvitation marks the invitation used if it is still unused, not
// replaced and not expired at now; it reports whether this request won,
// which makes each invitation single-use.
func (s *store) useInvitation(ctx context.Context, id string, now time.Time) (bool, error) {
	res, err := s.db.Exec(ctx, `UPDATE invitations SET used_at = ?
		WHERE id = ? AND used_at IS NULL AND replaced_at IS NULL AND expires_at > ?`, db.T(&now), id, db.T(&now))
	return affected(res, err)
}

// setInvitationAccount records the account a used invitation created.
func (s *store) setInvitationAccount(ctx context.Context, id, accountID string) error {
	_, err := s.db.Exec(ctx, `UPDATE invitations SET account_id = ? WHERE id = ?`, accountID, id)
	return err
}

// accountOfPerson returns the account linked to the person, an enabled
// one first, then the oldest, and whether there is one.
func (s *store) accountOfPerson(ctx context.Context, personID string) (accountRow, bool, error) {
	r, err := scanAccount(s.db.QueryRow(ctx, `SELECT `+accountCols+` FROM accounts WHERE person_id = ?
		ORDER BY CASE WHEN disabled_at IS NULL THEN 0 ELSE 1 END, created_at, id LIMIT 1`, personID))
	if err := db.NotFound(err, "account"); err != nil {
		if core.IsCode(err, core.NotFound) {
			return accountRow{}, false, nil
		}
		return accountRow{}, false, err
	}
	r.Grants, err = s.grants(ctx, r.ID)
	return r, err == nil, err
}
