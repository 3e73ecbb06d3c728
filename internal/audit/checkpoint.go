package audit

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
)

// DefaultCheckpointEvery is how often a running server signs the chain
// head when CheckpointOptions.Every is zero.
const DefaultCheckpointEvery = 5 * time.Minute

// CheckpointFormat names the encoding of a checkpoint, in exported files
// and in the signed message.
const CheckpointFormat = "topcop-audit-checkpoint-v1"

// CheckpointsOff is what the platform says when no key is configured.
const CheckpointsOff = "audit checkpoints are off (no --audit-key, TOPCOP_AUDIT_KEY_FILE or TOPCOP_AUDIT_KEY): " +
	"the hash chain still shows an edited or deleted entry in the middle of the log, but someone with write access " +
	"to the database can delete the newest entries or rewrite entries and recompute every later hash without detection"

// Checkpoint is a signed statement that entry Seq of the chain has hash
// Hash. It is signed with an Ed25519 key kept outside the database, so an
// intruder who rewrites the log cannot make a checkpoint that matches.
type Checkpoint struct {
	Format    string    `json:"format"`
	Seq       int64     `json:"seq"`
	Hash      string    `json:"hash"`
	At        time.Time `json:"at"`
	KeyID     string    `json:"key_id"`
	Signature string    `json:"signature"`
}

// message is what the signature covers: every field but the signature.
func (c Checkpoint) message() []byte {
	return []byte(CheckpointFormat + "\n" + strconv.FormatInt(c.Seq, 10) + "\n" + c.Hash + "\n" +
		c.At.UTC().Format(db.TimeLayout) + "\n" + c.KeyID + "\n")
}

// When is the checkpoint's time, for messages.
func (c Checkpoint) When() string { return c.At.UTC().Format(time.RFC3339) }

// Key signs and checks checkpoints. The zero value is not usable: build
// one with ParseKey or LoadKey.
type Key struct {
	priv ed25519.PrivateKey
	id   string
}

// ParseKey reads a key from its base64 Ed25519 seed (32 bytes, standard
// or URL alphabet, surrounding white space ignored).
func ParseKey(s string) (*Key, error) {
	s = strings.TrimSpace(s)
	var seed []byte
	var err error
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if seed, err = enc.DecodeString(s); err == nil {
			break
		}
	}
	if err != nil || len(seed) != ed25519.SeedSize {
		return nil, fmt.Errorf("audit key: want the base64 of a %d-byte Ed25519 seed (make one with `topcop audit keygen`)", ed25519.SeedSize)
	}
	priv := ed25519.NewKeyFromSeed(seed)
	sum := sha256.Sum256(priv.Public().(ed25519.PublicKey))
	return &Key{priv: priv, id: hex.EncodeToString(sum[:8])}, nil
}

// LoadKey returns the key in file, or else the key b64; nil and no error
// when both are empty (checkpoints off).
func LoadKey(file, b64 string) (*Key, error) {
	switch {
	case file != "":
		data, err := os.ReadFile(file)
		if err != nil {
			return nil, fmt.Errorf("audit key: %w", err)
		}
		k, err := ParseKey(string(data))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		return k, nil
	case b64 != "":
		k, err := ParseKey(b64)
		if err != nil {
			return nil, fmt.Errorf("TOPCOP_AUDIT_KEY: %w", err)
		}
		return k, nil
	}
	return nil, nil
}

// NewKeySeed returns a fresh random seed, base64, for a key file.
func NewKeySeed() (string, error) {
	seed := make([]byte, ed25519.SeedSize)
	if _, err := rand.Read(seed); err != nil {
		return "", err
	}
	return base64.StdEncoding.EncodeToString(seed), nil
}

// ID names the key: the first 8 bytes of the SHA-256 of its public key,
// in hex. Checkpoints record it, so that a rotated key's checkpoints are
// recognised as such rather than taken for forgeries.
func (k *Key) ID() string { return k.id }

// Sign returns the checkpoint of entry seq with hash, made at at.
func (k *Key) Sign(seq int64, hash string, at time.Time) Checkpoint {
	c := Checkpoint{Format: CheckpointFormat, Seq: seq, Hash: hash, At: at.UTC().Truncate(time.Microsecond), KeyID: k.id}
	c.Signature = base64.StdEncoding.EncodeToString(ed25519.Sign(k.priv, c.message()))
	return c
}

// Check reports whether c was signed by this key, naming what is wrong.
func (k *Key) Check(c Checkpoint) error {
	if c.KeyID != k.id {
		return fmt.Errorf("signed by key %s, not the configured key %s", c.KeyID, k.id)
	}
	sig, err := base64.StdEncoding.DecodeString(c.Signature)
	if err != nil || !ed25519.Verify(k.priv.Public().(ed25519.PublicKey), c.message(), sig) {
		return errors.New("its signature is invalid: it was forged or altered")
	}
	return nil
}

// WriteCheckpoint writes c as the JSON an operator keeps elsewhere.
func WriteCheckpoint(w io.Writer, c Checkpoint) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(c)
}

// ReadCheckpoint reads a checkpoint written by WriteCheckpoint.
func ReadCheckpoint(r io.Reader) (Checkpoint, error) {
	var c Checkpoint
	dec := json.NewDecoder(io.LimitReader(r, 1<<16))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return Checkpoint{}, fmt.Errorf("not a checkpoint file: %v", err)
	}
	if c.Format != CheckpointFormat || c.Seq < 1 || c.Hash == "" || c.Signature == "" {
		return Checkpoint{}, fmt.Errorf("not a checkpoint file (want format %s with seq, hash and signature)", CheckpointFormat)
	}
	return c, nil
}

