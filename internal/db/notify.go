package db

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"log/slog"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
)

// On PostgreSQL several processes (replicas) share one database, and each
// keeps its own cached reads. A write transaction that changed data
// notifies notifyChannel before it commits; PostgreSQL delivers the
// notification to every listening session when, and only if, the
// transaction commits. Each process listens on a connection of its own
// (not one of the pool's: a pooled connection is busy with queries and
// would hear nothing while idle in the pool) and drops its cached reads
// when a notification of another process arrives, typically within a
// millisecond or two of the commit.
//
// The payload names the sending process and its schema: a process
// ignores its own notifications (it dropped its cache at commit) and
// those of platforms in other schemas of the same database (test suites).
// A notification is only a signal: if the listening connection drops,
// notifications sent meanwhile are lost, so the cache is dropped again
// once the listener is back.

// notifyChannel is the channel of cache invalidations.
const notifyChannel = "topcop_invalidate"

// Reconnection delays of the listener: doubled after each failure.
const (
	listenRetryMin = 50 * time.Millisecond
	listenRetryMax = 5 * time.Second
	// listenIdle is how long the listener waits for a notification
	// before it checks that its connection still answers (a connection
	// lost without a reset would otherwise go unnoticed until TCP gives
	// up on it).
	listenIdle = 30 * time.Second
)

type notifier struct {
	url     string
	id      string // this process's instance, first word of its payloads
	schema  string // current_schema(), second word
	payload string
	cancel  context.CancelFunc
	done    chan struct{}
	// pid is the backend process id of the listening connection while it
	// listens, 0 otherwise.
	pid atomic.Uint32
	// heard counts the notifications of other processes acted upon.
	heard atomic.Uint64
}

// listen starts the listener of d (PostgreSQL). The first connection is
// made before it returns, so a new process hears every commit after
// Open; if that fails, Open still succeeds (the pool works) and the
// listener keeps trying in the background, the cache meanwhile kept fresh
// by its time limits only.
func (d *DB) listen(ctx context.Context) error {
	var schema string
	if err := d.read.QueryRowContext(ctx, `SELECT coalesce(current_schema(), '')`).Scan(&schema); err != nil {
		return fmt.Errorf("db: current schema: %w", translate(err))
	}
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	id := hex.EncodeToString(b)
	n := &notifier{url: d.dsn.URL, id: id, schema: schema, payload: id + " " + schema, done: make(chan struct{})}
	lctx, cancel := context.WithCancel(context.Background())
	n.cancel = cancel
	conn, err := n.connect(ctx)
	if err != nil {
		slog.Warn("db: cache invalidation listener: first connection failed; retrying in the background", "err", err)
	}
	d.notify = n
	go n.run(lctx, d, conn)
	return nil
}

// notifyInTx sends the invalidation in tx, so that it is delivered only
// if tx commits. Nothing on SQLite.
func (d *DB) notifyInTx(ctx context.Context, tx *sql.Tx) error {
	if d.notify == nil {
		return nil
	}
	_, err := tx.ExecContext(ctx, `SELECT pg_notify($1, $2)`, notifyChannel, d.notify.payload)
	if err != nil {
		return fmt.Errorf("db: notify cache invalidation: %w", err)
	}
	return nil
}

func (n *notifier) connect(ctx context.Context) (*pgx.Conn, error) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, n.url)
	if err != nil {
		return nil, err
	}
	if _, err := conn.Exec(ctx, `LISTEN `+notifyChannel); err != nil {
		_ = conn.Close(context.Background())
		return nil, err
	}
	return conn, nil
}

// run listens until ctx ends, reconnecting when the connection drops.
// conn is the first connection, or nil.
func (n *notifier) run(ctx context.Context, d *DB, conn *pgx.Conn) {
	defer close(n.done)
	wait := listenRetryMin
	for {
		if conn == nil {
			var err error
			if conn, err = n.connect(ctx); err != nil {
				if ctx.Err() != nil {
					return
				}
				slog.Warn("db: cache invalidation listener: connect", "err", err, "retry_in", wait)
				select {
				case <-ctx.Done():
					return
				case <-time.After(wait):
				}
				wait = min(2*wait, listenRetryMax)
				continue
			}
			wait = listenRetryMin
			// Commits made while no one listened went unheard.
			d.committed()
		}
		n.pid.Store(conn.PgConn().PID())
		err := n.receive(ctx, d, conn)
		n.pid.Store(0)
		closeCtx, cancel := context.WithTimeout(context.Background(), time.Second)
		_ = conn.Close(closeCtx)
		cancel()
		conn = nil
		if ctx.Err() != nil {
			return
		}
		slog.Warn("db: cache invalidation listener lost its connection; reconnecting", "err", err)
		d.committed()
	}
}

// receive handles notifications on conn until ctx ends or conn fails.
func (n *notifier) receive(ctx context.Context, d *DB, conn *pgx.Conn) error {
	for {
		wctx, cancel := context.WithTimeout(ctx, listenIdle)
		note, err := conn.WaitForNotification(wctx)
		idle := wctx.Err() != nil
		cancel()
		switch {
		case ctx.Err() != nil:
			return ctx.Err()
		case err != nil && idle && !conn.IsClosed():
			pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
			err = conn.Ping(pctx)
			cancel()
			if err != nil {
				return err
			}
		case err != nil:
			return err
		case note != nil && n.fromOther(note.Payload):
			n.heard.Add(1)
			d.committed()
		}
	}
}

// fromOther reports whether payload is another process's invalidation of
// this schema.
func (n *notifier) fromOther(payload string) bool {
	id, schema, ok := strings.Cut(payload, " ")
	return !ok || (id != n.id && schema == n.schema)
}

func (n *notifier) stop() {
	n.cancel()
	<-n.done
}
