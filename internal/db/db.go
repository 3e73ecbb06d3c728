// Package db opens the platform's database — embedded SQLite or PostgreSQL —
// and carries transactions in the context. SQLite runs with one writer
// connection (immediate transactions) and a read pool; PostgreSQL uses one
// pool for both. Everything that differs between the engines lives in
// this package, and nowhere else: queries (dialect.go), the catalogue
// (schema.go), migrations (migrate.go) and the opening of each engine.
package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	_ "modernc.org/sqlite"             // registers "sqlite"

	"github.com/topcop-platform/topcop/internal/config"
	"github.com/topcop-platform/topcop/internal/core"
)

// DB is an open database. It is safe for concurrent use.
type DB struct {
	Dialect Dialect
	dsn     config.DSN
	write   *sql.DB // SQLite: exactly one connection
	read    *sql.DB // SQLite: read-only pool; PostgreSQL: same as write
	// stmts caches prepared statements per pool on SQLite, where parsing
	// a query costs as much as running it; pgx caches on PostgreSQL.
	stmts map[*sql.DB]*stmtCache
	// sets are the migration sets beyond the foundation's (see
	// AddMigrations), by name.
	sets []migrationSet
	// invalidation tells cached reads when a write has committed, here
	// or in another process (cache.go, notify.go).
	invalidation
}

// Open connects to the database named by dsn. It does not migrate.
func Open(ctx context.Context, dsn config.DSN) (*DB, error) {
	switch dsn.Engine {
	case config.SQLite:
		return openSQLite(ctx, dsn)
	case config.Postgres:
		return openPostgres(ctx, dsn)
	}
	return nil, fmt.Errorf("db: unknown engine %q", dsn.Engine)
}

// uriPath escapes the characters of a file path that a SQLite URI
// filename gives a meaning.
var uriPath = strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23")

func openSQLite(ctx context.Context, dsn config.DSN) (*DB, error) {
	if dir := filepath.Dir(dsn.Path); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("db: create directory for %s: %w", dsn.Path, err)
		}
	}
	if err := createPrivate(dsn.Path); err != nil {
		return nil, err
	}
	// Pragmas are set per connection through the DSN, so every connection
	// of the pool gets them, including ones opened after a reconnect.
	// synchronous(FULL): a commit is on disk before Write returns, so an
	// acknowledged write survives a power loss, not only a crash of the
	// process (NORMAL in WAL mode may lose the last commits); the cost is
	// measured in PERFORMANCE.md ("Durability").
	// The path is escaped for the URI: a "#" or "?" in it would otherwise
	// cut it short and open another file.
	base := "file:" + uriPath.Replace(filepath.ToSlash(dsn.Path)) +
		"?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)" +
		"&_pragma=synchronous(FULL)&_pragma=temp_store(MEMORY)&_pragma=cache_size(-16000)"
	w, err := sql.Open("sqlite", base+"&_txlock=immediate")
	if err != nil {
		return nil, err
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	w.SetConnMaxIdleTime(0)
	r, err := sql.Open("sqlite", base+"&_pragma=query_only(1)")
	if err != nil {
		w.Close()
		return nil, err
	}
	n := max(16, runtime.NumCPU()*8)
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	d := &DB{Dialect: SQLite, dsn: dsn, write: w, read: r,
		stmts: map[*sql.DB]*stmtCache{w: newStmtCache(w), r: newStmtCache(r)}}
	if err := d.Ping(ctx); err != nil {
		d.Close()
		return nil, err
	}
	return d, nil
}

// createPrivate creates the SQLite file at path, empty and readable by
// its owner only (0600), if it does not exist yet: the database holds
// contact details and password hashes. SQLite gives the -wal and -shm
// files it creates beside it the same mode. An existing file keeps its
// mode (the operator's choice).
func createPrivate(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	switch {
	case errors.Is(err, os.ErrExist):
		return nil
	case err != nil:
		return fmt.Errorf("db: create %s: %w", path, err)
	}
	return f.Close()
}

