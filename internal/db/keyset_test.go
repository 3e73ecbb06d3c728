package db_test

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
	"github.com/topcop-platform/topcop/internal/db/dbtest"
)

// ranked is the tests' own table for keyset paging: names with ties, so
// that the id decides between rows of one name.
var ranked = fstest.MapFS{
	"sqlite/20000101000001_ranked.sql":   {Data: []byte(rankedSQL)},
	"postgres/20000101000001_ranked.sql": {Data: []byte(rankedSQL)},
}

const rankedSQL = `-- +goose Up
CREATE TABLE ranked (id TEXT PRIMARY KEY, name TEXT NOT NULL);
-- +goose Down
DROP TABLE ranked;
`

type rankedRow struct{ ID, Name string }

func insertRanked(t *testing.T, d *db.DB, rows []rankedRow) {
	t.Helper()
	err := d.Write(context.Background(), func(ctx context.Context) error {
		for _, r := range rows {
			if _, err := d.Exec(ctx, `INSERT INTO ranked (id, name) VALUES (?, ?)`, r.ID, r.Name); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// readWindow reads one page of ranked as a list does: the window's
// condition and order, limit+1 rows, db.Page.
func readWindow(t *testing.T, d *db.DB, k db.Keyset, cursor string, limit int) core.List[rankedRow] {
	t.Helper()
	w, err := k.Open(cursor)
	if err != nil {
		t.Fatalf("open %q: %v", cursor, err)
	}
	ctx := context.Background()
	var total int
	if err := d.QueryRow(ctx, `SELECT count(*) FROM ranked`).Scan(&total); err != nil {
		t.Fatal(err)
	}
	q := `SELECT ` + strings.Join(k.Exprs(), ", ") + `, id, name FROM ranked`
	cond, args := w.Where()
	if cond != "" {
		q += " WHERE " + cond
	}
	rows, err := d.Query(ctx, q+w.OrderBy()+" LIMIT ?", append(args, limit+1)...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var items []rankedRow
	var keys [][]string
	for rows.Next() {
		dests, key := k.Dests()
		var r rankedRow
		if err := rows.Scan(append(dests, &r.ID, &r.Name)...); err != nil {
			t.Fatal(err)
		}
		items, keys = append(items, r), append(keys, key())
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return db.Page(w, limit, total, items, keys)
}

// TestKeysetBothWays: paging forward visits every row once in the order a
// sort in Go gives, with positions 1, 6, 11…; paging back from the last
// page with prev visits the same pages in reverse; the prev of page 2 is
// exactly page 1; in both directions of the keyset, on both engines.
func TestKeysetBothWays(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		var want []rankedRow
		for i := range 23 {
			want = append(want, rankedRow{ID: core.NewID(), Name: fmt.Sprintf("name %02d", (i*7)%9)}) // ties: 9 names for 23 rows
		}
		insertRanked(t, d, want)
		byName := func(a, b rankedRow) int { return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID)) }
		for _, desc := range []bool{false, true} {
			t.Run(fmt.Sprintf("desc=%v", desc), func(t *testing.T) {
				k := db.OrderedBy(-1, desc, "name", "id")
				w := slices.Clone(want)
				slices.SortFunc(w, byName)
				if desc {
					slices.Reverse(w)
				}
				const limit = 5
				var pages []core.List[rankedRow]
				var forward []rankedRow
				for cursor := ""; ; {
					p := readWindow(t, d, k, cursor, limit)
					if p.Start != len(forward)+1 || p.Total != len(want) {
						t.Errorf("page %d: start %d, total %d; want %d, %d", len(pages)+1, p.Start, p.Total, len(forward)+1, len(want))
					}
					if (len(pages) == 0) != (p.Prev == "") {
						t.Errorf("page %d: prev %q", len(pages)+1, p.Prev)
					}
					pages = append(pages, p)
					forward = append(forward, p.Items...)
					if cursor = p.Next; cursor == "" || len(pages) > 10 {
						break
					}
				}
				if !slices.Equal(forward, w) || len(pages) != 5 {
					t.Fatalf("forward, %d pages:\n%v\nwant\n%v", len(pages), forward, w)
				}
				for i := len(pages) - 1; i > 0; i-- {
					back := readWindow(t, d, k, pages[i].Prev, limit)
					if !slices.Equal(back.Items, pages[i-1].Items) || back.Start != pages[i-1].Start {
						t.Errorf("prev of page %d = %v at %d; want page %d: %v at %d", i+1, back.Items, back.Start, i, pages[i-1].Items, pages[i-1].Start)
					}
					if back.Next != pages[i-1].Next || (i == 1) != (back.Prev == "") {
						t.Errorf("prev of page %d: next %q, prev %q; want next %q", i+1, back.Next, back.Prev, pages[i-1].Next)
					}
				}
				// Walking back from the last page with the prev cursors of the
				// backward pages themselves gives every row, reversed.
				var backward []rankedRow
				for p := pages[len(pages)-1]; ; {
					backward = append(slices.Clone(p.Items), backward...)
					if p.Prev == "" {
						break
					}
					p = readWindow(t, d, k, p.Prev, limit)
				}
				if !slices.Equal(backward, w) {
					t.Errorf("backward:\n%v\nwant\n%v", backward, w)
				}
			})
		}
	}, ranked)
}

// TestKeysetOldCursor: a cursor of the first releases (core.EncodeCursor)
// still opens the page after its row, at an unknown position (Start 0),
// and Seek, for lists that page forward only, refuses prev cursors.
func TestKeysetOldCursor(t *testing.T) {
	d := dbtest.Open(t, "sqlite", ranked)
	ids := []string{core.NewID(), core.NewID(), core.NewID()}
	insertRanked(t, d, []rankedRow{{ids[0], "n0"}, {ids[1], "n1"}, {ids[2], "n2"}})
	k := db.OrderedBy(-1, false, "name", "id")
	p := readWindow(t, d, k, k.Cursor("n0", ids[0]), 1)
	if len(p.Items) != 1 || p.Items[0].ID != ids[1] || p.Start != 0 || p.Next == "" || p.Prev == "" {
		t.Fatalf("page after an old cursor: %+v", p)
	}
	// Its cursors carry no position either, until a backward page reaches
	// the start.
	if c, _ := core.ParseCursor(p.Next, 2); c.Pos != -1 {
		t.Errorf("next of an unknown position has position %d", c.Pos)
	}
	first := readWindow(t, d, k, p.Prev, 1)
	if len(first.Items) != 1 || first.Items[0].ID != ids[0] || first.Start != 1 || first.Prev != "" {
		t.Errorf("back to the start: %+v", first)
	}

	if cond, args, err := k.Seek(k.Cursor("n0", ids[0])); err != nil || cond != "(name, id) > (?, ?)" || len(args) != 2 {
		t.Errorf("Seek(old cursor) = %q, %v, %v", cond, args, err)
	}
	if _, _, err := k.Seek(p.Prev); !core.IsCode(err, core.Invalid) {
		t.Errorf("Seek(prev cursor) = %v, want invalid", err)
	}
	for _, bad := range []string{"!!", core.EncodeCursor("n0"), core.EncodeCursor("n0", "not an id"),
		core.Cursor{Keys: []string{"n0", "not an id"}, Before: true, Pos: 3}.Encode()} {
		if _, err := k.Open(bad); !core.IsCode(err, core.Invalid) {
			t.Errorf("Open(%q) = %v, want invalid", bad, err)
		}
	}
}

// TestPageClampsPositions: positions carried by cursors are of when the
// cursor was made; a page keeps them within the list as it is now.
func TestPageClampsPositions(t *testing.T) {
	k := db.OrderedBy(-1, false, "name", "id")
	id := core.NewID()
	open := func(c core.Cursor) db.Window {
		w, err := k.Open(c.Encode())
		if err != nil {
			t.Fatal(err)
		}
		return w
	}
	keys := [][]string{{"a", id}, {"b", id}, {"c", id}}
	rows := []string{"a", "b", "c"}
	// After row 100 of a list that now has 10 rows: the page is its last.
	if p := db.Page(open(core.Cursor{Keys: keys[0], Pos: 100}), 5, 10, rows, keys); p.Start != 8 {
		t.Errorf("after a position beyond the total: start %d, want 8", p.Start)
	}
	// Before row 2 with more rows before: not the first page, whatever
	// the stale position says.
	p := db.Page(open(core.Cursor{Keys: keys[0], Before: true, Pos: 2}), 2, 10, rows, keys)
	if p.Start != 2 || !slices.Equal(p.Items, []string{"b", "a"}) || p.Prev == "" || p.Next == "" {
		t.Errorf("backward page: %+v", p)
	}
	// Nothing left before: the first page, exactly.
	if p := db.Page(open(core.Cursor{Keys: keys[0], Before: true, Pos: 40}), 5, 10, rows, keys); p.Start != 1 || p.Prev != "" {
		t.Errorf("backward page at the start: %+v", p)
	}
	// Exports: every row, no cursors.
	if p := db.Page(open(core.Cursor{Keys: keys[0], Pos: 1}), -1, 3, rows, nil); len(p.Items) != 3 || p.Next != "" || p.Prev != "" {
		t.Errorf("whole list: %+v", p)
	}
}
