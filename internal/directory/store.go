package directory

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
)

// This file holds the SQL of the directory, the same for both engines. It
// decides nothing: who may see what arrives as conditions built by the
// service (visibility), and every method runs in the transaction carried
// by ctx, or on the read pool.

// store is the directory's SQL.
type store struct {
	db    *db.DB
	cache *readCache
}

// cond is a piece of SQL with its arguments (db.Cond).
type cond = db.Cond

var (
	condTrue  = cond{SQL: "1=1"}
	condFalse = cond{SQL: "1=0"}
)

// where joins conditions with AND into a WHERE clause ("" for none).
func where(cs []cond) (string, []any) {
	if len(cs) == 0 {
		return "", nil
	}
	parts := make([]string, len(cs))
	var args []any
	for i, c := range cs {
		parts[i] = c.SQL
		args = append(args, c.Args...)
	}
	return " WHERE " + strings.Join(parts, " AND "), args
}

// like is the condition "col contains s", for a lower-cased s.
func like(col, s string) cond {
	c, arg := db.Contains(col, s)
	return cond{SQL: c, Args: []any{arg}}
}

// searchCond matches every query word against a search column, either as
// typed or by its names.Key. It returns the zero cond when q has no words.
func searchCond(col, q string) cond { return wordsCond(col, q, nil) }

// wordsCond is searchCond with, if more is not nil, another way for each
// word to match: more(word) (the zero cond for none).
func wordsCond(col, q string, more func(w string) cond) cond {
	var parts []string
	var args []any
	for _, w := range queryWords(q) {
		alts := []cond{like(col, w[0])}
		if w[1] != "" {
			alts = append(alts, like(col, w[1]))
		}
		if more != nil {
			if m := more(w[0]); m.SQL != "" {
				alts = append(alts, m)
			}
		}
		var sqls []string
		for _, a := range alts {
			sqls = append(sqls, a.SQL)
			args = append(args, a.Args...)
		}
		parts = append(parts, "("+strings.Join(sqls, " OR ")+")")
	}
	if len(parts) == 0 {
		return cond{}
	}
	return cond{SQL: "(" + strings.Join(parts, " AND ") + ")", Args: args}
}

// personQueryCond is the search of people by name and position (column
// search of p), by names spelt another way (looseCond, search_keys.go) or,
// only where vis allows, by e-mail. Keeping the e-mail match inside the
// visibility condition is what stops a search from telling who has an
// address the actor may not see.
func personQueryCond(q string, vis cond) cond {
	c := wordsCond("p.search", q, looseCond)
	if c.SQL == "" {
		return cond{}
	}
	if q = strings.ToLower(q); !strings.ContainsAny(q, " \t") { // an e-mail address is one word
		e := like("p.email", q)
		c = cond{
			SQL:  "(" + c.SQL + " OR (" + e.SQL + " AND " + vis.SQL + "))",
			Args: append(append(append([]any{}, c.Args...), e.Args...), vis.Args...),
		}
	}
	return c
}

// ordering is the keyset order of a list (see db.Keyset).
type ordering = db.Keyset

// orderBy is a keyset of text expressions ending with the row's id; the
// expression at ts (if ts >= 0) is a timestamp.
func orderBy(ts int, desc bool, exprs ...string) ordering { return db.OrderedBy(ts, desc, exprs...) }

// sortOrders maps a list's sort keys to their keysets (db.Sorts).
type sortOrders = db.Sorts

// listQuery describes one keyset-paged list (db.ListQuery).
type listQuery = db.ListQuery

type scanner = db.Scanner

// pageOf runs a list through db.ReadList with the directory's read cache
// for its totals and pages.
func pageOf[T any](ctx context.Context, st *store, q listQuery, p core.PageRequest, scan func(sc scanner, pre []any) (T, error)) (core.List[T], error) {
	q.Totals, q.Pages = st.cache.totals, st.cache.pages
	return db.ReadList(ctx, st.db, q, p, scan)
}

// --- countries ---

