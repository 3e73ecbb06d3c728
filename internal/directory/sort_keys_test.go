package directory_test

import (
	"context"
	"slices"
	"testing"

	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
	"github.com/topcop-platform/topcop/internal/directory"
)

// TestRepairSortKeys: sort and search columns stored empty or garbled (as
// the name-folding race of issue 7 left them) are recomputed by
// RepairSortKeys, audited, and lists sort and search right again; keys
// written by the service need no repair, and a second call does nothing.
func TestRepairSortKeys(t *testing.T) {
	eachEngine(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		bg := context.Background()
		// Keys as the service writes them are what the repair computes:
		// nothing to rewrite.
		if n := must[int](t)(f.svc.RepairSortKeys(bg)); n != 0 {
			t.Fatalf("RepairSortKeys rewrote %d freshly written rows, want 0", n)
		}
		written := keyColumns(t, d)
		ctx := f.as("coordinator")
		orderOf := func() []string {
			t.Helper()
			l := must[core.List[directory.Person]](t)(f.svc.ListPeople(ctx, directory.PersonFilter{}, core.PageRequest{}))
			return ids(l.Items, personID)
		}
		order := orderOf()

		// Damage as the race did: an empty key, a key cut short, a search
		// column missing its folded part; then mark the rules as old.
		err := d.Write(bg, func(ctx context.Context) error {
			for _, q := range []struct {
				sql  string
				args []any
			}{
				{`UPDATE people SET sort_name = '' WHERE id = ?`, []any{f.tudor.ID}},
				{`UPDATE people SET sort_name = 'zzz', search = 'x' WHERE id = ?`, []any{f.giorgi.ID}},
				{`UPDATE agencies SET sort_name = '', search = '' WHERE id = ?`, []any{f.uaNPU.ID}},
				{`UPDATE units SET sort_name = 'c' WHERE id = ?`, []any{f.uaUnit.ID}},
				{`UPDATE networks SET sort_name = '' WHERE id = ?`, []any{f.esn.ID}},
				{`UPDATE search_keys_version SET sort_version = 0`, nil},
			} {
				if _, err := d.Exec(ctx, q.sql, q.args...); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if slices.Equal(orderOf(), order) {
			t.Fatal("damaged keys did not change the people order; the test proves nothing")
		}
		if l := must[core.List[directory.Agency]](t)(f.svc.ListAgencies(ctx, directory.AgencyFilter{Query: "national police"}, core.PageRequest{})); l.Total != 0 {
			t.Fatalf("damaged search column still finds the agency (%d)", l.Total)
		}

		head := auditHead(t, d)
		if n := must[int](t)(f.svc.RepairSortKeys(bg)); n != 5 {
			t.Errorf("RepairSortKeys rewrote %d rows, want 5", n)
		}
		if got := keyColumns(t, d); !slices.Equal(got, written) {
			t.Errorf("repaired keys differ from written ones:\n got %q\nwant %q", got, written)
		}
		if got := orderOf(); !slices.Equal(got, order) {
			t.Errorf("people order after repair %v, want %v", got, order)
		}
		if l := must[core.List[directory.Agency]](t)(f.svc.ListAgencies(ctx, directory.AgencyFilter{Query: "national police"}, core.PageRequest{})); l.Total != 1 {
			t.Errorf("after repair, the agency search finds %d, want 1", l.Total)
		}
		repairs := func() int {
			n := 0
			for _, e := range auditSince(t, d, head) {
				if e.Action == "directory.keys.repair" {
					n++
				}
			}
			return n
		}
		if n := repairs(); n != 1 {
			t.Errorf("audit after repair: %d directory.keys.repair entries, want 1", n)
		}
		verifyChain(t, f.log)

		if n := must[int](t)(f.svc.RepairSortKeys(bg)); n != 0 {
			t.Errorf("second RepairSortKeys rewrote %d rows, want 0", n)
		}
		if n := repairs(); n != 1 {
			t.Errorf("second RepairSortKeys audited again: %d entries", n)
		}
	})
}

// keyColumns reads every derived key column, one string per row.
func keyColumns(t testing.TB, d *db.DB) []string {
	t.Helper()
	var out []string
	for _, q := range []string{
		`SELECT 'agency ' || id || ' ' || sort_name || ' ' || search FROM agencies ORDER BY id`,
		`SELECT 'unit ' || id || ' ' || sort_name FROM units ORDER BY id`,
		`SELECT 'person ' || id || ' ' || sort_name || ' ' || search FROM people ORDER BY id`,
		`SELECT 'network ' || id || ' ' || sort_name FROM networks ORDER BY id`,
	} {
		rows, err := d.Query(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			out = append(out, s)
		}
		rows.Close()
	}
	return out
}
