package db

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/topcop-platform/topcop/internal/core"
)

// This file holds the engine differences of queries; schema.go those of
// the catalogue. No package outside db branches on the engine.

// Dialect is the SQL flavour of a DB.
type Dialect int

// The two engines.
const (
	SQLite Dialect = iota + 1
	Postgres
)

func (d Dialect) String() string {
	if d == Postgres {
		return "postgres"
	}
	return "sqlite"
}

var rebound sync.Map // query → PostgreSQL form

// Rebind turns ? placeholders into $1, $2, … for PostgreSQL. Queries must
// not contain a literal question mark.
func (d *DB) Rebind(q string) string {
	if d.Dialect != Postgres || !strings.Contains(q, "?") {
		return q
	}
	if v, ok := rebound.Load(q); ok {
		return v.(string)
	}
	var b strings.Builder
	b.Grow(len(q) + 8)
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(q[i])
	}
	out := b.String()
	rebound.Store(q, out)
	return out
}

// ForUpdate is the row-locking suffix of a SELECT: FOR UPDATE on
// PostgreSQL; nothing on SQLite, whose single writer already serialises.
func (d *DB) ForUpdate() string {
	if d.Dialect == Postgres {
		return " FOR UPDATE"
	}
	return ""
}

// Placeholders returns "?, ?, ?" for n values (n ≥ 1).
func Placeholders(n int) string {
	if n <= 0 {
		return "NULL"
	}
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// Tables lists the application's tables in dependency order (parents
// first), for backup and restore. The migration bookkeeping table is
// excluded.
func (d *DB) Tables(ctx context.Context) ([]string, error) {
	var q string
	if d.Dialect == Postgres {
		q = `SELECT table_name FROM information_schema.tables
		     WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> 'goose_db_version'
		     ORDER BY table_name`
	} else {
		q = `SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'goose_db_version' ORDER BY name`
	}
	rows, err := d.Query(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// translate maps driver errors to core errors, once, for both engines.
func translate(err error) error {
	if err == nil {
		return nil
	}
	var ce *core.Error
	if errors.As(err, &ce) {
		return err
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return &core.Error{Code: core.Unavailable, Message: "request cancelled or timed out", Err: err}
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "23505":
			return &core.Error{Code: core.Conflict, Message: fmt.Sprintf("already exists (%s)", pe.ConstraintName), Err: err}
		case "23503":
			return &core.Error{Code: core.Conflict, Message: fmt.Sprintf("refers to a missing or still referenced record (%s)", pe.ConstraintName), Err: err}
		case "23514", "23502", "22001", "22P02":
			return &core.Error{Code: core.Invalid, Message: "value rejected by the database", Err: err}
		case "40001", "40P01", "55P03", "57014":
			return &core.Error{Code: core.Unavailable, Message: "database busy, try again", Err: err}
		}
		return &core.Error{Code: core.Internal, Message: "database error", Err: err}
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return &core.Error{Code: core.Conflict, Message: "already exists", Err: err}
		case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			return &core.Error{Code: core.Conflict, Message: "refers to a missing or still referenced record", Err: err}
		case sqlite3.SQLITE_CONSTRAINT_CHECK, sqlite3.SQLITE_CONSTRAINT_NOTNULL:
			return &core.Error{Code: core.Invalid, Message: "value rejected by the database", Err: err}
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_BUSY_SNAPSHOT:
			return &core.Error{Code: core.Unavailable, Message: "database busy, try again", Err: err}
		}
		return &core.Error{Code: core.Internal, Message: "database error", Err: err}
	}
	return err
}

// RefreshStatistics updates the query planner's statistics after a bulk
// load: ANALYZE on PostgreSQL, whose autovacuum lags behind a fast load
// (the planner then takes a growing table for empty). On SQLite it does
// nothing: without statistics its planner prefers the ordered indexes the
// lists are built on.
func (d *DB) RefreshStatistics(ctx context.Context) error {
	if d.Dialect != Postgres {
		return nil
	}
	_, err := d.write.ExecContext(ctx, "ANALYZE")
	return translate(err)
}