func (st *store) countries(ctx context.Context) ([]Country, error) {
	rows, err := st.db.Query(ctx, `SELECT code, name_en, name_native, kind, sort_order FROM countries ORDER BY sort_order, code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Country
	for rows.Next() {
		var c Country
		if err := rows.Scan(&c.Code, &c.NameEN, &c.NameNative, &c.Kind, &c.SortOrder); err != nil {
			return nil, db.Err(err)
		}
		out = append(out, c)
	}
	return out, db.Err(rows.Err())
}

// upsertCountry inserts c or updates it when it differs; it reports
// whether a row changed.
func (st *store) upsertCountry(ctx context.Context, c Country) (bool, error) {
	res, err := st.db.Exec(ctx, `INSERT INTO countries (code, name_en, name_native, kind, sort_order) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (code) DO UPDATE SET name_en = excluded.name_en, name_native = excluded.name_native, kind = excluded.kind, sort_order = excluded.sort_order
		WHERE countries.name_en <> excluded.name_en OR countries.name_native <> excluded.name_native
		   OR countries.kind <> excluded.kind OR countries.sort_order <> excluded.sort_order`,
		c.Code, c.NameEN, c.NameNative, string(c.Kind), c.SortOrder)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

func (st *store) countryExists(ctx context.Context, code string) (bool, error) {
	var n int
	err := st.db.QueryRow(ctx, `SELECT count(*) FROM countries WHERE code = ?`, code).Scan(&n)
	return n > 0, db.Err(err)
}

func (st *store) countryCodes(ctx context.Context) (map[string]bool, error) {
	cs, err := st.countries(ctx)
	if err != nil {
		return nil, err
	}
	m := make(map[string]bool, len(cs))
	for _, c := range cs {
		m[c.Code] = true
	}
	return m, nil
}

// --- agencies ---

const agencyCols = `a.id, a.code, a.country_code, a.name, a.name_native, a.acronym, a.type, a.city, a.website, a.email, a.phone, a.demo, a.archived_at, a.created_at, a.updated_at`

func scanAgency(sc scanner, pre []any, extra ...any) (Agency, error) {
	var a Agency
	dest := append(pre, &a.ID, &a.Code, &a.CountryCode, &a.Name, &a.NameNative, &a.Acronym, &a.Type, &a.City,
		&a.Website, &a.Email, &a.Phone, &a.Demo, db.T(&a.ArchivedAt), db.T(&a.CreatedAt), db.T(&a.UpdatedAt))
	err := sc.Scan(append(dest, extra...)...)
	a.Archived = !a.ArchivedAt.IsZero()
	return a, err
}

// agency returns one agency with its counts, by id or by code.
func (st *store) agency(ctx context.Context, col, val string) (Agency, error) {
	var units, people int
	a, err := scanAgency(st.db.QueryRow(ctx, `SELECT `+agencyCols+`,
		(SELECT count(*) FROM units u WHERE u.agency_id = a.id AND u.archived_at IS NULL),
		(SELECT count(*) FROM people p WHERE p.agency_id = a.id AND p.archived_at IS NULL)
		FROM agencies a WHERE a.`+col+` = ?`, val), nil, &units, &people)
	if err != nil {
		return Agency{}, db.NotFound(err, "agency")
	}
	a.UnitCount, a.PeopleCount = units, people
	return a, nil
}

// agencyOrders are the orders of AgencySorts.
var agencyOrders = sortOrders{
	SortName:    orderBy(-1, false, "a.sort_name", "a.id"),
	SortCountry: orderBy(-1, false, "a.country_code", "a.sort_name", "a.id"),
	SortUpdated: orderBy(0, true, "a.updated_at", "a.id"),
}

func (st *store) listAgencies(ctx context.Context, f AgencyFilter, p core.PageRequest) (core.List[Agency], error) {
	var w []cond
	if !f.IncludeArchived {
		w = append(w, cond{SQL: "a.archived_at IS NULL"})
	}
	if f.Country != "" {
		w = append(w, cond{SQL: "a.country_code = ?", Args: []any{f.Country}})
	}
	if f.Type != "" {
		w = append(w, cond{SQL: "a.type = ?", Args: []any{string(f.Type)}})
	}
	if c := searchCond("a.search", f.Query); c.SQL != "" {
		w = append(w, c)
	}
	q := listQuery{Cols: cond{SQL: agencyCols}, From: " FROM agencies a", Where: w, Order: agencyOrders.Of(f.Sort, SortName)}
	return pageOf(ctx, st, q, p, func(sc scanner, pre []any) (Agency, error) { return scanAgency(sc, pre) })
}

// agencyArgs are the values of agencyWriteCols for in.
func agencyArgs(in AgencyInput) []any {
	return []any{in.Code, in.CountryCode, in.Name, in.NameNative, in.Acronym, string(in.Type), in.City,
		in.Website, in.Email, in.Phone, sortKey(in.Name), searchText(in.Name, in.NameNative, in.Acronym, in.Code), in.Demo}
}

const agencyWriteCols = `code, country_code, name, name_native, acronym, type, city, website, email, phone, sort_name, search, demo`

func (st *store) insertAgency(ctx context.Context, id string, in AgencyInput, now time.Time) error {
	args := append([]any{id}, agencyArgs(in)...)
	_, err := st.db.Exec(ctx, `INSERT INTO agencies (id, `+agencyWriteCols+`, created_at, updated_at)
		VALUES (?, `+db.Placeholders(13)+`, ?, ?)`, append(args, db.T(&now), db.T(&now))...)
	return err
}

func (st *store) updateAgency(ctx context.Context, id string, in AgencyInput, now time.Time) error {
	_, err := st.db.Exec(ctx, `UPDATE agencies SET code = ?, country_code = ?, name = ?, name_native = ?, acronym = ?, type = ?,
		city = ?, website = ?, email = ?, phone = ?, sort_name = ?, search = ?, demo = ?, updated_at = ? WHERE id = ?`,
		append(agencyArgs(in), db.T(&now), id)...)
	return err
}

// moveAgencyCountry keeps the denormalised country of an agency's people
// and contact points in step with the agency.
func (st *store) moveAgencyCountry(ctx context.Context, agencyID, country string, now time.Time) error {
	if _, err := st.db.Exec(ctx, `UPDATE people SET country_code = ?, updated_at = ? WHERE agency_id = ?`, country, db.T(&now), agencyID); err != nil {
		return err
	}
	_, err := st.db.Exec(ctx, `UPDATE contact_points SET country_code = ?, updated_at = ? WHERE agency_id = ?`, country, db.T(&now), agencyID)
	return err
}

// archivable lists the tables setArchived may touch.
var archivable = map[string]bool{"agencies": true, "units": true, "people": true, "contact_points": true, "networks": true}

// setArchived sets (archived) or clears the archived_at of a row.
func (st *store) setArchived(ctx context.Context, table, id string, archived bool, now time.Time) error {
	if !archivable[table] {
		return core.Errorf(core.Internal, "directory: %s is not archivable", table)
	}
	var at any
	if archived {
		at = db.T(&now)
	}
	_, err := st.db.Exec(ctx, `UPDATE `+table+` SET archived_at = ?, updated_at = ? WHERE id = ?`, at, db.T(&now), id)
	return err
}

func (st *store) activePeopleIn(ctx context.Context, col, id string) (int, error) {
	var n int
	err := st.db.QueryRow(ctx, `SELECT count(*) FROM people WHERE `+col+` = ? AND archived_at IS NULL`, id).Scan(&n)
	return n, db.Err(err)
}

// agencyRef is what imports need to know of an existing agency.
type agencyRef struct {
	ID, Code, Country string
	Archived          bool
	In                AgencyInput // the current values
}

// agencyIndex loads every agency by code, in one query.
func (st *store) agencyIndex(ctx context.Context) (map[string]agencyRef, error) {
	rows, err := st.db.Query(ctx, `SELECT `+agencyCols+` FROM agencies a`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m := map[string]agencyRef{}
	for rows.Next() {
		a, err := scanAgency(rows, nil)
		if err != nil {
			return nil, db.Err(err)
		}
		m[a.Code] = agencyRef{ID: a.ID, Code: a.Code, Country: a.CountryCode, Archived: a.Archived, In: agencyInputOf(a)}
	}
	return m, db.Err(rows.Err())
}

func agencyInputOf(a Agency) AgencyInput {
	return AgencyInput{Code: a.Code, CountryCode: a.CountryCode, Name: a.Name, NameNative: a.NameNative,
		Acronym: a.Acronym, Type: a.Type, City: a.City, Website: a.Website, Email: a.Email, Phone: a.Phone, Demo: a.Demo}
}

// --- units ---

const unitCols = `u.id, u.agency_id, u.name, u.name_native, u.archived_at, u.created_at, u.updated_at`

func scanUnit(sc scanner) (Unit, error) {
	var u Unit
	err := sc.Scan(&u.ID, &u.AgencyID, &u.Name, &u.NameNative, db.T(&u.ArchivedAt), db.T(&u.CreatedAt), db.T(&u.UpdatedAt))
	u.Archived = !u.ArchivedAt.IsZero()
	return u, err
}

func (st *store) unit(ctx context.Context, id string) (Unit, error) {
	u, err := scanUnit(st.db.QueryRow(ctx, `SELECT `+unitCols+` FROM units u WHERE u.id = ?`, id))
	return u, db.NotFound(err, "unit")
}

func (st *store) units(ctx context.Context, agencyID string, includeArchived bool) ([]Unit, error) {
	q := `SELECT ` + unitCols + ` FROM units u WHERE u.agency_id = ?`
	if !includeArchived {
		q += ` AND u.archived_at IS NULL`
	}
	rows, err := st.db.Query(ctx, q+` ORDER BY u.sort_name, u.id`, agencyID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Unit{}
	for rows.Next() {
		u, err := scanUnit(rows)
		if err != nil {
			return nil, db.Err(err)
		}
		out = append(out, u)
	}
	return out, db.Err(rows.Err())
}

func (st *store) insertUnit(ctx context.Context, id, agencyID string, in UnitInput, now time.Time) error {
	_, err := st.db.Exec(ctx, `INSERT INTO units (id, agency_id, name, name_native, sort_name, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		id, agencyID, in.Name, in.NameNative, sortKey(in.Name), db.T(&now), db.T(&now))
	return err
}

func (st *store) updateUnit(ctx context.Context, id string, in UnitInput, now time.Time) error {
	_, err := st.db.Exec(ctx, `UPDATE units SET name = ?, name_native = ?, sort_name = ?, updated_at = ? WHERE id = ?`,
		in.Name, in.NameNative, sortKey(in.Name), db.T(&now), id)
	return err
}

// unitIndex maps agency id + "\x1f" + sortKey(unit name) to the ids of
// active units, for imports.
func (st *store) unitIndex(ctx context.Context) (map[string]string, error) {
	rows, err := st.db.Query(ctx, `SELECT id, agency_id, sort_name FROM units WHERE archived_at IS NULL`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m := map[string]string{}
	for rows.Next() {
		var id, agency, name string
		if err := rows.Scan(&id, &agency, &name); err != nil {
			return nil, db.Err(err)
		}
		m[agency+"\x1f"+name] = id
	}
	return m, db.Err(rows.Err())
}

// --- people ---

// contactSep joins e-mail and phone in the contact column; neither may
// contain it (validation rejects control characters).
const contactSep = "\x1f"

// contactSQL is the one column that carries a person's (aliased p) e-mail
// and phone, joined by contactSep, where vis holds, and NULL where it does
// not: the need-to-know filter is in the query, and it is evaluated once
// per row. Its arguments are contactArgs(vis).
func contactSQL(vis cond) string {
	return "CASE WHEN " + vis.SQL + " THEN p.email || ? || p.phone END"
}

func contactArgs(vis cond) []any { return append(append([]any{}, vis.Args...), contactSep) }

// contactScanner scans the column of contactSQL.
type contactScanner struct {
	email, phone *string
	visible      *bool
}

func contactDest(email, phone *string, visible *bool) contactScanner {
	return contactScanner{email: email, phone: phone, visible: visible}
}

func (c contactScanner) Scan(v any) error {
	var s string
	switch v := v.(type) {
	case nil:
		*c.email, *c.phone, *c.visible = "", "", false
		return nil
	case string:
		s = v
	case []byte:
		s = string(v)
	default:
		return fmt.Errorf("contact column: unexpected %T", v)
	}
	email, phone, ok := strings.Cut(s, contactSep)
	if !ok {
		return fmt.Errorf("contact column without separator")
	}
	*c.email, *c.phone, *c.visible = email, phone, true
	return nil
}

// personCols selects a person; e-mail and phone only where vis holds.
func personCols(vis cond) cond {
	return cond{
		SQL: `p.id, p.agency_id, a.name, a.code, p.unit_id, u.name, p.country_code, p.given_name, p.family_name,
			p.given_name_native, p.family_name_native, p.sex, p.position, p.languages,
			` + contactSQL(vis) + `,
			p.demo, p.archived_at, p.created_at, p.updated_at`,
		Args: contactArgs(vis),
	}
}

const personFrom = ` FROM people p JOIN agencies a ON a.id = p.agency_id LEFT JOIN units u ON u.id = p.unit_id`

func scanPerson(sc scanner, pre []any) (Person, error) {
	var p Person
	var unitID, unitName sql.NullString
	var langs string
	err := sc.Scan(append(pre, &p.ID, &p.AgencyID, &p.AgencyName, &p.AgencyCode, &unitID, &unitName, &p.CountryCode,
		&p.GivenName, &p.FamilyName, &p.GivenNameNative, &p.FamilyNameNative, &p.Sex, &p.Position, &langs,
		contactDest(&p.Email, &p.Phone, &p.ContactVisible), &p.Demo, db.T(&p.ArchivedAt), db.T(&p.CreatedAt), db.T(&p.UpdatedAt))...)
	p.UnitID, p.UnitName = unitID.String, unitName.String
	p.Languages = splitLanguages(langs)
	p.Archived = !p.ArchivedAt.IsZero()
	return p, err
}

func splitLanguages(s string) []string {
	if s == "" {
		return []string{}
	}
	return strings.Split(s, ",")
}

func (st *store) person(ctx context.Context, vis cond, id string) (Person, error) {
	c := personCols(vis)
	p, err := scanPerson(st.db.QueryRow(ctx, `SELECT `+c.SQL+personFrom+` WHERE p.id = ?`, append(c.Args, id)...), nil)
	return p, db.NotFound(err, "person")
}

// peopleOrders are the orders of PersonSorts.
var peopleOrders = sortOrders{
	SortName:    orderBy(-1, false, "p.sort_name", "p.id"),
	SortAgency:  orderBy(-1, false, "a.sort_name", "p.sort_name", "p.id"),
	SortCountry: orderBy(-1, false, "p.country_code", "p.sort_name", "p.id"),
	SortUpdated: orderBy(0, true, "p.updated_at", "p.id"),
}

func peopleWhere(f PersonFilter, vis cond) []cond {
	var w []cond
	if !f.IncludeArchived {
		w = append(w, cond{SQL: "p.archived_at IS NULL"})
	}
	eq := func(col, v string) {
		if v != "" {
			w = append(w, cond{SQL: col + " = ?", Args: []any{v}})
		}
	}
	eq("p.country_code", f.Country)
	eq("p.agency_id", f.AgencyID)
	eq("p.unit_id", f.UnitID)
	eq("p.sex", string(f.Sex))
	if f.NetworkID != "" {
		w = append(w, cond{SQL: "EXISTS (SELECT 1 FROM network_members nm WHERE nm.person_id = p.id AND nm.network_id = ?)", Args: []any{f.NetworkID}})
	}
	if f.Role != "" {
		w = append(w, cond{SQL: "EXISTS (SELECT 1 FROM contact_points cr WHERE cr.person_id = p.id AND cr.kind = ? AND cr.archived_at IS NULL)", Args: []any{string(f.Role)}})
	}
	if f.Language != "" {
		w = append(w, cond{SQL: "(',' || p.languages || ',') LIKE ?", Args: []any{"%," + f.Language + ",%"}})
	}
	if c := personQueryCond(f.Query, vis); c.SQL != "" {
		w = append(w, c)
	}
	return w
}

func (st *store) listPeople(ctx context.Context, vis cond, f PersonFilter, p core.PageRequest) (core.List[Person], error) {
	q := listQuery{Cols: personCols(vis), From: personFrom, CountFrom: " FROM people p", Where: peopleWhere(f, vis), Order: peopleOrders.Of(f.Sort, SortName)}
	return pageOf(ctx, st, q, p, scanPerson)
}

const personWriteCols = `agency_id, unit_id, country_code, given_name, family_name, given_name_native, family_name_native,
	sex, position, languages, email, phone, sort_name, search, demo`

func personArgs(in PersonInput, country string) []any {
	var unit any
	if in.UnitID != "" {
		unit = in.UnitID
	}
	return []any{in.AgencyID, unit, country, in.GivenName, in.FamilyName, in.GivenNameNative, in.FamilyNameNative,
		string(in.Sex), in.Position, strings.Join(in.Languages, ","), in.Email, in.Phone,
		personSortKey(in.FamilyName, in.GivenName),
		searchText(in.GivenName, in.FamilyName, in.GivenNameNative, in.FamilyNameNative, in.Position), in.Demo}
}

// personRow is one row for insertPeople.
type personRow struct {
	ID      string
	In      PersonInput
	Country string
}

// insertPeople inserts people with multi-row INSERTs, and their name
// blocks and search keys.
func (st *store) insertPeople(ctx context.Context, ps []personRow, now time.Time) error {
	rows := make([][]any, len(ps))
	var blocks [][]any
	keys := make([]personTokens, len(ps))
	for i, p := range ps {
		rows[i] = append(append([]any{p.ID}, personArgs(p.In, p.Country)...), db.T(&now), db.T(&now))
		for _, b := range personBlocks(p.In) {
			blocks = append(blocks, []any{p.ID, b})
		}
		keys[i] = personTokens{id: p.ID, tokens: personSearchTokens(p.In)}
	}
	cols := "id, " + personWriteCols + ", created_at, updated_at"
	if err := st.insertMany(ctx, "people", cols, 18, rows); err != nil {
		return err
	}
	if err := st.insertMany(ctx, "person_name_blocks", "person_id, block", 2, blocks); err != nil {
		return err
	}
	return st.writeSearchKeys(ctx, keys, false)
}

// insertMany inserts rows of n values each, in statements of at most 500
// rows (and well under both engines' limits on placeholders).
func (st *store) insertMany(ctx context.Context, table, cols string, n int, rows [][]any) error {
	per := min(500, 30000/n)
	one := "(" + db.Placeholders(n) + ")"
	for len(rows) > 0 {
		k := min(per, len(rows))
		var args []any
		for _, r := range rows[:k] {
			args = append(args, r...)
		}
		q := "INSERT INTO " + table + " (" + cols + ") VALUES " + strings.TrimSuffix(strings.Repeat(one+", ", k), ", ")
		if _, err := st.db.Exec(ctx, q, args...); err != nil {
			return err
		}
		rows = rows[k:]
	}
	return nil
}

func (st *store) updatePerson(ctx context.Context, id string, in PersonInput, country string, now time.Time) error {
	_, err := st.db.Exec(ctx, `UPDATE people SET agency_id = ?, unit_id = ?, country_code = ?, given_name = ?, family_name = ?,
		given_name_native = ?, family_name_native = ?, sex = ?, position = ?, languages = ?, email = ?, phone = ?,
		sort_name = ?, search = ?, demo = ?, updated_at = ? WHERE id = ?`,
		append(personArgs(in, country), db.T(&now), id)...)
	if err != nil {
		return err
	}
	if err := st.writeSearchKeys(ctx, []personTokens{{id: id, tokens: personSearchTokens(in)}}, true); err != nil {
		return err
	}
	return st.setBlocks(ctx, id, personBlocks(in))
}

// setBlocks replaces a person's duplicate-detection blocks.
func (st *store) setBlocks(ctx context.Context, personID string, blocks []string) error {
	if _, err := st.db.Exec(ctx, `DELETE FROM person_name_blocks WHERE person_id = ?`, personID); err != nil {
		return err
	}
	rows := make([][]any, len(blocks))
	for i, b := range blocks {
		rows[i] = []any{personID, b}
	}
	return st.insertMany(ctx, "person_name_blocks", "person_id, block", 2, rows)
}

// moveContactPoints keeps the denormalised agency and country of a
// person's contact points in step with the person.
func (st *store) moveContactPoints(ctx context.Context, personID, agencyID, country string, now time.Time) error {
	_, err := st.db.Exec(ctx, `UPDATE contact_points SET agency_id = ?, country_code = ?, updated_at = ? WHERE person_id = ?`,
		agencyID, country, db.T(&now), personID)
	return err
}

// candidate is an existing person that a name may duplicate.
type candidate struct {
	Person Person // minimal fields
	Names  []string
}

// nameCandidates returns the active people sharing at least one block with
// blocks, keyed by block, except exclude. Blocks are looked up in chunks,
// so an import asks once per 500 blocks, not once per row.
func (st *store) nameCandidates(ctx context.Context, blocks []string, exclude string) (map[string][]*candidate, error) {
	out := map[string][]*candidate{}
	byID := map[string]*candidate{}
	for len(blocks) > 0 {
		k := min(500, len(blocks))
		args := make([]any, 0, k+1)
		for _, b := range blocks[:k] {
			args = append(args, b)
		}
		q := `SELECT b.block, p.id, p.given_name, p.family_name, p.given_name_native, p.family_name_native,
			p.agency_id, a.name, a.code, p.country_code
			FROM person_name_blocks b JOIN people p ON p.id = b.person_id JOIN agencies a ON a.id = p.agency_id
			WHERE b.block IN (` + db.Placeholders(k) + `) AND p.archived_at IS NULL`
		if exclude != "" {
			q += ` AND p.id <> ?`
			args = append(args, exclude)
		}
		rows, err := st.db.Query(ctx, q, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var block string
			var p Person
			if err := rows.Scan(&block, &p.ID, &p.GivenName, &p.FamilyName, &p.GivenNameNative, &p.FamilyNameNative,
				&p.AgencyID, &p.AgencyName, &p.AgencyCode, &p.CountryCode); err != nil {
				rows.Close()
				return nil, db.Err(err)
			}
			c := byID[p.ID]
			if c == nil {
				p.Languages = []string{}
				c = &candidate{Person: p, Names: personNames(p.GivenName, p.FamilyName, p.GivenNameNative, p.FamilyNameNative)}
				byID[p.ID] = c
			}
			out[block] = append(out[block], c)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, db.Err(err)
		}
		blocks = blocks[k:]
	}
	return out, nil
}

// personRef is what imports need to know of an existing person found by
// e-mail.
type personRef struct {
	ID, Country string
	Visible     bool // the actor may see this person's contact details
}

// peopleByEmail loads every person with an e-mail, in one query; Visible
// follows vis.
func (st *store) peopleByEmail(ctx context.Context, vis cond) (map[string]personRef, error) {
	rows, err := st.db.Query(ctx, `SELECT p.id, p.email, p.country_code, CASE WHEN `+vis.SQL+` THEN 1 ELSE 0 END
		FROM people p WHERE p.email <> ''`, vis.Args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m := map[string]personRef{}
	for rows.Next() {
		var r personRef
		var email string
		if err := rows.Scan(&r.ID, &email, &r.Country, &r.Visible); err != nil {
			return nil, db.Err(err)
		}
		m[email] = r
	}
	return m, db.Err(rows.Err())
}

// peopleByID loads full people (contact details included: the caller
// decides what is shown), in chunks.
func (st *store) peopleByID(ctx context.Context, ids []string) (map[string]Person, error) {
	m := make(map[string]Person, len(ids))
	c := personCols(condTrue)
	for len(ids) > 0 {
		k := min(500, len(ids))
		args := append([]any{}, c.Args...)
		for _, id := range ids[:k] {
			args = append(args, id)
		}
		rows, err := st.db.Query(ctx, `SELECT `+c.SQL+personFrom+` WHERE p.id IN (`+db.Placeholders(k)+`)`, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			p, err := scanPerson(rows, nil)
			if err != nil {
				rows.Close()
				return nil, db.Err(err)
			}
			m[p.ID] = p
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, db.Err(err)
		}
		ids = ids[k:]
	}
	return m, nil
}

// --- contact points ---

func contactPointCols(vis cond) cond {
	return cond{
		SQL: `cp.id, cp.person_id, p.given_name, p.family_name, cp.agency_id, a.name, cp.country_code, cp.kind, cp.area,
			cp.available_247, cp.notes,
			` + contactSQL(vis) + `,
			cp.archived_at, cp.created_at, cp.updated_at`,
		Args: contactArgs(vis),
	}
}

const contactPointFrom = ` FROM contact_points cp JOIN people p ON p.id = cp.person_id JOIN agencies a ON a.id = cp.agency_id`

func scanContactPoint(sc scanner, pre []any) (ContactPoint, error) {
	var c ContactPoint
	var given, family string
	err := sc.Scan(append(pre, &c.ID, &c.PersonID, &given, &family, &c.AgencyID, &c.AgencyName, &c.CountryCode, &c.Kind,
		&c.Area, &c.Available247, &c.Notes, contactDest(&c.Email, &c.Phone, &c.ContactVisible),
		db.T(&c.ArchivedAt), db.T(&c.CreatedAt), db.T(&c.UpdatedAt))...)
	c.PersonName = joinName(given, family)
	c.Archived = !c.ArchivedAt.IsZero()
	return c, err
}

func (st *store) contactPoint(ctx context.Context, vis cond, id string) (ContactPoint, error) {
	c := contactPointCols(vis)
	cp, err := scanContactPoint(st.db.QueryRow(ctx, `SELECT `+c.SQL+contactPointFrom+` WHERE cp.id = ?`, append(c.Args, id)...), nil)
	return cp, db.NotFound(err, "contact point")
}

func (st *store) listContactPoints(ctx context.Context, vis cond, f ContactPointFilter, p core.PageRequest) (core.List[ContactPoint], error) {
	w := []cond{{SQL: "p.archived_at IS NULL"}}
	if !f.IncludeArchived {
		w = append(w, cond{SQL: "cp.archived_at IS NULL"})
	}
	eq := func(col, v string) {
		if v != "" {
			w = append(w, cond{SQL: col + " = ?", Args: []any{v}})
		}
	}
	eq("cp.country_code", f.Country)
	eq("cp.agency_id", f.AgencyID)
	eq("cp.kind", string(f.Kind))
	eq("cp.area", f.Area)
	if f.Only247 {
		w = append(w, cond{SQL: "cp.available_247 = ?", Args: []any{true}})
	}
	if c := personQueryCond(f.Query, vis); c.SQL != "" {
		w = append(w, c)
	}
	q := listQuery{Cols: contactPointCols(vis), From: contactPointFrom, Where: w, Order: contactPointOrders.Of(f.Sort, SortCountry)}
	return pageOf(ctx, st, q, p, scanContactPoint)
}

// contactPointOrders are the orders of ContactPointSorts.
var contactPointOrders = sortOrders{
	SortCountry: orderBy(-1, false, "cp.country_code", "p.sort_name", "cp.id"),
	SortName:    orderBy(-1, false, "p.sort_name", "cp.id"),
	SortAgency:  orderBy(-1, false, "a.sort_name", "p.sort_name", "cp.id"),
}

func (st *store) insertContactPoint(ctx context.Context, id string, in ContactPointInput, agencyID, country string, now time.Time) error {
	_, err := st.db.Exec(ctx, `INSERT INTO contact_points (id, person_id, agency_id, country_code, kind, area, available_247, notes, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		id, in.PersonID, agencyID, country, string(in.Kind), in.Area, in.Available247, in.Notes, db.T(&now), db.T(&now))
	return err
}

func (st *store) updateContactPoint(ctx context.Context, id string, in ContactPointInput, agencyID, country string, now time.Time) error {
	_, err := st.db.Exec(ctx, `UPDATE contact_points SET person_id = ?, agency_id = ?, country_code = ?, kind = ?, area = ?,
		available_247 = ?, notes = ?, updated_at = ? WHERE id = ?`,
		in.PersonID, agencyID, country, string(in.Kind), in.Area, in.Available247, in.Notes, db.T(&now), id)
	return err
}

// --- networks ---

const networkCols = `n.id, n.code, n.name, n.kind, n.description,
	(SELECT count(*) FROM network_members m JOIN people mp ON mp.id = m.person_id WHERE m.network_id = n.id AND mp.archived_at IS NULL),
	n.archived_at, n.created_at, n.updated_at`

func scanNetwork(sc scanner, pre []any) (Network, error) {
	var n Network
	err := sc.Scan(append(pre, &n.ID, &n.Code, &n.Name, &n.Kind, &n.Description, &n.MemberCount,
		db.T(&n.ArchivedAt), db.T(&n.CreatedAt), db.T(&n.UpdatedAt))...)
	n.Archived = !n.ArchivedAt.IsZero()
	return n, err
}

func (st *store) network(ctx context.Context, col, val string) (Network, error) {
	n, err := scanNetwork(st.db.QueryRow(ctx, `SELECT `+networkCols+` FROM networks n WHERE n.`+col+` = ?`, val), nil)
	return n, db.NotFound(err, "network")
}

func (st *store) listNetworks(ctx context.Context, f NetworkFilter, p core.PageRequest) (core.List[Network], error) {
	var w []cond
	if !f.IncludeArchived {
		w = append(w, cond{SQL: "n.archived_at IS NULL"})
	}
	if f.Kind != "" {
		w = append(w, cond{SQL: "n.kind = ?", Args: []any{string(f.Kind)}})
	}
	if f.Query != "" {
		a, b := like("n.sort_name", sortKey(f.Query)), like("n.code", strings.ToLower(f.Query))
		w = append(w, cond{SQL: "(" + a.SQL + " OR " + b.SQL + ")", Args: append(a.Args, b.Args...)})
	}
	q := listQuery{Cols: cond{SQL: networkCols}, From: " FROM networks n", Where: w, Order: networkOrders.Of(f.Sort, SortName)}
	return pageOf(ctx, st, q, p, scanNetwork)
}

// networkOrders are the orders of NetworkSorts.
var networkOrders = sortOrders{SortName: orderBy(-1, false, "n.sort_name", "n.id")}

func (st *store) insertNetwork(ctx context.Context, id string, in NetworkInput, now time.Time) error {
	_, err := st.db.Exec(ctx, `INSERT INTO networks (id, code, name, kind, description, sort_name, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		id, in.Code, in.Name, string(in.Kind), in.Description, sortKey(in.Name), db.T(&now), db.T(&now))
	return err
}

func (st *store) updateNetwork(ctx context.Context, id string, in NetworkInput, now time.Time) error {
	_, err := st.db.Exec(ctx, `UPDATE networks SET code = ?, name = ?, kind = ?, description = ?, sort_name = ?, updated_at = ? WHERE id = ?`,
		in.Code, in.Name, string(in.Kind), in.Description, sortKey(in.Name), db.T(&now), id)
	return err
}

// --- members ---

func memberCols(vis cond) cond {
	return cond{
		SQL: `m.id, m.network_id, m.person_id, p.given_name, p.family_name, a.name, p.country_code, m.role,
			` + contactSQL(vis) + `,
			p.archived_at, m.created_at, m.updated_at`,
		Args: contactArgs(vis),
	}
}

const memberFrom = ` FROM network_members m JOIN people p ON p.id = m.person_id JOIN agencies a ON a.id = p.agency_id`

func scanMember(sc scanner, pre []any) (Member, error) {
	var m Member
	var given, family string
	var archivedAt time.Time
	err := sc.Scan(append(pre, &m.ID, &m.NetworkID, &m.PersonID, &given, &family, &m.AgencyName, &m.CountryCode, &m.Role,
		contactDest(&m.Email, &m.Phone, &m.ContactVisible), db.T(&archivedAt), db.T(&m.CreatedAt), db.T(&m.UpdatedAt))...)
	m.PersonName = joinName(given, family)
	m.PersonArchived = !archivedAt.IsZero()
	return m, err
}

func (st *store) member(ctx context.Context, vis cond, id string) (Member, error) {
	c := memberCols(vis)
	m, err := scanMember(st.db.QueryRow(ctx, `SELECT `+c.SQL+memberFrom+` WHERE m.id = ?`, append(c.Args, id)...), nil)
	return m, db.NotFound(err, "member")
}

func (st *store) listMembers(ctx context.Context, vis cond, networkID string, f MemberFilter, p core.PageRequest) (core.List[Member], error) {
	w := []cond{{SQL: "m.network_id = ?", Args: []any{networkID}}}
	if !f.IncludeArchived {
		w = append(w, cond{SQL: "p.archived_at IS NULL"})
	}
	if f.Country != "" {
		w = append(w, cond{SQL: "p.country_code = ?", Args: []any{f.Country}})
	}
	if f.Role != "" {
		w = append(w, cond{SQL: "m.role = ?", Args: []any{string(f.Role)}})
	}
	if c := personQueryCond(f.Query, vis); c.SQL != "" {
		w = append(w, c)
	}
	q := listQuery{Cols: memberCols(vis), From: memberFrom, Where: w, Order: orderBy(-1, false, "p.sort_name", "m.id")}
	return pageOf(ctx, st, q, p, scanMember)
}

func (st *store) insertMember(ctx context.Context, id, networkID string, in MemberInput, now time.Time) error {
	_, err := st.db.Exec(ctx, `INSERT INTO network_members (id, network_id, person_id, role, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
		id, networkID, in.PersonID, string(in.Role), db.T(&now), db.T(&now))
	return err
}

func (st *store) updateMember(ctx context.Context, id string, role MemberRole, now time.Time) error {
	_, err := st.db.Exec(ctx, `UPDATE network_members SET role = ?, updated_at = ? WHERE id = ?`, string(role), db.T(&now), id)
	return err
}

// managesNetwork reports whether the active person personID holds one of
// ManagerRoles in the active network networkID.
func (st *store) managesNetwork(ctx context.Context, networkID, personID string) (bool, error) {
	var n int
	err := st.db.QueryRow(ctx, `SELECT count(*) FROM network_members m
		JOIN networks n ON n.id = m.network_id AND n.archived_at IS NULL
		JOIN people p ON p.id = m.person_id AND p.archived_at IS NULL
		WHERE m.network_id = ? AND m.person_id = ? AND m.role IN (?, ?)`,
		networkID, personID, string(ManagerRoles[0]), string(ManagerRoles[1])).Scan(&n)
	return n > 0, err
}

func (st *store) deleteMember(ctx context.Context, id string) error {
	_, err := st.db.Exec(ctx, `DELETE FROM network_members WHERE id = ?`, id)
	return err
}

// --- stats ---

// counts runs a query returning (key, label, value) rows.
func (st *store) counts(ctx context.Context, q string) ([]Count, error) {
	rows, err := st.db.Query(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Count{}
	for rows.Next() {
		var c Count
		if err := rows.Scan(&c.Key, &c.Label, &c.Value); err != nil {
			return nil, db.Err(err)
		}
		out = append(out, c)
	}
	return out, db.Err(rows.Err())
}

func (st *store) stats(ctx context.Context) (Stats, error) {
	var s Stats
	err := st.db.Read(ctx, func(ctx context.Context) error {
		var err error
		if s.AgenciesByCountry, err = st.counts(ctx, `SELECT c.code, c.name_en, count(*) FROM agencies a JOIN countries c ON c.code = a.country_code
			WHERE a.archived_at IS NULL GROUP BY c.code, c.name_en, c.sort_order ORDER BY c.sort_order, c.code`); err != nil {
			return err
		}
		if s.PeopleByCountry, err = st.counts(ctx, `SELECT c.code, c.name_en, count(*) FROM people p JOIN countries c ON c.code = p.country_code
			WHERE p.archived_at IS NULL GROUP BY c.code, c.name_en, c.sort_order ORDER BY c.sort_order, c.code`); err != nil {
			return err
		}
		if s.AgenciesByType, err = st.counts(ctx, `SELECT type, type, count(*) FROM agencies WHERE archived_at IS NULL GROUP BY type ORDER BY type`); err != nil {
			return err
		}
		if s.PeopleBySex, err = st.counts(ctx, `SELECT sex, sex, count(*) FROM people WHERE archived_at IS NULL GROUP BY sex ORDER BY sex`); err != nil {
			return err
		}
		if s.ContactPointsByKind, err = st.counts(ctx, `SELECT cp.kind, cp.kind, count(*) FROM contact_points cp JOIN people p ON p.id = cp.person_id
			WHERE cp.archived_at IS NULL AND p.archived_at IS NULL GROUP BY cp.kind ORDER BY cp.kind`); err != nil {
			return err
		}
		if s.MembersByNetwork, err = st.counts(ctx, `SELECT n.code, n.name, count(p.id) FROM networks n
			LEFT JOIN network_members m ON m.network_id = n.id LEFT JOIN people p ON p.id = m.person_id AND p.archived_at IS NULL
			WHERE n.archived_at IS NULL GROUP BY n.code, n.name, n.sort_name ORDER BY n.sort_name, n.code`); err != nil {
			return err
		}
		return db.Err(st.db.QueryRow(ctx, `SELECT
			(SELECT count(*) FROM agencies WHERE archived_at IS NULL),
			(SELECT count(*) FROM people WHERE archived_at IS NULL),
			(SELECT count(*) FROM contact_points cp JOIN people p ON p.id = cp.person_id WHERE cp.archived_at IS NULL AND p.archived_at IS NULL),
			(SELECT count(*) FROM networks WHERE archived_at IS NULL)`).
			Scan(&s.Totals.Agencies, &s.Totals.People, &s.Totals.ContactPoints, &s.Totals.Networks))
	})
	return s, err
}

func (st *store) agencyCountry(ctx context.Context, id string) (string, error) {
	var country string
	err := st.db.QueryRow(ctx, `SELECT country_code FROM agencies WHERE id = ?`, id).Scan(&country)
	return country, db.NotFound(err, "agency")
}

func (st *store) agencyCount(ctx context.Context) (int, error) {
	var n int
	err := st.db.QueryRow(ctx, `SELECT count(*) FROM agencies`).Scan(&n)
	return n, db.Err(err)
}

func (st *store) networkNames(ctx context.Context) ([]Count, error) {
	rows, err := st.db.Query(ctx, `SELECT n.id, n.name FROM networks n WHERE n.archived_at IS NULL ORDER BY n.sort_name, n.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Count
	for rows.Next() {
		var c Count
		if err := rows.Scan(&c.Key, &c.Label); err != nil {
			return nil, db.Err(err)
		}
		out = append(out, c)
	}
	return out, db.Err(rows.Err())
}
