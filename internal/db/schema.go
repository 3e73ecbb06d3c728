package db

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// This file reads the schema back from the engine's catalogue, for the
// test that compares the two engines, for backup and restore, and for
// tests that tamper with guarded tables. Each query exists in both
// versions side by side.

// ColumnType is a column's type as the engine declares it, reduced to a
// few kinds. SQLite knows only storage classes (text, integer, real,
// numeric, bytes); PostgreSQL also knows the finer kinds the project
// stores as text or integer on SQLite.
type ColumnType string

// The column types. Class maps each to what both engines share.
const (
	TypeText      ColumnType = "text"      // SQLite TEXT; PostgreSQL text, varchar, char
	TypeInteger   ColumnType = "integer"   // SQLite INTEGER; PostgreSQL smallint, integer, bigint
	TypeReal      ColumnType = "real"      // SQLite REAL; PostgreSQL real, double precision
	TypeNumeric   ColumnType = "numeric"   // SQLite NUMERIC affinity; PostgreSQL numeric
	TypeBytes     ColumnType = "bytes"     // SQLite BLOB; PostgreSQL bytea
	TypeBoolean   ColumnType = "boolean"   // PostgreSQL boolean; INTEGER 0/1 on SQLite
	TypeTimestamp ColumnType = "timestamp" // PostgreSQL timestamptz; TEXT in TimeLayout on SQLite
	TypeDate      ColumnType = "date"      // PostgreSQL date; TEXT on SQLite
	TypeUUID      ColumnType = "uuid"      // PostgreSQL uuid; TEXT on SQLite
	TypeJSON      ColumnType = "json"      // PostgreSQL json, jsonb; TEXT on SQLite
	TypeOther     ColumnType = "other"     // anything else: arrays, enums, …
)

// Class is the type both engines agree on: the SQLite storage class the
// project uses for t. Booleans are integers 0/1; timestamps, dates, UUIDs
// and JSON are text. Two schemas are the same when their classes are:
// SQLite cannot tell a timestamp column from a text column, so neither
// can the comparison.
func (t ColumnType) Class() ColumnType {
	switch t {
	case TypeBoolean:
		return TypeInteger
	case TypeTimestamp, TypeDate, TypeUUID, TypeJSON:
		return TypeText
	}
	return t
}

// Schema is the shape of a database: its tables (goose's bookkeeping
// excluded), sorted by name.
type Schema struct {
	Tables []Table
}

// Table is one table: its columns and indexes, sorted by name.
type Table struct {
	Name    string
	Columns []Column
	Indexes []Index // primary keys excluded: see Column.PrimaryKey
}

// Column is one column of a table.
type Column struct {
	Name string
	Type ColumnType
	// Decl is the type as declared ("TEXT", "timestamp with time zone"),
	// for messages only.
	Decl     string
	Nullable bool
	// Default is the default expression, normalised so that the engines
	// agree: no PostgreSQL casts or enclosing parentheses, booleans as 0
	// and 1, quoted numbers unquoted, NULL as "". "" means none.
	Default string
	// PrimaryKey is the column's position in the primary key (1, 2, …),
	// 0 if it is not in it. Primary key columns are not nullable (SQLite
	// would accept a NULL in a TEXT PRIMARY KEY; the project never writes
	// one, and PostgreSQL refuses it).
	PrimaryKey int
}

// Index is one index other than a primary key.
type Index struct {
	Name    string
	Unique  bool
	Columns []string // in key order; an expression is "(expr)"
	// Where is the predicate of a partial index, normalised like
	// defaults (no casts, no parentheses, lower case, single spaces).
	Where string
}

// Table returns the table named name, or nil.
func (s Schema) Table(name string) *Table {
	i := slices.IndexFunc(s.Tables, func(t Table) bool { return t.Name == name })
	if i < 0 {
		return nil
	}
	return &s.Tables[i]
}

