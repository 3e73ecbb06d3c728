// Package backup writes a consistent copy of the whole database to one
// file and restores it into an empty database of either engine. The file
// is gzip-compressed JSON lines: a header, then for each table a line with
// its columns followed by one line per row. Values are normalised
// (timestamps in db.TimeLayout, booleans as JSON booleans) so that a
// SQLite backup restores into PostgreSQL and back, and the audit chain
// still verifies.
package backup

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
)

// Format names the file format; Version changes when it does.
const (
	Format  = "topcop-backup"
	Version = 1
)

// Header is the first line of a backup.
type Header struct {
	Format        string    `json:"format"`
	Version       int       `json:"version"`
	SchemaVersion int64     `json:"schema_version"`
	Engine        string    `json:"engine"`
	CreatedAt     time.Time `json:"created_at"`
	Tables        []string  `json:"tables"`
}

type tableLine struct {
	Table   string   `json:"table"`
	Columns []string `json:"columns"`
	Rows    int      `json:"rows"`
}

// Plan says which tables a backup holds, parents before children, so that
// restoring in this order satisfies foreign keys (internal/app lists every
// foundation's declared tables, then each capability's), and which of
// them hold reference data that a fresh platform seeds (a restore
// replaces those). Write checks that Tables names exactly the tables the
// database has, so a capability that forgets to declare one is caught;
// Restore checks the same, and refuses a backup naming a table the plan
// lacks.
type Plan struct {
	Tables    []string
	Reference []string
}

// Summary counts what a backup or restore moved.
type Summary struct {
	SchemaVersion int64
	Rows          map[string]int
}

// Total is the number of rows over all tables.
func (s Summary) Total() int {
	n := 0
	for _, v := range s.Rows {
		n += v
	}
	return n
}

