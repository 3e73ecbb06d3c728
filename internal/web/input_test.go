package web_test

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/topcop-platform/topcop/internal/app/apptest"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db/dbtest"
)

// storedRows counts the rows the refused requests below would have
// written: failed sign-ins, records, the audit log.
func storedRows(t testing.TB, e *apptest.Env) map[string]int {
	t.Helper()
	n := map[string]int{}
	for _, table := range []string{"login_failures", "sessions", "networks", "people", "agencies", "audit_log"} {
		var c int
		if err := e.DB.QueryRow(context.Background(), "SELECT count(*) FROM "+table).Scan(&c); err != nil {
			t.Fatalf("count %s: %v", table, err)
		}
		n[table] = c
	}
	return n
}

// TestUncleanInputRefused: a NUL byte or text that is not UTF-8, in any
// input a request carries, is refused with a 400 (a problem of type
// invalid on the API, the localised error page elsewhere) on both
// engines, before anything is stored: PostgreSQL cannot store it, and a
// SQLite database holding it could not be restored into PostgreSQL.
func TestUncleanInputRefused(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		coord := e.AccountFor(t, core.RoleCoordinator)
		token := e.APIToken(t, coord.Email)
		c := e.SignIn(t, coord.Email)
		c.Lang = "uk"
		anon := e.NewClient()
		anon.Lang = "ro"
		post := func(cl *apptest.Client, path string, form url.Values) func() *apptest.Response {
			return func() *apptest.Response { return cl.Post(t, path, form) }
		}
		get := func(cl *apptest.Client, path string) func() *apptest.Response {
			return func() *apptest.Response { return cl.Get(t, path) }
		}
		apiDo := func(method, path, tok string, body any) func() *apptest.Response {
			return func() *apptest.Response { return e.DoJSON(t, method, path, tok, body) }
		}
		network := func(name string) url.Values {
			return url.Values{"code": {"clean-check"}, "name": {name}, "kind": {"forum"}}
		}
		before := storedRows(t, e)
		for _, tc := range []struct {
			name string
			do   func() *apptest.Response
			lang string // the page's language; "" for an API problem
		}{
			// Sign-in: the form and the token endpoint.
			{"login form NUL", post(anon, "/login", url.Values{"email": {"nobody\x00@example.org"}, "password": {"wrong password!!"}}), "ro"},
			{"login form invalid UTF-8", post(anon, "/login", url.Values{"email": {"nobody\xff@example.org"}, "password": {"wrong password!!"}}), "ro"},
			{"login form password NUL", post(anon, "/login", url.Values{"email": {coord.Email}, "password": {apptest.Password + "\x00"}}), "ro"},
			{"token JSON NUL escape", apiDo("POST", "/api/v1/auth/token", "", `{"email":"nobody\u0000@example.org","password":"wrong password!!"}`), ""},
			{"token JSON raw invalid UTF-8", apiDo("POST", "/api/v1/auth/token", "", []byte("{\"email\":\"nobody\xff@example.org\",\"password\":\"wrong password!!\"}")), ""},
			// JSON bodies.
			{"JSON body NUL", apiDo("POST", "/api/v1/networks", token, `{"code":"clean-check","name":"Forum\u0000","kind":"forum"}`), ""},
			{"JSON body invalid UTF-8", apiDo("POST", "/api/v1/networks", token, []byte("{\"code\":\"clean-check\",\"name\":\"Forum\xc3\",\"kind\":\"forum\"}")), ""},
			{"JSON key NUL", apiDo("POST", "/api/v1/networks", token, `{"code":"clean-check","name":"Forum","kind":"forum","x\u0000":1}`), ""},
			{"JSON patch NUL", apiDo("PATCH", "/api/v1/networks/"+core.NewID(), token, `{"name":"\u0000"}`), ""},
			// Query parameters and cursors.
			{"query NUL", apiDo("GET", "/api/v1/people?q=ivan%00", token, nil), ""},
			{"query invalid UTF-8", apiDo("GET", "/api/v1/people?q=%D0", token, nil), ""},
			{"query key NUL", apiDo("GET", "/api/v1/networks?q%00=x", token, nil), ""},
			{"cursor invalid UTF-8", apiDo("GET", "/api/v1/people?cursor=%FF%FE%00", token, nil), ""},
			{"page query NUL", get(c, "/directory/people?q=%00"), "uk"},
			{"page query invalid UTF-8", get(c, "/directory/networks?q=%C3%28"), "uk"},
			// Path parameters.
			{"path NUL", apiDo("GET", "/api/v1/people/%00", token, nil), ""},
			{"path invalid UTF-8", apiDo("GET", "/api/v1/networks/%ED%A0%80", token, nil), ""},
			{"page path invalid UTF-8", get(c, "/directory/people/%FF"), "uk"},
			// Form fields.
			{"form field NUL", post(c, "/directory/networks", network("Forum\x00")), "uk"},
			{"form field invalid UTF-8", post(c, "/directory/networks", network("Forum\xe2\x82")), "uk"},
			{"form key NUL", post(c, "/directory/networks", url.Values{"code": {"clean-check"}, "name": {"Forum"}, "kind": {"forum"}, "x\x00": {"1"}}), "uk"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				res := tc.do()
				apptest.WantStatus(t, res, http.StatusBadRequest)
				if tc.lang == "" {
					if p := res.Problem(t); p.Type != "/problems/invalid" || p.Status != 400 {
						t.Fatalf("problem %+v, want /problems/invalid", p)
					}
					return
				}
				if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
					t.Fatalf("Content-Type %q, want the error page", ct)
				}
				want := e.Bundle.Localizer(tc.lang).T("error.invalid.title")
				if h := res.Doc(t).Find("h1").First().Text(); !strings.Contains(h, want) {
					t.Errorf("heading %q, want %q (%s)", h, want, tc.lang)
				}
			})
		}
		after := storedRows(t, e)
		for table, n := range before {
			if after[table] != n {
				t.Errorf("%s: %d rows, %d before: a refused request stored something", table, after[table], n)
			}
		}

		// Clean text still passes: the same requests without the bad
		// bytes are served.
		apptest.WantStatus(t, e.DoJSON(t, "GET", "/api/v1/people?q=%D0%86%D0%B2%D0%B0%D0%BD", token, nil), http.StatusOK)
		apptest.WantStatus(t, e.DoJSON(t, "POST", "/api/v1/networks", token, `{"code":"clean-check","name":"Forum \\u0000 ∑ ნინო","kind":"forum"}`), http.StatusCreated)
	})
}