// Column returns the column named name, or nil.
func (t Table) Column(name string) *Column {
	i := slices.IndexFunc(t.Columns, func(c Column) bool { return c.Name == name })
	if i < 0 {
		return nil
	}
	return &t.Columns[i]
}

// Diff lists, one line each, how s and o differ: tables and columns only
// in one, column classes, nullability, defaults and primary keys, and
// indexes (uniqueness, columns, predicate). sName and oName label the two
// sides ("sqlite", "postgres"). Declared types are only reported.
func (s Schema) Diff(sName string, o Schema, oName string) []string {
	var out []string
	for _, t := range s.Tables {
		ot := o.Table(t.Name)
		if ot == nil {
			out = append(out, fmt.Sprintf("table %s: only on %s", t.Name, sName))
			continue
		}
		out = append(out, t.diff(sName, *ot, oName)...)
	}
	for _, t := range o.Tables {
		if s.Table(t.Name) == nil {
			out = append(out, fmt.Sprintf("table %s: only on %s", t.Name, oName))
		}
	}
	return out
}

func (t Table) diff(sName string, o Table, oName string) []string {
	var out []string
	for _, c := range t.Columns {
		oc := o.Column(c.Name)
		if oc == nil {
			out = append(out, fmt.Sprintf("column %s.%s: only on %s", t.Name, c.Name, sName))
			continue
		}
		at := func(what string, a, b any) {
			out = append(out, fmt.Sprintf("column %s.%s: %s %v on %s, %v on %s", t.Name, c.Name, what, a, sName, b, oName))
		}
		if c.Type.Class() != oc.Type.Class() {
			at("type", fmt.Sprintf("%s (%s)", c.Type.Class(), c.Decl), fmt.Sprintf("%s (%s)", oc.Type.Class(), oc.Decl))
		}
		if c.Nullable != oc.Nullable {
			at("nullable", c.Nullable, oc.Nullable)
		}
		if c.Default != oc.Default {
			at("default", fmt.Sprintf("%q", c.Default), fmt.Sprintf("%q", oc.Default))
		}
		if c.PrimaryKey != oc.PrimaryKey {
			at("primary key position", c.PrimaryKey, oc.PrimaryKey)
		}
	}
	for _, c := range o.Columns {
		if t.Column(c.Name) == nil {
			out = append(out, fmt.Sprintf("column %s.%s: only on %s", t.Name, c.Name, oName))
		}
	}
	idx := func(ix []Index, name string) *Index {
		i := slices.IndexFunc(ix, func(x Index) bool { return x.Name == name })
		if i < 0 {
			return nil
		}
		return &ix[i]
	}
	for _, x := range t.Indexes {
		ox := idx(o.Indexes, x.Name)
		if ox == nil {
			out = append(out, fmt.Sprintf("index %s on %s: only on %s", x.Name, t.Name, sName))
			continue
		}
		if x.Unique != ox.Unique || !slices.Equal(x.Columns, ox.Columns) || x.Where != ox.Where {
			out = append(out, fmt.Sprintf("index %s on %s: %s on %s, %s on %s", x.Name, t.Name, x, sName, *ox, oName))
		}
	}
	for _, x := range o.Indexes {
		if idx(t.Indexes, x.Name) == nil {
			out = append(out, fmt.Sprintf("index %s on %s: only on %s", x.Name, t.Name, oName))
		}
	}
	return out
}

func (x Index) String() string {
	s := "(" + strings.Join(x.Columns, ", ") + ")"
	if x.Unique {
		s = "unique " + s
	}
	if x.Where != "" {
		s += " where " + x.Where
	}
	return s
}

// Schema reads the shape of every table from the engine's catalogue, in
// one read transaction (or the one ctx carries).
func (d *DB) Schema(ctx context.Context) (Schema, error) {
	var s Schema
	err := d.Read(ctx, func(ctx context.Context) error {
		names, err := d.Tables(ctx)
		if err != nil {
			return err
		}
		for _, n := range names {
			t, err := d.table(ctx, n)
			if err != nil {
				return err
			}
			s.Tables = append(s.Tables, t)
		}
		// Sorted here: the engines' collations may order names differently.
		slices.SortFunc(s.Tables, func(a, b Table) int { return strings.Compare(a.Name, b.Name) })
		return nil
	})
	return s, err
}

