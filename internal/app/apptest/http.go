package apptest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/topcop-platform/topcop/internal/i18n"
	"github.com/topcop-platform/topcop/internal/ui/uitest"
)

// Response is a finished HTTP exchange with its body read.
type Response struct {
	*http.Response
	Body string
}

// Location is the redirect target, relative to the server.
func (r *Response) Location() string { return r.Header.Get("Location") }

// Doc parses the body as HTML.
func (r *Response) Doc(t testing.TB) *goquery.Document {
	t.Helper()
	return uitest.Doc(t, r.Body)
}

// JSON decodes the body into v.
func (r *Response) JSON(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(r.Body), v); err != nil {
		t.Fatalf("decode JSON %q: %v", Excerpt(r.Body), err)
	}
}

// Problem is an RFC 9457 problem as the API writes it.
type Problem struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail"`
	Code   string `json:"code"`
	Errors []struct {
		Field string `json:"field"`
		Code  string `json:"code"`
	} `json:"errors"`
}

// Problem decodes the body as a problem, failing unless its content type
// is application/problem+json.
func (r *Response) Problem(t testing.TB) Problem {
	t.Helper()
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/problem+json") {
		t.Fatalf("Content-Type = %q, want application/problem+json; body %s", ct, Excerpt(r.Body))
	}
	var p Problem
	r.JSON(t, &p)
	return p
}

// HasFieldError reports whether the problem names field with code.
func (p Problem) HasFieldError(field, code string) bool {
	for _, f := range p.Errors {
		if (f.Field == field || strings.HasSuffix(f.Field, "."+field)) && f.Code == code {
			return true
		}
	}
	return false
}

// Client is a browser: a cookie jar, no automatic redirects (tests look
// at each 303), an optional language, and Sec-Fetch-Site on every request
// as browsers send it.
type Client struct {
	Env *Env
	HC  *http.Client
	// Lang, if set, is sent as the language cookie.
	Lang string
	// Site is the Sec-Fetch-Site value sent ("same-origin" by default;
	// "cross-site" makes a forged cross-origin request; "" sends none).
	Site string
}

func noRedirect(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// NewClient returns a fresh browser without cookies.
func (e *Env) NewClient() *Client {
	jar, _ := cookiejar.New(nil)
	return &Client{Env: e, Site: "same-origin", HC: &http.Client{Jar: jar, Timeout: 30 * time.Second, CheckRedirect: noRedirect}}
}

// Do sends req with the client's cookies and headers and reads the answer.
func (c *Client) Do(t testing.TB, req *http.Request) *Response {
	t.Helper()
	if c.Site != "" && req.Header.Get("Sec-Fetch-Site") == "" {
		req.Header.Set("Sec-Fetch-Site", c.Site)
	}
	if c.Lang != "" {
		req.AddCookie(&http.Cookie{Name: i18n.CookieName, Value: c.Lang})
	}
	res, err := c.HC.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("%s %s: read body: %v", req.Method, req.URL.Path, err)
	}
	return &Response{Response: res, Body: string(body)}
}

// NewRequest makes a request of method to path on the client's server,
// failing the test on a malformed path.
func (c *Client) NewRequest(t testing.TB, method, path string, body io.Reader) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, c.Env.URL+path, body)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	return req
}

// Get fetches path; headers are name/value pairs.
func (c *Client) Get(t testing.TB, path string, headers ...string) *Response {
	t.Helper()
	req := c.NewRequest(t, http.MethodGet, path, nil)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return c.Do(t, req)
}

// GetDoc fetches path, requires status want and returns the parsed page.
func (c *Client) GetDoc(t testing.TB, path string, want int) (*Response, *goquery.Document) {
	t.Helper()
	res := c.Get(t, path)
	if res.StatusCode != want {
		t.Fatalf("GET %s: status %d, want %d (Location %q)\n%s", path, res.StatusCode, want, res.Location(), Excerpt(res.Body))
	}
	return res, res.Doc(t)
}