// TestUserAgentStoredClean: the user agent is stored with the session;
// one that is not UTF-8, or whose last character the length limit cuts
// in two, is stored cleaned (auth clips it) rather than failing the
// sign-in on PostgreSQL.
func TestUserAgentStoredClean(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		acc := e.AccountFor(t, core.RoleTrainer)
		for _, ua := range []string{"Browser/1.0 \xff\xfe", strings.Repeat("ნ", 150)} {
			c := e.NewClient()
			req := c.NewRequest(t, http.MethodPost, "/login", strings.NewReader(url.Values{"email": {acc.Email}, "password": {apptest.Password}}.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("User-Agent", ua)
			apptest.WantRedirect(t, c.Do(t, req), "/")
		}
	})
}

// TestImportUncleanFileRefused: an imported file holding a NUL byte or
// text that is not UTF-8 is refused by the import (tabular) with a
// client error, and imports nothing.
func TestImportUncleanFileRefused(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		token := e.APIToken(t, e.AccountFor(t, core.RoleCoordinator).Email)
		before := storedRows(t, e)
		for name, file := range map[string]string{
			"NUL":           "code,country,name,type\nxx-nul,RO,Agen\x00cy,police\n",
			"invalid UTF-8": "code,country,name,type\nxx-bad,RO,Agen\xffcy,police\n",
		} {
			t.Run(name, func(t *testing.T) {
				var body bytes.Buffer
				mw := multipart.NewWriter(&body)
				fw, err := mw.CreateFormFile("file", "agencies.csv")
				if err != nil {
					t.Fatal(err)
				}
				fw.Write([]byte(file))
				mw.Close()
				c := e.NewClient()
				req := c.NewRequest(t, http.MethodPost, "/api/v1/agencies/import", &body)
				req.Header.Set("Content-Type", mw.FormDataContentType())
				req.Header.Set("Authorization", "Bearer "+token)
				res := c.Do(t, req)
				if res.StatusCode < 400 || res.StatusCode >= 500 {
					t.Fatalf("status %d, want a client error\n%s", res.StatusCode, apptest.Excerpt(res.Body))
				}
			})
		}
		after := storedRows(t, e)
		if after["agencies"] != before["agencies"] {
			t.Errorf("agencies %d, %d before", after["agencies"], before["agencies"])
		}
	})
}

// FuzzLoginInput: whatever bytes arrive as the e-mail and password of a
// sign-in, by the form or the token endpoint, the answer is never a
// server error, and a failed sign-in stores only clean text. The seeds
// run with every `go test`; `go test -run '^$' -fuzz FuzzLoginInput
// ./internal/web` explores further.
func FuzzLoginInput(f *testing.F) {
	envs := map[string]*apptest.Env{}
	for _, engine := range dbtest.Engines {
		envs[engine] = apptest.New(f, engine)
	}
	for _, seed := range []string{"a\x00@example.org", "\xed\xa0\x80@x.org", `\u0000`, strings.Repeat("é", 300), "ნ\x00ნ"} {
		f.Add(seed, "wrong password!!")
	}
	f.Fuzz(func(t *testing.T, email, password string) {
		for engine, e := range envs {
			form := e.NewClient().Post(t, "/login", url.Values{"email": {email}, "password": {password}})
			// The JSON as sent, byte for byte: an encoder would replace
			// invalid UTF-8.
			body := `{"email":` + rawJSONString(email) + `,"password":` + rawJSONString(password) + `}`
			token := e.DoJSON(t, http.MethodPost, "/api/v1/auth/token", "", body)
			for _, res := range []*apptest.Response{form, token} {
				if res.StatusCode >= 500 {
					t.Fatalf("%s: %s %s answered %d for e-mail %q\n%s", engine, res.Request.Method, res.Request.URL.Path, res.StatusCode, email, apptest.Excerpt(res.Body))
				}
			}
			rows, err := e.DB.Query(context.Background(), `SELECT key FROM login_failures`)
			if err != nil {
				t.Fatalf("%s: %v", engine, err)
			}
			for rows.Next() {
				var key string
				if err := rows.Scan(&key); err != nil {
					t.Fatal(err)
				}
				if !utf8.ValidString(key) || strings.ContainsRune(key, 0) {
					t.Errorf("%s: login_failures stores %q", engine, key)
				}
			}
			if err := rows.Close(); err != nil {
				t.Fatal(err)
			}
		}
	})
}

// rawJSONString quotes s as a JSON string, escaping quotes, backslashes
// and control characters but leaving every other byte as it is.
func rawJSONString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c < 0x20:
			fmt.Fprintf(&b, `\u%04x`, c)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}
