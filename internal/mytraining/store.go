package mytraining

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/topcop-platform/topcop/internal/db"
)

// The SQL of My training, the same on both engines. Its own table is
// correction_requests; it reads the directory's people and the accounts
// for the names it shows (read-only: people are written through the
// directory's service). Who may read what arrives as conditions from the
// service.

type store struct{ db *db.DB }

// correctionCols select a request with the name of its person (or, for
// an account linked to none, of its account).
const correctionCols = `r.id, COALESCE(CAST(r.person_id AS TEXT), ''), r.account_id, COALESCE(p.given_name, ''), COALESCE(p.family_name, ''), ac.name,
	r.text, r.status, r.resolved_by, r.resolved_at, r.note, r.created_at`

const correctionFrom = ` FROM correction_requests r JOIN accounts ac ON ac.id = r.account_id LEFT JOIN people p ON p.id = r.person_id`

func scanCorrection(sc db.Scanner, pre ...any) (CorrectionRequest, error) {
	var c CorrectionRequest
	var given, family, account string
	err := sc.Scan(append(pre, &c.ID, &c.PersonID, &c.AccountID, &given, &family, &account, &c.Text, &c.Status, &c.ResolvedBy,
		db.T(&c.ResolvedAt), &c.Note, db.T(&c.CreatedAt))...)
	c.Name = strings.TrimSpace(given + " " + family)
	if c.Name == "" {
		c.Name = account
	}
	return c, err
}

// correction reads one request.
func (st *store) correction(ctx context.Context, id string) (CorrectionRequest, error) {
	c, err := scanCorrection(st.db.QueryRow(ctx, `SELECT `+correctionCols+correctionFrom+` WHERE r.id = ?`, id))
	return c, db.NotFound(err, "correction request")
}

// accountCorrections lists an account's requests, newest first.
func (st *store) accountCorrections(ctx context.Context, accountID string) ([]CorrectionRequest, error) {
	rows, err := st.db.Query(ctx, `SELECT `+correctionCols+correctionFrom+` WHERE r.account_id = ? ORDER BY r.created_at DESC, r.id`, accountID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []CorrectionRequest{}
	for rows.Next() {
		c, err := scanCorrection(rows)
		if err != nil {
			return nil, db.Err(err)
		}
		out = append(out, c)
	}
	return out, db.Err(rows.Err())
}

func (st *store) insertCorrection(ctx context.Context, c CorrectionRequest) error {
	var person any
	if c.PersonID != "" {
		person = c.PersonID
	}
	_, err := st.db.Exec(ctx, `INSERT INTO correction_requests (id, person_id, account_id, text, status, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		c.ID, person, c.AccountID, c.Text, c.Status, db.T(&c.CreatedAt))
	return err
}

// resolve marks an open request resolved; it reports false when the
// request is not open (resolved already, or unknown).
func (st *store) resolve(ctx context.Context, id, by, note string, at time.Time) (bool, error) {
	res, err := st.db.Exec(ctx, `UPDATE correction_requests SET status = ?, resolved_by = ?, resolved_at = ?, note = ? WHERE id = ? AND status = ?`,
		StatusResolved, by, db.T(&at), note, id, StatusOpen)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// openCount counts the open requests.
func (st *store) openCount(ctx context.Context) (int, error) {
	var n int
	err := st.db.QueryRow(ctx, `SELECT count(*) FROM correction_requests WHERE status = ?`, StatusOpen).Scan(&n)
	return n, db.Err(err)
}

// personName reads the names of a person in both scripts.
func (st *store) personName(ctx context.Context, id string) (PersonRef, error) {
	ref := PersonRef{ID: id}
	var given, family, givenNative, familyNative string
	err := st.db.QueryRow(ctx, `SELECT given_name, family_name, given_name_native, family_name_native FROM people WHERE id = ?`, id).
		Scan(&given, &family, &givenNative, &familyNative)
	if errors.Is(err, sql.ErrNoRows) {
		return ref, nil // a link to a person that is gone shows no name
	}
	ref.Name = strings.TrimSpace(given + " " + family)
	ref.NativeName = strings.TrimSpace(givenNative + " " + familyNative)
	return ref, db.Err(err)
}
