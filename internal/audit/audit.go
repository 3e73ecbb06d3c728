// Package audit keeps the append-only, hash-chained audit log. Writes are
// recorded with Record inside the caller's transaction, so an entry exists
// exactly when its change does. Reads of personal or operational data are
// recorded with RecordRead, which batches entries from concurrent requests
// into one transaction (group commit) so that a read does not become a lone
// write transaction. Verify walks the chain and names the first bad entry.
package audit

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
)

// Event is what happened. Action is a stable dotted name
// ("directory.person.update", "auth.login.failed"); Entity and EntityID name
// the record; Details holds what changed (encoded as canonical JSON).
type Event struct {
	Action   string
	Entity   string
	EntityID string
	Reason   string
	Details  map[string]any
}

// Entry is one stored link of the chain.
type Entry struct {
	Seq        int64     `json:"seq"`
	ID         string    `json:"id"`
	At         time.Time `json:"at"`
	ActorID    string    `json:"actor_id"`
	ActorLabel string    `json:"actor"`
	Action     string    `json:"action"`
	Entity     string    `json:"entity"`
	EntityID   string    `json:"entity_id"`
	IP         string    `json:"ip"`
	Reason     string    `json:"reason"`
	Details    string    `json:"details"`
	PrevHash   string    `json:"prev_hash"`
	Hash       string    `json:"hash"`
}

// Log is the audit log of one database.
type Log struct {
	db  *db.DB
	app *appender
	// key signs and checks checkpoints (nil: off); clock stamps them.
	key   *Key
	clock func() time.Time
	// The checkpoint loop (checkpoint.go), when started.
	cpStop, cpDone chan struct{}
	cpOnce         sync.Once
}

// New returns the log of d and starts its group-commit appender; call
// Close to stop it.
func New(d *db.DB) *Log {
	l := &Log{db: d}
	l.app = newAppender(l, 3*time.Millisecond, 256)
	return l
}

// Close stops the appender after flushing what is queued, then the
// checkpoint loop after a last checkpoint.
func (l *Log) Close() {
	l.app.close()
	l.stopCheckpoints()
}

// Record appends ev, attributed to the actor in ctx, inside the write
// transaction carried by ctx. It returns an internal error when called
// outside db.Write: an audited change and its entry commit together.
func (l *Log) Record(ctx context.Context, ev Event) error {
	if !db.InWrite(ctx) {
		return core.Errorf(core.Internal, "audit: Record outside a write transaction")
	}
	return l.record(ctx, core.ActorFrom(ctx), ev, db.Now())
}

// RecordRead appends ev for a read of personal or operational data. Inside
// a write transaction it records there; otherwise it joins the next group
// commit and returns once that batch is durable (or failed).
func (l *Log) RecordRead(ctx context.Context, ev Event) error {
	if db.InWrite(ctx) {
		return l.Record(ctx, ev)
	}
	return l.app.append(ctx, core.ActorFrom(ctx), ev)
}

func (l *Log) record(ctx context.Context, a core.Actor, ev Event, at time.Time) error {
	var headSeq int64
	var headHash string
	// The head row serialises appenders: FOR UPDATE on PostgreSQL; the
	// single writer connection on SQLite.
	err := l.db.QueryRow(ctx, `SELECT seq, hash FROM audit_head WHERE id = 1`+l.db.ForUpdate()).Scan(&headSeq, &headHash)
	if err != nil {
		return core.Wrap(db.Err(err), "audit: read chain head")
	}
	e := Entry{
		Seq:        headSeq + 1,
		ID:         core.NewID(),
		At:         at,
		ActorID:    a.AccountID,
		ActorLabel: a.Label(),
		Action:     ev.Action,
		Entity:     ev.Entity,
		EntityID:   ev.EntityID,
		IP:         a.IP,
		Reason:     ev.Reason,
		Details:    canonicalJSON(ev.Details),
		PrevHash:   headHash,
	}
	if a.System && a.AccountID == "" {
		e.ActorID = "system"
	}
	e.Hash = e.ComputeHash()
	if _, err := l.db.Exec(ctx, `INSERT INTO audit_log (seq, id, at, actor_id, actor_label, action, entity, entity_id, ip, reason, details, prev_hash, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.Seq, e.ID, db.T(&e.At), e.ActorID, e.ActorLabel, e.Action, e.Entity, e.EntityID, e.IP, e.Reason, e.Details, e.PrevHash, e.Hash); err != nil {
		return core.Wrap(err, "audit: insert entry")
	}
	if _, err := l.db.Exec(ctx, `UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1`, e.Seq, e.Hash); err != nil {
		return core.Wrap(err, "audit: move chain head")
	}
	return nil
}

// ComputeHash returns the hex SHA-256 of the entry's canonical encoding,
// which covers every field and the previous entry's hash. Each field is
// length-prefixed so that no two different entries encode alike.
func (e Entry) ComputeHash() string {
	var b strings.Builder
	field := func(s string) {
		b.WriteString(strconv.Itoa(len(s)))
		b.WriteByte(':')
		b.WriteString(s)
		b.WriteByte(';')
	}
	field("topcop-audit-v1")
	field(strconv.FormatInt(e.Seq, 10))
	field(e.ID)
	field(e.At.UTC().Format(db.TimeLayout))
	field(e.ActorID)
	field(e.ActorLabel)
	field(e.Action)
	field(e.Entity)
	field(e.EntityID)
	field(e.IP)
	field(e.Reason)
	field(e.Details)
	field(e.PrevHash)
	sum := sha256.Sum256([]byte(b.String()))
	return hex.EncodeToString(sum[:])
}

// canonicalJSON encodes details with sorted keys (encoding/json sorts map
// keys), no HTML escaping surprises, and "" for none.
func canonicalJSON(m map[string]any) string {
	if len(m) == 0 {
		return ""
	}
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(m); err != nil {
		return `{"error":"unencodable details"}`
	}
	return strings.TrimSuffix(b.String(), "\n")
}
