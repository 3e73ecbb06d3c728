package ui

import (
	"net/url"
	"slices"
	"testing"

	"github.com/topcop-platform/topcop/internal/core"
)

func TestQueryWith(t *testing.T) {
	q := url.Values{"q": {"ana maria"}, "cursor": {"abc"}, "country": {"GE", "AM"}}
	cases := []struct {
		kv   []string
		want string
	}{
		{[]string{"cursor", "xyz"}, "?country=GE&country=AM&cursor=xyz&q=ana+maria"},
		{[]string{"cursor", ""}, "?country=GE&country=AM&q=ana+maria"},
		{[]string{"sort", "name", "cursor", ""}, "?country=GE&country=AM&q=ana+maria&sort=name"},
		{[]string{"country", "MD"}, "?country=MD&cursor=abc&q=ana+maria"},
		{[]string{"x", "a&b=c"}, "?country=GE&country=AM&cursor=abc&q=ana+maria&x=a%26b%3Dc"},
	}
	for _, c := range cases {
		got, err := queryWith(q, c.kv...)
		if err != nil || got != c.want {
			t.Errorf("queryWith(%v) = %q, %v; want %q", c.kv, got, err, c.want)
		}
	}
	if q.Get("cursor") != "abc" || len(q["country"]) != 2 {
		t.Error("queryWith modified its input")
	}
	if _, err := queryWith(q, "odd"); err == nil {
		t.Error("odd arguments accepted")
	}
	if got, _ := queryWith(nil); got != "?" {
		t.Errorf("empty query %q", got)
	}
}

func TestColAndSort(t *testing.T) {
	for _, tc := range []struct {
		args []any
		want Column
		ok   bool
	}{
		{[]any{"Name"}, Column{Label: "Name"}, true},
		{[]any{"Members", "num"}, Column{Label: "Members", Class: "num"}, true},
		{[]any{"Name", "", "name"}, Column{Label: "Name", Sort: "name"}, true},
		{[]any{Column{Label: "Age"}, "num", "age"}, Column{Label: "Age", Class: "num", Sort: "age"}, true},
		{[]any{"Name", "", "-name"}, Column{}, false},
		{[]any{"Name", "", ""}, Column{}, false},
		{[]any{"Name", "a", "b", "c"}, Column{}, false},
		{[]any{42}, Column{}, false},
	} {
		label, rest := tc.args[0], []string{}
		for _, a := range tc.args[1:] {
			rest = append(rest, a.(string))
		}
		got, err := col(label, rest...)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("col%v = %+v, %v", tc.args, got, err)
		}
	}
	for _, tc := range []struct{ current, key, state, toggle string }{
		{"name", "name", "ascending", "-name"},
		{"-name", "name", "descending", "name"},
		{"country", "name", "", "name"},
		{"", "name", "", "name"},
		{"-country", "country", "descending", "country"},
		{"namex", "name", "", "name"},
	} {
		if got := sortState(tc.current, tc.key); got != tc.state {
			t.Errorf("sortState(%q, %q) = %q, want %q", tc.current, tc.key, got, tc.state)
		}
		if got := sortToggle(tc.current, tc.key); got != tc.toggle {
			t.Errorf("sortToggle(%q, %q) = %q, want %q", tc.current, tc.key, got, tc.toggle)
		}
	}
}

func TestDictSeqJSON(t *testing.T) {
	m, err := dict("a", 1, "b", "x")
	if err != nil || m["a"] != 1 || m["b"] != "x" {
		t.Errorf("dict = %v, %v", m, err)
	}
	if _, err := dict("a"); err == nil {
		t.Error("dict with odd args")
	}
	if _, err := dict(1, 2); err == nil {
		t.Error("dict with non-string key")
	}
	if s, _ := seq(3); !slices.Equal(s, []int{1, 2, 3}) {
		t.Errorf("seq 3 = %v", s)
	}
	if s, _ := seq(4, 6); !slices.Equal(s, []int{4, 5, 6}) {
		t.Errorf("seq 4 6 = %v", s)
	}
	if s, _ := seq(5, 1); len(s) != 0 {
		t.Errorf("seq 5 1 = %v", s)
	}
	if _, err := seq(); err == nil {
		t.Error("seq with no args")
	}
	if _, err := seq(0, 1<<30); err == nil {
		t.Error("huge seq accepted")
	}
	if s, err := toJSON(map[string]any{"a": []int{1}}); err != nil || s != `{"a":[1]}` {
		t.Errorf("json = %q, %v", s, err)
	}
	if _, err := toJSON(func() {}); err == nil {
		t.Error("json of a func")
	}
}