// Columns returns the column names of table, sorted. A table without
// columns (one that does not exist) is an error.
func (d *DB) Columns(ctx context.Context, table string) ([]string, error) {
	cols, err := d.columns(ctx, table)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.Name
	}
	return out, nil
}

// ColumnTypes returns the type of each column of table, by name; restore
// uses it to turn a SQLite backup's 0/1 into PostgreSQL booleans.
func (d *DB) ColumnTypes(ctx context.Context, table string) (map[string]ColumnType, error) {
	cols, err := d.columns(ctx, table)
	if err != nil {
		return nil, err
	}
	out := make(map[string]ColumnType, len(cols))
	for _, c := range cols {
		out[c.Name] = c.Type
	}
	return out, nil
}

func (d *DB) table(ctx context.Context, name string) (Table, error) {
	t := Table{Name: name}
	var err error
	if t.Columns, err = d.columns(ctx, name); err != nil {
		return t, err
	}
	if d.Dialect == Postgres {
		t.Indexes, err = d.pgIndexes(ctx, name)
	} else {
		t.Indexes, err = d.sqliteIndexes(ctx, name)
	}
	return t, err
}

// columns reads the columns of table, sorted by name.
func (d *DB) columns(ctx context.Context, table string) ([]Column, error) {
	var cols []Column
	var err error
	if d.Dialect == Postgres {
		cols, err = d.pgColumns(ctx, table)
	} else {
		cols, err = d.sqliteColumns(ctx, table)
	}
	if err != nil {
		return nil, err
	}
	if len(cols) == 0 {
		return nil, fmt.Errorf("db: table %s has no columns (does it exist?)", table)
	}
	for i := range cols {
		c := &cols[i]
		if c.PrimaryKey > 0 {
			c.Nullable = false
		}
		c.Default = normDefault(c.Default, c.Type)
	}
	slices.SortFunc(cols, func(a, b Column) int { return strings.Compare(a.Name, b.Name) })
	return cols, nil
}

func (d *DB) sqliteColumns(ctx context.Context, table string) ([]Column, error) {
	rows, err := d.Query(ctx, `SELECT name, type, "notnull", coalesce(dflt_value, ''), pk FROM pragma_table_info(?)`, table)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Column
	for rows.Next() {
		var c Column
		var notNull bool
		if err := rows.Scan(&c.Name, &c.Decl, &notNull, &c.Default, &c.PrimaryKey); err != nil {
			return nil, err
		}
		c.Nullable = !notNull
		c.Type = sqliteType(c.Decl)
		out = append(out, c)
	}
	return out, rows.Err()
}

func (d *DB) pgColumns(ctx context.Context, table string) ([]Column, error) {
	rows, err := d.Query(ctx, `
		SELECT c.column_name, c.data_type, c.is_nullable = 'YES', coalesce(c.column_default, ''),
		       coalesce((SELECT k.n FROM pg_index ix
		                 CROSS JOIN LATERAL generate_series(0, ix.indnkeyatts - 1) AS k(n)
		                 JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = ix.indkey[k.n]
		                 WHERE ix.indrelid = to_regclass(quote_ident(c.table_name)) AND ix.indisprimary
		                   AND a.attname = c.column_name), -1) + 1
		FROM information_schema.columns c
		WHERE c.table_schema = current_schema() AND c.table_name = ?`, table)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Column
	for rows.Next() {
		var c Column
		if err := rows.Scan(&c.Name, &c.Decl, &c.Nullable, &c.Default, &c.PrimaryKey); err != nil {
			return nil, err
		}
		c.Type = pgType(c.Decl)
		out = append(out, c)
	}
	return out, rows.Err()
}

