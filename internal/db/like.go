package db

import "strings"

// likeEscaper escapes the LIKE wildcards and the escape character itself.
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// EscapeLike escapes LIKE wildcards in user input for a pattern used with
// ESCAPE '\', which both engines accept; "a_b" then matches only "a_b".
func EscapeLike(s string) string { return likeEscaper.Replace(s) }

// Contains is the condition "col contains s" (case as stored) and its
// argument, for user input.
func Contains(col, s string) (cond string, arg any) {
	return col + ` LIKE ? ESCAPE '\'`, "%" + EscapeLike(s) + "%"
}

// HasPrefix is the condition "col starts with s" and its argument, for
// user input.
func HasPrefix(col, s string) (cond string, arg any) {
	return col + ` LIKE ? ESCAPE '\'`, EscapeLike(s) + "%"
}
