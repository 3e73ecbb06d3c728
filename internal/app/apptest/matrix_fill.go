package apptest

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/danielgtaylor/huma/v2"

	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/web"
)

// hasDemo reports whether LoadDemo ran on e.
func (e *Env) hasDemo() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.demo != nil
}

// demoPersonIDs maps demo person keys to the ids LoadDemo made.
func demoPersonIDs(t *testing.T, e *Env) map[string]string {
	t.Helper()
	e.mu.Lock()
	defer e.mu.Unlock()
	out := map[string]string{}
	for k, id := range e.demo.IDs {
		if key, ok := strings.CutPrefix(k, "person:"); ok {
			out[key] = id
		}
	}
	return out
}

var wildcard = regexp.MustCompile(`^\{[A-Za-z_][A-Za-z0-9_]*(\.\.\.)?\}$`)

// filler turns route patterns into concrete paths (see RouteRoleMatrix).
type filler struct {
	e      *Env
	token  string // the coordinator's, to look ids up
	ids    map[string]string
	lists  map[string]bool // GET API patterns
	looked map[string]bool
}

func newFiller(e *Env, token string, ids map[string]string) *filler {
	f := &filler{e: e, token: token, ids: map[string]string{}, lists: map[string]bool{}, looked: map[string]bool{}}
	for k, v := range ids {
		f.ids[k] = v
	}
	for _, rt := range e.Server.Routes() {
		if rt.API && rt.Method == http.MethodGet {
			f.lists[rt.Pattern] = true
		}
	}
	return f
}

// path fills the wildcards of pattern: after a collection segment, a real
// id of it; elsewhere (or when none is found) a fresh UUID.
func (f *filler) path(t *testing.T, pattern string) string {
	t.Helper()
	pattern = strings.TrimSuffix(pattern, "{$}")
	segs := strings.Split(pattern, "/")
	for i, s := range segs {
		if !wildcard.MatchString(s) {
			continue
		}
		id := ""
		if i > 0 && !wildcard.MatchString(segs[i-1]) {
			id = f.lookup(t, segs[i-1])
		}
		if id == "" {
			id = core.NewID()
		}
		segs[i] = id
	}
	return strings.Join(segs, "/")
}

// lookup finds the id of a record of collection seg: the first of GET
// /api/v1/<seg>, or of a nested list ".../{x}/<seg>", as the coordinator.
func (f *filler) lookup(t *testing.T, seg string) string {
	t.Helper()
	if id, ok := f.ids[seg]; ok || f.looked[seg] {
		return id
	}
	f.looked[seg] = true // also stops a nested list from looking itself up
	candidates := []string{}
	if f.lists["/api/v1/"+seg] {
		candidates = append(candidates, "/api/v1/"+seg)
	}
	for p := range f.lists {
		if strings.HasSuffix(p, "}/"+seg) {
			candidates = append(candidates, p)
		}
	}
	for _, p := range candidates {
		path := f.path(t, p)
		res := f.e.DoJSON(t, http.MethodGet, path+"?limit=1", f.token, nil)
		if res.StatusCode != http.StatusOK {
			continue
		}
		var list struct {
			Items []struct {
				ID string `json:"id"`
			} `json:"items"`
		}
		if res.JSON(t, &list); len(list.Items) > 0 && list.Items[0].ID != "" {
			f.ids[seg] = list.Items[0].ID
			return list.Items[0].ID
		}
	}
	return ""
}

// requestExample is a request body for the operation of rt built from its
// JSON schema (required properties only), or nil if it takes none.
func requestExample(e *Env, rt web.Route) any {
	oapi := e.Server.API().OpenAPI()
	item := oapi.Paths[rt.Pattern]
	if item == nil {
		return nil
	}
	var op *huma.Operation
	switch rt.Method {
	case http.MethodPost:
		op = item.Post
	case http.MethodPut:
		op = item.Put
	case http.MethodPatch:
		op = item.Patch
	}
	if op == nil || op.RequestBody == nil {
		return nil
	}
	mt := op.RequestBody.Content["application/json"]
	if mt == nil || mt.Schema == nil {
		return map[string]any{}
	}
	var reg huma.Registry
	if oapi.Components != nil {
		reg = oapi.Components.Schemas
	}
	return example(reg, mt.Schema, "", 0)
}