// UseKey sets the key that signs and checks checkpoints. Call it before
// the log is used concurrently (internal/app's build does).
func (l *Log) UseKey(k *Key) { l.key = k }

// Key returns the configured key, nil when checkpoints are off.
func (l *Log) Key() *Key { return l.key }

// Checkpoint signs the current chain head and stores the checkpoint, after
// checking the entries written since the latest stored checkpoint (the
// whole chain the first time), so that a head that does not follow from
// the last signed one is never signed. When nothing was written since, it
// returns that latest checkpoint. Errors: unavailable without a key;
// invalid on an empty log; conflict when the chain or the latest
// checkpoint is broken (run Verify for the details).
func (l *Log) Checkpoint(ctx context.Context) (Checkpoint, error) {
	if l.key == nil {
		return Checkpoint{}, core.Errorf(core.Unavailable, "%s", CheckpointsOff)
	}
	var head walkResult
	var latest Checkpoint
	var have bool
	err := l.db.Read(ctx, func(ctx context.Context) error {
		if err := l.db.QueryRow(ctx, `SELECT seq, hash FROM audit_head WHERE id = 1`).Scan(&head.Last, &head.Hash); err != nil {
			return err
		}
		row := l.db.QueryRow(ctx, `SELECT seq, hash, at, key_id, signature FROM audit_checkpoints WHERE key_id = ? ORDER BY seq DESC, at DESC LIMIT 1`, l.key.ID())
		latest = Checkpoint{Format: CheckpointFormat}
		switch err := row.Scan(&latest.Seq, &latest.Hash, db.T(&latest.At), &latest.KeyID, &latest.Signature); {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return err
		default:
			have = true
		}
		if have {
			if err := l.key.Check(latest); err != nil {
				return core.Errorf(core.Conflict, "audit: the latest stored checkpoint (entry %d, %s) %v", latest.Seq, latest.When(), err)
			}
			if latest.Seq > head.Last {
				return core.Errorf(core.Conflict, "audit: the chain head is at entry %d, behind the checkpoint of entry %d (%s): entries were deleted", head.Last, latest.Seq, latest.When())
			}
		}
		w, err := l.walk(ctx, latest.Seq, latest.Hash, head.Last, nil)
		if err != nil {
			return err
		}
		if w.Problem != "" {
			return core.Errorf(core.Conflict, "audit: chain broken at entry %d: %s", w.Bad, w.Problem)
		}
		if w.Last != head.Last || w.Hash != head.Hash {
			return core.Errorf(core.Conflict, "audit: chain head points at entry %d but the log ends at entry %d", head.Last, w.Last)
		}
		return nil
	})
	if err != nil {
		return Checkpoint{}, err
	}
	if have && latest.Seq == head.Last {
		return latest, nil
	}
	if head.Last == 0 {
		return Checkpoint{}, core.Errorf(core.Invalid, "audit: the log is empty: nothing to checkpoint")
	}
	c := l.key.Sign(head.Last, head.Hash, l.now())
	err = l.db.Write(ctx, func(ctx context.Context) error {
		_, err := l.db.Exec(ctx, `INSERT INTO audit_checkpoints (id, seq, hash, at, key_id, signature) VALUES (?, ?, ?, ?, ?, ?)`,
			core.NewID(), c.Seq, c.Hash, db.T(&c.At), c.KeyID, c.Signature)
		return err
	})
	if err != nil {
		return Checkpoint{}, core.Wrap(err, "audit: store checkpoint")
	}
	return c, nil
}

// CheckpointOptions adjust StartCheckpoints.
type CheckpointOptions struct {
	// Every is the period (0: DefaultCheckpointEvery).
	Every time.Duration
	// Tick replaces the ticker: tests drive the loop with it.
	Tick <-chan time.Time
	// Logger reports failed checkpoints (nil: slog.Default()).
	Logger *slog.Logger
	// Done, if not nil, is called after each attempt (tests wait on it).
	Done func(Checkpoint, error)
}

// StartCheckpoints writes a checkpoint at every tick until Close, which
// writes a last one. It needs a key (UseKey); without one it does nothing.
// A failed checkpoint is logged and retried at the next tick.
func (l *Log) StartCheckpoints(opts CheckpointOptions) {
	if l.key == nil || l.cpStop != nil {
		return
	}
	if opts.Every <= 0 {
		opts.Every = DefaultCheckpointEvery
	}
	tick := opts.Tick
	var ticker *time.Ticker
	if tick == nil {
		ticker = time.NewTicker(opts.Every)
		tick = ticker.C
	}
	logger := opts.Logger
	if logger == nil {
		logger = slog.Default()
	}
	l.cpStop, l.cpDone = make(chan struct{}), make(chan struct{})
	checkpoint := func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		c, err := l.Checkpoint(ctx)
		if err != nil && !core.IsCode(err, core.Invalid) {
			logger.Error("audit: checkpoint failed", "err", err)
		}
		if opts.Done != nil {
			opts.Done(c, err)
		}
	}
	go func() {
		defer close(l.cpDone)
		if ticker != nil {
			defer ticker.Stop()
		}
		for {
			select {
			case <-tick:
				checkpoint()
			case <-l.cpStop:
				checkpoint()
				return
			}
		}
	}()
}

// stopCheckpoints ends the loop after its last checkpoint.
func (l *Log) stopCheckpoints() {
	if l.cpStop == nil {
		return
	}
	l.cpOnce.Do(func() { close(l.cpStop) })
	<-l.cpDone
}

func (l *Log) now() time.Time {
	if l.clock != nil {
		return l.clock()
	}
	return db.Now()
}

// SetClock sets the time checkpoints are stamped with (tests).
func (l *Log) SetClock(now func() time.Time) { l.clock = now }