func openPostgres(ctx context.Context, dsn config.DSN) (*DB, error) {
	p, err := sql.Open("pgx", dsn.URL)
	if err != nil {
		return nil, err
	}
	p.SetMaxOpenConns(32)
	p.SetMaxIdleConns(32)
	p.SetConnMaxIdleTime(5 * time.Minute)
	d := &DB{Dialect: Postgres, dsn: dsn, write: p, read: p}
	if err := d.Ping(ctx); err != nil {
		d.Close()
		return nil, err
	}
	if err := d.listen(ctx); err != nil {
		d.Close()
		return nil, err
	}
	return d, nil
}

// Ping checks that the database answers.
func (d *DB) Ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := d.write.PingContext(ctx); err != nil {
		return fmt.Errorf("db: %s unreachable: %w", d.dsn.Redacted(), err)
	}
	if d.read != d.write {
		if err := d.read.PingContext(ctx); err != nil {
			return fmt.Errorf("db: %s unreachable: %w", d.dsn.Redacted(), err)
		}
	}
	return nil
}

// Close closes all connections.
func (d *DB) Close() error {
	if d.notify != nil {
		d.notify.stop()
	}
	for _, c := range d.stmts {
		c.close()
	}
	err := d.write.Close()
	if d.read != d.write {
		err = errors.Join(err, d.read.Close())
	}
	return err
}

// DSN returns the address the database was opened with.
func (d *DB) DSN() config.DSN { return d.dsn }

// Stats returns pool statistics of the writer and the reader, for metrics.
func (d *DB) Stats() (write, read sql.DBStats) { return d.write.Stats(), d.read.Stats() }

type txKey struct{}

type txState struct {
	tx       *sql.Tx
	pool     *sql.DB
	writable bool
	after    []func()
	// changed says that a statement that may change cached reads ran
	// (see wrote).
	changed atomic.Bool
}

// Write runs fn in a read-write transaction carried in the context it
// passes to fn; every Exec and Query made with that context uses the
// transaction. fn's error (or a panic) rolls back; otherwise Write commits.
// A Write inside a Write joins the outer transaction. Once it has
// committed a change, cached reads (Cached) are read again, in this
// process and, on PostgreSQL, in every other. On SQLite the
// transaction holds the single writer connection: fn must not wait for
// another goroutine that needs to write.
func (d *DB) Write(ctx context.Context, fn func(ctx context.Context) error) (err error) {
	if st, ok := ctx.Value(txKey{}).(*txState); ok {
		if !st.writable {
			return core.Errorf(core.Internal, "db: Write inside a read transaction")
		}
		return fn(ctx)
	}
	return d.run(ctx, d.write, &sql.TxOptions{}, true, fn)
}

// Read runs fn in a read-only transaction, for a consistent view across
// several queries (a page and its total, a backup). Inside a Write it
// joins the write transaction.
func (d *DB) Read(ctx context.Context, fn func(ctx context.Context) error) error {
	if _, ok := ctx.Value(txKey{}).(*txState); ok {
		return fn(ctx)
	}
	opts := &sql.TxOptions{ReadOnly: true}
	if d.Dialect == Postgres {
		opts.Isolation = sql.LevelRepeatableRead
	}
	return d.run(ctx, d.read, opts, false, fn)
}

func (d *DB) run(ctx context.Context, pool *sql.DB, opts *sql.TxOptions, writable bool, fn func(context.Context) error) (err error) {
	tx, err := pool.BeginTx(ctx, opts)
	if err != nil {
		return translate(err)
	}
	st := &txState{tx: tx, pool: pool, writable: writable}
	defer func() {
		if p := recover(); p != nil {
			_ = tx.Rollback()
			panic(p)
		}
		if err != nil {
			if rerr := tx.Rollback(); rerr != nil && !errors.Is(rerr, sql.ErrTxDone) {
				slog.Error("db: rollback", "err", rerr)
			}
			return
		}
		if st.changed.Load() {
			if nerr := d.notifyInTx(ctx, tx); nerr != nil {
				_ = tx.Rollback()
				err = translate(nerr)
				return
			}
		}
		if cerr := tx.Commit(); cerr != nil {
			err = translate(cerr)
			return
		}
		if st.changed.Load() {
			d.committed()
		}
		for _, f := range st.after {
			f()
		}
	}()
	return fn(context.WithValue(ctx, txKey{}, st))
}

