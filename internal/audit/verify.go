package audit

import (
	"context"
	"fmt"

	"github.com/topcop-platform/topcop/internal/db"
)

// VerifyResult is the outcome of Verify. Bad is 0 when the chain is
// intact; otherwise it is the sequence number of the first bad entry
// (or where the first missing one should be) and Problem says why.
type VerifyResult struct {
	Entries int64
	Head    string
	Bad     int64
	Problem string
}

// OK reports whether the chain is intact.
func (r VerifyResult) OK() bool { return r.Bad == 0 }

// Verify walks the whole chain in order and checks every link: sequence
// numbers without gaps, each prev_hash equal to the previous entry's hash,
// each hash equal to the recomputed one, and the head row pointing at the
// last entry. Any edit, deletion, insertion or reordering made directly in
// the database breaks one of these.
func (l *Log) Verify(ctx context.Context) (VerifyResult, error) {
	var res VerifyResult
	err := l.db.Read(ctx, func(ctx context.Context) error {
		rows, err := l.db.Query(ctx, `SELECT seq, id, at, actor_id, actor_label, action, entity, entity_id, ip, reason, details, prev_hash, hash
			FROM audit_log ORDER BY seq`)
		if err != nil {
			return err
		}
		defer rows.Close()
		prev := ""
		var want int64 = 1
		for rows.Next() {
			var e Entry
			if err := rows.Scan(&e.Seq, &e.ID, db.T(&e.At), &e.ActorID, &e.ActorLabel, &e.Action, &e.Entity, &e.EntityID, &e.IP, &e.Reason, &e.Details, &e.PrevHash, &e.Hash); err != nil {
				return err
			}
			switch {
			case e.Seq != want:
				res.Bad, res.Problem = want, fmt.Sprintf("entry %d is missing (next stored entry is %d)", want, e.Seq)
			case e.PrevHash != prev:
				res.Bad, res.Problem = e.Seq, fmt.Sprintf("entry %d does not link to entry %d (deleted, inserted or reordered)", e.Seq, e.Seq-1)
			case e.ComputeHash() != e.Hash:
				res.Bad, res.Problem = e.Seq, fmt.Sprintf("entry %d was altered: its content does not match its hash", e.Seq)
			}
			if res.Bad != 0 {
				return nil
			}
			prev = e.Hash
			res.Entries++
			want++
		}
		if err := rows.Err(); err != nil {
			return err
		}
		var headSeq int64
		var headHash string
		if err := l.db.QueryRow(ctx, `SELECT seq, hash FROM audit_head WHERE id = 1`).Scan(&headSeq, &headHash); err != nil {
			return err
		}
		if headSeq != res.Entries || headHash != prev {
			res.Bad = res.Entries + 1
			if headSeq < res.Entries {
				res.Bad = headSeq + 1
			}
			res.Problem = fmt.Sprintf("chain head points at entry %d but the log ends at entry %d (entries after it were deleted or the head was moved)", headSeq, res.Entries)
			return nil
		}
		res.Head = prev
		return nil
	})
	return res, err
}
