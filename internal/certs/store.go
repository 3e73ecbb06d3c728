package certs

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"strings"
	"time"

	"github.com/topcop-platform/topcop/internal/certs/cert"
	"github.com/topcop-platform/topcop/internal/db"
)

// The store's SQL. It reads the directory's people and the accounts
// (names in both scripts, languages, country, e-mail) to freeze what a
// certificate shows when it is issued, and nothing else of theirs.

type store struct{ db *db.DB }

const certCols = `id, code, activity_id, person_id, status, name, native_name, lang, course_code, course_title, local_title,
	starts_on, ends_on, hours, outcomes, city, country_code, online, issuer_name, signatory, signatory_role, issued_at,
	issue_reason, key_id, payload, revoked_at, revoke_reason, demo`

func scanCert(sc interface{ Scan(...any) error }) (cert.Certificate, error) {
	var c cert.Certificate
	var outcomes string
	err := sc.Scan(&c.ID, &c.Code, &c.ActivityID, &c.PersonID, &c.Status, &c.Name, &c.NativeName, &c.Lang, &c.CourseCode,
		&c.CourseTitle, &c.LocalTitle, &c.StartsOn, &c.EndsOn, &c.Hours, &outcomes, &c.City, &c.CountryCode, &c.Online,
		&c.IssuerName, &c.Signatory, &c.SignatoryRole, db.T(&c.IssuedAt), &c.IssueReason, &c.KeyID, &c.Payload,
		db.T(&c.RevokedAt), &c.RevokeReason, &c.Demo)
	if err != nil {
		return c, err
	}
	if err := json.Unmarshal([]byte(outcomes), &c.Outcomes); err != nil || c.Outcomes == nil {
		c.Outcomes = []string{}
	}
	return c, nil
}