func TestHashedName(t *testing.T) {
	for in, want := range map[string]string{
		"app.css":        "app.h.css",
		"htmx.min.js":    "htmx.min.h.js",
		"fonts/a.woff2":  "fonts/a.h.woff2",
		"LICENSE":        "LICENSE.h",
		"dir/.hidden":    "dir/.hidden.h",
		"img/logo.X.svg": "img/logo.X.h.svg",
	} {
		if got := hashedName(in, "h"); got != want {
			t.Errorf("hashedName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestAcceptsGzip(t *testing.T) {
	for h, want := range map[string]bool{
		"gzip": true, "br, gzip": true, "GZIP;q=0.5": true, "gzip;q=0": false,
		"gzip; q=0.000": false, "": false, "br": false, "x-gzip": false,
	} {
		if got := acceptsGzip(h); got != want {
			t.Errorf("acceptsGzip(%q) = %v", h, got)
		}
	}
}

// testMenu is a menu like the platform's: public, member, personal and
// admin entries, and a sign-in link for anonymous visitors only.
var testMenu = []MenuItem{
	{Section: "directory", URL: "/directory/agencies", Key: "nav.home", Access: core.Member, Order: 100},
	{Section: "people", URL: "/directory/people", Key: "nav.home", Access: core.Member.Personal(), Order: 110},
	{Section: "networks", URL: "/directory/networks", Key: "nav.home", Access: core.Member, Order: 120},
	{Section: "users", URL: "/admin/users", Key: "nav.home", Access: core.Admin, Order: 900},
	{Section: "help", URL: "/help", Key: "nav.home", Access: core.Public, Order: 940},
	{Section: "login", URL: "/login", Key: "nav.home", Access: core.Public, Order: 960, AnonymousOnly: true},
}

func member(r core.Role) core.Actor {
	return core.Actor{AccountID: "a1", Grants: []core.Grant{{Role: r, ScopeKind: core.ScopeGlobal}}}
}

func TestNavCurrent(t *testing.T) {
	l := defaultBundle().Localizer("en")
	cur := func(links []NavLink) map[string]string {
		m := map[string]string{}
		for _, n := range links {
			if n.Current != "" {
				m[n.URL] = n.Current
			}
		}
		return m
	}
	cases := []struct {
		section, path string
		want          map[string]string
	}{
		{"", "/directory/people", map[string]string{"/directory/people": "page"}},
		{"", "/directory/people/123/edit", map[string]string{"/directory/people": "true"}},
		{"networks", "/somewhere", map[string]string{"/directory/networks": "true"}},
		{"", "/directory/peoplex", map[string]string{}},
		{"", "/", map[string]string{}},
	}
	for _, c := range cases {
		got := cur(navLinks(testMenu, l, member(core.RoleCoordinator), c.section, c.path))
		if len(got) != len(c.want) {
			t.Errorf("%q %q: current %v, want %v", c.section, c.path, got, c.want)
			continue
		}
		for k, v := range c.want {
			if got[k] != v {
				t.Errorf("%q %q: current %v, want %v", c.section, c.path, got, c.want)
			}
		}
	}
}

// TestNavAccess: an entry shows to whoever its access admits, in menu
// order; the sign-in link only to anonymous visitors.
func TestNavAccess(t *testing.T) {
	l := defaultBundle().Localizer("en")
	urls := func(a core.Actor) []string {
		var out []string
		for _, n := range navLinks(testMenu, l, a, "", "/") {
			out = append(out, n.URL)
		}
		return out
	}
	cases := []struct {
		name  string
		actor core.Actor
		want  []string
	}{
		{"anonymous", core.Actor{}, []string{"/help", "/login"}},
		{"second factor pending", core.Actor{AccountID: "a1", MFAPending: true, Grants: member(core.RoleAdmin).Grants}, []string{"/help"}},
		{"observer", member(core.RoleObserver), []string{"/directory/agencies", "/directory/networks", "/help"}},
		{"trainer", member(core.RoleTrainer), []string{"/directory/agencies", "/directory/people", "/directory/networks", "/help"}},
		{"admin", member(core.RoleAdmin), []string{"/directory/agencies", "/directory/people", "/directory/networks", "/admin/users", "/help"}},
	}
	for _, c := range cases {
		if got := urls(c.actor); !slices.Equal(got, c.want) {
			t.Errorf("%s sees %v, want %v", c.name, got, c.want)
		}
	}
	if got := navLinks(nil, l, member(core.RoleAdmin), "", "/"); len(got) != 0 {
		t.Errorf("no menu: %v", got)
	}
	// An entry for people of the directory only: a participant linked to
	// one sees it, an admin who is no one's account does not.
	mine := []MenuItem{{Section: "mine", URL: "/my/training", Key: "nav.home", Access: core.Member, PersonOnly: true}}
	person := member(core.RoleParticipant)
	person.PersonID = core.NewID()
	if got := navLinks(mine, l, person, "", "/"); len(got) != 1 {
		t.Errorf("a person's entry hidden from them: %v", got)
	}
	if got := navLinks(mine, l, member(core.RoleAdmin), "", "/"); len(got) != 0 {
		t.Errorf("a person's entry shown to an account without one: %v", got)
	}
}

func TestOptions(t *testing.T) {
	got := string(options([]Option{{Value: "", Label: "Any"}, {Value: `a"b`, Label: "<script>x</script> & co"}, {Value: "GE", Label: "Georgia"}}, "GE"))
	want := `<option value="">Any</option>` +
		`<option value="a&#34;b">&lt;script&gt;x&lt;/script&gt; &amp; co</option>` +
		`<option value="GE" selected>Georgia</option>`
	if got != want {
		t.Errorf("options =\n%s\nwant\n%s", got, want)
	}
	if got := string(options(nil, "")); got != "" {
		t.Errorf("no options = %q", got)
	}
}