// Post submits an HTML form to path.
func (c *Client) Post(t testing.TB, path string, form url.Values) *Response {
	t.Helper()
	req := c.NewRequest(t, http.MethodPost, path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.Do(t, req)
}

// PostForm is Post with the form as a plain map.
func (c *Client) PostForm(t testing.TB, path string, form map[string][]string) *Response {
	t.Helper()
	return c.Post(t, path, url.Values(form))
}

// Cookie returns the value of the client's cookie name ("" if none).
func (c *Client) Cookie(name string) string {
	u, _ := url.Parse(c.Env.URL)
	for _, ck := range c.HC.Jar.Cookies(u) {
		if ck.Name == name {
			return ck.Value
		}
	}
	return ""
}

// SetCookie puts a cookie into the client's jar (forged cookies).
func (c *Client) SetCookie(name, value string) {
	u, _ := url.Parse(c.Env.URL)
	c.HC.Jar.SetCookies(u, []*http.Cookie{{Name: name, Value: value, Path: "/"}})
}

// Login submits the sign-in form.
func (c *Client) Login(t testing.TB, email, password, next string) *Response {
	t.Helper()
	return c.Post(t, "/login", url.Values{"email": {email}, "password": {password}, "next": {next}})
}

// EnrolOnWeb sets up TOTP through the enrolment page: it reads the secret
// the page shows, confirms it with a code, and remembers it.
func (c *Client) EnrolOnWeb(t testing.TB, email string) string {
	t.Helper()
	_, doc := c.GetDoc(t, "/account/totp", http.StatusOK)
	secret := strings.ReplaceAll(uitest.Text(t, doc, "#totp-secret"), " ", "")
	res := c.Post(t, "/account/totp/confirm", url.Values{"code": {c.Env.CodeFor(t, secret)}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("enrol %s: confirm: status %d\n%s", email, res.StatusCode, Excerpt(res.Body))
	}
	c.Env.SetSecret(email, secret)
	return secret
}

// DoJSON sends an API request: body is JSON-encoded (a string or []byte
// is sent as is; nil sends no body), token goes into Authorization.
func (e *Env) DoJSON(t testing.TB, method, path, token string, body any) *Response {
	t.Helper()
	var r io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		r = strings.NewReader(b)
	case []byte:
		r = bytes.NewReader(b)
	default:
		buf, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		r = bytes.NewReader(buf)
	}
	c := &Client{Env: e, HC: &http.Client{Timeout: 30 * time.Second, CheckRedirect: noRedirect}}
	req := c.NewRequest(t, method, path, r)
	if r != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return c.Do(t, req)
}

// WantStatus fails unless res has status want.
func WantStatus(t testing.TB, res *Response, want int) {
	t.Helper()
	if res.StatusCode != want {
		t.Fatalf("%s %s: status %d, want %d (Location %q)\n%s", res.Request.Method, res.Request.URL.Path,
			res.StatusCode, want, res.Location(), Excerpt(res.Body))
	}
}

// WantRedirect fails unless res is a 303 to a URL starting with prefix.
func WantRedirect(t testing.TB, res *Response, prefix string) {
	t.Helper()
	WantStatus(t, res, http.StatusSeeOther)
	if !strings.HasPrefix(res.Location(), prefix) {
		t.Fatalf("%s %s: redirect to %q, want %q…", res.Request.Method, res.Request.URL.Path, res.Location(), prefix)
	}
}

// WantFieldError fails unless the page marks the input of field invalid
// and links to it from the error summary.
func WantFieldError(t testing.TB, doc *goquery.Document, field string) {
	t.Helper()
	id := "field-" + field
	if doc.Find("#"+id+`[aria-invalid="true"]`).Length() == 0 {
		t.Errorf("input #%s is not marked invalid", id)
	}
	if doc.Find(`.error-summary a[href="#`+id+`"]`).Length() == 0 {
		t.Errorf("the error summary does not link to #%s", id)
	}
}

// Excerpt shortens a body for failure messages.
func Excerpt(s string) string {
	if len(s) > 2000 {
		return s[:2000] + fmt.Sprintf("… (%d bytes)", len(s))
	}
	return s
}
