package directory

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/topcop-platform/topcop/internal/db"
	"github.com/topcop-platform/topcop/internal/names"
)

// Search by loose name keys (names.Loose and names.Near).
//
// A query word finds a person when it is contained in the person's search
// column as typed or as its names.Key (searchCond), or when it is a name
// word whose loose form is Near one of the loose words of the person's
// names: equal, or, for words of five letters or more, one edit apart (a
// letter added, dropped or changed, or two neighbours swapped). So
// "Мамедов" finds Məmmədov, "Григораш" Grigoraș, "Петросян" Petrosyan,
// "Kovalneko" Kovalenko and "Iurii Sevcenco" Yurii Shevchenko, while
// "Ivanov" does not find Ivanenko (three edits) nor "Aram" Armen (short
// words must be equal). Every word of a query must match, as before.
//
// The loose words are kept in person_search_keys (person, word), written
// with each person; search_key_variants holds each word of five letters or
// more under itself and under its names.NearKeys, so that the near words
// of a query word are found through two primary keys rather than by
// comparing it with every name. Only the names take part (not the position, nor e-mail addresses:
// a query word with a digit, "@" or "." is not a name word).

// personSearchTokens are the distinct loose words, of two letters or more,
// of a person's Latin and native names.
func personSearchTokens(in PersonInput) []string {
	var out []string
	for _, part := range []string{in.GivenName, in.FamilyName, in.GivenNameNative, in.FamilyNameNative} {
		for _, w := range strings.Fields(names.Loose(part)) {
			if utf8.RuneCountInString(w) >= 2 && !slices.Contains(out, w) {
				out = append(out, w)
			}
		}
	}
	return out
}

// looseQueryWord is the loose form of a query word if it is a name word
// (letters, marks, apostrophes and hyphens only, and one loose word), else
// "".
func looseQueryWord(w string) string {
	for _, r := range w {
		if !unicode.IsLetter(r) && !unicode.IsMark(r) && r != '-' && r != '\'' && r != '’' && r != 'ʼ' {
			return ""
		}
	}
	l := names.Loose(w)
	if l == "" || strings.Contains(l, " ") {
		return ""
	}
	return l
}

// looseCond is the condition "person p has a loose word Near the query
// word w" (see the top of this file); the zero cond when w is not a name
// word. A short word is looked up as it is. A long one is looked up in
// search_key_variants, which holds each long word under itself and under
// its NearKeys, so that one index lookup gives the few near words and the
// people follow by the primary key of person_search_keys (a query word's
// forms hold no ":", NearKeys do, so the two never meet).
func looseCond(w string) cond {
	lw := looseQueryWord(w)
	if lw == "" {
		return cond{}
	}
	words, keys := names.NearQuery(lw)
	if len(keys) == 0 {
		return cond{SQL: "p.id IN (SELECT sk.person_id FROM person_search_keys sk WHERE sk.token = ?)", Args: []any{lw}}
	}
	args := make([]any, 0, len(words)+len(keys))
	for _, x := range words {
		args = append(args, x)
	}
	for _, k := range keys {
		args = append(args, k)
	}
	return cond{
		SQL: "p.id IN (SELECT sk.person_id FROM person_search_keys sk WHERE sk.token IN" +
			" (SELECT sv.token FROM search_key_variants sv WHERE sv.variant IN (" + db.Placeholders(len(args)) + ")))",
		Args: args,
	}
}

// personTokens are the loose words of one person, for writeSearchKeys.
type personTokens struct {
	id     string
	tokens []string
}

// writeSearchKeys stores the loose words of people and, for the long
// words not stored before, their search_key_variants (the word itself and
// its NearKeys). With replace, each person's previous words
// are removed first (an update).
func (st *store) writeSearchKeys(ctx context.Context, people []personTokens, replace bool) error {
	var rows [][]any
	var long []string // distinct words that get NearKeys
	seen := map[string]bool{}
	for _, p := range people {
		if replace {
			if _, err := st.db.Exec(ctx, `DELETE FROM person_search_keys WHERE person_id = ?`, p.id); err != nil {
				return err
			}
		}
		for _, t := range p.tokens {
			rows = append(rows, []any{p.id, t})
			if !seen[t] && utf8.RuneCountInString(t) >= names.NearMinLen {
				seen[t] = true
				long = append(long, t)
			}
		}
	}
	// Words some person already has already have their NearKeys.
	fresh, err := st.unknownSearchTokens(ctx, long)
	if err != nil {
		return err
	}
	if err := st.insertMany(ctx, "person_search_keys", "person_id, token", 2, rows); err != nil {
		return err
	}
	var variants [][]any
	for _, t := range fresh {
		variants = append(variants, []any{t, t})
		for _, k := range names.NearKeys(t) {
			variants = append(variants, []any{k, t})
		}
	}
	return st.insertIgnore(ctx, "search_key_variants", "variant, token", variants)
}

