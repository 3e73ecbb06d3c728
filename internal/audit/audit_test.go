package audit_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/topcop-platform/topcop/internal/audit"
	"github.com/topcop-platform/topcop/internal/audit/audittest"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
	"github.com/topcop-platform/topcop/internal/db/dbtest"
)

func actorCtx() context.Context {
	return core.WithActor(context.Background(), core.Actor{AccountID: core.NewID(), Email: "admin@example.org", IP: "192.0.2.7",
		Grants: []core.Grant{{Role: core.RoleAdmin, ScopeKind: core.ScopeGlobal}}})
}

func record(t *testing.T, d *db.DB, l *audit.Log, n int) {
	t.Helper()
	ctx := actorCtx()
	for i := range n {
		err := d.Write(ctx, func(ctx context.Context) error {
			return l.Record(ctx, audit.Event{Action: "test.write", Entity: "thing", EntityID: fmt.Sprint(i), Details: map[string]any{"i": i, "name": "<b>Ніна</b>"}})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func mustVerify(t *testing.T, l *audit.Log) audit.VerifyResult {
	t.Helper()
	res, err := l.Verify(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestChainDetectsTampering(t *testing.T) {
	cases := []struct {
		name    string
		tamper  func(t *testing.T, d *db.DB)
		wantBad int64
	}{
		{"edit a field", func(t *testing.T, d *db.DB) {
			audittest.Exec(t, d, `UPDATE audit_log SET actor_label = 'someone@else.org' WHERE seq = 3`)
		}, 3},
		{"edit details", func(t *testing.T, d *db.DB) {
			audittest.Exec(t, d, `UPDATE audit_log SET details = '{"i":99}' WHERE seq = 2`)
		}, 2},
		{"edit and rehash one entry", func(t *testing.T, d *db.DB) {
			// An intruder who recomputes the hash of the edited entry still
			// breaks the link of the next one.
			e := entry(t, d, 2)
			e.Action = "test.innocent"
			audittest.Exec(t, d, `UPDATE audit_log SET action = ?, hash = ? WHERE seq = 2`, e.Action, e.ComputeHash())
		}, 3},
		{"delete from the middle", func(t *testing.T, d *db.DB) {
			audittest.Exec(t, d, `DELETE FROM audit_log WHERE seq = 4`)
		}, 4},
		{"delete the last entry", func(t *testing.T, d *db.DB) {
			audittest.Exec(t, d, `DELETE FROM audit_log WHERE seq = 5`)
		}, 5},
		{"reorder two entries", func(t *testing.T, d *db.DB) {
			audittest.Exec(t, d, `UPDATE audit_log SET seq = 100 WHERE seq = 2`)
			audittest.Exec(t, d, `UPDATE audit_log SET seq = 2 WHERE seq = 3`)
			audittest.Exec(t, d, `UPDATE audit_log SET seq = 3 WHERE seq = 100`)
		}, 2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dbtest.Each(t, func(t *testing.T, d *db.DB) {
				l := audit.New(d)
				defer l.Close()
				record(t, d, l, 5)
				if res := mustVerify(t, l); !res.OK() || res.Entries != 5 {
					t.Fatalf("intact chain: %+v", res)
				}
				audittest.Unguard(t, d)
				tc.tamper(t, d)
				res := mustVerify(t, l)
				if res.OK() || res.Bad != tc.wantBad {
					t.Fatalf("after tampering: %+v, want first bad entry %d", res, tc.wantBad)
				}
			})
		})
	}
}

func entry(t *testing.T, d *db.DB, seq int64) audit.Entry {
	var e audit.Entry
	err := d.QueryRow(context.Background(), `SELECT seq, id, at, actor_id, actor_label, action, entity, entity_id, ip, reason, details, prev_hash, hash FROM audit_log WHERE seq = ?`, seq).
		Scan(&e.Seq, &e.ID, db.T(&e.At), &e.ActorID, &e.ActorLabel, &e.Action, &e.Entity, &e.EntityID, &e.IP, &e.Reason, &e.Details, &e.PrevHash, &e.Hash)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestAppendOnlyGuard(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		l := audit.New(d)
		defer l.Close()
		record(t, d, l, 1)
		for _, q := range []string{`UPDATE audit_log SET action = 'x'`, `DELETE FROM audit_log`} {
			err := d.Write(context.Background(), func(ctx context.Context) error {
				_, err := d.Exec(ctx, q)
				return err
			})
			if err == nil {
				t.Fatalf("%s: accepted on a guarded log", q)
			}
		}
	})
}

func TestRecordOutsideWriteFails(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		l := audit.New(d)
		defer l.Close()
		if err := l.Record(actorCtx(), audit.Event{Action: "x"}); !core.IsCode(err, core.Internal) {
			t.Fatalf("Record outside Write: %v", err)
		}
	})
}

// TestConcurrentAppends: concurrent writers and group-committed reads
// never chain onto the same predecessor.
func TestConcurrentAppends(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		l := audit.New(d)
		defer l.Close()
		ctx := actorCtx()
		var wg sync.WaitGroup
		errs := make(chan error, 200)
		for i := range 100 {
			wg.Add(2)
			go func() {
				defer wg.Done()
				errs <- d.Write(ctx, func(ctx context.Context) error {
					return l.Record(ctx, audit.Event{Action: "test.write", EntityID: fmt.Sprint(i)})
				})
			}()
			go func() {
				defer wg.Done()
				errs <- l.RecordRead(ctx, audit.Event{Action: "test.read", EntityID: fmt.Sprint(i)})
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		res := mustVerify(t, l)
		if !res.OK() || res.Entries != 200 {
			t.Fatalf("verify after concurrent appends: %+v", res)
		}
	})
}

func TestListFiltersAndPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		l := audit.New(d)
		defer l.Close()
		record(t, d, l, 7)
		ctx := actorCtx()
		if err := l.RecordRead(ctx, audit.Event{Action: "other.read", Entity: "person", EntityID: "p1"}); err != nil {
			t.Fatal(err)
		}
		page, err := l.List(ctx, audit.Filter{Action: "test."}, core.PageRequest{Limit: 5})
		if err != nil {
			t.Fatal(err)
		}
		if page.Total != 7 || len(page.Items) != 5 || page.Next == "" || page.Items[0].Seq != 7 {
			t.Fatalf("first page: total %d items %d next %q first %d", page.Total, len(page.Items), page.Next, page.Items[0].Seq)
		}
		page2, err := l.List(ctx, audit.Filter{Action: "test."}, core.PageRequest{Limit: 5, Cursor: page.Next})
		if err != nil {
			t.Fatal(err)
		}
		if len(page2.Items) != 2 || page2.Next != "" || page2.Items[1].Seq != 1 {
			t.Fatalf("second page: %+v", page2)
		}
		got, err := l.List(ctx, audit.Filter{Entity: "person", EntityID: "p1"}, core.PageRequest{Limit: 50})
		if err != nil || got.Total != 1 || !strings.Contains(got.Items[0].IP, "192.0.2.7") {
			t.Fatalf("entity filter: %+v %v", got, err)
		}
		nonAdmin := core.WithActor(context.Background(), core.Actor{AccountID: core.NewID(), Grants: []core.Grant{{Role: core.RoleCoordinator, ScopeKind: core.ScopeGlobal}}})
		if _, err := l.List(nonAdmin, audit.Filter{}, core.PageRequest{Limit: 5}); !core.IsCode(err, core.Forbidden) {
			t.Fatalf("coordinator listing audit: %v, want forbidden", err)
		}
	})
}

func BenchmarkRecordRead(b *testing.B) {
	for _, e := range dbtest.Engines {
		b.Run(e, func(b *testing.B) {
			d := dbtest.Open(b, e)
			l := audit.New(d)
			defer l.Close()
			ctx := actorCtx()
			b.SetParallelism(16)
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if err := l.RecordRead(ctx, audit.Event{Action: "bench.read", Entity: "person", EntityID: "x"}); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}

func BenchmarkRecordWrite(b *testing.B) {
	for _, e := range dbtest.Engines {
		b.Run(e, func(b *testing.B) {
			d := dbtest.Open(b, e)
			l := audit.New(d)
			defer l.Close()
			ctx := actorCtx()
			for b.Loop() {
				if err := d.Write(ctx, func(ctx context.Context) error {
					return l.Record(ctx, audit.Event{Action: "bench.write"})
				}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