func (d *DB) sqliteIndexes(ctx context.Context, table string) ([]Index, error) {
	// origin 'pk' is the primary key's own index; 'u' a UNIQUE
	// constraint, whose automatic index the migrations do not name.
	rows, err := d.Query(ctx, `
		SELECT il.name, il."unique", coalesce(s.sql, ''), ii.seqno, coalesce(ii.name, '')
		FROM pragma_index_list(?) AS il
		JOIN pragma_index_info(il.name) AS ii
		LEFT JOIN sqlite_schema s ON s.type = 'index' AND s.name = il.name
		WHERE il.origin <> 'pk'
		ORDER BY il.name, ii.seqno`, table)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Index
	for rows.Next() {
		var name, def, col string
		var unique bool
		var seq int
		if err := rows.Scan(&name, &unique, &def, &seq, &col); err != nil {
			return nil, err
		}
		if col == "" {
			col = "(expr)"
		}
		if n := len(out); n > 0 && out[n-1].Name == name {
			out[n-1].Columns = append(out[n-1].Columns, col)
			continue
		}
		out = append(out, Index{Name: name, Unique: unique, Columns: []string{col}, Where: normPredicate(sqliteWhere(def))})
	}
	return out, rows.Err()
}

func (d *DB) pgIndexes(ctx context.Context, table string) ([]Index, error) {
	rows, err := d.Query(ctx, `
		SELECT i.relname, ix.indisunique, coalesce(pg_get_expr(ix.indpred, ix.indrelid), ''), k.n, coalesce(a.attname, '')
		FROM pg_index ix
		JOIN pg_class i ON i.oid = ix.indexrelid
		CROSS JOIN LATERAL generate_series(0, ix.indnkeyatts - 1) AS k(n)
		LEFT JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = ix.indkey[k.n] AND ix.indkey[k.n] <> 0
		WHERE ix.indrelid = to_regclass(quote_ident(?)) AND NOT ix.indisprimary
		ORDER BY i.relname, k.n`, table)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Index
	for rows.Next() {
		var name, where, col string
		var unique bool
		var seq int
		if err := rows.Scan(&name, &unique, &where, &seq, &col); err != nil {
			return nil, err
		}
		if col == "" {
			col = "(expr)"
		}
		if n := len(out); n > 0 && out[n-1].Name == name {
			out[n-1].Columns = append(out[n-1].Columns, col)
			continue
		}
		out = append(out, Index{Name: name, Unique: unique, Columns: []string{col}, Where: normPredicate(where)})
	}
	return out, rows.Err()
}

// sqliteType applies SQLite's affinity rules (in their order) to a
// declared type.
func sqliteType(decl string) ColumnType {
	u := strings.ToUpper(decl)
	switch {
	case strings.Contains(u, "INT"):
		return TypeInteger
	case strings.Contains(u, "CHAR"), strings.Contains(u, "CLOB"), strings.Contains(u, "TEXT"):
		return TypeText
	case u == "", strings.Contains(u, "BLOB"):
		return TypeBytes
	case strings.Contains(u, "REAL"), strings.Contains(u, "FLOA"), strings.Contains(u, "DOUB"):
		return TypeReal
	}
	return TypeNumeric
}

// pgType maps information_schema.columns.data_type.
func pgType(dataType string) ColumnType {
	switch dataType {
	case "text", "character varying", "character", "citext":
		return TypeText
	case "smallint", "integer", "bigint":
		return TypeInteger
	case "real", "double precision":
		return TypeReal
	case "numeric":
		return TypeNumeric
	case "bytea":
		return TypeBytes
	case "boolean":
		return TypeBoolean
	case "timestamp with time zone", "timestamp without time zone":
		return TypeTimestamp
	case "date":
		return TypeDate
	case "uuid":
		return TypeUUID
	case "json", "jsonb":
		return TypeJSON
	}
	return TypeOther
}

