package directory

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"

	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
)

// sortKeysVersion is the version of the rules that compute the sort_name
// and search columns (sortKey, personSortKey, searchText). Raise it when
// they change: the directory's Build then recomputes every stored value.
// Version 1 repairs the keys a shared transform chain (the name-folding
// race of issue 7) stored empty, cut short or with a NUL byte.
const sortKeysVersion = 1

// keyRepair is one table whose derived columns RepairSortKeys recomputes:
// derive computes the values of the columns out from those of in.
type keyRepair struct {
	table   string
	in, out []string
	derive  func(in []string) []string
}

var keyRepairs = []keyRepair{
	{
		table: "agencies", in: []string{"name", "name_native", "acronym", "code"}, out: []string{"sort_name", "search"},
		derive: func(in []string) []string { return []string{sortKey(in[0]), searchText(in[0], in[1], in[2], in[3])} },
	},
	{
		table: "units", in: []string{"name"}, out: []string{"sort_name"},
		derive: func(in []string) []string { return []string{sortKey(in[0])} },
	},
	{
		table: "people", in: []string{"given_name", "family_name", "given_name_native", "family_name_native", "position"},
		out: []string{"sort_name", "search"},
		derive: func(in []string) []string {
			return []string{personSortKey(in[1], in[0]), searchText(in[0], in[1], in[2], in[3], in[4])}
		},
	},
	{
		table: "networks", in: []string{"name"}, out: []string{"sort_name"},
		derive: func(in []string) []string { return []string{sortKey(in[0])} },
	},
}

// sortKeysStored reads the sortKeysVersion the stored columns were
// computed with (0 when never).
func (st *store) sortKeysStored(ctx context.Context) (int, error) {
	var v int
	err := st.db.QueryRow(ctx, `SELECT sort_version FROM search_keys_version WHERE id = 1`).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return v, db.Err(err)
}

// RepairSortKeys recomputes the sort_name and search columns of agencies,
// units, people and networks when they were computed with rules older
// than sortKeysVersion, rewrites the rows whose stored value differs, and
// reports how many it rewrote (audited as directory.keys.repair). It is
// idempotent: with the keys current it reads one row. Build calls it at
// start-up, after RefreshSearchKeys.
func (s *Service) RepairSortKeys(ctx context.Context) (int, error) {
	if v, err := s.st.sortKeysStored(ctx); err != nil || v >= sortKeysVersion {
		return 0, err
	}
	ctx = core.WithActor(ctx, core.SystemActor("directory.keys"))
	n := 0
	err := s.db.Write(ctx, func(ctx context.Context) error {
		// Take the version row first, so that two processes starting
		// together do the work once.
		if _, err := s.db.Exec(ctx, `INSERT INTO search_keys_version (id, version) VALUES (1, 0) ON CONFLICT (id) DO NOTHING`); err != nil {
			return err
		}
		if _, err := s.db.Exec(ctx, `UPDATE search_keys_version SET sort_version = sort_version WHERE id = 1`); err != nil {
			return err
		}
		if v, err := s.st.sortKeysStored(ctx); err != nil || v >= sortKeysVersion {
			return err
		}
		repaired := map[string]any{}
		for _, k := range keyRepairs {
			c, err := s.st.repairKeys(ctx, k)
			if err != nil {
				return err
			}
			if c > 0 {
				repaired[k.table] = c
			}
			n += c
		}
		if _, err := s.db.Exec(ctx, `UPDATE search_keys_version SET sort_version = ? WHERE id = 1`, sortKeysVersion); err != nil {
			return err
		}
		if n == 0 {
			return nil
		}
		return s.record(ctx, "keys", "repair", "", map[string]any{"version": sortKeysVersion, "rows": repaired})
	})
	return n, err
}

// repairKeys rewrites the derived columns of k.table where they differ
// from what the current rules compute, and reports how many rows.
func (st *store) repairKeys(ctx context.Context, k keyRepair) (int, error) {
	cols := append(slices.Clone(k.in), k.out...)
	rows, err := st.db.Query(ctx, `SELECT id, `+strings.Join(cols, ", ")+` FROM `+k.table)
	if err != nil {
		return 0, err
	}
	type fix struct {
		id   string
		vals []string
	}
	var fixes []fix
	for rows.Next() {
		var id string
		vals := make([]sql.NullString, len(cols))
		dest := []any{&id}
		for i := range vals {
			dest = append(dest, &vals[i])
		}
		if err := rows.Scan(dest...); err != nil {
			rows.Close()
			return 0, db.Err(err)
		}
		in := make([]string, len(vals))
		for i, v := range vals {
			in[i] = v.String
		}
		want := k.derive(in[:len(k.in)])
		for i, w := range want {
			if in[len(k.in)+i] != w {
				fixes = append(fixes, fix{id: id, vals: want})
				break
			}
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, db.Err(err)
	}
	for _, f := range fixes {
		args := make([]any, 0, len(f.vals)+1)
		for _, v := range f.vals {
			args = append(args, v)
		}
		if _, err := st.db.Exec(ctx, `UPDATE `+k.table+` SET `+strings.Join(k.out, " = ?, ")+` = ? WHERE id = ?`, append(args, f.id)...); err != nil {
			return 0, err
		}
	}
	return len(fixes), nil
}
