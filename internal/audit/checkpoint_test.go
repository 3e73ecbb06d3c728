package audit_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"github.com/topcop-platform/topcop/internal/audit"
	"github.com/topcop-platform/topcop/internal/audit/audittest"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
	"github.com/topcop-platform/topcop/internal/db/dbtest"
)

// testKey returns the key of a fixed seed (b selects which).
func testKey(t *testing.T, b byte) *audit.Key {
	t.Helper()
	k, err := audit.ParseKey(base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{b}, 32)))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func checkpoint(t *testing.T, l *audit.Log) audit.Checkpoint {
	t.Helper()
	c, err := l.Checkpoint(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// rewrite edits entry seq the way an intruder who knows the hashing would:
// it changes the action, recomputes that entry's hash and every later
// entry's link and hash, and moves the head to the new last hash.
func rewrite(t *testing.T, d *db.DB, seq int64) {
	t.Helper()
	prev := ""
	if seq > 1 {
		prev = entry(t, d, seq-1).Hash
	}
	var last int64
	d.QueryRow(context.Background(), `SELECT max(seq) FROM audit_log`).Scan(&last)
	for s := seq; s <= last; s++ {
		e := entry(t, d, s)
		if s == seq {
			e.Action = "test.innocent"
		}
		e.PrevHash = prev
		e.Hash = e.ComputeHash()
		audittest.Exec(t, d, `UPDATE audit_log SET action = ?, prev_hash = ?, hash = ? WHERE seq = ?`, e.Action, e.PrevHash, e.Hash, s)
		prev = e.Hash
	}
	audittest.Exec(t, d, `UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1`, last, prev)
}

// truncate deletes the entries after keep and moves the head back to it.
func truncate(t *testing.T, d *db.DB, keep int64) {
	t.Helper()
	audittest.Exec(t, d, `DELETE FROM audit_log WHERE seq > ?`, keep)
	audittest.Exec(t, d, `UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1`, keep, entry(t, d, keep).Hash)
}

// TestCheckpointsDetectRewrites: each attack that keeps the hash chain
// itself consistent goes unnoticed without checkpoints and is named with
// them.
func TestCheckpointsDetectRewrites(t *testing.T) {
	cases := []struct {
		name    string
		tamper  func(t *testing.T, d *db.DB)
		wantBad int64
		want    string
	}{
		{"tail deleted and head moved back behind a checkpoint", func(t *testing.T, d *db.DB) {
			truncate(t, d, 3)
		}, 4, "entries 4 to 5 were deleted"},
		{"checkpointed entry edited and every later hash recomputed", func(t *testing.T, d *db.DB) {
			rewrite(t, d, 4)
		}, 4, "entries 4 to 5 were rewritten"},
		{"entry before the first checkpoint rewritten", func(t *testing.T, d *db.DB) {
			rewrite(t, d, 2)
		}, 1, "entries 1 to 3 were rewritten"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dbtest.Each(t, func(t *testing.T, d *db.DB) {
				l := audit.New(d)
				defer l.Close()
				l.UseKey(testKey(t, 1))
				record(t, d, l, 3)
				checkpoint(t, l)
				record(t, d, l, 2)
				if c := checkpoint(t, l); c.Seq != 5 {
					t.Fatalf("checkpoint of entry %d, want 5", c.Seq)
				}
				res := mustVerify(t, l)
				if !res.OK() || res.Checkpoints != 2 || res.Latest == nil || res.Latest.Seq != 5 || res.Uncovered() != 0 {
					t.Fatalf("intact chain: %+v", res)
				}
				audittest.Unguard(t, d)
				tc.tamper(t, d)

				// The chain alone (no key) is consistent: the attack
				// is invisible without checkpoints.
				keyless := audit.New(d)
				defer keyless.Close()
				if res := mustVerify(t, keyless); !res.OK() || !res.KeyOff {
					t.Fatalf("without a key: %+v (the attack should keep the chain consistent)", res)
				}
				res = mustVerify(t, l)
				if res.OK() || res.Bad != tc.wantBad || !strings.Contains(res.Problem, tc.want) {
					t.Fatalf("after tampering: %+v, want bad entry %d and %q", res, tc.wantBad, tc.want)
				}
				if _, err := l.Checkpoint(context.Background()); !core.IsCode(err, core.Conflict) {
					t.Fatalf("checkpoint of a tampered chain: %v, want conflict", err)
				}
			})
		})
	}
}

func TestForgedCheckpoint(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		l := audit.New(d)
		defer l.Close()
		key := testKey(t, 1)
		l.UseKey(key)
		record(t, d, l, 3)
		checkpoint(t, l)
		record(t, d, l, 3)
		// An intruder signs the head with a key of their own but claims
		// the configured key's id.
		forged := testKey(t, 2).Sign(6, entry(t, d, 6).Hash, time.Now())
		forged.KeyID = key.ID()
		audittest.Exec(t, d, `INSERT INTO audit_checkpoints (id, seq, hash, at, key_id, signature) VALUES (?, ?, ?, ?, ?, ?)`,
			core.NewID(), forged.Seq, forged.Hash, db.T(&forged.At), forged.KeyID, forged.Signature)
		res := mustVerify(t, l)
		if res.OK() || res.Bad != 6 || !strings.Contains(res.Problem, "forged") {
			t.Fatalf("forged checkpoint: %+v", res)
		}
		if _, err := l.Checkpoint(context.Background()); !core.IsCode(err, core.Conflict) {
			t.Fatalf("checkpoint over a forged one: %v, want conflict", err)
		}
	})
}

