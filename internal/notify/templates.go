package notify

import (
	"fmt"
	"html"
	"sort"
	"strings"

	"github.com/topcop-platform/topcop/internal/i18n"
)

// Content is a rendered mail: its subject, a plain-text body and,
// optionally, an HTML body (empty: made from the text).
type Content struct {
	Subject string
	Text    string
	HTML    string
}

// Template renders one kind of mail in the language of l, from the Data
// of the Mail. It must be safe for concurrent use and must not touch the
// database (it runs inside the sender's transaction). Values that reach
// HTML must be escaped by the template (html/template does it).
type Template func(l *i18n.Localizer, data any) (Content, error)

// MessageTemplate is the simplest Template: the subject is the catalogue
// message key+".subject" and the body key+".body", both filled with data,
// a map[string]any whose keys name the messages' placeholders ({{.Name}})
// or nil. The HTML body is made from the text. A capability declares
// the two messages in its locales in all seven languages:
//
//	training.mail.accepted.subject = "You are selected for {{.Activity}}"
//	training.mail.accepted.body = "Dear {{.Name}},\n\nyou are selected …"
func MessageTemplate(key string) Template {
	return func(l *i18n.Localizer, data any) (Content, error) {
		var args []any
		switch d := data.(type) {
		case nil:
		case map[string]any:
			keys := make([]string, 0, len(d))
			for k := range d {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				args = append(args, k, d[k])
			}
		case map[string]string:
			keys := make([]string, 0, len(d))
			for k := range d {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				args = append(args, k, d[k])
			}
		default:
			return Content{}, fmt.Errorf("notify: message template %s: data is %T, want map[string]any", key, data)
		}
		if !l.Has(key+".subject") || !l.Has(key+".body") {
			return Content{}, fmt.Errorf("notify: message template %s: the catalogue lacks %[1]s.subject or %[1]s.body", key)
		}
		return Content{Subject: l.T(key+".subject", args...), Text: l.T(key+".body", args...)}, nil
	}
}

// withFooter adds to c what every mail of the platform ends with: the
// link to the page it is about, and that it was sent automatically. It
// makes the HTML body from the text when the template gave none.
func withFooter(c Content, l *i18n.Localizer, link string) Content {
	text := strings.TrimRight(strings.ReplaceAll(c.Text, "\r\n", "\n"), "\n ")
	var foot []string
	if link != "" {
		foot = append(foot, l.T("notify.mail.open", "URL", link))
	}
	foot = append(foot, l.T("notify.mail.automatic"))
	c.Text = text + "\n\n-- \n" + strings.Join(foot, "\n") + "\n"

	body := c.HTML
	if body == "" {
		body = textToHTML(text)
	}
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html lang=\"")
	b.WriteString(html.EscapeString(l.Lang()))
	b.WriteString("\"><head><meta charset=\"utf-8\"><title>")
	b.WriteString(html.EscapeString(c.Subject))
	b.WriteString("</title></head><body>\n")
	b.WriteString(body)
	b.WriteString("\n<hr>\n")
	if link != "" {
		b.WriteString("<p><a href=\"")
		b.WriteString(html.EscapeString(link))
		b.WriteString("\">")
		b.WriteString(html.EscapeString(l.T("notify.mail.open_label")))
		b.WriteString("</a></p>\n")
	}
	b.WriteString("<p><small>")
	b.WriteString(html.EscapeString(l.T("notify.mail.automatic")))
	b.WriteString("</small></p>\n</body></html>\n")
	c.HTML = b.String()
	return c
}

// textToHTML escapes text and keeps its paragraphs (blank lines) and
// line breaks.
func textToHTML(text string) string {
	var b strings.Builder
	for i, para := range strings.Split(text, "\n\n") {
		para = strings.Trim(para, "\n")
		if para == "" {
			continue
		}
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString("<p>")
		b.WriteString(strings.ReplaceAll(html.EscapeString(para), "\n", "<br>\n"))
		b.WriteString("</p>")
	}
	return b.String()
}