// Write writes a backup of d to w, from one consistent snapshot.
func Write(ctx context.Context, d *db.DB, plan Plan, w io.Writer) (Summary, error) {
	sum := Summary{Rows: map[string]int{}}
	if err := checkOrder(ctx, d, plan); err != nil {
		return sum, err
	}
	ver, _, err := d.Version(ctx)
	if err != nil {
		return sum, err
	}
	sum.SchemaVersion = ver
	gz := gzip.NewWriter(w)
	bw := bufio.NewWriterSize(gz, 1<<16)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	schema, err := d.Schema(ctx)
	if err != nil {
		return sum, err
	}
	keys := primaryKeys(schema)
	err = d.Read(ctx, func(ctx context.Context) error {
		if err := enc.Encode(Header{Format: Format, Version: Version, SchemaVersion: ver, Engine: d.Dialect.String(), CreatedAt: db.Now(), Tables: plan.Tables}); err != nil {
			return err
		}
		for _, t := range plan.Tables {
			cols, err := d.Columns(ctx, t)
			if err != nil {
				return err
			}
			var n int
			if err := d.QueryRow(ctx, `SELECT count(*) FROM `+t).Scan(&n); err != nil {
				return err
			}
			if err := enc.Encode(tableLine{Table: t, Columns: cols, Rows: n}); err != nil {
				return err
			}
			rows, err := d.Query(ctx, `SELECT `+strings.Join(cols, ", ")+` FROM `+t+` ORDER BY `+orderKey(keys, t))
			if err != nil {
				return err
			}
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			count := 0
			for rows.Next() {
				if err := rows.Scan(ptrs...); err != nil {
					rows.Close()
					return err
				}
				out := make([]any, len(vals))
				for i, v := range vals {
					out[i] = normalise(v)
				}
				if err := enc.Encode(out); err != nil {
					rows.Close()
					return err
				}
				count++
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			if count != n {
				return fmt.Errorf("backup: table %s changed during backup", t)
			}
			sum.Rows[t] = n
		}
		return nil
	})
	if err != nil {
		return sum, err
	}
	if err := bw.Flush(); err != nil {
		return sum, err
	}
	return sum, gz.Close()
}

// orderKey is the ORDER BY list of a table: its primary key, else id.
func orderKey(keys map[string]string, table string) string {
	if k := keys[table]; k != "" {
		return k
	}
	return "id"
}

// primaryKeys maps each table to its primary key columns, in key order,
// as an ORDER BY list: rows are written in a stable order whatever the
// engine, so two backups of the same data are the same.
func primaryKeys(s db.Schema) map[string]string {
	out := map[string]string{}
	for _, t := range s.Tables {
		var cols []string
		for pos := 1; ; pos++ {
			i := slices.IndexFunc(t.Columns, func(c db.Column) bool { return c.PrimaryKey == pos })
			if i < 0 {
				break
			}
			cols = append(cols, t.Columns[i].Name)
		}
		out[t.Name] = strings.Join(cols, ", ")
	}
	return out
}

// normalise turns a driver value into a JSON value both engines accept.
func normalise(v any) any {
	switch x := v.(type) {
	case time.Time:
		return x.UTC().Format(db.TimeLayout)
	case []byte:
		if len(x) == 16 {
			if u, err := uuid.FromBytes(x); err == nil {
				return u.String()
			}
		}
		return string(x)
	case [16]byte:
		return uuid.UUID(x).String()
	}
	return v
}

func checkOrder(ctx context.Context, d *db.DB, plan Plan) error {
	tables, err := d.Tables(ctx)
	if err != nil {
		return err
	}
	a := slices.Clone(plan.Tables)
	slices.Sort(a)
	slices.Sort(tables)
	if !slices.Equal(a, tables) {
		return fmt.Errorf("backup: table list out of date: database has %v, backup knows %v", tables, a)
	}
	return nil
}

// Restore reads a backup from r into d, which must be migrated to the same
// schema version and hold no data (reference countries and the empty
// audit head excepted). Everything is restored in one transaction: on any
// error nothing is written.
func Restore(ctx context.Context, d *db.DB, plan Plan, r io.Reader) (Summary, error) {
	if err := checkOrder(ctx, d, plan); err != nil {
		return Summary{Rows: map[string]int{}}, err
	}
	sum := Summary{Rows: map[string]int{}}
	gz, err := gzip.NewReader(r)
	if err != nil {
		return sum, core.Errorf(core.Invalid, "not a TOPCOP backup (not gzip): %v", err)
	}
	defer gz.Close()
	dec := json.NewDecoder(bufio.NewReaderSize(gz, 1<<16))
	dec.UseNumber()
	var h Header
	if err := dec.Decode(&h); err != nil || h.Format != Format {
		return sum, core.Errorf(core.Invalid, "not a TOPCOP backup")
	}
	if h.Version != Version {
		return sum, core.Errorf(core.Invalid, "backup format version %d, this binary reads %d", h.Version, Version)
	}
	ver, _, err := d.Version(ctx)
	if err != nil {
		return sum, err
	}
	if ver != h.SchemaVersion {
		return sum, core.Errorf(core.Invalid, "backup has schema version %d, database has %d: migrate first or use the matching release", h.SchemaVersion, ver)
	}
	sum.SchemaVersion = ver
	err = d.Write(ctx, func(ctx context.Context) error {
		if err := ensureEmpty(ctx, d, plan); err != nil {
			return err
		}
		for _, t := range plan.Reference {
			if _, err := d.Exec(ctx, `DELETE FROM `+t); err != nil {
				return err
			}
		}
		for {
			var tl tableLine
			if err := dec.Decode(&tl); errors.Is(err, io.EOF) {
				break
			} else if err != nil {
				return core.Errorf(core.Invalid, "corrupt backup: %v", err)
			}
			if !slices.Contains(plan.Tables, tl.Table) {
				return core.Errorf(core.Invalid, "backup names unknown table %q", tl.Table)
			}
			have, err := d.Columns(ctx, tl.Table)
			if err != nil {
				return err
			}
			want := slices.Clone(tl.Columns)
			slices.Sort(want)
			if !slices.Equal(have, want) {
				return core.Errorf(core.Invalid, "table %s: backup columns %v, database columns %v", tl.Table, tl.Columns, have)
			}
			types, err := d.ColumnTypes(ctx, tl.Table)
			if err != nil {
				return err
			}
			ins := `INSERT INTO ` + tl.Table + ` (` + strings.Join(tl.Columns, ", ") + `) VALUES (` + db.Placeholders(len(tl.Columns)) + `)`
			for i := 0; i < tl.Rows; i++ {
				var row []any
				if err := dec.Decode(&row); err != nil || len(row) != len(tl.Columns) {
					return core.Errorf(core.Invalid, "corrupt backup: table %s row %d", tl.Table, i+1)
				}
				for j, v := range row {
					row[j] = denormalise(v, types[tl.Columns[j]])
				}
				if _, err := d.Exec(ctx, ins, row...); err != nil {
					return fmt.Errorf("restore %s row %d: %w", tl.Table, i+1, err)
				}
			}
			sum.Rows[tl.Table] = tl.Rows
		}
		return nil
	})
	return sum, err
}

// denormalise turns a JSON value back into one the column takes: 0/1
// from a SQLite backup into a boolean where the column is one.
func denormalise(v any, typ db.ColumnType) any {
	switch x := v.(type) {
	case json.Number:
		n, err := x.Int64()
		if err != nil {
			f, _ := x.Float64()
			return f
		}
		if typ == db.TypeBoolean {
			return n != 0
		}
		return n
	case bool:
		return x
	}
	return v
}

func ensureEmpty(ctx context.Context, d *db.DB, plan Plan) error {
	for _, t := range plan.Tables {
		if slices.Contains(plan.Reference, t) {
			continue
		}
		var n int
		if err := d.QueryRow(ctx, `SELECT count(*) FROM `+t).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return core.Errorf(core.Conflict, "restore needs an empty database, but table %s has %d rows", t, n)
		}
	}
	return nil
}