func (st *store) insert(ctx context.Context, c cert.Certificate, by string) (bool, error) {
	outcomes, err := json.Marshal(c.Outcomes)
	if err != nil {
		return false, err
	}
	res, err := st.db.Exec(ctx, `INSERT INTO certificates (id, code, activity_id, person_id, status, name, native_name, lang,
		course_code, course_title, local_title, starts_on, ends_on, hours, outcomes, city, country_code, online, issuer_name,
		signatory, signatory_role, issued_at, issued_by, issue_reason, key_id, payload, demo)
		VALUES (?, ?, ?, ?, 'valid', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (activity_id, person_id) DO NOTHING`,
		c.ID, c.Code, c.ActivityID, c.PersonID, c.Name, c.NativeName, c.Lang, c.CourseCode, c.CourseTitle, c.LocalTitle,
		c.StartsOn, c.EndsOn, c.Hours, string(outcomes), c.City, c.CountryCode, c.Online, c.IssuerName, c.Signatory,
		c.SignatoryRole, db.T(&c.IssuedAt), by, c.IssueReason, c.KeyID, c.Payload, c.Demo)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

func (st *store) byCode(ctx context.Context, code string) (cert.Certificate, error) {
	c, err := scanCert(st.db.QueryRow(ctx, `SELECT `+certCols+` FROM certificates WHERE code = ?`, code))
	return c, db.NotFound(err, "certificate")
}

func (st *store) list(ctx context.Context, where string, args ...any) ([]cert.Certificate, error) {
	rows, err := st.db.Query(ctx, `SELECT `+certCols+` FROM certificates WHERE `+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []cert.Certificate{}
	for rows.Next() {
		c, err := scanCert(rows)
		if err != nil {
			return nil, db.Err(err)
		}
		out = append(out, c)
	}
	return out, db.Err(rows.Err())
}

// ofActivity are an activity's certificates by name; countries, when not
// nil, narrows them to the people of those countries (an ncp's).
func (st *store) ofActivity(ctx context.Context, activityID string, countries []string) ([]cert.Certificate, error) {
	if countries == nil {
		return st.list(ctx, `activity_id = ? ORDER BY name, id`, activityID)
	}
	if len(countries) == 0 {
		return []cert.Certificate{}, nil
	}
	args := []any{activityID}
	for _, c := range countries {
		args = append(args, c)
	}
	return st.list(ctx, `activity_id = ? AND person_id IN (SELECT id FROM people WHERE country_code IN (`+
		strings.TrimSuffix(strings.Repeat("?, ", len(countries)), ", ")+`)) ORDER BY name, id`, args...)
}

func (st *store) ofPerson(ctx context.Context, personID string) ([]cert.Certificate, error) {
	return st.list(ctx, `person_id = ? ORDER BY issued_at DESC, id`, personID)
}

func (st *store) revoke(ctx context.Context, id, by, reason string, at time.Time) (bool, error) {
	res, err := st.db.Exec(ctx, `UPDATE certificates SET status = 'revoked', revoked_at = ?, revoked_by = ?, revoke_reason = ?
		WHERE id = ? AND status = 'valid'`, db.T(&at), by, reason, id)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

func (st *store) revoked(ctx context.Context) ([]cert.Revocation, error) {
	rows, err := st.db.Query(ctx, `SELECT code, revoked_at, revoke_reason FROM certificates WHERE status = 'revoked' ORDER BY revoked_at, code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []cert.Revocation{}
	for rows.Next() {
		var r cert.Revocation
		var at time.Time
		if err := rows.Scan(&r.Code, db.T(&at), &r.Reason); err != nil {
			return nil, db.Err(err)
		}
		r.RevokedAt = at.UTC().Format(time.RFC3339)
		out = append(out, r)
	}
	return out, db.Err(rows.Err())
}

func (st *store) markMailed(ctx context.Context, id string, at time.Time) (bool, error) {
	res, err := st.db.Exec(ctx, `UPDATE certificates SET mailed_at = ? WHERE id = ? AND mailed_at IS NULL`, db.T(&at), id)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

func (st *store) unmarkMailed(ctx context.Context, id string) error {
	_, err := st.db.Exec(ctx, `UPDATE certificates SET mailed_at = NULL WHERE id = ?`, id)
	return err
}

// --- withheld ---

// Withheld is a coordinator's decision not to issue a certificate to a
// participant, with its reason.
type Withheld struct {
	PersonID  string    `json:"person_id"`
	Reason    string    `json:"reason"`
	DecidedBy string    `json:"decided_by"`
	DecidedAt time.Time `json:"decided_at"`
}

func (st *store) withhold(ctx context.Context, activityID string, w Withheld) error {
	_, err := st.db.Exec(ctx, `INSERT INTO cert_withheld (activity_id, person_id, reason, decided_by, decided_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (activity_id, person_id) DO UPDATE SET reason = excluded.reason, decided_by = excluded.decided_by, decided_at = excluded.decided_at`,
		activityID, w.PersonID, w.Reason, w.DecidedBy, db.T(&w.DecidedAt))
	return err
}

func (st *store) unwithhold(ctx context.Context, activityID, personID string) error {
	_, err := st.db.Exec(ctx, `DELETE FROM cert_withheld WHERE activity_id = ? AND person_id = ?`, activityID, personID)
	return err
}

func (st *store) withheld(ctx context.Context, activityID string) (map[string]Withheld, error) {
	rows, err := st.db.Query(ctx, `SELECT person_id, reason, decided_by, decided_at FROM cert_withheld WHERE activity_id = ?`, activityID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]Withheld{}
	for rows.Next() {
		var w Withheld
		if err := rows.Scan(&w.PersonID, &w.Reason, &w.DecidedBy, db.T(&w.DecidedAt)); err != nil {
			return nil, db.Err(err)
		}
		out[w.PersonID] = w
	}
	return out, db.Err(rows.Err())
}

// --- people ---

// holder is what a certificate needs of its person.
type holder struct {
	given, family, givenNative, familyNative string
	languages, country, email, accountLang   string
}

func (st *store) holder(ctx context.Context, personID string) (holder, error) {
	var h holder
	err := st.db.QueryRow(ctx, `SELECT p.given_name, p.family_name, p.given_name_native, p.family_name_native, p.languages,
		p.country_code, COALESCE(a.email, p.email), COALESCE(a.lang, '')
		FROM people p LEFT JOIN accounts a ON a.person_id = p.id WHERE p.id = ?`, personID).
		Scan(&h.given, &h.family, &h.givenNative, &h.familyNative, &h.languages, &h.country, &h.email, &h.accountLang)
	return h, db.NotFound(err, "person")
}

// --- keys ---

func encodeKey(k ed25519.PrivateKey) string { return base64.StdEncoding.EncodeToString(k.Seed()) }

func decodeKey(s string) (ed25519.PrivateKey, error) {
	seed, err := base64.StdEncoding.DecodeString(s)
	if err != nil || len(seed) != ed25519.SeedSize {
		return nil, errBadKey
	}
	return ed25519.NewKeyFromSeed(seed), nil
}

func (st *store) keys(ctx context.Context) ([]*cert.SigningKey, error) {
	rows, err := st.db.Query(ctx, `SELECT id, private_key, created_at, retired_at FROM cert_keys ORDER BY created_at, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*cert.SigningKey
	for rows.Next() {
		k := &cert.SigningKey{}
		var priv string
		if err := rows.Scan(&k.ID, &priv, db.T(&k.CreatedAt), db.T(&k.RetiredAt)); err != nil {
			return nil, db.Err(err)
		}
		if k.Private, err = decodeKey(priv); err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, db.Err(rows.Err())
}

func (st *store) insertKey(ctx context.Context, k *cert.SigningKey) error {
	_, err := st.db.Exec(ctx, `INSERT INTO cert_keys (id, private_key, created_at) VALUES (?, ?, ?)`, k.ID, encodeKey(k.Private), db.T(&k.CreatedAt))
	return err
}

func (st *store) retireKeys(ctx context.Context, except string, at time.Time) error {
	_, err := st.db.Exec(ctx, `UPDATE cert_keys SET retired_at = ? WHERE retired_at IS NULL AND id <> ?`, db.T(&at), except)
	return err
}

func (st *store) ofPersonActivity(ctx context.Context, activityID, personID string) (bool, error) {
	var n int
	err := st.db.QueryRow(ctx, `SELECT count(*) FROM certificates WHERE activity_id = ? AND person_id = ?`, activityID, personID).Scan(&n)
	return n > 0, db.Err(err)
}