// TestOtherKeysCheckpoints: checkpoints of a rotated key are counted, not
// taken for forgeries.
func TestOtherKeysCheckpoints(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		l := audit.New(d)
		defer l.Close()
		l.UseKey(testKey(t, 1))
		record(t, d, l, 2)
		checkpoint(t, l)
		l.UseKey(testKey(t, 2))
		record(t, d, l, 1)
		checkpoint(t, l)
		res := mustVerify(t, l)
		if !res.OK() || res.OtherKeys != 1 || res.Checkpoints != 1 || res.Latest.Seq != 3 {
			t.Fatalf("rotated key: %+v", res)
		}
	})
}

// TestExportedCheckpoint: an intruder who truncates the log and deletes
// the stored checkpoints that would show it is still caught by a
// checkpoint the operator exported; a tampered export is refused.
func TestExportedCheckpoint(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		l := audit.New(d)
		defer l.Close()
		l.UseKey(testKey(t, 1))
		record(t, d, l, 2)
		checkpoint(t, l)
		record(t, d, l, 3)
		var file bytes.Buffer
		if err := audit.WriteCheckpoint(&file, checkpoint(t, l)); err != nil {
			t.Fatal(err)
		}
		exported, err := audit.ReadCheckpoint(bytes.NewReader(file.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		if res := mustVerifyWith(t, l, exported); !res.OK() {
			t.Fatalf("intact chain with its export: %+v", res)
		}

		audittest.Unguard(t, d)
		truncate(t, d, 2)
		audittest.Exec(t, d, `DELETE FROM audit_checkpoints WHERE seq > 2`)
		if res := mustVerify(t, l); !res.OK() || res.Latest.Seq != 2 {
			t.Fatalf("stored checkpoints alone: %+v (deleting them too is not detectable from the database)", res)
		}
		res := mustVerifyWith(t, l, exported)
		if res.OK() || res.Bad != 3 || !strings.Contains(res.Problem, "entries 3 to 5 were deleted") {
			t.Fatalf("with the exported checkpoint: %+v", res)
		}

		altered := exported
		altered.Seq = 2
		if res := mustVerifyWith(t, l, altered); res.OK() || !strings.Contains(res.Problem, "signature is invalid") {
			t.Fatalf("altered export: %+v", res)
		}
		if _, err := audit.ReadCheckpoint(strings.NewReader(`{"seq": 1}`)); err == nil {
			t.Fatal("ReadCheckpoint accepted a file without format, hash and signature")
		}
	})
}

