package audit

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/topcop-platform/topcop/internal/db"
)

// VerifyResult is the outcome of Verify. Problem is "" when the chain is
// intact; otherwise it says what is wrong and Bad is the sequence number
// of the first bad (or missing) entry, or of the entry a bad checkpoint
// names.
type VerifyResult struct {
	Entries int64
	Head    string
	Bad     int64
	Problem string
	// KeyOff: no key is configured, so no checkpoint was checked.
	KeyOff bool
	// Checkpoints is how many checkpoints signed by the configured key
	// (stored ones and those given to Verify) the chain matched.
	Checkpoints int
	// Latest is the checkpoint of the highest entry the chain matched,
	// nil when none did.
	Latest *Checkpoint
	// OtherKeys counts stored checkpoints signed by another key (a
	// rotated one): they were not checked.
	OtherKeys int
}

// OK reports whether the chain is intact.
func (r VerifyResult) OK() bool { return r.Problem == "" }

// Uncovered is how many entries no checkpoint covers (all of them when
// none matched): they could have been rewritten without detection.
func (r VerifyResult) Uncovered() int64 {
	if r.Latest == nil {
		return r.Entries
	}
	return r.Entries - r.Latest.Seq
}

// entryColumns are audit_log's columns in the order scanEntry reads them.
const entryColumns = `seq, id, at, actor_id, actor_label, action, entity, entity_id, ip, reason, details, prev_hash, hash`

type scanner interface{ Scan(dest ...any) error }

func scanEntry(r scanner, e *Entry) error {
	return r.Scan(&e.Seq, &e.ID, db.T(&e.At), &e.ActorID, &e.ActorLabel, &e.Action, &e.Entity, &e.EntityID, &e.IP, &e.Reason, &e.Details, &e.PrevHash, &e.Hash)
}

// walkResult is where a walk of the chain ended: the last intact entry
// and its hash, or the first bad one.
type walkResult struct {
	Last    int64
	Hash    string
	Bad     int64
	Problem string
}

// walk checks, in order, the entries after entry `after` (whose hash is
// prev) up to entry upTo (0: the end): sequence numbers without gaps,
// each prev_hash equal to the previous entry's hash, each hash equal to
// the recomputed one. visit, if not nil, sees each intact entry and may
// name a problem with it.
func (l *Log) walk(ctx context.Context, after int64, prev string, upTo int64, visit func(Entry) (int64, string)) (walkResult, error) {
	res := walkResult{Last: after, Hash: prev}
	q, args := `SELECT `+entryColumns+` FROM audit_log WHERE seq > ?`, []any{after}
	if upTo > 0 {
		q, args = q+` AND seq <= ?`, append(args, upTo)
	}
	rows, err := l.db.Query(ctx, q+` ORDER BY seq`, args...)
	if err != nil {
		return res, err
	}
	defer rows.Close()
	for rows.Next() {
		var e Entry
		if err := scanEntry(rows, &e); err != nil {
			return res, err
		}
		want := res.Last + 1
		switch {
		case e.Seq != want:
			res.Bad, res.Problem = want, fmt.Sprintf("entry %d is missing (next stored entry is %d)", want, e.Seq)
		case e.PrevHash != res.Hash:
			res.Bad, res.Problem = e.Seq, fmt.Sprintf("entry %d does not link to entry %d (deleted, inserted or reordered)", e.Seq, e.Seq-1)
		case e.ComputeHash() != e.Hash:
			res.Bad, res.Problem = e.Seq, fmt.Sprintf("entry %d was altered: its content does not match its hash", e.Seq)
		case visit != nil:
			res.Bad, res.Problem = visit(e)
		}
		if res.Problem != "" {
			return res, nil
		}
		res.Last, res.Hash = e.Seq, e.Hash
	}
	return res, rows.Err()
}

