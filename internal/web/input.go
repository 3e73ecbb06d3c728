package web

import (
	"bytes"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/topcop-platform/topcop/internal/core"
)

// maxCheckedBody is as much of a body as cleanInput reads to check it.
// It is above every limit a handler accepts (huma's 1 MiB for JSON, the
// form kit's 64 KiB), so a body it cannot check whole is one its handler
// refuses as too large, unparsed.
const maxCheckedBody = 1<<20 + 1

// maxURLBytes bounds the path and query of a request (the longest URL
// the platform makes, a filtered list's next page, is well under 1 KiB).
const maxURLBytes = 8 << 10

// cleanInput refuses, before authentication or any handler reads it, a
// request whose URL is longer than maxURLBytes or whose text holds a NUL
// byte or is not valid UTF-8: the decoded path (path parameters), the
// query's keys and values (filters, cursors), a form's fields and a JSON
// body (strings and keys, including the \u0000 escape). PostgreSQL
// stores neither, SQLite stores both, so letting them through gives a
// 500 on one engine and, on the other, a row that cannot be restored
// into PostgreSQL. The API answers a problem of type invalid (400), pages
// the localised error page. Multipart bodies (file imports) are left to
// the readers of their parts: tabular refuses such files.
func (s *Server) cleanInput(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		where, err := checkRequest(r)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if where != "" {
			s.fail(w, r, core.Errorf(core.Invalid, "%s holds a NUL byte or text that is not valid UTF-8", where))
			return
		}
		h.ServeHTTP(w, r)
	})
}

// checkRequest names the part of r that is not clean text ("" if none).
// It reads a checked body and puts it back, so handlers read it as sent.
func checkRequest(r *http.Request) (string, error) {
	if n := len(r.URL.EscapedPath()) + len(r.URL.RawQuery); n > maxURLBytes {
		return "", core.Errorf(core.Invalid, "the address is %d bytes long, more than %d", n, maxURLBytes)
	}
	if !cleanText(r.URL.Path) {
		return "the path", nil
	}
	if r.URL.RawQuery != "" {
		if name, ok := cleanValues(r.URL.RawQuery); !ok {
			return "the query parameter " + quoteName(name), nil
		}
	}
	if r.Body == nil || r.Body == http.NoBody || r.ContentLength == 0 {
		return "", nil
	}
	kind := bodyKind(r)
	if kind == bodyOther {
		return "", nil
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxCheckedBody))
	if err != nil {
		// The client went away or sent a broken body: nothing to serve.
		return "", core.Errorf(core.Invalid, "reading the request body: %v", err)
	}
	if len(body) == maxCheckedBody {
		// Too large to be accepted: the handler refuses it unread.
		r.Body = readCloser{io.MultiReader(bytes.NewReader(body), r.Body), r.Body}
		return "", nil
	}
	r.Body = readCloser{bytes.NewReader(body), r.Body}
	switch kind {
	case bodyForm:
		if name, ok := cleanValues(string(body)); !ok {
			return "the form field " + quoteName(name), nil
		}
	case bodyJSON:
		if !cleanJSON(body) {
			return "the request body", nil
		}
	}
	return "", nil
}

type bodyType int

const (
	bodyOther bodyType = iota
	bodyForm
	bodyJSON
)

// bodyKind tells how to check r's body: forms by their decoded fields,
// JSON (and any API body huma would read as JSON) as JSON text; multipart
// and anything else not at all.
func bodyKind(r *http.Request) bodyType {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch {
	case mt == "application/x-www-form-urlencoded":
		return bodyForm
	case strings.HasPrefix(mt, "multipart/"):
		return bodyOther
	case mt == "application/json" || strings.HasSuffix(mt, "+json"):
		return bodyJSON
	case isAPI(r):
		return bodyJSON
	}
	return bodyOther
}

// cleanText reports whether s is valid UTF-8 without a NUL.
func cleanText(s string) bool {
	return utf8.ValidString(s) && strings.IndexByte(s, 0) < 0
}

// cleanValues checks every key and value of a URL-encoded query or form;
// on failure it returns the (cleaned) name of the first bad one. Pairs
// that do not decode are left to the handler's own parsing.
func cleanValues(raw string) (string, bool) {
	for raw != "" {
		var pair string
		pair, raw, _ = strings.Cut(raw, "&")
		k, v, _ := strings.Cut(pair, "=")
		key, err := url.QueryUnescape(k)
		if err != nil {
			continue
		}
		if !cleanText(key) {
			return key, false
		}
		if val, err := url.QueryUnescape(v); err == nil && !cleanText(val) {
			return key, false
		}
	}
	return "", true
}

// cleanJSON reports whether body is valid UTF-8 with neither a raw NUL
// nor a \u0000 escape (which decodes to NUL) in any string. It does not
// check that body is JSON: the handler's decoder does.
func cleanJSON(body []byte) bool {
	if !utf8.Valid(body) || bytes.IndexByte(body, 0) >= 0 {
		return false
	}
	for i := 0; i < len(body); i++ {
		if body[i] != '\\' {
			continue
		}
		// An escape: \u0000 is a NUL; any other escaped character
		// (including a backslash) is skipped so that \\u0000 is text.
		if i+5 < len(body) && body[i+1] == 'u' && string(body[i+2:i+6]) == "0000" {
			return false
		}
		i++
	}
	return true
}

// quoteName shows a parameter name in an error, safely.
func quoteName(name string) string {
	name = strings.ToValidUTF8(strings.ReplaceAll(name, "\x00", "\uFFFD"), "\uFFFD")
	if len(name) > 40 {
		name = name[:40]
		name = strings.ToValidUTF8(name, "")
	}
	return `"` + name + `"`
}

// readCloser is a checked body: read from the buffer, closed as sent.
type readCloser struct {
	io.Reader
	io.Closer
}