func mustVerifyWith(t *testing.T, l *audit.Log, c audit.Checkpoint) audit.VerifyResult {
	t.Helper()
	res, err := l.Verify(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestHeadAndCheckpointsGuarded: with the triggers in place, the head
// only moves forward onto the next entry and checkpoints are append-only.
func TestHeadAndCheckpointsGuarded(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		l := audit.New(d)
		defer l.Close()
		l.UseKey(testKey(t, 1))
		record(t, d, l, 3)
		checkpoint(t, l)
		for _, q := range []string{
			`UPDATE audit_head SET seq = 2`,
			`UPDATE audit_head SET seq = 4, hash = 'x'`,
			`UPDATE audit_head SET hash = 'x'`,
			`DELETE FROM audit_head`,
			`UPDATE audit_checkpoints SET seq = 1`,
			`DELETE FROM audit_checkpoints`,
		} {
			err := d.Write(context.Background(), func(ctx context.Context) error {
				_, err := d.Exec(ctx, q)
				return err
			})
			if err == nil {
				t.Errorf("%s: accepted", q)
			}
		}
		if res := mustVerify(t, l); !res.OK() || res.Entries != 3 {
			t.Fatalf("after refused tampering: %+v", res)
		}
	})
}

// TestCheckpointLoop: the loop signs the head at each tick, skips a tick
// with nothing new, and signs the last head when the log is closed.
func TestCheckpointLoop(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		l := audit.New(d)
		l.UseKey(testKey(t, 1))
		at := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
		l.SetClock(func() time.Time { return at })
		tick := make(chan time.Time)
		done := make(chan audit.Checkpoint, 10)
		l.StartCheckpoints(audit.CheckpointOptions{Tick: tick, Done: func(c audit.Checkpoint, _ error) { done <- c }})
		step := func() audit.Checkpoint {
			tick <- at
			select {
			case c := <-done:
				return c
			case <-time.After(10 * time.Second):
				t.Fatal("no checkpoint attempt within 10s")
			}
			return audit.Checkpoint{}
		}
		if c := step(); c.Seq != 0 {
			t.Fatalf("checkpoint of an empty log: %+v", c)
		}
		record(t, d, l, 3)
		if c := step(); c.Seq != 3 {
			t.Fatalf("checkpoint of entry %d, want 3", c.Seq)
		}
		step() // nothing new: no second checkpoint of entry 3
		record(t, d, l, 2)
		l.Close()
		if n := countCheckpoints(t, d); n != 2 {
			t.Fatalf("%d checkpoints after close, want 2 (entry 3 at the tick, entry 5 at close)", n)
		}
		var seq int64
		var stamped time.Time
		if err := d.QueryRow(context.Background(), `SELECT seq, at FROM audit_checkpoints ORDER BY seq DESC LIMIT 1`).Scan(&seq, db.T(&stamped)); err != nil || seq != 5 || !stamped.Equal(at) {
			t.Fatalf("last checkpoint: entry %d at %s (%v), want entry 5 at %s", seq, stamped, err, at)
		}
		l2 := audit.New(d)
		defer l2.Close()
		l2.UseKey(testKey(t, 1))
		if res := mustVerify(t, l2); !res.OK() || res.Checkpoints != 2 || res.Uncovered() != 0 {
			t.Fatalf("verify: %+v", res)
		}
	})
}

func countCheckpoints(t *testing.T, d *db.DB) int {
	t.Helper()
	var n int
	if err := d.QueryRow(context.Background(), `SELECT count(*) FROM audit_checkpoints`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestParseKey(t *testing.T) {
	seed, err := audit.NewKeySeed()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := audit.ParseKey(" " + seed + "\n"); err != nil {
		t.Fatalf("fresh seed: %v", err)
	}
	for _, bad := range []string{"", "not base64!", base64.StdEncoding.EncodeToString([]byte("short"))} {
		if _, err := audit.ParseKey(bad); err == nil || !strings.Contains(err.Error(), "Ed25519 seed") {
			t.Errorf("ParseKey(%q): %v", bad, err)
		}
	}
	if k, err := audit.LoadKey("", ""); k != nil || err != nil {
		t.Fatalf("no key configured: %v %v", k, err)
	}
}