var (
	castSuffix = regexp.MustCompile(`::[a-z_][a-z0-9_ ]*(\(\d+(,\s*\d+)?\))?(\[\])?$`)
	castAny    = regexp.MustCompile(`::[a-z_][a-z0-9_]*( (varying|with(out)? time zone|precision))?(\(\d+(,\s*\d+)?\))?(\[\])?`)
	spaces     = regexp.MustCompile(`\s+`)
	numberLit  = regexp.MustCompile(`^'?(-?\d+(\.\d+)?)'?$`)
)

// normDefault brings a default expression to one form on both engines.
func normDefault(s string, t ColumnType) string {
	for {
		prev := s
		s = strings.TrimSpace(s)
		s = castSuffix.ReplaceAllString(s, "")
		s = unparen(s)
		if s == prev {
			break
		}
	}
	switch strings.ToLower(s) {
	case "", "null":
		return ""
	case "false":
		return "0"
	case "true":
		return "1"
	case "now()", "current_timestamp", "transaction_timestamp()":
		return "current_timestamp"
	}
	if t.Class() != TypeText {
		if m := numberLit.FindStringSubmatch(s); m != nil {
			return m[1]
		}
	}
	return s
}

// normPredicate brings a partial index's predicate to one form: casts and
// parentheses removed, spaces collapsed, lower-cased (string literals
// too: a difference of case only inside a literal goes unnoticed).
func normPredicate(s string) string {
	s = castAny.ReplaceAllString(s, "")
	s = strings.NewReplacer("(", " ", ")", " ").Replace(s)
	return strings.ToLower(strings.TrimSpace(spaces.ReplaceAllString(s, " ")))
}

// unparen strips one pair of parentheses enclosing all of s.
func unparen(s string) string {
	if len(s) < 2 || s[0] != '(' || s[len(s)-1] != ')' {
		return s
	}
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 && i < len(s)-1 {
				return s // "(a) + (b)": the first pair closes early
			}
		}
	}
	return s[1 : len(s)-1]
}

// sqliteWhere returns the predicate of a CREATE INDEX statement: what
// follows its last top-level WHERE, outside string literals.
func sqliteWhere(create string) string {
	u := strings.ToUpper(create)
	depth, quoted, at := 0, false, -1
	for i := 0; i < len(u); i++ {
		switch c := u[i]; {
		case c == '\'':
			quoted = !quoted
		case quoted:
		case c == '(':
			depth++
		case c == ')':
			depth--
		case depth == 0 && strings.HasPrefix(u[i:], "WHERE") &&
			(i == 0 || !isIdent(u[i-1])) && (i+5 == len(u) || !isIdent(u[i+5])):
			at = i + 5
		}
	}
	if at < 0 {
		return ""
	}
	return strings.TrimSpace(create[at:])
}

func isIdent(c byte) bool {
	return c == '_' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
}

// DisableTriggers turns off the triggers on table (SQLite, which cannot
// disable a trigger, drops them), so that a test can tamper with a table
// the triggers guard, the way an intruder with database access would.
// Tests only.
func (d *DB) DisableTriggers(ctx context.Context, table string) error {
	return d.Write(ctx, func(ctx context.Context) error {
		if d.Dialect == Postgres {
			_, err := d.Exec(ctx, `ALTER TABLE `+quoteIdent(table)+` DISABLE TRIGGER USER`)
			return err
		}
		rows, err := d.Query(ctx, `SELECT name FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = ?`, table)
		if err != nil {
			return err
		}
		var names []string
		for rows.Next() {
			var n string
			if err := rows.Scan(&n); err != nil {
				rows.Close()
				return err
			}
			names = append(names, n)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, n := range names {
			if _, err := d.Exec(ctx, `DROP TRIGGER `+quoteIdent(n)); err != nil {
				return err
			}
		}
		return nil
	})
}

// quoteIdent quotes an identifier the same way on both engines.
func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