// example is a plausible value of schema s (for property name).
func example(reg huma.Registry, s *huma.Schema, name string, depth int) any {
	if s != nil && s.Ref != "" && reg != nil {
		s = reg.SchemaFromRef(s.Ref)
	}
	if s == nil || depth > 8 {
		return nil
	}
	switch {
	case len(s.Examples) > 0:
		return s.Examples[0]
	case s.Default != nil:
		return s.Default
	case len(s.Enum) > 0:
		return s.Enum[0]
	}
	switch s.Type {
	case "object":
		out := map[string]any{}
		for _, p := range s.Required {
			if ps, ok := s.Properties[p]; ok && !ps.ReadOnly {
				out[p] = example(reg, ps, p, depth+1)
			}
		}
		return out
	case "array":
		if s.MinItems != nil && *s.MinItems > 0 {
			return []any{example(reg, s.Items, name, depth+1)}
		}
		return []any{}
	case "integer", "number":
		if s.Minimum != nil {
			return *s.Minimum
		}
		return 1
	case "boolean":
		return false
	case "string":
		return exampleString(s.Format, name, s.MaxLength)
	}
	return nil
}

// exampleString is a plausible string of format for a field called name.
func exampleString(format, name string, maxLen *int) string {
	var v string
	switch {
	case format == "email" || strings.Contains(name, "email"):
		v = "matrix." + core.NewID()[:8] + "@example.org"
	case format == "date-time":
		v = time.Now().UTC().Add(24 * time.Hour).Format(time.RFC3339)
	case format == "date":
		v = time.Now().UTC().Format(time.DateOnly)
	case format == "uuid" || name == "id" || strings.HasSuffix(name, "_id"):
		v = core.NewID()
	case format == "uri" || name == "website" || name == "url":
		v = "https://example.org/"
	case strings.Contains(name, "password"):
		v = "matrix test passphrase " + core.NewID()[:8]
	default:
		v = "Matrix test " + core.NewID()[:4]
	}
	if maxLen != nil && len(v) > *maxLen {
		v = v[:*maxLen]
	}
	return v
}

// harvestForms records the fields of every POST form of a page, by the
// path it posts to, so that the walk can submit what the role was shown:
// present values as they are, empty required fields filled plausibly.
func harvestForms(res *Response, path string, forms map[string]url.Values) {
	if !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
		return
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(res.Body))
	if err != nil {
		return
	}
	doc.Find("form").Each(func(_ int, f *goquery.Selection) {
		if m, _ := f.Attr("method"); !strings.EqualFold(m, "post") {
			return
		}
		action, _ := f.Attr("action")
		u, err := url.Parse(action)
		if err != nil {
			return
		}
		target := path
		if u.Path != "" {
			target = u.Path
		}
		if _, seen := forms[target]; seen {
			return
		}
		forms[target] = formFields(f)
	})
}

func formFields(f *goquery.Selection) url.Values {
	v := url.Values{}
	submitted := false
	f.Find("input, select, textarea, button").Each(func(_ int, s *goquery.Selection) {
		name, _ := s.Attr("name")
		if name == "" {
			return
		}
		_, disabled := s.Attr("disabled")
		_, required := s.Attr("required")
		if disabled {
			return
		}
		value, _ := s.Attr("value")
		switch goquery.NodeName(s) {
		case "button":
			if typ, _ := s.Attr("type"); (typ == "" || typ == "submit") && !submitted {
				submitted = true
				v.Add(name, value)
			}
		case "textarea":
			text := s.Text()
			if text == "" && required {
				text = "Matrix test"
			}
			v.Add(name, text)
		case "select":
			opts := s.Find("option")
			chosen := opts.Filter("[selected]")
			if chosen.Length() == 0 && required {
				chosen = opts.FilterFunction(func(_ int, o *goquery.Selection) bool {
					val, _ := o.Attr("value")
					return val != ""
				})
			}
			if chosen.Length() == 0 {
				chosen = opts
			}
			if chosen.Length() > 0 {
				val, ok := chosen.First().Attr("value")
				if !ok {
					val = strings.TrimSpace(chosen.First().Text())
				}
				v.Add(name, val)
			}
		default: // input
			typ, _ := s.Attr("type")
			switch typ {
			case "file", "image", "reset", "button":
				return
			case "submit":
				if !submitted {
					submitted = true
					v.Add(name, value)
				}
				return
			case "checkbox", "radio":
				if _, checked := s.Attr("checked"); checked {
					if value == "" {
						value = "on"
					}
					v.Add(name, value)
				}
				return
			}
			if value == "" && required {
				value = exampleInput(typ, name)
				if n, err := strconv.Atoi(s.AttrOr("maxlength", "")); err == nil && n > 0 && len(value) > n {
					value = value[:n]
				}
			}
			v.Add(name, value)
		}
	})
	return v
}

// exampleInput is a plausible value for an empty required input.
func exampleInput(typ, name string) string {
	switch typ {
	case "number", "range":
		return "1"
	case "tel":
		return "+995 32 555 0000"
	case "date", "email":
		return exampleString(typ, name, nil)
	case "url":
		return exampleString("uri", name, nil)
	case "password":
		return exampleString("", "password", nil)
	case "datetime-local":
		return time.Now().Add(24 * time.Hour).Format("2006-01-02T15:04")
	}
	return exampleString("", name, nil)
}
