package ui

import (
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"net/url"
	"strings"
)

// funcMap returns the template functions, registered once on the base
// template at start-up. They are pure: none reads the request.
//
//	asset "app.css"                 → "/static/app.3f2a9c1e.css" (unknown name: the
//	                                  renderer refuses to start)
//	dict "K1" v1 "K2" v2 …          → map[string]any, to pass several values to a partial
//	add a b                         → a + b (ints)
//	seq n                           → [1 … n];  seq a b → [a … b] (inclusive; empty if b < a)
//	queryWith .Query "k" "v" …      → "?…" — the current query with k set to v (v "" removes k);
//	                                  several pairs allowed. Use as href="{{queryWith …}}"
//	json v                          → v as JSON (escaped for its context by html/template)
//	join list sep                   → strings.Join
//	fieldID "email"                 → "field-email", the id the field partial gives the input
//	barchart bars                   → BarChart geometry (partials/barchart.html)
//	options .Options "v"            → the <option> elements of a select, the one whose
//	                                  Value is "v" selected; values and labels escaped
//	list a b c …                    → []any{a, b, c}, e.g. the column headings of a table
//	col "Members" "num"             → Column{Label, Class}: a table heading with a class
//	                                  for its <th> (partials/table.html); col "Name" is a
//	                                  heading without one, col of a Column returns it;
//	col "Name" "" "name"            → a heading that sorts the list by the key "name"
//	                                  (?sort=name, and ?sort=-name the other way round)
//	sortState "-name" "name"        → "descending" ("ascending", or "" when the list is
//	                                  not sorted by that key), for aria-sort
//	sortToggle "name" "name"        → "-name": the sort a heading's link asks for
func (r *Renderer) funcMap() template.FuncMap {
	return template.FuncMap{
		"asset": func(name string) (string, error) {
			u, ok := r.assets.url(name)
			if !ok {
				return "", fmt.Errorf("ui: unknown asset %q", name)
			}
			return u, nil
		},
		"dict":       dict,
		"add":        func(a, b int) int { return a + b },
		"seq":        seq,
		"queryWith":  queryWith,
		"json":       toJSON,
		"join":       strings.Join,
		"fieldID":    FieldID,
		"barchart":   NewBarChart,
		"options":    options,
		"list":       list,
		"col":        col,
		"sortState":  sortState,
		"sortToggle": sortToggle,
	}
}

// options writes a select's options in Go rather than with a template
// range: filter forms carry lists of hundreds of networks or agencies, and
// a range costs a reflective call per option and attribute.
func options(opts []Option, selected string) template.HTML {
	var b strings.Builder
	b.Grow(len(opts) * 48)
	for _, o := range opts {
		b.WriteString(`<option value="`)
		b.WriteString(template.HTMLEscapeString(o.Value))
		b.WriteByte('"')
		if o.Value == selected {
			b.WriteString(" selected")
		}
		b.WriteByte('>')
		b.WriteString(template.HTMLEscapeString(o.Label))
		b.WriteString("</option>")
	}
	return template.HTML(b.String()) //nolint:gosec // every part is escaped above
}

func dict(pairs ...any) (map[string]any, error) {
	if len(pairs)%2 != 0 {
		return nil, errors.New("dict: odd number of arguments")
	}
	m := make(map[string]any, len(pairs)/2)
	for i := 0; i < len(pairs); i += 2 {
		k, ok := pairs[i].(string)
		if !ok {
			return nil, fmt.Errorf("dict: key %v is %T, not a string", pairs[i], pairs[i])
		}
		m[k] = pairs[i+1]
	}
	return m, nil
}

func seq(bounds ...int) ([]int, error) {
	var from, to int
	switch len(bounds) {
	case 1:
		from, to = 1, bounds[0]
	case 2:
		from, to = bounds[0], bounds[1]
	default:
		return nil, errors.New("seq: want 1 or 2 arguments")
	}
	if to < from {
		return nil, nil
	}
	if to-from > 10000 {
		return nil, errors.New("seq: range too large")
	}
	out := make([]int, 0, to-from+1)
	for i := from; i <= to; i++ {
		out = append(out, i)
	}
	return out, nil
}

// queryWith returns "?" + q with each key of kv set to the value after it
// (an empty value deletes the key). q is not modified. The result is a
// relative URL, so it keeps the current path.
func queryWith(q url.Values, kv ...string) (string, error) {
	if len(kv)%2 != 0 {
		return "", errors.New("queryWith: odd number of key/value arguments")
	}
	out := make(url.Values, len(q)+len(kv)/2)
	for k, vs := range q {
		out[k] = append([]string(nil), vs...)
	}
	for i := 0; i < len(kv); i += 2 {
		if kv[i+1] == "" {
			out.Del(kv[i])
		} else {
			out.Set(kv[i], kv[i+1])
		}
	}
	return "?" + out.Encode(), nil
}

func toJSON(v any) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", err
	}
	return string(b), nil
}

func list(items ...any) []any { return items }

// Column is one column heading of partials/table.html: its localised label,
// the class of its <th> ("" for none, "num" for a column of numbers) and,
// for a heading that sorts the list, the sort key its link asks for.
type Column struct {
	Label string
	Class string
	Sort  string
}

// col makes a Column of a label (a string, or a Column kept as it is), an
// optional class and an optional sort key.
func col(label any, classAndSort ...string) (Column, error) {
	var c Column
	switch v := label.(type) {
	case Column:
		c = v
	case string:
		c.Label = v
	default:
		return Column{}, fmt.Errorf("col: label is %T, not a string", label)
	}
	switch len(classAndSort) {
	case 0:
	case 1:
		c.Class = classAndSort[0]
	case 2:
		c.Class, c.Sort = classAndSort[0], classAndSort[1]
		if c.Sort == "" || strings.HasPrefix(c.Sort, "-") {
			return Column{}, fmt.Errorf("col: sort key %q: want a key, not a direction", c.Sort)
		}
	default:
		return Column{}, errors.New("col: want a label, a class and at most one sort key")
	}
	return c, nil
}

// sortState is the aria-sort of the heading of sort key key when the list
// is sorted by current: "ascending" for the key, "descending" for "-key",
// "" otherwise.
func sortState(current, key string) string {
	switch {
	case key == "":
		return ""
	case current == key:
		return "ascending"
	case current == "-"+key:
		return "descending"
	}
	return ""
}

// sortToggle is the sort that the heading of key asks for when the list is
// sorted by current: the other direction when the list is sorted by key
// ascending, else key ascending.
func sortToggle(current, key string) string {
	if current == key {
		return "-" + key
	}
	return key
}