// AfterCommit registers f to run once the transaction in ctx has committed
// (at once when ctx carries none). Use it for side effects that must not
// happen for a rolled-back change, such as sending e-mail.
func AfterCommit(ctx context.Context, f func()) {
	if st, ok := ctx.Value(txKey{}).(*txState); ok {
		st.after = append(st.after, f)
		return
	}
	f()
}

// InWrite reports whether ctx carries a read-write transaction.
func InWrite(ctx context.Context) bool {
	st, ok := ctx.Value(txKey{}).(*txState)
	return ok && st.writable
}

// InTx reports whether ctx carries a transaction, read-only or not.
func InTx(ctx context.Context) bool {
	_, ok := ctx.Value(txKey{}).(*txState)
	return ok
}

type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func (d *DB) q(ctx context.Context) querier {
	if st, ok := ctx.Value(txKey{}).(*txState); ok {
		return st.tx
	}
	return d.read
}

// stmt returns a prepared statement for query on the pool ctx uses, bound
// to the transaction in ctx if any, or nil where none is ready (not yet
// prepared, or PostgreSQL, where pgx caches statements itself).
func (d *DB) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	if d.stmts == nil {
		return nil, nil
	}
	st, inTx := ctx.Value(txKey{}).(*txState)
	pool := d.read
	if inTx {
		pool = st.pool
	}
	s := d.stmts[pool].get(query)
	if s == nil {
		return nil, nil
	}
	if inTx {
		return st.tx.StmtContext(ctx, s), nil
	}
	return s, nil
}

// Exec runs a statement; it must be called inside Write.
func (d *DB) Exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if !InWrite(ctx) {
		return nil, core.Errorf(core.Internal, "db: Exec outside Write")
	}
	wrote(ctx, query)
	s, err := d.stmt(ctx, query)
	if err != nil {
		return nil, translate(err)
	}
	if s != nil {
		res, err := s.ExecContext(ctx, args...)
		return res, translate(err)
	}
	res, err := d.q(ctx).ExecContext(ctx, d.Rebind(query), args...)
	return res, translate(err)
}

// Query runs a query in the transaction in ctx, or on the read pool.
func (d *DB) Query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	wrote(ctx, query)
	s, err := d.stmt(ctx, query)
	if err != nil {
		return nil, translate(err)
	}
	if s != nil {
		rows, err := s.QueryContext(ctx, args...)
		return rows, translate(err)
	}
	rows, err := d.q(ctx).QueryContext(ctx, d.Rebind(query), args...)
	return rows, translate(err)
}

// QueryRow runs a query that returns at most one row. Its Scan returns
// sql.ErrNoRows for none; use NotFound to turn that into core.NotFound.
func (d *DB) QueryRow(ctx context.Context, query string, args ...any) *sql.Row {
	wrote(ctx, query)
	if s, err := d.stmt(ctx, query); err == nil && s != nil {
		return s.QueryRowContext(ctx, args...)
	}
	return d.q(ctx).QueryRowContext(ctx, d.Rebind(query), args...)
}

// NotFound translates sql.ErrNoRows into a core.NotFound error about what,
// and any other error as translate does.
func NotFound(err error, what string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return core.Errorf(core.NotFound, "%s not found", what)
	}
	return translate(err)
}

// Err translates a driver error into a core error (unique violation →
// conflict, busy → unavailable); nil stays nil.
func Err(err error) error { return translate(err) }

// Raw returns the underlying pools, for migrations and backup only.
func (d *DB) Raw() (write, read *sql.DB) { return d.write, d.read }