// unknownSearchTokens returns the words of ws that no person has.
func (st *store) unknownSearchTokens(ctx context.Context, ws []string) ([]string, error) {
	known := map[string]bool{}
	for rest := ws; len(rest) > 0; {
		k := min(500, len(rest))
		args := make([]any, k)
		for i, w := range rest[:k] {
			args[i] = w
		}
		rest = rest[k:]
		rows, err := st.db.Query(ctx, `SELECT DISTINCT token FROM person_search_keys WHERE token IN (`+db.Placeholders(k)+`)`, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var t string
			if err := rows.Scan(&t); err != nil {
				rows.Close()
				return nil, db.Err(err)
			}
			known[t] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, db.Err(err)
		}
	}
	var out []string
	for _, w := range ws {
		if !known[w] {
			out = append(out, w)
		}
	}
	return out, nil
}

// insertIgnore inserts rows of two values, skipping those already there.
func (st *store) insertIgnore(ctx context.Context, table, cols string, rows [][]any) error {
	const per = 500
	for len(rows) > 0 {
		k := min(per, len(rows))
		args := make([]any, 0, 2*k)
		for _, r := range rows[:k] {
			args = append(args, r...)
		}
		q := "INSERT INTO " + table + " (" + cols + ") VALUES " +
			strings.TrimSuffix(strings.Repeat("(?, ?), ", k), ", ") + " ON CONFLICT DO NOTHING"
		if _, err := st.db.Exec(ctx, q, args...); err != nil {
			return err
		}
		rows = rows[k:]
	}
	return nil
}

// searchKeysVersion reads the names.LooseVersion the stored keys were
// computed with (0 when never).
func (st *store) searchKeysVersion(ctx context.Context) (int, error) {
	var v int
	err := st.db.QueryRow(ctx, `SELECT version FROM search_keys_version WHERE id = 1`).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return v, db.Err(err)
}

// RefreshSearchKeys recomputes every person's loose name keys when they
// were computed with other rules than names.LooseVersion (or never, as in
// a database migrated from before they existed), and reports how many
// people it did. It is idempotent: with the keys current it only reads
// one row. Build calls it at start-up; it needs no actor.
func (s *Service) RefreshSearchKeys(ctx context.Context) (int, error) {
	if v, err := s.st.searchKeysVersion(ctx); err != nil || v == names.LooseVersion {
		return 0, err
	}
	n := 0
	err := s.db.Write(ctx, func(ctx context.Context) error {
		// Take the version row first, so that two processes starting
		// together do the work once (the second waits, then sees it done).
		if _, err := s.db.Exec(ctx, `INSERT INTO search_keys_version (id, version) VALUES (1, 0) ON CONFLICT (id) DO NOTHING`); err != nil {
			return err
		}
		if _, err := s.db.Exec(ctx, `UPDATE search_keys_version SET version = version WHERE id = 1`); err != nil {
			return err
		}
		if v, err := s.st.searchKeysVersion(ctx); err != nil || v == names.LooseVersion {
			return err
		}
		for _, t := range []string{"person_search_keys", "search_key_variants"} {
			if _, err := s.db.Exec(ctx, `DELETE FROM `+t); err != nil {
				return err
			}
		}
		people, err := s.st.allPersonNames(ctx)
		if err != nil {
			return err
		}
		n = len(people)
		if err := s.st.writeSearchKeys(ctx, people, false); err != nil {
			return err
		}
		_, err = s.db.Exec(ctx, `UPDATE search_keys_version SET version = ? WHERE id = 1`, names.LooseVersion)
		return err
	})
	return n, err
}

// allPersonNames reads every person's loose words, archived people
// included (they are found with "show archived").
func (st *store) allPersonNames(ctx context.Context) ([]personTokens, error) {
	rows, err := st.db.Query(ctx, `SELECT id, given_name, family_name, given_name_native, family_name_native FROM people`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []personTokens
	for rows.Next() {
		var id string
		var in PersonInput
		if err := rows.Scan(&id, &in.GivenName, &in.FamilyName, &in.GivenNameNative, &in.FamilyNameNative); err != nil {
			return nil, db.Err(err)
		}
		out = append(out, personTokens{id: id, tokens: personSearchTokens(in)})
	}
	return out, db.Err(rows.Err())
}