// Verify walks the whole chain in order and checks every link (see walk),
// that the head row points at the last entry, and that the chain matches
// every checkpoint signed by the configured key, stored or given (an
// exported one the operator kept elsewhere). The links show an edit,
// deletion, insertion or reordering made directly in the database; the
// checkpoints also show a deleted tail and entries rewritten with every
// later hash recomputed, up to the latest checkpoint. A stored checkpoint
// with a bad signature is reported as forged; one signed by another key
// is counted in OtherKeys and not checked; a given one must be signed by
// the configured key. Without a key (KeyOff) checkpoints are not read.
func (l *Log) Verify(ctx context.Context, given ...Checkpoint) (VerifyResult, error) {
	var res VerifyResult
	res.KeyOff = l.key == nil
	if res.KeyOff && len(given) > 0 {
		res.Bad, res.Problem = max(given[0].Seq, 1), "a checkpoint was given but no audit key is configured to check its signature"
		return res, nil
	}
	err := l.db.Read(ctx, func(ctx context.Context) error {
		var cps []Checkpoint
		if !res.KeyOff {
			stored, err := l.storedCheckpoints(ctx)
			if err != nil {
				return err
			}
			for _, c := range stored {
				if c.KeyID != l.key.ID() {
					res.OtherKeys++
					continue
				}
				if err := l.key.Check(c); err != nil {
					res.Bad, res.Problem = max(c.Seq, 1), fmt.Sprintf("the stored checkpoint of entry %d (%s) is forged: %v", c.Seq, c.When(), err)
					return nil
				}
				cps = append(cps, c)
			}
			for _, c := range given {
				if err := l.key.Check(c); err != nil {
					res.Bad, res.Problem = max(c.Seq, 1), fmt.Sprintf("the given checkpoint of entry %d (%s) is not valid: %v", c.Seq, c.When(), err)
					return nil
				}
				cps = append(cps, c)
			}
			slices.SortStableFunc(cps, func(a, b Checkpoint) int { return cmp.Compare(a.Seq, b.Seq) })
		}
		// Checkpoints are matched as the walk passes their entry; those
		// of entry 0 (an empty log) say nothing.
		next := 0
		for next < len(cps) && cps[next].Seq < 1 {
			next++
		}
		var matched int64
		w, err := l.walk(ctx, 0, "", 0, func(e Entry) (int64, string) {
			for ; next < len(cps) && cps[next].Seq == e.Seq; next++ {
				c := cps[next]
				if c.Hash != e.Hash {
					return matched + 1, fmt.Sprintf("entries %d to %d were rewritten: entry %d's hash differs from the one signed in the checkpoint of %s", matched+1, e.Seq, e.Seq, c.When())
				}
				res.Checkpoints++
				res.Latest = &c
				matched = e.Seq
			}
			return 0, ""
		})
		if err != nil {
			return err
		}
		res.Entries = w.Last
		if w.Problem != "" {
			res.Bad, res.Problem = w.Bad, w.Problem
			return nil
		}
		if next < len(cps) {
			c := cps[len(cps)-1]
			res.Bad = w.Last + 1
			res.Problem = fmt.Sprintf("entries %d to %d were deleted: the checkpoint of %s covers entry %d but the log ends at entry %d", w.Last+1, c.Seq, c.When(), c.Seq, w.Last)
			return nil
		}
		var headSeq int64
		var headHash string
		if err := l.db.QueryRow(ctx, `SELECT seq, hash FROM audit_head WHERE id = 1`).Scan(&headSeq, &headHash); err != nil {
			return err
		}
		if headSeq != w.Last || headHash != w.Hash {
			res.Bad = w.Last + 1
			if headSeq < w.Last {
				res.Bad = headSeq + 1
			}
			res.Problem = fmt.Sprintf("chain head points at entry %d but the log ends at entry %d (entries after it were deleted or the head was moved)", headSeq, w.Last)
			return nil
		}
		res.Head = w.Hash
		return nil
	})
	return res, err
}

// storedCheckpoints returns every stored checkpoint, by entry.
func (l *Log) storedCheckpoints(ctx context.Context) ([]Checkpoint, error) {
	rows, err := l.db.Query(ctx, `SELECT seq, hash, at, key_id, signature FROM audit_checkpoints ORDER BY seq, at`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Checkpoint
	for rows.Next() {
		c := Checkpoint{Format: CheckpointFormat}
		if err := rows.Scan(&c.Seq, &c.Hash, db.T(&c.At), &c.KeyID, &c.Signature); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
